/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Verifies detached CAdES signatures of PDF documents given the digest of
 * their byte ranges. */
#pragma once

#include <gio/gio.h>
#include <gnutls/crypto.h>

#include "mc-signature-report.h"
#include "mc-trust-store.h"
#include "mc-validation-data.h"

G_BEGIN_DECLS

/**
 * MC_VERIFIER_NETWORK_TIMEOUT:
 *
 * Seconds all revocation servers together get for one signature.
 */
#define MC_VERIFIER_NETWORK_TIMEOUT 10

#define MC_TYPE_VERIFIER (mc_verifier_get_type ())
G_DECLARE_FINAL_TYPE (McVerifier, mc_verifier, MC, VERIFIER, GObject)

McVerifier        *mc_verifier_new               (McTrustStore         *trust);
McTrustStore      *mc_verifier_get_trust_store   (McVerifier           *self);
gboolean           mc_verifier_get_allow_network (McVerifier           *self);
void               mc_verifier_set_allow_network (McVerifier           *self,
                                                  gboolean              allow_network);
guint              mc_verifier_get_network_timeout (McVerifier         *self);
void               mc_verifier_set_network_timeout (McVerifier         *self,
                                                    guint               seconds);
gboolean           mc_verifier_judge_digest        (McSignatureReport  *report,
                                                    gnutls_digest_algorithm_t digest,
                                                    const char         *what,
                                                    McCheckResult      *check);
McSignatureReport *mc_verifier_verify_sync       (McVerifier           *self,
                                                  GBytes               *cms,
                                                  const guint8         *digest,
                                                  gsize                 digest_len,
                                                  McValidationData     *dss,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
void               mc_verifier_verify_async      (McVerifier           *self,
                                                  GBytes               *cms,
                                                  const guint8         *digest,
                                                  gsize                 digest_len,
                                                  McValidationData     *dss,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
McSignatureReport *mc_verifier_verify_finish     (McVerifier           *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

G_END_DECLS
