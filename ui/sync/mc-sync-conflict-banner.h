/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The banner at the top of the detail pane when a dossier is in conflict
 * with the central system: this desk's version and the server's side by
 * side, and the two choices. Hidden when the dossier has no conflict. */
#pragma once

#include <gtk/gtk.h>

#include "store/mc-desk.h"

G_BEGIN_DECLS

#define MC_TYPE_SYNC_CONFLICT_BANNER (mc_sync_conflict_banner_get_type ())
G_DECLARE_FINAL_TYPE (McSyncConflictBanner, mc_sync_conflict_banner, MC, SYNC_CONFLICT_BANNER, GtkBox)

McSyncConflictBanner *mc_sync_conflict_banner_new       (McDesk               *desk);
void                  mc_sync_conflict_banner_set_code  (McSyncConflictBanner *self,
                                                         const char           *code);
gboolean              mc_sync_conflict_banner_is_loaded (McSyncConflictBanner *self);

G_END_DECLS
