/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window driven by real X input (xdotool), in Vietnamese: the
 * pointer passing over the sidebar changes nothing (queue, search, open
 * dossier) while a click still chooses a queue; Tab leaves a list instead of
 * walking its rows; every queue has a shortcut (Alt+0 the late one); Esc
 * closes the search wherever the focus is; the shortcuts window is all
 * Vietnamese, GTK's own words included; and quitting with dialogs open
 * closes everything cleanly (the suite also runs under AddressSanitizer). */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "mc-application.h"
#include "mc-core.h"
#include "mc-window-private.h"
#include "store/mc-demo.h"
#include "ui-test-util.h"

static char *tmp_dir;

static char *
make_workspace (const char *name,
                guint       n_dossiers)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(McDesk) desk = mc_desk_open (path, MC_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  g_assert_true (mc_demo_populate (desk, n_dossiers, 7, NULL, NULL, &error));
  g_assert_no_error (error);
  mc_store_close (mc_desk_get_store (desk));

  return g_steal_pointer (&path);
}

static GtkWidget *
named (McWindow   *window,
       const char *name)
{
  GtkWidget *widget = ui_test_find_named (GTK_WIDGET (window), name);

  g_assert_nonnull (widget);
  return widget;
}

static guint
selected_queue (McWindow *window)
{
  GtkListView *queues = GTK_LIST_VIEW (named (window, "queue_view"));

  return gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (gtk_list_view_get_model (queues)));
}

/* The window's own search entry (GtkDropDown has an internal one with the
 * same name, in the filter popover). */
static GtkEditable *
search_entry (McWindow *window)
{
  GtkWidget *entry = ui_test_find (named (window, "search_bar"), GTK_TYPE_SEARCH_ENTRY);

  g_assert_nonnull (entry);
  return GTK_EDITABLE (entry);
}

static gboolean
search_open (McWindow *window)
{
  return gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (named (window, "search_bar")));
}

static const char *
detail_page (McWindow *window)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (named (window, "detail_stack")));
}

