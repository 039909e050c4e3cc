/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The leader's way through the main window, with the real PAdES signer on
 * the SoftHSM token made by tests/pki/make-pki.sh (and its TSA): a desk
 * whose current officer is the leader, one dossier approved with its
 * result attached and one still waiting for approval. The McApplication
 * window opens on it; `win.sign-queue` collects the "For my signature"
 * queue and opens the batch dialog, which signs the approved one's result
 * with the PIN typed once (real X input) and leaves the other out. Then
 * the dossier is at step "signed", the outbox holds its sign_result op
 * with the SHA-256 of the signed file in the blob store, the detail pane's
 * results section shows the result signed, and both the pane's "Verify"
 * and `win.verify` open the verification window on that file, listing one
 * valid signature; in Vietnamese it says so in plain words (no jargon
 * until "Technical details" is opened), and says a forged copy is not
 * valid. Screenshots go to the test log folder. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "mc-application.h"
#include "mc-core.h"
#include "mc-dossier-pane-private.h"
#include "mc-window-private.h"
#include "mc-pkcs11.h"
#include "mc-results-section.h"
#include "mc-sign-dialog.h"
#include "mc-sign-item.h"
#include "mc-test-pki.h"
#include "mc-verify-window.h"
#include "domain/mc-dossier-summary.h"
#include "store/mc-desk-profile.h"
#include "ui-test-signed.h"
#include "ui-test-util.h"
#include "workflow-fixture.h"

#define QUEUE_SIGNATURE 4

static McTestPki *pki;
static char *tmp_dir;

typedef struct
{
  Fixture *fixture;
  char *approved;
  char *waiting;
} Desk;

static const char *
env (const char *key)
{
  return mc_test_pki_get (pki, key);
}

/* Received, reviewed, its result attached (mc_desk_attach_result, the
 * result ops), submitted to the leader. */
static char *
dossier_with_result (Fixture    *fixture,
                     const char *file_name)
{
  g_autoptr(McReception) reception = fixture_birth_reception ();
  g_autoptr(McReceptionResult) received = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = ui_test_make_pdf (tmp_dir, file_name, 1, "Giay khai sinh");
  g_autofree char *op_id = NULL;

  mc_desk_set_officer_login (fixture->desk, "lan");
  received = mc_desk_receive (fixture->desk, reception, NULL, &error);
  g_assert_no_error (error);
  fixture_act (fixture, "lan", received->code, "forward");
  fixture_act (fixture, "minh", received->code, "record_opinion");
  mc_desk_set_officer_login (fixture->desk, "minh");
  op_id = mc_desk_attach_result (fixture->desk, received->code, pdf, NULL, &error);
  g_assert_no_error (error);
  fixture_act (fixture, "minh", received->code, "submit_to_leader");

  return g_strdup (received->code);
}

/* The workspace, closed again so that the application opens it. */
static void
make_desk (Desk *desk)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McOfficer) officer = NULL;

  desk->fixture = fixture_new (TRUE);
  desk->approved = dossier_with_result (desk->fixture, "ket-qua-duyet.pdf");
  fixture_act (desk->fixture, "hung", desk->approved, "approve");
  desk->waiting = dossier_with_result (desk->fixture, "ket-qua-cho.pdf");
  officer = mc_desk_use_officer (desk->fixture->desk, "hung", &error);
  g_assert_no_error (error);
  g_assert_nonnull (officer);
  mc_store_close (mc_desk_get_store (desk->fixture->desk));
}

static gboolean
has_subtitle (GtkWidget  *widget,
              const char *text)
{
  if (ADW_IS_WINDOW_TITLE (widget) &&
      strstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (widget)), text) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_subtitle (child, text))
      return TRUE;
  return FALSE;
}

/* The header says who works at the desk once the officer is loaded. */
static gboolean
leader_loaded (gpointer data)
{
  return has_subtitle (data, "Lê Quốc Hùng");
}

static gpointer
find_toplevel (GType  type,
               GList *except)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)) &&
          g_list_find (except, window) == NULL)
        return window;
    }
  return NULL;
}

