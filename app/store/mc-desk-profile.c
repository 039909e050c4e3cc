/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The desk's office and officers for the front ends. Preferences and
 * `motcua-cli office|officer` both come here, so a duplicate login is
 * refused the same way in both, and neither touches the database: each
 * call is one store transaction, sync for the CLI, async for the window. */
#define G_LOG_DOMAIN "motcua-store"

#include "config.h"

#include "mc-desk-private.h"
#include "mc-desk-profile.h"
#include "mc-desk-settings.h"

void
mc_desk_profile_free (McDeskProfile *profile)
{
  if (profile == NULL)
    return;

  g_clear_pointer (&profile->office, mc_office_free);
  g_clear_pointer (&profile->officers, g_ptr_array_unref);
  g_free (profile->current_login);
  g_free (profile);
}

static gboolean
load_profile (sqlite3   *db,
              gpointer   user_data,
              gpointer  *result,
              GError   **error)
{
  g_autoptr(McDeskProfile) profile = g_new0 (McDeskProfile, 1);
  g_autoptr(GError) local_error = NULL;

  profile->office = mc_desk_settings_get_office (db, &local_error);
  if (profile->office == NULL && !g_error_matches (local_error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_clear_error (&local_error);

  profile->officers = mc_desk_settings_list_officers (db, error);
  if (profile->officers == NULL)
    return FALSE;
  profile->current_login = mc_desk_settings_current_login (db, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  *result = g_steal_pointer (&profile);
  return TRUE;
}

static gboolean
get_office (sqlite3   *db,
            gpointer   user_data,
            gpointer  *result,
            GError   **error)
{
  *result = mc_desk_settings_get_office (db, error);
  return *result != NULL;
}

static gboolean
set_office (sqlite3   *db,
            gpointer   user_data,
            gpointer  *result,
            GError   **error)
{
  if (!mc_desk_settings_set_office (db, user_data, error))
    return FALSE;

  *result = mc_office_copy (user_data);
  return TRUE;
}

static gboolean
add_officer (sqlite3   *db,
             gpointer   user_data,
             gpointer  *result,
             GError   **error)
{
  if (!mc_desk_settings_add_officer (db, user_data, error))
    return FALSE;

  *result = mc_officer_copy (user_data);
  return TRUE;
}

static gboolean
use_officer (sqlite3   *db,
             gpointer   user_data,
             gpointer  *result,
             GError   **error)
{
  if (!mc_desk_settings_use_officer (db, user_data, error))
    return FALSE;

  *result = mc_desk_settings_get_officer (db, user_data, error);
  return *result != NULL;
}

static gboolean
list_officers (sqlite3   *db,
               gpointer   user_data,
               gpointer  *result,
               GError   **error)
{
  *result = mc_desk_settings_list_officers (db, error);
  return *result != NULL;
}

/* The calling thread's variant of each call: one transaction, and the
 * result (or NULL) handed back. */
static gpointer
run_sync (McDesk       *self,
          gboolean      write,
          McStoreFunc   func,
          gpointer      data,
          GError      **error)
{
  McStore *store = mc_desk_get_store (self);
  gpointer result = NULL;

  if (write)
    mc_store_write (store, func, data, &result, error);
  else
    mc_store_read (store, func, data, &result, error);

  return result;
}

/**
 * mc_desk_load_profile:
 * @self: a desk
 * @error: where to put a failure
 *
 * Reads the office (%NULL in the profile when none is set yet), the
 * officers and who is working now, in one read transaction.
 *
 * Returns: (transfer full): the profile, or %NULL with @error set
 */
McDeskProfile *
mc_desk_load_profile (McDesk  *self,
                      GError **error)
{
  g_return_val_if_fail (MC_IS_DESK (self), NULL);

  return run_sync (self, FALSE, load_profile, NULL, error);
}

void
mc_desk_load_profile_async (McDesk              *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (MC_IS_DESK (self));

  mc_desk_run_async (self, FALSE, load_profile, NULL, NULL, (GDestroyNotify) mc_desk_profile_free,
                     cancellable, callback, user_data);
}

McDeskProfile *
mc_desk_load_profile_finish (McDesk        *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return mc_desk_run_finish (self, result, error);
}

/**
 * mc_desk_get_office:
 * @self: a desk
 * @error: where to put a failure; %MC_STORE_ERROR_NOT_FOUND when the
 *   workspace has no office yet
 *
 * Returns: (transfer full): the office
 */
McOffice *
mc_desk_get_office (McDesk  *self,
                    GError **error)
{
  g_return_val_if_fail (MC_IS_DESK (self), NULL);

  return run_sync (self, FALSE, get_office, NULL, error);
}

/**
 * mc_desk_set_office:
 * @self: a desk
 * @office: the office; its code must have the national shape
 * @error: where to put a failure
 *
 * Returns: %TRUE when saved
 */
gboolean
mc_desk_set_office (McDesk          *self,
                    const McOffice  *office,
                    GError         **error)
{
  g_autoptr(McOffice) saved = NULL;

  g_return_val_if_fail (MC_IS_DESK (self), FALSE);
  g_return_val_if_fail (office != NULL, FALSE);

  saved = run_sync (self, TRUE, set_office, (gpointer) office, error);

  return saved != NULL;
}

void
mc_desk_set_office_async (McDesk              *self,
                          const McOffice      *office,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (MC_IS_DESK (self));
  g_return_if_fail (office != NULL);

  mc_desk_run_async (self, TRUE, set_office, mc_office_copy (office), (GDestroyNotify) mc_office_free,
                     (GDestroyNotify) mc_office_free, cancellable, callback, user_data);
}

/**
 * mc_desk_set_office_finish:
 * @self: a desk
 * @result: the result given to the callback
 * @error: where to put a failure
 *
 * Returns: (transfer full): the office as saved, or %NULL with @error set
 */
McOffice *
mc_desk_set_office_finish (McDesk        *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return mc_desk_run_finish (self, result, error);
}

/**
 * mc_desk_add_officer:
 * @self: a desk
 * @officer: the new officer
 * @error: where to put a failure: %MC_STORE_ERROR_INVALID for a login of
 *   the wrong shape or a missing name, %MC_STORE_ERROR_EXISTS when the
 *   login is taken (the existing profile is left as it is)
 *
 * Returns: %TRUE when added
 */
gboolean
mc_desk_add_officer (McDesk           *self,
                     const McOfficer  *officer,
                     GError          **error)
{
  g_autoptr(McOfficer) added = NULL;

  g_return_val_if_fail (MC_IS_DESK (self), FALSE);
  g_return_val_if_fail (officer != NULL, FALSE);

  added = run_sync (self, TRUE, add_officer, (gpointer) officer, error);

  return added != NULL;
}

void
mc_desk_add_officer_async (McDesk              *self,
                           const McOfficer     *officer,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (MC_IS_DESK (self));
  g_return_if_fail (officer != NULL);

  mc_desk_run_async (self, TRUE, add_officer, mc_officer_copy (officer), (GDestroyNotify) mc_officer_free,
                     (GDestroyNotify) mc_officer_free, cancellable, callback, user_data);
}

/**
 * mc_desk_add_officer_finish:
 * @self: a desk
 * @result: the result given to the callback
 * @error: where to put a failure (see mc_desk_add_officer())
 *
 * Returns: (transfer full): the officer as added, or %NULL with @error set
 */
McOfficer *
mc_desk_add_officer_finish (McDesk        *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return mc_desk_run_finish (self, result, error);
}

/**
 * mc_desk_use_officer:
 * @self: a desk
 * @login: an officer of the desk
 * @error: where to put a failure
 *
 * Makes @login the officer working at this desk now, for every program
 * that opens the workspace.
 *
 * Returns: (transfer full): the officer, or %NULL with @error set
 */
McOfficer *
mc_desk_use_officer (McDesk      *self,
                     const char  *login,
                     GError     **error)
{
  g_return_val_if_fail (MC_IS_DESK (self), NULL);
  g_return_val_if_fail (login != NULL, NULL);

  return run_sync (self, TRUE, use_officer, (gpointer) login, error);
}

void
mc_desk_use_officer_async (McDesk              *self,
                           const char          *login,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (MC_IS_DESK (self));
  g_return_if_fail (login != NULL);

  mc_desk_run_async (self, TRUE, use_officer, g_strdup (login), g_free, (GDestroyNotify) mc_officer_free,
                     cancellable, callback, user_data);
}

McOfficer *
mc_desk_use_officer_finish (McDesk        *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return mc_desk_run_finish (self, result, error);
}

/**
 * mc_desk_list_officers:
 * @self: a desk
 * @error: where to put a failure
 *
 * Returns: (transfer full) (element-type McOfficer): the officers by name
 */
GPtrArray *
mc_desk_list_officers (McDesk  *self,
                       GError **error)
{
  g_return_val_if_fail (MC_IS_DESK (self), NULL);

  return run_sync (self, FALSE, list_officers, NULL, error);
}

/* Each officer's own settings (the scan dialog's choices…): kept for the
 * officer working now, read back for them only. */

static gboolean
get_officer_setting (sqlite3   *db,
                     gpointer   user_data,
                     gpointer  *result,
                     GError   **error)
{
  GError *local_error = NULL;

  *result = mc_desk_settings_get_officer_value (db, user_data, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/* @user_data: { key, value } */
static gboolean
set_officer_setting (sqlite3   *db,
                     gpointer   user_data,
                     gpointer  *result,
                     GError   **error)
{
  char **pair = user_data;

  if (!mc_desk_settings_set_officer_value (db, pair[0], pair[1], error))
    return FALSE;
  *result = GUINT_TO_POINTER (TRUE);
  return TRUE;
}

/**
 * mc_desk_get_officer_setting:
 * @self: a desk
 * @key: the setting: lower-case letters, digits, '-' and '_'
 * @error: where to put a failure
 *
 * Returns: (transfer full) (nullable): the current officer's value of
 *   @key; %NULL without @error when they have none or nobody is working
 */
char *
mc_desk_get_officer_setting (McDesk      *self,
                             const char  *key,
                             GError     **error)
{
  g_return_val_if_fail (MC_IS_DESK (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return run_sync (self, FALSE, get_officer_setting, (gpointer) key, error);
}

void
mc_desk_get_officer_setting_async (McDesk              *self,
                                   const char          *key,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (MC_IS_DESK (self));
  g_return_if_fail (key != NULL);

  mc_desk_run_async (self, FALSE, get_officer_setting, g_strdup (key), g_free, g_free,
                     cancellable, callback, user_data);
}

/**
 * mc_desk_get_officer_setting_finish:
 *
 * Returns: (transfer full) (nullable): as mc_desk_get_officer_setting()
 */
char *
mc_desk_get_officer_setting_finish (McDesk        *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return mc_desk_run_finish (self, result, error);
}

/**
 * mc_desk_set_officer_setting:
 * @self: a desk
 * @key: the setting: lower-case letters, digits, '-' and '_'
 * @value: its value for the officer working now (nothing is kept when
 *   nobody is)
 * @error: where to put a failure
 *
 * Returns: %TRUE unless the store failed
 */
gboolean
mc_desk_set_officer_setting (McDesk      *self,
                             const char  *key,
                             const char  *value,
                             GError     **error)
{
  const char *pair[] = { key, value, NULL };

  g_return_val_if_fail (MC_IS_DESK (self), FALSE);
  g_return_val_if_fail (key != NULL && value != NULL, FALSE);

  return run_sync (self, TRUE, set_officer_setting, pair, error) != NULL;
}

void
mc_desk_set_officer_setting_async (McDesk              *self,
                                   const char          *key,
                                   const char          *value,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  char **pair;

  g_return_if_fail (MC_IS_DESK (self));
  g_return_if_fail (key != NULL && value != NULL);

  pair = g_new0 (char *, 3);
  pair[0] = g_strdup (key);
  pair[1] = g_strdup (value);
  mc_desk_run_async (self, TRUE, set_officer_setting, pair, (GDestroyNotify) g_strfreev, NULL,
                     cancellable, callback, user_data);
}

gboolean
mc_desk_set_officer_setting_finish (McDesk        *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return mc_desk_run_finish (self, result, error) != NULL;
}
