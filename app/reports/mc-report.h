/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The service indicators of Decision 766/QĐ-TTg and the targets of
 * QĐ 1565/QĐ-TTg, computed from the dossiers the store lists for a period
 * (mc_desk_report_dossiers()). The definitions, sources and targets come
 * from data/reports/indicators.json; this file holds the counting rules
 * and the CSV and JSON forms of a report. GLib only. */
#pragma once

#include <cairo.h>
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
  char *target_source;     /* (nullable) the target's own source: "Quyết định 1565/QĐ-TTg (2025-07-18)" */
  char *target_note;       /* (nullable) with a target, what it covers; without one, why there is none */
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
  GPtrArray *dossiers;     /* (element-type McReportDossier): what it was computed from (a reference) */
  GPtrArray *late_reasons; /* (nullable) (element-type McReportLate): why each late dossier was late,
                            * in the order of @late, once mc_report_explain_late() ran */
} McReport;

/* Why a dossier was late: the procedure step that overran its share of
 * the time limit most, and by how many working days; how many working
 * days after the original appointment it was finished. */
typedef struct
{
  const McReportDossier *dossier; /* points into the report's dossiers */
  char *step_id;           /* (nullable): no step overran its share (e.g. two supplement requests) */
  char *step_name;
  double step_overrun_days;
  double late_days;        /* 0 when finished before the appointment (late by supplements) */
} McReportLate;

/* Twelve months of the on-time and online shares, for the charts. */
typedef struct
{
  gint64 first_month;      /* first second of the first month */
  double on_time[12];      /* per cent, NAN for a month with nothing finished */
  double online[12];       /* per cent, NAN for a month with nothing received */
} McReportMonths;

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

void            mc_report_months         (McReport         *report,
                                          McReportMonths   *months);
gboolean        mc_report_explain_late   (McReport         *report,
                                          McDesk           *desk,
                                          GError          **error);
const McReportLate *mc_report_find_late  (McReport         *report,
                                          const char       *code);
void            mc_report_draw_indicators (McReport        *report,
                                          cairo_t          *cr,
                                          double            width,
                                          double            height);
void            mc_report_draw_months    (const McReportMonths *months,
                                          double            target,
                                          cairo_t          *cr,
                                          double            width,
                                          double            height);

void            mc_report_to_json        (McReport         *report,
                                          JsonBuilder      *builder);
char           *mc_report_to_csv         (McReport         *report,
                                          gsize            *length);
gboolean        mc_report_write_xlsx     (McReport         *report,
                                          const char       *path,
                                          GError          **error);
McSlipData     *mc_report_to_slip_data   (McReport         *report,
                                          const McOffice   *office);
char           *mc_report_late_step_text (const McReportDossier *dossier,
                                          const McReportLate    *why);
gboolean        mc_report_write_pdf      (McReport         *report,
                                          const McOffice   *office,
                                          const char       *path,
                                          GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McReport, mc_report_free)

G_END_DECLS
