/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the verifier accepts as evidence, against real peers: signatures
 * made by `openssl cms` and time-stamped by `openssl ts -reply` with the
 * test PKI (tests/pki/make-pki.sh); OCSP answers and CRLs from the test
 * responder or, with chosen dates, from tests/pki/make-revinfo.py. Stale
 * OCSP answers and expired CRLs do not count; MD5 is refused, SHA-1 is
 * indeterminate; no request goes to a server named by a certificate that
 * does not lead to a trust anchor (the peer counts requests), redirects
 * are not followed, and a responder that never answers is given up on at
 * the verifier's deadline. */
#include "config.h"

#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <gnutls/crypto.h>

#include "mc-cms.h"
#include "mc-pades-signer.h"
#include "mc-cms-private.h"
#include "mc-test-pki.h"
#include "mc-verifier.h"

static McTestPki *pki;
static char *work;

static const char *
env (const char *key)
{
  const char *v = mc_test_pki_get (pki, key);

  g_assert_nonnull (v);
  return v;
}

static char *
pki_file (const char *rel)
{
  return g_build_filename (env ("MC_PKI_DIR"), rel, NULL);
}

static char *
work_file (const char *name)
{
  return g_build_filename (work, name, NULL);
}

static char *
work_file_for (const char *name,
               const char *suffix)
{
  g_autofree char *base = g_strconcat (name, suffix, NULL);

  return work_file (base);
}

static void
run_ok (const char * const *argv)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  out = mc_test_run (argv, &status, &err);
  if (status != 0)
    g_error ("%s failed (%d): %s", argv[0], status, err);
}

static GBytes *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data;
  gsize len;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

static const char *
python (void)
{
  return g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE) ? "/usr/bin/python3" : "python3";
}

/* ---- signatures made by openssl ---- */

#define DOCUMENT "Quyết định giao đất số 12/QĐ-UBND\n"

/* A detached CAdES signature of DOCUMENT by @signer with digest @md
 * (openssl's name); its digest of the document in @digest. */
static GBytes *
sign_document (const char *signer_pem,
               const char *signer_key,
               const char *certfile,
               const char *md,
               guint8     *digest,
               gsize      *digest_len)
{
  g_autofree char *doc = work_file ("document.txt");
  g_autofree char *out = work_file ("signature.der");
  GChecksumType type = g_str_equal (md, "md5") ? G_CHECKSUM_MD5
                       : g_str_equal (md, "sha1") ? G_CHECKSUM_SHA1 : G_CHECKSUM_SHA256;
  g_autoptr(GChecksum) sum = g_checksum_new (type);
  const char *argv[] = { "openssl", "cms", "-sign", "-binary", "-cades", "-md", md, "-in", doc,
                         "-signer", signer_pem, "-inkey", signer_key, "-outform", "DER", "-out", out,
                         certfile ? "-certfile" : NULL, certfile, NULL };

  g_assert_true (g_file_set_contents (doc, DOCUMENT, -1, NULL));
  run_ok (argv);
  g_checksum_update (sum, (const guchar *) DOCUMENT, strlen (DOCUMENT));
  *digest_len = 64;
  g_checksum_get_digest (sum, digest, digest_len);
  return read_file (out);
}

static GBytes *
sign_rsa (const char *md,
          guint8     *digest,
          gsize      *digest_len)
{
  g_autofree char *key = pki_file ("signers/rsa.key");

  return sign_document (env ("MC_PKI_SIGNER_RSA"), key, env ("MC_PKI_INTERMEDIATE"), md, digest, digest_len);
}

/* The same signer's SHA-256 signature made by our own CMS builder (with
 * the key read from its file instead of the token), which
 * mc_cms_add_timestamp() accepts. */
