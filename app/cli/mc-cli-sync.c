/* SPDX-License-Identifier: GPL-3.0-or-later */
/* motcua-cli sync login|now|status|reference|logout|audit-check: the desk
 * as a client of the central system. The work runs in the sync client's
 * worker thread while this thread waits in a main loop, as in the window. */
#define G_LOG_DOMAIN "motcua-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-cli.h"
#include "mc-core.h"
#include "mc-sync-audit-check.h"
#include "mc-sync-client.h"
#include "store/mc-demo.h"
#include "store/mc-desk-auth.h"
#include "store/mc-sync-store.h"

typedef struct
{
  GMainLoop *loop;
  McSyncReport *report;
  gboolean ok;
  GError *error;
} Wait;

static void
sync_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Wait *wait = user_data;

  wait->report = mc_sync_client_sync_finish (MC_SYNC_CLIENT (source), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static void
login_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *wait = user_data;

  wait->ok = mc_sync_client_login_finish (MC_SYNC_CLIENT (source), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

/* A client of the workspace's desk, opened for writing (a sign-in, even
 * one in memory, records the server); it holds the desk. */
static McSyncClient *
desk_client (McCli   *cli,
             GError **error)
{
  g_autoptr(McDesk) desk = mc_desk_open (cli->workspace, MC_STORE_OPEN_DEFAULT, error);

  if (desk == NULL)
    return NULL;

  return mc_sync_client_new (desk);
}

static gboolean
sync_login (McCli   *cli,
            int      argc,
            char   **argv,
            GError **error)
{
  g_autofree char *server = NULL;
  g_autofree char *user = NULL;
  g_autofree char *ca_file = NULL;
  g_autoptr(McSyncClient) client = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  char *password;
  Wait wait = { 0 };
  GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &server, N_("The central server’s address"), "URL" },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, N_("Your login on the central server"), "LOGIN" },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file, N_("A PEM file of the province’s CA, trusted besides the system’s"), "PEM" },
    { NULL }
  };

  if (!mc_cli_parse (entries, "sync login", "--server URL --user LOGIN --password-stdin", &argc, &argv, error))
    return FALSE;
  if (server == NULL || user == NULL)
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                   _("Give the server with --server URL and your login with --user LOGIN."));
      return FALSE;
    }
  password = mc_cli_read_password (error);
  if (password == NULL)
    return FALSE;

  client = desk_client (cli, error);
  if (client == NULL)
    {
      mc_password_free (password);
      return FALSE;
    }
  loop = g_main_loop_new (NULL, FALSE);
  wait.loop = loop;
  mc_sync_client_login_async (client, server, user, password, ca_file, NULL, login_done, &wait);
  mc_password_free (password);
  g_main_loop_run (loop);
  if (!wait.ok)
    {
      g_propagate_error (error, wait.error);
      return FALSE;
    }

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      mc_cli_json_string (builder, "server", server);
      mc_cli_json_string (builder, "login", user);
      json_builder_end_object (builder);
      mc_cli_print_json (builder);
    }
  else
    g_print (_("Signed in to %s as %s.\n"), server, user);

  return TRUE;
}

/* Without a Secret Service: --password-stdin signs @client in for this
 * process only, the sign-in held in memory. Without the option, nothing
 * to do. */
static gboolean
sign_in_from_stdin (McSyncClient  *client,
                    GError       **error)
{
  char *password;
  gboolean signed_in;

  if (!mc_cli_password_stdin ())
    return TRUE;
  password = mc_cli_read_password (error);
  if (password == NULL)
    return FALSE;
  signed_in = mc_sync_client_login_in_memory (client, password, NULL, error);
  mc_password_free (password);
  return signed_in;
}

/* The start `sync now`, `sync logout` and `sync audit-check` share: the
 * command's arguments read (it has no options of its own), a client of the
 * desk, and with @sign_in, a sign-in in memory when --password-stdin is
 * given (for a desk without a Secret Service). */
static McSyncClient *
command_client (McCli       *cli,
                const char  *command,
                int          argc,
                char       **argv,
                gboolean     sign_in,
                GError     **error)
{
  g_autoptr(McSyncClient) client = NULL;

  if (!mc_cli_parse (NULL, command, "", &argc, &argv, error))
    return NULL;
  client = desk_client (cli, error);
  if (client == NULL)
    return NULL;
  if (sign_in && !sign_in_from_stdin (client, error))
    return NULL;

  return g_steal_pointer (&client);
}

