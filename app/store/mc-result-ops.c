/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The result documents of a dossier and their signatures, written like the
 * workflow's actions: one transaction bumps the dossier's version and
 * appends a timeline entry, an outbox op (attach_result, sign_result) and a
 * chained audit entry, or writes nothing. Who may attach or sign when is
 * not a second set of rules: mc-result-rules.c reads it from the
 * workflow's own actions, so a change of the rules file moves both. The
 * signed PDFs themselves are made by the signing library and put in the
 * blob store by the caller before the transaction; this file records what
 * they are. */
#define G_LOG_DOMAIN "motcua-workflow"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "domain/mc-state.h"
#include "mc-blob-store.h"
#include "mc-change.h"
#include "mc-dossier-ops-private.h"
#include "mc-dossier-repo.h"
#include "mc-result-ops-private.h"
#include "mc-store-private.h"

static gboolean
load_signatures (sqlite3       *db,
                 McResultFile  *file,
                 GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = mc_db_prepare (db,
                        "SELECT kind, input_sha256, signed_sha256, size, signer, officer, level,"
                        " issue_number, signed_at FROM result_signature WHERE file_id = ?1 ORDER BY id",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, file->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      McResultSignature *signature = g_new0 (McResultSignature, 1);

      if (!mc_signature_kind_from_string ((const char *) sqlite3_column_text (stmt, 0), &signature->kind))
        signature->kind = MC_SIGNATURE_KIND_LEADER;
      signature->input_sha256 = mc_db_column_dup (stmt, 1);
      signature->signed_sha256 = mc_db_column_dup (stmt, 2);
      signature->size = sqlite3_column_int64 (stmt, 3);
      signature->signer = mc_db_column_dup (stmt, 4);
      signature->officer = mc_db_column_dup (stmt, 5);
      signature->level = mc_db_column_dup (stmt, 6);
      signature->issue_number = mc_db_column_dup (stmt, 7);
      signature->signed_at = sqlite3_column_int64 (stmt, 8);
      g_ptr_array_add (file->signatures, signature);
      if (!mc_blob_store_check_sha256 (signature->input_sha256, error) ||
          !mc_blob_store_check_sha256 (signature->signed_sha256, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return mc_db_set_error (db, rc, error);

  if (file->signatures->len > 0)
    {
      McResultSignature *last = g_ptr_array_index (file->signatures, file->signatures->len - 1);

      g_free (file->current_sha256);
      file->current_sha256 = g_strdup (last->signed_sha256);
      file->current_size = last->size;
    }

  return TRUE;
}

static GPtrArray *
list_results (sqlite3     *db,
              gint64       dossier_id,
              const char  *code,
              gint64       only_file,
              GError     **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_result_file_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = mc_db_prepare (db,
                        "SELECT id, name, sha256, size, mime, added_at, added_by FROM dossier_file"
                        " WHERE dossier_id = ?1 AND role = 'result' AND (?2 = 0 OR id = ?2) ORDER BY id",
                        error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, dossier_id);
  sqlite3_bind_int64 (stmt, 2, only_file);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      McResultFile *file = g_new0 (McResultFile, 1);

      file->id = sqlite3_column_int64 (stmt, 0);
      file->dossier_code = g_strdup (code);
      file->name = mc_db_column_dup (stmt, 1);
      file->sha256 = mc_db_column_dup (stmt, 2);
      file->size = sqlite3_column_int64 (stmt, 3);
      file->mime = mc_db_column_dup (stmt, 4);
      file->added_at = sqlite3_column_int64 (stmt, 5);
      file->added_by = mc_db_column_dup (stmt, 6);
      file->current_sha256 = g_strdup (file->sha256);
      file->current_size = file->size;
      file->signatures = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_result_signature_free);
      g_ptr_array_add (files, file);
      if (!mc_blob_store_check_sha256 (file->sha256, error))
        return NULL;
    }
  if (rc != SQLITE_DONE)
    {
      mc_db_set_error (db, rc, error);
      return NULL;
    }

  for (guint i = 0; i < files->len; i++)
    if (!load_signatures (db, g_ptr_array_index (files, i), error))
      return NULL;

  return g_steal_pointer (&files);
}

/**
 * mc_result_ops_list:
 * @db: a connection inside a transaction
 * @code: the dossier code
 * @error: where to put a failure
 *
 * Returns: (transfer full) (element-type McResultFile): the dossier's
 *   results in the order they were attached, each with its signatures
 */
GPtrArray *
mc_result_ops_list (sqlite3     *db,
                    const char  *code,
                    GError     **error)
{
  g_auto(McDossierRow) row = { 0 };

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (code != NULL, NULL);

  if (!mc_dossier_ops_load_row (db, code, &row, error))
    return NULL;

  return list_results (db, row.id, code, 0, error);
}

/* A result change moves the dossier to @new_step (or leaves it) on the
 * version it was read at; the version moves when the change is recorded. */
static gboolean
set_step (sqlite3             *db,
          const McDossierRow  *row,
          const char          *code,
          const char          *new_step,
          GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = mc_db_prepare (db, "UPDATE dossier SET step = ?1 WHERE id = ?2 AND version = ?3", error);
  if (stmt == NULL)
    return FALSE;
  mc_db_bind_text (stmt, 1, new_step);
  sqlite3_bind_int64 (stmt, 2, row->id);
  sqlite3_bind_int64 (stmt, 3, row->version);

  return mc_db_step_done (db, stmt, error) && mc_change_check_applied (db, code, error);
}

/* The change of a result, recorded as every change is (mc-change.c); @file
 * says which file and how. */
static char *
record_result_change (sqlite3             *db,
                      const McDossierRow  *row,
                      const char          *code,
                      const char          *action,
                      const McOfficer     *officer,
                      const char          *note,
                      const char          *step_after,
                      JsonNode            *file,
                      gint64               at,
                      gint64               now,
                      GError             **error)
{
  McChange change;

  mc_change_init (&change, row->id, code, row->version, action, officer, at, now);
  change.note = note;
  change.state_after = row->state;
  change.step_after = step_after;
  change.file = file;
  change.with_files = TRUE;

  return mc_change_record (db, &change, error);
}

/**
 * mc_result_ops_attach:
 * @db: a writer connection inside the change's transaction
 * @ctx: rules, calendar and who acts
 * @code: the dossier code
 * @file: the result, already in the blob store (its component code is
 *   ignored)
 * @error: where to put a failure
 *
 * Attaches a draft result to the dossier: the file row (role "result"),
 * the version bumped, a timeline entry, an `attach_result` op and an audit
 * entry.
 *
 * Returns: (transfer full): the op id, or %NULL on failure
 */
char *
mc_result_ops_attach (sqlite3             *db,
                      McOpsContext        *ctx,
                      const char          *code,
                      const McStoredFile  *file,
                      GError             **error)
{
  g_auto(McDossierRow) row = { 0 };
  g_autoptr(McOfficer) officer = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new ();
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) node = NULL;
  McStoredFile stored = { 0 };
  gint64 file_id;

  g_return_val_if_fail (ctx != NULL && ctx->rules != NULL, NULL);
  g_return_val_if_fail (code != NULL && file != NULL, NULL);

  if (!mc_blob_store_is_sha256 (file->sha256) || file->name == NULL || *file->name == '\0' || file->size <= 0)
    {
      g_set_error (error, MC_RESULT_ERROR, MC_RESULT_ERROR_INVALID,
                   _("The result file is empty or was not stored. Choose the file again."));
      return NULL;
    }
  if (g_strcmp0 (file->mime, "application/pdf") != 0)
    {
      g_set_error (error, MC_RESULT_ERROR, MC_RESULT_ERROR_NOT_PDF,
                   _("“%s” is not a PDF. Results are signed as PDF: export the document to PDF and attach that."),
                   file->name);
      return NULL;
    }

  officer = mc_dossier_ops_acting_officer (db, ctx, error);
  if (officer == NULL)
    return NULL;
  if (!mc_dossier_ops_load_row (db, code, &row, error))
    return NULL;
  if (!mc_result_may_attach (ctx->rules, row.state, row.step, officer->role, error))
    return NULL;

  stored = *file;
  stored.component_code = NULL;
  g_ptr_array_add (files, &stored);
  if (!mc_dossier_ops_insert_files (db, row.id, "result", files, ctx->now, officer->login, error))
    return NULL;
  file_id = sqlite3_last_insert_rowid (db);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, file_id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, file->name);
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, file->sha256);
  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, file->size);
  json_builder_set_member_name (builder, "mime");
  json_builder_add_string_value (builder, file->mime);
  json_builder_end_object (builder);

  node = json_builder_get_root (builder);

  return record_result_change (db, &row, code, MC_ACTION_ATTACH_RESULT, officer, file->name, row.step,
                               node, ctx->now, ctx->now, error);
}

