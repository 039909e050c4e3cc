/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Files of dossiers, stored once by their SHA-256 under blobs/. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

char     *mc_blob_store_put_file   (const char    *blob_dir,
                                    const char    *path,
                                    gint64        *size,
                                    GCancellable  *cancellable,
                                    GError       **error);
char     *mc_blob_store_put_bytes  (const char    *blob_dir,
                                    GBytes        *bytes,
                                    GError       **error);
gboolean  mc_blob_store_is_sha256  (const char    *text);
gboolean  mc_blob_store_check_sha256 (const char  *sha256,
                                    GError       **error);
char     *mc_blob_store_path       (const char    *blob_dir,
                                    const char    *sha256);
gboolean  mc_blob_store_has        (const char    *blob_dir,
                                    const char    *sha256);

G_END_DECLS
