/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window's hooks for tests and automation (mc-window-private.h):
 * what it shows (the page, the list, the header count, the detail column,
 * the last slip and message) and what an officer does with it (open a
 * dossier, search, print without the print dialog, lock when idle). */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include "mc-window-private.h"


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

  mc_window_activate_dossier (self, position);
}

void
mc_window_set_search_text (McWindow   *self,
                           const char *text)
{
  g_return_if_fail (MC_IS_WINDOW (self));

  gtk_search_bar_set_search_mode (self->search_bar, *text != '\0');
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  /* Not waiting for the entry's typing delay. */
  mc_window_search_now (self);
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

  return mc_window_is_searching (self) ? G_LIST_MODEL (self->search_results) : G_LIST_MODEL (self->dossiers);
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

  mc_window_lock (self);
  return TRUE;
}

/**
 * mc_window_get_list_subtitle:
 * @self: a window
 *
 * Returns: the count over the list ("12 dossiers (filtered)")
 */
const char *
mc_window_get_list_subtitle (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);

  return adw_window_title_get_subtitle (self->list_title);
}

/**
 * mc_window_get_detail_page:
 * @self: a window
 *
 * Returns: "dossier" while the detail column shows one, "none" otherwise
 */
const char *
mc_window_get_detail_page (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->detail_stack);
}

/**
 * mc_window_get_visible_selection:
 * @self: a window
 *
 * Returns: (transfer none): the selection of the list shown (the queue's
 *   or the search's)
 */
GtkSingleSelection *
mc_window_get_visible_selection (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);

  return GTK_SINGLE_SELECTION (gtk_list_view_get_model (self->dossier_view));
}

/**
 * mc_window_get_sync_slot:
 * @self: a window
 *
 * Returns: (transfer none): the box at the end of the sidebar's header bar
 *   that holds the sync status widget
 */
GtkBox *
mc_window_get_sync_slot (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);

  return self->sync_slot;
}
