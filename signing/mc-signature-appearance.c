/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The visible signatures of Decree 30/2020/NĐ-CP, Appendix I, drawn with
 * cairo and pango into a one-page PDF the size of the widget (fonts
 * embedded, Vietnamese shaped by HarfBuzz), which the PDF writer copies
 * into the signed file as the widget's appearance. The layouts: the
 * leader's (handwritten signature image above "Ký bởi", organisation and
 * time), the organisation's (the red seal at its real size over the left
 * third of the leader's signature, with the organisation and an ISO 8601
 * time in Vietnam's zone), and the one for attachments (top right of page
 * 1, text only, 10 pt upright serif, blue). The words printed into the
 * document are Vietnamese whatever the language of the program: they are
 * part of the signed document, as the decree prescribes, not of the user
 * interface, so they are not marked for translation. */
#define G_LOG_DOMAIN "motcua-signing"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>

#include "mc-signature-appearance-private.h"

/* Printed into documents (see above). */
#define LABEL_SIGNED_BY "Ký bởi: "
#define LABEL_TIME      "Thời gian ký: "

#define FONT_FAMILY     "Liberation Serif"
#define DEFAULT_DPI     300.0
#define MAX_SEAL_PT     200.0   /* about 70 mm: no office seal is larger */
#define PAGE_MARGIN     28.0    /* about 1 cm */

/* The leader's default place: bottom right, where Vietnamese
 * administrative documents put the signature block. */
#define LEADER_WIDTH    200.0
#define LEADER_HEIGHT   110.0
#define LEADER_BOTTOM   90.0
/* Part of the leader's box the handwritten signature takes. */
#define LEADER_IMAGE_SHARE 0.6

typedef struct
{
  double x, y, w, h;
} Box;

GTimeZone *
mc_signature_appearance_time_zone (void)
{
  /* Indochina Time, no daylight saving: a fixed offset needs no tzdata. */
  return g_time_zone_new_offset (7 * 3600);
}

/**
 * mc_signature_seal_place:
 * @leader_rect: (array fixed-size=4): the leader's signature, x, y, width
 *   and height in points from the top left of the page as seen
 * @seal_width: the seal's width in points
 * @seal_height: the seal's height in points
 * @seal_rect: (out) (array fixed-size=4): where the organisation layout
 *   draws the seal when a request's rect is @leader_rect
 *
 * Decree 30/2020: the seal's right edge a third into the leader's box,
 * its middle level with the handwritten signature. For previews, so that
 * they show the seal where it will be drawn.
 */
void
mc_signature_seal_place (const double leader_rect[4],
                         double       seal_width,
                         double       seal_height,
                         double       seal_rect[4])
{
  g_return_if_fail (leader_rect != NULL && seal_rect != NULL);

  seal_rect[0] = leader_rect[0] + leader_rect[2] / 3 - seal_width;
  seal_rect[1] = leader_rect[1] + leader_rect[3] * LEADER_IMAGE_SHARE / 2 - seal_height / 2;
  seal_rect[2] = seal_width;
  seal_rect[3] = seal_height;
}

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

