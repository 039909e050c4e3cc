/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The second pass over a file attached as page images: poppler reads each
 * page; a page with text (an imported PDF made by a word processor) is
 * copied as it is, its text kept exactly; a page without text is drawn
 * at the resolution of its image and read by Tesseract, and its words go
 * under the page. The page itself is copied through cairo's PDF surface,
 * which takes poppler's JPEG and CCITT streams as they are, so reading
 * the text costs nothing in image quality. The result is made PDF/A-2b
 * like every file we write. */
#define G_LOG_DOMAIN "motcua-digitise"

#include "config.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <poppler.h>
#include <unistd.h>

#include "mc-digitise.h"
#include "mc-page-ocr.h"
#include "mc-page-pdf.h"
#include "mc-pdf-text.h"
#include "mc-pdfa.h"

/* Below this an image page is read at this resolution instead, above
 * the other the image is read smaller: Tesseract wants 200 to 400 dpi. */
#define MIN_OCR_DPI 150.0
#define MAX_OCR_DPI 400.0
#define DEFAULT_OCR_DPI 300.0

static PopplerDocument *
open_document (const char  *path,
               GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) local_error = NULL;
  PopplerDocument *document = poppler_document_new_from_gfile (file, NULL, NULL, &local_error);

  if (document == NULL)
    {
      g_autofree char *name = g_filename_display_basename (path);

      g_set_error (error, MC_PAGE_ERROR, MC_PAGE_ERROR_UNREADABLE,
                   _("“%s” cannot be read as a PDF: %s. Scan the paper or import it again."),
                   name, local_error->message);
    }
  return document;
}

static gboolean
page_has_text (PopplerPage *page)
{
  g_autofree char *text = poppler_page_get_text (page);

  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

/**
 * mc_pdf_page_has_text:
 * @path: a PDF
 * @index: a page, from 0
 * @error: where to put a failure
 *
 * Returns: whether the page carries text of its own (not only images);
 *   %FALSE with @error set when the file cannot be read
 */
gboolean
mc_pdf_page_has_text (const char  *path,
                      int          index,
                      GError     **error)
{
  g_autoptr(GObject) document = NULL;
  g_autoptr(GObject) page = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  document = G_OBJECT (open_document (path, error));
  if (document == NULL)
    return FALSE;
  page = G_OBJECT (poppler_document_get_page (POPPLER_DOCUMENT (document), index));
  return page != NULL && page_has_text (POPPLER_PAGE (page));
}

/* The resolution the page's biggest image was scanned at, so the page is
 * read as it was scanned. */
static double
image_dpi (PopplerPage *page)
{
  GList *mappings = poppler_page_get_image_mapping (page);
  double dpi = DEFAULT_OCR_DPI, biggest = 0;

  for (GList *l = mappings; l != NULL; l = l->next)
    {
      PopplerImageMapping *mapping = l->data;
      double width_pt = mapping->area.x2 - mapping->area.x1;
      cairo_surface_t *image;

      if (width_pt <= 0 || width_pt <= biggest)
        continue;
      image = poppler_page_get_image (page, mapping->image_id);
      if (image == NULL)
        continue;
      biggest = width_pt;
      dpi = cairo_image_surface_get_width (image) * 72.0 / width_pt;
      cairo_surface_destroy (image);
    }
  poppler_page_free_image_mapping (mappings);
  return CLAMP (dpi, MIN_OCR_DPI, MAX_OCR_DPI);
}

/* The page drawn in grey at @dpi, for Tesseract. */
static McScannedPage *
render_grey (PopplerPage *page,
             double       dpi)
{
  double w_pt, h_pt, scale = dpi / 72.0;
  McScannedPage *grey = g_new0 (McScannedPage, 1);
  cairo_surface_t *surface;
  const guint8 *data;
  guint8 *pixels;
  cairo_t *cr;
  int stride;

  poppler_page_get_size (page, &w_pt, &h_pt);
  grey->width = MAX (1, (guint) (w_pt * scale));
  grey->height = MAX (1, (guint) (h_pt * scale));
  grey->channels = 1;
  grey->depth = 8;
  grey->stride = grey->width;
  grey->resolution = (guint) dpi;
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) grey->width, (int) grey->height);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  poppler_page_render_for_printing (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  pixels = g_malloc ((gsize) grey->stride * grey->height);
  for (guint y = 0; y < grey->height; y++)
    for (guint x = 0; x < grey->width; x++)
      {
        guint32 px = *(const guint32 *) (data + (gsize) y * stride + x * 4);

        /* Rec. 601 luma, in integers. */
        pixels[(gsize) y * grey->stride + x] =
          (guint8) ((((px >> 16) & 0xff) * 299 + ((px >> 8) & 0xff) * 587 + (px & 0xff) * 114) / 1000);
      }
  cairo_surface_destroy (surface);
  grey->pixels = g_bytes_new_take (pixels, (gsize) grey->stride * grey->height);
  return grey;
}

