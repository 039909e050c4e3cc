/* SPDX-License-Identifier: GPL-3.0-or-later */
/* motcua-cli report: the service indicators of a period (`report kpi`),
 * their export to a file the province accepts (`report export`, CSV in
 * UTF-8 with a byte-order mark, PDF or XLSX) and the central server's
 * ranking of the communes under the desk's office (`report ranking`,
 * through the desk's sign-in). Dates are days in Vietnam; --to is the
 * last day of the period, included. */
#define G_LOG_DOMAIN "motcua-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mc-cli.h"
#include "domain/mc-state.h"
#include "mc-sync-client.h"
#include "reports/mc-report.h"
#include "reports/mc-report-ranking.h"
#include "store/mc-desk-profile.h"
#include "store/mc-desk-reports.h"

static gboolean
parse_day (const char  *option,
           const char  *text,
           gint64      *out,
           GError     **error)
{
  g_autoptr(GDateTime) day = NULL;
  int y, m, d;
  char end;

  if (text != NULL && sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &end) == 3 && strlen (text) == 10)
    day = g_date_time_new (mc_vietnam_time_zone (), y, m, d, 0, 0, 0);
  if (day == NULL)
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                   _("%s needs a date written as YYYY-MM-DD, e.g. 2025-07-01."), option);
      return FALSE;
    }
  *out = g_date_time_to_unix (day);

  return TRUE;
}

typedef struct
{
  GPtrArray *dossiers;
  McReport *report;
} Computed;

static void
computed_clear (Computed *computed)
{
  g_clear_pointer (&computed->report, mc_report_free);
  g_clear_pointer (&computed->dossiers, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Computed, computed_clear)

static gboolean
compute (McCli       *cli,
         const char  *from_text,
         const char  *to_text,
         const char  *procedure,
         const char  *field,
         const char  *officer,
         gboolean     for_file,
         Computed    *computed,
         GError     **error)
{
  g_autoptr(McReportFilter) filter = NULL;
  g_autoptr(McDesk) desk = NULL;
  gint64 from, to;

  if (from_text == NULL || to_text == NULL)
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                   _("report needs the period: --from YYYY-MM-DD --to YYYY-MM-DD."));
      return FALSE;
    }
  if (!parse_day ("--from", from_text, &from, error) || !parse_day ("--to", to_text, &to, error))
    return FALSE;
  if (to < from)
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                   _("The period ends before it starts: --to must be on or after --from."));
      return FALSE;
    }

  /* --to is included: the period ends at the start of the next day. */
  filter = mc_report_filter_new (from, to + 24 * 3600);
  filter->procedure_code = g_strdup (procedure);
  filter->field = g_strdup (field);
  filter->officer = g_strdup (officer);

  desk = mc_cli_open_desk (cli, MC_STORE_OPEN_READ_ONLY, NULL, error);
  if (desk == NULL)
    return FALSE;
  if (for_file)
    {
      /* The printed charts show the twelve months ending with the
       * period's: list their dossiers too (the figures still count only
       * the period's). */
      g_autoptr(McReportFilter) wide = mc_report_filter_copy (filter);
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (to);
      g_autoptr(GDateTime) last = g_date_time_to_timezone (utc, mc_vietnam_time_zone ());
      g_autoptr(GDateTime) month = g_date_time_new (mc_vietnam_time_zone (), g_date_time_get_year (last),
                                                    g_date_time_get_month (last), 1, 0, 0, 0);
      g_autoptr(GDateTime) first = g_date_time_add_months (month, -11);

      wide->from = MIN (filter->from, g_date_time_to_unix (first));
      computed->dossiers = mc_desk_report_dossiers (desk, wide, error);
    }
  else
    computed->dossiers = mc_desk_report_dossiers (desk, filter, error);
  if (computed->dossiers == NULL)
    return FALSE;
  computed->report = mc_report_compute (computed->dossiers, filter->from, filter->to, error);
  if (computed->report == NULL)
    return FALSE;

  return !for_file || mc_report_explain_late (computed->report, desk, error);
}

