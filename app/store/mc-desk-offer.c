/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a desk offers on one dossier: see mc-desk-offer.h. The dossier and
 * its procedure are read together in one transaction so the pane never
 * shows actions of a state it does not show. */
#define G_LOG_DOMAIN "motcua-store"

#include "config.h"

#include "domain/mc-state.h"
#include "mc-catalogue-repo.h"
#include "mc-desk-offer.h"
#include "mc-desk-private.h"
#include "mc-dossier-repo.h"

#define ACTION_REQUEST_FEE "request_fee"
#define ACTION_APPROVE "approve"

void
mc_desk_case_free (McDeskCase *dcase)
{
  if (dcase == NULL)
    return;
  g_clear_pointer (&dcase->dossier, mc_dossier_free);
  g_free (dcase);
}

static gboolean
load_case (sqlite3   *db,
           gpointer   user_data,
           gpointer  *result,
           GError   **error)
{
  g_autoptr(McDeskCase) dcase = g_new0 (McDeskCase, 1);
  g_autoptr(McProcedure) procedure = NULL;
  g_autoptr(GError) local_error = NULL;

  dcase->dossier = mc_dossier_repo_load (db, user_data, error);
  if (dcase->dossier == NULL)
    return FALSE;

  /* A dossier of a procedure the desk no longer holds can still be
   * worked on; it is taken to charge a fee, so nothing is hidden. */
  procedure = mc_procedure_load_from_store (db, dcase->dossier->procedure_code, &local_error);
  dcase->charges_fee = procedure == NULL ||
                       mc_procedure_get_fee (procedure) > 0 || mc_procedure_get_fee_online (procedure) > 0;
  *result = g_steal_pointer (&dcase);

  return TRUE;
}

/**
 * mc_desk_load_case:
 * @self: a desk
 * @code: a dossier code
 * @error: where to put a failure
 *
 * Returns: (transfer full): the dossier with what its procedure says about
 *   the actions on it, or %NULL with @error set
 */
McDeskCase *
mc_desk_load_case (McDesk      *self,
                   const char  *code,
                   GError     **error)
{
  McDeskCase *dcase = NULL;

  g_return_val_if_fail (MC_IS_DESK (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  mc_store_read (mc_desk_get_store (self), load_case, (gpointer) code, (gpointer *) &dcase, error);

  return dcase;
}

/**
 * mc_desk_load_case_async:
 * @self: a desk
 * @code: a dossier code
 * @cancellable: (nullable): a cancellable
 * @callback: called on the caller's main context
 * @user_data: data for @callback
 *
 * Runs mc_desk_load_case() in a worker thread.
 */
void
mc_desk_load_case_async (McDesk              *self,
                         const char          *code,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (MC_IS_DESK (self));
  g_return_if_fail (code != NULL);

  mc_desk_run_async (self, FALSE, load_case, g_strdup (code), g_free, (GDestroyNotify) mc_desk_case_free,
                     cancellable, callback, user_data);
}

McDeskCase *
mc_desk_load_case_finish (McDesk        *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return mc_desk_run_finish (self, result, error);
}

/**
 * mc_desk_case_actions:
 * @self: a desk
 * @dcase: a dossier loaded with mc_desk_load_case()
 * @role: who acts
 *
 * The workflow actions @role may take on the dossier now, less those its
 * procedure rules out (a fee request where the procedure is free). The
 * next step of the usual path, when there is one, comes first.
 *
 * Returns: (transfer container) (element-type McWorkflowAction): the actions
 */
GPtrArray *
mc_desk_case_actions (McDesk           *self,
                      const McDeskCase *dcase,
                      McRole            role)
{
  g_autoptr(GPtrArray) available = NULL;
  GPtrArray *offered = g_ptr_array_new ();

  g_return_val_if_fail (MC_IS_DESK (self), offered);
  g_return_val_if_fail (dcase != NULL && dcase->dossier != NULL, offered);

  available = mc_workflow_available (mc_desk_get_rules (self), dcase->dossier->state, dcase->dossier->step,
                                     role);
  for (guint i = 0; i < available->len; i++)
    {
      const McWorkflowAction *action = g_ptr_array_index (available, i);

      if (!dcase->charges_fee && g_str_equal (action->id, ACTION_REQUEST_FEE))
        continue;
      if (action->primary && (offered->len == 0 || !((McWorkflowAction *) offered->pdata[0])->primary))
        g_ptr_array_insert (offered, 0, (gpointer) action);
      else
        g_ptr_array_add (offered, (gpointer) action);
    }

  return offered;
}

/**
 * mc_desk_case_can_print:
 * @dcase: a dossier loaded with mc_desk_load_case()
 * @slip_kind: "receipt", "supplement", "refusal", "apology" or
 *   "control-sheet"
 *
 * A slip records something that happened to the dossier: a receipt once it
 * was received, a refusal once refused, a supplement request or an apology
 * once one was made.
 *
 * Returns: whether that slip can be printed for the dossier now
 */
gboolean
mc_desk_case_can_print (const McDeskCase *dcase,
                        const char       *slip_kind)
{
  const McDossier *d;

  g_return_val_if_fail (dcase != NULL && dcase->dossier != NULL, FALSE);
  g_return_val_if_fail (slip_kind != NULL, FALSE);

  d = dcase->dossier;
  if (g_str_equal (slip_kind, "receipt") || g_str_equal (slip_kind, "control-sheet"))
    return d->received_at > 0 && d->state != MC_STATE_REFUSED;
  if (g_str_equal (slip_kind, "refusal"))
    return d->state == MC_STATE_REFUSED;
  if (g_str_equal (slip_kind, "supplement"))
    return d->supplement_count > 0 || d->state == MC_STATE_SUPPLEMENT;
  if (g_str_equal (slip_kind, "apology"))
    return d->apology_count > 0;

  return FALSE;
}

/**
 * mc_desk_action_needs_confirmation:
 * @action: a workflow action
 *
 * Approving and submitting to the leader speak for the office; a step that
 * cannot be undone ends the dossier. Either asks again before it runs.
 *
 * Returns: whether a front end confirms @action before running it
 */
gboolean
mc_desk_action_needs_confirmation (const McWorkflowAction *action)
{
  g_return_val_if_fail (action != NULL, FALSE);

  return action->irreversible || g_str_equal (action->id, ACTION_APPROVE) ||
         g_str_equal (action->id, MC_ACTION_SUBMIT_TO_LEADER);
}
