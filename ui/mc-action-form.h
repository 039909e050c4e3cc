/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a workflow action asks for before it is taken: a reason, a
 * department, an issue number or a new appointment. */
#pragma once

#include <gtk/gtk.h>

#include "domain/calendar/mc-calendar.h"
#include "domain/mc-reception.h"
#include "domain/mc-workflow.h"

G_BEGIN_DECLS

#define MC_TYPE_ACTION_FORM (mc_action_form_get_type ())
G_DECLARE_FINAL_TYPE (McActionForm, mc_action_form, MC, ACTION_FORM, GtkWidget)

McActionForm *mc_action_form_new          (const McWorkflowAction *action,
                                           gint64                  current_due);
gboolean      mc_action_form_is_valid     (McActionForm           *self);
gboolean      mc_action_form_needs_input  (McActionForm           *self);
void          mc_action_form_fill         (McActionForm           *self,
                                           McActionParams         *params);
void          mc_action_form_set_reason   (McActionForm           *self,
                                           const char             *text);
void          mc_action_form_set_text     (McActionForm           *self,
                                           const char             *field,
                                           const char             *text);
void          mc_action_form_set_calendar (McActionForm           *self,
                                           McCalendar             *calendar,
                                           gint64                  now);
const char   *mc_action_form_get_proposed_appointment (McActionForm *self);

G_END_DECLS
