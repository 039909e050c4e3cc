/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A long day at the desk, meant for AddressSanitizer (the `sanitizeui`
 * setup runs it with leak detection): on the demo workspace and the demo
 * token, as `./dev run` sets them up, every journey of an ordinary day is
 * taken ROUNDS times over in one process (MOTCUA_DAY_ROUNDS, default 3):
 * the receptionist receives a dossier, prints its receipt, forwards it,
 * asks for a supplement on another one, prints the tracking ledger and
 * locks; the specialist signs in, records an opinion, attaches the result
 * and hands it to the leader; the leader signs in, approves it, signs his
 * whole queue with the demo token (PIN typed once) and the verification
 * window says the signature is valid. The day ends with a dialog open and
 * the application's Quit (Ctrl+Q), which closes windows that destroy
 * their dialogs while it goes. Every step is checked against the store
 * through McDesk; any memory error aborts the run. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "mc-action-form.h"
#include "mc-application.h"
#include "mc-core.h"
#include "domain/mc-dossier-summary.h"
#include "mc-dossier-pane-private.h"
#include "mc-pin-dialog.h"
#include "mc-preferences-window.h"
#include "mc-reception-dialog-private.h"
#include "mc-sign-dialog.h"
#include "mc-sign-item.h"
#include "mc-verify-window.h"
#include "mc-window-private.h"
#include "store/mc-demo.h"
#include "store/mc-desk-results.h"
#include "ui-test-signed.h"
#include "ui-test-util.h"

#define QUEUE_RECEIVED 2
#define QUEUE_SIGNATURE 4

static char *tmp_dir;
static char *workspace;

typedef struct
{
  McWindow *window;
  McDossierPane *pane;
  guint round;
  guint n_signed;
} Day;

static gboolean
pane_shows_code (gpointer data)
{
  Day *day = ((gpointer *) data)[0];
  const char *code = ((gpointer *) data)[1];
  const McDossier *dossier = mc_dossier_pane_get_dossier (day->pane);

  return !mc_dossier_pane_get_loading (day->pane) && dossier != NULL && g_strcmp0 (dossier->code, code) == 0;
}

static void
wait_pane_code (Day        *day,
                const char *code)
{
  gpointer wait[2] = { day, (gpointer) code };

  ui_test_wait_until (pane_shows_code, wait);
}

typedef struct
{
  McDesk *desk;
  const char *code;
  int state;
  const char *step;
} StateWait;

static gboolean
state_reached (gpointer data)
{
  StateWait *wait = data;
  g_autoptr(McDossier) dossier = mc_desk_load_dossier (wait->desk, wait->code, NULL);

  return dossier != NULL && dossier->state == wait->state &&
         (wait->step == NULL || g_strcmp0 (dossier->step, wait->step) == 0);
}

static void
wait_state (Day        *day,
            const char *code,
            int         state,
            const char *step)
{
  StateWait wait = { mc_window_get_desk (day->window), code, state, step };

  ui_test_wait_until (state_reached, &wait);
}

static gboolean
dialog_shown (gpointer data)
{
  return mc_dossier_pane_get_dialog (data) != NULL;
}

/* Runs a workflow action from the pane's button; one that asks for
 * something gets @field set to @value in its dialog, then confirmed. */
static void
act (Day        *day,
     const char *action_id,
     const char *field,
     const char *value)
{
  /* Submitting to the leader and approving ask first, with no field. */
  gboolean asks = g_str_equal (action_id, "submit_to_leader") || g_str_equal (action_id, "approve");

  gtk_widget_activate_action (GTK_WIDGET (day->pane), "pane.act", "s", action_id);
  if (field == NULL && !asks)
    return;
  ui_test_wait_until (dialog_shown, day->pane);
  {
    AdwMessageDialog *dialog = mc_dossier_pane_get_dialog (day->pane);
    McActionForm *form = MC_ACTION_FORM (adw_message_dialog_get_extra_child (dialog));

    if (field == NULL)
      ;
    else if (g_str_equal (field, "reason"))
      mc_action_form_set_reason (form, value);
    else
      mc_action_form_set_text (form, field, value);
    g_assert_true (adw_message_dialog_get_response_enabled (dialog, "confirm"));
    adw_message_dialog_response (dialog, "confirm");
    gtk_window_close (GTK_WINDOW (dialog));
  }
}

