/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Signing in and out happen in the sync client's worker threads; the
 * password is taken from its row, handed over once and the row cleared.
 * Reading the state also asks whether a Secret Service answers: without
 * one, the page says the password is asked at each start. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-sync-client.h"
#include "mc-sync-preferences.h"
#include "store/mc-sync-store.h"

struct _McSyncPreferences
{
  AdwPreferencesPage parent_instance;

  McDesk *desk;
  McSyncClient *client;
  GCancellable *cancellable;
  guint n_jobs;            /* worker jobs not yet answered */
  gboolean has_keyring;    /* as last seen; a sign-in without one stays in memory */

  AdwActionRow *status_row;
  AdwEntryRow *server_row;
  AdwEntryRow *login_row;
  AdwPasswordEntryRow *password_row;
  GtkButton *sign_in;
  GtkButton *sign_out;
  AdwPreferencesGroup *group;
  GtkLabel *message;
};

typedef struct
{
  McSyncState *state;
  gboolean has_keyring;
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  g_clear_pointer (&loaded->state, mc_sync_state_free);
  g_free (loaded);
}

G_DEFINE_FINAL_TYPE (McSyncPreferences, mc_sync_preferences, ADW_TYPE_PREFERENCES_PAGE)

static void
busy (McSyncPreferences *self,
      gboolean           on)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in), !on);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_out), !on);
}

static void
state_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;
  McSyncState *state = mc_desk_sync_load_state (task_data, &error);
  Loaded *loaded;

  (void) source;
  if (state == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  loaded = g_new0 (Loaded, 1);
  loaded->state = state;
  loaded->has_keyring = mc_sync_client_has_secret_service (cancellable);
  g_task_return_pointer (task, loaded, (GDestroyNotify) loaded_free);
}

static void
state_loaded (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  McSyncPreferences *self = MC_SYNC_PREFERENCES (source);
  g_autoptr(GError) error = NULL;
  Loaded *loaded = g_task_propagate_pointer (G_TASK (result), &error);
  McSyncState *state = loaded != NULL ? loaded->state : NULL;
  g_autofree char *text = NULL;

  (void) user_data;
  self->n_jobs--;
  if (loaded == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_label_set_text (self->message, error->message);
      return;
    }
  if (state->server != NULL)
    {
      text = g_strdup_printf (_("Signed in to %s as %s"), state->server, state->login != NULL ? state->login : "");
      if (gtk_editable_get_text (GTK_EDITABLE (self->server_row))[0] == '\0')
        gtk_editable_set_text (GTK_EDITABLE (self->server_row), state->server);
      if (gtk_editable_get_text (GTK_EDITABLE (self->login_row))[0] == '\0' && state->login != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->login_row), state->login);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row),
                                 text != NULL ? text : _("Not signed in to the central server"));
  gtk_widget_set_visible (GTK_WIDGET (self->sign_out), state->server != NULL);
  self->has_keyring = loaded->has_keyring;
  adw_preferences_group_set_description (self->group, loaded->has_keyring
    ? _("The password is used once; the sign-in is kept in the system keyring, never in a file.")
    : _("No keyring (Secret Service) is available: the central server’s password will be asked each time the app opens, and the sign-in is kept in memory only."));
  loaded_free (loaded);
}

static void
refresh (McSyncPreferences *self)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, state_loaded, NULL);

  g_task_set_task_data (task, g_object_ref (self->desk), g_object_unref);
  self->n_jobs++;
  g_task_run_in_thread (task, state_thread);
}

static void
signed_in (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(McSyncPreferences) self = user_data;
  g_autoptr(GError) error = NULL;

  self->n_jobs--;
  if (!mc_sync_client_login_finish (MC_SYNC_CLIENT (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_label_set_text (self->message, error->message);
    }
  else if (self->has_keyring)
    gtk_label_set_text (self->message, _("Signed in. The desk syncs in the background."));
  else
    gtk_label_set_text (self->message,
                        _("Signed in for this run only: with no keyring, the password is asked again at the next start. The desk syncs in the background."));
  busy (self, FALSE);
  refresh (self);
}

static void
sign_in_clicked (GtkButton         *button,
                 McSyncPreferences *self)
{
  const char *server = gtk_editable_get_text (GTK_EDITABLE (self->server_row));
  const char *login = gtk_editable_get_text (GTK_EDITABLE (self->login_row));
  g_autofree char *password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_row)));

  (void) button;
  /* The password leaves the widget at once. */
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  if (server[0] == '\0' || login[0] == '\0' || password[0] == '\0')
    {
      gtk_label_set_text (self->message, _("Give the server’s address, your login and your password."));
      return;
    }
  busy (self, TRUE);
  gtk_label_set_text (self->message, _("Signing in…"));
  if (!self->has_keyring)
    mc_sync_client_set_memory_only (self->client);
  self->n_jobs++;
  mc_sync_client_login_async (self->client, server, login, password, NULL, self->cancellable,
                              signed_in, g_object_ref (self));
  memset (password, 0, strlen (password));
}

