/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Setting up a desk from the command line: its office and its officers,
 * their passwords and whether they still work here. */
#define G_LOG_DOMAIN "motcua-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-cli.h"
#include "store/mc-desk-auth.h"
#include "store/mc-desk-profile.h"

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
  g_autoptr(McDesk) desk = NULL;
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
      desk = mc_desk_open (cli->workspace, MC_STORE_OPEN_DEFAULT, error);
      ok = desk != NULL && mc_desk_set_office (desk, &office, error);
    }

  g_free (office.code);
  g_free (office.name);
  g_free (office.parent);
  g_free (office.place);
  g_free (office.address);

  return ok;
}

/* Sets a new password read from standard input; when the officer already
 * has one, it is read first (one line each) and must match. */
static gboolean
change_password (McDesk      *desk,
                 const char  *login,
                 gboolean     existing_only,
                 GError     **error)
{
  g_autoptr(McOfficerEntry) entry = mc_desk_get_officer_entry (desk, login, error);
  char *current = NULL;
  char *password = NULL;
  gboolean ok;

  if (entry == NULL)
    return FALSE;
  if (entry->has_password)
    {
      if (!existing_only)
        {
          g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_FAILED,
                       _("“%s” already has a password. Change it with “officer password %s --password-stdin” (the current password on the first line, the new one on the second)."),
                       login, login);
          return FALSE;
        }
      current = mc_cli_read_password (error);
      if (current == NULL)
        return FALSE;
    }

  password = mc_cli_read_password (error);
  ok = password != NULL && mc_desk_change_password (desk, login, current, password, error);
  mc_password_free (current);
  mc_password_free (password);

  return ok;
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
  g_autoptr(McDesk) desk = NULL;
  const char *verb;

  if (!mc_cli_parse (entries, "officer", "add|use LOGIN|password LOGIN|activate LOGIN|deactivate LOGIN|list",
                     &argc, &argv, error))
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
      /* Whoever holds the workspace may add an officer, as in the
       * first-run assistant; signing in needs the officer's password. */
      desk = mc_desk_open (cli->workspace, MC_STORE_OPEN_DEFAULT, error);
      if (desk == NULL || !mc_desk_add_officer (desk, officer, error))
        return FALSE;
      return !mc_cli_password_stdin () || change_password (desk, login, FALSE, error);
    }

  if (g_str_equal (verb, "password") && argc == 3)
    {
      desk = mc_desk_open (cli->workspace, MC_STORE_OPEN_DEFAULT, error);
      return desk != NULL && change_password (desk, argv[2], TRUE, error);
    }

  if ((g_str_equal (verb, "activate") || g_str_equal (verb, "deactivate")) && argc == 3)
    {
      desk = mc_desk_open (cli->workspace, MC_STORE_OPEN_DEFAULT, error);
      return desk != NULL && mc_desk_set_officer_active (desk, argv[2], g_str_equal (verb, "activate"), error);
    }

  if (g_str_equal (verb, "use") && argc == 3)
    {
      g_autoptr(McOfficer) officer = NULL;
      char *password = mc_cli_read_password (error);

      /* Becoming the desk's current officer needs their password too. */
      if (password == NULL)
        return FALSE;
      desk = mc_desk_open (cli->workspace, MC_STORE_OPEN_DEFAULT, error);
      if (desk != NULL)
        officer = mc_desk_sign_in (desk, argv[2], password, error);
      mc_password_free (password);
      if (officer == NULL)
        return FALSE;
      g_clear_pointer (&officer, mc_officer_free);
      officer = mc_desk_use_officer (desk, argv[2], error);
      return officer != NULL;
    }

  if (g_str_equal (verb, "list") && argc == 2)
    {
      g_autoptr(GPtrArray) officers = NULL;

      desk = mc_cli_open_desk (cli, MC_STORE_OPEN_READ_ONLY, NULL, error);
      officers = desk != NULL ? mc_desk_list_officer_entries (desk, FALSE, error) : NULL;
      if (officers == NULL)
        return FALSE;
      for (guint i = 0; i < officers->len; i++)
        {
          McOfficerEntry *entry = g_ptr_array_index (officers, i);
          McOfficer *officer = entry->officer;

          g_print ("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", officer->login, mc_role_to_string (officer->role),
                   officer->name, officer->title, officer->department,
                   entry->active ? "active" : "inactive",
                   entry->has_password ? "password" : "no-password");
        }
      return TRUE;
    }

  g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
               _("Usage: officer add --login L --name N --role R [--title T] [--department D] [--password-stdin] | officer password LOGIN --password-stdin | officer activate|deactivate LOGIN | officer use LOGIN --password-stdin | officer list"));
  return FALSE;
}
