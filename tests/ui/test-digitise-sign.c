/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "Ký số bản sao" in the scan dialog under Xvfb, in Vietnamese, on a real
 * store, with the SoftHSM tokens and PKI of tests/pki/make-pki.sh behind
 * the mc-test-token wrapper (a token that can be pulled out):
 * - receive-held: a page imported, the switch on, Attach reads the token's
 *   certificates in a worker and, as the token holds several, asks which
 *   one signs, then the PIN once; cancelling the PIN keeps the dialog and
 *   its page. With the PIN the dialog closes, the row gets the unsigned
 *   copy at once and Receive stores it while the desk's OCR and sign
 *   queues are held: the copy is attached, waiting for its text and the
 *   signature. The text read, the pane shows "Chờ ký số"; the sign queue
 *   released, the copy's newest version is signed (our verifier and
 *   pdfsig, signer the office), searchable (pdftotext), marked signed in
 *   the store, and the pane shows "Đã ký số"; a second copy the same day
 *   is signed without a second PIN.
 * - token-pulled: the token pulled out before the queue reaches the copy
 *   closes the session; the copy stays attached and waiting, the queue
 *   says what to do, the scan dialog offers "Ký các bản sao đang chờ";
 *   the token back, one PIN signs it; exactly one signed version, also
 *   when the signed file is recorded a second time. Signing out closes
 *   the session too.
 * - no-token: no token inserted when Attach is pressed with the switch
 *   on: the copy is attached all the same, no PIN asked, and waits;
 *   once read the queue says what to do, and with the token inserted
 *   one PIN signs it.
 * - killed: a desk that attached a copy to sign and was killed (SIGKILL)
 *   finds it waiting at its next open; once read it is "Chờ ký số", and
 *   signed later with one PIN.
 * Screenshots go to the test log folder. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "digitise-fixture.h"
#include "digitise/mc-ocr-queue.h"
#include "digitise/mc-page-pdf.h"
#include "digitise/mc-scan-dialog.h"
#include "digitise/mc-sign-queue.h"
#include "mc-component-checklist.h"
#include "mc-component-row.h"
#include "mc-core.h"
#include "mc-dossier-pane-private.h"
#include "mc-pin-dialog.h"
#include "mc-pkcs11.h"
#include "mc-test-pki.h"
#include "mc-pades-signer.h"
#include "store/mc-blob-store.h"
#include "store/mc-desk-files.h"
#include "ui-test-signed.h"
#include "ui-test-util.h"
#include "workflow-fixture.h"

static McTestPki *pki;
static char *tmp_dir;
static char *state_dir;

static void
set_pulled (const char *label)
{
  g_autofree char *path = g_build_filename (state_dir, "pulled", NULL);

  g_assert_true (g_file_set_contents (path, label != NULL ? label : "", -1, NULL));
}

static gboolean
has_pin_dialog (gpointer data)
{
  return mc_scan_dialog_get_pin_dialog (data) != NULL;
}

static gboolean
pin_dialog_gone (gpointer data)
{
  return mc_scan_dialog_get_pin_dialog (data) == NULL;
}

static gboolean
has_chooser_or_pin (gpointer data)
{
  McTokenChooser *chooser = mc_scan_dialog_get_token_chooser (data);

  return mc_scan_dialog_get_pin_dialog (data) != NULL ||
         (chooser != NULL && !mc_token_chooser_get_loading (chooser) &&
          mc_token_chooser_get_identity (chooser) != NULL);
}

static gboolean
sign_idle (gpointer data)
{
  return !mc_sign_queue_get_busy (data);
}

static gboolean
session_gone (gpointer data)
{
  return mc_sign_queue_get_session (data) == NULL;
}

/* The certificate on the first test token, which also holds the issuing
 * CA (the chain the signature carries). */
static McSigningIdentity *
find_identity (McTokenChooser *chooser)
{
  for (guint i = 0; i < mc_token_chooser_get_n_identities (chooser); i++)
    {
      McSigningIdentity *identity = mc_token_chooser_get_nth (chooser, i, NULL);

      if (g_strcmp0 (mc_token_get_label (mc_signing_identity_get_token (identity)),
                     mc_test_pki_get (pki, "MC_PKI_TOKEN_LABEL")) == 0 &&
          g_strcmp0 (mc_certificate_get_subject_cn (mc_signing_identity_get_certificate (identity)),
                     "Trần Thị Bình") == 0)
        return identity;
    }
  return NULL;
}

static gboolean
chooser_has_identity (gpointer data)
{
  return !mc_token_chooser_get_loading (data) && find_identity (data) != NULL;
}

/* The question of the certificate (the test token holds several), then
 * the PIN dialog. */
