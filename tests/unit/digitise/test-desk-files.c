/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A file attached to a component of a dossier already received (a scan
 * made after reception, or the OCR'd PDF/A replacing a quick first copy)
 * on a real store: one new file row, the version bumped, exactly one
 * timeline entry, outbox op and audit entry; a second version keeps the
 * first row and its blob; a file that is not a PDF, a component the
 * dossier does not have and a closed dossier are refused with nothing
 * written; the async pair does the same in a worker. Scans attached at
 * once are read later by the background OCR queue: held at its gate, the
 * file is there and unread; released, its searchable version is the
 * newest and search finds a word only the paper has; a desk killed before
 * the reading picks it up at its next open; pages with text of their own
 * keep it exactly and are not read again; the page image of the
 * searchable version is still the scan's JPEG (pdfimages). A copy to be
 * signed waits for its text, then for its signed version, recorded once
 * however often it is recorded. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <cairo-pdf.h>
#include <signal.h>
#include <string.h>

#include "mc-core.h"
#include "digitise/mc-ocr-queue.h"
#include "digitise/mc-page-pdf.h"
#include "digitise/mc-page-pix.h"
#include "domain/mc-dossier-summary.h"
#include "domain/mc-state.h"
#include "domain/mc-text-fold.h"
#include "store/mc-blob-store.h"
#include "store/mc-desk-files.h"
#include "store/mc-desk-private.h"
#include "store/mc-officer-auth.h"
#include "page-fixture.h"
#include "workflow-fixture.h"

#define CLI_PASSWORD "mat-khau-thu"

typedef struct
{
  gint64 files, timeline, outbox, audit, version;
} Counts;

static Counts
counts (Fixture    *fixture,
        const char *code)
{
  McStore *store = mc_desk_get_store (fixture->desk);
  g_autofree char *version_sql = g_strdup_printf ("SELECT version FROM dossier WHERE code = '%s'", code);
  Counts c;

  c.files = fixture_count (store, "SELECT count(*) FROM dossier_file");
  c.timeline = fixture_count (store, "SELECT count(*) FROM timeline");
  c.outbox = fixture_count (store, "SELECT count(*) FROM outbox");
  c.audit = fixture_count (store, "SELECT count(*) FROM audit");
  c.version = fixture_count (store, version_sql);

  return c;
}

static void
assert_grew (Counts  before,
             Counts  after,
             gint64  by)
{
  g_assert_cmpint (after.files - before.files, ==, by);
  g_assert_cmpint (after.timeline - before.timeline, ==, by);
  g_assert_cmpint (after.outbox - before.outbox, ==, by);
  g_assert_cmpint (after.audit - before.audit, ==, by);
  g_assert_cmpint (after.version - before.version, ==, by);
}

/* A one-page PDF with a line of text, drawn by cairo. */
static char *
make_pdf (Fixture    *fixture,
          const char *name,
          const char *text)
{
  g_autofree char *path = g_build_filename (fixture->tmp, name, NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (surface);

  cairo_move_to (cr, 72, 100);
  cairo_show_text (cr, text);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  return g_steal_pointer (&path);
}

static char *
received_dossier (Fixture *fixture)
{
  g_autoptr(McReception) reception = fixture_birth_reception ();
  g_autoptr(McReceptionResult) result = NULL;
  g_autoptr(GError) error = NULL;

  mc_desk_set_officer_login (fixture->desk, "lan");
  result = mc_desk_receive (fixture->desk, reception, NULL, &error);
  g_assert_no_error (error);

  return g_strdup (result->code);
}

static void
test_attach_and_new_version (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autofree char *code = received_dossier (fixture);
  g_autofree char *quick = make_pdf (fixture, "to-khai.pdf", "To khai - ban nhanh");
  g_autofree char *ocred = make_pdf (fixture, "to-khai-pdfa.pdf", "To khai - PDF/A co chu");
  g_autofree char *op1 = NULL;
  g_autofree char *op2 = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *type = NULL;
  g_autofree char *first_sha = NULL;
  g_autofree char *blob = NULL;
  g_autoptr(GError) error = NULL;
  McStore *store = mc_desk_get_store (fixture->desk);
  Counts before = counts (fixture, code);

  op1 = mc_desk_attach_component_file (fixture->desk, code, "TP1", quick, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (op1));
  assert_grew (before, counts (fixture, code), 1);

  sql = g_strdup_printf ("SELECT type FROM outbox WHERE op_id = '%s'", op1);
  type = fixture_text (store, sql);
  g_assert_cmpstr (type, ==, MC_ACTION_ATTACH_COMPONENT_FILE);
  g_clear_pointer (&type, g_free);
  type = fixture_text (store, "SELECT action FROM audit ORDER BY rowid DESC LIMIT 1");
  g_assert_cmpstr (type, ==, MC_ACTION_ATTACH_COMPONENT_FILE);
  g_assert_cmpint (fixture_count (store, "SELECT count(*) FROM dossier_file"
                                         " WHERE role = 'component' AND component_code = 'TP1' AND added_by = 'lan'"),
                   ==, 1);
  g_assert_cmpint (fixture_count (store, "SELECT provided FROM dossier_component WHERE code = 'TP1'"), ==, 1);
  first_sha = fixture_text (store, "SELECT sha256 FROM dossier_file WHERE component_code = 'TP1'");

  /* The OCR'd version: a second row, the first one and its blob kept. */
  before = counts (fixture, code);
  op2 = mc_desk_attach_component_file (fixture->desk, code, "TP1", ocred, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (op1, !=, op2);
  assert_grew (before, counts (fixture, code), 1);
  g_assert_cmpint (fixture_count (store, "SELECT count(DISTINCT sha256) FROM dossier_file"
                                         " WHERE component_code = 'TP1'"), ==, 2);
  blob = mc_blob_store_path (mc_store_get_blob_dir (store), first_sha);
  g_assert_true (g_file_test (blob, G_FILE_TEST_IS_REGULAR));
}

static void
test_refused (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autofree char *code = received_dossier (fixture);
  g_autofree char *pdf = make_pdf (fixture, "cccd.pdf", "Can cuoc");
  g_autofree char *text = g_build_filename (fixture->tmp, "ghi-chu.txt", NULL);
  g_autoptr(GError) error = NULL;
  Counts before = counts (fixture, code);
  char *op_id;

  g_assert_true (g_file_set_contents (text, "không phải PDF\n", -1, NULL));
  op_id = mc_desk_attach_component_file (fixture->desk, code, "TP1", text, NULL, &error);
  g_assert_null (op_id);
  g_assert_error (error, MC_DESK_FILES_ERROR, MC_DESK_FILES_ERROR_NOT_PDF);
  g_clear_error (&error);

  op_id = mc_desk_attach_component_file (fixture->desk, code, "TP9", pdf, NULL, &error);
  g_assert_null (op_id);
  g_assert_error (error, MC_DESK_FILES_ERROR, MC_DESK_FILES_ERROR_NO_COMPONENT);
  g_clear_error (&error);

  op_id = mc_desk_attach_component_file (fixture->desk, "KHONG-CO", "TP1", pdf, NULL, &error);
  g_assert_null (op_id);
  g_assert_nonnull (error);
  g_clear_error (&error);

  assert_grew (before, counts (fixture, code), 0);
}

/* Withdrawn by the citizen: closed, its papers stay as they were. */
static void
test_closed (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autofree char *code = received_dossier (fixture);
  g_autofree char *pdf = make_pdf (fixture, "muon.pdf", "Nop muon");
  g_autofree char *withdrawn = NULL;
  g_autoptr(GError) error = NULL;
  McActionParams params = { 0 };
  Counts before;
  char *op_id;

  params.reason = (char *) "Công dân rút hồ sơ";
  withdrawn = mc_desk_act (fixture->desk, code, "withdraw", &params, &error);
  g_assert_no_error (error);
  before = counts (fixture, code);

  op_id = mc_desk_attach_component_file (fixture->desk, code, "TP1", pdf, NULL, &error);
  g_assert_null (op_id);
  g_assert_error (error, MC_DESK_FILES_ERROR, MC_DESK_FILES_ERROR_CLOSED);
  assert_grew (before, counts (fixture, code), 0);
}

static void
on_attached (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  char **op_id = user_data;
  g_autoptr(GError) error = NULL;

  *op_id = mc_desk_attach_component_file_finish (MC_DESK (source), result, &error);
  g_assert_no_error (error);
}

static void
test_async (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autofree char *code = received_dossier (fixture);
  g_autofree char *pdf = make_pdf (fixture, "don.pdf", "Don de nghi");
  g_autofree char *op_id = NULL;
  Counts before = counts (fixture, code);

  mc_desk_attach_component_file_async (fixture->desk, code, "TP2", pdf, NULL, on_attached, &op_id);
  while (op_id == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_uuid_string_is_valid (op_id));
  assert_grew (before, counts (fixture, code), 1);
  g_assert_cmpint (fixture_count (mc_desk_get_store (fixture->desk),
                                  "SELECT count(*) FROM dossier_file WHERE component_code = 'TP2'"), ==, 1);
}

/* motcua-cli --workspace TMP ARGS…, the password on standard input;
 * returns its standard output and sets its exit status. */
static char *
run_cli (Fixture    *fixture,
         int        *status,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  va_list args;

  g_assert_nonnull (g_getenv ("MOTCUA_CLI"));
  g_ptr_array_add (argv, (gpointer) g_getenv ("MOTCUA_CLI"));
  g_ptr_array_add (argv, (gpointer) "--workspace");
  g_ptr_array_add (argv, fixture->tmp);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, CLI_PASSWORD "\n", NULL, &out, NULL, &error);
  g_assert_no_error (error);
  *status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;

  return out;
}

/* `motcua-cli attach CODE COMPONENT FILE`: stored, refused, usage. */
static void
test_cli (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autofree char *code = received_dossier (fixture);
  g_autofree char *pdf = make_pdf (fixture, "giay-chung-sinh.pdf", "Giay chung sinh");
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_assert_true (mc_officer_auth_set_password (mc_desk_get_store (fixture->desk), "lan", CLI_PASSWORD, &error));
  g_assert_no_error (error);
  /* The CLI opens the workspace for writing: the test lets go of it. */
  mc_store_close (mc_desk_get_store (fixture->desk));

  out = run_cli (fixture, &status, "--json", "attach", code, "TP2", pdf, "--as", "lan", "--password-stdin", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "op_id"));
  g_clear_pointer (&out, g_free);
  out = run_cli (fixture, &status, "attach", code, "TP9", pdf, "--as", "lan", "--password-stdin", NULL);
  g_assert_cmpint (status, ==, 1);
  g_clear_pointer (&out, g_free);
  out = run_cli (fixture, &status, "attach", code, "TP2", NULL);
  g_assert_cmpint (status, ==, 2);
  g_clear_pointer (&out, g_free);

  fixture_reopen (fixture);
  g_assert_cmpint (fixture_count (mc_desk_get_store (fixture->desk),
                                  "SELECT count(*) FROM dossier_file WHERE component_code = 'TP2'"), ==, 1);
}

/* A word of the fixture page that nothing else of the dossier has. */
#define PAPER_WORD "nghia"

/* The fixture page of Vietnamese text, as page images only (a scan). */
static char *
make_scan (Fixture    *fixture,
           const char *name)
{
  g_autofree char *path = g_build_filename (fixture->tmp, name, NULL);
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_scanned_page_free);
  PIX *pix = page_fixture_render (PAGE_GRAY, 300, 0, FALSE, FALSE);
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (pages, mc_page_from_pix (pix, 300));
  pixDestroy (&pix);
  g_assert_true (mc_page_pdf_write (pages, path, NULL, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&path);
}

/* Page 1 typed (text of its own), page 2 the scanned fixture page. */
static char *
make_mixed_pdf (Fixture *fixture)
{
  g_autofree char *path = g_build_filename (fixture->tmp, "mixed.pdf", NULL);
  g_autofree char *png = g_build_filename (fixture->tmp, "page.png", NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_surface_t *image;
  cairo_t *cr = cairo_create (surface);

  cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 14);
  cairo_move_to (cr, 72, 100);
  cairo_show_text (cr, "Don de nghi - ban danh may");
  cairo_move_to (cr, 72, 130);
  cairo_show_text (cr, "So dien thoai lien he 0987 654 321");
  cairo_show_page (cr);

  page_fixture_write (png, PAGE_GRAY, 300, 0, FALSE, FALSE);
  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  cairo_scale (cr, 72.0 / 300, 72.0 / 300);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_paint (cr);
  cairo_show_page (cr);
  cairo_surface_destroy (image);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  return g_steal_pointer (&path);
}

/* pdftotext (poppler-utils), the judge of the text a PDF carries. */
static char *
pdftotext_page (const char *path,
                int         page)
{
  g_autofree char *number = g_strdup_printf ("%d", page);
  const char *argv[] = { "pdftotext", "-f", number, "-l", number, "-layout", path, "-", NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = -1;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  return out;
}

static void
count_read (McOcrQueue *queue,
            const char *code,
            const char *component_code,
            const char *message,
            guint      *n)
{
  g_assert_null (message);
  (*n)++;
}

static void
wait_until_idle (McOcrQueue *queue)
{
  while (mc_ocr_queue_get_busy (queue))
    g_main_context_iteration (NULL, TRUE);
}

static guint
n_found (Fixture    *fixture,
         const char *text,
         const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = mc_desk_search (fixture->desk, text, 20, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < found->len; i++)
    g_assert_cmpstr (mc_dossier_summary_get_code (g_ptr_array_index (found, i)), ==, code);

  return found->len;
}

static void
test_scan_read_later (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autofree char *code = received_dossier (fixture);
  g_autofree char *scan = make_scan (fixture, "TP1.pdf");
  g_autofree char *op_id = NULL;
  g_autofree char *newest = NULL;
  g_autofree char *newest_path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *folded = NULL;
  g_autoptr(GError) error = NULL;
  McStore *store = mc_desk_get_store (fixture->desk);
  McOcrQueue *queue = mc_ocr_queue_get_for_desk (fixture->desk);
  guint n_read = 0;
  Counts before;

  g_assert_true (mc_ocr_queue_get_for_desk (fixture->desk) == queue);
  g_assert_cmpuint (mc_ocr_queue_get_n_workers (queue), >=, 1);
  g_assert_cmpuint (mc_ocr_queue_get_n_workers (queue), <=, 2);
  g_signal_connect (queue, "file-read", G_CALLBACK (count_read), &n_read);
  g_assert_cmpuint (n_found (fixture, PAPER_WORD, code), ==, 0);

  /* Held at the gate: the scan is the component's file, and unread. */
  mc_ocr_queue_hold (queue, TRUE);
  before = counts (fixture, code);
  op_id = mc_desk_attach_component_scan (fixture->desk, code, "TP1", scan, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (op_id);
  assert_grew (before, counts (fixture, code), 1);
  mc_ocr_queue_resume (queue);
  g_assert_true (mc_ocr_queue_get_busy (queue));
  g_assert_cmpint (fixture_count (store, "SELECT count(*) FROM dossier_file"
                                         " WHERE component_code = 'TP1' AND ocr_pending = 1"), ==, 1);
  g_assert_cmpuint (n_found (fixture, PAPER_WORD, code), ==, 0);
  g_assert_cmpuint (n_read, ==, 0);

  /* Released: the searchable version is recorded like any attachment. */
  before = counts (fixture, code);
  mc_ocr_queue_hold (queue, FALSE);
  wait_until_idle (queue);
  g_assert_cmpuint (n_read, ==, 1);
  assert_grew (before, counts (fixture, code), 1);
  g_assert_cmpint (fixture_count (store, "SELECT count(*) FROM dossier_file WHERE ocr_pending = 1"), ==, 0);
  g_assert_cmpuint (mc_ocr_queue_get_pages_read (queue), ==, 1);
  g_assert_cmpuint (n_found (fixture, PAPER_WORD, code), ==, 1);

  newest = fixture_text (store, "SELECT sha256 FROM dossier_file WHERE component_code = 'TP1' ORDER BY id DESC LIMIT 1");
  newest_path = mc_blob_store_path (mc_store_get_blob_dir (store), newest);
  text = pdftotext_page (newest_path, 1);
  folded = mc_text_fold (text);
  g_assert_nonnull (strstr (folded, PAPER_WORD));
  /* The page image is carried over as it was (poppler hands cairo the
   * JPEG stream), not decoded and stored again: the text adds little. */
  {
    gint64 scan_size = fixture_count (store, "SELECT size FROM dossier_file WHERE component_code = 'TP1' ORDER BY id LIMIT 1");
    gint64 read_size = fixture_count (store, "SELECT size FROM dossier_file WHERE component_code = 'TP1' ORDER BY id DESC LIMIT 1");

    const char *argv[] = { "pdfimages", "-list", newest_path, NULL };
    g_autofree char *images = NULL;
    int status = -1;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                                 NULL, NULL, &images, NULL, &status, &error));
    g_assert_no_error (error);
    g_test_message ("scan %" G_GINT64_FORMAT " bytes, searchable version %" G_GINT64_FORMAT " bytes\n%s",
                    scan_size, read_size, images);
    g_assert_nonnull (strstr (images, " jpeg "));
  }
  g_signal_handlers_disconnect_by_data (queue, &n_read);
}

static void
test_text_kept (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autofree char *code = received_dossier (fixture);
  g_autofree char *typed = make_pdf (fixture, "to-khai.pdf", "To khai danh may - ban goc");
  g_autofree char *mixed = make_mixed_pdf (fixture);
  g_autofree char *op_id = NULL;
  g_autofree char *newest = NULL;
  g_autofree char *newest_path = NULL;
  g_autofree char *typed_before = NULL;
  g_autofree char *typed_after = NULL;
  g_autoptr(GError) error = NULL;
  McStore *store = mc_desk_get_store (fixture->desk);
  McOcrQueue *queue = mc_ocr_queue_get_for_desk (fixture->desk);
  Counts before;

  /* All text already: recorded for search, no page read, no new version. */
  op_id = mc_desk_attach_component_scan (fixture->desk, code, "TP2", typed, NULL, &error);
  g_assert_no_error (error);
  before = counts (fixture, code);
  mc_ocr_queue_resume (queue);
  wait_until_idle (queue);
  g_assert_cmpuint (mc_ocr_queue_get_pages_read (queue), ==, 0);
  assert_grew (before, counts (fixture, code), 0);
  g_assert_cmpint (fixture_count (store, "SELECT count(*) FROM dossier_file WHERE ocr_pending = 1"), ==, 0);
  g_assert_cmpuint (n_found (fixture, "danh may", code), ==, 1);

  /* Typed page 1 kept exactly, scanned page 2 read: one page of OCR. */
  g_clear_pointer (&op_id, g_free);
  op_id = mc_desk_attach_component_scan (fixture->desk, code, "TP1", mixed, NULL, &error);
  g_assert_no_error (error);
  mc_ocr_queue_resume (queue);
  wait_until_idle (queue);
  g_assert_cmpuint (mc_ocr_queue_get_pages_read (queue), ==, 1);
  newest = fixture_text (store, "SELECT sha256 FROM dossier_file WHERE component_code = 'TP1' ORDER BY id DESC LIMIT 1");
  newest_path = mc_blob_store_path (mc_store_get_blob_dir (store), newest);
  typed_before = pdftotext_page (mixed, 1);
  typed_after = pdftotext_page (newest_path, 1);
  g_assert_nonnull (strstr (typed_before, "0987 654 321"));
  g_assert_cmpstr (typed_after, ==, typed_before);
  g_assert_cmpuint (n_found (fixture, PAPER_WORD, code), ==, 1);
}

static void
keep_message (McOcrQueue  *queue,
              const char  *code,
              const char  *component_code,
              const char  *message,
              char       **kept)
{
  g_free (*kept);
  *kept = g_strdup (message);
}

/* A file that says it is a PDF but is not one: the queue tells why, in
 * Vietnamese, and the file stays there, unread, for the next start. */
static void
test_unreadable_kept (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autofree char *code = received_dossier (fixture);
  g_autofree char *broken = g_build_filename (fixture->tmp, "hong.pdf", NULL);
  g_autofree char *op_id = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;
  McOcrQueue *queue = mc_ocr_queue_get_for_desk (fixture->desk);
  Counts before;

  g_assert_true (g_file_set_contents (broken, "%PDF-1.4\nnot really a PDF\n", -1, NULL));
  op_id = mc_desk_attach_component_scan (fixture->desk, code, "TP1", broken, NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (queue, "file-read", G_CALLBACK (keep_message), &message);
  before = counts (fixture, code);
  mc_ocr_queue_resume (queue);
  wait_until_idle (queue);
  g_assert_nonnull (message);
  g_test_message ("%s", message);
  g_assert_nonnull (strstr (message, "hong.pdf"));
  g_assert_nonnull (strstr (message, "quét lại"));
  assert_grew (before, counts (fixture, code), 0);
  g_assert_cmpint (fixture_count (mc_desk_get_store (fixture->desk),
                                  "SELECT count(*) FROM dossier_file WHERE ocr_pending = 1"), ==, 1);
  g_signal_handlers_disconnect_by_data (queue, &message);
}

/* The child: attaches a scan, starts the queue held at its gate, and is
 * killed before any text is read. */
static void
killed_child (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McDesk) desk = mc_desk_open (g_getenv ("MC_TEST_WORKSPACE"), MC_STORE_OPEN_DEFAULT, &error);
  g_autofree char *op_id = NULL;
  McOcrQueue *queue;

  g_assert_no_error (error);
  mc_desk_set_officer_login (desk, "lan");
  op_id = mc_desk_attach_component_scan (desk, g_getenv ("MC_TEST_CODE"), "TP1", g_getenv ("MC_TEST_SCAN"),
                                         NULL, &error);
  g_assert_no_error (error);
  queue = mc_ocr_queue_get_for_desk (desk);
  mc_ocr_queue_hold (queue, TRUE);
  mc_ocr_queue_resume (queue);
  raise (SIGKILL);
}

static void
test_killed_resumed (void)
{
  g_autoptr(Fixture) fixture = NULL;
  g_autofree char *code = NULL;
  g_autofree char *scan = NULL;
  g_autoptr(GError) error = NULL;
  McOcrQueue *queue;

  if (g_test_subprocess ())
    {
      killed_child ();
      return;
    }
  fixture = fixture_new (TRUE);
  code = received_dossier (fixture);
  scan = make_scan (fixture, "TP1.pdf");
  mc_store_close (mc_desk_get_store (fixture->desk));
  g_setenv ("MC_TEST_WORKSPACE", fixture->tmp, TRUE);
  g_setenv ("MC_TEST_CODE", code, TRUE);
  g_setenv ("MC_TEST_SCAN", scan, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_assert_false (g_test_trap_has_passed ());

  /* The next start finds the scan unread and reads it. */
  fixture_reopen (fixture);
  g_assert_cmpint (fixture_count (mc_desk_get_store (fixture->desk),
                                  "SELECT count(*) FROM dossier_file WHERE ocr_pending = 1"), ==, 1);
  queue = mc_ocr_queue_get_for_desk (fixture->desk);
  mc_ocr_queue_resume (queue);
  wait_until_idle (queue);
  g_assert_cmpint (fixture_count (mc_desk_get_store (fixture->desk),
                                  "SELECT count(*) FROM dossier_file WHERE ocr_pending = 1"), ==, 0);
  g_assert_cmpint (fixture_count (mc_desk_get_store (fixture->desk),
                                  "SELECT count(*) FROM dossier_file WHERE component_code = 'TP1'"), ==, 2);
  g_assert_cmpuint (n_found (fixture, PAPER_WORD, code), ==, 1);
}

/* A copy to sign, at the store: marked when attached, the mark moved to
 * its text version, ended by the signed version (recorded like any
 * attachment, marked signed); recorded twice, still one signed version.
 * Received with the mark, the copy is stored waiting too. */
static void
test_copy_signed_once (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autofree char *code = received_dossier (fixture);
  g_autofree char *scan = make_scan (fixture, "TP1.pdf");
  g_autofree char *signed_pdf = make_pdf (fixture, "TP1-signed.pdf", "Ban sao dien tu da ky");
  g_autofree char *op_id = NULL;
  g_autofree char *again = NULL;
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(GError) error = NULL;
  McStore *store = mc_desk_get_store (fixture->desk);
  McOcrQueue *queue = mc_ocr_queue_get_for_desk (fixture->desk);
  McUnreadFile *copy;
  Counts before;

  mc_desk_attach_component_copy_async (fixture->desk, code, "TP1", scan, NULL, on_attached, &op_id);
  while (op_id == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_uuid_string_is_valid (op_id));
  g_assert_cmpint (fixture_count (store, "SELECT count(*) FROM dossier_file"
                                         " WHERE component_code = 'TP1' AND ocr_pending = 1 AND sign_pending = 1"), ==, 1);
  /* Not signed before its text is read. */
  waiting = mc_desk_list_copies_to_sign (fixture->desk, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (waiting->len, ==, 0);
  g_clear_pointer (&waiting, g_ptr_array_unref);

  mc_ocr_queue_resume (queue);
  wait_until_idle (queue);
  g_assert_cmpint (fixture_count (store, "SELECT count(*) FROM dossier_file WHERE component_code = 'TP1'"), ==, 2);
  /* The mark is on the searchable version only. */
  g_assert_cmpint (fixture_count (store, "SELECT sign_pending FROM dossier_file WHERE component_code = 'TP1'"
                                         " ORDER BY id LIMIT 1"), ==, 0);
  waiting = mc_desk_list_copies_to_sign (fixture->desk, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (waiting->len, ==, 1);
  copy = g_ptr_array_index (waiting, 0);
  g_assert_cmpint (copy->id, ==, fixture_count (store, "SELECT max(id) FROM dossier_file WHERE component_code = 'TP1'"));
  g_assert_cmpstr (copy->code, ==, code);
  g_assert_cmpstr (copy->added_by, ==, "lan");

  before = counts (fixture, code);
  g_clear_pointer (&op_id, g_free);
  op_id = mc_desk_record_signed_copy (fixture->desk, copy->id, signed_pdf, "UBND xã Tân Phú", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (op_id));
  assert_grew (before, counts (fixture, code), 1);
  g_assert_cmpint (fixture_count (store, "SELECT count(*) FROM dossier_file WHERE sign_pending = 1"), ==, 0);
  /* The newest version is the signed one. */
  g_assert_cmpint (fixture_count (store, "SELECT count(*) FROM dossier_file"
                                         " WHERE id = (SELECT max(id) FROM dossier_file WHERE component_code = 'TP1')"
                                         " AND signed_sha256 = sha256 AND signed_by = 'UBND xã Tân Phú'"
                                         " AND signed_at > 0"), ==, 1);

  /* Signed again: nothing recorded. */
  before = counts (fixture, code);
  again = mc_desk_record_signed_copy (fixture->desk, copy->id, signed_pdf, "UBND xã Tân Phú", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, "");
  assert_grew (before, counts (fixture, code), 0);

  /* At reception: stored waiting for its text and the signature. */
  {
    g_autoptr(McReception) reception = fixture_birth_reception ();
    g_autoptr(McReceptionResult) result = NULL;

    mc_reception_component_add_copy_to_sign (mc_reception_find_component (reception, "TP2"), scan);
    result = mc_desk_receive (fixture->desk, reception, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (fixture_count (store, "SELECT count(*) FROM dossier_file"
                                           " WHERE component_code = 'TP2' AND ocr_pending = 1 AND sign_pending = 1"),
                     ==, 1);
  }
}

int
main (int   argc,
      char *argv[])
{
  /* In Vietnamese, as the officials read the queue's messages. */
  g_setenv ("LANGUAGE", "vi", TRUE);
  g_setenv ("LC_ALL", "vi_VN.UTF-8", TRUE);
  mc_core_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/desk-files/attach-and-new-version", test_attach_and_new_version);
  g_test_add_func ("/desk-files/refused", test_refused);
  g_test_add_func ("/desk-files/closed", test_closed);
  g_test_add_func ("/desk-files/async", test_async);
  g_test_add_func ("/desk-files/cli", test_cli);
  g_test_add_func ("/desk-files/scan-read-later", test_scan_read_later);
  g_test_add_func ("/desk-files/text-kept", test_text_kept);
  g_test_add_func ("/desk-files/killed-resumed", test_killed_resumed);
  g_test_add_func ("/desk-files/unreadable-kept", test_unreadable_kept);
  g_test_add_func ("/desk-files/copy-signed-once", test_copy_signed_once);

  return g_test_run ();
}
