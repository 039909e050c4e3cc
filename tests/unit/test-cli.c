/* SPDX-License-Identifier: GPL-3.0-or-later */
/* motcua-cli as people type it (through cli-run, criticals fatal), on a real workspace made by the workflow
 * fixture: adding an officer whose login is taken is refused as the
 * Preferences window refuses it (the profile stays), global options work
 * after the command too, and a reception without the optional sex is
 * received without a GLib critical. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "domain/mc-state.h"
#include "cli-run.h"
#include "mc-core.h"
#include "store/mc-desk-auth.h"
#include "workflow-fixture.h"

static Fixture *
closed_fixture (void)
{
  Fixture *fixture = fixture_new (TRUE);

  /* The CLI is the desk's writer now. */
  mc_store_close (mc_desk_get_store (fixture->desk));

  return fixture;
}

static void
test_officer_duplicate (void)
{
  g_autoptr(Fixture) fixture = closed_fixture ();
  g_auto(CliRun) taken = { 0 };
  g_auto(CliRun) list = { 0 };
  g_auto(CliRun) added = { 0 };
  g_auto(CliRun) bad = { 0 };

  /* "lan" is Nguyễn Thị Lan's login: refused, her profile untouched. */
  CLI_RUN (&taken, "--workspace", fixture->tmp, "officer", "add", "--login", "lan",
       "--name", "Hoàng Văn Khác", "--role", "leader");
  g_test_message ("refused: %s", taken.err);
  g_assert_cmpint (taken.status, ==, 1);
  g_assert_nonnull (strstr (taken.err, "lan"));
  g_assert_nonnull (strstr (taken.err, "Nguyễn Thị Lan"));

  CLI_RUN (&list, "--workspace", fixture->tmp, "officer", "list");
  g_assert_cmpint (list.status, ==, 0);
  g_assert_nonnull (strstr (list.out, "lan\treception\tNguyễn Thị Lan"));
  g_assert_null (strstr (list.out, "Hoàng Văn Khác"));

  /* A free login is added; a login of the wrong shape is refused. */
  CLI_RUN (&added, "--workspace", fixture->tmp, "officer", "add", "--login", "khac",
       "--name", "Hoàng Văn Khác", "--role", "leader");
  g_assert_cmpint (added.status, ==, 0);
  CLI_RUN (&bad, "--workspace", fixture->tmp, "officer", "add", "--login", "Lan Anh",
       "--name", "Lan Anh", "--role", "clerk");
  g_assert_cmpint (bad.status, ==, 1);
  g_assert_nonnull (strstr (bad.err, "Lan Anh"));
}

static void
test_global_options_after_command (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autoptr(McReception) reception = fixture_birth_reception ();
  g_autoptr(McReceptionResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_auto(CliRun) search = { 0 };
  g_auto(CliRun) queues_before = { 0 };
  g_auto(CliRun) queues_after = { 0 };
  g_autoptr(GDateTime) at = g_date_time_new (mc_vietnam_time_zone (), 2026, 11, 24, 9, 0, 0);
  g_autofree char *workspace_option = g_strconcat ("--workspace=", fixture->tmp, NULL);
  JsonArray *rows;

  reception->received_at = g_date_time_to_unix (at);
  mc_desk_set_officer_login (fixture->desk, "lan");
  result = mc_desk_receive (fixture->desk, reception, NULL, &error);
  g_assert_no_error (error);
  mc_store_close (mc_desk_get_store (fixture->desk));

  /* Both global options after the command and its words. */
  CLI_RUN (&search, "search", "Hòa", "--json", "--workspace", fixture->tmp);
  g_assert_cmpint (search.status, ==, 0);
  after = json_from_string (search.out, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (after));
  rows = json_node_get_array (after);
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 0), "code"), ==,
                   result->code);

  /* Before or after, the same answer. */
  CLI_RUN (&queues_before, "--json", "--workspace", fixture->tmp, "queues");
  g_assert_cmpint (queues_before.status, ==, 0);
  CLI_RUN (&queues_after, "queues", workspace_option, "--json");
  g_assert_cmpint (queues_after.status, ==, 0);
  before = json_from_string (queues_before.out, &error);
  g_assert_no_error (error);
  g_clear_pointer (&after, json_node_unref);
  after = json_from_string (queues_after.out, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (before, after));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (after), "all"), ==, 1);
}

static void
test_receive_without_sex (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_auto(CliRun) run = { 0 };
  g_autoptr(GError) error = NULL;
  const char *argv[] = {
    g_getenv ("MOTCUA_CLI"), "--workspace", fixture->tmp, "receive", "--procedure", "1.001193",
    "--name", "Đặng Thị Hòa", "--id", "001190012345", "--birth", "1990-03-15",
    "--all-components", "--at", "2026-11-24T09:00", "--as", "lan", "--password-stdin", NULL
  };

  /* --as proves who acts with the officer's password. */
  g_assert_true (mc_desk_set_password (fixture->desk, "lan", "mat-khau-lan", &error));
  g_assert_no_error (error);
  mc_store_close (mc_desk_get_store (fixture->desk));
  cli_run_argv (&run, "mat-khau-lan\n", argv);
  g_test_message ("%s%s", run.out, run.err);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "H40.12.03.X05-261124-"));
}

/* "show" prints an apology's new appointment beside the original. */
static void
test_show_apology (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autoptr(McReception) reception = fixture_birth_reception ();
  g_autoptr(McReceptionResult) result = NULL;
  g_autoptr(GDateTime) at = g_date_time_new (mc_vietnam_time_zone (), 2026, 11, 24, 9, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *op = NULL;
  g_autofree char *original = NULL;
  g_autofree char *renewed = NULL;
  g_autofree char *original_line = NULL;
  g_autofree char *renewed_line = NULL;
  McActionParams params = { 0 };
  g_auto(CliRun) show = { 0 };

  reception->received_at = g_date_time_to_unix (at);
  mc_desk_set_officer_login (fixture->desk, "lan");
  result = mc_desk_receive (fixture->desk, reception, NULL, &error);
  g_assert_no_error (error);
  params.reason = (char *) "Chờ xác minh";
  params.at = result->due_at - 3600;
  params.new_appointment = result->due_at + 2 * 86400;
  op = mc_desk_act (fixture->desk, result->code, "apologise", &params, &error);
  g_assert_no_error (error);
  mc_store_close (mc_desk_get_store (fixture->desk));

  CLI_RUN (&show, "--workspace", fixture->tmp, "show", result->code);
  g_assert_cmpint (show.status, ==, 0);
  {
    g_autoptr(GDateTime) due = mc_vietnam_from_unix (result->due_at);
    g_autoptr(GDateTime) new_due = mc_vietnam_from_unix (params.new_appointment);

    original = g_date_time_format (due, "%Y-%m-%dT%H:%M:%S%:z");
    renewed = g_date_time_format (new_due, "%Y-%m-%dT%H:%M:%S%:z");
  }
  original_line = g_strdup_printf ("Appointment\t%s\n", original);
  renewed_line = g_strdup_printf ("New appointment after apology\t%s\n", renewed);
  g_assert_nonnull (strstr (show.out, original_line));
  g_assert_nonnull (strstr (show.out, renewed_line));
}

int
main (int   argc,
      char *argv[])
{
  mc_core_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/officer-duplicate", test_officer_duplicate);
  g_test_add_func ("/cli/global-options-after-command", test_global_options_after_command);
  g_test_add_func ("/cli/receive-without-sex", test_receive_without_sex);
  g_test_add_func ("/cli/show-apology", test_show_apology);

  return g_test_run ();
}
