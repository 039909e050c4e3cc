/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The desk's own records as the front ends reach them: blocks of dossier
 * numbers leased by hand, and the audit log's verification. */
#pragma once

#include "mc-desk.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 n_entries;
  gint64 first_bad_seq;
  char *problem;
} McAuditReport;

void      mc_audit_report_clear  (McAuditReport  *report);

gboolean  mc_desk_verify_audit   (McDesk         *self,
                                  McAuditReport  *report,
                                  GError        **error);
gboolean  mc_desk_add_lease      (McDesk         *self,
                                  const char     *office_code,
                                  const char     *day,
                                  guint           first,
                                  guint           last,
                                  GError        **error);

G_END_DECLS
