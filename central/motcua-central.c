/* SPDX-License-Identifier: GPL-3.0-or-later */
/* motcua-central: the reference central server of the sync contract
 * (docs/central-api.md) and its administration commands — migrating the
 * database, adding offices, officers and the portal connector, taking in a
 * portal dossier from a file, and serving the API. --db is a libpq
 * connection string; left out, libpq reads PGHOST, PGDATABASE, … itself. */
#define G_LOG_DOMAIN "motcua-central"

#include "config.h"

#include "mc-central-server.h"
#include "mc-central-db.h"

#include <locale.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

static char *opt_db;

static PGconn *
open_db (void)
{
  g_autoptr(GError) error = NULL;
  PGconn *conn = mc_pg_connect (opt_db, &error);

  if (conn == NULL)
    g_printerr ("%s\n", error->message);
  return conn;
}

/* Reads a secret from stdin up to the first newline; never echoed, never
 * logged. */
static char *
read_secret (void)
{
  g_autoptr(GString) s = g_string_new (NULL);
  int c;

  while ((c = getchar ()) != EOF && c != '\n')
    g_string_append_c (s, (char) c);
  if (s->len > 0 && s->str[s->len - 1] == '\r')
    g_string_truncate (s, s->len - 1);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static char *
hash_secret (const char *secret)
{
  char out[crypto_pwhash_STRBYTES];

  if (crypto_pwhash_str (out, secret, strlen (secret),
                         crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    return NULL;
  return g_strdup (out);
}

static int
cmd_init (void)
{
  g_autoptr(PGconn) conn = open_db ();
  g_autoptr(GError) error = NULL;
  int version = 0;

  if (conn == NULL)
    return 1;
  if (!mc_pg_migrate (conn, &version, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  printf ("schema version %d\n", version);
  return 0;
}

static int
cmd_office_add (const char *code,
                const char *name,
                const char *parent)
{
  g_autoptr(PGconn) conn = open_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) res = NULL;
  const char *p[] = { code, name, parent };

  if (conn == NULL)
    return 1;
  res = mc_pg_exec (conn, "INSERT INTO office (code, name, parent) VALUES ($1, $2, $3)"
                    " ON CONFLICT (code) DO UPDATE SET name = $2, parent = $3", 3, p, &error);
  if (res == NULL)
    {
      g_printerr ("Cannot add office %s: %s\n", code, error->message);
      return 1;
    }
  return 0;
}

static int
cmd_user_add (const char *login,
              const char *name,
              const char *office,
              const char *role)
{
  g_autoptr(PGconn) conn = open_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) res = NULL;
  g_autofree char *password = read_secret ();
  g_autofree char *hash = NULL;
  /* The desk's role names (app/domain/mc-workflow.c), and the contract's
   * "receptionist" for the reception role. */
  const char *roles[] = { "reception", "receptionist", "specialist", "leader",
                          "clerk", "admin", NULL };

  if (conn == NULL)
    return 1;
  if (!g_strv_contains (roles, role))
    {
      g_printerr ("--role is one of reception, specialist, leader, clerk, admin\n");
      return 2;
    }
  if (strlen (password) < 8)
    {
      sodium_memzero (password, strlen (password));
      g_printerr ("The password must have at least 8 characters\n");
      return 2;
    }
  hash = hash_secret (password);
  sodium_memzero (password, strlen (password));
  if (hash == NULL)
    {
      g_printerr ("Out of memory hashing the password\n");
      return 1;
    }
  if (!mc_pg_run (conn, "BEGIN", &error))
    goto fail;
  {
    const char *p[] = { login, name ? name : login, office, role, hash };
    res = mc_pg_exec (conn,
                      "INSERT INTO officer (login, name, office, role, pw_hash) VALUES ($1, $2, $3, $4, $5)"
                      " ON CONFLICT (login) DO UPDATE SET name = $2, office = $3, role = $4,"
                      " pw_hash = $5, active = true, version = officer.version + 1"
                      " RETURNING json_build_object ('kind', 'officer', 'login', login, 'name', name,"
                      " 'role', role, 'active', active, 'version', version)::text",
                      5, p, &error);
  }
  if (res == NULL || !mc_feed_append (conn, office, PQgetvalue (res, 0, 0), &error) ||
      !mc_pg_run (conn, "COMMIT", &error))
    goto fail;
  return 0;

fail:
  g_printerr ("Cannot add officer %s: %s\n", login, error->message);
  return 1;
}

static int
cmd_client_add (const char *id,
                const char *scope)
{
  g_autoptr(PGconn) conn = open_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) res = NULL;
  g_autofree char *secret = read_secret ();
  g_autofree char *hash = NULL;

  if (conn == NULL)
    return 1;
  if (strlen (secret) < 16)
    {
      g_printerr ("The client secret must have at least 16 characters\n");
      return 2;
    }
  hash = hash_secret (secret);
  sodium_memzero (secret, strlen (secret));
  {
    const char *p[] = { id, hash, scope };
    res = mc_pg_exec (conn, "INSERT INTO client (client_id, secret_hash, scope) VALUES ($1, $2, $3)"
                      " ON CONFLICT (client_id) DO UPDATE SET secret_hash = $2, scope = $3",
                      3, p, &error);
  }
  if (res == NULL)
    {
      g_printerr ("Cannot add client %s: %s\n", id, error->message);
      return 1;
    }
  return 0;
}

/* Each FILE in turn on one connection; a file the intake refuses is said
 * and the others still go in; the exit status is 1 if any was refused. */
static int
cmd_portal_submit (char **files)
{
  g_autoptr(PGconn) conn = open_db ();
  int failed = 0;

  if (conn == NULL)
    return 1;
  for (char **file = files; *file != NULL; file++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      g_autofree char *code = NULL;
      g_autofree char *office = NULL;
      g_autofree char *err = NULL;
      const char *message = NULL;
      guint status;

      if (!g_file_get_contents (*file, &text, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          failed = 1;
          continue;
        }
      status = mc_portal_intake (conn, text, &code, &office, &err, &message, &error);
      if (status == 0)
        {
          g_printerr ("%s: %s\n", *file, error->message);
          return 1;
        }
      if (status >= 300)
        {
          g_printerr ("%s: %u %s: %s\n", *file, status, err, message);
          failed = 1;
          continue;
        }
      printf ("%s accepted for office %s%s\n", code, office,
              status == 200 ? " (already taken in)" : "");
    }
  return failed;
}

/* Reference data (procedures, holiday tables, slip templates) reaches the
 * desks through the change feed: one change per office at or under
 * @office, in one transaction, so a decree published for a province
 * reaches every commune's desks at their next pull. */
static int
cmd_publish (const char *kind,
             const char *office,
             const char *file)
{
  const struct { const char *kind, *key; } kinds[] = {
    { "procedure", "code" }, { "holidays", "year" }, { "slip_template", "name" },
  };
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) offices = NULL;
  g_autofree char *body = NULL;
  const char *key = NULL;
  JsonObject *o;
  JsonNode *version;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kinds[i].kind, kind))
      key = kinds[i].key;
  if (key == NULL)
    {
      g_printerr ("KIND is one of procedure, holidays, slip_template\n");
      return 2;
    }
  if (!json_parser_load_from_file (parser, file, &error))
    {
      g_printerr ("%s: %s\n", file, error->message);
      return 1;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_printerr ("%s: not a JSON object\n", file);
      return 1;
    }
  o = json_node_get_object (json_parser_get_root (parser));
  version = json_object_get_member (o, "version");
  if (!json_object_has_member (o, key) || version == NULL ||
      json_node_get_value_type (version) != G_TYPE_INT64)
    {
      g_printerr ("%s: a %s needs \"%s\" and an integer \"version\"\n", file, kind, key);
      return 1;
    }
  json_object_set_string_member (o, "kind", kind);
  body = json_to_string (json_parser_get_root (parser), FALSE);

  conn = open_db ();
  if (conn == NULL)
    return 1;
  if (!mc_pg_run (conn, "BEGIN", &error))
    goto fail;
  offices = mc_pg_office_tree (conn, office, &error);
  if (offices == NULL)
    goto fail;
  if (offices->len == 0)
    {
      g_printerr ("Unknown office %s\n", office);
      return 1;
    }
  for (guint i = 0; i < offices->len; i++)
    if (!mc_feed_append (conn, offices->pdata[i], body, &error))
      goto fail;
  if (!mc_pg_run (conn, "COMMIT", &error))
    goto fail;
  printf ("%s published to %u offices\n", kind, offices->len);
  return 0;

fail:
  g_printerr ("Cannot publish: %s\n", error->message);
  return 1;
}

