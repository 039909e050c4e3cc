/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The reception dialog: procedure, applicant, components, review, and the
 * new dossier's code. */
#pragma once

#include <adwaita.h>

#include "store/mc-desk.h"

G_BEGIN_DECLS

#define MC_TYPE_RECEPTION_DIALOG (mc_reception_dialog_get_type ())
G_DECLARE_FINAL_TYPE (McReceptionDialog, mc_reception_dialog, MC, RECEPTION_DIALOG, AdwWindow)

McReceptionDialog *mc_reception_dialog_new                (GtkWindow         *parent,
                                                           McDesk            *desk);
McDesk            *mc_reception_dialog_get_desk           (McReceptionDialog *self);
McReception       *mc_reception_dialog_dup_reception      (McReceptionDialog *self);
const char        *mc_reception_dialog_get_received_code  (McReceptionDialog *self);

G_END_DECLS
