/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A desk: one open workspace with the rules and calendar it works by. The
 * entry point of the CLI and the UI for everything the workflow does. */
#pragma once

#include "domain/calendar/mc-calendar.h"
#include "domain/mc-dossier.h"
#include "domain/mc-officer.h"
#include "domain/mc-reception.h"
#include "domain/mc-workflow.h"
#include "mc-store.h"

G_BEGIN_DECLS

#define MC_TYPE_DESK (mc_desk_get_type ())
G_DECLARE_FINAL_TYPE (McDesk, mc_desk, MC, DESK, GObject)

McDesk            *mc_desk_open               (const char            *workspace,
                                               McStoreOpenFlags       flags,
                                               GError               **error);
void               mc_desk_open_async         (const char            *workspace,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
McDesk            *mc_desk_open_finish        (GAsyncResult          *result,
                                               GError               **error);
McDesk            *mc_desk_new_for_store      (McStore               *store,
                                               GError               **error);
McStore           *mc_desk_get_store          (McDesk                *self);
McWorkflow        *mc_desk_get_rules          (McDesk                *self);
McCalendar        *mc_desk_get_calendar       (McDesk                *self);
void               mc_desk_set_officer_login  (McDesk                *self,
                                               const char            *login);
const char        *mc_desk_get_officer_login  (McDesk                *self);
gint64             mc_desk_now                (McDesk                *self);

McReceptionResult *mc_desk_receive            (McDesk                *self,
                                               const McReception     *reception,
                                               GCancellable          *cancellable,
                                               GError               **error);
void               mc_desk_receive_async      (McDesk                *self,
                                               McReception           *reception,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
McReceptionResult *mc_desk_receive_finish     (McDesk                *self,
                                               GAsyncResult          *result,
                                               GError               **error);

char              *mc_desk_act                (McDesk                *self,
                                               const char            *code,
                                               const char            *action_id,
                                               const McActionParams  *params,
                                               GError               **error);
void               mc_desk_act_async          (McDesk                *self,
                                               const char            *code,
                                               const char            *action_id,
                                               const McActionParams  *params,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
char              *mc_desk_act_finish         (McDesk                *self,
                                               GAsyncResult          *result,
                                               GError               **error);

McDossier         *mc_desk_load_dossier       (McDesk                *self,
                                               const char            *code,
                                               GError               **error);
void               mc_desk_load_dossier_async (McDesk                *self,
                                               const char            *code,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
McDossier         *mc_desk_load_dossier_finish (McDesk               *self,
                                               GAsyncResult          *result,
                                               GError               **error);

GPtrArray         *mc_desk_search             (McDesk                *self,
                                               const char            *text,
                                               guint                  limit,
                                               GError               **error);

void               mc_desk_search_async       (McDesk                *self,
                                               const char            *text,
                                               guint                  limit,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
GPtrArray         *mc_desk_search_finish      (McDesk                *self,
                                               GAsyncResult          *result,
                                               GError               **error);
void               mc_desk_load_officer_async (McDesk                *self,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
McOfficer         *mc_desk_load_officer_finish (McDesk               *self,
                                               GAsyncResult          *result,
                                               GError               **error);

G_END_DECLS
