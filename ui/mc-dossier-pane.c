/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shows one dossier. It follows the row object's notifications, so a
 * placeholder row that is filled in later updates the pane too. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "domain/mc-state.h"
#include "mc-dossier-pane.h"

struct _McDossierPane
{
  GtkWidget parent_instance;

  McDossierSummary *dossier;
  gulong notify_id;

  GtkWidget *page;
  AdwActionRow *code_row;
  AdwActionRow *procedure_row;
  AdwActionRow *state_row;
  AdwActionRow *applicant_row;
  AdwActionRow *applicant_id_row;
  AdwActionRow *received_row;
  AdwActionRow *due_row;
};

G_DEFINE_FINAL_TYPE (McDossierPane, mc_dossier_pane, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DOSSIER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
date_or_dash (gint64 when)
{
  return when > 0 ? mc_format_date_time (when) : g_strdup ("—");
}

static void
update (McDossierPane *self)
{
  McDossierSummary *d = self->dossier;
  g_autofree char *received = NULL;
  g_autofree char *due = NULL;
  g_autofree char *procedure = NULL;

  if (d == NULL || !mc_dossier_summary_get_loaded (d))
    return;

  received = date_or_dash (mc_dossier_summary_get_received_at (d));
  due = date_or_dash (mc_dossier_summary_get_due_at (d));
  procedure = g_strdup_printf ("%s — %s", mc_dossier_summary_get_procedure_code (d),
                               mc_dossier_summary_get_procedure_name (d));

  adw_action_row_set_subtitle (self->code_row, mc_dossier_summary_get_code (d));
  adw_action_row_set_subtitle (self->procedure_row, procedure);
  adw_action_row_set_subtitle (self->state_row, mc_state_label (mc_dossier_summary_get_state (d)));
  adw_action_row_set_subtitle (self->applicant_row, mc_dossier_summary_get_applicant_name (d));
  adw_action_row_set_subtitle (self->applicant_id_row, mc_dossier_summary_get_applicant_id (d));
  adw_action_row_set_subtitle (self->received_row, received);
  adw_action_row_set_subtitle (self->due_row, due);
}

static void
dossier_notify (McDossierPane *self)
{
  update (self);
}

void
mc_dossier_pane_set_dossier (McDossierPane    *self,
                             McDossierSummary *dossier)
{
  g_return_if_fail (MC_IS_DOSSIER_PANE (self));
  g_return_if_fail (dossier == NULL || MC_IS_DOSSIER_SUMMARY (dossier));

  if (self->dossier == dossier)
    return;

  if (self->dossier != NULL)
    g_clear_signal_handler (&self->notify_id, self->dossier);
  g_set_object (&self->dossier, dossier);
  if (dossier != NULL)
    self->notify_id = g_signal_connect_swapped (dossier, "notify::loaded",
                                                G_CALLBACK (dossier_notify), self);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOSSIER]);
}

McDossierSummary *
mc_dossier_pane_get_dossier (McDossierPane *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_PANE (self), NULL);

  return self->dossier;
}

static void
mc_dossier_pane_dispose (GObject *object)
{
  McDossierPane *self = MC_DOSSIER_PANE (object);

  if (self->dossier != NULL)
    g_clear_signal_handler (&self->notify_id, self->dossier);
  g_clear_object (&self->dossier);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_DOSSIER_PANE);

  G_OBJECT_CLASS (mc_dossier_pane_parent_class)->dispose (object);
}

static void
mc_dossier_pane_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  McDossierPane *self = MC_DOSSIER_PANE (object);

  switch (prop_id)
    {
    case PROP_DOSSIER: g_value_set_object (value, self->dossier); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_dossier_pane_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  McDossierPane *self = MC_DOSSIER_PANE (object);

  switch (prop_id)
    {
    case PROP_DOSSIER: mc_dossier_pane_set_dossier (self, g_value_get_object (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_dossier_pane_class_init (McDossierPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_dossier_pane_dispose;
  object_class->get_property = mc_dossier_pane_get_property;
  object_class->set_property = mc_dossier_pane_set_property;

  properties[PROP_DOSSIER] =
    g_param_spec_object ("dossier", NULL, NULL, MC_TYPE_DOSSIER_SUMMARY,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/motcua/Desk/mc-dossier-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, McDossierPane, page);
  gtk_widget_class_bind_template_child (widget_class, McDossierPane, code_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierPane, procedure_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierPane, state_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierPane, applicant_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierPane, applicant_id_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierPane, received_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierPane, due_row);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
mc_dossier_pane_init (McDossierPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
