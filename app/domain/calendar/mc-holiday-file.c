/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The small INI dialect of the holiday tables, read line by line rather than
 * with GKeyFile because a clerk who mistypes a date must be told which file
 * and which line, and because unknown keys must be refused: a misspelt key
 * that was silently ignored would silently drop a holiday and move every
 * deadline. Also the readers of the values (dates, lists, office hours). */
#define G_LOG_DOMAIN "motcua-calendar"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <stdarg.h>
#include <string.h>

#include "mc-holiday-data.h"
#include "mc-holiday-file.h"

static void
entry_free (gpointer data)
{
  McHolidayEntry *entry = data;

  g_free (entry->key);
  g_free (entry->value);
  g_free (entry);
}

static void
section_free (gpointer data)
{
  McHolidaySection *section = data;

  g_free (section->kind);
  g_free (section->arg);
  g_ptr_array_unref (section->entries);
  g_free (section);
}

void
mc_holiday_file_error (GError    **error,
                       const char *path,
                       guint       line,
                       const char *format,
                       ...)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_MALFORMED,
               /* Translators: file name, line number, what is wrong */
               _("%s, line %u: %s"), display, line, what);
}

gboolean
mc_holiday_file_is_name (const char *text)
{
  if (text == NULL || *text == '\0')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

/* Splits a file into sections of key = value lines, keeping line numbers. */
GPtrArray *
mc_holiday_file_read (const char  *path,
                      GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, MC_CALENDAR_ERROR,
                   g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT)
                     ? MC_CALENDAR_ERROR_NOT_FOUND : MC_CALENDAR_ERROR_MALFORMED,
                   _("Cannot read the holiday table: %s"), local_error->message);
      return NULL;
    }

  return mc_holiday_file_read_data (path, contents, length, error);
}

/* The same for a table that did not come from a file (the central system's
 * change feed): @origin names it in errors as a path would. */
GPtrArray *
mc_holiday_file_read_data (const char  *origin,
                           const char  *contents,
                           gsize        length,
                           GError     **error)
{
  const char *path = origin;
  g_autofree char *copy = NULL;
  g_autoptr(GPtrArray) sections = g_ptr_array_new_with_free_func (section_free);
  g_auto(GStrv) lines = NULL;
  const char *end = NULL;
  McHolidaySection *current = NULL;

  if (!g_utf8_validate (contents, (gssize) length, &end))
    {
      guint line = 1;

      for (const char *p = contents; p < end; p++)
        line += *p == '\n';
      mc_holiday_file_error (error, path, line, _("the text is not valid UTF-8; save the file as UTF-8."));
      return NULL;
    }

  copy = g_strndup (contents, length);
  lines = g_strsplit (copy, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *text = g_strstrip (lines[i]);
      guint line = i + 1;

      if (*text == '\0' || *text == '#' || *text == ';')
        continue;

      if (*text == '[')
        {
          g_autofree char *inner = NULL;
          char *space;
          gsize len = strlen (text);

          if (text[len - 1] != ']')
            {
              mc_holiday_file_error (error, path, line, _("a section header must end with “]”."));
              return NULL;
            }
          inner = g_strndup (text + 1, len - 2);
          g_strstrip (inner);
          space = strchr (inner, ' ');
          current = g_new0 (McHolidaySection, 1);
          current->line = line;
          current->entries = g_ptr_array_new_with_free_func (entry_free);
          g_ptr_array_add (sections, current);
          if (space != NULL)
            {
              *space = '\0';
              current->arg = g_strstrip (g_strdup (space + 1));
            }
          current->kind = g_strdup (inner);
          if (!mc_holiday_file_is_name (current->kind))
            {
              mc_holiday_file_error (error, path, line, _("“%s” is not a section name."), text);
              return NULL;
            }
          continue;
        }

      {
        char *equals = strchr (text, '=');
        McHolidayEntry *entry;

        if (equals == NULL)
          {
            mc_holiday_file_error (error, path, line,
                                   _("“%s” is neither “key = value”, a [section] nor a # comment."), text);
            return NULL;
          }
        *equals = '\0';
        g_strstrip (text);
        if (!mc_holiday_file_is_name (text))
          {
            mc_holiday_file_error (error, path, line, _("“%s” is not a key name (use a-z, 0-9 and -)."), text);
            return NULL;
          }
        if (current == NULL)
          {
            mc_holiday_file_error (error, path, line, _("the key “%s” comes before any [section]."), text);
            return NULL;
          }
        for (guint j = 0; j < current->entries->len; j++)
          {
            McHolidayEntry *other = g_ptr_array_index (current->entries, j);

            if (g_str_equal (other->key, text))
              {
                mc_holiday_file_error (error, path, line, _("the key “%s” is already set on line %u."),
                                       text, other->line);
                return NULL;
              }
          }
        entry = g_new0 (McHolidayEntry, 1);
        entry->key = g_strdup (text);
        entry->value = g_strstrip (g_strdup (equals + 1));
        entry->line = line;
        g_ptr_array_add (current->entries, entry);
      }
    }

  return g_steal_pointer (&sections);
}

