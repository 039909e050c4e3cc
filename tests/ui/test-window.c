/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window under Xvfb, in Vietnamese: queue counts and list rows
 * match the store, every visible string is translated, a second `motcua`
 * on the same workspace raises the first window while another workspace
 * gets its own window, an empty and a broken workspace say what to do, and
 * window size and last queue are remembered. A screenshot goes to the test
 * log folder for people to look at. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "mc-application.h"
#include "domain/mc-state.h"
#include "mc-core.h"
#include "domain/mc-text.h"
#include "mc-action-form.h"
#include "mc-reception-dialog-private.h"
#include "mc-dossier-pane-private.h"
#include "mc-queue-item.h"
#include "mc-window-private.h"
#include "store/mc-demo.h"
#include "domain/mc-dossier-summary.h"
#include "store/mc-desk-queries.h"
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
  if (n_dossiers > 0)
    {
      g_assert_true (mc_demo_populate (desk, n_dossiers, 99, NULL, NULL, &error));
      g_assert_no_error (error);
    }
  mc_store_close (mc_desk_get_store (desk));

  return g_steal_pointer (&path);
}

/* How many dossiers of @procedure_code the desk holds, counted on the
 * "all dossiers" queue as McDesk lists it. */
static guint
count_procedure (McWindow   *window,
                 const char *procedure_code)
{
  g_autoptr(McQueueItem) all = g_list_model_get_item (mc_window_get_queues (window), 0);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  rows = mc_desk_list_queue (mc_window_get_desk (window), mc_queue_item_get_id (all),
                             mc_queue_item_get_count (all), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, mc_queue_item_get_count (all));
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (mc_dossier_summary_get_procedure_code (g_ptr_array_index (rows, i)), procedure_code) == 0)
      n++;
  return n;
}

static void
check_against_store (McWindow *window,
                     guint     queue_index)
{
  McDesk *desk = mc_window_get_desk (window);
  GListModel *queues = mc_window_get_queues (window);
  GListModel *dossiers = mc_window_get_dossiers (window);
  g_autofree guint *counts = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McQueueItem) selected = NULL;

  counts = mc_desk_count_queues (desk, g_get_real_time () / G_USEC_PER_SEC, &error);
  g_assert_no_error (error);
  g_assert_nonnull (counts);

  for (guint i = 0; i < g_list_model_get_n_items (queues); i++)
    {
      g_autoptr(McQueueItem) item = g_list_model_get_item (queues, i);

      g_assert_cmpuint (mc_queue_item_get_count (item), ==, counts[i]);
    }
  g_assert_cmpuint (counts[0], >, 0);

  /* The list shows the selected queue, rows in the store's order. */
  selected = g_list_model_get_item (queues, queue_index);
  rows = mc_desk_list_queue (desk, mc_queue_item_get_id (selected), 20, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (dossiers), ==, counts[queue_index]);
  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(McDossierSummary) row = g_list_model_get_item (dossiers, i);

      g_assert_true (mc_dossier_summary_get_loaded (row));
      g_assert_cmpstr (mc_dossier_summary_get_code (row), ==,
                       mc_dossier_summary_get_code (g_ptr_array_index (rows, i)));
    }
}

/* A visible English string that has a Vietnamese translation means some
 * widget was not translated. Strings already in Vietnamese (or data such as
 * names and codes) are their own gettext result. */
