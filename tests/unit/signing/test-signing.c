/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests of libmotcua-signing that need no token and no server:
 * certificates, the detached CAdES builder and parser, the size estimate,
 * the verifier (digest, signature, ESS, chain, revocation from supplied
 * CRLs), the trust store, token PIN messages and time parsing. Keys and
 * certificates are made with GnuTLS at test time. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>

#include "mc-asn1.h"
#include "mc-certificate-private.h"
#include "mc-cms.h"
#include "mc-cms-private.h"
#include "mc-revocation.h"
#include "mc-signing.h"
#include "mc-test-certs.h"
#include "mc-token-private.h"
#include "mc-trust-store.h"
#include "mc-verifier.h"

#define LEAF_USAGE (GNUTLS_KEY_DIGITAL_SIGNATURE | GNUTLS_KEY_NON_REPUDIATION)

typedef struct {
  McTestIdentity *ca;
  McTestIdentity *rsa;
  McTestIdentity *ec;
  McTestIdentity *other_ca;
} Pki;

static Pki pki;

static void
digest_of (const char *text,
           guint8      digest[32])
{
  gnutls_hash_fast (GNUTLS_DIG_SHA256, text, strlen (text), digest);
}

static GPtrArray *
chain_of_ca (void)
{
  GPtrArray *chain = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (chain, g_object_ref (pki.ca->cert));
  return chain;
}

static GBytes *
sign (McTestIdentity *who,
      const char     *text)
{
  g_autoptr(GPtrArray) chain = chain_of_ca ();
  g_autoptr(GError) error = NULL;
  guint8 digest[32];
  GBytes *cms;

  digest_of (text, digest);
  cms = mc_cms_sign_detached (who->key, who->cert, chain, digest, sizeof digest, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cms);
  return cms;
}

static McTrustStore *
trust_of (McTestIdentity *anchor)
{
  McTrustStore *trust = mc_trust_store_new ();

  if (anchor != NULL)
    mc_trust_store_add_certificate (trust, anchor->cert);
  return trust;
}

