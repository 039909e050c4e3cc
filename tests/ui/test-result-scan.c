/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "Quét kết quả…" in a dossier's Results section, under Xvfb in
 * Vietnamese, on a real store: a dossier received, forwarded and reviewed
 * (the step where the specialist attaches the result) shows the button
 * beside "Đính kèm kết quả…"; pressed, the scan dialog opens with one
 * component standing for the result. Cancelled after importing a page
 * (the "discard" question answered), nothing is attached. Pressed again, a
 * page of Vietnamese text is imported (no scanner: SANE has no backend
 * here) and attached: the dialog goes, the text is read in a worker while
 * the section is busy, and the dossier has one result file whose PDF
 * passes `qpdf --check`, has the one page and whose words pdftotext
 * finds, unsigned and waiting for the leader's signature; the temporary
 * folders are gone. A screenshot of the section goes
 * to the test log folder. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "digitise-fixture.h"
#include "digitise/mc-scan-dialog.h"
#include "mc-core.h"
#include "mc-results-section.h"
#include "page-fixture.h"
#include "store/mc-desk-results.h"
#include "ui-test-util.h"
#include "workflow-fixture.h"

static char *tmp_dir;

typedef struct {
  Fixture *fixture;
  char *code;
  GPtrArray *messages;
} Run;

static gboolean
section_idle (gpointer data)
{
  return !mc_results_section_get_busy (data) && mc_results_section_get_results (data) != NULL;
}

static gboolean
has_one_result (gpointer data)
{
  GPtrArray *results = mc_results_section_get_results (data);

  return !mc_results_section_get_busy (data) && results != NULL && results->len == 1;
}

static gboolean
has_question (gpointer data)
{
  return ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

/* Folders in the temporary folder whose names start with @prefix. */
static guint
count_dirs (const char *prefix)
{
  g_autoptr(GDir) dir = g_dir_open (g_get_tmp_dir (), 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, prefix))
      n++;
  return n;
}

typedef struct {
  guint scan;
  guint result;
} Dirs;

static gboolean
no_new_dirs (gpointer data)
{
  Dirs *before = data;

  return count_dirs ("motcua-scan-") <= before->scan && count_dirs ("motcua-result-") <= before->result;
}

static void
on_message (McResultsSection *section,
            const char       *text,
            Run              *run)
{
  g_test_message ("section told: %s", text);
  g_ptr_array_add (run->messages, g_strdup (text));
}

/* Presses "Quét kết quả…" and waits for the scan dialog, idle. */
static McScanDialog *
press_scan (GtkWidget *button)
{
  McScanDialog *scan;

  g_signal_emit_by_name (button, "clicked");
  ui_test_wait_until (digitise_has_scan_dialog, &scan);
  ui_test_wait_until (digitise_scan_idle, scan);
  return scan;
}

static GPtrArray *
stored_results (Run *run)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *results = mc_desk_list_results (run->fixture->desk, run->code, &error);

  g_assert_no_error (error);
  g_assert_nonnull (results);
  return results;
}

