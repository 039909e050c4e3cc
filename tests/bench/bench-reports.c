/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A year of service indicators over the 100,000-dossier demo workspace:
 * the desk's way (mc_desk_report_dossiers() then mc_report_compute(), as
 * the CLI and the Reports page do) against the sqlite3 shell computing the
 * same figures in one aggregate statement over the store's own listing
 * statement (bench-reports-sql.h); every figure and average is checked
 * equal. Medians of 7 runs after a warm-up; prints the figures beside
 * each other, then one JSON line. */
#define G_LOG_DOMAIN "motcua-bench"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "mc-core.h"
#include "domain/mc-state.h"
#include "reports/mc-report.h"
#include "store/mc-desk.h"
#include "store/mc-desk-reports.h"
#include "bench-reports-sql.h"

#define RUNS 7

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static void
check_figure (McReport   *report,
              const char *id,
              guint       numerator,
              guint       denominator)
{
  McReportFigure *figure = mc_report_get_figure (report, id);

  g_assert_nonnull (figure);
  g_assert_cmpuint (figure->numerator, ==, numerator);
  g_assert_cmpuint (figure->denominator, ==, denominator);
}

static void
check_hours (GHashTable *seconds,
             const char *procedure,
             int         channel,
             guint       count,
             double      hours)
{
  g_autofree char *key = g_strdup_printf ("%s:%d", procedure, channel);
  double *shell = g_hash_table_lookup (seconds, key);

  g_assert_true ((shell != NULL) == (count > 0));
  if (shell != NULL)
    g_assert_cmpfloat_with_epsilon (hours, *shell / 3600.0, 1e-6);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GDateTime) start_day = NULL;
  g_autoptr(GDateTime) end_day = NULL;
  g_autoptr(GArray) ours = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(McReport) last = NULL;
  g_autoptr(McDesk) desk = NULL;
  ShellCounts counts = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;
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

  /* A workspace made by an older build is upgraded first, as the app
   * would on opening it; then it is read as the reports read it. */
  desk = mc_desk_open (argv[1], MC_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_clear_object (&desk);
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
      g_clear_pointer (&last, mc_report_free);
      last = g_steal_pointer (&report);
    }
  ours_ms = bench_median (ours);
  on_time = mc_report_get_figure (last, "on-time")->numerator;
  finished = mc_report_get_figure (last, "on-time")->denominator;

  shell_ms = shell_aggregate_ms (argv[2], db_path, from, to, RUNS, &counts);
  /* The peer computes the same figures, or the comparison means nothing. */
  check_figure (last, "on-time", counts.on_time, counts.finished);
  check_figure (last, "online", counts.online, counts.received);
  check_figure (last, "digitised", counts.digitised, counts.received);
  check_figure (last, "electronic-results", counts.electronic, counts.results);
  check_figure (last, "fully-online", counts.fully_online, counts.received);
  g_assert_cmpuint (g_hash_table_size (counts.seconds), >, 0);
  for (guint i = 0; i < last->time_saved->len; i++)
    {
      McReportTimeSaved *row = g_ptr_array_index (last->time_saved, i);

      check_hours (counts.seconds, row->procedure_code, 1, row->in_person_count, row->in_person_hours);
      check_hours (counts.seconds, row->procedure_code, 2, row->online_count, row->online_hours);
    }
  shell_counts_clear (&counts);

  g_print ("reports_year_ms     %8.1f ms   sqlite3 shell, same aggregate SQL: %8.1f ms   ratio %.2f"
           "   (%u finished, %u on time)\n", ours_ms, shell_ms, ours_ms / shell_ms, finished, on_time);
  g_print ("{\"reports_year_ms\": %.1f, \"reports_year_sqlite3_ms\": %.1f, \"reports_vs_sqlite3\": %.2f}\n",
           ours_ms, shell_ms, ours_ms / shell_ms);

  return 0;
}
