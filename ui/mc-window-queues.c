/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window's middle: the queues in the sidebar with their counts,
 * the dossiers of the chosen queue, the search that replaces them while
 * something is typed, and the filters of the list. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "domain/mc-dossier-summary.h"
#include "domain/mc-queue.h"
#include "domain/mc-state.h"
#include "store/mc-desk-queries.h"
#include "mc-queue-item.h"
#include "mc-window-private.h"

/* ---- Queue list and counts ---- */

static McQueueItem *
selected_queue (McWindow *self)
{
  g_assert (MC_IS_WINDOW (self));

  return gtk_single_selection_get_selected_item (self->queue_selection);
}

static void
show_count (McWindow *self,
            guint     n)
{
  g_autofree char *subtitle = NULL;

  g_assert (MC_IS_WINDOW (self));

  /* The count always describes the rows the list shows. */
  subtitle = self->filtered
    ? g_strdup_printf (ngettext ("%u dossier (filtered)", "%u dossiers (filtered)", n), n)
    : g_strdup_printf (ngettext ("%u dossier", "%u dossiers", n), n);
  adw_window_title_set_subtitle (self->list_title, subtitle);
}

static void
update_list_state (McWindow *self)
{
  McQueueItem *queue = selected_queue (self);
  guint n = self->dossiers != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->dossiers)) : 0;
  gboolean loading = self->dossiers != NULL && mc_dossier_list_model_get_loading (self->dossiers);

  g_assert (MC_IS_WINDOW (self));

  /* While search results are shown, the header speaks of them; the queue
   * reloading behind them (a new filter) does not change it. */
  if (mc_window_is_searching (self))
    return;

  gtk_spinner_set_spinning (self->list_spinner, loading);

  if (queue != NULL)
    adw_window_title_set_title (self->list_title, mc_queue_item_get_title (queue));
  show_count (self, n);

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
        mc_window_show_message (self, error->message);
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
  mc_window_notify_ready (self);
}

void
mc_window_refresh (McWindow *self)
{
  g_assert (MC_IS_WINDOW (self));

  if (self->store == NULL)
    return;

  mc_desk_count_queues_async (self->desk, g_get_real_time () / G_USEC_PER_SEC, self->cancellable,
                              counts_loaded, g_object_ref (self));
  mc_dossier_list_model_reload (self->dossiers);
}

static void
dossiers_changed (McWindow *self)
{
  g_assert (MC_IS_WINDOW (self));

  if (!mc_window_is_searching (self))
    update_list_state (self);
}

static void
queue_selected (McWindow *self)
{
  McQueueItem *queue = selected_queue (self);

  g_assert (MC_IS_WINDOW (self));

  if (queue == NULL || self->dossiers == NULL)
    return;

  g_settings_set_string (self->settings, "last-queue", mc_queue_item_get_id (queue));
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  g_clear_pointer (&self->pending_code, g_free);
  mc_window_clear_detail (self);
  mc_dossier_list_model_set_queue_id (self->dossiers, mc_queue_item_get_id (queue));
  update_list_state (self);
}

void
mc_window_activate_queue (McWindow *self,
                          guint     position)
{
  g_assert (MC_IS_WINDOW (self));

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

static void
select_queue_by_id (McWindow   *self,
                    const char *id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->queues));

  g_assert (MC_IS_WINDOW (self));

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

/* ---- Keyboard in lists ---- */

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

  g_assert (MC_IS_WINDOW (self));

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (list_key_pressed), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (list), keys);
}

/* ---- Dossier list and selection ---- */

gboolean
mc_window_is_searching (McWindow *self)
{
  g_assert (MC_IS_WINDOW (self));

  return gtk_list_view_get_model (self->dossier_view) == GTK_SELECTION_MODEL (self->search_selection);
}

static GtkSingleSelection *
current_selection (McWindow *self)
{
  g_assert (MC_IS_WINDOW (self));

  return mc_window_is_searching (self) ? self->search_selection : self->dossier_selection;
}

static void
show_summary (McWindow         *self,
              McDossierSummary *dossier)
{
  g_assert (MC_IS_WINDOW (self));

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
  g_assert (MC_IS_WINDOW (self));

  if (selection != current_selection (self))
    return;

  if (gtk_single_selection_get_selected_item (selection) != NULL)
    show_summary (self, gtk_single_selection_get_selected_item (selection));
  else if (!self->list_reloading)
    mc_window_clear_detail (self);
}

