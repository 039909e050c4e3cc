/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Reports window on a desk whose clock is set to 15/12/2026. December:
 * four dossiers received Monday 07/12 (one on time, one late, one late
 * after an apology, one withdrawn the same morning); November: one
 * received Monday 02/11 and finished a day late. The procedure takes 3
 * working days. Worked out by hand:
 *  - this month: 2 of 4 on time (the withdrawn one counts as on time);
 *    clicking "late" lists the late and the apologised dossier, the late
 *    one's "return" step over its share (sealed Mon 09:40, ready Fri
 *    08:01: 30 h 21 = 3.79 days, its share 0.6: 3,2 days over), one
 *    working day late, no apology; the apologised one with its new
 *    appointment; a row opens the dossier;
 *  - this quarter: 2 of 5, three late;
 *  - custom 01/11/2026–30/11/2026: 0 of 1;
 *  - this month, officer minh (no part in the withdrawn one): 1 of 3;
 *  - exports: a PDF whose text has the late table, an XLSX read back
 *    with Python's zipfile and XML parser. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <adwaita.h>

#include "mc-core.h"
#include "domain/mc-state.h"
#include "store/mc-desk-private.h"
#include "reports/mc-reports-window-private.h"
#include "ui-test-util.h"
#include "workflow-fixture.h"

static gint64
vn (int y, int mo, int d, int h, int mi)
{
  g_autoptr(GDateTime) dt = g_date_time_new (mc_vietnam_time_zone (), y, mo, d, h, mi, 0);

  return g_date_time_to_unix (dt);
}

static void
act (McDesk     *desk,
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
  mc_desk_set_clock (desk, at);
  mc_desk_set_officer_login (desk, login);
  op_id = mc_desk_act (desk, code, action, &params, &error);
  g_assert_no_error (error);
}

static char *
received (McDesk *desk,
          int     month,
          int     day,
          int     minute)
{
  g_autoptr(McReception) reception = fixture_birth_reception ();
  g_autoptr(McReceptionResult) result = NULL;
  g_autoptr(GError) error = NULL;

  reception->received_at = vn (2026, month, day, 8, minute);
  mc_desk_set_clock (desk, reception->received_at);
  mc_desk_set_officer_login (desk, "lan");
  result = mc_desk_receive (desk, reception, NULL, &error);
  g_assert_no_error (error);

  return g_strdup (result->code);
}

static char *
received_and_finished (McDesk *desk,
                       int     month,
                       int     day,
                       int     minute,
                       gint64  ready,
                       gint64  apology_at)
{
  char *code = received (desk, month, day, minute);
  gint64 start;

  act (desk, "lan", code, "forward", vn (2026, month, day, 8, 30), 0);
  start = vn (2026, month, day, 9, 0);
  if (apology_at > 0)
    {
      act (desk, "minh", code, "apologise", apology_at, vn (2026, 12, 14, 8, 0));
      start = apology_at + 600;
    }
  act (desk, "minh", code, "record_opinion", start, 0);
  fixture_attach_draft (mc_desk_get_store (desk), code); /* approval needs a result */
  act (desk, "minh", code, "submit_to_leader", start + 600, 0);
  act (desk, "hung", code, "approve", start + 1200, 0);
  act (desk, "hung", code, "mark_signed", start + 1800, 0);
  act (desk, "ha", code, "number_and_seal", start + 2400, 0);
  act (desk, "ha", code, "ready_to_return", ready, 0);

  return code;
}

static GtkWidget *
find_row (GtkWidget  *root,
          const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (root) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, title);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
idle (gpointer data)
{
  return mc_reports_window_is_idle (data);
}

static gboolean
mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static gboolean
late_page_shown (gpointer data)
{
  return g_strcmp0 (mc_reports_window_get_visible_page (data), "late") == 0;
}

static gboolean
dossier_shown (gpointer data)
{
  GtkWindow *window = mc_reports_window_get_dossier_window (data);

  return window != NULL && gtk_widget_get_mapped (GTK_WIDGET (window));
}

/* The on-time row's subtitle: its counts, then (the data has no target
 * for it) why there is no target. */
static void
assert_on_time (McReportsWindow *window,
                const char      *counts)
{
  GtkWidget *row = find_row (GTK_WIDGET (window), "Tỷ lệ hồ sơ giải quyết đúng hạn");
  g_autofree char *expected = g_strdup_printf ("%s — không có mục tiêu: Chưa có văn bản đặt mục tiêu", counts);

  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, expected);
}

static guint
count_rows (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL; child = gtk_widget_get_next_sibling (child))
    n += ADW_IS_ACTION_ROW (child);

  return n;
}

static void
wait_idle (McReportsWindow *window)
{
  ui_test_wait_until (idle, window);
}

