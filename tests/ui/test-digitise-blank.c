/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Blank pages in the scan dialog, under Xvfb, in Vietnamese: pages of
 * Vietnamese text with blank sheets among them (made here with pango, as
 * PNG files) are imported; each blank page leaves the grid for the
 * "removed" list under it, which says how many ("Đã bỏ … trang trắng")
 * and shows each page small with its Restore button. Restored (by the
 * button, activated as the keyboard does), the page is back in its place
 * and the attached PDF has it (qpdf counts the pages); not restored, the
 * PDF lacks it; the toast's Undo and Restore All put every removed page
 * back in its place. Screenshots go to the test log folder. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "digitise-fixture.h"
#include "digitise/mc-scan-dialog.h"
#include "digitise/mc-scan-pages.h"
#include "mc-core.h"
#include "page-fixture.h"
#include "ui-test-util.h"

#define DPI 150

static char *tmp_dir;

/* A button activated as by the keyboard is clicked once its pressed look
 * has shown. */
static gboolean
none_removed (gpointer data)
{
  return mc_scan_dialog_get_n_removed (data) == 0;
}

static gboolean
list_shown (gpointer data)
{
  McScanDialog *dialog = data;

  return gtk_revealer_get_child_revealed (dialog->removed_revealer);
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/* Pixels darker than mid-grey, counted on the page's own bytes: paper
 * alone has none, a page of text many. */
static guint
dark_pixels (const McScannedPage *page)
{
  const guint8 *data = g_bytes_get_data (page->pixels, NULL);
  guint dark = 0;

  for (guint y = 0; y < page->height; y++)
    for (guint x = 0; x < page->width; x++)
      {
        const guint8 *line = data + (gsize) y * page->stride;
        guint v;

        if (page->depth == 1)
          v = (line[x / 8] >> (7 - x % 8)) & 1 ? 0 : 255;
        else if (page->channels == 3)
          v = (line[3 * x] + line[3 * x + 1] + line[3 * x + 2]) / 3;
        else
          v = line[x];
        dark += v < 128;
      }
  return dark;
}

typedef struct {
  McComponentRow *row;
  GPtrArray      *rows;
  McScanDialog   *dialog;
} Fixture;

/* The dialog, opened for one component, with @blanks marking which of
 * the @n pages imported are blank sheets. */
static void
fixture_open (Fixture        *fixture,
              const gboolean *blanks,
              guint           n)
{
  static const McProcedureComponent component = { (char *) "TP1", (char *) "Giấy khai sinh", 1,
                                                   MC_COMPONENT_KIND_ORIGINAL, TRUE };
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) paths = NULL;
  static guint round;

  round++;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("r%u-p%u.png", round, i + 1);
      g_autofree char *path = g_build_filename (tmp_dir, name, NULL);

      page_fixture_write (path, PAGE_GRAY, DPI, 0, FALSE, blanks[i]);
      g_strv_builder_add (builder, path);
    }
  paths = g_strv_builder_end (builder);

  fixture->row = g_object_ref_sink (mc_component_row_new (&component));
  fixture->rows = g_ptr_array_new ();
  g_ptr_array_add (fixture->rows, fixture->row);
  fixture->dialog = mc_scan_dialog_new (fixture->rows, fixture->row);
  g_object_add_weak_pointer (G_OBJECT (fixture->dialog), (gpointer *) &fixture->dialog);
  gtk_window_present (GTK_WINDOW (fixture->dialog));
  ui_test_wait_until (digitise_scan_idle, fixture->dialog);

  mc_scan_dialog_import_files (fixture->dialog, (const char **) paths);
  g_assert_true (mc_scan_dialog_get_busy (fixture->dialog));
  ui_test_wait_until (digitise_scan_idle, fixture->dialog);
  g_assert_null (mc_scan_dialog_get_message (fixture->dialog));
}

