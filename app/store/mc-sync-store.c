/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store's side of sync. The sign-in's server and login, the cursor and
 * the last attempt live in workspace_meta (keys sync_*); server changes to
 * a dossier with unsent local ops are kept aside there too
 * (sync_conflict:CODE), never merged. Ops answered conflict or rejected stay
 * in the outbox with the server's answer in last_error. A page of the
 * change feed is applied in one transaction together with its cursor, so a
 * crash either keeps the whole page or none of it. */
#define G_LOG_DOMAIN "motcua-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "domain/calendar/mc-calendar.h"
#include "domain/mc-state.h"
#include "domain/mc-workflow.h"
#include "forms/mc-slip-template.h"
#include "mc-audit.h"
#include "mc-blob-store.h"
#include "mc-catalogue-repo.h"
#include "mc-desk-private.h"
#include "mc-desk-profile.h"
#include "mc-dossier-ops-private.h"
#include "mc-lease.h"
#include "mc-store-private.h"
#include "mc-sync-store-reference-private.h"
#include "mc-sync-store.h"

#define CONFLICT_PREFIX "sync_conflict:"

void
mc_sync_op_free (McSyncOp *op)
{
  if (op == NULL)
    return;
  g_free (op->op_id);
  g_free (op->dossier_code);
  g_free (op->type);
  g_free (op->payload);
  g_free (op);
}

void
mc_sync_state_free (McSyncState *state)
{
  if (state == NULL)
    return;
  g_free (state->desk_id);
  g_free (state->server);
  g_free (state->login);
  g_free (state->ca_file);
  g_free (state->cursor);
  g_free (state->state);
  g_free (state->last_error);
  g_free (state);
}

void
mc_sync_conflict_free (McSyncConflict *conflict)
{
  if (conflict == NULL)
    return;
  g_free (conflict->dossier_code);
  g_free (conflict->kind);
  g_free (conflict->op_id);
  g_free (conflict->detail);
  g_free (conflict);
}

static gboolean
meta_delete (sqlite3     *db,
             const char  *key,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = mc_db_prepare (db, "DELETE FROM workspace_meta WHERE key = ?1", error);

  if (stmt == NULL)
    return FALSE;
  mc_db_bind_text (stmt, 1, key);

  return mc_db_step_done (db, stmt, error);
}

static gboolean
meta_set_or_delete (sqlite3     *db,
                    const char  *key,
                    const char  *value,
                    GError     **error)
{
  return value != NULL ? mc_db_meta_set (db, key, value, error) : meta_delete (db, key, error);
}

static gint64
meta_int (sqlite3    *db,
          const char *key)
{
  g_autofree char *text = mc_db_meta_get (db, key, NULL);

  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : 0;
}

static gboolean
count_rows (sqlite3     *db,
            const char  *sql,
            gint64      *count,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = mc_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return mc_db_set_error (db, rc, error);
  *count = sqlite3_column_int64 (stmt, 0);

  return TRUE;
}

/* The desk's id as the central API wants it, a UUID: the workspace id
 * (32 hex digits) written in the UUID's shape, so it never changes. */
static char *
desk_id (sqlite3  *db,
         GError  **error)
{
  g_autofree char *id = mc_db_meta_get (db, "workspace_id", error);

  if (id == NULL || strlen (id) != 32)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_CORRUPT,
                     _("The workspace has no id."));
      return NULL;
    }

  return g_strdup_printf ("%.8s-%.4s-%.4s-%.4s-%.12s", id, id + 8, id + 12, id + 16, id + 20);
}

static gboolean
load_state (sqlite3   *db,
            gpointer   user_data,
            gpointer  *result,
            GError   **error)
{
  g_autoptr(McSyncState) state = g_new0 (McSyncState, 1);
  gint64 kept = 0;

  (void) user_data;
  state->desk_id = desk_id (db, error);
  if (state->desk_id == NULL)
    return FALSE;
  state->server = mc_db_meta_get (db, "sync_server", NULL);
  state->login = mc_db_meta_get (db, "sync_login", NULL);
  state->ca_file = mc_db_meta_get (db, "sync_ca_file", NULL);
  state->cursor = mc_db_meta_get (db, "sync_cursor", NULL);
  state->state = mc_db_meta_get (db, "sync_state", NULL);
  state->last_error = mc_db_meta_get (db, "sync_last_error", NULL);
  state->last_success = meta_int (db, "sync_last_success");
  state->offline_since = meta_int (db, "sync_offline_since");
  if (!count_rows (db, "SELECT count(*) FROM outbox WHERE status = 'pending'", &state->pending_ops, error) ||
      !count_rows (db, "SELECT count(*) FROM outbox WHERE status IN ('conflict', 'rejected')",
                   &state->conflicts, error) ||
      !count_rows (db, "SELECT count(*) FROM workspace_meta WHERE key LIKE 'sync\\_conflict:%' ESCAPE '\\'",
                   &kept, error))
    return FALSE;
  state->conflicts += kept;

  /* The state shown is the last attempt's, corrected by what changed since:
   * local work after a successful sync is waiting. */
  if (state->server == NULL)
    {
      g_free (state->state);
      state->state = g_strdup ("signed-out");
    }
  else if (state->state == NULL || (g_str_equal (state->state, "synced") && state->pending_ops > 0))
    {
      g_free (state->state);
      state->state = g_strdup (state->pending_ops > 0 || state->last_success == 0 ? "waiting" : "synced");
    }

  *result = g_steal_pointer (&state);

  return TRUE;
}

/**
 * mc_desk_sync_load_state:
 * @self: a desk
 * @error: where to put a failure
 *
 * Returns: (transfer full): the sync's state, or %NULL on failure
 */
McSyncState *
mc_desk_sync_load_state (McDesk  *self,
                         GError **error)
{
  McSyncState *state = NULL;

  g_return_val_if_fail (MC_IS_DESK (self), NULL);

  if (!mc_store_read (mc_desk_get_store (self), load_state, NULL, (gpointer *) &state, error))
    return NULL;

  return state;
}

typedef struct
{
  const char *server;
  const char *login;
  const char *ca_file;
  const char *state;
  const char *error_text;
  gint64 now;
} MetaData;

