/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Reports window's "Ranking of the communes" page: the central
 * server's ranking of the offices under the desk's office, fetched with
 * the desk's sign-in in a worker while a spinner turns. */
#pragma once

#include <adwaita.h>

#include "store/mc-desk.h"

G_BEGIN_DECLS

/* What the last fetch found: the page is worth showing unless the desk
 * is signed out or its office has nothing under it. */
typedef enum {
  MC_RANKING_LOADING,
  MC_RANKING_SHOWN,          /* a table of the offices under the desk's */
  MC_RANKING_NONE,           /* no office under the desk's: nothing to rank */
  MC_RANKING_SIGNED_OUT,
  MC_RANKING_OFFLINE,
  MC_RANKING_FORBIDDEN,      /* the central answered 403 */
  MC_RANKING_FAILED,         /* any other failure, said on the page */
} McRankingOutcome;

#define MC_TYPE_RANKING_PAGE (mc_ranking_page_get_type ())
G_DECLARE_FINAL_TYPE (McRankingPage, mc_ranking_page, MC, RANKING_PAGE, GtkBox)

GtkWidget        *mc_ranking_page_new         (McDesk        *desk);
void              mc_ranking_page_load        (McRankingPage *self,
                                               gint64         from,
                                               gint64         to);
McRankingOutcome  mc_ranking_page_get_outcome (McRankingPage *self);
gboolean          mc_ranking_page_is_worth_showing (McRankingPage *self);
GListModel       *mc_ranking_page_get_rows    (McRankingPage *self);
char             *mc_ranking_page_row_text    (McRankingPage *self,
                                               guint          position);
const char       *mc_ranking_page_get_message (McRankingPage *self);

G_END_DECLS
