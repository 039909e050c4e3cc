/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The form inside an action's confirmation dialog. It shows only the fields
 * the rules say the action needs, and is valid only when each of them is
 * filled; the new appointment is read as dd/mm/yyyy hh:mm in Vietnam time
 * and must come after the current one and after now; the one proposed is
 * never in the past. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "domain/mc-state.h"
#include "mc-action-form.h"

struct _McActionForm
{
  GtkWidget parent_instance;

  const McWorkflowAction *action;
  gint64 current_due;
  gint64 now;                 /* when the form was opened */

  GtkWidget *reason_box;
  GtkLabel *reason_label;
  GtkTextView *reason_view;
  GtkWidget *department_box;
  GtkEntry *department_entry;
  GtkWidget *issue_box;
  GtkEntry *issue_entry;
  GtkWidget *appointment_box;
  GtkEntry *appointment_entry;
  GtkLabel *problem_label;
};

G_DEFINE_FINAL_TYPE (McActionForm, mc_action_form, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_VALID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
reason_text (McActionForm *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->reason_view);
  GtkTextIter start, end;
  char *text;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  return g_strstrip (text);
}

static gint64
parse_appointment (const char *text)
{
  int d, m, y, h = 17, mi = 0;
  g_autoptr(GDateTime) dt = NULL;
  int n = sscanf (text, "%d/%d/%d %d:%d", &d, &m, &y, &h, &mi);

  if (n != 3 && n != 5)
    return 0;
  dt = g_date_time_new (mc_vietnam_time_zone (), y, m, d, h, mi, 0);

  return dt != NULL ? g_date_time_to_unix (dt) : 0;
}

static const char *
problem (McActionForm *self)
{
  const McWorkflowAction *action = self->action;

  if (action->needs_reason)
    {
      g_autofree char *reason = reason_text (self);

      if (*reason == '\0')
        return _("Write the reason; it goes on the slip and in the record.");
    }
  if (action->needs_department && *gtk_editable_get_text (GTK_EDITABLE (self->department_entry)) == '\0')
    return _("Write the department the dossier goes to.");
  if (action->needs_issue_number && *gtk_editable_get_text (GTK_EDITABLE (self->issue_entry)) == '\0')
    return _("Write the issue number of the result.");
  if (action->new_appointment)
    {
      gint64 when = parse_appointment (gtk_editable_get_text (GTK_EDITABLE (self->appointment_entry)));

      if (when == 0)
        return _("Write the new appointment as dd/mm/yyyy hh:mm.");
      if (when <= self->current_due)
        return _("The new appointment must be later than the current one.");
      if (when <= self->now)
        return _("The new appointment cannot be in the past.");
    }

  return NULL;
}

static void
revalidate (McActionForm *self)
{
  const char *text = problem (self);
  gboolean touched = FALSE;

  /* Only complain about a field once the official has typed something. */
  touched = gtk_text_buffer_get_char_count (gtk_text_view_get_buffer (self->reason_view)) > 0 ||
            *gtk_editable_get_text (GTK_EDITABLE (self->department_entry)) != '\0' ||
            *gtk_editable_get_text (GTK_EDITABLE (self->issue_entry)) != '\0' ||
            *gtk_editable_get_text (GTK_EDITABLE (self->appointment_entry)) != '\0';

  gtk_label_set_label (self->problem_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), text != NULL && touched);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
}

gboolean
mc_action_form_is_valid (McActionForm *self)
{
  g_return_val_if_fail (MC_IS_ACTION_FORM (self), FALSE);

  return problem (self) == NULL;
}

/**
 * mc_action_form_needs_input:
 * @self: a form
 *
 * Returns: %TRUE when the action asks for anything at all
 */
gboolean
mc_action_form_needs_input (McActionForm *self)
{
  g_return_val_if_fail (MC_IS_ACTION_FORM (self), FALSE);

  return self->action->needs_reason || self->action->needs_department ||
         self->action->needs_issue_number || self->action->new_appointment;
}

/**
 * mc_action_form_fill:
 * @self: a valid form
 * @params: (out caller-allocates): receives copies of the values
 */
void
mc_action_form_fill (McActionForm   *self,
                     McActionParams *params)
{
  g_return_if_fail (MC_IS_ACTION_FORM (self));

  if (self->action->needs_reason)
    params->reason = reason_text (self);
  if (self->action->needs_department)
    params->department = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->department_entry)));
  if (self->action->needs_issue_number)
    params->issue_number = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->issue_entry)));
  if (self->action->new_appointment)
    params->new_appointment = parse_appointment (gtk_editable_get_text (GTK_EDITABLE (self->appointment_entry)));
}

void
mc_action_form_set_reason (McActionForm *self,
                           const char   *text)
{
  g_return_if_fail (MC_IS_ACTION_FORM (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->reason_view), text, -1);
}

/**
 * mc_action_form_set_text:
 * @self: a form
 * @field: "department", "issue-number" or "appointment"
 * @text: the text to put there
 *
 * For automation and tests, as typing would.
 */
