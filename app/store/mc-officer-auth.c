/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Officers' passwords, hashed with Argon2id (libsodium's crypto_pwhash_str,
 * the "interactive" cost: a fraction of a second and 64 MiB per check, so
 * guessing from a stolen workspace is slow). Only the verifier string is
 * kept, in officer_auth with its source, so that once the central account
 * exists its verifier, cached at the last online sign-in, lands in the same
 * row with source "central-cached" and the offline check stays the same.
 * Hashing and checking run outside any transaction: the write lock is never
 * held while Argon2 works. Plain passwords live only in buffers wiped with
 * sodium_memzero() before they are freed, and are never logged. */
#define G_LOG_DOMAIN "motcua-auth"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "mc-desk-settings.h"
#include "mc-officer-auth.h"

#define MAX_PASSWORD 1024

G_DEFINE_QUARK (mc-auth-error-quark, mc_auth_error)

static gboolean
ensure_sodium (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error (error, MC_AUTH_ERROR, MC_AUTH_ERROR_FAILED,
                   _("The password library could not start."));
      return FALSE;
    }

  return TRUE;
}

/**
 * mc_password_hash:
 * @password: the plain password
 * @error: where to put a failure
 *
 * Returns: (transfer full): an Argon2id verifier string ("$argon2id$…")
 */
char *
mc_password_hash (const char  *password,
                  GError     **error)
{
  char verifier[crypto_pwhash_STRBYTES];

  g_return_val_if_fail (password != NULL, NULL);

  if (!ensure_sodium (error))
    return NULL;

  if (g_utf8_strlen (password, -1) < MC_PASSWORD_MIN_LENGTH)
    {
      g_set_error (error, MC_AUTH_ERROR, MC_AUTH_ERROR_WEAK_PASSWORD,
                   _("A password needs at least %d characters."), MC_PASSWORD_MIN_LENGTH);
      return NULL;
    }

  if (crypto_pwhash_str_alg (verifier, password, strlen (password),
                             crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                             crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error (error, MC_AUTH_ERROR, MC_AUTH_ERROR_FAILED,
                   _("There is not enough memory to protect the password. Close other programs and try again."));
      return NULL;
    }

  return g_strdup (verifier);
}

/**
 * mc_password_verify:
 * @verifier: a verifier from mc_password_hash()
 * @password: the password typed
 *
 * Returns: %TRUE when @password matches
 */
gboolean
mc_password_verify (const char *verifier,
                    const char *password)
{
  g_return_val_if_fail (verifier != NULL, FALSE);
  g_return_val_if_fail (password != NULL, FALSE);

  if (sodium_init () < 0)
    return FALSE;

  return crypto_pwhash_str_verify (verifier, password, strlen (password)) == 0;
}

/**
 * mc_password_free:
 * @password: (nullable): a plain password
 *
 * Wipes @password and frees it.
 */
void
mc_password_free (char *password)
{
  if (password == NULL)
    return;

  sodium_memzero (password, strlen (password));
  g_free (password);
}

/**
 * mc_password_read_line:
 * @fd: where the password comes from (0, standard input)
 * @error: where to put a failure
 *
 * Reads one line, without its line end. The buffer is wiped before it goes.
 *
 * Returns: (transfer full): the password; free it with mc_password_free()
 */
char *
mc_password_read_line (int      fd,
                       GError **error)
{
  char *buffer = g_malloc0 (MAX_PASSWORD + 1);
  gsize length = 0;

  while (length < MAX_PASSWORD)
    {
      gssize n = read (fd, buffer + length, 1);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("The password could not be read: %s"), g_strerror (saved));
          mc_password_free (buffer);
          return NULL;
        }
      if (n == 0 || buffer[length] == '\n')
        break;
      length++;
    }
  buffer[length] = '\0';
  if (length > 0 && buffer[length - 1] == '\r')
    buffer[--length] = '\0';

  if (length == 0)
    {
      g_set_error (error, MC_AUTH_ERROR, MC_AUTH_ERROR_WRONG_PASSWORD,
                   _("No password was given on standard input."));
      mc_password_free (buffer);
      return NULL;
    }

  return buffer;
}

void
mc_officer_auth_free (McOfficerAuth *auth)
{
  if (auth == NULL)
    return;

  g_free (auth->login);
  g_free (auth->verifier);
  g_free (auth);
}

