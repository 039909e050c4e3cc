/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Loads the ASN.1 definitions of mc-cms.asn (compiled into a static array
 * by asn1Parser at build time) once per process and wraps libtasn1's
 * create/decode/encode/read/write calls so the CMS, TSP and verification
 * code can report failures as GErrors instead of bare result codes. */
#define G_LOG_DOMAIN "motcua-signing"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "mc-asn1.h"
#include "mc-signing.h"

extern const asn1_static_node mc_cms_asn1_tab[];

static asn1_node
definitions (void)
{
  static gsize once = 0;
  static asn1_node defs = NULL;

  if (g_once_init_enter (&once))
    {
      char msg[ASN1_MAX_ERROR_DESCRIPTION_SIZE] = "";

      if (asn1_array2tree (mc_cms_asn1_tab, &defs, msg) != ASN1_SUCCESS)
        g_error ("mc-cms.asn does not load: %s", msg);
      g_once_init_leave (&once, 1);
    }

  return defs;
}

gboolean
mc_asn1_create (const char  *type,
                asn1_node   *out,
                GError     **error)
{
  g_autofree char *full = g_strconcat ("MotcuaCMS.", type, NULL);
  int ret;

  *out = NULL;
  ret = asn1_create_element (definitions (), full, out);
  if (ret != ASN1_SUCCESS)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_FAILED,
                   "ASN.1 type %s: %s", type, asn1_strerror (ret));
      return FALSE;
    }
  return TRUE;
}

gboolean
mc_asn1_decode (const char    *type,
                const guint8  *der,
                gsize          len,
                asn1_node     *out,
                GError       **error)
{
  char msg[ASN1_MAX_ERROR_DESCRIPTION_SIZE] = "";
  g_autoptr(asn1_node_st) node = NULL;
  int der_len = (int) len;
  int ret;

  *out = NULL;
  if (len == 0 || len > G_MAXINT)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CMS_INVALID,
                   _("The data is empty or too large to be a %s."), type);
      return FALSE;
    }
  if (!mc_asn1_create (type, &node, error))
    return FALSE;

  ret = asn1_der_decoding2 (&node, der, &der_len, 0, msg);
  if (ret != ASN1_SUCCESS)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CMS_INVALID,
                   _("The data is not a valid %s (%s)."), type,
                   msg[0] ? msg : asn1_strerror (ret));
      return FALSE;
    }
  if ((gsize) der_len != len)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CMS_INVALID,
                   _("The %s is followed by %zu bytes of unexpected data."), type,
                   len - (gsize) der_len);
      return FALSE;
    }

  *out = g_steal_pointer (&node);
  return TRUE;
}

GBytes *
mc_asn1_encode (asn1_node    node,
                const char  *name,
                GError     **error)
{
  char msg[ASN1_MAX_ERROR_DESCRIPTION_SIZE] = "";
  int len = 0;
  guint8 *buf;
  int ret;

  ret = asn1_der_coding (node, name ? name : "", NULL, &len, msg);
  if (ret != ASN1_MEM_ERROR)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_FAILED,
                   "DER encoding: %s (%s)", asn1_strerror (ret), msg);
      return NULL;
    }
  buf = g_malloc (len);
  ret = asn1_der_coding (node, name ? name : "", buf, &len, msg);
  if (ret != ASN1_SUCCESS)
    {
      g_free (buf);
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_FAILED,
                   "DER encoding: %s (%s)", asn1_strerror (ret), msg);
      return NULL;
    }
  return g_bytes_new_take (buf, len);
}

gboolean
mc_asn1_write (asn1_node    node,
               const char  *name,
               const void  *value,
               gsize        len,
               GError     **error)
{
  int ret = asn1_write_value (node, name, value, (int) len);

  if (ret != ASN1_SUCCESS)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_FAILED,
                   "ASN.1 write %s: %s", name, asn1_strerror (ret));
      return FALSE;
    }
  return TRUE;
}

gboolean
mc_asn1_write_bytes (asn1_node    node,
                     const char  *name,
                     GBytes      *value,
                     GError     **error)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (value, &len);

  return mc_asn1_write (node, name, data, len, error);
}

/* The value of @name: the content octets for strings and INTEGERs, the
 * whole TLV for ANY. NULL when absent. */
