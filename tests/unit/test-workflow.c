/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one-stop workflow on a real store: reception issues a code from a
 * leased block and an appointment in working days; every transition is one
 * transaction that bumps the version and appends a timeline entry, an
 * outbox op and a chained audit entry; illegal transitions, wrong roles,
 * missing reasons, exhausted numbers and unknown procedures are refused with
 * nothing written; a supplement request pauses the clock; the audit log
 * detects edits and deletions. Expected dates are worked out by hand from
 * the office hours 07:30–11:30 and 13:00–17:00. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <signal.h>
#include <unistd.h>

#include "domain/citizen/mc-citizen-error.h"
#include "domain/mc-state.h"
#include "mc-core.h"
#include "store/mc-audit.h"
#include "store/mc-blob-store.h"
#include "store/mc-desk.h"
#include "store/mc-desk-settings.h"
#include "store/mc-dossier-ops-private.h"
#include "store/mc-dossier-repo.h"
#include "store/mc-lease.h"
#include "store/mc-store-private.h"
#include "workflow-fixture.h"

static gint64
vn (int y, int mo, int d, int h, int mi)
{
  g_autoptr(GDateTime) dt = g_date_time_new (mc_vietnam_time_zone (), y, mo, d, h, mi, 0);

  return g_date_time_to_unix (dt);
}

static gint64
count (McDesk     *desk,
       const char *sql)
{
  return fixture_count (mc_desk_get_store (desk), sql);
}

typedef struct
{
  gint64 dossiers, timeline, outbox, audit;
} Counts;

static Counts
counts (McDesk *desk)
{
  Counts c;

  c.dossiers = count (desk, "SELECT count(*) FROM dossier");
  c.timeline = count (desk, "SELECT count(*) FROM timeline");
  c.outbox = count (desk, "SELECT count(*) FROM outbox");
  c.audit = count (desk, "SELECT count(*) FROM audit");

  return c;
}

static void
assert_same_counts (Counts a,
                    Counts b)
{
  g_assert_cmpint (a.dossiers, ==, b.dossiers);
  g_assert_cmpint (a.timeline, ==, b.timeline);
  g_assert_cmpint (a.outbox, ==, b.outbox);
  g_assert_cmpint (a.audit, ==, b.audit);
}

static char *
receive_birth (McDesk *desk,
               gint64  at,
               gint64 *due)
{
  g_autoptr(McReception) reception = fixture_birth_reception ();
  g_autoptr(McReceptionResult) result = NULL;
  g_autoptr(GError) error = NULL;

  reception->received_at = at;
  mc_desk_set_officer_login (desk, "lan");
  result = mc_desk_receive (desk, reception, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  if (due != NULL)
    *due = result->due_at;

  return g_strdup (result->code);
}

static void
act_ok (McDesk     *desk,
        const char *login,
        const char *code,
        const char *action,
        const char *reason,
        gint64      at)
{
  McActionParams params = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *op_id = NULL;

  params.reason = (char *) reason;
  params.department = g_str_equal (action, "forward") ? (char *) "Tư pháp – Hộ tịch" : NULL;
  params.issue_number = g_str_equal (action, "number_and_seal") ? (char *) "15/GKS" : NULL;
  params.at = at;
  mc_desk_set_officer_login (desk, login);
  op_id = mc_desk_act (desk, code, action, &params, &error);
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (op_id));
}

static void
test_receive (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autoptr(McDossier) dossier = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  gint64 due = 0;

  /* Tuesday 08/12/2026 09:00 + 3 working days = Friday 11/12/2026 09:00
   * (no holiday that week). */
  code = receive_birth (fixture->desk, vn (2026, 12, 8, 9, 0), &due);
  g_assert_cmpstr (code, ==, "H40.12.03.X05-261208-0001");
  g_assert_cmpint (due, ==, vn (2026, 12, 11, 9, 0));

  dossier = mc_desk_load_dossier (fixture->desk, code, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dossier->state, ==, MC_STATE_RECEIVED);
  g_assert_cmpint (dossier->version, ==, 1);
  g_assert_cmpstr (dossier->applicant_name, ==, "Đặng Thị Hòa");
  g_assert_cmpuint (dossier->components->len, ==, 3);
  g_assert_cmpuint (dossier->timeline->len, ==, 1);
  g_assert_cmpstr (((McTimelineEntry *) g_ptr_array_index (dossier->timeline, 0))->actor, ==, "Nguyễn Thị Lan");

  /* The op carries the portal's fields, with portal-style dates. */
  {
    g_autofree char *payload = fixture_text (mc_desk_get_store (fixture->desk),
                                             "SELECT payload FROM outbox ORDER BY seq LIMIT 1");
    g_autoptr(JsonNode) node = json_from_string (payload, NULL);
    JsonObject *portal = json_object_get_object_member (json_node_get_object (node), "dossier");

    g_assert_cmpstr (json_object_get_string_member (portal, "MaHoSo"), ==, code);
    g_assert_cmpstr (json_object_get_string_member (portal, "MaTTHC"), ==, "1.001193");
    g_assert_cmpstr (json_object_get_string_member (portal, "NgayTiepNhan"), ==, "20261208090000");
    g_assert_cmpstr (json_object_get_string_member (portal, "NgayHenTra"), ==, "20261211090000");
    g_assert_cmpint (json_object_get_int_member (portal, "TrangThaiHoSo"), ==, 2);
  }

  /* Numbers go up within the day and restart the next day. */
  g_free (code);
  code = receive_birth (fixture->desk, vn (2026, 12, 8, 10, 0), NULL);
  g_assert_cmpstr (code, ==, "H40.12.03.X05-261208-0002");
  g_free (code);
  code = receive_birth (fixture->desk, vn (2026, 12, 9, 8, 0), NULL);
  g_assert_cmpstr (code, ==, "H40.12.03.X05-261209-0001");
}

