/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The workflow's changes to dossiers, each run inside one store
 * transaction, and the pieces of them that the other changes of a dossier
 * (mc-result-ops.c) write the same way. Private to the core. */
#pragma once

#include "mc-dossier-ops.h"
#include "mc-store-private.h"

G_BEGIN_DECLS

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


gboolean   mc_dossier_ops_add_timeline    (sqlite3          *db,
                                           gint64            dossier_id,
                                           gint64            at,
                                           const McOfficer  *officer,
                                           const char       *action,
                                           const char       *note,
                                           int               state_after,
                                           const char       *step_after,
                                           GError          **error);
McOfficer *mc_dossier_ops_acting_officer  (sqlite3          *db,
                                           McOpsContext     *ctx,
                                           GError          **error);

G_END_DECLS
