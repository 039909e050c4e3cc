/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The desk's sync client. One run: the access token (from the refresh token
 * kept in the Secret Service, rotated on every use), the outbox pushed in
 * batches (its files uploaded first), the change feed pulled page by page
 * (its files downloaded and verified first, each page applied in one store
 * transaction with its cursor), then dossier numbers leased for the coming
 * week's days when fewer than a threshold are left. Each request that fails for
 * a reason that may pass (no connection, 5xx, 429) is retried with
 * exponential backoff and jitter; every request of the API is idempotent.
 * A run has its own SoupSession, made and used in the worker thread.
 * Without a Secret Service a sign-in is kept in this process's memory
 * instead, shared by its clients, so the password is asked at each start. */
#define G_LOG_DOMAIN "motcua-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsecret/secret.h>
#include <libsoup/soup.h>
#include <glib/gstdio.h>

#include "mc-sync-client-private.h"
#include "store/mc-blob-store.h"
#include "store/mc-desk-profile.h"
#include "store/mc-sync-audit.h"
#include "store/mc-sync-store.h"

#define OPS_PER_BATCH 200
#define CHANGES_PER_PAGE 500
#define LEASE_LOW_WATER 250
#define LEASE_BLOCK 500
#define LEASE_DAYS 7
#define LEASE_LOW_WATER_LATER 50
#define LEASE_BLOCK_LATER 100
#define WHOLE_PUT_MAX (16 * 1024 * 1024)
#define CLIENT_ID "motcua-desk"

struct _McSyncClient
{
  GObject parent_instance;
  McDesk *desk;
  guint attempts;
  guint base_ms;
  GMutex lock;              /* one run at a time */
  /* Without a Secret Service: sign-ins go to this process's memory only
   * (memory_tokens), so the password is asked at each start. */
  gboolean memory_session;
};

G_DEFINE_FINAL_TYPE (McSyncClient, mc_sync_client, G_TYPE_OBJECT)

void
mc_sync_report_free (McSyncReport *report)
{
  if (report == NULL)
    return;
  g_free (report->lease_warning);
  g_free (report);
}

/* Without a Secret Service: the sign-ins of this process, by server and
 * desk, held in memory only. Every client of the process shares them (the
 * window's header and its Preferences each have one), and they end with
 * the process. */
static GMutex memory_lock;
static GHashTable *memory_tokens;

static void
wipe_free (char *text)
{
  if (text != NULL)
    memset (text, 0, strlen (text));
  g_free (text);
}

/* Keeps @token (or forgets the sign-in, for %NULL). */
static void
memory_put (const char *server,
            const char *desk_id,
            const char *token)
{
  g_mutex_lock (&memory_lock);
  if (memory_tokens == NULL)
    memory_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) wipe_free);
  if (token != NULL)
    g_hash_table_replace (memory_tokens, g_strconcat (server, "\x1f", desk_id, NULL), g_strdup (token));
  else
    {
      g_autofree char *key = g_strconcat (server, "\x1f", desk_id, NULL);

      g_hash_table_remove (memory_tokens, key);
    }
  g_mutex_unlock (&memory_lock);
}

/* Returns: (transfer full) (nullable): a copy, to wipe after use */
static char *
memory_get (const char *server,
            const char *desk_id)
{
  g_autofree char *key = g_strconcat (server, "\x1f", desk_id, NULL);
  char *token = NULL;

  g_mutex_lock (&memory_lock);
  if (memory_tokens != NULL)
    token = g_strdup (g_hash_table_lookup (memory_tokens, key));
  g_mutex_unlock (&memory_lock);

  return token;
}

/**
 * mc_sync_client_has_memory_sign_in:
 * @server: the central server's address, as the desk records it
 * @desk_id: the desk's id
 *
 * Returns: %TRUE when this process holds a sign-in in memory for that
 *   desk on that server (no Secret Service: the password was given in
 *   this run)
 */
gboolean
mc_sync_client_has_memory_sign_in (const char *server,
                                   const char *desk_id)
{
  char *token;
  gboolean held;

  if (server == NULL || desk_id == NULL)
    return FALSE;
  token = memory_get (server, desk_id);
  held = token != NULL;
  wipe_free (token);

  return held;
}

/**
 * mc_sync_client_set_memory_only:
 * @self: a client
 *
 * From now on this client keeps the sign-ins it makes in this process's
 * memory only, never in the Secret Service: for a desk without one.
 */
void
mc_sync_client_set_memory_only (McSyncClient *self)
{
  g_return_if_fail (MC_IS_SYNC_CLIENT (self));

  self->memory_session = TRUE;
}

static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    "vn.gov.motcua.Desk.RefreshToken", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "desk", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };

  return &schema;
}

static void
mc_sync_client_finalize (GObject *object)
{
  McSyncClient *self = MC_SYNC_CLIENT (object);

  g_clear_object (&self->desk);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (mc_sync_client_parent_class)->finalize (object);
}

static void
mc_sync_client_class_init (McSyncClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mc_sync_client_finalize;
}

static void
mc_sync_client_init (McSyncClient *self)
{
  g_mutex_init (&self->lock);
  self->attempts = 4;
  self->base_ms = 250;
}

/**
 * mc_sync_client_new:
 * @desk: the desk to sync
 *
 * Returns: (transfer full): a client
 */
McSyncClient *
mc_sync_client_new (McDesk *desk)
{
  McSyncClient *self = g_object_new (MC_TYPE_SYNC_CLIENT, NULL);

  g_return_val_if_fail (MC_IS_DESK (desk), NULL);
  self->desk = g_object_ref (desk);

  return self;
}

/**
 * mc_sync_client_set_retries:
 * @self: a client
 * @attempts: tries of one request, at least 1
 * @base_ms: the first wait between tries; each next one doubles, with jitter
 */
void
mc_sync_client_set_retries (McSyncClient *self,
                            guint         attempts,
                            guint         base_ms)
{
  g_return_if_fail (MC_IS_SYNC_CLIENT (self));

  self->attempts = MAX (attempts, 1);
  self->base_ms = base_ms;
}

/* ---- One run ---------------------------------------------------------- */

typedef struct
{
  McSyncClient *client;
  McSyncState *state;
  SoupSession *session;
  GTlsDatabase *extra_ca;
  char *server;             /* without the trailing slash */
  char *access;             /* only in memory */
  GCancellable *cancellable;
  GHashTable *blobs_known;  /* hashes the server has, this run */
  gboolean from_memory;     /* the sign-in is one held in memory: so is its rotation */
} Run;

typedef struct
{
  guint status;
  GBytes *body;
  JsonNode *json;
  char *upload_offset;
  char *retry_after;
} Reply;

static void
reply_clear (Reply *reply)
{
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_pointer (&reply->json, json_node_unref);
  g_clear_pointer (&reply->upload_offset, g_free);
  g_clear_pointer (&reply->retry_after, g_free);
  reply->status = 0;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reply, reply_clear)

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->state, mc_sync_state_free);
  g_clear_object (&run->session);
  g_clear_object (&run->extra_ca);
  g_clear_pointer (&run->server, g_free);
  if (run->access != NULL)
    {
      memset (run->access, 0, strlen (run->access));
      g_clear_pointer (&run->access, g_free);
    }
  g_clear_pointer (&run->blobs_known, g_hash_table_unref);
}

