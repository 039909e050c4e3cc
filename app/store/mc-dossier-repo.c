/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading queues: counts for the sidebar and pages of rows for the list,
 * ordered by appointment so the most urgent come first. Queue conditions are
 * fixed fragments from mc-queue.c; every value is bound. */
#define G_LOG_DOMAIN "motcua-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "domain/mc-text.h"
#include "domain/mc-workflow.h"
#include "mc-blob-store.h"
#include "mc-dossier-repo.h"
#include "mc-store-private.h"

#define SUMMARY_COLUMNS \
  "id, code, procedure_code, procedure_name, applicant_name, applicant_id," \
  " coalesce(received_at, 0), coalesce(due_at, 0), state," \
  " CASE WHEN mc_running (state) AND due_at < ?1 THEN 2" \
  "      WHEN mc_running (state) AND due_at < ?2 THEN 1 ELSE 0 END"

/**
 * mc_queue_clock_init:
 * @clock: the clock to set
 * @now: Unix seconds
 * @calendar: the office's working-time calendar
 *
 * Sets the instant the queues are judged at: "late" is past the
 * appointment, "due soon" is within the next working day.
 */
void
mc_queue_clock_init (McQueueClock *clock,
                     gint64        now,
                     McCalendar   *calendar)
{
  g_return_if_fail (MC_IS_CALENDAR (calendar));

  clock->now = now;
  clock->soon = mc_calendar_due_soon_limit (calendar, now, NULL);
}

void
mc_queue_filter_clear (McQueueFilter *filter)
{
  g_clear_pointer (&filter->procedure_code, g_free);
  g_clear_pointer (&filter->field, g_free);
  g_clear_pointer (&filter->officer, g_free);
  filter->received_from = 0;
  filter->received_until = 0;
}

void
mc_queue_filter_copy (McQueueFilter       *to,
                      const McQueueFilter *from)
{
  mc_queue_filter_clear (to);
  if (from == NULL)
    return;
  to->procedure_code = g_strdup (from->procedure_code);
  to->field = g_strdup (from->field);
  to->officer = g_strdup (from->officer);
  to->received_from = from->received_from;
  to->received_until = from->received_until;
}

gboolean
mc_queue_filter_is_empty (const McQueueFilter *filter)
{
  return filter == NULL ||
         (filter->procedure_code == NULL && filter->field == NULL && filter->officer == NULL &&
          filter->received_from == 0 && filter->received_until == 0);
}

/* The filter's conditions, all bound (?5–?9), appended to a queue's own. */
#define FILTER_CONDITION \
  " AND (?5 IS NULL OR procedure_code = ?5) AND (?6 IS NULL OR procedure_field = ?6)" \
  " AND (?7 IS NULL OR handler = ?7 OR received_by = ?7)" \
  " AND (?8 IS NULL OR received_at >= ?8) AND (?9 IS NULL OR received_at < ?9)"

static void
bind_filter (sqlite3_stmt        *stmt,
             const McQueueFilter *filter)
{
  if (filter == NULL)
    return;
  mc_db_bind_text (stmt, 5, filter->procedure_code);
  mc_db_bind_text (stmt, 6, filter->field);
  mc_db_bind_text (stmt, 7, filter->officer);
  if (filter->received_from > 0)
    sqlite3_bind_int64 (stmt, 8, filter->received_from);
  if (filter->received_until > 0)
    sqlite3_bind_int64 (stmt, 9, filter->received_until);
}