static gboolean
sync_now (McCli   *cli,
          int      argc,
          char   **argv,
          GError **error)
{
  g_autoptr(McSyncClient) client = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(McSyncReport) report = NULL;
  Wait wait = { 0 };

  /* Without a Secret Service: --password-stdin signs in for this sync
   * only, the sign-in held in memory. */
  client = command_client (cli, "sync now", argc, argv, TRUE, error);
  if (client == NULL)
    return FALSE;
  loop = g_main_loop_new (NULL, FALSE);
  wait.loop = loop;
  mc_sync_client_sync_async (client, NULL, sync_done, &wait);
  g_main_loop_run (loop);
  if (wait.report == NULL)
    {
      g_propagate_error (error, wait.error);
      return FALSE;
    }
  report = wait.report;

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      const struct { const char *name; gint64 value; } counts[] = {
        { "applied", report->applied }, { "duplicates", report->duplicates },
        { "conflicts", report->conflicts }, { "rejected", report->rejected },
        { "pulled", report->pulled }, { "imported", report->imported },
        { "updated", report->updated }, { "kept_aside", report->kept_aside },
        { "reference", report->reference }, { "blobs_up", report->blobs_up },
        { "blobs_down", report->blobs_down }, { "leased", report->leased },
        { "pending_ops", report->pending }, { "open_conflicts", report->open_conflicts },
        { "sign_in_us", report->sign_in_us }, { "push_us", report->push_us },
        { "pull_us", report->pull_us }, { "lease_us", report->lease_us },
      };

      json_builder_begin_object (builder);
      for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
        {
          json_builder_set_member_name (builder, counts[i].name);
          json_builder_add_int_value (builder, counts[i].value);
        }
      mc_cli_json_string (builder, "lease_warning", report->lease_warning);
      json_builder_end_object (builder);
      mc_cli_print_json (builder);
    }
  else
    {
      g_print (_("Sent: %u applied, %u already applied, %u in conflict, %u rejected.\n"),
               report->applied, report->duplicates, report->conflicts, report->rejected);
      g_print (_("Received: %u changes, %u new dossiers, %u dossiers updated, %u kept aside as conflicts.\n"),
               report->pulled, report->imported, report->updated, report->kept_aside);
      g_print (_("Files: %u uploaded, %u downloaded. Dossier numbers leased: %u.\n"),
               report->blobs_up, report->blobs_down, report->leased);
      if (report->open_conflicts > 0)
        g_print (_("%d conflicts wait for an official’s decision.\n"), (int) report->open_conflicts);
      if (report->lease_warning != NULL)
        g_print ("%s\n", report->lease_warning);
    }

  if (report->pending > 0)
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_FAILED,
                   _("%d operations are still waiting to be sent."), (int) report->pending);
      return FALSE;
    }

  return TRUE;
}

static char *
iso_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_seconds);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

static gboolean
sync_status (McCli   *cli,
             int      argc,
             char   **argv,
             GError **error)
{
  g_autoptr(McDesk) desk = NULL;
  g_autoptr(McSyncState) state = NULL;

  if (!mc_cli_parse (NULL, "sync status", "", &argc, &argv, error))
    return FALSE;

  desk = mc_desk_open (cli->workspace, MC_STORE_OPEN_READ_ONLY, error);
  if (desk == NULL)
    return FALSE;
  state = mc_desk_sync_load_state (desk, error);
  if (state == NULL)
    return FALSE;

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autofree char *last = state->last_success > 0 ? iso_time (state->last_success) : NULL;
      g_autofree char *since = state->offline_since > 0 ? iso_time (state->offline_since) : NULL;

      json_builder_begin_object (builder);
      mc_cli_json_string (builder, "state", state->state);
      json_builder_set_member_name (builder, "pending_ops");
      json_builder_add_int_value (builder, state->pending_ops);
      json_builder_set_member_name (builder, "conflicts");
      json_builder_add_int_value (builder, state->conflicts);
      json_builder_set_member_name (builder, "last_success");
      if (last != NULL)
        json_builder_add_string_value (builder, last);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "server");
      if (state->server != NULL)
        json_builder_add_string_value (builder, state->server);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "cursor");
      if (state->cursor != NULL)
        json_builder_add_string_value (builder, state->cursor);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "login");
      if (state->login != NULL)
        json_builder_add_string_value (builder, state->login);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "offline_since");
      if (since != NULL)
        json_builder_add_string_value (builder, since);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "last_error");
      if (state->last_error != NULL)
        json_builder_add_string_value (builder, state->last_error);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "desk_id");
      json_builder_add_string_value (builder, state->desk_id);
      json_builder_end_object (builder);
      mc_cli_print_json (builder);
      return TRUE;
    }

  g_print ("%s\t%s\n", _("State"), state->state);
  g_print ("%s\t%s\n", _("Server"), state->server != NULL ? state->server : "-");
  g_print ("%s\t%" G_GINT64_FORMAT "\n", _("Waiting"), state->pending_ops);
  g_print ("%s\t%" G_GINT64_FORMAT "\n", _("Conflicts"), state->conflicts);
  if (state->last_success > 0)
    {
      g_autofree char *last = mc_cli_format_time (state->last_success);

      g_print ("%s\t%s\n", _("Last sync"), last);
    }
  if (state->last_error != NULL)
    g_print ("%s\t%s\n", _("Error"), state->last_error);

  return TRUE;
}

