/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The background signing of a desk's digital copies: copies attached to
 * be signed get the office's signature once their text is read, with the
 * token session the official opened with one PIN. */
#pragma once

#include <gio/gio.h>

#include "mc-signing-session.h"
#include "store/mc-desk.h"

G_BEGIN_DECLS

#define MC_TYPE_SIGN_QUEUE (mc_sign_queue_get_type ())
G_DECLARE_FINAL_TYPE (McSignQueue, mc_sign_queue, MC, SIGN_QUEUE, GObject)

McSignQueue      *mc_sign_queue_get_for_desk  (McDesk           *desk);
void              mc_sign_queue_set_session   (McSignQueue      *self,
                                               McSigningSession *session);
McSigningSession *mc_sign_queue_get_session   (McSignQueue      *self);
void              mc_sign_queue_end_session   (McSignQueue      *self,
                                               const char       *why);
void              mc_sign_queue_resume        (McSignQueue      *self);
void              mc_sign_queue_stop          (McSignQueue      *self);
gboolean          mc_sign_queue_get_busy      (McSignQueue      *self);
guint             mc_sign_queue_get_n_waiting (McSignQueue      *self);
const char       *mc_sign_queue_get_message   (McSignQueue      *self);

/* For tests: a gate the queue waits at before each round of signing. */
void              mc_sign_queue_hold          (McSignQueue      *self,
                                               gboolean          hold);

G_END_DECLS
