/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Page pixels to and from Leptonica. Leptonica keeps 1 and 8 bpp rows as
 * 32-bit words in host order, so on little-endian machines the bytes of
 * each word are swapped compared with the scanner's byte stream; RGB is
 * one word per pixel with red in the high byte. A set bit at 1 bpp is
 * black in both, so bilevel pages need no inversion. */
#define G_LOG_DOMAIN "motcua-digitise"

#include "config.h"

#include <string.h>

#include "mc-page-pix.h"

void
mc_pix_free (PIX *pix)
{
  pixDestroy (&pix);
}

PIX *
mc_page_to_pix (const McScannedPage *page)
{
  const guchar *src = g_bytes_get_data (page->pixels, NULL);
  guint bpp = page->channels == 3 ? 32 : page->depth;
  PIX *pix = pixCreate (page->width, page->height, bpp);
  l_uint32 *data = pixGetData (pix);
  int wpl = pixGetWpl (pix);

  pixSetResolution (pix, page->resolution, page->resolution);
  for (guint y = 0; y < page->height; y++)
    {
      const guchar *row = src + (gsize) y * page->stride;
      l_uint32 *line = data + (gsize) y * wpl;

      if (bpp == 32)
        for (guint x = 0; x < page->width; x++)
          line[x] = ((l_uint32) row[3 * x] << L_RED_SHIFT) | ((l_uint32) row[3 * x + 1] << L_GREEN_SHIFT)
                    | ((l_uint32) row[3 * x + 2] << L_BLUE_SHIFT);
      else
        memcpy (line, row, MIN ((gsize) page->stride, (gsize) wpl * 4));
    }
  if (bpp != 32)
    pixEndianByteSwap (pix);
  return pix;
}

McScannedPage *
mc_page_from_pix (PIX   *pix,
                  guint  resolution)
{
  g_autoptr(PIX) flat = NULL;
  McScannedPage *page;
  guchar *dst;
  l_uint32 *data;
  int depth = pixGetDepth (pix);
  int wpl;

  if (pixGetColormap (pix) != NULL)
    flat = pixRemoveColormap (pix, REMOVE_CMAP_BASED_ON_SRC);
  else if (depth == 1 || depth == 8 || depth == 32)
    flat = pixClone (pix);
  else if (depth == 24)
    flat = pixConvert24To32 (pix);
  else
    flat = pixConvertTo8 (pix, FALSE);
  if (flat == NULL)
    return NULL;
  depth = pixGetDepth (flat);
  if (depth != 1 && depth != 8 && depth != 32)
    {
      PIX *rgb = pixConvertTo32 (flat);

      pixDestroy (&flat);
      flat = rgb;
      depth = 32;
    }

  page = g_new0 (McScannedPage, 1);
  page->width = pixGetWidth (flat);
  page->height = pixGetHeight (flat);
  page->channels = depth == 32 ? 3 : 1;
  page->depth = depth == 1 ? 1 : 8;
  page->stride = depth == 32 ? page->width * 3 : depth == 8 ? page->width : (page->width + 7) / 8;
  page->resolution = resolution;
  dst = g_malloc ((gsize) page->stride * page->height);
  if (depth != 32)
    {
      PIX *swapped = pixEndianByteSwapNew (flat);

      pixDestroy (&flat);
      flat = swapped;
    }
  data = pixGetData (flat);
  wpl = pixGetWpl (flat);
  for (guint y = 0; y < page->height; y++)
    {
      const l_uint32 *line = data + (gsize) y * wpl;
      guchar *row = dst + (gsize) y * page->stride;

      if (depth == 32)
        for (guint x = 0; x < page->width; x++)
          {
            row[3 * x] = (line[x] >> L_RED_SHIFT) & 0xff;
            row[3 * x + 1] = (line[x] >> L_GREEN_SHIFT) & 0xff;
            row[3 * x + 2] = (line[x] >> L_BLUE_SHIFT) & 0xff;
          }
      else
        memcpy (row, line, page->stride);
    }
  page->pixels = g_bytes_new_take (dst, (gsize) page->stride * page->height);
  return page;
}
