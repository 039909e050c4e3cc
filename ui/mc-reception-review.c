/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The review page of the reception dialog: what will be written, read back
 * to the citizen before the code is issued, in two columns so it fits on
 * one screen. The appointment comes first, because it is what the citizen
 * asks about; it is computed here with the same function and calendar the
 * store will use, so the date on the screen is the date on the slip, and
 * the calendar's warnings (a year without an official holiday table, say)
 * are shown rather than hidden. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "domain/citizen/mc-personal-id.h"
#include "domain/mc-state.h"
#include "store/mc-dossier-ops.h"
#include "mc-procedure-picker.h"
#include "mc-reception-review.h"

struct _McReceptionReview
{
  GtkWidget parent_instance;

  gint64 appointment;

  GtkWidget *scroller;
  AdwActionRow *appointment_row;
  AdwActionRow *received_row;
  AdwActionRow *warnings_row;
  AdwActionRow *procedure_row;
  AdwActionRow *time_limit_row;
  AdwActionRow *applicant_row;
  AdwActionRow *id_row;
  AdwActionRow *birth_row;
  AdwActionRow *contact_row;
  AdwActionRow *address_row;
  AdwActionRow *components_row;
};

G_DEFINE_FINAL_TYPE (McReceptionReview, mc_reception_review, GTK_TYPE_WIDGET)

static const char *
or_dash (const char *text)
{
  return text != NULL && *text != '\0' ? text : "—";
}

/* "1999-03-15" as Vietnamese documents write it: "15/03/1999". */
static char *
display_date (const char *iso)
{
  g_auto(GStrv) parts = NULL;

  if (iso == NULL)
    return g_strdup ("—");

  parts = g_strsplit (iso, "-", 3);
  switch (g_strv_length (parts))
    {
    case 3: return g_strdup_printf ("%s/%s/%s", parts[2], parts[1], parts[0]);
    case 2: return g_strdup_printf ("%s/%s", parts[1], parts[0]);
    default: return g_strdup (iso);
    }
}

static char *
components_text (McProcedure       *procedure,
                 const McReception *reception)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < mc_procedure_get_n_components (procedure); i++)
    {
      const McProcedureComponent *component = mc_procedure_get_component (procedure, i);
      McReceptionComponent *given = mc_reception_find_component ((McReception *) reception, component->code);
      guint n_files = given != NULL ? given->files->len : 0;

      if (text->len > 0)
        g_string_append_c (text, '\n');
      if (given == NULL || !given->provided)
        /* TRANSLATORS: a component the citizen did not hand over */
        g_string_append_printf (text, _("✗ %s — not handed over"), component->name);
      else if (n_files == 0)
        /* TRANSLATORS: a component handed over on paper, not scanned */
        g_string_append_printf (text, _("✓ %s — on paper, not scanned"), component->name);
      else
        g_string_append_printf (text, ngettext ("✓ %s — %u file", "✓ %s — %u files", n_files),
                                component->name, n_files);
    }

  return g_string_free (text, FALSE);
}

/**
 * mc_reception_review_show:
 * @self: a review page
 * @procedure: the procedure
 * @reception: what will be received
 * @calendar: the desk's calendar
 * @now: the reception time the appointment is computed for
 *
 * Fills the page and computes the appointment.
 */