static void
usage (void)
{
  g_printerr ("Usage: motcua-central [--db DSN] COMMAND …\n"
              "  init\n"
              "  serve --listen HOST:PORT [--tls-cert F --tls-key F] [--data-dir D] [--threads N]\n"
              "  office add --code C --name N [--parent C]\n"
              "  user add --login L --office C --role R [--name N] --password-stdin\n"
              "  client add --id ID --scope portal --secret-stdin\n"
              "  portal submit FILE.json…\n"
              "  publish procedure|holidays|slip_template --office C FILE.json\n");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *listen = NULL, *cert = NULL, *key = NULL, *data_dir = NULL;
  g_autofree char *code = NULL, *name = NULL, *parent = NULL, *login = NULL;
  g_autofree char *office = NULL, *role = NULL, *id = NULL, *scope = NULL;
  gboolean password_stdin = FALSE, secret_stdin = FALSE;
  int threads = 4;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_STRING, &opt_db, "libpq connection string", "DSN" },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, "address to serve on", "HOST:PORT" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &cert, "PEM certificate (HTTPS)", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &key, "PEM private key (HTTPS)", "FILE" },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, "where blobs are kept", "DIR" },
    { "threads", 0, 0, G_OPTION_ARG_INT, &threads, "request threads (database connections)", "N" },
    { "code", 0, 0, G_OPTION_ARG_STRING, &code, "office code", "C" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, "name", "N" },
    { "parent", 0, 0, G_OPTION_ARG_STRING, &parent, "parent office code", "C" },
    { "login", 0, 0, G_OPTION_ARG_STRING, &login, "officer login", "L" },
    { "office", 0, 0, G_OPTION_ARG_STRING, &office, "office code", "C" },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role, "officer role", "R" },
    { "id", 0, 0, G_OPTION_ARG_STRING, &id, "client id", "ID" },
    { "scope", 0, 0, G_OPTION_ARG_STRING, &scope, "client scope", "S" },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin, "read the password from stdin", NULL },
    { "secret-stdin", 0, 0, G_OPTION_ARG_NONE, &secret_stdin, "read the secret from stdin", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("COMMAND");
  g_autoptr(GError) error = NULL;
  const char *cmd, *sub;

  setlocale (LC_ALL, "");
  if (sodium_init () < 0)
    {
      g_printerr ("libsodium failed to start\n");
      return 1;
    }
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  cmd = argc > 1 ? argv[1] : "";
  sub = argc > 2 ? argv[2] : "";

  if (g_str_equal (cmd, "init"))
    return cmd_init ();
  if (g_str_equal (cmd, "serve"))
    return mc_central_serve (opt_db, listen ? listen : "127.0.0.1:8440", cert, key,
                             data_dir ? data_dir : "central-data", CLAMP (threads, 1, 64));
  if (g_str_equal (cmd, "office") && g_str_equal (sub, "add") && code && name)
    return cmd_office_add (code, name, parent);
  if (g_str_equal (cmd, "user") && g_str_equal (sub, "add") && login && office && role)
    {
      if (!password_stdin)
        {
          g_printerr ("Give the password on stdin with --password-stdin\n");
          return 2;
        }
      return cmd_user_add (login, name, office, role);
    }
  if (g_str_equal (cmd, "client") && g_str_equal (sub, "add") && id && scope && secret_stdin)
    return cmd_client_add (id, scope);
  if (g_str_equal (cmd, "portal") && g_str_equal (sub, "submit") && argc > 3)
    return cmd_portal_submit (argv + 3);
  if (g_str_equal (cmd, "publish") && argc > 3 && office)
    return cmd_publish (sub, office, argv[3]);
  usage ();
  return 2;
}
