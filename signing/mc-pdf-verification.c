/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Checking every signature of a PDF: the byte ranges each covers (and
 * whether they end where a revision of the file ends), the CMS judged by
 * McVerifier with the document's own DSS, the PAdES level the file gives
 * it, and what the revisions after it changed (only signatures, DSS and
 * annotations may come later). A signature's byte ranges are hashed
 * through the document that was parsed, so the bytes judged are the bytes
 * read; mc_pades_hash_file() hashes a path in one pass for the signer's
 * final check. Document time-stamps (/DocTimeStamp) are checked as
 * time-stamp tokens over their ranges, their digests judged like any
 * other (MD5 refused, SHA-1 unproven). Also the default trust store: the
 * shipped roots plus the user's own. */
#define G_LOG_DOMAIN "motcua-signing"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib/gi18n-lib.h>

#include "mc-asn1.h"
#include "mc-certificate-private.h"
#include "mc-change-private.h"
#include "mc-cms.h"
#include "mc-cms-private.h"
#include "mc-pades-private.h"
#include "mc-pades-signer.h"
#include "mc-signature-report-private.h"
#include "mc-trust-store-private.h"
#include "mc-tsa-private.h"
#include "mc-verifier.h"

#define HASH_CHUNK    (256 * 1024)
#define MAX_DSS_ITEM  (16u << 20)

char *
mc_pades_hex (const guint8 *data,
              gsize         len)
{
  static const char digits[] = "0123456789abcdef";
  char *out = g_malloc (2 * len + 1);

  for (gsize i = 0; i < len; i++)
    {
      out[2 * i] = digits[data[i] >> 4];
      out[2 * i + 1] = digits[data[i] & 15];
    }
  out[2 * len] = '\0';
  return out;
}

static void
feed_ranges (gnutls_hash_hd_t  hash,
             const gint64      br[4],
             gint64            pos,
             const guint8     *data,
             gsize             len)
{
  for (int r = 0; r < 2; r++)
    {
      gint64 from = MAX (pos, br[2 * r]);
      gint64 to = MIN (pos + (gint64) len, br[2 * r] + br[2 * r + 1]);

      if (to > from)
        gnutls_hash (hash, data + (from - pos), (gsize) (to - from));
    }
}

/* One pass over @path: the digest of the two byte ranges with
 * @algorithm, and with @file_sha256 the SHA-256 of the whole file. */
gboolean
mc_pades_hash_file (const char                *path,
                    const gint64               br[4],
                    gnutls_digest_algorithm_t  algorithm,
                    guint8                    *range_digest,
                    guint8                    *file_sha256,
                    GCancellable              *cancellable,
                    GError                   **error)
{
  g_autofree guint8 *buf = NULL;
  gnutls_hash_hd_t range_hash = NULL, file_hash = NULL;
  struct stat st;
  gint64 pos = 0, end;
  gboolean ok = TRUE;
  int fd;

  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0 || fstat (fd, &st) != 0)
    {
      int err = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_IO,
                   _("Could not read “%s”: %s"), path, g_strerror (err));
      return FALSE;
    }
  if (br[0] != 0 || br[1] < 0 || br[2] < br[1] || br[3] < 0 || br[2] + br[3] > st.st_size)
    {
      close (fd);
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_DAMAGED,
                   _("The byte ranges of a signature lie outside the file “%s”."), path);
      return FALSE;
    }
  if (gnutls_hash_init (&range_hash, algorithm) < 0
      || (file_sha256 != NULL && gnutls_hash_init (&file_hash, GNUTLS_DIG_SHA256) < 0))
    {
      if (range_hash != NULL)
        gnutls_hash_deinit (range_hash, NULL);
      close (fd);
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CMS_INVALID,
                   _("The signature uses a digest algorithm this program does not know."));
      return FALSE;
    }