/* The server's certificate is checked against the system's store by
 * libsoup; when a province CA is configured, a certificate the system does
 * not know is accepted only if that CA verifies it for this host.
 * Verification is never turned off. */
static gboolean
accept_certificate (SoupMessage          *msg,
                    GTlsCertificate      *certificate,
                    GTlsCertificateFlags  errors,
                    gpointer              user_data)
{
  Run *run = user_data;
  g_autoptr(GSocketConnectable) identity = NULL;
  GUri *uri = soup_message_get_uri (msg);
  GTlsCertificateFlags flags;

  (void) errors;
  if (run->extra_ca == NULL)
    return FALSE;
  identity = g_network_address_new (g_uri_get_host (uri), (guint16) MAX (g_uri_get_port (uri), 0));
  flags = g_tls_database_verify_chain (run->extra_ca, certificate, G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER,
                                       identity, NULL, G_TLS_DATABASE_VERIFY_NONE, NULL, NULL);

  return flags == 0;
}

static gboolean
run_start (Run         *run,
           const char  *server,
           const char  *ca_file,
           GError     **error)
{
  g_autofree char *trimmed = g_strdup (server);
  gsize len = strlen (trimmed);

  while (len > 0 && trimmed[len - 1] == '/')
    trimmed[--len] = '\0';
  if (!g_str_has_prefix (trimmed, "https://") && !g_str_has_prefix (trimmed, "http://"))
    {
      g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_PROTOCOL,
                   _("The server address must start with https:// (or http:// on this machine)."));
      return FALSE;
    }
  run->server = g_steal_pointer (&trimmed);
  if (ca_file != NULL && ca_file[0] != '\0')
    {
      run->extra_ca = g_tls_file_database_new (ca_file, error);
      if (run->extra_ca == NULL)
        {
          g_prefix_error (error, _("The CA file %s cannot be used: "), ca_file);
          return FALSE;
        }
    }
  run->session = soup_session_new_with_options ("timeout", 60, "idle-timeout", 60,
                                                "user-agent", "motcua-desk/" PACKAGE_VERSION, NULL);
  run->blobs_known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  return TRUE;
}

/* Waits @ms milliseconds unless @cancellable fires first. */
static gboolean
wait_cancellable (guint          ms,
                  GCancellable  *cancellable,
                  GError       **error)
{
  gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      g_usleep (MIN ((gulong) 20000, (gulong) (until - g_get_monotonic_time ())));
    }

  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

static guint
backoff_ms (McSyncClient *client,
            guint         attempt,
            const char   *retry_after)
{
  guint64 wait = (guint64) client->base_ms << MIN (attempt, 10u);
  guint64 floor_ms = retry_after != NULL ? g_ascii_strtoull (retry_after, NULL, 10) * 1000 : 0;

  wait = MIN (wait, (guint64) 30000);
  /* Full jitter over the upper half: desks that failed together do not
   * come back together. */
  wait = wait / 2 + (guint64) g_random_int_range (0, (gint32) (wait / 2 + 1));

  return (guint) MAX (wait, MIN (floor_ms, (guint64) 60000));
}

static gboolean
status_retryable (guint status)
{
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

static char *
server_message (Reply *reply)
{
  JsonObject *o = reply->json != NULL && JSON_NODE_HOLDS_OBJECT (reply->json)
    ? json_node_get_object (reply->json) : NULL;
  const char *message = o != NULL ? json_object_get_string_member_with_default (o, "message", NULL) : NULL;
  const char *code = o != NULL ? json_object_get_string_member_with_default (o, "error", NULL) : NULL;

  if (message == NULL && o != NULL)
    message = json_object_get_string_member_with_default (o, "error_description", NULL);
  if (message != NULL)
    return g_strdup (message);
  if (code != NULL)
    return g_strdup_printf (_("the server answered %u (%s)"), reply->status, code);

  return g_strdup_printf (_("the server answered %u"), reply->status);
}

/* One request, retried while the failure may pass. Answers with any HTTP
 * status come back in @reply; %FALSE means no answer at all (or cancelled). */
static gboolean
send_once (Run         *run,
           const char  *method,
           const char  *path,
           const char  *content_type,
           GBytes      *body,
           GHashTable  *headers,
           gboolean     with_token,
           Reply       *reply,
           GError     **error)
{
  McSyncClient *client = run->client;
  g_autoptr(GError) last_error = NULL;

  for (guint attempt = 0; attempt < client->attempts; attempt++)
    {
      g_autofree char *url = g_strconcat (run->server, path, NULL);
      g_autoptr(SoupMessage) msg = soup_message_new (method, url);
      g_autoptr(GError) local_error = NULL;
      SoupMessageHeaders *response_headers;
      GHashTableIter iter;
      gpointer key, value;

      reply_clear (reply);
      if (msg == NULL)
        {
          g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_PROTOCOL, _("Not a valid address: %s"), url);
          return FALSE;
        }
      g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_certificate), run);
      if (with_token && run->access != NULL)
        {
          g_autofree char *bearer = g_strconcat ("Bearer ", run->access, NULL);

          soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
          memset (bearer, 0, strlen (bearer));
        }
      if (headers != NULL)
        {
          g_hash_table_iter_init (&iter, headers);
          while (g_hash_table_iter_next (&iter, &key, &value))
            soup_message_headers_replace (soup_message_get_request_headers (msg), key, value);
        }
      if (body != NULL)
        soup_message_set_request_body_from_bytes (msg, content_type, body);

      reply->body = soup_session_send_and_read (run->session, msg, run->cancellable, &local_error);
      if (reply->body == NULL)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          if (local_error->domain == G_TLS_ERROR)
            {
              /* A certificate nobody trusts does not get better by retrying. */
              g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_SERVER,
                           _("The central server’s certificate is not trusted: %s"), local_error->message);
              return FALSE;
            }
          g_debug ("%s %s: %s (try %u)", method, path, local_error->message, attempt + 1);
          g_clear_error (&last_error);
          last_error = g_steal_pointer (&local_error);
          if (attempt + 1 < client->attempts &&
              !wait_cancellable (backoff_ms (client, attempt, NULL), run->cancellable, error))
            return FALSE;
          continue;
        }

      reply->status = soup_message_get_status (msg);
      response_headers = soup_message_get_response_headers (msg);
      reply->upload_offset = g_strdup (soup_message_headers_get_one (response_headers, "Upload-Offset"));
      reply->retry_after = g_strdup (soup_message_headers_get_one (response_headers, "Retry-After"));
      if (g_bytes_get_size (reply->body) > 0)
        {
          const char *type = soup_message_headers_get_content_type (response_headers, NULL);

          if (type != NULL && g_str_equal (type, "application/json"))
            {
              g_autoptr(JsonParser) parser = json_parser_new ();
              gsize size;
              const char *data = g_bytes_get_data (reply->body, &size);

              if (json_parser_load_from_data (parser, data, (gssize) size, NULL))
                reply->json = json_parser_steal_root (parser);
            }
        }
      if (status_retryable (reply->status) && attempt + 1 < client->attempts)
        {
          g_debug ("%s %s: %u (try %u, request %s)", method, path, reply->status, attempt + 1,
                   soup_message_headers_get_one (response_headers, "X-Request-Id"));
          if (!wait_cancellable (backoff_ms (client, attempt, reply->retry_after), run->cancellable, error))
            return FALSE;
          continue;
        }

      return TRUE;
    }

  if (reply->status != 0)
    return TRUE;

  g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_OFFLINE,
               _("The central server %s cannot be reached: %s"), run->server,
               last_error != NULL ? last_error->message : "");

  return FALSE;
}

