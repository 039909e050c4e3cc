/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The procedure catalogue kept in the store, read and written inside a
 * store transaction. Private to the core. */
#pragma once

#include "mc-store-private.h"
#include "mc-sync-store-reference-private.h"

#include "domain/mc-catalogue.h"

G_BEGIN_DECLS

gboolean      mc_catalogue_save_to_store       (McCatalogue          *self,
                                                sqlite3              *db,
                                                GError              **error);
McCatalogue  *mc_catalogue_load_from_store     (sqlite3              *db,
                                                GError              **error);
McProcedure  *mc_procedure_load_from_store     (sqlite3              *db,
                                                const char           *code,
                                                GError              **error);
McCatalogue  *mc_catalogue_load_from_store_at  (sqlite3              *db,
                                                gint64                at,
                                                GError              **error);
McProcedure  *mc_procedure_load_from_store_at  (sqlite3              *db,
                                                const char           *code,
                                                gint64                at,
                                                GError              **error);
McProcedure  *mc_procedure_new_from_sync_ref   (McSyncRef            *ref,
                                                GError              **error);

G_END_DECLS
