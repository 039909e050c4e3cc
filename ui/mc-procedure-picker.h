/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Step 1 of reception: find a procedure of the catalogue by name or code. */
#pragma once

#include <gtk/gtk.h>

#include "domain/mc-catalogue.h"

G_BEGIN_DECLS

#define MC_TYPE_PROCEDURE_PICKER (mc_procedure_picker_get_type ())
G_DECLARE_FINAL_TYPE (McProcedurePicker, mc_procedure_picker, MC, PROCEDURE_PICKER, GtkWidget)

void         mc_procedure_picker_set_catalogue    (McProcedurePicker *self,
                                                   McCatalogue       *catalogue);
McProcedure *mc_procedure_picker_get_selected     (McProcedurePicker *self);
void         mc_procedure_picker_set_search_text  (McProcedurePicker *self,
                                                   const char        *text);
GListModel  *mc_procedure_picker_get_results      (McProcedurePicker *self);
void         mc_procedure_picker_select           (McProcedurePicker *self,
                                                   guint              position);
void         mc_procedure_picker_reset            (McProcedurePicker *self);
void         mc_procedure_picker_focus_search     (McProcedurePicker *self);

char        *mc_procedure_format_time_limit       (McProcedure       *procedure);
char        *mc_procedure_format_fee              (McProcedure       *procedure);

G_END_DECLS
