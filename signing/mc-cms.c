/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Builds detached CAdES signatures for PAdES and answers the questions the
 * PDF code asks of them. The caller hashes the PDF byte ranges itself
 * (streamed from disk), so the library never sees the document: it gets
 * the SHA-256 digest, puts it in the message-digest attribute next to
 * content-type and ESS signing-certificate-v2 (and no signing-time: PAdES
 * keeps the claimed time in the signature dictionary's /M), signs the DER
 * of those signed attributes with the token's key and wraps everything in
 * a SignedData. gnutls_pkcs7_sign() wants the data itself, hence libtasn1
 * and our own ASN.1 module. Every signature made here is parsed back and
 * verified before it is returned. */
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
