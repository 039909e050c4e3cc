/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The schema as a list of forward-only steps. Step N takes a database at
 * user_version N-1 to N in one transaction; a released step is never edited,
 * only followed by a new one. */
#define G_LOG_DOMAIN "motcua-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-store-private.h"

static const char * const migrations[] = {
  /* 1: the workspace itself */
  "CREATE TABLE workspace_meta ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ") STRICT;"
  "INSERT INTO workspace_meta (key, value) VALUES"
  "  ('workspace_id', lower(hex(randomblob(16)))),"
  "  ('created_at', CAST(unixepoch() AS TEXT));",

  /* 2: dossiers with the core columns the queues need */
  "CREATE TABLE dossier ("
  "  id INTEGER PRIMARY KEY,"
  "  code TEXT NOT NULL UNIQUE,"
  "  procedure_code TEXT NOT NULL,"
  "  procedure_name TEXT NOT NULL,"
  "  applicant_name TEXT NOT NULL,"
  "  applicant_id TEXT NOT NULL,"
  "  received_at INTEGER,"
  "  due_at INTEGER,"
  "  state INTEGER NOT NULL CHECK (state BETWEEN 1 AND 10),"
  "  version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),"
  "  updated_at INTEGER NOT NULL"
  ") STRICT;"
  "CREATE INDEX dossier_state_due ON dossier (state, due_at, id);"
  "CREATE INDEX dossier_due ON dossier (due_at, id);",

  /* 3: administrative units in force since 1 July 2025, and the units before
   * it with the new unit(s) each went into (a comma-separated list when a
   * commune was split). Reference data, reloaded from data/admin-units/. */
  "CREATE TABLE admin_province ("
  "  code TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL"
  ") STRICT;"
  "CREATE TABLE admin_commune ("
  "  code TEXT PRIMARY KEY,"
  "  province_code TEXT NOT NULL REFERENCES admin_province (code),"
  "  name TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX admin_commune_province ON admin_commune (province_code);"
  "CREATE TABLE admin_commune_old ("
  "  code TEXT PRIMARY KEY,"
  "  province_code TEXT NOT NULL,"
  "  province_name TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  new_province_code TEXT NOT NULL REFERENCES admin_province (code),"
  "  new_commune_codes TEXT NOT NULL"
  ") STRICT;",

  /* 4: the one-stop workflow. The procedure catalogue; dossiers with the
   * national portal's fields, their components, files, timeline; the outbox
   * of operations for the central system; the hash-chained audit log;
   * leased blocks of dossier numbers; the officers of this desk; and a
   * full-text index over folded (tone- and diacritic-free) text, kept by
   * triggers that call mc_fold(), a function every connection registers. */
  "CREATE TABLE procedure ("
  "  code TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  field TEXT NOT NULL,"
  "  level TEXT NOT NULL CHECK (level IN ('commune', 'province')),"
  "  working_days REAL NOT NULL CHECK (working_days >= 0),"
  "  fee INTEGER NOT NULL DEFAULT 0,"
  "  sample INTEGER NOT NULL DEFAULT 0,"
  "  effective_from TEXT,"
  "  definition TEXT NOT NULL"
  ") STRICT;"

  "ALTER TABLE dossier ADD COLUMN channel INTEGER NOT NULL DEFAULT 1 CHECK (channel BETWEEN 1 AND 3);"
  "ALTER TABLE dossier ADD COLUMN procedure_field TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE dossier ADD COLUMN applicant_birth TEXT;"
  "ALTER TABLE dossier ADD COLUMN applicant_sex TEXT;"
  "ALTER TABLE dossier ADD COLUMN applicant_phone TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE dossier ADD COLUMN applicant_email TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE dossier ADD COLUMN applicant_address TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE dossier ADD COLUMN office_code TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE dossier ADD COLUMN step TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE dossier ADD COLUMN department TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE dossier ADD COLUMN handler TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE dossier ADD COLUMN received_by TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE dossier ADD COLUMN paused_at INTEGER;"
  "ALTER TABLE dossier ADD COLUMN resume_state INTEGER;"
  "ALTER TABLE dossier ADD COLUMN remaining_seconds INTEGER;"
  "ALTER TABLE dossier ADD COLUMN supplement_count INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE dossier ADD COLUMN apology_count INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE dossier ADD COLUMN result_ready_at INTEGER;"
  "ALTER TABLE dossier ADD COLUMN returned_at INTEGER;"
  "ALTER TABLE dossier ADD COLUMN issue_number TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE dossier ADD COLUMN flags TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE dossier ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;"
  "CREATE INDEX dossier_step ON dossier (step, state);"
  "CREATE INDEX dossier_procedure ON dossier (procedure_code);"
  "CREATE INDEX dossier_received ON dossier (received_at);"
  "CREATE INDEX dossier_handler ON dossier (handler);"

  "CREATE TABLE dossier_component ("
  "  id INTEGER PRIMARY KEY,"
  "  dossier_id INTEGER NOT NULL REFERENCES dossier (id) ON DELETE CASCADE,"
  "  code TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  copies INTEGER NOT NULL DEFAULT 1,"
  "  kind TEXT NOT NULL DEFAULT 'original',"
  "  provided INTEGER NOT NULL DEFAULT 0,"
  "  UNIQUE (dossier_id, code)"
  ") STRICT;"

  "CREATE TABLE dossier_file ("
  "  id INTEGER PRIMARY KEY,"
  "  dossier_id INTEGER NOT NULL REFERENCES dossier (id) ON DELETE CASCADE,"
  "  component_code TEXT,"
  "  role TEXT NOT NULL CHECK (role IN ('component', 'result', 'slip')),"
  "  name TEXT NOT NULL,"
  "  sha256 TEXT NOT NULL CHECK (length (sha256) = 64),"
  "  size INTEGER NOT NULL,"
  "  mime TEXT NOT NULL DEFAULT 'application/pdf',"
  "  added_at INTEGER NOT NULL,"
  "  added_by TEXT NOT NULL DEFAULT '',"
  "  signed_sha256 TEXT,"
  "  signed_by TEXT,"
  "  signed_at INTEGER"
  ") STRICT;"
  "CREATE INDEX dossier_file_dossier ON dossier_file (dossier_id);"

  "CREATE TABLE timeline ("
  "  id INTEGER PRIMARY KEY,"
  "  dossier_id INTEGER NOT NULL REFERENCES dossier (id) ON DELETE CASCADE,"
  "  at INTEGER NOT NULL,"
  "  actor TEXT NOT NULL,"
  "  role TEXT NOT NULL,"
  "  department TEXT NOT NULL DEFAULT '',"
  "  action TEXT NOT NULL,"
  "  note TEXT NOT NULL DEFAULT '',"
  "  state_after INTEGER NOT NULL,"
  "  step_after TEXT NOT NULL DEFAULT ''"
  ") STRICT;"
  "CREATE INDEX timeline_dossier ON timeline (dossier_id, at);"

  "CREATE TABLE outbox ("
  "  seq INTEGER PRIMARY KEY,"
  "  op_id TEXT NOT NULL UNIQUE,"
  "  dossier_id INTEGER NOT NULL REFERENCES dossier (id),"
  "  dossier_code TEXT NOT NULL,"
  "  base_version INTEGER NOT NULL,"
  "  type TEXT NOT NULL,"
  "  payload TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  status TEXT NOT NULL DEFAULT 'pending'"
  "    CHECK (status IN ('pending', 'applied', 'duplicate', 'conflict', 'rejected')),"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  last_error TEXT"
  ") STRICT;"
  "CREATE INDEX outbox_status ON outbox (status, seq);"

  "CREATE TABLE audit ("
  "  seq INTEGER PRIMARY KEY,"
  "  at INTEGER NOT NULL,"
  "  actor TEXT NOT NULL,"
  "  action TEXT NOT NULL,"
  "  subject TEXT NOT NULL,"
  "  detail TEXT NOT NULL,"
  "  prev_hash TEXT NOT NULL,"
  "  hash TEXT NOT NULL"
  ") STRICT;"

  "CREATE TABLE sequence_lease ("
  "  id INTEGER PRIMARY KEY,"
  "  office_code TEXT NOT NULL,"
  "  day TEXT NOT NULL CHECK (length (day) = 6),"
  "  first INTEGER NOT NULL CHECK (first BETWEEN 1 AND 9999),"
  "  last INTEGER NOT NULL CHECK (last BETWEEN first AND 9999),"
  "  next INTEGER NOT NULL CHECK (next BETWEEN first AND last + 1),"
  "  source TEXT NOT NULL,"
  "  leased_at INTEGER NOT NULL"
  ") STRICT;"
  "CREATE INDEX sequence_lease_day ON sequence_lease (office_code, day);"

  "CREATE TABLE officer ("
  "  id INTEGER PRIMARY KEY,"
  "  login TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  title TEXT NOT NULL DEFAULT '',"
  "  department TEXT NOT NULL DEFAULT '',"
  "  role TEXT NOT NULL CHECK (role IN ('reception', 'specialist', 'leader', 'clerk'))"
  ") STRICT;"

  "CREATE VIRTUAL TABLE dossier_fts USING fts5 ("
  "  code, applicant, applicant_id, phone, address, procedure,"
  "  tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'"
  ");"
  "CREATE TRIGGER dossier_fts_insert AFTER INSERT ON dossier BEGIN"
  "  INSERT INTO dossier_fts (rowid, code, applicant, applicant_id, phone, address, procedure)"
  "  VALUES (new.id, new.code, mc_fold (new.applicant_name), mc_id_parts (new.applicant_id),"
  "          mc_id_parts (new.applicant_phone), mc_fold (new.applicant_address),"
  "          mc_fold (new.procedure_name));"
  "END;"
  "CREATE TRIGGER dossier_fts_update AFTER UPDATE OF code, applicant_name, applicant_id,"
  "  applicant_phone, applicant_address, procedure_name ON dossier BEGIN"
  "  DELETE FROM dossier_fts WHERE rowid = old.id;"
  "  INSERT INTO dossier_fts (rowid, code, applicant, applicant_id, phone, address, procedure)"
  "  VALUES (new.id, new.code, mc_fold (new.applicant_name), mc_id_parts (new.applicant_id),"
  "          mc_id_parts (new.applicant_phone), mc_fold (new.applicant_address),"
  "          mc_fold (new.procedure_name));"
  "END;"
  "CREATE TRIGGER dossier_fts_delete AFTER DELETE ON dossier BEGIN"
  "  DELETE FROM dossier_fts WHERE rowid = old.id;"
  "END;"
  "INSERT INTO dossier_fts (rowid, code, applicant, applicant_id, phone, address, procedure)"
  "  SELECT id, code, mc_fold (applicant_name), mc_id_parts (applicant_id),"
  "         mc_id_parts (applicant_phone), mc_fold (applicant_address), mc_fold (procedure_name)"
  "  FROM dossier;",

  /* 5: the signatures on result documents, one row per signature in the
   * order they were made (leader, then the organisation's seal or its
   * attachment signature). dossier_file.signed_* keep the newest signed
   * version of the file; these rows keep who signed which version as what,
   * which the rules of the next signature need. */
  "CREATE TABLE result_signature ("
  "  id INTEGER PRIMARY KEY,"
  "  file_id INTEGER NOT NULL REFERENCES dossier_file (id) ON DELETE CASCADE,"
  "  kind TEXT NOT NULL CHECK (kind IN ('leader', 'organisation', 'attachment')),"
  "  input_sha256 TEXT NOT NULL CHECK (length (input_sha256) = 64),"
  "  signed_sha256 TEXT NOT NULL CHECK (length (signed_sha256) = 64),"
  "  size INTEGER NOT NULL,"
  "  signer TEXT NOT NULL,"
  "  officer TEXT NOT NULL,"
  "  level TEXT NOT NULL DEFAULT '',"
  "  issue_number TEXT NOT NULL DEFAULT '',"
  "  signed_at INTEGER NOT NULL,"
  "  op_id TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX result_signature_file ON result_signature (file_id, id);",

  /* 6: an apology's new appointment lives beside the original one, which
   * is what the applicant was promised (and the portal got as NgayHenTra)
   * and stays the measure of lateness. Dossiers apologised for before
   * this step had due_at overwritten: the original comes back from the op
   * sent just before their first apology, which carries the dossier as it
   * was then (NgayHenTra, yyyyMMddHHmmss in Vietnam time, UTC+7). */
  "ALTER TABLE dossier ADD COLUMN new_due_at INTEGER;"
  "UPDATE dossier SET new_due_at = due_at, due_at = coalesce (("
  "  SELECT unixepoch (printf ('%s-%s-%s %s:%s:%s',"
  "           substr (t, 1, 4), substr (t, 5, 2), substr (t, 7, 2),"
  "           substr (t, 9, 2), substr (t, 11, 2), substr (t, 13, 2))) - 25200"
  "  FROM (SELECT json_extract (o.payload, '$.dossier.NgayHenTra') AS t FROM outbox o"
  "        WHERE o.dossier_id = dossier.id AND o.seq <"
  "          (SELECT min (seq) FROM outbox WHERE dossier_id = dossier.id AND type = 'apologise')"
  "        ORDER BY o.seq DESC LIMIT 1)"
  "  WHERE length (t) = 14), due_at)"
  " WHERE apology_count > 0;",

  /* 7: officers sign in. Each officer's password verifier (Argon2id) and
   * where it came from: set at this desk ("local") or cached from the
   * central account at the last online sign-in ("central-cached"), so that
   * signing in offline works the same way for both. Officers are never
   * deleted (the audit names them): they are deactivated. */
  "ALTER TABLE officer ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));"
  "CREATE TABLE officer_auth ("
  "  login TEXT PRIMARY KEY REFERENCES officer (login),"
  "  source TEXT NOT NULL CHECK (source IN ('local', 'central-cached')),"
  "  verifier TEXT NOT NULL,"
  "  updated_at INTEGER NOT NULL"
  ") STRICT;",

  /* 8: the service indicators read one covering index, in reception
   * order, instead of searching every dossier's timeline and files for
   * every report. What they need besides the dossier's own columns is
   * kept in it: the finish time (result ready, else returned, else the
   * first time the timeline reached the refused, withdrawn or stopped
   * state the dossier is in) and which files it has. The view says how
   * they follow from the raw tables; triggers refresh a dossier's copy
   * from it in the transaction of every write that could change them,
   * whoever writes (the workflow, the sync, imports). */
  "ALTER TABLE dossier ADD COLUMN finished_at INTEGER;"
  "ALTER TABLE dossier ADD COLUMN has_component_file INTEGER NOT NULL DEFAULT 0"
  "  CHECK (has_component_file IN (0, 1));"
  "ALTER TABLE dossier ADD COLUMN has_result_file INTEGER NOT NULL DEFAULT 0"
  "  CHECK (has_result_file IN (0, 1));"
  "ALTER TABLE dossier ADD COLUMN components_filed INTEGER NOT NULL DEFAULT 1"
  "  CHECK (components_filed IN (0, 1));"
  "CREATE VIEW dossier_report_facts AS"
  " SELECT d.id AS dossier_id,"
  "  CASE WHEN d.state IN (9, 10) THEN coalesce (d.result_ready_at, d.returned_at)"
  "       WHEN d.state IN (3, 7, 8) THEN (SELECT min (t.at) FROM timeline t"
  "                                       WHERE t.dossier_id = d.id AND t.state_after = d.state)"
  "  END AS finished_at,"
  "  EXISTS (SELECT 1 FROM dossier_file f WHERE f.dossier_id = d.id AND f.role = 'component') AS has_component_file,"
  "  EXISTS (SELECT 1 FROM dossier_file f WHERE f.dossier_id = d.id AND f.role = 'result') AS has_result_file,"
  "  NOT EXISTS (SELECT 1 FROM dossier_component c WHERE c.dossier_id = d.id AND c.provided = 1"
  "              AND NOT EXISTS (SELECT 1 FROM dossier_file f WHERE f.dossier_id = d.id"
  "                              AND f.role = 'component' AND f.component_code = c.code)) AS components_filed"
  " FROM dossier d;"
