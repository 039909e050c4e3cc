/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reads data/holidays/base.ini (the rules of the Labour Code, each with its
 * effective period) and the yearly YYYY.ini tables (what the government
 * announced), checking each against the other: a year table may only give
 * dates to rules that exist, in its own year, and a swap must swap a working
 * day with a rest day. Every refusal names the file and the line. */
#define G_LOG_DOMAIN "motcua-calendar"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-holiday-data.h"
#include "mc-holiday-file.h"

static void
rule_free (gpointer data)
{
  McHolidayRule *rule = data;

  g_free (rule->id);
  g_free (rule->name);
  g_clear_pointer (&rule->offsets, g_array_unref);
  g_free (rule->source);
  g_free (rule);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McHolidayRule, rule_free)

static gboolean
parse_month_day (const char *text,
                 int        *month,
                 int        *day)
{
  /* 2000 is a leap year, so 02-29 passes; a rule on it would be odd but
   * is not wrong for a lunar anchor. */
  return strlen (text) == 5 && text[2] == '-' && mc_holiday_file_parse_number (text, 2, month)
         && mc_holiday_file_parse_number (text + 3, 2, day)
         && g_date_valid_dmy ((GDateDay) *day, (GDateMonth) *month, 2000);
}

static McHolidayRule *
read_rule (const char    *path,
           const McHolidaySection *section,
           GError       **error)
{
  static const char * const keys[] = {
    "name", "kind", "solar", "lunar", "offsets", "offsets-by-weekday", "compensate",
    "from", "until", "status", "source", NULL
  };
  g_autoptr(McHolidayRule) rule = g_new0 (McHolidayRule, 1);
  const McHolidayEntry *entry, *solar, *lunar, *offsets, *by_weekday;

  if (!mc_holiday_file_check_keys (path, section, keys, error))
    return NULL;

  rule->id = g_strdup (section->arg);
  g_date_clear (&rule->from, 1);
  g_date_clear (&rule->until, 1);

  if ((entry = mc_holiday_file_require (path, section, "name", error)) == NULL)
    return NULL;
  rule->name = g_strdup (entry->value);

  if ((entry = mc_holiday_file_require (path, section, "kind", error)) == NULL)
    return NULL;
  if (g_str_equal (entry->value, "holiday"))
    rule->kind = MC_DAY_HOLIDAY;
  else if (g_str_equal (entry->value, "tet"))
    rule->kind = MC_DAY_TET;
  else
    {
      mc_holiday_file_error (error, path, entry->line, _("a rule’s kind must be holiday or tet, not “%s”."),
                             entry->value);
      return NULL;
    }

  solar = mc_holiday_file_find (section, "solar");
  lunar = mc_holiday_file_find (section, "lunar");
  if ((solar == NULL) == (lunar == NULL))
    {
      mc_holiday_file_error (error, path, section->line,
                             _("the rule [rule %s] needs exactly one of “solar = MM-DD” or “lunar = MM-DD”."),
                             rule->id);
      return NULL;
    }
  entry = solar != NULL ? solar : lunar;
  rule->lunar = lunar != NULL;
  if (!parse_month_day (entry->value, &rule->anchor_month, &rule->anchor_day)
      || (rule->lunar && rule->anchor_day > 30))
    {
      mc_holiday_file_error (error, path, entry->line,
                             _("“%s” is not a month and day; write it as MM-DD, e.g. 09-02."), entry->value);
      return NULL;
    }

  offsets = mc_holiday_file_find (section, "offsets");
  by_weekday = mc_holiday_file_find (section, "offsets-by-weekday");
  if (offsets != NULL && by_weekday != NULL)
    {
      mc_holiday_file_error (error, path, by_weekday->line,
                             _("a rule has either “offsets” or “offsets-by-weekday”, not both."));
      return NULL;
    }
  if (by_weekday != NULL)
    {
      g_autoptr(GArray) values = mc_holiday_file_int_list (path, by_weekday, -7, 7, error);

      if (values == NULL)
        return NULL;
      if (values->len != 7)
        {
          mc_holiday_file_error (error, path, by_weekday->line,
                                 _("“offsets-by-weekday” needs seven numbers, Monday to Sunday."));
          return NULL;
        }
      rule->by_weekday = TRUE;
      memcpy (rule->weekday_offsets, values->data, sizeof rule->weekday_offsets);
    }
  else if (offsets != NULL)
    {
      rule->offsets = mc_holiday_file_int_list (path, offsets, -30, 30, error);
      if (rule->offsets == NULL)
        return NULL;
    }
  else
    {
      rule->offsets = g_array_new (FALSE, FALSE, sizeof (int));
      g_array_append_vals (rule->offsets, &(int) { 0 }, 1);
    }

  if ((entry = mc_holiday_file_find (section, "compensate")) != NULL
      && !mc_holiday_file_bool (path, entry, &rule->compensate, error))
    return NULL;

  if ((entry = mc_holiday_file_require (path, section, "from", error)) == NULL
      || !mc_holiday_file_date (path, entry, &rule->from, error))
    return NULL;
  if ((entry = mc_holiday_file_find (section, "until")) != NULL)
    {
      if (!mc_holiday_file_date (path, entry, &rule->until, error))
        return NULL;
      if (g_date_compare (&rule->until, &rule->from) < 0)
        {
          mc_holiday_file_error (error, path, entry->line, _("“until” comes before “from”."));
          return NULL;
        }
    }

  if (!mc_holiday_file_status (path, mc_holiday_file_find (section, "status"), &rule->confirmed, error))
    return NULL;

  if ((entry = mc_holiday_file_require (path, section, "source", error)) == NULL)
    return NULL;
  rule->source = g_strdup (entry->value);

  return g_steal_pointer (&rule);
}

