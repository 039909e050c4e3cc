/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The detail pane: one whole dossier (loaded in a worker thread when it is
 * chosen) and the actions the current officer's role may take on it now,
 * straight from the workflow rules. An action that asks for a reason, a
 * department, an issue number or a new appointment opens a dialog with just
 * those fields; one that cannot be undone asks for confirmation; the change
 * runs off the main thread and the pane reloads when it lands. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <stdio.h>

#include "domain/mc-state.h"
#include "store/mc-desk-offer.h"
#include "mc-action-form.h"
#include "mc-dossier-pane-private.h"
#include "mc-results-section.h"
#include "mc-sign-dialog.h"
#include "mc-verify-window.h"

struct _McDossierPane
{
  GtkWidget parent_instance;

  McDesk *desk;
  McOfficer *officer;
  char *code;
  McDossier *dossier;
  /* Whether the dossier's procedure charges a fee (see McDeskCase). */
  gboolean charges_fee;
  /* What the pane offers now, for automation: action ids ("sign" for the
   * signature), the one standing out, and the slips. */
  GPtrArray *offered;
  char *primary;
  GPtrArray *slips;
  GCancellable *cancellable;
  AdwMessageDialog *dialog;
  guint busy;

  GtkStack *stack;
  GtkScrolledWindow *scroller;
  AdwStatusPage *error_page;
  GtkLabel *title_label;
  GtkLabel *subtitle_label;
  GtkLabel *state_badge;
  GtkLabel *urgency_badge;
  GtkMenuButton *slip_button;
  GtkLabel *actions_hint;
  GtkFlowBox *actions_box;
  AdwActionRow *procedure_row;
  AdwActionRow *channel_row;
  AdwActionRow *step_row;
  AdwActionRow *issue_row;
  AdwActionRow *applicant_row;
  AdwActionRow *applicant_id_row;
  AdwActionRow *birth_row;
  AdwActionRow *contact_row;
  AdwActionRow *address_row;
  AdwActionRow *received_row;
  AdwActionRow *due_row;
  AdwActionRow *new_due_row;
  AdwActionRow *clock_row;
  GtkListBox *components_list;
  McResultsSection *results_section;
  GtkWidget *files_group;
  GtkListBox *files_list;
  GtkListBox *timeline_list;
};

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

static McDeskCase
current_case (McDossierPane *self)
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
      guint n_files = 0;

      for (guint j = 0; j < self->dossier->files->len; j++)
        {
          McDossierFile *file = g_ptr_array_index (self->dossier->files, j);

          if (g_strcmp0 (file->component_code, component->code) == 0 && g_str_equal (file->role, "component"))
            n_files++;
        }

      {
        g_autofree char *copies = g_strdup_printf (ngettext ("%d copy", "%d copies",
                                                                component->copies), component->copies);
        g_autofree char *scans = n_files > 0
          ? g_strdup_printf (ngettext ("%u scanned file", "%u scanned files", n_files), n_files)
          : g_strdup (_("not scanned"));

        subtitle = g_strdup_printf ("%s · %s · %s",
                                    g_strcmp0 (component->kind, "copy") == 0 ? _("Copy") : _("Original"),
                                    copies, scans);
      }
      gtk_list_box_append (self->components_list,
                           make_row (component->name, subtitle,
                                     component->provided ? "emblem-ok-symbolic" : "dialog-warning-symbolic"));
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

static GtkWidget *
action_button (const char *label,
               const char *action_id)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "pane.act");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", action_id);
  gtk_widget_set_halign (button, GTK_ALIGN_START);

  return button;
}

/* One thing stands out: signing a result that awaits this officer, or the
 * next step of the usual path. Steps that end the dossier are marked
 * destructive; everything else waits in "More Actions". What is offered
 * comes from the desk (state, procedure and role), not from here. */
