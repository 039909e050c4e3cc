/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The scan dialog under Xvfb, in Vietnamese, opened from a component of
 * the reception dialog, with SANE's test backend as the scanner: a 5-sheet
 * bundle from the feeder (the feeder "runs empty" after 5 sheets by a
 * fault injected at the McScanner level, since the test backend's feeder
 * holds 10), a jam two sheets into a second bundle (the pages before it
 * are kept, the message is in Vietnamese), a page turned, one deleted, one
 * scanned again, one moved, a page of Vietnamese text and a PDF imported;
 * the pages go to two components, the dialog closes at once and the rows
 * stay busy until the background work (clean, PDF/A) hands them their
 * files; then Receive stores them through McDesk while the desk's OCR
 * queue is held at its gate: the dossier is received with its files,
 * unread, each stored blob passing `qpdf --check` and the PDF/A check, and
 * search does not find a word only the paper has; the typed page of the
 * imported PDF is in its component with its own text, exactly (pdftotext
 * before and after); the gate opened, each component gets its searchable
 * version, with OCR run on the scanned pages only (the queue's counter),
 * the text page's words are found by pdftotext, the typed page's text is
 * still exactly its own and search finds the dossier by the paper's word. The private
 * folder the files were made in goes with the reception dialog. A scanned chip card fills the applicant from its QR
 * code. The scan settings (grey at 150 dpi) give a grey page at 150 dpi
 * and are kept for the officer who chose them, not for another. A blank
 * sheet scanned goes to the removed list, and is attached once restored.
 * Screenshots go to the test log folder. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <qrencode.h>

#include "digitise-fixture.h"
#include "digitise/mc-ocr-queue.h"
#include "digitise/mc-scan-dialog.h"
#include "digitise/mc-scan-pages.h"
#include "mc-core.h"
#include "mc-reception-dialog-private.h"
#include "page-fixture.h"
#include "sane-keep.h"
#include "domain/mc-state.h"
#include "store/mc-blob-store.h"
#include "store/mc-desk-private.h"
#include "store/mc-desk-profile.h"
#include "store/mc-desk-records.h"
#include "ui-test-util.h"

#define CARD_TEXT "001099012345|123456789|Nguyễn Văn Ánh|15031999|Nam|" \
  "Tổ 1, Phường Nghĩa Đức, Thành phố Gia Nghĩa, Tỉnh Đắk Nông|10072021"

#define PHOTO_CARD "066190012345||Đặng Thị Hòa|02091990|Nữ|" \
  "Tổ 1, Phường Nghĩa Đức, Thành phố Gia Nghĩa, Tỉnh Đắk Nông|01022022"

/* A word of the text page that nothing else of the dossier has. */
#define PAPER_WORD "phuc"

static char *tmp_dir;

/* A scan of a card: its QR code drawn with libqrencode, saved as PNG. */
static char *
make_card (const char *text)
{
  g_autofree char *path = g_build_filename (tmp_dir, "the-cccd.png", NULL);
  QRcode *code = QRcode_encodeString8bit (text, 0, QR_ECLEVEL_M);
  int module = 6;
  int size = (code->width + 8) * module;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, size * 2, size);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (int y = 0; y < code->width; y++)
    for (int x = 0; x < code->width; x++)
      if (code->data[y * code->width + x] & 1)
        cairo_rectangle (cr, size + (x + 4) * module, (y + 4) * module, module, module);
  cairo_fill (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  QRcode_free (code);
  return g_steal_pointer (&path);
}

typedef struct {
  McDesk *desk;
  McReceptionDialog *dialog;
  char *received_code;
} Run;

/* Runs a tool; returns its standard output, asserting it succeeded. */

static gboolean
has_question (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        {
          *(AdwMessageDialog **) data = ADW_MESSAGE_DIALOG (window);
          return TRUE;
        }
    }
  return FALSE;
}

/* A click on a button of the question: the response, then it goes away. */
static void
answer (AdwMessageDialog *question,
        const char       *response)
{
  g_object_ref (question);
  adw_message_dialog_response (question, response);
  gtk_window_destroy (GTK_WINDOW (question));
  g_object_unref (question);
}

static gboolean
applicant_is_card (gpointer data)
{
  g_autofree char *id = mc_reception_dialog_dup_field (data, "id");

  return g_strcmp0 (id, "066190012345") == 0;
}

