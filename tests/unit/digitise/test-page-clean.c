/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Page cleaning on pages drawn by the fixture (Vietnamese text, a red
 * seal, a blank page, a dark scanner border): the seal is still red after
 * cleaning, a skewed text page comes out straight within a tolerance, a
 * blank page (even with specks) is found and left out with its index kept,
 * text-only pages become bilevel and a dark border is cut away; the blank
 * test alone (mc_page_is_blank()) answers as the cleaner does. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <leptonica/allheaders.h>

#include "digitise/mc-page-clean.h"
#include "digitise/mc-page-pix.h"
#include "page-fixture.h"

#define DPI 150

static McScannedPage *
fixture_page (PageKind kind,
              double   skew,
              gboolean seal,
              gboolean blank)
{
  g_autoptr(PIX) pix = page_fixture_render (kind, DPI, skew, seal, blank);

  return mc_page_from_pix (pix, DPI);
}

/* The skew Leptonica still finds on a page, or 0 when it finds none. */
static double
residual_skew (const McScannedPage *page)
{
  g_autoptr(PIX) pix = mc_page_to_pix (page);
  g_autoptr(PIX) binary = pixGetDepth (pix) == 1 ? pixClone (pix) : pixConvertTo1 (pix, 160);
  float angle = 0, confidence = 0;

  g_assert_cmpint (pixFindSkew (binary, &angle, &confidence), ==, 0);
  return confidence >= 3.0 ? angle : 0;
}

static void
test_seal_stays_red (void)
{
  g_autoptr(McScannedPage) page = fixture_page (PAGE_COLOR, 1.5, TRUE, FALSE);
  McPageCleanInfo info;
  g_autoptr(McScannedPage) clean = mc_page_clean (page, &info);
  g_autoptr(PIX) pix = mc_page_to_pix (clean);
  int r, g, b;

  g_assert_false (info.blank);
  g_assert_cmpint (info.kind, ==, MC_PAGE_KIND_COLOR);
  g_assert_cmpuint (clean->channels, ==, 3);
  g_assert_cmpfloat (fabs (info.skew_degrees), >, 1.0);
  pixGetRGBPixel (pix, SEAL_X * pixGetWidth (pix), SEAL_Y * pixGetHeight (pix), &r, &g, &b);
  g_assert_cmpint (r, >, 160);
  g_assert_cmpint (g, <, 80);
  g_assert_cmpint (b, <, 80);
  g_assert_cmpfloat (fabs (residual_skew (clean)), <, 0.3);
}

/* A colour page is turned from its own bytes, not through Leptonica: the
 * result matches Leptonica's area-map rotation of the same page by the
 * same angle, but for rounding along the edges of the type. */
static void
test_color_turn_matches_leptonica (void)
{
  g_autoptr(PIX) original = page_fixture_render (PAGE_COLOR, DPI, -2.0, TRUE, FALSE);
  g_autoptr(McScannedPage) page = mc_page_from_pix (original, DPI);
  McPageCleanInfo info;
  g_autoptr(McScannedPage) clean = mc_page_clean (page, &info);
  g_autoptr(PIX) ours = mc_page_to_pix (clean);
  g_autoptr(PIX) theirs = NULL;
  guint64 total = 0, far = 0;
  int w, h;

  g_assert_cmpint (info.kind, ==, MC_PAGE_KIND_COLOR);
  g_assert_false (info.cropped);
  g_assert_cmpfloat (fabs (info.skew_degrees), >, 1.0);
  theirs = pixRotate (original, info.skew_degrees * (float) G_PI / 180.0f, L_ROTATE_AREA_MAP,
                      L_BRING_IN_WHITE, 0, 0);
  w = pixGetWidth (theirs);
  h = pixGetHeight (theirs);
  g_assert_cmpint (pixGetWidth (ours), ==, w);
  g_assert_cmpint (pixGetHeight (ours), ==, h);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        int r1, g1, b1, r2, g2, b2, d;

        pixGetRGBPixel (ours, x, y, &r1, &g1, &b1);
        pixGetRGBPixel (theirs, x, y, &r2, &g2, &b2);
        d = MAX (abs (r1 - r2), MAX (abs (g1 - g2), abs (b1 - b2)));
        total += d;
        if (d > 48)
          far++;
      }
  g_test_message ("mean difference %.3f, %.4f %% of pixels differ by more than 48",
                  (double) total / ((double) w * h), 100.0 * far / ((double) w * h));
  g_assert_cmpfloat ((double) total / ((double) w * h), <, 1.0);
  g_assert_cmpfloat ((double) far / ((double) w * h), <, 0.002);
}

