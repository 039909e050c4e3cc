/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The header's sync status against a real central server (started by
 * test-sync-header.py with PostgreSQL and gnome-keyring): "3 waiting" for a
 * desk with three unsent receptions, "synced" after "Sync now", an error
 * saying to sign in again once the server revoked the sign-in, and
 * "offline since …" once the server is stopped. Screenshots of each.
 * Run by test-sync-no-keyring.py instead (MC_TEST_NO_KEYRING set), on a
 * D-Bus session where no Secret Service answers: the header says so and
 * asks the central password; "Work offline" keeps it offline; a wrong
 * password is asked again with the reason (and only once the header is on
 * screen); the right one syncs; a sign-in
 * the server revoked is said and the password asked again; Preferences say
 * there is no keyring, and a sign-in made there is held in memory and used
 * by the header. */
#include "config.h"

#include <adwaita.h>
#include <signal.h>

#include "mc-core.h"
#include "domain/mc-state.h"
#include "store/mc-sync-store.h"
#include "sync/mc-sync-conflict-banner.h"
#include "sync/mc-sync-preferences.h"
#include "workflow-fixture.h"
#include "sync/mc-sync-status.h"
#include "mc-sync-client.h"
#include "ui-test-util.h"

typedef struct
{
  McSyncStatus *status;
  const char *want;
} Wait;

static gboolean
state_is (gpointer data)
{
  Wait *wait = data;

  return !mc_sync_status_is_busy (wait->status) &&
         g_strcmp0 (mc_sync_status_get_state (wait->status), wait->want) == 0;
}

static void
wait_state (McSyncStatus *status,
            const char   *want)
{
  Wait wait = { status, want };

  ui_test_wait_until (state_is, &wait);
  ui_test_settle ();
}

static void
psql (const char *sql)
{
  const char *argv[] = { "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", g_getenv ("MC_TEST_DSN"),
                         "-c", sql, NULL };

  ui_test_run (argv);
}

static void
test_header_states (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McDesk) desk = mc_desk_open (g_getenv ("MC_TEST_WORKSPACE"), MC_STORE_OPEN_DEFAULT, &error);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *header = adw_header_bar_new ();
  McSyncStatus *status;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  status = mc_sync_status_new (desk, FALSE);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), GTK_WIDGET (status));
  gtk_window_set_titlebar (window, header);
  gtk_window_set_child (window, adw_status_page_new ());
  gtk_window_set_title (window, "Một Cửa");
  gtk_window_set_default_size (window, 900, 300);
  gtk_window_present (window);

  /* Three receptions, never sent. */
  wait_state (status, "waiting");
  g_assert_nonnull (strstr (mc_sync_status_get_text (status), "3"));
  ui_test_screenshot ("sync-header-waiting.png");

  mc_sync_status_sync_now (status);
  g_assert_true (mc_sync_status_is_busy (status));
  wait_state (status, "synced");
  g_assert_cmpstr (mc_sync_status_get_text (status), ==, "Đã đồng bộ");
  ui_test_screenshot ("sync-header-synced.png");

  /* The server revoked the sign-in: an error that says what to do. */
  psql ("UPDATE token_family SET revoked = true; DELETE FROM access_token");
  mc_sync_status_sync_now (status);
  wait_state (status, "error");
  g_assert_nonnull (strstr (mc_sync_status_get_text (status), "sync login"));
  ui_test_screenshot ("sync-header-error.png");

  /* The server is gone: offline since now. */
  g_assert_cmpint (kill ((pid_t) g_ascii_strtoll (g_getenv ("MC_TEST_SERVER_PID"), NULL, 10), SIGTERM), ==, 0);
  mc_sync_status_sync_now (status);
  wait_state (status, "offline");
  text = g_strdup (mc_sync_status_get_text (status));
  g_assert_true (g_str_has_prefix (text, "Mất kết nối từ "));
  ui_test_screenshot ("sync-header-offline.png");

  gtk_window_destroy (window);
  ui_test_settle ();
}

