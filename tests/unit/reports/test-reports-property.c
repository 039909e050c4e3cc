/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Property: for random workspaces (seeded, so a failure can be replayed
 * with the seed it prints), every indicator equals a plain SQL
 * recomputation written here independently of the store's query and of
 * the counting rules in app/reports/. The random dossiers cover every
 * state, missing times, several supplements, apologies, partial files
 * and the edges of the period. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <math.h>

#include "mc-core.h"
#include "domain/mc-state.h"
#include "reports/mc-report.h"
#include "store/mc-desk-reports.h"
#include "store/mc-store-private.h"
#include "workflow-fixture.h"

#define PERIOD_FROM G_GINT64_CONSTANT (1764522000) /* 2025-12-01 00:00 +07 */
#define PERIOD_TO   G_GINT64_CONSTANT (1767200400) /* 2026-01-01 00:00 +07 */
#define DAY 86400

static const char * const procedures[][2] = {
  { "1.001193", "Hộ tịch" }, { "1.010038", "Cư trú" }, { "2.000001", "Hộ tịch" },
};

typedef struct
{
  guint32 seed;
  guint n;
} Plan;

static gint64
random_time (GRand *rand)
{
  /* Mostly around the period, some right on its edges. */
  switch (g_rand_int_range (rand, 0, 10))
    {
    case 0: return PERIOD_FROM;
    case 1: return PERIOD_TO;
    case 2: return PERIOD_TO - 1;
    default: return PERIOD_FROM + g_rand_int_range (rand, -20 * DAY, 50 * DAY);
    }
}

