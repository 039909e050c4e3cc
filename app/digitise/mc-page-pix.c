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
#ifdef __SSE2__
#include <emmintrin.h>
#endif

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
  PIX *pix = pixCreateNoInit (page->width, page->height, bpp);
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
        {
          /* The row's bytes in order are a big-endian word stream: each
           * word read as such, in the one pass that copies it. */
          gsize bytes = MIN ((gsize) page->stride, (gsize) wpl * 4);
          gsize k = 0;

          for (; (k + 1) * 4 <= bytes; k++)
            {
              guint32 word;

              memcpy (&word, row + k * 4, 4);
              line[k] = GUINT32_FROM_BE (word);
            }
          for (; k < (gsize) wpl; k++)
            {
              l_uint32 word = 0;

              for (gsize b = 0; b < 4; b++)
                word = (word << 8) | (k * 4 + b < bytes ? row[k * 4 + b] : 0);
              line[k] = word;
            }
        }
    }
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

/* Leptonica's background normalisation (pixBackgroundNormSimple()) in
 * two halves. Its map of how bright the paper is, one value per tile of
 * 10 x 15 pixels, is made with the same settings and the same values
 * (background_map()); but the page is never normalised as a whole when
 * only its binary is wanted (a text page, a colour page). A pixel of the normalised page is its grey
 * times its tile's factor / 256, so "normalised below the threshold" is
 * "grey below the threshold * 256 / factor": one limit per tile, checked
 * while the binary is written. The results are Leptonica's, bit for bit,
 * without a second grey page (9 MB at A4 300 dpi) and two passes over it. */
#define TILE_WIDTH 10
#define TILE_HEIGHT 15

/* The grey of one row as bits, set where the grey is at most its pixel's
 * ceiling. Leptonica keeps the four pixels of a word in reverse byte
 * order, so @ceilings is in the same order as the grey's bytes (pixel x's
 * at x ^ 3), and 32 pixels are compared at once: their mask, one bit per
 * byte, is turned into Leptonica's bit order (the first pixel in the high
 * bit) by reversing the order of its nibbles. */
static void
threshold_line (const l_uint32 *gline,
                const guint8   *ceilings,
                int             w,
                l_uint32       *bline)
{
  const guint8 *bytes = (const guint8 *) gline;
  int x = 0, k = 0;

#ifdef __SSE2__
  for (; x + 32 <= w; x += 32, k++)
    {
      __m128i g0 = _mm_loadu_si128 ((const __m128i *) (bytes + x));
      __m128i g1 = _mm_loadu_si128 ((const __m128i *) (bytes + x + 16));
      __m128i c0 = _mm_loadu_si128 ((const __m128i *) (ceilings + x));
      __m128i c1 = _mm_loadu_si128 ((const __m128i *) (ceilings + x + 16));
      guint32 mask = (guint32) _mm_movemask_epi8 (_mm_cmpeq_epi8 (_mm_min_epu8 (g0, c0), g0))
                     | ((guint32) _mm_movemask_epi8 (_mm_cmpeq_epi8 (_mm_min_epu8 (g1, c1), g1)) << 16);

      mask = GUINT32_SWAP_LE_BE (mask);
      bline[k] = ((mask & 0x0F0F0F0Fu) << 4) | ((mask >> 4) & 0x0F0F0F0Fu);
    }
#endif
  for (; x < w; x += 32, k++)
    {
      l_uint32 bits = 0;
      int n = MIN (32, w - x);

      for (int b = 0; b < n; b++)
        bits = (bits << 1) | (GET_DATA_BYTE (gline, x + b) <= ceilings[(x + b) ^ 3]);
      bline[k] = n == 32 ? bits : bits << (32 - n);
    }
}

/* Room for a row's ceilings, in byte order, whole words of pixels. */
#define CEILINGS_SIZE(w) ((gsize) ((w) + 3) / 4 * 4)

/* The settings of pixBackgroundNormSimple(). */
#define FG_THRESHOLD 60
#define MIN_COUNT 40
#define BG_VALUE 200
#define DILATION 3  /* d7.1 + d1.7: three pixels each way */

/* pixGetBackgroundGrayMap (grey, NULL, 10, 15, 60, 40), the same values
 * made faster: each whole tile's mean grey over its pixels farther than
 * three pixels (in a 7 x 7 square) from any pixel darker than 60, when at
 * least 40 are, holes filled from the neighbours. The dark pixels and
 * their neighbourhood are kept as bits, 32 to a word, and the ten pixels
 * of a tile's row are added at once when none of them is near type (most
 * of a page), skipped when all are. Leptonica dilates with rasterops and
 * tests every pixel's bit in turn. */
