/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Page cleaning with Leptonica. Everything is measured on one binarised
 * copy of the page (background-normalised grey, fixed threshold), and
 * applied to the page in its own colours:
 * - colour: a page is colour when enough pixels are clearly chromatic; the
 *   threshold is on strong chroma only, so the faint colour noise of a
 *   scanner or of JPEG on a grey page does not count, while a seal does;
 * - borders: rows and columns at the edges that are mostly dark are the
 *   scanner lid or the shadow of the sheet, and are cut away;
 * - blank: once specks smaller than a dot of type are dropped, a page with
 *   almost no dark pixels in its middle is blank (back sides from the
 *   feeder); the caller keeps the list of removed pages to undo;
 * - skew: Leptonica's projection search, corrected only when it is
 *   confident, rotating with white brought in at the corners;
 * - text-only pages become bilevel, which is smaller and sharper, unless
 *   they hold many mid-tones (a grey photo), then they stay grey. */
#define G_LOG_DOMAIN "motcua-digitise"

#include "config.h"

#include <math.h>

#include "mc-page-clean.h"
#include "mc-page-pix.h"

/* Strong chroma: max - min of R, G, B. */
#define CHROMA_MIN 70
/* Share of sampled pixels that must be chromatic for a colour page. */
#define COLOR_FRACTION 0.002
/* Share of dark pixels in the middle of the page under which it is blank. */
#define BLANK_FRACTION 0.0008
/* Share of mid-tone pixels above which a grey page stays grey. */
#define MIDTONE_FRACTION 0.06
#define BINARY_THRESHOLD 160
#define MIN_SKEW_DEGREES 0.1
#define MIN_SKEW_CONFIDENCE 3.0

static double
color_fraction (PIX *pix)
{
  l_uint32 *data = pixGetData (pix);
  int wpl = pixGetWpl (pix);
  int w = pixGetWidth (pix);
  int h = pixGetHeight (pix);
  guint64 colored = 0, sampled = 0;

  for (int y = 0; y < h; y += 2)
    {
      const l_uint32 *line = data + (gsize) y * wpl;

      for (int x = 0; x < w; x += 2)
        {
          int r = (line[x] >> L_RED_SHIFT) & 0xff;
          int g = (line[x] >> L_GREEN_SHIFT) & 0xff;
          int b = (line[x] >> L_BLUE_SHIFT) & 0xff;

          if (MAX (r, MAX (g, b)) - MIN (r, MIN (g, b)) >= CHROMA_MIN)
            colored++;
          sampled++;
        }
    }
  return sampled > 0 ? (double) colored / sampled : 0;
}

static double
midtone_fraction (PIX *grey)
{
  NUMA *histo = pixGetGrayHistogram (grey, 2);
  double total = 0, mid = 0;
  int n;

  if (histo == NULL)
    return 0;
  n = numaGetCount (histo);
  for (int i = 0; i < n; i++)
    {
      float v = 0;

      numaGetFValue (histo, i, &v);
      total += v;
      if (i >= 64 && i < 192)
        mid += v;
    }
  numaDestroy (&histo);
  return total > 0 ? mid / total : 0;
}

/* How many edge lines are mostly dark, from one side. */
static int
dark_edge (NUMA *counts,
           int   length,
           int   from_end)
{
  int n = numaGetCount (counts);
  int limit = n / 4;
  int found = 0;

  for (int i = 0; i < limit; i++)
    {
      int v = 0;

      numaGetIValue (counts, from_end ? n - 1 - i : i, &v);
      if (v * 2 < length)
        break;
      found = i + 1;
    }
  return found;
}

/* The part of the page inside its dark border, or NULL when none. */
static BOX *
border_box (PIX *binary)
{
  int w = pixGetWidth (binary);
  int h = pixGetHeight (binary);
  NUMA *rows = pixCountPixelsByRow (binary, NULL);
  NUMA *cols = pixCountPixelsByColumn (binary);
  int top = dark_edge (rows, w, FALSE), bottom = dark_edge (rows, w, TRUE);
  int left = dark_edge (cols, h, FALSE), right = dark_edge (cols, h, TRUE);

  numaDestroy (&rows);
  numaDestroy (&cols);
  if (top + bottom + left + right == 0)
    return NULL;
  /* A little more, so the soft edge of the shadow goes too. */
  if (top > 0) top += h / 200;
  if (bottom > 0) bottom += h / 200;
  if (left > 0) left += w / 200;
  if (right > 0) right += w / 200;
  return boxCreate (left, top, w - left - right, h - top - bottom);
}

static gboolean
is_blank (PIX *binary)
{
  int w = pixGetWidth (binary);
  int h = pixGetHeight (binary);
  int speck = MAX (2, pixGetXRes (binary) / 60);
  g_autoptr(PIX) middle = NULL;
  g_autoptr(PIX) solid = NULL;
  BOX *box = boxCreate (w / 20, h / 20, w - w / 10, h - h / 10);
  int count = 0;

  middle = pixClipRectangle (binary, box, NULL);
  boxDestroy (&box);
  if (middle == NULL)
    return FALSE;
  solid = pixSelectBySize (middle, speck, speck, 8, L_SELECT_IF_EITHER, L_SELECT_IF_GTE, NULL);
  if (solid == NULL)
    return FALSE;
  pixCountPixels (solid, &count, NULL);
  return count < BLANK_FRACTION * pixGetWidth (middle) * pixGetHeight (middle);
}

