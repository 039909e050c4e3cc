/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An X.509 certificate as the rest of the app sees it: names, validity,
 * serial, key type and whether it may sign, without GnuTLS types. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * McKeyAlgorithm:
 * @MC_KEY_ALGORITHM_UNKNOWN: something else (DSA, EdDSA, GOST…)
 * @MC_KEY_ALGORITHM_RSA: RSA
 * @MC_KEY_ALGORITHM_EC: ECDSA
 *
 * The public key algorithm of a certificate.
 */
typedef enum {
  MC_KEY_ALGORITHM_UNKNOWN,
  MC_KEY_ALGORITHM_RSA,
  MC_KEY_ALGORITHM_EC,
} McKeyAlgorithm;

#define MC_TYPE_CERTIFICATE (mc_certificate_get_type ())
G_DECLARE_FINAL_TYPE (McCertificate, mc_certificate, MC, CERTIFICATE, GObject)

McCertificate  *mc_certificate_new_from_der         (GBytes         *der,
                                                     GError        **error);
McCertificate  *mc_certificate_new_from_data        (const guint8   *data,
                                                     gsize           len,
                                                     GError        **error);
GPtrArray      *mc_certificate_load_file            (const char     *path,
                                                     GError        **error);
GBytes         *mc_certificate_get_der              (McCertificate  *self);
const char     *mc_certificate_get_subject_dn       (McCertificate  *self);
const char     *mc_certificate_get_subject_cn       (McCertificate  *self);
const char     *mc_certificate_get_subject_org      (McCertificate  *self);
const char     *mc_certificate_get_issuer_dn        (McCertificate  *self);
const char     *mc_certificate_get_issuer_cn        (McCertificate  *self);
const char     *mc_certificate_get_serial_hex       (McCertificate  *self);
const char     *mc_certificate_get_sha256_hex       (McCertificate  *self);
GDateTime      *mc_certificate_get_not_before       (McCertificate  *self);
GDateTime      *mc_certificate_get_not_after        (McCertificate  *self);
gboolean        mc_certificate_is_valid_at          (McCertificate  *self,
                                                     GDateTime      *when);
McKeyAlgorithm  mc_certificate_get_key_algorithm    (McCertificate  *self);
guint           mc_certificate_get_key_bits         (McCertificate  *self);
gboolean        mc_certificate_can_sign             (McCertificate  *self);
gboolean        mc_certificate_is_ca                (McCertificate  *self);
gboolean        mc_certificate_is_self_signed       (McCertificate  *self);
gboolean        mc_certificate_equal                (McCertificate  *self,
                                                     McCertificate  *other);
char           *mc_certificate_describe             (McCertificate  *self);

G_END_DECLS
