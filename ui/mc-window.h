/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window of one workspace. */
#pragma once

#include <adwaita.h>

#include "mc-reception-dialog.h"
#include "store/mc-desk.h"

G_BEGIN_DECLS

#define MC_TYPE_WINDOW (mc_window_get_type ())
G_DECLARE_FINAL_TYPE (McWindow, mc_window, MC, WINDOW, AdwApplicationWindow)

McWindow   *mc_window_new               (GtkApplication *application,
                                         const char     *workspace);
const char *mc_window_get_workspace     (McWindow       *self);
McDesk     *mc_window_get_desk          (McWindow       *self);

G_END_DECLS