static void
test_after_hours_and_weekend (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  gint64 due = 0;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  /* Received Friday 11/12/2026 at 18:00, after hours: the clock starts on
   * Monday 14/12 at 07:30, and 3 working days end Thursday 17/12 07:30 —
   * which is the same working instant as Wednesday 16/12 17:00. */
  a = receive_birth (fixture->desk, vn (2026, 12, 11, 18, 0), &due);
  g_assert_true (due == vn (2026, 12, 17, 7, 30) || due == vn (2026, 12, 16, 17, 0));

  /* Received on Sunday 13/12: the same. */
  b = receive_birth (fixture->desk, vn (2026, 12, 13, 10, 0), &due);
  g_assert_true (due == vn (2026, 12, 17, 7, 30) || due == vn (2026, 12, 16, 17, 0));
}

static void
test_same_day (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  struct { gint64 at; gint64 due; } cases[] = {
    /* Before the 15:00 cut-off on Tuesday 08/12/2026: due at 17:00 the same day. */
    { 0, 0 }, { 0, 0 }, { 0, 0 },
  };
  gint64 due = 0;

  cases[0].at = vn (2026, 12, 8, 9, 0);
  cases[0].due = vn (2026, 12, 8, 17, 0);
  /* After the cut-off: 17:00 on the next working day. */
  cases[1].at = vn (2026, 12, 8, 15, 30);
  cases[1].due = vn (2026, 12, 9, 17, 0);
  /* On Saturday 12/12: 17:00 on Monday 14/12. */
  cases[2].at = vn (2026, 12, 12, 9, 0);
  cases[2].due = vn (2026, 12, 14, 17, 0);

  fixture_set_procedure_definition (fixture, "1.001193", 0,
                                    "{\"code\": \"1.001193\", \"name\": \"Đăng ký khai sinh\", \"field\": \"Hộ tịch\","
                                    " \"level\": \"commune\", \"fee\": 0, \"working_days\": 0,"
                                    " \"same_day\": true, \"same_day_cutoff\": \"15:00\","
                                    " \"components\": [{\"code\": \"TP1\", \"name\": \"Tờ khai\", \"copies\": 1, \"kind\": \"original\", \"required\": true},"
                                    " {\"code\": \"TP2\", \"name\": \"Giấy chứng sinh\", \"copies\": 1, \"kind\": \"original\", \"required\": true}],"
                                    FIXTURE_PROCEDURE_TAIL "}");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *code = receive_birth (fixture->desk, cases[i].at, &due);

      g_assert_cmpint (due, ==, cases[i].due);
    }
}

static void
test_full_path (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autoptr(McDossier) dossier = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = receive_birth (fixture->desk, vn (2026, 11, 23, 8, 0), NULL);
  struct { const char *login, *action, *reason; int state; const char *step; } path[] = {
    { "lan", "forward", NULL, MC_STATE_PROCESSING, "forwarded" },
    { "minh", "record_opinion", "Đủ điều kiện cấp", MC_STATE_PROCESSING, "reviewed" },
    { "minh", "submit_to_leader", NULL, MC_STATE_PROCESSING, "leader" },
    { "hung", "return_for_rework", "Bổ sung căn cứ", MC_STATE_PROCESSING, "rework" },
    { "minh", "record_opinion", "Đã bổ sung căn cứ", MC_STATE_PROCESSING, "reviewed" },
    { "minh", "submit_to_leader", NULL, MC_STATE_PROCESSING, "leader" },
    { "hung", "approve", NULL, MC_STATE_PROCESSING, "approved" },
    { "hung", "mark_signed", NULL, MC_STATE_PROCESSING, "signed" },
    { "ha", "number_and_seal", NULL, MC_STATE_PROCESSING, "sealed" },
    { "ha", "ready_to_return", NULL, MC_STATE_DONE, "ready" },
    { "lan", "return_result", NULL, MC_STATE_RETURNED, "returned" },
  };
  gint64 at = vn (2026, 11, 23, 9, 0);

  fixture_attach_draft (mc_desk_get_store (fixture->desk), code);
  for (guint i = 0; i < G_N_ELEMENTS (path); i++)
    {
      Counts before = counts (fixture->desk);
      g_autoptr(McDossier) now = NULL;
      Counts after;

      act_ok (fixture->desk, path[i].login, code, path[i].action, path[i].reason, at += 1800);
      after = counts (fixture->desk);
      g_assert_cmpint (after.timeline, ==, before.timeline + 1);
      g_assert_cmpint (after.outbox, ==, before.outbox + 1);
      g_assert_cmpint (after.audit, ==, before.audit + 1);

      now = mc_desk_load_dossier (fixture->desk, code, &error);
      g_assert_no_error (error);
      g_assert_cmpint (now->state, ==, path[i].state);
      g_assert_cmpstr (now->step, ==, path[i].step);
      g_assert_cmpint (now->version, ==, i + 2);
    }

  dossier = mc_desk_load_dossier (fixture->desk, code, &error);
  g_assert_cmpstr (dossier->issue_number, ==, "15/GKS");
  g_assert_cmpstr (dossier->department, ==, "Tư pháp – Hộ tịch");
  g_assert_cmpint (dossier->returned_at, ==, at);
  /* base_version of each op is the version it was made on. */
  g_assert_cmpint (count (fixture->desk, "SELECT count(*) FROM outbox o WHERE base_version <> (SELECT count(*) FROM outbox p WHERE p.dossier_id = o.dossier_id AND p.seq < o.seq)"), ==, 0);
}

