/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the detail pane's files share (mc-dossier-pane.c shows the
 * dossier, mc-dossier-pane-actions.c what can be done with it): its
 * instance and a few helpers; and the hooks tests and automation use:
 * whether it is loading, the dialog it shows, what it offers. The window
 * needs none of this. */
#pragma once

#include "store/mc-desk-offer.h"
#include "mc-dossier-pane.h"
#include "mc-results-section.h"

G_BEGIN_DECLS

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

/* Shared between mc-dossier-pane*.c. */
void        mc_dossier_pane_class_add_actions (GtkWidgetClass *widget_class);
void        mc_dossier_pane_show_actions (McDossierPane *self);
void        mc_dossier_pane_show_slips   (McDossierPane *self);
void        mc_dossier_pane_set_busy     (McDossierPane *self,
                                          gboolean       busy);
void        mc_dossier_pane_load         (McDossierPane *self);
McDeskCase  mc_dossier_pane_current_case (McDossierPane *self);
void        mc_dossier_pane_tell         (McDossierPane *self,
                                          const char    *text,
                                          const char    *slip);
void        mc_dossier_pane_tell_acted   (McDossierPane *self,
                                          const char    *code,
                                          const char    *action_id);
void        mc_dossier_pane_ask_print    (McDossierPane *self,
                                          const char    *kind,
                                          const char    *code);

/* Hooks for tests and automation. */

gboolean          mc_dossier_pane_get_loading  (McDossierPane    *self);
AdwMessageDialog *mc_dossier_pane_get_dialog   (McDossierPane    *self);
GStrv             mc_dossier_pane_dup_offered  (McDossierPane    *self);
const char       *mc_dossier_pane_get_primary  (McDossierPane    *self);
GStrv             mc_dossier_pane_dup_slips    (McDossierPane    *self);

G_END_DECLS