static gboolean
sign_dialog_open (gpointer data)
{
  return find_toplevel (MC_TYPE_SIGN_DIALOG, NULL) != NULL;
}

static gboolean
verify_window_open (gpointer data)
{
  return find_toplevel (MC_TYPE_VERIFY_WINDOW, data) != NULL;
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

/* Scrolls the pane down to the results, as the focus moving there does. */
static void
scroll_to_results (McResultsSection *section)
{
  GtkWidget *verify = find_button (GTK_WIDGET (section), "Verify");

  g_assert_nonnull (verify);
  /* Laid out first, so that the pane knows where the results are. */
  ui_test_settle ();
  g_assert_true (gtk_widget_grab_focus (verify));
  ui_test_settle ();
}

static guint
position_of (GListModel *dossiers,
             const char *code)
{
  for (guint i = 0; i < g_list_model_get_n_items (dossiers); i++)
    {
      g_autoptr(McDossierSummary) row = g_list_model_get_item (dossiers, i);

      if (g_strcmp0 (mc_dossier_summary_get_code (row), code) == 0)
        return i;
    }
  g_assert_not_reached ();
}

/* The verification window on the signed result: one signature, valid,
 * by the holder of the certificate chosen, time-stamped. */
static void
check_verify_window (McVerifyWindow *window)
{
  McPdfSignatureCheck *check;

  ui_test_wait_verified (window);
  g_assert_cmpstr (mc_verify_window_get_state (window), ==, "list");
  g_assert_cmpuint (mc_verify_window_get_signatures (window)->len, ==, 1);
  check = g_ptr_array_index (mc_verify_window_get_signatures (window), 0);
  g_assert_cmpstr (check->signer, ==, "Nguyễn Văn An");
  g_assert_true (mc_pdf_signature_check_is_valid (check));
  g_assert_cmpint (check->level, >=, MC_PADES_LEVEL_B_T);
}

/* What an official sees without opening "Technical details": every
 * mapped label of @root, joined by newlines. */
static void
collect_visible_text (GtkWidget *root,
                      GString   *out)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (root)));
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_visible_text (child, out);
}

/* The verification window in Vietnamese on @file: its one verdict is
 * @verdict, said by @sentence in plain words, with no jargon on show and
 * the user's own root flagged. */
static void
check_verify_window_vi (GtkWindow    *parent,
                        const char   *file,
                        McPdfVerdict  verdict,
                        const char   *sentence,
                        const char   *screenshot)
{
  McVerifyWindow *verify = mc_verify_window_new (parent);
  g_autoptr(GString) text = g_string_new (NULL);
  const char *jargon[] = { "PAdES", "B-B", "B-T", "B-LT", "TSA", "OCSP", "CRL", "DocMDP", "CMS" };
  McPdfSignatureCheck *check;

  gtk_window_present (GTK_WINDOW (verify));
  mc_verify_window_open_file (verify, file, NULL);
  ui_test_wait_verified (verify);
  g_assert_cmpstr (mc_verify_window_get_state (verify), ==, "list");
  check = g_ptr_array_index (mc_verify_window_get_signatures (verify), 0);
  g_assert_cmpint (check->verdict, ==, verdict);
  ui_test_settle ();
  collect_visible_text (GTK_WIDGET (verify), text);
  {
    g_auto(GStrv) lines = g_strsplit (text->str, "\n", -1);
    g_autofree char *shown = g_strjoinv ("\n#   ", lines);

    g_print ("# verification window:\n#   %s\n", shown);
  }
  g_assert_nonnull (strstr (text->str, sentence));
  g_assert_nonnull (strstr (text->str, "tin cậy do bạn thêm, không kèm theo chương trình"));
  g_assert_nonnull (strstr (text->str, "Chi tiết kỹ thuật"));
  for (guint i = 0; i < G_N_ELEMENTS (jargon); i++)
    if (strstr (text->str, jargon[i]) != NULL)
      g_error ("“%s” is on show in the verification window", jargon[i]);
  ui_test_screenshot (screenshot);
  gtk_window_destroy (GTK_WINDOW (verify));
}

/* A copy of @path with one signed byte changed (the PDF version in the
 * header, so that it still reads as a PDF): a forgery. */