#ifdef POSIX_FADV_SEQUENTIAL
  posix_fadvise (fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif

  buf = g_malloc (HASH_CHUNK);
  end = file_sha256 != NULL ? st.st_size : br[2] + br[3];
  while (pos < end)
    {
      gssize n;

      if (file_sha256 == NULL && pos >= br[1] && pos < br[2])
        {
          pos = br[2];
          continue;
        }
      n = pread (fd, buf, (gsize) MIN ((gint64) HASH_CHUNK,
                                       (file_sha256 == NULL && pos < br[1] ? br[1] : end) - pos), pos);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_IO,
                       _("Could not read “%s”: %s"), path,
                       n < 0 ? g_strerror (errno) : _("the file is shorter than it was"));
          ok = FALSE;
          break;
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }
      feed_ranges (range_hash, br, pos, buf, (gsize) n);
      if (file_hash != NULL)
        gnutls_hash (file_hash, buf, (gsize) n);
      pos += n;
    }
  close (fd);
  gnutls_hash_deinit (range_hash, ok ? range_digest : NULL);
  if (file_hash != NULL)
    gnutls_hash_deinit (file_hash, ok ? file_sha256 : NULL);
  return ok;
}

/* ---- the document security store ---- */

static void
read_dss_list (McPdfDocument     *doc,
               McPdfObj          *store,
               const char        *key,
               McValidationData  *data,
               void             (*add) (McValidationData *, GBytes *))
{
  g_autoptr(McPdfObj) list = mc_pdf_document_dict_lookup (doc, store, key, NULL);

  for (guint i = 0; i < mc_pdf_array_length (list); i++)
    {
      g_autoptr(McPdfObj) stream = mc_pdf_document_resolve (doc, mc_pdf_array_get (list, i), NULL);
      g_autoptr(GBytes) der = NULL;

      if (!mc_pdf_obj_is (stream, MC_PDF_OBJ_STREAM))
        continue;
      der = mc_pdf_document_read_stream (doc, stream, TRUE, MAX_DSS_ITEM, NULL);
      if (der != NULL && g_bytes_get_size (der) > 0)
        add (data, der);
    }
}

/* The /DSS of @doc, or %NULL when it has none. @vri_keys gets the keys
 * of its /VRI entries (upper-case hex). A damaged DSS counts as none:
 * it only ever adds evidence. */
McValidationData *
mc_pades_read_dss (McPdfDocument  *doc,
                   GHashTable    **vri_keys,
                   GError        **error)
{
  g_autoptr(McPdfObj) cat = NULL;
  g_autoptr(McPdfObj) store = NULL;
  g_autoptr(McPdfObj) vri = NULL;
  g_autoptr(McValidationData) data = NULL;

  if (vri_keys != NULL)
    *vri_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  cat = mc_pdf_document_get_catalog (doc, error);
  if (cat == NULL)
    return NULL;
  store = mc_pdf_document_dict_lookup (doc, cat, "DSS", NULL);
  if (!mc_pdf_obj_is (store, MC_PDF_OBJ_DICT))
    return NULL;

  data = mc_validation_data_new ();
  read_dss_list (doc, store, "Certs", data, mc_validation_data_add_certificate);
  read_dss_list (doc, store, "OCSPs", data, mc_validation_data_add_ocsp_response);
  read_dss_list (doc, store, "CRLs", data, mc_validation_data_add_crl);
  vri = mc_pdf_document_dict_lookup (doc, store, "VRI", NULL);
  for (guint i = 0; vri_keys != NULL && i < mc_pdf_dict_size (vri); i++)
    g_hash_table_add (*vri_keys, g_ascii_strup (mc_pdf_dict_key_at (vri, i), -1));
  return g_steal_pointer (&data);
}

/* ---- one signature ---- */

static McSignatureReport *
failed_report (const char *problem)
{
  McSignatureReport *report = mc_signature_report_new ();

  report->status = MC_SIGNATURE_STATUS_INVALID;
  mc_signature_report_add_problem (report, "%s", problem);
  return report;
}

