/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Signing many documents with one login: the leader types the PIN once
 * and every result of the day is signed in turn. Each document gets its
 * own result or error; a token pulled out stops the batch (the rest stay
 * untouched and say so), and running the same items again skips the
 * outputs that already hold this signer's good signature over their
 * input, so an interrupted batch resumes where it stopped. The async
 * variant reports progress on the caller's main context. */
#define G_LOG_DOMAIN "motcua-signing"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "mc-cms.h"
#include "mc-pades-private.h"
#include "mc-pades-signer.h"

#define COMPARE_CHUNK (256 * 1024)

/**
 * mc_batch_item_new:
 * @input: the document to sign
 * @output: where its signed copy goes
 *
 * Returns: (transfer full): an item with no result yet
 */
McBatchItem *
mc_batch_item_new (const char *input,
                   const char *output)
{
  McBatchItem *item;

  g_return_val_if_fail (input != NULL && output != NULL, NULL);

  item = g_new0 (McBatchItem, 1);
  item->input = g_strdup (input);
  item->output = g_strdup (output);
  return item;
}

/**
 * mc_batch_item_free:
 * @item: (transfer full) (nullable): an item
 */
void
mc_batch_item_free (McBatchItem *item)
{
  if (item == NULL)
    return;
  g_free (item->input);
  g_free (item->output);
  g_clear_pointer (&item->result, mc_sign_result_free);
  g_clear_error (&item->error);
  g_free (item);
}

/* ---- resuming ---- */

/* Whether the first bytes of @output are all of @input. */
static gboolean
is_prefix (const char   *input,
           const char   *output,
           goffset       input_size,
           GCancellable *cancellable)
{
  g_autofree guint8 *a = g_malloc (COMPARE_CHUNK);
  g_autofree guint8 *b = g_malloc (COMPARE_CHUNK);
  int fa = open (input, O_RDONLY | O_CLOEXEC);
  int fb = open (output, O_RDONLY | O_CLOEXEC);
  gboolean same = fa >= 0 && fb >= 0;

  for (goffset at = 0; same && at < input_size;)
    {
      gsize want = (gsize) MIN ((goffset) COMPARE_CHUNK, input_size - at);
      gssize na = pread (fa, a, want, at);
      gssize nb = pread (fb, b, want, at);

      same = na > 0 && na == nb && memcmp (a, b, (gsize) na) == 0
             && !g_cancellable_is_cancelled (cancellable);
      at += MAX (na, 0);
    }
  if (fa >= 0)
    close (fa);
  if (fb >= 0)
    close (fb);
  return same;
}

/* A result for @output when it already holds this signer's good
 * signature over @input, appended to it with nothing forbidden after;
 * %NULL otherwise (sign it again). */
McSignResult *
mc_pades_signer_find_done (McPadesSigner *self,
                           const char    *input,
                           const char    *output,
                           GCancellable  *cancellable)
{
  McCertificate *mine = mc_signing_identity_get_certificate (
    mc_signing_session_get_identity (mc_pades_signer_get_session (self)));
  g_autoptr(McPdfDocument) doc = NULL;
  g_autoptr(GPtrArray) sigs = NULL;
  g_autoptr(GPtrArray) revs = NULL;
  g_autoptr(McValidationData) dss = NULL;
  g_autoptr(GHashTable) vri_keys = NULL;
  g_autoptr(McVerifier) verifier = NULL;
  g_autoptr(McSignatureReport) report = NULL;
  g_autofree char *changes = NULL;
  McPdfSignatureInfo *ours = NULL;
  McSignResult *result;
  GChecksumType type;
  GStatBuf in_st, out_st;
  guint8 digest[32], file_sha[32];
  gboolean changed = FALSE;

  if (g_stat (input, &in_st) != 0 || g_stat (output, &out_st) != 0 || out_st.st_size <= in_st.st_size)
    return NULL;
  doc = mc_pdf_document_open (output, cancellable, NULL);
  if (doc != NULL)
    sigs = mc_pdf_document_get_signatures (doc, NULL);
  if (sigs == NULL)
    return NULL;
  /* The signature appended to the input: it starts after the input. */
  for (guint i = 0; i < sigs->len; i++)
    {
      McPdfSignatureInfo *info = g_ptr_array_index (sigs, i);
      if (info->byte_range_ok && info->revision >= 0 && info->byte_range[1] > in_st.st_size
          && info->contents != NULL)
        ours = info;
    }
  if (ours == NULL
      || !mc_cms_get_digest_type (ours->contents, &type, NULL) || type != G_CHECKSUM_SHA256
      || !is_prefix (input, output, in_st.st_size, cancellable))
    return NULL;

  revs = mc_pdf_document_get_revisions (doc, NULL);
  if (revs == NULL || !mc_pades_judge_changes (doc, revs, ours->revision, &changed, &changes, NULL) || changed)
    return NULL;
  if (!mc_pades_hash_file (output, ours->byte_range, GNUTLS_DIG_SHA256, digest, file_sha, cancellable, NULL))
    return NULL;
  dss = mc_pades_read_dss (doc, &vri_keys, NULL);
  verifier = mc_verifier_new (mc_pades_signer_get_trust_store (self));
  report = mc_verifier_verify_sync (verifier, ours->contents, digest, sizeof digest, dss, cancellable, NULL);
  if (report == NULL
      || mc_signature_report_get_digest_check (report) != MC_CHECK_PASSED
      || mc_signature_report_get_signature_check (report) != MC_CHECK_PASSED
      || mc_signature_report_get_signer (report) == NULL
      || !mc_certificate_equal (mc_signature_report_get_signer (report), mine))
    return NULL;

  result = g_new0 (McSignResult, 1);
  result->output = g_strdup (output);
  result->sha256 = mc_pades_hex (file_sha, sizeof file_sha);
  result->level = MC_PADES_LEVEL_B_B;
  if (mc_signature_report_get_timestamp_time (report) != NULL)
    result->level = MC_PADES_LEVEL_B_T;
  if (mc_signature_report_get_level (report) == MC_PADES_LEVEL_B_LT)
    result->level = MC_PADES_LEVEL_B_LT;
  else if (result->level == MC_PADES_LEVEL_B_T && dss != NULL)
    {
      g_autofree char *key = mc_pdf_signature_info_get_vri_key (ours);
      if (key != NULL && g_hash_table_contains (vri_keys, key))
        result->level = MC_PADES_LEVEL_B_LT;
    }
  return result;
}

