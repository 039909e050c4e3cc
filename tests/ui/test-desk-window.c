/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window's list and dossier pane under Xvfb, in Vietnamese, on a
 * demo workspace: a search typed with real keys keeps the list's filter
 * and a filter keeps the search, the header counting what the list shows;
 * the pane clears with the selection and opens each dossier at its top;
 * the pane offers only what the dossier's state and procedure allow (no
 * fee request on a free procedure, no slip the state has no reason for),
 * one action standing out and the ones that end a dossier marked; submitting
 * to the leader and approving ask first; toasts name the dossier and
 * where it went; the dossier just received is chosen and its dates read
 * dd/mm/yyyy. Then Preferences edits an officer (name, role, password) and
 * switches one off, and the sign-in screen of eight officers lists only
 * those who work here, its button in sight and its password without a
 * peek icon. Screenshots go to the test log folder. Last, without a window:
 * the timeline keeps a role's code, not today's label for it. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "domain/mc-text.h"
#include "mc-action-form.h"
#include "mc-application.h"
#include "mc-core.h"
#include "mc-dossier-pane-private.h"
#include "mc-officer-list.h"
#include "mc-reception-dialog-private.h"
#include "mc-window-private.h"
#include "store/mc-demo.h"
#include "store/mc-desk-auth.h"
#include "store/mc-desk-offer.h"
#include "store/mc-desk-profile.h"
#include "store/mc-dossier-repo.h"
#include "domain/mc-dossier-summary.h"
#include "ui-test-util.h"

static char *tmp_dir;

/* ---- Waiting ---- */

static gboolean
window_ready (gpointer data)
{
  return mc_window_is_ready (MC_WINDOW (data));
}

typedef struct
{
  McDossierPane *pane;
  const char *code;
} PaneWait;

static gboolean
pane_shows (gpointer data)
{
  PaneWait *wait = data;
  const McDossier *dossier = mc_dossier_pane_get_dossier (wait->pane);

  return !mc_dossier_pane_get_loading (wait->pane) && dossier != NULL &&
         g_strcmp0 (dossier->code, wait->code) == 0;
}

static void
show_in_pane (McDossierPane *pane,
              const char    *code)
{
  PaneWait wait = { pane, code };

  mc_window_open_code (MC_WINDOW (gtk_widget_get_root (GTK_WIDGET (pane))), code);
  ui_test_wait_until (pane_shows, &wait);
  ui_test_settle ();
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
  const char *step;
} StepWait;

static gboolean
step_reached (gpointer data)
{
  StepWait *wait = data;
  g_autoptr(McDossier) dossier = mc_desk_load_dossier (wait->desk, wait->code, NULL);

  return dossier != NULL && g_strcmp0 (dossier->step, wait->step) == 0;
}

static const char *
step_of (McDesk     *desk,
         const char *code)
{
  g_autoptr(McDossier) dossier = mc_desk_load_dossier (desk, code, NULL);

  g_assert_nonnull (dossier);
  return g_intern_string (dossier->step);
}

/* ---- Finding things ---- */

