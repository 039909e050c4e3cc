/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The validation data of a PAdES B-LT document (the /DSS dictionary):
 * certificates, OCSP responses and CRLs, as DER. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define MC_TYPE_VALIDATION_DATA (mc_validation_data_get_type ())
G_DECLARE_FINAL_TYPE (McValidationData, mc_validation_data, MC, VALIDATION_DATA, GObject)

McValidationData *mc_validation_data_new                    (void);
void              mc_validation_data_add_certificate        (McValidationData *self,
                                                             GBytes           *der);
void              mc_validation_data_add_ocsp_response      (McValidationData *self,
                                                             GBytes           *der);
void              mc_validation_data_add_crl                (McValidationData *self,
                                                             GBytes           *der);
GPtrArray        *mc_validation_data_get_certificates       (McValidationData *self);
GPtrArray        *mc_validation_data_get_ocsp_responses     (McValidationData *self);
GPtrArray        *mc_validation_data_get_crls               (McValidationData *self);
GPtrArray        *mc_validation_data_get_results            (McValidationData *self);
GStrv             mc_validation_data_get_warnings           (McValidationData *self);

G_END_DECLS
