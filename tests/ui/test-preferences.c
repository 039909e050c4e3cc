/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Preferences window on a real desk under Xvfb, in a Vietnamese
 * session: it shows the desk's officers and office; picking another
 * officer makes them the store's current officer; an added officer is
 * listed and stored, a bad or duplicate one is refused with a message; an
 * office code of the wrong shape shows its message under the field and is
 * not saved, a right one is. Each save emits "changed". The switch for
 * checking revocation online is the verify-online setting. Screenshots go to
 * the test log folder for people to look at. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "mc-core.h"
#include "mc-preferences-window.h"
#include "store/mc-desk-auth.h"
#include "store/mc-desk-profile.h"
#include "workflow-fixture.h"
#include "ui-test-util.h"

static gboolean
idle_window (gpointer data)
{
  return !mc_preferences_window_get_busy (data);
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_popover (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = GTK_IS_POPOVER (child) ? child : find_popover (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
named (GtkWidget  *window,
       const char *name)
{
  GtkWidget *widget = find_named (window, name);

  if (widget == NULL)
    g_error ("no widget named %s", name);
  return widget;
}

static void
set_text (GtkWidget  *window,
          const char *name,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (named (window, name)), text);
}

static void
save_screenshot (const char *name)
{
  const char *dir = g_getenv ("MOTCUA_TEST_LOG_DIR");
  g_autofree char *path = g_build_filename (dir != NULL ? dir : g_get_tmp_dir (), name, NULL);
  const char *argv[] = { "import", "-window", "root", path, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  ui_test_settle ();
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_test_message ("screenshot: %s", path);
}

static char *
store_current_login (McDesk *desk)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McDeskProfile) profile = mc_desk_load_profile (desk, &error);

  g_assert_no_error (error);
  g_assert_nonnull (profile->current_login);
  return g_strdup (profile->current_login);
}

static McOffice *
store_office (McDesk *desk)
{
  g_autoptr(GError) error = NULL;
  McOffice *office = mc_desk_get_office (desk, &error);

  g_assert_no_error (error);
  g_assert_nonnull (office);
  return office;
}

/* The officer as stored, or NULL when there is none of that login. */
static McOfficer *
store_officer (McDesk     *desk,
               const char *login)
{
  g_autoptr(GError) error = NULL;
  McOfficerEntry *entry = mc_desk_get_officer_entry (desk, login, &error);
  McOfficer *officer;

  if (entry == NULL)
    return NULL;
  officer = g_steal_pointer (&entry->officer);
  mc_officer_entry_free (entry);
  return officer;
}

static guint
find_item (GListModel *model,
           const char *prefix)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_str_has_prefix (gtk_string_object_get_string (item), prefix))
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

static void
count_changed (guint *count)
{
  (*count)++;
}