static gboolean
run_checks (gpointer user_data)
{
  Run *run = user_data;
  GApplication *app = g_application_get_default ();
  g_autofree char *text_page = g_build_filename (tmp_dir, "giay-khai-sinh.png", NULL);
  const char *imports[] = { text_page, NULL };
  g_autoptr(McOfficer) specialist = mc_officer_new ("minh", "Trần Văn Minh", "Công chức Tư pháp – Hộ tịch",
                                                    "Tư pháp – Hộ tịch", MC_ROLE_SPECIALIST);
  g_autoptr(McDossier) dossier = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  McResultsSection *section;
  GtkWidget *window, *button, *attach;
  McScanDialog *scan;
  gpointer weak;
  Dirs dirs = { count_dirs ("motcua-scan-"), count_dirs ("motcua-result-") };

  page_fixture_write (text_page, PAGE_GRAY, 300, 1.0, FALSE, FALSE);
  dossier = mc_desk_load_dossier (run->fixture->desk, run->code, &error);
  g_assert_no_error (error);

  window = adw_application_window_new (GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 720, 240);
  section = MC_RESULTS_SECTION (mc_results_section_new ());
  gtk_widget_set_margin_start (GTK_WIDGET (section), 18);
  gtk_widget_set_margin_end (GTK_WIDGET (section), 18);
  gtk_widget_set_margin_top (GTK_WIDGET (section), 18);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), GTK_WIDGET (section));
  g_signal_connect (section, "message", G_CALLBACK (on_message), run);
  mc_desk_set_officer_login (run->fixture->desk, "minh");
  mc_results_section_set_desk (section, run->fixture->desk);
  mc_results_section_set_officer (section, specialist);
  mc_results_section_set_dossier (section, dossier);
  gtk_window_present (GTK_WINDOW (window));
  ui_test_wait_until (section_idle, section);
  g_assert_cmpuint (mc_results_section_get_results (section)->len, ==, 0);

  /* The button stands beside "Attach Result…", under the same rule. */
  g_assert_true (mc_results_section_can_attach (section));
  button = ui_test_find_named (GTK_WIDGET (section), "result_scan_button");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "_Quét kết quả…");
  attach = gtk_widget_get_prev_sibling (button);
  g_assert_true (GTK_IS_BUTTON (attach) && gtk_widget_get_visible (attach));
  ui_test_settle ();
  ui_test_screenshot ("ui-result-scan-1-section.png");

  /* Cancelled: the page imported, then discarded; nothing attached. */
  scan = press_scan (button);
  mc_scan_dialog_import_files (scan, imports);
  ui_test_wait_until (digitise_scan_idle, scan);
  g_assert_cmpuint (mc_scan_dialog_get_n_pages (scan), ==, 1);
  weak = scan;
  g_object_add_weak_pointer (G_OBJECT (scan), &weak);
  gtk_window_close (GTK_WINDOW (scan));
  ui_test_wait_until (has_question, NULL);
  adw_message_dialog_response (ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG), "discard");
  ui_test_wait_until (digitise_is_null, &weak);
  ui_test_wait_until (section_idle, section);
  g_assert_cmpuint (mc_results_section_get_results (section)->len, ==, 0);
  results = stored_results (run);
  g_assert_cmpuint (results->len, ==, 0);
  g_clear_pointer (&results, g_ptr_array_unref);
  g_assert_cmpuint (run->messages->len, ==, 0);

  /* Scanned (imported) and attached: read, then stored as the result. */
  scan = press_scan (button);
  ui_test_screenshot ("ui-result-scan-2-dialog.png");
  /* A result is signed through "Sign Results…": no copy switch here. */
  {
    GtkWidget *sign_switch = ui_test_find_named (GTK_WIDGET (scan), "sign_switch");

    g_assert_nonnull (sign_switch);
    g_assert_false (gtk_widget_is_visible (sign_switch));
  }
  mc_scan_dialog_import_files (scan, imports);
  ui_test_wait_until (digitise_scan_idle, scan);
  g_assert_cmpuint (mc_scan_dialog_get_n_pages (scan), ==, 1);
  weak = scan;
  g_object_add_weak_pointer (G_OBJECT (scan), &weak);
  mc_scan_dialog_attach (scan);
  ui_test_wait_until (digitise_is_null, &weak);
  ui_test_wait_until (has_one_result, section);
  ui_test_settle ();
  ui_test_screenshot ("ui-result-scan-3-attached.png");

  results = stored_results (run);
  g_assert_cmpuint (results->len, ==, 1);
  {
    McResultFile *file = g_ptr_array_index (results, 0);
    g_autofree char *blob = mc_desk_get_blob_path (run->fixture->desk, file->current_sha256);
    const char *check[] = { "qpdf", "--check", blob, NULL };
    const char *npages[] = { "qpdf", "--show-npages", blob, NULL };
    const char *text[] = { "pdftotext", "-enc", "UTF-8", blob, "-", NULL };
    g_autofree char *check_out = ui_test_tool_output (check);
    g_autofree char *npages_out = ui_test_tool_output (npages);
    g_autofree char *text_out = ui_test_tool_output (text);
    g_autofree char *folded = g_utf8_strdown (text_out, -1);
    guint found = 0;

    /* Unsigned, waiting for the leader's "Sign Results…". */
    g_assert_cmpuint (file->signatures->len, ==, 0);
    g_assert_true (mc_result_file_wants (file, MC_SIGNATURE_KIND_LEADER, NULL));
    g_assert_nonnull (strstr (check_out, "No syntax or stream encoding errors found"));
    g_assert_cmpstr (g_strstrip (npages_out), ==, "1");
    for (guint i = 0; page_fixture_words[i] != NULL; i++)
      {
        g_autofree char *word = g_utf8_strdown (page_fixture_words[i], -1);

        if (strstr (folded, word) != NULL)
          found++;
      }
    g_test_message ("result %s text: %.200s", file->name, text_out);
    g_assert_cmpuint (found, >=, 12);
  }
  /* Told it was read, then attached. */
  g_assert_cmpuint (run->messages->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (run->messages, 1), ==, "Đã đính kèm kết quả");
  /* The private folders went with the session. */
  ui_test_wait_until (no_new_dirs, &dirs);

  gtk_window_destroy (GTK_WINDOW (window));
  g_application_release (app);
  return G_SOURCE_REMOVE;
}

static void
test_scan_result (void)
{
  Run run = { 0 };

  run.fixture = fixture_new (TRUE);
  run.code = fixture_reviewed_dossier (run.fixture);
  run.messages = g_ptr_array_new_with_free_func (g_free);

  digitise_run_app (APP_ID ".TestResultScan", run_checks, &run);

  fixture_free (run.fixture);
  g_free (run.code);
  g_ptr_array_unref (run.messages);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* A temporary folder of its own: the folders the scan leaves behind
   * are counted there, whatever other tests do meanwhile. */
  tmp_dir = g_build_filename (g_getenv ("TMPDIR") != NULL ? g_getenv ("TMPDIR") : "/tmp",
                              "motcua-result-scan-test-XXXXXX", NULL);
  g_assert_nonnull (g_mkdtemp (tmp_dir));
  g_setenv ("TMPDIR", tmp_dir, TRUE);
  digitise_environment ();

  g_test_init (&argc, &argv, NULL);
  /* No scanner: the page is imported. */
  digitise_no_scanner (tmp_dir);

  g_test_add_func ("/ui/digitise/scan-result", test_scan_result);
  status = g_test_run ();

  ui_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}