static gnutls_digest_algorithm_t
gnutls_digest_of (GChecksumType type)
{
  switch (type)
    {
    case G_CHECKSUM_SHA1:
      return GNUTLS_DIG_SHA1;
    case G_CHECKSUM_SHA256:
      return GNUTLS_DIG_SHA256;
    case G_CHECKSUM_SHA384:
      return GNUTLS_DIG_SHA384;
    case G_CHECKSUM_SHA512:
      return GNUTLS_DIG_SHA512;
    case G_CHECKSUM_MD5:
    default:
      return GNUTLS_DIG_UNKNOWN;
    }
}

/* A /DocTimeStamp: a time-stamp token whose imprint is the digest of the
 * byte ranges. */
static McSignatureReport *
check_doc_timestamp (McVerifier          *verifier,
                     McPdfDocument       *doc,
                     McPdfSignatureInfo  *info,
                     GBytes              *token,
                     GCancellable        *cancellable,
                     GError             **error)
{
  g_autoptr(McSignatureReport) report = mc_signature_report_new ();
  g_autoptr(McTstInfo) tst = NULL;
  g_autoptr(McCertificate) tsa = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  g_autofree char *problem = NULL;
  guint8 digest[64];

  tst = mc_tst_info_parse (token, &local);
  if (tst != NULL)
    tsa = mc_tst_info_verify (tst, &local);
  if (tsa == NULL)
    return failed_report (local->message);

  report->signer = g_object_ref (tsa);
  report->timestamp_authority = g_object_ref (tsa);
  report->timestamp_time = g_date_time_ref (tst->gen_time);
  report->timestamp_check = MC_CHECK_PASSED;
  report->signature_check = MC_CHECK_PASSED;
  report->digest_algorithm = g_strdup (gnutls_digest_get_name (tst->imprint_digest));

  /* MD5 anywhere refuses the time-stamp; SHA-1 leaves it unproven. */
  if (!mc_verifier_judge_digest (report, tst->imprint_digest, _("The time-stamp’s document digest"),
                                 &report->timestamp_check) ||
      !mc_verifier_judge_digest (report, tst->sd->digest,
                                 _("The time-stamp’s own signature"), &report->timestamp_check) ||
      !mc_verifier_judge_digest (report, mc_cms_signature_oid_digest (tst->sd->signature_oid),
                                 _("The time-stamp’s own signature"), &report->timestamp_check))
    {
      report->status = MC_SIGNATURE_STATUS_INVALID;
      return g_steal_pointer (&report);
    }
  if (!mc_pdf_document_hash_ranges (doc, info->byte_range, tst->imprint_digest, digest,
                                    cancellable, &local))
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
      return failed_report (local->message);
    }
  if (g_bytes_get_size (tst->imprint) == gnutls_hash_get_len (tst->imprint_digest)
      && memcmp (g_bytes_get_data (tst->imprint, NULL), digest, g_bytes_get_size (tst->imprint)) == 0)
    report->digest_check = MC_CHECK_PASSED;
  else
    {
      report->digest_check = MC_CHECK_FAILED;
      mc_signature_report_add_problem (report, "%s", _("The document was changed after it was time-stamped."));
    }

  chain = mc_certificate_build_chain (tsa, tst->sd->certificates,
                                      mc_trust_store_get_anchors (mc_verifier_get_trust_store (verifier)));
  for (guint i = 0; i < chain->len; i++)
    g_ptr_array_add (report->chain, g_object_ref (g_ptr_array_index (chain, i)));
  if (mc_trust_store_verify_chain (mc_verifier_get_trust_store (verifier), chain,
                                   MC_OID_KP_TIME_STAMPING, tst->gen_time, &problem))
    report->chain_check = MC_CHECK_PASSED;
  else
    {
      report->chain_check = MC_CHECK_INDETERMINATE;
      mc_signature_report_add_problem (report, _("The time-stamp authority “%s” is not trusted: %s."),
                                       mc_certificate_get_subject_cn (tsa), problem);
    }
  report->revocation_check = MC_CHECK_NOT_DONE;
  if (report->digest_check == MC_CHECK_FAILED)
    report->status = MC_SIGNATURE_STATUS_INVALID;
  else if (report->chain_check != MC_CHECK_PASSED || report->timestamp_check != MC_CHECK_PASSED)
    report->status = MC_SIGNATURE_STATUS_INDETERMINATE;
  else
    report->status = MC_SIGNATURE_STATUS_VALID;
  return g_steal_pointer (&report);
}

