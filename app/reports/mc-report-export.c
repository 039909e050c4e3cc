/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A report's machine-readable forms: JSON for `motcua-cli --json report
 * kpi` and CSV in UTF-8 with a byte-order mark, so spreadsheet programs
 * read the Vietnamese names. Numbers in the CSV use a dot and one decimal,
 * which every spreadsheet parses whatever its locale. */
#define G_LOG_DOMAIN "motcua-reports"

#include "config.h"

#include <math.h>

#include "domain/mc-state.h"
#include "mc-report.h"

static void
add_double (JsonBuilder *builder,
            const char  *key,
            double       value)
{
  json_builder_set_member_name (builder, key);
  if (isnan (value))
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, round (value * 10.0) / 10.0);
}

static void
add_codes (JsonBuilder *builder,
           const char  *key,
           GPtrArray   *codes)
{
  json_builder_set_member_name (builder, key);
  json_builder_begin_array (builder);
  for (guint i = 0; i < codes->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (codes, i));
  json_builder_end_array (builder);
}

static char *
day_text (gint64 at)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (at);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, mc_vietnam_time_zone ());

  return g_date_time_format (local, "%Y-%m-%dT%H:%M");
}

/**
 * mc_report_to_json:
 * @report: a report
 * @builder: where to add one object: the period, each figure with the codes
 *   behind it, the time saved per procedure and the late dossiers
 */
void
mc_report_to_json (McReport    *report,
                   JsonBuilder *builder)
{
  g_autofree char *from = day_text (report->from);
  g_autofree char *to = day_text (report->to);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "from");
  json_builder_add_string_value (builder, from);
  json_builder_set_member_name (builder, "to");
  json_builder_add_string_value (builder, to);

  json_builder_set_member_name (builder, "indicators");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->figures->len; i++)
    {
      McReportFigure *f = g_ptr_array_index (report->figures, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, f->id);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, f->name_vi);
      json_builder_set_member_name (builder, "source");
      json_builder_add_string_value (builder, f->source);
      json_builder_set_member_name (builder, "formula_secondary");
      json_builder_add_boolean_value (builder, f->secondary);
      json_builder_set_member_name (builder, "computable");
      json_builder_add_boolean_value (builder, f->computable);
      json_builder_set_member_name (builder, "numerator");
      json_builder_add_int_value (builder, f->numerator);
      json_builder_set_member_name (builder, "denominator");
      json_builder_add_int_value (builder, f->denominator);
      add_double (builder, "value", f->value);
      add_double (builder, "target", f->has_target ? f->target : NAN);
      json_builder_set_member_name (builder, "target_source");
      if (f->target_source != NULL)
        json_builder_add_string_value (builder, f->target_source);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "target_note");
      if (f->target_note != NULL)
        json_builder_add_string_value (builder, f->target_note);
      else
        json_builder_add_null_value (builder);
      add_codes (builder, "included", f->included);
      add_codes (builder, "excluded", f->excluded);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "time_saved");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->time_saved->len; i++)
    {
      McReportTimeSaved *t = g_ptr_array_index (report->time_saved, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "procedure");
      json_builder_add_string_value (builder, t->procedure_code);
      json_builder_set_member_name (builder, "online_count");
      json_builder_add_int_value (builder, t->online_count);
      json_builder_set_member_name (builder, "in_person_count");
      json_builder_add_int_value (builder, t->in_person_count);
      add_double (builder, "online_hours", t->online_hours);
      add_double (builder, "in_person_hours", t->in_person_hours);
      add_double (builder, "saved_percent", t->saved_percent);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "late");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->late->len; i++)
    {
      McReportDossier *d = g_ptr_array_index (report->late, i);
      g_autofree char *due = day_text (d->due_at);
      g_autofree char *finished = day_text (d->finished_at);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, d->code);
      json_builder_set_member_name (builder, "due");
      json_builder_add_string_value (builder, due);
      json_builder_set_member_name (builder, "finished");
      json_builder_add_string_value (builder, finished);
      json_builder_set_member_name (builder, "supplements");
      json_builder_add_int_value (builder, d->supplement_count);
      json_builder_set_member_name (builder, "apologies");
      json_builder_add_int_value (builder, d->apology_count);
      json_builder_set_member_name (builder, "new_due");
      if (d->new_due_at > 0)
        {
          g_autofree char *new_due = day_text (d->new_due_at);

          json_builder_add_string_value (builder, new_due);
        }
      else
        {
          json_builder_add_null_value (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* A CSV field, quoted when it holds a separator, a quote or a line break. */
static void
csv_field (GString    *out,
           const char *text)
{
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
csv_number (GString *out,
            double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isnan (value))
    g_string_append (out, g_ascii_formatd (buffer, sizeof buffer, "%.1f", value));
}

/**
 * mc_report_to_csv:
 * @report: a report
 * @length: (out) (optional): its length in bytes
 *
 * One row per indicator (id, Vietnamese name, numerator, denominator,
 * value %, target %, source, the target's source or why there is none),
 * then one row per procedure for the time
 * saved online. UTF-8 with a byte-order mark, CRLF line ends (RFC 4180).
 *
 * Returns: (transfer full): the CSV text
 */
char *
mc_report_to_csv (McReport *report,
                  gsize    *length)
{
  GString *out = g_string_new ("\xEF\xBB\xBF");

  g_string_append (out, "id,chi_so,tu_so,mau_so,gia_tri_phan_tram,muc_tieu_phan_tram,nguon,nguon_muc_tieu\r\n");
  for (guint i = 0; i < report->figures->len; i++)
    {
      McReportFigure *f = g_ptr_array_index (report->figures, i);

      csv_field (out, f->id);
      g_string_append_c (out, ',');
      csv_field (out, f->name_vi);
      if (f->computable)
        g_string_append_printf (out, ",%u,%u,", f->numerator, f->denominator);
      else
        g_string_append (out, ",,,");
      csv_number (out, f->value);
      g_string_append_c (out, ',');
      csv_number (out, f->has_target ? f->target : NAN);
      g_string_append_c (out, ',');
      csv_field (out, f->source);
      g_string_append_c (out, ',');
      {
        const char *why = f->has_target ? f->target_source : f->target_note;

        csv_field (out, why != NULL ? why : "");
      }
      g_string_append (out, "\r\n");
    }

  g_string_append (out, "\r\nthu_tuc,ten_thu_tuc,so_truc_tuyen,so_truc_tiep,gio_truc_tuyen,gio_truc_tiep,tiet_kiem_phan_tram\r\n");
  for (guint i = 0; i < report->time_saved->len; i++)
    {
      McReportTimeSaved *t = g_ptr_array_index (report->time_saved, i);

      csv_field (out, t->procedure_code);
      g_string_append_c (out, ',');
      csv_field (out, t->procedure_name);
      g_string_append_printf (out, ",%u,%u,", t->online_count, t->in_person_count);
      csv_number (out, t->online_hours);
      g_string_append_c (out, ',');
      csv_number (out, t->in_person_hours);
      g_string_append_c (out, ',');
      csv_number (out, t->saved_percent);
      g_string_append (out, "\r\n");
    }

  if (length != NULL)
    *length = out->len;

  return g_string_free (out, FALSE);
}