static gboolean
read_codes (sqlite3   *db,
            gpointer   user_data,
            gpointer  *result,
            GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = mc_db_prepare (db, user_data, error);
  GPtrArray *codes = g_ptr_array_new_with_free_func (g_free);

  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (codes, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  *result = codes;
  return TRUE;
}

/* The codes a query of the test picks (plain SQL on the test's own
 * workspace). */
static GPtrArray *
codes_where (McWindow   *window,
             const char *sql)
{
  GPtrArray *codes = NULL;

  g_assert_true (mc_store_read (mc_window_get_store (window), read_codes, (gpointer) sql,
                                (gpointer *) &codes, NULL));
  return codes;
}

static McDossierPane *
pane_of (McWindow *window)
{
  return MC_DOSSIER_PANE (ui_test_find (GTK_WIDGET (window), MC_TYPE_DOSSIER_PANE));
}

static gboolean
offers (McDossierPane *pane,
        const char    *action_id)
{
  g_auto(GStrv) offered = mc_dossier_pane_dup_offered (pane);

  return g_strv_contains ((const char * const *) offered, action_id);
}

static gboolean
prints (McDossierPane *pane,
        const char    *kind)
{
  g_auto(GStrv) slips = mc_dossier_pane_dup_slips (pane);

  return g_strv_contains ((const char * const *) slips, kind);
}

static guint
count_with_class (GtkWidget  *root,
                  const char *css_class)
{
  guint n = gtk_widget_get_visible (root) && gtk_widget_has_css_class (root, css_class) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_with_class (child, css_class);
  return n;
}

static void
find_all (GtkWidget *root,
          GType      type,
          GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    g_ptr_array_add (found, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    find_all (child, type, found);
}

static gboolean
has_prefix_number (const char *text,
                   guint       n)
{
  g_autofree char *prefix = g_strdup_printf ("%u ", n);

  return text != NULL && g_str_has_prefix (text, prefix);
}

/* ---- Signing in ---- */

static gboolean
on_sign_in (gpointer data)
{
  return mc_window_is_ready (data) && g_strcmp0 (mc_window_get_visible_page (data), "sign-in") == 0 &&
         !mc_sign_in_page_get_loading (mc_window_get_sign_in_page (data));
}

typedef struct
{
  McWindow *window;
  const char *login;
} OfficerWait;

static gboolean
signed_in_as (gpointer data)
{
  OfficerWait *wait = data;
  const McOfficer *officer = mc_window_get_officer (wait->window);

  return mc_window_is_ready (wait->window) && officer != NULL && g_strcmp0 (officer->login, wait->login) == 0 &&
         g_strcmp0 (mc_window_get_visible_page (wait->window), "sign-in") != 0;
}

/* Locks, chooses @login and types the password with real keys. */
static void
sign_in_as (McWindow   *window,
            const char *login,
            const char *password)
{
  McSignInPage *page = mc_window_get_sign_in_page (window);
  OfficerWait wait = { window, login };

  gtk_widget_activate_action (GTK_WIDGET (window), "win.lock", NULL);
  ui_test_wait_until (on_sign_in, window);
  mc_sign_in_page_select (page, login);
  g_assert_cmpstr (mc_sign_in_page_get_selected (page), ==, login);
  ui_test_focus_window (GTK_WINDOW (window));
  gtk_widget_grab_focus (GTK_WIDGET (mc_sign_in_page_get_password (page)));
  ui_test_settle ();
  ui_test_type (GTK_WINDOW (window), password);
  ui_test_key (GTK_WINDOW (window), "Return");
  ui_test_wait_until (signed_in_as, &wait);
  ui_test_settle ();
}

/* ---- Search and filters ---- */

typedef struct
{
  McWindow *window;
  gboolean filtered;
  const char *procedure;
} SearchWait;

/* The search results are shown, and narrowed to @procedure when one is
 * given, or include another procedure when not. */
static gboolean
search_settled (gpointer data)
{
  SearchWait *wait = data;
  GListModel *shown = mc_window_get_visible_dossiers (wait->window);
  guint n = g_list_model_get_n_items (shown);
  gboolean other = FALSE;

  if (shown == mc_window_get_dossiers (wait->window) || n == 0)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(McDossierSummary) row = g_list_model_get_item (shown, i);

      if (g_strcmp0 (mc_dossier_summary_get_procedure_code (row), wait->procedure) != 0)
        other = TRUE;
    }
  return wait->filtered ? !other : other;
}

static gboolean
workspace_unmapped (gpointer data)
{
  McWindow *window = data;

  return !gtk_widget_get_mapped (GTK_WIDGET (window->toast_overlay));
}

/* The search bar is open and its entry takes the keys. */
static gboolean
search_has_focus (gpointer data)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (data));

  return focus != NULL && gtk_widget_get_ancestor (focus, GTK_TYPE_SEARCH_ENTRY) != NULL &&
         gtk_widget_has_focus (focus);
}

static GtkDropDown *
procedure_dropdown (McWindow *window)
{
  g_autoptr(GPtrArray) dropdowns = g_ptr_array_new ();

  /* The first drop-down of the filter popover lists the procedures. */
  find_all (GTK_WIDGET (window), GTK_TYPE_DROP_DOWN, dropdowns);
  g_assert_cmpuint (dropdowns->len, >, 0);
  return g_ptr_array_index (dropdowns, 0);
}

static void
choose_procedure (McWindow   *window,
                  const char *code)
{
  GtkDropDown *dropdown = procedure_dropdown (window);
  GListModel *labels = gtk_drop_down_get_model (dropdown);

  for (guint i = 1; i < g_list_model_get_n_items (labels); i++)
    if (g_str_has_prefix (gtk_string_list_get_string (GTK_STRING_LIST (labels), i), code))
      {
        gtk_drop_down_set_selected (dropdown, i);
        gtk_widget_activate_action (GTK_WIDGET (window), "win.apply-filter", NULL);
        return;
      }
  g_assert_not_reached ();
}

