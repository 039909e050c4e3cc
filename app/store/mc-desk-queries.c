/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window's queries that are not pages of dossiers: queue counts, the
 * filter's choices, and the codes of one queue in due order. Each is one
 * read transaction; the SQL stays here, the window only gets values. */
#define G_LOG_DOMAIN "motcua-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-desk-private.h"
#include "mc-desk-queries.h"
#include "mc-dossier-repo.h"

void
mc_filter_options_free (McFilterOptions *options)
{
  if (options == NULL)
    return;

  g_clear_pointer (&options->procedure_codes, g_ptr_array_unref);
  g_clear_pointer (&options->procedure_labels, g_ptr_array_unref);
  g_clear_pointer (&options->fields, g_ptr_array_unref);
  g_clear_pointer (&options->officer_logins, g_ptr_array_unref);
  g_clear_pointer (&options->officer_names, g_ptr_array_unref);
  g_free (options);
}

static gboolean
count_queues (sqlite3   *db,
              gpointer   user_data,
              gpointer  *result,
              GError   **error)
{
  const McQueueClock *clock = user_data;
  g_autofree guint *counts = NULL;
  guint n_queues;

  mc_queue_get_all (&n_queues);
  counts = g_new0 (guint, n_queues);
  if (!mc_dossier_repo_count_queues (db, clock, counts, error))
    return FALSE;

  *result = g_steal_pointer (&counts);
  return TRUE;
}

static McQueueClock *
clock_new (McDesk *self,
           gint64  now)
{
  McQueueClock *clock = g_new0 (McQueueClock, 1);

  mc_queue_clock_init (clock, now, mc_desk_get_calendar (self));
  clock->officer = mc_desk_get_officer_login (self);

  return clock;
}

/**
 * mc_desk_count_queues:
 * @self: a desk
 * @now: the instant "late" and "due soon" are judged at (Unix seconds)
 * @error: where to put a failure
 *
 * Returns: (transfer full) (array): the number of dossiers in each queue,
 *   in the order of mc_queue_get_all(), or %NULL with @error set
 */
guint *
mc_desk_count_queues (McDesk  *self,
                      gint64   now,
                      GError **error)
{
  g_autofree McQueueClock *clock = NULL;
  guint *counts = NULL;

  g_return_val_if_fail (MC_IS_DESK (self), NULL);

  clock = clock_new (self, now);
  if (!mc_store_read (mc_desk_get_store (self), count_queues, clock, (gpointer *) &counts, error))
    return NULL;

  return counts;
}

void
mc_desk_count_queues_async (McDesk              *self,
                            gint64               now,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (MC_IS_DESK (self));

  mc_desk_run_async (self, FALSE, count_queues, clock_new (self, now), g_free, g_free,
                     cancellable, callback, user_data);
}

guint *
mc_desk_count_queues_finish (McDesk        *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return mc_desk_run_finish (self, result, error);
}

/* Reads a query's first column into @first and, when given, its second
 * into @second, row by row. */
static gboolean
read_columns (sqlite3     *db,
              const char  *sql,
              GPtrArray   *first,
              GPtrArray   *second,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = mc_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (first, mc_db_column_dup (stmt, 0));
      if (second != NULL)
        g_ptr_array_add (second, mc_db_column_dup (stmt, 1));
    }
  if (rc != SQLITE_DONE)
    return mc_db_set_error (db, rc, error);

  return TRUE;
}