/**
 * mc_holiday_file_section_title:
 * @section: a section
 *
 * Returns: (transfer full): the section as written, e.g. "[rule tet]"
 */
char *
mc_holiday_file_section_title (const McHolidaySection *section)
{
  return g_strdup_printf ("[%s%s%s]", section->kind, section->arg != NULL ? " " : "",
                          section->arg != NULL ? section->arg : "");
}

/* Refuses a key the section does not know, naming the ones it does. */
gboolean
mc_holiday_file_check_keys (const char         *path,
                            const McHolidaySection      *section,
                            const char * const *allowed,
                            GError            **error)
{
  for (guint i = 0; i < section->entries->len; i++)
    {
      McHolidayEntry *entry = g_ptr_array_index (section->entries, i);

      if (!g_strv_contains (allowed, entry->key))
        {
          g_autofree char *list = g_strjoinv (", ", (char **) allowed);
          g_autofree char *title = mc_holiday_file_section_title (section);

          mc_holiday_file_error (error, path, entry->line,
                                 _("unknown key “%s” in %s; the keys allowed here are: %s."),
                                 entry->key, title, list);
          return FALSE;
        }
    }

  return TRUE;
}

const McHolidayEntry *
mc_holiday_file_find (const McHolidaySection *section,
                      const char    *key)
{
  for (guint i = 0; i < section->entries->len; i++)
    {
      McHolidayEntry *entry = g_ptr_array_index (section->entries, i);

      if (g_str_equal (entry->key, key))
        return entry;
    }

  return NULL;
}

const McHolidayEntry *
mc_holiday_file_require (const char    *path,
                         const McHolidaySection *section,
                         const char    *key,
                         GError       **error)
{
  const McHolidayEntry *entry = mc_holiday_file_find (section, key);

  if (entry == NULL || *entry->value == '\0')
    {
      g_autofree char *title = mc_holiday_file_section_title (section);

      mc_holiday_file_error (error, path, section->line, _("the section %s needs a “%s” key."),
                             title, key);
    }

  return entry != NULL && *entry->value != '\0' ? entry : NULL;
}

gboolean
mc_holiday_file_parse_number (const char *text,
                              int         digits,
                              int        *value)
{
  int result = 0;

  for (int i = 0; i < digits; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      result = result * 10 + (text[i] - '0');
    }
  *value = result;

  return TRUE;
}

/* YYYY-MM-DD, nothing more and nothing less. */
gboolean
mc_holiday_file_parse_date (const char *text,
                            GDate      *date)
{
  int y, m, d;

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-'
      || !mc_holiday_file_parse_number (text, 4, &y) || !mc_holiday_file_parse_number (text + 5, 2, &m)
      || !mc_holiday_file_parse_number (text + 8, 2, &d)
      || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;

  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);

  return TRUE;
}

gboolean
mc_holiday_file_date (const char  *path,
                      const McHolidayEntry *entry,
                      GDate       *date,
                      GError     **error)
{
  if (!mc_holiday_file_parse_date (entry->value, date))
    {
      mc_holiday_file_error (error, path, entry->line,
                             _("“%s” is not a date; write it as YYYY-MM-DD, e.g. 2025-09-02."), entry->value);
      return FALSE;
    }

  return TRUE;
}

gboolean
mc_holiday_file_bool (const char  *path,
                      const McHolidayEntry *entry,
                      gboolean    *value,
                      GError     **error)
{
  if (g_str_equal (entry->value, "true"))
    *value = TRUE;
  else if (g_str_equal (entry->value, "false"))
    *value = FALSE;
  else
    {
      mc_holiday_file_error (error, path, entry->line, _("“%s” must be true or false."), entry->key);
      return FALSE;
    }

  return TRUE;
}

gboolean
mc_holiday_file_status (const char  *path,
                        const McHolidayEntry *entry,
                        gboolean    *confirmed,
                        GError     **error)
{
  *confirmed = TRUE;
  if (entry == NULL)
    return TRUE;
  if (g_str_equal (entry->value, "confirmed"))
    return TRUE;
  if (g_str_equal (entry->value, "unconfirmed"))
    {
      *confirmed = FALSE;
      return TRUE;
    }

  mc_holiday_file_error (error, path, entry->line, _("the status must be confirmed or unconfirmed."));
  return FALSE;
}

