/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Builds and reads detached CAdES signatures for PAdES. The caller hashes
 * the PDF byte ranges itself (streamed from disk), so the library never
 * sees the document: it gets the SHA-256 digest, puts it in the
 * message-digest attribute next to content-type and ESS
 * signing-certificate-v2 (and no signing-time: PAdES keeps the claimed
 * time in the signature dictionary's /M), signs the DER of those signed
 * attributes with the token's key and wraps everything in a SignedData.
 * gnutls_pkcs7_sign() wants the data itself, hence libtasn1 and our own
 * ASN.1 module. Every signature made here is parsed back and verified
 * before it is returned. */
#define G_LOG_DOMAIN "motcua-signing"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/abstract.h>
#include <gnutls/crypto.h>

#include "mc-asn1.h"
#include "mc-certificate-private.h"
#include "mc-cms.h"
#include "mc-cms-private.h"
#include "mc-signing.h"

#define SHA256_LEN 32

static char *
path_join (const char *prefix,
           const char *rest)
{
  if (prefix == NULL || prefix[0] == '\0')
    return g_strdup (rest);
  return g_strconcat (prefix, ".", rest, NULL);
}

/* Appends one Attribute with a single value to the SET OF at @set. */
static gboolean
add_attribute (asn1_node    node,
               const char  *set,
               const char  *oid,
               GBytes      *value,
               GError     **error)
{
  g_autofree char *type = path_join (set, "?LAST.attrType");
  g_autofree char *values = path_join (set, "?LAST.attrValues");
  g_autofree char *last_value = path_join (set, "?LAST.attrValues.?LAST");

  return mc_asn1_write (node, set, "NEW", 1, error) &&
         mc_asn1_write (node, type, oid, 1, error) &&
         mc_asn1_write (node, values, "NEW", 1, error) &&
         mc_asn1_write_bytes (node, last_value, value, error);
}

static GBytes *
encode_signing_certificate_v2 (McCertificate  *signer,
                               GError        **error)
{
  g_autoptr(asn1_node_st) node = NULL;
  g_autoptr(GBytes) issuer = mc_certificate_get_raw_issuer (signer);
  g_autoptr(GBytes) serial = mc_certificate_get_raw_serial (signer);
  GBytes *der = mc_certificate_get_der (signer);
  guint8 hash[SHA256_LEN];
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (der, &len);

  if (issuer == NULL || serial == NULL)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CERTIFICATE,
                   _("The signer certificate has no readable issuer or serial number."));
      return NULL;
    }
  gnutls_hash_fast (GNUTLS_DIG_SHA256, data, len, hash);

  /* hashAlgorithm is left out: it defaults to SHA-256, and DER omits
   * default values. */
  if (!mc_asn1_create ("SigningCertificateV2", &node, error) ||
      !mc_asn1_write (node, "certs", "NEW", 1, error) ||
      !mc_asn1_write (node, "certs.?LAST.hashAlgorithm", NULL, 0, error) ||
      !mc_asn1_write (node, "certs.?LAST.certHash", hash, sizeof hash, error) ||
      !mc_asn1_write (node, "certs.?LAST.issuerSerial.issuer", "NEW", 1, error) ||
      !mc_asn1_write (node, "certs.?LAST.issuerSerial.issuer.?LAST", "directoryName", 1, error) ||
      !mc_asn1_write_bytes (node, "certs.?LAST.issuerSerial.issuer.?LAST.directoryName", issuer, error) ||
      !mc_asn1_write_bytes (node, "certs.?LAST.issuerSerial.serialNumber", serial, error) ||
      !mc_asn1_write (node, "policies", NULL, 0, error))
    return NULL;

  return mc_asn1_encode (node, "", error);
}

/* content-type, message-digest and signing-certificate-v2, into the SET
 * OF Attribute at @set. */
static gboolean
write_signed_attributes (asn1_node      node,
                         const char    *set,
                         McCertificate *signer,
                         const guint8  *digest,
                         gsize          digest_len,
                         GError       **error)
{
  g_autoptr(GBytes) content_type = NULL;
  g_autoptr(GBytes) message_digest = NULL;
  g_autoptr(GBytes) signing_cert = NULL;

  content_type = mc_asn1_encode_value ("ObjectIdentifierValue", MC_OID_DATA, 1, error);
  if (content_type == NULL)
    return FALSE;
  message_digest = mc_asn1_encode_value ("OctetStringValue", digest, digest_len, error);
  if (message_digest == NULL)
    return FALSE;
  signing_cert = encode_signing_certificate_v2 (signer, error);
  if (signing_cert == NULL)
    return FALSE;

  return add_attribute (node, set, MC_OID_CONTENT_TYPE, content_type, error) &&
         add_attribute (node, set, MC_OID_MESSAGE_DIGEST, message_digest, error) &&
         add_attribute (node, set, MC_OID_SIGNING_CERTIFICATE_V2, signing_cert, error);
}

