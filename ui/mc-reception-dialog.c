/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The reception dialog walks the officer through one reception in the
 * order the desk works: procedure, applicant, components, review, done. It
 * never loses what was typed: an error from the store (no numbers leased
 * for today, a file gone) is shown above the pages and the officer can fix
 * it and press Receive again; closing asks first. The catalogue and the
 * address units are read from the store in a worker when the dialog opens,
 * and the reception itself (copying scans, one transaction) runs in a
 * worker too, so the dialog never stalls the desk. Printing is the main
 * window's work: the dialog only says what to print. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "digitise/mc-ocr-queue.h"
#include "domain/citizen/mc-personal-id.h"
#include "domain/mc-catalogue.h"
#include "domain/mc-state.h"
#include "mc-reception-dialog-private.h"
#include "store/mc-desk-reference.h"

G_DEFINE_FINAL_TYPE (McReceptionDialog, mc_reception_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_DESK,
  N_PROPS
};

enum {
  RECEIVED,
  PRINT_SLIP,
  STOPPED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char * const pages[] = { "procedure", "applicant", "components", "review", "done" };

static const char *
current_page (McReceptionDialog *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->stack);

  return name != NULL ? name : "";
}

static gboolean
on_page (McReceptionDialog *self,
         const char        *page)
{
  return g_str_equal (current_page (self), page);
}

/* What stops the officer from going on from this page, if anything. */
static char *
page_problem (McReceptionDialog *self)
{
  if (on_page (self, "procedure"))
    return mc_procedure_picker_get_selected (self->picker) == NULL
      ? g_strdup (_("Choose the procedure the citizen applies for.")) : NULL;

  if (on_page (self, "applicant"))
    {
      if (mc_applicant_form_get_busy (self->applicant_form))
        return g_strdup (_("Reading the QR code…"));
      return g_strdup (mc_applicant_form_get_problem (self->applicant_form));
    }

  if (on_page (self, "components"))
    {
      g_autofree char *missing = mc_component_checklist_dup_missing (self->checklist);

      if (mc_component_checklist_is_pending (self->checklist))
        return g_strdup (_("Checking the attached files…"));
      if (missing != NULL)
        return g_strdup_printf (_("Not handed over yet: %s."), missing);
    }

  return NULL;
}

static void
set_step_classes (McReceptionDialog *self)
{
  GtkWidget *steps[] = { self->step_procedure, self->step_applicant, self->step_components,
                         self->step_review, self->step_done };
  const char *page = current_page (self);
  gboolean before = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      gboolean current = g_str_equal (page, pages[i]);

      gtk_widget_remove_css_class (steps[i], "current");
      gtk_widget_remove_css_class (steps[i], "done");
      if (current)
        {
          gtk_widget_add_css_class (steps[i], "current");
          before = FALSE;
        }
      else if (before && self->ready)
        gtk_widget_add_css_class (steps[i], "done");
    }
}

/* Brings buttons, actions and the hint in line with the page and its data. */
void
mc_reception_dialog_update_state (McReceptionDialog *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean review = on_page (self, "review");
  gboolean done = on_page (self, "done");
  gboolean form_page = on_page (self, "procedure") || on_page (self, "applicant") || on_page (self, "components");
  g_autofree char *problem = NULL;
  g_autofree char *missing = NULL;

  if (self->disposed)
    return;

  problem = self->ready ? page_problem (self) : NULL;
  g_free (self->validation);
  self->validation = g_strdup (problem);

  gtk_widget_action_set_enabled (widget, "reception.back",
                                 !self->receiving && (on_page (self, "applicant") || on_page (self, "components") || review));
  gtk_widget_action_set_enabled (widget, "reception.next", !self->receiving && form_page && problem == NULL);
  gtk_widget_action_set_enabled (widget, "reception.receive", !self->receiving && review);
  gtk_widget_action_set_enabled (widget, "reception.print-receipt", done);
  gtk_widget_action_set_enabled (widget, "reception.another", done);

  missing = on_page (self, "components") ? mc_component_checklist_dup_missing (self->checklist) : NULL;
  gtk_widget_action_set_enabled (widget, "reception.stop", missing != NULL && !self->receiving);

  gtk_widget_set_visible (GTK_WIDGET (self->next_button), !review);
  gtk_widget_set_visible (GTK_WIDGET (self->receive_button), review);
  gtk_window_set_default_widget (GTK_WINDOW (self),
                                 GTK_WIDGET (review ? self->receive_button : self->next_button));
  gtk_action_bar_set_revealed (self->action_bar, self->ready && !done);
  gtk_widget_set_sensitive (GTK_WIDGET (self->stack), !self->receiving);
  gtk_spinner_set_spinning (self->busy_spinner, self->receiving);
  gtk_widget_set_visible (GTK_WIDGET (self->busy_spinner), self->receiving);

  if (self->receiving)
    gtk_label_set_label (self->hint_label, _("Copying the scans and writing the dossier…"));
  else if (review)
    gtk_label_set_label (self->hint_label, _("Check everything with the citizen, then receive (Ctrl+Enter)."));
  else
    gtk_label_set_label (self->hint_label, problem != NULL ? problem : "");

  adw_window_title_set_subtitle (self->window_title,
                                 self->procedure != NULL ? mc_procedure_get_name (self->procedure) : NULL);
  set_step_classes (self);
}