typedef struct
{
  McWindow *window;
  char *before;
} SlipWait;

static gboolean
slip_changed (gpointer data)
{
  SlipWait *wait = data;
  const char *slip = mc_window_get_last_slip (wait->window);

  return slip != NULL && g_strcmp0 (slip, wait->before) != 0;
}

/* Runs @action on @target and returns the slip it made. */
static const char *
make_slip (Day        *day,
           GtkWidget  *target,
           const char *action,
           GVariant   *parameter)
{
  SlipWait wait = { day->window, g_strdup (mc_window_get_last_slip (day->window)) };
  g_autoptr(GVariant) owned = parameter != NULL ? g_variant_ref_sink (parameter) : NULL;
  const char *slip;

  /* gtk_widget_activate_action_variant() leaves a floating value
   * floating: sunk here, so it is freed (the day run's leak check saw it). */
  if (owned != NULL)
    gtk_widget_activate_action_variant (target, action, owned);
  else
    gtk_widget_activate_action (target, action, NULL);
  ui_test_wait_until (slip_changed, &wait);
  g_free (wait.before);
  slip = mc_window_get_last_slip (day->window);
  g_assert_true (g_file_test (slip, G_FILE_TEST_IS_REGULAR));
  return slip;
}

/* Shows @code in the pane through the search, as an officer who types it. */
static gboolean
search_found (gpointer data)
{
  McWindow *window = data;

  return mc_window_is_ready (window) && mc_window_get_visible_dossiers (window) != mc_window_get_dossiers (window) &&
         g_list_model_get_n_items (mc_window_get_visible_dossiers (window)) == 1;
}

static void
open_by_search (Day        *day,
                const char *code)
{
  mc_window_set_search_text (day->window, code);
  ui_test_wait_until (search_found, day->window);
  mc_window_show_dossier (day->window, 0);
  wait_pane_code (day, code);
  /* The search stays: clearing it shows the queue again, and the pane
   * clears with the selection when the dossier is not in that queue. */
}

/* The lock button's action (test-sign-demo presses Ctrl+Alt+L). */
static void
lock (Day *day)
{
  gtk_widget_activate_action (GTK_WIDGET (day->window), "win.lock", NULL);
  ui_test_wait_sign_in_page (day->window);
}

/* The receptionist: a dossier received, its receipt, forwarded; another
 * one asked for a supplement; the ledger; then she locks. Returns the
 * received dossier's code. */
static char *
reception_journey (Day *day)
{
  McDesk *desk = mc_window_get_desk (day->window);
  McReceptionDialog *dialog;
  g_autofree char *code = NULL;
  g_autofree char *other = NULL;
  const char *slip;

  gtk_widget_activate_action (GTK_WIDGET (day->window), "win.receive", NULL);
  dialog = ui_test_wait_reception (day->window);
  ui_test_fill_reception (dialog);
  g_assert_true (mc_reception_dialog_set_component_provided (dialog, "TP1", TRUE));
  g_assert_true (mc_reception_dialog_set_component_provided (dialog, "TP2", TRUE));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "reception.next", NULL);
  g_assert_cmpstr (mc_reception_dialog_get_page (dialog), ==, "review");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "reception.receive", NULL);
  code = g_strdup (ui_test_wait_received (day->window));
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_state (day, code, 2, "received");
  ui_test_wait_window_ready (day->window);
  if (day->round == 0)
    ui_test_screenshot ("ui-day-received.png");

  /* Its receipt, then forwarded to the justice officer. */
  open_by_search (day, code);
  slip = make_slip (day, GTK_WIDGET (day->pane), "pane.print-slip", g_variant_new_string ("receipt"));
  g_assert_true (g_str_has_suffix (slip, ".pdf"));
  act (day, "forward", "department", "Tư pháp – Hộ tịch");
  wait_state (day, code, 4, "forwarded");

  /* Another received dossier waits for a paper the applicant forgot. */
  gtk_widget_activate_action (GTK_WIDGET (day->window), "win.select-queue", "u", QUEUE_RECEIVED);
  ui_test_wait_window_ready (day->window);
  g_assert_cmpuint (g_list_model_get_n_items (mc_window_get_dossiers (day->window)), >, 0);
  {
    g_autoptr(McDossierSummary) first = g_list_model_get_item (mc_window_get_dossiers (day->window), 0);

    other = g_strdup (mc_dossier_summary_get_code (first));
  }
  mc_window_show_dossier (day->window, 0);
  wait_pane_code (day, other);
  act (day, "request_supplement", "reason", "Thiếu bản sao giấy khai sinh");
  wait_state (day, other, 5, NULL);

  /* The tracking ledger of the month. */
  gtk_widget_activate_action (GTK_WIDGET (day->window), "win.ledger", NULL);
  {
    AdwMessageDialog *ledger = ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
    SlipWait wait = { day->window, g_strdup (mc_window_get_last_slip (day->window)) };

    g_assert_nonnull (ledger);
    adw_message_dialog_response (ledger, "make");
    gtk_window_close (GTK_WINDOW (ledger));
    ui_test_wait_until (slip_changed, &wait);
    g_free (wait.before);
    g_assert_nonnull (strstr (mc_window_get_last_slip (day->window), "ledger"));
  }
  g_assert_nonnull (desk);

  lock (day);
  return g_steal_pointer (&code);
}

