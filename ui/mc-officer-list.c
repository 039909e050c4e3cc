/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The officers of the desk in Preferences, one row each with a switch
 * "works here". Officers are never deleted, since the audit and the
 * dossiers name them: one who left is switched off and can no longer sign
 * in. The signed-in officer cannot switch themselves off. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "domain/mc-workflow.h"
#include "store/mc-desk-auth.h"
#include "mc-officer-list.h"

struct _McOfficerList
{
  AdwPreferencesGroup parent_instance;

  McDesk *desk;
  GCancellable *cancellable;
  GPtrArray *rows;
  GPtrArray *logins;
  guint busy;
  gboolean updating;
};

G_DEFINE_FINAL_TYPE (McOfficerList, mc_officer_list, ADW_TYPE_PREFERENCES_GROUP)

static void
switched (GtkSwitch     *toggle,
          GParamSpec    *pspec,
          McOfficerList *self);

static void
password_stored (GObject      *source,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  g_autoptr(McOfficerList) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!mc_desk_set_password_finish (MC_DESK (source), res, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self), error->message);
    }
  self->busy--;
  mc_officer_list_reload (self);
}

/**
 * mc_officer_list_set_password:
 * @self: the list
 * @login: a listed officer without a password
 * @password: their first password
 *
 * What the "Set Password…" dialog does; hashed in a worker thread.
 *
 * Returns: %FALSE when the password is too short
 */
gboolean
mc_officer_list_set_password (McOfficerList *self,
                              const char    *login,
                              const char    *password)
{
  g_return_val_if_fail (MC_IS_OFFICER_LIST (self), FALSE);

  if (g_utf8_strlen (password, -1) < MC_PASSWORD_MIN_LENGTH)
    return FALSE;
  self->busy++;
  mc_desk_set_password_async (self->desk, login, password, self->cancellable,
                              password_stored, g_object_ref (self));
  return TRUE;
}

static void
password_response (AdwMessageDialog *dialog,
                   const char       *response,
                   McOfficerList    *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");

  if (g_str_equal (response, "set"))
    mc_officer_list_set_password (self, g_object_get_data (G_OBJECT (dialog), "login"),
                                  gtk_editable_get_text (entry));
  gtk_editable_set_text (entry, "");
}

static void
password_typed (GtkEditable      *entry,
                AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "set",
                                           g_utf8_strlen (gtk_editable_get_text (entry), -1) >= MC_PASSWORD_MIN_LENGTH);
}

static void
set_password_clicked (GtkButton     *button,
                      McOfficerList *self)
{
  g_autofree char *heading = g_strdup_printf (_("Password for %s"),
                                              (const char *) g_object_get_data (G_OBJECT (button), "name"));
  GtkWidget *entry = gtk_password_entry_new ();
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                       heading,
                                                       _("They sign in with it. At least 6 characters.")));
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
  gtk_widget_set_name (entry, "officer-new-password");
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "set", _("_Set Password"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "set", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "set", FALSE);
  adw_message_dialog_set_default_response (dialog, "set");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "login",
                          g_strdup (g_object_get_data (G_OBJECT (button), "login")), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "entry", g_object_ref (entry), g_object_unref);
  g_signal_connect (entry, "changed", G_CALLBACK (password_typed), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (password_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
officers_read (GObject      *source,
               GAsyncResult *res,
               gpointer      user_data)
{
  g_autoptr(McOfficerList) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) officers = mc_desk_list_officer_entries_finish (MC_DESK (source), res, &error);
  const char *me = self->desk != NULL ? mc_desk_get_officer_login (self->desk) : NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy--;
  if (officers == NULL)
    {
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self), error->message);
      return;
    }

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  g_ptr_array_set_size (self->logins, 0);

  self->updating = TRUE;
  for (guint i = 0; i < officers->len; i++)
    {
      McOfficerEntry *entry = g_ptr_array_index (officers, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *toggle = gtk_switch_new ();
      g_autofree char *subtitle = NULL;

      subtitle = g_strdup_printf ("%s · %s%s", entry->officer->login, mc_role_label (entry->officer->role),
                                  !entry->has_password ? _(" · no password yet") : "");
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), entry->officer->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_switch_set_active (GTK_SWITCH (toggle), entry->active);
      gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (toggle, _("Works at this desk"));
      gtk_widget_set_sensitive (toggle, g_strcmp0 (me, entry->officer->login) != 0);
      g_object_set_data_full (G_OBJECT (toggle), "login", g_strdup (entry->officer->login), g_free);
      g_signal_connect_object (toggle, "notify::active", G_CALLBACK (switched), self, 0);
      /* Officers from before signing in existed have no password yet. */
      if (!entry->has_password)
        {
          GtkWidget *set = gtk_button_new_with_mnemonic (_("Set _Password…"));

          gtk_widget_set_valign (set, GTK_ALIGN_CENTER);
          g_object_set_data_full (G_OBJECT (set), "login", g_strdup (entry->officer->login), g_free);
          g_object_set_data_full (G_OBJECT (set), "name", g_strdup (entry->officer->name), g_free);
          g_signal_connect_object (set, "clicked", G_CALLBACK (set_password_clicked), self, 0);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), set);
        }
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
      g_ptr_array_add (self->rows, row);
      g_ptr_array_add (self->logins, g_strdup (entry->officer->login));
    }
  self->updating = FALSE;
}

