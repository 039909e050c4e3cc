/* SPDX-License-Identifier: GPL-3.0-or-later */
/* McVerifier checks one detached CAdES signature the way a PAdES
 * validator does, given the digest of the document's byte ranges (the PDF
 * reader streams and hashes them with the algorithm from
 * mc_cms_get_digest_type()): message-digest, the signature value with the
 * signer's public key, ESS signing-certificate-v2, the signature
 * time-stamp (its own signature, TSA chain and imprint over the signature
 * value), the signer's chain to the trust anchors at the time of signing
 * (the time-stamp's time when there is one), and revocation from the
 * document's DSS or, when allowed, online. Every finding goes in the
 * report; only an unreadable signature is an error. */
#define G_LOG_DOMAIN "motcua-signing"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>

#include "mc-asn1.h"
#include "mc-certificate-private.h"
#include "mc-cms-private.h"
#include "mc-revocation.h"
#include "mc-signature-report-private.h"
#include "mc-signing.h"
#include "mc-trust-store-private.h"
#include "mc-tsa-private.h"
#include "mc-verifier.h"

struct _McVerifier
{
  GObject parent_instance;

  McTrustStore *trust;
  gboolean allow_network;
  guint network_timeout;
};

G_DEFINE_FINAL_TYPE (McVerifier, mc_verifier, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TRUST_STORE,
  PROP_ALLOW_NETWORK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
mc_verifier_dispose (GObject *object)
{
  McVerifier *self = MC_VERIFIER (object);

  g_clear_object (&self->trust);

  G_OBJECT_CLASS (mc_verifier_parent_class)->dispose (object);
}

static void
mc_verifier_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  McVerifier *self = MC_VERIFIER (object);

  switch (prop_id)
    {
    case PROP_TRUST_STORE:
      g_value_set_object (value, self->trust);
      break;
    case PROP_ALLOW_NETWORK:
      g_value_set_boolean (value, self->allow_network);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_verifier_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  McVerifier *self = MC_VERIFIER (object);

  switch (prop_id)
    {
    case PROP_TRUST_STORE:
      self->trust = g_value_dup_object (value);
      if (self->trust == NULL)
        self->trust = mc_trust_store_new ();
      break;
    case PROP_ALLOW_NETWORK:
      mc_verifier_set_allow_network (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_verifier_class_init (McVerifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mc_verifier_dispose;
  object_class->get_property = mc_verifier_get_property;
  object_class->set_property = mc_verifier_set_property;

  /**
   * McVerifier:trust-store:
   *
   * The anchors signer and TSA chains must lead to.
   */
  properties[PROP_TRUST_STORE] =
    g_param_spec_object ("trust-store", NULL, NULL, MC_TYPE_TRUST_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * McVerifier:allow-network:
   *
   * Whether OCSP responders and CRL servers may be asked when the
   * document carries no revocation data.
   */
  properties[PROP_ALLOW_NETWORK] =
    g_param_spec_boolean ("allow-network", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mc_verifier_init (McVerifier *self)
{
  self->network_timeout = MC_VERIFIER_NETWORK_TIMEOUT;
}

/**
 * mc_verifier_new:
 * @trust: (nullable): the trust anchors (none when %NULL)
 *
 * Returns: (transfer full): a verifier that stays offline until
 *   mc_verifier_set_allow_network() says otherwise
 */
McVerifier *
mc_verifier_new (McTrustStore *trust)
{
  g_return_val_if_fail (trust == NULL || MC_IS_TRUST_STORE (trust), NULL);

  return g_object_new (MC_TYPE_VERIFIER, "trust-store", trust, NULL);
}

/**
 * mc_verifier_get_trust_store:
 * @self: a #McVerifier
 *
 * Returns: (transfer none): the trust anchors
 */
McTrustStore *
mc_verifier_get_trust_store (McVerifier *self)
{
  g_return_val_if_fail (MC_IS_VERIFIER (self), NULL);
  return self->trust;
}

/**
 * mc_verifier_get_allow_network:
 * @self: a #McVerifier
 *
 * Returns: whether revocation servers may be asked
 */
gboolean
mc_verifier_get_allow_network (McVerifier *self)
{
  g_return_val_if_fail (MC_IS_VERIFIER (self), FALSE);
  return self->allow_network;
}

/**
 * mc_verifier_set_allow_network:
 * @self: a #McVerifier
 * @allow_network: whether revocation servers may be asked
 *
 * Lets the verifier fetch OCSP responses and CRLs for signatures whose
 * document carries none.
 */
void
mc_verifier_set_allow_network (McVerifier *self,
                               gboolean    allow_network)
{
  g_return_if_fail (MC_IS_VERIFIER (self));

  allow_network = !!allow_network;
  if (self->allow_network == allow_network)
    return;
  self->allow_network = allow_network;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALLOW_NETWORK]);
}

/**
 * mc_verifier_get_network_timeout:
 * @self: a #McVerifier
 *
 * Returns: the seconds revocation servers get per signature
 */
guint
mc_verifier_get_network_timeout (McVerifier *self)
{
  g_return_val_if_fail (MC_IS_VERIFIER (self), 0);
  return self->network_timeout;
}

/**
 * mc_verifier_set_network_timeout:
 * @self: a #McVerifier
 * @seconds: at least 1; %MC_VERIFIER_NETWORK_TIMEOUT by default
 *
 * Sets the one deadline all OCSP and CRL requests made for one signature
 * share. A server that has not answered by then is given up on and the
 * revocation status is indeterminate.
 */
void
mc_verifier_set_network_timeout (McVerifier *self,
                                 guint       seconds)
{
  g_return_if_fail (MC_IS_VERIFIER (self));
  g_return_if_fail (seconds > 0);
  self->network_timeout = seconds;
}

/* How much a digest can still prove. MD5 collisions are made on a laptop
 * and SHA-1 chosen-prefix collisions have been shown (SHAttered,
 * Shambles): MD5 proves nothing; SHA-1 may not be trusted blindly. */
typedef enum {
  DIGEST_STRONG,
  DIGEST_WEAK,
  DIGEST_BROKEN,
} DigestStrength;

static DigestStrength
digest_strength (gnutls_digest_algorithm_t digest)
{
  switch (digest)
    {
    case GNUTLS_DIG_MD5:
    case GNUTLS_DIG_MD2:
    case GNUTLS_DIG_RMD160:
      return DIGEST_BROKEN;
    case GNUTLS_DIG_SHA1:
    case GNUTLS_DIG_SHA224:
      return DIGEST_WEAK;
    default:
      return DIGEST_STRONG;
    }
}

/**
 * mc_verifier_judge_digest:
 * @report: the report to add the finding to
 * @digest: a digest algorithm the signature or time-stamp relies on
 * @what: (not nullable): what used it, as the start of a sentence
 *   ("The document digest")
 * @check: (inout): the check it belongs to
 *
 * MD5 (and MD2, RIPEMD-160) fails @check: it proves nothing. SHA-1 (and
 * SHA-224) makes @check indeterminate, unless it already failed. Either
 * way the report says why.
 *
 * Returns: %FALSE when @digest is refused outright
 */
gboolean
mc_verifier_judge_digest (McSignatureReport        *report,
                          gnutls_digest_algorithm_t digest,
                          const char               *what,
                          McCheckResult            *check)
{
  const char *name = gnutls_digest_get_name (digest);

  switch (digest_strength (digest))
    {
    case DIGEST_BROKEN:
      *check = MC_CHECK_FAILED;
      mc_signature_report_add_problem (report,
                                       _("%s uses %s, which is broken: anyone can forge data with "
                                         "the same digest, so it is refused."),
                                       what, name ? name : "MD5");
      return FALSE;
    case DIGEST_WEAK:
      if (*check != MC_CHECK_FAILED)
        *check = MC_CHECK_INDETERMINATE;
      mc_signature_report_add_problem (report,
                                       _("%s uses %s, which is no longer safe against forgery; "
                                         "the signature cannot be confirmed."),
                                       what, name ? name : "SHA1");
      return TRUE;
    case DIGEST_STRONG:
    default:
      return TRUE;
    }
}

static const char *
name_of (McCertificate *cert)
{
  const char *cn = mc_certificate_get_subject_cn (cert);

  return cn ? cn : mc_certificate_get_subject_dn (cert);
}

static char *
format_local (GDateTime *when)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (when);

  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S %:z");
}

/* Checks the signature time-stamp; sets the report's time-stamp fields. */
static void
check_timestamp (McVerifier        *self,
                 McSignatureReport *report,
                 McCmsSignedData   *sd,
                 GPtrArray         *pool)
{
  g_autoptr(McTstInfo) tst = NULL;
  g_autoptr(McCertificate) tsa = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tsa_pool = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  g_autofree char *problem = NULL;

  tst = mc_tst_info_parse (sd->timestamp_token, &error);
  if (tst == NULL)
    {
      report->timestamp_check = MC_CHECK_FAILED;
      mc_signature_report_add_problem (report, "%s", error->message);
      return;
    }
  tsa = mc_tst_info_verify (tst, &error);
  if (tsa == NULL)
    {
      report->timestamp_check = MC_CHECK_FAILED;
      mc_signature_report_add_problem (report, "%s", error->message);
      return;
    }
  /* MD5 anywhere in the time-stamp refuses it; SHA-1 leaves its time
   * unproven. */
  if (!mc_verifier_judge_digest (report, tst->imprint_digest,
                                 _("The time-stamp’s imprint of the signature"), &report->timestamp_check) ||
      !mc_verifier_judge_digest (report, tst->sd->digest,
                                 _("The time-stamp’s own signature"), &report->timestamp_check) ||
      !mc_verifier_judge_digest (report, mc_cms_signature_oid_digest (tst->sd->signature_oid),
                                 _("The time-stamp’s own signature"), &report->timestamp_check))
    return;
  if (!mc_tst_info_covers (tst, sd->signature))
    {
      report->timestamp_check = MC_CHECK_FAILED;
      mc_signature_report_add_problem (report, "%s",
                                       _("The time-stamp was made for other data than this signature."));
      return;
    }

  report->timestamp_authority = g_object_ref (tsa);
  report->timestamp_time = g_date_time_ref (tst->gen_time);
  if (report->timestamp_check == MC_CHECK_INDETERMINATE)
    return; /* a weak digest: the time cannot be relied on */

  tsa_pool = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < tst->sd->certificates->len; i++)
    mc_certificate_array_add_unique (tsa_pool, g_ptr_array_index (tst->sd->certificates, i));
  for (guint i = 0; i < pool->len; i++)
    mc_certificate_array_add_unique (tsa_pool, g_ptr_array_index (pool, i));

  chain = mc_certificate_build_chain (tsa, tsa_pool, mc_trust_store_get_anchors (self->trust));
  if (!mc_trust_store_verify_chain (self->trust, chain, MC_OID_KP_TIME_STAMPING, tst->gen_time, &problem))
    {
      report->timestamp_check = MC_CHECK_INDETERMINATE;
      mc_signature_report_add_problem (report, _("The time-stamp authority “%s” is not trusted: %s."),
                                       name_of (tsa), problem);
      return;
    }

  if (report->timestamp_check == MC_CHECK_NOT_DONE)
    report->timestamp_check = MC_CHECK_PASSED;
}

/* Revocation of each certificate of the chain below the anchor, as of
 * @when. Returns whether all answers came from @dss. */
static gboolean
check_revocation (McVerifier        *self,
                  McSignatureReport *report,
                  McValidationData  *dss,
                  GDateTime         *when,
                  gboolean           timestamped,
                  gboolean           allow_network,
                  gint64             deadline,
                  GCancellable      *cancellable,
                  GError           **error)
{
  gboolean all_offline = TRUE;
  gboolean unknown = FALSE, revoked = FALSE;

  for (guint i = 0; i + 1 < report->chain->len; i++)
    {
      McCertificate *cert = g_ptr_array_index (report->chain, i);
      McCertificate *issuer = g_ptr_array_index (report->chain, i + 1);
      g_autoptr(McRevocationResult) result = NULL;
      GDateTime *revoked_at;

      result = mc_revocation_check_at_sync (cert, issuer, dss, allow_network, timestamped ? when : NULL,
                                            deadline, cancellable, error);
      if (result == NULL)
        return FALSE;
      g_ptr_array_add (report->revocation_results, g_object_ref (result));
      if (mc_revocation_result_get_fetched (result))
        all_offline = FALSE;

      switch (mc_revocation_result_get_status (result))
        {
        case MC_REVOCATION_STATUS_GOOD:
          break;
        case MC_REVOCATION_STATUS_REVOKED:
          revoked_at = mc_revocation_result_get_revocation_time (result);
          if (timestamped && revoked_at != NULL && g_date_time_compare (revoked_at, when) > 0)
            {
              g_autofree char *at = format_local (revoked_at);

              mc_signature_report_add_problem (report,
                                               _("The certificate of “%s” was revoked on %s, after the "
                                                 "signature was time-stamped; the signature stays valid."),
                                               name_of (cert), at);
            }
          else
            {
              g_autofree char *at = revoked_at ? format_local (revoked_at) : g_strdup ("?");

              revoked = TRUE;
              mc_signature_report_add_problem (report, _("The certificate of “%s” was revoked on %s."),
                                               name_of (cert), at);
            }
          break;
        case MC_REVOCATION_STATUS_UNKNOWN:
        default:
          unknown = TRUE;
          all_offline = FALSE;
          mc_signature_report_add_problem (report, _("The revocation status of “%s” is unknown: %s."),
                                           name_of (cert),
                                           mc_revocation_result_get_message (result)
                                             ? mc_revocation_result_get_message (result) : "?");
          break;
        }
    }

  if (revoked)
    report->revocation_check = MC_CHECK_FAILED;
  else if (unknown)
    report->revocation_check = MC_CHECK_INDETERMINATE;
  else
    report->revocation_check = MC_CHECK_PASSED;
  return all_offline && report->chain->len > 1;
}

/**
 * mc_verifier_verify_sync:
 * @self: a #McVerifier
 * @cms: the DER of the signature (the PDF's /Contents, trailing zeros cut)
 * @digest: (array length=digest_len): the digest of the signed byte ranges,
 *   made with the algorithm mc_cms_get_digest_type() gives
 * @digest_len: its length
 * @dss: (nullable): the document's validation data (/DSS), if any
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Verifies the signature. May ask the network only when
 * #McVerifier:allow-network is set. Blocks: use
 * mc_verifier_verify_async() from the main thread.
 *
 * Returns: (transfer full): the report, or %NULL with
 *   %MC_SIGNING_ERROR_CMS_INVALID when @cms cannot be read at all
 */
McSignatureReport *
mc_verifier_verify_sync (McVerifier        *self,
                         GBytes            *cms,
                         const guint8      *digest,
                         gsize              digest_len,
                         McValidationData  *dss,
                         GCancellable      *cancellable,
                         GError           **error)
{
  g_autoptr(McSignatureReport) report = NULL;
  g_autoptr(McCmsSignedData) sd = NULL;
  g_autoptr(GPtrArray) pool = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) built = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *problem = NULL;
  GDateTime *when;
  gboolean dss_answered = FALSE;
  McEssResult ess;
  gsize expected_len;

  g_return_val_if_fail (MC_IS_VERIFIER (self), NULL);
  g_return_val_if_fail (cms != NULL, NULL);
  g_return_val_if_fail (digest != NULL, NULL);
  g_return_val_if_fail (dss == NULL || MC_IS_VALIDATION_DATA (dss), NULL);

  sd = mc_cms_signed_data_parse (cms, error);
  if (sd == NULL)
    return NULL;

  report = mc_signature_report_new ();
  report->has_signing_time = sd->has_signing_time;
  if (sd->digest != GNUTLS_DIG_UNKNOWN)
    report->digest_algorithm = g_strdup (gnutls_digest_get_name (sd->digest));

  /* 1. The document: message-digest against the caller's digest. */
  expected_len = sd->digest != GNUTLS_DIG_UNKNOWN ? gnutls_hash_get_len (sd->digest) : 0;
  if (sd->attr_message_digest == NULL)
    {
      report->digest_check = MC_CHECK_FAILED;
      mc_signature_report_add_problem (report, "%s", _("The signature has no message-digest attribute."));
    }
  else if (digest_len != expected_len)
    {
      report->digest_check = MC_CHECK_FAILED;
      mc_signature_report_add_problem (report, _("The document digest given is not a %s digest."),
                                       report->digest_algorithm ? report->digest_algorithm : "?");
    }
  else if (g_bytes_get_size (sd->attr_message_digest) == digest_len &&
           memcmp (g_bytes_get_data (sd->attr_message_digest, NULL), digest, digest_len) == 0)
    report->digest_check = MC_CHECK_PASSED;
  else
    {
      report->digest_check = MC_CHECK_FAILED;
      mc_signature_report_add_problem (report, "%s",
                                       _("The document was changed after it was signed."));
    }

  if (sd->digest != GNUTLS_DIG_UNKNOWN && report->digest_check != MC_CHECK_FAILED)
    mc_verifier_judge_digest (report, sd->digest, _("The document digest"), &report->digest_check);

  /* 2. The signer and the signature value. */
  for (guint i = 0; i < sd->certificates->len; i++)
    mc_certificate_array_add_unique (pool, g_ptr_array_index (sd->certificates, i));
  if (dss != NULL)
    {
      GPtrArray *ders = mc_validation_data_get_certificates (dss);

      for (guint i = 0; i < ders->len; i++)
        {
          g_autoptr(McCertificate) cert = mc_certificate_new_from_der (g_ptr_array_index (ders, i), NULL);

          if (cert != NULL)
            mc_certificate_array_add_unique (pool, cert);
        }
    }

  report->signer = mc_cms_signed_data_find_signer (sd, pool);
  if (report->signer == NULL)
    {
      report->signature_check = MC_CHECK_INDETERMINATE;
      mc_signature_report_add_problem (report, "%s",
                                       _("The signer’s certificate is not in the signature or the document."));
      report->status = report->digest_check == MC_CHECK_FAILED ? MC_SIGNATURE_STATUS_INVALID
                                                                : MC_SIGNATURE_STATUS_INDETERMINATE;
      return g_steal_pointer (&report);
    }

  if (mc_cms_signed_data_verify (sd, report->signer, &local_error))
    report->signature_check = MC_CHECK_PASSED;
  else
    {
      report->signature_check = MC_CHECK_FAILED;
      mc_signature_report_add_problem (report, "%s", local_error->message);
      g_clear_error (&local_error);
    }
  {
    gnutls_digest_algorithm_t named = mc_cms_signature_oid_digest (sd->signature_oid);

    if (named != GNUTLS_DIG_UNKNOWN && named != sd->digest)
      mc_verifier_judge_digest (report, named, _("The signature value"), &report->signature_check);
  }
  {
    gnutls_sign_algorithm_t sign = gnutls_pk_to_sign (gnutls_x509_crt_get_pk_algorithm (mc_certificate_get_crt (report->signer), NULL),
                                                      sd->digest);
    const char *name = sign != GNUTLS_SIGN_UNKNOWN ? gnutls_sign_get_name (sign) : NULL;

    report->signature_algorithm = g_strdup (name ? name : sd->signature_oid);
  }
  if (!mc_certificate_can_sign (report->signer))
    {
      report->signature_check = MC_CHECK_FAILED;
      mc_signature_report_add_problem (report, _("The certificate of “%s” may not sign documents."),
                                       name_of (report->signer));
    }

  /* 3. ESS signing-certificate(-v2): the signer cannot be swapped. */
  ess = mc_cms_signed_data_check_ess (sd, report->signer);
  switch (ess)
    {
    case MC_ESS_MATCH:
      report->signing_certificate_check = MC_CHECK_PASSED;
      if (sd->attr_signing_certificate_v2 == NULL)
        mc_signature_report_add_problem (report, "%s",
                                         _("The signature uses the old signing-certificate attribute "
                                           "(SHA-1); PAdES baseline wants signing-certificate-v2."));
      break;
    case MC_ESS_MISMATCH:
      report->signing_certificate_check = MC_CHECK_FAILED;
      mc_signature_report_add_problem (report, "%s",
                                       _("The signing-certificate attribute names another certificate "
                                         "than the signer’s."));
      break;
    case MC_ESS_ABSENT:
    default:
      report->signing_certificate_check = MC_CHECK_NOT_DONE;
      mc_signature_report_add_problem (report, "%s",
                                       _("The signature has no signing-certificate attribute, so it is "
                                         "not a PAdES baseline signature."));
      break;
    }
  if (sd->has_signing_time)
    mc_signature_report_add_problem (report, "%s",
                                     _("The signature carries a signing-time attribute, which PAdES "
                                       "baseline signatures leave out."));

  /* 4. The time-stamp, which fixes the time the rest is judged at. */
  if (sd->timestamp_token != NULL)
    check_timestamp (self, report, sd, pool);
  when = report->timestamp_check == MC_CHECK_PASSED ? report->timestamp_time : now;

  /* 5. The chain to a trust anchor. */
  built = mc_certificate_build_chain (report->signer, pool, mc_trust_store_get_anchors (self->trust));
  for (guint i = 0; i < built->len; i++)
    g_ptr_array_add (report->chain, g_object_ref (g_ptr_array_index (built, i)));
  if (mc_trust_store_verify_chain (self->trust, report->chain, NULL, when, &problem))
    {
      McCertificate *mine = mc_trust_store_find_user_anchor (self->trust, report->chain);

      report->chain_check = MC_CHECK_PASSED;
      if (mine != NULL)
        mc_signature_report_add_problem (report,
                                         _("The root certificate “%s” is trusted by you (added on this "
                                           "computer), not shipped with the program."),
                                         name_of (mine));
    }
  else
    {
      report->chain_check = MC_CHECK_INDETERMINATE;
      mc_signature_report_add_problem (report, _("The certificate of “%s” cannot be trusted: %s."),
                                       name_of (report->signer), problem);
    }

  /* 6. Revocation. Servers named in certificates are asked only for a
   * chain that ends at one of our anchors: anyone can make a certificate
   * naming any address, and verifying must not make us call it. All of
   * them share one deadline. */
  if (report->chain->len > 1)
    {
      gboolean online = self->allow_network && report->chain_check == MC_CHECK_PASSED;

      if (self->allow_network && !online)
        mc_signature_report_add_problem (report, "%s",
                                         _("Revocation servers were not asked, because the certificate "
                                           "does not lead to a trusted root."));
      dss_answered = check_revocation (self, report, dss, when,
                                       report->timestamp_check == MC_CHECK_PASSED, online,
                                       online ? g_get_monotonic_time () + self->network_timeout * G_USEC_PER_SEC : 0,
                                       cancellable, &local_error);
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
  else
    {
      report->revocation_check = MC_CHECK_INDETERMINATE;
      mc_signature_report_add_problem (report, "%s",
                                       _("The issuer of the signer certificate is unknown, so its "
                                         "revocation status cannot be checked."));
    }

  /* 7. Level and verdict. */
  if (report->signing_certificate_check == MC_CHECK_PASSED)
    {
      report->level = MC_PADES_LEVEL_B_B;
      if (report->timestamp_check == MC_CHECK_PASSED)
        {
          report->level = MC_PADES_LEVEL_B_T;
          if (dss != NULL && dss_answered && report->revocation_check == MC_CHECK_PASSED)
            report->level = MC_PADES_LEVEL_B_LT;
        }
    }

  if (report->digest_check == MC_CHECK_FAILED ||
      report->signature_check == MC_CHECK_FAILED ||
      report->signing_certificate_check == MC_CHECK_FAILED ||
      report->revocation_check == MC_CHECK_FAILED ||
      report->timestamp_check == MC_CHECK_FAILED)
    report->status = MC_SIGNATURE_STATUS_INVALID;
  else if (report->chain_check != MC_CHECK_PASSED ||
           report->digest_check != MC_CHECK_PASSED ||
           report->revocation_check != MC_CHECK_PASSED ||
           report->timestamp_check == MC_CHECK_INDETERMINATE ||
           report->signature_check != MC_CHECK_PASSED)
    report->status = MC_SIGNATURE_STATUS_INDETERMINATE;
  else
    report->status = MC_SIGNATURE_STATUS_VALID;

  return g_steal_pointer (&report);
}

typedef struct {
  GBytes *cms;
  guint8 *digest;
  gsize digest_len;
  McValidationData *dss;
} VerifyData;

static void
verify_data_free (VerifyData *data)
{
  g_bytes_unref (data->cms);
  g_free (data->digest);
  g_clear_object (&data->dss);
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
  McSignatureReport *report;

  report = mc_verifier_verify_sync (source_object, data->cms, data->digest, data->digest_len,
                                    data->dss, cancellable, &error);
  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, g_object_unref);
}

/**
 * mc_verifier_verify_async:
 * @self: a #McVerifier
 * @cms: the DER of the signature
 * @digest: (array length=digest_len): the digest of the signed byte ranges
 * @digest_len: its length
 * @dss: (nullable): the document's validation data
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Runs mc_verifier_verify_sync() in a worker thread.
 */
void
mc_verifier_verify_async (McVerifier          *self,
                          GBytes              *cms,
                          const guint8        *digest,
                          gsize                digest_len,
                          McValidationData    *dss,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  VerifyData *data;

  g_return_if_fail (MC_IS_VERIFIER (self));
  g_return_if_fail (cms != NULL);
  g_return_if_fail (digest != NULL);

  data = g_new0 (VerifyData, 1);
  data->cms = g_bytes_ref (cms);
  data->digest = g_memdup2 (digest, digest_len);
  data->digest_len = digest_len;
  data->dss = dss ? g_object_ref (dss) : NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_verifier_verify_async);
  g_task_set_task_data (task, data, (GDestroyNotify) verify_data_free);
  g_task_run_in_thread (task, verify_thread);
}

/**
 * mc_verifier_verify_finish:
 * @self: a #McVerifier
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the report, or %NULL
 */
McSignatureReport *
mc_verifier_verify_finish (McVerifier    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (MC_IS_VERIFIER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
