/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the sync client (sync/) reads from and writes to the desk's store:
 * the sign-in's server and login, the change feed's cursor, the outbox's
 * pending ops and their answers, the changes pulled from the central
 * system (applied in one transaction), and the blocks of dossier numbers
 * leased from it. Every function runs its own transaction and may be
 * called from any thread. */
#pragma once

#include <json-glib/json-glib.h>

#include "mc-desk.h"

G_BEGIN_DECLS

/* One op of the outbox as the central API sends it. */
typedef struct
{
  gint64 seq;
  char *op_id;
  char *dossier_code;
  gint64 base_version;
  char *type;
  char *payload;          /* JSON text */
  gint64 at;
} McSyncOp;

void mc_sync_op_free (McSyncOp *op);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSyncOp, mc_sync_op_free)

/* What the desk knows about its sync, for the status line and the CLI. */
typedef struct
{
  char *desk_id;          /* a UUID made from the workspace id */
  char *server;           /* NULL when signed out */
  char *login;
  char *ca_file;          /* (nullable) a PEM file of CAs trusted besides the system's */
  char *cursor;           /* NULL before the first pull */
  char *state;            /* synced, waiting, offline, error, signed-out */
  char *last_error;       /* NULL when the last sync worked */
  gint64 last_success;    /* Unix seconds, 0 for never */
  gint64 offline_since;   /* Unix seconds, 0 when not offline */
  gint64 pending_ops;
  gint64 conflicts;       /* ops answered conflict/rejected, and server changes kept aside */
} McSyncState;

void         mc_sync_state_free            (McSyncState  *state);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSyncState, mc_sync_state_free)

typedef struct
{
  guint applied;          /* changes written into the store */
  guint own;              /* this desk's own ops coming back */
  guint imported;         /* dossiers new to this desk */
  guint conflicts;        /* server changes to dossiers with unsent local ops */
  guint reference;        /* officers and other reference data */
  guint ignored;          /* kinds this desk does not know */
  guint refused;          /* reference data that failed its checks (kept, not used) */
} McSyncApplyCounts;

/* A version of a procedure, holiday table or slip template that the
 * change feed brought, as the desk judges it at some time. */
typedef struct
{
  char *kind;             /* procedure, holidays, slip_template */
  char *key;              /* procedure code, year, slip kind */
  gint64 version;
  char *effective_from;   /* (nullable) YYYY-MM-DD; NULL: from its arrival */
  gint64 arrived_at;      /* Unix seconds */
  char *state;            /* in-force, waiting, replaced, refused */
  char *reason;           /* (nullable) why it was refused */
} McSyncReference;

void mc_sync_reference_free (McSyncReference *reference);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSyncReference, mc_sync_reference_free)

/* A conflict or a rejected op kept for an official to decide. */
typedef struct
{
  char *dossier_code;
  char *kind;             /* "conflict", "rejected" or "server-change" */
  char *op_id;            /* NULL for a server change */
  char *detail;           /* JSON text: the server's answer or change */
} McSyncConflict;

void mc_sync_conflict_free (McSyncConflict *conflict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSyncConflict, mc_sync_conflict_free)

McSyncState *mc_desk_sync_load_state       (McDesk             *self,
                                            GError            **error);
gboolean     mc_desk_sync_set_server       (McDesk             *self,
                                            const char         *server,
                                            const char         *login,
                                            const char         *ca_file,
                                            GError            **error);
gboolean     mc_desk_sync_record_attempt   (McDesk             *self,
                                            const char         *state,
                                            const char         *error_text,
                                            GError            **error);
GPtrArray   *mc_desk_sync_pending_ops      (McDesk             *self,
                                            guint               limit,
                                            GError            **error);
gboolean     mc_desk_sync_mark_ops         (McDesk             *self,
                                            JsonArray          *results,
                                            GError            **error);
gboolean     mc_desk_sync_apply_changes    (McDesk             *self,
                                            JsonArray          *changes,
                                            const char         *next_cursor,
                                            McSyncApplyCounts  *counts,
                                            GError            **error);
GPtrArray   *mc_desk_sync_list_conflicts   (McDesk             *self,
                                            GError            **error);
GPtrArray   *mc_desk_sync_list_reference   (McDesk             *self,
                                            gint64              at,
                                            GError            **error);
gboolean     mc_desk_sync_load_reference   (McDesk             *self,
                                            GError            **error);
/* One dossier's conflict as an official sees it: both versions. */
typedef struct
{
  char *dossier_code;
  int local_state;
  gint64 local_version;
  char *local_ops;        /* the unsent ops' types, in order, comma-separated */
  int server_state;
  gint64 server_version;
  char *server_fields;    /* JSON text: the server's portal fields */
} McSyncDossierConflict;

void mc_sync_dossier_conflict_free (McSyncDossierConflict *conflict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSyncDossierConflict, mc_sync_dossier_conflict_free)

typedef enum {
  MC_SYNC_KEEP_DESK,      /* send this desk's ops again, on the server's version */
  MC_SYNC_TAKE_SERVER,    /* take the server's version; this desk's unsent ops are dropped (audited) */
} McSyncChoice;

McSyncDossierConflict *mc_desk_sync_dossier_conflict (McDesk        *self,
                                                      const char    *code,
                                                      GError       **error);
gboolean     mc_desk_sync_resolve          (McDesk             *self,
                                            const char         *code,
                                            McSyncChoice        choice,
                                            GError            **error);
gboolean     mc_desk_sync_lease_remaining  (McDesk             *self,
                                            const char         *day,
                                            char              **office_code,
                                            guint              *remaining,
                                            GError            **error);
gboolean     mc_desk_sync_add_lease        (McDesk             *self,
                                            const char         *office_code,
                                            const char         *day,
                                            guint               first,
                                            guint               last,
                                            GError            **error);

G_END_DECLS