static void
assert_refused (McDesk      *desk,
                const char  *login,
                const char  *code,
                const char  *action,
                const char  *reason,
                int          error_code)
{
  McActionParams params = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *op_id = NULL;
  Counts before = counts (desk);

  params.reason = (char *) reason;
  mc_desk_set_officer_login (desk, login);
  op_id = mc_desk_act (desk, code, action, &params, &error);
  g_assert_null (op_id);
  g_assert_error (error, MC_WORKFLOW_ERROR, error_code);
  g_test_message ("refused: %s", error->message);
  assert_same_counts (before, counts (desk));
}

static void
test_refusals (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autofree char *code = receive_birth (fixture->desk, vn (2026, 11, 23, 8, 0), NULL);

  /* Returning a result that does not exist yet. */
  assert_refused (fixture->desk, "lan", code, "return_result", NULL, MC_WORKFLOW_ERROR_ILLEGAL_TRANSITION);
  /* A leader may not forward at reception. */
  assert_refused (fixture->desk, "hung", code, "forward", NULL, MC_WORKFLOW_ERROR_ROLE);
  /* Refusing at reception needs the dossier not yet received, and a reason. */
  assert_refused (fixture->desk, "lan", code, "refuse", "Thiếu giấy tờ", MC_WORKFLOW_ERROR_ILLEGAL_TRANSITION);
  assert_refused (fixture->desk, "lan", code, "withdraw", NULL, MC_WORKFLOW_ERROR_MISSING_REASON);
  assert_refused (fixture->desk, "lan", code, "no_such_action", NULL, MC_WORKFLOW_ERROR_UNKNOWN_ACTION);
  assert_refused (fixture->desk, "lan", "H40.12.03.X05-000000-0000", "forward", NULL, MC_WORKFLOW_ERROR_NOT_FOUND);
  assert_refused (fixture->desk, "lan", code, "forward", NULL, MC_WORKFLOW_ERROR_MISSING_DEPARTMENT);
}

static void
test_bad_receptions (void)
{
  g_autoptr(Fixture) fixture = fixture_new (FALSE);
  g_autoptr(GError) error = NULL;
  Counts before = counts (fixture->desk);
  /* The card's rules keep their own error domain. */
  struct { const char *what; GQuark domain; int code; } cases[] = {
    { "procedure", MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_UNKNOWN_PROCEDURE },
    { "id", MC_CITIZEN_ERROR, MC_CITIZEN_ERROR_ID_LENGTH },
    { "phone", MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_INVALID_APPLICANT },
    { "birth", MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_INVALID_APPLICANT },
    { "incomplete", MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_INCOMPLETE },
    { "numbers", MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_NO_NUMBERS },
  };

  mc_desk_set_officer_login (fixture->desk, "lan");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(McReception) reception = fixture_birth_reception ();
      g_autoptr(McReceptionResult) result = NULL;

      reception->received_at = vn (2026, 11, 24, 9, 0);
      if (g_str_equal (cases[i].what, "procedure"))
        g_set_str_compat (&reception->procedure_code, "9.999999");
      else if (g_str_equal (cases[i].what, "id"))
        g_set_str_compat (&reception->applicant_id, "00119000001");
      else if (g_str_equal (cases[i].what, "phone"))
        g_set_str_compat (&reception->applicant_phone, "09-gọi-em");
      else if (g_str_equal (cases[i].what, "birth"))
        g_set_str_compat (&reception->applicant_birth, "1990-13-45");
      else if (g_str_equal (cases[i].what, "incomplete"))
        mc_reception_add_component (reception, "TP2", FALSE);

      result = mc_desk_receive (fixture->desk, reception, NULL, &error);
      g_assert_null (result);
      g_assert_error (error, cases[i].domain, cases[i].code);
      g_test_message ("refused: %s", error->message);
      g_clear_error (&error);
      assert_same_counts (before, counts (fixture->desk));
    }
  /* No number was used by the refused receptions. */
  g_assert_cmpint (count (fixture->desk, "SELECT count(*) FROM sequence_lease WHERE next <> first"), ==, 0);
}

static void
test_exhausted_numbers (void)
{
  g_autoptr(Fixture) fixture = fixture_new (FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  fixture_lease (fixture, "261124", 7, 8);
  a = receive_birth (fixture->desk, vn (2026, 11, 24, 9, 0), NULL);
  b = receive_birth (fixture->desk, vn (2026, 11, 24, 9, 5), NULL);
  g_assert_cmpstr (a, ==, "H40.12.03.X05-261124-0007");
  g_assert_cmpstr (b, ==, "H40.12.03.X05-261124-0008");

  {
    g_autoptr(McReception) reception = fixture_birth_reception ();
    g_autoptr(McReceptionResult) result = NULL;

    reception->received_at = vn (2026, 11, 24, 9, 10);
    result = mc_desk_receive (fixture->desk, reception, NULL, &error);
    g_assert_null (result);
    g_assert_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_NO_NUMBERS);
    g_assert_nonnull (strstr (error->message, "261124"));
  }

  /* Overlapping blocks are refused, so no number can be issued twice. */
  {
    g_autoptr(GError) overlap = NULL;

    g_assert_false (fixture_try_lease (fixture, "261124", 8, 20, &overlap));
    g_assert_error (overlap, MC_STORE_ERROR, MC_STORE_ERROR_INVALID);
  }
}