/* The specialist: an opinion, the result attached, handed to the leader. */
static void
specialist_journey (Day        *day,
                    const char *code)
{
  g_autofree char *result = NULL;
  g_autofree char *name = g_strdup_printf ("ket-qua-%u.pdf", day->round);
  g_autofree char *attached = NULL;
  g_autoptr(GError) error = NULL;

  ui_test_sign_in (day->window, "minh", MC_DEMO_PASSWORD);
  open_by_search (day, code);
  act (day, "record_opinion", "reason", "Hồ sơ đủ điều kiện giải quyết");
  wait_state (day, code, 4, "reviewed");
  result = ui_test_make_pdf (tmp_dir, name, 1, "Giấy xác nhận");
  attached = mc_desk_attach_result (mc_window_get_desk (day->window), code, result, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (attached);
  mc_dossier_pane_reload (day->pane);
  ui_test_wait_pane (day->pane, code, "reviewed");
  act (day, "submit_to_leader", NULL, NULL);
  wait_state (day, code, 4, "leader");
  lock (day);
}

/* The leader: approves it, signs his whole queue with the demo token, and
 * the verification window says the signature is valid. */
static void
leader_journey (Day        *day,
                const char *code)
{
  McSignDialog *dialog;
  McVerifyWindow *verify;
  McPdfSignatureCheck *check;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  guint n;

  ui_test_sign_in (day->window, "hung", MC_DEMO_PASSWORD);
  open_by_search (day, code);
  ui_test_wait_pane (day->pane, code, "leader");
  act (day, "approve", NULL, NULL);
  wait_state (day, code, 4, "approved");

  gtk_widget_activate_action (GTK_WIDGET (day->window), "win.select-queue", "u", QUEUE_SIGNATURE);
  ui_test_wait_window_ready (day->window);
  n = g_list_model_get_n_items (mc_window_get_dossiers (day->window));
  g_assert_cmpuint (n, >=, 1);

  gtk_widget_activate_action (GTK_WIDGET (day->window), "win.sign-queue", NULL);
  dialog = ui_test_wait_sign_dialog ();
  ui_test_wait_sign_page (dialog, "setup");
  g_assert_cmpuint (g_list_model_get_n_items (mc_sign_dialog_get_items (dialog)), ==, n);
  ui_test_wait_identities (mc_sign_dialog_get_chooser (dialog));
  g_assert_null (mc_sign_dialog_get_holder_warning (dialog));
  ui_test_sign_with_pin (dialog, MC_DEMO_PASSWORD);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(McSignItem) item = g_list_model_get_item (mc_sign_dialog_get_items (dialog), i);

      g_assert_cmpint (mc_sign_item_get_status (item), ==, MC_SIGN_ITEM_DONE);
    }
  if (day->round == 0)
    ui_test_screenshot ("ui-day-signed.png");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "sign.close", NULL);
  wait_state (day, code, 4, "signed");
  day->n_signed += n;

  /* The signed result verifies as valid. */
  files = mc_desk_list_results (mc_window_get_desk (day->window), code, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (files->len, ==, 1);
  path = mc_desk_get_blob_path (mc_window_get_desk (day->window),
                                ((McResultFile *) g_ptr_array_index (files, 0))->current_sha256);
  verify = mc_verify_window_new (GTK_WINDOW (day->window));
  gtk_window_present (GTK_WINDOW (verify));
  mc_verify_window_open_file (verify, path, ((McResultFile *) g_ptr_array_index (files, 0))->name);
  ui_test_wait_verified (verify);
  g_assert_cmpuint (mc_verify_window_get_signatures (verify)->len, ==, 1);
  check = g_ptr_array_index (mc_verify_window_get_signatures (verify), 0);
  g_assert_cmpstr (check->signer, ==, "Lê Quốc Hùng");
  g_assert_true (mc_pdf_signature_check_is_valid (check));
  gtk_window_destroy (GTK_WINDOW (verify));
  lock (day);
}