#define REFRESH_FACTS(id) \
  "  UPDATE dossier SET (finished_at, has_component_file, has_result_file, components_filed) =" \
  "    (SELECT finished_at, has_component_file, has_result_file, components_filed" \
  "     FROM dossier_report_facts WHERE dossier_id = " id ")" \
  "  WHERE id = " id ";"
  "UPDATE dossier SET (finished_at, has_component_file, has_result_file, components_filed) ="
  "  (SELECT finished_at, has_component_file, has_result_file, components_filed"
  "   FROM dossier_report_facts WHERE dossier_id = dossier.id);"
  "CREATE TRIGGER dossier_facts_insert AFTER INSERT ON dossier BEGIN"
  REFRESH_FACTS ("new.id")
  "END;"
  "CREATE TRIGGER dossier_facts_update AFTER UPDATE OF state, result_ready_at, returned_at ON dossier BEGIN"
  REFRESH_FACTS ("new.id")
  "END;"
  /* Only entries reaching a finishing state can move a finish time. */
  "CREATE TRIGGER dossier_facts_timeline_insert AFTER INSERT ON timeline"
  " WHEN new.state_after IN (3, 7, 8) BEGIN"
  REFRESH_FACTS ("new.dossier_id")
  "END;"
  "CREATE TRIGGER dossier_facts_timeline_update AFTER UPDATE OF dossier_id, at, state_after ON timeline BEGIN"
  REFRESH_FACTS ("old.dossier_id")
  REFRESH_FACTS ("new.dossier_id")
  "END;"
  "CREATE TRIGGER dossier_facts_timeline_delete AFTER DELETE ON timeline"
  " WHEN old.state_after IN (3, 7, 8) BEGIN"
  REFRESH_FACTS ("old.dossier_id")
  "END;"
  "CREATE TRIGGER dossier_facts_file_insert AFTER INSERT ON dossier_file BEGIN"
  REFRESH_FACTS ("new.dossier_id")
  "END;"
  "CREATE TRIGGER dossier_facts_file_update AFTER UPDATE OF dossier_id, role, component_code ON dossier_file BEGIN"
  REFRESH_FACTS ("old.dossier_id")
  REFRESH_FACTS ("new.dossier_id")
  "END;"
  "CREATE TRIGGER dossier_facts_file_delete AFTER DELETE ON dossier_file BEGIN"
  REFRESH_FACTS ("old.dossier_id")
  "END;"
  "CREATE TRIGGER dossier_facts_component_insert AFTER INSERT ON dossier_component BEGIN"
  REFRESH_FACTS ("new.dossier_id")
  "END;"
  "CREATE TRIGGER dossier_facts_component_update AFTER UPDATE OF dossier_id, code, provided ON dossier_component BEGIN"
  REFRESH_FACTS ("old.dossier_id")
  REFRESH_FACTS ("new.dossier_id")
  "END;"
  "CREATE TRIGGER dossier_facts_component_delete AFTER DELETE ON dossier_component BEGIN"
  REFRESH_FACTS ("old.dossier_id")
  "END;"
