/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The first run, in Vietnamese under Xvfb with real keys (xdotool): an
 * empty workspace opens the set-up assistant, not a blank window; a wrong
 * office code, a bad login and a short password are refused with the
 * reason; two officers are added (the second by typing and Enter); "Start
 * Working" stores the office and the officers with Argon2id verifiers (never
 * the passwords) and shows the sign-in screen, where the first officer
 * signs in. Screenshots go to the test log folder. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "mc-application.h"
#include "mc-window-private.h"
#include "mc-core.h"
#include "mc-setup-assistant.h"
#include "mc-sign-in-page.h"
#include "ui-test-util.h"
#include "workflow-fixture.h"

static char *workspace;

static GtkWidget *
named (McWindow   *window,
       const char *name)
{
  GtkWidget *widget = ui_test_find_named (GTK_WIDGET (window), name);

  g_assert_nonnull (widget);
  return widget;
}

static void
set_text (McWindow   *window,
          const char *name,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (named (window, name)), text);
}

/* Types into a row with real keys. */
static void
type_into (McWindow   *window,
           const char *name,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (named (window, name)), "");
  gtk_widget_grab_focus (named (window, name));
  ui_test_settle ();
  ui_test_type (GTK_WINDOW (window), text);
}

static void
finish (McWindow *window)
{
  gtk_widget_activate_action (GTK_WIDGET (mc_window_get_setup_assistant (window)), "setup.finish", NULL);
}

static gboolean
two_officers (gpointer data)
{
  return mc_setup_assistant_get_n_officers (data) == 2;
}

static gboolean
verifiers_stored (gpointer data)
{
  McStore *store = data;

  return fixture_count (store, "SELECT count(*) FROM officer_auth WHERE verifier LIKE '$argon2id$%'") == 2;
}

static void
check_first_run (McWindow *window)
{
  McSetupAssistant *assistant = mc_window_get_setup_assistant (window);
  McSignInPage *page = mc_window_get_sign_in_page (window);
  g_autofree char *office = NULL;
  g_autofree char *verifiers = NULL;

  g_assert_cmpstr (mc_window_get_visible_page (window), ==, "setup");
  ui_test_focus_window (GTK_WINDOW (window));
  ui_test_settle ();
  ui_test_screenshot ("ui-first-run.png");

  /* Nothing filled in: the office code first. */
  finish (window);
  g_assert_cmpstr (mc_setup_assistant_get_problem (assistant), ==, "Hãy nhập mã định danh cơ quan, ví dụ 000.00.04.H40.");
  type_into (window, "setup-office-code", "H40.12.03");
  finish (window);
  g_assert_nonnull (strstr (mc_setup_assistant_get_problem (assistant), "bốn nhóm"));
  type_into (window, "setup-office-code", "h40.12.03.x05");
  /* Vietnamese letters are set, not typed: xdotool under Xvfb has no
   * keysyms for all of them. */
  set_text (window, "setup-office-name", "Ủy ban nhân dân xã Tân Phú");
  finish (window);
  g_assert_cmpstr (mc_setup_assistant_get_problem (assistant), ==,
                   "Hãy thêm ít nhất một cán bộ, nếu không sẽ không ai đăng nhập được.");

  /* The first officer: a login with capitals and a short password are
   * refused; then added. */
  set_text (window, "setup-officer-login", "Lan");
  set_text (window, "setup-officer-name", "Nguyễn Thị Lan");
  set_text (window, "setup-officer-password", "123");
  gtk_widget_activate_action (GTK_WIDGET (assistant), "setup.add-officer", NULL);
  g_assert_nonnull (strstr (mc_setup_assistant_get_problem (assistant), "chữ thường"));
  set_text (window, "setup-officer-login", "lan");
  gtk_widget_activate_action (GTK_WIDGET (assistant), "setup.add-officer", NULL);
  g_assert_cmpstr (mc_setup_assistant_get_problem (assistant), ==, "Mật khẩu cần ít nhất 6 ký tự.");
  set_text (window, "setup-officer-password", "lan-mot-cua");
  gtk_widget_activate_action (GTK_WIDGET (assistant), "setup.add-officer", NULL);
  g_assert_null (mc_setup_assistant_get_problem (assistant));
  g_assert_cmpuint (mc_setup_assistant_get_n_officers (assistant), ==, 1);

  /* The second, the leader, typed; Enter in the password adds him. */
  type_into (window, "setup-officer-login", "hung");
  set_text (window, "setup-officer-name", "Lê Quốc Hùng");
  adw_combo_row_set_selected (ADW_COMBO_ROW (named (window, "setup-officer-role")), 2);
  type_into (window, "setup-officer-password", "hung-lanh-dao");
  ui_test_key (GTK_WINDOW (window), "Return");
  ui_test_wait_until (two_officers, assistant);
  ui_test_settle ();
  ui_test_screenshot ("ui-first-run-officers.png");

  /* Stored at once, then the sign-in screen with Lan chosen. */
  finish (window);
  ui_test_wait_sign_in_page (window);
  g_assert_cmpuint (mc_sign_in_page_get_n_officers (page), ==, 2);
  g_assert_cmpstr (mc_sign_in_page_get_selected (page), ==, "lan");
  ui_test_wait_until (verifiers_stored, mc_window_get_store (window));
  office = fixture_text (mc_window_get_store (window),
                         "SELECT group_concat (value, '|') FROM (SELECT value FROM workspace_meta"
                         " WHERE key IN ('office_code', 'office_name') ORDER BY key)");
  g_assert_cmpstr (office, ==, "H40.12.03.X05|Ủy ban nhân dân xã Tân Phú");
  verifiers = fixture_text (mc_window_get_store (window), "SELECT group_concat (verifier, '|') FROM officer_auth");
  g_assert_null (strstr (verifiers, "lan-mot-cua"));
  g_assert_null (strstr (verifiers, "hung-lanh-dao"));
  g_assert_cmpint (fixture_count (mc_window_get_store (window),
                                  "SELECT count(*) FROM officer WHERE login = 'hung' AND role = 'leader'"), ==, 1);
  ui_test_settle ();
  ui_test_screenshot ("ui-first-run-sign-in.png");

  ui_test_type_password (window, "lan-mot-cua");
  ui_test_wait_officer (window, "lan");
}

static gboolean
run_checks (gpointer data)
{
  McApplication *app = data;
  McWindow *window = mc_application_find_window (app, workspace);

  g_assert_nonnull (window);
  ui_test_wait_window_ready (window);
  check_first_run (window);

  ui_test_close_all (app);

  return G_SOURCE_REMOVE;
}

static void
app_started (GApplication *app)
{
  g_idle_add (run_checks, app);
}

static void
test_first_run (void)
{
  g_autoptr(McApplication) app = mc_application_new ();
  g_autoptr(GError) error = NULL;
  char *argv[] = { (char *) "motcua", (char *) "--workspace", NULL, NULL };
  g_autofree char *tmp = g_dir_make_tmp ("motcua-first-run-XXXXXX", &error);

  g_assert_no_error (error);
  workspace = g_build_filename (tmp, "desk", NULL);
  argv[2] = workspace;
  g_signal_connect (app, "startup", G_CALLBACK (app_started), NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);

  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", tmp);

    g_assert_cmpint (system (command), ==, 0);
  }
  g_free (workspace);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "vi", TRUE);
  g_setenv ("LC_ALL", "vi_VN.UTF-8", TRUE);
  mc_core_init ();
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "_Start Working"), ==, "_Bắt đầu làm việc");

  g_test_add_func ("/first-run/assistant", test_first_run);

  return g_test_run ();
}
