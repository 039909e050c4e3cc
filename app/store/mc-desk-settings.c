/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The office lives in workspace_meta (office_code, office_name, …), the
 * officers in their table, the current officer's login in workspace_meta
 * (current_officer), and each officer's own choices (the scan settings…)
 * in workspace_meta under "officer:LOGIN:KEY", so one officer's choice is
 * never another's. Errors name what is missing and where to set it. */
#define G_LOG_DOMAIN "motcua-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-desk-settings.h"
#include "mc-store-private.h"

McOffice *
mc_desk_settings_get_office (sqlite3  *db,
                             GError  **error)
{
  g_autoptr(McOffice) office = g_new0 (McOffice, 1);
  GError *local_error = NULL;

  office->code = mc_db_meta_get (db, "office_code", &local_error);
  if (local_error == NULL)
    office->name = mc_db_meta_get (db, "office_name", &local_error);
  if (local_error == NULL)
    office->parent = mc_db_meta_get (db, "office_parent", &local_error);
  if (local_error == NULL)
    office->place = mc_db_meta_get (db, "office_place", &local_error);
  if (local_error == NULL)
    office->address = mc_db_meta_get (db, "office_address", &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  if (office->code == NULL || office->name == NULL)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND,
                   _("This workspace has no office yet. Set the office code and name in Preferences (or with “motcua-cli office set”)."));
      return NULL;
    }

  if (office->parent == NULL)
    office->parent = g_strdup ("");
  if (office->place == NULL)
    office->place = g_strdup ("");
  if (office->address == NULL)
    office->address = g_strdup ("");

  return g_steal_pointer (&office);
}

gboolean
mc_desk_settings_set_office (sqlite3         *db,
                             const McOffice  *office,
                             GError         **error)
{
  if (!mc_office_code_is_valid (office->code))
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID,
                   _("“%s” is not an office code: it has the shape 000.00.04.H40 (or H40.12.03.X05 under QCVN 102:2016/BTTTT)."),
                   office->code != NULL ? office->code : "");
      return FALSE;
    }
  if (office->name == NULL || *office->name == '\0')
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID, _("The office needs a name."));
      return FALSE;
    }

  return mc_db_meta_set (db, "office_code", office->code, error) &&
         mc_db_meta_set (db, "office_name", office->name, error) &&
         mc_db_meta_set (db, "office_parent", office->parent != NULL ? office->parent : "", error) &&
         mc_db_meta_set (db, "office_place", office->place != NULL ? office->place : "", error) &&
         mc_db_meta_set (db, "office_address", office->address != NULL ? office->address : "", error);
}

/**
 * mc_officer_login_check:
 * @login: (nullable): a login typed for a new officer
 * @error: where to put what is wrong with it
 *
 * The shape of a login, the same for every front end: lower-case ASCII
 * letters, digits, dots, dashes and underscores, starting with a letter
 * or digit, at most 32.
 *
 * Returns: %TRUE when @login may be used
 */
gboolean
mc_officer_login_check (const char  *login,
                        GError     **error)
{
  gboolean ok;

  if (login == NULL || *login == '\0')
    {
      g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID,
                           _("Enter a login for the officer."));
      return FALSE;
    }

  ok = g_ascii_isalnum (login[0]) && strlen (login) <= 32;
  for (const char *p = login; ok && *p != '\0'; p++)
    ok = g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '.' || *p == '-' || *p == '_';
  if (!ok)
    g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID,
                 _("“%s” cannot be a login: use lower-case letters without accents, digits, dots, dashes or underscores, starting with a letter or digit (at most 32)."),
                 login);

  return ok;
}

/* Adds @officer; a login already taken is refused, never overwritten:
 * another person's profile (and the audit entries under that login) must
 * not change hands. */
gboolean
mc_desk_settings_add_officer (sqlite3          *db,
                              const McOfficer  *officer,
                              GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(McOfficer) existing = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!mc_officer_login_check (officer->login, error))
    return FALSE;
  if (officer->name == NULL || *officer->name == '\0')
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID,
                   _("Enter the officer’s full name."));
      return FALSE;
    }

  existing = mc_desk_settings_get_officer (db, officer->login, &local_error);
  if (existing != NULL)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_EXISTS,
                   _("There is already an officer with the login “%s” (%s). Choose another login."),
                   officer->login, existing->name);
      return FALSE;
    }
  if (!g_error_matches (local_error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  stmt = mc_db_prepare (db,
                        "INSERT INTO officer (login, name, title, department, role) VALUES (?1, ?2, ?3, ?4, ?5)",
                        error);
  if (stmt == NULL)
    return FALSE;
  mc_db_bind_text (stmt, 1, officer->login);
  mc_db_bind_text (stmt, 2, officer->name);
  mc_db_bind_text (stmt, 3, officer->title);
  mc_db_bind_text (stmt, 4, officer->department);
  mc_db_bind_text (stmt, 5, mc_role_to_string (officer->role));

  return mc_db_step_done (db, stmt, error);
}

/* For the demo, which may run again on its own workspace: adds @officer
 * unless the login is there already. */
gboolean
mc_desk_settings_keep_officer (sqlite3          *db,
                               const McOfficer  *officer,
                               GError          **error)
{
  g_autoptr(GError) local_error = NULL;

  if (mc_desk_settings_add_officer (db, officer, &local_error))
    return TRUE;
  if (g_error_matches (local_error, MC_STORE_ERROR, MC_STORE_ERROR_EXISTS))
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&local_error));

  return FALSE;
}