static gboolean
set_server (sqlite3   *db,
            gpointer   user_data,
            gpointer  *result,
            GError   **error)
{
  MetaData *data = user_data;
  g_autofree char *old = mc_db_meta_get (db, "sync_server", NULL);

  (void) result;
  /* Another server means another change feed: start it again. */
  if (g_strcmp0 (old, data->server) != 0 && data->server != NULL &&
      !meta_delete (db, "sync_cursor", error))
    return FALSE;

  return meta_set_or_delete (db, "sync_server", data->server, error) &&
         meta_set_or_delete (db, "sync_login", data->login, error) &&
         meta_set_or_delete (db, "sync_ca_file", data->ca_file, error) &&
         meta_delete (db, "sync_state", error) &&
         meta_delete (db, "sync_last_error", error) &&
         meta_delete (db, "sync_offline_since", error);
}

/**
 * mc_desk_sync_set_server:
 * @self: a desk
 * @server: (nullable): the central server's base URL; %NULL signs out
 * @login: (nullable): the officer who signed in
 * @ca_file: (nullable): a PEM file of CAs trusted besides the system's
 * @error: where to put a failure
 *
 * Returns: %TRUE when recorded
 */
gboolean
mc_desk_sync_set_server (McDesk      *self,
                         const char  *server,
                         const char  *login,
                         const char  *ca_file,
                         GError     **error)
{
  MetaData data = { server, login, ca_file, NULL, NULL, 0 };

  g_return_val_if_fail (MC_IS_DESK (self), FALSE);

  return mc_store_write (mc_desk_get_store (self), set_server, &data, NULL, error);
}

static gboolean
record_attempt (sqlite3   *db,
                gpointer   user_data,
                gpointer  *result,
                GError   **error)
{
  MetaData *data = user_data;
  g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, data->now);
  gboolean offline = g_strcmp0 (data->state, "offline") == 0;

  (void) result;
  if (!mc_db_meta_set (db, "sync_state", data->state, error) ||
      !meta_set_or_delete (db, "sync_last_error", data->error_text, error))
    return FALSE;
  if (g_strcmp0 (data->state, "synced") == 0 && !mc_db_meta_set (db, "sync_last_success", now, error))
    return FALSE;
  if (offline && meta_int (db, "sync_offline_since") == 0)
    return mc_db_meta_set (db, "sync_offline_since", now, error);
  if (!offline)
    return meta_delete (db, "sync_offline_since", error);

  return TRUE;
}

/**
 * mc_desk_sync_record_attempt:
 * @self: a desk
 * @state: "synced", "waiting", "offline" or "error"
 * @error_text: (nullable): why the attempt failed
 * @error: where to put a failure
 *
 * Records how the last sync ended; a success also records its time, the
 * first offline attempt after a success records since when.
 *
 * Returns: %TRUE when recorded
 */
gboolean
mc_desk_sync_record_attempt (McDesk      *self,
                             const char  *state,
                             const char  *error_text,
                             GError     **error)
{
  MetaData data = { NULL, NULL, NULL, state, error_text, 0 };

  g_return_val_if_fail (MC_IS_DESK (self), FALSE);
  g_return_val_if_fail (state != NULL, FALSE);

  data.now = g_get_real_time () / G_USEC_PER_SEC;

  return mc_store_write (mc_desk_get_store (self), record_attempt, &data, NULL, error);
}

static gboolean
pending_ops (sqlite3   *db,
             gpointer   user_data,
             gpointer  *result,
             GError   **error)
{
  guint limit = GPOINTER_TO_UINT (user_data);
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_sync_op_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = mc_db_prepare (db,
                        "SELECT seq, op_id, dossier_code, base_version, type, payload, created_at"
                        " FROM outbox WHERE status = 'pending' ORDER BY seq LIMIT ?1",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, (int) limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      McSyncOp *op = g_new0 (McSyncOp, 1);

      op->seq = sqlite3_column_int64 (stmt, 0);
      op->op_id = mc_db_column_dup (stmt, 1);
      op->dossier_code = mc_db_column_dup (stmt, 2);
      op->base_version = sqlite3_column_int64 (stmt, 3);
      op->type = mc_db_column_dup (stmt, 4);
      op->payload = mc_db_column_dup (stmt, 5);
      op->at = sqlite3_column_int64 (stmt, 6);
      g_ptr_array_add (ops, op);
    }
  if (rc != SQLITE_DONE)
    return mc_db_set_error (db, rc, error);

  *result = g_steal_pointer (&ops);

  return TRUE;
}

/**
 * mc_desk_sync_pending_ops:
 * @self: a desk
 * @limit: at most this many
 * @error: where to put a failure
 *
 * Returns: (transfer full) (element-type McSyncOp): the oldest ops not yet
 *   sent, in the order they were made
 */
GPtrArray *
mc_desk_sync_pending_ops (McDesk  *self,
                          guint    limit,
                          GError **error)
{
  GPtrArray *ops = NULL;

  g_return_val_if_fail (MC_IS_DESK (self), NULL);

  if (!mc_store_read (mc_desk_get_store (self), pending_ops, GUINT_TO_POINTER (limit),
                      (gpointer *) &ops, error))
    return NULL;

  return ops;
}