static McSignatureReport *
verify (GBytes           *cms,
        const char       *text,
        McTestIdentity   *anchor,
        McValidationData *dss)
{
  g_autoptr(McTrustStore) trust = trust_of (anchor);
  g_autoptr(McVerifier) verifier = mc_verifier_new (trust);
  g_autoptr(GError) error = NULL;
  McSignatureReport *report;
  guint8 digest[32];

  digest_of (text, digest);
  report = mc_verifier_verify_sync (verifier, cms, digest, sizeof digest, dss, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static gboolean
problems_mention (McSignatureReport *report,
                  const char        *needle)
{
  GStrv problems = mc_signature_report_get_problems (report);

  for (guint i = 0; problems[i] != NULL; i++)
    if (strstr (problems[i], needle) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_certificate_names (void)
{
  g_autoptr(McTestIdentity) enc = NULL;
  g_autofree char *described = NULL;

  g_assert_cmpstr (mc_certificate_get_subject_cn (pki.rsa->cert), ==, "Nguyễn Văn An");
  g_assert_cmpstr (mc_certificate_get_subject_org (pki.rsa->cert), ==, "UBND xã Định Hiệp");
  g_assert_cmpstr (mc_certificate_get_issuer_cn (pki.rsa->cert), ==, "Test Root CA Một Cửa");
  g_assert_cmpstr (mc_certificate_get_serial_hex (pki.rsa->cert), ==, "0102");
  g_assert_cmpint (mc_certificate_get_key_algorithm (pki.rsa->cert), ==, MC_KEY_ALGORITHM_RSA);
  g_assert_cmpuint (mc_certificate_get_key_bits (pki.rsa->cert), ==, 2048);
  g_assert_cmpint (mc_certificate_get_key_algorithm (pki.ec->cert), ==, MC_KEY_ALGORITHM_EC);
  g_assert_cmpuint (mc_certificate_get_key_bits (pki.ec->cert), ==, 256);
  g_assert_true (mc_certificate_can_sign (pki.rsa->cert));
  g_assert_true (mc_certificate_is_valid_at (pki.rsa->cert, NULL));
  g_assert_false (mc_certificate_is_self_signed (pki.rsa->cert));
  g_assert_cmpuint (strlen (mc_certificate_get_sha256_hex (pki.rsa->cert)), ==, 64);

  g_assert_true (mc_certificate_is_ca (pki.ca->cert));
  g_assert_true (mc_certificate_is_self_signed (pki.ca->cert));
  g_assert_false (mc_certificate_can_sign (pki.ca->cert));

  enc = mc_test_identity_new_leaf (pki.ca, "Phạm Thị Dung", NULL, MC_TEST_KEY_EC,
                                   GNUTLS_KEY_KEY_ENCIPHERMENT, 0x0104);
  g_assert_false (mc_certificate_can_sign (enc->cert));
  g_assert_null (mc_certificate_get_subject_org (enc->cert));

  described = mc_certificate_describe (pki.rsa->cert);
  g_assert_nonnull (strstr (described, "Nguyễn Văn An"));
  g_assert_nonnull (strstr (described, "Test Root CA Một Cửa"));
}

static void
test_certificate_load_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("mc-cert-XXXXXX", NULL);
  g_autofree char *pem_path = g_build_filename (dir, "two.pem", NULL);
  g_autofree char *der_path = g_build_filename (dir, "one.der", NULL);
  g_autofree char *bad_path = g_build_filename (dir, "bad.pem", NULL);
  g_autoptr(GString) pem = g_string_new (NULL);
  g_autoptr(GPtrArray) certs = NULL;
  g_autoptr(GError) error = NULL;
  McCertificate *two[] = { pki.ca->cert, pki.rsa->cert };

  for (guint i = 0; i < G_N_ELEMENTS (two); i++)
    {
      gnutls_datum_t out = { NULL, 0 };

      g_assert_cmpint (gnutls_x509_crt_export2 (mc_certificate_get_crt (two[i]), GNUTLS_X509_FMT_PEM, &out), ==, 0);
      g_string_append_len (pem, (const char *) out.data, out.size);
      gnutls_free (out.data);
    }
  g_assert_true (g_file_set_contents (pem_path, pem->str, pem->len, NULL));
  g_assert_true (g_file_set_contents (der_path, g_bytes_get_data (mc_certificate_get_der (pki.ec->cert), NULL),
                                      g_bytes_get_size (mc_certificate_get_der (pki.ec->cert)), NULL));
  g_assert_true (g_file_set_contents (bad_path, "-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n", -1, NULL));

  certs = mc_certificate_load_file (pem_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (certs->len, ==, 2);
  g_assert_true (mc_certificate_equal (g_ptr_array_index (certs, 1), pki.rsa->cert));
  g_clear_pointer (&certs, g_ptr_array_unref);

  certs = mc_certificate_load_file (der_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (certs->len, ==, 1);
  g_assert_true (mc_certificate_equal (g_ptr_array_index (certs, 0), pki.ec->cert));
  g_clear_pointer (&certs, g_ptr_array_unref);

  certs = mc_certificate_load_file (bad_path, &error);
  g_assert_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CERTIFICATE);
  g_assert_null (certs);

  g_unlink (pem_path);
  g_unlink (der_path);
  g_unlink (bad_path);
  g_rmdir (dir);
}

static void
check_structure (McTestIdentity *who,
                 const char     *signature_oid)
{
  g_autoptr(GBytes) cms = sign (who, "quyết định số 12/QĐ-UBND");
  g_autoptr(McCmsSignedData) sd = NULL;
  g_autoptr(McCertificate) signer = NULL;
  g_autoptr(GBytes) token = NULL;
  g_autoptr(GError) error = NULL;
  GChecksumType type = G_CHECKSUM_MD5;
  guint8 digest[32];

  digest_of ("quyết định số 12/QĐ-UBND", digest);
  sd = mc_cms_signed_data_parse (cms, &error);
  g_assert_no_error (error);

  g_assert_null (sd->econtent);
  g_assert_cmpstr (sd->econtent_type, ==, MC_OID_DATA);
  g_assert_cmpstr (sd->attr_content_type, ==, MC_OID_DATA);
  g_assert_cmpmem (g_bytes_get_data (sd->attr_message_digest, NULL),
                   g_bytes_get_size (sd->attr_message_digest), digest, sizeof digest);
  g_assert_false (sd->has_signing_time);
  g_assert_nonnull (sd->attr_signing_certificate_v2);
  g_assert_null (sd->attr_signing_certificate);
  g_assert_cmpint (mc_cms_signed_data_check_ess (sd, who->cert), ==, MC_ESS_MATCH);
  g_assert_cmpint (mc_cms_signed_data_check_ess (sd, pki.ca->cert), ==, MC_ESS_MISMATCH);
  g_assert_cmpstr (sd->digest_oid, ==, MC_OID_SHA256);
  g_assert_cmpstr (sd->signature_oid, ==, signature_oid);
  g_assert_cmpuint (sd->n_signers, ==, 1);
  g_assert_cmpuint (sd->certificates->len, ==, 2);
  g_assert_null (sd->timestamp_token);
  /* The signed attributes are what was signed, tagged as a SET. */
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (sd->signed_attrs, NULL))[0], ==, 0x31);
  g_assert_true (mc_cms_signed_data_verify (sd, who->cert, &error));
  g_assert_no_error (error);

  g_assert_true (mc_cms_get_digest_type (cms, &type, &error));
  g_assert_cmpint (type, ==, G_CHECKSUM_SHA256);
  signer = mc_cms_get_signer_certificate (cms, &error);
  g_assert_no_error (error);
  g_assert_true (mc_certificate_equal (signer, who->cert));
  token = mc_cms_get_timestamp_token (cms, &error);
  g_assert_no_error (error);
  g_assert_null (token);
}

static void
test_cms_structure_rsa (void)
{
  check_structure (pki.rsa, MC_OID_RSA_ENCRYPTION);
}

static void
test_cms_structure_ec (void)
{
  check_structure (pki.ec, "1.2.840.10045.4.3.2");
}

static void
test_cms_estimate (void)
{
  McTestIdentity *who[] = { pki.rsa, pki.ec };

  for (guint i = 0; i < G_N_ELEMENTS (who); i++)
    {
      g_autoptr(GPtrArray) chain = chain_of_ca ();
      gsize estimate = mc_cms_estimate_size (who[i]->cert, chain, 0);
      gsize with_ts = mc_cms_estimate_size (who[i]->cert, chain, MC_CMS_TIMESTAMP_RESERVE);

      /* ECDSA signatures vary in length; every one must fit. */
      for (guint n = 0; n < 8; n++)
        {
          g_autofree char *text = g_strdup_printf ("document %u", n);
          g_autoptr(GBytes) cms = sign (who[i], text);

          g_assert_cmpuint (g_bytes_get_size (cms), <=, estimate);
          g_assert_cmpuint (estimate - g_bytes_get_size (cms), <, 16);
        }
      g_assert_cmpuint (with_ts, ==, estimate + MC_CMS_TIMESTAMP_RESERVE + 64);
    }
}

static void
test_cms_bad_input (void)
{
  g_autoptr(GPtrArray) chain = chain_of_ca ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) cms = NULL;
  g_autoptr(GBytes) garbage = g_bytes_new_static ("not a signature", 15);
  GChecksumType type;
  guint8 digest[32] = { 0 };

  cms = mc_cms_sign_detached (pki.rsa->key, pki.rsa->cert, chain, digest, 20, &error);
  g_assert_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_FAILED);
  g_assert_null (cms);
  g_clear_error (&error);

  /* The RSA key with the EC certificate: caught before it leaves. */
  cms = mc_cms_sign_detached (pki.rsa->key, pki.ec->cert, chain, digest, sizeof digest, &error);
  g_assert_nonnull (error);
  g_assert_null (cms);
  g_clear_error (&error);

  g_assert_false (mc_cms_get_digest_type (garbage, &type, &error));
  g_assert_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CMS_INVALID);
}

