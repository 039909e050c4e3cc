/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The peer of the reports benchmarks: a year of indicators as one
 * aggregate statement for the sqlite3 shell, and running it there. */
#pragma once

#include <gio/gio.h>
#include <stdio.h>
#include <string.h>

#include "store/mc-desk-reports-private.h"

/* The indicators in one statement over the very rows the desk lists
 * (MC_REPORT_DOSSIERS_SQL, the store's own statement, here with no
 * filter), counted by the rules of app/reports/ (in the period: after 0,
 * from ?1, before ?2; on time: at most one supplement and finished by the
 * original appointment, if any) in one pass grouped by procedure and
 * channel, which the time saved online needs (each group's average time
 * from reception to result); the groups' counts are then summed. */
static const char aggregate_sql[] G_GNUC_UNUSED =
  "SELECT sum (finished), sum (on_time), sum (received), sum (online), sum (digitised), sum (results),"
  "  sum (electronic), sum (fully_online),"
  "  group_concat (CASE WHEN timed > 0 THEN p || ':' || c || ':' || (seconds * 1.0 / timed) END, ',')"
  " FROM (SELECT procedure_code AS p, channel AS c,"
  "   count (*) FILTER (WHERE fin) AS finished,"
  "   count (*) FILTER (WHERE fin AND supplement_count <= 1 AND (due_at = 0 OR finished_at <= due_at)) AS on_time,"
  "   count (*) FILTER (WHERE rec) AS received,"
  "   count (*) FILTER (WHERE rec AND channel = 2) AS online,"
  "   count (*) FILTER (WHERE rec AND has_component_file AND all_components_filed AND has_result_file) AS digitised,"
  "   count (*) FILTER (WHERE fin AND state IN (9, 10)) AS results,"
  "   count (*) FILTER (WHERE fin AND state IN (9, 10) AND has_result_file) AS electronic,"
  "   count (*) FILTER (WHERE rec AND channel = 2 AND has_result_file) AS fully_online,"
  "   sum (finished_at - received_at) FILTER (WHERE fin AND state IN (9, 10) AND received_at > 0"
  "                                           AND channel IN (1, 2)) AS seconds,"
  "   count (*) FILTER (WHERE fin AND state IN (9, 10) AND received_at > 0 AND channel IN (1, 2)) AS timed"
  "  FROM (SELECT *, finished_at > 0 AND finished_at >= ?1 AND finished_at < ?2 AS fin,"
  "         received_at > 0 AND received_at >= ?1 AND received_at < ?2 AS rec"
  "        FROM (" MC_REPORT_DOSSIERS_SQL "))"
  "  GROUP BY procedure_code, channel)";

static int
bench_compare_doubles (gconstpointer a,
                       gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static G_GNUC_UNUSED double
bench_median (GArray *values)
{
  g_array_sort (values, bench_compare_doubles);

  return g_array_index (values, double, values->len / 2);
}

static G_GNUC_UNUSED char *
replace_all (const char *text,
             const char *what,
             const char *with)
{
  g_auto(GStrv) parts = g_strsplit (text, what, -1);

  return g_strjoinv (with, parts);
}

/* The aggregate for the period, with no procedure, field or officer
 * filter: the shell's input has no parameters to bind. */
static G_GNUC_UNUSED char *
with_period (gint64 from,
             gint64 to)
{
  g_autofree char *from_text = g_strdup_printf ("%" G_GINT64_FORMAT, from);
  g_autofree char *to_text = g_strdup_printf ("%" G_GINT64_FORMAT, to);
  g_autofree char *a = replace_all (aggregate_sql, "?1", from_text);
  g_autofree char *b = replace_all (a, "?2", to_text);
  g_autofree char *c = replace_all (b, "?3", "NULL");
  g_autofree char *d = replace_all (c, "?4", "NULL");

  return replace_all (d, "?5", "NULL");
}

/* What the aggregate counted, to check the peer did the same work. */
typedef struct
{
  guint finished, on_time, received, online, digitised, results, electronic, fully_online;
  GHashTable *seconds; /* "procedure:channel" → average seconds to finish (boxed double) */
} ShellCounts;

static G_GNUC_UNUSED void
shell_counts_clear (ShellCounts *counts)
{
  g_clear_pointer (&counts->seconds, g_hash_table_unref);
}

static void
parse_counts (const char  *line,
              ShellCounts *counts)
{
  g_auto(GStrv) columns = g_strsplit (line, "|", -1);
  g_auto(GStrv) groups = NULL;

  if (g_strv_length (columns) != 9)
    return;
  sscanf (line, "%u|%u|%u|%u|%u|%u|%u|%u|", &counts->finished, &counts->on_time, &counts->received,
          &counts->online, &counts->digitised, &counts->results, &counts->electronic, &counts->fully_online);
  g_clear_pointer (&counts->seconds, g_hash_table_unref);
  counts->seconds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  groups = g_strsplit (columns[8], ",", -1);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      const char *last = strrchr (groups[i], ':');
      double *seconds = g_new (double, 1);

      if (last == NULL)
        {
          g_free (seconds);
          continue;
        }
      *seconds = g_ascii_strtod (last + 1, NULL);
      g_hash_table_insert (counts->seconds, g_strndup (groups[i], last - groups[i]), seconds);
    }
}

/* Runs the aggregate @runs + 1 times in the sqlite3 shell @sqlite3 over
 * @db_path and returns the median time of the last @runs in ms; what the
 * last run counted in @counts (cleared with shell_counts_clear()). */
static G_GNUC_UNUSED double
shell_aggregate_ms (const char  *sqlite3,
                    const char  *db_path,
                    gint64       from,
                    gint64       to,
                    int          runs,
                    ShellCounts *counts)
{
  g_autofree char *sql = with_period (from, to);
  g_autoptr(GString) script = g_string_new (".timer on\n");
  g_autoptr(GArray) shell = g_array_new (FALSE, FALSE, sizeof (double));
  const char *shell_argv[] = { sqlite3, "-readonly", db_path, NULL };
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) input = NULL;
  g_autoptr(GBytes) output = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  for (int round = 0; round <= runs; round++)
    g_string_append_printf (script, "%s;\n", sql);
  process = g_subprocess_newv (shell_argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  input = g_bytes_new (script->str, script->len);
  g_subprocess_communicate (process, input, NULL, &output, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (g_bytes_get_data (output, NULL), "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      double real;

      if (sscanf (lines[i], "Run Time: real %lf", &real) == 1)
        {
          double ms = real * 1000.0;

          if (n++ > 0)
            g_array_append_val (shell, ms);
        }
      else
        parse_counts (lines[i], counts);
    }
  g_assert_cmpuint (shell->len, ==, (guint) runs);
  g_assert_nonnull (counts->seconds);

  return bench_median (shell);
}
