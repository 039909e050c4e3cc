/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Personal ID numbers: every reason a number is refused, what a valid one
 * says, and the province code list against its data file. */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "domain/citizen/mc-personal-id.h"

static void
assert_refused (const char *id,
                int         birth_year,
                McSex       sex,
                int         code,
                const char *fragment)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (mc_personal_id_validate (id, birth_year, sex, NULL, &error));
  g_assert_error (error, MC_CITIZEN_ERROR, code);
  if (fragment != NULL && strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, fragment);
}

static void
test_valid (void)
{
  g_autoptr(GError) error = NULL;
  McPersonalIdInfo info;

  /* 001 Hà Nội, 0 = male born 1900–1999, 99 = 1999. */
  g_assert_true (mc_personal_id_validate ("001099012345", 1999, MC_SEX_MALE, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (info.province_code, ==, "001");
  g_assert_cmpstr (info.province_name, ==, "Hà Nội");
  g_assert_cmpint (info.sex, ==, MC_SEX_MALE);
  g_assert_cmpint (info.century, ==, 1900);
  g_assert_cmpint (info.year_suffix, ==, 99);

  /* 079 Hồ Chí Minh, 3 = female born 2000–2099, 05. */
  g_assert_true (mc_personal_id_validate ("079305000001", 2005, MC_SEX_FEMALE, &info, &error));
  g_assert_cmpstr (info.province_name, ==, "Hồ Chí Minh");
  g_assert_cmpint (info.sex, ==, MC_SEX_FEMALE);
  g_assert_cmpint (info.century, ==, 2000);
  g_assert_cmpint (info.year_suffix, ==, 5);

  /* Nothing to check against: only the shape and the province. */
  g_assert_true (mc_personal_id_validate ("096100000000", 0, MC_SEX_UNKNOWN, &info, &error));
  g_assert_cmpstr (info.province_name, ==, "Cà Mau");
  g_assert_cmpint (info.century, ==, 1900);
  g_assert_cmpint (info.sex, ==, MC_SEX_FEMALE);

  /* A province merged in 2025 keeps its code: 002 Hà Giang. */
  g_assert_true (mc_personal_id_validate ("002180000000", 1980, MC_SEX_FEMALE, &info, &error));
  g_assert_cmpstr (info.province_name, ==, "Hà Giang");
}

static void
test_century_digits (void)
{
  /* Thông tư 07/2016/TT-BCA, Điều 7: pairs of digits per century from 1900. */
  static const struct { char digit; int century; McSex sex; } table[] = {
    { '0', 1900, MC_SEX_MALE }, { '1', 1900, MC_SEX_FEMALE },
    { '2', 2000, MC_SEX_MALE }, { '3', 2000, MC_SEX_FEMALE },
    { '4', 2100, MC_SEX_MALE }, { '5', 2100, MC_SEX_FEMALE },
    { '6', 2200, MC_SEX_MALE }, { '7', 2200, MC_SEX_FEMALE },
    { '8', 2300, MC_SEX_MALE }, { '9', 2300, MC_SEX_FEMALE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      char id[] = "0010X0123456";
      McPersonalIdInfo info;
      g_autoptr(GError) error = NULL;

      id[3] = table[i].digit;
      id[4] = '4';
      id[5] = '2';
      g_assert_true (mc_personal_id_validate (id, table[i].century + 42, table[i].sex, &info, &error));
      g_assert_no_error (error);
      g_assert_cmpint (info.century, ==, table[i].century);
      g_assert_cmpint (info.sex, ==, table[i].sex);
    }
}

static void
test_length (void)
{
  assert_refused ("00109901234", 0, MC_SEX_UNKNOWN, MC_CITIZEN_ERROR_ID_LENGTH, "11 characters");
  assert_refused ("0010990123456", 0, MC_SEX_UNKNOWN, MC_CITIZEN_ERROR_ID_LENGTH, "13 characters");
  assert_refused ("", 0, MC_SEX_UNKNOWN, MC_CITIZEN_ERROR_ID_LENGTH, "0 characters");
  /* Characters, not bytes: 11 digits and a full-width digit is 12
   * characters, so it fails as "not digits". */
  assert_refused ("00109901234\xEF\xBC\x95", 0, MC_SEX_UNKNOWN, MC_CITIZEN_ERROR_ID_NOT_DIGITS, "５");
}

static void
test_not_digits (void)
{
  assert_refused ("00109901234x", 0, MC_SEX_UNKNOWN, MC_CITIZEN_ERROR_ID_NOT_DIGITS, "“x”");
  assert_refused ("001 99012345", 0, MC_SEX_UNKNOWN, MC_CITIZEN_ERROR_ID_NOT_DIGITS, NULL);
  assert_refused ("0010990123\xFF\xFE", 0, MC_SEX_UNKNOWN, MC_CITIZEN_ERROR_ID_NOT_DIGITS, NULL);
}

/* A number whose first digits are no province code may be a citizen born
 * abroad (the country's code, Decree 137/2015 art. 13): accepted, with a
 * warning that gives the reason; the other digits are still checked. */
static void
assert_unlisted (const char *id,
                 const char *code)
{
  McPersonalIdInfo info;
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_personal_id_validate (id, 1999, MC_SEX_MALE, &info, &error));
  g_assert_no_error (error);
  g_assert_true (info.place_unlisted);
  g_assert_cmpstr (info.province_code, ==, code);
  g_assert_nonnull (info.province_name);
  g_assert_nonnull (strstr (info.province_name, code));
  g_assert_nonnull (info.warning);
  g_assert_nonnull (strstr (info.warning, code));
  g_assert_nonnull (strstr (info.warning, "137/2015"));
  g_assert_cmpint (info.sex, ==, MC_SEX_MALE);
  g_assert_cmpint (info.century, ==, 1900);
  g_assert_cmpint (info.year_suffix, ==, 99);
}

static void
test_unknown_province (void)
{
  McPersonalIdInfo info;

  /* 003, 005, 097 and 100 are not in the table; 000 neither. */
  assert_unlisted ("003099012345", "003");
  assert_unlisted ("005099012345", "005");
  assert_unlisted ("097099012345", "097");
  assert_unlisted ("100099012345", "100");
  assert_unlisted ("000099012345", "000");
  /* The rest of the number is still checked. */
  assert_refused ("100099012345", 2001, MC_SEX_MALE, MC_CITIZEN_ERROR_ID_CENTURY, "1900–1999");
  assert_refused ("100199012345", 1999, MC_SEX_MALE, MC_CITIZEN_ERROR_ID_SEX, NULL);
  assert_refused ("100098012345", 1999, MC_SEX_MALE, MC_CITIZEN_ERROR_ID_YEAR, "98");
  /* A province code carries no warning. */
  g_assert_true (mc_personal_id_validate ("001099012345", 1999, MC_SEX_MALE, &info, NULL));
  g_assert_false (info.place_unlisted);
  g_assert_null (info.warning);
}

static void
test_century_mismatch (void)
{
  /* Digit 2 is 2000–2099; born 1999. */
  assert_refused ("001299012345", 1999, MC_SEX_MALE, MC_CITIZEN_ERROR_ID_CENTURY, "2000–2099");
  /* Digit 0 is 1900–1999; born 2000. */
  assert_refused ("001000012345", 2000, MC_SEX_MALE, MC_CITIZEN_ERROR_ID_CENTURY, "2000");
  /* Digit 8 is 2300–2399 under the circular, not the 1800s. */
  assert_refused ("001899012345", 1899, MC_SEX_MALE, MC_CITIZEN_ERROR_ID_CENTURY, "2300–2399");
}

static void
test_sex_mismatch (void)
{
  assert_refused ("001099012345", 1999, MC_SEX_FEMALE, MC_CITIZEN_ERROR_ID_SEX, "female");
  assert_refused ("001399012345", 2099, MC_SEX_MALE, MC_CITIZEN_ERROR_ID_SEX, "male");
  /* Without a birth year, the sex is still checked. */
  assert_refused ("001199012345", 0, MC_SEX_MALE, MC_CITIZEN_ERROR_ID_SEX, NULL);
}

static void
test_year_mismatch (void)
{
  assert_refused ("001098012345", 1999, MC_SEX_MALE, MC_CITIZEN_ERROR_ID_YEAR, "1999 (99)");
  assert_refused ("001200012345", 2001, MC_SEX_UNKNOWN, MC_CITIZEN_ERROR_ID_YEAR, "(00)");
}

static void
test_sex_strings (void)
{
  g_assert_cmpint (mc_sex_from_string ("Nam"), ==, MC_SEX_MALE);
  g_assert_cmpint (mc_sex_from_string ("NAM"), ==, MC_SEX_MALE);
  g_assert_cmpint (mc_sex_from_string ("Nữ"), ==, MC_SEX_FEMALE);
  g_assert_cmpint (mc_sex_from_string ("NỮ"), ==, MC_SEX_FEMALE);
  g_assert_cmpint (mc_sex_from_string ("Nu"), ==, MC_SEX_FEMALE);
  g_assert_cmpint (mc_sex_from_string ("Male"), ==, MC_SEX_UNKNOWN);
  g_assert_cmpint (mc_sex_from_string (""), ==, MC_SEX_UNKNOWN);
  g_assert_cmpstr (mc_sex_to_card_string (MC_SEX_FEMALE), ==, "Nữ");
  g_assert_cmpstr (mc_sex_to_card_string (MC_SEX_MALE), ==, "Nam");
}

/* Every code of the data file is accepted with its name, and no other
 * three digits are. */
static void
test_province_table (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("MOTCUA_DATA_DIR"), "citizen",
                                            "birth-registration-provinces.tsv", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "code\tname");
  for (guint i = 1; lines[i] != NULL && *lines[i] != '\0'; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], "\t", 2);

      g_hash_table_insert (codes, g_strdup (f[0]), g_strdup (f[1]));
    }
  g_assert_cmpuint (g_hash_table_size (codes), ==, 63);
  g_assert_cmpstr (g_hash_table_lookup (codes, "046"), ==, "Thừa Thiên Huế");
  g_assert_cmpstr (g_hash_table_lookup (codes, "077"), ==, "Bà Rịa - Vũng Tàu");

  for (int n = 0; n < 1000; n++)
    {
      g_autofree char *code = g_strdup_printf ("%03d", n);
      g_autofree char *id = g_strdup_printf ("%s099012345", code);
      const char *expected = g_hash_table_lookup (codes, code);
      McPersonalIdInfo info;
      g_autoptr(GError) local_error = NULL;
      gboolean ok = mc_personal_id_validate (id, 1999, MC_SEX_MALE, &info, &local_error);

      if (expected != NULL)
        {
          g_assert_no_error (local_error);
          g_assert_true (ok);
          g_assert_cmpstr (info.province_name, ==, expected);
        }
      else
        {
          g_assert_no_error (local_error);
          g_assert_true (ok);
          g_assert_true (info.place_unlisted);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data = g_build_filename (g_getenv ("MOTCUA_SOURCE_DIR"), "data", NULL);

  g_setenv ("MOTCUA_DATA_DIR", data, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/personal-id/valid", test_valid);
  g_test_add_func ("/personal-id/century-digits", test_century_digits);
  g_test_add_func ("/personal-id/length", test_length);
  g_test_add_func ("/personal-id/not-digits", test_not_digits);
  g_test_add_func ("/personal-id/unknown-province", test_unknown_province);
  g_test_add_func ("/personal-id/century-mismatch", test_century_mismatch);
  g_test_add_func ("/personal-id/sex-mismatch", test_sex_mismatch);
  g_test_add_func ("/personal-id/year-mismatch", test_year_mismatch);
  g_test_add_func ("/personal-id/sex-strings", test_sex_strings);
  g_test_add_func ("/personal-id/province-table", test_province_table);

  return g_test_run ();
}