static void
check_translated (GtkWidget *widget,
                  GPtrArray *untranslated,
                  guint     *n_checked)
{
  const char *text = NULL;

  if (!gtk_widget_get_mapped (widget))
    return;

  if (GTK_IS_LABEL (widget))
    text = gtk_label_get_text (GTK_LABEL (widget));
  else if (GTK_IS_WIDGET (widget) && gtk_widget_get_tooltip_text (widget) != NULL)
    text = gtk_widget_get_tooltip_text (widget);

  if (text != NULL && *text != '\0')
    {
      const char *translated = g_dgettext (GETTEXT_PACKAGE, text);

      (*n_checked)++;
      if (translated != text && g_strcmp0 (translated, text) != 0)
        g_ptr_array_add (untranslated, g_strdup (text));
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_translated (child, untranslated, n_checked);
}

static void
save_screenshot (const char *name)
{
  const char *dir = g_getenv ("MOTCUA_TEST_LOG_DIR");
  g_autofree char *path = g_build_filename (dir != NULL ? dir : tmp_dir, name, NULL);
  const char *argv[] = { "import", "-window", "root", path, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_test_message ("screenshot: %s", path);
}

typedef struct
{
  gboolean done;
  gboolean ok;
} SpawnWait;

static void
spawn_done (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  SpawnWait *wait = user_data;

  wait->ok = g_subprocess_wait_check_finish (G_SUBPROCESS (source), res, NULL);
  wait->done = TRUE;
}

static gboolean
spawn_finished (gpointer data)
{
  return ((SpawnWait *) data)->done;
}

/* Starts the real `motcua` binary and keeps our main loop running, since it
 * hands its command line to us over D-Bus and waits for the answer. */
static void
run_second_instance (const char *workspace)
{
  const char *gui = g_getenv ("MOTCUA_GUI");
  const char *argv[] = { gui, "--workspace", workspace, NULL };
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  SpawnWait wait = { FALSE, FALSE };

  g_assert_nonnull (gui);
  child = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_subprocess_wait_check_async (child, NULL, spawn_done, &wait);
  ui_test_wait_until (spawn_finished, &wait);
  g_assert_true (wait.ok);
}

typedef struct
{
  McApplication *app;
  guint n;
} WindowCount;

static gboolean
pane_idle (gpointer data)
{
  McDossierPane *pane = data;

  return !mc_dossier_pane_get_loading (pane) && mc_dossier_pane_get_dossier (pane) != NULL;
}

static gboolean
slip_made (gpointer data)
{
  return mc_window_get_last_slip (MC_WINDOW (data)) != NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return mc_dossier_pane_get_dialog (data) != NULL;
}

typedef struct
{
  McDesk *desk;
  const char *code;
  int state;
} StateWait;

static gboolean
state_reached (gpointer data)
{
  StateWait *wait = data;
  g_autoptr(McDossier) dossier = mc_desk_load_dossier (wait->desk, wait->code, NULL);

  return dossier != NULL && dossier->state == wait->state;
}

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
check_detail_and_action (McApplication *app,
                         McWindow      *window)
{
  McDesk *desk = mc_window_get_desk (window);
  McDossierPane *pane = MC_DOSSIER_PANE (find_widget (GTK_WIDGET (window), MC_TYPE_DOSSIER_PANE));
  GListModel *dossiers = mc_window_get_dossiers (window);
  g_autoptr(McDossierSummary) first = NULL;
  g_autoptr(GPtrArray) untranslated = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *code = NULL;
  AdwMessageDialog *dialog;
  McActionForm *form;
  StateWait wait;
  guint n_checked = 0;

  /* The "received" queue (index 2) holds dossiers a reception officer can
   * forward. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.select-queue", "u", 2);
  ui_test_wait_window_ready (window);
  g_assert_cmpuint (g_list_model_get_n_items (dossiers), >, 0);
  first = g_list_model_get_item (dossiers, 0);
  code = g_strdup (mc_dossier_summary_get_code (first));
  mc_window_show_dossier (window, 0);
  ui_test_wait_until (pane_idle, pane);
  g_assert_cmpstr (mc_dossier_pane_get_dossier (pane)->code, ==, code);
  g_assert_cmpstr (mc_dossier_pane_get_dossier (pane)->applicant_name, ==,
                   mc_dossier_summary_get_applicant_name (first));
  ui_test_settle ();
  check_translated (GTK_WIDGET (pane), untranslated, &n_checked);
  g_assert_cmpuint (untranslated->len, ==, 0);
  save_screenshot ("ui-detail.png");

  gtk_widget_activate_action (GTK_WIDGET (pane), "pane.act", "s", "forward");
  ui_test_wait_until (dialog_shown, pane);
  dialog = mc_dossier_pane_get_dialog (pane);
  form = MC_ACTION_FORM (adw_message_dialog_get_extra_child (dialog));
  /* Nothing filled: the dialog cannot confirm. */
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "confirm"));
  mc_action_form_set_text (form, "department", "Tư pháp – Hộ tịch");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "confirm"));
  ui_test_settle ();
  save_screenshot ("ui-action-dialog.png");
  /* As a click does: the response, then the dialog closes. */
  adw_message_dialog_response (dialog, "confirm");
  gtk_window_close (GTK_WINDOW (dialog));

  wait.desk = desk;
  wait.code = code;
  wait.state = 4;
  ui_test_wait_until (state_reached, &wait);
  ui_test_wait_until (pane_idle, pane);
  ui_test_wait_window_ready (window);
  ui_test_settle ();
  g_assert_cmpint (mc_dossier_pane_get_dossier (pane)->state, ==, 4);
  g_assert_cmpstr (mc_dossier_pane_get_dossier (pane)->department, ==, "Tư pháp – Hộ tịch");
  save_screenshot ("ui-after-action.png");
  /* The counts followed the change. */
  check_against_store (window, 2);

  /* An apology shows its new appointment beside the original one, which
   * stays the dossier's appointment. */
  {
    const McDossier *before = mc_dossier_pane_get_dossier (pane);
    gint64 original = before->due_at;
    g_autofree char *expected = NULL;
    g_autofree char *op = NULL;
    g_autoptr(GError) error = NULL;
    McActionParams params = { 0 };
    GtkWidget *row;

    row = ui_test_find_named (GTK_WIDGET (pane), "new_due_row");
    g_assert_nonnull (row);
    g_assert_false (gtk_widget_get_visible (row));
    params.reason = (char *) "Chờ xác minh thông tin";
    params.at = original - 3600;
    params.new_appointment = original + 2 * 86400;
    op = mc_desk_act (desk, code, "apologise", &params, &error);
    g_assert_no_error (error);
    mc_dossier_pane_reload (pane);
    ui_test_wait_until (pane_idle, pane);
    g_assert_cmpint (mc_dossier_pane_get_dossier (pane)->due_at, ==, original);
    g_assert_cmpint (mc_dossier_pane_get_dossier (pane)->new_due_at, ==, params.new_appointment);
    g_assert_true (gtk_widget_get_visible (row));
    expected = mc_format_date_time (params.new_appointment);
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, expected);
    ui_test_settle ();
    save_screenshot ("ui-apology.png");
  }

  /* The pane's print menu makes the receipt slip of this dossier. */
  mc_window_set_print_dialog (window, FALSE);
  gtk_widget_activate_action (GTK_WIDGET (pane), "pane.print-slip", "s", "receipt");
  ui_test_wait_until (slip_made, window);
  {
    const char *argv[] = { "pdftotext", mc_window_get_last_slip (window), "-", NULL };
    g_autofree char *text = NULL;
    g_autofree char *name = g_utf8_normalize (mc_dossier_summary_get_applicant_name (first), -1, G_NORMALIZE_NFC);
    int status = 0;

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, &text, NULL, &status, NULL);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (text, code));
    g_assert_nonnull (strstr (text, name));
  }
}

