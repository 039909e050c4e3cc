/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reads the one-stop rules (data/workflow/one-stop.json) and answers what is
 * legal. The file says which role may take which action from which state and
 * internal step, where the dossier goes and what happens to the clock; only
 * the human labels of actions and steps live here, so they can be
 * translated. Loading is strict: a rule file with an unknown role, state or
 * clock effect is refused with the file and the action named. */
#define G_LOG_DOMAIN "motcua-domain"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "domain/mc-state.h"
#include "mc-core.h"
#include "mc-workflow.h"

struct _McWorkflow
{
  GObject parent_instance;

  char *effective_from;
  gboolean supplement_resumes;
  McApologyRule apology_rule;
  GPtrArray *actions;
};

G_DEFINE_FINAL_TYPE (McWorkflow, mc_workflow, G_TYPE_OBJECT)

G_DEFINE_QUARK (mc-workflow-error-quark, mc_workflow_error)

static const char * const role_names[MC_N_ROLES] = {
  "reception", "specialist", "leader", "clerk",
};

const char *
mc_role_to_string (McRole role)
{
  g_return_val_if_fail (role < MC_N_ROLES, NULL);

  return role_names[role];
}

gboolean
mc_role_from_string (const char *text,
                     McRole     *role)
{
  for (guint i = 0; i < MC_N_ROLES; i++)
    if (g_strcmp0 (text, role_names[i]) == 0)
      {
        *role = i;
        return TRUE;
      }

  return FALSE;
}

const char *
mc_role_label (McRole role)
{
  switch (role)
    {
    case MC_ROLE_RECEPTION: return _("Reception officer");
    case MC_ROLE_SPECIALIST: return _("Specialist");
    case MC_ROLE_LEADER: return _("Leader");
    case MC_ROLE_CLERK: return _("Clerk");
    case MC_N_ROLES:
    default: return _("Unknown role");
    }
}

/**
 * mc_workflow_action_label:
 * @action_id: an action id of the rules
 *
 * Returns: the translated name of the action, or @action_id itself
 */
