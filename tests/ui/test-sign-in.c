/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Signing in at the desk, in Vietnamese under Xvfb with real keys
 * (xdotool): a desk whose officers have passwords opens on the sign-in
 * screen; a wrong password is refused and leaves the screen up; the right
 * one opens the queues as that officer; Ctrl+Alt+L locks; signing in as
 * the leader switches officer, and an action taken then is audited under
 * the leader. A desk with no officer yet opens the first-run assistant
 * (tests/ui/test-first-run.c drives it). Screenshots go to the test log
 * folder. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "mc-application.h"
#include "mc-window-private.h"
#include "mc-core.h"
#include "mc-officer-list.h"
#include "mc-preferences-window.h"
#include "mc-sign-in-page.h"
#include "store/mc-officer-auth.h"
#include "ui-test-util.h"
#include "workflow-fixture.h"

#define LAN_PASSWORD "lan-mot-cua"
#define HUNG_PASSWORD "hung-lanh-dao"

typedef struct
{
  Fixture *fixture;
  char *code;
} Desk;

/* Preferences shows the signed-in officer, and cannot pick another one. */
static gboolean
preferences_show_leader (gpointer data)
{
  GtkWidget *window = ui_test_find_toplevel (MC_TYPE_PREFERENCES_WINDOW);
  AdwComboRow *row;
  GtkStringObject *item;

  if (window == NULL || mc_preferences_window_get_busy (MC_PREFERENCES_WINDOW (window)))
    return FALSE;
  row = ADW_COMBO_ROW (ui_test_find_named (window, "current-officer"));
  item = adw_combo_row_get_selected_item (row);

  return item != NULL && g_str_has_prefix (gtk_string_object_get_string (item), "Lê Quốc Hùng");
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
list_idle (gpointer data)
{
  return !mc_officer_list_get_busy (data);
}

static gboolean
tuan_has_password (gpointer data)
{
  return fixture_count (data, "SELECT count(*) FROM officer_auth WHERE login = 'tuan'"
                              " AND verifier LIKE '$argon2id$%'") == 1;
}

static void
check_sign_in (McWindow *window,
               Desk     *desk)
{
  McSignInPage *page = mc_window_get_sign_in_page (window);
  g_autoptr(GError) error = NULL;
  g_autofree char *op_id = NULL;
  g_autofree char *actor = NULL;
  g_autofree char *sql = NULL;
  GtkWidget *lans_dialog;
  McActionParams params = { 0 };

  /* Opens on the sign-in screen: four officers, nobody chosen. */
  ui_test_wait_sign_in_page (window);
  g_assert_cmpuint (mc_sign_in_page_get_n_officers (page), ==, 4);
  g_assert_null (mc_sign_in_page_get_selected (page));
  ui_test_settle ();
  ui_test_screenshot ("ui-sign-in.png");

  /* Enter with nobody chosen says what to do first. */
  gtk_widget_activate_action (GTK_WIDGET (page), "signin.sign-in", NULL);
  g_assert_cmpstr (mc_sign_in_page_get_problem (page), ==, "Hãy chọn tên của mình trong danh sách trước.");

  /* A wrong password: refused, still on the sign-in screen. */
  mc_sign_in_page_select (page, "lan");
  ui_test_type_password (window, "sai-mat-khau");
  ui_test_wait_sign_in_page (window);
  g_assert_nonnull (mc_sign_in_page_get_problem (page));
  g_assert_nonnull (strstr (mc_sign_in_page_get_problem (page), "Mật khẩu không đúng"));
  g_assert_cmpstr (mc_sign_in_page_get_selected (page), ==, "lan");
  g_assert_null (mc_window_get_officer (window));
  ui_test_settle ();
  ui_test_screenshot ("ui-sign-in-wrong.png");

  /* The right one opens the queues as Lan. */
  gtk_editable_set_text (mc_sign_in_page_get_password (page), "");
  ui_test_type_password (window, LAN_PASSWORD);
  ui_test_wait_officer (window, "lan");
  g_assert_cmpstr (mc_desk_get_officer_login (mc_window_get_desk (window)), ==, "lan");
  g_assert_cmpstr (gtk_editable_get_text (mc_sign_in_page_get_password (page)), ==, "");
  ui_test_settle ();
  ui_test_screenshot ("ui-sign-in-lan.png");

  /* Locking goes back to the sign-in screen, Lan preselected, her open
   * dialog hidden. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL);
  lans_dialog = ui_test_find_toplevel (MC_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (lans_dialog);
  g_object_add_weak_pointer (G_OBJECT (lans_dialog), (gpointer *) &lans_dialog);
  /* (The modal dialog holds the keyboard: the idle timer's way in.) */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.lock", NULL);
  ui_test_wait_sign_in_page (window);
  g_assert_cmpstr (mc_sign_in_page_get_selected (page), ==, "lan");
  g_assert_nonnull (lans_dialog);
  g_assert_false (gtk_widget_get_visible (lans_dialog));
  ui_test_settle ();
  ui_test_screenshot ("ui-sign-in-locked.png");

  /* Switching officer is signing in as the other one. */
  ui_test_sign_in (window, "hung", HUNG_PASSWORD);
  g_assert_cmpstr (mc_desk_get_officer_login (mc_window_get_desk (window)), ==, "hung");
  /* Lan's dialog was closed, not handed to the leader. */
  g_assert_null (lans_dialog);

  /* What the desk does now is the leader's, whatever the workspace's
   * "current officer" says. */
  params.reason = (char *) "Cần bổ sung xác minh";
  op_id = mc_desk_act (mc_window_get_desk (window), desk->code, "return_for_rework", &params, &error);
  g_assert_no_error (error);
  sql = g_strdup_printf ("SELECT actor FROM audit WHERE subject = '%s' AND action = 'return_for_rework'", desk->code);
  actor = fixture_text (mc_window_get_store (window), sql);
  g_assert_cmpstr (actor, ==, "hung");

  /* Preferences can no longer make someone else the current officer. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL);
  ui_test_wait_until (preferences_show_leader, NULL);
  {
    GtkWidget *preferences = ui_test_find_toplevel (MC_TYPE_PREFERENCES_WINDOW);
    McOfficerList *list;
    GtkWidget *row = ui_test_find_named (preferences, "current-officer");
    GtkWidget *message = ui_test_find_named (preferences, "current-officer-message");

    g_assert_false (gtk_widget_get_sensitive (row));
    g_assert_true (gtk_widget_get_visible (message));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (message)), "Ctrl+Alt+L"));
    adw_combo_row_set_selected (ADW_COMBO_ROW (row), 0);
    ui_test_settle ();
    ui_test_screenshot ("ui-sign-in-preferences.png");

    /* An officer added there gets the password typed with them. */
    gtk_editable_set_text (GTK_EDITABLE (ui_test_find_named (preferences, "officer-login")), "tuan");
    gtk_editable_set_text (GTK_EDITABLE (ui_test_find_named (preferences, "officer-name")), "Võ Anh Tuấn");
    gtk_editable_set_text (GTK_EDITABLE (ui_test_find_named (preferences, "officer-password")), "123");
    gtk_widget_activate_action (preferences, "prefs.add-officer", NULL);
    g_assert_true (gtk_widget_get_visible (ui_test_find_named (preferences, "officer-message")));
    gtk_editable_set_text (GTK_EDITABLE (ui_test_find_named (preferences, "officer-password")), "tuan-mot-cua");
    gtk_widget_activate_action (preferences, "prefs.add-officer", NULL);
    ui_test_wait_until (tuan_has_password, mc_window_get_store (window));

    /* Lan leaves: switched off, not deleted; nobody switches themselves off. */
    list = MC_OFFICER_LIST (ui_test_find (preferences, MC_TYPE_OFFICER_LIST));
    ui_test_wait_until (list_idle, list);
    g_assert_false (mc_officer_list_set_active (list, "hung", FALSE));
    g_assert_true (mc_officer_list_set_active (list, "lan", FALSE));
    ui_test_wait_until (list_idle, list);
    g_assert_cmpint (fixture_count (mc_window_get_store (window),
                                    "SELECT count(*) FROM officer WHERE login = 'lan' AND active = 0"), ==, 1);
    ui_test_settle ();
    ui_test_screenshot ("ui-sign-in-officer-list.png");

    /* An officer from before passwords gets a first one there. */
    g_assert_false (mc_officer_list_set_password (list, "minh", "123"));
    g_assert_true (mc_officer_list_set_password (list, "minh", "minh-tu-phap"));
    ui_test_wait_until (list_idle, list);
    g_assert_cmpint (fixture_count (mc_window_get_store (window),
                                    "SELECT count(*) FROM officer_auth WHERE login = 'minh'"), ==, 1);
    {
      GtkWidget *button = find_button (GTK_WIDGET (list), "Đặt _mật khẩu…");
      AdwMessageDialog *dialog;

      g_assert_nonnull (button);
      g_signal_emit_by_name (button, "clicked");
      dialog = ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
      g_assert_nonnull (dialog);
      g_assert_false (adw_message_dialog_get_response_enabled (dialog, "set"));
      gtk_editable_set_text (GTK_EDITABLE (ui_test_find_named (GTK_WIDGET (dialog), "officer-new-password")),
                             "ha-van-thu");
      g_assert_true (adw_message_dialog_get_response_enabled (dialog, "set"));
      ui_test_settle ();
      ui_test_screenshot ("ui-sign-in-set-password.png");
      /* The dialog closes itself on its response. */
      adw_message_dialog_response (dialog, "set");
      ui_test_wait_until (list_idle, list);
      g_assert_cmpint (fixture_count (mc_window_get_store (window),
                                      "SELECT count(*) FROM officer_auth WHERE login = 'ha'"), ==, 1);
    }
    gtk_window_destroy (GTK_WINDOW (preferences));
  }

  /* Idle: nothing for 14 minutes keeps the window open, the 15th (the
   * setting) locks it; 0 never locks. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    gint64 now = g_get_monotonic_time ();

    g_assert_cmpint (g_settings_get_int (settings, "lock-after-idle-minutes"), ==, 15);
    g_settings_set_int (settings, "lock-after-idle-minutes", 0);
    g_assert_false (mc_window_lock_if_idle (window, now + (gint64) 24 * 3600 * G_USEC_PER_SEC));
    g_settings_set_int (settings, "lock-after-idle-minutes", 15);
    g_assert_false (mc_window_lock_if_idle (window, now + (gint64) 14 * 60 * G_USEC_PER_SEC));
    g_assert_cmpstr (mc_window_get_visible_page (window), !=, "sign-in");
    g_assert_true (mc_window_lock_if_idle (window, now + (gint64) 16 * 60 * G_USEC_PER_SEC));
  }

  /* Locked again: Lan is no longer offered. */
  ui_test_wait_sign_in_page (window);
  g_assert_cmpuint (mc_sign_in_page_get_n_officers (page), ==, 4);
  mc_sign_in_page_select (page, "lan");
  g_assert_null (mc_sign_in_page_get_selected (page));
  g_assert_cmpstr (mc_desk_get_officer_login (mc_window_get_desk (window)), ==, "hung");
  g_clear_pointer (&actor, g_free);
  actor = fixture_text (mc_window_get_store (window), "SELECT value FROM workspace_meta WHERE key = 'current_officer'");
  g_assert_cmpstr (actor, ==, "lan");
}

