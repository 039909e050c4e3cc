/* SPDX-License-Identifier: GPL-3.0-or-later */
/* POST /v1/ops: a desk's outbox applied one op per transaction. The checks
 * that need no lock are made here, once per batch where they can be; the
 * rest is mc_apply_op() in PostgreSQL (mc-central-db.c, migration 2): the op
 * row is inserted first, keyed by op_id, so a second delivery of the same
 * op — a retry, or another server process at the same moment — waits on the
 * first and then finds it (duplicate) instead of applying it again; the
 * dossier row is locked for the version check; the applied op, the
 * dossier's new version and its change-feed entry commit together, and an
 * op that does not apply leaves nothing behind. */
#define G_LOG_DOMAIN "motcua-central"

#include "config.h"

#include "mc-central-server.h"
#include "mc-central-db.h"

#include <string.h>

static const char *const op_types[] = {
  "receive", "update", "forward", "assign", "process", "request_supplement",
  "supplement", "refuse", "approve", "sign_result", "return_result",
  "pause", "resume", "withdraw", "cancel", "attach", "note",
  /* The desk's own workflow actions (app/domain/mc-workflow.h), which its
   * outbox sends as they are named there. */
  "supplement_received", "record_opinion", "submit_to_leader", "return_for_rework",
  "mark_signed", "attach_result", "number_and_seal", "ready_to_return",
  "stop_processing", "request_fee", "fee_paid", "apologise", "attach_component_file", NULL,
};

/* What one batch learns once: which offices the token covers, which
 * officers may be named in its ops. */
typedef struct {
  GHashTable *offices;   /* office -> "y" / "n" */
  GHashTable *officers;  /* login -> "y" / "n" */
} Batch;

typedef struct {
  const char *op_id;
  const char *code;
  gint64      base_version;
  const char *type;
  gint64      at;
  JsonObject *payload;
} Op;

static JsonNode *
result_node (const char *op_id,
             const char *status)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "op_id", op_id);
  json_object_set_string_member (o, "status", status);
  json_node_take_object (node, o);
  return node;
}

static JsonNode *
rejected (const char *op_id,
          const char *reason,
          const char *message)
{
  JsonNode *node = result_node (op_id, "rejected");

  json_object_set_string_member (json_node_get_object (node), "reason", reason);
  json_object_set_string_member (json_node_get_object (node), "message", message);
  return node;
}

/* The server's side of a conflict, read after the op's transaction ended. */
static JsonNode *
conflict (PGconn     *conn,
          const char *op_id,
          const char *code,
          GError    **error)
{
  const char *p[] = { code };
  g_autoptr(PGresult) res = mc_pg_exec (conn,
                                        "SELECT version, state, fields::text FROM dossier WHERE code = $1",
                                        1, p, error);
  JsonNode *node;
  JsonObject *o;

  if (res == NULL)
    return NULL;
  node = result_node (op_id, "conflict");
  o = json_node_get_object (node);
  if (PQntuples (res) == 0)
    {
      json_object_set_int_member (o, "server_version", 0);
      json_object_set_null_member (o, "server_state");
      json_object_set_null_member (o, "dossier");
    }
  else
    {
      json_object_set_int_member (o, "server_version", atoi (PQgetvalue (res, 0, 0)));
      json_object_set_int_member (o, "server_state", atoi (PQgetvalue (res, 0, 1)));
      json_object_set_member (o, "dossier", json_from_string (PQgetvalue (res, 0, 2), NULL));
    }
  return node;
}

gboolean
mc_feed_append (PGconn     *conn,
                const char *office,
                const char *body_json,
                GError    **error)
{
  const char *p[] = { office, body_json };
  /* The office row is the feed's counter: writers of one office take turns
   * here, so seq commits in order and a reader never skips one. */
  g_autoptr(PGresult) res = mc_pg_exec (conn,
                                        "WITH s AS (UPDATE office SET last_seq = last_seq + 1"
                                        "  WHERE code = $1 RETURNING last_seq)"
                                        " INSERT INTO change (office, seq, body)"
                                        " SELECT $1, last_seq, $2::jsonb FROM s RETURNING seq",
                                        2, p, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) != 1)
    {
      g_set_error (error, MC_CENTRAL_ERROR, MC_CENTRAL_ERROR_NOT_FOUND,
                   "Unknown office %s", office);
      return FALSE;
    }
  return TRUE;
}

