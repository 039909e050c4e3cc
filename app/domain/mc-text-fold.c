/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Folding Vietnamese text to a plain lower-case ASCII-like key. Decomposing
 * to NFD separates the tone and vowel marks from their letters, so dropping
 * every combining mark equates "hòa" and "hoà" whatever the tone placement;
 * đ/Đ is a letter of its own in Unicode (no decomposition), so it is mapped
 * by hand, together with the look-alikes people type for it. */
#define G_LOG_DOMAIN "motcua-domain"

#include "config.h"

#include <string.h>

#include "mc-text-fold.h"

static gunichar
fold_letter (gunichar c)
{
  switch (c)
    {
    case 0x0110: /* Đ LATIN CAPITAL LETTER D WITH STROKE */
    case 0x0111: /* đ */
    case 0x00D0: /* Ð ETH, often typed for Đ */
    case 0x00F0: /* ð */
    case 0x0189: /* Ɖ AFRICAN D */
    case 0x0256: /* ɖ */
      return 'd';
    default:
      return g_unichar_tolower (c);
    }
}

/**
 * mc_text_fold:
 * @utf8: text, NFC or NFD; invalid UTF-8 is repaired first
 *
 * Folds @utf8 to a key for comparison: lower case, no tones or other
 * diacritics, đ/Đ as d, every run of white space as one space, no leading
 * or trailing space. Punctuation and digits are kept.
 *
 * Returns: (transfer full): the folded key
 */
char *
mc_text_fold (const char *utf8)
{
  g_autofree char *valid = NULL;
  g_autofree char *nfd = NULL;
  GString *out;
  gboolean pending_space = FALSE;

  g_return_val_if_fail (utf8 != NULL, NULL);

  valid = g_utf8_make_valid (utf8, -1);
  nfd = g_utf8_normalize (valid, -1, G_NORMALIZE_NFD);
  out = g_string_sized_new (strlen (nfd));

  for (const char *p = nfd; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* Marks, and the invisible characters copy and paste brings along
       * (zero-width space and joiners, byte order mark). */
      if (g_unichar_ismark (c) || (c >= 0x200B && c <= 0x200D) || c == 0xFEFF)
        continue;

      if (g_unichar_isspace (c))
        {
          pending_space = out->len > 0;
          continue;
        }

      if (pending_space)
        {
          g_string_append_c (out, ' ');
          pending_space = FALSE;
        }

      g_string_append_unichar (out, fold_letter (c));
    }

  return g_string_free (out, FALSE);
}

/**
 * mc_text_fold_equal:
 * @a: text
 * @b: text
 *
 * Returns: %TRUE when @a and @b fold to the same key (see mc_text_fold())
 */
gboolean
mc_text_fold_equal (const char *a,
                    const char *b)
{
  g_autofree char *fa = NULL;
  g_autofree char *fb = NULL;

  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  fa = mc_text_fold (a);
  fb = mc_text_fold (b);

  return g_str_equal (fa, fb);
}
