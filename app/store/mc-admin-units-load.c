/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Loading the administrative units from data/admin-units/ (copied from the
 * shared reference data by update.sh) into the store's admin_* tables. Both
 * files are read and checked completely before the tables are touched, so a
 * damaged file changes nothing and the error names the file and line. */
#define G_LOG_DOMAIN "motcua-citizen"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-admin-units-repo.h"
#include "mc-store-private.h"

static const char current_header[] = "province_code\tprovince_name\tcommune_code\tcommune_name";
static const char old_header[] =
  "old_province_code\told_province_name\told_commune_code\told_commune_name\t"
  "new_province_code\tnew_commune_codes";

/* Reading the TSV files. */

/* The fields point into @contents, cut in place: one allocation per file
 * rather than several per line, which matters for 13,000 lines. */
typedef struct
{
  char *path;
  char *display;
  char *contents;
  guint n_fields;
  guint n_rows;
  GPtrArray *fields;  /* n_fields per data line, flat */
  GArray *line_numbers;
} TsvFile;

static void
tsv_file_clear (TsvFile *file)
{
  g_clear_pointer (&file->path, g_free);
  g_clear_pointer (&file->display, g_free);
  g_clear_pointer (&file->contents, g_free);
  g_clear_pointer (&file->fields, g_ptr_array_unref);
  g_clear_pointer (&file->line_numbers, g_array_unref);
}

static char **
tsv_row (const TsvFile *file,
         guint          i)
{
  return (char **) &file->fields->pdata[i * file->n_fields];
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TsvFile, tsv_file_clear)

static gboolean G_GNUC_PRINTF (4, 5)
tsv_error (GError        **error,
           const TsvFile  *file,
           guint           line,
           const char     *format,
           ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* TRANSLATORS: file name, line number, then what is wrong */
  g_set_error (error, MC_CITIZEN_ERROR, MC_CITIZEN_ERROR_DATA_MALFORMED,
               _("%s, line %u: %s Run data/admin-units/update.sh or reinstall the program."),
               file->display, line, message);
  return FALSE;
}

static gboolean
tsv_read (TsvFile     *file,
          const char  *dir,
          const char  *name,
          const char  *header,
          guint        n_fields,
          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize length;
  char *line;
  char *next;
  const char *end;
  guint number = 0;

  file->path = g_build_filename (dir, name, NULL);
  file->display = g_filename_display_name (file->path);
  file->n_fields = n_fields;
  file->fields = g_ptr_array_new ();
  file->line_numbers = g_array_new (FALSE, FALSE, sizeof (guint));

  if (!g_file_get_contents (file->path, &file->contents, &length, &local_error))
    {
      g_set_error (error, MC_CITIZEN_ERROR, MC_CITIZEN_ERROR_DATA_UNREADABLE,
                   _("Cannot read the administrative units: %s. "
                     "Run data/admin-units/update.sh or reinstall the program."),
                   local_error->message);
      return FALSE;
    }

  if (memchr (file->contents, '\0', length) != NULL || !g_utf8_validate (file->contents, (gssize) length, NULL))
    return tsv_error (error, file, 1, "%s", _("the file is not UTF-8 text."));

  end = file->contents + length;
  for (line = file->contents; line != NULL && line < end; line = next)
    {
      gsize len;
      guint found = 1;
      char *field;

      /* memchr with the length left, not strchr: a string search over the
       * rest of the file per line is quadratic under AddressSanitizer. */
      next = memchr (line, '\n', (gsize) (end - line));
      if (next != NULL)
        *next++ = '\0';
      number++;

      len = strlen (line);
      if (len > 0 && line[len - 1] == '\r')
        line[--len] = '\0';

      if (number == 1)
        {
          const char *text = g_str_has_prefix (line, "\xEF\xBB\xBF") ? line + 3 : line;

          if (!g_str_equal (text, header))
            return tsv_error (error, file, number, _("expected the header “%s”."), header);
          continue;
        }

      if (len == 0)
        {
          /* Only a last empty line is allowed. */
          if (next != NULL && next < end)
            return tsv_error (error, file, number, "%s", _("the line is empty."));
          continue;
        }

      for (const char *p = line; *p != '\0'; p++)
        found += *p == '\t';
      if (found != n_fields)
        return tsv_error (error, file, number, _("expected %u tab-separated fields, found %u."),
                          n_fields, found);

      field = line;
      for (guint i = 0; i < n_fields; i++)
        {
          char *tab = strchr (field, '\t');

          if (tab != NULL)
            *tab = '\0';
          if (*field == '\0')
            return tsv_error (error, file, number, _("field %u is empty."), i + 1);
          g_ptr_array_add (file->fields, field);
          field = tab != NULL ? tab + 1 : NULL;
        }

      file->n_rows++;
      g_array_append_val (file->line_numbers, number);
    }

  if (number == 0)
    return tsv_error (error, file, 1, "%s", _("the file is empty."));

  return TRUE;
}

