/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The integration tests' fixture: a temporary folder holding a private
 * HOME (so no user PKCS#11 config leaks in), the PKI, SoftHSM tokens and
 * the loopback peers made by tests/pki/make-pki.sh, whose KEY=VALUE
 * output becomes this process's environment (SOFTHSM2_CONF above all).
 * It must run before anything loads PKCS#11 modules. The peers also stop
 * by themselves once this process is gone, should it abort. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "mc-test-pki.h"

struct _McTestPki
{
  char *dir;
  char *pki_dir;
  GHashTable *vars;
};

char *
mc_test_run (const char * const  *argv,
             int                 *exit_status,
             char               **out_stderr)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  char *err = NULL;
  int status = -1;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, &status, &error))
    g_error ("Cannot run %s: %s", argv[0], error->message);

  *exit_status = g_spawn_check_wait_status (status, NULL) ? 0 : (WIFEXITED (status) ? WEXITSTATUS (status) : -1);
  if (out_stderr != NULL)
    *out_stderr = err;
  else
    g_free (err);
  return out;
}

void
mc_test_write_file (const char *path,
                    GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
}

McTestPki *
mc_test_pki_start (void)
{
  McTestPki *pki = g_new0 (McTestPki, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *home = NULL;
  g_autofree char *script = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  const char *source = g_getenv ("MOTCUA_SOURCE_DIR");
  int status;

  g_assert_nonnull (source);
  pki->dir = g_dir_make_tmp ("motcua-signing-XXXXXX", &error);
  g_assert_no_error (error);
  pki->pki_dir = g_build_filename (pki->dir, "pki", NULL);
  home = g_build_filename (pki->dir, "home", NULL);
  g_assert_cmpint (g_mkdir_with_parents (home, 0700), ==, 0);
  g_setenv ("HOME", home, TRUE);
  g_unsetenv ("XDG_CONFIG_HOME");
  /* The peers are on loopback; no proxy may get in the way. */
  g_unsetenv ("http_proxy");
  g_unsetenv ("https_proxy");
  g_unsetenv ("HTTP_PROXY");
  g_unsetenv ("HTTPS_PROXY");
  g_setenv ("no_proxy", "127.0.0.1,localhost", TRUE);

  /* Peers that outlive an aborted test stop by themselves. */
  {
    g_autofree char *owner = g_strdup_printf ("%d", (int) getpid ());

    g_setenv ("MC_PKI_OWNER_PID", owner, TRUE);
  }
  script = g_build_filename (source, "tests", "pki", "make-pki.sh", NULL);
  {
    const char *argv[] = { script, pki->pki_dir, NULL };

    out = mc_test_run (argv, &status, &err);
  }
  if (status != 0)
    g_error ("make-pki.sh failed (%d): %s", status, err);

  pki->vars = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *eq = strchr (lines[i], '=');
      g_autofree char *value = NULL;
      gsize len;

      if (eq == NULL)
        continue;
      value = g_strdup (eq + 1);
      len = strlen (value);
      if (len >= 2 && value[0] == '\'' && value[len - 1] == '\'')
        {
          value[len - 1] = '\0';
          memmove (value, value + 1, len - 1);
        }
      g_hash_table_insert (pki->vars, g_strndup (lines[i], eq - lines[i]), g_steal_pointer (&value));
    }
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, pki->vars);
    while (g_hash_table_iter_next (&iter, &key, &value))
      g_setenv (key, value, TRUE);
  }
  g_assert_nonnull (g_hash_table_lookup (pki->vars, "SOFTHSM2_CONF"));
  return pki;
}

const char *
mc_test_pki_get (McTestPki  *pki,
                 const char *key)
{
  const char *value = g_hash_table_lookup (pki->vars, key);

  if (value == NULL)
    g_error ("make-pki.sh did not set %s", key);
  return value;
}

/* A file name in the fixture's scratch folder. */
char *
mc_test_pki_path (McTestPki  *pki,
                  const char *name)
{
  return g_build_filename (pki->dir, name, NULL);
}

void
mc_test_pki_stop (McTestPki *pki)
{
  g_autofree char *stop = NULL;
  g_autofree char *out = NULL;
  const char *source = g_getenv ("MOTCUA_SOURCE_DIR");
  int status;

  if (pki == NULL)
    return;
  stop = g_build_filename (source, "tests", "pki", "stop-peers.sh", NULL);
  {
    const char *argv[] = { stop, pki->pki_dir, NULL };

    g_free (mc_test_run (argv, &status, NULL));
  }
  {
    const char *argv[] = { "rm", "-rf", pki->dir, NULL };

    out = mc_test_run (argv, &status, NULL);
  }
  g_hash_table_unref (pki->vars);
  g_free (pki->pki_dir);
  g_free (pki->dir);
  g_free (pki);
}
