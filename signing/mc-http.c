/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one place the signing library talks HTTP (libsoup 3): time-stamp
 * queries, OCSP requests and CRL downloads are small request/response
 * exchanges made from worker threads, so a blocking call with a timeout,
 * a size cap and a cancellable is all they need. Revocation requests
 * never follow redirects (a responder named in a certificate answers
 * itself, or not at all) and may have a deadline that holds however
 * slowly a server trickles its answer: a watchdog thread cancels the
 * exchange when it passes. The time-stamping server, which the user
 * configured, may redirect (http to https). Error messages are short
 * phrases saying how the exchange failed; callers build the sentence that
 * names the server and what the user can do. */
#define G_LOG_DOMAIN "motcua-signing"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "mc-http.h"
#include "mc-signing.h"

#define TIMEOUT_SECONDS 20

static GBytes *
request (const char    *method,
         const char    *url,
         const char    *content_type,
         GBytes        *body,
         gsize          max_size,
         guint          timeout,
         gboolean       follow_redirects,
         char         **out_content_type,
         GCancellable  *cancellable,
         GError       **error)
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  guint status;
  guint8 buf[8192];

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  scheme = uri ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || g_uri_get_host (uri) == NULL ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_FAILED,
                   _("not an http:// or https:// address"));
      return NULL;
    }

  session = soup_session_new_with_options ("timeout", timeout,
                                           "idle-timeout", timeout,
                                           "user-agent", "motcua/" PACKAGE_VERSION,
                                           NULL);
  msg = soup_message_new_from_uri (method, uri);
  if (!follow_redirects)
    soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type, body);

  stream = soup_session_send (session, msg, cancellable, &local_error);
  if (stream == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_FAILED,
                     _("no answer (%s)"), local_error->message);
      return NULL;
    }

  status = soup_message_get_status (msg);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_FAILED,
                   _("HTTP error %u %s"), status,
                   soup_message_get_reason_phrase (msg) ? soup_message_get_reason_phrase (msg) : "");
      return NULL;
    }

  for (;;)
    {
      gssize n = g_input_stream_read (stream, buf, sizeof buf, cancellable, &local_error);

      if (n < 0)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_FAILED,
                         _("the answer broke off (%s)"), local_error->message);
          return NULL;
        }
      if (n == 0)
        break;
      if (data->len + (gsize) n > max_size)
        {
          g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_FAILED,
                       _("the answer is larger than %zu bytes"), max_size);
          return NULL;
        }
      g_byte_array_append (data, buf, n);
    }
  g_input_stream_close (stream, NULL, NULL);

  if (out_content_type != NULL)
    {
      const char *ctype = soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL);

      *out_content_type = g_strdup (ctype);
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

GBytes *
mc_http_request_sync (const char    *method,
                      const char    *url,
                      const char    *content_type,
                      GBytes        *body,
                      gsize          max_size,
                      char         **out_content_type,
                      GCancellable  *cancellable,
                      GError       **error)
{
  return request (method, url, content_type, body, max_size, TIMEOUT_SECONDS, TRUE, out_content_type,
                  cancellable, error);
}

typedef struct
{
  GMutex        lock;
  GCond         cond;
  gboolean      done;
  gboolean      fired;
  gint64        deadline;
  GCancellable *cancel;
} Watchdog;

static gpointer
watchdog_run (gpointer data)
{
  Watchdog *w = data;

  g_mutex_lock (&w->lock);
  while (!w->done)
    if (!g_cond_wait_until (&w->cond, &w->lock, w->deadline) && !w->done)
      {
        w->fired = TRUE;
        g_cancellable_cancel (w->cancel);
        break;
      }
  g_mutex_unlock (&w->lock);
  return NULL;
}

static void
forward_cancel (GCancellable *from,
                GCancellable *to)
{
  g_cancellable_cancel (to);
}

GBytes *
mc_http_request_until_sync (const char    *method,
                            const char    *url,
                            const char    *content_type,
                            GBytes        *body,
                            gsize          max_size,
                            gint64         deadline,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(GCancellable) cancel = NULL;
  g_autoptr(GError) local_error = NULL;
  Watchdog w = { 0 };
  GThread *thread;
  GBytes *bytes;
  gulong handler = 0;
  gint64 left;

  if (deadline <= 0)
    return request (method, url, content_type, body, max_size, TIMEOUT_SECONDS, FALSE, NULL, cancellable, error);

  left = deadline - g_get_monotonic_time ();
  if (left <= 0)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_FAILED,
                   _("not asked: the time allowed ran out"));
      return NULL;
    }

  cancel = g_cancellable_new ();
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (forward_cancel), g_object_ref (cancel),
                                     g_object_unref);
  g_mutex_init (&w.lock);
  g_cond_init (&w.cond);
  w.deadline = deadline;
  w.cancel = cancel;
  thread = g_thread_new ("motcua-http-deadline", watchdog_run, &w);

  bytes = request (method, url, content_type, body, max_size,
                   /* a second more than the deadline: the watchdog decides */
                   (guint) MIN ((left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC + 1, TIMEOUT_SECONDS),
                   FALSE, NULL, cancel, &local_error);

  g_mutex_lock (&w.lock);
  w.done = TRUE;
  g_cond_signal (&w.cond);
  g_mutex_unlock (&w.lock);
  g_thread_join (thread);
  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, handler);
  g_mutex_clear (&w.lock);
  g_cond_clear (&w.cond);

  if (bytes != NULL)
    return bytes;
  if (g_cancellable_is_cancelled (cancellable))
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (w.fired || g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_FAILED,
                 _("no answer within the time allowed"));
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}
