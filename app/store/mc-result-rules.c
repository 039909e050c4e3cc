/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Who may attach and sign results when, and what a result wants next: the
 * rules of mc-result-ops.c, read from the workflow's own actions (the
 * specialist's review steps for attaching, mark_signed for the leader's
 * signature, number_and_seal for the organisation's), plus the plain
 * records the result operations pass around. No SQL here. */
#define G_LOG_DOMAIN "motcua-workflow"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-result-ops-private.h"

G_DEFINE_QUARK (mc-result-error-quark, mc_result_error)

static const char * const kind_names[] = { "leader", "organisation", "attachment" };

const char *
mc_signature_kind_to_string (McSignatureKind kind)
{
  g_return_val_if_fail (kind <= MC_SIGNATURE_KIND_ATTACHMENT, NULL);

  return kind_names[kind];
}

/**
 * mc_signature_kind_from_string:
 * @text: "leader", "organisation" or "attachment"
 * @kind: (out): the kind
 *
 * Returns: %TRUE when @text names a kind
 */
gboolean
mc_signature_kind_from_string (const char      *text,
                               McSignatureKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (text, kind_names[i]) == 0)
      {
        *kind = (McSignatureKind) i;
        return TRUE;
      }

  return FALSE;
}

/**
 * mc_signature_kind_label:
 * @kind: a kind
 *
 * Returns: the translated name of the kind
 */
const char *
mc_signature_kind_label (McSignatureKind kind)
{
  switch (kind)
    {
    case MC_SIGNATURE_KIND_LEADER:
      return _("Leader’s signature");
    case MC_SIGNATURE_KIND_ORGANISATION:
      return _("Organisation’s seal");
    case MC_SIGNATURE_KIND_ATTACHMENT:
      return _("Organisation’s signature on an attachment");
    default:
      g_return_val_if_reached (NULL);
    }
}

static const McWorkflowAction *
rule (McWorkflow  *rules,
      const char  *action_id,
      GError     **error)
{
  const McWorkflowAction *action = mc_workflow_lookup (rules, action_id);

  if (action == NULL)
    g_set_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_RULES,
                 _("The workflow rules have no “%s” action. Reinstall the program’s data files."), action_id);

  return action;
}

/**
 * mc_result_may_attach:
 * @rules: the workflow rules
 * @state: the dossier's status code
 * @step: the dossier's step
 * @role: the officer's role
 * @error: where to put the reason
 *
 * A result is attached by whoever may record the opinion or submit the
 * dossier to the leader, while they may.
 *
 * Returns: %TRUE when @role may attach a result now
 */
gboolean
mc_result_may_attach (McWorkflow  *rules,
                      int          state,
                      const char  *step,
                      McRole       role,
                      GError     **error)
{
  const char *sources[] = { MC_ACTION_RECORD_OPINION, MC_ACTION_SUBMIT_TO_LEADER };
  gboolean role_ok = FALSE;

  g_return_val_if_fail (MC_IS_WORKFLOW (rules), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      const McWorkflowAction *action = rule (rules, sources[i], error);

      if (action == NULL)
        return FALSE;
      if ((action->roles & (1u << role)) == 0)
        continue;
      role_ok = TRUE;
      if (mc_workflow_check (rules, action, state, step, role, NULL))
        return TRUE;
    }

  if (!role_ok)
    g_set_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_ROLE,
                 _("Result documents are attached by the specialist who reviews the dossier; "
                   "you work as a %s. Ask the specialist, or change your officer profile in Preferences."),
                 mc_role_label (role));
  else
    g_set_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_ILLEGAL_TRANSITION,
                 _("A result can be attached while the dossier is being reviewed; it is now “%s”."),
                 mc_workflow_step_label (step));

  return FALSE;
}

/**
 * mc_result_may_sign:
 * @rules: the workflow rules
 * @kind: the signature to make
 * @state: the dossier's status code
 * @step: the dossier's step
 * @role: the officer's role
 * @error: where to put the reason
 *
 * The leader signs where the rules let them mark the dossier signed (and
 * goes on signing further results once it is); the organisation signs
 * where the rules let the clerk number and seal it.
 *
 * Returns: %TRUE when @role may make a @kind signature now
 */
gboolean
mc_result_may_sign (McWorkflow       *rules,
                    McSignatureKind   kind,
                    int               state,
                    const char       *step,
                    McRole            role,
                    GError          **error)
{
  const McWorkflowAction *action;

  g_return_val_if_fail (MC_IS_WORKFLOW (rules), FALSE);

  if (kind == MC_SIGNATURE_KIND_LEADER)
    {
      action = rule (rules, MC_ACTION_MARK_SIGNED, error);
      if (action == NULL)
        return FALSE;
      if ((action->roles & (1u << role)) == 0)
        {
          g_set_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_ROLE,
                       _("Only a leader signs results as the leader; you work as a %s."),
                       mc_role_label (role));
          return FALSE;
        }
      if (mc_workflow_check (rules, action, state, step, role, NULL) ||
          (state == action->to_state && g_strcmp0 (step, action->to_step) == 0))
        return TRUE;
      g_set_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_ILLEGAL_TRANSITION,
                   _("The leader signs the results once the dossier is approved; it is now “%s”."),
                   mc_workflow_step_label (step));
      return FALSE;
    }

  action = rule (rules, MC_ACTION_NUMBER_AND_SEAL, error);
  if (action == NULL)
    return FALSE;
  if ((action->roles & (1u << role)) == 0)
    {
      g_set_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_ROLE,
                   _("The organisation’s signature is added by the clerk who numbers and seals "
                     "the results; you work as a %s."),
                   mc_role_label (role));
      return FALSE;
    }
  if (mc_workflow_check (rules, action, state, step, role, NULL))
    return TRUE;
  g_set_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_ILLEGAL_TRANSITION,
               _("The organisation signs after the leader has signed; the dossier is now “%s”."),
               mc_workflow_step_label (step));
  return FALSE;
}

