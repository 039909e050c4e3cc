/* SPDX-License-Identifier: GPL-3.0-or-later */
/* McDesk ties a workspace to the rules it works by (workflow rules and the
 * working-time calendar, both data files) and offers each workflow change as
 * a sync call for the CLI and tests and a GTask pair for the UI. Files of a
 * reception are copied into the blob store before the transaction, in the
 * same worker thread, so the UI never waits on a scan being copied and the
 * write lock is only held for the SQL. */
#define G_LOG_DOMAIN "motcua-workflow"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-admin-units-repo.h"
#include "mc-catalogue-repo.h"
#include "mc-blob-store.h"
#include "mc-core.h"
#include "mc-desk.h"
#include "mc-desk-private.h"
#include "mc-dossier-ops-private.h"
#include "mc-desk-settings.h"
#include "mc-dossier-repo.h"
#include "mc-sync-store.h"

struct _McDesk
{
  GObject parent_instance;

  McStore *store;
  McWorkflow *rules;
  McCalendar *calendar;
  /* Interned: work already running in a thread keeps a valid pointer
   * when another officer signs in meanwhile. */
  const char *officer_login;
  gint64 fixed_now;
};

G_DEFINE_FINAL_TYPE (McDesk, mc_desk, G_TYPE_OBJECT)

static void
mc_desk_finalize (GObject *object)
{
  McDesk *self = MC_DESK (object);

  g_clear_object (&self->store);
  g_clear_object (&self->rules);
  g_clear_object (&self->calendar);

  G_OBJECT_CLASS (mc_desk_parent_class)->finalize (object);
}

static void
mc_desk_class_init (McDeskClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mc_desk_finalize;
}

static void
mc_desk_init (McDesk *self)
{
}

/* A fingerprint of the reference data shipped in the data folder, so a
 * workspace reloads it only when the program's data changed. */
static char *
reference_fingerprint (McCatalogue *catalogue)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *units = g_build_filename (mc_core_get_data_dir (), "admin-units",
                                             "admin-units-2025-07-01.tsv", NULL);
  g_autofree char *old_units = g_build_filename (mc_core_get_data_dir (), "admin-units",
                                                 "admin-units-old-to-new.tsv", NULL);
  const char *files[] = { units, old_units };

  for (guint i = 0; i < mc_catalogue_get_n_procedures (catalogue); i++)
    {
      g_autoptr(McProcedure) procedure = g_list_model_get_item (G_LIST_MODEL (catalogue), i);
      g_autofree char *json = mc_procedure_to_json (procedure);

      g_checksum_update (checksum, (const guchar *) json, -1);
    }
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_get_contents (files[i], &contents, &length, NULL))
        g_checksum_update (checksum, (const guchar *) contents, length);
    }

  return g_strdup (g_checksum_get_string (checksum));
}

typedef struct
{
  McCatalogue *catalogue;
  const char *fingerprint;
} ReferenceData;

