/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window of one workspace. */
#pragma once

#include <adwaita.h>

#include "mc-reception-dialog.h"
#include "mc-setup-assistant.h"
#include "mc-sign-in-page.h"
#include "store/mc-desk.h"

G_BEGIN_DECLS

#define MC_TYPE_WINDOW (mc_window_get_type ())
G_DECLARE_FINAL_TYPE (McWindow, mc_window, MC, WINDOW, AdwApplicationWindow)

McWindow   *mc_window_new               (GtkApplication *application,
                                         const char     *workspace);
const char *mc_window_get_workspace     (McWindow       *self);
McStore    *mc_window_get_store         (McWindow       *self);
McDesk     *mc_window_get_desk          (McWindow       *self);
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

G_END_DECLS
