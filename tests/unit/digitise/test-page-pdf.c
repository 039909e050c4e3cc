/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Pages to PDF, through motcua-cli digitise and scan, judged by other
 * programs: qpdf --check for the structure, pdfimages -list for the
 * encoding chosen per page (JPEG for colour and grey, CCITT for black and
 * white), pdfinfo for the page size, and pdftoppm to see that the red seal
 * is still red and black is still black once rendered. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>
#include <leptonica/allheaders.h>

#include "cli-run.h"
#include "digitise/mc-page-pdf.h"
#include "digitise/mc-page-pix.h"
#include "page-fixture.h"

#define TOOL(run, ...) cli_run_argv (run, NULL, (const char * const[]) { __VA_ARGS__, NULL })

static char *tmp_dir;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

/* The lines of `pdfimages -list` that describe images, split in fields. */
static GPtrArray *
image_rows (const char *pdf)
{
  g_auto(CliRun) run = { 0 };
  g_auto(GStrv) lines = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  TOOL (&run, "pdfimages", "-list", pdf);
  g_assert_cmpint (run.status, ==, 0);
  lines = g_strsplit (run.out, "\n", -1);
  for (guint i = 2; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      GPtrArray *kept = g_ptr_array_new ();

      for (guint f = 0; fields[f] != NULL; f++)
        if (*fields[f] != '\0')
          g_ptr_array_add (kept, g_strdup (fields[f]));
      g_ptr_array_add (kept, NULL);
      if (kept->len > 9)
        g_ptr_array_add (rows, g_ptr_array_free (kept, FALSE));
      else
        g_strfreev ((char **) g_ptr_array_free (kept, FALSE));
    }
  return rows;
}

/* Checks one image row: page, colour, bits per component, encoding. */
static void
assert_image (GPtrArray  *rows,
              guint       index,
              const char *page,
              const char *color,
              const char *bpc,
              const char *enc)
{
  char **row;

  g_assert_cmpuint (index, <, rows->len);
  row = g_ptr_array_index (rows, index);
  g_assert_cmpstr (row[0], ==, page);
  g_assert_cmpstr (row[5], ==, color);
  g_assert_cmpstr (row[7], ==, bpc);
  g_assert_cmpstr (row[8], ==, enc);
}

static void
assert_qpdf_ok (const char *pdf)
{
  g_auto(CliRun) run = { 0 };

  TOOL (&run, "qpdf", "--check", pdf);
  g_test_message ("qpdf: %s%s", run.out, run.err);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "No syntax or stream encoding errors"));
}

/* Renders page @page at 30 dpi and returns it as a 32 bpp PIX. */
static PIX *
render (const char *pdf,
        int         page)
{
  g_auto(CliRun) run = { 0 };
  g_autofree char *root = tmp_path ("render");
  g_autofree char *ppm = tmp_path ("render.ppm");
  g_autofree char *number = g_strdup_printf ("%d", page);
  PIX *pix;

  TOOL (&run, "pdftoppm", "-r", "30", "-f", number, "-l", number, "-singlefile", pdf, root);
  g_assert_cmpint (run.status, ==, 0);
  pix = pixRead (ppm);
  g_assert_nonnull (pix);
  g_unlink (ppm);
  return pix;
}

static void
sample (PIX    *pix,
        double  fx,
        double  fy,
        int    *r,
        int    *g,
        int    *b)
{
  g_assert_cmpint (pixGetRGBPixel (pix, (int) (fx * pixGetWidth (pix)), (int) (fy * pixGetHeight (pix)), r, g, b), ==, 0);
}

