/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Who may act at the desk: each officer's password verifier (Argon2id),
 * where it came from (set at this desk, or cached from the central account
 * at the last online sign-in), whether the officer is still active, and the
 * check that turns a login and a password into the signed-in officer. */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "domain/mc-officer.h"
#include "mc-desk-auth.h"
#include "mc-store.h"

G_BEGIN_DECLS

/**
 * McAuthSource:
 * @MC_AUTH_SOURCE_LOCAL: the password was set at this desk
 * @MC_AUTH_SOURCE_CENTRAL_CACHED: the verifier of the central account,
 *   cached at the last online sign-in, for signing in offline
 */
typedef enum {
  MC_AUTH_SOURCE_LOCAL,
  MC_AUTH_SOURCE_CENTRAL_CACHED,
} McAuthSource;

typedef struct
{
  char *login;
  McAuthSource source;
  char *verifier;
  gint64 updated_at;
} McOfficerAuth;

char           *mc_password_hash                 (const char      *password,
                                                  GError         **error);
gboolean        mc_password_verify               (const char      *verifier,
                                                  const char      *password);

void            mc_officer_auth_free             (McOfficerAuth   *auth);
const char     *mc_auth_source_to_string         (McAuthSource     source);

/* Store-level steps, each inside the caller's transaction. */
McOfficerAuth  *mc_officer_auth_get              (sqlite3         *db,
                                                  const char      *login,
                                                  GError         **error);
gboolean        mc_officer_auth_set              (sqlite3         *db,
                                                  const char      *login,
                                                  const char      *verifier,
                                                  McAuthSource     source,
                                                  gint64           now,
                                                  GError         **error);
gboolean        mc_officer_auth_set_active       (sqlite3         *db,
                                                  const char      *login,
                                                  gboolean         active,
                                                  GError         **error);
GPtrArray      *mc_officer_auth_list             (sqlite3         *db,
                                                  gboolean         active_only,
                                                  GError         **error);
char           *mc_officer_auth_get_auto_login   (sqlite3         *db,
                                                  GError         **error);
gboolean        mc_officer_auth_set_auto_login   (sqlite3         *db,
                                                  const char      *login,
                                                  GError         **error);
gboolean        mc_officer_auth_any              (sqlite3         *db,
                                                  gboolean        *any,
                                                  GError         **error);
char           *mc_officer_auth_opening_login    (sqlite3         *db,
                                                  guint           *n_officers,
                                                  GError         **error);

/* Whole checks on a store; McDesk runs them (mc-desk-auth.h). */
gboolean        mc_officer_auth_set_password     (McStore         *store,
                                                  const char      *login,
                                                  const char      *password,
                                                  GError         **error);
McOfficer      *mc_officer_auth_sign_in          (McStore         *store,
                                                  const char      *login,
                                                  const char      *password,
                                                  GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McOfficerAuth, mc_officer_auth_free)

G_END_DECLS
