/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a desk offers on one dossier now: the workflow actions its state,
 * its procedure and the officer's role allow, with the one to take next
 * first, and the slips that can be printed in its state. Front ends ask
 * here instead of repeating the rules. */
#pragma once

#include "mc-desk.h"

G_BEGIN_DECLS

typedef struct
{
  McDossier *dossier;
  /* Whether its procedure charges a fee at all. */
  gboolean charges_fee;
} McDeskCase;

void        mc_desk_case_free            (McDeskCase          *dcase);

void        mc_desk_load_case_async      (McDesk              *self,
                                          const char          *code,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
McDeskCase *mc_desk_load_case_finish     (McDesk              *self,
                                          GAsyncResult        *result,
                                          GError             **error);
McDeskCase *mc_desk_load_case            (McDesk              *self,
                                          const char          *code,
                                          GError             **error);

GPtrArray  *mc_desk_case_actions         (McDesk              *self,
                                          const McDeskCase    *dcase,
                                          McRole               role);
gboolean    mc_desk_case_can_print       (const McDeskCase    *dcase,
                                          const char          *slip_kind);
gboolean    mc_desk_action_needs_confirmation (const McWorkflowAction *action);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McDeskCase, mc_desk_case_free)

G_END_DECLS