static void
activate (McReceptionDialog *dialog,
          const char        *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), action, NULL));
  ui_test_settle ();
}

static void
on_received (McReceptionDialog *dialog,
             const char        *code,
             Run               *run)
{
  g_free (run->received_code);
  run->received_code = g_strdup (code);
}

/* Scans with the injected fault and waits for the end. */
static void
scan_bundle (McScanDialog  *dialog,
             guint          after,
             McScannerError fault)
{
  mc_scanner_inject_fault (after, fault);
  mc_scan_dialog_scan (dialog);
  g_assert_true (mc_scan_dialog_get_busy (dialog));
  ui_test_wait_until (digitise_scan_idle, dialog);
}

static McScanDialog *
open_scan_dialog (McComponentRow *row)
{
  GtkWidget *button = ui_test_find_named (GTK_WIDGET (row), "scan_button");
  McScanDialog *scan;

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  ui_test_wait_until (digitise_has_scan_dialog, &scan);
  ui_test_wait_until (digitise_scan_idle, scan);
  return scan;
}

static void
check_blob (McDesk        *desk,
            McDossierFile *file,
            guint          n_pages,
            gboolean       read,
            gboolean       words)
{
  const char *blob_dir = mc_store_get_blob_dir (mc_desk_get_store (desk));
  g_autofree char *blob = mc_blob_store_path (blob_dir, file->sha256);
  g_autofree char *checker = g_build_filename (g_getenv ("MOTCUA_SOURCE_DIR"), "tests", "unit", "digitise",
                                               "check-pdfa.py", NULL);
  const char *check[] = { "qpdf", "--check", blob, NULL };
  const char *npages[] = { "qpdf", "--show-npages", blob, NULL };
  const char *pdfa[] = { "python3", checker, blob, NULL };
  const char *text[] = { "pdftotext", "-enc", "UTF-8", blob, "-", NULL };
  g_autofree char *check_out = NULL;
  g_autofree char *npages_out = NULL;
  g_autofree char *pdfa_out = NULL;
  g_autofree char *text_out = NULL;
  g_autofree char *folded = NULL;
  guint found = 0;

  g_assert_cmpstr (file->mime, ==, "application/pdf");
  g_assert_true (mc_blob_store_has (blob_dir, file->sha256));
  check_out = ui_test_tool_output (check);
  npages_out = ui_test_tool_output (npages);
  g_assert_cmpuint (g_ascii_strtoull (npages_out, NULL, 10), ==, n_pages);
  pdfa_out = ui_test_tool_output (pdfa);
  text_out = ui_test_tool_output (text);
  g_test_message ("%s: %u pages, text: %.200s", file->component_code, n_pages, text_out);
  /* Read, a text layer: pdftotext finds something on every page, and on
   * the page of text the words, with their tones. */
  if (!read)
    return;
  g_assert_cmpuint (strlen (g_strstrip (text_out)), >, 0);
  if (!words)
    return;
  folded = g_utf8_strdown (text_out, -1);
  for (guint i = 0; page_fixture_words[i] != NULL; i++)
    {
      g_autofree char *word = g_utf8_strdown (page_fixture_words[i], -1);

      if (strstr (folded, word) != NULL)
        found++;
    }
  g_assert_cmpuint (found, >=, 12);
}

static gboolean
file_gone (gpointer data)
{
  return !g_file_test (data, G_FILE_TEST_EXISTS);
}

static guint
n_found (McDesk     *desk,
         const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = mc_desk_search (desk, text, 20, &error);

  g_assert_no_error (error);
  return found->len;
}

/* pdftotext of one page. */
static char *
page_text (const char *pdf,
           int         page)
{
  g_autofree char *number = g_strdup_printf ("%d", page);
  const char *argv[] = { "pdftotext", "-f", number, "-l", number, "-layout", "-enc", "UTF-8", pdf, "-", NULL };

  return ui_test_tool_output (argv);
}

/* The dossier's files: each component's newest version checked, and its
 * page 4, the typed page of the imported PDF, carries that PDF's text. */
