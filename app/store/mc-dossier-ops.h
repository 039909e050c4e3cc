/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The workflow's changes to dossiers, each run inside one store transaction. */
#pragma once

#include <sqlite3.h>

#include "domain/calendar/mc-calendar.h"
#include "domain/mc-officer.h"
#include "domain/mc-reception.h"
#include "domain/mc-workflow.h"

G_BEGIN_DECLS

typedef struct
{
  McWorkflow *rules;
  McCalendar *calendar;
  const char *officer_login;
  gint64 now;
} McOpsContext;

typedef struct
{
  char *component_code;
  char *name;
  char *sha256;
  gint64 size;
  char *mime;
} McStoredFile;

gint64             mc_dossier_ops_appointment   (McCalendar            *calendar,
                                                 gint64                 received_at,
                                                 gboolean               same_day,
                                                 const char            *cutoff,
                                                 double                 working_days,
                                                 GPtrArray             *warnings);
void               mc_stored_file_free          (McStoredFile          *file);

McReceptionResult *mc_dossier_ops_receive       (sqlite3               *db,
                                                 McOpsContext          *ctx,
                                                 const McReception     *reception,
                                                 GPtrArray             *files,
                                                 GError               **error);
char              *mc_dossier_ops_act           (sqlite3               *db,
                                                 McOpsContext          *ctx,
                                                 const char            *code,
                                                 const char            *action_id,
                                                 const McActionParams  *params,
                                                 GError               **error);
gint64             mc_dossier_ops_import_submitted (sqlite3            *db,
                                                 McOpsContext          *ctx,
                                                 const McReception     *reception,
                                                 const char            *code,
                                                 gint64                 submitted_at,
                                                 GError               **error);
gboolean           mc_dossier_ops_insert_files  (sqlite3               *db,
                                                 gint64                 dossier_id,
                                                 const char            *role,
                                                 GPtrArray             *files,
                                                 gint64                 at,
                                                 const char            *added_by,
                                                 GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McStoredFile, mc_stored_file_free)

G_END_DECLS