static gboolean
mark_ops (sqlite3   *db,
          gpointer   user_data,
          gpointer  *result,
          GError   **error)
{
  JsonArray *results = user_data;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  (void) result;
  stmt = mc_db_prepare (db,
                        "UPDATE outbox SET status = ?2, attempts = attempts + 1, last_error = ?3"
                        " WHERE op_id = ?1 AND status = 'pending'",
                        error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *answer = json_array_get_object_element (results, i);
      const char *op_id, *status;
      g_autofree char *detail = NULL;

      if (answer == NULL)
        continue;
      op_id = json_object_get_string_member_with_default (answer, "op_id", NULL);
      status = json_object_get_string_member_with_default (answer, "status", NULL);
      if (op_id == NULL || status == NULL ||
          !(g_str_equal (status, "applied") || g_str_equal (status, "duplicate") ||
            g_str_equal (status, "conflict") || g_str_equal (status, "rejected")))
        continue;
      if (g_str_equal (status, "conflict") || g_str_equal (status, "rejected"))
        {
          g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

          json_node_set_object (node, answer);
          detail = json_to_string (node, FALSE);
        }

      sqlite3_reset (stmt);
      mc_db_bind_text (stmt, 1, op_id);
      mc_db_bind_text (stmt, 2, status);
      if (detail != NULL)
        mc_db_bind_text (stmt, 3, detail);
      else
        sqlite3_bind_null (stmt, 3);
      if (!mc_db_step_done (db, stmt, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * mc_desk_sync_mark_ops:
 * @self: a desk
 * @results: the `results` of a `POST /v1/ops` answer
 * @error: where to put a failure
 *
 * Records the server's answer to each op: applied and duplicate ops are
 * sent; conflict and rejected ones are kept with the answer, to be shown.
 *
 * Returns: %TRUE when recorded
 */
gboolean
mc_desk_sync_mark_ops (McDesk     *self,
                       JsonArray  *results,
                       GError    **error)
{
  g_return_val_if_fail (MC_IS_DESK (self), FALSE);
  g_return_val_if_fail (results != NULL, FALSE);

  return mc_store_write (mc_desk_get_store (self), mark_ops, results, NULL, error);
}

/* yyyyMMddHHmmss, Vietnam time (UTC+7), to Unix seconds; 0 when absent. */
static gint64
portal_time (JsonObject *fields,
             const char *name)
{
  const char *text = json_object_get_string_member_with_default (fields, name, NULL);
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) when = NULL;
  int v[6];

  if (text == NULL || strlen (text) != 14)
    return 0;
  for (guint i = 0; i < 14; i++)
    if (!g_ascii_isdigit (text[i]))
      return 0;
  v[0] = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
  for (guint i = 1; i < 6; i++)
    v[i] = (text[2 + 2 * i] - '0') * 10 + (text[3 + 2 * i] - '0');
  zone = g_time_zone_new_offset (7 * 3600);
  when = g_date_time_new (zone, v[0], v[1], v[2], v[3], v[4], v[5]);

  return when != NULL ? g_date_time_to_unix (when) : 0;
}

static const char *
field (JsonObject *fields,
       const char *name)
{
  const char *value = json_object_get_string_member_with_default (fields, name, NULL);

  return value != NULL ? value : "";
}

typedef struct
{
  McDesk *desk;
  JsonArray *changes;
  const char *cursor;
  McSyncApplyCounts counts;
  char *desk_id;
  const char *blob_dir;
  gboolean holidays;      /* a holiday table arrived: the calendar reloads them */
} ApplyData;

static gboolean
insert_files (sqlite3     *db,
              gint64       dossier_id,
              JsonObject  *fields,
              const char  *blob_dir,
              gint64       at,
              GError     **error)
{
  JsonArray *files = json_object_has_member (fields, "TaiLieuNop")
    ? json_object_get_array_member (fields, "TaiLieuNop") : NULL;
  g_autoptr(GPtrArray) stored = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_stored_file_free);

  for (guint i = 0; files != NULL && i < json_array_get_length (files); i++)
    {
      JsonObject *file = json_array_get_object_element (files, i);
      const char *path;
      McStoredFile *one;
      g_autofree char *local = NULL;
      GStatBuf st;

      if (file == NULL)
        continue;
      path = field (file, "DuongDanTaiTepTin");
      if (!g_str_has_prefix (path, "blob:") || !mc_blob_store_is_sha256 (path + 5))
        continue;
      local = mc_blob_store_path (blob_dir, path + 5);
      one = g_new0 (McStoredFile, 1);
      one->component_code = g_strdup (json_object_get_string_member_with_default (file, "MaThanhPhanHoSo", NULL));
      one->name = g_strdup (field (file, "TenTepDinhKem"));
      if (one->name[0] == '\0')
        {
          g_free (one->name);
          one->name = g_strdup (path + 5);
        }
      one->sha256 = g_strdup (path + 5);
      one->size = g_stat (local, &st) == 0 ? (gint64) st.st_size : 0;
      one->mime = g_strdup (g_str_has_suffix (one->name, ".pdf") ? "application/pdf" : "application/octet-stream");
      g_ptr_array_add (stored, one);
    }

  return mc_dossier_ops_insert_files (db, dossier_id, "component", stored, at, "central", error);
}

/* A dossier this desk has not seen: an online submission, or one received
 * at another desk of the office. */
static gboolean
import_dossier (sqlite3      *db,
                ApplyData    *data,
                const char   *code,
                gint64        version,
                JsonObject   *fields,
                GError      **error)
{
  McOpsContext ctx = { mc_desk_get_rules (data->desk), mc_desk_get_calendar (data->desk), NULL,
                       mc_desk_now (data->desk) };
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) name = NULL;
  g_autoptr(sqlite3_stmt) bump = NULL;
  int state = (int) json_object_get_int_member_with_default (fields, "TrangThaiHoSo", 1);
  int channel = (int) json_object_get_int_member_with_default (fields, "KenhThucHien", 1);
  gint64 received = portal_time (fields, "NgayTiepNhan");
  gint64 submitted = portal_time (fields, "NgayNopHoSo");
  gint64 due = portal_time (fields, "NgayHenTra");
  const char *procedure_name = field (fields, "TenTTHC");
  g_autofree char *known_name = NULL;
  g_autofree char *known_field = NULL;
  g_autofree char *office = NULL;
  g_autofree char *detail = NULL;
  gint64 id = 0;
  const char *dash;

  if (state < MC_STATE_SUBMITTED || state > 10)
    state = MC_STATE_SUBMITTED;

  /* Online submissions go through the workflow's own import, which lays out
   * the procedure's components; when the desk's catalogue does not have
   * the procedure, the dossier is still kept, with what the portal said. */
  if (state == MC_STATE_SUBMITTED)
    {
      g_autoptr(McReception) reception = mc_reception_new ();
      g_autoptr(GError) local_error = NULL;

      reception->procedure_code = g_strdup (field (fields, "MaTTHC"));
      reception->channel = CLAMP (channel, 1, 3);
      reception->applicant_name = g_strdup (field (fields, "ChuHoSo"));
      reception->applicant_id = g_strdup (field (fields, "SoDinhDanh"));
      reception->applicant_phone = g_strdup (field (fields, "SoDienThoai"));
      reception->applicant_email = g_strdup (field (fields, "Email"));
      reception->applicant_address = g_strdup (field (fields, "DiaChi"));
      if (!mc_db_exec (db, "SAVEPOINT import_online", error))
        return FALSE;
      id = mc_dossier_ops_import_submitted (db, &ctx, reception, code,
                                            submitted > 0 ? submitted : ctx.now, &local_error);
      if (id == 0)
        {
          g_debug ("Online dossier %s kept as the portal gave it: %s", code, local_error->message);
          if (!mc_db_exec (db, "ROLLBACK TO import_online", error))
            return FALSE;
        }
      if (!mc_db_exec (db, "RELEASE import_online", error))
        return FALSE;
    }

  if (id == 0)
    {
      name = mc_db_prepare (db, "SELECT name, field FROM procedure WHERE code = ?1", error);
      if (name == NULL)
        return FALSE;
      mc_db_bind_text (name, 1, field (fields, "MaTTHC"));
      if (sqlite3_step (name) == SQLITE_ROW)
        {
          known_name = mc_db_column_dup (name, 0);
          known_field = mc_db_column_dup (name, 1);
        }
      dash = strchr (code, '-');
      office = dash != NULL ? g_strndup (code, (gsize) (dash - code)) : g_strdup ("");

      insert = mc_db_prepare (db,
                              "INSERT INTO dossier (code, office_code, procedure_code, procedure_name,"
                              " procedure_field, channel, applicant_name, applicant_id, applicant_phone,"
                              " applicant_email, applicant_address, received_at, due_at, state, version,"
                              " created_at, updated_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 1, ?15, ?15)",
                              error);
      if (insert == NULL)
        return FALSE;
      mc_db_bind_text (insert, 1, code);
      mc_db_bind_text (insert, 2, office);
      mc_db_bind_text (insert, 3, field (fields, "MaTTHC"));
      mc_db_bind_text (insert, 4, known_name != NULL ? known_name : procedure_name);
      mc_db_bind_text (insert, 5, known_field != NULL ? known_field : "");
      sqlite3_bind_int (insert, 6, CLAMP (channel, 1, 3));
      mc_db_bind_text (insert, 7, field (fields, "ChuHoSo"));
      mc_db_bind_text (insert, 8, field (fields, "SoDinhDanh"));
      mc_db_bind_text (insert, 9, field (fields, "SoDienThoai"));
      mc_db_bind_text (insert, 10, field (fields, "Email"));
      mc_db_bind_text (insert, 11, field (fields, "DiaChi"));
      if (received > 0 && state != MC_STATE_SUBMITTED)
        sqlite3_bind_int64 (insert, 12, received);
      else
        sqlite3_bind_null (insert, 12);
      if (due > 0)
        sqlite3_bind_int64 (insert, 13, due);
      else
        sqlite3_bind_null (insert, 13);
      sqlite3_bind_int (insert, 14, state);
      sqlite3_bind_int64 (insert, 15, ctx.now);
      if (!mc_db_step_done (db, insert, error))
        return FALSE;
      id = sqlite3_last_insert_rowid (db);
      detail = g_strdup_printf ("{\"channel\": %d, \"version\": %" G_GINT64_FORMAT "}", channel, version);
      if (!mc_audit_append (db, ctx.now, "central", "import", code, detail, error))
        return FALSE;
    }

  bump = mc_db_prepare (db, "UPDATE dossier SET version = ?2 WHERE id = ?1", error);
  if (bump == NULL)
    return FALSE;
  sqlite3_bind_int64 (bump, 1, id);
  sqlite3_bind_int64 (bump, 2, MAX (version, 1));
  if (!mc_db_step_done (db, bump, error))
    return FALSE;

  data->counts.imported++;

  return insert_files (db, id, fields, data->blob_dir, ctx.now, error);
}

static gboolean
apply_dossier (sqlite3     *db,
               ApplyData   *data,
               JsonObject  *change,
               GError     **error)
{
  const char *code = json_object_get_string_member_with_default (change, "dossier_code", NULL);
  const char *from_desk = json_object_get_string_member_with_default (change, "desk_id", NULL);
  gint64 version = json_object_get_int_member_with_default (change, "version", 0);
  JsonObject *fields = json_object_has_member (change, "dossier")
    ? json_object_get_object_member (change, "dossier") : NULL;
  g_autoptr(sqlite3_stmt) find = NULL;
  g_autoptr(sqlite3_stmt) unsent = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  gint64 id, local_version;
  int rc;

  if (code == NULL || fields == NULL)
    {
      data->counts.ignored++;
      return TRUE;
    }
  if (from_desk != NULL && g_ascii_strcasecmp (from_desk, data->desk_id) == 0)
    {
      data->counts.own++;
      return TRUE;
    }

  find = mc_db_prepare (db, "SELECT id, version FROM dossier WHERE code = ?1", error);
  if (find == NULL)
    return FALSE;
  mc_db_bind_text (find, 1, code);
  rc = sqlite3_step (find);
  if (rc == SQLITE_DONE)
    return import_dossier (db, data, code, version, fields, error);
  if (rc != SQLITE_ROW)
    return mc_db_set_error (db, rc, error);
  id = sqlite3_column_int64 (find, 0);
  local_version = sqlite3_column_int64 (find, 1);
  if (version <= local_version)
    {
      data->counts.own++;
      return TRUE;
    }

  unsent = mc_db_prepare (db,
                          "SELECT count(*) FROM outbox WHERE dossier_code = ?1"
                          " AND status IN ('pending', 'conflict', 'rejected')",
                          error);
  if (unsent == NULL)
    return FALSE;
  mc_db_bind_text (unsent, 1, code);
  if (sqlite3_step (unsent) != SQLITE_ROW)
    return mc_db_set_error (db, sqlite3_errcode (db), error);
  if (sqlite3_column_int64 (unsent, 0) > 0)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      g_autofree char *key = g_strconcat (CONFLICT_PREFIX, code, NULL);
      g_autofree char *text = NULL;

      json_node_set_object (node, change);
      text = json_to_string (node, FALSE);
      data->counts.conflicts++;
      return mc_db_meta_set (db, key, text, error);
    }

  update = mc_db_prepare (db,
                          "UPDATE dossier SET state = ?2, version = ?3, updated_at = ?4,"
                          " due_at = coalesce (?5, due_at), received_at = coalesce (?6, received_at)"
                          " WHERE id = ?1",
                          error);
  if (update == NULL)
    return FALSE;
  sqlite3_bind_int64 (update, 1, id);
  sqlite3_bind_int (update, 2, CLAMP ((int) json_object_get_int_member_with_default (fields, "TrangThaiHoSo", 1), 1, 10));
  sqlite3_bind_int64 (update, 3, version);
  sqlite3_bind_int64 (update, 4, mc_desk_now (data->desk));
  if (portal_time (fields, "NgayHenTra") > 0)
    sqlite3_bind_int64 (update, 5, portal_time (fields, "NgayHenTra"));
  else
    sqlite3_bind_null (update, 5);
  if (portal_time (fields, "NgayTiepNhan") > 0)
    sqlite3_bind_int64 (update, 6, portal_time (fields, "NgayTiepNhan"));
  else
    sqlite3_bind_null (update, 6);
  if (!mc_db_step_done (db, update, error))
    return FALSE;
  data->counts.applied++;

  return TRUE;
}

