/* SPDX-License-Identifier: GPL-3.0-or-later */
/* GET /v1/reports/kpi?office=C&from=YYYY-MM-DD&to=YYYY-MM-DD: the service
 * indicators the centre can count, for an office and every office under
 * it, office by office (a province's ranking of its communes) and in
 * total. The centre holds each dossier's latest portal fields and every
 * applied op with the state it left the dossier in, so:
 *  - received in the period: NgayTiepNhan in it; online: KenhThucHien 2;
 *  - finished in the period: the first op that left it result-ready (9),
 *    else returned (10), else the refused/withdrawn/stopped state it is
 *    in, taken (the desk's `at`) in the period;
 *  - on time: finished no later than NgayHenTra (the appointment given at
 *    reception; an apology never moves it) with at most one op that left
 *    it waiting for a supplement (5).
 * Days are Vietnam's; the period's last day is included. */
#define G_LOG_DOMAIN "motcua-central"

#include "config.h"

#include "mc-central-server.h"
#include "mc-central-db.h"

#include <string.h>

#define KPI_SQL \
  "WITH RECURSIVE t (code, depth) AS (" \
  "  SELECT code, 0 FROM office WHERE code = $1" \
  "  UNION SELECT o.code, t.depth + 1 FROM office o JOIN t ON o.parent = t.code" \
  "  WHERE t.depth < 8)," \
  " d AS (" \
  "  SELECT d.office, d.state," \
  "   CASE WHEN d.fields->>'KenhThucHien' ~ '^[0-9]+$' THEN (d.fields->>'KenhThucHien')::int ELSE 0 END AS channel," \
  "   coalesce (d.fields->>'NgayTiepNhan', '') AS received," \
  "   coalesce (d.fields->>'NgayHenTra', '') AS due," \
  "   to_char (to_timestamp (CASE WHEN d.state IN (9, 10) THEN coalesce (f.f9, f.f10)" \
  "                              WHEN d.state IN (3, 7, 8) THEN f.fs END)" \
  "            AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYYMMDDHH24MISS') AS finished," \
  "   coalesce (f.supplements, 0) AS supplements" \
  "  FROM dossier d JOIN t ON t.code = d.office" \
  "  LEFT JOIN LATERAL (" \
  "   SELECT min (o.taken_at) FILTER (WHERE x.s = 9) AS f9," \
  "          min (o.taken_at) FILTER (WHERE x.s = 10) AS f10," \
  "          min (o.taken_at) FILTER (WHERE x.s = d.state) AS fs," \
  "          count (*) FILTER (WHERE x.s = 5) AS supplements" \
  "   FROM op o, LATERAL (SELECT CASE WHEN o.payload->'dossier'->>'TrangThaiHoSo' ~ '^[0-9]+$'" \
  "                              THEN (o.payload->'dossier'->>'TrangThaiHoSo')::int END AS s) x" \
  "   WHERE o.dossier_code = d.code) f ON true)" \
  " SELECT t.code, o.name," \
  "  count (d.*) FILTER (WHERE d.received >= $2 AND d.received < $3)," \
  "  count (d.*) FILTER (WHERE d.received >= $2 AND d.received < $3 AND d.channel = 2)," \
  "  count (d.*) FILTER (WHERE d.finished >= $2 AND d.finished < $3)," \
  "  count (d.*) FILTER (WHERE d.finished >= $2 AND d.finished < $3 AND d.supplements <= 1" \
  "                      AND (d.due = '' OR d.finished <= d.due))" \
  " FROM t JOIN office o ON o.code = t.code LEFT JOIN d ON d.office = t.code" \
  " GROUP BY t.code, o.name, t.depth ORDER BY t.depth, t.code"

typedef struct {
  char *office;
  char *name;
  gint64 received, online, finished, on_time;
} Row;

static void
row_free (Row *row)
{
  g_free (row->office);
  g_free (row->name);
  g_free (row);
}

