/* SPDX-License-Identifier: GPL-3.0-or-later */
/* motcua: the desk application. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-application.h"
#include "mc-core.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(McApplication) app = NULL;

  mc_core_forbid_core_dumps ();
  mc_core_init ();
  g_set_application_name (_("Một Cửa Desk"));

  app = mc_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
