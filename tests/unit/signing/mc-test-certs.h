/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Software keys and certificates made with GnuTLS at test time, for the
 * unit tests that need a signer but no token. */
#pragma once

#include <gnutls/abstract.h>

#include "mc-certificate.h"

G_BEGIN_DECLS

typedef struct {
  gnutls_privkey_t key;
  McCertificate *cert;
} McTestIdentity;

typedef enum {
  MC_TEST_KEY_RSA,
  MC_TEST_KEY_EC,
} McTestKeyType;

McTestIdentity *mc_test_identity_new_ca   (const char      *cn,
                                           McTestKeyType    type);
McTestIdentity *mc_test_identity_new_leaf (McTestIdentity  *issuer,
                                           const char      *cn,
                                           const char      *org,
                                           McTestKeyType    type,
                                           unsigned int     key_usage,
                                           unsigned int     serial);
void            mc_test_identity_free     (McTestIdentity  *identity);
GBytes         *mc_test_make_crl          (McTestIdentity  *ca,
                                           McCertificate   *revoked);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McTestIdentity, mc_test_identity_free)

G_END_DECLS
