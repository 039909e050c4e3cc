/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Reports window: this month's, quarter's or year's service
 * indicators against their targets, with cairo charts, and the late
 * dossiers behind the on-time figure. */
#pragma once

#include <adwaita.h>

#include "store/mc-desk.h"

G_BEGIN_DECLS

#define MC_TYPE_REPORTS_WINDOW (mc_reports_window_get_type ())
G_DECLARE_FINAL_TYPE (McReportsWindow, mc_reports_window, MC, REPORTS_WINDOW, AdwWindow)

McReportsWindow *mc_reports_window_new (GtkWindow *parent,
                                        McDesk    *desk);

G_END_DECLS
