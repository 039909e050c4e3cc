/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shows every signature of a PDF, oldest first, with what an official or
 * a citizen asks of it: who signed, when, at which PAdES level, whether it
 * covers the document as it was signed, whether the document was changed
 * afterwards, and the root it is trusted through (flagged when the user
 * added it). The verdict is one plain sentence; the PAdES level, the
 * certificate chain, the revocation check and the time-stamp are one
 * click away, under "Technical details". The file is a dossier's result or any PDF
 * chosen with "Open PDF…"; the check runs off the main thread through
 * mc-sign-job.h. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "domain/mc-state.h"
#include "mc-sign-job.h"
#include "mc-verify-window.h"

struct _McVerifyWindow
{
  AdwWindow parent_instance;

  GCancellable *cancellable;
  GPtrArray *signatures;
  McTrustStore *trust;
  GtkFileChooserNative *chooser;

  AdwWindowTitle *window_title;
  GtkStack *stack;
  AdwStatusPage *error_page;
  GtkBox *groups_box;
};

G_DEFINE_FINAL_TYPE (McVerifyWindow, mc_verify_window, ADW_TYPE_WINDOW)

static const char *
check_label (McCheckResult result)
{
  switch (result)
    {
    case MC_CHECK_PASSED:
      return _("Passed");
    case MC_CHECK_FAILED:
      return _("Failed");
    case MC_CHECK_INDETERMINATE:
      return _("Could not be decided");
    case MC_CHECK_NOT_DONE:
    default:
      return _("Not checked");
    }
}

static const char *
check_icon (McCheckResult result)
{
  switch (result)
    {
    case MC_CHECK_PASSED:
      return "emblem-ok-symbolic";
    case MC_CHECK_FAILED:
      return "dialog-error-symbolic";
    case MC_CHECK_INDETERMINATE:
      return "dialog-warning-symbolic";
    case MC_CHECK_NOT_DONE:
    default:
      return NULL;
    }
}

static const char *
verdict_label (McPdfVerdict verdict)
{
  switch (verdict)
    {
    case MC_PDF_VERDICT_VALID:
      return _("Valid signature");
    case MC_PDF_VERDICT_VALID_WITH_CHANGES:
      return _("Valid signature, with later changes it allows");
    case MC_PDF_VERDICT_INVALID:
      return _("Invalid signature");
    case MC_PDF_VERDICT_INDETERMINATE:
    default:
      return _("Validity cannot be established");
    }
}

static const char *
verdict_icon (McPdfVerdict verdict)
{
  switch (verdict)
    {
    case MC_PDF_VERDICT_VALID:
      return "emblem-ok-symbolic";
    case MC_PDF_VERDICT_INVALID:
      return "dialog-error-symbolic";
    case MC_PDF_VERDICT_VALID_WITH_CHANGES:
    case MC_PDF_VERDICT_INDETERMINATE:
    default:
      return "dialog-warning-symbolic";
    }
}

static char *
format_time (GDateTime *when)
{
  g_autoptr(GDateTime) local = NULL;

  if (when == NULL)
    return g_strdup (_("Unknown"));
  local = g_date_time_to_timezone (when, mc_vietnam_time_zone ());
  return g_date_time_format (local, "%d/%m/%Y %H:%M:%S %:z");
}

/* Rows go either on the group (what an official reads) or into the
 * collapsed "Technical details" row (what an expert asks for). */
static GtkWidget *
add_row (GtkWidget  *parent,
         const char *title,
         const char *value,
         const char *icon_name)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value != NULL ? value : "—");
  if (icon_name != NULL)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (icon_name));
  gtk_widget_add_css_class (row, "property");
  if (ADW_IS_EXPANDER_ROW (parent))
    adw_expander_row_add_row (ADW_EXPANDER_ROW (parent), row);
  else
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (parent), row);

  return row;
}

/* One sentence an official can act on, without PAdES, TSA or OCSP. */
static const char *
verdict_sentence (McPdfVerdict verdict)
{
  switch (verdict)
    {
    case MC_PDF_VERDICT_VALID:
      return _("The signature is valid: the document is exactly as it was signed.");
    case MC_PDF_VERDICT_VALID_WITH_CHANGES:
      return _("The signature is valid. The document was changed later, but only in ways the signature "
               "allows; they are listed below.");
    case MC_PDF_VERDICT_INVALID:
      return _("The signature is NOT valid: do not rely on this document as signed.");
    case MC_PDF_VERDICT_INDETERMINATE:
    default:
      return _("The signature could not be confirmed. Check again later or ask the sender for the original.");
    }
}

