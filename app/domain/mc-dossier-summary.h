/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One row of a queue: the few columns a list shows, with ready-made labels.
 * A row may be a placeholder (not loaded) that is filled in once its page
 * arrives from the store. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  MC_URGENCY_NONE,
  MC_URGENCY_DUE_SOON,
  MC_URGENCY_LATE,
} McUrgency;

#define MC_TYPE_DOSSIER_SUMMARY (mc_dossier_summary_get_type ())
G_DECLARE_FINAL_TYPE (McDossierSummary, mc_dossier_summary, MC, DOSSIER_SUMMARY, GObject)

McDossierSummary *mc_dossier_summary_new_placeholder (void);
McDossierSummary *mc_dossier_summary_new            (gint64             id,
                                                     const char        *code,
                                                     const char        *procedure_code,
                                                     const char        *procedure_name,
                                                     const char        *applicant_name,
                                                     const char        *applicant_id,
                                                     gint64             received_at,
                                                     gint64             due_at,
                                                     int                state,
                                                     McUrgency          urgency);
void              mc_dossier_summary_fill           (McDossierSummary  *self,
                                                     McDossierSummary  *from);

gboolean          mc_dossier_summary_get_loaded         (McDossierSummary *self);
gint64            mc_dossier_summary_get_id             (McDossierSummary *self);
const char       *mc_dossier_summary_get_code           (McDossierSummary *self);
const char       *mc_dossier_summary_get_procedure_code (McDossierSummary *self);
const char       *mc_dossier_summary_get_procedure_name (McDossierSummary *self);
const char       *mc_dossier_summary_get_applicant_name (McDossierSummary *self);
const char       *mc_dossier_summary_get_applicant_id   (McDossierSummary *self);
gint64            mc_dossier_summary_get_received_at    (McDossierSummary *self);
gint64            mc_dossier_summary_get_due_at         (McDossierSummary *self);
int               mc_dossier_summary_get_state          (McDossierSummary *self);
McUrgency         mc_dossier_summary_get_urgency        (McDossierSummary *self);

G_END_DECLS