static gboolean
focus_inside (McWindow   *window,
              GtkWidget  *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* The rows of a list view as drawn (GTK's row widgets, in order). */
static GPtrArray *
list_rows (GtkWidget *list)
{
  GPtrArray *rows = g_ptr_array_new ();

  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_mapped (child) && gtk_widget_get_height (child) > 0)
      g_ptr_array_add (rows, child);

  return rows;
}

/* Real pointer motion through the middle of the sidebar rows, then away
 * over the dossier list; no button pressed. Each move is handled and
 * painted before the next. */
static void
hover_over_sidebar (McWindow *window)
{
  GtkWidget *queue_view = named (window, "queue_view");
  GtkWidget *dossier_view = named (window, "dossier_view");
  g_autoptr(GPtrArray) rows = list_rows (queue_view);

  g_assert_cmpuint (rows->len, >=, 5);
  /* Down over every row, then back up to the fourth one: under the fault
   * this ends on another queue than the one chosen. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < (pass == 0 ? rows->len : rows->len - 3); i++)
      ui_test_hover (g_ptr_array_index (rows, pass == 0 ? i : rows->len - 1 - i));
  ui_test_hover (dossier_view);
}

static gboolean
search_shown (gpointer data)
{
  McWindow *window = data;

  return mc_window_get_visible_dossiers (window) != mc_window_get_dossiers (window) &&
         g_list_model_get_n_items (mc_window_get_visible_dossiers (window)) > 0;
}

static void
check_hover (McWindow *window)
{
  GtkEditable *entry = search_entry (window);
  GPtrArray *rows;
  GtkWidget *third;

  /* On "all dossiers", a dossier open, a search typed. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.select-queue", "u", 0);
  ui_test_wait_window_ready (window);
  mc_window_show_dossier (window, 0);
  ui_test_settle ();
  g_assert_cmpstr (detail_page (window), !=, "none");
  gtk_search_bar_set_search_mode (GTK_SEARCH_BAR (named (window, "search_bar")), TRUE);
  gtk_editable_set_text (entry, "nguyen");
  ui_test_wait_until (search_shown, window);

  hover_over_sidebar (window);
  ui_test_screenshot ("ui-input-hover.png");
  g_assert_cmpuint (selected_queue (window), ==, 0);
  g_assert_true (search_open (window));
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "nguyen");
  g_assert_true (search_shown (window));
  g_assert_cmpstr (detail_page (window), !=, "none");

  /* A click still chooses a queue. */
  rows = list_rows (named (window, "queue_view"));
  third = g_ptr_array_index (rows, 2);
  g_ptr_array_unref (rows);
  ui_test_click (third);
  ui_test_wait_window_ready (window);
  g_assert_cmpuint (selected_queue (window), ==, 2);
}

static void
check_keyboard (McWindow *window)
{
  GtkWidget *queue_view = named (window, "queue_view");
  GtkWidget *dossier_view = named (window, "dossier_view");
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  ui_test_focus_window (GTK_WINDOW (window));

  /* Alt+0 is the tenth queue, the late one; Alt+1 the first. */
  ui_test_key (GTK_WINDOW (window), "alt+0");
  ui_test_wait_window_ready (window);
  g_assert_cmpuint (selected_queue (window), ==, 9);
  {
    g_autofree char *last = g_settings_get_string (settings, "last-queue");

    g_assert_cmpstr (last, ==, "late");
  }
  ui_test_key (GTK_WINDOW (window), "alt+1");
  ui_test_wait_window_ready (window);
  g_assert_cmpuint (selected_queue (window), ==, 0);

  /* Tab leaves the sidebar at once, not after ten rows. */
  g_assert_true (gtk_widget_grab_focus (queue_view));
  ui_test_settle ();
  g_assert_true (focus_inside (window, queue_view));
  ui_test_key (GTK_WINDOW (window), "Tab");
  g_assert_false (focus_inside (window, queue_view));
  /* Arrows still walk the sidebar, and choose as they go. */
  g_assert_true (gtk_widget_grab_focus (queue_view));
  ui_test_settle ();
  ui_test_key (GTK_WINDOW (window), "Down");
  ui_test_wait_window_ready (window);
  g_assert_true (focus_inside (window, queue_view));
  /* (from the row last focused, which Alt+1 does not move) */
  g_assert_cmpuint (selected_queue (window), !=, 0);

  /* Tab and Shift+Tab leave the dossier list, either way. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.select-queue", "u", 0);
  ui_test_wait_window_ready (window);
  g_assert_true (gtk_widget_grab_focus (dossier_view));
  ui_test_settle ();
  g_assert_true (focus_inside (window, dossier_view));
  ui_test_key (GTK_WINDOW (window), "Tab");
  g_assert_false (focus_inside (window, dossier_view));
  g_assert_true (gtk_widget_grab_focus (dossier_view));
  ui_test_settle ();
  ui_test_key (GTK_WINDOW (window), "shift+Tab");
  g_assert_false (focus_inside (window, dossier_view));

  /* Esc closes the search: from the entry, and from the list too. */
  ui_test_key (GTK_WINDOW (window), "ctrl+f");
  g_assert_true (search_open (window));
  ui_test_type (GTK_WINDOW (window), "tran");
  ui_test_key (GTK_WINDOW (window), "Escape");
  g_assert_false (search_open (window));
  ui_test_key (GTK_WINDOW (window), "ctrl+f");
  ui_test_type (GTK_WINDOW (window), "tran");
  g_assert_true (search_open (window));
  g_assert_true (gtk_widget_grab_focus (dossier_view));
  ui_test_settle ();
  g_assert_false (focus_inside (window, GTK_WIDGET (search_entry (window))));
  ui_test_key (GTK_WINDOW (window), "Escape");
  g_assert_false (search_open (window));
}

static void
collect_texts (GtkWidget *widget,
               GString   *texts)
{
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (texts, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  else if (GTK_IS_SEARCH_ENTRY (widget))
    {
      g_autofree char *placeholder = NULL;

      g_object_get (widget, "placeholder-text", &placeholder, NULL);
      g_string_append_printf (texts, "%s\n", placeholder);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_texts (child, texts);
}

static void
check_shortcuts_window (McWindow *window)
{
  GtkShortcutsWindow *overlay;
  g_autoptr(GString) texts = g_string_new ("\n");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
  ui_test_settle ();
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  collect_texts (GTK_WIDGET (overlay), texts);
  g_test_message ("shortcuts window: %s", texts->str);
  /* GTK's words (Debian 12's gtk40 has no Vietnamese for them) ... */
  g_assert_null (strstr (texts->str, "\nShortcuts\n"));
  g_assert_null (strstr (texts->str, "\nSearch Shortcuts\n"));
  g_assert_nonnull (strstr (texts->str, "\nPhím tắt\n"));
  g_assert_nonnull (strstr (texts->str, "\nTìm phím tắt\n"));
  /* ... and ours, the new shortcuts included. */
  g_assert_nonnull (strstr (texts->str, "\nChuyển đến hàng chờ quá hạn (thứ mười)\n"));
  g_assert_nonnull (strstr (texts->str, "\nĐóng ô tìm kiếm\n"));
  g_assert_null (strstr (texts->str, "\nGo to"));
  ui_test_screenshot ("ui-input-shortcuts.png");
  gtk_window_close (GTK_WINDOW (overlay));
  ui_test_settle ();
}

static gboolean
dialogs_open (gpointer data)
{
  return g_list_length (gtk_application_get_windows (data)) >= 3;
}

static gboolean
run_checks (gpointer user_data)
{
  McApplication *app = user_data;
  g_autofree char *main_ws = g_build_filename (tmp_dir, "main", NULL);
  McWindow *window = mc_application_find_window (app, main_ws);

  g_assert_nonnull (window);
  ui_test_wait_window_ready (window);
  ui_test_settle ();

  check_hover (window);
  check_keyboard (window);
  check_shortcuts_window (window);

  /* Quit (Ctrl+Q) with the reception dialog and Preferences open: the
   * dialogs go with their window while quit walks the list. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.receive", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL);
  ui_test_wait_until (dialogs_open, app);
  ui_test_settle ();
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);

  return G_SOURCE_REMOVE;
}

static void
app_started (GApplication *app)
{
  g_idle_add (run_checks, app);
}

static void
test_window_input (void)
{
  g_autoptr(McApplication) app = mc_application_new ();
  g_autofree char *main_ws = make_workspace ("main", 120);
  char *argv[] = { (char *) "motcua", (char *) "--workspace", main_ws, NULL };

  g_signal_connect (app, "startup", G_CALLBACK (app_started), NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_setenv ("LANGUAGE", "vi", TRUE);
  g_setenv ("LC_ALL", "vi_VN.UTF-8", TRUE);
  mc_core_init ();
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "All dossiers"), ==, "Tất cả hồ sơ");

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("motcua-ui-input-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/ui/window-input", test_window_input);
  status = g_test_run ();

  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", tmp_dir);

    if (system (command) != 0)
      g_printerr ("could not remove %s\n", tmp_dir);
  }
  g_free (tmp_dir);

  return status;
}