static void
add_form (GString    *form,
          const char *key,
          const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

  if (form->len > 0)
    g_string_append_c (form, '&');
  g_string_append_printf (form, "%s=%s", key, escaped);
  memset (escaped, 0, strlen (escaped));
}

static void
wipe_string (GString *text)
{
  memset (text->str, 0, text->len);
  g_string_free (text, TRUE);
}

static gboolean
store_refresh_token (Run         *run,
                     const char  *token,
                     GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *label = NULL;

  if (run->client->memory_session || run->from_memory)
    {
      memory_put (run->server, run->state->desk_id, token);
      return TRUE;
    }
  label = g_strdup_printf (_("Một Cửa Desk: sign-in to %s"), run->server);
  if (!secret_password_store_sync (token_schema (), SECRET_COLLECTION_DEFAULT, label, token,
                                   run->cancellable, &local_error,
                                   "server", run->server, "desk", run->state->desk_id, NULL))
    {
      g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_NO_SECRET_SERVICE,
                   _("No Secret Service (keyring) is available to keep the sign-in, so the password will be asked at each start: %s"),
                   local_error->message);
      return FALSE;
    }

  return TRUE;
}

/* The token endpoint: a password or refresh grant. */
static gboolean
token_request (Run         *run,
               GString     *form,
               JsonObject **officer,
               GError     **error)
{
  g_autoptr(GBytes) body = g_bytes_new (form->str, form->len);
  Reply reply = { 0 };
  JsonObject *answer;
  const char *access, *refresh;
  gboolean ok = FALSE;

  if (!send_once (run, "POST", "/v1/auth/token", "application/x-www-form-urlencoded", body,
                  NULL, FALSE, &reply, error))
    return FALSE;

  answer = reply.json != NULL && JSON_NODE_HOLDS_OBJECT (reply.json) ? json_node_get_object (reply.json) : NULL;
  if (reply.status == 400 || reply.status == 401)
    {
      g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_AUTH,
                   _("The central server refused the sign-in (expired, revoked or a wrong password): sign in again with “motcua-cli sync login”."));
    }
  else if (status_retryable (reply.status))
    {
      g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_OFFLINE,
                   _("%s: the central server is unavailable (%u), will retry."),
                   _("Signing in to the central server"), reply.status);
    }
  else if (reply.status != 200 || answer == NULL)
    {
      g_autofree char *message = server_message (&reply);

      g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_SERVER, _("Signing in to the central server failed: %s"), message);
    }
  else
    {
      access = json_object_get_string_member_with_default (answer, "access_token", NULL);
      refresh = json_object_get_string_member_with_default (answer, "refresh_token", NULL);
      if (access == NULL || refresh == NULL)
        g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_PROTOCOL, _("The central server’s sign-in answer has no tokens."));
      else if (store_refresh_token (run, refresh, error))
        {
          g_free (run->access);
          run->access = g_strdup (access);
          if (officer != NULL && json_object_has_member (answer, "officer"))
            *officer = json_object_ref (json_object_get_object_member (answer, "officer"));
          ok = TRUE;
        }
    }

  if (reply.body != NULL)
    {
      gsize size;
      char *data = (char *) g_bytes_get_data (reply.body, &size);

      /* Tokens were in the answer: not left in freed memory. */
      if (data != NULL && g_bytes_get_size (reply.body) > 0 && answer != NULL)
        memset (data, 0, size);
    }
  reply_clear (&reply);

  return ok;
}

static gboolean
refresh_access (Run     *run,
                GError **error)
{
  g_autoptr(GError) local_error = NULL;
  char *refresh;
  char *held;
  GString *form;
  gboolean ok;

  held = memory_get (run->server, run->state->desk_id);
  if (run->client->memory_session || held != NULL)
    {
      if (held == NULL)
        {
          g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_AUTH,
                       _("The sign-in to the central server was held only in memory and is gone: sign in again."));
          return FALSE;
        }
      form = g_string_new (NULL);
      add_form (form, "grant_type", "refresh_token");
      add_form (form, "client_id", CLIENT_ID);
      add_form (form, "refresh_token", held);
      wipe_free (held);
      run->from_memory = TRUE;
      ok = token_request (run, form, NULL, error);
      wipe_string (form);
      return ok;
    }
  refresh = secret_password_lookup_sync (token_schema (), run->cancellable, &local_error,
                                         "server", run->server, "desk", run->state->desk_id, NULL);
  if (local_error != NULL)
    {
      g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_NO_SECRET_SERVICE,
                   _("No Secret Service (keyring) is available, so the sign-in to the central server was not kept: sign in again. (%s)"),
                   local_error->message);
      return FALSE;
    }
  if (refresh == NULL)
    {
      g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_AUTH,
                   _("The sign-in to the central server is not in the keyring: sign in again with “motcua-cli sync login”."));
      return FALSE;
    }

  form = g_string_new (NULL);
  add_form (form, "grant_type", "refresh_token");
  add_form (form, "client_id", CLIENT_ID);
  add_form (form, "refresh_token", refresh);
  secret_password_free (refresh);
  ok = token_request (run, form, NULL, error);
  wipe_string (form);

  return ok;
}

/* A request of the API proper: with the access token, refreshed once when
 * the server says it is no longer good. */
static gboolean
api_request (Run         *run,
             const char  *method,
             const char  *path,
             const char  *content_type,
             GBytes      *body,
             GHashTable  *headers,
             Reply       *reply,
             GError     **error)
{
  if (run->access == NULL && !refresh_access (run, error))
    return FALSE;
  if (!send_once (run, method, path, content_type, body, headers, TRUE, reply, error))
    return FALSE;
  if (reply->status != 401)
    return TRUE;

  g_clear_pointer (&run->access, g_free);
  if (!refresh_access (run, error) ||
      !send_once (run, method, path, content_type, body, headers, TRUE, reply, error))
    return FALSE;
  if (reply->status == 401)
    {
      g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_AUTH,
                   _("The central server no longer accepts this desk’s sign-in: sign in again with “motcua-cli sync login”."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
fail_from_reply (Reply       *reply,
                 const char  *what,
                 GError     **error)
{
  g_autofree char *message = server_message (reply);

  if (reply->status == 401)
    g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_AUTH,
                 _("The central server no longer accepts this desk’s sign-in: sign in again with “motcua-cli sync login”."));
  else if (reply->status == 403)
    g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_AUTH, "%s: %s", what, message);
  else if (status_retryable (reply->status))
    g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_OFFLINE,
                 _("%s: the central server is unavailable (%u), will retry."), what, reply->status);
  else
    g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_SERVER, "%s: %s", what, message);

  return FALSE;
}