static McPinDialog *
choose_to_pin (McScanDialog *scan,
               const char   *screenshot)
{
  McTokenChooser *chooser;
  GtkWidget *question;

  g_assert_true (mc_scan_dialog_get_busy (scan));
  ui_test_wait_until (has_chooser_or_pin, scan);
  chooser = mc_scan_dialog_get_token_chooser (scan);
  g_assert_nonnull (chooser);
  g_assert_cmpuint (mc_token_chooser_get_n_identities (chooser), >, 1);
  ui_test_wait_until (chooser_has_identity, chooser);
  g_assert_true (mc_token_chooser_select (chooser, find_identity (chooser)));
  ui_test_settle ();
  if (screenshot != NULL)
    ui_test_screenshot (screenshot);
  question = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (chooser)));
  g_assert_true (ADW_IS_MESSAGE_DIALOG (question));
  g_object_ref (question);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (question), "sign");
  gtk_window_destroy (GTK_WINDOW (question));
  g_object_unref (question);
  g_assert_null (mc_scan_dialog_get_token_chooser (scan));
  ui_test_wait_until (has_pin_dialog, scan);
  return mc_scan_dialog_get_pin_dialog (scan);
}

static void
type_pin (McPinDialog *pin)
{
  ui_test_focus_window (GTK_WINDOW (pin));
  gtk_widget_grab_focus (GTK_WIDGET (mc_pin_dialog_get_entry (pin)));
  ui_test_type (GTK_WINDOW (pin), mc_test_pki_get (pki, "MC_PKI_PIN"));
  ui_test_key (GTK_WINDOW (pin), "Return");
}

/* The procedure the workflow fixture stores, for the reception checklist. */
static const char birth_definition[] =
  "{\"code\": \"1.001193\", \"name\": \"Đăng ký khai sinh\", \"field\": \"Hộ tịch\","
  " \"level\": \"commune\", \"working_days\": 3, \"fee\": 0,"
  " \"components\": ["
  "  {\"code\": \"TP1\", \"name\": \"Tờ khai đăng ký khai sinh\", \"copies\": 1, \"kind\": \"original\", \"required\": true},"
  "  {\"code\": \"TP2\", \"name\": \"Giấy chứng sinh\", \"copies\": 1, \"kind\": \"original\", \"required\": true}"
  " ]," FIXTURE_PROCEDURE_TAIL "}";

/* The reception dialog's components step: its checklist, in a window. */
typedef struct
{
  GtkWindow *window;
  McComponentChecklist *checklist;
  McComponentRow *row;      /* TP1 */
  GPtrArray *rows;
} RowWindow;

static void
row_window_open (RowWindow *rw)
{
  g_autoptr(McProcedure) procedure = NULL;
  g_autoptr(GError) error = NULL;
  AdwToastOverlay *overlay;

  procedure = mc_procedure_new_from_data (birth_definition, -1, "test", &error);
  g_assert_no_error (error);
  rw->checklist = g_object_new (MC_TYPE_COMPONENT_CHECKLIST, NULL);
  mc_component_checklist_set_procedure (rw->checklist, procedure);
  rw->row = mc_component_checklist_find (rw->checklist, "TP1");
  g_assert_nonnull (rw->row);
  /* The birth certificate handed over on paper only. */
  mc_component_row_set_provided (mc_component_checklist_find (rw->checklist, "TP2"), TRUE);
  rw->window = GTK_WINDOW (adw_window_new ());
  overlay = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (overlay, GTK_WIDGET (rw->checklist));
  adw_window_set_content (ADW_WINDOW (rw->window), GTK_WIDGET (overlay));
  gtk_window_set_default_size (rw->window, 760, 560);
  gtk_window_present (rw->window);
  rw->rows = g_ptr_array_new ();
  g_ptr_array_add (rw->rows, rw->row);
}

static void
row_window_close (RowWindow *rw)
{
  gtk_window_destroy (rw->window);
  g_ptr_array_unref (rw->rows);
}

static McScanDialog *
open_scan (RowWindow *rw,
           McDesk    *desk)
{
  McScanDialog *scan = mc_scan_dialog_new (rw->rows, rw->row);

  mc_scan_dialog_set_desk (scan, desk);
  gtk_window_set_transient_for (GTK_WINDOW (scan), rw->window);
  gtk_window_present (GTK_WINDOW (scan));
  ui_test_wait_until (digitise_scan_idle, scan);
  return scan;
}

/* A page imported into the dialog, "Sign the copies" on, attached with
 * the PIN (or without, when the day's session is held); the dialog goes
 * and the row gets its copy. */