static void
show_actions (McDossierPane *self)
{
  GtkWidget *child;
  g_autoptr(GPtrArray) offered = NULL;
  g_autoptr(GMenu) more = g_menu_new ();
  McDeskCase dcase = current_case (self);
  GPtrArray *results;
  gboolean can_sign;
  gboolean has_primary = FALSE;
  guint n_shown = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->actions_box))) != NULL)
    gtk_flow_box_remove (self->actions_box, child);
  g_ptr_array_set_size (self->offered, 0);
  g_clear_pointer (&self->primary, g_free);

  if (self->officer == NULL)
    {
      gtk_label_set_label (self->actions_hint,
                           _("Choose your officer profile in Preferences to act on dossiers."));
      gtk_widget_set_visible (GTK_WIDGET (self->actions_hint), TRUE);
      return;
    }

  offered = mc_desk_case_actions (self->desk, &dcase, self->officer->role);

  /* A result awaiting this officer's signature: signing it is the one
   * thing to do; marking it signed by hand is not offered where the real
   * signature can be made. */
  can_sign = mc_results_section_can_sign (self->results_section);
  results = mc_results_section_get_results (self->results_section);
  if (can_sign)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Sign…"));

      gtk_widget_set_name (button, "pane-sign");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "pane.sign");
      gtk_widget_add_css_class (button, "suggested-action");
      gtk_widget_set_halign (button, GTK_ALIGN_START);
      gtk_flow_box_append (self->actions_box, button);
      has_primary = TRUE;
      n_shown++;
      g_ptr_array_add (self->offered, g_strdup ("sign"));
      self->primary = g_strdup ("sign");
    }

  for (guint i = 0; i < offered->len; i++)
    {
      const McWorkflowAction *action = g_ptr_array_index (offered, i);
      const char *label = mc_workflow_action_label (action->id);
      GtkWidget *button;

      if (g_str_equal (action->id, MC_ACTION_MARK_SIGNED) && results != NULL && results->len > 0)
        continue;
      g_ptr_array_add (self->offered, g_strdup (action->id));

      if (action->primary && !has_primary)
        {
          button = action_button (label, action->id);
          gtk_widget_add_css_class (button, "suggested-action");
          has_primary = TRUE;
          self->primary = g_strdup (action->id);
        }
      else if (action->irreversible)
        {
          button = action_button (label, action->id);
          gtk_widget_add_css_class (button, "destructive-action");
        }
      else
        {
          g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

          g_menu_item_set_action_and_target_value (item, "pane.act", g_variant_new_string (action->id));
          g_menu_append_item (more, item);
          continue;
        }
      gtk_widget_set_name (button, action->id);
      gtk_flow_box_append (self->actions_box, button);
      n_shown++;
    }

  if (g_menu_model_get_n_items (G_MENU_MODEL (more)) > 0)
    {
      GtkWidget *button = gtk_menu_button_new ();

      gtk_menu_button_set_label (GTK_MENU_BUTTON (button), _("_More Actions"));
      gtk_menu_button_set_use_underline (GTK_MENU_BUTTON (button), TRUE);
      gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (more));
      gtk_widget_set_name (button, "pane-more-actions");
      gtk_widget_set_halign (button, GTK_ALIGN_START);
      gtk_flow_box_append (self->actions_box, button);
      n_shown++;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->actions_hint), n_shown == 0);
  if (n_shown == 0)
    {
      g_autofree char *hint = g_strdup_printf (_("Nothing for a %s to do on this dossier now."),
                                               mc_role_label (self->officer->role));

      gtk_label_set_label (self->actions_hint, hint);
    }
}

/* The slips this dossier has a reason for now (the desk decides), in the
 * printer menu; no menu when it has none. */
static void
show_slips (McDossierPane *self)
{
  static const struct { const char *kind; const char *label; } slips[] = {
    { "receipt", N_("_Receipt and Appointment Slip") },
    { "supplement", N_("_Supplement Request Slip") },
    { "refusal", N_("R_efusal Slip") },
    { "apology", N_("_Apology and New Appointment Slip") },
    { "control-sheet", N_("_Control Sheet") },
  };
  g_autoptr(GMenu) menu = g_menu_new ();
  McDeskCase dcase = current_case (self);

  g_ptr_array_set_size (self->slips, 0);
  for (guint i = 0; i < G_N_ELEMENTS (slips); i++)
    {
      g_autoptr(GMenuItem) item = NULL;

      if (!mc_desk_case_can_print (&dcase, slips[i].kind))
        continue;
      g_ptr_array_add (self->slips, g_strdup (slips[i].kind));
      item = g_menu_item_new (_(slips[i].label), NULL);
      g_menu_item_set_action_and_target_value (item, "pane.print-slip", g_variant_new_string (slips[i].kind));
      g_menu_append_item (menu, item);
    }
  gtk_menu_button_set_menu_model (self->slip_button, G_MENU_MODEL (menu));
  gtk_widget_set_visible (GTK_WIDGET (self->slip_button), g_menu_model_get_n_items (G_MENU_MODEL (menu)) > 0);
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
  show_actions (self);
  show_slips (self);
  gtk_stack_set_visible_child_name (self->stack, "dossier");
}