static void
test_verify_valid (void)
{
  g_autoptr(GBytes) cms = sign (pki.ec, "giấy chứng nhận");
  g_autoptr(McValidationData) dss = mc_validation_data_new ();
  g_autoptr(GBytes) crl = mc_test_make_crl (pki.ca, NULL);
  g_autoptr(McSignatureReport) report = NULL;
  g_autofree char *summary = NULL;
  McRevocationResult *revocation;

  mc_validation_data_add_crl (dss, crl);
  report = verify (cms, "giấy chứng nhận", pki.ca, dss);

  g_assert_cmpint (mc_signature_report_get_digest_check (report), ==, MC_CHECK_PASSED);
  g_assert_cmpint (mc_signature_report_get_signature_check (report), ==, MC_CHECK_PASSED);
  g_assert_cmpint (mc_signature_report_get_signing_certificate_check (report), ==, MC_CHECK_PASSED);
  g_assert_cmpint (mc_signature_report_get_chain_check (report), ==, MC_CHECK_PASSED);
  g_assert_cmpint (mc_signature_report_get_revocation_check (report), ==, MC_CHECK_PASSED);
  g_assert_cmpint (mc_signature_report_get_timestamp_check (report), ==, MC_CHECK_NOT_DONE);
  g_assert_cmpint (mc_signature_report_get_status (report), ==, MC_SIGNATURE_STATUS_VALID);
  g_assert_cmpint (mc_signature_report_get_level (report), ==, MC_PADES_LEVEL_B_B);
  g_assert_false (mc_signature_report_get_has_signing_time (report));
  g_assert_true (mc_certificate_equal (mc_signature_report_get_signer (report), pki.ec->cert));
  g_assert_cmpuint (mc_signature_report_get_chain (report)->len, ==, 2);
  g_assert_cmpstr (mc_signature_report_get_digest_algorithm (report), ==, "SHA256");
  g_assert_cmpstr (mc_signature_report_get_signature_algorithm (report), ==, "ECDSA-SHA256");
  g_assert_null (mc_signature_report_get_problems (report)[0]);
  revocation = mc_signature_report_get_revocation (report);
  g_assert_cmpint (mc_revocation_result_get_status (revocation), ==, MC_REVOCATION_STATUS_GOOD);
  g_assert_cmpint (mc_revocation_result_get_source (revocation), ==, MC_REVOCATION_SOURCE_CRL);
  g_assert_false (mc_revocation_result_get_fetched (revocation));
  summary = mc_signature_report_get_summary (report);
  g_assert_nonnull (strstr (summary, "Trần Thị Bình"));
}