static void
bind_clock (sqlite3_stmt       *stmt,
            const McQueueClock *clock)
{
  sqlite3_bind_int64 (stmt, 1, clock->now);
  sqlite3_bind_int64 (stmt, 2, clock->soon);
  mc_db_bind_text (stmt, 10, clock->officer);
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
                       const McQueueFilter *filter,
                       guint               *count,
                       GError             **error)
{
  g_autofree char *sql = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  sql = g_strdup_printf ("SELECT count(*) FROM dossier WHERE (%s)%s", queue->condition,
                         mc_queue_filter_is_empty (filter) ? "" : FILTER_CONDITION);
  stmt = mc_db_prepare (db, sql, error);
  if (stmt == NULL)
    return FALSE;

  bind_clock (stmt, clock);
  bind_filter (stmt, filter);
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
 * @filter: (nullable): narrows the queue
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
                            const McQueueFilter *filter,
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
  sql = g_strdup_printf ("SELECT " SUMMARY_COLUMNS " FROM dossier WHERE (%s)%s"
                         " ORDER BY due_at, id LIMIT ?3 OFFSET ?4",
                         queue->condition, mc_queue_filter_is_empty (filter) ? "" : FILTER_CONDITION);
  stmt = mc_db_prepare (db, sql, error);
  if (stmt == NULL)
    return NULL;

  bind_clock (stmt, clock);
  bind_filter (stmt, filter);
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

#define DOSSIER_COLUMNS \
  "id, code, office_code, procedure_code, procedure_name, procedure_field, channel," \
  " applicant_name, applicant_id, applicant_birth, applicant_sex, applicant_phone," \
  " applicant_email, applicant_address, coalesce(received_at, 0), coalesce(due_at, 0)," \
  " state, step, department, handler, received_by, version, coalesce(paused_at, 0)," \
  " remaining_seconds, coalesce(resume_state, 0), supplement_count, apology_count," \
  " coalesce(result_ready_at, 0), coalesce(returned_at, 0), issue_number, flags," \
  " coalesce(new_due_at, 0)"

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return g_strdup (text != NULL ? text : "");
}

