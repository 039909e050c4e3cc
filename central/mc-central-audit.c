/* SPDX-License-Identifier: GPL-3.0-or-later */
/* GET /v1/audit: what the central server recorded of the calling desk's
 * applied ops (who, when, from which desk, and the desk's audit-chain head
 * sent with the batch), so the desk can check its own log against it
 * (`motcua-cli sync audit-check`). A desk reads only its own records: the
 * desk is the one its sign-in (token family) was given to, never one named
 * in the request. Pages are keyed by op_id, the table's primary key. */
#define G_LOG_DOMAIN "motcua-central"

#include "config.h"

#include "mc-central-server.h"
#include "mc-central-db.h"

#include <string.h>

#define FIRST_OP "00000000-0000-0000-0000-000000000000"

void
mc_handle_audit (McReq  *req,
                 PGconn *conn)
{
  const char *after = req->query ? g_hash_table_lookup (req->query, "after") : NULL;
  const char *limit_s = req->query ? g_hash_table_lookup (req->query, "limit") : NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) desk = NULL;
  g_autoptr(PGresult) rows = NULL;
  g_autoptr(GString) out = NULL;
  g_autofree char *family = NULL;
  g_autofree char *want = NULL;
  const char *desk_id;
  guint64 limit = 500;
  int n;

  if (!mc_req_authenticate (req, conn, "desk"))
    return;
  if (limit_s && !g_ascii_string_to_unsigned (limit_s, 10, 1, 1000, &limit, NULL))
    return mc_req_error (req, 400, "bad_request", "limit phải từ 1 đến 1000.");
  if (after != NULL && !g_uuid_string_is_valid (after))
    return mc_req_error (req, 400, "bad_request", "after phải là một op_id.");
  family = g_strdup_printf ("%" G_GINT64_FORMAT, req->caller.family);
  {
    const char *p[] = { family };

    desk = mc_pg_exec (conn, "SELECT desk_id FROM token_family WHERE id = $1::bigint", 1, p, &error);
  }
  if (desk == NULL)
    return mc_req_internal (req, error);
  if (PQntuples (desk) == 0 || PQgetisnull (desk, 0, 0))
    return mc_req_error (req, 403, "no_desk",
                         "Lần đăng nhập này không gắn với quầy nào: đăng nhập lại từ quầy.");
  desk_id = PQgetvalue (desk, 0, 0);
  want = g_strdup_printf ("%" G_GUINT64_FORMAT, limit + 1);
  {
    const char *p[] = { desk_id, after != NULL ? after : FIRST_OP, want };

    rows = mc_pg_exec (conn,
                       "SELECT op_id::text, jsonb_build_object ('op_id', op_id, 'dossier_code', dossier_code,"
                       "  'type', type, 'officer', op_officer, 'token_login', token_login, 'desk_id', desk_id,"
                       "  'taken_at', taken_at,"
                       "  'applied_at', to_char (applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
                       "  'version', result->'version', 'audit_head', audit_head, 'payload', payload)::text"
                       " FROM op WHERE desk_id = $1 AND op_id > $2::uuid AND result->>'status' = 'applied'"
                       " ORDER BY op_id LIMIT $3::int",
                       3, p, &error);
  }
  if (rows == NULL)
    return mc_req_internal (req, error);

  n = MIN (PQntuples (rows), (int) limit);
  out = g_string_new ("{\"desk_id\":");
  {
    g_autoptr(JsonNode) id = json_node_init_string (json_node_alloc (), desk_id);
    g_autofree char *text = json_to_string (id, FALSE);

    g_string_append (out, text);
  }
  g_string_append (out, ",\"ops\":[");
  for (int r = 0; r < n; r++)
    {
      if (r > 0)
        g_string_append_c (out, ',');
      g_string_append (out, PQgetvalue (rows, r, 1));
    }
  g_string_append (out, "],\"next\":");
  if (PQntuples (rows) > n)
    g_string_append_printf (out, "\"%s\",\"has_more\":true}", PQgetvalue (rows, n - 1, 0));
  else
    g_string_append (out, "null,\"has_more\":false}");
  mc_req_json_text (req, 200, g_string_free (g_steal_pointer (&out), FALSE));
}