static void
test_verify_offline_unknown_revocation (void)
{
  g_autoptr(GBytes) cms = sign (pki.rsa, "văn bản");
  g_autoptr(McSignatureReport) report = verify (cms, "văn bản", pki.ca, NULL);

  /* Nothing failed, but offline with no CRL nothing says "not revoked". */
  g_assert_cmpint (mc_signature_report_get_signature_check (report), ==, MC_CHECK_PASSED);
  g_assert_cmpint (mc_signature_report_get_revocation_check (report), ==, MC_CHECK_INDETERMINATE);
  g_assert_cmpint (mc_signature_report_get_status (report), ==, MC_SIGNATURE_STATUS_INDETERMINATE);
  g_assert_cmpstr (mc_signature_report_get_signature_algorithm (report), ==, "RSA-SHA256");
}

static void
test_verify_revoked_by_crl (void)
{
  g_autoptr(GBytes) cms = sign (pki.ec, "văn bản");
  g_autoptr(McValidationData) dss = mc_validation_data_new ();
  g_autoptr(GBytes) crl = mc_test_make_crl (pki.ca, pki.ec->cert);
  g_autoptr(McSignatureReport) report = NULL;

  mc_validation_data_add_crl (dss, crl);
  report = verify (cms, "văn bản", pki.ca, dss);
  g_assert_cmpint (mc_signature_report_get_revocation_check (report), ==, MC_CHECK_FAILED);
  g_assert_cmpint (mc_signature_report_get_status (report), ==, MC_SIGNATURE_STATUS_INVALID);
  g_assert_cmpint (mc_revocation_result_get_status (mc_signature_report_get_revocation (report)), ==,
                   MC_REVOCATION_STATUS_REVOKED);
  g_assert_nonnull (mc_revocation_result_get_revocation_time (mc_signature_report_get_revocation (report)));
  g_assert_true (problems_mention (report, "revoked"));
}

