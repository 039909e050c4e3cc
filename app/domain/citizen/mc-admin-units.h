/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Vietnam's administrative units in force since 1 July 2025 (34 provinces,
 * 3,321 communes) and the 10,052 communes before it with the new unit(s)
 * each went into, as values; the store loads data/admin-units/ into its
 * admin_* tables and looks them up (app/store/mc-admin-units-repo.h). */
#pragma once

#include <glib.h>

#include "mc-citizen-error.h"

G_BEGIN_DECLS

#define MC_ADMIN_UNITS_CURRENT_FILE "admin-units-2025-07-01.tsv"
#define MC_ADMIN_UNITS_OLD_TO_NEW_FILE "admin-units-old-to-new.tsv"

/**
 * McAdminUnit:
 * @code: the official code (a string: leading zeros matter)
 * @name: the official name with its type, e.g. "Phường Ba Đình"
 * @province_code: for a commune, its province's code; %NULL for a province
 * @province_name: for a commune, its province's name; %NULL for a province
 *
 * A province or commune in force since 1 July 2025.
 */
typedef struct
{
  char *code;
  char *name;
  char *province_code;
  char *province_name;
} McAdminUnit;

/**
 * McAdminOldCommune:
 * @code: the commune's code before 1 July 2025
 * @name: its name then, e.g. "Xã Tân Lập"
 * @province_code: its province then (one of the 63)
 * @province_name: that province's name
 * @new_province_code: the province it is in since 1 July 2025
 * @new_commune_codes: the commune(s) it went into; more than one when it was split
 *
 * A commune-level unit as it was before 1 July 2025.
 */
typedef struct
{
  char  *code;
  char  *name;
  char  *province_code;
  char  *province_name;
  char  *new_province_code;
  GStrv  new_commune_codes;
} McAdminOldCommune;

void                mc_admin_unit_free                (McAdminUnit        *unit);
void                mc_admin_old_commune_free         (McAdminOldCommune  *commune);

char               *mc_admin_unit_key                 (const char         *name,
                                                       char              **kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McAdminUnit, mc_admin_unit_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McAdminOldCommune, mc_admin_old_commune_free)

G_END_DECLS
