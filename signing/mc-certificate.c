/* SPDX-License-Identifier: GPL-3.0-or-later */
/* McCertificate wraps a GnuTLS X.509 certificate so that the token list,
 * the PIN dialog, the verifier's report and the CLI can show a holder,
 * issuer, validity and serial without knowing GnuTLS. It also builds
 * chains from a pool of certificates, which the signer, the revocation
 * fetcher and the verifier all need. */
#define G_LOG_DOMAIN "motcua-signing"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "mc-certificate-private.h"
#include "mc-signing.h"

struct _McCertificate
{
  GObject parent_instance;

  gnutls_x509_crt_t crt;
  GBytes *der;
  char *subject_dn;
  char *subject_cn;
  char *subject_org;
  char *issuer_dn;
  char *issuer_cn;
  char *serial_hex;
  char *sha256_hex;
  GDateTime *not_before;
  GDateTime *not_after;
};

G_DEFINE_FINAL_TYPE (McCertificate, mc_certificate, G_TYPE_OBJECT)

static void
mc_certificate_finalize (GObject *object)
{
  McCertificate *self = MC_CERTIFICATE (object);

  g_clear_pointer (&self->crt, gnutls_x509_crt_deinit);
  g_clear_pointer (&self->der, g_bytes_unref);
  g_free (self->subject_dn);
  g_free (self->subject_cn);
  g_free (self->subject_org);
  g_free (self->issuer_dn);
  g_free (self->issuer_cn);
  g_free (self->serial_hex);
  g_free (self->sha256_hex);
  g_clear_pointer (&self->not_before, g_date_time_unref);
  g_clear_pointer (&self->not_after, g_date_time_unref);

  G_OBJECT_CLASS (mc_certificate_parent_class)->finalize (object);
}

static void
mc_certificate_class_init (McCertificateClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mc_certificate_finalize;
}

static void
mc_certificate_init (McCertificate *self)
{
}

static char *
dn_part (gnutls_x509_crt_t crt,
         gboolean          issuer,
         const char       *oid)
{
  size_t size = 0;
  int ret;
  g_autofree char *buf = NULL;

  if (issuer)
    ret = gnutls_x509_crt_get_issuer_dn_by_oid (crt, oid, 0, 0, NULL, &size);
  else
    ret = gnutls_x509_crt_get_dn_by_oid (crt, oid, 0, 0, NULL, &size);
  if (ret != GNUTLS_E_SHORT_MEMORY_BUFFER)
    return NULL;

  buf = g_malloc0 (size + 1);
  if (issuer)
    ret = gnutls_x509_crt_get_issuer_dn_by_oid (crt, oid, 0, 0, buf, &size);
  else
    ret = gnutls_x509_crt_get_dn_by_oid (crt, oid, 0, 0, buf, &size);
  if (ret < 0 || !g_utf8_validate (buf, -1, NULL))
    return NULL;

  return g_steal_pointer (&buf);
}

static char *
datum_to_string (gnutls_datum_t *d)
{
  char *s = g_strndup ((const char *) d->data, d->size);

  gnutls_free (d->data);
  d->data = NULL;
  if (!g_utf8_validate (s, -1, NULL))
    {
      g_free (s);
      return NULL;
    }
  return s;
}

/**
 * mc_certificate_new_from_der:
 * @der: the DER encoding of an X.509 certificate
 * @error: return location for a #GError
 *
 * Reads a certificate.
 *
 * Returns: (transfer full): a new #McCertificate, or %NULL with
 *   %MC_SIGNING_ERROR_CERTIFICATE
 */
