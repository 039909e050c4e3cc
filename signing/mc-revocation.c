/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Revocation checking. For each certificate of a chain (but the root) we
 * ask the OCSP responder named in its Authority Information Access (or
 * one the caller configured) with a GnuTLS OCSP request carrying a nonce,
 * and fetch the CRLs of its CRL distribution points; responses are
 * checked (signed by the issuer or its delegated responder, nonce, the
 * right certificate; CRL signed by the issuer) before their answer is
 * used. The same checks read the OCSP responses and CRLs a B-LT document
 * carries, so the verifier can work offline. An answer counts only while
 * fresh: issued at or after the signature's time-stamp, and not past its
 * nextUpdate (see MC_REVOCATION_MAX_AGE_SECONDS); a stale one in the
 * document sends the checker online when allowed, within one deadline.
 * Collecting data for signing is mc-revocation-collect.c. */
#define G_LOG_DOMAIN "motcua-signing"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/ocsp.h>
#include <gnutls/x509.h>

#include "mc-certificate-private.h"
#include "mc-http.h"
#include "mc-revocation.h"
#include "mc-revocation-private.h"
#include "mc-signing.h"

#define MAX_OCSP_SIZE (1024 * 1024)
#define MAX_CRL_SIZE (64 * 1024 * 1024)
#define CRL_DATE_BITS (GNUTLS_CERT_EXPIRED | GNUTLS_CERT_NOT_ACTIVATED | \
                       GNUTLS_CERT_REVOCATION_DATA_SUPERSEDED | GNUTLS_CERT_REVOCATION_DATA_ISSUED_IN_FUTURE)

static GDateTime *
date_from_time (time_t t)
{
  if (t == (time_t) -1 || t == 0)
    return NULL;
  return g_date_time_new_from_unix_utc (t);
}

const char *
mc_revocation_display_name (McCertificate *cert)
{
  const char *cn = mc_certificate_get_subject_cn (cert);

  return cn ? cn : mc_certificate_get_subject_dn (cert);
}

GPtrArray *
mc_revocation_ocsp_urls (McCertificate *cert)
{
  GPtrArray *urls = g_ptr_array_new_with_free_func (g_free);

  for (unsigned int seq = 0; seq < 16; seq++)
    {
      gnutls_datum_t data = { NULL, 0 };
      int ret = gnutls_x509_crt_get_authority_info_access (mc_certificate_get_crt (cert), seq,
                                                           GNUTLS_IA_OCSP_URI, &data, NULL);

      if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
        break;
      if (ret < 0)
        continue;
      g_ptr_array_add (urls, g_strndup ((const char *) data.data, data.size));
      gnutls_free (data.data);
    }
  return urls;
}

GPtrArray *
mc_revocation_crl_urls (McCertificate *cert)
{
  GPtrArray *urls = g_ptr_array_new_with_free_func (g_free);

  for (unsigned int seq = 0; seq < 16; seq++)
    {
      char buf[1024];
      size_t size = sizeof buf - 1;
      unsigned int reasons = 0, critical = 0;
      int ret = gnutls_x509_crt_get_crl_dist_points (mc_certificate_get_crt (cert), seq, buf, &size,
                                                     &reasons, &critical);

      if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
        break;
      if (ret != GNUTLS_SAN_URI)
        continue;
      buf[size] = '\0';
      if (g_str_has_prefix (buf, "http://") || g_str_has_prefix (buf, "https://"))
        g_ptr_array_add (urls, g_strdup (buf));
    }
  return urls;
}

/* The status of @cert per one OCSP response, checked against @issuer;
 * NULL with an error when the response is unusable or not about @cert. */