static gboolean
load_filter_options (sqlite3   *db,
                     gpointer   user_data,
                     gpointer  *result,
                     GError   **error)
{
  g_autoptr(McFilterOptions) options = g_new0 (McFilterOptions, 1);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  options->procedure_codes = g_ptr_array_new_with_free_func (g_free);
  options->procedure_labels = g_ptr_array_new_with_free_func (g_free);
  options->fields = g_ptr_array_new_with_free_func (g_free);
  options->officer_logins = g_ptr_array_new_with_free_func (g_free);
  options->officer_names = g_ptr_array_new_with_free_func (g_free);

  if (!read_columns (db, "SELECT code, name FROM procedure ORDER BY name",
                     options->procedure_codes, names, error) ||
      !read_columns (db, "SELECT DISTINCT field FROM procedure ORDER BY field", options->fields, NULL, error) ||
      !read_columns (db, "SELECT login, name FROM officer ORDER BY name",
                     options->officer_logins, options->officer_names, error))
    return FALSE;

  for (guint i = 0; i < names->len; i++)
    g_ptr_array_add (options->procedure_labels,
                     g_strdup_printf ("%s — %s", (char *) g_ptr_array_index (options->procedure_codes, i),
                                      (char *) g_ptr_array_index (names, i)));

  *result = g_steal_pointer (&options);
  return TRUE;
}

/**
 * mc_desk_load_filter_options:
 * @self: a desk
 * @error: where to put a failure
 *
 * The choices of the queue filter: the procedures of the catalogue (by
 * name), their fields, and the officers (by name). Read in one
 * transaction, so codes and labels always match.
 *
 * Returns: (transfer full): the options, or %NULL with @error set
 */
McFilterOptions *
mc_desk_load_filter_options (McDesk  *self,
                             GError **error)
{
  McFilterOptions *options = NULL;

  g_return_val_if_fail (MC_IS_DESK (self), NULL);

  if (!mc_store_read (mc_desk_get_store (self), load_filter_options, NULL, (gpointer *) &options, error))
    return NULL;

  return options;
}

void
mc_desk_load_filter_options_async (McDesk              *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (MC_IS_DESK (self));

  mc_desk_run_async (self, FALSE, load_filter_options, NULL, NULL, (GDestroyNotify) mc_filter_options_free,
                     cancellable, callback, user_data);
}

McFilterOptions *
mc_desk_load_filter_options_finish (McDesk        *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return mc_desk_run_finish (self, result, error);
}

typedef struct
{
  const McQueueInfo *queue;
  McQueueClock clock;
} CodesQuery;

static gboolean
list_codes (sqlite3   *db,
            gpointer   user_data,
            gpointer  *result,
            GError   **error)
{
  CodesQuery *query = user_data;
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *sql = g_strdup_printf ("SELECT code FROM dossier WHERE %s ORDER BY due_at, id",
                                          query->queue->condition);
  g_autoptr(sqlite3_stmt) stmt = mc_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, query->clock.now);
  sqlite3_bind_int64 (stmt, 2, query->clock.soon);
  mc_db_bind_text (stmt, 10, query->clock.officer);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (codes, mc_db_column_dup (stmt, 0));
  if (rc != SQLITE_DONE)
    return mc_db_set_error (db, rc, error);
  g_ptr_array_add (codes, NULL);
  *result = g_ptr_array_free (g_steal_pointer (&codes), FALSE);

  return TRUE;
}

/**
 * mc_desk_list_queue_codes_async:
 * @self: a desk
 * @queue_id: a queue of mc_queue_get_all()
 * @cancellable: (nullable): a cancellable
 * @callback: called on the caller's main context
 * @user_data: data for @callback
 *
 * Reads the codes of the dossiers in @queue_id now, earliest appointment
 * first.
 */
void
mc_desk_list_queue_codes_async (McDesk              *self,
                                const char          *queue_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  CodesQuery *query;
  const McQueueInfo *queue;

  g_return_if_fail (MC_IS_DESK (self));
  queue = mc_queue_lookup (queue_id);
  g_return_if_fail (queue != NULL);

  query = g_new0 (CodesQuery, 1);
  query->queue = queue;
  mc_queue_clock_init (&query->clock, mc_desk_now (self), mc_desk_get_calendar (self));
  query->clock.officer = mc_desk_get_officer_login (self);
  mc_desk_run_async (self, FALSE, list_codes, query, g_free, (GDestroyNotify) g_strfreev,
                     cancellable, callback, user_data);
}

