/* SPDX-License-Identifier: GPL-3.0-or-later */
/* McCalendar: the holiday tables turned into working time. Each year's
 * exceptional days (holidays, Tết, compensatory days, swaps) are worked out
 * once, on first use, from the base rules and the year's official table,
 * and kept; a time limit then walks the office sessions day by day. All
 * instants are Unix seconds and all days are Vietnam days (UTC+7, no
 * daylight saving since 1975), so no time zone database is needed. Any
 * computation that touches a year without an official table, or an entry
 * nobody could confirm, hands back a warning the caller can show. */
#define G_LOG_DOMAIN "motcua-calendar"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "mc-calendar.h"
#include "mc-calendar-private.h"
#include "mc-core.h"
#include "mc-holiday-data.h"
#include "mc-year-days.h"

#define DEFAULT_OFFICE_HOURS "07:30-11:30, 13:00-17:00"
#define DEFAULT_WORKING_DAY (8 * 3600)

G_DEFINE_QUARK (mc-calendar-error-quark, mc_calendar_error)

struct _McCalendar
{
  GObject parent_instance;

  char          *data_dir;
  McHolidayBase *base;

  GMutex      lock;      /* guards everything below */
  GHashTable *tables;    /* year → McYearTable; a published one replaces the data folder's */
  GHashTable *years;     /* year → McYearDays */
  GPtrArray  *retired;   /* replaced McYearDays, McYearTable: see mc_calendar_set_year_table() */
  GArray     *sessions;  /* McOfficeSession */
  gint64      working_day_seconds;
};

