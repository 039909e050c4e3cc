/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Collecting revocation data for a signature about to be made (PAdES
 * B-LT): every OCSP responder and CRL server of every certificate of the
 * chain but the root is asked, each answer checked and kept for the
 * document security store; failing servers are errors or, in best-effort
 * mode, warnings. The checks themselves are mc-revocation.c's. */
#define G_LOG_DOMAIN "motcua-signing"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-certificate-private.h"
#include "mc-revocation.h"
#include "mc-revocation-private.h"
#include "mc-signing.h"

static char *
ocsp_failure (const char    *url,
              McCertificate *cert,
              const char    *reason)
{
  return g_strdup_printf (_("The OCSP responder %s failed for “%s”: %s."), url, mc_revocation_display_name (cert), reason);
}

static char *
crl_failure (const char    *url,
             McCertificate *cert,
             const char    *reason)
{
  return g_strdup_printf (_("The CRL %s could not be used for “%s”: %s."), url, mc_revocation_display_name (cert), reason);
}

/* How mc_revocation_collect_sync() asks one kind of server and keeps its
 * answers. */
typedef struct
{
  McRevocationFetchFunc fetch;
  void (*keep) (McValidationData *data, GBytes *der);
  char *(*describe_failure) (const char *url, McCertificate *cert, const char *reason);
  McSigningError code;
} RevocationSource;

static const RevocationSource ocsp_source = {
  mc_revocation_ocsp_fetch, mc_validation_data_add_ocsp_response, ocsp_failure, MC_SIGNING_ERROR_OCSP,
};

static const RevocationSource crl_source = {
  mc_revocation_crl_fetch, mc_validation_data_add_crl, crl_failure, MC_SIGNING_ERROR_CRL,
};

/* Asks every server of @urls; each answer goes into @data and the most
 * telling into @best. A failing server is a warning in @data, or, when
 * @strict, an error. Returns %FALSE, with @error set, when cancelled or
 * on that error. */
static gboolean
ask_every (const RevocationSource  *source,
           GPtrArray               *urls,
           McCertificate           *cert,
           McCertificate           *issuer,
           gboolean                 strict,
           McValidationData        *data,
           McRevocationResult     **best,
           gboolean                *asked,
           GCancellable            *cancellable,
           GError                 **error)
{
  for (guint u = 0; u < urls->len; u++)
    {
      const char *url = g_ptr_array_index (urls, u);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GBytes) der = NULL;
      g_autofree char *msg = NULL;
      McRevocationResult *r;

      *asked = TRUE;
      r = source->fetch (url, cert, issuer, &der, 0, cancellable, &local_error);
      if (r != NULL)
        {
          source->keep (data, der);
          mc_revocation_keep_best (best, r);
          continue;
        }
      if (mc_revocation_is_cancelled (local_error))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      msg = source->describe_failure (url, cert, local_error->message);
      if (strict)
        {
          g_set_error_literal (error, MC_SIGNING_ERROR, source->code, msg);
          return FALSE;
        }
      mc_validation_data_add_warning (data, msg);
    }

  return TRUE;
}

/**
 * mc_revocation_collect_sync:
 * @chain: (element-type McCertificate): the signer certificate first, then
 *   issuers as far as known
 * @trust: (nullable): anchors used to complete the chain up to the root
 * @flags: #McRevocationFlags
 * @ocsp_url: (nullable): an OCSP responder to ask for the signer
 *   certificate instead of the one it names
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Fetches OCSP responses and CRLs for every certificate of the chain but
 * the root, checks them, and returns them with the chain's certificates
 * for the document security store (PAdES B-LT). Unless
 * %MC_REVOCATION_FLAGS_BEST_EFFORT is set, a failing responder or CRL
 * server is an error (%MC_SIGNING_ERROR_OCSP or %MC_SIGNING_ERROR_CRL)
 * naming the server and what failed. A revoked certificate is not an
 * error: see mc_validation_data_get_results().
 *
 * Returns: (transfer full): the validation data, or %NULL
 */
