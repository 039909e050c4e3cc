/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A year of service indicators over the 100,000-dossier demo workspace:
 * the desk's way (mc_desk_report_dossiers() then mc_report_compute(), as
 * the CLI and the Reports page do) against the sqlite3 shell running the
 * same figures as one aggregate SQL statement. Medians of 7 runs after a
 * warm-up; prints the figures beside each other, then one JSON line. */
#define G_LOG_DOMAIN "motcua-bench"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "mc-core.h"
#include "domain/mc-state.h"
#include "reports/mc-report.h"
#include "store/mc-desk.h"
#include "store/mc-desk-reports.h"

#define RUNS 7

/* The indicators' counts in one statement, with the same predicates as
 * the store's query and app/reports/ (finish time, at most one supplement,
 * files); ?1 and ?2 are the period. */
static const char aggregate_sql[] =
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

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);

  return g_array_index (values, double, values->len / 2);
}

static char *
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

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GDateTime) start_day = NULL;
  g_autoptr(GDateTime) end_day = NULL;
  g_autoptr(GArray) ours = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) shell = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(McDesk) desk = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GString) script = g_string_new (".timer on\n");
  gint64 from, to;
  guint on_time = 0, finished = 0;
  double ours_ms, shell_ms;

  mc_core_init ();
  if (argc != 4)
    {
      g_printerr ("usage: bench-reports WORKSPACE SQLITE3 YEAR\n");
      return 2;
    }
  start_day = g_date_time_new (mc_vietnam_time_zone (), atoi (argv[3]), 1, 1, 0, 0, 0);
  end_day = g_date_time_add_years (start_day, 1);
  from = g_date_time_to_unix (start_day);
  to = g_date_time_to_unix (end_day);
  db_path = g_build_filename (argv[1], "desk.sqlite", NULL);

  desk = mc_desk_open (argv[1], MC_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  for (int round = 0; round <= RUNS; round++)
    {
      g_autoptr(McReportFilter) filter = mc_report_filter_new (from, to);
      g_autoptr(GPtrArray) dossiers = NULL;
      g_autoptr(McReport) report = NULL;
      double start = now_ms (), ms;

      dossiers = mc_desk_report_dossiers (desk, filter, &error);
      g_assert_no_error (error);
      report = mc_report_compute (dossiers, from, to, &error);
      g_assert_no_error (error);
      ms = now_ms () - start;
      if (round > 0) /* the first run warms the page cache */
        g_array_append_val (ours, ms);
      on_time = mc_report_get_figure (report, "on-time")->numerator;
      finished = mc_report_get_figure (report, "on-time")->denominator;
    }
  ours_ms = median (ours);

  sql = with_period (from, to);
  for (int round = 0; round <= RUNS; round++)
    g_string_append_printf (script, "%s;\n", sql);
  {
    const char *shell_argv[] = { argv[2], "-readonly", db_path, NULL };
    g_autoptr(GSubprocess) process = g_subprocess_newv (shell_argv, G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
    g_autoptr(GBytes) input = g_bytes_new (script->str, script->len);
    g_autoptr(GBytes) output = NULL;
    g_auto(GStrv) lines = NULL;
    guint n = 0;
    guint shell_finished = 0, shell_on_time = 0;

    g_assert_no_error (error);
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
          sscanf (lines[i], "%u|%u|", &shell_finished, &shell_on_time);
      }
    g_assert_cmpuint (shell->len, ==, RUNS);
    /* The peer computes the same figures, or the comparison means nothing. */
    g_assert_cmpuint (shell_finished, ==, finished);
    g_assert_cmpuint (shell_on_time, ==, on_time);
  }
  shell_ms = median (shell);

  g_print ("reports_year_ms     %8.1f ms   sqlite3 shell, same aggregate SQL: %8.1f ms   ratio %.2f"
           "   (%u finished, %u on time)\n", ours_ms, shell_ms, ours_ms / shell_ms, finished, on_time);
  g_print ("{\"reports_year_ms\": %.1f, \"reports_year_sqlite3_ms\": %.1f, \"reports_vs_sqlite3\": %.2f}\n",
           ours_ms, shell_ms, ours_ms / shell_ms);

  return 0;
}
