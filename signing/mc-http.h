/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Blocking HTTP GET/POST for the TSA, OCSP and CRL clients, meant to run
 * in a worker thread. Private to the library. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GBytes *mc_http_request_sync (const char    *method,
                              const char    *url,
                              const char    *content_type,
                              GBytes        *body,
                              gsize          max_size,
                              char         **out_content_type,
                              GCancellable  *cancellable,
                              GError       **error);
/* For revocation servers: never follows a redirect, and gives up at
 * @deadline (g_get_monotonic_time() units; 0 for none) whatever the
 * server does. */
GBytes *mc_http_request_until_sync (const char    *method,
                                    const char    *url,
                                    const char    *content_type,
                                    GBytes        *body,
                                    gsize          max_size,
                                    gint64         deadline,
                                    GCancellable  *cancellable,
                                    GError       **error);

G_END_DECLS
