/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Signing in at a desk, as both front ends see it: an officer's login and
 * password turned into the signed-in officer, passwords set and changed,
 * officers deactivated (never deleted), the officers the sign-in screen
 * offers, whom a window opens as, and a first run's office and officers
 * stored in one transaction. Passwords are hashed (Argon2id) in the core,
 * outside any transaction; callers only hand them over and wipe their
 * copies with mc_password_free(). */
#pragma once

#include "domain/mc-officer.h"
#include "mc-desk.h"

G_BEGIN_DECLS

#define MC_AUTH_ERROR (mc_auth_error_quark ())

/**
 * McAuthError:
 * @MC_AUTH_ERROR_WRONG_PASSWORD: the password does not match
 * @MC_AUTH_ERROR_NO_PASSWORD: the officer has no password yet
 * @MC_AUTH_ERROR_INACTIVE: the officer was deactivated
 * @MC_AUTH_ERROR_UNKNOWN_OFFICER: no officer with that login
 * @MC_AUTH_ERROR_WEAK_PASSWORD: the new password is too short
 * @MC_AUTH_ERROR_FAILED: hashing failed (out of memory)
 */
typedef enum {
  MC_AUTH_ERROR_WRONG_PASSWORD,
  MC_AUTH_ERROR_NO_PASSWORD,
  MC_AUTH_ERROR_INACTIVE,
  MC_AUTH_ERROR_UNKNOWN_OFFICER,
  MC_AUTH_ERROR_WEAK_PASSWORD,
  MC_AUTH_ERROR_FAILED,
} McAuthError;

/* The shortest password a desk accepts. */
#define MC_PASSWORD_MIN_LENGTH 6

/* An officer as the sign-in screen and the officer list show them. */
typedef struct
{
  McOfficer *officer;
  gboolean active;
  gboolean has_password;
} McOfficerEntry;

/* An officer of a first run, with the password they will sign in with. */
typedef struct
{
  McOfficer *officer;
  char *password;
} McNewOfficer;

/* How a window opens: signed in as @login (a demo, or a desk from before
 * passwords), on the sign-in screen, or on the first-run assistant when
 * the desk has no officers. */
typedef struct
{
  char *login;            /* NULL: the sign-in screen */
  guint n_officers;       /* 0: a first run */
  gboolean demo;          /* a demo workspace: its password is shown */
} McDeskOpening;

/* What the sign-in screen lists: the active officers, the office's name,
 * and whether the workspace is the demo (its shared password is shown). */
typedef struct
{
  GPtrArray *entries;     /* (element-type McOfficerEntry), active ones */
  char *office_name;      /* NULL when the workspace has no office yet */
  gboolean demo;
} McSignInRoster;

GQuark          mc_auth_error_quark                 (void);

void            mc_password_free                    (char                *password);
char           *mc_password_read_line               (int                  fd,
                                                     GError             **error);
void            mc_officer_entry_free               (McOfficerEntry      *entry);
McNewOfficer   *mc_new_officer_new                  (const McOfficer     *officer,
                                                     const char          *password);
void            mc_new_officer_free                 (McNewOfficer        *entry);
void            mc_desk_opening_free                (McDeskOpening       *opening);
void            mc_sign_in_roster_free              (McSignInRoster      *roster);

McOfficer      *mc_desk_sign_in                     (McDesk              *self,
                                                     const char          *login,
                                                     const char          *password,
                                                     GError             **error);
void            mc_desk_sign_in_async               (McDesk              *self,
                                                     const char          *login,
                                                     const char          *password,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
McOfficer      *mc_desk_sign_in_finish              (McDesk              *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

gboolean        mc_desk_set_password                (McDesk              *self,
                                                     const char          *login,
                                                     const char          *password,
                                                     GError             **error);
void            mc_desk_set_password_async          (McDesk              *self,
                                                     const char          *login,
                                                     const char          *password,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean        mc_desk_set_password_finish         (McDesk              *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
gboolean        mc_desk_change_password             (McDesk              *self,
                                                     const char          *login,
                                                     const char          *current,
                                                     const char          *password,
                                                     GError             **error);

gboolean        mc_desk_set_officer_active          (McDesk              *self,
                                                     const char          *login,
                                                     gboolean             active,
                                                     GError             **error);
void            mc_desk_set_officer_active_async    (McDesk              *self,
                                                     const char          *login,
                                                     gboolean             active,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean        mc_desk_set_officer_active_finish   (McDesk              *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

McOfficerEntry *mc_desk_get_officer_entry           (McDesk              *self,
                                                     const char          *login,
                                                     GError             **error);
GPtrArray      *mc_desk_list_officer_entries        (McDesk              *self,
                                                     gboolean             active_only,
                                                     GError             **error);
void            mc_desk_list_officer_entries_async  (McDesk              *self,
                                                     gboolean             active_only,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
GPtrArray      *mc_desk_list_officer_entries_finish (McDesk              *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
gboolean        mc_desk_has_passwords               (McDesk              *self,
                                                     gboolean            *any,
                                                     GError             **error);

void            mc_desk_load_roster_async           (McDesk              *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
McSignInRoster *mc_desk_load_roster_finish          (McDesk              *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

void            mc_desk_load_opening_async          (McDesk              *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
McDeskOpening  *mc_desk_load_opening_finish         (McDesk              *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

void            mc_desk_set_up_async                (McDesk              *self,
                                                     const McOffice      *office,
                                                     GPtrArray           *officers,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean        mc_desk_set_up_finish               (McDesk              *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McOfficerEntry, mc_officer_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McNewOfficer, mc_new_officer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McDeskOpening, mc_desk_opening_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSignInRoster, mc_sign_in_roster_free)

G_END_DECLS
