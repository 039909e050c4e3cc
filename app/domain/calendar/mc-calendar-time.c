/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Working-time arithmetic: the clock of a time limit runs only during office
 * sessions on working days. Adding N working days is adding N × 8 hours of
 * office time, so a dossier received after hours or on a Sunday starts
 * counting at the next opening, and one received at 11:30 with a day to go
 * is due at 11:30 on the next working day. Subtracting and measuring walk
 * the same sessions, which is what the supplement pause needs: the time
 * left is measured when the clock stops and added back when it restarts. */
#define G_LOG_DOMAIN "motcua-calendar"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-calendar.h"
#include "mc-calendar-private.h"
#include "mc-holiday-data.h"
#include "mc-year-days.h"

#define VIETNAM_OFFSET (7 * 3600)
#define SECONDS_PER_DAY 86400
#define EPOCH_JULIAN 719163 /* g_date_get_julian () of 1970-01-01 */

/* Vietnam days since 1970-01-01 and back. */
static gint64
day_of (gint64 instant)
{
  gint64 shifted = instant + VIETNAM_OFFSET;

  return shifted >= 0 ? shifted / SECONDS_PER_DAY
                      : -((-shifted + SECONDS_PER_DAY - 1) / SECONDS_PER_DAY);
}

static gint64
start_of_day (gint64 day)
{
  return day * SECONDS_PER_DAY - VIETNAM_OFFSET;
}

static gint64
day_of_date (int year,
             int month,
             int day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);

  return (gint64) g_date_get_julian (&date) - EPOCH_JULIAN;
}

/* The span the arithmetic works in: whole years whose holidays are known. */
static gint64
first_day (void)
{
  return day_of_date (MC_CALENDAR_FIRST_YEAR, 1, 1);
}

static gint64
last_day (void)
{
  return day_of_date (MC_CALENDAR_LAST_YEAR, 12, 31);
}

static void
warn_range (McWarnings *warnings)
{
  mc_warnings_take (warnings, g_strdup_printf (_("Working time is only counted between %d and %d; the result was cut at that limit."),
                                               MC_CALENDAR_FIRST_YEAR, MC_CALENDAR_LAST_YEAR));
}

static gboolean
day_is_worked (McCalendar *self,
               gint64      day,
               McWarnings *warnings)
{
  McDayKind kind;
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, (guint32) (day + EPOCH_JULIAN));
  kind = mc_calendar_lookup (self, &date, NULL, warnings);

  return kind == MC_DAY_WORKING || kind == MC_DAY_WORKING_WEEKEND;
}

static gint64
add_forward (McCalendar *self,
             GArray     *sessions,
             gint64      from,
             gint64      amount,
             McWarnings *warnings)
{
  gint64 now = from;

  for (gint64 day = day_of (from);; day++)
    {
      gint64 midnight = start_of_day (day);

      if (day > last_day ())
        {
          warn_range (warnings);
          return start_of_day (last_day () + 1);
        }

      if (day_is_worked (self, day, warnings))
        for (guint i = 0; i < sessions->len; i++)
          {
            const McOfficeSession *session = &g_array_index (sessions, McOfficeSession, i);
            gint64 begin = MAX (now, midnight + session->start);
            gint64 end = midnight + session->end;

            if (begin >= end)
              continue;
            if (amount <= end - begin)
              return begin + amount;
            amount -= end - begin;
          }

      now = start_of_day (day + 1);
    }
}

static gint64
add_backward (McCalendar *self,
              GArray     *sessions,
              gint64      from,
              gint64      amount,
              McWarnings *warnings)
{
  gint64 now = from;

  for (gint64 day = day_of (from);; day--)
    {
      gint64 midnight = start_of_day (day);

      if (day < first_day ())
        {
          warn_range (warnings);
          return start_of_day (first_day ());
        }

      if (day_is_worked (self, day, warnings))
        for (guint i = sessions->len; i > 0; i--)
          {
            const McOfficeSession *session = &g_array_index (sessions, McOfficeSession, i - 1);
            gint64 begin = midnight + session->start;
            gint64 end = MIN (now, midnight + session->end);

            if (end <= begin)
              continue;
            if (amount <= end - begin)
              return end - amount;
            amount -= end - begin;
          }

      now = midnight;
    }
}

/**
 * mc_calendar_add_working_seconds:
 * @self: a #McCalendar
 * @from: an instant (Unix seconds)
 * @seconds: office time to add; negative to go back
 * @warnings: (out) (optional) (transfer full) (array zero-terminated=1):
 *   warnings to show (a year without an official table, an unconfirmed
 *   day), or %NULL when there are none
 *
 * Moves @seconds of office time forward (or back) from @from, skipping the
 * time the office is closed. Outside office hours the count starts at the
 * next opening (or, going back, at the last closing). An exact fit ends at
 * the end of a session: 4 hours from 07:30 is 11:30, not 13:00 (going back,
 * at the start of one).
 *
 * Returns: the instant reached (Unix seconds)
 */
