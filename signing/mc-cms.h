/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Detached CAdES signatures (CMS SignedData) for PAdES
 * (/SubFilter /ETSI.CAdES.detached): the size to reserve in /Contents,
 * reading the digest algorithm and signer of a signature, and adding a
 * signature time-stamp token. Making one needs a token: see
 * McSigningSession. */
#pragma once

#include <glib.h>

#include "mc-certificate.h"

G_BEGIN_DECLS

/**
 * MC_CMS_TIMESTAMP_RESERVE:
 *
 * Bytes to reserve for an RFC 3161 time-stamp token when its real size is
 * not known yet. Tokens of public TSAs with their certificate chain are
 * 3–8 KiB.
 */
#define MC_CMS_TIMESTAMP_RESERVE 12288

gsize          mc_cms_estimate_size            (McCertificate  *signer,
                                                GPtrArray      *chain,
                                                gsize           timestamp_reserve);
gboolean       mc_cms_get_digest_type          (GBytes         *cms,
                                                GChecksumType  *out_type,
                                                GError        **error);
GBytes        *mc_cms_get_signature_value      (GBytes         *cms,
                                                GError        **error);
McCertificate *mc_cms_get_signer_certificate   (GBytes         *cms,
                                                GError        **error);
GBytes        *mc_cms_get_timestamp_token      (GBytes         *cms,
                                                GError        **error);
GBytes        *mc_cms_add_timestamp            (GBytes         *cms,
                                                GBytes         *token,
                                                GError        **error);

G_END_DECLS
