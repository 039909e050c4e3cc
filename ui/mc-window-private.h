/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Hooks into the main window for tests and automation: what it shows
 * (queues, the list, the page, the last slip and message) and what an
 * officer does with it (open a dossier, search, print without the print
 * dialog). The application needs none of them, so they are kept out of
 * mc-window.h. */
#pragma once

#include "mc-setup-assistant.h"
#include "mc-sign-in-page.h"
#include "mc-window.h"

G_BEGIN_DECLS

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

G_END_DECLS
