/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Slips printed from real dossiers. A desk is made, dossiers are received
 * and moved through McDesk as the app does, then `motcua-cli slip` prints
 * them and independent tools judge the PDF: pdftotext must show the names
 * and codes with their diacritics, zbarimg must read exactly the code from
 * the QR at 150 dpi, a supplement slip shows the reason, an apology slip
 * both appointments, the control sheet the hand-overs, and the ledger only
 * the dossiers of its period. Slips that make no sense for a dossier, bad
 * kinds, unknown codes and unwritable outputs exit non-zero with one line
 * and leave no file (and an existing file untouched). */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "domain/mc-state.h"
#include "forms/mc-dossier-slip.h"
#include "forms/mc-slip-template.h"
#include "store/mc-dossier-repo.h"
#include "cli-run.h"
#include "workflow-fixture.h"
#include "store/mc-desk-private.h"

/* motcua-cli --workspace WS ARGS… */
static void
run_cli (CliRun             *run,
         Fixture            *fixture,
         const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (gpointer) g_getenv ("MOTCUA_CLI"));
  g_ptr_array_add (argv, (gpointer) "--workspace");
  g_ptr_array_add (argv, fixture->tmp);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  cli_run_argv (run, NULL, (const char * const *) argv->pdata);
}

#define CLI(run, fixture, ...) run_cli (run, fixture, (const char * const[]) { __VA_ARGS__, NULL })
#define TOOL(run, ...) cli_run_argv (run, NULL, (const char * const[]) { __VA_ARGS__, NULL })

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” not in:\n%s", needle, haystack);
}

static void
assert_lacks (const char *haystack,
              const char *needle)
{
  if (strstr (haystack, needle) != NULL)
    g_error ("“%s” should not be in:\n%s", needle, haystack);
}

/* A message of exactly one line, ending with its newline. */
static void
assert_one_line (const char *text)
{
  const char *newline = strchr (text, '\n');

  g_assert_nonnull (newline);
  g_assert_cmpstr (newline + 1, ==, "");
}

static gint64
vn_time (int y, int m, int d, int h, int mi)
{
  g_autoptr(GDateTime) dt = g_date_time_new (mc_vietnam_time_zone (), y, m, d, h, mi, 0);

  return g_date_time_to_unix (dt);
}

static char *
receive (Fixture    *fixture,
         const char *name,
         gint64      at)
{
  g_autoptr(McReception) reception = fixture_birth_reception ();
  g_autoptr(McReceptionResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_set_str_compat (&reception->applicant_name, name);
  reception->received_at = at;
  mc_desk_set_officer_login (fixture->desk, "lan");
  mc_desk_set_clock (fixture->desk, at);
  result = mc_desk_receive (fixture->desk, reception, NULL, &error);
  g_assert_no_error (error);

  return g_strdup (result->code);
}

static void
act (Fixture              *fixture,
     const char           *login,
     const char           *code,
     const char           *action,
     const McActionParams *params,
     gint64                at)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *op_id = NULL;

  mc_desk_set_officer_login (fixture->desk, login);
  mc_desk_set_clock (fixture->desk, at);
  op_id = mc_desk_act (fixture->desk, code, action, params, &error);
  g_assert_no_error (error);
  g_assert_nonnull (op_id);
}

static McDossier *
load (Fixture    *fixture,
      const char *code)
{
  g_autoptr(GError) error = NULL;
  McDossier *dossier = mc_desk_load_dossier (fixture->desk, code, &error);

  g_assert_no_error (error);
  return dossier;
}

static char *
out_path (Fixture    *fixture,
          const char *name)
{
  return g_build_filename (fixture->tmp, name, NULL);
}

/* The PDF's text by pdftotext. Paragraphs and cells wrap where the layout
 * decides, so lines are joined with spaces. */
