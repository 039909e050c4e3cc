/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "Scan…" on a component of a dossier already received: the scan dialog
 * for that dossier's components, each finished file stored through the
 * desk as a new version of the component's file, in the background. */
#pragma once

#include <adwaita.h>

#include "domain/mc-dossier.h"
#include "store/mc-desk.h"

G_BEGIN_DECLS

GtkWidget *mc_pane_scan_button_new (McDesk          *desk,
                                    const McDossier *dossier,
                                    guint            component,
                                    GtkWidget       *pane);
gboolean   mc_pane_scan_is_busy    (const char      *code,
                                    const char      *component_code);
void       mc_pane_scan_accept_drops (GtkWidget     *row,
                                      GtkWidget     *button);

G_END_DECLS
