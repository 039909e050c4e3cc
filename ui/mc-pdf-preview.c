/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Opens a PDF with poppler in a worker thread and reads, once, what the
 * main thread needs to lay out a preview: each page's size and the
 * signature fields already on it (rectangles from the top left of the
 * page, poppler giving them from the bottom left of the crop box). Pages
 * are rendered in worker threads too, one at a time per document (poppler
 * documents are not to be used from two threads at once), so the main
 * thread never waits on poppler. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <poppler.h>
#include <string.h>

#include "mc-pdf-preview.h"

typedef struct
{
  double width;
  double height;
} PageSize;

struct _McPdfPreview
{
  GObject parent_instance;

  GMutex lock;
  PopplerDocument *document;
  GArray *sizes;
  GPtrArray *fields;
};

G_DEFINE_FINAL_TYPE (McPdfPreview, mc_pdf_preview, G_TYPE_OBJECT)

static void
mc_pdf_preview_finalize (GObject *object)
{
  McPdfPreview *self = MC_PDF_PREVIEW (object);

  g_clear_object (&self->document);
  g_clear_pointer (&self->sizes, g_array_unref);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (mc_pdf_preview_parent_class)->finalize (object);
}

static void
mc_pdf_preview_class_init (McPdfPreviewClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mc_pdf_preview_finalize;
}

static void
mc_pdf_preview_init (McPdfPreview *self)
{
  g_mutex_init (&self->lock);
  self->sizes = g_array_new (FALSE, TRUE, sizeof (PageSize));
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
}

