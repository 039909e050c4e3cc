/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libmotcua-sync: the client side of the central API. This header holds
 * what every part of the library shares. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MC_SYNC_ERROR (mc_sync_error_quark ())

GQuark      mc_sync_error_quark      (void);
const char *mc_sync_protocol_version (void);

G_END_DECLS