static void
set_busy (McDossierPane *self,
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
  set_busy (self, FALSE);
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

static void
reload (McDossierPane *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->code == NULL || self->desk == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  if (self->dossier == NULL || g_strcmp0 (self->dossier->code, self->code) != 0)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  set_busy (self, TRUE);
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
  reload (self);
}

void
mc_dossier_pane_reload (McDossierPane *self)
{
  g_return_if_fail (MC_IS_DOSSIER_PANE (self));

  reload (self);
}

void
mc_dossier_pane_set_desk (McDossierPane *self,
                          McDesk        *desk)
{
  g_return_if_fail (MC_IS_DOSSIER_PANE (self));

  g_set_object (&self->desk, desk);
  mc_results_section_set_desk (self->results_section, desk);
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
    show_actions (self);
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

typedef struct
{
  McDossierPane *self;
  char *action_id;
  char *code;
  char *department;
} ActCall;

/* What the officer reads once an action went through: the dossier and,
 * for a hand-over, to whom, in the words of the desk. */
static char *
done_message (const char *action_id,
              const char *code,
              const char *department)
{
  if (g_str_equal (action_id, MC_ACTION_FORWARD) && department != NULL && *department != '\0')
    return g_strdup_printf (_("Forwarded dossier %s to %s."), code, department);
  if (g_str_equal (action_id, MC_ACTION_FORWARD))
    return g_strdup_printf (_("Forwarded dossier %s."), code);
  if (g_str_equal (action_id, "receive"))
    return g_strdup_printf (_("Received dossier %s."), code);
  if (g_str_equal (action_id, "refuse"))
    return g_strdup_printf (_("Refused dossier %s."), code);
  if (g_str_equal (action_id, "request_supplement"))
    return g_strdup_printf (_("Asked for a supplement to dossier %s."), code);
  if (g_str_equal (action_id, "supplement_received"))
    return g_strdup_printf (_("Recorded the supplement to dossier %s."), code);
  if (g_str_equal (action_id, "record_opinion"))
    return g_strdup_printf (_("Recorded the opinion on dossier %s."), code);
  if (g_str_equal (action_id, "submit_to_leader"))
    return g_strdup_printf (_("Submitted dossier %s to the leader."), code);
  if (g_str_equal (action_id, "approve"))
    return g_strdup_printf (_("Approved dossier %s."), code);
  if (g_str_equal (action_id, "return_for_rework"))
    return g_strdup_printf (_("Returned dossier %s for rework."), code);
  if (g_str_equal (action_id, "mark_signed"))
    return g_strdup_printf (_("Recorded the signature of dossier %s."), code);
  if (g_str_equal (action_id, "number_and_seal"))
    return g_strdup_printf (_("Numbered and sealed dossier %s."), code);
  if (g_str_equal (action_id, "ready_to_return"))
    return g_strdup_printf (_("Dossier %s is ready to return."), code);
  if (g_str_equal (action_id, "return_result"))
    return g_strdup_printf (_("Returned the result of dossier %s."), code);
  if (g_str_equal (action_id, "withdraw"))
    return g_strdup_printf (_("Withdrew dossier %s."), code);
  if (g_str_equal (action_id, "stop_processing"))
    return g_strdup_printf (_("Stopped processing dossier %s."), code);
  if (g_str_equal (action_id, "request_fee"))
    return g_strdup_printf (_("Asked for the fee of dossier %s."), code);
  if (g_str_equal (action_id, "fee_paid"))
    return g_strdup_printf (_("Recorded the fee paid for dossier %s."), code);
  if (g_str_equal (action_id, "apologise"))
    return g_strdup_printf (_("Made the apology slip and new appointment for dossier %s."), code);

  return g_strdup_printf (_("%s: done for %s."), mc_workflow_action_label (action_id), code);
}

static void
act_done (GObject      *source,
          GAsyncResult *res,
          gpointer      user_data)
{
  ActCall *call = user_data;
  McDossierPane *self = call->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *op_id = NULL;
  const McWorkflowAction *action;

  op_id = mc_desk_act_finish (MC_DESK (source), res, &error);
  set_busy (self, FALSE);
  if (op_id == NULL)
    g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, error->message, NULL);
  else
    {
      g_autofree char *done = done_message (call->action_id, call->code, call->department);

      action = mc_workflow_lookup (mc_desk_get_rules (self->desk), call->action_id);
      g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, done, action != NULL ? action->slip : NULL);
      g_signal_emit (self, signals[SIGNAL_ACTED], 0, self->code, call->action_id);
      reload (self);
    }

  g_object_unref (call->self);
  g_free (call->action_id);
  g_free (call->code);
  g_free (call->department);
  g_free (call);
}

