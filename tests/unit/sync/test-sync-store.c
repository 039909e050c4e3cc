/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store's side of sync (app/store/mc-sync-store.c), without a server:
 * the sign-in's state and attempts, the outbox's answers (applied ops are
 * sent, conflicts and rejections are kept with the server's answer), and
 * pages of the change feed (an online dossier imported into "New online",
 * reference data, this desk's own ops, a change to a dossier with unsent
 * local ops kept aside, not merged); published procedures, holiday tables
 * and slip templates checked, used from their date, refused when broken,
 * and loaded again when the desk opens. */
#include "config.h"

#include <json-glib/json-glib.h>

#include "domain/calendar/mc-calendar.h"
#include "domain/mc-state.h"
#include "store/mc-desk-profile.h"
#include "store/mc-desk-private.h"
#include "store/mc-desk-records.h"
#include "store/mc-desk-reference.h"
#include "store/mc-desk-slips.h"
#include "mc-core.h"
#include "store/mc-sync-store.h"
#include "workflow-fixture.h"

static char *
receive_one (Fixture *fixture)
{
  g_autoptr(McReception) reception = fixture_birth_reception ();
  g_autoptr(GDateTime) at = g_date_time_new (mc_vietnam_time_zone (), 2026, 11, 24, 9, 0, 0);
  g_autoptr(McReceptionResult) result = NULL;
  g_autoptr(GError) error = NULL;

  reception->received_at = g_date_time_to_unix (at);
  mc_desk_set_officer_login (fixture->desk, "lan");
  result = mc_desk_receive (fixture->desk, reception, NULL, &error);
  g_assert_no_error (error);

  return g_strdup (result->code);
}

static McSyncState *
state_of (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  McSyncState *state = mc_desk_sync_load_state (fixture->desk, &error);

  g_assert_no_error (error);
  g_assert_nonnull (state);

  return state;
}

static JsonArray *
array_from (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));

  return json_array_ref (json_node_get_array (node));
}

static void
test_state (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(McSyncState) before = state_of (fixture);
  g_autoptr(McSyncState) signed_in = NULL;
  g_autoptr(McSyncState) offline = NULL;
  g_autoptr(McSyncState) synced = NULL;
  g_autoptr(McSyncState) waiting = NULL;
  g_autofree char *code = NULL;

  g_assert_cmpstr (before->state, ==, "signed-out");
  g_assert_null (before->server);
  g_assert_true (g_uuid_string_is_valid (before->desk_id));

  g_assert_true (mc_desk_sync_set_server (fixture->desk, "https://central.example", "lan", NULL, &error));
  g_assert_no_error (error);
  signed_in = state_of (fixture);
  g_assert_cmpstr (signed_in->server, ==, "https://central.example");
  g_assert_cmpstr (signed_in->login, ==, "lan");
  g_assert_cmpstr (signed_in->state, ==, "waiting");
  g_assert_cmpint (signed_in->last_success, ==, 0);
  g_assert_cmpstr (signed_in->desk_id, ==, before->desk_id);

  g_assert_true (mc_desk_sync_record_attempt (fixture->desk, "offline", "no route", &error));
  offline = state_of (fixture);
  g_assert_cmpstr (offline->state, ==, "offline");
  g_assert_cmpstr (offline->last_error, ==, "no route");
  g_assert_cmpint (offline->offline_since, >, 0);

  g_assert_true (mc_desk_sync_record_attempt (fixture->desk, "synced", NULL, &error));
  synced = state_of (fixture);
  g_assert_cmpstr (synced->state, ==, "synced");
  g_assert_null (synced->last_error);
  g_assert_cmpint (synced->offline_since, ==, 0);
  g_assert_cmpint (synced->last_success, >, 0);

  /* Work done after the last sync is waiting. */
  code = receive_one (fixture);
  waiting = state_of (fixture);
  g_assert_cmpstr (waiting->state, ==, "waiting");
  g_assert_cmpint (waiting->pending_ops, ==, 1);
}

