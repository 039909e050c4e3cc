/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one recorder of a change to a dossier, whatever kind of change it
 * is (a workflow action, a reception, a result attached or signed): the
 * version bumped, a timeline entry, an outbox op for the central system and
 * a chained audit entry, all inside the change's transaction. Private to
 * the core. */
#pragma once

#include <json-glib/json-glib.h>

#include "domain/mc-officer.h"
#include "domain/mc-reception.h"
#include "mc-store-private.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 dossier_id;
  const char *code;
  gint64 base_version;            /* the version the change was made on */
  gboolean created;               /* the change made the dossier, at version 1: no bump */
  const char *action;             /* names the op, the timeline entry and the audit entry */
  const McOfficer *officer;       /* who acts */
  gint64 at;                      /* when it happened */
  gint64 now;                     /* when it is recorded */
  const char *note;               /* (nullable) the timeline's note */
  int state_after;
  const char *step_after;
  const McActionParams *params;   /* (nullable) reason, department, issue number, new appointment */
  JsonNode *file;                 /* (nullable) the file the change is about; not taken */
  gboolean with_files;            /* the op carries the dossier's files */
} McChange;

void      mc_change_init          (McChange         *change,
                                   gint64            dossier_id,
                                   const char       *code,
                                   gint64            base_version,
                                   const char       *action,
                                   const McOfficer  *officer,
                                   gint64            at,
                                   gint64            now);
gboolean  mc_change_check_applied (sqlite3          *db,
                                   const char       *code,
                                   GError          **error);
char     *mc_change_record        (sqlite3          *db,
                                   const McChange   *change,
                                   GError          **error);
gboolean  mc_change_add_timeline  (sqlite3          *db,
                                   gint64            dossier_id,
                                   gint64            at,
                                   const McOfficer  *officer,
                                   const char       *action,
                                   const char       *note,
                                   int               state_after,
                                   const char       *step_after,
                                   GError          **error);

G_END_DECLS
