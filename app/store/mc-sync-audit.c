/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store's side of the audit check. The head is the one kept in
 * workspace_meta with every append ("SEQ:HASH"), read in its own
 * transaction: it only grows, so a head read after a batch of ops covers
 * the audit entries of all of them. */
#define G_LOG_DOMAIN "motcua-store"

#include "config.h"

#include "mc-store-private.h"
#include "mc-sync-audit.h"

void
mc_sync_sent_op_free (McSyncSentOp *op)
{
  if (op == NULL)
    return;
  g_free (op->op_id);
  g_free (op->dossier_code);
  g_free (op->type);
  g_free (op->payload);
  g_free (op->status);
  g_free (op);
}

static gboolean
read_head (sqlite3   *db,
           gpointer   user_data,
           gpointer  *result,
           GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  char *head = mc_db_meta_get (db, "audit_head", &local_error);

  (void) user_data;
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  *result = head;

  return TRUE;
}

/**
 * mc_desk_sync_audit_head:
 * @self: a desk
 * @seq: (out): the newest entry's number, 0 for an empty log
 * @hash: (out) (transfer full) (nullable): its hash, %NULL for an empty log
 * @error: where to put a failure
 *
 * Returns: %TRUE when read
 */
gboolean
mc_desk_sync_audit_head (McDesk   *self,
                         gint64   *seq,
                         char    **hash,
                         GError  **error)
{
  g_autofree char *head = NULL;
  const char *colon;

  g_return_val_if_fail (MC_IS_DESK (self), FALSE);

  *seq = 0;
  *hash = NULL;
  if (!mc_store_read (mc_desk_get_store (self), read_head, NULL, (gpointer *) &head, error))
    return FALSE;
  colon = head != NULL ? strchr (head, ':') : NULL;
  if (colon == NULL)
    return TRUE;
  *seq = g_ascii_strtoll (head, NULL, 10);
  *hash = g_strdup (colon + 1);

  return TRUE;
}

static gboolean
read_hash_at (sqlite3   *db,
              gpointer   user_data,
              gpointer  *result,
              GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = mc_db_prepare (db, "SELECT hash FROM audit WHERE seq = ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, *(gint64 *) user_data);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *result = mc_db_column_dup (stmt, 0);
  else if (rc != SQLITE_DONE)
    return mc_db_set_error (db, rc, error);

  return TRUE;
}

/**
 * mc_desk_sync_audit_hash_at:
 * @self: a desk
 * @seq: an entry's number
 * @error: where to put a failure
 *
 * Returns: (transfer full) (nullable): the hash the log holds for entry
 *   @seq, %NULL (without @error) when there is no such entry
 */
char *
mc_desk_sync_audit_hash_at (McDesk  *self,
                            gint64   seq,
                            GError **error)
{
  char *hash = NULL;

  g_return_val_if_fail (MC_IS_DESK (self), NULL);

  if (!mc_store_read (mc_desk_get_store (self), read_hash_at, &seq, (gpointer *) &hash, error))
    return NULL;

  return hash;
}

static gboolean
read_outbox (sqlite3   *db,
             gpointer   user_data,
             gpointer  *result,
             GError   **error)
{
  g_autoptr(GHashTable) ops = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                     (GDestroyNotify) mc_sync_sent_op_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  (void) user_data;
  stmt = mc_db_prepare (db, "SELECT seq, op_id, dossier_code, type, payload, created_at, status"
                            " FROM outbox ORDER BY seq", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      McSyncSentOp *op = g_new0 (McSyncSentOp, 1);

      op->seq = sqlite3_column_int64 (stmt, 0);
      op->op_id = mc_db_column_dup (stmt, 1);
      op->dossier_code = mc_db_column_dup (stmt, 2);
      op->type = mc_db_column_dup (stmt, 3);
      op->payload = mc_db_column_dup (stmt, 4);
      op->at = sqlite3_column_int64 (stmt, 5);
      op->status = mc_db_column_dup (stmt, 6);
      g_hash_table_replace (ops, op->op_id, op);
    }
  if (rc != SQLITE_DONE)
    return mc_db_set_error (db, rc, error);
  *result = g_steal_pointer (&ops);

  return TRUE;
}

/**
 * mc_desk_sync_outbox_ops:
 * @self: a desk
 * @error: where to put a failure
 *
 * Returns: (transfer full) (element-type utf8 McSyncSentOp): every op of
 *   the outbox, sent or not, by op_id
 */
GHashTable *
mc_desk_sync_outbox_ops (McDesk  *self,
                         GError **error)
{
  GHashTable *ops = NULL;

  g_return_val_if_fail (MC_IS_DESK (self), NULL);

  if (!mc_store_read (mc_desk_get_store (self), read_outbox, NULL, (gpointer *) &ops, error))
    return NULL;

  return ops;
}
