/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The application: one window per workspace, app-wide actions. */
#pragma once

#include <adwaita.h>

#include "mc-window.h"

G_BEGIN_DECLS

#define MC_TYPE_APPLICATION (mc_application_get_type ())
G_DECLARE_FINAL_TYPE (McApplication, mc_application, MC, APPLICATION, AdwApplication)

McApplication *mc_application_new                 (void);
McWindow      *mc_application_find_window         (McApplication *self,
                                                   const char    *workspace);
guint          mc_application_get_times_presented (McApplication *self);

G_END_DECLS
