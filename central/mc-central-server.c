/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The HTTP front of motcua-central. libsoup runs on the main thread and only
 * parses and answers; each request is copied into an McReq, paused, and
 * handled on a small GThreadPool whose threads each own one PostgreSQL
 * connection. Nothing about dossiers, tokens or uploads is kept in process
 * memory, so any number of these processes may serve one database. */
#define G_LOG_DOMAIN "motcua-central"

#include "config.h"

#include "mc-central-server.h"
#include "mc-central-db.h"

#include <glib-unix.h>
#include <libsoup/soup.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

typedef struct {
  McReq             *req;
  SoupServerMessage *msg;
} McJob;

static char *serve_dsn;
static GPrivate thread_conn = G_PRIVATE_INIT ((GDestroyNotify) PQfinish);

const char *
mc_req_header (McReq      *req,
               const char *name)
{
  return g_hash_table_lookup (req->headers, name);
}

void
mc_req_add_header (McReq      *req,
                   const char *name,
                   const char *value)
{
  g_ptr_array_add (req->response_headers, g_strdup (name));
  g_ptr_array_add (req->response_headers, g_strdup (value));
}

void
mc_req_json_text (McReq  *req,
                  guint   status,
                  char   *text)
{
  g_clear_pointer (&req->response, g_bytes_unref);
  req->status = status;
  g_free (req->content_type);
  req->content_type = g_strdup ("application/json");
  req->response = g_bytes_new_take (text, strlen (text));
}

void
mc_req_json (McReq    *req,
             guint     status,
             JsonNode *node)
{
  mc_req_json_text (req, status, json_to_string (node, FALSE));
}

void
mc_req_error (McReq      *req,
              guint       status,
              const char *code,
              const char *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_add_string_value (b, code);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_set_member_name (b, "request_id");
  json_builder_add_string_value (b, req->request_id);
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  mc_req_json (req, status, node);
}

void
mc_req_internal (McReq  *req,
                 GError *error)
{
  g_message ("request %s failed: %s", req->request_id,
             error ? error->message : "?");
  if (error && g_str_has_prefix (error->message, "[08"))
    mc_req_error (req, 503, "unavailable",
                  "Máy chủ tạm thời không kết nối được cơ sở dữ liệu; thử lại sau.");
  else
    mc_req_error (req, 500, "internal",
                  "Máy chủ gặp lỗi; thử lại sau ít phút.");
}

JsonNode *
mc_req_parse_json (McReq *req)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len = 0;
  const char *data = g_bytes_get_data (req->body, &len);
  const char *ct = mc_req_header (req, "content-type");

  if (ct == NULL || !g_str_has_prefix (ct, "application/json"))
    {
      mc_req_error (req, 415, "unsupported_media_type",
                    "Nội dung phải là JSON (Content-Type: application/json).");
      return NULL;
    }
  if (len > 4 * 1024 * 1024)
    {
      mc_req_error (req, 413, "too_large", "Yêu cầu vượt quá 4 MiB.");
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data ? data : "", len, NULL) ||
      json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      mc_req_error (req, 400, "bad_request", "JSON không hợp lệ.");
      return NULL;
    }
  return json_parser_steal_root (parser);
}

