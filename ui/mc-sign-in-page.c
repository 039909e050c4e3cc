/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sign-in screen: one row per active officer of the desk (name, title
 * and role), one password row, and "Sign In". Keyboard first: arrows pick
 * the officer, Enter moves to the password, Enter again signs in. The check
 * (Argon2id, a fraction of a second) runs in a worker thread; a wrong
 * password leaves the officer chosen and the password selected to retype.
 * On a demo workspace the screen says the demo password, which is printed
 * in the newcomer's guide anyway. Emits "signed-in" with the officer. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "domain/mc-workflow.h"
#include "store/mc-demo.h"
#include "store/mc-desk-auth.h"
#include "mc-sign-in-page.h"

struct _McSignInPage
{
  GtkWidget parent_instance;

  McDesk *desk;
  GCancellable *cancellable;
  GPtrArray *logins;
  char *wanted;
  char *problem;
  gboolean loading;
  gboolean busy;

  AdwStatusPage *status_page;
  GtkListBox *officer_list;
  GtkPasswordEntry *password_row;
  GtkLabel *problem_label;
  GtkLabel *demo_label;
  GtkButton *sign_in_button;
};

G_DEFINE_FINAL_TYPE (McSignInPage, mc_sign_in_page, GTK_TYPE_WIDGET)

enum {
  SIGNED_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_problem (McSignInPage *self,
             const char   *text)
{
  g_free (self->problem);
  self->problem = g_strdup (text);
  gtk_label_set_text (self->problem_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), text != NULL);
  if (text != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->password_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->password_row), "error");
}

