/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The validation data a PAdES B-LT signature carries in the document
 * security store: certificates, OCSP responses and CRLs for the signer's
 * chain and for the time-stamping authority's, fetched right after the
 * time-stamp, and the /VRI entry that ties them to the signature. When a
 * server fails and the caller allows a lower level, whatever the other
 * servers gave still makes B-LT if it answers for every certificate;
 * otherwise the signature stays B-T with a warning. A revoked
 * certificate always stops the signing. */
#define G_LOG_DOMAIN "motcua-signing"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gnutls/crypto.h>

#include "mc-certificate-private.h"
#include "mc-cms.h"
#include "mc-pades-private.h"
#include "mc-revocation.h"
#include "mc-tsa-private.h"

static GPtrArray *
signer_chain (McPadesSigner *self)
{
  McSigningSession *session = mc_pades_signer_get_session (self);
  McSigningIdentity *identity = mc_signing_session_get_identity (session);
  GPtrArray *chain = g_ptr_array_new_with_free_func (g_object_unref);
  GPtrArray *rest = mc_signing_session_get_chain (session);

  g_ptr_array_add (chain, g_object_ref (mc_signing_identity_get_certificate (identity)));
  for (guint i = 0; rest != NULL && i < rest->len; i++)
    mc_certificate_array_add_unique (chain, g_ptr_array_index (rest, i));
  return chain;
}

/* The TSA certificate first, then the certificates the token carries. */
static GPtrArray *
tsa_chain (GBytes  *cms,
           GError **error)
{
  g_autoptr(GBytes) token = mc_cms_get_timestamp_token (cms, error);
  g_autoptr(McTstInfo) tst = NULL;
  g_autoptr(McCertificate) tsa = NULL;
  GPtrArray *chain;

  if (token == NULL)
    return NULL;
  tst = mc_tst_info_parse (token, error);
  if (tst == NULL)
    return NULL;
  tsa = mc_tst_info_verify (tst, error);
  if (tsa == NULL)
    return NULL;
  chain = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (chain, g_object_ref (tsa));
  for (guint i = 0; i < tst->sd->certificates->len; i++)
    mc_certificate_array_add_unique (chain, g_ptr_array_index (tst->sd->certificates, i));
  return chain;
}

/* Whether every certificate of @data below its root has a good answer. */
static gboolean
data_complete (McValidationData *data)
{
  GPtrArray *certs = mc_validation_data_get_certificates (data);
  GPtrArray *results = mc_validation_data_get_results (data);

  for (guint i = 0; i < certs->len; i++)
    {
      g_autoptr(McCertificate) cert = mc_certificate_new_from_der (g_ptr_array_index (certs, i), NULL);
      gboolean good = FALSE;

      if (cert == NULL || mc_certificate_is_self_signed (cert))
        continue;
      for (guint k = 0; k < results->len && !good; k++)
        {
          McRevocationResult *r = g_ptr_array_index (results, k);
          good = mc_revocation_result_get_status (r) == MC_REVOCATION_STATUS_GOOD
                 && mc_certificate_equal (mc_revocation_result_get_certificate (r), cert);
        }
      if (!good)
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_not_revoked (McValidationData  *data,
                   GError           **error)
{
  GPtrArray *results = mc_validation_data_get_results (data);

  for (guint i = 0; i < results->len; i++)
    {
      McRevocationResult *r = g_ptr_array_index (results, i);
      McCertificate *cert = mc_revocation_result_get_certificate (r);

      if (mc_revocation_result_get_status (r) == MC_REVOCATION_STATUS_REVOKED)
        {
          const char *who = mc_certificate_get_subject_cn (cert);
          g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CERTIFICATE,
                       _("The certificate of “%s” is revoked, so its signatures are not valid. "
                         "Ask the certificate authority for a new certificate."),
                       who ? who : mc_certificate_get_subject_dn (cert));
          return FALSE;
        }
    }
  return TRUE;
}

/* Collects the validation data of one chain. With @allow_lower, failing
 * servers are tolerated and @complete says whether the rest sufficed. */
static McValidationData *
collect_chain (McPadesSigner  *self,
               GPtrArray      *chain,
               const char     *ocsp_url,
               gboolean        allow_lower,
               gboolean       *complete,
               char          **warning,
               GCancellable   *cancellable,
               GError        **error)
{
  g_autoptr(GError) strict_error = NULL;
  g_autoptr(McValidationData) data = NULL;

  data = mc_revocation_collect_sync (chain, mc_pades_signer_get_trust_store (self), MC_REVOCATION_FLAGS_NONE, ocsp_url,
                                     cancellable, &strict_error);
  if (data != NULL)
    {
      *complete = TRUE;
      return check_not_revoked (data, error) ? g_steal_pointer (&data) : NULL;
    }
  if (!allow_lower || g_error_matches (strict_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&strict_error));
      return NULL;
    }
  data = mc_revocation_collect_sync (chain, mc_pades_signer_get_trust_store (self), MC_REVOCATION_FLAGS_BEST_EFFORT, ocsp_url,
                                     cancellable, error);
  if (data == NULL || !check_not_revoked (data, error))
    return NULL;
  *complete = data_complete (data);
  if (*warning == NULL)
    *warning = g_strdup (strict_error->message);
  return g_steal_pointer (&data);
}

