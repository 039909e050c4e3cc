/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sync state in the window's header: synced, N waiting, offline since
 * …, or an error and why; a "Sync now" button. It also decides when to
 * sync: at start, every few minutes, when the network comes back, on
 * demand; after a failure it waits longer each time (with jitter). */
#pragma once

#include <gtk/gtk.h>

#include "mc-sync-password-dialog.h"
#include "store/mc-desk.h"

G_BEGIN_DECLS

#define MC_TYPE_SYNC_STATUS (mc_sync_status_get_type ())
G_DECLARE_FINAL_TYPE (McSyncStatus, mc_sync_status, MC, SYNC_STATUS, GtkBox)

McSyncStatus *mc_sync_status_new        (McDesk        *desk,
                                         gboolean       automatic);
void          mc_sync_status_sync_now   (McSyncStatus  *self);
void          mc_sync_status_refresh    (McSyncStatus  *self);
const char   *mc_sync_status_get_state  (McSyncStatus  *self);
const char   *mc_sync_status_get_text   (McSyncStatus  *self);
gboolean      mc_sync_status_is_busy    (McSyncStatus  *self);
McSyncPasswordDialog *mc_sync_status_get_password_dialog (McSyncStatus *self);

G_END_DECLS
