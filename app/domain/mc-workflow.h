/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The rules of the one-stop process: which action is legal from which state
 * and step, for which role, and what it does to the state and the clock.
 * Loaded from data/workflow/, never written as literals in code. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define MC_WORKFLOW_ERROR (mc_workflow_error_quark ())

typedef enum {
  MC_WORKFLOW_ERROR_UNKNOWN_ACTION,
  MC_WORKFLOW_ERROR_ILLEGAL_TRANSITION,
  MC_WORKFLOW_ERROR_ROLE,
  MC_WORKFLOW_ERROR_MISSING_REASON,
  MC_WORKFLOW_ERROR_MISSING_DEPARTMENT,
  MC_WORKFLOW_ERROR_MISSING_ISSUE_NUMBER,
  MC_WORKFLOW_ERROR_MISSING_APPOINTMENT,
  MC_WORKFLOW_ERROR_RULES,
  MC_WORKFLOW_ERROR_NO_NUMBERS,
  MC_WORKFLOW_ERROR_UNKNOWN_PROCEDURE,
  MC_WORKFLOW_ERROR_INVALID_APPLICANT,
  MC_WORKFLOW_ERROR_INCOMPLETE,
  MC_WORKFLOW_ERROR_NOT_FOUND,
  MC_WORKFLOW_ERROR_NO_OFFICER,
  MC_WORKFLOW_ERROR_STALE,
  MC_WORKFLOW_ERROR_APOLOGY_TOO_LATE,
} McWorkflowError;

typedef enum {
  MC_ROLE_RECEPTION,
  MC_ROLE_SPECIALIST,
  MC_ROLE_LEADER,
  MC_ROLE_CLERK,
  MC_N_ROLES
} McRole;

typedef enum {
  MC_CLOCK_NONE,
  MC_CLOCK_START,
  MC_CLOCK_PAUSE,
  MC_CLOCK_RESUME,
  MC_CLOCK_STOP,
} McClockEffect;

/* When an apology with a new appointment may be made, from the rules'
 * "apology_before_due": false (any time), true (only before the
 * appointment is missed: refused after it) or "flag" (after it too, but the
 * dossier is marked). */
typedef enum {
  MC_APOLOGY_ANY_TIME,
  MC_APOLOGY_BEFORE_DUE,
  MC_APOLOGY_FLAG_LATE,
} McApologyRule;

/* The actions the core names itself: those the rules file must define
 * (reception), those it words slips and checks by, and the changes to
 * results, which are not workflow actions but are recorded the same way. */
#define MC_ACTION_SUBMIT "submit"
#define MC_ACTION_RECEIVE "receive"
#define MC_ACTION_REFUSE "refuse"
#define MC_ACTION_FORWARD "forward"
#define MC_ACTION_REQUEST_SUPPLEMENT "request_supplement"
#define MC_ACTION_RECORD_OPINION "record_opinion"
#define MC_ACTION_SUBMIT_TO_LEADER "submit_to_leader"
#define MC_ACTION_MARK_SIGNED "mark_signed"
#define MC_ACTION_NUMBER_AND_SEAL "number_and_seal"
#define MC_ACTION_APOLOGISE "apologise"
#define MC_ACTION_ATTACH_RESULT "attach_result"
#define MC_ACTION_SIGN_RESULT "sign_result"

#define MC_STATE_UNCHANGED 0
#define MC_STATE_RESUME (-1)

typedef struct
{
  int state;
  char **steps;
} McWorkflowSource;

typedef struct
{
  char *id;
  guint roles;
  GArray *from;
  int to_state;
  char *to_step;
  McClockEffect clock;
  char *slip;
  gboolean needs_reason;
  gboolean needs_department;
  gboolean needs_issue_number;
  gboolean new_appointment;
  gboolean supplement_request;
  gboolean needs_result;   /* a result document must be attached */
  gboolean irreversible;
  gboolean remember_state;
  gboolean primary;
} McWorkflowAction;

#define MC_TYPE_WORKFLOW (mc_workflow_get_type ())
G_DECLARE_FINAL_TYPE (McWorkflow, mc_workflow, MC, WORKFLOW, GObject)

GQuark                   mc_workflow_error_quark      (void);

const char              *mc_role_to_string            (McRole              role);
gboolean                 mc_role_from_string          (const char         *text,
                                                       McRole             *role);
const char              *mc_role_label                (McRole              role);

McWorkflow              *mc_workflow_load             (const char         *path,
                                                       GError            **error);
McWorkflow              *mc_workflow_load_default     (GError            **error);
const char              *mc_workflow_get_effective_from (McWorkflow       *self);
gboolean                 mc_workflow_supplement_resumes (McWorkflow       *self);
McApologyRule            mc_workflow_get_apology_rule (McWorkflow         *self);
const McWorkflowAction  *mc_workflow_lookup           (McWorkflow         *self,
                                                       const char         *action_id);
gboolean                 mc_workflow_check            (McWorkflow         *self,
                                                       const McWorkflowAction *action,
                                                       int                 state,
                                                       const char         *step,
                                                       McRole              role,
                                                       GError            **error);
GPtrArray               *mc_workflow_available        (McWorkflow         *self,
                                                       int                 state,
                                                       const char         *step,
                                                       McRole              role);
guint                    mc_workflow_get_n_actions    (McWorkflow         *self);
const McWorkflowAction  *mc_workflow_get_action       (McWorkflow         *self,
                                                       guint               index);

const char              *mc_workflow_action_label     (const char         *action_id);
const char              *mc_workflow_step_label       (const char         *step);

G_END_DECLS