static GBytes *
encode_signed_attributes (McCertificate *signer,
                          const guint8  *digest,
                          gsize          digest_len,
                          GError       **error)
{
  g_autoptr(asn1_node_st) node = NULL;

  if (!mc_asn1_create ("SignedAttributes", &node, error) ||
      !write_signed_attributes (node, "", signer, digest, digest_len, error))
    return NULL;
  return mc_asn1_encode (node, "", error);
}

static const char *
signature_oid_for (McCertificate  *signer,
                   gboolean       *rsa)
{
  switch (mc_certificate_get_key_algorithm (signer))
    {
    case MC_KEY_ALGORITHM_RSA:
      /* rsaEncryption, as OpenSSL, Adobe and EU DSS write and accept
       * (RFC 3370 §3.2); verification also takes sha256WithRSAEncryption. */
      *rsa = TRUE;
      return MC_OID_RSA_ENCRYPTION;
    case MC_KEY_ALGORITHM_EC:
      *rsa = FALSE;
      return gnutls_sign_get_oid (GNUTLS_SIGN_ECDSA_SHA256);
    case MC_KEY_ALGORITHM_UNKNOWN:
    default:
      return NULL;
    }
}

/* The whole ContentInfo around a SignedData with one SignerInfo. */
static GBytes *
assemble (McCertificate  *signer,
          GPtrArray      *chain,
          const guint8   *digest,
          gsize           digest_len,
          GBytes         *signature,
          GBytes         *timestamp_token,
          GError        **error)
{
  g_autoptr(asn1_node_st) sd = NULL;
  g_autoptr(asn1_node_st) ci = NULL;
  g_autoptr(GBytes) issuer = mc_certificate_get_raw_issuer (signer);
  g_autoptr(GBytes) serial = mc_certificate_get_raw_serial (signer);
  g_autoptr(GPtrArray) certs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GBytes) sd_der = NULL;
  const char *sig_oid;
  gboolean rsa = FALSE;

  sig_oid = signature_oid_for (signer, &rsa);
  if (sig_oid == NULL)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_UNSUPPORTED_KEY,
                   _("Only RSA and ECDSA keys can sign documents."));
      return NULL;
    }
  if (issuer == NULL || serial == NULL)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CERTIFICATE,
                   _("The signer certificate has no readable issuer or serial number."));
      return NULL;
    }

  mc_certificate_array_add_unique (certs, signer);
  if (chain != NULL)
    for (guint i = 0; i < chain->len; i++)
      mc_certificate_array_add_unique (certs, g_ptr_array_index (chain, i));

  if (!mc_asn1_create ("SignedData", &sd, error) ||
      !mc_asn1_write (sd, "version", "1", 0, error) ||
      !mc_asn1_write (sd, "digestAlgorithms", "NEW", 1, error) ||
      !mc_asn1_write (sd, "digestAlgorithms.?LAST.algorithm", MC_OID_SHA256, 1, error) ||
      !mc_asn1_write (sd, "digestAlgorithms.?LAST.parameters", NULL, 0, error) ||
      !mc_asn1_write (sd, "encapContentInfo.eContentType", MC_OID_DATA, 1, error) ||
      !mc_asn1_write (sd, "encapContentInfo.eContent", NULL, 0, error) ||
      !mc_asn1_write (sd, "crls", NULL, 0, error))
    return NULL;

  for (guint i = 0; i < certs->len; i++)
    if (!mc_asn1_write (sd, "certificates", "NEW", 1, error) ||
        !mc_asn1_write_bytes (sd, "certificates.?LAST",
                              mc_certificate_get_der (g_ptr_array_index (certs, i)), error))
      return NULL;

  if (!mc_asn1_write (sd, "signerInfos", "NEW", 1, error) ||
      !mc_asn1_write (sd, "signerInfos.?LAST.version", "1", 0, error) ||
      !mc_asn1_write (sd, "signerInfos.?LAST.sid", "issuerAndSerialNumber", 1, error) ||
      !mc_asn1_write_bytes (sd, "signerInfos.?LAST.sid.issuerAndSerialNumber.issuer", issuer, error) ||
      !mc_asn1_write_bytes (sd, "signerInfos.?LAST.sid.issuerAndSerialNumber.serialNumber", serial, error) ||
      !mc_asn1_write (sd, "signerInfos.?LAST.digestAlgorithm.algorithm", MC_OID_SHA256, 1, error) ||
      !mc_asn1_write (sd, "signerInfos.?LAST.digestAlgorithm.parameters", NULL, 0, error) ||
      !write_signed_attributes (sd, "signerInfos.?LAST.signedAttrs", signer, digest, digest_len, error) ||
      !mc_asn1_write (sd, "signerInfos.?LAST.signatureAlgorithm.algorithm", sig_oid, 1, error) ||
      !mc_asn1_write (sd, "signerInfos.?LAST.signatureAlgorithm.parameters",
                      rsa ? MC_DER_NULL : NULL, rsa ? 2 : 0, error) ||
      !mc_asn1_write_bytes (sd, "signerInfos.?LAST.signature", signature, error))
    return NULL;

  if (timestamp_token != NULL)
    {
      if (!add_attribute (sd, "signerInfos.?LAST.unsignedAttrs", MC_OID_TIMESTAMP_TOKEN,
                          timestamp_token, error))
        return NULL;
    }
  else if (!mc_asn1_write (sd, "signerInfos.?LAST.unsignedAttrs", NULL, 0, error))
    return NULL;

  sd_der = mc_asn1_encode (sd, "", error);
  if (sd_der == NULL)
    return NULL;

  if (!mc_asn1_create ("ContentInfo", &ci, error) ||
      !mc_asn1_write (ci, "contentType", MC_OID_SIGNED_DATA, 1, error) ||
      !mc_asn1_write_bytes (ci, "content", sd_der, error))
    return NULL;

  return mc_asn1_encode (ci, "", error);
}