static gboolean
apply_officer (sqlite3     *db,
               ApplyData   *data,
               JsonObject  *change,
               GError     **error)
{
  const char *login = json_object_get_string_member_with_default (change, "login", NULL);
  const char *role_text = json_object_get_string_member_with_default (change, "role", "");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  McRole role;

  if (g_str_equal (role_text, "receptionist"))
    role_text = "reception";
  if (login == NULL || !mc_role_from_string (role_text, &role))
    {
      data->counts.ignored++;
      return TRUE;
    }
  stmt = mc_db_prepare (db,
                        "INSERT INTO officer (login, name, role, active) VALUES (?1, ?2, ?3, ?4)"
                        " ON CONFLICT (login) DO UPDATE SET name = excluded.name, role = excluded.role,"
                        " active = excluded.active",
                        error);
  if (stmt == NULL)
    return FALSE;
  mc_db_bind_text (stmt, 1, login);
  mc_db_bind_text (stmt, 2, json_object_get_string_member_with_default (change, "name", login));
  mc_db_bind_text (stmt, 3, mc_role_to_string (role));
  sqlite3_bind_int (stmt, 4, json_object_get_boolean_member_with_default (change, "active", TRUE) ? 1 : 0);
  if (!mc_db_step_done (db, stmt, error))
    return FALSE;
  data->counts.reference++;

  return TRUE;
}