void
mc_holiday_base_free (McHolidayBase *base)
{
  if (base == NULL)
    return;

  g_free (base->path);
  g_free (base->office_hours);
  g_free (base->compensatory_prefix);
  g_free (base->compensatory_source);
  g_clear_pointer (&base->rules, g_ptr_array_unref);
  g_free (base);
}

static gboolean
read_calendar_section (const char    *path,
                       const McHolidaySection *section,
                       McHolidayBase *base,
                       GError       **error)
{
  static const char * const keys[] = {
    "format", "weekend", "office-hours", "working-day-hours", "compensatory-prefix",
    "compensatory-source", NULL
  };
  const McHolidayEntry *entry;

  if (!mc_holiday_file_check_keys (path, section, keys, error))
    return FALSE;

  if ((entry = mc_holiday_file_require (path, section, "format", error)) == NULL)
    return FALSE;
  if (!g_str_equal (entry->value, "1"))
    {
      mc_holiday_file_error (error, path, entry->line,
                             _("format %s is not known to this version; only format 1 is."), entry->value);
      return FALSE;
    }

  if ((entry = mc_holiday_file_require (path, section, "weekend", error)) == NULL)
    return FALSE;
  {
    g_autoptr(GArray) days = mc_holiday_file_int_list (path, entry, 1, 7, error);

    if (days == NULL)
      return FALSE;
    for (guint i = 0; i < days->len; i++)
      base->weekend_mask |= 1u << g_array_index (days, int, i);
    if (days->len >= 7)
      {
        mc_holiday_file_error (error, path, entry->line, _("a week needs at least one working day."));
        return FALSE;
      }
  }

  if ((entry = mc_holiday_file_find (section, "office-hours")) != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GArray) sessions = mc_office_hours_parse (entry->value, &local_error);

      if (sessions == NULL)
        {
          mc_holiday_file_error (error, path, entry->line, "%s", local_error->message);
          return FALSE;
        }
      base->office_hours = g_strdup (entry->value);
    }

  if ((entry = mc_holiday_file_find (section, "working-day-hours")) != NULL)
    {
      char *end = NULL;
      double hours = g_ascii_strtod (entry->value, &end);

      if (*entry->value == '\0' || *end != '\0' || !(hours > 0 && hours <= 24))
        {
          mc_holiday_file_error (error, path, entry->line,
                                 _("“working-day-hours” must be a number of hours above 0 and at most 24."));
          return FALSE;
        }
      base->working_day_hours = hours;
    }

  if ((entry = mc_holiday_file_require (path, section, "compensatory-prefix", error)) == NULL)
    return FALSE;
  base->compensatory_prefix = g_strdup (entry->value);

  if ((entry = mc_holiday_file_find (section, "compensatory-source")) != NULL)
    base->compensatory_source = g_strdup (entry->value);

  return TRUE;
}

/**
 * mc_holiday_base_load:
 * @path: the base rule file (data/holidays/base.ini)
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the rules, or %NULL with @error set naming the
 *   file, the line and the mistake
 */
