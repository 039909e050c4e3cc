/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window of one workspace: queues on the left, the dossiers of the
 * chosen queue in the middle, the selected dossier on the right, folding to
 * one column on a narrow screen. The workspace opens in a worker thread; the
 * window shows a spinner meanwhile and a clear error if it cannot. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "domain/mc-queue.h"
#include "domain/mc-state.h"
#include "store/mc-dossier-list-model.h"
#include "store/mc-desk.h"
#include "domain/mc-dossier-summary.h"
#include "store/mc-desk-queries.h"
#include "store/mc-desk-auth.h"
#include "mc-dossier-pane.h"
#include "mc-preferences-window.h"
#include "mc-queue-item.h"
#include "mc-reception-dialog.h"
#include "mc-sign-dialog.h"
#include "mc-setup-assistant.h"
#include "mc-sign-in-page.h"
#include "mc-verify-window.h"
#include "mc-slip-printer.h"
#include "reports/mc-reports-window.h"
#include "mc-window-private.h"

struct _McWindow
{
  AdwApplicationWindow parent_instance;

  char *workspace;
  McDesk *desk;
  McStore *store;
  GSettings *settings;
  GCancellable *cancellable;
  GListStore *queues;
  GtkSingleSelection *queue_selection;
  McDossierListModel *dossiers;
  GtkSingleSelection *dossier_selection;
  gboolean counts_loaded;
  guint total_count;
  McOfficer *officer;
  GListStore *search_results;
  GtkSingleSelection *search_selection;
  GCancellable *search_cancellable;

  AdwToastOverlay *toast_overlay;
  GtkStack *main_stack;
  AdwStatusPage *error_page;
  AdwLeaflet *leaflet;
  AdwWindowTitle *workspace_title;
  GtkListView *queue_view;
  AdwWindowTitle *list_title;
  GtkSpinner *list_spinner;
  GtkSearchBar *search_bar;
  GtkSearchEntry *search_entry;
  GtkMenuButton *filter_button;
  GtkPopover *filter_popover;
  GtkDropDown *procedure_dropdown;
  GtkDropDown *field_dropdown;
  GtkDropDown *officer_dropdown;
  GtkEntry *from_entry;
  GtkEntry *until_entry;
  GtkLabel *filter_problem;
  GPtrArray *filter_procedures;
  GPtrArray *filter_fields;
  GPtrArray *filter_officers;
  gboolean filtered;
  char *last_slip;
  char *last_message;
  McReceptionDialog *reception_dialog;
  gboolean no_print_dialog;
  GtkStack *list_stack;
  GtkListView *dossier_view;
  AdwStatusPage *empty_page;
  AdwWindowTitle *detail_title;
  GtkStack *detail_stack;
  McDossierPane *dossier_pane;

  /* Who works at the window: the sign-in screen, and locking after a
   * while without input. */
  McSignInPage *sign_in_page;
  McSetupAssistant *setup_assistant;
  GPtrArray *hidden_windows;
  const char *locked_login;
  gint64 last_input;
  guint idle_source;
};

G_DEFINE_FINAL_TYPE (McWindow, mc_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_STORE,
  PROP_READY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Every message to the official goes through here, so it can also be read
 * back by automation (mc_window_get_last_message()). */
static void
show_message (McWindow   *self,
              const char *text)
{
  g_free (self->last_message);
  self->last_message = g_strdup (text);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static McQueueItem *
selected_queue (McWindow *self)
{
  return gtk_single_selection_get_selected_item (self->queue_selection);
}

static void
update_list_state (McWindow *self)
{
  McQueueItem *queue = selected_queue (self);
  guint n = self->dossiers != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->dossiers)) : 0;
  gboolean loading = self->dossiers != NULL && mc_dossier_list_model_get_loading (self->dossiers);
  g_autofree char *subtitle = NULL;

  gtk_spinner_set_spinning (self->list_spinner, loading);

  if (queue != NULL)
    adw_window_title_set_title (self->list_title, mc_queue_item_get_title (queue));
  subtitle = self->filtered
    ? g_strdup_printf (ngettext ("%u dossier (filtered)", "%u dossiers (filtered)", n), n)
    : g_strdup_printf (ngettext ("%u dossier", "%u dossiers", n), n);
  adw_window_title_set_subtitle (self->list_title, subtitle);

  if (n > 0 || loading)
    {
      gtk_stack_set_visible_child_name (self->list_stack, "list");
      return;
    }

  if (self->counts_loaded && self->total_count == 0)
    {
      adw_status_page_set_title (self->empty_page, _("No Dossiers Yet"));
      adw_status_page_set_description (self->empty_page,
                                       _("Dossiers received at this desk and those submitted online appear here. Receive the first dossier or sync with the central system."));
    }
  else
    {
      adw_status_page_set_title (self->empty_page, _("Nothing in This Queue"));
      adw_status_page_set_description (self->empty_page,
                                       _("No dossier waits here now. Choose another queue on the left."));
    }
  gtk_stack_set_visible_child_name (self->list_stack, "empty");
}

