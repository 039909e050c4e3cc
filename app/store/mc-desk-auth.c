/* SPDX-License-Identifier: GPL-3.0-or-later */
/* McDesk's door to signing in (mc-desk-auth.h): each call runs the store
 * steps of mc-officer-auth.c on the desk's store, in the calling thread
 * (the CLI) or in a worker thread (the window). Hashing and checking a
 * password never happen inside a transaction; the plain password copied
 * into a task is wiped as soon as the worker is done with it. */
#define G_LOG_DOMAIN "motcua-auth"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-desk-auth.h"
#include "mc-desk-private.h"
#include "mc-desk-settings.h"
#include "mc-officer-auth.h"

McNewOfficer *
mc_new_officer_new (const McOfficer *officer,
                    const char      *password)
{
  McNewOfficer *entry;

  g_return_val_if_fail (officer != NULL && password != NULL, NULL);

  entry = g_new0 (McNewOfficer, 1);
  entry->officer = mc_officer_copy (officer);
  entry->password = g_strdup (password);

  return entry;
}

void
mc_new_officer_free (McNewOfficer *entry)
{
  if (entry == NULL)
    return;

  mc_officer_free (entry->officer);
  mc_password_free (entry->password);
  g_free (entry);
}

void
mc_desk_opening_free (McDeskOpening *opening)
{
  if (opening == NULL)
    return;

  g_free (opening->login);
  g_free (opening);
}

void
mc_sign_in_roster_free (McSignInRoster *roster)
{
  if (roster == NULL)
    return;

  g_clear_pointer (&roster->entries, g_ptr_array_unref);
  g_free (roster->office_name);
  g_free (roster);
}

/* Signing in and setting passwords: Argon2 in a worker thread. */

typedef struct
{
  char *login;
  char *password;
} Credentials;

static void
credentials_free (Credentials *data)
{
  g_free (data->login);
  mc_password_free (data->password);
  g_free (data);
}

static GTask *
credentials_task (McDesk              *self,
                  const char          *login,
                  const char          *password,
                  gpointer             source_tag,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Credentials *data = g_new0 (Credentials, 1);

  data->login = g_strdup (login);
  data->password = g_strdup (password);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) credentials_free);

  return task;
}

/**
 * mc_desk_sign_in:
 * @self: a desk
 * @login: an officer's login
 * @password: the password typed
 * @error: where to put why the officer may not sign in
 *
 * Checks @password against the officer's verifier. It does not change who
 * the desk acts as: call mc_desk_set_officer_login() with the result.
 *
 * Returns: (transfer full) (nullable): the officer, when @password is theirs
 *   and they are active
 */
McOfficer *
mc_desk_sign_in (McDesk      *self,
                 const char  *login,
                 const char  *password,
                 GError     **error)
{
  g_return_val_if_fail (MC_IS_DESK (self), NULL);
  g_return_val_if_fail (login != NULL && password != NULL, NULL);

  return mc_officer_auth_sign_in (mc_desk_get_store (self), login, password, error);
}

static void
sign_in_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Credentials *data = task_data;
  GError *error = NULL;
  McOfficer *officer = mc_desk_sign_in (source, data->login, data->password, &error);

  /* The password is not needed any more: wipe it now, not at finalize. */
  g_clear_pointer (&data->password, mc_password_free);
  if (officer == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, officer, (GDestroyNotify) mc_officer_free);
}

/**
 * mc_desk_sign_in_async:
 * @self: a desk
 * @login: an officer's login
 * @password: the password typed (copied, and wiped once checked)
 * @cancellable: (nullable): a cancellable
 * @callback: called on the caller's main context
 * @user_data: data for @callback
 *
 * mc_desk_sign_in() in a worker thread.
 */
void
mc_desk_sign_in_async (McDesk              *self,
                       const char          *login,
                       const char          *password,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MC_IS_DESK (self));
  g_return_if_fail (login != NULL && password != NULL);

  task = credentials_task (self, login, password, mc_desk_sign_in_async, cancellable, callback, user_data);
  g_task_run_in_thread (task, sign_in_thread);
}