static McCertificate *
find_anchor (McTrustStore  *trust,
             GPtrArray     *chain,
             McTrustOrigin *origin)
{
  *origin = MC_TRUST_ORIGIN_NONE;
  for (guint i = 0; trust != NULL && chain != NULL && i < chain->len; i++)
    {
      *origin = mc_trust_store_get_origin (trust, g_ptr_array_index (chain, i));
      if (*origin != MC_TRUST_ORIGIN_NONE)
        return g_ptr_array_index (chain, i);
    }
  return NULL;
}

static char *
revocation_text (McSignatureReport *report)
{
  McRevocationResult *revocation = mc_signature_report_get_revocation (report);
  const char *check = check_label (mc_signature_report_get_revocation_check (report));
  g_autofree char *when = NULL;
  const char *source;

  if (revocation == NULL)
    return g_strdup (check);

  source = mc_revocation_result_get_source (revocation) == MC_REVOCATION_SOURCE_OCSP ? "OCSP"
           : mc_revocation_result_get_source (revocation) == MC_REVOCATION_SOURCE_CRL ? "CRL" : NULL;
  switch (mc_revocation_result_get_status (revocation))
    {
    case MC_REVOCATION_STATUS_GOOD:
      when = format_time (mc_revocation_result_get_this_update (revocation));
      /* TRANSLATORS: check result, OCSP or CRL, time of the answer */
      return g_strdup_printf (_("%s: not revoked (%s, %s)"), check, source != NULL ? source : "—", when);
    case MC_REVOCATION_STATUS_REVOKED:
      when = format_time (mc_revocation_result_get_revocation_time (revocation));
      /* TRANSLATORS: check result, time the certificate was revoked */
      return g_strdup_printf (_("%s: the certificate was revoked on %s"), check, when);
    case MC_REVOCATION_STATUS_UNKNOWN:
    default:
      {
        const char *message = mc_revocation_result_get_message (revocation);

        /* TRANSLATORS: check result, why the revocation status is unknown */
        return message != NULL ? g_strdup_printf (_("%s: status unknown (%s)"), check, message)
                               : g_strdup_printf (_("%s: status unknown"), check);
      }
    }
}

static char *
timestamp_text (McSignatureReport *report)
{
  McCheckResult check = mc_signature_report_get_timestamp_check (report);
  GDateTime *when = mc_signature_report_get_timestamp_time (report);
  McCertificate *tsa = mc_signature_report_get_timestamp_authority (report);
  g_autofree char *time = NULL;

  if (check == MC_CHECK_NOT_DONE && when == NULL)
    return g_strdup (_("No time-stamp"));
  time = format_time (when);
  /* TRANSLATORS: check result, time-stamp time, time-stamping authority */
  return g_strdup_printf (_("%s: %s by %s"), check_label (check), time,
                          tsa != NULL && mc_certificate_get_subject_cn (tsa) != NULL
                            ? mc_certificate_get_subject_cn (tsa) : _("an unknown authority"));
}

static McCheckResult
worse (McCheckResult a,
       McCheckResult b)
{
  if (a == MC_CHECK_FAILED || b == MC_CHECK_FAILED)
    return MC_CHECK_FAILED;
  if (a == MC_CHECK_INDETERMINATE || b == MC_CHECK_INDETERMINATE)
    return MC_CHECK_INDETERMINATE;
  if (a == MC_CHECK_PASSED || b == MC_CHECK_PASSED)
    return MC_CHECK_PASSED;
  return MC_CHECK_NOT_DONE;
}