static void
check_files (Run        *run,
             guint       n_files,
             gboolean    read,
             const char *typed_pdf)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McDossier) dossier = mc_desk_load_dossier (run->desk, run->received_code, &error);
  McDossierFile *tp1 = NULL, *tp2 = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (dossier->files->len, ==, n_files);
  for (guint i = 0; i < dossier->files->len; i++)
    {
      McDossierFile *file = g_ptr_array_index (dossier->files, i);

      if (g_str_equal (file->component_code, "TP1"))
        tp1 = file;
      else if (g_str_equal (file->component_code, "TP2"))
        tp2 = file;
    }
  g_assert_nonnull (tp1);
  g_assert_nonnull (tp2);
  g_assert_true (tp1->ocr_pending == !read);
  g_assert_true (tp2->ocr_pending == !read);
  check_blob (run->desk, tp1, 4, read, FALSE);
  check_blob (run->desk, tp2, 3, read, read);
  {
    g_autofree char *blob = mc_blob_store_path (mc_store_get_blob_dir (mc_desk_get_store (run->desk)), tp1->sha256);
    g_autofree char *typed = page_text (typed_pdf, 1);
    g_autofree char *kept = page_text (blob, 4);

    g_test_message ("typed page: %s", kept);
    g_assert_nonnull (strstr (typed, "GIAY TO KHAC"));
    g_assert_cmpstr (kept, ==, typed);
  }
}

