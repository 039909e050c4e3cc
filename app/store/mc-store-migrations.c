/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The schema as a list of forward-only steps. Step N takes a database at
 * user_version N-1 to N in one transaction; a released step is never edited,
 * only followed by a new one. */
#define G_LOG_DOMAIN "motcua-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-store-private.h"

static const char * const migrations[] = {
  /* 1: the workspace itself */
  "CREATE TABLE workspace_meta ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ") STRICT;"
  "INSERT INTO workspace_meta (key, value) VALUES"
  "  ('workspace_id', lower(hex(randomblob(16)))),"
  "  ('created_at', CAST(unixepoch() AS TEXT));",

  /* 2: dossiers with the core columns the queues need */
  "CREATE TABLE dossier ("
  "  id INTEGER PRIMARY KEY,"
  "  code TEXT NOT NULL UNIQUE,"
  "  procedure_code TEXT NOT NULL,"
  "  procedure_name TEXT NOT NULL,"
  "  applicant_name TEXT NOT NULL,"
  "  applicant_id TEXT NOT NULL,"
  "  received_at INTEGER,"
  "  due_at INTEGER,"
  "  state INTEGER NOT NULL CHECK (state BETWEEN 1 AND 10),"
  "  version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),"
  "  updated_at INTEGER NOT NULL"
  ") STRICT;"
  "CREATE INDEX dossier_state_due ON dossier (state, due_at, id);"
  "CREATE INDEX dossier_due ON dossier (due_at, id);",

  /* 3: administrative units in force since 1 July 2025, and the units before
   * it with the new unit(s) each went into (a comma-separated list when a
   * commune was split). Reference data, reloaded from data/admin-units/. */
  "CREATE TABLE admin_province ("
  "  code TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL"
  ") STRICT;"
  "CREATE TABLE admin_commune ("
  "  code TEXT PRIMARY KEY,"
  "  province_code TEXT NOT NULL REFERENCES admin_province (code),"
  "  name TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX admin_commune_province ON admin_commune (province_code);"
  "CREATE TABLE admin_commune_old ("
  "  code TEXT PRIMARY KEY,"
  "  province_code TEXT NOT NULL,"
  "  province_name TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  new_province_code TEXT NOT NULL REFERENCES admin_province (code),"
  "  new_commune_codes TEXT NOT NULL"
  ") STRICT;",
};

int
mc_store_latest_version (void)
{
  return (int) G_N_ELEMENTS (migrations);
}

/**
 * mc_store_migrate:
 * @db: a writer connection
 * @target: the version to reach, at most mc_store_latest_version()
 * @error: where to put a failure
 *
 * Runs each missing step in its own transaction, so a crash leaves the
 * database at the last completed step.
 *
 * Returns: %TRUE when @db is at @target
 */
gboolean
mc_store_migrate (sqlite3  *db,
                  int       target,
                  GError  **error)
{
  int version;

  g_return_val_if_fail (target <= mc_store_latest_version (), FALSE);

  version = mc_db_user_version (db, error);
  if (version < 0)
    return FALSE;

  while (version < target)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version=%d", version + 1);

      g_debug ("Migrating workspace schema %d → %d", version, version + 1);

      if (!mc_db_exec (db, "BEGIN IMMEDIATE", error))
        return FALSE;

      if (!mc_db_exec (db, migrations[version], error) ||
          !mc_db_exec (db, bump, error) ||
          !mc_db_exec (db, "COMMIT", error))
        {
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          g_prefix_error (error, _("Upgrading the workspace failed at step %d: "), version + 1);
          return FALSE;
        }

      version++;
    }

  return TRUE;
}
