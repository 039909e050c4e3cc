/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The workflow's actions on a dossier, each inside one SQLite transaction
 * (these functions run inside mc_store_write): the rules (McWorkflow) say
 * where the dossier goes and what happens to its clock, the calendar gives
 * the deadlines, this file applies them to the row, and mc-change.c records
 * the change (version, timeline, outbox op, audit entry). Also the
 * appointment arithmetic and the reads every change starts with, shared
 * with receptions (mc-reception-ops.c) and results (mc-result-ops.c). */
#define G_LOG_DOMAIN "motcua-workflow"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "domain/mc-state.h"
#include "mc-change.h"
#include "mc-catalogue-repo.h"
#include "mc-desk-settings.h"
#include "mc-dossier-ops.h"
#include "mc-dossier-ops-private.h"
#include "mc-store-private.h"

void
mc_stored_file_free (McStoredFile *file)
{
  if (file == NULL)
    return;

  g_free (file->component_code);
  g_free (file->name);
  g_free (file->sha256);
  g_free (file->mime);
  g_free (file);
}

static void
add_warnings (GPtrArray  *into,
              char      **warnings)
{
  if (warnings == NULL)
    return;
  for (guint i = 0; warnings[i] != NULL; i++)
    {
      gboolean seen = FALSE;

      for (guint j = 0; j < into->len; j++)
        seen = seen || g_str_equal (g_ptr_array_index (into, j), warnings[i]);
      if (!seen)
        g_ptr_array_add (into, g_strdup (warnings[i]));
    }
}

/* Appointment = start + the procedure's working days, each day being the
 * office's working hours; fractional days (same-day procedures) work too. */
static gint64
add_working_days (McCalendar *calendar,
                  gint64      start,
                  double      days,
                  GPtrArray  *warnings)
{
  g_auto(GStrv) local = NULL;
  gint64 seconds = (gint64) (days * (double) mc_calendar_get_working_day_seconds (calendar) + 0.5);
  gint64 due = mc_calendar_add_working_seconds (calendar, start, seconds, &local);

  add_warnings (warnings, local);

  return due;
}

/* "Within the day" procedures: received before the cut-off on a working
 * day, the result is due when the office closes that day; otherwise when it
 * closes on the next working day. */
static gint64
same_day_due (McCalendar *calendar,
              gint64      at,
              const char *cutoff,
              GPtrArray  *warnings)
{
  g_autoptr(GDateTime) local = mc_vietnam_from_unix (at);
  g_autoptr(GDateTime) midnight = NULL;
  g_auto(GStrv) local_warnings = NULL;
  int cutoff_h = 15, cutoff_m = 0;
  GDate date;
  gboolean today;

  if (cutoff != NULL)
    sscanf (cutoff, "%d:%d", &cutoff_h, &cutoff_m);

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (local),
                  g_date_time_get_month (local), g_date_time_get_year (local));
  today = mc_calendar_is_working_day (calendar, &date) &&
          g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local) < cutoff_h * 60 + cutoff_m;
  if (!today)
    do
      g_date_add_days (&date, 1);
    while (!mc_calendar_is_working_day (calendar, &date));

  midnight = g_date_time_new (mc_vietnam_time_zone (), g_date_get_year (&date),
                              g_date_get_month (&date), g_date_get_day (&date), 0, 0, 0);

  {
    gint64 due = mc_calendar_add_working_seconds (calendar, g_date_time_to_unix (midnight),
                                                  mc_calendar_get_working_day_seconds (calendar),
                                                  &local_warnings);
    add_warnings (warnings, local_warnings);
    return due;
  }
}

/**
 * mc_dossier_ops_appointment:
 * @calendar: the office's calendar
 * @received_at: when the complete dossier was received
 * @same_day: whether the procedure is settled within the day
 * @cutoff: (nullable): for same-day procedures, the latest reception time
 *   ("HH:MM") for a result the same day
 * @working_days: the procedure's time limit
 * @warnings: (nullable) (element-type utf8): collects the calendar's warnings
 *
 * Returns: the appointment, in Unix seconds
 */
gint64
mc_dossier_ops_appointment (McCalendar *calendar,
                            gint64      received_at,
                            gboolean    same_day,
                            const char *cutoff,
                            double      working_days,
                            GPtrArray  *warnings)
{
  g_autoptr(GPtrArray) scratch = NULL;

  g_return_val_if_fail (MC_IS_CALENDAR (calendar), 0);

  if (warnings == NULL)
    warnings = scratch = g_ptr_array_new_with_free_func (g_free);

  if (same_day)
    return same_day_due (calendar, received_at, cutoff, warnings);

  return add_working_days (calendar, received_at, working_days, warnings);
}