static char *
office_of_code (const char *code)
{
  const char *dash = strchr (code, '-');

  return dash ? g_strndup (code, dash - code) : NULL;
}

/* The checks that need no lock: NULL when the op may go on, else the
 * reason it is rejected (and its message). */
static const char *
precheck (McReq       *req,
          PGconn      *conn,
          Batch       *batch,
          Op          *op,
          const char  *office,
          const char **message,
          GError     **error)
{
  const char *officer = json_object_get_string_member_with_default (op->payload, "officer", NULL);
  JsonNode *dossier = json_object_get_member (op->payload, "dossier");

  if (office != NULL && !g_hash_table_contains (batch->offices, office))
    {
      gboolean ok = mc_pg_office_covers (conn, req->caller.office, office, error);

      if (*error)
        return NULL;
      g_hash_table_insert (batch->offices, g_strdup (office), ok ? "y" : "n");
    }
  if (office == NULL || g_str_equal (g_hash_table_lookup (batch->offices, office), "n"))
    {
      *message = "Hồ sơ này thuộc cơ quan khác; tài khoản không được xử lý.";
      return "forbidden_office";
    }
  if (!g_strv_contains (op_types, op->type))
    {
      *message = "Loại thao tác không được hỗ trợ.";
      return "unknown_type";
    }
  if (officer == NULL || g_strcmp0 (officer, req->caller.login) != 0)
    {
      if (officer != NULL && !g_hash_table_contains (batch->officers, officer))
        {
          const char *p[] = { officer, req->caller.office };
          g_autoptr(PGresult) o = mc_pg_exec (conn,
                                              "SELECT 1 FROM officer WHERE login = $1 AND office = $2 AND active",
                                              2, p, error);
          if (o == NULL)
            return NULL;
          g_hash_table_insert (batch->officers, g_strdup (officer), PQntuples (o) ? "y" : "n");
        }
      if (officer == NULL || g_str_equal (g_hash_table_lookup (batch->officers, officer), "n"))
        {
          *message = "Cán bộ ghi trong thao tác không thuộc cơ quan này.";
          return "forbidden_officer";
        }
    }
  if (dossier != NULL &&
      (!JSON_NODE_HOLDS_OBJECT (dossier) ||
       g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (dossier),
                                                              "MaHoSo", NULL), op->code) != 0))
    {
      *message = "Thông tin hồ sơ kèm thao tác không hợp lệ hoặc MaHoSo không khớp mã hồ sơ.";
      return "invalid_dossier";
    }
  if (dossier != NULL && json_object_has_member (json_node_get_object (dossier), "TrangThaiHoSo"))
    {
      JsonNode *st = json_object_get_member (json_node_get_object (dossier), "TrangThaiHoSo");

      if (!JSON_NODE_HOLDS_VALUE (st) || json_node_get_value_type (st) != G_TYPE_INT64)
        {
          *message = "TrangThaiHoSo phải là một số.";
          return "invalid_dossier";
        }
    }
  if (dossier == NULL && g_str_equal (op->type, "receive"))
    {
      *message = "Thao tác tiếp nhận phải kèm thông tin hồ sơ.";
      return "invalid_dossier";
    }
  return NULL;
}

/* json_node_copy() shares the object; the answers need their own. */
static JsonNode *
deep_copy (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  return json_from_string (text, NULL);
}

/* One op ready to be sent: the parameters of its mc_apply_op() call. */
typedef struct {
  char       *params[15];
  const char *reject;
  const char *message;
} Call;

static void
call_clear (Call *c)
{
  for (guint i = 0; i < G_N_ELEMENTS (c->params); i++)
    g_free (c->params[i]);
}

