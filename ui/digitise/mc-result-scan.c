/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "Scan Result…" in a dossier's Results section. A result that exists on
 * paper (a certificate signed and sealed by hand) goes through the scan
 * dialog like a citizen's paper: scanned or imported, checked, blank
 * pages removed. The dialog works on component rows; here one row, never
 * shown, stands for the result. The file the dialog's background work
 * hands that row is a PDF/A of page images; results are not in the desk's
 * OCR queue (it reads component files only), so its text is read here, in
 * a worker, while the section shows its spinner, and the searchable PDF/A
 * is attached through the section (mc_results_section_attach_file) as the
 * dossier's result file, for the leader to sign with "Sign Results…". */
#define G_LOG_DOMAIN "motcua-digitise"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "digitise/mc-pdf-text.h"
#include "digitise/mc-result-scan.h"
#include "mc-component-row.h"

typedef struct
{
  gatomicrefcount refs;
  GWeakRef section;
  McDesk *desk;
  char *code;
  McComponentRow *row;    /* stands for the result, never shown */
  GHashTable *sent;       /* the row's files already read */
  char *dir;              /* 0700, for the searchable copy */
  char *searchable;       /* handed to the section, removed once stored */
  gulong busy_handler;
  gboolean held;          /* while the row waits for its file */
} Session;

static Session *
session_ref (Session *session)
{
  g_atomic_ref_count_inc (&session->refs);
  return session;
}

static void
forget_searchable (Session *session)
{
  if (session->searchable != NULL)
    g_unlink (session->searchable);
  g_clear_pointer (&session->searchable, g_free);
  if (session->dir != NULL)
    g_rmdir (session->dir);
  g_clear_pointer (&session->dir, g_free);
}

static void
session_unref (Session *session)
{
  if (!g_atomic_ref_count_dec (&session->refs))
    return;
  g_signal_handlers_disconnect_by_data (session->row, session);
  /* Dropping the row deletes the file the scan dialog made for it. */
  g_object_unref (session->row);
  forget_searchable (session);
  g_object_unref (session->desk);
  g_free (session->code);
  g_hash_table_unref (session->sent);
  g_weak_ref_clear (&session->section);
  g_free (session);
}

static void
tell (McResultsSection *section,
      const char       *text)
{
  g_signal_emit_by_name (section, "message", text);
}

/* The section idle again after the attach: the desk has the file. */
static void
section_busy_changed (McResultsSection *section,
                      GParamSpec       *pspec,
                      Session          *session)
{
  if (mc_results_section_get_busy (section))
    return;
  g_clear_signal_handler (&session->busy_handler, section);
  session_unref (session);
}

typedef struct
{
  char *scan;
  char *out;
} Read;

static void
read_free (Read *read)
{
  g_free (read->scan);
  g_free (read->out);
  g_free (read);
}

static void
read_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Read *read = task_data;
  g_autofree char *text = NULL;
  GError *error = NULL;
  guint n_read = 0;

  if (mc_pdf_text_read (read->scan, read->out, &text, &n_read, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
read_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Session *session = user_data;
  Read *read = g_task_get_task_data (G_TASK (result));
  g_autoptr(McResultsSection) section = g_weak_ref_get (&session->section);
  g_autoptr(GError) error = NULL;

  if (section != NULL)
    mc_results_section_set_working (section, FALSE);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (section != NULL)
        {
          g_autofree char *text = g_strdup_printf (_("The text of the scanned result could not be read: %s "
                                                     "Scan it again."), error->message);

          tell (section, text);
        }
      session_unref (session);
      return;
    }
  if (section == NULL)
    {
      /* The dossier was closed meanwhile: nothing is attached. */
      session_unref (session);
      return;
    }
  session->searchable = g_strdup (read->out);
  /* The session, held by this read, now waits for the section to store
   * the file (section_busy_changed), then removes its copy. */
  session->busy_handler = g_signal_connect (section, "notify::busy", G_CALLBACK (section_busy_changed), session);
  mc_results_section_attach_file (section, session->searchable);
}

/* The row's file, from the dialog's background work: its text is read in
 * a worker, then the section attaches it. */
static void
start_read (Session        *session,
            McComponentRow *row)
{
  GPtrArray *files = mc_component_row_get_files (row);
  g_autoptr(McResultsSection) section = g_weak_ref_get (&session->section);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  const char *scan;
  Read *read;

  if (files->len == 0 || section == NULL)
    return;
  scan = g_ptr_array_index (files, files->len - 1);
  if (!g_hash_table_add (session->sent, g_strdup (scan)))
    return;
  session->dir = g_dir_make_tmp ("motcua-result-XXXXXX", &error);
  if (session->dir == NULL)
    {
      tell (section, error->message);
      return;
    }
  read = g_new0 (Read, 1);
  read->scan = g_strdup (scan);
  read->out = g_build_filename (session->dir, "ket-qua.pdf", NULL);
  mc_results_section_set_working (section, TRUE);
  tell (section, _("Reading the text of the scanned result…"));
  task = g_task_new (NULL, NULL, read_done, session_ref (session));
  g_task_set_task_data (task, read, (GDestroyNotify) read_free);
  g_task_run_in_thread (task, read_thread);
}

/* The dialog closes once the pages are handed over: the session holds
 * itself while the row waits for its file, so the row outlives it. */
static void
row_pending_changed (McComponentRow *row,
                     GParamSpec     *pspec,
                     Session        *session)
{
  if (mc_component_row_get_pending (row) > 0)
    {
      if (!session->held)
        session_ref (session);
      session->held = TRUE;
      return;
    }
  start_read (session, row);
  if (session->held)
    {
      session->held = FALSE;
      session_unref (session);
    }
}

/**
 * mc_result_scan_open:
 * @section: the Results section of the dossier
 * @desk: the desk (the scan dialog keeps the officer's scan settings there)
 * @code: the dossier
 *
 * Opens the scan dialog for the dossier's result. Once the official
 * attaches the pages, the PDF/A is read with OCR and attached through
 * @section, which tells (its ::message) and reloads.
 *
 * Returns: (transfer none): the dialog, shown
 */
McScanDialog *
mc_result_scan_open (McResultsSection *section,
                     McDesk           *desk,
                     const char       *code)
{
  McProcedureComponent result = { (char *) "result", (char *) _("Settlement result"), 1,
                                  MC_COMPONENT_KIND_ORIGINAL, TRUE };
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (section));
  Session *session = g_new0 (Session, 1);
  McScanDialog *dialog;

  g_return_val_if_fail (MC_IS_RESULTS_SECTION (section), NULL);
  g_return_val_if_fail (MC_IS_DESK (desk), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  g_atomic_ref_count_init (&session->refs);
  g_weak_ref_init (&session->section, section);
  session->desk = g_object_ref (desk);
  session->code = g_strdup (code);
  session->sent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  session->row = g_object_ref_sink (mc_component_row_new (&result));
  g_signal_connect (session->row, "notify::pending", G_CALLBACK (row_pending_changed), session);

  g_ptr_array_add (rows, session->row);
  dialog = mc_scan_dialog_new (rows, session->row);
  mc_scan_dialog_set_desk (dialog, desk);
  /* A result is the office's own paper, not a citizen's copy to sign. */
  mc_scan_dialog_set_offer_signing (dialog, FALSE);
  /* The dialog holds the session while it is open; the read holds it
   * after, until the file is stored. */
  g_object_set_data_full (G_OBJECT (dialog), "mc-result-scan-session", session, (GDestroyNotify) session_unref);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}