McOfficer *
mc_desk_sign_in_finish (McDesk        *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * mc_desk_set_password:
 * @self: a desk open for writing
 * @login: an existing officer's login
 * @password: the new password
 * @error: where to put a failure
 *
 * Hashes @password (outside the transaction) and stores its verifier as
 * set at this desk.
 *
 * Returns: %TRUE when stored
 */
gboolean
mc_desk_set_password (McDesk      *self,
                      const char  *login,
                      const char  *password,
                      GError     **error)
{
  g_return_val_if_fail (MC_IS_DESK (self), FALSE);
  g_return_val_if_fail (login != NULL && password != NULL, FALSE);

  return mc_officer_auth_set_password (mc_desk_get_store (self), login, password, error);
}

static void
set_password_thread (GTask        *task,
                     gpointer      source,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  Credentials *data = task_data;
  GError *error = NULL;
  gboolean ok = mc_desk_set_password (source, data->login, data->password, &error);

  g_clear_pointer (&data->password, mc_password_free);
  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * mc_desk_set_password_async:
 * @self: a desk open for writing
 * @login: an existing officer's login
 * @password: the new password (copied, and wiped once hashed)
 * @cancellable: (nullable): a cancellable
 * @callback: called on the caller's main context
 * @user_data: data for @callback
 *
 * mc_desk_set_password() in a worker thread.
 */
void
mc_desk_set_password_async (McDesk              *self,
                            const char          *login,
                            const char          *password,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MC_IS_DESK (self));
  g_return_if_fail (login != NULL && password != NULL);

  task = credentials_task (self, login, password, mc_desk_set_password_async, cancellable, callback, user_data);
  g_task_run_in_thread (task, set_password_thread);
}

gboolean
mc_desk_set_password_finish (McDesk        *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
read_auth (sqlite3   *db,
           gpointer   user_data,
           gpointer  *result,
           GError   **error)
{
  GError *local_error = NULL;
  g_autoptr(McOfficer) officer = mc_desk_settings_get_officer (db, user_data, error);

  if (officer == NULL)
    return FALSE;
  *result = mc_officer_auth_get (db, user_data, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}

/**
 * mc_desk_change_password:
 * @self: a desk open for writing
 * @login: an existing officer's login
 * @current: (nullable): the officer's current password, needed when they
 *   have one
 * @password: the new password
 * @error: where to put a failure
 *
 * Sets a new password; an officer who already has one proves it first.
 *
 * Returns: %TRUE when stored
 */
gboolean
mc_desk_change_password (McDesk      *self,
                         const char  *login,
                         const char  *current,
                         const char  *password,
                         GError     **error)
{
  g_autoptr(McOfficerAuth) auth = NULL;

  g_return_val_if_fail (MC_IS_DESK (self), FALSE);
  g_return_val_if_fail (login != NULL && password != NULL, FALSE);

  if (!mc_store_read (mc_desk_get_store (self), read_auth, (gpointer) login, (gpointer *) &auth, error))
    return FALSE;
  if (auth != NULL && (current == NULL || !mc_password_verify (auth->verifier, current)))
    {
      g_set_error (error, MC_AUTH_ERROR, MC_AUTH_ERROR_WRONG_PASSWORD,
                   _("The current password of “%s” is not right."), login);
      return FALSE;
    }

  return mc_desk_set_password (self, login, password, error);
}

/* Officers who work here, or no longer. */

typedef struct
{
  char *login;
  gboolean active;
} ActiveChange;

static void
active_change_free (ActiveChange *change)
{
  g_free (change->login);
  g_free (change);
}

static gboolean
write_active (sqlite3   *db,
              gpointer   user_data,
              gpointer  *result,
              GError   **error)
{
  ActiveChange *change = user_data;

  if (!mc_officer_auth_set_active (db, change->login, change->active, error))
    return FALSE;
  *result = GINT_TO_POINTER (TRUE);

  return TRUE;
}

/**
 * mc_desk_set_officer_active:
 * @self: a desk open for writing
 * @login: an officer's login
 * @active: whether they still work here
 * @error: where to put a failure
 *
 * An officer who left is deactivated, never deleted (the audit names
 * them), and is no longer offered at sign-in.
 *
 * Returns: %TRUE when stored
 */
gboolean
mc_desk_set_officer_active (McDesk      *self,
                            const char  *login,
                            gboolean     active,
                            GError     **error)
{
  ActiveChange change = { (char *) login, active };

  g_return_val_if_fail (MC_IS_DESK (self), FALSE);
  g_return_val_if_fail (login != NULL, FALSE);

  return mc_store_write (mc_desk_get_store (self), write_active, &change, NULL, error);
}

void
mc_desk_set_officer_active_async (McDesk              *self,
                                  const char          *login,
                                  gboolean             active,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  ActiveChange *change;

  g_return_if_fail (MC_IS_DESK (self));
  g_return_if_fail (login != NULL);

  change = g_new0 (ActiveChange, 1);
  change->login = g_strdup (login);
  change->active = active;
  mc_desk_run_async (self, TRUE, write_active, change, (GDestroyNotify) active_change_free, NULL,
                     cancellable, callback, user_data);
}

gboolean
mc_desk_set_officer_active_finish (McDesk        *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return mc_desk_run_finish (self, result, error) != NULL;
}

/* What the sign-in screen and the officer list show. */

static gboolean
read_entries (sqlite3   *db,
              gpointer   user_data,
              gpointer  *result,
              GError   **error)
{
  *result = mc_officer_auth_list (db, GPOINTER_TO_INT (user_data), error);

  return *result != NULL;
}

/**
 * mc_desk_list_officer_entries:
 * @self: a desk
 * @active_only: only the officers who still work here
 * @error: where to put a failure
 *
 * Returns: (transfer full) (element-type McOfficerEntry): the officers,
 *   by name, or %NULL with @error set
 */
GPtrArray *
mc_desk_list_officer_entries (McDesk    *self,
                              gboolean   active_only,
                              GError   **error)
{
  GPtrArray *entries = NULL;

  g_return_val_if_fail (MC_IS_DESK (self), NULL);

  if (!mc_store_read (mc_desk_get_store (self), read_entries, GINT_TO_POINTER (active_only),
                      (gpointer *) &entries, error))
    return NULL;

  return entries;
}

void
mc_desk_list_officer_entries_async (McDesk              *self,
                                    gboolean             active_only,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (MC_IS_DESK (self));

  mc_desk_run_async (self, FALSE, read_entries, GINT_TO_POINTER (active_only), NULL,
                     (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

GPtrArray *
mc_desk_list_officer_entries_finish (McDesk        *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return mc_desk_run_finish (self, result, error);
}

static gboolean
read_entry (sqlite3   *db,
            gpointer   user_data,
            gpointer  *result,
            GError   **error)
{
  g_autoptr(GPtrArray) entries = mc_officer_auth_list (db, FALSE, error);

  if (entries == NULL)
    return FALSE;
  for (guint i = 0; i < entries->len; i++)
    {
      McOfficerEntry *entry = g_ptr_array_index (entries, i);

      if (g_str_equal (entry->officer->login, user_data))
        {
          *result = g_ptr_array_steal_index (entries, i);
          return TRUE;
        }
    }

  g_set_error (error, MC_AUTH_ERROR, MC_AUTH_ERROR_UNKNOWN_OFFICER,
               _("There is no officer “%s” at this desk."), (const char *) user_data);
  return FALSE;
}

/**
 * mc_desk_get_officer_entry:
 * @self: a desk
 * @login: an officer's login
 * @error: where to put a failure, or that there is no such officer
 *
 * Returns: (transfer full) (nullable): the officer, whether they are active
 *   and whether they have a password
 */
McOfficerEntry *
mc_desk_get_officer_entry (McDesk      *self,
                           const char  *login,
                           GError     **error)
{
  McOfficerEntry *entry = NULL;

  g_return_val_if_fail (MC_IS_DESK (self), NULL);
  g_return_val_if_fail (login != NULL, NULL);

  if (!mc_store_read (mc_desk_get_store (self), read_entry, (gpointer) login, (gpointer *) &entry, error))
    return NULL;

  return entry;
}

static gboolean
read_any (sqlite3   *db,
          gpointer   user_data,
          gpointer  *result,
          GError   **error)
{
  return mc_officer_auth_any (db, user_data, error);
}

/**
 * mc_desk_has_passwords:
 * @self: a desk
 * @any: (out): whether any officer of the desk has a password
 * @error: where to put a failure
 *
 * A desk whose officers have passwords acts only as an officer who signed
 * in; one from before passwords keeps its current officer.
 *
 * Returns: %TRUE when read
 */
gboolean
mc_desk_has_passwords (McDesk    *self,
                       gboolean  *any,
                       GError   **error)
{
  g_return_val_if_fail (MC_IS_DESK (self), FALSE);
  g_return_val_if_fail (any != NULL, FALSE);

  return mc_store_read (mc_desk_get_store (self), read_any, any, NULL, error);
}

static gboolean
read_roster (sqlite3   *db,
             gpointer   user_data,
             gpointer  *result,
             GError   **error)
{
  g_autoptr(McSignInRoster) roster = g_new0 (McSignInRoster, 1);
  g_autofree char *demo = NULL;
  g_autoptr(McOffice) office = NULL;
  GError *local_error = NULL;

  roster->entries = mc_officer_auth_list (db, TRUE, error);
  if (roster->entries == NULL)
    return FALSE;
  demo = mc_db_meta_get (db, "demo_workspace", &local_error);
  if (local_error == NULL)
    office = mc_desk_settings_get_office (db, &local_error);
  /* A desk without an office yet still lists its officers. */
  if (local_error != NULL && !g_error_matches (local_error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  g_clear_error (&local_error);
  roster->demo = g_strcmp0 (demo, "1") == 0;
  roster->office_name = office != NULL ? g_strdup (office->name) : NULL;
  *result = g_steal_pointer (&roster);

  return TRUE;
}

/**
 * mc_desk_load_roster_async:
 * @self: a desk
 * @cancellable: (nullable): a cancellable
 * @callback: called on the caller's main context
 * @user_data: data for @callback
 *
 * Reads what the sign-in screen lists.
 */
void
mc_desk_load_roster_async (McDesk              *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (MC_IS_DESK (self));

  mc_desk_run_async (self, FALSE, read_roster, NULL, NULL, (GDestroyNotify) mc_sign_in_roster_free,
                     cancellable, callback, user_data);
}

McSignInRoster *
mc_desk_load_roster_finish (McDesk        *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return mc_desk_run_finish (self, result, error);
}

static gboolean
read_opening (sqlite3   *db,
              gpointer   user_data,
              gpointer  *result,
              GError   **error)
{
  g_autoptr(McDeskOpening) opening = g_new0 (McDeskOpening, 1);
  g_autofree char *demo = NULL;
  GError *local_error = NULL;

  opening->login = mc_officer_auth_opening_login (db, &opening->n_officers, &local_error);
  if (local_error == NULL)
    demo = mc_db_meta_get (db, "demo_workspace", &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  opening->demo = demo != NULL && g_str_equal (demo, "1");
  *result = g_steal_pointer (&opening);

  return TRUE;
}

/**
 * mc_desk_load_opening_async:
 * @self: a desk
 * @cancellable: (nullable): a cancellable
 * @callback: called on the caller's main context
 * @user_data: data for @callback
 *
 * Reads how a window on this desk opens (see mc_officer_auth_opening_login()).
 */
void
mc_desk_load_opening_async (McDesk              *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (MC_IS_DESK (self));

  mc_desk_run_async (self, FALSE, read_opening, NULL, NULL, (GDestroyNotify) mc_desk_opening_free,
                     cancellable, callback, user_data);
}

McDeskOpening *
mc_desk_load_opening_finish (McDesk        *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return mc_desk_run_finish (self, result, error);
}

/* A first run: the office and its first officers, in one transaction. */

typedef struct
{
  McOffice *office;
  GPtrArray *officers;   /* (element-type McNewOfficer) */
  GPtrArray *verifiers;  /* one per officer, once hashed */
  gint64 now;
} Setup;

static void
setup_free (Setup *setup)
{
  mc_office_free (setup->office);
  g_ptr_array_unref (setup->officers);
  g_clear_pointer (&setup->verifiers, g_ptr_array_unref);
  g_free (setup);
}

static gboolean
write_setup (sqlite3   *db,
             gpointer   user_data,
             gpointer  *result,
             GError   **error)
{
  Setup *setup = user_data;

  if (!mc_desk_settings_set_office (db, setup->office, error))
    return FALSE;
  for (guint i = 0; i < setup->officers->len; i++)
    {
      McNewOfficer *entry = g_ptr_array_index (setup->officers, i);

      if (!mc_desk_settings_add_officer (db, entry->officer, error) ||
          !mc_officer_auth_set (db, entry->officer->login, g_ptr_array_index (setup->verifiers, i),
                                MC_AUTH_SOURCE_LOCAL, setup->now, error))
        return FALSE;
    }

  return TRUE;
}

static void
setup_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Setup *setup = task_data;
  GError *error = NULL;

  setup->verifiers = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < setup->officers->len; i++)
    {
      McNewOfficer *entry = g_ptr_array_index (setup->officers, i);
      char *verifier = mc_password_hash (entry->password, &error);

      g_clear_pointer (&entry->password, mc_password_free);
      if (verifier == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      g_ptr_array_add (setup->verifiers, verifier);
    }

  if (!mc_store_write (mc_desk_get_store (source), write_setup, setup, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * mc_desk_set_up_async:
 * @self: a desk on an empty workspace
 * @office: the office
 * @officers: (element-type McNewOfficer): the first
 *   officers with their passwords; the passwords are wiped once hashed
 * @cancellable: (nullable): a cancellable
 * @callback: called on the caller's main context
 * @user_data: data for @callback
 *
 * Hashes the passwords in a worker thread, then stores the office and the
 * officers in one transaction: either all of it exists or none.
 */
void
mc_desk_set_up_async (McDesk              *self,
                      const McOffice      *office,
                      GPtrArray           *officers,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Setup *setup;

  g_return_if_fail (MC_IS_DESK (self));
  g_return_if_fail (office != NULL && officers != NULL);

  setup = g_new0 (Setup, 1);
  setup->office = mc_office_copy (office);
  setup->officers = g_ptr_array_ref (officers);
  setup->now = mc_desk_now (self);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_desk_set_up_async);
  g_task_set_task_data (task, setup, (GDestroyNotify) setup_free);
  g_task_run_in_thread (task, setup_thread);
}

gboolean
mc_desk_set_up_finish (McDesk        *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
