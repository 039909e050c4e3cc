/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reads a CMS SignedData with one signer: our own signatures (to check
 * what was just built, to add a time-stamp), RFC 3161 tokens (which are
 * SignedData over a TSTInfo) and the signatures the verifier is given.
 * It keeps the raw DER of the signed attributes, which is what was
 * signed, and checks the signature over them and the ESS
 * signing-certificate(-v2) attribute. */
#define G_LOG_DOMAIN "motcua-signing"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/abstract.h>
#include <gnutls/crypto.h>

#include "mc-asn1.h"
#include "mc-certificate-private.h"
#include "mc-cms-private.h"
#include "mc-signing.h"

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

/* The digest a signature algorithm OID names (md5WithRSAEncryption,
 * ecdsa-with-SHA1...), or GNUTLS_DIG_UNKNOWN for a bare key algorithm. */
gnutls_digest_algorithm_t
mc_cms_signature_oid_digest (const char *oid)
{
  gnutls_sign_algorithm_t sign;

  if (oid == NULL)
    return GNUTLS_DIG_UNKNOWN;
  if (g_str_equal (oid, "1.2.840.113549.1.1.4") || g_str_equal (oid, "1.2.840.113549.1.1.3"))
    return GNUTLS_DIG_MD5;
  sign = gnutls_oid_to_sign (oid);
  return sign == GNUTLS_SIGN_UNKNOWN ? GNUTLS_DIG_UNKNOWN
                                     : (gnutls_digest_algorithm_t) gnutls_sign_get_hash_algorithm (sign);
}
