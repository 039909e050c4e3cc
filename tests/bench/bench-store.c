/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmarks of the dossier store, each beside a peer measured in the same
 * run: opening a large workspace and getting the first page of the
 * "processing" queue against the sqlite3 shell running the same queries;
 * search over 200 varied queries against the sqlite3 shell running the same
 * FTS statements; receptions per second. Prints one line per figure and a
 * JSON object on the last line.
 *   bench-store WORKSPACE SQLITE3 */
#define G_LOG_DOMAIN "motcua-bench"

#include "config.h"

#include <stdio.h>

#include "domain/mc-state.h"
#include "domain/mc-text.h"
#include "mc-core.h"
#include "store/mc-desk.h"
#include "store/mc-desk-settings.h"
#include "store/mc-dossier-repo.h"
#include "store/mc-lease.h"
#include "store/mc-desk-private.h"

#define REPEAT 20

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *values,
            double  p)
{
  g_array_sort (values, compare_double);
  return g_array_index (values, double, (guint) ((values->len - 1) * p + 0.5));
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

typedef struct
{
  McQueueClock clock;
  guint count;
  GPtrArray *rows;
} FirstPage;

static gboolean
first_page (sqlite3   *db,
            gpointer   user_data,
            gpointer  *result,
            GError   **error)
{
  FirstPage *page = user_data;
  const McQueueInfo *queue = mc_queue_lookup ("processing");

  if (!mc_dossier_repo_count (db, queue, &page->clock, NULL, &page->count, error))
    return FALSE;
  page->rows = mc_dossier_repo_fetch_page (db, queue, &page->clock, NULL, 0, 100, error);

  return page->rows != NULL;
}

/* Runs SQL in the sqlite3 shell with .timer on and returns the "real" time
 * of each statement, in milliseconds, in order. */
static GArray *
shell_times (const char *sqlite3,
             const char *db_path,
             const char *script)
{
  const char *argv[] = { sqlite3, "-readonly", db_path, NULL };
  g_autoptr(GSubprocess) shell = NULL;
  g_autoptr(GBytes) input = g_bytes_new (script, strlen (script));
  g_autoptr(GBytes) output = NULL;
  g_autoptr(GError) error = NULL;
  GArray *times = g_array_new (FALSE, FALSE, sizeof (double));
  g_auto(GStrv) lines = NULL;

  shell = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate (shell, input, NULL, &output, NULL, &error);
  g_assert_no_error (error);

  lines = g_strsplit (g_bytes_get_data (output, NULL) != NULL ? g_bytes_get_data (output, NULL) : "", "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      double real;

      if (sscanf (lines[i], "Run Time: real %lf", &real) == 1)
        {
          double ms = real * 1000.0;

          g_array_append_val (times, ms);
        }
    }

  return times;
}

static char *
inline_params (const char *sql,
               const char * const *values)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = sql; *p != '\0'; p++)
    {
      if (*p == '?' && g_ascii_isdigit (p[1]))
        {
          int n = p[1] - '0';

          g_string_append (out, values[n - 1]);
          p++;
        }
      else
        g_string_append_c (out, *p);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The statement as the sqlite3 shell can run it: the shell has none of
 * the functions the store registers, so mc_running(state) is written out
 * as the states it stands for (app/store/mc-store-functions.c). Takes
 * @sql. */
static char *
shell_sql (char *sql)
{
  g_autoptr(GString) text = g_string_new (sql);
  g_autofree char *states = g_strdup_printf ("IN (%d, %d, %d)", MC_STATE_RECEIVED,
                                             MC_STATE_PROCESSING, MC_STATE_FEE_REQUESTED);
  g_autofree char *running_d = g_strdup_printf ("(d.state %s)", states);
  g_autofree char *running = g_strdup_printf ("(state %s)", states);

  g_free (sql);
  g_string_replace (text, "mc_running (d.state)", running_d, 0);
  g_string_replace (text, "mc_running (state)", running, 0);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
sql_quote (const char *text)
{
  g_autoptr(GString) out = g_string_new ("'");

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\'')
        g_string_append_c (out, '\'');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '\'');

  return g_string_free (g_steal_pointer (&out), FALSE);
}

typedef struct
{
  GPtrArray *names;
  GPtrArray *ids;
  GPtrArray *phones;
  GPtrArray *codes;
  GPtrArray *procedures;
} Samples;

