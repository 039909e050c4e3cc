/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Renders a sample of any slip kind, for people to look at while working on
 * templates: slip-sample KIND OUT.pdf [LEDGER-ROWS] [FIELD=VALUE…], where
 * FIELD= (no value) removes a field of the sample dossier. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <stdlib.h>

#include "mc-core.h"
#include "slip-fixture.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(McSlipData) data = NULL;
  g_autoptr(GError) error = NULL;

  mc_core_init ();
  if (argc < 3)
    {
      g_printerr ("Usage: %s KIND OUT.pdf [LEDGER-ROWS] [FIELD=VALUE…]\n", argv[0]);
      return 2;
    }

  data = slip_fixture_new (argc > 3 ? (guint) atoi (argv[3]) : 40);
  for (int i = 4; i < argc; i++)
    {
      g_auto(GStrv) pair = g_strsplit (argv[i], "=", 2);

      if (pair[0] != NULL && pair[1] != NULL)
        mc_slip_data_set (data, pair[0], pair[1][0] != '\0' ? pair[1] : NULL);
    }
  if (!mc_slip_render_to_file_sync (argv[1], data, argv[2], NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  return 0;
}
