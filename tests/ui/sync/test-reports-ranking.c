/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Reports window's "Ranking of the communes" page against a real
 * central server (test-desk-ranking.py --ui starts PostgreSQL,
 * motcua-central and gnome-keyring, and syncs the communes' December of
 * kpi_fixture.py). The province desk: the spinner while the worker asks,
 * then the two communes in order with the rates worked out by hand
 * (Xã Tân Hòa 1/1 = 100,0 %, Xã Tân Phú 3/5 = 60,0 %). A commune desk is
 * not offered the page; a commune's sign-in on a province desk is told it
 * is not allowed (403); with the server stopped, that it cannot be
 * reached. Screenshots of each. */
#include "config.h"

#include <adwaita.h>
#include <signal.h>

#include "mc-core.h"
#include "mc-sync-client.h"
#include "reports/mc-reports-window-private.h"
#include "ui-test-util.h"

static gboolean
settled (gpointer data)
{
  McRankingPage *page = mc_reports_window_get_ranking_page (data);

  return mc_ranking_page_get_outcome (page) != MC_RANKING_LOADING && mc_reports_window_is_idle (data);
}

/* A Reports window on the workspace @variable names, its period December
 * 2026, once the ranking's fetch for it is over. */
static McReportsWindow *
open_december (const char  *variable,
               McDesk     **desk)
{
  g_autoptr(GError) error = NULL;
  McReportsWindow *window;

  *desk = mc_desk_open (g_getenv (variable), MC_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  window = mc_reports_window_new (NULL, *desk);
  gtk_window_present (GTK_WINDOW (window));
  mc_reports_window_set_custom_range (window, "01/12/2026", "31/12/2026");
  ui_test_wait_until (settled, window);

  return window;
}

static GtkWidget *
page_spinner (McReportsWindow *window)
{
  return ui_test_find (GTK_WIDGET (mc_reports_window_get_ranking_page (window)), GTK_TYPE_SPINNER);
}

static void
test_province (void)
{
  g_autoptr(McDesk) desk = NULL;
  McReportsWindow *window = open_december ("MC_TEST_PROVINCE", &desk);
  McRankingPage *page = mc_reports_window_get_ranking_page (window);
  g_autofree char *first = NULL, *second = NULL;

  g_assert_cmpint (mc_ranking_page_get_outcome (page), ==, MC_RANKING_SHOWN);
  g_assert_true (mc_reports_window_offers_ranking (window));
  mc_reports_window_show_ranking (window);
  g_assert_cmpstr (mc_reports_window_get_visible_page (window), ==, "ranking");

  /* Best on-time share first; the province's own office is not ranked. */
  g_assert_cmpuint (g_list_model_get_n_items (mc_ranking_page_get_rows (page)), ==, 2);
  first = mc_ranking_page_row_text (page, 0);
  second = mc_ranking_page_row_text (page, 1);
  g_assert_cmpstr (first, ==, "1 | Xã Tân Hòa | 2 | 0 (0,0 %) | 1 | 1 | 100,0 %");
  g_assert_cmpstr (second, ==, "2 | Xã Tân Phú | 4 | 2 (50,0 %) | 5 | 3 | 60,0 %");
  ui_test_settle ();
  ui_test_screenshot ("reports-ranking.png");

  /* Another period: asked again in the worker, the spinner turning until
   * the answer (November: A's a5 received, nothing finished anywhere). */
  mc_reports_window_set_custom_range (window, "01/11/2026", "30/11/2026");
  g_assert_cmpint (mc_ranking_page_get_outcome (page), ==, MC_RANKING_LOADING);
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (page_spinner (window))));
  ui_test_wait_until (settled, window);
  g_assert_false (gtk_spinner_get_spinning (GTK_SPINNER (page_spinner (window))));
  g_assert_cmpint (mc_ranking_page_get_outcome (page), ==, MC_RANKING_SHOWN);
  g_free (first);
  first = mc_ranking_page_row_text (page, 0);
  g_free (second);
  second = mc_ranking_page_row_text (page, 1);
  /* Nothing finished: ranked by code, A before B. */
  g_assert_cmpstr (first, ==, "1 | Xã Tân Phú | 1 | 0 (0,0 %) | 0 | 0 | —");
  g_assert_cmpstr (second, ==, "2 | Xã Tân Hòa | 0 | 0 (—) | 0 | 0 | —");

  gtk_window_destroy (GTK_WINDOW (window));
  ui_test_settle ();
}