static gboolean
sample (sqlite3   *db,
        gpointer   user_data,
        gpointer  *result,
        GError   **error)
{
  Samples *samples = user_data;
  g_autoptr(sqlite3_stmt) stmt = mc_db_prepare (db,
                                                "SELECT applicant_name, applicant_id, applicant_phone, code, procedure_name"
                                                " FROM dossier WHERE id % max (1, (SELECT count(*) FROM dossier) / 60) = 0 LIMIT 60",
                                                error);

  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (samples->names, mc_db_column_dup (stmt, 0));
      g_ptr_array_add (samples->ids, mc_db_column_dup (stmt, 1));
      g_ptr_array_add (samples->phones, mc_db_column_dup (stmt, 2));
      g_ptr_array_add (samples->codes, mc_db_column_dup (stmt, 3));
      g_ptr_array_add (samples->procedures, mc_db_column_dup (stmt, 4));
    }

  return TRUE;
}

/* 200 queries as officials type them: whole names with and without
 * diacritics, family + given name, the last digits of an ID or phone, the
 * end of a dossier code, words of a procedure, and both tone placements. */
static GPtrArray *
make_queries (McDesk *desk)
{
  Samples samples = { g_ptr_array_new_with_free_func (g_free), g_ptr_array_new_with_free_func (g_free),
                      g_ptr_array_new_with_free_func (g_free), g_ptr_array_new_with_free_func (g_free),
                      g_ptr_array_new_with_free_func (g_free) };
  GPtrArray *queries = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (200);

  g_assert_true (mc_store_read (mc_desk_get_store (desk), sample, &samples, NULL, NULL));
  g_assert_cmpuint (samples.names->len, >, 10);

  for (guint i = 0; queries->len < 200; i++)
    {
      guint k = g_rand_int_range (rand, 0, samples.names->len);
      const char *name = g_ptr_array_index (samples.names, k);
      const char *id = g_ptr_array_index (samples.ids, k);
      const char *phone = g_ptr_array_index (samples.phones, k);
      const char *code = g_ptr_array_index (samples.codes, k);
      g_auto(GStrv) words = g_strsplit (name, " ", -1);
      guint n_words = g_strv_length (words);

      switch (i % 8)
        {
        case 0: g_ptr_array_add (queries, g_strdup (name)); break;
        case 1: g_ptr_array_add (queries, mc_text_fold (name)); break;
        case 2: g_ptr_array_add (queries, g_strdup_printf ("%s %s", words[0], words[n_words - 1])); break;
        case 3: g_ptr_array_add (queries, g_strdup (id + strlen (id) - 6)); break;
        case 4: g_ptr_array_add (queries, g_strdup (phone + strlen (phone) - 5)); break;
        case 5: g_ptr_array_add (queries, g_strdup (code + strlen (code) - 11)); break;
        case 6: g_ptr_array_add (queries, g_strdup (g_ptr_array_index (samples.procedures, k))); break;
        default: g_ptr_array_add (queries, g_strdup_printf ("%s hoà", words[0])); break;
        }
    }

  g_ptr_array_unref (samples.names);
  g_ptr_array_unref (samples.ids);
  g_ptr_array_unref (samples.phones);
  g_ptr_array_unref (samples.codes);
  g_ptr_array_unref (samples.procedures);

  return queries;
}

