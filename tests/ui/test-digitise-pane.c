/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "Quét…" on a component of a dossier already received, under Xvfb in
 * Vietnamese: the detail pane offers it on each component of a received
 * dossier; the scan dialog opens for that component, a page of Vietnamese
 * text is imported and attached, the dialog closes at once and the
 * official goes on working; when the background work (clean, PDF/A) is
 * done the file is stored through McDesk as the component's file (an
 * attach_component_file change), the pane is told (its message) and
 * reloaded to show it; with the desk's OCR queue held at its gate the
 * component shows "Đang nhận dạng chữ…" and its one file is unread; the
 * gate opened, the pane reloads by itself to show the component
 * searchable, its newest version passes `qpdf --check` and the PDF/A
 * check and its text is found by pdftotext; the temporary file is gone. A
 * withdrawn dossier offers no "Quét…". Screenshots go to the test log
 * folder. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "digitise-fixture.h"
#include "digitise/mc-ocr-queue.h"
#include "digitise/mc-pane-scan.h"
#include "digitise/mc-scan-dialog.h"
#include "domain/mc-state.h"
#include "domain/mc-workflow.h"
#include "mc-core.h"
#include "mc-dossier-pane-private.h"
#include "page-fixture.h"
#include "store/mc-blob-store.h"
#include "store/mc-desk-files.h"
#include "store/mc-desk-private.h"
#include "store/mc-desk-profile.h"
#include "store/mc-desk-records.h"
#include "ui-test-util.h"

static char *tmp_dir;

typedef struct {
  McDesk *desk;
  char *code;
  GPtrArray *messages;
} Run;

/* The pane, reloaded, shows a file for TP1. */
static gboolean
pane_has_tp1_file (gpointer data)
{
  McDossierPane *pane = data;
  const McDossier *dossier = mc_dossier_pane_get_dossier (pane);

  if (mc_dossier_pane_get_loading (pane) || dossier == NULL)
    return FALSE;
  for (guint i = 0; i < dossier->files->len; i++)
    {
      McDossierFile *file = g_ptr_array_index (dossier->files, i);

      if (g_strcmp0 (file->component_code, "TP1") == 0 && g_str_equal (file->role, "component"))
        return TRUE;
    }
  return FALSE;
}

/* The subtitle of TP1's row in the pane's components list. */
static const char *
tp1_subtitle (McDossierPane *pane)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (pane->components_list, 0);

  return row != NULL ? adw_action_row_get_subtitle (ADW_ACTION_ROW (row)) : NULL;
}

static gboolean
tp1_searchable (gpointer data)
{
  McDossierPane *pane = data;

  return !mc_dossier_pane_get_loading (pane) && tp1_subtitle (pane) != NULL &&
         strstr (tp1_subtitle (pane), "tìm kiếm được") != NULL;
}

static gboolean
dir_empty_of_scans (gpointer data)
{
  g_autoptr(GDir) dir = g_dir_open (g_get_tmp_dir (), 0, NULL);
  const char *name;
  guint *before = data;
  guint now = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "motcua-scan-"))
      now++;
  return now <= *before;
}

static guint
count_scan_dirs (void)
{
  guint n = 0;
  g_autoptr(GDir) dir = g_dir_open (g_get_tmp_dir (), 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "motcua-scan-"))
      n++;
  return n;
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
  gtk_adjustment_set_value (adjustment, at.y - 200);
  ui_test_settle ();
}

