/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The detail pane: one whole dossier, loaded in a worker thread when it is
 * chosen together with what its procedure says, opened at its top; its
 * results, files and timeline. What can be done with it (the buttons, the
 * dialogs, the slips) is in mc-dossier-pane-actions.c. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <stdio.h>

#include "digitise/mc-ocr-queue.h"
#include "digitise/mc-sign-queue.h"
#include "digitise/mc-pane-scan.h"
#include "domain/mc-state.h"
#include "store/mc-desk-offer.h"
#include "mc-action-form.h"
#include "mc-dossier-pane-private.h"
#include "mc-results-section.h"
#include "mc-sign-dialog.h"
#include "mc-verify-window.h"

G_DEFINE_FINAL_TYPE (McDossierPane, mc_dossier_pane, GTK_TYPE_WIDGET)

enum {
  SIGNAL_ACTED,
  SIGNAL_PRINT_SLIP,
  SIGNAL_MESSAGE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* For the sibling files (mc-dossier-pane-private.h): what the pane tells
 * the window. */
void
mc_dossier_pane_tell (McDossierPane *self,
                      const char    *text,
                      const char    *slip)
{
  g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, text, slip);
}

void
mc_dossier_pane_tell_acted (McDossierPane *self,
                            const char    *code,
                            const char    *action_id)
{
  g_signal_emit (self, signals[SIGNAL_ACTED], 0, code, action_id);
}

void
mc_dossier_pane_ask_print (McDossierPane *self,
                           const char    *kind,
                           const char    *code)
{
  g_signal_emit (self, signals[SIGNAL_PRINT_SLIP], 0, kind, code);
}

static char *
date_or_dash (gint64 when)
{
  return when > 0 ? mc_format_date_time (when) : g_strdup ("—");
}

static char *
or_dash (const char *text)
{
  return g_strdup (text != NULL && *text != '\0' ? text : "—");
}

/* A day as the store keeps it (yyyy-mm-dd) as officials write it
 * (dd/mm/yyyy); anything else (a year alone) as it is. */
static char *
format_day (const char *iso)
{
  int y, m, d;
  char end;

  if (iso == NULL || *iso == '\0')
    return g_strdup ("—");
  if (sscanf (iso, "%4d-%2d-%2d%c", &y, &m, &d, &end) == 3)
    return g_strdup_printf ("%02d/%02d/%04d", d, m, y);

  return g_strdup (iso);
}

/* The dossier shown, with what its procedure says (mc-desk-offer.h). */
McDeskCase
mc_dossier_pane_current_case (McDossierPane *self)
{
  McDeskCase dcase = { self->dossier, self->charges_fee };

  return dcase;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
make_row (const char *title,
          const char *subtitle,
          const char *icon_name)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (icon_name != NULL)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (icon_name));

  return row;
}

static void
set_subtitle (AdwActionRow *row,
              const char   *text)
{
  g_autofree char *shown = or_dash (text);

  adw_action_row_set_subtitle (row, shown);
}

