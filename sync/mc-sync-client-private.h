/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the sync client lends the library's other files: a signed-in run
 * (the desk's server, an access token, the client's lock held) and a GET
 * of the API through it, with the client's retries and its errors. */
#pragma once

#include <json-glib/json-glib.h>

#include "mc-sync-client.h"

G_BEGIN_DECLS

typedef struct _McSyncRun McSyncRun;

McSyncRun  *mc_sync_run_open         (McSyncClient  *self,
                                      GCancellable  *cancellable,
                                      GError       **error);
const char *mc_sync_run_get_desk_id  (McSyncRun     *run);
McDesk     *mc_sync_run_get_desk     (McSyncRun     *run);
JsonNode   *mc_sync_run_get_json     (McSyncRun     *run,
                                      const char    *path,
                                      const char    *what,
                                      GError       **error);
void        mc_sync_run_free         (McSyncRun     *run);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSyncRun, mc_sync_run_free)

G_END_DECLS
