/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Recording a change to a dossier. Every kind of change ends here, so the
 * invariant the sync and the audit rely on holds for all of them: each
 * version of a dossier has exactly one timeline entry, one outbox op and
 * one audit entry, written in the change's own transaction. The op and the
 * audit entry describe the dossier as it is after the change. */
#define G_LOG_DOMAIN "motcua-workflow"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "domain/mc-workflow.h"
#include "mc-audit.h"
#include "mc-change.h"
#include "mc-dossier-repo.h"
#include "mc-outbox.h"

gboolean
mc_change_add_timeline (sqlite3          *db,
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
  /* An officer without a title is named by their role's code, translated
   * when the timeline is read, never by a label in today's language. */
  mc_db_bind_text (stmt, 4, officer->title[0] != '\0' ? officer->title : mc_role_to_string (officer->role));
  mc_db_bind_text (stmt, 5, officer->department);
  mc_db_bind_text (stmt, 6, action);
  mc_db_bind_text (stmt, 7, note != NULL ? note : "");
  sqlite3_bind_int (stmt, 8, state_after);
  mc_db_bind_text (stmt, 9, step_after != NULL ? step_after : "");

  return mc_db_step_done (db, stmt, error);
}

/* Every change is made on the version of the dossier it read; an update
 * that found no such row means somebody changed the dossier meanwhile. */
gboolean
mc_change_check_applied (sqlite3     *db,
                         const char  *code,
                         GError     **error)
{
  if (sqlite3_changes (db) == 1)
    return TRUE;

  g_set_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_STALE,
               _("Dossier “%s” was changed meanwhile. Reload it and try again."), code);
  return FALSE;
}

/* Who changed which version of which dossier, when; the rest of @change
 * is left empty for the caller to fill. */
void
mc_change_init (McChange         *change,
                gint64            dossier_id,
                const char       *code,
                gint64            base_version,
                const char       *action,
                const McOfficer  *officer,
                gint64            at,
                gint64            now)
{
  memset (change, 0, sizeof *change);
  change->dossier_id = dossier_id;
  change->code = code;
  change->base_version = base_version;
  change->action = action;
  change->officer = officer;
  change->at = at;
  change->now = now;
}

/* The one place a dossier's version moves: only from the version the
 * change was made on, so a change made on a stale read is refused. */
static gboolean
bump_version (sqlite3         *db,
              const McChange  *change,
              GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = mc_db_prepare (db,
                        "UPDATE dossier SET version = version + 1, updated_at = ?1"
                        " WHERE id = ?2 AND version = ?3",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, change->now);
  sqlite3_bind_int64 (stmt, 2, change->dossier_id);
  sqlite3_bind_int64 (stmt, 3, change->base_version);

  return mc_db_step_done (db, stmt, error) && mc_change_check_applied (db, change->code, error);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

/* What the change said besides who and what: the same members in the op
 * and in the audit entry. */
static void
add_params (JsonBuilder          *builder,
            const McActionParams *params,
            gboolean              all)
{
  if (params == NULL)
    return;

  add_string (builder, "reason", params->reason);
  if (!all)
    return;
  add_string (builder, "department", params->department);
  add_string (builder, "issue_number", params->issue_number);
  if (params->new_appointment > 0)
    {
      g_autofree char *when = mc_portal_time (params->new_appointment);

      add_string (builder, "new_appointment", when);
    }
}

static JsonNode *
op_payload (const McChange  *change,
            const McDossier *dossier)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_string (builder, "action", change->action);
  add_string (builder, "officer", change->officer->login);
  add_params (builder, change->params, TRUE);
  if (change->file != NULL)
    {
      json_builder_set_member_name (builder, "file");
      json_builder_add_value (builder, json_node_copy (change->file));
    }
  add_string (builder, "step", dossier->step);
  json_builder_set_member_name (builder, "dossier");
  json_builder_add_value (builder, mc_dossier_portal_update (dossier, change->with_files, 1));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static char *
audit_detail (const McChange  *change,
              const McDossier *dossier,
              const char      *op_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  add_string (builder, "op_id", op_id);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, dossier->version);
  json_builder_set_member_name (builder, "state");
  json_builder_add_int_value (builder, dossier->state);
  add_string (builder, "step", dossier->step);
  add_params (builder, change->params, FALSE);
  if (change->file != NULL)
    {
      json_builder_set_member_name (builder, "file");
      json_builder_add_value (builder, json_node_copy (change->file));
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

/**
 * mc_change_record:
 * @db: a writer connection inside the change's transaction
 * @change: the change, made on @change->base_version of the dossier
 * @error: where to put a failure; %MC_WORKFLOW_ERROR_STALE when the
 *   dossier is no longer at that version
 *
 * Bumps the dossier's version (a dossier the change made is at version 1
 * already) and writes the change's timeline entry, outbox op and audit
 * entry.
 *
 * Returns: (transfer full): the op id, or %NULL on failure
 */
char *
mc_change_record (sqlite3         *db,
                  const McChange  *change,
                  GError         **error)
{
  g_autoptr(McDossier) dossier = NULL;
  g_autoptr(JsonNode) payload = NULL;
  g_autofree char *op_id = NULL;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (db != NULL && change != NULL, NULL);
  g_return_val_if_fail (change->action != NULL && change->officer != NULL, NULL);

  if ((!change->created && !bump_version (db, change, error)) ||
      !mc_change_add_timeline (db, change->dossier_id, change->at, change->officer, change->action,
                               change->note, change->state_after, change->step_after, error))
    return NULL;

  dossier = mc_dossier_repo_load (db, change->code, error);
  if (dossier == NULL)
    return NULL;

  payload = op_payload (change, dossier);
  op_id = mc_outbox_append (db, dossier->id, dossier->code, change->base_version, change->action,
                            payload, change->at, error);
  if (op_id == NULL)
    return NULL;

  detail = audit_detail (change, dossier, op_id);
  if (!mc_audit_append (db, change->at, change->officer->login, change->action, dossier->code, detail, error))
    return NULL;

  return g_steal_pointer (&op_id);
}
