/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The changes of the one-stop process, each one SQLite transaction (these
 * functions run inside mc_store_write): the dossier row with its version
 * bumped, a timeline entry, an outbox op for the central system and a
 * chained audit entry are written together or not at all. The rules come
 * from McWorkflow, deadlines from McCalendar; this file only applies them.
 * Files are put into the blob store by the caller before the transaction,
 * so the write lock is never held while a large scan is copied. */
#define G_LOG_DOMAIN "motcua-workflow"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "domain/citizen/mc-citizen-error.h"
#include "domain/citizen/mc-personal-id.h"
#include "domain/mc-state.h"
#include "mc-audit.h"
#include "mc-desk-settings.h"
#include "mc-dossier-ops.h"
#include "mc-dossier-ops-private.h"
#include "mc-dossier-repo.h"
#include "mc-lease.h"
#include "mc-outbox.h"
#include "mc-store.h"

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

typedef struct
{
  char *name;
  char *field;
  double working_days;
  JsonNode *definition;
} ProcedureRow;

static void
procedure_row_clear (ProcedureRow *row)
{
  g_clear_pointer (&row->name, g_free);
  g_clear_pointer (&row->field, g_free);
  g_clear_pointer (&row->definition, json_node_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ProcedureRow, procedure_row_clear)

static gboolean
load_procedure (sqlite3       *db,
                const char    *code,
                ProcedureRow  *row,
                GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = mc_db_prepare (db, "SELECT name, field, working_days, definition FROM procedure WHERE code = ?1", error);
  if (stmt == NULL)
    return FALSE;
  mc_db_bind_text (stmt, 1, code);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_UNKNOWN_PROCEDURE,
                   _("There is no procedure “%s” in the catalogue. Pick a procedure from the list, or sync to update the catalogue."),
                   code != NULL ? code : "");
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return mc_db_set_error (db, rc, error);

  row->name = mc_db_column_dup (stmt, 0);
  row->field = mc_db_column_dup (stmt, 1);
  row->working_days = sqlite3_column_double (stmt, 2);
  row->definition = json_from_string ((const char *) sqlite3_column_text (stmt, 3), NULL);
  if (row->definition == NULL || !JSON_NODE_HOLDS_OBJECT (row->definition))
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_CORRUPT,
                   _("The catalogue entry of procedure “%s” is damaged. Sync to reload the catalogue."), code);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_applicant (const McReception  *reception,
                 GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  int birth_year = 0;

  if (reception->applicant_name == NULL || *g_strstrip (reception->applicant_name) == '\0')
    {
      g_set_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_INVALID_APPLICANT,
                   _("The applicant's full name is missing."));
      return FALSE;
    }

  if (reception->applicant_birth != NULL && strlen (reception->applicant_birth) >= 4)
    birth_year = (int) g_ascii_strtoll (reception->applicant_birth, NULL, 10);

  /* Every dossier is tied to the applicant's personal ID number: its shape,
   * province and its agreement with the birth date and sex are checked. */
  if (!mc_personal_id_validate (reception->applicant_id, birth_year,
                                mc_sex_from_string (reception->applicant_sex), NULL, &local_error))
    {
      g_set_error_literal (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_INVALID_APPLICANT,
                           local_error->message);
      return FALSE;
    }

  return TRUE;
}