static void
show_error (McReceptionDialog *self,
            const char        *message)
{
  g_free (self->error_text);
  self->error_text = g_strdup (message);
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

static void
go_to (McReceptionDialog *self,
       const char        *page)
{
  gtk_stack_set_visible_child_name (self->stack, page);
  mc_reception_dialog_update_state (self);

  if (g_str_equal (page, "procedure"))
    mc_procedure_picker_focus_search (self->picker);
  else if (g_str_equal (page, "applicant"))
    mc_applicant_form_focus (self->applicant_form);
  else if (g_str_equal (page, "review"))
    gtk_widget_grab_focus (GTK_WIDGET (self->receive_button));
}

static void
component_refused (McReceptionDialog *self,
                   const char        *message)
{
  show_error (self, message);
}

/* A new procedure means a new checklist; the same one keeps its scans. */
static void
set_procedure (McReceptionDialog *self,
               McProcedure       *procedure)
{
  if (self->procedure == procedure)
    return;

  g_set_object (&self->procedure, procedure);
  mc_component_checklist_set_procedure (self->checklist, procedure);
}

static void
show_review (McReceptionDialog *self)
{
  g_autoptr(McReception) reception = mc_reception_dialog_dup_reception (self);

  /* The same clock the store will use when Receive is pressed now. */
  mc_reception_review_show (self->review, self->procedure, reception,
                            mc_desk_get_calendar (self->desk), mc_desk_now (self->desk));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  McReceptionDialog *self = MC_RECEPTION_DIALOG (widget);

  if (self->receiving)
    return;

  if (on_page (self, "applicant"))
    go_to (self, "procedure");
  else if (on_page (self, "components"))
    go_to (self, "applicant");
  else if (on_page (self, "review"))
    go_to (self, "components");
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  McReceptionDialog *self = MC_RECEPTION_DIALOG (widget);
  g_autofree char *problem = NULL;

  if (self->receiving || !self->ready)
    return;

  problem = page_problem (self);
  if (problem != NULL)
    {
      mc_reception_dialog_update_state (self);
      return;
    }

  if (on_page (self, "procedure"))
    {
      set_procedure (self, mc_procedure_picker_get_selected (self->picker));
      go_to (self, "applicant");
    }
  else if (on_page (self, "applicant"))
    go_to (self, "components");
  else if (on_page (self, "components"))
    {
      show_review (self);
      go_to (self, "review");
    }
}

static void
procedure_activated (McReceptionDialog *self,
                     McProcedure       *procedure)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "reception.next", NULL);
}

