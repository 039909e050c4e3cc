/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The paged queue model: its count and rows match the store, far rows
 * arrive as placeholders that fill in, memory is bounded to a few pages,
 * and switching queues reloads. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include "mc-core.h"
#include "store/mc-demo.h"
#include "store/mc-dossier-list-model.h"
#include "store/mc-dossier-repo.h"
#include "store/mc-dossier-list-model-private.h"

typedef struct
{
  char *tmp;
  McStore *store;
} Fixture;

static McCalendar *
test_calendar (void)
{
  static McCalendar *calendar;

  if (calendar == NULL)
    calendar = mc_calendar_load_sync (NULL, NULL, NULL);
  g_assert_nonnull (calendar);
  return calendar;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McDesk) desk = NULL;

  fixture->tmp = g_dir_make_tmp ("motcua-model-XXXXXX", &error);
  g_assert_no_error (error);
  desk = mc_desk_open (fixture->tmp, MC_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (mc_demo_populate (desk, 1234, 7, NULL, NULL, &error));
  g_assert_no_error (error);
  fixture->store = g_object_ref (mc_desk_get_store (desk));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", fixture->tmp);

  mc_store_close (fixture->store);
  g_clear_object (&fixture->store);
  g_assert_cmpint (system (command), ==, 0);
  g_free (fixture->tmp);
}

static void
wait_loaded (McDossierListModel *model)
{
  while (mc_dossier_list_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);
}

static void
wait_row (McDossierSummary *row)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC; /* a guard against a hang only */

  while (!mc_dossier_summary_get_loaded (row) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
}

typedef struct
{
  const char *sql;
  gint64 value;
  char *text;
} Probe;

static gboolean
probe (sqlite3   *db,
       gpointer   user_data,
       gpointer  *result,
       GError   **error)
{
  Probe *p = user_data;
  g_autoptr(sqlite3_stmt) stmt = mc_db_prepare (db, p->sql, error);

  if (stmt == NULL)
    return FALSE;
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  p->value = sqlite3_column_int64 (stmt, 0);
  p->text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));

  return TRUE;
}

static gint64
store_int (McStore    *store,
           const char *sql)
{
  Probe p = { sql, 0, NULL };

  g_assert_true (mc_store_read (store, probe, &p, NULL, NULL));
  g_free (p.text);
  return p.value;
}

static char *
store_text (McStore    *store,
            const char *sql)
{
  Probe p = { sql, 0, NULL };

  g_assert_true (mc_store_read (store, probe, &p, NULL, NULL));
  return p.text;
}

static void
test_count_and_rows (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(McDossierListModel) model = mc_dossier_list_model_new (fixture->store, test_calendar (), "all");
  g_autoptr(McDossierSummary) first = NULL;
  g_autoptr(McDossierSummary) far = NULL;
  g_autofree char *first_code = NULL;
  g_autofree char *far_code = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  mc_dossier_list_model_reload (model);
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1234);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==,
                    store_int (fixture->store, "SELECT count(*) FROM dossier"));

  /* The first page came with the count. */
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_true (mc_dossier_summary_get_loaded (first));
  first_code = store_text (fixture->store, "SELECT code FROM dossier ORDER BY due_at, id LIMIT 1");
  g_assert_cmpstr (mc_dossier_summary_get_code (first), ==, first_code);

  /* A far row is a placeholder until its page arrives, then it matches. */
  far = g_list_model_get_item (G_LIST_MODEL (model), 1000);
  g_assert_false (mc_dossier_summary_get_loaded (far));
  wait_row (far);
  g_assert_true (mc_dossier_summary_get_loaded (far));
  far_code = store_text (fixture->store, "SELECT code FROM dossier ORDER BY due_at, id LIMIT 1 OFFSET 1000");
  g_assert_cmpstr (mc_dossier_summary_get_code (far), ==, far_code);

  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 1234));
}