static gboolean
run_checks (gpointer user_data)
{
  Run *run = user_data;
  GApplication *app = g_application_get_default ();
  g_autofree char *text_page = g_build_filename (tmp_dir, "to-khai.png", NULL);
  g_autofree char *pdf = ui_test_make_pdf (tmp_dir, "giay-to.pdf", 1, "GIAY TO KHAC");
  const char *imports[] = { text_page, pdf, NULL };
  McComponentRow *tp1, *tp2;
  McOcrQueue *queue;
  McScanDialog *scan;
  gpointer weak;
  guint width, height;
  GtkWidget *parent;
  g_autoptr(GDateTime) when = g_date_time_new (mc_vietnam_time_zone (), 2026, 12, 8, 9, 30, 0);

  page_fixture_write (text_page, PAGE_GRAY, 300, 1.0, FALSE, FALSE);
  parent = adw_application_window_new (GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (parent), 1200, 780);
  gtk_window_present (GTK_WINDOW (parent));

  mc_desk_set_clock (run->desk, g_date_time_to_unix (when));
  run->dialog = mc_reception_dialog_new (GTK_WINDOW (parent), run->desk);
  g_signal_connect (run->dialog, "received", G_CALLBACK (on_received), run);
  gtk_window_present (GTK_WINDOW (run->dialog));
  ui_test_wait_until (digitise_reception_ready, run->dialog);
  mc_reception_dialog_set_search_text (run->dialog, "1.001193");
  mc_reception_dialog_pick_procedure (run->dialog, 0);
  ui_test_settle ();
  mc_reception_dialog_set_qr_text (run->dialog, CARD_TEXT);
  ui_test_wait_until (digitise_reception_idle, run->dialog);
  activate (run->dialog, "reception.next");
  g_assert_cmpstr (mc_reception_dialog_get_page (run->dialog), ==, "components");
  tp1 = mc_component_checklist_find (run->dialog->checklist, "TP1");
  tp2 = mc_component_checklist_find (run->dialog->checklist, "TP2");
  g_assert_nonnull (tp1);
  g_assert_nonnull (tp2);

  /* Opened from TP1: the test backend's scanners are listed. */
  scan = open_scan_dialog (tp1);
  g_assert_null (mc_scan_dialog_get_message (scan));
  mc_scan_dialog_select_device (scan, "test:0");
  mc_scan_dialog_set_source_adf (scan, TRUE);

  /* A bundle of 5 sheets through the feeder. */
  scan_bundle (scan, 5, MC_SCANNER_ERROR_NO_PAPER);
  g_assert_cmpuint (mc_scan_dialog_get_n_pages (scan), ==, 5);
  g_assert_null (mc_scan_dialog_get_message (scan));
  ui_test_screenshot ("ui-digitise-1-scanned.png");

  /* A second bundle jams on its third sheet: the two before are kept and
   * the official is told, in Vietnamese, what to do. */
  scan_bundle (scan, 2, MC_SCANNER_ERROR_JAMMED);
  g_assert_cmpuint (mc_scan_dialog_get_n_pages (scan), ==, 7);
  g_assert_nonnull (mc_scan_dialog_get_message (scan));
  g_test_message ("after the jam: %s", mc_scan_dialog_get_message (scan));
  g_assert_nonnull (strstr (mc_scan_dialog_get_message (scan), "kẹt"));
  g_assert_nonnull (strstr (mc_scan_dialog_get_message (scan), "7 trang"));
  ui_test_screenshot ("ui-digitise-2-jam.png");

  /* Fixing: the two pages of the jammed bundle go, page 2 is turned,
   * page 3 scanned again from the flatbed, page 5 moved before page 4. */
  mc_scan_dialog_fix_page (scan, 6, "delete");
  mc_scan_dialog_fix_page (scan, 5, "delete");
  g_assert_cmpuint (mc_scan_dialog_get_n_pages (scan), ==, 5);
  width = mc_scan_dialog_get_page (scan, 1)->width;
  height = mc_scan_dialog_get_page (scan, 1)->height;
  mc_scan_dialog_fix_page (scan, 1, "rotate");
  g_assert_cmpuint (mc_scan_dialog_get_page (scan, 1)->width, ==, height);
  g_assert_cmpuint (mc_scan_dialog_get_page (scan, 1)->height, ==, width);
  {
    const McScannedPage *before = mc_scan_dialog_get_page (scan, 2);
    const McScannedPage *fourth = mc_scan_dialog_get_page (scan, 3);
    const McScannedPage *fifth = mc_scan_dialog_get_page (scan, 4);

    mc_scan_dialog_set_source_adf (scan, FALSE);
    mc_scan_dialog_fix_page (scan, 2, "rescan");
    g_assert_true (mc_scan_dialog_get_busy (scan));
    ui_test_wait_until (digitise_scan_idle, scan);
    g_assert_null (mc_scan_dialog_get_message (scan));
    g_assert_cmpuint (mc_scan_dialog_get_n_pages (scan), ==, 5);
    g_assert_true (mc_scan_dialog_get_page (scan, 2) != before);
    mc_scan_dialog_fix_page (scan, 4, "left");
    g_assert_true (mc_scan_dialog_get_page (scan, 3) == fifth);
    g_assert_true (mc_scan_dialog_get_page (scan, 4) == fourth);
  }

  /* Pages from files: a page of Vietnamese text and a PDF. */
  mc_scan_dialog_import_files (scan, imports);
  ui_test_wait_until (digitise_scan_idle, scan);
  g_assert_null (mc_scan_dialog_get_message (scan));
  g_assert_cmpuint (mc_scan_dialog_get_n_pages (scan), ==, 7);

  /* The card on the flatbed: its QR code fills the applicant; the page
   * itself is not a component and goes. */
  {
    g_autofree char *card = make_card (PHOTO_CARD);
    const char *files[] = { card, NULL };
    g_autofree char *name = NULL;

    mc_scan_dialog_import_files (scan, files);
    ui_test_wait_until (digitise_scan_idle, scan);
    g_assert_cmpuint (mc_scan_dialog_get_n_pages (scan), ==, 8);
    ui_test_wait_until (applicant_is_card, run->dialog);
    name = mc_reception_dialog_dup_field (run->dialog, "name");
    g_assert_cmpstr (name, ==, "Đặng Thị Hòa");
    g_assert_nonnull (strstr (mc_scan_dialog_get_message (scan), "Đặng Thị Hòa"));
    ui_test_screenshot ("ui-digitise-3-card.png");
    mc_scan_dialog_fix_page (scan, 7, "delete");
    g_assert_cmpuint (mc_scan_dialog_get_n_pages (scan), ==, 7);
  }

  /* Pages 4 and 5 and the text page are the birth certificate (TP2). */
  mc_scan_dialog_set_page_component (scan, 3, 1);
  mc_scan_dialog_set_page_component (scan, 4, 1);
  mc_scan_dialog_set_page_component (scan, 5, 1);
  ui_test_screenshot ("ui-digitise-4-fixed.png");

  /* Attach: the dialog goes at once, the rows wait for their files. The
   * OCR queue is held at its gate, so its work is seen pending. */
  queue = mc_ocr_queue_get_for_desk (run->desk);
  mc_ocr_queue_hold (queue, TRUE);
  g_assert_cmpuint (n_found (run->desk, PAPER_WORD), ==, 0);
  weak = scan;
  g_object_add_weak_pointer (G_OBJECT (scan), &weak);
  mc_scan_dialog_attach (scan);
  ui_test_wait_until (digitise_is_null, &weak);
  g_assert_cmpuint (mc_component_row_get_pending (tp1), ==, 1);
  g_assert_cmpuint (mc_component_row_get_pending (tp2), ==, 1);
  g_assert_true (mc_reception_dialog_is_busy (run->dialog));
  ui_test_screenshot ("ui-digitise-5-background.png");
  ui_test_wait_until (digitise_row_has_file, tp1);
  ui_test_wait_until (digitise_row_has_file, tp2);
  g_assert_true (mc_component_row_get_provided (tp1));
  g_assert_true (mc_component_row_get_provided (tp2));
  ui_test_wait_until (digitise_reception_idle, run->dialog);
  ui_test_screenshot ("ui-digitise-6-attached.png");

  /* Receive stores the files through McDesk. */
  activate (run->dialog, "reception.next");
  g_assert_cmpstr (mc_reception_dialog_get_page (run->dialog), ==, "review");
  activate (run->dialog, "reception.receive");
  ui_test_wait_until (digitise_reception_idle, run->dialog);
  g_assert_null (mc_reception_dialog_get_error_text (run->dialog));
  g_assert_nonnull (run->received_code);
  /* Received while the text is still to be read: the files are there. */
  g_assert_true (mc_ocr_queue_get_busy (queue));
  check_files (run, 2, FALSE, pdf);
  g_assert_cmpuint (n_found (run->desk, PAPER_WORD), ==, 0);
  ui_test_screenshot ("ui-digitise-6b-received-reading.png");

  /* The gate opens: each component gets its searchable version. */
  mc_ocr_queue_hold (queue, FALSE);
  ui_test_wait_until (digitise_ocr_idle, queue);
  check_files (run, 4, TRUE, pdf);
  /* OCR ran on the scanned pages only: TP1's three, TP2's three. */
  g_assert_cmpuint (mc_ocr_queue_get_pages_read (queue), ==, 6);
  g_assert_cmpuint (n_found (run->desk, PAPER_WORD), ==, 1);

  /* The scans were made in a private folder, which goes with the
   * reception dialog: the workspace holds them now. */
  {
    g_autofree char *made = g_strdup (g_ptr_array_index (mc_component_row_get_files (tp1), 0));
    g_autofree char *folder = g_path_get_dirname (made);
    GStatBuf st;

    g_assert_cmpint (g_stat (folder, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0700);
    g_assert_true (g_file_test (made, G_FILE_TEST_EXISTS));
    gtk_window_destroy (GTK_WINDOW (run->dialog));
    ui_test_wait_until (file_gone, folder);
  }
  gtk_window_destroy (GTK_WINDOW (parent));
  g_application_quit (app);
  return G_SOURCE_REMOVE;
}

/* Without any scanner: the dialog says so and offers importing; closing
 * with pages not attached asks first, and Keep Scanning keeps them. */
static gboolean
run_no_scanner (gpointer user_data)
{
  GApplication *app = g_application_get_default ();
  g_autoptr(McComponentRow) row = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  McProcedureComponent component = { 0 };
  McScanDialog *scan;

  component.code = (char *) "TP1";
  component.name = (char *) "Tờ khai";
  component.copies = 1;
  row = g_object_ref_sink (mc_component_row_new (&component));
  g_ptr_array_add (rows, row);
  scan = mc_scan_dialog_new (rows, row);
  gtk_window_present (GTK_WINDOW (scan));
  ui_test_wait_until (digitise_scan_idle, scan);
  g_assert_nonnull (mc_scan_dialog_get_message (scan));
  g_assert_nonnull (strstr (mc_scan_dialog_get_message (scan), "Không tìm thấy máy quét"));
  ui_test_screenshot ("ui-digitise-7-no-scanner.png");

  /* Pages from a file, then closing: it asks before they are lost. */
  {
    g_autofree char *png = ui_test_make_png (tmp_dir, "anh.png", 400, 560, TRUE, 100);
    const char *files[] = { png, NULL };
    AdwMessageDialog *question = NULL;
    gpointer weak = scan;

    mc_scan_dialog_import_files (scan, files);
    ui_test_wait_until (digitise_scan_idle, scan);
    g_assert_cmpuint (mc_scan_dialog_get_n_pages (scan), ==, 1);
    g_object_add_weak_pointer (G_OBJECT (scan), &weak);
    gtk_window_close (GTK_WINDOW (scan));
    ui_test_wait_until (has_question, &question);
    ui_test_screenshot ("ui-digitise-8-discard.png");
    answer (question, "cancel");
    ui_test_settle ();
    g_assert_nonnull (weak);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (scan)));
    g_assert_cmpuint (mc_scan_dialog_get_n_pages (scan), ==, 1);

    gtk_window_close (GTK_WINDOW (scan));
    question = NULL;
    ui_test_wait_until (has_question, &question);
    answer (question, "discard");
    ui_test_wait_until (digitise_is_null, &weak);
  }
  g_application_quit (app);
  return G_SOURCE_REMOVE;
}

