/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Commands of the one-stop workflow: receive, act, show, search, and the
 * desk's set-up (office, officers, leases, audit). Writers open the
 * workspace for writing and so fail at once when the app holds it. */
#define G_LOG_DOMAIN "motcua-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "domain/mc-state.h"
#include "mc-cli.h"
#include "store/mc-desk.h"
#include "store/mc-desk-records.h"
#include "store/mc-desk-reference.h"

/* Parses "YYYY-MM-DDTHH:MM[:SS]" (Vietnam time) or "YYYY-MM-DD". */
gboolean
mc_cli_parse_time (const char  *text,
                   gint64      *out,
                   GError     **error)
{
  int y, mo, d, h = 0, mi = 0, s = 0;
  g_autoptr(GDateTime) dt = NULL;
  int n;

  n = sscanf (text, "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &s);
  if (n != 3 && n != 5 && n != 6)
    n = 0;
  if (n > 0)
    dt = g_date_time_new (mc_vietnam_time_zone (), y, mo, d, h, mi, s);
  if (dt == NULL)
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                   _("“%s” is not a date and time: write it as YYYY-MM-DDTHH:MM (Vietnam time)."), text);
      return FALSE;
    }

  *out = g_date_time_to_unix (dt);
  return TRUE;
}

char *
mc_cli_format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = NULL;

  if (unix_seconds <= 0)
    return g_strdup ("-");
  dt = mc_vietnam_from_unix (unix_seconds);
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S%:z");
}

/* --all-components: every component of the procedure, handed over on paper
 * without a scan (the scan can be attached later). */
static gboolean
add_all_components (McDesk       *desk,
                    McReception  *reception,
                    GError      **error)
{
  g_autoptr(McProcedure) procedure = mc_desk_load_procedure (desk, reception->procedure_code, error);

  if (procedure == NULL)
    return FALSE;
  for (guint i = 0; i < mc_procedure_get_n_components (procedure); i++)
    mc_reception_add_component (reception, mc_procedure_get_component (procedure, i)->code, TRUE);

  return TRUE;
}

static void
print_warnings (GPtrArray *warnings)
{
  for (guint i = 0; warnings != NULL && i < warnings->len; i++)
    g_printerr ("motcua-cli: %s %s\n", _("warning:"), (const char *) g_ptr_array_index (warnings, i));
}