/* The procedure as the desk holds it, in the version in force at @at:
 * validated, with McProcedure's defaults. Unknown, it is the workflow's
 * refusal; a damaged definition keeps its own error. */
McProcedure *
mc_dossier_ops_load_procedure (sqlite3     *db,
                               const char  *code,
                               gint64       at,
                               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  McProcedure *procedure = NULL;

  if (code != NULL)
    procedure = mc_procedure_load_from_store_at (db, code, at, &local_error);
  if (procedure != NULL)
    return procedure;

  if (code == NULL || g_error_matches (local_error, MC_PROCEDURE_ERROR, MC_PROCEDURE_ERROR_NOT_FOUND))
    g_set_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_UNKNOWN_PROCEDURE,
                 _("There is no procedure “%s” in the catalogue. Pick a procedure from the list, or sync to update the catalogue."),
                 code != NULL ? code : "");
  else
    g_propagate_error (error, g_steal_pointer (&local_error));

  return NULL;
}

/* The appointment for a dossier of @procedure whose time starts at @at. */
gint64
mc_dossier_ops_procedure_appointment (McCalendar  *calendar,
                                      McProcedure *procedure,
                                      gint64       at,
                                      GPtrArray   *warnings)
{
  return mc_dossier_ops_appointment (calendar, at, mc_procedure_is_same_day (procedure),
                                     mc_procedure_get_same_day_cutoff (procedure),
                                     mc_procedure_get_working_days (procedure), warnings);
}

/* A leader approves a result, so there must be one to approve. */
static gboolean
has_result_document (sqlite3   *db,
                     gint64     dossier_id,
                     GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = mc_db_prepare (db, "SELECT EXISTS (SELECT 1 FROM dossier_file"
                                                    " WHERE dossier_id = ?1 AND role = 'result')", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, dossier_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return mc_db_set_error (db, sqlite3_errcode (db), error);

  return sqlite3_column_int (stmt, 0) != 0;
}

static McOfficer *
acting_officer (sqlite3         *db,
                McOpsContext    *ctx,
                GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  McOfficer *officer;

  if (ctx->officer_login != NULL)
    officer = mc_desk_settings_get_officer (db, ctx->officer_login, &local_error);
  else
    officer = mc_desk_settings_current_officer (db, &local_error);

  if (officer == NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));

  return officer;
}

void
mc_dossier_row_clear (McDossierRow *row)
{
  g_clear_pointer (&row->procedure_code, g_free);
  g_clear_pointer (&row->step, g_free);
  g_clear_pointer (&row->flags, g_free);
  g_clear_pointer (&row->applicant_name, g_free);
}

/* The dossier's columns every change reads before it writes, the version
 * among them. */
gboolean
mc_dossier_ops_load_row (sqlite3       *db,
                         const char    *code,
                         McDossierRow  *row,
                         GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = mc_db_prepare (db,
                        "SELECT id, state, step, version, coalesce(due_at, 0), coalesce(paused_at, 0),"
                        " remaining_seconds, coalesce(resume_state, 0), supplement_count, flags,"
                        " procedure_code, coalesce(new_due_at, 0), applicant_name FROM dossier WHERE code = ?1",
                        error);
  if (stmt == NULL)
    return FALSE;
  mc_db_bind_text (stmt, 1, code);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_NOT_FOUND,
                   _("No dossier has the code “%s”. Check the code on the receipt slip."), code);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return mc_db_set_error (db, rc, error);

  row->id = sqlite3_column_int64 (stmt, 0);
  row->state = sqlite3_column_int (stmt, 1);
  row->step = mc_db_column_dup (stmt, 2);
  row->version = sqlite3_column_int64 (stmt, 3);
  row->due_at = sqlite3_column_int64 (stmt, 4);
  row->paused_at = sqlite3_column_int64 (stmt, 5);
  row->has_remaining = sqlite3_column_type (stmt, 6) != SQLITE_NULL;
  row->remaining_seconds = sqlite3_column_int64 (stmt, 6);
  row->resume_state = sqlite3_column_int (stmt, 7);
  row->supplement_count = sqlite3_column_int (stmt, 8);
  row->flags = mc_db_column_dup (stmt, 9);
  row->procedure_code = mc_db_column_dup (stmt, 10);
  row->new_due_at = sqlite3_column_int64 (stmt, 11);
  row->applicant_name = mc_db_column_dup (stmt, 12);

  return TRUE;
}

