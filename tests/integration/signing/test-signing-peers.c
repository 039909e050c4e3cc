/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Integration tests of libmotcua-signing with real peers: SoftHSM2 tokens
 * as p11-kit registers them (/usr/share/p11-kit/modules/softhsm2.module),
 * the openssl TSA and OCSP responder behind tests/pki/peers.py, CRLs over
 * loopback HTTP, and openssl as the independent judge of the CMS and
 * time-stamp tokens we make. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <string.h>
#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>
#include <p11-kit/p11-kit.h>
#include <p11-kit/uri.h>

#include "mc-cms.h"
#include "mc-pkcs11.h"
#include "mc-revocation.h"
#include "mc-signing-session.h"
#include "mc-test-pki.h"
#include "mc-tsa.h"
#include "mc-verifier.h"

static McTestPki *pki;

static const char *
env (const char *key)
{
  return mc_test_pki_get (pki, key);
}

static McToken *
find_token (const char *label)
{
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GError) error = NULL;

  tokens = mc_pkcs11_list_tokens_sync (NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < tokens->len; i++)
    if (g_strcmp0 (mc_token_get_label (g_ptr_array_index (tokens, i)), label) == 0)
      return g_object_ref (g_ptr_array_index (tokens, i));
  g_error ("token %s not found", label);
}

static McSigningIdentity *
find_identity (const char *token_label,
               const char *cn)
{
  g_autoptr(McToken) token = find_token (token_label);
  g_autoptr(GPtrArray) identities = NULL;
  g_autoptr(GError) error = NULL;

  identities = mc_pkcs11_list_identities_sync (token, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < identities->len; i++)
    {
      McSigningIdentity *identity = g_ptr_array_index (identities, i);

      if (g_strcmp0 (mc_certificate_get_subject_cn (mc_signing_identity_get_certificate (identity)), cn) == 0)
        return g_object_ref (identity);
    }
  g_error ("identity %s not found", cn);
}

