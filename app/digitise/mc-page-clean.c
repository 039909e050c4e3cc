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
#include <string.h>

#include "mc-digitise.h"
#include "mc-page-clean.h"
#include "mc-page-ocr.h"
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
color_fraction (const McScannedPage *page)
{
  const guchar *data = g_bytes_get_data (page->pixels, NULL);
  guint64 colored = 0, sampled = 0;

  for (guint y = 0; y < page->height; y += 2)
    {
      const guchar *row = data + (gsize) y * page->stride;

      for (guint x = 0; x < page->width; x += 2)
        {
          const guchar *p = row + 3 * x;
          int r = p[0], g = p[1], b = p[2];

          if (MAX (r, MAX (g, b)) - MIN (r, MIN (g, b)) >= CHROMA_MIN)
            colored++;
          sampled++;
        }
    }
  return sampled > 0 ? (double) colored / sampled : 0;
}

/* The part of a colour page inside @box (or all of it), turned by @angle
 * radians clockwise about its centre, white brought in at the corners:
 * each pixel interpolated between the four around where it comes from,
 * as Leptonica's area-map rotation does, but on the page's own RGB
 * bytes, so no 32 bpp copy of the page is made and none is made back. */
static McScannedPage *
crop_rotate_rgb (const McScannedPage *page,
                 BOX                 *box,
                 float                angle)
{
  const guchar *src = g_bytes_get_data (page->pixels, NULL);
  int bx = 0, by = 0, w = (int) page->width, h = (int) page->height;
  McScannedPage *out = g_new0 (McScannedPage, 1);
  double c = cos (angle), s = sin (angle);
  double xc, yc;
  gint64 step_x, step_y;
  guchar *dst;

  if (box != NULL)
    boxGetGeometry (box, &bx, &by, &w, &h);
  out->width = w;
  out->height = h;
  out->stride = (guint) w * 3;
  out->channels = 3;
  out->depth = 8;
  out->resolution = page->resolution;
  dst = g_malloc ((gsize) out->stride * h);
  xc = w / 2.0;
  yc = h / 2.0;
  /* Where a pixel comes from, in 1/65536 of a pixel: moving one pixel
   * right in the result moves (cos, -sin) in the source. */
  step_x = (gint64) llround (c * 65536);
  step_y = (gint64) llround (-s * 65536);
  for (int y = 0; y < h; y++)
    {
      guchar *row = dst + (gsize) y * out->stride;
      double dy = y - yc;
      gint64 fx = (gint64) llround ((xc - xc * c + dy * s) * 65536);
      gint64 fy = (gint64) llround ((yc + xc * s + dy * c) * 65536);

      for (int x = 0; x < w; x++, fx += step_x, fy += step_y, row += 3)
        {
          gint64 sx = fx >> 16, sy = fy >> 16;
          guint wx, wy;
          const guchar *p0, *p1;

          if (sx < 0 || sy < 0 || sx >= w - 1 || sy >= h - 1)
            {
              row[0] = row[1] = row[2] = 255;
              continue;
            }
          wx = (guint) (fx >> 8) & 0xff;
          wy = (guint) (fy >> 8) & 0xff;
          p0 = src + (gsize) (sy + by) * page->stride + (gsize) (sx + bx) * 3;
          p1 = p0 + page->stride;
          /* Mostly paper: four equal neighbours give themselves. */
          if (p0[0] == p0[3] && p0[1] == p0[4] && p0[2] == p0[5] && memcmp (p0, p1, 6) == 0)
            {
              row[0] = p0[0];
              row[1] = p0[1];
              row[2] = p0[2];
              continue;
            }
          for (guint k = 0; k < 3; k++)
            {
              guint top = p0[k] * (256 - wx) + p0[k + 3] * wx;
              guint bottom = p1[k] * (256 - wx) + p1[k + 3] * wx;

              row[k] = (guchar) ((top * (256 - wy) + bottom * wy + 32768) >> 16);
            }
        }
    }
  out->pixels = g_bytes_new_take (dst, (gsize) out->stride * h);
  return out;
}

