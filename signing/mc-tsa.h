/* SPDX-License-Identifier: GPL-3.0-or-later */
/* RFC 3161 time-stamps: ask a TSA for a token over some data (the
 * signature value, for PAdES B-T) and turn a B-B signature into B-T. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GBytes *mc_tsa_request_sync     (const char           *url,
                                 GBytes               *data,
                                 GCancellable         *cancellable,
                                 GError              **error);
void    mc_tsa_request_async    (const char           *url,
                                 GBytes               *data,
                                 GCancellable         *cancellable,
                                 GAsyncReadyCallback   callback,
                                 gpointer              user_data);
GBytes *mc_tsa_request_finish   (GAsyncResult         *result,
                                 GError              **error);

GBytes *mc_cms_timestamp_sync   (GBytes               *cms,
                                 const char           *tsa_url,
                                 GCancellable         *cancellable,
                                 GError              **error);

G_END_DECLS
