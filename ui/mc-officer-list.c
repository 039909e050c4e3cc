/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The officers of the desk in Preferences, one row each with a switch
 * "works here" and an edit button (name, role, a new password). Officers
 * are never deleted, since the audit and the dossiers name them: one who
 * left is switched off and can no longer sign in. The signed-in officer
 * cannot switch themselves off. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "domain/mc-workflow.h"
#include "store/mc-desk-auth.h"
#include "store/mc-desk-officers.h"
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
edit_clicked (GtkButton     *button,
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
      {
        GtkWidget *edit = gtk_button_new_from_icon_name ("document-edit-symbolic");

        gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
        gtk_widget_add_css_class (edit, "flat");
        gtk_widget_set_tooltip_text (edit, _("Edit Officer"));
        gtk_widget_set_name (edit, "officer-edit");
        g_object_set_data_full (G_OBJECT (edit), "officer", mc_officer_copy (entry->officer),
                                (GDestroyNotify) mc_officer_free);
        g_signal_connect_object (edit, "clicked", G_CALLBACK (edit_clicked), self, 0);
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);
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

typedef struct
{
  McOfficerList *self;
  char *login;
  char *password;
} EditCall;

static void
edit_call_free (EditCall *call)
{
  g_object_unref (call->self);
  g_free (call->login);
  mc_password_free (call->password);
  g_free (call);
}

static void
officer_updated (GObject      *source,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  EditCall *call = user_data;
  McOfficerList *self = call->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(McOfficer) saved = mc_desk_update_officer_finish (MC_DESK (source), res, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      edit_call_free (call);
      return;
    }
  self->busy--;
  if (saved == NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self), error->message);
  else if (call->password != NULL)
    mc_officer_list_set_password (self, call->login, call->password);
  mc_officer_list_reload (self);
  edit_call_free (call);
}

/**
 * mc_officer_list_edit:
 * @self: the list
 * @officer: a listed officer's login with the new name, title, department
 *   and role
 * @password: (nullable): a new password (a reset), or %NULL to keep theirs
 *
 * What the "Edit Officer" dialog does: the profile is saved, then the new
 * password hashed, each in a worker thread.
 *
 * Returns: %FALSE when @officer is not listed, has no name, or @password
 *   is too short
 */
gboolean
mc_officer_list_edit (McOfficerList   *self,
                      const McOfficer *officer,
                      const char      *password)
{
  EditCall *call;

  g_return_val_if_fail (MC_IS_OFFICER_LIST (self), FALSE);
  g_return_val_if_fail (officer != NULL, FALSE);

  if (!g_ptr_array_find_with_equal_func (self->logins, officer->login, g_str_equal, NULL) ||
      officer->name == NULL || *officer->name == '\0' ||
      (password != NULL && g_utf8_strlen (password, -1) < MC_PASSWORD_MIN_LENGTH))
    return FALSE;

  call = g_new0 (EditCall, 1);
  call->self = g_object_ref (self);
  call->login = g_strdup (officer->login);
  call->password = g_strdup (password);
  self->busy++;
  mc_desk_update_officer_async (self->desk, officer, self->cancellable, officer_updated, call);
  return TRUE;
}

static void
edit_response (AdwMessageDialog *dialog,
               const char       *response,
               McOfficerList    *self)
{
  const McOfficer *officer = g_object_get_data (G_OBJECT (dialog), "officer");
  GtkEditable *name = g_object_get_data (G_OBJECT (dialog), "name");
  GtkDropDown *role = g_object_get_data (G_OBJECT (dialog), "role");
  GtkEditable *password = g_object_get_data (G_OBJECT (dialog), "password");

  if (g_str_equal (response, "save"))
    {
      g_autoptr(McOfficer) changed = mc_officer_copy (officer);
      g_autofree char *typed = g_strstrip (g_strdup (gtk_editable_get_text (name)));
      const char *new_password = gtk_editable_get_text (password);

      g_free (changed->name);
      changed->name = g_steal_pointer (&typed);
      if (gtk_drop_down_get_selected (role) < MC_N_ROLES)
        changed->role = (McRole) gtk_drop_down_get_selected (role);
      mc_officer_list_edit (self, changed, *new_password != '\0' ? new_password : NULL);
    }
  gtk_editable_set_text (password, "");
}

static void
edit_typed (GtkEditable      *entry,
            AdwMessageDialog *dialog)
{
  GtkEditable *name = g_object_get_data (G_OBJECT (dialog), "name");
  GtkEditable *password = g_object_get_data (G_OBJECT (dialog), "password");
  g_autofree char *typed = g_strstrip (g_strdup (gtk_editable_get_text (name)));
  glong password_length = g_utf8_strlen (gtk_editable_get_text (password), -1);

  adw_message_dialog_set_response_enabled (dialog, "save", *typed != '\0' &&
                                           (password_length == 0 || password_length >= MC_PASSWORD_MIN_LENGTH));
}

static GtkWidget *
labelled (const char *mnemonic,
          GtkWidget  *field)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *label = gtk_label_new_with_mnemonic (mnemonic);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), field);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), field);

  return box;
}

static void
edit_clicked (GtkButton     *button,
              McOfficerList *self)
{
  const McOfficer *officer = g_object_get_data (G_OBJECT (button), "officer");
  g_autofree char *heading = g_strdup_printf (_("Edit %s"), officer->name);
  g_autoptr(GtkStringList) roles = gtk_string_list_new (NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *name = gtk_entry_new ();
  GtkWidget *role;
  GtkWidget *password = gtk_password_entry_new ();
  AdwMessageDialog *dialog;

  for (guint i = 0; i < MC_N_ROLES; i++)
    gtk_string_list_append (roles, mc_role_label ((McRole) i));
  role = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (roles)), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (role), officer->role);
  gtk_editable_set_text (GTK_EDITABLE (name), officer->name);
  gtk_widget_set_name (name, "officer-edit-name");
  gtk_widget_set_name (role, "officer-edit-role");
  gtk_widget_set_name (password, "officer-edit-password");
  gtk_box_append (GTK_BOX (box), labelled (_("Full _name"), name));
  gtk_box_append (GTK_BOX (box), labelled (_("_Role"), role));
  gtk_box_append (GTK_BOX (box), labelled (_("New _password (empty: keep the present one)"), password));

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                       heading,
                                                       _("The login stays as it is: the records name it.")));
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "save", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "officer", mc_officer_copy (officer), (GDestroyNotify) mc_officer_free);
  g_object_set_data_full (G_OBJECT (dialog), "name", g_object_ref (name), g_object_unref);
  g_object_set_data_full (G_OBJECT (dialog), "role", g_object_ref (role), g_object_unref);
  g_object_set_data_full (G_OBJECT (dialog), "password", g_object_ref (password), g_object_unref);
  g_signal_connect (name, "changed", G_CALLBACK (edit_typed), dialog);
  g_signal_connect (password, "changed", G_CALLBACK (edit_typed), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (edit_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
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
