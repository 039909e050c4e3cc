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
