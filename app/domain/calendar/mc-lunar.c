/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The lunisolar calendar worked out from first principles, the way the
 * Vietnamese calendar committee defines it: a month starts on the local day
 * of a new moon; the month holding the winter solstice is month 11; a year
 * with 13 new moons between two such months repeats the first month that
 * holds no major solar term (trung khí, a multiple of 30° of the Sun's
 * longitude). New moons follow Meeus, Astronomical Algorithms, ch. 49, the
 * Sun's longitude ch. 25 (about 0.01°), and ΔT the polynomials of Espenak
 * and Meeus; all of it is written here from those formulas. Days are Julian
 * day numbers (JDN), so the arithmetic stays in integers once the
 * astronomy has been done. */
#define G_LOG_DOMAIN "motcua-calendar"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "mc-lunar.h"
#include "mc-lunar-private.h"

#define SYNODIC_MONTH 29.530588861
#define NEW_MOON_EPOCH 2451550.09766 /* k = 0: the new moon of 6 January 2000 */
#define J2000 2451545.0
#define GDATE_TO_JDN 1721425 /* g_date_get_julian (1 January 1) is 1; its JDN is 1721426 */

static double
deg_sin (double degrees)
{
  return sin (degrees * G_PI / 180.0);
}

/* ΔT = TT − UT in seconds (Espenak & Meeus, NASA 2006). Near 1 minute for
 * our years, so even a rough value decides no day but the rarest. */
double
mc_lunar_delta_t (double jd)
{
  double y = 2000.0 + (jd - J2000) / 365.25;
  double t;

  if (y < 1900)
    {
      t = (y - 1820) / 100;
      return -20 + 32 * t * t;
    }
  if (y < 1920)
    {
      t = y - 1900;
      return -2.79 + 1.494119 * t - 0.0598939 * t * t + 0.0061966 * t * t * t
             - 0.000197 * t * t * t * t;
    }
  if (y < 1941)
    {
      t = y - 1920;
      return 21.20 + 0.84493 * t - 0.076100 * t * t + 0.0020936 * t * t * t;
    }
  if (y < 1961)
    {
      t = y - 1950;
      return 29.07 + 0.407 * t - t * t / 233 + t * t * t / 2547;
    }
  if (y < 1986)
    {
      t = y - 1975;
      return 45.45 + 1.067 * t - t * t / 260 - t * t * t / 718;
    }
  if (y < 2005)
    {
      t = y - 2000;
      return 63.86 + 0.3345 * t - 0.060374 * t * t + 0.0017275 * t * t * t
             + 0.000651814 * t * t * t * t + 0.00002373599 * t * t * t * t * t;
    }
  if (y < 2050)
    {
      t = y - 2000;
      return 62.92 + 0.32217 * t + 0.005589 * t * t;
    }
  if (y < 2150)
    {
      t = (y - 1820) / 100;
      return -20 + 32 * t * t - 0.5628 * (2150 - y);
    }
  t = (y - 1820) / 100;
  return -20 + 32 * t * t;
}

/* The instant (JDE, dynamical time) of new moon number @k (Meeus 49.1 with
 * the periodic terms of the new moon and the 14 planetary arguments). */
