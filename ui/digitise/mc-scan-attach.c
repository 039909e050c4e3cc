/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Attaching the scan dialog's pages: the dialog closes at once and a
 * worker cleans the pages and writes one PDF/A of page images per
 * component; the component rows are held busy only until that file is
 * there, and it is handed to them as a scan whose text the desk's
 * background OCR reads once it is stored (McOcrQueue). With "Sign the
 * copies" on, the office's certificate on the token signs each PDF/A (the
 * digital copy of Decree 45/2020/NĐ-CP) after its text is read, so the
 * signed copy is the searchable one: the certificate is chosen and the
 * PIN asked here, once for the day (the desk's sign queue holds the
 * session, McSignQueue), and the copy is handed to its row as one to
 * sign, stored unsigned at once and signed in the background. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "digitise/mc-digitise.h"
#include "digitise/mc-page-pdf.h"
#include "digitise/mc-sign-queue.h"
#include "mc-pkcs11.h"
#include "mc-scan-pages.h"

/* Attaching: one PDF/A per component, made in the background. */

typedef struct {
  GWeakRef   row;
  GPtrArray *pages;   /* of McScannedPage */
  GPtrArray *refs;    /* of McPdfPageRef or NULL, parallel to pages */
  gboolean   typed;   /* some pages are typed PDF pages, kept as they are */
  char      *path;
  GError    *error;
} Group;

static void
group_free (Group *group)
{
  g_weak_ref_clear (&group->row);
  g_ptr_array_unref (group->pages);
  g_ptr_array_unref (group->refs);
  g_free (group->path);
  g_clear_error (&group->error);
  g_free (group);
}

typedef struct {
  GPtrArray *groups;  /* of Group */
  char      *dir;
  gboolean   to_sign; /* the copies are signed in the background once read */
} Job;

static void
job_free (Job *job)
{
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

      /* Stored first as page images, read later; a copy to sign is
       * signed after it is read, so the signature covers its text. */
      if (group->typed ? !mc_pdf_write_mixed (group->pages, group->refs, TRUE, FALSE, group->path, cancellable,
                                              &group->error)
                       : !mc_digitise_write (group->pages, TRUE, FALSE, group->path, cancellable, &group->error))
        {
          g_autofree char *dir = g_path_get_dirname (group->path);

          g_unlink (group->path);
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
          if (job->to_sign)
            mc_component_row_add_copy_to_sign (row, group->path);
          else
            mc_component_row_add_scan (row, group->path);
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

      if (job->to_sign)
        text = g_strdup_printf (ngettext ("%u scanned page is attached; the copy is signed once its text is read",
                                          "%u scanned pages are attached; the copies are signed once their text is "
                                          "read",
                                          n_pages), n_pages);
      else
        text = g_strdup_printf (ngettext ("%u scanned page is attached and archival; its text is read in the background",
                                          "%u scanned pages are attached and archival; their text is read in the background",
                                          n_pages), n_pages);
      adw_toast_overlay_add_toast (overlay, adw_toast_new (text));
    }
}

static void
job_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Job *job = g_task_get_task_data (G_TASK (result));

  finish_groups (job);
}

static void
start_attach (McScanDialog *self,
              gboolean      to_sign)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  Job *job;

  if (self->pages->len == 0)
    return;
  job = g_new0 (Job, 1);
  job->to_sign = to_sign;
  job->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
  /* A private folder (0700) for the files until Receive stores them. */
  job->dir = g_dir_make_tmp ("motcua-scan-XXXXXX", &error);
  if (job->dir == NULL)
    {
      show_message (self, error->message, TRUE);
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
  gboolean waiting_only = self->signing_waiting;

  self->pin_dialog = NULL;
  self->signing_waiting = FALSE;
  update_sensitivity (self);
  /* Cancelled: the pages stay, to attach again. */
  if (session == NULL)
    return;
  /* The desk's sign queue holds the session for the day's copies, and
   * signs those waiting at once. */
  mc_sign_queue_set_session (mc_sign_queue_get_for_desk (self->desk), session);
  if (!waiting_only)
    start_attach (self, TRUE);
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
    show_message (self, _("No certificate was chosen. Choose the office’s certificate to sign the copies, or "
                          "turn off “Sign the copies”."), TRUE);
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
  update_sensitivity (self);
  if (found == NULL)
    show_message (self, error->message, TRUE);
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
  self->signing_waiting = FALSE;
  if (!gtk_switch_get_active (self->sign_switch))
    {
      start_attach (self, FALSE);
      return;
    }
  if (self->desk == NULL)
    {
      show_message (self, _("The copies can be signed only in a workspace. Turn off “Sign the copies” to attach "
                            "them unsigned."), TRUE);
      return;
    }
  /* The PIN was typed once today: the session is held still. */
  if (mc_sign_queue_get_session (mc_sign_queue_get_for_desk (self->desk)) != NULL)
    {
      start_attach (self, TRUE);
      return;
    }
  self->finding = TRUE;
  show_message (self, NULL, FALSE);
  update_sensitivity (self);
  task = g_task_new (self, NULL, identities_found, NULL);
  g_task_run_in_thread (task, identities_thread);
}

/* "Sign Waiting Copies": copies attached earlier (the token was pulled
 * out, the PIN not typed, the desk closed) are signed with one PIN. */
void
mc_scan_dialog_sign_waiting (McScanDialog *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->desk == NULL || self->pin_dialog != NULL || self->finding || self->token_chooser != NULL)
    return;
  self->signing_waiting = TRUE;
  self->finding = TRUE;
  show_message (self, NULL, FALSE);
  update_sensitivity (self);
  task = g_task_new (self, NULL, identities_found, NULL);
  g_task_run_in_thread (task, identities_thread);
}

/* The button is offered while copies wait and no session can sign them;
 * the queue's message says why they wait. */
static void
sign_queue_changed (McScanDialog *self)
{
  McSignQueue *queue = mc_sign_queue_get_for_desk (self->desk);
  gboolean offer = mc_sign_queue_get_n_waiting (queue) > 0 && mc_sign_queue_get_session (queue) == NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->sign_waiting_button), offer);
  /* Why they wait, on the button itself: the dialog's own line may be
   * telling something else (no scanner found). */
  if (offer && mc_sign_queue_get_message (queue) != NULL)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->sign_waiting_button), mc_sign_queue_get_message (queue));
  if (offer && mc_sign_queue_get_message (queue) != NULL && self->message == NULL)
    show_message (self, mc_sign_queue_get_message (queue), FALSE);
}

void
mc_scan_dialog_watch_sign_queue (McScanDialog *self)
{
  McSignQueue *queue = mc_sign_queue_get_for_desk (self->desk);

  g_signal_connect_object (queue, "notify::n-waiting", G_CALLBACK (sign_queue_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (queue, "notify::session", G_CALLBACK (sign_queue_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (queue, "notify::message", G_CALLBACK (sign_queue_changed), self, G_CONNECT_SWAPPED);
  sign_queue_changed (self);
  /* Counts what waits, and signs it if a session is held. */
  mc_sign_queue_resume (queue);
}