static void
test_outbox_answers (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *first = receive_one (fixture);
  g_autofree char *second = receive_one (fixture);
  g_autofree char *third = receive_one (fixture);
  g_autoptr(GPtrArray) ops = mc_desk_sync_pending_ops (fixture->desk, 10, &error);
  g_autoptr(GPtrArray) two = mc_desk_sync_pending_ops (fixture->desk, 2, &error);
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GPtrArray) left = NULL;
  g_autoptr(McSyncState) state = NULL;
  g_autoptr(JsonArray) results = NULL;
  g_autofree char *answers = NULL;
  McSyncOp *op;

  g_assert_no_error (error);
  g_assert_cmpuint (ops->len, ==, 3);
  g_assert_cmpuint (two->len, ==, 2);
  op = g_ptr_array_index (ops, 0);
  g_assert_cmpstr (op->dossier_code, ==, first);
  g_assert_cmpstr (op->type, ==, "receive");
  g_assert_cmpint (op->base_version, ==, 0);
  g_assert_true (g_uuid_string_is_valid (op->op_id));
  g_assert_nonnull (strstr (op->payload, first));

  answers = g_strdup_printf ("[{\"op_id\": \"%s\", \"status\": \"applied\", \"version\": 1},"
                             " {\"op_id\": \"%s\", \"status\": \"duplicate\", \"first\": {\"status\": \"applied\"}},"
                             " {\"op_id\": \"%s\", \"status\": \"conflict\", \"server_version\": 4,"
                             "  \"server_state\": 6, \"dossier\": {\"MaHoSo\": \"%s\"}}]",
                             op->op_id, ((McSyncOp *) g_ptr_array_index (ops, 1))->op_id,
                             ((McSyncOp *) g_ptr_array_index (ops, 2))->op_id, third);
  results = array_from (answers);
  g_assert_true (mc_desk_sync_mark_ops (fixture->desk, results, &error));
  g_assert_no_error (error);

  left = mc_desk_sync_pending_ops (fixture->desk, 10, &error);
  g_assert_cmpuint (left->len, ==, 0);
  state = state_of (fixture);
  g_assert_cmpint (state->pending_ops, ==, 0);
  g_assert_cmpint (state->conflicts, ==, 1);

  /* The conflict is kept with the server's version, to be shown. */
  conflicts = mc_desk_sync_list_conflicts (fixture->desk, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_cmpstr (((McSyncConflict *) g_ptr_array_index (conflicts, 0))->dossier_code, ==, third);
  g_assert_cmpstr (((McSyncConflict *) g_ptr_array_index (conflicts, 0))->kind, ==, "conflict");
  g_assert_nonnull (strstr (((McSyncConflict *) g_ptr_array_index (conflicts, 0))->detail, "\"server_version\":4"));
  (void) second;
}