typedef struct
{
  McWindow *window;
  const char *before;
} SlipWait;

static gboolean
slip_changed (gpointer data)
{
  SlipWait *wait = data;

  /* A failure is shown as a message: fail with it rather than time out. */
  if (mc_window_get_last_message (wait->window) != NULL)
    g_test_message ("window says: %s", mc_window_get_last_message (wait->window));
  g_assert_null (mc_window_get_last_message (wait->window));
  return g_strcmp0 (mc_window_get_last_slip (wait->window), wait->before) != 0;
}

static AdwMessageDialog *
find_message_dialog (GtkWindow *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)) &&
          gtk_window_get_transient_for (window) == parent)
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

static void
check_reception (McWindow *window)
{
  McReceptionDialog *dialog;
  AdwMessageDialog *confirm;
  g_autofree char *before_slip = NULL;
  SlipWait slip_wait;
  guint all_before;

  {
    g_autoptr(McQueueItem) all = g_list_model_get_item (mc_window_get_queues (window), 0);

    all_before = mc_queue_item_get_count (all);
  }

  /* Complete: received, announced, counted. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.receive", NULL);
  dialog = ui_test_wait_reception (window);
  ui_test_fill_reception (dialog);
  g_assert_true (mc_reception_dialog_set_component_provided (dialog, "TP1", TRUE));
  g_assert_true (mc_reception_dialog_set_component_provided (dialog, "TP2", TRUE));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "reception.next", NULL);
  g_assert_cmpstr (mc_reception_dialog_get_page (dialog), ==, "review");
  ui_test_settle ();
  save_screenshot ("ui-reception-review.png");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "reception.receive", NULL);
  ui_test_wait_received (window);
  ui_test_wait_window_ready (window);
  ui_test_settle ();
  {
    g_autoptr(McQueueItem) all = g_list_model_get_item (mc_window_get_queues (window), 0);
    g_autoptr(McDossier) dossier = mc_desk_load_dossier (mc_window_get_desk (window),
                                                         mc_reception_dialog_get_received_code (dialog), NULL);

    g_assert_nonnull (dossier);
    g_assert_cmpstr (dossier->applicant_name, ==, "Đặng Thị Hòa");
    g_assert_cmpuint (mc_queue_item_get_count (all), ==, all_before + 1);
  }
  save_screenshot ("ui-reception-done.png");
  gtk_window_destroy (GTK_WINDOW (dialog));
  ui_test_settle ();

  /* Incomplete: stopped; the guidance slip lists what is missing. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.receive", NULL);
  dialog = ui_test_wait_reception (window);
  ui_test_fill_reception (dialog);
  g_assert_true (mc_reception_dialog_set_component_provided (dialog, "TP1", TRUE));
  before_slip = g_strdup (mc_window_get_last_slip (window));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "reception.stop", NULL);
  ui_test_settle ();
  confirm = find_message_dialog (GTK_WINDOW (dialog));
  g_assert_nonnull (confirm);
  adw_message_dialog_response (confirm, "stop");
  gtk_window_close (GTK_WINDOW (confirm));
  slip_wait.window = window;
  slip_wait.before = before_slip;
  ui_test_wait_until (slip_changed, &slip_wait);
  {
    const char *argv[] = { "pdftotext", mc_window_get_last_slip (window), "-", NULL };
    g_autofree char *text = NULL;
    int status = 0;

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, &text, NULL, &status, NULL);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (text, "Đặng Thị Hòa"));
    g_assert_nonnull (strstr (text, "BỔ SUNG"));
  }
}

static GtkWidget *
find_nth_widget (GtkWidget *root,
                 GType      type,
                 guint     *n)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    {
      if (*n == 0)
        return root;
      (*n)--;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_nth_widget (child, type, n);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
check_filter (McWindow *window)
{
  GListModel *dossiers = mc_window_get_dossiers (window);
  guint first = 0;
  GtkDropDown *procedures;
  g_autoptr(McDossierSummary) row = NULL;
  g_autofree char *code = NULL;
  guint total;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.select-queue", "u", 0);
  ui_test_wait_window_ready (window);
  total = g_list_model_get_n_items (dossiers);

  /* The first drop-down of the filter popover lists the procedures. */
  procedures = GTK_DROP_DOWN (find_nth_widget (GTK_WIDGET (window), GTK_TYPE_DROP_DOWN, &first));
  g_assert_nonnull (procedures);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (procedures)), >, 10);
  gtk_drop_down_set_selected (procedures, 1);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.apply-filter", NULL);
  ui_test_wait_window_ready (window);
  g_assert_cmpuint (g_list_model_get_n_items (dossiers), <, total);

  if (g_list_model_get_n_items (dossiers) > 0)
    {
      row = g_list_model_get_item (dossiers, 0);
      code = g_strdup (mc_dossier_summary_get_procedure_code (row));
      g_assert_cmpuint (g_list_model_get_n_items (dossiers), ==, count_procedure (window, code));
      for (guint i = 0; i < g_list_model_get_n_items (dossiers); i++)
        {
          g_autoptr(McDossierSummary) other = g_list_model_get_item (dossiers, i);

          if (mc_dossier_summary_get_loaded (other))
            g_assert_cmpstr (mc_dossier_summary_get_procedure_code (other), ==, code);
        }
    }
  ui_test_settle ();
  save_screenshot ("ui-filtered.png");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.clear-filter", NULL);
  ui_test_wait_window_ready (window);
  g_assert_cmpuint (g_list_model_get_n_items (dossiers), ==, total);
}

