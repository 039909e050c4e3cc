/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Signatures made with NSS (poppler's pdfsig, LibreOffice, Firefox-based
 * tools) are BER with indefinite lengths, which a DER reader refuses and
 * whose end-of-contents zeros look like the zero padding of /Contents.
 * This finds where the first BER element of /Contents really ends and
 * rewrites indefinite lengths as definite ones. Elements that are already
 * DER (certificates, signed attributes) are copied byte for byte, so
 * their signatures still check. */
#define G_LOG_DOMAIN "motcua-signing"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-pades-private.h"
#include "mc-signing.h"

#define MAX_DEPTH 64

typedef struct
{
  gsize id_len;       /* identifier octets */
  gsize header_len;   /* identifier and length octets */
  gsize content_len;  /* for definite lengths */
  gboolean constructed;
  gboolean indefinite;
} Header;

static gboolean
read_header (const guint8 *d,
             gsize         len,
             gsize         pos,
             Header       *h)
{
  gsize at = pos;
  guint8 first;

  if (at >= len)
    return FALSE;
  first = d[at++];
  h->constructed = (first & 0x20) != 0;
  if ((first & 0x1f) == 0x1f)
    {
      /* High tag numbers: base-128 octets, the last without bit 8. */
      do
        if (at >= len || at - pos > 5)
          return FALSE;
      while (d[at++] & 0x80);
    }
  h->id_len = at - pos;
  if (at >= len)
    return FALSE;
  if (d[at] == 0x80)
    {
      h->indefinite = TRUE;
      h->content_len = 0;
      at++;
    }
  else if (d[at] & 0x80)
    {
      guint n = d[at++] & 0x7f;
      gsize l = 0;

      if (n == 0 || n > 4 || at + n > len)
        return FALSE;
      for (guint i = 0; i < n; i++)
        l = (l << 8) | d[at++];
      h->indefinite = FALSE;
      h->content_len = l;
    }
  else
    {
      h->indefinite = FALSE;
      h->content_len = d[at++];
    }
  h->header_len = at - pos;
  if (h->indefinite && !h->constructed)
    return FALSE;
  if (!h->indefinite && h->content_len > len - at)
    return FALSE;
  return TRUE;
}

/* The size in the input of the element at @pos, and whether it or
 * anything inside uses an indefinite length. */
static gboolean
measure (const guint8 *d,
         gsize         len,
         gsize         pos,
         int           depth,
         gsize        *total,
         gboolean     *indefinite)
{
  Header h;
  gsize at, end;

  if (depth > MAX_DEPTH || !read_header (d, len, pos, &h))
    return FALSE;
  *indefinite = h.indefinite;
  at = pos + h.header_len;
  if (!h.constructed)
    {
      *total = h.header_len + h.content_len;
      return TRUE;
    }
  end = h.indefinite ? len : at + h.content_len;
  for (;;)
    {
      gsize child;
      gboolean child_indefinite;

      if (h.indefinite && at + 1 < len && d[at] == 0 && d[at + 1] == 0)
        {
          *total = at + 2 - pos;
          return TRUE;
        }
      if (!h.indefinite && at == end)
        {
          *total = at - pos;
          return TRUE;
        }
      if (at >= end || !measure (d, end, at, depth + 1, &child, &child_indefinite))
        return FALSE;
      *indefinite = *indefinite || child_indefinite;
      at += child;
    }
}

static void
append_length (GByteArray *out,
               gsize       len)
{
  guint8 b[5];
  guint n = 0;

  if (len < 0x80)
    {
      b[0] = (guint8) len;
      g_byte_array_append (out, b, 1);
      return;
    }
  for (gsize l = len; l > 0; l >>= 8)
    n++;
  b[0] = 0x80 | n;
  for (guint i = 0; i < n; i++)
    b[1 + i] = (guint8) (len >> (8 * (n - 1 - i)));
  g_byte_array_append (out, b, n + 1);
}

static gboolean
emit (const guint8 *d,
      gsize         len,
      gsize         pos,
      int           depth,
      GByteArray   *out,
      gsize        *consumed)
{
  g_autoptr(GByteArray) inner = NULL;
  gboolean indefinite;
  Header h;
  gsize total, at, end;

  if (!measure (d, len, pos, depth, &total, &indefinite) || !read_header (d, len, pos, &h))
    return FALSE;
  *consumed = total;
  if (!indefinite)
    {
      g_byte_array_append (out, d + pos, (guint) total);
      return TRUE;
    }
  inner = g_byte_array_new ();
  at = pos + h.header_len;
  end = pos + total - (h.indefinite ? 2 : 0);
  while (at < end)
    {
      gsize child;

      if (!emit (d, end, at, depth + 1, inner, &child))
        return FALSE;
      at += child;
    }
  g_byte_array_append (out, d + pos, (guint) h.id_len);
  append_length (out, inner->len);
  g_byte_array_append (out, inner->data, inner->len);
  return TRUE;
}

/* The first element of @data (a /Contents with its zero padding) as
 * DER. */
GBytes *
mc_pades_ber_to_der (const guint8  *data,
                     gsize          len,
                     GError       **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  gsize consumed;

  if (!emit (data, len, 0, 0, out, &consumed))
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CMS_INVALID,
                   _("The signature data is damaged: it is not valid BER or DER."));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}