static void
add_to_dss (McPdfDss         *dss,
            McValidationData *data,
            GArray           *lists[3])
{
  GPtrArray *items[3] = {
    mc_validation_data_get_certificates (data),
    mc_validation_data_get_ocsp_responses (data),
    mc_validation_data_get_crls (data),
  };

  for (guint l = 0; l < 3; l++)
    for (guint i = 0; i < items[l]->len; i++)
      {
        GBytes *der = g_ptr_array_index (items[l], i);
        guint index = l == 0 ? mc_pdf_dss_add_cert (dss, der)
                    : l == 1 ? mc_pdf_dss_add_ocsp (dss, der)
                             : mc_pdf_dss_add_crl (dss, der);
        gboolean seen = FALSE;

        for (guint k = 0; k < lists[l]->len && !seen; k++)
          seen = g_array_index (lists[l], guint, k) == index;
        if (!seen)
          g_array_append_val (lists[l], index);
      }
}

/* The validation data for a B-T signature, or %NULL with @warning set
 * when allowed to stay at B-T, or %NULL with @error set. */
McPdfDss *
mc_pades_collect_dss (McPadesSigner        *self,
                      GBytes               *cms,
                      gsize                 capacity,
                      const McSignRequest  *request,
                      char                **warning,
                      GCancellable         *cancellable,
                      GError              **error)
{
  g_autoptr(GPtrArray) chain = signer_chain (self);
  g_autoptr(GPtrArray) tsa = NULL;
  g_autoptr(McValidationData) signer_data = NULL;
  g_autoptr(McValidationData) tsa_data = NULL;
  g_autoptr(McPdfDss) dss = NULL;
  g_autoptr(GArray) certs = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) ocsps = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) crls = g_array_new (FALSE, FALSE, sizeof (guint));
  GArray *lists[3] = { certs, ocsps, crls };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree guint8 *raw = NULL;
  g_autofree char *vri_key = NULL;
  guint8 sha1[20];
  gboolean complete_signer = FALSE, complete_tsa = FALSE;

  signer_data = collect_chain (self, chain, request->ocsp_url, request->allow_lower_level,
                               &complete_signer, warning, cancellable, error);
  if (signer_data == NULL)
    return NULL;
  tsa = tsa_chain (cms, error);
  if (tsa == NULL)
    return NULL;
  tsa_data = collect_chain (self, tsa, NULL, request->allow_lower_level, &complete_tsa, warning,
                            cancellable, error);
  if (tsa_data == NULL)
    return NULL;
  if (!complete_signer || !complete_tsa)
    return NULL; /* @warning says why; the caller stays at B-T */

  dss = mc_pdf_dss_new ();
  add_to_dss (dss, signer_data, lists);
  add_to_dss (dss, tsa_data, lists);

  /* The VRI key hashes all of /Contents, its zero padding too. */
  raw = g_malloc0 (capacity);
  memcpy (raw, g_bytes_get_data (cms, NULL), g_bytes_get_size (cms));
  gnutls_hash_fast (GNUTLS_DIG_SHA1, raw, capacity, sha1);
  vri_key = mc_pades_hex (sha1, sizeof sha1);
  for (char *p = vri_key; *p; p++)
    *p = g_ascii_toupper (*p);
  mc_pdf_dss_add_vri (dss, vri_key, (guint *) certs->data, certs->len, (guint *) ocsps->data,
                      ocsps->len, (guint *) crls->data, crls->len, now);
  return g_steal_pointer (&dss);
}