static gboolean
add_leases (sqlite3   *db,
            gpointer   user_data,
            gpointer  *result,
            GError   **error)
{
  g_autoptr(McOffice) office = mc_desk_settings_get_office (db, error);
  g_autoptr(GError) local_error = NULL;

  if (office == NULL)
    return FALSE;
  /* A block for the bench day; the workspace may already have one. */
  if (!mc_lease_add (db, office->code, user_data, 9000, 9999, "bench", 0, &local_error))
    g_debug ("%s", local_error->message);

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;
  g_autoptr(GArray) ours = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) shell = NULL;
  g_autoptr(GArray) search_ours = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) search_shell = NULL;
  g_autoptr(GPtrArray) queries = NULL;
  g_autoptr(GString) script = NULL;
  g_autofree char *page_sql = NULL;
  const char *workspace, *sqlite3;
  double open_ms, open_shell_ms, p50, p95, shell_p50, shell_p95, receive_per_s;
  guint processing = 0;

  mc_core_init ();
  if (argc != 3)
    {
      g_printerr ("usage: bench-store WORKSPACE SQLITE3\n");
      return 2;
    }
  workspace = argv[1];
  sqlite3 = argv[2];
  db_path = g_build_filename (workspace, "desk.sqlite", NULL);

  /* 1. Open the workspace and get the first page of "processing": as the
   *    window does it (a writer desk: catalogue check, calendar, store). */
  for (int round = 0; round < 7; round++)
    {
      g_autoptr(McDesk) desk = NULL;
      FirstPage page = { { 0 }, 0, NULL };
      double start = now_ms ();

      desk = mc_desk_open (workspace, MC_STORE_OPEN_DEFAULT, &error);
      g_assert_no_error (error);
      mc_queue_clock_init (&page.clock, g_get_real_time () / G_USEC_PER_SEC, mc_desk_get_calendar (desk));
      g_assert_true (mc_store_read (mc_desk_get_store (desk), first_page, &page, NULL, &error));
      g_assert_no_error (error);
      processing = page.count;
      if (round > 0)
        {
          double ms = now_ms () - start;

          g_array_append_val (ours, ms);
        }
      g_ptr_array_unref (page.rows);
      mc_store_close (mc_desk_get_store (desk));
    }
  open_ms = percentile (ours, 0.5);

  /* The shell: a fresh process each time, the same two statements. */
  {
    g_autoptr(GArray) runs = g_array_new (FALSE, FALSE, sizeof (double));
    McQueueClock clock;
    g_autoptr(McCalendar) calendar = mc_calendar_load_sync (NULL, NULL, NULL);
    g_autofree char *now = NULL;
    g_autofree char *soon = NULL;
    g_autofree char *count_sql = NULL;
    g_autofree char *page = NULL;
    g_autofree char *count_inline = NULL;

    mc_queue_clock_init (&clock, g_get_real_time () / G_USEC_PER_SEC, calendar);
    now = g_strdup_printf ("%" G_GINT64_FORMAT, clock.now);
    soon = g_strdup_printf ("%" G_GINT64_FORMAT, clock.soon);
    page_sql = mc_dossier_repo_page_sql (mc_queue_lookup ("processing"));
    {
      const char *values[] = { now, soon, "100", "0" };

      page = shell_sql (inline_params (page_sql, values));
    }
    count_sql = shell_sql (g_strdup_printf ("SELECT count(*) FROM dossier WHERE (%s);",
                                            mc_queue_lookup ("processing")->condition));
    for (int round = 0; round < 7; round++)
      {
        const char *argv2[] = { sqlite3, "-readonly", db_path, NULL };
        g_autofree char *both = g_strdup_printf ("%s\n%s;\n", count_sql, page);
        g_autoptr(GSubprocess) proc = NULL;
        g_autoptr(GBytes) in = g_bytes_new (both, strlen (both));
        double start = now_ms ();

        proc = g_subprocess_newv (argv2, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
        g_assert_no_error (error);
        g_subprocess_communicate (proc, in, NULL, NULL, NULL, &error);
        g_assert_no_error (error);
        if (round > 0)
          {
            double ms = now_ms () - start;

            g_array_append_val (runs, ms);
          }
      }
    open_shell_ms = percentile (runs, 0.5);
    (void) count_inline;
  }

  /* 2. Search: 200 queries through the desk, and the same FTS statements
   *    in the shell with its timer. */
  {
    g_autoptr(McDesk) desk = mc_desk_open (workspace, MC_STORE_OPEN_READ_ONLY, &error);
    McQueueClock clock;
    g_autofree char *now = NULL;
    g_autofree char *soon = NULL;

    g_assert_no_error (error);
    queries = make_queries (desk);
    mc_queue_clock_init (&clock, mc_desk_now (desk), mc_desk_get_calendar (desk));
    now = g_strdup_printf ("%" G_GINT64_FORMAT, clock.now);
    soon = g_strdup_printf ("%" G_GINT64_FORMAT, clock.soon);
    script = g_string_new (".timer on\n.output /dev/null\n");

    /* Warm both the same way: one pass not counted. */
    for (guint i = 0; i < 20; i++)
      g_ptr_array_unref (mc_desk_search (desk, g_ptr_array_index (queries, i), 50, NULL));

    for (guint i = 0; i < queries->len; i++)
      {
        const char *text = g_ptr_array_index (queries, i);
        g_autoptr(GPtrArray) rows = NULL;
        g_autofree char *fts = mc_dossier_repo_fts_query (text);
        g_autofree char *quoted = sql_quote (fts != NULL ? fts : "");
        const char *values[] = { now, soon, quoted, "50" };
        g_autofree char *statement = shell_sql (inline_params (mc_dossier_repo_search_sql, values));
        double start = now_ms ();
        double ms;

        /* Each query runs REPEAT times on both sides and the mean counts,
         * because the shell's timer only shows whole milliseconds. */
        for (guint r = 0; r < REPEAT; r++)
          {
            g_clear_pointer (&rows, g_ptr_array_unref);
            rows = mc_desk_search (desk, text, 50, &error);
            g_assert_no_error (error);
          }
        ms = (now_ms () - start) / REPEAT;
        g_array_append_val (search_ours, ms);
        for (guint r = 0; r < REPEAT; r++)
          g_string_append_printf (script, "%s;\n", statement);
      }
    mc_store_close (mc_desk_get_store (desk));
  }
  {
    g_autoptr(GArray) each = shell_times (sqlite3, db_path, script->str);

    g_assert_cmpuint (each->len, ==, queries->len * REPEAT);
    search_shell = g_array_new (FALSE, FALSE, sizeof (double));
    for (guint i = 0; i < queries->len; i++)
      {
        double sum = 0;

        for (guint r = 0; r < REPEAT; r++)
          sum += g_array_index (each, double, i * REPEAT + r);
        sum /= REPEAT;
        g_array_append_val (search_shell, sum);
      }
  }
  p50 = percentile (search_ours, 0.5);
  p95 = percentile (search_ours, 0.95);
  shell_p50 = percentile (search_shell, 0.5);
  shell_p95 = percentile (search_shell, 0.95);

  /* 3. Receptions per second, each its own transaction (synchronous=FULL). */
  {
    g_autoptr(McDesk) desk = mc_desk_open (workspace, MC_STORE_OPEN_DEFAULT, &error);
    g_autoptr(GDateTime) today = NULL;
    g_autofree char *day = NULL;
    guint n = 300;
    double start;

    g_assert_no_error (error);
    /* A fixed working morning so the number block and calendar are stable. */
    mc_desk_set_clock (desk, g_get_real_time () / G_USEC_PER_SEC);
    today = mc_vietnam_from_unix (mc_desk_now (desk));
    day = g_date_time_format (today, "%y%m%d");
    g_assert_true (mc_store_write (mc_desk_get_store (desk), add_leases, day, NULL, &error));
    mc_desk_set_officer_login (desk, "lan");

    start = now_ms ();
    for (guint i = 0; i < n; i++)
      {
        g_autoptr(McReception) reception = mc_reception_new ();
        g_autoptr(McReceptionResult) result = NULL;

        reception->procedure_code = g_strdup ("1.001193");
        reception->applicant_name = g_strdup ("Đặng Thị Hòa");
        reception->applicant_id = g_strdup ("001190012345");
        reception->applicant_birth = g_strdup ("1990-03-15");
        reception->applicant_sex = g_strdup ("Nữ");
        mc_reception_add_component (reception, "TP1", TRUE);
        mc_reception_add_component (reception, "TP2", TRUE);
        result = mc_desk_receive (desk, reception, NULL, &error);
        if (result == NULL)
          {
            g_printerr ("reception failed: %s\n", error->message);
            return 1;
          }
      }
    receive_per_s = n / ((now_ms () - start) / 1000.0);
    mc_store_close (mc_desk_get_store (desk));
  }

  g_print ("open_100k_ms        %8.1f ms   sqlite3 shell, same queries: %8.1f ms   ratio %.2f   (%u processing)\n",
           open_ms, open_shell_ms, open_ms / open_shell_ms, processing);
  g_print ("search_p50_ms       %8.2f ms   sqlite3 shell, same FTS SQL: %8.2f ms\n", p50, shell_p50);
  g_print ("search_p95_ms       %8.2f ms   sqlite3 shell, same FTS SQL: %8.2f ms   ratio %.2f\n",
           p95, shell_p95, p95 / shell_p95);
  g_print ("receive_per_s       %8.1f /s   (one transaction each, synchronous=FULL)\n", receive_per_s);
  g_print ("{\"open_100k_ms\": %.1f, \"open_sqlite3_ms\": %.1f, \"open_vs_sqlite3\": %.2f,"
           " \"search_p50_ms\": %.2f, \"search_p95_ms\": %.2f, \"search_sqlite3_p95_ms\": %.2f,"
           " \"search_vs_sqlite3\": %.2f, \"receive_per_s\": %.1f}\n",
           open_ms, open_shell_ms, open_ms / open_shell_ms, p50, p95, shell_p95, p95 / shell_p95, receive_per_s);

  return 0;
}