/* The part of a page inside @box, rows copied as they are. */
static McScannedPage *
crop_bytes (const McScannedPage *page,
            BOX                 *box)
{
  const guchar *src = g_bytes_get_data (page->pixels, NULL);
  McScannedPage *out = g_memdup2 (page, sizeof *page);
  int bx, by, w, h;
  guchar *dst;

  boxGetGeometry (box, &bx, &by, &w, &h);
  out->width = w;
  out->height = h;
  out->stride = (guint) w * page->channels;
  dst = g_malloc ((gsize) out->stride * h);
  for (int y = 0; y < h; y++)
    memcpy (dst + (gsize) y * out->stride, src + (gsize) (y + by) * page->stride + (gsize) bx * page->channels,
            out->stride);
  out->pixels = g_bytes_new_take (dst, (gsize) out->stride * h);
  return out;
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

/* The dark pixels of each column. Only the words that hold any are
 * looked into (type is a few percent of a page); Leptonica's
 * pixCountPixelsByColumn() reads every pixel of the page one by one. */
static NUMA *
count_by_column (PIX *binary)
{
  int w = pixGetWidth (binary), h = pixGetHeight (binary), wpl = pixGetWpl (binary);
  const l_uint32 *data = pixGetData (binary);
  g_autofree guint32 *counts = g_new0 (guint32, (gsize) wpl * 32);
  NUMA *columns = numaCreate (w);

  for (int y = 0; y < h; y++)
    {
      const l_uint32 *line = data + (gsize) y * wpl;

      for (int k = 0; k < wpl; k++)
        for (l_uint32 word = line[k]; word != 0;)
          {
            int bit = __builtin_clz (word);

            counts[k * 32 + bit]++;
            word &= ~(0x80000000u >> bit);
          }
    }
  for (int x = 0; x < w; x++)
    numaAddNumber (columns, counts[x]);
  return columns;
}

/* The part of the page inside its dark border, or NULL when none. */
static BOX *
border_box (PIX *binary)
{
  int w = pixGetWidth (binary);
  int h = pixGetHeight (binary);
  NUMA *rows = pixCountPixelsByRow (binary, NULL);
  NUMA *cols = count_by_column (binary);
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

/* Cleans @page, or with @measure_only only finds whether it is blank
 * (then returns NULL). */
static McScannedPage *
clean (const McScannedPage *page,
       McPageCleanInfo     *info,
       gboolean             measure_only)
{
  g_autoptr(PIX) bits = NULL;
  g_autoptr(PIX) grey = NULL;
  g_autoptr(PIX) inverse = NULL;
  g_autoptr(PIX) normal = NULL;
  g_autoptr(PIX) binary = NULL;
  g_autoptr(PIX) result = NULL;
  McPageCleanInfo found = { FALSE, 0, MC_PAGE_KIND_BILEVEL, FALSE };
  BOX *box;
  float angle = 0, confidence = 0;
  gboolean turn = FALSE;

  g_return_val_if_fail (page != NULL, NULL);

  mc_pix_quiet ();
  /* Measured on the grey (or bilevel) page; a colour page's own bytes are
   * only touched again to keep it in colour. */
  if (page->depth == 8)
    {
      if (page->channels == 3)
        found.kind = color_fraction (page) >= COLOR_FRACTION ? MC_PAGE_KIND_COLOR : MC_PAGE_KIND_GRAY;
      else
        found.kind = MC_PAGE_KIND_GRAY;
      grey = mc_page_to_grey_pix (page);
      /* The background-normalised page is only made if it is kept (a
       * grey page); the binary and the share of mid-tones come from the
       * grey and the normalisation map. */
      inverse = mc_pix_background_inverse (grey);
      binary = mc_pix_threshold_normalised (grey, inverse, BINARY_THRESHOLD);
    }
  else
    {
      bits = mc_page_to_pix (page);
      binary = pixClone (bits);
    }
  pixSetResolution (binary, page->resolution, page->resolution);

  box = border_box (binary);
  if (box != NULL)
    {
      PIX *cut_binary = pixClipRectangle (binary, box, NULL);

      found.cropped = TRUE;
      pixDestroy (&binary);
      binary = cut_binary;
      pixSetResolution (binary, page->resolution, page->resolution);
    }

  found.blank = is_blank (binary);
  if (measure_only)
    {
      if (info != NULL)
        *info = found;
      boxDestroy (&box);
      return NULL;
    }

  if (found.kind == MC_PAGE_KIND_GRAY && mc_pix_midtone_fraction (grey, inverse, box) < MIDTONE_FRACTION)
    found.kind = MC_PAGE_KIND_BILEVEL;
  if (found.kind == MC_PAGE_KIND_GRAY)
    {
      normal = mc_pix_apply_background (grey, inverse);
      if (normal != NULL && box != NULL)
        {
          PIX *cut_normal = pixClipRectangle (normal, box, NULL);

          pixDestroy (&normal);
          normal = cut_normal;
        }
      if (normal == NULL && box != NULL)
        {
          PIX *cut_grey = pixClipRectangle (grey, box, NULL);

          pixDestroy (&grey);
          grey = cut_grey;
        }
    }

  if (!found.blank && pixFindSkew (binary, &angle, &confidence) == 0
      && confidence >= MIN_SKEW_CONFIDENCE && fabsf (angle) >= MIN_SKEW_DEGREES)
    {
      turn = TRUE;
      found.skew_degrees = angle;
    }

  if (info != NULL)
    *info = found;

  /* A colour page is kept in its own colours: cut and turned straight
   * from its bytes, or shared as it is. */
  if (found.kind == MC_PAGE_KIND_COLOR)
    {
      McScannedPage *kept;

      if (turn)
        kept = crop_rotate_rgb (page, box, angle * (float) G_PI / 180.0f);
      else if (box != NULL)
        kept = crop_bytes (page, box);
      else
        {
          kept = g_memdup2 (page, sizeof *page);
          kept->pixels = g_bytes_ref (page->pixels);
        }
      boxDestroy (&box);
      return kept;
    }
  boxDestroy (&box);

  /* What is kept otherwise: the normalised grey, or the binary. */
  if (found.kind == MC_PAGE_KIND_GRAY)
    result = pixClone (normal != NULL ? normal : grey);
  else
    result = pixClone (binary);

  if (turn)
    {
      PIX *straight = pixRotate (result, angle * (float) G_PI / 180.0f, L_ROTATE_AREA_MAP,
                                 L_BRING_IN_WHITE, 0, 0);

      if (straight != NULL)
        {
          pixDestroy (&result);
          result = straight;
        }
      else if (info != NULL)
        info->skew_degrees = 0;
    }
  if (found.kind == MC_PAGE_KIND_BILEVEL && pixGetDepth (result) != 1)
    {
      /* Area-map rotation of a 1 bpp page gives grey edges; back to bits. */
      PIX *bits1 = pixConvertTo1 (result, 128);

      pixDestroy (&result);
      result = bits1;
    }

  return mc_page_from_pix (result, page->resolution);
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
  return clean (page, info, FALSE);
}

/**
 * mc_page_is_blank:
 * @page: a page as scanned or loaded
 *
 * The blank test of mc_page_clean() (its info's @blank), without the rest
 * of the cleaning, for a page as it arrives. Blocks.
 *
 * Returns: %TRUE when the page holds nothing but paper (and specks)
 */
gboolean
mc_page_is_blank (const McScannedPage *page)
{
  McPageCleanInfo info = { FALSE, 0, MC_PAGE_KIND_BILEVEL, FALSE };

  g_return_val_if_fail (page != NULL, FALSE);

  clean (page, &info, TRUE);
  return info.blank;
}

/**
 * mc_page_clean_all:
 * @pages: (element-type McScannedPage): pages in order
 * @drop_blank: leave blank pages out (the scan dialog has let the
 *   official choose already, and keeps them all)
 * @removed: (out) (optional) (element-type guint): indexes in @pages of
 *   the blank pages left out, so the official can take them back
 * @cancellable: (nullable): checked between pages
 * @error: return location for an error (only cancellation)
 *
 * Cleans every page and turns it upright when Tesseract's orientation
 * check is sure it was fed sideways or upside down (without the
 * orientation data, pages stay as fed); with @drop_blank, leaves blank
 * ones out. If every page is blank, they are all kept: a document of
 * nothing is more likely a very light scan than an empty bundle. Several
 * pages are cleaned at once, one per processor. Both front ends clean
 * through here. Blocks.
 *
 * Returns: (transfer full) (element-type McScannedPage): the cleaned pages
 */
typedef struct {
  GPtrArray       *pages;
  McScannedPage  **cleaned;
  McPageCleanInfo *infos;
  GCancellable    *cancellable;
} CleanJob;

static void
clean_one (guint    index,
           gpointer data)
{
  CleanJob *job = data;

  g_autoptr(GError) error = NULL;
  McScannedPage *cleaned;
  int turns = 0;

  if (g_cancellable_is_cancelled (job->cancellable))
    return;
  cleaned = mc_page_clean (g_ptr_array_index (job->pages, index), &job->infos[index]);
  if (!job->infos[index].blank && !mc_page_detect_orientation (cleaned, &turns, &error))
    g_debug ("%s", error->message);
  if (turns != 0)
    {
      McScannedPage *upright = mc_page_rotate (cleaned, turns);

      mc_scanned_page_free (cleaned);
      cleaned = upright;
    }
  job->cleaned[index] = cleaned;
}

GPtrArray *
mc_page_clean_all (GPtrArray     *pages,
                   gboolean       drop_blank,
                   GArray       **removed,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_scanned_page_free);
  g_autoptr(GPtrArray) blanks = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_scanned_page_free);
  g_autoptr(GArray) dropped = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree McScannedPage **cleaned = NULL;
  g_autofree McPageCleanInfo *infos = NULL;
  CleanJob job;

  g_return_val_if_fail (pages != NULL, NULL);

  cleaned = g_new0 (McScannedPage *, pages->len + 1);
  infos = g_new0 (McPageCleanInfo, pages->len + 1);
  job = (CleanJob) { pages, cleaned, infos, cancellable };
  mc_page_each_parallel (pages->len, clean_one, &job);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      for (guint i = 0; i < pages->len; i++)
        g_clear_pointer (&cleaned[i], mc_scanned_page_free);
      return NULL;
    }

  for (guint i = 0; i < pages->len; i++)
    {
      McPageCleanInfo *info = &infos[i];

      g_debug ("page %u: blank %d, skew %.2f deg, kind %d, cropped %d", i + 1, info->blank,
               info->skew_degrees, info->kind, info->cropped);
      if (info->blank && drop_blank)
        {
          g_array_append_val (dropped, i);
          g_ptr_array_add (blanks, cleaned[i]);
        }
      else
        g_ptr_array_add (kept, cleaned[i]);
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
