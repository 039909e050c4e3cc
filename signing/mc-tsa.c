/* SPDX-License-Identifier: GPL-3.0-or-later */
/* RFC 3161 time-stamp client. A PAdES B-T signature carries a token from
 * a time-stamping authority over the signature value, as the unsigned
 * attribute id-aa-signatureTimeStampToken, so the signature provably
 * existed at that time even after the certificate expires. The request
 * is a TimeStampReq (SHA-256 imprint, a random nonce, certReq) POSTed as
 * application/timestamp-query; the reply is checked before use: status,
 * nonce, imprint, and the token's own signature by a certificate with the
 * timeStamping purpose. GnuTLS does not speak RFC 3161, so the DER comes
 * from libtasn1 and mc-cms.asn. */
#define G_LOG_DOMAIN "motcua-signing"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>

#include "mc-asn1.h"
#include "mc-certificate-private.h"
#include "mc-cms.h"
#include "mc-http.h"
#include "mc-signing.h"
#include "mc-tsa.h"
#include "mc-tsa-private.h"

#define MAX_REPLY_SIZE (1024 * 1024)

void
mc_tst_info_free (McTstInfo *info)
{
  if (info == NULL)
    return;
  g_clear_pointer (&info->sd, mc_cms_signed_data_free);
  g_free (info->policy);
  g_clear_pointer (&info->imprint, g_bytes_unref);
  g_clear_pointer (&info->serial, g_bytes_unref);
  g_clear_pointer (&info->nonce, g_bytes_unref);
  g_clear_pointer (&info->gen_time, g_date_time_unref);
  g_free (info->tsa_name);
  g_free (info);
}

static char *
tsa_name (asn1_node node)
{
  g_autofree char *choice = mc_asn1_read_oid (node, "tsa");
  g_autoptr(GBytes) dn = NULL;
  gnutls_datum_t raw, out = { NULL, 0 };
  gsize len = 0;
  char *name;

  if (g_strcmp0 (choice, "directoryName") != 0)
    return NULL;
  dn = mc_asn1_read (node, "tsa.directoryName");
  if (dn == NULL)
    return NULL;
  raw.data = (unsigned char *) g_bytes_get_data (dn, &len);
  raw.size = len;
  if (gnutls_x509_rdn_get2 (&raw, &out, 0) < 0)
    return NULL;
  name = g_strndup ((const char *) out.data, out.size);
  gnutls_free (out.data);
  return name;
}

/* Reads a TimeStampToken and its TSTInfo; checks nothing yet. */
McTstInfo *
mc_tst_info_parse (GBytes  *token,
                   GError **error)
{
  g_autoptr(McTstInfo) info = g_new0 (McTstInfo, 1);
  g_autoptr(asn1_node_st) node = NULL;
  g_autofree char *alg = NULL;
  g_autofree char *time_text = NULL;
  g_autoptr(GError) local_error = NULL;
  const guint8 *data;
  gsize len = 0;

  info->sd = mc_cms_signed_data_parse (token, &local_error);
  if (info->sd == NULL)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CMS_INVALID,
                   _("The time-stamp token cannot be read: %s"), local_error->message);
      return NULL;
    }
  if (g_strcmp0 (info->sd->econtent_type, MC_OID_TST_INFO) != 0 || info->sd->econtent == NULL)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CMS_INVALID,
                   _("The time-stamp token holds no TSTInfo."));
      return NULL;
    }

  data = g_bytes_get_data (info->sd->econtent, &len);
  if (!mc_asn1_decode ("TSTInfo", data, len, &node, &local_error))
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CMS_INVALID,
                   _("The time-stamp token cannot be read: %s"), local_error->message);
      return NULL;
    }

  info->policy = mc_asn1_read_oid (node, "policy");
  alg = mc_asn1_read_oid (node, "messageImprint.hashAlgorithm.algorithm");
  info->imprint_digest = alg ? gnutls_oid_to_digest (alg) : GNUTLS_DIG_UNKNOWN;
  info->imprint = mc_asn1_read (node, "messageImprint.hashedMessage");
  info->serial = mc_asn1_read (node, "serialNumber");
  info->nonce = mc_asn1_read (node, "nonce");
  time_text = mc_asn1_read_oid (node, "genTime");
  info->gen_time = mc_asn1_parse_time (time_text);
  info->tsa_name = tsa_name (node);

  if (info->imprint == NULL || info->gen_time == NULL)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CMS_INVALID,
                   _("The time-stamp token has no imprint or no time."));
      return NULL;
    }

  return g_steal_pointer (&info);
}