static McSigningSession *
open_session (McSigningIdentity *identity)
{
  g_autoptr(GError) error = NULL;
  McSigningSession *session;

  session = mc_signing_session_open_sync (identity, env ("MC_PKI_PIN"), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (mc_signing_session_is_open (session));
  return session;
}

/* A document of random bytes and the SHA-256 the PDF code would pass. */
static char *
make_document (const char *name,
               guint8      digest[32])
{
  char *path = mc_test_pki_path (pki, name);
  g_autoptr(GBytes) bytes = NULL;
  guint8 *data = g_malloc (20000 + g_random_int_range (0, 5000));
  gsize len = 20000;

  for (gsize i = 0; i < len; i++)
    data[i] = g_random_int_range (0, 256);
  gnutls_hash_fast (GNUTLS_DIG_SHA256, data, len, digest);
  bytes = g_bytes_new_take (data, len);
  mc_test_write_file (path, bytes);
  return path;
}

static void
assert_openssl_verifies (GBytes     *cms,
                         const char *document)
{
  g_autofree char *sig = mc_test_pki_path (pki, "check.der");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;
  const char *argv[] = { "openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", sig,
                         "-content", document, "-CAfile", env ("MC_PKI_ROOT"), "-out", "/dev/null", NULL };

  mc_test_write_file (sig, cms);
  out = mc_test_run (argv, &status, &err);
  if (status != 0)
    g_error ("openssl cms -verify failed: %s", err);
  g_assert_nonnull (strstr (err, "Verification successful"));
}

static char *
openssl_print (GBytes *cms)
{
  g_autofree char *sig = mc_test_pki_path (pki, "print.der");
  int status;
  const char *argv[] = { "openssl", "cms", "-cmsout", "-print", "-inform", "DER", "-in", sig, NULL };
  char *out;

  mc_test_write_file (sig, cms);
  out = mc_test_run (argv, &status, NULL);
  g_assert_cmpint (status, ==, 0);
  return out;
}

static void
test_tokens (void)
{
  g_autoptr(McToken) token = find_token (env ("MC_PKI_TOKEN_LABEL"));
  g_autoptr(McToken) second = find_token (env ("MC_PKI_TOKEN2_LABEL"));
  g_autoptr(McToken) again = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  g_auto(GStrv) descriptions = NULL;

  g_assert_true (mc_pkcs11_list_modules_sync (&names, &descriptions, &error));
  g_assert_no_error (error);
  g_assert_true (g_strv_contains ((const char * const *) names, "softhsm2"));
  g_assert_cmpuint (g_strv_length (names), ==, g_strv_length (descriptions));
  for (guint i = 0; names[i] != NULL; i++)
    if (g_strcmp0 (names[i], "softhsm2") == 0)
      g_assert_cmpstr (descriptions[i], ==, "Implementation of PKCS11");

  /* Seen through p11-kit's registry, where Debian's softhsm2 puts it. */
  g_assert_cmpstr (mc_token_get_module_name (token), ==, "softhsm2");
  g_assert_cmpstr (mc_token_get_manufacturer (token), ==, "SoftHSM project");
  g_assert_true (mc_token_get_login_required (token));
  g_assert_true (mc_token_is_removable (token));
  g_assert_cmpint (mc_token_get_pin_flags (token), ==, MC_PIN_FLAGS_NONE);
  g_assert_false (mc_token_is_same (token, second));

  again = mc_pkcs11_find_token_sync (mc_token_get_uri (token), &error);
  g_assert_no_error (error);
  g_assert_true (mc_token_is_same (token, again));
}

static void
test_identities (void)
{
  g_autoptr(McToken) token = find_token (env ("MC_PKI_TOKEN_LABEL"));
  g_autoptr(GPtrArray) identities = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *serial_out = NULL;
  gboolean rsa = FALSE, ec = FALSE, revoked = FALSE;
  int status;
  const char *argv[] = { "openssl", "x509", "-noout", "-serial", "-in", env ("MC_PKI_SIGNER_RSA"), NULL };

  identities = mc_pkcs11_list_identities_sync (token, NULL, &error);
  g_assert_no_error (error);
  /* The encryption-only certificate, the CA certificate and the TSA
   * certificate without a key are not offered. */
  g_assert_cmpuint (identities->len, ==, 3);
  serial_out = mc_test_run (argv, &status, NULL);

  for (guint i = 0; i < identities->len; i++)
    {
      McSigningIdentity *identity = g_ptr_array_index (identities, i);
      McCertificate *cert = mc_signing_identity_get_certificate (identity);
      const char *cn = mc_certificate_get_subject_cn (cert);

      g_assert_cmpstr (mc_certificate_get_subject_org (cert), ==, "UBND xã Định Hiệp");
      g_assert_cmpstr (mc_certificate_get_issuer_cn (cert), ==, "Test Signing CA Một Cửa");
      g_assert_true (mc_certificate_is_valid_at (cert, NULL));
      g_assert_true (g_str_has_prefix (mc_signing_identity_get_certificate_uri (identity), "pkcs11:"));
      g_assert_nonnull (strstr (mc_signing_identity_get_certificate_uri (identity), "type=cert"));
      g_assert_nonnull (strstr (mc_signing_identity_get_key_uri (identity), "type=private"));
      g_assert_cmpuint (mc_signing_identity_get_chain (identity)->len, ==, 1);
      g_assert_cmpstr (mc_certificate_get_subject_cn (g_ptr_array_index (mc_signing_identity_get_chain (identity), 0)),
                       ==, "Test Signing CA Một Cửa");
      if (g_strcmp0 (cn, "Nguyễn Văn An") == 0)
        {
          g_autofree char *expected = g_strdup_printf ("serial=%s\n", mc_certificate_get_serial_hex (cert));

          rsa = TRUE;
          g_assert_cmpint (mc_certificate_get_key_algorithm (cert), ==, MC_KEY_ALGORITHM_RSA);
          g_assert_cmpuint (mc_certificate_get_key_bits (cert), ==, 2048);
          g_assert_cmpstr (serial_out, ==, expected);
        }
      else if (g_strcmp0 (cn, "Trần Thị Bình") == 0)
        {
          ec = TRUE;
          g_assert_cmpint (mc_certificate_get_key_algorithm (cert), ==, MC_KEY_ALGORITHM_EC);
          g_assert_cmpuint (mc_certificate_get_key_bits (cert), ==, 256);
        }
      else if (g_strcmp0 (cn, "Lê Văn Cường") == 0)
        revoked = TRUE;
    }
  g_assert_true (rsa && ec && revoked);

  /* Across all tokens: the EC identity is on both. */
  all = mc_pkcs11_list_identities_sync (NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 4);
}

static void
test_wrong_pin (void)
{
  g_autoptr(McSigningIdentity) identity = find_identity (env ("MC_PKI_TOKEN2_LABEL"), "Trần Thị Bình");
  g_autoptr(McSigningSession) session = NULL;
  g_autoptr(McToken) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  session = mc_signing_session_open_sync (identity, "000000", NULL, &error);
  g_assert_null (session);
  g_assert_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PIN_INCORRECT);
  /* SoftHSM raises CKF_USER_PIN_COUNT_LOW after a wrong PIN. */
  g_assert_nonnull (strstr (error->message, "few tries"));
  g_clear_error (&error);

  after = mc_pkcs11_find_token_sync (mc_token_get_uri (mc_signing_identity_get_token (identity)), &error);
  g_assert_no_error (error);
  g_assert_cmpint (mc_token_get_pin_flags (after) & MC_PIN_FLAGS_COUNT_LOW, ==, MC_PIN_FLAGS_COUNT_LOW);
  message = mc_token_get_pin_message (after);
  g_assert_nonnull (message);
  g_clear_object (&after);

  session = mc_signing_session_open_sync (identity, NULL, NULL, &error);
  g_assert_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PIN_INCORRECT);
  g_assert_nonnull (strstr (error->message, "Type the PIN"));
  g_clear_error (&error);

  session = open_session (identity);
  mc_signing_session_close (session);
  after = mc_pkcs11_find_token_sync (mc_token_get_uri (mc_signing_identity_get_token (identity)), &error);
  g_assert_no_error (error);
  g_assert_cmpint (mc_token_get_pin_flags (after), ==, MC_PIN_FLAGS_NONE);
}

