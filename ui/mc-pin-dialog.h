/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Asks for a token's PIN once per batch and opens the signing session. */
#pragma once

#include <adwaita.h>

#include "mc-signing-session.h"

G_BEGIN_DECLS

#define MC_TYPE_PIN_DIALOG (mc_pin_dialog_get_type ())
G_DECLARE_FINAL_TYPE (McPinDialog, mc_pin_dialog, MC, PIN_DIALOG, AdwWindow)

McPinDialog       *mc_pin_dialog_new           (GtkWindow          *parent,
                                                McSigningIdentity  *identity);
McSigningIdentity *mc_pin_dialog_get_identity  (McPinDialog        *self);
void               mc_pin_dialog_set_token     (McPinDialog        *self,
                                                McToken            *token);
const char        *mc_pin_dialog_get_message   (McPinDialog        *self);
const char        *mc_pin_dialog_get_error     (McPinDialog        *self);
GtkEditable       *mc_pin_dialog_get_entry     (McPinDialog        *self);
gboolean           mc_pin_dialog_get_busy      (McPinDialog        *self);
void               mc_pin_dialog_submit        (McPinDialog        *self);

G_END_DECLS