void
mc_officer_entry_free (McOfficerEntry *entry)
{
  if (entry == NULL)
    return;

  mc_officer_free (entry->officer);
  g_free (entry);
}

const char *
mc_auth_source_to_string (McAuthSource source)
{
  return source == MC_AUTH_SOURCE_CENTRAL_CACHED ? "central-cached" : "local";
}

/**
 * mc_officer_auth_get:
 * @db: a connection inside a transaction
 * @login: an officer's login
 * @error: where to put a failure to read
 *
 * Returns: (transfer full) (nullable): the officer's verifier, %NULL when
 *   they have none (check @error)
 */
McOfficerAuth *
mc_officer_auth_get (sqlite3     *db,
                     const char  *login,
                     GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  McOfficerAuth *auth;
  int rc;

  stmt = mc_db_prepare (db, "SELECT login, source, verifier, updated_at FROM officer_auth WHERE login = ?1", error);
  if (stmt == NULL)
    return NULL;
  mc_db_bind_text (stmt, 1, login);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc != SQLITE_DONE)
        mc_db_set_error (db, rc, error);
      return NULL;
    }

  auth = g_new0 (McOfficerAuth, 1);
  auth->login = mc_db_column_dup (stmt, 0);
  auth->source = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), "central-cached") == 0
    ? MC_AUTH_SOURCE_CENTRAL_CACHED : MC_AUTH_SOURCE_LOCAL;
  auth->verifier = mc_db_column_dup (stmt, 2);
  auth->updated_at = sqlite3_column_int64 (stmt, 3);

  return auth;
}

/**
 * mc_officer_auth_set:
 * @db: a writer connection inside a transaction
 * @login: an officer's login
 * @verifier: the verifier from mc_password_hash() (or the central account)
 * @source: where @verifier comes from
 * @now: Unix seconds
 * @error: where to put a failure
 *
 * Returns: %TRUE when stored
 */
gboolean
mc_officer_auth_set (sqlite3       *db,
                     const char    *login,
                     const char    *verifier,
                     McAuthSource   source,
                     gint64         now,
                     GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(McOfficer) officer = mc_desk_settings_get_officer (db, login, error);

  if (officer == NULL)
    return FALSE;

  stmt = mc_db_prepare (db,
                        "INSERT INTO officer_auth (login, source, verifier, updated_at) VALUES (?1, ?2, ?3, ?4)"
                        " ON CONFLICT (login) DO UPDATE SET source = excluded.source,"
                        " verifier = excluded.verifier, updated_at = excluded.updated_at",
                        error);
  if (stmt == NULL)
    return FALSE;
  mc_db_bind_text (stmt, 1, login);
  mc_db_bind_text (stmt, 2, mc_auth_source_to_string (source));
  mc_db_bind_text (stmt, 3, verifier);
  sqlite3_bind_int64 (stmt, 4, now);

  return mc_db_step_done (db, stmt, error);
}

/**
 * mc_officer_auth_set_active:
 * @db: a writer connection inside a transaction
 * @login: an officer's login
 * @active: %FALSE to deactivate: the officer stays (the audit names them)
 *   but can no longer sign in
 * @error: where to put a failure
 *
 * Returns: %TRUE when changed
 */
gboolean
mc_officer_auth_set_active (sqlite3     *db,
                            const char  *login,
                            gboolean     active,
                            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = mc_db_prepare (db, "UPDATE officer SET active = ?2 WHERE login = ?1", error);

  if (stmt == NULL)
    return FALSE;
  mc_db_bind_text (stmt, 1, login);
  sqlite3_bind_int (stmt, 2, active ? 1 : 0);
  if (!mc_db_step_done (db, stmt, error))
    return FALSE;
  if (sqlite3_changes (db) == 0)
    {
      g_set_error (error, MC_AUTH_ERROR, MC_AUTH_ERROR_UNKNOWN_OFFICER,
                   _("There is no officer “%s” at this desk."), login);
      return FALSE;
    }

  return TRUE;
}

/**
 * mc_officer_auth_list:
 * @db: a connection inside a transaction
 * @active_only: leave out deactivated officers
 * @error: where to put a failure
 *
 * Returns: (transfer full) (element-type McOfficerEntry): the officers by
 *   name, with whether each is active and has a password
 */
