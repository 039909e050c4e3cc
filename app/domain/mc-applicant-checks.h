/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Checks of what an officer types about an applicant, besides the personal
 * ID number (domain/citizen/mc-personal-id.h does that one). */
#pragma once

#include "domain/citizen/mc-cccd-qr.h"

G_BEGIN_DECLS

gboolean  mc_applicant_parse_birth      (const char  *text,
                                         McCardDate  *date,
                                         char       **problem);
gboolean  mc_applicant_phone_is_valid   (const char  *text);
gboolean  mc_applicant_email_is_valid   (const char  *text);
char     *mc_applicant_contact_problem  (const char  *phone,
                                         const char  *email);

G_END_DECLS
