/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Asks the central server's password when no Secret Service can keep the
 * sign-in: once per start of the app, the sign-in then held in memory. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MC_TYPE_SYNC_PASSWORD_DIALOG (mc_sync_password_dialog_get_type ())
G_DECLARE_FINAL_TYPE (McSyncPasswordDialog, mc_sync_password_dialog, MC, SYNC_PASSWORD_DIALOG, AdwMessageDialog)

McSyncPasswordDialog *mc_sync_password_dialog_new           (GtkWindow            *parent,
                                                             const char           *server,
                                                             const char           *login,
                                                             const char           *error_text);
char                 *mc_sync_password_dialog_take_password (McSyncPasswordDialog *self);
GtkEditable          *mc_sync_password_dialog_get_entry     (McSyncPasswordDialog *self);
const char           *mc_sync_password_dialog_get_error     (McSyncPasswordDialog *self);

G_END_DECLS
