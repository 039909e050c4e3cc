/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sign-in screen of a desk: its active officers, a password, and the
 * check (in a worker thread) that makes one of them the signed-in officer. */
#pragma once

#include <adwaita.h>

#include "store/mc-desk.h"

G_BEGIN_DECLS

#define MC_TYPE_SIGN_IN_PAGE (mc_sign_in_page_get_type ())
G_DECLARE_FINAL_TYPE (McSignInPage, mc_sign_in_page, MC, SIGN_IN_PAGE, GtkWidget)

GtkWidget  *mc_sign_in_page_new            (void);
void        mc_sign_in_page_load           (McSignInPage *self,
                                            McDesk       *desk,
                                            const char   *login);
void        mc_sign_in_page_select         (McSignInPage *self,
                                            const char   *login);
const char *mc_sign_in_page_get_selected   (McSignInPage *self);
guint       mc_sign_in_page_get_n_officers (McSignInPage *self);
gboolean    mc_sign_in_page_get_loading    (McSignInPage *self);
gboolean    mc_sign_in_page_get_busy       (McSignInPage *self);
const char *mc_sign_in_page_get_problem    (McSignInPage *self);
GtkEditable *mc_sign_in_page_get_password  (McSignInPage *self);

G_END_DECLS
