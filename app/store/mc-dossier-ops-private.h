/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The workflow's changes to dossiers, each run inside one store
 * transaction, and the pieces of them that the other changes of a dossier
 * (mc-result-ops.c) write the same way. Private to the core. */
#pragma once

#include "domain/mc-procedure.h"
#include "mc-dossier-ops.h"
#include "mc-store-private.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 id;
  int state;
  char *procedure_code;
  char *step;
  gint64 version;
  gint64 due_at;
  gint64 new_due_at;
  gint64 paused_at;
  gboolean has_remaining;
  gint64 remaining_seconds;
  int resume_state;
  int supplement_count;
  char *flags;
  char *applicant_name;
} McDossierRow;

void       mc_dossier_row_clear           (McDossierRow     *row);
gboolean   mc_dossier_ops_load_row        (sqlite3          *db,
                                           const char       *code,
                                           McDossierRow     *row,
                                           GError          **error);

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


McProcedure *mc_dossier_ops_load_procedure (sqlite3          *db,
                                           const char       *code,
                                           gint64            at,
                                           GError          **error);
gint64     mc_dossier_ops_procedure_appointment (McCalendar   *calendar,
                                                 McProcedure  *procedure,
                                                 gint64        at,
                                                 GPtrArray    *warnings);
McOfficer *mc_dossier_ops_acting_officer  (sqlite3          *db,
                                           McOpsContext     *ctx,
                                           GError          **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (McDossierRow, mc_dossier_row_clear)

G_END_DECLS