GPtrArray *
mc_officer_auth_list (sqlite3   *db,
                      gboolean   active_only,
                      GError   **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_officer_entry_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = mc_db_prepare (db,
                        "SELECT o.login, o.name, o.title, o.department, o.role, o.active,"
                        " a.login IS NOT NULL"
                        " FROM officer o LEFT JOIN officer_auth a ON a.login = o.login"
                        " WHERE o.active = 1 OR NOT ?1 ORDER BY o.name, o.login",
                        error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, active_only ? 1 : 0);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      McOfficerEntry *entry = g_new0 (McOfficerEntry, 1);
      McRole role = MC_ROLE_RECEPTION;

      mc_role_from_string ((const char *) sqlite3_column_text (stmt, 4), &role);
      entry->officer = mc_officer_new ((const char *) sqlite3_column_text (stmt, 0),
                                       (const char *) sqlite3_column_text (stmt, 1),
                                       (const char *) sqlite3_column_text (stmt, 2),
                                       (const char *) sqlite3_column_text (stmt, 3),
                                       role);
      entry->active = sqlite3_column_int (stmt, 5) != 0;
      entry->has_password = sqlite3_column_int (stmt, 6) != 0;
      g_ptr_array_add (entries, entry);
    }
  if (rc != SQLITE_DONE)
    {
      mc_db_set_error (db, rc, error);
      return NULL;
    }

  return g_steal_pointer (&entries);
}

/**
 * mc_officer_auth_get_auto_login:
 * @db: a connection inside a transaction
 * @error: where to put a failure to read
 *
 * A demo or training workspace names the officer it opens signed in as,
 * so a newcomer sees the queues at once. Real workspaces name nobody.
 *
 * Returns: (transfer full) (nullable): that officer's login
 */
char *
mc_officer_auth_get_auto_login (sqlite3  *db,
                                GError  **error)
{
  return mc_db_meta_get (db, "auto_sign_in", error);
}

gboolean
mc_officer_auth_set_auto_login (sqlite3     *db,
                                const char  *login,
                                GError     **error)
{
  return mc_db_meta_set (db, "auto_sign_in", login, error);
}

/**
 * mc_officer_auth_any:
 * @db: a connection inside a transaction
 * @any: (out): whether any officer has a password
 * @error: where to put a failure to read
 *
 * Returns: %TRUE when read
 */
