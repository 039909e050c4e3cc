/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Blocks of dossier numbers leased in advance, so reception can issue
 * unique codes offline. */
#pragma once

#include <glib.h>
#include "mc-store-private.h"

G_BEGIN_DECLS

gboolean  mc_lease_add        (sqlite3     *db,
                               const char  *office_code,
                               const char  *day,
                               guint        first,
                               guint        last,
                               const char  *source,
                               gint64       at,
                               GError     **error);
gboolean  mc_lease_take       (sqlite3     *db,
                               const char  *office_code,
                               const char  *day,
                               guint       *number,
                               GError     **error);
gboolean  mc_lease_remaining  (sqlite3     *db,
                               const char  *office_code,
                               const char  *day,
                               guint       *remaining,
                               GError     **error);

G_END_DECLS