static void
test_digitise_images (void)
{
  g_autofree char *color = tmp_path ("color.png");
  g_autofree char *gray = tmp_path ("gray.png");
  g_autofree char *bw = tmp_path ("bw.png");
  g_autofree char *pdf = tmp_path ("out.pdf");
  g_auto(CliRun) run = { 0 };
  g_autoptr(GPtrArray) rows = NULL;
  GStatBuf st;
  PIX *pix;
  int r, g, b;

  page_fixture_write (color, PAGE_COLOR, 150, 0, TRUE, FALSE);
  page_fixture_write (gray, PAGE_GRAY, 150, 0, FALSE, FALSE);
  page_fixture_write (bw, PAGE_BILEVEL, 150, 0, FALSE, FALSE);

  CLI_RUN (&run, "digitise", "--no-clean", color, gray, bw, "-o", pdf);
  g_test_message ("%s%s", run.out, run.err);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "3"));
  g_assert_cmpint (g_stat (pdf, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  assert_qpdf_ok (pdf);

  rows = image_rows (pdf);
  g_assert_cmpuint (rows->len, ==, 3);
  assert_image (rows, 0, "1", "rgb", "8", "jpeg");
  assert_image (rows, 1, "2", "gray", "8", "jpeg");
  assert_image (rows, 2, "3", "gray", "1", "ccitt");

  /* A4 at 150 dpi prints as A4. */
  TOOL (&run, "pdfinfo", pdf);
  g_assert_cmpint (run.status, ==, 0);
  {
    const char *pages_line = strstr (run.out, "Pages:");
    const char *size_line = strstr (run.out, "Page size:");
    double w = 0, h = 0;
    int count = 0;

    g_assert_nonnull (pages_line);
    g_assert_nonnull (size_line);
    g_assert_cmpint (sscanf (pages_line, "Pages: %d", &count), ==, 1);
    g_assert_cmpint (count, ==, 3);
    g_assert_cmpint (sscanf (size_line, "Page size: %lf x %lf", &w, &h), ==, 2);
    g_assert_cmpfloat (ABS (w - 595.3), <, 1.0);
    g_assert_cmpfloat (ABS (h - 841.9), <, 1.0);
  }

  pix = render (pdf, 1);
  sample (pix, SEAL_X, SEAL_Y, &r, &g, &b);
  g_assert_cmpint (r, >, 160);
  g_assert_cmpint (g, <, 80);
  g_assert_cmpint (b, <, 80);
  sample (pix, 0.95, 0.05, &r, &g, &b);
  g_assert_cmpint (r + g + b, >, 3 * 230);
  pixDestroy (&pix);

  /* Bilevel: black stays black and white stays white. */
  pix = render (pdf, 3);
  sample (pix, (BOX_X0 + BOX_X1) / 2, (BOX_Y0 + BOX_Y1) / 2, &r, &g, &b);
  g_assert_cmpint (r + g + b, <, 3 * 30);
  sample (pix, 0.95, 0.05, &r, &g, &b);
  g_assert_cmpint (r + g + b, >, 3 * 230);
  pixDestroy (&pix);

  g_unlink (color);
  g_unlink (gray);
  g_unlink (bw);
  g_unlink (pdf);
}

/* Cleaned by default: the blank page is left out and said so, the text
 * page goes to black and white, the sealed page stays in colour. */
static void
test_digitise_cleaned (void)
{
  g_autofree char *text = tmp_path ("text.png");
  g_autofree char *blank = tmp_path ("blank.png");
  g_autofree char *sealed = tmp_path ("sealed.png");
  g_autofree char *pdf = tmp_path ("clean.pdf");
  g_auto(CliRun) run = { 0 };
  g_autoptr(GPtrArray) rows = NULL;
  PIX *pix;
  int r, g, b;

  page_fixture_write (text, PAGE_GRAY, 150, 2.0, FALSE, FALSE);
  page_fixture_write (blank, PAGE_COLOR, 150, 0, FALSE, TRUE);
  page_fixture_write (sealed, PAGE_COLOR, 150, -1.0, TRUE, FALSE);
  CLI_RUN (&run, "digitise", text, blank, sealed, "-o", pdf);
  g_test_message ("%s%s", run.out, run.err);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "Page 2 is blank"));
  assert_qpdf_ok (pdf);
  rows = image_rows (pdf);
  g_assert_cmpuint (rows->len, ==, 2);
  assert_image (rows, 0, "1", "gray", "1", "ccitt");
  assert_image (rows, 1, "2", "rgb", "8", "jpeg");
  pix = render (pdf, 2);
  sample (pix, SEAL_X, SEAL_Y, &r, &g, &b);
  g_assert_cmpint (r, >, 160);
  g_assert_cmpint (g, <, 80);
  g_assert_cmpint (b, <, 80);
  pixDestroy (&pix);
  g_unlink (text);
  g_unlink (blank);
  g_unlink (sealed);
  g_unlink (pdf);
}