static void
check_search_and_filters (McWindow *window)
{
  GListModel *dossiers = mc_window_get_dossiers (window);
  g_autofree char *procedure = NULL;
  SearchWait wait = { window, TRUE, NULL };
  guint n;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.select-queue", "u", 0);
  ui_test_wait_until (window_ready, window);
  g_assert_true (has_prefix_number (mc_window_get_list_subtitle (window), g_list_model_get_n_items (dossiers)));

  /* Filter on the procedure of a dossier whose applicant is a Nguyễn, so
   * that the search below has matches inside and outside the filter. */
  {
    g_autoptr(GPtrArray) codes = codes_where (window,
                                              "SELECT procedure_code FROM dossier WHERE applicant_name LIKE 'Nguyễn%'"
                                              " GROUP BY procedure_code ORDER BY count(*) DESC LIMIT 1");

    g_assert_cmpuint (codes->len, ==, 1);
    procedure = g_strdup (g_ptr_array_index (codes, 0));
  }
  choose_procedure (window, procedure);
  ui_test_wait_until (window_ready, window);
  n = g_list_model_get_n_items (dossiers);
  g_assert_cmpuint (n, >, 0);
  /* The header counts the filtered list and says it is filtered. */
  g_assert_true (has_prefix_number (mc_window_get_list_subtitle (window), n));
  g_assert_nonnull (strstr (mc_window_get_list_subtitle (window), "lọc"));

  /* A search typed with real keys keeps the filter. */
  ui_test_focus_window (GTK_WINDOW (window));
  ui_test_key (GTK_WINDOW (window), "ctrl+f");
  ui_test_wait_until (search_has_focus, window);
  ui_test_type (GTK_WINDOW (window), "nguyen");
  wait.procedure = procedure;
  wait.filtered = TRUE;
  ui_test_wait_until (search_settled, &wait);
  n = g_list_model_get_n_items (mc_window_get_visible_dossiers (window));
  g_assert_true (has_prefix_number (mc_window_get_list_subtitle (window), n));
  g_assert_nonnull (strstr (mc_window_get_list_subtitle (window), "lọc"));
  ui_test_settle ();
  ui_test_screenshot ("desk-search-filtered.png");

  /* Clearing the filter keeps the search: other procedures come back. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.clear-filter", NULL);
  wait.filtered = FALSE;
  ui_test_wait_until (search_settled, &wait);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ui_test_find (ui_test_find_named (GTK_WIDGET (window), "search_bar"), GTK_TYPE_SEARCH_ENTRY))),
                   ==, "nguyen");
  n = g_list_model_get_n_items (mc_window_get_visible_dossiers (window));
  g_assert_true (has_prefix_number (mc_window_get_list_subtitle (window), n));
  g_assert_null (strstr (mc_window_get_list_subtitle (window), "lọc"));

  /* And a filter chosen while searching narrows the results again. */
  choose_procedure (window, procedure);
  wait.filtered = TRUE;
  ui_test_wait_until (search_settled, &wait);

  mc_window_set_search_text (window, "");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.clear-filter", NULL);
  ui_test_wait_until (window_ready, window);
  g_assert_true (mc_window_get_visible_dossiers (window) == dossiers);
}

/* ---- The pane follows the selection ---- */

static void
check_pane_follows_selection (McWindow *window)
{
  McDossierPane *pane = pane_of (window);
  GListModel *dossiers = mc_window_get_dossiers (window);
  GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (ui_test_find_named (GTK_WIDGET (pane), "pane-scroller"));
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scroller);
  g_autoptr(McDossierSummary) first = g_list_model_get_item (dossiers, 0);
  g_autoptr(McDossierSummary) second = g_list_model_get_item (dossiers, 1);
  PaneWait wait = { pane, mc_dossier_summary_get_code (first) };

  mc_window_show_dossier (window, 0);
  ui_test_wait_until (pane_shows, &wait);
  ui_test_settle ();
  g_assert_cmpstr (mc_window_get_detail_page (window), ==, "dossier");

  /* Read down to the timeline, then choose the next dossier: it opens at
   * its top, where its actions are. */
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  ui_test_settle ();
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);
  wait.code = mc_dossier_summary_get_code (second);
  mc_window_show_dossier (window, 1);
  ui_test_wait_until (pane_shows, &wait);
  ui_test_settle ();
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);

  /* Nothing chosen: nothing shown. */
  gtk_single_selection_set_selected (mc_window_get_visible_selection (window), GTK_INVALID_LIST_POSITION);
  ui_test_settle ();
  g_assert_cmpstr (mc_window_get_detail_page (window), ==, "none");
  ui_test_screenshot ("desk-pane-cleared.png");
}