/* The background map is made here, and the binary, the share of
 * mid-tones and the kept grey page come from it without Leptonica's
 * normalised page: each must be
 * what Leptonica's pixBackgroundNormSimple() then pixThresholdToBinary()
 * and pixGetGrayHistogram() give, bit for bit. The paper is made uneven
 * (darker towards the bottom right, as under a poor lid) so that the
 * tiles' factors differ, and a photo-like grey ramp gives mid-tones. */
static void
test_normalise_matches_leptonica (void)
{
  g_autoptr(PIX) page = page_fixture_render (PAGE_GRAY, DPI, 1.0, FALSE, FALSE);
  int w = pixGetWidth (page), h = pixGetHeight (page);
  g_autoptr(PIX) inverse = NULL;
  g_autoptr(PIX) theirs_inverse = NULL;
  g_autoptr(PIX) theirs_normal = NULL;
  g_autoptr(PIX) theirs_binary = NULL;
  g_autoptr(PIX) ours_binary = NULL;
  g_autoptr(PIX) ours_normal = NULL;
  g_autoptr(PIX) cut = NULL;
  NUMA *histo;
  BOX *box = boxCreate (w / 7, h / 18, w / 3, h / 5);
  double total = 0, mid = 0;
  int same = 0;

  g_assert_cmpint (pixGetDepth (page), ==, 8);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        l_uint32 v;

        pixGetPixel (page, x, y, &v);
        v = v * (255 - 90 * (x + y) / (w + h)) / 255;
        /* A ramp of greys, a photo, in the top quarter. */
        if (y > h / 20 && y < h / 4 && x > w / 10 && x < w / 2)
          v = 40 + 180 * (x - w / 10) / (w / 2 - w / 10);
        pixSetPixel (page, x, y, v);
      }

  theirs_normal = pixBackgroundNormSimple (page, NULL, NULL);
  theirs_binary = pixThresholdToBinary (theirs_normal, 160);
  g_assert_cmpint (pixBackgroundNormGrayArray (page, NULL, 10, 15, 60, 40, 200, 2, 1, &theirs_inverse), ==, 0);
  inverse = mc_pix_background_inverse (page);
  pixEqual (inverse, theirs_inverse, &same);
  g_assert_true (same);
  ours_binary = mc_pix_threshold_normalised (page, inverse, 160);
  pixEqual (ours_binary, theirs_binary, &same);
  g_assert_true (same);

  ours_normal = mc_pix_apply_background (page, inverse);
  pixEqual (ours_normal, theirs_normal, &same);
  g_assert_true (same);

  cut = pixClipRectangle (theirs_normal, box, NULL);
  histo = pixGetGrayHistogram (cut, 2);
  for (int i = 0; i < numaGetCount (histo); i++)
    {
      float v = 0;

      numaGetFValue (histo, i, &v);
      total += v;
      if (i >= 64 && i < 192)
        mid += v;
    }
  numaDestroy (&histo);
  g_test_message ("mid-tones %.4f", mid / total);
  g_assert_cmpfloat (mid / total, >, 0.06);
  g_assert_cmpfloat (fabs (mc_pix_midtone_fraction (page, inverse, box) - mid / total), <, 1e-12);
  boxDestroy (&box);
}

static void
test_deskew_text (void)
{
  const double skews[] = { -3.0, 2.0, 0.0 };

  for (guint i = 0; i < G_N_ELEMENTS (skews); i++)
    {
      g_autoptr(McScannedPage) page = fixture_page (PAGE_GRAY, skews[i], FALSE, FALSE);
      McPageCleanInfo info;
      g_autoptr(McScannedPage) clean = mc_page_clean (page, &info);

      g_test_message ("skew %.1f: found %.2f, residual %.2f", skews[i], info.skew_degrees, residual_skew (clean));
      g_assert_false (info.blank);
      /* Text only: black and white. */
      g_assert_cmpint (info.kind, ==, MC_PAGE_KIND_BILEVEL);
      g_assert_cmpuint (clean->depth, ==, 1);
      g_assert_cmpfloat (fabs (fabs (info.skew_degrees) - fabs (skews[i])), <, 0.3);
      g_assert_cmpfloat (fabs (residual_skew (clean)), <, 0.3);
    }
}

static void
test_blank (void)
{
  g_autoptr(PIX) pix = page_fixture_render (PAGE_GRAY, DPI, 0, FALSE, TRUE);
  g_autoptr(McScannedPage) page = NULL;
  g_autoptr(McScannedPage) clean = NULL;
  McPageCleanInfo info;

  /* Dust: a few specks of one or two pixels. */
  for (int i = 0; i < 40; i++)
    pixSetPixel (pix, 100 + i * 25, 300 + (i * 37) % 900, 0);
  page = mc_page_from_pix (pix, DPI);
  clean = mc_page_clean (page, &info);
  g_assert_true (info.blank);
}

