/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The dossier pane's actions: the buttons and menus of what the desk
 * offers on the dossier now (mc-desk-offer.h), the dialog an action that
 * needs input or confirmation opens, running it off the main thread, the
 * toast that names the dossier after it, and the slips the printer menu
 * offers. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "domain/mc-state.h"
#include "store/mc-desk-offer.h"
#include "mc-action-form.h"
#include "mc-dossier-pane-private.h"

/* ---- What is offered ---- */

static GtkWidget *
action_button (const char *label,
               const char *action_id)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "pane.act");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", action_id);
  gtk_widget_set_halign (button, GTK_ALIGN_START);

  return button;
}

/* One thing stands out: signing a result that awaits this officer, or the
 * next step of the usual path. Steps that end the dossier are marked
 * destructive; everything else waits in "More Actions". What is offered
 * comes from the desk (state, procedure and role), not from here. */
void
mc_dossier_pane_show_actions (McDossierPane *self)
{
  GtkWidget *child;
  g_autoptr(GPtrArray) offered = NULL;
  g_autoptr(GMenu) more = g_menu_new ();
  McDeskCase dcase = mc_dossier_pane_current_case (self);
  GPtrArray *results;
  gboolean can_sign;
  gboolean has_primary = FALSE;
  guint n_shown = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->actions_box))) != NULL)
    gtk_flow_box_remove (self->actions_box, child);
  g_ptr_array_set_size (self->offered, 0);
  g_clear_pointer (&self->primary, g_free);

  if (self->officer == NULL)
    {
      gtk_label_set_label (self->actions_hint,
                           _("Choose your officer profile in Preferences to act on dossiers."));
      gtk_widget_set_visible (GTK_WIDGET (self->actions_hint), TRUE);
      return;
    }

  offered = mc_desk_case_actions (self->desk, &dcase, self->officer->role);

  /* A result awaiting this officer's signature: signing it is the one
   * thing to do; marking it signed by hand is not offered where the real
   * signature can be made. */
  can_sign = mc_results_section_can_sign (self->results_section);
  results = mc_results_section_get_results (self->results_section);
  if (can_sign)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Sign…"));

      gtk_widget_set_name (button, "pane-sign");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "pane.sign");
      gtk_widget_add_css_class (button, "suggested-action");
      gtk_widget_set_halign (button, GTK_ALIGN_START);
      gtk_flow_box_append (self->actions_box, button);
      has_primary = TRUE;
      n_shown++;
      g_ptr_array_add (self->offered, g_strdup ("sign"));
      self->primary = g_strdup ("sign");
    }

  for (guint i = 0; i < offered->len; i++)
    {
      const McWorkflowAction *action = g_ptr_array_index (offered, i);
      const char *label = mc_workflow_action_label (action->id);
      GtkWidget *button;

      if (g_str_equal (action->id, MC_ACTION_MARK_SIGNED) && results != NULL && results->len > 0)
        continue;
      g_ptr_array_add (self->offered, g_strdup (action->id));

      if (action->primary && !has_primary)
        {
          button = action_button (label, action->id);
          gtk_widget_add_css_class (button, "suggested-action");
          has_primary = TRUE;
          self->primary = g_strdup (action->id);
        }
      else if (action->irreversible)
        {
          button = action_button (label, action->id);
          gtk_widget_add_css_class (button, "destructive-action");
        }
      else
        {
          g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

          g_menu_item_set_action_and_target_value (item, "pane.act", g_variant_new_string (action->id));
          g_menu_append_item (more, item);
          continue;
        }
      gtk_widget_set_name (button, action->id);
      gtk_flow_box_append (self->actions_box, button);
      n_shown++;
    }

  if (g_menu_model_get_n_items (G_MENU_MODEL (more)) > 0)
    {
      GtkWidget *button = gtk_menu_button_new ();

      gtk_menu_button_set_label (GTK_MENU_BUTTON (button), _("_More Actions"));
      gtk_menu_button_set_use_underline (GTK_MENU_BUTTON (button), TRUE);
      gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (more));
      gtk_widget_set_name (button, "pane-more-actions");
      gtk_widget_set_halign (button, GTK_ALIGN_START);
      gtk_flow_box_append (self->actions_box, button);
      n_shown++;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->actions_hint), n_shown == 0);
  if (n_shown == 0)
    {
      g_autofree char *hint = g_strdup_printf (_("Nothing for a %s to do on this dossier now."),
                                               mc_role_label (self->officer->role));

      gtk_label_set_label (self->actions_hint, hint);
    }
}

/* The slips this dossier has a reason for now (the desk decides), in the
 * printer menu; no menu when it has none. */