/**
 * mc_desk_list_queue_codes_finish:
 * @self: a desk
 * @result: the result given to the callback
 * @error: where to put a failure
 *
 * Returns: (transfer full) (array zero-terminated=1): the codes, or %NULL
 *   with @error set
 */
char **
mc_desk_list_queue_codes_finish (McDesk        *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return mc_desk_run_finish (self, result, error);
}

typedef struct
{
  const McQueueInfo *queue;
  McQueueClock clock;
  guint limit;
} PageQuery;

static gboolean
first_page (sqlite3   *db,
            gpointer   user_data,
            gpointer  *result,
            GError   **error)
{
  PageQuery *query = user_data;

  *result = mc_dossier_repo_fetch_page (db, query->queue, &query->clock, NULL, 0, query->limit, error);

  return *result != NULL;
}

/**
 * mc_desk_list_queue:
 * @self: a desk
 * @queue_id: a queue of mc_queue_get_all()
 * @limit: at most this many rows
 * @error: where to put a failure
 *
 * The first @limit dossiers of @queue_id now, earliest appointment first.
 *
 * Returns: (transfer full) (element-type McDossierSummary): the rows, or
 *   %NULL with @error set
 */
GPtrArray *
mc_desk_list_queue (McDesk      *self,
                    const char  *queue_id,
                    guint        limit,
                    GError     **error)
{
  PageQuery query = { 0 };
  GPtrArray *rows = NULL;

  g_return_val_if_fail (MC_IS_DESK (self), NULL);
  query.queue = mc_queue_lookup (queue_id);
  g_return_val_if_fail (query.queue != NULL, NULL);

  query.limit = limit;
  mc_queue_clock_init (&query.clock, mc_desk_now (self), mc_desk_get_calendar (self));
  query.clock.officer = mc_desk_get_officer_login (self);
  if (!mc_store_read (mc_desk_get_store (self), first_page, &query, (gpointer *) &rows, error))
    return NULL;

  return rows;
}

typedef struct
{
  char *text;
  McQueueFilter filter;
  guint limit;
  McQueueClock clock;
} FilteredSearch;

static void
filtered_search_free (gpointer data)
{
  FilteredSearch *search = data;

  g_free (search->text);
  mc_queue_filter_clear (&search->filter);
  g_free (search);
}

static gboolean
search_filtered (sqlite3   *db,
                 gpointer   user_data,
                 gpointer  *result,
                 GError   **error)
{
  FilteredSearch *search = user_data;

  *result = mc_dossier_repo_search_filtered (db, search->text, &search->clock, &search->filter, search->limit,
                                             error);

  return *result != NULL;
}

/**
 * mc_desk_search_filtered_async:
 * @self: a desk
 * @text: free text, as for mc_desk_search()
 * @filter: (nullable): what the matches must also be (the list's filter);
 *   copied
 * @limit: the most results
 * @cancellable: (nullable): a cancellable
 * @callback: called on the caller's main context
 * @user_data: data for @callback
 *
 * Searches in a worker thread, keeping only the matches @filter lets
 * through, so a search and the list's filter work together. Finish with
 * mc_desk_search_finish().
 */
void
mc_desk_search_filtered_async (McDesk              *self,
                               const char          *text,
                               const McQueueFilter *filter,
                               guint                limit,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  FilteredSearch *search;

  g_return_if_fail (MC_IS_DESK (self));
  g_return_if_fail (text != NULL);

  search = g_new0 (FilteredSearch, 1);
  search->text = g_strdup (text);
  if (filter != NULL)
    mc_queue_filter_copy (&search->filter, filter);
  search->limit = limit;
  mc_queue_clock_init (&search->clock, mc_desk_now (self), mc_desk_get_calendar (self));
  mc_desk_run_async (self, FALSE, search_filtered, search, filtered_search_free,
                     (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}
