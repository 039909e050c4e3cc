/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The working-time calendar of a one-stop office: which days are worked,
 * when the office is open, and what a time limit in working days comes to.
 * Appointment dates, the supplement pause and the "due soon" and "late"
 * queues are all computed here, from the holiday tables in data/holidays. */
#pragma once

#include <gio/gio.h>

#include "mc-calendar-error.h"

G_BEGIN_DECLS

/**
 * McDayKind:
 * @MC_DAY_WORKING: an ordinary working day
 * @MC_DAY_WEEKEND: a weekly rest day (Saturday, Sunday)
 * @MC_DAY_HOLIDAY: a public holiday other than Tết
 * @MC_DAY_TET: one of the Lunar New Year days
 * @MC_DAY_COMPENSATORY: a day off making up for a holiday on a rest day
 * @MC_DAY_SWAPPED_OFF: a weekday off, swapped with a working weekend day
 * @MC_DAY_WORKING_WEEKEND: a Saturday or Sunday that is worked (swap)
 *
 * What a date is for the office.
 */
typedef enum {
  MC_DAY_WORKING,
  MC_DAY_WEEKEND,
  MC_DAY_HOLIDAY,
  MC_DAY_TET,
  MC_DAY_COMPENSATORY,
  MC_DAY_SWAPPED_OFF,
  MC_DAY_WORKING_WEEKEND,
} McDayKind;

/**
 * McDeadlineStatus:
 * @MC_DEADLINE_ON_TIME: more than one working day left
 * @MC_DEADLINE_DUE_SOON: due within the next working day
 * @MC_DEADLINE_LATE: the appointment has passed
 */
typedef enum {
  MC_DEADLINE_ON_TIME,
  MC_DEADLINE_DUE_SOON,
  MC_DEADLINE_LATE,
} McDeadlineStatus;

/**
 * McDayInfo:
 * @kind: what the day is
 * @name: (nullable): the holiday or swap, as the texts name it (Vietnamese)
 * @source: (nullable): the law or notice it comes from
 * @confirmed: %FALSE when the entry could not be checked against an official text
 * @official: %TRUE when the day's year has an official (override) table
 *
 * The strings belong to the calendar and live as long as it does.
 */
typedef struct
{
  McDayKind   kind;
  const char *name;
  const char *source;
  gboolean    confirmed;
  gboolean    official;
} McDayInfo;

/**
 * McCalendarDay:
 * @date: the date
 * @info: what it is
 *
 * One row of mc_calendar_list_exceptions().
 */
typedef struct
{
  GDate     date;
  McDayInfo info;
} McCalendarDay;

#define MC_TYPE_CALENDAR (mc_calendar_get_type ())
G_DECLARE_FINAL_TYPE (McCalendar, mc_calendar, MC, CALENDAR, GObject)

McCalendar       *mc_calendar_load_sync               (const char          *dir,
                                                       GCancellable        *cancellable,
                                                       GError             **error);
void              mc_calendar_load_async              (const char          *dir,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
McCalendar       *mc_calendar_load_finish             (GAsyncResult        *result,
                                                       GError             **error);

const char       *mc_calendar_get_data_dir            (McCalendar          *self);
gboolean          mc_calendar_has_official_table      (McCalendar          *self,
                                                       int                  year);
gboolean          mc_calendar_check_year_table        (McCalendar          *self,
                                                       int                  year,
                                                       const char          *contents,
                                                       const char          *origin,
                                                       GError             **error);
gboolean          mc_calendar_set_year_table          (McCalendar          *self,
                                                       int                  year,
                                                       const char          *contents,
                                                       const char          *origin,
                                                       GError             **error);

char             *mc_calendar_get_office_hours        (McCalendar          *self);
gboolean          mc_calendar_set_office_hours        (McCalendar          *self,
                                                       const char          *spec,
                                                       GError             **error);
gboolean          mc_calendar_set_office_hours_from_key_file (McCalendar   *self,
                                                       GKeyFile            *key_file,
                                                       const char          *group,
                                                       GError             **error);
gint64            mc_calendar_get_working_day_seconds (McCalendar          *self);
gboolean          mc_calendar_set_working_day_seconds (McCalendar          *self,
                                                       gint64               seconds,
                                                       GError             **error);

McDayKind         mc_calendar_get_day                 (McCalendar          *self,
                                                       const GDate         *date,
                                                       McDayInfo           *info,
                                                       char              ***warnings);
gboolean          mc_calendar_is_working_day          (McCalendar          *self,
                                                       const GDate         *date);
GArray           *mc_calendar_list_exceptions         (McCalendar          *self,
                                                       int                  year,
                                                       char              ***warnings);

gint64            mc_calendar_add_working_seconds     (McCalendar          *self,
                                                       gint64               from,
                                                       gint64               seconds,
                                                       char              ***warnings);
gint64            mc_calendar_add_working_days        (McCalendar          *self,
                                                       gint64               from,
                                                       guint                days,
                                                       char              ***warnings);
gint64            mc_calendar_working_seconds_between (McCalendar          *self,
                                                       gint64               start,
                                                       gint64               end,
                                                       char              ***warnings);
gint64            mc_calendar_due_soon_limit          (McCalendar          *self,
                                                       gint64               now,
                                                       char              ***warnings);
McDeadlineStatus  mc_calendar_deadline_status         (McCalendar          *self,
                                                       gint64               due,
                                                       gint64               now);

const char       *mc_day_kind_to_string               (McDayKind            kind);
const char       *mc_day_kind_get_label               (McDayKind            kind);

G_END_DECLS
