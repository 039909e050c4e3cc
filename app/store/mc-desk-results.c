/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Result documents through the desk: a file is checked to be a PDF and
 * copied into the blob store first, in the caller's (or a worker) thread,
 * then one transaction records it, so the write lock is never held while
 * a large file is copied and a crash in between leaves only an
 * unreferenced blob. The signed PDFs a batch makes go the same way. */
#define G_LOG_DOMAIN "motcua-workflow"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-blob-store.h"
#include "mc-desk-private.h"
#include "mc-desk-results.h"
#include "mc-result-ops-private.h"

/* @login is copied by the GTask pairs when they are called, since the desk's
 * officer may be changed on the main thread meanwhile. */
static void
context_init (McDesk       *self,
              const char   *login,
              McOpsContext *ctx)
{
  ctx->rules = mc_desk_get_rules (self);
  ctx->calendar = mc_desk_get_calendar (self);
  ctx->officer_login = login;
  ctx->now = mc_desk_now (self);
}

/* A PDF starts with "%PDF-" within its first kilobyte (some writers put
 * junk before it, which readers accept). */
static gboolean
check_pdf (const char  *path,
           GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree char *name = g_path_get_basename (path);
  char head[1025] = { 0 };
  gsize got = 0;
  GError *local_error = NULL;

  stream = g_file_read (file, NULL, &local_error);
  if (stream == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), head, sizeof head - 1, &got, NULL, &local_error))
    {
      g_set_error (error, G_IO_ERROR, local_error->code, _("Cannot read “%s”: %s"), name, local_error->message);
      g_error_free (local_error);
      return FALSE;
    }

  for (gsize i = 0; i + 5 <= got; i++)
    if (memcmp (head + i, "%PDF-", 5) == 0)
      return TRUE;

  g_set_error (error, MC_RESULT_ERROR, MC_RESULT_ERROR_NOT_PDF,
               _("“%s” is not a PDF. Results are signed as PDF: export the document to PDF and attach that."),
               name);
  return FALSE;
}

typedef struct
{
  McOpsContext ctx;
  char *code;
  McStoredFile *file;
  McSignatureRecord *record;
  char **codes;
  McSignatureKind kind;
} ResultData;

static void
result_data_free (ResultData *data)
{
  g_free (data->code);
  g_clear_pointer (&data->file, mc_stored_file_free);
  g_clear_pointer (&data->record, mc_signature_record_free);
  g_strfreev (data->codes);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ResultData, result_data_free)

static char      *attach_as  (McDesk *self, const char *login, const char *code, const char *path,
                             GCancellable *cancellable, GError **error);
static char      *record_as  (McDesk *self, const char *login, const char *code,
                             const McSignatureRecord *record, const char *signed_path,
                             GCancellable *cancellable, GError **error);
static GPtrArray *plan_as    (McDesk *self, const char *login, const char * const *codes,
                             McSignatureKind kind, GError **error);

static gboolean
attach_in_transaction (sqlite3   *db,
                       gpointer   user_data,
                       gpointer  *result,
                       GError   **error)
{
  ResultData *data = user_data;

  *result = mc_result_ops_attach (db, &data->ctx, data->code, data->file, error);

  return *result != NULL;
}

/**
 * mc_desk_attach_result:
 * @self: a desk
 * @code: the dossier code
 * @path: the result document, a PDF
 * @cancellable: (nullable): stops copying the file
 * @error: where to put a failure
 *
 * Copies @path into the blob store and attaches it to the dossier as a
 * result (mc_result_ops_attach()).
 *
 * Returns: (transfer full): the op id
 */
char *
mc_desk_attach_result (McDesk        *self,
                       const char    *code,
                       const char    *path,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_return_val_if_fail (MC_IS_DESK (self), NULL);
  g_return_val_if_fail (code != NULL && path != NULL, NULL);

  return attach_as (self, mc_desk_get_officer_login (self), code, path, cancellable, error);
}

