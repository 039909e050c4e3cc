/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Setting up a desk from the command line: its office and its officers. */
#define G_LOG_DOMAIN "motcua-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-cli.h"
#include "store/mc-desk-settings.h"

static gboolean
set_office (sqlite3   *db,
            gpointer   user_data,
            gpointer  *result,
            GError   **error)
{
  return mc_desk_settings_set_office (db, user_data, error);
}

gboolean
mc_cli_office (McCli   *cli,
               int      argc,
               char   **argv,
               GError **error)
{
  McOffice office = { 0 };
  GOptionEntry entries[] = {
    { "code", 0, 0, G_OPTION_ARG_STRING, &office.code, N_("Office code, e.g. 000.00.04.H40 (or H40.12.03.X05 under QCVN 102:2016/BTTTT)"), "CODE" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &office.name, N_("Office name, e.g. Ủy ban nhân dân xã …"), "NAME" },
    { "parent", 0, 0, G_OPTION_ARG_STRING, &office.parent, N_("The body above it"), "NAME" },
    { "place", 0, 0, G_OPTION_ARG_STRING, &office.place, N_("Place written on slips before the date"), "PLACE" },
    { "address", 0, 0, G_OPTION_ARG_STRING, &office.address, N_("Address"), "ADDRESS" },
    { NULL }
  };
  g_autoptr(McStore) store = NULL;
  gboolean ok;

  ok = mc_cli_parse (entries, "office", "set", &argc, &argv, error);
  if (ok && (argc != 2 || !g_str_equal (argv[1], "set")))
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                   _("Usage: office set --code CODE --name NAME [--parent …] [--place …] [--address …]"));
      ok = FALSE;
    }
  if (ok)
    {
      store = mc_cli_open_store (cli, MC_STORE_OPEN_DEFAULT, error);
      ok = store != NULL && mc_store_write (store, set_office, &office, NULL, error);
    }

  g_free (office.code);
  g_free (office.name);
  g_free (office.parent);
  g_free (office.place);
  g_free (office.address);

  return ok;
}

static gboolean
add_officer (sqlite3   *db,
             gpointer   user_data,
             gpointer  *result,
             GError   **error)
{
  return mc_desk_settings_add_officer (db, user_data, error);
}

static gboolean
use_officer (sqlite3   *db,
             gpointer   user_data,
             gpointer  *result,
             GError   **error)
{
  return mc_desk_settings_use_officer (db, user_data, error);
}

static gboolean
list_officers (sqlite3   *db,
               gpointer   user_data,
               gpointer  *result,
               GError   **error)
{
  *result = mc_desk_settings_list_officers (db, error);
  return *result != NULL;
}

gboolean
mc_cli_officer (McCli   *cli,
                int      argc,
                char   **argv,
                GError **error)
{
  g_autofree char *login = NULL, *name = NULL, *title = NULL, *department = NULL, *role = NULL;
  GOptionEntry entries[] = {
    { "login", 0, 0, G_OPTION_ARG_STRING, &login, N_("Short login name"), "LOGIN" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Full name"), "NAME" },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("Title, e.g. Công chức Tư pháp – Hộ tịch"), "TITLE" },
    { "department", 0, 0, G_OPTION_ARG_STRING, &department, N_("Department"), "NAME" },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role, N_("reception, specialist, leader or clerk"), "ROLE" },
    { NULL }
  };
  g_autoptr(McStore) store = NULL;
  const char *verb;

  if (!mc_cli_parse (entries, "officer", "add|use LOGIN|list", &argc, &argv, error))
    return FALSE;
  verb = argc >= 2 ? argv[1] : "";

  if (g_str_equal (verb, "add") && argc == 2)
    {
      McRole parsed;
      g_autoptr(McOfficer) officer = NULL;

      if (!mc_role_from_string (role, &parsed))
        {
          g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                       _("--role must be reception, specialist, leader or clerk."));
          return FALSE;
        }
      officer = mc_officer_new (login, name, title, department, parsed);
      store = mc_cli_open_store (cli, MC_STORE_OPEN_DEFAULT, error);
      return store != NULL && mc_store_write (store, add_officer, officer, NULL, error);
    }

  if (g_str_equal (verb, "use") && argc == 3)
    {
      store = mc_cli_open_store (cli, MC_STORE_OPEN_DEFAULT, error);
      return store != NULL && mc_store_write (store, use_officer, argv[2], NULL, error);
    }

  if (g_str_equal (verb, "list") && argc == 2)
    {
      g_autoptr(GPtrArray) officers = NULL;

      store = mc_cli_open_store (cli, MC_STORE_OPEN_READ_ONLY, error);
      if (store == NULL || !mc_store_read (store, list_officers, NULL, (gpointer *) &officers, error))
        return FALSE;
      for (guint i = 0; i < officers->len; i++)
        {
          McOfficer *officer = g_ptr_array_index (officers, i);

          g_print ("%s\t%s\t%s\t%s\t%s\n", officer->login, mc_role_to_string (officer->role),
                   officer->name, officer->title, officer->department);
        }
      return TRUE;
    }

  g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
               _("Usage: officer add --login L --name N --role R [--title T] [--department D] | officer use LOGIN | officer list"));
  return FALSE;
}
