/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Commands about the workspace as a whole: info, queues, list, demo. */
#define G_LOG_DOMAIN "motcua-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "mc-cli.h"
#include "domain/mc-queue.h"
#include "domain/mc-state.h"
#include "store/mc-demo.h"
#include "store/mc-desk-queries.h"

gboolean
mc_cli_info (McCli   *cli,
             int      argc,
             char   **argv,
             GError **error)
{
  g_autoptr(McDesk) desk = NULL;
  g_autofree guint *counts = NULL;
  McStore *store;

  if (!mc_cli_parse (NULL, "info", "", &argc, &argv, error))
    return FALSE;

  desk = mc_cli_open_desk (cli, MC_STORE_OPEN_READ_ONLY, NULL, error);
  if (desk == NULL)
    return FALSE;
  store = mc_desk_get_store (desk);

  counts = mc_desk_count_queues (desk, mc_desk_now (desk), error);
  if (counts == NULL)
    return FALSE;

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "workspace");
      json_builder_add_string_value (builder, mc_store_get_workspace (store));
      json_builder_set_member_name (builder, "schema_version");
      json_builder_add_int_value (builder, mc_store_get_schema_version (store));
      json_builder_set_member_name (builder, "dossiers");
      json_builder_add_int_value (builder, counts[0]);
      json_builder_end_object (builder);
      mc_cli_print_json (builder);
    }
  else
    {
      g_print ("%s\t%s\n", _("Workspace"), mc_store_get_workspace (store));
      g_print ("%s\t%d\n", _("Schema"), mc_store_get_schema_version (store));
      g_print ("%s\t%u\n", _("Dossiers"), counts[0]);
    }

  return TRUE;
}

gboolean
mc_cli_queues (McCli   *cli,
               int      argc,
               char   **argv,
               GError **error)
{
  g_autoptr(McDesk) desk = NULL;
  g_autofree guint *counts = NULL;
  const McQueueInfo *queues;
  guint n_queues;

  if (!mc_cli_parse (NULL, "queues", "", &argc, &argv, error))
    return FALSE;

  desk = mc_cli_open_desk (cli, MC_STORE_OPEN_READ_ONLY, NULL, error);
  if (desk == NULL)
    return FALSE;

  queues = mc_queue_get_all (&n_queues);
  counts = mc_desk_count_queues (desk, mc_desk_now (desk), error);
  if (counts == NULL)
    return FALSE;

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      for (guint i = 0; i < n_queues; i++)
        {
          json_builder_set_member_name (builder, queues[i].id);
          json_builder_add_int_value (builder, counts[i]);
        }
      json_builder_end_object (builder);
      mc_cli_print_json (builder);
    }
  else
    {
      for (guint i = 0; i < n_queues; i++)
        g_print ("%s\t%u\t%s\n", queues[i].id, counts[i], mc_queue_get_title (&queues[i]));
    }

  return TRUE;
}

gboolean
mc_cli_list (McCli   *cli,
             int      argc,
             char   **argv,
             GError **error)
{
  g_autofree char *queue_id = NULL;
  int limit = 50;
  GOptionEntry entries[] = {
    { "queue", 'q', 0, G_OPTION_ARG_STRING, &queue_id, N_("The queue (all, new, received, processing, …)"), "QUEUE" },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("At most this many rows"), "N" },
    { NULL }
  };
  g_autoptr(McDesk) desk = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  if (!mc_cli_parse (entries, "list", "", &argc, &argv, error))
    return FALSE;

  if (mc_queue_lookup (queue_id != NULL ? queue_id : "all") == NULL)
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                   _("There is no queue “%s”. Run “motcua-cli queues” for the list."), queue_id);
      return FALSE;
    }
  if (limit <= 0)
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE, _("--limit must be a positive number."));
      return FALSE;
    }

  desk = mc_cli_open_desk (cli, MC_STORE_OPEN_READ_ONLY, NULL, error);
  if (desk == NULL)
    return FALSE;
  rows = mc_desk_list_queue (desk, queue_id != NULL ? queue_id : "all", (guint) limit, error);
  if (rows == NULL)
    return FALSE;

  mc_cli_print_summaries (cli, rows);

  return TRUE;
}

static void
demo_progress (guint    done,
               guint    total,
               gpointer user_data)
{
  g_printerr ("\r");
  g_printerr (_("Creating demo dossiers: %u of %u"), done, total);
  if (done == total)
    g_printerr ("\n");
}

gboolean
mc_cli_demo (McCli   *cli,
             int      argc,
             char   **argv,
             GError **error)
{
  int n = 2000;
  int seed = 20250701;
  gboolean quiet = FALSE;
  GOptionEntry entries[] = {
    { "dossiers", 'n', 0, G_OPTION_ARG_INT, &n, N_("How many dossiers to add"), "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, N_("Random seed (the same seed gives the same data)"), "SEED" },
    { "quiet", 0, 0, G_OPTION_ARG_NONE, &quiet, N_("Do not show progress"), NULL },
    { NULL }
  };
  g_autoptr(McDesk) desk = NULL;

  if (!mc_cli_parse (entries, "demo", "", &argc, &argv, error))
    return FALSE;

  if (n < 0)
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE, _("--dossiers must not be negative."));
      return FALSE;
    }

  desk = mc_desk_open (cli->workspace, MC_STORE_OPEN_DEFAULT, error);
  if (desk == NULL)
    return FALSE;

  return mc_demo_populate (desk, (guint) n, (guint32) seed,
                           quiet ? NULL : demo_progress, &quiet, error);
}