static McSignatureReport *
check_cms (McVerifier          *verifier,
           McPdfDocument       *doc,
           McPdfSignatureInfo  *info,
           GBytes              *cms,
           McValidationData    *dss,
           GCancellable        *cancellable,
           GError             **error)
{
  g_autoptr(GError) local = NULL;
  gnutls_digest_algorithm_t algorithm;
  GChecksumType type;
  McSignatureReport *report;
  guint8 digest[64];

  if (!mc_cms_get_digest_type (cms, &type, &local))
    return failed_report (local->message);
  algorithm = gnutls_digest_of (type);
  if (algorithm == GNUTLS_DIG_UNKNOWN)
    return failed_report (_("The signature uses a digest algorithm that is not safe (MD5)."));
  if (!mc_pdf_document_hash_ranges (doc, info->byte_range, algorithm, digest, cancellable, &local))
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
      return failed_report (local->message);
    }
  report = mc_verifier_verify_sync (verifier, cms, digest, gnutls_hash_get_len (algorithm),
                                    dss, cancellable, &local);
  if (report == NULL)
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
      return failed_report (local->message);
    }
  return report;
}

/* The level the file gives a signature: the verifier's when it could
 * judge it; otherwise what the structure shows (a verified time-stamp
 * makes B-T, a DSS entry for the signature with revocation data B-LT),
 * so an untrusted root does not hide the level. */
static McPadesLevel
level_of (McPdfSignatureInfo *info,
          McSignatureReport  *report,
          McValidationData   *dss,
          GHashTable         *vri_keys)
{
  McPadesLevel level = mc_signature_report_get_level (report);
  g_autofree char *key = NULL;

  if (g_strcmp0 (info->sub_filter, "ETSI.CAdES.detached") != 0)
    return MC_PADES_LEVEL_NONE;
  if (level >= MC_PADES_LEVEL_B_LT)
    return level;
  if (mc_signature_report_get_signing_certificate_check (report) != MC_CHECK_PASSED)
    return MC_PADES_LEVEL_NONE;
  level = MC_PADES_LEVEL_B_B;
  if (mc_signature_report_get_timestamp_time (report) != NULL
      && mc_signature_report_get_timestamp_check (report) != MC_CHECK_FAILED)
    level = MC_PADES_LEVEL_B_T;
  key = mc_pdf_signature_info_get_vri_key (info);
  if (level == MC_PADES_LEVEL_B_T && dss != NULL && key != NULL && vri_keys != NULL
      && g_hash_table_contains (vri_keys, key)
      && (mc_validation_data_get_ocsp_responses (dss)->len > 0 || mc_validation_data_get_crls (dss)->len > 0))
    level = MC_PADES_LEVEL_B_LT;
  return level;
}

static int
compare_by_end (gconstpointer a,
                gconstpointer b)
{
  const McPdfSignatureInfo *x = *(McPdfSignatureInfo * const *) a;
  const McPdfSignatureInfo *y = *(McPdfSignatureInfo * const *) b;
  gint64 ex = x->has_byte_range ? x->byte_range[2] + x->byte_range[3] : G_MAXINT64;
  gint64 ey = y->has_byte_range ? y->byte_range[2] + y->byte_range[3] : G_MAXINT64;

  return ex < ey ? -1 : ex > ey ? 1 : 0;
}

/**
 * mc_pdf_signature_check_free:
 * @check: (transfer full) (nullable): a check
 */
