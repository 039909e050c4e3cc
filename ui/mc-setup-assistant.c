/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The first-run assistant: an empty workspace opens here instead of on a
 * blank window. The office (code checked as in Preferences) and the first
 * officers, each with a role and a password, are kept in memory until
 * "Start Working"; then the passwords are hashed in a worker thread and
 * everything is written in one transaction, so a half-set-up desk never
 * exists. The plain passwords are wiped as soon as they are hashed. Emits
 * "finished" with the first officer's login. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "domain/mc-workflow.h"
#include "store/mc-desk-auth.h"
#include "store/mc-desk-profile.h"
#include "mc-setup-assistant.h"

struct _McSetupAssistant
{
  GtkWidget parent_instance;

  McDesk *desk;
  char *first_login;
  GCancellable *cancellable;
  GPtrArray *officers;
  char *problem;
  gboolean busy;

  AdwEntryRow *code_row;
  AdwEntryRow *name_row;
  AdwEntryRow *parent_row;
  AdwEntryRow *place_row;
  GtkListBox *officer_list;
  AdwEntryRow *login_row;
  AdwEntryRow *full_name_row;
  AdwEntryRow *title_row;
  AdwComboRow *role_row;
  AdwPasswordEntryRow *password_row;
  GtkLabel *problem_label;
};

G_DEFINE_FINAL_TYPE (McSetupAssistant, mc_setup_assistant, GTK_TYPE_WIDGET)

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const McRole roles[] = { MC_ROLE_RECEPTION, MC_ROLE_SPECIALIST, MC_ROLE_LEADER, MC_ROLE_CLERK };

static void
set_problem (McSetupAssistant *self,
             const char       *text,
             gpointer          row)
{
  g_free (self->problem);
  self->problem = g_strdup (text);
  gtk_label_set_text (self->problem_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), text != NULL);
  if (row != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_widget_grab_focus (row);
    }
}

static char *
row_text (gpointer row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
clear_marks (McSetupAssistant *self)
{
  gpointer rows[] = { self->code_row, self->name_row, self->login_row, self->full_name_row, self->password_row };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_remove_css_class (rows[i], "error");
  set_problem (self, NULL, NULL);
}

/* Only the actions go insensitive: the focused entry keeps its focus. */
static void
set_busy (McSetupAssistant *self,
          gboolean          busy)
{
  self->busy = busy;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "setup.finish", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "setup.add-officer", !busy);
}

static gboolean
form_is_empty (McSetupAssistant *self)
{
  gpointer rows[] = { self->login_row, self->full_name_row, self->title_row, self->password_row };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (*gtk_editable_get_text (GTK_EDITABLE (rows[i])) != '\0')
      return FALSE;
  return TRUE;
}

/* Adds the officer in the form; FALSE (with the problem shown) when the
 * form is not right. */
static gboolean
add_from_form (McSetupAssistant *self)
{
  g_autofree char *login = row_text (self->login_row);
  g_autofree char *name = row_text (self->full_name_row);
  g_autofree char *title = row_text (self->title_row);
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  guint role_index = adw_combo_row_get_selected (self->role_row);
  g_autoptr(McOfficer) officer = NULL;
  McNewOfficer *entry;
  GtkWidget *row;
  g_autofree char *subtitle = NULL;

  clear_marks (self);
  /* The core's rule for a login, with the assistant's own wording. */
  if (!mc_officer_login_check (login, NULL))
    {
      set_problem (self, _("Choose a login of small letters and digits, without spaces or accents, like lan."),
                   self->login_row);
      return FALSE;
    }
  for (guint i = 0; i < self->officers->len; i++)
    if (g_str_equal (((McNewOfficer *) g_ptr_array_index (self->officers, i))->officer->login, login))
      {
        set_problem (self, _("That login is taken by an officer above. Choose another one."), self->login_row);
        return FALSE;
      }
  if (*name == '\0')
    {
      set_problem (self, _("Enter the officer’s full name."), self->full_name_row);
      return FALSE;
    }
  if (g_utf8_strlen (password, -1) < MC_PASSWORD_MIN_LENGTH)
    {
      set_problem (self, _("The password needs at least 6 characters."), self->password_row);
      return FALSE;
    }

  officer = mc_officer_new (login, name, title, "", roles[MIN (role_index, G_N_ELEMENTS (roles) - 1)]);
  entry = mc_new_officer_new (officer, password);
  g_ptr_array_add (self->officers, entry);

  row = adw_action_row_new ();
  subtitle = g_strdup_printf ("%s · %s", login, mc_role_label (entry->officer->role));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), adw_avatar_new (32, name, TRUE));
  gtk_list_box_append (self->officer_list, row);
  gtk_widget_set_visible (GTK_WIDGET (self->officer_list), TRUE);

  gtk_editable_set_text (GTK_EDITABLE (self->login_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->full_name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->login_row));

  return TRUE;
}