static void
counts_loaded (GObject      *source,
               GAsyncResult *res,
               gpointer      user_data)
{
  g_autoptr(McWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree guint *counts = NULL;
  guint n_queues;

  g_assert (MC_IS_WINDOW (self));

  counts = mc_desk_count_queues_finish (MC_DESK (source), res, &error);
  if (counts == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_message (self, error->message);
      return;
    }

  mc_queue_get_all (&n_queues);
  for (guint i = 0; i < n_queues; i++)
    {
      g_autoptr(McQueueItem) item = g_list_model_get_item (G_LIST_MODEL (self->queues), i);

      mc_queue_item_set_count (item, counts[i]);
    }
  self->total_count = counts[0];
  self->counts_loaded = TRUE;
  update_list_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

static void
refresh (McWindow *self)
{
  if (self->store == NULL)
    return;

  mc_desk_count_queues_async (self->desk, g_get_real_time () / G_USEC_PER_SEC, self->cancellable,
                              counts_loaded, g_object_ref (self));
  mc_dossier_list_model_reload (self->dossiers);
}

static gboolean
searching (McWindow *self)
{
  return gtk_list_view_get_model (self->dossier_view) == GTK_SELECTION_MODEL (self->search_selection);
}

static void
dossiers_changed (McWindow *self)
{
  if (!searching (self))
    update_list_state (self);
}

static GtkSingleSelection *
current_selection (McWindow *self)
{
  return searching (self) ? self->search_selection : self->dossier_selection;
}

static void
show_summary (McWindow         *self,
              McDossierSummary *dossier)
{
  if (dossier == NULL || !mc_dossier_summary_get_loaded (dossier))
    return;

  /* The pane keeps showing a dossier while its list reloads; only a new
   * choice replaces it. */
  mc_dossier_pane_show_code (self->dossier_pane, mc_dossier_summary_get_code (dossier));
  gtk_stack_set_visible_child_name (self->detail_stack, "dossier");
  adw_window_title_set_subtitle (self->detail_title, mc_dossier_summary_get_code (dossier));
}

static void
dossier_selected (McWindow           *self,
                  GParamSpec         *pspec,
                  GtkSingleSelection *selection)
{
  if (selection == current_selection (self))
    show_summary (self, gtk_single_selection_get_selected_item (selection));
}

static void
dossier_activated (McWindow *self,
                   guint     position)
{
  gtk_single_selection_set_selected (current_selection (self), position);
  show_summary (self, gtk_single_selection_get_selected_item (current_selection (self)));
  adw_leaflet_set_visible_child_name (self->leaflet, "detail");
}

static void
search_done (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  g_autoptr(McWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *subtitle = NULL;

  rows = mc_desk_search_finish (MC_DESK (source), res, &error);
  if (rows == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_message (self, error->message);
      return;
    }

  g_list_store_splice (self->search_results, 0, g_list_model_get_n_items (G_LIST_MODEL (self->search_results)),
                       rows->pdata, rows->len);
  gtk_list_view_set_model (self->dossier_view, GTK_SELECTION_MODEL (self->search_selection));
  adw_window_title_set_title (self->list_title, _("Search Results"));
  subtitle = g_strdup_printf (ngettext ("%u dossier", "%u dossiers", rows->len), rows->len);
  adw_window_title_set_subtitle (self->list_title, subtitle);
  gtk_spinner_set_spinning (self->list_spinner, FALSE);

  if (rows->len == 0)
    {
      adw_status_page_set_title (self->empty_page, _("No Dossier Found"));
      adw_status_page_set_description (self->empty_page,
                                       _("Try part of the name without diacritics, the last digits of the ID number, or the dossier code."));
      gtk_stack_set_visible_child_name (self->list_stack, "empty");
    }
  else
    gtk_stack_set_visible_child_name (self->list_stack, "list");
}

static void
search_changed (McWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);

  if (self->desk == NULL)
    return;

  if (*text == '\0')
    {
      gtk_list_view_set_model (self->dossier_view, GTK_SELECTION_MODEL (self->dossier_selection));
      update_list_state (self);
      return;
    }

  self->search_cancellable = g_cancellable_new ();
  gtk_spinner_set_spinning (self->list_spinner, TRUE);
  mc_desk_search_async (self->desk, text, 200, self->search_cancellable, search_done, g_object_ref (self));
}

static void
search_mode_changed (McWindow *self)
{
  if (!gtk_search_bar_get_search_mode (self->search_bar))
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
pane_acted (McWindow *self)
{
  refresh (self);
}

static void
print_from_toast (AdwToast *toast,
                  McWindow *self)
{
  const char *kind = g_object_get_data (G_OBJECT (toast), "slip");
  const char *code = g_object_get_data (G_OBJECT (toast), "code");

  gtk_widget_activate_action (GTK_WIDGET (self), "win.print-slip", "(ss)", kind, code);
}

static void
pane_message (McWindow   *self,
              const char *text,
              const char *slip)
{
  AdwToast *toast = adw_toast_new (text);
  const McDossier *dossier = mc_dossier_pane_get_dossier (self->dossier_pane);

  /* A change that comes with a slip offers to print it right away. */
  if (slip != NULL && dossier != NULL)
    {
      adw_toast_set_button_label (toast, _("_Print Slip"));
      g_object_set_data_full (G_OBJECT (toast), "slip", g_strdup (slip), g_free);
      g_object_set_data_full (G_OBJECT (toast), "code", g_strdup (dossier->code), g_free);
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (print_from_toast), self, 0);
      adw_toast_set_timeout (toast, 10);
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
pane_print_slip (McWindow   *self,
                 const char *kind,
                 const char *code)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.print-slip", "(ss)", kind, code);
}

static void
officer_loaded (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  g_autoptr(McWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  McOfficer *officer = mc_desk_load_officer_finish (MC_DESK (source), res, &error);
  g_autofree char *subtitle = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_pointer (&self->officer, mc_officer_free);
  self->officer = officer;
  mc_dossier_pane_set_officer (self->dossier_pane, officer);

  if (officer != NULL)
    subtitle = g_strdup_printf ("%s — %s", officer->name, mc_role_label (officer->role));
  else
    subtitle = g_strdup (_("No officer chosen"));
  adw_window_title_set_subtitle (self->workspace_title, subtitle);
}

static void
queue_selected (McWindow *self)
{
  McQueueItem *queue = selected_queue (self);

  if (queue == NULL || self->dossiers == NULL)
    return;

  g_settings_set_string (self->settings, "last-queue", mc_queue_item_get_id (queue));
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  gtk_stack_set_visible_child_name (self->detail_stack, "none");
  mc_dossier_list_model_set_queue_id (self->dossiers, mc_queue_item_get_id (queue));
  update_list_state (self);
}

static void
queue_activated (McWindow *self,
                 guint     position)
{
  gtk_single_selection_set_selected (self->queue_selection, position);
  adw_leaflet_set_visible_child_name (self->leaflet, "list");
}

/* A click on a queue selects it (the list view does that); on a folded
 * window it also goes on to the list. The pointer merely passing over the
 * sidebar changes nothing. */
static void
queue_clicked (McWindow *self)
{
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, "list");
}

/* Tab and Shift+Tab leave a list for the next or previous part of the
 * window instead of walking its rows one by one (arrows do that). With the
 * list unfocusable for a moment, the window's focus chain steps over it. */
static gboolean
list_key_pressed (GtkEventControllerKey *controller,
                  guint                  keyval,
                  guint                  keycode,
                  GdkModifierType        state,
                  McWindow              *self)
{
  GtkWidget *list = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GtkDirectionType direction;
  gboolean moved;

  if (keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab)
    direction = (state & GDK_SHIFT_MASK) ? GTK_DIR_TAB_BACKWARD : GTK_DIR_TAB_FORWARD;
  else if (keyval == GDK_KEY_ISO_Left_Tab)
    direction = GTK_DIR_TAB_BACKWARD;
  else
    return GDK_EVENT_PROPAGATE;
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;

  gtk_widget_set_can_focus (list, FALSE);
  moved = gtk_widget_child_focus (GTK_WIDGET (self), direction);
  gtk_widget_set_can_focus (list, TRUE);

  return moved ? GDK_EVENT_STOP : GDK_EVENT_PROPAGATE;
}

static void
tab_leaves_list (McWindow    *self,
                 GtkListView *list)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (list_key_pressed), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (list), keys);
}

static void
select_queue_by_id (McWindow   *self,
                    const char *id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->queues));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(McQueueItem) item = g_list_model_get_item (G_LIST_MODEL (self->queues), i);

      if (g_str_equal (mc_queue_item_get_id (item), id))
        {
          gtk_single_selection_set_selected (self->queue_selection, i);
          return;
        }
    }
}