static gsize
max_signature_size (McCertificate *signer)
{
  gsize n = (mc_certificate_get_key_bits (signer) + 7) / 8;

  if (mc_certificate_get_key_algorithm (signer) == MC_KEY_ALGORITHM_EC)
    return 2 * (n + 3) + 4;   /* SEQUENCE { INTEGER r, INTEGER s } */
  return n;
}

/**
 * mc_cms_estimate_size:
 * @signer: the signer certificate
 * @chain: (nullable) (element-type McCertificate): more certificates to
 *   embed (the chain), as they will be given to the signing session
 * @timestamp_reserve: bytes to add for a time-stamp token (0 for a B-B
 *   signature, %MC_CMS_TIMESTAMP_RESERVE when the token size is unknown)
 *
 * The most bytes the DER of the signature can take, so the PDF writer can
 * reserve /Contents (twice this in hex) before the digest is known.
 *
 * Returns: an upper bound in bytes, or 0 if @signer cannot sign
 */
gsize
mc_cms_estimate_size (McCertificate *signer,
                      GPtrArray     *chain,
                      gsize          timestamp_reserve)
{
  g_autoptr(GBytes) fake_signature = NULL;
  g_autoptr(GBytes) cms = NULL;
  g_autoptr(GError) error = NULL;
  guint8 digest[SHA256_LEN] = { 0 };
  gsize sig_len;
  guint8 *sig;

  g_return_val_if_fail (MC_IS_CERTIFICATE (signer), 0);

  sig_len = max_signature_size (signer);
  sig = g_malloc0 (sig_len);
  memset (sig, 0xff, sig_len);
  fake_signature = g_bytes_new_take (sig, sig_len);

  cms = assemble (signer, chain, digest, sizeof digest, fake_signature, NULL, &error);
  if (cms == NULL)
    {
      g_debug ("Cannot estimate the CMS size: %s", error->message);
      return 0;
    }

  /* The unsigned attribute around the token takes at most ~40 bytes;
   * lengths of the enclosing SEQUENCEs may grow by a few bytes each. */
  return g_bytes_get_size (cms) + (timestamp_reserve > 0 ? timestamp_reserve + 64 : 0);
}

static gnutls_sign_algorithm_t
signature_algorithm (const char                 *oid,
                     gnutls_digest_algorithm_t   digest,
                     gnutls_pk_algorithm_t       key_pk,
                     GError                    **error)
{
  gnutls_sign_algorithm_t sign;

  if (g_strcmp0 (oid, MC_OID_RSA_ENCRYPTION) == 0)
    sign = gnutls_pk_to_sign (GNUTLS_PK_RSA, digest);
  else if (g_strcmp0 (oid, MC_OID_EC_PUBLIC_KEY) == 0)
    sign = gnutls_pk_to_sign (GNUTLS_PK_ECDSA, digest);
  else
    {
      sign = oid ? gnutls_oid_to_sign (oid) : GNUTLS_SIGN_UNKNOWN;
      if (sign != GNUTLS_SIGN_UNKNOWN && gnutls_sign_get_hash_algorithm (sign) != digest)
        {
          g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CMS_INVALID,
                       _("The signature algorithm does not match the digest algorithm."));
          return GNUTLS_SIGN_UNKNOWN;
        }
    }

  if (sign == GNUTLS_SIGN_UNKNOWN)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CMS_INVALID,
                   _("The signature algorithm %s is not supported."), oid ? oid : "?");
      return GNUTLS_SIGN_UNKNOWN;
    }
  if (gnutls_sign_get_pk_algorithm (sign) != key_pk)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CMS_INVALID,
                   _("The signature algorithm does not match the signer’s key."));
      return GNUTLS_SIGN_UNKNOWN;
    }
  return sign;
}