static char *
attach_as (McDesk        *self,
           const char    *login,
           const char    *code,
           const char    *path,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(ResultData) data = g_new0 (ResultData, 1);
  McStore *store;
  char *op_id = NULL;

  if (!check_pdf (path, error))
    return NULL;

  store = mc_desk_get_store (self);
  data->file = g_new0 (McStoredFile, 1);
  data->file->name = g_path_get_basename (path);
  data->file->mime = g_strdup ("application/pdf");
  data->file->sha256 = mc_blob_store_put_file (mc_store_get_blob_dir (store), path, &data->file->size,
                                               cancellable, error);
  if (data->file->sha256 == NULL)
    return NULL;

  context_init (self, login, &data->ctx);
  data->code = g_strdup (code);
  mc_store_write (store, attach_in_transaction, data, (gpointer *) &op_id, error);

  return op_id;
}

static gboolean
record_in_transaction (sqlite3   *db,
                       gpointer   user_data,
                       gpointer  *result,
                       GError   **error)
{
  ResultData *data = user_data;

  *result = mc_result_ops_record_signature (db, &data->ctx, data->code, data->record, error);

  return *result != NULL;
}

/**
 * mc_desk_record_signature:
 * @self: a desk
 * @code: the dossier code
 * @record: which result was signed, as what, by whom; its signed SHA-256
 *   and size may be left unset and are then taken from @signed_path
 * @signed_path: the signed PDF
 * @cancellable: (nullable): stops copying the file
 * @error: where to put a failure
 *
 * Copies the signed PDF into the blob store and records the signature
 * (mc_result_ops_record_signature()). A @record whose SHA-256 differs from
 * the file's is refused.
 *
 * Returns: (transfer full): the op id of the sign_result op
 */
char *
mc_desk_record_signature (McDesk                   *self,
                          const char               *code,
                          const McSignatureRecord  *record,
                          const char               *signed_path,
                          GCancellable             *cancellable,
                          GError                  **error)
{
  g_return_val_if_fail (MC_IS_DESK (self), NULL);
  g_return_val_if_fail (code != NULL && record != NULL && signed_path != NULL, NULL);

  return record_as (self, mc_desk_get_officer_login (self), code, record, signed_path, cancellable, error);
}

static char *
record_as (McDesk                   *self,
           const char               *login,
           const char               *code,
           const McSignatureRecord  *record,
           const char               *signed_path,
           GCancellable             *cancellable,
           GError                  **error)
{
  g_autoptr(ResultData) data = g_new0 (ResultData, 1);
  g_autofree char *sha256 = NULL;
  McStore *store;
  gint64 size = 0;
  char *op_id = NULL;

  if (!check_pdf (signed_path, error))
    return NULL;

  store = mc_desk_get_store (self);
  sha256 = mc_blob_store_put_file (mc_store_get_blob_dir (store), signed_path, &size, cancellable, error);
  if (sha256 == NULL)
    return NULL;
  if (record->signed_sha256 != NULL && g_ascii_strcasecmp (record->signed_sha256, sha256) != 0)
    {
      g_autofree char *name = g_path_get_basename (signed_path);

      g_set_error (error, MC_RESULT_ERROR, MC_RESULT_ERROR_CHANGED,
                   _("The signed file “%s” changed after it was signed. Sign the result again."), name);
      return NULL;
    }

  data->record = mc_signature_record_copy (record);
  g_free (data->record->signed_sha256);
  data->record->signed_sha256 = g_steal_pointer (&sha256);
  data->record->signed_size = size;
  context_init (self, login, &data->ctx);
  data->code = g_strdup (code);
  mc_store_write (store, record_in_transaction, data, (gpointer *) &op_id, error);

  return op_id;
}

static gboolean
list_in_transaction (sqlite3   *db,
                     gpointer   user_data,
                     gpointer  *result,
                     GError   **error)
{
  ResultData *data = user_data;

  *result = mc_result_ops_list (db, data->code, error);

  return *result != NULL;
}

/**
 * mc_desk_list_results:
 * @self: a desk
 * @code: the dossier code
 * @error: where to put a failure
 *
 * Returns: (transfer full) (element-type McResultFile): the results
 */
