/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Opening a workspace safely: the folder is private (0700), the database and
 * every file beside it are 0600, a damaged or foreign desk.sqlite is refused
 * and never touched, a newer schema is refused, and only one process writes
 * (an advisory lock on desk.lock, so a second writer fails at once instead of
 * waiting on SQLite's busy handler). Work runs inside one transaction per
 * call, on a connection guarded by its own mutex, so the UI can hand it to a
 * worker thread. */
#define G_LOG_DOMAIN "motcua-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mc-store-private.h"

struct _McStore
{
  GObject parent_instance;

  char *workspace;
  char *db_path;
  char *blob_dir;
  McStoreOpenFlags flags;
  int lock_fd;
  int schema_version;

  GMutex write_mutex;
  sqlite3 *writer;
  GMutex read_mutex;
  sqlite3 *reader;
};

G_DEFINE_TYPE (McStore, mc_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (mc-store-error-quark, mc_store_error)

static const char sqlite_magic[16] = "SQLite format 3";

char *
mc_store_default_workspace (void)
{
  return g_build_filename (g_get_user_data_dir (), "motcua", NULL);
}

gboolean
mc_db_set_error (sqlite3  *db,
                 int       rc,
                 GError  **error)
{
  const char *detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_FULL,
                   _("The disk is full, so nothing was saved. Free some space and try again."));
      break;
    case SQLITE_CORRUPT:
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_CORRUPT,
                   _("The workspace database is damaged (%s). It was left untouched; restore it from a backup or ask for support."),
                   detail);
      break;
    case SQLITE_NOTADB:
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_A_DATABASE,
                   _("The workspace file is not a Một Cửa Desk database. It was left untouched; choose another workspace folder."));
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_IN_USE,
                   _("The workspace is in use by another program. Close it and try again."));
      break;
    case SQLITE_READONLY:
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_READ_ONLY,
                   _("The workspace is open read-only, so nothing was changed."));
      break;
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
    case SQLITE_AUTH:
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_PERMISSION,
                   _("The workspace database cannot be opened (%s). Check that the folder exists and belongs to you."),
                   detail);
      break;
    case SQLITE_CONSTRAINT:
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID,
                   _("The change breaks a rule of the store (%s), so nothing was saved."),
                   detail);
      break;
    default:
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_FAILED,
                   _("The workspace database reported an error: %s"), detail);
      break;
    }

  return FALSE;
}

sqlite3_stmt *
mc_db_prepare (sqlite3     *db,
               const char  *sql,
               GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      mc_db_set_error (db, rc, error);
      return NULL;
    }

  return stmt;
}

gboolean
mc_db_exec (sqlite3     *db,
            const char  *sql,
            GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return mc_db_set_error (db, rc, error);

  return TRUE;
}

gboolean
mc_db_step_done (sqlite3       *db,
                 sqlite3_stmt  *stmt,
                 GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return mc_db_set_error (db, rc, error);

  return TRUE;
}

