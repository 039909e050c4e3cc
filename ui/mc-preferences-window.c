/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Preferences of one desk, kept in its workspace so the CLI and every
 * window see the same: the current officer (applied as soon as it is
 * picked), adding an officer, and the office (saved with a button, since
 * its code and name are only valid together). What a person types is
 * checked here first, with the core's own rules, so the message can sit
 * under the field; the core checks again inside its transaction. Every
 * read and write is a desk call on the store's worker threads; "changed"
 * tells the main window to reload. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-preferences-window.h"
#include "store/mc-desk-profile.h"
#include "store/mc-desk-auth.h"
#include "mc-officer-list.h"
#include "sync/mc-sync-preferences.h"

struct _McPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  McDesk *desk;
  GCancellable *cancellable;
  GtkStringList *officer_names;
  GPtrArray *officer_logins;
  gboolean updating;
  gboolean loaded;
  guint n_jobs;
  McSyncPreferences *sync_page;   /* (unowned) the central server page */

  AdwToast *last_toast;

  AdwComboRow *current_officer_row;
  AdwPreferencesPage *officer_page;
  McOfficerList *officer_list;
  GtkLabel *current_officer_message;
  AdwEntryRow *login_row;
  AdwEntryRow *officer_name_row;
  AdwEntryRow *officer_title_row;
  AdwEntryRow *officer_department_row;
  AdwPasswordEntryRow *officer_password_row;
  char *new_password;
  AdwComboRow *role_row;
  GtkLabel *officer_message;
  AdwEntryRow *office_code_row;
  GtkLabel *office_code_message;
  AdwEntryRow *office_name_row;
  AdwEntryRow *office_parent_row;
  AdwEntryRow *office_place_row;
  AdwEntryRow *office_address_row;
  GtkLabel *office_message;
};

G_DEFINE_FINAL_TYPE (McPreferencesWindow, mc_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_DESK,
  PROP_BUSY,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Busy while any store work is pending; the buttons wait meanwhile. */
static void
update_actions (McPreferencesWindow *self)
{
  gboolean idle = self->loaded && self->n_jobs == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.add-officer", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.save-office", idle);
  /* Whoever signed in is the current officer: switching is signing in. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->current_officer_row),
                            idle && self->officer_logins->len > 0 &&
                            mc_desk_get_officer_login (self->desk) == NULL);
}

static void
job_started (McPreferencesWindow *self)
{
  if (self->n_jobs++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  update_actions (self);
}

static void
job_ended (McPreferencesWindow *self)
{
  g_return_if_fail (self->n_jobs > 0);

  if (--self->n_jobs == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  update_actions (self);
}

/* Only the latest outcome is worth reading: it replaces the text of the
 * one still shown. Not dismissed and replaced by a new toast: libadwaita
 * 1.2 could then run the old toast's hide animation to its end on an
 * unmap and unref what was already gone (a crash seen in test-preferences
 * when a popover opened right after). */
static void
toast (McPreferencesWindow *self,
       const char          *text)
{
  AdwToast *toast;

  if (self->last_toast != NULL)
    {
      adw_toast_set_title (self->last_toast, text);
      return;
    }
  toast = adw_toast_new (text);
  g_set_weak_pointer (&self->last_toast, toast);
  adw_toast_set_timeout (toast, 4);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
}

static void
show_message (GtkLabel   *label,
              const char *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
}

static void
mark_row (AdwEntryRow *row,
          gboolean     wrong)
{
  if (wrong)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static char *
row_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* Loading. */

/* By name as Vietnamese sorts them (Đ after D), which the store's
 * byte order does not. */
static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  const McOfficer *oa = *(const McOfficer * const *) a;
  const McOfficer *ob = *(const McOfficer * const *) b;

  return g_utf8_collate (oa->name, ob->name);
}

static void
show_officers (McPreferencesWindow *self,
               GPtrArray           *officers,
               const char          *current_login)
{
  guint selected = GTK_INVALID_LIST_POSITION;
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->officer_names));
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *signed_in = mc_desk_get_officer_login (self->desk);

  if (signed_in != NULL)
    current_login = signed_in;
  g_ptr_array_sort (officers, compare_names);
  g_ptr_array_set_size (self->officer_logins, 0);
  for (guint i = 0; i < officers->len; i++)
    {
      McOfficer *officer = g_ptr_array_index (officers, i);

      g_ptr_array_add (names, g_strdup_printf ("%s — %s", officer->name, mc_role_label (officer->role)));
      g_ptr_array_add (self->officer_logins, g_strdup (officer->login));
      if (g_strcmp0 (officer->login, current_login) == 0)
        selected = i;
    }
  g_ptr_array_add (names, NULL);

  self->updating = TRUE;
  gtk_string_list_splice (self->officer_names, 0, n_old, (const char * const *) names->pdata);
  adw_combo_row_set_selected (self->current_officer_row, selected);
  self->updating = FALSE;

  if (signed_in != NULL)
    show_message (self->current_officer_message,
                  _("You are signed in. To work as another officer, lock the window (Ctrl+Alt+L) and sign in as them."));
  else if (officers->len == 0)
    show_message (self->current_officer_message, _("No officer yet: add the first one below."));
  else if (selected == GTK_INVALID_LIST_POSITION)
    show_message (self->current_officer_message, _("Nobody is signed in at this desk: choose yourself."));
  else
    show_message (self->current_officer_message, NULL);
}

