/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Hooks into the Reports window for tests: set its filters as the
 * officer would, wait for it to finish counting, reach the late list and
 * export without the file chooser. */
#pragma once

#include "mc-ranking-page.h"
#include "mc-reports-window.h"

G_BEGIN_DECLS

typedef enum {
  MC_REPORTS_PERIOD_MONTH,
  MC_REPORTS_PERIOD_QUARTER,
  MC_REPORTS_PERIOD_YEAR,
  MC_REPORTS_PERIOD_CUSTOM,
} McReportsPeriod;

gboolean    mc_reports_window_is_idle          (McReportsWindow *self);
void        mc_reports_window_set_period       (McReportsWindow *self,
                                                McReportsPeriod  period);
void        mc_reports_window_set_custom_range (McReportsWindow *self,
                                                const char      *from,
                                                const char      *to);
void        mc_reports_window_set_procedure    (McReportsWindow *self,
                                                const char      *code);
void        mc_reports_window_set_officer      (McReportsWindow *self,
                                                const char      *login);
GtkWidget  *mc_reports_window_get_late_list    (McReportsWindow *self);
const char *mc_reports_window_get_visible_page (McReportsWindow *self);
GtkWindow  *mc_reports_window_get_dossier_window (McReportsWindow *self);
const char *mc_reports_window_get_status       (McReportsWindow *self);
void        mc_reports_window_export           (McReportsWindow *self,
                                                GFile           *file,
                                                gboolean         xlsx);
McRankingPage *mc_reports_window_get_ranking_page (McReportsWindow *self);
gboolean    mc_reports_window_offers_ranking   (McReportsWindow *self);
void        mc_reports_window_show_ranking     (McReportsWindow *self);

G_END_DECLS