static PIX *
background_map (PIX *grey)
{
  int w = pixGetWidth (grey), h = pixGetHeight (grey), gwpl = pixGetWpl (grey);
  int nx = w / TILE_WIDTH, ny = h / TILE_HEIGHT;
  int mwpl = (w + 31) / 32;
  const l_uint32 *gdata = pixGetData (grey);
  g_autofree l_uint32 *near = g_new (l_uint32, (gsize) mwpl * MAX (h, 1));
  g_autofree l_uint32 *dark = g_new (l_uint32, mwpl + 2);
  g_autofree l_uint32 *around = g_new (l_uint32, mwpl + 1);
  g_autofree guint8 *ceilings = g_malloc (CEILINGS_SIZE (w) + 4);
  g_autofree guint32 *sums = g_new (guint32, MAX (nx, 1));
  g_autofree guint32 *counts = g_new (guint32, MAX (nx, 1));
  PIX *map = pixCreate ((w + TILE_WIDTH - 1) / TILE_WIDTH, (h + TILE_HEIGHT - 1) / TILE_HEIGHT, 8);
  l_uint32 *mdata = pixGetData (map);
  int mapwpl = pixGetWpl (map);

  /* The dark pixels of each row, spread three pixels left and right. */
  memset (ceilings, FG_THRESHOLD - 1, CEILINGS_SIZE (w) + 4);
  for (int y = 0; y < h; y++)
    {
      l_uint32 *line = near + (gsize) y * mwpl;

      /* dark[0] and dark[mwpl + 1] stay empty: outside the page. */
      dark[0] = dark[mwpl + 1] = 0;
      threshold_line (gdata + (gsize) y * gwpl, ceilings, w, dark + 1);
      for (int k = 1; k <= mwpl; k++)
        {
          l_uint32 word = dark[k];

          for (int s = 1; s <= DILATION; s++)
            word |= (dark[k] >> s) | (dark[k - 1] << (32 - s)) | (dark[k] << s) | (dark[k + 1] >> (32 - s));
          line[k - 1] = word;
        }
    }

  for (int i = 0; i < ny; i++)
    {
      l_uint32 *mline = mdata + (gsize) i * mapwpl;

      memset (sums, 0, sizeof *sums * nx);
      memset (counts, 0, sizeof *counts * nx);
      for (int k = 0; k < TILE_HEIGHT; k++)
        {
          int y = i * TILE_HEIGHT + k;
          const l_uint32 *gline = gdata + (gsize) y * gwpl;

          /* ... and three rows up and down. */
          memcpy (around, near + (gsize) y * mwpl, sizeof *around * mwpl);
          for (int dy = -DILATION; dy <= DILATION; dy++)
            if (dy != 0 && y + dy >= 0 && y + dy < h)
              for (int q = 0; q < mwpl; q++)
                around[q] |= near[(gsize) (y + dy) * mwpl + q];
          around[mwpl] = 0;
          for (int j = 0; j < nx; j++)
            {
              int x0 = j * TILE_WIDTH, q = x0 / 32, off = x0 % 32;
              guint64 pair = ((guint64) around[q] << 32) | around[q + 1];
              guint bits = (guint) (pair >> (64 - off - TILE_WIDTH)) & ((1u << TILE_WIDTH) - 1);

              if (bits == 0)
                {
                  guint sum = 0;

                  for (int m = 0; m < TILE_WIDTH; m++)
                    sum += GET_DATA_BYTE (gline, x0 + m);
                  sums[j] += sum;
                  counts[j] += TILE_WIDTH;
                }
              else if (bits != (1u << TILE_WIDTH) - 1)
                for (int m = 0; m < TILE_WIDTH; m++)
                  if ((bits & (1u << (TILE_WIDTH - 1 - m))) == 0)
                    {
                      sums[j] += GET_DATA_BYTE (gline, x0 + m);
                      counts[j]++;
                    }
            }
        }
      for (int j = 0; j < nx; j++)
        if (counts[j] >= MIN_COUNT)
          SET_DATA_BYTE (mline, j, sums[j] / counts[j]);
    }
  if (pixFillMapHoles (map, nx, ny, L_FILL_BLACK) != 0)
    pixDestroy (&map);
  return map;
}

/**
 * mc_pix_background_inverse:
 * @grey: a grey page, 8 bpp
 *
 * Returns: (transfer full): the 16 bpp factor of each tile, as
 *   pixBackgroundNormSimple() makes it; all 256 (no change) when the map
 *   cannot be made, where Leptonica keeps the page as it is
 */
PIX *
mc_pix_background_inverse (PIX *grey)
{
  g_autoptr(PIX) map = background_map (grey);
  PIX *inverse = NULL;
  int w = pixGetWidth (grey), h = pixGetHeight (grey);

  if (map != NULL)
    inverse = pixGetInvBackgroundMap (map, BG_VALUE, 2, 1);
  if (inverse == NULL)
    {
      inverse = pixCreate ((w + TILE_WIDTH - 1) / TILE_WIDTH, (h + TILE_HEIGHT - 1) / TILE_HEIGHT, 16);
      pixSetAllArbitrary (inverse, 256);
    }
  return inverse;
}