/**
 * mc_page_clean:
 * @page: a page as scanned or loaded
 * @info: (out caller-allocates) (optional): what was found and done
 *
 * Cleans one page. A blank page is cleaned like any other; it is for the
 * caller to drop it (mc_page_clean_all() does).
 *
 * Returns: (transfer full): the cleaned page
 */
McScannedPage *
mc_page_clean (const McScannedPage *page,
               McPageCleanInfo     *info)
{
  g_autoptr(PIX) pix = NULL;
  g_autoptr(PIX) grey = NULL;
  g_autoptr(PIX) normal = NULL;
  g_autoptr(PIX) binary = NULL;
  g_autoptr(PIX) result = NULL;
  McPageCleanInfo found = { FALSE, 0, MC_PAGE_KIND_BILEVEL, FALSE };
  BOX *box;
  float angle = 0, confidence = 0;
  int depth;

  g_return_val_if_fail (page != NULL, NULL);

  pix = mc_page_to_pix (page);
  depth = pixGetDepth (pix);
  if (depth == 32)
    {
      found.kind = color_fraction (pix) >= COLOR_FRACTION ? MC_PAGE_KIND_COLOR : MC_PAGE_KIND_GRAY;
      grey = pixConvertRGBToLuminance (pix);
    }
  else if (depth == 8)
    {
      found.kind = MC_PAGE_KIND_GRAY;
      grey = pixClone (pix);
    }

  if (grey != NULL)
    {
      normal = pixBackgroundNormSimple (grey, NULL, NULL);
      binary = pixThresholdToBinary (normal != NULL ? normal : grey, BINARY_THRESHOLD);
    }
  else
    binary = pixClone (pix);
  pixSetResolution (binary, page->resolution, page->resolution);

  box = border_box (binary);
  if (box != NULL)
    {
      PIX *cut = pixClipRectangle (pix, box, NULL);
      PIX *cut_binary = pixClipRectangle (binary, box, NULL);

      found.cropped = TRUE;
      pixDestroy (&pix);
      pix = cut;
      pixDestroy (&binary);
      binary = cut_binary;
      if (normal != NULL)
        {
          PIX *cut_normal = pixClipRectangle (normal, box, NULL);

          pixDestroy (&normal);
          normal = cut_normal;
        }
      boxDestroy (&box);
      pixSetResolution (binary, page->resolution, page->resolution);
    }

  found.blank = is_blank (binary);

  if (found.kind == MC_PAGE_KIND_GRAY && normal != NULL && midtone_fraction (normal) < MIDTONE_FRACTION)
    found.kind = MC_PAGE_KIND_BILEVEL;

  /* What is kept: the page itself in colour, the normalised grey, or
   * the binary. */
  if (found.kind == MC_PAGE_KIND_COLOR)
    result = pixClone (pix);
  else if (found.kind == MC_PAGE_KIND_GRAY)
    result = pixClone (normal != NULL ? normal : pix);
  else
    result = pixClone (binary);

  if (!found.blank && pixFindSkew (binary, &angle, &confidence) == 0
      && confidence >= MIN_SKEW_CONFIDENCE && fabsf (angle) >= MIN_SKEW_DEGREES)
    {
      PIX *straight = pixRotate (result, angle * (float) G_PI / 180.0f, L_ROTATE_AREA_MAP,
                                 L_BRING_IN_WHITE, 0, 0);

      if (straight != NULL)
        {
          pixDestroy (&result);
          result = straight;
          found.skew_degrees = angle;
        }
    }
  if (found.kind == MC_PAGE_KIND_BILEVEL && pixGetDepth (result) != 1)
    {
      /* Area-map rotation of a 1 bpp page gives grey edges; back to bits. */
      PIX *bits = pixConvertTo1 (result, 128);

      pixDestroy (&result);
      result = bits;
    }

  if (info != NULL)
    *info = found;
  return mc_page_from_pix (result, page->resolution);
}

/**
 * mc_page_clean_all:
 * @pages: (element-type McScannedPage): pages in order
 * @removed: (out) (optional) (element-type guint): indexes in @pages of
 *   the blank pages left out, so the official can take them back
 * @cancellable: (nullable): checked between pages
 * @error: return location for an error (only cancellation)
 *
 * Cleans every page and leaves blank ones out. If every page is blank,
 * they are all kept: a document of nothing is more likely a very light
 * scan than an empty bundle. Blocks.
 *
 * Returns: (transfer full) (element-type McScannedPage): the cleaned pages
 */
GPtrArray *
mc_page_clean_all (GPtrArray     *pages,
                   GArray       **removed,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_scanned_page_free);
  g_autoptr(GPtrArray) blanks = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_scanned_page_free);
  g_autoptr(GArray) dropped = g_array_new (FALSE, FALSE, sizeof (guint));

  g_return_val_if_fail (pages != NULL, NULL);

  for (guint i = 0; i < pages->len; i++)
    {
      McPageCleanInfo info;
      McScannedPage *clean;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      clean = mc_page_clean (g_ptr_array_index (pages, i), &info);
      g_debug ("page %u: blank %d, skew %.2f deg, kind %d, cropped %d", i + 1, info.blank,
               info.skew_degrees, info.kind, info.cropped);
      if (info.blank)
        {
          g_array_append_val (dropped, i);
          g_ptr_array_add (blanks, clean);
        }
      else
        g_ptr_array_add (kept, clean);
    }
  if (kept->len == 0)
    {
      g_array_set_size (dropped, 0);
      g_ptr_array_extend_and_steal (kept, g_steal_pointer (&blanks));
    }
  if (removed != NULL)
    *removed = g_steal_pointer (&dropped);
  return g_steal_pointer (&kept);
}
