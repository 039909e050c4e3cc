/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The slip printer under Xvfb: a slip made for a dossier lands in the
 * private cache folder (0700, file 0600) and reads back with the
 * applicant's name; printing it through GtkPrintOperation (exported to a
 * PDF, so no printer is needed) draws every page with poppler — pdftotext
 * finds the name and code in the printed file, on A4 portrait, and the
 * ledger on A4 landscape; opening hands the file to the desktop's default
 * PDF viewer (a stand-in registered for this test records what it was
 * given). Unknown codes and missing files fail with clear errors. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "domain/mc-state.h"
#include "forms/mc-slip-template.h"
#include "mc-core.h"
#include "mc-slip-printer.h"
#include "ui-test-util.h"
#include "workflow-fixture.h"

static char *home;

static gboolean
result_arrived (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
wait_for (GAsyncResult **result)
{
  ui_test_wait_until (result_arrived, result);
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

static void
got_result (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static char *
run_tool (const char * const *argv)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));

  return out;
}

#define TOOL(...) run_tool ((const char * const[]) { __VA_ARGS__, NULL })

static char *
pdf_text (const char *pdf)
{
  char *text = TOOL ("pdftotext", "-enc", "UTF-8", pdf, "-");

  g_strdelimit (text, "\n", ' ');
  return text;
}

/* The first page's size in points, from pdfinfo. */
static void
page_size (const char *info,
           double     *width,
           double     *height)
{
  const char *line = strstr (info, "Page size:");

  g_assert_nonnull (line);
  g_assert_cmpint (sscanf (line, "Page size: %lf x %lf", width, height), ==, 2);
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” not in:\n%s", needle, haystack);
}

static gint64
vn_time (int y, int m, int d, int h, int mi)
{
  g_autoptr(GDateTime) dt = g_date_time_new (mc_vietnam_time_zone (), y, m, d, h, mi, 0);

  return g_date_time_to_unix (dt);
}

static char *
receive (Fixture    *fixture,
         const char *name,
         gint64      at)
{
  g_autoptr(McReception) reception = fixture_birth_reception ();
  g_autoptr(McReceptionResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_set_str_compat (&reception->applicant_name, name);
  reception->received_at = at;
  result = mc_desk_receive (fixture->desk, reception, NULL, &error);
  g_assert_no_error (error);

  return g_strdup (result->code);
}

static char *
make_slip (McDesk      *desk,
           const char  *kind,
           const char  *code,
           GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  mc_slip_printer_make_async (desk, kind, code, NULL, got_result, &result);
  wait_for (&result);

  return mc_slip_printer_make_finish (result, error);
}

/* Keeps a copy of a printed file in the test log folder for people to
 * look at. */
static void
keep_for_people (const char *path,
                 const char *name)
{
  const char *dir = g_getenv ("MOTCUA_TEST_LOG_DIR");
  g_autofree char *copy = NULL;
  g_autoptr(GFile) from = NULL;
  g_autoptr(GFile) to = NULL;
  g_autoptr(GError) error = NULL;

  if (dir == NULL)
    return;
  copy = g_build_filename (dir, name, NULL);
  from = g_file_new_for_path (path);
  to = g_file_new_for_path (copy);
  g_assert_true (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("printed: %s", copy);
}

/* Runs the print operation for @pdf, exported to @out. */
static void
print_to_file (const char *pdf,
               const char *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkPrintOperation) operation = mc_slip_printer_new_operation (pdf, &error);
  GtkPrintOperationResult result;

  g_assert_no_error (error);
  gtk_print_operation_set_export_filename (operation, out);
  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, GTK_PRINT_OPERATION_RESULT_APPLY);
  g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));
}

