/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The PDF of a digitised document, written with cairo. cairo does not
 * compress images as JPEG or G4 itself, but it embeds data already in
 * those formats when it is attached to the image surface as MIME data; so
 * Leptonica encodes each page (JPEG at quality 80 for colour and grey, G4
 * for bilevel, the right choice per page) and cairo only places it. The
 * page size comes from the pixels and the resolution, so an A4 scan
 * prints as A4. Recognised text goes under the image: drawn first, then
 * covered by the opaque page, so it is never seen but text extraction,
 * search and copy find it where the word is (cairo has no invisible text
 * mode). The file is written beside the target and renamed, so a
 * failure never leaves half a PDF under the real name. */
#define G_LOG_DOMAIN "motcua-digitise"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <unistd.h>

#include "mc-page-ocr.h"
#include "mc-page-pdf.h"
#include "mc-page-pix.h"

G_DEFINE_QUARK (mc-page-error-quark, mc_page_error)

#define JPEG_QUALITY 80

/**
 * mc_page_load_file:
 * @path: an image file (PNG, JPEG, TIFF, PNM…)
 * @error: return location for an error
 *
 * Reads an image as a page. A file without a resolution is taken as
 * 300 dpi, what scanners at the counter use.
 *
 * Returns: (transfer full): the page, or %NULL
 */
McScannedPage *
mc_page_load_file (const char  *path,
                   GError     **error)
{
  g_autoptr(PIX) pix = NULL;
  McScannedPage *page;
  int xres;

  g_return_val_if_fail (path != NULL, NULL);

  /* Leptonica prints its own errors on stderr; ours say it better. */
  setMsgSeverity (L_SEVERITY_NONE);
  pix = pixRead (path);
  if (pix == NULL)
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, MC_PAGE_ERROR, MC_PAGE_ERROR_UNREADABLE,
                   _("“%s” cannot be read as an image. Choose a PNG, JPEG or TIFF file."), name);
      return NULL;
    }
  xres = pixGetXRes (pix);
  page = mc_page_from_pix (pix, xres >= 50 && xres <= 2400 ? xres : 300);
  if (page == NULL)
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, MC_PAGE_ERROR, MC_PAGE_ERROR_UNREADABLE,
                   _("“%s” is an image this program cannot use. Save it as PNG or JPEG and try again."), name);
    }
  return page;
}

static void
free_lept_data (void *data)
{
  lept_free (data);
}

/* An image surface of the page's size carrying the encoded data; cairo's
 * PDF backend writes that data instead of the surface's own pixels, so the
 * pixels are left blank. */
static cairo_surface_t *
encoded_surface (const McScannedPage  *page,
                 GError              **error)
{
  g_autoptr(PIX) pix = mc_page_to_pix (page);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, page->width, page->height);
  cairo_status_t status;

  if (page->depth == 1)
    {
      L_COMP_DATA *cid = NULL;
      char *params;

      if (pixGenerateCIData (pix, L_G4_ENCODE, 0, 0, &cid) != 0 || cid == NULL)
        goto fail;
      params = g_strdup_printf ("Columns=%d Rows=%d K=-1 BlackIs1=%s",
                                cid->w, cid->h, cid->minisblack ? "true" : "false");
      status = cairo_surface_set_mime_data (surface, CAIRO_MIME_TYPE_CCITT_FAX, cid->datacomp,
                                            cid->nbytescomp, free_lept_data, cid->datacomp);
      cid->datacomp = NULL;
      l_CIDataDestroy (&cid);
      if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_set_mime_data (surface, CAIRO_MIME_TYPE_CCITT_FAX_PARAMS,
                                              (const guchar *) params, strlen (params), g_free, params);
      else
        g_free (params);
    }
  else
    {
      l_uint8 *jpeg = NULL;
      size_t size = 0;

      if (pixWriteMemJpeg (&jpeg, &size, pix, JPEG_QUALITY, 0) != 0 || jpeg == NULL)
        goto fail;
      status = cairo_surface_set_mime_data (surface, CAIRO_MIME_TYPE_JPEG, jpeg, size, free_lept_data, jpeg);
    }
  if (status == CAIRO_STATUS_SUCCESS)
    return surface;

fail:
  cairo_surface_destroy (surface);
  g_set_error_literal (error, MC_PAGE_ERROR, MC_PAGE_ERROR_ENCODE,
                       _("A page could not be compressed. The computer may be short of memory; try with fewer pages."));
  return NULL;
}