static void
test_supplement_pauses_clock (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autoptr(McDossier) paused = NULL;
  g_autoptr(McDossier) resumed = NULL;
  g_autoptr(McDossier) twice = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  gint64 due = 0;

  fixture_set_procedure_days (fixture, "1.001193", 5);
  /* Monday 07/12/2026 08:00 + 5 working days = Monday 14/12 08:00. */
  code = receive_birth (fixture->desk, vn (2026, 12, 7, 8, 0), &due);
  g_assert_cmpint (due, ==, vn (2026, 12, 14, 8, 0));
  act_ok (fixture->desk, "lan", code, "forward", NULL, vn (2026, 12, 7, 9, 0));

  /* Wednesday 09/12 08:00: two working days used, three left. */
  act_ok (fixture->desk, "minh", code, "request_supplement", "Thiếu bản sao giấy chứng sinh",
          vn (2026, 12, 9, 8, 0));
  paused = mc_desk_load_dossier (fixture->desk, code, &error);
  g_assert_cmpint (paused->state, ==, MC_STATE_SUPPLEMENT);
  g_assert_true (paused->has_remaining);
  g_assert_cmpint (paused->remaining_seconds, ==, 3 * 8 * 3600);
  g_assert_cmpint (paused->supplement_count, ==, 1);

  /* Complete on Monday 14/12 08:00: three days more = Thursday 17/12 08:00,
   * back in processing where it was. */
  act_ok (fixture->desk, "lan", code, "supplement_received", NULL, vn (2026, 12, 14, 8, 0));
  resumed = mc_desk_load_dossier (fixture->desk, code, &error);
  g_assert_cmpint (resumed->state, ==, MC_STATE_PROCESSING);
  g_assert_cmpstr (resumed->step, ==, "forwarded");
  g_assert_cmpint (resumed->due_at, ==, vn (2026, 12, 17, 8, 0));
  g_assert_false (resumed->has_remaining);
  g_assert_cmpint (resumed->paused_at, ==, 0);

  /* A second request is allowed but marked against the office. */
  act_ok (fixture->desk, "minh", code, "request_supplement", "Thiếu chữ ký", vn (2026, 12, 15, 8, 0));
  twice = mc_desk_load_dossier (fixture->desk, code, &error);
  g_assert_cmpint (twice->supplement_count, ==, 2);
  g_assert_nonnull (strstr (twice->flags, "second-supplement"));
}

typedef struct
{
  gint64 now;
  guint count;
} LateQuery;

static gboolean
count_late (sqlite3   *db,
            gpointer   user_data,
            gpointer  *result,
            GError   **error)
{
  LateQuery *query = user_data;
  McQueueClock clock = { query->now, query->now };

  return mc_dossier_repo_count (db, mc_queue_lookup ("late"), &clock, NULL, &query->count, error);
}

/* How many dossiers the "late" queue holds at @now. */
static guint
late_at (McDesk *desk,
         gint64  now)
{
  g_autoptr(GError) error = NULL;
  LateQuery query = { now, 0 };

  g_assert_true (mc_store_read (mc_desk_get_store (desk), count_late, &query, NULL, &error));
  g_assert_no_error (error);

  return query.count;
}

static char *
apologise (McDesk      *desk,
           const char  *code,
           gint64       at,
           gint64       new_appointment,
           GError     **error)
{
  McActionParams params = { 0 };

  params.reason = (char *) "Chờ xác minh thông tin từ nơi đăng ký thường trú";
  params.new_appointment = new_appointment;
  params.at = at;
  mc_desk_set_officer_login (desk, "minh");

  return mc_desk_act (desk, code, "apologise", &params, error);
}

/* An apology keeps the original appointment (what the applicant and the
 * portal were given) and sets the new one beside it: the dossier stays
 * late against the original. The rules (apology_before_due: true) refuse an
 * apology once the appointment in force has passed, writing nothing. */
static void
test_apology (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autoptr(McDossier) before = NULL;
  g_autoptr(McDossier) dossier = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = receive_birth (fixture->desk, vn (2026, 11, 23, 8, 0), NULL);
  g_autofree char *op = NULL;
  gint64 new_due;
  Counts kept;

  g_assert_cmpint (mc_workflow_get_apology_rule (mc_desk_get_rules (fixture->desk)), ==, MC_APOLOGY_BEFORE_DUE);
  act_ok (fixture->desk, "lan", code, "forward", NULL, vn (2026, 11, 23, 9, 0));
  before = mc_desk_load_dossier (fixture->desk, code, &error);
  g_assert_no_error (error);
  g_assert_cmpint (before->due_at, >, vn (2026, 11, 24, 8, 0));
  g_assert_cmpint (before->new_due_at, ==, 0);

  op = apologise (fixture->desk, code, vn (2026, 11, 24, 8, 0), vn (2026, 11, 20, 8, 0), &error);
  g_assert_null (op);
  g_assert_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_MISSING_APPOINTMENT);
  g_clear_error (&error);

  new_due = before->due_at + 5 * 86400;
  op = apologise (fixture->desk, code, vn (2026, 11, 24, 8, 0), new_due, &error);
  g_assert_no_error (error);
  dossier = mc_desk_load_dossier (fixture->desk, code, &error);
  g_assert_cmpint (dossier->due_at, ==, before->due_at);
  g_assert_cmpint (dossier->new_due_at, ==, new_due);
  g_assert_cmpint (dossier->apology_count, ==, 1);
  g_assert_cmpint (dossier->state, ==, MC_STATE_PROCESSING);
  g_assert_null (strstr (dossier->flags, "apology-after-due"));

  /* Late from the original appointment on, new appointment or not. */
  g_assert_cmpuint (late_at (fixture->desk, before->due_at - 60), ==, 0);
  g_assert_cmpuint (late_at (fixture->desk, before->due_at + 60), ==, 1);
  g_assert_cmpuint (late_at (fixture->desk, new_due - 60), ==, 1);

  /* Once the new appointment has passed too, another apology is refused
   * and nothing is written. */
  kept = counts (fixture->desk);
  g_clear_pointer (&op, g_free);
  op = apologise (fixture->desk, code, new_due + 3600, new_due + 10 * 86400, &error);
  g_assert_null (op);
  g_assert_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_APOLOGY_TOO_LATE);
  g_test_message ("refused: %s", error->message);
  assert_same_counts (kept, counts (fixture->desk));
  g_clear_error (&error);
  g_clear_pointer (&dossier, mc_dossier_free);
  dossier = mc_desk_load_dossier (fixture->desk, code, &error);
  g_assert_cmpint (dossier->new_due_at, ==, new_due);
  g_assert_cmpint (dossier->apology_count, ==, 1);
}

