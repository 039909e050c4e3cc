/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A queue in the sidebar: its id, translated title, icon and count. */
#pragma once

#include <glib-object.h>

#include "domain/mc-queue.h"

G_BEGIN_DECLS

#define MC_TYPE_QUEUE_ITEM (mc_queue_item_get_type ())
G_DECLARE_FINAL_TYPE (McQueueItem, mc_queue_item, MC, QUEUE_ITEM, GObject)

McQueueItem *mc_queue_item_new        (const McQueueInfo *info);
const char  *mc_queue_item_get_id     (McQueueItem       *self);
const char  *mc_queue_item_get_title  (McQueueItem       *self);
guint        mc_queue_item_get_count  (McQueueItem       *self);
void         mc_queue_item_set_count  (McQueueItem       *self,
                                       guint              count);

G_END_DECLS