void
mc_cms_signed_data_free (McCmsSignedData *sd)
{
  if (sd == NULL)
    return;
  g_clear_pointer (&sd->der, g_bytes_unref);
  g_free (sd->econtent_type);
  g_clear_pointer (&sd->econtent, g_bytes_unref);
  g_clear_pointer (&sd->certificates, g_ptr_array_unref);
  g_clear_pointer (&sd->sid_issuer, g_bytes_unref);
  g_clear_pointer (&sd->sid_serial, g_bytes_unref);
  g_clear_pointer (&sd->sid_key_id, g_bytes_unref);
  g_free (sd->digest_oid);
  g_free (sd->signature_oid);
  g_clear_pointer (&sd->signed_attrs, g_bytes_unref);
  g_clear_pointer (&sd->signature, g_bytes_unref);
  g_free (sd->attr_content_type);
  g_clear_pointer (&sd->attr_message_digest, g_bytes_unref);
  g_clear_pointer (&sd->attr_signing_certificate_v2, g_bytes_unref);
  g_clear_pointer (&sd->attr_signing_certificate, g_bytes_unref);
  g_clear_pointer (&sd->timestamp_token, g_bytes_unref);
  g_free (sd);
}

static void
read_signed_attribute (McCmsSignedData *sd,
                       const char      *oid,
                       GBytes          *value)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (value, &len);

  if (g_strcmp0 (oid, MC_OID_CONTENT_TYPE) == 0 && sd->attr_content_type == NULL)
    {
      g_autoptr(asn1_node_st) node = NULL;

      if (mc_asn1_decode ("ObjectIdentifierValue", data, len, &node, NULL))
        sd->attr_content_type = mc_asn1_read_oid (node, "");
    }
  else if (g_strcmp0 (oid, MC_OID_MESSAGE_DIGEST) == 0 && sd->attr_message_digest == NULL)
    {
      g_autoptr(asn1_node_st) node = NULL;

      if (mc_asn1_decode ("OctetStringValue", data, len, &node, NULL))
        sd->attr_message_digest = mc_asn1_read (node, "");
    }
  else if (g_strcmp0 (oid, MC_OID_SIGNING_TIME) == 0)
    sd->has_signing_time = TRUE;
  else if (g_strcmp0 (oid, MC_OID_SIGNING_CERTIFICATE_V2) == 0 && sd->attr_signing_certificate_v2 == NULL)
    sd->attr_signing_certificate_v2 = g_bytes_ref (value);
  else if (g_strcmp0 (oid, MC_OID_SIGNING_CERTIFICATE) == 0 && sd->attr_signing_certificate == NULL)
    sd->attr_signing_certificate = g_bytes_ref (value);
}

/**
 * mc_cms_signed_data_parse: (skip)
 *
 * Reads a ContentInfo holding a SignedData; the first SignerInfo is the
 * one that counts (PAdES allows exactly one).
 */
