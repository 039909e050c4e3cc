/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Preferences page that signs the desk in to the central server:
 * address, login and password (used once, never kept), and signing out. */
#pragma once

#include <adwaita.h>

#include "store/mc-desk.h"

G_BEGIN_DECLS

#define MC_TYPE_SYNC_PREFERENCES (mc_sync_preferences_get_type ())
G_DECLARE_FINAL_TYPE (McSyncPreferences, mc_sync_preferences, MC, SYNC_PREFERENCES, AdwPreferencesPage)

McSyncPreferences *mc_sync_preferences_new      (McDesk            *desk);
gboolean           mc_sync_preferences_get_busy (McSyncPreferences *self);

G_END_DECLS