void
mc_db_bind_text (sqlite3_stmt *stmt,
                 int           index,
                 const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

char *
mc_db_column_dup (sqlite3_stmt *stmt,
                  int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/**
 * mc_db_meta_get:
 * @db: a connection inside a transaction
 * @key: a workspace_meta key
 * @error: where to put a failure to read
 *
 * Returns: (transfer full) (nullable): the value, %NULL when unset
 */
char *
mc_db_meta_get (sqlite3     *db,
          const char  *key,
          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = mc_db_prepare (db, "SELECT value FROM workspace_meta WHERE key = ?1", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  mc_db_bind_text (stmt, 1, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return mc_db_column_dup (stmt, 0);
  if (rc != SQLITE_DONE)
    mc_db_set_error (db, rc, error);

  return NULL;
}

/**
 * mc_db_meta_set:
 * @db: a writer connection inside a transaction
 * @key: a workspace_meta key
 * @value: its new value
 * @error: where to put a failure
 *
 * Returns: %TRUE when stored
 */
gboolean
mc_db_meta_set (sqlite3     *db,
          const char  *key,
          const char  *value,
          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = mc_db_prepare (db,
                                                "INSERT INTO workspace_meta (key, value) VALUES (?1, ?2)"
                                                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                                error);

  if (stmt == NULL)
    return FALSE;
  mc_db_bind_text (stmt, 1, key);
  mc_db_bind_text (stmt, 2, value);

  return mc_db_step_done (db, stmt, error);
}

int
mc_db_user_version (sqlite3  *db,
                    GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = mc_db_prepare (db, "PRAGMA user_version", error);
  int rc;

  if (stmt == NULL)
    return -1;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      mc_db_set_error (db, rc, error);
      return -1;
    }

  return sqlite3_column_int (stmt, 0);
}

static gboolean
ensure_private_dir (const char  *path,
                    GError     **error)
{
  struct stat st;

  if (g_mkdir_with_parents (path, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_PERMISSION,
                   _("Cannot create the folder “%s”: %s. Choose a folder you can write to."),
                   path, g_strerror (saved));
      return FALSE;
    }

  if (g_stat (path, &st) != 0 || !S_ISDIR (st.st_mode))
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_PERMISSION,
                   _("“%s” is not a folder. Choose another workspace."), path);
      return FALSE;
    }

  /* The workspace holds citizens' data: nobody else may even list it. */
  if ((st.st_mode & 0077) != 0 && g_chmod (path, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_PERMISSION,
                   _("Cannot make the folder “%s” private: %s."),
                   path, g_strerror (saved));
      return FALSE;
    }

  return TRUE;
}

/* A file that exists and is not empty must start with the SQLite magic;
 * anything else is refused before SQLite may write to it. */
static gboolean
check_database_file (const char  *path,
                     GError     **error)
{
  char header[16] = { 0 };
  ssize_t n;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;

      if (saved == ENOENT)
        return TRUE;

      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_PERMISSION,
                   _("Cannot read “%s”: %s."), path, g_strerror (saved));
      return FALSE;
    }

  n = read (fd, header, sizeof header);
  close (fd);

  if (n == 0)
    return TRUE;

  if (n != sizeof header || memcmp (header, sqlite_magic, sizeof header) != 0)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_A_DATABASE,
                   _("“%s” is not a Một Cửa Desk database. It was left untouched; choose another workspace folder."),
                   path);
      return FALSE;
    }

  return TRUE;
}

static int
take_writer_lock (const char  *workspace,
                  GError     **error)
{
  g_autofree char *path = g_build_filename (workspace, MC_STORE_LOCK_NAME, NULL);
  int fd;

  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_PERMISSION,
                   _("Cannot create “%s”: %s."), path, g_strerror (saved));
      return -1;
    }

  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved = errno;

      close (fd);
      if (saved == EWOULDBLOCK)
        g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_IN_USE,
                     _("The workspace “%s” is in use by another Một Cửa Desk program. Close it, or use that program, and try again."),
                     workspace);
      else
        g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_PERMISSION,
                     _("Cannot lock the workspace “%s”: %s."),
                     workspace, g_strerror (saved));
      return -1;
    }

  return fd;
}

static sqlite3 *
open_connection (const char  *path,
                 gboolean     create,
                 GError     **error)
{
  sqlite3 *db = NULL;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  int rc;

  if (create)
    flags |= SQLITE_OPEN_CREATE;

  rc = sqlite3_open_v2 (path, &db, flags, NULL);
  if (rc != SQLITE_OK)
    {
      if (rc == SQLITE_CANTOPEN && !create)
        g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND,
                     _("There is no workspace at “%s”. Open it once with Một Cửa Desk to create it."),
                     path);
      else
        mc_db_set_error (db, rc, error);
      sqlite3_close (db);
      return NULL;
    }

  sqlite3_extended_result_codes (db, 1);
  sqlite3_busy_timeout (db, 5000);
  rc = mc_db_register_functions (db);
  if (rc != SQLITE_OK)
    {
      mc_db_set_error (db, rc, error);
      sqlite3_close (db);
      return NULL;
    }
  /* Deleted content is overwritten, not left in free pages of the file
   * (personal data of citizens, level-3 information security). Temporary
   * data (statement journals, sorts) stays in memory, never in files of
   * the temporary directory: writing a dossier with its search index made
   * a statement journal of a dozen pages each time. */
  if (!mc_db_exec (db, "PRAGMA secure_delete=ON; PRAGMA temp_store=MEMORY", error))
    {
      sqlite3_close (db);
      return NULL;
    }

  return db;
}

/* Reads the version before any write, so a foreign or newer file is refused
 * while still untouched. */
