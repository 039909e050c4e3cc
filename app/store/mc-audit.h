/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The audit log: every change appends an entry whose hash chains to the one
 * before, so an edited or deleted entry is detected. */
#pragma once

#include <glib.h>
#include "mc-store-private.h"

#include "mc-desk-records.h"

G_BEGIN_DECLS

gboolean  mc_audit_append        (sqlite3        *db,
                                  gint64          at,
                                  const char     *actor,
                                  const char     *action,
                                  const char     *subject,
                                  const char     *detail,
                                  GError        **error);
gboolean  mc_audit_verify        (sqlite3        *db,
                                  McAuditReport  *report,
                                  GError        **error);

G_END_DECLS
