/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Reports window on a desk whose clock is set to 15/12/2026: three
 * dossiers received on 07/12 (one on time, one late, one late after an
 * apology) give "this month" 1 of 3 on time, and the on-time row opens to
 * the two late dossiers, the apologised one showing its new appointment. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <adwaita.h>

#include "mc-core.h"
#include "domain/mc-state.h"
#include "store/mc-desk-private.h"
#include "reports/mc-reports-window.h"
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
received_and_finished (McDesk *desk,
                       int     minute,
                       gint64  ready,
                       gint64  apology_at)
{
  g_autoptr(McReception) reception = fixture_birth_reception ();
  g_autoptr(McReceptionResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  reception->received_at = vn (2026, 12, 7, 8, minute);
  mc_desk_set_clock (desk, reception->received_at);
  mc_desk_set_officer_login (desk, "lan");
  result = mc_desk_receive (desk, reception, NULL, &error);
  g_assert_no_error (error);
  act (desk, "lan", result->code, "forward", vn (2026, 12, 7, 8, 30), 0);
  start = vn (2026, 12, 7, 9, 0);
  if (apology_at > 0)
    {
      act (desk, "minh", result->code, "apologise", apology_at, vn (2026, 12, 14, 8, 0));
      start = apology_at + 600;
    }
  act (desk, "minh", result->code, "record_opinion", start, 0);
  fixture_attach_draft (mc_desk_get_store (desk), result->code); /* approval needs a result */
  act (desk, "minh", result->code, "submit_to_leader", start + 600, 0);
  act (desk, "hung", result->code, "approve", start + 1200, 0);
  act (desk, "hung", result->code, "mark_signed", start + 1800, 0);
  act (desk, "ha", result->code, "number_and_seal", start + 2400, 0);
  act (desk, "ha", result->code, "ready_to_return", ready, 0);

  return g_strdup (result->code);
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
counted (gpointer data)
{
  return find_row (GTK_WIDGET (data), "Tỷ lệ hồ sơ giải quyết đúng hạn") != NULL;
}

static gboolean
mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static void
test_reports_window (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autofree char *on_time = NULL, *late = NULL, *apologised = NULL;
  McReportsWindow *window;
  GtkWidget *row, *late_row, *apology_row;
  g_autofree char *expected = NULL;
  g_autoptr(GDateTime) new_due = NULL;
  g_autofree char *new_due_text = NULL;

  on_time = received_and_finished (fixture->desk, 0, vn (2026, 12, 9, 8, 0), 0);
  late = received_and_finished (fixture->desk, 1, vn (2026, 12, 11, 8, 1), 0);
  apologised = received_and_finished (fixture->desk, 2, vn (2026, 12, 11, 8, 2), vn (2026, 12, 9, 10, 0));
  mc_desk_set_clock (fixture->desk, vn (2026, 12, 15, 12, 0));

  window = mc_reports_window_new (NULL, fixture->desk);
  gtk_window_present (GTK_WINDOW (window));
  ui_test_wait_until (counted, window);

  row = find_row (GTK_WIDGET (window), "Tỷ lệ hồ sơ giải quyết đúng hạn");
  g_assert_true (ADW_IS_EXPANDER_ROW (row));
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), ==, "1/3");
  g_assert_null (find_row (GTK_WIDGET (window), on_time));
  late_row = find_row (GTK_WIDGET (window), late);
  apology_row = find_row (GTK_WIDGET (window), apologised);
  g_assert_nonnull (late_row);
  g_assert_nonnull (apology_row);
  new_due = g_date_time_new (mc_vietnam_time_zone (), 2026, 12, 14, 8, 0, 0);
  new_due_text = g_date_time_format (new_due, "%d/%m/%Y %H:%M");
  expected = g_strdup_printf ("hẹn lại %s", new_due_text);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (apology_row)), expected));
  g_assert_null (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (late_row)), "hẹn lại"));
  /* For the eye only (the log's screenshot): the charts drawn. */
  ui_test_wait_until (mapped, window);
  ui_test_settle ();
  ui_test_screenshot ("reports-window.png");
  /* Time saved: only procedures with both online and in-person dossiers
   * count, and this month had no online one. */
  row = find_row (GTK_WIDGET (window), "Thời gian tiết kiệm khi làm trực tuyến");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "0 hồ sơ trực tuyến so với 0 hồ sơ trực tiếp — mục tiêu tối thiểu 30,0 %");

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