McCertificate *
mc_certificate_new_from_der (GBytes  *der,
                             GError **error)
{
  g_autoptr(McCertificate) self = NULL;
  gnutls_datum_t datum, out = { NULL, 0 };
  guint8 buf[64];
  size_t size;
  int ret;

  g_return_val_if_fail (der != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (MC_TYPE_CERTIFICATE, NULL);
  datum.data = (unsigned char *) g_bytes_get_data (der, &size);
  datum.size = size;

  if ((ret = gnutls_x509_crt_init (&self->crt)) < 0 ||
      (ret = gnutls_x509_crt_import (self->crt, &datum, GNUTLS_X509_FMT_DER)) < 0)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CERTIFICATE,
                   _("The certificate cannot be read (%s)."),
                   gnutls_strerror (ret));
      return NULL;
    }

  /* Keep the DER exactly as given: hashes (signing-certificate-v2) and
   * the CMS certificate set must carry these bytes. */
  self->der = g_bytes_ref (der);

  if (gnutls_x509_crt_get_dn3 (self->crt, &out, 0) >= 0)
    self->subject_dn = datum_to_string (&out);
  if (gnutls_x509_crt_get_issuer_dn3 (self->crt, &out, 0) >= 0)
    self->issuer_dn = datum_to_string (&out);
  self->subject_cn = dn_part (self->crt, FALSE, GNUTLS_OID_X520_COMMON_NAME);
  self->subject_org = dn_part (self->crt, FALSE, GNUTLS_OID_X520_ORGANIZATION_NAME);
  self->issuer_cn = dn_part (self->crt, TRUE, GNUTLS_OID_X520_COMMON_NAME);

  size = sizeof buf;
  if (gnutls_x509_crt_get_serial (self->crt, buf, &size) >= 0)
    {
      GString *hex = g_string_new (NULL);
      size_t i = 0;

      /* Leading zero bytes only keep the INTEGER positive. */
      while (i + 1 < size && buf[i] == 0)
        i++;
      for (; i < size; i++)
        g_string_append_printf (hex, "%02X", buf[i]);
      self->serial_hex = g_string_free (hex, FALSE);
    }

  size = sizeof buf;
  if (gnutls_x509_crt_get_fingerprint (self->crt, GNUTLS_DIG_SHA256, buf, &size) >= 0)
    {
      GString *hex = g_string_new (NULL);

      for (size_t i = 0; i < size; i++)
        g_string_append_printf (hex, "%02X", buf[i]);
      self->sha256_hex = g_string_free (hex, FALSE);
    }

  self->not_before = g_date_time_new_from_unix_utc (gnutls_x509_crt_get_activation_time (self->crt));
  self->not_after = g_date_time_new_from_unix_utc (gnutls_x509_crt_get_expiration_time (self->crt));
  if (self->not_before == NULL || self->not_after == NULL)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CERTIFICATE,
                   _("The certificate has an unreadable validity period."));
      return NULL;
    }

  if (self->subject_dn == NULL)
    self->subject_dn = g_strdup ("");
  if (self->issuer_dn == NULL)
    self->issuer_dn = g_strdup ("");
  if (self->serial_hex == NULL)
    self->serial_hex = g_strdup ("");

  return g_steal_pointer (&self);
}

/**
 * mc_certificate_new_from_data:
 * @data: (array length=len): DER bytes
 * @len: length of @data
 * @error: return location for a #GError
 *
 * Like mc_certificate_new_from_der() for a plain buffer.
 *
 * Returns: (transfer full): a new #McCertificate, or %NULL
 */
McCertificate *
mc_certificate_new_from_data (const guint8  *data,
                              gsize          len,
                              GError       **error)
{
  g_autoptr(GBytes) der = NULL;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  der = g_bytes_new (data, len);
  return mc_certificate_new_from_der (der, error);
}

/**
 * mc_certificate_load_file:
 * @path: a PEM file (one or more certificates) or a DER file
 * @error: return location for a #GError
 *
 * Reads every certificate of a file.
 *
 * Returns: (transfer full) (element-type McCertificate): the certificates,
 *   at least one, or %NULL with an error
 */
