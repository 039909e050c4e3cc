/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading the text of a chip-card QR code. What reaches us is not always the
 * clean seven fields: USB scanners in keyboard mode add CR/LF, some apps add
 * a byte order mark or a trailing `|`, newer cards append fields, macOS and
 * some phones hand over NFD text, a scanner set to a Western code page turns
 * UTF-8 into "Nguyá»…n", and people scan the wrong code altogether (a bank's
 * VietQR, a web address, a health-insurance card). We repair what can be
 * repaired without guessing, and otherwise say which field is wrong. */
#define G_LOG_DOMAIN "motcua-citizen"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "mc-cccd-qr.h"
#include "domain/mc-state.h"

#define N_CARD_FIELDS 7

G_DEFINE_BOXED_TYPE (McCccdQr, mc_cccd_qr, mc_cccd_qr_copy, mc_cccd_qr_free)

/**
 * mc_cccd_qr_free:
 * @qr: (nullable): parsed fields
 */
void
mc_cccd_qr_free (McCccdQr *qr)
{
  if (qr == NULL)
    return;

  g_free (qr->id_number);
  g_free (qr->old_id_number);
  g_free (qr->full_name);
  g_free (qr->address);
  g_strfreev (qr->extra_fields);
  g_free (qr);
}

/**
 * mc_cccd_qr_copy:
 * @qr: parsed fields
 *
 * Returns: (transfer full): a deep copy of @qr
 */
McCccdQr *
mc_cccd_qr_copy (const McCccdQr *qr)
{
  McCccdQr *copy;

  g_return_val_if_fail (qr != NULL, NULL);

  copy = g_memdup2 (qr, sizeof *qr);
  copy->id_number = g_strdup (qr->id_number);
  copy->old_id_number = g_strdup (qr->old_id_number);
  copy->full_name = g_strdup (qr->full_name);
  copy->address = g_strdup (qr->address);
  copy->extra_fields = g_strdupv (qr->extra_fields);

  return copy;
}

/**
 * mc_card_date_to_iso:
 * @date: a card date
 *
 * Returns: (transfer full): "YYYY-MM-DD", or "YYYY-MM" / "YYYY" for a date
 *   with no day / no month
 */
char *
mc_card_date_to_iso (const McCardDate *date)
{
  g_return_val_if_fail (date != NULL, NULL);

  if (date->month == 0)
    return g_strdup_printf ("%04u", date->year);
  if (date->day == 0)
    return g_strdup_printf ("%04u-%02u", date->year, date->month);
  return g_strdup_printf ("%04u-%02u-%02u", date->year, date->month, date->day);
}

/**
 * mc_card_date_to_display:
 * @date: a card date
 *
 * Returns: (transfer full): the date as Vietnamese documents write it,
 *   "DD/MM/YYYY" (or "MM/YYYY", "YYYY")
 */
char *
mc_card_date_to_display (const McCardDate *date)
{
  g_return_val_if_fail (date != NULL, NULL);

  if (date->month == 0)
    return g_strdup_printf ("%04u", date->year);
  if (date->day == 0)
    return g_strdup_printf ("%02u/%04u", date->month, date->year);
  return g_strdup_printf ("%02u/%02u/%04u", date->day, date->month, date->year);
}

/* Windows-1252 bytes 0x80–0x9F as Unicode (0 = undefined, which decoders
 * pass through as the C1 control of the same number). */
static const gunichar cp1252_high[32] = {
  0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
  0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

/* UTF-8 that went through a Latin-1 or Windows-1252 decoder: map each
 * character back to its byte; if every character maps and the bytes are
 * valid UTF-8 with something beyond ASCII, that was the real text. Genuine
 * Vietnamese never passes (ễ, ộ, ữ… have no byte), so this cannot damage a
 * clean code. */
static char *
undo_mojibake (const char *text)
{
  g_autoptr(GString) bytes = g_string_new (NULL);
  gboolean high = FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      int b = -1;

      if (c < 0x100)
        b = (int) c;
      else
        for (int i = 0; i < 32; i++)
          if (cp1252_high[i] == c)
            b = 0x80 + i;

      if (b < 0)
        return NULL;
      if (b >= 0x80)
        high = TRUE;
      g_string_append_c (bytes, (char) b);
    }

  if (!high || !g_utf8_validate (bytes->str, bytes->len, NULL))
    return NULL;

  return g_string_free (g_steal_pointer (&bytes), FALSE);
}