const char *
mc_workflow_action_label (const char *action_id)
{
  static const struct { const char *id; const char *label; } labels[] = {
    { "receive", N_("Receive") },
    { "refuse", N_("Refuse at reception") },
    { "request_supplement", N_("Request supplement") },
    { "supplement_received", N_("Supplement received") },
    { "forward", N_("Forward to department") },
    { "record_opinion", N_("Record opinion") },
    { "submit_to_leader", N_("Submit to leader") },
    { "approve", N_("Approve") },
    { "return_for_rework", N_("Return for rework") },
    { "mark_signed", N_("Mark as signed") },
    { "attach_result", N_("Attach result") },
    { "attach_component_file", N_("Attach a scanned component") },
    { "sign_result", N_("Sign result") },
    { "number_and_seal", N_("Number and seal") },
    { "ready_to_return", N_("Result ready to return") },
    { "return_result", N_("Return result") },
    { "withdraw", N_("Citizen withdraws") },
    { "stop_processing", N_("Stop processing") },
    { "request_fee", N_("Request fee payment") },
    { "fee_paid", N_("Fee paid") },
    { "apologise", N_("Apologise and set new appointment") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (labels[i].id, action_id) == 0)
      return _(labels[i].label);

  return action_id;
}

/**
 * mc_workflow_step_label:
 * @step: an internal step name
 *
 * Returns: the translated name of the step, or @step itself
 */
const char *
mc_workflow_step_label (const char *step)
{
  static const struct { const char *id; const char *label; } labels[] = {
    { "", N_("Not yet received") },
    { "received", N_("Received at the desk") },
    { "forwarded", N_("With the specialist") },
    { "reviewed", N_("Opinion recorded") },
    { "leader", N_("Waiting for the leader") },
    { "approved", N_("Approved, to be signed") },
    { "rework", N_("Returned for rework") },
    { "signed", N_("Signed") },
    { "sealed", N_("Numbered and sealed") },
    { "ready", N_("Result ready") },
    { "returned", N_("Result returned") },
    { "refused", N_("Refused") },
    { "withdrawn", N_("Withdrawn") },
    { "stopped", N_("Stopped") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (labels[i].id, step != NULL ? step : "") == 0)
      return _(labels[i].label);

  return step;
}

static void
action_free (gpointer data)
{
  McWorkflowAction *action = data;

  g_free (action->id);
  g_free (action->to_step);
  g_free (action->slip);
  if (action->from != NULL)
    {
      for (guint i = 0; i < action->from->len; i++)
        g_strfreev (g_array_index (action->from, McWorkflowSource, i).steps);
      g_array_unref (action->from);
    }
  g_free (action);
}

static void
mc_workflow_finalize (GObject *object)
{
  McWorkflow *self = MC_WORKFLOW (object);

  g_free (self->effective_from);
  g_clear_pointer (&self->actions, g_ptr_array_unref);

  G_OBJECT_CLASS (mc_workflow_parent_class)->finalize (object);
}

static void
mc_workflow_class_init (McWorkflowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mc_workflow_finalize;
}

static void
mc_workflow_init (McWorkflow *self)
{
  self->actions = g_ptr_array_new_with_free_func (action_free);
}

static gboolean
rule_error (GError     **error,
            const char  *path,
            const char  *action,
            const char  *problem)
{
  g_set_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_RULES,
               _("The workflow rules in “%s” are broken at action “%s”: %s. Reinstall the program's data files."),
               path, action != NULL ? action : "?", problem);
  return FALSE;
}

static gboolean
parse_action (JsonObject        *object,
              const char        *path,
              McWorkflowAction  *action,
              GError           **error)
{
  JsonArray *roles;
  JsonArray *from;
  JsonObject *to;
  const char *clock;

  action->id = g_strdup (json_object_get_string_member_with_default (object, "id", NULL));
  if (action->id == NULL || *action->id == '\0')
    return rule_error (error, path, NULL, _("it has no id"));

  roles = json_object_get_array_member (object, "roles");
  if (roles == NULL || json_array_get_length (roles) == 0)
    return rule_error (error, path, action->id, _("it names no role"));
  for (guint i = 0; i < json_array_get_length (roles); i++)
    {
      McRole role;

      if (!mc_role_from_string (json_array_get_string_element (roles, i), &role))
        return rule_error (error, path, action->id, _("it names an unknown role"));
      action->roles |= 1u << role;
    }

  from = json_object_get_array_member (object, "from");
  if (from == NULL || json_array_get_length (from) == 0)
    return rule_error (error, path, action->id, _("it has no starting state"));
  action->from = g_array_new (FALSE, TRUE, sizeof (McWorkflowSource));
  for (guint i = 0; i < json_array_get_length (from); i++)
    {
      JsonObject *source_object = json_array_get_object_element (from, i);
      McWorkflowSource source = { 0 };

      if (source_object == NULL)
        return rule_error (error, path, action->id, _("a starting state is not an object"));
      source.state = (int) json_object_get_int_member_with_default (source_object, "state", 0);
      if (!mc_state_is_valid (source.state))
        return rule_error (error, path, action->id, _("a starting state is not a national status code"));
      if (json_object_has_member (source_object, "steps"))
        {
          JsonArray *steps = json_object_get_array_member (source_object, "steps");
          guint n = steps != NULL ? json_array_get_length (steps) : 0;

          source.steps = g_new0 (char *, n + 1);
          for (guint j = 0; j < n; j++)
            source.steps[j] = g_strdup (json_array_get_string_element (steps, j));
        }
      g_array_append_val (action->from, source);
    }

  to = json_object_get_object_member (object, "to");
  if (to == NULL)
    return rule_error (error, path, action->id, _("it has no target"));
  if (json_object_has_member (to, "state"))
    {
      JsonNode *node = json_object_get_member (to, "state");

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
          g_str_equal (json_node_get_string (node), "resume"))
        action->to_state = MC_STATE_RESUME;
      else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64 &&
               mc_state_is_valid ((int) json_node_get_int (node)))
        action->to_state = (int) json_node_get_int (node);
      else
        return rule_error (error, path, action->id, _("its target state is not a national status code"));
    }
  action->to_step = g_strdup (json_object_get_string_member_with_default (to, "step", NULL));

  clock = json_object_get_string_member_with_default (object, "clock", "none");
  if (g_str_equal (clock, "none"))
    action->clock = MC_CLOCK_NONE;
  else if (g_str_equal (clock, "start"))
    action->clock = MC_CLOCK_START;
  else if (g_str_equal (clock, "pause"))
    action->clock = MC_CLOCK_PAUSE;
  else if (g_str_equal (clock, "resume"))
    action->clock = MC_CLOCK_RESUME;
  else if (g_str_equal (clock, "stop"))
    action->clock = MC_CLOCK_STOP;
  else
    return rule_error (error, path, action->id, _("its clock effect is unknown"));

  action->slip = g_strdup (json_object_get_string_member_with_default (object, "slip", NULL));
  action->needs_reason = json_object_get_boolean_member_with_default (object, "reason", FALSE);
  action->needs_department = json_object_get_boolean_member_with_default (object, "department", FALSE);
  action->needs_issue_number = json_object_get_boolean_member_with_default (object, "issue_number", FALSE);
  action->new_appointment = json_object_get_boolean_member_with_default (object, "new_appointment", FALSE);
  action->supplement_request = json_object_get_boolean_member_with_default (object, "supplement_request", FALSE);
  action->needs_result = json_object_get_boolean_member_with_default (object, "needs_result", FALSE);
  action->irreversible = json_object_get_boolean_member_with_default (object, "irreversible", FALSE);
  action->primary = json_object_get_boolean_member_with_default (object, "primary", FALSE);
  action->remember_state = json_object_get_boolean_member_with_default (object, "resume_state", FALSE) ||
                           action->clock == MC_CLOCK_PAUSE;

  return TRUE;
}

