/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Files of a received dossier's components, attached through the desk:
 * the file is checked to be a PDF and copied into the blob store first
 * (outside the write lock), then one transaction adds a new file row for
 * the component and records the change through mc_change_record() (the
 * version bumped, a timeline entry, an outbox op carrying the dossier's
 * files and a chained audit entry). A later version of the same
 * component's file (the OCR'd PDF/A after a quick first copy) is another
 * row: the first one is never overwritten, so nothing is lost if the
 * second never comes. A copy to be signed by the office is marked so
 * (sign_pending) when attached; the mark follows it to its text version,
 * and the signed version, recorded the same way, ends it. */
#define G_LOG_DOMAIN "motcua-workflow"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "domain/mc-state.h"
#include "mc-blob-store.h"
#include "mc-change.h"
#include "mc-desk-files.h"
#include "mc-desk-private.h"
#include "mc-dossier-ops-private.h"

G_DEFINE_QUARK (mc-desk-files-error-quark, mc_desk_files_error)

typedef struct
{
  McOpsContext ctx;
  char *code;
  McStoredFile file;
  gint64 file_id;        /* out: the new row */
  gboolean any_state;    /* a text version of a file already there: taken in any state */
  const char *signed_by; /* the signed version of a copy: who signed it */
} AttachData;

static void
attach_data_free (AttachData *data)
{
  g_free (data->code);
  g_free (data->file.component_code);
  g_free (data->file.name);
  g_free (data->file.sha256);
  g_free (data->file.mime);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AttachData, attach_data_free)

/* "%PDF-" within the first kilobyte, as PDF readers accept. */
static gboolean
looks_like_pdf (const char  *path,
                GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree char *name = g_path_get_basename (path);
  g_autoptr(GError) local_error = NULL;
  char head[1024];
  gsize got = 0;

  stream = g_file_read (file, NULL, &local_error);
  if (stream == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), head, sizeof head, &got, NULL, &local_error))
    {
      g_set_error (error, G_IO_ERROR, local_error->code, _("Cannot read “%s”: %s"), name, local_error->message);
      return FALSE;
    }
  for (gsize i = 0; i + 5 <= got; i++)
    if (memcmp (head + i, "%PDF-", 5) == 0)
      return TRUE;

  g_set_error (error, MC_DESK_FILES_ERROR, MC_DESK_FILES_ERROR_NOT_PDF,
               _("“%s” is not a PDF. Scan the paper or import it again."), name);
  return FALSE;
}