static void
run_action (McDossierPane        *self,
            const char           *action_id,
            const McActionParams *params)
{
  ActCall *call = g_new0 (ActCall, 1);

  call->self = g_object_ref (self);
  call->action_id = g_strdup (action_id);
  call->code = g_strdup (self->code);
  call->department = params != NULL ? g_strdup (params->department) : NULL;
  set_busy (self, TRUE);
  mc_desk_act_async (self->desk, self->code, action_id, params, NULL, act_done, call);
}

static void
dialog_response (AdwMessageDialog *dialog,
                 const char       *response,
                 McDossierPane    *self)
{
  McActionForm *form = g_object_get_data (G_OBJECT (dialog), "form");
  const char *action_id = g_object_get_data (G_OBJECT (dialog), "action");

  if (g_str_equal (response, "confirm") && mc_action_form_is_valid (form))
    {
      g_auto(McActionParams) params = { 0 };

      mc_action_form_fill (form, &params);
      run_action (self, action_id, &params);
    }

  if (self->dialog == dialog)
    self->dialog = NULL;
}

static void
form_validity_changed (McActionForm     *form,
                       GParamSpec       *pspec,
                       AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "confirm", mc_action_form_is_valid (form));
}

static void
act_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  McDossierPane *self = MC_DOSSIER_PANE (widget);
  const char *action_id = g_variant_get_string (parameter, NULL);
  const McWorkflowAction *action;
  McActionForm *form;
  GtkWidget *dialog;
  g_autofree char *body = NULL;

  if (self->dossier == NULL || self->desk == NULL)
    return;

  action = mc_workflow_lookup (mc_desk_get_rules (self->desk), action_id);
  if (action == NULL)
    return;

  form = mc_action_form_new (action, MAX (self->dossier->due_at, self->dossier->new_due_at));
  mc_action_form_set_calendar (form, mc_desk_get_calendar (self->desk), mc_desk_now (self->desk));
  if (!mc_action_form_needs_input (form) && !mc_desk_action_needs_confirmation (action))
    {
      g_object_ref_sink (form);
      g_object_unref (form);
      run_action (self, action_id, NULL);
      return;
    }

  body = action->irreversible
    ? g_strdup_printf (_("Dossier %s of %s. This cannot be undone."), self->dossier->code,
                       self->dossier->applicant_name)
    : g_strdup_printf (_("Dossier %s of %s."), self->dossier->code, self->dossier->applicant_name);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   mc_workflow_action_label (action_id), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "confirm", mc_workflow_action_label (action_id),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "confirm",
                                              action->irreversible ? ADW_RESPONSE_DESTRUCTIVE
                                                                   : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "confirm");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  if (mc_action_form_needs_input (form))
    {
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), GTK_WIDGET (form));
      adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "confirm",
                                               mc_action_form_is_valid (form));
      g_signal_connect_object (form, "notify::valid", G_CALLBACK (form_validity_changed), dialog, 0);
    }
  else
    g_object_ref_sink (form);
  g_object_set_data_full (G_OBJECT (dialog), "form",
                          mc_action_form_needs_input (form) ? g_object_ref (form) : form, g_object_unref);
  g_object_set_data_full (G_OBJECT (dialog), "action", g_strdup (action_id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (dialog_response), self, 0);
  self->dialog = ADW_MESSAGE_DIALOG (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
print_slip_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  McDossierPane *self = MC_DOSSIER_PANE (widget);

  McDeskCase dcase = current_case (self);
  const char *kind = g_variant_get_string (parameter, NULL);

  if (self->code == NULL || self->dossier == NULL)
    return;
  /* Ctrl+P asks for the receipt whatever the dossier; a refused one has
   * none. */
  if (!mc_desk_case_can_print (&dcase, kind))
    {
      g_autofree char *text = g_strdup_printf (_("Dossier %s has no such slip in its present state."),
                                               self->code);

      g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, text, NULL);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_PRINT_SLIP], 0, kind, self->code);
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

  gtk_widget_class_install_action (widget_class, "pane.act", "s", act_action);
  gtk_widget_class_install_action (widget_class, "pane.print-slip", "s", print_slip_action);
  gtk_widget_class_install_action (widget_class, "pane.sign", NULL, sign_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "pane.print-slip", "s", "receipt");

  g_type_ensure (MC_TYPE_ACTION_FORM);
  g_type_ensure (MC_TYPE_RESULTS_SECTION);
}

static void
results_changed (McDossierPane *self)
{
  reload (self);
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
  reload (self);
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
    show_actions (self);
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