static void
test_verify_tampered_digest (void)
{
  g_autoptr(GBytes) cms = sign (pki.rsa, "bản gốc");
  g_autoptr(McSignatureReport) report = verify (cms, "bản đã sửa", pki.ca, NULL);

  g_assert_cmpint (mc_signature_report_get_digest_check (report), ==, MC_CHECK_FAILED);
  g_assert_cmpint (mc_signature_report_get_signature_check (report), ==, MC_CHECK_PASSED);
  g_assert_cmpint (mc_signature_report_get_status (report), ==, MC_SIGNATURE_STATUS_INVALID);
  g_assert_true (problems_mention (report, "changed after it was signed"));
}

static void
test_verify_tampered_signature (void)
{
  g_autoptr(GBytes) cms = sign (pki.rsa, "bản gốc");
  g_autoptr(GBytes) value = NULL;
  g_autoptr(GBytes) broken = NULL;
  g_autoptr(McSignatureReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0, vlen = 0;
  const guint8 *data = g_bytes_get_data (cms, &len);
  const guint8 *vdata;
  guint8 *copy;
  const guint8 *at;

  value = mc_cms_get_signature_value (cms, &error);
  g_assert_no_error (error);
  vdata = g_bytes_get_data (value, &vlen);
  at = NULL;
  for (gsize i = 0; i + vlen <= len && at == NULL; i++)
    if (memcmp (data + i, vdata, vlen) == 0)
      at = data + i;
  g_assert_nonnull (at);
  copy = g_memdup2 (data, len);
  copy[(at - data) + vlen / 2] ^= 0x01;
  broken = g_bytes_new_take (copy, len);

  report = verify (broken, "bản gốc", pki.ca, NULL);
  g_assert_cmpint (mc_signature_report_get_digest_check (report), ==, MC_CHECK_PASSED);
  g_assert_cmpint (mc_signature_report_get_signature_check (report), ==, MC_CHECK_FAILED);
  g_assert_cmpint (mc_signature_report_get_status (report), ==, MC_SIGNATURE_STATUS_INVALID);
}

static void
test_verify_wrong_anchor (void)
{
  g_autoptr(GBytes) cms = sign (pki.ec, "văn bản");
  g_autoptr(McSignatureReport) report = verify (cms, "văn bản", pki.other_ca, NULL);
  g_autoptr(McSignatureReport) untrusted = verify (cms, "văn bản", NULL, NULL);

  g_assert_cmpint (mc_signature_report_get_signature_check (report), ==, MC_CHECK_PASSED);
  g_assert_cmpint (mc_signature_report_get_chain_check (report), ==, MC_CHECK_INDETERMINATE);
  g_assert_cmpint (mc_signature_report_get_status (report), ==, MC_SIGNATURE_STATUS_INDETERMINATE);
  g_assert_true (problems_mention (report, "does not chain to a trusted root"));

  g_assert_cmpint (mc_signature_report_get_chain_check (untrusted), ==, MC_CHECK_INDETERMINATE);
  g_assert_true (problems_mention (untrusted, "no trust anchor"));
}

static void
test_verify_unreadable (void)
{
  g_autoptr(GBytes) cms = sign (pki.ec, "văn bản");
  g_autoptr(GBytes) truncated = g_bytes_new_from_bytes (cms, 0, g_bytes_get_size (cms) - 10);
  g_autoptr(GBytes) garbage = g_bytes_new_static ("\x30\x03\x02\x01\x01", 5);
  g_autoptr(McVerifier) verifier = mc_verifier_new (NULL);
  g_autoptr(GError) error = NULL;
  McSignatureReport *report;
  guint8 digest[32] = { 0 };

  report = mc_verifier_verify_sync (verifier, truncated, digest, sizeof digest, NULL, NULL, &error);
  g_assert_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CMS_INVALID);
  g_assert_null (report);
  g_clear_error (&error);

  report = mc_verifier_verify_sync (verifier, garbage, digest, sizeof digest, NULL, NULL, &error);
  g_assert_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CMS_INVALID);
  g_assert_null (report);
}

