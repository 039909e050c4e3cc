/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The reader of the holiday tables' INI dialect: sections of key = value
 * lines that remember their line numbers, and readers of the values that
 * report mistakes as "file, line N: what is wrong". Private to the calendar. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *key;
  char *value;
  guint line;
} McHolidayEntry;

typedef struct
{
  char      *kind;
  char      *arg;
  guint      line;
  GPtrArray *entries;
} McHolidaySection;

void                   mc_holiday_file_error       (GError                 **error,
                                                    const char              *path,
                                                    guint                    line,
                                                    const char              *format,
                                                    ...) G_GNUC_PRINTF (4, 5);
char                  *mc_holiday_file_section_title (const McHolidaySection *section);
gboolean               mc_holiday_file_is_name     (const char              *text);
GPtrArray             *mc_holiday_file_read        (const char              *path,
                                                    GError                 **error);
GPtrArray             *mc_holiday_file_read_data   (const char              *origin,
                                                    const char              *contents,
                                                    gsize                    length,
                                                    GError                 **error);
gboolean               mc_holiday_file_check_keys  (const char              *path,
                                                    const McHolidaySection  *section,
                                                    const char * const      *allowed,
                                                    GError                 **error);
const McHolidayEntry  *mc_holiday_file_find        (const McHolidaySection  *section,
                                                    const char              *key);
const McHolidayEntry  *mc_holiday_file_require     (const char              *path,
                                                    const McHolidaySection  *section,
                                                    const char              *key,
                                                    GError                 **error);
gboolean               mc_holiday_file_parse_number (const char             *text,
                                                    int                      digits,
                                                    int                     *value);
gboolean               mc_holiday_file_parse_date  (const char              *text,
                                                    GDate                   *date);
gboolean               mc_holiday_file_date        (const char              *path,
                                                    const McHolidayEntry    *entry,
                                                    GDate                   *date,
                                                    GError                 **error);
gboolean               mc_holiday_file_bool        (const char              *path,
                                                    const McHolidayEntry    *entry,
                                                    gboolean                *value,
                                                    GError                 **error);
gboolean               mc_holiday_file_status      (const char              *path,
                                                    const McHolidayEntry    *entry,
                                                    gboolean                *confirmed,
                                                    GError                 **error);
GArray                *mc_holiday_file_int_list    (const char              *path,
                                                    const McHolidayEntry    *entry,
                                                    int                      min,
                                                    int                      max,
                                                    GError                 **error);
GArray                *mc_holiday_file_dates       (const char              *path,
                                                    const McHolidayEntry    *entry,
                                                    GError                 **error);

G_END_DECLS