static cairo_status_t
write_to_file (void                *closure,
               const unsigned char *data,
               unsigned int         length)
{
  return fwrite (data, 1, length, closure) == length ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static void
set_write_error (GError     **error,
                 const char  *path,
                 const char  *reason)
{
  g_autofree char *name = g_filename_display_name (path);

  g_set_error (error, MC_PAGE_ERROR, MC_PAGE_ERROR_WRITE,
               _("Could not write “%s”: %s. Check that the folder exists and there is free space."),
               name, reason);
}

/* Opens a cairo PDF stream on @tmp, 0600. */
static cairo_surface_t *
open_writer (const char  *path,
             const char  *tmp,
             FILE       **file,
             GError     **error)
{
  cairo_surface_t *pdf;
  int fd = g_open (tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

  *file = fd >= 0 ? fdopen (fd, "wb") : NULL;
  if (*file == NULL)
    {
      int saved = errno;

      if (fd >= 0)
        close (fd);
      set_write_error (error, path, g_strerror (saved));
      return NULL;
    }
  pdf = cairo_pdf_surface_create_for_stream (write_to_file, *file, 595, 842);
  cairo_pdf_surface_restrict_to_version (pdf, CAIRO_PDF_VERSION_1_5);
  cairo_pdf_surface_set_metadata (pdf, CAIRO_PDF_METADATA_CREATOR, "Một Cửa Desk");
  return pdf;
}

/* Finishes the writer; on success @tmp becomes @path. */
static gboolean
close_writer (cairo_surface_t  *pdf,
              FILE             *file,
              gboolean          ok,
              const char       *tmp,
              const char       *path,
              GError          **error)
{
  cairo_status_t status;

  cairo_surface_finish (pdf);
  status = cairo_surface_status (pdf);
  cairo_surface_destroy (pdf);
  if (fclose (file) != 0 && status == CAIRO_STATUS_SUCCESS)
    status = CAIRO_STATUS_WRITE_ERROR;
  if (ok && status != CAIRO_STATUS_SUCCESS)
    {
      set_write_error (error, path, cairo_status_to_string (status));
      ok = FALSE;
    }
  if (ok && g_rename (tmp, path) != 0)
    {
      set_write_error (error, path, g_strerror (errno));
      ok = FALSE;
    }
  if (!ok)
    g_unlink (tmp);
  return ok;
}

/* Each page onto @cr: with text, as it is; without, its words under it.
 * The pages without text are drawn first and read together, by one
 * Tesseract engine (loading its Vietnamese data costs more than a page):
 * the queue already reads two files at once. */
static gboolean
copy_pages (PopplerDocument  *document,
            cairo_surface_t  *pdf,
            cairo_t          *cr,
            GString          *text,
            guint            *n_read,
            GCancellable     *cancellable,
            GError          **error)
{
  int n = poppler_document_get_n_pages (document);
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) greys = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_scanned_page_free);
  g_autoptr(GPtrArray) words = NULL;
  g_autoptr(GArray) dpis = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) read_as = g_array_new (FALSE, FALSE, sizeof (int));

  for (int i = 0; i < n; i++)
    {
      PopplerPage *page = poppler_document_get_page (document, i);
      int slot = -1;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          g_clear_object (&page);
          return FALSE;
        }
      g_ptr_array_add (pages, page);
      if (!page_has_text (page))
        {
          double dpi = image_dpi (page);

          slot = (int) greys->len;
          g_ptr_array_add (greys, render_grey (page, dpi));
          g_array_append_val (dpis, dpi);
        }
      g_array_append_val (read_as, slot);
    }
  if (greys->len > 0 && (words = mc_page_ocr_all (greys, 1, cancellable, error)) == NULL)
    return FALSE;
  *n_read = greys->len;

  for (int i = 0; i < n; i++)
    {
      PopplerPage *page = g_ptr_array_index (pages, i);
      int slot = g_array_index (read_as, int, i);
      double w_pt, h_pt;

      poppler_page_get_size (page, &w_pt, &h_pt);
      cairo_pdf_surface_set_size (pdf, w_pt, h_pt);
      if (slot < 0)
        {
          g_autofree char *own = poppler_page_get_text (page);

          g_string_append (text, own);
        }
      else
        {
          GPtrArray *page_words = g_ptr_array_index (words, slot);
          double dpi = g_array_index (dpis, double, slot);

          cairo_save (cr);
          cairo_scale (cr, 72.0 / dpi, 72.0 / dpi);
          mc_page_pdf_draw_words (cr, page_words);
          cairo_restore (cr);
          for (guint k = 0; k < page_words->len; k++)
            {
              g_string_append (text, ((McOcrWord *) g_ptr_array_index (page_words, k))->text);
              g_string_append_c (text, ' ');
            }
        }
      g_string_append_c (text, '\n');
      cairo_save (cr);
      poppler_page_render_for_printing (page, cr);
      cairo_restore (cr);
      cairo_show_page (cr);
    }
  return TRUE;
}

