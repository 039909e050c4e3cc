/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Looking up the administrative units the store holds (admin_province,
 * admin_commune, admin_commune_old), by code, by name or by province, and
 * reading them all into an address mapper. */
#define G_LOG_DOMAIN "motcua-citizen"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "domain/citizen/mc-old-address-private.h"
#include "domain/mc-text-fold.h"
#include "mc-admin-units-repo.h"
#include "mc-store-private.h"

static gboolean
count_rows (sqlite3     *db,
            const char  *sql,
            guint       *count,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (count == NULL)
    return TRUE;

  stmt = mc_db_prepare (db, sql, error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return mc_db_set_error (db, rc, error);
  *count = (guint) sqlite3_column_int64 (stmt, 0);

  return TRUE;
}

/**
 * mc_admin_units_count:
 * @db: a connection
 * @n_provinces: (out) (optional): provinces in force
 * @n_communes: (out) (optional): communes in force
 * @n_old_communes: (out) (optional): communes before 1 July 2025
 * @error: where to put a failure
 *
 * Returns: %TRUE on success
 */
gboolean
mc_admin_units_count (sqlite3  *db,
                      guint    *n_provinces,
                      guint    *n_communes,
                      guint    *n_old_communes,
                      GError  **error)
{
  g_return_val_if_fail (db != NULL, FALSE);

  return count_rows (db, "SELECT count(*) FROM admin_province", n_provinces, error) &&
         count_rows (db, "SELECT count(*) FROM admin_commune", n_communes, error) &&
         count_rows (db, "SELECT count(*) FROM admin_commune_old", n_old_communes, error);
}

/* Lookups. */

static McAdminUnit *
unit_from_row (sqlite3_stmt *stmt,
               gboolean      commune)
{
  McAdminUnit *unit = g_new0 (McAdminUnit, 1);

  unit->code = mc_db_column_dup (stmt, 0);
  unit->name = mc_db_column_dup (stmt, 1);
  if (commune)
    {
      unit->province_code = mc_db_column_dup (stmt, 2);
      unit->province_name = mc_db_column_dup (stmt, 3);
    }

  return unit;
}

static GPtrArray *
query_units (sqlite3     *db,
             const char  *sql,
             const char  *param,
             gboolean     commune,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = mc_db_prepare (db, sql, error);
  g_autoptr(GPtrArray) units = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_admin_unit_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  if (param != NULL)
    mc_db_bind_text (stmt, 1, param);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (units, unit_from_row (stmt, commune));
  if (rc != SQLITE_DONE)
    {
      mc_db_set_error (db, rc, error);
      return NULL;
    }

  return g_steal_pointer (&units);
}

static McAdminUnit *
first_or_not_found (GPtrArray    *units,
                    const char   *what,
                    GError      **error)
{
  g_autoptr(GPtrArray) owned = units;

  if (owned == NULL)
    return NULL;
  if (owned->len == 0)
    {
      g_set_error (error, MC_CITIZEN_ERROR, MC_CITIZEN_ERROR_UNIT_NOT_FOUND,
                   _("No administrative unit in force has the code or name “%s”. "
                     "Check it against the list of units since 1 July 2025."), what);
      return NULL;
    }

  return g_ptr_array_steal_index (owned, 0);
}

#define COMMUNE_SELECT \
  "SELECT c.code, c.name, p.code, p.name FROM admin_commune c" \
  " JOIN admin_province p ON p.code = c.province_code"

/**
 * mc_admin_province_by_code:
 * @db: a connection
 * @code: a two-digit province code
 * @error: where to put a failure (%MC_CITIZEN_ERROR_UNIT_NOT_FOUND when none)
 *
 * Returns: (transfer full) (nullable): the province in force
 */
McAdminUnit *
mc_admin_province_by_code (sqlite3     *db,
                           const char  *code,
                           GError     **error)
{
  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (code != NULL, NULL);

  return first_or_not_found (query_units (db, "SELECT code, name FROM admin_province WHERE code = ?1",
                                          code, FALSE, error),
                             code, error);
}

/**
 * mc_admin_province_by_name:
 * @db: a connection
 * @name: a province name, with or without "Tỉnh"/"Thành phố"/"TP.", tones
 *   and case as they come
 * @error: where to put a failure (%MC_CITIZEN_ERROR_UNIT_NOT_FOUND when none)
 *
 * Returns: (transfer full) (nullable): the province in force
 */
McAdminUnit *
mc_admin_province_by_name (sqlite3     *db,
                           const char  *name,
                           GError     **error)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autofree char *key = NULL;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  all = query_units (db, "SELECT code, name FROM admin_province ORDER BY code", NULL, FALSE, error);
  if (all == NULL)
    return NULL;

  key = mc_admin_unit_key (name, NULL);
  for (guint i = 0; i < all->len; i++)
    {
      McAdminUnit *unit = g_ptr_array_index (all, i);
      g_autofree char *unit_key = mc_admin_unit_key (unit->name, NULL);

      if (*key != '\0' && g_str_equal (key, unit_key))
        return g_ptr_array_steal_index (all, i);
    }

  g_set_error (error, MC_CITIZEN_ERROR, MC_CITIZEN_ERROR_UNIT_NOT_FOUND,
               _("No province in force since 1 July 2025 is called “%s”. "
                 "Check the name against the 34 provinces."), name);
  return NULL;
}

