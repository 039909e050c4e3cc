/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Connecting to PostgreSQL and migrating its schema forward. Each migration
 * runs in its own transaction and records its number in schema_version, so a
 * half-applied step never remains; there are no down migrations. The change
 * feed is keyed by (office, seq) with a per-office counter row, so a reader
 * never skips a change committed late and its cost follows the changes read. */
#define G_LOG_DOMAIN "motcua-central"

#include "config.h"

#include "mc-central-db.h"

#include <sodium.h>
#include <string.h>

G_DEFINE_QUARK (mc-central-error-quark, mc_central_error)

static const char *const migrations[] = {
  /* 1: offices, officers, tokens, dossiers, ops, the feed, leases, blobs */
  "CREATE TABLE office ("
  "  code text PRIMARY KEY,"
  "  name text NOT NULL,"
  "  parent text REFERENCES office (code),"
  "  last_seq bigint NOT NULL DEFAULT 0);"
  "CREATE TABLE officer ("
  "  login text PRIMARY KEY,"
  "  name text NOT NULL,"
  "  office text NOT NULL REFERENCES office (code),"
  "  role text NOT NULL,"
  "  pw_hash text NOT NULL,"
  "  active boolean NOT NULL DEFAULT true,"
  "  version integer NOT NULL DEFAULT 1);"
  "CREATE TABLE login_failure ("
  "  login text NOT NULL,"
  "  at timestamptz NOT NULL DEFAULT now());"
  "CREATE INDEX login_failure_login ON login_failure (login, at);"
  "CREATE TABLE client ("
  "  client_id text PRIMARY KEY,"
  "  secret_hash text NOT NULL,"
  "  scope text NOT NULL);"
  "CREATE TABLE token_family ("
  "  id bigserial PRIMARY KEY,"
  "  login text NOT NULL REFERENCES officer (login),"
  "  desk_id text,"
  "  desk_name text,"
  "  created timestamptz NOT NULL DEFAULT now(),"
  "  revoked boolean NOT NULL DEFAULT false);"
  "CREATE TABLE refresh_token ("
  "  hash text PRIMARY KEY,"
  "  family bigint NOT NULL REFERENCES token_family (id),"
  "  used boolean NOT NULL DEFAULT false,"
  "  expires timestamptz NOT NULL);"
  "CREATE TABLE access_token ("
  "  hash text PRIMARY KEY,"
  "  family bigint REFERENCES token_family (id),"
  "  client_id text,"
  "  login text,"
  "  office text,"
  "  scope text NOT NULL,"
  "  expires timestamptz NOT NULL);"
  "CREATE INDEX access_token_expires ON access_token (expires);"
  "CREATE TABLE dossier ("
  "  code text PRIMARY KEY,"
  "  office text NOT NULL REFERENCES office (code),"
  "  version integer NOT NULL,"
  "  state integer NOT NULL,"
  "  fields jsonb NOT NULL,"
  "  updated timestamptz NOT NULL DEFAULT now());"
  "CREATE TABLE op ("
  "  op_id uuid PRIMARY KEY,"
  "  dossier_code text NOT NULL,"
  "  type text NOT NULL,"
  "  result jsonb,"
  "  token_login text,"
  "  op_officer text,"
  "  desk_id text,"
  "  taken_at bigint,"
  "  applied_at timestamptz NOT NULL DEFAULT now(),"
  "  audit_head jsonb,"
  "  payload jsonb);"
  "CREATE INDEX op_dossier ON op (dossier_code);"
  "CREATE TABLE change ("
  "  office text NOT NULL REFERENCES office (code),"
  "  seq bigint NOT NULL,"
  "  body jsonb NOT NULL,"
  "  PRIMARY KEY (office, seq));"
  "CREATE TABLE day_counter ("
  "  office text NOT NULL REFERENCES office (code),"
  "  day text NOT NULL,"
  "  next integer NOT NULL DEFAULT 1,"
  "  PRIMARY KEY (office, day));"
  "CREATE TABLE lease ("
  "  request_id text PRIMARY KEY,"
  "  office text NOT NULL,"
  "  day text NOT NULL,"
  "  first integer,"
  "  last integer,"
  "  login text,"
  "  at timestamptz NOT NULL DEFAULT now());"
  "CREATE TABLE portal_intake ("
  "  code text PRIMARY KEY,"
  "  body jsonb NOT NULL,"
  "  at timestamptz NOT NULL DEFAULT now());"
  "CREATE TABLE blob ("
  "  hash text PRIMARY KEY,"
  "  size bigint NOT NULL);"
  "CREATE TABLE blob_access ("
  "  hash text NOT NULL REFERENCES blob (hash),"
  "  office text NOT NULL REFERENCES office (code),"
  "  PRIMARY KEY (hash, office));"
  "CREATE TABLE upload ("
  "  hash text PRIMARY KEY,"
  "  length bigint NOT NULL,"
  "  started timestamptz NOT NULL DEFAULT now());",

  /* 2: one op in one call (one transaction). p_reject is the reason the
   * server found without a lock; it is still judged after the op_id, so an
   * op applied before stays a duplicate. p_prev is the batch's previous op
   * on the same dossier: unless it is applied, this op is a conflict. An op
   * that does not apply deletes its own op row: nothing of it is
   * committed. */
  "CREATE FUNCTION mc_apply_op (p_op uuid, p_code text, p_type text, p_base integer,"
  "  p_login text, p_officer text, p_desk text, p_at bigint, p_head jsonb,"
  "  p_payload jsonb, p_office text, p_fields jsonb, p_state integer, p_reject text,"
  "  p_prev uuid)"
  " RETURNS jsonb LANGUAGE plpgsql AS $f$"
  " DECLARE v integer; r jsonb; s bigint;"
  " BEGIN"
  "  INSERT INTO op (op_id, dossier_code, type, token_login, op_officer, desk_id,"
  "   taken_at, audit_head, payload)"
  "  VALUES (p_op, p_code, p_type, p_login, p_officer, p_desk, p_at, p_head, p_payload)"
  "  ON CONFLICT (op_id) DO NOTHING;"
  "  IF NOT FOUND THEN"
  "   SELECT result INTO r FROM op WHERE op_id = p_op;"
  "   RETURN jsonb_build_object ('status', 'duplicate', 'first', r);"
  "  END IF;"
  "  IF p_prev IS NOT NULL AND NOT EXISTS (SELECT 1 FROM op WHERE op_id = p_prev"
  "      AND result->>'status' = 'applied') THEN"
  "   DELETE FROM op WHERE op_id = p_op;"
  "   RETURN jsonb_build_object ('status', 'conflict');"
  "  END IF;"
  "  IF p_reject IS NOT NULL THEN"
  "   DELETE FROM op WHERE op_id = p_op;"
  "   RETURN jsonb_build_object ('status', 'rejected', 'reason', p_reject);"
  "  END IF;"
  "  SELECT version INTO v FROM dossier WHERE code = p_code FOR UPDATE;"
  "  IF NOT FOUND THEN"
  "   IF p_type <> 'receive' OR p_base <> 0 THEN"
  "    DELETE FROM op WHERE op_id = p_op;"
  "    RETURN jsonb_build_object ('status', 'conflict');"
  "   END IF;"
  "   INSERT INTO dossier (code, office, version, state, fields)"
  "   VALUES (p_code, p_office, 1, coalesce (p_state, 2), p_fields)"
  "   ON CONFLICT (code) DO NOTHING RETURNING version INTO v;"
  "   IF v IS NULL THEN"
  "    DELETE FROM op WHERE op_id = p_op;"
  "    RETURN jsonb_build_object ('status', 'conflict');"
  "   END IF;"
  "  ELSE"
  "   IF p_type = 'receive' OR p_base <> v THEN"
  "    DELETE FROM op WHERE op_id = p_op;"
  "    RETURN jsonb_build_object ('status', 'conflict');"
  "   END IF;"
  "   UPDATE dossier SET version = version + 1, state = coalesce (p_state, state),"
  "    fields = coalesce (p_fields, fields), updated = now ()"
  "   WHERE code = p_code RETURNING version INTO v;"
  "  END IF;"
  "  r := jsonb_build_object ('status', 'applied', 'version', v);"
  "  UPDATE op SET result = r WHERE op_id = p_op;"
  "  UPDATE office SET last_seq = last_seq + 1 WHERE code = p_office RETURNING last_seq INTO s;"
  "  INSERT INTO change (office, seq, body)"
  "  SELECT p_office, s, jsonb_build_object ('kind', 'dossier', 'dossier_code', code,"
  "   'version', version, 'op_id', p_op::text, 'desk_id', p_desk, 'dossier', fields)"
  "  FROM dossier WHERE code = p_code;"
  "  RETURN r;"
  " END $f$;",

  /* 3: a desk receives a dossier submitted online (state 1, in the feed
   * since the portal's intake) on the version the feed gave it: a
   * `receive` of an existing dossier applies when the dossier is still in
   * state 1 and the base version matches; otherwise it is a conflict as
   * before. */
  "CREATE OR REPLACE FUNCTION mc_apply_op (p_op uuid, p_code text, p_type text, p_base integer,"
  "  p_login text, p_officer text, p_desk text, p_at bigint, p_head jsonb,"
  "  p_payload jsonb, p_office text, p_fields jsonb, p_state integer, p_reject text,"
  "  p_prev uuid)"
  " RETURNS jsonb LANGUAGE plpgsql AS $f$"
  " DECLARE v integer; st integer; r jsonb; s bigint;"
  " BEGIN"
  "  INSERT INTO op (op_id, dossier_code, type, token_login, op_officer, desk_id,"
  "   taken_at, audit_head, payload)"
  "  VALUES (p_op, p_code, p_type, p_login, p_officer, p_desk, p_at, p_head, p_payload)"
  "  ON CONFLICT (op_id) DO NOTHING;"
  "  IF NOT FOUND THEN"
  "   SELECT result INTO r FROM op WHERE op_id = p_op;"
  "   RETURN jsonb_build_object ('status', 'duplicate', 'first', r);"
  "  END IF;"
  "  IF p_prev IS NOT NULL AND NOT EXISTS (SELECT 1 FROM op WHERE op_id = p_prev"
  "      AND result->>'status' = 'applied') THEN"
  "   DELETE FROM op WHERE op_id = p_op;"
  "   RETURN jsonb_build_object ('status', 'conflict');"
  "  END IF;"
  "  IF p_reject IS NOT NULL THEN"
  "   DELETE FROM op WHERE op_id = p_op;"
  "   RETURN jsonb_build_object ('status', 'rejected', 'reason', p_reject);"
  "  END IF;"
  "  SELECT version, state INTO v, st FROM dossier WHERE code = p_code FOR UPDATE;"
  "  IF NOT FOUND THEN"
  "   IF p_type <> 'receive' OR p_base <> 0 THEN"
  "    DELETE FROM op WHERE op_id = p_op;"
  "    RETURN jsonb_build_object ('status', 'conflict');"
  "   END IF;"
  "   INSERT INTO dossier (code, office, version, state, fields)"
  "   VALUES (p_code, p_office, 1, coalesce (p_state, 2), p_fields)"
  "   ON CONFLICT (code) DO NOTHING RETURNING version INTO v;"
  "   IF v IS NULL THEN"
  "    DELETE FROM op WHERE op_id = p_op;"
  "    RETURN jsonb_build_object ('status', 'conflict');"
  "   END IF;"
  "  ELSE"
  "   IF p_base <> v OR (p_type = 'receive' AND st <> 1) THEN"
  "    DELETE FROM op WHERE op_id = p_op;"
  "    RETURN jsonb_build_object ('status', 'conflict');"
  "   END IF;"
  "   UPDATE dossier SET version = version + 1, state = coalesce (p_state, state),"
  "    fields = coalesce (p_fields, fields), updated = now ()"
  "   WHERE code = p_code RETURNING version INTO v;"
  "  END IF;"
  "  r := jsonb_build_object ('status', 'applied', 'version', v);"
  "  UPDATE op SET result = r WHERE op_id = p_op;"
  "  UPDATE office SET last_seq = last_seq + 1 WHERE code = p_office RETURNING last_seq INTO s;"
  "  INSERT INTO change (office, seq, body)"
  "  SELECT p_office, s, jsonb_build_object ('kind', 'dossier', 'dossier_code', code,"
  "   'version', version, 'op_id', p_op::text, 'desk_id', p_desk, 'dossier', fields)"
  "  FROM dossier WHERE code = p_code;"
  "  RETURN r;"
  " END $f$;",

  /* 4: a refresh token's reuse grace. When the answer to a refresh is lost
   * (the token rotated, the answer dropped), the desk presents the old
   * token again: within 60 s of its use, while neither the refresh token
   * that replaced it nor the access token issued with that one has ever
   * been used, that is a retry, not a theft. */
  "ALTER TABLE refresh_token ADD COLUMN used_at timestamptz,"
  "  ADD COLUMN replaced_by text;"
  "ALTER TABLE access_token ADD COLUMN issued_with text,"
  "  ADD COLUMN used boolean NOT NULL DEFAULT false;"
  "CREATE INDEX access_token_issued_with ON access_token (issued_with);",

  /* 5: the same rules in fewer statements, for the apply rate. An op that
   * applies always makes version p_base + 1 (a new dossier 0 -> 1, an
   * existing one p_base = version -> version + 1), so its answer is known
   * before it runs and is written with the op row, which every other
   * outcome deletes as before (so a committed op row is always an applied
   * one). A receive at base 0 is an insert that either makes the dossier
   * or finds it (a conflict, as version 0 never matches); every other op
   * is one update that takes the row lock and checks the version (and
   * state 1 for a receive) in its WHERE, which PostgreSQL re-checks on the
   * newest row when it had to wait. The change-feed entry is built from
   * what was written, with the office's counter moved in the same
   * statement. */
  "CREATE OR REPLACE FUNCTION mc_apply_op (p_op uuid, p_code text, p_type text, p_base integer,"
  "  p_login text, p_officer text, p_desk text, p_at bigint, p_head jsonb,"
  "  p_payload jsonb, p_office text, p_fields jsonb, p_state integer, p_reject text,"
  "  p_prev uuid)"
  " RETURNS jsonb LANGUAGE plpgsql AS $f$"
  " DECLARE r jsonb; f jsonb;"
  " BEGIN"
  "  r := jsonb_build_object ('status', 'applied', 'version', p_base + 1);"
  "  INSERT INTO op (op_id, dossier_code, type, result, token_login, op_officer, desk_id,"
  "   taken_at, audit_head, payload)"
  "  VALUES (p_op, p_code, p_type, r, p_login, p_officer, p_desk, p_at, p_head, p_payload)"
  "  ON CONFLICT (op_id) DO NOTHING;"
  "  IF NOT FOUND THEN"
  "   SELECT result INTO r FROM op WHERE op_id = p_op;"
  "   RETURN jsonb_build_object ('status', 'duplicate', 'first', r);"
  "  END IF;"
  "  IF p_prev IS NOT NULL AND NOT EXISTS (SELECT 1 FROM op WHERE op_id = p_prev"
  "      AND result->>'status' = 'applied') THEN"
  "   DELETE FROM op WHERE op_id = p_op;"
  "   RETURN jsonb_build_object ('status', 'conflict');"
  "  END IF;"
  "  IF p_reject IS NOT NULL THEN"
  "   DELETE FROM op WHERE op_id = p_op;"
  "   RETURN jsonb_build_object ('status', 'rejected', 'reason', p_reject);"
  "  END IF;"
  "  IF p_type = 'receive' AND p_base = 0 THEN"
  "   INSERT INTO dossier (code, office, version, state, fields)"
  "   VALUES (p_code, p_office, 1, coalesce (p_state, 2), p_fields)"
  "   ON CONFLICT (code) DO NOTHING RETURNING fields INTO f;"
  "  ELSE"
  "   UPDATE dossier SET version = version + 1, state = coalesce (p_state, state),"
  "    fields = coalesce (p_fields, fields), updated = now ()"
  "   WHERE code = p_code AND version = p_base AND (p_type <> 'receive' OR state = 1)"
  "   RETURNING fields INTO f;"
  "  END IF;"
  "  IF f IS NULL THEN"
  "   DELETE FROM op WHERE op_id = p_op;"
  "   RETURN jsonb_build_object ('status', 'conflict');"
  "  END IF;"
  "  WITH s AS (UPDATE office SET last_seq = last_seq + 1 WHERE code = p_office"
  "   RETURNING last_seq)"
  "  INSERT INTO change (office, seq, body)"
  "  SELECT p_office, last_seq, jsonb_build_object ('kind', 'dossier', 'dossier_code', p_code,"
  "   'version', p_base + 1, 'op_id', p_op::text, 'desk_id', p_desk, 'dossier', f)"
  "  FROM s;"
  "  IF NOT FOUND THEN"
  "   RAISE EXCEPTION 'unknown office %', p_office;"
  "  END IF;"
  "  RETURN r;"
  " END $f$;",
};