/* A page fed sideways comes out upright from `motcua-cli digitise`, as
 * from the scan dialog (one cleaning for both): the landscape image of
 * an A4 page of text becomes a portrait page. */
static void
test_digitise_upright (void)
{
  g_autofree char *sideways = tmp_path ("sideways.png");
  g_autofree char *pdf = tmp_path ("upright.pdf");
  g_autoptr(PIX) pix = page_fixture_render (PAGE_GRAY, 150, 0, FALSE, FALSE);
  g_autoptr(PIX) turned = pixRotate90 (pix, 1);
  g_auto(CliRun) run = { 0 };
  g_auto(CliRun) info = { 0 };
  double width = 0, height = 0;
  const char *size;

  g_assert_cmpint (pixGetWidth (turned), >, pixGetHeight (turned));
  pixSetResolution (turned, 150, 150);
  g_assert_cmpint (pixWrite (sideways, turned, IFF_PNG), ==, 0);
  CLI_RUN (&run, "digitise", sideways, "-o", pdf);
  g_test_message ("%s%s", run.out, run.err);
  g_assert_cmpint (run.status, ==, 0);
  TOOL (&info, "pdfinfo", pdf);
  size = strstr (info.out, "Page size:");
  g_assert_nonnull (size);
  g_assert_cmpint (sscanf (size, "Page size: %lf x %lf", &width, &height), ==, 2);
  g_test_message ("page size %.0f x %.0f pt", width, height);
  g_assert_cmpfloat (height, >, width);
  g_unlink (sideways);
  g_unlink (pdf);
}

static void
test_digitise_errors (void)
{
  g_autofree char *pdf = tmp_path ("never.pdf");
  g_autofree char *text = tmp_path ("note.txt");
  g_auto(CliRun) run = { 0 };

  g_assert_true (g_file_set_contents (text, "not an image", -1, NULL));
  CLI_RUN (&run, "digitise", text, "-o", pdf);
  g_assert_cmpint (run.status, !=, 0);
  g_assert_nonnull (strstr (run.err, "cannot be read as an image"));
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));

  CLI_RUN (&run, "digitise", "-o", pdf);
  g_assert_cmpint (run.status, ==, 2);
  g_unlink (text);
}

static void
write_sane_config (const char *extra)
{
  g_autofree char *dll = tmp_path ("dll.conf");
  g_autofree char *conf = tmp_path ("test.conf");
  g_autofree char *text = g_strdup_printf ("test-picture \"Color pattern\"\n%s", extra);

  g_assert_true (g_file_set_contents (dll, "test\n", -1, NULL));
  g_assert_true (g_file_set_contents (conf, text, -1, NULL));
}

/* motcua-cli ARGS… with SANE's test backend kept loaded to its end
 * (sane-keep.c says why), through LD_PRELOAD of sane-keep-preload.c for
 * this run only. The preloaded module comes before the AddressSanitizer
 * runtime in the sanitized build, which is as it should be here (the
 * runtime still comes before libc), so that run is told not to check the
 * order. */
static void
scan_cli_run (CliRun             *run,
              const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  const char *asan = g_getenv ("ASAN_OPTIONS");

  g_ptr_array_add (argv, g_strdup ("env"));
  g_ptr_array_add (argv, g_strdup ("LD_PRELOAD=" MC_TEST_SANE_KEEP_PRELOAD));
  g_ptr_array_add (argv, g_strdup_printf ("ASAN_OPTIONS=%s%sverify_asan_link_order=0",
                                          asan != NULL ? asan : "", asan != NULL && *asan != '\0' ? ":" : ""));
  g_ptr_array_add (argv, g_strdup (g_getenv ("MOTCUA_CLI")));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);
  cli_run_argv (run, NULL, (const char * const *) argv->pdata);
}

#define SCAN_CLI_RUN(run, ...) scan_cli_run (run, (const char * const[]) { __VA_ARGS__, NULL })