double
mc_lunar_new_moon_jde (int k)
{
  static const double planetary[14][3] = {
    /* coefficient, A at k = 0, A per lunation (degrees) */
    { 0.000325, 299.77, 0.107408 }, { 0.000165, 251.88, 0.016321 },
    { 0.000164, 251.83, 26.651886 }, { 0.000126, 349.42, 36.412478 },
    { 0.000110, 84.66, 18.206239 }, { 0.000062, 141.74, 53.303771 },
    { 0.000060, 207.14, 2.453732 }, { 0.000056, 154.84, 7.306860 },
    { 0.000047, 34.52, 27.261239 }, { 0.000042, 207.19, 0.121824 },
    { 0.000040, 291.34, 1.844379 }, { 0.000037, 161.72, 24.198154 },
    { 0.000035, 239.56, 25.513099 }, { 0.000023, 331.55, 3.592518 },
  };
  double t = k / 1236.85;
  double t2 = t * t, t3 = t2 * t, t4 = t3 * t;
  double jde = NEW_MOON_EPOCH + SYNODIC_MONTH * k + 0.00015437 * t2 - 0.000000150 * t3
               + 0.00000000073 * t4;
  double e = 1 - 0.002516 * t - 0.0000074 * t2;
  double m = 2.5534 + 29.10535670 * k - 0.0000014 * t2 - 0.00000011 * t3;
  double mp = 201.5643 + 385.81693528 * k + 0.0107582 * t2 + 0.00001238 * t3
              - 0.000000058 * t4;
  double f = 160.7108 + 390.67050284 * k - 0.0016118 * t2 - 0.00000227 * t3
             + 0.000000011 * t4;
  double om = 124.7746 - 1.56375588 * k + 0.0020672 * t2 + 0.00000215 * t3;
  double a1 = 299.77 + 0.107408 * k - 0.009173 * t2;

  jde += -0.40720 * deg_sin (mp)
         + 0.17241 * e * deg_sin (m)
         + 0.01608 * deg_sin (2 * mp)
         + 0.01039 * deg_sin (2 * f)
         + 0.00739 * e * deg_sin (mp - m)
         - 0.00514 * e * deg_sin (mp + m)
         + 0.00208 * e * e * deg_sin (2 * m)
         - 0.00111 * deg_sin (mp - 2 * f)
         - 0.00057 * deg_sin (mp + 2 * f)
         + 0.00056 * e * deg_sin (2 * mp + m)
         - 0.00042 * deg_sin (3 * mp)
         + 0.00042 * e * deg_sin (m + 2 * f)
         + 0.00038 * e * deg_sin (m - 2 * f)
         - 0.00024 * e * deg_sin (2 * mp - m)
         - 0.00017 * deg_sin (om)
         - 0.00007 * deg_sin (mp + 2 * m)
         + 0.00004 * deg_sin (2 * mp - 2 * f)
         + 0.00004 * deg_sin (3 * m)
         + 0.00003 * deg_sin (mp + m - 2 * f)
         + 0.00003 * deg_sin (2 * mp + 2 * f)
         - 0.00003 * deg_sin (mp + m + 2 * f)
         + 0.00003 * deg_sin (mp - m + 2 * f)
         - 0.00002 * deg_sin (mp - m - 2 * f)
         - 0.00002 * deg_sin (3 * mp + m)
         + 0.00002 * deg_sin (4 * mp);

  /* A1 has a quadratic term; the others are linear in k. */
  jde += planetary[0][0] * deg_sin (a1);
  for (guint i = 1; i < G_N_ELEMENTS (planetary); i++)
    jde += planetary[i][0] * deg_sin (planetary[i][1] + planetary[i][2] * k);

  return jde;
}

/* The Sun's apparent geocentric longitude in degrees, 0 ≤ λ < 360, at the
 * dynamical time @jde (Meeus ch. 25, low accuracy). */
double
mc_lunar_sun_longitude (double jde)
{
  double t = (jde - J2000) / 36525.0;
  double l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t * t;
  double m = 357.52911 + 35999.05029 * t - 0.0001537 * t * t;
  double c = (1.914602 - 0.004817 * t - 0.000014 * t * t) * deg_sin (m)
             + (0.019993 - 0.000101 * t) * deg_sin (2 * m)
             + 0.000289 * deg_sin (3 * m);
  double omega = 125.04 - 1934.136 * t;
  double lambda = l0 + c - 0.00569 - 0.00478 * deg_sin (omega);

  lambda = fmod (lambda, 360.0);
  if (lambda < 0)
    lambda += 360.0;

  return lambda;
}

/* The JDN of the local day on which new moon @k happens. */
static int
new_moon_day (int k,
              int offset_minutes)
{
  double jde = mc_lunar_new_moon_jde (k);
  double jd_ut = jde - mc_lunar_delta_t (jde) / 86400.0;

  return (int) floor (jd_ut + 0.5 + offset_minutes / 1440.0);
}

/* Which 30° sector (0–11) the Sun is in at the local midnight that starts
 * day @jdn. Two month starts in the same sector mean the month between
 * them holds no major term. */
static int
sun_sector (int jdn,
            int offset_minutes)
{
  double jd_ut = jdn - 0.5 - offset_minutes / 1440.0;
  double jde = jd_ut + mc_lunar_delta_t (jd_ut) / 86400.0;

  return (int) floor (mc_lunar_sun_longitude (jde) / 30.0);
}

/* The number of the last new moon whose local day is on or before @jdn. */
static int
month_at (int jdn,
          int offset_minutes)
{
  int k = (int) floor ((jdn + 0.5 - NEW_MOON_EPOCH) / SYNODIC_MONTH);

  while (new_moon_day (k + 1, offset_minutes) <= jdn)
    k++;
  while (new_moon_day (k, offset_minutes) > jdn)
    k--;

  return k;
}

/* Gregorian date to JDN, in integers (valid for every year we handle). */
static int
jdn_of (int year,
        int month,
        int day)
{
  int a = (14 - month) / 12;
  int y = year + 4800 - a;
  int m = month + 12 * a - 3;

  return day + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045;
}