static int
check_version (sqlite3  *db,
               GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int version = mc_db_user_version (db, error);
  int rc;

  if (version < 0)
    return -1;

  /* Parsing the schema reads page 1 and the schema pages: a damaged file
   * fails here, before any pragma below could write to it. */
  stmt = mc_db_prepare (db, "SELECT count(*) FROM sqlite_schema", error);
  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      mc_db_set_error (db, rc, error);
      return -1;
    }

  if (version > mc_store_latest_version ())
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_TOO_NEW,
                   _("This workspace was written by a newer version of Một Cửa Desk (schema %d, this program knows %d). Update the program to open it."),
                   version, mc_store_latest_version ());
      return -1;
    }

  return version;
}

static gboolean
set_writer_pragmas (sqlite3  *db,
                    GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = mc_db_prepare (db, "PRAGMA journal_mode=WAL", error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return mc_db_set_error (db, rc, error);

  if (g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), "wal") != 0)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_FAILED,
                   _("The workspace database cannot use write-ahead logging on this disk."));
      return FALSE;
    }

  return mc_db_exec (db,
                     "PRAGMA synchronous=FULL;"
                     "PRAGMA foreign_keys=ON;",
                     error);
}

static void
mc_store_finalize (GObject *object)
{
  McStore *self = MC_STORE (object);

  mc_store_close (self);
  g_mutex_clear (&self->write_mutex);
  g_mutex_clear (&self->read_mutex);
  g_free (self->workspace);
  g_free (self->db_path);
  g_free (self->blob_dir);

  G_OBJECT_CLASS (mc_store_parent_class)->finalize (object);
}

static void
mc_store_class_init (McStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mc_store_finalize;
}

static void
mc_store_init (McStore *self)
{
  self->lock_fd = -1;
  g_mutex_init (&self->write_mutex);
  g_mutex_init (&self->read_mutex);
}

/**
 * mc_store_open:
 * @workspace: the workspace folder
 * @flags: %MC_STORE_OPEN_READ_ONLY for commands that only read
 * @error: where to put a failure
 *
 * Opens (and for a writer, creates and migrates) the workspace. A writer
 * holds the workspace's lock until the store is closed or finalized.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
McStore *
mc_store_open (const char        *workspace,
               McStoreOpenFlags   flags,
               GError           **error)
{
  g_autoptr(McStore) self = NULL;
  gboolean read_only = (flags & MC_STORE_OPEN_READ_ONLY) != 0;
  int version;

  g_return_val_if_fail (workspace != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (MC_TYPE_STORE, NULL);
  self->flags = flags;
  self->workspace = g_canonicalize_filename (workspace, NULL);
  self->db_path = g_build_filename (self->workspace, MC_STORE_DB_NAME, NULL);
  self->blob_dir = g_build_filename (self->workspace, MC_STORE_BLOB_DIR, NULL);

  if (read_only)
    {
      if (!g_file_test (self->db_path, G_FILE_TEST_EXISTS))
        {
          g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND,
                       _("There is no workspace at “%s”. Open it once with Một Cửa Desk to create it."),
                       self->workspace);
          return NULL;
        }
    }
  else
    {
      if (!ensure_private_dir (self->workspace, error))
        return NULL;
    }

  if (!check_database_file (self->db_path, error))
    return NULL;

  if (!read_only)
    {
      g_autofree char *wal = g_strconcat (self->db_path, "-wal", NULL);

      self->lock_fd = take_writer_lock (self->workspace, error);
      if (self->lock_fd < 0)
        return NULL;

      if (!ensure_private_dir (self->blob_dir, error))
        return NULL;

      self->writer = open_connection (self->db_path, TRUE, error);
      if (self->writer == NULL)
        return NULL;

      /* SQLite gives -wal and -shm the database file's mode. */
      if (g_chmod (self->db_path, 0600) != 0)
        {
          int saved = errno;
          g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_PERMISSION,
                       _("Cannot make “%s” private: %s."),
                       self->db_path, g_strerror (saved));
          return NULL;
        }

      version = check_version (self->writer, error);
      if (version < 0)
        return NULL;

      if (!set_writer_pragmas (self->writer, error))
        return NULL;

      if (version < mc_store_latest_version () &&
          !mc_store_migrate (self->writer, mc_store_latest_version (), error))
        return NULL;

      if (g_file_test (wal, G_FILE_TEST_EXISTS))
        g_chmod (wal, 0600);
    }

  self->reader = open_connection (self->db_path, FALSE, error);
  if (self->reader == NULL)
    return NULL;

  version = check_version (self->reader, error);
  if (version < 0)
    return NULL;

  if (version < mc_store_latest_version ())
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_TOO_OLD,
                   _("This workspace was written by an older version of Một Cửa Desk. Open it once in the app to upgrade it."));
      return NULL;
    }

  if (!mc_db_exec (self->reader, "PRAGMA foreign_keys=ON; PRAGMA query_only=ON;", error))
    return NULL;

  self->schema_version = version;

  return g_steal_pointer (&self);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *workspace = task_data;
  McStoreOpenFlags flags = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (task), "flags"));
  GError *error = NULL;
  McStore *store;

  store = mc_store_open (workspace, flags, &error);
  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store, g_object_unref);
}