/* Checks the token's own signature: its message-digest covers the
 * TSTInfo, the signer certificate is in the token, may time-stamp, and
 * its key made the signature. Trust in the TSA's chain is the verifier's
 * business. Returns the TSA certificate. */
McCertificate *
mc_tst_info_verify (McTstInfo  *info,
                    GError    **error)
{
  g_autoptr(McCertificate) tsa = NULL;
  g_autoptr(GError) local_error = NULL;
  guint8 hash[64];
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (info->sd->econtent, &len);

  tsa = mc_cms_signed_data_find_signer (info->sd, NULL);
  if (tsa == NULL)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CMS_INVALID,
                   _("The time-stamp token does not carry the TSA certificate."));
      return NULL;
    }
  if (!mc_cms_signed_data_verify (info->sd, tsa, &local_error))
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CMS_INVALID,
                   _("The time-stamp token’s signature is not valid: %s"), local_error->message);
      return NULL;
    }
  if (gnutls_hash_fast (info->sd->digest, data, len, hash) < 0 ||
      memcmp (hash, g_bytes_get_data (info->sd->attr_message_digest, NULL),
              gnutls_hash_get_len (info->sd->digest)) != 0)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CMS_INVALID,
                   _("The time-stamp token’s content was altered."));
      return NULL;
    }
  if (mc_cms_signed_data_check_ess (info->sd, tsa) == MC_ESS_MISMATCH)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CMS_INVALID,
                   _("The time-stamp token names another signing certificate."));
      return NULL;
    }
  if (!mc_certificate_has_key_purpose (tsa, MC_OID_KP_TIME_STAMPING, NULL))
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CERTIFICATE,
                   _("The certificate of “%s” may not issue time-stamps."),
                   mc_certificate_get_subject_dn (tsa));
      return NULL;
    }
  if (!mc_certificate_is_valid_at (tsa, info->gen_time))
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CERTIFICATE,
                   _("The TSA certificate was not valid at the time-stamp’s time."));
      return NULL;
    }

  return g_steal_pointer (&tsa);
}

/* Whether the token's imprint is the hash of @data. */
gboolean
mc_tst_info_covers (McTstInfo *info,
                    GBytes    *data)
{
  guint8 hash[64];
  gsize len = 0;
  const guint8 *p = g_bytes_get_data (data, &len);

  if (info->imprint_digest == GNUTLS_DIG_UNKNOWN ||
      g_bytes_get_size (info->imprint) != gnutls_hash_get_len (info->imprint_digest) ||
      gnutls_hash_fast (info->imprint_digest, p, len, hash) < 0)
    return FALSE;
  return memcmp (hash, g_bytes_get_data (info->imprint, NULL), g_bytes_get_size (info->imprint)) == 0;
}

static GBytes *
build_request (const guint8  *imprint,
               GBytes        *nonce,
               GError       **error)
{
  g_autoptr(asn1_node_st) node = NULL;

  if (!mc_asn1_create ("TimeStampReq", &node, error) ||
      !mc_asn1_write (node, "version", "1", 0, error) ||
      !mc_asn1_write (node, "messageImprint.hashAlgorithm.algorithm", MC_OID_SHA256, 1, error) ||
      !mc_asn1_write (node, "messageImprint.hashAlgorithm.parameters", MC_DER_NULL, 2, error) ||
      !mc_asn1_write (node, "messageImprint.hashedMessage", imprint, 32, error) ||
      !mc_asn1_write (node, "reqPolicy", NULL, 0, error) ||
      !mc_asn1_write_bytes (node, "nonce", nonce, error) ||
      !mc_asn1_write (node, "certReq", "TRUE", 1, error) ||
      !mc_asn1_write (node, "extensions", NULL, 0, error))
    return NULL;

  return mc_asn1_encode (node, "", error);
}