static void
test_bounded_pages (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(McDossierListModel) model = mc_dossier_list_model_new (fixture->store, test_calendar (), "all");
  guint n;

  mc_dossier_list_model_reload (model);
  wait_loaded (model);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));

  /* Scroll through everything twice; only a bounded window stays. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < n; i += 7)
      {
        g_autoptr(McDossierSummary) row = g_list_model_get_item (G_LIST_MODEL (model), i);

        g_assert_nonnull (row);
        g_main_context_iteration (NULL, FALSE);
        g_assert_cmpuint (mc_dossier_list_model_get_n_cached_pages (model), <=, 24);
      }
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
count_notify (guint *changes)
{
  (*changes)++;
}

static void
test_queue_switch (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(McDossierListModel) model = mc_dossier_list_model_new (fixture->store, test_calendar (), "all");
  guint changes = 0;
  gint64 processing = store_int (fixture->store, "SELECT count(*) FROM dossier WHERE state = 4");

  g_assert_cmpint (processing, >, 0);
  mc_dossier_list_model_reload (model);
  wait_loaded (model);

  g_signal_connect_swapped (model, "notify::n-items", G_CALLBACK (count_notify), &changes);

  mc_dossier_list_model_set_queue_id (model, "processing");
  g_assert_true (mc_dossier_list_model_get_loading (model));
  wait_loaded (model);
  g_assert_cmpstr (mc_dossier_list_model_get_queue_id (model), ==, "processing");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, processing);
  g_assert_cmpuint (changes, ==, 1);

  for (guint i = 0; i < MIN (processing, 100); i++)
    {
      g_autoptr(McDossierSummary) row = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_assert_cmpint (mc_dossier_summary_get_state (row), ==, 4);
    }

  /* An unknown queue falls back to all dossiers. */
  mc_dossier_list_model_set_queue_id (model, "no-such-queue");
  wait_loaded (model);
  g_assert_cmpstr (mc_dossier_list_model_get_queue_id (model), ==, "all");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1234);
}

static void
test_queue_counts (Fixture       *fixture,
                   gconstpointer  data)
{
  const McQueueInfo *queues;
  guint n_queues;
  g_autofree guint *counts = NULL;

  queues = mc_queue_get_all (&n_queues);
  counts = g_new0 (guint, n_queues);

  for (guint i = 0; i < n_queues; i++)
    {
      g_autoptr(McDossierListModel) model = mc_dossier_list_model_new (fixture->store, test_calendar (), queues[i].id);

      mc_dossier_list_model_reload (model);
      wait_loaded (model);
      counts[i] = g_list_model_get_n_items (G_LIST_MODEL (model));
    }

  /* The states partition the whole; the named state queues match SQL. */
  g_assert_cmpuint (counts[0], ==, 1234);
  for (guint i = 0; i < n_queues; i++)
    {
      g_autofree char *sql = NULL;
      gint64 now = g_get_real_time () / G_USEC_PER_SEC;

      if (g_str_equal (queues[i].id, "late"))
        sql = g_strdup_printf ("SELECT count(*) FROM dossier WHERE state IN (2, 4, 6) AND due_at < %" G_GINT64_FORMAT, now);
      else if (g_str_equal (queues[i].id, "due-soon"))
        sql = g_strdup_printf ("SELECT count(*) FROM dossier WHERE state IN (2, 4, 6) AND due_at >= %" G_GINT64_FORMAT
                               " AND due_at < %" G_GINT64_FORMAT, now, mc_calendar_due_soon_limit (test_calendar (), now, NULL));
      else if (g_str_equal (queues[i].id, "processing"))
        sql = g_strdup ("SELECT count(*) FROM dossier WHERE state = 4");
      else if (g_str_equal (queues[i].id, "returned"))
        sql = g_strdup ("SELECT count(*) FROM dossier WHERE state = 10");
      else
        continue;
      g_assert_cmpint (counts[i], ==, store_int (fixture->store, sql));
    }
}

int
main (int   argc,
      char *argv[])
{
  mc_core_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/list-model/count-and-rows", Fixture, NULL, fixture_set_up, test_count_and_rows, fixture_tear_down);
  g_test_add ("/list-model/bounded-pages", Fixture, NULL, fixture_set_up, test_bounded_pages, fixture_tear_down);
  g_test_add ("/list-model/queue-switch", Fixture, NULL, fixture_set_up, test_queue_switch, fixture_tear_down);
  g_test_add ("/list-model/queue-counts", Fixture, NULL, fixture_set_up, test_queue_counts, fixture_tear_down);

  return g_test_run ();
}