static McRevocationResult *
ocsp_evaluate (GBytes         *der,
               McCertificate  *cert,
               McCertificate  *issuer,
               GBytes         *nonce,
               const char     *url,
               GError        **error)
{
  gnutls_ocsp_resp_t resp = NULL;
  gnutls_datum_t datum;
  unsigned int verify = 0;
  gsize len = 0;
  int ret, status;
  McRevocationResult *result = NULL;

  datum.data = (unsigned char *) g_bytes_get_data (der, &len);
  datum.size = len;

  if (gnutls_ocsp_resp_init (&resp) < 0)
    return NULL;
  if ((ret = gnutls_ocsp_resp_import (resp, &datum)) < 0)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_OCSP,
                   _("the answer is not an OCSP response (%s)"), gnutls_strerror (ret));
      goto out;
    }
  status = gnutls_ocsp_resp_get_status (resp);
  if (status != GNUTLS_OCSP_RESP_SUCCESSFUL)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_OCSP,
                   _("the responder answered with error status %d"), status);
      goto out;
    }
  ret = gnutls_ocsp_resp_verify_direct (resp, mc_certificate_get_crt (issuer), &verify, 0);
  if (ret < 0 || verify != 0)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_OCSP,
                   _("the response is not signed by the issuer or its responder"));
      goto out;
    }
  if (nonce != NULL)
    {
      gnutls_datum_t got = { NULL, 0 };

      /* Many CA responders serve pre-produced responses without a nonce
       * (RFC 5019); those are accepted, a different nonce is not. */
      ret = gnutls_ocsp_resp_get_nonce (resp, NULL, &got);
      if (ret != GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE &&
          (ret < 0 || got.size != g_bytes_get_size (nonce) ||
           memcmp (got.data, g_bytes_get_data (nonce, NULL), got.size) != 0))
        {
          gnutls_free (got.data);
          g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_OCSP,
                       _("the response does not answer our request (wrong nonce)"));
          goto out;
        }
      gnutls_free (got.data);
    }

  for (unsigned int idx = 0;; idx++)
    {
      unsigned int cert_status = 0;
      time_t this_update = -1, next_update = -1, revocation_time = -1;
      unsigned int reason = 0;
      g_autoptr(GDateTime) revoked_at = NULL;
      g_autoptr(GDateTime) this_dt = NULL;
      g_autoptr(GDateTime) next_dt = NULL;

      ret = gnutls_ocsp_resp_check_crt (resp, idx, mc_certificate_get_crt (cert));
      if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
        break;
      if (ret < 0)
        continue;
      ret = gnutls_ocsp_resp_get_single (resp, idx, NULL, NULL, NULL, NULL, &cert_status,
                                         &this_update, &next_update, &revocation_time, &reason);
      if (ret < 0)
        break;

      revoked_at = date_from_time (revocation_time);
      this_dt = date_from_time (this_update);
      next_dt = date_from_time (next_update);
      switch (cert_status)
        {
        case GNUTLS_OCSP_CERT_GOOD:
          result = mc_revocation_result_new (cert, MC_REVOCATION_STATUS_GOOD, MC_REVOCATION_SOURCE_OCSP,
                                             NULL, this_dt, next_dt, url, NULL, nonce != NULL);
          break;
        case GNUTLS_OCSP_CERT_REVOKED:
          result = mc_revocation_result_new (cert, MC_REVOCATION_STATUS_REVOKED, MC_REVOCATION_SOURCE_OCSP,
                                             revoked_at, this_dt, next_dt, url, NULL, nonce != NULL);
          break;
        default:
          result = mc_revocation_result_new (cert, MC_REVOCATION_STATUS_UNKNOWN, MC_REVOCATION_SOURCE_OCSP,
                                             NULL, this_dt, next_dt, url,
                                             _("the OCSP responder does not know this certificate"),
                                             nonce != NULL);
          break;
        }
      break;
    }
  if (result == NULL)
    g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_OCSP,
                 _("the response is about another certificate"));

out:
  gnutls_ocsp_resp_deinit (resp);
  return result;
}