/* ---- What the pane offers ---- */

static void
check_offers (McWindow *window)
{
  McDesk *desk = mc_window_get_desk (window);
  McDossierPane *pane = pane_of (window);
  g_autoptr(GPtrArray) received = codes_where (window, "SELECT code FROM dossier WHERE state = 2 ORDER BY id");
  g_autoptr(GPtrArray) online = codes_where (window, "SELECT code FROM dossier WHERE state = 1 ORDER BY id LIMIT 1");
  g_autoptr(GPtrArray) refused = codes_where (window, "SELECT code FROM dossier WHERE state = 3 ORDER BY id LIMIT 1");
  const char *free_code = NULL, *charged_code = NULL;
  g_autofree char *before_slip = NULL;
  g_autofree char *expected = NULL;
  GtkWidget *box;
  GtkWidget *withdraw;

  /* A received dossier of a free procedure and one of a charged one. */
  for (guint i = 0; i < received->len && (free_code == NULL || charged_code == NULL); i++)
    {
      g_autoptr(McDeskCase) dcase = mc_desk_load_case (desk, g_ptr_array_index (received, i), NULL);

      g_assert_nonnull (dcase);
      if (dcase->charges_fee && charged_code == NULL)
        charged_code = g_ptr_array_index (received, i);
      else if (!dcase->charges_fee && free_code == NULL)
        free_code = g_ptr_array_index (received, i);
    }
  g_assert_nonnull (free_code);
  g_assert_nonnull (charged_code);

  /* The reception officer on a received dossier: forwarding stands out,
   * a fee request only where the procedure charges one. */
  show_in_pane (pane, charged_code);
  g_assert_true (offers (pane, "request_fee"));
  show_in_pane (pane, free_code);
  g_assert_false (offers (pane, "request_fee"));
  g_assert_true (offers (pane, "forward"));
  g_assert_cmpstr (mc_dossier_pane_get_primary (pane), ==, "forward");
  box = ui_test_find (GTK_WIDGET (pane), GTK_TYPE_FLOW_BOX);
  g_assert_cmpuint (count_with_class (box, "suggested-action"), ==, 1);
  withdraw = ui_test_find_named (box, "withdraw");
  g_assert_nonnull (withdraw);
  g_assert_true (gtk_widget_has_css_class (withdraw, "destructive-action"));
  g_assert_nonnull (ui_test_find_named (box, "pane-more-actions"));
  /* Received, not refused: a receipt, no refusal slip. */
  g_assert_true (prints (pane, "receipt"));
  g_assert_false (prints (pane, "refusal"));
  gtk_menu_button_popup (GTK_MENU_BUTTON (ui_test_find_named (box, "pane-more-actions")));
  ui_test_settle ();
  ui_test_screenshot ("desk-actions.png");
  gtk_menu_button_popdown (GTK_MENU_BUTTON (ui_test_find_named (box, "pane-more-actions")));

  /* Submitted online, not yet received: no receipt to print, and Ctrl+P
   * says so instead of printing one. */
  g_assert_cmpuint (online->len, ==, 1);
  show_in_pane (pane, g_ptr_array_index (online, 0));
  g_assert_false (prints (pane, "receipt"));
  g_assert_false (prints (pane, "control-sheet"));
  before_slip = g_strdup (mc_window_get_last_slip (window));
  gtk_widget_activate_action (GTK_WIDGET (pane), "pane.print-slip", "s", "receipt");
  ui_test_settle ();
  g_assert_cmpstr (mc_window_get_last_slip (window), ==, before_slip);
  expected = g_strdup_printf ("Hồ sơ %s chưa có phiếu này ở trạng thái hiện tại.",
                              (const char *) g_ptr_array_index (online, 0));
  g_assert_cmpstr (mc_window_get_last_message (window), ==, expected);

  /* Refused: its refusal slip, no receipt. */
  g_assert_cmpuint (refused->len, ==, 1);
  show_in_pane (pane, g_ptr_array_index (refused, 0));
  g_assert_true (prints (pane, "refusal"));
  g_assert_false (prints (pane, "receipt"));

  /* Forwarding: the toast names the dossier and where it went. */
  show_in_pane (pane, free_code);
  {
    StepWait wait = { desk, free_code, "forwarded" };
    g_autofree char *toast = g_strdup_printf ("Đã chuyển hồ sơ %s cho phòng Tư pháp.", free_code);
    AdwMessageDialog *dialog;

    gtk_widget_activate_action (GTK_WIDGET (pane), "pane.act", "s", "forward");
    ui_test_wait_until (dialog_shown, pane);
    dialog = mc_dossier_pane_get_dialog (pane);
    mc_action_form_set_text (MC_ACTION_FORM (adw_message_dialog_get_extra_child (dialog)), "department",
                             "phòng Tư pháp");
    adw_message_dialog_response (dialog, "confirm");
    gtk_window_close (GTK_WINDOW (dialog));
    ui_test_wait_until (step_reached, &wait);
    show_in_pane (pane, free_code);
    g_assert_cmpstr (mc_window_get_last_message (window), ==, toast);
  }
}