GPtrArray *
mc_certificate_load_file (const char  *path,
                          GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) certs = g_ptr_array_new_with_free_func (g_object_unref);
  gsize len = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &len, error))
    return NULL;

  if (g_strstr_len (contents, len, "-----BEGIN") != NULL)
    {
      gnutls_x509_crt_t *list = NULL;
      unsigned int n = 0;
      gnutls_datum_t datum = { (unsigned char *) contents, len };
      int ret;

      ret = gnutls_x509_crt_list_import2 (&list, &n, &datum, GNUTLS_X509_FMT_PEM, 0);
      if (ret < 0 || n == 0)
        {
          g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CERTIFICATE,
                       _("“%s” holds no readable certificate (%s)."), path,
                       gnutls_strerror (ret < 0 ? ret : GNUTLS_E_NO_CERTIFICATE_FOUND));
          return NULL;
        }
      for (unsigned int i = 0; i < n; i++)
        {
          gnutls_datum_t out = { NULL, 0 };
          g_autoptr(GBytes) der = NULL;
          McCertificate *cert;

          ret = gnutls_x509_crt_export2 (list[i], GNUTLS_X509_FMT_DER, &out);
          if (ret >= 0)
            {
              der = g_bytes_new (out.data, out.size);
              gnutls_free (out.data);
            }
          gnutls_x509_crt_deinit (list[i]);
          if (der == NULL)
            continue;
          cert = mc_certificate_new_from_der (der, NULL);
          if (cert != NULL)
            g_ptr_array_add (certs, cert);
        }
      gnutls_free (list);
    }
  else
    {
      g_autoptr(GError) local_error = NULL;
      McCertificate *cert = mc_certificate_new_from_data ((const guint8 *) contents, len, &local_error);

      if (cert != NULL)
        g_ptr_array_add (certs, cert);
    }

  if (certs->len == 0)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CERTIFICATE,
                   _("“%s” holds no readable certificate."), path);
      return NULL;
    }

  return g_steal_pointer (&certs);
}

/**
 * mc_certificate_get_der:
 * @self: a #McCertificate
 *
 * Returns: (transfer none): the DER encoding
 */
GBytes *
mc_certificate_get_der (McCertificate *self)
{
  g_return_val_if_fail (MC_IS_CERTIFICATE (self), NULL);
  return self->der;
}

/**
 * mc_certificate_get_subject_dn:
 * @self: a #McCertificate
 *
 * Returns: the subject as an RFC 4514 string (UTF-8)
 */
const char *
mc_certificate_get_subject_dn (McCertificate *self)
{
  g_return_val_if_fail (MC_IS_CERTIFICATE (self), NULL);
  return self->subject_dn;
}

/**
 * mc_certificate_get_subject_cn:
 * @self: a #McCertificate
 *
 * Returns: (nullable): the holder's common name, e.g. "Nguyễn Văn An"
 */
const char *
mc_certificate_get_subject_cn (McCertificate *self)
{
  g_return_val_if_fail (MC_IS_CERTIFICATE (self), NULL);
  return self->subject_cn;
}

/**
 * mc_certificate_get_subject_org:
 * @self: a #McCertificate
 *
 * Returns: (nullable): the holder's organisation (O)
 */
const char *
mc_certificate_get_subject_org (McCertificate *self)
{
  g_return_val_if_fail (MC_IS_CERTIFICATE (self), NULL);
  return self->subject_org;
}

/**
 * mc_certificate_get_issuer_dn:
 * @self: a #McCertificate
 *
 * Returns: the issuer as an RFC 4514 string
 */
const char *
mc_certificate_get_issuer_dn (McCertificate *self)
{
  g_return_val_if_fail (MC_IS_CERTIFICATE (self), NULL);
  return self->issuer_dn;
}

/**
 * mc_certificate_get_issuer_cn:
 * @self: a #McCertificate
 *
 * Returns: (nullable): the issuer's common name, e.g. "VNPT Certification Authority"
 */
const char *
mc_certificate_get_issuer_cn (McCertificate *self)
{
  g_return_val_if_fail (MC_IS_CERTIFICATE (self), NULL);
  return self->issuer_cn;
}

