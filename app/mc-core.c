/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Process-wide set-up shared by motcua, motcua-cli and the tests. The umask
 * makes every file we create private even where a library creates it for us
 * (SQLite's -wal and -shm, temporary files). MOTCUA_LOCALEDIR lets the tests
 * point at the freshly built catalogues; without it, and without installed
 * ones, an uninstalled build falls back on its own build folder for the
 * catalogues and the GSettings schema, so `build/ui/motcua` runs as is. */
#define G_LOG_DOMAIN "motcua-core"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <locale.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "mc-core.h"

/* Whether @dir holds a compiled schema of ours. */
static gboolean
schema_in (const char *dir)
{
  g_autoptr(GSettingsSchemaSource) source = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;

  source = g_settings_schema_source_new_from_directory (dir, NULL, FALSE, NULL);
  if (source == NULL)
    return FALSE;
  schema = g_settings_schema_source_lookup (source, APP_ID, FALSE);

  return schema != NULL;
}

/* Looks where GSettings will look ($GSETTINGS_SCHEMA_DIR, then the XDG data
 * folders) without creating its default source, which reads
 * $GSETTINGS_SCHEMA_DIR only once. */
static gboolean
schema_installed (void)
{
  const char *env = g_getenv ("GSETTINGS_SCHEMA_DIR");
  const char * const *system_dirs = g_get_system_data_dirs ();
  g_autofree char *user_dir = g_build_filename (g_get_user_data_dir (), "glib-2.0", "schemas", NULL);

  if (env != NULL)
    {
      g_auto(GStrv) dirs = g_strsplit (env, G_SEARCHPATH_SEPARATOR_S, -1);

      for (guint i = 0; dirs[i] != NULL; i++)
        if (*dirs[i] != '\0' && schema_in (dirs[i]))
          return TRUE;
    }
  if (schema_in (user_dir))
    return TRUE;
  for (guint i = 0; system_dirs[i] != NULL; i++)
    {
      g_autofree char *dir = g_build_filename (system_dirs[i], "glib-2.0", "schemas", NULL);

      if (schema_in (dir))
        return TRUE;
    }

  return FALSE;
}

static void
use_build_schema_if_needed (void)
{
  g_autofree char *compiled = g_build_filename (BUILD_SCHEMADIR, "gschemas.compiled", NULL);
  const char *env = g_getenv ("GSETTINGS_SCHEMA_DIR");
  g_autofree char *value = NULL;

  if (schema_installed () || !g_file_test (compiled, G_FILE_TEST_IS_REGULAR))
    return;

  g_debug ("No installed schema %s: using the build folder's, %s", APP_ID, BUILD_SCHEMADIR);
  value = env != NULL && *env != '\0'
    ? g_strconcat (BUILD_SCHEMADIR, G_SEARCHPATH_SEPARATOR_S, env, NULL)
    : g_strdup (BUILD_SCHEMADIR);
  g_setenv ("GSETTINGS_SCHEMA_DIR", value, TRUE);
}

static const char *
find_localedir (void)
{
  const char *env = g_getenv ("MOTCUA_LOCALEDIR");
  g_autofree char *installed = NULL;
  g_autofree char *built = NULL;

  if (env != NULL && *env != '\0')
    return env;

  /* Vietnamese is the catalogue we ship; its presence tells which folder
   * holds ours. */
  installed = g_build_filename (LOCALEDIR, "vi", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  built = g_build_filename (BUILD_LOCALEDIR, "vi", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  if (!g_file_test (installed, G_FILE_TEST_IS_REGULAR) && g_file_test (built, G_FILE_TEST_IS_REGULAR))
    return BUILD_LOCALEDIR;

  return LOCALEDIR;
}

/**
 * mc_core_forbid_core_dumps:
 *
 * Makes the process non-dumpable and its core size limit zero, so a crash
 * never writes the memory of a desk (PINs being typed, citizens' data) to a
 * core file and no other process of the same user can read it through
 * ptrace or /proc. Called first thing in both programs' main().
 */
void
mc_core_forbid_core_dumps (void)
{
  struct rlimit none = { 0, 0 };

  if (prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
    g_warning ("prctl (PR_SET_DUMPABLE) failed: %s", g_strerror (errno));
  if (setrlimit (RLIMIT_CORE, &none) != 0)
    g_warning ("setrlimit (RLIMIT_CORE) failed: %s", g_strerror (errno));
}

void
mc_core_init (void)
{
  umask (0077);
  use_build_schema_if_needed ();
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, find_localedir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

/**
 * mc_core_get_data_dir:
 *
 * Where the read-only data files live (procedures, holidays, administrative
 * units, slip templates, trust anchors): `$MOTCUA_DATA_DIR` when set, else
 * the installed data folder, else the source tree's `data/` for an
 * uninstalled build.
 *
 * Returns: (transfer none): a folder path
 */
const char *
mc_core_get_data_dir (void)
{
  static gsize dir;

  if (g_once_init_enter (&dir))
    {
      const char *env = g_getenv ("MOTCUA_DATA_DIR");
      const char *found;

      if (env != NULL && *env != '\0')
        found = g_intern_string (env);
      else if (g_file_test (PKGDATADIR, G_FILE_TEST_IS_DIR))
        found = PKGDATADIR;
      else
        found = SOURCE_DATADIR;

      g_once_init_leave (&dir, (gsize) found);
    }

  return (const char *) dir;
}