/* ---- Asking before submitting and approving ---- */

static void
answer_dialog (McDossierPane *pane,
               const char    *action_id,
               const char    *response)
{
  AdwMessageDialog *dialog;

  gtk_widget_activate_action (GTK_WIDGET (pane), "pane.act", "s", action_id);
  ui_test_wait_until (dialog_shown, pane);
  dialog = mc_dossier_pane_get_dialog (pane);
  ui_test_settle ();
  if (g_str_equal (response, "cancel"))
    ui_test_screenshot (g_str_equal (action_id, "approve") ? "desk-approve-confirm.png"
                                                           : "desk-submit-confirm.png");
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
  ui_test_settle ();
}

static void
check_confirmations (McWindow *window)
{
  McDesk *desk = mc_window_get_desk (window);
  McDossierPane *pane = pane_of (window);
  g_autoptr(GPtrArray) reviewed = codes_where (window,
                                               "SELECT code FROM dossier WHERE state = 4 AND step = 'reviewed'"
                                               " ORDER BY id LIMIT 1");
  const char *code;
  StepWait wait = { desk, NULL, "leader" };
  g_autofree char *toast = NULL;

  g_assert_cmpuint (reviewed->len, ==, 1);
  code = g_ptr_array_index (reviewed, 0);
  wait.code = code;

  /* The specialist submits to the leader: asked first; "Cancel" changes
   * nothing. */
  sign_in_as (window, "minh", MC_DEMO_PASSWORD);
  show_in_pane (pane, code);
  g_assert_cmpstr (mc_dossier_pane_get_primary (pane), ==, "submit_to_leader");
  answer_dialog (pane, "submit_to_leader", "cancel");
  g_assert_cmpstr (step_of (desk, code), ==, "reviewed");
  answer_dialog (pane, "submit_to_leader", "confirm");
  ui_test_wait_until (step_reached, &wait);
  show_in_pane (pane, code);
  toast = g_strdup_printf ("Đã trình lãnh đạo hồ sơ %s.", code);
  g_assert_cmpstr (mc_window_get_last_message (window), ==, toast);

  /* The leader's approval is asked too; cancelled, the dossier waits. */
  sign_in_as (window, "hung", MC_DEMO_PASSWORD);
  show_in_pane (pane, code);
  g_assert_true (offers (pane, "approve"));
  answer_dialog (pane, "approve", "cancel");
  g_assert_cmpstr (step_of (desk, code), ==, "leader");
}

/* ---- Reception ---- */

static gboolean
reception_ready (gpointer data)
{
  McReceptionDialog *dialog = mc_window_get_reception_dialog (data);

  return dialog != NULL && mc_reception_dialog_is_ready (dialog) && !mc_reception_dialog_is_busy (dialog);
}

static gboolean
reception_done (gpointer data)
{
  McReceptionDialog *dialog = mc_window_get_reception_dialog (data);

  return dialog != NULL && mc_reception_dialog_get_received_code (dialog) != NULL;
}

typedef struct
{
  McWindow *window;
  const char *code;
} ChosenWait;

