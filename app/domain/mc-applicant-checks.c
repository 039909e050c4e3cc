/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a reception officer types about an applicant is checked here, the
 * same for the window (as it is typed) and for the core, which checks a
 * reception again whichever front end made it. Dates of birth come in every shape people write them; a few
 * citizens only know the month or the year, and the card's QR code writes
 * them as ddmmyyyy, so all of those are dates. Phone and email are only
 * checked for shape: the desk cannot call anyone to be sure. */
#define G_LOG_DOMAIN "motcua-domain"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "mc-applicant-checks.h"

/**
 * mc_applicant_parse_birth:
 * @text: a date of birth as typed, trimmed: 15/03/1990, 15-3-1990,
 *   15.03.1990, 15031990 (as on the card's QR code), 1990-03-15, and for
 *   people who only know it, 03/1990 or 1990
 * @date: (out): the date
 * @problem: (out) (optional): why @text is not a date of birth
 *
 * Returns: %TRUE when @text is a date of birth
 */
gboolean
mc_applicant_parse_birth (const char  *text,
                          McCardDate  *date,
                          char       **problem)
{
  g_auto(GStrv) parts = NULL;
  guint n;
  guint day = 0, month = 0, year = 0;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (date != NULL, FALSE);

  memset (date, 0, sizeof *date);

  if (strlen (text) == 8 && strspn (text, "0123456789") == 8)
    {
      day = (guint) ((text[0] - '0') * 10 + (text[1] - '0'));
      month = (guint) ((text[2] - '0') * 10 + (text[3] - '0'));
      year = (guint) g_ascii_strtoull (text + 4, NULL, 10);
    }
  else
    {
      parts = g_regex_split_simple ("[/.\\-]", text, 0, 0);
      n = g_strv_length (parts);
      for (guint i = 0; i < n; i++)
        if (*parts[i] == '\0' || strspn (parts[i], "0123456789") != strlen (parts[i]) || strlen (parts[i]) > 4)
          n = 0;

      if (n == 3 && strlen (parts[0]) == 4)
        {
          year = (guint) atoi (parts[0]);
          month = (guint) atoi (parts[1]);
          day = (guint) atoi (parts[2]);
        }
      else if (n == 3 && strlen (parts[2]) == 4)
        {
          day = (guint) atoi (parts[0]);
          month = (guint) atoi (parts[1]);
          year = (guint) atoi (parts[2]);
        }
      else if (n == 2 && strlen (parts[1]) == 4)
        {
          month = (guint) atoi (parts[0]);
          year = (guint) atoi (parts[1]);
        }
      else if (n == 1 && strlen (parts[0]) == 4)
        year = (guint) atoi (parts[0]);
      else
        {
          if (problem != NULL)
            *problem = g_strdup (_("Write the date of birth as day/month/year, e.g. 15/03/1990."));
          return FALSE;
        }
    }

  if (year < 1900 || (month == 0 && day != 0) || month > 12 ||
      (day != 0 && !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year)))
    {
      if (problem != NULL)
        *problem = g_strdup_printf (_("“%s” is not a date. Write the date of birth as day/month/year, e.g. 15/03/1990."),
                                    text);
      return FALSE;
    }

  if ((int) year > g_date_time_get_year (now) ||
      ((int) year == g_date_time_get_year (now) && month != 0 &&
       ((int) month > g_date_time_get_month (now) ||
        ((int) month == g_date_time_get_month (now) && (int) day > g_date_time_get_day_of_month (now)))))
    {
      if (problem != NULL)
        *problem = g_strdup (_("The date of birth is in the future. Check the year."));
      return FALSE;
    }

  date->day = (guint8) day;
  date->month = (guint8) month;
  date->year = (guint16) year;

  return TRUE;
}

/**
 * mc_applicant_phone_is_valid:
 * @text: a phone number as typed, trimmed
 *
 * Returns: %TRUE for digits with the usual separators, 8 to 15 digits
 */
gboolean
mc_applicant_phone_is_valid (const char *text)
{
  guint digits = 0;

  g_return_val_if_fail (text != NULL, FALSE);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (!strchr (" .-+()", *p))
        return FALSE;
    }

  return digits >= 8 && digits <= 15;
}

/**
 * mc_applicant_email_is_valid:
 * @text: an email address as typed, trimmed
 *
 * Returns: %TRUE for a plausible address (not a proof that it exists)
 */
gboolean
mc_applicant_email_is_valid (const char *text)
{
  const char *at;

  g_return_val_if_fail (text != NULL, FALSE);

  at = strchr (text, '@');
  return at != NULL && at != text && strchr (at + 1, '@') == NULL &&
         strchr (at + 1, '.') != NULL && text[strlen (text) - 1] != '.' &&
         strchr (text, ' ') == NULL;
}

/**
 * mc_applicant_contact_problem:
 * @phone: (nullable): a phone number as typed, trimmed; empty or %NULL
 *   when not given
 * @email: (nullable): an email address as typed, trimmed; likewise
 *
 * The one wording of what is wrong with an applicant's contact, for the
 * window as it is typed and for the core when it receives a dossier.
 *
 * Returns: (transfer full) (nullable): what is wrong, or %NULL when both
 *   are fine or not given
 */
char *
mc_applicant_contact_problem (const char *phone,
                              const char *email)
{
  if (phone != NULL && *phone != '\0' && !mc_applicant_phone_is_valid (phone))
    return g_strdup (_("The phone number may only have digits, spaces and “+”, 8 to 15 digits."));
  if (email != NULL && *email != '\0' && !mc_applicant_email_is_valid (email))
    return g_strdup (_("The email address is not complete: it needs a name, “@” and a domain, e.g. an@example.vn."));

  return NULL;
}