static void
test_make_and_print (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autofree char *code = receive (fixture, "Đặng Thị Hòa", vn_time (2026, 12, 1, 9, 0));
  g_autofree char *cache = mc_slip_printer_get_cache_dir ();
  g_autofree char *printed = g_build_filename (fixture->tmp, "printed.pdf", NULL);
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *printed_text = NULL;
  g_autofree char *info = NULL;
  g_autoptr(GError) error = NULL;
  double width, height;
  GStatBuf st;

  path = make_slip (fixture->desk, "receipt", code, &error);
  g_assert_no_error (error);

  /* In the private cache folder, private. */
  g_assert_true (g_str_has_prefix (path, home));
  g_assert_true (g_str_has_prefix (path, cache));
  g_assert_cmpint (g_stat (cache, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  text = pdf_text (path);
  assert_contains (text, "Đặng Thị Hòa");
  assert_contains (text, code);

  /* Printed: the pages drawn by poppler into GTK's print context. */
  print_to_file (path, printed);
  keep_for_people (printed, "slip-printed-receipt.pdf");
  printed_text = pdf_text (printed);
  assert_contains (printed_text, "Đặng Thị Hòa");
  assert_contains (printed_text, code);
  assert_contains (printed_text, "GIẤY TIẾP NHẬN HỒ SƠ");
  info = TOOL ("pdfinfo", printed);
  assert_contains (info, "Pages:           1");
  assert_contains (info, "(A4)");
  page_size (info, &width, &height);
  g_assert_cmpfloat (width, <, height);   /* portrait */
}

static void
test_ledger (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autofree char *first = receive (fixture, "Lê Văn An", vn_time (2026, 12, 1, 9, 0));
  g_autofree char *second = receive (fixture, "Vũ Thị Bình", vn_time (2026, 12, 2, 9, 0));
  g_autofree char *printed = g_build_filename (fixture->tmp, "ledger-printed.pdf", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *info = NULL;
  double width, height;

  mc_slip_printer_make_ledger_async (fixture->desk, vn_time (2026, 12, 1, 0, 0), vn_time (2026, 12, 3, 0, 0),
                                     NULL, got_result, &result);
  wait_for (&result);
  path = mc_slip_printer_make_finish (result, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (path, "ledger-2026-12-01-2026-12-02.pdf"));

  print_to_file (path, printed);
  keep_for_people (printed, "slip-printed-ledger.pdf");
  text = pdf_text (printed);
  assert_contains (text, "Lê Văn An");
  assert_contains (text, "Vũ Thị Bình");
  info = TOOL ("pdfinfo", printed);
  assert_contains (info, "(A4)");
  page_size (info, &width, &height);
  g_assert_cmpfloat (width, >, height);   /* landscape */
}

static void
test_errors (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autofree char *code = receive (fixture, "Lê Văn An", vn_time (2026, 12, 1, 9, 0));
  g_autofree char *cache = mc_slip_printer_get_cache_dir ();
  g_autofree char *gone = g_build_filename (fixture->tmp, "gone.pdf", NULL);
  g_autofree char *not_pdf = g_build_filename (fixture->tmp, "not.pdf", NULL);
  g_autofree char *path = NULL;
  g_autofree char *unknown = g_build_filename (cache, "H40.12.03.X05-261201-9999-receipt.pdf", NULL);
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  path = make_slip (fixture->desk, "receipt", "H40.12.03.X05-261201-9999", &error);
  g_assert_null (path);
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (unknown, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  path = make_slip (fixture->desk, "refusal", code, &error);
  g_assert_null (path);
  g_assert_error (error, MC_SLIP_ERROR, MC_SLIP_ERROR_NOT_APPLICABLE);
  g_clear_error (&error);

  operation = mc_slip_printer_new_operation (gone, &error);
  g_assert_null (operation);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (not_pdf, "not a PDF at all", -1, NULL));
  operation = mc_slip_printer_new_operation (not_pdf, &error);
  g_assert_null (operation);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  mc_slip_printer_open_async (gone, NULL, NULL, got_result, &result);
  wait_for (&result);
  g_assert_false (mc_slip_printer_open_finish (result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

/* A stand-in PDF viewer for this session: a desktop file, set as the
 * default for PDF, whose command writes down what it was given. */
static char *
install_viewer (void)
{
  g_autofree char *apps = g_build_filename (home, "data", "applications", NULL);
  g_autofree char *config = g_build_filename (home, "config", NULL);
  g_autofree char *script = g_build_filename (home, "viewer.sh", NULL);
  g_autofree char *desktop = g_build_filename (apps, "motcua-test-viewer.desktop", NULL);
  g_autofree char *mimeapps = g_build_filename (config, "mimeapps.list", NULL);
  g_autofree char *marker = g_build_filename (home, "opened.txt", NULL);
  g_autofree char *script_text = g_strdup_printf ("#!/bin/sh\nprintf '%%s' \"$1\" > '%s.tmp' && mv '%s.tmp' '%s'\n",
                                                  marker, marker, marker);
  g_autofree char *desktop_text = g_strdup_printf ("[Desktop Entry]\nType=Application\nName=Test viewer\n"
                                                   "Exec=%s %%u\nMimeType=application/pdf;\n", script);

  g_assert_cmpint (g_mkdir_with_parents (apps, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (config, 0700), ==, 0);
  g_assert_true (g_file_set_contents (script, script_text, -1, NULL));
  g_assert_cmpint (g_chmod (script, 0700), ==, 0);
  g_assert_true (g_file_set_contents (desktop, desktop_text, -1, NULL));
  g_assert_true (g_file_set_contents (mimeapps,
                                      "[Default Applications]\napplication/pdf=motcua-test-viewer.desktop\n",
                                      -1, NULL));

  return g_steal_pointer (&marker);
}

static void
test_open (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autofree char *code = receive (fixture, "Lê Văn An", vn_time (2026, 12, 1, 9, 0));
  g_autofree char *marker = install_viewer ();
  g_autoptr(GAsyncResult) made = NULL;
  g_autoptr(GAsyncResult) opened = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *seen = NULL;
  g_autofree char *seen_path = NULL;

  mc_slip_printer_make_async (fixture->desk, "control-sheet", code, NULL, got_result, &made);
  wait_for (&made);
  path = mc_slip_printer_make_finish (made, &error);
  g_assert_no_error (error);

  mc_slip_printer_open_async (path, NULL, NULL, got_result, &opened);
  wait_for (&opened);
  g_assert_true (mc_slip_printer_open_finish (opened, &error));
  g_assert_no_error (error);

  ui_test_wait_until (file_exists, (gpointer) marker);
  g_assert_true (g_file_get_contents (marker, &seen, NULL, NULL));
  /* GIO hands a local file over as a path or a file:// URI. */
  file = g_str_has_prefix (seen, "file://") ? g_file_new_for_uri (seen) : g_file_new_for_path (seen);
  seen_path = g_file_get_path (file);
  g_assert_cmpstr (seen_path, ==, path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cache = NULL;
  g_autofree char *data = NULL;
  g_autofree char *config = NULL;
  int status;

  /* Xvfb has no GPU: drawing with cairo is enough, and Mesa's software GL
   * keeps a buffer for the life of the process that LeakSanitizer would
   * report in the sanitize runs. */
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  /* A home of our own, set before GLib reads the XDG folders. */
  home = g_dir_make_tmp ("motcua-printer-XXXXXX", &error);
  g_assert_no_error (error);
  cache = g_build_filename (home, "cache", NULL);
  data = g_build_filename (home, "data", NULL);
  config = g_build_filename (home, "config", NULL);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);

  mc_core_init ();
  g_test_init (&argc, &argv, NULL);
  gtk_init ();

  g_test_add_func ("/slip-printer/make-and-print", test_make_and_print);
  g_test_add_func ("/slip-printer/ledger", test_ledger);
  g_test_add_func ("/slip-printer/errors", test_errors);
  g_test_add_func ("/slip-printer/open", test_open);
  status = g_test_run ();

  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", home);

    if (system (command) != 0)
      g_printerr ("could not remove %s\n", home);
  }
  g_free (home);

  return status;
}
