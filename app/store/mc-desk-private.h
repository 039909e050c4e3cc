/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the desk's services in sibling files (officers and office, queries,
 * slips, results) share with McDesk: running store work in a transaction,
 * on a worker thread or in the calling one; and the hook that fixes the
 * desk's clock for tests. Private to the core. */
#pragma once

#include "mc-desk.h"
#include "mc-store-private.h"

G_BEGIN_DECLS

void      mc_desk_run_async   (McDesk              *self,
                               gboolean             write,
                               McStoreFunc          func,
                               gpointer             data,
                               GDestroyNotify       data_free,
                               GDestroyNotify       result_free,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data);
gpointer  mc_desk_run_finish  (McDesk              *self,
                               GAsyncResult        *result,
                               GError             **error);

void      mc_desk_set_clock   (McDesk              *self,
                               gint64               now);

G_END_DECLS
