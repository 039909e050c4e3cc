/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Leasing a block of dossier numbers by hand and verifying the audit
 * chain, each in one store transaction, for `motcua-cli lease|audit`. */
#define G_LOG_DOMAIN "motcua-store"

#include "config.h"

#include "mc-audit.h"
#include "mc-desk-private.h"
#include "mc-desk-records.h"
#include "mc-desk-settings.h"
#include "mc-lease.h"

static gboolean
verify_audit (sqlite3   *db,
              gpointer   user_data,
              gpointer  *result,
              GError   **error)
{
  return mc_audit_verify (db, user_data, error);
}

/**
 * mc_desk_verify_audit:
 * @self: a desk
 * @report: (out caller-allocates): the number of entries and, when the
 *   chain is broken, the first bad entry and what is wrong
 * @error: where to put a failure to read
 *
 * Returns: %TRUE when the log could be read (intact or not: see @report)
 */
gboolean
mc_desk_verify_audit (McDesk         *self,
                      McAuditReport  *report,
                      GError        **error)
{
  g_return_val_if_fail (MC_IS_DESK (self), FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  return mc_store_read (mc_desk_get_store (self), verify_audit, report, NULL, error);
}

typedef struct
{
  const char *office_code;
  const char *day;
  guint first;
  guint last;
  gint64 now;
} LeaseData;

static gboolean
add_lease (sqlite3   *db,
           gpointer   user_data,
           gpointer  *result,
           GError   **error)
{
  LeaseData *data = user_data;
  g_autoptr(McOffice) office = NULL;

  if (data->office_code == NULL)
    {
      office = mc_desk_settings_get_office (db, error);
      if (office == NULL)
        return FALSE;
    }

  return mc_lease_add (db, data->office_code != NULL ? data->office_code : office->code,
                       data->day, data->first, data->last, "manual", data->now, error);
}

/**
 * mc_desk_add_lease:
 * @self: a desk
 * @office_code: (nullable): the office the numbers are for; %NULL for the
 *   workspace's office
 * @day: the reception day, yymmdd
 * @first: the block's first number
 * @last: its last number
 * @error: where to put a failure
 *
 * Records a block of dossier numbers leased by hand ("manual").
 *
 * Returns: %TRUE when recorded
 */
gboolean
mc_desk_add_lease (McDesk      *self,
                   const char  *office_code,
                   const char  *day,
                   guint        first,
                   guint        last,
                   GError     **error)
{
  LeaseData data = { office_code, day, first, last, 0 };

  g_return_val_if_fail (MC_IS_DESK (self), FALSE);
  g_return_val_if_fail (day != NULL, FALSE);

  data.now = mc_desk_now (self);

  return mc_store_write (mc_desk_get_store (self), add_lease, &data, NULL, error);
}