static void
show_components (McDossierPane *self)
{
  clear_list (self->components_list);

  for (guint i = 0; i < self->dossier->components->len; i++)
    {
      McDossierComponent *component = g_ptr_array_index (self->dossier->components, i);
      g_autofree char *subtitle = NULL;
      const McDossierFile *newest = NULL;
      gboolean reading = FALSE;
      gboolean to_sign = FALSE;
      guint n_files = 0;

      for (guint j = 0; j < self->dossier->files->len; j++)
        {
          McDossierFile *file = g_ptr_array_index (self->dossier->files, j);

          if (g_strcmp0 (file->component_code, component->code) == 0 && g_str_equal (file->role, "component"))
            {
              n_files++;
              newest = file;
              reading = reading || file->ocr_pending;
              to_sign = to_sign || file->sign_pending;
            }
        }

      {
        g_autofree char *copies = g_strdup_printf (ngettext ("%d copy", "%d copies",
                                                                component->copies), component->copies);
        g_autofree char *scans = n_files > 0
          ? g_strdup_printf (ngettext ("%u scanned file", "%u scanned files", n_files), n_files)
          : g_strdup (_("not scanned"));

        /* Where its digital copy is: text still being read, waiting for
         * the office's signature, signed, searchable. */
        const char *state = newest == NULL ? NULL
                            : reading ? _("Reading the text…")
                            : to_sign ? _("Waiting for signature")
                            : newest->signed_sha256 != NULL ? _("Signed copy")
                            : _("searchable");

        subtitle = g_strdup_printf ("%s · %s · %s%s%s",
                                    g_strcmp0 (component->kind, "copy") == 0 ? _("Copy") : _("Original"),
                                    copies, scans, state != NULL ? " · " : "", state != NULL ? state : "");
      }
      {
        GtkWidget *row = make_row (component->name, subtitle,
                                   component->provided ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
        GtkWidget *scan = mc_pane_scan_button_new (self->desk, self->dossier, i, GTK_WIDGET (self));

        if (scan != NULL)
          {
            adw_action_row_add_suffix (ADW_ACTION_ROW (row), scan);
            mc_pane_scan_accept_drops (row, scan);
          }
        gtk_list_box_append (self->components_list, row);
      }
    }
}

static void
show_files (McDossierPane *self)
{
  guint shown = 0;

  clear_list (self->files_list);

  /* Results have their own section, with their signatures. */
  for (guint i = 0; i < self->dossier->files->len; i++)
    {
      McDossierFile *file = g_ptr_array_index (self->dossier->files, i);

      if (g_str_equal (file->role, "result"))
        continue;
      shown++;
      g_autofree char *size = g_format_size ((guint64) file->size);
      g_autofree char *subtitle = NULL;
      const char *role = g_str_equal (file->role, "result") ? _("Result")
                         : g_str_equal (file->role, "slip") ? _("Slip") : _("Component");

      if (file->signed_sha256 != NULL)
        subtitle = g_strdup_printf ("%s · %s · %s %s", role, size, _("signed by"), file->signed_by);
      else
        subtitle = g_strdup_printf ("%s · %s · SHA-256 %.12s…", role, size, file->sha256);
      gtk_list_box_append (self->files_list,
                           make_row (file->name, subtitle,
                                     file->signed_sha256 != NULL ? "emblem-ok-symbolic" : NULL));
    }
  gtk_widget_set_visible (self->files_group, shown > 0);
}

static void
show_timeline (McDossierPane *self)
{
  clear_list (self->timeline_list);

  /* Newest first: that is what an official looks for. */
  for (guint i = self->dossier->timeline->len; i > 0; i--)
    {
      McTimelineEntry *entry = g_ptr_array_index (self->dossier->timeline, i - 1);
      g_autofree char *when = mc_format_date_time (entry->at);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      const char *action = g_str_equal (entry->action, "submit") ? _("Submitted online")
                                                                  : mc_workflow_action_label (entry->action);

      title = entry->note[0] != '\0' ? g_strdup_printf ("%s — %s", action, entry->note) : g_strdup (action);
      subtitle = g_strdup_printf ("%s · %s (%s)%s%s · %s", when, entry->actor, entry->role,
                                  entry->department[0] != '\0' ? ", " : "", entry->department,
                                  mc_state_label (entry->state_after));
      gtk_list_box_append (self->timeline_list, make_row (title, subtitle, NULL));
    }
}

static void
show_dossier (McDossierPane *self)
{
  McDossier *d = self->dossier;
  g_autofree char *procedure = g_strdup_printf ("%s — %s", d->procedure_code, d->procedure_name);
  g_autofree char *received = date_or_dash (d->received_at);
  g_autofree char *due = date_or_dash (d->due_at);
  g_autofree char *birth = NULL;
  g_autofree char *birth_day = format_day (d->applicant_birth);
  g_autofree char *contact = NULL;
  g_autofree char *step = NULL;
  g_autofree char *id_line = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gboolean running = d->state == MC_STATE_RECEIVED || d->state == MC_STATE_PROCESSING ||
                     d->state == MC_STATE_FEE_REQUESTED;

  gtk_label_set_label (self->title_label, d->applicant_name);
  gtk_label_set_label (self->subtitle_label, d->code);
  gtk_label_set_label (self->state_badge, mc_state_label (d->state));

  gtk_widget_set_visible (GTK_WIDGET (self->urgency_badge), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->urgency_badge), "late");
  gtk_widget_remove_css_class (GTK_WIDGET (self->urgency_badge), "due-soon");
  if (running && d->due_at > 0)
    {
      gint64 soon = mc_calendar_due_soon_limit (mc_desk_get_calendar (self->desk), now, NULL);

      if (d->due_at < now)
        {
          gtk_label_set_label (self->urgency_badge, _("Late"));
          gtk_widget_add_css_class (GTK_WIDGET (self->urgency_badge), "late");
          gtk_widget_set_visible (GTK_WIDGET (self->urgency_badge), TRUE);
        }
      else if (d->due_at < soon)
        {
          gtk_label_set_label (self->urgency_badge, _("Due soon"));
          gtk_widget_add_css_class (GTK_WIDGET (self->urgency_badge), "due-soon");
          gtk_widget_set_visible (GTK_WIDGET (self->urgency_badge), TRUE);
        }
    }

  adw_action_row_set_subtitle (self->procedure_row, procedure);
  adw_action_row_set_subtitle (self->channel_row, mc_channel_label (d->channel));
  step = d->department[0] != '\0'
    ? g_strdup_printf ("%s · %s", mc_workflow_step_label (d->step), d->department)
    : g_strdup (mc_workflow_step_label (d->step));
  adw_action_row_set_subtitle (self->step_row, step);
  gtk_widget_set_visible (GTK_WIDGET (self->issue_row), d->issue_number[0] != '\0');
  adw_action_row_set_subtitle (self->issue_row, d->issue_number);

  adw_action_row_set_subtitle (self->applicant_row, d->applicant_name);
  id_line = g_strdup (d->applicant_id);
  adw_action_row_set_subtitle (self->applicant_id_row, id_line);
  birth = g_strdup_printf ("%s · %s", birth_day,
                           d->applicant_sex[0] != '\0' ? d->applicant_sex : "—");
  adw_action_row_set_subtitle (self->birth_row, birth);
  contact = g_strdup_printf ("%s · %s", d->applicant_phone[0] != '\0' ? d->applicant_phone : "—",
                             d->applicant_email[0] != '\0' ? d->applicant_email : "—");
  adw_action_row_set_subtitle (self->contact_row, contact);
  set_subtitle (self->address_row, d->applicant_address);

  adw_action_row_set_subtitle (self->received_row, received);
  adw_action_row_set_subtitle (self->due_row, due);
  /* An apology's new appointment is shown beside the original one, which
   * stays what the dossier is late against. */
  gtk_widget_set_visible (GTK_WIDGET (self->new_due_row), d->new_due_at > 0);
  if (d->new_due_at > 0)
    {
      g_autofree char *new_due = date_or_dash (d->new_due_at);

      adw_action_row_set_subtitle (self->new_due_row, new_due);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->clock_row), d->paused_at > 0 || d->supplement_count > 0 ||
                                                        d->apology_count > 0);
  {
    g_autoptr(GString) clock = g_string_new (NULL);

    if (d->paused_at > 0 && d->has_remaining)
      {
        double days = (double) d->remaining_seconds /
                      (double) mc_calendar_get_working_day_seconds (mc_desk_get_calendar (self->desk));

        g_string_append_printf (clock, _("Stopped while waiting for a supplement; %.1f working days left"),
                                days);
      }
    if (d->supplement_count > 1)
      g_string_append_printf (clock, "%s%s", clock->len > 0 ? " · " : "",
                              _("a second supplement request (counts against the office)"));
    if (d->apology_count > 0)
      g_string_append_printf (clock, "%s%s", clock->len > 0 ? " · " : "",
                              _("apology slip given, new appointment set"));
    adw_action_row_set_subtitle (self->clock_row, clock->str);
  }

  show_components (self);
  mc_results_section_set_dossier (self->results_section, d);
  show_files (self);
  show_timeline (self);
  mc_dossier_pane_show_actions (self);
  mc_dossier_pane_show_slips (self);
  gtk_stack_set_visible_child_name (self->stack, "dossier");
}

