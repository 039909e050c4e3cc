/* SPDX-License-Identifier: GPL-3.0-or-later */
/* GET /v1/changes and POST /v1/sequences/lease. The feed is read per office
 * of the caller's office tree, each with an index range scan on
 * (office, seq), so a call costs what it returns; the cursor records the
 * last seq seen per office. A lease moves the (office, day) counter row with
 * UPDATE … RETURNING inside the transaction that records the lease, so two
 * server processes can never hand out overlapping blocks; the lease row,
 * keyed by request_id, is inserted first so a retried request finds the
 * block it was given. */
#define G_LOG_DOMAIN "motcua-central"

#include "config.h"

#include "mc-central-server.h"
#include "mc-central-db.h"

#include <string.h>

/* Cursor: base64url of "office=seq;office=seq". */
static GHashTable *
decode_cursor (const char *cursor)
{
  g_autoptr(GHashTable) map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *b64 = NULL;
  g_autofree guchar *raw = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) parts = NULL;
  gsize len = 0, n;

  if (cursor == NULL || *cursor == '\0')
    return g_steal_pointer (&map);
  n = strlen (cursor);
  if (n > 8192)
    return NULL;
  b64 = g_malloc0 (n + 4);
  memcpy (b64, cursor, n);
  for (gsize i = 0; i < n; i++)
    {
      if (b64[i] == '-')
        b64[i] = '+';
      else if (b64[i] == '_')
        b64[i] = '/';
      else if (!g_ascii_isalnum (b64[i]))
        return NULL;
    }
  while (n % 4)
    b64[n++] = '=';
  raw = g_base64_decode (b64, &len);
  text = g_strndup ((const char *) raw, len);
  if (!g_str_has_prefix (text, "c1:"))
    return NULL;
  parts = g_strsplit (text + 3, ";", -1);
  for (guint i = 0; parts[i]; i++)
    {
      const char *eq = strrchr (parts[i], '=');
      guint64 seq;

      if (*parts[i] == '\0')
        continue;
      if (eq == NULL || !g_ascii_string_to_unsigned (eq + 1, 10, 0, G_MAXINT64, &seq, NULL))
        return NULL;
      g_hash_table_replace (map, g_strndup (parts[i], eq - parts[i]), GSIZE_TO_POINTER ((gsize) seq));
    }
  return g_steal_pointer (&map);
}

static char *
encode_cursor (GPtrArray  *offices,
               GHashTable *map)
{
  g_autoptr(GString) s = g_string_new ("c1:");
  g_autofree char *b64 = NULL;

  for (guint i = 0; i < offices->len; i++)
    {
      gsize seq = GPOINTER_TO_SIZE (g_hash_table_lookup (map, offices->pdata[i]));

      if (seq)
        g_string_append_printf (s, "%s=%" G_GSIZE_FORMAT ";", (char *) offices->pdata[i], seq);
    }
  b64 = g_base64_encode ((const guchar *) s->str, s->len);
  g_strdelimit (b64, "+", '-');
  g_strdelimit (b64, "/", '_');
  g_strdelimit (b64, "=", '\0');
  return g_steal_pointer (&b64);
}

/* A change as the feed gives it: its body with its seq and office in front.
 * Written as text around the body's own text rather than built as a new
 * jsonb (which copies and sorts every key of the dossier again); a body
 * that is not an object, or has a seq or office of its own, is merged as
 * before, its own key winning. */
#define CHANGE_SQL \
  "SELECT seq, CASE WHEN jsonb_typeof (body) <> 'object' OR body ? 'seq' OR body ? 'office'" \
  "  THEN (jsonb_build_object ('seq', seq, 'office', office) || body)::text" \
  "  ELSE '{\"seq\": ' || seq || ', \"office\": ' || to_json (office)::text" \
  "   || CASE WHEN body = '{}'::jsonb THEN '}' ELSE ', ' || substr (body::text, 2) END END" \
  " FROM change WHERE office = $1 AND seq > $2::bigint ORDER BY seq LIMIT $3::int"