static GBytes *
sign_rsa_ours (guint8 *digest,
               gsize  *digest_len)
{
  g_autofree char *key_path = pki_file ("signers/rsa.key");
  g_autoptr(GBytes) key_pem = read_file (key_path);
  g_autoptr(McCertificate) signer = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(GError) error = NULL;
  gnutls_x509_privkey_t x509_key;
  gnutls_privkey_t key;
  gnutls_datum_t datum;
  GBytes *cms;
  gsize len;

  {
    g_autoptr(GPtrArray) certs = mc_certificate_load_file (env ("MC_PKI_SIGNER_RSA"), &error);

    g_assert_no_error (error);
    signer = g_object_ref (g_ptr_array_index (certs, 0));
  }
  chain = mc_certificate_load_file (env ("MC_PKI_INTERMEDIATE"), &error);
  g_assert_no_error (error);

  datum.data = (unsigned char *) g_bytes_get_data (key_pem, &len);
  datum.size = len;
  g_assert_cmpint (gnutls_x509_privkey_init (&x509_key), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_import (x509_key, &datum, GNUTLS_X509_FMT_PEM), ==, 0);
  g_assert_cmpint (gnutls_privkey_init (&key), ==, 0);
  g_assert_cmpint (gnutls_privkey_import_x509 (key, x509_key, GNUTLS_PRIVKEY_IMPORT_AUTO_RELEASE), ==, 0);

  {
    g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

    g_checksum_update (sum, (const guchar *) DOCUMENT, strlen (DOCUMENT));
    *digest_len = 32;
    g_checksum_get_digest (sum, digest, digest_len);
  }
  cms = mc_cms_sign_detached (key, signer, chain, digest, *digest_len, &error);
  g_assert_no_error (error);
  gnutls_privkey_deinit (key);
  return cms;
}

/* Adds a signature time-stamp from `openssl ts -reply`, its imprint made
 * with @md; the TSA accepts MD5 and SHA-1 here so the verifier has to be
 * the one refusing them. */
static GBytes *
add_timestamp (GBytes     *cms,
               const char *md)
{
  g_autofree char *conf = pki_file ("tsa/tsa.cnf");
  g_autofree char *weak_conf = work_file ("tsa-weak.cnf");
  g_autofree char *value_path = work_file ("signature-value.bin");
  g_autofree char *query = work_file ("query.tsq");
  g_autofree char *token_path = work_file ("token.der");
  g_autofree char *text = NULL;
  g_autofree char *dash_md = g_strconcat ("-", md, NULL);
  g_autoptr(GBytes) value = NULL;
  g_autoptr(GBytes) token = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) parts = NULL;
  GBytes *out;

  g_assert_true (g_file_get_contents (conf, &text, NULL, NULL));
  parts = g_strsplit (text, "digests = sha256, sha384, sha512", 2);
  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  g_clear_pointer (&text, g_free);
  text = g_strjoinv ("digests = md5, sha1, sha256, sha384, sha512", parts);
  g_assert_true (g_file_set_contents (weak_conf, text, -1, NULL));

  value = mc_cms_get_signature_value (cms, &error);
  g_assert_no_error (error);
  mc_test_write_file (value_path, value);
  {
    const char *q[] = { "openssl", "ts", "-query", "-data", value_path, dash_md, "-cert", "-out", query, NULL };
    const char *r[] = { "openssl", "ts", "-reply", "-config", weak_conf, "-queryfile", query,
                        "-token_out", "-out", token_path, NULL };

    run_ok (q);
    run_ok (r);
  }
  token = read_file (token_path);
  out = mc_cms_add_timestamp (cms, token, &error);
  g_assert_no_error (error);
  return out;
}

/* ---- revocation data ---- */

static GBytes *
ocsp_answer (gint64 this_update,
             gint64 next_update)
{
  g_autofree char *script = g_build_filename (g_getenv ("MOTCUA_SOURCE_DIR"), "tests", "pki", "make-revinfo.py", NULL);
  g_autofree char *rkey = pki_file ("ocsp/ocsp.key");
  g_autofree char *out = work_file ("ocsp.der");
  g_autofree char *tu = g_strdup_printf ("%" G_GINT64_FORMAT, this_update);
  g_autofree char *nu = g_strdup_printf ("%" G_GINT64_FORMAT, next_update);
  const char *argv[] = { python (), script, "ocsp", env ("MC_PKI_INTERMEDIATE"), env ("MC_PKI_SIGNER_RSA"),
                         env ("MC_PKI_OCSP_CERT"), rkey, tu, nu, out, NULL };

  run_ok (argv);
  return read_file (out);
}

static GBytes *
inter_crl (gint64 last_update,
           gint64 next_update)
{
  g_autofree char *script = g_build_filename (g_getenv ("MOTCUA_SOURCE_DIR"), "tests", "pki", "make-revinfo.py", NULL);
  g_autofree char *key = pki_file ("inter/key.pem");
  g_autofree char *out = work_file ("inter-crl.der");
  g_autofree char *lu = g_strdup_printf ("%" G_GINT64_FORMAT, last_update);
  g_autofree char *nu = g_strdup_printf ("%" G_GINT64_FORMAT, next_update);
  const char *argv[] = { python (), script, "crl", env ("MC_PKI_INTERMEDIATE"), key, lu, nu, out, NULL };

  run_ok (argv);
  return read_file (out);
}