static gboolean
load_children (sqlite3    *db,
               McDossier  *dossier,
               GError    **error)
{
  g_autoptr(sqlite3_stmt) components = NULL;
  g_autoptr(sqlite3_stmt) files = NULL;
  g_autoptr(sqlite3_stmt) timeline = NULL;
  int rc;

  components = mc_db_prepare (db, "SELECT code, name, copies, kind, provided FROM dossier_component"
                                  " WHERE dossier_id = ?1 ORDER BY id", error);
  if (components == NULL)
    return FALSE;
  sqlite3_bind_int64 (components, 1, dossier->id);
  while ((rc = sqlite3_step (components)) == SQLITE_ROW)
    {
      McDossierComponent *component = g_new0 (McDossierComponent, 1);

      component->code = column_text (components, 0);
      component->name = column_text (components, 1);
      component->copies = sqlite3_column_int (components, 2);
      component->kind = column_text (components, 3);
      component->provided = sqlite3_column_int (components, 4) != 0;
      g_ptr_array_add (dossier->components, component);
    }
  if (rc != SQLITE_DONE)
    return mc_db_set_error (db, rc, error);

  files = mc_db_prepare (db, "SELECT id, component_code, role, name, sha256, size, mime, added_at, added_by,"
                             " signed_sha256, signed_by, coalesce(signed_at, 0), ocr_pending, sign_pending"
                             " FROM dossier_file WHERE dossier_id = ?1 ORDER BY id", error);
  if (files == NULL)
    return FALSE;
  sqlite3_bind_int64 (files, 1, dossier->id);
  while ((rc = sqlite3_step (files)) == SQLITE_ROW)
    {
      McDossierFile *file = g_new0 (McDossierFile, 1);

      file->id = sqlite3_column_int64 (files, 0);
      file->component_code = mc_db_column_dup (files, 1);
      file->role = column_text (files, 2);
      file->name = column_text (files, 3);
      file->sha256 = column_text (files, 4);
      file->size = sqlite3_column_int64 (files, 5);
      file->mime = column_text (files, 6);
      file->added_at = sqlite3_column_int64 (files, 7);
      file->added_by = column_text (files, 8);
      file->signed_sha256 = mc_db_column_dup (files, 9);
      file->signed_by = mc_db_column_dup (files, 10);
      file->signed_at = sqlite3_column_int64 (files, 11);
      file->ocr_pending = sqlite3_column_int (files, 12) != 0;
      file->sign_pending = sqlite3_column_int (files, 13) != 0;
      g_ptr_array_add (dossier->files, file);
      /* A name that is no SHA-256 would point outside the blob folder. */
      if (!mc_blob_store_check_sha256 (file->sha256, error) ||
          (file->signed_sha256 != NULL && !mc_blob_store_check_sha256 (file->signed_sha256, error)))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return mc_db_set_error (db, rc, error);

  timeline = mc_db_prepare (db, "SELECT at, actor, role, department, action, note, state_after, step_after"
                                " FROM timeline WHERE dossier_id = ?1 ORDER BY at, id", error);
  if (timeline == NULL)
    return FALSE;
  sqlite3_bind_int64 (timeline, 1, dossier->id);
  while ((rc = sqlite3_step (timeline)) == SQLITE_ROW)
    {
      McTimelineEntry *entry = g_new0 (McTimelineEntry, 1);

      entry->at = sqlite3_column_int64 (timeline, 0);
      entry->actor = column_text (timeline, 1);
      entry->role = column_text (timeline, 2);
      /* A role stored as its code reads in the reader's language. */
      {
        McRole role;

        if (mc_role_from_string (entry->role, &role))
          {
            g_free (entry->role);
            entry->role = g_strdup (mc_role_label (role));
          }
      }
      entry->department = column_text (timeline, 3);
      entry->action = column_text (timeline, 4);
      entry->note = column_text (timeline, 5);
      entry->state_after = sqlite3_column_int (timeline, 6);
      entry->step_after = column_text (timeline, 7);
      g_ptr_array_add (dossier->timeline, entry);
    }
  if (rc != SQLITE_DONE)
    return mc_db_set_error (db, rc, error);

  return TRUE;
}

/**
 * mc_dossier_repo_load:
 * @db: a connection inside a transaction
 * @code: a dossier code
 * @error: where to put a failure (%MC_STORE_ERROR_NOT_FOUND for no such code)
 *
 * Returns: (transfer full): the whole dossier
 */
McDossier *
mc_dossier_repo_load (sqlite3     *db,
                      const char  *code,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(McDossier) dossier = NULL;
  int rc;

  stmt = mc_db_prepare (db, "SELECT " DOSSIER_COLUMNS " FROM dossier WHERE code = ?1", error);
  if (stmt == NULL)
    return NULL;
  mc_db_bind_text (stmt, 1, code);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND,
                   _("No dossier has the code “%s”. Check the code on the receipt slip."), code);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      mc_db_set_error (db, rc, error);
      return NULL;
    }

  dossier = mc_dossier_new ();
  dossier->id = sqlite3_column_int64 (stmt, 0);
  dossier->code = column_text (stmt, 1);
  dossier->office_code = column_text (stmt, 2);
  dossier->procedure_code = column_text (stmt, 3);
  dossier->procedure_name = column_text (stmt, 4);
  dossier->procedure_field = column_text (stmt, 5);
  dossier->channel = sqlite3_column_int (stmt, 6);
  dossier->applicant_name = column_text (stmt, 7);
  dossier->applicant_id = column_text (stmt, 8);
  dossier->applicant_birth = column_text (stmt, 9);
  dossier->applicant_sex = column_text (stmt, 10);
  dossier->applicant_phone = column_text (stmt, 11);
  dossier->applicant_email = column_text (stmt, 12);
  dossier->applicant_address = column_text (stmt, 13);
  dossier->received_at = sqlite3_column_int64 (stmt, 14);
  dossier->due_at = sqlite3_column_int64 (stmt, 15);
  dossier->state = sqlite3_column_int (stmt, 16);
  dossier->step = column_text (stmt, 17);
  dossier->department = column_text (stmt, 18);
  dossier->handler = column_text (stmt, 19);
  dossier->received_by = column_text (stmt, 20);
  dossier->version = sqlite3_column_int64 (stmt, 21);
  dossier->paused_at = sqlite3_column_int64 (stmt, 22);
  dossier->has_remaining = sqlite3_column_type (stmt, 23) != SQLITE_NULL;
  dossier->remaining_seconds = sqlite3_column_int64 (stmt, 23);
  dossier->resume_state = sqlite3_column_int (stmt, 24);
  dossier->supplement_count = sqlite3_column_int (stmt, 25);
  dossier->apology_count = sqlite3_column_int (stmt, 26);
  dossier->result_ready_at = sqlite3_column_int64 (stmt, 27);
  dossier->returned_at = sqlite3_column_int64 (stmt, 28);
  dossier->issue_number = column_text (stmt, 29);
  dossier->flags = column_text (stmt, 30);
  dossier->new_due_at = sqlite3_column_int64 (stmt, 31);

  if (!load_children (db, dossier, error))
    return NULL;

  return g_steal_pointer (&dossier);
}