static GtkStringList *
string_list_with_all (GPtrArray  *items,
                      const char *all)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  gtk_string_list_append (list, all);
  for (guint i = 0; i < items->len; i++)
    gtk_string_list_append (list, g_ptr_array_index (items, i));

  return list;
}

static void
filter_options_loaded (GObject      *source,
                       GAsyncResult *res,
                       gpointer      user_data)
{
  g_autoptr(McWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(McFilterOptions) options = mc_desk_load_filter_options_finish (MC_DESK (source), res, &error);
  g_autoptr(GtkStringList) procedures = NULL;
  g_autoptr(GtkStringList) fields = NULL;
  g_autoptr(GtkStringList) officers = NULL;

  if (options == NULL)
    return;

  g_assert (MC_IS_WINDOW (self));

  procedures = string_list_with_all (options->procedure_labels, _("All procedures"));
  fields = string_list_with_all (options->fields, _("All fields"));
  officers = string_list_with_all (options->officer_names, _("All officers"));
  gtk_drop_down_set_model (self->procedure_dropdown, G_LIST_MODEL (procedures));
  gtk_drop_down_set_model (self->field_dropdown, G_LIST_MODEL (fields));
  gtk_drop_down_set_model (self->officer_dropdown, G_LIST_MODEL (officers));

  g_clear_pointer (&self->filter_procedures, g_ptr_array_unref);
  g_clear_pointer (&self->filter_fields, g_ptr_array_unref);
  g_clear_pointer (&self->filter_officers, g_ptr_array_unref);
  self->filter_procedures = g_ptr_array_ref (options->procedure_codes);
  self->filter_fields = g_ptr_array_ref (options->fields);
  self->filter_officers = g_ptr_array_ref (options->officer_logins);
}

static const char *
dropdown_choice (GtkDropDown *dropdown,
                 GPtrArray   *values)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (values == NULL || selected == GTK_INVALID_LIST_POSITION || selected == 0 || selected > values->len)
    return NULL;

  return g_ptr_array_index (values, selected - 1);
}