void
mc_dossier_pane_set_busy (McDossierPane *self,
                          gboolean       busy)
{
  gboolean was = self->busy > 0;

  if (busy)
    self->busy++;
  else if (self->busy > 0)
    self->busy--;

  if (was != (self->busy > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
dossier_loaded (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  g_autoptr(McDossierPane) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(McDeskCase) dcase = NULL;
  gboolean another;

  dcase = mc_desk_load_case_finish (MC_DESK (source), res, &error);
  mc_dossier_pane_set_busy (self, FALSE);
  if (dcase == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  another = self->dossier == NULL || g_strcmp0 (self->dossier->code, dcase->dossier->code) != 0;
  g_clear_pointer (&self->dossier, mc_dossier_free);
  self->dossier = g_steal_pointer (&dcase->dossier);
  self->charges_fee = dcase->charges_fee;
  show_dossier (self);
  /* Each dossier opens at its top, where its actions are; the same one
   * reloaded after an action stays where the officer was. */
  if (another)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

void
mc_dossier_pane_load (McDossierPane *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->code == NULL || self->desk == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  if (self->dossier == NULL || g_strcmp0 (self->dossier->code, self->code) != 0)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  mc_dossier_pane_set_busy (self, TRUE);
  mc_desk_load_case_async (self->desk, self->code, self->cancellable, dossier_loaded, g_object_ref (self));
}

/**
 * mc_dossier_pane_show_code:
 * @self: the pane
 * @code: (nullable): the dossier to show
 */
void
mc_dossier_pane_show_code (McDossierPane *self,
                           const char    *code)
{
  g_return_if_fail (MC_IS_DOSSIER_PANE (self));

  if (g_strcmp0 (self->code, code) == 0 && self->dossier != NULL)
    return;

  g_free (self->code);
  self->code = g_strdup (code);
  mc_dossier_pane_load (self);
}

void
mc_dossier_pane_reload (McDossierPane *self)
{
  g_return_if_fail (MC_IS_DOSSIER_PANE (self));

  mc_dossier_pane_load (self);
}

/* The background OCR read a file: the dossier shown shows it. */
static void
file_read (McDossierPane *self,
           const char    *code,
           const char    *component_code,
           const char    *message)
{
  if (self->dossier != NULL && g_strcmp0 (self->dossier->code, code) == 0)
    mc_dossier_pane_reload (self);
}

/* The background signing signed a copy: the dossier shown shows it. */
static void
copy_signed (McDossierPane *self,
             const char    *code,
             const char    *component_code)
{
  if (self->dossier != NULL && g_strcmp0 (self->dossier->code, code) == 0)
    mc_dossier_pane_reload (self);
}

void
mc_dossier_pane_set_desk (McDossierPane *self,
                          McDesk        *desk)
{
  g_return_if_fail (MC_IS_DOSSIER_PANE (self));

  if (self->desk != NULL)
    {
      g_signal_handlers_disconnect_by_func (mc_ocr_queue_get_for_desk (self->desk), file_read, self);
      g_signal_handlers_disconnect_by_func (mc_sign_queue_get_for_desk (self->desk), copy_signed, self);
    }
  g_set_object (&self->desk, desk);
  mc_results_section_set_desk (self->results_section, desk);
  if (desk != NULL)
    {
      g_signal_connect_object (mc_ocr_queue_get_for_desk (desk), "file-read", G_CALLBACK (file_read), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (mc_sign_queue_get_for_desk (desk), "copy-signed", G_CALLBACK (copy_signed), self,
                               G_CONNECT_SWAPPED);
    }
}

/**
 * mc_dossier_pane_set_officer:
 * @self: the pane
 * @officer: (nullable): who is working; copied
 *
 * The actions offered follow this officer's role.
 */
void
mc_dossier_pane_set_officer (McDossierPane   *self,
                             const McOfficer *officer)
{
  g_return_if_fail (MC_IS_DOSSIER_PANE (self));

  g_clear_pointer (&self->officer, mc_officer_free);
  if (officer != NULL)
    self->officer = mc_officer_copy (officer);
  mc_results_section_set_officer (self->results_section, officer);
  if (self->dossier != NULL)
    mc_dossier_pane_show_actions (self);
}

const McDossier *
mc_dossier_pane_get_dossier (McDossierPane *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_PANE (self), NULL);

  return self->dossier;
}

gboolean
mc_dossier_pane_get_loading (McDossierPane *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_PANE (self), FALSE);

  return self->busy > 0;
}

/**
 * mc_dossier_pane_get_dialog:
 * @self: the pane
 *
 * Returns: (transfer none) (nullable): the action dialog being shown
 */
AdwMessageDialog *
mc_dossier_pane_get_dialog (McDossierPane *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_PANE (self), NULL);

  return self->dialog;
}

static GStrv
dup_strings (GPtrArray *strings)
{
  GStrv copy = g_new0 (char *, strings->len + 1);

  for (guint i = 0; i < strings->len; i++)
    copy[i] = g_strdup (g_ptr_array_index (strings, i));
  return copy;
}

/**
 * mc_dossier_pane_dup_offered:
 * @self: the pane
 *
 * Returns: (transfer full): the ids of the actions offered now, as
 *   buttons or in "More Actions" ("sign" for signing a result)
 */
GStrv
mc_dossier_pane_dup_offered (McDossierPane *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_PANE (self), NULL);

  return dup_strings (self->offered);
}

/**
 * mc_dossier_pane_get_primary:
 * @self: the pane
 *
 * Returns: (nullable): the id of the one action that stands out
 */
const char *
mc_dossier_pane_get_primary (McDossierPane *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_PANE (self), NULL);

  return self->primary;
}

/**
 * mc_dossier_pane_dup_slips:
 * @self: the pane
 *
 * Returns: (transfer full): the kinds of the slips the printer menu offers
 */
GStrv
mc_dossier_pane_dup_slips (McDossierPane *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_PANE (self), NULL);

  return dup_strings (self->slips);
}