/* Checks a published holiday table or slip template with the validator of
 * the data folder's files; procedures: mc_procedure_new_from_sync_ref(). */
static gboolean
check_reference (McDesk     *desk,
                 McSyncRef  *ref,
                 GError    **error)
{
  g_autofree char *origin = NULL;
  g_autofree char *text = NULL;
  JsonNode *member;

  if (g_str_equal (ref->kind, "procedure"))
    {
      g_autoptr(McProcedure) procedure = mc_procedure_new_from_sync_ref (ref, error);

      return procedure != NULL;
    }

  origin = mc_sync_ref_describe (ref);
  if (g_str_equal (ref->kind, "holidays"))
    {
      gint64 year = json_object_get_int_member_with_default (ref->change, "year", 0);

      member = json_object_get_member (ref->change, "table");
      if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) ||
          json_node_get_value_type (member) != G_TYPE_STRING)
        {
          g_set_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_MALFORMED,
                       _("%s: its table must be the text of a yearly holiday table. Ask the central system to publish it again."),
                       origin);
          return FALSE;
        }
      return mc_calendar_check_year_table (mc_desk_get_calendar (desk), (int) CLAMP (year, 0, G_MAXINT),
                                           json_node_get_string (member), origin, error);
    }

  member = json_object_get_member (ref->change, "template");
  if (member == NULL || !JSON_NODE_HOLDS_OBJECT (member))
    {
      g_set_error (error, MC_SLIP_ERROR, MC_SLIP_ERROR_TEMPLATE_INVALID,
                   _("%s: it has no template. Ask the central system to publish it again."), origin);
      return FALSE;
    }
  text = json_to_string (member, FALSE);
  {
    g_autoptr(McSlipTemplate) tmpl = mc_slip_template_new_from_data (ref->key, text, -1, origin, error);

    return tmpl != NULL;
  }
}

/* A procedure, holiday table or slip template. Every version is kept
 * (mc-sync-store-reference.c); one that fails the checks the data folder's
 * files pass is kept as refused, with the reason, and said in the log: the
 * desk goes on with the version it had. */
static gboolean
apply_reference (sqlite3     *db,
                 ApplyData   *data,
                 const char  *kind,
                 JsonObject  *change,
                 GError     **error)
{
  const char *key_member = g_str_equal (kind, "procedure") ? "code"
                           : g_str_equal (kind, "holidays") ? "year" : "name";
  JsonNode *key = json_object_get_member (change, key_member);
  JsonNode *version = json_object_get_member (change, "version");
  JsonNode *effective = json_object_get_member (change, "effective_from");
  g_autoptr(McSyncRef) ref = g_new0 (McSyncRef, 1);
  g_autoptr(GError) invalid = NULL;

  if (key == NULL || !JSON_NODE_HOLDS_VALUE (key) || version == NULL || !JSON_NODE_HOLDS_VALUE (version) ||
      json_node_get_value_type (version) != G_TYPE_INT64 ||
      json_node_get_value_type (key) != (g_str_equal (kind, "holidays") ? G_TYPE_INT64 : G_TYPE_STRING))
    {
      g_message ("A %s change of the central system without its %s or an integer version was ignored",
                 kind, key_member);
      data->counts.ignored++;
      return TRUE;
    }

  ref->kind = g_strdup (kind);
  ref->key = json_node_get_value_type (key) == G_TYPE_STRING
             ? g_strdup (json_node_get_string (key))
             : g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (key));
  ref->version = json_node_get_int (version);
  ref->arrived_at = mc_desk_now (data->desk);
  ref->change = json_object_ref (change);

  if (effective != NULL && !JSON_NODE_HOLDS_NULL (effective))
    {
      ref->effective = JSON_NODE_HOLDS_VALUE (effective) && json_node_get_value_type (effective) == G_TYPE_STRING
                       ? mc_sync_ref_parse_date (json_node_get_string (effective)) : -1;
      if (ref->effective < 0)
        {
          g_autofree char *origin = mc_sync_ref_describe (ref);

          g_set_error (&invalid, MC_STORE_ERROR, MC_STORE_ERROR_INVALID,
                       _("%s: its effective date must be written like 2026-12-15. Ask the central system to publish it again."),
                       origin);
        }
    }
  if (invalid == NULL)
    check_reference (data->desk, ref, &invalid);

  if (invalid != NULL)
    {
      g_message ("Refused %s %s version %" G_GINT64_FORMAT " from the central system: %s;"
                 " the desk keeps the version it had", kind, ref->key, ref->version, invalid->message);
      ref->refused = g_strdup (invalid->message);
      data->counts.refused++;
    }
  else
    {
      data->counts.reference++;
      data->holidays |= g_str_equal (kind, "holidays");
    }

  return mc_sync_ref_keep (db, ref, error);
}

