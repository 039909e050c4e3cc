/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Step 2 of reception: who hands the dossier in, typed or filled from the
 * chip card's QR code, checked as it is typed. */
#pragma once

#include <adwaita.h>

#include "domain/citizen/mc-old-address.h"
#include "domain/mc-reception.h"

G_BEGIN_DECLS

#define MC_TYPE_APPLICANT_FORM (mc_applicant_form_get_type ())
G_DECLARE_FINAL_TYPE (McApplicantForm, mc_applicant_form, MC, APPLICANT_FORM, GtkWidget)

void         mc_applicant_form_set_mapper              (McApplicantForm  *self,
                                                        McAddressMapper  *mapper);
gboolean     mc_applicant_form_is_valid                (McApplicantForm  *self);
const char  *mc_applicant_form_get_problem             (McApplicantForm  *self);
gboolean     mc_applicant_form_is_empty                (McApplicantForm  *self);
gboolean     mc_applicant_form_get_busy                (McApplicantForm  *self);
void         mc_applicant_form_fill_reception          (McApplicantForm  *self,
                                                        McReception      *reception);
void         mc_applicant_form_reset                   (McApplicantForm  *self);
void         mc_applicant_form_focus                   (McApplicantForm  *self);

void         mc_applicant_form_set_field               (McApplicantForm  *self,
                                                        const char       *field,
                                                        const char       *text);
char        *mc_applicant_form_dup_field               (McApplicantForm  *self,
                                                        const char       *field);
const char  *mc_applicant_form_get_id_message          (McApplicantForm  *self);

gboolean     mc_applicant_form_set_qr_text             (McApplicantForm  *self,
                                                        const char       *text);
void         mc_applicant_form_read_qr_image           (McApplicantForm  *self,
                                                        const char       *path);
const char  *mc_applicant_form_get_qr_message          (McApplicantForm  *self);
const char  *mc_applicant_form_get_address_message     (McApplicantForm  *self);
GStrv        mc_applicant_form_dup_address_candidates  (McApplicantForm  *self);
gboolean     mc_applicant_form_pick_address_candidate  (McApplicantForm  *self,
                                                        guint             index);

G_END_DECLS