gboolean
mc_signature_png_size (const char *path,
                       int         pixel_width,
                       int         pixel_height,
                       double     *width_pt,
                       double     *height_pt)
{
  static const guint8 magic[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = g_file_read (file, NULL, NULL);
  guint8 head[8];
  double ppm_x = DEFAULT_DPI / 0.0254, ppm_y = DEFAULT_DPI / 0.0254;
  gsize n;

  if (in == NULL || !g_input_stream_read_all (G_INPUT_STREAM (in), head, 8, &n, NULL, NULL)
      || n != 8 || memcmp (head, magic, 8) != 0)
    return FALSE;
  /* Chunks until the image data: only pHYs matters here. */
  for (guint i = 0; i < 64; i++)
    {
      guint8 chunk[8], data[9];
      guint32 len;

      if (!g_input_stream_read_all (G_INPUT_STREAM (in), chunk, 8, &n, NULL, NULL) || n != 8)
        break;
      len = read_be32 (chunk);
      if (memcmp (chunk + 4, "IDAT", 4) == 0 || memcmp (chunk + 4, "IEND", 4) == 0)
        break;
      if (memcmp (chunk + 4, "pHYs", 4) == 0 && len == 9)
        {
          guint32 px, py;

          if (!g_input_stream_read_all (G_INPUT_STREAM (in), data, 9, &n, NULL, NULL) || n != 9)
            break;
          px = read_be32 (data);
          py = read_be32 (data + 4);
          /* Unit 1 is the metre; unit 0 only gives the aspect ratio. */
          if (data[8] == 1 && px > 0 && py > 0)
            {
              ppm_x = px;
              ppm_y = py;
            }
          break;
        }
      if (g_input_stream_skip (G_INPUT_STREAM (in), (gsize) len + 4, NULL, NULL) != (gssize) len + 4)
        break;
    }
  *width_pt = pixel_width / ppm_x / 0.0254 * 72.0;
  *height_pt = pixel_height / ppm_y / 0.0254 * 72.0;
  return TRUE;
}

static cairo_surface_t *
load_png (const char  *path,
          gboolean     seal,
          GError     **error)
{
  cairo_surface_t *image = cairo_image_surface_create_from_png (path);
  cairo_status_t status = cairo_surface_status (image);

  if (status == CAIRO_STATUS_SUCCESS)
    return image;
  cairo_surface_destroy (image);
  if (status == CAIRO_STATUS_FILE_NOT_FOUND || status == CAIRO_STATUS_READ_ERROR)
    g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_INVALID_ARGUMENT,
                 seal ? _("The seal image “%s” cannot be read. Check that the file exists.")
                      : _("The signature image “%s” cannot be read. Check that the file exists."),
                 path);
  else
    g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_INVALID_ARGUMENT,
                 seal ? _("The seal image “%s” is not a PNG image. Save it as PNG with a "
                          "transparent background.")
                      : _("The signature image “%s” is not a PNG image. Save it as PNG with a "
                          "transparent background."),
                 path);
  return NULL;
}

static void
view_size (McPdfPage *page,
           double    *w,
           double    *h)
{
  double cw = page->crop_box[2] - page->crop_box[0];
  double ch = page->crop_box[3] - page->crop_box[1];

  if (page->rotate == 90 || page->rotate == 270)
    {
      *w = ch;
      *h = cw;
    }
  else
    {
      *w = cw;
      *h = ch;
    }
}

static gboolean
rect_given (const double rect[4])
{
  return rect[0] != 0 || rect[1] != 0 || rect[2] != 0 || rect[3] != 0;
}

static gboolean
check_box (const Box  *box,
           double      vw,
           double      vh,
           guint       page_index,
           GError    **error)
{
  if (!(box->w >= 10 && box->h >= 5))
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_INVALID_ARGUMENT,
                   _("The signature box is too small (at least 10 × 5 points). Draw a larger box."));
      return FALSE;
    }
  /* A little slack: people drag boxes to the very edge. */
  if (box->x < -1 || box->y < -1 || box->x + box->w > vw + 1 || box->y + box->h > vh + 1)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_INVALID_ARGUMENT,
                   _("The signature box does not fit on page %u (%.0f × %.0f points). "
                     "Place it inside the page."), page_index + 1, vw, vh);
      return FALSE;
    }
  return TRUE;
}

/* Moves @box inside the page, as far as it fits. */
static void
clamp_box (Box    *box,
           double  vw,
           double  vh)
{
  box->x = MIN (box->x, vw - box->w);
  box->y = MIN (box->y, vh - box->h);
  box->x = MAX (box->x, 0);
  box->y = MAX (box->y, 0);
}

static Box
leader_box (const McSignRequest *request,
            double               vw,
            double               vh)
{
  Box box;

  if (rect_given (request->rect))
    {
      box.x = request->rect[0];
      box.y = request->rect[1];
      box.w = request->rect[2];
      box.h = request->rect[3];
    }
  else
    {
      box.w = MIN (LEADER_WIDTH, vw - 2 * PAGE_MARGIN);
      box.h = MIN (LEADER_HEIGHT, vh / 4);
      box.x = vw - box.w - 2 * PAGE_MARGIN;
      box.y = vh - box.h - LEADER_BOTTOM;
      clamp_box (&box, vw, vh);
    }
  return box;
}

/* ---- text ---- */

static PangoLayout *
make_layout (cairo_t    *cr,
             const char *text,
             double      size,
             double      width,
             gboolean    wrap,
             PangoAlignment align)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (FONT_FAMILY);

  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  pango_layout_set_font_description (layout, desc);
  if (wrap)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_alignment (layout, align);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static void
