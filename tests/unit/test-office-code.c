/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Office codes: the validator takes both shapes in use, the national list
 * of agency codes with the province part last (000.00.04.H40) and the
 * older QCVN 102:2016/BTTTT form (H40.12.03.X05), and nothing else; and
 * `motcua-cli office set` stores a national-form code and refuses a bad one
 * with a message that shows the national form. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "domain/mc-officer.h"

static void
test_shapes (void)
{
  static const char *const valid[] = {
    "000.00.04.H40", "000.00.12.H40", "000.01.23.H29", "H40.12.03.X05", "H40.12.03.X07",
  };
  static const char *const invalid[] = {
    "", "H40.12.3.X05", "000.00.04.H4", "000.00.04", "000.00.04.H40.1", "000-00-04-H40",
    "000.00.04.h40", "000.00.04.H4Đ", " 000.00.04.H40", "000.00.04.H40 ", "000..04.H40",
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    if (!mc_office_code_is_valid (valid[i]))
      g_error ("“%s” refused", valid[i]);
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    if (mc_office_code_is_valid (invalid[i]))
      g_error ("“%s” accepted", invalid[i]);
  g_assert_false (mc_office_code_is_valid (NULL));
}

static int
run_cli (const char  *workspace,
         const char **args,
         char       **out,
         char       **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, (gpointer) g_getenv ("MOTCUA_CLI"));
  g_ptr_array_add (argv, (gpointer) "--workspace");
  g_ptr_array_add (argv, (gpointer) workspace);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &status, &error));
  g_assert_no_error (error);

  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
test_cli (void)
{
  g_autofree char *dir = g_dir_make_tmp ("motcua-office-XXXXXX", NULL);
  g_autofree char *workspace = g_build_filename (dir, "ws", NULL);
  const char *good[] = { "office", "set", "--code", "000.00.04.H40", "--name",
                         "Trung tâm Phục vụ hành chính công xã Tân Phú", NULL };
  const char *bad[] = { "office", "set", "--code", "H40.12.3.X05", "--name", "Xã Tân Phú", NULL };
  const char *help[] = { "office", "--help", NULL };
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL, *out3 = NULL, *err3 = NULL;

  g_assert_cmpint (run_cli (workspace, good, &out, &err), ==, 0);
  g_assert_cmpint (run_cli (workspace, bad, &out2, &err2), !=, 0);
  g_assert_nonnull (strstr (err2, "H40.12.3.X05"));
  g_assert_nonnull (strstr (err2, "000.00.04.H40"));
  run_cli (workspace, help, &out3, &err3);
  g_assert_nonnull (strstr (out3, "000.00.04.H40"));

  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);

    g_assert_cmpint (system (command), ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/office-code/shapes", test_shapes);
  g_test_add_func ("/office-code/cli", test_cli);

  return g_test_run ();
}
