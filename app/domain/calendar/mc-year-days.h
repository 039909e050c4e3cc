/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One year of exceptional days (holidays, Tết, compensatory days, swaps),
 * worked out from the base rules and the year's official table. Apart from
 * McCalendar so the rules of the Labour Code sit in one short file. Private
 * to the calendar. */
#pragma once

#include <glib.h>

#include "mc-holiday-data.h"
#include "mc-lunar.h"

G_BEGIN_DECLS

/* The years whose holidays can be computed: the lunar calendar needs the
 * year before and after. */
#define MC_CALENDAR_FIRST_YEAR (MC_LUNAR_FIRST_YEAR + 1)
#define MC_CALENDAR_LAST_YEAR (MC_LUNAR_LAST_YEAR - 1)

typedef struct
{
  GDate     date;
  McDayKind kind;
  char     *name;
  char     *source;
  gboolean  confirmed;
  gboolean  compensate;
} McDayEntry;

typedef struct
{
  int         year;
  gboolean    official;
  GHashTable *by_julian; /* g_date_get_julian () → McDayEntry, owned by entries */
  GPtrArray  *entries;   /* McDayEntry, in date order */
} McYearDays;

McYearDays *mc_year_days_compute (const McHolidayBase *base,
                                  const McYearTable   *table,
                                  int                  year);
void        mc_year_days_free    (McYearDays          *days);
McDayEntry *mc_year_days_find    (const McYearDays    *days,
                                  const GDate         *date);

G_END_DECLS
