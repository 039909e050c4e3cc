/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A queue row as a GObject so list widgets can bind to its properties; the
 * derived labels are properties too, so templates need no C closures. */
#define G_LOG_DOMAIN "motcua-domain"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-dossier-summary.h"
#include "mc-state.h"

struct _McDossierSummary
{
  GObject parent_instance;

  gboolean loaded;
  gint64 id;
  char *code;
  char *procedure_code;
  char *procedure_name;
  char *applicant_name;
  char *applicant_id;
  gint64 received_at;
  gint64 due_at;
  int state;
  McUrgency urgency;
};

G_DEFINE_FINAL_TYPE (McDossierSummary, mc_dossier_summary, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOADED,
  PROP_ID,
  PROP_CODE,
  PROP_PROCEDURE_CODE,
  PROP_PROCEDURE_NAME,
  PROP_APPLICANT_NAME,
  PROP_APPLICANT_ID,
  PROP_RECEIVED_AT,
  PROP_DUE_AT,
  PROP_STATE,
  PROP_STATE_LABEL,
  PROP_RECEIVED_LABEL,
  PROP_DUE_LABEL,
  PROP_URGENCY,
  PROP_URGENCY_LABEL,
  PROP_URGENCY_CLASS,
  PROP_BADGE_CLASSES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
urgency_label (McUrgency urgency)
{
  switch (urgency)
    {
    case MC_URGENCY_LATE: return _("Late");
    case MC_URGENCY_DUE_SOON: return _("Due soon");
    case MC_URGENCY_NONE:
    default: return "";
    }
}

static const char *
urgency_class (McUrgency urgency)
{
  switch (urgency)
    {
    case MC_URGENCY_LATE: return "late";
    case MC_URGENCY_DUE_SOON: return "due-soon";
    case MC_URGENCY_NONE:
    default: return "on-time";
    }
}

static char *
date_label (gint64 when)
{
  return when > 0 ? mc_format_date_time (when) : g_strdup ("—");
}

static void
mc_dossier_summary_finalize (GObject *object)
{
  McDossierSummary *self = MC_DOSSIER_SUMMARY (object);

  g_free (self->code);
  g_free (self->procedure_code);
  g_free (self->procedure_name);
  g_free (self->applicant_name);
  g_free (self->applicant_id);

  G_OBJECT_CLASS (mc_dossier_summary_parent_class)->finalize (object);
}

static void
mc_dossier_summary_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  McDossierSummary *self = MC_DOSSIER_SUMMARY (object);

  switch (prop_id)
    {
    case PROP_LOADED: g_value_set_boolean (value, self->loaded); break;
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_CODE: g_value_set_string (value, self->code); break;
    case PROP_PROCEDURE_CODE: g_value_set_string (value, self->procedure_code); break;
    case PROP_PROCEDURE_NAME: g_value_set_string (value, self->procedure_name); break;
    case PROP_APPLICANT_NAME: g_value_set_string (value, self->applicant_name); break;
    case PROP_APPLICANT_ID: g_value_set_string (value, self->applicant_id); break;
    case PROP_RECEIVED_AT: g_value_set_int64 (value, self->received_at); break;
    case PROP_DUE_AT: g_value_set_int64 (value, self->due_at); break;
    case PROP_STATE: g_value_set_int (value, self->state); break;
    case PROP_STATE_LABEL:
      g_value_set_string (value, self->loaded ? mc_state_label (self->state) : "");
      break;
    case PROP_RECEIVED_LABEL:
      g_value_take_string (value, self->loaded ? date_label (self->received_at) : g_strdup (""));
      break;
    case PROP_DUE_LABEL:
      g_value_take_string (value, self->loaded ? date_label (self->due_at) : g_strdup (""));
      break;
    case PROP_URGENCY: g_value_set_int (value, self->urgency); break;
    case PROP_URGENCY_LABEL: g_value_set_string (value, urgency_label (self->urgency)); break;
    case PROP_URGENCY_CLASS: g_value_set_string (value, urgency_class (self->urgency)); break;
    case PROP_BADGE_CLASSES:
      {
        const char *classes[] = { "badge", urgency_class (self->urgency), NULL };

        g_value_set_boxed (value, classes);
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_dossier_summary_class_init (McDossierSummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = mc_dossier_summary_finalize;
  object_class->get_property = mc_dossier_summary_get_property;

  properties[PROP_LOADED] = g_param_spec_boolean ("loaded", NULL, NULL, FALSE, flags);
  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CODE] = g_param_spec_string ("code", NULL, NULL, NULL, flags);
  properties[PROP_PROCEDURE_CODE] = g_param_spec_string ("procedure-code", NULL, NULL, NULL, flags);
  properties[PROP_PROCEDURE_NAME] = g_param_spec_string ("procedure-name", NULL, NULL, NULL, flags);
  properties[PROP_APPLICANT_NAME] = g_param_spec_string ("applicant-name", NULL, NULL, NULL, flags);
  properties[PROP_APPLICANT_ID] = g_param_spec_string ("applicant-id", NULL, NULL, NULL, flags);
  properties[PROP_RECEIVED_AT] = g_param_spec_int64 ("received-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_DUE_AT] = g_param_spec_int64 ("due-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, 0, 10, 0, flags);
  properties[PROP_STATE_LABEL] = g_param_spec_string ("state-label", NULL, NULL, NULL, flags);
  properties[PROP_RECEIVED_LABEL] = g_param_spec_string ("received-label", NULL, NULL, NULL, flags);
  properties[PROP_DUE_LABEL] = g_param_spec_string ("due-label", NULL, NULL, NULL, flags);
  properties[PROP_URGENCY] = g_param_spec_int ("urgency", NULL, NULL, 0, 2, 0, flags);
  properties[PROP_URGENCY_LABEL] = g_param_spec_string ("urgency-label", NULL, NULL, NULL, flags);
  properties[PROP_URGENCY_CLASS] = g_param_spec_string ("urgency-class", NULL, NULL, NULL, flags);
  properties[PROP_BADGE_CLASSES] = g_param_spec_boxed ("badge-classes", NULL, NULL, G_TYPE_STRV, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mc_dossier_summary_init (McDossierSummary *self)
{
}

McDossierSummary *
mc_dossier_summary_new_placeholder (void)
{
  return g_object_new (MC_TYPE_DOSSIER_SUMMARY, NULL);
}

McDossierSummary *
mc_dossier_summary_new (gint64      id,
                        const char *code,
                        const char *procedure_code,
                        const char *procedure_name,
                        const char *applicant_name,
                        const char *applicant_id,
                        gint64      received_at,
                        gint64      due_at,
                        int         state,
                        McUrgency   urgency)
{
  McDossierSummary *self = g_object_new (MC_TYPE_DOSSIER_SUMMARY, NULL);

  self->loaded = TRUE;
  self->id = id;
  self->code = g_strdup (code);
  self->procedure_code = g_strdup (procedure_code);
  self->procedure_name = g_strdup (procedure_name);
  self->applicant_name = g_strdup (applicant_name);
  self->applicant_id = g_strdup (applicant_id);
  self->received_at = received_at;
  self->due_at = due_at;
  self->state = state;
  self->urgency = urgency;

  return self;
}

/**
 * mc_dossier_summary_fill:
 * @self: a placeholder (or stale) row
 * @from: the loaded row
 *
 * Copies @from into @self and notifies every property, so a widget bound to
 * a placeholder shows the data when its page arrives.
 */
void
mc_dossier_summary_fill (McDossierSummary *self,
                         McDossierSummary *from)
{
  g_return_if_fail (MC_IS_DOSSIER_SUMMARY (self));
  g_return_if_fail (MC_IS_DOSSIER_SUMMARY (from));

  self->loaded = from->loaded;
  self->id = from->id;
  g_free (self->code);
  self->code = g_strdup (from->code);
  g_free (self->procedure_code);
  self->procedure_code = g_strdup (from->procedure_code);
  g_free (self->procedure_name);
  self->procedure_name = g_strdup (from->procedure_name);
  g_free (self->applicant_name);
  self->applicant_name = g_strdup (from->applicant_name);
  g_free (self->applicant_id);
  self->applicant_id = g_strdup (from->applicant_id);
  self->received_at = from->received_at;
  self->due_at = from->due_at;
  self->state = from->state;
  self->urgency = from->urgency;

  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = 1; i < N_PROPS; i++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[i]);
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
mc_dossier_summary_get_loaded (McDossierSummary *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_SUMMARY (self), FALSE);

  return self->loaded;
}

gint64
mc_dossier_summary_get_id (McDossierSummary *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_SUMMARY (self), 0);

  return self->id;
}

const char *
mc_dossier_summary_get_code (McDossierSummary *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_SUMMARY (self), NULL);

  return self->code;
}

const char *
mc_dossier_summary_get_procedure_code (McDossierSummary *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_SUMMARY (self), NULL);

  return self->procedure_code;
}

const char *
mc_dossier_summary_get_procedure_name (McDossierSummary *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_SUMMARY (self), NULL);

  return self->procedure_name;
}

const char *
mc_dossier_summary_get_applicant_name (McDossierSummary *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_SUMMARY (self), NULL);

  return self->applicant_name;
}

const char *
mc_dossier_summary_get_applicant_id (McDossierSummary *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_SUMMARY (self), NULL);

  return self->applicant_id;
}

gint64
mc_dossier_summary_get_received_at (McDossierSummary *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_SUMMARY (self), 0);

  return self->received_at;
}

gint64
mc_dossier_summary_get_due_at (McDossierSummary *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_SUMMARY (self), 0);

  return self->due_at;
}

int
mc_dossier_summary_get_state (McDossierSummary *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_SUMMARY (self), 0);

  return self->state;
}

McUrgency
mc_dossier_summary_get_urgency (McDossierSummary *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_SUMMARY (self), MC_URGENCY_NONE);

  return self->urgency;
}
