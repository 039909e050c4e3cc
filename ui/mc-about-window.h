/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The About window. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MC_TYPE_ABOUT_WINDOW (mc_about_window_get_type ())
G_DECLARE_FINAL_TYPE (McAboutWindow, mc_about_window, MC, ABOUT_WINDOW, AdwWindow)

GtkWindow *mc_about_window_new (GtkApplication *application);

G_END_DECLS
