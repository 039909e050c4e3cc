/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Checking a personal ID number. There is no check digit, so all we can do
 * is check the shape, the province code and the agreement of the sex and
 * century digit and the year digits with the date of birth and sex we were
 * given; each failure gets its own error code and a sentence that says which
 * digits to look at. The province codes come from a data file
 * (data/citizen/birth-registration-provinces.tsv, Thông tư 07/2016/TT-BCA)
 * loaded once. First digits that are no province code are a warning, not a
 * refusal: Nghị định 137/2015, Điều 13 lets them be the code of the country
 * where a citizen born abroad registered the birth, and no published list
 * of those codes has been found yet (data/citizen/README.md). */
#define G_LOG_DOMAIN "motcua-citizen"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-core.h"
#include "mc-personal-id.h"
#include "domain/mc-text-fold.h"

#define PROVINCES_FILE "birth-registration-provinces.tsv"

G_LOCK_DEFINE_STATIC (provinces);
static GHashTable *provinces; /* code → interned name */

/**
 * mc_sex_from_string:
 * @text: the sex as a card writes it: "Nam" or "Nữ" (any case, with or
 *   without diacritics)
 *
 * Returns: the sex, or %MC_SEX_UNKNOWN when @text is neither
 */
McSex
mc_sex_from_string (const char *text)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (text != NULL, MC_SEX_UNKNOWN);

  key = mc_text_fold (text);
  if (g_str_equal (key, "nam"))
    return MC_SEX_MALE;
  if (g_str_equal (key, "nu"))
    return MC_SEX_FEMALE;

  return MC_SEX_UNKNOWN;
}

/**
 * mc_sex_to_card_string:
 * @sex: a sex
 *
 * Returns: "Nam" or "Nữ" as printed on a card (data, not translated), or
 *   "" for %MC_SEX_UNKNOWN
 */
const char *
mc_sex_to_card_string (McSex sex)
{
  switch (sex)
    {
    case MC_SEX_MALE: return "Nam";
    case MC_SEX_FEMALE: return "Nữ";
    case MC_SEX_UNKNOWN:
    default: return "";
    }
}

/**
 * mc_sex_label:
 * @sex: a sex
 *
 * Returns: the translated word for @sex, for sentences ("male", "female")
 */
const char *
mc_sex_label (McSex sex)
{
  switch (sex)
    {
    case MC_SEX_MALE: return _("male");
    case MC_SEX_FEMALE: return _("female");
    case MC_SEX_UNKNOWN:
    default: return _("unknown sex");
    }
}

static GHashTable *
load_provinces (GError **error)
{
  g_autofree char *path = g_build_filename (mc_core_get_data_dir (), "citizen", PROVINCES_FILE, NULL);
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GHashTable) table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &contents, NULL, &local_error))
    {
      g_set_error (error, MC_CITIZEN_ERROR, MC_CITIZEN_ERROR_DATA_UNREADABLE,
                   _("Cannot read the province codes of personal ID numbers (%s): %s. "
                     "Reinstall the program or set MOTCUA_DATA_DIR."),
                   display, local_error->message);
      return NULL;
    }

  if (!g_utf8_validate (contents, -1, NULL))
    {
      g_set_error (error, MC_CITIZEN_ERROR, MC_CITIZEN_ERROR_DATA_MALFORMED,
                   _("%s is not UTF-8 text. Reinstall the program."), display);
      return NULL;
    }

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      char *line = g_strchomp (lines[i]);
      g_auto(GStrv) fields = NULL;

      if (*line == '\0')
        continue;

      fields = g_strsplit (line, "\t", -1);
      if (g_strv_length (fields) != 2 || strlen (fields[0]) != 3 ||
          strspn (fields[0], "0123456789") != 3 || *fields[1] == '\0')
        {
          g_set_error (error, MC_CITIZEN_ERROR, MC_CITIZEN_ERROR_DATA_MALFORMED,
                       _("%s, line %u: expected a three-digit code and a name separated by a tab. "
                         "Reinstall the program."),
                       display, i + 1);
          return NULL;
        }

      g_hash_table_insert (table, g_strdup (fields[0]), (gpointer) g_intern_string (fields[1]));
    }

  return g_steal_pointer (&table);
}

/**
 * mc_personal_id_province_name:
 * @code: the first three digits of a personal ID number
 * @error: where to put a failure to read the code list
 *
 * Looks @code up in the codes of Thông tư 07/2016/TT-BCA (loaded once from
 * the data folder).
 *
 * Returns: (transfer none) (nullable): the province name, or %NULL with
 *   @error unset when @code is no province code, or %NULL with @error set
 *   when the code list cannot be read
 */
const char *
mc_personal_id_province_name (const char  *code,
                              GError     **error)
{
  const char *name;

  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  G_LOCK (provinces);
  if (provinces == NULL)
    provinces = load_provinces (error);
  name = provinces != NULL ? g_hash_table_lookup (provinces, code) : NULL;
  G_UNLOCK (provinces);

  return name;
}