void
mc_pdf_signature_check_free (McPdfSignatureCheck *check)
{
  if (check == NULL)
    return;
  g_free (check->field_name);
  g_free (check->signer);
  g_clear_pointer (&check->signing_time, g_date_time_unref);
  g_free (check->changes);
  g_clear_object (&check->report);
  g_free (check->reason);
  g_strfreev (check->allowed_changes);
  g_strfreev (check->disallowed_changes);
  g_free (check);
}

/**
 * mc_pdf_verdict_to_key:
 * @verdict: a verdict
 *
 * Returns: the verdict as the JSON `status` says it: "valid",
 *   "valid-with-allowed-changes", "indeterminate" or "invalid"
 */
const char *
mc_pdf_verdict_to_key (McPdfVerdict verdict)
{
  switch (verdict)
    {
    case MC_PDF_VERDICT_VALID:
      return "valid";
    case MC_PDF_VERDICT_VALID_WITH_CHANGES:
      return "valid-with-allowed-changes";
    case MC_PDF_VERDICT_INVALID:
      return "invalid";
    case MC_PDF_VERDICT_INDETERMINATE:
    default:
      return "indeterminate";
    }
}

/**
 * mc_pdf_verdict_to_string:
 * @verdict: a verdict
 *
 * Returns: the verdict in words, translated
 */
const char *
mc_pdf_verdict_to_string (McPdfVerdict verdict)
{
  switch (verdict)
    {
    case MC_PDF_VERDICT_VALID:
      return _("valid");
    case MC_PDF_VERDICT_VALID_WITH_CHANGES:
      return _("valid, with later changes the signature allows");
    case MC_PDF_VERDICT_INVALID:
      return _("NOT valid");
    case MC_PDF_VERDICT_INDETERMINATE:
    default:
      return _("could not be fully verified");
    }
}

/**
 * mc_modification_level_to_key:
 * @level: a modification level
 *
 * Returns: "none", "timestamps-dss", "form-filling-signatures",
 *   "annotations" or "other"
 */
const char *
mc_modification_level_to_key (McModificationLevel level)
{
  switch (level)
    {
    case MC_MODIFICATION_NONE:
      return "none";
    case MC_MODIFICATION_LTA:
      return "timestamps-dss";
    case MC_MODIFICATION_FORM:
      return "form-filling-signatures";
    case MC_MODIFICATION_ANNOTATIONS:
      return "annotations";
    case MC_MODIFICATION_OTHER:
    default:
      return "other";
    }
}

/* The one verdict, from the CMS report, what the byte ranges cover and
 * the change analysis; everything that shows a verdict reads this. */
static void
decide (McPdfSignatureCheck *check)
{
  McSignatureStatus status = mc_signature_report_get_status (check->report);
  GStrv problems = mc_signature_report_get_problems (check->report); /* transfer none */
  const char *problem = problems != NULL ? problems[0] : NULL;

  g_clear_pointer (&check->reason, g_free);
  if (status == MC_SIGNATURE_STATUS_INVALID)
    {
      check->verdict = MC_PDF_VERDICT_INVALID;
      check->reason = g_strdup (problem != NULL ? problem : _("The signature value does not check."));
    }
  else if (!check->covers_document)
    {
      check->verdict = MC_PDF_VERDICT_INVALID;
      check->reason = g_strdup (check->changes != NULL ? check->changes
                                : _("The signature does not cover the whole document as it was signed."));
    }
  else if (check->disallowed_changes != NULL)
    {
      check->verdict = MC_PDF_VERDICT_INVALID;
      check->reason = g_strdup (check->disallowed_changes[0]);
    }
  else if (status == MC_SIGNATURE_STATUS_INDETERMINATE)
    {
      check->verdict = MC_PDF_VERDICT_INDETERMINATE;
      check->reason = g_strdup (problem != NULL ? problem : _("Not every check could be completed."));
    }
  else if (check->modification_level >= MC_MODIFICATION_FORM)
    {
      g_autofree char *list = check->allowed_changes ? g_strjoinv (" ", check->allowed_changes) : NULL;
      check->verdict = MC_PDF_VERDICT_VALID_WITH_CHANGES;
      check->reason = g_steal_pointer (&list);
    }
  else
    check->verdict = MC_PDF_VERDICT_VALID;
}