static void
show_office (McPreferencesWindow *self,
             const McOffice      *office)
{
  if (office == NULL)
    return;

  gtk_editable_set_text (GTK_EDITABLE (self->office_code_row), office->code);
  gtk_editable_set_text (GTK_EDITABLE (self->office_name_row), office->name);
  gtk_editable_set_text (GTK_EDITABLE (self->office_parent_row), office->parent);
  gtk_editable_set_text (GTK_EDITABLE (self->office_place_row), office->place);
  gtk_editable_set_text (GTK_EDITABLE (self->office_address_row), office->address);
  show_message (self->office_code_message, NULL);
  show_message (self->office_message, NULL);
  mark_row (self->office_code_row, FALSE);
  mark_row (self->office_name_row, FALSE);
}

static void
settings_loaded (GObject      *source,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  g_autoptr(McPreferencesWindow) self = user_data;
  g_autoptr(McDeskProfile) settings = NULL;
  g_autoptr(GError) error = NULL;
  gboolean first = !self->loaded;

  g_assert (MC_IS_PREFERENCES_WINDOW (self));

  settings = mc_desk_load_profile_finish (MC_DESK (source), res, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (settings == NULL)
    toast (self, error->message);
  else
    {
      show_officers (self, settings->officers, settings->current_login);
      if (first)
        show_office (self, settings->office);
    }

  self->loaded = TRUE;
  job_ended (self);
}

static void
reload (McPreferencesWindow *self)
{
  job_started (self);
  mc_desk_load_profile_async (self->desk, self->cancellable, settings_loaded, g_object_ref (self));
}

/* The current officer. */

static void
officer_used (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr(McPreferencesWindow) self = user_data;
  g_autoptr(McOfficer) officer = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (MC_IS_PREFERENCES_WINDOW (self));

  officer = mc_desk_use_officer_finish (MC_DESK (source), res, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  job_ended (self);

  if (officer == NULL)
    {
      toast (self, error->message);
      reload (self);
      return;
    }

  {
    g_autofree char *text = g_strdup_printf (_("Now working as %s"), officer->name);

    toast (self, text);
  }
  show_message (self->current_officer_message, NULL);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
current_officer_selected (McPreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->current_officer_row);

  if (self->updating || selected >= self->officer_logins->len || mc_desk_get_officer_login (self->desk) != NULL)
    return;

  job_started (self);
  mc_desk_use_officer_async (self->desk, g_ptr_array_index (self->officer_logins, selected),
                             self->cancellable, officer_used, g_object_ref (self));
}

/* Adding an officer. */

static void
password_set (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr(McPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!mc_desk_set_password_finish (MC_DESK (source), res, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show_message (self->officer_message, error->message);
    }
  job_ended (self);
  mc_officer_list_reload (self->officer_list);
}

static void
officer_added (GObject      *source,
               GAsyncResult *res,
               gpointer      user_data)
{
  g_autoptr(McPreferencesWindow) self = user_data;
  g_autoptr(McOfficer) officer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert (MC_IS_PREFERENCES_WINDOW (self));

  officer = mc_desk_add_officer_finish (MC_DESK (source), res, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  job_ended (self);

  if (officer == NULL)
    {
      show_message (self->officer_message, error->message);
      if (g_error_matches (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID) ||
          g_error_matches (error, MC_STORE_ERROR, MC_STORE_ERROR_EXISTS))
        mark_row (self->login_row, TRUE);
      return;
    }

  /* The officer exists: their password is hashed in a worker thread. */
  if (self->new_password != NULL)
    {
      job_started (self);
      mc_desk_set_password_async (self->desk, officer->login, self->new_password,
                                  self->cancellable, password_set, g_object_ref (self));
      g_clear_pointer (&self->new_password, mc_password_free);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->officer_password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->login_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->officer_name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->officer_title_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->officer_department_row), "");
  adw_combo_row_set_selected (self->role_row, MC_ROLE_RECEPTION);
  show_message (self->officer_message, NULL);

  mc_officer_list_reload (self->officer_list);
  text = g_strdup_printf (_("%s was added"), officer->name);
  toast (self, text);
  reload (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
add_officer_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  McPreferencesWindow *self = MC_PREFERENCES_WINDOW (widget);
  g_autofree char *login = row_text (self->login_row);
  g_autofree char *name = row_text (self->officer_name_row);
  g_autofree char *title = row_text (self->officer_title_row);
  g_autofree char *department = row_text (self->officer_department_row);
  g_autofree char *message = NULL;
  g_autoptr(GError) login_error = NULL;
  g_autoptr(McOfficer) officer = NULL;
  guint role = adw_combo_row_get_selected (self->role_row);

  mark_row (self->login_row, FALSE);
  mark_row (self->officer_name_row, FALSE);

  if (!mc_officer_login_check (login, &login_error))
    {
      message = g_strdup (login_error->message);
      mark_row (self->login_row, TRUE);
    }
  else if (*name == '\0')
    {
      message = g_strdup (_("Enter the officer’s full name."));
      mark_row (self->officer_name_row, TRUE);
    }
  else if (*gtk_editable_get_text (GTK_EDITABLE (self->officer_password_row)) != '\0' &&
           g_utf8_strlen (gtk_editable_get_text (GTK_EDITABLE (self->officer_password_row)), -1) <
           MC_PASSWORD_MIN_LENGTH)
    message = g_strdup (_("The password needs at least 6 characters."));
  show_message (self->officer_message, message);
  if (message != NULL)
    return;

  /* Without a password the officer is listed but cannot sign in yet. */
  g_clear_pointer (&self->new_password, mc_password_free);
  if (*gtk_editable_get_text (GTK_EDITABLE (self->officer_password_row)) != '\0')
    self->new_password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->officer_password_row)));

  officer = mc_officer_new (login, name, title, department,
                            role < MC_N_ROLES ? (McRole) role : MC_ROLE_RECEPTION);
  job_started (self);
  mc_desk_add_officer_async (self->desk, officer, self->cancellable, officer_added, g_object_ref (self));
}

static void
officer_field_changed (McPreferencesWindow *self)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self->officer_message)))
    {
      show_message (self->officer_message, NULL);
      mark_row (self->login_row, FALSE);
      mark_row (self->officer_name_row, FALSE);
    }
}