McHolidayBase *
mc_holiday_base_load (const char  *path,
                      GError     **error)
{
  g_autoptr(McHolidayBase) base = g_new0 (McHolidayBase, 1);
  g_autoptr(GPtrArray) sections = NULL;
  const McHolidaySection *calendar = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  sections = mc_holiday_file_read (path, error);
  if (sections == NULL)
    return NULL;

  base->path = g_strdup (path);
  base->rules = g_ptr_array_new_with_free_func (rule_free);

  for (guint i = 0; i < sections->len; i++)
    {
      const McHolidaySection *section = g_ptr_array_index (sections, i);

      if (g_str_equal (section->kind, "calendar") && section->arg == NULL)
        {
          if (calendar != NULL)
            {
              mc_holiday_file_error (error, path, section->line,
                                     _("[calendar] appears twice (first on line %u)."), calendar->line);
              return NULL;
            }
          calendar = section;
          if (!read_calendar_section (path, section, base, error))
            return NULL;
        }
      else if (g_str_equal (section->kind, "rule") && mc_holiday_file_is_name (section->arg))
        {
          McHolidayRule *rule;

          if (mc_holiday_base_find_rule (base, section->arg) != NULL)
            {
              mc_holiday_file_error (error, path, section->line, _("the rule “%s” is defined twice."),
                                     section->arg);
              return NULL;
            }
          rule = read_rule (path, section, error);
          if (rule == NULL)
            return NULL;
          g_ptr_array_add (base->rules, rule);
        }
      else
        {
          g_autofree char *title = mc_holiday_file_section_title (section);

          mc_holiday_file_error (error, path, section->line,
                                 _("unknown section %s; this file has [calendar] and [rule ID] sections (ID in a-z, 0-9 and -)."),
                                 title);
          return NULL;
        }
    }

  if (calendar == NULL)
    {
      mc_holiday_file_error (error, path, 1, _("the file has no [calendar] section."));
      return NULL;
    }

  return g_steal_pointer (&base);
}

const McHolidayRule *
mc_holiday_base_find_rule (const McHolidayBase *base,
                           const char          *id)
{
  g_return_val_if_fail (base != NULL, NULL);

  for (guint i = 0; i < base->rules->len; i++)
    {
      const McHolidayRule *rule = g_ptr_array_index (base->rules, i);

      if (g_str_equal (rule->id, id))
        return rule;
    }

  return NULL;
}

gboolean
mc_holiday_base_is_rest_day (const McHolidayBase *base,
                             const GDate         *date)
{
  /* GDateWeekday is ISO: Monday = 1 … Sunday = 7. */
  return (base->weekend_mask & (1u << g_date_get_weekday (date))) != 0;
}

static void
rule_override_free (gpointer data)
{
  McRuleOverride *override = data;

  g_free (override->rule_id);
  g_clear_pointer (&override->dates, g_array_unref);
  g_free (override->source);
  g_free (override);
}

static void
day_override_free (gpointer data)
{
  McDayOverride *day = data;

  g_free (day->name);
  g_free (day->source);
  g_free (day);
}

void
mc_year_table_free (McYearTable *table)
{
  if (table == NULL)
    return;

  g_free (table->path);
  g_free (table->source);
  g_clear_pointer (&table->rule_overrides, g_ptr_array_unref);
  g_clear_pointer (&table->days, g_ptr_array_unref);
  g_free (table);
}

const McRuleOverride *
mc_year_table_find_rule (const McYearTable *table,
                         const char        *id)
{
  g_return_val_if_fail (table != NULL, NULL);

  for (guint i = 0; i < table->rule_overrides->len; i++)
    {
      const McRuleOverride *override = g_ptr_array_index (table->rule_overrides, i);

      if (g_str_equal (override->rule_id, id))
        return override;
    }

  return NULL;
}

static gboolean
read_year_section (const char    *path,
                   const McHolidaySection *section,
                   int            year,
                   McYearTable   *table,
                   GError       **error)
{
  static const char * const keys[] = { "year", "source", NULL };
  const McHolidayEntry *entry;

  if (!mc_holiday_file_check_keys (path, section, keys, error))
    return FALSE;
  if ((entry = mc_holiday_file_require (path, section, "year", error)) == NULL)
    return FALSE;
  if (strlen (entry->value) != 4 || !mc_holiday_file_parse_number (entry->value, 4, &table->year)
      || table->year != year)
    {
      mc_holiday_file_error (error, path, entry->line,
                             _("the year “%s” does not match the file name; the table of %d must say year = %d."),
                             entry->value, year, year);
      return FALSE;
    }
  if ((entry = mc_holiday_file_require (path, section, "source", error)) == NULL)
    return FALSE;
  table->source = g_strdup (entry->value);

  return TRUE;
}

