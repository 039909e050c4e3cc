/* SPDX-License-Identifier: GPL-3.0-or-later */
/* McCalendar with the shipped holiday tables: the days off of 2025 and 2026
 * exactly as the government announced them, time limits across weekends,
 * holidays, Tết, swaps and lunch breaks, the supplement pause, "due soon",
 * the warning for a year without an official table, office hours, and the
 * refusal of malformed data files with the file and line named. Every
 * expected instant is worked out by hand in the comment above it. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "domain/calendar/mc-calendar.h"
#include "domain/mc-state.h"

static McCalendar *
load_shipped (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (g_getenv ("MOTCUA_SOURCE_DIR"), "data", "holidays", NULL);
  McCalendar *calendar = mc_calendar_load_sync (dir, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (calendar);

  return calendar;
}

/* An instant given in Vietnam time. */
static gint64
vn (int year,
    int month,
    int day,
    int hour,
    int minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new (mc_vietnam_time_zone (), year, month, day, hour, minute, 0);

  return g_date_time_to_unix (dt);
}

static GDate
date (int year,
      int month,
      int day)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_dmy (&d, (GDateDay) day, (GDateMonth) month, (GDateYear) year);

  return d;
}

typedef struct
{
  const char *date;
  McDayKind   kind;
  gboolean    confirmed;
} Expected;

static void
assert_exceptions (McCalendar     *calendar,
                   int             year,
                   const Expected *expected,
                   guint           n_expected)
{
  g_autoptr(GArray) days = mc_calendar_list_exceptions (calendar, year, NULL);

  for (guint i = 0; i < MIN (days->len, n_expected); i++)
    {
      McCalendarDay *day = &g_array_index (days, McCalendarDay, i);
      char text[16];

      g_date_strftime (text, sizeof text, "%Y-%m-%d", &day->date);
      g_assert_cmpstr (text, ==, expected[i].date);
      g_assert_cmpstr (mc_day_kind_to_string (day->info.kind), ==,
                       mc_day_kind_to_string (expected[i].kind));
      g_assert_cmpint (day->info.confirmed, ==, expected[i].confirmed);
      g_assert_nonnull (day->info.name);
      g_assert_nonnull (day->info.source);
    }
  g_assert_cmpuint (days->len, ==, n_expected);
}

/* Thông báo 6150/TB-BLĐTBXH (03/12/2024): Tết 25/01–02/02/2025 is "05 ngày
 * nghỉ tết Âm lịch và 04 ngày nghỉ hằng tuần", so the Tết days are Monday
 * 27 to Friday 31 January; Friday 02/5 swapped with Saturday 26/4;
 * National Day 30/8–02/9, the second day Monday 01/9. The Code's fixed
 * days: 1/1 (Wednesday), Hùng Kings 10/3 Ất Tỵ = Monday 07/4, 30/4
 * (Wednesday), 1/5 (Thursday), 2/9 (Tuesday): none on a weekend, so no
 * compensatory day. */
static void
test_2025_as_announced (void)
{
  static const Expected expected[] = {
    { "2025-01-01", MC_DAY_HOLIDAY, TRUE },
    { "2025-01-27", MC_DAY_TET, TRUE },
    { "2025-01-28", MC_DAY_TET, TRUE },
    { "2025-01-29", MC_DAY_TET, TRUE },
    { "2025-01-30", MC_DAY_TET, TRUE },
    { "2025-01-31", MC_DAY_TET, TRUE },
    { "2025-04-07", MC_DAY_HOLIDAY, TRUE },
    { "2025-04-26", MC_DAY_WORKING_WEEKEND, TRUE },
    { "2025-04-30", MC_DAY_HOLIDAY, TRUE },
    { "2025-05-01", MC_DAY_HOLIDAY, TRUE },
    { "2025-05-02", MC_DAY_SWAPPED_OFF, TRUE },
    { "2025-09-01", MC_DAY_HOLIDAY, TRUE },
    { "2025-09-02", MC_DAY_HOLIDAY, TRUE },
  };
  g_autoptr(McCalendar) calendar = load_shipped ();
  g_auto(GStrv) warnings = NULL;
  g_autoptr(GArray) days = NULL;

  assert_exceptions (calendar, 2025, expected, G_N_ELEMENTS (expected));
  g_assert_true (mc_calendar_has_official_table (calendar, 2025));
  days = mc_calendar_list_exceptions (calendar, 2025, &warnings);
  g_assert_null (warnings);
}