static McOfficer *
officer_from_row (sqlite3_stmt *stmt)
{
  McRole role = MC_ROLE_RECEPTION;

  mc_role_from_string ((const char *) sqlite3_column_text (stmt, 4), &role);

  return mc_officer_new ((const char *) sqlite3_column_text (stmt, 0),
                         (const char *) sqlite3_column_text (stmt, 1),
                         (const char *) sqlite3_column_text (stmt, 2),
                         (const char *) sqlite3_column_text (stmt, 3),
                         role);
}

/**
 * mc_desk_settings_list_officers:
 * @db: a connection inside a transaction
 * @error: where to put a failure
 *
 * Returns: (transfer full) (element-type McOfficer): the officers by name
 */
GPtrArray *
mc_desk_settings_list_officers (sqlite3  *db,
                                GError  **error)
{
  g_autoptr(GPtrArray) officers = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_officer_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = mc_db_prepare (db, "SELECT login, name, title, department, role FROM officer ORDER BY name", error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (officers, officer_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      mc_db_set_error (db, rc, error);
      return NULL;
    }

  return g_steal_pointer (&officers);
}

McOfficer *
mc_desk_settings_get_officer (sqlite3     *db,
                              const char  *login,
                              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = mc_db_prepare (db, "SELECT login, name, title, department, role FROM officer WHERE login = ?1", error);
  if (stmt == NULL)
    return NULL;
  mc_db_bind_text (stmt, 1, login);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return officer_from_row (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND,
                 _("There is no officer “%s” at this desk. Add the officer in Preferences first."), login);
  else
    mc_db_set_error (db, rc, error);

  return NULL;
}

McOfficer *
mc_desk_settings_current_officer (sqlite3  *db,
                                  GError  **error)
{
  g_autofree char *login = NULL;
  GError *local_error = NULL;

  login = mc_db_meta_get (db, "current_officer", &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (login == NULL)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND,
                   _("Nobody is signed in at this desk. Choose your officer profile in Preferences."));
      return NULL;
    }

  return mc_desk_settings_get_officer (db, login, error);
}

/* The login of who is working now, or %NULL with no error when nobody is. */
char *
mc_desk_settings_current_login (sqlite3  *db,
                                GError  **error)
{
  return mc_db_meta_get (db, "current_officer", error);
}

gboolean
mc_desk_settings_use_officer (sqlite3     *db,
                              const char  *login,
                              GError     **error)
{
  g_autoptr(McOfficer) officer = mc_desk_settings_get_officer (db, login, error);

  if (officer == NULL)
    return FALSE;

  return mc_db_meta_set (db, "current_officer", login, error);
}

static gboolean
officer_key_is_valid (const char *key)
{
  if (key == NULL || *key == '\0' || strlen (key) > 64)
    return FALSE;
  for (const char *p = key; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

/**
 * mc_desk_settings_get_officer_value:
 * @db: a connection inside a transaction
 * @key: the setting (lower-case letters, digits, '-', '_')
 * @error: where to put a failure to read
 *
 * The current officer's own value of @key.
 *
 * Returns: (transfer full) (nullable): the value, %NULL with no error
 *   when the officer has none or nobody is working
 */
char *
mc_desk_settings_get_officer_value (sqlite3     *db,
                                    const char  *key,
                                    GError     **error)
{
  g_autofree char *login = NULL;
  g_autofree char *meta_key = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (officer_key_is_valid (key), NULL);

  login = mc_db_meta_get (db, "current_officer", &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (login == NULL)
    return NULL;
  meta_key = g_strdup_printf ("officer:%s:%s", login, key);
  return mc_db_meta_get (db, meta_key, error);
}

/**
 * mc_desk_settings_set_officer_value:
 * @db: a writer connection inside a transaction
 * @key: the setting (lower-case letters, digits, '-', '_')
 * @value: its new value for the current officer
 * @error: where to put a failure
 *
 * Keeps @value as the current officer's own; with nobody working there is
 * nobody to keep it for, and nothing is stored.
 *
 * Returns: %TRUE unless the store failed
 */
gboolean
mc_desk_settings_set_officer_value (sqlite3     *db,
                                    const char  *key,
                                    const char  *value,
                                    GError     **error)
{
  g_autofree char *login = NULL;
  g_autofree char *meta_key = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (officer_key_is_valid (key), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  login = mc_db_meta_get (db, "current_officer", &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (login == NULL)
    return TRUE;
  meta_key = g_strdup_printf ("officer:%s:%s", login, key);
  return mc_db_meta_set (db, meta_key, value, error);
}
