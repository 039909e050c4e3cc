/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The printable report: the indicators and the time saved online as
 * tables under the national-standard header, laid out by the slips'
 * template engine (app/forms) from data/reports/kpi-report.json, so the
 * header, fonts and page numbers are those of the official slips.
 * Numbers are written the Vietnamese way (50,0 %). */
#define G_LOG_DOMAIN "motcua-reports"

#include "config.h"

#include <math.h>

#include "mc-core.h"
#include "domain/mc-state.h"
#include "forms/mc-slip.h"
#include "mc-report.h"

/* "42,9 %", or "—" when there is nothing to show. */
static char *
vn_percent (double value)
{
  g_autofree char *text = NULL;

  if (isnan (value))
    return g_strdup ("—");
  text = g_strdup_printf ("%.1f", value);
  g_strdelimit (text, ".", ',');

  return g_strdup_printf ("%s %%", text);
}

static char *
vn_number (double value)
{
  char *text;

  if (isnan (value))
    return g_strdup ("—");
  text = g_strdup_printf ("%.1f", value);
  g_strdelimit (text, ".", ',');

  return text;
}

static char *
iso_day (gint64 at)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (at);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, mc_vietnam_time_zone ());

  return g_date_time_format (local, "%Y-%m-%d");
}

/**
 * mc_report_to_slip_data:
 * @report: a report
 * @office: (nullable): the office the header names
 *
 * Returns: (transfer full): the fields and tables kpi-report.json prints
 */
McSlipData *
mc_report_to_slip_data (McReport       *report,
                        const McOffice *office)
{
  McSlipData *data = mc_slip_data_new ();
  g_autofree char *from = iso_day (report->from);
  g_autofree char *to = iso_day (report->to - 1);

  if (office != NULL)
    {
      mc_slip_data_set (data, "office_parent", office->parent);
      mc_slip_data_set (data, "office_name", office->name);
      mc_slip_data_set (data, "office_place", office->place);
    }
  mc_slip_data_set (data, "period_from", from);
  mc_slip_data_set (data, "period_to", to);

  for (guint i = 0; i < report->figures->len; i++)
    {
      McReportFigure *f = g_ptr_array_index (report->figures, i);
      g_autofree char *number = g_strdup_printf ("%u", i + 1);
      g_autofree char *value = f->computable ? vn_percent (f->value) : g_strdup ("Chưa tính được");
      g_autofree char *counts = f->computable && f->denominator > 0
        ? g_strdup_printf ("%u/%u", f->numerator, f->denominator) : g_strdup ("—");
      g_autofree char *target = g_strdup ("");

      if (f->has_target)
        {
          g_autofree char *inner = vn_percent (f->target);

          g_free (target);
          target = g_strdup_printf ("≥ %s", inner);
        }
      mc_slip_data_append_row (data, "indicators", "number", number, "name", f->name_vi,
                               "value", value, "counts", counts, "target", target,
                               "source", f->source, NULL);
    }

  for (guint i = 0; i < report->time_saved->len; i++)
    {
      McReportTimeSaved *t = g_ptr_array_index (report->time_saved, i);
      g_autofree char *procedure = g_strdup_printf ("%s — %s", t->procedure_code, t->procedure_name);
      g_autofree char *online = g_strdup_printf ("%u", t->online_count);
      g_autofree char *in_person = g_strdup_printf ("%u", t->in_person_count);
      g_autofree char *online_hours = vn_number (t->online_hours);
      g_autofree char *in_person_hours = vn_number (t->in_person_hours);
      g_autofree char *saved = vn_percent (t->saved_percent);

      mc_slip_data_append_row (data, "time_saved", "procedure", procedure, "online_count", online,
                               "in_person_count", in_person, "online_hours", online_hours,
                               "in_person_hours", in_person_hours, "saved", saved, NULL);
    }

  return data;
}

/**
 * mc_report_write_pdf:
 * @report: a report
 * @office: (nullable): the office the header names
 * @path: the PDF file to write
 * @error: where to put a failure
 *
 * Returns: %TRUE when @path was written
 */
gboolean
mc_report_write_pdf (McReport        *report,
                     const McOffice  *office,
                     const char      *path,
                     GError         **error)
{
  g_autofree char *template_path = g_build_filename (mc_core_get_data_dir (), "reports", "kpi-report.json", NULL);
  g_autoptr(McSlipTemplate) tmpl = mc_slip_template_load_file (template_path, error);
  g_autoptr(McSlipData) data = NULL;

  if (tmpl == NULL)
    return FALSE;
  data = mc_report_to_slip_data (report, office);

  return mc_slip_template_render_to_file (tmpl, data, path, NULL, error);
}