/* 2026: Công văn 12729/VPCP-KGVX (25/12/2025): 1/1 (Thursday) off, Friday
 * 02/01 swapped with Saturday 10/01. Thông báo 9441/TB-BNV (16/10/2025):
 * Tết Monday 16/02 to Friday 20/02. Hùng Kings 10/3 Bính Ngọ = Sunday
 * 26/4, made up on Monday 27/4 (Labour Code art. 111(3); Thanh Niên,
 * 23/02/2026: "được nghỉ bù vào thứ hai (ngày 27.4)"). 30/4 Thursday, 1/5
 * Friday, no swap. National Day: 1/9 adjacent and the 31/8 ↔ 22/8 swap,
 * from secondary sources only (unconfirmed), 2/9 Wednesday. Vietnamese
 * Culture Day 24/11 (Tuesday), in force 1/7/2026 per a secondary source
 * (unconfirmed). */
static void
test_2026_as_announced (void)
{
  static const Expected expected[] = {
    { "2026-01-01", MC_DAY_HOLIDAY, TRUE },
    { "2026-01-02", MC_DAY_SWAPPED_OFF, TRUE },
    { "2026-01-10", MC_DAY_WORKING_WEEKEND, TRUE },
    { "2026-02-16", MC_DAY_TET, TRUE },
    { "2026-02-17", MC_DAY_TET, TRUE },
    { "2026-02-18", MC_DAY_TET, TRUE },
    { "2026-02-19", MC_DAY_TET, TRUE },
    { "2026-02-20", MC_DAY_TET, TRUE },
    { "2026-04-27", MC_DAY_COMPENSATORY, TRUE },
    { "2026-04-30", MC_DAY_HOLIDAY, TRUE },
    { "2026-05-01", MC_DAY_HOLIDAY, TRUE },
    { "2026-08-22", MC_DAY_WORKING_WEEKEND, FALSE },
    { "2026-08-31", MC_DAY_SWAPPED_OFF, FALSE },
    { "2026-09-01", MC_DAY_HOLIDAY, FALSE },
    { "2026-09-02", MC_DAY_HOLIDAY, TRUE },
    { "2026-11-24", MC_DAY_HOLIDAY, FALSE },
  };
  g_autoptr(McCalendar) calendar = load_shipped ();
  McDayInfo info;
  GDate d;

  assert_exceptions (calendar, 2026, expected, G_N_ELEMENTS (expected));

  /* The Hùng Kings' day itself is a holiday on a Sunday. */
  d = date (2026, 4, 26);
  g_assert_cmpint (mc_calendar_get_day (calendar, &d, &info, NULL), ==, MC_DAY_HOLIDAY);
  g_assert_cmpstr (info.name, ==, "Giỗ Tổ Hùng Vương");
  g_assert_false (mc_calendar_is_working_day (calendar, &d));
}

