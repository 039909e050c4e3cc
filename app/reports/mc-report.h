/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The service indicators of Decision 766/QĐ-TTg and the targets of
 * QĐ 1565/QĐ-TTg, computed from the dossiers the store lists for a period
 * (mc_desk_report_dossiers()). The definitions, sources and targets come
 * from data/reports/indicators.json; this file holds the counting rules
 * and the CSV and JSON forms of a report. GLib only. */
#pragma once

#include <json-glib/json-glib.h>

#include "domain/mc-officer.h"
#include "forms/mc-slip-data.h"
#include "store/mc-desk-reports.h"

G_BEGIN_DECLS

#define MC_REPORT_ERROR (mc_report_error_quark ())

typedef enum {
  MC_REPORT_ERROR_DATA,
} McReportError;

typedef struct
{
  char *id;
  char *name_vi;
  char *name_en;
  char *source;            /* "Quyết định 766/QĐ-TTg (2022-06-23)" */
  gboolean secondary;      /* the formula is from a secondary source */
  gboolean computable;
  guint numerator;
  guint denominator;
  double value;            /* per cent; NAN when not computable or nothing to count */
  gboolean has_target;
  double target;           /* per cent, "at least" */
  GPtrArray *included;     /* (element-type utf8): dossier codes counted in the numerator */
  GPtrArray *excluded;     /* (element-type utf8): in the denominator, not the numerator (e.g. the late ones) */
} McReportFigure;

typedef struct
{
  char *procedure_code;
  char *procedure_name;
  guint online_count;
  guint in_person_count;
  double online_hours;     /* average reception-to-finish time */
  double in_person_hours;
  double saved_percent;    /* NAN unless both kinds were finished */
} McReportTimeSaved;

typedef struct
{
  gint64 from;
  gint64 to;
  GPtrArray *figures;      /* (element-type McReportFigure) in the data file's order */
  GPtrArray *time_saved;   /* (element-type McReportTimeSaved) by procedure code */
  GPtrArray *late;         /* (element-type McReportDossier): the late dossiers, with apologies and new appointments */
} McReport;

GQuark          mc_report_error_quark    (void);

McReport       *mc_report_compute        (GPtrArray        *dossiers,
                                          gint64            from,
                                          gint64            to,
                                          GError          **error);
McReport       *mc_report_compute_with   (GPtrArray        *dossiers,
                                          gint64            from,
                                          gint64            to,
                                          const char       *indicators_path,
                                          GError          **error);
void            mc_report_free           (McReport         *report);
McReportFigure *mc_report_get_figure     (McReport         *report,
                                          const char       *id);
gboolean        mc_report_dossier_on_time (const McReportDossier *dossier);

void            mc_report_to_json        (McReport         *report,
                                          JsonBuilder      *builder);
char           *mc_report_to_csv         (McReport         *report,
                                          gsize            *length);
gboolean        mc_report_write_xlsx     (McReport         *report,
                                          const char       *path,
                                          GError          **error);
McSlipData     *mc_report_to_slip_data   (McReport         *report,
                                          const McOffice   *office);
gboolean        mc_report_write_pdf      (McReport         *report,
                                          const McOffice   *office,
                                          const char       *path,
                                          GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McReport, mc_report_free)

G_END_DECLS