static void
sign_out_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GError *error = NULL;

  (void) source;
  if (mc_sync_client_logout (task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
signed_out (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  McSyncPreferences *self = MC_SYNC_PREFERENCES (source);
  g_autoptr(GError) error = NULL;

  (void) user_data;
  self->n_jobs--;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_label_set_text (self->message, error->message);
    }
  else
    gtk_label_set_text (self->message, _("Signed out of the central server."));
  busy (self, FALSE);
  refresh (self);
}

static void
sign_out_clicked (GtkButton         *button,
                  McSyncPreferences *self)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, signed_out, NULL);

  (void) button;
  busy (self, TRUE);
  g_task_set_task_data (task, g_object_ref (self->client), g_object_unref);
  self->n_jobs++;
  g_task_run_in_thread (task, sign_out_thread);
}

static void
mc_sync_preferences_dispose (GObject *object)
{
  McSyncPreferences *self = MC_SYNC_PREFERENCES (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->desk);

  G_OBJECT_CLASS (mc_sync_preferences_parent_class)->dispose (object);
}

static void
mc_sync_preferences_finalize (GObject *object)
{
  McSyncPreferences *self = MC_SYNC_PREFERENCES (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (mc_sync_preferences_parent_class)->finalize (object);
}

static void
mc_sync_preferences_class_init (McSyncPreferencesClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = mc_sync_preferences_dispose;
  G_OBJECT_CLASS (klass)->finalize = mc_sync_preferences_finalize;
}

static void
mc_sync_preferences_init (McSyncPreferences *self)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  GtkBox *buttons = GTK_BOX (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12));

  self->cancellable = g_cancellable_new ();
  self->group = group;
  self->has_keyring = TRUE;
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (self), _("Central server"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (self), "network-server-symbolic");
  adw_preferences_group_set_title (group, _("Sign-in to the central system"));
  adw_preferences_group_set_description (group,
    _("The password is used once; the sign-in is kept in the system keyring, never in a file."));

  self->status_row = ADW_ACTION_ROW (adw_action_row_new ());
  self->server_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->server_row), _("Server address"));
  self->login_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->login_row), _("Login"));
  self->password_row = ADW_PASSWORD_ENTRY_ROW (adw_password_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->password_row), _("Password"));
  adw_preferences_group_add (group, GTK_WIDGET (self->status_row));
  adw_preferences_group_add (group, GTK_WIDGET (self->server_row));
  adw_preferences_group_add (group, GTK_WIDGET (self->login_row));
  adw_preferences_group_add (group, GTK_WIDGET (self->password_row));

  self->sign_in = GTK_BUTTON (gtk_button_new_with_label (_("Sign in")));
  gtk_widget_add_css_class (GTK_WIDGET (self->sign_in), "suggested-action");
  self->sign_out = GTK_BUTTON (gtk_button_new_with_label (_("Sign out")));
  gtk_widget_set_visible (GTK_WIDGET (self->sign_out), FALSE);
  g_signal_connect (self->sign_in, "clicked", G_CALLBACK (sign_in_clicked), self);
  g_signal_connect (self->sign_out, "clicked", G_CALLBACK (sign_out_clicked), self);
  gtk_widget_set_margin_top (GTK_WIDGET (buttons), 12);
  gtk_box_append (buttons, GTK_WIDGET (self->sign_in));
  gtk_box_append (buttons, GTK_WIDGET (self->sign_out));
  self->message = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->message, TRUE);
  gtk_label_set_xalign (self->message, 0);
  gtk_box_append (buttons, GTK_WIDGET (self->message));
  adw_preferences_group_add (group, GTK_WIDGET (buttons));

  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), group);
}

/**
 * mc_sync_preferences_new:
 * @desk: the desk
 *
 * Returns: (transfer full): the page
 */
McSyncPreferences *
mc_sync_preferences_new (McDesk *desk)
{
  McSyncPreferences *self = g_object_new (MC_TYPE_SYNC_PREFERENCES, NULL);

  self->desk = g_object_ref (desk);
  self->client = mc_sync_client_new (desk);
  refresh (self);

  return self;
}

/**
 * mc_sync_preferences_get_busy:
 * @self: the page
 *
 * Returns: %TRUE while one of the page's worker jobs (reading the sync
 *   state, signing in or out) has not answered yet; they use the desk's
 *   store, which must stay open until then
 */
gboolean
mc_sync_preferences_get_busy (McSyncPreferences *self)
{
  g_return_val_if_fail (MC_IS_SYNC_PREFERENCES (self), FALSE);

  return self->n_jobs > 0;
}
