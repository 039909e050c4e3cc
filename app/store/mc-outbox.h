/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The outbox: operations waiting for the central system, each with a
 * client-made UUID so a retry is never applied twice. */
#pragma once

#include <json-glib/json-glib.h>
#include "mc-store-private.h"

G_BEGIN_DECLS

char     *mc_outbox_append          (sqlite3     *db,
                                     gint64       dossier_id,
                                     const char  *dossier_code,
                                     gint64       base_version,
                                     const char  *type,
                                     JsonNode    *payload,
                                     gint64       at,
                                     GError     **error);
gboolean  mc_outbox_count_pending   (sqlite3     *db,
                                     gint64      *count,
                                     GError     **error);

G_END_DECLS