static gboolean
prepare_call (McReq      *req,
              PGconn     *conn,
              Batch      *batch,
              const char *desk_id,
              const char *audit_head,
              const char *prev,
              Op         *op,
              Call       *c,
              GError    **error)
{
  g_autofree char *office = office_of_code (op->code);
  g_autoptr(JsonNode) pnode = json_node_new (JSON_NODE_OBJECT);
  const char *officer = json_object_get_string_member_with_default (op->payload, "officer", NULL);
  JsonNode *dossier = json_object_get_member (op->payload, "dossier");
  char **p = c->params;

  c->reject = precheck (req, conn, batch, op, office, &c->message, error);
  if (*error)
    return FALSE;
  json_node_set_object (pnode, op->payload);
  p[0] = g_strdup (op->op_id);
  p[1] = g_strdup (op->code);
  p[2] = g_strdup (op->type);
  p[3] = g_strdup_printf ("%" G_GINT64_FORMAT, op->base_version);
  p[4] = g_strdup (req->caller.login);
  p[5] = g_strdup (officer);
  p[6] = g_strdup (desk_id);
  p[7] = g_strdup_printf ("%" G_GINT64_FORMAT, op->at);
  p[8] = g_strdup (audit_head);
  p[9] = json_to_string (pnode, FALSE);
  p[10] = g_steal_pointer (&office);
  if (c->reject == NULL && dossier != NULL)
    {
      JsonObject *d = json_node_get_object (dossier);

      p[11] = json_to_string (dossier, FALSE);
      if (json_object_has_member (d, "TrangThaiHoSo"))
        p[12] = g_strdup_printf ("%" G_GINT64_FORMAT,
                                 json_object_get_int_member (d, "TrangThaiHoSo"));
    }
  p[13] = g_strdup (c->reject);
  p[14] = g_strdup (prev);
  return TRUE;
}

/* Reads the results of one pipeline segment and its sync: the one-row
 * answer of a call into @answer (NULL for a prepare, which has none), the
 * first failure of the batch into @failure. */
static void
read_segment (PGconn  *conn,
              char   **answer,
              char   **failure)
{
  PGresult *res;

  while ((res = PQgetResult (conn)) != NULL)
    {
      ExecStatusType st = PQresultStatus (res);
      gboolean ok = answer != NULL
        ? st == PGRES_TUPLES_OK && PQntuples (res) == 1
        : st == PGRES_COMMAND_OK;

      if (ok && answer != NULL)
        *answer = g_strdup (PQgetvalue (res, 0, 0));
      else if (!ok && *failure == NULL)
        {
          const char *state = PQresultErrorField (res, PG_DIAG_SQLSTATE);

          *failure = g_strdup_printf ("[%s] %s", state ? state : "08006",
                                      PQresultErrorMessage (res));
        }
      PQclear (res);
    }
  res = PQgetResult (conn);
  if (PQresultStatus (res) != PGRES_PIPELINE_SYNC && *failure == NULL)
    *failure = g_strdup_printf ("[08006] pipeline out of step: %s", PQerrorMessage (conn));
  PQclear (res);
}

#define APPLY_SQL \
  "SELECT mc_apply_op ($1::uuid, $2, $3, $4::int, $5, $6, $7, $8::bigint," \
  " $9::jsonb, $10::jsonb, $11, $12::jsonb, $13::int, $14, $15::uuid)::text"

/* Sends every call in libpq pipeline mode, each followed by a sync so each
 * is its own transaction, and reads the answers back in order: one round
 * trip for the batch instead of one per op. The order of a batch still
 * holds: PostgreSQL runs the calls of one connection one after the other,
 * and each call names the op before it on the same dossier (p_prev), which
 * it finds committed or absent. Answers are small (an op's status), so the
 * server never blocks writing them while we are still sending. The call is
 * parsed once per batch, as the connection's unnamed prepared statement
 * (in a transaction of its own, before the first op's), and each op only
 * binds its parameters to it. */
