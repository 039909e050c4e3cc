/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading the desk's reference data for the front ends: the catalogue and
 * the address mapper for the reception dialog (one read transaction, in a
 * worker: the mapper takes tens of milliseconds), one procedure for the
 * CLI, and the shipped units through an in-memory database for tools
 * without a workspace. */
#define G_LOG_DOMAIN "motcua-store"

#include "config.h"

#include "domain/citizen/mc-personal-id.h"
#include "mc-admin-units-repo.h"
#include "mc-catalogue-repo.h"
#include "mc-core.h"
#include "mc-desk-private.h"
#include "mc-desk-reference.h"

void
mc_desk_reference_free (McDeskReference *reference)
{
  if (reference == NULL)
    return;

  g_clear_object (&reference->catalogue);
  g_clear_pointer (&reference->mapper, mc_address_mapper_free);
  g_free (reference);
}

static gboolean
load_reference (sqlite3   *db,
                gpointer   user_data,
                gpointer  *result,
                GError   **error)
{
  g_autoptr(McDeskReference) reference = g_new0 (McDeskReference, 1);
  gint64 *at = user_data;

  reference->catalogue = mc_catalogue_load_from_store_at (db, *at, error);
  if (reference->catalogue == NULL)
    return FALSE;
  reference->mapper = mc_admin_units_read_mapper (db, error);
  if (reference->mapper == NULL)
    return FALSE;
  /* The province codes of ID numbers are read once; here, in the worker,
   * not on the first keystroke. */
  mc_personal_id_province_name ("001", NULL);

  *result = g_steal_pointer (&reference);

  return TRUE;
}

/**
 * mc_desk_load_reference_async:
 * @self: a desk
 * @cancellable: (nullable): a cancellable
 * @callback: called on the caller's main context
 * @user_data: data for @callback
 *
 * Reads the catalogue and the administrative units of the desk's store.
 */
void
mc_desk_load_reference_async (McDesk              *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (MC_IS_DESK (self));

  gint64 *at = g_new (gint64, 1);

  /* The catalogue in force at the desk's time (mc_desk_set_clock()). */
  *at = mc_desk_now (self);
  mc_desk_run_async (self, FALSE, load_reference, at, g_free, (GDestroyNotify) mc_desk_reference_free,
                     cancellable, callback, user_data);
}

McDeskReference *
mc_desk_load_reference_finish (McDesk        *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return mc_desk_run_finish (self, result, error);
}

typedef struct
{
  const char *code;
  gint64 at;
} LoadProcedure;

static gboolean
load_procedure (sqlite3   *db,
                gpointer   user_data,
                gpointer  *result,
                GError   **error)
{
  const LoadProcedure *load = user_data;

  *result = mc_procedure_load_from_store_at (db, load->code, load->at, error);

  return *result != NULL;
}

/**
 * mc_desk_load_procedure:
 * @self: a desk
 * @code: a national procedure code
 * @error: where to put a failure; %MC_PROCEDURE_ERROR_NOT_FOUND when the
 *   store has no such procedure
 *
 * Returns: (transfer full): the procedure as the desk holds it, validated
 *   and with its defaults
 */
McProcedure *
mc_desk_load_procedure (McDesk      *self,
                        const char  *code,
                        GError     **error)
{
  McProcedure *procedure = NULL;
  LoadProcedure load = { code, 0 };

  g_return_val_if_fail (MC_IS_DESK (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  load.at = mc_desk_now (self);
  if (!mc_store_read (mc_desk_get_store (self), load_procedure, &load, (gpointer *) &procedure, error))
    return NULL;

  return procedure;
}

/**
 * mc_address_mapper_load_shipped:
 * @error: where to put a failure
 *
 * The administrative units of the data folder, read through an in-memory
 * store, for tools that map addresses without a workspace.
 *
 * Returns: (transfer full): the mapper, or %NULL with @error set
 */
McAddressMapper *
mc_address_mapper_load_shipped (GError **error)
{
  g_autofree char *dir = g_build_filename (mc_core_get_data_dir (), "admin-units", NULL);
  McAddressMapper *mapper;
  sqlite3 *db;

  db = mc_admin_units_open_memory (dir, error);
  if (db == NULL)
    return NULL;
  mapper = mc_admin_units_read_mapper (db, error);
  sqlite3_close (db);

  return mapper;
}
