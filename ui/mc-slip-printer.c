/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Slips reach people as PDF files, so printing one is printing a PDF: each
 * page is drawn by poppler into the cairo context GTK's print operation
 * hands out, scaled to the paper, which keeps what is printed identical to
 * what is saved. Slips made for printing or viewing go to a private cache
 * folder (0700, files 0600: they carry citizens' data) and are rendered in
 * a worker thread, as is every read of the store. Opening uses the
 * desktop's default PDF viewer. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <poppler.h>
#include <string.h>
#include <sys/stat.h>

#include "domain/mc-state.h"
#include "forms/mc-dossier-slip.h"
#include "forms/mc-slip.h"
#include "mc-slip-printer.h"

/* Cached slips older than this are removed when a new one is made. */
#define CACHE_MAX_AGE (7 * 24 * 3600)

/**
 * mc_slip_printer_get_cache_dir:
 *
 * Returns: (transfer full): the folder slips for printing and viewing are
 *   written to, `$XDG_CACHE_HOME/motcua/slips`
 */
char *
mc_slip_printer_get_cache_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "motcua", "slips", NULL);
}

static gboolean
ensure_cache_dir (const char  *dir,
                  GError     **error)
{
  g_autofree char *parent = g_path_get_dirname (dir);

  if (g_mkdir_with_parents (dir, 0700) != 0 || g_chmod (parent, 0700) != 0 || g_chmod (dir, 0700) != 0)
    {
      int errsv = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
                   _("Cannot use the folder “%s” for slips: %s. Check the permissions of your cache folder."),
                   dir, g_strerror (errsv));
      return FALSE;
    }

  return TRUE;
}

