/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Revocation checking (OCSP, CRL) of certificate chains, and collecting
 * the validation data a PAdES B-LT document keeps in its document
 * security store. */
#pragma once

#include <gio/gio.h>

#include "mc-certificate.h"
#include "mc-revocation-result.h"
#include "mc-trust-store.h"
#include "mc-validation-data.h"

G_BEGIN_DECLS

/**
 * MC_REVOCATION_MAX_AGE_SECONDS:
 *
 * How long an OCSP answer or CRL that names no next update stays usable
 * after it was issued: 7 days. Answers that name a next update are
 * usable until then, and no longer.
 */
#define MC_REVOCATION_MAX_AGE_SECONDS (7 * 24 * 3600)

/**
 * McRevocationFlags:
 * @MC_REVOCATION_FLAGS_NONE: ask OCSP and CRLs; any failure is an error
 * @MC_REVOCATION_FLAGS_NO_OCSP: do not ask OCSP responders
 * @MC_REVOCATION_FLAGS_NO_CRL: do not fetch CRLs
 * @MC_REVOCATION_FLAGS_BEST_EFFORT: keep going past failing servers and
 *   report them as warnings
 *
 * Options of mc_revocation_collect_sync().
 */
typedef enum {
  MC_REVOCATION_FLAGS_NONE = 0,
  MC_REVOCATION_FLAGS_NO_OCSP = 1 << 0,
  MC_REVOCATION_FLAGS_NO_CRL = 1 << 1,
  MC_REVOCATION_FLAGS_BEST_EFFORT = 1 << 2,
} McRevocationFlags;

McValidationData   *mc_revocation_collect_sync   (GPtrArray            *chain,
                                                  McTrustStore         *trust,
                                                  McRevocationFlags     flags,
                                                  const char           *ocsp_url,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
void                mc_revocation_collect_async  (GPtrArray            *chain,
                                                  McTrustStore         *trust,
                                                  McRevocationFlags     flags,
                                                  const char           *ocsp_url,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
McValidationData   *mc_revocation_collect_finish (GAsyncResult         *result,
                                                  GError              **error);
McRevocationResult *mc_revocation_check_sync     (McCertificate        *certificate,
                                                  McCertificate        *issuer,
                                                  McValidationData     *data,
                                                  gboolean              allow_network,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
McRevocationResult *mc_revocation_check_at_sync  (McCertificate        *certificate,
                                                  McCertificate        *issuer,
                                                  McValidationData     *data,
                                                  gboolean              allow_network,
                                                  GDateTime            *not_before,
                                                  gint64                deadline,
                                                  GCancellable         *cancellable,
                                                  GError              **error);

G_END_DECLS