static void
mc_dossier_pane_dispose (GObject *object)
{
  McDossierPane *self = MC_DOSSIER_PANE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->desk);
  g_clear_pointer (&self->dossier, mc_dossier_free);
  g_clear_pointer (&self->officer, mc_officer_free);
  g_clear_pointer (&self->code, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_DOSSIER_PANE);

  G_OBJECT_CLASS (mc_dossier_pane_parent_class)->dispose (object);
}

static void
mc_dossier_pane_finalize (GObject *object)
{
  McDossierPane *self = MC_DOSSIER_PANE (object);

  g_ptr_array_unref (self->offered);
  g_ptr_array_unref (self->slips);
  g_free (self->primary);

  G_OBJECT_CLASS (mc_dossier_pane_parent_class)->finalize (object);
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
    case PROP_LOADING: g_value_set_boolean (value, self->busy > 0); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void sign_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter);

static void
mc_dossier_pane_class_init (McDossierPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_dossier_pane_dispose;
  object_class->finalize = mc_dossier_pane_finalize;
  object_class->get_property = mc_dossier_pane_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * McDossierPane::acted:
   * @code: the dossier
   * @action: the action taken
   */
  signals[SIGNAL_ACTED] =
    g_signal_new ("acted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  /**
   * McDossierPane::print-slip:
   * @kind: the slip
   * @code: the dossier
   */
  signals[SIGNAL_PRINT_SLIP] =
    g_signal_new ("print-slip", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  /**
   * McDossierPane::message:
   * @text: what to tell the official
   * @slip: (nullable): a slip the change calls for
   */
  signals[SIGNAL_MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/motcua/Desk/mc-dossier-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, McDossierPane, stack);
  gtk_widget_class_bind_template_child (widget_class, McDossierPane, scroller);
  gtk_widget_class_bind_template_child (widget_class, McDossierPane, error_page);
  gtk_widget_class_bind_template_child (widget_class, McDossierPane, title_label);
  gtk_widget_class_bind_template_child (widget_class, McDossierPane, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, McDossierPane, state_badge);
  gtk_widget_class_bind_template_child (widget_class, McDossierPane, urgency_badge);
  gtk_widget_class_bind_template_child (widget_class, McDossierPane, slip_button);
  gtk_widget_class_bind_template_child (widget_class, McDossierPane, actions_hint);
  gtk_widget_class_bind_template_child (widget_class, McDossierPane, actions_box);
  gtk_widget_class_bind_template_child (widget_class, McDossierPane, procedure_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierPane, channel_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierPane, step_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierPane, issue_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierPane, applicant_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierPane, applicant_id_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierPane, birth_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierPane, contact_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierPane, address_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierPane, received_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierPane, due_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierPane, new_due_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierPane, clock_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierPane, components_list);
  gtk_widget_class_bind_template_child (widget_class, McDossierPane, results_section);
  gtk_widget_class_bind_template_child (widget_class, McDossierPane, files_group);
  gtk_widget_class_bind_template_child (widget_class, McDossierPane, files_list);
  gtk_widget_class_bind_template_child (widget_class, McDossierPane, timeline_list);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  mc_dossier_pane_class_add_actions (widget_class);
  gtk_widget_class_install_action (widget_class, "pane.sign", NULL, sign_action);

  g_type_ensure (MC_TYPE_ACTION_FORM);
  g_type_ensure (MC_TYPE_RESULTS_SECTION);
}

static void
results_changed (McDossierPane *self)
{
  mc_dossier_pane_load (self);
  if (self->code != NULL)
    g_signal_emit (self, signals[SIGNAL_ACTED], 0, self->code, "attach_result");
}

static void
results_message (McDossierPane *self,
                 const char    *text)
{
  g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, text, NULL);
}

static void
verify_file (McDossierPane *self,
             const char    *path,
             const char    *name)
{
  McVerifyWindow *window = mc_verify_window_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));

  mc_verify_window_open_file (window, path, name);
  gtk_window_present (GTK_WINDOW (window));
}