static void
attach_signed (RowWindow  *rw,
               McDesk     *desk,
               const char *png,
               gboolean    expect_pin)
{
  const char *files[] = { png, NULL };
  McScanDialog *scan = open_scan (rw, desk);
  gpointer weak = scan;

  mc_scan_dialog_import_files (scan, files);
  ui_test_wait_until (digitise_scan_idle, scan);
  g_assert_cmpuint (mc_scan_dialog_get_n_pages (scan), ==, 1);
  mc_scan_dialog_set_sign_copies (scan, TRUE);
  g_object_add_weak_pointer (G_OBJECT (scan), &weak);
  mc_scan_dialog_attach (scan);
  if (expect_pin)
    type_pin (choose_to_pin (scan, NULL));
  else
    g_assert_null (mc_scan_dialog_get_pin_dialog (scan));
  ui_test_wait_until (digitise_is_null, &weak);
  ui_test_wait_until (digitise_row_has_file, rw->row);
  g_assert_true (mc_component_row_is_to_sign (rw->row, g_ptr_array_index (mc_component_row_get_files (rw->row), 0)));
}

/* Receive, the checklist handing its rows' files over as the reception
 * dialog has it do. */
static char *
receive_row (McDesk    *desk,
             RowWindow *rw)
{
  g_autoptr(McReception) reception = fixture_birth_reception ();
  g_autoptr(McReceptionResult) result = NULL;
  g_autoptr(GError) error = NULL;

  mc_component_checklist_fill_reception (rw->checklist, reception);
  g_assert_true (mc_reception_component_is_to_sign (mc_reception_find_component (reception, "TP1"),
                                                    g_ptr_array_index (mc_component_row_get_files (rw->row), 0)));
  mc_desk_set_officer_login (desk, "lan");
  result = mc_desk_receive (desk, reception, NULL, &error);
  g_assert_no_error (error);
  return g_strdup (result->code);
}

static gint64
count_tp1 (McDesk     *desk,
           const char *code,
           const char *where)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM dossier_file f JOIN dossier d ON d.id = f.dossier_id"
                                          " WHERE d.code = '%s' AND f.component_code = 'TP1'%s%s", code,
                                          where != NULL ? " AND " : "", where != NULL ? where : "");

  return fixture_count (mc_desk_get_store (desk), sql);
}

/* One signature by @signer over the whole of @path, which our verifier
 * checks (digest, signature, signing certificate, chain to the test
 * root; revocation is not asked of a copy signed at B-B) and pdfsig
 * finds valid. */
static void
assert_copy_signed (const char *path,
                    const char *signer)
{
  g_autoptr(McTrustStore) trust = mc_trust_store_new ();
  g_autoptr(McVerifier) verifier = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { "pdfsig", path, NULL };
  McPdfSignatureCheck *check;
  int status = -1;

  g_assert_true (mc_trust_store_add_file (trust, mc_test_pki_get (pki, "MC_PKI_ROOT"), &error));
  g_assert_no_error (error);
  verifier = mc_verifier_new (trust);
  checks = mc_pdf_verify_file (path, verifier, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (checks->len, ==, 1);
  check = g_ptr_array_index (checks, 0);
  {
    g_autofree char *summary = mc_signature_report_get_summary (check->report);
    GStrv problems = mc_signature_report_get_problems (check->report);
    g_autofree char *joined = problems != NULL ? g_strjoinv ("; ", problems) : NULL;

    g_test_message ("%s: %s, %s (%s)", path, check->signer, summary, joined);
  }
  g_assert_cmpstr (check->signer, ==, signer);
  g_assert_true (check->covers_document);
  g_assert_false (check->changed_after);
  g_assert_cmpint (mc_signature_report_get_digest_check (check->report), ==, MC_CHECK_PASSED);
  g_assert_cmpint (mc_signature_report_get_signature_check (check->report), ==, MC_CHECK_PASSED);
  g_assert_cmpint (mc_signature_report_get_signing_certificate_check (check->report), ==, MC_CHECK_PASSED);
  g_assert_cmpint (mc_signature_report_get_chain_check (check->report), ==, MC_CHECK_PASSED);

  out = mc_test_run (argv, &status, &err);
  g_test_message ("pdfsig %s:\n%s%s", path, out, err);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "Signature Validation: Signature is Valid."));
  g_assert_nonnull (strstr (out, "Total document signed"));
  g_assert_null (strstr (out, "Signature #2"));
}

/* The newest TP1 file of @code: signed in the store by @signer, its blob
 * signed (our verifier and pdfsig) and searchable. */
static void
assert_newest_signed (McDesk     *desk,
                      const char *code,
                      const char *signer)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McDossier) dossier = mc_desk_load_dossier (desk, code, &error);
  const McDossierFile *newest = NULL;
  g_autofree char *blob = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < dossier->files->len; i++)
    {
      const McDossierFile *file = g_ptr_array_index (dossier->files, i);

      if (g_strcmp0 (file->component_code, "TP1") == 0)
        newest = file;
    }
  g_assert_nonnull (newest);
  g_assert_false (newest->ocr_pending);
  g_assert_false (newest->sign_pending);
  g_assert_cmpstr (newest->signed_sha256, ==, newest->sha256);
  g_assert_cmpstr (newest->signed_by, ==, signer);
  g_assert_cmpint (newest->signed_at, >, 0);
  blob = mc_blob_store_path (mc_store_get_blob_dir (mc_desk_get_store (desk)), newest->sha256);
  assert_copy_signed (blob, signer);
  /* The signature covers the searchable version. */
  text = ui_test_page_text (blob, 0);
  g_test_message ("signed copy's text: %s", text);
  g_assert_cmpuint (strlen (g_strstrip (text)), >, 0);
}

