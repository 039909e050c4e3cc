/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The detail pane: everything known about the selected dossier. */
#pragma once

#include <gtk/gtk.h>

#include "domain/mc-dossier-summary.h"

G_BEGIN_DECLS

#define MC_TYPE_DOSSIER_PANE (mc_dossier_pane_get_type ())
G_DECLARE_FINAL_TYPE (McDossierPane, mc_dossier_pane, MC, DOSSIER_PANE, GtkWidget)

McDossierSummary *mc_dossier_pane_get_dossier (McDossierPane    *self);
void              mc_dossier_pane_set_dossier (McDossierPane    *self,
                                               McDossierSummary *dossier);

G_END_DECLS
