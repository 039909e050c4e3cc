/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The signatures of a PDF and whether they hold. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MC_TYPE_VERIFY_WINDOW (mc_verify_window_get_type ())
G_DECLARE_FINAL_TYPE (McVerifyWindow, mc_verify_window, MC, VERIFY_WINDOW, AdwWindow)

McVerifyWindow *mc_verify_window_new              (GtkWindow      *parent);
void            mc_verify_window_open_file        (McVerifyWindow *self,
                                                   const char     *path,
                                                   const char     *title);
const char     *mc_verify_window_get_state        (McVerifyWindow *self);
GPtrArray      *mc_verify_window_get_signatures   (McVerifyWindow *self);

G_END_DECLS