static char *
forge_copy (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  char *forged = g_build_filename (tmp_dir, "gia-mao.pdf", NULL);
  gsize len;

  g_assert_true (g_file_get_contents (path, &data, &len, &error));
  g_assert_true (len > 8 && memcmp (data, "%PDF-1.", 7) == 0);
  data[7] = data[7] == '4' ? '5' : '4';
  g_assert_true (g_file_set_contents (forged, data, (gssize) len, &error));
  return forged;
}

static void
sign_from_window (McApplication *app,
                  Desk          *desk)
{
  McWindow *window = mc_application_find_window (app, desk->fixture->tmp);
  McDossierPane *pane;
  McResultsSection *section;
  McSignDialog *dialog;
  McTokenChooser *chooser;
  McVerifyWindow *verify;
  g_autoptr(GList) seen = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *signature = ui_test_make_png (tmp_dir, "chu-ky.png", 400, 160, FALSE, 0);
  g_autofree char *path = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *sql = NULL;
  McResultFile *file;
  McStore *store;

  g_assert_nonnull (window);
  ui_test_wait_window_ready (window);
  ui_test_wait_until (leader_loaded, window);
  store = mc_window_get_store (window);
  pane = MC_DOSSIER_PANE (ui_test_find (GTK_WIDGET (window), MC_TYPE_DOSSIER_PANE));
  section = MC_RESULTS_SECTION (ui_test_find (GTK_WIDGET (pane), MC_TYPE_RESULTS_SECTION));

  /* "For my signature": both dossiers; the approved one in the pane, its
   * result not signed yet, "Sign" offered. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.select-queue", "u", QUEUE_SIGNATURE);
  ui_test_wait_window_ready (window);
  g_assert_cmpuint (g_list_model_get_n_items (mc_window_get_dossiers (window)), ==, 2);
  mc_window_show_dossier (window, position_of (mc_window_get_dossiers (window), desk->approved));
  ui_test_wait_pane (pane, desk->approved, "approved");
  g_assert_cmpuint (mc_results_section_get_results (section)->len, ==, 1);
  file = g_ptr_array_index (mc_results_section_get_results (section), 0);
  g_assert_cmpuint (file->signatures->len, ==, 0);
  g_assert_true (mc_results_section_can_sign (section));
  scroll_to_results (section);
  ui_test_screenshot ("ui-window-sign-before.png");

  /* The whole queue in one batch: the approved dossier's result to sign,
   * the other left out (not approved yet). */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-queue", NULL);
  ui_test_wait_until (sign_dialog_open, NULL);
  dialog = find_toplevel (MC_TYPE_SIGN_DIALOG, NULL);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  ui_test_wait_sign_page (dialog, "setup");
  g_assert_cmpuint (g_list_model_get_n_items (mc_sign_dialog_get_items (dialog)), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(McSignItem) item = g_list_model_get_item (mc_sign_dialog_get_items (dialog), i);
      const McSignTask *task = mc_sign_item_get_task (item);

      g_assert_cmpint (mc_sign_item_get_status (item), ==,
                       g_str_equal (task->dossier_code, desk->approved) ? MC_SIGN_ITEM_WAITING : MC_SIGN_ITEM_REFUSED);
    }

  chooser = mc_sign_dialog_get_chooser (dialog);
  ui_test_wait_identities (chooser);
  for (guint i = 0; i < mc_token_chooser_get_n_identities (chooser); i++)
    {
      gboolean usable = FALSE;
      McSigningIdentity *identity = mc_token_chooser_get_nth (chooser, i, &usable);

      if (usable && g_strcmp0 (mc_certificate_get_subject_cn (mc_signing_identity_get_certificate (identity)),
                               "Nguyễn Văn An") == 0)
        g_assert_true (mc_token_chooser_select (chooser, identity));
    }
  g_assert_cmpstr (mc_certificate_get_subject_cn (mc_signing_identity_get_certificate (
                     mc_token_chooser_get_identity (chooser))), ==, "Nguyễn Văn An");
  mc_sign_dialog_set_images (dialog, signature, NULL);
  ui_test_settle ();
  g_assert_null (mc_sign_dialog_get_problem (dialog));
  ui_test_screenshot ("ui-window-sign-dialog.png");

  /* The PIN, typed, once. */
  ui_test_sign_with_pin (dialog, env ("MC_PKI_PIN"));
  {
    g_autoptr(McSignItem) item = g_list_model_get_item (mc_sign_dialog_get_items (dialog), 0);

    g_test_message ("status: %s", mc_sign_dialog_get_status (dialog));
    g_assert_cmpstr (mc_sign_item_get_task (item)->dossier_code, ==, desk->approved);
    g_assert_cmpint (mc_sign_item_get_status (item), ==, MC_SIGN_ITEM_DONE);
    /* The TSA answered: no word about a lower level. */
    g_assert_null (mc_sign_item_get_message (item));
  }
  ui_test_settle ();
  ui_test_screenshot ("ui-window-sign-done.png");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "sign.close", NULL);

  /* The store: the dossier moved to "signed", the other did not; the
   * sign_result op carries the SHA-256 of the signed file as stored. */
  {
    g_autoptr(McDossier) signed_dossier = mc_desk_load_dossier (mc_window_get_desk (window), desk->approved, &error);
    g_autoptr(McDossier) waiting = mc_desk_load_dossier (mc_window_get_desk (window), desk->waiting, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (signed_dossier->step, ==, "signed");
    g_assert_cmpstr (waiting->step, ==, "leader");
  }
  files = mc_desk_list_results (mc_window_get_desk (window), desk->approved, &error);
  g_assert_no_error (error);
  file = g_ptr_array_index (files, 0);
  g_assert_cmpstr (file->current_sha256, !=, file->sha256);
  path = mc_desk_get_blob_path (mc_window_get_desk (window), file->current_sha256);
  sha256 = ui_test_file_sha256 (path);
  g_assert_cmpstr (sha256, ==, file->current_sha256);
  sql = g_strdup_printf ("SELECT count(*) FROM outbox WHERE type = 'sign_result' AND dossier_code = '%s'"
                         " AND json_extract (payload, '$.file.sha256') = '%s'"
                         " AND json_extract (payload, '$.file.signature') = 'leader'"
                         " AND json_extract (payload, '$.file.signer') = 'Nguyễn Văn An'"
                         " AND json_extract (payload, '$.step') = 'signed'", desk->approved, sha256);
  g_assert_cmpint (fixture_count (store, sql), ==, 1);
  g_assert_cmpint (fixture_count (store, "SELECT count(*) FROM outbox WHERE type = 'sign_result'"), ==, 1);
  ui_test_assert_signed (path, env ("MC_PKI_ROOT"), 1, "Nguyễn Văn An");

  /* The pane followed: the same dossier, now signed, its result with the
   * leader's signature and nothing left to sign. */
  {
    McResultFile *shown;
    AdwActionRow *row;

    ui_test_wait_pane (pane, desk->approved, "signed");
    shown = g_ptr_array_index (mc_results_section_get_results (section), 0);
    g_assert_true (mc_result_file_has_signature (shown, MC_SIGNATURE_KIND_LEADER));
    g_assert_cmpstr (shown->current_sha256, ==, sha256);
    g_assert_false (mc_results_section_can_sign (section));
    row = ADW_ACTION_ROW (ui_test_find (GTK_WIDGET (section), ADW_TYPE_ACTION_ROW));
    g_test_message ("result row: %s", adw_action_row_get_subtitle (row));
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "Nguyễn Văn An"));
  }
  scroll_to_results (section);
  ui_test_screenshot ("ui-window-signed.png");

  /* The pane's Verify button, clicked: the verification window on that
   * file. */
  ui_test_click (find_button (GTK_WIDGET (section), "Verify"));
  ui_test_wait_until (verify_window_open, NULL);
  verify = find_toplevel (MC_TYPE_VERIFY_WINDOW, NULL);
  seen = g_list_prepend (seen, verify);
  check_verify_window (verify);
  ui_test_settle ();
  ui_test_screenshot ("ui-window-verify-pane.png");

  /* win.verify: an empty verification window, then the same file opened
   * in it (what its file chooser does). */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.verify", NULL);
  ui_test_wait_until (verify_window_open, seen);
  verify = find_toplevel (MC_TYPE_VERIFY_WINDOW, seen);
  g_assert_cmpstr (mc_verify_window_get_state (verify), ==, "empty");
  mc_verify_window_open_file (verify, path, file->name);
  check_verify_window (verify);
  ui_test_settle ();
  ui_test_screenshot ("ui-window-verify.png");
  gtk_window_destroy (GTK_WINDOW (verify));

  /* The same window in Vietnamese, as an official reads it, on the
   * signed result and on a forged copy: in a child process started in
   * vi_VN (GLib decides once per process whether to translate). */
  {
    g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
    const char *child[] = { self_exe, "--verify-vi", path, NULL };

    g_assert_nonnull (self_exe);
    ui_test_run (child);
  }

  gtk_window_destroy (GTK_WINDOW (seen->data));
}