/* Nothing chosen: the detail column says so instead of showing the last
 * dossier as if it were still chosen. */
void
mc_window_clear_detail (McWindow *self)
{
  g_assert (MC_IS_WINDOW (self));

  mc_dossier_pane_show_code (self->dossier_pane, NULL);
  gtk_stack_set_visible_child_name (self->detail_stack, "none");
  adw_window_title_set_subtitle (self->detail_title, "");
}

/* Finds @code among the rows the list has loaded at its top; a long queue
 * is not fetched whole for it. */
static gboolean
select_loaded_code (McWindow           *self,
                    GtkSingleSelection *selection,
                    const char         *code)
{
  GListModel *model = gtk_single_selection_get_model (selection);
  guint n = MIN (g_list_model_get_n_items (model), 100);

  g_assert (MC_IS_WINDOW (self));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(McDossierSummary) row = g_list_model_get_item (model, i);

      if (!mc_dossier_summary_get_loaded (row))
        return FALSE;
      if (g_str_equal (mc_dossier_summary_get_code (row), code))
        {
          gtk_single_selection_set_selected (selection, i);
          return TRUE;
        }
    }
  return FALSE;
}

/* Shows @code and chooses it in the list once the list has it; when the
 * queue does not show it near its top, a search for its code does. */
void
mc_window_choose_code (McWindow   *self,
                       const char *code)
{
  g_assert (MC_IS_WINDOW (self));

  g_free (self->pending_code);
  self->pending_code = g_strdup (code);
  mc_dossier_pane_show_code (self->dossier_pane, code);
  gtk_stack_set_visible_child_name (self->detail_stack, "dossier");
  adw_window_title_set_subtitle (self->detail_title, code);
}

static void
list_reloading (McWindow *self)
{
  g_assert (MC_IS_WINDOW (self));

  self->list_reloading = TRUE;
}

/* After the list replaced its rows (an action, a refresh), the dossier the
 * pane shows is chosen again when it is among the first rows. */
static void
list_reloaded (McWindow *self)
{
  const McDossier *shown = mc_dossier_pane_get_dossier (self->dossier_pane);

  g_assert (MC_IS_WINDOW (self));

  self->list_reloading = FALSE;
  if (mc_window_is_searching (self) || mc_dossier_list_model_get_loading (self->dossiers))
    return;

  if (self->pending_code != NULL)
    {
      g_autofree char *code = g_steal_pointer (&self->pending_code);

      if (!select_loaded_code (self, self->dossier_selection, code))
        {
          self->pending_code = g_strdup (code);
          mc_window_set_search_text (self, code);
        }
      return;
    }

  if (shown != NULL && gtk_single_selection_get_selected_item (self->dossier_selection) == NULL &&
      g_str_equal (gtk_stack_get_visible_child_name (self->detail_stack), "dossier"))
    select_loaded_code (self, self->dossier_selection, shown->code);
}

void
mc_window_activate_dossier (McWindow *self,
                            guint     position)
{
  g_assert (MC_IS_WINDOW (self));

  gtk_single_selection_set_selected (current_selection (self), position);
  show_summary (self, gtk_single_selection_get_selected_item (current_selection (self)));
  adw_leaflet_set_visible_child_name (self->leaflet, "detail");
}

/* ---- Search ---- */