PGconn *
mc_pg_connect (const char  *dsn,
               GError     **error)
{
  g_autoptr(PGconn) conn = PQconnectdb (dsn ? dsn : "");

  if (PQstatus (conn) != CONNECTION_OK)
    {
      g_set_error (error, MC_CENTRAL_ERROR, MC_CENTRAL_ERROR_DB,
                   "Cannot connect to PostgreSQL: %s", PQerrorMessage (conn));
      return NULL;
    }
  return g_steal_pointer (&conn);
}

PGresult *
mc_pg_exec (PGconn             *conn,
            const char         *sql,
            int                 n_params,
            const char * const *params,
            GError            **error)
{
  g_autoptr(PGresult) res = PQexecParams (conn, sql, n_params, NULL, params,
                                          NULL, NULL, 0);
  ExecStatusType st = PQresultStatus (res);

  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
    {
      const char *state = PQresultErrorField (res, PG_DIAG_SQLSTATE);

      /* A lost connection has no SQLSTATE: report it as class 08 so the
       * client is told 503 and retries. */
      if (state == NULL && PQstatus (conn) != CONNECTION_OK)
        state = "08006";

      g_set_error (error, MC_CENTRAL_ERROR, MC_CENTRAL_ERROR_DB,
                   "[%s] %s", state ? state : "?????", PQerrorMessage (conn));
      return NULL;
    }
  return g_steal_pointer (&res);
}

