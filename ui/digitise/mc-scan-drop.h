/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Files dropped onto a component (from a file manager, a phone's folder):
 * the scans among them, in the order they were dropped, for the scan
 * dialog; the others refused with a reason. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * McScanDropFunc:
 * @widget: the widget the files were dropped onto
 * @paths: (array zero-terminated=1): the PDFs and images, in the order
 *   dropped; empty when none was
 * @refused: (nullable): what was left out and why, in the reader's
 *   language, or %NULL when nothing was
 * @user_data: as given to mc_scan_drop_add()
 */
typedef void (*McScanDropFunc) (GtkWidget          *widget,
                                const char * const *paths,
                                const char         *refused,
                                gpointer            user_data);

GtkDropTarget *mc_scan_drop_add (GtkWidget      *widget,
                                 McScanDropFunc  func,
                                 gpointer        user_data);

G_END_DECLS