static gboolean
chosen_in_list (gpointer data)
{
  ChosenWait *wait = data;
  McDossierSummary *row = gtk_single_selection_get_selected_item (mc_window_get_visible_selection (wait->window));
  const McDossier *shown = mc_dossier_pane_get_dossier (pane_of (wait->window));

  return mc_window_is_ready (wait->window) && row != NULL &&
         g_strcmp0 (mc_dossier_summary_get_code (row), wait->code) == 0 &&
         shown != NULL && g_strcmp0 (shown->code, wait->code) == 0 &&
         !mc_dossier_pane_get_loading (pane_of (wait->window));
}

static void
check_reception (McWindow *window)
{
  McReceptionDialog *dialog;
  g_autofree char *code = NULL;
  ChosenWait wait = { window, NULL };
  GtkWidget *birth_row;
  const char *birth;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.select-queue", "u", 0);
  ui_test_wait_until (window_ready, window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.receive", NULL);
  ui_test_wait_until (reception_ready, window);
  dialog = mc_window_get_reception_dialog (window);
  mc_reception_dialog_set_search_text (dialog, "1.001193");
  g_assert_cmpuint (g_list_model_get_n_items (mc_reception_dialog_get_procedure_results (dialog)), >=, 1);
  mc_reception_dialog_pick_procedure (dialog, 0);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "reception.next", NULL);
  mc_reception_dialog_set_field (dialog, "name", "Đặng Thị Hòa");
  mc_reception_dialog_set_field (dialog, "id", "001190012345");
  mc_reception_dialog_set_field (dialog, "birth", "15/03/1990");
  mc_reception_dialog_set_field (dialog, "sex", "Nữ");
  mc_reception_dialog_set_field (dialog, "address", "Ấp 3, xã Tân Phú, tỉnh Đồng Nai");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "reception.next", NULL);
  g_assert_true (mc_reception_dialog_set_component_provided (dialog, "TP1", TRUE));
  g_assert_true (mc_reception_dialog_set_component_provided (dialog, "TP2", TRUE));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "reception.next", NULL);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "reception.receive", NULL);
  ui_test_wait_until (reception_done, window);
  code = g_strdup (mc_reception_dialog_get_received_code (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* The new dossier is chosen in the list and open in the pane. */
  wait.code = code;
  ui_test_wait_until (chosen_in_list, &wait);
  g_assert_cmpstr (mc_window_get_detail_page (window), ==, "dossier");

  /* Its birth date as officials write it. */
  birth_row = ui_test_find_named (GTK_WIDGET (pane_of (window)), "birth_row");
  g_assert_nonnull (birth_row);
  birth = adw_action_row_get_subtitle (ADW_ACTION_ROW (birth_row));
  g_assert_true (g_str_has_prefix (birth, "15/03/1990"));
  /* Still chosen once the search's own typing delay ran it again. */
  ui_test_settle ();
  g_assert_true (chosen_in_list (&wait));
  g_assert_cmpstr (mc_window_get_detail_page (window), ==, "dossier");
  ui_test_screenshot ("desk-received-chosen.png");
}

/* ---- Officers ---- */

static McOfficerList *
open_officer_list (McWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL);
  ui_test_settle ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) other = g_list_model_get_item (toplevels, i);
      GtkWidget *list;

      if (other == GTK_WINDOW (window) || !gtk_widget_get_visible (GTK_WIDGET (other)))
        continue;
      list = ui_test_find (GTK_WIDGET (other), MC_TYPE_OFFICER_LIST);
      if (list != NULL)
        {
          /* On the page that holds it, so a click reaches it. */
          adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (other),
                                                   ADW_PREFERENCES_PAGE (gtk_widget_get_ancestor (list, ADW_TYPE_PREFERENCES_PAGE)));
          ui_test_settle ();
          return MC_OFFICER_LIST (list);
        }
    }
  g_assert_not_reached ();
}

static gboolean
list_idle (gpointer data)
{
  return !mc_officer_list_get_busy (data);
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) other = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (other) && gtk_widget_get_visible (GTK_WIDGET (other)))
        return ADW_MESSAGE_DIALOG (other);
    }
  return NULL;
}