static gboolean
is_code (const char *text,
         gsize       len)
{
  return strlen (text) == len && strspn (text, "0123456789") == len;
}

static gboolean
check_current (const TsvFile  *file,
               GHashTable     *provinces,
               GHashTable     *communes,
               GError        **error)
{
  for (guint i = 0; i < file->n_rows; i++)
    {
      char **row = tsv_row (file, i);
      guint line = g_array_index (file->line_numbers, guint, i);
      const char *known;

      if (!is_code (row[0], 2))
        return tsv_error (error, file, line, _("the province code “%s” is not two digits."), row[0]);
      if (!is_code (row[2], 5))
        return tsv_error (error, file, line, _("the commune code “%s” is not five digits."), row[2]);

      known = g_hash_table_lookup (provinces, row[0]);
      if (known != NULL && !g_str_equal (known, row[1]))
        return tsv_error (error, file, line, _("province %s is called “%s” here but “%s” above."),
                          row[0], row[1], known);
      g_hash_table_insert (provinces, row[0], row[1]);

      if (g_hash_table_contains (communes, row[2]))
        return tsv_error (error, file, line, _("the commune code %s appears twice."), row[2]);
      g_hash_table_insert (communes, row[2], row);
    }

  return TRUE;
}

static gboolean
check_old (const TsvFile  *file,
           GHashTable     *provinces,
           GHashTable     *communes,
           GError        **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < file->n_rows; i++)
    {
      char **row = tsv_row (file, i);
      guint line = g_array_index (file->line_numbers, guint, i);
      g_auto(GStrv) codes = NULL;

      if (!is_code (row[0], 2))
        return tsv_error (error, file, line, _("the old province code “%s” is not two digits."), row[0]);
      /* Five digits for a commune; three for the island districts that have
       * no communes (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa). */
      if (!is_code (row[2], 5) && !is_code (row[2], 3))
        return tsv_error (error, file, line, _("the old commune code “%s” is not five digits."), row[2]);
      if (g_hash_table_contains (seen, row[2]))
        return tsv_error (error, file, line, _("the old commune code %s appears twice."), row[2]);
      g_hash_table_add (seen, row[2]);

      if (!g_hash_table_contains (provinces, row[4]))
        return tsv_error (error, file, line, _("the new province code “%s” is not in %s."),
                          row[4], MC_ADMIN_UNITS_CURRENT_FILE);

      codes = g_strsplit (row[5], ",", -1);
      for (guint j = 0; codes[j] != NULL; j++)
        {
          if (!is_code (codes[j], 5))
            return tsv_error (error, file, line, _("the new commune code “%s” is not five digits."), codes[j]);
          if (!g_hash_table_contains (communes, codes[j]))
            return tsv_error (error, file, line, _("the new commune code %s is not in %s."),
                              codes[j], MC_ADMIN_UNITS_CURRENT_FILE);
        }
    }

  return TRUE;
}

static gboolean
insert_rows (sqlite3        *db,
             const char     *sql,
             const TsvFile  *file,
             const int      *columns,
             guint           n_columns,
             GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = mc_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < file->n_rows; i++)
    {
      char **row = tsv_row (file, i);

      for (guint c = 0; c < n_columns; c++)
        mc_db_bind_text (stmt, (int) c + 1, row[columns[c]]);
      if (!mc_db_step_done (db, stmt, error))
        return FALSE;
      sqlite3_reset (stmt);
    }

  return TRUE;
}