McRevocationResult *
mc_revocation_ocsp_fetch (const char     *url,
            McCertificate  *cert,
            McCertificate  *issuer,
            GBytes        **out_response,
            gint64          deadline,
            GCancellable   *cancellable,
            GError        **error)
{
  gnutls_ocsp_req_t req = NULL;
  gnutls_datum_t req_der = { NULL, 0 }, nonce = { NULL, 0 };
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) nonce_bytes = NULL;
  g_autoptr(GBytes) response = NULL;
  McRevocationResult *result;
  int ret;

  if ((ret = gnutls_ocsp_req_init (&req)) < 0 ||
      (ret = gnutls_ocsp_req_add_cert (req, GNUTLS_DIG_SHA1, mc_certificate_get_crt (issuer),
                                       mc_certificate_get_crt (cert))) < 0 ||
      (ret = gnutls_ocsp_req_randomize_nonce (req)) < 0 ||
      (ret = gnutls_ocsp_req_get_nonce (req, NULL, &nonce)) < 0 ||
      (ret = gnutls_ocsp_req_export (req, &req_der)) < 0)
    {
      gnutls_free (nonce.data);
      if (req != NULL)
        gnutls_ocsp_req_deinit (req);
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_OCSP,
                   _("the OCSP request cannot be made (%s)"), gnutls_strerror (ret));
      return NULL;
    }
  gnutls_ocsp_req_deinit (req);
  body = g_bytes_new (req_der.data, req_der.size);
  nonce_bytes = g_bytes_new (nonce.data, nonce.size);
  gnutls_free (req_der.data);
  gnutls_free (nonce.data);

  response = mc_http_request_until_sync ("POST", url, "application/ocsp-request", body, MAX_OCSP_SIZE,
                                         deadline, cancellable, error);
  if (response == NULL)
    return NULL;

  result = ocsp_evaluate (response, cert, issuer, nonce_bytes, url, error);
  if (result != NULL && out_response != NULL)
    *out_response = g_bytes_ref (response);
  return result;
}

static gnutls_x509_crl_t
crl_import (GBytes  *der,
            GError **error)
{
  gnutls_x509_crl_t crl = NULL;
  gnutls_datum_t datum;
  gsize len = 0;
  int ret;

  datum.data = (unsigned char *) g_bytes_get_data (der, &len);
  datum.size = len;
  if ((ret = gnutls_x509_crl_init (&crl)) < 0)
    return NULL;
  ret = gnutls_x509_crl_import (crl, &datum, GNUTLS_X509_FMT_DER);
  if (ret < 0)
    ret = gnutls_x509_crl_import (crl, &datum, GNUTLS_X509_FMT_PEM);
  if (ret < 0)
    {
      gnutls_x509_crl_deinit (crl);
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CRL,
                   _("the file is not a CRL (%s)"), gnutls_strerror (ret));
      return NULL;
    }
  return crl;
}

/* The status of @cert per one CRL, or NULL with an error when the CRL is
 * not @issuer's or its signature is bad. */
static McRevocationResult *
crl_evaluate (GBytes         *der,
              McCertificate  *cert,
              McCertificate  *issuer,
              const char     *url,
              gboolean        fetched,
              GError        **error)
{
  gnutls_x509_crl_t crl = crl_import (der, error);
  gnutls_x509_crl_iter_t iter = NULL;
  gnutls_x509_crt_t issuer_crt = mc_certificate_get_crt (issuer);
  g_autoptr(GBytes) serial = mc_certificate_get_raw_serial (cert);
  g_autoptr(GDateTime) this_dt = NULL;
  g_autoptr(GDateTime) next_dt = NULL;
  g_autoptr(GDateTime) revoked_at = NULL;
  unsigned int verify = 0;
  gboolean revoked = FALSE;
  McRevocationResult *result;

  if (crl == NULL)
    return NULL;
  if (gnutls_x509_crl_check_issuer (crl, issuer_crt) != 1)
    {
      gnutls_x509_crl_deinit (crl);
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CRL,
                   _("the CRL is from another issuer"));
      return NULL;
    }
  /* Only the signature is judged here; dates are is_fresh()'s, which
   * says why an old CRL does not count. GnuTLS adds "invalid" to a date
   * finding; a bad signature has its own bit. */
  if (gnutls_x509_crl_verify (crl, &issuer_crt, 1, 0, &verify) < 0 ||
      (verify & ~(CRL_DATE_BITS | GNUTLS_CERT_INVALID)) != 0 ||
      ((verify & GNUTLS_CERT_INVALID) != 0 && (verify & CRL_DATE_BITS) == 0))
    {
      gnutls_x509_crl_deinit (crl);
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CRL,
                   _("the CRL’s signature is not valid"));
      return NULL;
    }

  for (;;)
    {
      guint8 buf[64];
      size_t size = sizeof buf;
      time_t t = -1;
      int ret = gnutls_x509_crl_iter_crt_serial (crl, &iter, buf, &size, &t);

      if (ret < 0)
        break;
      if (serial != NULL)
        {
          g_autoptr(GBytes) entry = g_bytes_new (buf, size);

          if (g_bytes_equal (entry, serial))
            {
              revoked = TRUE;
              revoked_at = date_from_time (t);
              break;
            }
        }
    }
  gnutls_x509_crl_iter_deinit (iter);

  this_dt = date_from_time (gnutls_x509_crl_get_this_update (crl));
  next_dt = date_from_time (gnutls_x509_crl_get_next_update (crl));
  gnutls_x509_crl_deinit (crl);

  result = mc_revocation_result_new (cert,
                                     revoked ? MC_REVOCATION_STATUS_REVOKED : MC_REVOCATION_STATUS_GOOD,
                                     MC_REVOCATION_SOURCE_CRL, revoked_at, this_dt, next_dt, url,
                                     NULL, fetched);
  return result;
}

