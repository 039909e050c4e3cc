/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Page pixels to and from Leptonica. Leptonica keeps 1 and 8 bpp rows as
 * 32-bit words in host order, so on little-endian machines the bytes of
 * each word are swapped compared with the scanner's byte stream; RGB is
 * one word per pixel with red in the high byte. A set bit at 1 bpp is
 * black in both, so bilevel pages need no inversion. A colour page's grey
 * copy is made in one pass from its RGB bytes, without a 32 bpp PIX in
 * between (a 35 MB copy of an A4 page at 300 dpi, and its page faults).
 * Pages are independent, so the work on a bundle runs one thread per core. */
#define G_LOG_DOMAIN "motcua-digitise"

#include "config.h"

#include <string.h>

#include "mc-page-pix.h"

/* Leptonica prints its own messages on stderr (notes on how it rotates,
 * errors ours say better); once for the process, before any work. */
void
mc_pix_quiet (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      setMsgSeverity (L_SEVERITY_NONE);
      g_once_init_leave (&done, 1);
    }
}

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

/* Luminance weights of Leptonica's pixConvertRGBToLuminance (0.3, 0.5,
 * 0.2), in 1/256. */
#define WEIGHT_RED 77
#define WEIGHT_GREEN 128
#define WEIGHT_BLUE 51

/**
 * mc_page_to_grey_pix:
 * @page: a colour or grey page (8 bits per sample)
 *
 * Returns: (transfer full): the page's luminance, 8 bpp
 */
PIX *
mc_page_to_grey_pix (const McScannedPage *page)
{
  const guchar *src = g_bytes_get_data (page->pixels, NULL);
  PIX *pix;
  l_uint32 *data;
  int wpl;

  g_return_val_if_fail (page->depth == 8, NULL);

  if (page->channels == 1)
    return mc_page_to_pix (page);
  pix = pixCreateNoInit (page->width, page->height, 8);
  data = pixGetData (pix);
  wpl = pixGetWpl (pix);
  pixSetResolution (pix, page->resolution, page->resolution);
  for (guint y = 0; y < page->height; y++)
    {
      const guchar *row = src + (gsize) y * page->stride;
      l_uint32 *line = data + (gsize) y * wpl;
      guint x = 0;

      line[wpl - 1] = 0;  /* the padding after the last pixel */
      /* Four pixels make one word, the first in its high byte. */
      for (; x + 4 <= page->width; x += 4, row += 12)
        line[x / 4] = ((l_uint32) ((WEIGHT_RED * row[0] + WEIGHT_GREEN * row[1] + WEIGHT_BLUE * row[2] + 128) >> 8) << 24)
                      | ((l_uint32) ((WEIGHT_RED * row[3] + WEIGHT_GREEN * row[4] + WEIGHT_BLUE * row[5] + 128) >> 8) << 16)
                      | ((l_uint32) ((WEIGHT_RED * row[6] + WEIGHT_GREEN * row[7] + WEIGHT_BLUE * row[8] + 128) >> 8) << 8)
                      | (l_uint32) ((WEIGHT_RED * row[9] + WEIGHT_GREEN * row[10] + WEIGHT_BLUE * row[11] + 128) >> 8);
      for (; x < page->width; x++, row += 3)
        SET_DATA_BYTE (line, x, (WEIGHT_RED * row[0] + WEIGHT_GREEN * row[1] + WEIGHT_BLUE * row[2] + 128) >> 8);
    }
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

/* A page being cleaned holds some 100 MB (an A4 colour page at 300 dpi,
 * its grey, its binary, the page turned): a few at once, not one per core
 * of a big machine. */
#define MAX_WORKERS 4

typedef struct {
  guint           n;
  McPageEachFunc  func;
  gpointer        data;
  gint            next;
} EachJob;

static gpointer
each_worker (gpointer user_data)
{
  EachJob *job = user_data;
  guint index;

  while ((index = (guint) g_atomic_int_add (&job->next, 1)) < job->n)
    job->func (index, job->data);
  return NULL;
}

/**
 * mc_page_each_parallel:
 * @n: how many items
 * @func: the work on one item; it must touch nothing shared unlocked
 * @data: given to @func
 *
 * Calls @func for every index below @n, on one thread per processor (at
 * most four; the calling thread is one of them), and returns when all are
 * done.
 */
void
mc_page_each_parallel (guint           n,
                       McPageEachFunc  func,
                       gpointer        data)
{
  EachJob job = { n, func, data, 0 };
  guint n_workers = CLAMP (g_get_num_processors (), 1, MAX (1, n));
  GThread *threads[MAX_WORKERS];
  guint started = 0;

  n_workers = MIN (n_workers, MAX_WORKERS);
  for (guint i = 1; i < n_workers; i++)
    threads[started++] = g_thread_new ("motcua-pages", each_worker, &job);
  each_worker (&job);
  for (guint i = 0; i < started; i++)
    g_thread_join (threads[i]);
}