static void
test_cms_add_timestamp (void)
{
  g_autoptr(GBytes) cms = sign (pki.ec, "văn bản");
  g_autoptr(GBytes) not_a_tst = sign (pki.rsa, "something else");
  g_autoptr(GBytes) stamped = NULL;
  g_autoptr(GBytes) token = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(McSignatureReport) report = NULL;
  g_autoptr(GError) error = NULL;

  stamped = mc_cms_add_timestamp (cms, not_a_tst, &error);
  g_assert_no_error (error);
  token = mc_cms_get_timestamp_token (stamped, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (token, not_a_tst));
  before = mc_cms_get_signature_value (cms, NULL);
  after = mc_cms_get_signature_value (stamped, NULL);
  g_assert_true (g_bytes_equal (before, after));

  /* The signature still verifies; the bogus token is caught. */
  report = verify (stamped, "văn bản", pki.ca, NULL);
  g_assert_cmpint (mc_signature_report_get_signature_check (report), ==, MC_CHECK_PASSED);
  g_assert_cmpint (mc_signature_report_get_timestamp_check (report), ==, MC_CHECK_FAILED);
  g_assert_cmpint (mc_signature_report_get_status (report), ==, MC_SIGNATURE_STATUS_INVALID);
  g_assert_true (problems_mention (report, "TSTInfo"));
}

