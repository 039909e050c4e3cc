/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The result operations, each run inside one store transaction, and what
 * they share with their rules. Private to the core. */
#pragma once

#include "mc-dossier-ops-private.h"
#include "mc-result-ops.h"

G_BEGIN_DECLS

GPtrArray         *mc_result_ops_list              (sqlite3               *db,
                                                    const char            *code,
                                                    GError               **error);
char              *mc_result_ops_attach            (sqlite3               *db,
                                                    McOpsContext          *ctx,
                                                    const char            *code,
                                                    const McStoredFile    *file,
                                                    GError               **error);
char              *mc_result_ops_record_signature  (sqlite3               *db,
                                                    McOpsContext          *ctx,
                                                    const char            *code,
                                                    const McSignatureRecord *record,
                                                    GError               **error);
GPtrArray         *mc_result_ops_plan_signing      (sqlite3               *db,
                                                    McOpsContext          *ctx,
                                                    const char * const    *codes,
                                                    McSignatureKind        kind,
                                                    GError               **error);


void      mc_result_signature_free                   (McResultSignature  *signature);
gboolean  mc_result_file_has_organisation_signature  (const McResultFile *file);

G_END_DECLS
