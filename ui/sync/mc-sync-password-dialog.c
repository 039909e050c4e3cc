/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The dialog only collects the password: the sync status (its owner) signs
 * in with it in the sync client's worker thread. The text leaves the entry
 * at once when taken, and is never kept by the dialog. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-sync-password-dialog.h"

struct _McSyncPasswordDialog
{
  AdwMessageDialog parent_instance;

  GtkPasswordEntry *entry;
  GtkLabel *error_label;
};

G_DEFINE_FINAL_TYPE (McSyncPasswordDialog, mc_sync_password_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
mc_sync_password_dialog_class_init (McSyncPasswordDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/motcua/Desk/sync/mc-sync-password-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, McSyncPasswordDialog, entry);
  gtk_widget_class_bind_template_child (widget_class, McSyncPasswordDialog, error_label);
}

static void
mc_sync_password_dialog_init (McSyncPasswordDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * mc_sync_password_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @server: the central server's address
 * @login: the official's login on it
 * @error_text: (nullable): why the password is asked again
 *
 * Returns: (transfer none): the dialog, not yet shown
 */
McSyncPasswordDialog *
mc_sync_password_dialog_new (GtkWindow  *parent,
                             const char *server,
                             const char *login,
                             const char *error_text)
{
  McSyncPasswordDialog *self = g_object_new (MC_TYPE_SYNC_PASSWORD_DIALOG, "transient-for", parent, NULL);
  g_autofree char *body = NULL;

  body = g_strdup_printf (_("No keyring (Secret Service) is available on this computer, so the central server’s password is asked each time the app opens. Enter the password of %s on %s to sync: the sign-in is kept in memory only, until the app closes."),
                          login != NULL ? login : "", server != NULL ? server : "");
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);
  if (error_text != NULL)
    {
      gtk_label_set_text (self->error_label, error_text);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));

  return self;
}

/**
 * mc_sync_password_dialog_take_password:
 * @self: the dialog
 *
 * Returns: (transfer full): the password typed, which leaves the entry;
 *   wipe it after use
 */
char *
mc_sync_password_dialog_take_password (McSyncPasswordDialog *self)
{
  char *password;

  g_return_val_if_fail (MC_IS_SYNC_PASSWORD_DIALOG (self), NULL);

  password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry)));
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");

  return password;
}

GtkEditable *
mc_sync_password_dialog_get_entry (McSyncPasswordDialog *self)
{
  g_return_val_if_fail (MC_IS_SYNC_PASSWORD_DIALOG (self), NULL);

  return GTK_EDITABLE (self->entry);
}

/**
 * mc_sync_password_dialog_get_error:
 * @self: the dialog
 *
 * Returns: (nullable): why the password is asked again, as shown
 */
const char *
mc_sync_password_dialog_get_error (McSyncPasswordDialog *self)
{
  g_return_val_if_fail (MC_IS_SYNC_PASSWORD_DIALOG (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ? gtk_label_get_text (self->error_label) : NULL;
}
