/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store side of the reports: one query that lists every dossier
 * received or finished in a period with the facts the indicators need
 * (channel, appointments, finish time, supplement and apology counts,
 * which files it has). The rules that turn them into figures live in
 * app/reports/, so they can be read and tested without SQL. */
#define G_LOG_DOMAIN "motcua-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-desk-private.h"
#include "mc-desk-reports.h"
#include "mc-desk-reports-private.h"
#include "mc-store-private.h"

McReportFilter *
mc_report_filter_new (gint64 from,
                      gint64 to)
{
  McReportFilter *filter = g_new0 (McReportFilter, 1);

  filter->from = from;
  filter->to = to;

  return filter;
}

McReportFilter *
mc_report_filter_copy (const McReportFilter *filter)
{
  McReportFilter *copy = mc_report_filter_new (filter->from, filter->to);

  copy->procedure_code = g_strdup (filter->procedure_code);
  copy->field = g_strdup (filter->field);
  copy->officer = g_strdup (filter->officer);

  return copy;
}

void
mc_report_filter_free (McReportFilter *filter)
{
  if (filter == NULL)
    return;

  g_free (filter->procedure_code);
  g_free (filter->field);
  g_free (filter->officer);
  g_free (filter);
}

/**
 * mc_report_dossier_free:
 * @dossier: (nullable): a row of mc_desk_report_dossiers()
 *
 * Frees the row; its strings were allocated with it.
 */
void
mc_report_dossier_free (McReportDossier *dossier)
{
  g_free (dossier);
}

/* One allocation for the row and its three strings: a year of a busy
 * desk lists a hundred thousand rows, and allocating and freeing them
 * string by string cost more than reading them. */
static McReportDossier *
row_new (sqlite3_stmt *stmt)
{
  const char *text[3];
  gsize size[3];
  McReportDossier *row;
  char *at;

  for (int i = 0; i < 3; i++)
    {
      text[i] = (const char *) sqlite3_column_text (stmt, i);
      size[i] = text[i] != NULL ? (gsize) sqlite3_column_bytes (stmt, i) + 1 : 0;
    }
  row = g_malloc0 (sizeof *row + size[0] + size[1] + size[2]);
  at = (char *) (row + 1);
  row->code = size[0] > 0 ? memcpy (at, text[0], size[0]) : NULL;
  at += size[0];
  row->procedure_code = size[1] > 0 ? memcpy (at, text[1], size[1]) : NULL;
  at += size[1];
  row->procedure_name = size[2] > 0 ? memcpy (at, text[2], size[2]) : NULL;

  return row;
}

static gboolean
report_dossiers (sqlite3   *db,
                 gpointer   user_data,
                 gpointer  *result,
                 GError   **error)
{
  const McReportFilter *filter = user_data;
  g_autoptr(sqlite3_stmt) stmt = mc_db_prepare (db, MC_REPORT_DOSSIERS_SQL, error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_report_dossier_free);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, filter->from);
  sqlite3_bind_int64 (stmt, 2, filter->to);
  mc_db_bind_text (stmt, 3, filter->procedure_code);
  mc_db_bind_text (stmt, 4, filter->field);
  mc_db_bind_text (stmt, 5, filter->officer);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      McReportDossier *row = row_new (stmt);

      row->channel = sqlite3_column_int (stmt, 3);
      row->state = sqlite3_column_int (stmt, 4);
      row->received_at = sqlite3_column_int64 (stmt, 5);
      row->due_at = sqlite3_column_int64 (stmt, 6);
      row->new_due_at = sqlite3_column_int64 (stmt, 7);
      row->finished_at = sqlite3_column_int64 (stmt, 8);
      row->supplement_count = (guint) sqlite3_column_int (stmt, 9);
      row->apology_count = (guint) sqlite3_column_int (stmt, 10);
      row->has_component_file = sqlite3_column_int (stmt, 11) != 0;
      row->all_components_filed = sqlite3_column_int (stmt, 12) != 0;
      row->has_result_file = sqlite3_column_int (stmt, 13) != 0;
      g_ptr_array_add (rows, row);
    }
  if (rc != SQLITE_DONE)
    return mc_db_set_error (db, rc, error);

  *result = g_steal_pointer (&rows);
  return TRUE;
}

/**
 * mc_desk_report_dossiers:
 * @self: a desk
 * @filter: the period and the optional procedure, field and officer
 * @error: where to put a failure
 *
 * Every dossier received in the period or finished in it, with the facts
 * the service indicators are computed from, in reception order.
 *
 * Returns: (transfer container) (element-type McReportDossier): the
 *   dossiers, or %NULL with @error set
 */
GPtrArray *
mc_desk_report_dossiers (McDesk                *self,
                         const McReportFilter  *filter,
                         GError               **error)
{
  GPtrArray *rows = NULL;

  g_return_val_if_fail (MC_IS_DESK (self), NULL);
  g_return_val_if_fail (filter != NULL, NULL);

  if (!mc_store_read (mc_desk_get_store (self), report_dossiers, (gpointer) filter, (gpointer *) &rows, error))
    return NULL;

  return rows;
}

void
mc_desk_report_dossiers_async (McDesk               *self,
                               const McReportFilter *filter,
                               GCancellable         *cancellable,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data)
{
  g_return_if_fail (MC_IS_DESK (self));
  g_return_if_fail (filter != NULL);

  mc_desk_run_async (self, FALSE, report_dossiers, mc_report_filter_copy (filter),
                     (GDestroyNotify) mc_report_filter_free, (GDestroyNotify) g_ptr_array_unref,
                     cancellable, callback, user_data);
}

GPtrArray *
mc_desk_report_dossiers_finish (McDesk        *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return mc_desk_run_finish (self, result, error);
}
