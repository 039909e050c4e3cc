/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading the central server's ranking (mc_ranking_from_json): the
 * documented answer gives the offices under the asked one ranked 1..n in
 * the server's order, the asked office's own row set aside and "null"
 * shares as "nothing to count"; an answer of another shape is refused as a
 * whole with a message that says what to do. The request's path escapes
 * what it is given. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <math.h>

#include "mc-core.h"
#include "reports/mc-report.h"
#include "reports/mc-report-ranking.h"

#define ANSWER \
  "{\"office\": \"000.00.00.H40\", \"from\": \"2026-12-01\", \"to\": \"2026-12-31\"," \
  " \"total\": {\"received\": 6, \"online\": 2, \"finished\": 6, \"on_time\": 4," \
  "             \"on_time_percent\": 66.7, \"online_percent\": 33.3}," \
  " \"offices\": [" \
  "  {\"rank\": 1, \"office\": \"000.00.05.H40\", \"name\": \"Xã Tân Hòa\", \"received\": 2, \"online\": 0," \
  "   \"finished\": 1, \"on_time\": 1, \"on_time_percent\": 100.0, \"online_percent\": 0.0}," \
  "  {\"rank\": 2, \"office\": \"000.00.00.H40\", \"name\": \"Tỉnh Đồng Nai\", \"received\": 0, \"online\": 0," \
  "   \"finished\": 0, \"on_time\": 0, \"on_time_percent\": null, \"online_percent\": null}," \
  "  {\"rank\": 3, \"office\": \"000.00.04.H40\", \"name\": \"Xã Tân Phú\", \"received\": 4, \"online\": 2," \
  "   \"finished\": 5, \"on_time\": 3, \"on_time_percent\": 60, \"online_percent\": 50.0}]}"

static McRanking *
read_answer (const char  *text,
             GError     **error)
{
  g_autoptr(JsonNode) root = json_from_string (text, error);

  return root != NULL ? mc_ranking_from_json (root, error) : NULL;
}

static void
test_documented_answer (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McRanking) ranking = read_answer (ANSWER, &error);
  McRankingRow *first, *second;

  g_assert_no_error (error);
  g_assert_cmpstr (ranking->office, ==, "000.00.00.H40");
  g_assert_cmpint (ranking->total->finished, ==, 6);
  g_assert_cmpfloat (ranking->total->on_time_percent, ==, 66.7);
  /* The province's own row is set aside wherever the server put it. */
  g_assert_nonnull (ranking->own);
  g_assert_cmpstr (ranking->own->name, ==, "Tỉnh Đồng Nai");
  g_assert_true (isnan (ranking->own->on_time_percent));
  g_assert_cmpuint (ranking->offices->len, ==, 2);
  first = g_ptr_array_index (ranking->offices, 0);
  second = g_ptr_array_index (ranking->offices, 1);
  g_assert_cmpuint (first->rank, ==, 1);
  g_assert_cmpstr (first->name, ==, "Xã Tân Hòa");
  g_assert_cmpuint (second->rank, ==, 2);
  g_assert_cmpstr (second->office, ==, "000.00.04.H40");
  g_assert_cmpint (second->on_time, ==, 3);
  g_assert_cmpfloat (second->on_time_percent, ==, 60.0);
}

static void
test_refused (void)
{
  const struct { const char *from; const char *to; const char *says; } broken[] = {
    /* No list of offices. */
    { "\"offices\": [", "\"elsewhere\": [", "thiếu mã cơ quan" },
    /* An office without its on-time count. */
    { "\"finished\": 5, \"on_time\": 3,", "\"finished\": 5,", "cơ quan thứ 3" },
    /* A negative count. */
    { "\"received\": 2, \"online\": 0,", "\"received\": -2, \"online\": 0,", "cơ quan thứ 1" },
    /* A share over 100 %. */
    { "\"on_time_percent\": 100.0", "\"on_time_percent\": 1000.0", "cơ quan thứ 1" },
    /* A count as text. */
    { "\"finished\": 0, \"on_time\": 0,", "\"finished\": \"0\", \"on_time\": 0,", "cơ quan thứ 2" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GString) text = g_string_new (ANSWER);
      g_autoptr(McRanking) ranking = NULL;

      g_assert_cmpuint (g_string_replace (text, broken[i].from, broken[i].to, 1), ==, 1);
      ranking = read_answer (text->str, &error);
      g_assert_null (ranking);
      g_assert_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_DATA);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, broken[i].says));
      g_assert_nonnull (strstr (error->message, "Hãy cập nhật"));
    }
}

static void
test_path (void)
{
  g_autofree char *path = mc_ranking_path ("000.00.00.H40", "2026-12-01", "2026-12-31");
  g_autofree char *odd = mc_ranking_path ("a&b=c d", "2026-12-01", "2026-12-31");

  g_assert_cmpstr (path, ==, "/v1/reports/kpi?office=000.00.00.H40&from=2026-12-01&to=2026-12-31");
  g_assert_cmpstr (odd, ==, "/v1/reports/kpi?office=a%26b%3Dc%20d&from=2026-12-01&to=2026-12-31");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "vi", TRUE);
  g_setenv ("LC_ALL", "vi_VN.UTF-8", TRUE);
  mc_core_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reports/ranking/documented-answer", test_documented_answer);
  g_test_add_func ("/reports/ranking/refused", test_refused);
  g_test_add_func ("/reports/ranking/path", test_path);

  return g_test_run ();
}
