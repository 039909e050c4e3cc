/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The office this workspace belongs to, the officers of the desk, and who
 * is working now; kept in the workspace so every program sees the same. */
#pragma once

#include "mc-store-private.h"

#include "domain/mc-officer.h"
#include "mc-desk-profile.h"

G_BEGIN_DECLS

McOffice  *mc_desk_settings_get_office       (sqlite3          *db,
                                              GError          **error);
gboolean   mc_desk_settings_set_office       (sqlite3          *db,
                                              const McOffice   *office,
                                              GError          **error);
gboolean   mc_desk_settings_add_officer      (sqlite3          *db,
                                              const McOfficer  *officer,
                                              GError          **error);
gboolean   mc_desk_settings_keep_officer     (sqlite3          *db,
                                              const McOfficer  *officer,
                                              GError          **error);
GPtrArray *mc_desk_settings_list_officers    (sqlite3          *db,
                                              GError          **error);
McOfficer *mc_desk_settings_get_officer      (sqlite3          *db,
                                              const char       *login,
                                              GError          **error);
McOfficer *mc_desk_settings_current_officer  (sqlite3          *db,
                                              GError          **error);
char      *mc_desk_settings_current_login    (sqlite3          *db,
                                              GError          **error);
gboolean   mc_desk_settings_use_officer      (sqlite3          *db,
                                              const char       *login,
                                              GError          **error);

char      *mc_desk_settings_get_officer_value (sqlite3          *db,
                                               const char       *key,
                                               GError          **error);
gboolean   mc_desk_settings_set_officer_value (sqlite3          *db,
                                               const char       *key,
                                               const char       *value,
                                               GError          **error);

G_END_DECLS
