/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The detail pane: one whole dossier and the actions the officer may take. */
#pragma once

#include <adwaita.h>

#include "domain/mc-officer.h"
#include "store/mc-desk.h"

G_BEGIN_DECLS

#define MC_TYPE_DOSSIER_PANE (mc_dossier_pane_get_type ())
G_DECLARE_FINAL_TYPE (McDossierPane, mc_dossier_pane, MC, DOSSIER_PANE, GtkWidget)

void              mc_dossier_pane_set_desk     (McDossierPane    *self,
                                                McDesk           *desk);
void              mc_dossier_pane_set_officer  (McDossierPane    *self,
                                                const McOfficer  *officer);
void              mc_dossier_pane_show_code    (McDossierPane    *self,
                                                const char       *code);
void              mc_dossier_pane_reload       (McDossierPane    *self);
const McDossier  *mc_dossier_pane_get_dossier  (McDossierPane    *self);

G_END_DECLS