static guint
n_rounds (void)
{
  const char *text = g_getenv ("MOTCUA_DAY_ROUNDS");
  guint64 n = 3;

  if (text != NULL)
    g_assert_true (g_ascii_string_to_unsigned (text, 10, 1, 1000, &n, NULL));
  return (guint) n;
}

static gboolean
application_quit_pending (gpointer data)
{
  return gtk_application_get_windows (data) == NULL;
}

static gboolean
run_day (gpointer data)
{
  McApplication *app = data;
  Day day = { 0 };
  guint rounds = n_rounds ();

  day.window = mc_application_find_window (app, workspace);
  g_assert_nonnull (day.window);
  ui_test_wait_window_ready (day.window);
  mc_window_set_print_dialog (day.window, FALSE);
  day.pane = MC_DOSSIER_PANE (ui_test_find (GTK_WIDGET (day.window), MC_TYPE_DOSSIER_PANE));
  g_assert_nonnull (day.pane);

  /* The demo opens signed in as its receptionist. */
  ui_test_wait_officer (day.window, "lan");
  for (day.round = 0; day.round < rounds; day.round++)
    {
      g_autofree char *code = NULL;

      g_test_message ("round %u of %u", day.round + 1, rounds);
      if (day.round > 0)
        ui_test_sign_in (day.window, "lan", MC_DEMO_PASSWORD);
      code = reception_journey (&day);
      specialist_journey (&day, code);
      leader_journey (&day, code);
    }
  /* The first round signs the demo's queue too; each later one, its own. */
  g_assert_cmpuint (day.n_signed, >=, rounds);

  /* Quitting with a dialog open: Ctrl+Q closes the window, which destroys
   * the dialog while the application walks its windows. */
  ui_test_sign_in (day.window, "lan", MC_DEMO_PASSWORD);
  gtk_widget_activate_action (GTK_WIDGET (day.window), "win.preferences", NULL);
  g_assert_nonnull (ui_test_find_toplevel (MC_TYPE_PREFERENCES_WINDOW));
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), >=, 2);
  ui_test_screenshot ("ui-day-quit.png");
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  ui_test_wait_until (application_quit_pending, app);

  return G_SOURCE_REMOVE;
}

static void
test_day_run (void)
{
  workspace = ui_test_make_demo_workspace (tmp_dir, 150, 11);
  ui_test_run_app_on (workspace, run_day);
  g_free (workspace);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  tmp_dir = ui_test_private_home ("motcua-day-run-XXXXXX");
  mc_core_init ();
  g_test_init (&argc, &argv, NULL);
  ui_test_start_demo_token (tmp_dir);

  g_test_add_func ("/ui/day-run", test_day_run);
  status = g_test_run ();

  ui_test_stop_demo_token ();
  ui_test_remove_tree (tmp_dir);
  g_free (tmp_dir);

  return status;
}