static gboolean
apply_changes (sqlite3   *db,
               gpointer   user_data,
               gpointer  *result,
               GError   **error)
{
  ApplyData *data = user_data;

  (void) result;
  data->desk_id = desk_id (db, error);
  if (data->desk_id == NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (data->changes); i++)
    {
      JsonObject *change = json_array_get_object_element (data->changes, i);
      const char *kind;
      gboolean ok;

      if (change == NULL)
        continue;
      kind = json_object_get_string_member_with_default (change, "kind", "");
      if (g_str_equal (kind, "dossier"))
        ok = apply_dossier (db, data, change, error);
      else if (g_str_equal (kind, "officer"))
        ok = apply_officer (db, data, change, error);
      else if (g_str_equal (kind, "procedure") || g_str_equal (kind, "holidays") ||
               g_str_equal (kind, "slip_template"))
        ok = apply_reference (db, data, kind, change, error);
      else
        {
          data->counts.ignored++;
          ok = TRUE;
        }
      if (!ok)
        {
          g_prefix_error (error, _("Applying change %u of the central system: "), i + 1);
          return FALSE;
        }
    }

  return data->cursor == NULL || mc_db_meta_set (db, "sync_cursor", data->cursor, error);
}

/**
 * mc_desk_sync_apply_changes:
 * @self: a desk
 * @changes: the `changes` of a `GET /v1/changes` answer
 * @next_cursor: (nullable): its `next_cursor`, stored in the same transaction
 * @counts: (out) (optional): what was done
 * @error: where to put a failure
 *
 * Applies a page of the change feed in one transaction. The blobs the new
 * dossiers name must be in the blob store already.
 *
 * Returns: %TRUE when applied
 */
gboolean
mc_desk_sync_apply_changes (McDesk             *self,
                            JsonArray          *changes,
                            const char         *next_cursor,
                            McSyncApplyCounts  *counts,
                            GError            **error)
{
  ApplyData data = { 0 };
  gboolean ok;

  g_return_val_if_fail (MC_IS_DESK (self), FALSE);
  g_return_val_if_fail (changes != NULL, FALSE);

  data.desk = self;
  data.changes = changes;
  data.cursor = next_cursor;
  data.blob_dir = mc_store_get_blob_dir (mc_desk_get_store (self));
  ok = mc_store_write (mc_desk_get_store (self), apply_changes, &data, NULL, error);
  g_free (data.desk_id);
  if (ok && counts != NULL)
    *counts = data.counts;
  /* The page is kept either way: a calendar that could not be refreshed
   * now is refreshed when the desk opens next. */
  if (ok && data.holidays)
    {
      g_autoptr(GError) local_error = NULL;

      if (!mc_desk_sync_load_reference (self, &local_error))
        g_message ("The holiday tables from the central system are used from the next start: %s",
                   local_error->message);
    }

  return ok;
}

static gboolean
list_conflicts (sqlite3   *db,
                gpointer   user_data,
                gpointer  *result,
                GError   **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_sync_conflict_free);
  g_autoptr(sqlite3_stmt) ops = NULL;
  g_autoptr(sqlite3_stmt) kept = NULL;
  int rc;

  (void) user_data;
  ops = mc_db_prepare (db,
                       "SELECT dossier_code, status, op_id, coalesce (last_error, '{}') FROM outbox"
                       " WHERE status IN ('conflict', 'rejected') ORDER BY seq",
                       error);
  if (ops == NULL)
    return FALSE;
  while ((rc = sqlite3_step (ops)) == SQLITE_ROW)
    {
      McSyncConflict *c = g_new0 (McSyncConflict, 1);

      c->dossier_code = mc_db_column_dup (ops, 0);
      c->kind = mc_db_column_dup (ops, 1);
      c->op_id = mc_db_column_dup (ops, 2);
      c->detail = mc_db_column_dup (ops, 3);
      g_ptr_array_add (list, c);
    }
  if (rc != SQLITE_DONE)
    return mc_db_set_error (db, rc, error);

  kept = mc_db_prepare (db,
                        "SELECT substr (key, 15), value FROM workspace_meta"
                        " WHERE key LIKE 'sync\\_conflict:%' ESCAPE '\\' ORDER BY key",
                        error);
  if (kept == NULL)
    return FALSE;
  while ((rc = sqlite3_step (kept)) == SQLITE_ROW)
    {
      McSyncConflict *c = g_new0 (McSyncConflict, 1);

      c->dossier_code = mc_db_column_dup (kept, 0);
      c->kind = g_strdup ("server-change");
      c->detail = mc_db_column_dup (kept, 1);
      g_ptr_array_add (list, c);
    }
  if (rc != SQLITE_DONE)
    return mc_db_set_error (db, rc, error);

  *result = g_steal_pointer (&list);

  return TRUE;
}

/**
 * mc_desk_sync_list_conflicts:
 * @self: a desk
 * @error: where to put a failure
 *
 * Returns: (transfer full) (element-type McSyncConflict): ops the server
 *   answered conflict or rejected, then server changes kept aside
 */
GPtrArray *
mc_desk_sync_list_conflicts (McDesk  *self,
                             GError **error)
{
  GPtrArray *list = NULL;

  g_return_val_if_fail (MC_IS_DESK (self), NULL);

  if (!mc_store_read (mc_desk_get_store (self), list_conflicts, NULL, (gpointer *) &list, error))
    return NULL;

  return list;
}

typedef struct
{
  const char *day;
  guint remaining;
  const char *office_in;
  guint first, last;
  gint64 now;
} LeaseData;

static gboolean
lease_remaining (sqlite3   *db,
                 gpointer   user_data,
                 gpointer  *result,
                 GError   **error)
{
  LeaseData *data = user_data;

  (void) result;

  return mc_lease_remaining (db, data->office_in, data->day, &data->remaining, error);
}

/**
 * mc_desk_sync_lease_remaining:
 * @self: a desk
 * @day: a reception day, yymmdd
 * @office_code: (out) (transfer full) (nullable): the desk's office; %NULL
 *   when the workspace has none yet
 * @remaining: (out): numbers of @day the desk still holds
 * @error: where to put a failure
 *
 * Returns: %TRUE when read
 */