/* A scan dialog of its own on the desk, its device read: @device, or the
 * one the dialog chose itself when NULL. */
static McScanDialog *
open_settings_dialog (McDesk         *desk,
                      McComponentRow *row,
                      const char     *device)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  McScanDialog *scan;

  g_ptr_array_add (rows, row);
  scan = mc_scan_dialog_new (rows, row);
  mc_scan_dialog_set_desk (scan, desk);
  gtk_window_present (GTK_WINDOW (scan));
  ui_test_wait_until (digitise_scan_idle, scan);
  if (device != NULL)
    mc_scan_dialog_select_device (scan, device);
  ui_test_wait_until (digitise_scan_idle, scan);
  g_assert_null (mc_scan_dialog_get_message (scan));
  return scan;
}

static void
close_settings_dialog (McScanDialog *scan)
{
  gpointer weak = scan;

  g_object_add_weak_pointer (G_OBJECT (scan), &weak);
  gtk_window_close (GTK_WINDOW (scan));
  ui_test_wait_until (digitise_is_null, &weak);
}

/* The scan settings: grey at 150 dpi on the second scanner chosen, the
 * page scanned is grey at 150 dpi; the choice and the scanner come back
 * when the same officer opens the dialog again, and not for another
 * officer, who has the usual colour at 300 on the first scanner. */
