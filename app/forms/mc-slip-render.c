/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writing a slip to a PDF file without ever leaving half a file behind:
 * cairo streams the PDF into a hidden temporary file in the target folder,
 * which is fsync'd and renamed over the target only when everything worked;
 * on any failure (broken template, no font, full disk, cancelled) the
 * temporary file is removed and the target is untouched. */
#define G_LOG_DOMAIN "motcua-forms"

#include "config.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <unistd.h>

#include "mc-slip.h"
#include "mc-slip-private.h"

typedef struct {
  int fd;
  int error;   /* first errno seen, 0 if none */
} Sink;

static cairo_status_t
sink_write (void                *closure,
            const unsigned char *bytes,
            unsigned int         length)
{
  Sink *sink = closure;

  if (sink->error != 0)
    return CAIRO_STATUS_WRITE_ERROR;

  while (length > 0)
    {
      ssize_t n = write (sink->fd, bytes, length);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          sink->error = errno;
          return CAIRO_STATUS_WRITE_ERROR;
        }
      bytes += n;
      length -= (unsigned int) n;
    }
  return CAIRO_STATUS_SUCCESS;
}

static void
set_write_error (GError     **error,
                 const char  *path,
                 int          errsv)
{
  g_set_error (error, MC_SLIP_ERROR, MC_SLIP_ERROR_WRITE,
               _("Cannot write the slip to “%s”: %s. Choose a folder you can write to, with free space, and try again."),
               path, g_strerror (errsv));
}

/* Draws the document on @surface. */
static gboolean
draw_document (McSlipTemplate   *tmpl,
               McSlipData       *data,
               cairo_surface_t  *surface,
               GCancellable     *cancellable,
               GError          **error)
{
  PangoContext *pango;
  g_autofree char *family = NULL;
  cairo_t *cr;
  gboolean ok = FALSE;

  cr = cairo_create (surface);
  pango = mc_slip_new_pango_context (cr);
  family = mc_slip_find_font (tmpl, pango, error);
  if (family != NULL)
    ok = mc_slip_layout_document (tmpl, data, cr, pango, family, cancellable, error);
  g_object_unref (pango);
  cairo_destroy (cr);

  return ok;
}

static void
set_metadata (cairo_surface_t *surface,
              McSlipTemplate  *tmpl,
              McSlipData      *data)
{
  const char *code = mc_slip_data_get (data, "dossier_code");
  g_autofree char *title = NULL;

  if (code != NULL && *code != '\0')
    title = g_strdup_printf ("%s – %s", tmpl->name, code);
  else
    title = g_strdup (tmpl->name);

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, tmpl->model);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Một Cửa Desk " PACKAGE_VERSION);
}

/**
 * mc_slip_template_render_to_file:
 * @tmpl: a template
 * @data: what to print
 * @path: the PDF file to write (replaced if it exists)
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Prints @data with @tmpl into a PDF file. The file appears complete or not
 * at all: on failure @path is left as it was.
 *
 * Returns: %TRUE on success
 */
gboolean
mc_slip_template_render_to_file (McSlipTemplate  *tmpl,
                                 McSlipData      *data,
                                 const char      *path,
                                 GCancellable    *cancellable,
                                 GError         **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_path = NULL;
  g_autoptr(GError) local_error = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  Sink sink = { -1, 0 };
  int dir_fd;

  g_return_val_if_fail (tmpl != NULL, FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp_path = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);

  sink.fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, 0600);
  if (sink.fd < 0)
    {
      set_write_error (error, path, errno);
      return FALSE;
    }

  surface = cairo_pdf_surface_create_for_stream (sink_write, &sink,
                                                 tmpl->page_width, tmpl->page_height);
  set_metadata (surface, tmpl, data);

  if (!draw_document (tmpl, data, surface, cancellable, &local_error))
    {
      cairo_surface_destroy (surface);
      goto failed;
    }

  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (sink.error != 0)
    {
      set_write_error (&local_error, path, sink.error);
      goto failed;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (&local_error, MC_SLIP_ERROR, MC_SLIP_ERROR_RENDER,
                   _("Drawing the slip failed: %s. Please report this problem."),
                   cairo_status_to_string (status));
      goto failed;
    }

  if (fsync (sink.fd) != 0)
    {
      set_write_error (&local_error, path, errno);
      goto failed;
    }
  if (close (sink.fd) != 0)
    {
      sink.fd = -1;
      set_write_error (&local_error, path, errno);
      goto failed;
    }
  sink.fd = -1;

  if (g_rename (tmp_path, path) != 0)
    {
      set_write_error (&local_error, path, errno);
      goto failed;
    }

  /* Make the rename itself durable. */
  dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0)
    {
      fsync (dir_fd);
      close (dir_fd);
    }
  return TRUE;

failed:
  if (sink.fd >= 0)
    close (sink.fd);
  g_unlink (tmp_path);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/**
 * mc_slip_render_to_file_sync:
 * @kind: a kind of slip (see mc_slip_list_kinds()), e.g. `receipt`
 * @data: what to print
 * @path: the PDF file to write (replaced if it exists)
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Loads the template for @kind and prints @data with it into @path; see
 * mc_slip_template_render_to_file().
 *
 * Returns: %TRUE on success
 */
gboolean
mc_slip_render_to_file_sync (const char    *kind,
                             McSlipData    *data,
                             const char    *path,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(McSlipTemplate) tmpl = NULL;

  g_return_val_if_fail (kind != NULL, FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* A template the central system published comes with the data. */
  if (mc_slip_data_get_template (data) != NULL &&
      g_strcmp0 (mc_slip_template_get_kind (mc_slip_data_get_template (data)), kind) == 0)
    tmpl = mc_slip_template_ref (mc_slip_data_get_template (data));
  else
    tmpl = mc_slip_template_load (kind, error);
  if (tmpl == NULL)
    return FALSE;

  return mc_slip_template_render_to_file (tmpl, data, path, cancellable, error);
}

typedef struct {
  char *kind;
  McSlipData *data;
  char *path;
} RenderJob;

static void
render_job_free (gpointer p)
{
  RenderJob *job = p;

  g_free (job->kind);
  mc_slip_data_unref (job->data);
  g_free (job->path);
  g_free (job);
}

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RenderJob *job = task_data;
  GError *error = NULL;

  if (mc_slip_render_to_file_sync (job->kind, job->data, job->path, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * mc_slip_render_to_file_async:
 * @kind: a kind of slip, e.g. `receipt`
 * @data: what to print (copied: the caller may change it afterwards)
 * @path: the PDF file to write
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the file is written or the work failed
 * @user_data: data for @callback
 *
 * Like mc_slip_render_to_file_sync(), in a worker thread.
 */
void
mc_slip_render_to_file_async (const char          *kind,
                              McSlipData          *data,
                              const char          *path,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RenderJob *job;

  g_return_if_fail (kind != NULL);
  g_return_if_fail (data != NULL);
  g_return_if_fail (path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job = g_new0 (RenderJob, 1);
  job->kind = g_strdup (kind);
  job->data = mc_slip_data_dup (data);
  job->path = g_strdup (path);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_slip_render_to_file_async);
  g_task_set_task_data (task, job, render_job_free);
  g_task_run_in_thread (task, render_thread);
}

/**
 * mc_slip_render_to_file_finish:
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the PDF was written
 */
gboolean
mc_slip_render_to_file_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mc_slip_render_to_file_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
