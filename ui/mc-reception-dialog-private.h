/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The reception dialog's internals, shared by its files, and the hooks for
 * tests and automation (mc-reception-dialog-hooks.c): they do what the
 * officer does with the keyboard or a file chooser, and read what the
 * dialog shows. The main window needs neither. */
#pragma once

#include "domain/mc-procedure.h"
#include "mc-applicant-form.h"
#include "mc-component-checklist.h"
#include "mc-procedure-picker.h"
#include "mc-reception-dialog.h"
#include "mc-reception-review.h"

G_BEGIN_DECLS

struct _McReceptionDialog
{
  AdwWindow parent_instance;

  McDesk *desk;
  GCancellable *cancellable;
  McCatalogue *catalogue;
  McProcedure *procedure;
  McReceptionResult *result;
  char *validation;
  char *error_text;
  gboolean ready;
  gboolean receiving;
  gboolean disposed;

  AdwToastOverlay *toast_overlay;
  AdwWindowTitle *window_title;
  GtkWidget *step_procedure;
  GtkWidget *step_applicant;
  GtkWidget *step_components;
  GtkWidget *step_review;
  GtkWidget *step_done;
  GtkRevealer *error_revealer;
  GtkLabel *error_label;
  GtkStack *stack;
  AdwStatusPage *load_error_page;
  McProcedurePicker *picker;
  McApplicantForm *applicant_form;
  McComponentChecklist *checklist;
  McReceptionReview *review;
  GtkLabel *done_code;
  GtkLabel *done_appointment;
  GtkLabel *done_warnings;
  GtkActionBar *action_bar;
  GtkLabel *hint_label;
  GtkSpinner *busy_spinner;
  GtkButton *next_button;
  GtkButton *receive_button;
};

void          mc_reception_dialog_update_state              (McReceptionDialog *self);

/* Hooks for tests and automation. */

gboolean      mc_reception_dialog_is_ready                  (McReceptionDialog *self);
gboolean      mc_reception_dialog_is_busy                   (McReceptionDialog *self);
const char   *mc_reception_dialog_get_page                  (McReceptionDialog *self);
const char   *mc_reception_dialog_get_validation_message    (McReceptionDialog *self);
const char   *mc_reception_dialog_get_error_text            (McReceptionDialog *self);

void          mc_reception_dialog_set_search_text           (McReceptionDialog *self,
                                                             const char        *text);
GListModel   *mc_reception_dialog_get_procedure_results     (McReceptionDialog *self);
void          mc_reception_dialog_pick_procedure            (McReceptionDialog *self,
                                                             guint              position);
McProcedure  *mc_reception_dialog_get_procedure             (McReceptionDialog *self);

void          mc_reception_dialog_set_field                 (McReceptionDialog *self,
                                                             const char        *field,
                                                             const char        *text);
char         *mc_reception_dialog_dup_field                 (McReceptionDialog *self,
                                                             const char        *field);
const char   *mc_reception_dialog_get_id_message            (McReceptionDialog *self);
void          mc_reception_dialog_set_qr_text               (McReceptionDialog *self,
                                                             const char        *text);
void          mc_reception_dialog_read_qr_image             (McReceptionDialog *self,
                                                             const char        *path);
const char   *mc_reception_dialog_get_qr_message            (McReceptionDialog *self);
const char   *mc_reception_dialog_get_address_message       (McReceptionDialog *self);
GStrv         mc_reception_dialog_dup_address_candidates    (McReceptionDialog *self);
gboolean      mc_reception_dialog_pick_address_candidate    (McReceptionDialog *self,
                                                             guint              index);

gboolean      mc_reception_dialog_attach_file               (McReceptionDialog *self,
                                                             const char        *component_code,
                                                             const char        *path);
gboolean      mc_reception_dialog_set_component_provided    (McReceptionDialog *self,
                                                             const char        *component_code,
                                                             gboolean           provided);
guint         mc_reception_dialog_get_n_files               (McReceptionDialog *self,
                                                             const char        *component_code);

gint64        mc_reception_dialog_get_appointment           (McReceptionDialog *self);
const char   *mc_reception_dialog_get_appointment_text      (McReceptionDialog *self);
const char   *mc_reception_dialog_get_appointment_warnings  (McReceptionDialog *self);

G_END_DECLS
