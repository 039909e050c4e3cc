/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the desk's window asks of the store besides dossiers themselves:
 * how many dossiers each queue holds, the choices of the queue filter, and
 * the codes of one queue (for a batch such as "sign all"). */
#pragma once

#include "mc-desk.h"
#include "mc-queue-filter.h"

G_BEGIN_DECLS

typedef struct
{
  GPtrArray *procedure_codes;  /* (element-type utf8) */
  GPtrArray *procedure_labels; /* "code — name", in the same order */
  GPtrArray *fields;           /* (element-type utf8) */
  GPtrArray *officer_logins;   /* (element-type utf8) */
  GPtrArray *officer_names;    /* in the same order */
} McFilterOptions;

void              mc_filter_options_free             (McFilterOptions      *options);

guint            *mc_desk_count_queues               (McDesk               *self,
                                                      gint64                now,
                                                      GError              **error);
void              mc_desk_count_queues_async         (McDesk               *self,
                                                      gint64                now,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
guint            *mc_desk_count_queues_finish        (McDesk               *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

McFilterOptions  *mc_desk_load_filter_options        (McDesk               *self,
                                                      GError              **error);
void              mc_desk_load_filter_options_async  (McDesk               *self,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
McFilterOptions  *mc_desk_load_filter_options_finish (McDesk               *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

GPtrArray        *mc_desk_list_queue                 (McDesk               *self,
                                                      const char           *queue_id,
                                                      guint                 limit,
                                                      GError              **error);

void              mc_desk_list_queue_codes_async     (McDesk               *self,
                                                      const char           *queue_id,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
char            **mc_desk_list_queue_codes_finish    (McDesk               *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McFilterOptions, mc_filter_options_free)

void              mc_desk_search_filtered_async      (McDesk               *self,
                                                      const char           *text,
                                                      const McQueueFilter  *filter,
                                                      guint                 limit,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);

G_END_DECLS
