/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Search must find "Đặng Thị Hòa" from "dang thi hoa" and "hoà" from "hòa".
 * Decomposing to NFD and dropping the combining marks removes tones and
 * vowel marks whatever their placement; đ/Đ have no decomposition in
 * Unicode and are mapped to d by hand. */
#define G_LOG_DOMAIN "motcua-domain"

#include "config.h"

#include "mc-text.h"

/**
 * mc_text_fold:
 * @text: (nullable): UTF-8 text
 *
 * Lower-cases @text and removes tones and diacritics, including đ → d.
 *
 * Returns: (transfer full): the folded text ("" for %NULL)
 */
char *
mc_text_fold (const char *text)
{
  g_autofree char *nfd = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");

  nfd = g_utf8_normalize (text, -1, G_NORMALIZE_NFD);
  if (nfd == NULL)
    return g_strdup ("");

  out = g_string_sized_new (strlen (nfd));
  for (const char *p = nfd; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_ENCLOSING_MARK ||
          type == G_UNICODE_SPACING_MARK)
        continue;
      if (c == 0x0110 || c == 0x0111)
        c = 'd';
      g_string_append_unichar (out, g_unichar_tolower (c));
    }

  return g_string_free (out, FALSE);
}

/**
 * mc_text_digit_parts:
 * @text: (nullable): text holding a number (ID number, phone)
 * @min_length: the shortest part to produce
 *
 * Returns the digits of @text and each of their suffixes of at least
 * @min_length digits, separated by spaces, so that a prefix search over the
 * words finds any inner run of the number ("0001" in "001190000001").
 *
 * Returns: (transfer full): the parts ("" when there are no digits)
 */
char *
mc_text_digit_parts (const char *text,
                     guint       min_length)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  GString *out;

  if (text == NULL)
    return g_strdup ("");

  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);

  out = g_string_new (digits->str);
  for (gsize start = 1; start + min_length <= digits->len; start++)
    {
      g_string_append_c (out, ' ');
      g_string_append (out, digits->str + start);
    }

  return g_string_free (out, FALSE);
}