static gboolean
refresh_reference (sqlite3   *db,
                   gpointer   user_data,
                   gpointer  *result,
                   GError   **error)
{
  ReferenceData *data = user_data;
  g_autofree char *current = NULL;
  g_autofree char *units = g_build_filename (mc_core_get_data_dir (), "admin-units", NULL);
  GError *local_error = NULL;

  current = mc_db_meta_get (db, "reference_fingerprint", &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (g_strcmp0 (current, data->fingerprint) == 0)
    return TRUE;

  g_debug ("Reloading the procedure catalogue and administrative units");

  return mc_catalogue_save_to_store (data->catalogue, db, error) &&
         mc_admin_units_load (db, units, error) &&
         mc_db_meta_set (db, "reference_fingerprint", data->fingerprint, error);
}

/**
 * mc_desk_new_for_store:
 * @store: an open store
 * @error: where to put a failure
 *
 * Loads the workflow rules and the calendar from the data folder.
 *
 * Returns: (transfer full): the desk
 */
McDesk *
mc_desk_new_for_store (McStore  *store,
                       GError  **error)
{
  g_autoptr(McDesk) self = g_object_new (MC_TYPE_DESK, NULL);
  g_autofree char *holidays = g_build_filename (mc_core_get_data_dir (), "holidays", NULL);

  g_return_val_if_fail (MC_IS_STORE (store), NULL);

  self->store = g_object_ref (store);
  self->rules = mc_workflow_load_default (error);
  if (self->rules == NULL)
    return NULL;
  self->calendar = mc_calendar_load_sync (holidays, NULL, error);
  if (self->calendar == NULL)
    return NULL;

  /* The catalogue and the administrative units in the store follow the
   * program's data files; a read-only desk uses what the store has. */
  if (!mc_store_is_read_only (store))
    {
      g_autoptr(McCatalogue) catalogue = mc_catalogue_load_sync (NULL, NULL, error);
      g_autofree char *fingerprint = NULL;
      ReferenceData data;

      if (catalogue == NULL)
        return NULL;
      fingerprint = reference_fingerprint (catalogue);
      data.catalogue = catalogue;
      data.fingerprint = fingerprint;
      if (!mc_store_write (store, refresh_reference, &data, NULL, error))
        return NULL;
    }
  /* The holiday tables the central system published stand over the data
   * folder's (mc-sync-store-reference.c). */
  if (!mc_desk_sync_load_reference (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * mc_desk_open:
 * @workspace: the workspace folder
 * @flags: how to open the store
 * @error: where to put a failure
 *
 * Returns: (transfer full): the desk
 */
McDesk *
mc_desk_open (const char        *workspace,
              McStoreOpenFlags   flags,
              GError           **error)
{
  g_autoptr(McStore) store = mc_store_open (workspace, flags, error);

  if (store == NULL)
    return NULL;

  return mc_desk_new_for_store (store, error);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  McDesk *desk = mc_desk_open (task_data, MC_STORE_OPEN_DEFAULT, &error);

  if (desk == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, desk, g_object_unref);
}

/**
 * mc_desk_open_async:
 * @workspace: the workspace folder
 * @cancellable: (nullable): a cancellable
 * @callback: called on the caller's main context
 * @user_data: data for @callback
 *
 * Opens the workspace for writing in a worker thread.
 */
void
mc_desk_open_async (const char          *workspace,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, mc_desk_open_async);
  g_task_set_task_data (task, g_strdup (workspace), g_free);
  g_task_run_in_thread (task, open_thread);
}

McDesk *
mc_desk_open_finish (GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

McStore *
mc_desk_get_store (McDesk *self)
{
  g_return_val_if_fail (MC_IS_DESK (self), NULL);

  return self->store;
}

McWorkflow *
mc_desk_get_rules (McDesk *self)
{
  g_return_val_if_fail (MC_IS_DESK (self), NULL);

  return self->rules;
}

McCalendar *
mc_desk_get_calendar (McDesk *self)
{
  g_return_val_if_fail (MC_IS_DESK (self), NULL);

  return self->calendar;
}

/**
 * mc_desk_set_officer_login:
 * @self: a desk
 * @login: (nullable): act as this officer instead of the desk's current one
 */
void
mc_desk_set_officer_login (McDesk     *self,
                           const char *login)
{
  g_return_if_fail (MC_IS_DESK (self));

  self->officer_login = g_intern_string (login);
}

/**
 * mc_desk_get_officer_login:
 * @self: a desk
 *
 * Returns: (nullable): the officer this desk acts as when set with
 *   mc_desk_set_officer_login(), or %NULL for the desk's current one
 */
const char *
mc_desk_get_officer_login (McDesk *self)
{
  g_return_val_if_fail (MC_IS_DESK (self), NULL);

  return self->officer_login;
}

/**
 * mc_desk_set_clock:
 * @self: a desk
 * @now: Unix seconds to use as "now", or 0 for the real time
 *
 * Lets tests and demo data act at a chosen time.
 */
void
mc_desk_set_clock (McDesk *self,
                   gint64  now)
{
  g_return_if_fail (MC_IS_DESK (self));

  self->fixed_now = now;
}

gint64
mc_desk_now (McDesk *self)
{
  g_return_val_if_fail (MC_IS_DESK (self), 0);

  return self->fixed_now > 0 ? self->fixed_now : g_get_real_time () / G_USEC_PER_SEC;
}

static void
context_init (McDesk       *self,
              McOpsContext *ctx)
{
  ctx->rules = self->rules;
  ctx->calendar = self->calendar;
  ctx->officer_login = self->officer_login;
  ctx->now = mc_desk_now (self);
}

/* Runs work on the desk's store and reports back with the desk as the
 * source object, so callers finish with the mc_desk_*_finish functions. */
static void
store_work_done (GObject      *source,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  gpointer result = mc_store_run_finish (MC_STORE (source), res, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, g_task_get_task_data (task));
}

/* Runs @func inside a store transaction on a worker thread; the result is
 * handed to @callback through a task whose source is the desk. For the
 * desk's services in sibling files (mc-desk-private.h). */
void
mc_desk_run_async (McDesk              *self,
              gboolean             write,
              McStoreFunc          func,
              gpointer             data,
              GDestroyNotify       data_free,
              GDestroyNotify       result_free,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  /* The task data holds the result's free function for the hand-over. */
  g_task_set_task_data (task, result_free, NULL);
  if (write)
    mc_store_write_async (self->store, func, data, data_free, result_free, cancellable,
                          store_work_done, task);
  else
    mc_store_read_async (self->store, func, data, data_free, result_free, cancellable,
                         store_work_done, task);
}

gpointer
mc_desk_run_finish (McDesk        *self,
                 GAsyncResult  *result,
                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  McOpsContext ctx;
  const McReception *reception;
  GPtrArray *files;
} ReceiveData;

static gboolean
receive_in_transaction (sqlite3   *db,
                        gpointer   user_data,
                        gpointer  *result,
                        GError   **error)
{
  ReceiveData *data = user_data;

  *result = mc_dossier_ops_receive (db, &data->ctx, data->reception, data->files, error);

  return *result != NULL;
}

static const char *
guess_mime (const char *path)
{
  g_autofree char *type = g_content_type_guess (path, NULL, 0, NULL);
  static const char *known[] = { "application/pdf", "image/png", "image/jpeg", "image/tiff" };

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_content_type_equals (type, known[i]))
      return known[i];

  return "application/octet-stream";
}

/**
 * mc_desk_receive:
 * @self: a desk
 * @reception: what was handed over, with the paths of the component files
 * @cancellable: (nullable): stops copying files
 * @error: where to put a failure
 *
 * Copies the component files into the blob store, then receives the dossier
 * in one transaction.
 *
 * Returns: (transfer full): the new code and appointment
 */
McReceptionResult *
mc_desk_receive (McDesk             *self,
                 const McReception  *reception,
                 GCancellable       *cancellable,
                 GError            **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_stored_file_free);
  McReceptionResult *result = NULL;
  ReceiveData data = { 0 };

  g_return_val_if_fail (MC_IS_DESK (self), NULL);
  g_return_val_if_fail (reception != NULL, NULL);

  for (guint i = 0; i < reception->components->len; i++)
    {
      McReceptionComponent *component = g_ptr_array_index (reception->components, i);

      for (guint j = 0; j < component->files->len; j++)
        {
          const char *path = g_ptr_array_index (component->files, j);
          g_autoptr(McStoredFile) stored = g_new0 (McStoredFile, 1);

          stored->component_code = g_strdup (component->code);
          stored->name = g_path_get_basename (path);
          stored->mime = g_strdup (guess_mime (path));
          stored->ocr_pending = mc_reception_component_is_unread (component, path);
          stored->sign_pending = mc_reception_component_is_to_sign (component, path);
          stored->sha256 = mc_blob_store_put_file (mc_store_get_blob_dir (self->store), path,
                                                   &stored->size, cancellable, error);
          if (stored->sha256 == NULL)
            return NULL;
          g_ptr_array_add (files, g_steal_pointer (&stored));
        }
    }

  context_init (self, &data.ctx);
  data.reception = reception;
  data.files = files;

  if (!mc_store_write (self->store, receive_in_transaction, &data, (gpointer *) &result, error))
    return NULL;

  return result;
}

static void
receive_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  McReceptionResult *result = mc_desk_receive (source_object, task_data, cancellable, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) mc_reception_result_free);
}

