/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Constructors and setters the revocation checker uses on its result
 * types. */
#pragma once

#include <gio/gio.h>

#include "mc-revocation-result.h"
#include "mc-validation-data.h"

G_BEGIN_DECLS

McRevocationResult *mc_revocation_result_new       (McCertificate       *certificate,
                                                    McRevocationStatus   status,
                                                    McRevocationSource   source,
                                                    GDateTime           *revocation_time,
                                                    GDateTime           *this_update,
                                                    GDateTime           *next_update,
                                                    const char          *url,
                                                    const char          *message,
                                                    gboolean             fetched);
void                mc_validation_data_add_result  (McValidationData    *self,
                                                    McRevocationResult  *result);
void                mc_validation_data_add_warning (McValidationData    *self,
                                                    const char          *warning);

/* Shared by the checker (mc-revocation.c) and the collector
 * (mc-revocation-collect.c). */
typedef McRevocationResult *(*McRevocationFetchFunc) (const char     *url,
                                                      McCertificate  *cert,
                                                      McCertificate  *issuer,
                                                      GBytes        **out_der,
                                                      gint64          deadline,
                                                      GCancellable   *cancellable,
                                                      GError        **error);

const char         *mc_revocation_display_name   (McCertificate       *cert);
GPtrArray          *mc_revocation_ocsp_urls      (McCertificate       *cert);
GPtrArray          *mc_revocation_crl_urls       (McCertificate       *cert);
McRevocationResult *mc_revocation_ocsp_fetch     (const char          *url,
                                                  McCertificate       *cert,
                                                  McCertificate       *issuer,
                                                  GBytes             **out_response,
                                                  gint64               deadline,
                                                  GCancellable        *cancellable,
                                                  GError             **error);
McRevocationResult *mc_revocation_crl_fetch      (const char          *url,
                                                  McCertificate       *cert,
                                                  McCertificate       *issuer,
                                                  GBytes             **out_crl,
                                                  gint64               deadline,
                                                  GCancellable        *cancellable,
                                                  GError             **error);
McRevocationResult *mc_revocation_unknown_result (McCertificate       *cert,
                                                  const char          *message);
void                mc_revocation_keep_best      (McRevocationResult **best,
                                                  McRevocationResult  *candidate);
gboolean            mc_revocation_is_cancelled   (GError              *error);

G_END_DECLS
