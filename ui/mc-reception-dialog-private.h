/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Hooks into the reception dialog for tests and automation: they do what
 * the officer does with the keyboard or a file chooser, and read what the
 * dialog shows. The main window does not need them. */
#pragma once

#include "domain/mc-procedure.h"
#include "mc-reception-dialog.h"

G_BEGIN_DECLS

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