/* Whether the dossier lists @component_code among its components. */
static gboolean
has_component (sqlite3     *db,
               gint64       dossier_id,
               const char  *component_code,
               gboolean    *found,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = mc_db_prepare (db, "SELECT 1 FROM dossier_component WHERE dossier_id = ?1 AND code = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, dossier_id);
  mc_db_bind_text (stmt, 2, component_code);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return mc_db_set_error (db, rc, error);
  *found = rc == SQLITE_ROW;

  return TRUE;
}

/**
 * mc_desk_files_state_takes_files:
 * @state: a dossier's state
 *
 * A dossier takes new component files from reception until its result is
 * handed over; not before it is received nor after it is closed.
 *
 * Returns: whether a dossier in @state takes new component files
 */
gboolean
mc_desk_files_state_takes_files (int state)
{
  switch (state)
    {
    case MC_STATE_RECEIVED:
    case MC_STATE_PROCESSING:
    case MC_STATE_SUPPLEMENT:
    case MC_STATE_FEE_REQUESTED:
      return TRUE;
    default:
      return FALSE;
    }
}

static char *
attach_ops (sqlite3     *db,
            AttachData  *data,
            GError     **error)
{
  g_auto(McDossierRow) row = { 0 };
  g_autoptr(McOfficer) officer = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new ();
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *note = NULL;
  g_autoptr(sqlite3_stmt) provided = NULL;
  gboolean found = FALSE;
  gint64 file_id;
  McChange change;

  officer = mc_dossier_ops_acting_officer (db, &data->ctx, error);
  if (officer == NULL)
    return NULL;
  if (!mc_dossier_ops_load_row (db, data->code, &row, error))
    return NULL;
  if (!data->any_state && !mc_desk_files_state_takes_files (row.state))
    {
      g_set_error (error, MC_DESK_FILES_ERROR, MC_DESK_FILES_ERROR_CLOSED,
                   _("Dossier %s is %s: its papers can no longer be changed."),
                   data->code, mc_state_label (row.state));
      return NULL;
    }
  if (!has_component (db, row.id, data->file.component_code, &found, error))
    return NULL;
  if (!found)
    {
      g_set_error (error, MC_DESK_FILES_ERROR, MC_DESK_FILES_ERROR_NO_COMPONENT,
                   _("Dossier %s has no component %s."), data->code, data->file.component_code);
      return NULL;
    }

  g_ptr_array_add (files, &data->file);
  if (!mc_dossier_ops_insert_files (db, row.id, "component", files, data->ctx.now, officer->login, error))
    return NULL;
  file_id = sqlite3_last_insert_rowid (db);
  data->file_id = file_id;
  if (data->signed_by != NULL)
    {
      g_autoptr(sqlite3_stmt) mark = NULL;

      /* The file is itself the signed copy, as a signed result's
       * signed_sha256 names its signed bytes. */
      mark = mc_db_prepare (db, "UPDATE dossier_file SET signed_sha256 = sha256, signed_by = ?2, signed_at = ?3"
                                " WHERE id = ?1", error);
      if (mark == NULL)
        return NULL;
      sqlite3_bind_int64 (mark, 1, file_id);
      mc_db_bind_text (mark, 2, data->signed_by);
      sqlite3_bind_int64 (mark, 3, data->ctx.now);
      if (!mc_db_step_done (db, mark, error))
        return NULL;
    }

  /* The paper is now in the dossier, as a digitised copy at least. */
  provided = mc_db_prepare (db, "UPDATE dossier_component SET provided = 1 WHERE dossier_id = ?1 AND code = ?2",
                            error);
  if (provided == NULL)
    return NULL;
  sqlite3_bind_int64 (provided, 1, row.id);
  mc_db_bind_text (provided, 2, data->file.component_code);
  if (!mc_db_step_done (db, provided, error))
    return NULL;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, file_id);
  json_builder_set_member_name (builder, "component");
  json_builder_add_string_value (builder, data->file.component_code);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, data->file.name);
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, data->file.sha256);
  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, data->file.size);
  json_builder_set_member_name (builder, "mime");
  json_builder_add_string_value (builder, data->file.mime);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);

  note = g_strdup_printf ("%s: %s", data->file.component_code, data->file.name);
  mc_change_init (&change, row.id, data->code, row.version, MC_ACTION_ATTACH_COMPONENT_FILE, officer,
                  data->ctx.now, data->ctx.now);
  change.note = note;
  change.state_after = row.state;
  change.step_after = row.step;
  change.file = node;
  change.with_files = TRUE;

  return mc_change_record (db, &change, error);
}

static gboolean
attach_in_transaction (sqlite3   *db,
                       gpointer   user_data,
                       gpointer  *result,
                       GError   **error)
{
  *result = attach_ops (db, user_data, error);

  return *result != NULL;
}

static char *
attach_as (McDesk        *self,
           const char    *login,
           const char    *code,
           const char    *component_code,
           const char    *path,
           gboolean       unread,
           gboolean       to_sign,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(AttachData) data = g_new0 (AttachData, 1);
  McStore *store = mc_desk_get_store (self);
  char *op_id = NULL;

  if (!looks_like_pdf (path, error))
    return NULL;

  data->file.component_code = g_strdup (component_code);
  data->file.name = g_path_get_basename (path);
  data->file.mime = g_strdup ("application/pdf");
  data->file.ocr_pending = unread;
  data->file.sign_pending = to_sign;
  data->file.sha256 = mc_blob_store_put_file (mc_store_get_blob_dir (store), path, &data->file.size,
                                              cancellable, error);
  if (data->file.sha256 == NULL)
    return NULL;

  data->ctx.rules = mc_desk_get_rules (self);
  data->ctx.calendar = mc_desk_get_calendar (self);
  data->ctx.officer_login = login;
  data->ctx.now = mc_desk_now (self);
  data->code = g_strdup (code);
  mc_store_write (store, attach_in_transaction, data, (gpointer *) &op_id, error);

  return op_id;
}