static void
test_scan_to_pdf (void)
{
  g_autofree char *pdf = tmp_path ("scan.pdf");
  g_autofree char *dll = tmp_path ("dll.conf");
  g_autofree char *conf = tmp_path ("test.conf");
  g_auto(CliRun) run = { 0 };
  g_autoptr(GPtrArray) rows = NULL;

  write_sane_config ("");
  SCAN_CLI_RUN (&run, "scan", "--no-clean", "--device", "test:0", "--source", "adf", "--mode", "lineart",
           "--resolution", "100", "-o", pdf);
  g_test_message ("%s%s", run.out, run.err);
  g_assert_cmpint (run.status, ==, 0);
  assert_qpdf_ok (pdf);
  rows = image_rows (pdf);
  g_assert_cmpuint (rows->len, ==, 10);
  for (guint i = 0; i < rows->len; i++)
    {
      g_autofree char *page = g_strdup_printf ("%u", i + 1);

      assert_image (rows, i, page, "gray", "1", "ccitt");
    }
  g_unlink (pdf);

  SCAN_CLI_RUN (&run, "scan", "--no-clean", "--device", "test:0", "--mode", "color", "--resolution", "75", "-o", pdf);
  g_assert_cmpint (run.status, ==, 0);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = image_rows (pdf);
  g_assert_cmpuint (rows->len, ==, 1);
  assert_image (rows, 0, "1", "rgb", "8", "jpeg");
  g_unlink (pdf);

  /* A jam met by SANE's test backend itself (read-status-code) fails with
   * the jam's message and leaves no file. When a read fails, that backend
   * cancels its reader thread; SANE asks for asynchronous cancellation,
   * which once left a lock of glibc's taken with no thread alive to release
   * it (sane_exit() waiting in dlclose() for ever: 6 times in 84 runs of
   * three copies at once, under load). sane-keep.c keeps that cancellation
   * deferred in the scan runs here, as in test-scanner. */
  write_sane_config ("read-status-code \"SANE_STATUS_JAMMED\"\n");
  SCAN_CLI_RUN (&run, "scan", "--device", "test:0", "-o", pdf);
  g_test_message ("jam: %s", run.err);
  g_assert_cmpint (run.status, !=, 0);
  g_assert_nonnull (strstr (run.err, "jammed"));
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));

  /* A scanner that is not there fails with a message and leaves no file. */
  write_sane_config ("");
  SCAN_CLI_RUN (&run, "scan", "--device", "nosuchbackend:0", "-o", pdf);
  g_assert_cmpint (run.status, !=, 0);
  g_assert_cmpuint (strlen (run.err), >, 20);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));

  SCAN_CLI_RUN (&run, "scan", "--device", "test:0", "--mode", "sepia", "-o", pdf);
  g_assert_cmpint (run.status, ==, 2);
  g_unlink (dll);
  g_unlink (conf);
}

/* The PIX conversions keep every pixel, at 1 bpp and in colour. */
static void
test_pix_round_trip (void)
{
  guchar bits[] = { 0x80, 0x01, 0xff, 0x00, 0xa5, 0x5a };
  guchar rgb[] = { 255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30 };
  McScannedPage bilevel = { 12, 3, 2, 1, 1, 300, g_bytes_new_static (bits, sizeof bits) };
  McScannedPage color = { 2, 2, 6, 3, 8, 200, g_bytes_new_static (rgb, sizeof rgb) };
  McScannedPage *pages[] = { &bilevel, &color };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autoptr(PIX) pix = mc_page_to_pix (pages[i]);
      g_autoptr(McScannedPage) back = mc_page_from_pix (pix, pages[i]->resolution);
      const guchar *a = g_bytes_get_data (pages[i]->pixels, NULL);
      const guchar *z = g_bytes_get_data (back->pixels, NULL);

      g_assert_cmpuint (back->width, ==, pages[i]->width);
      g_assert_cmpuint (back->height, ==, pages[i]->height);
      g_assert_cmpuint (back->depth, ==, pages[i]->depth);
      g_assert_cmpuint (back->channels, ==, pages[i]->channels);
      for (guint y = 0; y < back->height; y++)
        for (guint x = 0; x < back->stride; x++)
          {
            guchar mask = pages[i]->depth == 1 && x == back->stride - 1 ? 0xf0 : 0xff;

            g_assert_cmpuint (z[y * back->stride + x] & mask, ==, a[y * pages[i]->stride + x] & mask);
          }
      g_bytes_unref (pages[i]->pixels);
    }
}