static gboolean
insert_timeline (sqlite3          *db,
                 gint64            dossier_id,
                 gint64            at,
                 const McOfficer  *officer,
                 const char       *action,
                 const char       *note,
                 int               state_after,
                 const char       *step_after,
                 GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = mc_db_prepare (db,
                        "INSERT INTO timeline (dossier_id, at, actor, role, department, action, note,"
                        " state_after, step_after) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, dossier_id);
  sqlite3_bind_int64 (stmt, 2, at);
  mc_db_bind_text (stmt, 3, officer->name);
  mc_db_bind_text (stmt, 4, officer->title[0] != '\0' ? officer->title : mc_role_label (officer->role));
  mc_db_bind_text (stmt, 5, officer->department);
  mc_db_bind_text (stmt, 6, action);
  mc_db_bind_text (stmt, 7, note != NULL ? note : "");
  sqlite3_bind_int (stmt, 8, state_after);
  mc_db_bind_text (stmt, 9, step_after != NULL ? step_after : "");

  return mc_db_step_done (db, stmt, error);
}

/* The op for the central system and the audit entry of one change, both
 * describing the dossier as it is after the change. */
static char *
record_change (sqlite3          *db,
               const char       *code,
               gint64            base_version,
               const char       *action,
               const McOfficer  *officer,
               const McActionParams *params,
               gint64            at,
               GError          **error)
{
  g_autoptr(McDossier) dossier = mc_dossier_repo_load (db, code, error);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) payload = NULL;
  g_autoptr(JsonBuilder) audit = NULL;
  g_autoptr(JsonNode) audit_node = NULL;
  g_autofree char *op_id = NULL;
  g_autofree char *detail = NULL;

  if (dossier == NULL)
    return NULL;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, action);
  json_builder_set_member_name (builder, "officer");
  json_builder_add_string_value (builder, officer->login);
  if (params != NULL && params->reason != NULL)
    {
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, params->reason);
    }
  if (params != NULL && params->department != NULL)
    {
      json_builder_set_member_name (builder, "department");
      json_builder_add_string_value (builder, params->department);
    }
  if (params != NULL && params->issue_number != NULL)
    {
      json_builder_set_member_name (builder, "issue_number");
      json_builder_add_string_value (builder, params->issue_number);
    }
  if (params != NULL && params->new_appointment > 0)
    {
      g_autofree char *when = mc_portal_time (params->new_appointment);

      json_builder_set_member_name (builder, "new_appointment");
      json_builder_add_string_value (builder, when);
    }
  json_builder_set_member_name (builder, "step");
  json_builder_add_string_value (builder, dossier->step);
  json_builder_set_member_name (builder, "dossier");
  json_builder_add_value (builder,
                          mc_dossier_portal_update (dossier,
                                                    g_str_equal (action, "receive") ||
                                                    g_str_equal (action, "sign_result") ||
                                                    g_str_equal (action, "attach_result"),
                                                    1));
  json_builder_end_object (builder);
  payload = json_builder_get_root (builder);

  op_id = mc_outbox_append (db, dossier->id, dossier->code, base_version, action, payload, at, error);
  if (op_id == NULL)
    return NULL;

  audit = json_builder_new ();
  json_builder_begin_object (audit);
  json_builder_set_member_name (audit, "op_id");
  json_builder_add_string_value (audit, op_id);
  json_builder_set_member_name (audit, "version");
  json_builder_add_int_value (audit, dossier->version);
  json_builder_set_member_name (audit, "state");
  json_builder_add_int_value (audit, dossier->state);
  json_builder_set_member_name (audit, "step");
  json_builder_add_string_value (audit, dossier->step);
  if (params != NULL && params->reason != NULL)
    {
      json_builder_set_member_name (audit, "reason");
      json_builder_add_string_value (audit, params->reason);
    }
  json_builder_end_object (audit);
  audit_node = json_builder_get_root (audit);
  detail = json_to_string (audit_node, FALSE);

  if (!mc_audit_append (db, at, officer->login, action, dossier->code, detail, error))
    return NULL;

  return g_steal_pointer (&op_id);
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
    g_set_error_literal (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_NO_OFFICER, local_error->message);

  return officer;
}

static gboolean
check_components (JsonObject         *definition,
                  const McReception  *reception,
                  GError            **error)
{
  JsonArray *components = json_object_get_array_member (definition, "components");
  g_autoptr(GString) missing = g_string_new (NULL);

  for (guint i = 0; components != NULL && i < json_array_get_length (components); i++)
    {
      JsonObject *component = json_array_get_object_element (components, i);
      const char *code = json_object_get_string_member_with_default (component, "code", "");
      McReceptionComponent *given = mc_reception_find_component ((McReception *) reception, code);

      if (json_object_get_boolean_member_with_default (component, "required", TRUE) &&
          (given == NULL || !given->provided))
        {
          if (missing->len > 0)
            g_string_append (missing, "; ");
          g_string_append (missing, json_object_get_string_member_with_default (component, "name", code));
        }
    }

  for (guint i = 0; i < reception->components->len; i++)
    {
      McReceptionComponent *given = g_ptr_array_index (reception->components, i);
      gboolean known = FALSE;

      for (guint j = 0; components != NULL && j < json_array_get_length (components); j++)
        known = known || g_strcmp0 (json_object_get_string_member_with_default (
                                      json_array_get_object_element (components, j), "code", ""),
                                    given->code) == 0;
      if (!known)
        {
          g_set_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_INCOMPLETE,
                       _("“%s” is not a component of this procedure."), given->code);
          return FALSE;
        }
    }

  if (missing->len > 0)
    {
      g_set_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_INCOMPLETE,
                   _("The dossier is incomplete: %s. Give the applicant a supplement slip instead of receiving it."),
                   missing->str);
      return FALSE;
    }

  return TRUE;
}

