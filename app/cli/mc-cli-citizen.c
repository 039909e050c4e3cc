/* SPDX-License-Identifier: GPL-3.0-or-later */
/* motcua-cli citizen: check a personal ID number, read a chip-card QR code
 * from its text or from an image, and show the card's old address mapped to
 * the units in force. Needs no workspace: the administrative units are read
 * from the data folder into a database in memory. */
#define G_LOG_DOMAIN "motcua-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "mc-cli.h"
#include "mc-core.h"
#include "digitise/mc-qr-reader.h"
#include "domain/citizen/mc-admin-units.h"
#include "domain/citizen/mc-cccd-qr.h"
#include "domain/citizen/mc-old-address.h"
#include "store/mc-desk-reference.h"
#include "domain/citizen/mc-personal-id.h"

static const char *
sex_id (McSex sex)
{
  return sex == MC_SEX_MALE ? "male" : sex == MC_SEX_FEMALE ? "female" : "unknown";
}

static gboolean
parse_birth (const char  *text,
             int         *year,
             GError     **error)
{
  guint y = 0, m = 0, d = 0;
  char tail;
  int n = sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &tail);

  if ((n == 1 && strlen (text) == 4) ||
      (n == 3 && g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y)))
    {
      if (y >= 1800 && y <= 9999)
        {
          *year = (int) y;
          return TRUE;
        }
    }

  g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
               _("--birth must be a date written YYYY-MM-DD (or a year YYYY), not “%s”."), text);
  return FALSE;
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static gboolean
citizen_check (McCli   *cli,
               int      argc,
               char   **argv,
               GError **error)
{
  g_autofree char *birth = NULL;
  g_autofree char *sex_text = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "birth", 'b', 0, G_OPTION_ARG_STRING, &birth, N_("Date of birth to check against"), "YYYY-MM-DD" },
    { "sex", 's', 0, G_OPTION_ARG_STRING, &sex_text, N_("Sex to check against"), "Nam|Nữ" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  McPersonalIdInfo info;
  McSex sex = MC_SEX_UNKNOWN;
  int birth_year = 0;

  if (!mc_cli_parse (entries, "citizen check", "ID", &argc, &argv, error))
    return FALSE;
  if (argc != 2)
    {
      g_set_error_literal (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                           _("Give one personal ID number: motcua-cli citizen check ID."));
      return FALSE;
    }
  if (birth != NULL && !parse_birth (birth, &birth_year, error))
    return FALSE;
  if (sex_text != NULL)
    {
      sex = mc_sex_from_string (sex_text);
      if (sex == MC_SEX_UNKNOWN)
        {
          g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE, _("--sex must be Nam or Nữ, not “%s”."), sex_text);
          return FALSE;
        }
    }

  if (!mc_personal_id_validate (argv[1], birth_year, sex, &info, error))
    return FALSE;

  if (cli->json || json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      add_string (builder, "id_number", argv[1]);
      json_builder_set_member_name (builder, "valid");
      json_builder_add_boolean_value (builder, TRUE);
      add_string (builder, "province_code", info.province_code);
      add_string (builder, "province_name", info.province_name);
      add_string (builder, "sex", sex_id (info.sex));
      json_builder_set_member_name (builder, "century");
      json_builder_add_int_value (builder, info.century);
      json_builder_set_member_name (builder, "year_suffix");
      json_builder_add_int_value (builder, info.year_suffix);
      json_builder_end_object (builder);
      mc_cli_print_json (builder);
    }
  else
    {
      g_print (_("%s is a valid personal ID number."), argv[1]);
      g_print ("\n");
      g_print ("%s\t%s %s\n", _("Birth registered in"), info.province_code, info.province_name);
      g_print ("%s\t%s\n", _("Sex"), mc_sex_label (info.sex));
      g_print ("%s\t%d–%d, %s %02d\n", _("Born"), info.century, info.century + 99,
               _("year ending in"), info.year_suffix);
    }

  return TRUE;
}