void
mc_reception_review_show (McReceptionReview *self,
                          McProcedure       *procedure,
                          const McReception *reception,
                          McCalendar        *calendar,
                          gint64             now)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) warning_text = g_string_new (NULL);
  g_autofree char *procedure_text = NULL;
  g_autofree char *time_limit = NULL;
  g_autofree char *fee = NULL;
  g_autofree char *limit_and_fee = NULL;
  g_autofree char *id_text = NULL;
  g_autofree char *birth = NULL;
  g_autofree char *birth_sex = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *components = NULL;
  g_autofree char *received = NULL;
  g_autofree char *due = NULL;
  McPersonalIdInfo info;

  g_return_if_fail (MC_IS_RECEPTION_REVIEW (self));
  g_return_if_fail (MC_IS_PROCEDURE (procedure));
  g_return_if_fail (reception != NULL);
  g_return_if_fail (MC_IS_CALENDAR (calendar));

  self->appointment = mc_dossier_ops_appointment (calendar, now, mc_procedure_is_same_day (procedure),
                                                  mc_procedure_get_same_day_cutoff (procedure),
                                                  mc_procedure_get_working_days (procedure), warnings);
  due = mc_format_date_time (self->appointment);
  received = mc_format_date_time (now);
  adw_action_row_set_subtitle (self->appointment_row, due);
  adw_action_row_set_subtitle (self->received_row, received);
  for (guint i = 0; i < warnings->len; i++)
    {
      if (warning_text->len > 0)
        g_string_append_c (warning_text, '\n');
      g_string_append (warning_text, g_ptr_array_index (warnings, i));
    }
  adw_action_row_set_subtitle (self->warnings_row, warning_text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->warnings_row), warnings->len > 0);

  procedure_text = g_strdup_printf ("%s\n%s · %s", mc_procedure_get_name (procedure),
                                    mc_procedure_get_field (procedure), mc_procedure_get_code (procedure));
  adw_action_row_set_subtitle (self->procedure_row, procedure_text);
  time_limit = mc_procedure_format_time_limit (procedure);
  fee = mc_procedure_format_fee (procedure);
  limit_and_fee = g_strdup_printf ("%s · %s", time_limit, fee);
  adw_action_row_set_subtitle (self->time_limit_row, limit_and_fee);

  adw_action_row_set_subtitle (self->applicant_row, or_dash (reception->applicant_name));
  if (reception->applicant_id != NULL &&
      mc_personal_id_validate (reception->applicant_id, 0, MC_SEX_UNKNOWN, &info, NULL))
    /* TRANSLATORS: a personal ID number and the province where the birth was registered */
    id_text = g_strdup_printf (_("%s (birth registered in %s)"), reception->applicant_id, info.province_name);
  adw_action_row_set_subtitle (self->id_row, id_text != NULL ? id_text : or_dash (reception->applicant_id));
  birth = display_date (reception->applicant_birth);
  /* TRANSLATORS: a date of birth and the sex ("male" or "female") */
  birth_sex = g_strdup_printf (_("%s, %s"), birth,
                               mc_sex_label (mc_sex_from_string (reception->applicant_sex != NULL
                                                                 ? reception->applicant_sex : "")));
  adw_action_row_set_subtitle (self->birth_row, birth_sex);
  contact = g_strdup_printf ("%s · %s", or_dash (reception->applicant_phone), or_dash (reception->applicant_email));
  adw_action_row_set_subtitle (self->contact_row, contact);
  adw_action_row_set_subtitle (self->address_row, or_dash (reception->applicant_address));

  components = components_text (procedure, reception);
  adw_action_row_set_subtitle (self->components_row, components);
}

gint64
mc_reception_review_get_appointment (McReceptionReview *self)
{
  g_return_val_if_fail (MC_IS_RECEPTION_REVIEW (self), 0);

  return self->appointment;
}

const char *
mc_reception_review_get_appointment_text (McReceptionReview *self)
{
  g_return_val_if_fail (MC_IS_RECEPTION_REVIEW (self), NULL);

  return adw_action_row_get_subtitle (self->appointment_row);
}

/**
 * mc_reception_review_get_warnings:
 * @self: a review page
 *
 * Returns: (nullable): the calendar's warnings about the appointment, one a
 *   line, or %NULL when there are none
 */
const char *
mc_reception_review_get_warnings (McReceptionReview *self)
{
  g_return_val_if_fail (MC_IS_RECEPTION_REVIEW (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->warnings_row))
    ? adw_action_row_get_subtitle (self->warnings_row) : NULL;
}

static void
mc_reception_review_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), MC_TYPE_RECEPTION_REVIEW);

  G_OBJECT_CLASS (mc_reception_review_parent_class)->dispose (object);
}

static void
mc_reception_review_class_init (McReceptionReviewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mc_reception_review_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/motcua/Desk/mc-reception-review.ui");
  gtk_widget_class_bind_template_child (widget_class, McReceptionReview, scroller);
  gtk_widget_class_bind_template_child (widget_class, McReceptionReview, appointment_row);
  gtk_widget_class_bind_template_child (widget_class, McReceptionReview, received_row);
  gtk_widget_class_bind_template_child (widget_class, McReceptionReview, warnings_row);
  gtk_widget_class_bind_template_child (widget_class, McReceptionReview, procedure_row);
  gtk_widget_class_bind_template_child (widget_class, McReceptionReview, time_limit_row);
  gtk_widget_class_bind_template_child (widget_class, McReceptionReview, applicant_row);
  gtk_widget_class_bind_template_child (widget_class, McReceptionReview, id_row);
  gtk_widget_class_bind_template_child (widget_class, McReceptionReview, birth_row);
  gtk_widget_class_bind_template_child (widget_class, McReceptionReview, contact_row);
  gtk_widget_class_bind_template_child (widget_class, McReceptionReview, address_row);
  gtk_widget_class_bind_template_child (widget_class, McReceptionReview, components_row);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
mc_reception_review_init (McReceptionReview *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