void
mc_store_open_async (const char          *workspace,
                     McStoreOpenFlags     flags,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (workspace != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_store_open_async);
  g_task_set_task_data (task, g_strdup (workspace), g_free);
  g_object_set_data (G_OBJECT (task), "flags", GUINT_TO_POINTER (flags));
  g_task_run_in_thread (task, open_thread);
}

McStore *
mc_store_open_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
mc_store_get_workspace (McStore *self)
{
  g_return_val_if_fail (MC_IS_STORE (self), NULL);

  return self->workspace;
}

const char *
mc_store_get_blob_dir (McStore *self)
{
  g_return_val_if_fail (MC_IS_STORE (self), NULL);

  return self->blob_dir;
}

gboolean
mc_store_is_read_only (McStore *self)
{
  g_return_val_if_fail (MC_IS_STORE (self), TRUE);

  return self->writer == NULL;
}

int
mc_store_get_schema_version (McStore *self)
{
  g_return_val_if_fail (MC_IS_STORE (self), -1);

  return self->schema_version;
}

/**
 * mc_store_close:
 * @self: a store
 *
 * Closes both connections and releases the workspace lock. Later calls fail
 * with %MC_STORE_ERROR_READ_ONLY or %MC_STORE_ERROR_FAILED.
 */
void
mc_store_close (McStore *self)
{
  g_return_if_fail (MC_IS_STORE (self));

  g_mutex_lock (&self->read_mutex);
  g_clear_pointer (&self->reader, sqlite3_close);
  g_mutex_unlock (&self->read_mutex);

  g_mutex_lock (&self->write_mutex);
  g_clear_pointer (&self->writer, sqlite3_close);
  g_mutex_unlock (&self->write_mutex);

  if (self->lock_fd >= 0)
    {
      close (self->lock_fd);
      self->lock_fd = -1;
    }
}

static gboolean
run_in_transaction (sqlite3      *db,
                    const char   *begin,
                    McStoreFunc   func,
                    gpointer      user_data,
                    gpointer     *result,
                    GError      **error)
{
  GError *local_error = NULL;

  if (!mc_db_exec (db, begin, error))
    return FALSE;

  if (!func (db, user_data, result, &local_error))
    {
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      if (local_error == NULL)
        g_set_error (&local_error, MC_STORE_ERROR, MC_STORE_ERROR_FAILED,
                     _("The change was not saved."));
      g_propagate_error (error, local_error);
      return FALSE;
    }

  if (!mc_db_exec (db, "COMMIT", error))
    {
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }

  return TRUE;
}

/**
 * mc_store_write:
 * @self: a store opened for writing
 * @func: the work, run inside one `BEGIN IMMEDIATE` transaction
 * @user_data: data for @func
 * @result: (out) (optional): what @func produced
 * @error: where to put a failure
 *
 * Runs @func in one transaction on the writer connection, in the calling
 * thread. Either everything @func wrote is committed or nothing is.
 *
 * Returns: %TRUE when committed
 */
gboolean
mc_store_write (McStore      *self,
                McStoreFunc   func,
                gpointer      user_data,
                gpointer     *result,
                GError      **error)
{
  gpointer dummy = NULL;
  gboolean ok;

  g_return_val_if_fail (MC_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  g_mutex_lock (&self->write_mutex);
  if (self->writer == NULL)
    {
      g_mutex_unlock (&self->write_mutex);
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_READ_ONLY,
                   _("The workspace is open read-only, so nothing was changed."));
      return FALSE;
    }
  ok = run_in_transaction (self->writer, "BEGIN IMMEDIATE", func, user_data,
                           result != NULL ? result : &dummy, error);
  g_mutex_unlock (&self->write_mutex);

  return ok;
}

/**
 * mc_store_read:
 * @self: a store
 * @func: the work, run inside one read transaction (a consistent snapshot)
 * @user_data: data for @func
 * @result: (out) (optional): what @func produced
 * @error: where to put a failure
 *
 * Runs @func on the reader connection, which refuses writes.
 *
 * Returns: %TRUE when @func succeeded
 */
