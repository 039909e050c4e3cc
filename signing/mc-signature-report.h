/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The result of verifying one signature, for the UI's signature panel and
 * `motcua-cli verify`. */
#pragma once

#include <glib-object.h>

#include "mc-certificate.h"
#include "mc-revocation-result.h"
#include "mc-signing.h"

G_BEGIN_DECLS

/**
 * McSignatureStatus:
 * @MC_SIGNATURE_STATUS_VALID: every check passed
 * @MC_SIGNATURE_STATUS_INVALID: a check failed: the document or the
 *   signature was changed, the certificate was revoked, …
 * @MC_SIGNATURE_STATUS_INDETERMINATE: nothing failed but something could
 *   not be established (untrusted root, unknown revocation status, …)
 *
 * The overall verdict (ETSI EN 319 102-1 terms).
 */
typedef enum {
  MC_SIGNATURE_STATUS_VALID,
  MC_SIGNATURE_STATUS_INVALID,
  MC_SIGNATURE_STATUS_INDETERMINATE,
} McSignatureStatus;

/**
 * McCheckResult:
 * @MC_CHECK_NOT_DONE: not applicable or not present
 * @MC_CHECK_PASSED: passed
 * @MC_CHECK_FAILED: failed
 * @MC_CHECK_INDETERMINATE: could not be decided
 *
 * The result of one check.
 */
typedef enum {
  MC_CHECK_NOT_DONE,
  MC_CHECK_PASSED,
  MC_CHECK_FAILED,
  MC_CHECK_INDETERMINATE,
} McCheckResult;

#define MC_TYPE_SIGNATURE_REPORT (mc_signature_report_get_type ())
G_DECLARE_FINAL_TYPE (McSignatureReport, mc_signature_report, MC, SIGNATURE_REPORT, GObject)

McSignatureStatus   mc_signature_report_get_status                    (McSignatureReport *self);
char               *mc_signature_report_get_summary                   (McSignatureReport *self);
McCheckResult       mc_signature_report_get_digest_check              (McSignatureReport *self);
McCheckResult       mc_signature_report_get_signature_check           (McSignatureReport *self);
McCheckResult       mc_signature_report_get_signing_certificate_check (McSignatureReport *self);
McCheckResult       mc_signature_report_get_chain_check               (McSignatureReport *self);
McCheckResult       mc_signature_report_get_revocation_check          (McSignatureReport *self);
McCheckResult       mc_signature_report_get_timestamp_check           (McSignatureReport *self);
McPadesLevel        mc_signature_report_get_level                     (McSignatureReport *self);
McCertificate      *mc_signature_report_get_signer                    (McSignatureReport *self);
GPtrArray          *mc_signature_report_get_chain                     (McSignatureReport *self);
const char         *mc_signature_report_get_digest_algorithm          (McSignatureReport *self);
const char         *mc_signature_report_get_signature_algorithm       (McSignatureReport *self);
gboolean            mc_signature_report_get_has_signing_time          (McSignatureReport *self);
GDateTime          *mc_signature_report_get_timestamp_time            (McSignatureReport *self);
McCertificate      *mc_signature_report_get_timestamp_authority       (McSignatureReport *self);
McRevocationResult *mc_signature_report_get_revocation                (McSignatureReport *self);
GPtrArray          *mc_signature_report_get_revocation_results        (McSignatureReport *self);
GStrv               mc_signature_report_get_problems                  (McSignatureReport *self);
const char         *mc_check_result_to_string                         (McCheckResult      result);

G_END_DECLS