layout_extent (PangoLayout *layout,
               double      *w,
               double      *h)
{
  int pw, ph;

  pango_layout_get_size (layout, &pw, &ph);
  *w = (double) pw / PANGO_SCALE;
  *h = (double) ph / PANGO_SCALE;
}

/* The largest size from @start down to 5 pt at which @text, wrapped to
 * @width, is at most @max_height high. */
static PangoLayout *
fit_text (cairo_t        *cr,
          const char     *text,
          double          start,
          double          width,
          double          max_height,
          PangoAlignment  align)
{
  for (double size = start;; size -= 0.5)
    {
      PangoLayout *layout = make_layout (cr, text, size, width, TRUE, align);
      double w, h;

      layout_extent (layout, &w, &h);
      if (h <= max_height || size <= 5)
        return layout;
      g_object_unref (layout);
    }
}

static void
show_layout (cairo_t     *cr,
             PangoLayout *layout,
             double       x,
             double       y)
{
  /* Layouts may have been measured on another context. */
  pango_cairo_update_layout (cr, layout);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
paint_image (cairo_t         *cr,
             cairo_surface_t *image,
             double           x,
             double           y,
             double           w,
             double           h)
{
  double iw = cairo_image_surface_get_width (image);
  double ih = cairo_image_surface_get_height (image);

  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, w / iw, h / ih);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  cairo_restore (cr);
}

/* ---- the drawings ---- */

typedef struct
{
  const McSignRequest *request;
  const char          *signer_name;
  const char          *organisation;
  GDateTime           *time;       /* in Vietnam's zone */
  cairo_surface_t     *image;      /* signature or seal, or NULL */
  double               seal_w, seal_h;
  double               seal_x, seal_y; /* inside the box */
  PangoLayout         *text;
  double               text_x, text_y;
} Drawing;

static void
draw_leader (cairo_t *cr,
             Drawing *d,
             double   w,
             double   h)
{
  g_autofree char *when = g_date_time_format (d->time, "%d/%m/%Y %H:%M:%S");
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(PangoLayout) layout = NULL;
  double tw, th, area;

  g_string_append_printf (text, LABEL_SIGNED_BY "%s", d->signer_name);
  if (d->organisation != NULL && *d->organisation != '\0')
    g_string_append_printf (text, "\n%s", d->organisation);
  g_string_append_printf (text, "\n" LABEL_TIME "%s", when);

  layout = fit_text (cr, text->str, CLAMP (h * 0.085, 6, 10), w - 2,
                     d->image ? h * (1 - LEADER_IMAGE_SHARE) : h - 2, PANGO_ALIGN_CENTER);
  layout_extent (layout, &tw, &th);
  area = h - th - 1;

  if (d->image != NULL && area > 4)
    {
      double iw = cairo_image_surface_get_width (d->image);
      double ih = cairo_image_surface_get_height (d->image);
      double scale = MIN ((w - 2) / iw, area / ih);

      paint_image (cr, d->image, (w - iw * scale) / 2, (area - ih * scale) / 2,
                   iw * scale, ih * scale);
      cairo_set_source_rgb (cr, 0, 0, 0);
      show_layout (cr, layout, 1, h - th);
    }
  else
    {
      cairo_set_source_rgb (cr, 0, 0, 0);
      show_layout (cr, layout, 1, (h - th) / 2);
    }
}

static void
draw_organisation (cairo_t *cr,
                   Drawing *d,
                   double   w,
                   double   h)
{
  if (d->image != NULL)
    paint_image (cr, d->image, d->seal_x, d->seal_y, d->seal_w, d->seal_h);
  cairo_set_source_rgb (cr, 0.8, 0, 0);
  show_layout (cr, d->text, d->text_x, d->text_y);
}

static void
draw_attachment (cairo_t *cr,
                 Drawing *d,
                 double   w,
                 double   h)
{
  /* "màu xanh" of the decree: blue. */
  cairo_set_source_rgb (cr, 0, 0, 1);
  show_layout (cr, d->text, d->text_x, d->text_y);
}

typedef void (*DrawFunc) (cairo_t *cr, Drawing *d, double w, double h);