/**
 * mc_desk_receive_async:
 * @self: a desk
 * @reception: (transfer full): what was handed over
 * @cancellable: (nullable): stops copying files
 * @callback: called on the caller's main context
 * @user_data: data for @callback
 *
 * Runs mc_desk_receive() in a worker thread.
 */
void
mc_desk_receive_async (McDesk              *self,
                       McReception         *reception,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, mc_desk_receive_async);
  g_task_set_task_data (task, reception, (GDestroyNotify) mc_reception_free);
  g_task_run_in_thread (task, receive_thread);
}

McReceptionResult *
mc_desk_receive_finish (McDesk        *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  McOpsContext ctx;
  char *code;
  char *action_id;
  McActionParams params;
} ActData;

static void
act_data_free (ActData *data)
{
  g_free (data->code);
  g_free (data->action_id);
  mc_action_params_clear (&data->params);
  g_free (data);
}

static gboolean
act_in_transaction (sqlite3   *db,
                    gpointer   user_data,
                    gpointer  *result,
                    GError   **error)
{
  ActData *data = user_data;

  *result = mc_dossier_ops_act (db, &data->ctx, data->code, data->action_id, &data->params, error);

  return *result != NULL;
}

static ActData *
act_data_new (McDesk               *self,
              const char           *code,
              const char           *action_id,
              const McActionParams *params)
{
  ActData *data = g_new0 (ActData, 1);

  context_init (self, &data->ctx);
  data->code = g_strdup (code);
  data->action_id = g_strdup (action_id);
  if (params != NULL)
    {
      data->params.reason = g_strdup (params->reason);
      data->params.department = g_strdup (params->department);
      data->params.handler = g_strdup (params->handler);
      data->params.issue_number = g_strdup (params->issue_number);
      data->params.new_appointment = params->new_appointment;
      data->params.at = params->at;
    }

  return data;
}