/* ---- Files ------------------------------------------------------------ */

static void
collect_blobs (JsonNode   *node,
               GHashTable *found)
{
  if (node == NULL)
    return;
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &name, &member))
        collect_blobs (member, found);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        collect_blobs (json_array_get_element (array, i), found);
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);

      if (g_str_has_prefix (text, "blob:") && mc_blob_store_is_sha256 (text + 5))
        g_hash_table_add (found, g_strdup (text + 5));
    }
}

static gboolean
upload_blob (Run         *run,
             const char  *sha256,
             gboolean    *uploaded,
             GError     **error)
{
  const char *blob_dir = mc_store_get_blob_dir (mc_desk_get_store (run->client->desk));
  g_autofree char *path = mc_blob_store_path (blob_dir, sha256);
  g_autofree char *url_path = g_strconcat ("/v1/blobs/", sha256, NULL);
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  Reply reply = { 0 };
  gsize length, offset = 0;

  *uploaded = FALSE;
  if (g_hash_table_contains (run->blobs_known, sha256))
    return TRUE;
  file = g_mapped_file_new (path, FALSE, NULL);
  if (file == NULL)
    {
      /* Not on this desk: another desk or the portal uploaded it. */
      g_debug ("blob %s named by an op is not in this desk's store", sha256);
      return TRUE;
    }
  bytes = g_mapped_file_get_bytes (file);
  length = g_bytes_get_size (bytes);

  if (!api_request (run, "HEAD", url_path, NULL, NULL, NULL, &reply, error))
    return FALSE;
  if (reply.status == 200 && reply.upload_offset == NULL)
    {
      reply_clear (&reply);
      g_hash_table_add (run->blobs_known, g_strdup (sha256));
      return TRUE;
    }
  if (reply.status == 200)
    offset = (gsize) g_ascii_strtoull (reply.upload_offset, NULL, 10);
  else if (reply.status != 404)
    {
      fail_from_reply (&reply, _("Uploading a file"), error);
      reply_clear (&reply);
      return FALSE;
    }
  reply_clear (&reply);

  if (offset == 0 && length <= WHOLE_PUT_MAX)
    {
      if (!api_request (run, "PUT", url_path, "application/octet-stream", bytes, NULL, &reply, error))
        return FALSE;
      if (reply.status != 200 && reply.status != 201)
        {
          fail_from_reply (&reply, _("Uploading a file"), error);
          reply_clear (&reply);
          return FALSE;
        }
      reply_clear (&reply);
    }
  else
    {
      /* Resumable: chunks from what the server holds. */
      while (offset < length)
        {
          gsize chunk = MIN ((gsize) WHOLE_PUT_MAX, length - offset);
          g_autoptr(GBytes) part = g_bytes_new_from_bytes (bytes, offset, chunk);
          g_autoptr(GHashTable) headers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

          g_hash_table_insert (headers, "Upload-Offset", g_strdup_printf ("%" G_GSIZE_FORMAT, offset));
          g_hash_table_insert (headers, "Upload-Length", g_strdup_printf ("%" G_GSIZE_FORMAT, length));
          if (!api_request (run, "PATCH", url_path, "application/offset+octet-stream", part, headers,
                            &reply, error))
            return FALSE;
          if (reply.status == 422 && reply.upload_offset != NULL)
            offset = (gsize) g_ascii_strtoull (reply.upload_offset, NULL, 10);
          else if (reply.status == 204 && reply.upload_offset != NULL)
            offset = (gsize) g_ascii_strtoull (reply.upload_offset, NULL, 10);
          else if (reply.status == 201 || reply.status == 200)
            offset = length;
          else
            {
              fail_from_reply (&reply, _("Uploading a file"), error);
              reply_clear (&reply);
              return FALSE;
            }
          reply_clear (&reply);
        }
    }

  g_hash_table_add (run->blobs_known, g_strdup (sha256));
  *uploaded = TRUE;

  return TRUE;
}

static gboolean
download_blob (Run         *run,
               const char  *sha256,
               gboolean    *downloaded,
               GError     **error)
{
  const char *blob_dir = mc_store_get_blob_dir (mc_desk_get_store (run->client->desk));
  g_autofree char *url_path = g_strconcat ("/v1/blobs/", sha256, NULL);
  g_autofree char *got = NULL;
  Reply reply = { 0 };

  *downloaded = FALSE;
  if (mc_blob_store_has (blob_dir, sha256))
    return TRUE;
  if (!api_request (run, "GET", url_path, NULL, NULL, NULL, &reply, error))
    return FALSE;
  if (reply.status == 404)
    {
      g_debug ("blob %s is not on the server (or not readable by this office)", sha256);
      reply_clear (&reply);
      return TRUE;
    }
  if (reply.status != 200)
    {
      fail_from_reply (&reply, _("Downloading a file"), error);
      reply_clear (&reply);
      return FALSE;
    }
  /* The blob store names a file by the hash of the bytes it was given:
   * a download is kept only when that is the hash asked for. */
  got = mc_blob_store_put_bytes (blob_dir, reply.body, error);
  reply_clear (&reply);
  if (got == NULL)
    return FALSE;
  if (!g_str_equal (got, sha256))
    {
      g_autofree char *wrong = mc_blob_store_path (blob_dir, got);

      g_unlink (wrong);
      g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_BLOB,
                   _("A file downloaded from the central server does not match its SHA-256 (%s)."), sha256);
      return FALSE;
    }
  *downloaded = TRUE;

  return TRUE;
}

/* ---- Push, pull, lease ------------------------------------------------ */