/**
 * mc_dossier_repo_fts_query:
 * @text: what the official typed
 *
 * Turns free text into an FTS5 query over the folded index: each word,
 * folded (no case, tones or diacritics, đ → d), becomes a prefix term, and
 * all terms must match. Anything else in @text is dropped, so the query can
 * never be malformed.
 *
 * Text that reads as a dossier code, or its tail (a six-digit date, a dash
 * and the number: "261207-0018"), is looked for in the code column only:
 * its pieces would otherwise also match the starts of other applicants' ID
 * or phone parts ("0018…"), and an official who types a code wants that
 * dossier, not two.
 *
 * Returns: (transfer full) (nullable): the query, %NULL when @text has no
 *   word
 */
char *
mc_dossier_repo_fts_query (const char *text)
{
  g_autofree char *folded = mc_text_fold (text);
  g_autoptr(GString) query = g_string_new (NULL);
  const char *p = folded;
  gboolean code_only;

  g_strstrip (folded);
  code_only = g_regex_match_simple ("^([a-z0-9.]+-)?[0-9]{6}-[0-9]{1,6}$", folded, 0, 0);

  while (*p != '\0')
    {
      const char *start;

      while (*p != '\0' && !g_ascii_isalnum (*p))
        p = g_utf8_next_char (p);
      start = p;
      while (g_ascii_isalnum (*p))
        p++;
      if (p > start)
        {
          if (query->len > 0)
            g_string_append_c (query, ' ');
          if (code_only)
            g_string_append (query, "code : ");
          g_string_append_c (query, '"');
          g_string_append_len (query, start, p - start);
          g_string_append (query, "\"*");
        }
    }

  return query->len > 0 ? g_string_free (g_steal_pointer (&query), FALSE) : NULL;
}

/* The search statement; ?1 now, ?2 end of "due soon", ?3 the FTS query,
 * ?4 the limit. Public so the benchmark runs the very same SQL in the
 * sqlite3 shell. */
const char mc_dossier_repo_search_sql[] =
  "SELECT d.id, d.code, d.procedure_code, d.procedure_name, d.applicant_name,"
  " d.applicant_id, coalesce(d.received_at, 0), coalesce(d.due_at, 0), d.state,"
  " CASE WHEN mc_running (d.state) AND d.due_at < ?1 THEN 2"
  "      WHEN mc_running (d.state) AND d.due_at < ?2 THEN 1 ELSE 0 END"
  " FROM (SELECT rowid, bm25 (dossier_fts, 10.0, 5.0, 8.0, 3.0, 1.0, 2.0, 0.5) AS rank"
  "       FROM dossier_fts WHERE dossier_fts MATCH ?3 ORDER BY rank LIMIT ?4) AS m"
  " JOIN dossier AS d ON d.id = m.rowid ORDER BY m.rank";

/**
 * mc_dossier_repo_page_sql:
 * @queue: a queue
 *
 * Returns: (transfer full): the statement that fetches a page of @queue
 *   without a filter (?1 now, ?2 end of "due soon", ?3 limit, ?4 offset)
 */
