/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Makes a CA and end-entity certificates with GnuTLS for the unit tests,
 * so no key or certificate is committed and none depends on a peer. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <string.h>
#include <time.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "mc-certificate-private.h"
#include "mc-test-certs.h"

static gnutls_x509_privkey_t
make_key (McTestKeyType type)
{
  gnutls_x509_privkey_t key;

  g_assert_cmpint (gnutls_x509_privkey_init (&key), ==, 0);
  if (type == MC_TEST_KEY_RSA)
    g_assert_cmpint (gnutls_x509_privkey_generate (key, GNUTLS_PK_RSA, 2048, 0), ==, 0);
  else
    g_assert_cmpint (gnutls_x509_privkey_generate (key, GNUTLS_PK_ECDSA,
                                                   GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1), 0), ==, 0);
  return key;
}

static McTestIdentity *
make_identity (gnutls_x509_privkey_t  key,
               gnutls_x509_crt_t      crt)
{
  McTestIdentity *identity = g_new0 (McTestIdentity, 1);
  gnutls_datum_t der = { NULL, 0 };
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_DER, &der), ==, 0);
  bytes = g_bytes_new (der.data, der.size);
  gnutls_free (der.data);
  identity->cert = mc_certificate_new_from_der (bytes, &error);
  g_assert_no_error (error);

  g_assert_cmpint (gnutls_privkey_init (&identity->key), ==, 0);
  g_assert_cmpint (gnutls_privkey_import_x509 (identity->key, key, GNUTLS_PRIVKEY_IMPORT_AUTO_RELEASE), ==, 0);
  gnutls_x509_crt_deinit (crt);
  return identity;
}

static gnutls_x509_crt_t
new_crt (gnutls_x509_privkey_t  key,
         const char            *cn,
         const char            *org,
         unsigned int           serial)
{
  gnutls_x509_crt_t crt;
  guint8 serial_bytes[2] = { (guint8) (serial >> 8), (guint8) serial };
  guint8 key_id[64];
  size_t key_id_size = sizeof key_id;
  time_t now = time (NULL);

  g_assert_cmpint (gnutls_x509_crt_init (&crt), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_version (crt, 3), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_serial (crt, serial_bytes, sizeof serial_bytes), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_activation_time (crt, now - 3600), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_expiration_time (crt, now + 365 * 24 * 3600), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_COUNTRY_NAME, 0, "VN", 2), ==, 0);
  if (org != NULL)
    g_assert_cmpint (gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_ORGANIZATION_NAME, 0,
                                                    org, strlen (org)), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, 0, cn, strlen (cn)), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_key (crt, key), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_get_key_id (crt, 0, key_id, &key_id_size), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_subject_key_id (crt, key_id, key_id_size), ==, 0);
  return crt;
}

/* A self-signed root CA. */
McTestIdentity *
mc_test_identity_new_ca (const char    *cn,
                         McTestKeyType  type)
{
  gnutls_x509_privkey_t key = make_key (type);
  gnutls_x509_crt_t crt = new_crt (key, cn, "Một Cửa Desk thử nghiệm", 1);

  g_assert_cmpint (gnutls_x509_crt_set_basic_constraints (crt, 1, -1), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_key_usage (crt, GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_sign2 (crt, crt, key, GNUTLS_DIG_SHA256, 0), ==, 0);
  return make_identity (key, crt);
}

/* An end entity issued by @issuer; @key_usage 0 leaves the extension out. */
McTestIdentity *
mc_test_identity_new_leaf (McTestIdentity *issuer,
                           const char     *cn,
                           const char     *org,
                           McTestKeyType   type,
                           unsigned int    key_usage,
                           unsigned int    serial)
{
  gnutls_x509_privkey_t key = make_key (type);
  gnutls_x509_crt_t crt = new_crt (key, cn, org, serial);
  gnutls_x509_crt_t issuer_crt = mc_certificate_get_crt (issuer->cert);
  guint8 key_id[64];
  size_t key_id_size = sizeof key_id;

  g_assert_cmpint (gnutls_x509_crt_set_basic_constraints (crt, 0, -1), ==, 0);
  if (key_usage != 0)
    g_assert_cmpint (gnutls_x509_crt_set_key_usage (crt, key_usage), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_get_subject_key_id (issuer_crt, key_id, &key_id_size, NULL), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_authority_key_id (crt, key_id, key_id_size), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_privkey_sign (crt, issuer_crt, issuer->key, GNUTLS_DIG_SHA256, 0), ==, 0);
  return make_identity (key, crt);
}

void
mc_test_identity_free (McTestIdentity *identity)
{
  if (identity == NULL)
    return;
  gnutls_privkey_deinit (identity->key);
  g_clear_object (&identity->cert);
  g_free (identity);
}

/* A CRL of @ca listing @revoked (or nothing), DER. */
GBytes *
mc_test_make_crl (McTestIdentity *ca,
                  McCertificate  *revoked)
{
  gnutls_x509_crl_t crl;
  gnutls_datum_t der = { NULL, 0 };
  time_t now = time (NULL);
  GBytes *bytes;

  g_assert_cmpint (gnutls_x509_crl_init (&crl), ==, 0);
  g_assert_cmpint (gnutls_x509_crl_set_version (crl, 2), ==, 0);
  g_assert_cmpint (gnutls_x509_crl_set_this_update (crl, now - 60), ==, 0);
  g_assert_cmpint (gnutls_x509_crl_set_next_update (crl, now + 24 * 3600), ==, 0);
  if (revoked != NULL)
    g_assert_cmpint (gnutls_x509_crl_set_crt (crl, mc_certificate_get_crt (revoked), now - 30), ==, 0);
  g_assert_cmpint (gnutls_x509_crl_privkey_sign (crl, mc_certificate_get_crt (ca->cert), ca->key,
                                                 GNUTLS_DIG_SHA256, 0), ==, 0);
  g_assert_cmpint (gnutls_x509_crl_export2 (crl, GNUTLS_X509_FMT_DER, &der), ==, 0);
  bytes = g_bytes_new (der.data, der.size);
  gnutls_free (der.data);
  gnutls_x509_crl_deinit (crl);
  return bytes;
}
