/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sync in the main window: the status in the detail column's header and
 * the conflict banner above the dossier pane. */
#pragma once

#include "mc-window.h"

G_BEGIN_DECLS

void mc_window_attach_sync (McWindow *self);

G_END_DECLS
