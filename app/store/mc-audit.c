/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Each entry's hash covers its own fields and the previous entry's hash;
 * the newest hash and the number of entries are also kept in
 * workspace_meta, in the same transaction, so removing entries from the end
 * is detected as well as editing or deleting one in the middle. The fields
 * are joined with an ASCII unit separator, which none of them contains. */
#define G_LOG_DOMAIN "motcua-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-audit.h"
#include "mc-store-private.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

static char *
entry_hash (const char *prev_hash,
            gint64      seq,
            gint64      at,
            const char *actor,
            const char *action,
            const char *subject,
            const char *detail)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *numbers = g_strdup_printf ("%" G_GINT64_FORMAT "\x1f%" G_GINT64_FORMAT, seq, at);
  const char *parts[] = { prev_hash, numbers, actor, action, subject, detail };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_checksum_update (checksum, (const guchar *) parts[i], -1);
      g_checksum_update (checksum, (const guchar *) "\x1f", 1);
    }

  return g_strdup (g_checksum_get_string (checksum));
}

/**
 * mc_audit_append:
 * @db: a writer connection inside the transaction of the change
 * @at: Unix seconds
 * @actor: who (officer login or "system")
 * @action: what
 * @subject: on what (a dossier code, a file, a setting)
 * @detail: JSON text with the particulars
 * @error: where to put a failure
 *
 * Returns: %TRUE when appended
 */
gboolean
mc_audit_append (sqlite3     *db,
                 gint64       at,
                 const char  *actor,
                 const char  *action,
                 const char  *subject,
                 const char  *detail,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) last = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autofree char *prev_hash = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *head = NULL;
  gint64 seq = 1;
  int rc;

  last = mc_db_prepare (db, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", error);
  if (last == NULL)
    return FALSE;
  rc = sqlite3_step (last);
  if (rc == SQLITE_ROW)
    {
      seq = sqlite3_column_int64 (last, 0) + 1;
      prev_hash = mc_db_column_dup (last, 1);
    }
  else if (rc == SQLITE_DONE)
    prev_hash = g_strdup (GENESIS);
  else
    return mc_db_set_error (db, rc, error);

  hash = entry_hash (prev_hash, seq, at, actor, action, subject, detail);

  insert = mc_db_prepare (db,
                          "INSERT INTO audit (seq, at, actor, action, subject, detail, prev_hash, hash)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                          error);
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_int64 (insert, 1, seq);
  sqlite3_bind_int64 (insert, 2, at);
  mc_db_bind_text (insert, 3, actor);
  mc_db_bind_text (insert, 4, action);
  mc_db_bind_text (insert, 5, subject);
  mc_db_bind_text (insert, 6, detail);
  mc_db_bind_text (insert, 7, prev_hash);
  mc_db_bind_text (insert, 8, hash);
  if (!mc_db_step_done (db, insert, error))
    return FALSE;

  head = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", seq, hash);

  return mc_db_meta_set (db, "audit_head", head, error);
}

void
mc_audit_report_clear (McAuditReport *report)
{
  g_clear_pointer (&report->problem, g_free);
}

static gboolean
report_problem (McAuditReport *report,
                gint64         seq,
                char          *problem)
{
  report->first_bad_seq = seq;
  report->problem = problem;
  return TRUE;
}

/**
 * mc_audit_verify:
 * @db: a connection inside a read transaction
 * @report: (out caller-allocates): what was found
 * @error: where to put a failure to read
 *
 * Walks the whole chain. A broken chain is not an error of this call: it is
 * reported in @report (problem set, first_bad_seq the first entry found
 * wrong).
 *
 * Returns: %TRUE when the log could be read
 */
gboolean
mc_audit_verify (sqlite3        *db,
                 McAuditReport  *report,
                 GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *expected_prev = g_strdup (GENESIS);
  g_autofree char *head = NULL;
  g_autofree char *last_head = NULL;
  gint64 expected_seq = 1;
  int rc;

  memset (report, 0, sizeof *report);

  stmt = mc_db_prepare (db, "SELECT seq, at, actor, action, subject, detail, prev_hash, hash"
                            " FROM audit ORDER BY seq", error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 seq = sqlite3_column_int64 (stmt, 0);
      const char *prev_hash = (const char *) sqlite3_column_text (stmt, 6);
      const char *hash = (const char *) sqlite3_column_text (stmt, 7);
      g_autofree char *computed = NULL;

      if (seq != expected_seq)
        return report_problem (report, expected_seq,
                               g_strdup_printf (_("Entry %lld is missing: the log jumps to %lld."),
                                                (long long) expected_seq, (long long) seq));

      if (g_strcmp0 (prev_hash, expected_prev) != 0)
        return report_problem (report, seq,
                               g_strdup_printf (_("Entry %lld does not follow the entry before it."), (long long) seq));

      computed = entry_hash (prev_hash, seq, sqlite3_column_int64 (stmt, 1),
                             (const char *) sqlite3_column_text (stmt, 2),
                             (const char *) sqlite3_column_text (stmt, 3),
                             (const char *) sqlite3_column_text (stmt, 4),
                             (const char *) sqlite3_column_text (stmt, 5));
      if (g_strcmp0 (computed, hash) != 0)
        return report_problem (report, seq,
                               g_strdup_printf (_("Entry %lld was changed after it was written."), (long long) seq));

      g_free (expected_prev);
      expected_prev = g_strdup (hash);
      report->n_entries++;
      expected_seq++;
    }
  if (rc != SQLITE_DONE)
    return mc_db_set_error (db, rc, error);

  head = mc_db_meta_get (db, "audit_head", error);
  if (head == NULL && error != NULL && *error != NULL)
    return FALSE;

  last_head = report->n_entries > 0
    ? g_strdup_printf ("%" G_GINT64_FORMAT ":%s", report->n_entries, expected_prev) : NULL;
  if (g_strcmp0 (head, last_head) != 0)
    return report_problem (report, report->n_entries + 1,
                           g_strdup (_("Entries at the end of the log were removed.")));

  return TRUE;
}