/* Attaches and returns how many pages the component's PDF has. */
static guint
fixture_attach (Fixture *fixture)
{
  g_autofree char *out = NULL;
  const char *path;
  const char *argv[] = { "qpdf", "--show-npages", NULL, NULL };

  mc_scan_dialog_attach (fixture->dialog);
  ui_test_wait_until (digitise_is_null, &fixture->dialog);
  ui_test_wait_until (digitise_row_has_file, fixture->row);
  path = g_ptr_array_index (mc_component_row_get_files (fixture->row), 0);
  argv[2] = path;
  out = ui_test_tool_output (argv);
  return (guint) g_ascii_strtoull (out, NULL, 10);
}

static void
fixture_close (Fixture *fixture)
{
  g_ptr_array_unref (fixture->rows);
  g_clear_object (&fixture->row);
  ui_test_settle ();
}

/* What the removed list shows: its heading, and whether it is revealed. */
static const char *
removed_text (McScanDialog *dialog)
{
  return gtk_revealer_get_reveal_child (dialog->removed_revealer) ? gtk_label_get_text (dialog->removed_label) : NULL;
}

static void
check_restore (void)
{
  const gboolean blanks[] = { FALSE, TRUE, FALSE };
  Fixture fixture = { 0 };
  const McScannedPage *blank;
  GtkWidget *restore;

  fixture_open (&fixture, blanks, G_N_ELEMENTS (blanks));
  /* The blank sheet left the grid for the removed list. */
  g_assert_cmpuint (mc_scan_dialog_get_n_pages (fixture.dialog), ==, 2);
  g_assert_cmpuint (mc_scan_dialog_get_n_removed (fixture.dialog), ==, 1);
  g_assert_cmpuint (dark_pixels (mc_scan_dialog_get_page (fixture.dialog, 0)), >, 1000);
  g_assert_cmpuint (dark_pixels (mc_scan_dialog_get_page (fixture.dialog, 1)), >, 1000);
  blank = mc_scan_dialog_get_removed_page (fixture.dialog, 0);
  g_assert_cmpuint (dark_pixels (blank), ==, 0);
  g_assert_nonnull (removed_text (fixture.dialog));
  g_assert_nonnull (strstr (removed_text (fixture.dialog), "Đã bỏ 1 trang trắng"));
  g_assert_nonnull (fixture.dialog->toast);
  ui_test_wait_until (list_shown, fixture.dialog);
  ui_test_screenshot ("ui-digitise-blank-1-removed.png");

  /* Its Restore button, as Enter on it: back as page 2. */
  restore = ui_test_find_named (GTK_WIDGET (fixture.dialog->removed_box), "restore-page");
  g_assert_nonnull (restore);
  g_assert_true (gtk_widget_get_focusable (restore) || gtk_widget_get_can_focus (restore));
  ui_test_wait_until (is_mapped, restore);
  g_assert_true (gtk_widget_activate (restore));
  ui_test_wait_until (none_removed, fixture.dialog);
  g_assert_cmpuint (mc_scan_dialog_get_n_pages (fixture.dialog), ==, 3);
  g_assert_true (mc_scan_dialog_get_page (fixture.dialog, 1) == blank);
  g_assert_null (removed_text (fixture.dialog));

  /* The official's choice wins: the attached PDF has the blank page. */
  g_assert_cmpuint (fixture_attach (&fixture), ==, 3);
  fixture_close (&fixture);
}

static void
check_not_restored (void)
{
  const gboolean blanks[] = { FALSE, TRUE, FALSE };
  Fixture fixture = { 0 };

  fixture_open (&fixture, blanks, G_N_ELEMENTS (blanks));
  g_assert_cmpuint (mc_scan_dialog_get_n_pages (fixture.dialog), ==, 2);
  g_assert_cmpuint (mc_scan_dialog_get_n_removed (fixture.dialog), ==, 1);
  g_assert_cmpuint (fixture_attach (&fixture), ==, 2);
  fixture_close (&fixture);
}

