/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A parsed RFC 3161 token (a SignedData over a TSTInfo), shared by the
 * TSA client, which checks what it just got, and the verifier. */
#pragma once

#include "mc-cms-private.h"

G_BEGIN_DECLS

typedef struct {
  McCmsSignedData *sd;
  char *policy;
  gnutls_digest_algorithm_t imprint_digest;
  GBytes *imprint;
  GBytes *serial;
  GBytes *nonce;                 /* INTEGER content, or NULL */
  GDateTime *gen_time;
  char *tsa_name;                /* from the tsa field, or NULL */
} McTstInfo;

McTstInfo *mc_tst_info_parse          (GBytes        *token,
                                       GError       **error);
void       mc_tst_info_free           (McTstInfo     *info);
McCertificate *mc_tst_info_verify     (McTstInfo     *info,
                                       GError       **error);
gboolean   mc_tst_info_covers         (McTstInfo     *info,
                                       GBytes        *data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McTstInfo, mc_tst_info_free)

G_END_DECLS