static gboolean
parse_day (const char *text,
           gint64     *out)
{
  int d, m, y;
  g_autoptr(GDateTime) dt = NULL;

  if (*text == '\0')
    {
      *out = 0;
      return TRUE;
    }
  if (sscanf (text, "%d/%d/%d", &d, &m, &y) != 3)
    return FALSE;
  dt = g_date_time_new (mc_vietnam_time_zone (), y, m, d, 0, 0, 0);
  if (dt == NULL)
    return FALSE;
  *out = g_date_time_to_unix (dt);

  return TRUE;
}

static void
apply_filter_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);
  McQueueFilter filter = { 0 };
  gint64 from = 0, until = 0;

  if (self->dossiers == NULL)
    return;

  if (!parse_day (gtk_editable_get_text (GTK_EDITABLE (self->from_entry)), &from) ||
      !parse_day (gtk_editable_get_text (GTK_EDITABLE (self->until_entry)), &until))
    {
      gtk_label_set_label (self->filter_problem, _("Write the dates as dd/mm/yyyy, for example 01/07/2025."));
      gtk_widget_set_visible (GTK_WIDGET (self->filter_problem), TRUE);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->filter_problem), FALSE);

  filter.procedure_code = g_strdup (dropdown_choice (self->procedure_dropdown, self->filter_procedures));
  filter.field = g_strdup (dropdown_choice (self->field_dropdown, self->filter_fields));
  filter.officer = g_strdup (dropdown_choice (self->officer_dropdown, self->filter_officers));
  filter.received_from = from;
  /* "Until" includes that whole day. */
  filter.received_until = until > 0 ? until + 86400 : 0;

  self->filtered = !mc_queue_filter_is_empty (&filter);
  if (self->filtered)
    gtk_widget_add_css_class (GTK_WIDGET (self->filter_button), "accent");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->filter_button), "accent");
  mc_dossier_list_model_set_filter (self->dossiers, &filter);
  mc_queue_filter_clear (&filter);
  gtk_popover_popdown (self->filter_popover);
}

static void
clear_filter_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);

  gtk_drop_down_set_selected (self->procedure_dropdown, 0);
  gtk_drop_down_set_selected (self->field_dropdown, 0);
  gtk_drop_down_set_selected (self->officer_dropdown, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->until_entry), "");
  apply_filter_action (widget, NULL, NULL);
}

static void start_session (McWindow *self);

static void
store_opened (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr(McWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *last_queue = NULL;
  g_autofree char *basename = NULL;

  self->desk = mc_desk_open_finish (res, &error);
  if (self->desk == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->main_stack, "error");
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
      return;
    }

  self->store = g_object_ref (mc_desk_get_store (self->desk));
  basename = g_path_get_basename (mc_store_get_workspace (self->store));
  adw_window_title_set_subtitle (self->workspace_title, basename);
  mc_dossier_pane_set_desk (self->dossier_pane, self->desk);
  mc_desk_load_filter_options_async (self->desk, self->cancellable, filter_options_loaded, g_object_ref (self));

  last_queue = g_settings_get_string (self->settings, "last-queue");
  if (mc_queue_lookup (last_queue) == NULL)
    {
      g_free (last_queue);
      last_queue = g_strdup ("all");
    }

  self->dossiers = mc_dossier_list_model_new (self->store, mc_desk_get_calendar (self->desk), last_queue);
  g_signal_connect_object (self->dossiers, "items-changed",
                           G_CALLBACK (dossiers_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dossiers, "notify::loading",
                           G_CALLBACK (update_list_state), self, G_CONNECT_SWAPPED);

  self->dossier_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->dossiers)));
  gtk_single_selection_set_autoselect (self->dossier_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->dossier_selection, TRUE);
  gtk_single_selection_set_selected (self->dossier_selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (self->dossier_selection, "notify::selected-item",
                           G_CALLBACK (dossier_selected), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_selection, "notify::selected-item",
                           G_CALLBACK (dossier_selected), self, G_CONNECT_SWAPPED);
  gtk_list_view_set_model (self->dossier_view, GTK_SELECTION_MODEL (self->dossier_selection));

  select_queue_by_id (self, last_queue);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);

  start_session (self);
}

/* Signing in. A window opens on the sign-in screen unless the workspace
 * names whom it opens as (the demo; see mc_desk_load_opening_async());
 * the desk then acts as the signed-in officer until the next sign-in. */
/* Whether @window is this window's dialog, or a dialog of one of them. */
static gboolean
belongs_to (McWindow  *self,
            GtkWindow *window)
{
  for (GtkWindow *parent = gtk_window_get_transient_for (window); parent != NULL;
       parent = gtk_window_get_transient_for (parent))
    if (parent == GTK_WINDOW (self))
      return TRUE;
  return FALSE;
}

