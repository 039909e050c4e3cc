/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Hooks into the reception dialog for tests and automation: each does what
 * the officer does with the keyboard, the mouse or a file chooser, through
 * the same code, or reads what the dialog shows. Kept apart from the
 * dialog so it reads as the reception flow only. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include "mc-reception-dialog-private.h"

gboolean
mc_reception_dialog_is_ready (McReceptionDialog *self)
{
  g_return_val_if_fail (MC_IS_RECEPTION_DIALOG (self), FALSE);

  return self->ready;
}

gboolean
mc_reception_dialog_is_busy (McReceptionDialog *self)
{
  g_return_val_if_fail (MC_IS_RECEPTION_DIALOG (self), FALSE);

  return self->receiving || mc_applicant_form_get_busy (self->applicant_form) ||
         mc_component_checklist_is_pending (self->checklist);
}

const char *
mc_reception_dialog_get_page (McReceptionDialog *self)
{
  g_return_val_if_fail (MC_IS_RECEPTION_DIALOG (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
mc_reception_dialog_get_validation_message (McReceptionDialog *self)
{
  g_return_val_if_fail (MC_IS_RECEPTION_DIALOG (self), NULL);

  mc_reception_dialog_update_state (self);
  return self->validation;
}

const char *
mc_reception_dialog_get_error_text (McReceptionDialog *self)
{
  g_return_val_if_fail (MC_IS_RECEPTION_DIALOG (self), NULL);

  return gtk_revealer_get_reveal_child (self->error_revealer) ? self->error_text : NULL;
}

void
mc_reception_dialog_set_search_text (McReceptionDialog *self,
                                     const char        *text)
{
  g_return_if_fail (MC_IS_RECEPTION_DIALOG (self));

  mc_procedure_picker_set_search_text (self->picker, text);
}

GListModel *
mc_reception_dialog_get_procedure_results (McReceptionDialog *self)
{
  g_return_val_if_fail (MC_IS_RECEPTION_DIALOG (self), NULL);

  return mc_procedure_picker_get_results (self->picker);
}

void
mc_reception_dialog_pick_procedure (McReceptionDialog *self,
                                    guint              position)
{
  McProcedure *procedure;

  g_return_if_fail (MC_IS_RECEPTION_DIALOG (self));

  mc_procedure_picker_select (self->picker, position);
  procedure = mc_procedure_picker_get_selected (self->picker);
  if (procedure != NULL)
    g_signal_emit_by_name (self->picker, "activated", procedure);
}

McProcedure *
mc_reception_dialog_get_procedure (McReceptionDialog *self)
{
  g_return_val_if_fail (MC_IS_RECEPTION_DIALOG (self), NULL);

  return self->procedure;
}

void
mc_reception_dialog_set_field (McReceptionDialog *self,
                               const char        *field,
                               const char        *text)
{
  g_return_if_fail (MC_IS_RECEPTION_DIALOG (self));

  mc_applicant_form_set_field (self->applicant_form, field, text);
}

char *
mc_reception_dialog_dup_field (McReceptionDialog *self,
                               const char        *field)
{
  g_return_val_if_fail (MC_IS_RECEPTION_DIALOG (self), NULL);

  return mc_applicant_form_dup_field (self->applicant_form, field);
}

const char *
mc_reception_dialog_get_id_message (McReceptionDialog *self)
{
  g_return_val_if_fail (MC_IS_RECEPTION_DIALOG (self), NULL);

  return mc_applicant_form_get_id_message (self->applicant_form);
}

void
mc_reception_dialog_set_qr_text (McReceptionDialog *self,
                                 const char        *text)
{
  g_return_if_fail (MC_IS_RECEPTION_DIALOG (self));

  mc_applicant_form_set_field (self->applicant_form, "qr", text);
  mc_applicant_form_set_qr_text (self->applicant_form, text);
}

void
mc_reception_dialog_read_qr_image (McReceptionDialog *self,
                                   const char        *path)
{
  g_return_if_fail (MC_IS_RECEPTION_DIALOG (self));

  mc_applicant_form_read_qr_image (self->applicant_form, path);
}

const char *
mc_reception_dialog_get_qr_message (McReceptionDialog *self)
{
  g_return_val_if_fail (MC_IS_RECEPTION_DIALOG (self), NULL);

  return mc_applicant_form_get_qr_message (self->applicant_form);
}

const char *
mc_reception_dialog_get_address_message (McReceptionDialog *self)
{
  g_return_val_if_fail (MC_IS_RECEPTION_DIALOG (self), NULL);

  return mc_applicant_form_get_address_message (self->applicant_form);
}

GStrv
mc_reception_dialog_dup_address_candidates (McReceptionDialog *self)
{
  g_return_val_if_fail (MC_IS_RECEPTION_DIALOG (self), NULL);

  return mc_applicant_form_dup_address_candidates (self->applicant_form);
}

gboolean
mc_reception_dialog_pick_address_candidate (McReceptionDialog *self,
                                            guint              index)
{
  g_return_val_if_fail (MC_IS_RECEPTION_DIALOG (self), FALSE);

  return mc_applicant_form_pick_address_candidate (self->applicant_form, index);
}

/**
 * mc_reception_dialog_attach_file:
 * @self: a reception dialog
 * @component_code: a component of the chosen procedure
 * @path: a scan
 *
 * Attaches @path as the Attach… button would; the file is checked in a
 * worker (see mc_reception_dialog_is_busy()).
 *
 * Returns: %FALSE when the procedure has no such component
 */
gboolean
mc_reception_dialog_attach_file (McReceptionDialog *self,
                                 const char        *component_code,
                                 const char        *path)
{
  McComponentRow *row;

  g_return_val_if_fail (MC_IS_RECEPTION_DIALOG (self), FALSE);

  row = mc_component_checklist_find (self->checklist, component_code);
  if (row == NULL)
    return FALSE;
  mc_component_row_add_file (row, path);

  return TRUE;
}

gboolean
mc_reception_dialog_set_component_provided (McReceptionDialog *self,
                                            const char        *component_code,
                                            gboolean           provided)
{
  McComponentRow *row;

  g_return_val_if_fail (MC_IS_RECEPTION_DIALOG (self), FALSE);

  row = mc_component_checklist_find (self->checklist, component_code);
  if (row == NULL)
    return FALSE;
  mc_component_row_set_provided (row, provided);

  return TRUE;
}

guint
mc_reception_dialog_get_n_files (McReceptionDialog *self,
                                 const char        *component_code)
{
  McComponentRow *row;

  g_return_val_if_fail (MC_IS_RECEPTION_DIALOG (self), 0);

  row = mc_component_checklist_find (self->checklist, component_code);

  return row != NULL ? mc_component_row_get_files (row)->len : 0;
}

gint64
mc_reception_dialog_get_appointment (McReceptionDialog *self)
{
  g_return_val_if_fail (MC_IS_RECEPTION_DIALOG (self), 0);

  return mc_reception_review_get_appointment (self->review);
}

const char *
mc_reception_dialog_get_appointment_text (McReceptionDialog *self)
{
  g_return_val_if_fail (MC_IS_RECEPTION_DIALOG (self), NULL);

  return mc_reception_review_get_appointment_text (self->review);
}

const char *
mc_reception_dialog_get_appointment_warnings (McReceptionDialog *self)
{
  g_return_val_if_fail (MC_IS_RECEPTION_DIALOG (self), NULL);

  return mc_reception_review_get_warnings (self->review);
}
