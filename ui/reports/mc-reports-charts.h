/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Reports window's charts, drawn with cairo in the GNOME palette: a
 * ring for one percentage against its target. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkWidget *mc_chart_ring_new  (double        percent,
                               double        target);

G_END_DECLS