static void
received_cb (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  g_autoptr(McReceptionDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(McReceptionResult) result = mc_desk_receive_finish (MC_DESK (source), res, &error);
  g_autofree char *due = NULL;
  g_autofree char *appointment = NULL;
  g_autoptr(GString) warnings = g_string_new (NULL);

  self->receiving = FALSE;

  if (result == NULL)
    {
      if (!self->disposed)
        {
          show_error (self, error->message);
          mc_reception_dialog_update_state (self);
        }
      return;
    }

  g_clear_pointer (&self->result, mc_reception_result_free);
  self->result = g_steal_pointer (&result);
  /* The scans are in the dossier as page images: their text is read now,
   * in the background, while the official goes on. */
  mc_ocr_queue_resume (mc_ocr_queue_get_for_desk (MC_DESK (source)));

  if (!self->disposed)
    {
      due = mc_format_date_time (self->result->due_at);
      /* TRANSLATORS: %s is the date and time the result will be ready */
      appointment = g_strdup_printf (_("Appointment to return the result: %s"), due);
      for (guint i = 0; self->result->warnings != NULL && i < self->result->warnings->len; i++)
        {
          if (warnings->len > 0)
            g_string_append_c (warnings, '\n');
          g_string_append (warnings, g_ptr_array_index (self->result->warnings, i));
        }
      gtk_label_set_label (self->done_code, self->result->code);
      gtk_label_set_label (self->done_appointment, appointment);
      gtk_label_set_label (self->done_warnings, warnings->str);
      gtk_widget_set_visible (GTK_WIDGET (self->done_warnings), warnings->len > 0);
      show_error (self, NULL);
      go_to (self, "done");
    }

  g_signal_emit (self, signals[RECEIVED], 0, self->result->code);
}

static void
receive_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  McReceptionDialog *self = MC_RECEPTION_DIALOG (widget);
  McReception *reception;

  if (self->receiving || !on_page (self, "review"))
    return;

  reception = mc_reception_dialog_dup_reception (self);
  self->receiving = TRUE;
  show_error (self, NULL);
  mc_reception_dialog_update_state (self);

  /* Not cancellable: once the transaction may have run, the dialog must
   * learn its outcome, or a retry would receive the dossier twice. */
  mc_desk_receive_async (self->desk, reception, NULL, received_cb, g_object_ref (self));
}

static void
print_receipt_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  McReceptionDialog *self = MC_RECEPTION_DIALOG (widget);

  if (self->result != NULL)
    g_signal_emit (self, signals[PRINT_SLIP], 0, "receipt", self->result->code);
}

static void
another_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  McReceptionDialog *self = MC_RECEPTION_DIALOG (widget);

  g_clear_pointer (&self->result, mc_reception_result_free);
  set_procedure (self, NULL);
  mc_procedure_picker_reset (self->picker);
  mc_applicant_form_reset (self->applicant_form);
  show_error (self, NULL);
  go_to (self, "procedure");
}