static char *
describe_failure (asn1_node node)
{
  static const char *const reasons[] = {
    N_("unsupported algorithm"),                     /* badAlg (0) */
    NULL,
    N_("bad request"),                               /* badRequest (2) */
    NULL, NULL,
    N_("bad data format"),                           /* badDataFormat (5) */
    NULL, NULL, NULL, NULL, NULL,
    NULL, NULL, NULL,
    N_("time source not available"),                 /* timeNotAvailable (14) */
    N_("unaccepted policy"),                         /* unacceptedPolicy (15) */
    N_("unaccepted extension"),                      /* unacceptedExtension (16) */
    N_("additional information not available"),      /* addInfoNotAvailable (17) */
    NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    N_("system failure"),                            /* systemFailure (25) */
  };
  g_autoptr(GString) text = g_string_new (NULL);
  /* Room for whichever unit libtasn1 takes the size in (bytes on input,
   * bits on output). */
  guint8 bits[64] = { 0 };
  int bit_len = sizeof bits;
  int n = mc_asn1_count (node, "status.statusString");

  if (asn1_read_value (node, "status.failInfo", bits, &bit_len) == ASN1_SUCCESS)
    for (int i = 0; i < bit_len && i < (int) G_N_ELEMENTS (reasons) && i / 8 < (int) sizeof bits; i++)
      if ((bits[i / 8] & (0x80 >> (i % 8))) && reasons[i] != NULL)
        g_string_append_printf (text, "%s%s", text->len ? ", " : "", _(reasons[i]));

  for (int i = 1; i <= n; i++)
    {
      g_autofree char *name = g_strdup_printf ("status.statusString.?%d", i);
      g_autoptr(GBytes) s = mc_asn1_read (node, name);

      if (s != NULL && g_utf8_validate (g_bytes_get_data (s, NULL), g_bytes_get_size (s), NULL))
        g_string_append_printf (text, "%s“%.*s”", text->len ? ", " : "",
                                (int) g_bytes_get_size (s), (const char *) g_bytes_get_data (s, NULL));
    }

  if (text->len == 0)
    g_string_append (text, _("no reason given"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
set_tsa_error (GError     **error,
               const char  *url,
               const char  *what)
{
  g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_TSA,
               _("The time-stamping server %s failed: %s. Check the network and the "
                 "time-stamping server address, or sign without a time-stamp."),
               url, what);
}

/**
 * mc_tsa_request_sync:
 * @url: the TSA address (http or https)
 * @data: the data to time-stamp (for PAdES B-T: the signature value)
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Gets an RFC 3161 time-stamp token over the SHA-256 of @data and checks
 * it: status granted, same nonce, the imprint of @data, and a valid
 * signature by a certificate allowed to time-stamp. Blocks; use
 * mc_tsa_request_async() from the main thread.
 *
 * Returns: (transfer full): the TimeStampToken (a CMS ContentInfo), or
 *   %NULL with %MC_SIGNING_ERROR_TSA naming the server and what failed
 */
GBytes *
mc_tsa_request_sync (const char    *url,
                     GBytes        *data,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GBytes) request = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GBytes) nonce = NULL;
  g_autoptr(GBytes) token = NULL;
  g_autoptr(asn1_node_st) node = NULL;
  g_autoptr(McTstInfo) info = NULL;
  g_autoptr(McCertificate) tsa = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *content_type = NULL;
  guint8 imprint[32], nonce_buf[8];
  guint64 status = G_MAXUINT64;
  gsize len = 0;
  const guint8 *p;

  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  p = g_bytes_get_data (data, &len);
  gnutls_hash_fast (GNUTLS_DIG_SHA256, p, len, imprint);

  /* A positive 63-bit nonce whose first byte is not zero. */
  if (gnutls_rnd (GNUTLS_RND_NONCE, nonce_buf, sizeof nonce_buf) < 0)
    {
      set_tsa_error (error, url, _("no random nonce could be made"));
      return NULL;
    }
  nonce_buf[0] = (nonce_buf[0] & 0x7f) | 0x01;
  nonce = g_bytes_new (nonce_buf, sizeof nonce_buf);

  request = build_request (imprint, nonce, error);
  if (request == NULL)
    return NULL;

  reply = mc_http_request_sync ("POST", url, "application/timestamp-query", request,
                                MAX_REPLY_SIZE, &content_type, cancellable, &local_error);
  if (reply == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        set_tsa_error (error, url, local_error->message);
      return NULL;
    }
  if (content_type != NULL && g_ascii_strcasecmp (content_type, "application/timestamp-reply") != 0 &&
      g_ascii_strcasecmp (content_type, "application/timestamp-response") != 0)
    g_debug ("TSA %s answered with content type %s", url, content_type);

  p = g_bytes_get_data (reply, &len);
  if (!mc_asn1_decode ("TimeStampResp", p, len, &node, NULL))
    {
      set_tsa_error (error, url, _("the answer is not a time-stamp reply"));
      return NULL;
    }
  if (!mc_asn1_read_uint (node, "status.status", &status) || status > 1)
    {
      g_autofree char *reason = describe_failure (node);
      g_autofree char *what = g_strdup_printf (_("the request was refused (%s)"), reason);

      set_tsa_error (error, url, what);
      return NULL;
    }

  token = mc_asn1_read (node, "timeStampToken");
  if (token == NULL)
    {
      set_tsa_error (error, url, _("the reply holds no time-stamp token"));
      return NULL;
    }

  info = mc_tst_info_parse (token, &local_error);
  if (info == NULL)
    {
      set_tsa_error (error, url, local_error->message);
      return NULL;
    }
  if (info->nonce == NULL || !mc_asn1_integer_equal (info->nonce, nonce))
    {
      set_tsa_error (error, url, _("the reply does not answer our request (wrong nonce)"));
      return NULL;
    }
  if (!mc_tst_info_covers (info, data))
    {
      set_tsa_error (error, url, _("the token time-stamps other data (wrong imprint)"));
      return NULL;
    }
  tsa = mc_tst_info_verify (info, &local_error);
  if (tsa == NULL)
    {
      set_tsa_error (error, url, local_error->message);
      return NULL;
    }

  return g_steal_pointer (&token);
}

