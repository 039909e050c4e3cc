/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The service indicators on a small workspace built through the desk's
 * own workflow at chosen times (on time, late, late with an apology, two
 * supplement requests, online and in person, digitised or not, withdrawn,
 * still running), each figure checked against the value worked out by
 * hand below; then the CLI's JSON and CSV read back. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>

#include "mc-core.h"
#include "domain/mc-state.h"
#include "reports/mc-report.h"
#include "store/mc-desk-private.h"
#include "store/mc-desk-reports.h"
#include "store/mc-desk-results.h"
#include "cli-run.h"
#include "workflow-fixture.h"

static gint64
vn (int y, int mo, int d, int h, int mi)
{
  g_autoptr(GDateTime) dt = g_date_time_new (mc_vietnam_time_zone (), y, mo, d, h, mi, 0);

  return g_date_time_to_unix (dt);
}

static char *
write_pdf (const char *dir,
           const char *name)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, "%PDF-1.4\n% test file\n%%EOF\n", -1, &error);
  g_assert_no_error (error);

  return path;
}

static char *
receive (Fixture  *fixture,
         gint64    at,
         int       channel,
         gboolean  with_files,
         gint64   *due)
{
  g_autoptr(McReception) reception = fixture_birth_reception ();
  g_autoptr(McReceptionResult) result = NULL;
  g_autoptr(GError) error = NULL;

  reception->received_at = at;
  reception->channel = channel;
  if (with_files)
    {
      g_autofree char *tp1 = write_pdf (fixture->tmp, "tp1.pdf");
      g_autofree char *tp2 = write_pdf (fixture->tmp, "tp2.pdf");

      mc_reception_component_add_file (mc_reception_find_component (reception, "TP1"), tp1);
      mc_reception_component_add_file (mc_reception_find_component (reception, "TP2"), tp2);
    }
  mc_desk_set_clock (fixture->desk, at);
  mc_desk_set_officer_login (fixture->desk, "lan");
  result = mc_desk_receive (fixture->desk, reception, NULL, &error);
  g_assert_no_error (error);
  if (due != NULL)
    *due = result->due_at;

  return g_strdup (result->code);
}

static void
act (Fixture    *fixture,
     const char *login,
     const char *code,
     const char *action,
     gint64      at,
     gint64      new_appointment)
{
  McActionParams params = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *op_id = NULL;

  params.reason = (char *) "Lý do kiểm thử";
  params.department = g_str_equal (action, "forward") ? (char *) "Tư pháp – Hộ tịch" : NULL;
  params.issue_number = g_str_equal (action, "number_and_seal") ? (char *) "15/GKS" : NULL;
  params.new_appointment = new_appointment;
  params.at = at;
  mc_desk_set_clock (fixture->desk, at);
  mc_desk_set_officer_login (fixture->desk, login);
  op_id = mc_desk_act (fixture->desk, code, action, &params, &error);
  g_assert_no_error (error);
  g_assert_nonnull (op_id);
}

/* From processing (forwarded) to result ready at @ready, starting at
 * @start. The leader approves only a dossier with a result document
 * (`needs_result` in the workflow), so every finished dossier has one. */
static void
finish (Fixture    *fixture,
        const char *code,
        gint64      start,
        gint64      ready)
{
  act (fixture, "minh", code, "record_opinion", start, 0);
    {
      g_autofree char *path = write_pdf (fixture->tmp, "kq1.pdf");
      g_autofree char *op = NULL;
      g_autoptr(GError) error = NULL;

      mc_desk_set_officer_login (fixture->desk, "minh");
      op = mc_desk_attach_result (fixture->desk, code, path, NULL, &error);
      g_assert_no_error (error);
    }
  act (fixture, "minh", code, "submit_to_leader", start + 600, 0);
  act (fixture, "hung", code, "approve", start + 1200, 0);
  act (fixture, "hung", code, "mark_signed", start + 1800, 0);
  act (fixture, "ha", code, "number_and_seal", start + 2400, 0);
  act (fixture, "ha", code, "ready_to_return", ready, 0);
}

typedef struct
{
  Fixture *fixture;
  char *a, *b, *c, *d, *e, *f, *g;
} Workspace;

static void
workspace_clear (Workspace *w)
{
  g_clear_pointer (&w->fixture, fixture_free);
  g_free (w->a); g_free (w->b); g_free (w->c); g_free (w->d);
  g_free (w->e); g_free (w->f); g_free (w->g);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Workspace, workspace_clear)