gboolean
mc_cli_receive (McCli   *cli,
                int      argc,
                char   **argv,
                GError **error)
{
  g_autofree char *procedure = NULL, *name = NULL, *id = NULL, *birth = NULL, *sex = NULL;
  g_autofree char *phone = NULL, *email = NULL, *address = NULL, *at = NULL, *as = NULL, *note = NULL;
  g_auto(GStrv) components = NULL;
  gboolean all_components = FALSE;
  int channel = 1;
  GOptionEntry entries[] = {
    { "procedure", 'p', 0, G_OPTION_ARG_STRING, &procedure, N_("The procedure's national code"), "CODE" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The applicant's full name"), "NAME" },
    { "id", 0, 0, G_OPTION_ARG_STRING, &id, N_("The applicant's personal ID number"), "ID" },
    { "birth", 0, 0, G_OPTION_ARG_STRING, &birth, N_("Date of birth"), "YYYY-MM-DD" },
    { "sex", 0, 0, G_OPTION_ARG_STRING, &sex, N_("Sex (Nam or Nữ)"), "SEX" },
    { "phone", 0, 0, G_OPTION_ARG_STRING, &phone, N_("Phone number"), "PHONE" },
    { "email", 0, 0, G_OPTION_ARG_STRING, &email, N_("E-mail address"), "EMAIL" },
    { "address", 0, 0, G_OPTION_ARG_STRING, &address, N_("Address"), "ADDRESS" },
    { "channel", 0, 0, G_OPTION_ARG_INT, &channel, N_("1 in person, 2 online, 3 postal service"), "N" },
    { "component", 'c', 0, G_OPTION_ARG_STRING_ARRAY, &components, N_("A component handed over, with its scanned file"), "CODE[=FILE]" },
    { "all-components", 0, 0, G_OPTION_ARG_NONE, &all_components, N_("Every component of the procedure was handed over"), NULL },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("Reception time instead of now"), "YYYY-MM-DDTHH:MM" },
    { "as", 0, 0, G_OPTION_ARG_STRING, &as, N_("Act as this officer"), "LOGIN" },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("A note for the record"), "TEXT" },
    { NULL }
  };
  g_autoptr(McDesk) desk = NULL;
  g_autoptr(McReception) reception = mc_reception_new ();
  g_autoptr(McReceptionResult) result = NULL;

  if (!mc_cli_parse (entries, "receive", "", &argc, &argv, error))
    return FALSE;
  if (procedure == NULL || name == NULL || id == NULL)
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                   _("receive needs --procedure, --name and --id."));
      return FALSE;
    }

  reception->procedure_code = g_steal_pointer (&procedure);
  reception->applicant_name = g_steal_pointer (&name);
  reception->applicant_id = g_steal_pointer (&id);
  reception->applicant_birth = g_steal_pointer (&birth);
  reception->applicant_sex = g_steal_pointer (&sex);
  reception->applicant_phone = g_steal_pointer (&phone);
  reception->applicant_email = g_steal_pointer (&email);
  reception->applicant_address = g_steal_pointer (&address);
  reception->channel = channel;
  reception->note = g_steal_pointer (&note);
  if (at != NULL && !mc_cli_parse_time (at, &reception->received_at, error))
    return FALSE;

  desk = mc_cli_open_desk (cli, MC_STORE_OPEN_DEFAULT, as, error);
  if (desk == NULL)
    return FALSE;

  if (all_components && !add_all_components (desk, reception, error))
    return FALSE;
  for (guint i = 0; components != NULL && components[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (components[i], "=", 2);
      McReceptionComponent *component = mc_reception_add_component (reception, parts[0], TRUE);

      if (parts[1] != NULL)
        mc_reception_component_add_file (component, parts[1]);
    }

  result = mc_desk_receive (desk, reception, NULL, error);
  if (result == NULL)
    return FALSE;
  print_warnings (result->warnings);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autofree char *received = mc_cli_format_time (result->received_at);
      g_autofree char *due = mc_cli_format_time (result->due_at);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, result->code);
      json_builder_set_member_name (builder, "received_at");
      json_builder_add_string_value (builder, received);
      json_builder_set_member_name (builder, "appointment");
      json_builder_add_string_value (builder, due);
      json_builder_set_member_name (builder, "op_id");
      json_builder_add_string_value (builder, result->op_id);
      json_builder_end_object (builder);
      mc_cli_print_json (builder);
    }
  else
    {
      g_autofree char *due = mc_cli_format_time (result->due_at);

      g_print ("%s\t%s\n", result->code, due);
    }

  return TRUE;
}