static McCertificate *load_cert (const char *key);

static void
test_bad_identity (void)
{
  g_autoptr(McToken) token = find_token (env ("MC_PKI_TOKEN_LABEL"));
  g_autoptr(McCertificate) rsa = load_cert ("MC_PKI_SIGNER_RSA");
  g_autoptr(McCertificate) enc = load_cert ("MC_PKI_SIGNER_ENC");
  g_autofree char *cert_uri = g_strdup_printf ("%s;id=%%42;type=cert", mc_token_get_uri (token));
  g_autofree char *key_uri = g_strdup_printf ("%s;id=%%42;type=private", mc_token_get_uri (token));
  g_autoptr(McSigningIdentity) no_key = mc_signing_identity_new (token, rsa, cert_uri, key_uri, NULL, NULL);
  g_autoptr(McSigningIdentity) no_sign = mc_signing_identity_new (token, enc, cert_uri, key_uri, NULL, NULL);
  g_autoptr(McSigningIdentity) good = NULL;
  g_autoptr(McSigningSession) session = NULL;
  g_autoptr(GError) error = NULL;

  /* Logged in, but nothing with that CKA_ID. */
  session = mc_signing_session_open_sync (no_key, env ("MC_PKI_PIN"), NULL, &error);
  g_assert_null (session);
  g_assert_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_KEY_NOT_FOUND);
  g_clear_error (&error);

  /* An encryption-only certificate never reaches the token. */
  session = mc_signing_session_open_sync (no_sign, env ("MC_PKI_PIN"), NULL, &error);
  g_assert_null (session);
  g_assert_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CERTIFICATE);
  g_clear_error (&error);

  /* Neither left the token claimed. */
  good = find_identity (env ("MC_PKI_TOKEN_LABEL"), "Nguyễn Văn An");
  session = open_session (good);
  g_assert_nonnull (session);
}

/* The state of a fresh PKCS#11 session on the token: whether this
 * process is logged in. */
static CK_STATE
token_session_state (McToken *token)
{
  CK_FUNCTION_LIST **modules = p11_kit_modules_load_and_initialize (0);
  P11KitUri *uri = p11_kit_uri_new ();
  CK_STATE state = (CK_STATE) -1;

  g_assert_nonnull (modules);
  g_assert_cmpint (p11_kit_uri_parse (mc_token_get_uri (token), P11_KIT_URI_FOR_TOKEN, uri), ==, P11_KIT_URI_OK);
  for (guint i = 0; modules[i] != NULL; i++)
    {
      CK_SLOT_ID slots[16];
      CK_ULONG n = G_N_ELEMENTS (slots);

      if (modules[i]->C_GetSlotList (CK_TRUE, slots, &n) != CKR_OK)
        continue;
      for (CK_ULONG s = 0; s < n; s++)
        {
          CK_TOKEN_INFO info;
          CK_SESSION_HANDLE session;
          CK_SESSION_INFO session_info;

          if (modules[i]->C_GetTokenInfo (slots[s], &info) != CKR_OK ||
              !p11_kit_uri_match_token_info (uri, &info))
            continue;
          g_assert_cmpint (modules[i]->C_OpenSession (slots[s], CKF_SERIAL_SESSION, NULL, NULL, &session), ==, CKR_OK);
          g_assert_cmpint (modules[i]->C_GetSessionInfo (session, &session_info), ==, CKR_OK);
          state = session_info.state;
          modules[i]->C_CloseSession (session);
        }
    }
  p11_kit_uri_free (uri);
  p11_kit_modules_finalize_and_release (modules);
  return state;
}

