/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Makes the QR images the citizen tests read: the code itself from
 * libqrencode, then the kinds of picture a desk gets (a scan, a tilted
 * photo, a noisy dim photo saved as JPEG, a screenshot with transparency). */
#include "config.h"

#include <glib/gstdio.h>
#include <qrencode.h>

#include "qr-fixture.h"

void
fixture_pix_free (PIX *pix)
{
  pixDestroy (&pix);
}

/* 8-bit grey, black modules on white, with the 4-module quiet zone. */
PIX *
fixture_qr_pix (const char *data,
                gsize       length,
                int         module_px)
{
  QRcode *code = QRcode_encodeData ((int) length, (const unsigned char *) data, 0, QR_ECLEVEL_M);
  PIX *pix;
  int size;

  g_assert_nonnull (code);
  size = (code->width + 8) * module_px;
  pix = pixCreate (size, size, 8);
  pixSetAll (pix);

  for (int y = 0; y < code->width; y++)
    for (int x = 0; x < code->width; x++)
      if (code->data[y * code->width + x] & 1)
        for (int dy = 0; dy < module_px; dy++)
          for (int dx = 0; dx < module_px; dx++)
            pixSetPixel (pix, (x + 4) * module_px + dx, (y + 4) * module_px + dy, 0);

  QRcode_free (code);
  return pix;
}

PIX *
fixture_rotated_scaled (PIX   *pix,
                        float  degrees,
                        float  scale)
{
  g_autoptr(PIX) scaled = pixScale (pix, scale, scale);

  /* Giving the size makes Leptonica enlarge the canvas so no corner is cut. */
  return pixRotate (scaled, degrees * 3.14159265f / 180.0f, L_ROTATE_AREA_MAP, L_BRING_IN_WHITE,
                    pixGetWidth (scaled), pixGetHeight (scaled));
}

/* A dim, uneven, grainy, slightly blurred and tilted photo. */
PIX *
fixture_photo_like (PIX *pix)
{
  g_autoptr(PIX) tilted = fixture_rotated_scaled (pix, 7.0f, 1.7f);
  g_autoptr(PIX) blurred = pixBlockconv (tilted, 1, 1);
  g_autoptr(PIX) noisy = NULL;
  int w = pixGetWidth (blurred);
  int h = pixGetHeight (blurred);
  GRand *rand = g_rand_new_with_seed (20250701);

  /* Ink at 60, paper from 150 (left) to 215 (right): a lamp on one side. */
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        l_uint32 v;
        int paper = 150 + 65 * x / w;

        pixGetPixel (blurred, x, y, &v);
        pixSetPixel (blurred, x, y, (l_uint32) (60 + (paper - 60) * (int) v / 255));
      }

  noisy = pixAddGaussianNoise (blurred, 18.0f);
  /* Some salt and pepper too. */
  for (int i = 0; i < w * h / 200; i++)
    pixSetPixel (noisy, g_rand_int_range (rand, 0, w), g_rand_int_range (rand, 0, h),
                 g_rand_boolean (rand) ? 255 : 0);

  g_rand_free (rand);
  return g_steal_pointer (&noisy);
}

/* RGBA: opaque black modules on a fully transparent (and black) ground, as
 * some screenshot tools save it. */
PIX *
fixture_transparent (PIX *pix)
{
  int w = pixGetWidth (pix);
  int h = pixGetHeight (pix);
  PIX *rgba = pixCreate (w, h, 32);

  pixSetSpp (rgba, 4);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        l_uint32 v, out;

        pixGetPixel (pix, x, y, &v);
        composeRGBAPixel (0, 0, 0, v == 0 ? 255 : 0, &out);
        pixSetPixel (rgba, x, y, out);
      }

  return rgba;
}

PIX *
fixture_side_by_side (PIX *left,
                      PIX *right)
{
  int w = pixGetWidth (left) + pixGetWidth (right);
  int h = MAX (pixGetHeight (left), pixGetHeight (right));
  PIX *both = pixCreate (w, h, 8);

  pixSetAll (both);
  pixRasterop (both, 0, 0, pixGetWidth (left), pixGetHeight (left), PIX_SRC, left, 0, 0);
  pixRasterop (both, pixGetWidth (left), 0, pixGetWidth (right), pixGetHeight (right), PIX_SRC, right, 0, 0);

  return both;
}

void
fixture_write (PIX        *pix,
               const char *path,
               int         format)
{
  if (format == IFF_JFIF_JPEG)
    g_assert_cmpint (pixWriteJpeg (path, pix, 45, 0), ==, 0);
  else
    g_assert_cmpint (pixWrite (path, pix, format), ==, 0);
}

char *
fixture_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("motcua-citizen-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
fixture_rmdir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (dir);
}
