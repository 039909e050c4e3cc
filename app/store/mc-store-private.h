/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Internals of the store, private to the core library and its tests: the
 * work run inside a transaction (McStoreFunc) and its SQLite helpers, the
 * migrations, and what tests need to build workspaces at earlier schema
 * versions. */
#pragma once

#include <sqlite3.h>

#include "mc-store.h"

G_BEGIN_DECLS

/**
 * McStoreFunc:
 * @db: the connection, already inside a transaction
 * @user_data: the caller's data
 * @result: (out): what the work produced, handed to the callback
 * @error: where to put a failure
 *
 * A unit of work run inside one transaction. Returning %FALSE rolls it back.
 */
typedef gboolean (*McStoreFunc) (sqlite3   *db,
                                 gpointer   user_data,
                                 gpointer  *result,
                                 GError   **error);

gboolean     mc_store_write                (McStore              *self,
                                            McStoreFunc           func,
                                            gpointer              user_data,
                                            gpointer             *result,
                                            GError              **error);
gboolean     mc_store_read                 (McStore              *self,
                                            McStoreFunc           func,
                                            gpointer              user_data,
                                            gpointer             *result,
                                            GError              **error);

void         mc_store_write_async          (McStore              *self,
                                            McStoreFunc           func,
                                            gpointer              user_data,
                                            GDestroyNotify        user_data_free,
                                            GDestroyNotify        result_free,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              callback_data);
void         mc_store_read_async           (McStore              *self,
                                            McStoreFunc           func,
                                            gpointer              user_data,
                                            GDestroyNotify        user_data_free,
                                            GDestroyNotify        result_free,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              callback_data);
gpointer     mc_store_run_finish           (McStore              *self,
                                            GAsyncResult         *result,
                                            GError              **error);

/* Helpers for McStoreFunc bodies. */
sqlite3_stmt *mc_db_prepare                (sqlite3              *db,
                                            const char           *sql,
                                            GError              **error);
gboolean     mc_db_exec                    (sqlite3              *db,
                                            const char           *sql,
                                            GError              **error);
gboolean     mc_db_step_done               (sqlite3              *db,
                                            sqlite3_stmt         *stmt,
                                            GError              **error);
gboolean     mc_db_set_error               (sqlite3              *db,
                                            int                   rc,
                                            GError              **error);
void         mc_db_bind_text               (sqlite3_stmt         *stmt,
                                            int                   index,
                                            const char           *text);
char        *mc_db_meta_get                (sqlite3              *db,
                                            const char           *key,
                                            GError              **error);
gboolean     mc_db_meta_set                (sqlite3              *db,
                                            const char           *key,
                                            const char           *value,
                                            GError              **error);
char        *mc_db_column_dup              (sqlite3_stmt         *stmt,
                                            int                   column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

#define MC_STORE_DB_NAME "desk.sqlite"
#define MC_STORE_LOCK_NAME "desk.lock"
#define MC_STORE_BLOB_DIR "blobs"

int      mc_store_latest_version   (void);
gboolean mc_store_migrate          (sqlite3  *db,
                                    int       target,
                                    GError  **error);
int      mc_db_user_version        (sqlite3  *db,
                                    GError  **error);
int      mc_db_register_functions  (sqlite3  *db);

G_END_DECLS