static void
set_busy (McSignInPage *self,
          gboolean      busy)
{
  self->busy = busy;
  /* The password row keeps its focus and sensitivity: it may be handling
   * the very Enter that started the check. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->officer_list), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->password_row), !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "signin.sign-in", !busy);
}

static GtkWidget *
officer_row (const McOfficerEntry *entry)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *avatar = adw_avatar_new (32, entry->officer->name, TRUE);
  g_autofree char *subtitle = NULL;

  if (entry->officer->title != NULL && *entry->officer->title != '\0')
    subtitle = g_strdup_printf ("%s · %s", entry->officer->title, mc_role_label (entry->officer->role));
  else
    subtitle = g_strdup (mc_role_label (entry->officer->role));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), entry->officer->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), avatar);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  if (!entry->has_password)
    {
      gtk_widget_set_sensitive (row, FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("No password yet"));
    }

  return row;
}

static void
roster_loaded (GObject      *source,
               GAsyncResult *res,
               gpointer      user_data)
{
  g_autoptr(McSignInPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(McSignInRoster) roster = mc_desk_load_roster_finish (MC_DESK (source), res, &error);
  GtkWidget *child;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading = FALSE;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->officer_list))) != NULL)
    gtk_list_box_remove (self->officer_list, child);
  g_ptr_array_set_size (self->logins, 0);

  if (roster == NULL)
    {
      set_problem (self, error->message);
      return;
    }

  for (guint i = 0; i < roster->entries->len; i++)
    {
      McOfficerEntry *entry = g_ptr_array_index (roster->entries, i);

      gtk_list_box_append (self->officer_list, officer_row (entry));
      g_ptr_array_add (self->logins, g_strdup (entry->officer->login));
    }

  if (roster->office_name != NULL)
    adw_status_page_set_description (self->status_page, roster->office_name);
  if (roster->demo)
    {
      g_autofree char *hint = g_strdup_printf (_("This is the demo workspace: every officer’s password is %s."),
                                               MC_DEMO_PASSWORD);

      gtk_label_set_text (self->demo_label, hint);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->demo_label), roster->demo);

  mc_sign_in_page_select (self, self->wanted);
}

/**
 * mc_sign_in_page_load:
 * @self: the page
 * @desk: the desk
 * @login: (nullable): the officer to preselect (the one who locked)
 *
 * Lists the active officers again and clears the password.
 */
void
mc_sign_in_page_load (McSignInPage *self,
                      McDesk       *desk,
                      const char   *login)
{
  g_return_if_fail (MC_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (MC_IS_DESK (desk));

  g_set_object (&self->desk, desk);
  g_free (self->wanted);
  self->wanted = g_strdup (login);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;
  set_busy (self, FALSE);
  set_problem (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  mc_desk_load_roster_async (desk, self->cancellable, roster_loaded, g_object_ref (self));
}

void
mc_sign_in_page_select (McSignInPage *self,
                        const char   *login)
{
  g_return_if_fail (MC_IS_SIGN_IN_PAGE (self));

  for (guint i = 0; login != NULL && i < self->logins->len; i++)
    if (g_str_equal (g_ptr_array_index (self->logins, i), login))
      {
        GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->officer_list, (int) i);

        gtk_list_box_select_row (self->officer_list, row);
        gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
        return;
      }

  gtk_list_box_unselect_all (self->officer_list);
  gtk_widget_grab_focus (GTK_WIDGET (self->officer_list));
}

const char *
mc_sign_in_page_get_selected (McSignInPage *self)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (MC_IS_SIGN_IN_PAGE (self), NULL);

  row = gtk_list_box_get_selected_row (self->officer_list);
  if (row == NULL || gtk_list_box_row_get_index (row) < 0 ||
      (guint) gtk_list_box_row_get_index (row) >= self->logins->len)
    return NULL;

  return g_ptr_array_index (self->logins, gtk_list_box_row_get_index (row));
}

guint
mc_sign_in_page_get_n_officers (McSignInPage *self)
{
  g_return_val_if_fail (MC_IS_SIGN_IN_PAGE (self), 0);

  return self->logins->len;
}

gboolean
mc_sign_in_page_get_loading (McSignInPage *self)
{
  g_return_val_if_fail (MC_IS_SIGN_IN_PAGE (self), FALSE);

  return self->loading;
}

gboolean
mc_sign_in_page_get_busy (McSignInPage *self)
{
  g_return_val_if_fail (MC_IS_SIGN_IN_PAGE (self), FALSE);

  return self->busy;
}

const char *
mc_sign_in_page_get_problem (McSignInPage *self)
{
  g_return_val_if_fail (MC_IS_SIGN_IN_PAGE (self), NULL);

  return self->problem;
}

GtkEditable *
mc_sign_in_page_get_password (McSignInPage *self)
{
  g_return_val_if_fail (MC_IS_SIGN_IN_PAGE (self), NULL);

  return GTK_EDITABLE (self->password_row);
}

static void
signed_in (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  g_autoptr(McSignInPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(McOfficer) officer = mc_desk_sign_in_finish (MC_DESK (source), res, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);

  if (officer == NULL)
    {
      set_problem (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      gtk_editable_select_region (GTK_EDITABLE (self->password_row), 0, -1);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  g_free (self->wanted);
  self->wanted = g_strdup (officer->login);
  g_signal_emit (self, signals[SIGNED_IN], 0, officer);
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  McSignInPage *self = MC_SIGN_IN_PAGE (widget);
  const char *login = mc_sign_in_page_get_selected (self);
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (self->busy || self->desk == NULL)
    return;
  if (login == NULL)
    {
      set_problem (self, _("Choose your name in the list first."));
      gtk_widget_grab_focus (GTK_WIDGET (self->officer_list));
      return;
    }
  if (*password == '\0')
    {
      set_problem (self, _("Type your password."));
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }

  set_problem (self, NULL);
  set_busy (self, TRUE);
  mc_desk_sign_in_async (self->desk, login, password, self->cancellable, signed_in,
                         g_object_ref (self));
}

static void
row_activated (McSignInPage  *self,
               GtkListBoxRow *row)
{
  gtk_list_box_select_row (self->officer_list, row);
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
password_activated (McSignInPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "signin.sign-in", NULL);
}

static void
password_changed (McSignInPage *self)
{
  if (self->problem != NULL && !self->busy)
    set_problem (self, NULL);
}

static void
mc_sign_in_page_dispose (GObject *object)
{
  McSignInPage *self = MC_SIGN_IN_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->desk);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_SIGN_IN_PAGE);

  G_OBJECT_CLASS (mc_sign_in_page_parent_class)->dispose (object);
}

static void
mc_sign_in_page_finalize (GObject *object)
{
  McSignInPage *self = MC_SIGN_IN_PAGE (object);

  g_ptr_array_unref (self->logins);
  g_free (self->wanted);
  g_free (self->problem);

  G_OBJECT_CLASS (mc_sign_in_page_parent_class)->finalize (object);
}

static void
mc_sign_in_page_class_init (McSignInPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_sign_in_page_dispose;
  object_class->finalize = mc_sign_in_page_finalize;

  /**
   * McSignInPage::signed-in:
   * @page: the page
   * @officer: (type gpointer): the McOfficer whose password was right
   */
  signals[SIGNED_IN] = g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/motcua/Desk/mc-sign-in-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McSignInPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, McSignInPage, officer_list);
  gtk_widget_class_bind_template_child (widget_class, McSignInPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, McSignInPage, problem_label);
  gtk_widget_class_bind_template_child (widget_class, McSignInPage, demo_label);
  gtk_widget_class_bind_template_child (widget_class, McSignInPage, sign_in_button);
  gtk_widget_class_install_action (widget_class, "signin.sign-in", NULL, sign_in_action);
}

static void
mc_sign_in_page_init (McSignInPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->logins = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect_object (self->officer_list, "row-activated", G_CALLBACK (row_activated), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->password_row, "activate", G_CALLBACK (password_activated), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->password_row, "changed", G_CALLBACK (password_changed), self,
                           G_CONNECT_SWAPPED);
}

GtkWidget *
mc_sign_in_page_new (void)
{
  return g_object_new (MC_TYPE_SIGN_IN_PAGE, NULL);
}
