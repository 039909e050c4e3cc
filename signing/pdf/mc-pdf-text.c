/* SPDX-License-Identifier: GPL-3.0-or-later */
/* PDF text strings and dates as ISO 32000 prescribes them: signature
 * dictionaries carry Vietnamese names, reasons and places (UTF-16BE with
 * a byte order mark) and a /M date with its UTC offset; readers must also
 * decode PDFDocEncoding written by older producers. */
#define G_LOG_DOMAIN "motcua-pdf"

#include "config.h"

#include <string.h>

#include "mc-pdf-private.h"

/* PDFDocEncoding 0x18–0x1F and 0x80–0xA0 (ISO 32000-1 Annex D). */
static const gunichar pdfdoc_low[8] = {
  0x02D8, 0x02C7, 0x02C6, 0x02D9, 0x02DD, 0x02DB, 0x02DA, 0x02DC,
};
static const gunichar pdfdoc_high[33] = {
  0x2022, 0x2020, 0x2021, 0x2026, 0x2014, 0x2013, 0x0192, 0x2044,
  0x2039, 0x203A, 0x2212, 0x2030, 0x201E, 0x201C, 0x201D, 0x2018,
  0x2019, 0x201A, 0x2122, 0xFB01, 0xFB02, 0x0141, 0x0152, 0x0160,
  0x0178, 0x017D, 0x0131, 0x0142, 0x0153, 0x0161, 0x017E, 0xFFFD,
  0x20AC,
};

/**
 * mc_pdf_text_encode:
 * @utf8: valid UTF-8
 *
 * Returns: (transfer full): the bytes of a PDF text string: as is for
 *   printable ASCII, else UTF-16BE after the byte order mark FE FF
 */
GBytes *
mc_pdf_text_encode (const char *utf8)
{
  gboolean ascii = TRUE;
  g_autofree gunichar2 *u16 = NULL;
  glong n = 0;
  GByteArray *out;

  g_return_val_if_fail (utf8 != NULL && g_utf8_validate (utf8, -1, NULL), NULL);

  for (const guchar *p = (const guchar *) utf8; *p; p++)
    if (*p < 0x20 || *p > 0x7e)
      ascii = FALSE;
  if (ascii)
    return g_bytes_new (utf8, strlen (utf8));

  u16 = g_utf8_to_utf16 (utf8, -1, NULL, &n, NULL);
  out = g_byte_array_sized_new (2 + 2 * n);
  g_byte_array_append (out, (const guint8 *) "\xFE\xFF", 2);
  for (glong i = 0; i < n; i++)
    {
      guint8 be[2] = { u16[i] >> 8, u16[i] & 0xff };
      g_byte_array_append (out, be, 2);
    }
  return g_byte_array_free_to_bytes (out);
}

/**
 * mc_pdf_text_decode:
 * @data: (array length=len): bytes of a PDF text string
 * @len: their number
 *
 * Returns: (transfer full): the text as UTF-8 (UTF-16BE with BOM, UTF-8
 *   with BOM, or PDFDocEncoding); undecodable parts become U+FFFD
 */
char *
mc_pdf_text_decode (const guint8 *data,
                    gsize         len)
{
  GString *out = g_string_new (NULL);

  if (len >= 2 && data[0] == 0xFE && data[1] == 0xFF)
    {
      for (gsize i = 2; i + 1 < len; i += 2)
        {
          gunichar c = (data[i] << 8) | data[i + 1];
          if (c >= 0xD800 && c < 0xDC00 && i + 3 < len)
            {
              gunichar lo = (data[i + 2] << 8) | data[i + 3];
              if (lo >= 0xDC00 && lo < 0xE000)
                {
                  c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
                  i += 2;
                }
              else
                c = 0xFFFD;
            }
          else if (c >= 0xD800 && c < 0xE000)
            c = 0xFFFD;
          g_string_append_unichar (out, c);
        }
      return g_string_free (out, FALSE);
    }
  if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
    {
      g_autofree char *s = g_strndup ((const char *) data + 3, len - 3);
      g_string_free (out, TRUE);
      return g_utf8_make_valid (s, -1);
    }
  for (gsize i = 0; i < len; i++)
    {
      guint8 b = data[i];
      gunichar c;
      if (b >= 0x18 && b <= 0x1F)
        c = pdfdoc_low[b - 0x18];
      else if (b >= 0x80 && b <= 0xA0)
        c = pdfdoc_high[b - 0x80];
      else if (b == 0x7F || b == 0xAD)
        c = 0xFFFD;
      else if (b == 0)
        continue;
      else
        c = b;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/**
 * mc_pdf_date_format:
 * @time: a time
 *
 * Returns: (transfer full): the PDF date "D:YYYYMMDDHHmmSS+HH'mm'"
 */
char *
mc_pdf_date_format (GDateTime *time)
{
  g_autofree char *base = NULL;
  GTimeSpan off;
  gint64 minutes;

  g_return_val_if_fail (time != NULL, NULL);

  base = g_date_time_format (time, "D:%Y%m%d%H%M%S");
  off = g_date_time_get_utc_offset (time);
  minutes = off / G_TIME_SPAN_MINUTE;
  if (minutes == 0)
    return g_strconcat (base, "Z", NULL);
  return g_strdup_printf ("%s%c%02d'%02d'", base, minutes < 0 ? '-' : '+',
                          (int) (ABS (minutes) / 60), (int) (ABS (minutes) % 60));
}

static gboolean
take_digits (const char **p,
             int          n,
             int         *value)
{
  int v = 0;

  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      v = v * 10 + ((*p)[i] - '0');
    }
  *p += n;
  *value = v;
  return TRUE;
}

/**
 * mc_pdf_date_parse:
 * @text: a PDF date ("D:" optional, fields after the year optional)
 *
 * Returns: (transfer full) (nullable): the time, or %NULL if @text is no
 *   PDF date
 */
GDateTime *
mc_pdf_date_parse (const char *text)
{
  const char *p = text;
  int f[6] = { 0, 1, 1, 0, 0, 0 };
  static const int width[6] = { 4, 2, 2, 2, 2, 2 };
  g_autoptr(GTimeZone) tz = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  if (g_str_has_prefix (p, "D:"))
    p += 2;
  for (int i = 0; i < 6; i++)
    if (!take_digits (&p, width[i], &f[i]))
      {
        if (i == 0)
          return NULL;
        break;
      }
  if (*p == '+' || *p == '-')
    {
      int hh = 0, mm = 0;
      char sign = *p++;
      g_autofree char *id = NULL;
      if (!take_digits (&p, 2, &hh))
        return NULL;
      if (*p == '\'')
        p++;
      take_digits (&p, 2, &mm);
      id = g_strdup_printf ("%c%02d:%02d", sign, hh, mm);
      tz = g_time_zone_new_identifier (id);
    }
  if (tz == NULL)
    tz = g_time_zone_new_utc ();
  return g_date_time_new (tz, f[0], f[1], f[2], f[3], f[4], f[5]);
}