static gboolean
push (Run           *run,
      McSyncReport  *report,
      GError       **error)
{
  McDesk *desk = run->client->desk;

  for (;;)
    {
      g_autoptr(GPtrArray) ops = mc_desk_sync_pending_ops (desk, OPS_PER_BATCH, error);
      g_autoptr(GHashTable) blobs = NULL;
      g_autofree char *head_hash = NULL;
      gint64 head_seq = 0;
      g_autoptr(JsonBuilder) builder = NULL;
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(GBytes) body = NULL;
      g_auto(Reply) reply = { 0 };
      GHashTableIter iter;
      gpointer key;
      JsonArray *results;
      char *text;
      guint marked = 0;

      if (ops == NULL)
        return FALSE;
      if (ops->len == 0)
        return TRUE;
      /* Read after the ops: the log only grows, so this head covers the
       * audit entries of all of them (the server keeps it with each). */
      if (!mc_desk_sync_audit_head (desk, &head_seq, &head_hash, error))
        return FALSE;

      builder = json_builder_new ();
      blobs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "desk_id");
      json_builder_add_string_value (builder, run->state->desk_id);
      if (head_hash != NULL)
        {
          json_builder_set_member_name (builder, "audit_head");
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "seq");
          json_builder_add_int_value (builder, head_seq);
          json_builder_set_member_name (builder, "hash");
          json_builder_add_string_value (builder, head_hash);
          json_builder_end_object (builder);
        }
      json_builder_set_member_name (builder, "ops");
      json_builder_begin_array (builder);
      for (guint i = 0; i < ops->len; i++)
        {
          McSyncOp *op = g_ptr_array_index (ops, i);
          JsonNode *payload = json_from_string (op->payload, NULL);

          if (payload == NULL)
            payload = json_node_init_object (json_node_alloc (), json_object_new ());
          collect_blobs (payload, blobs);
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "op_id");
          json_builder_add_string_value (builder, op->op_id);
          json_builder_set_member_name (builder, "dossier_code");
          json_builder_add_string_value (builder, op->dossier_code);
          json_builder_set_member_name (builder, "base_version");
          json_builder_add_int_value (builder, op->base_version);
          json_builder_set_member_name (builder, "type");
          json_builder_add_string_value (builder, op->type);
          json_builder_set_member_name (builder, "at");
          json_builder_add_int_value (builder, op->at);
          json_builder_set_member_name (builder, "payload");
          json_builder_add_value (builder, payload);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);

      /* Files first, so the dossiers that name them can be read elsewhere. */
      g_hash_table_iter_init (&iter, blobs);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          gboolean uploaded;

          if (!upload_blob (run, key, &uploaded, error))
            return FALSE;
          if (uploaded)
            report->blobs_up++;
        }

      root = json_builder_get_root (builder);
      text = json_to_string (root, FALSE);
      body = g_bytes_new_take (text, strlen (text));
      if (!api_request (run, "POST", "/v1/ops", "application/json", body, NULL, &reply, error))
        return FALSE;
      if (reply.status != 200)
        return fail_from_reply (&reply, _("Sending the outbox"), error);
      if (reply.json == NULL)
        {
          /* Cut off or not JSON: the ops stay waiting, and being
           * idempotent by op_id, they are simply sent again. */
          g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_OFFLINE,
                       _("The central server’s answer to the outbox could not be read (cut off?), will retry."));
          return FALSE;
        }
      if (!JSON_NODE_HOLDS_OBJECT (reply.json) ||
          !json_object_has_member (json_node_get_object (reply.json), "results"))
        {
          g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_PROTOCOL,
                       _("The central server’s answer to the outbox has no results."));
          return FALSE;
        }
      results = json_object_get_array_member (json_node_get_object (reply.json), "results");
      if (!mc_desk_sync_mark_ops (desk, results, error))
        return FALSE;
      for (guint i = 0; i < json_array_get_length (results); i++)
        {
          JsonObject *answer = json_array_get_object_element (results, i);
          const char *status = answer != NULL
            ? json_object_get_string_member_with_default (answer, "status", "") : "";

          if (g_str_equal (status, "applied"))
            report->applied++, marked++;
          else if (g_str_equal (status, "duplicate"))
            report->duplicates++, marked++;
          else if (g_str_equal (status, "conflict"))
            report->conflicts++, marked++;
          else if (g_str_equal (status, "rejected"))
            report->rejected++, marked++;
        }
      if (marked == 0)
        {
          g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_PROTOCOL,
                       _("The central server answered none of the ops sent."));
          return FALSE;
        }
    }
}

static gboolean
pull (Run           *run,
      McSyncReport  *report,
      GError       **error)
{
  McDesk *desk = run->client->desk;
  g_autofree char *cursor = g_strdup (run->state->cursor);

  for (;;)
    {
      g_autofree char *path = NULL;
      g_autoptr(GHashTable) blobs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_auto(Reply) reply = { 0 };
      McSyncApplyCounts counts = { 0 };
      JsonObject *answer;
      JsonArray *changes;
      const char *next;
      GHashTableIter iter;
      gpointer key;
      gboolean more;

      if (cursor != NULL)
        {
          g_autofree char *escaped = g_uri_escape_string (cursor, NULL, FALSE);

          path = g_strdup_printf ("/v1/changes?since=%s&limit=%d", escaped, CHANGES_PER_PAGE);
        }
      else
        path = g_strdup_printf ("/v1/changes?limit=%d", CHANGES_PER_PAGE);

      if (!api_request (run, "GET", path, NULL, NULL, NULL, &reply, error))
        return FALSE;
      if (reply.status != 200)
        return fail_from_reply (&reply, _("Reading the central system’s changes"), error);
      answer = reply.json != NULL && JSON_NODE_HOLDS_OBJECT (reply.json) ? json_node_get_object (reply.json) : NULL;
      if (answer == NULL || !json_object_has_member (answer, "changes") ||
          !JSON_NODE_HOLDS_ARRAY (json_object_get_member (answer, "changes")))
        {
          g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_PROTOCOL,
                       _("The central server’s change feed has no list of changes."));
          return FALSE;
        }
      changes = json_object_get_array_member (answer, "changes");
      next = json_object_get_string_member_with_default (answer, "next_cursor", NULL);
      more = json_object_get_boolean_member_with_default (answer, "has_more", FALSE);

      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          JsonObject *change = json_array_get_object_element (changes, i);

          if (change != NULL && json_object_has_member (change, "dossier") &&
              g_strcmp0 (json_object_get_string_member_with_default (change, "desk_id", NULL),
                         run->state->desk_id) != 0)
            collect_blobs (json_object_get_member (change, "dossier"), blobs);
        }
      g_hash_table_iter_init (&iter, blobs);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          gboolean downloaded;

          if (!download_blob (run, key, &downloaded, error))
            return FALSE;
          if (downloaded)
            report->blobs_down++;
        }

      if (!mc_desk_sync_apply_changes (desk, changes, next, &counts, error))
        return FALSE;
      report->pulled += json_array_get_length (changes);
      report->imported += counts.imported;
      report->updated += counts.applied;
      report->kept_aside += counts.conflicts;
      report->reference += counts.reference;

      if (!more || next == NULL || g_strcmp0 (next, cursor) == 0 || json_array_get_length (changes) == 0)
        return TRUE;
      g_free (cursor);
      cursor = g_strdup (next);
    }
}

