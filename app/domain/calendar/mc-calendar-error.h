/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one error domain of the working-time calendar (lunar dates, holiday
 * tables, office hours), so callers can tell a broken data file from a date
 * the calendar cannot handle. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MC_CALENDAR_ERROR (mc_calendar_error_quark ())

/**
 * McCalendarError:
 * @MC_CALENDAR_ERROR_NOT_FOUND: the holiday folder or its base rule file is missing
 * @MC_CALENDAR_ERROR_MALFORMED: a holiday data file cannot be understood
 * @MC_CALENDAR_ERROR_INVALID_HOURS: office hours that make no sense
 * @MC_CALENDAR_ERROR_INVALID_DATE: a date that does not exist (31 February, 31st of a 29-day lunar month, …)
 * @MC_CALENDAR_ERROR_OUT_OF_RANGE: a date outside the years the calendar computes
 */
typedef enum {
  MC_CALENDAR_ERROR_NOT_FOUND,
  MC_CALENDAR_ERROR_MALFORMED,
  MC_CALENDAR_ERROR_INVALID_HOURS,
  MC_CALENDAR_ERROR_INVALID_DATE,
  MC_CALENDAR_ERROR_OUT_OF_RANGE,
} McCalendarError;

GQuark mc_calendar_error_quark (void);

G_END_DECLS
