/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The lunar calendar against published dates: the astronomy against the
 * worked examples of Meeus' book, Tết and the Hùng Kings' day against
 * published tables and government notices, the years where Vietnam (UTC+7)
 * and China (UTC+8) differ, and the leap months. No expected value here was
 * produced by our own code. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <glib.h>
#include <string.h>

#include "domain/calendar/mc-lunar.h"
#include "domain/calendar/mc-lunar-private.h"

#define CHINA_OFFSET (8 * 60)

static void
assert_solar (const McLunarDate *lunar,
              int                offset,
              int                year,
              int                month,
              int                day)
{
  g_autoptr(GError) error = NULL;
  GDate date;

  g_assert_true (mc_lunar_to_solar_tz (lunar, offset, &date, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_date_get_year (&date), ==, year);
  g_assert_cmpint (g_date_get_month (&date), ==, month);
  g_assert_cmpint (g_date_get_day (&date), ==, day);
}

static void
assert_lunar (int      year,
              int      month,
              int      day,
              int      lunar_day,
              int      lunar_month,
              int      lunar_year,
              gboolean leap)
{
  g_autoptr(GError) error = NULL;
  McLunarDate lunar;
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  g_assert_true (mc_lunar_from_solar (&date, &lunar, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lunar.day, ==, lunar_day);
  g_assert_cmpint (lunar.month, ==, lunar_month);
  g_assert_cmpint (lunar.year, ==, lunar_year);
  g_assert_cmpint (lunar.leap, ==, leap);
}

/* J. Meeus, Astronomical Algorithms, 2nd ed. (1998). */
static void
test_meeus_examples (void)
{
  /* Example 49.a: the new moon of February 1977, k = −283, is at
   * JDE 2443192.65118 (1977 February 18, 3h37m TD). */
  g_assert_cmpfloat_with_epsilon (mc_lunar_new_moon_jde (-283), 2443192.65118, 0.00002);

  /* Example 25.a: on 1992 October 13.0 TD (JDE 2448908.5) the Sun's
   * apparent longitude by the low-accuracy method is 199°.90895. */
  g_assert_cmpfloat_with_epsilon (mc_lunar_sun_longitude (2448908.5), 199.90895, 0.0001);

  /* ΔT was close to one minute around 2000 (Espenak & Meeus give 63.8 s
   * for 2000.0); only its size matters for us. */
  g_assert_cmpfloat_with_epsilon (mc_lunar_delta_t (2451545.0), 63.86, 0.5);
}

/* Tết Nguyên Đán (1 tháng Giêng) and Giỗ Tổ Hùng Vương (10 tháng Ba),
 * 2020–2030. Sources:
 * - vacanza/holidays (python-holidays), holidays/calendars/chinese.py:
 *   LUNAR_NEW_YEAR_DATES and HUNG_KINGS_DATES (the Chinese calendar, after
 *   the Hong Kong Observatory tables) with VIETNAMESE_CALENDAR_* exceptions
 *   (Tết 2030 is 2 February in Vietnam); its tests/countries/test_vietnam.py
 *   also lists Tết 2020–2022 and the Hùng Kings' day 2020–2022;
 * - Thông báo 6150/TB-BLĐTBXH (03/12/2024): mùng 1 Tết Ất Tỵ is 29/01/2025
 *   ("02/02/2025 … mùng 5 tháng Giêng");
 * - Thông báo 9441/TB-BNV (16/10/2025): 20/02/2026 is mùng 4 tháng Giêng
 *   Bính Ngọ, so mùng 1 is 17/02/2026;
 * - DOMAIN.md: Hùng Kings 7 April 2025 and 26 April 2026; chinhphu.vn
 *   (20/04/2024): "Giỗ Tổ Hùng Vương năm 2024 … ngày 18/4"; press of 2023:
 *   10/3 âm lịch fell on Saturday 29/4/2023. */
static const struct
{
  int year;
  int tet_month, tet_day;
  int hung_month, hung_day;
} published[] = {
  { 2020, 1, 25, 4, 2 },
  { 2021, 2, 12, 4, 21 },
  { 2022, 2, 1, 4, 10 },
  { 2023, 1, 22, 4, 29 },
  { 2024, 2, 10, 4, 18 },
  { 2025, 1, 29, 4, 7 },
  { 2026, 2, 17, 4, 26 },
  { 2027, 2, 6, 4, 16 },
  { 2028, 1, 26, 4, 4 },
  { 2029, 2, 13, 4, 23 },
  { 2030, 2, 2, 4, 12 },
};

static void
test_tet_and_hung_kings (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (published); i++)
    {
      McLunarDate tet = { 1, 1, published[i].year, FALSE };
      McLunarDate hung = { 10, 3, published[i].year, FALSE };

      assert_solar (&tet, MC_LUNAR_VIETNAM_OFFSET, published[i].year, published[i].tet_month,
                    published[i].tet_day);
      assert_solar (&hung, MC_LUNAR_VIETNAM_OFFSET, published[i].year, published[i].hung_month,
                    published[i].hung_day);
      assert_lunar (published[i].year, published[i].tet_month, published[i].tet_day,
                    1, 1, published[i].year, FALSE);
      assert_lunar (published[i].year, published[i].hung_month, published[i].hung_day,
                    10, 3, published[i].year, FALSE);
    }
}

/* The years where the meridian matters (same python-holidays tables: the
 * Chinese LUNAR_NEW_YEAR_DATES and VIETNAMESE_CALENDAR_LUNAR_NEW_YEAR_DATES):
 * Tết Ất Sửu was 21 January 1985 in Vietnam but 20 February in China, Tết
 * Đinh Hợi 17 February 2007 (China 18), Tết Canh Tuất 2 February 2030
 * (China 3). */
static void
test_vietnam_and_china (void)
{
  static const struct { int year, vn_month, vn_day, cn_month, cn_day; } cases[] = {
    { 1985, 1, 21, 2, 20 },
    { 2007, 2, 17, 2, 18 },
    { 2030, 2, 2, 2, 3 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      McLunarDate tet = { 1, 1, cases[i].year, FALSE };

      assert_solar (&tet, MC_LUNAR_VIETNAM_OFFSET, cases[i].year, cases[i].vn_month, cases[i].vn_day);
      assert_solar (&tet, CHINA_OFFSET, cases[i].year, cases[i].cn_month, cases[i].cn_day);
    }

  /* China's Tết 2030 (3 February) is mùng 2 in Vietnam. */
  assert_lunar (2030, 2, 3, 2, 1, 2030, FALSE);
}

static void
test_leap_months (void)
{
  /* 2025 (Ất Tỵ) repeats month 6: "tháng 6 âm lịch đầu tiên có 30 ngày …
   * từ ngày 25/6 - 24/7 dương lịch … tháng 6 nhuận kéo dài 29 ngày từ
   * ngày 25/7 - 22/8" (nguoi-noi-tieng.com, "Năm Ất Tỵ 2025 nhuận tháng
   * nào?", January 2025). */
  g_assert_cmpint (mc_lunar_leap_month (2025, MC_LUNAR_VIETNAM_OFFSET), ==, 6);
  assert_lunar (2025, 6, 25, 1, 6, 2025, FALSE);
  assert_lunar (2025, 7, 24, 30, 6, 2025, FALSE);
  assert_lunar (2025, 7, 25, 1, 6, 2025, TRUE);
  assert_lunar (2025, 8, 22, 29, 6, 2025, TRUE);
  assert_lunar (2025, 8, 23, 1, 7, 2025, FALSE);
  {
    McLunarDate leap_six = { 1, 6, 2025, TRUE };

    assert_solar (&leap_six, MC_LUNAR_VIETNAM_OFFSET, 2025, 7, 25);
  }

  /* 2023 (Quý Mão): Tết was 22 January and 10/3 was 29 April (table
   * above). Months run 29 or 30 days, so months 1 and 2 start on 22/1 and
   * 20 or 21/2, and a plain month 3 would start around 22/3; 10/3 on 29/4
   * puts the start of month 3 on 20/4, one month later: the month starting
   * around 22/3 is the leap month 2. */
  g_assert_cmpint (mc_lunar_leap_month (2023, MC_LUNAR_VIETNAM_OFFSET), ==, 2);
  assert_lunar (2023, 4, 20, 1, 3, 2023, FALSE);
  {
    g_autoptr(GError) error = NULL;
    McLunarDate lunar;
    GDate date;

    g_date_clear (&date, 1);
    g_date_set_dmy (&date, 19, G_DATE_APRIL, 2023);
    g_assert_true (mc_lunar_from_solar (&date, &lunar, &error));
    g_assert_cmpint (lunar.month, ==, 2);
    g_assert_true (lunar.leap);
    g_assert_cmpint (lunar.day, >=, 29);
  }

  /* 2020 (Canh Tý) repeats month 4: 24 May 2020 is the second day of the
   * leap fourth month (二〇二〇年闰四月初二, lunar-javascript's published
   * test suite, __tests__/Solar.test.js). */
  g_assert_cmpint (mc_lunar_leap_month (2020, MC_LUNAR_VIETNAM_OFFSET), ==, 4);
  assert_lunar (2020, 5, 24, 2, 4, 2020, TRUE);

  /* Twelve-month years: Tết to Tết is 354 or 355 days (2024: 10/2/2024 to
   * 29/1/2025 is 354 days by hand; 2026: 17/2/2026 to 6/2/2027 is 354). */
  g_assert_cmpint (mc_lunar_leap_month (2024, MC_LUNAR_VIETNAM_OFFSET), ==, 0);
  g_assert_cmpint (mc_lunar_leap_month (2026, MC_LUNAR_VIETNAM_OFFSET), ==, 0);
}

/* Lunar dates printed in the 2025 and 2026 notices next to the solar ones. */
static void
test_notice_dates (void)
{
  /* Thông báo 6150/TB-BLĐTBXH: "thứ Bảy ngày 25/01/2025 (tức ngày 26 tháng
   * Chạp năm Giáp Thìn) đến hết Chủ nhật ngày 02/02/2025 (tức ngày mùng 5
   * tháng Giêng năm Ất Tỵ)". */
  assert_lunar (2025, 1, 25, 26, 12, 2024, FALSE);
  assert_lunar (2025, 2, 2, 5, 1, 2025, FALSE);
  /* Thông báo 9441/TB-BNV: "thứ hai 16/2/2026 (tức ngày 29 tháng Chạp năm
   * Ất Tỵ) đến hết thứ sáu ngày 20/02/2026 (tức ngày 4 tháng Giêng năm Bính
   * Ngọ)"; the 9-day break runs from 14/2 (27 tháng Chạp) to 22/2 (mùng 6). */
  assert_lunar (2026, 2, 14, 27, 12, 2025, FALSE);
  assert_lunar (2026, 2, 16, 29, 12, 2025, FALSE);
  assert_lunar (2026, 2, 20, 4, 1, 2026, FALSE);
  assert_lunar (2026, 2, 22, 6, 1, 2026, FALSE);
}

/* Property: every day of 2020–2030 converts back to itself, the day number
 * goes up by one or restarts at 1 after 29 or 30. */
static void
test_round_trip (void)
{
  GDate date, back;
  McLunarDate previous = { 0 };

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, G_DATE_JANUARY, 2020);
  while (g_date_get_year (&date) <= 2030)
    {
      g_autoptr(GError) error = NULL;
      McLunarDate lunar;

      g_assert_true (mc_lunar_from_solar (&date, &lunar, &error));
      g_assert_true (mc_lunar_to_solar (&lunar, &back, &error));
      g_assert_no_error (error);
      g_assert_cmpint (g_date_compare (&date, &back), ==, 0);
      if (previous.day != 0)
        {
          if (lunar.day == 1)
            g_assert_cmpint (previous.day, >=, 29);
          else
            {
              g_assert_cmpint (lunar.day, ==, previous.day + 1);
              g_assert_cmpint (lunar.month, ==, previous.month);
              g_assert_cmpint (lunar.leap, ==, previous.leap);
            }
        }
      previous = lunar;
      g_date_add_days (&date, 1);
    }
}

static void
test_invalid_dates (void)
{
  g_autoptr(GError) error = NULL;
  GDate date;
  /* 2024 has no leap month (Tết 10/2/2024 to Tết 29/1/2025 is 354 days). */
  McLunarDate no_leap = { 1, 3, 2024, TRUE };
  /* Tháng Chạp Ất Tỵ ends on 16/2/2026, its 29th day (Thông báo 9441). */
  McLunarDate thirtieth = { 30, 12, 2025, FALSE };
  McLunarDate far = { 1, 1, 1800, FALSE };
  McLunarDate month_13 = { 1, 13, 2025, FALSE };

  g_assert_false (mc_lunar_to_solar (&no_leap, &date, &error));
  g_assert_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_INVALID_DATE);
  g_clear_error (&error);

  g_assert_false (mc_lunar_to_solar (&thirtieth, &date, &error));
  g_assert_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_INVALID_DATE);
  g_assert_nonnull (strstr (error->message, "29"));
  g_clear_error (&error);

  g_assert_false (mc_lunar_to_solar (&far, &date, &error));
  g_assert_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);

  g_assert_false (mc_lunar_to_solar (&month_13, &date, &error));
  g_assert_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_INVALID_DATE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/calendar/lunar/meeus-examples", test_meeus_examples);
  g_test_add_func ("/calendar/lunar/tet-and-hung-kings-2020-2030", test_tet_and_hung_kings);
  g_test_add_func ("/calendar/lunar/vietnam-and-china", test_vietnam_and_china);
  g_test_add_func ("/calendar/lunar/leap-months", test_leap_months);
  g_test_add_func ("/calendar/lunar/notice-dates", test_notice_dates);
  g_test_add_func ("/calendar/lunar/round-trip", test_round_trip);
  g_test_add_func ("/calendar/lunar/invalid-dates", test_invalid_dates);

  return g_test_run ();
}