/* Locking hides this window's dialogs (an open sign dialog, a half-filled
 * reception): they come back to the officer who locked, and are closed
 * when someone else signs in. */
static void
hide_dialogs (McWindow *self)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (gtk_widget_get_visible (GTK_WIDGET (window)) && belongs_to (self, window))
        g_ptr_array_add (self->hidden_windows, g_object_ref (window));
    }
  for (guint i = 0; i < self->hidden_windows->len; i++)
    gtk_widget_set_visible (g_ptr_array_index (self->hidden_windows, i), FALSE);
}

static void
restore_dialogs (McWindow   *self,
                 const char *login)
{
  gboolean same = self->locked_login == g_intern_string (login);

  for (guint i = 0; i < self->hidden_windows->len; i++)
    {
      GtkWindow *window = g_ptr_array_index (self->hidden_windows, i);

      if (same)
        gtk_window_present (window);
      else
        gtk_window_destroy (window);
    }
  g_ptr_array_set_size (self->hidden_windows, 0);
  self->locked_login = NULL;
}

static void
show_signed_in (McWindow   *self,
                const char *login)
{
  restore_dialogs (self, login);
  mc_desk_set_officer_login (self->desk, login);
  mc_dossier_list_model_set_officer (self->dossiers, login);
  self->last_input = g_get_monotonic_time ();
  mc_desk_load_officer_async (self->desk, self->cancellable, officer_loaded, g_object_ref (self));
  gtk_stack_set_visible_child_name (self->main_stack, "workspace");
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

static void
show_sign_in (McWindow   *self,
              const char *login)
{
  adw_window_title_set_subtitle (self->workspace_title, _("Locked"));
  mc_sign_in_page_load (self->sign_in_page, self->desk, login);
  gtk_stack_set_visible_child_name (self->main_stack, "sign-in");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

/* A desk without officers: nobody can sign in yet, so the first-run
 * assistant asks for the office and the first officers. */
static void
show_first_run (McWindow *self)
{
  adw_window_title_set_subtitle (self->workspace_title, _("First run"));
  mc_setup_assistant_set_desk (self->setup_assistant, self->desk);
  gtk_stack_set_visible_child_name (self->main_stack, "setup");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

static void
setup_finished (McWindow   *self,
                const char *login)
{
  show_sign_in (self, login);
}

static void
page_signed_in (McWindow  *self,
                McOfficer *officer)
{
  show_signed_in (self, officer->login);
}

static void
opening_read (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr(McWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(McDeskOpening) opening = mc_desk_load_opening_finish (MC_DESK (source), res, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (opening == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->main_stack, "error");
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
      return;
    }

  if (opening->login != NULL)
    show_signed_in (self, opening->login);
  else if (opening->n_officers == 0)
    show_first_run (self);
  else
    show_sign_in (self, NULL);
}

static void
start_session (McWindow *self)
{
  mc_desk_load_opening_async (self->desk, self->cancellable, opening_read, g_object_ref (self));
}

static void
lock_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);

  if (self->desk == NULL || !g_str_equal (gtk_stack_get_visible_child_name (self->main_stack), "workspace"))
    return;

  self->locked_login = mc_desk_get_officer_login (self->desk);
  hide_dialogs (self);
  show_sign_in (self, mc_desk_get_officer_login (self->desk));
}

static gboolean
input_seen (McWindow *self,
            GdkEvent *event)
{
  switch ((int) gdk_event_get_event_type (event))
    {
    case GDK_KEY_PRESS:
    case GDK_BUTTON_PRESS:
    case GDK_MOTION_NOTIFY:
    case GDK_SCROLL:
    case GDK_TOUCH_BEGIN:
      self->last_input = g_get_monotonic_time ();
      break;
    default:
      break;
    }

  return GDK_EVENT_PROPAGATE;
}

static gboolean
check_idle (gpointer user_data)
{
  mc_window_lock_if_idle (user_data, g_get_monotonic_time ());

  return G_SOURCE_CONTINUE;
}

static void
open_workspace (McWindow *self)
{
  gtk_stack_set_visible_child_name (self->main_stack, "loading");
  mc_desk_open_async (self->workspace, self->cancellable, store_opened, g_object_ref (self));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);

  if (self->desk == NULL)
    open_workspace (self);
  else
    refresh (self);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
select_queue_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);
  guint index = g_variant_get_uint32 (parameter);

  if (index < g_list_model_get_n_items (G_LIST_MODEL (self->queues)))
    queue_activated (self, index);
}

static void
close_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
preferences_changed (McWindow *self)
{
  if (self->desk == NULL)
    return;

  mc_desk_load_officer_async (self->desk, self->cancellable, officer_loaded, g_object_ref (self));
  mc_desk_load_filter_options_async (self->desk, self->cancellable, filter_options_loaded, g_object_ref (self));
  refresh (self);
}