void
mc_dossier_pane_show_slips (McDossierPane *self)
{
  static const struct { const char *kind; const char *label; } slips[] = {
    { "receipt", N_("_Receipt and Appointment Slip") },
    { "supplement", N_("_Supplement Request Slip") },
    { "refusal", N_("R_efusal Slip") },
    { "apology", N_("_Apology and New Appointment Slip") },
    { "control-sheet", N_("_Control Sheet") },
  };
  g_autoptr(GMenu) menu = g_menu_new ();
  McDeskCase dcase = mc_dossier_pane_current_case (self);

  g_ptr_array_set_size (self->slips, 0);
  for (guint i = 0; i < G_N_ELEMENTS (slips); i++)
    {
      g_autoptr(GMenuItem) item = NULL;

      if (!mc_desk_case_can_print (&dcase, slips[i].kind))
        continue;
      g_ptr_array_add (self->slips, g_strdup (slips[i].kind));
      item = g_menu_item_new (_(slips[i].label), NULL);
      g_menu_item_set_action_and_target_value (item, "pane.print-slip", g_variant_new_string (slips[i].kind));
      g_menu_append_item (menu, item);
    }
  gtk_menu_button_set_menu_model (self->slip_button, G_MENU_MODEL (menu));
  gtk_widget_set_visible (GTK_WIDGET (self->slip_button), g_menu_model_get_n_items (G_MENU_MODEL (menu)) > 0);
}

/* ---- Acting ---- */

typedef struct
{
  McDossierPane *self;
  char *action_id;
  char *code;
  char *department;
} ActCall;

/* What the officer reads once an action went through: the dossier and,
 * for a hand-over, to whom, in the words of the desk. */
static char *
done_message (const char *action_id,
              const char *code,
              const char *department)
{
  if (g_str_equal (action_id, MC_ACTION_FORWARD) && department != NULL && *department != '\0')
    return g_strdup_printf (_("Forwarded dossier %s to %s."), code, department);
  if (g_str_equal (action_id, MC_ACTION_FORWARD))
    return g_strdup_printf (_("Forwarded dossier %s."), code);
  if (g_str_equal (action_id, "receive"))
    return g_strdup_printf (_("Received dossier %s."), code);
  if (g_str_equal (action_id, "refuse"))
    return g_strdup_printf (_("Refused dossier %s."), code);
  if (g_str_equal (action_id, "request_supplement"))
    return g_strdup_printf (_("Asked for a supplement to dossier %s."), code);
  if (g_str_equal (action_id, "supplement_received"))
    return g_strdup_printf (_("Recorded the supplement to dossier %s."), code);
  if (g_str_equal (action_id, "record_opinion"))
    return g_strdup_printf (_("Recorded the opinion on dossier %s."), code);
  if (g_str_equal (action_id, "submit_to_leader"))
    return g_strdup_printf (_("Submitted dossier %s to the leader."), code);
  if (g_str_equal (action_id, "approve"))
    return g_strdup_printf (_("Approved dossier %s."), code);
  if (g_str_equal (action_id, "return_for_rework"))
    return g_strdup_printf (_("Returned dossier %s for rework."), code);
  if (g_str_equal (action_id, "mark_signed"))
    return g_strdup_printf (_("Recorded the signature of dossier %s."), code);
  if (g_str_equal (action_id, "number_and_seal"))
    return g_strdup_printf (_("Numbered and sealed dossier %s."), code);
  if (g_str_equal (action_id, "ready_to_return"))
    return g_strdup_printf (_("Dossier %s is ready to return."), code);
  if (g_str_equal (action_id, "return_result"))
    return g_strdup_printf (_("Returned the result of dossier %s."), code);
  if (g_str_equal (action_id, "withdraw"))
    return g_strdup_printf (_("Withdrew dossier %s."), code);
  if (g_str_equal (action_id, "stop_processing"))
    return g_strdup_printf (_("Stopped processing dossier %s."), code);
  if (g_str_equal (action_id, "request_fee"))
    return g_strdup_printf (_("Asked for the fee of dossier %s."), code);
  if (g_str_equal (action_id, "fee_paid"))
    return g_strdup_printf (_("Recorded the fee paid for dossier %s."), code);
  if (g_str_equal (action_id, "apologise"))
    return g_strdup_printf (_("Made the apology slip and new appointment for dossier %s."), code);

  return g_strdup_printf (_("%s: done for %s."), mc_workflow_action_label (action_id), code);
}

