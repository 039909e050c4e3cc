/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Step 4 of reception: everything at a glance, with the appointment. */
#pragma once

#include <adwaita.h>

#include "domain/calendar/mc-calendar.h"
#include "domain/mc-procedure.h"
#include "domain/mc-reception.h"

G_BEGIN_DECLS

#define MC_TYPE_RECEPTION_REVIEW (mc_reception_review_get_type ())
G_DECLARE_FINAL_TYPE (McReceptionReview, mc_reception_review, MC, RECEPTION_REVIEW, GtkWidget)

void         mc_reception_review_show                  (McReceptionReview *self,
                                                        McProcedure       *procedure,
                                                        const McReception *reception,
                                                        McCalendar        *calendar,
                                                        gint64             now);
gint64       mc_reception_review_get_appointment       (McReceptionReview *self);
const char  *mc_reception_review_get_appointment_text  (McReceptionReview *self);
const char  *mc_reception_review_get_warnings          (McReceptionReview *self);

G_END_DECLS