static void
check_batch (const char *cn)
{
  g_autoptr(McSigningIdentity) identity = find_identity (env ("MC_PKI_TOKEN_LABEL"), cn);
  g_autoptr(McSigningSession) session = open_session (identity);
  g_autoptr(McSigningSession) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) closed = NULL;
  g_autofree char *printed = NULL;
  McToken *token = mc_signing_identity_get_token (identity);
  gsize estimate = mc_signing_session_estimate_size (session, FALSE);
  guint8 digest[32];

  /* One login serves the batch: the token stays logged in meanwhile. */
  g_assert_cmpint (token_session_state (token), ==, CKS_RO_USER_FUNCTIONS);

  for (guint n = 0; n < 6; n++)
    {
      g_autofree char *name = g_strdup_printf ("doc-%s-%u.bin", cn, n);
      g_autofree char *path = make_document (name, digest);
      g_autoptr(GBytes) cms = NULL;
      McPadesLevel level = MC_PADES_LEVEL_NONE;

      cms = mc_signing_session_sign_sync (session, digest, sizeof digest, MC_PADES_LEVEL_B_B, NULL,
                                          MC_SIGN_FLAGS_NONE, &level, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (level, ==, MC_PADES_LEVEL_B_B);
      g_assert_cmpuint (g_bytes_get_size (cms), <=, estimate);
      assert_openssl_verifies (cms, path);
      if (n == 0)
        printed = openssl_print (cms);
    }
  g_assert_cmpuint (mc_signing_session_get_signature_count (session), ==, 6);

  g_assert_nonnull (strstr (printed, "contentType"));
  g_assert_nonnull (strstr (printed, "messageDigest"));
  g_assert_nonnull (strstr (printed, "signingCertificateV2"));
  g_assert_null (strstr (printed, "signingTime"));
  g_assert_nonnull (strstr (printed, "Test Signing CA"));

  /* A second login on the same token would skip the PIN check. */
  second = mc_signing_session_open_sync (identity, env ("MC_PKI_PIN"), NULL, &error);
  g_assert_null (second);
  g_assert_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_FAILED);
  g_clear_error (&error);

  mc_signing_session_close (session);
  g_assert_false (mc_signing_session_is_open (session));
  g_assert_cmpint (token_session_state (token), ==, CKS_RO_PUBLIC_SESSION);
  closed = mc_signing_session_sign_sync (session, digest, sizeof digest, MC_PADES_LEVEL_B_B, NULL,
                                         MC_SIGN_FLAGS_NONE, NULL, NULL, NULL, &error);
  g_assert_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_SESSION_CLOSED);
  g_assert_null (closed);
}

static void
test_batch_rsa (void)
{
  check_batch ("Nguyễn Văn An");
}

static void
test_batch_ec (void)
{
  check_batch ("Trần Thị Bình");
}

static GBytes *
sign_one (McSigningIdentity *identity,
          McPadesLevel       level,
          const char        *tsa_url,
          McSignFlags        flags,
          const char        *name,
          guint8             digest[32],
          char             **path,
          McPadesLevel      *out_level,
          char             **out_warning,
          GError           **error)
{
  g_autoptr(McSigningSession) session = open_session (identity);
  g_autofree char *doc = make_document (name, digest);
  GBytes *cms;

  cms = mc_signing_session_sign_sync (session, digest, 32, level, tsa_url, flags, out_level,
                                      out_warning, NULL, error);
  if (path != NULL)
    *path = g_steal_pointer (&doc);
  return cms;
}

