/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The procedures command: the catalogue of the data folder, filtered by
 * field or searched the way officers type, as text for people and scripts
 * or as the full JSON definitions. It needs no workspace. */
#define G_LOG_DOMAIN "motcua-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-cli.h"
#include "domain/mc-catalogue.h"

static gboolean
contains (GPtrArray   *procedures,
          McProcedure *procedure)
{
  return g_ptr_array_find (procedures, procedure, NULL);
}

gboolean
mc_cli_procedures (McCli   *cli,
                   int      argc,
                   char   **argv,
                   GError **error)
{
  g_autofree char *field = NULL;
  g_autofree char *search = NULL;
  GOptionEntry entries[] = {
    { "field", 'f', 0, G_OPTION_ARG_STRING, &field, N_("Only the procedures of this field (lĩnh vực)"), "F" },
    { "search", 's', 0, G_OPTION_ARG_STRING, &search, N_("Only the procedures whose name or code matches"), "TEXT" },
    { NULL }
  };
  g_autoptr(McCatalogue) catalogue = NULL;
  g_autoptr(GPtrArray) in_field = NULL;
  g_autoptr(GPtrArray) shown = NULL;

  if (!mc_cli_parse (entries, "procedures", "", &argc, &argv, error))
    return FALSE;
  if (argc > 1)
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                   _("Unexpected argument “%s”. Put search text after --search."), argv[1]);
      return FALSE;
    }

  catalogue = mc_catalogue_load_sync (NULL, NULL, error);
  if (catalogue == NULL)
    return FALSE;

  in_field = mc_catalogue_list_field (catalogue, field);
  if (field != NULL && in_field->len == 0)
    {
      g_auto(GStrv) fields = mc_catalogue_dup_fields (catalogue);
      g_autofree char *list = g_strjoinv ("; ", fields);

      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                   _("There is no field “%s”. The fields are: %s."), field, list);
      return FALSE;
    }

  /* The search order (best matches first) is kept; the field filters it. */
  shown = mc_catalogue_search (catalogue, search);
  for (guint i = shown->len; i > 0; i--)
    if (!contains (in_field, g_ptr_array_index (shown, i - 1)))
      g_ptr_array_remove_index (shown, i - 1);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < shown->len; i++)
        json_builder_add_value (builder,
                                json_node_copy (mc_procedure_get_definition (g_ptr_array_index (shown, i))));
      json_builder_end_array (builder);
      mc_cli_print_json (builder);
    }
  else
    {
      for (guint i = 0; i < shown->len; i++)
        {
          McProcedure *procedure = g_ptr_array_index (shown, i);
          char days[G_ASCII_DTOSTR_BUF_SIZE];

          g_ascii_formatd (days, sizeof days, "%g", mc_procedure_get_working_days (procedure));
          g_print ("%s\t%s\t%s\n", mc_procedure_get_code (procedure), days,
                   mc_procedure_get_name (procedure));
        }
    }

  return TRUE;
}
