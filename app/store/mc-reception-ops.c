/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Dossiers coming in: received at the desk (a leased number, the
 * appointment in working days, the components and files, recorded as every
 * change is) or imported as submitted online. The applicant is checked by
 * the core's own rules whoever made the reception. Runs inside the
 * reception's transaction; files are already in the blob store. */
#define G_LOG_DOMAIN "motcua-workflow"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "domain/citizen/mc-citizen-error.h"
#include "domain/citizen/mc-personal-id.h"
#include "domain/mc-applicant-checks.h"
#include "domain/mc-state.h"
#include "mc-audit.h"
#include "mc-change.h"
#include "mc-desk-settings.h"
#include "mc-dossier-ops-private.h"
#include "mc-lease.h"

static gboolean
check_applicant (const McReception  *reception,
                 GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *problem = NULL;
  McCardDate birth = { 0 };
  McSex sex = MC_SEX_UNKNOWN;
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
  /* The sex is optional: without it, it is simply not checked. */
  if (reception->applicant_sex != NULL && *reception->applicant_sex != '\0')
    sex = mc_sex_from_string (reception->applicant_sex);
  if (!mc_personal_id_validate (reception->applicant_id, birth_year, sex, NULL, &local_error))
    {
      /* The card's rules said what is wrong: their error, as it is. */
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* What the window checks as it is typed is checked again here, so a
   * reception from the CLI or a script meets the same rules. */
  if (reception->applicant_birth != NULL && *reception->applicant_birth != '\0' &&
      !mc_applicant_parse_birth (reception->applicant_birth, &birth, &problem))
    {
      g_set_error_literal (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_INVALID_APPLICANT,
                           problem != NULL ? problem : _("The date of birth is not a date."));
      return FALSE;
    }
  g_clear_pointer (&problem, g_free);
  problem = mc_applicant_contact_problem (reception->applicant_phone, reception->applicant_email);
  if (problem != NULL)
    {
      g_set_error_literal (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_INVALID_APPLICANT, problem);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_components (McProcedure        *procedure,
                  const McReception  *reception,
                  GError            **error)
{
  g_autoptr(GString) missing = g_string_new (NULL);

  for (guint i = 0; i < mc_procedure_get_n_components (procedure); i++)
    {
      const McProcedureComponent *component = mc_procedure_get_component (procedure, i);
      McReceptionComponent *given = mc_reception_find_component ((McReception *) reception, component->code);

      if (component->required && (given == NULL || !given->provided))
        {
          if (missing->len > 0)
            g_string_append (missing, "; ");
          g_string_append (missing, component->name);
        }
    }

  for (guint i = 0; i < reception->components->len; i++)
    {
      McReceptionComponent *given = g_ptr_array_index (reception->components, i);

      if (mc_procedure_lookup_component (procedure, given->code) == NULL)
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
                   McProcedure        *procedure,
                   const McReception  *reception,
                   GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = mc_db_prepare (db,
                        "INSERT INTO dossier_component (dossier_id, code, name, copies, kind, provided)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < mc_procedure_get_n_components (procedure); i++)
    {
      const McProcedureComponent *component = mc_procedure_get_component (procedure, i);
      McReceptionComponent *given = mc_reception_find_component ((McReception *) reception, component->code);

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, dossier_id);
      mc_db_bind_text (stmt, 2, component->code);
      mc_db_bind_text (stmt, 3, component->name);
      sqlite3_bind_int64 (stmt, 4, component->copies);
      mc_db_bind_text (stmt, 5, mc_component_kind_to_string (component->kind));
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
                        " mime, added_at, added_by, ocr_pending, sign_pending)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
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
      sqlite3_bind_int (stmt, 10, file->ocr_pending ? 1 : 0);
      sqlite3_bind_int (stmt, 11, file->sign_pending ? 1 : 0);
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
                McProcedure        *procedure,
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
  mc_db_bind_text (insert, 4, mc_procedure_get_name (procedure));
  mc_db_bind_text (insert, 5, mc_procedure_get_field (procedure));
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
  g_autoptr(McProcedure) procedure = NULL;
  g_autoptr(McOfficer) officer = NULL;
  g_autoptr(McOffice) office = NULL;
  g_autoptr(McReceptionResult) result = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *day = NULL;
  const McWorkflowAction *action;
  McChange change;
  guint number = 0;
  gint64 at;

  g_return_val_if_fail (ctx != NULL && ctx->rules != NULL && ctx->calendar != NULL, NULL);

  officer = mc_dossier_ops_acting_officer (db, ctx, error);
  if (officer == NULL)
    return NULL;

  action = mc_workflow_lookup (ctx->rules, MC_ACTION_RECEIVE);
  if (action == NULL)
    {
      g_set_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_RULES,
                   _("The workflow rules have no reception action. Reinstall the program's data files."));
      return NULL;
    }
  /* An in-person reception starts where an online submission would be. */
  if (!mc_workflow_check (ctx->rules, action, MC_STATE_SUBMITTED, "", officer->role, error))
    return NULL;

  /* The version of the procedure in force when the dossier is received. */
  procedure = mc_dossier_ops_load_procedure (db, reception->procedure_code,
                                             reception->received_at > 0 ? reception->received_at : ctx->now,
                                             error);
  if (procedure == NULL)
    return NULL;
  if (!check_applicant (reception, error))
    return NULL;
  if (!check_components (procedure, reception, error))
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
  result->due_at = mc_dossier_ops_procedure_appointment (ctx->calendar, procedure, at, result->warnings);

  result->id = insert_dossier (db, result->code, office->code, reception, procedure, at,
                               result->due_at, action->to_state, action->to_step, officer->login,
                               ctx->now, error);
  if (result->id == 0)
    return NULL;

  if (!insert_components (db, result->id, procedure, reception, error) ||
      !mc_dossier_ops_insert_files (db, result->id, "component", files, at, officer->login, error))
    return NULL;

  mc_change_init (&change, result->id, result->code, 0, action->id, officer, at, ctx->now);
  change.created = TRUE;
  change.note = reception->note;
  change.state_after = action->to_state;
  change.step_after = action->to_step;
  change.with_files = TRUE;
  result->op_id = mc_change_record (db, &change, error);
  if (result->op_id == NULL)
    return NULL;

  return g_steal_pointer (&result);
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
  g_autoptr(McProcedure) procedure = NULL;
  g_autoptr(McOfficer) citizen = NULL;
  g_autoptr(McOffice) office = NULL;
  g_autofree char *detail = NULL;
  gint64 id;

  procedure = mc_dossier_ops_load_procedure (db, reception->procedure_code, submitted_at, error);
  if (procedure == NULL || !check_applicant (reception, error))
    return 0;
  office = mc_desk_settings_get_office (db, error);
  if (office == NULL)
    return 0;

  id = insert_dossier (db, code, office->code, reception, procedure, submitted_at, 0,
                       MC_STATE_SUBMITTED, "", "", ctx->now, error);
  if (id == 0 || !insert_components (db, id, procedure, reception, error))
    return 0;

  citizen = mc_officer_new ("", reception->applicant_name, _("Citizen"), "", MC_ROLE_RECEPTION);
  if (!mc_change_add_timeline (db, id, submitted_at, citizen, MC_ACTION_SUBMIT, _("Submitted online"),
                               MC_STATE_SUBMITTED, "", error))
    return 0;

  detail = g_strdup_printf ("{\"channel\": %d}", reception->channel);
  if (!mc_audit_append (db, submitted_at, "central", "import", code, detail, error))
    return 0;

  return id;
}
