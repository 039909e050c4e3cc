/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libtasn1 helpers over our own ASN.1 module (mc-cms.asn): create, read,
 * write and encode nodes with GError reporting. Private to the library. */
#pragma once

#include <glib.h>
#include <libtasn1.h>

G_BEGIN_DECLS

#define MC_OID_DATA                    "1.2.840.113549.1.7.1"
#define MC_OID_SIGNED_DATA             "1.2.840.113549.1.7.2"
#define MC_OID_CONTENT_TYPE            "1.2.840.113549.1.9.3"
#define MC_OID_MESSAGE_DIGEST          "1.2.840.113549.1.9.4"
#define MC_OID_SIGNING_TIME            "1.2.840.113549.1.9.5"
#define MC_OID_SIGNING_CERTIFICATE     "1.2.840.113549.1.9.16.2.12"
#define MC_OID_SIGNING_CERTIFICATE_V2  "1.2.840.113549.1.9.16.2.47"
#define MC_OID_TIMESTAMP_TOKEN         "1.2.840.113549.1.9.16.2.14"
#define MC_OID_TST_INFO                "1.2.840.113549.1.9.16.1.4"
#define MC_OID_RSA_ENCRYPTION          "1.2.840.113549.1.1.1"
#define MC_OID_EC_PUBLIC_KEY           "1.2.840.10045.2.1"
#define MC_OID_SHA256                  "2.16.840.1.101.3.4.2.1"
#define MC_OID_KP_TIME_STAMPING        "1.3.6.1.5.5.7.3.8"

/* The DER of ASN.1 NULL, the parameters of rsaEncryption. */
#define MC_DER_NULL "\x05\x00"

static inline void
mc_asn1_node_free (asn1_node_st *node)
{
  asn1_delete_structure (&node);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (asn1_node_st, mc_asn1_node_free)

gboolean  mc_asn1_create      (const char    *type,
                               asn1_node     *out,
                               GError       **error);
gboolean  mc_asn1_decode      (const char    *type,
                               const guint8  *der,
                               gsize          len,
                               asn1_node     *out,
                               GError       **error);
GBytes   *mc_asn1_encode      (asn1_node      node,
                               const char    *name,
                               GError       **error);
gboolean  mc_asn1_write       (asn1_node      node,
                               const char    *name,
                               const void    *value,
                               gsize          len,
                               GError       **error);
gboolean  mc_asn1_write_bytes (asn1_node      node,
                               const char    *name,
                               GBytes        *value,
                               GError       **error);
GBytes   *mc_asn1_read        (asn1_node      node,
                               const char    *name);
char     *mc_asn1_read_oid    (asn1_node      node,
                               const char    *name);
gboolean  mc_asn1_raw_range   (asn1_node      node,
                               const guint8  *der,
                               gsize          len,
                               const char    *name,
                               gsize         *start,
                               gsize         *end);
int       mc_asn1_count       (asn1_node      node,
                               const char    *name);
gboolean  mc_asn1_read_uint   (asn1_node      node,
                               const char    *name,
                               guint64       *out);
gboolean  mc_asn1_integer_equal (GBytes      *a,
                               GBytes        *b);
GDateTime *mc_asn1_parse_time (const char    *text);
GBytes   *mc_asn1_encode_value (const char   *type,
                               const void    *value,
                               gsize          len,
                               GError       **error);

G_END_DECLS