static void
test_b_t (void)
{
  g_autoptr(McSigningIdentity) identity = find_identity (env ("MC_PKI_TOKEN_LABEL"), "Nguyễn Văn An");
  g_autoptr(GBytes) cms = NULL;
  g_autoptr(GBytes) token = NULL;
  g_autoptr(GBytes) value = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *doc = NULL;
  g_autofree char *token_path = mc_test_pki_path (pki, "token.tst");
  g_autofree char *value_path = mc_test_pki_path (pki, "value.bin");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  McPadesLevel level = MC_PADES_LEVEL_NONE;
  guint8 digest[32];
  int status;

  cms = sign_one (identity, MC_PADES_LEVEL_B_T, env ("MC_PKI_TSA_URL"), MC_SIGN_FLAGS_NONE,
                  "doc-bt.bin", digest, &doc, &level, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (level, ==, MC_PADES_LEVEL_B_T);
  assert_openssl_verifies (cms, doc);

  token = mc_cms_get_timestamp_token (cms, &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);
  value = mc_cms_get_signature_value (cms, &error);
  g_assert_no_error (error);
  mc_test_write_file (token_path, token);
  mc_test_write_file (value_path, value);
  {
    const char *argv[] = { "openssl", "ts", "-verify", "-token_in", "-in", token_path, "-data", value_path,
                           "-CAfile", env ("MC_PKI_CHAIN"), NULL };

    out = mc_test_run (argv, &status, &err);
  }
  if (status != 0)
    g_error ("openssl ts -verify failed: %s%s", out, err);
  g_assert_nonnull (strstr (out, "Verification: OK"));
}

static void
test_tsa_errors (void)
{
  g_autoptr(McSigningIdentity) identity = find_identity (env ("MC_PKI_TOKEN_LABEL"), "Trần Thị Bình");
  g_autofree char *base = g_strdup (env ("MC_PKI_HTTP_URL"));
  struct {
    const char *url;
    const char *says;
  } cases[] = {
    { env ("MC_PKI_DOWN_URL"), "no answer" },
    { NULL, "HTTP error 500" },
    { NULL, "not a time-stamp reply" },
    { NULL, "wrong nonce" },
    { NULL, "unsupported algorithm" },
  };
  g_autofree char *u500 = g_strconcat (base, "/tsa-500", NULL);
  g_autofree char *ugarbage = g_strconcat (base, "/tsa-garbage", NULL);
  g_autofree char *uother = g_strconcat (base, "/tsa-other", NULL);
  g_autofree char *ureject = g_strconcat (base, "/tsa-rejection", NULL);
  guint8 digest[32];

  cases[1].url = u500;
  cases[2].url = ugarbage;
  cases[3].url = uother;
  cases[4].url = ureject;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) cms = NULL;
      g_autoptr(GBytes) fallback = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *warning = NULL;
      McPadesLevel level = MC_PADES_LEVEL_NONE;

      cms = sign_one (identity, MC_PADES_LEVEL_B_T, cases[i].url, MC_SIGN_FLAGS_NONE,
                      "doc-tsa.bin", digest, NULL, &level, NULL, &error);
      g_assert_null (cms);
      g_assert_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_TSA);
      g_test_message ("%s → %s", cases[i].url, error->message);
      g_assert_nonnull (strstr (error->message, cases[i].url));
      g_assert_nonnull (strstr (error->message, cases[i].says));
      g_clear_error (&error);

      /* Only when the caller allows it: B-B and the reason. */
      fallback = sign_one (identity, MC_PADES_LEVEL_B_T, cases[i].url, MC_SIGN_FLAGS_ALLOW_LOWER_LEVEL,
                           "doc-tsa.bin", digest, NULL, &level, &warning, &error);
      g_assert_no_error (error);
      g_assert_nonnull (fallback);
      g_assert_cmpint (level, ==, MC_PADES_LEVEL_B_B);
      g_assert_nonnull (warning);
      g_assert_nonnull (strstr (warning, cases[i].url));
    }

  {
    g_autoptr(GBytes) cms = NULL;
    g_autoptr(GError) error = NULL;

    cms = sign_one (identity, MC_PADES_LEVEL_B_T, NULL, MC_SIGN_FLAGS_NONE, "doc-tsa.bin", digest,
                    NULL, NULL, NULL, &error);
    g_assert_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_TSA);
    g_assert_null (cms);
  }
}

static McCertificate *
load_cert (const char *key)
{
  g_autoptr(GPtrArray) certs = NULL;
  g_autoptr(GError) error = NULL;

  certs = mc_certificate_load_file (env (key), &error);
  g_assert_no_error (error);
  return g_object_ref (g_ptr_array_index (certs, 0));
}

static void
test_ocsp (void)
{
  g_autoptr(McCertificate) good = load_cert ("MC_PKI_SIGNER_RSA");
  g_autoptr(McCertificate) revoked = load_cert ("MC_PKI_SIGNER_REVOKED");
  g_autoptr(McCertificate) issuer = load_cert ("MC_PKI_INTERMEDIATE");
  g_autoptr(McRevocationResult) r1 = NULL;
  g_autoptr(McRevocationResult) r2 = NULL;
  g_autoptr(McRevocationResult) offline = NULL;
  g_autoptr(GError) error = NULL;

  r1 = mc_revocation_check_sync (good, issuer, NULL, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mc_revocation_result_get_status (r1), ==, MC_REVOCATION_STATUS_GOOD);
  g_assert_cmpint (mc_revocation_result_get_source (r1), ==, MC_REVOCATION_SOURCE_OCSP);
  g_assert_cmpstr (mc_revocation_result_get_url (r1), ==, env ("MC_PKI_OCSP_URL"));
  g_assert_true (mc_revocation_result_get_fetched (r1));
  g_assert_nonnull (mc_revocation_result_get_this_update (r1));

  r2 = mc_revocation_check_sync (revoked, issuer, NULL, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mc_revocation_result_get_status (r2), ==, MC_REVOCATION_STATUS_REVOKED);
  g_assert_cmpint (mc_revocation_result_get_source (r2), ==, MC_REVOCATION_SOURCE_OCSP);
  g_assert_nonnull (mc_revocation_result_get_revocation_time (r2));

  offline = mc_revocation_check_sync (good, issuer, NULL, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mc_revocation_result_get_status (offline), ==, MC_REVOCATION_STATUS_UNKNOWN);
}

