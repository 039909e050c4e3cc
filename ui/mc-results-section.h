/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The result documents of a dossier with their signatures, for the detail
 * pane: attach (specialist), sign (leader, clerk), verify. */
#pragma once

#include <adwaita.h>

#include "store/mc-desk-results.h"

G_BEGIN_DECLS

#define MC_TYPE_RESULTS_SECTION (mc_results_section_get_type ())
G_DECLARE_FINAL_TYPE (McResultsSection, mc_results_section, MC, RESULTS_SECTION, GtkWidget)

GtkWidget  *mc_results_section_new          (void);
void        mc_results_section_set_desk     (McResultsSection *self,
                                             McDesk           *desk);
void        mc_results_section_set_officer  (McResultsSection *self,
                                             const McOfficer  *officer);
void        mc_results_section_set_dossier  (McResultsSection *self,
                                             const McDossier  *dossier);
void        mc_results_section_reload       (McResultsSection *self);
void        mc_results_section_attach_file  (McResultsSection *self,
                                             const char       *path);
GPtrArray  *mc_results_section_get_results  (McResultsSection *self);
gboolean    mc_results_section_get_busy     (McResultsSection *self);
void        mc_results_section_set_working  (McResultsSection *self,
                                             gboolean          working);
gboolean    mc_results_section_can_attach   (McResultsSection *self);
gboolean    mc_results_section_can_sign     (McResultsSection *self);
void        mc_results_section_verify       (McResultsSection *self,
                                             guint             index);

void        mc_results_section_open       (McResultsSection *self,
                                           guint             index);
const char *mc_results_section_get_last_opened (McResultsSection *self);

G_END_DECLS