void
mc_handle_changes (McReq  *req,
                   PGconn *conn)
{
  const char *since = req->query ? g_hash_table_lookup (req->query, "since") : NULL;
  const char *limit_s = req->query ? g_hash_table_lookup (req->query, "limit") : NULL;
  g_autoptr(GHashTable) cursor = NULL;
  g_autoptr(GPtrArray) offices = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new ("{\"changes\":[");
  g_autofree char *next = NULL;
  guint64 limit = 200;
  guint got = 0;
  gboolean more = FALSE;

  if (!mc_req_authenticate (req, conn, "desk"))
    return;
  if (limit_s && !g_ascii_string_to_unsigned (limit_s, 10, 1, 1000, &limit, NULL))
    return mc_req_error (req, 400, "bad_request", "limit phải từ 1 đến 1000.");
  cursor = decode_cursor (since);
  if (cursor == NULL)
    return mc_req_error (req, 400, "bad_request", "Con trỏ since không hợp lệ.");
  offices = mc_pg_office_tree (conn, req->caller.office, &error);
  if (offices == NULL)
    return mc_req_internal (req, error);

  for (guint i = 0; i < offices->len && !more; i++)
    {
      const char *office = offices->pdata[i];
      g_autofree char *from = g_strdup_printf ("%" G_GSIZE_FORMAT,
                                               GPOINTER_TO_SIZE (g_hash_table_lookup (cursor, office)));
      g_autofree char *want = g_strdup_printf ("%" G_GUINT64_FORMAT, limit - got + 1);
      const char *p[] = { office, from, want };
      g_autoptr(PGresult) res = mc_pg_exec (conn, CHANGE_SQL, 3, p, &error);
      int rows;

      if (res == NULL)
        return mc_req_internal (req, error);
      rows = PQntuples (res);
      for (int r = 0; r < rows; r++)
        {
          if (got == limit)
            {
              more = TRUE;
              break;
            }
          if (got)
            g_string_append_c (out, ',');
          g_string_append (out, PQgetvalue (res, r, 1));
          g_hash_table_replace (cursor, g_strdup (office),
                                GSIZE_TO_POINTER ((gsize) g_ascii_strtoull (PQgetvalue (res, r, 0), NULL, 10)));
          got++;
        }
      /* The page is full: is anything left in the offices not read yet? */
      if (got == limit && !more)
        for (guint j = i + 1; j < offices->len && !more; j++)
          {
            g_autofree char *f2 = g_strdup_printf ("%" G_GSIZE_FORMAT,
                                                   GPOINTER_TO_SIZE (g_hash_table_lookup (cursor, offices->pdata[j])));
            const char *q[] = { offices->pdata[j], f2 };
            g_autoptr(PGresult) r2 = mc_pg_exec (conn,
                                                 "SELECT 1 FROM change WHERE office = $1 AND seq > $2::bigint LIMIT 1",
                                                 2, q, &error);
            if (r2 == NULL)
              return mc_req_internal (req, error);
            more = PQntuples (r2) > 0;
          }
    }
  next = encode_cursor (offices, cursor);
  g_string_append_printf (out, "],\"next_cursor\":\"%s\",\"has_more\":%s}",
                          next, more ? "true" : "false");
  mc_req_json_text (req, 200, g_string_free (g_steal_pointer (&out), FALSE));
}

static void
lease_answer (McReq      *req,
              const char *office,
              const char *day,
              const char *first,
              const char *last)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "office");
  json_builder_add_string_value (b, office);
  json_builder_set_member_name (b, "day");
  json_builder_add_string_value (b, day);
  json_builder_set_member_name (b, "first");
  json_builder_add_int_value (b, g_ascii_strtoll (first, NULL, 10));
  json_builder_set_member_name (b, "last");
  json_builder_add_int_value (b, g_ascii_strtoll (last, NULL, 10));
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  mc_req_json (req, 200, node);
}