static GPtrArray *
chain_of (const char *leaf_key)
{
  GPtrArray *chain = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (chain, load_cert (leaf_key));
  g_ptr_array_add (chain, load_cert ("MC_PKI_INTERMEDIATE"));
  return chain;
}

static McTrustStore *
anchors (const char *dir_or_file_key)
{
  McTrustStore *trust = mc_trust_store_new ();
  g_autoptr(GError) error = NULL;

  if (g_file_test (env (dir_or_file_key), G_FILE_TEST_IS_DIR))
    mc_trust_store_add_directory (trust, env (dir_or_file_key), &error);
  else
    mc_trust_store_add_file (trust, env (dir_or_file_key), &error);
  g_assert_no_error (error);
  return trust;
}

static void
test_crl (void)
{
  g_autoptr(GPtrArray) chain = chain_of ("MC_PKI_SIGNER_REVOKED");
  g_autoptr(McTrustStore) trust = anchors ("MC_PKI_ANCHORS");
  g_autoptr(McValidationData) data = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *results;

  data = mc_revocation_collect_sync (chain, trust, MC_REVOCATION_FLAGS_NO_OCSP, NULL, NULL, &error);
  g_assert_no_error (error);
  results = mc_validation_data_get_results (data);
  g_assert_cmpuint (results->len, ==, 2);
  g_assert_cmpint (mc_revocation_result_get_status (g_ptr_array_index (results, 0)), ==, MC_REVOCATION_STATUS_REVOKED);
  g_assert_cmpint (mc_revocation_result_get_source (g_ptr_array_index (results, 0)), ==, MC_REVOCATION_SOURCE_CRL);
  g_assert_cmpstr (mc_revocation_result_get_url (g_ptr_array_index (results, 0)), ==, env ("MC_PKI_CRL_URL"));
  g_assert_nonnull (mc_revocation_result_get_revocation_time (g_ptr_array_index (results, 0)));
  g_assert_cmpint (mc_revocation_result_get_status (g_ptr_array_index (results, 1)), ==, MC_REVOCATION_STATUS_GOOD);
  g_assert_cmpuint (mc_validation_data_get_crls (data)->len, ==, 2);
  g_assert_cmpuint (mc_validation_data_get_ocsp_responses (data)->len, ==, 0);
  g_assert_cmpuint (mc_validation_data_get_certificates (data)->len, ==, 3);
}

static void
test_ocsp_down (void)
{
  g_autoptr(GPtrArray) chain = chain_of ("MC_PKI_SIGNER_RSA");
  g_autoptr(McTrustStore) trust = anchors ("MC_PKI_ANCHORS");
  g_autoptr(McValidationData) data = NULL;
  g_autoptr(GError) error = NULL;
  GStrv warnings;
  McRevocationResult *signer;

  data = mc_revocation_collect_sync (chain, trust, MC_REVOCATION_FLAGS_NONE, env ("MC_PKI_DOWN_URL"),
                                     NULL, &error);
  g_assert_null (data);
  g_assert_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_OCSP);
  g_assert_nonnull (strstr (error->message, env ("MC_PKI_DOWN_URL")));
  g_assert_nonnull (strstr (error->message, "Nguyễn Văn An"));
  g_clear_error (&error);

  data = mc_revocation_collect_sync (chain, trust, MC_REVOCATION_FLAGS_BEST_EFFORT, env ("MC_PKI_DOWN_URL"),
                                     NULL, &error);
  g_assert_no_error (error);
  warnings = mc_validation_data_get_warnings (data);
  g_assert_nonnull (warnings[0]);
  g_assert_nonnull (strstr (warnings[0], env ("MC_PKI_DOWN_URL")));
  signer = g_ptr_array_index (mc_validation_data_get_results (data), 0);
  g_assert_cmpint (mc_revocation_result_get_status (signer), ==, MC_REVOCATION_STATUS_GOOD);
  g_assert_cmpint (mc_revocation_result_get_source (signer), ==, MC_REVOCATION_SOURCE_CRL);
}

static McSignatureReport *
verify (GBytes           *cms,
        const guint8     *digest,
        const char       *anchor_key,
        McValidationData *dss,
        gboolean          online)
{
  g_autoptr(McTrustStore) trust = anchors (anchor_key);
  g_autoptr(McVerifier) verifier = mc_verifier_new (trust);
  g_autoptr(GError) error = NULL;
  McSignatureReport *report;

  mc_verifier_set_allow_network (verifier, online);
  report = mc_verifier_verify_sync (verifier, cms, digest, 32, dss, NULL, &error);
  g_assert_no_error (error);
  return report;
}

