/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The PDF of a digitised document, written with cairo. cairo does not
 * compress images as JPEG or G4 itself, but it embeds data already in
 * those formats when it is attached to the image surface as MIME data; so
 * each page is encoded first (JPEG at quality 80 for colour and grey, by
 * libjpeg straight from the page's bytes; G4 for bilevel, by Leptonica),
 * several pages at once, and cairo only places it. The
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
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <unistd.h>
#include <jpeglib.h>
#include <png.h>

#include "mc-page-ocr.h"
#include "mc-page-pdf.h"
#include "mc-page-pix.h"

G_DEFINE_QUARK (mc-page-error-quark, mc_page_error)

#define JPEG_QUALITY 80

/* What is being read from a PNG: on the heap, out of the locals a longjmp
 * from libpng's error handler may leave stale. */
typedef struct {
  FILE          *file;
  McScannedPage *page;
  guchar        *pixels;
  png_bytep     *rows;
} PngRead;

static void
png_failed (png_structp  png,
            const char  *message)
{
  png_longjmp (png, 1);
}

static void
png_silent (png_structp  png,
            const char  *message)
{
}

/* Pixels of @channels colour bytes and one alpha byte, composed over
 * white in place into pixels of @channels bytes (each output byte lies at
 * or before the input bytes it comes from). */
static void
lay_on_white (guchar *pixels,
              guint   width,
              guint   height,
              guint   channels)
{
  const guchar *in = pixels;
  guchar *out = pixels;

  for (gsize n = (gsize) width * height; n > 0; n--)
    {
      guchar value[3];
      guint a = in[channels];

      for (guint c = 0; c < channels; c++)
        value[c] = (guchar) ((in[c] * a + 255 * (255 - a) + 127) / 255);
      memcpy (out, value, channels);
      in += channels + 1;
      out += channels;
    }
}

/* An 8-bit grey or RGB PNG (the usual scan, and what phones save) read
 * straight into the page's bytes, rows as libpng gives them, without a
 * Leptonica image in between. What is transparent (a picture cut out on a
 * phone, a logo) is laid on white paper, not on the black its colour
 * often is underneath. Returns %NULL for any other PNG, or a file that is
 * not a PNG: Leptonica reads those. */
static McScannedPage *
load_png (const char *path)
{
  g_autofree PngRead *read = g_new0 (PngRead, 1);
  png_structp png = NULL;
  png_infop info = NULL;
  png_byte header[8];
  png_uint_32 width, height, res_x = 0, res_y = 0;
  int bit_depth, color_type, unit = 0;
  gboolean alpha;
  gsize in_stride;
  McScannedPage *page;

  read->file = g_fopen (path, "rb");
  if (read->file == NULL)
    return NULL;
  if (fread (header, 1, sizeof header, read->file) != sizeof header || png_sig_cmp (header, 0, sizeof header) != 0)
    {
      fclose (read->file);
      return NULL;
    }
  png = png_create_read_struct (PNG_LIBPNG_VER_STRING, NULL, png_failed, png_silent);
  if (png != NULL)
    info = png_create_info_struct (png);
  if (png == NULL || info == NULL || setjmp (png_jmpbuf (png)) != 0)
    {
      png_destroy_read_struct (&png, &info, NULL);
      fclose (read->file);
      g_free (read->pixels);
      g_free (read->rows);
      g_free (read->page);
      return NULL;
    }
  png_init_io (png, read->file);
#ifdef PNG_IGNORE_ADLER32
  /* Each chunk's CRC-32 still guards the data; zlib's second checksum
   * over the same bytes was a twentieth of the time of a page. */
  png_set_option (png, PNG_IGNORE_ADLER32, PNG_OPTION_ON);
#endif
  png_set_sig_bytes (png, sizeof header);
  png_read_info (png, info);
  png_get_IHDR (png, info, &width, &height, &bit_depth, &color_type, NULL, NULL, NULL);
  if ((bit_depth != 8 && bit_depth != 16)
      || (color_type != PNG_COLOR_TYPE_GRAY && color_type != PNG_COLOR_TYPE_RGB
          && color_type != PNG_COLOR_TYPE_RGB_ALPHA && color_type != PNG_COLOR_TYPE_GRAY_ALPHA)
      || width == 0 || height == 0 || width > 100000 || height > 100000)
    png_longjmp (png, 1);
  if (bit_depth == 16)
    png_set_strip_16 (png);
  alpha = (color_type & PNG_COLOR_MASK_ALPHA) != 0 || png_get_valid (png, info, PNG_INFO_tRNS) != 0;
  if (alpha)
    png_set_tRNS_to_alpha (png);
  png_set_interlace_handling (png);
  png_read_update_info (png, info);

  read->page = page = g_new0 (McScannedPage, 1);
  page->width = width;
  page->height = height;
  page->channels = (color_type & PNG_COLOR_MASK_COLOR) ? 3 : 1;
  page->depth = 8;
  page->stride = width * page->channels;
  in_stride = alpha ? width * (page->channels + 1) : page->stride;
  if (png_get_rowbytes (png, info) != in_stride)
    png_longjmp (png, 1);
  /* The resolution, when the file says it in pixels per metre. */
  page->resolution = 300;
  if (png_get_pHYs (png, info, &res_x, &res_y, &unit) != 0 && unit == PNG_RESOLUTION_METER)
    {
      guint dpi = (guint) (res_x * 0.0254 + 0.5);

      if (dpi >= 50 && dpi <= 2400)
        page->resolution = dpi;
    }
  read->pixels = g_malloc ((gsize) in_stride * height);
  read->rows = g_new (png_bytep, height);
  for (png_uint_32 y = 0; y < height; y++)
    read->rows[y] = read->pixels + (gsize) y * in_stride;
  png_read_image (png, read->rows);
  png_read_end (png, NULL);
  if (alpha)
    {
      lay_on_white (read->pixels, width, height, page->channels);
      read->pixels = g_realloc (read->pixels, (gsize) page->stride * height);
    }
  png_destroy_read_struct (&png, &info, NULL);
  fclose (read->file);
  g_free (read->rows);
  page->pixels = g_bytes_new_take (read->pixels, (gsize) page->stride * height);
  return page;
}

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

  mc_pix_quiet ();
  page = load_png (path);
  if (page != NULL)
    return page;
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

typedef struct {
  const char * const *paths;
  McScannedPage     **pages;
  GError            **errors;
} LoadJob;

static void
load_one (guint    index,
          gpointer data)
{
  LoadJob *job = data;

  job->pages[index] = mc_page_load_file (job->paths[index], &job->errors[index]);
}

/**
 * mc_page_load_files:
 * @paths: (array zero-terminated=1): image files
 * @error: return location for an error
 *
 * Reads every file as a page, several at once (mc_page_load_file()).
 *
 * Returns: (transfer full) (element-type McScannedPage): the pages in the
 *   order of @paths, or %NULL with the error of the first file that failed
 */
GPtrArray *
mc_page_load_files (const char * const  *paths,
                    GError             **error)
{
  guint n = g_strv_length ((char **) paths);
  g_autofree McScannedPage **pages = g_new0 (McScannedPage *, n + 1);
  g_autofree GError **errors = g_new0 (GError *, n + 1);
  LoadJob job = { paths, pages, errors };
  GPtrArray *all = g_ptr_array_new_full (n, (GDestroyNotify) mc_scanned_page_free);
  GError *first = NULL;

  mc_page_each_parallel (n, load_one, &job);
  for (guint i = 0; i < n; i++)
    {
      if (pages[i] != NULL)
        g_ptr_array_add (all, pages[i]);
      if (errors[i] != NULL && first == NULL)
        first = errors[i];
      else if (errors[i] != NULL)
        g_error_free (errors[i]);
    }
  if (first != NULL)
    {
      g_propagate_error (error, first);
      g_ptr_array_unref (all);
      return NULL;
    }
  return all;
}

static void
free_lept_data (void *data)
{
  lept_free (data);
}

/* One page as the PDF will hold it: JPEG or CCITT G4 data, made on any
 * thread (several pages at once); cairo only places it. */
typedef struct {
  const char *mime;      /* CAIRO_MIME_TYPE_JPEG or _CCITT_FAX */
  guchar     *data;
  gsize       size;
  GDestroyNotify data_free;
  char       *params;    /* G4 only */
} Encoded;

static void
encoded_clear (Encoded *encoded)
{
  if (encoded->data != NULL)
    encoded->data_free (encoded->data);
  g_free (encoded->params);
  memset (encoded, 0, sizeof *encoded);
}

/* libjpeg's error handler, and its output: kept here, out of the locals
 * a longjmp may leave stale. */
typedef struct {
  struct jpeg_error_mgr base;
  jmp_buf               escape;
  unsigned char        *out;
  unsigned long         size;
} JpegErrors;

static void
jpeg_failed (j_common_ptr cinfo)
{
  JpegErrors *errors = (JpegErrors *) cinfo->err;

  longjmp (errors->escape, 1);
}

static void
jpeg_silent (j_common_ptr cinfo,
             int          level)
{
}

/* A colour or grey page straight from its bytes to JPEG: libjpeg takes
 * rows of RGB or grey samples, which is what a page holds, so nothing is
 * converted. The settings are the ones Leptonica used (quality 80, 4:2:0
 * chroma, the resolution in the JFIF header). */
static gboolean
encode_jpeg (const McScannedPage *page,
             Encoded             *encoded)
{
  struct jpeg_compress_struct cinfo;
  JpegErrors errors = { .out = NULL, .size = 0 };
  const guchar *pixels = g_bytes_get_data (page->pixels, NULL);

  cinfo.err = jpeg_std_error (&errors.base);
  errors.base.error_exit = jpeg_failed;
  errors.base.emit_message = jpeg_silent;
  if (setjmp (errors.escape) != 0)
    {
      jpeg_destroy_compress (&cinfo);
      free (errors.out);
      return FALSE;
    }
  jpeg_create_compress (&cinfo);
  jpeg_mem_dest (&cinfo, &errors.out, &errors.size);
  cinfo.image_width = page->width;
  cinfo.image_height = page->height;
  cinfo.input_components = (int) page->channels;
  cinfo.in_color_space = page->channels == 3 ? JCS_RGB : JCS_GRAYSCALE;
  jpeg_set_defaults (&cinfo);
  jpeg_set_quality (&cinfo, JPEG_QUALITY, TRUE);
  cinfo.density_unit = 1;
  cinfo.X_density = (UINT16) page->resolution;
  cinfo.Y_density = (UINT16) page->resolution;
  jpeg_start_compress (&cinfo, TRUE);
  while (cinfo.next_scanline < cinfo.image_height)
    {
      JSAMPROW row = (JSAMPROW) (pixels + (gsize) cinfo.next_scanline * page->stride);

      jpeg_write_scanlines (&cinfo, &row, 1);
    }
  jpeg_finish_compress (&cinfo);
  jpeg_destroy_compress (&cinfo);
  encoded->mime = CAIRO_MIME_TYPE_JPEG;
  encoded->data = errors.out;
  encoded->size = errors.size;
  encoded->data_free = free;
  return TRUE;
}

static gboolean
encode_page (const McScannedPage *page,
             Encoded             *encoded)
{
  g_autoptr(PIX) pix = NULL;
  L_COMP_DATA *cid = NULL;

  if (page->depth != 1)
    return encode_jpeg (page, encoded);
  mc_pix_quiet ();
  pix = mc_page_to_pix (page);
  if (pixGenerateCIData (pix, L_G4_ENCODE, 0, 0, &cid) != 0 || cid == NULL)
    return FALSE;
  encoded->mime = CAIRO_MIME_TYPE_CCITT_FAX;
  encoded->data = cid->datacomp;
  encoded->size = cid->nbytescomp;
  encoded->data_free = free_lept_data;
  encoded->params = g_strdup_printf ("Columns=%d Rows=%d K=-1 BlackIs1=%s",
                                     cid->w, cid->h, cid->minisblack ? "true" : "false");
  cid->datacomp = NULL;
  l_CIDataDestroy (&cid);
  return TRUE;
}

typedef struct {
  GPtrArray    *pages;
  Encoded      *encoded;
  gboolean     *ok;
  GCancellable *cancellable;
} EncodeJob;

static void
encode_one (guint    index,
            gpointer data)
{
  EncodeJob *job = data;

  if (!g_cancellable_is_cancelled (job->cancellable))
    job->ok[index] = encode_page (g_ptr_array_index (job->pages, index), &job->encoded[index]);
}

/* An image surface carrying the encoded data (taken from @encoded);
 * cairo's PDF backend writes that data, at the size the data itself
 * gives, instead of the surface's own pixels. The surface is one pixel,
 * drawn stretched over the page: a PDF image fills whatever square it is
 * drawn on, whatever its size. A surface of the page's size cost a 35 MB
 * copy of its blank pixels a page, made when the surface was destroyed
 * to keep the snapshot cairo takes when it is painted. */
static cairo_surface_t *
encoded_surface (const McScannedPage  *page,
                 Encoded              *encoded,
                 GError              **error)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1, 1);
  cairo_status_t status;

  status = cairo_surface_set_mime_data (surface, encoded->mime, encoded->data, encoded->size,
                                        encoded->data_free, encoded->data);
  if (status == CAIRO_STATUS_SUCCESS)
    encoded->data = NULL;
  if (status == CAIRO_STATUS_SUCCESS && encoded->params != NULL)
    {
      status = cairo_surface_set_mime_data (surface, CAIRO_MIME_TYPE_CCITT_FAX_PARAMS,
                                            (const guchar *) encoded->params, strlen (encoded->params),
                                            g_free, encoded->params);
      if (status == CAIRO_STATUS_SUCCESS)
        encoded->params = NULL;
    }
  if (status == CAIRO_STATUS_SUCCESS)
    return surface;

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
  g_autofree Encoded *encoded = NULL;
  g_autofree gboolean *encoded_ok = NULL;
  EncodeJob job;
  cairo_surface_t *pdf;
  cairo_t *cr;
  cairo_status_t status;
  gboolean ok = TRUE;
  FILE *file;
  int fd;

  g_return_val_if_fail (pages != NULL && pages->len > 0, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  /* Every page compressed first, several at once. */
  encoded = g_new0 (Encoded, pages->len);
  encoded_ok = g_new0 (gboolean, pages->len);
  job = (EncodeJob) { pages, encoded, encoded_ok, cancellable };
  mc_page_each_parallel (pages->len, encode_one, &job);

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
      for (guint i = 0; i < pages->len; i++)
        encoded_clear (&encoded[i]);
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
      if (!encoded_ok[i])
        {
          g_set_error_literal (error, MC_PAGE_ERROR, MC_PAGE_ERROR_ENCODE,
                               _("A page could not be compressed. The computer may be short of memory; try with fewer pages."));
          ok = FALSE;
          break;
        }
      image = encoded_surface (page, &encoded[i], error);
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
      cairo_scale (cr, page->width, page->height);
      cairo_set_source_surface (cr, image, 0, 0);
      /* No smoothing flag on the images: PDF/A forbids /Interpolate true. */
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_FAST);
      cairo_paint (cr);
      cairo_restore (cr);
      cairo_show_page (cr);
      cairo_surface_destroy (image);
    }
  for (guint i = 0; i < pages->len; i++)
    encoded_clear (&encoded[i]);
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