McCmsSignedData *
mc_cms_signed_data_parse (GBytes  *der,
                          GError **error)
{
  g_autoptr(McCmsSignedData) sd = g_new0 (McCmsSignedData, 1);
  g_autoptr(asn1_node_st) ci = NULL;
  g_autoptr(asn1_node_st) node = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autofree char *content_type = NULL;
  g_autofree char *sid_choice = NULL;
  const guint8 *data, *sd_data;
  gsize len = 0, sd_len = 0, start = 0, end = 0;
  int n;

  g_return_val_if_fail (der != NULL, NULL);

  sd->der = g_bytes_ref (der);
  sd->certificates = g_ptr_array_new_with_free_func (g_object_unref);
  data = g_bytes_get_data (der, &len);

  if (!mc_asn1_decode ("ContentInfo", data, len, &ci, error))
    return NULL;
  content_type = mc_asn1_read_oid (ci, "contentType");
  if (g_strcmp0 (content_type, MC_OID_SIGNED_DATA) != 0)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CMS_INVALID,
                   _("The signature is not a CMS SignedData."));
      return NULL;
    }
  content = mc_asn1_read (ci, "content");
  if (content == NULL)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CMS_INVALID,
                   _("The signature has no content."));
      return NULL;
    }
  sd_data = g_bytes_get_data (content, &sd_len);
  if (!mc_asn1_decode ("SignedData", sd_data, sd_len, &node, error))
    return NULL;

  sd->econtent_type = mc_asn1_read_oid (node, "encapContentInfo.eContentType");
  sd->econtent = mc_asn1_read (node, "encapContentInfo.eContent");

  n = mc_asn1_count (node, "certificates");
  for (int i = 1; i <= n; i++)
    {
      g_autofree char *name = g_strdup_printf ("certificates.?%d", i);
      g_autoptr(GBytes) cert_der = mc_asn1_read (node, name);
      McCertificate *cert = cert_der ? mc_certificate_new_from_der (cert_der, NULL) : NULL;

      /* Attribute certificates and other choices are skipped. */
      if (cert != NULL)
        g_ptr_array_add (sd->certificates, cert);
    }

  sd->n_signers = mc_asn1_count (node, "signerInfos");
  if (sd->n_signers == 0)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CMS_INVALID,
                   _("The signature has no signer."));
      return NULL;
    }

  sid_choice = mc_asn1_read_oid (node, "signerInfos.?1.sid");
  if (g_strcmp0 (sid_choice, "issuerAndSerialNumber") == 0)
    {
      sd->sid_issuer = mc_asn1_read (node, "signerInfos.?1.sid.issuerAndSerialNumber.issuer");
      sd->sid_serial = mc_asn1_read (node, "signerInfos.?1.sid.issuerAndSerialNumber.serialNumber");
    }
  else if (g_strcmp0 (sid_choice, "subjectKeyIdentifier") == 0)
    sd->sid_key_id = mc_asn1_read (node, "signerInfos.?1.sid.subjectKeyIdentifier");

  sd->digest_oid = mc_asn1_read_oid (node, "signerInfos.?1.digestAlgorithm.algorithm");
  sd->digest = sd->digest_oid ? gnutls_oid_to_digest (sd->digest_oid) : GNUTLS_DIG_UNKNOWN;
  sd->signature_oid = mc_asn1_read_oid (node, "signerInfos.?1.signatureAlgorithm.algorithm");
  sd->signature = mc_asn1_read (node, "signerInfos.?1.signature");
  if (sd->signature == NULL || sd->digest_oid == NULL || sd->signature_oid == NULL)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CMS_INVALID,
                   _("The signer information is incomplete."));
      return NULL;
    }

  /* What was signed is the DER of the attributes with the SET OF tag, not
   * the [0] IMPLICIT tag they carry inside the SignerInfo (RFC 5652 §5.4). */
  if (mc_asn1_raw_range (node, sd_data, sd_len, "signerInfos.?1.signedAttrs", &start, &end))
    {
      guint8 *attrs = g_memdup2 (sd_data + start, end - start);

      attrs[0] = 0x31;
      sd->signed_attrs = g_bytes_new_take (attrs, end - start);

      n = mc_asn1_count (node, "signerInfos.?1.signedAttrs");
      for (int i = 1; i <= n; i++)
        {
          g_autofree char *type_name = g_strdup_printf ("signerInfos.?1.signedAttrs.?%d.attrType", i);
          g_autofree char *value_name = g_strdup_printf ("signerInfos.?1.signedAttrs.?%d.attrValues.?1", i);
          g_autofree char *oid = mc_asn1_read_oid (node, type_name);
          g_autoptr(GBytes) value = mc_asn1_read (node, value_name);

          if (oid != NULL && value != NULL)
            read_signed_attribute (sd, oid, value);
        }
    }

  n = mc_asn1_count (node, "signerInfos.?1.unsignedAttrs");
  for (int i = 1; i <= n; i++)
    {
      g_autofree char *type_name = g_strdup_printf ("signerInfos.?1.unsignedAttrs.?%d.attrType", i);
      g_autofree char *values_name = g_strdup_printf ("signerInfos.?1.unsignedAttrs.?%d.attrValues", i);
      g_autofree char *oid = mc_asn1_read_oid (node, type_name);

      if (g_strcmp0 (oid, MC_OID_TIMESTAMP_TOKEN) == 0)
        {
          int m = mc_asn1_count (node, values_name);

          sd->n_timestamps += m;
          if (sd->timestamp_token == NULL && m > 0)
            {
              g_autofree char *value_name = g_strconcat (values_name, ".?1", NULL);

              sd->timestamp_token = mc_asn1_read (node, value_name);
            }
        }
    }

  return g_steal_pointer (&sd);
}

static gboolean
matches_sid (McCmsSignedData *sd,
             McCertificate   *cert)
{
  if (sd->sid_issuer != NULL && sd->sid_serial != NULL)
    {
      g_autoptr(GBytes) issuer = mc_certificate_get_raw_issuer (cert);
      g_autoptr(GBytes) serial = mc_certificate_get_raw_serial (cert);

      return issuer != NULL && serial != NULL &&
             g_bytes_equal (issuer, sd->sid_issuer) &&
             mc_asn1_integer_equal (serial, sd->sid_serial);
    }
  if (sd->sid_key_id != NULL)
    {
      guint8 buf[128];
      size_t size = sizeof buf;
      unsigned int critical = 0;

      if (gnutls_x509_crt_get_subject_key_id (mc_certificate_get_crt (cert), buf, &size, &critical) < 0)
        return FALSE;
      return size == g_bytes_get_size (sd->sid_key_id) &&
             memcmp (buf, g_bytes_get_data (sd->sid_key_id, NULL), size) == 0;
    }
  return FALSE;
}

/* The certificate the SignerInfo names, from the certificate set or
 * @extra (e.g. the DSS certificates). */