typedef struct
{
  McDossierPane *pane;
  const char *code;
  const char *state;
} PaneWait;

/* The pane shows @code, its TP1 row in @state. */
static gboolean
pane_tp1_in (gpointer data)
{
  PaneWait *wait = data;
  const McDossier *dossier = mc_dossier_pane_get_dossier (wait->pane);
  GtkListBoxRow *row;
  const char *subtitle;

  if (mc_dossier_pane_get_loading (wait->pane) || dossier == NULL || g_strcmp0 (dossier->code, wait->code) != 0)
    return FALSE;
  row = gtk_list_box_get_row_at_index (wait->pane->components_list, 0);
  subtitle = row != NULL ? adw_action_row_get_subtitle (ADW_ACTION_ROW (row)) : NULL;
  return subtitle != NULL && strstr (subtitle, wait->state) != NULL;
}

/* Scrolls the pane so @widget is near the top of what is shown. */
static void
scroll_to (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;
  graphene_point_t at;

  g_assert_nonnull (scrolled);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  g_assert_true (gtk_widget_compute_point (widget, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)),
                                           &GRAPHENE_POINT_INIT (0, 0), &at));
  /* A pane just reloaded may not have its full height yet. */
  for (guint i = 0; i < 5 && gtk_adjustment_get_value (adjustment) < at.y - 100; i++)
    {
      gtk_adjustment_set_value (adjustment, at.y - 100);
      ui_test_settle ();
    }
}

static McDossierPane *
open_pane (McDesk     *desk,
           GtkWindow **window)
{
  McDossierPane *pane = g_object_new (MC_TYPE_DOSSIER_PANE, NULL);

  *window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_default_size (*window, 900, 700);
  adw_window_set_content (ADW_WINDOW (*window), GTK_WIDGET (pane));
  mc_dossier_pane_set_desk (pane, desk);
  gtk_window_present (*window);
  return pane;
}

static const char *
session_signer (McSignQueue *queue)
{
  McSigningSession *session = mc_sign_queue_get_session (queue);

  g_assert_nonnull (session);
  return mc_certificate_get_subject_cn (mc_signing_identity_get_certificate (mc_signing_session_get_identity (session)));
}

