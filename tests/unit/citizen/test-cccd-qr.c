/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Chip-card QR text: the clean form, the variants scanners and phones
 * produce, other codes scanned by mistake, and a precise error for each
 * field. */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "domain/citizen/mc-cccd-qr.h"

#define ADDRESS "Thôn 3, Xã Tân Lập, Huyện Đan Phượng, Thành phố Hà Nội"
#define CARD "001099012345|123456789|Nguyễn Văn Ánh|15031999|Nam|" ADDRESS "|10072021"

static McCccdQr *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  McCccdQr *qr = mc_cccd_qr_parse (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (qr);
  return qr;
}

static void
assert_refused (const char *text,
                int         code,
                const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McCccdQr) qr = mc_cccd_qr_parse (text, &error);

  g_assert_null (qr);
  g_assert_error (error, MC_CITIZEN_ERROR, code);
  if (fragment != NULL && strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, fragment);
}

static void
assert_card_fields (const McCccdQr *qr)
{
  g_assert_cmpstr (qr->id_number, ==, "001099012345");
  g_assert_cmpstr (qr->old_id_number, ==, "123456789");
  g_assert_cmpstr (qr->full_name, ==, "Nguyễn Văn Ánh");
  g_assert_cmpuint (qr->birth_date.year, ==, 1999);
  g_assert_cmpuint (qr->birth_date.month, ==, 3);
  g_assert_cmpuint (qr->birth_date.day, ==, 15);
  g_assert_cmpint (qr->sex, ==, MC_SEX_MALE);
  g_assert_cmpstr (qr->address, ==, ADDRESS);
  g_assert_cmpuint (qr->issue_date.year, ==, 2021);
  g_assert_cmpuint (qr->issue_date.month, ==, 7);
  g_assert_cmpuint (qr->issue_date.day, ==, 10);
  g_assert_cmpstr (qr->id_info.province_code, ==, "001");
  g_assert_cmpstr (qr->id_info.province_name, ==, "Hà Nội");
}

/* No format character (Unicode Cf) is left in any field: bidi marks,
 * embeddings and overrides, isolates, zero-width characters, BOMs inside
 * the text, the soft hyphen. Each is spliced into a field of the card. */
static void
test_format_characters_stripped (void)
{
  static const char *const marks[] = {
    "\u200E", "\u200F",                                   /* LRM, RLM */
    "\u202A", "\u202B", "\u202C", "\u202D", "\u202E",   /* embeddings, overrides */
    "\u2066", "\u2067", "\u2068", "\u2069",              /* isolates */
    "\u200B", "\u200C", "\u200D", "\uFEFF",              /* zero width, BOM */
    "\u00AD", "\u061C", "\u2060",                         /* soft hyphen, ALM, word joiner */
  };

  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    {
      const char *m = marks[i];
      g_autofree char *text = g_strdup_printf ("001099%s012345|1234%s56789|%sNguyễn Văn%s Ánh%s|150%s31999|N%sam|"
                                               "Thôn 3,%s Xã Tân Lập, Huyện Đan Phượng, Thành phố Hà Nội%s|1007%s2021",
                                               m, m, m, m, m, m, m, m, m, m);
      g_autoptr(McCccdQr) qr = parse_ok (text);

      assert_card_fields (qr);
      for (const char *p = qr->full_name; *p != '\0'; p = g_utf8_next_char (p))
        g_assert_cmpint (g_unichar_type (g_utf8_get_char (p)), !=, G_UNICODE_FORMAT);
      for (const char *p = qr->address; *p != '\0'; p = g_utf8_next_char (p))
        g_assert_cmpint (g_unichar_type (g_utf8_get_char (p)), !=, G_UNICODE_FORMAT);
    }

  /* A right-to-left override would print the name backwards on a slip. */
  {
    g_autoptr(McCccdQr) qr = parse_ok ("001099012345|123456789|\u202Eh\u1ea2nA n\u0103V n\u1ec5yugN\u202C|15031999|Nam|"
                                       ADDRESS "|10072021");

    g_assert_null (strstr (qr->full_name, "\u202E"));
    g_assert_null (strstr (qr->full_name, "\u202C"));
  }
}

static void
test_canonical (void)
{
  g_autoptr(McCccdQr) qr = parse_ok (CARD);
  g_autoptr(McCccdQr) copy = NULL;
  g_autofree char *iso = NULL;
  g_autofree char *display = NULL;

  assert_card_fields (qr);
  g_assert_cmpuint (g_strv_length (qr->extra_fields), ==, 0);

  iso = mc_card_date_to_iso (&qr->birth_date);
  display = mc_card_date_to_display (&qr->issue_date);
  g_assert_cmpstr (iso, ==, "1999-03-15");
  g_assert_cmpstr (display, ==, "10/07/2021");

  copy = g_boxed_copy (MC_TYPE_CCCD_QR, qr);
  assert_card_fields (copy);
  g_assert_true (copy->full_name != qr->full_name);
}