static void
show_signature (McVerifyWindow      *self,
                McPdfSignatureCheck *check,
                guint                index,
                guint                total)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *details = adw_expander_row_new ();
  McSignatureReport *report = check->report;
  g_autofree char *title = NULL;
  g_autofree char *when = format_time (check->signing_time);
  g_autofree char *place = NULL;
  g_autofree char *changed = NULL;
  const char *signer = check->signer;

  if (signer == NULL && report != NULL && mc_signature_report_get_signer (report) != NULL)
    signer = mc_certificate_get_subject_cn (mc_signature_report_get_signer (report));

  /* TRANSLATORS: "Signature 1 of 2 — Lê Quốc Hùng" */
  title = g_strdup_printf (_("Signature %u of %u — %s"), index + 1, total, signer != NULL ? signer : _("unknown signer"));
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  /* The same verdict the CLI prints and its JSON says, in plain words. */
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), verdict_sentence (check->verdict));

  add_row (group, _("Verdict"), verdict_label (check->verdict), verdict_icon (check->verdict));
  if (check->reason != NULL && check->verdict != MC_PDF_VERDICT_VALID_WITH_CHANGES)
    add_row (group, _("Why"), check->reason, NULL);
  add_row (group, _("Signed by"), signer, NULL);
  add_row (group, _("Signed on"), when, NULL);
  if (report != NULL)
    {
      McTrustOrigin origin;
      McCertificate *anchor = find_anchor (self->trust, mc_signature_report_get_chain (report), &origin);

      if (anchor != NULL)
        {
          const char *name = mc_certificate_get_subject_cn (anchor) ? mc_certificate_get_subject_cn (anchor)
                                                                    : mc_certificate_get_subject_dn (anchor);
          g_autofree char *root = origin == MC_TRUST_ORIGIN_USER
            ? g_strdup_printf ("%s (%s)", name, _("trusted by you, not shipped with the program"))
            : g_strdup (name);

          add_row (group, _("Trusted root"), root,
                   origin == MC_TRUST_ORIGIN_USER ? "dialog-information-symbolic" : NULL);
        }
    }
  if (check->disallowed_changes != NULL)
    {
      for (guint i = 0; check->disallowed_changes[i] != NULL; i++)
        add_row (group, _("Changed in a way the signature does not allow"), check->disallowed_changes[i],
                 "dialog-error-symbolic");
    }
  else if (check->changed_after)
    {
      changed = g_strdup_printf (_("Yes, in a way the signature does not allow: %s"),
                                 check->changes != NULL ? check->changes : _("details unknown"));
      add_row (group, _("Changed after signing"), changed, "dialog-error-symbolic");
    }
  for (guint i = 0; check->allowed_changes != NULL && check->allowed_changes[i] != NULL; i++)
    add_row (group, _("Changed later, as the signature allows"), check->allowed_changes[i],
             check->modification_level >= MC_MODIFICATION_FORM ? "dialog-warning-symbolic" : "emblem-ok-symbolic");
  if (report != NULL && mc_signature_report_get_digest_check (report) == MC_CHECK_FAILED)
    add_row (group, _("Changed after signing"), _("Yes: the signed content itself was altered"),
             "dialog-error-symbolic");
  else if (check->disallowed_changes == NULL && check->allowed_changes == NULL && !check->changed_after)
    add_row (group, _("Changed after signing"), _("No"), "emblem-ok-symbolic");

  /* Everything else, one click away. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (details), _("Technical details"));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (details),
                                 _("Signature level, certificate chain, revocation, time-stamp"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), details);
  add_row (details, _("Level"), check->level != MC_PADES_LEVEL_NONE ? mc_pades_level_to_string (check->level)
                                                                      : _("Not a PAdES baseline signature"), NULL);
  if (check->certification)
    {
      g_autofree char *cert = g_strdup_printf (_("Yes: this signature certifies the document (DocMDP P=%d)"),
                                               check->docmdp);
      add_row (details, _("Certification"), cert, NULL);
    }
  place = check->page_index >= 0 ? g_strdup_printf (_("Visible on page %d"), check->page_index + 1)
                                 : g_strdup (_("Invisible"));
  add_row (details, _("Appearance"), place, NULL);
  add_row (details, _("Covers the document"),
           check->covers_document ? _("Yes: it covers the whole document as it was signed")
                                  : _("No: part of the file is outside the signature"),
           check->covers_document ? "emblem-ok-symbolic" : "dialog-error-symbolic");
  if (report != NULL)
    {
      McCheckResult integrity = worse (mc_signature_report_get_digest_check (report),
                                       mc_signature_report_get_signature_check (report));
      g_autofree char *revocation = revocation_text (report);
      g_autofree char *timestamp = timestamp_text (report);
      GStrv problems = mc_signature_report_get_problems (report);

      add_row (details, _("Signature value"), check_label (integrity), check_icon (integrity));
      add_row (details, _("Certificate chain"), check_label (mc_signature_report_get_chain_check (report)),
               check_icon (mc_signature_report_get_chain_check (report)));
      add_row (details, _("Revocation"), revocation, check_icon (mc_signature_report_get_revocation_check (report)));
      add_row (details, _("Time-stamp"), timestamp, check_icon (mc_signature_report_get_timestamp_check (report)));
      for (guint i = 0; problems != NULL && problems[i] != NULL; i++)
        add_row (details, _("Problem"), problems[i], "dialog-warning-symbolic");
    }

  gtk_box_append (self->groups_box, group);
}

static void
verified (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(McVerifyWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *signatures = mc_sign_job_verify_finish (result, &error);
  GtkWidget *child;

  if (signatures == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  g_clear_pointer (&self->signatures, g_ptr_array_unref);
  self->signatures = signatures;
  g_set_object (&self->trust, mc_sign_job_verify_get_trust_store (result));
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->groups_box))) != NULL)
    gtk_box_remove (self->groups_box, child);
  for (guint i = 0; i < signatures->len; i++)
    show_signature (self, g_ptr_array_index (signatures, i), i, signatures->len);
  gtk_stack_set_visible_child_name (self->stack, signatures->len > 0 ? "list" : "none");
}

/**
 * mc_verify_window_open_file:
 * @self: the window
 * @path: a PDF
 * @title: (nullable): how to call it (the result's name); the file's name
 *   when %NULL
 *
 * Checks the signatures of @path in a worker thread and shows them.
 */
