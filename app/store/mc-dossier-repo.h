/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Queries over the dossier table, called inside an McStoreFunc. */
#pragma once

#include "mc-store-private.h"

#include "domain/calendar/mc-calendar.h"
#include "domain/mc-dossier.h"
#include "domain/mc-dossier-summary.h"
#include "domain/mc-queue.h"
#include "mc-queue-filter.h"

G_BEGIN_DECLS

gboolean  mc_dossier_repo_count_queues   (sqlite3             *db,
                                          const McQueueClock  *clock,
                                          guint               *counts,
                                          GError             **error);
gboolean  mc_dossier_repo_count          (sqlite3             *db,
                                          const McQueueInfo   *queue,
                                          const McQueueClock  *clock,
                                          const McQueueFilter *filter,
                                          guint               *count,
                                          GError             **error);
GPtrArray *mc_dossier_repo_fetch_page    (sqlite3             *db,
                                          const McQueueInfo   *queue,
                                          const McQueueClock  *clock,
                                          const McQueueFilter *filter,
                                          guint                offset,
                                          guint                limit,
                                          GError             **error);
McDossierSummary *mc_dossier_repo_get_by_code (sqlite3        *db,
                                          const char          *code,
                                          const McQueueClock  *clock,
                                          GError             **error);

McDossier *mc_dossier_repo_load       (sqlite3             *db,
                                          const char          *code,
                                          GError             **error);

extern const char mc_dossier_repo_search_sql[];

char      *mc_dossier_repo_page_sql       (const McQueueInfo   *queue);
char      *mc_dossier_repo_fts_query      (const char          *text);
GPtrArray *mc_dossier_repo_search        (sqlite3             *db,
                                          const char          *text,
                                          const McQueueClock  *clock,
                                          guint                limit,
                                          GError             **error);
GPtrArray *mc_dossier_repo_search_filtered (sqlite3          *db,
                                          const char          *text,
                                          const McQueueClock  *clock,
                                          const McQueueFilter *filter,
                                          guint                limit,
                                          GError             **error);

G_END_DECLS