/* Rules with the copy of one-stop.json where apology_before_due is
 * @value. */
static McWorkflow *
rules_with_apology (const char  *tmp,
                    const char  *value,
                    GError     **error)
{
  g_autofree char *shipped = g_build_filename (mc_core_get_data_dir (), "workflow", "one-stop.json", NULL);
  g_autofree char *path = g_build_filename (tmp, "rules.json", NULL);
  g_autofree char *text = NULL;
  g_autofree char *changed = NULL;
  g_autoptr(GRegex) rule = g_regex_new ("\"apology_before_due\": *true", 0, 0, NULL);

  g_assert_true (g_file_get_contents (shipped, &text, NULL, NULL));
  g_assert_true (g_regex_match (rule, text, 0, NULL));
  changed = g_regex_replace_literal (rule, text, -1, 0, value, 0, NULL);
  g_assert_true (g_file_set_contents (path, changed, -1, NULL));

  return mc_workflow_load (path, error);
}

typedef struct
{
  McOpsContext ctx;
  const char *code;
  McActionParams params;
} ApologyRun;

static gboolean
apologise_in_transaction (sqlite3   *db,
                          gpointer   user_data,
                          gpointer  *result,
                          GError   **error)
{
  ApologyRun *run = user_data;

  *result = mc_dossier_ops_act (db, &run->ctx, run->code, "apologise", &run->params, error);

  return *result != NULL;
}

/* apology_before_due: "flag" lets a late apology through, marked; a value
 * the rules do not know is refused when they are loaded. */
static void
test_apology_flagged (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(McWorkflow) flag = rules_with_apology (fixture->tmp, "\"apology_before_due\": \"flag\"", &error);
  g_autoptr(McWorkflow) any = NULL;
  g_autoptr(McWorkflow) broken = NULL;
  g_autoptr(McDossier) before = NULL;
  g_autoptr(McDossier) after = NULL;
  g_autofree char *code = receive_birth (fixture->desk, vn (2026, 11, 23, 8, 0), NULL);
  g_autofree char *op = NULL;
  ApologyRun run = { { 0 } };

  g_assert_no_error (error);
  g_assert_cmpint (mc_workflow_get_apology_rule (flag), ==, MC_APOLOGY_FLAG_LATE);
  any = rules_with_apology (fixture->tmp, "\"apology_before_due\": false", &error);
  g_assert_no_error (error);
  g_assert_cmpint (mc_workflow_get_apology_rule (any), ==, MC_APOLOGY_ANY_TIME);
  broken = rules_with_apology (fixture->tmp, "\"apology_before_due\": \"sometimes\"", &error);
  g_assert_null (broken);
  g_assert_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_RULES);
  g_clear_error (&error);

  act_ok (fixture->desk, "lan", code, "forward", NULL, vn (2026, 11, 23, 9, 0));
  before = mc_desk_load_dossier (fixture->desk, code, &error);
  g_assert_no_error (error);

  run.ctx.rules = flag;
  run.ctx.calendar = mc_desk_get_calendar (fixture->desk);
  run.ctx.officer_login = "minh";
  run.ctx.now = before->due_at + 86400;
  run.code = code;
  run.params.reason = (char *) "Chờ kết quả xác minh";
  run.params.new_appointment = before->due_at + 5 * 86400;
  g_assert_true (mc_store_write (mc_desk_get_store (fixture->desk), apologise_in_transaction, &run,
                                 (gpointer *) &op, &error));
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (op));

  after = mc_desk_load_dossier (fixture->desk, code, &error);
  g_assert_cmpint (after->due_at, ==, before->due_at);
  g_assert_cmpint (after->new_due_at, ==, run.params.new_appointment);
  g_assert_nonnull (strstr (after->flags, "apology-after-due"));
}