char *
mc_dossier_repo_page_sql (const McQueueInfo *queue)
{
  return g_strdup_printf ("SELECT " SUMMARY_COLUMNS " FROM dossier WHERE (%s)"
                          " ORDER BY due_at, id LIMIT ?3 OFFSET ?4", queue->condition);
}

/**
 * mc_dossier_repo_search:
 * @db: a connection inside a transaction
 * @text: what the official typed: part of a name, ID number, phone,
 *   address, procedure or dossier code, with or without diacritics
 * @clock: the instant to judge deadlines at
 * @limit: the most rows
 * @error: where to put a failure
 *
 * Returns: (transfer full) (element-type McDossierSummary): the best
 *   matches first
 */
GPtrArray *
mc_dossier_repo_search (sqlite3             *db,
                        const char          *text,
                        const McQueueClock  *clock,
                        guint                limit,
                        GError             **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *query = mc_dossier_repo_fts_query (text);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (query == NULL)
    return g_steal_pointer (&rows);

  stmt = mc_db_prepare (db, mc_dossier_repo_search_sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, clock->now);
  sqlite3_bind_int64 (stmt, 2, clock->soon);
  mc_db_bind_text (stmt, 3, query);
  sqlite3_bind_int (stmt, 4, (int) limit);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, summary_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      mc_db_set_error (db, rc, error);
      return NULL;
    }

  return g_steal_pointer (&rows);
}

/* The search narrowed by a queue's filter: every match is ranked, then the
 * filter keeps some, so the best of what the list may show come first. */
static const char search_filtered_sql[] =
  "SELECT d.id, d.code, d.procedure_code, d.procedure_name, d.applicant_name,"
  " d.applicant_id, coalesce(d.received_at, 0), coalesce(d.due_at, 0), d.state,"
  " CASE WHEN mc_running (d.state) AND d.due_at < ?1 THEN 2"
  "      WHEN mc_running (d.state) AND d.due_at < ?2 THEN 1 ELSE 0 END"
  " FROM (SELECT rowid, bm25 (dossier_fts, 10.0, 5.0, 8.0, 3.0, 1.0, 2.0, 0.5) AS rank"
  "       FROM dossier_fts WHERE dossier_fts MATCH ?3) AS m"
  " JOIN dossier AS d ON d.id = m.rowid WHERE 1" FILTER_CONDITION
  " ORDER BY m.rank LIMIT ?4";

/**
 * mc_dossier_repo_search_filtered:
 * @db: a connection inside a transaction
 * @text: what the official typed (see mc_dossier_repo_search())
 * @clock: the instant to judge deadlines at
 * @filter: (nullable): what the matches must also be
 * @limit: the most rows
 * @error: where to put a failure
 *
 * Returns: (transfer full) (element-type McDossierSummary): the best
 *   matches that pass @filter first
 */
GPtrArray *
mc_dossier_repo_search_filtered (sqlite3             *db,
                                 const char          *text,
                                 const McQueueClock  *clock,
                                 const McQueueFilter *filter,
                                 guint                limit,
                                 GError             **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *query = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (mc_queue_filter_is_empty (filter))
    return mc_dossier_repo_search (db, text, clock, limit, error);

  rows = g_ptr_array_new_with_free_func (g_object_unref);
  query = mc_dossier_repo_fts_query (text);
  if (query == NULL)
    return g_steal_pointer (&rows);

  stmt = mc_db_prepare (db, search_filtered_sql, error);
  if (stmt == NULL)
    return NULL;
  bind_clock (stmt, clock);
  mc_db_bind_text (stmt, 3, query);
  sqlite3_bind_int (stmt, 4, (int) limit);
  bind_filter (stmt, filter);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, summary_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      mc_db_set_error (db, rc, error);
      return NULL;
    }

  return g_steal_pointer (&rows);
}