typedef struct
{
  McWindow *window;
  guint expected;
} SearchWait;

/* The search's answer is shown: a filtered list (not the whole one) with
 * as many rows as the desk found. */
static gboolean
search_shown (gpointer data)
{
  SearchWait *wait = data;
  GListModel *shown = G_LIST_MODEL (mc_window_get_visible_dossiers (wait->window));

  return shown != mc_window_get_dossiers (wait->window) &&
         g_list_model_get_n_items (shown) == wait->expected;
}

static void
check_search (McWindow *window)
{
  McDesk *desk = mc_window_get_desk (window);
  g_autoptr(McDossier) dossier = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *query = NULL;
  GtkListView *view;
  GListModel *shown;
  SearchWait search;

  {
    g_autoptr(McDossierSummary) any = g_list_model_get_item (mc_window_get_dossiers (window), 0);

    dossier = mc_desk_load_dossier (desk, mc_dossier_summary_get_code (any), NULL);
  }
  /* The applicant's family and given name, lower case, no diacritics. */
  folded = mc_text_fold (dossier->applicant_name);
  query = g_strdup (folded);
  expected = mc_desk_search (desk, query, 200, NULL);
  g_assert_cmpuint (expected->len, >, 0);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  mc_window_set_search_text (window, query);
  view = GTK_LIST_VIEW (find_widget (GTK_WIDGET (window), GTK_TYPE_LIST_VIEW));
  search.window = window;
  search.expected = expected->len;
  ui_test_wait_until (search_shown, &search);
  shown = G_LIST_MODEL (mc_window_get_visible_dossiers (window));
  (void) view;

  for (guint i = 0; i < expected->len; i++)
    {
      g_autoptr(McDossierSummary) row = g_list_model_get_item (shown, i);

      g_assert_cmpstr (mc_dossier_summary_get_code (row), ==,
                       mc_dossier_summary_get_code (g_ptr_array_index (expected, i)));
    }
  ui_test_settle ();
  save_screenshot ("ui-search.png");
  mc_window_set_search_text (window, "");
  ui_test_settle ();
}

