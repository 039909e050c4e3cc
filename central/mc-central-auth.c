/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sign-in for motcua-central: the OAuth 2.0 token endpoint (password,
 * refresh_token with rotation, client_credentials for the portal connector)
 * and revocation. Passwords and client secrets are Argon2id hashes made by
 * libsodium; access and refresh tokens are random opaque strings of which
 * PostgreSQL keeps only the SHA-256, with their expiry, so any server
 * process can check any token. A rotated refresh token presented again
 * revokes its whole family (one sign-in), except as the retry of a refresh
 * whose answer was lost: within REUSE_GRACE seconds of its use, and while
 * neither its successor nor the access token issued with that one has ever
 * been used (a desk that got the answer uses its access token at once), it
 * gets a new pair of the same family and the unused successor is made void. */
#define G_LOG_DOMAIN "motcua-central"

#include "config.h"

#include "mc-central-server.h"
#include "mc-central-db.h"

#include <libsoup/soup.h>
#include <sodium.h>
#include <string.h>

#define ACCESS_TTL "900"
#define REUSE_GRACE "60"

static void
oauth_error (McReq      *req,
             guint       status,
             const char *code,
             const char *description)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_add_string_value (b, code);
  json_builder_set_member_name (b, "error_description");
  json_builder_add_string_value (b, description);
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  mc_req_json (req, status, node);
  mc_req_add_header (req, "Cache-Control", "no-store");
}

/* Issues an access token (and, for an officer, a refresh token of @family)
 * and answers with them; inside the caller's transaction. */
static gboolean
issue_tokens (McReq      *req,
              PGconn     *conn,
              const char *family,
              const char *login,
              const char *client_id,
              char      **out_refresh_hash,
              GError    **error)
{
  g_autofree char *access = mc_random_token ("mca_");
  g_autofree char *access_hash = mc_sha256_hex (access, strlen (access));
  g_autofree char *refresh = NULL;
  g_autofree char *refresh_hash = NULL;
  g_autoptr(PGresult) res = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  /* Expired rows go a few at a time, by the expiry index. */
  {
    g_autoptr(PGresult) gc = mc_pg_exec (conn,
                                         "DELETE FROM access_token WHERE hash IN (SELECT hash FROM access_token"
                                         " WHERE expires < now () LIMIT 50)", 0, NULL, error);
    if (gc == NULL)
      return FALSE;
  }
  if (login != NULL)
    {
      const char *p[] = { access_hash, family, login, NULL };

      refresh = mc_random_token ("mcr_");
      refresh_hash = mc_sha256_hex (refresh, strlen (refresh));
      p[3] = refresh_hash;
      res = mc_pg_exec (conn,
                        "INSERT INTO access_token (hash, family, login, office, scope, expires, issued_with)"
                        " SELECT $1, $2::bigint, login, office, 'desk', now () + interval '" ACCESS_TTL " seconds', $4"
                        " FROM officer WHERE login = $3"
                        " RETURNING (SELECT json_build_object ('login', o.login, 'name', o.name,"
                        "   'role', o.role, 'office', o.office, 'office_name', f.name)::text"
                        "   FROM officer o JOIN office f ON f.code = o.office WHERE o.login = $3)",
                        4, p, error);
      if (res == NULL)
        return FALSE;
      {
        const char *q[] = { refresh_hash, family };
        g_autoptr(PGresult) r2 = mc_pg_exec (conn,
                                             "INSERT INTO refresh_token (hash, family, expires)"
                                             " SELECT $1, $2::bigint, least (now () + interval '30 days',"
                                             "  created + interval '90 days') FROM token_family WHERE id = $2::bigint",
                                             2, q, error);
        if (r2 == NULL)
          return FALSE;
      }
      if (out_refresh_hash != NULL)
        *out_refresh_hash = g_strdup (refresh_hash);
    }
  else
    {
      const char *p[] = { access_hash, client_id };

      res = mc_pg_exec (conn,
                        "INSERT INTO access_token (hash, client_id, scope, expires)"
                        " SELECT $1, client_id, scope, now () + interval '" ACCESS_TTL " seconds'"
                        " FROM client WHERE client_id = $2",
                        2, p, error);
      if (res == NULL)
        return FALSE;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "access_token");
  json_builder_add_string_value (b, access);
  json_builder_set_member_name (b, "token_type");
  json_builder_add_string_value (b, "Bearer");
  json_builder_set_member_name (b, "expires_in");
  json_builder_add_int_value (b, 900);
  if (refresh)
    {
      g_autoptr(JsonNode) officer = json_from_string (PQgetvalue (res, 0, 0), NULL);

      json_builder_set_member_name (b, "refresh_token");
      json_builder_add_string_value (b, refresh);
      json_builder_set_member_name (b, "officer");
      json_builder_add_value (b, g_steal_pointer (&officer));
    }
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  mc_req_json (req, 200, node);
  mc_req_add_header (req, "Cache-Control", "no-store");
  return TRUE;
}

