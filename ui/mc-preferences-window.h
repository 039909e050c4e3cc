/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The desk's preferences: who works here now, the desk's officers, and the
 * office the workspace belongs to. */
#pragma once

#include <adwaita.h>

#include "store/mc-desk.h"

G_BEGIN_DECLS

#define MC_TYPE_PREFERENCES_WINDOW (mc_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (McPreferencesWindow, mc_preferences_window, MC, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *mc_preferences_window_new       (GtkWindow           *parent,
                                            McDesk              *desk);
McDesk    *mc_preferences_window_get_desk  (McPreferencesWindow *self);
gboolean   mc_preferences_window_get_busy  (McPreferencesWindow *self);

G_END_DECLS
