/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Attaching the scan dialog's pages: the dialog closes at once and a
 * worker cleans the pages and writes one PDF/A of page images per
 * component; the component rows are held busy only until that file is
 * there, and it is handed to them as a scan whose text the desk's
 * background OCR reads once it is stored (McOcrQueue). With "Sign the
 * copies" on, the office's certificate on the token signs each PDF/A (the
 * digital copy of Decree 45/2020/NĐ-CP) after its text is read, so the
 * signed copy is the searchable one: the certificate is chosen and the
 * PIN asked here, before the dialog closes. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "digitise/mc-digitise.h"
#include "digitise/mc-page-pdf.h"
#include "mc-pkcs11.h"
#include "mc-scan-dialog-private.h"
#include "mc-sign-job.h"

/* Attaching: one PDF/A per component, made in the background. */

typedef struct {
  GWeakRef   row;
  GPtrArray *pages;   /* of McScannedPage */
  GPtrArray *refs;    /* of McPdfPageRef or NULL, parallel to pages */
  gboolean   typed;   /* some pages are typed PDF pages, kept as they are */
  char      *path;
  char      *unsigned_path; /* the PDF/A before it is signed, or NULL */
  gboolean   unread;        /* page images only: the desk reads the text later */
  GError    *error;
} Group;

static void
group_free (Group *group)
{
  g_weak_ref_clear (&group->row);
  g_ptr_array_unref (group->pages);
  g_ptr_array_unref (group->refs);
  g_free (group->path);
  if (group->unsigned_path != NULL)
    g_unlink (group->unsigned_path);
  g_free (group->unsigned_path);
  g_clear_error (&group->error);
  g_free (group);
}

typedef struct {
  GPtrArray        *groups;  /* of Group */
  char             *dir;
  McSigningSession *session; /* signs the copies, or NULL */
  GPtrArray        *items;   /* of McBatchItem, parallel to signed */
  GPtrArray        *signed_groups;
  McSignRequest    *request;
} Job;

static void
job_free (Job *job)
{
  if (job->session != NULL)
    mc_signing_session_close (job->session);
  g_clear_object (&job->session);
  g_clear_pointer (&job->items, g_ptr_array_unref);
  g_clear_pointer (&job->signed_groups, g_ptr_array_unref);
  g_clear_pointer (&job->request, mc_sign_job_request_free);
  g_ptr_array_unref (job->groups);
  g_free (job->dir);
  g_free (job);
}

static void
job_thread (GTask        *task,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;

  for (guint i = 0; i < job->groups->len; i++)
    {
      Group *group = g_ptr_array_index (job->groups, i);

      const char *path = group->unsigned_path != NULL ? group->unsigned_path : group->path;

      /* Unsigned copies are stored first and read later; a copy to sign
       * is read first, so the signature covers its text. */
      group->unread = job->session == NULL;
      if (group->typed ? !mc_pdf_write_mixed (group->pages, group->refs, TRUE, !group->unread, path, cancellable,
                                              &group->error)
                       : !mc_digitise_write (group->pages, TRUE, !group->unread, path, cancellable, &group->error))
        {
          g_autofree char *dir = g_path_get_dirname (group->path);

          g_unlink (path);
          g_rmdir (dir);
        }
    }
  g_task_return_boolean (task, TRUE);
}

/* The file made for a row lives as long as the row: Receive has stored it
 * in the workspace by then, and the citizen's papers do not stay behind
 * in the temporary folder. */
static void
forget_scan (gpointer  path,
             GObject  *where_the_row_was)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_unlink (path);
  g_rmdir (dir);
  g_free (path);
}

static void
finish_groups (Job *job)
{
  guint n_pages = 0, n_failed = 0;
  AdwToastOverlay *overlay = NULL;

  for (guint i = 0; i < job->groups->len; i++)
    {
      Group *group = g_ptr_array_index (job->groups, i);
      g_autoptr(McComponentRow) row = g_weak_ref_get (&group->row);

      if (row == NULL)
        {
          /* The reception was closed meanwhile: nothing will store it. */
          forget_scan (g_strdup (group->path), NULL);
          continue;
        }
      if (overlay == NULL)
        overlay = ADW_TOAST_OVERLAY (gtk_widget_get_ancestor (GTK_WIDGET (row), ADW_TYPE_TOAST_OVERLAY));
      if (group->error == NULL)
        {
          if (group->unread)
            mc_component_row_add_scan (row, group->path);
          else
            mc_component_row_add_file (row, group->path);
          g_object_weak_ref (G_OBJECT (row), forget_scan, g_strdup (group->path));
          n_pages += group->pages->len;
        }
      else
        {
          g_autofree char *text = g_strdup_printf (_("The scan of “%s” could not be finished: %s Scan it again."),
                                                   mc_component_row_get_name (row), group->error->message);

          n_failed++;
          g_signal_emit_by_name (row, "file-refused", text);
        }
      mc_component_row_release (row);
    }
  if (overlay != NULL && n_failed == 0)
    {
      g_autofree char *text = NULL;

      if (job->request != NULL)
        text = g_strdup_printf (ngettext ("%u scanned page is attached, searchable, archival and signed",
                                          "%u scanned pages are attached, searchable, archival and signed",
                                          n_pages), n_pages);
      else
        text = g_strdup_printf (ngettext ("%u scanned page is attached and archival; its text is read in the background",
                                          "%u scanned pages are attached and archival; their text is read in the background",
                                          n_pages), n_pages);
      adw_toast_overlay_add_toast (overlay, adw_toast_new (text));
    }
}

