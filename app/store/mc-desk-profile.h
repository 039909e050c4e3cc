/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The desk's office and officers as both front ends see and change them:
 * one rule for a new officer (the login's shape, and a login already taken
 * is refused, never overwritten), one way to say who is working now. */
#pragma once

#include "domain/mc-officer.h"
#include "mc-desk.h"

G_BEGIN_DECLS

typedef struct
{
  McOffice *office;       /* NULL when the workspace has none yet */
  GPtrArray *officers;    /* (element-type McOfficer), by name */
  char *current_login;    /* NULL when nobody is working */
} McDeskProfile;

void           mc_desk_profile_free          (McDeskProfile        *profile);

gboolean       mc_officer_login_check        (const char           *login,
                                              GError              **error);

McDeskProfile *mc_desk_load_profile          (McDesk               *self,
                                              GError              **error);
void           mc_desk_load_profile_async    (McDesk               *self,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
McDeskProfile *mc_desk_load_profile_finish   (McDesk               *self,
                                              GAsyncResult         *result,
                                              GError              **error);

McOffice      *mc_desk_get_office            (McDesk               *self,
                                              GError              **error);
gboolean       mc_desk_set_office            (McDesk               *self,
                                              const McOffice       *office,
                                              GError              **error);
void           mc_desk_set_office_async      (McDesk               *self,
                                              const McOffice       *office,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
McOffice      *mc_desk_set_office_finish     (McDesk               *self,
                                              GAsyncResult         *result,
                                              GError              **error);

gboolean       mc_desk_add_officer           (McDesk               *self,
                                              const McOfficer      *officer,
                                              GError              **error);
void           mc_desk_add_officer_async     (McDesk               *self,
                                              const McOfficer      *officer,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
McOfficer     *mc_desk_add_officer_finish    (McDesk               *self,
                                              GAsyncResult         *result,
                                              GError              **error);

McOfficer     *mc_desk_use_officer           (McDesk               *self,
                                              const char           *login,
                                              GError              **error);
void           mc_desk_use_officer_async     (McDesk               *self,
                                              const char           *login,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
McOfficer     *mc_desk_use_officer_finish    (McDesk               *self,
                                              GAsyncResult         *result,
                                              GError              **error);

GPtrArray     *mc_desk_list_officers         (McDesk               *self,
                                              GError              **error);

char          *mc_desk_get_officer_setting   (McDesk               *self,
                                              const char           *key,
                                              GError              **error);
void           mc_desk_get_officer_setting_async  (McDesk               *self,
                                                   const char           *key,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
char          *mc_desk_get_officer_setting_finish (McDesk               *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
gboolean       mc_desk_set_officer_setting   (McDesk               *self,
                                              const char           *key,
                                              const char           *value,
                                              GError              **error);
void           mc_desk_set_officer_setting_async  (McDesk               *self,
                                                   const char           *key,
                                                   const char           *value,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean       mc_desk_set_officer_setting_finish (McDesk               *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McDeskProfile, mc_desk_profile_free)

G_END_DECLS