/**
 * mc_certificate_get_serial_hex:
 * @self: a #McCertificate
 *
 * Returns: the serial number in upper-case hexadecimal
 */
const char *
mc_certificate_get_serial_hex (McCertificate *self)
{
  g_return_val_if_fail (MC_IS_CERTIFICATE (self), NULL);
  return self->serial_hex;
}

/**
 * mc_certificate_get_sha256_hex:
 * @self: a #McCertificate
 *
 * Returns: (nullable): the SHA-256 fingerprint in upper-case hexadecimal
 */
const char *
mc_certificate_get_sha256_hex (McCertificate *self)
{
  g_return_val_if_fail (MC_IS_CERTIFICATE (self), NULL);
  return self->sha256_hex;
}

/**
 * mc_certificate_get_not_before:
 * @self: a #McCertificate
 *
 * Returns: (transfer none): the start of validity (UTC)
 */
GDateTime *
mc_certificate_get_not_before (McCertificate *self)
{
  g_return_val_if_fail (MC_IS_CERTIFICATE (self), NULL);
  return self->not_before;
}

/**
 * mc_certificate_get_not_after:
 * @self: a #McCertificate
 *
 * Returns: (transfer none): the end of validity (UTC)
 */
GDateTime *
mc_certificate_get_not_after (McCertificate *self)
{
  g_return_val_if_fail (MC_IS_CERTIFICATE (self), NULL);
  return self->not_after;
}

/**
 * mc_certificate_is_valid_at:
 * @self: a #McCertificate
 * @when: (nullable): a time, or %NULL for now
 *
 * Returns: whether @when lies in the validity period
 */
gboolean
mc_certificate_is_valid_at (McCertificate *self,
                            GDateTime     *when)
{
  g_autoptr(GDateTime) now = NULL;

  g_return_val_if_fail (MC_IS_CERTIFICATE (self), FALSE);

  if (when == NULL)
    when = now = g_date_time_new_now_utc ();

  return g_date_time_compare (when, self->not_before) >= 0 &&
         g_date_time_compare (when, self->not_after) <= 0;
}

/**
 * mc_certificate_get_key_algorithm:
 * @self: a #McCertificate
 *
 * Returns: the public key algorithm
 */
McKeyAlgorithm
mc_certificate_get_key_algorithm (McCertificate *self)
{
  g_return_val_if_fail (MC_IS_CERTIFICATE (self), MC_KEY_ALGORITHM_UNKNOWN);

  switch (gnutls_x509_crt_get_pk_algorithm (self->crt, NULL))
    {
    case GNUTLS_PK_RSA:
      return MC_KEY_ALGORITHM_RSA;
    case GNUTLS_PK_ECDSA:
      return MC_KEY_ALGORITHM_EC;
    default:
      return MC_KEY_ALGORITHM_UNKNOWN;
    }
}

/**
 * mc_certificate_get_key_bits:
 * @self: a #McCertificate
 *
 * Returns: the key size in bits (RSA modulus, EC curve size)
 */
guint
mc_certificate_get_key_bits (McCertificate *self)
{
  unsigned int bits = 0;

  g_return_val_if_fail (MC_IS_CERTIFICATE (self), 0);

  gnutls_x509_crt_get_pk_algorithm (self->crt, &bits);
  return bits;
}

/**
 * mc_certificate_can_sign:
 * @self: a #McCertificate
 *
 * Whether the certificate may make document signatures: it is not a CA
 * certificate and its key usage, when present, has digitalSignature or
 * nonRepudiation.
 *
 * Returns: %TRUE if it may sign documents
 */
