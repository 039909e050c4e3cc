/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Counting the service indicators. Each figure is a numerator over a
 * denominator of dossiers, keeping the codes on both sides so a figure can
 * be opened to the dossiers behind it; the time saved online is an average
 * per procedure. Definitions, sources and targets are read from
 * data/reports/indicators.json, never written here. */
#define G_LOG_DOMAIN "motcua-reports"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "mc-core.h"
#include "domain/mc-state.h"
#include "mc-report.h"

G_DEFINE_QUARK (mc-report-error-quark, mc_report_error)

static void
figure_free (McReportFigure *figure)
{
  g_free (figure->id);
  g_free (figure->name_vi);
  g_free (figure->name_en);
  g_free (figure->source);
  g_free (figure->target_source);
  g_free (figure->target_note);
  g_clear_pointer (&figure->included, g_ptr_array_unref);
  g_clear_pointer (&figure->excluded, g_ptr_array_unref);
  g_free (figure);
}

static void
time_saved_free (McReportTimeSaved *row)
{
  g_free (row->procedure_code);
  g_free (row->procedure_name);
  g_free (row);
}

void
mc_report_free (McReport *report)
{
  if (report == NULL)
    return;

  g_clear_pointer (&report->figures, g_ptr_array_unref);
  g_clear_pointer (&report->time_saved, g_ptr_array_unref);
  g_clear_pointer (&report->late, g_ptr_array_unref);
  g_clear_pointer (&report->late_reasons, g_ptr_array_unref);
  g_clear_pointer (&report->dossiers, g_ptr_array_unref);
  g_free (report);
}

McReportFigure *
mc_report_get_figure (McReport   *report,
                      const char *id)
{
  for (guint i = 0; i < report->figures->len; i++)
    {
      McReportFigure *figure = g_ptr_array_index (report->figures, i);

      if (g_strcmp0 (figure->id, id) == 0)
        return figure;
    }

  return NULL;
}

/**
 * mc_report_dossier_on_time:
 * @dossier: a finished dossier
 *
 * On time: finished on or before the original appointment (the clock was
 * paused during a supplement, so that time is not counted) with at most
 * one supplement request. An apology's new appointment is not looked at.
 * A dossier that never got an appointment (refused at reception) is on
 * time.
 */
gboolean
mc_report_dossier_on_time (const McReportDossier *dossier)
{
  if (dossier->supplement_count > 1)
    return FALSE;
  if (dossier->due_at == 0)
    return TRUE;

  return dossier->finished_at <= dossier->due_at;
}

static gboolean
in_period (gint64 at,
           gint64 from,
           gint64 to)
{
  return at > 0 && at >= from && at < to;
}

static gboolean
has_result (const McReportDossier *dossier)
{
  return dossier->state == MC_STATE_DONE || dossier->state == MC_STATE_RETURNED;
}

/* The period's last day in Vietnam, "YYYY-MM-DD": the day whose targets
 * apply. */
static char *
period_last_day (gint64 to)
{
  g_autoptr(GDateTime) last = g_date_time_new_from_unix_utc (to - 1);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (last, mc_vietnam_time_zone ());

  return g_date_time_format (local, "%Y-%m-%d");
}

static char *
source_text (JsonObject *source)
{
  return g_strdup_printf ("%s (%s)", json_object_get_string_member_with_default (source, "document", "?"),
                          json_object_get_string_member_with_default (source, "date", "?"));
}

/* Whether a target applies on @day: the day is in its "year", or on or
 * after its "from" and not after its "until" (ISO days compare as text). */
static gboolean
target_applies (JsonObject *target,
                const char *day)
{
  const char *from = json_object_get_string_member_with_default (target, "from", NULL);
  const char *until = json_object_get_string_member_with_default (target, "until", NULL);

  if (json_object_has_member (target, "year"))
    return json_object_get_int_member (target, "year") == g_ascii_strtoll (day, NULL, 10);

  return from != NULL && strcmp (day, from) >= 0 && (until == NULL || strcmp (day, until) <= 0);
}