static void
check_officers (McWindow *window)
{
  McDesk *desk = mc_window_get_desk (window);
  McOfficerList *list = open_officer_list (window);
  McSignInPage *page;
  g_autoptr(McOfficerEntry) thao = NULL;
  g_autoptr(McOfficerEntry) tuan = NULL;
  g_autoptr(McOfficer) changed = NULL;
  GtkWidget *button;
  GtkWidget *password;
  GtkWidget *edit;
  graphene_rect_t bounds;
  OfficerWait wait = { window, "thao" };

  ui_test_wait_until (list_idle, list);

  /* The edit dialog, opened by a real click on a row's edit button
   * (focused first, so the page scrolls to it). */
  edit = ui_test_find_named (GTK_WIDGET (list), "officer-edit");
  gtk_widget_grab_focus (edit);
  ui_test_settle ();
  ui_test_screenshot ("desk-preferences-officers.png");
  ui_test_click (edit);
  ui_test_settle ();
  g_assert_nonnull (find_message_dialog ());
  ui_test_screenshot ("desk-officer-edit.png");
  adw_message_dialog_response (find_message_dialog (), "cancel");
  gtk_window_close (GTK_WINDOW (find_message_dialog ()));
  ui_test_settle ();

  /* A new name, a new role, a password reset. */
  thao = mc_desk_get_officer_entry (desk, "thao", NULL);
  g_assert_nonnull (thao);
  changed = mc_officer_copy (thao->officer);
  g_free (changed->name);
  changed->name = g_strdup ("Đỗ Phương Thảo Anh");
  changed->role = MC_ROLE_LEADER;
  g_assert_false (mc_officer_list_edit (list, changed, "123"));
  g_assert_true (mc_officer_list_edit (list, changed, "654321"));
  ui_test_wait_until (list_idle, list);
  g_clear_pointer (&thao, mc_officer_entry_free);
  thao = mc_desk_get_officer_entry (desk, "thao", NULL);
  g_assert_cmpstr (thao->officer->name, ==, "Đỗ Phương Thảo Anh");
  g_assert_cmpint (thao->officer->role, ==, MC_ROLE_LEADER);

  /* Tuấn no longer works here: switched off, never deleted. */
  g_assert_true (mc_officer_list_set_active (list, "tuan", FALSE));
  ui_test_wait_until (list_idle, list);
  tuan = mc_desk_get_officer_entry (desk, "tuan", NULL);
  g_assert_nonnull (tuan);
  g_assert_false (tuan->active);
  gtk_window_close (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (list))));
  ui_test_settle ();

  /* Eight officers, seven at work: the list scrolls, the button stays in
   * sight, the password has no peek icon, Tuấn is not listed. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.lock", NULL);
  ui_test_wait_until (on_sign_in, window);
  page = mc_window_get_sign_in_page (window);
  /* Past the page's crossfade the workspace page, and the toasts that
   * live in it, are gone: no toast over the sign-in screen (none speaks of
   * a dossier here), and the screenshot shows the page alone. */
  ui_test_wait_until (workspace_unmapped, window);
  ui_test_settle ();
  g_assert_cmpuint (mc_sign_in_page_get_n_officers (page), ==, 7);
  mc_sign_in_page_select (page, "tuan");
  g_assert_null (mc_sign_in_page_get_selected (page));
  button = ui_test_find_named (GTK_WIDGET (page), "sign-in-button");
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_compute_bounds (button, GTK_WIDGET (window), &bounds));
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <, gtk_widget_get_height (GTK_WIDGET (window)) - 12);
  g_assert_cmpfloat (bounds.origin.y, >, 0);
  password = GTK_WIDGET (mc_sign_in_page_get_password (page));
  g_assert_true (GTK_IS_PASSWORD_ENTRY (password));
  g_assert_false (gtk_password_entry_get_show_peek_icon (GTK_PASSWORD_ENTRY (password)));
  ui_test_screenshot ("desk-sign-in-eight.png");

  /* Thảo signs in with the new password, as a leader now. */
  mc_sign_in_page_select (page, "thao");
  ui_test_focus_window (GTK_WINDOW (window));
  gtk_widget_grab_focus (password);
  ui_test_settle ();
  ui_test_type (GTK_WINDOW (window), "654321");
  ui_test_key (GTK_WINDOW (window), "Return");
  ui_test_wait_until (signed_in_as, &wait);
  g_assert_cmpint (mc_window_get_officer (window)->role, ==, MC_ROLE_LEADER);
}

/* ---- The run ---- */

static gboolean
has_window (gpointer data)
{
  return gtk_application_get_windows (GTK_APPLICATION (data)) != NULL;
}