static void
print_mapping_text (const McAddressMapping *mapping)
{
  g_print ("%s\t%s\n", _("New address"), mapping->reason);
  for (guint i = 0; i < mapping->candidates->len; i++)
    {
      McAddressCandidate *candidate = g_ptr_array_index (mapping->candidates, i);

      g_print ("  %u. %s\t[%s %s", i + 1, candidate->address, _("commune code"), candidate->commune->code);
      if (candidate->old_commune != NULL)
        g_print ("; %s %s %s", _("from"), candidate->old_commune->code, candidate->old_commune->name);
      g_print ("]\n");
    }
}

static void
add_mapping_json (JsonBuilder            *builder,
                  const McAddressMapping *mapping)
{
  json_builder_set_member_name (builder, "address_mapping");
  json_builder_begin_object (builder);
  add_string (builder, "match", mc_address_match_to_string (mapping->match));
  add_string (builder, "reason", mapping->reason);
  add_string (builder, "street", mapping->street);
  add_string (builder, "commune", mapping->commune_part);
  add_string (builder, "district", mapping->district_part);
  add_string (builder, "province", mapping->province_part);
  json_builder_set_member_name (builder, "candidates");
  json_builder_begin_array (builder);
  for (guint i = 0; i < mapping->candidates->len; i++)
    {
      McAddressCandidate *candidate = g_ptr_array_index (mapping->candidates, i);

      json_builder_begin_object (builder);
      add_string (builder, "address", candidate->address);
      add_string (builder, "commune_code", candidate->commune->code);
      add_string (builder, "commune_name", candidate->commune->name);
      add_string (builder, "province_code", candidate->commune->province_code);
      add_string (builder, "province_name", candidate->commune->province_name);
      if (candidate->old_commune != NULL)
        {
          add_string (builder, "old_commune_code", candidate->old_commune->code);
          add_string (builder, "old_commune_name", candidate->old_commune->name);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* Prints the card and its address mapped to the units in force. */
static gboolean
print_card (McCli           *cli,
            gboolean         json,
            const McCccdQr  *qr,
            GError         **error)
{
  g_autoptr(McAddressMapper) mapper = NULL;
  g_autoptr(McAddressMapping) mapping = NULL;
  g_autofree char *birth = NULL;
  g_autofree char *issued = NULL;

  mapper = mc_address_mapper_load_shipped (error);
  if (mapper == NULL)
    return FALSE;
  mapping = mc_address_mapper_map (mapper, qr->address);

  if (cli->json || json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      birth = mc_card_date_to_iso (&qr->birth_date);
      issued = mc_card_date_to_iso (&qr->issue_date);

      json_builder_begin_object (builder);
      add_string (builder, "id_number", qr->id_number);
      add_string (builder, "old_id_number", qr->old_id_number);
      add_string (builder, "full_name", qr->full_name);
      add_string (builder, "birth_date", birth);
      add_string (builder, "sex", mc_sex_to_card_string (qr->sex));
      add_string (builder, "address", qr->address);
      add_string (builder, "issue_date", issued);
      json_builder_set_member_name (builder, "extra_fields");
      json_builder_begin_array (builder);
      for (guint i = 0; qr->extra_fields[i] != NULL; i++)
        json_builder_add_string_value (builder, qr->extra_fields[i]);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "birth_registration");
      json_builder_begin_object (builder);
      add_string (builder, "code", qr->id_info.province_code);
      add_string (builder, "name", qr->id_info.province_name);
      json_builder_end_object (builder);
      add_mapping_json (builder, mapping);
      json_builder_end_object (builder);
      mc_cli_print_json (builder);
    }
  else
    {
      birth = mc_card_date_to_display (&qr->birth_date);
      issued = mc_card_date_to_display (&qr->issue_date);

      g_print ("%s\t%s\n", _("ID number"), qr->id_number);
      g_print ("%s\t%s\n", _("Old ID number"), *qr->old_id_number != '\0' ? qr->old_id_number : "-");
      g_print ("%s\t%s\n", _("Full name"), qr->full_name);
      g_print ("%s\t%s\n", _("Date of birth"), birth);
      g_print ("%s\t%s\n", _("Sex"), mc_sex_to_card_string (qr->sex));
      g_print ("%s\t%s\n", _("Address"), qr->address);
      g_print ("%s\t%s\n", _("Date of issue"), issued);
      g_print ("%s\t%s %s\n", _("Birth registered in"), qr->id_info.province_code, qr->id_info.province_name);
      for (guint i = 0; qr->extra_fields[i] != NULL; i++)
        g_print ("%s %u\t%s\n", _("Extra field"), i + 8, qr->extra_fields[i]);
      print_mapping_text (mapping);
    }

  return TRUE;
}

static gboolean
citizen_parse_qr (McCli   *cli,
                  int      argc,
                  char   **argv,
                  GError **error)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autofree char *from_stdin = NULL;
  g_autoptr(McCccdQr) qr = NULL;
  const char *text;

  if (!mc_cli_parse (entries, "citizen parse-qr", "TEXT|-", &argc, &argv, error))
    return FALSE;
  if (argc != 2)
    {
      g_set_error_literal (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                           _("Give the text of one QR code, or “-” to read it from standard input."));
      return FALSE;
    }

  text = argv[1];
  if (g_str_equal (text, "-"))
    {
      g_autoptr(GString) input = g_string_new (NULL);
      char buffer[4096];
      size_t n;

      while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
        g_string_append_len (input, buffer, (gssize) n);
      from_stdin = g_string_free (g_steal_pointer (&input), FALSE);
      text = from_stdin;
    }

  qr = mc_cccd_qr_parse (text, error);
  if (qr == NULL)
    return FALSE;

  return print_card (cli, json, qr, error);
}

static gboolean
citizen_read_qr (McCli   *cli,
                 int      argc,
                 char   **argv,
                 GError **error)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_auto(GStrv) texts = NULL;
  g_autoptr(GError) first_error = NULL;

  if (!mc_cli_parse (entries, "citizen read-qr", "IMAGE", &argc, &argv, error))
    return FALSE;
  if (argc != 2)
    {
      g_set_error_literal (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                           _("Give one image file: motcua-cli citizen read-qr IMAGE."));
      return FALSE;
    }

  texts = mc_qr_read_image_sync (argv[1], NULL, error);
  if (texts == NULL)
    return FALSE;

  /* A photo may show other codes too: use the first that is a card's. */
  for (guint i = 0; texts[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(McCccdQr) qr = mc_cccd_qr_parse (texts[i], &local_error);

      if (qr != NULL)
        return print_card (cli, json, qr, error);
      if (first_error == NULL)
        first_error = g_steal_pointer (&local_error);
    }

  g_propagate_error (error, g_steal_pointer (&first_error));
  return FALSE;
}

static const McCliCommand citizen_commands[] = {
  { "check", "ID [--birth YYYY-MM-DD] [--sex Nam|Nữ]", N_("Check a personal ID number"), citizen_check },
  { "parse-qr", "TEXT|-", N_("Read the text of a chip-card QR code"), citizen_parse_qr },
  { "read-qr", "IMAGE", N_("Read the QR code of a chip card from an image"), citizen_read_qr },
};

gboolean
mc_cli_citizen (McCli   *cli,
                int      argc,
                char   **argv,
                GError **error)
{
  if (argc >= 2 && !g_str_equal (argv[1], "--help") && !g_str_equal (argv[1], "-h"))
    {
      for (guint i = 0; i < G_N_ELEMENTS (citizen_commands); i++)
        if (g_str_equal (argv[1], citizen_commands[i].name))
          return citizen_commands[i].func (cli, argc - 1, argv + 1, error);
    }

  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      g_print ("%s\n", _("Usage: motcua-cli citizen SUBCOMMAND [OPTIONS…]"));
      for (guint i = 0; i < G_N_ELEMENTS (citizen_commands); i++)
        {
          /* Pad by characters, not bytes ("Nữ"). */
          glong pad = 42 - g_utf8_strlen (citizen_commands[i].args, -1);

          g_print ("  %-9s %s%*s %s\n", citizen_commands[i].name, citizen_commands[i].args,
                   (int) MAX (pad, 0), "", _(citizen_commands[i].summary));
        }
      return TRUE;
    }

  g_set_error_literal (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                       _("Say what to do: motcua-cli citizen check|parse-qr|read-qr …"));
  return FALSE;
}