static cairo_status_t
write_fd (void                *closure,
          const unsigned char *data,
          unsigned int         length)
{
  int fd = GPOINTER_TO_INT (closure);

  while (length > 0)
    {
      gssize n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return CAIRO_STATUS_WRITE_ERROR;
      data += n;
      length -= (unsigned int) n;
    }
  return CAIRO_STATUS_SUCCESS;
}

/* Draws @func into a one-page PDF of @w × @h points and imports it. */
static McPdfAppearance *
render (DrawFunc   func,
        Drawing   *d,
        double     w,
        double     h,
        GError   **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) local = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  McPdfAppearance *ap;
  int fd;

  fd = g_file_open_tmp ("motcua-appearance-XXXXXX.pdf", &path, &local);
  if (fd < 0)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_IO,
                   _("Could not draw the signature appearance: %s. Check the space in the "
                     "temporary folder."), local->message);
      return NULL;
    }
  surface = cairo_pdf_surface_create_for_stream (write_fd, GINT_TO_POINTER (fd), w, h);
  cr = cairo_create (surface);
  func (cr, d, w, h);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  close (fd);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_unlink (path);
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_IO,
                   _("Could not draw the signature appearance: %s. Check the space in the "
                     "temporary folder."), cairo_status_to_string (status));
      return NULL;
    }
  ap = mc_pdf_appearance_new_from_pdf (path, 0, error);
  /* The appearance keeps the file open; its name is not needed. */
  g_unlink (path);
  return ap;
}

/* A scratch context for measuring text before the real surface exists. */
static cairo_t *
measuring_context (void)
{
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (NULL, NULL, 100, 100);
  cairo_t *cr = cairo_create (surface);

  cairo_surface_destroy (surface);
  return cr;
}

static void
measuring_context_free (cairo_t *cr)
{
  cairo_surface_finish (cairo_get_target (cr));
  cairo_destroy (cr);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_t, measuring_context_free)