/* The number of the new moon that starts month 11 (the month holding the
 * winter solstice) of solar year @year. */
static int
month_eleven (int year,
              int offset_minutes)
{
  int k = month_at (jdn_of (year, 12, 31), offset_minutes);

  /* Sectors 9–11 (270°–360°): the solstice was already past when this month
   * began, so it belongs to the month before. */
  if (sun_sector (new_moon_day (k, offset_minutes), offset_minutes) >= 9)
    k--;

  return k;
}

/* In the 13-month span starting at month 11 number @k11, how many months
 * after it the leap month comes: the first month without a major term. */
static int
leap_offset (int k11,
             int offset_minutes)
{
  int previous = sun_sector (new_moon_day (k11 + 1, offset_minutes), offset_minutes);

  for (int i = 1; i <= 12; i++)
    {
      int next = sun_sector (new_moon_day (k11 + i + 1, offset_minutes), offset_minutes);

      if (next == previous)
        return i;
      previous = next;
    }

  /* Thirteen months always hold a month without a major term. */
  g_return_val_if_reached (12);
}

static gboolean
check_year (int       year,
            GError  **error)
{
  if (year < MC_LUNAR_FIRST_YEAR || year > MC_LUNAR_LAST_YEAR)
    {
      g_set_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_OUT_OF_RANGE,
                   _("The lunar calendar is only computed for the years %d to %d; %d is outside."),
                   MC_LUNAR_FIRST_YEAR, MC_LUNAR_LAST_YEAR, year);
      return FALSE;
    }

  return TRUE;
}

/**
 * mc_lunar_from_solar_tz:
 * @solar: a valid Gregorian date
 * @utc_offset_minutes: the time zone whose days the months start on
 *   (%MC_LUNAR_VIETNAM_OFFSET for Vietnam, 480 for China)
 * @lunar: (out caller-allocates): the lunar date
 * @error: return location for a #GError
 *
 * Converts a Gregorian date to the lunisolar calendar of the given meridian.
 *
 * Returns: %TRUE, or %FALSE with @error set (year out of range)
 */
