/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A believable one-page draft result for the demo: the administrative
 * header of Decree 30/2020 (issuing body on the left, national motto on
 * the right), the title, a body naming the procedure, and the signing block
 * at the bottom right left blank for the leader's visible signature. Drawn
 * with cairo and pango, fonts embedded, so the leader of the demo has real
 * PDFs to sign with the demo token. */
#define G_LOG_DOMAIN "motcua-demo"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "mc-demo-draft.h"
#include "mc-store.h"

#define PAGE_WIDTH 595.0
#define PAGE_HEIGHT 842.0
#define MARGIN 56.0

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Draws @markup in a box of @width at (@x, @y); returns its height. */
static double
text (cairo_t     *cr,
      const char  *markup,
      const char  *font,
      double       x,
      double       y,
      double       width,
      PangoAlignment align)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  PangoFontDescription *description = pango_font_description_from_string (font);
  int w, h;

  pango_layout_set_font_description (layout, description);
  pango_font_description_free (description);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
  pango_layout_set_alignment (layout, align);
  pango_layout_set_markup (layout, markup, -1);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_size (layout, &w, &h);

  return (double) h / PANGO_SCALE;
}

/**
 * mc_demo_draft_pdf:
 * @office: the issuing office, e.g. "Ủy ban nhân dân xã Tân Phú"
 * @parent: the body above it
 * @procedure: the procedure's name
 * @signer_title: the leader's title, e.g. "Phó Chủ tịch"
 * @error: where to put a failure
 *
 * Returns: (transfer full): the PDF file's bytes
 */
GBytes *
mc_demo_draft_pdf (const char  *office,
                   const char  *parent,
                   const char  *procedure,
                   const char  *signer_title,
                   GError     **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  g_autofree char *left = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autofree char *sign = NULL;
  g_autofree char *office_upper = g_utf8_strup (office, -1);
  g_autofree char *parent_upper = g_utf8_strup (parent, -1);
  g_autofree char *signer_upper = g_utf8_strup (signer_title, -1);
  double half = (PAGE_WIDTH - 2 * MARGIN) / 2;
  double y = MARGIN;

  surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, procedure);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 0, 0, 0);

  left = g_markup_printf_escaped ("%s\n<b>%s</b>\n\nSố:       /QĐ-UBND", parent_upper, office_upper);
  /* The motto is the longest line: its column is the wider one. */
  text (cr, left, "Liberation Serif 10", MARGIN - 16, y, half - 8, PANGO_ALIGN_CENTER);
  text (cr, "<b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b>\n<b>Độc lập - Tự do - Hạnh phúc</b>",
        "Liberation Serif 10", MARGIN + half - 24, y, half + 40, PANGO_ALIGN_CENTER);
  y += 110;

  title = g_markup_printf_escaped ("<b>QUYẾT ĐỊNH</b>\n<b>Về việc giải quyết thủ tục %s</b>", procedure);
  y += text (cr, title, "Liberation Serif 14", MARGIN, y, PAGE_WIDTH - 2 * MARGIN, PANGO_ALIGN_CENTER) + 24;

  body = g_markup_printf_escaped (
    "Căn cứ Luật Tổ chức chính quyền địa phương;\n"
    "Căn cứ hồ sơ đề nghị và ý kiến thẩm định của công chức chuyên môn;\n"
    "Xét đề nghị của bộ phận chuyên môn,\n\n"
    "<b>QUYẾT ĐỊNH:</b>\n\n"
    "Điều 1. Giải quyết thủ tục hành chính “%s” theo hồ sơ đã tiếp nhận tại Bộ phận Một cửa.\n\n"
    "Điều 2. Quyết định có hiệu lực kể từ ngày ký. Bộ phận Một cửa trả kết quả cho người yêu cầu "
    "theo giấy tiếp nhận hồ sơ và hẹn trả kết quả.",
    procedure);
  y += text (cr, body, "Liberation Serif 12", MARGIN, y, PAGE_WIDTH - 2 * MARGIN, PANGO_ALIGN_LEFT) + 36;

  sign = g_markup_printf_escaped ("<b>TM. %s</b>\n<b>%s</b>", office_upper, signer_upper);
  text (cr, sign, "Liberation Serif 12", MARGIN + half - 50, y, half + 50, PANGO_ALIGN_CENTER);

  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_FAILED,
                   _("The demo result document could not be drawn: %s"), cairo_status_to_string (status));
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}