static void
test_commune (void)
{
  g_autoptr(McDesk) desk = NULL;
  McReportsWindow *window = open_december ("MC_TEST_COMMUNE", &desk);

  g_assert_cmpint (mc_ranking_page_get_outcome (mc_reports_window_get_ranking_page (window)), ==, MC_RANKING_NONE);
  g_assert_false (mc_reports_window_offers_ranking (window));
  g_assert_cmpstr (mc_reports_window_get_visible_page (window), ==, "report");

  gtk_window_destroy (GTK_WINDOW (window));
  ui_test_settle ();
}

static void
test_forbidden (void)
{
  g_autoptr(McDesk) desk = NULL;
  McReportsWindow *window = open_december ("MC_TEST_FORBIDDEN", &desk);
  McRankingPage *page = mc_reports_window_get_ranking_page (window);

  g_assert_cmpint (mc_ranking_page_get_outcome (page), ==, MC_RANKING_FORBIDDEN);
  g_assert_true (mc_reports_window_offers_ranking (window));
  mc_reports_window_show_ranking (window);
  g_test_message ("%s", mc_ranking_page_get_message (page));
  g_assert_true (g_str_has_prefix (mc_ranking_page_get_message (page), "Không được phép xem "));
  g_assert_nonnull (strstr (mc_ranking_page_get_message (page), "000.00.00.H40"));
  g_assert_nonnull (strstr (mc_ranking_page_get_message (page), "Hãy đăng nhập bằng tài khoản của cơ quan cấp tỉnh"));
  ui_test_settle ();
  ui_test_screenshot ("reports-ranking-forbidden.png");

  gtk_window_destroy (GTK_WINDOW (window));
  ui_test_settle ();
}

static void
test_offline (void)
{
  g_autoptr(McDesk) desk = NULL;
  McReportsWindow *window;
  McRankingPage *page;

  g_assert_cmpint (kill ((pid_t) g_ascii_strtoll (g_getenv ("MC_TEST_SERVER_PID"), NULL, 10), SIGTERM), ==, 0);
  window = open_december ("MC_TEST_PROVINCE", &desk);
  page = mc_reports_window_get_ranking_page (window);
  g_assert_cmpint (mc_ranking_page_get_outcome (page), ==, MC_RANKING_OFFLINE);
  g_assert_true (mc_reports_window_offers_ranking (window));
  mc_reports_window_show_ranking (window);
  g_test_message ("%s", mc_ranking_page_get_message (page));
  g_assert_true (g_str_has_prefix (mc_ranking_page_get_message (page), "Không kết nối được máy chủ trung tâm "));
  g_assert_true (gtk_widget_get_visible (ui_test_find_named (GTK_WIDGET (page), "retry")));
  ui_test_settle ();
  ui_test_screenshot ("reports-ranking-offline.png");

  gtk_window_destroy (GTK_WINDOW (window));
  ui_test_settle ();
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* The keyring lives on the D-Bus session of the script that started the
   * server, not on run-xvfb's own. */
  if (g_getenv ("MC_TEST_SECRET_BUS") != NULL)
    g_setenv ("DBUS_SESSION_BUS_ADDRESS", g_getenv ("MC_TEST_SECRET_BUS"), TRUE);
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  g_setenv ("LANGUAGE", "vi", TRUE);
  g_setenv ("LC_ALL", "vi_VN.UTF-8", TRUE);
  mc_core_init ();

  g_test_init (&argc, &argv, NULL);
  adw_init ();
  /* The pages slide in: no animation, so a screenshot shows the page. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add_func ("/ui/reports/ranking-province", test_province);
  g_test_add_func ("/ui/reports/ranking-commune", test_commune);
  g_test_add_func ("/ui/reports/ranking-forbidden", test_forbidden);
  g_test_add_func ("/ui/reports/ranking-offline", test_offline);

  status = g_test_run ();
  mc_sync_client_disconnect_secrets ();
  return status;
}