static char *
add_flag (const char *flags,
          const char *flag)
{
  g_auto(GStrv) parts = g_strsplit (flags != NULL ? flags : "", ",", -1);

  if (g_strv_contains ((const char * const *) parts, flag))
    return g_strdup (flags);

  return flags != NULL && *flags != '\0' ? g_strconcat (flags, ",", flag, NULL) : g_strdup (flag);
}

/* An apology sets a new appointment beside the one it apologises for,
 * which stays: the dossier is late against it for good. The rules say
 * whether the apology must come before that appointment is missed
 * (refused after it) or may come later, marked. */
static gboolean
check_new_appointment (McWorkflow            *rules,
                       const McDossierRow    *row,
                       const McActionParams  *params,
                       gint64                 at,
                       gboolean              *late,
                       GError               **error)
{
  gint64 promised = row->new_due_at > 0 ? row->new_due_at : row->due_at;
  McApologyRule rule = mc_workflow_get_apology_rule (rules);

  *late = promised > 0 && at > promised && rule != MC_APOLOGY_ANY_TIME;
  if (*late && rule == MC_APOLOGY_BEFORE_DUE)
    {
      g_autofree char *when = mc_format_date_time (promised);

      g_set_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_APOLOGY_TOO_LATE,
                   _("The appointment of %s has already passed. The rules allow an apology with a new appointment only before it; the dossier stays late."),
                   when);
      return FALSE;
    }
  if (params->new_appointment <= promised || params->new_appointment <= at)
    {
      g_set_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_MISSING_APPOINTMENT,
                   _("The new appointment must be later than the current one."));
      return FALSE;
    }

  return TRUE;
}

/* What an action must be given, as the rules say. */
static gboolean
check_params (const McWorkflowAction  *action,
              const McActionParams    *params,
              GError                 **error)
{
  if (action->needs_reason && (params->reason == NULL || *params->reason == '\0'))
    {
      g_set_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_MISSING_REASON,
                   _("“%s” needs a reason, which is written on the slip and in the record."),
                   mc_workflow_action_label (action->id));
      return FALSE;
    }
  if (action->needs_department && (params->department == NULL || *params->department == '\0'))
    {
      g_set_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_MISSING_DEPARTMENT,
                   _("Choose the department the dossier goes to."));
      return FALSE;
    }
  if (action->needs_issue_number && (params->issue_number == NULL || *params->issue_number == '\0'))
    {
      g_set_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_MISSING_ISSUE_NUMBER,
                   _("Enter the issue number of the result document."));
      return FALSE;
    }

  return TRUE;
}

/* The dossier after an action, as the rules and the calendar make it. */
typedef struct
{
  int state;
  const char *step;
  int resume_state;        /* 0: keep the stored one */
  gint64 due;
  gboolean paused;
  gboolean keep_remaining;
  gint64 remaining;
  gboolean started;        /* the time limit starts now (an online submission received) */
  char *flags;
} ActPlan;

