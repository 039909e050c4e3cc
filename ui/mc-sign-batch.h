/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Signs the pending documents of a list with one session and records each
 * in its dossier as soon as it is signed. */
#pragma once

#include "mc-sign-job.h"
#include "store/mc-desk-results.h"

G_BEGIN_DECLS

#define MC_TYPE_SIGN_BATCH (mc_sign_batch_get_type ())
G_DECLARE_FINAL_TYPE (McSignBatch, mc_sign_batch, MC, SIGN_BATCH, GObject)

McSignBatch  *mc_sign_batch_new          (McDesk            *desk,
                                          GListModel        *items);
gboolean      mc_sign_batch_start        (McSignBatch       *self,
                                          McSigningSession  *session,
                                          McSignRequest     *request,
                                          McSignatureKind    kind);
void          mc_sign_batch_cancel       (McSignBatch       *self);
gboolean      mc_sign_batch_get_busy     (McSignBatch       *self);
const GError *mc_sign_batch_get_error    (McSignBatch       *self);
const char   *mc_sign_batch_get_signer   (McSignBatch       *self);
guint         mc_sign_batch_get_size     (McSignBatch       *self);

G_END_DECLS