GPtrArray *
mc_desk_list_results (McDesk      *self,
                      const char  *code,
                      GError     **error)
{
  g_autoptr(ResultData) data = g_new0 (ResultData, 1);
  GPtrArray *files = NULL;

  g_return_val_if_fail (MC_IS_DESK (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  data->code = g_strdup (code);
  mc_store_read (mc_desk_get_store (self), list_in_transaction, data, (gpointer *) &files, error);

  return files;
}

static gboolean
plan_in_transaction (sqlite3   *db,
                     gpointer   user_data,
                     gpointer  *result,
                     GError   **error)
{
  ResultData *data = user_data;

  *result = mc_result_ops_plan_signing (db, &data->ctx, (const char * const *) data->codes, data->kind, error);

  return *result != NULL;
}

/**
 * mc_desk_plan_signing:
 * @self: a desk
 * @codes: (array zero-terminated=1): dossier codes
 * @kind: the signature to make
 * @error: where to put a failure
 *
 * Returns: (transfer full) (element-type McSignTask): what a batch would
 *   sign, see mc_result_ops_plan_signing()
 */
GPtrArray *
mc_desk_plan_signing (McDesk              *self,
                      const char * const  *codes,
                      McSignatureKind      kind,
                      GError             **error)
{
  g_return_val_if_fail (MC_IS_DESK (self), NULL);
  g_return_val_if_fail (codes != NULL, NULL);

  return plan_as (self, mc_desk_get_officer_login (self), codes, kind, error);
}

static GPtrArray *
plan_as (McDesk              *self,
         const char          *login,
         const char * const  *codes,
         McSignatureKind      kind,
         GError             **error)
{
  g_autoptr(ResultData) data = g_new0 (ResultData, 1);
  GPtrArray *tasks = NULL;

  context_init (self, login, &data->ctx);
  data->codes = g_strdupv ((char **) codes);
  data->kind = kind;
  mc_store_read (mc_desk_get_store (self), plan_in_transaction, data, (gpointer *) &tasks, error);

  return tasks;
}

/**
 * mc_desk_get_blob_path:
 * @self: a desk
 * @sha256: a file's SHA-256
 *
 * Returns: (transfer full) (nullable): where the blob store keeps that
 *   file, or %NULL when @sha256 is not a SHA-256 (the store refuses such
 *   records when it reads them)
 */
char *
mc_desk_get_blob_path (McDesk     *self,
                       const char *sha256)
{
  g_return_val_if_fail (MC_IS_DESK (self), NULL);

  return mc_blob_store_path (mc_store_get_blob_dir (mc_desk_get_store (self)), sha256);
}

/* The GTask pairs: each runs its sync twin in a worker thread, with the
 * arguments copied, and hands the result back on the caller's context. */

typedef enum {
  JOB_ATTACH,
  JOB_LIST,
  JOB_PLAN,
  JOB_RECORD,
} JobKind;

typedef struct
{
  JobKind kind;
  char *login;
  char *code;
  char *path;
  char **codes;
  McSignatureKind signature_kind;
  McSignatureRecord *record;
} Job;

static void
job_free (Job *job)
{
  g_free (job->login);
  g_free (job->code);
  g_free (job->path);
  g_strfreev (job->codes);
  g_clear_pointer (&job->record, mc_signature_record_free);
  g_free (job);
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  McDesk *self = source_object;
  Job *job = task_data;
  GError *error = NULL;

  switch (job->kind)
    {
    case JOB_ATTACH:
      {
        char *op_id = attach_as (self, job->login, job->code, job->path, cancellable, &error);

        if (op_id != NULL)
          g_task_return_pointer (task, op_id, g_free);
      }
      break;
    case JOB_RECORD:
      {
        char *op_id = record_as (self, job->login, job->code, job->record, job->path, cancellable, &error);

        if (op_id != NULL)
          g_task_return_pointer (task, op_id, g_free);
      }
      break;
    case JOB_LIST:
      {
        GPtrArray *files = mc_desk_list_results (self, job->code, &error);

        if (files != NULL)
          g_task_return_pointer (task, files, (GDestroyNotify) g_ptr_array_unref);
      }
      break;
    case JOB_PLAN:
      {
        GPtrArray *tasks = plan_as (self, job->login, (const char * const *) job->codes,
                                    job->signature_kind, &error);

        if (tasks != NULL)
          g_task_return_pointer (task, tasks, (GDestroyNotify) g_ptr_array_unref);
      }
      break;
    default:
      g_assert_not_reached ();
    }

  if (error != NULL)
    g_task_return_error (task, error);
}

static void
run_job (McDesk              *self,
         Job                 *job,
         gpointer             source_tag,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  job->login = g_strdup (mc_desk_get_officer_login (self));
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, job_thread);
}

static gpointer
finish_job (McDesk        *self,
            GAsyncResult  *result,
            gpointer       source_tag,
            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * mc_desk_attach_result_async:
 * @self: a desk
 * @code: the dossier code
 * @path: the result document, a PDF
 * @cancellable: (nullable): stops copying the file
 * @callback: called on the caller's main context
 * @user_data: data for @callback
 *
 * Runs mc_desk_attach_result() in a worker thread.
 */
void
mc_desk_attach_result_async (McDesk              *self,
                             const char          *code,
                             const char          *path,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  Job *job;

  g_return_if_fail (MC_IS_DESK (self));
  g_return_if_fail (code != NULL && path != NULL);

  job = g_new0 (Job, 1);
  job->kind = JOB_ATTACH;
  job->code = g_strdup (code);
  job->path = g_strdup (path);
  run_job (self, job, mc_desk_attach_result_async, cancellable, callback, user_data);
}

char *
mc_desk_attach_result_finish (McDesk        *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return finish_job (self, result, mc_desk_attach_result_async, error);
}

/**
 * mc_desk_list_results_async:
 * @self: a desk
 * @code: the dossier code
 * @cancellable: (nullable): a cancellable
 * @callback: called on the caller's main context
 * @user_data: data for @callback
 *
 * Runs mc_desk_list_results() in a worker thread.
 */
void
mc_desk_list_results_async (McDesk              *self,
                            const char          *code,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  Job *job;

  g_return_if_fail (MC_IS_DESK (self));
  g_return_if_fail (code != NULL);

  job = g_new0 (Job, 1);
  job->kind = JOB_LIST;
  job->code = g_strdup (code);
  run_job (self, job, mc_desk_list_results_async, cancellable, callback, user_data);
}

GPtrArray *
mc_desk_list_results_finish (McDesk        *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return finish_job (self, result, mc_desk_list_results_async, error);
}

/**
 * mc_desk_plan_signing_async:
 * @self: a desk
 * @codes: (array zero-terminated=1): dossier codes
 * @kind: the signature to make
 * @cancellable: (nullable): a cancellable
 * @callback: called on the caller's main context
 * @user_data: data for @callback
 *
 * Runs mc_desk_plan_signing() in a worker thread.
 */
void
mc_desk_plan_signing_async (McDesk              *self,
                            const char * const  *codes,
                            McSignatureKind      kind,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  Job *job;

  g_return_if_fail (MC_IS_DESK (self));
  g_return_if_fail (codes != NULL);

  job = g_new0 (Job, 1);
  job->kind = JOB_PLAN;
  job->codes = g_strdupv ((char **) codes);
  job->signature_kind = kind;
  run_job (self, job, mc_desk_plan_signing_async, cancellable, callback, user_data);
}

GPtrArray *
mc_desk_plan_signing_finish (McDesk        *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return finish_job (self, result, mc_desk_plan_signing_async, error);
}

/**
 * mc_desk_record_signature_async:
 * @self: a desk
 * @code: the dossier code
 * @record: the signature (copied)
 * @signed_path: the signed PDF
 * @cancellable: (nullable): stops copying the file
 * @callback: called on the caller's main context
 * @user_data: data for @callback
 *
 * Runs mc_desk_record_signature() in a worker thread.
 */
void
mc_desk_record_signature_async (McDesk                  *self,
                                const char              *code,
                                const McSignatureRecord *record,
                                const char              *signed_path,
                                GCancellable            *cancellable,
                                GAsyncReadyCallback      callback,
                                gpointer                 user_data)
{
  Job *job;

  g_return_if_fail (MC_IS_DESK (self));
  g_return_if_fail (code != NULL && record != NULL && signed_path != NULL);

  job = g_new0 (Job, 1);
  job->kind = JOB_RECORD;
  job->code = g_strdup (code);
  job->path = g_strdup (signed_path);
  job->record = mc_signature_record_copy (record);
  run_job (self, job, mc_desk_record_signature_async, cancellable, callback, user_data);
}

char *
mc_desk_record_signature_finish (McDesk        *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return finish_job (self, result, mc_desk_record_signature_async, error);
}