/* ---- the batch ---- */

static gboolean
stops_batch (const GError *error)
{
  return g_error_matches (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_TOKEN_REMOVED)
         || g_error_matches (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_SESSION_CLOSED)
         || g_error_matches (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PIN_LOCKED)
         || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/**
 * mc_batch_sign_sync:
 * @self: a #McPadesSigner
 * @items: (element-type McBatchItem): the documents, signed in order
 * @request: how to sign each
 * @progress: (nullable) (scope call): called after each document
 * @progress_data: for @progress
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Signs each item with the signer's session (one login). Each item gets
 * a result, or an error, or is skipped because its output is already
 * signed (see #McBatchItem). A document that fails for its own reasons (a
 * damaged file) does not stop the others. A pulled token, a closed
 * session or cancelling stops the batch: the items not signed get that
 * error and are untouched, and so does @error.
 *
 * Returns: %TRUE when every item was dealt with (look at each item's
 *   error), %FALSE when the batch stopped early
 */
gboolean
mc_batch_sign_sync (McPadesSigner        *self,
                    GPtrArray            *items,
                    const McSignRequest  *request,
                    McBatchProgress       progress,
                    gpointer              progress_data,
                    GCancellable         *cancellable,
                    GError              **error)
{
  g_return_val_if_fail (MC_IS_PADES_SIGNER (self), FALSE);
  g_return_val_if_fail (items != NULL, FALSE);
  g_return_val_if_fail (request != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < items->len; i++)
    {
      McBatchItem *item = g_ptr_array_index (items, i);
      g_autoptr(GError) local = NULL;

      g_clear_pointer (&item->result, mc_sign_result_free);
      g_clear_error (&item->error);
      item->skipped = FALSE;

      if (!g_cancellable_set_error_if_cancelled (cancellable, &local))
        {
          item->result = mc_pades_signer_find_done (self, item->input, item->output, cancellable);
          if (item->result != NULL)
            item->skipped = TRUE;
          else
            item->result = mc_pades_signer_sign_file (self, item->input, item->output, request,
                                                      cancellable, &local);
        }
      if (local != NULL)
        item->error = g_error_copy (local);
      if (progress != NULL && !g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        progress (i + 1, items->len, item, progress_data);

      if (local != NULL && stops_batch (local))
        {
          for (guint k = i + 1; k < items->len; k++)
            {
              McBatchItem *rest = g_ptr_array_index (items, k);

              g_clear_pointer (&rest->result, mc_sign_result_free);
              g_clear_error (&rest->error);
              rest->skipped = FALSE;
              rest->error = g_error_copy (local);
            }
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }
  return TRUE;
}

/* The caller's progress callback, shared by the worker's calls. */
typedef struct
{
  McBatchProgress progress;
  gpointer data;
  GDestroyNotify data_free;
  GMainContext *context;
} Progress;

static void
progress_clear (gpointer data)
{
  Progress *p = data;

  if (p->data_free != NULL)
    p->data_free (p->data);
  g_main_context_unref (p->context);
}

typedef struct
{
  Progress *progress;
  guint done;
  guint total;
  McBatchItem *item;
  GPtrArray *items;   /* keeps @item alive */
} ProgressCall;

static void
progress_call_free (gpointer data)
{
  ProgressCall *call = data;

  g_rc_box_release_full (call->progress, progress_clear);
  g_ptr_array_unref (call->items);
  g_free (call);
}

static gboolean
progress_dispatch (gpointer data)
{
  ProgressCall *call = data;

  call->progress->progress (call->done, call->total, call->item, call->progress->data);
  return G_SOURCE_REMOVE;
}

/* Runs @func on @context later, never right away in this thread, even
 * when the context is free (g_main_context_invoke() would). */
static void
defer_to (GMainContext   *context,
          GSourceFunc     func,
          gpointer        data,
          GDestroyNotify  destroy)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, destroy);
  g_source_set_static_name (source, "[motcua] batch progress");
  g_source_attach (source, context);
}

static gboolean
release_progress (gpointer data)
{
  g_rc_box_release_full (data, progress_clear);
  return G_SOURCE_REMOVE;
}

typedef struct
{
  GPtrArray *items;
  McSignRequest *request;
  Progress *progress;
} BatchData;

static void
batch_data_free (BatchData *data)
{
  g_ptr_array_unref (data->items);
  mc_sign_request_free (data->request);
  /* The caller's data is freed on its own context, after the last
   * progress call, whichever thread drops the task. */
  if (data->progress != NULL)
    defer_to (data->progress->context, release_progress, data->progress, NULL);
  g_free (data);
}

static void
progress_from_worker (guint        done,
                      guint        total,
                      McBatchItem *item,
                      gpointer     user_data)
{
  BatchData *data = user_data;
  ProgressCall *call = g_new0 (ProgressCall, 1);

  call->progress = g_rc_box_acquire (data->progress);
  call->done = done;
  call->total = total;
  call->item = item;
  call->items = g_ptr_array_ref (data->items);
  defer_to (data->progress->context, progress_dispatch, call, progress_call_free);
}

static void
batch_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  BatchData *data = task_data;
  GError *error = NULL;

  if (mc_batch_sign_sync (source_object, data->items, data->request,
                          data->progress ? progress_from_worker : NULL, data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * mc_batch_sign_async:
 * @self: a #McPadesSigner
 * @items: (element-type McBatchItem): the documents; the array is kept
 *   until the end and its items filled in from a worker thread, so the
 *   caller reads them only in @progress and after @callback
 * @request: how to sign each (copied)
 * @progress: (nullable): called on the thread-default main context of
 *   the caller after each document
 * @progress_data: for @progress
 * @progress_data_free: (nullable): frees @progress_data after the last
 *   call
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the batch ends
 * @user_data: for @callback
 *
 * Runs mc_batch_sign_sync() in a worker thread.
 */
void
mc_batch_sign_async (McPadesSigner        *self,
                     GPtrArray            *items,
                     const McSignRequest  *request,
                     McBatchProgress       progress,
                     gpointer              progress_data,
                     GDestroyNotify        progress_data_free,
                     GCancellable         *cancellable,
                     GAsyncReadyCallback   callback,
                     gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  BatchData *data;

  g_return_if_fail (MC_IS_PADES_SIGNER (self));
  g_return_if_fail (items != NULL);
  g_return_if_fail (request != NULL);

  data = g_new0 (BatchData, 1);
  data->items = g_ptr_array_ref (items);
  data->request = mc_sign_request_copy (request);
  if (progress != NULL)
    {
      data->progress = g_rc_box_new0 (Progress);
      data->progress->progress = progress;
      data->progress->data = progress_data;
      data->progress->data_free = progress_data_free;
      data->progress->context = g_main_context_ref_thread_default ();
    }
  else if (progress_data_free != NULL)
    progress_data_free (progress_data);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_batch_sign_async);
  g_task_set_task_data (task, data, (GDestroyNotify) batch_data_free);
  g_task_run_in_thread (task, batch_thread);
}

/**
 * mc_batch_sign_finish:
 * @self: a #McPadesSigner
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: what mc_batch_sign_sync() returns
 */
gboolean
mc_batch_sign_finish (McPadesSigner  *self,
                      GAsyncResult   *result,
                      GError        **error)
{
  g_return_val_if_fail (MC_IS_PADES_SIGNER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