static void
act_done (GObject      *source,
          GAsyncResult *res,
          gpointer      user_data)
{
  ActCall *call = user_data;
  McDossierPane *self = call->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *op_id = NULL;
  const McWorkflowAction *action;

  op_id = mc_desk_act_finish (MC_DESK (source), res, &error);
  mc_dossier_pane_set_busy (self, FALSE);
  if (op_id == NULL)
    mc_dossier_pane_tell (self, error->message, NULL);
  else
    {
      g_autofree char *done = done_message (call->action_id, call->code, call->department);

      action = mc_workflow_lookup (mc_desk_get_rules (self->desk), call->action_id);
      mc_dossier_pane_tell (self, done, action != NULL ? action->slip : NULL);
      mc_dossier_pane_tell_acted (self, self->code, call->action_id);
      mc_dossier_pane_load (self);
    }

  g_object_unref (call->self);
  g_free (call->action_id);
  g_free (call->code);
  g_free (call->department);
  g_free (call);
}

static void
run_action (McDossierPane        *self,
            const char           *action_id,
            const McActionParams *params)
{
  ActCall *call = g_new0 (ActCall, 1);

  call->self = g_object_ref (self);
  call->action_id = g_strdup (action_id);
  call->code = g_strdup (self->code);
  call->department = params != NULL ? g_strdup (params->department) : NULL;
  mc_dossier_pane_set_busy (self, TRUE);
  mc_desk_act_async (self->desk, self->code, action_id, params, NULL, act_done, call);
}

static void
dialog_response (AdwMessageDialog *dialog,
                 const char       *response,
                 McDossierPane    *self)
{
  McActionForm *form = g_object_get_data (G_OBJECT (dialog), "form");
  const char *action_id = g_object_get_data (G_OBJECT (dialog), "action");

  if (g_str_equal (response, "confirm") && mc_action_form_is_valid (form))
    {
      g_auto(McActionParams) params = { 0 };

      mc_action_form_fill (form, &params);
      run_action (self, action_id, &params);
    }

  if (self->dialog == dialog)
    self->dialog = NULL;
}

static void
form_validity_changed (McActionForm     *form,
                       GParamSpec       *pspec,
                       AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "confirm", mc_action_form_is_valid (form));
}

static void
act_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  McDossierPane *self = MC_DOSSIER_PANE (widget);
  const char *action_id = g_variant_get_string (parameter, NULL);
  const McWorkflowAction *action;
  McActionForm *form;
  GtkWidget *dialog;
  g_autofree char *body = NULL;

  if (self->dossier == NULL || self->desk == NULL)
    return;

  action = mc_workflow_lookup (mc_desk_get_rules (self->desk), action_id);
  if (action == NULL)
    return;

  form = mc_action_form_new (action, MAX (self->dossier->due_at, self->dossier->new_due_at));
  mc_action_form_set_calendar (form, mc_desk_get_calendar (self->desk), mc_desk_now (self->desk));
  if (!mc_action_form_needs_input (form) && !mc_desk_action_needs_confirmation (action))
    {
      g_object_ref_sink (form);
      g_object_unref (form);
      run_action (self, action_id, NULL);
      return;
    }

  body = action->irreversible
    ? g_strdup_printf (_("Dossier %s of %s. This cannot be undone."), self->dossier->code,
                       self->dossier->applicant_name)
    : g_strdup_printf (_("Dossier %s of %s."), self->dossier->code, self->dossier->applicant_name);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   mc_workflow_action_label (action_id), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "confirm", mc_workflow_action_label (action_id),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "confirm",
                                              action->irreversible ? ADW_RESPONSE_DESTRUCTIVE
                                                                   : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "confirm");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  if (mc_action_form_needs_input (form))
    {
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), GTK_WIDGET (form));
      adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "confirm",
                                               mc_action_form_is_valid (form));
      g_signal_connect_object (form, "notify::valid", G_CALLBACK (form_validity_changed), dialog, 0);
    }
  else
    g_object_ref_sink (form);
  g_object_set_data_full (G_OBJECT (dialog), "form",
                          mc_action_form_needs_input (form) ? g_object_ref (form) : form, g_object_unref);
  g_object_set_data_full (G_OBJECT (dialog), "action", g_strdup (action_id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (dialog_response), self, 0);
  self->dialog = ADW_MESSAGE_DIALOG (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
print_slip_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  McDossierPane *self = MC_DOSSIER_PANE (widget);

  McDeskCase dcase = mc_dossier_pane_current_case (self);
  const char *kind = g_variant_get_string (parameter, NULL);

  if (self->code == NULL || self->dossier == NULL)
    return;
  /* Ctrl+P asks for the receipt whatever the dossier; a refused one has
   * none. */
  if (!mc_desk_case_can_print (&dcase, kind))
    {
      g_autofree char *text = g_strdup_printf (_("Dossier %s has no such slip in its present state."),
                                               self->code);

      mc_dossier_pane_tell (self, text, NULL);
      return;
    }
  mc_dossier_pane_ask_print (self, kind, self->code);
}

void
mc_dossier_pane_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "pane.act", "s", act_action);
  gtk_widget_class_install_action (widget_class, "pane.print-slip", "s", print_slip_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "pane.print-slip", "s", "receipt");
}