static char **
run_calls (PGconn  *conn,
           Call    *calls,
           guint    n,
           GError **error)
{
  g_auto(GStrv) answers = g_new0 (char *, n + 1);
  g_autofree char *failure = NULL;

  if (n == 0)
    return g_steal_pointer (&answers);
  if (!PQenterPipelineMode (conn))
    {
      g_set_error (error, MC_CENTRAL_ERROR, MC_CENTRAL_ERROR_DB,
                   "[08006] cannot enter pipeline mode: %s", PQerrorMessage (conn));
      return NULL;
    }
  if (!PQsendPrepare (conn, "", APPLY_SQL, 15, NULL) || !PQpipelineSync (conn))
    {
      g_set_error (error, MC_CENTRAL_ERROR, MC_CENTRAL_ERROR_DB,
                   "[08006] cannot prepare the ops' call: %s", PQerrorMessage (conn));
      PQreset (conn);
      return NULL;
    }
  for (guint i = 0; i < n; i++)
    if (!PQsendQueryPrepared (conn, "", 15, (const char * const *) calls[i].params,
                              NULL, NULL, 0) ||
        !PQpipelineSync (conn))
      {
        g_set_error (error, MC_CENTRAL_ERROR, MC_CENTRAL_ERROR_DB,
                     "[08006] cannot send op %u: %s", i, PQerrorMessage (conn));
        /* The connection's state is unknown now: start it again. */
        PQreset (conn);
        return NULL;
      }
  read_segment (conn, NULL, &failure);
  for (guint i = 0; i < n; i++)
    read_segment (conn, &answers[i], &failure);
  if (!PQexitPipelineMode (conn))
    {
      PQreset (conn);
      if (failure == NULL)
        failure = g_strdup ("[08006] cannot leave pipeline mode");
    }
  if (failure != NULL)
    {
      g_set_error_literal (error, MC_CENTRAL_ERROR, MC_CENTRAL_ERROR_DB, failure);
      return NULL;
    }
  for (guint i = 0; i < n; i++)
    if (answers[i] == NULL)
      {
        g_set_error (error, MC_CENTRAL_ERROR, MC_CENTRAL_ERROR_DB, "no answer for op %u", i);
        return NULL;
      }
  return g_steal_pointer (&answers);
}

/* Turns mc_apply_op()'s answer into the op's result; a conflict gets the
 * server's side, read once per dossier so every conflicted op of a dossier
 * in the batch shows the same server version. */
static JsonNode *
make_result (PGconn      *conn,
             Op          *op,
             Call        *c,
             const char  *text,
             GHashTable  *conflicts,
             GError     **error)
{
  g_autoptr(JsonNode) answer = json_from_string (text, error);
  JsonObject *a;
  const char *status;
  JsonNode *result;

  if (answer == NULL)
    return NULL;
  a = json_node_get_object (answer);
  status = json_object_get_string_member (a, "status");
  if (g_str_equal (status, "conflict"))
    {
      JsonNode *known = g_hash_table_lookup (conflicts, op->code);

      if (known == NULL)
        {
          known = conflict (conn, op->op_id, op->code, error);
          if (known == NULL)
            return NULL;
          g_hash_table_insert (conflicts, (gpointer) op->code, known);
        }
      result = deep_copy (known);
      json_object_set_string_member (json_node_get_object (result), "op_id", op->op_id);
      return result;
    }
  if (g_str_equal (status, "rejected"))
    return rejected (op->op_id, json_object_get_string_member (a, "reason"),
                     c->message ? c->message : "Thao tác không hợp lệ.");
  result = result_node (op->op_id, status);
  if (g_str_equal (status, "applied"))
    json_object_set_int_member (json_node_get_object (result), "version",
                                json_object_get_int_member (a, "version"));
  else
    json_object_set_member (json_node_get_object (result), "first",
                            deep_copy (json_object_get_member (a, "first")));
  return result;
}