static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);
  GtkWidget *preferences;

  if (self->desk == NULL)
    return;

  preferences = mc_preferences_window_new (GTK_WINDOW (self), self->desk);
  g_signal_connect_object (preferences, "changed", G_CALLBACK (preferences_changed), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
slip_printed (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr(McWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!mc_slip_printer_print_finish (res, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_message (self, error->message);
}

static void
slip_opened (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  g_autoptr(McWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!mc_slip_printer_open_finish (res, &error))
    show_message (self, error->message);
}

static void
open_slip_from_toast (AdwToast *toast,
                      McWindow *self)
{
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

  if (path == NULL)
    {
      show_message (self, error->message);
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

  if (!g_str_equal (response, "make") || self->desk == NULL)
    return;

  if (!parse_day (gtk_editable_get_text (from_entry), &from) || from == 0 ||
      !parse_day (gtk_editable_get_text (until_entry), &until) || until == 0 || until < from)
    {
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("Write both dates as dd/mm/yyyy, the first not after the second.")));
      return;
    }

  mc_slip_printer_make_ledger_async (self->desk, from, until + 86400, self->cancellable, slip_made,
                                     g_object_ref (self));
}

static void
reports_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  McWindow *self = MC_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (mc_reports_window_new (GTK_WINDOW (self), self->desk)));
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
reception_received (McWindow   *self,
                    const char *code)
{
  g_autofree char *text = g_strdup_printf (_("Dossier %s received."), code);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
  refresh (self);
}

static void
reception_print (McWindow   *self,
                 const char *kind,
                 const char *code)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.print-slip", "(ss)", kind, code);
}

static void
reception_stopped (McWindow          *self,
                   McReceptionDialog *dialog)
{
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

static void
queue_signed (McWindow *self)
{
  refresh (self);
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

  if (codes == NULL)
    {
      show_message (self, error->message);
      return;
    }
  if (codes[0] == NULL)
    {
      show_message (self, _("No dossier waits for your signature."));
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

static gboolean
mc_window_close_request (GtkWindow *window)
{
  McWindow *self = MC_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }

  return GTK_WINDOW_CLASS (mc_window_parent_class)->close_request (window);
}

static void
mc_window_constructed (GObject *object)
{
  McWindow *self = MC_WINDOW (object);

  G_OBJECT_CLASS (mc_window_parent_class)->constructed (object);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  if (self->workspace == NULL)
    self->workspace = mc_store_default_workspace ();

  open_workspace (self);
}

static void
mc_window_dispose (GObject *object)
{
  McWindow *self = MC_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->idle_source, g_source_remove);
  if (self->hidden_windows != NULL)
    {
      /* Dialogs hidden by a lock go with the window. */
      for (guint i = 0; i < self->hidden_windows->len; i++)
        gtk_window_destroy (g_ptr_array_index (self->hidden_windows, i));
      g_clear_pointer (&self->hidden_windows, g_ptr_array_unref);
    }
  if (self->reception_dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->reception_dialog), (gpointer *) &self->reception_dialog);
  self->reception_dialog = NULL;
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_pointer (&self->officer, mc_officer_free);
  g_clear_pointer (&self->filter_procedures, g_ptr_array_unref);
  g_clear_pointer (&self->filter_fields, g_ptr_array_unref);
  g_clear_pointer (&self->filter_officers, g_ptr_array_unref);
  if (self->dossier_view != NULL)
    gtk_list_view_set_model (self->dossier_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_WINDOW);
  g_clear_object (&self->dossier_selection);
  g_clear_object (&self->search_selection);
  g_clear_object (&self->search_results);
  g_clear_object (&self->dossiers);
  g_clear_object (&self->queue_selection);
  g_clear_object (&self->queues);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  /* Releases the workspace lock as soon as the window goes. */
  if (self->store != NULL)
    mc_store_close (self->store);
  g_clear_object (&self->store);
  g_clear_object (&self->desk);

  G_OBJECT_CLASS (mc_window_parent_class)->dispose (object);
}

static void
mc_window_finalize (GObject *object)
{
  McWindow *self = MC_WINDOW (object);

  g_free (self->workspace);
  g_free (self->last_slip);

  G_OBJECT_CLASS (mc_window_parent_class)->finalize (object);
}

