/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reference data from the central system's change feed (procedures,
 * holiday tables, slip templates), every version kept in workspace_meta
 * under sync_ref:KIND:KEY:VERSION with the time it arrived, refused ones
 * with the reason; and the choice of the version in force at a time.
 * Private to the store: called inside a store transaction. */
#pragma once

#include <json-glib/json-glib.h>

#include "forms/mc-slip-template.h"
#include "mc-desk.h"
#include "mc-store-private.h"

G_BEGIN_DECLS

/* One stored version. */
typedef struct
{
  char       *kind;         /* procedure, holidays, slip_template */
  char       *key;          /* procedure code, year, slip kind */
  gint64      version;
  gint64      effective;    /* Unix seconds of 00:00 Vietnam time on effective_from; 0: at once */
  gint64      arrived_at;   /* Unix seconds; 0: unknown (kept before versions were) */
  char       *refused;      /* (nullable) why the desk does not use it */
  JsonObject *change;       /* the change as the feed gave it */
} McSyncRef;

void        mc_sync_ref_free        (McSyncRef    *ref);

char       *mc_sync_ref_describe    (McSyncRef    *ref);
gint64      mc_sync_ref_parse_date  (const char   *text);
gboolean    mc_sync_ref_keep        (sqlite3      *db,
                                     McSyncRef    *ref,
                                     GError      **error);
GPtrArray  *mc_sync_ref_list        (sqlite3      *db,
                                     const char   *kind,
                                     const char   *key,
                                     GError      **error);
GPtrArray  *mc_sync_ref_candidates  (GPtrArray    *list,
                                     const char   *key,
                                     gint64        at);

McSlipTemplate *mc_desk_sync_slip_template (McDesk      *desk,
                                             const char  *kind,
                                             GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSyncRef, mc_sync_ref_free)

G_END_DECLS