/* The copies are signed: each signed file takes its group's place. */
static void
sign_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  mc_sign_job_run_finish (result, &error);
  /* The batch is over: the token is logged out now. */
  mc_signing_session_close (job->session);
  for (guint i = 0; i < job->items->len; i++)
    {
      McBatchItem *item = g_ptr_array_index (job->items, i);
      Group *group = g_ptr_array_index (job->signed_groups, i);

      if (item->error != NULL)
        group->error = g_error_copy (item->error);
      else if (item->result == NULL)
        group->error = error != NULL ? g_error_copy (error)
                                     : g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, _("The copy was not signed."));
    }
  finish_groups (job);
}

static void
job_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Job *job = g_task_get_task_data (G_TASK (result));

  if (job->session == NULL)
    {
      finish_groups (job);
      return;
    }
  job->items = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_sign_job_item_free);
  job->signed_groups = g_ptr_array_new ();
  for (guint i = 0; i < job->groups->len; i++)
    {
      Group *group = g_ptr_array_index (job->groups, i);

      if (group->error != NULL)
        continue;
      g_ptr_array_add (job->items, mc_sign_job_item_new (group->unsigned_path, group->path));
      g_ptr_array_add (job->signed_groups, group);
    }
  job->request = mc_sign_job_request_new ();
  job->request->layout = MC_SIGNATURE_LAYOUT_INVISIBLE;
  job->request->reason = g_strdup (_("Digital copy of the paper original"));
  mc_sign_job_run_async (job->session, job->items, job->request, NULL, NULL, NULL,
                         sign_done, g_object_ref (result));
}

static void
start_attach (McScanDialog     *self,
              McSigningSession *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  Job *job;

  if (self->pages->len == 0)
    return;
  job = g_new0 (Job, 1);
  job->session = session != NULL ? g_object_ref (session) : NULL;
  job->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
  /* A private folder (0700) for the files until Receive stores them. */
  job->dir = g_dir_make_tmp ("motcua-scan-XXXXXX", &error);
  if (job->dir == NULL)
    {
      mc_scan_dialog_show_message (self, error->message, TRUE);
      job_free (job);
      return;
    }
  for (guint c = 0; c < self->rows->len; c++)
    {
      McComponentRow *row = g_ptr_array_index (self->rows, c);
      g_autofree char *name = NULL;
      Group *group = NULL;

      for (guint i = 0; i < self->pages->len; i++)
        {
          Page *page = g_ptr_array_index (self->pages, i);

          if (page->component != c)
            continue;
          if (group == NULL)
            {
              group = g_new0 (Group, 1);
              g_weak_ref_init (&group->row, row);
              group->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_scanned_page_free);
              group->refs = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_pdf_page_ref_free);
              name = g_strdup_printf ("%s.pdf", mc_component_row_get_code (row));
              group->path = g_build_filename (job->dir, name, NULL);
              if (session != NULL)
                {
                  g_autofree char *unsigned_name = g_strdup_printf ("%s.unsigned.pdf", mc_component_row_get_code (row));

                  group->unsigned_path = g_build_filename (job->dir, unsigned_name, NULL);
                }
              g_ptr_array_add (job->groups, group);
              mc_component_row_hold (row);
            }
          g_ptr_array_add (group->pages, mc_page_copy (page->page));
          if (page->ref != NULL)
            {
              McPdfPageRef *ref = mc_pdf_page_ref_new (page->ref->path, page->ref->index);

              ref->quarter_turns = page->ref->quarter_turns;
              g_ptr_array_add (group->refs, ref);
              group->typed = TRUE;
            }
          else
            g_ptr_array_add (group->refs, NULL);
        }
    }
  task = g_task_new (NULL, NULL, job_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, job_thread);
  self->done = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

/* The certificates that may sign the copies: those valid today on the
 * inserted tokens, the organisation's first. Read in a worker: a token
 * answers slowly, and the dialog must not freeze meanwhile. */