static void
test_preferences (void)
{
  g_autoptr(Fixture) fixture = fixture_new (FALSE);
  GtkWidget *window = mc_preferences_window_new (NULL, fixture->desk);
  AdwComboRow *current;
  GListModel *officers;
  GtkWidget *officer_message;
  GtkWidget *code_message;
  g_autofree char *login = NULL;
  g_autoptr(McOfficer) added = NULL;
  g_autoptr(McOffice) office = NULL;
  guint changed = 0;
  guint minh;

  g_signal_connect_swapped (window, "changed", G_CALLBACK (count_changed), &changed);
  gtk_window_present (GTK_WINDOW (window));
  ui_test_wait_until (idle_window, window);

  /* What the store holds is shown. */
  current = ADW_COMBO_ROW (named (window, "current-officer"));
  officers = adw_combo_row_get_model (current);
  g_assert_cmpuint (g_list_model_get_n_items (officers), ==, 4);
  g_assert_cmpuint (adw_combo_row_get_selected (current), ==, find_item (officers, "Nguyễn Thị Lan — "));
  /* "Name — role", the role as the workflow names it. */
  {
    g_autofree char *minh_row = g_strdup_printf ("Trần Văn Minh — %s", mc_role_label (MC_ROLE_SPECIALIST));

    g_assert_cmpuint (find_item (officers, minh_row), !=, GTK_INVALID_LIST_POSITION);
  }
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (named (window, "office-code"))), ==, "H40.12.03.X05");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (named (window, "office-place"))), ==, "Tân Phú");
  save_screenshot ("ui-preferences-officer.png");

  /* 1. Picking another officer makes them current in the store. */
  minh = find_item (officers, "Trần Văn Minh — ");
  g_assert_cmpuint (minh, !=, GTK_INVALID_LIST_POSITION);
  adw_combo_row_set_selected (current, minh);
  g_assert_true (mc_preferences_window_get_busy (MC_PREFERENCES_WINDOW (window)));
  ui_test_wait_until (idle_window, window);
  login = store_current_login (fixture->desk);
  g_assert_cmpstr (login, ==, "minh");
  g_assert_cmpuint (changed, ==, 1);

  /* 2. A bad login and a missing name are refused under the group; nothing
   *    is stored. */
  officer_message = named (window, "officer-message");
  set_text (window, "officer-login", "Thu Hà");
  set_text (window, "officer-name", "Đỗ Thu Hà");
  gtk_widget_activate_action (window, "prefs.add-officer", NULL);
  ui_test_wait_until (idle_window, window);
  g_assert_true (gtk_widget_get_visible (officer_message));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (officer_message)), "Thu Hà"));
  g_assert_true (gtk_widget_has_css_class (named (window, "officer-login"), "error"));
  g_assert_null (store_officer (fixture->desk, "Thu Hà"));
  save_screenshot ("ui-preferences-officer-invalid.png");

  set_text (window, "officer-login", "thuha");
  g_assert_false (gtk_widget_get_visible (officer_message));   /* typing clears it */
  set_text (window, "officer-name", "  ");
  gtk_widget_activate_action (window, "prefs.add-officer", NULL);
  ui_test_wait_until (idle_window, window);
  g_assert_true (gtk_widget_get_visible (officer_message));
  g_assert_true (gtk_widget_has_css_class (named (window, "officer-name"), "error"));
  g_assert_null (store_officer (fixture->desk, "thuha"));

  /* An existing login is not overwritten. */
  set_text (window, "officer-login", "lan");
  set_text (window, "officer-name", "Someone Else");
  gtk_widget_activate_action (window, "prefs.add-officer", NULL);
  ui_test_wait_until (idle_window, window);
  g_assert_true (gtk_widget_get_visible (officer_message));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (officer_message)), "lan"));
  added = store_officer (fixture->desk, "lan");
  g_assert_cmpstr (added->name, ==, "Nguyễn Thị Lan");
  g_clear_pointer (&added, mc_officer_free);
  g_assert_cmpuint (changed, ==, 1);

  /* 3. A good officer is stored and listed, with the chosen role. */
  set_text (window, "officer-login", "thuha");
  set_text (window, "officer-name", "Đỗ Thu Hà");
  set_text (window, "officer-title", "Công chức Văn hóa – Xã hội");
  set_text (window, "officer-department", "Văn hóa – Xã hội");
  adw_combo_row_set_selected (ADW_COMBO_ROW (named (window, "officer-role")), MC_ROLE_SPECIALIST);
  gtk_widget_activate_action (window, "prefs.add-officer", NULL);
  ui_test_wait_until (idle_window, window);
  g_assert_false (gtk_widget_get_visible (officer_message));
  added = store_officer (fixture->desk, "thuha");
  g_assert_nonnull (added);
  g_assert_cmpstr (added->name, ==, "Đỗ Thu Hà");
  g_assert_cmpstr (added->department, ==, "Văn hóa – Xã hội");
  g_assert_cmpint (added->role, ==, MC_ROLE_SPECIALIST);
  g_assert_cmpuint (g_list_model_get_n_items (officers), ==, 5);
  g_assert_cmpuint (find_item (officers, "Đỗ Thu Hà — "), !=, GTK_INVALID_LIST_POSITION);
  /* The current officer is still the one picked. */
  g_assert_cmpuint (adw_combo_row_get_selected (current), ==, find_item (officers, "Trần Văn Minh — "));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (named (window, "officer-login"))), ==, "");
  g_assert_cmpuint (changed, ==, 2);
  save_screenshot ("ui-preferences-officer-added.png");

  /* The list as the officer sees it when choosing. */
  g_assert_true (gtk_widget_activate (GTK_WIDGET (current)));
  save_screenshot ("ui-preferences-officer-list.png");
  {
    GtkWidget *popover = find_popover (GTK_WIDGET (current));

    g_assert_nonnull (popover);
    g_assert_true (gtk_widget_get_visible (popover));
    gtk_popover_popdown (GTK_POPOVER (popover));
  }

  /* 4. An office code of the wrong shape: the message under the field, and
   *    nothing saved. */
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), "office");
  code_message = named (window, "office-code-message");
  g_assert_false (gtk_widget_get_visible (code_message));
  set_text (window, "office-code", "H40.12.3.X05");
  set_text (window, "office-name", "Ủy ban nhân dân phường Tân Phong");
  gtk_widget_activate_action (window, "prefs.save-office", NULL);
  ui_test_wait_until (idle_window, window);
  g_assert_true (gtk_widget_get_visible (code_message));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (code_message)), "H40.12.3.X05"));
  g_assert_true (gtk_widget_has_css_class (named (window, "office-code"), "error"));
  office = store_office (fixture->desk);
  g_assert_cmpstr (office->code, ==, "H40.12.03.X05");
  g_assert_cmpstr (office->name, ==, "Ủy ban nhân dân xã Tân Phú");
  g_clear_pointer (&office, mc_office_free);
  g_assert_cmpuint (changed, ==, 2);
  save_screenshot ("ui-preferences-office-invalid.png");

  /* An empty name is refused too. */
  set_text (window, "office-code", "H40.12.03.X07");
  g_assert_false (gtk_widget_get_visible (code_message));    /* right now */
  set_text (window, "office-name", "");
  gtk_widget_activate_action (window, "prefs.save-office", NULL);
  ui_test_wait_until (idle_window, window);
  g_assert_true (gtk_widget_get_visible (named (window, "office-message")));
  office = store_office (fixture->desk);
  g_assert_cmpstr (office->code, ==, "H40.12.03.X05");
  g_clear_pointer (&office, mc_office_free);

  /* 5. A valid office is saved (the code in capitals whatever was typed). */
  set_text (window, "office-code", "h40.12.03.x07");
  set_text (window, "office-name", "Ủy ban nhân dân phường Tân Phong");
  set_text (window, "office-place", "Tân Phong");
  gtk_widget_activate_action (window, "prefs.save-office", NULL);
  ui_test_wait_until (idle_window, window);
  g_assert_false (gtk_widget_get_visible (code_message));
  g_assert_false (gtk_widget_get_visible (named (window, "office-message")));
  office = store_office (fixture->desk);
  g_assert_cmpstr (office->code, ==, "H40.12.03.X07");
  g_assert_cmpstr (office->name, ==, "Ủy ban nhân dân phường Tân Phong");
  g_assert_cmpstr (office->place, ==, "Tân Phong");
  g_assert_cmpstr (office->parent, ==, "Ủy ban nhân dân tỉnh Đồng Nai");
  g_assert_cmpuint (changed, ==, 3);
  save_screenshot ("ui-preferences-office-saved.png");

  /* The central server page's worker jobs use the store the fixture
   * closes next: they answer first. */
  ui_test_wait_until (idle_window, window);
  gtk_window_destroy (GTK_WINDOW (window));
  ui_test_settle ();
}

