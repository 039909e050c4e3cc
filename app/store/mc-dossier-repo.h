/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Queries over the dossier table, called inside an McStoreFunc. */
#pragma once

#include <sqlite3.h>

#include "domain/calendar/mc-calendar.h"
#include "domain/mc-dossier.h"
#include "domain/mc-dossier-summary.h"
#include "domain/mc-queue.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 now;
  gint64 soon;
  /* Interned login of the officer whose queues these are, or NULL. */
  const char *officer;
} McQueueClock;

/* Narrows a queue; every member is optional (NULL or 0). */
typedef struct
{
  char *procedure_code;
  char *field;
  char *officer;
  gint64 received_from;
  gint64 received_until;
} McQueueFilter;

void      mc_queue_clock_init            (McQueueClock        *clock,
                                          gint64               now,
                                          McCalendar          *calendar);
void      mc_queue_filter_clear          (McQueueFilter       *filter);
void      mc_queue_filter_copy           (McQueueFilter       *to,
                                          const McQueueFilter *from);
gboolean  mc_queue_filter_is_empty       (const McQueueFilter *filter);

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

G_END_DECLS