static void
test_day_kinds (void)
{
  g_autoptr(McCalendar) calendar = load_shipped ();
  McDayInfo info;
  GDate d;

  d = date (2025, 1, 29); /* mùng 1 Tết Ất Tỵ */
  g_assert_cmpint (mc_calendar_get_day (calendar, &d, &info, NULL), ==, MC_DAY_TET);
  g_assert_cmpstr (info.name, ==, "Tết Nguyên Đán");
  g_assert_true (info.official);
  g_assert_nonnull (strstr (info.source, "6150"));

  d = date (2025, 4, 26); /* Saturday worked for Friday 2/5 */
  g_assert_cmpint (mc_calendar_get_day (calendar, &d, &info, NULL), ==, MC_DAY_WORKING_WEEKEND);
  g_assert_true (mc_calendar_is_working_day (calendar, &d));

  d = date (2025, 5, 3); /* an ordinary Saturday */
  g_assert_cmpint (mc_calendar_get_day (calendar, &d, &info, NULL), ==, MC_DAY_WEEKEND);
  g_assert_null (info.name);
  g_assert_false (mc_calendar_is_working_day (calendar, &d));

  d = date (2025, 3, 5); /* an ordinary Wednesday */
  g_assert_cmpint (mc_calendar_get_day (calendar, &d, NULL, NULL), ==, MC_DAY_WORKING);
  g_assert_true (mc_calendar_is_working_day (calendar, &d));

  d = date (2025, 5, 2);
  g_assert_cmpint (mc_calendar_get_day (calendar, &d, NULL, NULL), ==, MC_DAY_SWAPPED_OFF);
  g_assert_false (mc_calendar_is_working_day (calendar, &d));

  g_assert_cmpstr (mc_day_kind_to_string (MC_DAY_WORKING_WEEKEND), ==, "working-weekend");
  g_assert_cmpstr (mc_day_kind_to_string (MC_DAY_COMPENSATORY), ==, "compensatory");
  g_assert_nonnull (mc_day_kind_get_label (MC_DAY_TET));
}