static void
stop_response (AdwMessageDialog  *dialog,
               const char        *response,
               McReceptionDialog *self)
{
  if (!g_str_equal (response, "stop"))
    return;

  g_signal_emit (self, signals[STOPPED], 0);
  /* The question outlives this window until its signal returns: it must
   * not point at it any more. */
  gtk_window_set_transient_for (GTK_WINDOW (dialog), NULL);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  McReceptionDialog *self = MC_RECEPTION_DIALOG (widget);
  g_autofree char *missing = mc_component_checklist_dup_missing (self->checklist);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (missing == NULL)
    return;

  body = g_strdup_printf (_("The citizen has not handed over: %s. The dossier cannot be received incomplete; "
                            "give the citizen a supplement slip listing what to bring."), missing);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Stop This Reception?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "continue", _("_Keep Receiving"),
                                    "stop", _("_Stop Reception"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "stop", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "continue");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "continue");
  g_signal_connect_object (dialog, "response", G_CALLBACK (stop_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
dismiss_error_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  show_error (MC_RECEPTION_DIALOG (widget), NULL);
}

static void
reference_loaded (GObject      *source,
                  GAsyncResult *res,
                  gpointer      user_data)
{
  g_autoptr(McReceptionDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(McDeskReference) reference = mc_desk_load_reference_finish (MC_DESK (source), res, &error);

  g_assert (MC_IS_RECEPTION_DIALOG (self));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->disposed)
    return;

  if (reference == NULL || mc_catalogue_get_n_procedures (reference->catalogue) == 0)
    {
      adw_status_page_set_description (self->load_error_page,
                                       reference == NULL ? error->message
                                                         : _("The catalogue of this workspace is empty. Sync with the central system to receive the catalogue, then try again."));
      gtk_stack_set_visible_child_name (self->stack, "load-error");
      mc_reception_dialog_update_state (self);
      return;
    }

  g_set_object (&self->catalogue, reference->catalogue);
  mc_procedure_picker_set_catalogue (self->picker, reference->catalogue);
  mc_applicant_form_set_mapper (self->applicant_form, g_steal_pointer (&reference->mapper));
  self->ready = TRUE;
  go_to (self, "procedure");
}

static void
load (McReceptionDialog *self)
{
  gtk_stack_set_visible_child_name (self->stack, "loading");
  mc_desk_load_reference_async (self->desk, self->cancellable, reference_loaded, g_object_ref (self));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  load (MC_RECEPTION_DIALOG (widget));
}

static gboolean
has_typed_data (McReceptionDialog *self)
{
  if (self->result != NULL || !self->ready)
    return FALSE;
  return self->procedure != NULL || !mc_applicant_form_is_empty (self->applicant_form) ||
         mc_component_checklist_has_files (self->checklist);
}

static void
discard_response (AdwMessageDialog  *dialog,
                  const char        *response,
                  McReceptionDialog *self)
{
  if (!g_str_equal (response, "discard"))
    return;

  /* The question outlives this window until its signal returns: it must
   * not point at it any more. */
  gtk_window_set_transient_for (GTK_WINDOW (dialog), NULL);
  gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
mc_reception_dialog_close_request (GtkWindow *window)
{
  McReceptionDialog *self = MC_RECEPTION_DIALOG (window);
  GtkWidget *dialog;

  if (self->receiving)
    {
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("The dossier is being written. Wait a moment.")));
      return TRUE;
    }

  if (!has_typed_data (self))
    return GTK_WINDOW_CLASS (mc_reception_dialog_parent_class)->close_request (window);

  dialog = adw_message_dialog_new (window, _("Discard This Reception?"),
                                   _("What you typed for this citizen and the attached scans will not be kept."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Editing"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  return TRUE;
}

/**
 * mc_reception_dialog_new:
 * @parent: (nullable): the main window
 * @desk: the open desk
 *
 * Returns: (transfer none): a new modal reception dialog; present it
 */
McReceptionDialog *
mc_reception_dialog_new (GtkWindow *parent,
                         McDesk    *desk)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (MC_IS_DESK (desk), NULL);

  return g_object_new (MC_TYPE_RECEPTION_DIALOG,
                       "transient-for", parent,
                       "application", parent != NULL ? gtk_window_get_application (parent) : NULL,
                       "desk", desk,
                       NULL);
}

McDesk *
mc_reception_dialog_get_desk (McReceptionDialog *self)
{
  g_return_val_if_fail (MC_IS_RECEPTION_DIALOG (self), NULL);

  return self->desk;
}

/**
 * mc_reception_dialog_dup_reception:
 * @self: a reception dialog
 *
 * What the officer entered so far: the procedure, the applicant and each
 * component with its files. A handler of #McReceptionDialog::stopped uses
 * it for the supplement slip.
 *
 * Returns: (transfer full): the reception
 */
McReception *
mc_reception_dialog_dup_reception (McReceptionDialog *self)
{
  McReception *reception;

  g_return_val_if_fail (MC_IS_RECEPTION_DIALOG (self), NULL);

  reception = mc_reception_new ();
  reception->procedure_code = self->procedure != NULL ? g_strdup (mc_procedure_get_code (self->procedure)) : NULL;
  mc_applicant_form_fill_reception (self->applicant_form, reception);
  mc_component_checklist_fill_reception (self->checklist, reception);

  return reception;
}

/**
 * mc_reception_dialog_get_received_code:
 * @self: a reception dialog
 *
 * Returns: (nullable): the code of the dossier just received
 */
const char *
mc_reception_dialog_get_received_code (McReceptionDialog *self)
{
  g_return_val_if_fail (MC_IS_RECEPTION_DIALOG (self), NULL);

  return self->result != NULL ? self->result->code : NULL;
}

static void
mc_reception_dialog_constructed (GObject *object)
{
  McReceptionDialog *self = MC_RECEPTION_DIALOG (object);

  G_OBJECT_CLASS (mc_reception_dialog_parent_class)->constructed (object);

  g_return_if_fail (self->desk != NULL);
  load (self);
  mc_reception_dialog_update_state (self);
}

static void
mc_reception_dialog_dispose (GObject *object)
{
  McReceptionDialog *self = MC_RECEPTION_DIALOG (object);

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_RECEPTION_DIALOG);
  g_clear_object (&self->procedure);
  g_clear_object (&self->catalogue);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->desk);

  G_OBJECT_CLASS (mc_reception_dialog_parent_class)->dispose (object);
}

static void
mc_reception_dialog_finalize (GObject *object)
{
  McReceptionDialog *self = MC_RECEPTION_DIALOG (object);

  g_clear_pointer (&self->result, mc_reception_result_free);
  g_free (self->validation);
  g_free (self->error_text);

  G_OBJECT_CLASS (mc_reception_dialog_parent_class)->finalize (object);
}

