/* SPDX-License-Identifier: GPL-3.0-or-later */
/* motcua-cli: the headless front end. Global options come before the
 * command, the command's own options after it. Every failure prints one line
 * on stderr and exits non-zero (2 for a usage error), so scripts and tests
 * can rely on it. */
#define G_LOG_DOMAIN "motcua-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "mc-cli.h"
#include "mc-cli-digitise.h"
#include "domain/mc-dossier-summary.h"
#include "domain/mc-state.h"
#include "mc-core.h"
#include "store/mc-desk-auth.h"

G_DEFINE_QUARK (mc-cli-error-quark, mc_cli_error)

static const McCliCommand commands[] = {
  { "info", "", N_("Show the workspace: path, schema and size"), mc_cli_info },
  { "queues", "", N_("Count the dossiers in each queue"), mc_cli_queues },
  { "list", "[--queue QUEUE] [--limit N]", N_("List the dossiers of a queue"), mc_cli_list },
  { "demo", "[--dossiers N]", N_("Fill the workspace with demo dossiers"), mc_cli_demo },
  { "receive", "--procedure CODE --name N --id ID …", N_("Receive a dossier at the desk"), mc_cli_receive },
  { "act", "CODE ACTION [--reason …]", N_("Take a workflow action on a dossier"), mc_cli_act },
  { "show", "CODE", N_("Show a dossier"), mc_cli_show },
  { "search", "TEXT", N_("Search dossiers by name, ID, phone, address, procedure or code"), mc_cli_search },
  { "lease", "add [--date D] [--first N] [--last N]", N_("Add a block of dossier numbers"), mc_cli_lease },
  { "audit", "verify", N_("Check that the audit log is intact"), mc_cli_audit },
  { "office", "set --code C --name N …", N_("Set the office of this workspace"), mc_cli_office },
  { "officer", "add|use|list", N_("Manage the officers of this desk"), mc_cli_officer },
  { "deadline", "--from YYYY-MM-DDTHH:MM --days N", N_("Appointment for a time limit in working days"), mc_cli_deadline },
  { "calendar", "--year YYYY", N_("Weekdays off and working weekend days of a year"), mc_cli_calendar },
  { "procedures", "[--field F] [--search TEXT]", N_("List the procedures of the catalogue"), mc_cli_procedures },
  { "citizen", "check|parse-qr|read-qr", N_("Check an ID number, read a chip-card QR code"), mc_cli_citizen },
  { "slip", "KIND CODE -o FILE | ledger --from --to", N_("Print a dossier's slip, or the tracking ledger, to PDF"), mc_cli_slip },
  { "tokens", "", N_("List signing tokens and their certificates"), mc_cli_tokens },
  { "sign", "--key URI --pin-stdin (-o OUT FILE | --out-dir DIR FILE…)", N_("Sign PDF files (PAdES) with a token"), mc_cli_sign },
  { "verify", "FILE", N_("Check the signatures of a PDF file"), mc_cli_verify },
  { "result", "add CODE FILE|list CODE", N_("Attach or list the result documents of a dossier"), mc_cli_result },
  { "report", "kpi|export --from D --to D", N_("Service indicators of a period, or their export"), mc_cli_report },
  { "scan", "--device NAME -o OUT.pdf | --list", N_("Scan paper to a PDF file"), mc_cli_scan },
  { "digitise", "IN… -o OUT.pdf [--ocr] [--pdfa]", N_("Turn image files into one PDF file"), mc_cli_digitise },
  { "sync", "login|now|status|reference|logout|audit-check", N_("Sync with the central system"), mc_cli_sync },
  { "attach", "CODE COMPONENT FILE", N_("Attach a PDF to a component of a received dossier"), mc_cli_attach },
};

McStore *
mc_cli_open_store (McCli             *cli,
                   McStoreOpenFlags   flags,
                   GError           **error)
{
  return mc_store_open (cli->workspace, flags, error);
}

/* Set by --password-stdin, which every command accepts (see mc_cli_parse). */
static gboolean password_stdin;