static GArray *
signature_fields (PopplerPage *page,
                  double       page_height)
{
  GArray *rects = g_array_new (FALSE, FALSE, sizeof (double));
  GList *mapping = poppler_page_get_form_field_mapping (page);

  /* The list comes newest widget first. */
  for (GList *l = g_list_last (mapping); l != NULL; l = l->prev)
    {
      PopplerFormFieldMapping *m = l->data;

      if (poppler_form_field_get_field_type (m->field) == POPPLER_FORM_FIELD_SIGNATURE &&
          fabs (m->area.x2 - m->area.x1) > 1 && fabs (m->area.y2 - m->area.y1) > 1)
        {
          double r[4] = { MIN (m->area.x1, m->area.x2), page_height - MAX (m->area.y1, m->area.y2),
                          fabs (m->area.x2 - m->area.x1), fabs (m->area.y2 - m->area.y1) };

          g_array_append_vals (rects, r, 4);
        }
    }
  poppler_page_free_form_field_mapping (mapping);

  return rects;
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autoptr(McPdfPreview) self = g_object_new (MC_TYPE_PDF_PREVIEW, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (task_data);
  GError *error = NULL;
  int n;

  self->document = poppler_document_new_from_gfile (file, NULL, cancellable, &error);
  if (self->document == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  n = poppler_document_get_n_pages (self->document);
  if (n <= 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s", _("The document has no pages."));
      return;
    }
  for (int i = 0; i < n; i++)
    {
      PopplerPage *page = poppler_document_get_page (self->document, i);
      PageSize size = { 0, 0 };

      poppler_page_get_size (page, &size.width, &size.height);
      g_array_append_val (self->sizes, size);
      g_ptr_array_add (self->fields, signature_fields (page, size.height));
      g_object_unref (page);
    }

  g_task_return_pointer (task, g_steal_pointer (&self), g_object_unref);
}

/**
 * mc_pdf_preview_open_async:
 * @path: a PDF
 * @cancellable: (nullable): a cancellable
 * @callback: called on the caller's main context
 * @user_data: data for @callback
 *
 * Opens @path in a worker thread.
 */
void
mc_pdf_preview_open_async (const char          *path,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_return_if_fail (path != NULL);

  g_task_set_source_tag (task, mc_pdf_preview_open_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, open_thread);
}

/**
 * mc_pdf_preview_open_finish:
 * @result: the result
 * @error: where to put why the file cannot be shown
 *
 * Returns: (transfer full): the opened document
 */
McPdfPreview *
mc_pdf_preview_open_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

guint
mc_pdf_preview_get_n_pages (McPdfPreview *self)
{
  g_return_val_if_fail (MC_IS_PDF_PREVIEW (self), 0);

  return self->sizes->len;
}

/**
 * mc_pdf_preview_get_page_size:
 * @self: a document
 * @page: 0-based
 * @width: (out): in points
 * @height: (out): in points
 *
 * Returns: %TRUE when the document has @page
 */
gboolean
mc_pdf_preview_get_page_size (McPdfPreview *self,
                              guint         page,
                              double       *width,
                              double       *height)
{
  g_return_val_if_fail (MC_IS_PDF_PREVIEW (self), FALSE);

  if (page >= self->sizes->len)
    return FALSE;
  *width = g_array_index (self->sizes, PageSize, page).width;
  *height = g_array_index (self->sizes, PageSize, page).height;

  return TRUE;
}

/**
 * mc_pdf_preview_find_last_signature:
 * @self: a document
 * @page: (out): where it is
 * @rect: (out) (array fixed-size=4): x, y, width, height in points from
 *   the top left of the page
 *
 * The last signature field of the document (the last page first).
 *
 * Returns: %TRUE when there is one
 */
gboolean
mc_pdf_preview_find_last_signature (McPdfPreview *self,
                                    guint        *page,
                                    double        rect[4])
{
  g_return_val_if_fail (MC_IS_PDF_PREVIEW (self), FALSE);

  for (guint i = self->fields->len; i > 0; i--)
    {
      GArray *fields = g_ptr_array_index (self->fields, i - 1);

      if (fields->len >= 4)
        {
          memcpy (rect, &g_array_index (fields, double, fields->len - 4), 4 * sizeof (double));
          *page = i - 1;
          return TRUE;
        }
    }

  return FALSE;
}

typedef struct
{
  guint page;
  double scale;
  int device_scale;
} RenderData;

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  McPdfPreview *self = source_object;
  RenderData *data = task_data;
  double pixels = data->scale * data->device_scale;
  PopplerPage *page;
  cairo_surface_t *surface;
  double width = 0, height = 0;
  cairo_t *cr;

  g_mutex_lock (&self->lock);
  page = poppler_document_get_page (self->document, data->page);
  if (page == NULL)
    {
      g_mutex_unlock (&self->lock);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no page %u", data->page);
      return;
    }
  poppler_page_get_size (page, &width, &height);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, MAX (1, (int) ceil (width * pixels)),
                                        MAX (1, (int) ceil (height * pixels)));
  cairo_surface_set_device_scale (surface, data->device_scale, data->device_scale);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, data->scale, data->scale);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  g_object_unref (page);
  g_mutex_unlock (&self->lock);

  g_task_return_pointer (task, surface, (GDestroyNotify) cairo_surface_destroy);
}

/**
 * mc_pdf_preview_render_async:
 * @self: a document
 * @page: 0-based
 * @scale: pixels per point
 * @device_scale: the screen's scale factor
 * @cancellable: (nullable): a cancellable
 * @callback: called on the caller's main context
 * @user_data: data for @callback
 *
 * Renders @page on white in a worker thread.
 */
void
mc_pdf_preview_render_async (McPdfPreview        *self,
                             guint                page,
                             double               scale,
                             int                  device_scale,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RenderData *data;

  g_return_if_fail (MC_IS_PDF_PREVIEW (self));
  g_return_if_fail (scale > 0);

  data = g_new0 (RenderData, 1);
  data->page = page;
  data->scale = scale;
  data->device_scale = MAX (device_scale, 1);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_pdf_preview_render_async);
  g_task_set_task_data (task, data, g_free);
  g_task_run_in_thread (task, render_thread);
}

/**
 * mc_pdf_preview_render_finish:
 * @self: a document
 * @result: the result
 * @error: where to put a failure
 *
 * Returns: (transfer full): the page as an image surface
 */
cairo_surface_t *
mc_pdf_preview_render_finish (McPdfPreview  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