static void
test_trailing_bar_and_extra_fields (void)
{
  g_autoptr(McCccdQr) trailing = parse_ok (CARD "|");
  g_autoptr(McCccdQr) two_bars = parse_ok (CARD "||");
  g_autoptr(McCccdQr) extra = parse_ok (CARD "|Nguyễn Văn Bình|Trần Thị Cúc|");

  assert_card_fields (trailing);
  g_assert_cmpuint (g_strv_length (trailing->extra_fields), ==, 0);
  g_assert_cmpuint (g_strv_length (two_bars->extra_fields), ==, 0);
  assert_card_fields (extra);
  g_assert_cmpuint (g_strv_length (extra->extra_fields), ==, 2);
  g_assert_cmpstr (extra->extra_fields[0], ==, "Nguyễn Văn Bình");
  g_assert_cmpstr (extra->extra_fields[1], ==, "Trần Thị Cúc");
}

static void
test_bom_whitespace_crlf (void)
{
  g_autoptr(McCccdQr) bom = parse_ok ("\xEF\xBB\xBF" CARD);
  g_autoptr(McCccdQr) crlf = parse_ok ("  " CARD "\r\n");
  g_autoptr(McCccdQr) spaced = parse_ok (" 001099012345 | 123456789 |Nguyễn Văn Ánh | 15031999|Nam |"
                                         ADDRESS " |10072021\r\n");

  assert_card_fields (bom);
  assert_card_fields (crlf);
  assert_card_fields (spaced);
}

static void
test_old_number_variants (void)
{
  g_autoptr(McCccdQr) none = parse_ok ("001099012345||Nguyễn Văn Ánh|15031999|Nam|" ADDRESS "|10072021");
  g_autoptr(McCccdQr) twelve = parse_ok ("001099012345|001099000001|Nguyễn Văn Ánh|15031999|Nam|"
                                         ADDRESS "|10072021");

  g_assert_cmpstr (none->old_id_number, ==, "");
  g_assert_cmpstr (twelve->old_id_number, ==, "001099000001");
  {
    /* The old-number field left out entirely. */
    g_autoptr(McCccdQr) six = parse_ok ("001099012345|Nguyễn Văn Ánh|15031999|Nam|" ADDRESS "|10072021");

    g_assert_cmpstr (six->old_id_number, ==, "");
    g_assert_cmpstr (six->full_name, ==, "Nguyễn Văn Ánh");
    g_assert_cmpstr (six->address, ==, ADDRESS);
  }
  assert_refused ("001099012345|12345678|Nguyễn Văn Ánh|15031999|Nam|" ADDRESS "|10072021",
                  MC_CITIZEN_ERROR_QR_OLD_ID, "Field 2");
  assert_refused ("001099012345|12345678A|Nguyễn Văn Ánh|15031999|Nam|" ADDRESS "|10072021",
                  MC_CITIZEN_ERROR_QR_OLD_ID, "12345678A");
}

static void
test_nfd_becomes_nfc (void)
{
  g_autofree char *nfd = g_utf8_normalize (CARD, -1, G_NORMALIZE_NFD);
  g_autoptr(McCccdQr) qr = NULL;

  g_assert_cmpstr (nfd, !=, CARD);
  qr = parse_ok (nfd);
  assert_card_fields (qr);
}

