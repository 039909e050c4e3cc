/* SPDX-License-Identifier: GPL-3.0-or-later */
/* /v1/blobs/{sha256}: content-addressed files under DATA/blobs (0600 in
 * 0700 directories). A blob is accepted only after its bytes hash to its
 * name; a resumable upload grows DATA/partial/HASH chunk by chunk under a
 * PostgreSQL advisory lock, so server processes sharing the data directory
 * never interleave chunks. Reading is allowed to the offices that uploaded
 * the bytes or whose dossiers name the blob (blob_access); to anyone else a
 * blob does not exist (404), so its existence does not leak. */
#define G_LOG_DOMAIN "motcua-central"

#include "config.h"

#include "mc-central-server.h"
#include "mc-central-db.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#define MAX_BLOB (200 * 1024 * 1024)
#define MAX_CHUNK (16 * 1024 * 1024)

static gboolean
readable (PGconn      *conn,
          McReq       *req,
          const char  *hash,
          gint64      *size,
          GError     **error)
{
  const char *p[] = { req->caller.office, hash };
  g_autoptr(PGresult) res = mc_pg_exec (conn,
                                        "WITH RECURSIVE t (code, depth) AS ("
                                        "  SELECT code, 0 FROM office WHERE code = $1"
                                        "  UNION SELECT o.code, t.depth + 1 FROM office o JOIN t ON o.parent = t.code"
                                        "  WHERE t.depth < 8)"
                                        " SELECT b.size FROM blob b WHERE b.hash = $2 AND EXISTS"
                                        " (SELECT 1 FROM blob_access a JOIN t ON t.code = a.office WHERE a.hash = $2)",
                                        2, p, error);
  if (res == NULL || PQntuples (res) == 0)
    return FALSE;
  *size = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
  return TRUE;
}

static gboolean
grant (PGconn     *conn,
       const char *hash,
       gint64      size,
       const char *office,
       GError    **error)
{
  g_autofree char *size_s = g_strdup_printf ("%" G_GINT64_FORMAT, size);
  const char *p[] = { hash, size_s, office };
  g_autoptr(PGresult) res = mc_pg_exec (conn,
                                        "WITH b AS (INSERT INTO blob (hash, size) VALUES ($1, $2::bigint)"
                                        "  ON CONFLICT DO NOTHING)"
                                        " INSERT INTO blob_access (hash, office) VALUES ($1, $3)"
                                        " ON CONFLICT DO NOTHING", 3, p, error);
  return res != NULL;
}

static void
set_offset (McReq  *req,
            gint64  offset)
{
  g_autofree char *s = g_strdup_printf ("%" G_GINT64_FORMAT, offset);

  mc_req_add_header (req, "Upload-Offset", s);
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         len)
{
  while (len > 0)
    {
      ssize_t n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= n;
    }
  return fsync (fd) == 0;
}

static char *
hash_file (const char *path)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buf = g_malloc (1 << 16);
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  ssize_t n;

  if (fd < 0)
    return NULL;
  while ((n = read (fd, buf, 1 << 16)) > 0)
    g_checksum_update (sum, buf, n);
  close (fd);
  return n < 0 ? NULL : g_strdup (g_checksum_get_string (sum));
}

static void
do_head_get (McReq      *req,
             PGconn     *conn,
             const char *hash,
             const char *final)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) map = NULL;
  const char *range = mc_req_header (req, "range");
  gint64 size = 0;

  if (!readable (conn, req, hash, &size, &error))
    {
      if (error)
        return mc_req_internal (req, error);
      if (g_str_equal (req->method, "HEAD"))
        {
          const char *p[] = { hash };
          g_autoptr(PGresult) up = mc_pg_exec (conn, "SELECT length FROM upload WHERE hash = $1",
                                               1, p, &error);
          g_autofree char *partial = g_build_filename (req->data_dir, "partial", hash, NULL);
          GStatBuf st;

          if (up == NULL)
            return mc_req_internal (req, error);
          if (PQntuples (up) == 1)
            {
              set_offset (req, g_stat (partial, &st) == 0 ? (gint64) st.st_size : 0);
              mc_req_add_header (req, "Upload-Length", PQgetvalue (up, 0, 0));
              req->status = 200;
              return;
            }
        }
      return mc_req_error (req, 404, "not_found", "Không có tệp này.");
    }
  if (g_str_equal (req->method, "HEAD"))
    {
      g_autofree char *len = g_strdup_printf ("%" G_GINT64_FORMAT, size);

      mc_req_add_header (req, "Content-Length", len);
      req->status = 200;
      return;
    }
  map = g_mapped_file_new (final, FALSE, &error);
  if (map == NULL)
    return mc_req_internal (req, error);
  g_free (req->content_type);
  req->content_type = g_strdup ("application/octet-stream");
  mc_req_add_header (req, "Accept-Ranges", "bytes");
  if (range && g_str_has_prefix (range, "bytes="))
    {
      gint64 from = 0, to = size - 1;
      char *end = NULL;

      from = g_ascii_strtoll (range + 6, &end, 10);
      if (end && *end == '-' && end[1] != '\0')
        to = g_ascii_strtoll (end + 1, NULL, 10);
      if (end == range + 6 || *end != '-' || from < 0 || from >= size || to < from)
        return mc_req_error (req, 416, "bad_request", "Khoảng byte không hợp lệ.");
      to = MIN (to, size - 1);
      {
        g_autofree char *cr = g_strdup_printf ("bytes %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT
                                               "/%" G_GINT64_FORMAT, from, to, size);
        g_autoptr(GBytes) all = g_mapped_file_get_bytes (map);

        mc_req_add_header (req, "Content-Range", cr);
        req->response = g_bytes_new_from_bytes (all, from, to - from + 1);
        req->status = 206;
      }
      return;
    }
  req->response = g_mapped_file_get_bytes (map);
  req->status = 200;
}