/* NFC, without any format character (Unicode Cf: bidi marks and embeddings
 * U+200E/F, U+202A–E, isolates U+2066–9, zero-width U+200B–D, U+FEFF, the
 * soft hyphen …). No Vietnamese name or address needs one, and a slip must
 * print what the officer read: a right-to-left override in a name would
 * show it reversed, a zero-width space would make two equal names differ. */
static char *
strip_format_characters (const char *text)
{
  g_autofree char *nfc = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
  GString *out;

  if (nfc == NULL)
    return NULL;
  out = g_string_sized_new (strlen (nfc));
  for (const char *p = nfc; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_type (c) != G_UNICODE_FORMAT)
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

/* Bytes → clean NFC text without BOM, format characters or surrounding
 * white space. */
static char *
clean_text (const char  *text,
            GError     **error)
{
  g_autofree char *utf8 = NULL;
  g_autofree char *repaired = NULL;
  char *start;

  if (g_utf8_validate (text, -1, NULL))
    utf8 = g_strdup (text);
  else
    {
      /* Not UTF-8: the only other encoding Vietnamese software produced in
       * numbers is Windows-1258. */
      utf8 = g_convert (text, -1, "UTF-8", "CP1258", NULL, NULL, NULL);
      if (utf8 == NULL)
        {
          g_set_error_literal (error, MC_CITIZEN_ERROR, MC_CITIZEN_ERROR_QR_NOT_CARD,
                               _("The scanned data is not text. Scan the QR code printed on the identity card."));
          return NULL;
        }
    }

  start = utf8;
  for (;;)
    {
      while (g_ascii_isspace (*start))
        start++;
      if (g_str_has_prefix (start, "\xEF\xBB\xBF"))
        start += 3;
      else
        break;
    }
  g_strchomp (start);

  repaired = undo_mojibake (start);
  if (repaired != NULL)
    g_debug ("Repaired QR text decoded with a Western code page");

  return strip_format_characters (repaired != NULL ? repaired : start);
}

/* What else people scan by mistake, recognised so the message can say so. */
static const char *
describe_foreign (const char *text)
{
  const char *p = text;
  const char *bar;
  gsize first_len;

  while (g_ascii_isalpha (*p) || g_ascii_isdigit (*p) || *p == '+' || *p == '-' || *p == '.')
    p++;
  if (p > text && g_ascii_isalpha (*text) && g_str_has_prefix (p, "://"))
    return _("a web address");
  if (g_ascii_strncasecmp (text, "www.", 4) == 0)
    return _("a web address");

  /* EMVCo merchant-presented QR: payload format indicator "00" "02" "01";
   * NAPAS (A000000727) marks a VietQR bank transfer. */
  if (g_str_has_prefix (text, "000201"))
    return strstr (text, "A000000727") != NULL ? _("a VietQR payment code") : _("a payment code");

  if (g_ascii_strncasecmp (text, "BEGIN:VCARD", 11) == 0 || g_ascii_strncasecmp (text, "MECARD:", 7) == 0)
    return _("a contact card");
  if (g_ascii_strncasecmp (text, "WIFI:", 5) == 0)
    return _("Wi-Fi settings");

  /* Health-insurance (BHYT) card: a 15-character number, two letters then
   * 13 digits, in the first of its `|` fields. */
  bar = strchr (text, '|');
  first_len = bar != NULL ? (gsize) (bar - text) : strlen (text);
  if (first_len == 15 && g_ascii_isupper (text[0]) && g_ascii_isupper (text[1]) &&
      strspn (text + 2, "0123456789") == 13)
    return _("a health insurance card code");

  return NULL;
}

static gboolean
parse_card_date (const char  *field,
                 McCardDate  *date)
{
  char digits[9] = { 0 };
  guint year, month, day;

  if (strlen (field) == 8 && strspn (field, "0123456789") == 8)
    memcpy (digits, field, 8);
  else
    {
      /* d/m/yyyy with any of the separators people use. */
      g_auto(GStrv) parts = g_regex_split_simple ("[/.-]", field, 0, 0);

      if (g_strv_length (parts) != 3)
        return FALSE;
      for (guint i = 0; i < 3; i++)
        if (*parts[i] == '\0' || strspn (parts[i], "0123456789") != strlen (parts[i]))
          return FALSE;
      if (strlen (parts[0]) > 2 || strlen (parts[1]) > 2 || strlen (parts[2]) != 4)
        return FALSE;
      g_snprintf (digits, sizeof digits, "%02u%02u%s",
                  (guint) atoi (parts[0]), (guint) atoi (parts[1]), parts[2]);
    }

  day = (guint) (digits[0] - '0') * 10 + (guint) (digits[1] - '0');
  month = (guint) (digits[2] - '0') * 10 + (guint) (digits[3] - '0');
  year = (guint) atoi (digits + 4);

  if (year < 1800 || year > 9999 || month > 12)
    return FALSE;
  if (month == 0 && day != 0)
    return FALSE;
  if (day != 0 && !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;

  date->year = (guint16) year;
  date->month = (guint8) month;
  date->day = (guint8) day;

  return TRUE;
}

/* Orders dates known to different precisions by what both know. */
static int
card_date_compare (const McCardDate *a,
                   const McCardDate *b)
{
  if (a->year != b->year)
    return a->year < b->year ? -1 : 1;
  if (a->month == 0 || b->month == 0 || a->month == b->month)
    {
      if (a->month == 0 || b->month == 0 || a->day == 0 || b->day == 0 || a->day == b->day)
        return 0;
      return a->day < b->day ? -1 : 1;
    }
  return a->month < b->month ? -1 : 1;
}

static McCardDate
card_date_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (mc_vietnam_time_zone ());
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  McCardDate date;

  /* One day of slack for a desk clock that is a little behind. */
  date.year = (guint16) g_date_time_get_year (tomorrow);
  date.month = (guint8) g_date_time_get_month (tomorrow);
  date.day = (guint8) g_date_time_get_day_of_month (tomorrow);

  return date;
}

static gboolean
check_name (const char *name)
{
  if (*name == '\0' || g_utf8_strlen (name, -1) > 150)
    return FALSE;

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isalpha (c) && !g_unichar_ismark (c) && c != ' ' &&
          c != '\'' && c != '-' && c != '.' && c != 0x2019)
        return FALSE;
    }

  return TRUE;
}