/**
 * mc_desk_act:
 * @self: a desk
 * @code: the dossier code
 * @action_id: an action of the workflow rules
 * @params: (nullable): what the action needs
 * @error: where to put a failure
 *
 * Returns: (transfer full): the op id of the change
 */
char *
mc_desk_act (McDesk                *self,
             const char            *code,
             const char            *action_id,
             const McActionParams  *params,
             GError               **error)
{
  ActData *data;
  char *op_id = NULL;

  g_return_val_if_fail (MC_IS_DESK (self), NULL);

  data = act_data_new (self, code, action_id, params);
  mc_store_write (self->store, act_in_transaction, data, (gpointer *) &op_id, error);
  act_data_free (data);

  return op_id;
}

/**
 * mc_desk_act_async:
 * @self: a desk
 * @code: the dossier code
 * @action_id: an action of the workflow rules
 * @params: (nullable): what the action needs (copied)
 * @cancellable: (nullable): cancels if not started
 * @callback: called on the caller's main context
 * @user_data: data for @callback
 */
void
mc_desk_act_async (McDesk               *self,
                   const char           *code,
                   const char           *action_id,
                   const McActionParams *params,
                   GCancellable         *cancellable,
                   GAsyncReadyCallback   callback,
                   gpointer              user_data)
{
  g_return_if_fail (MC_IS_DESK (self));

  mc_desk_run_async (self, TRUE, act_in_transaction, act_data_new (self, code, action_id, params),
                (GDestroyNotify) act_data_free, g_free, cancellable, callback, user_data);
}

char *
mc_desk_act_finish (McDesk        *self,
                    GAsyncResult  *result,
                    GError       **error)
{
  return mc_desk_run_finish (self, result, error);
}

static gboolean
load_in_transaction (sqlite3   *db,
                     gpointer   user_data,
                     gpointer  *result,
                     GError   **error)
{
  *result = mc_dossier_repo_load (db, user_data, error);

  return *result != NULL;
}