static void
test_b_lt_and_verify (void)
{
  g_autoptr(McSigningIdentity) identity = find_identity (env ("MC_PKI_TOKEN_LABEL"), "Nguyễn Văn An");
  g_autoptr(McTrustStore) trust = anchors ("MC_PKI_ANCHORS");
  g_autoptr(GBytes) cms = NULL;
  g_autoptr(McValidationData) dss = NULL;
  g_autoptr(McSignatureReport) lt = NULL;
  g_autoptr(McSignatureReport) online = NULL;
  g_autoptr(McSignatureReport) offline = NULL;
  g_autoptr(McSignatureReport) tampered = NULL;
  g_autoptr(McSignatureReport) wrong_anchor = NULL;
  g_autoptr(GPtrArray) chain = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  GPtrArray *results;
  guint8 digest[32], other[32];

  cms = sign_one (identity, MC_PADES_LEVEL_B_T, env ("MC_PKI_TSA_URL"), MC_SIGN_FLAGS_NONE,
                  "doc-lt.bin", digest, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  g_ptr_array_add (chain, g_object_ref (mc_signing_identity_get_certificate (identity)));
  for (guint i = 0; i < mc_signing_identity_get_chain (identity)->len; i++)
    g_ptr_array_add (chain, g_object_ref (g_ptr_array_index (mc_signing_identity_get_chain (identity), i)));
  dss = mc_revocation_collect_sync (chain, trust, MC_REVOCATION_FLAGS_NONE, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mc_validation_data_get_certificates (dss)->len, ==, 3);
  g_assert_cmpuint (mc_validation_data_get_ocsp_responses (dss)->len, ==, 1);
  g_assert_cmpuint (mc_validation_data_get_crls (dss)->len, ==, 2);
  g_assert_null (mc_validation_data_get_warnings (dss)[0]);
  results = mc_validation_data_get_results (dss);
  g_assert_cmpuint (results->len, ==, 2);
  g_assert_cmpint (mc_revocation_result_get_status (g_ptr_array_index (results, 0)), ==, MC_REVOCATION_STATUS_GOOD);
  g_assert_cmpint (mc_revocation_result_get_status (g_ptr_array_index (results, 1)), ==, MC_REVOCATION_STATUS_GOOD);

  /* Offline, with the DSS: B-LT. */
  lt = verify (cms, digest, "MC_PKI_ANCHORS", dss, FALSE);
  g_assert_cmpint (mc_signature_report_get_status (lt), ==, MC_SIGNATURE_STATUS_VALID);
  g_assert_cmpint (mc_signature_report_get_level (lt), ==, MC_PADES_LEVEL_B_LT);
  g_assert_cmpint (mc_signature_report_get_timestamp_check (lt), ==, MC_CHECK_PASSED);
  g_assert_nonnull (mc_signature_report_get_timestamp_time (lt));
  g_assert_cmpstr (mc_certificate_get_subject_cn (mc_signature_report_get_timestamp_authority (lt)), ==, "Test TSA");
  g_assert_cmpuint (mc_signature_report_get_chain (lt)->len, ==, 3);
  g_assert_false (mc_revocation_result_get_fetched (mc_signature_report_get_revocation (lt)));
  g_assert_cmpint (mc_revocation_result_get_source (mc_signature_report_get_revocation (lt)), ==, MC_REVOCATION_SOURCE_OCSP);

  /* Online without a DSS: B-T, revocation asked now. */
  online = verify (cms, digest, "MC_PKI_ANCHORS", NULL, TRUE);
  g_assert_cmpint (mc_signature_report_get_status (online), ==, MC_SIGNATURE_STATUS_VALID);
  g_assert_cmpint (mc_signature_report_get_level (online), ==, MC_PADES_LEVEL_B_T);
  g_assert_true (mc_revocation_result_get_fetched (mc_signature_report_get_revocation (online)));

  /* Offline without a DSS: nothing failed, nothing proves "not revoked". */
  offline = verify (cms, digest, "MC_PKI_ANCHORS", NULL, FALSE);
  g_assert_cmpint (mc_signature_report_get_status (offline), ==, MC_SIGNATURE_STATUS_INDETERMINATE);
  g_assert_cmpint (mc_signature_report_get_revocation_check (offline), ==, MC_CHECK_INDETERMINATE);

  memcpy (other, digest, sizeof other);
  other[0] ^= 0xff;
  tampered = verify (cms, other, "MC_PKI_ANCHORS", dss, FALSE);
  g_assert_cmpint (mc_signature_report_get_status (tampered), ==, MC_SIGNATURE_STATUS_INVALID);
  g_assert_cmpint (mc_signature_report_get_digest_check (tampered), ==, MC_CHECK_FAILED);

  wrong_anchor = verify (cms, digest, "MC_PKI_OTHER_ROOT", dss, FALSE);
  g_assert_cmpint (mc_signature_report_get_status (wrong_anchor), ==, MC_SIGNATURE_STATUS_INDETERMINATE);
  g_assert_cmpint (mc_signature_report_get_chain_check (wrong_anchor), ==, MC_CHECK_INDETERMINATE);
  /* The TSA chains to the test root too, so it is not trusted either. */
  g_assert_cmpint (mc_signature_report_get_timestamp_check (wrong_anchor), ==, MC_CHECK_INDETERMINATE);
}

static void
test_verify_revoked (void)
{
  g_autoptr(McSigningIdentity) identity = find_identity (env ("MC_PKI_TOKEN_LABEL"), "Lê Văn Cường");
  g_autoptr(GBytes) cms = NULL;
  g_autoptr(McSignatureReport) report = NULL;
  g_autoptr(GError) error = NULL;
  guint8 digest[32];

  cms = sign_one (identity, MC_PADES_LEVEL_B_B, NULL, MC_SIGN_FLAGS_NONE, "doc-revoked.bin", digest,
                  NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  report = verify (cms, digest, "MC_PKI_ANCHORS", NULL, TRUE);
  g_assert_cmpint (mc_signature_report_get_signature_check (report), ==, MC_CHECK_PASSED);
  g_assert_cmpint (mc_signature_report_get_revocation_check (report), ==, MC_CHECK_FAILED);
  g_assert_cmpint (mc_signature_report_get_status (report), ==, MC_SIGNATURE_STATUS_INVALID);
  g_assert_cmpint (mc_revocation_result_get_status (mc_signature_report_get_revocation (report)), ==,
                   MC_REVOCATION_STATUS_REVOKED);
}

typedef struct {
  GMainLoop *loop;
  McSigningSession *session;
  GBytes *cms;
  GError *error;
} AsyncState;

static void
signed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncState *state = user_data;
  McPadesLevel level = MC_PADES_LEVEL_NONE;

  state->cms = mc_signing_session_sign_finish (MC_SIGNING_SESSION (source), result, &level, NULL, &state->error);
  g_assert_cmpint (level, ==, state->cms ? MC_PADES_LEVEL_B_T : MC_PADES_LEVEL_NONE);
  g_main_loop_quit (state->loop);
}

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncState *state = user_data;

  state->session = mc_signing_session_open_finish (result, &state->error);
  g_main_loop_quit (state->loop);
}

