/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A lease is a range of sequence numbers for one office and one reception
 * day. Numbers are taken in the reception's own transaction, lowest block
 * first, and never given back: a rolled-back reception leaves the counter
 * where it was, a committed one moves it for good. Overlapping leases are
 * refused so the same number can never be issued twice by this desk. */
#define G_LOG_DOMAIN "motcua-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "domain/mc-workflow.h"
#include "mc-lease.h"
#include "mc-store-private.h"

static gboolean
valid_day (const char *day)
{
  if (day == NULL || strlen (day) != 6)
    return FALSE;
  for (guint i = 0; i < 6; i++)
    if (!g_ascii_isdigit (day[i]))
      return FALSE;

  return TRUE;
}

/**
 * mc_lease_add:
 * @db: a writer connection inside a transaction
 * @office_code: the office the numbers belong to
 * @day: the reception day as YYMMDD
 * @first: the first number of the block (1–9999)
 * @last: the last number of the block (@first–9999)
 * @source: where the block came from ("server", "manual", "demo")
 * @at: Unix seconds
 * @error: where to put a failure
 *
 * Returns: %TRUE when the block was added
 */
gboolean
mc_lease_add (sqlite3     *db,
              const char  *office_code,
              const char  *day,
              guint        first,
              guint        last,
              const char  *source,
              gint64       at,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) overlap = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  int rc;

  if (!valid_day (day) || first < 1 || last > 9999 || first > last)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID,
                   _("A block of dossier numbers needs a day as YYMMDD and numbers between 1 and 9999, the first not above the last."));
      return FALSE;
    }

  overlap = mc_db_prepare (db,
                           "SELECT first, last FROM sequence_lease WHERE office_code = ?1 AND day = ?2"
                           " AND first <= ?4 AND last >= ?3 LIMIT 1",
                           error);
  if (overlap == NULL)
    return FALSE;
  mc_db_bind_text (overlap, 1, office_code);
  mc_db_bind_text (overlap, 2, day);
  sqlite3_bind_int (overlap, 3, (int) first);
  sqlite3_bind_int (overlap, 4, (int) last);
  rc = sqlite3_step (overlap);
  if (rc == SQLITE_ROW)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID,
                   _("Numbers %u–%u of %s overlap a block this desk already holds (%d–%d)."),
                   first, last, day, sqlite3_column_int (overlap, 0), sqlite3_column_int (overlap, 1));
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return mc_db_set_error (db, rc, error);

  insert = mc_db_prepare (db,
                          "INSERT INTO sequence_lease (office_code, day, first, last, next, source, leased_at)"
                          " VALUES (?1, ?2, ?3, ?4, ?3, ?5, ?6)",
                          error);
  if (insert == NULL)
    return FALSE;
  mc_db_bind_text (insert, 1, office_code);
  mc_db_bind_text (insert, 2, day);
  sqlite3_bind_int (insert, 3, (int) first);
  sqlite3_bind_int (insert, 4, (int) last);
  mc_db_bind_text (insert, 5, source);
  sqlite3_bind_int64 (insert, 6, at);

  return mc_db_step_done (db, insert, error);
}

/**
 * mc_lease_take:
 * @db: a writer connection inside the reception's transaction
 * @office_code: the office
 * @day: the reception day as YYMMDD
 * @number: (out): the number taken
 * @error: where to put a failure
 *
 * Returns: %TRUE when a number was taken; %MC_WORKFLOW_ERROR_NO_NUMBERS when
 *   every block of that day is used up
 */
gboolean
mc_lease_take (sqlite3     *db,
               const char  *office_code,
               const char  *day,
               guint       *number,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) pick = NULL;
  g_autoptr(sqlite3_stmt) bump = NULL;
  gint64 lease_id;
  int rc;

  pick = mc_db_prepare (db,
                        "SELECT id, next FROM sequence_lease WHERE office_code = ?1 AND day = ?2"
                        " AND next <= last ORDER BY first LIMIT 1",
                        error);
  if (pick == NULL)
    return FALSE;
  mc_db_bind_text (pick, 1, office_code);
  mc_db_bind_text (pick, 2, day);
  rc = sqlite3_step (pick);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_NO_NUMBERS,
                   _("No dossier numbers are left for %s. Sync with the central system to lease a new block, or add one with “motcua-cli lease add”."),
                   day);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return mc_db_set_error (db, rc, error);

  lease_id = sqlite3_column_int64 (pick, 0);
  *number = (guint) sqlite3_column_int (pick, 1);

  bump = mc_db_prepare (db, "UPDATE sequence_lease SET next = next + 1 WHERE id = ?1", error);
  if (bump == NULL)
    return FALSE;
  sqlite3_bind_int64 (bump, 1, lease_id);

  return mc_db_step_done (db, bump, error);
}

gboolean
mc_lease_remaining (sqlite3     *db,
                    const char  *office_code,
                    const char  *day,
                    guint       *remaining,
                    GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = mc_db_prepare (db,
                        "SELECT coalesce(sum(last - next + 1), 0) FROM sequence_lease"
                        " WHERE office_code = ?1 AND day = ?2",
                        error);
  if (stmt == NULL)
    return FALSE;
  mc_db_bind_text (stmt, 1, office_code);
  mc_db_bind_text (stmt, 2, day);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return mc_db_set_error (db, rc, error);
  *remaining = (guint) sqlite3_column_int64 (stmt, 0);

  return TRUE;
}