static gboolean
parse_op (JsonNode *node,
          Op       *op)
{
  JsonObject *o;
  JsonNode *m;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  o = json_node_get_object (node);
  op->op_id = json_object_get_string_member_with_default (o, "op_id", NULL);
  op->code = json_object_get_string_member_with_default (o, "dossier_code", NULL);
  op->type = json_object_get_string_member_with_default (o, "type", NULL);
  m = json_object_get_member (o, "base_version");
  if (m == NULL || json_node_get_value_type (m) != G_TYPE_INT64)
    return FALSE;
  op->base_version = json_node_get_int (m);
  m = json_object_get_member (o, "at");
  op->at = (m && json_node_get_value_type (m) == G_TYPE_INT64) ? json_node_get_int (m) : 0;
  m = json_object_get_member (o, "payload");
  if (m == NULL || !JSON_NODE_HOLDS_OBJECT (m))
    return FALSE;
  op->payload = json_node_get_object (m);
  return op->op_id && g_uuid_string_is_valid (op->op_id) && op->code && op->type &&
         op->base_version >= 0;
}

void
mc_handle_ops (McReq  *req,
               PGconn *conn)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GHashTable) prev = NULL;
  g_autoptr(GHashTable) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree Call *calls = NULL;
  g_autofree Op *parsed = NULL;
  g_auto(GStrv) answers = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *audit_head = NULL;
  Batch batch = { NULL, NULL };
  JsonObject *o;
  JsonArray *ops;
  JsonNode *head;
  const char *desk_id;
  guint n;

  if (!mc_req_authenticate (req, conn, "desk"))
    return;
  root = mc_req_parse_json (req);
  if (root == NULL)
    return;
  o = json_node_get_object (root);
  desk_id = json_object_get_string_member_with_default (o, "desk_id", NULL);
  head = json_object_get_member (o, "audit_head");
  if (!json_object_has_member (o, "ops") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "ops")) ||
      desk_id == NULL || !g_uuid_string_is_valid (desk_id) ||
      (head && !JSON_NODE_HOLDS_OBJECT (head)))
    return mc_req_error (req, 400, "bad_request",
                         "Thiếu desk_id hoặc danh sách ops không hợp lệ.");
  ops = json_object_get_array_member (o, "ops");
  n = json_array_get_length (ops);
  if (n > 500)
    return mc_req_error (req, 413, "too_large", "Mỗi lần gửi tối đa 500 thao tác.");
  for (guint i = 0; i < n; i++)
    {
      Op op = { 0 };

      if (!parse_op (json_array_get_element (ops, i), &op))
        return mc_req_error (req, 400, "bad_request",
                             "Một thao tác thiếu trường bắt buộc hoặc sai kiểu.");
    }
  if (head)
    audit_head = json_to_string (head, FALSE);

  batch.offices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  batch.officers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  prev = g_hash_table_new (g_str_hash, g_str_equal);
  conflicts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) json_node_unref);
  calls = g_new0 (Call, n);
  parsed = g_new0 (Op, n);
  for (guint i = 0; i < n && error == NULL; i++)
    {
      parse_op (json_array_get_element (ops, i), &parsed[i]);
      prepare_call (req, conn, &batch, desk_id, audit_head,
                    g_hash_table_lookup (prev, parsed[i].code), &parsed[i], &calls[i], &error);
      g_hash_table_insert (prev, (gpointer) parsed[i].code, (gpointer) parsed[i].op_id);
    }
  if (error == NULL)
    answers = run_calls (conn, calls, n, &error);

  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "results");
  json_builder_begin_array (b);
  for (guint i = 0; i < n && error == NULL; i++)
    {
      JsonNode *r = make_result (conn, &parsed[i], &calls[i], answers[i], conflicts, &error);

      if (r != NULL)
        json_builder_add_value (b, r);
    }
  for (guint i = 0; i < n; i++)
    call_clear (&calls[i]);
  g_hash_table_unref (batch.offices);
  g_hash_table_unref (batch.officers);
  if (error != NULL)
    return mc_req_internal (req, error);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "audit_head_seen");
  if (head)
    json_builder_add_value (b, json_node_copy (head));
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  answer = json_builder_get_root (b);
  mc_req_json (req, 200, answer);
}
