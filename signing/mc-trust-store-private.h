/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Chain verification against a trust store, for the verifier and the
 * revocation checker. */
#pragma once

#include <gnutls/x509.h>

#include "mc-trust-store.h"

G_BEGIN_DECLS

gboolean mc_trust_store_verify_chain (McTrustStore  *self,
                                      GPtrArray     *chain,
                                      const char    *purpose_oid,
                                      GDateTime     *when,
                                      char         **out_problem);

G_END_DECLS