/* Office hours 07:30–11:30 and 13:00–17:00; one working day = 8 hours. */
static void
test_deadlines (void)
{
  g_autoptr(McCalendar) calendar = load_shipped ();
  g_auto(GStrv) warnings = NULL;

  /* Friday 4/4/2025 11:30 + 1 day: Friday 13:00–17:00 (4 h); Saturday,
   * Sunday; Monday 7/4 Hùng Kings; Tuesday 07:30 + 4 h = 11:30. */
  g_assert_cmpint (mc_calendar_add_working_days (calendar, vn (2025, 4, 4, 11, 30), 1, &warnings),
                   ==, vn (2025, 4, 8, 11, 30));
  g_assert_null (warnings);

  /* Monday 3/3/2025 10:00 + 1 day: 10:00–11:30 (1.5 h), 13:00–17:00
   * (4 h); Tuesday 07:30 + 2.5 h = 10:00. */
  g_assert_cmpint (mc_calendar_add_working_days (calendar, vn (2025, 3, 3, 10, 0), 1, NULL),
                   ==, vn (2025, 3, 4, 10, 0));

  /* Received during the lunch break, Monday 12:00: counts from 13:00;
   * 13:00–17:00 (4 h), Tuesday 07:30–11:30 (4 h): Tuesday 11:30. */
  g_assert_cmpint (mc_calendar_add_working_days (calendar, vn (2025, 3, 3, 12, 0), 1, NULL),
                   ==, vn (2025, 3, 4, 11, 30));

  /* Received after hours, Monday 18:00: Tuesday 07:30 + 8 h = 17:00. */
  g_assert_cmpint (mc_calendar_add_working_days (calendar, vn (2025, 3, 3, 18, 0), 1, NULL),
                   ==, vn (2025, 3, 4, 17, 0));

  /* Received on Sunday 2/3/2025 09:00: Monday 07:30 + 8 h = Monday 17:00. */
  g_assert_cmpint (mc_calendar_add_working_days (calendar, vn (2025, 3, 2, 9, 0), 1, NULL),
                   ==, vn (2025, 3, 3, 17, 0));

  /* Exactly one day from the opening: the same day at closing time. */
  g_assert_cmpint (mc_calendar_add_working_days (calendar, vn (2025, 3, 3, 7, 30), 1, NULL),
                   ==, vn (2025, 3, 3, 17, 0));

  /* Tết: Friday 24/1/2025 16:00 + 2 days (16 h): Friday 16:00–17:00 (1 h);
   * 25/1–2/2 off (weekends and Tết 27–31/1); Monday 3/2 (8 h, 9 in all);
   * Tuesday 4/2 07:30–11:30 (13 h), 13:00 + 3 h = 16:00. */
  g_assert_cmpint (mc_calendar_add_working_days (calendar, vn (2025, 1, 24, 16, 0), 2, NULL),
                   ==, vn (2025, 2, 4, 16, 0));

  /* The swapped Saturday: Friday 25/4/2025 09:00 + 1 day: Friday
   * 09:00–11:30 and 13:00–17:00 (6.5 h); Saturday 26/4 is worked:
   * 07:30 + 1.5 h = 09:00. */
  g_assert_cmpint (mc_calendar_add_working_days (calendar, vn (2025, 4, 25, 9, 0), 1, NULL),
                   ==, vn (2025, 4, 26, 9, 0));

  /* National Day 2025: Monday 25/8 08:00 + 5 days (40 h): 25/8 7.5 h,
   * 26–29/8 4 × 8 h (39.5 h); 30–31/8 weekend, 1–2/9 holidays; Wednesday
   * 3/9 07:30 + 0.5 h = 08:00. */
  g_assert_cmpint (mc_calendar_add_working_days (calendar, vn (2025, 8, 25, 8, 0), 5, NULL),
                   ==, vn (2025, 9, 3, 8, 0));

  /* New Year 2026: Wednesday 31/12/2025 17:00 + 1 day: 1/1 holiday, 2/1
   * swapped off, 3–4/1 weekend; Monday 5/1 07:30 + 8 h = 17:00. */
  g_assert_cmpint (mc_calendar_add_working_days (calendar, vn (2025, 12, 31, 17, 0), 1, NULL),
                   ==, vn (2026, 1, 5, 17, 0));

  /* No time limit: the appointment is the reception itself. */
  g_assert_cmpint (mc_calendar_add_working_days (calendar, vn (2025, 3, 3, 18, 0), 0, NULL),
                   ==, vn (2025, 3, 3, 18, 0));

  /* Going back undoes going forward, up to the lunch break: 8 h before
   * Tuesday 8/4 11:30 is Tuesday 07:30–11:30 (4 h), Monday the holiday,
   * Friday 13:00–17:00 (4 h): Friday 13:00, the same working instant as
   * Friday 11:30 (nothing is worked in between). Going back, an exact fit
   * stops at the start of a session. */
  g_assert_cmpint (mc_calendar_add_working_seconds (calendar, vn (2025, 4, 8, 11, 30), -8 * 3600, NULL),
                   ==, vn (2025, 4, 4, 13, 0));
  g_assert_cmpint (mc_calendar_working_seconds_between (calendar, vn (2025, 4, 4, 11, 30),
                                                        vn (2025, 4, 4, 13, 0), NULL), ==, 0);
  /* 30 minutes before Monday 3/3 13:15 is 11:15 (the lunch break skipped). */
  g_assert_cmpint (mc_calendar_add_working_seconds (calendar, vn (2025, 3, 3, 13, 15), -30 * 60, NULL),
                   ==, vn (2025, 3, 3, 11, 15));
}