typedef struct {
  char *url;
  GBytes *data;
} RequestData;

static void
request_data_free (RequestData *rd)
{
  g_free (rd->url);
  g_bytes_unref (rd->data);
  g_free (rd);
}

static void
request_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  RequestData *rd = task_data;
  GError *error = NULL;
  GBytes *token = mc_tsa_request_sync (rd->url, rd->data, cancellable, &error);

  if (token == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, token, (GDestroyNotify) g_bytes_unref);
}

/**
 * mc_tsa_request_async:
 * @url: the TSA address
 * @data: the data to time-stamp
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Runs mc_tsa_request_sync() in a worker thread.
 */
void
mc_tsa_request_async (const char          *url,
                      GBytes              *data,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RequestData *rd;

  g_return_if_fail (url != NULL);
  g_return_if_fail (data != NULL);

  rd = g_new0 (RequestData, 1);
  rd->url = g_strdup (url);
  rd->data = g_bytes_ref (data);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_tsa_request_async);
  g_task_set_task_data (task, rd, (GDestroyNotify) request_data_free);
  g_task_run_in_thread (task, request_thread);
}

/**
 * mc_tsa_request_finish:
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the token, or %NULL
 */
GBytes *
mc_tsa_request_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * mc_cms_timestamp_sync:
 * @cms: a B-B signature made by this library
 * @tsa_url: the TSA address
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Time-stamps the signature value of @cms and adds the token as the
 * signature time-stamp (PAdES B-T).
 *
 * Returns: (transfer full): the B-T signature, or %NULL
 */
GBytes *
mc_cms_timestamp_sync (GBytes        *cms,
                       const char    *tsa_url,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(GBytes) token = NULL;

  g_return_val_if_fail (cms != NULL, NULL);
  g_return_val_if_fail (tsa_url != NULL, NULL);

  signature = mc_cms_get_signature_value (cms, error);
  if (signature == NULL)
    return NULL;
  token = mc_tsa_request_sync (tsa_url, signature, cancellable, error);
  if (token == NULL)
    return NULL;
  return mc_cms_add_timestamp (cms, token, error);
}
