/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Internals of the store shared with its migrations and with the tests that
 * build workspaces at earlier schema versions. */
#pragma once

#include "mc-store.h"

G_BEGIN_DECLS

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