static void
prune_cache (const char *dir,
             gint64      now)
{
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  const char *name;

  if (folder == NULL)
    return;

  while ((name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      GStatBuf st;

      if (g_lstat (path, &st) == 0 && S_ISREG (st.st_mode) && now - st.st_mtime > CACHE_MAX_AGE)
        g_unlink (path);
    }
}

/* A file name from a dossier code: letters, digits, dots and dashes. */
static char *
safe_name (const char *text)
{
  char *name = g_strdup (text);

  for (char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-')
      *p = '_';

  return name;
}

typedef struct
{
  McDesk *desk;
  char *kind;
  char *code;
  gint64 from;
  gint64 to;
  McReception *reception;
} MakeJob;

static void
make_job_free (gpointer p)
{
  MakeJob *job = p;

  g_clear_object (&job->desk);
  g_free (job->kind);
  g_free (job->code);
  g_clear_pointer (&job->reception, mc_reception_free);
  g_free (job);
}

static void
make_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  MakeJob *job = task_data;
  g_autofree char *dir = mc_slip_printer_get_cache_dir ();
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(McSlipData) data = NULL;
  GError *error = NULL;

  if (job->reception != NULL)
    data = mc_desk_load_guidance_slip_data (job->desk, job->reception, &error);
  else if (job->code != NULL)
    data = mc_desk_load_slip_data (job->desk, job->kind, job->code, NULL, &error);
  else
    data = mc_desk_load_ledger_data (job->desk, job->from, job->to, &error);
  if (data == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (!ensure_cache_dir (dir, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  prune_cache (dir, g_get_real_time () / G_USEC_PER_SEC);

  if (job->reception != NULL)
    name = g_strdup_printf ("guidance-%" G_GINT64_FORMAT "-supplement.pdf", g_get_real_time ());
  else if (job->code != NULL)
    {
      g_autofree char *safe = safe_name (job->code);

      name = g_strdup_printf ("%s-%s.pdf", safe, job->kind);
    }
  else
    {
      g_autoptr(GDateTime) first = mc_vietnam_from_unix (job->from);
      g_autoptr(GDateTime) last = mc_vietnam_from_unix (job->to - 1);
      g_autofree char *from = g_date_time_format (first, "%Y-%m-%d");
      g_autofree char *to = g_date_time_format (last, "%Y-%m-%d");

      name = g_strdup_printf ("ledger-%s-%s.pdf", from, to);
    }
  path = g_build_filename (dir, name, NULL);

  if (!mc_slip_render_to_file_sync (job->kind, data, path, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&path), g_free);
}

static void
make_start (MakeJob             *job,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, mc_slip_printer_make_async);
  g_task_set_task_data (task, job, make_job_free);
  g_task_run_in_thread (task, make_thread);
}

/**
 * mc_slip_printer_make_async:
 * @desk: the desk the dossier belongs to
 * @kind: a kind of slip for one dossier (see mc_dossier_slip_kinds())
 * @code: the dossier code
 * @cancellable: (nullable): stops the work
 * @callback: called on the caller's main context
 * @user_data: data for @callback
 *
 * Renders the slip for a dossier, issued by the desk's current officer,
 * into the private cache folder (mc_slip_printer_get_cache_dir()), reading
 * the store and drawing in a worker thread. Finish with
 * mc_slip_printer_make_finish().
 */
void
mc_slip_printer_make_async (McDesk              *desk,
                            const char          *kind,
                            const char          *code,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  MakeJob *job;

  g_return_if_fail (MC_IS_DESK (desk));
  g_return_if_fail (kind != NULL);
  g_return_if_fail (code != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job = g_new0 (MakeJob, 1);
  job->desk = g_object_ref (desk);
  job->kind = g_strdup (kind);
  job->code = g_strdup (code);
  make_start (job, cancellable, callback, user_data);
}

/**
 * mc_slip_printer_make_ledger_async:
 * @desk: a desk
 * @from: first second of the period (Unix time)
 * @to: first second after the period
 * @cancellable: (nullable): stops the work
 * @callback: called on the caller's main context
 * @user_data: data for @callback
 *
 * Like mc_slip_printer_make_async() for the tracking ledger of the
 * dossiers received in [@from, @to).
 */
void
mc_slip_printer_make_ledger_async (McDesk              *desk,
                                   gint64               from,
                                   gint64               to,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  MakeJob *job;

  g_return_if_fail (MC_IS_DESK (desk));
  g_return_if_fail (from < to);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  job = g_new0 (MakeJob, 1);
  job->desk = g_object_ref (desk);
  job->kind = g_strdup ("ledger");
  job->from = from;
  job->to = to;
  make_start (job, cancellable, callback, user_data);
}

/**
 * mc_slip_printer_make_finish:
 * @result: the result given to the callback
 * @error: where to put a failure
 *
 * Returns: (transfer full): the path of the PDF, or %NULL with @error set
 */
char *
mc_slip_printer_make_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mc_slip_printer_make_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Printing. */

static void
set_orientation (GtkPageSetup *setup,
                 PopplerPage  *page)
{
  double width, height;

  poppler_page_get_size (page, &width, &height);
  gtk_page_setup_set_orientation (setup, width > height ? GTK_PAGE_ORIENTATION_LANDSCAPE
                                                        : GTK_PAGE_ORIENTATION_PORTRAIT);
}

/* The paper of the slip's first page: A4 when it is A4 (every template
 * now), its own size otherwise. */
static GtkPageSetup *
page_setup_for (PopplerDocument *document)
{
  GtkPageSetup *setup = gtk_page_setup_new ();
  PopplerPage *page = poppler_document_get_page (document, 0);
  g_autoptr(GtkPaperSize) paper = NULL;
  double width, height, shorter, longer;

  if (page == NULL)
    return setup;

  poppler_page_get_size (page, &width, &height);
  shorter = MIN (width, height);
  longer = MAX (width, height);
  if (ABS (shorter - 595.28) < 2 && ABS (longer - 841.89) < 2)
    paper = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  else
    paper = gtk_paper_size_new_custom ("motcua-slip", _("Slip"), shorter, longer, GTK_UNIT_POINTS);
  gtk_page_setup_set_paper_size (setup, paper);
  set_orientation (setup, page);
  g_object_unref (page);

  return setup;
}

static void
request_page_setup (GtkPrintOperation *operation,
                    GtkPrintContext   *context,
                    int                page_nr,
                    GtkPageSetup      *setup,
                    PopplerDocument   *document)
{
  PopplerPage *page = poppler_document_get_page (document, page_nr);

  if (page == NULL)
    return;
  set_orientation (setup, page);
  g_object_unref (page);
}

static void
draw_page (GtkPrintOperation *operation,
           GtkPrintContext   *context,
           int                page_nr,
           PopplerDocument   *document)
{
  PopplerPage *page = poppler_document_get_page (document, page_nr);
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width, height, scale;

  if (page == NULL)
    return;

  /* The operation uses the full page in points, so a slip lands where its
   * own margins put it; a different paper scales it to fit. */
  poppler_page_get_size (page, &width, &height);
  scale = MIN (gtk_print_context_get_width (context) / width,
               gtk_print_context_get_height (context) / height);
  cairo_save (cr);
  cairo_scale (cr, scale, scale);
  poppler_page_render_for_printing (page, cr);
  cairo_restore (cr);
  g_object_unref (page);
}

static GtkPrintOperation *
operation_for_document (PopplerDocument *document,
                        const char      *pdf_path)
{
  GtkPrintOperation *operation = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = page_setup_for (document);
  g_autofree char *job_name = g_path_get_basename (pdf_path);

  gtk_print_operation_set_job_name (operation, job_name);
  gtk_print_operation_set_n_pages (operation, poppler_document_get_n_pages (document));
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);

  g_object_set_data_full (G_OBJECT (operation), "mc-slip-document",
                          g_object_ref (document), g_object_unref);
  g_signal_connect_object (operation, "request-page-setup", G_CALLBACK (request_page_setup), document, 0);
  g_signal_connect_object (operation, "draw-page", G_CALLBACK (draw_page), document, 0);

  return operation;
}

static PopplerDocument *
open_document (GBytes      *bytes,
               const char  *pdf_path,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  PopplerDocument *document = poppler_document_new_from_bytes (bytes, NULL, &local_error);

  if (document == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is not a PDF that can be printed: %s. Make the slip again."),
                   pdf_path, local_error->message);
      return NULL;
    }

  if (poppler_document_get_n_pages (document) < 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” has no pages. Make the slip again."), pdf_path);
      g_object_unref (document);
      return NULL;
    }

  return document;
}

/**
 * mc_slip_printer_new_operation:
 * @pdf_path: a PDF file
 * @error: where to put a failure
 *
 * Reads @pdf_path (in the calling thread) and makes a print operation that
 * draws its pages on the paper of its first page, full page. Run it with
 * the action you need, e.g. %GTK_PRINT_OPERATION_ACTION_EXPORT with an
 * export file name.
 *
 * Returns: (transfer full): the operation, or %NULL with @error set
 */
GtkPrintOperation *
mc_slip_printer_new_operation (const char  *pdf_path,
                               GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  PopplerDocument *document;
  GtkPrintOperation *operation;

  g_return_val_if_fail (pdf_path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = g_file_new_for_path (pdf_path);
  bytes = g_file_load_bytes (file, NULL, NULL, error);
  if (bytes == NULL)
    return NULL;
  document = open_document (bytes, pdf_path, error);
  if (document == NULL)
    return NULL;

  operation = operation_for_document (document, pdf_path);
  g_object_unref (document);

  return operation;
}

typedef struct
{
  char *pdf_path;
  GtkWindow *parent;
  gboolean done;
} PrintJob;

static void
print_job_free (gpointer p)
{
  PrintJob *job = p;

  g_free (job->pdf_path);
  g_clear_object (&job->parent);
  g_free (job);
}

static void
print_complete (GTask                   *task,
                GtkPrintOperation       *operation,
                GtkPrintOperationResult  result)
{
  PrintJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (job->done || result == GTK_PRINT_OPERATION_RESULT_IN_PROGRESS)
    return;
  job->done = TRUE;

  switch (result)
    {
    case GTK_PRINT_OPERATION_RESULT_APPLY:
      g_task_return_boolean (task, TRUE);
      break;
    case GTK_PRINT_OPERATION_RESULT_CANCEL:
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Printing was cancelled."));
      break;
    case GTK_PRINT_OPERATION_RESULT_ERROR:
    default:
      gtk_print_operation_get_error (operation, &error);
      if (error == NULL)
        error = g_error_new_literal (GTK_PRINT_ERROR, GTK_PRINT_ERROR_GENERAL, _("The slip could not be printed."));
      g_prefix_error (&error, _("The slip could not be printed: "));
      g_task_return_error (task, error);
      break;
    }
}

static void
print_done (GtkPrintOperation       *operation,
            GtkPrintOperationResult  result,
            gpointer                 user_data)
{
  print_complete (G_TASK (user_data), operation, result);
}

static void
print_loaded (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PrintJob *job = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GtkPrintOperation) operation = NULL;
  GtkPrintOperationResult result;
  PopplerDocument *document;
  GError *error = NULL;

  bytes = g_file_load_bytes_finish (G_FILE (source), res, NULL, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  document = open_document (bytes, job->pdf_path, &error);
  if (document == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  operation = operation_for_document (document, job->pdf_path);
  g_object_unref (document);
  gtk_print_operation_set_allow_async (operation, TRUE);
  gtk_print_operation_set_show_progress (operation, TRUE);

  /* The handler keeps the task alive as long as the operation lives (GTK
   * holds it while an asynchronous job runs). */
  g_signal_connect_data (operation, "done", G_CALLBACK (print_done), g_object_ref (task),
                         (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, job->parent, &error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR && !job->done)
    {
      job->done = TRUE;
      g_prefix_error (&error, _("The slip could not be printed: "));
      g_task_return_error (task, error);
      return;
    }
  g_clear_error (&error);
  print_complete (task, operation, result);
}

/**
 * mc_slip_printer_print_async:
 * @pdf_path: a slip's PDF file
 * @parent: (nullable): the window the print dialog belongs to
 * @cancellable: (nullable): stops reading the file
 * @callback: called when the job was handed to the printer, or not
 * @user_data: data for @callback
 *
 * Reads the PDF without blocking, then shows the print dialog and prints
 * every page on the paper of the slip. Finish with
 * mc_slip_printer_print_finish().
 */
void
mc_slip_printer_print_async (const char          *pdf_path,
                             GtkWindow           *parent,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GFile) file = NULL;
  PrintJob *job;

  g_return_if_fail (pdf_path != NULL);
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  job = g_new0 (PrintJob, 1);
  job->pdf_path = g_strdup (pdf_path);
  job->parent = parent != NULL ? g_object_ref (parent) : NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_slip_printer_print_async);
  g_task_set_task_data (task, job, print_job_free);

  file = g_file_new_for_path (pdf_path);
  g_file_load_bytes_async (file, cancellable, print_loaded, g_steal_pointer (&task));
}

/**
 * mc_slip_printer_print_finish:
 * @result: the result given to the callback
 * @error: where to put a failure (%G_IO_ERROR_CANCELLED when the officer
 *   closed the print dialog)
 *
 * Returns: %TRUE when the slip went to the printer
 */
gboolean
mc_slip_printer_print_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mc_slip_printer_print_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Opening. */

static void
open_done (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (res, &error))
    {
      g_prefix_error (&error, _("The slip could not be opened: "));
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * mc_slip_printer_open_async:
 * @pdf_path: a slip's PDF file
 * @parent: (nullable): the window asking, for the launch context
 * @cancellable: (nullable): a cancellable
 * @callback: called once the viewer was started, or not
 * @user_data: data for @callback
 *
 * Opens the PDF in the desktop's default viewer. Finish with
 * mc_slip_printer_open_finish().
 */
void
mc_slip_printer_open_async (const char          *pdf_path,
                            GtkWindow           *parent,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GdkAppLaunchContext) context = NULL;
  g_autofree char *uri = NULL;
  GdkDisplay *display;

  g_return_if_fail (pdf_path != NULL);
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_slip_printer_open_async);

  if (!g_file_test (pdf_path, G_FILE_TEST_IS_REGULAR))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("The slip “%s” is gone. Make it again."), pdf_path);
      return;
    }

  file = g_file_new_for_path (pdf_path);
  uri = g_file_get_uri (file);
  display = parent != NULL ? gtk_widget_get_display (GTK_WIDGET (parent)) : gdk_display_get_default ();
  if (display != NULL)
    context = gdk_display_get_app_launch_context (display);

  g_app_info_launch_default_for_uri_async (uri, context != NULL ? G_APP_LAUNCH_CONTEXT (context) : NULL,
                                           cancellable, open_done, g_steal_pointer (&task));
}

/**
 * mc_slip_printer_open_finish:
 * @result: the result given to the callback
 * @error: where to put a failure
 *
 * Returns: %TRUE when a viewer was started
 */
gboolean
mc_slip_printer_open_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mc_slip_printer_open_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * mc_slip_printer_make_guidance_async:
 * @desk: the desk
 * @reception: (transfer full): an incomplete reception
 * @cancellable: (nullable): stops the work
 * @callback: called on the caller's main context
 * @user_data: data for @callback
 *
 * Renders the supplement slip given at the counter for a dossier that could
 * not be received (see mc_desk_load_guidance_slip_data()). Finish with
 * mc_slip_printer_make_finish().
 */
void
mc_slip_printer_make_guidance_async (McDesk              *desk,
                                     McReception         *reception,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  MakeJob *job = g_new0 (MakeJob, 1);

  g_return_if_fail (MC_IS_DESK (desk));

  job->desk = g_object_ref (desk);
  job->kind = g_strdup ("supplement");
  job->reception = reception;
  make_start (job, cancellable, callback, user_data);
}
