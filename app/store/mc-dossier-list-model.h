/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A GListModel over one queue that fetches rows from the store in pages, in
 * a worker thread, so a queue of 100,000 dossiers scrolls without loading
 * them all. */
#pragma once

#include <gio/gio.h>

#include "mc-queue-filter.h"
#include "mc-store.h"

G_BEGIN_DECLS

#define MC_TYPE_DOSSIER_LIST_MODEL (mc_dossier_list_model_get_type ())
G_DECLARE_FINAL_TYPE (McDossierListModel, mc_dossier_list_model, MC, DOSSIER_LIST_MODEL, GObject)

McDossierListModel *mc_dossier_list_model_new          (McStore             *store,
                                                        McCalendar          *calendar,
                                                        const char          *queue_id);
void                mc_dossier_list_model_set_filter   (McDossierListModel  *self,
                                                        const McQueueFilter *filter);
const char         *mc_dossier_list_model_get_queue_id (McDossierListModel  *self);
void                mc_dossier_list_model_set_officer (McDossierListModel  *self,
                                                       const char          *login);
void                mc_dossier_list_model_set_queue_id (McDossierListModel  *self,
                                                        const char          *queue_id);
gboolean            mc_dossier_list_model_get_loading  (McDossierListModel  *self);
void                mc_dossier_list_model_reload       (McDossierListModel  *self);
const GError       *mc_dossier_list_model_get_error    (McDossierListModel  *self);

G_END_DECLS