static void
test_receive_held (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autofree char *png = ui_test_make_png (tmp_dir, "giay-to.png", 400, 560, TRUE, 100);
  g_autofree char *png2 = ui_test_make_png (tmp_dir, "giay-to-2.png", 400, 560, FALSE, 100);
  const char *files[] = { png, NULL };
  g_autofree char *code = NULL;
  g_autofree char *code2 = NULL;
  g_autofree char *signer = NULL;
  McOcrQueue *ocr = mc_ocr_queue_get_for_desk (fixture->desk);
  McSignQueue *queue = mc_sign_queue_get_for_desk (fixture->desk);
  GtkWindow *pane_window;
  McDossierPane *pane;
  RowWindow rw = { 0 };
  McScanDialog *scan;
  McPinDialog *pin;
  PaneWait wait;

  mc_desk_set_officer_login (fixture->desk, "lan");
  row_window_open (&rw);
  scan = open_scan (&rw, fixture->desk);
  mc_scan_dialog_import_files (scan, files);
  ui_test_wait_until (digitise_scan_idle, scan);
  mc_scan_dialog_set_sign_copies (scan, TRUE);

  /* Cancel at the PIN: nothing is attached, the page is kept. */
  mc_scan_dialog_attach (scan);
  pin = choose_to_pin (scan, "ui-digitise-sign-0-choose.png");
  gtk_window_close (GTK_WINDOW (pin));
  ui_test_wait_until (pin_dialog_gone, scan);
  ui_test_settle ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (scan)));
  g_assert_cmpuint (mc_scan_dialog_get_n_pages (scan), ==, 1);
  g_assert_cmpuint (mc_component_row_get_files (rw.row)->len, ==, 0);
  g_assert_cmpuint (mc_component_row_get_pending (rw.row), ==, 0);
  g_assert_null (mc_sign_queue_get_session (queue));

  /* Both queues held: Receive must not wait for OCR or signing. */
  mc_ocr_queue_hold (ocr, TRUE);
  mc_sign_queue_hold (queue, TRUE);
  {
    gpointer weak = scan;

    mc_scan_dialog_attach (scan);
    pin = choose_to_pin (scan, NULL);
    ui_test_screenshot ("ui-digitise-sign-1-pin.png");
    g_object_add_weak_pointer (G_OBJECT (scan), &weak);
    type_pin (pin);
    ui_test_wait_until (digitise_is_null, &weak);
  }
  ui_test_wait_until (digitise_row_has_file, rw.row);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (rw.row), TRUE);
  ui_test_settle ();
  ui_test_screenshot ("ui-digitise-sign-2-attached.png");
  signer = g_strdup (session_signer (queue));
  code = receive_row (fixture->desk, &rw);
  mc_ocr_queue_resume (ocr);
  g_assert_cmpint (count_tp1 (fixture->desk, code, NULL), ==, 1);
  g_assert_cmpint (count_tp1 (fixture->desk, code, "f.ocr_pending = 1 AND f.sign_pending = 1"), ==, 1);
  g_assert_cmpint (count_tp1 (fixture->desk, code, "f.signed_sha256 IS NOT NULL"), ==, 0);

  /* The text read, the copy waits for the signature. */
  pane = open_pane (fixture->desk, &pane_window);
  mc_dossier_pane_show_code (pane, code);
  mc_ocr_queue_hold (ocr, FALSE);
  ui_test_wait_until (digitise_ocr_idle, ocr);
  wait.pane = pane;
  wait.code = code;
  wait.state = "Chờ ký số";
  mc_dossier_pane_reload (pane);
  ui_test_wait_until (pane_tp1_in, &wait);
  g_assert_cmpint (count_tp1 (fixture->desk, code, NULL), ==, 2);
  g_assert_cmpint (count_tp1 (fixture->desk, code, "f.sign_pending = 1"), ==, 1);
  g_assert_cmpint (count_tp1 (fixture->desk, code, "f.sign_pending = 1 AND f.ocr_pending = 0"), ==, 1);
  ui_test_settle ();
  scroll_to (GTK_WIDGET (pane->components_list));
  ui_test_screenshot ("ui-digitise-sign-3-waiting.png");

  /* Released: signed, recorded, and the pane says so by itself. */
  wait.state = "Đã ký số";
  mc_sign_queue_hold (queue, FALSE);
  ui_test_wait_until (pane_tp1_in, &wait);
  ui_test_wait_until (sign_idle, queue);
  g_assert_cmpint (count_tp1 (fixture->desk, code, NULL), ==, 3);
  g_assert_cmpint (count_tp1 (fixture->desk, code, "f.sign_pending = 1"), ==, 0);
  g_assert_cmpint (count_tp1 (fixture->desk, code, "f.signed_sha256 IS NOT NULL"), ==, 1);
  g_assert_cmpuint (mc_sign_queue_get_n_waiting (queue), ==, 0);
  g_assert_null (mc_sign_queue_get_message (queue));
  assert_newest_signed (fixture->desk, code, signer);
  ui_test_settle ();
  scroll_to (GTK_WIDGET (pane->components_list));
  ui_test_screenshot ("ui-digitise-sign-4-signed.png");

  /* A second copy the same day: no second PIN, signed once read. */
  row_window_close (&rw);
  row_window_open (&rw);
  attach_signed (&rw, fixture->desk, png2, FALSE);
  code2 = receive_row (fixture->desk, &rw);
  mc_ocr_queue_resume (ocr);
  mc_dossier_pane_show_code (pane, code2);
  wait.code = code2;
  ui_test_wait_until (pane_tp1_in, &wait);
  ui_test_wait_until (sign_idle, queue);
  assert_newest_signed (fixture->desk, code2, signer);
  g_assert_cmpint (count_tp1 (fixture->desk, code2, "f.signed_sha256 IS NOT NULL"), ==, 1);

  row_window_close (&rw);
  gtk_window_destroy (pane_window);
}

static gboolean
waiting_told (gpointer data)
{
  McSignQueue *queue = data;

  return !mc_sign_queue_get_busy (queue) && mc_sign_queue_get_n_waiting (queue) == 1 &&
         mc_sign_queue_get_message (queue) != NULL;
}

static gboolean
button_shown (gpointer data)
{
  GtkWidget *button = ui_test_find_named (data, "sign_waiting_button");

  return button != NULL && gtk_widget_get_visible (button);
}

/* "Ký các bản sao đang chờ" in an empty scan dialog, one PIN; the
 * queue signs what waits. */
static void
sign_waiting (RowWindow *rw,
              McDesk    *desk)
{
  McScanDialog *scan = open_scan (rw, desk);
  McSignQueue *queue = mc_sign_queue_get_for_desk (desk);
  GtkWidget *button;

  ui_test_wait_until (button_shown, scan);
  button = ui_test_find_named (GTK_WIDGET (scan), "sign_waiting_button");
  g_test_message ("the button says: %s", gtk_widget_get_tooltip_text (button));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (button), "Ký các bản sao đang chờ"));
  ui_test_settle ();
  ui_test_screenshot ("ui-digitise-sign-5-waiting-button.png");
  g_signal_emit_by_name (button, "clicked");
  type_pin (choose_to_pin (scan, NULL));
  ui_test_wait_until (pin_dialog_gone, scan);
  g_assert_nonnull (mc_sign_queue_get_session (queue));
  ui_test_wait_until (sign_idle, queue);
  gtk_window_destroy (GTK_WINDOW (scan));
}