/**
 * mc_admin_commune_by_code:
 * @db: a connection
 * @code: a five-digit commune code
 * @error: where to put a failure (%MC_CITIZEN_ERROR_UNIT_NOT_FOUND when none)
 *
 * Returns: (transfer full) (nullable): the commune in force, with its province
 */
McAdminUnit *
mc_admin_commune_by_code (sqlite3     *db,
                          const char  *code,
                          GError     **error)
{
  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (code != NULL, NULL);

  return first_or_not_found (query_units (db, COMMUNE_SELECT " WHERE c.code = ?1", code, TRUE, error),
                             code, error);
}

/**
 * mc_admin_communes_of_province:
 * @db: a connection
 * @province_code: a province code
 * @error: where to put a failure
 *
 * Returns: (transfer full) (element-type McAdminUnit): the communes in force
 *   in the province, by code; empty for an unknown province
 */
GPtrArray *
mc_admin_communes_of_province (sqlite3     *db,
                               const char  *province_code,
                               GError     **error)
{
  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (province_code != NULL, NULL);

  return query_units (db, COMMUNE_SELECT " WHERE c.province_code = ?1 ORDER BY c.code",
                      province_code, TRUE, error);
}

static GPtrArray *
query_old (sqlite3     *db,
           const char  *sql,
           const char  *param,
           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = mc_db_prepare (db, sql, error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_admin_old_commune_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  mc_db_bind_text (stmt, 1, param);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      McAdminOldCommune *old = g_new0 (McAdminOldCommune, 1);

      old->code = mc_db_column_dup (stmt, 0);
      old->name = mc_db_column_dup (stmt, 1);
      old->province_code = mc_db_column_dup (stmt, 2);
      old->province_name = mc_db_column_dup (stmt, 3);
      old->new_province_code = mc_db_column_dup (stmt, 4);
      old->new_commune_codes = g_strsplit ((const char *) sqlite3_column_text (stmt, 5), ",", -1);
      g_ptr_array_add (rows, old);
    }
  if (rc != SQLITE_DONE)
    {
      mc_db_set_error (db, rc, error);
      return NULL;
    }

  return g_steal_pointer (&rows);
}

#define OLD_SELECT \
  "SELECT code, name, province_code, province_name, new_province_code, new_commune_codes" \
  " FROM admin_commune_old"

/**
 * mc_admin_old_commune_by_code:
 * @db: a connection
 * @code: the code of a commune before 1 July 2025
 * @error: where to put a failure (%MC_CITIZEN_ERROR_UNIT_NOT_FOUND when none)
 *
 * Returns: (transfer full) (nullable): the old commune
 */
McAdminOldCommune *
mc_admin_old_commune_by_code (sqlite3     *db,
                              const char  *code,
                              GError     **error)
{
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (code != NULL, NULL);

  rows = query_old (db, OLD_SELECT " WHERE code = ?1", code, error);
  if (rows == NULL)
    return NULL;
  if (rows->len == 0)
    {
      g_set_error (error, MC_CITIZEN_ERROR, MC_CITIZEN_ERROR_UNIT_NOT_FOUND,
                   _("No commune before 1 July 2025 has the code “%s”."), code);
      return NULL;
    }

  return g_ptr_array_steal_index (rows, 0);
}

/**
 * mc_admin_old_communes_of_province:
 * @db: a connection
 * @old_province_code: the code of one of the 63 provinces before 1 July 2025
 * @error: where to put a failure
 *
 * Returns: (transfer full) (element-type McAdminOldCommune): its communes
 *   then, by code; empty for an unknown province
 */
GPtrArray *
mc_admin_old_communes_of_province (sqlite3     *db,
                                   const char  *old_province_code,
                                   GError     **error)
{
  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (old_province_code != NULL, NULL);

  return query_old (db, OLD_SELECT " WHERE province_code = ?1 ORDER BY code", old_province_code, error);
}

/**
 * mc_admin_old_commune_candidates:
 * @db: a connection
 * @old_code: the code of a commune before 1 July 2025
 * @error: where to put a failure (%MC_CITIZEN_ERROR_UNIT_NOT_FOUND for an
 *   unknown code)
 *
 * The commune(s) in force that the old commune went into: one, or several
 * when it was split, in the order of the data file.
 *
 * Returns: (transfer full) (element-type McAdminUnit) (nullable): the candidates
 */