static gboolean
run_settings (gpointer user_data)
{
  Run *run = user_data;
  GApplication *app = g_application_get_default ();
  g_autoptr(McComponentRow) row = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McOfficer) officer = NULL;
  McProcedureComponent component = { 0 };
  McScanSettings settings;
  const McScannedPage *page;
  McScanDialog *scan;

  component.code = (char *) "TP1";
  component.name = (char *) "Tờ khai";
  component.copies = 1;
  row = g_object_ref_sink (mc_component_row_new (&component));

  scan = open_settings_dialog (run->desk, row, NULL);
  g_assert_cmpstr (mc_scan_dialog_get_device (scan), ==, "test:0");
  mc_scan_dialog_select_device (scan, "test:1");
  ui_test_wait_until (digitise_scan_idle, scan);
  g_assert_cmpstr (mc_scan_dialog_get_device (scan), ==, "test:1");
  mc_scan_dialog_get_settings (scan, &settings);
  g_assert_cmpint (settings.resolution, ==, 300);
  g_assert_cmpint (settings.mode, ==, MC_SCAN_MODE_COLOR);
  settings.resolution = 150;
  settings.mode = MC_SCAN_MODE_GRAY;
  settings.source = MC_SCAN_SOURCE_FLATBED;
  mc_scan_dialog_set_settings (scan, &settings);
  mc_scan_dialog_get_settings (scan, &settings);
  g_assert_cmpint (settings.resolution, ==, 150);
  g_assert_cmpint (settings.mode, ==, MC_SCAN_MODE_GRAY);
  ui_test_screenshot ("ui-digitise-9-settings.png");

  mc_scan_dialog_scan (scan);
  g_assert_true (mc_scan_dialog_get_busy (scan));
  ui_test_wait_until (digitise_scan_idle, scan);
  g_assert_null (mc_scan_dialog_get_message (scan));
  g_assert_cmpuint (mc_scan_dialog_get_n_pages (scan), ==, 1);
  page = mc_scan_dialog_get_page (scan, 0);
  g_assert_cmpuint (page->channels, ==, 1);
  g_assert_cmpuint (page->depth, ==, 8);
  g_assert_cmpuint (page->resolution, ==, 150);
  /* The test backend's glass is 200 mm wide: 1181 pixels at 150 dpi. */
  g_assert_cmpint (ABS ((int) page->width - 1181), <=, 2);
  mc_scan_dialog_fix_page (scan, 0, "delete");
  close_settings_dialog (scan);

  /* The same officer again: grey at 150 dpi, on the second scanner. */
  scan = open_settings_dialog (run->desk, row, NULL);
  g_assert_cmpstr (mc_scan_dialog_get_device (scan), ==, "test:1");
  mc_scan_dialog_get_settings (scan, &settings);
  g_assert_cmpint (settings.resolution, ==, 150);
  g_assert_cmpint (settings.mode, ==, MC_SCAN_MODE_GRAY);
  g_assert_cmpint (settings.source, ==, MC_SCAN_SOURCE_FLATBED);
  ui_test_screenshot ("ui-digitise-10-settings-kept.png");
  close_settings_dialog (scan);

  /* Another officer: the usual settings. */
  officer = mc_desk_use_officer (run->desk, "minh", &error);
  g_assert_no_error (error);
  scan = open_settings_dialog (run->desk, row, NULL);
  g_assert_cmpstr (mc_scan_dialog_get_device (scan), ==, "test:0");
  mc_scan_dialog_get_settings (scan, &settings);
  g_assert_cmpint (settings.resolution, ==, 300);
  g_assert_cmpint (settings.mode, ==, MC_SCAN_MODE_COLOR);
  close_settings_dialog (scan);

  /* And the first officer's are still theirs. */
  g_clear_pointer (&officer, mc_officer_free);
  officer = mc_desk_use_officer (run->desk, "lan", &error);
  g_assert_no_error (error);
  scan = open_settings_dialog (run->desk, row, NULL);
  g_assert_cmpstr (mc_scan_dialog_get_device (scan), ==, "test:1");
  mc_scan_dialog_get_settings (scan, &settings);
  g_assert_cmpint (settings.resolution, ==, 150);
  g_assert_cmpint (settings.mode, ==, MC_SCAN_MODE_GRAY);
  close_settings_dialog (scan);

  g_application_quit (app);
  return G_SOURCE_REMOVE;
}