#undef REFRESH_FACTS
  /* Everything the report lists or filters on, led by its order. */
  "CREATE INDEX dossier_report ON dossier (received_at, code, procedure_code, procedure_name, channel, state,"
  "  due_at, new_due_at, finished_at, supplement_count, apology_count, has_component_file, has_result_file,"
  "  components_filed, procedure_field, handler, received_by);",

  /* 9: attach first, read the text later. A scanned file is stored at
   * once as page images and marked ocr_pending until the background OCR
   * has added its searchable version; the mark is in the store so that
   * a desk killed meanwhile picks the work up at its next start. The
   * text read from a file (OCR, or the text layer an imported PDF had)
   * is kept per file and searched with the dossier: the full-text table
   * gains an attachments column, rebuilt from file_text. */
  "ALTER TABLE dossier_file ADD COLUMN ocr_pending INTEGER NOT NULL DEFAULT 0 CHECK (ocr_pending IN (0, 1));"
  "CREATE INDEX dossier_file_ocr_pending ON dossier_file (id) WHERE ocr_pending = 1;"
  "CREATE TABLE file_text ("
  "  file_id INTEGER PRIMARY KEY REFERENCES dossier_file (id) ON DELETE CASCADE,"
  "  text TEXT NOT NULL"
  ") STRICT;"
  "DROP TRIGGER dossier_fts_insert;"
  "DROP TRIGGER dossier_fts_update;"
  "DROP TRIGGER dossier_fts_delete;"
  "DROP TABLE dossier_fts;"
  "CREATE VIRTUAL TABLE dossier_fts USING fts5 ("
  "  code, applicant, applicant_id, phone, address, procedure, attachments,"
  "  tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'"
  ");"
  "CREATE VIEW dossier_fts_source AS"
  "  SELECT d.id AS id, d.code AS code, mc_fold (d.applicant_name) AS applicant,"
  "         mc_id_parts (d.applicant_id) AS applicant_id, mc_id_parts (d.applicant_phone) AS phone,"
  "         mc_fold (d.applicant_address) AS address, mc_fold (d.procedure_name) AS procedure,"
  "         mc_fold (coalesce ((SELECT group_concat (t.text, ' ') FROM file_text t"
  "                             JOIN dossier_file f ON f.id = t.file_id WHERE f.dossier_id = d.id), ''))"
  "           AS attachments"
  "  FROM dossier d;"
  "CREATE TRIGGER dossier_fts_insert AFTER INSERT ON dossier BEGIN"
  "  INSERT INTO dossier_fts (rowid, code, applicant, applicant_id, phone, address, procedure, attachments)"
  "  SELECT * FROM dossier_fts_source WHERE id = new.id;"
  "END;"
  "CREATE TRIGGER dossier_fts_update AFTER UPDATE OF code, applicant_name, applicant_id,"
  "  applicant_phone, applicant_address, procedure_name ON dossier BEGIN"
  "  DELETE FROM dossier_fts WHERE rowid = old.id;"
  "  INSERT INTO dossier_fts (rowid, code, applicant, applicant_id, phone, address, procedure, attachments)"
  "  SELECT * FROM dossier_fts_source WHERE id = new.id;"
  "END;"
  "CREATE TRIGGER dossier_fts_delete AFTER DELETE ON dossier BEGIN"
  "  DELETE FROM dossier_fts WHERE rowid = old.id;"
  "END;"
  "CREATE TRIGGER file_text_fts AFTER INSERT ON file_text BEGIN"
  "  DELETE FROM dossier_fts WHERE rowid = (SELECT dossier_id FROM dossier_file WHERE id = new.file_id);"
  "  INSERT INTO dossier_fts (rowid, code, applicant, applicant_id, phone, address, procedure, attachments)"
  "  SELECT * FROM dossier_fts_source"
  "  WHERE id = (SELECT dossier_id FROM dossier_file WHERE id = new.file_id);"
  "END;"
  "INSERT INTO dossier_fts (rowid, code, applicant, applicant_id, phone, address, procedure, attachments)"
  "  SELECT * FROM dossier_fts_source;",

  /* 10: the digital copy signed in the background. A copy the official
   * asked to have signed is stored at once, unsigned, and marked
   * sign_pending; the desk's sign queue signs it once its text is read
   * (the mark moves to the text version with it) and records the signed
   * file as the component's newest version, its signed_sha256, signed_by
   * and signed_at set as a result's are. The mark is in the store so that
   * a copy left unsigned (token pulled, wrong PIN, desk killed) is signed
   * later and never forgotten. */
  "ALTER TABLE dossier_file ADD COLUMN sign_pending INTEGER NOT NULL DEFAULT 0 CHECK (sign_pending IN (0, 1));"
  "CREATE INDEX dossier_file_sign_pending ON dossier_file (id) WHERE sign_pending = 1;",
};

