/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Process-wide set-up shared by motcua, motcua-cli and the tests. The umask
 * makes every file we create private even where a library creates it for us
 * (SQLite's -wal and -shm, temporary files). MOTCUA_LOCALEDIR lets the
 * uninstalled build and the tests find the freshly built catalogues. */
#define G_LOG_DOMAIN "motcua-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <sys/stat.h>

#include "mc-core.h"

void
mc_core_init (void)
{
  const char *localedir = g_getenv ("MOTCUA_LOCALEDIR");

  umask (0077);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
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