GBytes *
mc_asn1_read (asn1_node   node,
              const char *name)
{
  int len = 0;
  guint8 *buf;
  int ret;

  ret = asn1_read_value (node, name, NULL, &len);
  if (ret == ASN1_SUCCESS && len == 0)
    return g_bytes_new (NULL, 0);
  if (ret != ASN1_MEM_ERROR)
    return NULL;
  buf = g_malloc (len);
  if (asn1_read_value (node, name, buf, &len) != ASN1_SUCCESS)
    {
      g_free (buf);
      return NULL;
    }
  return g_bytes_new_take (buf, len);
}

char *
mc_asn1_read_oid (asn1_node   node,
                  const char *name)
{
  char buf[256];
  int len = sizeof buf - 1;

  if (asn1_read_value (node, name, buf, &len) != ASN1_SUCCESS)
    return NULL;
  buf[MIN ((gsize) len, sizeof buf - 1)] = '\0';
  return g_strdup (buf);
}

/* Where the TLV of @name lies in @der, which @node was decoded from. */
gboolean
mc_asn1_raw_range (asn1_node     node,
                   const guint8 *der,
                   gsize         len,
                   const char   *name,
                   gsize        *start,
                   gsize        *end)
{
  int s = 0, e = 0;

  if (asn1_der_decoding_startEnd (node, der, (int) len, name, &s, &e) != ASN1_SUCCESS)
    return FALSE;
  if (s < 0 || e < s || (gsize) e >= len)
    return FALSE;
  *start = s;
  *end = (gsize) e + 1;
  return TRUE;
}

int
mc_asn1_count (asn1_node   node,
               const char *name)
{
  int n = 0;

  if (asn1_number_of_elements (node, name, &n) != ASN1_SUCCESS)
    return 0;
  return n;
}

gboolean
mc_asn1_read_uint (asn1_node   node,
                   const char *name,
                   guint64    *out)
{
  g_autoptr(GBytes) value = mc_asn1_read (node, name);
  const guint8 *p;
  gsize len = 0;
  guint64 v = 0;

  if (value == NULL)
    return FALSE;
  p = g_bytes_get_data (value, &len);
  if (len == 0 || (p[0] & 0x80) != 0)
    return FALSE;
  while (len > 1 && p[0] == 0)
    {
      p++;
      len--;
    }
  if (len > 8)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    v = (v << 8) | p[i];
  *out = v;
  return TRUE;
}

/* The DER of a single value of a simple @type of mc-cms.asn, e.g. an
 * OctetStringValue for the message-digest attribute. */
GBytes *
mc_asn1_encode_value (const char  *type,
                      const void  *value,
                      gsize        len,
                      GError     **error)
{
  g_autoptr(asn1_node_st) node = NULL;

  if (!mc_asn1_create (type, &node, error) ||
      !mc_asn1_write (node, "", value, len, error))
    return NULL;
  return mc_asn1_encode (node, "", error);
}

/* Compares two INTEGER contents, ignoring redundant leading zero bytes. */
gboolean
mc_asn1_integer_equal (GBytes *a,
                       GBytes *b)
{
  gsize la = 0, lb = 0;
  const guint8 *pa = g_bytes_get_data (a, &la);
  const guint8 *pb = g_bytes_get_data (b, &lb);

  while (la > 1 && pa[0] == 0)
    pa++, la--;
  while (lb > 1 && pb[0] == 0)
    pb++, lb--;
  return la == lb && memcmp (pa, pb, la) == 0;
}

/* A GeneralizedTime ("YYYYMMDDHHMMSS[.fff]Z") or UTCTime ("YYMMDDHHMMSSZ")
 * as libtasn1 reads it, in UTC. */
GDateTime *
mc_asn1_parse_time (const char *text)
{
  int year, month, day, hour, minute, second;
  double fraction = 0;
  const char *p;
  gsize digits;

  if (text == NULL)
    return NULL;
  for (digits = 0; g_ascii_isdigit (text[digits]); digits++)
    ;
  if (digits == 12)
    {
      if (sscanf (text, "%2d%2d%2d%2d%2d%2d", &year, &month, &day, &hour, &minute, &second) != 6)
        return NULL;
      year += year < 50 ? 2000 : 1900;
    }
  else if (digits == 14)
    {
      if (sscanf (text, "%4d%2d%2d%2d%2d%2d", &year, &month, &day, &hour, &minute, &second) != 6)
        return NULL;
    }
  else
    return NULL;

  p = text + digits;
  if (*p == '.' || *p == ',')
    {
      double scale = 0.1;

      for (p++; g_ascii_isdigit (*p); p++, scale /= 10)
        fraction += (*p - '0') * scale;
    }
  if (p[0] != 'Z' || p[1] != '\0')
    return NULL;

  return g_date_time_new_utc (year, month, day, hour, minute, second + fraction);
}
