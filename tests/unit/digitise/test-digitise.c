/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mc-digitise: a quarter turn moves every pixel where it should go (and
 * four bring the page back), a copy shares the pixels, a thumbnail keeps
 * the page's proportions and its red, and pages written with
 * mc_digitise_write() make one PDF/A file (qpdf --check, check-pdfa.py)
 * whose text layer holds the fixture's words with their tones, the page
 * fed upside down turned upright; the blank page the official kept is
 * still there. Tesseract's orientation detection finds the four ways a
 * page can be fed. */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "cli-run.h"
#include "digitise/mc-digitise.h"
#include "digitise/mc-page-ocr.h"
#include "digitise/mc-page-pix.h"
#include "page-fixture.h"

#define TOOL(run, ...) cli_run_argv (run, NULL, (const char * const[]) { __VA_ARGS__, NULL })

static char *tmp_dir;

/* A small RGB page, each pixel its own colour from its position. */
static McScannedPage *
gradient_page (guint width,
               guint height)
{
  McScannedPage *page = g_new0 (McScannedPage, 1);
  guint8 *data = g_malloc ((gsize) width * height * 3);

  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        guint8 *p = data + ((gsize) y * width + x) * 3;

        p[0] = (guint8) x;
        p[1] = (guint8) y;
        p[2] = 7;
      }
  page->width = width;
  page->height = height;
  page->stride = width * 3;
  page->channels = 3;
  page->depth = 8;
  page->resolution = 100;
  page->pixels = g_bytes_new_take (data, (gsize) width * height * 3);
  return page;
}

static const guint8 *
pixel (const McScannedPage *page,
       guint                x,
       guint                y)
{
  return (const guint8 *) g_bytes_get_data (page->pixels, NULL) + (gsize) y * page->stride + x * page->channels;
}

static void
test_rotate (void)
{
  g_autoptr(McScannedPage) page = gradient_page (40, 30);
  g_autoptr(McScannedPage) turned = mc_page_rotate (page, 1);
  g_autoptr(McScannedPage) back = mc_page_rotate (turned, -1);
  g_autoptr(McScannedPage) copy = mc_page_copy (page);

  g_assert_cmpuint (turned->width, ==, 30);
  g_assert_cmpuint (turned->height, ==, 40);
  g_assert_cmpuint (turned->resolution, ==, 100);
  /* Clockwise: the top left corner goes to the top right. */
  g_assert_cmpuint (pixel (turned, 29, 0)[0], ==, 0);
  g_assert_cmpuint (pixel (turned, 29, 0)[1], ==, 0);
  g_assert_cmpuint (pixel (turned, 0, 0)[1], ==, 29);
  g_assert_cmpuint (pixel (turned, 0, 39)[0], ==, 39);
  g_assert_cmpuint (back->width, ==, 40);
  for (guint y = 0; y < 30; y++)
    for (guint x = 0; x < 40; x++)
      g_assert_cmpmem (pixel (back, x, y), 3, pixel (page, x, y), 3);
  g_assert_true (copy->pixels == page->pixels);
  g_assert_cmpuint (copy->width, ==, 40);
}

static void
test_thumbnail (void)
{
  g_autoptr(PIX) pix = page_fixture_render (PAGE_COLOR, 100, 0, TRUE, FALSE);
  g_autoptr(McScannedPage) page = mc_page_from_pix (pix, 100);
  guint width = 0, height = 0;
  g_autoptr(GBytes) thumbnail = mc_page_thumbnail (page, 200, &width, &height);
  const guint8 *data = g_bytes_get_data (thumbnail, NULL);
  guint red = 0;

  g_assert_cmpuint (height, ==, 200);
  g_assert_cmpuint (width, ==, page->width * 200 / page->height);
  g_assert_cmpuint (g_bytes_get_size (thumbnail), ==, (gsize) width * height * 3);
  for (gsize i = 0; i < (gsize) width * height; i++)
    if (data[i * 3] > 150 && data[i * 3 + 1] < 90 && data[i * 3 + 2] < 90)
      red++;
  g_assert_cmpuint (red, >, 10);
}