static void
test_working_seconds_between (void)
{
  g_autoptr(McCalendar) calendar = load_shipped ();
  gint64 due, left, resumed;

  /* A whole working day is 8 hours. */
  g_assert_cmpint (mc_calendar_working_seconds_between (calendar, vn (2025, 3, 3, 7, 30),
                                                        vn (2025, 3, 3, 17, 0), NULL), ==, 8 * 3600);
  /* Across the lunch break: 11:00–11:30 and 13:00–13:30. */
  g_assert_cmpint (mc_calendar_working_seconds_between (calendar, vn (2025, 3, 3, 11, 0),
                                                        vn (2025, 3, 3, 13, 30), NULL), ==, 3600);
  /* Friday 4/4 16:00 to Tuesday 8/4 08:30: 1 h on Friday, Monday is the
   * Hùng Kings' day, 1 h on Tuesday. Backwards it is negative. */
  g_assert_cmpint (mc_calendar_working_seconds_between (calendar, vn (2025, 4, 4, 16, 0),
                                                        vn (2025, 4, 8, 8, 30), NULL), ==, 2 * 3600);
  g_assert_cmpint (mc_calendar_working_seconds_between (calendar, vn (2025, 4, 8, 8, 30),
                                                        vn (2025, 4, 4, 16, 0), NULL), ==, -2 * 3600);
  /* Nothing is worked over Tết. */
  g_assert_cmpint (mc_calendar_working_seconds_between (calendar, vn (2025, 1, 25, 0, 0),
                                                        vn (2025, 2, 3, 0, 0), NULL), ==, 0);

  /* The supplement pause. Received Monday 3/3/2025 08:00 with 3 days:
   * 3/3 7.5 h, 4/3 8 h, 5/3 8 h (23.5 h), Thursday 07:30 + 0.5 h: due
   * Thursday 6/3 08:00. Paused Tuesday 4/3 13:00: left = 4 h (Tuesday) +
   * 8 h (Wednesday) + 0.5 h (Thursday) = 12.5 h. Resumed Monday 10/3
   * 09:00: 2.5 h + 4 h on Monday (6.5 h), Tuesday 07:30–11:30 (10.5 h),
   * 13:00 + 2 h: Tuesday 11/3 15:00. */
  due = mc_calendar_add_working_days (calendar, vn (2025, 3, 3, 8, 0), 3, NULL);
  g_assert_cmpint (due, ==, vn (2025, 3, 6, 8, 0));
  left = mc_calendar_working_seconds_between (calendar, vn (2025, 3, 4, 13, 0), due, NULL);
  g_assert_cmpint (left, ==, 12 * 3600 + 30 * 60);
  resumed = mc_calendar_add_working_seconds (calendar, vn (2025, 3, 10, 9, 0), left, NULL);
  g_assert_cmpint (resumed, ==, vn (2025, 3, 11, 15, 0));
}

static void
test_due_soon (void)
{
  g_autoptr(McCalendar) calendar = load_shipped ();
  gint64 now = vn (2025, 4, 4, 15, 0);

  /* Friday 4/4/2025 15:00 + 8 h: 15:00–17:00 (2 h), Monday is the Hùng
   * Kings' day, Tuesday 07:30–11:30 (6 h), 13:00 + 2 h = 15:00. */
  g_assert_cmpint (mc_calendar_due_soon_limit (calendar, now, NULL), ==, vn (2025, 4, 8, 15, 0));

  g_assert_cmpint (mc_calendar_deadline_status (calendar, vn (2025, 4, 8, 14, 0), now), ==,
                   MC_DEADLINE_DUE_SOON);
  g_assert_cmpint (mc_calendar_deadline_status (calendar, vn (2025, 4, 8, 16, 0), now), ==,
                   MC_DEADLINE_ON_TIME);
  g_assert_cmpint (mc_calendar_deadline_status (calendar, vn (2025, 4, 4, 14, 0), now), ==,
                   MC_DEADLINE_LATE);
  /* Due this very second is not late yet. */
  g_assert_cmpint (mc_calendar_deadline_status (calendar, now, now), ==, MC_DEADLINE_DUE_SOON);
}

static gboolean
warnings_contain (char      **warnings,
                  const char *text)
{
  for (guint i = 0; warnings != NULL && warnings[i] != NULL; i++)
    if (strstr (warnings[i], text) != NULL)
      return TRUE;

  return FALSE;
}