/* "apology_before_due": true, false or "flag"; absent means any time. */
static gboolean
parse_apology_rule (JsonObject     *root,
                    const char     *path,
                    McApologyRule  *rule,
                    GError        **error)
{
  JsonNode *node = json_object_get_member (root, "apology_before_due");

  *rule = MC_APOLOGY_ANY_TIME;
  if (node == NULL)
    return TRUE;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    {
      *rule = json_node_get_boolean (node) ? MC_APOLOGY_BEFORE_DUE : MC_APOLOGY_ANY_TIME;
      return TRUE;
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
      g_str_equal (json_node_get_string (node), "flag"))
    {
      *rule = MC_APOLOGY_FLAG_LATE;
      return TRUE;
    }

  rule_error (error, path, NULL, _("“apology_before_due” must be true, false or \"flag\""));
  return FALSE;
}

/**
 * mc_workflow_load:
 * @path: a rules file
 * @error: where to put a failure
 *
 * Returns: (transfer full): the rules, or %NULL with @error set
 */
McWorkflow *
mc_workflow_load (const char  *path,
                  GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(McWorkflow) self = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *root;
  JsonArray *actions;

  g_return_val_if_fail (path != NULL, NULL);

  if (!json_parser_load_from_file (parser, path, &local_error))
    {
      g_set_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_RULES,
                   _("The workflow rules in “%s” cannot be read: %s. Reinstall the program's data files."),
                   path, local_error->message);
      return NULL;
    }

  root = json_node_get_object (json_parser_get_root (parser));
  if (root == NULL || (actions = json_object_get_array_member (root, "actions")) == NULL)
    {
      rule_error (error, path, NULL, _("there is no list of actions"));
      return NULL;
    }

  self = g_object_new (MC_TYPE_WORKFLOW, NULL);
  self->effective_from = g_strdup (json_object_get_string_member_with_default (root, "effective_from", ""));
  self->supplement_resumes =
    g_strcmp0 (json_object_get_string_member_with_default (root, "supplement_clock", "resume"), "restart") != 0;
  if (!parse_apology_rule (root, path, &self->apology_rule, error))
    return NULL;

  for (guint i = 0; i < json_array_get_length (actions); i++)
    {
      JsonObject *object = json_array_get_object_element (actions, i);
      McWorkflowAction *action = g_new0 (McWorkflowAction, 1);

      g_ptr_array_add (self->actions, action);
      if (object == NULL || !parse_action (object, path, action, error))
        return NULL;

      for (guint j = 0; j + 1 < self->actions->len; j++)
        if (g_str_equal (((McWorkflowAction *) g_ptr_array_index (self->actions, j))->id, action->id))
          {
            rule_error (error, path, action->id, _("the action is defined twice"));
            return NULL;
          }
    }

  return g_steal_pointer (&self);
}

/**
 * mc_workflow_load_default:
 * @error: where to put a failure
 *
 * Returns: (transfer full): the rules shipped in the data folder
 */
McWorkflow *
mc_workflow_load_default (GError **error)
{
  g_autofree char *path = g_build_filename (mc_core_get_data_dir (), "workflow", "one-stop.json", NULL);

  return mc_workflow_load (path, error);
}