static void
print_text (McReport *report)
{
  for (guint i = 0; i < report->figures->len; i++)
    {
      McReportFigure *f = g_ptr_array_index (report->figures, i);

      if (!f->computable)
        g_print ("%-20s %s\n", f->id, _("not computable from the desk's data"));
      else if (isnan (f->value))
        g_print ("%-20s %s\n", f->id, _("nothing to count in this period"));
      else if (f->has_target)
        g_print ("%-20s %6.1f %%  (%u/%u)  %s %.0f %% (%s)\n", f->id, f->value, f->numerator, f->denominator,
                 _("target"), f->target, f->target_source != NULL ? f->target_source : f->source);
      else
        g_print ("%-20s %6.1f %%  (%u/%u)\n", f->id, f->value, f->numerator, f->denominator);
    }
}

static gboolean
kpi (McCli   *cli,
     int      argc,
     char   **argv,
     GError **error)
{
  g_autofree char *from = NULL, *to = NULL, *procedure = NULL, *field = NULL, *officer = NULL;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("First day of the period"), "YYYY-MM-DD" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Last day of the period"), "YYYY-MM-DD" },
    { "procedure", 0, 0, G_OPTION_ARG_STRING, &procedure, N_("Only this procedure"), "CODE" },
    { "field", 0, 0, G_OPTION_ARG_STRING, &field, N_("Only this field"), "FIELD" },
    { "officer", 0, 0, G_OPTION_ARG_STRING, &officer, N_("Only dossiers received or handled by this officer"), "LOGIN" },
    { NULL }
  };
  g_auto(Computed) computed = { NULL, NULL };

  if (!mc_cli_parse (entries, "report kpi", "--from D --to D [--procedure C]", &argc, &argv, error))
    return FALSE;
  if (!compute (cli, from, to, procedure, field, officer, FALSE, &computed, error))
    return FALSE;

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      mc_report_to_json (computed.report, builder);
      mc_cli_print_json (builder);
    }
  else
    print_text (computed.report);

  return TRUE;
}

static gboolean
export (McCli   *cli,
        int      argc,
        char   **argv,
        GError **error)
{
  g_autofree char *from = NULL, *to = NULL, *procedure = NULL, *format = NULL, *output = NULL;
  GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("The file's format: csv, pdf or xlsx"), "FORMAT" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("First day of the period"), "YYYY-MM-DD" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Last day of the period"), "YYYY-MM-DD" },
    { "procedure", 0, 0, G_OPTION_ARG_STRING, &procedure, N_("Only this procedure"), "CODE" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The file to write"), "FILE" },
    { NULL }
  };
  g_auto(Computed) computed = { NULL, NULL };
  g_autofree char *text = NULL;
  gsize length;

  if (!mc_cli_parse (entries, "report export", "--format csv|pdf|xlsx --from D --to D -o FILE", &argc, &argv, error))
    return FALSE;
  if (g_strcmp0 (format, "csv") != 0 && g_strcmp0 (format, "pdf") != 0 && g_strcmp0 (format, "xlsx") != 0)
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                   _("report export writes --format csv, pdf or xlsx."));
      return FALSE;
    }
  if (output == NULL || *output == '\0')
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE, _("report export needs the file to write: -o FILE."));
      return FALSE;
    }
  if (!compute (cli, from, to, procedure, NULL, NULL, !g_str_equal (format, "csv"), &computed, error))
    return FALSE;

  if (g_str_equal (format, "pdf"))
    {
      g_autoptr(McDesk) desk = mc_cli_open_desk (cli, MC_STORE_OPEN_READ_ONLY, NULL, error);
      g_autoptr(McOffice) office = NULL;

      if (desk == NULL)
        return FALSE;
      office = mc_desk_get_office (desk, error);
      if (office == NULL && error != NULL && *error != NULL)
        return FALSE;
      if (!mc_report_write_pdf (computed.report, office, output, error))
        return FALSE;
    }
  else if (g_str_equal (format, "xlsx"))
    {
      if (!mc_report_write_xlsx (computed.report, output, error))
        return FALSE;
    }
  else
    {
      text = mc_report_to_csv (computed.report, &length);
      if (!g_file_set_contents_full (output, text, (gssize) length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
        return FALSE;
    }

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "format");
      json_builder_add_string_value (builder, format);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, output);
      json_builder_end_object (builder);
      mc_cli_print_json (builder);
    }
  else
    g_print ("%s\n", output);

  return TRUE;
}