/**
 * mc_desk_attach_component_file:
 * @self: a desk
 * @code: the dossier code
 * @component_code: one of the dossier's components
 * @path: the file, a PDF
 * @cancellable: (nullable): stops copying the file
 * @error: where to put a failure
 *
 * Copies @path into the blob store and adds it as a new version of the
 * component's file, recorded as an `attach_component_file` change. A file
 * that is not a PDF, a component the dossier does not have or a dossier
 * not received or already closed is refused with nothing written.
 *
 * Returns: (transfer full): the op id, or %NULL
 */
char *
mc_desk_attach_component_file (McDesk        *self,
                               const char    *code,
                               const char    *component_code,
                               const char    *path,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_return_val_if_fail (MC_IS_DESK (self), NULL);
  g_return_val_if_fail (code != NULL && component_code != NULL && path != NULL, NULL);

  return attach_as (self, mc_desk_get_officer_login (self), code, component_code, path, FALSE, FALSE,
                    cancellable, error);
}

/**
 * mc_desk_attach_component_scan:
 * @self: a desk
 * @code: the dossier code
 * @component_code: one of the dossier's components
 * @path: the file, a PDF of page images with no text yet
 * @cancellable: (nullable): stops copying the file
 * @error: where to put a failure
 *
 * Like mc_desk_attach_component_file(), and the new file is marked for
 * the background OCR (mc_desk_list_unread_files()), in the same
 * transaction, so the mark survives a desk killed before OCR ends.
 *
 * Returns: (transfer full): the op id, or %NULL
 */
char *
mc_desk_attach_component_scan (McDesk        *self,
                               const char    *code,
                               const char    *component_code,
                               const char    *path,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_return_val_if_fail (MC_IS_DESK (self), NULL);
  g_return_val_if_fail (code != NULL && component_code != NULL && path != NULL, NULL);

  return attach_as (self, mc_desk_get_officer_login (self), code, component_code, path, TRUE, FALSE,
                    cancellable, error);
}

typedef struct
{
  char *login;
  char *code;
  char *component_code;
  char *path;
  gboolean unread;
  gboolean to_sign;
} Job;

static void
job_free (Job *job)
{
  g_free (job->login);
  g_free (job->code);
  g_free (job->component_code);
  g_free (job->path);
  g_free (job);
}

static void
attach_thread (GTask         *task,
               gpointer       source_object,
               gpointer       task_data,
               GCancellable  *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  char *op_id;

  op_id = attach_as (MC_DESK (source_object), job->login, job->code, job->component_code, job->path,
                     job->unread, job->to_sign, cancellable, &error);
  if (op_id == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, op_id, g_free);
}

static void
attach_async (McDesk               *self,
              const char           *code,
              const char           *component_code,
              const char           *path,
              gboolean              unread,
              gboolean              to_sign,
              GCancellable         *cancellable,
              GAsyncReadyCallback   callback,
              gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  job = g_new0 (Job, 1);
  job->login = g_strdup (mc_desk_get_officer_login (self));
  job->code = g_strdup (code);
  job->component_code = g_strdup (component_code);
  job->path = g_strdup (path);
  job->unread = unread;
  job->to_sign = to_sign;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_desk_attach_component_file_async);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, attach_thread);
}

/**
 * mc_desk_attach_component_file_async:
 * @self: a desk
 * @code: the dossier code
 * @component_code: one of the dossier's components
 * @path: the file, a PDF
 * @cancellable: (nullable): stops copying the file
 * @callback: called on the caller's main context
 * @user_data: data for @callback
 *
 * Runs mc_desk_attach_component_file() in a worker thread, as the officer
 * signed in when it is called.
 */
