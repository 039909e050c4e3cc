/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The province's ranking of its communes, as the central server counts it
 * (GET /v1/reports/kpi, docs/central-api.md): the request's path and the
 * answer read into rows. The desk only shows it; the counting is the
 * centre's. GLib and json-glib only. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint rank;               /* 1 for the best on-time share among the offices under the asked one */
  char *office;
  char *name;
  gint64 received;
  gint64 online;
  gint64 finished;
  gint64 on_time;
  double on_time_percent;   /* one decimal, NAN when nothing was finished */
  double online_percent;    /* NAN when nothing was received */
} McRankingRow;

typedef struct
{
  char *office;             /* the office asked for (the province) */
  char *from;               /* "YYYY-MM-DD", the last day included */
  char *to;
  McRankingRow *total;      /* the office and everything under it */
  McRankingRow *own;        /* (nullable) the asked office's own dossiers */
  GPtrArray *offices;       /* (element-type McRankingRow) the offices under it, best first */
} McRanking;

char      *mc_ranking_path      (const char  *office,
                                 const char  *from,
                                 const char  *to);
McRanking *mc_ranking_from_json (JsonNode    *root,
                                 GError     **error);
void       mc_ranking_to_json   (McRanking   *ranking,
                                 JsonBuilder *builder);
void       mc_ranking_free      (McRanking   *ranking);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McRanking, mc_ranking_free)

G_END_DECLS