static char *
cli_percent (double value)
{
  g_autofree char *text = NULL;

  if (isnan (value))
    return g_strdup ("—");
  text = g_strdup_printf ("%.1f", value);
  g_strdelimit (text, ".", ',');

  return g_strdup_printf ("%s %%", text);
}

static void
print_ranking (McRanking *ranking)
{
  if (ranking->offices->len == 0)
    {
      g_print (_("The central server lists no offices under %s: a ranking is for a province’s desk.\n"),
               ranking->office);
      return;
    }
  for (guint i = 0; i < ranking->offices->len; i++)
    {
      McRankingRow *row = g_ptr_array_index (ranking->offices, i);
      g_autofree char *on_time = cli_percent (row->on_time_percent);
      g_autofree char *online = cli_percent (row->online_percent);

      g_print (_("%2u. %s (%s): %s on time (%u of %u finished), %s received online\n"),
               row->rank, row->name, row->office, on_time, (guint) row->on_time, (guint) row->finished, online);
    }
}

/* `report ranking`: asked of the central server with the desk's sign-in,
 * for the desk's office unless --office names one under it. */
static gboolean
ranking (McCli   *cli,
         int      argc,
         char   **argv,
         GError **error)
{
  g_autofree char *from = NULL, *to = NULL, *office = NULL;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("First day of the period"), "YYYY-MM-DD" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Last day of the period"), "YYYY-MM-DD" },
    { "office", 0, 0, G_OPTION_ARG_STRING, &office, N_("The office whose communes to rank (the desk’s by default)"), "CODE" },
    { NULL }
  };
  g_autoptr(McDesk) desk = NULL;
  g_autoptr(McSyncClient) client = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(McRanking) ranked = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  gint64 first, last;

  if (!mc_cli_parse (entries, "report ranking", "--from D --to D [--office CODE]", &argc, &argv, error))
    return FALSE;
  if (from == NULL || to == NULL)
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                   _("report needs the period: --from YYYY-MM-DD --to YYYY-MM-DD."));
      return FALSE;
    }
  if (!parse_day ("--from", from, &first, error) || !parse_day ("--to", to, &last, error))
    return FALSE;
  if (last < first)
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                   _("The period ends before it starts: --to must be on or after --from."));
      return FALSE;
    }

  desk = mc_desk_open (cli->workspace, MC_STORE_OPEN_DEFAULT, error);
  if (desk == NULL)
    return FALSE;
  if (office == NULL)
    {
      g_autoptr(McOffice) own = mc_desk_get_office (desk, error);

      if (own == NULL)
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                         _("The desk has no office set: set it with “motcua-cli office set” or name one with --office."));
          return FALSE;
        }
      office = g_strdup (own->code);
    }

  client = mc_sync_client_new (desk);
  path = mc_ranking_path (office, from, to);
  answer = mc_sync_client_get_json (client, path, NULL, &local_error);
  if (answer == NULL)
    {
      if (g_error_matches (local_error, MC_SYNC_ERROR, MC_SYNC_ERROR_FORBIDDEN))
        g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_FORBIDDEN,
                     _("The central server does not let this sign-in see the ranking under %s: “%s” Sign in with an account of that office or of the province above it."),
                     office, local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  ranked = mc_ranking_from_json (answer, error);
  if (ranked == NULL)
    return FALSE;

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      mc_ranking_to_json (ranked, builder);
      mc_cli_print_json (builder);
    }
  else
    print_ranking (ranked);

  return TRUE;
}

gboolean
mc_cli_report (McCli   *cli,
               int      argc,
               char   **argv,
               GError **error)
{
  const char *sub = argc >= 2 ? argv[1] : NULL;

  if (g_strcmp0 (sub, "kpi") == 0)
    return kpi (cli, argc - 1, argv + 1, error);
  if (g_strcmp0 (sub, "export") == 0)
    return export (cli, argc - 1, argv + 1, error);
  if (g_strcmp0 (sub, "ranking") == 0)
    {
      gboolean ok = ranking (cli, argc - 1, argv + 1, error);

      /* Leave the Secret Service before the process does. */
      mc_sync_client_disconnect_secrets ();
      return ok;
    }

  g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
               _("report needs a command: kpi, export or ranking."));
  return FALSE;
}
