/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window's win.* actions and their shortcuts: navigation, search,
 * locking, preferences, reception, slips and the ledger, signing the
 * queue. Each action only starts the work; the dialogs and the core do it. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "domain/mc-state.h"
#include "store/mc-desk-queries.h"
#include "mc-preferences-window.h"
#include "mc-reception-dialog.h"
#include "mc-sign-dialog.h"
#include "mc-slip-printer.h"
#include "mc-verify-window.h"
#include "reports/mc-reports-window.h"
#include "mc-window-private.h"

/* ---- Workspace and navigation ---- */

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);

  g_assert (MC_IS_WINDOW (self));

  if (self->desk == NULL)
    mc_window_open_workspace (self);
  else
    mc_window_refresh (self);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);

  g_assert (MC_IS_WINDOW (self));

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
select_queue_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);
  guint index = g_variant_get_uint32 (parameter);

  g_assert (MC_IS_WINDOW (self));

  if (index < g_list_model_get_n_items (G_LIST_MODEL (self->queues)))
    mc_window_activate_queue (self, index);
}

static void
lock_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  mc_window_lock (MC_WINDOW (widget));
}

/* ---- Search and filters ---- */

static void
apply_filter_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  mc_window_apply_filter (MC_WINDOW (widget));
}

static void
clear_filter_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  mc_window_clear_filter (MC_WINDOW (widget));
}

static void
close_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);

  g_assert (MC_IS_WINDOW (self));

  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);

  g_assert (MC_IS_WINDOW (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* ---- Preferences ---- */

static void
preferences_changed (McWindow *self)
{
  g_assert (MC_IS_WINDOW (self));

  if (self->desk == NULL)
    return;

  mc_window_load_officer (self);
  mc_window_load_filter_options (self);
  mc_window_refresh (self);
}

static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);
  GtkWidget *preferences;

  g_assert (MC_IS_WINDOW (self));

  if (self->desk == NULL)
    return;

  preferences = mc_preferences_window_new (GTK_WINDOW (self), self->desk);
  g_signal_connect_object (preferences, "changed", G_CALLBACK (preferences_changed), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (preferences));
}

/* ---- Slips and ledger ---- */

static void
slip_printed (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr(McWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  g_assert (MC_IS_WINDOW (self));

  if (!mc_slip_printer_print_finish (res, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    mc_window_show_message (self, error->message);
}

static void
slip_opened (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  g_autoptr(McWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  g_assert (MC_IS_WINDOW (self));

  if (!mc_slip_printer_open_finish (res, &error))
    mc_window_show_message (self, error->message);
}

static void
open_slip_from_toast (AdwToast *toast,
                      McWindow *self)
{
  g_assert (MC_IS_WINDOW (self));

  mc_slip_printer_open_async (g_object_get_data (G_OBJECT (toast), "path"), GTK_WINDOW (self), NULL,
                              slip_opened, g_object_ref (self));
}

static void
slip_made (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  g_autoptr(McWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = mc_slip_printer_make_finish (res, &error);
  AdwToast *toast;

  g_assert (MC_IS_WINDOW (self));

  if (path == NULL)
    {
      mc_window_show_message (self, error->message);
      return;
    }

  /* The PDF is ready: print it, and offer to open it in a viewer. */
  toast = adw_toast_new (_("The slip is ready."));
  adw_toast_set_button_label (toast, _("_Open"));
  g_object_set_data_full (G_OBJECT (toast), "path", g_strdup (path), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (open_slip_from_toast), self, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  g_free (self->last_slip);
  self->last_slip = g_strdup (path);
  /* The toast above replaces whatever was said before. */
  g_clear_pointer (&self->last_message, g_free);
  if (!self->no_print_dialog)
    mc_slip_printer_print_async (path, GTK_WINDOW (self), NULL, slip_printed, g_object_ref (self));
}

static void
print_slip_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);
  const char *kind, *code;

  g_assert (MC_IS_WINDOW (self));

  if (self->desk == NULL)
    return;

  g_variant_get (parameter, "(&s&s)", &kind, &code);
  mc_slip_printer_make_async (self->desk, kind, code, self->cancellable, slip_made, g_object_ref (self));
}

static void
ledger_response (AdwMessageDialog *dialog,
                 const char       *response,
                 McWindow         *self)
{
  GtkEditable *from_entry = g_object_get_data (G_OBJECT (dialog), "from");
  GtkEditable *until_entry = g_object_get_data (G_OBJECT (dialog), "until");
  gint64 from = 0, until = 0;

  g_assert (MC_IS_WINDOW (self));

  if (!g_str_equal (response, "make") || self->desk == NULL)
    return;

  if (!mc_window_parse_day (gtk_editable_get_text (from_entry), &from) || from == 0 ||
      !mc_window_parse_day (gtk_editable_get_text (until_entry), &until) || until == 0 || until < from)
    {
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("Write both dates as dd/mm/yyyy, the first not after the second.")));
      return;
    }

  mc_slip_printer_make_ledger_async (self->desk, from, until + 86400, self->cancellable, slip_made,
                                     g_object_ref (self));
}

static void
ledger_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);
  g_autoptr(GDateTime) now = g_date_time_new_now (mc_vietnam_time_zone ());
  g_autofree char *today = g_date_time_format (now, "%d/%m/%Y");
  g_autofree char *month_start = g_date_time_format (now, "01/%m/%Y");
  GtkWidget *dialog, *box, *from_entry, *until_entry;

  g_assert (MC_IS_WINDOW (self));

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Tracking Ledger"),
                                   _("The dossiers received between these dates (dd/mm/yyyy)."));
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_set_homogeneous (GTK_BOX (box), TRUE);
  from_entry = gtk_entry_new ();
  until_entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (from_entry), month_start);
  gtk_editable_set_text (GTK_EDITABLE (until_entry), today);
  gtk_entry_set_activates_default (GTK_ENTRY (until_entry), TRUE);
  gtk_box_append (GTK_BOX (box), from_entry);
  gtk_box_append (GTK_BOX (box), until_entry);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "make", _("_Make Ledger"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "make", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "make");
  g_object_set_data (G_OBJECT (dialog), "from", from_entry);
  g_object_set_data (G_OBJECT (dialog), "until", until_entry);
  g_signal_connect_object (dialog, "response", G_CALLBACK (ledger_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reports_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);

  g_assert (MC_IS_WINDOW (self));

  gtk_window_present (GTK_WINDOW (mc_reports_window_new (GTK_WINDOW (self), self->desk)));
}