static void
password_grant (McReq      *req,
                PGconn     *conn,
                GHashTable *form)
{
  const char *login = g_hash_table_lookup (form, "username");
  const char *password = g_hash_table_lookup (form, "password");
  const char *desk_id = g_hash_table_lookup (form, "desk_id");
  const char *desk_name = g_hash_table_lookup (form, "desk_name");
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) res = NULL;
  g_autoptr(PGresult) fam = NULL;
  const char *p[] = { login };

  if (g_strcmp0 (g_hash_table_lookup (form, "client_id"), "motcua-desk") != 0)
    return oauth_error (req, 401, "invalid_client", "Unknown client_id");
  if (login == NULL || password == NULL)
    return oauth_error (req, 400, "invalid_request", "username and password are required");

  res = mc_pg_exec (conn,
                    "SELECT o.pw_hash, (SELECT count (*) FROM login_failure f"
                    "   WHERE f.login = $1 AND f.at > now () - interval '15 minutes')"
                    " FROM (SELECT $1::text AS l) x LEFT JOIN officer o ON o.login = x.l AND o.active",
                    1, p, &error);
  if (res == NULL)
    return mc_req_internal (req, error);
  if (atoi (PQgetvalue (res, 0, 1)) >= 5)
    return oauth_error (req, 400, "invalid_grant",
                        "Đăng nhập sai quá 5 lần; hãy thử lại sau 15 phút.");
  if (PQgetisnull (res, 0, 0) ||
      crypto_pwhash_str_verify (PQgetvalue (res, 0, 0), password, strlen (password)) != 0)
    {
      /* Failures older than the window no longer count: drop this login's. */
      g_autoptr(PGresult) f = mc_pg_exec (conn,
                                          "WITH old AS (DELETE FROM login_failure WHERE login = $1"
                                          "  AND at < now () - interval '15 minutes')"
                                          " INSERT INTO login_failure (login) VALUES ($1)",
                                          1, p, &error);
      if (f == NULL)
        return mc_req_internal (req, error);
      return oauth_error (req, 400, "invalid_grant", "Sai tên đăng nhập hoặc mật khẩu.");
    }

  if (!mc_pg_run (conn, "BEGIN", &error))
    return mc_req_internal (req, error);
  {
    const char *q[] = { login, desk_id, desk_name };
    fam = mc_pg_exec (conn, "INSERT INTO token_family (login, desk_id, desk_name)"
                      " VALUES ($1, $2, $3) RETURNING id", 3, q, &error);
  }
  if (fam == NULL ||
      !issue_tokens (req, conn, PQgetvalue (fam, 0, 0), login, NULL, NULL, &error) ||
      !mc_pg_run (conn, "COMMIT", &error))
    return mc_req_internal (req, error);
}