static gboolean
run_checks (gpointer user_data)
{
  McApplication *app = user_data;
  Desk *desk = g_object_get_data (G_OBJECT (app), "desk");

  sign_from_window (app, desk);
  ui_test_close_all (app);

  return G_SOURCE_REMOVE;
}

static void
app_started (GApplication *app)
{
  g_idle_add (run_checks, app);
}

static void
test_window_signing (void)
{
  g_autoptr(McApplication) app = mc_application_new ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  Desk desk = { 0 };
  char *argv[] = { (char *) "motcua", (char *) "--workspace", NULL, NULL };

  make_desk (&desk);
  argv[2] = desk.fixture->tmp;
  g_settings_set_string (settings, "signing-level", "B-T");
  g_settings_set_string (settings, "signing-tsa-url", env ("MC_PKI_TSA_URL"));
  g_object_set_data (G_OBJECT (app), "desk", &desk);
  g_signal_connect (app, "startup", G_CALLBACK (app_started), NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);

  fixture_free (desk.fixture);
  g_free (desk.approved);
  g_free (desk.waiting);
}

/* The child run by sign_from_window(): the verification window in
 * Vietnamese on @path and on a forged copy; the user's trust folder and
 * the peers are the parent's. */
static int
verify_vi (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *forged = NULL;

  g_setenv ("LC_ALL", "vi_VN.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "vi", TRUE);
  tmp_dir = g_dir_make_tmp ("motcua-verify-vi-XXXXXX", &error);
  g_assert_no_error (error);
  mc_core_init ();
  adw_init ();
  check_verify_window_vi (NULL, path, MC_PDF_VERDICT_VALID,
                          "Chữ ký hợp lệ: văn bản giữ nguyên như khi được ký.", "ui-window-verify-vi-valid.png");
  forged = forge_copy (path);
  check_verify_window_vi (NULL, forged, MC_PDF_VERDICT_INVALID,
                          "Chữ ký KHÔNG hợp lệ", "ui-window-verify-vi-forged.png");
  g_unlink (forged);
  g_rmdir (tmp_dir);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = NULL;
  int status;

  if (argc == 3 && g_strcmp0 (argv[1], "--verify-vi") == 0)
    return verify_vi (argv[2]);

  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  tmp_dir = g_dir_make_tmp ("motcua-window-signing-XXXXXX", &error);
  g_assert_no_error (error);
  /* The user's trust anchors (the verification window's) in here, not in
   * the real home: set before anything asks GLib for the folder. */
  data_home = g_build_filename (tmp_dir, "data", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  mc_core_init ();
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpstr (g_get_user_data_dir (), ==, data_home);

  pki = mc_test_pki_start ();
  ui_test_trust_root (env ("MC_PKI_ROOT"));
  {
    const char *paths[] = { env ("MC_PKI_SOFTHSM2_MODULE"), NULL };

    if (!mc_pkcs11_configure (paths, FALSE, &error))
      g_error ("%s", error->message);
  }

  g_test_add_func ("/sign-ui/window", test_window_signing);
  status = g_test_run ();

  mc_test_pki_stop (pki);
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", tmp_dir);

    if (system (command) != 0)
      g_printerr ("could not remove %s\n", tmp_dir);
  }
  g_free (tmp_dir);

  return status;
}