static gboolean
all_results_sealed (sqlite3     *db,
                    gint64       dossier_id,
                    const char  *code,
                    gboolean    *sealed,
                    GError     **error)
{
  g_autoptr(GPtrArray) files = list_results (db, dossier_id, code, 0, error);

  if (files == NULL)
    return FALSE;
  *sealed = files->len > 0;
  for (guint i = 0; i < files->len; i++)
    *sealed = *sealed && mc_result_file_has_organisation_signature (g_ptr_array_index (files, i));

  return TRUE;
}

/**
 * mc_result_ops_record_signature:
 * @db: a writer connection inside the change's transaction
 * @ctx: rules, calendar and who acts
 * @code: the dossier code
 * @record: the signature made: which result, as what, the signed file
 *   (already in the blob store) and its SHA-256
 * @error: where to put a failure
 *
 * Records one signature of a result: the file's signed version, a
 * timeline entry, a `sign_result` op carrying the signed file's SHA-256
 * and the kind of signature, and an audit entry. The leader's signature
 * on a dossier at the rules' "approved" step moves it on as mark_signed
 * would; the organisation's signature on the last result still without
 * one numbers and seals the dossier (number_and_seal, same transaction)
 * with @record's issue number. A wrong role or step, a result that is not
 * this dossier's, a signature it already has or a signed file made from
 * another version is refused with nothing written.
 *
 * Returns: (transfer full): the op id of the sign_result op, or %NULL
 */