typedef struct
{
  McSyncStatus *status;
  gboolean with_error;
} Prompt;

static gboolean
prompt_shown (gpointer data)
{
  Prompt *prompt = data;
  McSyncPasswordDialog *dialog = mc_sync_status_get_password_dialog (prompt->status);

  return !mc_sync_status_is_busy (prompt->status) && dialog != NULL &&
         gtk_widget_get_mapped (GTK_WIDGET (dialog)) &&
         (!prompt->with_error || mc_sync_password_dialog_get_error (dialog) != NULL);
}

static McSyncPasswordDialog *
wait_prompt (McSyncStatus *status,
             gboolean      with_error)
{
  Prompt prompt = { status, with_error };

  ui_test_wait_until (prompt_shown, &prompt);
  ui_test_settle ();
  return mc_sync_status_get_password_dialog (status);
}

/* Types @password and presses Enter in the prompt, as the official does. */
static void
answer_prompt (McSyncPasswordDialog *dialog,
               const char           *password)
{
  GtkEditable *entry = mc_sync_password_dialog_get_entry (dialog);

  gtk_editable_set_text (entry, password);
  /* Enter in the entry's text: the entry activates the default response. */
  g_signal_emit_by_name (ui_test_find (GTK_WIDGET (entry), GTK_TYPE_TEXT), "activate");
}

static gboolean
status_loaded (gpointer data)
{
  return g_strcmp0 (mc_sync_status_get_state (data), "loading") != 0;
}

/* While the header is not on screen (the window shows the officers'
 * sign-in, or is locked), the prompt waits until it is. */
static void
test_no_keyring_hidden (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McDesk) desk = mc_desk_open (g_getenv ("MC_TEST_WORKSPACE"), MC_STORE_OPEN_DEFAULT, &error);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkStack *stack = GTK_STACK (gtk_stack_new ());
  McSyncPasswordDialog *dialog;
  McSyncStatus *status;

  g_assert_no_error (error);
  status = mc_sync_status_new (desk, FALSE);
  gtk_stack_add_named (stack, adw_status_page_new (), "sign-in");
  gtk_stack_add_named (stack, GTK_WIDGET (status), "workspace");
  gtk_stack_set_visible_child_name (stack, "sign-in");
  gtk_window_set_child (window, GTK_WIDGET (stack));
  gtk_window_set_default_size (window, 800, 400);
  gtk_window_present (window);
  wait_state (status, "waiting");

  mc_sync_status_sync_now (status);
  wait_state (status, "no-keyring");
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (status)));
  g_assert_null (mc_sync_status_get_password_dialog (status));

  gtk_stack_set_visible_child_name (stack, "workspace");
  dialog = wait_prompt (status, FALSE);
  gtk_window_close (GTK_WINDOW (dialog));
  wait_state (status, "no-keyring");
  g_assert_null (mc_sync_status_get_password_dialog (status));

  gtk_window_destroy (window);
  ui_test_settle ();
}