static void
test_token_pulled (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autofree char *png = ui_test_make_png (tmp_dir, "giay-to-3.png", 400, 560, TRUE, 100);
  g_autofree char *code = NULL;
  g_autofree char *label = NULL;
  g_autofree char *signer = NULL;
  McOcrQueue *ocr = mc_ocr_queue_get_for_desk (fixture->desk);
  McSignQueue *queue = mc_sign_queue_get_for_desk (fixture->desk);
  RowWindow rw = { 0 };
  PaneWait wait;
  GtkWindow *pane_window;
  McDossierPane *pane;

  mc_desk_set_officer_login (fixture->desk, "lan");
  row_window_open (&rw);
  mc_ocr_queue_hold (ocr, TRUE);
  attach_signed (&rw, fixture->desk, png, TRUE);
  label = g_strdup (mc_token_get_label (mc_signing_identity_get_token (
                      mc_signing_session_get_identity (mc_sign_queue_get_session (queue)))));
  signer = g_strdup (session_signer (queue));
  code = receive_row (fixture->desk, &rw);

  /* Pulled out before the queue reaches the copy: the session is closed. */
  set_pulled (label);
  ui_test_wait_until (session_gone, queue);
  g_test_message ("after the token was pulled: %s", mc_sign_queue_get_message (queue));
  g_assert_nonnull (strstr (mc_sign_queue_get_message (queue), "rút"));

  /* Read, then waiting, with what to do; nothing signed. */
  mc_ocr_queue_hold (ocr, FALSE);
  mc_ocr_queue_resume (ocr);
  ui_test_wait_until (digitise_ocr_idle, ocr);
  ui_test_wait_until (waiting_told, queue);
  g_test_message ("waiting: %s", mc_sign_queue_get_message (queue));
  g_assert_nonnull (strstr (mc_sign_queue_get_message (queue), "Ký các bản sao đang chờ"));
  g_assert_cmpint (count_tp1 (fixture->desk, code, NULL), ==, 2);
  g_assert_cmpint (count_tp1 (fixture->desk, code, "f.sign_pending = 1 AND f.ocr_pending = 0"), ==, 1);
  g_assert_cmpint (count_tp1 (fixture->desk, code, "f.signed_sha256 IS NOT NULL"), ==, 0);
  pane = open_pane (fixture->desk, &pane_window);
  mc_dossier_pane_show_code (pane, code);
  wait.pane = pane;
  wait.code = code;
  wait.state = "Chờ ký số";
  ui_test_wait_until (pane_tp1_in, &wait);

  /* Back in: one PIN signs it, once. */
  set_pulled (NULL);
  sign_waiting (&rw, fixture->desk);
  wait.state = "Đã ký số";
  ui_test_wait_until (pane_tp1_in, &wait);
  g_assert_cmpint (count_tp1 (fixture->desk, code, NULL), ==, 3);
  g_assert_cmpint (count_tp1 (fixture->desk, code, "f.sign_pending = 1"), ==, 0);
  assert_newest_signed (fixture->desk, code, signer);

  /* The same copy signed again (a second queue, a batch run twice): no
   * second signed version. */
  {
    g_autofree char *text_id = fixture_text (mc_desk_get_store (fixture->desk),
                                             "SELECT CAST(id AS TEXT) FROM dossier_file WHERE component_code = 'TP1'"
                                             " ORDER BY id LIMIT 1 OFFSET 1");
    g_autofree char *newest = fixture_text (mc_desk_get_store (fixture->desk),
                                            "SELECT sha256 FROM dossier_file WHERE component_code = 'TP1'"
                                            " ORDER BY id DESC LIMIT 1");
    g_autofree char *blob = mc_blob_store_path (mc_store_get_blob_dir (mc_desk_get_store (fixture->desk)), newest);
    g_autoptr(GError) error = NULL;
    g_autofree char *op_id = mc_desk_record_signed_copy (fixture->desk, g_ascii_strtoll (text_id, NULL, 10), blob,
                                                         signer, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (op_id, ==, "");
    mc_sign_queue_resume (queue);
    ui_test_wait_until (sign_idle, queue);
    g_assert_cmpint (count_tp1 (fixture->desk, code, NULL), ==, 3);
    g_assert_cmpint (count_tp1 (fixture->desk, code, "f.signed_sha256 IS NOT NULL"), ==, 1);
  }

  /* Signing out ends the day's session. */
  g_assert_nonnull (mc_sign_queue_get_session (queue));
  mc_sign_queue_end_session (queue, NULL);
  g_assert_null (mc_sign_queue_get_session (queue));

  row_window_close (&rw);
  gtk_window_destroy (pane_window);
}

/* Attach with no token inserted: the citizen's page is not held back. */
static void
test_no_token (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autofree char *png = ui_test_make_png (tmp_dir, "giay-to-4.png", 400, 560, TRUE, 100);
  g_autofree char *code = NULL;
  g_autofree char *pulled = g_strdup_printf ("%s\n%s\n", mc_test_pki_get (pki, "MC_PKI_TOKEN_LABEL"),
                                             mc_test_pki_get (pki, "MC_PKI_TOKEN2_LABEL"));
  McOcrQueue *ocr = mc_ocr_queue_get_for_desk (fixture->desk);
  McSignQueue *queue = mc_sign_queue_get_for_desk (fixture->desk);
  RowWindow rw = { 0 };

  mc_desk_set_officer_login (fixture->desk, "lan");
  row_window_open (&rw);
  mc_ocr_queue_hold (ocr, TRUE);
  set_pulled (pulled);
  g_assert_null (mc_sign_queue_get_session (queue));
  attach_signed (&rw, fixture->desk, png, FALSE);
  g_assert_null (mc_sign_queue_get_session (queue));
  code = receive_row (fixture->desk, &rw);
  g_assert_cmpint (count_tp1 (fixture->desk, code, "f.sign_pending = 1"), ==, 1);

  /* Read, then waiting, with what to do; nothing signed. */
  mc_ocr_queue_hold (ocr, FALSE);
  mc_ocr_queue_resume (ocr);
  ui_test_wait_until (digitise_ocr_idle, ocr);
  ui_test_wait_until (waiting_told, queue);
  g_test_message ("waiting: %s", mc_sign_queue_get_message (queue));
  g_assert_nonnull (strstr (mc_sign_queue_get_message (queue), "Ký các bản sao đang chờ"));
  g_assert_cmpint (count_tp1 (fixture->desk, code, "f.signed_sha256 IS NOT NULL"), ==, 0);

  /* The token inserted: one PIN signs it. */
  set_pulled (NULL);
  sign_waiting (&rw, fixture->desk);
  g_assert_cmpint (count_tp1 (fixture->desk, code, "f.sign_pending = 1"), ==, 0);
  assert_newest_signed (fixture->desk, code, session_signer (queue));
  mc_sign_queue_end_session (queue, NULL);
  row_window_close (&rw);
}

static void
got_result (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

/* The child: attaches a copy to sign, then dies before anything reads or
 * signs it. */
static void
killed_child (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McDesk) desk = mc_desk_open (g_getenv ("MC_TEST_WORKSPACE"), MC_STORE_OPEN_DEFAULT, &error);
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *op_id = NULL;

  g_assert_no_error (error);
  mc_desk_set_officer_login (desk, "lan");
  mc_desk_attach_component_copy_async (desk, g_getenv ("MC_TEST_CODE"), "TP1", g_getenv ("MC_TEST_SCAN"), NULL,
                                       got_result, &result);
  ui_test_wait_until (has_result, &result);
  op_id = mc_desk_attach_component_file_finish (desk, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (op_id);
  raise (SIGKILL);
}

static void
test_killed (void)
{
  g_autoptr(Fixture) fixture = NULL;
  g_autofree char *png = NULL;
  g_autofree char *scan = NULL;
  g_autofree char *code = NULL;
  g_autofree char *signer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_scanned_page_free);
  McSignQueue *queue;
  McOcrQueue *ocr;
  RowWindow rw = { 0 };
  PaneWait wait;
  GtkWindow *pane_window;
  McDossierPane *pane;

  if (g_test_subprocess ())
    {
      killed_child ();
      return;
    }
  fixture = fixture_new (TRUE);
  png = ui_test_make_png (tmp_dir, "giay-to-4.png", 400, 560, TRUE, 100);
  scan = g_build_filename (fixture->tmp, "TP1.pdf", NULL);
  g_ptr_array_add (pages, mc_page_load_file (png, &error));
  g_assert_no_error (error);
  g_assert_true (mc_page_pdf_write (pages, scan, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(McReception) reception = fixture_birth_reception ();
    g_autoptr(McReceptionResult) result = NULL;

    mc_desk_set_officer_login (fixture->desk, "lan");
    result = mc_desk_receive (fixture->desk, reception, NULL, &error);
    g_assert_no_error (error);
    code = g_strdup (result->code);
  }
  mc_store_close (mc_desk_get_store (fixture->desk));
  g_setenv ("MC_TEST_WORKSPACE", fixture->tmp, TRUE);
  g_setenv ("MC_TEST_CODE", code, TRUE);
  g_setenv ("MC_TEST_SCAN", scan, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_assert_false (g_test_trap_has_passed ());

  /* The next open: the copy is there, waiting for its text and signature. */
  fixture_reopen (fixture);
  mc_desk_set_officer_login (fixture->desk, "lan");
  g_assert_cmpint (count_tp1 (fixture->desk, code, NULL), ==, 1);
  g_assert_cmpint (count_tp1 (fixture->desk, code, "f.ocr_pending = 1 AND f.sign_pending = 1"), ==, 1);
  ocr = mc_ocr_queue_get_for_desk (fixture->desk);
  queue = mc_sign_queue_get_for_desk (fixture->desk);
  pane = open_pane (fixture->desk, &pane_window);
  mc_dossier_pane_show_code (pane, code);
  mc_ocr_queue_resume (ocr);
  ui_test_wait_until (digitise_ocr_idle, ocr);
  ui_test_wait_until (waiting_told, queue);
  wait.pane = pane;
  wait.code = code;
  wait.state = "Chờ ký số";
  ui_test_wait_until (pane_tp1_in, &wait);
  g_assert_cmpint (count_tp1 (fixture->desk, code, "f.sign_pending = 1 AND f.ocr_pending = 0"), ==, 1);

  /* Signed later with one PIN. */
  row_window_open (&rw);
  sign_waiting (&rw, fixture->desk);
  signer = g_strdup (session_signer (queue));
  wait.state = "Đã ký số";
  ui_test_wait_until (pane_tp1_in, &wait);
  g_assert_cmpint (count_tp1 (fixture->desk, code, NULL), ==, 3);
  assert_newest_signed (fixture->desk, code, signer);

  row_window_close (&rw);
  gtk_window_destroy (pane_window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sane_dir = NULL;
  g_autofree char *dll = NULL;
  g_autofree char *data_home = NULL;
  const char *shim = NULL;
  int status;

  for (int i = 1; i < argc; i++)
    if (g_str_has_prefix (argv[i], "--shim="))
      {
        shim = argv[i] + strlen ("--shim=");
        memmove (&argv[i], &argv[i + 1], (argc - i) * sizeof (char *));
        argc--;
        break;
      }

  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  g_setenv ("LANGUAGE", "vi", TRUE);
  g_setenv ("LC_ALL", "vi_VN.UTF-8", TRUE);
  /* The killed child needs neither the PKI nor a window. */
  if (g_strv_contains ((const char * const *) argv, "--GTestSubprocess"))
    {
      mc_core_init ();
      g_test_init (&argc, &argv, NULL);
      g_test_add_func ("/ui/digitise-sign/killed", test_killed);
      return g_test_run ();
    }
  tmp_dir = g_dir_make_tmp ("motcua-digitise-sign-XXXXXX", &error);
  g_assert_no_error (error);
  /* The user's trust anchors (the signer's, which completes the chain)
   * in here: set before anything asks GLib for the folder. */
  data_home = g_build_filename (tmp_dir, "data", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  mc_core_init ();
  g_test_init (&argc, &argv, NULL);
  if (shim == NULL)
    g_error ("usage: %s --shim=PATH-OF-libmc-test-token.so", argv[0]);
  g_assert_cmpstr (g_get_user_data_dir (), ==, data_home);
  /* No scanner: the pages come from files. */
  sane_dir = g_build_filename (tmp_dir, "sane", NULL);
  g_assert_cmpint (g_mkdir (sane_dir, 0700), ==, 0);
  dll = g_build_filename (sane_dir, "dll.conf", NULL);
  g_assert_true (g_file_set_contents (dll, "\n", -1, NULL));
  g_setenv ("SANE_CONFIG_DIR", sane_dir, TRUE);

  pki = mc_test_pki_start ();
  ui_test_trust_root (mc_test_pki_get (pki, "MC_PKI_ROOT"));
  state_dir = mc_test_pki_path (pki, "token-state");
  g_assert_cmpint (g_mkdir_with_parents (state_dir, 0700), ==, 0);
  g_setenv ("MC_TEST_TOKEN_STATE", state_dir, TRUE);
  g_setenv ("MC_TEST_TOKEN_MODULE", mc_test_pki_get (pki, "MC_PKI_SOFTHSM2_MODULE"), TRUE);
  {
    const char *paths[] = { shim, NULL };

    if (!mc_pkcs11_configure (paths, FALSE, &error))
      g_error ("%s", error->message);
  }
  adw_init ();
  /* Screenshots of rows as they end up, not half-way through sliding. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add_func ("/ui/digitise-sign/receive-held", test_receive_held);
  g_test_add_func ("/ui/digitise-sign/token-pulled", test_token_pulled);
  g_test_add_func ("/ui/digitise-sign/no-token", test_no_token);
  g_test_add_func ("/ui/digitise-sign/killed", test_killed);
  status = g_test_run ();

  mc_test_pki_stop (pki);
  g_free (state_dir);
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", tmp_dir);

    if (system (command) != 0)
      g_printerr ("could not remove %s\n", tmp_dir);
  }
  g_free (tmp_dir);
  return status;
}
