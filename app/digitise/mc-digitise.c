/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Pages to an archival, searchable PDF, for the scan dialog and the files
 * the official imports. Cleaning here keeps every page: the official has
 * already looked at the pages and deleted those they did not want, so a
 * page that looks blank to us is still what they chose to keep. */
#define G_LOG_DOMAIN "motcua-digitise"

#include "config.h"

#include "mc-digitise.h"
#include "mc-page-clean.h"
#include "mc-page-ocr.h"
#include "mc-page-pdf.h"
#include "mc-page-pix.h"
#include "mc-pdfa.h"

/**
 * mc_page_rotate:
 * @page: a page
 * @quarter_turns: clockwise quarter turns, any sign
 *
 * Returns: (transfer full): the page turned
 */
McScannedPage *
mc_page_rotate (const McScannedPage *page,
                int                  quarter_turns)
{
  g_autoptr(PIX) pix = NULL;
  g_autoptr(PIX) turned = NULL;
  int quarters = ((quarter_turns % 4) + 4) % 4;

  g_return_val_if_fail (page != NULL, NULL);

  pix = mc_page_to_pix (page);
  turned = quarters == 0 ? pixClone (pix) : pixRotateOrth (pix, quarters);
  return mc_page_from_pix (turned, page->resolution);
}

/**
 * mc_page_copy:
 * @page: a page
 *
 * Returns: (transfer full): a page sharing @page's pixels
 */
McScannedPage *
mc_page_copy (const McScannedPage *page)
{
  McScannedPage *copy;

  g_return_val_if_fail (page != NULL, NULL);

  copy = g_memdup2 (page, sizeof *page);
  copy->pixels = g_bytes_ref (page->pixels);
  return copy;
}

/* One sample of @page at (x, y) as RGB. */
static void
sample (const McScannedPage *page,
        const guint8        *data,
        guint                x,
        guint                y,
        guint8              *rgb)
{
  const guint8 *line = data + (gsize) y * page->stride;

  if (page->depth == 1)
    {
      guint8 v = (line[x / 8] >> (7 - x % 8)) & 1 ? 0 : 255;

      rgb[0] = rgb[1] = rgb[2] = v;
    }
  else if (page->channels == 3)
    {
      rgb[0] = line[x * 3];
      rgb[1] = line[x * 3 + 1];
      rgb[2] = line[x * 3 + 2];
    }
  else
    rgb[0] = rgb[1] = rgb[2] = line[x];
}

/**
 * mc_page_thumbnail:
 * @page: a page
 * @max_size: the longest side of the thumbnail, in pixels
 * @width: (out): its width
 * @height: (out): its height
 *
 * A small RGB picture of the page (3 bytes a pixel, no padding), each
 * pixel the average of a few samples of the area it covers.
 *
 * Returns: (transfer full): the pixels
 */
GBytes *
mc_page_thumbnail (const McScannedPage *page,
                   guint                max_size,
                   guint               *width,
                   guint               *height)
{
  const guint8 *data;
  guint8 *out;
  double scale;
  guint w, h;

  g_return_val_if_fail (page != NULL && max_size > 0, NULL);

  data = g_bytes_get_data (page->pixels, NULL);
  scale = (double) max_size / MAX (page->width, page->height);
  if (scale > 1)
    scale = 1;
  w = MAX (1, (guint) (page->width * scale));
  h = MAX (1, (guint) (page->height * scale));
  out = g_malloc ((gsize) w * h * 3);
  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++)
      {
        guint sum[3] = { 0, 0, 0 };

        /* Four samples inside the covered area, not one, so thin lines
         * of text do not vanish or flicker from page to page. */
        for (guint k = 0; k < 4; k++)
          {
            guint sx = MIN (page->width - 1, (guint) ((x + 0.25 + 0.5 * (k % 2)) / scale));
            guint sy = MIN (page->height - 1, (guint) ((y + 0.25 + 0.5 * (k / 2)) / scale));
            guint8 rgb[3];

            sample (page, data, sx, sy, rgb);
            for (guint c = 0; c < 3; c++)
              sum[c] += rgb[c];
          }
        for (guint c = 0; c < 3; c++)
          out[((gsize) y * w + x) * 3 + c] = (guint8) (sum[c] / 4);
      }
  *width = w;
  *height = h;
  return g_bytes_new_take (out, (gsize) w * h * 3);
}

/**
 * mc_digitise_write:
 * @pages: (element-type McScannedPage): the pages, in order
 * @clean: deskew, crop borders, turn pages upright and choose each page's
 *   colour first
 * @ocr: read the text and put it under the images
 * @path: the PDF to write
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Writes @pages as one PDF/A-2b file. Slow (OCR above all): call it in a
 * worker thread.
 *
 * Returns: %TRUE when @path was written
 */
gboolean
mc_digitise_write (GPtrArray     *pages,
                   gboolean       clean,
                   gboolean       ocr,
                   const char    *path,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GPtrArray) kept = NULL;
  g_autoptr(GPtrArray) texts = NULL;

  g_return_val_if_fail (pages != NULL && pages->len > 0, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  /* The official has seen the pages: blank ones they kept stay. */
  kept = clean ? mc_page_clean_all (pages, FALSE, NULL, cancellable, error) : g_ptr_array_ref (pages);
  if (kept == NULL)
    return FALSE;
  if (ocr && (texts = mc_page_ocr_all (kept, 0, cancellable, error)) == NULL)
    return FALSE;
  if (!mc_page_pdf_write_with_text (kept, texts, path, cancellable, error))
    return FALSE;
  return mc_pdfa_finish (path, NULL, error);
}