McValidationData *
mc_revocation_collect_sync (GPtrArray          *chain,
                            McTrustStore       *trust,
                            McRevocationFlags   flags,
                            const char         *ocsp_url,
                            GCancellable       *cancellable,
                            GError            **error)
{
  g_autoptr(McValidationData) data = NULL;
  g_autoptr(GPtrArray) full = NULL;
  gboolean strict = (flags & MC_REVOCATION_FLAGS_BEST_EFFORT) == 0;

  g_return_val_if_fail (chain != NULL && chain->len > 0, NULL);
  g_return_val_if_fail (trust == NULL || MC_IS_TRUST_STORE (trust), NULL);

  data = mc_validation_data_new ();
  full = mc_certificate_build_chain (g_ptr_array_index (chain, 0), chain,
                                     trust ? mc_trust_store_get_anchors (trust) : NULL);
  for (guint i = 0; i < full->len; i++)
    mc_validation_data_add_certificate (data, mc_certificate_get_der (g_ptr_array_index (full, i)));

  for (guint i = 0; i < full->len; i++)
    {
      McCertificate *cert = g_ptr_array_index (full, i);
      McCertificate *issuer = i + 1 < full->len ? g_ptr_array_index (full, i + 1) : NULL;
      g_autoptr(GPtrArray) ocsp = NULL;
      g_autoptr(GPtrArray) crl = NULL;
      McRevocationResult *best = NULL;
      gboolean asked = FALSE;

      if (mc_certificate_is_self_signed (cert))
        break;
      if (issuer == NULL)
        {
          g_autofree char *msg = g_strdup_printf (_("The issuer of “%s” is unknown, so its "
                                                    "revocation status cannot be checked. Add "
                                                    "its CA certificate to the trusted roots."),
                                                  mc_revocation_display_name (cert));
          if (strict)
            {
              g_set_error_literal (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CERTIFICATE, msg);
              return NULL;
            }
          mc_validation_data_add_warning (data, msg);
          break;
        }

      ocsp = (i == 0 && ocsp_url != NULL) ? g_ptr_array_new_with_free_func (g_free) : mc_revocation_ocsp_urls (cert);
      if (i == 0 && ocsp_url != NULL)
        g_ptr_array_add (ocsp, g_strdup (ocsp_url));
      crl = mc_revocation_crl_urls (cert);
      if (flags & MC_REVOCATION_FLAGS_NO_OCSP)
        g_ptr_array_set_size (ocsp, 0);
      if (flags & MC_REVOCATION_FLAGS_NO_CRL)
        g_ptr_array_set_size (crl, 0);

      if (!ask_every (&ocsp_source, ocsp, cert, issuer, strict, data, &best, &asked, cancellable, error) ||
          !ask_every (&crl_source, crl, cert, issuer, strict, data, &best, &asked, cancellable, error))
        {
          g_clear_object (&best);
          return NULL;
        }

      if (best == NULL)
        {
          g_autofree char *msg = NULL;

          if (asked)
            msg = g_strdup_printf (_("No revocation server answered for “%s”."), mc_revocation_display_name (cert));
          else
            msg = g_strdup_printf (_("“%s” names no OCSP responder or CRL, so its revocation "
                                     "status cannot be collected."), mc_revocation_display_name (cert));
          if (strict && !asked)
            {
              g_set_error_literal (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_OCSP, msg);
              return NULL;
            }
          best = mc_revocation_unknown_result (cert, msg);
        }
      mc_validation_data_add_result (data, best);
      g_object_unref (best);
    }

  return g_steal_pointer (&data);
}

typedef struct {
  GPtrArray *chain;
  McTrustStore *trust;
  McRevocationFlags flags;
  char *ocsp_url;
} CollectData;

static void
collect_data_free (CollectData *data)
{
  g_ptr_array_unref (data->chain);
  g_clear_object (&data->trust);
  g_free (data->ocsp_url);
  g_free (data);
}

static void
collect_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  CollectData *data = task_data;
  GError *error = NULL;
  McValidationData *result;

  result = mc_revocation_collect_sync (data->chain, data->trust, data->flags, data->ocsp_url,
                                       cancellable, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, g_object_unref);
}

/**
 * mc_revocation_collect_async:
 * @chain: (element-type McCertificate): the signer certificate first
 * @trust: (nullable): anchors used to complete the chain
 * @flags: #McRevocationFlags
 * @ocsp_url: (nullable): an OCSP responder for the signer certificate
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Runs mc_revocation_collect_sync() in a worker thread.
 */
void
mc_revocation_collect_async (GPtrArray           *chain,
                             McTrustStore        *trust,
                             McRevocationFlags    flags,
                             const char          *ocsp_url,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CollectData *data;

  g_return_if_fail (chain != NULL && chain->len > 0);

  data = g_new0 (CollectData, 1);
  data->chain = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < chain->len; i++)
    g_ptr_array_add (data->chain, g_object_ref (g_ptr_array_index (chain, i)));
  data->trust = trust ? g_object_ref (trust) : NULL;
  data->flags = flags;
  data->ocsp_url = g_strdup (ocsp_url);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_revocation_collect_async);
  g_task_set_task_data (task, data, (GDestroyNotify) collect_data_free);
  g_task_run_in_thread (task, collect_thread);
}

/**
 * mc_revocation_collect_finish:
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the validation data, or %NULL
 */
McValidationData *
mc_revocation_collect_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