static void
test_async (void)
{
  g_autoptr(McSigningIdentity) identity = find_identity (env ("MC_PKI_TOKEN_LABEL"), "Trần Thị Bình");
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *doc = NULL;
  char *pin = g_strdup (env ("MC_PKI_PIN"));
  AsyncState state = { loop, NULL, NULL, NULL };
  guint8 digest[32];

  mc_signing_session_open_async (identity, pin, NULL, opened_cb, &state);
  /* The PIN was copied: the caller may wipe its buffer at once. */
  memset (pin, 0, strlen (pin));
  g_free (pin);
  g_main_loop_run (loop);
  g_assert_no_error (state.error);
  g_assert_nonnull (state.session);

  doc = make_document ("doc-async.bin", digest);
  mc_signing_session_sign_async (state.session, digest, sizeof digest, MC_PADES_LEVEL_B_T,
                                 env ("MC_PKI_TSA_URL"), MC_SIGN_FLAGS_NONE, NULL, signed_cb, &state);
  g_main_loop_run (loop);
  g_assert_no_error (state.error);
  assert_openssl_verifies (state.cms, doc);
  g_bytes_unref (state.cms);
  g_object_unref (state.session);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  pki = mc_test_pki_start ();

  g_test_add_func ("/signing/peers/tokens", test_tokens);
  g_test_add_func ("/signing/peers/identities", test_identities);
  g_test_add_func ("/signing/peers/wrong-pin", test_wrong_pin);
  g_test_add_func ("/signing/peers/bad-identity", test_bad_identity);
  g_test_add_func ("/signing/peers/batch-rsa", test_batch_rsa);
  g_test_add_func ("/signing/peers/batch-ec", test_batch_ec);
  g_test_add_func ("/signing/peers/b-t", test_b_t);
  g_test_add_func ("/signing/peers/tsa-errors", test_tsa_errors);
  g_test_add_func ("/signing/peers/ocsp", test_ocsp);
  g_test_add_func ("/signing/peers/crl", test_crl);
  g_test_add_func ("/signing/peers/ocsp-down", test_ocsp_down);
  g_test_add_func ("/signing/peers/b-lt-and-verify", test_b_lt_and_verify);
  g_test_add_func ("/signing/peers/verify-revoked", test_verify_revoked);
  g_test_add_func ("/signing/peers/async", test_async);

  ret = g_test_run ();
  mc_test_pki_stop (pki);
  return ret;
}