G_DEFINE_FINAL_TYPE (McCalendar, mc_calendar, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DATA_DIR,
  PROP_OFFICE_HOURS,
  PROP_WORKING_DAY_SECONDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
mc_warnings_init (McWarnings *warnings,
                  char    ***out)
{
  if (out != NULL)
    *out = NULL;
  warnings->list = out != NULL ? g_ptr_array_new () : NULL;
  warnings->seen = out != NULL ? g_hash_table_new (g_str_hash, g_str_equal) : NULL;
}

void
mc_warnings_take (McWarnings *warnings,
                  char     *text)
{
  if (warnings == NULL || warnings->list == NULL || g_hash_table_contains (warnings->seen, text))
    {
      g_free (text);
      return;
    }
  g_hash_table_add (warnings->seen, text);
  g_ptr_array_add (warnings->list, text);
}

void
mc_warnings_finish (McWarnings *warnings,
                    char    ***out)
{
  if (warnings->list == NULL)
    return;

  g_hash_table_unref (warnings->seen);
  if (warnings->list->len == 0)
    {
      g_ptr_array_unref (warnings->list);
      return;
    }
  g_ptr_array_add (warnings->list, NULL);
  *out = (char **) g_ptr_array_free (warnings->list, FALSE);
}

/* Something the calendar no longer uses but may not free yet. */
typedef struct
{
  gpointer       data;
  GDestroyNotify free_func;
} McRetired;

static void
mc_retired_free (gpointer p)
{
  McRetired *retired = p;

  retired->free_func (retired->data);
  g_free (retired);
}

static McRetired *
mc_retired_new (gpointer       data,
                GDestroyNotify free_func)
{
  McRetired *retired = g_new (McRetired, 1);

  retired->data = data;
  retired->free_func = free_func;

  return retired;
}

/* Must be called with the lock held. */
static McYearDays *
ensure_year (McCalendar *self,
             int         year)
{
  McYearDays *days = g_hash_table_lookup (self->years, GINT_TO_POINTER (year));

  if (days == NULL)
    {
      days = mc_year_days_compute (self->base, g_hash_table_lookup (self->tables, GINT_TO_POINTER (year)), year);
      g_hash_table_insert (self->years, GINT_TO_POINTER (year), days);
    }

  return days;
}

static void
warn_year (McWarnings *warnings,
           McYearDays *days)
{
  if (warnings == NULL || warnings->list == NULL)
    return;
  if (days->year < MC_CALENDAR_FIRST_YEAR || days->year > MC_CALENDAR_LAST_YEAR)
    mc_warnings_take (warnings, g_strdup_printf (_("Holidays are only known for the years %d to %d; %d is counted without any."),
                                              MC_CALENDAR_FIRST_YEAR, MC_CALENDAR_LAST_YEAR, days->year));
  else if (!days->official)
    mc_warnings_take (warnings, g_strdup_printf (_("No official holiday table for %d; dates may move."),
                                              days->year));
}

static void
warn_entry (McWarnings     *warnings,
            const McDayEntry *entry)
{
  char text[16];

  if (warnings == NULL || warnings->list == NULL || entry == NULL || entry->confirmed)
    return;

  g_date_strftime (text, sizeof text, "%Y-%m-%d", &entry->date);
  mc_warnings_take (warnings,
                    g_strdup_printf (_("%s on %s is not confirmed by an official text (%s); dates may move."),
                                  entry->name, text, entry->source));
}

McDayKind
mc_calendar_lookup (McCalendar  *self,
                    const GDate *date,
                    McDayInfo   *info,
                    McWarnings  *warnings)
{
  McYearDays *days;
  McDayEntry *entry;
  McDayKind kind;

  g_mutex_lock (&self->lock);
  days = ensure_year (self, g_date_get_year (date));
  entry = mc_year_days_find (days, date);
  if (entry != NULL)
    kind = entry->kind;
  else
    kind = mc_holiday_base_is_rest_day (self->base, date) ? MC_DAY_WEEKEND : MC_DAY_WORKING;
  g_mutex_unlock (&self->lock);

  /* Computed years are never dropped, so the strings outlive the lock. */
  if (info != NULL)
    {
      info->kind = kind;
      info->name = entry != NULL ? entry->name : NULL;
      info->source = entry != NULL ? entry->source : NULL;
      info->confirmed = entry == NULL || entry->confirmed;
      info->official = days->official;
    }
  warn_year (warnings, days);
  warn_entry (warnings, entry);

  return kind;
}

/**
 * mc_calendar_copy_sessions: (skip)
 *
 * Returns: (transfer full): a copy of the office sessions, safe to use
 *   without the lock
 */
GArray *
mc_calendar_copy_sessions (McCalendar *self)
{
  GArray *sessions;

  g_mutex_lock (&self->lock);
  sessions = g_array_copy (self->sessions);
  g_mutex_unlock (&self->lock);

  return sessions;
}

static void
mc_calendar_finalize (GObject *object)
{
  McCalendar *self = MC_CALENDAR (object);

  g_free (self->data_dir);
  g_clear_pointer (&self->base, mc_holiday_base_free);
  g_clear_pointer (&self->tables, g_hash_table_unref);
  g_clear_pointer (&self->years, g_hash_table_unref);
  g_clear_pointer (&self->retired, g_ptr_array_unref);
  g_clear_pointer (&self->sessions, g_array_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (mc_calendar_parent_class)->finalize (object);
}

static void
mc_calendar_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  McCalendar *self = MC_CALENDAR (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      g_value_set_string (value, self->data_dir);
      break;
    case PROP_OFFICE_HOURS:
      g_value_take_string (value, mc_calendar_get_office_hours (self));
      break;
    case PROP_WORKING_DAY_SECONDS:
      g_value_set_int64 (value, mc_calendar_get_working_day_seconds (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_calendar_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  McCalendar *self = MC_CALENDAR (object);
  g_autoptr(GError) error = NULL;

  switch (prop_id)
    {
    case PROP_OFFICE_HOURS:
      if (!mc_calendar_set_office_hours (self, g_value_get_string (value), &error))
        g_warning ("Ignoring office hours: %s", error->message);
      break;
    case PROP_WORKING_DAY_SECONDS:
      if (!mc_calendar_set_working_day_seconds (self, g_value_get_int64 (value), &error))
        g_warning ("Ignoring working day length: %s", error->message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_calendar_class_init (McCalendarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mc_calendar_finalize;
  object_class->get_property = mc_calendar_get_property;
  object_class->set_property = mc_calendar_set_property;

  /**
   * McCalendar:data-dir:
   *
   * The folder the holiday tables were read from.
   */
  properties[PROP_DATA_DIR] =
    g_param_spec_string ("data-dir", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * McCalendar:office-hours:
   *
   * The office sessions of a working day, e.g. "07:30-11:30, 13:00-17:00".
   */
  properties[PROP_OFFICE_HOURS] =
    g_param_spec_string ("office-hours", NULL, NULL, DEFAULT_OFFICE_HOURS,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * McCalendar:working-day-seconds:
   *
   * How much office time one working day of a time limit is (8 hours).
   */
  properties[PROP_WORKING_DAY_SECONDS] =
    g_param_spec_int64 ("working-day-seconds", NULL, NULL, 60, 24 * 3600, DEFAULT_WORKING_DAY,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mc_calendar_init (McCalendar *self)
{
  g_mutex_init (&self->lock);
  self->years = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) mc_year_days_free);
  self->tables = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) mc_year_table_free);
  self->retired = g_ptr_array_new_with_free_func (mc_retired_free);
  self->sessions = mc_office_hours_parse (DEFAULT_OFFICE_HOURS, NULL);
  self->working_day_seconds = DEFAULT_WORKING_DAY;
}

/* A yearly table is named YYYY.ini. */
static int
table_year (const char *name)
{
  if (strlen (name) != 8 || !g_str_has_suffix (name, ".ini"))
    return 0;
  for (int i = 0; i < 4; i++)
    if (!g_ascii_isdigit (name[i]))
      return 0;

  return (int) g_ascii_strtoll (name, NULL, 10);
}

/**
 * mc_calendar_load_sync:
 * @dir: (nullable): the holiday folder; %NULL for the "holidays" folder of
 *   mc_core_get_data_dir()
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads the base rules (base.ini) and every yearly table (YYYY.ini) of the
 * folder. A malformed file fails the whole load with an error naming the
 * file, the line and the mistake.
 *
 * Returns: (transfer full): a new calendar, or %NULL with @error set
 */
McCalendar *
mc_calendar_load_sync (const char    *dir,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(McCalendar) self = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *base_path = NULL;
  g_autoptr(GDir) listing = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *name;

  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  folder = dir != NULL ? g_strdup (dir) : g_build_filename (mc_core_get_data_dir (), "holidays", NULL);
  self = g_object_new (MC_TYPE_CALENDAR, NULL);
  self->data_dir = g_strdup (folder);

  listing = g_dir_open (folder, 0, &local_error);
  if (listing == NULL)
    {
      g_autofree char *display = g_filename_display_name (folder);

      g_set_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_NOT_FOUND,
                   _("The holiday tables are missing (%s): %s. Reinstall the application or set MOTCUA_DATA_DIR."),
                   display, local_error->message);
      return NULL;
    }

  base_path = g_build_filename (folder, "base.ini", NULL);
  self->base = mc_holiday_base_load (base_path, error);
  if (self->base == NULL)
    return NULL;

  if (self->base->office_hours != NULL)
    {
      g_clear_pointer (&self->sessions, g_array_unref);
      self->sessions = mc_office_hours_parse (self->base->office_hours, NULL);
    }
  if (self->base->working_day_hours > 0)
    self->working_day_seconds = (gint64) (self->base->working_day_hours * 3600 + 0.5);

  while ((name = g_dir_read_name (listing)) != NULL)
    {
      int year = table_year (name);
      g_autofree char *path = NULL;
      McYearTable *table;

      if (year == 0)
        continue;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      path = g_build_filename (folder, name, NULL);
      table = mc_year_table_load (path, year, self->base, error);
      if (table == NULL)
        return NULL;
      g_hash_table_insert (self->tables, GINT_TO_POINTER (year), table);
    }

  return g_steal_pointer (&self);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  McCalendar *calendar = mc_calendar_load_sync (task_data, cancellable, &error);

  if (calendar == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, calendar, g_object_unref);
}

/**
 * mc_calendar_load_async:
 * @dir: (nullable): the holiday folder; %NULL for the default one
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the calendar is loaded
 * @user_data: data for @callback
 *
 * Loads the calendar in a worker thread; see mc_calendar_load_sync().
 */
void
mc_calendar_load_async (const char          *dir,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_calendar_load_async);
  g_task_set_task_data (task, g_strdup (dir), g_free);
  g_task_run_in_thread (task, load_thread);
}

/**
 * mc_calendar_load_finish:
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the calendar, or %NULL with @error set
 */
McCalendar *
mc_calendar_load_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mc_calendar_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * mc_calendar_get_data_dir:
 * @self: a #McCalendar
 *
 * Returns: the folder the tables were read from
 */
const char *
mc_calendar_get_data_dir (McCalendar *self)
{
  g_return_val_if_fail (MC_IS_CALENDAR (self), NULL);

  return self->data_dir;
}

/**
 * mc_calendar_has_official_table:
 * @self: a #McCalendar
 * @year: a year
 *
 * Returns: %TRUE when @year has a table of the days the government
 *   announced; without one, the calendar follows the base rules and warns
 */
gboolean
mc_calendar_has_official_table (McCalendar *self,
                                int         year)
{
  gboolean found;

  g_return_val_if_fail (MC_IS_CALENDAR (self), FALSE);

  g_mutex_lock (&self->lock);
  found = g_hash_table_contains (self->tables, GINT_TO_POINTER (year));
  g_mutex_unlock (&self->lock);

  return found;
}

static McYearTable *
year_table_from_data (McCalendar  *self,
                      int          year,
                      const char  *contents,
                      const char  *origin,
                      GError     **error)
{
  if (year < MC_CALENDAR_FIRST_YEAR || year > MC_CALENDAR_LAST_YEAR)
    {
      g_set_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_MALFORMED,
                   _("%s: the calendar covers the years %d to %d only."),
                   origin, MC_CALENDAR_FIRST_YEAR, MC_CALENDAR_LAST_YEAR);
      return NULL;
    }

  return mc_year_table_load_data (origin, contents, -1, year, self->base, error);
}

/**
 * mc_calendar_check_year_table:
 * @self: a #McCalendar
 * @year: the year the table is for
 * @contents: a yearly table as text, in the format of data/holidays/YYYY.ini
 * @origin: what to call the table in errors
 * @error: return location for a #GError
 *
 * Checks a yearly table against the calendar's base rules, as a file of
 * the data folder is checked, without using it.
 *
 * Returns: %TRUE when the table is good
 */
gboolean
mc_calendar_check_year_table (McCalendar  *self,
                              int          year,
                              const char  *contents,
                              const char  *origin,
                              GError     **error)
{
  g_autoptr(McYearTable) table = NULL;

  g_return_val_if_fail (MC_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);
  g_return_val_if_fail (origin != NULL, FALSE);

  table = year_table_from_data (self, year, contents, origin, error);

  return table != NULL;
}

/**
 * mc_calendar_set_year_table:
 * @self: a #McCalendar
 * @year: the year the table is for
 * @contents: a yearly table as text, in the format of data/holidays/YYYY.ini
 * @origin: what to call the table in errors
 * @error: return location for a #GError
 *
 * Checks a yearly table (see mc_calendar_check_year_table()) and, when it
 * is good, uses it instead of the year's table of the data folder: the
 * central system publishes a new one when the government announces the
 * year's days off. A bad table changes nothing. Safe to call while other
 * threads compute with the calendar: the days worked out before stay
 * alive (their names may be in use) until the calendar is freed.
 *
 * Returns: %TRUE when the table is now in use
 */
gboolean
mc_calendar_set_year_table (McCalendar  *self,
                            int          year,
                            const char  *contents,
                            const char  *origin,
                            GError     **error)
{
  McYearTable *table;
  gpointer old_table = NULL;
  GHashTableIter iter;
  gpointer days;

  g_return_val_if_fail (MC_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);
  g_return_val_if_fail (origin != NULL, FALSE);

  table = year_table_from_data (self, year, contents, origin, error);
  if (table == NULL)
    return FALSE;

  g_mutex_lock (&self->lock);
  if (g_hash_table_steal_extended (self->tables, GINT_TO_POINTER (year), NULL, &old_table))
    g_ptr_array_add (self->retired, mc_retired_new (old_table, (GDestroyNotify) mc_year_table_free));
  g_hash_table_insert (self->tables, GINT_TO_POINTER (year), table);
  /* A year's compensatory days may lean on its neighbours: all are redone. */
  g_hash_table_iter_init (&iter, self->years);
  while (g_hash_table_iter_next (&iter, NULL, &days))
    {
      g_ptr_array_add (self->retired, mc_retired_new (days, (GDestroyNotify) mc_year_days_free));
      g_hash_table_iter_steal (&iter);
    }
  g_mutex_unlock (&self->lock);

  return TRUE;
}

/**
 * mc_calendar_get_office_hours:
 * @self: a #McCalendar
 *
 * Returns: (transfer full): the sessions of a working day, e.g.
 *   "07:30-11:30, 13:00-17:00"
 */
char *
mc_calendar_get_office_hours (McCalendar *self)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (MC_IS_CALENDAR (self), NULL);

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->sessions->len; i++)
    {
      McOfficeSession *s = &g_array_index (self->sessions, McOfficeSession, i);

      g_string_append_printf (text, "%s%02d:%02d-%02d:%02d", i > 0 ? ", " : "",
                              s->start / 3600, s->start / 60 % 60, s->end / 3600, s->end / 60 % 60);
    }
  g_mutex_unlock (&self->lock);

  return g_string_free (text, FALSE);
}

/**
 * mc_calendar_set_office_hours:
 * @self: a #McCalendar
 * @spec: sessions such as "07:30-11:30, 13:00-17:00"
 * @error: return location for a #GError
 *
 * Sets when the office is open on a working day. Sessions must be in order
 * and must not overlap.
 *
 * Returns: %TRUE, or %FALSE with @error set (the hours are unchanged)
 */
gboolean
mc_calendar_set_office_hours (McCalendar  *self,
                              const char  *spec,
                              GError     **error)
{
  g_autoptr(GArray) sessions = NULL;
  gboolean changed;

  g_return_val_if_fail (MC_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  sessions = mc_office_hours_parse (spec, error);
  if (sessions == NULL)
    return FALSE;

  g_mutex_lock (&self->lock);
  changed = sessions->len != self->sessions->len
            || memcmp (sessions->data, self->sessions->data,
                       sessions->len * sizeof (McOfficeSession)) != 0;
  g_clear_pointer (&self->sessions, g_array_unref);
  self->sessions = g_steal_pointer (&sessions);
  g_mutex_unlock (&self->lock);

  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFICE_HOURS]);

  return TRUE;
}

/**
 * mc_calendar_set_office_hours_from_key_file:
 * @self: a #McCalendar
 * @key_file: an office's settings
 * @group: the group holding "office-hours" and "working-day-hours"
 * @error: return location for a #GError
 *
 * Takes the office hours (and, when given, the length of a working day in
 * hours) from a key file. Missing keys keep the current values.
 *
 * Returns: %TRUE, or %FALSE with @error set (nothing is changed)
 */
gboolean
mc_calendar_set_office_hours_from_key_file (McCalendar  *self,
                                            GKeyFile    *key_file,
                                            const char  *group,
                                            GError     **error)
{
  g_autofree char *spec = NULL;
  gint64 seconds;

  g_return_val_if_fail (MC_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (key_file != NULL, FALSE);
  g_return_val_if_fail (group != NULL, FALSE);

  seconds = mc_calendar_get_working_day_seconds (self);
  if (g_key_file_has_key (key_file, group, "working-day-hours", NULL))
    {
      g_autoptr(GError) local_error = NULL;
      double hours = g_key_file_get_double (key_file, group, "working-day-hours", &local_error);

      if (local_error != NULL || !(hours > 0 && hours <= 24))
        {
          g_set_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_INVALID_HOURS,
                       _("“working-day-hours” in [%s] must be a number of hours above 0 and at most 24."),
                       group);
          return FALSE;
        }
      seconds = (gint64) (hours * 3600 + 0.5);
    }

  spec = g_key_file_get_string (key_file, group, "office-hours", NULL);
  if (spec != NULL && !mc_calendar_set_office_hours (self, spec, error))
    return FALSE;

  return mc_calendar_set_working_day_seconds (self, seconds, error);
}

/**
 * mc_calendar_get_working_day_seconds:
 * @self: a #McCalendar
 *
 * Returns: the office time one working day of a time limit stands for
 */
gint64
mc_calendar_get_working_day_seconds (McCalendar *self)
{
  gint64 seconds;

  g_return_val_if_fail (MC_IS_CALENDAR (self), DEFAULT_WORKING_DAY);

  g_mutex_lock (&self->lock);
  seconds = self->working_day_seconds;
  g_mutex_unlock (&self->lock);

  return seconds;
}

/**
 * mc_calendar_set_working_day_seconds:
 * @self: a #McCalendar
 * @seconds: the office time of one working day (8 hours is 28800)
 * @error: return location for a #GError
 *
 * Returns: %TRUE, or %FALSE with @error set when @seconds is not between one
 *   minute and 24 hours
 */
gboolean
mc_calendar_set_working_day_seconds (McCalendar  *self,
                                     gint64       seconds,
                                     GError     **error)
{
  gboolean changed;

  g_return_val_if_fail (MC_IS_CALENDAR (self), FALSE);

  if (seconds < 60 || seconds > 24 * 3600)
    {
      g_set_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_INVALID_HOURS,
                   _("A working day must last between one minute and 24 hours."));
      return FALSE;
    }

  g_mutex_lock (&self->lock);
  changed = self->working_day_seconds != seconds;
  self->working_day_seconds = seconds;
  g_mutex_unlock (&self->lock);

  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKING_DAY_SECONDS]);

  return TRUE;
}