static gboolean
lease_day (Run           *run,
           GDateTime     *day_time,
           guint          low_water,
           guint          block,
           McSyncReport  *report,
           GError       **error)
{
  g_autofree char *day = g_date_time_format (day_time, "%y%m%d");
  g_autofree char *office = NULL;
  g_autofree char *request_id = g_uuid_string_random ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) body = NULL;
  g_auto(Reply) reply = { 0 };
  JsonObject *answer;
  guint remaining = 0;
  gint64 first, last;
  char *text;

  if (!mc_desk_sync_lease_remaining (run->client->desk, day, &office, &remaining, error))
    return FALSE;
  if (office == NULL || remaining >= low_water)
    return TRUE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "request_id");
  json_builder_add_string_value (builder, request_id);
  json_builder_set_member_name (builder, "office");
  json_builder_add_string_value (builder, office);
  json_builder_set_member_name (builder, "day");
  json_builder_add_string_value (builder, day);
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, block);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  body = g_bytes_new_take (text, strlen (text));

  if (!api_request (run, "POST", "/v1/sequences/lease", "application/json", body, NULL, &reply, error))
    return FALSE;
  if (reply.status == 409)
    {
      g_free (report->lease_warning);
      report->lease_warning = server_message (&reply);
      return TRUE;
    }
  if (reply.status != 200 && reply.status != 201)
    return fail_from_reply (&reply, _("Leasing dossier numbers"), error);
  answer = reply.json != NULL && JSON_NODE_HOLDS_OBJECT (reply.json) ? json_node_get_object (reply.json) : NULL;
  first = answer != NULL ? json_object_get_int_member_with_default (answer, "first", 0) : 0;
  last = answer != NULL ? json_object_get_int_member_with_default (answer, "last", 0) : 0;
  if (first < 1 || last < first || last > 9999)
    {
      g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_PROTOCOL,
                   _("The central server’s lease of dossier numbers is not a valid block."));
      return FALSE;
    }
  if (!mc_desk_sync_add_lease (run->client->desk, office, day, (guint) first, (guint) last, error))
    return FALSE;
  report->leased += (guint) (last - first + 1);

  return TRUE;
}

static gboolean
lease (Run           *run,
       McSyncReport  *report,
       GError       **error)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (7 * 3600);
  g_autoptr(GDateTime) today = g_date_time_new_from_unix_utc (mc_desk_now (run->client->desk));
  g_autoptr(GDateTime) local = g_date_time_to_timezone (today, zone);

  /* Today and tomorrow get big blocks; the days after, smaller ones, so a
   * desk cut off for a week still numbers what it receives. */
  for (int d = 0; d < LEASE_DAYS; d++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (local, d);
      gboolean near = d < 2;

      if (!lease_day (run, day, near ? LEASE_LOW_WATER : LEASE_LOW_WATER_LATER,
                      near ? LEASE_BLOCK : LEASE_BLOCK_LATER, report, error))
        return FALSE;
    }

  return TRUE;
}

static const char *
state_for_error (const GError *error)
{
  if (g_error_matches (error, MC_SYNC_ERROR, MC_SYNC_ERROR_OFFLINE))
    return "offline";
  if (g_error_matches (error, MC_SYNC_ERROR, MC_SYNC_ERROR_SIGNED_OUT))
    return "signed-out";

  return "error";
}

static McSyncReport *
run_sync (McSyncClient  *self,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(McSyncReport) report = g_new0 (McSyncReport, 1);
  g_autoptr(McSyncState) after = NULL;
  g_autoptr(GError) local_error = NULL;
  Run run = { 0 };
  gboolean ok;
  gint64 t;

  run.client = self;
  run.cancellable = cancellable;
  run.state = mc_desk_sync_load_state (self->desk, error);
  if (run.state == NULL)
    return NULL;
  if (run.state->server == NULL)
    {
      g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_SIGNED_OUT,
                   _("This desk is not signed in to a central server: run “motcua-cli sync login”."));
      run_clear (&run);
      return NULL;
    }

  t = g_get_monotonic_time ();
  ok = run_start (&run, run.state->server, run.state->ca_file, &local_error) &&
       refresh_access (&run, &local_error);
  report->sign_in_us = g_get_monotonic_time () - t;
  if (ok)
    {
      t = g_get_monotonic_time ();
      ok = push (&run, report, &local_error);
      report->push_us = g_get_monotonic_time () - t;
    }
  if (ok)
    {
      t = g_get_monotonic_time ();
      ok = pull (&run, report, &local_error);
      report->pull_us = g_get_monotonic_time () - t;
    }
  if (ok)
    {
      t = g_get_monotonic_time ();
      ok = lease (&run, report, &local_error);
      report->lease_us = g_get_monotonic_time () - t;
    }
  run_clear (&run);

  if (!ok)
    {
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        mc_desk_sync_record_attempt (self->desk, state_for_error (local_error), local_error->message, NULL);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  after = mc_desk_sync_load_state (self->desk, error);
  if (after == NULL)
    return NULL;
  report->pending = after->pending_ops;
  report->open_conflicts = after->conflicts;
  if (!mc_desk_sync_record_attempt (self->desk, after->pending_ops == 0 ? "synced" : "waiting", NULL, error))
    return NULL;

  return g_steal_pointer (&report);
}

/**
 * mc_sync_client_sync:
 * @self: a client
 * @cancellable: (nullable): stops the run between requests
 * @error: where to put a failure
 *
 * One sync run, blocking: call it from a worker thread.
 *
 * Returns: (transfer full): what was done, or %NULL on failure
 */
McSyncReport *
mc_sync_client_sync (McSyncClient  *self,
                     GCancellable  *cancellable,
                     GError       **error)
{
  McSyncReport *report;

  g_return_val_if_fail (MC_IS_SYNC_CLIENT (self), NULL);

  g_mutex_lock (&self->lock);
  report = run_sync (self, cancellable, error);
  g_mutex_unlock (&self->lock);

  return report;
}

static void
sync_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  McSyncReport *report;

  (void) task_data;
  report = mc_sync_client_sync (MC_SYNC_CLIENT (source), cancellable, &error);
  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) mc_sync_report_free);
}

void
mc_sync_client_sync_async (McSyncClient        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_return_if_fail (MC_IS_SYNC_CLIENT (self));

  g_task_set_source_tag (task, mc_sync_client_sync_async);
  g_task_run_in_thread (task, sync_thread);
}