/* A DSS with the root's CRL (for the intermediate) and @signer_ocsp
 * and/or @signer_crl for the signer. */
static McValidationData *
dss_with (GBytes *signer_ocsp,
          GBytes *signer_crl)
{
  McValidationData *dss = mc_validation_data_new ();
  g_autoptr(GBytes) root_crl = read_file (env ("MC_PKI_ROOT_CRL"));

  mc_validation_data_add_crl (dss, root_crl);
  if (signer_ocsp != NULL)
    mc_validation_data_add_ocsp_response (dss, signer_ocsp);
  if (signer_crl != NULL)
    mc_validation_data_add_crl (dss, signer_crl);
  return dss;
}

static McTrustStore *
trust_of (const char *anchor_file)
{
  McTrustStore *trust = mc_trust_store_new ();
  g_autoptr(GError) error = NULL;

  mc_trust_store_add_file (trust, anchor_file, &error);
  g_assert_no_error (error);
  return trust;
}

static McSignatureReport *
verify_with (McTrustStore     *trust,
             GBytes           *cms,
             const guint8     *digest,
             gsize             digest_len,
             McValidationData *dss,
             gboolean          online,
             guint             timeout)
{
  g_autoptr(McVerifier) verifier = mc_verifier_new (trust);
  g_autoptr(GError) error = NULL;
  McSignatureReport *report;

  mc_verifier_set_allow_network (verifier, online);
  if (timeout > 0)
    mc_verifier_set_network_timeout (verifier, timeout);
  report = mc_verifier_verify_sync (verifier, cms, digest, digest_len, dss, NULL, &error);
  g_assert_no_error (error);
  return report;
}

static McSignatureReport *
verify (GBytes           *cms,
        const guint8     *digest,
        gsize             digest_len,
        McValidationData *dss,
        gboolean          online)
{
  g_autoptr(McTrustStore) trust = trust_of (env ("MC_PKI_ROOT"));

  return verify_with (trust, cms, digest, digest_len, dss, online, 0);
}

static gboolean
has_problem (McSignatureReport *report,
             const char        *needle)
{
  GStrv problems = mc_signature_report_get_problems (report);

  for (guint i = 0; problems != NULL && problems[i] != NULL; i++)
    if (strstr (problems[i], needle) != NULL)
      return TRUE;
  for (guint i = 0; problems != NULL && problems[i] != NULL; i++)
    g_test_message ("problem: %s", problems[i]);
  return FALSE;
}

/* ---- tests ---- */

static void
test_ocsp_freshness (void)
{
  guint8 digest[64];
  gsize digest_len;
  g_autoptr(GBytes) plain = sign_rsa_ours (digest, &digest_len);
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GBytes) cms = add_timestamp (plain, "sha256");
  gint64 after = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GBytes) stale = ocsp_answer (before - 3600, after + 86400);
  g_autoptr(GBytes) fresh = ocsp_answer (after, after + 86400);
  g_autoptr(GBytes) expired = ocsp_answer (after, after - 1);
  g_autoptr(McValidationData) stale_dss = dss_with (stale, NULL);
  g_autoptr(McValidationData) fresh_dss = dss_with (fresh, NULL);
  g_autoptr(McValidationData) expired_dss = dss_with (expired, NULL);
  g_autoptr(McSignatureReport) r_stale = verify (cms, digest, digest_len, stale_dss, FALSE);
  g_autoptr(McSignatureReport) r_fresh = verify (cms, digest, digest_len, fresh_dss, FALSE);
  g_autoptr(McSignatureReport) r_expired = verify (cms, digest, digest_len, expired_dss, FALSE);
  g_autoptr(McSignatureReport) r_online = verify (cms, digest, digest_len, stale_dss, TRUE);

  g_assert_cmpint (mc_signature_report_get_timestamp_check (r_fresh), ==, MC_CHECK_PASSED);

  /* Issued an hour before the time-stamp: says nothing about signing time. */
  g_assert_cmpint (mc_signature_report_get_revocation_check (r_stale), ==, MC_CHECK_INDETERMINATE);
  g_assert_cmpint (mc_signature_report_get_status (r_stale), ==, MC_SIGNATURE_STATUS_INDETERMINATE);
  g_assert_true (has_problem (r_stale, "before the signature was made"));

  /* Issued after it, and not expired: counts, offline. */
  g_assert_cmpint (mc_signature_report_get_revocation_check (r_fresh), ==, MC_CHECK_PASSED);
  g_assert_cmpint (mc_signature_report_get_status (r_fresh), ==, MC_SIGNATURE_STATUS_VALID);

  /* Past its nextUpdate: does not count. */
  g_assert_cmpint (mc_signature_report_get_status (r_expired), ==, MC_SIGNATURE_STATUS_INDETERMINATE);
  g_assert_true (has_problem (r_expired, "expired"));

  /* Stale data in the document, network allowed: the responder is asked. */
  g_assert_cmpint (mc_signature_report_get_status (r_online), ==, MC_SIGNATURE_STATUS_VALID);
  g_assert_true (mc_revocation_result_get_fetched (mc_signature_report_get_revocation (r_online)));
}

