/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Editing an officer's profile: see mc-desk-officers.h. */
#define G_LOG_DOMAIN "motcua-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-desk-auth.h"
#include "mc-desk-officers.h"
#include "mc-desk-private.h"

static gboolean
update_officer (sqlite3   *db,
                gpointer   user_data,
                gpointer  *result,
                GError   **error)
{
  const McOfficer *officer = user_data;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (officer->name == NULL || *officer->name == '\0')
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID, _("Enter the officer’s full name."));
      return FALSE;
    }

  stmt = mc_db_prepare (db, "UPDATE officer SET name = ?2, title = ?3, department = ?4, role = ?5 WHERE login = ?1",
                        error);
  if (stmt == NULL)
    return FALSE;
  mc_db_bind_text (stmt, 1, officer->login);
  mc_db_bind_text (stmt, 2, officer->name);
  mc_db_bind_text (stmt, 3, officer->title != NULL ? officer->title : "");
  mc_db_bind_text (stmt, 4, officer->department != NULL ? officer->department : "");
  mc_db_bind_text (stmt, 5, mc_role_to_string (officer->role));
  if (!mc_db_step_done (db, stmt, error))
    return FALSE;
  if (sqlite3_changes (db) == 0)
    {
      g_set_error (error, MC_AUTH_ERROR, MC_AUTH_ERROR_UNKNOWN_OFFICER,
                   _("There is no officer “%s” at this desk."), officer->login);
      return FALSE;
    }

  *result = mc_officer_copy (officer);
  return TRUE;
}

/**
 * mc_desk_update_officer:
 * @self: a desk
 * @officer: the officer's login with the new name, title, department and
 *   role
 * @error: where to put a failure: %MC_STORE_ERROR_INVALID without a name,
 *   %MC_AUTH_ERROR_UNKNOWN_OFFICER for a login the desk does not have
 *
 * Returns: %TRUE when saved
 */
gboolean
mc_desk_update_officer (McDesk           *self,
                        const McOfficer  *officer,
                        GError          **error)
{
  g_autoptr(McOfficer) saved = NULL;

  g_return_val_if_fail (MC_IS_DESK (self), FALSE);
  g_return_val_if_fail (officer != NULL && officer->login != NULL, FALSE);

  mc_store_write (mc_desk_get_store (self), update_officer, (gpointer) officer, (gpointer *) &saved, error);

  return saved != NULL;
}

/**
 * mc_desk_update_officer_async:
 * @self: a desk
 * @officer: as for mc_desk_update_officer(); copied
 * @cancellable: (nullable): a cancellable
 * @callback: called on the caller's main context
 * @user_data: data for @callback
 *
 * Runs mc_desk_update_officer() in a worker thread.
 */
void
mc_desk_update_officer_async (McDesk              *self,
                              const McOfficer     *officer,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (MC_IS_DESK (self));
  g_return_if_fail (officer != NULL && officer->login != NULL);

  mc_desk_run_async (self, TRUE, update_officer, mc_officer_copy (officer), (GDestroyNotify) mc_officer_free,
                     (GDestroyNotify) mc_officer_free, cancellable, callback, user_data);
}

/**
 * mc_desk_update_officer_finish:
 * @self: a desk
 * @result: the result given to the callback
 * @error: where to put a failure
 *
 * Returns: (transfer full): the officer as saved, or %NULL with @error set
 */
McOfficer *
mc_desk_update_officer_finish (McDesk        *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return mc_desk_run_finish (self, result, error);
}