static gboolean
has_n_windows (gpointer data)
{
  WindowCount *count = data;

  return g_list_length (gtk_application_get_windows (GTK_APPLICATION (count->app))) == count->n;
}

static gboolean
run_checks (gpointer user_data)
{
  McApplication *app = user_data;
  g_autofree char *main_ws = g_build_filename (tmp_dir, "main", NULL);
  g_autofree char *empty_ws = make_workspace ("empty", 0);
  g_autofree char *broken_ws = g_build_filename (tmp_dir, "broken", NULL);
  g_autofree char *broken_db = g_build_filename (broken_ws, "desk.sqlite", NULL);
  g_autoptr(GPtrArray) untranslated = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  McWindow *window;
  McWindow *other;
  WindowCount count = { app, 0 };
  guint presented;
  guint n_checked = 0;

  window = mc_application_find_window (app, main_ws);
  g_assert_nonnull (window);
  ui_test_wait_window_ready (window);
  ui_test_settle ();

  /* 1. What the window shows is what the store holds. */
  check_against_store (window, 0);
  g_assert_cmpstr (mc_window_get_visible_page (window), ==, "list");

  /* 2. Vietnamese everywhere. */
  {
    g_autoptr(McQueueItem) all = g_list_model_get_item (mc_window_get_queues (window), 0);

    g_assert_cmpstr (mc_queue_item_get_title (all), ==, "Tất cả hồ sơ");
  }
  check_translated (GTK_WIDGET (window), untranslated, &n_checked);
  for (guint i = 0; i < untranslated->len; i++)
    g_test_message ("untranslated: %s", (char *) g_ptr_array_index (untranslated, i));
  g_assert_cmpuint (n_checked, >, 20);
  g_assert_cmpuint (untranslated->len, ==, 0);
  save_screenshot ("ui-window.png");

  /* The shortcuts window (Ctrl+?) and the About window open, translated. */
  {
    g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                  "win.show-help-overlay");
    GtkWindow *overlay;

    g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>question"));
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
    ui_test_settle ();
    overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)) != NULL
      ? GTK_WINDOW (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window))) : NULL;
    g_assert_nonnull (overlay);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
    g_ptr_array_set_size (untranslated, 0);
    check_translated (GTK_WIDGET (overlay), untranslated, &n_checked);
    g_assert_cmpuint (untranslated->len, ==, 0);
    save_screenshot ("ui-shortcuts.png");
    gtk_window_close (overlay);

    g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
    ui_test_settle ();
    count.n = 2;
    g_assert_true (has_n_windows (&count));
    for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
      if (!MC_IS_WINDOW (l->data))
        {
          g_assert_cmpstr (gtk_window_get_title (l->data), ==, "Giới thiệu Một Cửa Desk");
          g_ptr_array_set_size (untranslated, 0);
          check_translated (l->data, untranslated, &n_checked);
          g_assert_cmpuint (untranslated->len, ==, 0);
          save_screenshot ("ui-about.png");
          gtk_window_destroy (l->data);
          break;
        }
    count.n = 1;
    ui_test_wait_until (has_n_windows, &count);
  }

  /* A narrow window folds to one column. */
  g_assert_false (mc_window_is_folded (window));
  gtk_window_set_default_size (GTK_WINDOW (window), 420, 700);
  ui_test_settle ();
  g_assert_true (mc_window_is_folded (window));
  save_screenshot ("ui-folded.png");
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 760);
  ui_test_settle ();
  g_assert_false (mc_window_is_folded (window));

  /* The detail pane: choose a received dossier, forward it through the
   * action dialog, and the store, the pane and the counts follow. */
  check_detail_and_action (app, window);

  /* Search, folded: part of a name without diacritics finds it. */
  check_search (window);

  /* The filter: one procedure, then cleared. */
  check_filter (window);

  /* Reception from the window: a complete one lands in the queues, an
   * incomplete one is stopped and the applicant gets the guidance slip. */
  check_reception (window);

  /* 3. A second motcua on the same workspace raises this window. */
  presented = mc_application_get_times_presented (app);
  run_second_instance (main_ws);
  g_assert_cmpuint (mc_application_get_times_presented (app), ==, presented + 1);
  count.n = 1;
  g_assert_true (has_n_windows (&count));

  /* 4. Another workspace gets its own window; an empty one opens the
   * first-run assistant. */
  run_second_instance (empty_ws);
  count.n = 2;
  ui_test_wait_until (has_n_windows, &count);
  other = mc_application_find_window (app, empty_ws);
  g_assert_nonnull (other);
  ui_test_wait_window_ready (other);
  g_assert_cmpstr (mc_window_get_visible_page (other), ==, "setup");
  ui_test_settle ();
  g_ptr_array_set_size (untranslated, 0);
  check_translated (GTK_WIDGET (other), untranslated, &n_checked);
  g_assert_cmpuint (untranslated->len, ==, 0);
  save_screenshot ("ui-empty.png");

  /* 5. Window size and last queue are remembered. */
  gtk_widget_activate_action (GTK_WIDGET (other), "win.select-queue", "u", 9);
  ui_test_wait_window_ready (other);
  {
    g_autofree char *last = g_settings_get_string (settings, "last-queue");

    g_assert_cmpstr (last, ==, "late");
  }
  gtk_window_set_default_size (GTK_WINDOW (other), 901, 702);
  ui_test_settle ();
  gtk_window_close (GTK_WINDOW (other));
  count.n = 1;
  ui_test_wait_until (has_n_windows, &count);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 901);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 702);

  /* 6. A broken workspace shows the error and a way out. */
  g_assert_cmpint (g_mkdir_with_parents (broken_ws, 0700), ==, 0);
  g_assert_true (g_file_set_contents (broken_db, "not a database", -1, NULL));
  run_second_instance (broken_ws);
  count.n = 2;
  ui_test_wait_until (has_n_windows, &count);
  other = mc_application_find_window (app, broken_ws);
  ui_test_wait_window_ready (other);
  g_assert_cmpstr (mc_window_get_visible_page (other), ==, "error");
  g_assert_nonnull (strstr (mc_window_get_error_text (other), "không phải"));
  ui_test_settle ();
  save_screenshot ("ui-error.png");

  /* A window opened now starts on the remembered queue. */
  gtk_window_close (GTK_WINDOW (other));
  gtk_window_close (GTK_WINDOW (window));
  count.n = 0;
  ui_test_wait_until (has_n_windows, &count);
  g_application_quit (G_APPLICATION (app));

  return G_SOURCE_REMOVE;
}

static void
app_started (GApplication *app)
{
  g_idle_add (run_checks, app);
}

static void
test_window (void)
{
  g_autoptr(McApplication) app = mc_application_new ();
  g_autofree char *main_ws = make_workspace ("main", 400);
  char *argv[] = { (char *) "motcua", (char *) "--workspace", main_ws, NULL };

  g_signal_connect (app, "startup", G_CALLBACK (app_started), NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* The window must be all Vietnamese. */
  g_setenv ("LANGUAGE", "vi", TRUE);
  g_setenv ("LC_ALL", "vi_VN.UTF-8", TRUE);
  mc_core_init ();
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "All dossiers"), ==, "Tất cả hồ sơ");

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("motcua-ui-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/ui/window", test_window);
  status = g_test_run ();

  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", tmp_dir);

    if (system (command) != 0)
      g_printerr ("could not remove %s\n", tmp_dir);
  }
  g_free (tmp_dir);

  return status;
}