static gboolean
fill (sqlite3   *db,
      gpointer   user_data,
      gpointer  *result,
      GError   **error)
{
  const Plan *plan = user_data;
  g_autoptr(GRand) rand = g_rand_new_with_seed (plan->seed);
  static const int states[] = { 2, 3, 4, 5, 6, 7, 8, 9, 10, 9, 10, 10 };
  g_autoptr(sqlite3_stmt) dossier = mc_db_prepare (db,
    "INSERT INTO dossier (code, procedure_code, procedure_name, procedure_field, applicant_name, applicant_id,"
    " received_at, due_at, new_due_at, state, channel, supplement_count, apology_count, result_ready_at,"
    " returned_at, received_by, handler, updated_at)"
    " VALUES (?1, ?2, 'Thủ tục', ?3, 'Người nộp', '001190012345', ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
    " ?13, ?14, 0)", error);
  g_autoptr(sqlite3_stmt) timeline = mc_db_prepare (db,
    "INSERT INTO timeline (dossier_id, at, actor, role, action, state_after) VALUES (?1, ?2, 'lan', 'reception', 'x', ?3)",
    error);
  g_autoptr(sqlite3_stmt) component = mc_db_prepare (db,
    "INSERT INTO dossier_component (dossier_id, code, name, provided) VALUES (?1, ?2, 'TP', ?3)", error);
  g_autoptr(sqlite3_stmt) file = mc_db_prepare (db,
    "INSERT INTO dossier_file (dossier_id, component_code, role, name, sha256, size, added_at)"
    " VALUES (?1, ?2, ?3, 'f.pdf', ?4, 10, 0)", error);
  g_autofree char *sha = g_strnfill (64, 'a');

  if (dossier == NULL || timeline == NULL || component == NULL || file == NULL)
    return FALSE;

  for (guint i = 0; i < plan->n; i++)
    {
      g_autofree char *code = g_strdup_printf ("X-%u-%05u", plan->seed, i);
      guint p = (guint) g_rand_int_range (rand, 0, G_N_ELEMENTS (procedures));
      int state = states[g_rand_int_range (rand, 0, G_N_ELEMENTS (states))];
      gboolean received = state != 3 || g_rand_boolean (rand);
      gint64 received_at = random_time (rand);
      gint64 due_at = received_at + g_rand_int_range (rand, 0, 10 * DAY);
      gint64 finish = received_at + g_rand_int_range (rand, 0, 15 * DAY);
      gint64 id;
      guint n_components;

      if (g_rand_int_range (rand, 0, 8) == 0)
        finish = due_at; /* exactly on the appointment */
      sqlite3_reset (dossier);
      sqlite3_bind_text (dossier, 1, code, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (dossier, 2, procedures[p][0], -1, SQLITE_STATIC);
      sqlite3_bind_text (dossier, 3, procedures[p][1], -1, SQLITE_STATIC);
      if (received)
        {
          sqlite3_bind_int64 (dossier, 4, received_at);
          sqlite3_bind_int64 (dossier, 5, due_at);
        }
      else
        {
          sqlite3_bind_null (dossier, 4);
          sqlite3_bind_null (dossier, 5);
        }
      if (g_rand_int_range (rand, 0, 5) == 0)
        sqlite3_bind_int64 (dossier, 6, due_at + 5 * DAY);
      else
        sqlite3_bind_null (dossier, 6);
      sqlite3_bind_int (dossier, 7, state);
      sqlite3_bind_int (dossier, 8, g_rand_int_range (rand, 1, 4));
      sqlite3_bind_int (dossier, 9, g_rand_int_range (rand, 0, 4));
      sqlite3_bind_int (dossier, 10, g_rand_int_range (rand, 0, 2));
      if (state >= 9 && g_rand_int_range (rand, 0, 6) != 0)
        sqlite3_bind_int64 (dossier, 11, finish);
      else
        sqlite3_bind_null (dossier, 11);
      if (state == 10)
        sqlite3_bind_int64 (dossier, 12, finish + g_rand_int_range (rand, 0, 3 * DAY));
      else
        sqlite3_bind_null (dossier, 12);
      sqlite3_bind_text (dossier, 13, g_rand_boolean (rand) ? "lan" : "hoa", -1, SQLITE_STATIC);
      sqlite3_bind_text (dossier, 14, g_rand_boolean (rand) ? "minh" : "", -1, SQLITE_STATIC);
      if (!mc_db_step_done (db, dossier, error))
        return FALSE;
      id = sqlite3_last_insert_rowid (db);

      /* Refused, withdrawn, stopped: a timeline entry reaching that state
       * (sometimes two; sometimes none, then it has no finish time). */
      for (int t = 0; (state == 3 || state == 7 || state == 8) && t < g_rand_int_range (rand, 0, 3); t++)
        {
          sqlite3_reset (timeline);
          sqlite3_bind_int64 (timeline, 1, id);
          sqlite3_bind_int64 (timeline, 2, finish + t * DAY);
          sqlite3_bind_int (timeline, 3, state);
          if (!mc_db_step_done (db, timeline, error))
            return FALSE;
        }

      n_components = (guint) g_rand_int_range (rand, 0, 4);
      for (guint c = 0; c < n_components; c++)
        {
          g_autofree char *ccode = g_strdup_printf ("TP%u", c + 1);

          sqlite3_reset (component);
          sqlite3_bind_int64 (component, 1, id);
          sqlite3_bind_text (component, 2, ccode, -1, SQLITE_TRANSIENT);
          sqlite3_bind_int (component, 3, g_rand_int_range (rand, 0, 4) != 0);
          if (!mc_db_step_done (db, component, error))
            return FALSE;
          if (g_rand_int_range (rand, 0, 3) != 0)
            {
              sqlite3_reset (file);
              sqlite3_bind_int64 (file, 1, id);
              sqlite3_bind_text (file, 2, ccode, -1, SQLITE_TRANSIENT);
              sqlite3_bind_text (file, 3, "component", -1, SQLITE_STATIC);
              sqlite3_bind_text (file, 4, sha, -1, SQLITE_STATIC);
              if (!mc_db_step_done (db, file, error))
                return FALSE;
            }
        }
      if (g_rand_int_range (rand, 0, 3) == 0)
        {
          sqlite3_reset (file);
          sqlite3_bind_int64 (file, 1, id);
          sqlite3_bind_null (file, 2);
          sqlite3_bind_text (file, 3, g_rand_boolean (rand) ? "result" : "slip", -1, SQLITE_STATIC);
          sqlite3_bind_text (file, 4, sha, -1, SQLITE_STATIC);
          if (!mc_db_step_done (db, file, error))
            return FALSE;
        }
    }

  return TRUE;
}

/* Random later writes of every kind that can move a dossier's finish
 * time or files, made straight in SQL as any writer could: state and
 * result times, timeline entries added, moved and deleted, files added,
 * deleted, moved to another dossier or given another role, components
 * provided or not and renamed. */
static const char * const mutations[] = {
  "UPDATE dossier SET state = ?2, result_ready_at = CASE WHEN ?2 >= 9 THEN ?3 END,"
  " returned_at = CASE WHEN ?2 = 10 THEN ?3 + 3600 END WHERE id = ?1",
  "INSERT INTO timeline (dossier_id, at, actor, role, action, state_after)"
  " VALUES (?1, ?3, 'lan', 'reception', 'x', (SELECT state FROM dossier WHERE id = ?1))",
  "DELETE FROM timeline WHERE id = (SELECT id FROM timeline WHERE dossier_id = ?1 ORDER BY at LIMIT 1)",
  "UPDATE timeline SET at = ?3 WHERE dossier_id = ?1",
  "UPDATE timeline SET dossier_id = ?4 WHERE id = (SELECT max (id) FROM timeline WHERE dossier_id = ?1)",
  "DELETE FROM dossier_file WHERE id = (SELECT min (id) FROM dossier_file WHERE dossier_id = ?1)",
  "UPDATE dossier_file SET role = CASE role WHEN 'result' THEN 'component' ELSE 'result' END"
  " WHERE id = (SELECT max (id) FROM dossier_file WHERE dossier_id = ?1)",
  "UPDATE dossier_file SET dossier_id = ?4 WHERE id = (SELECT max (id) FROM dossier_file WHERE dossier_id = ?1)",
  "INSERT INTO dossier_file (dossier_id, component_code, role, name, sha256, size, added_at)"
  " SELECT ?1, code, 'component', 'f.pdf', printf ('%064d', 0), 10, 0 FROM dossier_component"
  " WHERE dossier_id = ?1 AND provided = 1 LIMIT 1",
  "UPDATE dossier_component SET provided = 1 - provided WHERE dossier_id = ?1",
  "UPDATE dossier_component SET code = code || 'b' WHERE id = (SELECT min (id) FROM dossier_component"
  " WHERE dossier_id = ?1)",
  "DELETE FROM dossier_component WHERE id = (SELECT max (id) FROM dossier_component WHERE dossier_id = ?1)",
};

static gboolean
mutate (sqlite3   *db,
        gpointer   user_data,
        gpointer  *result,
        GError   **error)
{
  const Plan *plan = user_data;
  g_autoptr(GRand) rand = g_rand_new_with_seed (plan->seed ^ 0x5eed);
  g_autoptr(sqlite3_stmt) range = mc_db_prepare (db, "SELECT min (id), max (id) FROM dossier", error);
  sqlite3_stmt *stmts[G_N_ELEMENTS (mutations)] = { NULL };
  gint64 first, last;
  gboolean ok = TRUE;

  if (range == NULL || sqlite3_step (range) != SQLITE_ROW)
    return FALSE;
  first = sqlite3_column_int64 (range, 0);
  last = sqlite3_column_int64 (range, 1);

  for (guint i = 0; ok && i < G_N_ELEMENTS (mutations); i++)
    ok = (stmts[i] = mc_db_prepare (db, mutations[i], error)) != NULL;
  for (guint n = 0; ok && n < plan->n; n++)
    {
      static const int states[] = { 3, 4, 7, 8, 9, 10 };
      sqlite3_stmt *stmt = stmts[g_rand_int_range (rand, 0, G_N_ELEMENTS (mutations))];

      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      /* ?1 a dossier, ?2 a state, ?3 a time, ?4 another dossier: as
       * many as the statement numbers. */
      sqlite3_bind_int64 (stmt, 1, g_rand_int_range (rand, first, last + 1));
      if (sqlite3_bind_parameter_count (stmt) >= 2)
        sqlite3_bind_int (stmt, 2, states[g_rand_int_range (rand, 0, G_N_ELEMENTS (states))]);
      if (sqlite3_bind_parameter_count (stmt) >= 3)
        sqlite3_bind_int64 (stmt, 3, random_time (rand));
      if (sqlite3_bind_parameter_count (stmt) >= 4)
        sqlite3_bind_int64 (stmt, 4, g_rand_int_range (rand, first, last + 1));
      ok = mc_db_step_done (db, stmt, error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (mutations); i++)
    sqlite3_finalize (stmts[i]);

  return ok;
}

/* The plain recomputation: one row per dossier with its finish time and
 * file counts, then counts over it. Written without looking at
 * app/store/mc-desk-reports.c. */
#define FACTS \
  "WITH facts AS (SELECT d.id, d.procedure_code AS proc, d.procedure_field AS field, d.channel AS ch," \
  "  d.state AS st, d.received_at AS rec, d.due_at AS due, d.supplement_count AS sup," \
  "  CASE WHEN d.state IN (9, 10) THEN ifnull (d.result_ready_at, d.returned_at)" \
  "       WHEN d.state IN (3, 7, 8) THEN (SELECT t.at FROM timeline t WHERE t.dossier_id = d.id" \
  "                                       AND t.state_after = d.state ORDER BY t.at LIMIT 1)" \
  "  END AS fin," \
  "  (SELECT count(*) FROM dossier_file f WHERE f.dossier_id = d.id AND f.role = 'result') AS results," \
  "  (SELECT count(*) FROM dossier_file f WHERE f.dossier_id = d.id AND f.role = 'component') AS cfiles," \
  "  (SELECT count(*) FROM dossier_component c WHERE c.dossier_id = d.id AND c.provided = 1" \
  "   AND c.code NOT IN (SELECT ifnull (f.component_code, '') FROM dossier_file f" \
  "                      WHERE f.dossier_id = d.id AND f.role = 'component')) AS missing" \
  "  FROM dossier d WHERE (?3 IS NULL OR d.procedure_code = ?3))" \
  " SELECT "

typedef struct
{
  const char *id;
  const char *numerator;
  const char *denominator;
} Recount;

static const Recount recounts[] = {
  { "on-time",
    "count(*) FILTER (WHERE fin >= ?1 AND fin < ?2 AND sup < 2 AND (due IS NULL OR fin <= due))",
    "count(*) FILTER (WHERE fin >= ?1 AND fin < ?2)" },
  { "satisfaction",
    "count(*) FILTER (WHERE fin >= ?1 AND fin < ?2 AND sup < 2 AND (due IS NULL OR fin <= due))",
    "count(*) FILTER (WHERE fin >= ?1 AND fin < ?2)" },
  { "online",
    "count(*) FILTER (WHERE rec >= ?1 AND rec < ?2 AND ch = 2)",
    "count(*) FILTER (WHERE rec >= ?1 AND rec < ?2)" },
  { "digitised",
    "count(*) FILTER (WHERE rec >= ?1 AND rec < ?2 AND cfiles > 0 AND missing = 0 AND results > 0)",
    "count(*) FILTER (WHERE rec >= ?1 AND rec < ?2)" },
  { "electronic-results",
    "count(*) FILTER (WHERE fin >= ?1 AND fin < ?2 AND st IN (9, 10) AND results > 0)",
    "count(*) FILTER (WHERE fin >= ?1 AND fin < ?2 AND st IN (9, 10))" },
  { "fully-online",
    "count(*) FILTER (WHERE rec >= ?1 AND rec < ?2 AND ch = 2 AND results > 0)",
    "count(*) FILTER (WHERE rec >= ?1 AND rec < ?2)" },
};

typedef struct
{
  const char *sql;
  const char *procedure;
  gint64 values[2];
  GHashTable *hours; /* "code/channel" → average hours (boxed double) */
} Query;

static gboolean
run_query (sqlite3   *db,
           gpointer   user_data,
           gpointer  *result,
           GError   **error)
{
  Query *q = user_data;
  g_autoptr(sqlite3_stmt) stmt = mc_db_prepare (db, q->sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, PERIOD_FROM);
  sqlite3_bind_int64 (stmt, 2, PERIOD_TO);
  mc_db_bind_text (stmt, 3, q->procedure);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (q->hours != NULL)
        {
          double *hours = g_new (double, 1);

          *hours = sqlite3_column_double (stmt, 2) / 3600.0;
          g_hash_table_insert (q->hours, g_strdup_printf ("%s/%d", sqlite3_column_text (stmt, 0),
                                                          sqlite3_column_int (stmt, 1)), hours);
        }
      else
        {
          q->values[0] = sqlite3_column_int64 (stmt, 0);
          q->values[1] = sqlite3_column_int64 (stmt, 1);
        }
    }
  if (rc != SQLITE_DONE)
    return mc_db_set_error (db, rc, error);

  return TRUE;
}

static void
check_workspace (Fixture    *fixture,
                 const char *procedure)
{
  McStore *store = mc_desk_get_store (fixture->desk);
  g_autoptr(McReportFilter) filter = mc_report_filter_new (PERIOD_FROM, PERIOD_TO);
  g_autoptr(GPtrArray) dossiers = NULL;
  g_autoptr(McReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) hours = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  Query durations = { 0 };
  guint checked = 0;

  filter->procedure_code = g_strdup (procedure);
  dossiers = mc_desk_report_dossiers (fixture->desk, filter, &error);
  g_assert_no_error (error);
  report = mc_report_compute (dossiers, PERIOD_FROM, PERIOD_TO, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (recounts); i++)
    {
      g_autofree char *sql = g_strconcat (FACTS, recounts[i].numerator, ", ", recounts[i].denominator,
                                          " FROM facts", NULL);
      Query q = { sql, procedure, { -1, -1 }, NULL };
      McReportFigure *figure = mc_report_get_figure (report, recounts[i].id);

      g_assert_true (mc_store_read (store, run_query, &q, NULL, &error));
      g_assert_no_error (error);
      g_assert_nonnull (figure);
      g_test_message ("%s: %u/%u, SQL %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, recounts[i].id,
                      figure->numerator, figure->denominator, q.values[0], q.values[1]);
      g_assert_cmpint (figure->numerator, ==, q.values[0]);
      g_assert_cmpint (figure->denominator, ==, q.values[1]);
      g_assert_cmpuint (figure->included->len, ==, figure->numerator);
      g_assert_cmpuint (figure->excluded->len, ==, figure->denominator - figure->numerator);
      if (q.values[1] > 0)
        checked++;
    }
  /* A random workspace that counts nothing would prove nothing. */
  g_assert_cmpuint (checked, ==, G_N_ELEMENTS (recounts));

  durations.sql = FACTS "proc, ch, avg (fin - rec) FROM facts WHERE fin >= ?1 AND fin < ?2"
                        " AND st IN (9, 10) AND rec IS NOT NULL AND ch IN (1, 2) GROUP BY proc, ch";
  durations.procedure = procedure;
  durations.hours = hours;
  g_assert_true (mc_store_read (store, run_query, &durations, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->time_saved->len, >, 0);
  for (guint i = 0; i < report->time_saved->len; i++)
    {
      McReportTimeSaved *row = g_ptr_array_index (report->time_saved, i);
      g_autofree char *online_key = g_strdup_printf ("%s/2", row->procedure_code);
      g_autofree char *paper_key = g_strdup_printf ("%s/1", row->procedure_code);
      double *online = g_hash_table_lookup (hours, online_key);
      double *paper = g_hash_table_lookup (hours, paper_key);

      g_assert_true ((online != NULL) == (row->online_count > 0));
      g_assert_true ((paper != NULL) == (row->in_person_count > 0));
      if (online != NULL)
        g_assert_cmpfloat_with_epsilon (row->online_hours, *online, 1e-6);
      if (paper != NULL)
        g_assert_cmpfloat_with_epsilon (row->in_person_hours, *paper, 1e-6);
      if (online != NULL && paper != NULL && *paper > 0)
        g_assert_cmpfloat_with_epsilon (row->saved_percent, 100.0 * (1.0 - *online / *paper), 1e-6);
    }
}

static void
test_random_workspaces (void)
{
  guint32 seeds[] = { 1, 7, 42, 2025, 90210 };

  for (guint s = 0; s < G_N_ELEMENTS (seeds); s++)
    {
      g_autoptr(Fixture) fixture = fixture_new (FALSE);
      Plan plan = { seeds[s], 400 };
      g_autoptr(GError) error = NULL;

      g_test_message ("seed %u", seeds[s]);
      g_assert_true (mc_store_write (mc_desk_get_store (fixture->desk), fill, &plan, NULL, &error));
      g_assert_no_error (error);
      check_workspace (fixture, NULL);
      check_workspace (fixture, "1.010038");

      /* The store keeps each dossier's finish time and files as it
       * changes: the figures still equal the recomputation after. */
      g_assert_true (mc_store_write (mc_desk_get_store (fixture->desk), mutate, &plan, NULL, &error));
      g_assert_no_error (error);
      check_workspace (fixture, NULL);
      check_workspace (fixture, "1.010038");
    }
}

/* The schema step that started keeping the indicators' facts. */
#define REPORT_FACTS_SCHEMA 8

/* A workspace filled before that step: upgrading it works the facts out
 * for the dossiers it already has. */
static void
test_upgraded_workspace (void)
{
  g_autoptr(Fixture) fixture = g_new0 (Fixture, 1);
  g_autofree char *db_path = NULL;
  g_autoptr(GError) error = NULL;
  Plan plan = { 1234, 400 };
  sqlite3 *db = NULL;

  fixture->tmp = g_dir_make_tmp ("motcua-reports-XXXXXX", &error);
  g_assert_no_error (error);
  db_path = g_build_filename (fixture->tmp, MC_STORE_DB_NAME, NULL);
  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_true (mc_store_migrate (db, REPORT_FACTS_SCHEMA - 1, &error));
  g_assert_no_error (error);
  g_assert_true (mc_db_exec (db, "BEGIN", &error));
  g_assert_true (fill (db, &plan, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (mc_db_exec (db, "COMMIT", &error));
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  fixture->desk = mc_desk_open (fixture->tmp, MC_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mc_store_get_schema_version (mc_desk_get_store (fixture->desk)), >=, REPORT_FACTS_SCHEMA);
  check_workspace (fixture, NULL);
  check_workspace (fixture, "1.010038");
}

int
main (int   argc,
      char *argv[])
{
  mc_core_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reports/random-workspaces", test_random_workspaces);
  g_test_add_func ("/reports/upgraded-workspace", test_upgraded_workspace);

  return g_test_run ();
}