McSyncReport *
mc_sync_client_sync_finish (McSyncClient  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- Reading the API ---------------------------------------------------- */

/**
 * mc_sync_client_get_json:
 * @self: a client
 * @path: the API path with its query, already escaped ("/v1/reports/kpi?office=…")
 * @cancellable: (nullable): a cancellable
 * @error: where to put a failure
 *
 * One authenticated GET of the central API that answers JSON (the desk's
 * sign-in, its access token refreshed as a sync run does; the same
 * retries). Held under the client's lock so it never refreshes the token
 * at the same time as a run. Blocking: call it from a worker thread.
 * Not signed in is %MC_SYNC_ERROR_SIGNED_OUT, no answer
 * %MC_SYNC_ERROR_OFFLINE, a refused sign-in %MC_SYNC_ERROR_AUTH, a 403
 * %MC_SYNC_ERROR_FORBIDDEN with the server's words, any other error status
 * %MC_SYNC_ERROR_SERVER.
 *
 * Returns: (transfer full): the answer's JSON, or %NULL with @error set
 */
JsonNode *
mc_sync_client_get_json (McSyncClient  *self,
                         const char    *path,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_auto(Reply) reply = { 0 };
  Run run = { 0 };
  JsonNode *answer = NULL;

  g_return_val_if_fail (MC_IS_SYNC_CLIENT (self), NULL);
  g_return_val_if_fail (path != NULL && path[0] == '/', NULL);

  g_mutex_lock (&self->lock);
  run.client = self;
  run.cancellable = cancellable;
  run.state = mc_desk_sync_load_state (self->desk, error);
  if (run.state != NULL && run.state->server == NULL)
    g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_SIGNED_OUT,
                 _("This desk is not signed in to a central server: run “motcua-cli sync login”."));
  else if (run.state != NULL && run_start (&run, run.state->server, run.state->ca_file, error) &&
           api_request (&run, "GET", path, NULL, NULL, NULL, &reply, error))
    {
      if (reply.status == 403)
        {
          g_autofree char *message = server_message (&reply);

          g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_FORBIDDEN, "%s", message);
        }
      else if (reply.status != 200)
        fail_from_reply (&reply, _("Reading from the central server"), error);
      else if (reply.json == NULL)
        g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_PROTOCOL,
                     _("The central server’s answer to %s is not JSON."), path);
      else
        answer = json_node_ref (reply.json);
    }
  run_clear (&run);
  g_mutex_unlock (&self->lock);

  return answer;
}

/* ---- Sign-in ---------------------------------------------------------- */

/**
 * mc_sync_client_login:
 * @self: a client
 * @server: the central server's base URL
 * @login: the officer's login on the server
 * @password: the password, used once and never kept
 * @ca_file: (nullable): a PEM file of CAs trusted besides the system's
 * @cancellable: (nullable): a cancellable
 * @error: where to put a failure
 *
 * Signs the desk in with the password grant; the refresh token goes to the
 * Secret Service, the server and login to the workspace. Blocking.
 *
 * Returns: %TRUE when signed in
 */
gboolean
mc_sync_client_login (McSyncClient  *self,
                      const char    *server,
                      const char    *login,
                      const char    *password,
                      const char    *ca_file,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(JsonObject) officer = NULL;
  g_autoptr(McOffice) office = NULL;
  GString *form;
  Run run = { 0 };
  gboolean ok;

  g_return_val_if_fail (MC_IS_SYNC_CLIENT (self), FALSE);
  g_return_val_if_fail (server != NULL && login != NULL && password != NULL, FALSE);

  g_mutex_lock (&self->lock);
  run.client = self;
  run.cancellable = cancellable;
  run.state = mc_desk_sync_load_state (self->desk, error);
  ok = run.state != NULL && run_start (&run, server, ca_file, error);
  if (ok)
    {
      office = mc_desk_get_office (self->desk, NULL);
      form = g_string_new (NULL);
      add_form (form, "grant_type", "password");
      add_form (form, "client_id", CLIENT_ID);
      add_form (form, "username", login);
      add_form (form, "password", password);
      add_form (form, "desk_id", run.state->desk_id);
      if (office != NULL && office->name != NULL)
        add_form (form, "desk_name", office->name);
      ok = token_request (&run, form, &officer, error);
      wipe_string (form);
    }
  if (ok && office == NULL && officer != NULL)
    {
      /* A new workspace takes the office of the officer who signed in. */
      McOffice from_server = { 0 };

      from_server.code = (char *) json_object_get_string_member_with_default (officer, "office", NULL);
      from_server.name = (char *) json_object_get_string_member_with_default (officer, "office_name", NULL);
      if (from_server.code != NULL && from_server.name != NULL)
        ok = mc_desk_set_office (self->desk, &from_server, error);
    }
  if (ok)
    ok = mc_desk_sync_set_server (self->desk, run.server, login, ca_file, error);
  run_clear (&run);
  g_mutex_unlock (&self->lock);

  return ok;
}

/**
 * mc_sync_client_login_in_memory:
 * @self: a client
 * @password: the password, used once and never kept
 * @cancellable: (nullable): a cancellable
 * @error: where to put a failure
 *
 * For a desk with no Secret Service: signs in again to the server and
 * login the workspace names, with a sign-in held only in this client's
 * memory (never in the keyring, a file or a log); it lasts while the client
 * does, so the password is asked at each start. Blocking.
 *
 * Returns: %TRUE when signed in
 */
gboolean
mc_sync_client_login_in_memory (McSyncClient  *self,
                                const char    *password,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_autoptr(McSyncState) state = NULL;
  g_autofree char *server = NULL, *login = NULL, *ca_file = NULL;

  g_return_val_if_fail (MC_IS_SYNC_CLIENT (self), FALSE);
  g_return_val_if_fail (password != NULL, FALSE);

  state = mc_desk_sync_load_state (self->desk, error);
  if (state == NULL)
    return FALSE;
  if (state->server == NULL || state->login == NULL)
    {
      g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_AUTH,
                   _("This desk is not signed in to a central server: run “motcua-cli sync login”."));
      return FALSE;
    }
  server = g_strdup (state->server);
  login = g_strdup (state->login);
  ca_file = g_strdup (state->ca_file);
  self->memory_session = TRUE;

  return mc_sync_client_login (self, server, login, password, ca_file, cancellable, error);
}

typedef struct
{
  char *server, *login, *password, *ca_file;
} LoginData;

static void
login_data_free (LoginData *data)
{
  g_free (data->server);
  g_free (data->login);
  if (data->password != NULL)
    memset (data->password, 0, strlen (data->password));
  g_free (data->password);
  g_free (data->ca_file);
  g_free (data);
}