static void
write_sane_picture (const char *devices,
                    const char *picture)
{
  g_autofree char *dll = g_build_filename (g_getenv ("SANE_CONFIG_DIR"), "dll.conf", NULL);
  g_autofree char *conf = g_build_filename (g_getenv ("SANE_CONFIG_DIR"), "test.conf", NULL);
  g_autofree char *text = g_strdup_printf ("number_of_devices %s\n"
                                           "test-picture \"%s\"\n"
                                           "geometry_max 200.0\n"
                                           "br_x 80.0\n"
                                           "br_y 100.0\n", devices, picture);

  g_assert_true (g_file_set_contents (dll, "test\n", -1, NULL));
  g_assert_true (g_file_set_contents (conf, text, -1, NULL));
}

static void
write_sane_config (const char *devices)
{
  write_sane_picture (devices, "Color pattern");
}

static void
test_scan_attach (void)
{
  g_autofree char *workspace = g_build_filename (tmp_dir, "desk", NULL);
  g_autoptr(GError) error = NULL;
  Run run = { 0 };

  write_sane_config ("2");
  run.desk = mc_desk_open (workspace, MC_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  digitise_set_up_desk (run.desk);
  digitise_run_app (APP_ID ".TestDigitise", run_checks, &run);
  mc_store_close (mc_desk_get_store (run.desk));
  g_clear_object (&run.desk);
  g_free (run.received_code);
}

static void
add_second_officer (McDesk *desk)
{
  g_autoptr(McOfficer) officer = mc_officer_new ("minh", "Trần Văn Minh", "Công chức Bộ phận Một cửa",
                                                 "Bộ phận Một cửa", MC_ROLE_RECEPTION);
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_desk_add_officer (desk, officer, &error));
  g_assert_no_error (error);
}