static gboolean
run_checks (gpointer user_data)
{
  McApplication *app = user_data;
  McWindow *window;

  ui_test_wait_until (has_window, app);
  window = MC_WINDOW (gtk_application_get_windows (GTK_APPLICATION (app))->data);
  mc_window_set_print_dialog (window, FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 640);
  ui_test_wait_until (window_ready, window);
  g_assert_cmpstr (mc_window_get_officer (window)->login, ==, "lan");

  check_search_and_filters (window);
  check_pane_follows_selection (window);
  check_offers (window);
  check_reception (window);
  check_confirmations (window);
  check_officers (window);

  gtk_window_destroy (GTK_WINDOW (window));
  g_application_quit (G_APPLICATION (app));
  return G_SOURCE_REMOVE;
}

static void
app_started (GApplication *app)
{
  g_idle_add (run_checks, app);
}

/* The demo's six officers and two more, so the sign-in screen lists
 * eight. */
static char *
make_workspace (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "desk", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(McDesk) desk = mc_desk_open (path, MC_STORE_OPEN_DEFAULT, &error);
  const char *extra[][2] = { { "binh", "Hoàng Văn Bình" }, { "cuc", "Lý Thị Cúc" } };

  g_assert_no_error (error);
  g_assert_true (mc_demo_populate (desk, 300, 7, NULL, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (extra); i++)
    {
      g_autoptr(McOfficer) officer = mc_officer_new (extra[i][0], extra[i][1], "Công chức", "Văn phòng",
                                                     MC_ROLE_CLERK);

      g_assert_true (mc_desk_add_officer (desk, officer, &error));
      g_assert_no_error (error);
      g_assert_true (mc_desk_set_password (desk, extra[i][0], MC_DEMO_PASSWORD, &error));
      g_assert_no_error (error);
    }
  mc_store_close (mc_desk_get_store (desk));

  return g_steal_pointer (&path);
}

static void
test_desk_window (void)
{
  g_autoptr(McApplication) app = mc_application_new ();
  g_autofree char *workspace = make_workspace ();
  char *argv[] = { (char *) "motcua", (char *) "--workspace", workspace, NULL };

  g_signal_connect (app, "startup", G_CALLBACK (app_started), NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);
}

static gboolean
read_text (sqlite3   *db,
           gpointer   user_data,
           gpointer  *result,
           GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = mc_db_prepare (db, user_data, error);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  *result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  return TRUE;
}

/* An officer without a title acts: the timeline keeps their role's code,
 * not today's label for it, and reads it back in the reader's language. */
static void
test_timeline_role_code (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "roles", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(McDesk) desk = mc_desk_open (path, MC_STORE_OPEN_DEFAULT, &error);
  g_autoptr(McOfficer) officer = mc_officer_new ("dung", "Phan Văn Dũng", "", "", MC_ROLE_RECEPTION);
  g_autoptr(McDossier) dossier = NULL;
  g_autofree char *code = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *op = NULL;
  McTimelineEntry *last;

  g_assert_no_error (error);
  g_assert_true (mc_demo_populate (desk, 40, 3, NULL, NULL, &error));
  g_assert_true (mc_desk_add_officer (desk, officer, &error));
  g_assert_no_error (error);
  g_assert_true (mc_store_read (mc_desk_get_store (desk), read_text,
                                (gpointer) "SELECT code FROM dossier WHERE state = 1 ORDER BY id LIMIT 1",
                                (gpointer *) &code, NULL));
  mc_desk_set_officer_login (desk, "dung");
  op = mc_desk_act (desk, code, "receive", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (op);

  g_assert_true (mc_store_read (mc_desk_get_store (desk), read_text,
                                (gpointer) "SELECT role FROM timeline WHERE actor = 'Phan Văn Dũng'",
                                (gpointer *) &stored, NULL));
  g_assert_cmpstr (stored, ==, "reception");
  dossier = mc_desk_load_dossier (desk, code, &error);
  g_assert_no_error (error);
  last = g_ptr_array_index (dossier->timeline, dossier->timeline->len - 1);
  g_assert_cmpstr (last->role, ==, "Cán bộ tiếp nhận");
  mc_store_close (mc_desk_get_store (desk));
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
  tmp_dir = g_dir_make_tmp ("motcua-desk-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/ui/desk-window", test_desk_window);
  g_test_add_func ("/store/timeline-role-code", test_timeline_role_code);
  status = g_test_run ();

  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", tmp_dir);

    if (system (command) != 0)
      g_printerr ("could not remove %s\n", tmp_dir);
  }
  g_free (tmp_dir);

  return status;
}
