/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The intake of online dossiers: POST /v1/portal/dossiers and
 * `motcua-central portal submit`. A dossier arrives in the national portal's
 * own field names; it is checked, stored in state 1 (submitted), made
 * readable with its attached blobs by its office, and put on that office's
 * change feed, all in one transaction. The first submission of a MaHoSo is
 * kept as sent, so a repeat with the same content is answered 200 and one
 * with other content 409. */
#define G_LOG_DOMAIN "motcua-central"

#include "config.h"

#include "mc-central-server.h"
#include "mc-central-db.h"

#include <string.h>

static guint
fail (char      **out_error,
      const char **out_message,
      guint       status,
      const char *code,
      const char *message)
{
  *out_error = g_strdup (code);
  *out_message = message;
  return status;
}

static gboolean
all_digits (const char *s,
            gsize       n)
{
  return strlen (s) == n && strspn (s, "0123456789") == n;
}

static gboolean
is_procedure_code (const char *s)
{
  return strlen (s) == 8 && g_ascii_isdigit (s[0]) && s[1] == '.' && all_digits (s + 2, 6);
}

guint
mc_portal_intake (PGconn      *conn,
                  const char  *json_text,
                  char       **out_code,
                  char       **out_office,
                  char       **out_error,
                  const char **out_message,
                  GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) blobs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PGresult) res = NULL;
  g_autofree char *office = NULL;
  g_autofree char *body = NULL;
  g_autofree char *fields = NULL;
  JsonNode *root;
  JsonObject *d;
  JsonNode *files;
  const char *code, *procedure, *id;
  const char *dash;

  if (!json_parser_load_from_data (parser, json_text, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return fail (out_error, out_message, 400, "bad_request", "Hồ sơ không phải JSON hợp lệ.");
  d = json_node_get_object (root);
  code = json_object_get_string_member_with_default (d, "MaHoSo", NULL);
  procedure = json_object_get_string_member_with_default (d, "MaTTHC", NULL);
  id = json_object_get_string_member_with_default (d, "SoDinhDanh", NULL);
  files = json_object_get_member (d, "TaiLieuNop");
  if (code == NULL || procedure == NULL || (dash = strchr (code, '-')) == NULL ||
      (files && !JSON_NODE_HOLDS_ARRAY (files)))
    return fail (out_error, out_message, 400, "bad_request",
                 "Thiếu MaHoSo hoặc MaTTHC, hoặc TaiLieuNop không phải danh sách.");
  office = g_strndup (code, dash - code);
  *out_code = g_strdup (code);
  *out_office = g_strdup (office);

  {
    const char *p[] = { office };
    res = mc_pg_exec (conn, "SELECT 1 FROM office WHERE code = $1", 1, p, error);
    if (res == NULL)
      return 0;
    if (PQntuples (res) == 0)
      return fail (out_error, out_message, 422, "unknown_office",
                   "Mã hồ sơ ghi một cơ quan mà hệ thống không biết.");
  }
  /* No catalogue is held centrally yet: the code's shape is checked. */
  if (!is_procedure_code (procedure))
    return fail (out_error, out_message, 422, "unknown_procedure",
                 "Mã thủ tục hành chính không hợp lệ.");
  if (id != NULL && !all_digits (id, 12))
    return fail (out_error, out_message, 422, "invalid_field",
                 "Số định danh cá nhân phải có 12 chữ số.");
  for (guint i = 0; files && i < json_array_get_length (json_node_get_array (files)); i++)
    {
      JsonNode *f = json_array_get_element (json_node_get_array (files), i);
      const char *path = JSON_NODE_HOLDS_OBJECT (f)
        ? json_object_get_string_member_with_default (json_node_get_object (f), "DuongDanTaiTepTin", NULL)
        : NULL;

      if (path && g_str_has_prefix (path, "blob:"))
        {
          const char *p[] = { path + 5 };
          g_autoptr(PGresult) b = mc_pg_exec (conn, "SELECT 1 FROM blob WHERE hash = $1", 1, p, error);

          if (b == NULL)
            return 0;
          if (PQntuples (b) == 0)
            {
              *out_message = NULL;
              *out_error = g_strdup ("missing_blob");
              *out_message = "Một tệp đính kèm chưa được tải lên trước hồ sơ.";
              g_free (*out_code);
              *out_code = g_strdup (path + 5);
              return 422;
            }
          g_ptr_array_add (blobs, g_strdup (path + 5));
        }
    }

  body = json_to_string (root, FALSE);
  if (!json_object_has_member (d, "KenhThucHien"))
    json_object_set_int_member (d, "KenhThucHien", 2);
  json_object_set_int_member (d, "TrangThaiHoSo", 1);
  fields = json_to_string (root, FALSE);

  if (!mc_pg_run (conn, "BEGIN", error))
    return 0;
  {
    const char *p[] = { code, body };
    g_clear_pointer (&res, PQclear);
    res = mc_pg_exec (conn, "INSERT INTO portal_intake (code, body) VALUES ($1, $2::jsonb)"
                      " ON CONFLICT (code) DO NOTHING RETURNING 1", 2, p, error);
    if (res == NULL)
      goto db_fail;
    if (PQntuples (res) == 0)
      {
        g_autoptr(PGresult) same = NULL;

        mc_pg_run (conn, "ROLLBACK", NULL);
        same = mc_pg_exec (conn, "SELECT body = $2::jsonb FROM portal_intake WHERE code = $1",
                           2, p, error);
        if (same == NULL)
          return 0;
        if (g_str_equal (PQgetvalue (same, 0, 0), "t"))
          return 200;
        return fail (out_error, out_message, 409, "exists",
                     "Mã hồ sơ này đã được tiếp nhận với nội dung khác.");
      }
  }
  {
    const char *p[] = { code, office, fields };
    g_clear_pointer (&res, PQclear);
    res = mc_pg_exec (conn, "INSERT INTO dossier (code, office, version, state, fields)"
                      " VALUES ($1, $2, 1, 1, $3::jsonb) ON CONFLICT (code) DO NOTHING"
                      " RETURNING json_build_object ('kind', 'dossier', 'dossier_code', code,"
                      " 'version', version, 'op_id', NULL, 'desk_id', NULL, 'dossier', fields)::text",
                      3, p, error);
    if (res == NULL)
      goto db_fail;
    if (PQntuples (res) == 0)
      {
        mc_pg_run (conn, "ROLLBACK", NULL);
        return fail (out_error, out_message, 409, "exists",
                     "Mã hồ sơ này đã có trên hệ thống.");
      }
  }
  for (guint i = 0; i < blobs->len; i++)
    {
      const char *p[] = { blobs->pdata[i], office };
      g_autoptr(PGresult) a = mc_pg_exec (conn, "INSERT INTO blob_access (hash, office)"
                                          " VALUES ($1, $2) ON CONFLICT DO NOTHING", 2, p, error);
      if (a == NULL)
        goto db_fail;
    }
  if (!mc_feed_append (conn, office, PQgetvalue (res, 0, 0), error) ||
      !mc_pg_run (conn, "COMMIT", error))
    goto db_fail;
  return 201;

db_fail:
  PQclear (PQexec (conn, "ROLLBACK"));
  return 0;
}

void
mc_handle_portal (McReq  *req,
                  PGconn *conn)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *code = NULL;
  g_autofree char *office = NULL;
  g_autofree char *err = NULL;
  const char *message = NULL;
  const char *ct = mc_req_header (req, "content-type");
  gsize len = 0;
  const char *data = g_bytes_get_data (req->body, &len);
  guint status;

  if (!mc_req_authenticate (req, conn, "portal"))
    return;
  if (ct == NULL || !g_str_has_prefix (ct, "application/json"))
    return mc_req_error (req, 415, "unsupported_media_type",
                         "Nội dung phải là JSON (Content-Type: application/json).");
  if (len > 4 * 1024 * 1024)
    return mc_req_error (req, 413, "too_large", "Yêu cầu vượt quá 4 MiB.");
  text = g_strndup (data ? data : "", len);
  status = mc_portal_intake (conn, text, &code, &office, &err, &message, &error);
  if (status == 0)
    return mc_req_internal (req, error);
  if (status >= 300)
    {
      g_autofree char *full = g_str_equal (err, "missing_blob")
        ? g_strdup_printf ("%s (blob:%s)", message, code) : g_strdup (message);
      return mc_req_error (req, status, err, full);
    }
  {
    g_autoptr(JsonBuilder) b = json_builder_new ();
    g_autoptr(JsonNode) node = NULL;

    json_builder_begin_object (b);
    json_builder_set_member_name (b, "MaHoSo");
    json_builder_add_string_value (b, code);
    json_builder_set_member_name (b, "status");
    json_builder_add_string_value (b, "accepted");
    json_builder_set_member_name (b, "office");
    json_builder_add_string_value (b, office);
    json_builder_end_object (b);
    node = json_builder_get_root (b);
    mc_req_json (req, status, node);
  }
}