static McRuleOverride *
read_rule_override (const char          *path,
                    const McHolidaySection       *section,
                    int                  year,
                    const McHolidayBase *base,
                    GError             **error)
{
  static const char * const keys[] = { "dates", "compensate", "status", "source", NULL };
  g_autoptr(GPtrArray) holder = g_ptr_array_new_with_free_func (rule_override_free);
  McRuleOverride *override = g_new0 (McRuleOverride, 1);
  const McHolidayEntry *entry;

  g_ptr_array_add (holder, override);
  override->rule_id = g_strdup (section->arg);
  override->compensate = -1;

  if (mc_holiday_base_find_rule (base, section->arg) == NULL)
    {
      mc_holiday_file_error (error, path, section->line,
                             _("there is no rule “%s” in the base rules to give dates to."), section->arg);
      return NULL;
    }
  if (!mc_holiday_file_check_keys (path, section, keys, error))
    return NULL;

  if ((entry = mc_holiday_file_require (path, section, "dates", error)) == NULL)
    return NULL;
  override->dates = mc_holiday_file_dates (path, entry, error);
  if (override->dates == NULL)
    return NULL;
  for (guint i = 0; i < override->dates->len; i++)
    if (g_date_get_year (&g_array_index (override->dates, GDate, i)) != (GDateYear) year)
      {
        mc_holiday_file_error (error, path, entry->line, _("every date of this table must be in %d."), year);
        return NULL;
      }

  if ((entry = mc_holiday_file_find (section, "compensate")) != NULL)
    {
      gboolean value;

      if (!mc_holiday_file_bool (path, entry, &value, error))
        return NULL;
      override->compensate = value;
    }

  if (!mc_holiday_file_status (path, mc_holiday_file_find (section, "status"), &override->confirmed, error))
    return NULL;
  if ((entry = mc_holiday_file_require (path, section, "source", error)) == NULL)
    return NULL;
  override->source = g_strdup (entry->value);

  return g_ptr_array_steal_index (holder, 0);
}

static McDayOverride *
read_day (const char          *path,
          const McHolidaySection       *section,
          int                  year,
          const McHolidayBase *base,
          GError             **error)
{
  static const char * const keys[] = { "kind", "name", "status", "source", NULL };
  static const struct { const char *nick; McDayKind kind; } kinds[] = {
    { "holiday", MC_DAY_HOLIDAY }, { "tet", MC_DAY_TET },
    { "compensatory", MC_DAY_COMPENSATORY }, { "swapped-off", MC_DAY_SWAPPED_OFF },
    { "working-weekend", MC_DAY_WORKING_WEEKEND },
  };
  g_autoptr(GPtrArray) holder = g_ptr_array_new_with_free_func (day_override_free);
  McDayOverride *day = g_new0 (McDayOverride, 1);
  const McHolidayEntry *entry;
  gboolean found = FALSE;
  gboolean rest_day;

  g_ptr_array_add (holder, day);

  if (section->arg == NULL || !mc_holiday_file_parse_date (section->arg, &day->date))
    {
      mc_holiday_file_error (error, path, section->line,
                             _("a day section is written [day YYYY-MM-DD], e.g. [day 2025-05-02]."));
      return NULL;
    }
  if (g_date_get_year (&day->date) != (GDateYear) year)
    {
      mc_holiday_file_error (error, path, section->line, _("every date of this table must be in %d."), year);
      return NULL;
    }
  if (!mc_holiday_file_check_keys (path, section, keys, error))
    return NULL;

  if ((entry = mc_holiday_file_require (path, section, "kind", error)) == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (entry->value, kinds[i].nick))
      {
        day->kind = kinds[i].kind;
        found = TRUE;
      }
  if (!found)
    {
      mc_holiday_file_error (error, path, entry->line,
                             _("“%s” is not a kind of day; use holiday, tet, compensatory, swapped-off or working-weekend."),
                             entry->value);
      return NULL;
    }

  rest_day = mc_holiday_base_is_rest_day (base, &day->date);
  if (day->kind == MC_DAY_WORKING_WEEKEND && !rest_day)
    {
      mc_holiday_file_error (error, path, entry->line,
                             _("%s is not a weekly rest day, so it cannot be a working weekend day."),
                             section->arg);
      return NULL;
    }
  if ((day->kind == MC_DAY_SWAPPED_OFF || day->kind == MC_DAY_COMPENSATORY) && rest_day)
    {
      mc_holiday_file_error (error, path, entry->line,
                             _("%s is already a weekly rest day; a swapped or compensatory day off must be a working day."),
                             section->arg);
      return NULL;
    }

  if ((entry = mc_holiday_file_require (path, section, "name", error)) == NULL)
    return NULL;
  day->name = g_strdup (entry->value);
  if (!mc_holiday_file_status (path, mc_holiday_file_find (section, "status"), &day->confirmed, error))
    return NULL;
  if ((entry = mc_holiday_file_require (path, section, "source", error)) == NULL)
    return NULL;
  day->source = g_strdup (entry->value);

  return g_ptr_array_steal_index (holder, 0);
}