static void
add_officer_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  add_from_form (MC_SETUP_ASSISTANT (widget));
}

static void
setup_done (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  g_autoptr(McSetupAssistant) self = user_data;
  g_autoptr(GError) error = NULL;
  if (!mc_desk_set_up_finish (MC_DESK (source), res, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      set_problem (self, error->message, NULL);
      return;
    }

  set_busy (self, FALSE);
  g_signal_emit (self, signals[FINISHED], 0, self->first_login);
}

static void
finish_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  McSetupAssistant *self = MC_SETUP_ASSISTANT (widget);
  g_autofree char *code = NULL;
  g_autofree char *name = NULL;
  g_autoptr(McOffice) office = NULL;
  g_autoptr(GPtrArray) officers = NULL;

  if (self->busy || self->desk == NULL)
    return;

  /* An officer typed in but not added yet is added now. */
  if (!form_is_empty (self) && !add_from_form (self))
    return;

  clear_marks (self);
  code = g_ascii_strup (gtk_editable_get_text (GTK_EDITABLE (self->code_row)), -1);
  g_strstrip (code);
  name = row_text (self->name_row);
  if (!mc_office_code_is_valid (code))
    {
      /* The same words as Preferences: the national form first. */
      g_autofree char *problem = NULL;

      if (*code == '\0')
        problem = g_strdup (_("Enter the office code, like 000.00.04.H40."));
      else
        problem = g_strdup_printf (_("“%s” is not an office code. It has four groups of 3, 2, 2 and 3 capital letters or digits separated by dots, like 000.00.04.H40 or H40.12.03.X05."),
                                   code);
      set_problem (self, problem, self->code_row);
      return;
    }
  if (*name == '\0')
    {
      set_problem (self, _("Enter the office name."), self->name_row);
      return;
    }
  if (self->officers->len == 0)
    {
      set_problem (self, _("Add at least one officer: nobody could sign in otherwise."), self->login_row);
      return;
    }

  office = g_new0 (McOffice, 1);
  office->code = g_steal_pointer (&code);
  office->name = g_steal_pointer (&name);
  office->parent = row_text (self->parent_row);
  office->place = row_text (self->place_row);
  office->address = g_strdup ("");
  officers = g_steal_pointer (&self->officers);
  g_free (self->first_login);
  self->first_login = g_strdup (((McNewOfficer *) g_ptr_array_index (officers, 0))->officer->login);
  self->officers = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_new_officer_free);

  set_busy (self, TRUE);
  mc_desk_set_up_async (self->desk, office, officers, self->cancellable, setup_done, g_object_ref (self));
}

static gboolean
add_later (gpointer data)
{
  g_autoptr(McSetupAssistant) self = data;

  if (!self->busy)
    add_from_form (self);

  return G_SOURCE_REMOVE;
}

/* Enter in the password adds the officer, ready for the next one: once
 * the entry has finished with its key, since adding moves the focus. */
static void
password_activated (McSetupAssistant *self)
{
  g_idle_add (add_later, g_object_ref (self));
}

static void
row_changed (McSetupAssistant *self)
{
  if (self->problem != NULL && !self->busy)
    clear_marks (self);
}