static void
check_undo (void)
{
  const gboolean blanks[] = { FALSE, TRUE, FALSE, TRUE };
  Fixture fixture = { 0 };
  const McScannedPage *first, *second;
  GtkWidget *restore_all;

  fixture_open (&fixture, blanks, G_N_ELEMENTS (blanks));
  g_assert_cmpuint (mc_scan_dialog_get_n_pages (fixture.dialog), ==, 2);
  g_assert_cmpuint (mc_scan_dialog_get_n_removed (fixture.dialog), ==, 2);
  g_assert_nonnull (strstr (removed_text (fixture.dialog), "Đã bỏ 2 trang trắng"));
  ui_test_wait_until (list_shown, fixture.dialog);
  ui_test_screenshot ("ui-digitise-blank-2-two-removed.png");
  first = mc_scan_dialog_get_removed_page (fixture.dialog, 0);
  second = mc_scan_dialog_get_removed_page (fixture.dialog, 1);

  /* The toast's Undo: both back in their places, the list gone. */
  g_assert_nonnull (fixture.dialog->toast);
  g_signal_emit_by_name (fixture.dialog->toast, "button-clicked");
  g_assert_cmpuint (mc_scan_dialog_get_n_removed (fixture.dialog), ==, 0);
  g_assert_cmpuint (mc_scan_dialog_get_n_pages (fixture.dialog), ==, 4);
  g_assert_true (mc_scan_dialog_get_page (fixture.dialog, 1) == first);
  g_assert_true (mc_scan_dialog_get_page (fixture.dialog, 3) == second);
  g_assert_null (removed_text (fixture.dialog));
  g_assert_cmpuint (fixture_attach (&fixture), ==, 4);
  fixture_close (&fixture);

  /* Restore All under the grid does the same. */
  fixture_open (&fixture, blanks, G_N_ELEMENTS (blanks));
  g_assert_cmpuint (mc_scan_dialog_get_n_removed (fixture.dialog), ==, 2);
  first = mc_scan_dialog_get_removed_page (fixture.dialog, 0);
  second = mc_scan_dialog_get_removed_page (fixture.dialog, 1);
  restore_all = ui_test_find_named (GTK_WIDGET (fixture.dialog), "restore_all_button");
  g_assert_nonnull (restore_all);
  ui_test_wait_until (is_mapped, restore_all);
  g_assert_true (gtk_widget_activate (restore_all));
  ui_test_wait_until (none_removed, fixture.dialog);
  g_assert_true (mc_scan_dialog_get_page (fixture.dialog, 1) == first);
  g_assert_true (mc_scan_dialog_get_page (fixture.dialog, 3) == second);
  g_assert_cmpuint (fixture_attach (&fixture), ==, 4);
  fixture_close (&fixture);
}

static gboolean
run_checks (gpointer user_data)
{
  void (*checks) (void) = user_data;

  checks ();
  g_application_release (g_application_get_default ());
  return G_SOURCE_REMOVE;
}

/* @checks run in a running application, as the dialog needs. */
static void
run_in_app (void (*checks) (void))
{
  digitise_run_app (APP_ID ".TestDigitiseBlank", run_checks, checks);
}

static void
test_restore (void)
{
  run_in_app (check_restore);
}

static void
test_not_restored (void)
{
  run_in_app (check_not_restored);
}

static void
test_undo (void)
{
  run_in_app (check_undo);
}

int
main (int   argc,
      char *argv[])
{
  /* No scanner: the pages are imported. */
  tmp_dir = digitise_test_init (&argc, &argv, "motcua-digitise-blank-XXXXXX");

  g_test_add_func ("/ui/digitise/blank/restore", test_restore);
  g_test_add_func ("/ui/digitise/blank/not-restored", test_not_restored);
  g_test_add_func ("/ui/digitise/blank/undo", test_undo);
  return digitise_test_run (tmp_dir);
}
