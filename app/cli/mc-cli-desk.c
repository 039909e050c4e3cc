/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Setting up a desk from the command line: its office and its officers,
 * their passwords and whether they still work here. */
#define G_LOG_DOMAIN "motcua-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-cli.h"
#include "store/mc-desk-settings.h"
#include "store/mc-officer-auth.h"

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
    { "code", 0, 0, G_OPTION_ARG_STRING, &office.code, N_("Office code (QCVN 102:2016/BTTTT), e.g. H40.12.03.X05"), "CODE" },
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
read_entries (sqlite3   *db,
              gpointer   user_data,
              gpointer  *result,
              GError   **error)
{
  *result = mc_officer_auth_list (db, FALSE, error);
  return *result != NULL;
}

static gboolean
read_auth (sqlite3   *db,
           gpointer   user_data,
           gpointer  *result,
           GError   **error)
{
  GError *local_error = NULL;
  g_autoptr(McOfficer) officer = mc_desk_settings_get_officer (db, user_data, error);

  if (officer == NULL)
    return FALSE;
  *result = mc_officer_auth_get (db, user_data, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
set_active (sqlite3   *db,
            gpointer   user_data,
            gpointer  *result,
            GError   **error)
{
  const char *verb = ((const char **) user_data)[0];
  const char *login = ((const char **) user_data)[1];

  return mc_officer_auth_set_active (db, login, g_str_equal (verb, "activate"), error);
}

/* Sets a new password read from standard input; when the officer already
 * has one, it is read first (one line each) and must match. */
static gboolean
change_password (McStore     *store,
                 const char  *login,
                 gboolean     existing_only,
                 GError     **error)
{
  g_autoptr(McOfficerAuth) auth = NULL;
  char *password = NULL;
  gboolean ok;

  if (!mc_store_read (store, read_auth, (gpointer) login, (gpointer *) &auth, error))
    return FALSE;

  if (auth != NULL)
    {
      if (!existing_only)
        {
          g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_FAILED,
                       _("“%s” already has a password. Change it with “officer password %s --password-stdin” (the current password on the first line, the new one on the second)."),
                       login, login);
          return FALSE;
        }
      password = mc_cli_read_password (error);
      if (password == NULL)
        return FALSE;
      ok = mc_password_verify (auth->verifier, password);
      mc_password_free (password);
      if (!ok)
        {
          g_set_error (error, MC_AUTH_ERROR, MC_AUTH_ERROR_WRONG_PASSWORD,
                       _("The current password of “%s” is not right."), login);
          return FALSE;
        }
    }

  password = mc_cli_read_password (error);
  if (password == NULL)
    return FALSE;
  ok = mc_officer_auth_set_password (store, login, password, error);
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
  g_autoptr(McStore) store = NULL;
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
      store = mc_cli_open_store (cli, MC_STORE_OPEN_DEFAULT, error);
      if (store == NULL || !mc_store_write (store, add_officer, officer, NULL, error))
        return FALSE;
      return !mc_cli_password_stdin () || change_password (store, login, FALSE, error);
    }

  if (g_str_equal (verb, "password") && argc == 3)
    {
      store = mc_cli_open_store (cli, MC_STORE_OPEN_DEFAULT, error);
      return store != NULL && change_password (store, argv[2], TRUE, error);
    }

  if ((g_str_equal (verb, "activate") || g_str_equal (verb, "deactivate")) && argc == 3)
    {
      const char *change[] = { verb, argv[2] };

      store = mc_cli_open_store (cli, MC_STORE_OPEN_DEFAULT, error);
      return store != NULL && mc_store_write (store, set_active, change, NULL, error);
    }

  if (g_str_equal (verb, "use") && argc == 3)
    {
      g_autoptr(McOfficer) officer = NULL;
      char *password = mc_cli_read_password (error);

      /* Becoming the desk's current officer needs their password too. */
      if (password == NULL)
        return FALSE;
      store = mc_cli_open_store (cli, MC_STORE_OPEN_DEFAULT, error);
      if (store != NULL)
        officer = mc_officer_auth_sign_in (store, argv[2], password, error);
      mc_password_free (password);
      return officer != NULL && mc_store_write (store, use_officer, argv[2], NULL, error);
    }

  if (g_str_equal (verb, "list") && argc == 2)
    {
      g_autoptr(GPtrArray) officers = NULL;

      store = mc_cli_open_store (cli, MC_STORE_OPEN_READ_ONLY, error);
      if (store == NULL || !mc_store_read (store, read_entries, NULL, (gpointer *) &officers, error))
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