gboolean
mc_cli_password_stdin (void)
{
  return password_stdin;
}

/* One line of standard input; free it with mc_password_free(). */
char *
mc_cli_read_password (GError **error)
{
  if (!password_stdin)
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                   _("Give the password on standard input with --password-stdin."));
      return NULL;
    }

  return mc_password_read_line (0, error);
}

/* The desk of the workspace, acting as officer @as when it is given: then
 * the officer's password is read from standard input (--password-stdin)
 * and checked, so the audit names someone who proved who they are. */
McDesk *
mc_cli_open_desk (McCli             *cli,
                  McStoreOpenFlags   flags,
                  const char        *as,
                  GError           **error)
{
  g_autoptr(McDesk) desk = NULL;
  g_autoptr(McOfficer) officer = NULL;
  char *password = NULL;

  if (as != NULL)
    {
      password = mc_cli_read_password (error);
      if (password == NULL)
        {
          g_prefix_error (error, _("To act as “%s”: "), as);
          return NULL;
        }
    }

  desk = mc_desk_open (cli->workspace, flags, error);
  /* On a desk whose officers sign in, a change is made by someone who
   * proved who they are, never by the workspace's "current officer". */
  if (desk != NULL && as == NULL && (flags & MC_STORE_OPEN_READ_ONLY) == 0)
    {
      gboolean passwords = FALSE;

      if (!mc_desk_has_passwords (desk, &passwords, error))
        return NULL;
      if (passwords)
        {
          g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                       _("Say who acts: add --as LOGIN --password-stdin and give that officer’s password on standard input."));
          return NULL;
        }
    }
  if (desk != NULL && as != NULL)
    {
      officer = mc_desk_sign_in (desk, as, password, error);
      if (officer == NULL)
        g_clear_object (&desk);
      else
        mc_desk_set_officer_login (desk, as);
    }
  mc_password_free (password);

  return g_steal_pointer (&desk);
}

gboolean
mc_cli_parse (GOptionEntry   *entries,
              const char     *command,
              const char     *args,
              int            *argc,
              char         ***argv,
              GError        **error)
{
  g_autofree char *usage = g_strdup_printf ("%s %s", command, args);
  g_autoptr(GOptionContext) context = g_option_context_new (usage);

  const GOptionEntry auth_entries[] = {
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin,
      N_("Read the password of the officer of --as (or the new password) from standard input, one line"), NULL },
    { NULL }
  };

  g_option_context_set_help_enabled (context, TRUE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, auth_entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  g_autoptr(GError) local_error = NULL;

  if (!g_option_context_parse (context, argc, argv, &local_error))
    {
      g_set_error_literal (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE, local_error->message);
      return FALSE;
    }

  return TRUE;
}

void
mc_cli_print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

/**
 * mc_cli_print_summaries:
 * @cli: the command line
 * @rows: (element-type McDossierSummary): dossiers of a queue or a search
 *
 * One line per dossier (code, applicant, ID number, procedure, appointment,
 * state, tab-separated), or a JSON array with --json.
 */
void
mc_cli_print_summaries (McCli     *cli,
                        GPtrArray *rows)
{
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < rows->len; i++)
        {
          McDossierSummary *row = g_ptr_array_index (rows, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "code");
          json_builder_add_string_value (builder, mc_dossier_summary_get_code (row));
          json_builder_set_member_name (builder, "procedure_code");
          json_builder_add_string_value (builder, mc_dossier_summary_get_procedure_code (row));
          json_builder_set_member_name (builder, "procedure_name");
          json_builder_add_string_value (builder, mc_dossier_summary_get_procedure_name (row));
          json_builder_set_member_name (builder, "applicant_name");
          json_builder_add_string_value (builder, mc_dossier_summary_get_applicant_name (row));
          json_builder_set_member_name (builder, "applicant_id");
          json_builder_add_string_value (builder, mc_dossier_summary_get_applicant_id (row));
          json_builder_set_member_name (builder, "state");
          json_builder_add_int_value (builder, mc_dossier_summary_get_state (row));
          json_builder_set_member_name (builder, "due_at");
          json_builder_add_int_value (builder, mc_dossier_summary_get_due_at (row));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      mc_cli_print_json (builder);
      return;
    }

  for (guint i = 0; i < rows->len; i++)
    {
      McDossierSummary *row = g_ptr_array_index (rows, i);
      g_autofree char *due = mc_dossier_summary_get_due_at (row) > 0
        ? mc_format_date_time (mc_dossier_summary_get_due_at (row)) : g_strdup ("-");

      g_print ("%s\t%s\t%s\t%s\t%s\t%s\n",
               mc_dossier_summary_get_code (row),
               mc_dossier_summary_get_applicant_name (row),
               mc_dossier_summary_get_applicant_id (row),
               mc_dossier_summary_get_procedure_name (row),
               due,
               mc_state_label (mc_dossier_summary_get_state (row)));
    }
}