static char *
pdf_text (const char *pdf)
{
  g_auto(CliRun) text = { 0 };

  TOOL (&text, "pdftotext", "-enc", "UTF-8", pdf, "-");
  g_assert_cmpint (text.status, ==, 0);
  g_assert_true (g_utf8_validate (text.out, -1, NULL));
  g_strdelimit (text.out, "\n", ' ');

  return g_steal_pointer (&text.out);
}

/* Prints KIND for CODE with the CLI and returns the PDF's text. */
static char *
print_slip (Fixture    *fixture,
            const char *kind,
            const char *code,
            const char *pdf)
{
  g_auto(CliRun) run = { 0 };

  CLI (&run, fixture, "slip", kind, code, "-o", pdf);
  if (run.status != 0)
    g_error ("slip %s failed: %s", kind, run.err);
  g_assert_cmpstr (g_strstrip (run.out), ==, pdf);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));

  return pdf_text (pdf);
}

static void
test_receipt (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autofree char *code = receive (fixture, "Đặng Thị Hòa", vn_time (2026, 12, 1, 9, 0));
  g_autofree char *pdf = out_path (fixture, "receipt.pdf");
  g_autofree char *png_root = out_path (fixture, "receipt-page");
  g_autofree char *png = out_path (fixture, "receipt-page-1.png");
  g_autofree char *text = NULL;
  g_autofree char *nfd = NULL;
  g_autoptr(McDossier) dossier = load (fixture, code);
  g_auto(CliRun) render = { 0 };
  g_auto(CliRun) qr = { 0 };
  GStatBuf st;

  text = print_slip (fixture, "receipt", code, pdf);
  assert_contains (text, "Đặng Thị Hòa");
  assert_contains (text, code);
  assert_contains (text, "Tờ khai đăng ký khai sinh");
  assert_contains (text, "Nguyễn Thị Lan");   /* the receiver */
  /* The processing time from the store's catalogue, worded by the template. */
  assert_contains (text, "3. Thời gian giải quyết hồ sơ theo quy định là: 3 ngày làm việc");
  /* The first dossier of 2026 in the ledger's book. */
  assert_contains (text, "Quyển số: 2026 Số thứ tự: 1");
  assert_contains (text, "ngày 01/12/2026");
  /* The precomposed letters survive: no decomposed form in the text. */
  nfd = g_utf8_normalize ("Hòa", -1, G_NORMALIZE_NFD);
  assert_lacks (text, nfd);

  /* Created private (0600) like every file of ours. */
  g_assert_cmpint (g_stat (pdf, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  TOOL (&render, "pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", pdf, png_root);
  g_assert_cmpint (render.status, ==, 0);
  TOOL (&qr, "zbarimg", "--raw", "-q", png);
  g_assert_cmpint (qr.status, ==, 0);
  g_assert_cmpstr (g_strchomp (qr.out), ==, dossier->code);
}

/* A procedure settled within the day: "trong ngày" for the time limit
 * and, when the appointment falls on the day of reception, for the
 * return, instead of an hour computed from no working days. */
static void
test_same_day (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autofree char *code = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  g_autoptr(McDossier) dossier = NULL;
  g_autoptr(McSlipData) data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) received = NULL;
  g_autoptr(GDateTime) due = NULL;

  fixture_set_procedure_days (fixture, "1.001193", 0);
  code = receive (fixture, "Đặng Thị Hòa", vn_time (2026, 12, 1, 9, 0));
  dossier = load (fixture, code);
  received = mc_vietnam_from_unix (dossier->received_at);
  due = mc_vietnam_from_unix (dossier->due_at);
  g_assert_cmpint (g_date_time_get_day_of_month (due), ==, g_date_time_get_day_of_month (received));

  data = mc_desk_load_slip_data (fixture->desk, "receipt", code, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mc_slip_data_get (data, "processing_days"), ==, "same-day");
  g_assert_cmpstr (mc_slip_data_get (data, "same_day_appointment"), ==, "2026-12-01");

  pdf = out_path (fixture, "receipt-same-day.pdf");
  text = print_slip (fixture, "receipt", code, pdf);
  assert_contains (text, "3. Thời gian giải quyết hồ sơ theo quy định là: trong ngày");
  assert_contains (text, "5. Thời gian trả kết quả giải quyết hồ sơ: trong ngày 01/12/2026");
  assert_lacks (text, "0 ngày làm việc");
  assert_lacks (text, "same-day");
}

/* A day and a half, with the Vietnamese decimal comma. */
static void
test_half_day (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autofree char *code = NULL;
  g_autoptr(McSlipData) data = NULL;
  g_autoptr(GError) error = NULL;

  fixture_set_procedure_days (fixture, "1.001193", 1.5);
  code = receive (fixture, "Đặng Thị Hòa", vn_time (2026, 12, 1, 9, 0));
  data = mc_desk_load_slip_data (fixture->desk, "receipt", code, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mc_slip_data_get (data, "processing_days"), ==, "1,5");
  g_assert_null (mc_slip_data_get (data, "same_day_appointment"));
}

static void
test_supplement (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autofree char *code = receive (fixture, "Vũ Văn Dũng", vn_time (2026, 12, 1, 9, 0));
  g_autofree char *pdf = out_path (fixture, "supplement.pdf");
  g_autofree char *before = out_path (fixture, "too-early.pdf");
  g_autofree char *text = NULL;
  McActionParams params = { 0 };
  g_auto(CliRun) run = { 0 };

  /* Before any request there is no supplement slip. */
  CLI (&run, fixture, "slip", "supplement", code, "-o", before);
  g_assert_cmpint (run.status, ==, 1);
  assert_contains (run.err, code);
  g_assert_false (g_file_test (before, G_FILE_TEST_EXISTS));

  params.reason = (char *) "Giấy chứng sinh bản chính; Tờ khai có chữ ký của người đi đăng ký";
  act (fixture, "lan", code, "request_supplement", &params, vn_time (2026, 12, 1, 10, 0));

  text = print_slip (fixture, "supplement", code, pdf);
  assert_contains (text, "Vũ Văn Dũng");
  assert_contains (text, "Giấy chứng sinh bản chính");
  assert_contains (text, "Tờ khai có chữ ký của người đi đăng ký");
  assert_contains (text, "Nguyễn Thị Lan");   /* who asked, and guides */
}

static void
test_apology (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autofree char *code = receive (fixture, "Ngô Thị Tuyết Nhung", vn_time (2026, 12, 1, 9, 0));
  g_autofree char *pdf = out_path (fixture, "apology.pdf");
  g_autofree char *text = NULL;
  g_autoptr(McDossier) before = load (fixture, code);
  g_autoptr(McDossier) after = NULL;
  g_autoptr(GDateTime) old_due = NULL;
  g_autoptr(GDateTime) new_due = NULL;
  g_autofree char *old_text = NULL;
  g_autofree char *new_text = NULL;
  McActionParams params = { 0 };

  params.reason = (char *) "Cần xác minh thông tin với nơi đăng ký thường trú";
  params.new_appointment = before->due_at + 2 * 86400;
  act (fixture, "lan", code, "apologise", &params, vn_time (2026, 12, 2, 9, 0));
  after = load (fixture, code);
  /* The original appointment stays; the new one is kept beside it. */
  g_assert_cmpint (after->due_at, ==, before->due_at);
  g_assert_cmpint (after->new_due_at, ==, params.new_appointment);

  text = print_slip (fixture, "apology", code, pdf);
  assert_contains (text, "Ngô Thị Tuyết Nhung");
  assert_contains (text, params.reason);
  /* The appointment missed and the new one, as the template words them. */
  old_due = mc_vietnam_from_unix (before->due_at);
  new_due = mc_vietnam_from_unix (after->new_due_at);
  old_text = g_date_time_format (old_due, "%H giờ %M phút, ngày %d/%m/%Y");
  new_text = g_date_time_format (new_due, "%H giờ %M phút, ngày %d/%m/%Y");
  assert_contains (text, old_text);
  assert_contains (text, new_text);
  /* Signed by the head of the agency (Circular 01/2018, Mẫu 04), not by
   * the officer who recorded the apology, and never a role code. */
  assert_contains (text, "Lê Quốc Hùng");
  assert_contains (text, "PHÓ CHỦ TỊCH UBND XÃ");
  assert_lacks (text, "Nguyễn Thị Lan");
  assert_lacks (text, "RECEPTION");
  assert_lacks (text, "SPECIALIST");
}

/* Without a store, an apology issued by a specialist whose profile has no
 * title: the head is unknown, so the name is blank to sign by hand under
 * the head's Vietnamese title; no role code or English word on any slip
 * field, whatever the locale. */
static void
test_apology_signer_unknown (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autofree char *code = receive (fixture, "Hồ Văn Tâm", vn_time (2026, 12, 1, 9, 0));
  g_autoptr(McDossier) before = load (fixture, code);
  g_autoptr(McDossier) after = NULL;
  g_autoptr(McOfficer) specialist = mc_officer_new ("minh", "Trần Văn Minh", "", "", MC_ROLE_SPECIALIST);
  McOffice office = { (char *) "H40.12.03.X05", (char *) "Ủy ban nhân dân xã Tân Phú",
                      (char *) "", (char *) "Tân Phú", (char *) "" };
  g_autoptr(McSlipData) data = NULL;
  g_autoptr(GError) error = NULL;
  McTimelineEntry *last;
  McActionParams params = { 0 };

  params.reason = (char *) "Chờ xác minh";
  params.new_appointment = before->due_at + 86400;
  act (fixture, "minh", code, "apologise", &params, vn_time (2026, 12, 1, 10, 0));
  after = load (fixture, code);
  /* As a timeline written by an officer without a title under an English
   * locale has it. */
  last = g_ptr_array_index (after->timeline, after->timeline->len - 1);
  g_assert_cmpstr (last->action, ==, "apologise");
  g_free (last->role);
  last->role = g_strdup ("Specialist");

  data = mc_dossier_slip_data (after, &office, specialist, "apology", &error);
  g_assert_no_error (error);
  g_assert_null (mc_slip_data_get (data, "signer_name"));
  g_assert_cmpstr (mc_slip_data_get (data, "signer_title"), ==, "Thủ trưởng cơ quan");
  g_assert_cmpstr (mc_slip_data_get (data, "receiver_title"), ==, "Chuyên viên");
}

static void
test_control_sheet (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autofree char *code = receive (fixture, "Phạm Quốc Việt", vn_time (2026, 12, 1, 9, 0));
  g_autofree char *pdf = out_path (fixture, "control.pdf");
  g_autofree char *text = NULL;
  g_autoptr(McSlipData) data = NULL;
  g_autoptr(GError) error = NULL;
  McActionParams forward = { 0 };
  McActionParams opinion = { 0 };

  forward.department = (char *) "Tư pháp – Hộ tịch";
  act (fixture, "lan", code, "forward", &forward, vn_time (2026, 12, 1, 10, 0));
  opinion.reason = (char *) "Đủ điều kiện";
  act (fixture, "minh", code, "record_opinion", &opinion, vn_time (2026, 12, 1, 15, 0));
  act (fixture, "minh", code, "submit_to_leader", NULL, vn_time (2026, 12, 2, 8, 0));

  /* Lan handed it to Minh; Minh has not handed it on yet. */
  data = mc_desk_load_slip_data (fixture->desk, "control-sheet", code, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mc_slip_data_get_n_rows (data, "timeline"), ==, 1);
  g_assert_cmpstr (mc_slip_data_get_cell (data, "timeline", 0, "from_person"), ==, "Nguyễn Thị Lan");
  g_assert_cmpstr (mc_slip_data_get_cell (data, "timeline", 0, "to_person"), ==, "Trần Văn Minh");
  g_assert_cmpstr (mc_slip_data_get_cell (data, "timeline", 0, "to"), ==, "Tư pháp – Hộ tịch");

  /* The leader acts: Minh handed it to him. */
  fixture_attach_draft (mc_desk_get_store (fixture->desk), code);
  act (fixture, "hung", code, "approve", NULL, vn_time (2026, 12, 2, 9, 0));
  g_clear_pointer (&data, mc_slip_data_unref);
  data = mc_desk_load_slip_data (fixture->desk, "control-sheet", code, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mc_slip_data_get_n_rows (data, "timeline"), ==, 2);
  g_assert_cmpstr (mc_slip_data_get_cell (data, "timeline", 1, "from_person"), ==, "Trần Văn Minh");
  g_assert_cmpstr (mc_slip_data_get_cell (data, "timeline", 1, "to_person"), ==, "Lê Quốc Hùng");

  text = print_slip (fixture, "control-sheet", code, pdf);
  assert_contains (text, "Phạm Quốc Việt");
  assert_contains (text, "Bộ phận Một cửa");
  assert_contains (text, "Lê Quốc Hùng");
  /* Three working days from 1 December: both hand-overs came early. */
  assert_contains (text, "Trước hạn");
  assert_lacks (text, "Quá hạn");
}

/* An online submission (state 1) arrives from the central system; the
 * desk refuses it. */
static gboolean
insert_submitted (sqlite3   *db,
                  gpointer   user_data,
                  gpointer  *result,
                  GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = mc_db_prepare (db,
    "INSERT INTO dossier (code, office_code, procedure_code, procedure_name, applicant_name, applicant_id,"
    " channel, state, received_at, updated_at)"
    " VALUES (?1, 'H40.12.03.X05', '1.001193', 'Đăng ký khai sinh', 'Huỳnh Thị Ánh', '001190012345',"
    " 2, 1, ?2, ?2)", error);

  if (stmt == NULL)
    return FALSE;
  mc_db_bind_text (stmt, 1, user_data);
  sqlite3_bind_int64 (stmt, 2, vn_time (2026, 12, 3, 8, 0));

  return mc_db_step_done (db, stmt, error);
}

static void
test_refusal (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  const char *online = "H40.12.03.X05-261203-0500";
  g_autofree char *received = receive (fixture, "Lê Văn An", vn_time (2026, 12, 1, 9, 0));
  g_autofree char *pdf = out_path (fixture, "refusal.pdf");
  g_autofree char *wrong = out_path (fixture, "wrong.pdf");
  g_autofree char *text = NULL;
  McActionParams params = { 0 };
  g_autoptr(GError) error = NULL;
  g_auto(CliRun) run = { 0 };

  /* A received dossier has no refusal slip, and nothing is written. */
  CLI (&run, fixture, "slip", "refusal", received, "-o", wrong);
  g_assert_cmpint (run.status, ==, 1);
  assert_one_line (run.err);
  g_assert_false (g_file_test (wrong, G_FILE_TEST_EXISTS));

  g_assert_true (mc_store_write (mc_desk_get_store (fixture->desk), insert_submitted, (gpointer) online, NULL, &error));
  g_assert_no_error (error);

  /* Nor has a submitted one a receipt. */
  g_clear_pointer (&run.out, g_free);
  g_clear_pointer (&run.err, g_free);
  CLI (&run, fixture, "slip", "receipt", online, "-o", wrong);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_false (g_file_test (wrong, G_FILE_TEST_EXISTS));

  params.reason = (char *) "Thủ tục không thuộc thẩm quyền giải quyết của Ủy ban nhân dân xã";
  act (fixture, "lan", online, "refuse", &params, vn_time (2026, 12, 3, 9, 0));

  text = print_slip (fixture, "refusal", online, pdf);
  assert_contains (text, "Huỳnh Thị Ánh");
  assert_contains (text, online);
  assert_contains (text, "Thủ tục không thuộc thẩm quyền");
}

static void
test_ledger (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autofree char *first = receive (fixture, "Lê Văn An", vn_time (2026, 12, 1, 8, 30));
  g_autofree char *second = receive (fixture, "Vũ Thị Bình", vn_time (2026, 12, 3, 16, 45));
  g_autofree char *outside = receive (fixture, "Ngô Quốc Cường", vn_time (2026, 12, 4, 7, 45));
  g_autofree char *earlier = receive (fixture, "Đỗ Minh Đức", vn_time (2026, 11, 30, 16, 0));
  g_autofree char *pdf = out_path (fixture, "ledger.pdf");
  g_autoptr(McSlipData) data = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_auto(CliRun) run = { 0 };

  CLI (&run, fixture, "slip", "ledger", "--from", "2026-12-01", "--to", "2026-12-03", "-o", pdf);
  if (run.status != 0)
    g_error ("slip ledger failed: %s", run.err);
  text = pdf_text (pdf);
  assert_contains (text, "Lê Văn An");
  assert_contains (text, "Vũ Thị Bình");
  assert_lacks (text, "Ngô Quốc Cường");
  assert_lacks (text, "Đỗ Minh Đức");
  assert_contains (text, "01/12/2026");
  assert_contains (text, "03/12/2026");
  assert_contains (text, "Được tiếp nhận");   /* state 2, worded by the template */

  /* The same period in the data: the rows, in order of reception. */
  data = mc_desk_load_ledger_data (fixture->desk, vn_time (2026, 12, 1, 0, 0), vn_time (2026, 12, 4, 0, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mc_slip_data_get_n_rows (data, "ledger"), ==, 2);
  g_assert_cmpstr (mc_slip_data_get_cell (data, "ledger", 0, "code"), ==, first);
  g_assert_cmpstr (mc_slip_data_get_cell (data, "ledger", 1, "code"), ==, second);
  g_assert_cmpstr (mc_slip_data_get (data, "period_to"), ==, "2026-12-03");
  /* Numbered in the year's book: the dossier of 30 November is row 1. */
  g_assert_cmpstr (mc_slip_data_get (data, "ledger_book"), ==, "2026");
  g_assert_cmpstr (mc_slip_data_get_cell (data, "ledger", 0, "number"), ==, "2");
  g_assert_cmpstr (mc_slip_data_get_cell (data, "ledger", 1, "number"), ==, "3");
  assert_contains (text, "Quyển số: 2026");

  /* The receipt gives the same book and row. */
  g_clear_pointer (&data, mc_slip_data_unref);
  data = mc_desk_load_slip_data (fixture->desk, "receipt", second, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mc_slip_data_get (data, "ledger_book"), ==, "2026");
  g_assert_cmpstr (mc_slip_data_get (data, "ledger_number"), ==, "3");

  /* A period ending before it starts is a usage error. */
  g_clear_pointer (&run.out, g_free);
  g_clear_pointer (&run.err, g_free);
  g_assert_cmpint (g_unlink (pdf), ==, 0);
  CLI (&run, fixture, "slip", "ledger", "--from", "2026-12-03", "--to", "2026-12-01", "-o", pdf);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  g_clear_pointer (&run.out, g_free);
  g_clear_pointer (&run.err, g_free);
  CLI (&run, fixture, "slip", "ledger", "--from", "1/12/2026", "--to", "2026-12-01", "-o", pdf);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
}

static void
assert_fails (Fixture    *fixture,
              int         status,
              const char *kind,
              const char *code,
              const char *output)
{
  g_auto(CliRun) run = { 0 };

  CLI (&run, fixture, "slip", kind, code, "-o", output);
  g_test_message ("slip %s %s -o %s: %s", kind, code, output, run.err);
  g_assert_cmpint (run.status, ==, status);
  /* One clear line. */
  g_assert_true (g_str_has_prefix (run.err, "motcua-cli: "));
  assert_one_line (run.err);
  g_assert_cmpstr (run.out, ==, "");
}

static void
test_errors (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autofree char *code = receive (fixture, "Lê Văn An", vn_time (2026, 12, 1, 9, 0));
  g_autofree char *pdf = out_path (fixture, "out.pdf");
  g_autofree char *kept = out_path (fixture, "kept.pdf");
  g_autofree char *missing_dir = out_path (fixture, "no-such-folder/out.pdf");
  g_autofree char *under_file = g_build_filename (kept, "out.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  assert_fails (fixture, 2, "receipts", code, pdf);
  assert_fails (fixture, 2, "", code, pdf);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  assert_fails (fixture, 1, "receipt", "H40.12.03.X05-261201-9999", pdf);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  assert_fails (fixture, 1, "receipt", code, missing_dir);
  g_assert_false (g_file_test (missing_dir, G_FILE_TEST_EXISTS));

  /* A file already there is left as it was when the slip fails. */
  g_assert_true (g_file_set_contents (kept, "keep me", -1, NULL));
  assert_fails (fixture, 1, "apology", code, kept);
  assert_fails (fixture, 1, "receipt", code, under_file);
  g_assert_true (g_file_get_contents (kept, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "keep me");

  /* No temporary file is left behind either. */
  dir = g_dir_open (fixture->tmp, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "."))
      g_error ("left behind: %s", name);

  /* In-process, the same refusals carry the slip error codes. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(McSlipData) data = mc_desk_load_slip_data (fixture->desk, "ledger", code, NULL, &error);

    g_assert_null (data);
    g_assert_error (error, MC_SLIP_ERROR, MC_SLIP_ERROR_NOT_APPLICABLE);
    g_clear_error (&error);
    data = mc_desk_load_slip_data (fixture->desk, "refusal", code, NULL, &error);
    g_assert_error (error, MC_SLIP_ERROR, MC_SLIP_ERROR_NOT_APPLICABLE);
    g_clear_error (&error);
    data = mc_desk_load_slip_data (fixture->desk, "nonsense", code, NULL, &error);
    g_assert_error (error, MC_SLIP_ERROR, MC_SLIP_ERROR_UNKNOWN_KIND);
  }
}

/* mc_dossier_slip_data() on a dossier made by hand: the fields come from
 * where they should, with no store. */
static void
test_pure_data (void)
{
  g_autoptr(McDossier) dossier = mc_dossier_new ();
  McOffice office = { (char *) "H40.12.03.X05", (char *) "Ủy ban nhân dân xã Tân Phú",
                      (char *) "Ủy ban nhân dân tỉnh Đồng Nai", (char *) "Tân Phú", (char *) "" };
  g_autoptr(McOfficer) leader = mc_officer_new ("hung", "Lê Quốc Hùng", "Phó Chủ tịch UBND xã", "", MC_ROLE_LEADER);
  McDossierComponent *given = g_new0 (McDossierComponent, 1);
  McDossierComponent *absent = g_new0 (McDossierComponent, 1);
  McTimelineEntry *entry = g_new0 (McTimelineEntry, 1);
  g_autoptr(McSlipData) data = NULL;
  g_autoptr(GError) error = NULL;

  dossier->code = g_strdup ("H40.12.03.X05-261201-0007");
  dossier->procedure_code = g_strdup ("1.001193");
  dossier->procedure_name = g_strdup ("Đăng ký khai sinh");
  dossier->applicant_name = g_strdup ("Đặng Thị Hòa");
  dossier->channel = 3;
  dossier->state = MC_STATE_PROCESSING;
  dossier->received_at = vn_time (2026, 12, 1, 9, 0);
  dossier->due_at = vn_time (2026, 12, 4, 9, 0);
  given->name = g_strdup ("Tờ khai");
  given->kind = g_strdup ("original");
  given->copies = 2;
  given->provided = TRUE;
  absent->name = g_strdup ("Văn bản ủy quyền");
  absent->kind = g_strdup ("copy");
  absent->copies = 1;
  g_ptr_array_add (dossier->components, given);
  g_ptr_array_add (dossier->components, absent);
  entry->at = dossier->received_at;
  entry->actor = g_strdup ("Nguyễn Thị Lan");
  entry->role = g_strdup ("Công chức Bộ phận Một cửa");
  entry->department = g_strdup ("Bộ phận Một cửa");
  entry->action = g_strdup ("receive");
  entry->note = g_strdup ("");
  g_ptr_array_add (dossier->timeline, entry);

  data = mc_dossier_slip_data (dossier, &office, leader, "receipt", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mc_slip_data_get (data, "channel"), ==, "3");
  g_assert_cmpstr (mc_slip_data_get (data, "office_place"), ==, "Tân Phú");
  g_assert_cmpstr (mc_slip_data_get (data, "received_at"), ==, "2026-12-01T09:00:00+07:00");
  g_assert_cmpstr (mc_slip_data_get (data, "appointment_at"), ==, "2026-12-04T09:00:00+07:00");
  g_assert_cmpstr (mc_slip_data_get (data, "receiver_name"), ==, "Nguyễn Thị Lan");
  g_assert_cmpstr (mc_slip_data_get (data, "signer_name"), ==, "Lê Quốc Hùng");
  /* Only what was handed over is listed. */
  g_assert_cmpuint (mc_slip_data_get_n_rows (data, "components"), ==, 1);
  g_assert_cmpstr (mc_slip_data_get_cell (data, "components", 0, "copies"), ==, "2");
  g_assert_cmpstr (mc_slip_data_get_cell (data, "components", 0, "kind"), ==, "original");
  g_clear_pointer (&data, mc_slip_data_unref);

  /* Without a store the processing time is unknown, not invented. */
  data = mc_dossier_slip_data (dossier, &office, NULL, "control-sheet", &error);
  g_assert_no_error (error);
  g_assert_null (mc_slip_data_get (data, "processing_days"));
  g_assert_cmpuint (mc_slip_data_get_n_rows (data, "timeline"), ==, 0);
  g_clear_pointer (&data, mc_slip_data_unref);

  data = mc_dossier_slip_data (dossier, &office, NULL, "supplement", &error);
  g_assert_error (error, MC_SLIP_ERROR, MC_SLIP_ERROR_NOT_APPLICABLE);
  g_assert_null (data);
  g_clear_error (&error);

  dossier->state = MC_STATE_SUBMITTED;
  data = mc_dossier_slip_data (dossier, &office, NULL, "receipt", &error);
  g_assert_error (error, MC_SLIP_ERROR, MC_SLIP_ERROR_NOT_APPLICABLE);
  g_assert_null (data);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/slips/receipt", test_receipt);
  g_test_add_func ("/slips/same-day", test_same_day);
  g_test_add_func ("/slips/half-day", test_half_day);
  g_test_add_func ("/slips/supplement", test_supplement);
  g_test_add_func ("/slips/apology", test_apology);
  g_test_add_func ("/slips/apology-signer-unknown", test_apology_signer_unknown);
  g_test_add_func ("/slips/control-sheet", test_control_sheet);
  g_test_add_func ("/slips/refusal", test_refusal);
  g_test_add_func ("/slips/ledger", test_ledger);
  g_test_add_func ("/slips/errors", test_errors);
  g_test_add_func ("/slips/pure-data", test_pure_data);

  return g_test_run ();
}