/**
 * mc_calendar_get_day:
 * @self: a #McCalendar
 * @date: a valid date
 * @info: (out caller-allocates) (optional): what the day is, with its name
 *   and source
 * @warnings: (out) (optional) (transfer full) (array zero-terminated=1):
 *   warnings to show, or %NULL when there are none
 *
 * Tells what @date is for the office: a working day, a weekend day, a
 * holiday, a Tết day, a compensatory day off, a swapped day off or a worked
 * weekend day.
 *
 * Returns: the kind of day
 */
McDayKind
mc_calendar_get_day (McCalendar   *self,
                     const GDate  *date,
                     McDayInfo    *info,
                     char       ***warnings)
{
  McWarnings collected;
  McDayKind kind;

  g_return_val_if_fail (MC_IS_CALENDAR (self), MC_DAY_WORKING);
  g_return_val_if_fail (date != NULL && g_date_valid (date), MC_DAY_WORKING);

  mc_warnings_init (&collected, warnings);
  kind = mc_calendar_lookup (self, date, info, &collected);
  mc_warnings_finish (&collected, warnings);

  return kind;
}

/**
 * mc_calendar_is_working_day:
 * @self: a #McCalendar
 * @date: a valid date
 *
 * Returns: %TRUE when the office works on @date (including a Saturday or
 *   Sunday worked because of a swap)
 */