static void
print_help (void)
{
  g_print ("%s\n\n", _("Usage: motcua-cli [--workspace DIR] [--json] COMMAND [OPTIONS…]"));
  g_print ("%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_print ("  %-10s %-40s %s\n", commands[i].name, commands[i].args, _(commands[i].summary));
  g_print ("\n%s\n", _("Run “motcua-cli COMMAND --help” for the options of a command."));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *workspace = NULL;
  gboolean json = FALSE;
  gboolean version = FALSE;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) args = NULL;
  McCli cli = { 0 };
  int first = 1;

  mc_core_forbid_core_dumps ();
  mc_core_init ();

  /* Global options may stand before or after the command, as people type
   * them ("search x --json"); they are taken out of the arguments, up to a
   * "--", and the rest is the command's own to parse. */
  args = g_ptr_array_new ();
  g_ptr_array_add (args, argv[0]);
  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];

      if (g_str_equal (arg, "--"))
        {
          for (; i < argc; i++)
            g_ptr_array_add (args, argv[i]);
          break;
        }
      if (g_str_equal (arg, "--json"))
        json = TRUE;
      else if (g_str_equal (arg, "--version") && args->len == 1)
        version = TRUE;
      else if ((g_str_equal (arg, "--help") || g_str_equal (arg, "-h")) && args->len == 1)
        {
          print_help ();
          return 0;
        }
      else if (g_str_equal (arg, "--workspace") && i + 1 < argc)
        {
          g_free (workspace);
          workspace = g_strdup (argv[++i]);
        }
      else if (g_str_has_prefix (arg, "--workspace="))
        {
          g_free (workspace);
          workspace = g_strdup (arg + strlen ("--workspace="));
        }
      else if (arg[0] == '-' && args->len == 1)
        {
          g_printerr ("motcua-cli: %s\n", _("Unknown option. Run “motcua-cli --help” for the list."));
          return 2;
        }
      else
        g_ptr_array_add (args, argv[i]);
    }
  g_ptr_array_add (args, NULL);
  argc = (int) args->len - 1;
  argv = (char **) args->pdata;

  if (version)
    {
      g_print ("motcua-cli %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (first >= argc)
    {
      print_help ();
      return 2;
    }

  cli.workspace = workspace != NULL ? g_steal_pointer (&workspace) : mc_store_default_workspace ();
  cli.json = json;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (commands[i].name, argv[first]))
        {
          gboolean ok = commands[i].func (&cli, argc - first, argv + first, &error);

          g_free (cli.workspace);
          if (!ok)
            {
              g_printerr ("motcua-cli: %s\n", error->message);
              if (g_error_matches (error, MC_CLI_ERROR, MC_CLI_ERROR_INDETERMINATE))
                return 3;
              if (g_error_matches (error, MC_CLI_ERROR, MC_CLI_ERROR_UNREADABLE))
                return 4;
              return g_error_matches (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE) ? 2 : 1;
            }
          return 0;
        }
    }

  g_free (cli.workspace);
  g_printerr ("motcua-cli: %s\n", _("Unknown command. Run “motcua-cli --help” for the list."));
  return 2;
}