/**
 * mc_admin_units_load:
 * @db: a writer connection inside a transaction (see mc_store_write())
 * @dir: the folder with the two TSV files, usually
 *   `mc_core_get_data_dir()/admin-units`
 * @error: where to put a failure
 *
 * Replaces the rows of admin_province, admin_commune and admin_commune_old
 * with the contents of @dir. Both files are read and checked first (header,
 * field count, code shapes, duplicates, references from old communes to new
 * ones); on any problem nothing is changed and @error names the file and
 * line.
 *
 * Returns: %TRUE when the tables hold the new data
 */
gboolean
mc_admin_units_load (sqlite3     *db,
                     const char  *dir,
                     GError     **error)
{
  g_auto(TsvFile) current = { 0 };
  g_auto(TsvFile) old = { 0 };
  g_autoptr(GHashTable) provinces = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) communes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(sqlite3_stmt) province_stmt = NULL;
  GHashTableIter iter;
  gpointer code, name;
  static const int commune_columns[] = { 2, 0, 3 };
  static const int old_columns[] = { 2, 0, 1, 3, 4, 5 };

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!tsv_read (&current, dir, MC_ADMIN_UNITS_CURRENT_FILE, current_header, 4, error) ||
      !check_current (&current, provinces, communes, error) ||
      !tsv_read (&old, dir, MC_ADMIN_UNITS_OLD_TO_NEW_FILE, old_header, 6, error) ||
      !check_old (&old, provinces, communes, error))
    return FALSE;

  if (!mc_db_exec (db,
                   "DELETE FROM admin_commune_old;"
                   "DELETE FROM admin_commune;"
                   "DELETE FROM admin_province;", error))
    return FALSE;

  province_stmt = mc_db_prepare (db, "INSERT INTO admin_province (code, name) VALUES (?1, ?2)", error);
  if (province_stmt == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, provinces);
  while (g_hash_table_iter_next (&iter, &code, &name))
    {
      mc_db_bind_text (province_stmt, 1, code);
      mc_db_bind_text (province_stmt, 2, name);
      if (!mc_db_step_done (db, province_stmt, error))
        return FALSE;
      sqlite3_reset (province_stmt);
    }

  if (!insert_rows (db, "INSERT INTO admin_commune (code, province_code, name) VALUES (?1, ?2, ?3)",
                    &current, commune_columns, G_N_ELEMENTS (commune_columns), error))
    return FALSE;

  if (!insert_rows (db,
                    "INSERT INTO admin_commune_old (code, province_code, province_name, name,"
                    " new_province_code, new_commune_codes) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    &old, old_columns, G_N_ELEMENTS (old_columns), error))
    return FALSE;

  g_debug ("Loaded %u provinces, %u communes, %u old communes from %s",
           g_hash_table_size (provinces), current.n_rows, old.n_rows, dir);

  return TRUE;
}

/**
 * mc_admin_units_open_memory:
 * @dir: the folder with the TSV files
 * @error: where to put a failure
 *
 * An in-memory database with the store's schema and the units of @dir, for
 * tools that need the units but no workspace (motcua-cli citizen …, tests).
 *
 * Returns: (transfer full) (nullable): the connection; close it with
 *   sqlite3_close()
 */
sqlite3 *
mc_admin_units_open_memory (const char  *dir,
                            GError     **error)
{
  sqlite3 *db = NULL;
  int rc;

  g_return_val_if_fail (dir != NULL, NULL);

  rc = sqlite3_open_v2 (":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    {
      mc_db_set_error (db, rc, error);
      sqlite3_close (db);
      return NULL;
    }

  if (!mc_db_exec (db, "PRAGMA foreign_keys=ON", error) ||
      !mc_store_migrate (db, mc_store_latest_version (), error) ||
      !mc_db_exec (db, "BEGIN", error))
    {
      sqlite3_close (db);
      return NULL;
    }

  if (!mc_admin_units_load (db, dir, error) || !mc_db_exec (db, "COMMIT", error))
    {
      sqlite3_close (db);
      return NULL;
    }

  return db;
}