void
mc_desk_attach_component_file_async (McDesk               *self,
                                     const char           *code,
                                     const char           *component_code,
                                     const char           *path,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data)
{
  g_return_if_fail (MC_IS_DESK (self));
  g_return_if_fail (code != NULL && component_code != NULL && path != NULL);

  attach_async (self, code, component_code, path, FALSE, FALSE, cancellable, callback, user_data);
}

/**
 * mc_desk_attach_component_scan_async:
 * @self: a desk
 * @code: the dossier code
 * @component_code: one of the dossier's components
 * @path: the file, a PDF of page images with no text yet
 * @cancellable: (nullable): stops copying the file
 * @callback: called on the caller's main context
 * @user_data: data for @callback
 *
 * Runs mc_desk_attach_component_scan() in a worker thread; finish with
 * mc_desk_attach_component_file_finish().
 */
void
mc_desk_attach_component_scan_async (McDesk               *self,
                                     const char           *code,
                                     const char           *component_code,
                                     const char           *path,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data)
{
  g_return_if_fail (MC_IS_DESK (self));
  g_return_if_fail (code != NULL && component_code != NULL && path != NULL);

  attach_async (self, code, component_code, path, TRUE, FALSE, cancellable, callback, user_data);
}

/**
 * mc_desk_attach_component_copy_async:
 * @self: a desk
 * @code: the dossier code
 * @component_code: one of the dossier's components
 * @path: the file, a PDF of page images with no text yet
 * @cancellable: (nullable): stops copying the file
 * @callback: called on the caller's main context
 * @user_data: data for @callback
 *
 * Like mc_desk_attach_component_scan_async(), and the new file is also
 * marked to be signed as the office's digital copy once its text is read
 * (mc_desk_list_copies_to_sign()), in the same transaction. Finish with
 * mc_desk_attach_component_file_finish().
 */
void
mc_desk_attach_component_copy_async (McDesk               *self,
                                     const char           *code,
                                     const char           *component_code,
                                     const char           *path,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data)
{
  g_return_if_fail (MC_IS_DESK (self));
  g_return_if_fail (code != NULL && component_code != NULL && path != NULL);

  attach_async (self, code, component_code, path, TRUE, TRUE, cancellable, callback, user_data);
}

char *
mc_desk_attach_component_file_finish (McDesk        *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
mc_unread_file_free (McUnreadFile *file)
{
  if (file == NULL)
    return;
  g_free (file->code);
  g_free (file->component_code);
  g_free (file->name);
  g_free (file->path);
  g_free (file->added_by);
  g_free (file);
}

typedef struct
{
  const char *blob_dir;
  gboolean to_sign;
} ListData;

static gboolean
list_unread_in_read (sqlite3   *db,
                     gpointer   user_data,
                     gpointer  *result,
                     GError   **error)
{
  ListData *data = user_data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_unread_file_free);
  int rc;

  stmt = mc_db_prepare (db, "SELECT f.id, d.code, f.component_code, f.name, f.sha256, f.added_by"
                            " FROM dossier_file f JOIN dossier d ON d.id = f.dossier_id"
                            " WHERE CASE WHEN ?1 THEN f.sign_pending = 1 AND f.ocr_pending = 0"
                            "            ELSE f.ocr_pending = 1 END ORDER BY f.id", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, data->to_sign ? 1 : 0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(McUnreadFile) file = g_new0 (McUnreadFile, 1);
      g_autofree char *sha256 = mc_db_column_dup (stmt, 4);

      if (!mc_blob_store_check_sha256 (sha256, error))
        return FALSE;
      file->id = sqlite3_column_int64 (stmt, 0);
      file->code = mc_db_column_dup (stmt, 1);
      file->component_code = mc_db_column_dup (stmt, 2);
      file->name = mc_db_column_dup (stmt, 3);
      file->path = mc_blob_store_path (data->blob_dir, sha256);
      file->added_by = mc_db_column_dup (stmt, 5);
      g_ptr_array_add (files, g_steal_pointer (&file));
    }
  if (rc != SQLITE_DONE)
    return mc_db_set_error (db, rc, error);

  *result = g_steal_pointer (&files);
  return TRUE;
}