/* A transparent PNG (RGBA, its transparent pixels black underneath) and
 * a grey one with a transparent colour are read as on white paper; what
 * is opaque keeps its colour. */
static void
test_load_transparent (void)
{
  g_autofree char *rgba_path = tmp_path ("trong-suot.png");
  g_autofree char *grey_path = tmp_path ("xam-trong-suot.png");
  g_autoptr(PIX) rgba = pixCreate (40, 30, 32);
  g_autoptr(GError) error = NULL;
  g_autoptr(McScannedPage) page = NULL;
  g_autoptr(McScannedPage) grey_page = NULL;
  const guchar *px;
  FILE *file;

  pixSetSpp (rgba, 4);
  pixSetAllArbitrary (rgba, 0x00000000);
  for (int y = 10; y < 20; y++)
    for (int x = 10; x < 20; x++)
      pixSetPixel (rgba, x, y, 0xff0000ff);
  g_assert_cmpint (pixWrite (rgba_path, rgba, IFF_PNG), ==, 0);
  page = mc_page_load_file (rgba_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->channels, ==, 3);
  px = g_bytes_get_data (page->pixels, NULL);
  /* A corner: white. */
  g_assert_cmpuint (px[0], >=, 250);
  g_assert_cmpuint (px[1], >=, 250);
  g_assert_cmpuint (px[2], >=, 250);
  /* The square: red. */
  px += 15 * page->stride + 15 * 3;
  g_assert_cmpuint (px[0], >=, 250);
  g_assert_cmpuint (px[1], <=, 5);
  g_assert_cmpuint (px[2], <=, 5);

  /* Grey, black marked transparent by a tRNS chunk: a PNG of 2x1 pixels
   * (black, mid-grey) written byte by byte. */
  {
    static const guchar grey_png[] = {
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a,
      /* IHDR: 2 x 1, 8-bit grey */
      0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01,
      0x08, 0x00, 0x00, 0x00, 0x00, 0xd1, 0x49, 0x20, 0x56,
      /* tRNS: grey 0 is transparent */
      0x00, 0x00, 0x00, 0x02, 0x74, 0x52, 0x4e, 0x53, 0x00, 0x00, 0x76, 0x93, 0xcd, 0x38,
      /* IDAT: filter 0, pixels 0x00 0x80 */
      0x00, 0x00, 0x00, 0x0b, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x60, 0x68, 0x00, 0x00, 0x00,
      0x83, 0x00, 0x81, 0x14, 0x6b, 0x9b, 0x43,
      0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    };

    file = g_fopen (grey_path, "wb");
    g_assert_nonnull (file);
    g_assert_cmpuint (fwrite (grey_png, 1, sizeof grey_png, file), ==, sizeof grey_png);
    fclose (file);
  }
  grey_page = mc_page_load_file (grey_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (grey_page->width, ==, 2);
  px = g_bytes_get_data (grey_page->pixels, NULL);
  g_test_message ("grey with tRNS: %u channel(s), %u %u", grey_page->channels, px[0],
                  px[grey_page->channels]);
  g_assert_cmpuint (px[0], >=, 250);
  g_assert_cmpuint (px[grey_page->channels], >=, 0x7c);
  g_assert_cmpuint (px[grey_page->channels], <=, 0x84);
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
  g_setenv ("SANE_CONFIG_DIR", tmp_dir, TRUE);

  g_test_add_func ("/digitise/pdf/pix-round-trip", test_pix_round_trip);
  g_test_add_func ("/digitise/pdf/load-transparent", test_load_transparent);
  g_test_add_func ("/digitise/pdf/images", test_digitise_images);
  g_test_add_func ("/digitise/pdf/cleaned", test_digitise_cleaned);
  g_test_add_func ("/digitise/pdf/upright", test_digitise_upright);
  g_test_add_func ("/digitise/pdf/errors", test_digitise_errors);
  g_test_add_func ("/digitise/pdf/scan", test_scan_to_pdf);

  status = g_test_run ();
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
