/* SPDX-License-Identifier: GPL-3.0-or-later */
/* McSyncClient: one desk's client of the central API (docs/central-api.md).
 * It signs in (the refresh token only in the Secret Service, the access
 * token only in memory), pushes the outbox, pulls the change feed into the
 * store, moves files by SHA-256 and leases dossier numbers. The work runs
 * in a worker thread; the blocking functions are for that thread (and
 * tests), the _async ones for everyone else. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "mc-sync.h"
#include "store/mc-desk.h"

G_BEGIN_DECLS

typedef struct
{
  guint applied;          /* ops the server applied now */
  guint duplicates;       /* ops it had applied before */
  guint conflicts;        /* ops answered conflict */
  guint rejected;         /* ops answered rejected */
  guint pulled;           /* changes read from the feed */
  guint imported;         /* dossiers new to this desk */
  guint updated;          /* dossiers changed elsewhere */
  guint kept_aside;       /* server changes to dossiers with unsent local ops */
  guint reference;        /* officers and other reference data */
  guint blobs_up;
  guint blobs_down;
  guint leased;           /* dossier numbers leased */
  gint64 pending;         /* ops still waiting after the run */
  gint64 open_conflicts;  /* conflicts and rejections waiting for an official */
  char *lease_warning;    /* (nullable) the server could not lease numbers */
  gint64 sign_in_us;      /* how long each phase took, in microseconds */
  gint64 push_us;
  gint64 pull_us;
  gint64 lease_us;
} McSyncReport;

void mc_sync_report_free (McSyncReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSyncReport, mc_sync_report_free)

#define MC_TYPE_SYNC_CLIENT (mc_sync_client_get_type ())
G_DECLARE_FINAL_TYPE (McSyncClient, mc_sync_client, MC, SYNC_CLIENT, GObject)

McSyncClient *mc_sync_client_new          (McDesk               *desk);

gboolean      mc_sync_client_login        (McSyncClient         *self,
                                           const char           *server,
                                           const char           *login,
                                           const char           *password,
                                           const char           *ca_file,
                                           GCancellable         *cancellable,
                                           GError              **error);
void          mc_sync_client_login_async  (McSyncClient         *self,
                                           const char           *server,
                                           const char           *login,
                                           const char           *password,
                                           const char           *ca_file,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean      mc_sync_client_login_finish (McSyncClient         *self,
                                           GAsyncResult         *result,
                                           GError              **error);

gboolean      mc_sync_client_login_in_memory (McSyncClient      *self,
                                              const char        *password,
                                              GCancellable      *cancellable,
                                              GError           **error);

void          mc_sync_client_login_in_memory_async (McSyncClient        *self,
                                                    const char          *password,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);

gboolean      mc_sync_client_logout       (McSyncClient         *self,
                                           GCancellable         *cancellable,
                                           GError              **error);

McSyncReport *mc_sync_client_sync         (McSyncClient         *self,
                                           GCancellable         *cancellable,
                                           GError              **error);
void          mc_sync_client_sync_async   (McSyncClient         *self,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
McSyncReport *mc_sync_client_sync_finish  (McSyncClient         *self,
                                           GAsyncResult         *result,
                                           GError              **error);

JsonNode     *mc_sync_client_get_json     (McSyncClient         *self,
                                           const char           *path,
                                           GCancellable         *cancellable,
                                           GError              **error);

void          mc_sync_client_set_retries  (McSyncClient         *self,
                                           guint                 attempts,
                                           guint                 base_ms);

gboolean        mc_sync_client_has_secret_service (GCancellable *cancellable);
gboolean        mc_sync_client_has_memory_sign_in (const char   *server,
                                                   const char   *desk_id);
void            mc_sync_client_set_memory_only    (McSyncClient *self);
void            mc_sync_client_disconnect_secrets (void);

G_END_DECLS