McPdfAppearance *
mc_signature_appearance_new (const McSignRequest *request,
                             McPdfPage           *page,
                             const char          *signer_name,
                             const char          *organisation,
                             GDateTime           *time,
                             double               user_rect[4],
                             GError             **error)
{
  g_autoptr(GTimeZone) tz = mc_signature_appearance_time_zone ();
  g_autoptr(GDateTime) vn_time = g_date_time_to_timezone (time, tz);
  g_autoptr(cairo_t) measure = NULL;
  g_autoptr(PangoLayout) text = NULL;
  Drawing d = { request, signer_name, organisation, vn_time, NULL, 0, 0, 0, 0, NULL, 0, 0 };
  McPdfAppearance *ap = NULL;
  DrawFunc func = NULL;
  double vw, vh, view[4];
  Box box = { 0, 0, 0, 0 };

  memset (user_rect, 0, 4 * sizeof (double));
  if (request->layout == MC_SIGNATURE_LAYOUT_INVISIBLE)
    return NULL;

  view_size (page, &vw, &vh);
  switch (request->layout)
    {
    case MC_SIGNATURE_LAYOUT_LEADER:
      box = leader_box (request, vw, vh);
      if (!check_box (&box, vw, vh, page->index, error))
        return NULL;
      if (request->signature_image != NULL)
        {
          d.image = load_png (request->signature_image, FALSE, error);
          if (d.image == NULL)
            return NULL;
        }
      func = draw_leader;
      break;

    case MC_SIGNATURE_LAYOUT_ORGANISATION:
      {
        /* @rect is the leader's signature; the seal covers its left
         * third, the text goes under the seal. */
        Box leader = leader_box (request, vw, vh);
        g_autofree char *when = g_date_time_format (vn_time, "%Y-%m-%dT%H:%M:%S%:z");
        g_autofree char *words = organisation && *organisation
                                   ? g_strdup_printf ("%s\n%s", organisation, when) : g_strdup (when);
        Box seal, words_box;
        double tw, th;

        if (!check_box (&leader, vw, vh, page->index, error))
          return NULL;
        if (request->seal_image != NULL)
          {
            d.image = load_png (request->seal_image, TRUE, error);
            if (d.image == NULL)
              return NULL;
            mc_signature_png_size (request->seal_image, cairo_image_surface_get_width (d.image),
                                   cairo_image_surface_get_height (d.image), &d.seal_w, &d.seal_h);
            if (d.seal_w > MAX_SEAL_PT || d.seal_h > MAX_SEAL_PT)
              {
                double k = MAX_SEAL_PT / MAX (d.seal_w, d.seal_h);
                d.seal_w *= k;
                d.seal_h *= k;
              }
          }
        /* The seal's right edge a third into the leader's box, its
         * middle level with the handwritten signature; the words under
         * it, kept left of the leader's own text. */
        {
          const double leader_rect[4] = { leader.x, leader.y, leader.w, leader.h };
          double seal_rect[4];

          mc_signature_seal_place (leader_rect, d.seal_w, d.seal_h, seal_rect);
          seal.x = seal_rect[0];
          seal.y = seal_rect[1];
          seal.w = seal_rect[2];
          seal.h = seal_rect[3];
        }
        measure = measuring_context ();
        words_box.w = MAX (seal.w, 90);
        text = make_layout (measure, words, 7, words_box.w, TRUE, PANGO_ALIGN_CENTER);
        layout_extent (text, &tw, &th);
        words_box.h = th;
        words_box.x = MIN (seal.x + seal.w, leader.x + leader.w * 0.2) - words_box.w;
        words_box.y = seal.y + seal.h + 1;
        box.x = MIN (seal.x, words_box.x) - 1;
        box.y = seal.y - 1;
        box.w = MAX (seal.x + seal.w, words_box.x + words_box.w) + 1 - box.x;
        box.h = words_box.y + words_box.h + 1 - box.y;
        {
          double x0 = box.x, y0 = box.y;

          clamp_box (&box, vw, vh);
          /* Positions inside the box, shifted as the box was. */
          d.seal_x = seal.x - x0;
          d.seal_y = seal.y - y0;
          d.text_x = words_box.x - x0;
          d.text_y = words_box.y - y0;
        }
        d.text = text;
        func = draw_organisation;
      }
      break;

    case MC_SIGNATURE_LAYOUT_ATTACHMENT:
      {
        g_autofree char *when = g_date_time_format (vn_time, "%Y-%m-%dT%H:%M:%S%:z");
        g_autoptr(GString) words = g_string_new (NULL);
        double tw, th;

        if (request->document_number != NULL && *request->document_number != '\0')
          g_string_append_printf (words, "%s\n", request->document_number);
        g_string_append (words, when);
        if (organisation != NULL && *organisation != '\0')
          g_string_append_printf (words, "\n%s", organisation);
        measure = measuring_context ();
        if (rect_given (request->rect))
          {
            box.x = request->rect[0];
            box.y = request->rect[1];
            box.w = request->rect[2];
            box.h = request->rect[3];
            if (!check_box (&box, vw, vh, page->index, error))
              return NULL;
            text = make_layout (measure, words->str, 10, box.w - 4, TRUE, PANGO_ALIGN_RIGHT);
            layout_extent (text, &tw, &th);
            d.text_x = 2;
          }
        else
          {
            text = make_layout (measure, words->str, 10, 0, FALSE, PANGO_ALIGN_RIGHT);
            layout_extent (text, &tw, &th);
            box.w = MIN (tw + 4, vw - 2 * PAGE_MARGIN);
            box.h = th + 4;
            box.x = vw - box.w - PAGE_MARGIN;
            box.y = PAGE_MARGIN / 2;
            clamp_box (&box, vw, vh);
            if (tw + 4 > box.w)
              {
                g_clear_object (&text);
                text = make_layout (measure, words->str, 10, box.w - 4, TRUE, PANGO_ALIGN_RIGHT);
                layout_extent (text, &tw, &th);
                box.h = MIN (th + 4, vh);
              }
            /* A layout without a width aligns within its own extent. */
            d.text_x = box.w - 2 - tw;
          }
        d.text_y = 2;
        d.text = text;
        func = draw_attachment;
      }
      break;

    case MC_SIGNATURE_LAYOUT_INVISIBLE:
    default:
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_INVALID_ARGUMENT,
                   _("Unknown signature layout."));
      return NULL;
    }

  ap = render (func, &d, box.w, box.h, error);
  g_clear_pointer (&d.image, cairo_surface_destroy);
  if (ap == NULL)
    return NULL;

  view[0] = box.x;
  view[1] = box.y;
  view[2] = box.w;
  view[3] = box.h;
  mc_pdf_page_view_to_user (page, view, user_rect);
  return ap;
}