/**
 * mc_personal_id_validate:
 * @id: the number as typed or scanned
 * @birth_year: the year of birth to check against, or 0 not to check it
 * @sex: the sex to check against, or %MC_SEX_UNKNOWN not to check it
 * @info: (out caller-allocates) (optional): what the number says, when valid
 * @error: where to put the reason it is not valid
 *
 * Checks @id in this order: 12 characters, all digits, the century (when
 * @birth_year is given), the sex (when @sex is given), and the year digits
 * (when @birth_year is given). The first
 * failure sets @error with its own #McCitizenError code. First digits that
 * are no province code do not fail: @info says so (place_unlisted, warning).
 *
 * Returns: %TRUE when @id is a valid number consistent with what was given
 */
gboolean
mc_personal_id_validate (const char        *id,
                         int                birth_year,
                         McSex              sex,
                         McPersonalIdInfo  *info,
                         GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  char province_code[4];
  const char *province_name;
  const char *unlisted_warning = NULL;
  int digit;
  McSex id_sex;
  int century;
  int suffix;

  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (birth_year >= 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_utf8_validate (id, -1, NULL))
    {
      g_set_error_literal (error, MC_CITIZEN_ERROR, MC_CITIZEN_ERROR_ID_NOT_DIGITS,
                           _("The personal ID number contains bytes that are not text. "
                             "Type the 12 digits printed on the card."));
      return FALSE;
    }

  if (g_utf8_strlen (id, -1) != MC_PERSONAL_ID_LENGTH)
    {
      glong n = g_utf8_strlen (id, -1);

      g_set_error (error, MC_CITIZEN_ERROR, MC_CITIZEN_ERROR_ID_LENGTH,
                   ngettext ("The personal ID number has %ld character; it must have exactly 12 digits. "
                             "Check the number on the card.",
                             "The personal ID number has %ld characters; it must have exactly 12 digits. "
                             "Check the number on the card.", (gulong) n),
                   n);
      return FALSE;
    }

  for (const char *p = id; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (!g_ascii_isdigit (*p))
        {
          char bad[8] = { 0 };

          g_unichar_to_utf8 (g_utf8_get_char (p), bad);
          g_set_error (error, MC_CITIZEN_ERROR, MC_CITIZEN_ERROR_ID_NOT_DIGITS,
                       _("The personal ID number may only contain the digits 0–9, but it contains “%s”. "
                         "Check the number on the card."),
                       bad);
          return FALSE;
        }
    }

  memcpy (province_code, id, 3);
  province_code[3] = '\0';
  province_name = mc_personal_id_province_name (province_code, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (province_name == NULL)
    {
      g_autofree char *place = NULL;
      g_autofree char *warning = NULL;

      /* TRANSLATORS: completes “Birth registered in %s.”; %s is three digits */
      place = g_strdup_printf (_("a place that is no province (code %s), perhaps a country abroad"),
                               province_code);
      warning = g_strdup_printf (_("The personal ID number starts with %s, which is not the code of any "
                                   "province where births are registered (001 Hà Nội … 096 Cà Mau). "
                                   "For a citizen born abroad these digits are the code of the country "
                                   "where the birth was registered (Decree 137/2015, art. 13), which "
                                   "this program cannot check. Make sure the number is the one printed "
                                   "on the card."),
                                 province_code);
      province_name = g_intern_string (place);
      unlisted_warning = g_intern_string (warning);
    }

  /* Thông tư 07/2016/TT-BCA, Điều 7: even digits male, odd female; each pair
   * is one century starting at 1900. */
  digit = id[3] - '0';
  id_sex = digit % 2 == 0 ? MC_SEX_MALE : MC_SEX_FEMALE;
  century = 1900 + 100 * (digit / 2);
  suffix = (id[4] - '0') * 10 + (id[5] - '0');

  if (birth_year > 0 && (birth_year < century || birth_year > century + 99))
    {
      g_set_error (error, MC_CITIZEN_ERROR, MC_CITIZEN_ERROR_ID_CENTURY,
                   _("The fourth digit (%d) is for people born in %d–%d, but the date of birth is in %d. "
                     "Check the number and the date of birth."),
                   digit, century, century + 99, birth_year);
      return FALSE;
    }

  if (sex != MC_SEX_UNKNOWN && sex != id_sex)
    {
      /* TRANSLATORS: the last two %s are “male” or “female” */
      g_set_error (error, MC_CITIZEN_ERROR, MC_CITIZEN_ERROR_ID_SEX,
                   _("The fourth digit (%d) is for a %s, but the person is recorded as %s. "
                     "Check the number and the sex."),
                   digit, mc_sex_label (id_sex), mc_sex_label (sex));
      return FALSE;
    }

  if (birth_year > 0 && birth_year % 100 != suffix)
    {
      g_set_error (error, MC_CITIZEN_ERROR, MC_CITIZEN_ERROR_ID_YEAR,
                   _("Digits 5–6 (%02d) must be the last two digits of the birth year %d (%02d). "
                     "Check the number and the date of birth."),
                   suffix, birth_year, birth_year % 100);
      return FALSE;
    }

  if (info != NULL)
    {
      memcpy (info->province_code, province_code, sizeof province_code);
      info->province_name = province_name;
      info->sex = id_sex;
      info->century = century;
      info->year_suffix = suffix;
      info->place_unlisted = unlisted_warning != NULL;
      info->warning = unlisted_warning;
    }

  return TRUE;
}
