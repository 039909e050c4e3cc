/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one place the UI calls the PAdES signer (signing/mc-pades-signer.h):
 * signing a batch of documents with an open session, and checking the
 * signatures of a PDF. The dialogs only use these functions and the
 * signer's plain structs, so the signer can be swapped in one file. */
#pragma once

#include <gio/gio.h>

#include "mc-pades-signer.h"

G_BEGIN_DECLS

typedef void (*McSignJobProgress) (guint         done,
                                   guint         total,
                                   McBatchItem  *item,
                                   gpointer      user_data);

McSignRequest *mc_sign_job_request_new   (void);
void           mc_sign_job_request_free  (McSignRequest        *request);
McBatchItem   *mc_sign_job_item_new      (const char           *input,
                                          const char           *output);
void           mc_sign_job_item_free     (McBatchItem          *item);

void           mc_sign_job_run_async     (McSigningSession     *session,
                                          GPtrArray            *items,
                                          const McSignRequest  *request,
                                          McSignJobProgress     progress,
                                          gpointer              progress_data,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean       mc_sign_job_run_finish    (GAsyncResult         *result,
                                          GError              **error);

void           mc_sign_job_verify_async  (const char           *path,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
McTrustStore  *mc_sign_job_verify_get_trust_store (GAsyncResult *result);
GPtrArray     *mc_sign_job_verify_finish (GAsyncResult         *result,
                                          GError              **error);

G_END_DECLS