static cairo_status_t
write_to_file (void                *closure,
               const unsigned char *data,
               unsigned int         length)
{
  return fwrite (data, 1, length, closure) == length ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/**
 * mc_page_pdf_draw_words:
 * @cr: a context whose units are the page's pixels
 * @words: (element-type McOcrWord): the page's words
 *
 * Draws each word stretched over its box, for the page image (painted
 * after) to cover: the text is found and copied, never seen.
 */
void
mc_page_pdf_draw_words (cairo_t   *cr,
                        GPtrArray *words)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("DejaVu Sans");

  cairo_set_source_rgb (cr, 0, 0, 0);
  for (guint i = 0; i < words->len; i++)
    {
      const McOcrWord *word = g_ptr_array_index (words, i);
      PangoRectangle ink, logical;

      pango_font_description_set_absolute_size (font, (word->y1 - word->y0) * PANGO_SCALE);
      pango_layout_set_font_description (layout, font);
      pango_layout_set_text (layout, word->text, -1);
      pango_layout_get_pixel_extents (layout, &ink, &logical);
      if (logical.width <= 0 || logical.height <= 0)
        continue;
      cairo_save (cr);
      cairo_translate (cr, word->x0, word->y0);
      cairo_scale (cr, (double) (word->x1 - word->x0) / logical.width,
                   (double) (word->y1 - word->y0) / logical.height);
      cairo_move_to (cr, 0, 0);
      pango_cairo_show_layout (cr, layout);
      cairo_restore (cr);
    }
  pango_font_description_free (font);
  g_object_unref (layout);
}

/**
 * mc_page_pdf_write:
 * @pages: (element-type McScannedPage): the pages, in order
 * @path: the PDF file to write
 * @cancellable: (nullable): checked between pages
 * @error: return location for an error
 *
 * Writes the pages to @path (mode 0600), replacing it. Blocks.
 *
 * Returns: %TRUE on success
 */
gboolean
mc_page_pdf_write (GPtrArray     *pages,
                   const char    *path,
                   GCancellable  *cancellable,
                   GError       **error)
{
  return mc_page_pdf_write_with_text (pages, NULL, path, cancellable, error);
}

/**
 * mc_page_pdf_write_with_text:
 * @pages: (element-type McScannedPage): the pages, in order
 * @texts: (nullable) (element-type GPtrArray): for each page, its words
 *   (#McOcrWord) from mc_page_ocr_all()
 * @path: the PDF file to write
 * @cancellable: (nullable): checked between pages
 * @error: return location for an error
 *
 * Like mc_page_pdf_write(), with a searchable text layer.
 *
 * Returns: %TRUE on success
 */
gboolean
mc_page_pdf_write_with_text (GPtrArray     *pages,
                             GPtrArray     *texts,
                             const char    *path,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autofree char *tmp = NULL;
  cairo_surface_t *pdf;
  cairo_t *cr;
  cairo_status_t status;
  gboolean ok = TRUE;
  FILE *file;
  int fd;

  g_return_val_if_fail (pages != NULL && pages->len > 0, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  tmp = g_strdup_printf ("%s.part", path);
  fd = g_open (tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  file = fd >= 0 ? fdopen (fd, "wb") : NULL;
  if (file == NULL)
    {
      int saved = errno;
      g_autofree char *name = g_filename_display_name (path);

      if (fd >= 0)
        close (fd);
      g_set_error (error, MC_PAGE_ERROR, MC_PAGE_ERROR_WRITE,
                   _("Could not write “%s”: %s. Check that the folder exists and there is free space."),
                   name, g_strerror (saved));
      return FALSE;
    }
  pdf = cairo_pdf_surface_create_for_stream (write_to_file, file, 595, 842);
  cairo_pdf_surface_restrict_to_version (pdf, CAIRO_PDF_VERSION_1_5);
  cairo_pdf_surface_set_metadata (pdf, CAIRO_PDF_METADATA_CREATOR, "Một Cửa Desk");
  cr = cairo_create (pdf);
  for (guint i = 0; i < pages->len && ok; i++)
    {
      const McScannedPage *page = g_ptr_array_index (pages, i);
      double scale = 72.0 / page->resolution;
      cairo_surface_t *image;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }
      image = encoded_surface (page, error);
      if (image == NULL)
        {
          ok = FALSE;
          break;
        }
      cairo_pdf_surface_set_size (pdf, page->width * scale, page->height * scale);
      cairo_save (cr);
      cairo_scale (cr, scale, scale);
      if (texts != NULL && i < texts->len)
        mc_page_pdf_draw_words (cr, g_ptr_array_index (texts, i));
      cairo_set_source_surface (cr, image, 0, 0);
      /* No smoothing flag on the images: PDF/A forbids /Interpolate true. */
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_FAST);
      cairo_paint (cr);
      cairo_restore (cr);
      cairo_show_page (cr);
      cairo_surface_destroy (image);
    }
  cairo_destroy (cr);
  cairo_surface_finish (pdf);
  status = cairo_surface_status (pdf);
  cairo_surface_destroy (pdf);
  if (fclose (file) != 0 && status == CAIRO_STATUS_SUCCESS)
    status = CAIRO_STATUS_WRITE_ERROR;

  if (ok && status != CAIRO_STATUS_SUCCESS)
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, MC_PAGE_ERROR, MC_PAGE_ERROR_WRITE,
                   _("Could not write “%s”: %s. Check that the folder exists and there is free space."),
                   name, cairo_status_to_string (status));
      ok = FALSE;
    }
  if (ok && g_rename (tmp, path) != 0)
    {
      int saved = errno;
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, MC_PAGE_ERROR, MC_PAGE_ERROR_WRITE,
                   _("Could not write “%s”: %s. Check that the folder exists and there is free space."),
                   name, g_strerror (saved));
      ok = FALSE;
    }
  if (!ok)
    g_unlink (tmp);
  return ok;
}