static void
tamper (McDesk     *desk,
        const char *sql)
{
  g_autofree char *path = g_build_filename (mc_store_get_workspace (mc_desk_get_store (desk)),
                                            "desk.sqlite", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    g_error ("tampering failed: %s", sqlite3_errmsg (db));
  sqlite3_close (db);
}

static gboolean
verify (sqlite3   *db,
        gpointer   user_data,
        gpointer  *result,
        GError   **error)
{
  return mc_audit_verify (db, user_data, error);
}

static char *
audit_problem (McDesk *desk)
{
  McAuditReport report = { 0 };
  g_autoptr(GError) error = NULL;
  char *problem;

  g_assert_true (mc_store_read (mc_desk_get_store (desk), verify, &report, NULL, &error));
  g_assert_no_error (error);
  problem = g_steal_pointer (&report.problem);
  mc_audit_report_clear (&report);

  return problem;
}

static void
test_audit_chain (void)
{
  struct { const char *sql; const char *expect; } attacks[] = {
    { "UPDATE audit SET detail = replace (detail, 'version', 'versioN') WHERE seq = 3", "3" },
    { "UPDATE audit SET actor = 'someone' WHERE seq = 2", "2" },
    { "DELETE FROM audit WHERE seq = 4", "4" },
    { "DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)", "removed" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (attacks); i++)
    {
      g_autoptr(Fixture) fixture = fixture_new (TRUE);
      g_autofree char *code = receive_birth (fixture->desk, vn (2026, 11, 23, 8, 0), NULL);
      g_autofree char *ok = NULL;
      g_autofree char *problem = NULL;

      act_ok (fixture->desk, "lan", code, "forward", NULL, vn (2026, 11, 23, 9, 0));
      act_ok (fixture->desk, "minh", code, "record_opinion", "Đủ điều kiện", vn (2026, 11, 23, 10, 0));
      act_ok (fixture->desk, "minh", code, "submit_to_leader", NULL, vn (2026, 11, 23, 11, 0));
      fixture_attach_draft (mc_desk_get_store (fixture->desk), code);
      act_ok (fixture->desk, "hung", code, "approve", NULL, vn (2026, 11, 23, 14, 0));
      ok = audit_problem (fixture->desk);
      g_assert_null (ok);

      /* The test process writes behind the store's back, as an attacker
       * with the file would. */
      mc_store_close (mc_desk_get_store (fixture->desk));
      tamper (fixture->desk, attacks[i].sql);
      fixture_reopen (fixture);
      problem = audit_problem (fixture->desk);
      g_assert_nonnull (problem);
      g_test_message ("detected: %s", problem);
      g_assert_nonnull (strstr (problem, attacks[i].expect));
    }
}

/* A workspace from before the new appointment had its own column: the
 * apology overwrote due_at. Upgrading brings the original appointment back
 * from the op sent before the apology and keeps the new one beside it. */
/* The schema version whose step keeps the original appointment. */
#define APOLOGY_SCHEMA 6

static void
test_apology_migration (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autoptr(McDossier) before = NULL;
  g_autoptr(McDossier) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = receive_birth (fixture->desk, vn (2026, 11, 23, 8, 0), NULL);
  g_autofree char *op = NULL;
  g_autofree char *downgrade = NULL;
  gint64 new_due;

  act_ok (fixture->desk, "lan", code, "forward", NULL, vn (2026, 11, 23, 9, 0));
  before = mc_desk_load_dossier (fixture->desk, code, &error);
  g_assert_no_error (error);
  new_due = before->due_at + 3 * 86400;
  op = apologise (fixture->desk, code, vn (2026, 11, 24, 8, 0), new_due, &error);
  g_assert_no_error (error);

  mc_store_close (mc_desk_get_store (fixture->desk));
  /* Undone from the last step back: text read from attachments and
   * copies waiting for the office's signature (the
   * search table and its triggers back in step 4's shape, which the
   * upgrade drops again), the indicators' facts (their
   * index holds new_due_at), officers signing in, then the new
   * appointment. */
  downgrade = g_strdup_printf ("DROP TRIGGER file_text_fts;"
                               "DROP TRIGGER dossier_fts_insert;"
                               "DROP TRIGGER dossier_fts_update;"
                               "DROP TRIGGER dossier_fts_delete;"
                               "DROP VIEW dossier_fts_source;"
                               "DROP TABLE dossier_fts;"
                               "DROP TABLE file_text;"
                               "DROP INDEX dossier_file_sign_pending;"
                               "ALTER TABLE dossier_file DROP COLUMN sign_pending;"
                               "DROP INDEX dossier_file_ocr_pending;"
                               "ALTER TABLE dossier_file DROP COLUMN ocr_pending;"
                               "CREATE VIRTUAL TABLE dossier_fts USING fts5 ("
                               "  code, applicant, applicant_id, phone, address, procedure,"
                               "  tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4');"
                               "CREATE TRIGGER dossier_fts_insert AFTER INSERT ON dossier BEGIN SELECT 1; END;"
                               "CREATE TRIGGER dossier_fts_update AFTER UPDATE ON dossier BEGIN SELECT 1; END;"
                               "CREATE TRIGGER dossier_fts_delete AFTER DELETE ON dossier BEGIN SELECT 1; END;"
                               "DROP TRIGGER dossier_facts_insert;"
                               "DROP TRIGGER dossier_facts_update;"
                               "DROP TRIGGER dossier_facts_timeline_insert;"
                               "DROP TRIGGER dossier_facts_timeline_update;"
                               "DROP TRIGGER dossier_facts_timeline_delete;"
                               "DROP TRIGGER dossier_facts_file_insert;"
                               "DROP TRIGGER dossier_facts_file_update;"
                               "DROP TRIGGER dossier_facts_file_delete;"
                               "DROP TRIGGER dossier_facts_component_insert;"
                               "DROP TRIGGER dossier_facts_component_update;"
                               "DROP TRIGGER dossier_facts_component_delete;"
                               "DROP VIEW dossier_report_facts;"
                               "DROP INDEX dossier_report;"
                               "ALTER TABLE dossier DROP COLUMN finished_at;"
                               "ALTER TABLE dossier DROP COLUMN has_component_file;"
                               "ALTER TABLE dossier DROP COLUMN has_result_file;"
                               "ALTER TABLE dossier DROP COLUMN components_filed;"
                               "DROP TABLE officer_auth;"
                               "ALTER TABLE officer DROP COLUMN active;"
                               "UPDATE dossier SET due_at = new_due_at WHERE new_due_at IS NOT NULL;"
                               "ALTER TABLE dossier DROP COLUMN new_due_at;"
                               "PRAGMA user_version = %d;", APOLOGY_SCHEMA - 1);
  tamper (fixture->desk, downgrade);
  fixture_reopen (fixture);

  after = mc_desk_load_dossier (fixture->desk, code, &error);
  g_assert_no_error (error);
  g_assert_cmpint (after->due_at, ==, before->due_at);
  g_assert_cmpint (after->new_due_at, ==, new_due);
}

static gboolean
secure_delete_on (sqlite3   *db,
                  gpointer   user_data,
                  gpointer  *result,
                  GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = mc_db_prepare (db, "PRAGMA secure_delete", error);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  *(gint64 *) user_data = sqlite3_column_int64 (stmt, 0);

  return TRUE;
}

/* Blob names are SHA-256 as the blob store writes them, checked again on
 * every read: a record altered to name another path (or another spelling
 * of a hash) makes the dossier unreadable, never a path out of blobs/.
 * Deleted rows are overwritten on both connections (secure_delete). */
static void
test_store_hygiene (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autoptr(McDossier) dossier = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = receive_birth (fixture->desk, vn (2026, 11, 23, 8, 0), NULL);
  const char *blobs = mc_store_get_blob_dir (mc_desk_get_store (fixture->desk));
  g_autofree char *good_path = NULL;
  const char *good = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  const char *bad[] = {
    "../../../../../../../../../../../../../../../../../../../etc/pwd",
    "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08",
    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a0",
  };
  gint64 on = 0;

  g_assert_true (mc_blob_store_is_sha256 (good));
  good_path = mc_blob_store_path (blobs, good);
  g_assert_nonnull (strstr (good_path, "/9f/"));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *path = mc_blob_store_path (blobs, bad[i]);

      g_assert_false (mc_blob_store_is_sha256 (bad[i]));
      g_assert_null (path);
      g_assert_false (mc_blob_store_has (blobs, bad[i]));
    }

  g_assert_true (mc_store_read (mc_desk_get_store (fixture->desk), secure_delete_on, &on, NULL, &error));
  g_assert_cmpint (on, ==, 1);
  on = 0;
  g_assert_true (mc_store_write (mc_desk_get_store (fixture->desk), secure_delete_on, &on, NULL, &error));
  g_assert_cmpint (on, ==, 1);

  /* A file record pointing out of the blob folder. */
  {
    g_autofree char *sql = g_strdup_printf ("INSERT INTO dossier_file (dossier_id, role, name, sha256, size, added_at)"
                                            " SELECT id, 'component', 'x.pdf', '%s', 1, 0 FROM dossier", bad[0]);

    mc_store_close (mc_desk_get_store (fixture->desk));
    tamper (fixture->desk, sql);
    fixture_reopen (fixture);
  }
  dossier = mc_desk_load_dossier (fixture->desk, code, &error);
  g_assert_null (dossier);
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_CORRUPT);
  g_test_message ("refused: %s", error->message);
}

