/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Labour Code's days off for one year. Rules give dates (solar or lunar
 * anchors, with offsets, in force between two dates); an official table
 * replaces a rule's dates or adds days; then every holiday that falls on a
 * weekly rest day earns the next free working day (art. 111(3)). A day owed
 * at the very end of December would fall into the next year and is not
 * carried; no holiday of the Code falls there. */
#define G_LOG_DOMAIN "motcua-calendar"

#include "config.h"

#include "mc-year-days.h"


static void
day_entry_free (gpointer data)
{
  McDayEntry *entry = data;

  g_free (entry->name);
  g_free (entry->source);
  g_free (entry);
}

void
mc_year_days_free (McYearDays *days)
{
  if (days == NULL)
    return;

  g_hash_table_unref (days->by_julian);
  g_ptr_array_unref (days->entries);
  g_free (days);
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const McDayEntry *x = *(McDayEntry * const *) a;
  const McDayEntry *y = *(McDayEntry * const *) b;

  return g_date_compare (&x->date, &y->date);
}

/**
 * mc_year_days_find:
 * @days: a year's days
 * @date: a date of that year
 *
 * Returns: (nullable): the exceptional day at @date, if any
 */
McDayEntry *
mc_year_days_find (const McYearDays *days,
                   const GDate      *date)
{
  return g_hash_table_lookup (days->by_julian, GUINT_TO_POINTER (g_date_get_julian (date)));
}

/* Adds a day; an existing entry stays unless @replace (a yearly table's
 * explicit day wins over what the rules computed). */
static void
add_entry (McYearDays    *days,
           const GDate *date,
           McDayKind    kind,
           const char  *name,
           const char  *source,
           gboolean     confirmed,
           gboolean     compensate,
           gboolean     replace)
{
  McDayEntry *entry = mc_year_days_find (days, date);

  if (entry != NULL && !replace)
    return;
  if (entry == NULL)
    {
      entry = g_new0 (McDayEntry, 1);
      entry->date = *date;
      g_ptr_array_add (days->entries, entry);
      g_hash_table_insert (days->by_julian, GUINT_TO_POINTER (g_date_get_julian (date)), entry);
    }
  g_free (entry->name);
  g_free (entry->source);
  entry->kind = kind;
  entry->name = g_strdup (name);
  entry->source = g_strdup (source);
  entry->confirmed = confirmed;
  entry->compensate = compensate;
}

static gboolean
in_effect (const McHolidayRule *rule,
           const GDate         *date)
{
  return g_date_compare (date, &rule->from) >= 0
         && (!g_date_valid (&rule->until) || g_date_compare (date, &rule->until) <= 0);
}

static void
shift_date (GDate *date,
            int    days)
{
  if (days < 0)
    g_date_subtract_days (date, (guint) -days);
  else
    g_date_add_days (date, (guint) days);
}

/* The dates a base rule gives in @year when no yearly table says otherwise. */
static GArray *
rule_dates (const McHolidayRule *rule,
            int                  year)
{
  g_autoptr(GArray) dates = g_array_new (FALSE, FALSE, sizeof (GDate));
  GDate anchor;

  g_date_clear (&anchor, 1);
  if (rule->lunar)
    {
      McLunarDate lunar = { rule->anchor_day, rule->anchor_month, year, FALSE };
      g_autoptr(GError) error = NULL;

      if (!mc_lunar_to_solar (&lunar, &anchor, &error))
        {
          g_debug ("Rule %s has no date in %d: %s", rule->id, year, error->message);
          return g_steal_pointer (&dates);
        }
    }
  else if (g_date_valid_dmy ((GDateDay) rule->anchor_day, (GDateMonth) rule->anchor_month,
                             (GDateYear) year))
    g_date_set_dmy (&anchor, (GDateDay) rule->anchor_day, (GDateMonth) rule->anchor_month,
                    (GDateYear) year);
  else
    return g_steal_pointer (&dates);

  if (rule->by_weekday)
    {
      GDate date = anchor;

      shift_date (&date, rule->weekday_offsets[g_date_get_weekday (&anchor) - 1]);
      g_array_append_val (dates, date);
    }
  else
    for (guint i = 0; i < rule->offsets->len; i++)
      {
        GDate date = anchor;

        shift_date (&date, g_array_index (rule->offsets, int, i));
        g_array_append_val (dates, date);
      }

  for (guint i = dates->len; i > 0; i--)
    {
      GDate *date = &g_array_index (dates, GDate, i - 1);

      if (!in_effect (rule, date) || g_date_get_year (date) != (GDateYear) year)
        g_array_remove_index (dates, i - 1);
    }

  return g_steal_pointer (&dates);
}