gboolean
mc_req_authenticate (McReq      *req,
                     PGconn     *conn,
                     const char *scope)
{
  const char *auth = mc_req_header (req, "authorization");
  g_autofree char *hash = NULL;
  g_autoptr(PGresult) res = NULL;
  g_autoptr(GError) error = NULL;
  const char *p[1];

  if (auth == NULL || !g_str_has_prefix (auth, "Bearer ") ||
      !g_str_has_prefix (auth + 7, "mca_"))
    goto invalid;
  hash = mc_sha256_hex (auth + 7, strlen (auth + 7));
  p[0] = hash;
  res = mc_pg_exec (conn,
                    "SELECT a.login, a.office, a.client_id, a.scope, coalesce (a.family, 0), a.used"
                    " FROM access_token a LEFT JOIN token_family f ON f.id = a.family"
                    " LEFT JOIN officer o ON o.login = a.login"
                    " WHERE a.hash = $1 AND a.expires > now ()"
                    " AND (a.family IS NULL OR NOT f.revoked)"
                    " AND (a.login IS NULL OR o.active)", 1, p, &error);
  if (res == NULL)
    {
      mc_req_internal (req, error);
      return FALSE;
    }
  if (PQntuples (res) != 1)
    goto invalid;
  if (g_strcmp0 (PQgetvalue (res, 0, 3), scope) != 0)
    {
      mc_req_error (req, 403, "forbidden_role",
                    "Tài khoản này không được dùng chức năng này.");
      return FALSE;
    }
  /* An access token's first use is noted once: a refresh token's reuse
   * grace ends when the pair it was rotated into has been used. */
  if (g_str_equal (PQgetvalue (res, 0, 5), "f"))
    {
      g_autoptr(PGresult) used = mc_pg_exec (conn, "UPDATE access_token SET used = true"
                                             " WHERE hash = $1 AND NOT used", 1, p, &error);

      if (used == NULL)
        {
          mc_req_internal (req, error);
          return FALSE;
        }
    }
  req->caller.login = PQgetisnull (res, 0, 0) ? NULL : g_strdup (PQgetvalue (res, 0, 0));
  req->caller.office = PQgetisnull (res, 0, 1) ? NULL : g_strdup (PQgetvalue (res, 0, 1));
  req->caller.client_id = PQgetisnull (res, 0, 2) ? NULL : g_strdup (PQgetvalue (res, 0, 2));
  req->caller.scope = g_strdup (PQgetvalue (res, 0, 3));
  req->caller.family = g_ascii_strtoll (PQgetvalue (res, 0, 4), NULL, 10);
  return TRUE;

invalid:
  mc_req_error (req, 401, "invalid_token",
                "Phiên đăng nhập đã hết hạn hoặc không hợp lệ; hãy đăng nhập lại.");
  return FALSE;
}

static void
mc_req_free (McReq *req)
{
  g_free (req->method);
  g_free (req->path);
  g_clear_pointer (&req->query, g_hash_table_unref);
  g_clear_pointer (&req->headers, g_hash_table_unref);
  g_clear_pointer (&req->body, g_bytes_unref);
  g_free (req->request_id);
  g_free (req->caller.login);
  g_free (req->caller.office);
  g_free (req->caller.client_id);
  g_free (req->caller.scope);
  g_free (req->content_type);
  g_clear_pointer (&req->response, g_bytes_unref);
  g_clear_pointer (&req->response_headers, g_ptr_array_unref);
  g_free (req);
}

static gboolean
is_sha256_hex (const char *s)
{
  if (strlen (s) != 64)
    return FALSE;
  for (const char *c = s; *c; c++)
    if (!g_ascii_isdigit (*c) && !(*c >= 'a' && *c <= 'f'))
      return FALSE;
  return TRUE;
}

static void
route (McReq  *req,
       PGconn *conn)
{
  const char *m = req->method;
  const char *path = req->path;

  if (g_str_equal (path, "/v1/auth/token") && g_str_equal (m, "POST"))
    mc_handle_token (req, conn);
  else if (g_str_equal (path, "/v1/auth/revoke") && g_str_equal (m, "POST"))
    mc_handle_revoke (req, conn);
  else if (g_str_equal (path, "/v1/ops") && g_str_equal (m, "POST"))
    mc_handle_ops (req, conn);
  else if (g_str_equal (path, "/v1/changes") && g_str_equal (m, "GET"))
    mc_handle_changes (req, conn);
  else if (g_str_equal (path, "/v1/sequences/lease") && g_str_equal (m, "POST"))
    mc_handle_lease (req, conn);
  else if (g_str_equal (path, "/v1/portal/dossiers") && g_str_equal (m, "POST"))
    mc_handle_portal (req, conn);
  else if (g_str_equal (path, "/v1/reports/kpi") && g_str_equal (m, "GET"))
    mc_handle_reports_kpi (req, conn);
  else if (g_str_equal (path, "/v1/audit") && g_str_equal (m, "GET"))
    mc_handle_audit (req, conn);
  else if (g_str_has_prefix (path, "/v1/blobs/"))
    {
      const char *hash = path + strlen ("/v1/blobs/");

      if (!is_sha256_hex (hash))
        mc_req_error (req, 400, "bad_request",
                      "Mã băm phải là 64 chữ số hex viết thường (SHA-256).");
      else
        mc_handle_blob (req, conn, hash);
    }
  else
    mc_req_error (req, 404, "not_found", "Không có địa chỉ này.");
}