/**
 * mc_desk_list_unread_files:
 * @self: a desk
 * @error: where to put a failure
 *
 * The component files whose text the background OCR has still to read,
 * oldest first: those attached as scans and not yet followed by their
 * text version, including those a desk killed meanwhile left behind.
 *
 * Returns: (transfer full) (element-type McUnreadFile): the files, or %NULL
 */
GPtrArray *
mc_desk_list_unread_files (McDesk   *self,
                           GError  **error)
{
  McStore *store;
  ListData data;
  GPtrArray *files = NULL;

  g_return_val_if_fail (MC_IS_DESK (self), NULL);

  store = mc_desk_get_store (self);
  data.blob_dir = mc_store_get_blob_dir (store);
  data.to_sign = FALSE;
  if (!mc_store_read (store, list_unread_in_read, &data, (gpointer *) &files, error))
    return NULL;
  return files;
}

/**
 * mc_desk_list_copies_to_sign:
 * @self: a desk
 * @error: where to put a failure
 *
 * The component files waiting for the office's signature whose text is
 * read (the version to sign), oldest first, including those left by a
 * token pulled out, a session closed or a desk killed meanwhile.
 *
 * Returns: (transfer full) (element-type McUnreadFile): the files, or %NULL
 */
GPtrArray *
mc_desk_list_copies_to_sign (McDesk   *self,
                             GError  **error)
{
  McStore *store;
  ListData data;
  GPtrArray *files = NULL;

  g_return_val_if_fail (MC_IS_DESK (self), NULL);

  store = mc_desk_get_store (self);
  data.blob_dir = mc_store_get_blob_dir (store);
  data.to_sign = TRUE;
  if (!mc_store_read (store, list_unread_in_read, &data, (gpointer *) &files, error))
    return NULL;
  return files;
}

typedef struct
{
  AttachData *attach;     /* the text version, or NULL for the text alone */
  gint64 file_id;
  const char *text;
} TextData;

static gboolean
record_text_in_transaction (sqlite3   *db,
                            gpointer   user_data,
                            gpointer  *result,
                            GError   **error)
{
  TextData *data = user_data;
  g_autoptr(sqlite3_stmt) pending = NULL;
  g_autoptr(sqlite3_stmt) text = NULL;
  g_autoptr(sqlite3_stmt) clear = NULL;
  g_autofree char *op_id = NULL;
  gint64 text_file = data->file_id;
  int rc;

  pending = mc_db_prepare (db, "SELECT f.ocr_pending, d.code, f.component_code, f.name, f.sign_pending"
                               " FROM dossier_file f JOIN dossier d ON d.id = f.dossier_id WHERE f.id = ?1",
                           error);
  if (pending == NULL)
    return FALSE;
  sqlite3_bind_int64 (pending, 1, data->file_id);
  rc = sqlite3_step (pending);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return mc_db_set_error (db, rc, error);
  /* Read twice (a desk killed between the two steps, or two queues):
   * the first reading stands, nothing is doubled. */
  if (rc == SQLITE_DONE || sqlite3_column_int (pending, 0) == 0)
    {
      *result = g_strdup ("");
      return TRUE;
    }

  if (data->attach != NULL)
    {
      /* Set afresh should the store run the transaction again. */
      g_free (data->attach->code);
      g_free (data->attach->file.component_code);
      g_free (data->attach->file.name);
      data->attach->code = mc_db_column_dup (pending, 1);
      data->attach->file.component_code = mc_db_column_dup (pending, 2);
      data->attach->file.name = mc_db_column_dup (pending, 3);
      /* The copy to sign is now this searchable version. */
      data->attach->file.sign_pending = sqlite3_column_int (pending, 4) != 0;
      op_id = attach_ops (db, data->attach, error);
      if (op_id == NULL)
        return FALSE;
      text_file = data->attach->file_id;
    }

  text = mc_db_prepare (db, "INSERT INTO file_text (file_id, text) VALUES (?1, ?2)", error);
  if (text == NULL)
    return FALSE;
  sqlite3_bind_int64 (text, 1, text_file);
  mc_db_bind_text (text, 2, data->text);
  if (!mc_db_step_done (db, text, error))
    return FALSE;

  clear = mc_db_prepare (db, "UPDATE dossier_file SET ocr_pending = 0,"
                             " sign_pending = CASE WHEN ?2 THEN 0 ELSE sign_pending END WHERE id = ?1", error);
  if (clear == NULL)
    return FALSE;
  sqlite3_bind_int64 (clear, 1, data->file_id);
  sqlite3_bind_int (clear, 2, data->attach != NULL ? 1 : 0);
  if (!mc_db_step_done (db, clear, error))
    return FALSE;

  *result = op_id != NULL ? g_steal_pointer (&op_id) : g_strdup ("");
  return TRUE;
}