/* A comma-separated list of small integers with an optional sign. */
GArray *
mc_holiday_file_int_list (const char  *path,
                          const McHolidayEntry *entry,
                          int          min,
                          int          max,
                          GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (entry->value, ",", -1);
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (int));

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *part = g_strstrip (parts[i]);
      char *end = NULL;
      gint64 value;

      errno = 0;
      value = g_ascii_strtoll (part, &end, 10);
      if (*part == '\0' || *end != '\0' || errno != 0 || value < min || value > max)
        {
          mc_holiday_file_error (error, path, entry->line,
                                 _("“%s” must be a list of whole numbers from %d to %d, separated by commas."),
                                 entry->key, min, max);
          return NULL;
        }
      g_array_append_vals (values, &(int) { (int) value }, 1);
    }

  return g_steal_pointer (&values);
}

/* Dates and A..B ranges, separated by commas. */
GArray *
mc_holiday_file_dates (const char  *path,
                       const McHolidayEntry *entry,
                       GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (entry->value, ",", -1);
  g_autoptr(GArray) dates = g_array_new (FALSE, FALSE, sizeof (GDate));

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *part = g_strstrip (parts[i]);
      char *dots = strstr (part, "..");
      GDate first, last;

      if (dots != NULL)
        {
          *dots = '\0';
          g_strstrip (part);
          if (!mc_holiday_file_parse_date (part, &first) || !mc_holiday_file_parse_date (g_strstrip (dots + 2), &last)
              || g_date_compare (&first, &last) > 0)
            {
              mc_holiday_file_error (error, path, entry->line,
                                     _("“%s” must list dates (YYYY-MM-DD) or ranges (YYYY-MM-DD..YYYY-MM-DD) in order."),
                                     entry->key);
              return NULL;
            }
        }
      else if (mc_holiday_file_parse_date (part, &first))
        last = first;
      else
        {
          mc_holiday_file_error (error, path, entry->line,
                                 _("“%s” must list dates (YYYY-MM-DD) or ranges (YYYY-MM-DD..YYYY-MM-DD) in order."),
                                 entry->key);
          return NULL;
        }

      for (GDate d = first; g_date_compare (&d, &last) <= 0; g_date_add_days (&d, 1))
        g_array_append_val (dates, d);
    }

  return g_steal_pointer (&dates);
}

/**
 * mc_office_hours_parse:
 * @spec: sessions such as "07:30-11:30, 13:00-17:00"
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type McOfficeSession): the sessions in
 *   order, or %NULL with @error set when they overlap, are out of order or
 *   cannot be read
 */
GArray *
mc_office_hours_parse (const char  *spec,
                       GError     **error)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GArray) sessions = g_array_new (FALSE, FALSE, sizeof (McOfficeSession));

  g_return_val_if_fail (spec != NULL, NULL);

  parts = g_strsplit (spec, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *part = g_strstrip (parts[i]);
      int h1, m1, h2, m2;
      McOfficeSession session;

      if (strlen (part) != 11 || part[2] != ':' || part[5] != '-' || part[8] != ':'
          || !mc_holiday_file_parse_number (part, 2, &h1) || !mc_holiday_file_parse_number (part + 3, 2, &m1)
          || !mc_holiday_file_parse_number (part + 6, 2, &h2) || !mc_holiday_file_parse_number (part + 9, 2, &m2)
          || h1 > 24 || h2 > 24 || m1 > 59 || m2 > 59
          || (h1 == 24 && m1 > 0) || (h2 == 24 && m2 > 0))
        {
          g_set_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_INVALID_HOURS,
                       _("“%s” is not an office session; write sessions as HH:MM-HH:MM separated by commas, e.g. 07:30-11:30, 13:00-17:00."),
                       part);
          return NULL;
        }
      session.start = h1 * 3600 + m1 * 60;
      session.end = h2 * 3600 + m2 * 60;
      if (session.end <= session.start)
        {
          g_set_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_INVALID_HOURS,
                       _("The office session “%s” ends before it starts."), part);
          return NULL;
        }
      if (sessions->len > 0
          && g_array_index (sessions, McOfficeSession, sessions->len - 1).end > session.start)
        {
          g_set_error (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_INVALID_HOURS,
                       _("The office session “%s” overlaps or comes before the one before it; list the sessions of a day in order."),
                       part);
          return NULL;
        }
      g_array_append_val (sessions, session);
    }

  return g_steal_pointer (&sessions);
}