static gboolean
job_done (gpointer data)
{
  McJob *job = data;
  McReq *req = job->req;
  SoupMessageHeaders *h = soup_server_message_get_response_headers (job->msg);
  gsize len = 0;
  const char *bytes = req->response ? g_bytes_get_data (req->response, &len) : NULL;

  soup_message_headers_replace (h, "X-Request-Id", req->request_id);
  for (guint i = 0; i + 1 < req->response_headers->len; i += 2)
    soup_message_headers_replace (h, req->response_headers->pdata[i],
                                  req->response_headers->pdata[i + 1]);
  soup_server_message_set_status (job->msg, req->status ? req->status : 500, NULL);
  if (bytes && !g_str_equal (req->method, "HEAD"))
    soup_server_message_set_response (job->msg, req->content_type, SOUP_MEMORY_COPY,
                                      bytes, len);
  soup_server_message_unpause (job->msg);
  g_object_unref (job->msg);
  mc_req_free (req);
  g_free (job);
  return G_SOURCE_REMOVE;
}

static void
worker (gpointer data,
        gpointer user_data)
{
  McJob *job = data;
  PGconn *conn = g_private_get (&thread_conn);

  if (conn != NULL && PQstatus (conn) != CONNECTION_OK)
    PQreset (conn);
  if (conn == NULL)
    {
      g_autoptr(GError) error = NULL;

      conn = mc_pg_connect (serve_dsn, &error);
      if (conn == NULL)
        mc_req_internal (job->req, error);
      else
        g_private_set (&thread_conn, conn);
    }
  if (conn != NULL)
    {
      route (job->req, conn);
      /* Never hand a connection inside a transaction to the next request. */
      if (PQtransactionStatus (conn) != PQTRANS_IDLE)
        PQclear (PQexec (conn, "ROLLBACK"));
    }
  g_main_context_invoke (NULL, job_done, job);
}

static void
copy_header (const char *name,
             const char *value,
             gpointer    user_data)
{
  g_hash_table_replace (user_data, g_ascii_strdown (name, -1), g_strdup (value));
}

/* Refuses a body over the largest limit before libsoup reads it into
 * memory; the handlers check the exact limit of each endpoint. */
static void
on_got_headers (SoupServerMessage *msg,
                gpointer           user_data)
{
  SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);

  if (soup_message_headers_get_encoding (h) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (h) > 16 * 1024 * 1024)
    {
      static const char body[] =
        "{\"error\":\"too_large\",\"message\":\"Y\xc3\xaau c\xe1\xba\xa7u qu\xc3\xa1 l\xe1\xbb\x9bn.\"}";
      g_autofree char *answer = g_strdup_printf ("HTTP/1.1 413 Payload Too Large\r\n"
                                                 "Content-Type: application/json\r\n"
                                                 "Connection: close\r\n"
                                                 "Content-Length: %zu\r\n\r\n%s",
                                                 strlen (body), body);
      g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

      /* Answer and hang up without reading the body at all. */
      g_output_stream_write_all (g_io_stream_get_output_stream (stream), answer,
                                 strlen (answer), NULL, NULL, NULL);
      g_io_stream_close (stream, NULL, NULL);
    }
}

static void
on_request_started (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  g_signal_connect (msg, "got-headers", G_CALLBACK (on_got_headers), NULL);
}

static void
on_request (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  GThreadPool *pool = user_data;
  McJob *job = g_new0 (McJob, 1);
  McReq *req = g_new0 (McReq, 1);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  GHashTableIter it;
  gpointer k, v;

  req->method = g_strdup (soup_server_message_get_method (msg));
  req->path = g_strdup (path);
  if (query)
    {
      req->query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_iter_init (&it, query);
      while (g_hash_table_iter_next (&it, &k, &v))
        g_hash_table_insert (req->query, g_strdup (k), g_strdup (v));
    }
  req->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  soup_message_headers_foreach (soup_server_message_get_request_headers (msg),
                                copy_header, req->headers);
  req->body = body ? soup_message_body_flatten (body) : g_bytes_new (NULL, 0);
  req->request_id = g_uuid_string_random ();
  req->data_dir = g_object_get_data (G_OBJECT (server), "data-dir");
  req->response_headers = g_ptr_array_new_with_free_func (g_free);

  job->req = req;
  job->msg = g_object_ref (msg);
  soup_server_message_pause (msg);
  g_thread_pool_push (pool, job, NULL);
}