/**
 * mc_pdf_signature_check_is_valid:
 * @check: a check
 *
 * Returns: whether the signature is valid as a whole: the CMS verdict is
 *   valid, the byte ranges cover its revision and nothing forbidden
 *   changed after it
 */
gboolean
mc_pdf_signature_check_is_valid (const McPdfSignatureCheck *check)
{
  g_return_val_if_fail (check != NULL, FALSE);

  return check->report != NULL
         && (check->verdict == MC_PDF_VERDICT_VALID || check->verdict == MC_PDF_VERDICT_VALID_WITH_CHANGES);
}

/**
 * mc_pdf_verify_file:
 * @path: a PDF file
 * @verifier: judges each CMS (its trust store and whether it may go
 *   online for revocation data the document does not carry)
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Checks every signature of @path, oldest first. A file with no
 * signature gives an empty array. Only a file that cannot be read as a
 * PDF is an error; everything wrong with a signature is in its check.
 * Blocks: use mc_pdf_verify_file_async() from the main thread.
 *
 * Returns: (transfer full) (element-type McPdfSignatureCheck): the checks,
 *   or %NULL
 */
GPtrArray *
mc_pdf_verify_file (const char    *path,
                    McVerifier    *verifier,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(McPdfDocument) doc = NULL;
  g_autoptr(GPtrArray) sigs = NULL;
  g_autoptr(GPtrArray) revs = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(McValidationData) dss = NULL;
  g_autoptr(GHashTable) vri_keys = NULL;
  g_autoptr(McChangeAnalysis) analysis = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (MC_IS_VERIFIER (verifier), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  doc = mc_pdf_document_open (path, cancellable, error);
  if (doc == NULL)
    return NULL;
  sigs = mc_pdf_document_get_signatures (doc, error);
  if (sigs == NULL)
    return NULL;
  checks = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_pdf_signature_check_free);
  if (sigs->len == 0)
    return g_steal_pointer (&checks);
  revs = mc_pdf_document_get_revisions (doc, error);
  if (revs == NULL)
    return NULL;
  dss = mc_pades_read_dss (doc, &vri_keys, NULL);
  g_ptr_array_sort (sigs, compare_by_end);
  analysis = mc_change_analysis_new (doc, revs, sigs);

  for (guint i = 0; i < sigs->len; i++)
    {
      McPdfSignatureInfo *info = g_ptr_array_index (sigs, i);
      McPdfSignatureCheck *check = g_new0 (McPdfSignatureCheck, 1);
      g_autoptr(GError) local = NULL;
      g_autoptr(GBytes) cms = NULL;
      McCertificate *signer;

      g_ptr_array_add (checks, check);
      /* Read /Contents as BER: NSS writes indefinite lengths. */
      if (info->contents_raw != NULL && g_bytes_get_size (info->contents_raw) > 0)
        cms = mc_pades_ber_to_der (g_bytes_get_data (info->contents_raw, NULL),
                                   g_bytes_get_size (info->contents_raw), &local);
      check->field_name = g_strdup (info->field_name);
      check->page_index = info->page_index;
      if (info->rect[0] == info->rect[2] || info->rect[1] == info->rect[3])
        check->page_index = -1;

      if (info->contents_raw == NULL || g_bytes_get_size (info->contents_raw) == 0)
        check->report = failed_report (_("The signature field holds no signature."));
      else if (cms == NULL)
        check->report = failed_report (local->message);
      else if (!info->byte_range_ok)
        check->report = failed_report (_("The byte ranges of the signature are wrong: they do not "
                                         "cover the whole file except the signature."));
      else if (g_strcmp0 (info->type, "DocTimeStamp") == 0 || g_strcmp0 (info->sub_filter, "ETSI.RFC3161") == 0)
        check->report = check_doc_timestamp (verifier, doc, info, cms, cancellable, &local);
      else
        check->report = check_cms (verifier, doc, info, cms, dss, cancellable, &local);
      if (check->report == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }

      signer = mc_signature_report_get_signer (check->report);
      if (signer != NULL)
        check->signer = g_strdup (mc_certificate_get_subject_cn (signer) ? mc_certificate_get_subject_cn (signer)
                                                                         : mc_certificate_get_subject_dn (signer));
      else
        check->signer = g_strdup (info->name);
      if (mc_signature_report_get_timestamp_time (check->report) != NULL)
        check->signing_time = g_date_time_ref (mc_signature_report_get_timestamp_time (check->report));
      else if (info->signing_time != NULL)
        check->signing_time = g_date_time_ref (info->signing_time);
      check->level = level_of (info, check->report, dss, vri_keys);

      check->covers_document = info->byte_range_ok && info->revision >= 0;
      if (info->byte_range_ok && info->revision < 0)
        check->changes = g_strdup (_("The signature does not end where a version of the file ends, "
                                     "so it is unclear what it covers."));
      else if (info->revision >= 0)
        {
          mc_change_analysis_judge (analysis, info->revision, info->sig_num, check);
          if ((guint) info->revision + 1 < revs->len)
            check->changes = mc_pdf_changes_describe (check);
        }
      decide (check);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
    }
  return g_steal_pointer (&checks);
}