gboolean
mc_cli_act (McCli   *cli,
            int      argc,
            char   **argv,
            GError **error)
{
  g_autofree char *reason = NULL, *department = NULL, *handler = NULL, *issue = NULL;
  g_autofree char *appointment = NULL, *at = NULL, *as = NULL;
  GOptionEntry entries[] = {
    { "reason", 'r', 0, G_OPTION_ARG_STRING, &reason, N_("Reason or opinion, written on the slip"), "TEXT" },
    { "department", 'd', 0, G_OPTION_ARG_STRING, &department, N_("Department the dossier goes to"), "NAME" },
    { "handler", 0, 0, G_OPTION_ARG_STRING, &handler, N_("Officer who handles it there"), "LOGIN" },
    { "issue-number", 0, 0, G_OPTION_ARG_STRING, &issue, N_("Issue number of the result"), "NUMBER" },
    { "new-appointment", 0, 0, G_OPTION_ARG_STRING, &appointment, N_("New appointment (apology)"), "YYYY-MM-DDTHH:MM" },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("Time of the action instead of now"), "YYYY-MM-DDTHH:MM" },
    { "as", 0, 0, G_OPTION_ARG_STRING, &as, N_("Act as this officer"), "LOGIN" },
    { NULL }
  };
  g_auto(McActionParams) params = { 0 };
  g_autoptr(McDesk) desk = NULL;
  g_autofree char *op_id = NULL;

  if (!mc_cli_parse (entries, "act", "CODE ACTION", &argc, &argv, error))
    return FALSE;
  if (argc != 3)
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                   _("act needs a dossier code and an action, e.g. “act H40.12.03.X05-250701-0001 forward --department “Tư pháp – Hộ tịch””."));
      return FALSE;
    }

  params.reason = g_steal_pointer (&reason);
  params.department = g_steal_pointer (&department);
  params.handler = g_steal_pointer (&handler);
  params.issue_number = g_steal_pointer (&issue);
  if (appointment != NULL && !mc_cli_parse_time (appointment, &params.new_appointment, error))
    return FALSE;
  if (at != NULL && !mc_cli_parse_time (at, &params.at, error))
    return FALSE;

  desk = mc_cli_open_desk (cli, MC_STORE_OPEN_DEFAULT, as, error);
  if (desk == NULL)
    return FALSE;

  op_id = mc_desk_act (desk, argv[1], argv[2], &params, error);
  if (op_id == NULL)
    return FALSE;

  if (cli->json)
    {
      g_autoptr(McDossier) dossier = mc_desk_load_dossier (desk, argv[1], error);
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      if (dossier == NULL)
        return FALSE;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "op_id");
      json_builder_add_string_value (builder, op_id);
      json_builder_set_member_name (builder, "state");
      json_builder_add_int_value (builder, dossier->state);
      json_builder_set_member_name (builder, "step");
      json_builder_add_string_value (builder, dossier->step);
      json_builder_set_member_name (builder, "version");
      json_builder_add_int_value (builder, dossier->version);
      json_builder_end_object (builder);
      mc_cli_print_json (builder);
    }
  else
    g_print ("%s\n", op_id);

  return TRUE;
}

gboolean
mc_cli_show (McCli   *cli,
             int      argc,
             char   **argv,
             GError **error)
{
  g_autoptr(McDesk) desk = NULL;
  g_autoptr(McDossier) dossier = NULL;

  if (!mc_cli_parse (NULL, "show", "CODE", &argc, &argv, error))
    return FALSE;
  if (argc != 2)
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE, _("show needs a dossier code."));
      return FALSE;
    }

  desk = mc_cli_open_desk (cli, MC_STORE_OPEN_READ_ONLY, NULL, error);
  if (desk == NULL)
    return FALSE;
  dossier = mc_desk_load_dossier (desk, argv[1], error);
  if (dossier == NULL)
    return FALSE;

  if (cli->json)
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) node = mc_dossier_to_json (dossier);
      g_autofree char *text = NULL;

      json_generator_set_root (generator, node);
      json_generator_set_pretty (generator, TRUE);
      text = json_generator_to_data (generator, NULL);
      g_print ("%s\n", text);
    }
  else
    {
      g_autofree char *received = mc_cli_format_time (dossier->received_at);
      g_autofree char *due = mc_cli_format_time (dossier->due_at);

      g_print ("%s\t%s\n", _("Code"), dossier->code);
      g_print ("%s\t%s %s\n", _("Procedure"), dossier->procedure_code, dossier->procedure_name);
      g_print ("%s\t%s (%s)\n", _("Applicant"), dossier->applicant_name, dossier->applicant_id);
      g_print ("%s\t%s\n", _("Received on"), received);
      g_print ("%s\t%s\n", _("Appointment"), due);
      if (dossier->new_due_at > 0)
        {
          g_autofree char *new_due = mc_cli_format_time (dossier->new_due_at);

          g_print ("%s\t%s\n", _("New appointment after apology"), new_due);
        }
      g_print ("%s\t%d %s / %s\n", _("State"), dossier->state, mc_state_label (dossier->state),
               mc_workflow_step_label (dossier->step));
      g_print ("%s\t%" G_GINT64_FORMAT "\n", _("Version"), dossier->version);
      for (guint i = 0; i < dossier->components->len; i++)
        {
          McDossierComponent *component = g_ptr_array_index (dossier->components, i);

          g_print ("%s\t%s %s [%s]\n", _("Component"), component->code, component->name,
                   component->provided ? "x" : " ");
        }
      for (guint i = 0; i < dossier->timeline->len; i++)
        {
          McTimelineEntry *entry = g_ptr_array_index (dossier->timeline, i);
          g_autofree char *when = mc_cli_format_time (entry->at);

          g_print ("%s\t%s %s (%s) %s %s\n", _("Timeline"), when, entry->actor, entry->role,
                   mc_workflow_action_label (entry->action), entry->note);
        }
    }

  return TRUE;
}