/* Tells the parent of the kill -9 loop that one more transaction is
 * committed: one line on stdout, written straight to the pipe. */
static void
crash_child_committed (void)
{
  static const char line[] = "committed\n";

  if (write (STDOUT_FILENO, line, sizeof line - 1) != sizeof line - 1)
    _exit (2);
}

/* The child of the kill -9 loop: receives dossiers and moves them along,
 * forever, until killed, and reports each committed transaction. */
static int
crash_child (const char *workspace)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McDesk) desk = mc_desk_open (workspace, MC_STORE_OPEN_DEFAULT, &error);
  const char *steps[][3] = {
    { "lan", "forward", NULL },
    { "minh", "record_opinion", "Đủ điều kiện" },
    { "minh", "submit_to_leader", NULL },
    { "hung", "approve", NULL },
    { "hung", "mark_signed", NULL },
    { "ha", "number_and_seal", NULL },
    { "ha", "ready_to_return", NULL },
    { "lan", "return_result", NULL },
  };

  if (desk == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  for (guint round = 0;; round++)
    {
      g_autoptr(McReception) reception = fixture_birth_reception ();
      g_autoptr(McReceptionResult) result = NULL;

      reception->received_at = vn (2026, 11, 23 + round % 5, 8, 0);
      mc_desk_set_officer_login (desk, "lan");
      result = mc_desk_receive (desk, reception, NULL, &error);
      if (result == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      crash_child_committed ();
      for (guint i = 0; i < round % G_N_ELEMENTS (steps) + 1; i++)
        {
          McActionParams params = { 0 };
          g_autofree char *op = NULL;

          /* The leader approves a result: one is there first. */
          if (g_str_equal (steps[i][1], "approve"))
            fixture_attach_draft (mc_desk_get_store (desk), result->code);

          params.reason = (char *) steps[i][2];
          params.department = (char *) "Tư pháp – Hộ tịch";
          params.issue_number = (char *) "7/GKS";
          mc_desk_set_officer_login (desk, steps[i][0]);
          op = mc_desk_act (desk, result->code, steps[i][1], &params, &error);
          if (op == NULL)
            {
              g_printerr ("%s\n", error->message);
              return 1;
            }
          crash_child_committed ();
        }
    }
}

/* Waits until the child has reported @lines committed transactions; fails
 * the test with the child's own message if it stopped on its own. */
static void
wait_for_commits (GSubprocess *child,
                  guint        lines)
{
  g_autoptr(GDataInputStream) out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));

  for (guint i = 0; i < lines; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *line = g_data_input_stream_read_line (out, NULL, NULL, &error);

      g_assert_no_error (error);
      if (line == NULL)
        {
          g_autoptr(GDataInputStream) err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (child));
          g_autofree char *why = g_data_input_stream_read_line (err, NULL, NULL, NULL);

          g_error ("the crash child stopped after %u commits: %s", i, why ? why : "(no message)");
        }
      g_assert_cmpstr (line, ==, "committed");
    }
}