gboolean
mc_certificate_can_sign (McCertificate *self)
{
  unsigned int usage = 0, critical = 0;
  int ret;

  g_return_val_if_fail (MC_IS_CERTIFICATE (self), FALSE);

  if (mc_certificate_is_ca (self))
    return FALSE;

  ret = gnutls_x509_crt_get_key_usage (self->crt, &usage, &critical);
  if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
    return TRUE;
  if (ret < 0)
    return FALSE;

  return (usage & (GNUTLS_KEY_DIGITAL_SIGNATURE | GNUTLS_KEY_NON_REPUDIATION)) != 0;
}

/**
 * mc_certificate_is_ca:
 * @self: a #McCertificate
 *
 * Returns: whether basic constraints say this is a CA certificate
 */
gboolean
mc_certificate_is_ca (McCertificate *self)
{
  unsigned int critical = 0, ca = 0;
  int pathlen = -1;

  g_return_val_if_fail (MC_IS_CERTIFICATE (self), FALSE);

  if (gnutls_x509_crt_get_basic_constraints (self->crt, &critical, &ca, &pathlen) < 0)
    return FALSE;
  return ca != 0;
}

/**
 * mc_certificate_is_self_signed:
 * @self: a #McCertificate
 *
 * Returns: whether the issuer is the subject itself (a root)
 */
gboolean
mc_certificate_is_self_signed (McCertificate *self)
{
  g_return_val_if_fail (MC_IS_CERTIFICATE (self), FALSE);

  return gnutls_x509_crt_check_issuer (self->crt, self->crt) != 0;
}

/**
 * mc_certificate_equal:
 * @self: a #McCertificate
 * @other: another #McCertificate
 *
 * Returns: whether both have the same DER encoding
 */
gboolean
mc_certificate_equal (McCertificate *self,
                      McCertificate *other)
{
  g_return_val_if_fail (MC_IS_CERTIFICATE (self), FALSE);
  g_return_val_if_fail (MC_IS_CERTIFICATE (other), FALSE);

  return g_bytes_equal (self->der, other->der);
}

/**
 * mc_certificate_describe:
 * @self: a #McCertificate
 *
 * A one-line description for lists: holder, organisation, issuer and end
 * of validity.
 *
 * Returns: (transfer full): a translated string
 */
char *
mc_certificate_describe (McCertificate *self)
{
  g_autofree char *until = NULL;
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (MC_IS_CERTIFICATE (self), NULL);

  local = g_date_time_to_local (self->not_after);
  until = g_date_time_format (local, "%Y-%m-%d");

  /* Translators: holder (organisation), issued by CA, valid until date */
  return g_strdup_printf (_("%s (%s), issued by %s, valid until %s"),
                          self->subject_cn ? self->subject_cn : self->subject_dn,
                          self->subject_org ? self->subject_org : "—",
                          self->issuer_cn ? self->issuer_cn : self->issuer_dn,
                          until);
}

gnutls_x509_crt_t
mc_certificate_get_crt (McCertificate *self)
{
  g_return_val_if_fail (MC_IS_CERTIFICATE (self), NULL);
  return self->crt;
}

GBytes *
mc_certificate_get_raw_issuer (McCertificate *self)
{
  gnutls_datum_t dn = { NULL, 0 };
  GBytes *bytes;

  g_return_val_if_fail (MC_IS_CERTIFICATE (self), NULL);

  if (gnutls_x509_crt_get_raw_issuer_dn (self->crt, &dn) < 0)
    return NULL;
  bytes = g_bytes_new (dn.data, dn.size);
  gnutls_free (dn.data);
  return bytes;
}

GBytes *
mc_certificate_get_raw_subject (McCertificate *self)
{
  gnutls_datum_t dn = { NULL, 0 };
  GBytes *bytes;

  g_return_val_if_fail (MC_IS_CERTIFICATE (self), NULL);

  if (gnutls_x509_crt_get_raw_dn (self->crt, &dn) < 0)
    return NULL;
  bytes = g_bytes_new (dn.data, dn.size);
  gnutls_free (dn.data);
  return bytes;
}

