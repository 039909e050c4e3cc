/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The local store of one desk: a workspace folder with desk.sqlite and
 * blobs/. It owns two SQLite connections (one writer, one reader) and runs
 * every piece of work on them in a worker thread for the UI, or directly for
 * the CLI and tests. The work itself (McStoreFunc, the mc_db_* helpers) is
 * private to the core (mc-store-private.h): the front ends go through
 * McDesk. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MC_STORE_ERROR (mc_store_error_quark ())

/**
 * McStoreError:
 * @MC_STORE_ERROR_NOT_A_DATABASE: desk.sqlite is not an SQLite file
 * @MC_STORE_ERROR_CORRUPT: desk.sqlite is damaged
 * @MC_STORE_ERROR_TOO_NEW: made by a newer program
 * @MC_STORE_ERROR_TOO_OLD: needs an upgrade that only a writer may run
 * @MC_STORE_ERROR_IN_USE: another process writes this workspace
 * @MC_STORE_ERROR_PERMISSION: the folder or file cannot be used
 * @MC_STORE_ERROR_FULL: the disk is full
 * @MC_STORE_ERROR_READ_ONLY: a write on a read-only store
 * @MC_STORE_ERROR_NOT_FOUND: no such record
 * @MC_STORE_ERROR_INVALID: the data breaks a rule
 * @MC_STORE_ERROR_FAILED: anything else SQLite reports
 * @MC_STORE_ERROR_EXISTS: something that must be unique is already there
 */
typedef enum {
  MC_STORE_ERROR_NOT_A_DATABASE,
  MC_STORE_ERROR_CORRUPT,
  MC_STORE_ERROR_TOO_NEW,
  MC_STORE_ERROR_TOO_OLD,
  MC_STORE_ERROR_IN_USE,
  MC_STORE_ERROR_PERMISSION,
  MC_STORE_ERROR_FULL,
  MC_STORE_ERROR_READ_ONLY,
  MC_STORE_ERROR_NOT_FOUND,
  MC_STORE_ERROR_INVALID,
  MC_STORE_ERROR_FAILED,
  MC_STORE_ERROR_EXISTS,
} McStoreError;

typedef enum {
  MC_STORE_OPEN_DEFAULT = 0,
  MC_STORE_OPEN_READ_ONLY = 1 << 0,
} McStoreOpenFlags;

#define MC_TYPE_STORE (mc_store_get_type ())
G_DECLARE_FINAL_TYPE (McStore, mc_store, MC, STORE, GObject)

GQuark       mc_store_error_quark          (void);

char        *mc_store_default_workspace    (void);

McStore     *mc_store_open                 (const char           *workspace,
                                            McStoreOpenFlags      flags,
                                            GError              **error);
void         mc_store_open_async           (const char           *workspace,
                                            McStoreOpenFlags      flags,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
McStore     *mc_store_open_finish          (GAsyncResult         *result,
                                            GError              **error);

const char  *mc_store_get_workspace        (McStore              *self);
const char  *mc_store_get_blob_dir         (McStore              *self);
gboolean     mc_store_is_read_only         (McStore              *self);
int          mc_store_get_schema_version   (McStore              *self);
void         mc_store_close                (McStore              *self);

G_END_DECLS