void
mc_action_form_set_text (McActionForm *self,
                         const char   *field,
                         const char   *text)
{
  GtkEntry *entry = NULL;

  g_return_if_fail (MC_IS_ACTION_FORM (self));

  if (g_str_equal (field, "department"))
    entry = self->department_entry;
  else if (g_str_equal (field, "issue-number"))
    entry = self->issue_entry;
  else if (g_str_equal (field, "appointment"))
    entry = self->appointment_entry;
  g_return_if_fail (entry != NULL);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

static void
mc_action_form_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), MC_TYPE_ACTION_FORM);
  /* The template's outer box is not a bound child. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (mc_action_form_parent_class)->dispose (object);
}

static void
mc_action_form_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  McActionForm *self = MC_ACTION_FORM (object);

  switch (prop_id)
    {
    case PROP_VALID: g_value_set_boolean (value, self->action != NULL && mc_action_form_is_valid (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_action_form_class_init (McActionFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_action_form_dispose;
  object_class->get_property = mc_action_form_get_property;

  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/motcua/Desk/mc-action-form.ui");
  gtk_widget_class_bind_template_child (widget_class, McActionForm, reason_box);
  gtk_widget_class_bind_template_child (widget_class, McActionForm, reason_label);
  gtk_widget_class_bind_template_child (widget_class, McActionForm, reason_view);
  gtk_widget_class_bind_template_child (widget_class, McActionForm, department_box);
  gtk_widget_class_bind_template_child (widget_class, McActionForm, department_entry);
  gtk_widget_class_bind_template_child (widget_class, McActionForm, issue_box);
  gtk_widget_class_bind_template_child (widget_class, McActionForm, issue_entry);
  gtk_widget_class_bind_template_child (widget_class, McActionForm, appointment_box);
  gtk_widget_class_bind_template_child (widget_class, McActionForm, appointment_entry);
  gtk_widget_class_bind_template_child (widget_class, McActionForm, problem_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
mc_action_form_init (McActionForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (gtk_text_view_get_buffer (self->reason_view), "changed",
                            G_CALLBACK (revalidate), self);
  g_signal_connect_swapped (self->department_entry, "changed", G_CALLBACK (revalidate), self);
  g_signal_connect_swapped (self->issue_entry, "changed", G_CALLBACK (revalidate), self);
  g_signal_connect_swapped (self->appointment_entry, "changed", G_CALLBACK (revalidate), self);
}

/* Working days the proposed new appointment leaves for the late work. */
#define PROPOSED_EXTRA_DAYS 3

/* A new appointment counted from the missed one, or from now when that
 * has passed already, so what is proposed is never in the past. Without
 * a calendar, whole days stand in for working days. */
static void
propose_appointment (McActionForm *self,
                     McCalendar   *calendar)
{
  gint64 from = MAX (self->now, self->current_due);
  gint64 proposed;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *text = NULL;

  if (!self->action->new_appointment || self->current_due <= 0)
    return;

  if (calendar != NULL)
    proposed = mc_calendar_add_working_days (calendar, from, PROPOSED_EXTRA_DAYS, NULL);
  else
    proposed = from + PROPOSED_EXTRA_DAYS * (gint64) 86400;
  when = mc_vietnam_from_unix (proposed);
  text = g_date_time_format (when, "%d/%m/%Y %H:%M");
  gtk_entry_set_placeholder_text (self->appointment_entry, text);
}

/**
 * mc_action_form_set_calendar:
 * @self: a form
 * @calendar: the desk's working-day calendar
 * @now: the desk's time (Unix seconds)
 *
 * Proposes the new appointment of an apology in working days, counted
 * from the missed appointment or from @now, whichever is later.
 */
void
mc_action_form_set_calendar (McActionForm *self,
                             McCalendar   *calendar,
                             gint64        now)
{
  g_return_if_fail (MC_IS_ACTION_FORM (self));
  g_return_if_fail (calendar != NULL);

  self->now = now;
  propose_appointment (self, calendar);
  revalidate (self);
}

/**
 * mc_action_form_get_proposed_appointment:
 * @self: a form
 *
 * Returns: (nullable): the new appointment proposed, as dd/mm/yyyy hh:mm
 */
const char *
mc_action_form_get_proposed_appointment (McActionForm *self)
{
  const char *text;

  g_return_val_if_fail (MC_IS_ACTION_FORM (self), NULL);

  text = gtk_entry_get_placeholder_text (self->appointment_entry);
  return text != NULL && *text != '\0' ? text : NULL;
}

/**
 * mc_action_form_new:
 * @action: the action to ask for
 * @current_due: the dossier's appointment (Unix seconds), for apologies
 *
 * Returns: (transfer floating): the form
 */
McActionForm *
mc_action_form_new (const McWorkflowAction *action,
                    gint64                  current_due)
{
  McActionForm *self;

  g_return_val_if_fail (action != NULL, NULL);

  self = g_object_new (MC_TYPE_ACTION_FORM, NULL);
  self->action = action;
  self->current_due = current_due;

  gtk_widget_set_visible (self->reason_box, action->needs_reason);
  gtk_widget_set_visible (self->department_box, action->needs_department);
  gtk_widget_set_visible (self->issue_box, action->needs_issue_number);
  gtk_widget_set_visible (self->appointment_box, action->new_appointment);

  self->now = g_get_real_time () / G_USEC_PER_SEC;
  propose_appointment (self, NULL);

  revalidate (self);

  return self;
}