static void
refresh_grant (McReq      *req,
               PGconn     *conn,
               GHashTable *form)
{
  const char *token = g_hash_table_lookup (form, "refresh_token");
  g_autofree char *hash = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) res = NULL;
  const char *p[1];

  if (token == NULL)
    return oauth_error (req, 400, "invalid_request", "refresh_token is required");
  hash = mc_sha256_hex (token, strlen (token));
  p[0] = hash;
  if (!mc_pg_run (conn, "BEGIN", &error))
    return mc_req_internal (req, error);
  /* FOR UPDATE: two refreshes with one token race; exactly one wins and the
   * other is seen as reuse. */
  res = mc_pg_exec (conn,
                    "SELECT r.family, r.used, f.revoked OR NOT o.active OR r.expires < now (), f.login,"
                    " r.replaced_by IS NOT NULL AND r.used_at > now () - interval '" REUSE_GRACE " seconds'"
                    "  AND NOT EXISTS (SELECT 1 FROM access_token a WHERE a.issued_with = r.replaced_by AND a.used),"
                    " coalesce (r.replaced_by, '')"
                    " FROM refresh_token r JOIN token_family f ON f.id = r.family"
                    " JOIN officer o ON o.login = f.login"
                    " WHERE r.hash = $1 FOR UPDATE OF r, f", 1, p, &error);
  if (res == NULL)
    return mc_req_internal (req, error);
  if (PQntuples (res) == 0 || g_str_equal (PQgetvalue (res, 0, 2), "t"))
    {
      mc_pg_run (conn, "ROLLBACK", NULL);
      return oauth_error (req, 400, "invalid_grant",
                          "Phiên đăng nhập đã hết hạn hoặc bị thu hồi; hãy đăng nhập lại.");
    }
  if (g_str_equal (PQgetvalue (res, 0, 1), "t"))
    {
      const char *q[] = { PQgetvalue (res, 0, 0) };
      g_autoptr(PGresult) voided = NULL;
      g_autoptr(PGresult) r1 = NULL;
      g_autoptr(PGresult) r2 = NULL;

      /* The retry of a refresh whose answer was lost: its successor was
       * never used (the DELETE waits for a refresh with it in flight, and
       * then finds it used), so it is made void and a new pair issued. */
      if (g_str_equal (PQgetvalue (res, 0, 4), "t"))
        {
          const char *v[] = { PQgetvalue (res, 0, 5) };

          voided = mc_pg_exec (conn, "WITH gone AS (DELETE FROM access_token WHERE issued_with = $1 AND NOT used)"
                               " DELETE FROM refresh_token WHERE hash = $1 AND NOT used RETURNING 1",
                               1, v, &error);
          if (voided == NULL)
            return mc_req_internal (req, error);
          if (PQntuples (voided) == 1)
            {
              g_autofree char *next = NULL;
              g_autoptr(PGresult) u = NULL;

              if (!issue_tokens (req, conn, PQgetvalue (res, 0, 0), PQgetvalue (res, 0, 3), NULL, &next, &error))
                return mc_req_internal (req, error);
              {
                const char *w[] = { hash, next };
                u = mc_pg_exec (conn, "UPDATE refresh_token SET replaced_by = $2 WHERE hash = $1", 2, w, &error);
              }
              if (u == NULL || !mc_pg_run (conn, "COMMIT", &error))
                return mc_req_internal (req, error);
              g_message ("refresh token presented again within its grace: a new pair for sign-in family %s of %s",
                         PQgetvalue (res, 0, 0), PQgetvalue (res, 0, 3));
              return;
            }
        }
      r1 = mc_pg_exec (conn, "UPDATE token_family SET revoked = true WHERE id = $1::bigint", 1, q, &error);
      r2 = r1 ? mc_pg_exec (conn, "DELETE FROM access_token WHERE family = $1::bigint", 1, q, &error) : NULL;
      if (r2 == NULL || !mc_pg_run (conn, "COMMIT", &error))
        return mc_req_internal (req, error);
      g_message ("refresh token reused: sign-in family %s of %s revoked",
                 PQgetvalue (res, 0, 0), PQgetvalue (res, 0, 3));
      return oauth_error (req, 400, "invalid_grant",
                          "Phiên đăng nhập đã bị thu hồi vì mã làm mới bị dùng lại; hãy đăng nhập lại.");
    }
  {
    g_autofree char *next = NULL;
    g_autoptr(PGresult) u = NULL;

    if (!issue_tokens (req, conn, PQgetvalue (res, 0, 0), PQgetvalue (res, 0, 3), NULL, &next, &error))
      return mc_req_internal (req, error);
    {
      const char *w[] = { hash, next };
      u = mc_pg_exec (conn, "UPDATE refresh_token SET used = true, used_at = now (), replaced_by = $2"
                      " WHERE hash = $1", 2, w, &error);
    }
    if (u == NULL || !mc_pg_run (conn, "COMMIT", &error))
      return mc_req_internal (req, error);
  }
}