static void
test_settings (void)
{
  g_autofree char *workspace = g_build_filename (tmp_dir, "desk-settings", NULL);
  g_autoptr(GError) error = NULL;
  Run run = { 0 };

  write_sane_config ("2");
  run.desk = mc_desk_open (workspace, MC_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  digitise_set_up_desk (run.desk);
  add_second_officer (run.desk);
  digitise_run_app (APP_ID ".TestDigitise", run_settings, &run);
  mc_store_close (mc_desk_get_store (run.desk));
  g_clear_object (&run.desk);
}

static gboolean
removed_list_shown (gpointer data)
{
  McScanDialog *scan = data;

  return gtk_revealer_get_child_revealed (scan->removed_revealer);
}

/* A blank sheet on the glass (the test backend's solid white picture):
 * tested as it arrives, it goes to the removed list, not the grid; put
 * back, it is attached. */
static gboolean
run_blank_scan (gpointer user_data)
{
  GApplication *app = g_application_get_default ();
  McProcedureComponent component = { (char *) "TP1", (char *) "Tờ khai", 1, MC_COMPONENT_KIND_ORIGINAL, TRUE };
  g_autoptr(McComponentRow) row = g_object_ref_sink (mc_component_row_new (&component));
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autofree char *out = NULL;
  const char *argv[] = { "qpdf", "--show-npages", NULL, NULL };
  const McScannedPage *blank;
  McScanDialog *scan;
  gpointer weak;

  g_ptr_array_add (rows, row);
  scan = mc_scan_dialog_new (rows, row);
  gtk_window_present (GTK_WINDOW (scan));
  ui_test_wait_until (digitise_scan_idle, scan);
  mc_scan_dialog_select_device (scan, "test:0");
  mc_scan_dialog_set_source_adf (scan, FALSE);
  ui_test_wait_until (digitise_scan_idle, scan);

  mc_scan_dialog_scan (scan);
  g_assert_true (mc_scan_dialog_get_busy (scan));
  ui_test_wait_until (digitise_scan_idle, scan);
  g_assert_null (mc_scan_dialog_get_message (scan));
  g_assert_cmpuint (mc_scan_dialog_get_n_pages (scan), ==, 0);
  g_assert_cmpuint (mc_scan_dialog_get_n_removed (scan), ==, 1);
  blank = mc_scan_dialog_get_removed_page (scan, 0);
  ui_test_wait_until (removed_list_shown, scan);
  ui_test_screenshot ("ui-digitise-11-blank-scan.png");

  mc_scan_dialog_restore_page (scan, 0);
  g_assert_cmpuint (mc_scan_dialog_get_n_removed (scan), ==, 0);
  g_assert_cmpuint (mc_scan_dialog_get_n_pages (scan), ==, 1);
  g_assert_true (mc_scan_dialog_get_page (scan, 0) == blank);

  weak = scan;
  g_object_add_weak_pointer (G_OBJECT (scan), &weak);
  mc_scan_dialog_attach (scan);
  ui_test_wait_until (digitise_is_null, &weak);
  ui_test_wait_until (digitise_row_has_file, row);
  argv[2] = g_ptr_array_index (mc_component_row_get_files (row), 0);
  out = ui_test_tool_output (argv);
  g_assert_cmpuint (g_ascii_strtoull (out, NULL, 10), ==, 1);

  g_application_release (app);
  return G_SOURCE_REMOVE;
}

static void
test_blank_scan (void)
{
  write_sane_picture ("1", "Solid white");
  digitise_run_app (APP_ID ".TestDigitise", run_blank_scan, NULL);
}

static void
test_no_scanner (void)
{
  g_autofree char *dll = g_build_filename (g_getenv ("SANE_CONFIG_DIR"), "dll.conf", NULL);

  /* No backend at all. */
  g_assert_true (g_file_set_contents (dll, "\n", -1, NULL));
  digitise_run_app (APP_ID ".TestDigitise", run_no_scanner, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sane_dir = NULL;
  int status;

  digitise_environment ();

  g_test_init (&argc, &argv, NULL);
  sane_keep_test_backend ();
  tmp_dir = g_dir_make_tmp ("motcua-digitise-ui-XXXXXX", &error);
  g_assert_no_error (error);
  sane_dir = g_build_filename (tmp_dir, "sane", NULL);
  g_assert_cmpint (g_mkdir (sane_dir, 0700), ==, 0);
  /* SANE reads SANE_CONFIG_DIR on each sane_init (mc-scanner brackets
   * every operation with one), and each test rewrites its files. */
  g_setenv ("SANE_CONFIG_DIR", sane_dir, TRUE);

  g_test_add_func ("/ui/digitise/scan-attach", test_scan_attach);
  g_test_add_func ("/ui/digitise/settings", test_settings);
  g_test_add_func ("/ui/digitise/blank-scan", test_blank_scan);
  g_test_add_func ("/ui/digitise/no-scanner", test_no_scanner);
  status = g_test_run ();

  ui_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}