McRevocationResult *
mc_revocation_crl_fetch (const char     *url,
           McCertificate  *cert,
           McCertificate  *issuer,
           GBytes        **out_crl,
           gint64          deadline,
           GCancellable   *cancellable,
           GError        **error)
{
  g_autoptr(GBytes) der = NULL;
  McRevocationResult *result;

  der = mc_http_request_until_sync ("GET", url, NULL, NULL, MAX_CRL_SIZE, deadline, cancellable, error);
  if (der == NULL)
    return NULL;
  result = crl_evaluate (der, cert, issuer, url, TRUE, error);
  if (result != NULL && out_crl != NULL)
    *out_crl = g_bytes_ref (der);
  return result;
}

McRevocationResult *
mc_revocation_unknown_result (McCertificate *cert,
                const char    *message)
{
  return mc_revocation_result_new (cert, MC_REVOCATION_STATUS_UNKNOWN, MC_REVOCATION_SOURCE_NONE,
                                   NULL, NULL, NULL, NULL, message, FALSE);
}

/* Keeps the more telling of two answers: revoked beats good beats
 * unknown; OCSP beats a CRL at the same level. */
void
mc_revocation_keep_best (McRevocationResult **best,
           McRevocationResult  *candidate)
{
  McRevocationStatus a, b;

  if (*best == NULL)
    {
      *best = candidate;
      return;
    }
  a = mc_revocation_result_get_status (*best);
  b = mc_revocation_result_get_status (candidate);
  if ((b == MC_REVOCATION_STATUS_REVOKED && a != MC_REVOCATION_STATUS_REVOKED) ||
      (b == MC_REVOCATION_STATUS_GOOD && a == MC_REVOCATION_STATUS_UNKNOWN))
    {
      g_object_unref (*best);
      *best = candidate;
    }
  else
    g_object_unref (candidate);
}