static void
login_in_memory_thread (GTask        *task,
                        gpointer      source,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  LoginData *data = task_data;
  GError *error = NULL;

  if (mc_sync_client_login_in_memory (MC_SYNC_CLIENT (source), data->password, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * mc_sync_client_login_in_memory_async:
 * @self: a client
 * @password: the password, used once and never kept
 * @cancellable: (nullable): a cancellable
 * @callback: called when signed in or not
 * @user_data: for @callback
 *
 * mc_sync_client_login_in_memory() in a worker thread; finish with
 * mc_sync_client_login_finish().
 */
void
mc_sync_client_login_in_memory_async (McSyncClient        *self,
                                      const char          *password,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  LoginData *data = g_new0 (LoginData, 1);

  g_return_if_fail (MC_IS_SYNC_CLIENT (self));
  g_return_if_fail (password != NULL);

  data->password = g_strdup (password);
  g_task_set_task_data (task, data, (GDestroyNotify) login_data_free);
  g_task_run_in_thread (task, login_in_memory_thread);
}

static void
login_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  LoginData *data = task_data;
  GError *error = NULL;

  if (mc_sync_client_login (MC_SYNC_CLIENT (source), data->server, data->login, data->password,
                            data->ca_file, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
mc_sync_client_login_async (McSyncClient        *self,
                            const char          *server,
                            const char          *login,
                            const char          *password,
                            const char          *ca_file,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  LoginData *data = g_new0 (LoginData, 1);

  data->server = g_strdup (server);
  data->login = g_strdup (login);
  data->password = g_strdup (password);
  data->ca_file = g_strdup (ca_file);
  g_task_set_task_data (task, data, (GDestroyNotify) login_data_free);
  g_task_run_in_thread (task, login_thread);
}

gboolean
mc_sync_client_login_finish (McSyncClient  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * mc_sync_client_logout:
 * @self: a client
 * @cancellable: (nullable): a cancellable
 * @error: where to put a failure
 *
 * Revokes the refresh token on the server (when it can be reached), takes
 * it out of the Secret Service and forgets the server. Blocking.
 *
 * Returns: %TRUE when signed out on this desk
 */
gboolean
mc_sync_client_logout (McSyncClient  *self,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(McSyncState) state = NULL;
  Run run = { 0 };
  char *refresh = NULL;
  char *held;
  gboolean ok = TRUE;

  g_return_val_if_fail (MC_IS_SYNC_CLIENT (self), FALSE);

  state = mc_desk_sync_load_state (self->desk, error);
  if (state == NULL)
    return FALSE;
  if (state->server == NULL)
    return TRUE;

  g_mutex_lock (&self->lock);
  run.client = self;
  run.cancellable = cancellable;
  run.state = g_steal_pointer (&state);
  held = memory_get (run.state->server, run.state->desk_id);
  refresh = held != NULL ? NULL
    : secret_password_lookup_sync (token_schema (), cancellable, NULL,
                                   "server", run.state->server, "desk", run.state->desk_id, NULL);
  if ((refresh != NULL || held != NULL) && run_start (&run, run.state->server, run.state->ca_file, NULL))
    {
      GString *form = g_string_new (NULL);
      g_autoptr(GBytes) body = NULL;
      Reply reply = { 0 };

      add_form (form, "token", held != NULL ? held : refresh);
      body = g_bytes_new (form->str, form->len);
      /* Best effort: an unreachable server cannot keep the desk signed in. */
      if (!send_once (&run, "POST", "/v1/auth/revoke", "application/x-www-form-urlencoded", body,
                      NULL, FALSE, &reply, NULL))
        g_debug ("the refresh token could not be revoked on the server");
      reply_clear (&reply);
      wipe_string (form);
    }
  secret_password_free (refresh);
  wipe_free (held);
  memory_put (run.state->server, run.state->desk_id, NULL);
  secret_password_clear_sync (token_schema (), cancellable, NULL,
                              "server", run.state->server, "desk", run.state->desk_id, NULL);
  ok = mc_desk_sync_set_server (self->desk, NULL, NULL, NULL, error);
  run_clear (&run);
  g_mutex_unlock (&self->lock);

  return ok;
}

/**
 * mc_sync_client_has_secret_service:
 * @cancellable: (nullable): a cancellable
 *
 * Whether a Secret Service runs on this session, or would be started on
 * first use, to keep sign-ins in. Asked of the bus itself, so it starts
 * nothing. Blocking (D-Bus round trips).
 *
 * Returns: %FALSE when there is none: the password is then asked at each
 *   start
 */
gboolean
mc_sync_client_has_secret_service (GCancellable *cancellable)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) owned = NULL;
  g_autoptr(GVariant) startable = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree const char **names = NULL;
  gboolean has_owner = FALSE;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, cancellable, &error);
  if (bus == NULL)
    {
      g_debug ("no session bus, so no Secret Service: %s", error->message);
      return FALSE;
    }
  owned = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.freedesktop.secrets"),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1,
                                       cancellable, &error);
  if (owned == NULL)
    return FALSE;
  g_variant_get (owned, "(b)", &has_owner);
  if (has_owner)
    return TRUE;
  startable = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                           "org.freedesktop.DBus", "ListActivatableNames", NULL,
                                           G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE, -1,
                                           cancellable, &error);
  if (startable == NULL)
    return FALSE;
  g_variant_get (startable, "(^a&s)", &names);

  return names != NULL && g_strv_contains (names, "org.freedesktop.secrets");
}

/**
 * mc_sync_client_disconnect_secrets:
 *
 * Drops this process's connection to the Secret Service (libsecret's
 * shared proxy), as a short-lived process should before it exits.
 */
void
mc_sync_client_disconnect_secrets (void)
{
  secret_service_disconnect ();
}

/* ---- For the library's other files (mc-sync-client-private.h) --------- */

struct _McSyncRun
{
  Run run;
  McSyncClient *client;
};

/**
 * mc_sync_run_open:
 * @self: a client
 * @cancellable: (nullable): stops the run between requests
 * @error: where to put a failure
 *
 * Signs in as a sync run does (the desk's server, an access token from the
 * kept sign-in) and holds the client's lock until mc_sync_run_free().
 * Blocking.
 *
 * Returns: (transfer full): the run, or %NULL
 */
McSyncRun *
mc_sync_run_open (McSyncClient  *self,
                  GCancellable  *cancellable,
                  GError       **error)
{
  McSyncRun *run = g_new0 (McSyncRun, 1);

  g_mutex_lock (&self->lock);
  run->client = g_object_ref (self);
  run->run.client = self;
  run->run.cancellable = cancellable;
  run->run.state = mc_desk_sync_load_state (self->desk, error);
  if (run->run.state == NULL)
    {
      mc_sync_run_free (run);
      return NULL;
    }
  if (run->run.state->server == NULL)
    {
      g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_SIGNED_OUT,
                   _("This desk is not signed in to a central server: run “motcua-cli sync login”."));
      mc_sync_run_free (run);
      return NULL;
    }
  if (!run_start (&run->run, run->run.state->server, run->run.state->ca_file, error) ||
      !refresh_access (&run->run, error))
    {
      mc_sync_run_free (run);
      return NULL;
    }

  return run;
}

const char *
mc_sync_run_get_desk_id (McSyncRun *run)
{
  return run->run.state->desk_id;
}

McDesk *
mc_sync_run_get_desk (McSyncRun *run)
{
  return run->client->desk;
}

/**
 * mc_sync_run_get_json:
 * @run: a run
 * @path: the API path with its query
 * @what: what is being done, for the error message
 * @error: where to put a failure
 *
 * Returns: (transfer full): the answer's JSON object, or %NULL
 */
JsonNode *
mc_sync_run_get_json (McSyncRun   *run,
                      const char  *path,
                      const char  *what,
                      GError     **error)
{
  g_auto(Reply) reply = { 0 };

  if (!api_request (&run->run, "GET", path, NULL, NULL, NULL, &reply, error))
    return NULL;
  if (reply.status != 200)
    {
      fail_from_reply (&reply, what, error);
      return NULL;
    }
  if (reply.json == NULL || !JSON_NODE_HOLDS_OBJECT (reply.json))
    {
      g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_PROTOCOL,
                   _("%s: the central server’s answer is not what the API says."), what);
      return NULL;
    }

  return g_steal_pointer (&reply.json);
}

void
mc_sync_run_free (McSyncRun *run)
{
  McSyncClient *client = run->client;

  run_clear (&run->run);
  g_free (run);
  g_mutex_unlock (&client->lock);
  g_object_unref (client);
}