static gboolean
is_rest_day (const McHolidayBase *base,
             McYearDays          *days,
             const GDate         *date)
{
  McDayEntry *entry = mc_year_days_find (days, date);

  return mc_holiday_base_is_rest_day (base, date)
         && (entry == NULL || entry->kind != MC_DAY_WORKING_WEEKEND);
}

/* Art. 111(3) of the Labour Code: a holiday on a weekly rest day is made up
 * on the next working day; several stack up one after the other. */
static void
add_compensatory_days (const McHolidayBase *base,
                       McYearDays          *days)
{
  g_autoptr(GPtrArray) owed = g_ptr_array_new ();

  g_ptr_array_sort (days->entries, compare_entries);
  for (guint i = 0; i < days->entries->len; i++)
    {
      McDayEntry *entry = g_ptr_array_index (days->entries, i);

      if (entry->compensate && (entry->kind == MC_DAY_HOLIDAY || entry->kind == MC_DAY_TET)
          && is_rest_day (base, days, &entry->date))
        g_ptr_array_add (owed, entry);
    }

  for (guint i = 0; i < owed->len; i++)
    {
      McDayEntry *holiday = g_ptr_array_index (owed, i);
      g_autofree char *name = g_strdup_printf ("%s %s", base->compensatory_prefix,
                                               holiday->name);
      GDate date = holiday->date;

      do
        g_date_add_days (&date, 1);
      while (g_date_get_year (&date) == (GDateYear) days->year
             && (mc_holiday_base_is_rest_day (base, &date) || mc_year_days_find (days, &date) != NULL));

      if (g_date_get_year (&date) != (GDateYear) days->year)
        {
          g_debug ("The day owed for %s falls in the next year; not carried over", holiday->name);
          continue;
        }
      add_entry (days, &date, MC_DAY_COMPENSATORY, name,
                 base->compensatory_source != NULL ? base->compensatory_source : holiday->source,
                 holiday->confirmed, FALSE, FALSE);
    }
}

/**
 * mc_year_days_compute:
 * @base: the base rules
 * @table: (nullable): the official table of @year
 * @year: a year
 *
 * Works out the exceptional days of @year: the rules' dates (or the
 * table's, where it gives them), the table's own days, then the days owed
 * for holidays on rest days.
 *
 * Returns: (transfer full): the days
 */
McYearDays *
mc_year_days_compute (const McHolidayBase *base,
                      const McYearTable   *table,
                      int                  year)
{
  McYearDays *days = g_new0 (McYearDays, 1);

  days->year = year;
  days->official = table != NULL;
  days->by_julian = g_hash_table_new (NULL, NULL);
  days->entries = g_ptr_array_new_with_free_func (day_entry_free);

  if (year < MC_CALENDAR_FIRST_YEAR || year > MC_CALENDAR_LAST_YEAR)
    return days;

  for (guint i = 0; i < base->rules->len; i++)
    {
      const McHolidayRule *rule = g_ptr_array_index (base->rules, i);
      const McRuleOverride *override = table != NULL ? mc_year_table_find_rule (table, rule->id)
                                                     : NULL;
      g_autoptr(GArray) computed = NULL;
      GArray *dates;
      gboolean compensate = rule->compensate;
      gboolean confirmed = rule->confirmed;
      const char *source = rule->source;

      if (override != NULL)
        {
          dates = override->dates;
          if (override->compensate >= 0)
            compensate = override->compensate;
          confirmed = override->confirmed;
          source = override->source;
        }
      else
        dates = computed = rule_dates (rule, year);

      for (guint j = 0; j < dates->len; j++)
        add_entry (days, &g_array_index (dates, GDate, j), rule->kind, rule->name, source,
                   confirmed, compensate, FALSE);
    }

  for (guint i = 0; table != NULL && i < table->days->len; i++)
    {
      const McDayOverride *day = g_ptr_array_index (table->days, i);

      add_entry (days, &day->date, day->kind, day->name, day->source, day->confirmed,
                 FALSE, TRUE);
    }

  add_compensatory_days (base, days);
  g_ptr_array_sort (days->entries, compare_entries);

  return days;
}

