/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the PAdES signer, the batch and the PDF verification share: one
 * pass over a signed file that hashes its byte ranges (and the whole
 * file), the document security store read back as validation data, the
 * policy on what later revisions may change, and the check of a signer's
 * earlier output a resumed batch relies on. */
#pragma once

#include <gnutls/crypto.h>

#include "mc-pades-signer.h"
#include "mc-pdf-document.h"
#include "mc-pdf-inspect.h"
#include "mc-pdf-signer.h"

G_BEGIN_DECLS

gboolean          mc_pades_hash_file         (const char                 *path,
                                              const gint64                byte_range[4],
                                              gnutls_digest_algorithm_t   algorithm,
                                              guint8                     *range_digest,
                                              guint8                     *file_sha256,
                                              GCancellable               *cancellable,
                                              GError                    **error);
GBytes           *mc_pades_ber_to_der        (const guint8               *data,
                                              gsize                       len,
                                              GError                    **error);
char             *mc_pades_hex               (const guint8               *data,
                                              gsize                       len);

McValidationData *mc_pades_read_dss          (McPdfDocument              *doc,
                                              GHashTable                **vri_keys,
                                              GError                    **error);

gboolean          mc_pades_judge_changes     (McPdfDocument              *doc,
                                              GPtrArray                  *revisions,
                                              int                         signed_revision,
                                              gboolean                   *changed_after,
                                              char                      **description,
                                              GError                    **error);

McPdfDss         *mc_pades_collect_dss       (McPadesSigner              *self,
                                              GBytes                     *cms,
                                              gsize                       capacity,
                                              const McSignRequest        *request,
                                              char                      **warning,
                                              GCancellable               *cancellable,
                                              GError                    **error);
McTrustStore     *mc_pades_signer_get_trust_store (McPadesSigner     *self);
McSignResult     *mc_pades_signer_find_done  (McPadesSigner              *self,
                                              const char                 *input,
                                              const char                 *output,
                                              GCancellable               *cancellable);

G_END_DECLS