static void
test_year_without_table_warns (void)
{
  g_autoptr(McCalendar) calendar = load_shipped ();
  g_auto(GStrv) warnings = NULL;
  g_auto(GStrv) day_warnings = NULL;
  g_auto(GStrv) unconfirmed = NULL;
  McDayInfo info;
  gint64 due;
  GDate d;

  g_assert_false (mc_calendar_has_official_table (calendar, 2027));

  /* Wednesday 30/12/2026 08:00 + 5 days: computed (not refused), with a
   * warning naming 2027. 30/12 7.5 h, 31/12 8 h; 1/1/2027 (Friday)
   * holiday; 2–3/1 weekend; 4–6/1 24 h (39.5 h); Thursday 7/1 08:00. */
  due = mc_calendar_add_working_days (calendar, vn (2026, 12, 30, 8, 0), 5, &warnings);
  g_assert_cmpint (due, ==, vn (2027, 1, 7, 8, 0));
  g_assert_true (warnings_contain (warnings, "2027"));
  g_assert_true (warnings_contain (warnings, "No official holiday table"));

  /* Tết 2027 from the base rule: mùng 1 is Saturday 6/2/2027 (published
   * table above), the rule places the five days from the day before. */
  d = date (2027, 2, 5);
  g_assert_cmpint (mc_calendar_get_day (calendar, &d, &info, &day_warnings), ==, MC_DAY_TET);
  g_assert_false (info.official);
  g_assert_true (warnings_contain (day_warnings, "2027"));

  /* A limit crossing the unconfirmed 2026 National Day swap says so. */
  mc_calendar_add_working_days (calendar, vn (2026, 8, 28, 8, 0), 3, &unconfirmed);
  g_assert_true (warnings_contain (unconfirmed, "2026-08-31"));
  g_assert_false (warnings_contain (unconfirmed, "No official holiday table"));
}

static void
test_office_hours (void)
{
  g_autoptr(McCalendar) calendar = load_shipped ();
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_cmpint (mc_calendar_get_working_day_seconds (calendar), ==, 8 * 3600);
  before = mc_calendar_get_office_hours (calendar);
  g_assert_cmpstr (before, ==, "07:30-11:30, 13:00-17:00");

  /* Bad specifications are refused and change nothing. */
  g_assert_false (mc_calendar_set_office_hours (calendar, "13:00-11:30", &error));
  g_assert_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_INVALID_HOURS);
  g_clear_error (&error);
  g_assert_false (mc_calendar_set_office_hours (calendar, "07:30-11:30, 11:00-17:00", &error));
  g_assert_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_INVALID_HOURS);
  g_clear_error (&error);
  g_assert_false (mc_calendar_set_office_hours (calendar, "morning", &error));
  g_assert_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_INVALID_HOURS);
  g_clear_error (&error);
  after = mc_calendar_get_office_hours (calendar);
  g_assert_cmpstr (after, ==, before);

  /* 08:00–12:00 and 13:30–17:30: Monday 3/3/2025 08:00 + 1 day (8 h) is
   * Monday 17:30. */
  g_assert_true (mc_calendar_set_office_hours (calendar, "08:00-12:00,13:30-17:30", &error));
  g_assert_no_error (error);
  g_assert_cmpint (mc_calendar_add_working_days (calendar, vn (2025, 3, 3, 8, 0), 1, NULL),
                   ==, vn (2025, 3, 3, 17, 30));

  /* From a key file, with a 4-hour working day: Monday 07:30 + 4 h. */
  g_key_file_set_string (key_file, "office", "office-hours", "07:30-11:30, 13:00-17:00");
  g_key_file_set_string (key_file, "office", "working-day-hours", "4");
  g_assert_true (mc_calendar_set_office_hours_from_key_file (calendar, key_file, "office", &error));
  g_assert_no_error (error);
  g_assert_cmpint (mc_calendar_add_working_days (calendar, vn (2025, 3, 3, 7, 30), 1, NULL),
                   ==, vn (2025, 3, 3, 11, 30));

  g_key_file_set_string (key_file, "office", "working-day-hours", "zero");
  g_assert_false (mc_calendar_set_office_hours_from_key_file (calendar, key_file, "office", &error));
  g_assert_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_INVALID_HOURS);
  g_assert_cmpint (mc_calendar_get_working_day_seconds (calendar), ==, 4 * 3600);
}

/* A holiday folder made at test time: a copy of the shipped base rules with
 * one line replaced, and optionally a year table. */