static gboolean
run_checks (gpointer user_data)
{
  Run *run = user_data;
  GApplication *app = g_application_get_default ();
  g_autofree char *text_page = g_build_filename (tmp_dir, "to-khai.png", NULL);
  const char *imports[] = { text_page, NULL };
  g_autoptr(McDossier) stored = NULL;
  g_autoptr(GError) error = NULL;
  McDossierFile *file = NULL;
  McActionParams params = { 0 };
  g_autofree char *withdrawn = NULL;
  GtkWidget *window, *button;
  McDossierPane *pane;
  McOcrQueue *queue;
  guint n_versions = 0;
  McScanDialog *scan;
  gpointer weak;
  guint scan_dirs = count_scan_dirs ();
  DigitisePaneWait wait;

  page_fixture_write (text_page, PAGE_GRAY, 300, 1.0, FALSE, FALSE);
  pane = digitise_open_pane (app, run->desk, run->code, run->messages, &window);
  wait.pane = pane;
  wait.code = run->code;

  /* "Quét…" on TP1 (the first component), scrolled into view. */
  button = ui_test_find_named (GTK_WIDGET (pane), "pane_scan_button");
  g_assert_nonnull (button);
  scroll_to (button);
  ui_test_screenshot ("ui-digitise-pane-1-received.png");
  g_signal_emit_by_name (button, "clicked");
  ui_test_wait_until (digitise_has_scan_dialog, &scan);
  ui_test_wait_until (digitise_scan_idle, scan);
  mc_scan_dialog_import_files (scan, imports);
  ui_test_wait_until (digitise_scan_idle, scan);
  g_assert_cmpuint (mc_scan_dialog_get_n_pages (scan), ==, 1);
  ui_test_screenshot ("ui-digitise-pane-2-scan.png");

  /* Attached: the dialog goes at once; the work goes on without it. */
  weak = scan;
  g_object_add_weak_pointer (G_OBJECT (scan), &weak);
  queue = mc_ocr_queue_get_for_desk (run->desk);
  mc_ocr_queue_hold (queue, TRUE);
  mc_scan_dialog_attach (scan);
  /* Nothing is stored until the work is done (its end comes back through
   * this main loop, which has not run yet). */
  g_assert_false (pane_has_tp1_file (pane));
  g_assert_true (mc_pane_scan_is_busy (run->code, "TP1"));
  g_assert_false (mc_pane_scan_is_busy (run->code, "TP2"));
  ui_test_wait_until (digitise_is_null, &weak);

  ui_test_wait_until (pane_has_tp1_file, pane);
  g_assert_false (mc_pane_scan_is_busy (run->code, "TP1"));
  button = ui_test_find_named (GTK_WIDGET (pane), "pane_scan_button");
  g_assert_nonnull (button);
  scroll_to (button);
  /* Stored, its text not read yet: the component says so. */
  g_test_message ("TP1 while read: %s", tp1_subtitle (pane));
  g_assert_nonnull (strstr (tp1_subtitle (pane), "Đang nhận dạng chữ…"));
  g_assert_true (mc_ocr_queue_get_busy (queue));
  scroll_to (GTK_WIDGET (gtk_list_box_get_row_at_index (pane->components_list, 0)));
  ui_test_screenshot ("ui-digitise-pane-3-stored-reading.png");
  {
    const McDossier *shown = mc_dossier_pane_get_dossier (pane);
    guint n_tp1 = 0;

    for (guint i = 0; i < shown->files->len; i++)
      {
        McDossierFile *f = g_ptr_array_index (shown->files, i);

        if (g_strcmp0 (f->component_code, "TP1") == 0)
          {
            n_tp1++;
            g_assert_true (f->ocr_pending);
          }
      }
    g_assert_cmpuint (n_tp1, ==, 1);
  }

  /* The gate opens: the text is read and the pane shows it by itself. */
  mc_ocr_queue_hold (queue, FALSE);
  ui_test_wait_until (digitise_ocr_idle, queue);
  ui_test_wait_until (tp1_searchable, pane);
  g_test_message ("TP1 read: %s", tp1_subtitle (pane));
  scroll_to (GTK_WIDGET (gtk_list_box_get_row_at_index (pane->components_list, 0)));
  ui_test_screenshot ("ui-digitise-pane-4-read.png");
  g_assert_cmpuint (run->messages->len, ==, 1);
  g_test_message ("pane told: %s", (char *) g_ptr_array_index (run->messages, 0));
  g_assert_nonnull (strstr (g_ptr_array_index (run->messages, 0), run->code));
  /* The timeline names the change in the reader's language. */
  g_assert_cmpstr (mc_workflow_action_label (MC_ACTION_ATTACH_COMPONENT_FILE), ==,
                   "Đính kèm bản số hóa thành phần hồ sơ");

  /* What the desk stored: one change, a PDF/A with the page's words. */
  stored = mc_desk_load_dossier (run->desk, run->code, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < stored->files->len; i++)
    {
      McDossierFile *f = g_ptr_array_index (stored->files, i);

      /* The newest version, the searchable one: the scan stays before it. */
      if (g_strcmp0 (f->component_code, "TP1") == 0)
        {
          n_versions++;
          file = f;
        }
    }
  g_assert_nonnull (file);
  g_assert_cmpuint (n_versions, ==, 2);
  g_assert_false (file->ocr_pending);
  {
    const char *blob_dir = mc_store_get_blob_dir (mc_desk_get_store (run->desk));
    g_autofree char *blob = mc_blob_store_path (blob_dir, file->sha256);
    g_autofree char *checker = g_build_filename (g_getenv ("MOTCUA_SOURCE_DIR"), "tests", "unit", "digitise",
                                                 "check-pdfa.py", NULL);
    const char *check[] = { "qpdf", "--check", blob, NULL };
    const char *pdfa[] = { "python3", checker, blob, NULL };
    const char *text[] = { "pdftotext", "-enc", "UTF-8", blob, "-", NULL };
    g_autofree char *check_out = ui_test_tool_output (check);
    g_autofree char *pdfa_out = ui_test_tool_output (pdfa);
    g_autofree char *text_out = ui_test_tool_output (text);
    g_autofree char *folded = g_utf8_strdown (text_out, -1);
    guint found = 0;

    for (guint i = 0; page_fixture_words[i] != NULL; i++)
      {
        g_autofree char *word = g_utf8_strdown (page_fixture_words[i], -1);

        if (strstr (folded, word) != NULL)
          found++;
      }
    g_test_message ("stored TP1 text: %.200s", text_out);
    g_assert_cmpuint (found, >=, 12);
  }
  /* The private folder the file was made in went with the session. */
  ui_test_wait_until (dir_empty_of_scans, &scan_dirs);

  /* Withdrawn: closed, no "Quét…" any more. */
  params.reason = (char *) "Công dân rút hồ sơ";
  withdrawn = mc_desk_act (run->desk, run->code, "withdraw", &params, &error);
  g_assert_no_error (error);
  mc_dossier_pane_reload (pane);
  ui_test_wait_until (digitise_pane_shows, &wait);
  g_assert_cmpint (mc_dossier_pane_get_dossier (pane)->state, ==, MC_STATE_WITHDRAWN);
  g_assert_null (ui_test_find_named (GTK_WIDGET (pane), "pane_scan_button"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_application_release (app);
  return G_SOURCE_REMOVE;
}

static void
test_scan_in_pane (void)
{
  g_autofree char *workspace = g_build_filename (tmp_dir, "desk", NULL);
  Run run = { 0 };

  run.desk = digitise_open_desk (workspace);
  run.code = digitise_receive (run.desk);
  run.messages = g_ptr_array_new_with_free_func (g_free);

  digitise_run_app (APP_ID ".TestDigitisePane", run_checks, &run);

  digitise_close_desk (run.desk);
  g_free (run.code);
  g_ptr_array_unref (run.messages);
}

int
main (int   argc,
      char *argv[])
{
  /* No scanner: the page is imported. */
  tmp_dir = digitise_test_init (&argc, &argv, "motcua-digitise-pane-XXXXXX");

  g_test_add_func ("/ui/digitise/scan-in-pane", test_scan_in_pane);
  return digitise_test_run (tmp_dir);
}
