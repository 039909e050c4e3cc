/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The workspace store: private files, WAL and pragmas, STRICT tables,
 * migrations from every earlier schema, refusal of newer or foreign files
 * without touching them, one writer at a time (in-process and against the
 * CLI), a full disk, and a writer killed with SIGKILL in the middle of its
 * work. Each officer's own settings stay theirs. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mc-core.h"
#include "store/mc-desk-profile.h"
#include "store/mc-store-private.h"

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("motcua-store-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
rm_rf (const char *path)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", path);

  g_assert_cmpint (system (command), ==, 0);
}

static int
file_mode (const char *path)
{
  struct stat st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

static char *
file_digest (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

static gboolean
read_pragmas (sqlite3   *db,
              gpointer   user_data,
              gpointer  *result,
              GError   **error)
{
  gint64 *values = user_data;

  values[0] = query_int (db, "PRAGMA synchronous");
  values[1] = query_int (db, "PRAGMA foreign_keys");
  values[2] = query_int (db, "SELECT count(*) FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' AND strict = 0");
  values[3] = query_int (db, "SELECT count(*) FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'");

  return TRUE;
}

static void
test_create (void)
{
  g_autofree char *tmp = make_tmp_dir ();
  g_autofree char *workspace = g_build_filename (tmp, "nested", "ws", NULL);
  g_autofree char *db_path = g_build_filename (workspace, "desk.sqlite", NULL);
  g_autofree char *blobs = g_build_filename (workspace, "blobs", NULL);
  g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db_path, "-shm", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  sqlite3 *raw = NULL;
  gint64 pragmas[4] = { 0 };

  /* A process umask that would make files world-readable must not leak
   * into the workspace. */
  umask (0022);
  store = mc_store_open (workspace, MC_STORE_OPEN_DEFAULT, &error);
  umask (0077);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  g_assert_cmpint (mc_store_get_schema_version (store), ==, mc_store_latest_version ());
  g_assert_cmpint (file_mode (workspace), ==, 0700);
  g_assert_cmpint (file_mode (blobs), ==, 0700);
  g_assert_cmpint (file_mode (db_path), ==, 0600);

  g_assert_true (mc_store_write (store, read_pragmas, pragmas, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pragmas[0], ==, 2); /* FULL */
  g_assert_cmpint (pragmas[1], ==, 1);
  g_assert_cmpint (pragmas[2], ==, 0); /* no table without STRICT */
  g_assert_cmpint (pragmas[3], >=, 3);

  /* WAL is recorded in the file, and its side files are private too. */
  g_assert_cmpint (sqlite3_open_v2 (db_path, &raw, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  {
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (raw, "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
    sqlite3_finalize (stmt);
  }
  sqlite3_close (raw);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_cmpint (file_mode (wal), ==, 0600);
  g_assert_cmpint (file_mode (shm), ==, 0600);

  mc_store_close (store);
  rm_rf (tmp);
}

static void
test_loosened_folder_is_tightened (void)
{
  g_autofree char *tmp = make_tmp_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;

  g_assert_cmpint (g_chmod (tmp, 0755), ==, 0);
  store = mc_store_open (tmp, MC_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (file_mode (tmp), ==, 0700);

  mc_store_close (store);
  rm_rf (tmp);
}

/* What a workspace at each earlier version holds, so the upgrade can be
 * shown to keep it. */
static void
fill_at_version (sqlite3 *db,
                 int      version)
{
  if (version >= 2)
    g_assert_cmpint (sqlite3_exec (db,
                                   "INSERT INTO dossier (code, procedure_code, procedure_name, applicant_name,"
                                   " applicant_id, received_at, due_at, state, updated_at)"
                                   " VALUES ('H40.12.03.X05-250701-0001', '1.001193', 'Đăng ký khai sinh',"
                                   " 'Đặng Thị Hòa', '001190000001', 1751335200, 1751421600, 4, 1751335200)",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
  if (version >= 3)
    g_assert_cmpint (sqlite3_exec (db,
                                   "INSERT INTO admin_province VALUES ('01', 'Thành phố Hà Nội')",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
}

static void
test_migrate_from_every_version (void)
{
  for (int version = 0; version < mc_store_latest_version (); version++)
    {
      g_autofree char *tmp = make_tmp_dir ();
      g_autofree char *db_path = g_build_filename (tmp, "desk.sqlite", NULL);
      g_autofree char *workspace_id = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(McStore) store = NULL;
      sqlite3 *db = NULL;

      g_test_message ("from schema %d", version);
      g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
      g_assert_true (mc_store_migrate (db, version, &error));
      g_assert_no_error (error);
      g_assert_cmpint (mc_db_user_version (db, NULL), ==, version);
      fill_at_version (db, version);
      if (version >= 1)
        {
          sqlite3_stmt *stmt = NULL;

          sqlite3_prepare_v2 (db, "SELECT value FROM workspace_meta WHERE key = 'workspace_id'", -1, &stmt, NULL);
          g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
          workspace_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          sqlite3_finalize (stmt);
        }
      sqlite3_close (db);

      store = mc_store_open (tmp, MC_STORE_OPEN_DEFAULT, &error);
      g_assert_no_error (error);
      g_assert_cmpint (mc_store_get_schema_version (store), ==, mc_store_latest_version ());
      mc_store_close (store);

      g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
      g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, mc_store_latest_version ());
      g_assert_cmpint (query_int (db, "SELECT count(*) FROM dossier"), ==, version >= 2 ? 1 : 0);
      g_assert_cmpint (query_int (db, "SELECT count(*) FROM admin_province"), ==, version >= 3 ? 1 : 0);
      /* Dossiers from before the search index are found through it, by
       * their folded name. */
      g_assert_cmpint (query_int (db, "SELECT count(*) FROM dossier_fts WHERE dossier_fts MATCH 'dang thi hoa'"),
                       ==, version >= 2 ? 1 : 0);
      if (workspace_id != NULL)
        {
          sqlite3_stmt *stmt = NULL;

          sqlite3_prepare_v2 (db, "SELECT value FROM workspace_meta WHERE key = 'workspace_id'", -1, &stmt, NULL);
          g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
          g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, workspace_id);
          sqlite3_finalize (stmt);
        }
      sqlite3_close (db);
      rm_rf (tmp);
    }
}

static void
test_refuse_newer (void)
{
  g_autofree char *tmp = make_tmp_dir ();
  g_autofree char *db_path = g_build_filename (tmp, "desk.sqlite", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *pragma = g_strdup_printf ("PRAGMA user_version=%d", mc_store_latest_version () + 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_true (mc_store_migrate (db, mc_store_latest_version (), NULL));
  g_assert_cmpint (sqlite3_exec (db, pragma, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  before = file_digest (db_path);

  store = mc_store_open (tmp, MC_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer"));

  after = file_digest (db_path);
  g_assert_cmpstr (before, ==, after);
  rm_rf (tmp);
}

static void
check_refused_untouched (const char *tmp,
                         const char *db_path)
{
  g_autofree char *before = file_digest (db_path);
  g_autofree char *after = NULL;
  g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;

  store = mc_store_open (tmp, MC_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_nonnull (error);
  g_assert_true (error->domain == MC_STORE_ERROR);
  g_assert_true (error->code == MC_STORE_ERROR_NOT_A_DATABASE || error->code == MC_STORE_ERROR_CORRUPT);
  g_test_message ("refused with: %s", error->message);

  after = file_digest (db_path);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_refuse_foreign_file (void)
{
  g_autofree char *tmp = make_tmp_dir ();
  g_autofree char *db_path = g_build_filename (tmp, "desk.sqlite", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (db_path, "Đây không phải cơ sở dữ liệu — just a text file\n", -1, &error);
  g_assert_no_error (error);
  check_refused_untouched (tmp, db_path);
  rm_rf (tmp);
}

static void
test_refuse_corrupt_file (void)
{
  g_autofree char *tmp = make_tmp_dir ();
  g_autofree char *db_path = g_build_filename (tmp, "desk.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  int fd;

  store = mc_store_open (tmp, MC_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  mc_store_close (store);
  g_clear_object (&store);
  /* Checkpointed and closed: everything is in desk.sqlite now. */
  g_assert_true (g_file_test (db_path, G_FILE_TEST_EXISTS));

  /* Keep the 100-byte header, wreck the rest of page 1 (the schema). */
  fd = g_open (db_path, O_WRONLY, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (lseek (fd, 100, SEEK_SET), ==, 100);
  for (int i = 0; i < 64; i++)
    g_assert_cmpint (write (fd, "\xde\xad\xbe\xef\x13\x37\x42\x99", 8), ==, 8);
  close (fd);

  check_refused_untouched (tmp, db_path);
  rm_rf (tmp);
}

static void
test_single_writer (void)
{
  g_autofree char *tmp = make_tmp_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) first = NULL;
  g_autoptr(McStore) second = NULL;
  g_autoptr(McStore) reader = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;
  const char *cli = g_getenv ("MOTCUA_CLI");
  gint64 started;

  first = mc_store_open (tmp, MC_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);

  second = mc_store_open (tmp, MC_STORE_OPEN_DEFAULT, &error);
  g_assert_null (second);
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_IN_USE);
  g_assert_nonnull (strstr (error->message, "in use"));
  g_clear_error (&error);

  /* Readers are welcome while the writer works. */
  reader = mc_store_open (tmp, MC_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (mc_store_is_read_only (reader));

  /* A CLI writer gets a clear one-line error at once instead of waiting. */
  g_assert_nonnull (cli);
  {
    const char *argv[] = { cli, "--workspace", tmp, "demo", "--dossiers", "5", "--quiet", NULL };

    started = g_get_monotonic_time ();
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
    g_assert_no_error (error);
  }
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_nonnull (strstr (err, "in use"));
  g_assert_cmpint (strchr (err, '\n') - err, ==, (gint64) strlen (err) - 1);
  /* Not the 5 s busy timeout of SQLite: the lock answers at once. */
  g_assert_cmpint (g_get_monotonic_time () - started, <, 4 * G_USEC_PER_SEC);

  /* Once the writer closes, the next one may write. */
  mc_store_close (first);
  second = mc_store_open (tmp, MC_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (second);

  mc_store_close (second);
  mc_store_close (reader);
  rm_rf (tmp);
}

static gboolean
insert_rows (sqlite3   *db,
             gpointer   user_data,
             gpointer  *result,
             GError   **error)
{
  int first = GPOINTER_TO_INT (user_data);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = mc_db_prepare (db,
                        "INSERT INTO dossier (code, procedure_code, procedure_name, applicant_name,"
                        " applicant_id, state, updated_at) VALUES (?1, '1.001193', 'Đăng ký khai sinh',"
                        " 'Nguyễn Văn An', '001090000001', 1, 0)",
                        error);
  if (stmt == NULL)
    return FALSE;

  for (int i = 0; i < 50; i++)
    {
      g_autofree char *code = g_strdup_printf ("TEST-%08d", first + i);

      sqlite3_reset (stmt);
      mc_db_bind_text (stmt, 1, code);
      if (!mc_db_step_done (db, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
limit_pages (sqlite3   *db,
             gpointer   user_data,
             gpointer  *result,
             GError   **error)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA max_page_count=%" G_GINT64_FORMAT,
                                          query_int (db, "PRAGMA page_count") + 1);

  return mc_db_exec (db, sql, error);
}

static gboolean
count_dossiers (sqlite3   *db,
                gpointer   user_data,
                gpointer  *result,
                GError   **error)
{
  *(gint64 *) user_data = query_int (db, "SELECT count(*) FROM dossier");
  return TRUE;
}

/* SQLite reports SQLITE_FULL both for a full disk and for a page limit;
 * the page limit lets the test reach the same path without filling a disk. */
static void
test_disk_full (void)
{
  g_autofree char *tmp = make_tmp_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  gint64 count = -1;
  int batch;

  store = mc_store_open (tmp, MC_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (mc_store_write (store, insert_rows, GINT_TO_POINTER (0), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (mc_store_write (store, limit_pages, NULL, NULL, &error));

  for (batch = 1; batch < 100; batch++)
    if (!mc_store_write (store, insert_rows, GINT_TO_POINTER (batch * 50), NULL, &error))
      break;

  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_FULL);
  g_assert_nonnull (strstr (error->message, "disk is full"));

  /* The failed batch left nothing behind; the earlier ones are intact. */
  g_assert_true (mc_store_read (store, count_dossiers, &count, NULL, NULL));
  g_assert_cmpint (count, ==, batch * 50);

  mc_store_close (store);
  rm_rf (tmp);
}

/* The child of the crash test: write batches forever, reporting each batch
 * on stdout only after its COMMIT returned. */
static int
crash_child (const char *workspace)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = mc_store_open (workspace, MC_STORE_OPEN_DEFAULT, &error);

  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  for (int batch = 0;; batch++)
    {
      if (!mc_store_write (store, insert_rows, GINT_TO_POINTER (batch * 50), NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      printf ("%d\n", batch);
      fflush (stdout);
    }
}

static void
test_crash_while_writing (void)
{
  g_autofree char *tmp = make_tmp_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = NULL;
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  for (int round = 0; round < 5; round++)
    {
      const char *argv[] = { self, "--crash-child", tmp, NULL };
      g_autoptr(GSubprocess) child = NULL;
      g_autoptr(GDataInputStream) lines = NULL;
      int last = -1;
      gint64 count = -1;
      g_autofree char *integrity = NULL;

      child = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
      g_assert_no_error (error);
      lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));

      /* Let it commit a varying number of batches, then kill it mid-write. */
      for (int i = 0; i < 20 + round * 7; i++)
        {
          g_autofree char *line = g_data_input_stream_read_line (lines, NULL, NULL, &error);

          g_assert_no_error (error);
          g_assert_nonnull (line);
          last = atoi (line);
        }
      g_subprocess_send_signal (child, SIGKILL);
      g_subprocess_wait (child, NULL, &error);
      g_assert_no_error (error);
      /* Batches committed after the last line read also count. */
      for (;;)
        {
          g_autofree char *line = g_data_input_stream_read_line (lines, NULL, NULL, NULL);

          if (line == NULL)
            break;
          last = atoi (line);
        }

      store = mc_store_open (tmp, MC_STORE_OPEN_DEFAULT, &error);
      g_assert_no_error (error);
      g_assert_true (mc_store_read (store, count_dossiers, &count, NULL, &error));
      g_assert_no_error (error);

      {
        sqlite3 *db = NULL;
        sqlite3_stmt *stmt = NULL;
        g_autofree char *path = g_build_filename (tmp, "desk.sqlite", NULL);

        g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
        sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL);
        g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
        integrity = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
        sqlite3_finalize (stmt);
        sqlite3_close (db);
      }
      g_assert_cmpstr (integrity, ==, "ok");

      /* Every reported batch is there, whole; a batch in flight is either
       * whole or absent, never partial. */
      g_assert_cmpint (count % 50, ==, 0);
      g_assert_cmpint (count, >=, (gint64) (last + 1) * 50);
      g_assert_cmpint (count, <=, (gint64) (last + 2) * 50);

      /* The next round continues after the rows already there. */
      mc_store_close (store);
      g_clear_object (&store);

      {
        g_autofree char *path = g_build_filename (tmp, "desk.sqlite", NULL);
        sqlite3 *db = NULL;

        g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
        g_assert_cmpint (sqlite3_exec (db, "DELETE FROM dossier", NULL, NULL, NULL), ==, SQLITE_OK);
        sqlite3_close (db);
      }
    }

  rm_rf (tmp);
}

/* An officer's own setting is read back for them only; with nobody
 * working, nothing is kept and nothing is read. */
static void
test_officer_settings (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *workspace = g_build_filename (dir, "desk", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(McDesk) desk = mc_desk_open (workspace, MC_STORE_OPEN_DEFAULT, &error);
  g_autoptr(McOfficer) lan = mc_officer_new ("lan", "Nguyễn Thị Lan", "", "", MC_ROLE_RECEPTION);
  g_autoptr(McOfficer) minh = mc_officer_new ("minh", "Trần Văn Minh", "", "", MC_ROLE_RECEPTION);
  char *value;

  g_assert_no_error (error);
  g_assert_true (mc_desk_add_officer (desk, lan, &error));
  g_assert_true (mc_desk_add_officer (desk, minh, &error));
  g_assert_no_error (error);

  g_assert_true (mc_desk_set_officer_setting (desk, "scan", "resolution=150", &error));
  g_assert_no_error (error);
  g_assert_null (mc_desk_get_officer_setting (desk, "scan", &error));
  g_assert_no_error (error);

  mc_officer_free (mc_desk_use_officer (desk, "lan", &error));
  g_assert_no_error (error);
  g_assert_null (mc_desk_get_officer_setting (desk, "scan", &error));
  g_assert_true (mc_desk_set_officer_setting (desk, "scan", "resolution=150", &error));
  value = mc_desk_get_officer_setting (desk, "scan", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "resolution=150");
  g_free (value);

  mc_officer_free (mc_desk_use_officer (desk, "minh", &error));
  g_assert_null (mc_desk_get_officer_setting (desk, "scan", &error));
  g_assert_no_error (error);
  g_assert_true (mc_desk_set_officer_setting (desk, "scan", "resolution=600", &error));

  mc_officer_free (mc_desk_use_officer (desk, "lan", &error));
  value = mc_desk_get_officer_setting (desk, "scan", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "resolution=150");
  g_free (value);

  mc_store_close (mc_desk_get_store (desk));
  rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "--crash-child"))
    return crash_child (argv[2]);

  mc_core_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/create", test_create);
  g_test_add_func ("/store/loosened-folder", test_loosened_folder_is_tightened);
  g_test_add_func ("/store/migrate-from-every-version", test_migrate_from_every_version);
  g_test_add_func ("/store/refuse-newer", test_refuse_newer);
  g_test_add_func ("/store/refuse-foreign", test_refuse_foreign_file);
  g_test_add_func ("/store/refuse-corrupt", test_refuse_corrupt_file);
  g_test_add_func ("/store/single-writer", test_single_writer);
  g_test_add_func ("/store/disk-full", test_disk_full);
  g_test_add_func ("/store/crash-while-writing", test_crash_while_writing);
  g_test_add_func ("/store/officer-settings", test_officer_settings);

  return g_test_run ();
}