McDossier *
mc_desk_load_dossier (McDesk      *self,
                      const char  *code,
                      GError     **error)
{
  McDossier *dossier = NULL;

  g_return_val_if_fail (MC_IS_DESK (self), NULL);

  mc_store_read (self->store, load_in_transaction, (gpointer) code, (gpointer *) &dossier, error);

  return dossier;
}

void
mc_desk_load_dossier_async (McDesk              *self,
                            const char          *code,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (MC_IS_DESK (self));

  mc_desk_run_async (self, FALSE, load_in_transaction, g_strdup (code), g_free,
                (GDestroyNotify) mc_dossier_free, cancellable, callback, user_data);
}

McDossier *
mc_desk_load_dossier_finish (McDesk        *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return mc_desk_run_finish (self, result, error);
}

typedef struct
{
  const char *text;
  guint limit;
  McQueueClock clock;
} SearchData;

static gboolean
search_in_transaction (sqlite3   *db,
                       gpointer   user_data,
                       gpointer  *result,
                       GError   **error)
{
  SearchData *data = user_data;

  *result = mc_dossier_repo_search (db, data->text, &data->clock, data->limit, error);

  return *result != NULL;
}

/**
 * mc_desk_search:
 * @self: a desk
 * @text: free text
 * @limit: the most results
 * @error: where to put a failure
 *
 * Returns: (transfer full) (element-type McDossierSummary): ranked matches
 */
GPtrArray *
mc_desk_search (McDesk      *self,
                const char  *text,
                guint        limit,
                GError     **error)
{
  SearchData data = { text, limit, { 0 } };
  GPtrArray *rows = NULL;

  g_return_val_if_fail (MC_IS_DESK (self), NULL);

  mc_queue_clock_init (&data.clock, mc_desk_now (self), self->calendar);
  mc_store_read (self->store, search_in_transaction, &data, (gpointer *) &rows, error);

  return rows;
}

static void
search_data_free (gpointer data)
{
  SearchData *search = data;

  g_free ((char *) search->text);
  g_free (search);
}

/**
 * mc_desk_search_async:
 * @self: a desk
 * @text: free text
 * @limit: the most results
 * @cancellable: (nullable): a cancellable
 * @callback: called on the caller's main context
 * @user_data: data for @callback
 *
 * Runs mc_desk_search() in a worker thread.
 */
void
mc_desk_search_async (McDesk              *self,
                      const char          *text,
                      guint                limit,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  SearchData *data;

  g_return_if_fail (MC_IS_DESK (self));

  data = g_new0 (SearchData, 1);
  data->text = g_strdup (text);
  data->limit = limit;
  mc_queue_clock_init (&data->clock, mc_desk_now (self), self->calendar);
  mc_desk_run_async (self, FALSE, search_in_transaction, data, search_data_free,
                (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

GPtrArray *
mc_desk_search_finish (McDesk        *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  return mc_desk_run_finish (self, result, error);
}

static gboolean
current_officer (sqlite3   *db,
                 gpointer   user_data,
                 gpointer  *result,
                 GError   **error)
{
  const char *login = user_data;

  *result = login != NULL ? mc_desk_settings_get_officer (db, login, error)
                          : mc_desk_settings_current_officer (db, error);

  return *result != NULL;
}

/**
 * mc_desk_load_officer_async:
 * @self: a desk
 * @cancellable: (nullable): a cancellable
 * @callback: called on the caller's main context
 * @user_data: data for @callback
 *
 * Reads who is working at this desk now: the officer signed in (set with
 * mc_desk_set_officer_login()), else the workspace's current one.
 */
void
mc_desk_load_officer_async (McDesk              *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (MC_IS_DESK (self));

  mc_desk_run_async (self, FALSE, current_officer, g_strdup (self->officer_login), g_free,
                (GDestroyNotify) mc_officer_free, cancellable, callback, user_data);
}

McOfficer *
mc_desk_load_officer_finish (McDesk        *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return mc_desk_run_finish (self, result, error);
}
