/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The PostgreSQL side of motcua-central: connecting, the forward-only schema
 * migrations, and small helpers around PQexecParams so every statement the
 * server runs is parameterised and every failure becomes a GError. */
#pragma once

#include <glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

#define MC_CENTRAL_ERROR (mc_central_error_quark ())
GQuark mc_central_error_quark (void);

typedef enum {
  MC_CENTRAL_ERROR_DB,
  MC_CENTRAL_ERROR_INVALID,
  MC_CENTRAL_ERROR_NOT_FOUND,
} McCentralError;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)

PGconn   *mc_pg_connect   (const char  *dsn,
                           GError     **error);
gboolean  mc_pg_migrate   (PGconn      *conn,
                           int         *out_version,
                           GError     **error);
/* Runs one parameterised statement; NULL + error unless it succeeded. */
PGresult *mc_pg_exec      (PGconn             *conn,
                           const char         *sql,
                           int                 n_params,
                           const char * const *params,
                           GError            **error);
gboolean  mc_pg_run       (PGconn             *conn,
                           const char         *sql,
                           GError            **error);
char     *mc_sha256_hex   (const void  *data,
                           gsize        len);
char     *mc_random_token (const char  *prefix);
/* Offices at or under @office in the office tree (a province reads its
 * communes'); @office itself first. */
GPtrArray *mc_pg_office_tree (PGconn     *conn,
                              const char *office,
                              GError    **error);
gboolean  mc_pg_office_covers (PGconn     *conn,
                               const char *office,
                               const char *target,
                               GError    **error);

G_END_DECLS