GPtrArray *
mc_admin_old_commune_candidates (sqlite3     *db,
                                 const char  *old_code,
                                 GError     **error)
{
  g_autoptr(McAdminOldCommune) old = NULL;
  g_autoptr(GPtrArray) candidates = NULL;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (old_code != NULL, NULL);

  old = mc_admin_old_commune_by_code (db, old_code, error);
  if (old == NULL)
    return NULL;

  candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_admin_unit_free);
  for (guint i = 0; old->new_commune_codes[i] != NULL; i++)
    {
      McAdminUnit *unit = mc_admin_commune_by_code (db, old->new_commune_codes[i], error);

      if (unit == NULL)
        return NULL;
      g_ptr_array_add (candidates, unit);
    }

  return g_steal_pointer (&candidates);
}

/**
 * mc_admin_units_read_mapper:
 * @db: a connection with the administrative units loaded
 * @error: where to put a database failure
 *
 * Reads every unit, before and since 1 July 2025, into memory (a few tens
 * of milliseconds: do it in a worker). The mapper does not keep @db and
 * may be used from any thread.
 *
 * Returns: (transfer full) (nullable): the mapper
 */
McAddressMapper *
mc_admin_units_read_mapper (sqlite3  *db,
                            GError  **error)
{
  g_autoptr(McAddressMapper) mapper = mc_address_mapper_new ();
  g_autoptr(sqlite3_stmt) provinces = NULL;
  g_autoptr(sqlite3_stmt) communes = NULL;
  g_autoptr(sqlite3_stmt) olds = NULL;
  int rc;

  g_return_val_if_fail (db != NULL, NULL);

  provinces = mc_db_prepare (db, "SELECT code, name FROM admin_province ORDER BY code", error);
  if (provinces == NULL)
    return NULL;
  while ((rc = sqlite3_step (provinces)) == SQLITE_ROW)
    mc_address_mapper_add_province (mapper, (const char *) sqlite3_column_text (provinces, 0),
                                    (const char *) sqlite3_column_text (provinces, 1));
  if (rc != SQLITE_DONE)
    {
      mc_db_set_error (db, rc, error);
      return NULL;
    }

  communes = mc_db_prepare (db,
                            "SELECT c.code, c.name, p.code, p.name FROM admin_commune c"
                            " JOIN admin_province p ON p.code = c.province_code ORDER BY c.code",
                            error);
  if (communes == NULL)
    return NULL;
  while ((rc = sqlite3_step (communes)) == SQLITE_ROW)
    {
      McAdminUnit *unit = g_new0 (McAdminUnit, 1);

      unit->code = mc_db_column_dup (communes, 0);
      unit->name = mc_db_column_dup (communes, 1);
      unit->province_code = mc_db_column_dup (communes, 2);
      unit->province_name = mc_db_column_dup (communes, 3);
      mc_address_mapper_add_commune (mapper, unit);
    }
  if (rc != SQLITE_DONE)
    {
      mc_db_set_error (db, rc, error);
      return NULL;
    }

  olds = mc_db_prepare (db,
                        "SELECT code, name, province_code, province_name, new_province_code, new_commune_codes"
                        " FROM admin_commune_old ORDER BY code",
                        error);
  if (olds == NULL)
    return NULL;
  while ((rc = sqlite3_step (olds)) == SQLITE_ROW)
    {
      McAdminOldCommune *old = g_new0 (McAdminOldCommune, 1);

      old->code = mc_db_column_dup (olds, 0);
      old->name = mc_db_column_dup (olds, 1);
      old->province_code = mc_db_column_dup (olds, 2);
      old->province_name = mc_db_column_dup (olds, 3);
      old->new_province_code = mc_db_column_dup (olds, 4);
      old->new_commune_codes = g_strsplit ((const char *) sqlite3_column_text (olds, 5), ",", -1);
      mc_address_mapper_add_old_commune (mapper, old);
    }
  if (rc != SQLITE_DONE)
    {
      mc_db_set_error (db, rc, error);
      return NULL;
    }

  return g_steal_pointer (&mapper);
}

/**
 * mc_address_map_old:
 * @db: a connection with the administrative units loaded
 * @address: an address as on a card
 * @error: where to put a database failure
 *
 * mc_address_mapper_map() with a mapper made for this one address; to map
 * many, keep a mapper.
 *
 * Returns: (transfer full) (nullable): the mapping, or %NULL with @error set
 *   when the database fails
 */
McAddressMapping *
mc_address_map_old (sqlite3     *db,
                    const char  *address,
                    GError     **error)
{
  g_autoptr(McAddressMapper) mapper = NULL;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (address != NULL, NULL);

  mapper = mc_admin_units_read_mapper (db, error);
  if (mapper == NULL)
    return NULL;

  return mc_address_mapper_map (mapper, address);
}