int
mc_store_latest_version (void)
{
  return (int) G_N_ELEMENTS (migrations);
}

/**
 * mc_store_migrate:
 * @db: a writer connection
 * @target: the version to reach, at most mc_store_latest_version()
 * @error: where to put a failure
 *
 * Runs each missing step in its own transaction, so a crash leaves the
 * database at the last completed step.
 *
 * Returns: %TRUE when @db is at @target
 */
gboolean
mc_store_migrate (sqlite3  *db,
                  int       target,
                  GError  **error)
{
  int version;

  g_return_val_if_fail (target <= mc_store_latest_version (), FALSE);

  version = mc_db_user_version (db, error);
  if (version < 0)
    return FALSE;

  /* Steps may fill tables through the schema's own SQL functions. */
  if (mc_db_register_functions (db) != SQLITE_OK)
    return mc_db_set_error (db, sqlite3_errcode (db), error);

  while (version < target)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version=%d", version + 1);

      g_debug ("Migrating workspace schema %d → %d", version, version + 1);

      if (!mc_db_exec (db, "BEGIN IMMEDIATE", error))
        return FALSE;

      if (!mc_db_exec (db, migrations[version], error) ||
          !mc_db_exec (db, bump, error) ||
          !mc_db_exec (db, "COMMIT", error))
        {
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          g_prefix_error (error, _("Upgrading the workspace failed at step %d: "), version + 1);
          return FALSE;
        }

      version++;
    }

  return TRUE;
}
