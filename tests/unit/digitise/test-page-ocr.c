/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OCR end to end: pages of Vietnamese text rendered at 300 dpi by the
 * fixture (one skewed and grey, one in colour with a red seal) go through
 * motcua-cli digitise --ocr --pdfa; pdftotext must then find every fixture
 * word, tones and all, on the right page, the text layer's font must be
 * embedded, the pages must still look the same (the seal red), and the
 * file must pass check-pdfa.py (which must fail on a plain PDF). */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <leptonica/allheaders.h>

#include "cli-run.h"
#include "digitise/mc-page-ocr.h"
#include "digitise/mc-page-pix.h"
#include "page-fixture.h"

#define TOOL(run, ...) cli_run_argv (run, NULL, (const char * const[]) { __VA_ARGS__, NULL })

static char *tmp_dir;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static void
assert_words_on_page (const char *pdf,
                      const char *page)
{
  g_auto(CliRun) run = { 0 };

  TOOL (&run, "pdftotext", "-f", page, "-l", page, pdf, "-");
  g_assert_cmpint (run.status, ==, 0);
  g_test_message ("page %s: %s", page, run.out);
  for (guint i = 0; page_fixture_words[i] != NULL; i++)
    {
      if (strstr (run.out, page_fixture_words[i]) == NULL)
        g_test_message ("missing: %s", page_fixture_words[i]);
      g_assert_nonnull (strstr (run.out, page_fixture_words[i]));
    }
}

static void
test_digitise_ocr (void)
{
  g_autofree char *text = tmp_path ("text.png");
  g_autofree char *sealed = tmp_path ("sealed.png");
  g_autofree char *pdf = tmp_path ("ocr.pdf");
  g_autofree char *render_root = tmp_path ("page");
  g_autofree char *render = tmp_path ("page.ppm");
  g_autofree char *plain = tmp_path ("plain.pdf");
  g_autofree char *checker = g_build_filename (g_getenv ("MOTCUA_SOURCE_DIR"), "tests", "unit", "digitise",
                                               "check-pdfa.py", NULL);
  g_auto(CliRun) run = { 0 };
  PIX *pix;
  int r, g, b;

  page_fixture_write (text, PAGE_GRAY, 300, 1.5, FALSE, FALSE);
  page_fixture_write (sealed, PAGE_COLOR, 300, 0, TRUE, FALSE);
  CLI_RUN (&run, "digitise", "--ocr", "--pdfa", text, sealed, "-o", pdf);
  g_test_message ("%s%s", run.out, run.err);
  g_assert_cmpint (run.status, ==, 0);

  TOOL (&run, "qpdf", "--check", pdf);
  g_assert_cmpint (run.status, ==, 0);
  assert_words_on_page (pdf, "1");
  assert_words_on_page (pdf, "2");

  TOOL (&run, "pdffonts", pdf);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "DejaVuSans"));
  g_assert_null (strstr (run.out, " no  "));

  /* The text layer is under the image: the seal is still what is seen. */
  TOOL (&run, "pdftoppm", "-r", "30", "-f", "2", "-l", "2", "-singlefile", pdf, render_root);
  g_assert_cmpint (run.status, ==, 0);
  pix = pixRead (render);
  g_assert_nonnull (pix);
  pixGetRGBPixel (pix, SEAL_X * pixGetWidth (pix), SEAL_Y * pixGetHeight (pix), &r, &g, &b);
  g_assert_cmpint (r, >, 160);
  g_assert_cmpint (g, <, 80);
  pixDestroy (&pix);

  TOOL (&run, "python3", checker, pdf);
  g_test_message ("%s%s", run.out, run.err);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "check passed"));

  /* The same pages without --pdfa are not PDF/A, and the check says so. */
  CLI_RUN (&run, "digitise", "--no-clean", sealed, "-o", plain);
  g_assert_cmpint (run.status, ==, 0);
  TOOL (&run, "python3", checker, plain);
  g_test_message ("%s%s", run.out, run.err);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.out, "FAIL 6.6.2.1-1"));
  g_assert_nonnull (strstr (run.out, "FAIL 6.2.3-1"));
  g_assert_nonnull (strstr (run.out, "FAIL 6.1.3-1"));

  g_unlink (plain);
  g_unlink (render);
  g_unlink (text);
  g_unlink (sealed);
  g_unlink (pdf);
}