/**
 * mc_pdf_text_read:
 * @path: a PDF, typically page images attached at once
 * @out_path: where to write its searchable PDF/A version (mode 0600)
 * @text: (out) (transfer full): the text of all pages
 * @n_read: (out): how many pages had to be read by OCR; when 0 the file
 *   already carried all its text and @out_path adds nothing to it
 * @cancellable: (nullable): checked between pages
 * @error: where to put a failure
 *
 * Slow (OCR): call it in a worker thread.
 *
 * Returns: %TRUE when @out_path was written
 */
gboolean
mc_pdf_text_read (const char    *path,
                  const char    *out_path,
                  char         **text,
                  guint         *n_read,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GObject) document = NULL;
  g_autoptr(GString) all = g_string_new (NULL);
  g_autofree char *tmp = NULL;
  cairo_surface_t *pdf;
  cairo_t *cr;
  gboolean ok;
  FILE *file;

  g_return_val_if_fail (path != NULL && out_path != NULL, FALSE);
  g_return_val_if_fail (text != NULL && n_read != NULL, FALSE);

  *n_read = 0;
  document = G_OBJECT (open_document (path, error));
  if (document == NULL)
    return FALSE;

  tmp = g_strdup_printf ("%s.part", out_path);
  pdf = open_writer (out_path, tmp, &file, error);
  if (pdf == NULL)
    return FALSE;
  cr = cairo_create (pdf);
  ok = copy_pages (POPPLER_DOCUMENT (document), pdf, cr, all, n_read, cancellable, error);
  cairo_destroy (cr);
  if (!close_writer (pdf, file, ok, tmp, out_path, ok ? error : NULL))
    return FALSE;
  if (!mc_pdfa_finish (out_path, NULL, error))
    return FALSE;

  *text = g_string_free (g_steal_pointer (&all), FALSE);
  return TRUE;
}

McPdfPageRef *
mc_pdf_page_ref_new (const char *path,
                     int         index)
{
  McPdfPageRef *ref = g_new0 (McPdfPageRef, 1);

  ref->path = g_strdup (path);
  ref->index = index;
  return ref;
}

void
mc_pdf_page_ref_free (McPdfPageRef *ref)
{
  if (ref == NULL)
    return;
  g_free (ref->path);
  g_free (ref);
}

/* @page onto @cr as it is, turned clockwise by @turns quarters. */
static void
copy_turned (cairo_surface_t *pdf,
             cairo_t         *cr,
             PopplerPage     *page,
             int              turns)
{
  double w, h;

  poppler_page_get_size (page, &w, &h);
  turns = ((turns % 4) + 4) % 4;
  cairo_pdf_surface_set_size (pdf, turns % 2 ? h : w, turns % 2 ? w : h);
  cairo_save (cr);
  switch (turns)
    {
    case 1: cairo_translate (cr, h, 0); break;
    case 2: cairo_translate (cr, w, h); break;
    case 3: cairo_translate (cr, 0, w); break;
    default: break;
    }
  cairo_rotate (cr, turns * G_PI / 2);
  poppler_page_render_for_printing (page, cr);
  cairo_restore (cr);
  cairo_show_page (cr);
}