static gboolean
sync_logout (McCli   *cli,
             int      argc,
             char   **argv,
             GError **error)
{
  g_autoptr(McSyncClient) client = command_client (cli, "sync logout", argc, argv, FALSE, error);

  if (client == NULL)
    return FALSE;
  if (!mc_sync_client_logout (client, NULL, error))
    return FALSE;
  if (!cli->json)
    g_print ("%s\n", _("Signed out of the central server."));

  return TRUE;
}

/* `sync reference [--at TIME]`: every version of a procedure, holiday
 * table or slip template the change feed brought, and what the desk makes
 * of it at that time: in force, waiting for its date, replaced by a newer
 * one, or refused (with the reason). */
static gboolean
sync_reference (McCli   *cli,
                int      argc,
                char   **argv,
                GError **error)
{
  g_autofree char *at_text = NULL;
  g_autoptr(McDesk) desk = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gint64 at = 0;
  GOptionEntry entries[] = {
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text, N_("Judge the versions at this time instead of now"), "YYYY-MM-DDTHH:MM" },
    { NULL }
  };

  if (!mc_cli_parse (entries, "sync reference", "[--at YYYY-MM-DDTHH:MM]", &argc, &argv, error))
    return FALSE;
  if (at_text != NULL && !mc_cli_parse_time (at_text, &at, error))
    return FALSE;

  desk = mc_desk_open (cli->workspace, MC_STORE_OPEN_READ_ONLY, error);
  if (desk == NULL)
    return FALSE;
  list = mc_desk_sync_list_reference (desk, at > 0 ? at : mc_desk_now (desk), error);
  if (list == NULL)
    return FALSE;

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < list->len; i++)
        {
          McSyncReference *item = g_ptr_array_index (list, i);
          g_autofree char *arrived = iso_time (item->arrived_at);

          json_builder_begin_object (builder);
          mc_cli_json_string (builder, "kind", item->kind);
          mc_cli_json_string (builder, "key", item->key);
          json_builder_set_member_name (builder, "version");
          json_builder_add_int_value (builder, item->version);
          json_builder_set_member_name (builder, "effective_from");
          if (item->effective_from != NULL)
            json_builder_add_string_value (builder, item->effective_from);
          else
            json_builder_add_null_value (builder);
          mc_cli_json_string (builder, "arrived_at", arrived);
          mc_cli_json_string (builder, "state", item->state);
          json_builder_set_member_name (builder, "reason");
          if (item->reason != NULL)
            json_builder_add_string_value (builder, item->reason);
          else
            json_builder_add_null_value (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      mc_cli_print_json (builder);
      return TRUE;
    }

  if (list->len == 0)
    g_print ("%s\n", _("No reference data has come from the central system yet."));
  for (guint i = 0; i < list->len; i++)
    {
      McSyncReference *item = g_ptr_array_index (list, i);
      const char *state = g_str_equal (item->state, "in-force") ? _("in force")
                          : g_str_equal (item->state, "waiting") ? _("waiting for its date")
                          : g_str_equal (item->state, "replaced") ? _("replaced") : _("refused");

      g_print ("%s\t%s\t%" G_GINT64_FORMAT "\t%s\t%s%s%s\n", item->kind, item->key, item->version,
               item->effective_from != NULL ? item->effective_from : "-", state,
               item->reason != NULL ? ": " : "", item->reason != NULL ? item->reason : "");
    }

  return TRUE;
}

/* `sync audit-check`: the desk's audit against what the central server
 * recorded for this desk; exit 1 when they differ. */