gboolean
mc_revocation_is_cancelled (GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static gboolean
is_known (McRevocationResult *result)
{
  return result != NULL && mc_revocation_result_get_status (result) != MC_REVOCATION_STATUS_UNKNOWN;
}

/* Whether @r may stand for the status of its certificate for a signature
 * made at @not_before (nullable), judged at @now; if not, why in @why.
 * A revocation is final, so a revoked answer always counts; a "good" one
 * only while it is fresh: an OCSP answer issued at or after the signing
 * time, and no answer past its nextUpdate (or, when it names none,
 * older than MC_REVOCATION_MAX_AGE_SECONDS). */
static gboolean
is_fresh (McRevocationResult  *r,
          GDateTime           *not_before,
          GDateTime           *now,
          char               **why)
{
  GDateTime *this_update = mc_revocation_result_get_this_update (r);
  GDateTime *next_update = mc_revocation_result_get_next_update (r);

  if (mc_revocation_result_get_status (r) != MC_REVOCATION_STATUS_GOOD)
    return TRUE;
  if (this_update == NULL)
    {
      *why = g_strdup (_("it carries no date of issue"));
      return FALSE;
    }
  /* Clocks differ a little; an answer dated well ahead of ours is wrong. */
  if (g_date_time_difference (this_update, now) > 5 * G_TIME_SPAN_MINUTE)
    {
      g_autofree char *issued = g_date_time_format_iso8601 (this_update);

      *why = g_strdup_printf (_("it claims to be issued in the future (%s)"), issued);
      return FALSE;
    }
  /* Both times in whole seconds: an OCSP thisUpdate has no fractions, a
   * time-stamp may. */
  if (mc_revocation_result_get_source (r) == MC_REVOCATION_SOURCE_OCSP && not_before != NULL &&
      g_date_time_to_unix (this_update) < g_date_time_to_unix (not_before))
    {
      g_autofree char *issued = g_date_time_format_iso8601 (this_update);
      g_autofree char *signed_at = g_date_time_format_iso8601 (not_before);

      *why = g_strdup_printf (_("the OCSP answer was issued at %s, before the signature was made (%s), "
                                "so it cannot vouch for the certificate at signing time"),
                              issued, signed_at);
      return FALSE;
    }
  if (next_update != NULL && g_date_time_compare (now, next_update) > 0)
    {
      g_autofree char *expired = g_date_time_format_iso8601 (next_update);

      *why = g_strdup_printf (mc_revocation_result_get_source (r) == MC_REVOCATION_SOURCE_CRL
                                ? _("the CRL expired at %s") : _("the OCSP answer expired at %s"),
                              expired);
      return FALSE;
    }
  if (next_update == NULL &&
      g_date_time_difference (now, this_update) > MC_REVOCATION_MAX_AGE_SECONDS * G_TIME_SPAN_SECOND)
    {
      *why = g_strdup_printf (_("the answer names no next update and is older than %d days"),
                              MC_REVOCATION_MAX_AGE_SECONDS / 86400);
      return FALSE;
    }
  return TRUE;
}

/* Keeps @r in @best when fresh, else notes why in @problems. */
static void
consider (McRevocationResult  *r,
          GDateTime           *not_before,
          GDateTime           *now,
          McRevocationResult **best,
          GString             *problems)
{
  g_autofree char *why = NULL;

  if (is_fresh (r, not_before, now, &why))
    mc_revocation_keep_best (best, r);
  else
    {
      g_string_append_printf (problems, "%s%s", problems->len ? "; " : "", why);
      g_object_unref (r);
    }
}

/* Asks the servers of @urls with @fetch, in turn, until @best holds a
 * status other than unknown; the failures are appended to @problems.
 * Returns %FALSE only when cancelled. */
static gboolean
ask_until_known (McRevocationFetchFunc   fetch,
                 GPtrArray              *urls,
                 McCertificate          *cert,
                 McCertificate          *issuer,
                 GDateTime              *not_before,
                 GDateTime              *now,
                 gint64                  deadline,
                 McRevocationResult    **best,
                 GString                *problems,
                 GCancellable           *cancellable,
                 GError                **error)
{
  for (guint i = 0; i < urls->len && !is_known (*best); i++)
    {
      const char *url = g_ptr_array_index (urls, i);
      g_autoptr(GError) local_error = NULL;
      McRevocationResult *r = fetch (url, cert, issuer, NULL, deadline, cancellable, &local_error);

      if (mc_revocation_is_cancelled (local_error))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (r != NULL)
        consider (r, not_before, now, best, problems);
      else
        g_string_append_printf (problems, "%s%s: %s", problems->len ? "; " : "", url, local_error->message);
    }

  return TRUE;
}

/**
 * mc_revocation_check_sync:
 * @certificate: the certificate to check
 * @issuer: its issuer's certificate
 * @data: (nullable): validation data to look in first (e.g. a document's DSS)
 * @allow_network: whether OCSP responders and CRL servers may be asked
 *   when @data has no answer
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError (only set when cancelled)
 *
 * mc_revocation_check_at_sync() with no signing time and no deadline.
 *
 * Returns: (transfer full): the result; its status is
 *   %MC_REVOCATION_STATUS_UNKNOWN when nothing answered
 */
McRevocationResult *
mc_revocation_check_sync (McCertificate     *certificate,
                          McCertificate     *issuer,
                          McValidationData  *data,
                          gboolean           allow_network,
                          GCancellable      *cancellable,
                          GError           **error)
{
  return mc_revocation_check_at_sync (certificate, issuer, data, allow_network, NULL, 0, cancellable, error);
}

/**
 * mc_revocation_check_at_sync:
 * @certificate: the certificate to check
 * @issuer: its issuer's certificate
 * @data: (nullable): validation data to look in first (e.g. a document's DSS)
 * @allow_network: whether OCSP responders and CRL servers may be asked
 *   when @data has no fresh answer
 * @not_before: (nullable): when the signature was made (its time-stamp's
 *   time): OCSP answers issued earlier do not count
 * @deadline: g_get_monotonic_time() by which every server must have
 *   answered, 0 for none
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError (only set when cancelled)
 *
 * Finds the revocation status of @certificate. Only fresh answers count
 * (see MC_REVOCATION_MAX_AGE_SECONDS): stale ones in @data send the
 * checker online when allowed; otherwise the status is unknown and the
 * message says what was stale. Servers that fail or do not answer in
 * time are described in the result's message rather than as errors.
 *
 * Returns: (transfer full): the result; its status is
 *   %MC_REVOCATION_STATUS_UNKNOWN when nothing fresh answered
 */
McRevocationResult *
mc_revocation_check_at_sync (McCertificate     *certificate,
                             McCertificate     *issuer,
                             McValidationData  *data,
                             gboolean           allow_network,
                             GDateTime         *not_before,
                             gint64             deadline,
                             GCancellable      *cancellable,
                             GError           **error)
{
  McRevocationResult *best = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_return_val_if_fail (MC_IS_CERTIFICATE (certificate), NULL);
  g_return_val_if_fail (MC_IS_CERTIFICATE (issuer), NULL);
  g_return_val_if_fail (data == NULL || MC_IS_VALIDATION_DATA (data), NULL);

  if (data != NULL)
    {
      GPtrArray *ocsps = mc_validation_data_get_ocsp_responses (data);
      GPtrArray *crls = mc_validation_data_get_crls (data);

      for (guint i = 0; i < ocsps->len; i++)
        {
          McRevocationResult *r = ocsp_evaluate (g_ptr_array_index (ocsps, i), certificate, issuer,
                                                 NULL, NULL, NULL);
          if (r != NULL)
            consider (r, not_before, now, &best, problems);
        }
      for (guint i = 0; i < crls->len; i++)
        {
          McRevocationResult *r = crl_evaluate (g_ptr_array_index (crls, i), certificate, issuer,
                                                NULL, FALSE, NULL);
          if (r != NULL)
            consider (r, not_before, now, &best, problems);
        }
      if (is_known (best))
        return best;
    }

  if (allow_network)
    {
      g_autoptr(GPtrArray) ocsp = mc_revocation_ocsp_urls (certificate);
      g_autoptr(GPtrArray) crl = mc_revocation_crl_urls (certificate);

      if (!ask_until_known (mc_revocation_ocsp_fetch, ocsp, certificate, issuer, not_before, now, deadline, &best,
                            problems, cancellable, error) ||
          !ask_until_known (mc_revocation_crl_fetch, crl, certificate, issuer, not_before, now, deadline, &best,
                            problems, cancellable, error))
        {
          g_clear_object (&best);
          return NULL;
        }
    }

  if (best != NULL)
    return best;
  if (problems->len > 0)
    {
      g_autofree char *msg = NULL;

      if (allow_network)
        msg = g_strdup_printf (_("no revocation server gave a usable answer (%s)"), problems->str);
      else
        msg = g_strdup_printf (_("the revocation data available offline cannot be used (%s)"), problems->str);
      return mc_revocation_unknown_result (certificate, msg);
    }
  return mc_revocation_unknown_result (certificate, allow_network
                                      ? _("the certificate names no OCSP responder or CRL")
                                      : _("no revocation data is available offline"));
}