static McReportFigure *
figure_from_json (JsonObject *object,
                  const char *day)
{
  McReportFigure *figure = g_new0 (McReportFigure, 1);
  JsonObject *name = json_object_get_object_member (object, "name");
  JsonObject *source = json_object_get_object_member (object, "source");
  JsonArray *targets = json_object_has_member (object, "targets")
    ? json_object_get_array_member (object, "targets") : NULL;

  figure->id = g_strdup (json_object_get_string_member (object, "id"));
  figure->name_vi = g_strdup (json_object_get_string_member (name, "vi"));
  figure->name_en = g_strdup (json_object_get_string_member (name, "en"));
  figure->source = source_text (source);
  figure->secondary = json_object_get_boolean_member_with_default (source, "formula_secondary", TRUE);
  figure->computable = json_object_get_boolean_member_with_default (object, "computable", TRUE);
  figure->value = NAN;
  figure->included = g_ptr_array_new_with_free_func (g_free);
  figure->excluded = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; targets != NULL && i < json_array_get_length (targets); i++)
    {
      JsonObject *target = json_array_get_object_element (targets, i);

      if (target != NULL && target_applies (target, day))
        {
          figure->has_target = TRUE;
          figure->target = json_object_get_double_member (target, "at_least");
          g_free (figure->target_source);
          figure->target_source = json_object_has_member (target, "source")
            ? source_text (json_object_get_object_member (target, "source")) : g_strdup (figure->source);
          g_free (figure->target_note);
          figure->target_note = g_strdup (json_object_get_string_member_with_default (target, "note", NULL));
        }
    }
  if (!figure->has_target)
    figure->target_note = g_strdup (json_object_get_string_member_with_default (object, "no_target", NULL));

  return figure;
}

static GPtrArray *
load_figures (const char  *path,
              const char  *day,
              GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) figures = g_ptr_array_new_with_free_func ((GDestroyNotify) figure_free);
  JsonObject *root;
  JsonArray *list;

  if (!json_parser_load_from_file (parser, path, error))
    {
      g_prefix_error (error, _("Cannot read the indicators file %s: "), path);
      return NULL;
    }
  root = JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))
    ? json_node_get_object (json_parser_get_root (parser)) : NULL;
  list = root != NULL && json_object_has_member (root, "indicators")
    ? json_object_get_array_member (root, "indicators") : NULL;
  if (list == NULL)
    {
      g_set_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_DATA,
                   _("The indicators file %s has no list of indicators."), path);
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

      if (object == NULL || !json_object_has_member (object, "id") ||
          !json_object_has_member (object, "name") || !json_object_has_member (object, "source"))
        {
          g_set_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_DATA,
                       _("Indicator %u of %s lacks an id, a name or a source."), i + 1, path);
          return NULL;
        }
      g_ptr_array_add (figures, figure_from_json (object, day));
    }

  return g_steal_pointer (&figures);
}

static void
count (McReportFigure        *figure,
       const McReportDossier *dossier,
       gboolean               in_numerator)
{
  if (figure == NULL || !figure->computable)
    return;

  figure->denominator++;
  if (in_numerator)
    {
      figure->numerator++;
      g_ptr_array_add (figure->included, g_strdup (dossier->code));
    }
  else
    {
      g_ptr_array_add (figure->excluded, g_strdup (dossier->code));
    }
}

typedef struct
{
  char *name;
  guint n[2];
  double seconds[2];
  GPtrArray *codes[2];
} Durations;

static void
durations_free (Durations *durations)
{
  g_free (durations->name);
  g_ptr_array_unref (durations->codes[0]);
  g_ptr_array_unref (durations->codes[1]);
  g_free (durations);
}

/* QĐ 1565: per procedure, the average time from reception to finish of
 * online dossiers against in-person ones; the figure is the mean of the
 * reductions over the procedures that have both. */