static void
test_no_keyring (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McDesk) desk = mc_desk_open (g_getenv ("MC_TEST_WORKSPACE"), MC_STORE_OPEN_DEFAULT, &error);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *header = adw_header_bar_new ();
  McSyncPasswordDialog *dialog;
  McSyncStatus *status;
  GtkWidget *button;

  g_assert_no_error (error);
  status = mc_sync_status_new (desk, FALSE);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), GTK_WIDGET (status));
  gtk_window_set_titlebar (window, header);
  gtk_window_set_child (window, adw_status_page_new ());
  gtk_window_set_title (window, "Một Cửa");
  gtk_window_set_default_size (window, 1000, 500);
  gtk_window_present (window);
  /* The last run's failure (no keyring) is what it shows until it syncs. */
  ui_test_wait_until (status_loaded, status);

  /* The first sync of the run finds no Secret Service: it says so and asks. */
  mc_sync_status_sync_now (status);
  dialog = wait_prompt (status, FALSE);
  g_assert_cmpstr (mc_sync_status_get_state (status), ==, "no-keyring");
  g_assert_cmpstr (mc_sync_status_get_text (status), ==, "Không có kho khoá");
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Mật khẩu máy chủ trung tâm");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "không có kho khoá (Secret Service)"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "lan"));
  g_assert_null (mc_sync_password_dialog_get_error (dialog));
  ui_test_screenshot ("sync-no-keyring-prompt.png");

  /* Working offline: the header stays offline and says why. */
  gtk_window_close (GTK_WINDOW (dialog));
  wait_state (status, "no-keyring");
  g_assert_null (mc_sync_status_get_password_dialog (status));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (GTK_WIDGET (status)), "mỗi lần mở ứng dụng"));
  ui_test_screenshot ("sync-no-keyring-offline.png");
  /* A background sync does not ask again... */
  mc_sync_status_sync_now (status);
  ui_test_settle ();
  g_assert_null (mc_sync_status_get_password_dialog (status));
  g_assert_cmpstr (mc_sync_status_get_state (status), ==, "no-keyring");

  /* ..."Sync now" does. A wrong password is refused and asked again. */
  button = ui_test_find (GTK_WIDGET (status), GTK_TYPE_BUTTON);
  g_assert_true (gtk_widget_get_sensitive (button));
  gtk_widget_activate (button);
  dialog = wait_prompt (status, FALSE);
  answer_prompt (dialog, "khong-phai-mat-khau");
  dialog = wait_prompt (status, TRUE);
  g_assert_nonnull (strstr (mc_sync_password_dialog_get_error (dialog), "từ chối mật khẩu"));
  g_assert_cmpstr (gtk_editable_get_text (mc_sync_password_dialog_get_entry (dialog)), ==, "");
  ui_test_screenshot ("sync-no-keyring-wrong-password.png");

  /* The right one signs in, in memory, and syncs. */
  answer_prompt (dialog, g_getenv ("MC_TEST_PASSWORD"));
  wait_state (status, "synced");
  g_assert_null (mc_sync_status_get_password_dialog (status));
  g_assert_cmpstr (mc_sync_status_get_text (status), ==, "Đã đồng bộ");
  ui_test_screenshot ("sync-no-keyring-synced.png");

  /* Later syncs of this run use the sign-in held in memory, unasked. */
  mc_sync_status_sync_now (status);
  g_assert_true (mc_sync_status_is_busy (status));
  wait_state (status, "synced");
  g_assert_null (mc_sync_status_get_password_dialog (status));

  /* The server revokes it: said at once, and the password asked again. */
  psql ("UPDATE token_family SET revoked = true; DELETE FROM access_token");
  mc_sync_status_sync_now (status);
  dialog = wait_prompt (status, TRUE);
  g_assert_nonnull (strstr (mc_sync_password_dialog_get_error (dialog), "thu hồi"));
  g_assert_cmpstr (mc_sync_status_get_state (status), ==, "no-keyring");
  ui_test_screenshot ("sync-no-keyring-revoked.png");
  answer_prompt (dialog, g_getenv ("MC_TEST_PASSWORD"));
  wait_state (status, "synced");

  gtk_window_destroy (window);
  ui_test_settle ();
}

static gboolean
page_idle (gpointer data)
{
  return !mc_sync_preferences_get_busy (data);
}

static gboolean
keyring_said (gpointer data)
{
  GtkWidget *group = ui_test_find (data, ADW_TYPE_PREFERENCES_GROUP);
  const char *text = group != NULL ? adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group)) : NULL;

  return text != NULL && strstr (text, "Không có kho khoá") != NULL;
}

/* The first widget under @root of @type whose text (a button's label, a
 * label's text) starts with @prefix. */
static GtkWidget *
find_text (GtkWidget  *root,
           GType       type,
           const char *prefix)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;
      const char *text = NULL;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        text = GTK_IS_BUTTON (child) ? gtk_button_get_label (GTK_BUTTON (child))
             : GTK_IS_LABEL (child) ? gtk_label_get_text (GTK_LABEL (child)) : NULL;
      if (text != NULL && g_str_has_prefix (text, prefix))
        return child;
      found = find_text (child, type, prefix);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