static void
search_done (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  g_autoptr(McWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  g_assert (MC_IS_WINDOW (self));

  rows = mc_desk_search_finish (MC_DESK (source), res, &error);
  if (rows == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        mc_window_show_message (self, error->message);
      return;
    }

  g_list_store_splice (self->search_results, 0, g_list_model_get_n_items (G_LIST_MODEL (self->search_results)),
                       rows->pdata, rows->len);
  gtk_list_view_set_model (self->dossier_view, GTK_SELECTION_MODEL (self->search_selection));
  /* Results looked for to show a dossier just received: it is chosen. The
   * pane otherwise keeps what the officer opened from the queue. */
  if (self->pending_code != NULL)
    {
      g_autofree char *code = g_steal_pointer (&self->pending_code);

      select_loaded_code (self, self->search_selection, code);
    }
  adw_window_title_set_title (self->list_title, _("Search Results"));
  show_count (self, rows->len);
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

void
mc_window_search_now (McWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  g_assert (MC_IS_WINDOW (self));

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);

  if (self->desk == NULL)
    return;

  if (*text == '\0')
    {
      gboolean was_searching = mc_window_is_searching (self);

      gtk_list_view_set_model (self->dossier_view, GTK_SELECTION_MODEL (self->dossier_selection));
      update_list_state (self);
      if (was_searching && gtk_single_selection_get_selected_item (self->dossier_selection) == NULL)
        mc_window_clear_detail (self);
      else if (was_searching)
        show_summary (self, gtk_single_selection_get_selected_item (self->dossier_selection));
      return;
    }

  self->search_cancellable = g_cancellable_new ();
  gtk_spinner_set_spinning (self->list_spinner, TRUE);
  mc_desk_search_filtered_async (self->desk, text, &self->filter, 200, self->search_cancellable, search_done,
                                 g_object_ref (self));
}

static void
search_mode_changed (McWindow *self)
{
  g_assert (MC_IS_WINDOW (self));

  if (!gtk_search_bar_get_search_mode (self->search_bar))
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

/* ---- Filters ---- */

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

/* The dropdowns offer the procedures, fields and officers of this desk;
 * loaded again after preferences change them. */
void
mc_window_load_filter_options (McWindow *self)
{
  g_assert (MC_IS_WINDOW (self));

  mc_desk_load_filter_options_async (self->desk, self->cancellable, filter_options_loaded, g_object_ref (self));
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

/* A day written dd/mm/yyyy, as midnight in Vietnam; empty is 0. */
gboolean
mc_window_parse_day (const char *text,
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

void
mc_window_apply_filter (McWindow *self)
{
  McQueueFilter filter = { 0 };
  gint64 from = 0, until = 0;

  g_assert (MC_IS_WINDOW (self));

  if (self->dossiers == NULL)
    return;

  if (!mc_window_parse_day (gtk_editable_get_text (GTK_EDITABLE (self->from_entry)), &from) ||
      !mc_window_parse_day (gtk_editable_get_text (GTK_EDITABLE (self->until_entry)), &until))
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
  mc_queue_filter_clear (&self->filter);
  self->filter = filter;
  gtk_popover_popdown (self->filter_popover);
  /* A search being typed keeps going, within the new filter. */
  if (mc_window_is_searching (self) || self->search_cancellable != NULL)
    mc_window_search_now (self);
}

void
mc_window_clear_filter (McWindow *self)
{
  g_assert (MC_IS_WINDOW (self));

  gtk_drop_down_set_selected (self->procedure_dropdown, 0);
  gtk_drop_down_set_selected (self->field_dropdown, 0);
  gtk_drop_down_set_selected (self->officer_dropdown, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->until_entry), "");
  mc_window_apply_filter (self);
}

/* ---- Setting up ---- */

/* The sidebar's queues, the search and the keyboard of both lists; the
 * dossier list itself comes once the workspace opened
 * (mc_window_attach_dossiers()). */
void
mc_window_init_queues (McWindow *self)
{
  const McQueueInfo *queues;
  guint n_queues;

  g_assert (MC_IS_WINDOW (self));

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
  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (mc_window_search_now), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled", G_CALLBACK (search_mode_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->queue_view, "activate",
                           G_CALLBACK (mc_window_activate_queue), self, G_CONNECT_SWAPPED);
  {
    GtkGesture *click = gtk_gesture_click_new ();

    g_signal_connect_object (click, "released", G_CALLBACK (queue_clicked), self, G_CONNECT_SWAPPED);
    gtk_widget_add_controller (GTK_WIDGET (self->queue_view), GTK_EVENT_CONTROLLER (click));
  }
  tab_leaves_list (self, self->queue_view);
  tab_leaves_list (self, self->dossier_view);

  g_signal_connect_object (self->dossier_view, "activate",
                           G_CALLBACK (mc_window_activate_dossier), self, G_CONNECT_SWAPPED);
}

void
mc_window_attach_dossiers (McWindow   *self,
                           const char *queue_id)
{
  g_assert (MC_IS_WINDOW (self));

  self->dossiers = mc_dossier_list_model_new (self->store, mc_desk_get_calendar (self->desk), queue_id);
  g_signal_connect_object (self->dossiers, "items-changed",
                           G_CALLBACK (dossiers_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dossiers, "items-changed",
                           G_CALLBACK (list_reloading), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dossiers, "items-changed",
                           G_CALLBACK (list_reloaded), self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
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

  select_queue_by_id (self, queue_id);
}
