/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Administrative units as values, and the key names are matched by:
 * mc_admin_unit_key() folds case, tones and đ and separates the unit type
 * ("Xã", "Phường", "Thị trấn"…) from the name. The store loads and looks
 * them up (app/store/mc-admin-units-*.c). */
#define G_LOG_DOMAIN "motcua-citizen"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-admin-units.h"
#include "domain/mc-text-fold.h"

/**
 * mc_admin_unit_free:
 * @unit: (nullable): a unit
 */
void
mc_admin_unit_free (McAdminUnit *unit)
{
  if (unit == NULL)
    return;

  g_free (unit->code);
  g_free (unit->name);
  g_free (unit->province_code);
  g_free (unit->province_name);
  g_free (unit);
}

/**
 * mc_admin_old_commune_free:
 * @commune: (nullable): an old commune
 */
void
mc_admin_old_commune_free (McAdminOldCommune *commune)
{
  if (commune == NULL)
    return;

  g_free (commune->code);
  g_free (commune->name);
  g_free (commune->province_code);
  g_free (commune->province_name);
  g_free (commune->new_province_code);
  g_strfreev (commune->new_commune_codes);
  g_free (commune);
}

/* Unit types as they fold, longest first so "thi tran" wins over "thi",
 * with the abbreviations seen on cards and forms. */
static const struct
{
  const char *word;
  const char *kind;
} kinds[] = {
  { "thanh pho ", "thanh pho" },
  { "dac khu ", "dac khu" },
  { "thi tran ", "thi tran" },
  { "thi xa ", "thi xa" },
  { "phuong ", "phuong" },
  { "huyen ", "huyen" },
  { "tinh ", "tinh" },
  { "quan ", "quan" },
  { "xa ", "xa" },
  { "tp ", "thanh pho" },
  { "tt ", "thi tran" },
  { "tx ", "thi xa" },
  { "p ", "phuong" },
  { "q ", "quan" },
  { "h ", "huyen" },
};

/**
 * mc_admin_unit_key:
 * @name: a unit name as written, e.g. "Thị Trấn Ái Tử", "P.05", "TP. Huế"
 * @kind: (out) (optional) (transfer full): the folded unit type ("xa",
 *   "phuong", "thi tran", "huyen", "quan", "thi xa", "thanh pho", "tinh",
 *   "dac khu"), or "" when @name has none
 *
 * The key two spellings of one unit share: folded (mc_text_fold()), the
 * type word removed, dots, hyphens and apostrophes dropped or made spaces,
 * and leading zeros of numbers removed ("Phường 05" and "P.5" give "5").
 *
 * Returns: (transfer full): the key of the name proper
 */
char *
mc_admin_unit_key (const char  *name,
                   char       **kind)
{
  g_autofree char *folded = NULL;
  g_autoptr(GString) spaced = NULL;
  g_autoptr(GString) key = NULL;
  const char *rest;
  const char *found_kind = "";

  g_return_val_if_fail (name != NULL, NULL);

  folded = mc_text_fold (name);

  /* Dots and dashes separate words ("TP.HCM", "Bà Rịa - Vũng Tàu"); quotes
   * inside names ("H'Drai", "H’Drai") are dropped. */
  spaced = g_string_new (NULL);
  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '.' || c == '-' || c == '_' || c == 0x2013 || c == 0x2014 || g_unichar_isspace (c))
        {
          if (spaced->len > 0 && spaced->str[spaced->len - 1] != ' ')
            g_string_append_c (spaced, ' ');
        }
      else if (c != '\'' && c != 0x2019 && c != 0x2018 && c != '`')
        g_string_append_unichar (spaced, c);
    }
  if (spaced->len > 0 && spaced->str[spaced->len - 1] == ' ')
    g_string_truncate (spaced, spaced->len - 1);
  g_string_append_c (spaced, ' ');

  rest = spaced->str;
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      /* A type word alone ("Phường 5" keeps "5", "Xã" alone is no name). */
      if (g_str_has_prefix (rest, kinds[i].word) && rest[strlen (kinds[i].word)] != '\0')
        {
          rest += strlen (kinds[i].word);
          found_kind = kinds[i].kind;
          break;
        }
    }

  key = g_string_new (NULL);
  for (const char *p = rest; *p != '\0'; p++)
    {
      /* Leading zeros of a number go: at a word start, skip 0 followed by
       * another digit. */
      if (*p == '0' && g_ascii_isdigit (p[1]) && (p == rest || !g_ascii_isdigit (p[-1])))
        {
          while (*p == '0' && g_ascii_isdigit (p[1]))
            p++;
        }
      g_string_append_c (key, *p);
    }
  if (key->len > 0 && key->str[key->len - 1] == ' ')
    g_string_truncate (key, key->len - 1);

  if (kind != NULL)
    *kind = g_strdup (found_kind);

  return g_string_free (g_steal_pointer (&key), FALSE);
}