static void
officer_entry_activated (McPreferencesWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "prefs.add-officer", NULL);
}

/* The office. */

static char *
office_code_text (McPreferencesWindow *self)
{
  g_autofree char *text = row_text (self->office_code_row);

  return g_ascii_strup (text, -1);
}

/* Returns the message for the code, or NULL when it is fine. */
static char *
office_code_problem (const char *code)
{
  if (*code == '\0')
    return g_strdup (_("Enter the office code, like 000.00.04.H40."));
  if (!mc_office_code_is_valid (code))
    return g_strdup_printf (_("“%s” is not an office code. It has four groups of 3, 2, 2 and 3 capital letters or digits separated by dots, like 000.00.04.H40 or H40.12.03.X05."),
                            code);
  return NULL;
}

static void
office_saved (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr(McPreferencesWindow) self = user_data;
  g_autoptr(McOffice) office = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (MC_IS_PREFERENCES_WINDOW (self));

  office = mc_desk_set_office_finish (MC_DESK (source), res, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  job_ended (self);

  if (office == NULL)
    {
      show_message (self->office_message, error->message);
      return;
    }

  show_office (self, office);
  toast (self, _("Office saved"));
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
save_office_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  McPreferencesWindow *self = MC_PREFERENCES_WINDOW (widget);
  g_autofree char *code = office_code_text (self);
  g_autofree char *code_problem = office_code_problem (code);
  g_autofree char *name = row_text (self->office_name_row);
  g_autoptr(McOffice) office = NULL;

  show_message (self->office_code_message, code_problem);
  mark_row (self->office_code_row, code_problem != NULL);
  show_message (self->office_message, *name == '\0' ? _("Enter the office’s name, as printed on slips.") : NULL);
  mark_row (self->office_name_row, *name == '\0');
  if (code_problem != NULL || *name == '\0')
    return;

  office = g_new0 (McOffice, 1);
  office->code = g_steal_pointer (&code);
  office->name = g_steal_pointer (&name);
  office->parent = row_text (self->office_parent_row);
  office->place = row_text (self->office_place_row);
  office->address = row_text (self->office_address_row);

  job_started (self);
  mc_desk_set_office_async (self->desk, office, self->cancellable, office_saved, g_object_ref (self));
}

/* A message under a field goes away as soon as what is typed is right. */
static void
office_field_changed (McPreferencesWindow *self)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self->office_code_message)))
    {
      g_autofree char *code = office_code_text (self);
      g_autofree char *problem = office_code_problem (code);

      if (problem == NULL)
        {
          show_message (self->office_code_message, NULL);
          mark_row (self->office_code_row, FALSE);
        }
    }
  if (gtk_widget_get_visible (GTK_WIDGET (self->office_message)))
    {
      g_autofree char *name = row_text (self->office_name_row);

      if (*name != '\0')
        {
          show_message (self->office_message, NULL);
          mark_row (self->office_name_row, FALSE);
        }
    }
}