void
mc_setup_assistant_set_desk (McSetupAssistant *self,
                             McDesk           *desk)
{
  g_return_if_fail (MC_IS_SETUP_ASSISTANT (self));

  g_set_object (&self->desk, desk);
  gtk_widget_grab_focus (GTK_WIDGET (self->code_row));
}

guint
mc_setup_assistant_get_n_officers (McSetupAssistant *self)
{
  g_return_val_if_fail (MC_IS_SETUP_ASSISTANT (self), 0);

  return self->officers->len;
}

const char *
mc_setup_assistant_get_problem (McSetupAssistant *self)
{
  g_return_val_if_fail (MC_IS_SETUP_ASSISTANT (self), NULL);

  return self->problem;
}

gboolean
mc_setup_assistant_get_busy (McSetupAssistant *self)
{
  g_return_val_if_fail (MC_IS_SETUP_ASSISTANT (self), FALSE);

  return self->busy;
}

static void
mc_setup_assistant_dispose (GObject *object)
{
  McSetupAssistant *self = MC_SETUP_ASSISTANT (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->desk);

  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_SETUP_ASSISTANT);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (mc_setup_assistant_parent_class)->dispose (object);
}

static void
mc_setup_assistant_finalize (GObject *object)
{
  McSetupAssistant *self = MC_SETUP_ASSISTANT (object);

  g_ptr_array_unref (self->officers);
  g_free (self->problem);
  g_free (self->first_login);

  G_OBJECT_CLASS (mc_setup_assistant_parent_class)->finalize (object);
}

static void
mc_setup_assistant_class_init (McSetupAssistantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_setup_assistant_dispose;
  object_class->finalize = mc_setup_assistant_finalize;

  /**
   * McSetupAssistant::finished:
   * @assistant: the assistant
   * @login: the first officer's login
   *
   * The office and officers are stored.
   */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/motcua/Desk/mc-setup-assistant.ui");
  gtk_widget_class_bind_template_child (widget_class, McSetupAssistant, code_row);
  gtk_widget_class_bind_template_child (widget_class, McSetupAssistant, name_row);
  gtk_widget_class_bind_template_child (widget_class, McSetupAssistant, parent_row);
  gtk_widget_class_bind_template_child (widget_class, McSetupAssistant, place_row);
  gtk_widget_class_bind_template_child (widget_class, McSetupAssistant, officer_list);
  gtk_widget_class_bind_template_child (widget_class, McSetupAssistant, login_row);
  gtk_widget_class_bind_template_child (widget_class, McSetupAssistant, full_name_row);
  gtk_widget_class_bind_template_child (widget_class, McSetupAssistant, title_row);
  gtk_widget_class_bind_template_child (widget_class, McSetupAssistant, role_row);
  gtk_widget_class_bind_template_child (widget_class, McSetupAssistant, password_row);
  gtk_widget_class_bind_template_child (widget_class, McSetupAssistant, problem_label);
  gtk_widget_class_install_action (widget_class, "setup.add-officer", NULL, add_officer_action);
  gtk_widget_class_install_action (widget_class, "setup.finish", NULL, finish_action);
}

static void
mc_setup_assistant_init (McSetupAssistant *self)
{
  g_autoptr(GtkStringList) role_names = gtk_string_list_new (NULL);
  gpointer rows[5];

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->officers = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_new_officer_free);
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    gtk_string_list_append (role_names, mc_role_label (roles[i]));
  adw_combo_row_set_model (self->role_row, G_LIST_MODEL (role_names));

  rows[0] = self->code_row;
  rows[1] = self->name_row;
  rows[2] = self->login_row;
  rows[3] = self->full_name_row;
  rows[4] = self->password_row;
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_signal_connect_object (rows[i], "changed", G_CALLBACK (row_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->password_row, "entry-activated", G_CALLBACK (password_activated), self,
                           G_CONNECT_SWAPPED);
}

GtkWidget *
mc_setup_assistant_new (void)
{
  return g_object_new (MC_TYPE_SETUP_ASSISTANT, NULL);
}