static void
test_crl_expired (void)
{
  guint8 digest[64];
  gsize digest_len;
  g_autoptr(GBytes) plain = sign_rsa_ours (digest, &digest_len);
  g_autoptr(GBytes) cms = add_timestamp (plain, "sha256");
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GBytes) old_crl = inter_crl (now - 10 * 86400, now - 86400);
  g_autoptr(GBytes) current_crl = read_file (env ("MC_PKI_CRL"));
  g_autoptr(McValidationData) old_dss = dss_with (NULL, old_crl);
  g_autoptr(McValidationData) current_dss = dss_with (NULL, current_crl);
  g_autoptr(McSignatureReport) r_old = verify (cms, digest, digest_len, old_dss, FALSE);
  g_autoptr(McSignatureReport) r_current = verify (cms, digest, digest_len, current_dss, FALSE);

  g_assert_cmpint (mc_signature_report_get_revocation_check (r_old), ==, MC_CHECK_INDETERMINATE);
  g_assert_cmpint (mc_signature_report_get_status (r_old), ==, MC_SIGNATURE_STATUS_INDETERMINATE);
  g_assert_true (has_problem (r_old, "the CRL expired"));
  g_assert_cmpint (mc_signature_report_get_status (r_current), ==, MC_SIGNATURE_STATUS_VALID);
}

static void
test_weak_digests (void)
{
  guint8 digest[64];
  gsize digest_len;
  gint64 now;
  g_autoptr(GBytes) fresh = NULL;
  g_autoptr(McValidationData) dss = NULL;

  /* A time-stamp whose imprint is MD5: refused, the signature invalid. */
  {
    g_autoptr(GBytes) plain = sign_rsa_ours (digest, &digest_len);
    g_autoptr(GBytes) cms = add_timestamp (plain, "md5");
    g_autoptr(McSignatureReport) r = NULL;

    now = g_get_real_time () / G_USEC_PER_SEC;
    fresh = ocsp_answer (now, now + 86400);
    dss = dss_with (fresh, NULL);
    r = verify (cms, digest, digest_len, dss, FALSE);
    g_assert_cmpint (mc_signature_report_get_timestamp_check (r), ==, MC_CHECK_FAILED);
    g_assert_cmpint (mc_signature_report_get_status (r), ==, MC_SIGNATURE_STATUS_INVALID);
    g_assert_true (has_problem (r, "MD5"));
  }

  /* A SHA-1 time-stamp imprint: indeterminate, with the reason. */
  {
    g_autoptr(GBytes) plain = sign_rsa_ours (digest, &digest_len);
    g_autoptr(GBytes) cms = add_timestamp (plain, "sha1");
    g_autoptr(McSignatureReport) r = verify (cms, digest, digest_len, dss, FALSE);

    g_assert_cmpint (mc_signature_report_get_timestamp_check (r), ==, MC_CHECK_INDETERMINATE);
    g_assert_cmpint (mc_signature_report_get_status (r), ==, MC_SIGNATURE_STATUS_INDETERMINATE);
    g_assert_true (has_problem (r, "SHA1"));
  }

  /* A SHA-1 document digest, everything else in order: indeterminate. */
  {
    g_autoptr(GBytes) cms = sign_rsa ("sha1", digest, &digest_len);
    g_autoptr(McSignatureReport) r = NULL;

    g_assert_cmpuint (digest_len, ==, 20);
    r = verify (cms, digest, digest_len, dss, FALSE);
    g_assert_cmpint (mc_signature_report_get_digest_check (r), ==, MC_CHECK_INDETERMINATE);
    g_assert_cmpint (mc_signature_report_get_status (r), ==, MC_SIGNATURE_STATUS_INDETERMINATE);
    g_assert_true (has_problem (r, "SHA1"));
  }

  /* An MD5 document digest (md5WithRSA): refused even though it matches. */
  {
    g_autoptr(GBytes) cms = sign_rsa ("md5", digest, &digest_len);
    g_autoptr(McSignatureReport) r = NULL;

    g_assert_cmpuint (digest_len, ==, 16);
    r = verify (cms, digest, digest_len, dss, FALSE);
    g_assert_cmpint (mc_signature_report_get_digest_check (r), ==, MC_CHECK_FAILED);
    g_assert_cmpint (mc_signature_report_get_status (r), ==, MC_SIGNATURE_STATUS_INVALID);
    g_assert_true (has_problem (r, "MD5"));
  }

  /* The control: the same signer with SHA-256 and this DSS is valid. */
  {
    g_autoptr(GBytes) cms = sign_rsa ("sha256", digest, &digest_len);
    g_autoptr(McSignatureReport) r = verify (cms, digest, digest_len, dss, FALSE);

    g_assert_cmpint (mc_signature_report_get_status (r), ==, MC_SIGNATURE_STATUS_VALID);
  }
}

