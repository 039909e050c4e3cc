/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The parsed form of a CMS SignedData (one signer), shared by the
 * signature builder, the time-stamp client (a TSA token is a SignedData
 * too) and the verifier; and the builder that signs with a GnuTLS key. */
#pragma once

#include <gnutls/abstract.h>
#include <libtasn1.h>

#include "mc-certificate.h"

G_BEGIN_DECLS

typedef enum {
  MC_ESS_ABSENT,
  MC_ESS_MATCH,
  MC_ESS_MISMATCH,
} McEssResult;

typedef struct {
  GBytes *der;                   /* the ContentInfo as given */
  char *econtent_type;
  GBytes *econtent;              /* NULL when detached */
  GPtrArray *certificates;       /* McCertificate, from the certificate set */
  guint n_signers;

  /* The first SignerInfo. */
  GBytes *sid_issuer;            /* DER Name, or NULL */
  GBytes *sid_serial;            /* INTEGER content octets, or NULL */
  GBytes *sid_key_id;            /* subjectKeyIdentifier, or NULL */
  char *digest_oid;
  gnutls_digest_algorithm_t digest;
  char *signature_oid;
  GBytes *signed_attrs;          /* DER as signed (SET tag), NULL if absent */
  GBytes *signature;
  char *attr_content_type;
  GBytes *attr_message_digest;
  gboolean has_signing_time;
  GBytes *attr_signing_certificate_v2;  /* attribute value (DER) */
  GBytes *attr_signing_certificate;     /* ESS v1 value (DER) */
  GBytes *timestamp_token;       /* first signature time-stamp token */
  guint n_timestamps;
} McCmsSignedData;

McCmsSignedData *mc_cms_signed_data_parse      (GBytes            *der,
                                                GError           **error);
void             mc_cms_signed_data_free       (McCmsSignedData   *sd);
McCertificate   *mc_cms_signed_data_find_signer (McCmsSignedData  *sd,
                                                GPtrArray         *extra);
gboolean         mc_cms_signed_data_verify     (McCmsSignedData   *sd,
                                                McCertificate     *signer,
                                                GError           **error);
McEssResult      mc_cms_signed_data_check_ess  (McCmsSignedData   *sd,
                                                McCertificate     *signer);
GChecksumType    mc_cms_digest_to_checksum     (gnutls_digest_algorithm_t digest);
gnutls_digest_algorithm_t mc_cms_signature_oid_digest (const char *oid);

GBytes          *mc_cms_sign_detached          (gnutls_privkey_t   key,
                                                McCertificate     *signer,
                                                GPtrArray         *chain,
                                                const guint8      *digest,
                                                gsize              digest_len,
                                                GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McCmsSignedData, mc_cms_signed_data_free)

G_END_DECLS