char *
mc_result_ops_record_signature (sqlite3                  *db,
                                McOpsContext             *ctx,
                                const char               *code,
                                const McSignatureRecord  *record,
                                GError                  **error)
{
  g_auto(McDossierRow) row = { 0 };
  g_autoptr(McOfficer) officer = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autofree char *note = NULL;
  g_autofree char *op_id = NULL;
  const McWorkflowAction *signed_rule;
  const char *new_step;
  McResultFile *file;
  gboolean organisation;
  gint64 at;

  g_return_val_if_fail (ctx != NULL && ctx->rules != NULL, NULL);
  g_return_val_if_fail (code != NULL && record != NULL, NULL);

  at = record->at > 0 ? record->at : ctx->now;
  organisation = record->kind != MC_SIGNATURE_KIND_LEADER;

  if (!mc_blob_store_is_sha256 (record->input_sha256) || !mc_blob_store_is_sha256 (record->signed_sha256) ||
      record->signed_size <= 0 || record->signer == NULL || *record->signer == '\0' ||
      record->kind > MC_SIGNATURE_KIND_ATTACHMENT)
    {
      g_set_error (error, MC_RESULT_ERROR, MC_RESULT_ERROR_INVALID,
                   _("The signed file’s record is incomplete (hash, size or signer missing). Sign the result again."));
      return NULL;
    }
  if (g_str_equal (record->input_sha256, record->signed_sha256))
    {
      g_set_error (error, MC_RESULT_ERROR, MC_RESULT_ERROR_INVALID,
                   _("The signed file is the same as the unsigned one. Sign the result again."));
      return NULL;
    }
  if (organisation && (record->issue_number == NULL || *record->issue_number == '\0'))
    {
      g_set_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_MISSING_ISSUE_NUMBER,
                   _("Enter the issue number of the result document."));
      return NULL;
    }

  officer = mc_dossier_ops_acting_officer (db, ctx, error);
  if (officer == NULL)
    return NULL;
  if (!mc_dossier_ops_load_row (db, code, &row, error))
    return NULL;
  if (!mc_result_may_sign (ctx->rules, record->kind, row.state, row.step, officer->role, error))
    return NULL;

  files = list_results (db, row.id, code, record->file_id, error);
  if (files == NULL)
    return NULL;
  if (files->len != 1)
    {
      g_set_error (error, MC_RESULT_ERROR, MC_RESULT_ERROR_NOT_A_RESULT,
                   _("Dossier “%s” has no such result document. Reload the dossier and try again."), code);
      return NULL;
    }
  file = g_ptr_array_index (files, 0);
  if (!mc_result_file_wants (file, record->kind, error))
    return NULL;
  if (!g_str_equal (file->current_sha256, record->input_sha256))
    {
      g_set_error (error, MC_RESULT_ERROR, MC_RESULT_ERROR_CHANGED,
                   _("“%s” changed while it was being signed. Sign it again."), file->name);
      return NULL;
    }

  /* The leader's signature moves an approved dossier on, as marking it
   * signed does; further results are signed at that step too. */
  signed_rule = mc_workflow_lookup (ctx->rules, MC_ACTION_MARK_SIGNED);
  new_step = row.step;
  if (record->kind == MC_SIGNATURE_KIND_LEADER && signed_rule != NULL && signed_rule->to_step != NULL &&
      mc_workflow_check (ctx->rules, signed_rule, row.state, row.step, officer->role, NULL))
    new_step = signed_rule->to_step;

  update = mc_db_prepare (db,
                          "UPDATE dossier_file SET signed_sha256 = ?1, signed_by = ?2, signed_at = ?3"
                          " WHERE id = ?4",
                          error);
  if (update == NULL)
    return NULL;
  mc_db_bind_text (update, 1, record->signed_sha256);
  mc_db_bind_text (update, 2, record->signer);
  sqlite3_bind_int64 (update, 3, at);
  sqlite3_bind_int64 (update, 4, file->id);
  if (!mc_db_step_done (db, update, error))
    return NULL;

  note = g_strdup_printf ("%s — %s", file->name, mc_signature_kind_label (record->kind));
  if (!set_step (db, &row, code, new_step, error))
    return NULL;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, file->id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, file->name);
  json_builder_set_member_name (builder, "signature");
  json_builder_add_string_value (builder, mc_signature_kind_to_string (record->kind));
  json_builder_set_member_name (builder, "input_sha256");
  json_builder_add_string_value (builder, record->input_sha256);
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, record->signed_sha256);
  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, record->signed_size);
  json_builder_set_member_name (builder, "signer");
  json_builder_add_string_value (builder, record->signer);
  json_builder_set_member_name (builder, "level");
  json_builder_add_string_value (builder, record->level != NULL ? record->level : "");
  if (organisation)
    {
      json_builder_set_member_name (builder, "issue_number");
      json_builder_add_string_value (builder, record->issue_number);
    }
  json_builder_end_object (builder);

  node = json_builder_get_root (builder);
  op_id = record_result_change (db, &row, code, MC_ACTION_SIGN_RESULT, officer, note, new_step, node,
                                at, ctx->now, error);
  if (op_id == NULL)
    return NULL;

  insert = mc_db_prepare (db,
                          "INSERT INTO result_signature (file_id, kind, input_sha256, signed_sha256, size,"
                          " signer, officer, level, issue_number, signed_at, op_id)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                          error);
  if (insert == NULL)
    return NULL;
  sqlite3_bind_int64 (insert, 1, file->id);
  mc_db_bind_text (insert, 2, mc_signature_kind_to_string (record->kind));
  mc_db_bind_text (insert, 3, record->input_sha256);
  mc_db_bind_text (insert, 4, record->signed_sha256);
  sqlite3_bind_int64 (insert, 5, record->signed_size);
  mc_db_bind_text (insert, 6, record->signer);
  mc_db_bind_text (insert, 7, officer->login);
  mc_db_bind_text (insert, 8, record->level != NULL ? record->level : "");
  mc_db_bind_text (insert, 9, organisation ? record->issue_number : "");
  sqlite3_bind_int64 (insert, 10, at);
  mc_db_bind_text (insert, 11, op_id);
  if (!mc_db_step_done (db, insert, error))
    return NULL;

  /* The last result to get the organisation's signature: the clerk's
   * numbering and sealing follows in the same transaction. */
  if (organisation)
    {
      gboolean sealed = FALSE;

      if (!all_results_sealed (db, row.id, code, &sealed, error))
        return NULL;
      if (sealed)
        {
          McActionParams params = { 0 };
          g_autofree char *seal_op = NULL;

          params.issue_number = record->issue_number;
          params.at = at;
          seal_op = mc_dossier_ops_act (db, ctx, code, MC_ACTION_NUMBER_AND_SEAL, &params, error);
          if (seal_op == NULL)
            return NULL;
        }
    }

  return g_steal_pointer (&op_id);
}

