/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Why a dossier was late. Each procedure gives each of its internal steps
 * a share of its time limit (mc_procedure_get_step()); the dossier's
 * timeline says when each step was done. The working time between two
 * entries of the timeline is charged to the step the later entry
 * completes (time under a supplement request is not counted: the clock
 * was stopped), and the step that went furthest past its share is the
 * one that overran. Working time is measured with the desk's calendar,
 * so nights, weekends and holidays do not count. */
#define G_LOG_DOMAIN "motcua-reports"

#include "config.h"

#include <math.h>

#include "domain/mc-procedure.h"
#include "domain/mc-state.h"
#include "store/mc-desk-reference.h"
#include "mc-report.h"

/* The workflow's steps (data/workflow/one-stop.json, a timeline entry's
 * step_after) and the procedure step each one completes, with the step
 * to charge instead when the procedure does not list the first (the
 * shorter catalogue entries have no "forward", "submit" or "seal"). */
static const struct
{
  const char *workflow_step;
  const char *procedure_step;
  const char *fallback;
} step_map[] = {
  { "forwarded", "forward", "reception" },
  { "reviewed", "review", NULL },
  { "leader", "submit", "review" },
  { "approved", "sign", NULL },
  { "rework", "review", NULL },
  { "signed", "sign", NULL },
  { "sealed", "seal", "sign" },
  { "ready", "return", NULL },
};

static const McProcedureStep *
find_step (McProcedure *procedure,
           const char  *id)
{
  for (guint i = 0; id != NULL && i < mc_procedure_get_n_steps (procedure); i++)
    {
      const McProcedureStep *step = mc_procedure_get_step (procedure, i);

      if (g_strcmp0 (step->id, id) == 0)
        return step;
    }

  return NULL;
}

static const McProcedureStep *
step_completed_by (McProcedure *procedure,
                   const char  *workflow_step)
{
  for (guint i = 0; workflow_step != NULL && i < G_N_ELEMENTS (step_map); i++)
    if (g_str_equal (step_map[i].workflow_step, workflow_step))
      {
        const McProcedureStep *step = find_step (procedure, step_map[i].procedure_step);

        return step != NULL ? step : find_step (procedure, step_map[i].fallback);
      }

  return NULL;
}

static void
late_free (McReportLate *late)
{
  g_free (late->step_id);
  g_free (late->step_name);
  g_free (late);
}

static McReportLate *
explain (McDesk                *desk,
         const McReportDossier *d,
         GError               **error)
{
  g_autoptr(McDossier) dossier = mc_desk_load_dossier (desk, d->code, error);
  g_autoptr(McProcedure) procedure = NULL;
  McCalendar *calendar = mc_desk_get_calendar (desk);
  double day = (double) mc_calendar_get_working_day_seconds (calendar);
  g_autofree double *spent = NULL;
  McReportLate *late;
  gint64 pending = 0;
  double worst = 0;
  guint n_steps;

  if (dossier == NULL)
    return NULL;
  procedure = mc_desk_load_procedure (desk, d->procedure_code, error);
  if (procedure == NULL)
    return NULL;

  late = g_new0 (McReportLate, 1);
  late->dossier = d;
  if (d->due_at > 0 && d->finished_at > d->due_at)
    late->late_days = mc_calendar_working_seconds_between (calendar, d->due_at, d->finished_at, NULL) / day;

  n_steps = mc_procedure_get_n_steps (procedure);
  spent = g_new0 (double, MAX (n_steps, 1));
  for (guint i = 1; dossier->timeline != NULL && i < dossier->timeline->len; i++)
    {
      McTimelineEntry *before = g_ptr_array_index (dossier->timeline, i - 1);
      McTimelineEntry *entry = g_ptr_array_index (dossier->timeline, i);
      const McProcedureStep *step;
      gint64 end = MIN (entry->at, d->finished_at);

      if (before->at >= d->finished_at)
        break;
      if (before->state_after != MC_STATE_SUPPLEMENT && end > before->at)
        pending += mc_calendar_working_seconds_between (calendar, before->at, end, NULL);
      /* A step is done when the timeline moves to another step; entries
       * that keep the step (an apology, a supplement) do not end it. */
      step = g_strcmp0 (entry->step_after, before->step_after) != 0
        ? step_completed_by (procedure, entry->step_after) : NULL;
      if (step != NULL)
        {
          for (guint k = 0; k < n_steps; k++)
            if (mc_procedure_get_step (procedure, k) == step)
              spent[k] += (double) pending;
          pending = 0;
        }
    }

  for (guint k = 0; k < n_steps; k++)
    {
      const McProcedureStep *step = mc_procedure_get_step (procedure, k);
      double overrun = (spent[k] - step->share * mc_procedure_get_working_days (procedure) * day) / day;

      if (overrun > worst)
        {
          worst = overrun;
          g_free (late->step_id);
          g_free (late->step_name);
          late->step_id = g_strdup (step->id);
          late->step_name = g_strdup (step->name);
          late->step_overrun_days = overrun;
        }
    }

  return late;
}

/**
 * mc_report_explain_late:
 * @report: a report
 * @desk: the desk its dossiers came from
 * @error: where to put a failure
 *
 * Fills @report's late_reasons, one per late dossier. Reads each late
 * dossier's timeline and procedure through @desk.
 *
 * Returns: %TRUE on success
 */
gboolean
mc_report_explain_late (McReport  *report,
                        McDesk    *desk,
                        GError   **error)
{
  g_autoptr(GPtrArray) reasons = g_ptr_array_new_with_free_func ((GDestroyNotify) late_free);

  for (guint i = 0; i < report->late->len; i++)
    {
      McReportLate *late = explain (desk, g_ptr_array_index (report->late, i), error);

      if (late == NULL)
        return FALSE;
      g_ptr_array_add (reasons, late);
    }
  g_clear_pointer (&report->late_reasons, g_ptr_array_unref);
  report->late_reasons = g_steal_pointer (&reasons);

  return TRUE;
}

/**
 * mc_report_find_late:
 * @report: a report whose late dossiers were explained
 * @code: a dossier code
 *
 * Returns: (nullable) (transfer none): why @code was late, or %NULL
 */
const McReportLate *
mc_report_find_late (McReport   *report,
                     const char *code)
{
  for (guint i = 0; report->late_reasons != NULL && i < report->late_reasons->len; i++)
    {
      const McReportLate *late = g_ptr_array_index (report->late_reasons, i);

      if (g_strcmp0 (late->dossier->code, code) == 0)
        return late;
    }

  return NULL;
}