signed_in_for_run (gpointer data)
{
  return find_text (data, GTK_TYPE_LABEL, "Đã đăng nhập cho lần chạy này") != NULL;
}

/* Preferences say the password is asked at each start, and a sign-in made
 * there is held in memory for the run: the header then syncs with it,
 * unasked (the earlier sign-in of the run was revoked first, so only the
 * new one can work). */
static void
test_no_keyring_preferences (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McDesk) desk = mc_desk_open (g_getenv ("MC_TEST_WORKSPACE"), MC_STORE_OPEN_DEFAULT, &error);
  GtkWidget *window = adw_preferences_window_new ();
  GtkWindow *main_window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *header = adw_header_bar_new ();
  McSyncPreferences *page;
  McSyncStatus *status;
  GtkWidget *password;

  g_assert_no_error (error);
  page = mc_sync_preferences_new (desk);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));
  gtk_window_present (GTK_WINDOW (window));
  ui_test_wait_until (keyring_said, window);

  psql ("UPDATE token_family SET revoked = true; DELETE FROM access_token");
  password = ui_test_find (window, ADW_TYPE_PASSWORD_ENTRY_ROW);
  gtk_editable_set_text (GTK_EDITABLE (password), g_getenv ("MC_TEST_PASSWORD"));
  gtk_widget_activate (find_text (window, GTK_TYPE_BUTTON, "Đăng nhập"));
  ui_test_wait_until (signed_in_for_run, window);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (password)), ==, "");
  ui_test_screenshot ("sync-no-keyring-preferences.png");
  ui_test_wait_until (page_idle, page);
  gtk_window_destroy (GTK_WINDOW (window));
  ui_test_settle ();

  status = mc_sync_status_new (desk, FALSE);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), GTK_WIDGET (status));
  gtk_window_set_titlebar (main_window, header);
  gtk_window_set_child (main_window, adw_status_page_new ());
  gtk_window_present (main_window);
  ui_test_wait_until (status_loaded, status);
  mc_sync_status_sync_now (status);
  wait_state (status, "synced");
  g_assert_null (mc_sync_status_get_password_dialog (status));
  gtk_window_destroy (main_window);
  ui_test_settle ();
}

static gboolean
row_titled (gpointer data)
{
  GtkWidget *row = ui_test_find (data, ADW_TYPE_ACTION_ROW);

  return row != NULL && adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row))[0] != '\0';
}

/* The sign-in page of Preferences says who is signed in where. */
static void
test_preferences_page (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McDesk) desk = mc_desk_open (g_getenv ("MC_TEST_WORKSPACE"), MC_STORE_OPEN_DEFAULT, &error);
  GtkWidget *window = adw_preferences_window_new ();
  GtkWidget *row;

  g_assert_no_error (error);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window),
                              ADW_PREFERENCES_PAGE (mc_sync_preferences_new (desk)));
  gtk_window_present (GTK_WINDOW (window));
  ui_test_wait_until (row_titled, window);
  row = ui_test_find (window, ADW_TYPE_ACTION_ROW);
  g_assert_true (g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "Đã đăng nhập http://127.0.0.1:"));
  ui_test_settle ();
  ui_test_screenshot ("sync-preferences.png");
  gtk_window_destroy (GTK_WINDOW (window));
  ui_test_settle ();
}

static gboolean
banner_settled (gpointer data)
{
  return mc_sync_conflict_banner_is_loaded (data) && gtk_widget_get_sensitive (data);
}

static gboolean
banner_hidden (gpointer data)
{
  return banner_settled (data) && !gtk_widget_get_visible (data);
}

static void
on_resolved (McSyncConflictBanner *banner,
             const char           *code,
             char                **got)
{
  (void) banner;
  g_free (*got);
  *got = g_strdup (code);
}

/* A dossier with an unsent reception that another desk changed on the
 * server: the banner shows both versions; "keep this desk's" sends the op
 * again on the server's version and the banner goes. No server needed. */