static gboolean
check_printable (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

#define FIELD_ERROR(code, ...) \
  G_STMT_START { \
    g_set_error (error, MC_CITIZEN_ERROR, (code), __VA_ARGS__); \
    return NULL; \
  } G_STMT_END

/**
 * mc_cccd_qr_parse:
 * @text: the text read from the card's QR code, as the scanner gave it
 * @error: where to put the reason it cannot be used
 *
 * Parses and checks the seven fields `ID|old ID|name|ddmmyyyy|Nam/Nữ|
 * address|ddmmyyyy`. Tolerated: a byte order mark, white space and CR/LF
 * around the text or a field, trailing `|`, fields after the seventh (kept
 * in @extra_fields), a 12-digit old number, the old-number field left out
 * (six fields with a name second and a date third), NFD text (normalised to NFC),
 * UTF-8 mangled by a Western code page, Windows-1258 bytes, dates written
 * d/m/yyyy, and 00 for an unknown day or month of birth. The ID number is
 * checked against the date of birth and sex in the code.
 *
 * Failures name what is wrong: %MC_CITIZEN_ERROR_QR_FOREIGN for another kind
 * of code, %MC_CITIZEN_ERROR_QR_NOT_CARD / %MC_CITIZEN_ERROR_QR_FIELD_COUNT
 * for text that is not card fields, one %MC_CITIZEN_ERROR_QR_ID …
 * %MC_CITIZEN_ERROR_QR_ISSUE_DATE code per field, and the
 * %MC_CITIZEN_ERROR_ID_CENTURY, %MC_CITIZEN_ERROR_ID_SEX or
 * %MC_CITIZEN_ERROR_ID_YEAR code when the ID number contradicts the date of
 * birth or sex.
 *
 * Returns: (transfer full) (nullable): the fields, or %NULL with @error set
 */
McCccdQr *
mc_cccd_qr_parse (const char  *text,
                  GError     **error)
{
  g_autofree char *clean = NULL;
  g_auto(GStrv) fields = NULL;
  g_autoptr(McCccdQr) qr = NULL;
  g_autoptr(GError) id_error = NULL;
  const char *foreign;
  McCardDate today;
  guint n;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  clean = clean_text (text, error);
  if (clean == NULL)
    return NULL;

  if (*clean == '\0')
    FIELD_ERROR (MC_CITIZEN_ERROR_QR_EMPTY,
                 "%s", _("The scanned code is empty. Scan the QR code printed on the identity card again."));

  foreign = describe_foreign (clean);
  if (foreign != NULL)
    /* TRANSLATORS: %s is what was scanned, e.g. “a web address” */
    FIELD_ERROR (MC_CITIZEN_ERROR_QR_FOREIGN,
                 _("This is %s, not the QR code of a citizen identity card. "
                   "Scan the QR code printed on the identity card."), foreign);

  if (strchr (clean, '|') == NULL)
    FIELD_ERROR (MC_CITIZEN_ERROR_QR_NOT_CARD,
                 "%s", _("This text is not the QR code of a citizen identity card: it has none of the "
                         "“|”-separated fields of one. Scan the QR code printed on the identity card."));

  fields = g_strsplit (clean, "|", -1);
  n = g_strv_length (fields);
  for (guint i = 0; i < n; i++)
    g_strstrip (fields[i]);
  while (n > N_CARD_FIELDS && *fields[n - 1] == '\0')
    {
      g_free (fields[n - 1]);
      fields[--n] = NULL;
    }

  /* Some readers (and descriptions of the format) leave out the old-number
   * field altogether: six fields where the second is a name and the third
   * a date. The shape leaves no doubt, so put the empty field back. */
  if (n == N_CARD_FIELDS - 1 && *fields[1] != '\0' && strspn (fields[1], "0123456789") != strlen (fields[1]))
    {
      McCardDate probe;

      if (parse_card_date (fields[2], &probe))
        {
          char **with_old = g_new0 (char *, N_CARD_FIELDS + 1);

          with_old[0] = fields[0];
          with_old[1] = g_strdup ("");
          memcpy (with_old + 2, fields + 1, (N_CARD_FIELDS - 2) * sizeof (char *));
          g_free (fields);
          fields = with_old;
          n = N_CARD_FIELDS;
        }
    }

  if (n < N_CARD_FIELDS)
    FIELD_ERROR (MC_CITIZEN_ERROR_QR_FIELD_COUNT,
                 ngettext ("The code has %u field, but the code of an identity card has 7 (ID number, old ID "
                           "number, name, date of birth, sex, address, date of issue). Scan the code again.",
                           "The code has %u fields, but the code of an identity card has 7 (ID number, old ID "
                           "number, name, date of birth, sex, address, date of issue). Scan the code again.", n),
                 n);

  qr = g_new0 (McCccdQr, 1);
  today = card_date_today ();

  /* 1: the ID number's shape now, its agreement with fields 4 and 5 once
   * they are read. */
  if (!mc_personal_id_validate (fields[0], 0, MC_SEX_UNKNOWN, NULL, &id_error))
    {
      if (id_error->domain != MC_CITIZEN_ERROR)
        {
          g_propagate_error (error, g_steal_pointer (&id_error));
          return NULL;
        }
      /* TRANSLATORS: %s is the reason, a sentence */
      FIELD_ERROR (MC_CITIZEN_ERROR_QR_ID, _("Field 1 (personal ID number) is wrong: %s"), id_error->message);
    }
  qr->id_number = g_strdup (fields[0]);

  /* 2: the former number: none, 9 digits (CMND) or 12 (CMND of 2012 or an
   * earlier CCCD). */
  {
    gsize len = strlen (fields[1]);

    if (strspn (fields[1], "0123456789") != len || (len != 0 && len != 9 && len != 12))
      FIELD_ERROR (MC_CITIZEN_ERROR_QR_OLD_ID,
                   _("Field 2 (old ID number) is “%s”; it must be empty or have 9 or 12 digits. "
                     "Scan the code again or type the old number by hand."), fields[1]);
    qr->old_id_number = g_strdup (fields[1]);
  }

  /* 3 */
  if (!check_name (fields[2]))
    FIELD_ERROR (MC_CITIZEN_ERROR_QR_NAME,
                 _("Field 3 (full name) is “%s”; a name must have letters only. "
                   "Scan the code again or type the name by hand."), fields[2]);
  qr->full_name = g_strdup (fields[2]);

  /* 4 */
  if (!parse_card_date (fields[3], &qr->birth_date))
    FIELD_ERROR (MC_CITIZEN_ERROR_QR_BIRTH_DATE,
                 _("Field 4 (date of birth) is “%s”, which is not a date written ddmmyyyy. "
                   "Scan the code again or type the date by hand."), fields[3]);
  if (card_date_compare (&qr->birth_date, &today) > 0)
    FIELD_ERROR (MC_CITIZEN_ERROR_QR_BIRTH_DATE,
                 _("Field 4 (date of birth) is “%s”, which is in the future. "
                   "Check the date and the clock of this computer."), fields[3]);

  /* 5 */
  qr->sex = mc_sex_from_string (fields[4]);
  if (qr->sex == MC_SEX_UNKNOWN)
    FIELD_ERROR (MC_CITIZEN_ERROR_QR_SEX,
                 _("Field 5 (sex) is “%s”; it must be “Nam” or “Nữ”. "
                   "Scan the code again or choose the sex by hand."), fields[4]);

  /* 6 */
  if (*fields[5] == '\0' || !check_printable (fields[5]))
    FIELD_ERROR (MC_CITIZEN_ERROR_QR_ADDRESS,
                 "%s", _("Field 6 (permanent address) is empty or holds control characters. "
                         "Scan the code again or type the address by hand."));
  qr->address = g_strdup (fields[5]);

  /* 7 */
  if (!parse_card_date (fields[6], &qr->issue_date) || qr->issue_date.day == 0)
    FIELD_ERROR (MC_CITIZEN_ERROR_QR_ISSUE_DATE,
                 _("Field 7 (date of issue) is “%s”, which is not a date written ddmmyyyy. "
                   "Type the date of issue from the card."), fields[6]);
  if (card_date_compare (&qr->issue_date, &qr->birth_date) < 0)
    FIELD_ERROR (MC_CITIZEN_ERROR_QR_ISSUE_DATE,
                 _("Field 7 (date of issue) is “%s”, before the date of birth. "
                   "Check both dates on the card."), fields[6]);
  if (card_date_compare (&qr->issue_date, &today) > 0)
    FIELD_ERROR (MC_CITIZEN_ERROR_QR_ISSUE_DATE,
                 _("Field 7 (date of issue) is “%s”, which is in the future. "
                   "Check the date and the clock of this computer."), fields[6]);

  qr->extra_fields = g_new0 (char *, n - N_CARD_FIELDS + 1);
  for (guint i = N_CARD_FIELDS; i < n; i++)
    qr->extra_fields[i - N_CARD_FIELDS] = g_strdup (fields[i]);

  if (!mc_personal_id_validate (qr->id_number, qr->birth_date.year, qr->sex, &qr->id_info, &id_error))
    {
      if (id_error->domain == MC_CITIZEN_ERROR)
        g_prefix_error (&id_error, "%s", _("The personal ID number does not match the code's date of birth or sex: "));
      g_propagate_error (error, g_steal_pointer (&id_error));
      return NULL;
    }

  return g_steal_pointer (&qr);
}