/* A root of our own and a leaf it issues, whose certificate names
 * @ocsp_urls (comma-separated "OCSP;URI:..." items) and @crl_url. */
static void
make_rogue (const char *name,
            const char *aia,
            const char *crl_url,
            char      **root_pem,
            char      **leaf_pem,
            char      **leaf_key)
{
  g_autofree char *root_key = NULL;
  g_autofree char *csr = NULL;
  g_autofree char *ext = NULL;
  g_autofree char *ext_text = NULL;
  g_autofree char *subj = g_strdup_printf ("/CN=%s", name);

  *root_pem = work_file_for (name, "-root.pem");
  root_key = work_file_for (name, "-root.key");
  *leaf_pem = work_file_for (name, "-leaf.pem");
  *leaf_key = work_file_for (name, "-leaf.key");
  csr = work_file_for (name, "-leaf.csr");
  ext = work_file_for (name, ".ext");
  ext_text = g_strdup_printf ("[v3]\nbasicConstraints = critical, CA:FALSE\n"
                              "keyUsage = critical, digitalSignature, nonRepudiation\n"
                              "subjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n"
                              "authorityInfoAccess = %s\n%s%s\n",
                              aia, crl_url ? "crlDistributionPoints = URI:" : "", crl_url ? crl_url : "");
  g_assert_true (g_file_set_contents (ext, ext_text, -1, NULL));
  {
    const char *a[] = { "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                        "-nodes", "-keyout", root_key, "-out", *root_pem, "-subj", "/CN=Rogue Root",
                        "-days", "30", NULL };
    const char *b[] = { "openssl", "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", *leaf_key,
                        "-out", csr, "-subj", subj, NULL };
    const char *c[] = { "openssl", "x509", "-req", "-in", csr, "-CA", *root_pem, "-CAkey", root_key,
                        "-set_serial", "77", "-days", "30", "-extfile", ext, "-extensions", "v3",
                        "-out", *leaf_pem, NULL };

    run_ok (a);
    run_ok (b);
    run_ok (c);
  }
}