gboolean
mc_desk_sync_lease_remaining (McDesk       *self,
                              const char   *day,
                              char        **office_code,
                              guint        *remaining,
                              GError      **error)
{
  LeaseData data = { 0 };
  g_autoptr(McOffice) office = NULL;

  g_return_val_if_fail (MC_IS_DESK (self), FALSE);

  *office_code = NULL;
  *remaining = 0;
  office = mc_desk_get_office (self, NULL);
  if (office == NULL || office->code == NULL)
    return TRUE;
  data.day = day;
  data.office_in = office->code;
  if (!mc_store_read (mc_desk_get_store (self), lease_remaining, &data, NULL, error))
    return FALSE;
  *remaining = data.remaining;
  *office_code = g_strdup (office->code);

  return TRUE;
}

static gboolean
add_lease (sqlite3   *db,
           gpointer   user_data,
           gpointer  *result,
           GError   **error)
{
  LeaseData *data = user_data;

  (void) result;

  return mc_lease_add (db, data->office_in, data->day, data->first, data->last, "server", data->now, error);
}

/**
 * mc_desk_sync_add_lease:
 * @self: a desk
 * @office_code: the office
 * @day: the reception day, yymmdd
 * @first: the block's first number
 * @last: its last number
 * @error: where to put a failure
 *
 * Records a block of dossier numbers leased from the central system.
 *
 * Returns: %TRUE when recorded
 */
gboolean
mc_desk_sync_add_lease (McDesk      *self,
                        const char  *office_code,
                        const char  *day,
                        guint        first,
                        guint        last,
                        GError     **error)
{
  LeaseData data = { 0 };

  g_return_val_if_fail (MC_IS_DESK (self), FALSE);

  data.office_in = office_code;
  data.day = day;
  data.first = first;
  data.last = last;
  data.now = mc_desk_now (self);

  return mc_store_write (mc_desk_get_store (self), add_lease, &data, NULL, error);
}

void
mc_sync_dossier_conflict_free (McSyncDossierConflict *conflict)
{
  if (conflict == NULL)
    return;
  g_free (conflict->dossier_code);
  g_free (conflict->local_ops);
  g_free (conflict->server_fields);
  g_free (conflict);
}

/* The server's side of a dossier's conflict: a change kept aside, or else
 * the first op the server answered conflict. */
static gboolean
server_side (sqlite3      *db,
             const char   *code,
             gint64       *version,
             int          *state,
             char        **fields,
             gboolean     *found,
             GError      **error)
{
  g_autofree char *key = g_strconcat (CONFLICT_PREFIX, code, NULL);
  g_autofree char *kept = mc_db_meta_get (db, key, error);
  g_autofree char *answer = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *o, *dossier;

  *found = FALSE;
  if (kept == NULL)
    {
      g_autoptr(sqlite3_stmt) stmt = mc_db_prepare (db,
                                                    "SELECT last_error FROM outbox WHERE dossier_code = ?1"
                                                    " AND status = 'conflict' ORDER BY seq LIMIT 1",
                                                    error);

      if (stmt == NULL)
        return FALSE;
      mc_db_bind_text (stmt, 1, code);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        answer = mc_db_column_dup (stmt, 0);
    }
  if (kept == NULL && answer == NULL)
    return TRUE;

  node = json_from_string (kept != NULL ? kept : answer, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return TRUE;
  o = json_node_get_object (node);
  dossier = json_object_has_member (o, "dossier") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (o, "dossier"))
    ? json_object_get_object_member (o, "dossier") : NULL;
  if (kept != NULL)
    *version = json_object_get_int_member_with_default (o, "version", 0);
  else
    *version = json_object_get_int_member_with_default (o, "server_version", 0);
  *state = dossier != NULL ? (int) json_object_get_int_member_with_default (dossier, "TrangThaiHoSo", 0)
                           : (int) json_object_get_int_member_with_default (o, "server_state", 0);
  if (*state == 0)
    *state = (int) json_object_get_int_member_with_default (o, "server_state", 0);
  if (dossier != NULL)
    {
      g_autoptr(JsonNode) d = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (d, dossier);
      *fields = json_to_string (d, FALSE);
    }
  else
    *fields = g_strdup ("{}");
  *found = *version > 0;

  return TRUE;
}

static gboolean
dossier_conflict (sqlite3   *db,
                  gpointer   user_data,
                  gpointer  *result,
                  GError   **error)
{
  const char *code = user_data;
  g_autoptr(McSyncDossierConflict) c = g_new0 (McSyncDossierConflict, 1);
  g_autoptr(sqlite3_stmt) local = NULL;
  g_autoptr(sqlite3_stmt) ops = NULL;
  gboolean found;

  if (!server_side (db, code, &c->server_version, &c->server_state, &c->server_fields, &found, error))
    return FALSE;
  if (!found)
    {
      *result = NULL;
      return TRUE;
    }
  local = mc_db_prepare (db, "SELECT state, version FROM dossier WHERE code = ?1", error);
  if (local == NULL)
    return FALSE;
  mc_db_bind_text (local, 1, code);
  if (sqlite3_step (local) != SQLITE_ROW)
    {
      *result = NULL;
      return TRUE;
    }
  c->local_state = sqlite3_column_int (local, 0);
  c->local_version = sqlite3_column_int64 (local, 1);
  ops = mc_db_prepare (db,
                       "SELECT group_concat (type, ', ') FROM (SELECT type FROM outbox WHERE dossier_code = ?1"
                       " AND status IN ('pending', 'conflict') ORDER BY seq)",
                       error);
  if (ops == NULL)
    return FALSE;
  mc_db_bind_text (ops, 1, code);
  if (sqlite3_step (ops) == SQLITE_ROW)
    c->local_ops = mc_db_column_dup (ops, 0);
  if (c->local_ops == NULL)
    c->local_ops = g_strdup ("");
  c->dossier_code = g_strdup (code);
  *result = g_steal_pointer (&c);

  return TRUE;
}

/**
 * mc_desk_sync_dossier_conflict:
 * @self: a desk
 * @code: a dossier code
 * @error: where to put a failure
 *
 * Returns: (transfer full) (nullable): the dossier's conflict with the
 *   central system, both versions; %NULL when it has none (or on failure,
 *   with @error set)
 */