static gboolean
insert_components (sqlite3            *db,
                   gint64              dossier_id,
                   JsonObject         *definition,
                   const McReception  *reception,
                   GError            **error)
{
  JsonArray *components = json_object_get_array_member (definition, "components");
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = mc_db_prepare (db,
                        "INSERT INTO dossier_component (dossier_id, code, name, copies, kind, provided)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; components != NULL && i < json_array_get_length (components); i++)
    {
      JsonObject *component = json_array_get_object_element (components, i);
      const char *code = json_object_get_string_member_with_default (component, "code", "");
      McReceptionComponent *given = mc_reception_find_component ((McReception *) reception, code);

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, dossier_id);
      mc_db_bind_text (stmt, 2, code);
      mc_db_bind_text (stmt, 3, json_object_get_string_member_with_default (component, "name", code));
      sqlite3_bind_int64 (stmt, 4, json_object_get_int_member_with_default (component, "copies", 1));
      mc_db_bind_text (stmt, 5, json_object_get_string_member_with_default (component, "kind", "original"));
      sqlite3_bind_int (stmt, 6, given != NULL && given->provided);
      if (!mc_db_step_done (db, stmt, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * mc_dossier_ops_insert_files:
 * @db: a writer connection inside a transaction
 * @dossier_id: the dossier's row id
 * @role: "component", "result" or "slip"
 * @files: (element-type McStoredFile): files already in the blob store
 * @at: Unix seconds
 * @added_by: the officer's login
 * @error: where to put a failure
 *
 * Returns: %TRUE when recorded
 */
gboolean
mc_dossier_ops_insert_files (sqlite3     *db,
                             gint64       dossier_id,
                             const char  *role,
                             GPtrArray   *files,
                             gint64       at,
                             const char  *added_by,
                             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (files == NULL || files->len == 0)
    return TRUE;

  stmt = mc_db_prepare (db,
                        "INSERT INTO dossier_file (dossier_id, component_code, role, name, sha256, size,"
                        " mime, added_at, added_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                        error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < files->len; i++)
    {
      McStoredFile *file = g_ptr_array_index (files, i);

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, dossier_id);
      mc_db_bind_text (stmt, 2, file->component_code);
      mc_db_bind_text (stmt, 3, role);
      mc_db_bind_text (stmt, 4, file->name);
      mc_db_bind_text (stmt, 5, file->sha256);
      sqlite3_bind_int64 (stmt, 6, file->size);
      mc_db_bind_text (stmt, 7, file->mime != NULL ? file->mime : "application/pdf");
      sqlite3_bind_int64 (stmt, 8, at);
      mc_db_bind_text (stmt, 9, added_by);
      if (!mc_db_step_done (db, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gint64
insert_dossier (sqlite3            *db,
                const char         *code,
                const char         *office_code,
                const McReception  *reception,
                const ProcedureRow *procedure,
                gint64              at,
                gint64              due_at,
                int                 state,
                const char         *step,
                const char         *received_by,
                gint64              now,
                GError            **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;

  insert = mc_db_prepare (db,
                          "INSERT INTO dossier (code, office_code, procedure_code, procedure_name,"
                          " procedure_field, channel, applicant_name, applicant_id, applicant_birth,"
                          " applicant_sex, applicant_phone, applicant_email, applicant_address,"
                          " received_at, due_at, state, step, received_by, version, created_at, updated_at)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
                          " ?16, ?17, ?18, 1, ?19, ?19)",
                          error);
  if (insert == NULL)
    return 0;
  mc_db_bind_text (insert, 1, code);
  mc_db_bind_text (insert, 2, office_code);
  mc_db_bind_text (insert, 3, reception->procedure_code);
  mc_db_bind_text (insert, 4, procedure->name);
  mc_db_bind_text (insert, 5, procedure->field);
  sqlite3_bind_int (insert, 6, CLAMP (reception->channel, 1, 3));
  mc_db_bind_text (insert, 7, reception->applicant_name);
  mc_db_bind_text (insert, 8, reception->applicant_id);
  mc_db_bind_text (insert, 9, reception->applicant_birth);
  mc_db_bind_text (insert, 10, reception->applicant_sex);
  mc_db_bind_text (insert, 11, reception->applicant_phone != NULL ? reception->applicant_phone : "");
  mc_db_bind_text (insert, 12, reception->applicant_email != NULL ? reception->applicant_email : "");
  mc_db_bind_text (insert, 13, reception->applicant_address != NULL ? reception->applicant_address : "");
  if (at > 0 && state != MC_STATE_SUBMITTED)
    sqlite3_bind_int64 (insert, 14, at);
  else
    sqlite3_bind_null (insert, 14);
  if (due_at > 0)
    sqlite3_bind_int64 (insert, 15, due_at);
  else
    sqlite3_bind_null (insert, 15);
  sqlite3_bind_int (insert, 16, state);
  mc_db_bind_text (insert, 17, step != NULL ? step : "");
  mc_db_bind_text (insert, 18, received_by != NULL ? received_by : "");
  sqlite3_bind_int64 (insert, 19, now);
  if (!mc_db_step_done (db, insert, error))
    return 0;

  return sqlite3_last_insert_rowid (db);
}

/**
 * mc_dossier_ops_receive:
 * @db: a writer connection inside the reception's transaction
 * @ctx: rules, calendar and who acts
 * @reception: what was handed over
 * @files: (element-type McStoredFile) (nullable): the component files,
 *   already in the blob store
 * @error: where to put a failure
 *
 * Receives an in-person (or postal) dossier: takes the next leased number
 * of the day, computes the appointment, and writes the dossier with its
 * components, files, timeline entry, outbox op and audit entry.
 *
 * Returns: (transfer full): the code, appointment and op id
 */
McReceptionResult *
mc_dossier_ops_receive (sqlite3            *db,
                        McOpsContext       *ctx,
                        const McReception  *reception,
                        GPtrArray          *files,
                        GError            **error)
{
  g_auto(ProcedureRow) procedure = { 0 };
  g_autoptr(McOfficer) officer = NULL;
  g_autoptr(McOffice) office = NULL;
  g_autoptr(McReceptionResult) result = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *day = NULL;
  const McWorkflowAction *action;
  guint number = 0;
  gint64 at;

  g_return_val_if_fail (ctx != NULL && ctx->rules != NULL && ctx->calendar != NULL, NULL);

  officer = acting_officer (db, ctx, error);
  if (officer == NULL)
    return NULL;

  action = mc_workflow_lookup (ctx->rules, "receive");
  if (action == NULL)
    {
      g_set_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_RULES,
                   _("The workflow rules have no reception action. Reinstall the program's data files."));
      return NULL;
    }
  /* An in-person reception starts where an online submission would be. */
  if (!mc_workflow_check (ctx->rules, action, MC_STATE_SUBMITTED, "", officer->role, error))
    return NULL;

  if (!load_procedure (db, reception->procedure_code, &procedure, error))
    return NULL;
  if (!check_applicant (reception, error))
    return NULL;
  if (!check_components (json_node_get_object (procedure.definition), reception, error))
    return NULL;

  office = mc_desk_settings_get_office (db, error);
  if (office == NULL)
    return NULL;

  result = g_new0 (McReceptionResult, 1);
  result->warnings = g_ptr_array_new_with_free_func (g_free);

  at = reception->received_at > 0 ? reception->received_at : ctx->now;
  local = mc_vietnam_from_unix (at);
  day = g_date_time_format (local, "%y%m%d");
  if (!mc_lease_take (db, office->code, day, &number, error))
    return NULL;

  result->code = g_strdup_printf ("%s-%s-%04u", office->code, day, number);
  result->received_at = at;
  result->due_at = mc_dossier_ops_appointment (ctx->calendar, at,
                                               json_object_get_boolean_member_with_default (json_node_get_object (procedure.definition), "same_day", FALSE),
                                               json_object_get_string_member_with_default (json_node_get_object (procedure.definition), "same_day_cutoff", "15:00"),
                                               procedure.working_days, result->warnings);

  result->id = insert_dossier (db, result->code, office->code, reception, &procedure, at,
                               result->due_at, action->to_state, action->to_step, officer->login,
                               ctx->now, error);
  if (result->id == 0)
    return NULL;

  if (!insert_components (db, result->id, json_node_get_object (procedure.definition), reception, error) ||
      !mc_dossier_ops_insert_files (db, result->id, "component", files, at, officer->login, error) ||
      !insert_timeline (db, result->id, at, officer, "receive", reception->note,
                        action->to_state, action->to_step, error))
    return NULL;

  result->op_id = record_change (db, result->code, 0, "receive", officer, NULL, at, error);
  if (result->op_id == NULL)
    return NULL;

  return g_steal_pointer (&result);
}

typedef struct
{
  gint64 id;
  int state;
  char *procedure_code;
  char *step;
  gint64 version;
  gint64 due_at;
  gint64 paused_at;
  gboolean has_remaining;
  gint64 remaining_seconds;
  int resume_state;
  int supplement_count;
  char *flags;
} CurrentRow;

static void
current_row_clear (CurrentRow *row)
{
  g_clear_pointer (&row->procedure_code, g_free);
  g_clear_pointer (&row->step, g_free);
  g_clear_pointer (&row->flags, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CurrentRow, current_row_clear)

static gboolean
load_current (sqlite3     *db,
              const char  *code,
              CurrentRow  *row,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = mc_db_prepare (db,
                        "SELECT id, state, step, version, coalesce(due_at, 0), coalesce(paused_at, 0),"
                        " remaining_seconds, coalesce(resume_state, 0), supplement_count, flags,"
                        " procedure_code FROM dossier WHERE code = ?1",
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

  return TRUE;
}

static char *
add_flag (const char *flags,
          const char *flag)
{
  g_auto(GStrv) parts = g_strsplit (flags != NULL ? flags : "", ",", -1);

  if (g_strv_contains ((const char * const *) parts, flag))
    return g_strdup (flags);

  return *flags != '\0' ? g_strconcat (flags, ",", flag, NULL) : g_strdup (flag);
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
 * state and step and the officer's role. A supplement request pauses the
 * clock keeping the working time left; receiving the supplement resumes it
 * (or restarts it when the rules say so).
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
  g_auto(CurrentRow) row = { 0 };
  g_autoptr(McOfficer) officer = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *flags = NULL;
  g_autofree char *note = NULL;
  const McWorkflowAction *action;
  McActionParams none = { 0 };
  int new_state;
  const char *new_step;
  gint64 due;
  gint64 at;
  gboolean paused;
  gint64 remaining = 0;
  gboolean keep_remaining = FALSE;
  gboolean started = FALSE;
  int resume_state = 0;

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
  if (officer == NULL)
    return NULL;

  if (!load_current (db, code, &row, error))
    return NULL;

  if (!mc_workflow_check (ctx->rules, action, row.state, row.step, officer->role, error))
    return NULL;

  if (action->needs_reason && (params->reason == NULL || *params->reason == '\0'))
    {
      g_set_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_MISSING_REASON,
                   _("“%s” needs a reason, which is written on the slip and in the record."),
                   mc_workflow_action_label (action->id));
      return NULL;
    }
  if (action->needs_department && (params->department == NULL || *params->department == '\0'))
    {
      g_set_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_MISSING_DEPARTMENT,
                   _("Choose the department the dossier goes to."));
      return NULL;
    }
  if (action->needs_issue_number && (params->issue_number == NULL || *params->issue_number == '\0'))
    {
      g_set_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_MISSING_ISSUE_NUMBER,
                   _("Enter the issue number of the result document."));
      return NULL;
    }
  if (g_str_equal (action->id, "approve") && !has_result_document (db, row.id, error))
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_INCOMPLETE,
                     _("Dossier “%s” has no result document to approve. The specialist attaches the draft result (PDF) first; return it for rework if it is missing."),
                     code);
      return NULL;
    }
  if (action->new_appointment && params->new_appointment <= row.due_at)
    {
      g_set_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_MISSING_APPOINTMENT,
                   _("The new appointment must be later than the current one."));
      return NULL;
    }

  /* Where the dossier goes. */
  if (action->to_state == MC_STATE_RESUME)
    new_state = row.resume_state != 0 ? row.resume_state : MC_STATE_PROCESSING;
  else if (action->to_state == MC_STATE_UNCHANGED)
    new_state = row.state;
  else
    new_state = action->to_state;
  new_step = action->to_step != NULL ? action->to_step : row.step;
  if (action->remember_state)
    resume_state = row.state;

  /* What happens to the clock. */
  due = row.due_at;
  paused = row.paused_at > 0;
  keep_remaining = row.has_remaining;
  remaining = row.remaining_seconds;
  switch (action->clock)
    {
    case MC_CLOCK_PAUSE:
      if (!paused && row.due_at > 0)
        {
          g_auto(GStrv) local = NULL;

          /* Already late: keep how late, so it stays late after resuming. */
          if (row.due_at < at)
            remaining = -mc_calendar_working_seconds_between (ctx->calendar, row.due_at, at, &local);
          else
            remaining = mc_calendar_working_seconds_between (ctx->calendar, at, row.due_at, &local);
          add_warnings (warnings, local);
          keep_remaining = TRUE;
          paused = TRUE;
        }
      break;
    case MC_CLOCK_RESUME:
      if (paused && keep_remaining)
        {
          g_auto(GStrv) local = NULL;

          if (mc_workflow_supplement_resumes (ctx->rules))
            due = mc_calendar_add_working_seconds (ctx->calendar, at, remaining, &local);
          else
            due = at + (row.due_at - row.paused_at);
          add_warnings (warnings, local);
        }
      paused = FALSE;
      keep_remaining = FALSE;
      break;
    case MC_CLOCK_START:
      {
        /* An online submission received at the desk: its time limit
         * starts now. */
        g_auto(ProcedureRow) procedure = { 0 };
        JsonObject *definition;

        if (!load_procedure (db, row.procedure_code, &procedure, error))
          return NULL;
        definition = json_node_get_object (procedure.definition);
        due = mc_dossier_ops_appointment (ctx->calendar, at,
                                          json_object_get_boolean_member_with_default (definition, "same_day", FALSE),
                                          json_object_get_string_member_with_default (definition, "same_day_cutoff", "15:00"),
                                          procedure.working_days, warnings);
        started = TRUE;
      }
      break;
    case MC_CLOCK_STOP:
    case MC_CLOCK_NONE:
    default:
      break;
    }
  if (action->new_appointment)
    due = params->new_appointment;

  flags = g_strdup (row.flags);
  if (g_str_equal (action->id, "request_supplement") && row.supplement_count >= 1)
    {
      /* Decree 118/2025: one request only; a second one counts against the
       * office, so it is allowed but marked. */
      g_autofree char *more = add_flag (flags, "second-supplement");
      g_free (flags);
      flags = g_steal_pointer (&more);
    }

  update = mc_db_prepare (db,
                          "UPDATE dossier SET state = ?1, step = ?2, due_at = ?3,"
                          " paused_at = ?4, remaining_seconds = ?5, resume_state = coalesce (?6, resume_state),"
                          " supplement_count = supplement_count + ?7,"
                          " apology_count = apology_count + ?8,"
                          " department = coalesce (?9, department), handler = coalesce (?10, handler),"
                          " issue_number = coalesce (?11, issue_number),"
                          " result_ready_at = CASE WHEN ?1 = 9 AND state <> 9 THEN ?12 ELSE result_ready_at END,"
                          " received_at = CASE WHEN ?17 THEN ?12 ELSE received_at END,"
                          " received_by = CASE WHEN ?17 THEN ?18 ELSE received_by END,"
                          " returned_at = CASE WHEN ?1 = 10 THEN ?12 ELSE returned_at END,"
                          " flags = ?13, version = version + 1, updated_at = ?14"
                          " WHERE id = ?15 AND version = ?16",
                          error);
  if (update == NULL)
    return NULL;
  sqlite3_bind_int (update, 1, new_state);
  mc_db_bind_text (update, 2, new_step);
  if (due > 0)
    sqlite3_bind_int64 (update, 3, due);
  else
    sqlite3_bind_null (update, 3);
  if (paused)
    sqlite3_bind_int64 (update, 4, row.paused_at > 0 ? row.paused_at : at);
  else
    sqlite3_bind_null (update, 4);
  if (keep_remaining)
    sqlite3_bind_int64 (update, 5, remaining);
  else
    sqlite3_bind_null (update, 5);
  if (resume_state != 0)
    sqlite3_bind_int (update, 6, resume_state);
  else
    sqlite3_bind_null (update, 6);
  sqlite3_bind_int (update, 7, g_str_equal (action->id, "request_supplement") ? 1 : 0);
  sqlite3_bind_int (update, 8, g_str_equal (action->id, "apologise") ? 1 : 0);
  mc_db_bind_text (update, 9, params->department);
  mc_db_bind_text (update, 10, params->handler);
  mc_db_bind_text (update, 11, params->issue_number);
  sqlite3_bind_int64 (update, 12, at);
  mc_db_bind_text (update, 13, flags);
  sqlite3_bind_int64 (update, 14, ctx->now);
  sqlite3_bind_int64 (update, 15, row.id);
  sqlite3_bind_int64 (update, 16, row.version);
  sqlite3_bind_int (update, 17, started);
  mc_db_bind_text (update, 18, officer->login);
  if (!mc_db_step_done (db, update, error))
    return NULL;
  if (sqlite3_changes (db) != 1)
    {
      g_set_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_STALE,
                   _("Dossier “%s” was changed meanwhile. Reload it and try again."), code);
      return NULL;
    }

  if (params->reason != NULL && params->department != NULL)
    note = g_strdup_printf ("%s — %s", params->department, params->reason);
  else if (params->reason != NULL)
    note = g_strdup (params->reason);
  else if (params->department != NULL)
    note = g_strdup (params->department);
  else if (params->issue_number != NULL)
    note = g_strdup (params->issue_number);

  if (!insert_timeline (db, row.id, at, officer, action->id, note, new_state, new_step, error))
    return NULL;

  return record_change (db, code, row.version, action->id, officer, params, at, error);
}

/**
 * mc_dossier_ops_import_submitted:
 * @db: a writer connection inside a transaction
 * @ctx: rules and calendar (the officer is not used)
 * @reception: the submission as the portal gave it
 * @code: the dossier code the portal issued
 * @submitted_at: when the citizen submitted it
 * @error: where to put a failure
 *
 * Records a dossier submitted online (state 1, "submitted"), as it arrives
 * from the central system: the timeline names the applicant, nothing goes
 * to the outbox (the server already knows it), the audit log records the
 * import.
 *
 * Returns: the new dossier's row id, or 0 on failure
 */
gint64
mc_dossier_ops_import_submitted (sqlite3            *db,
                                 McOpsContext       *ctx,
                                 const McReception  *reception,
                                 const char         *code,
                                 gint64              submitted_at,
                                 GError            **error)
{
  g_auto(ProcedureRow) procedure = { 0 };
  g_autoptr(McOfficer) citizen = NULL;
  g_autoptr(McOffice) office = NULL;
  g_autofree char *detail = NULL;
  gint64 id;

  if (!load_procedure (db, reception->procedure_code, &procedure, error) ||
      !check_applicant (reception, error))
    return 0;
  office = mc_desk_settings_get_office (db, error);
  if (office == NULL)
    return 0;

  id = insert_dossier (db, code, office->code, reception, &procedure, submitted_at, 0,
                       MC_STATE_SUBMITTED, "", "", ctx->now, error);
  if (id == 0 || !insert_components (db, id, json_node_get_object (procedure.definition), reception, error))
    return 0;

  citizen = mc_officer_new ("", reception->applicant_name, _("Citizen"), "", MC_ROLE_RECEPTION);
  if (!insert_timeline (db, id, submitted_at, citizen, "submit", _("Submitted online"),
                        MC_STATE_SUBMITTED, "", error))
    return 0;

  detail = g_strdup_printf ("{\"channel\": %d}", reception->channel);
  if (!mc_audit_append (db, submitted_at, "central", "import", code, detail, error))
    return 0;

  return id;
}

/* For the other changes of a dossier (result documents and their
 * signatures, mc-result-ops.c): the same timeline entries and the same
 * acting officer as the workflow actions. */
gboolean
mc_dossier_ops_add_timeline (sqlite3          *db,
                             gint64            dossier_id,
                             gint64            at,
                             const McOfficer  *officer,
                             const char       *action,
                             const char       *note,
                             int               state_after,
                             const char       *step_after,
                             GError          **error)
{
  return insert_timeline (db, dossier_id, at, officer, action, note, state_after, step_after, error);
}

McOfficer *
mc_dossier_ops_acting_officer (sqlite3       *db,
                               McOpsContext  *ctx,
                               GError       **error)
{
  return acting_officer (db, ctx, error);
}