static void
test_reports_window (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autofree char *on_time = NULL, *late = NULL, *apologised = NULL, *withdrawn = NULL, *november = NULL;
  g_autofree char *pdf_path = NULL, *xlsx_path = NULL;
  McReportsWindow *window;
  GtkWidget *late_row, *apology_row, *button;
  g_autofree char *expected = NULL;
  g_autoptr(GDateTime) new_due = NULL;
  g_autofree char *new_due_text = NULL;
  const char *subtitle;

  on_time = received_and_finished (fixture->desk, 12, 7, 0, vn (2026, 12, 9, 8, 0), 0);
  late = received_and_finished (fixture->desk, 12, 7, 1, vn (2026, 12, 11, 8, 1), 0);
  apologised = received_and_finished (fixture->desk, 12, 7, 2, vn (2026, 12, 11, 8, 2), vn (2026, 12, 9, 10, 0));
  withdrawn = received (fixture->desk, 12, 7, 3);
  act (fixture->desk, "lan", withdrawn, "withdraw", vn (2026, 12, 7, 9, 0), 0);
  november = received_and_finished (fixture->desk, 11, 2, 0, vn (2026, 11, 6, 8, 0), 0);
  mc_desk_set_clock (fixture->desk, vn (2026, 12, 15, 12, 0));

  window = mc_reports_window_new (NULL, fixture->desk);
  gtk_window_present (GTK_WINDOW (window));
  wait_idle (window);
  ui_test_wait_until (mapped, window);

  /* This month. */
  assert_on_time (window, "2/4");
  /* A target from the data with its own source (December 2026). */
  {
    GtkWidget *row = find_row (GTK_WIDGET (window), "Tỷ lệ số hóa hồ sơ, kết quả");

    g_assert_nonnull (row);
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                              " — mục tiêu tối thiểu 100,0 % theo Quyết định 1565/QĐ-TTg (2025-07-18)"));
  }
  ui_test_settle ();
  ui_test_screenshot ("reports-window.png");

  /* Click "late": the late page lists the two late dossiers and why. */
  button = ui_test_find_named (GTK_WIDGET (window), "late-button");
  g_assert_nonnull (button);
  ui_test_click (button);
  ui_test_wait_until (late_page_shown, window);
  g_assert_cmpuint (count_rows (mc_reports_window_get_late_list (window)), ==, 2);
  g_assert_null (find_row (mc_reports_window_get_late_list (window), on_time));
  late_row = find_row (mc_reports_window_get_late_list (window), late);
  apology_row = find_row (mc_reports_window_get_late_list (window), apologised);
  g_assert_nonnull (late_row);
  g_assert_nonnull (apology_row);
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (late_row));
  g_test_message ("late: %s", subtitle);
  g_assert_nonnull (strstr (subtitle, "khâu “Trả kết quả” quá 3,2 ngày làm việc"));
  g_assert_nonnull (strstr (subtitle, "trễ 1,0 ngày làm việc"));
  g_assert_nonnull (strstr (subtitle, "chưa có phiếu xin lỗi"));
  new_due = g_date_time_new (mc_vietnam_time_zone (), 2026, 12, 14, 8, 0, 0);
  new_due_text = g_date_time_format (new_due, "%d/%m/%Y %H:%M");
  expected = g_strdup_printf ("hẹn lại %s", new_due_text);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (apology_row)), expected));
  ui_test_settle ();
  ui_test_screenshot ("reports-late.png");

  /* A late row opens its dossier. */
  g_signal_emit_by_name (late_row, "activated");
  ui_test_wait_until (dossier_shown, window);
  g_assert_cmpstr (gtk_window_get_title (mc_reports_window_get_dossier_window (window)), ==, late);
  ui_test_settle ();
  ui_test_screenshot ("reports-dossier.png");
  gtk_window_destroy (mc_reports_window_get_dossier_window (window));
  g_assert_null (mc_reports_window_get_dossier_window (window));

  /* This quarter, a custom month, an officer. */
  mc_reports_window_set_period (window, MC_REPORTS_PERIOD_QUARTER);
  wait_idle (window);
  g_assert_cmpstr (mc_reports_window_get_visible_page (window), ==, "report");
  assert_on_time (window, "2/5");
  mc_reports_window_set_custom_range (window, "01/11/2026", "30/11/2026");
  wait_idle (window);
  assert_on_time (window, "0/1");
  mc_reports_window_set_custom_range (window, "31/11/2026", "30/11/2026");
  g_assert_cmpstr (mc_reports_window_get_status (window), ==, "Hãy gõ cả hai ngày theo dạng dd/mm/yyyy.");
  mc_reports_window_set_period (window, MC_REPORTS_PERIOD_MONTH);
  mc_reports_window_set_officer (window, "minh");
  wait_idle (window);
  assert_on_time (window, "1/3");
  mc_reports_window_set_officer (window, NULL);
  mc_reports_window_set_procedure (window, "1.001193");
  wait_idle (window);
  assert_on_time (window, "2/4");
  ui_test_settle ();
  ui_test_screenshot ("reports-filtered.png");
  /* For the eye: the charts, scrolled into view. */
  {
    GtkWidget *on_time_row = find_row (GTK_WIDGET (window), "Tỷ lệ hồ sơ giải quyết đúng hạn");
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (
      GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (on_time_row, GTK_TYPE_SCROLLED_WINDOW)));

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    ui_test_settle ();
    ui_test_screenshot ("reports-charts.png");
  }

  /* Exports: PDF and XLSX, each written in the background. */
  pdf_path = g_build_filename (fixture->tmp, "bao-cao.pdf", NULL);
  xlsx_path = g_build_filename (fixture->tmp, "bao-cao.xlsx", NULL);
  {
    g_autoptr(GFile) pdf = g_file_new_for_path (pdf_path);
    g_autoptr(GFile) xlsx = g_file_new_for_path (xlsx_path);
    g_autofree char *text = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autoptr(GError) error = NULL;
    int status;
    const char *script =
      "import sys, zipfile, xml.etree.ElementTree as ET\n"
      "ns = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}\n"
      "z = zipfile.ZipFile(sys.argv[1])\n"
      "shared = [''.join(t.text or '' for t in si.iter('{%s}t' % ns['m']))"
      " for si in ET.fromstring(z.read('xl/sharedStrings.xml')).findall('m:si', ns)]\n"
      "book = ET.fromstring(z.read('xl/workbook.xml'))\n"
      "print('sheets', '|'.join(s.get('name') for s in book.find('m:sheets', ns)))\n"
      "def cells(n):\n"
      "    rows = []\n"
      "    for r in ET.fromstring(z.read('xl/worksheets/sheet%d.xml' % n)).iter('{%s}row' % ns['m']):\n"
      "        row = []\n"
      "        for c in r.findall('m:c', ns):\n"
      "            v = c.find('m:v', ns)\n"
      "            row.append(shared[int(v.text)] if c.get('t') == 's' else (v.text if v is not None else ''))\n"
      "        rows.append('|'.join(row))\n"
      "    return rows\n"
      "print('on-time', [r for r in cells(1) if r.startswith('on-time|')][0])\n"
      "for line in cells(3)[1:]: print('late', line)\n";

    mc_reports_window_export (window, pdf, FALSE);
    wait_idle (window);
    g_assert_true (g_str_has_prefix (mc_reports_window_get_status (window), "Đã lưu"));
    mc_reports_window_export (window, xlsx, TRUE);
    wait_idle (window);
    g_assert_true (g_str_has_prefix (mc_reports_window_get_status (window), "Đã lưu"));

    g_spawn_sync (NULL, (char *[]) { (char *) "pdftotext", (char *) "-raw", pdf_path, (char *) "-", NULL }, NULL,
                  G_SPAWN_SEARCH_PATH, NULL, NULL, &text, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_nonnull (strstr (text, "Hồ sơ trễ hạn và lý do"));
    g_assert_nonnull (strstr (text, late));
    g_assert_nonnull (strstr (text, "Biểu đồ chỉ số so với mục tiêu"));

    g_spawn_sync (NULL, (char *[]) { (char *) "/usr/bin/python3", (char *) "-c", (char *) script, xlsx_path, NULL },
                  NULL, 0, NULL, NULL, &out, &err, &status, &error);
    g_assert_no_error (error);
    g_test_message ("%s%s", out, err);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, "sheets Chỉ số|Thời gian|Trễ hạn|Theo tháng\n"));
    g_assert_nonnull (strstr (out, "on-time on-time|Tỷ lệ hồ sơ giải quyết đúng hạn|0.5|2|4|"));
    g_free (expected);
    expected = g_strdup_printf ("late %s|1.001193|Đăng ký khai sinh|", late);
    g_assert_nonnull (strstr (out, expected));
    g_free (expected);
    expected = g_strdup_printf ("late %s|1.001193|Đăng ký khai sinh|", apologised);
    g_assert_nonnull (strstr (out, expected));
    g_assert_nonnull (strstr (out, "|1|Trả kết quả|3.2|0|Không\n"));
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  g_setenv ("LANGUAGE", "vi", TRUE);
  g_setenv ("LC_ALL", "vi_VN.UTF-8", TRUE);
  mc_core_init ();
  g_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/reports/window", test_reports_window);

  return g_test_run ();
}