static gboolean
quit_loop (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

int
mc_central_serve (const char *dsn,
                  const char *listen,
                  const char *tls_cert,
                  const char *tls_key,
                  const char *data_dir,
                  int         threads)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GSocketAddress) addr = NULL;
  g_autoptr(PGconn) probe = NULL;
  g_autofree char *host = NULL;
  g_autofree char *blob_dir = NULL;
  g_autofree char *partial_dir = NULL;
  GThreadPool *pool;
  const char *colon;
  GSList *uris;
  guint64 port = 0;

  serve_dsn = g_strdup (dsn);
  /* Fail at start, not at the first request, when the database is wrong. */
  probe = mc_pg_connect (dsn, &error);
  if (probe == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_clear_pointer (&probe, PQfinish);

  colon = listen ? strrchr (listen, ':') : NULL;
  if (colon == NULL || !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    {
      g_printerr ("--listen wants HOST:PORT, e.g. 127.0.0.1:8440\n");
      return 2;
    }
  host = g_strndup (listen, colon - listen);
  addr = g_inet_socket_address_new_from_string (host, (guint) port);
  if (addr == NULL)
    {
      g_printerr ("--listen: %s is not an IP address\n", host);
      return 2;
    }

  blob_dir = g_build_filename (data_dir, "blobs", NULL);
  partial_dir = g_build_filename (data_dir, "partial", NULL);
  if (g_mkdir_with_parents (blob_dir, 0700) != 0 ||
      g_mkdir_with_parents (partial_dir, 0700) != 0)
    {
      g_printerr ("Cannot create the data directory %s\n", data_dir);
      return 1;
    }

  server = soup_server_new ("server-header", "motcua-central/" PACKAGE_VERSION " ", NULL);
  g_object_set_data_full (G_OBJECT (server), "data-dir", g_strdup (data_dir), g_free);
  if (tls_cert || tls_key)
    {
      g_autoptr(GTlsCertificate) cert = NULL;

      if (!tls_cert || !tls_key)
        {
          g_printerr ("--tls-cert and --tls-key go together\n");
          return 2;
        }
      cert = g_tls_certificate_new_from_files (tls_cert, tls_key, &error);
      if (cert == NULL)
        {
          g_printerr ("Cannot load the TLS certificate: %s\n", error->message);
          return 1;
        }
      soup_server_set_tls_certificate (server, cert);
    }

  pool = g_thread_pool_new (worker, NULL, threads, FALSE, &error);
  if (pool == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  soup_server_add_handler (server, "/v1", on_request, pool, NULL);
  g_signal_connect (server, "request-started", G_CALLBACK (on_request_started), NULL);
  if (!soup_server_listen (server, addr,
                           (tls_cert ? SOUP_SERVER_LISTEN_HTTPS : 0), &error))
    {
      g_printerr ("Cannot listen on %s: %s\n", listen, error->message);
      return 1;
    }

  uris = soup_server_get_uris (server);
  for (GSList *l = uris; l; l = l->next)
    {
      g_autofree char *s = g_uri_to_string (l->data);

      /* The readiness line tests and ./dev wait for. */
      printf ("motcua-central listening on %s\n", s);
    }
  fflush (stdout);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  /* SIGTERM (systemd, the tests) and SIGINT: stop taking requests, let the
   * ones in flight finish and answer, then leave. */
  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, (GSourceFunc) quit_loop, loop);
  g_unix_signal_add (SIGINT, (GSourceFunc) quit_loop, loop);
  g_main_loop_run (loop);
  soup_server_disconnect (server);
  g_thread_pool_free (pool, FALSE, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  /* The server before the last turns of the loop: its clients' connections
   * are let go as it finalises. */
  g_clear_object (&server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_pointer (&serve_dsn, g_free);
  return 0;
}