/* The API: words come with boxes inside the page, in reading order. */
static void
test_words_and_boxes (void)
{
  g_autoptr(PIX) pix = page_fixture_render (PAGE_BILEVEL, 300, 0, FALSE, FALSE);
  g_autoptr(McScannedPage) page = mc_page_from_pix (pix, 300);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) words = mc_page_ocr (page, NULL, &error);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) none = NULL;
  gboolean found = FALSE;

  g_assert_no_error (error);
  g_assert_cmpuint (words->len, >, 40);
  for (guint i = 0; i < words->len; i++)
    {
      McOcrWord *word = g_ptr_array_index (words, i);

      g_assert_cmpint (word->x0, >=, 0);
      g_assert_cmpint (word->x1, <=, (int) page->width);
      g_assert_cmpint (word->y1, <=, (int) page->height);
      if (g_str_equal (word->text, "Nguyễn"))
        {
          found = TRUE;
          /* The text starts at 10 % of the page width. */
          g_assert_cmpint (word->x0, >, page->width / 10 - 10);
        }
    }
  g_assert_true (found);

  g_cancellable_cancel (cancellable);
  none = mc_page_ocr (page, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (none);
}

typedef struct {
  GMainLoop *loop;
  GPtrArray *texts;
  GError    *error;
} AsyncState;

static void
ocr_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  AsyncState *state = user_data;

  state->texts = mc_page_ocr_all_finish (result, &state->error);
  g_main_loop_quit (state->loop);
}

/* Several pages on two workers, in the background: each page gets its
 * own words back, in page order; a cancelled run reports cancellation. */
static void
test_ocr_all_async (void)
{
  g_autoptr(PIX) full = page_fixture_render (PAGE_BILEVEL, 300, 0, FALSE, FALSE);
  BOX *top = boxCreate (0, 0, pixGetWidth (full), pixGetHeight (full) / 6);
  g_autoptr(PIX) head = pixClipRectangle (full, top, NULL);
  g_autoptr(PIX) blank = pixCreate (pixGetWidth (head), pixGetHeight (head), 1);
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_scanned_page_free);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncState state = { g_main_loop_new (NULL, FALSE), NULL, NULL };

  boxDestroy (&top);
  g_ptr_array_add (pages, mc_page_from_pix (head, 300));
  g_ptr_array_add (pages, mc_page_from_pix (blank, 300));
  g_ptr_array_add (pages, mc_page_from_pix (head, 300));
  mc_page_ocr_all_async (pages, 2, NULL, ocr_done, &state);
  g_main_loop_run (state.loop);
  g_assert_no_error (state.error);
  g_assert_cmpuint (state.texts->len, ==, 3);
  g_assert_cmpuint (((GPtrArray *) g_ptr_array_index (state.texts, 0))->len, >, 3);
  g_assert_cmpuint (((GPtrArray *) g_ptr_array_index (state.texts, 1))->len, ==, 0);
  g_assert_cmpuint (((GPtrArray *) g_ptr_array_index (state.texts, 2))->len, ==,
                    ((GPtrArray *) g_ptr_array_index (state.texts, 0))->len);
  g_clear_pointer (&state.texts, g_ptr_array_unref);

  g_cancellable_cancel (cancellable);
  mc_page_ocr_all_async (pages, 2, cancellable, ocr_done, &state);
  g_main_loop_run (state.loop);
  g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (state.texts);
  g_clear_error (&state.error);
  g_main_loop_unref (state.loop);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("motcua-ocr-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/digitise/ocr/words-and-boxes", test_words_and_boxes);
  g_test_add_func ("/digitise/ocr/all-async", test_ocr_all_async);
  g_test_add_func ("/digitise/ocr/digitise", test_digitise_ocr);

  status = g_test_run ();
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