McCertificate *
mc_cms_signed_data_find_signer (McCmsSignedData *sd,
                                GPtrArray       *extra)
{
  for (guint i = 0; i < sd->certificates->len; i++)
    if (matches_sid (sd, g_ptr_array_index (sd->certificates, i)))
      return g_object_ref (g_ptr_array_index (sd->certificates, i));
  if (extra != NULL)
    for (guint i = 0; i < extra->len; i++)
      if (matches_sid (sd, g_ptr_array_index (extra, i)))
        return g_object_ref (g_ptr_array_index (extra, i));
  return NULL;
}

/* Checks the signed attributes that make a CMS signature and the
 * signature over them with @signer's public key. Whether the
 * message-digest matches the content is the caller's business: only it
 * knows the content. */
gboolean
mc_cms_signed_data_verify (McCmsSignedData  *sd,
                           McCertificate    *signer,
                           GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  gnutls_pubkey_t pubkey = NULL;
  gnutls_sign_algorithm_t sign;
  gnutls_datum_t data, sig;
  gsize len = 0;
  int ret;

  if (sd->signed_attrs == NULL)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CMS_INVALID,
                   _("The signature has no signed attributes, which CAdES requires."));
      return FALSE;
    }
  if (sd->attr_content_type == NULL || g_strcmp0 (sd->attr_content_type, sd->econtent_type) != 0)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CMS_INVALID,
                   _("The content-type attribute is missing or does not match the content."));
      return FALSE;
    }
  if (sd->digest == GNUTLS_DIG_UNKNOWN)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CMS_INVALID,
                   _("The digest algorithm %s is not supported."), sd->digest_oid);
      return FALSE;
    }
  if (sd->attr_message_digest == NULL ||
      g_bytes_get_size (sd->attr_message_digest) != gnutls_hash_get_len (sd->digest))
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CMS_INVALID,
                   _("The message-digest attribute is missing or has the wrong size."));
      return FALSE;
    }

  sign = signature_algorithm (sd->signature_oid, sd->digest,
                              gnutls_x509_crt_get_pk_algorithm (mc_certificate_get_crt (signer), NULL),
                              error);
  if (sign == GNUTLS_SIGN_UNKNOWN)
    return FALSE;

  if ((ret = gnutls_pubkey_init (&pubkey)) < 0 ||
      (ret = gnutls_pubkey_import_x509 (pubkey, mc_certificate_get_crt (signer), 0)) < 0)
    {
      g_clear_pointer (&pubkey, gnutls_pubkey_deinit);
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CERTIFICATE,
                   _("The signer’s public key cannot be read (%s)."), gnutls_strerror (ret));
      return FALSE;
    }

  data.data = (unsigned char *) g_bytes_get_data (sd->signed_attrs, &len);
  data.size = len;
  sig.data = (unsigned char *) g_bytes_get_data (sd->signature, &len);
  sig.size = len;
  ret = gnutls_pubkey_verify_data2 (pubkey, sign, 0, &data, &sig);
  gnutls_pubkey_deinit (pubkey);
  if (ret < 0)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CMS_INVALID,
                   _("The signature value does not verify with the signer’s key (%s)."),
                   gnutls_strerror (ret));
      return FALSE;
    }
  return TRUE;
}

static McEssResult
check_ess_v2 (GBytes        *value,
              McCertificate *signer,
              gboolean       v1)
{
  g_autoptr(asn1_node_st) node = NULL;
  g_autoptr(GBytes) cert_hash = NULL;
  g_autoptr(GBytes) issuer_choice_name = NULL;
  g_autofree char *hash_oid = NULL;
  g_autofree char *choice = NULL;
  gnutls_digest_algorithm_t alg = GNUTLS_DIG_SHA256;
  guint8 hash[64];
  gsize len = 0, der_len = 0;
  const guint8 *data = g_bytes_get_data (value, &len);
  const guint8 *der = g_bytes_get_data (mc_certificate_get_der (signer), &der_len);

  if (!mc_asn1_decode (v1 ? "SigningCertificate" : "SigningCertificateV2", data, len, &node, NULL) ||
      mc_asn1_count (node, "certs") < 1)
    return MC_ESS_MISMATCH;

  if (v1)
    alg = GNUTLS_DIG_SHA1;
  else if ((hash_oid = mc_asn1_read_oid (node, "certs.?1.hashAlgorithm.algorithm")) != NULL)
    alg = gnutls_oid_to_digest (hash_oid);
  if (alg == GNUTLS_DIG_UNKNOWN)
    return MC_ESS_MISMATCH;

  cert_hash = mc_asn1_read (node, "certs.?1.certHash");
  if (cert_hash == NULL || g_bytes_get_size (cert_hash) != gnutls_hash_get_len (alg) ||
      gnutls_hash_fast (alg, der, der_len, hash) < 0 ||
      memcmp (hash, g_bytes_get_data (cert_hash, NULL), gnutls_hash_get_len (alg)) != 0)
    return MC_ESS_MISMATCH;

  choice = mc_asn1_read_oid (node, "certs.?1.issuerSerial.issuer.?1");
  if (choice != NULL)
    {
      g_autoptr(GBytes) issuer = mc_asn1_read (node, "certs.?1.issuerSerial.issuer.?1.directoryName");
      g_autoptr(GBytes) serial = mc_asn1_read (node, "certs.?1.issuerSerial.serialNumber");
      g_autoptr(GBytes) cert_issuer = mc_certificate_get_raw_issuer (signer);
      g_autoptr(GBytes) cert_serial = mc_certificate_get_raw_serial (signer);

      if (g_strcmp0 (choice, "directoryName") != 0 || issuer == NULL || serial == NULL ||
          cert_issuer == NULL || cert_serial == NULL ||
          !g_bytes_equal (issuer, cert_issuer) || !mc_asn1_integer_equal (serial, cert_serial))
        return MC_ESS_MISMATCH;
    }

  return MC_ESS_MATCH;
}