void
mc_verify_window_open_file (McVerifyWindow *self,
                            const char     *path,
                            const char     *title)
{
  g_autofree char *name = NULL;

  g_return_if_fail (MC_IS_VERIFY_WINDOW (self));
  g_return_if_fail (path != NULL);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_pointer (&self->signatures, g_ptr_array_unref);

  name = title != NULL ? g_strdup (title) : g_path_get_basename (path);
  adw_window_title_set_subtitle (self->window_title, name);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  mc_sign_job_verify_async (path, self->cancellable, verified, g_object_ref (self));
}

static void
chooser_response (GtkNativeDialog *dialog,
                  int              response,
                  McVerifyWindow  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        mc_verify_window_open_file (self, path, NULL);
    }
  g_clear_object (&self->chooser);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  McVerifyWindow *self = MC_VERIFY_WINDOW (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_suffix (filter, "pdf");

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Check the Signatures of a PDF"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
mc_verify_window_dispose (GObject *object)
{
  McVerifyWindow *self = MC_VERIFY_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_VERIFY_WINDOW);

  G_OBJECT_CLASS (mc_verify_window_parent_class)->dispose (object);
}

static void
mc_verify_window_finalize (GObject *object)
{
  McVerifyWindow *self = MC_VERIFY_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->trust);
  g_clear_pointer (&self->signatures, g_ptr_array_unref);

  G_OBJECT_CLASS (mc_verify_window_parent_class)->finalize (object);
}

static void
mc_verify_window_class_init (McVerifyWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_verify_window_dispose;
  object_class->finalize = mc_verify_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/motcua/Desk/mc-verify-window.ui");
  gtk_widget_class_bind_template_child (widget_class, McVerifyWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, McVerifyWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, McVerifyWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, McVerifyWindow, groups_box);

  gtk_widget_class_install_action (widget_class, "verify.open", NULL, open_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "verify.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mc_verify_window_init (McVerifyWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * mc_verify_window_new:
 * @parent: (nullable): the window it belongs to
 *
 * Returns: (transfer none): the window, to present; open a file with
 *   mc_verify_window_open_file() or let the officer choose one
 */
McVerifyWindow *
mc_verify_window_new (GtkWindow *parent)
{
  return g_object_new (MC_TYPE_VERIFY_WINDOW, "transient-for", parent, NULL);
}

/**
 * mc_verify_window_get_state:
 * @self: the window
 *
 * Returns: "empty", "loading", "error", "none" (no signature) or "list"
 */
const char *
mc_verify_window_get_state (McVerifyWindow *self)
{
  g_return_val_if_fail (MC_IS_VERIFY_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * mc_verify_window_get_signatures:
 * @self: the window
 *
 * Returns: (transfer none) (nullable) (element-type McPdfSignatureCheck):
 *   what is shown
 */
GPtrArray *
mc_verify_window_get_signatures (McVerifyWindow *self)
{
  g_return_val_if_fail (MC_IS_VERIFY_WINDOW (self), NULL);

  return self->signatures;
}