static void
test_mojibake (void)
{
  /* The UTF-8 bytes read back as Latin-1 (every byte a character). */
  g_autofree char *latin1 = g_convert (CARD, -1, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
  /* … and as Windows-1252, with a text that has no byte it leaves undefined. */
  const char *plain = "079305000001||Trần Thị Mai|01012005|Nữ|Số 5 Lê Lợi, Quận 1, TP. Hồ Chí Minh|02022022";
  g_autofree char *cp1252 = g_convert (plain, -1, "UTF-8", "CP1252", NULL, NULL, NULL);
  g_autoptr(McCccdQr) a = NULL;
  g_autoptr(McCccdQr) b = NULL;

  g_assert_nonnull (latin1);
  g_assert_nonnull (cp1252);
  g_assert_cmpstr (cp1252, !=, plain);

  a = parse_ok (latin1);
  assert_card_fields (a);
  b = parse_ok (cp1252);
  g_assert_cmpstr (b->full_name, ==, "Trần Thị Mai");
  g_assert_cmpint (b->sex, ==, MC_SEX_FEMALE);
}

static void
test_windows_1258 (void)
{
  g_autofree char *bytes = g_convert (CARD, -1, "CP1258", "UTF-8", NULL, NULL, NULL);
  g_autoptr(McCccdQr) qr = NULL;

  g_assert_nonnull (bytes);
  g_assert_false (g_utf8_validate (bytes, -1, NULL));
  qr = parse_ok (bytes);
  assert_card_fields (qr);
}

static void
test_dates (void)
{
  g_autoptr(McCccdQr) slashes = parse_ok ("001099012345|123456789|Nguyễn Văn Ánh|15/03/1999|Nam|"
                                          ADDRESS "|10.07.2021");
  g_autoptr(McCccdQr) year_only = parse_ok ("001050012345||Lò Văn Páo|00001950|Nam|" ADDRESS "|10072021");
  g_autofree char *iso = mc_card_date_to_iso (&year_only->birth_date);

  assert_card_fields (slashes);
  g_assert_cmpstr (iso, ==, "1950");

  assert_refused ("001099012345|123456789|Nguyễn Văn Ánh|29021999|Nam|" ADDRESS "|10072021",
                  MC_CITIZEN_ERROR_QR_BIRTH_DATE, "Field 4");
  assert_refused ("001099012345|123456789|Nguyễn Văn Ánh|1999-03-15|Nam|" ADDRESS "|10072021",
                  MC_CITIZEN_ERROR_QR_BIRTH_DATE, "1999-03-15");
  assert_refused ("001099012345|123456789|Nguyễn Văn Ánh|15031999|Nam|" ADDRESS "|32072021",
                  MC_CITIZEN_ERROR_QR_ISSUE_DATE, "Field 7");
  assert_refused ("001099012345|123456789|Nguyễn Văn Ánh|15031999|Nam|" ADDRESS "|00002021",
                  MC_CITIZEN_ERROR_QR_ISSUE_DATE, "Field 7");
  assert_refused ("001099012345|123456789|Nguyễn Văn Ánh|15031999|Nam|" ADDRESS "|10011998",
                  MC_CITIZEN_ERROR_QR_ISSUE_DATE, "before the date of birth");
  assert_refused ("001099012345|123456789|Nguyễn Văn Ánh|15031999|Nam|" ADDRESS "|10079999",
                  MC_CITIZEN_ERROR_QR_ISSUE_DATE, "future");
  assert_refused ("001099012345|123456789|Nguyễn Văn Ánh|15039999|Nam|" ADDRESS "|10072021",
                  MC_CITIZEN_ERROR_QR_BIRTH_DATE, "future");
}

static void
test_field_errors (void)
{
  assert_refused ("00109901234|123456789|Nguyễn Văn Ánh|15031999|Nam|" ADDRESS "|10072021",
                  MC_CITIZEN_ERROR_QR_ID, "Field 1");
  assert_refused ("|123456789|Nguyễn Văn Ánh|15031999|Nam|" ADDRESS "|10072021",
                  MC_CITIZEN_ERROR_QR_ID, "Field 1");
  /* 003 is no province: perhaps a country (born abroad), a warning only. */
  {
    g_autoptr(GError) error = NULL;
    McCccdQr *qr = mc_cccd_qr_parse ("003099012345|123456789|Nguyễn Văn Ánh|15031999|Nam|" ADDRESS "|10072021",
                                     &error);

    g_assert_no_error (error);
    g_assert_nonnull (qr);
    g_assert_true (qr->id_info.place_unlisted);
    g_assert_nonnull (strstr (qr->id_info.warning, "003"));
    mc_cccd_qr_free (qr);
  }
  assert_refused ("001099012345|123456789|Nguyễn Văn 4nh|15031999|Nam|" ADDRESS "|10072021",
                  MC_CITIZEN_ERROR_QR_NAME, "Field 3");
  assert_refused ("001099012345|123456789||15031999|Nam|" ADDRESS "|10072021",
                  MC_CITIZEN_ERROR_QR_NAME, "Field 3");
  assert_refused ("001099012345|123456789|Nguyễn Văn Ánh|15031999|Male|" ADDRESS "|10072021",
                  MC_CITIZEN_ERROR_QR_SEX, "Field 5");
  assert_refused ("001099012345|123456789|Nguyễn Văn Ánh|15031999|Nam||10072021",
                  MC_CITIZEN_ERROR_QR_ADDRESS, "Field 6");
  assert_refused ("001099012345|123456789|Nguyễn Văn Ánh|15031999|Nam|Thôn 3\x01, Hà Nội|10072021",
                  MC_CITIZEN_ERROR_QR_ADDRESS, "Field 6");
}

static void
test_sex_without_diacritics (void)
{
  g_autoptr(McCccdQr) qr = parse_ok ("001199012345||Nguyễn Thị Hoa|15031999|NU|" ADDRESS "|10072021");

  g_assert_cmpint (qr->sex, ==, MC_SEX_FEMALE);
}

static void
test_field_count (void)
{
  assert_refused ("001099012345|123456789|Nguyễn Văn Ánh|15031999|Nam|" ADDRESS,
                  MC_CITIZEN_ERROR_QR_FIELD_COUNT, "6 fields");
  assert_refused ("001099012345|Nguyễn Văn Ánh", MC_CITIZEN_ERROR_QR_FIELD_COUNT, "2 fields");
}

static void
test_id_against_card (void)
{
  /* Born 2001 with a 1900s digit. */
  assert_refused ("001099012345|123456789|Nguyễn Văn Ánh|15032001|Nam|" ADDRESS "|10072021",
                  MC_CITIZEN_ERROR_ID_CENTURY, "1900–1999");
  /* Nữ with a male digit. */
  assert_refused ("001099012345|123456789|Nguyễn Thị Ánh|15031999|Nữ|" ADDRESS "|10072021",
                  MC_CITIZEN_ERROR_ID_SEX, "female");
  /* Born 1998, digits say 99. */
  assert_refused ("001099012345|123456789|Nguyễn Văn Ánh|15031998|Nam|" ADDRESS "|10072021",
                  MC_CITIZEN_ERROR_ID_YEAR, "1998");
}

static void
test_foreign_codes (void)
{
  assert_refused ("https://dichvucong.gov.vn/p/home/dvc-trang-chu.html", MC_CITIZEN_ERROR_QR_FOREIGN,
                  "web address");
  assert_refused ("HTTP://EXAMPLE.COM", MC_CITIZEN_ERROR_QR_FOREIGN, "web address");
  assert_refused ("www.example.com|a|b|c|d|e|f", MC_CITIZEN_ERROR_QR_FOREIGN, "web address");
  /* A VietQR (EMVCo, NAPAS AID A000000727) bank transfer. */
  assert_refused ("00020101021138570010A00000072701270006970436011300110123456780208QRIBFTTA"
                  "53037045405500005802VN62130809Hoc phi 16304C2B8",
                  MC_CITIZEN_ERROR_QR_FOREIGN, "VietQR");
  assert_refused ("000201010211262800100000000000", MC_CITIZEN_ERROR_QR_FOREIGN, "payment code");
  assert_refused ("BEGIN:VCARD\nVERSION:3.0\nFN:Nguyen Van A\nEND:VCARD", MC_CITIZEN_ERROR_QR_FOREIGN,
                  "contact card");
  assert_refused ("WIFI:S:UBND;T:WPA;P:secret;;", MC_CITIZEN_ERROR_QR_FOREIGN, "Wi-Fi");
  /* A health-insurance card: its number, the name in hex, … */
  assert_refused ("GD4797935095866|4e677579e1bb856e2056c4836e2041|01/01/1999|1|"
                  "54686f6e2033|01 - 123|01/01/2024|-|", MC_CITIZEN_ERROR_QR_FOREIGN, "health insurance");
}

static void
test_not_a_card (void)
{
  assert_refused ("hello world", MC_CITIZEN_ERROR_QR_NOT_CARD, "|");
  assert_refused ("001099012345", MC_CITIZEN_ERROR_QR_NOT_CARD, NULL);
  assert_refused ("", MC_CITIZEN_ERROR_QR_EMPTY, NULL);
  assert_refused (" \r\n\t", MC_CITIZEN_ERROR_QR_EMPTY, NULL);
  assert_refused ("\xEF\xBB\xBF", MC_CITIZEN_ERROR_QR_EMPTY, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data = g_build_filename (g_getenv ("MOTCUA_SOURCE_DIR"), "data", NULL);

  g_setenv ("MOTCUA_DATA_DIR", data, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cccd-qr/canonical", test_canonical);
  g_test_add_func ("/cccd-qr/format-characters-stripped", test_format_characters_stripped);
  g_test_add_func ("/cccd-qr/trailing-bar-and-extra-fields", test_trailing_bar_and_extra_fields);
  g_test_add_func ("/cccd-qr/bom-whitespace-crlf", test_bom_whitespace_crlf);
  g_test_add_func ("/cccd-qr/old-number-variants", test_old_number_variants);
  g_test_add_func ("/cccd-qr/nfd-becomes-nfc", test_nfd_becomes_nfc);
  g_test_add_func ("/cccd-qr/mojibake", test_mojibake);
  g_test_add_func ("/cccd-qr/windows-1258", test_windows_1258);
  g_test_add_func ("/cccd-qr/dates", test_dates);
  g_test_add_func ("/cccd-qr/field-errors", test_field_errors);
  g_test_add_func ("/cccd-qr/sex-without-diacritics", test_sex_without_diacritics);
  g_test_add_func ("/cccd-qr/field-count", test_field_count);
  g_test_add_func ("/cccd-qr/id-against-card", test_id_against_card);
  g_test_add_func ("/cccd-qr/foreign-codes", test_foreign_codes);
  g_test_add_func ("/cccd-qr/not-a-card", test_not_a_card);

  return g_test_run ();
}
