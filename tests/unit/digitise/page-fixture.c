/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Draws the test pages with cairo and pango, then lets Leptonica write
 * them, so a bilevel page is a real 1-bit PNG as a scanner would give. */
#include "config.h"

#include <math.h>
#include <cairo.h>
#include <leptonica/allheaders.h>
#include <pango/pangocairo.h>

#include "page-fixture.h"

const char *const page_fixture_words[] = {
  "Cộng", "hòa", "xã", "hội", "chủ", "nghĩa", "Việt", "Nam",
  "Độc", "lập", "Tự", "do", "Hạnh", "phúc", "giấy", "khai", "sinh", NULL
};

const char page_fixture_text[] =
  "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
  "Độc lập - Tự do - Hạnh phúc\n\n"
  "TỜ KHAI ĐĂNG KÝ KHAI SINH\n\n"
  "Kính gửi: Ủy ban nhân dân xã Phú Mỹ\n"
  "Họ, chữ đệm, tên người yêu cầu: Nguyễn Thị Hương\n"
  "Nơi cư trú: thôn Đông Hòa, xã Phú Mỹ, tỉnh Đắk Lắk\n"
  "Quan hệ với người được đăng ký khai sinh: mẹ\n"
  "Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:\n"
  "Họ, chữ đệm, tên: Trần Minh Khôi\n"
  "Ngày, tháng, năm sinh: 12 tháng 3 năm 2025\n"
  "Cộng hòa xã hội chủ nghĩa Việt Nam giấy khai sinh\n";

void
page_fixture_write (const char *path,
                    PageKind    kind,
                    int         dpi,
                    double      skew_degrees,
                    gboolean    seal,
                    gboolean    blank)
{
  PIX *out = page_fixture_render (kind, dpi, skew_degrees, seal, blank);

  g_assert_cmpint (pixWrite (path, out, IFF_PNG), ==, 0);
  pixDestroy (&out);
}

PIX *
page_fixture_render (PageKind    kind,
                     int         dpi,
                     double      skew_degrees,
                     gboolean    seal,
                     gboolean    blank)
{
  int width = (int) lround (8.27 * dpi);
  int height = (int) lround (11.69 * dpi);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create (surface);
  PIX *pix = pixCreate (width, height, 32);
  PIX *out;
  guchar *data;
  int stride;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  if (!blank)
    {
      PangoLayout *layout = pango_cairo_create_layout (cr);
      PangoFontDescription *font = pango_font_description_from_string ("DejaVu Serif");

      pango_font_description_set_absolute_size (font, 12.0 / 72.0 * dpi * PANGO_SCALE);
      pango_layout_set_font_description (layout, font);
      pango_layout_set_text (layout, page_fixture_text, -1);
      cairo_save (cr);
      cairo_translate (cr, width / 2.0, height / 2.0);
      cairo_rotate (cr, skew_degrees * G_PI / 180.0);
      cairo_translate (cr, -width / 2.0, -height / 2.0);
      cairo_move_to (cr, 0.1 * width, 0.1 * height);
      cairo_set_source_rgb (cr, 0, 0, 0);
      pango_cairo_show_layout (cr, layout);
      cairo_restore (cr);
      pango_font_description_free (font);
      g_object_unref (layout);

      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_rectangle (cr, BOX_X0 * width, BOX_Y0 * height, (BOX_X1 - BOX_X0) * width, (BOX_Y1 - BOX_Y0) * height);
      cairo_fill (cr);
      if (seal)
        {
          cairo_set_source_rgb (cr, 0.85, 0.05, 0.05);
          cairo_arc (cr, SEAL_X * width, SEAL_Y * height, 0.08 * width, 0, 2 * G_PI);
          cairo_fill (cr);
        }
    }
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < height; y++)
    {
      const guint32 *row = (const guint32 *) (data + (gsize) y * stride);

      for (int x = 0; x < width; x++)
        pixSetRGBPixel (pix, x, y, (row[x] >> 16) & 0xff, (row[x] >> 8) & 0xff, row[x] & 0xff);
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  if (kind == PAGE_GRAY)
    out = pixConvertRGBToLuminance (pix);
  else if (kind == PAGE_BILEVEL)
    {
      PIX *grey = pixConvertRGBToLuminance (pix);

      out = pixThresholdToBinary (grey, 160);
      pixDestroy (&grey);
    }
  else
    out = pixClone (pix);
  pixSetResolution (out, dpi, dpi);
  pixDestroy (&pix);
  return out;
}