McSyncDossierConflict *
mc_desk_sync_dossier_conflict (McDesk      *self,
                               const char  *code,
                               GError     **error)
{
  McSyncDossierConflict *conflict = NULL;

  g_return_val_if_fail (MC_IS_DESK (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  if (!mc_store_read (mc_desk_get_store (self), dossier_conflict, (gpointer) code, (gpointer *) &conflict, error))
    return NULL;

  return conflict;
}

typedef struct
{
  McDesk *desk;
  const char *code;
  McSyncChoice choice;
} ResolveData;

static gboolean
resolve (sqlite3   *db,
         gpointer   user_data,
         gpointer  *result,
         GError   **error)
{
  ResolveData *data = user_data;
  g_autofree char *fields_text = NULL;
  g_autofree char *key = g_strconcat (CONFLICT_PREFIX, data->code, NULL);
  g_autoptr(sqlite3_stmt) list = NULL;
  g_autoptr(GArray) seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(JsonBuilder) detail = json_builder_new ();
  g_autoptr(JsonNode) detail_node = NULL;
  g_autofree char *detail_text = NULL;
  const char *actor = mc_desk_get_officer_login (data->desk);
  gint64 version = 0;
  int state = 0, rc;
  gboolean found;

  (void) result;
  if (!server_side (db, data->code, &version, &state, &fields_text, &found, error))
    return FALSE;
  if (!found)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND,
                   _("Dossier %s has no conflict with the central system."), data->code);
      return FALSE;
    }

  json_builder_begin_object (detail);
  json_builder_set_member_name (detail, "choice");
  json_builder_add_string_value (detail, data->choice == MC_SYNC_KEEP_DESK ? "desk" : "server");
  json_builder_set_member_name (detail, "server_version");
  json_builder_add_int_value (detail, version);
  json_builder_set_member_name (detail, "ops");
  json_builder_begin_array (detail);
  list = mc_db_prepare (db,
                        "SELECT seq, op_id FROM outbox WHERE dossier_code = ?1"
                        " AND status IN ('pending', 'conflict') ORDER BY seq",
                        error);
  if (list == NULL)
    return FALSE;
  mc_db_bind_text (list, 1, data->code);
  while ((rc = sqlite3_step (list)) == SQLITE_ROW)
    {
      gint64 seq = sqlite3_column_int64 (list, 0);

      g_array_append_val (seqs, seq);
      json_builder_add_string_value (detail, (const char *) sqlite3_column_text (list, 1));
    }
  if (rc != SQLITE_DONE)
    return mc_db_set_error (db, rc, error);
  json_builder_end_array (detail);
  json_builder_end_object (detail);

  if (data->choice == MC_SYNC_KEEP_DESK)
    {
      g_autoptr(sqlite3_stmt) rebase = mc_db_prepare (db,
                                                      "UPDATE outbox SET base_version = ?2, status = 'pending',"
                                                      " last_error = NULL WHERE seq = ?1",
                                                      error);
      g_autoptr(sqlite3_stmt) bump = NULL;

      if (rebase == NULL)
        return FALSE;
      for (guint i = 0; i < seqs->len; i++)
        {
          sqlite3_reset (rebase);
          sqlite3_bind_int64 (rebase, 1, g_array_index (seqs, gint64, i));
          sqlite3_bind_int64 (rebase, 2, version + i);
          if (!mc_db_step_done (db, rebase, error))
            return FALSE;
        }
      bump = mc_db_prepare (db, "UPDATE dossier SET version = ?2 WHERE code = ?1", error);
      if (bump == NULL)
        return FALSE;
      mc_db_bind_text (bump, 1, data->code);
      sqlite3_bind_int64 (bump, 2, MAX (version + (gint64) seqs->len, 1));
      if (!mc_db_step_done (db, bump, error))
        return FALSE;
    }
  else
    {
      g_autoptr(sqlite3_stmt) drop = mc_db_prepare (db, "DELETE FROM outbox WHERE seq = ?1", error);
      g_autoptr(sqlite3_stmt) take = NULL;
      g_autoptr(JsonNode) fields = json_from_string (fields_text, NULL);
      JsonObject *f = fields != NULL && JSON_NODE_HOLDS_OBJECT (fields) ? json_node_get_object (fields) : NULL;

      if (drop == NULL)
        return FALSE;
      for (guint i = 0; i < seqs->len; i++)
        {
          sqlite3_reset (drop);
          sqlite3_bind_int64 (drop, 1, g_array_index (seqs, gint64, i));
          if (!mc_db_step_done (db, drop, error))
            return FALSE;
        }
      take = mc_db_prepare (db,
                            "UPDATE dossier SET state = ?2, version = ?3, updated_at = ?4,"
                            " due_at = coalesce (?5, due_at), received_at = coalesce (?6, received_at)"
                            " WHERE code = ?1",
                            error);
      if (take == NULL)
        return FALSE;
      mc_db_bind_text (take, 1, data->code);
      sqlite3_bind_int (take, 2, CLAMP (state, 1, 10));
      sqlite3_bind_int64 (take, 3, MAX (version, 1));
      sqlite3_bind_int64 (take, 4, mc_desk_now (data->desk));
      if (f != NULL && portal_time (f, "NgayHenTra") > 0)
        sqlite3_bind_int64 (take, 5, portal_time (f, "NgayHenTra"));
      else
        sqlite3_bind_null (take, 5);
      if (f != NULL && portal_time (f, "NgayTiepNhan") > 0)
        sqlite3_bind_int64 (take, 6, portal_time (f, "NgayTiepNhan"));
      else
        sqlite3_bind_null (take, 6);
      if (!mc_db_step_done (db, take, error))
        return FALSE;
    }

  detail_node = json_builder_get_root (detail);
  detail_text = json_to_string (detail_node, FALSE);

  return meta_delete (db, key, error) &&
         mc_audit_append (db, mc_desk_now (data->desk), actor != NULL ? actor : "desk", "sync_resolve",
                          data->code, detail_text, error);
}

/**
 * mc_desk_sync_resolve:
 * @self: a desk
 * @code: a dossier in conflict with the central system
 * @choice: what the official chose
 * @error: where to put a failure
 *
 * Ends a dossier's conflict as an official chose, in one transaction with
 * an audit entry naming the choice and the ops concerned: this desk's
 * unsent ops are sent again on the server's version, or dropped and the
 * server's version taken.
 *
 * Returns: %TRUE when resolved
 */
gboolean
mc_desk_sync_resolve (McDesk        *self,
                      const char    *code,
                      McSyncChoice   choice,
                      GError       **error)
{
  ResolveData data = { self, code, choice };

  g_return_val_if_fail (MC_IS_DESK (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  return mc_store_write (mc_desk_get_store (self), resolve, &data, NULL, error);
}