static void
client_grant (McReq      *req,
              PGconn     *conn,
              GHashTable *form)
{
  const char *id = g_hash_table_lookup (form, "client_id");
  const char *secret = g_hash_table_lookup (form, "client_secret");
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) res = NULL;
  const char *p[] = { id };

  if (id == NULL || secret == NULL)
    return oauth_error (req, 401, "invalid_client", "client_id and client_secret are required");
  res = mc_pg_exec (conn, "SELECT secret_hash FROM client WHERE client_id = $1", 1, p, &error);
  if (res == NULL)
    return mc_req_internal (req, error);
  if (PQntuples (res) != 1 ||
      crypto_pwhash_str_verify (PQgetvalue (res, 0, 0), secret, strlen (secret)) != 0)
    return oauth_error (req, 401, "invalid_client", "Unknown client or wrong secret");
  if (!issue_tokens (req, conn, NULL, NULL, id, NULL, &error))
    return mc_req_internal (req, error);
}

static GHashTable *
parse_form (McReq *req)
{
  const char *ct = mc_req_header (req, "content-type");
  g_autofree char *text = NULL;
  gsize len = 0;
  const char *data = g_bytes_get_data (req->body, &len);

  if (ct == NULL || !g_str_has_prefix (ct, "application/x-www-form-urlencoded"))
    {
      oauth_error (req, 400, "invalid_request",
                   "Content-Type must be application/x-www-form-urlencoded");
      return NULL;
    }
  if (len > 64 * 1024)
    {
      oauth_error (req, 413, "invalid_request", "Body too large");
      return NULL;
    }
  text = g_strndup (data ? data : "", len);
  return soup_form_decode (text);
}

void
mc_handle_token (McReq  *req,
                 PGconn *conn)
{
  g_autoptr(GHashTable) form = parse_form (req);
  const char *grant;

  if (form == NULL)
    return;
  grant = g_hash_table_lookup (form, "grant_type");
  if (g_strcmp0 (grant, "password") == 0)
    password_grant (req, conn, form);
  else if (g_strcmp0 (grant, "refresh_token") == 0)
    refresh_grant (req, conn, form);
  else if (g_strcmp0 (grant, "client_credentials") == 0)
    client_grant (req, conn, form);
  else
    oauth_error (req, 400, "unsupported_grant_type", "Unknown grant_type");
}

void
mc_handle_revoke (McReq  *req,
                  PGconn *conn)
{
  g_autoptr(GHashTable) form = parse_form (req);
  const char *token;
  g_autofree char *hash = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) res = NULL;
  const char *p[1];

  if (form == NULL)
    return;
  token = g_hash_table_lookup (form, "token");
  if (token != NULL)
    {
      hash = mc_sha256_hex (token, strlen (token));
      p[0] = hash;
      /* A refresh token ends its family; an access token ends itself. */
      res = mc_pg_exec (conn,
                        "WITH f AS (UPDATE token_family SET revoked = true WHERE id ="
                        "  (SELECT family FROM refresh_token WHERE hash = $1) RETURNING id)"
                        " DELETE FROM access_token WHERE hash = $1 OR family IN (SELECT id FROM f)",
                        1, p, &error);
      if (res == NULL)
        return mc_req_internal (req, error);
    }
  mc_req_json_text (req, 200, g_strdup ("{}"));
}
