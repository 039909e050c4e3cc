/* SPDX-License-Identifier: GPL-3.0-or-later */
/* motcua-cli slip: prints a dossier's official slip, or the tracking
 * ledger of a period, to a PDF file. It only reads the workspace, so it
 * works while the app holds it open; the PDF appears complete or not at
 * all (the renderer writes a temporary file and renames it). */
#define G_LOG_DOMAIN "motcua-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "domain/mc-state.h"
#include "forms/mc-dossier-slip.h"
#include "forms/mc-slip.h"
#include "mc-cli.h"
#include "store/mc-desk.h"

/* "YYYY-MM-DD" as the first second of that day in Vietnam. */
static gboolean
parse_day (const char  *option,
           const char  *text,
           GDateTime  **day,
           GError     **error)
{
  int y, m, d;
  char end;

  if (text != NULL && sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &end) == 3 && strlen (text) == 10)
    *day = g_date_time_new (mc_vietnam_time_zone (), y, m, d, 0, 0, 0);
  else
    *day = NULL;

  if (*day == NULL)
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                   _("%s needs a date written as YYYY-MM-DD, e.g. 2025-07-01."), option);
      return FALSE;
    }

  return TRUE;
}

static McSlipData *
ledger_data (McCli       *cli,
             const char  *from_text,
             const char  *to_text,
             GError     **error)
{
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;
  g_autoptr(GDateTime) after = NULL;
  g_autoptr(McDesk) desk = NULL;

  if (from_text == NULL || to_text == NULL)
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                   _("slip ledger needs the period: --from YYYY-MM-DD --to YYYY-MM-DD."));
      return NULL;
    }
  if (!parse_day ("--from", from_text, &from, error) || !parse_day ("--to", to_text, &to, error))
    return NULL;
  if (g_date_time_compare (from, to) > 0)
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                   _("The period ends before it starts: --to must be on or after --from."));
      return NULL;
    }
  after = g_date_time_add_days (to, 1);

  desk = mc_cli_open_desk (cli, MC_STORE_OPEN_READ_ONLY, NULL, error);
  if (desk == NULL)
    return NULL;

  return mc_desk_load_ledger_data (desk, g_date_time_to_unix (from), g_date_time_to_unix (after), error);
}

static McSlipData *
dossier_data (McCli       *cli,
              const char  *kind,
              const char  *code,
              const char  *as,
              GError     **error)
{
  g_autoptr(McDesk) desk = mc_cli_open_desk (cli, MC_STORE_OPEN_READ_ONLY, NULL, error);

  if (desk == NULL)
    return NULL;

  return mc_desk_load_slip_data (desk, kind, code, as, error);
}

gboolean
mc_cli_slip (McCli   *cli,
             int      argc,
             char   **argv,
             GError **error)
{
  g_autofree char *output = NULL, *from = NULL, *to = NULL, *as = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The PDF file to write"), "FILE" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("First day of the ledger's period"), "YYYY-MM-DD" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Last day of the ledger's period"), "YYYY-MM-DD" },
    { "as", 0, 0, G_OPTION_ARG_STRING, &as, N_("Issue the slip as this officer"), "LOGIN" },
    { NULL }
  };
  g_autoptr(McSlipData) data = NULL;
  const char *kind;
  gboolean ledger;

  if (!mc_cli_parse (entries, "slip", "KIND CODE -o FILE | ledger --from D --to D -o FILE",
                     &argc, &argv, error))
    return FALSE;

  kind = argc >= 2 ? argv[1] : NULL;
  ledger = g_strcmp0 (kind, "ledger") == 0;
  if (kind == NULL || (!ledger && !mc_dossier_slip_kind_is_known (kind)))
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                   _("slip needs a kind: receipt, supplement, refusal, apology, control-sheet or ledger."));
      return FALSE;
    }
  if ((ledger && argc != 2) || (!ledger && argc != 3))
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                   ledger ? _("Usage: slip ledger --from YYYY-MM-DD --to YYYY-MM-DD -o FILE")
                          : _("Usage: slip KIND CODE -o FILE, e.g. “slip receipt H40.12.03.X05-250701-0001 -o receipt.pdf”."));
      return FALSE;
    }
  if (output == NULL || *output == '\0')
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                   _("slip needs the PDF file to write: -o FILE."));
      return FALSE;
    }

  if (ledger)
    data = ledger_data (cli, from, to, error);
  else
    data = dossier_data (cli, kind, argv[2], as, error);
  if (data == NULL)
    return FALSE;

  if (!mc_slip_render_to_file_sync (kind, data, output, NULL, error))
    return FALSE;

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, kind);
      if (!ledger)
        {
          json_builder_set_member_name (builder, "code");
          json_builder_add_string_value (builder, argv[2]);
        }
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, output);
      json_builder_end_object (builder);
      mc_cli_print_json (builder);
    }
  else
    g_print ("%s\n", output);

  return TRUE;
}