/* Whether ESS signing-certificate-v2 (or v1) names @signer. */
McEssResult
mc_cms_signed_data_check_ess (McCmsSignedData *sd,
                              McCertificate   *signer)
{
  if (sd->attr_signing_certificate_v2 != NULL)
    return check_ess_v2 (sd->attr_signing_certificate_v2, signer, FALSE);
  if (sd->attr_signing_certificate != NULL)
    return check_ess_v2 (sd->attr_signing_certificate, signer, TRUE);
  return MC_ESS_ABSENT;
}

GChecksumType
mc_cms_digest_to_checksum (gnutls_digest_algorithm_t digest)
{
  switch (digest)
    {
    case GNUTLS_DIG_SHA256:
      return G_CHECKSUM_SHA256;
    case GNUTLS_DIG_SHA384:
      return G_CHECKSUM_SHA384;
    case GNUTLS_DIG_SHA512:
      return G_CHECKSUM_SHA512;
    case GNUTLS_DIG_SHA1:
      return G_CHECKSUM_SHA1;
    default:
      return (GChecksumType) -1;
    }
}

/* Signs @digest (SHA-256 of the PDF byte ranges) with @key, which must
 * belong to @signer. The result is parsed back and verified. */
GBytes *
mc_cms_sign_detached (gnutls_privkey_t   key,
                      McCertificate     *signer,
                      GPtrArray         *chain,
                      const guint8      *digest,
                      gsize              digest_len,
                      GError           **error)
{
  g_autoptr(GBytes) attrs = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(GBytes) cms = NULL;
  g_autoptr(McCmsSignedData) sd = NULL;
  gnutls_datum_t data, sig = { NULL, 0 };
  gsize len = 0;
  int ret;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (MC_IS_CERTIFICATE (signer), NULL);
  g_return_val_if_fail (digest != NULL, NULL);

  if (digest_len != SHA256_LEN)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_FAILED,
                   _("The document digest must be SHA-256 (32 bytes), not %zu bytes."), digest_len);
      return NULL;
    }

  attrs = encode_signed_attributes (signer, digest, digest_len, error);
  if (attrs == NULL)
    return NULL;

  data.data = (unsigned char *) g_bytes_get_data (attrs, &len);
  data.size = len;
  ret = gnutls_privkey_sign_data (key, GNUTLS_DIG_SHA256, 0, &data, &sig);
  if (ret < 0)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PKCS11,
                   _("The token could not sign (%s)."), gnutls_strerror (ret));
      return NULL;
    }
  signature = g_bytes_new (sig.data, sig.size);
  gnutls_free (sig.data);

  cms = assemble (signer, chain, digest, digest_len, signature, NULL, error);
  if (cms == NULL)
    return NULL;

  sd = mc_cms_signed_data_parse (cms, error);
  if (sd == NULL)
    return NULL;
  if (sd->signed_attrs == NULL || !g_bytes_equal (sd->signed_attrs, attrs))
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_FAILED,
                   "The signed attributes changed while the SignedData was encoded.");
      return NULL;
    }
  if (!mc_cms_signed_data_verify (sd, signer, error))
    {
      g_prefix_error (error, "%s ", _("The key on the token does not belong to the chosen certificate:"));
      return NULL;
    }

  return g_steal_pointer (&cms);
}

/**
 * mc_cms_get_digest_type:
 * @cms: the DER of a CMS signature
 * @out_type: (out): the digest algorithm of the signer
 * @error: return location for a #GError
 *
 * Tells which hash the byte ranges must be hashed with before calling the
 * verifier (SHA-256 for our signatures; others may use SHA-384/512).
 *
 * Returns: %TRUE on success
 */
gboolean
mc_cms_get_digest_type (GBytes         *cms,
                        GChecksumType  *out_type,
                        GError        **error)
{
  g_autoptr(McCmsSignedData) sd = NULL;
  GChecksumType type;

  g_return_val_if_fail (cms != NULL, FALSE);
  g_return_val_if_fail (out_type != NULL, FALSE);

  sd = mc_cms_signed_data_parse (cms, error);
  if (sd == NULL)
    return FALSE;

  type = mc_cms_digest_to_checksum (sd->digest);
  if ((int) type < 0)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CMS_INVALID,
                   _("The digest algorithm %s is not supported."), sd->digest_oid);
      return FALSE;
    }
  *out_type = type;
  return TRUE;
}

