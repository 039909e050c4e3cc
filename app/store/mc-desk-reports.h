/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The facts behind the service indicators: for a period and an optional
 * procedure, field or officer, every dossier received or finished in the
 * period with the times and files the indicators are computed from
 * (app/reports/ turns them into figures). One read transaction; the SQL
 * stays in the store. */
#pragma once

#include "mc-desk.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 from;          /* first second of the period (Unix seconds) */
  gint64 to;            /* first second after it */
  char *procedure_code; /* (nullable): only this procedure */
  char *field;          /* (nullable): only this field */
  char *officer;        /* (nullable): only dossiers this login received, holds or acted on */
} McReportFilter;

/* A row of mc_desk_report_dossiers(): its strings are allocated with it,
 * mc_report_dossier_free() frees all of it. */
typedef struct
{
  char *code;
  char *procedure_code;
  char *procedure_name;
  int channel;             /* KenhThucHien: 1 in person, 2 online, 3 post */
  int state;
  gint64 received_at;      /* 0 when never received */
  gint64 due_at;           /* the original appointment, 0 when none */
  gint64 new_due_at;       /* an apology's new appointment, 0 when none */
  gint64 finished_at;      /* result ready, else returned, else refused/withdrawn/stopped; 0 if running */
  guint supplement_count;
  guint apology_count;
  gboolean has_component_file;
  gboolean all_components_filed; /* every provided component has a file; only looked at
                                  * (else FALSE) when it has component and result files */
  gboolean has_result_file;
} McReportDossier;

McReportFilter *mc_report_filter_new        (gint64                from,
                                             gint64                to);
McReportFilter *mc_report_filter_copy       (const McReportFilter *filter);
void            mc_report_filter_free       (McReportFilter       *filter);
void            mc_report_dossier_free      (McReportDossier      *dossier);

GPtrArray      *mc_desk_report_dossiers        (McDesk               *self,
                                                const McReportFilter *filter,
                                                GError              **error);
void            mc_desk_report_dossiers_async  (McDesk               *self,
                                                const McReportFilter *filter,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
GPtrArray      *mc_desk_report_dossiers_finish (McDesk               *self,
                                                GAsyncResult         *result,
                                                GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McReportFilter, mc_report_filter_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McReportDossier, mc_report_dossier_free)

G_END_DECLS