/* The next version of a file the background OCR or signing was given
 * (one of @files, kept alive by the caller until it is recorded): @path
 * stored as a blob, to be recorded whatever the dossier's state, in the
 * name of the officer who attached the scan. %NULL with no error when
 * @file_id is no longer listed (its work is done already). */
static AttachData *
next_version_of (McDesk        *self,
                 GPtrArray     *files,
                 gint64         file_id,
                 const char    *path,
                 GCancellable  *cancellable,
                 GError       **error)
{
  McStore *store = mc_desk_get_store (self);
  g_autoptr(AttachData) attach = NULL;
  McUnreadFile *listed = NULL;

  for (guint i = 0; i < files->len && listed == NULL; i++)
    if (((McUnreadFile *) g_ptr_array_index (files, i))->id == file_id)
      listed = g_ptr_array_index (files, i);
  if (listed == NULL)
    return NULL;

  attach = g_new0 (AttachData, 1);
  attach->any_state = TRUE;
  attach->file.mime = g_strdup ("application/pdf");
  attach->file.sha256 = mc_blob_store_put_file (mc_store_get_blob_dir (store), path, &attach->file.size,
                                                cancellable, error);
  if (attach->file.sha256 == NULL)
    return NULL;
  attach->ctx.rules = mc_desk_get_rules (self);
  attach->ctx.calendar = mc_desk_get_calendar (self);
  attach->ctx.officer_login = listed->added_by;
  attach->ctx.now = mc_desk_now (self);
  return g_steal_pointer (&attach);
}

/**
 * mc_desk_record_file_text:
 * @self: a desk
 * @file_id: a file of mc_desk_list_unread_files()
 * @path: (nullable): its searchable version (a PDF), or %NULL to keep the
 *   file as it is and record only its text
 * @text: the text read from it
 * @cancellable: (nullable): stops copying @path
 * @error: where to put a failure
 *
 * Ends the background OCR of a file in one transaction: @path becomes the
 * component's newest file version, recorded as an `attach_component_file`
 * change in the name of the officer who attached the scan (the same one
 * change recorder as every attachment), @text is searchable with the
 * dossier, and the file is no longer unread. The text version is taken
 * whatever the dossier's state: it is the same paper, only readable. A
 * file already read is left alone.
 *
 * Returns: (transfer full): the op id, "" when no change was recorded,
 *   or %NULL on failure
 */