static McYearTable *year_table_read (const char           *path,
                                     GPtrArray            *sections,
                                     int                   year,
                                     const McHolidayBase  *base,
                                     GError              **error);

/**
 * mc_year_table_load:
 * @path: a yearly table (data/holidays/YYYY.ini)
 * @year: the year its name says
 * @base: the base rules it refers to
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the table, or %NULL with @error set naming the
 *   file, the line and the mistake
 */
McYearTable *
mc_year_table_load (const char           *path,
                    int                   year,
                    const McHolidayBase  *base,
                    GError              **error)
{
  g_autoptr(GPtrArray) sections = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (base != NULL, NULL);

  sections = mc_holiday_file_read (path, error);
  if (sections == NULL)
    return NULL;

  return year_table_read (path, sections, year, base, error);
}

/**
 * mc_year_table_load_data:
 * @origin: what to call the table in errors (it has no file)
 * @contents: the table, in the format of the yearly files
 * @length: the length of @contents, or -1 when it ends with a NUL
 * @year: the year it must be for
 * @base: the base rules it refers to
 * @error: return location for a #GError
 *
 * Checks a yearly table that came as text (from the central system) the
 * way a file of the data folder is checked.
 *
 * Returns: (transfer full): the table, or %NULL with @error set naming
 *   @origin, the line and the mistake
 */
McYearTable *
mc_year_table_load_data (const char           *origin,
                         const char           *contents,
                         gssize                length,
                         int                   year,
                         const McHolidayBase  *base,
                         GError              **error)
{
  g_autoptr(GPtrArray) sections = NULL;

  g_return_val_if_fail (origin != NULL, NULL);
  g_return_val_if_fail (contents != NULL, NULL);
  g_return_val_if_fail (base != NULL, NULL);

  sections = mc_holiday_file_read_data (origin, contents, length < 0 ? strlen (contents) : (gsize) length,
                                        error);
  if (sections == NULL)
    return NULL;

  return year_table_read (origin, sections, year, base, error);
}

static McYearTable *
year_table_read (const char           *path,
                 GPtrArray            *sections,
                 int                   year,
                 const McHolidayBase  *base,
                 GError              **error)
{
  g_autoptr(McYearTable) table = g_new0 (McYearTable, 1);
  guint year_line = 0;

  table->path = g_strdup (path);
  table->rule_overrides = g_ptr_array_new_with_free_func (rule_override_free);
  table->days = g_ptr_array_new_with_free_func (day_override_free);

  for (guint i = 0; i < sections->len; i++)
    {
      const McHolidaySection *section = g_ptr_array_index (sections, i);

      if (g_str_equal (section->kind, "year") && section->arg == NULL)
        {
          if (year_line != 0)
            {
              mc_holiday_file_error (error, path, section->line,
                                     _("[year] appears twice (first on line %u)."), year_line);
              return NULL;
            }
          year_line = section->line;
          if (!read_year_section (path, section, year, table, error))
            return NULL;
        }
      else if (g_str_equal (section->kind, "rule") && mc_holiday_file_is_name (section->arg))
        {
          McRuleOverride *override;

          if (mc_year_table_find_rule (table, section->arg) != NULL)
            {
              mc_holiday_file_error (error, path, section->line,
                                     _("the rule “%s” is given dates twice."), section->arg);
              return NULL;
            }
          override = read_rule_override (path, section, year, base, error);
          if (override == NULL)
            return NULL;
          g_ptr_array_add (table->rule_overrides, override);
        }
      else if (g_str_equal (section->kind, "day"))
        {
          McDayOverride *day = read_day (path, section, year, base, error);

          if (day == NULL)
            return NULL;
          for (guint j = 0; j < table->days->len; j++)
            if (g_date_compare (&((McDayOverride *) g_ptr_array_index (table->days, j))->date,
                                &day->date) == 0)
              {
                mc_holiday_file_error (error, path, section->line, _("the day %s is listed twice."),
                                       section->arg);
                day_override_free (day);
                return NULL;
              }
          g_ptr_array_add (table->days, day);
        }
      else
        {
          g_autofree char *title = mc_holiday_file_section_title (section);

          mc_holiday_file_error (error, path, section->line,
                                 _("unknown section %s; this file has [year], [rule ID] and [day YYYY-MM-DD] sections."),
                                 title);
          return NULL;
        }
    }

  if (year_line == 0)
    {
      mc_holiday_file_error (error, path, 1, _("the file has no [year] section."));
      return NULL;
    }

  return g_steal_pointer (&table);
}