static void
test_trust_store_directory (void)
{
  g_autofree char *dir = g_dir_make_tmp ("mc-trust-XXXXXX", NULL);
  g_autofree char *a = g_build_filename (dir, "a.der", NULL);
  g_autofree char *b = g_build_filename (dir, "b.cer", NULL);
  g_autofree char *readme = g_build_filename (dir, "README.md", NULL);
  g_autofree char *bad = g_build_filename (dir, "c.pem", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing", NULL);
  g_autoptr(McTrustStore) trust = mc_trust_store_new ();
  g_autoptr(McTrustStore) empty = mc_trust_store_new ();
  g_autoptr(GError) error = NULL;
  GBytes *ca = mc_certificate_get_der (pki.ca->cert);
  GBytes *other = mc_certificate_get_der (pki.other_ca->cert);

  g_assert_true (g_file_set_contents (a, g_bytes_get_data (ca, NULL), g_bytes_get_size (ca), NULL));
  g_assert_true (g_file_set_contents (b, g_bytes_get_data (other, NULL), g_bytes_get_size (other), NULL));
  g_assert_true (g_file_set_contents (readme, "Put root certificates here.\n", -1, NULL));

  g_assert_true (mc_trust_store_add_directory (trust, dir, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mc_trust_store_get_anchors (trust)->len, ==, 2);
  g_assert_true (mc_trust_store_contains (trust, pki.ca->cert));
  g_assert_false (mc_trust_store_contains (trust, pki.rsa->cert));

  /* A broken file is named; the others still count. */
  g_assert_true (g_file_set_contents (bad, "garbage", -1, NULL));
  g_assert_false (mc_trust_store_add_directory (empty, dir, &error));
  g_assert_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_TRUST_STORE);
  g_assert_nonnull (strstr (error->message, "c.pem"));
  g_assert_cmpuint (mc_trust_store_get_anchors (empty)->len, ==, 2);
  g_clear_error (&error);

  g_assert_true (mc_trust_store_add_directory (trust, missing, &error));
  g_assert_no_error (error);

  g_unlink (a);
  g_unlink (b);
  g_unlink (readme);
  g_unlink (bad);
  g_rmdir (dir);
}

static McToken *
token_with_flags (CK_FLAGS flags)
{
  CK_TOKEN_INFO info;
  CK_SLOT_INFO slot;

  memset (&info, ' ', sizeof info);
  memcpy (info.label, "Token lãnh đạo", strlen ("Token lãnh đạo"));
  memcpy (info.manufacturerID, "VNPT", 4);
  memcpy (info.model, "ePass2003", 9);
  memcpy (info.serialNumber, "12345678", 8);
  info.flags = flags | CKF_TOKEN_INITIALIZED | CKF_LOGIN_REQUIRED;
  info.ulMinPinLen = 4;
  info.ulMaxPinLen = 16;
  memset (&slot, ' ', sizeof slot);
  slot.flags = CKF_TOKEN_PRESENT | CKF_REMOVABLE_DEVICE;
  return mc_token_new ("vendor", "Vendor PKCS#11", 3, &slot, &info);
}

static void
test_token_pin_state (void)
{
  g_autoptr(McToken) plain = token_with_flags (0);
  g_autoptr(McToken) low = token_with_flags (CKF_USER_PIN_COUNT_LOW);
  g_autoptr(McToken) final = token_with_flags (CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY);
  g_autoptr(McToken) locked = token_with_flags (CKF_USER_PIN_LOCKED);
  g_autoptr(McToken) change = token_with_flags (CKF_USER_PIN_TO_BE_CHANGED);
  g_autofree char *m_plain = mc_token_get_pin_message (plain);
  g_autofree char *m_low = mc_token_get_pin_message (low);
  g_autofree char *m_final = mc_token_get_pin_message (final);
  g_autofree char *m_locked = mc_token_get_pin_message (locked);
  g_autofree char *m_change = mc_token_get_pin_message (change);

  g_assert_cmpstr (mc_token_get_label (plain), ==, "Token lãnh đạo");
  g_assert_cmpstr (mc_token_get_model (plain), ==, "ePass2003");
  g_assert_cmpstr (mc_token_get_serial (plain), ==, "12345678");
  g_assert_true (g_str_has_prefix (mc_token_get_uri (plain), "pkcs11:"));
  g_assert_nonnull (strstr (mc_token_get_uri (plain), "serial=12345678"));
  g_assert_true (mc_token_get_login_required (plain));
  g_assert_true (mc_token_is_removable (plain));
  g_assert_false (mc_token_has_pin_pad (plain));
  g_assert_cmpuint (mc_token_get_min_pin_length (plain), ==, 4);

  g_assert_cmpint (mc_token_get_pin_flags (plain), ==, MC_PIN_FLAGS_NONE);
  g_assert_null (m_plain);
  g_assert_cmpint (mc_token_get_pin_flags (low), ==, MC_PIN_FLAGS_COUNT_LOW);
  g_assert_nonnull (strstr (m_low, "few tries"));
  g_assert_cmpint (mc_token_get_pin_flags (final), ==, MC_PIN_FLAGS_COUNT_LOW | MC_PIN_FLAGS_FINAL_TRY);
  g_assert_nonnull (strstr (m_final, "one more wrong PIN will lock"));
  g_assert_cmpint (mc_token_get_pin_flags (locked), ==, MC_PIN_FLAGS_LOCKED);
  g_assert_nonnull (strstr (m_locked, "locked"));
  g_assert_nonnull (strstr (m_locked, "SO PIN"));
  g_assert_cmpint (mc_token_get_pin_flags (change), ==, MC_PIN_FLAGS_TO_BE_CHANGED);
  g_assert_nonnull (strstr (m_change, "changed"));

  g_assert_true (mc_token_is_same (plain, low));
  g_assert_false (mc_token_same_state (plain, low));
}

static void
test_asn1_time (void)
{
  g_autoptr(GDateTime) a = mc_asn1_parse_time ("20240102030405Z");
  g_autoptr(GDateTime) b = mc_asn1_parse_time ("20240102030405.25Z");
  g_autoptr(GDateTime) c = mc_asn1_parse_time ("240102030405Z");
  g_autoptr(GDateTime) d = mc_asn1_parse_time ("20240102030405+0700");
  g_autoptr(GDateTime) e = mc_asn1_parse_time ("2024");

  g_assert_nonnull (a);
  g_assert_cmpint (g_date_time_get_year (a), ==, 2024);
  g_assert_cmpint (g_date_time_get_hour (a), ==, 3);
  g_assert_cmpint (g_date_time_get_second (a), ==, 5);
  g_assert_nonnull (b);
  g_assert_cmpint (g_date_time_get_microsecond (b), ==, 250000);
  g_assert_nonnull (c);
  g_assert_true (g_date_time_equal (a, c));
  g_assert_null (d);
  g_assert_null (e);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  pki.ca = mc_test_identity_new_ca ("Test Root CA Một Cửa", MC_TEST_KEY_EC);
  pki.other_ca = mc_test_identity_new_ca ("Unrelated Root", MC_TEST_KEY_EC);
  pki.rsa = mc_test_identity_new_leaf (pki.ca, "Nguyễn Văn An", "UBND xã Định Hiệp",
                                       MC_TEST_KEY_RSA, LEAF_USAGE, 0x0102);
  pki.ec = mc_test_identity_new_leaf (pki.ca, "Trần Thị Bình", "UBND xã Định Hiệp",
                                      MC_TEST_KEY_EC, LEAF_USAGE, 0x0103);

  g_test_add_func ("/signing/certificate/names", test_certificate_names);
  g_test_add_func ("/signing/certificate/load-file", test_certificate_load_file);
  g_test_add_func ("/signing/cms/structure-rsa", test_cms_structure_rsa);
  g_test_add_func ("/signing/cms/structure-ec", test_cms_structure_ec);
  g_test_add_func ("/signing/cms/estimate", test_cms_estimate);
  g_test_add_func ("/signing/cms/bad-input", test_cms_bad_input);
  g_test_add_func ("/signing/cms/add-timestamp", test_cms_add_timestamp);
  g_test_add_func ("/signing/verify/valid", test_verify_valid);
  g_test_add_func ("/signing/verify/offline-unknown-revocation", test_verify_offline_unknown_revocation);
  g_test_add_func ("/signing/verify/revoked-by-crl", test_verify_revoked_by_crl);
  g_test_add_func ("/signing/verify/tampered-digest", test_verify_tampered_digest);
  g_test_add_func ("/signing/verify/tampered-signature", test_verify_tampered_signature);
  g_test_add_func ("/signing/verify/wrong-anchor", test_verify_wrong_anchor);
  g_test_add_func ("/signing/verify/unreadable", test_verify_unreadable);
  g_test_add_func ("/signing/trust-store/directory", test_trust_store_directory);
  g_test_add_func ("/signing/token/pin-state", test_token_pin_state);
  g_test_add_func ("/signing/asn1/time", test_asn1_time);

  ret = g_test_run ();

  mc_test_identity_free (pki.rsa);
  mc_test_identity_free (pki.ec);
  mc_test_identity_free (pki.ca);
  mc_test_identity_free (pki.other_ca);
  return ret;
}