void
mc_handle_lease (McReq  *req,
                 PGconn *conn)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) ins = NULL;
  g_autoptr(PGresult) up = NULL;
  g_autofree char *count_s = NULL;
  JsonObject *o;
  const char *request_id, *office, *day;
  JsonNode *count;
  gint64 n;

  if (!mc_req_authenticate (req, conn, "desk"))
    return;
  root = mc_req_parse_json (req);
  if (root == NULL)
    return;
  o = json_node_get_object (root);
  request_id = json_object_get_string_member_with_default (o, "request_id", NULL);
  office = json_object_get_string_member_with_default (o, "office", NULL);
  day = json_object_get_string_member_with_default (o, "day", NULL);
  count = json_object_get_member (o, "count");
  if (!request_id || !office || !day || strlen (day) != 6 ||
      strspn (day, "0123456789") != 6 || count == NULL ||
      json_node_get_value_type (count) != G_TYPE_INT64)
    return mc_req_error (req, 400, "bad_request",
                         "Cần request_id, office, day (YYMMDD) và count.");
  n = json_node_get_int (count);
  if (n < 1 || n > 500)
    return mc_req_error (req, 400, "bad_request", "count phải từ 1 đến 500.");
  if (!mc_pg_office_covers (conn, req->caller.office, office, &error))
    {
      if (error)
        return mc_req_internal (req, error);
      return mc_req_error (req, 403, "forbidden_office",
                           "Tài khoản không được cấp số cho cơ quan khác.");
    }
  count_s = g_strdup_printf ("%" G_GINT64_FORMAT, n);

  if (!mc_pg_run (conn, "BEGIN", &error))
    return mc_req_internal (req, error);
  {
    const char *p[] = { request_id, office, day, req->caller.login };
    ins = mc_pg_exec (conn, "INSERT INTO lease (request_id, office, day, login)"
                      " VALUES ($1, $2, $3, $4) ON CONFLICT (request_id) DO NOTHING RETURNING 1",
                      4, p, &error);
  }
  if (ins == NULL)
    return mc_req_internal (req, error);
  if (PQntuples (ins) == 0)
    {
      const char *p[] = { request_id };
      g_autoptr(PGresult) old = NULL;

      mc_pg_run (conn, "ROLLBACK", NULL);
      old = mc_pg_exec (conn, "SELECT office, day, first, last FROM lease WHERE request_id = $1",
                        1, p, &error);
      if (old == NULL)
        return mc_req_internal (req, error);
      if (!g_str_equal (PQgetvalue (old, 0, 0), office) || !g_str_equal (PQgetvalue (old, 0, 1), day))
        return mc_req_error (req, 400, "bad_request",
                             "request_id này đã dùng cho một yêu cầu khác.");
      return lease_answer (req, office, day, PQgetvalue (old, 0, 2), PQgetvalue (old, 0, 3));
    }
  {
    const char *p[] = { office, day, count_s };
    g_autoptr(PGresult) seed = mc_pg_exec (conn, "INSERT INTO day_counter (office, day) VALUES ($1, $2)"
                                           " ON CONFLICT DO NOTHING", 2, p, &error);
    if (seed == NULL)
      return mc_req_internal (req, error);
    up = mc_pg_exec (conn, "UPDATE day_counter SET next = next + $3::int"
                     " WHERE office = $1 AND day = $2 AND next + $3::int <= 10000"
                     " RETURNING next - $3::int, next - 1, 10000 - next", 3, p, &error);
    if (up == NULL)
      return mc_req_internal (req, error);
    if (PQntuples (up) == 0)
      {
        g_autoptr(PGresult) left = mc_pg_exec (conn, "SELECT 10000 - next FROM day_counter"
                                               " WHERE office = $1 AND day = $2", 2, p, &error);
        g_autofree char *msg = NULL;

        if (left == NULL)
          return mc_req_internal (req, error);
        msg = g_strdup_printf ("Số hồ sơ của ngày này chỉ còn %s số.", PQgetvalue (left, 0, 0));
        mc_pg_run (conn, "ROLLBACK", NULL);
        return mc_req_error (req, 409, "lease_exhausted", msg);
      }
  }
  {
    const char *p[] = { request_id, PQgetvalue (up, 0, 0), PQgetvalue (up, 0, 1) };
    g_autoptr(PGresult) set = mc_pg_exec (conn, "UPDATE lease SET first = $2::int, last = $3::int"
                                          " WHERE request_id = $1", 3, p, &error);
    if (set == NULL || !mc_pg_run (conn, "COMMIT", &error))
      return mc_req_internal (req, error);
  }
  lease_answer (req, office, day, PQgetvalue (up, 0, 0), PQgetvalue (up, 0, 1));
}