static void
do_put (McReq      *req,
        PGconn     *conn,
        const char *hash,
        const char *final)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *got = NULL;
  g_autofree char *tmp = NULL;
  const char *p[] = { hash };
  g_autoptr(PGresult) have = NULL;
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (req->body, &len);
  int fd;

  if (len > MAX_CHUNK)
    return mc_req_error (req, 413, "too_large", "Tệp trên 16 MiB phải tải lên theo từng phần (PATCH).");
  got = mc_sha256_hex (data ? data : (const guint8 *) "", len);
  if (!g_str_equal (got, hash))
    return mc_req_error (req, 422, "hash_mismatch",
                         "Nội dung tệp không khớp mã băm; hãy tải lên lại.");
  have = mc_pg_exec (conn, "SELECT 1 FROM blob WHERE hash = $1", 1, p, &error);
  if (have == NULL)
    return mc_req_internal (req, error);
  if (PQntuples (have) == 0 || !g_file_test (final, G_FILE_TEST_EXISTS))
    {
      g_autofree char *name = g_strdup_printf ("%s.put-%s", hash, req->request_id);

      tmp = g_build_filename (req->data_dir, "partial", name, NULL);
      fd = g_open (tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd < 0 || !write_all (fd, data, len) || close (fd) != 0 || g_rename (tmp, final) != 0)
        {
          g_unlink (tmp);
          g_set_error (&error, MC_CENTRAL_ERROR, MC_CENTRAL_ERROR_DB, "cannot store blob %s", hash);
          return mc_req_internal (req, error);
        }
      req->status = 201;
    }
  else
    req->status = 200;
  if (!grant (conn, hash, len, req->caller.office, &error))
    return mc_req_internal (req, error);
  mc_req_json_text (req, req->status, g_strdup ("{}"));
}