gboolean
mc_pg_run (PGconn      *conn,
           const char  *sql,
           GError     **error)
{
  g_autoptr(PGresult) res = mc_pg_exec (conn, sql, 0, NULL, error);

  return res != NULL;
}

gboolean
mc_pg_migrate (PGconn  *conn,
               int     *out_version,
               GError **error)
{
  g_autoptr(PGresult) res = NULL;
  int version;

  if (!mc_pg_run (conn, "CREATE TABLE IF NOT EXISTS schema_version ("
                  " version integer PRIMARY KEY,"
                  " applied timestamptz NOT NULL DEFAULT now())", error))
    return FALSE;

  for (gsize i = 0; i < G_N_ELEMENTS (migrations); i++)
    {
      g_autofree char *num = g_strdup_printf ("%" G_GSIZE_FORMAT, i + 1);
      const char *p[] = { num };
      g_autoptr(PGresult) have = NULL;
      g_autoptr(PGresult) ins = NULL;

      if (!mc_pg_run (conn, "BEGIN", error))
        return FALSE;
      /* Two processes migrating at once: one waits for the other. */
      if (!mc_pg_run (conn, "LOCK TABLE schema_version IN EXCLUSIVE MODE", error))
        goto fail;
      have = mc_pg_exec (conn, "SELECT 1 FROM schema_version WHERE version = $1::int",
                         1, p, error);
      if (have == NULL)
        goto fail;
      if (PQntuples (have) == 0)
        {
          /* A fixed script of several statements, no parameters: the only
           * place PQexec is used. */
          g_autoptr(PGresult) step = PQexec (conn, migrations[i]);

          if (PQresultStatus (step) != PGRES_COMMAND_OK)
            {
              g_set_error (error, MC_CENTRAL_ERROR, MC_CENTRAL_ERROR_DB,
                           "Migration %s failed: %s", num, PQerrorMessage (conn));
              goto fail;
            }
          ins = mc_pg_exec (conn, "INSERT INTO schema_version (version) VALUES ($1::int)",
                            1, p, error);
          if (ins == NULL)
            goto fail;
        }
      if (!mc_pg_run (conn, "COMMIT", error))
        goto fail;
    }

  res = mc_pg_exec (conn, "SELECT max(version) FROM schema_version", 0, NULL, error);
  if (res == NULL)
    return FALSE;
  version = atoi (PQgetvalue (res, 0, 0));
  if (version > (int) G_N_ELEMENTS (migrations))
    {
      g_set_error (error, MC_CENTRAL_ERROR, MC_CENTRAL_ERROR_DB,
                   "The database has schema version %d, newer than this "
                   "program knows (%d): run a newer motcua-central",
                   version, (int) G_N_ELEMENTS (migrations));
      return FALSE;
    }
  if (out_version)
    *out_version = version;
  return TRUE;

fail:
  PQclear (PQexec (conn, "ROLLBACK"));
  return FALSE;
}