static gboolean
run_checks (gpointer data)
{
  McApplication *app = data;
  Desk *desk = g_object_get_data (G_OBJECT (app), "desk");
  McWindow *window = mc_application_find_window (app, desk->fixture->tmp);

  g_assert_nonnull (window);
  ui_test_wait_window_ready (window);
  check_sign_in (window, desk);

  ui_test_close_all (app);

  return G_SOURCE_REMOVE;
}

static void
app_started (GApplication *app)
{
  g_idle_add (run_checks, app);
}

/* Lan and Hùng have passwords; one dossier waits for the leader. */
static void
make_desk (Desk *desk)
{
  g_autoptr(McReception) reception = fixture_birth_reception ();
  g_autoptr(McReceptionResult) received = NULL;
  g_autoptr(GError) error = NULL;
  McStore *store;

  desk->fixture = fixture_new (TRUE);
  store = mc_desk_get_store (desk->fixture->desk);
  mc_desk_set_officer_login (desk->fixture->desk, "lan");
  received = mc_desk_receive (desk->fixture->desk, reception, NULL, &error);
  g_assert_no_error (error);
  desk->code = g_strdup (received->code);
  fixture_act (desk->fixture, "lan", desk->code, "forward");
  fixture_act (desk->fixture, "minh", desk->code, "record_opinion");
  fixture_act (desk->fixture, "minh", desk->code, "submit_to_leader");

  g_assert_true (mc_officer_auth_set_password (store, "lan", LAN_PASSWORD, &error));
  g_assert_true (mc_officer_auth_set_password (store, "hung", HUNG_PASSWORD, &error));
  g_assert_no_error (error);
  mc_store_close (store);
}

static void
test_sign_in (void)
{
  g_autoptr(McApplication) app = mc_application_new ();
  Desk desk = { 0 };
  char *argv[] = { (char *) "motcua", (char *) "--workspace", NULL, NULL };

  make_desk (&desk);
  argv[2] = desk.fixture->tmp;
  g_object_set_data (G_OBJECT (app), "desk", &desk);
  g_signal_connect (app, "startup", G_CALLBACK (app_started), NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);

  fixture_free (desk.fixture);
  g_free (desk.code);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "vi", TRUE);
  g_setenv ("LC_ALL", "vi_VN.UTF-8", TRUE);
  mc_core_init ();
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "_Sign In"), ==, "Đă_ng nhập");

  g_test_add_func ("/sign-in/window", test_sign_in);

  return g_test_run ();
}