static void
do_patch (McReq      *req,
          PGconn     *conn,
          const char *hash,
          const char *final)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) lock = NULL;
  g_autoptr(PGresult) have = NULL;
  g_autoptr(PGresult) up = NULL;
  g_autofree char *partial = g_build_filename (req->data_dir, "partial", hash, NULL);
  const char *ct = mc_req_header (req, "content-type");
  const char *off_s = mc_req_header (req, "upload-offset");
  const char *len_s = mc_req_header (req, "upload-length");
  const char *p[] = { hash, len_s };
  guint64 offset, length;
  gint64 held = 0;
  gsize n = 0;
  const guint8 *data = g_bytes_get_data (req->body, &n);
  GStatBuf st;
  int fd;

  if (g_strcmp0 (ct, "application/offset+octet-stream") != 0)
    return mc_req_error (req, 415, "unsupported_media_type",
                         "PATCH cần Content-Type: application/offset+octet-stream.");
  if (!off_s || !len_s ||
      !g_ascii_string_to_unsigned (off_s, 10, 0, MAX_BLOB, &offset, NULL) ||
      !g_ascii_string_to_unsigned (len_s, 10, 1, G_MAXINT64, &length, NULL))
    return mc_req_error (req, 400, "bad_request", "Cần Upload-Offset và Upload-Length hợp lệ.");
  if (length > MAX_BLOB || n > MAX_CHUNK)
    return mc_req_error (req, 413, "too_large", "Tệp tối đa 200 MiB, mỗi phần tối đa 16 MiB.");

  if (!mc_pg_run (conn, "BEGIN", &error))
    return mc_req_internal (req, error);
  lock = mc_pg_exec (conn, "SELECT pg_advisory_xact_lock (hashtextextended ($1, 0))", 1, p, &error);
  if (lock == NULL)
    return mc_req_internal (req, error);
  /* The upload is already complete: this is its last chunk sent again
   * (the first answer was lost, or a proxy sent it twice). The same
   * success, not an offset mismatch at 0, which would make the desk upload
   * the whole file again and leave an upload row behind. */
  have = mc_pg_exec (conn, "SELECT size FROM blob WHERE hash = $1", 1, p, &error);
  if (have == NULL)
    return mc_req_internal (req, error);
  if (PQntuples (have) == 1 && g_file_test (final, G_FILE_TEST_EXISTS))
    {
      gint64 size = g_ascii_strtoll (PQgetvalue (have, 0, 0), NULL, 10);

      if ((guint64) size != length)
        return mc_req_error (req, 400, "bad_request", "Upload-Length khác kích thước của tệp đã có.");
      if (!grant (conn, hash, size, req->caller.office, &error) || !mc_pg_run (conn, "COMMIT", &error))
        return mc_req_internal (req, error);
      set_offset (req, size);
      return mc_req_json_text (req, 200, g_strdup ("{}"));
    }
  up = mc_pg_exec (conn, "INSERT INTO upload (hash, length) VALUES ($1, $2::bigint)"
                   " ON CONFLICT (hash) DO UPDATE SET length = upload.length RETURNING length",
                   2, p, &error);
  if (up == NULL)
    return mc_req_internal (req, error);
  if (g_ascii_strtoull (PQgetvalue (up, 0, 0), NULL, 10) != length)
    return mc_req_error (req, 400, "bad_request",
                         "Upload-Length khác với lần tải lên đang dở.");
  if (g_stat (partial, &st) == 0)
    held = st.st_size;
  if ((guint64) held != offset)
    {
      if (!mc_pg_run (conn, "COMMIT", &error))
        return mc_req_internal (req, error);
      set_offset (req, held);
      return mc_req_error (req, 422, "offset_mismatch",
                           "Vị trí tải lên không khớp với máy chủ; hãy tiếp tục từ Upload-Offset.");
    }
  if (offset + n > length)
    return mc_req_error (req, 400, "bad_request", "Phần tải lên vượt quá Upload-Length.");
  fd = g_open (partial, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0 || !write_all (fd, data, n) || close (fd) != 0)
    {
      g_set_error (&error, MC_CENTRAL_ERROR, MC_CENTRAL_ERROR_DB, "cannot write %s", partial);
      return mc_req_internal (req, error);
    }
  set_offset (req, offset + n);
  if (offset + n < length)
    {
      if (!mc_pg_run (conn, "COMMIT", &error))
        return mc_req_internal (req, error);
      req->status = 204;
      return;
    }
  {
    g_autofree char *got = hash_file (partial);
    g_autoptr(PGresult) del = mc_pg_exec (conn, "DELETE FROM upload WHERE hash = $1", 1, p, &error);

    if (del == NULL)
      return mc_req_internal (req, error);
    if (g_strcmp0 (got, hash) != 0)
      {
        g_unlink (partial);
        if (!mc_pg_run (conn, "COMMIT", &error))
          return mc_req_internal (req, error);
        set_offset (req, 0);
        return mc_req_error (req, 422, "hash_mismatch",
                             "Nội dung tệp không khớp mã băm; hãy tải lên lại từ đầu.");
      }
    if (g_rename (partial, final) != 0)
      {
        g_set_error (&error, MC_CENTRAL_ERROR, MC_CENTRAL_ERROR_DB, "cannot store blob %s", hash);
        return mc_req_internal (req, error);
      }
    if (!grant (conn, hash, length, req->caller.office, &error) ||
        !mc_pg_run (conn, "COMMIT", &error))
      return mc_req_internal (req, error);
    mc_req_json_text (req, 201, g_strdup ("{}"));
  }
}

void
mc_handle_blob (McReq      *req,
                PGconn     *conn,
                const char *hash)
{
  g_autofree char *final = g_build_filename (req->data_dir, "blobs", hash, NULL);
  const char *m = req->method;

  if (!mc_req_authenticate (req, conn, "desk"))
    return;
  if (g_str_equal (m, "HEAD") || g_str_equal (m, "GET"))
    do_head_get (req, conn, hash, final);
  else if (g_str_equal (m, "PUT"))
    {
      const char *ct = mc_req_header (req, "content-type");

      if (g_strcmp0 (ct, "application/octet-stream") != 0)
        return mc_req_error (req, 415, "unsupported_media_type",
                             "PUT cần Content-Type: application/octet-stream.");
      do_put (req, conn, hash, final);
    }
  else if (g_str_equal (m, "PATCH"))
    do_patch (req, conn, hash, final);
  else
    mc_req_error (req, 405, "bad_request", "Phương thức không được hỗ trợ.");
}