static gboolean
write_mixed_pages (GPtrArray        *refs,
                   PopplerDocument  *images,
                   cairo_surface_t  *pdf,
                   cairo_t          *cr,
                   GCancellable     *cancellable,
                   GError          **error)
{
  g_autoptr(GHashTable) documents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  int next_image = 0;

  for (guint i = 0; i < refs->len; i++)
    {
      const McPdfPageRef *ref = g_ptr_array_index (refs, i);
      PopplerDocument *document = images;
      g_autoptr(GObject) page = NULL;
      int index = next_image;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (ref != NULL)
        {
          document = g_hash_table_lookup (documents, ref->path);
          if (document == NULL)
            {
              document = open_document (ref->path, error);
              if (document == NULL)
                return FALSE;
              g_hash_table_insert (documents, g_strdup (ref->path), document);
            }
          index = ref->index;
        }
      else
        next_image++;
      page = document != NULL ? G_OBJECT (poppler_document_get_page (document, index)) : NULL;
      if (page == NULL)
        {
          g_set_error (error, MC_PAGE_ERROR, MC_PAGE_ERROR_UNREADABLE,
                       _("Page %d of an imported PDF is missing. Import the file again."), index + 1);
          return FALSE;
        }
      copy_turned (pdf, cr, POPPLER_PAGE (page), ref != NULL ? ref->quarter_turns : 0);
    }
  return TRUE;
}

/**
 * mc_pdf_write_mixed:
 * @pages: (element-type McScannedPage): the pages, in order
 * @refs: (element-type McPdfPageRef): for each page, the imported PDF page
 *   it is, or %NULL for a scanned page
 * @clean: clean the scanned pages first (mc_digitise_write())
 * @ocr: read the scanned pages' text now
 * @path: the PDF to write
 * @cancellable: (nullable): checked between pages
 * @error: where to put a failure
 *
 * Writes one PDF/A-2b of scanned pages and pages of imported PDFs: the
 * scanned ones as mc_digitise_write() makes them, the imported ones copied
 * as they are, so their text stays exactly what it was and no OCR is
 * spent on them. Slow: call it in a worker thread.
 *
 * Returns: %TRUE when @path was written
 */
gboolean
mc_pdf_write_mixed (GPtrArray     *pages,
                    GPtrArray     *refs,
                    gboolean       clean,
                    gboolean       ocr,
                    const char    *path,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(GPtrArray) scanned = g_ptr_array_new ();
  g_autoptr(GObject) images = NULL;
  g_autofree char *images_path = NULL;
  g_autofree char *tmp = NULL;
  cairo_surface_t *pdf;
  cairo_t *cr;
  gboolean ok;
  FILE *file;

  g_return_val_if_fail (pages != NULL && refs != NULL && pages->len == refs->len && pages->len > 0, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  for (guint i = 0; i < pages->len; i++)
    if (g_ptr_array_index (refs, i) == NULL)
      g_ptr_array_add (scanned, g_ptr_array_index (pages, i));
  if (scanned->len > 0)
    {
      images_path = g_strdup_printf ("%s.images.pdf", path);
      if (!mc_digitise_write (scanned, clean, ocr, images_path, cancellable, error))
        return FALSE;
      images = G_OBJECT (open_document (images_path, error));
      if (images == NULL)
        {
          g_unlink (images_path);
          return FALSE;
        }
    }

  tmp = g_strdup_printf ("%s.part", path);
  pdf = open_writer (path, tmp, &file, error);
  if (pdf == NULL)
    ok = FALSE;
  else
    {
      cr = cairo_create (pdf);
      ok = write_mixed_pages (refs, images != NULL ? POPPLER_DOCUMENT (images) : NULL, pdf, cr, cancellable, error);
      cairo_destroy (cr);
      ok = close_writer (pdf, file, ok, tmp, path, ok ? error : NULL);
    }
  if (images_path != NULL)
    g_unlink (images_path);
  return ok && mc_pdfa_finish (path, NULL, error);
}
