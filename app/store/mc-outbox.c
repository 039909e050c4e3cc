/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Appending to the outbox happens inside the transaction of the change
 * itself, so a change and the operation that reports it are committed
 * together or not at all. The op id is made here, once; the sync pump sends
 * it unchanged on every retry. */
#define G_LOG_DOMAIN "motcua-store"

#include "config.h"

#include "mc-outbox.h"
#include "mc-store-private.h"

/**
 * mc_outbox_append:
 * @db: a writer connection inside the transaction of the change
 * @dossier_id: the dossier's row id
 * @dossier_code: the dossier's code
 * @base_version: the dossier version the change was made on
 * @type: the operation (receive, forward, …)
 * @payload: the operation's JSON payload
 * @at: Unix seconds
 * @error: where to put a failure
 *
 * Returns: (transfer full): the new op id (a UUID), or %NULL on failure
 */
char *
mc_outbox_append (sqlite3     *db,
                  gint64       dossier_id,
                  const char  *dossier_code,
                  gint64       base_version,
                  const char  *type,
                  JsonNode    *payload,
                  gint64       at,
                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *op_id = g_uuid_string_random ();
  g_autofree char *text = json_to_string (payload, FALSE);

  stmt = mc_db_prepare (db,
                        "INSERT INTO outbox (op_id, dossier_id, dossier_code, base_version, type,"
                        " payload, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                        error);
  if (stmt == NULL)
    return NULL;

  mc_db_bind_text (stmt, 1, op_id);
  sqlite3_bind_int64 (stmt, 2, dossier_id);
  mc_db_bind_text (stmt, 3, dossier_code);
  sqlite3_bind_int64 (stmt, 4, base_version);
  mc_db_bind_text (stmt, 5, type);
  mc_db_bind_text (stmt, 6, text);
  sqlite3_bind_int64 (stmt, 7, at);
  if (!mc_db_step_done (db, stmt, error))
    return NULL;

  return g_steal_pointer (&op_id);
}

gboolean
mc_outbox_count_pending (sqlite3  *db,
                         gint64   *count,
                         GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = mc_db_prepare (db, "SELECT count(*) FROM outbox WHERE status = 'pending'", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return mc_db_set_error (db, rc, error);
  *count = sqlite3_column_int64 (stmt, 0);

  return TRUE;
}
