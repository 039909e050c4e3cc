/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `motcua-cli result add|list`: the result documents of a dossier, attached
 * by the specialist and listed with their signatures, so scripts and
 * tests see what the desk's signing records. */
#define G_LOG_DOMAIN "motcua-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-cli.h"
#include "store/mc-desk-results.h"

static gboolean
result_add (McCli   *cli,
            int      argc,
            char   **argv,
            GError **error)
{
  g_autofree char *as = NULL;
  GOptionEntry entries[] = {
    { "as", 0, 0, G_OPTION_ARG_STRING, &as, N_("Act as this officer"), "LOGIN" },
    { NULL }
  };
  g_autoptr(McDesk) desk = NULL;
  g_autofree char *op_id = NULL;

  if (!mc_cli_parse (entries, "result add", "CODE FILE", &argc, &argv, error))
    return FALSE;
  if (argc != 3)
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                   _("result add needs a dossier code and a PDF file, e.g. “result add H40.12.03.X05-250701-0001 giay-khai-sinh.pdf”."));
      return FALSE;
    }

  desk = mc_cli_open_desk (cli, MC_STORE_OPEN_DEFAULT, as, error);
  if (desk == NULL)
    return FALSE;
  op_id = mc_desk_attach_result (desk, argv[1], argv[2], NULL, error);
  if (op_id == NULL)
    return FALSE;

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "op_id");
      json_builder_add_string_value (builder, op_id);
      json_builder_end_object (builder);
      mc_cli_print_json (builder);
    }
  else
    g_print ("%s\n", op_id);

  return TRUE;
}

static void
add_signature_json (JsonBuilder             *builder,
                    const McResultSignature *signature)
{
  g_autofree char *when = mc_cli_format_time (signature->signed_at);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, mc_signature_kind_to_string (signature->kind));
  json_builder_set_member_name (builder, "signer");
  json_builder_add_string_value (builder, signature->signer);
  json_builder_set_member_name (builder, "officer");
  json_builder_add_string_value (builder, signature->officer);
  json_builder_set_member_name (builder, "level");
  json_builder_add_string_value (builder, signature->level);
  json_builder_set_member_name (builder, "issue_number");
  json_builder_add_string_value (builder, signature->issue_number);
  json_builder_set_member_name (builder, "signed_at");
  json_builder_add_string_value (builder, when);
  json_builder_set_member_name (builder, "input_sha256");
  json_builder_add_string_value (builder, signature->input_sha256);
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, signature->signed_sha256);
  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, signature->size);
  json_builder_end_object (builder);
}

static gboolean
result_list (McCli   *cli,
             int      argc,
             char   **argv,
             GError **error)
{
  g_autoptr(McDesk) desk = NULL;
  g_autoptr(GPtrArray) files = NULL;

  if (!mc_cli_parse (NULL, "result list", "CODE", &argc, &argv, error))
    return FALSE;
  if (argc != 2)
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE, _("result list needs a dossier code."));
      return FALSE;
    }

  desk = mc_cli_open_desk (cli, MC_STORE_OPEN_READ_ONLY, NULL, error);
  if (desk == NULL)
    return FALSE;
  files = mc_desk_list_results (desk, argv[1], error);
  if (files == NULL)
    return FALSE;

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < files->len; i++)
        {
          McResultFile *file = g_ptr_array_index (files, i);
          g_autofree char *added = mc_cli_format_time (file->added_at);
          g_autofree char *path = mc_desk_get_blob_path (desk, file->current_sha256);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_int_value (builder, file->id);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, file->name);
          json_builder_set_member_name (builder, "sha256");
          json_builder_add_string_value (builder, file->sha256);
          json_builder_set_member_name (builder, "size");
          json_builder_add_int_value (builder, file->size);
          json_builder_set_member_name (builder, "current_sha256");
          json_builder_add_string_value (builder, file->current_sha256);
          json_builder_set_member_name (builder, "path");
          json_builder_add_string_value (builder, path);
          json_builder_set_member_name (builder, "added_at");
          json_builder_add_string_value (builder, added);
          json_builder_set_member_name (builder, "added_by");
          json_builder_add_string_value (builder, file->added_by);
          json_builder_set_member_name (builder, "signatures");
          json_builder_begin_array (builder);
          for (guint j = 0; j < file->signatures->len; j++)
            add_signature_json (builder, g_ptr_array_index (file->signatures, j));
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      mc_cli_print_json (builder);
      return TRUE;
    }

  for (guint i = 0; i < files->len; i++)
    {
      McResultFile *file = g_ptr_array_index (files, i);
      g_autofree char *size = g_format_size ((guint64) file->current_size);

      g_print ("%" G_GINT64_FORMAT "\t%s\t%s\t%.12s…\t", file->id, file->name, size, file->current_sha256);
      if (file->signatures->len == 0)
        g_print ("%s\n", _("not signed"));
      for (guint j = 0; j < file->signatures->len; j++)
        {
          McResultSignature *signature = g_ptr_array_index (file->signatures, j);
          g_autofree char *when = mc_cli_format_time (signature->signed_at);

          g_print ("%s%s: %s, %s", j > 0 ? "; " : "", mc_signature_kind_label (signature->kind),
                   signature->signer, when);
        }
      if (file->signatures->len > 0)
        g_print ("\n");
    }

  return TRUE;
}

gboolean
mc_cli_result (McCli   *cli,
               int      argc,
               char   **argv,
               GError **error)
{
  if (argc >= 2 && g_str_equal (argv[1], "add"))
    return result_add (cli, argc - 1, argv + 1, error);
  if (argc >= 2 && g_str_equal (argv[1], "list"))
    return result_list (cli, argc - 1, argv + 1, error);

  g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
               _("result needs “add CODE FILE” or “list CODE”."));
  return FALSE;
}