const char *
mc_workflow_get_effective_from (McWorkflow *self)
{
  g_return_val_if_fail (MC_IS_WORKFLOW (self), NULL);

  return self->effective_from;
}

gboolean
mc_workflow_supplement_resumes (McWorkflow *self)
{
  g_return_val_if_fail (MC_IS_WORKFLOW (self), TRUE);

  return self->supplement_resumes;
}

/**
 * mc_workflow_get_apology_rule:
 * @self: the rules
 *
 * Returns: whether an apology may come after the appointment it apologises
 *   for, and what happens then
 */
McApologyRule
mc_workflow_get_apology_rule (McWorkflow *self)
{
  g_return_val_if_fail (MC_IS_WORKFLOW (self), MC_APOLOGY_BEFORE_DUE);

  return self->apology_rule;
}

const McWorkflowAction *
mc_workflow_lookup (McWorkflow *self,
                    const char *action_id)
{
  g_return_val_if_fail (MC_IS_WORKFLOW (self), NULL);

  for (guint i = 0; i < self->actions->len; i++)
    {
      McWorkflowAction *action = g_ptr_array_index (self->actions, i);

      if (g_strcmp0 (action->id, action_id) == 0)
        return action;
    }

  return NULL;
}

guint
mc_workflow_get_n_actions (McWorkflow *self)
{
  g_return_val_if_fail (MC_IS_WORKFLOW (self), 0);

  return self->actions->len;
}

const McWorkflowAction *
mc_workflow_get_action (McWorkflow *self,
                        guint       index)
{
  g_return_val_if_fail (MC_IS_WORKFLOW (self), NULL);
  g_return_val_if_fail (index < self->actions->len, NULL);

  return g_ptr_array_index (self->actions, index);
}

static gboolean
source_matches (const McWorkflowAction *action,
                int                     state,
                const char             *step)
{
  for (guint i = 0; i < action->from->len; i++)
    {
      const McWorkflowSource *source = &g_array_index (action->from, McWorkflowSource, i);

      if (source->state != state)
        continue;
      if (source->steps == NULL || g_strv_contains ((const char * const *) source->steps, step != NULL ? step : ""))
        return TRUE;
    }

  return FALSE;
}

/**
 * mc_workflow_check:
 * @self: the rules
 * @action: an action of @self
 * @state: the dossier's national status code
 * @step: the dossier's internal step
 * @role: the officer's role
 * @error: where to put the reason
 *
 * Returns: %TRUE when @role may take @action on a dossier in @state/@step
 */
gboolean
mc_workflow_check (McWorkflow             *self,
                   const McWorkflowAction *action,
                   int                     state,
                   const char             *step,
                   McRole                  role,
                   GError                **error)
{
  g_return_val_if_fail (MC_IS_WORKFLOW (self), FALSE);
  g_return_val_if_fail (action != NULL, FALSE);

  if (!source_matches (action, state, step))
    {
      g_set_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_ILLEGAL_TRANSITION,
                   _("“%s” is not possible for a dossier that is “%s” (%s)."),
                   mc_workflow_action_label (action->id), mc_state_label (state),
                   mc_workflow_step_label (step));
      return FALSE;
    }

  if ((action->roles & (1u << role)) == 0)
    {
      g_set_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_ROLE,
                   _("A %s may not take the action “%s”. Ask a colleague with the right role, or change your officer profile in Preferences."),
                   mc_role_label (role), mc_workflow_action_label (action->id));
      return FALSE;
    }

  return TRUE;
}

/**
 * mc_workflow_available:
 * @self: the rules
 * @state: the dossier's national status code
 * @step: the dossier's internal step
 * @role: the officer's role
 *
 * Returns: (transfer container) (element-type McWorkflowAction): the
 *   actions @role may take now: those that move the dossier along its
 *   usual path first, then the others, each in the order of the rules
 */
GPtrArray *
mc_workflow_available (McWorkflow *self,
                       int         state,
                       const char *step,
                       McRole      role)
{
  GPtrArray *available = g_ptr_array_new ();

  g_return_val_if_fail (MC_IS_WORKFLOW (self), available);

  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < self->actions->len; i++)
      {
        McWorkflowAction *action = g_ptr_array_index (self->actions, i);

        if (action->primary == (pass == 0) && source_matches (action, state, step) &&
            (action->roles & (1u << role)) != 0)
          g_ptr_array_add (available, action);
      }

  return available;
}
