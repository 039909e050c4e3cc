/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the files of the main window share: its instance (mc-window.c keeps
 * the lifecycle and signing in, mc-window-queues.c the sidebar, the list,
 * search and filters, mc-window-actions.c the win.* actions), and the hooks
 * tests and automation use to see what it shows and act on it. The
 * application needs none of this, so it is kept out of mc-window.h. */
#pragma once

#include "store/mc-desk.h"
#include "store/mc-dossier-list-model.h"
#include "mc-dossier-pane.h"
#include "mc-reception-dialog.h"
#include "mc-setup-assistant.h"
#include "mc-sign-in-page.h"
#include "mc-window.h"

G_BEGIN_DECLS

struct _McWindow
{
  AdwApplicationWindow parent_instance;

  /* The workspace and the core it opens into. */
  char *workspace;
  McDesk *desk;
  McStore *store;
  GSettings *settings;
  GCancellable *cancellable;
  McOfficer *officer;

  /* Queues in the sidebar, with their counts. */
  GListStore *queues;
  GtkSingleSelection *queue_selection;
  gboolean counts_loaded;
  guint total_count;

  /* The list of the chosen queue, and the search results that replace
   * it while a search is typed. */
  McDossierListModel *dossiers;
  GtkSingleSelection *dossier_selection;
  GListStore *search_results;
  GtkSingleSelection *search_selection;
  GCancellable *search_cancellable;

  /* Filters of the list (the choices behind each dropdown's labels). */
  GPtrArray *filter_procedures;
  GPtrArray *filter_fields;
  GPtrArray *filter_officers;
  gboolean filtered;
  /* The filter as applied: the list and the search both follow it. */
  McQueueFilter filter;
  /* Set while the list replaces its rows, which drops the selection
   * without the officer choosing anything. */
  gboolean list_reloading;
  /* A dossier to choose once the list or the search shows it (the one
   * just received). */
  char *pending_code;

  /* Slips, dialogs and what automation reads back. */
  char *last_slip;
  char *last_message;
  McReceptionDialog *reception_dialog;
  gboolean no_print_dialog;

  /* Template children: the frame. */
  AdwToastOverlay *toast_overlay;
  GtkStack *main_stack;
  AdwStatusPage *error_page;
  AdwLeaflet *leaflet;
  AdwWindowTitle *workspace_title;

  /* Template children: sidebar and list. */
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
  GtkStack *list_stack;
  GtkListView *dossier_view;
  AdwStatusPage *empty_page;

  /* Template children: the detail column. */
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

/* Shared between the mc-window*.c files. */
void        mc_window_show_message      (McWindow       *self,
                                         const char     *text);
void        mc_window_notify_ready      (McWindow       *self);
void        mc_window_open_workspace    (McWindow       *self);
void        mc_window_load_officer      (McWindow       *self);
void        mc_window_lock              (McWindow       *self);
void        mc_window_class_add_actions (GtkWidgetClass *widget_class);
void        mc_window_init_queues       (McWindow       *self);
void        mc_window_attach_dossiers   (McWindow       *self,
                                         const char     *queue_id);
void        mc_window_refresh           (McWindow       *self);
void        mc_window_clear_detail      (McWindow       *self);
void        mc_window_choose_code       (McWindow       *self,
                                         const char     *code);
gboolean    mc_window_is_searching      (McWindow       *self);
void        mc_window_search_now        (McWindow       *self);
void        mc_window_activate_queue    (McWindow       *self,
                                         guint           position);
void        mc_window_activate_dossier  (McWindow       *self,
                                         guint           position);
void        mc_window_load_filter_options (McWindow     *self);
void        mc_window_apply_filter      (McWindow       *self);
void        mc_window_clear_filter      (McWindow       *self);
gboolean    mc_window_parse_day         (const char     *text,
                                         gint64         *out);

/* Hooks for tests and automation: what the window shows (queues, the
 * list, the page, the last slip and message) and what an officer does with
 * it (open a dossier, search, print without the print dialog). */
McStore    *mc_window_get_store         (McWindow       *self);
gboolean    mc_window_is_ready          (McWindow       *self);
GListModel *mc_window_get_queues        (McWindow       *self);
GListModel *mc_window_get_dossiers      (McWindow       *self);
const char *mc_window_get_visible_page  (McWindow       *self);
const char *mc_window_get_error_text    (McWindow       *self);
gboolean    mc_window_is_folded         (McWindow       *self);
void        mc_window_show_dossier      (McWindow       *self,
                                         guint           position);
void        mc_window_set_search_text   (McWindow       *self,
                                         const char     *text);
GListModel *mc_window_get_visible_dossiers (McWindow    *self);
const char *mc_window_get_last_slip     (McWindow       *self);
const char *mc_window_get_last_message  (McWindow       *self);
McReceptionDialog *mc_window_get_reception_dialog (McWindow *self);
void        mc_window_set_print_dialog  (McWindow       *self,
                                         gboolean        enabled);
McSignInPage *mc_window_get_sign_in_page (McWindow      *self);
McSetupAssistant *mc_window_get_setup_assistant (McWindow *self);
gboolean    mc_window_lock_if_idle      (McWindow       *self,
                                         gint64          now);
const McOfficer *mc_window_get_officer  (McWindow       *self);
const char *mc_window_get_list_subtitle (McWindow       *self);
const char *mc_window_get_detail_page   (McWindow       *self);
GtkSingleSelection *mc_window_get_visible_selection (McWindow *self);

G_END_DECLS