/* "COUNTED REDIRECTED" from the peer. */
static void
peer_requests (guint *counted,
               guint *redirected)
{
  g_autofree char *url = g_strdup_printf ("%s/requests", env ("MC_PKI_HTTP_URL"));
  const char *argv[] = { python (), "-c",
                         "import sys, urllib.request;"
                         "sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())",
                         url, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  out = mc_test_run (argv, &status, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpint (sscanf (out, "%u %u", counted, redirected), ==, 2);
}

static void
test_untrusted_chain_asks_nobody (void)
{
  g_autofree char *aia = g_strdup_printf ("OCSP;URI:%s/redirect/ocsp, caIssuers;URI:%s/count/ca.cer",
                                          env ("MC_PKI_HTTP_URL"), env ("MC_PKI_HTTP_URL"));
  g_autofree char *crl = g_strdup_printf ("%s/count/rogue.crl", env ("MC_PKI_HTTP_URL"));
  g_autofree char *root = NULL, *leaf = NULL, *key = NULL;
  g_autoptr(GBytes) cms = NULL;
  g_autoptr(McTrustStore) shipped = trust_of (env ("MC_PKI_ROOT"));
  g_autoptr(McTrustStore) rogue_trusted = NULL;
  g_autoptr(McSignatureReport) untrusted = NULL;
  g_autoptr(McSignatureReport) trusted = NULL;
  guint8 digest[64];
  gsize digest_len;
  guint counted0, redirected0, counted, redirected;

  make_rogue ("rogue", aia, crl, &root, &leaf, &key);
  /* The signature carries the rogue root, so the chain is complete, just
   * not anchored: exactly what an attacker would send. */
  cms = sign_document (leaf, key, root, "sha256", digest, &digest_len);
  peer_requests (&counted0, &redirected0);

  /* Not trusted: the verifier must not call any address the certificate
   * names, even with the network allowed. */
  untrusted = verify_with (shipped, cms, digest, digest_len, NULL, TRUE, 0);
  g_assert_cmpint (mc_signature_report_get_status (untrusted), ==, MC_SIGNATURE_STATUS_INDETERMINATE);
  g_assert_cmpint (mc_signature_report_get_chain_check (untrusted), ==, MC_CHECK_INDETERMINATE);
  g_assert_true (has_problem (untrusted, "not asked"));
  peer_requests (&counted, &redirected);
  g_assert_cmpuint (counted, ==, counted0);
  g_assert_cmpuint (redirected, ==, redirected0);

  /* The control, which also shows the counter counts: with its root
   * trusted, the servers are asked; the redirect is not followed. */
  rogue_trusted = trust_of (root);
  trusted = verify_with (rogue_trusted, cms, digest, digest_len, NULL, TRUE, 0);
  peer_requests (&counted, &redirected);
  g_assert_cmpuint (redirected, ==, redirected0 + 1);
  g_assert_cmpuint (counted, ==, counted0 + 1); /* the CRL, never the redirect target */
  g_assert_cmpint (mc_signature_report_get_revocation_check (trusted), ==, MC_CHECK_INDETERMINATE);
  g_assert_true (has_problem (trusted, "302"));
}

static void
test_deadline (void)
{
  struct sockaddr_in addr = { 0 };
  socklen_t addr_len = sizeof addr;
  int fd = socket (AF_INET, SOCK_STREAM, 0);
  g_autofree char *aia = NULL;
  g_autoptr(GString) aia_list = g_string_new (NULL);
  g_autofree char *root = NULL, *leaf = NULL, *key = NULL;
  g_autoptr(GBytes) cms = NULL;
  g_autoptr(McTrustStore) trust = NULL;
  g_autoptr(McSignatureReport) report = NULL;
  guint8 digest[64];
  gsize digest_len;
  gint64 start, elapsed;

  /* A responder that takes the connection (the kernel does, from the
   * backlog) and never answers. */
  g_assert_cmpint (fd, >=, 0);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (listen (fd, 16), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &addr, &addr_len), ==, 0);

  /* Five of them: without one deadline for all, 5 × the per-request
   * timeout (20 s) would pass before the verifier gave up. */
  for (guint i = 0; i < 5; i++)
    g_string_append_printf (aia_list, "%sOCSP;URI:http://127.0.0.1:%u/ocsp%u", i ? ", " : "",
                            (guint) ntohs (addr.sin_port), i);
  aia = g_string_free (g_steal_pointer (&aia_list), FALSE);
  make_rogue ("silent", aia, NULL, &root, &leaf, &key);
  cms = sign_document (leaf, key, NULL, "sha256", digest, &digest_len);
  trust = trust_of (root);

  start = g_get_monotonic_time ();
  report = verify_with (trust, cms, digest, digest_len, NULL, TRUE, 2);
  elapsed = g_get_monotonic_time () - start;
  close (fd);

  g_assert_cmpint (mc_signature_report_get_revocation_check (report), ==, MC_CHECK_INDETERMINATE);
  g_assert_cmpint (mc_signature_report_get_status (report), ==, MC_SIGNATURE_STATUS_INDETERMINATE);
  g_assert_true (has_problem (report, "within the time allowed"));
  /* A bound no loaded machine reaches unless the deadline is ignored. */
  g_test_message ("gave up after %" G_GINT64_FORMAT " ms", elapsed / 1000);
  g_assert_cmpint (elapsed, <, 60 * G_USEC_PER_SEC);
}

static void
test_trust_dir_environment (void)
{
  g_autoptr(McTrustStore) without = NULL;
  g_autoptr(McTrustStore) with_env = NULL;
  g_autoptr(McTrustStore) shipped = trust_of (env ("MC_PKI_ROOT"));
  g_autoptr(McCertificate) root = NULL;
  g_autoptr(GBytes) cms = NULL;
  g_autoptr(GBytes) fresh = NULL;
  g_autoptr(McValidationData) dss = NULL;
  g_autoptr(McSignatureReport) by_user = NULL;
  g_autoptr(McSignatureReport) by_shipped = NULL;
  g_autoptr(GError) error = NULL;
  guint8 digest[64];
  gsize digest_len;
  gint64 now;

  {
    g_autoptr(GPtrArray) certs = mc_certificate_load_file (env ("MC_PKI_ROOT"), &error);

    g_assert_no_error (error);
    root = g_object_ref (g_ptr_array_index (certs, 0));
  }

  g_unsetenv ("MOTCUA_TRUST_DIR");
  without = mc_trust_store_new_default (NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (mc_trust_store_contains (without, root));

  /* What ./dev exports for the demo: the default store reads it, and
   * marks its roots as the user's. */
  g_setenv ("MOTCUA_TRUST_DIR", env ("MC_PKI_ANCHORS"), TRUE);
  with_env = mc_trust_store_new_default (NULL, NULL, &error);
  g_unsetenv ("MOTCUA_TRUST_DIR");
  g_assert_no_error (error);
  g_assert_true (mc_trust_store_contains (with_env, root));
  g_assert_cmpint (mc_trust_store_get_origin (with_env, root), ==, MC_TRUST_ORIGIN_USER);
  g_assert_cmpint (mc_trust_store_get_origin (shipped, root), ==, MC_TRUST_ORIGIN_SHIPPED);
  g_assert_cmpint (mc_trust_store_get_origin (without, root), ==, MC_TRUST_ORIGIN_NONE);

  cms = sign_rsa ("sha256", digest, &digest_len);
  now = g_get_real_time () / G_USEC_PER_SEC;
  fresh = ocsp_answer (now, now + 86400);
  dss = dss_with (fresh, NULL);
  by_user = verify_with (with_env, cms, digest, digest_len, dss, FALSE, 0);
  by_shipped = verify_with (shipped, cms, digest, digest_len, dss, FALSE, 0);
  g_assert_cmpint (mc_signature_report_get_status (by_user), ==, MC_SIGNATURE_STATUS_VALID);
  g_assert_true (has_problem (by_user, "trusted by you"));
  g_assert_true (mc_trust_store_find_user_anchor (with_env, mc_signature_report_get_chain (by_user)) != NULL);
  g_assert_cmpint (mc_signature_report_get_status (by_shipped), ==, MC_SIGNATURE_STATUS_VALID);
  g_assert_null (mc_trust_store_find_user_anchor (shipped, mc_signature_report_get_chain (by_shipped)));
  {
    GStrv problems = mc_signature_report_get_problems (by_shipped);

    for (guint i = 0; problems != NULL && problems[i] != NULL; i++)
      g_assert_null (strstr (problems[i], "trusted by you"));
  }
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  pki = mc_test_pki_start ();
  work = g_build_filename (env ("MC_PKI_DIR"), "policy", NULL);
  g_assert_cmpint (g_mkdir_with_parents (work, 0700), ==, 0);

  g_test_add_func ("/verify/ocsp-freshness", test_ocsp_freshness);
  g_test_add_func ("/verify/crl-expired", test_crl_expired);
  g_test_add_func ("/verify/weak-digests", test_weak_digests);
  g_test_add_func ("/verify/untrusted-chain-asks-nobody", test_untrusted_chain_asks_nobody);
  g_test_add_func ("/verify/deadline", test_deadline);
  g_test_add_func ("/verify/trust-dir-environment", test_trust_dir_environment);

  ret = g_test_run ();
  mc_test_pki_stop (pki);
  g_free (work);
  return ret;
}