/**
 * mc_result_ops_plan_signing:
 * @db: a connection inside a transaction
 * @ctx: rules and who acts
 * @codes: (array zero-terminated=1): the dossiers to sign
 * @kind: the signature to make
 * @error: where to put a failure of the store itself
 *
 * What a batch would sign: one task per result that wants a @kind
 * signature now, in the order of @codes, and one task with a refusal for
 * each dossier the officer may not sign now or that has nothing to sign
 * (results already signed are left out).
 *
 * Returns: (transfer full) (element-type McSignTask): the tasks
 */
GPtrArray *
mc_result_ops_plan_signing (sqlite3             *db,
                            McOpsContext        *ctx,
                            const char * const  *codes,
                            McSignatureKind      kind,
                            GError             **error)
{
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_sign_task_free);
  g_autoptr(McOfficer) officer = NULL;

  g_return_val_if_fail (ctx != NULL && ctx->rules != NULL, NULL);
  g_return_val_if_fail (codes != NULL, NULL);

  officer = mc_dossier_ops_acting_officer (db, ctx, error);
  if (officer == NULL)
    return NULL;

  for (guint i = 0; codes[i] != NULL; i++)
    {
      g_auto(McDossierRow) row = { 0 };
      g_autoptr(GPtrArray) files = NULL;
      g_autoptr(GError) local_error = NULL;
      guint before = tasks->len;
      guint n_signed = 0;

      if (!mc_dossier_ops_load_row (db, codes[i], &row, &local_error))
        {
          McSignTask *task;

          if (!g_error_matches (local_error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_NOT_FOUND))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          task = g_new0 (McSignTask, 1);
          task->dossier_code = g_strdup (codes[i]);
          task->refusal = g_steal_pointer (&local_error);
          g_ptr_array_add (tasks, task);
          continue;
        }

      files = list_results (db, row.id, codes[i], 0, error);
      if (files == NULL)
        return NULL;

      if (!mc_result_may_sign (ctx->rules, kind, row.state, row.step, officer->role, &local_error))
        {
          McSignTask *task = g_new0 (McSignTask, 1);

          task->dossier_code = g_strdup (codes[i]);
          task->applicant_name = g_strdup (row.applicant_name);
          task->refusal = g_steal_pointer (&local_error);
          g_ptr_array_add (tasks, task);
          continue;
        }

      for (guint j = 0; j < files->len; j++)
        {
          McResultFile *file = g_ptr_array_index (files, j);
          g_autoptr(GError) not_wanted = NULL;
          McSignTask *task;

          if (!mc_result_file_wants (file, kind, &not_wanted))
            {
              if (g_error_matches (not_wanted, MC_RESULT_ERROR, MC_RESULT_ERROR_ALREADY_SIGNED))
                {
                  n_signed++;
                  continue;
                }
            }

          task = g_new0 (McSignTask, 1);
          task->dossier_code = g_strdup (codes[i]);
          task->applicant_name = g_strdup (row.applicant_name);
          task->file_id = file->id;
          task->file_name = g_strdup (file->name);
          task->input_sha256 = g_strdup (file->current_sha256);
          task->refusal = g_steal_pointer (&not_wanted);
          g_ptr_array_add (tasks, task);
        }

      if (tasks->len == before)
        {
          McSignTask *task = g_new0 (McSignTask, 1);

          task->dossier_code = g_strdup (codes[i]);
          task->applicant_name = g_strdup (row.applicant_name);
          if (n_signed > 0)
            g_set_error (&task->refusal, MC_RESULT_ERROR, MC_RESULT_ERROR_ALREADY_SIGNED,
                         _("Every result of this dossier is already signed."));
          else
            g_set_error (&task->refusal, MC_RESULT_ERROR, MC_RESULT_ERROR_NO_RESULTS,
                         _("This dossier has no result document to sign. The specialist attaches it first."));
          g_ptr_array_add (tasks, task);
        }
    }

  return g_steal_pointer (&tasks);
}