gboolean
mc_cli_search (McCli   *cli,
               int      argc,
               char   **argv,
               GError **error)
{
  int limit = 20;
  GOptionEntry entries[] = {
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("At most this many rows"), "N" },
    { NULL }
  };
  g_autoptr(McDesk) desk = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *text = NULL;

  if (!mc_cli_parse (entries, "search", "TEXT", &argc, &argv, error))
    return FALSE;
  if (argc < 2 || limit <= 0)
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                   _("search needs the text to look for: part of a name, ID number, phone, address, procedure or code."));
      return FALSE;
    }
  text = g_strjoinv (" ", argv + 1);

  desk = mc_cli_open_desk (cli, MC_STORE_OPEN_READ_ONLY, NULL, error);
  if (desk == NULL)
    return FALSE;
  rows = mc_desk_search (desk, text, (guint) limit, error);
  if (rows == NULL)
    return FALSE;

  mc_cli_print_summaries (cli, rows);

  return TRUE;
}

gboolean
mc_cli_lease (McCli   *cli,
              int      argc,
              char   **argv,
              GError **error)
{
  g_autofree char *date = NULL, *office = NULL;
  int first = 1, last = 9999;
  GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("Reception day the numbers are for (default today)"), "YYYY-MM-DD" },
    { "first", 0, 0, G_OPTION_ARG_INT, &first, N_("First number of the block"), "N" },
    { "last", 0, 0, G_OPTION_ARG_INT, &last, N_("Last number of the block"), "N" },
    { "office", 0, 0, G_OPTION_ARG_STRING, &office, N_("Office code (default the workspace's office)"), "CODE" },
    { NULL }
  };
  g_autoptr(McDesk) desk = NULL;
  g_autoptr(GDateTime) day = NULL;
  g_autofree char *yymmdd = NULL;
  gint64 when;

  if (!mc_cli_parse (entries, "lease", "add", &argc, &argv, error))
    return FALSE;
  if (argc != 2 || !g_str_equal (argv[1], "add") || first < 1 || last > 9999 || first > last)
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                   _("Usage: lease add [--date YYYY-MM-DD] [--first N] [--last N] with 1 ≤ first ≤ last ≤ 9999."));
      return FALSE;
    }

  when = g_get_real_time () / G_USEC_PER_SEC;
  if (date != NULL && !mc_cli_parse_time (date, &when, error))
    return FALSE;
  day = mc_vietnam_from_unix (when);
  yymmdd = g_date_time_format (day, "%y%m%d");

  desk = mc_cli_open_desk (cli, MC_STORE_OPEN_DEFAULT, NULL, error);
  if (desk == NULL || !mc_desk_add_lease (desk, office, yymmdd, (guint) first, (guint) last, error))
    return FALSE;

  g_print ("%s\t%u\t%u\n", yymmdd, (guint) first, (guint) last);

  return TRUE;
}

gboolean
mc_cli_audit (McCli   *cli,
              int      argc,
              char   **argv,
              GError **error)
{
  g_autoptr(McDesk) desk = NULL;
  McAuditReport report = { 0 };
  gboolean intact;

  if (!mc_cli_parse (NULL, "audit", "verify", &argc, &argv, error))
    return FALSE;
  if (argc != 2 || !g_str_equal (argv[1], "verify"))
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE, _("Usage: audit verify"));
      return FALSE;
    }

  desk = mc_cli_open_desk (cli, MC_STORE_OPEN_READ_ONLY, NULL, error);
  if (desk == NULL || !mc_desk_verify_audit (desk, &report, error))
    return FALSE;

  intact = report.problem == NULL;
  if (intact)
    g_print (ngettext ("The audit log is intact: %lld entry.\n",
                       "The audit log is intact: %lld entries.\n", (gulong) report.n_entries),
             (long long) report.n_entries);
  else
    g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_FAILED,
                 _("The audit log was tampered with: %s"), report.problem);
  mc_audit_report_clear (&report);

  return intact;
}
