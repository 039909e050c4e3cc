/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Vietnamese lunisolar calendar (âm lịch), computed from the positions of
 * the Sun and the Moon for the meridian of UTC+7 rather than read from a
 * table, so that it keeps working past the last year somebody typed in and
 * so that the years where Vietnam and China differ (Tết 1985, 2007, 2030)
 * come out right. */
#pragma once

#include <glib.h>

#include "mc-calendar-error.h"

G_BEGIN_DECLS

/* The years the conversion is checked for; outside them the formulas lose
 * accuracy and the functions refuse with MC_CALENDAR_ERROR_OUT_OF_RANGE. */
#define MC_LUNAR_FIRST_YEAR 1900
#define MC_LUNAR_LAST_YEAR 2199

/* Vietnam's legal time since 1975 (UTC+7), in minutes. */
#define MC_LUNAR_VIETNAM_OFFSET (7 * 60)

/**
 * McLunarDate:
 * @day: 1–30
 * @month: 1 (tháng Giêng) – 12 (tháng Chạp)
 * @year: the solar year in which this lunar year's Tết falls
 * @leap: %TRUE for the repeated (nhuận) month
 *
 * A date of the lunisolar calendar.
 */
typedef struct
{
  int      day;
  int      month;
  int      year;
  gboolean leap;
} McLunarDate;

gboolean mc_lunar_from_solar     (const GDate  *solar,
                                  McLunarDate  *lunar,
                                  GError      **error);
gboolean mc_lunar_to_solar       (const McLunarDate *lunar,
                                  GDate        *solar,
                                  GError      **error);
gboolean mc_lunar_from_solar_tz  (const GDate  *solar,
                                  int           utc_offset_minutes,
                                  McLunarDate  *lunar,
                                  GError      **error);
gboolean mc_lunar_to_solar_tz    (const McLunarDate *lunar,
                                  int           utc_offset_minutes,
                                  GDate        *solar,
                                  GError      **error);
int      mc_lunar_leap_month     (int           lunar_year,
                                  int           utc_offset_minutes);

G_END_DECLS