static void
test_feed_page (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(McSyncState) state = state_of (fixture);
  g_autofree char *local = receive_one (fixture);
  g_autofree char *page = NULL;
  g_autoptr(JsonArray) changes = NULL;
  g_autoptr(McDossier) online = NULL;
  g_autoptr(McDossier) kept = NULL;
  g_autoptr(McSyncState) after = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GPtrArray) officers = NULL;
  McSyncApplyCounts counts = { 0 };
  gboolean found = FALSE;

  page = g_strdup_printf (
    "[{\"seq\": 1, \"kind\": \"dossier\", \"dossier_code\": \"H40.12.03.X05-261124-9001\", \"version\": 1,"
    "  \"desk_id\": null, \"dossier\": {\"MaHoSo\": \"H40.12.03.X05-261124-9001\", \"MaTTHC\": \"1.001193\","
    "  \"KenhThucHien\": 2, \"TrangThaiHoSo\": 1, \"ChuHoSo\": \"Đặng Thị Hòa\", \"SoDinhDanh\": \"001190012345\","
    "  \"NgayNopHoSo\": \"20261124083015\", \"TaiLieuNop\": []}},"
    " {\"seq\": 2, \"kind\": \"dossier\", \"dossier_code\": \"%s\", \"version\": 1, \"desk_id\": \"%s\","
    "  \"dossier\": {\"MaHoSo\": \"%s\", \"TrangThaiHoSo\": 2}},"
    " {\"seq\": 3, \"kind\": \"dossier\", \"dossier_code\": \"%s\", \"version\": 3, \"desk_id\": \"%s\","
    "  \"dossier\": {\"MaHoSo\": \"%s\", \"TrangThaiHoSo\": 4}},"
    " {\"seq\": 4, \"kind\": \"officer\", \"login\": \"minh\", \"name\": \"Lê Văn Minh\", \"role\": \"receptionist\","
    "  \"active\": true, \"version\": 1},"
    " {\"seq\": 5, \"kind\": \"procedure\", \"code\": \"1.001193\", \"version\": 7, \"definition\": {}},"
    " {\"seq\": 6, \"kind\": \"weather\"}]",
    local, state->desk_id, local, local, "0b7e6a1c-0000-4000-8000-000000000001", local);
  changes = array_from (page);

  g_assert_true (mc_desk_sync_apply_changes (fixture->desk, changes, "Y3Vyc29y", &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.imported, ==, 1);
  g_assert_cmpuint (counts.own, ==, 1);
  g_assert_cmpuint (counts.conflicts, ==, 1);
  g_assert_cmpuint (counts.reference, ==, 1);
  g_assert_cmpuint (counts.refused, ==, 1);     /* an empty definition */
  g_assert_cmpuint (counts.ignored, ==, 1);

  /* The online dossier is in "New online": state 1, channel 2. */
  online = mc_desk_load_dossier (fixture->desk, "H40.12.03.X05-261124-9001", &error);
  g_assert_no_error (error);
  g_assert_cmpint (online->state, ==, MC_STATE_SUBMITTED);
  g_assert_cmpint (online->channel, ==, 2);
  g_assert_cmpstr (online->applicant_name, ==, "Đặng Thị Hòa");

  /* Another desk's change to a dossier with an unsent op is kept aside. */
  kept = mc_desk_load_dossier (fixture->desk, local, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kept->state, ==, MC_STATE_RECEIVED);
  g_assert_cmpint (kept->version, ==, 1);
  conflicts = mc_desk_sync_list_conflicts (fixture->desk, &error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_cmpstr (((McSyncConflict *) g_ptr_array_index (conflicts, 0))->kind, ==, "server-change");
  g_assert_cmpstr (((McSyncConflict *) g_ptr_array_index (conflicts, 0))->dossier_code, ==, local);

  after = state_of (fixture);
  g_assert_cmpstr (after->cursor, ==, "Y3Vyc29y");
  g_assert_cmpint (after->conflicts, ==, 1);

  officers = mc_desk_list_officers (fixture->desk, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < officers->len; i++)
    found |= g_strcmp0 (((McOfficer *) g_ptr_array_index (officers, i))->login, "minh") == 0;
  g_assert_true (found);
}

static void
test_feed_updates (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *code = receive_one (fixture);
  g_autoptr(GPtrArray) ops = mc_desk_sync_pending_ops (fixture->desk, 10, &error);
  g_autofree char *answer = NULL;
  g_autofree char *page = NULL;
  g_autoptr(JsonArray) results = NULL;
  g_autoptr(JsonArray) changes = NULL;
  g_autoptr(McDossier) dossier = NULL;
  McSyncApplyCounts counts = { 0 };

  answer = g_strdup_printf ("[{\"op_id\": \"%s\", \"status\": \"applied\", \"version\": 1}]",
                            ((McSyncOp *) g_ptr_array_index (ops, 0))->op_id);
  results = array_from (answer);
  g_assert_true (mc_desk_sync_mark_ops (fixture->desk, results, &error));

  /* With nothing unsent, another desk's newer version is taken. */
  page = g_strdup_printf ("[{\"seq\": 9, \"kind\": \"dossier\", \"dossier_code\": \"%s\", \"version\": 2,"
                          " \"desk_id\": \"0b7e6a1c-0000-4000-8000-000000000001\","
                          " \"dossier\": {\"MaHoSo\": \"%s\", \"TrangThaiHoSo\": 4}}]", code, code);
  changes = array_from (page);
  g_assert_true (mc_desk_sync_apply_changes (fixture->desk, changes, NULL, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.applied, ==, 1);
  dossier = mc_desk_load_dossier (fixture->desk, code, &error);
  g_assert_cmpint (dossier->state, ==, 4);
  g_assert_cmpint (dossier->version, ==, 2);
}

/* A server change kept aside for a dossier with one unsent op (version 3,
 * state 4 on the server), then resolved as @choice. */
static void
check_resolve (McSyncChoice choice)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *code = receive_one (fixture);
  g_autofree char *page = NULL;
  g_autoptr(JsonArray) changes = NULL;
  g_autoptr(McSyncDossierConflict) conflict = NULL;
  g_autoptr(McSyncDossierConflict) none = NULL;
  g_autoptr(McSyncState) state = NULL;
  g_autoptr(McDossier) dossier = NULL;
  g_autoptr(GPtrArray) ops = NULL;

  page = g_strdup_printf ("[{\"seq\": 3, \"kind\": \"dossier\", \"dossier_code\": \"%s\", \"version\": 3,"
                          " \"desk_id\": \"0b7e6a1c-0000-4000-8000-000000000001\","
                          " \"dossier\": {\"MaHoSo\": \"%s\", \"TrangThaiHoSo\": 4}}]", code, code);
  changes = array_from (page);
  g_assert_true (mc_desk_sync_apply_changes (fixture->desk, changes, NULL, NULL, &error));
  g_assert_no_error (error);

  /* Both versions, as the banner shows them. */
  conflict = mc_desk_sync_dossier_conflict (fixture->desk, code, &error);
  g_assert_no_error (error);
  g_assert_nonnull (conflict);
  g_assert_cmpint (conflict->local_state, ==, MC_STATE_RECEIVED);
  g_assert_cmpint (conflict->local_version, ==, 1);
  g_assert_cmpstr (conflict->local_ops, ==, "receive");
  g_assert_cmpint (conflict->server_state, ==, 4);
  g_assert_cmpint (conflict->server_version, ==, 3);

  g_assert_true (mc_desk_sync_resolve (fixture->desk, code, choice, &error));
  g_assert_no_error (error);
  none = mc_desk_sync_dossier_conflict (fixture->desk, code, &error);
  g_assert_no_error (error);
  g_assert_null (none);
  state = state_of (fixture);
  g_assert_cmpint (state->conflicts, ==, 0);
  dossier = mc_desk_load_dossier (fixture->desk, code, &error);
  g_assert_no_error (error);
  ops = mc_desk_sync_pending_ops (fixture->desk, 10, &error);
  if (choice == MC_SYNC_KEEP_DESK)
    {
      /* The op goes again, on the server's version. */
      g_assert_cmpuint (ops->len, ==, 1);
      g_assert_cmpint (((McSyncOp *) g_ptr_array_index (ops, 0))->base_version, ==, 3);
      g_assert_cmpint (dossier->version, ==, 4);
      g_assert_cmpint (dossier->state, ==, MC_STATE_RECEIVED);
    }
  else
    {
      g_assert_cmpuint (ops->len, ==, 0);
      g_assert_cmpint (dossier->version, ==, 3);
      g_assert_cmpint (dossier->state, ==, 4);
    }
  /* The choice is in the audit log, and the log still checks. */
  g_assert_cmpint (fixture_count (mc_desk_get_store (fixture->desk),
                                  "SELECT count(*) FROM audit WHERE action = 'sync_resolve'"), ==, 1);
  {
    McAuditReport report = { 0 };

    g_assert_true (mc_desk_verify_audit (fixture->desk, &report, &error));
    g_assert_no_error (error);
    g_assert_null (report.problem);
    mc_audit_report_clear (&report);
  }
}

static void
test_resolve_keep_desk (void)
{
  check_resolve (MC_SYNC_KEEP_DESK);
}

static void
test_resolve_take_server (void)
{
  check_resolve (MC_SYNC_TAKE_SERVER);
}

static gint64
vietnam_time (int year,
              int month,
              int day,
              int hour)
{
  g_autoptr(GDateTime) at = g_date_time_new (mc_vietnam_time_zone (), year, month, day, hour, 0, 0);

  return g_date_time_to_unix (at);
}

/* A file of the data folder, as JSON text with @name in place of its
 * "name" (the shipped definitions are what the centre publishes too). */
static char *
shipped_json (const char *folder,
              const char *file,
              const char *name)
{
  g_autofree char *path = g_build_filename (mc_core_get_data_dir (), folder, file, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  json_object_set_string_member (json_node_get_object (json_parser_get_root (parser)), "name", name);

  return json_to_string (json_parser_get_root (parser), FALSE);
}

static char *
procedure_name_at (McDesk *desk,
                   gint64  at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McProcedure) procedure = NULL;

  mc_desk_set_clock (desk, at);
  procedure = mc_desk_load_procedure (desk, "1.001022", &error);
  g_assert_no_error (error);

  return g_strdup (mc_procedure_get_name (procedure));
}

static const char *
state_at (McDesk     *desk,
          gint64      at,
          const char *kind,
          gint64      version)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = mc_desk_sync_list_reference (desk, at, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    {
      McSyncReference *item = g_ptr_array_index (list, i);

      if (g_str_equal (item->kind, kind) && item->version == version)
        return g_intern_string (item->state);
    }
  g_assert_not_reached ();
}

static void
test_feed_reference (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *shipped_name = NULL;
  g_autofree char *v7 = shipped_json ("procedures", "1.001022.json", "Thủ tục sửa đổi");
  g_autofree char *v8 = shipped_json ("procedures", "1.001022.json", "Thủ tục từ 15/12");
  g_autofree char *receipt = shipped_json ("slips", "receipt.json", "Giấy tiếp nhận (mẫu mới)");
  g_autofree char *ini_path = g_build_filename (mc_core_get_data_dir (), "holidays", "2025.ini", NULL);
  g_autofree char *ini = NULL;
  g_autofree char *table = NULL;
  g_autoptr(JsonNode) table_node = json_node_new (JSON_NODE_VALUE);
  g_autofree char *table_json = NULL;
  g_autofree char *page = NULL;
  g_autoptr(JsonArray) changes = NULL;
  GDate new_holiday;
  McSyncApplyCounts counts = { 0 };
  gint64 arrival = vietnam_time (2025, 11, 24, 10);
  g_autofree char *name = NULL;

  g_date_clear (&new_holiday, 1);
  g_date_set_dmy (&new_holiday, 26, 11, 2025);
  g_assert_true (g_file_get_contents (ini_path, &ini, NULL, &error));
  g_assert_no_error (error);
  table = g_strconcat (ini, "\n[day 2025-11-26]\nkind = holiday\nname = Ngày nghỉ mới\nsource = Quyết định thử\n", NULL);
  json_node_set_string (table_node, table);
  table_json = json_to_string (table_node, FALSE);

  shipped_name = procedure_name_at (fixture->desk, arrival);
  g_assert_true (mc_calendar_is_working_day (mc_desk_get_calendar (fixture->desk), &new_holiday));

  page = g_strdup_printf (
    "[{\"seq\": 1, \"kind\": \"procedure\", \"code\": \"1.001022\", \"version\": 7,"
    "  \"effective_from\": \"2025-11-01\", \"definition\": %s},"
    " {\"seq\": 2, \"kind\": \"procedure\", \"code\": \"1.001022\", \"version\": 8,"
    "  \"effective_from\": \"2025-12-15\", \"definition\": %s},"
    " {\"seq\": 3, \"kind\": \"procedure\", \"code\": \"1.001022\", \"version\": 9,"
    "  \"definition\": {\"code\": \"1.001022\", \"name\": \"Thiếu\"}},"
    " {\"seq\": 4, \"kind\": \"holidays\", \"year\": 2025, \"version\": 2, \"table\": %s},"
    " {\"seq\": 5, \"kind\": \"holidays\", \"year\": 2025, \"version\": 3, \"table\": \"[year]\\nyear = 2024\\n\"},"
    " {\"seq\": 6, \"kind\": \"slip_template\", \"name\": \"receipt\", \"version\": 2, \"template\": %s},"
    " {\"seq\": 7, \"kind\": \"slip_template\", \"name\": \"refusal\", \"version\": 2, \"template\": %s}]",
    v7, v8, table_json, receipt, receipt);
  changes = array_from (page);

  mc_desk_set_clock (fixture->desk, arrival);
  g_assert_true (mc_desk_sync_apply_changes (fixture->desk, changes, "Y3Vyc29y", &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.reference, ==, 4);
  /* No fields, a table for another year, a receipt template published as
   * a refusal template. */
  g_assert_cmpuint (counts.refused, ==, 3);

  /* In force from its date; not for a time before it arrived. */
  g_free (name);
  name = procedure_name_at (fixture->desk, arrival);
  g_assert_cmpstr (name, ==, "Thủ tục sửa đổi");
  g_free (name);
  name = procedure_name_at (fixture->desk, arrival - 3600);
  g_assert_cmpstr (name, ==, shipped_name);
  g_free (name);
  name = procedure_name_at (fixture->desk, vietnam_time (2025, 12, 15, 0));
  g_assert_cmpstr (name, ==, "Thủ tục từ 15/12");

  g_assert_cmpstr (state_at (fixture->desk, arrival, "procedure", 7), ==, "in-force");
  g_assert_cmpstr (state_at (fixture->desk, arrival, "procedure", 8), ==, "waiting");
  g_assert_cmpstr (state_at (fixture->desk, arrival, "procedure", 9), ==, "refused");
  g_assert_cmpstr (state_at (fixture->desk, vietnam_time (2025, 12, 16, 0), "procedure", 7), ==, "replaced");
  g_assert_cmpstr (state_at (fixture->desk, arrival, "holidays", 2), ==, "in-force");
  g_assert_cmpstr (state_at (fixture->desk, arrival, "holidays", 3), ==, "refused");
  g_assert_cmpstr (state_at (fixture->desk, arrival, "slip_template", 2), ==, "in-force");

  /* Slips of that kind print with it; the refused one is not used. */
  {
    g_autofree char *code = receive_one (fixture);
    g_autoptr(McSlipData) slip = NULL;

    mc_desk_set_clock (fixture->desk, arrival);
    slip = mc_desk_load_slip_data (fixture->desk, "receipt", code, "lan", &error);
    g_assert_no_error (error);
    g_assert_nonnull (mc_slip_data_get_template (slip));
    g_assert_cmpstr (mc_slip_template_get_name (mc_slip_data_get_template (slip)), ==, "Giấy tiếp nhận (mẫu mới)");
    g_clear_pointer (&slip, mc_slip_data_unref);
    slip = mc_desk_load_slip_data (fixture->desk, "control-sheet", code, "lan", &error);
    g_assert_no_error (error);
    g_assert_null (mc_slip_data_get_template (slip));
  }

  /* The calendar takes the new day off at once, and again at the next
   * start (the store keeps it; the data folder does not have it). */
  g_assert_false (mc_calendar_is_working_day (mc_desk_get_calendar (fixture->desk), &new_holiday));
  fixture_reopen (fixture);
  g_assert_false (mc_calendar_is_working_day (mc_desk_get_calendar (fixture->desk), &new_holiday));
  g_free (name);
  name = procedure_name_at (fixture->desk, arrival);
  g_assert_cmpstr (name, ==, "Thủ tục sửa đổi");

  /* A table published ahead of its date is used from the first load on
   * or after that date, not before. */
  {
    g_autofree char *later = g_strconcat (table, "\n[day 2025-12-03]\nkind = holiday\nname = Ngày nghỉ sau\nsource = Quyết định thử\n", NULL);
    g_autoptr(JsonNode) later_node = json_node_new (JSON_NODE_VALUE);
    g_autofree char *later_json = NULL;
    g_autofree char *later_page = NULL;
    g_autoptr(JsonArray) later_changes = NULL;
    GDate later_day;

    json_node_set_string (later_node, later);
    later_json = json_to_string (later_node, FALSE);
    later_page = g_strdup_printf ("[{\"seq\": 8, \"kind\": \"holidays\", \"year\": 2025, \"version\": 4,"
                                  "  \"effective_from\": \"2025-12-01\", \"table\": %s}]", later_json);
    later_changes = array_from (later_page);
    g_date_clear (&later_day, 1);
    g_date_set_dmy (&later_day, 3, 12, 2025);

    mc_desk_set_clock (fixture->desk, arrival);
    g_assert_true (mc_desk_sync_apply_changes (fixture->desk, later_changes, NULL, &counts, &error));
    g_assert_no_error (error);
    g_assert_true (mc_calendar_is_working_day (mc_desk_get_calendar (fixture->desk), &later_day));
    g_assert_false (mc_calendar_is_working_day (mc_desk_get_calendar (fixture->desk), &new_holiday));
    g_assert_true (mc_desk_sync_load_reference (fixture->desk, &error));
    g_assert_no_error (error);
    g_assert_true (mc_calendar_is_working_day (mc_desk_get_calendar (fixture->desk), &later_day));

    mc_desk_set_clock (fixture->desk, vietnam_time (2025, 12, 1, 7));
    g_assert_true (mc_desk_sync_load_reference (fixture->desk, &error));
    g_assert_no_error (error);
    g_assert_false (mc_calendar_is_working_day (mc_desk_get_calendar (fixture->desk), &later_day));
    g_assert_false (mc_calendar_is_working_day (mc_desk_get_calendar (fixture->desk), &new_holiday));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync-store/state", test_state);
  g_test_add_func ("/sync-store/outbox-answers", test_outbox_answers);
  g_test_add_func ("/sync-store/feed-page", test_feed_page);
  g_test_add_func ("/sync-store/feed-updates", test_feed_updates);
  g_test_add_func ("/sync-store/feed-reference", test_feed_reference);
  g_test_add_func ("/sync-store/resolve-keep-desk", test_resolve_keep_desk);
  g_test_add_func ("/sync-store/resolve-take-server", test_resolve_take_server);

  return g_test_run ();
}