static GPtrArray *
find_copy_identities (GError **error)
{
  g_autoptr(GPtrArray) tokens = mc_pkcs11_list_tokens_sync (NULL, error);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_organisation = 0;

  if (tokens == NULL)
    return NULL;
  for (guint i = 0; i < tokens->len; i++)
    {
      g_autoptr(GPtrArray) identities = mc_pkcs11_list_identities_sync (g_ptr_array_index (tokens, i), NULL, NULL);

      for (guint k = 0; identities != NULL && k < identities->len; k++)
        {
          McSigningIdentity *identity = g_ptr_array_index (identities, k);
          McCertificate *cert = mc_signing_identity_get_certificate (identity);
          GDateTime *from = mc_certificate_get_not_before (cert);
          GDateTime *until = mc_certificate_get_not_after (cert);

          if ((from != NULL && g_date_time_compare (from, now) > 0)
              || (until != NULL && g_date_time_compare (now, until) > 0))
            continue;
          if (mc_certificate_holder_of (cert) == MC_CERTIFICATE_HOLDER_ORGANISATION)
            g_ptr_array_insert (found, n_organisation++, g_object_ref (identity));
          else
            g_ptr_array_add (found, g_object_ref (identity));
        }
    }
  if (found->len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("Insert the token with the office’s certificate to sign the copies, or turn off "
                             "“Sign the copies”."));
      return NULL;
    }
  return g_steal_pointer (&found);
}

static void
pin_done (McPinDialog      *dialog,
          McSigningSession *session,
          McScanDialog     *self)
{
  self->pin_dialog = NULL;
  /* Cancelled: the pages stay, to attach again. */
  if (session != NULL)
    start_attach (self, session);
}

static void
ask_pin (McScanDialog      *self,
         McSigningIdentity *identity)
{
  self->pin_dialog = mc_pin_dialog_new (GTK_WINDOW (self), identity);
  g_signal_connect_object (self->pin_dialog, "done", G_CALLBACK (pin_done), self, 0);
  gtk_window_present (GTK_WINDOW (self->pin_dialog));
}

static void
certificate_chosen (AdwMessageDialog *question,
                    const char       *response,
                    McScanDialog     *self)
{
  McTokenChooser *chooser = self->token_chooser;
  McSigningIdentity *identity;

  self->token_chooser = NULL;
  if (!g_str_equal (response, "sign") || chooser == NULL)
    return;
  identity = mc_token_chooser_get_identity (chooser);
  if (identity == NULL)
    mc_scan_dialog_show_message (self, _("No certificate was chosen. Choose the office’s certificate to sign the "
                                         "copies, or turn off “Sign the copies”."), TRUE);
  else
    ask_pin (self, identity);
}

/* More than one certificate could sign: the official chooses, the
 * organisation's preferred. */
static void
choose_certificate (McScanDialog *self)
{
  AdwMessageDialog *question;

  question = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Choose the Certificate"),
                                                         _("The token holds more than one signing certificate. "
                                                           "Choose the office’s certificate to sign the copies.")));
  self->token_chooser = MC_TOKEN_CHOOSER (mc_token_chooser_new (NULL));
  mc_token_chooser_set_preferred_holder (self->token_chooser, MC_CERTIFICATE_HOLDER_ORGANISATION);
  adw_message_dialog_set_extra_child (question, GTK_WIDGET (self->token_chooser));
  adw_message_dialog_add_responses (question, "cancel", _("_Cancel"), "sign", _("_Sign"), NULL);
  adw_message_dialog_set_response_appearance (question, "sign", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (question, "sign");
  adw_message_dialog_set_close_response (question, "cancel");
  g_signal_connect_object (question, "response", G_CALLBACK (certificate_chosen), self, 0);
  gtk_window_present (GTK_WINDOW (question));
}

static void
identities_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *found = find_copy_identities (&error);

  if (found == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, found, (GDestroyNotify) g_ptr_array_unref);
}

static void
identities_found (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  McScanDialog *self = MC_SCAN_DIALOG (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = g_task_propagate_pointer (G_TASK (result), &error);

  self->finding = FALSE;
  if (self->disposed)
    return;
  mc_scan_dialog_update_sensitivity (self);
  if (found == NULL)
    mc_scan_dialog_show_message (self, error->message, TRUE);
  else if (found->len == 1)
    ask_pin (self, g_ptr_array_index (found, 0));
  else
    choose_certificate (self);
}

void
mc_scan_dialog_attach_clicked (McScanDialog *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->pages->len == 0 || self->pin_dialog != NULL || self->finding || self->token_chooser != NULL)
    return;
  if (!gtk_switch_get_active (self->sign_switch))
    {
      start_attach (self, NULL);
      return;
    }
  self->finding = TRUE;
  mc_scan_dialog_show_message (self, NULL, FALSE);
  mc_scan_dialog_update_sensitivity (self);
  task = g_task_new (self, NULL, identities_found, NULL);
  g_task_run_in_thread (task, identities_thread);
}
