/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The verifier fills a report field by field; the struct is shared with
 * it here rather than through a dozen setters. */
#pragma once

#include "mc-signature-report.h"

G_BEGIN_DECLS

struct _McSignatureReport
{
  GObject parent_instance;

  McSignatureStatus status;
  McCheckResult digest_check;
  McCheckResult signature_check;
  McCheckResult signing_certificate_check;
  McCheckResult chain_check;
  McCheckResult revocation_check;
  McCheckResult timestamp_check;
  McPadesLevel level;
  McCertificate *signer;
  GPtrArray *chain;
  char *digest_algorithm;
  char *signature_algorithm;
  gboolean has_signing_time;
  GDateTime *timestamp_time;
  McCertificate *timestamp_authority;
  GPtrArray *revocation_results;
  GPtrArray *problems;
};

McSignatureReport *mc_signature_report_new         (void);
void               mc_signature_report_add_problem (McSignatureReport *self,
                                                    const char        *format,
                                                    ...) G_GNUC_PRINTF (2, 3);

G_END_DECLS
