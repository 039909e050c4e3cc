/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Splitting numbers for search: an ID number or phone is indexed with its
 * suffixes so that a prefix search finds any inner run of digits. Folding of
 * names lives in mc-text-fold.c. */
#define G_LOG_DOMAIN "motcua-domain"

#include "config.h"

#include "mc-text.h"

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