gboolean
mc_officer_auth_any (sqlite3   *db,
                     gboolean  *any,
                     GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = mc_db_prepare (db, "SELECT EXISTS (SELECT 1 FROM officer_auth)", error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return mc_db_set_error (db, sqlite3_errcode (db), error);
  *any = sqlite3_column_int (stmt, 0) != 0;

  return TRUE;
}

static gboolean
officer_is_active (sqlite3     *db,
                   const char  *login)
{
  g_autoptr(sqlite3_stmt) stmt = mc_db_prepare (db, "SELECT active FROM officer WHERE login = ?1", NULL);

  if (stmt == NULL || login == NULL)
    return FALSE;
  mc_db_bind_text (stmt, 1, login);

  return sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
}

/**
 * mc_officer_auth_opening_login:
 * @db: a connection inside a transaction
 * @n_officers: (out): how many officers the desk has (0: a first run)
 * @error: where to put a failure to read
 *
 * Who a window opens signed in as, without the sign-in screen: the
 * officer a demo workspace names; or, on a desk where nobody has a
 * password yet (made before officers signed in), its current officer, as
 * before. Any other desk opens on the sign-in screen.
 *
 * Returns: (transfer full) (nullable): that officer's login, or %NULL for
 *   the sign-in screen (check @error)
 */
char *
mc_officer_auth_opening_login (sqlite3   *db,
                               guint     *n_officers,
                               GError   **error)
{
  g_autoptr(sqlite3_stmt) count = NULL;
  g_autofree char *login = NULL;
  GError *local_error = NULL;
  gboolean any_password;

  count = mc_db_prepare (db, "SELECT (SELECT count(*) FROM officer), (SELECT count(*) FROM officer_auth)", error);
  if (count == NULL)
    return NULL;
  if (sqlite3_step (count) != SQLITE_ROW)
    {
      mc_db_set_error (db, sqlite3_errcode (db), error);
      return NULL;
    }
  *n_officers = (guint) sqlite3_column_int (count, 0);
  any_password = sqlite3_column_int (count, 1) > 0;

  login = mc_officer_auth_get_auto_login (db, &local_error);
  if (local_error == NULL && (login == NULL || !officer_is_active (db, login)) && !any_password)
    {
      g_clear_pointer (&login, g_free);
      login = mc_db_meta_get (db, "current_officer", &local_error);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (!officer_is_active (db, login))
    return NULL;

  return g_steal_pointer (&login);
}

/* What the sign-in needs from the store, read in one short transaction. */
typedef struct
{
  McOfficer *officer;
  gboolean active;
  char *verifier;
} Candidate;

static void
candidate_free (Candidate *candidate)
{
  mc_officer_free (candidate->officer);
  g_free (candidate->verifier);
  g_free (candidate);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Candidate, candidate_free)

static gboolean
read_candidate (sqlite3   *db,
                gpointer   user_data,
                gpointer  *result,
                GError   **error)
{
  const char *login = user_data;
  g_autoptr(Candidate) candidate = g_new0 (Candidate, 1);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(McOfficerAuth) auth = NULL;
  GError *local_error = NULL;

  candidate->officer = mc_desk_settings_get_officer (db, login, &local_error);
  if (candidate->officer == NULL)
    {
      g_set_error (error, MC_AUTH_ERROR, MC_AUTH_ERROR_UNKNOWN_OFFICER,
                   _("There is no officer “%s” at this desk."), login);
      g_clear_error (&local_error);
      return FALSE;
    }

  stmt = mc_db_prepare (db, "SELECT active FROM officer WHERE login = ?1", error);
  if (stmt == NULL)
    return FALSE;
  mc_db_bind_text (stmt, 1, login);
  candidate->active = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;

  auth = mc_officer_auth_get (db, login, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (auth != NULL)
    candidate->verifier = g_steal_pointer (&auth->verifier);

  *result = g_steal_pointer (&candidate);
  return TRUE;
}

/**
 * mc_officer_auth_sign_in:
 * @store: an open store
 * @login: an officer's login
 * @password: the password typed
 * @error: where to put why the officer may not sign in
 *
 * Returns: (transfer full) (nullable): the officer, when @password is theirs
 *   and they are active
 */
McOfficer *
mc_officer_auth_sign_in (McStore     *store,
                         const char  *login,
                         const char  *password,
                         GError     **error)
{
  g_autoptr(Candidate) candidate = NULL;

  g_return_val_if_fail (MC_IS_STORE (store), NULL);
  g_return_val_if_fail (login != NULL, NULL);
  g_return_val_if_fail (password != NULL, NULL);

  if (!mc_store_read (store, read_candidate, (gpointer) login, (gpointer *) &candidate, error))
    return NULL;

  if (!candidate->active)
    {
      g_set_error (error, MC_AUTH_ERROR, MC_AUTH_ERROR_INACTIVE,
                   _("%s no longer works at this desk and cannot sign in."), candidate->officer->name);
      return NULL;
    }
  if (candidate->verifier == NULL)
    {
      g_set_error (error, MC_AUTH_ERROR, MC_AUTH_ERROR_NO_PASSWORD,
                   _("%s has no password yet. Ask whoever manages the desk to set one."),
                   candidate->officer->name);
      return NULL;
    }
  if (!mc_password_verify (candidate->verifier, password))
    {
      g_set_error (error, MC_AUTH_ERROR, MC_AUTH_ERROR_WRONG_PASSWORD,
                   _("The password is not right. Check the keyboard language and Caps Lock, then try again."));
      return NULL;
    }

  g_debug ("Officer %s signed in", login);

  return g_steal_pointer (&candidate->officer);
}

typedef struct
{
  const char *login;
  const char *verifier;
  gint64 now;
} NewPassword;

static gboolean
write_password (sqlite3   *db,
                gpointer   user_data,
                gpointer  *result,
                GError   **error)
{
  NewPassword *change = user_data;

  return mc_officer_auth_set (db, change->login, change->verifier, MC_AUTH_SOURCE_LOCAL, change->now, error);
}

/**
 * mc_officer_auth_set_password:
 * @store: a store open for writing
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
mc_officer_auth_set_password (McStore     *store,
                              const char  *login,
                              const char  *password,
                              GError     **error)
{
  g_autofree char *verifier = NULL;
  NewPassword change = { login, NULL, g_get_real_time () / G_USEC_PER_SEC };

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);
  g_return_val_if_fail (login != NULL && password != NULL, FALSE);

  verifier = mc_password_hash (password, error);
  if (verifier == NULL)
    return FALSE;
  change.verifier = verifier;

  return mc_store_write (store, write_password, &change, NULL, error);
}