gboolean
mc_calendar_is_working_day (McCalendar  *self,
                            const GDate *date)
{
  McDayKind kind;

  g_return_val_if_fail (MC_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  kind = mc_calendar_lookup (self, date, NULL, NULL);

  return kind == MC_DAY_WORKING || kind == MC_DAY_WORKING_WEEKEND;
}

/**
 * mc_calendar_list_exceptions:
 * @self: a #McCalendar
 * @year: a year
 * @warnings: (out) (optional) (transfer full) (array zero-terminated=1):
 *   warnings to show, or %NULL when there are none
 *
 * Lists the days of @year that break the Monday-to-Friday pattern: each
 * weekday off (holiday, Tết, compensatory or swapped day off) and each
 * Saturday or Sunday that is worked. A holiday that falls on a weekend is
 * not listed (the office is closed anyway); its compensatory day is.
 *
 * Returns: (transfer full) (element-type McCalendarDay): the days in order
 */
GArray *
mc_calendar_list_exceptions (McCalendar   *self,
                             int           year,
                             char       ***warnings)
{
  McWarnings collected;
  GArray *result;
  McYearDays *days;

  g_return_val_if_fail (MC_IS_CALENDAR (self), NULL);

  result = g_array_new (FALSE, FALSE, sizeof (McCalendarDay));
  mc_warnings_init (&collected, warnings);

  g_mutex_lock (&self->lock);
  days = ensure_year (self, year);
  g_mutex_unlock (&self->lock);

  warn_year (&collected, days);
  for (guint i = 0; i < days->entries->len; i++)
    {
      const McDayEntry *entry = g_ptr_array_index (days->entries, i);
      gboolean rest_day = mc_holiday_base_is_rest_day (self->base, &entry->date);
      McCalendarDay day;

      if (entry->kind == MC_DAY_WORKING_WEEKEND ? !rest_day : rest_day)
        continue;

      day.date = entry->date;
      day.info.kind = entry->kind;
      day.info.name = entry->name;
      day.info.source = entry->source;
      day.info.confirmed = entry->confirmed;
      day.info.official = days->official;
      g_array_append_val (result, day);
      warn_entry (&collected, entry);
    }

  mc_warnings_finish (&collected, warnings);

  return result;
}

/**
 * mc_day_kind_to_string:
 * @kind: a kind of day
 *
 * Returns: the stable name of @kind used in data files and by motcua-cli:
 *   working, weekend, holiday, tet, compensatory, swapped-off or
 *   working-weekend
 */
const char *
mc_day_kind_to_string (McDayKind kind)
{
  switch (kind)
    {
    case MC_DAY_WORKING: return "working";
    case MC_DAY_WEEKEND: return "weekend";
    case MC_DAY_HOLIDAY: return "holiday";
    case MC_DAY_TET: return "tet";
    case MC_DAY_COMPENSATORY: return "compensatory";
    case MC_DAY_SWAPPED_OFF: return "swapped-off";
    case MC_DAY_WORKING_WEEKEND: return "working-weekend";
    default: g_return_val_if_reached ("working");
    }
}

/**
 * mc_day_kind_get_label:
 * @kind: a kind of day
 *
 * Returns: the translated name of @kind for people
 */
const char *
mc_day_kind_get_label (McDayKind kind)
{
  switch (kind)
    {
    case MC_DAY_WORKING: return _("Working day");
    case MC_DAY_WEEKEND: return _("Weekend");
    case MC_DAY_HOLIDAY: return _("Public holiday");
    case MC_DAY_TET: return _("Lunar New Year (Tết)");
    case MC_DAY_COMPENSATORY: return _("Compensatory day off");
    case MC_DAY_SWAPPED_OFF: return _("Day off (swapped)");
    case MC_DAY_WORKING_WEEKEND: return _("Working weekend day (swapped)");
    default: g_return_val_if_reached (_("Working day"));
    }
}