gint64
mc_calendar_add_working_seconds (McCalendar   *self,
                                 gint64        from,
                                 gint64        seconds,
                                 char       ***warnings)
{
  g_autoptr(GArray) sessions = NULL;
  McWarnings collected;
  gint64 result;

  g_return_val_if_fail (MC_IS_CALENDAR (self), from);

  mc_warnings_init (&collected, warnings);
  sessions = mc_calendar_copy_sessions (self);

  if (day_of (from) < first_day () || day_of (from) > last_day ())
    {
      warn_range (&collected);
      result = from;
    }
  else if (seconds > 0)
    result = add_forward (self, sessions, from, seconds, &collected);
  else if (seconds < 0)
    result = add_backward (self, sessions, from, seconds == G_MININT64 ? G_MAXINT64 : -seconds,
                           &collected);
  else
    result = from;

  mc_warnings_finish (&collected, warnings);

  return result;
}

/**
 * mc_calendar_add_working_days:
 * @self: a #McCalendar
 * @from: the reception instant (Unix seconds)
 * @days: the time limit in working days
 * @warnings: (out) (optional) (transfer full) (array zero-terminated=1):
 *   warnings to show, or %NULL when there are none
 *
 * The appointment for a dossier received at @from with a limit of @days
 * working days, each worth #McCalendar:working-day-seconds of office time.
 *
 * Returns: the appointment (Unix seconds)
 */
gint64
mc_calendar_add_working_days (McCalendar   *self,
                              gint64        from,
                              guint         days,
                              char       ***warnings)
{
  g_return_val_if_fail (MC_IS_CALENDAR (self), from);

  return mc_calendar_add_working_seconds (self, from,
                                          (gint64) days * mc_calendar_get_working_day_seconds (self),
                                          warnings);
}

/**
 * mc_calendar_working_seconds_between:
 * @self: a #McCalendar
 * @start: an instant (Unix seconds)
 * @end: another instant
 * @warnings: (out) (optional) (transfer full) (array zero-terminated=1):
 *   warnings to show, or %NULL when there are none
 *
 * Measures the office time from @start to @end; negative when @end comes
 * first. At a supplement request store
 * `mc_calendar_working_seconds_between (cal, now, due)` as the time left;
 * at the complete dossier's reception the new appointment is
 * `mc_calendar_add_working_seconds (cal, now, left)`.
 *
 * Returns: working seconds
 */
gint64
mc_calendar_working_seconds_between (McCalendar   *self,
                                     gint64        start,
                                     gint64        end,
                                     char       ***warnings)
{
  g_autoptr(GArray) sessions = NULL;
  McWarnings collected;
  gint64 total = 0;
  gint64 sign = 1;

  g_return_val_if_fail (MC_IS_CALENDAR (self), 0);

  mc_warnings_init (&collected, warnings);
  sessions = mc_calendar_copy_sessions (self);

  if (end < start)
    {
      gint64 swap = start;

      start = end;
      end = swap;
      sign = -1;
    }

  for (gint64 day = MAX (day_of (start), first_day ()); start < end && day <= day_of (end); day++)
    {
      gint64 midnight = start_of_day (day);

      if (day > last_day ())
        {
          warn_range (&collected);
          break;
        }
      if (!day_is_worked (self, day, &collected))
        continue;

      for (guint i = 0; i < sessions->len; i++)
        {
          const McOfficeSession *session = &g_array_index (sessions, McOfficeSession, i);
          gint64 begin = MAX (start, midnight + session->start);
          gint64 finish = MIN (end, midnight + session->end);

          if (finish > begin)
            total += finish - begin;
        }
    }
  if (start < end && day_of (start) < first_day ())
    warn_range (&collected);

  mc_warnings_finish (&collected, warnings);

  return sign * total;
}

/**
 * mc_calendar_due_soon_limit:
 * @self: a #McCalendar
 * @now: the current instant (Unix seconds)
 * @warnings: (out) (optional) (transfer full) (array zero-terminated=1):
 *   warnings to show, or %NULL when there are none
 *
 * The end of the "due soon" window: one working day of office time from
 * @now. A running dossier with `now <= due < limit` is due soon.
 *
 * Returns: the limit (Unix seconds)
 */
gint64
mc_calendar_due_soon_limit (McCalendar   *self,
                            gint64        now,
                            char       ***warnings)
{
  g_return_val_if_fail (MC_IS_CALENDAR (self), now);

  return mc_calendar_add_working_days (self, now, 1, warnings);
}

/**
 * mc_calendar_deadline_status:
 * @self: a #McCalendar
 * @due: the appointment (Unix seconds)
 * @now: the current instant
 *
 * Returns: %MC_DEADLINE_LATE once @now is past @due,
 *   %MC_DEADLINE_DUE_SOON when @due comes within the next working day,
 *   else %MC_DEADLINE_ON_TIME
 */
McDeadlineStatus
mc_calendar_deadline_status (McCalendar *self,
                             gint64      due,
                             gint64      now)
{
  g_return_val_if_fail (MC_IS_CALENDAR (self), MC_DEADLINE_ON_TIME);

  if (now > due)
    return MC_DEADLINE_LATE;
  if (due < mc_calendar_due_soon_limit (self, now, NULL))
    return MC_DEADLINE_DUE_SOON;

  return MC_DEADLINE_ON_TIME;
}
