/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The UI's only calls into the PAdES signer: a batch with the session the
 * PIN dialog opened (one login for every document), and the signatures of
 * a PDF for the verification window. Both check against the same trust
 * anchors: the roots shipped in the data folder plus the user's own; a
 * missing or unreadable anchor folder still lets documents be signed and
 * checked, the chain then simply cannot be established. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include "mc-core.h"
#include "mc-sign-job.h"

McSignRequest *
mc_sign_job_request_new (void)
{
  return mc_sign_request_new ();
}

void
mc_sign_job_request_free (McSignRequest *request)
{
  mc_sign_request_free (request);
}

McBatchItem *
mc_sign_job_item_new (const char *input,
                      const char *output)
{
  g_return_val_if_fail (input != NULL && output != NULL, NULL);

  return mc_batch_item_new (input, output);
}

void
mc_sign_job_item_free (McBatchItem *item)
{
  mc_batch_item_free (item);
}

static McTrustStore *
trust_store (void)
{
  g_autofree char *user_dir = g_build_filename (g_get_user_data_dir (), "motcua", "trust", NULL);
  g_autoptr(GError) error = NULL;
  McTrustStore *trust;

  trust = mc_trust_store_new_default (mc_core_get_data_dir (), user_dir, &error);
  if (trust == NULL)
    {
      g_debug ("No trust anchors: %s", error->message);
      trust = mc_trust_store_new ();
    }

  return trust;
}

static void
batch_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (mc_batch_sign_finish (MC_PADES_SIGNER (source), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * mc_sign_job_run_async:
 * @session: an open signing session
 * @items: (element-type McBatchItem): the documents, signed in order
 * @request: the appearance and level for every document
 * @progress: called on this thread's main context after each document
 * @progress_data: data for @progress
 * @cancellable: (nullable): stops after the current document
 * @callback: called when the batch ends
 * @user_data: data for @callback
 *
 * Signs @items with one signer made on @session (mc_batch_sign_async()).
 * @items and @request must stay alive until @callback.
 */
void
mc_sign_job_run_async (McSigningSession     *session,
                       GPtrArray            *items,
                       const McSignRequest  *request,
                       McSignJobProgress     progress,
                       gpointer              progress_data,
                       GCancellable         *cancellable,
                       GAsyncReadyCallback   callback,
                       gpointer              user_data)
{
  g_autoptr(McTrustStore) trust = trust_store ();
  g_autoptr(McPadesSigner) signer = NULL;
  GTask *task;

  g_return_if_fail (MC_IS_SIGNING_SESSION (session));
  g_return_if_fail (items != NULL && request != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_sign_job_run_async);
  signer = mc_pades_signer_new (session, trust);
  g_task_set_task_data (task, g_object_ref (signer), g_object_unref);
  mc_batch_sign_async (signer, items, request, (McBatchProgress) progress, progress_data, NULL,
                       cancellable, batch_done, task);
}

gboolean
mc_sign_job_run_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
verify_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GPtrArray *checks = mc_pdf_verify_file_finish (result, &error);

  if (checks == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_ptr_array_set_free_func (checks, (GDestroyNotify) mc_pdf_signature_check_free);
  g_task_return_pointer (task, checks, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * mc_sign_job_verify_async:
 * @path: a PDF
 * @cancellable: (nullable): a cancellable
 * @callback: called with the signatures
 * @user_data: data for @callback
 *
 * Checks every signature of @path (mc_pdf_verify_file_async()), fetching
 * revocation data when the network allows.
 */
void
mc_sign_job_verify_async (const char          *path,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(McTrustStore) trust = trust_store ();
  g_autoptr(McVerifier) verifier = mc_verifier_new (trust);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GTask *task;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_sign_job_verify_async);
  mc_verifier_set_allow_network (verifier, g_settings_get_boolean (settings, "verify-online"));
  g_task_set_task_data (task, g_object_ref (verifier), g_object_unref);
  mc_pdf_verify_file_async (path, verifier, cancellable, verify_done, task);
}

/**
 * mc_sign_job_verify_get_trust_store:
 * @result: the result given to mc_sign_job_verify_async()'s callback
 *
 * Returns: (transfer none): the trust anchors the check used, to tell
 *   the user's own roots from the shipped ones
 */
McTrustStore *
mc_sign_job_verify_get_trust_store (GAsyncResult *result)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return mc_verifier_get_trust_store (g_task_get_task_data (G_TASK (result)));
}

/**
 * mc_sign_job_verify_finish:
 * @result: the result
 * @error: where to put a failure
 *
 * Returns: (transfer full) (element-type McPdfSignatureCheck): the
 *   signatures, oldest first
 */
GPtrArray *
mc_sign_job_verify_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
