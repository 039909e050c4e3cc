/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading queues: counts for the sidebar and pages of rows for the list,
 * ordered by appointment so the most urgent come first. Queue conditions are
 * fixed fragments from mc-queue.c; every value is bound. */
#define G_LOG_DOMAIN "motcua-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-dossier-repo.h"
#include "mc-store.h"

#define SUMMARY_COLUMNS \
  "id, code, procedure_code, procedure_name, applicant_name, applicant_id," \
  " coalesce(received_at, 0), coalesce(due_at, 0), state," \
  " CASE WHEN state IN (2, 4, 6) AND due_at < ?1 THEN 2" \
  "      WHEN state IN (2, 4, 6) AND due_at < ?2 THEN 1 ELSE 0 END"

/**
 * mc_queue_clock_init:
 * @clock: the clock to set
 * @now: Unix seconds
 *
 * Sets the instant the queues are judged at. "Due soon" is the next 24
 * hours until the working-day calendar replaces it.
 */
void
mc_queue_clock_init (McQueueClock *clock,
                     gint64        now)
{
  clock->now = now;
  clock->soon = now + 24 * 3600;
}

static void
bind_clock (sqlite3_stmt       *stmt,
            const McQueueClock *clock)
{
  sqlite3_bind_int64 (stmt, 1, clock->now);
  sqlite3_bind_int64 (stmt, 2, clock->soon);
}

static McDossierSummary *
summary_from_row (sqlite3_stmt *stmt)
{
  return mc_dossier_summary_new (sqlite3_column_int64 (stmt, 0),
                                 (const char *) sqlite3_column_text (stmt, 1),
                                 (const char *) sqlite3_column_text (stmt, 2),
                                 (const char *) sqlite3_column_text (stmt, 3),
                                 (const char *) sqlite3_column_text (stmt, 4),
                                 (const char *) sqlite3_column_text (stmt, 5),
                                 sqlite3_column_int64 (stmt, 6),
                                 sqlite3_column_int64 (stmt, 7),
                                 sqlite3_column_int (stmt, 8),
                                 sqlite3_column_int (stmt, 9));
}

/**
 * mc_dossier_repo_count_queues:
 * @db: a connection inside a transaction
 * @clock: the instant to judge deadlines at
 * @counts: (array): one slot per queue of mc_queue_get_all()
 * @error: where to put a failure
 *
 * Counts every queue in one pass over the table.
 *
 * Returns: %TRUE on success
 */
gboolean
mc_dossier_repo_count_queues (sqlite3             *db,
                              const McQueueClock  *clock,
                              guint               *counts,
                              GError             **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const McQueueInfo *queues;
  guint n_queues;
  int rc;

  queues = mc_queue_get_all (&n_queues);
  for (guint i = 0; i < n_queues; i++)
    g_string_append_printf (sql, "%scoalesce(sum(CASE WHEN %s THEN 1 ELSE 0 END), 0)",
                            i > 0 ? ", " : "", queues[i].condition);
  g_string_append (sql, " FROM dossier");

  stmt = mc_db_prepare (db, sql->str, error);
  if (stmt == NULL)
    return FALSE;

  bind_clock (stmt, clock);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return mc_db_set_error (db, rc, error);

  for (guint i = 0; i < n_queues; i++)
    counts[i] = (guint) sqlite3_column_int64 (stmt, (int) i);

  return TRUE;
}

gboolean
mc_dossier_repo_count (sqlite3             *db,
                       const McQueueInfo   *queue,
                       const McQueueClock  *clock,
                       guint               *count,
                       GError             **error)
{
  g_autofree char *sql = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  sql = g_strdup_printf ("SELECT count(*) FROM dossier WHERE %s", queue->condition);
  stmt = mc_db_prepare (db, sql, error);
  if (stmt == NULL)
    return FALSE;

  bind_clock (stmt, clock);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return mc_db_set_error (db, rc, error);

  *count = (guint) sqlite3_column_int64 (stmt, 0);

  return TRUE;
}

/**
 * mc_dossier_repo_fetch_page:
 * @db: a connection inside a transaction
 * @queue: the queue
 * @clock: the instant to judge deadlines at
 * @offset: index of the first row
 * @limit: the most rows to return
 * @error: where to put a failure
 *
 * Returns: (transfer full) (element-type McDossierSummary): the rows
 */
GPtrArray *
mc_dossier_repo_fetch_page (sqlite3             *db,
                            const McQueueInfo   *queue,
                            const McQueueClock  *clock,
                            guint                offset,
                            guint                limit,
                            GError             **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *sql = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  /* Plain (due_at, id) order so the indexes serve it; dossiers not yet
   * received have no appointment and come first, as they await reception. */
  sql = g_strdup_printf ("SELECT " SUMMARY_COLUMNS " FROM dossier WHERE %s"
                         " ORDER BY due_at, id LIMIT ?3 OFFSET ?4",
                         queue->condition);
  stmt = mc_db_prepare (db, sql, error);
  if (stmt == NULL)
    return NULL;

  bind_clock (stmt, clock);
  sqlite3_bind_int (stmt, 3, (int) limit);
  sqlite3_bind_int (stmt, 4, (int) offset);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, summary_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      mc_db_set_error (db, rc, error);
      return NULL;
    }

  return g_steal_pointer (&rows);
}

McDossierSummary *
mc_dossier_repo_get_by_code (sqlite3             *db,
                             const char          *code,
                             const McQueueClock  *clock,
                             GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = mc_db_prepare (db, "SELECT " SUMMARY_COLUMNS " FROM dossier WHERE code = ?3", error);
  if (stmt == NULL)
    return NULL;

  bind_clock (stmt, clock);
  mc_db_bind_text (stmt, 3, code);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return summary_from_row (stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND,
                 _("No dossier has the code “%s”. Check the code on the receipt slip."), code);
  else
    mc_db_set_error (db, rc, error);

  return NULL;
}
