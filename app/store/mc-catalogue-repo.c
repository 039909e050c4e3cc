/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The procedure catalogue in the store's `procedure` table: replacing it
 * with a catalogue, and reading it (or one procedure) back as validated
 * McProcedure objects, so whoever works on a dossier uses the definition
 * the desk holds and the defaults McProcedure sets. A procedure the
 * central system published through the change feed (kept by
 * mc-sync-store-reference.c) stands over the table's row from its
 * effective date on: what is read is the catalogue in force at a time. */
#define G_LOG_DOMAIN "motcua-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-catalogue-repo.h"
#include "mc-store-private.h"
#include "mc-sync-store-reference-private.h"

/**
 * mc_catalogue_save_to_store:
 * @self: a catalogue
 * @db: a store connection inside a write transaction (an McStoreFunc of
 *   mc_store_write())
 * @error: where to put a failure
 *
 * Replaces every row of the store's `procedure` table with the procedures
 * of @self. A fee the province sets (-1 here) is stored as 0 in the `fee`
 * column; the definition keeps `null`.
 *
 * Returns: %TRUE, or %FALSE with a %MC_STORE_ERROR (the caller's
 *   transaction is then rolled back)
 */
gboolean
mc_catalogue_save_to_store (McCatalogue  *self,
                            sqlite3      *db,
                            GError      **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;

  g_return_val_if_fail (MC_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!mc_db_exec (db, "DELETE FROM procedure", error))
    return FALSE;

  insert = mc_db_prepare (db,
                          "INSERT INTO procedure (code, name, field, level, working_days, fee,"
                          " sample, effective_from, definition)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                          error);
  if (insert == NULL)
    return FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self)); i++)
    {
      g_autoptr(McProcedure) procedure = g_list_model_get_item (G_LIST_MODEL (self), i);
      g_autofree char *definition = mc_procedure_to_json (procedure);
      gint64 fee = mc_procedure_get_fee (procedure);

      sqlite3_reset (insert);
      mc_db_bind_text (insert, 1, mc_procedure_get_code (procedure));
      mc_db_bind_text (insert, 2, mc_procedure_get_name (procedure));
      mc_db_bind_text (insert, 3, mc_procedure_get_field (procedure));
      mc_db_bind_text (insert, 4, mc_procedure_get_level (procedure));
      sqlite3_bind_double (insert, 5, mc_procedure_get_working_days (procedure));
      sqlite3_bind_int64 (insert, 6, fee >= 0 ? fee : 0);
      sqlite3_bind_int (insert, 7, mc_procedure_is_sample (procedure) ? 1 : 0);
      mc_db_bind_text (insert, 8, mc_procedure_get_effective_from (procedure));
      mc_db_bind_text (insert, 9, definition);

      if (!mc_db_step_done (db, insert, error))
        return FALSE;
    }

  return TRUE;
}

static McProcedure *
procedure_from_row (sqlite3_stmt  *stmt,
                    GError       **error)
{
  const char *code = (const char *) sqlite3_column_text (stmt, 0);
  const char *definition = (const char *) sqlite3_column_text (stmt, 1);
  g_autofree char *origin = NULL;
  g_autoptr(McProcedure) procedure = NULL;

  /* TRANSLATORS: names the source of a broken definition in an error */
  origin = g_strdup_printf (_("procedure %s in the workspace store"), code != NULL ? code : "?");
  procedure = mc_procedure_new_from_data (definition != NULL ? definition : "", -1, origin, error);
  if (procedure == NULL)
    return NULL;

  if (g_strcmp0 (code, mc_procedure_get_code (procedure)) != 0)
    {
      g_set_error (error, MC_PROCEDURE_ERROR, MC_PROCEDURE_ERROR_INVALID,
                   _("%s: its definition is for procedure %s. Reload the catalogue."),
                   origin, mc_procedure_get_code (procedure));
      return NULL;
    }

  return g_steal_pointer (&procedure);
}

static gint64
real_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/**
 * mc_procedure_new_from_sync_ref:
 * @ref: a procedure the change feed brought
 * @error: where to put a failure
 *
 * Checks a published procedure with the validator of the data folder's
 * files: its `definition` must be a catalogue entry for the code it was
 * published under.
 *
 * Returns: (transfer full) (nullable): the procedure, or %NULL with
 *   %MC_PROCEDURE_ERROR_INVALID saying what is wrong
 */
McProcedure *
mc_procedure_new_from_sync_ref (McSyncRef  *ref,
                                GError    **error)
{
  g_autoptr(McProcedure) procedure = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *origin = NULL;
  g_autofree char *definition = NULL;
  JsonNode *member;

  g_return_val_if_fail (ref != NULL, NULL);

  origin = mc_sync_ref_describe (ref);
  member = json_object_get_member (ref->change, "definition");
  if (member == NULL || !JSON_NODE_HOLDS_OBJECT (member))
    {
      g_set_error (error, MC_PROCEDURE_ERROR, MC_PROCEDURE_ERROR_INVALID,
                   _("%s: it has no definition. Ask the central system to publish it again."), origin);
      return NULL;
    }
  definition = json_to_string (member, FALSE);
  procedure = mc_procedure_new_from_data (definition, -1, origin, error);
  if (procedure == NULL)
    return NULL;
  if (g_strcmp0 (ref->key, mc_procedure_get_code (procedure)) != 0)
    {
      g_set_error (error, MC_PROCEDURE_ERROR, MC_PROCEDURE_ERROR_INVALID,
                   _("%s: its definition is for procedure %s. Ask the central system to publish it again."),
                   origin, mc_procedure_get_code (procedure));
      return NULL;
    }

  return g_steal_pointer (&procedure);
}