/* The test a page gets as it arrives in the scan dialog is the cleaner's:
 * the same answer as mc_page_clean() gives, on blank and written pages of
 * each kind. */
static void
test_is_blank (void)
{
  static const struct {
    PageKind kind;
    gboolean seal;
    gboolean blank;
  } pages[] = {
    { PAGE_GRAY, FALSE, TRUE },
    { PAGE_COLOR, FALSE, TRUE },
    { PAGE_BILEVEL, FALSE, TRUE },
    { PAGE_GRAY, FALSE, FALSE },
    { PAGE_COLOR, TRUE, FALSE },
    { PAGE_BILEVEL, FALSE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autoptr(McScannedPage) page = fixture_page (pages[i].kind, 0, pages[i].seal, pages[i].blank);
      McPageCleanInfo info;
      g_autoptr(McScannedPage) clean = mc_page_clean (page, &info);

      g_assert_cmpint (info.blank, ==, pages[i].blank);
      g_assert_cmpint (mc_page_is_blank (page), ==, pages[i].blank);
    }
}

static void
test_dark_border (void)
{
  g_autoptr(PIX) pix = page_fixture_render (PAGE_GRAY, DPI, 0, FALSE, FALSE);
  int w = pixGetWidth (pix), h = pixGetHeight (pix);
  BOX *left = boxCreate (0, 0, w / 30, h);
  BOX *top = boxCreate (0, 0, w, h / 40);
  g_autoptr(McScannedPage) page = NULL;
  g_autoptr(McScannedPage) clean = NULL;
  g_autoptr(PIX) out = NULL;
  McPageCleanInfo info;
  l_uint32 value = 0;

  pixClearInRect (pix, left);
  pixClearInRect (pix, top);
  boxDestroy (&left);
  boxDestroy (&top);
  page = mc_page_from_pix (pix, DPI);
  clean = mc_page_clean (page, &info);
  g_assert_true (info.cropped);
  g_assert_false (info.blank);
  g_assert_cmpuint (clean->width, <, (guint) (w - w / 30));
  g_assert_cmpuint (clean->width, >, (guint) (w - w / 15));
  g_assert_cmpuint (clean->height, <, (guint) (h - h / 40));
  out = mc_page_to_pix (clean);
  /* The corners are paper now (bit clear = white). */
  pixGetPixel (out, 2, 2, &value);
  g_assert_cmpuint (value, ==, 0);
  pixGetPixel (out, 2, pixGetHeight (out) / 2, &value);
  g_assert_cmpuint (value, ==, 0);
}

static void
test_clean_all (void)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_scanned_page_free);
  g_autoptr(GPtrArray) kept = NULL;
  g_autoptr(GArray) removed = NULL;
  g_autoptr(GError) error = NULL;
  McScannedPage *first, *second;

  g_ptr_array_add (pages, fixture_page (PAGE_GRAY, 1.0, FALSE, FALSE));
  g_ptr_array_add (pages, fixture_page (PAGE_COLOR, 0, FALSE, TRUE));
  g_ptr_array_add (pages, fixture_page (PAGE_COLOR, 0, TRUE, FALSE));
  kept = mc_page_clean_all (pages, TRUE, &removed, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kept->len, ==, 2);
  g_assert_cmpuint (removed->len, ==, 1);
  g_assert_cmpuint (g_array_index (removed, guint, 0), ==, 1);
  /* Per page: the text page went to black and white, the sealed one kept colour. */
  first = g_ptr_array_index (kept, 0);
  second = g_ptr_array_index (kept, 1);
  g_assert_cmpuint (first->depth, ==, 1);
  g_assert_cmpuint (second->channels, ==, 3);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/digitise/clean/seal-stays-red", test_seal_stays_red);
  g_test_add_func ("/digitise/clean/deskew-text", test_deskew_text);
  g_test_add_func ("/digitise/clean/color-turn", test_color_turn_matches_leptonica);
  g_test_add_func ("/digitise/clean/normalise", test_normalise_matches_leptonica);
  g_test_add_func ("/digitise/clean/blank", test_blank);
  g_test_add_func ("/digitise/clean/is-blank", test_is_blank);
  g_test_add_func ("/digitise/clean/dark-border", test_dark_border);
  g_test_add_func ("/digitise/clean/all-pages", test_clean_all);

  return g_test_run ();
}
