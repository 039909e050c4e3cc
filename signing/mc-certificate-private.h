/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the signing library's own files need of a certificate: the GnuTLS
 * handle behind it and chain building over a pool of certificates. */
#pragma once

#include <gnutls/x509.h>

#include "mc-certificate.h"

G_BEGIN_DECLS

gnutls_x509_crt_t  mc_certificate_get_crt           (McCertificate  *self);
GBytes            *mc_certificate_get_raw_issuer    (McCertificate  *self);
GBytes            *mc_certificate_get_raw_subject   (McCertificate  *self);
GBytes            *mc_certificate_get_raw_serial    (McCertificate  *self);
gboolean           mc_certificate_has_key_purpose   (McCertificate  *self,
                                                     const char     *oid,
                                                     gboolean       *critical);
gboolean           mc_certificate_issued           (McCertificate  *issuer,
                                                     McCertificate  *cert);
GPtrArray         *mc_certificate_build_chain       (McCertificate  *leaf,
                                                     GPtrArray      *pool,
                                                     GPtrArray      *anchors);
void               mc_certificate_array_add_unique  (GPtrArray      *array,
                                                     McCertificate  *cert);

G_END_DECLS
