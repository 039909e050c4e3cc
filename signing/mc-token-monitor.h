/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Watches for tokens being inserted, pulled or changing PIN state, and
 * reports it on the main context. */
#pragma once

#include <gio/gio.h>

#include "mc-token.h"

G_BEGIN_DECLS

#define MC_TYPE_TOKEN_MONITOR (mc_token_monitor_get_type ())
G_DECLARE_FINAL_TYPE (McTokenMonitor, mc_token_monitor, MC, TOKEN_MONITOR, GObject)

McTokenMonitor *mc_token_monitor_new          (guint            interval_ms);
GListModel     *mc_token_monitor_get_tokens   (McTokenMonitor  *self);
guint           mc_token_monitor_get_interval (McTokenMonitor  *self);
gboolean        mc_token_monitor_get_ready    (McTokenMonitor  *self);
void            mc_token_monitor_refresh      (McTokenMonitor  *self);

G_END_DECLS