/* ---- Reception ---- */

static void
reception_received (McWindow   *self,
                    const char *code)
{
  g_autofree char *text = g_strdup_printf (_("Dossier %s received."), code);

  g_assert (MC_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
  /* The officer goes on with the dossier just received. */
  mc_window_choose_code (self, code);
  mc_window_refresh (self);
}

static void
reception_print (McWindow   *self,
                 const char *kind,
                 const char *code)
{
  g_assert (MC_IS_WINDOW (self));

  gtk_widget_activate_action (GTK_WIDGET (self), "win.print-slip", "(ss)", kind, code);
}

static void
reception_stopped (McWindow          *self,
                   McReceptionDialog *dialog)
{
  g_assert (MC_IS_WINDOW (self));

  /* Not received: the applicant leaves with the list of what is missing. */
  mc_slip_printer_make_guidance_async (self->desk, mc_reception_dialog_dup_reception (dialog),
                                       self->cancellable, slip_made, g_object_ref (self));
}

static void
receive_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);
  McReceptionDialog *dialog;

  g_assert (MC_IS_WINDOW (self));

  if (self->desk == NULL)
    return;

  dialog = mc_reception_dialog_new (GTK_WINDOW (self), self->desk);
  g_signal_connect_object (dialog, "received", G_CALLBACK (reception_received), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "print-slip", G_CALLBACK (reception_print), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "stopped", G_CALLBACK (reception_stopped), self, G_CONNECT_SWAPPED);
  self->reception_dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->reception_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
verify_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_window_present (GTK_WINDOW (mc_verify_window_new (GTK_WINDOW (widget))));
}

/* ---- Signing ---- */

static void
queue_signed (McWindow *self)
{
  g_assert (MC_IS_WINDOW (self));

  mc_window_refresh (self);
  mc_dossier_pane_reload (self->dossier_pane);
}

static void
signature_codes_loaded (GObject      *source,
                        GAsyncResult *res,
                        gpointer      user_data)
{
  g_autoptr(McWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) codes = mc_desk_list_queue_codes_finish (MC_DESK (source), res, &error);
  McSignDialog *dialog;

  g_assert (MC_IS_WINDOW (self));

  if (codes == NULL)
    {
      mc_window_show_message (self, error->message);
      return;
    }
  if (codes[0] == NULL)
    {
      mc_window_show_message (self, _("No dossier waits for your signature."));
      return;
    }

  dialog = mc_sign_dialog_new (GTK_WINDOW (self), self->desk, self->officer, (const char * const *) codes);
  g_signal_connect_object (dialog, "signed", G_CALLBACK (queue_signed), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* One PIN for every dossier of the "for my signature" queue. */
static void
sign_queue_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);

  if (self->desk == NULL)
    return;

  mc_desk_list_queue_codes_async (self->desk, "signature", self->cancellable,
                                  signature_codes_loaded, g_object_ref (self));
}

/* ---- Installing ---- */

void
mc_window_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.select-queue", "u", select_queue_action);

  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.lock", NULL, lock_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK | GDK_ALT_MASK, "win.lock", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_SUPER_MASK, "win.lock", NULL);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);
  gtk_widget_class_install_action (widget_class, "win.receive", NULL, receive_action);
  gtk_widget_class_install_action (widget_class, "win.verify", NULL, verify_action);
  gtk_widget_class_install_action (widget_class, "win.sign-queue", NULL, sign_queue_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.sign-queue", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.receive", NULL);
  gtk_widget_class_install_action (widget_class, "win.print-slip", "(ss)", print_slip_action);
  gtk_widget_class_install_action (widget_class, "win.ledger", NULL, ledger_action);
  gtk_widget_class_install_action (widget_class, "win.reports", NULL, reports_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK, "win.preferences", NULL);
  gtk_widget_class_install_action (widget_class, "win.apply-filter", NULL, apply_filter_action);
  gtk_widget_class_install_action (widget_class, "win.clear-filter", NULL, clear_filter_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  /* Esc closes the search wherever the focus is (the entry closes it
   * itself when it has the focus). */
  gtk_widget_class_install_action (widget_class, "win.close-search", NULL, close_search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.close-search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  for (guint i = 0; i < 9; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "win.select-queue", "u", i);
  /* The tenth queue (late) on Alt+0, as the digit row goes. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_ALT_MASK, "win.select-queue", "u", 9);
}
