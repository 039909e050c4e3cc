/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The peer of the reports benchmarks: a year of indicators as one
 * aggregate statement for the sqlite3 shell, and running it there. */
#pragma once

#include <gio/gio.h>
#include <stdio.h>
#include <string.h>

/* The indicators' counts in one statement, with the same predicates as
 * the store's query and app/reports/ (finish time, at most one supplement,
 * files); ?1 and ?2 are the period. */
static const char aggregate_sql[] G_GNUC_UNUSED =
  "WITH d AS (SELECT id, channel AS ch, state AS st, coalesce (received_at, 0) AS rec,"
  "  coalesce (due_at, 0) AS due, supplement_count AS sup, procedure_code AS proc,"
  "  coalesce (CASE WHEN state IN (9, 10) THEN coalesce (result_ready_at, returned_at)"
  "       WHEN state IN (3, 7, 8) THEN (SELECT min (t.at) FROM timeline t"
  "                                     WHERE t.dossier_id = dossier.id AND t.state_after = dossier.state)"
  "  END, 0) AS fin FROM dossier),"
  " e AS (SELECT *, EXISTS (SELECT 1 FROM dossier_file x WHERE x.dossier_id = d.id AND x.role = 'component') AS cf,"
  "  EXISTS (SELECT 1 FROM dossier_file x WHERE x.dossier_id = d.id AND x.role = 'result') AS rf"
  "  FROM d WHERE (rec >= ?1 AND rec < ?2) OR (fin >= ?1 AND fin < ?2)),"
  " f AS (SELECT *, CASE WHEN cf AND rf THEN NOT EXISTS (SELECT 1 FROM dossier_component c"
  "   WHERE c.dossier_id = e.id AND c.provided = 1 AND NOT EXISTS (SELECT 1 FROM dossier_file x"
  "   WHERE x.dossier_id = e.id AND x.role = 'component' AND x.component_code = c.code)) ELSE 0 END AS allc"
  "  FROM e)"
  " SELECT count (*) FILTER (WHERE fin >= ?1 AND fin < ?2),"
  "  count (*) FILTER (WHERE fin >= ?1 AND fin < ?2 AND sup <= 1 AND (due = 0 OR fin <= due)),"
  "  count (*) FILTER (WHERE rec >= ?1 AND rec < ?2),"
  "  count (*) FILTER (WHERE rec >= ?1 AND rec < ?2 AND ch = 2),"
  "  count (*) FILTER (WHERE rec >= ?1 AND rec < ?2 AND cf AND allc AND rf),"
  "  count (*) FILTER (WHERE fin >= ?1 AND fin < ?2 AND st IN (9, 10)),"
  "  count (*) FILTER (WHERE fin >= ?1 AND fin < ?2 AND st IN (9, 10) AND rf),"
  "  count (*) FILTER (WHERE rec >= ?1 AND rec < ?2 AND ch = 2 AND rf),"
  "  (SELECT group_concat (p || ':' || c || ':' || a, ',') FROM (SELECT proc AS p, ch AS c, avg (fin - rec) AS a"
  "   FROM f WHERE fin >= ?1 AND fin < ?2 AND st IN (9, 10) AND rec > 0 AND ch IN (1, 2) GROUP BY proc, ch))"
  " FROM f";

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
with_period (gint64 from,
             gint64 to)
{
  g_autofree char *from_text = g_strdup_printf ("%" G_GINT64_FORMAT, from);
  g_autofree char *to_text = g_strdup_printf ("%" G_GINT64_FORMAT, to);
  g_auto(GStrv) a = g_strsplit (aggregate_sql, "?1", -1);
  g_autofree char *first = g_strjoinv (from_text, a);
  g_auto(GStrv) b = g_strsplit (first, "?2", -1);

  return g_strjoinv (to_text, b);
}

/* Runs the aggregate @runs + 1 times in the sqlite3 shell @sqlite3 over
 * @db_path and returns the median time of the last @runs in ms; the
 * counts of the last run in @finished and @on_time. */
static G_GNUC_UNUSED double
shell_aggregate_ms (const char *sqlite3,
                    const char *db_path,
                    gint64      from,
                    gint64      to,
                    int         runs,
                    guint      *finished,
                    guint      *on_time)
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
        sscanf (lines[i], "%u|%u|", finished, on_time);
    }
  g_assert_cmpuint (shell->len, ==, (guint) runs);

  return bench_median (shell);
}