static void
office_entry_activated (McPreferencesWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "prefs.save-office", NULL);
}

/* The class. */

static void
mc_preferences_window_constructed (GObject *object)
{
  McPreferencesWindow *self = MC_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (mc_preferences_window_parent_class)->constructed (object);

  g_return_if_fail (MC_IS_DESK (self->desk));
  reload (self);
  self->officer_list = mc_officer_list_new (self->desk);
  adw_preferences_page_add (self->officer_page, ADW_PREFERENCES_GROUP (self->officer_list));
  /* Signing in to the central server: its own page (ui/sync/). */
  self->sync_page = mc_sync_preferences_new (self->desk);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (self->sync_page));
}

static void
mc_preferences_window_dispose (GObject *object)
{
  McPreferencesWindow *self = MC_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_weak_pointer (&self->last_toast);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->officer_names);
  g_clear_object (&self->desk);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (mc_preferences_window_parent_class)->dispose (object);
}

static void
mc_preferences_window_finalize (GObject *object)
{
  McPreferencesWindow *self = MC_PREFERENCES_WINDOW (object);

  g_ptr_array_unref (self->officer_logins);
  mc_password_free (self->new_password);

  G_OBJECT_CLASS (mc_preferences_window_parent_class)->finalize (object);
}

static void
mc_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  McPreferencesWindow *self = MC_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DESK: g_value_set_object (value, self->desk); break;
    case PROP_BUSY: g_value_set_boolean (value, mc_preferences_window_get_busy (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  McPreferencesWindow *self = MC_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DESK: self->desk = g_value_dup_object (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The switch lives only in the template (offset 0: no struct member). */
static void
bind_verify_online (McPreferencesWindow *self)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GObject *toggle = gtk_widget_get_template_child (GTK_WIDGET (self), MC_TYPE_PREFERENCES_WINDOW,
                                                   "verify_online_switch");

  g_settings_bind (settings, "verify-online", toggle, "active", G_SETTINGS_BIND_DEFAULT);
}

static void
mc_preferences_window_class_init (McPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mc_preferences_window_constructed;
  object_class->dispose = mc_preferences_window_dispose;
  object_class->finalize = mc_preferences_window_finalize;
  object_class->get_property = mc_preferences_window_get_property;
  object_class->set_property = mc_preferences_window_set_property;

  properties[PROP_DESK] =
    g_param_spec_object ("desk", NULL, NULL, MC_TYPE_DESK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * McPreferencesWindow::changed:
   *
   * The office, the officers or the current officer were saved; whoever
   * shows them should reload.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/motcua/Desk/mc-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, current_officer_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, officer_page);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, current_officer_message);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, officer_password_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, login_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, officer_name_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, officer_title_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, officer_department_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, role_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, officer_message);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, office_code_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, office_code_message);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, office_name_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, office_parent_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, office_place_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, office_address_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, office_message);
  gtk_widget_class_bind_template_child_full (widget_class, "verify_online_switch", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, officer_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, officer_entry_activated);
  gtk_widget_class_bind_template_callback (widget_class, office_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, office_entry_activated);

  gtk_widget_class_install_action (widget_class, "prefs.add-officer", NULL, add_officer_action);
  gtk_widget_class_install_action (widget_class, "prefs.save-office", NULL, save_office_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "prefs.save-office", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
mc_preferences_window_init (McPreferencesWindow *self)
{
  g_autoptr(GtkStringList) roles = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  bind_verify_online (self);

  self->cancellable = g_cancellable_new ();
  self->officer_logins = g_ptr_array_new_with_free_func (g_free);

  /* Role names come from the workflow, in the order of McRole. */
  for (guint role = 0; role < MC_N_ROLES; role++)
    gtk_string_list_append (roles, mc_role_label ((McRole) role));
  adw_combo_row_set_model (self->role_row, G_LIST_MODEL (roles));

  self->officer_names = gtk_string_list_new (NULL);
  adw_combo_row_set_model (self->current_officer_row, G_LIST_MODEL (self->officer_names));
  g_signal_connect_object (self->current_officer_row, "notify::selected",
                           G_CALLBACK (current_officer_selected), self, G_CONNECT_SWAPPED);

  update_actions (self);
}

/**
 * mc_preferences_window_new:
 * @parent: (nullable): the main window it belongs to
 * @desk: the desk whose preferences are shown
 *
 * Returns: (transfer none): a modal preferences window, reading the
 *   desk's settings in the background; GTK keeps it until it is closed
 */
GtkWidget *
mc_preferences_window_new (GtkWindow *parent,
                           McDesk    *desk)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (MC_IS_DESK (desk), NULL);

  return g_object_new (MC_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "application", parent != NULL ? gtk_window_get_application (parent) : NULL,
                       "desk", desk,
                       NULL);
}

McDesk *
mc_preferences_window_get_desk (McPreferencesWindow *self)
{
  g_return_val_if_fail (MC_IS_PREFERENCES_WINDOW (self), NULL);

  return self->desk;
}

/**
 * mc_preferences_window_get_busy:
 * @self: a preferences window
 *
 * Returns: %TRUE until the settings were read, and while a change is
 *   being saved
 */
gboolean
mc_preferences_window_get_busy (McPreferencesWindow *self)
{
  g_return_val_if_fail (MC_IS_PREFERENCES_WINDOW (self), TRUE);

  /* The officer list and the central server page run their own jobs on
   * the store: the window is busy while they are. */
  return !self->loaded || self->n_jobs > 0 ||
         (self->officer_list != NULL && mc_officer_list_get_busy (MC_OFFICER_LIST (self->officer_list))) ||
         (self->sync_page != NULL && mc_sync_preferences_get_busy (self->sync_page));
}
