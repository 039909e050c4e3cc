/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store's administrative units: loading data/admin-units/ into the
 * admin_* tables of a workspace (or of an in-memory database), looking
 * units up, and reading them into an address mapper. Private to the core. */
#pragma once

#include "mc-store-private.h"

#include "domain/citizen/mc-admin-units.h"
#include "domain/citizen/mc-old-address.h"

G_BEGIN_DECLS

gboolean            mc_admin_units_load               (sqlite3            *db,
                                                       const char         *dir,
                                                       GError            **error);
sqlite3            *mc_admin_units_open_memory        (const char         *dir,
                                                       GError            **error);
gboolean            mc_admin_units_count              (sqlite3            *db,
                                                       guint              *n_provinces,
                                                       guint              *n_communes,
                                                       guint              *n_old_communes,
                                                       GError            **error);

McAdminUnit        *mc_admin_province_by_code         (sqlite3            *db,
                                                       const char         *code,
                                                       GError            **error);
McAdminUnit        *mc_admin_province_by_name         (sqlite3            *db,
                                                       const char         *name,
                                                       GError            **error);
McAdminUnit        *mc_admin_commune_by_code          (sqlite3            *db,
                                                       const char         *code,
                                                       GError            **error);
GPtrArray          *mc_admin_communes_of_province     (sqlite3            *db,
                                                       const char         *province_code,
                                                       GError            **error);
McAdminOldCommune  *mc_admin_old_commune_by_code      (sqlite3            *db,
                                                       const char         *code,
                                                       GError            **error);
GPtrArray          *mc_admin_old_communes_of_province (sqlite3            *db,
                                                       const char         *old_province_code,
                                                       GError            **error);
GPtrArray          *mc_admin_old_commune_candidates   (sqlite3            *db,
                                                       const char         *old_code,
                                                       GError            **error);

McAddressMapper    *mc_admin_units_read_mapper        (sqlite3            *db,
                                                       GError            **error);
McAddressMapping   *mc_address_map_old                (sqlite3            *db,
                                                       const char         *address,
                                                       GError            **error);

G_END_DECLS