static char *
make_folder (const char *base_from,
             const char *base_to,
             const char *year_name,
             const char *year_text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("motcua-holidays-XXXXXX", &error);
  g_autofree char *shipped = g_build_filename (g_getenv ("MOTCUA_SOURCE_DIR"), "data", "holidays",
                                               "base.ini", NULL);
  g_autofree char *text = NULL;
  g_autofree char *path = g_build_filename (dir, "base.ini", NULL);
  GString *edited;

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (shipped, &text, NULL, &error));
  edited = g_string_new (text);
  if (base_from != NULL)
    g_assert_cmpuint (g_string_replace (edited, base_from, base_to, 1), ==, 1);
  g_assert_true (g_file_set_contents (path, edited->str, -1, &error));
  g_string_free (edited, TRUE);

  if (year_name != NULL)
    {
      g_autofree char *year_path = g_build_filename (dir, year_name, NULL);

      g_assert_true (g_file_set_contents (year_path, year_text, -1, &error));
    }
  g_assert_no_error (error);

  return g_steal_pointer (&dir);
}

static void
remove_folder (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* The line of the shipped base.ini where @text starts. */
static guint
shipped_line_of (const char *text)
{
  g_autofree char *path = g_build_filename (g_getenv ("MOTCUA_SOURCE_DIR"), "data", "holidays",
                                            "base.ini", NULL);
  g_autofree char *contents = NULL;
  const char *found;
  guint line = 1;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  found = strstr (contents, text);
  g_assert_nonnull (found);
  for (const char *p = contents; p < found; p++)
    line += *p == '\n';

  return line;
}

/* Loading must fail with MC_CALENDAR_ERROR_MALFORMED naming @file, @line
 * (0: the line where @base_from was in the shipped file) and @what. */
static void
assert_refused (const char *base_from,
                const char *base_to,
                const char *year_name,
                const char *year_text,
                const char *file,
                guint       line,
                const char *what)
{
  g_autofree char *dir = make_folder (base_from, base_to, year_name, year_text);
  g_autofree char *line_text = g_strdup_printf ("line %u:", line != 0 ? line : shipped_line_of (base_from));
  g_autoptr(GError) error = NULL;
  g_autoptr(McCalendar) calendar = mc_calendar_load_sync (dir, NULL, &error);

  g_assert_null (calendar);
  g_assert_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_MALFORMED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, file));
  g_assert_nonnull (strstr (error->message, line_text));
  g_assert_nonnull (strstr (error->message, what));
  remove_folder (dir);
}

static void
test_malformed_files (void)
{
  static const char year_head[] = "[year]\nyear = 2025\nsource = test\n";
  g_autofree char *swap_on_saturday = g_strconcat (year_head, "\n[day 2025-05-03]\nkind = swapped-off\nname = x\nsource = test\n", NULL);
  g_autofree char *unknown_rule = g_strconcat (year_head, "[rule tết]\ndates = 2025-01-27\nsource = test\n", NULL);
  g_autofree char *bad_range = g_strconcat (year_head, "[rule tet]\ndates = 2025-01-31..2025-01-27\nsource = test\n", NULL);
  g_autofree char *other_year = g_strconcat (year_head, "[rule tet]\n\ndates = 2026-02-16\nsource = test\n", NULL);
  g_autofree char *empty_dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McCalendar) calendar = NULL;

  /* Base rules, each made wrong on one line of a copy of the shipped file:
   * a misspelt key, a date that does not exist, bytes that are not UTF-8,
   * a line that is no "key = value", office hours that end before they
   * start. */
  assert_refused ("kind = tet", "knd = tet", NULL, NULL, "base.ini", 0, "knd");
  assert_refused ("from = 2026-07-01", "from = 2026-02-30", NULL, NULL, "base.ini", 0, "2026-02-30");
  assert_refused ("# Base rules", "# Base \xff rules", NULL, NULL, "base.ini", 1, "UTF-8");
  assert_refused ("weekend = 6, 7", "weekend 6, 7", NULL, NULL, "base.ini", 0, "weekend 6, 7");
  assert_refused ("office-hours = 07:30-11:30, 13:00-17:00", "office-hours = 07:30-11:30, 17:00-13:00",
                  NULL, NULL, "base.ini", 0, "17:00-13:00");

  /* Year tables: a file named 2025.ini that says 2026 (line 2); a swapped
   * day off on a Saturday, 3/5/2025 (line 6); dates for a rule that does
   * not exist (line 4); a range backwards (line 5); a date of another year
   * (line 6). */
  assert_refused (NULL, NULL, "2025.ini", "[year]\nyear = 2026\nsource = test\n",
                  "2025.ini", 2, "2026");
  assert_refused (NULL, NULL, "2025.ini", swap_on_saturday, "2025.ini", 6, "2025-05-03");
  assert_refused (NULL, NULL, "2025.ini", unknown_rule, "2025.ini", 4, "tết");
  assert_refused (NULL, NULL, "2025.ini", bad_range, "2025.ini", 5, "dates");
  assert_refused (NULL, NULL, "2025.ini", other_year, "2025.ini", 6, "2025");

  /* No base rules at all. */
  empty_dir = g_dir_make_tmp ("motcua-holidays-XXXXXX", &error);
  g_assert_no_error (error);
  calendar = mc_calendar_load_sync (empty_dir, NULL, &error);
  g_assert_null (calendar);
  g_assert_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "base.ini"));
  g_assert_cmpint (g_rmdir (empty_dir), ==, 0);
}