typedef struct
{
  char *path;
  McVerifier *verifier;
} VerifyData;

static void
verify_data_free (VerifyData *data)
{
  g_free (data->path);
  g_clear_object (&data->verifier);
  g_free (data);
}

static void
verify_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  VerifyData *data = task_data;
  GError *error = NULL;
  GPtrArray *checks = mc_pdf_verify_file (data->path, data->verifier, cancellable, &error);

  if (checks == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, checks, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * mc_pdf_verify_file_async:
 * @path: a PDF file
 * @verifier: judges each CMS
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Runs mc_pdf_verify_file() in a worker thread.
 */
void
mc_pdf_verify_file_async (const char          *path,
                          McVerifier          *verifier,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  VerifyData *data;

  g_return_if_fail (path != NULL);
  g_return_if_fail (MC_IS_VERIFIER (verifier));

  data = g_new0 (VerifyData, 1);
  data->path = g_strdup (path);
  data->verifier = g_object_ref (verifier);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_pdf_verify_file_async);
  g_task_set_task_data (task, data, (GDestroyNotify) verify_data_free);
  g_task_run_in_thread (task, verify_thread);
}

/**
 * mc_pdf_verify_file_finish:
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type McPdfSignatureCheck): the checks,
 *   or %NULL
 */
GPtrArray *
mc_pdf_verify_file_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * mc_trust_store_new_default:
 * @data_dir: (nullable): the program's data folder (its trust/ folder
 *   holds the national roots), e.g. mc_core_get_data_dir()
 * @user_dir: (nullable): a folder of roots the user added
 * @error: return location for a #GError
 *
 * The roots of @user_dir and of the folders `MOTCUA_TRUST_DIR` names are
 * marked as the user's (mc_trust_store_get_origin()).
 *
 * Missing folders add nothing; a certificate file that cannot be read is
 * an error naming it.
 *
 * Returns: (transfer full): the trust store, or %NULL
 */
McTrustStore *
mc_trust_store_new_default (const char  *data_dir,
                            const char  *user_dir,
                            GError     **error)
{
  g_autoptr(McTrustStore) store = mc_trust_store_new ();

  if (data_dir != NULL)
    {
      g_autofree char *dir = g_build_filename (data_dir, "trust", NULL);

      if (!mc_trust_store_add_directory (store, dir, error))
        return NULL;
    }
  if (user_dir != NULL && !mc_trust_store_add_directory_from (store, user_dir, MC_TRUST_ORIGIN_USER, error))
    return NULL;
  if (!mc_trust_store_add_environment (store, error))
    return NULL;
  return g_steal_pointer (&store);
}
