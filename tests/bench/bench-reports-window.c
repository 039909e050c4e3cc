/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Opening the Reports window on a year of a busy commune (the 100,000-
 * dossier demo workspace): from mc_reports_window_new() on "This Year",
 * with the desk's clock on the year's last day, to the first frame painted
 * once the indicators and charts are in it. Its peer, measured in the same
 * run: the sqlite3 shell counting the same year's indicators as one
 * aggregate statement (bench-reports-sql.h). Medians of 5 runs after a
 * warm-up; prints both, then one JSON line.
 *   bench-reports-window WORKSPACE SQLITE3 YEAR   (under tests/run-xvfb) */
#define G_LOG_DOMAIN "motcua-bench"

#include "config.h"

#include <adwaita.h>
#include <locale.h>

#include "mc-core.h"
#include "domain/mc-state.h"
#include "store/mc-desk-private.h"
#include "reports/mc-reports-window-private.h"
#include "bench-reports-sql.h"

#define RUNS 5

typedef struct
{
  McReportsWindow *window;
  gboolean painted;
} Open;

static void
after_paint (GdkFrameClock *clock,
             Open          *open)
{
  /* The first frame with the report in it. */
  if (mc_reports_window_is_idle (open->window))
    open->painted = TRUE;
}

static void
mapped (GtkWidget *widget,
        Open      *open)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint), open);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GDateTime) start_day = NULL;
  g_autoptr(GDateTime) end_day = NULL;
  g_autoptr(GDateTime) last_day = NULL;
  g_autoptr(GArray) ours = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(McDesk) desk = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;
  ShellCounts counts = { 0 };
  guint finished = 0, on_time = 0;
  double ours_ms, shell_ms;
  gint64 from, to;

  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  mc_core_init ();
  adw_init ();
  /* Vietnamese text in the window, C's numbers in what is printed and
   * read back from the shell. */
  setlocale (LC_NUMERIC, "C");
  if (argc != 4)
    {
      g_printerr ("usage: bench-reports-window WORKSPACE SQLITE3 YEAR\n");
      return 2;
    }
  start_day = g_date_time_new (mc_vietnam_time_zone (), atoi (argv[3]), 1, 1, 0, 0, 0);
  end_day = g_date_time_add_years (start_day, 1);
  last_day = g_date_time_add_hours (end_day, -12);
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
  mc_desk_set_clock (desk, g_date_time_to_unix (last_day));

  for (int round = 0; round <= RUNS; round++)
    {
      Open open = { NULL, FALSE };
      gint64 start = g_get_monotonic_time ();
      double ms;

      open.window = mc_reports_window_new (NULL, desk);
      mc_reports_window_set_period (open.window, MC_REPORTS_PERIOD_YEAR);
      g_signal_connect (open.window, "map", G_CALLBACK (mapped), &open);
      gtk_window_present (GTK_WINDOW (open.window));
      while (!open.painted)
        g_main_context_iteration (NULL, TRUE);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      if (round > 0) /* the first run warms the page cache */
        g_array_append_val (ours, ms);
      g_signal_handlers_disconnect_by_func (gtk_widget_get_frame_clock (GTK_WIDGET (open.window)),
                                           after_paint, &open);
      gtk_window_destroy (GTK_WINDOW (open.window));
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  ours_ms = bench_median (ours);
  shell_ms = shell_aggregate_ms (argv[2], db_path, from, to, RUNS, &counts);
  finished = counts.finished;
  on_time = counts.on_time;
  shell_counts_clear (&counts);

  g_print ("reports_window_open_ms %8.1f ms   sqlite3 shell, the year's aggregate SQL: %8.1f ms   ratio %.2f"
           "   (%u finished, %u on time)\n", ours_ms, shell_ms, ours_ms / shell_ms, finished, on_time);
  g_print ("{\"reports_window_open_ms\": %.1f, \"reports_window_sqlite3_ms\": %.1f, \"reports_window_vs_sqlite3\": %.2f}\n",
           ours_ms, shell_ms, ours_ms / shell_ms);

  return 0;
}