static void
signed_in_dialog (McDossierPane *self,
                  guint          n_recorded)
{
  mc_dossier_pane_load (self);
  if (self->code != NULL)
    g_signal_emit (self, signals[SIGNAL_ACTED], 0, self->code, "sign_result");
}

static void
sign_requested (McDossierPane *self,
                const char    *code)
{
  const char *codes[] = { code, NULL };
  McSignDialog *dialog;

  dialog = mc_sign_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->desk,
                               self->officer, codes);
  g_signal_connect_object (dialog, "signed", G_CALLBACK (signed_in_dialog), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sign_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  McDossierPane *self = MC_DOSSIER_PANE (widget);

  if (self->code != NULL && mc_results_section_can_sign (self->results_section))
    sign_requested (self, self->code);
}

/* The actions depend on the results (sign, or mark signed by hand): shown
 * again once they are loaded. */
static void
results_busy_changed (McDossierPane *self)
{
  if (self->dossier != NULL && self->desk != NULL && !mc_results_section_get_busy (self->results_section))
    mc_dossier_pane_show_actions (self);
}

static void
mc_dossier_pane_init (McDossierPane *self)
{
  self->offered = g_ptr_array_new_with_free_func (g_free);
  self->slips = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->results_section, "notify::busy", G_CALLBACK (results_busy_changed), self,
                           G_CONNECT_SWAPPED);

  g_signal_connect_object (self->results_section, "changed", G_CALLBACK (results_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->results_section, "message", G_CALLBACK (results_message), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->results_section, "verify-file", G_CALLBACK (verify_file), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->results_section, "sign-requested", G_CALLBACK (sign_requested), self,
                           G_CONNECT_SWAPPED);
}