static void
act_plan_clear (ActPlan *plan)
{
  g_clear_pointer (&plan->flags, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ActPlan, act_plan_clear)

static void
plan_flag (ActPlan    *plan,
           const char *flag)
{
  g_autofree char *more = add_flag (plan->flags, flag);

  g_free (plan->flags);
  plan->flags = g_steal_pointer (&more);
}

/* What happens to the clock: a pause keeps the working time left (or how
 * late it already is), a resume gives it back from now, or restarts the
 * whole time when the rules say so; a start computes the appointment. */
static gboolean
plan_clock (sqlite3                 *db,
            McOpsContext            *ctx,
            const McWorkflowAction  *action,
            const McDossierRow      *row,
            gint64                   at,
            ActPlan                 *plan,
            GPtrArray               *warnings,
            GError                 **error)
{
  g_auto(GStrv) local = NULL;

  plan->due = row->due_at;
  plan->paused = row->paused_at > 0;
  plan->keep_remaining = row->has_remaining;
  plan->remaining = row->remaining_seconds;

  switch (action->clock)
    {
    case MC_CLOCK_PAUSE:
      if (!plan->paused && row->due_at > 0)
        {
          if (row->due_at < at)
            plan->remaining = -mc_calendar_working_seconds_between (ctx->calendar, row->due_at, at, &local);
          else
            plan->remaining = mc_calendar_working_seconds_between (ctx->calendar, at, row->due_at, &local);
          plan->keep_remaining = TRUE;
          plan->paused = TRUE;
        }
      break;
    case MC_CLOCK_RESUME:
      if (plan->paused && plan->keep_remaining)
        {
          if (mc_workflow_supplement_resumes (ctx->rules))
            plan->due = mc_calendar_add_working_seconds (ctx->calendar, at, plan->remaining, &local);
          else
            plan->due = at + (row->due_at - row->paused_at);
        }
      plan->paused = FALSE;
      plan->keep_remaining = FALSE;
      break;
    case MC_CLOCK_START:
      {
        g_autoptr(McProcedure) procedure = mc_dossier_ops_load_procedure (db, row->procedure_code, at, error);

        if (procedure == NULL)
          return FALSE;
        plan->due = mc_dossier_ops_procedure_appointment (ctx->calendar, procedure, at, warnings);
        plan->started = TRUE;
      }
      break;
    case MC_CLOCK_STOP:
    case MC_CLOCK_NONE:
    default:
      break;
    }
  add_warnings (warnings, local);

  return TRUE;
}

static void
bind_time_or_null (sqlite3_stmt *stmt,
                   int           index,
                   gboolean      set,
                   gint64        value)
{
  if (set)
    sqlite3_bind_int64 (stmt, index, value);
  else
    sqlite3_bind_null (stmt, index);
}

/* Writes the dossier's row as @plan has it, on the version it was read
 * at; the version itself moves when the change is recorded. */
static gboolean
apply_plan (sqlite3                 *db,
            McOpsContext            *ctx,
            const McWorkflowAction  *action,
            const McDossierRow      *row,
            const ActPlan           *plan,
            const McActionParams    *params,
            const char              *officer_login,
            gint64                   at,
            const char              *code,
            GError                 **error)
{
  g_autoptr(sqlite3_stmt) update = NULL;

  update = mc_db_prepare (db,
                          "UPDATE dossier SET state = ?1, step = ?2, due_at = ?3,"
                          " paused_at = ?4, remaining_seconds = ?5, resume_state = coalesce (?6, resume_state),"
                          " supplement_count = supplement_count + ?7,"
                          " apology_count = apology_count + ?8,"
                          " department = coalesce (?9, department), handler = coalesce (?10, handler),"
                          " issue_number = coalesce (?11, issue_number),"
                          " result_ready_at = CASE WHEN ?1 = ?20 AND state <> ?20 THEN ?12 ELSE result_ready_at END,"
                          " received_at = CASE WHEN ?17 THEN ?12 ELSE received_at END,"
                          " received_by = CASE WHEN ?17 THEN ?18 ELSE received_by END,"
                          " returned_at = CASE WHEN ?1 = ?21 THEN ?12 ELSE returned_at END,"
                          " new_due_at = coalesce (?19, new_due_at),"
                          " flags = ?13, updated_at = ?14"
                          " WHERE id = ?15 AND version = ?16",
                          error);
  if (update == NULL)
    return FALSE;
  sqlite3_bind_int (update, 1, plan->state);
  mc_db_bind_text (update, 2, plan->step);
  bind_time_or_null (update, 3, plan->due > 0, plan->due);
  bind_time_or_null (update, 4, plan->paused, row->paused_at > 0 ? row->paused_at : at);
  bind_time_or_null (update, 5, plan->keep_remaining, plan->remaining);
  bind_time_or_null (update, 6, plan->resume_state != 0, plan->resume_state);
  sqlite3_bind_int (update, 7, action->supplement_request ? 1 : 0);
  sqlite3_bind_int (update, 8, action->new_appointment ? 1 : 0);
  mc_db_bind_text (update, 9, params->department);
  mc_db_bind_text (update, 10, params->handler);
  mc_db_bind_text (update, 11, params->issue_number);
  sqlite3_bind_int64 (update, 12, at);
  mc_db_bind_text (update, 13, plan->flags);
  sqlite3_bind_int64 (update, 14, ctx->now);
  sqlite3_bind_int64 (update, 15, row->id);
  sqlite3_bind_int64 (update, 16, row->version);
  sqlite3_bind_int (update, 17, plan->started);
  mc_db_bind_text (update, 18, officer_login);
  bind_time_or_null (update, 19, action->new_appointment, params->new_appointment);
  sqlite3_bind_int (update, 20, MC_STATE_DONE);
  sqlite3_bind_int (update, 21, MC_STATE_RETURNED);

  return mc_db_step_done (db, update, error) && mc_change_check_applied (db, code, error);
}

/* The timeline's note: the department and the reason, or whichever the
 * action was given. */
static char *
timeline_note (const McActionParams *params)
{
  if (params->reason != NULL && params->department != NULL)
    return g_strdup_printf ("%s — %s", params->department, params->reason);
  if (params->reason != NULL)
    return g_strdup (params->reason);
  if (params->department != NULL)
    return g_strdup (params->department);

  return g_strdup (params->issue_number);
}

/**
 * mc_dossier_ops_act:
 * @db: a writer connection inside the action's transaction
 * @ctx: rules, calendar and who acts
 * @code: the dossier code
 * @action_id: an action of the rules
 * @params: (nullable): reason, department, issue number, new appointment
 * @error: where to put a failure
 *
 * Applies one workflow action if the rules allow it for the dossier's
 * state and step and the officer's role. The rules decide where the
 * dossier goes and what happens to its clock; this function applies that
 * and records the change.
 *
 * Returns: (transfer full): the op id of the change, or %NULL on failure
 */
char *
mc_dossier_ops_act (sqlite3               *db,
                    McOpsContext          *ctx,
                    const char            *code,
                    const char            *action_id,
                    const McActionParams  *params,
                    GError               **error)
{
  g_auto(McDossierRow) row = { 0 };
  g_auto(ActPlan) plan = { 0 };
  g_autoptr(McOfficer) officer = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *note = NULL;
  const McWorkflowAction *action;
  McActionParams none = { 0 };
  McChange change;
  gboolean apology_late = FALSE;
  gint64 at;

  g_return_val_if_fail (ctx != NULL && ctx->rules != NULL && ctx->calendar != NULL, NULL);

  if (params == NULL)
    params = &none;
  at = params->at > 0 ? params->at : ctx->now;

  action = mc_workflow_lookup (ctx->rules, action_id);
  if (action == NULL)
    {
      g_set_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_UNKNOWN_ACTION,
                   _("There is no action “%s”. Run “motcua-cli act --help” for the list."), action_id);
      return NULL;
    }

  officer = acting_officer (db, ctx, error);
  if (officer == NULL || !mc_dossier_ops_load_row (db, code, &row, error))
    return NULL;
  if (!mc_workflow_check (ctx->rules, action, row.state, row.step, officer->role, error) ||
      !check_params (action, params, error))
    return NULL;
  if (action->new_appointment && !check_new_appointment (ctx->rules, &row, params, at, &apology_late, error))
    return NULL;

  if (action->needs_result && !has_result_document (db, row.id, error))
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_INCOMPLETE,
                     _("Dossier “%s” has no result document to approve. The specialist attaches the draft result (PDF) first; return it for rework if it is missing."),
                     code);
      return NULL;
    }

  /* Where the dossier goes. */
  if (action->to_state == MC_STATE_RESUME)
    plan.state = row.resume_state != 0 ? row.resume_state : MC_STATE_PROCESSING;
  else if (action->to_state == MC_STATE_UNCHANGED)
    plan.state = row.state;
  else
    plan.state = action->to_state;
  plan.step = action->to_step != NULL ? action->to_step : row.step;
  plan.resume_state = action->remember_state ? row.state : 0;
  if (!plan_clock (db, ctx, action, &row, at, &plan, warnings, error))
    return NULL;

  plan.flags = g_strdup (row.flags);
  if (apology_late)
    plan_flag (&plan, "apology-after-due");
  /* Decree 118/2025: one supplement request only; a second one counts
   * against the office, so it is allowed but marked. */
  if (action->supplement_request && row.supplement_count >= 1)
    plan_flag (&plan, "second-supplement");

  if (!apply_plan (db, ctx, action, &row, &plan, params, officer->login, at, code, error))
    return NULL;

  note = timeline_note (params);
  mc_change_init (&change, row.id, code, row.version, action->id, officer, at, ctx->now);
  change.note = note;
  change.state_after = plan.state;
  change.step_after = plan.step;
  change.params = params;

  return mc_change_record (db, &change, error);
}

McOfficer *
mc_dossier_ops_acting_officer (sqlite3       *db,
                               McOpsContext  *ctx,
                               GError       **error)
{
  return acting_officer (db, ctx, error);
}
