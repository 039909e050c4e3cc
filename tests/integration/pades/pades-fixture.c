/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Makes the fixtures of the PAdES tests and benchmarks at test time, so
 * no binary blob is committed:
 *   seal OUT.png [MM]      a red round office seal with text, with a pHYs
 *                          chunk saying its real diameter (default 36 mm)
 *   signature OUT.png      a blue handwritten-looking stroke, transparent
 *   letter OUT.pdf         an A4 Vietnamese letter drawn with cairo and
 *                          pango (two pages, fonts embedded)
 *   big OUT.pdf MB         a PDF of about MB megabytes (noise images that
 *                          do not compress) */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <glib.h>
#include <pango/pangocairo.h>
#include <zlib.h>

#define SEAL_DPI 300.0

static void
put_be32 (guint8  *p,
          guint32  v)
{
  p[0] = v >> 24;
  p[1] = v >> 16;
  p[2] = v >> 8;
  p[3] = v;
}

/* Writes @png with a pHYs chunk (pixels per metre) after its IHDR. */
static gboolean
write_with_phys (const char *path,
                 GBytes     *png,
                 double      dpi)
{
  const guint8 *d = g_bytes_get_data (png, NULL);
  gsize len = g_bytes_get_size (png);
  guint8 chunk[21];
  guint32 ppm = (guint32) lround (dpi / 0.0254);
  gsize ihdr_end = 8 + 4 + 4 + 13 + 4;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  uLong crc;

  if (len < ihdr_end || memcmp (d + 12, "IHDR", 4) != 0)
    return FALSE;
  put_be32 (chunk, 9);
  memcpy (chunk + 4, "pHYs", 4);
  put_be32 (chunk + 8, ppm);
  put_be32 (chunk + 12, ppm);
  chunk[16] = 1;
  crc = crc32 (0, chunk + 4, 13);
  put_be32 (chunk + 17, (guint32) crc);
  g_byte_array_append (out, d, (guint) ihdr_end);
  g_byte_array_append (out, chunk, sizeof chunk);
  g_byte_array_append (out, d + ihdr_end, (guint) (len - ihdr_end));
  return g_file_set_contents (path, (const char *) out->data, out->len, NULL);
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
text_at (cairo_t    *cr,
         const char *text,
         const char *font,
         double      x,
         double      y,
         double      width,
         PangoAlignment align)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
  pango_layout_set_alignment (layout, align);
  pango_layout_set_text (layout, text, -1);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  pango_font_description_free (desc);
  g_object_unref (layout);
}

/* Text bent along a circle of radius @r, centred at the top. */
static void
ring_text (cairo_t    *cr,
           const char *text,
           double      cx,
           double      cy,
           double      r,
           double      size)
{
  glong n = g_utf8_strlen (text, -1);
  double step = 2 * G_PI * 0.8 / MAX (n, 1);
  const char *p = text;

  for (glong i = 0; i < n; i++, p = g_utf8_next_char (p))
    {
      g_autofree char *ch = g_strndup (p, g_utf8_next_char (p) - p);
      double angle = -G_PI / 2 - step * (n - 1) / 2 + step * i;
      PangoLayout *layout = pango_cairo_create_layout (cr);
      PangoFontDescription *desc = pango_font_description_from_string ("Liberation Serif Bold");
      int w, h;

      pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
      pango_layout_set_font_description (layout, desc);
      pango_layout_set_text (layout, ch, -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      cairo_save (cr);
      cairo_translate (cr, cx + r * cos (angle), cy + r * sin (angle));
      cairo_rotate (cr, angle + G_PI / 2);
      cairo_move_to (cr, -w / 2.0, -h / 2.0);
      pango_cairo_show_layout (cr, layout);
      cairo_restore (cr);
      pango_font_description_free (desc);
      g_object_unref (layout);
    }
}

static int
make_seal (const char *out,
           double      mm)
{
  int px = (int) lround (mm / 25.4 * SEAL_DPI);
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, px, px);
  cairo_t *cr = cairo_create (s);
  g_autoptr(GByteArray) png = g_byte_array_new ();
  g_autoptr(GBytes) bytes = NULL;
  double c = px / 2.0;

  cairo_set_source_rgba (cr, 0.85, 0.05, 0.05, 0.9);
  cairo_set_line_width (cr, px * 0.03);
  cairo_arc (cr, c, c, px * 0.47, 0, 2 * G_PI);
  cairo_stroke (cr);
  cairo_set_line_width (cr, px * 0.012);
  cairo_arc (cr, c, c, px * 0.33, 0, 2 * G_PI);
  cairo_stroke (cr);
  ring_text (cr, "ỦY BAN NHÂN DÂN XÃ TÂN PHÚ", c, c, px * 0.40, px * 0.07);
  /* A star in the middle, as on Vietnamese state seals. */
  cairo_save (cr);
  cairo_translate (cr, c, c);
  cairo_move_to (cr, 0, -px * 0.18);
  for (int i = 1; i < 10; i++)
    {
      double r = i % 2 ? px * 0.07 : px * 0.18;
      double a = -G_PI / 2 + i * G_PI / 5;
      cairo_line_to (cr, r * cos (a), r * sin (a));
    }
  cairo_close_path (cr);
  cairo_fill (cr);
  cairo_restore (cr);
  cairo_destroy (cr);
  cairo_surface_write_to_png_stream (s, append_bytes, png);
  cairo_surface_destroy (s);
  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&png));
  return write_with_phys (out, bytes, SEAL_DPI) ? 0 : 1;
}

