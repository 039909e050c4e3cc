/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sync library's error domain and the protocol version it speaks
 * (docs/central-api.md). */
#define G_LOG_DOMAIN "motcua-sync"

#include "config.h"

#include "mc-sync.h"

G_DEFINE_QUARK (mc-sync-error-quark, mc_sync_error)

const char *
mc_sync_protocol_version (void)
{
  return "v1";
}
