/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the HTTP front of motcua-central hands to its handlers: a request
 * copied out of libsoup (so a worker thread may read it), the caller's
 * token once checked, and the answer the handler fills in. Handlers run on
 * worker threads, each with its own PostgreSQL connection; they never touch
 * libsoup objects. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

typedef struct {
  char *login;       /* NULL for a client (the portal connector) */
  char *office;      /* NULL for a client */
  char *client_id;
  char *scope;       /* "desk" or "portal" */
  gint64 family;
} McCaller;

typedef struct {
  /* the request */
  char       *method;
  char       *path;
  GHashTable *query;    /* may be NULL */
  GHashTable *headers;  /* lower-case name -> value (only the few we read) */
  GBytes     *body;
  char       *request_id;
  const char *data_dir;
  /* the caller, once authenticated */
  McCaller    caller;
  /* the answer */
  guint       status;
  char       *content_type;
  GBytes     *response;
  GPtrArray  *response_headers; /* name, value, name, value, ... */
} McReq;

const char *mc_req_header       (McReq      *req,
                                 const char *name);
void        mc_req_add_header   (McReq      *req,
                                 const char *name,
                                 const char *value);
void        mc_req_json         (McReq      *req,
                                 guint       status,
                                 JsonNode   *node);
void        mc_req_json_text    (McReq      *req,
                                 guint       status,
                                 char       *text);
void        mc_req_error        (McReq      *req,
                                 guint       status,
                                 const char *code,
                                 const char *message);
void        mc_req_internal     (McReq      *req,
                                 GError     *error);
/* Checks the bearer token; on failure answers 401 and returns FALSE. */
gboolean    mc_req_authenticate (McReq      *req,
                                 PGconn     *conn,
                                 const char *scope);
JsonNode   *mc_req_parse_json   (McReq      *req);

void mc_handle_token    (McReq *req, PGconn *conn);
void mc_handle_revoke   (McReq *req, PGconn *conn);
void mc_handle_ops      (McReq *req, PGconn *conn);
void mc_handle_changes  (McReq *req, PGconn *conn);
void mc_handle_lease    (McReq *req, PGconn *conn);
void mc_handle_portal   (McReq *req, PGconn *conn);
void mc_handle_blob     (McReq *req, PGconn *conn, const char *hash);
void mc_handle_reports_kpi (McReq *req, PGconn *conn);
void mc_handle_audit    (McReq *req, PGconn *conn);

/* The intake shared by the endpoint and `portal submit`: fills status,
 * error code and message, or the office on success. */
guint mc_portal_intake (PGconn      *conn,
                        const char  *json_text,
                        char       **out_code,
                        char       **out_office,
                        char       **out_error,
                        const char **out_message,
                        GError     **error);

/* Appends a change to @office's feed inside the caller's transaction. */
gboolean mc_feed_append (PGconn     *conn,
                         const char *office,
                         const char *body_json,
                         GError    **error);

int mc_central_serve (const char *dsn,
                      const char *listen,
                      const char *tls_cert,
                      const char *tls_key,
                      const char *data_dir,
                      int         threads);

G_END_DECLS
