/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The first run of an empty workspace: the office and the first officers,
 * each with a role and a password. */
#pragma once

#include <adwaita.h>

#include "store/mc-desk.h"

G_BEGIN_DECLS

#define MC_TYPE_SETUP_ASSISTANT (mc_setup_assistant_get_type ())
G_DECLARE_FINAL_TYPE (McSetupAssistant, mc_setup_assistant, MC, SETUP_ASSISTANT, GtkWidget)

GtkWidget  *mc_setup_assistant_new            (void);
void        mc_setup_assistant_set_desk       (McSetupAssistant *self,
                                               McDesk           *desk);
guint       mc_setup_assistant_get_n_officers (McSetupAssistant *self);
const char *mc_setup_assistant_get_problem    (McSetupAssistant *self);
gboolean    mc_setup_assistant_get_busy       (McSetupAssistant *self);

G_END_DECLS