void
mc_officer_list_reload (McOfficerList *self)
{
  g_return_if_fail (MC_IS_OFFICER_LIST (self));

  self->busy++;
  mc_desk_list_officer_entries_async (self->desk, FALSE, self->cancellable, officers_read, g_object_ref (self));
}

static void
active_written (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  g_autoptr(McOfficerList) self = user_data;
  g_autoptr(GError) error = NULL;

  mc_desk_set_officer_active_finish (MC_DESK (source), res, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy--;
  if (error != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self), error->message);
  mc_officer_list_reload (self);
}

/**
 * mc_officer_list_set_active:
 * @self: the list
 * @login: a listed officer
 * @active: whether they work here
 *
 * What the row's switch does.
 *
 * Returns: %FALSE when @login is not listed or is the signed-in officer
 */
gboolean
mc_officer_list_set_active (McOfficerList *self,
                            const char    *login,
                            gboolean       active)
{
  g_return_val_if_fail (MC_IS_OFFICER_LIST (self), FALSE);

  if (g_strcmp0 (login, mc_desk_get_officer_login (self->desk)) == 0 ||
      !g_ptr_array_find_with_equal_func (self->logins, login, g_str_equal, NULL))
    return FALSE;

  self->busy++;
  mc_desk_set_officer_active_async (self->desk, login, active, self->cancellable, active_written,
                                    g_object_ref (self));
  return TRUE;
}

static void
switched (GtkSwitch     *toggle,
          GParamSpec    *pspec,
          McOfficerList *self)
{
  if (self->updating)
    return;
  mc_officer_list_set_active (self, g_object_get_data (G_OBJECT (toggle), "login"), gtk_switch_get_active (toggle));
}

gboolean
mc_officer_list_get_busy (McOfficerList *self)
{
  g_return_val_if_fail (MC_IS_OFFICER_LIST (self), FALSE);

  return self->busy > 0;
}

static void
mc_officer_list_dispose (GObject *object)
{
  McOfficerList *self = MC_OFFICER_LIST (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->desk);

  G_OBJECT_CLASS (mc_officer_list_parent_class)->dispose (object);
}

static void
mc_officer_list_finalize (GObject *object)
{
  McOfficerList *self = MC_OFFICER_LIST (object);

  g_ptr_array_unref (self->rows);
  g_ptr_array_unref (self->logins);

  G_OBJECT_CLASS (mc_officer_list_parent_class)->finalize (object);
}

static void
mc_officer_list_class_init (McOfficerListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mc_officer_list_dispose;
  object_class->finalize = mc_officer_list_finalize;
}

static void
mc_officer_list_init (McOfficerList *self)
{
  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new ();
  self->logins = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_set_name (GTK_WIDGET (self), "officer-list");
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Officers of this desk"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                         _("Switch off an officer who no longer works here: they stay in the records but cannot sign in."));
}

McOfficerList *
mc_officer_list_new (McDesk *desk)
{
  McOfficerList *self = g_object_new (MC_TYPE_OFFICER_LIST, NULL);

  self->desk = g_object_ref (desk);
  mc_officer_list_reload (self);
  return self;
}