static gboolean
sync_audit_check (McCli   *cli,
                  int      argc,
                  char   **argv,
                  GError **error)
{
  g_autoptr(McSyncClient) client = NULL;
  g_autoptr(McSyncAuditCheck) check = NULL;

  /* Without a Secret Service, as for `sync now`. */
  client = command_client (cli, "sync audit-check", argc, argv, TRUE, error);
  if (client == NULL)
    return FALSE;
  check = mc_sync_client_audit_check (client, NULL, error);
  if (check == NULL)
    return FALSE;

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      const struct { const char *name; gint64 value; } counts[] = {
        { "local_entries", check->local_entries }, { "server_ops", check->server_ops },
        { "local_sent", check->local_sent }, { "unconfirmed", check->unconfirmed },
        { "heads_checked", check->heads_checked }, { "divergences", check->divergences },
      };

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "agree");
      json_builder_add_boolean_value (builder, check->agree);
      json_builder_set_member_name (builder, "local_chain_ok");
      json_builder_add_boolean_value (builder, check->local_chain_ok);
      for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
        {
          json_builder_set_member_name (builder, counts[i].name);
          json_builder_add_int_value (builder, counts[i].value);
        }
      json_builder_set_member_name (builder, "first_divergence");
      if (check->first_kind != NULL)
        {
          json_builder_begin_object (builder);
          mc_cli_json_string (builder, "kind", check->first_kind);
          mc_cli_json_string (builder, "op_id", check->first_op_id);
          json_builder_set_member_name (builder, "audit_seq");
          if (check->first_audit_seq > 0)
            json_builder_add_int_value (builder, check->first_audit_seq);
          else
            json_builder_add_null_value (builder);
          mc_cli_json_string (builder, "message", check->first_message);
          json_builder_end_object (builder);
        }
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
      mc_cli_print_json (builder);
    }
  else if (check->agree)
    g_print (_("The central server’s audit agrees with this desk: %u ops recorded, an audit log of %lld entries, %u audit-chain heads checked.\n"),
             check->server_ops, (long long) check->local_entries, check->heads_checked);

  if (!check->agree)
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_FAILED,
                   ngettext ("The audit does not agree with the central server’s (%u difference); the first: %s",
                             "The audit does not agree with the central server’s (%u differences); the first: %s",
                             check->divergences),
                   check->divergences, check->first_message);
      return FALSE;
    }

  return TRUE;
}

/* `sync demo-portal DIR`: the demo's online dossiers as the portal
 * submitted them, for `motcua-central portal submit` (./dev gives them to
 * its central before the demo desk's first sync). */
static gboolean
sync_demo_portal (McCli   *cli,
                  int      argc,
                  char   **argv,
                  GError **error)
{
  g_autoptr(McDesk) desk = NULL;
  guint n = 0;

  if (!mc_cli_parse (NULL, "sync demo-portal", "DIR", &argc, &argv, error))
    return FALSE;
  if (argc != 2)
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE, _("Say which folder to write to."));
      return FALSE;
    }

  desk = mc_desk_open (cli->workspace, MC_STORE_OPEN_READ_ONLY, error);
  if (desk == NULL || !mc_demo_write_portal (desk, argv[1], &n, error))
    return FALSE;
  if (!cli->json)
    g_print (_("Online dossiers written to %s: %u\n"), argv[1], n);

  return TRUE;
}

static gboolean
sync_command (McCli   *cli,
              int      argc,
              char   **argv,
              GError **error)
{
  const char *sub = argc > 1 ? argv[1] : "";

  if (g_str_equal (sub, "login"))
    return sync_login (cli, argc - 1, argv + 1, error);
  if (g_str_equal (sub, "now"))
    return sync_now (cli, argc - 1, argv + 1, error);
  if (g_str_equal (sub, "status"))
    return sync_status (cli, argc - 1, argv + 1, error);
  if (g_str_equal (sub, "logout"))
    return sync_logout (cli, argc - 1, argv + 1, error);
  if (g_str_equal (sub, "reference"))
    return sync_reference (cli, argc - 1, argv + 1, error);
  if (g_str_equal (sub, "audit-check"))
    return sync_audit_check (cli, argc - 1, argv + 1, error);
  if (g_str_equal (sub, "demo-portal"))
    return sync_demo_portal (cli, argc - 1, argv + 1, error);

  g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
               _("Say what to do: sync login, sync now, sync status, sync reference, sync logout or sync audit-check."));

  return FALSE;
}

gboolean
mc_cli_sync (McCli   *cli,
             int      argc,
             char   **argv,
             GError **error)
{
  gboolean ok = sync_command (cli, argc, argv, error);

  /* Leave the Secret Service before the process does, so nothing of its
   * D-Bus connection is still in flight at exit. */
  mc_sync_client_disconnect_secrets ();
  return ok;
}
