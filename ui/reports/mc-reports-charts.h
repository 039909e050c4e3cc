/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Reports window's charts, drawn with cairo in the GNOME palette: a
 * ring for one percentage, and monthly bars or a line against a target. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkWidget *mc_chart_ring_new  (double        percent,
                               double        target);
GtkWidget *mc_chart_months_new (const double *values,
                                guint         n_values,
                                double        target,
                                gboolean      as_line,
                                const char   *title);

G_END_DECLS
