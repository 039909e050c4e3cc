/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Constructors and setters the revocation checker uses on its result
 * types. */
#pragma once

#include "mc-revocation-result.h"
#include "mc-validation-data.h"

G_BEGIN_DECLS

McRevocationResult *mc_revocation_result_new       (McCertificate       *certificate,
                                                    McRevocationStatus   status,
                                                    McRevocationSource   source,
                                                    GDateTime           *revocation_time,
                                                    GDateTime           *this_update,
                                                    GDateTime           *next_update,
                                                    const char          *url,
                                                    const char          *message,
                                                    gboolean             fetched);
void                mc_validation_data_add_result  (McValidationData    *self,
                                                    McRevocationResult  *result);
void                mc_validation_data_add_warning (McValidationData    *self,
                                                    const char          *warning);

G_END_DECLS
