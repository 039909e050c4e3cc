/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The revocation status of one certificate: what an OCSP responder or a
 * CRL said, when, and from where. */
#pragma once

#include <glib-object.h>

#include "mc-certificate.h"

G_BEGIN_DECLS

/**
 * McRevocationStatus:
 * @MC_REVOCATION_STATUS_UNKNOWN: no usable answer
 * @MC_REVOCATION_STATUS_GOOD: not revoked
 * @MC_REVOCATION_STATUS_REVOKED: revoked
 *
 * What OCSP or a CRL says of a certificate.
 */
typedef enum {
  MC_REVOCATION_STATUS_UNKNOWN,
  MC_REVOCATION_STATUS_GOOD,
  MC_REVOCATION_STATUS_REVOKED,
} McRevocationStatus;

/**
 * McRevocationSource:
 * @MC_REVOCATION_SOURCE_NONE: no source answered
 * @MC_REVOCATION_SOURCE_OCSP: an OCSP response
 * @MC_REVOCATION_SOURCE_CRL: a CRL
 *
 * Where a revocation status comes from.
 */
typedef enum {
  MC_REVOCATION_SOURCE_NONE,
  MC_REVOCATION_SOURCE_OCSP,
  MC_REVOCATION_SOURCE_CRL,
} McRevocationSource;

#define MC_TYPE_REVOCATION_RESULT (mc_revocation_result_get_type ())
G_DECLARE_FINAL_TYPE (McRevocationResult, mc_revocation_result, MC, REVOCATION_RESULT, GObject)

McCertificate      *mc_revocation_result_get_certificate     (McRevocationResult *self);
McRevocationStatus  mc_revocation_result_get_status          (McRevocationResult *self);
McRevocationSource  mc_revocation_result_get_source          (McRevocationResult *self);
GDateTime          *mc_revocation_result_get_revocation_time (McRevocationResult *self);
GDateTime          *mc_revocation_result_get_this_update     (McRevocationResult *self);
GDateTime          *mc_revocation_result_get_next_update     (McRevocationResult *self);
const char         *mc_revocation_result_get_url             (McRevocationResult *self);
const char         *mc_revocation_result_get_message         (McRevocationResult *self);
gboolean            mc_revocation_result_get_fetched         (McRevocationResult *self);

G_END_DECLS
