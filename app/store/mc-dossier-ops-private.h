/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Pieces of the workflow's transactions that the other changes of a
 * dossier (mc-result-ops.c) write the same way. */
#pragma once

#include "mc-dossier-ops.h"

G_BEGIN_DECLS

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