/* The published version of @code in force at @at, if any: the highest one
 * that reads well (one that no longer does is passed over, said in the
 * log, and the one before it used). */
static McProcedure *
published_procedure (GPtrArray   *published,
                     const char  *code,
                     gint64       at)
{
  g_autoptr(GPtrArray) candidates = mc_sync_ref_candidates (published, code, at);

  for (guint i = 0; i < candidates->len; i++)
    {
      g_autoptr(GError) local_error = NULL;
      McProcedure *procedure = mc_procedure_new_from_sync_ref (g_ptr_array_index (candidates, i),
                                                               &local_error);

      if (procedure != NULL)
        return procedure;
      g_message ("%s; the version before it is used", local_error->message);
    }

  return NULL;
}

/**
 * mc_catalogue_load_from_store_at:
 * @db: a store connection (an McStoreFunc of mc_store_read())
 * @at: Unix seconds
 * @error: where to put a failure
 *
 * Reads the catalogue in force at @at: the store's `procedure` table, with
 * each procedure the central system published in force by then standing
 * over the table's row or added to it.
 *
 * Returns: (transfer full) (nullable): the catalogue, or %NULL
 */
McCatalogue *
mc_catalogue_load_from_store_at (sqlite3  *db,
                                 gint64    at,
                                 GError  **error)
{
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(McCatalogue) self = NULL;
  g_autoptr(GPtrArray) published = NULL;
  g_autoptr(GHashTable) in_force = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  GHashTableIter iter;
  gpointer value;
  int rc;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  published = mc_sync_ref_list (db, "procedure", NULL, error);
  if (published == NULL)
    return NULL;
  for (guint i = 0; i < published->len; i++)
    {
      const char *code = ((McSyncRef *) g_ptr_array_index (published, i))->key;
      McProcedure *procedure;

      if (g_hash_table_contains (in_force, code))
        continue;
      procedure = published_procedure (published, code, at);
      if (procedure != NULL)
        g_hash_table_insert (in_force, g_strdup (code), procedure);
    }

  select = mc_db_prepare (db, "SELECT code, definition FROM procedure ORDER BY code", error);
  if (select == NULL)
    return NULL;

  self = mc_catalogue_new ();
  while ((rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      g_autoptr(McProcedure) procedure = NULL;

      if (g_hash_table_contains (in_force, sqlite3_column_text (select, 0)))
        continue;
      procedure = procedure_from_row (select, error);
      if (procedure == NULL || !mc_catalogue_add (self, procedure, error))
        return NULL;
    }
  if (rc != SQLITE_DONE)
    {
      mc_db_set_error (db, rc, error);
      return NULL;
    }

  g_hash_table_iter_init (&iter, in_force);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (!mc_catalogue_add (self, value, error))
      return NULL;

  return g_steal_pointer (&self);
}

/**
 * mc_catalogue_load_from_store:
 * @db: a store connection (an McStoreFunc of mc_store_read())
 * @error: where to put a failure
 *
 * Reads the catalogue in force now; see mc_catalogue_load_from_store_at().
 *
 * Returns: (transfer full) (nullable): the catalogue, or %NULL
 */
McCatalogue *
mc_catalogue_load_from_store (sqlite3  *db,
                              GError  **error)
{
  return mc_catalogue_load_from_store_at (db, real_now (), error);
}

/**
 * mc_procedure_load_from_store:
 * @db: a store connection (an McStoreFunc of mc_store_read())
 * @code: a national procedure code
 * @error: where to put a failure
 *
 * Reads one procedure from the store, so that a dossier can be processed
 * with the definition the desk holds, whatever the data folder says.
 *
 * Returns: (transfer full) (nullable): the procedure, or %NULL with
 *   %MC_PROCEDURE_ERROR_NOT_FOUND when the store has no such procedure
 */
McProcedure *
mc_procedure_load_from_store (sqlite3     *db,
                              const char  *code,
                              GError     **error)
{
  return mc_procedure_load_from_store_at (db, code, real_now (), error);
}

/**
 * mc_procedure_load_from_store_at:
 * @db: a store connection (an McStoreFunc of mc_store_read())
 * @code: a national procedure code
 * @at: Unix seconds: a dossier's reception time gives the version it was
 *   received under
 * @error: where to put a failure
 *
 * Reads one procedure as it was in force at @at: the version the central
 * system published that was in force and had arrived by then, else the
 * store's `procedure` table.
 *
 * Returns: (transfer full) (nullable): the procedure, or %NULL with
 *   %MC_PROCEDURE_ERROR_NOT_FOUND when the store has no such procedure
 */
McProcedure *
mc_procedure_load_from_store_at (sqlite3     *db,
                                 const char  *code,
                                 gint64       at,
                                 GError     **error)
{
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(GPtrArray) published = NULL;
  McProcedure *procedure;
  int rc;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  published = mc_sync_ref_list (db, "procedure", code, error);
  if (published == NULL)
    return NULL;
  procedure = published_procedure (published, code, at);
  if (procedure != NULL)
    return procedure;

  select = mc_db_prepare (db, "SELECT code, definition FROM procedure WHERE code = ?1", error);
  if (select == NULL)
    return NULL;
  mc_db_bind_text (select, 1, code);

  rc = sqlite3_step (select);
  if (rc == SQLITE_ROW)
    return procedure_from_row (select, error);
  if (rc != SQLITE_DONE)
    {
      mc_db_set_error (db, rc, error);
      return NULL;
    }

  g_set_error (error, MC_PROCEDURE_ERROR, MC_PROCEDURE_ERROR_NOT_FOUND,
               _("The workspace has no procedure %s. Sync the catalogue or choose another procedure."),
               code);
  return NULL;
}
