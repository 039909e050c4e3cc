/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The printable report: the indicators and the time saved online as
 * tables under the national-standard header, laid out by the slips'
 * template engine (app/forms) from data/reports/kpi-report.json, so the
 * header, fonts and page numbers are those of the official slips.
 * Numbers are written the Vietnamese way (50,0 %). */
#define G_LOG_DOMAIN "motcua-reports"

#include "config.h"

#include <cairo-pdf.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "mc-core.h"
#include "domain/mc-state.h"
#include "forms/mc-slip.h"
#include "forms/mc-slip-private.h"
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
vn_day (gint64 at)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (at <= 0)
    return g_strdup ("—");
  utc = g_date_time_new_from_unix_utc (at);
  local = g_date_time_to_timezone (utc, mc_vietnam_time_zone ());
  return g_date_time_format (local, "%d/%m/%Y");
}

/**
 * mc_report_late_step_text:
 * @dossier: a late dossier
 * @why: (nullable): why it was late
 *
 * Returns: (transfer full): the step that overran and by how much, in
 *   Vietnamese ("Trả kết quả: quá 3,2 ngày làm việc"), or the second
 *   supplement request when no step overran
 */
char *
mc_report_late_step_text (const McReportDossier *dossier,
                          const McReportLate    *why)
{
  if (why != NULL && why->step_id != NULL)
    {
      g_autofree char *days = vn_number (why->step_overrun_days);

      return g_strdup_printf ("%s: quá %s ngày làm việc", why->step_name, days);
    }
  if (dossier->supplement_count > 1)
    return g_strdup_printf ("Yêu cầu bổ sung %u lần", dossier->supplement_count);

  return g_strdup ("—");
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
      g_autofree char *target = NULL;
      g_autofree char *source = NULL;

      if (f->has_target)
        {
          g_autofree char *inner = vn_percent (f->target);

          target = g_strdup_printf ("≥ %s", inner);
          source = g_strdup_printf ("Chỉ số: %s. Mục tiêu: %s%s%s", f->source,
                                    f->target_source != NULL ? f->target_source : f->source,
                                    f->target_note != NULL ? ": " : "",
                                    f->target_note != NULL ? f->target_note : "");
        }
      else
        {
          target = g_strdup ("—");
          source = g_strdup_printf ("Chỉ số: %s. Mục tiêu: %s", f->source,
                                    f->target_note != NULL ? f->target_note : "—");
        }
      mc_slip_data_append_row (data, "indicators", "number", number, "name", f->name_vi,
                               "value", value, "counts", counts, "target", target,
                               "source", source, NULL);
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

  for (guint i = 0; i < report->late->len; i++)
    {
      const McReportDossier *d = g_ptr_array_index (report->late, i);
      const McReportLate *why = mc_report_find_late (report, d->code);
      g_autofree char *procedure = g_strdup_printf ("%s — %s", d->procedure_code, d->procedure_name);
      g_autofree char *due = vn_day (d->due_at);
      g_autofree char *finished = vn_day (d->finished_at);
      g_autofree char *late_days = why != NULL ? vn_number (why->late_days) : g_strdup ("—");
      g_autofree char *step = mc_report_late_step_text (d, why);
      g_autofree char *apology = NULL;

      if (d->apology_count > 0 && d->new_due_at > 0)
        {
          g_autofree char *new_due = vn_day (d->new_due_at);

          apology = g_strdup_printf ("Có, %s", new_due);
        }
      else
        apology = g_strdup (d->apology_count > 0 ? "Có" : "Không");
      mc_slip_data_append_row (data, "late", "code", d->code, "procedure", procedure, "due", due,
                               "finished", finished, "late_days", late_days, "step", step,
                               "apology", apology, NULL);
    }

  return data;
}

/* The charts' page: the indicators against their targets and twelve
 * months of on-time and online shares, with their titles. */
static void
draw_charts_page (McReport       *report,
                  McSlipTemplate *tmpl,
                  cairo_t        *cr,
                  PangoContext   *pango,
                  const char     *family)
{
  double x = tmpl->margin_left, y = tmpl->margin_top;
  double width = tmpl->page_width - tmpl->margin_left - tmpl->margin_right;
  g_autoptr(PangoLayout) layout = pango_layout_new (pango);
  g_autoptr(PangoFontDescription) font = pango_font_description_new ();
  McReportFigure *fully = mc_report_get_figure (report, "fully-online");
  McReportMonths months;
  int h;

  pango_font_description_set_family (font, family);
  pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_font_description_set_absolute_size (font, 13 * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);

  cairo_set_source_rgb (cr, 0, 0, 0);
  pango_layout_set_text (layout, "Biểu đồ chỉ số so với mục tiêu", -1);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_pixel_size (layout, NULL, &h);
  y += h + 10;
  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_set_source_rgb (cr, 0, 0, 0);
  mc_report_draw_indicators (report, cr, width, 200);
  cairo_restore (cr);
  y += 200 + 28;

  pango_layout_set_text (layout, "Diễn biến theo tháng: đúng hạn và trực tuyến", -1);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_pixel_size (layout, NULL, &h);
  y += h + 10;
  mc_report_months (report, &months);
  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_set_source_rgb (cr, 0, 0, 0);
  mc_report_draw_months (&months, fully != NULL && fully->has_target ? fully->target : NAN, cr, width, 240);
  cairo_restore (cr);
  cairo_show_page (cr);
}

static cairo_status_t
write_bytes (void                *closure,
             const unsigned char *data,
             unsigned int         length)
{
  g_byte_array_append (closure, data, length);

  return CAIRO_STATUS_SUCCESS;
}

/**
 * mc_report_write_pdf:
 * @report: a report
 * @office: (nullable): the office the header names
 * @path: the PDF file to write (0600, replaced whole)
 * @error: where to put a failure
 *
 * The tables laid out by the slips' engine from kpi-report.json (the
 * national-standard header, the indicators, the time saved, the late
 * dossiers and why), then a page of charts drawn with cairo.
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
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autofree char *family = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  PangoContext *pango;
  cairo_t *cr;
  gboolean ok = FALSE;

  if (tmpl == NULL)
    return FALSE;
  data = mc_report_to_slip_data (report, office);

  surface = cairo_pdf_surface_create_for_stream (write_bytes, bytes, tmpl->page_width, tmpl->page_height);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, tmpl->name);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Một Cửa Desk " PACKAGE_VERSION);
  cr = cairo_create (surface);
  pango = mc_slip_new_pango_context (cr);
  family = mc_slip_find_font (tmpl, pango, error);
  if (family != NULL && mc_slip_layout_document (tmpl, data, cr, pango, family, NULL, error))
    {
      draw_charts_page (report, tmpl, cr, pango, family);
      ok = TRUE;
    }
  g_object_unref (pango);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (!ok)
    return FALSE;
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_DATA, "%s: %s", path, cairo_status_to_string (status));
      return FALSE;
    }

  return g_file_set_contents_full (path, (const char *) bytes->data, bytes->len,
                                  G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}