/**
 * mc_cms_get_signature_value:
 * @cms: the DER of a CMS signature
 * @error: return location for a #GError
 *
 * The signer's signature value, which a signature time-stamp covers.
 *
 * Returns: (transfer full): the signature octets, or %NULL
 */
GBytes *
mc_cms_get_signature_value (GBytes  *cms,
                            GError **error)
{
  g_autoptr(McCmsSignedData) sd = NULL;

  g_return_val_if_fail (cms != NULL, NULL);

  sd = mc_cms_signed_data_parse (cms, error);
  if (sd == NULL)
    return NULL;
  return g_bytes_ref (sd->signature);
}

/**
 * mc_cms_get_signer_certificate:
 * @cms: the DER of a CMS signature
 * @error: return location for a #GError
 *
 * The certificate of the signer, when the signature carries it.
 *
 * Returns: (transfer full): the certificate, or %NULL
 */
McCertificate *
mc_cms_get_signer_certificate (GBytes  *cms,
                               GError **error)
{
  g_autoptr(McCmsSignedData) sd = NULL;
  McCertificate *signer;

  g_return_val_if_fail (cms != NULL, NULL);

  sd = mc_cms_signed_data_parse (cms, error);
  if (sd == NULL)
    return NULL;
  signer = mc_cms_signed_data_find_signer (sd, NULL);
  if (signer == NULL)
    g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CMS_INVALID,
                 _("The signature does not carry the signer’s certificate."));
  return signer;
}

/**
 * mc_cms_get_timestamp_token:
 * @cms: the DER of a CMS signature
 * @error: return location for a #GError
 *
 * The RFC 3161 signature time-stamp token (a ContentInfo), e.g. to check
 * it with `openssl ts -verify`.
 *
 * Returns: (transfer full) (nullable): the token, or %NULL with no error
 *   when there is none
 */
GBytes *
mc_cms_get_timestamp_token (GBytes  *cms,
                            GError **error)
{
  g_autoptr(McCmsSignedData) sd = NULL;

  g_return_val_if_fail (cms != NULL, NULL);

  sd = mc_cms_signed_data_parse (cms, error);
  if (sd == NULL || sd->timestamp_token == NULL)
    return NULL;
  return g_bytes_ref (sd->timestamp_token);
}

/**
 * mc_cms_add_timestamp:
 * @cms: the DER of a signature made by this library
 * @token: an RFC 3161 TimeStampToken over its signature value
 * @error: return location for a #GError
 *
 * Adds @token as the unsigned attribute id-aa-signatureTimeStampToken
 * (replacing any earlier one), turning a B-B signature into B-T. The
 * signed part is rebuilt and must come out byte for byte the same.
 *
 * Returns: (transfer full): the new signature DER, or %NULL
 */
GBytes *
mc_cms_add_timestamp (GBytes  *cms,
                      GBytes  *token,
                      GError **error)
{
  g_autoptr(McCmsSignedData) sd = NULL;
  g_autoptr(McCmsSignedData) check = NULL;
  g_autoptr(McCertificate) signer = NULL;
  g_autoptr(GPtrArray) chain = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GBytes) out = NULL;
  gsize digest_len = 0;
  const guint8 *digest;

  g_return_val_if_fail (cms != NULL, NULL);
  g_return_val_if_fail (token != NULL, NULL);

  sd = mc_cms_signed_data_parse (cms, error);
  if (sd == NULL)
    return NULL;
  signer = mc_cms_signed_data_find_signer (sd, NULL);
  if (signer == NULL || sd->attr_message_digest == NULL)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CMS_INVALID,
                   _("A time-stamp can only be added to a signature made by this program."));
      return NULL;
    }
  for (guint i = 0; i < sd->certificates->len; i++)
    if (!mc_certificate_equal (g_ptr_array_index (sd->certificates, i), signer))
      g_ptr_array_add (chain, g_object_ref (g_ptr_array_index (sd->certificates, i)));

  digest = g_bytes_get_data (sd->attr_message_digest, &digest_len);
  out = assemble (signer, chain, digest, digest_len, sd->signature, token, error);
  if (out == NULL)
    return NULL;

  check = mc_cms_signed_data_parse (out, error);
  if (check == NULL)
    return NULL;
  if (check->signed_attrs == NULL || sd->signed_attrs == NULL ||
      !g_bytes_equal (check->signed_attrs, sd->signed_attrs) ||
      !g_bytes_equal (check->signature, sd->signature))
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CMS_INVALID,
                   _("A time-stamp can only be added to a signature made by this program."));
      return NULL;
    }

  return g_steal_pointer (&out);
}
