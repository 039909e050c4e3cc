/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Hooks into the detail pane for tests and automation: whether it is
 * still loading, and the confirmation it shows. The window needs neither. */
#pragma once

#include "mc-dossier-pane.h"

G_BEGIN_DECLS

gboolean          mc_dossier_pane_get_loading  (McDossierPane    *self);
AdwMessageDialog *mc_dossier_pane_get_dialog   (McDossierPane    *self);
GStrv             mc_dossier_pane_dup_offered  (McDossierPane    *self);
const char       *mc_dossier_pane_get_primary  (McDossierPane    *self);
GStrv             mc_dossier_pane_dup_slips    (McDossierPane    *self);

G_END_DECLS