gboolean
mc_lunar_from_solar_tz (const GDate  *solar,
                        int           utc_offset_minutes,
                        McLunarDate  *lunar,
                        GError      **error)
{
  int year, jdn, k, a, b, first_year, index, leap_at;

  g_return_val_if_fail (solar != NULL && g_date_valid (solar), FALSE);
  g_return_val_if_fail (lunar != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  year = g_date_get_year (solar);
  if (!check_year (year, error))
    return FALSE;

  jdn = (int) g_date_get_julian (solar) + GDATE_TO_JDN;
  k = month_at (jdn, utc_offset_minutes);

  /* The span [a, b) from one month 11 to the next that holds month k;
   * months 11 and 12 belong to the lunar year of a's solstice, the others
   * to the next one. */
  b = month_eleven (year, utc_offset_minutes);
  if (k >= b)
    {
      a = b;
      b = month_eleven (year + 1, utc_offset_minutes);
      first_year = year;
    }
  else
    {
      a = month_eleven (year - 1, utc_offset_minutes);
      first_year = year - 1;
    }

  index = k - a;
  lunar->leap = FALSE;
  leap_at = b - a == 13 ? leap_offset (a, utc_offset_minutes) : -1;
  if (leap_at > 0 && index >= leap_at)
    {
      lunar->leap = index == leap_at;
      index--;
    }

  lunar->month = (10 + index) % 12 + 1;
  lunar->year = index < 2 ? first_year : first_year + 1;
  lunar->day = jdn - new_moon_day (k, utc_offset_minutes) + 1;

  return TRUE;
}

/**
 * mc_lunar_from_solar:
 * @solar: a valid Gregorian date
 * @lunar: (out caller-allocates): the Vietnamese lunar date
 * @error: return location for a #GError
 *
 * Converts a Gregorian date to the Vietnamese lunar calendar (UTC+7).
 *
 * Returns: %TRUE, or %FALSE with @error set (year out of range)
 */
gboolean
mc_lunar_from_solar (const GDate  *solar,
                     McLunarDate  *lunar,
                     GError      **error)
{
  return mc_lunar_from_solar_tz (solar, MC_LUNAR_VIETNAM_OFFSET, lunar, error);
}

/**
 * mc_lunar_to_solar_tz:
 * @lunar: a lunar date
 * @utc_offset_minutes: the time zone whose days the months start on
 * @solar: (out caller-allocates): the Gregorian date
 * @error: return location for a #GError
 *
 * Converts a lunar date to the Gregorian calendar. A leap month that the
 * year does not have, or a day past the end of the month, is an error.
 *
 * Returns: %TRUE, or %FALSE with @error set
 */
gboolean
mc_lunar_to_solar_tz (const McLunarDate *lunar,
                      int                utc_offset_minutes,
                      GDate             *solar,
                      GError           **error)
{
  int a, b, index, leap_at, start, length;

  g_return_val_if_fail (lunar != NULL, FALSE);
  g_return_val_if_fail (solar != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_year (lunar->year, error))
    return FALSE;
  if (lunar->month < 1 || lunar->month > 12 || lunar->day < 1 || lunar->day > 30)
    {
      g_set_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_INVALID_DATE,
                   _("%d/%d of the lunar year %d is not a date: months run from 1 to 12 and days from 1 to 30."),
                   lunar->day, lunar->month, lunar->year);
      return FALSE;
    }

  if (lunar->month >= 11)
    {
      a = month_eleven (lunar->year, utc_offset_minutes);
      b = month_eleven (lunar->year + 1, utc_offset_minutes);
    }
  else
    {
      a = month_eleven (lunar->year - 1, utc_offset_minutes);
      b = month_eleven (lunar->year, utc_offset_minutes);
    }

  index = (lunar->month + 1) % 12; /* 11 → 0, 12 → 1, 1 → 2, …, 10 → 11 */
  leap_at = b - a == 13 ? leap_offset (a, utc_offset_minutes) : -1;
  if (lunar->leap)
    {
      if (leap_at < 0 || leap_at - 1 != index)
        {
          g_set_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_INVALID_DATE,
                       _("The lunar year %d has no leap month %d."), lunar->year, lunar->month);
          return FALSE;
        }
      index = leap_at;
    }
  else if (leap_at > 0 && index >= leap_at)
    index++;

  start = new_moon_day (a + index, utc_offset_minutes);
  length = new_moon_day (a + index + 1, utc_offset_minutes) - start;
  if (lunar->day > length)
    {
      if (lunar->leap)
        g_set_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_INVALID_DATE,
                     _("The leap month %d of the lunar year %d has only %d days."),
                     lunar->month, lunar->year, length);
      else
        g_set_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_INVALID_DATE,
                     _("Month %d of the lunar year %d has only %d days."),
                     lunar->month, lunar->year, length);
      return FALSE;
    }

  g_date_clear (solar, 1);
  g_date_set_julian (solar, (guint32) (start + lunar->day - 1 - GDATE_TO_JDN));

  return TRUE;
}

/**
 * mc_lunar_to_solar:
 * @lunar: a Vietnamese lunar date
 * @solar: (out caller-allocates): the Gregorian date
 * @error: return location for a #GError
 *
 * Converts a Vietnamese lunar date (UTC+7) to the Gregorian calendar.
 *
 * Returns: %TRUE, or %FALSE with @error set
 */
gboolean
mc_lunar_to_solar (const McLunarDate *lunar,
                   GDate             *solar,
                   GError           **error)
{
  return mc_lunar_to_solar_tz (lunar, MC_LUNAR_VIETNAM_OFFSET, solar, error);
}

/**
 * mc_lunar_leap_month:
 * @lunar_year: a lunar year (named by the solar year of its Tết)
 * @utc_offset_minutes: the time zone whose days the months start on
 *
 * Returns: the number (1–12) of the month that @lunar_year repeats, or 0
 *   when it has twelve months (or is out of range)
 */
int
mc_lunar_leap_month (int lunar_year,
                     int utc_offset_minutes)
{
  int a, b, leap_at;

  if (lunar_year - 1 < MC_LUNAR_FIRST_YEAR || lunar_year > MC_LUNAR_LAST_YEAR)
    return 0;

  /* Months 1–10 of the year lie in the span after the previous year's
   * month 11; a leap 11 or 12 lies in the span after this year's. */
  a = month_eleven (lunar_year - 1, utc_offset_minutes);
  b = month_eleven (lunar_year, utc_offset_minutes);
  if (b - a == 13)
    {
      leap_at = leap_offset (a, utc_offset_minutes);
      if (leap_at >= 3) /* after month 1: this year's */
        return (9 + leap_at) % 12 + 1;
    }

  a = b;
  b = month_eleven (lunar_year + 1, utc_offset_minutes);
  if (b - a == 13)
    {
      leap_at = leap_offset (a, utc_offset_minutes);
      if (leap_at <= 2) /* leap 11 or leap 12 */
        return (9 + leap_at) % 12 + 1;
    }

  return 0;
}