/* All received Monday 07/12/2026 08:0x; the procedure takes 3 working
 * days, so each is due Thursday 10/12 at the same minute.
 *  A in person, files, result file; ready Wed 09/12 (48 h): on time, then returned
 *  B online, files, result file; ready Tue 08/12 (24 h): on time
 *  C in person, no files; ready Fri 11/12 (96 h): late
 *  D in person; apology Wed 09/12 with a new appointment Mon 14/12; ready Fri 11/12 (96 h): late
 *  E online, result file, two supplement requests of an hour each; ready Tue 08/12 (24 h): late
 *  F in person, withdrawn the same morning: finished on time, no result
 *  G online, still in processing */
static void
build (Workspace *w)
{
  Fixture *fx;
  gint64 due;

  w->fixture = fx = fixture_new (TRUE);

  w->a = receive (fx, vn (2026, 12, 7, 8, 0), 1, TRUE, &due);
  g_assert_cmpint (due, ==, vn (2026, 12, 10, 8, 0));
  act (fx, "lan", w->a, "forward", vn (2026, 12, 7, 8, 30), 0);
  finish (fx, w->a, vn (2026, 12, 7, 9, 0), vn (2026, 12, 9, 8, 0));
  act (fx, "lan", w->a, "return_result", vn (2026, 12, 10, 9, 0), 0);

  w->b = receive (fx, vn (2026, 12, 7, 8, 1), 2, TRUE, NULL);
  act (fx, "lan", w->b, "forward", vn (2026, 12, 7, 8, 30), 0);
  finish (fx, w->b, vn (2026, 12, 7, 9, 0), vn (2026, 12, 8, 8, 1));

  w->c = receive (fx, vn (2026, 12, 7, 8, 2), 1, FALSE, NULL);
  act (fx, "lan", w->c, "forward", vn (2026, 12, 7, 8, 30), 0);
  finish (fx, w->c, vn (2026, 12, 7, 9, 0), vn (2026, 12, 11, 8, 2));

  w->d = receive (fx, vn (2026, 12, 7, 8, 3), 1, FALSE, NULL);
  act (fx, "lan", w->d, "forward", vn (2026, 12, 7, 8, 30), 0);
  act (fx, "minh", w->d, "apologise", vn (2026, 12, 9, 10, 0), vn (2026, 12, 14, 8, 3));
  finish (fx, w->d, vn (2026, 12, 9, 11, 0), vn (2026, 12, 11, 8, 3));

  w->e = receive (fx, vn (2026, 12, 7, 8, 4), 2, FALSE, NULL);
  act (fx, "lan", w->e, "forward", vn (2026, 12, 7, 8, 30), 0);
  act (fx, "minh", w->e, "request_supplement", vn (2026, 12, 7, 10, 0), 0);
  act (fx, "lan", w->e, "supplement_received", vn (2026, 12, 7, 11, 0), 0);
  act (fx, "minh", w->e, "request_supplement", vn (2026, 12, 7, 12, 0), 0);
  act (fx, "lan", w->e, "supplement_received", vn (2026, 12, 7, 13, 0), 0);
  finish (fx, w->e, vn (2026, 12, 7, 14, 0), vn (2026, 12, 8, 8, 4));

  w->f = receive (fx, vn (2026, 12, 7, 8, 5), 1, FALSE, NULL);
  act (fx, "lan", w->f, "withdraw", vn (2026, 12, 7, 9, 0), 0);

  w->g = receive (fx, vn (2026, 12, 7, 8, 6), 2, FALSE, NULL);
  act (fx, "lan", w->g, "forward", vn (2026, 12, 7, 8, 30), 0);
}

static void
assert_figure (McReport   *report,
               const char *id,
               guint       numerator,
               guint       denominator)
{
  McReportFigure *figure = mc_report_get_figure (report, id);

  g_assert_nonnull (figure);
  g_assert_true (figure->computable);
  g_assert_cmpuint (figure->numerator, ==, numerator);
  g_assert_cmpuint (figure->denominator, ==, denominator);
  g_assert_cmpfloat_with_epsilon (figure->value, 100.0 * numerator / denominator, 1e-9);
}

static gboolean
has_code (GPtrArray  *codes,
          const char *code)
{
  return g_ptr_array_find_with_equal_func (codes, code, g_str_equal, NULL);
}