static void
compute_time_saved (McReport       *report,
                    GHashTable     *by_procedure,
                    McReportFigure *figure)
{
  g_autoptr(GList) codes = g_list_sort (g_hash_table_get_keys (by_procedure), (GCompareFunc) g_strcmp0);
  double sum = 0;
  guint n = 0;

  for (GList *l = codes; l != NULL; l = l->next)
    {
      Durations *d = g_hash_table_lookup (by_procedure, l->data);
      McReportTimeSaved *row = g_new0 (McReportTimeSaved, 1);

      row->procedure_code = g_strdup (l->data);
      row->procedure_name = g_strdup (d->name);
      row->online_count = d->n[1];
      row->in_person_count = d->n[0];
      row->online_hours = d->n[1] > 0 ? d->seconds[1] / d->n[1] / 3600.0 : NAN;
      row->in_person_hours = d->n[0] > 0 ? d->seconds[0] / d->n[0] / 3600.0 : NAN;
      row->saved_percent = NAN;
      if (d->n[0] > 0 && d->n[1] > 0 && row->in_person_hours > 0)
        {
          row->saved_percent = 100.0 * (1.0 - row->online_hours / row->in_person_hours);
          sum += row->saved_percent;
          n++;
          if (figure != NULL)
            {
              for (guint i = 0; i < d->codes[1]->len; i++)
                g_ptr_array_add (figure->included, g_strdup (g_ptr_array_index (d->codes[1], i)));
              for (guint i = 0; i < d->codes[0]->len; i++)
                g_ptr_array_add (figure->excluded, g_strdup (g_ptr_array_index (d->codes[0], i)));
            }
        }
      g_ptr_array_add (report->time_saved, row);
    }

  if (figure != NULL)
    {
      figure->numerator = figure->included->len;
      figure->denominator = figure->included->len + figure->excluded->len;
      figure->value = n > 0 ? sum / n : NAN;
    }
}

/**
 * mc_report_compute_with:
 * @dossiers: (element-type McReportDossier): what mc_desk_report_dossiers() listed
 * @from: first second of the period
 * @to: first second after it
 * @indicators_path: the indicators' definitions (data/reports/indicators.json)
 * @error: where to put a failure
 *
 * Returns: (transfer full): the report, or %NULL with @error set when the
 *   definitions cannot be read
 */
McReport *
mc_report_compute_with (GPtrArray   *dossiers,
                        gint64       from,
                        gint64       to,
                        const char  *indicators_path,
                        GError     **error)
{
  g_autoptr(McReport) report = g_new0 (McReport, 1);
  g_autoptr(GHashTable) by_procedure = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                              (GDestroyNotify) durations_free);
  g_autofree char *last_day = period_last_day (to);
  McReportFigure *on_time, *online, *digitised, *electronic, *satisfaction, *fully_online;

  report->from = from;
  report->to = to;
  report->figures = load_figures (indicators_path, last_day, error);
  if (report->figures == NULL)
    return NULL;
  report->time_saved = g_ptr_array_new_with_free_func ((GDestroyNotify) time_saved_free);
  report->late = g_ptr_array_new ();
  report->dossiers = dossiers != NULL ? g_ptr_array_ref (dossiers) : g_ptr_array_new ();

  on_time = mc_report_get_figure (report, "on-time");
  online = mc_report_get_figure (report, "online");
  digitised = mc_report_get_figure (report, "digitised");
  electronic = mc_report_get_figure (report, "electronic-results");
  satisfaction = mc_report_get_figure (report, "satisfaction");
  fully_online = mc_report_get_figure (report, "fully-online");

  for (guint i = 0; dossiers != NULL && i < dossiers->len; i++)
    {
      const McReportDossier *d = g_ptr_array_index (dossiers, i);

      if (in_period (d->received_at, from, to))
        {
          count (online, d, d->channel == 2);
          count (digitised, d, d->has_component_file && d->all_components_filed && d->has_result_file);
          count (fully_online, d, d->channel == 2 && d->has_result_file);
        }
      if (in_period (d->finished_at, from, to))
        {
          gboolean ok = mc_report_dossier_on_time (d);

          count (on_time, d, ok);
          count (satisfaction, d, ok);
          if (!ok)
            g_ptr_array_add (report->late, (gpointer) d);
          if (has_result (d))
            count (electronic, d, d->has_result_file);
          if (has_result (d) && d->received_at > 0 && (d->channel == 1 || d->channel == 2))
            {
              Durations *durations = g_hash_table_lookup (by_procedure, d->procedure_code);
              guint k = d->channel == 2 ? 1 : 0;

              if (durations == NULL)
                {
                  durations = g_new0 (Durations, 1);
                  durations->name = g_strdup (d->procedure_name);
                  durations->codes[0] = g_ptr_array_new ();
                  durations->codes[1] = g_ptr_array_new ();
                  g_hash_table_insert (by_procedure, g_strdup (d->procedure_code), durations);
                }
              durations->n[k]++;
              durations->seconds[k] += (double) (d->finished_at - d->received_at);
              g_ptr_array_add (durations->codes[k], d->code);
            }
        }
    }

  for (guint i = 0; i < report->figures->len; i++)
    {
      McReportFigure *figure = g_ptr_array_index (report->figures, i);

      if (figure->computable && figure->denominator > 0)
        figure->value = 100.0 * figure->numerator / figure->denominator;
    }
  /* 100 % − late rate − complaint rate; no complaints are recorded, so the
   * complaint rate is 0 and the proxy equals the on-time rate. */
  compute_time_saved (report, by_procedure, mc_report_get_figure (report, "time-saved-online"));

  return g_steal_pointer (&report);
}

