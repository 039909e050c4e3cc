/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The procedure catalogue in the store's `procedure` table: replacing it
 * with a catalogue, and reading it (or one procedure) back as validated
 * McProcedure objects, so whoever works on a dossier uses the definition
 * the desk holds and the defaults McProcedure sets. */
#define G_LOG_DOMAIN "motcua-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-catalogue-repo.h"
#include "mc-store-private.h"

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

/**
 * mc_catalogue_load_from_store:
 * @db: a store connection (an McStoreFunc of mc_store_read())
 * @error: where to put a failure
 *
 * Reads the catalogue back from the store's `procedure` table.
 *
 * Returns: (transfer full) (nullable): the catalogue, or %NULL
 */
McCatalogue *
mc_catalogue_load_from_store (sqlite3  *db,
                              GError  **error)
{
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(McCatalogue) self = NULL;
  int rc;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  select = mc_db_prepare (db, "SELECT code, definition FROM procedure ORDER BY code", error);
  if (select == NULL)
    return NULL;

  self = mc_catalogue_new ();
  while ((rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      g_autoptr(McProcedure) procedure = procedure_from_row (select, error);

      if (procedure == NULL || !mc_catalogue_add (self, procedure, error))
        return NULL;
    }
  if (rc != SQLITE_DONE)
    {
      mc_db_set_error (db, rc, error);
      return NULL;
    }

  return g_steal_pointer (&self);
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
  g_autoptr(sqlite3_stmt) select = NULL;
  int rc;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

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
