/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Step 3 of reception: the procedure's components, handed over or not. */
#pragma once

#include <adwaita.h>

#include "domain/mc-procedure.h"
#include "domain/mc-reception.h"
#include "mc-component-row.h"

G_BEGIN_DECLS

#define MC_TYPE_COMPONENT_CHECKLIST (mc_component_checklist_get_type ())
G_DECLARE_FINAL_TYPE (McComponentChecklist, mc_component_checklist, MC, COMPONENT_CHECKLIST, AdwPreferencesPage)

void            mc_component_checklist_set_procedure   (McComponentChecklist *self,
                                                        McProcedure          *procedure);
McComponentRow *mc_component_checklist_find            (McComponentChecklist *self,
                                                        const char           *code);
char           *mc_component_checklist_dup_missing     (McComponentChecklist *self);
gboolean        mc_component_checklist_is_pending      (McComponentChecklist *self);
gboolean        mc_component_checklist_has_files       (McComponentChecklist *self);
void            mc_component_checklist_fill_reception  (McComponentChecklist *self,
                                                        McReception          *reception);

G_END_DECLS