static void
test_conflict_banner (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autoptr(McReception) reception = fixture_birth_reception ();
  g_autoptr(GDateTime) at = g_date_time_new (mc_vietnam_time_zone (), 2026, 11, 24, 9, 0, 0);
  g_autoptr(McReceptionResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autofree char *page = NULL;
  g_autofree char *resolved = NULL;
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  McSyncConflictBanner *banner;
  GtkWidget *keep;

  reception->received_at = g_date_time_to_unix (at);
  mc_desk_set_officer_login (fixture->desk, "lan");
  result = mc_desk_receive (fixture->desk, reception, NULL, &error);
  g_assert_no_error (error);
  page = g_strdup_printf ("[{\"seq\": 7, \"kind\": \"dossier\", \"dossier_code\": \"%s\", \"version\": 3,"
                          " \"desk_id\": \"0b7e6a1c-0000-4000-8000-000000000001\","
                          " \"dossier\": {\"MaHoSo\": \"%s\", \"TrangThaiHoSo\": 4}}]",
                          result->code, result->code);
  node = json_from_string (page, &error);
  g_assert_no_error (error);
  g_assert_true (mc_desk_sync_apply_changes (fixture->desk, json_node_get_array (node), NULL, NULL, &error));
  g_assert_no_error (error);

  banner = mc_sync_conflict_banner_new (fixture->desk);
  g_signal_connect (banner, "resolved", G_CALLBACK (on_resolved), &resolved);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (banner));
  gtk_box_append (GTK_BOX (box), adw_status_page_new ());
  gtk_window_set_child (window, box);
  gtk_window_set_title (window, "Một Cửa");
  gtk_window_set_default_size (window, 800, 400);
  gtk_window_present (window);

  mc_sync_conflict_banner_set_code (banner, result->code);
  ui_test_wait_until (banner_settled, banner);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (banner)));
  ui_test_settle ();
  ui_test_screenshot ("sync-conflict-banner.png");

  keep = ui_test_find (GTK_WIDGET (banner), GTK_TYPE_BUTTON);
  g_assert_nonnull (keep);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (keep)), ==, "Giữ phiên bản của quầy này");
  gtk_widget_activate (keep);
  ui_test_wait_until (banner_hidden, banner);
  g_assert_cmpstr (resolved, ==, result->code);
  ops = mc_desk_sync_pending_ops (fixture->desk, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ops->len, ==, 1);
  g_assert_cmpint (((McSyncOp *) g_ptr_array_index (ops, 0))->base_version, ==, 3);

  gtk_window_destroy (window);
  ui_test_settle ();
}

int
main (int   argc,
      char *argv[])
{
  /* The keyring lives on the D-Bus session of the script that started the
   * server, not on run-xvfb's own. */
  int status;

  if (g_getenv ("MC_TEST_SECRET_BUS") != NULL)
    g_setenv ("DBUS_SESSION_BUS_ADDRESS", g_getenv ("MC_TEST_SECRET_BUS"), TRUE);
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  g_setenv ("LANGUAGE", "vi", TRUE);
  g_setenv ("LC_ALL", "vi_VN.UTF-8", TRUE);
  mc_core_init ();

  g_test_init (&argc, &argv, NULL);
  adw_init ();

  if (g_getenv ("MC_TEST_NO_KEYRING") != NULL)
    {
      /* First: the later ones leave a sign-in in this process's memory. */
      g_test_add_func ("/ui/sync/no-keyring-hidden", test_no_keyring_hidden);
      g_test_add_func ("/ui/sync/no-keyring", test_no_keyring);
      g_test_add_func ("/ui/sync/no-keyring-preferences", test_no_keyring_preferences);
    }
  else
    {
      g_test_add_func ("/ui/sync/header-states", test_header_states);
      g_test_add_func ("/ui/sync/preferences-page", test_preferences_page);
      g_test_add_func ("/ui/sync/conflict-banner", test_conflict_banner);
    }

  status = g_test_run ();
  /* As the app and the CLI do before they exit. */
  mc_sync_client_disconnect_secrets ();
  return status;
}