static void
test_hand_workspace (void)
{
  g_auto(Workspace) w = { 0 };
  g_autoptr(McReportFilter) filter = mc_report_filter_new (vn (2026, 12, 1, 0, 0), vn (2027, 1, 1, 0, 0));
  g_autoptr(GPtrArray) dossiers = NULL;
  g_autoptr(McReport) report = NULL;
  g_autoptr(GError) error = NULL;
  McReportFigure *on_time, *saved;
  McReportTimeSaved *row;

  build (&w);
  dossiers = mc_desk_report_dossiers (w.fixture->desk, filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dossiers->len, ==, 7);
  report = mc_report_compute (dossiers, filter->from, filter->to, &error);
  g_assert_no_error (error);

  /* Finished: A B C D E F. On time: A B F (E had two supplement requests,
   * D's apology does not help). */
  assert_figure (report, "on-time", 3, 6);
  on_time = mc_report_get_figure (report, "on-time");
  g_assert_true (has_code (on_time->excluded, w.c));
  g_assert_true (has_code (on_time->excluded, w.d));
  g_assert_true (has_code (on_time->excluded, w.e));
  g_assert_cmpuint (report->late->len, ==, 3);
  for (guint i = 0; i < report->late->len; i++)
    {
      McReportDossier *late = g_ptr_array_index (report->late, i);

      if (g_str_equal (late->code, w.d))
        {
          g_assert_cmpuint (late->apology_count, ==, 1);
          g_assert_cmpint (late->new_due_at, ==, vn (2026, 12, 14, 8, 3));
          g_assert_cmpint (late->due_at, ==, vn (2026, 12, 10, 8, 3));
        }
      if (g_str_equal (late->code, w.e))
        g_assert_cmpuint (late->supplement_count, ==, 2);
    }
  /* Received: all seven; online B E G. */
  assert_figure (report, "online", 3, 7);
  /* Components and result on file: A and B. */
  assert_figure (report, "digitised", 2, 7);
  g_assert_true (has_code (mc_report_get_figure (report, "digitised")->included, w.a));
  g_assert_true (has_code (mc_report_get_figure (report, "digitised")->included, w.b));
  /* With a result: A B C D E, each with its result file (approval needs one). */
  assert_figure (report, "electronic-results", 5, 5);
  /* 100 % − late rate (3/6) − complaints (none recorded). */
  assert_figure (report, "satisfaction", 3, 6);
  /* Online with an electronic result: B and E. */
  assert_figure (report, "fully-online", 2, 7);
  g_assert_false (mc_report_get_figure (report, "fully-online")->has_target); /* 80 % is 2025's */
  g_assert_false (mc_report_get_figure (report, "reuse")->computable);
  g_assert_true (isnan (mc_report_get_figure (report, "reuse")->value));

  /* Online (24 h + 24 h) / 2 = 24 h against in person (48 + 96 + 96) / 3
   * = 80 h: 70 % saved, against 2026's 30 % target. */
  g_assert_cmpuint (report->time_saved->len, ==, 1);
  row = g_ptr_array_index (report->time_saved, 0);
  g_assert_cmpuint (row->online_count, ==, 2);
  g_assert_cmpuint (row->in_person_count, ==, 3);
  g_assert_cmpfloat_with_epsilon (row->online_hours, 24.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (row->in_person_hours, 80.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (row->saved_percent, 70.0, 1e-9);
  saved = mc_report_get_figure (report, "time-saved-online");
  g_assert_cmpfloat_with_epsilon (saved->value, 70.0, 1e-9);
  g_assert_true (saved->has_target);
  g_assert_cmpfloat (saved->target, ==, 30.0);

  /* November holds none of them. */
  {
    g_autoptr(McReportFilter) nov = mc_report_filter_new (vn (2026, 11, 1, 0, 0), vn (2026, 12, 1, 0, 0));
    g_autoptr(GPtrArray) none = mc_desk_report_dossiers (w.fixture->desk, nov, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (none->len, ==, 0);
  }
  /* The officer filter: minh handled none at reception; lan received all. */
  {
    g_autoptr(McReportFilter) by_lan = mc_report_filter_copy (filter);
    g_autoptr(GPtrArray) rows = NULL;

    g_set_str_compat (&by_lan->officer, "lan");
    rows = mc_desk_report_dossiers (w.fixture->desk, by_lan, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (rows->len, ==, 7);
    g_set_str_compat (&by_lan->officer, "nobody");
    g_clear_pointer (&rows, g_ptr_array_unref);
    rows = mc_desk_report_dossiers (w.fixture->desk, by_lan, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (rows->len, ==, 0);
  }
}

/* Why each late dossier was late, worked out by hand. Office hours
 * 07:30–11:30 and 13:00–17:00 (a working day is 8 h); the fixture's
 * procedure takes 3 working days, shared reception 0.2, review 0.4, sign
 * 0.2, return 0.2 (0.6, 1.2, 0.6, 0.6 days).
 *  C: sealed Mon 09:40, ready Fri 08:02: 5 h 50 + 3 × 8 h + 32 min =
 *     30 h 22 = 3.7958 days in "return", 3.1958 over; due Thu 08:02,
 *     finished Fri 08:02: 1 working day late; no apology.
 *  D: forwarded Mon 08:30, opinion Wed 11:00 (the apology at 10:00 keeps
 *     the step), submitted 11:10 (no "submit" step: charged to review):
 *     7 + 8 + 3.5 h + 10 min = 18 h 40 = 2.3333 days in "review", 1.1333
 *     over; then sealed Wed 11:40, ready Fri 08:03: 4 + 8 + 0.55 h =
 *     1.569 days in "return", 0.969 over: review overran most; 1 day late.
 *  E: no step over its share: late by its two supplement requests, and
 *     finished before its appointment (0 days late). */
static void
test_late_reasons (void)
{
  g_auto(Workspace) w = { 0 };
  g_autoptr(McReportFilter) filter = mc_report_filter_new (vn (2026, 12, 1, 0, 0), vn (2027, 1, 1, 0, 0));
  g_autoptr(GPtrArray) dossiers = NULL;
  g_autoptr(McReport) report = NULL;
  g_autoptr(GError) error = NULL;
  const McReportLate *c, *d, *e;
  g_autofree char *c_text = NULL, *e_text = NULL;
  McReportMonths months;

  build (&w);
  dossiers = mc_desk_report_dossiers (w.fixture->desk, filter, &error);
  g_assert_no_error (error);
  report = mc_report_compute (dossiers, filter->from, filter->to, &error);
  g_assert_no_error (error);
  g_assert_null (report->late_reasons);
  g_assert_true (mc_report_explain_late (report, w.fixture->desk, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->late_reasons->len, ==, 3);

  c = mc_report_find_late (report, w.c);
  d = mc_report_find_late (report, w.d);
  e = mc_report_find_late (report, w.e);
  g_assert_nonnull (c);
  g_assert_nonnull (d);
  g_assert_nonnull (e);
  g_assert_null (mc_report_find_late (report, w.a));

  g_assert_cmpstr (c->step_id, ==, "return");
  g_assert_cmpfloat_with_epsilon (c->step_overrun_days, (30.0 + 22.0 / 60) / 8 - 0.6, 1e-6);
  g_assert_cmpfloat_with_epsilon (c->late_days, 1.0, 1e-9);
  c_text = mc_report_late_step_text (c->dossier, c);
  g_assert_cmpstr (c_text, ==, "Trả kết quả: quá 3,2 ngày làm việc");

  g_assert_cmpstr (d->step_id, ==, "review");
  g_assert_cmpfloat_with_epsilon (d->step_overrun_days, (18.5 + 10.0 / 60) / 8 - 1.2, 1e-6);
  g_assert_cmpfloat_with_epsilon (d->late_days, 1.0, 1e-9);
  g_assert_cmpuint (d->dossier->apology_count, ==, 1);

  g_assert_null (e->step_id);
  g_assert_cmpfloat (e->late_days, ==, 0);
  e_text = mc_report_late_step_text (e->dossier, e);
  g_assert_cmpstr (e_text, ==, "Yêu cầu bổ sung 2 lần");

  /* The charts' twelve months end with December 2026: 3 of 6 on time,
   * 3 of 7 online; November and before hold nothing. */
  mc_report_months (report, &months);
  g_assert_cmpint (months.first_month, ==, vn (2026, 1, 1, 0, 0));
  g_assert_cmpfloat_with_epsilon (months.on_time[11], 50.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (months.online[11], 300.0 / 7, 1e-9);
  for (int m = 0; m < 11; m++)
    g_assert_true (isnan (months.on_time[m]) && isnan (months.online[m]));
}

/* The filters the Reports window offers, through the store: a procedure
 * (the only one, then one nobody used), an officer (minh gave the
 * opinions on A–E, so 2 of their 5 on time; lan received all seven) and a
 * custom period (8–10 December: A and B finished in it, nothing received). */
static void
test_filters (void)
{
  g_auto(Workspace) w = { 0 };
  g_autoptr(GError) error = NULL;
  struct {
    const char *procedure, *officer;
    gint64 from, to;
    guint rows, finished, on_time, received;
  } cases[] = {
    { "1.001193", NULL, vn (2026, 12, 1, 0, 0), vn (2027, 1, 1, 0, 0), 7, 6, 3, 7 },
    { "2.000815", NULL, vn (2026, 12, 1, 0, 0), vn (2027, 1, 1, 0, 0), 0, 0, 0, 0 },
    { NULL, "minh", vn (2026, 12, 1, 0, 0), vn (2027, 1, 1, 0, 0), 5, 5, 2, 5 },
    { NULL, "lan", vn (2026, 12, 1, 0, 0), vn (2027, 1, 1, 0, 0), 7, 6, 3, 7 },
    { NULL, NULL, vn (2026, 12, 8, 0, 0), vn (2026, 12, 11, 0, 0), 3, 3, 2, 0 },
  };

  build (&w);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(McReportFilter) filter = mc_report_filter_new (cases[i].from, cases[i].to);
      g_autoptr(GPtrArray) rows = NULL;
      g_autoptr(McReport) report = NULL;
      McReportFigure *on_time, *online;

      filter->procedure_code = g_strdup (cases[i].procedure);
      filter->officer = g_strdup (cases[i].officer);
      rows = mc_desk_report_dossiers (w.fixture->desk, filter, &error);
      g_assert_no_error (error);
      g_test_message ("case %u: %u rows", i, rows->len);
      g_assert_cmpuint (rows->len, ==, cases[i].rows);
      report = mc_report_compute (rows, filter->from, filter->to, &error);
      g_assert_no_error (error);
      on_time = mc_report_get_figure (report, "on-time");
      online = mc_report_get_figure (report, "online");
      g_assert_cmpuint (on_time->denominator, ==, cases[i].finished);
      g_assert_cmpuint (on_time->numerator, ==, cases[i].on_time);
      g_assert_cmpuint (online->denominator, ==, cases[i].received);
    }
}

static JsonObject *
indicator (JsonArray  *list,
           const char *id)
{
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *o = json_array_get_object_element (list, i);

      if (g_str_equal (json_object_get_string_member (o, "id"), id))
        return o;
    }
  g_assert_not_reached ();
}

static void
test_cli (void)
{
  g_auto(Workspace) w = { 0 };
  g_auto(CliRun) kpi = { 0 };
  g_auto(CliRun) export = { 0 };
  g_auto(CliRun) bad = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *expected_row = NULL;
  JsonArray *list;
  JsonObject *on_time;
  GStatBuf st;
  gsize length;

  build (&w);
  mc_store_close (mc_desk_get_store (w.fixture->desk));

  CLI_RUN (&kpi, "--json", "--workspace", w.fixture->tmp, "report", "kpi",
           "--from", "2026-12-01", "--to", "2026-12-31", "--procedure", "1.001193");
  g_test_message ("%s", kpi.err);
  g_assert_cmpint (kpi.status, ==, 0);
  json_parser_load_from_data (parser, kpi.out, -1, &error);
  g_assert_no_error (error);
  list = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "indicators");
  on_time = indicator (list, "on-time");
  g_assert_cmpint (json_object_get_int_member (on_time, "numerator"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (on_time, "denominator"), ==, 6);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (on_time, "excluded")), ==, 3);
  g_assert_cmpint (json_object_get_int_member (indicator (list, "online"), "numerator"), ==, 3);
  g_assert_true (json_object_get_null_member (indicator (list, "reuse"), "value"));

  csv_path = g_build_filename (w.fixture->tmp, "kpi.csv", NULL);
  CLI_RUN (&export, "--workspace", w.fixture->tmp, "report", "export", "--format", "csv",
           "--from", "2026-12-01", "--to", "2026-12-31", "-o", csv_path);
  g_test_message ("%s", export.err);
  g_assert_cmpint (export.status, ==, 0);
  g_assert_true (g_file_get_contents (csv_path, &csv, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (csv_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  /* UTF-8 with a byte-order mark, Vietnamese intact. */
  g_assert_true (length > 3 && memcmp (csv, "\xEF\xBB\xBF", 3) == 0);
  g_assert_true (g_utf8_validate (csv, (gssize) length, NULL));
  expected_row = g_strdup ("on-time,Tỷ lệ hồ sơ giải quyết đúng hạn,3,6,50.0,,");
  g_assert_nonnull (strstr (csv, expected_row));
  g_assert_nonnull (strstr (csv, "online,Tỷ lệ hồ sơ trực tuyến,3,7,42.9,,"));
  g_assert_nonnull (strstr (csv, "1.001193,Đăng ký khai sinh,2,3,24.0,80.0,70.0\r\n"));

  CLI_RUN (&bad, "--workspace", w.fixture->tmp, "report", "kpi", "--from", "2026-12-31", "--to", "2026-12-01");
  g_assert_cmpint (bad.status, !=, 0);
}

/* The printable report, read back with pdftotext: the header, the period
 * and the figures in Vietnamese number format. */
static void
test_pdf (void)
{
  g_auto(Workspace) w = { 0 };
  g_auto(CliRun) export = { 0 };
  g_auto(CliRun) text = { 0 };
  g_autofree char *pdf_path = NULL;
  g_autofree char *flat = NULL;
  GStatBuf st;

  build (&w);
  mc_store_close (mc_desk_get_store (w.fixture->desk));
  pdf_path = g_build_filename (w.fixture->tmp, "kpi.pdf", NULL);
  CLI_RUN (&export, "--workspace", w.fixture->tmp, "report", "export", "--format", "pdf",
           "--from", "2026-12-01", "--to", "2026-12-31", "-o", pdf_path);
  g_test_message ("%s", export.err);
  g_assert_cmpint (export.status, ==, 0);
  g_assert_cmpint (g_stat (pdf_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  cli_run_argv (&text, NULL, (const char * const[]) { "pdftotext", "-raw", pdf_path, "-", NULL });
  g_assert_cmpint (text.status, ==, 0);
  /* One line per table row in -raw mode; collapse runs of spaces. */
  {
    g_auto(GStrv) words = g_strsplit_set (text.out, " \n", -1);
    GString *joined = g_string_new (NULL);

    for (guint i = 0; words[i] != NULL; i++)
      if (*words[i] != '\0')
        g_string_append_printf (joined, "%s ", words[i]);
    g_free (flat);
    flat = g_string_free (joined, FALSE);
  }
  g_test_message ("%s", flat);
  g_assert_nonnull (strstr (flat, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
  g_assert_nonnull (strstr (flat, "XÃ TÂN PHÚ"));
  g_assert_nonnull (strstr (flat, "Từ ngày 01/12/2026 đến ngày 31/12/2026"));
  g_assert_nonnull (strstr (flat, "Tỷ lệ hồ sơ giải quyết đúng hạn 50,0 % 3/6"));
  g_assert_nonnull (strstr (flat, "Tỷ lệ hồ sơ trực tuyến 42,9 % 3/7"));
  g_assert_nonnull (strstr (flat, "24,0 80,0 70,0 %"));
  /* The late dossiers and why: C overran "return" by 3.2 working days. */
  g_assert_nonnull (strstr (flat, "Hồ sơ trễ hạn và lý do"));
  g_assert_nonnull (strstr (flat, "Trả kết quả: quá 3,2 ngày làm việc"));
  g_assert_nonnull (strstr (flat, "Thẩm định: quá 1,1 ngày làm việc"));
  g_assert_nonnull (strstr (flat, "Yêu cầu bổ sung 2 lần"));
  g_assert_nonnull (strstr (flat, "Có, 14/12/2026"));
  g_assert_nonnull (strstr (flat, "Biểu đồ chỉ số so với mục tiêu"));
  g_assert_nonnull (strstr (flat, "Diễn biến theo tháng"));

  /* The charts' page, rendered: blue (on time this month, bars without
   * target), green (a target met: time saved 70 % ≥ 30 %) and orange
   * (target ticks, the online line) pixels are there. */
  {
    g_auto(CliRun) info = { 0 };
    g_auto(CliRun) render = { 0 };
    g_autofree char *prefix = g_build_filename (w.fixture->tmp, "kpi-page", NULL);
    g_autofree char *ppm_path = NULL;
    g_autofree char *ppm = NULL;
    const char *pages;
    gsize length;
    guint blue = 0, green = 0, orange = 0;
    int width, height, max, offset = 0;
    g_autofree char *page = NULL;

    cli_run_argv (&info, NULL, (const char * const[]) { "pdfinfo", pdf_path, NULL });
    g_assert_cmpint (info.status, ==, 0);
    pages = strstr (info.out, "Pages:");
    g_assert_nonnull (pages);
    page = g_strdup_printf ("%d", atoi (pages + 6));
    g_assert_cmpint (atoi (page), >=, 2);
    cli_run_argv (&render, NULL, (const char * const[]) { "pdftoppm", "-r", "60", "-f", page, "-l", page,
                                                          "-singlefile", pdf_path, prefix, NULL });
    g_assert_cmpint (render.status, ==, 0);
    ppm_path = g_strdup_printf ("%s.ppm", prefix);
    g_assert_true (g_file_get_contents (ppm_path, &ppm, &length, NULL));
    g_assert_cmpint (sscanf (ppm, "P6 %d %d %d%n", &width, &height, &max, &offset), ==, 3);
    g_assert_cmpint (max, ==, 255);
    for (gsize i = offset + 1; i + 2 < length; i += 3)
      {
        guint8 r = ppm[i], g = ppm[i + 1], b = ppm[i + 2];

        blue += r == 0x35 && g == 0x84 && b == 0xe4;
        green += r == 0x2e && g == 0xc2 && b == 0x7e;
        orange += r == 0xe6 && g == 0x61 && b == 0x00;
      }
    g_test_message ("chart page %s: %dx%d, blue %u, green %u, orange %u", page, width, height, blue, green, orange);
    g_assert_cmpuint (blue, >, 100);
    g_assert_cmpuint (green, >, 100);
    g_assert_cmpuint (orange, >, 20);
    if (g_getenv ("MC_REPORTS_KEEP") != NULL)
      {
        g_auto(CliRun) png = { 0 };
        g_autofree char *out = g_build_filename (g_getenv ("MC_REPORTS_KEEP"), "kpi-report", NULL);

        cli_run_argv (&png, NULL, (const char * const[]) { "pdftoppm", "-r", "80", "-png", pdf_path, out, NULL });
      }
  }
}

/* The printed report's text, one space between words (pdftotext -raw
 * puts each table row on its line; cells wrap, and "—" stands alone). */
static char *
pdf_words (Workspace  *w,
           const char *from,
           const char *to)
{
  g_auto(CliRun) export = { 0 };
  g_auto(CliRun) text = { 0 };
  g_autofree char *pdf_path = g_build_filename (w->fixture->tmp, "targets.pdf", NULL);
  g_auto(GStrv) words = NULL;
  GString *joined = g_string_new (NULL);

  CLI_RUN (&export, "--workspace", w->fixture->tmp, "report", "export", "--format", "pdf",
           "--from", from, "--to", to, "-o", pdf_path);
  g_test_message ("%s", export.err);
  g_assert_cmpint (export.status, ==, 0);
  cli_run_argv (&text, NULL, (const char * const[]) { "pdftotext", "-raw", pdf_path, "-", NULL });
  g_assert_cmpint (text.status, ==, 0);
  words = g_strsplit_set (text.out, " \n", -1);
  /* A cell may wrap after a hyphen ("QĐ-" / "TTg"): joined back. */
  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_string_append_printf (joined, g_str_has_suffix (words[i], "-") ? "%s" : "%s ", words[i]);

  return g_string_free (joined, FALSE);
}

static void
assert_has (const char *text,
            const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("not in the PDF's text: “%s”", part);
}

/* Every indicator's row in the printed report has its target and the
 * target's own source when one applies to the period's last day, and "—"
 * with why otherwise. The targets, worked out by hand from DOMAIN.md's
 * sources: QĐ 1565/QĐ-TTg (18/7/2025) digitised 100 % from December 2025,
 * electronic results 100 % (its listed services), satisfaction 90 % in
 * 2025 and 95 % in 2026, time saved 20 % in 2025 and 30 % in 2026; the
 * steering committee's conclusions of 24/9/2025: fully online 80 % in
 * 2025; none known for on time, online and reuse. */
static void
test_pdf_targets (void)
{
  g_auto(Workspace) w = { 0 };
  g_autofree char *dec2026 = NULL, *dec2025 = NULL, *nov2025 = NULL;
  const char *q1565 = "Mục tiêu: Quyết định 1565/QĐ-TTg (2025-07-18)";
  const char *none = "— Chỉ số: Quyết định 766/QĐ-TTg (2022-06-23). Mục tiêu: Chưa có văn bản đặt mục tiêu";

  build (&w);
  mc_store_close (mc_desk_get_store (w.fixture->desk));

  dec2026 = pdf_words (&w, "2026-12-01", "2026-12-31");
  g_test_message ("December 2026: %s", dec2026);
  assert_has (dec2026, "Tỷ lệ hồ sơ giải quyết đúng hạn 50,0 % 3/6 ");
  assert_has (dec2026, "Tỷ lệ hồ sơ giải quyết đúng hạn 50,0 % 3/6 — Chỉ số: Quyết định 766/QĐ-TTg (2022-06-23). Mục tiêu: Chưa có văn bản đặt mục tiêu");
  assert_has (dec2026, "Tỷ lệ hồ sơ trực tuyến 42,9 % 3/7 —");
  assert_has (dec2026, "Tỷ lệ số hóa hồ sơ, kết quả 28,6 % 2/7 ≥ 100,0 % Chỉ số: Quyết định 766/QĐ-TTg (2022-06-23). Mục tiêu: Quyết định 1565/QĐ-TTg (2025-07-18)");
  assert_has (dec2026, "Tỷ lệ cấp kết quả điện tử 100,0 % 5/5 ≥ 100,0 %");
  assert_has (dec2026, "Tỷ lệ tái sử dụng dữ liệu đã số hóa Chưa tính được — — Chỉ số");
  assert_has (dec2026, "Mức độ hài lòng (ước tính) 50,0 % 3/6 ≥ 95,0 %");
  assert_has (dec2026, "Thời gian tiết kiệm khi làm trực tuyến 70,0 % 2/5 ≥ 30,0 % Chỉ số: Quyết định 1565/QĐ-TTg (2025-07-18). Mục tiêu: Quyết định 1565/QĐ-TTg (2025-07-18)");
  assert_has (dec2026, "Tỷ lệ hồ sơ trực tuyến toàn trình 28,6 % 2/7 — Chỉ số: Kết luận");
  assert_has (dec2026, "Mục tiêu: Kết luận ngày 24/9/2025 chỉ đặt mục tiêu năm 2025");
  assert_has (dec2026, none);
  assert_has (dec2026, q1565);

  /* December 2025 (nothing to count, the targets still shown). */
  dec2025 = pdf_words (&w, "2025-12-01", "2025-12-31");
  g_test_message ("December 2025: %s", dec2025);
  assert_has (dec2025, "Tỷ lệ hồ sơ trực tuyến toàn trình — — ≥ 80,0 % Chỉ số: Kết luận phiên họp Ban Chỉ đạo của Chính phủ ngày 24/9/2025 (2025-09-24). Mục tiêu: Kết luận phiên họp Ban Chỉ đạo của Chính phủ ngày 24/9/2025 (2025-09-24)");
  assert_has (dec2025, "Thời gian tiết kiệm khi làm trực tuyến — — ≥ 20,0 %");
  assert_has (dec2025, "Mức độ hài lòng (ước tính) — — ≥ 90,0 %");
  assert_has (dec2025, "Tỷ lệ số hóa hồ sơ, kết quả — — ≥ 100,0 %");

  /* November 2025: before the digitisation target's month. */
  nov2025 = pdf_words (&w, "2025-11-01", "2025-11-30");
  g_test_message ("November 2025: %s", nov2025);
  assert_has (nov2025, "Tỷ lệ số hóa hồ sơ, kết quả — — — Chỉ số: Quyết định 766/QĐ-TTg (2022-06-23). Mục tiêu: QĐ 1565/QĐ-TTg đặt mục tiêu từ tháng 12/2025");
  assert_has (nov2025, "Tỷ lệ hồ sơ trực tuyến toàn trình — — ≥ 80,0 %");
}

/* The spreadsheet, read back with unzip: the on-time row holds real
 * numbers (0.5, 3, 6) and the shared strings the Vietnamese names. */
static void
test_xlsx (void)
{
  g_auto(Workspace) w = { 0 };
  g_auto(CliRun) export = { 0 };
  g_auto(CliRun) sheet = { 0 };
  g_auto(CliRun) strings = { 0 };
  g_autofree char *path = NULL;
  GStatBuf st;

  build (&w);
  mc_store_close (mc_desk_get_store (w.fixture->desk));
  path = g_build_filename (w.fixture->tmp, "kpi.xlsx", NULL);
  CLI_RUN (&export, "--workspace", w.fixture->tmp, "report", "export", "--format", "xlsx",
           "--from", "2026-12-01", "--to", "2026-12-31", "-o", path);
  g_test_message ("%s", export.err);
  g_assert_cmpint (export.status, ==, 0);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  cli_run_argv (&sheet, NULL, (const char * const[]) { "unzip", "-p", path, "xl/worksheets/sheet1.xml", NULL });
  g_assert_cmpint (sheet.status, ==, 0);
  /* Row 5 is the first indicator, on time: 50 %, 3 of 6. */
  g_assert_nonnull (strstr (sheet.out, "<c r=\"C5\" s=\"2\"><v>0.5</v></c><c r=\"D5\"><v>3</v></c><c r=\"E5\"><v>6</v></c>"));
  cli_run_argv (&strings, NULL, (const char * const[]) { "unzip", "-p", path, "xl/sharedStrings.xml", NULL });
  g_assert_cmpint (strings.status, ==, 0);
  g_assert_nonnull (strstr (strings.out, "<t>Tỷ lệ hồ sơ giải quyết đúng hạn</t>"));
  g_assert_nonnull (strstr (strings.out, "<t>Từ ngày 01/12/2026 đến ngày 31/12/2026</t>"));
  /* Targets: digitised (row 7) 100 % as a number under QĐ 1565; on time
   * (row 5) "—" and why, never an empty cell. */
  g_assert_nonnull (strstr (sheet.out, "<c r=\"F7\" s=\"2\"><v>1</v></c>"));
  g_assert_nonnull (strstr (strings.out, "<t>Quyết định 1565/QĐ-TTg (2025-07-18)</t>"));
  g_assert_nonnull (strstr (strings.out, "<t>Chưa có văn bản đặt mục tiêu</t>"));
  g_assert_nonnull (strstr (strings.out, "<t>Căn cứ mục tiêu</t>"));
  g_assert_null (strstr (sheet.out, "<c r=\"F5\" s=\"2\">"));
  g_assert_nonnull (strstr (sheet.out, "<c r=\"F5\" t=\"s\">"));
}

int
main (int   argc,
      char *argv[])
{
  mc_core_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reports/hand-workspace", test_hand_workspace);
  g_test_add_func ("/reports/late-reasons", test_late_reasons);
  g_test_add_func ("/reports/filters", test_filters);
  g_test_add_func ("/reports/cli", test_cli);
  g_test_add_func ("/reports/pdf", test_pdf);
  g_test_add_func ("/reports/pdf-targets", test_pdf_targets);
  g_test_add_func ("/reports/xlsx", test_xlsx);

  return g_test_run ();
}