static void
mc_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  McWindow *self = MC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE: g_value_set_string (value, self->workspace); break;
    case PROP_STORE: g_value_set_object (value, self->store); break;
    case PROP_READY: g_value_set_boolean (value, mc_window_is_ready (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  McWindow *self = MC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      self->workspace = g_value_get_string (value) != NULL
        ? g_canonicalize_filename (g_value_get_string (value), NULL) : NULL;
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_window_class_init (McWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = mc_window_constructed;
  object_class->dispose = mc_window_dispose;
  object_class->finalize = mc_window_finalize;
  object_class->get_property = mc_window_get_property;
  object_class->set_property = mc_window_set_property;
  window_class->close_request = mc_window_close_request;

  properties[PROP_WORKSPACE] =
    g_param_spec_string ("workspace", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, MC_TYPE_STORE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MC_TYPE_DOSSIER_PANE);
  g_type_ensure (MC_TYPE_DOSSIER_SUMMARY);
  g_type_ensure (MC_TYPE_QUEUE_ITEM);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/motcua/Desk/mc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, McWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, McWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, McWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, McWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, McWindow, workspace_title);
  gtk_widget_class_bind_template_child (widget_class, McWindow, queue_view);
  gtk_widget_class_bind_template_child (widget_class, McWindow, list_title);
  gtk_widget_class_bind_template_child (widget_class, McWindow, list_spinner);
  gtk_widget_class_bind_template_child (widget_class, McWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, McWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, McWindow, filter_button);
  gtk_widget_class_bind_template_child (widget_class, McWindow, filter_popover);
  gtk_widget_class_bind_template_child (widget_class, McWindow, procedure_dropdown);
  gtk_widget_class_bind_template_child (widget_class, McWindow, field_dropdown);
  gtk_widget_class_bind_template_child (widget_class, McWindow, officer_dropdown);
  gtk_widget_class_bind_template_child (widget_class, McWindow, from_entry);
  gtk_widget_class_bind_template_child (widget_class, McWindow, until_entry);
  gtk_widget_class_bind_template_child (widget_class, McWindow, filter_problem);
  gtk_widget_class_bind_template_child (widget_class, McWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, McWindow, dossier_view);
  gtk_widget_class_bind_template_child (widget_class, McWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, McWindow, detail_title);
  gtk_widget_class_bind_template_child (widget_class, McWindow, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, McWindow, dossier_pane);

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

static void
mc_window_init (McWindow *self)
{
  const McQueueInfo *queues;
  guint n_queues;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->cancellable = g_cancellable_new ();

  self->queues = g_list_store_new (MC_TYPE_QUEUE_ITEM);
  queues = mc_queue_get_all (&n_queues);
  for (guint i = 0; i < n_queues; i++)
    {
      g_autoptr(McQueueItem) item = mc_queue_item_new (&queues[i]);

      g_list_store_append (self->queues, item);
    }

  self->queue_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->queues)));
  gtk_single_selection_set_autoselect (self->queue_selection, TRUE);
  g_signal_connect_object (self->queue_selection, "notify::selected-item",
                           G_CALLBACK (queue_selected), self, G_CONNECT_SWAPPED);
  gtk_list_view_set_model (self->queue_view, GTK_SELECTION_MODEL (self->queue_selection));

  self->search_results = g_list_store_new (MC_TYPE_DOSSIER_SUMMARY);
  self->search_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->search_results)));
  gtk_single_selection_set_autoselect (self->search_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->search_selection, TRUE);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (search_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled", G_CALLBACK (search_mode_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dossier_pane, "acted", G_CALLBACK (pane_acted), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dossier_pane, "message", G_CALLBACK (pane_message), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dossier_pane, "print-slip", G_CALLBACK (pane_print_slip), self,
                           G_CONNECT_SWAPPED);

  g_signal_connect_object (self->queue_view, "activate",
                           G_CALLBACK (queue_activated), self, G_CONNECT_SWAPPED);
  {
    GtkGesture *click = gtk_gesture_click_new ();

    g_signal_connect_object (click, "released", G_CALLBACK (queue_clicked), self, G_CONNECT_SWAPPED);
    gtk_widget_add_controller (GTK_WIDGET (self->queue_view), GTK_EVENT_CONTROLLER (click));
  }
  tab_leaves_list (self, self->queue_view);
  tab_leaves_list (self, self->dossier_view);

  self->sign_in_page = MC_SIGN_IN_PAGE (mc_sign_in_page_new ());
  gtk_stack_add_named (self->main_stack, GTK_WIDGET (self->sign_in_page), "sign-in");
  g_signal_connect_object (self->sign_in_page, "signed-in", G_CALLBACK (page_signed_in), self,
                           G_CONNECT_SWAPPED);
  self->setup_assistant = MC_SETUP_ASSISTANT (mc_setup_assistant_new ());
  gtk_stack_add_named (self->main_stack, GTK_WIDGET (self->setup_assistant), "setup");
  g_signal_connect_object (self->setup_assistant, "finished", G_CALLBACK (setup_finished), self,
                           G_CONNECT_SWAPPED);
  {
    GtkEventController *input = gtk_event_controller_legacy_new ();

    gtk_event_controller_set_propagation_phase (input, GTK_PHASE_CAPTURE);
    g_signal_connect_object (input, "event", G_CALLBACK (input_seen), self, G_CONNECT_SWAPPED);
    gtk_widget_add_controller (GTK_WIDGET (self), input);
  }
  self->last_input = g_get_monotonic_time ();
  self->idle_source = g_timeout_add_seconds (15, check_idle, self);
  self->hidden_windows = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect_object (self->dossier_view, "activate",
                           G_CALLBACK (dossier_activated), self, G_CONNECT_SWAPPED);
}

/**
 * mc_window_new:
 * @application: the application
 * @workspace: (nullable): the workspace folder, or %NULL for the default
 *
 * Returns: (transfer full): a window that starts opening @workspace
 */
McWindow *
mc_window_new (GtkApplication *application,
               const char     *workspace)
{
  return g_object_new (MC_TYPE_WINDOW,
                       "application", application,
                       "workspace", workspace,
                       NULL);
}

const char *
mc_window_get_workspace (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);

  return self->workspace;
}

McDesk *
mc_window_get_desk (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);

  return self->desk;
}

/* Hooks for tests and automation (mc-window-private.h). */

McStore *
mc_window_get_store (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);

  return self->store;
}

/**
 * mc_window_is_ready:
 * @self: a window
 *
 * Returns: %TRUE once the workspace opened and the queue counts arrived, or
 *   the workspace failed to open
 */