char *
mc_desk_record_file_text (McDesk        *self,
                          gint64         file_id,
                          const char    *path,
                          const char    *text,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(AttachData) attach = NULL;
  g_autoptr(GPtrArray) files = NULL;
  TextData data = { NULL, file_id, text };
  GError *local = NULL;
  char *op_id = NULL;

  g_return_val_if_fail (MC_IS_DESK (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  if (path != NULL)
    {
      if (!looks_like_pdf (path, error))
        return NULL;
      files = mc_desk_list_unread_files (self, error);
      if (files == NULL)
        return NULL;
      attach = next_version_of (self, files, file_id, path, cancellable, &local);
      if (local != NULL)
        {
          g_propagate_error (error, local);
          return NULL;
        }
      if (attach == NULL)
        return g_strdup ("");
      data.attach = attach;
    }
  mc_store_write (mc_desk_get_store (self), record_text_in_transaction, &data, (gpointer *) &op_id, error);

  return op_id;
}

typedef struct
{
  AttachData *attach;
  gint64 file_id;
} SignedData;

static gboolean
record_signed_in_transaction (sqlite3   *db,
                              gpointer   user_data,
                              gpointer  *result,
                              GError   **error)
{
  SignedData *data = user_data;
  g_autoptr(sqlite3_stmt) pending = NULL;
  g_autoptr(sqlite3_stmt) clear = NULL;
  g_autofree char *op_id = NULL;
  int rc;

  pending = mc_db_prepare (db, "SELECT f.sign_pending, d.code, f.component_code, f.name"
                               " FROM dossier_file f JOIN dossier d ON d.id = f.dossier_id WHERE f.id = ?1",
                           error);
  if (pending == NULL)
    return FALSE;
  sqlite3_bind_int64 (pending, 1, data->file_id);
  rc = sqlite3_step (pending);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return mc_db_set_error (db, rc, error);
  /* Signed twice (the batch signed again after a failure, two desks'
   * queues): the first signed version stands, nothing is doubled. */
  if (rc == SQLITE_DONE || sqlite3_column_int (pending, 0) == 0)
    {
      *result = g_strdup ("");
      return TRUE;
    }

  g_free (data->attach->code);
  g_free (data->attach->file.component_code);
  g_free (data->attach->file.name);
  data->attach->code = mc_db_column_dup (pending, 1);
  data->attach->file.component_code = mc_db_column_dup (pending, 2);
  data->attach->file.name = mc_db_column_dup (pending, 3);
  op_id = attach_ops (db, data->attach, error);
  if (op_id == NULL)
    return FALSE;

  clear = mc_db_prepare (db, "UPDATE dossier_file SET sign_pending = 0 WHERE id = ?1", error);
  if (clear == NULL)
    return FALSE;
  sqlite3_bind_int64 (clear, 1, data->file_id);
  if (!mc_db_step_done (db, clear, error))
    return FALSE;

  *result = g_steal_pointer (&op_id);
  return TRUE;
}

/**
 * mc_desk_record_signed_copy:
 * @self: a desk
 * @file_id: a file of mc_desk_list_copies_to_sign()
 * @path: its signed version (a PDF)
 * @signed_by: who signed it (the certificate's holder)
 * @cancellable: (nullable): stops copying @path
 * @error: where to put a failure
 *
 * Ends the background signing of a copy in one transaction: @path
 * becomes the component's newest file version, marked signed by
 * @signed_by and recorded as an `attach_component_file` change in the
 * name of the officer who attached the scan, and the copy no longer
 * waits. Taken whatever the dossier's state, as its text version is. A
 * copy already signed is left alone: a second signed version is never
 * added.
 *
 * Returns: (transfer full): the op id, "" when no change was recorded,
 *   or %NULL on failure
 */
char *
mc_desk_record_signed_copy (McDesk        *self,
                            gint64         file_id,
                            const char    *path,
                            const char    *signed_by,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(AttachData) attach = NULL;
  g_autoptr(GPtrArray) files = NULL;
  SignedData data = { NULL, file_id };
  GError *local = NULL;
  char *op_id = NULL;

  g_return_val_if_fail (MC_IS_DESK (self), NULL);
  g_return_val_if_fail (path != NULL && signed_by != NULL, NULL);

  if (!looks_like_pdf (path, error))
    return NULL;
  files = mc_desk_list_copies_to_sign (self, error);
  if (files == NULL)
    return NULL;
  attach = next_version_of (self, files, file_id, path, cancellable, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  if (attach == NULL)
    return g_strdup ("");
  attach->signed_by = signed_by;
  data.attach = attach;
  mc_store_write (mc_desk_get_store (self), record_signed_in_transaction, &data, (gpointer *) &op_id, error);

  return op_id;
}