/* A year table that is well formed is honoured: a made-up extra day off. */
static void
test_extra_year_table (void)
{
  g_autofree char *dir = make_folder (NULL, NULL, "2027.ini",
                                      "[year]\nyear = 2027\nsource = test notice\n\n"
                                      "[day 2027-03-08]\nkind = holiday\nname = Test day\nsource = test notice\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(McCalendar) calendar = mc_calendar_load_sync (dir, NULL, &error);
  g_auto(GStrv) warnings = NULL;
  McDayInfo info;
  GDate d = date (2027, 3, 8);

  g_assert_no_error (error);
  g_assert_true (mc_calendar_has_official_table (calendar, 2027));
  g_assert_cmpint (mc_calendar_get_day (calendar, &d, &info, &warnings), ==, MC_DAY_HOLIDAY);
  g_assert_cmpstr (info.name, ==, "Test day");
  g_assert_true (info.official);
  g_assert_null (warnings);
  remove_folder (dir);
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  McCalendar **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = mc_calendar_load_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_load_async (void)
{
  g_autofree char *dir = g_build_filename (g_getenv ("MOTCUA_SOURCE_DIR"), "data", "holidays", NULL);
  g_autoptr(McCalendar) calendar = NULL;
  GDate d = date (2026, 2, 17);

  mc_calendar_load_async (dir, NULL, loaded_cb, &calendar);
  while (calendar == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpstr (mc_calendar_get_data_dir (calendar), ==, dir);
  g_assert_cmpint (mc_calendar_get_day (calendar, &d, NULL, NULL), ==, MC_DAY_TET);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/calendar/holidays/2025-as-announced", test_2025_as_announced);
  g_test_add_func ("/calendar/holidays/2026-as-announced", test_2026_as_announced);
  g_test_add_func ("/calendar/holidays/day-kinds", test_day_kinds);
  g_test_add_func ("/calendar/time/deadlines", test_deadlines);
  g_test_add_func ("/calendar/time/working-seconds-between", test_working_seconds_between);
  g_test_add_func ("/calendar/time/due-soon", test_due_soon);
  g_test_add_func ("/calendar/time/year-without-table-warns", test_year_without_table_warns);
  g_test_add_func ("/calendar/office-hours", test_office_hours);
  g_test_add_func ("/calendar/data/malformed-files", test_malformed_files);
  g_test_add_func ("/calendar/data/extra-year-table", test_extra_year_table);
  g_test_add_func ("/calendar/data/load-async", test_load_async);

  return g_test_run ();
}