gboolean
mc_window_is_ready (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), FALSE);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "error") == 0)
    return TRUE;
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "sign-in") == 0)
    return !mc_sign_in_page_get_loading (self->sign_in_page);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "setup") == 0)
    return !mc_setup_assistant_get_busy (self->setup_assistant);

  return self->store != NULL && self->counts_loaded &&
         !mc_dossier_list_model_get_loading (self->dossiers);
}

/**
 * mc_window_get_queues:
 * @self: a window
 *
 * Returns: (transfer none): the sidebar's queue items
 */
GListModel *
mc_window_get_queues (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);

  return G_LIST_MODEL (self->queues);
}

/**
 * mc_window_get_dossiers:
 * @self: a window
 *
 * Returns: (transfer none) (nullable): the list of the current queue
 */
GListModel *
mc_window_get_dossiers (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);

  return G_LIST_MODEL (self->dossiers);
}

const char *
mc_window_get_visible_page (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);

  if (!g_str_equal (gtk_stack_get_visible_child_name (self->main_stack), "workspace"))
    return gtk_stack_get_visible_child_name (self->main_stack);

  return gtk_stack_get_visible_child_name (self->list_stack);
}

const char *
mc_window_get_error_text (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);

  return adw_status_page_get_description (self->error_page);
}

gboolean
mc_window_is_folded (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), FALSE);

  return adw_leaflet_get_folded (self->leaflet);
}

/**
 * mc_window_show_dossier:
 * @self: a window
 * @position: a row of the list shown
 *
 * Chooses that row, as a click would.
 */
void
mc_window_show_dossier (McWindow *self,
                        guint     position)
{
  g_return_if_fail (MC_IS_WINDOW (self));

  dossier_activated (self, position);
}

void
mc_window_set_search_text (McWindow   *self,
                           const char *text)
{
  g_return_if_fail (MC_IS_WINDOW (self));

  gtk_search_bar_set_search_mode (self->search_bar, *text != '\0');
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  /* Not waiting for the entry's typing delay. */
  search_changed (self);
}

/**
 * mc_window_get_visible_dossiers:
 * @self: a window
 *
 * Returns: (transfer none): what the list shows: the queue or the search
 *   results
 */
GListModel *
mc_window_get_visible_dossiers (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);

  return searching (self) ? G_LIST_MODEL (self->search_results) : G_LIST_MODEL (self->dossiers);
}

/**
 * mc_window_get_last_slip:
 * @self: a window
 *
 * Returns: (nullable): the path of the last slip made in this window
 */
const char *
mc_window_get_last_slip (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);

  return self->last_slip;
}

/**
 * mc_window_set_print_dialog:
 * @self: a window
 * @enabled: whether making a slip opens the print dialog
 *
 * Automation and tests make slips without a person to answer the dialog.
 */
void
mc_window_set_print_dialog (McWindow *self,
                            gboolean  enabled)
{
  g_return_if_fail (MC_IS_WINDOW (self));

  self->no_print_dialog = !enabled;
}

/**
 * mc_window_get_reception_dialog:
 * @self: a window
 *
 * Returns: (transfer none) (nullable): the reception dialog opened from
 *   this window, while it is open
 */
McReceptionDialog *
mc_window_get_reception_dialog (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);

  return self->reception_dialog;
}

const char *
mc_window_get_last_message (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);

  return self->last_message;
}

/**
 * mc_window_get_sign_in_page:
 * @self: a window
 *
 * Returns: (transfer none): the sign-in screen (shown while locked)
 */
McSignInPage *
mc_window_get_sign_in_page (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);

  return self->sign_in_page;
}

/**
 * mc_window_get_officer:
 * @self: a window
 *
 * Returns: (transfer none) (nullable): the signed-in officer, once loaded
 */
const McOfficer *
mc_window_get_officer (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);

  return self->officer;
}

/**
 * mc_window_get_setup_assistant:
 * @self: a window
 *
 * Returns: (transfer none): the first-run assistant (shown on an empty
 *   workspace)
 */
McSetupAssistant *
mc_window_get_setup_assistant (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);

  return self->setup_assistant;
}

/**
 * mc_window_lock_if_idle:
 * @self: a window
 * @now: the monotonic time (µs) to judge at; the window's timer passes
 *   g_get_monotonic_time(), tests a later time
 *
 * Locks the window when nobody used it for the minutes of the
 * "lock-after-idle-minutes" setting (0: never).
 *
 * Returns: %TRUE when it locked now
 */
gboolean
mc_window_lock_if_idle (McWindow *self,
                        gint64    now)
{
  int minutes;

  g_return_val_if_fail (MC_IS_WINDOW (self), FALSE);

  minutes = g_settings_get_int (self->settings, "lock-after-idle-minutes");
  if (minutes <= 0 || now - self->last_input < (gint64) minutes * 60 * G_USEC_PER_SEC ||
      self->desk == NULL || !g_str_equal (gtk_stack_get_visible_child_name (self->main_stack), "workspace"))
    return FALSE;

  lock_action (GTK_WIDGET (self), "win.lock", NULL);
  return TRUE;
}