static void
test_kill_loop (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20251125);
  guint rounds = 100;
  gint64 last_dossiers = 0;

  mc_store_close (mc_desk_get_store (fixture->desk));

  for (guint round = 0; round < rounds; round++)
    {
      const char *argv[] = { self, "--crash-child", fixture->tmp, NULL };
      g_autoptr(GSubprocess) child = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *problem = NULL;
      g_autoptr(GDataInputStream) progress = NULL;
      g_autofree char *line = NULL;
      McStore *store;

      child = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
      g_assert_no_error (error);
      /* Kill only once work is in flight, at a random point after the
       * child has committed a random number of transactions. At least
       * three: the first child round is a reception and one step, so the
       * third commit is a second reception. */
      wait_for_commits (child, g_rand_int_range (rand, 3, 15));
      g_subprocess_send_signal (child, SIGKILL);
      g_subprocess_wait (child, NULL, &error);
      g_assert_no_error (error);
      /* Killed, not failed on its own. */
      g_assert_true (g_subprocess_get_if_signaled (child));

      fixture_reopen (fixture);
      store = mc_desk_get_store (fixture->desk);

      g_assert_cmpint (fixture_count (store, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'"), ==, 0);
      /* Every change is whole: one timeline entry, one op and one audit
       * entry per version of each dossier. */
      g_assert_cmpint (fixture_count (store,
                                      "SELECT count(*) FROM dossier d"
                                      " LEFT JOIN (SELECT dossier_id, count(*) AS n FROM timeline GROUP BY dossier_id) t ON t.dossier_id = d.id"
                                      " LEFT JOIN (SELECT dossier_id, count(*) AS n FROM outbox GROUP BY dossier_id) o ON o.dossier_id = d.id"
                                      " LEFT JOIN (SELECT subject, count(*) AS n FROM audit GROUP BY subject) a ON a.subject = d.code"
                                      " LEFT JOIN (SELECT dossier_id, count(*) AS n FROM dossier_component GROUP BY dossier_id) c ON c.dossier_id = d.id"
                                      " WHERE d.version <> coalesce (t.n, 0) OR d.version <> coalesce (o.n, 0)"
                                      " OR d.version <> coalesce (a.n, 0) OR coalesce (c.n, 0) <> 3"),
                       ==, 0);
      /* Each reception used exactly one number, and numbers are unique. */
      g_assert_cmpint (fixture_count (store, "SELECT count(*) FROM dossier"), ==,
                       fixture_count (store, "SELECT coalesce(sum(next - first), 0) FROM sequence_lease"));
      g_assert_cmpint (fixture_count (store, "SELECT count(*) FROM audit"), ==,
                       fixture_count (store, "SELECT count(*) FROM outbox"));
      problem = audit_problem (fixture->desk);
      g_assert_null (problem);

      g_assert_cmpint (fixture_count (store, "SELECT count(*) FROM dossier"), >=, last_dossiers);
      last_dossiers = fixture_count (store, "SELECT count(*) FROM dossier");
      mc_store_close (store);
    }

  /* The children did real work between the kills: each one committed
   * at least two receptions before it was killed. */
  g_test_message ("%" G_GINT64_FORMAT " dossiers after %u kills", last_dossiers, rounds);
  g_assert_cmpint (last_dossiers, >=, 2 * (gint64) rounds);
  fixture_reopen (fixture);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "--crash-child"))
    {
      mc_core_init ();
      return crash_child (argv[2]);
    }

  mc_core_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/workflow/receive", test_receive);
  g_test_add_func ("/workflow/after-hours-and-weekend", test_after_hours_and_weekend);
  g_test_add_func ("/workflow/same-day", test_same_day);
  g_test_add_func ("/workflow/full-path", test_full_path);
  g_test_add_func ("/workflow/refusals", test_refusals);
  g_test_add_func ("/workflow/bad-receptions", test_bad_receptions);
  g_test_add_func ("/workflow/exhausted-numbers", test_exhausted_numbers);
  g_test_add_func ("/workflow/supplement-pauses-clock", test_supplement_pauses_clock);
  g_test_add_func ("/workflow/apology", test_apology);
  g_test_add_func ("/workflow/apology-flagged", test_apology_flagged);
  g_test_add_func ("/workflow/apology-migration", test_apology_migration);
  g_test_add_func ("/workflow/audit-chain", test_audit_chain);
  g_test_add_func ("/workflow/store-hygiene", test_store_hygiene);
  g_test_add_func ("/workflow/kill-loop", test_kill_loop);

  return g_test_run ();
}
