/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The holiday tables as read from data/holidays: the base rules of the
 * Labour Code and one table per year of what the government announced.
 * Kept apart from McCalendar so that reading (and refusing) a file is one
 * concern and computing with the rules another. Private to the calendar. */
#pragma once

#include <glib.h>

#include "mc-calendar.h"

G_BEGIN_DECLS

typedef struct
{
  char     *id;
  char     *name;
  McDayKind kind;            /* MC_DAY_HOLIDAY or MC_DAY_TET */
  gboolean  lunar;           /* the anchor is a lunar (not solar) month-day */
  int       anchor_month;
  int       anchor_day;
  GArray   *offsets;         /* int: days from the anchor */
  gboolean  by_weekday;      /* one offset chosen by the anchor's weekday */
  int       weekday_offsets[7]; /* Monday … Sunday */
  gboolean  compensate;
  GDate     from;
  GDate     until;           /* invalid: open-ended */
  gboolean  confirmed;
  char     *source;
} McHolidayRule;

typedef struct
{
  char    *rule_id;
  GArray  *dates;            /* GDate */
  int      compensate;       /* -1: as the base rule says */
  gboolean confirmed;
  char    *source;
} McRuleOverride;

typedef struct
{
  GDate     date;
  McDayKind kind;
  char     *name;
  char     *source;
  gboolean  confirmed;
} McDayOverride;

typedef struct
{
  int        year;
  char      *path;
  char      *source;
  GPtrArray *rule_overrides; /* McRuleOverride */
  GPtrArray *days;           /* McDayOverride */
} McYearTable;

typedef struct
{
  char      *path;
  guint      weekend_mask;   /* bit n set: ISO weekday n is a rest day */
  char      *office_hours;
  double     working_day_hours;
  char      *compensatory_prefix;
  char      *compensatory_source;
  GPtrArray *rules;          /* McHolidayRule */
} McHolidayBase;

/* One opening of the office, in seconds after local midnight. */
typedef struct
{
  int start;
  int end;
} McOfficeSession;

GArray               *mc_office_hours_parse     (const char           *spec,
                                                 GError              **error);

McHolidayBase        *mc_holiday_base_load      (const char           *path,
                                                 GError              **error);
void                  mc_holiday_base_free      (McHolidayBase        *base);
const McHolidayRule  *mc_holiday_base_find_rule (const McHolidayBase  *base,
                                                 const char           *id);
gboolean              mc_holiday_base_is_rest_day (const McHolidayBase *base,
                                                 const GDate          *date);

McYearTable          *mc_year_table_load        (const char           *path,
                                                 int                   year,
                                                 const McHolidayBase  *base,
                                                 GError              **error);
McYearTable          *mc_year_table_load_data   (const char           *origin,
                                                 const char           *contents,
                                                 gssize                length,
                                                 int                   year,
                                                 const McHolidayBase  *base,
                                                 GError              **error);
void                  mc_year_table_free        (McYearTable          *table);
const McRuleOverride *mc_year_table_find_rule   (const McYearTable    *table,
                                                 const char           *id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McHolidayBase, mc_holiday_base_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McYearTable, mc_year_table_free)

G_END_DECLS