/* "2026-12-31" → the day, or FALSE. */
static gboolean
parse_day (const char *text,
           GDate      *date)
{
  int y, m, d;
  char end;

  g_date_clear (date, 1);
  if (text == NULL || strlen (text) != 10 || sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3 ||
      !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_set_dmy (date, d, m, y);
  return TRUE;
}

/* The portal's time text of a day's first second: "20261231000000". */
static char *
portal_day (const GDate *date)
{
  return g_strdup_printf ("%04d%02d%02d000000", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

static void
add_share (JsonBuilder *b,
           const char  *name,
           gint64       numerator,
           gint64       denominator)
{
  json_builder_set_member_name (b, name);
  if (denominator > 0)
    json_builder_add_double_value (b, (gint64) ((1000 * numerator + denominator / 2) / denominator) / 10.0);
  else
    json_builder_add_null_value (b);
}

static void
add_counts (JsonBuilder *b,
            const Row   *row)
{
  json_builder_set_member_name (b, "received");
  json_builder_add_int_value (b, row->received);
  json_builder_set_member_name (b, "online");
  json_builder_add_int_value (b, row->online);
  json_builder_set_member_name (b, "finished");
  json_builder_add_int_value (b, row->finished);
  json_builder_set_member_name (b, "on_time");
  json_builder_add_int_value (b, row->on_time);
  add_share (b, "on_time_percent", row->on_time, row->finished);
  add_share (b, "online_percent", row->online, row->received);
}

/* Best on-time share first; offices with nothing finished last. */
static int
by_rank (gconstpointer a,
         gconstpointer b)
{
  const Row *x = *(const Row * const *) a, *y = *(const Row * const *) b;
  double px = x->finished > 0 ? (double) x->on_time / x->finished : -1;
  double py = y->finished > 0 ? (double) y->on_time / y->finished : -1;

  if (px != py)
    return px > py ? -1 : 1;
  return g_strcmp0 (x->office, y->office);
}

void
mc_handle_reports_kpi (McReq  *req,
                       PGconn *conn)
{
  const char *office = req->query ? g_hash_table_lookup (req->query, "office") : NULL;
  const char *from_text = req->query ? g_hash_table_lookup (req->query, "from") : NULL;
  const char *to_text = req->query ? g_hash_table_lookup (req->query, "to") : NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(PGresult) res = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *lo = NULL, *hi = NULL;
  Row total = { NULL, NULL, 0, 0, 0, 0 };
  GDate from, to;

  if (!mc_req_authenticate (req, conn, "desk"))
    return;
  if (office == NULL || *office == '\0')
    return mc_req_error (req, 400, "bad_request", "Thiếu mã cơ quan (office).");
  if (!parse_day (from_text, &from) || !parse_day (to_text, &to))
    return mc_req_error (req, 400, "bad_request", "from và to phải là ngày dạng YYYY-MM-DD.");
  if (g_date_compare (&to, &from) < 0)
    return mc_req_error (req, 400, "bad_request", "Ngày kết thúc (to) đứng trước ngày bắt đầu (from).");
  if (!mc_pg_office_covers (conn, req->caller.office, office, &error))
    {
      if (error != NULL)
        return mc_req_internal (req, error);
      return mc_req_error (req, 403, "forbidden_office",
                           "Tài khoản này không được xem báo cáo của cơ quan đó.");
    }

  g_date_add_days (&to, 1);
  lo = portal_day (&from);
  hi = portal_day (&to);
  {
    const char *p[] = { office, lo, hi };

    res = mc_pg_exec (conn, KPI_SQL, 3, p, &error);
  }
  if (res == NULL)
    return mc_req_internal (req, error);

  for (int r = 0; r < PQntuples (res); r++)
    {
      Row *row = g_new0 (Row, 1);

      row->office = g_strdup (PQgetvalue (res, r, 0));
      row->name = g_strdup (PQgetvalue (res, r, 1));
      row->received = g_ascii_strtoll (PQgetvalue (res, r, 2), NULL, 10);
      row->online = g_ascii_strtoll (PQgetvalue (res, r, 3), NULL, 10);
      row->finished = g_ascii_strtoll (PQgetvalue (res, r, 4), NULL, 10);
      row->on_time = g_ascii_strtoll (PQgetvalue (res, r, 5), NULL, 10);
      total.received += row->received;
      total.online += row->online;
      total.finished += row->finished;
      total.on_time += row->on_time;
      g_ptr_array_add (rows, row);
    }
  g_ptr_array_sort (rows, by_rank);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "office");
  json_builder_add_string_value (b, office);
  json_builder_set_member_name (b, "from");
  json_builder_add_string_value (b, from_text);
  json_builder_set_member_name (b, "to");
  json_builder_add_string_value (b, to_text);
  json_builder_set_member_name (b, "total");
  json_builder_begin_object (b);
  add_counts (b, &total);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "offices");
  json_builder_begin_array (b);
  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = rows->pdata[i];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "rank");
      json_builder_add_int_value (b, i + 1);
      json_builder_set_member_name (b, "office");
      json_builder_add_string_value (b, row->office);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, row->name);
      add_counts (b, row);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  mc_req_json (req, 200, root);
}