static int
make_signature (const char *out)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 600, 240);
  cairo_t *cr = cairo_create (s);
  cairo_status_t status;

  cairo_set_source_rgb (cr, 0.05, 0.15, 0.6);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_width (cr, 7);
  /* A loop, a few waves and a long underline: a signature-like stroke. */
  cairo_move_to (cr, 40, 170);
  cairo_curve_to (cr, 80, 20, 160, 20, 130, 120);
  cairo_curve_to (cr, 110, 190, 60, 150, 150, 110);
  for (int i = 0; i < 5; i++)
    cairo_curve_to (cr, 180 + i * 60, 40, 200 + i * 60, 190, 230 + i * 60, 100);
  cairo_curve_to (cr, 520, 60, 560, 120, 500, 150);
  cairo_stroke (cr);
  cairo_set_line_width (cr, 5);
  cairo_move_to (cr, 60, 200);
  cairo_curve_to (cr, 250, 185, 400, 215, 570, 190);
  cairo_stroke (cr);
  cairo_destroy (cr);
  status = cairo_surface_write_to_png (s, out);
  cairo_surface_destroy (s);
  return status == CAIRO_STATUS_SUCCESS ? 0 : 1;
}

static int
make_letter (const char *out)
{
  cairo_surface_t *s = cairo_pdf_surface_create (out, 595, 842);
  cairo_t *cr = cairo_create (s);
  cairo_status_t status;

  cairo_set_source_rgb (cr, 0, 0, 0);
  text_at (cr, "ỦY BAN NHÂN DÂN\nXÃ TÂN PHÚ", "Liberation Serif Bold 12", 40, 62, 220, PANGO_ALIGN_CENTER);
  text_at (cr, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
           "Liberation Serif Bold 12", 270, 62, 290, PANGO_ALIGN_CENTER);
  text_at (cr, "Số: 12/QĐ-UBND", "Liberation Serif 12", 40, 108, 220, PANGO_ALIGN_CENTER);
  text_at (cr, "QUYẾT ĐỊNH\nVề việc cấp giấy xác nhận cho ông Đặng Văn Hòa",
           "Liberation Serif Bold 14", 60, 150, 475, PANGO_ALIGN_CENTER);
  text_at (cr, "Căn cứ Luật Tổ chức chính quyền địa phương; xét đề nghị của công chức "
           "Văn phòng - Thống kê, Chủ tịch Ủy ban nhân dân xã Tân Phú quyết định cấp giấy "
           "xác nhận theo hồ sơ đã tiếp nhận.", "Liberation Serif 13", 60, 230, 475, PANGO_ALIGN_LEFT);
  text_at (cr, "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH", "Liberation Serif Bold 12", 330, 600, 220,
           PANGO_ALIGN_CENTER);
  text_at (cr, "Lê Quốc Hùng", "Liberation Serif Bold 13", 330, 770, 220, PANGO_ALIGN_CENTER);
  cairo_show_page (cr);
  text_at (cr, "Trang 2: phụ lục kèm theo quyết định.", "Liberation Serif 13", 60, 80, 475, PANGO_ALIGN_LEFT);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (s);
  status = cairo_surface_status (s);
  cairo_surface_destroy (s);
  return status == CAIRO_STATUS_SUCCESS ? 0 : 1;
}

static int
make_big (const char *out,
          double      megabytes)
{
  cairo_surface_t *s = cairo_pdf_surface_create (out, 595, 842);
  cairo_t *cr = cairo_create (s);
  GRand *rand = g_rand_new_with_seed (7);
  /* Each full image is 1024 × 1024 RGB noise: 3 MiB that stay 3 MiB. */
  gint64 left = (gint64) (megabytes * 1024 * 1024);
  cairo_status_t status;

  while (left > 64 * 1024)
    {
      int rows = (int) MIN (1024, left / (1024 * 3) + 1);
      cairo_surface_t *img = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1024, rows);
      guint32 *px = (guint32 *) cairo_image_surface_get_data (img);
      int stride = cairo_image_surface_get_stride (img) / 4;

      for (int y = 0; y < rows; y++)
        for (int x = 0; x < 1024; x++)
          px[y * stride + x] = g_rand_int (rand) & 0xffffff;
      cairo_surface_mark_dirty (img);
      cairo_save (cr);
      cairo_scale (cr, 0.5, 0.5);
      cairo_set_source_surface (cr, img, 40, 40);
      cairo_paint (cr);
      cairo_restore (cr);
      cairo_surface_destroy (img);
      cairo_set_source_rgb (cr, 0, 0, 0);
      text_at (cr, "Trang tài liệu lớn", "Liberation Serif 14", 40, 780, 400, PANGO_ALIGN_LEFT);
      cairo_show_page (cr);
      left -= (gint64) rows * 1024 * 3;
    }
  g_rand_free (rand);
  cairo_destroy (cr);
  cairo_surface_finish (s);
  status = cairo_surface_status (s);
  cairo_surface_destroy (s);
  return status == CAIRO_STATUS_SUCCESS ? 0 : 1;
}

int
main (int   argc,
      char *argv[])
{
  if (argc >= 3 && strcmp (argv[1], "seal") == 0)
    return make_seal (argv[2], argc > 3 ? g_ascii_strtod (argv[3], NULL) : 36);
  if (argc == 3 && strcmp (argv[1], "signature") == 0)
    return make_signature (argv[2]);
  if (argc == 3 && strcmp (argv[1], "letter") == 0)
    return make_letter (argv[2]);
  if (argc == 4 && strcmp (argv[1], "big") == 0)
    return make_big (argv[2], g_ascii_strtod (argv[3], NULL));
  fprintf (stderr, "usage: %s seal|signature|letter|big OUT [ARG]\n", argv[0]);
  return 2;
}