static gboolean
switch_on (gpointer data)
{
  return gtk_switch_get_active (data);
}

/* The "Check revocation online" switch is the verify-online setting, both
 * ways. */
static void
test_verify_online (void)
{
  g_autoptr(Fixture) fixture = fixture_new (FALSE);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *window;
  GtkSwitch *toggle;

  g_settings_set_boolean (settings, "verify-online", TRUE);
  window = mc_preferences_window_new (NULL, fixture->desk);
  gtk_window_present (GTK_WINDOW (window));
  ui_test_wait_until (idle_window, window);
  toggle = GTK_SWITCH (named (window, "verify-online"));
  g_assert_true (gtk_switch_get_active (toggle));
  gtk_switch_set_active (toggle, FALSE);
  g_assert_false (g_settings_get_boolean (settings, "verify-online"));
  g_settings_set_boolean (settings, "verify-online", TRUE);
  ui_test_wait_until (switch_on, toggle);

  /* The central server page's worker jobs use the store the fixture
   * closes next: they answer first. */
  ui_test_wait_until (idle_window, window);
  gtk_window_destroy (GTK_WINDOW (window));
  ui_test_settle ();
}

int
main (int   argc,
      char *argv[])
{
  /* Xvfb has no GPU: drawing with cairo is enough, and Mesa's software GL
   * keeps a buffer for the life of the process that LeakSanitizer would
   * report in the sanitize runs. */
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  /* The desk is Vietnamese. */
  g_setenv ("LANGUAGE", "vi", TRUE);
  g_setenv ("LC_ALL", "vi_VN.UTF-8", TRUE);
  mc_core_init ();
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "All dossiers"), ==, "Tất cả hồ sơ");

  g_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/preferences", test_preferences);
  g_test_add_func ("/ui/preferences/verify-online", test_verify_online);

  return g_test_run ();
}