char *
mc_sha256_hex (const void *data,
               gsize       len)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);
}

char *
mc_random_token (const char *prefix)
{
  guint8 raw[32];
  g_autofree char *b64 = NULL;

  randombytes_buf (raw, sizeof raw);
  b64 = g_base64_encode (raw, sizeof raw);
  g_strdelimit (b64, "+", '-');
  g_strdelimit (b64, "/", '_');
  g_strdelimit (b64, "=", '\0');
  sodium_memzero (raw, sizeof raw);
  return g_strconcat (prefix, b64, NULL);
}

#define OFFICE_TREE_SQL \
  "WITH RECURSIVE t (code, depth) AS (" \
  "  SELECT code, 0 FROM office WHERE code = $1" \
  "  UNION SELECT o.code, t.depth + 1 FROM office o JOIN t ON o.parent = t.code" \
  "  WHERE t.depth < 8) "

GPtrArray *
mc_pg_office_tree (PGconn     *conn,
                   const char *office,
                   GError    **error)
{
  const char *p[] = { office };
  g_autoptr(PGresult) res = mc_pg_exec (conn, OFFICE_TREE_SQL
                                        "SELECT code FROM t ORDER BY depth, code",
                                        1, p, error);
  GPtrArray *out;

  if (res == NULL)
    return NULL;
  out = g_ptr_array_new_with_free_func (g_free);
  for (int i = 0; i < PQntuples (res); i++)
    g_ptr_array_add (out, g_strdup (PQgetvalue (res, i, 0)));
  return out;
}

gboolean
mc_pg_office_covers (PGconn     *conn,
                     const char *office,
                     const char *target,
                     GError    **error)
{
  const char *p[] = { office, target };
  g_autoptr(PGresult) res = NULL;

  if (office == NULL || target == NULL)
    return FALSE;
  res = mc_pg_exec (conn, OFFICE_TREE_SQL "SELECT 1 FROM t WHERE code = $2",
                    2, p, error);
  return res != NULL && PQntuples (res) > 0;
}