GBytes *
mc_certificate_get_raw_serial (McCertificate *self)
{
  guint8 buf[64];
  size_t size = sizeof buf;

  g_return_val_if_fail (MC_IS_CERTIFICATE (self), NULL);

  if (gnutls_x509_crt_get_serial (self->crt, buf, &size) < 0)
    return NULL;
  return g_bytes_new (buf, size);
}

gboolean
mc_certificate_has_key_purpose (McCertificate *self,
                                const char    *oid,
                                gboolean      *critical)
{
  g_return_val_if_fail (MC_IS_CERTIFICATE (self), FALSE);

  for (unsigned int i = 0;; i++)
    {
      char buf[128];
      size_t size = sizeof buf;
      unsigned int crit = 0;
      int ret = gnutls_x509_crt_get_key_purpose_oid (self->crt, i, buf, &size, &crit);

      if (ret < 0)
        return FALSE;
      if (g_strcmp0 (buf, oid) == 0)
        {
          if (critical != NULL)
            *critical = crit != 0;
          return TRUE;
        }
    }
}

/* Whether @issuer's name is @cert's issuer and its key made @cert's
 * signature. */
gboolean
mc_certificate_issued (McCertificate *issuer,
                       McCertificate *cert)
{
  unsigned int status = 0;

  if (gnutls_x509_crt_check_issuer (cert->crt, issuer->crt) == 0)
    return FALSE;
  if (gnutls_x509_crt_verify (cert->crt, &issuer->crt, 1,
                              GNUTLS_VERIFY_DISABLE_TIME_CHECKS |
                              GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS |
                              GNUTLS_VERIFY_ALLOW_UNSORTED_CHAIN,
                              &status) < 0)
    return FALSE;
  /* Only the signature matters here; trust is judged elsewhere. */
  return (status & GNUTLS_CERT_SIGNATURE_FAILURE) == 0;
}

void
mc_certificate_array_add_unique (GPtrArray     *array,
                                 McCertificate *cert)
{
  for (guint i = 0; i < array->len; i++)
    if (mc_certificate_equal (g_ptr_array_index (array, i), cert))
      return;
  g_ptr_array_add (array, g_object_ref (cert));
}

static McCertificate *
find_issuer (McCertificate *cert,
             GPtrArray     *pool)
{
  if (pool == NULL)
    return NULL;
  for (guint i = 0; i < pool->len; i++)
    {
      McCertificate *candidate = g_ptr_array_index (pool, i);

      if (!mc_certificate_equal (candidate, cert) && mc_certificate_issued (candidate, cert))
        return candidate;
    }
  return NULL;
}

/* The chain from @leaf upwards: @leaf first, then each issuer found in
 * @pool or @anchors, ending at a self-signed certificate, an anchor, or
 * where no issuer is known. */
GPtrArray *
mc_certificate_build_chain (McCertificate *leaf,
                            GPtrArray     *pool,
                            GPtrArray     *anchors)
{
  GPtrArray *chain = g_ptr_array_new_with_free_func (g_object_unref);
  McCertificate *cert = leaf;

  g_ptr_array_add (chain, g_object_ref (leaf));
  for (guint depth = 0; depth < 12; depth++)
    {
      McCertificate *issuer;
      gboolean is_anchor = FALSE;

      if (mc_certificate_is_self_signed (cert))
        break;
      if (anchors != NULL)
        for (guint i = 0; i < anchors->len && !is_anchor; i++)
          is_anchor = mc_certificate_equal (g_ptr_array_index (anchors, i), cert);
      if (is_anchor)
        break;

      issuer = find_issuer (cert, anchors);
      if (issuer == NULL)
        issuer = find_issuer (cert, pool);
      if (issuer == NULL)
        break;

      for (guint i = 0; i < chain->len; i++)
        if (mc_certificate_equal (g_ptr_array_index (chain, i), issuer))
          return chain;
      g_ptr_array_add (chain, g_object_ref (issuer));
      cert = issuer;
    }

  return chain;
}