/**
 * mc_report_compute:
 *
 * As mc_report_compute_with(), with the indicators installed with the
 * application. The report keeps a reference to @dossiers; its late list
 * points into it.
 */
McReport *
mc_report_compute (GPtrArray  *dossiers,
                   gint64      from,
                   gint64      to,
                   GError    **error)
{
  g_autofree char *path = g_build_filename (mc_core_get_data_dir (), "reports", "indicators.json", NULL);

  return mc_report_compute_with (dossiers, from, to, path, error);
}

/**
 * mc_report_months:
 * @report: a report
 * @months: (out caller-allocates): the twelve months ending with the
 *   period's last month
 *
 * The on-time share of the dossiers finished in each month and the online
 * share of those received in it, counted from the dossiers the report was
 * computed from (a month they do not cover comes out empty), by the same
 * rules as the figures.
 */
void
mc_report_months (McReport       *report,
                  McReportMonths *months)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (report->to - 1);
  g_autoptr(GDateTime) last = g_date_time_to_timezone (utc, mc_vietnam_time_zone ());
  g_autoptr(GDateTime) last_first = g_date_time_new (mc_vietnam_time_zone (), g_date_time_get_year (last),
                                                     g_date_time_get_month (last), 1, 0, 0, 0);
  g_autoptr(GDateTime) start = g_date_time_add_months (last_first, -11);
  gint64 bounds[13];
  guint on_time[12] = { 0 }, finished[12] = { 0 }, online[12] = { 0 }, received[12] = { 0 };

  for (int m = 0; m <= 12; m++)
    {
      g_autoptr(GDateTime) first = g_date_time_add_months (start, m);

      bounds[m] = g_date_time_to_unix (first);
    }
  months->first_month = bounds[0];

  for (guint i = 0; i < report->dossiers->len; i++)
    {
      const McReportDossier *d = g_ptr_array_index (report->dossiers, i);

      for (int m = 0; m < 12; m++)
        {
          if (in_period (d->finished_at, bounds[m], bounds[m + 1]))
            {
              finished[m]++;
              on_time[m] += mc_report_dossier_on_time (d) ? 1 : 0;
            }
          if (in_period (d->received_at, bounds[m], bounds[m + 1]))
            {
              received[m]++;
              online[m] += d->channel == 2 ? 1 : 0;
            }
        }
    }
  for (int m = 0; m < 12; m++)
    {
      months->on_time[m] = finished[m] > 0 ? 100.0 * on_time[m] / finished[m] : NAN;
      months->online[m] = received[m] > 0 ? 100.0 * online[m] / received[m] : NAN;
    }
}