gboolean
mc_store_read (McStore      *self,
               McStoreFunc   func,
               gpointer      user_data,
               gpointer     *result,
               GError      **error)
{
  gpointer dummy = NULL;
  gboolean ok;

  g_return_val_if_fail (MC_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  g_mutex_lock (&self->read_mutex);
  if (self->reader == NULL)
    {
      g_mutex_unlock (&self->read_mutex);
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_FAILED,
                   _("The workspace is closed."));
      return FALSE;
    }
  ok = run_in_transaction (self->reader, "BEGIN", func, user_data,
                           result != NULL ? result : &dummy, error);
  g_mutex_unlock (&self->read_mutex);

  return ok;
}

typedef struct
{
  McStoreFunc func;
  gpointer user_data;
  GDestroyNotify user_data_free;
  GDestroyNotify result_free;
  gboolean write;
} RunData;

static void
run_data_free (gpointer data)
{
  RunData *run = data;

  if (run->user_data_free != NULL)
    run->user_data_free (run->user_data);
  g_free (run);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  McStore *self = source_object;
  RunData *run = task_data;
  GError *error = NULL;
  gpointer result = NULL;
  gboolean ok;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (run->write)
    ok = mc_store_write (self, run->func, run->user_data, &result, &error);
  else
    ok = mc_store_read (self, run->func, run->user_data, &result, &error);

  if (!ok)
    {
      if (result != NULL && run->result_free != NULL)
        run->result_free (result);
      g_task_return_error (task, error);
    }
  else
    g_task_return_pointer (task, result, run->result_free);
}

static void
run_async (McStore             *self,
           gboolean             write,
           McStoreFunc          func,
           gpointer             user_data,
           GDestroyNotify       user_data_free,
           GDestroyNotify       result_free,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             callback_data)
{
  g_autoptr(GTask) task = NULL;
  RunData *run;

  run = g_new0 (RunData, 1);
  run->func = func;
  run->user_data = user_data;
  run->user_data_free = user_data_free;
  run->result_free = result_free;
  run->write = write;

  task = g_task_new (self, cancellable, callback, callback_data);
  g_task_set_source_tag (task, run_async);
  g_task_set_task_data (task, run, run_data_free);
  g_task_run_in_thread (task, run_thread);
}

/**
 * mc_store_write_async:
 * @self: a store opened for writing
 * @func: the work
 * @user_data: data for @func
 * @user_data_free: (nullable): frees @user_data when the task ends
 * @result_free: (nullable): frees the result if nobody takes it
 * @cancellable: (nullable): cancels the work if it has not started
 * @callback: called on the caller's main context
 * @callback_data: data for @callback
 *
 * Runs mc_store_write() in a worker thread. Finish with
 * mc_store_run_finish().
 */
void
mc_store_write_async (McStore             *self,
                      McStoreFunc          func,
                      gpointer             user_data,
                      GDestroyNotify       user_data_free,
                      GDestroyNotify       result_free,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             callback_data)
{
  g_return_if_fail (MC_IS_STORE (self));

  run_async (self, TRUE, func, user_data, user_data_free, result_free,
             cancellable, callback, callback_data);
}

/**
 * mc_store_read_async:
 * @self: a store
 * @func: the work
 * @user_data: data for @func
 * @user_data_free: (nullable): frees @user_data when the task ends
 * @result_free: (nullable): frees the result if nobody takes it
 * @cancellable: (nullable): cancels the work if it has not started
 * @callback: called on the caller's main context
 * @callback_data: data for @callback
 *
 * Runs mc_store_read() in a worker thread. Finish with
 * mc_store_run_finish().
 */
void
mc_store_read_async (McStore             *self,
                     McStoreFunc          func,
                     gpointer             user_data,
                     GDestroyNotify       user_data_free,
                     GDestroyNotify       result_free,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             callback_data)
{
  g_return_if_fail (MC_IS_STORE (self));

  run_async (self, FALSE, func, user_data, user_data_free, result_free,
             cancellable, callback, callback_data);
}

/**
 * mc_store_run_finish:
 * @self: a store
 * @result: the result given to the callback
 * @error: where to put a failure
 *
 * Returns: (transfer full) (nullable): what the work produced; %NULL with
 *   @error set on failure
 */
gpointer
mc_store_run_finish (McStore       *self,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