static void
test_write (void)
{
  g_autofree char *pdf = g_build_filename (tmp_dir, "ban-sao.pdf", NULL);
  g_autofree char *checker = g_build_filename (g_getenv ("MOTCUA_SOURCE_DIR"), "tests", "unit", "digitise",
                                               "check-pdfa.py", NULL);
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_scanned_page_free);
  g_autoptr(GError) error = NULL;
  g_auto(CliRun) check = { 0 };
  g_auto(CliRun) pdfa = { 0 };
  g_auto(CliRun) npages = { 0 };
  g_auto(CliRun) text = { 0 };
  PIX *pix;

  /* Fed upside down: the PDF has it upright, so its words are found. */
  pix = page_fixture_render (PAGE_GRAY, 300, 1.0, FALSE, FALSE);
  {
    g_autoptr(McScannedPage) fed = mc_page_from_pix (pix, 300);

    g_ptr_array_add (pages, mc_page_rotate (fed, 2));
  }
  pixDestroy (&pix);
  pix = page_fixture_render (PAGE_GRAY, 150, 0, FALSE, TRUE);
  g_ptr_array_add (pages, mc_page_from_pix (pix, 150));
  pixDestroy (&pix);

  g_assert_true (mc_digitise_write (pages, TRUE, TRUE, pdf, NULL, &error));
  g_assert_no_error (error);
  TOOL (&check, "qpdf", "--check", pdf);
  g_assert_cmpint (check.status, ==, 0);
  TOOL (&pdfa, "python3", checker, pdf);
  g_test_message ("%s", pdfa.out);
  g_assert_cmpint (pdfa.status, ==, 0);
  TOOL (&npages, "qpdf", "--show-npages", pdf);
  g_assert_cmpstr (g_strstrip (npages.out), ==, "2");
  TOOL (&text, "pdftotext", "-f", "1", "-l", "1", pdf, "-");
  for (guint i = 0; page_fixture_words[i] != NULL; i++)
    g_assert_nonnull (strstr (text.out, page_fixture_words[i]));
}

/* A page of text fed in each of the four ways is found and turned back
 * upright, at 200 dpi and at a scan's 300 dpi (read at half for OSD), in
 * grey, colour and black and white; a page with no text is left alone. */
static void
test_orientation (void)
{
  static const struct { PageKind kind; guint dpi; } cases[] = {
    { PAGE_GRAY, 200 }, { PAGE_GRAY, 300 }, { PAGE_COLOR, 300 }, { PAGE_BILEVEL, 300 },
  };
  g_autoptr(PIX) blank_pix = page_fixture_render (PAGE_GRAY, 100, 0, FALSE, TRUE);
  g_autoptr(McScannedPage) blank = mc_page_from_pix (blank_pix, 100);
  g_autoptr(GError) error = NULL;
  int turns = -1;

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(PIX) pix = page_fixture_render (cases[c].kind, cases[c].dpi, 0, FALSE, FALSE);
      g_autoptr(McScannedPage) upright = mc_page_from_pix (pix, cases[c].dpi);

      for (int fed = 0; fed < 4; fed++)
        {
          g_autoptr(McScannedPage) page = mc_page_rotate (upright, fed);

          g_assert_true (mc_page_detect_orientation (page, &turns, &error));
          g_assert_no_error (error);
          g_test_message ("kind %d at %u dpi, fed %d quarter turns: %d to turn back", cases[c].kind, cases[c].dpi,
                          fed, turns);
          g_assert_cmpint ((fed + turns) % 4, ==, 0);
        }
    }
  g_assert_true (mc_page_detect_orientation (blank, &turns, &error));
  g_assert_cmpint (turns, ==, 0);
}

static void
test_write_cancelled (void)
{
  g_autofree char *pdf = g_build_filename (tmp_dir, "huy.pdf", NULL);
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_scanned_page_free);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (pages, gradient_page (40, 30));
  g_cancellable_cancel (cancellable);
  g_assert_false (mc_digitise_write (pages, TRUE, TRUE, pdf, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("motcua-digitise-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/digitise/rotate", test_rotate);
  g_test_add_func ("/digitise/thumbnail", test_thumbnail);
  g_test_add_func ("/digitise/write", test_write);
  g_test_add_func ("/digitise/write-cancelled", test_write_cancelled);
  g_test_add_func ("/digitise/orientation", test_orientation);
  status = g_test_run ();

  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", tmp_dir);

    if (system (command) != 0)
      g_printerr ("could not remove %s\n", tmp_dir);
  }
  g_free (tmp_dir);
  return status;
}