void
mc_result_signature_free (McResultSignature *signature)
{
  g_free (signature->input_sha256);
  g_free (signature->signed_sha256);
  g_free (signature->signer);
  g_free (signature->officer);
  g_free (signature->level);
  g_free (signature->issue_number);
  g_free (signature);
}

void
mc_result_file_free (McResultFile *file)
{
  if (file == NULL)
    return;

  g_free (file->dossier_code);
  g_free (file->name);
  g_free (file->sha256);
  g_free (file->current_sha256);
  g_free (file->mime);
  g_free (file->added_by);
  g_clear_pointer (&file->signatures, g_ptr_array_unref);
  g_free (file);
}

/**
 * mc_result_file_has_signature:
 * @file: a result
 * @kind: a kind of signature
 *
 * Returns: %TRUE when @file carries a @kind signature
 */
gboolean
mc_result_file_has_signature (const McResultFile *file,
                              McSignatureKind     kind)
{
  g_return_val_if_fail (file != NULL, FALSE);

  for (guint i = 0; i < file->signatures->len; i++)
    if (((McResultSignature *) g_ptr_array_index (file->signatures, i))->kind == kind)
      return TRUE;

  return FALSE;
}

gboolean
mc_result_file_has_organisation_signature (const McResultFile *file)
{
  return mc_result_file_has_signature (file, MC_SIGNATURE_KIND_ORGANISATION) ||
         mc_result_file_has_signature (file, MC_SIGNATURE_KIND_ATTACHMENT);
}

/**
 * mc_result_file_wants:
 * @file: a result
 * @kind: a kind of signature
 * @error: where to put the reason
 *
 * Whether a @kind signature is the next one @file needs: the leader signs
 * once and before the organisation; the organisation seals over the
 * leader's signature, or signs an attachment on its own, once.
 *
 * Returns: %TRUE when @file may take a @kind signature
 */
gboolean
mc_result_file_wants (const McResultFile  *file,
                      McSignatureKind      kind,
                      GError             **error)
{
  g_return_val_if_fail (file != NULL, FALSE);

  if (mc_result_file_has_organisation_signature (file))
    {
      g_set_error (error, MC_RESULT_ERROR, MC_RESULT_ERROR_ALREADY_SIGNED,
                   _("“%s” already carries the organisation’s signature."), file->name);
      return FALSE;
    }
  if (kind == MC_SIGNATURE_KIND_LEADER && mc_result_file_has_signature (file, MC_SIGNATURE_KIND_LEADER))
    {
      g_set_error (error, MC_RESULT_ERROR, MC_RESULT_ERROR_ALREADY_SIGNED,
                   _("“%s” is already signed by the leader."), file->name);
      return FALSE;
    }
  if (kind == MC_SIGNATURE_KIND_ORGANISATION && !mc_result_file_has_signature (file, MC_SIGNATURE_KIND_LEADER))
    {
      g_set_error (error, MC_RESULT_ERROR, MC_RESULT_ERROR_NOT_SIGNED_BY_LEADER,
                   _("“%s” has no leader’s signature for the seal to go over. Have the leader sign it "
                     "first, or sign it as an attachment."), file->name);
      return FALSE;
    }

  return TRUE;
}

/**
 * mc_signature_record_new:
 *
 * Returns: (transfer full): an empty record of a signature to store
 */
McSignatureRecord *
mc_signature_record_new (void)
{
  return g_new0 (McSignatureRecord, 1);
}

McSignatureRecord *
mc_signature_record_copy (const McSignatureRecord *record)
{
  McSignatureRecord *copy;

  g_return_val_if_fail (record != NULL, NULL);

  copy = g_memdup2 (record, sizeof *record);
  copy->input_sha256 = g_strdup (record->input_sha256);
  copy->signed_sha256 = g_strdup (record->signed_sha256);
  copy->signer = g_strdup (record->signer);
  copy->level = g_strdup (record->level);
  copy->issue_number = g_strdup (record->issue_number);

  return copy;
}

void
mc_signature_record_free (McSignatureRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->input_sha256);
  g_free (record->signed_sha256);
  g_free (record->signer);
  g_free (record->level);
  g_free (record->issue_number);
  g_free (record);
}

void
mc_sign_task_free (McSignTask *task)
{
  if (task == NULL)
    return;

  g_free (task->dossier_code);
  g_free (task->applicant_name);
  g_free (task->file_name);
  g_free (task->input_sha256);
  g_clear_error (&task->refusal);
  g_free (task);
}