/* The factors of one row of tiles, one per pixel of a page @w wide. */
static void
tile_factors (PIX     *inverse,
              int      tile_row,
              int      w,
              guint16 *factors)
{
  const l_uint32 *line = pixGetData (inverse) + (gsize) tile_row * pixGetWpl (inverse);

  for (int x = 0; x < w; x++)
    factors[x] = GET_DATA_TWO_BYTES (line, x / TILE_WIDTH);
}

/**
 * mc_pix_threshold_normalised:
 * @grey: a grey page, 8 bpp
 * @inverse: its tile factors, from mc_pix_background_inverse()
 * @threshold: the normalised grey below which a pixel is black
 *
 * Returns: (transfer full): what pixThresholdToBinary() makes of the
 *   normalised page, 1 bpp
 */
PIX *
mc_pix_threshold_normalised (PIX *grey,
                             PIX *inverse,
                             int  threshold)
{
  int w = pixGetWidth (grey), h = pixGetHeight (grey);
  PIX *binary = pixCreateNoInit (w, h, 1);
  const l_uint32 *gdata = pixGetData (grey);
  l_uint32 *bdata = pixGetData (binary);
  int gwpl = pixGetWpl (grey), bwpl = pixGetWpl (binary);
  g_autofree guint16 *factors = g_new (guint16, w);
  g_autofree guint8 *ceilings = g_malloc0 (CEILINGS_SIZE (w));

  g_return_val_if_fail (threshold > 0, NULL);

  pixCopyResolution (binary, grey);
  for (int y = 0; y < h; y++)
    {
      const l_uint32 *gline = gdata + (gsize) y * gwpl;
      l_uint32 *bline = bdata + (gsize) y * bwpl;

      if (y % TILE_HEIGHT == 0)
        {
          tile_factors (inverse, y / TILE_HEIGHT, w, factors);
          /* grey * factor / 256 < threshold, as integers: grey below
           * threshold * 256 / factor rounded up, so at most one less
           * (and any grey when that is 255 or more). */
          for (int i = 0; i < w; i++)
            {
              guint limit = ((guint) threshold * 256 + factors[i] - 1) / MAX (factors[i], 1);

              ceilings[i ^ 3] = (guint8) MIN (MAX (limit, 1) - 1, 255);
            }
        }
      threshold_line (gline, ceilings, w, bline);
    }
  return binary;
}

/**
 * mc_pix_midtone_fraction:
 * @grey: a grey page, 8 bpp
 * @inverse: its tile factors, from mc_pix_background_inverse()
 * @box: (nullable): the part of the page to measure
 *
 * Returns: the share of pixels of the normalised page (every other pixel
 *   of every other row, as pixGetGrayHistogram() with factor 2 samples
 *   them) between 64 and 191
 */
double
mc_pix_midtone_fraction (PIX *grey,
                         PIX *inverse,
                         BOX *box)
{
  int w = pixGetWidth (grey), h = pixGetHeight (grey);
  int bx = 0, by = 0, bw = w, bh = h;
  const l_uint32 *gdata = pixGetData (grey);
  int gwpl = pixGetWpl (grey);
  g_autofree guint16 *factors = g_new (guint16, w);
  guint64 total = 0, mid = 0;
  int tile_row = -1;

  if (box != NULL)
    {
      boxGetGeometry (box, &bx, &by, &bw, &bh);
      bw = MIN (bw, w - bx);
      bh = MIN (bh, h - by);
    }
  for (int y = by; y < by + bh; y += 2)
    {
      const l_uint32 *gline = gdata + (gsize) y * gwpl;

      if (y / TILE_HEIGHT != tile_row)
        {
          tile_row = y / TILE_HEIGHT;
          tile_factors (inverse, tile_row, w, factors);
        }
      for (int x = bx; x < bx + bw; x += 2)
        {
          guint v = MIN (255, GET_DATA_BYTE (gline, x) * (guint) factors[x] / 256);

          mid += v >= 64 && v < 192;
          total++;
        }
    }
  return total > 0 ? (double) mid / total : 0;
}

/**
 * mc_pix_apply_background:
 * @grey: a grey page, 8 bpp
 * @inverse: its tile factors, from mc_pix_background_inverse()
 *
 * Returns: (transfer full): the normalised page, as
 *   pixBackgroundNormSimple() makes it
 */
PIX *
mc_pix_apply_background (PIX *grey,
                         PIX *inverse)
{
  PIX *normal = pixApplyInvBackgroundGrayMap (grey, inverse, TILE_WIDTH, TILE_HEIGHT);

  if (normal != NULL)
    pixCopyResolution (normal, grey);
  return normal;
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