static void
mc_reception_dialog_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  McReceptionDialog *self = MC_RECEPTION_DIALOG (object);

  switch (prop_id)
    {
    case PROP_DESK: g_value_set_object (value, self->desk); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_reception_dialog_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  McReceptionDialog *self = MC_RECEPTION_DIALOG (object);

  switch (prop_id)
    {
    case PROP_DESK: self->desk = g_value_dup_object (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_reception_dialog_class_init (McReceptionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = mc_reception_dialog_constructed;
  object_class->dispose = mc_reception_dialog_dispose;
  object_class->finalize = mc_reception_dialog_finalize;
  object_class->get_property = mc_reception_dialog_get_property;
  object_class->set_property = mc_reception_dialog_set_property;
  window_class->close_request = mc_reception_dialog_close_request;

  properties[PROP_DESK] =
    g_param_spec_object ("desk", NULL, NULL, MC_TYPE_DESK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * McReceptionDialog::received:
   * @code: the new dossier's code
   *
   * The dossier was written to the store.
   */
  signals[RECEIVED] = g_signal_new ("received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * McReceptionDialog::print-slip:
   * @kind: which slip ("receipt")
   * @code: the dossier's code
   *
   * The officer asked for a slip to be printed.
   */
  signals[PRINT_SLIP] = g_signal_new ("print-slip", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  /**
   * McReceptionDialog::stopped:
   *
   * The officer stopped because required components are missing; the
   * dialog closes after this signal. mc_reception_dialog_dup_reception()
   * still gives what was entered, for the supplement slip.
   */
  signals[STOPPED] = g_signal_new ("stopped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (MC_TYPE_PROCEDURE_PICKER);
  g_type_ensure (MC_TYPE_APPLICANT_FORM);
  g_type_ensure (MC_TYPE_COMPONENT_CHECKLIST);
  g_type_ensure (MC_TYPE_RECEPTION_REVIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/motcua/Desk/mc-reception-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, McReceptionDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, McReceptionDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, McReceptionDialog, step_procedure);
  gtk_widget_class_bind_template_child (widget_class, McReceptionDialog, step_applicant);
  gtk_widget_class_bind_template_child (widget_class, McReceptionDialog, step_components);
  gtk_widget_class_bind_template_child (widget_class, McReceptionDialog, step_review);
  gtk_widget_class_bind_template_child (widget_class, McReceptionDialog, step_done);
  gtk_widget_class_bind_template_child (widget_class, McReceptionDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, McReceptionDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, McReceptionDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, McReceptionDialog, load_error_page);
  gtk_widget_class_bind_template_child (widget_class, McReceptionDialog, picker);
  gtk_widget_class_bind_template_child (widget_class, McReceptionDialog, applicant_form);
  gtk_widget_class_bind_template_child (widget_class, McReceptionDialog, checklist);
  gtk_widget_class_bind_template_child (widget_class, McReceptionDialog, review);
  gtk_widget_class_bind_template_child (widget_class, McReceptionDialog, done_code);
  gtk_widget_class_bind_template_child (widget_class, McReceptionDialog, done_appointment);
  gtk_widget_class_bind_template_child (widget_class, McReceptionDialog, done_warnings);
  gtk_widget_class_bind_template_child (widget_class, McReceptionDialog, action_bar);
  gtk_widget_class_bind_template_child (widget_class, McReceptionDialog, hint_label);
  gtk_widget_class_bind_template_child (widget_class, McReceptionDialog, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, McReceptionDialog, next_button);
  gtk_widget_class_bind_template_child (widget_class, McReceptionDialog, receive_button);
  gtk_widget_class_bind_template_callback_full (widget_class, "update_state", G_CALLBACK (mc_reception_dialog_update_state));
  gtk_widget_class_bind_template_callback (widget_class, procedure_activated);
  gtk_widget_class_bind_template_callback (widget_class, component_refused);

  gtk_widget_class_install_action (widget_class, "reception.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "reception.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "reception.receive", NULL, receive_action);
  gtk_widget_class_install_action (widget_class, "reception.print-receipt", NULL, print_receipt_action);
  gtk_widget_class_install_action (widget_class, "reception.another", NULL, another_action);
  gtk_widget_class_install_action (widget_class, "reception.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "reception.dismiss-error", NULL, dismiss_error_action);
  gtk_widget_class_install_action (widget_class, "reception.reload", NULL, reload_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "reception.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "reception.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "reception.receive", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "reception.receive", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_ISO_Enter, GDK_CONTROL_MASK, "reception.receive", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "reception.print-receipt", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mc_reception_dialog_init (McReceptionDialog *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}
