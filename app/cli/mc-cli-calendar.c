/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Commands about working time, which need no workspace: "deadline" (the
 * appointment for a dossier received at a given instant with a limit in
 * working days, decimal ones too: some procedures take half a day) and "calendar" (the days of a year that break the
 * Monday-to-Friday pattern). Where the workspace holds a desk they count
 * with the desk's calendar, as the window does: the installed holiday
 * tables with those the central system published over them. Warnings (no
 * official holiday table for a year, an unconfirmed day) go to stderr, one
 * line each, so a script can keep stdout clean. */
#define G_LOG_DOMAIN "motcua-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mc-cli.h"
#include "domain/calendar/mc-calendar.h"
#include "domain/mc-state.h"

static void
print_warnings (char **warnings)
{
  for (guint i = 0; warnings != NULL && warnings[i] != NULL; i++)
    g_printerr ("motcua-cli: %s %s\n", _("warning:"), warnings[i]);
}

static void
add_warnings_member (JsonBuilder *builder,
                     char       **warnings)
{
  json_builder_set_member_name (builder, "warnings");
  json_builder_begin_array (builder);
  for (guint i = 0; warnings != NULL && warnings[i] != NULL; i++)
    json_builder_add_string_value (builder, warnings[i]);
  json_builder_end_array (builder);
}

static char *
format_instant (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = mc_vietnam_from_unix (unix_seconds);

  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S%:z");
}

/* The holiday tables of the folder @holidays when it is given; otherwise
 * the calendar of the workspace's desk (the published tables included,
 * those in force now, as at the window's start), or the installed tables
 * where the workspace holds no desk. */
static McCalendar *
load_calendar (McCli       *cli,
               const char  *holidays,
               GError     **error)
{
  if (holidays == NULL)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(McDesk) desk = mc_desk_open (cli->workspace, MC_STORE_OPEN_READ_ONLY, &local_error);

      if (desk != NULL)
        return g_object_ref (mc_desk_get_calendar (desk));
      if (!g_error_matches (local_error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  return mc_calendar_load_sync (holidays, NULL, error);
}

#define MAX_DAYS 3650

/* A limit in working days as people write it: "3", "0.5", or "0,5" with
 * the Vietnamese decimal comma. GOption's integer parser would refuse half
 * a day with GLib's own message. */
static gboolean
parse_days (const char  *text,
            double      *days,
            GError     **error)
{
  g_autofree char *copy = g_strstrip (g_strdelimit (g_strdup (text), ",", '.'));
  char *end = NULL;
  double value;

  value = *copy != '\0' && (g_ascii_isdigit (*copy) || *copy == '.') ? g_ascii_strtod (copy, &end) : NAN;
  if (end == NULL || *end != '\0' || !isfinite (value))
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                   _("“%s” is not a number of working days; write it like 3, or 0.5 for half a working day."),
                   text);
      return FALSE;
    }
  if (value > MAX_DAYS)
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                   _("A time limit of %s working days is more than %d; check the number."), text, MAX_DAYS);
      return FALSE;
    }

  *days = value;
  return TRUE;
}

/* ISO 8601 date and time; seconds and the offset may be left out (the
 * offset is then Vietnam's). */
static GDateTime *
parse_instant (const char *text)
{
  g_autofree char *full = NULL;

  /* GLib wants the seconds: add them to a bare YYYY-MM-DDTHH:MM. */
  if (strlen (text) == 16 && text[10] == 'T' && text[13] == ':')
    text = full = g_strconcat (text, ":00", NULL);

  return g_date_time_new_from_iso8601 (text, mc_vietnam_time_zone ());
}

gboolean
mc_cli_deadline (McCli   *cli,
                 int      argc,
                 char   **argv,
                 GError **error)
{
  g_autofree char *from = NULL;
  g_autofree char *office_hours = NULL;
  g_autofree char *holidays = NULL;
  g_autofree char *due_text = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *hours_text = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(McCalendar) calendar = NULL;
  g_auto(GStrv) warnings = NULL;
  g_autofree char *days_text = NULL;
  double days = 0;
  gint64 due;
  GOptionEntry entries[] = {
    { "from", 'f', 0, G_OPTION_ARG_STRING, &from, N_("Reception date and time, e.g. 2025-04-04T11:30 (Vietnam time)"), "YYYY-MM-DDTHH:MM" },
    { "days", 'd', 0, G_OPTION_ARG_STRING, &days_text, N_("Time limit in working days, e.g. 3 or 0.5"), "N" },
    { "office-hours", 0, 0, G_OPTION_ARG_STRING, &office_hours, N_("Office sessions (default from the holiday tables: 07:30-11:30, 13:00-17:00)"), "HH:MM-HH:MM,…" },
    { "holidays", 0, 0, G_OPTION_ARG_FILENAME, &holidays, N_("Folder of the holiday tables to count with instead of the desk’s calendar (the installed tables and those the central system published)"), "DIR" },
    { NULL }
  };

  if (!mc_cli_parse (entries, "deadline", "", &argc, &argv, error))
    return FALSE;

  if (from == NULL || days_text == NULL)
    {
      g_set_error_literal (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                           _("Give the reception time and the limit: deadline --from YYYY-MM-DDTHH:MM --days N."));
      return FALSE;
    }

  if (!parse_days (days_text, &days, error))
    return FALSE;

  start = parse_instant (from);
  if (start == NULL)
    {
      g_set_error (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                   _("“%s” is not a date and time; write it like 2025-04-04T11:30."), from);
      return FALSE;
    }

  calendar = load_calendar (cli, holidays, error);
  if (calendar == NULL)
    return FALSE;
  if (office_hours != NULL && !mc_calendar_set_office_hours (calendar, office_hours, error))
    return FALSE;

  /* Half a day is half the office time of one (4 hours of 8). */
  due = mc_calendar_add_working_seconds (calendar, g_date_time_to_unix (start),
                                         (gint64) llround (days * (double) mc_calendar_get_working_day_seconds (calendar)),
                                         &warnings);
  due_text = format_instant (due);
  from_text = format_instant (g_date_time_to_unix (start));
  hours_text = mc_calendar_get_office_hours (calendar);

  print_warnings (warnings);
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "from");
      json_builder_add_string_value (builder, from_text);
      json_builder_set_member_name (builder, "days");
      if (days == floor (days))
        json_builder_add_int_value (builder, (gint64) days);
      else
        json_builder_add_double_value (builder, days);
      json_builder_set_member_name (builder, "office_hours");
      json_builder_add_string_value (builder, hours_text);
      json_builder_set_member_name (builder, "due");
      json_builder_add_string_value (builder, due_text);
      json_builder_set_member_name (builder, "due_unix");
      json_builder_add_int_value (builder, due);
      add_warnings_member (builder, warnings);
      json_builder_end_object (builder);
      mc_cli_print_json (builder);
    }
  else
    g_print ("%s\n", due_text);

  return TRUE;
}

gboolean
mc_cli_calendar (McCli   *cli,
                 int      argc,
                 char   **argv,
                 GError **error)
{
  g_autofree char *holidays = NULL;
  g_autoptr(McCalendar) calendar = NULL;
  g_autoptr(GArray) days = NULL;
  g_auto(GStrv) warnings = NULL;
  int year = 0;
  GOptionEntry entries[] = {
    { "year", 'y', 0, G_OPTION_ARG_INT, &year, N_("The year to list"), "YYYY" },
    { "holidays", 0, 0, G_OPTION_ARG_FILENAME, &holidays, N_("Folder of the holiday tables to count with instead of the desk’s calendar (the installed tables and those the central system published)"), "DIR" },
    { NULL }
  };

  if (!mc_cli_parse (entries, "calendar", "", &argc, &argv, error))
    return FALSE;

  if (year < 1 || year > 9999)
    {
      g_set_error_literal (error, MC_CLI_ERROR, MC_CLI_ERROR_USAGE,
                           _("Give the year to list: calendar --year YYYY."));
      return FALSE;
    }

  calendar = load_calendar (cli, holidays, error);
  if (calendar == NULL)
    return FALSE;

  days = mc_calendar_list_exceptions (calendar, year, &warnings);
  print_warnings (warnings);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "year");
      json_builder_add_int_value (builder, year);
      json_builder_set_member_name (builder, "official");
      json_builder_add_boolean_value (builder, mc_calendar_has_official_table (calendar, year));
      json_builder_set_member_name (builder, "days");
      json_builder_begin_array (builder);
      for (guint i = 0; i < days->len; i++)
        {
          McCalendarDay *day = &g_array_index (days, McCalendarDay, i);
          char date[16];

          g_date_strftime (date, sizeof date, "%Y-%m-%d", &day->date);
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "date");
          json_builder_add_string_value (builder, date);
          json_builder_set_member_name (builder, "kind");
          json_builder_add_string_value (builder, mc_day_kind_to_string (day->info.kind));
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, day->info.name);
          json_builder_set_member_name (builder, "source");
          json_builder_add_string_value (builder, day->info.source);
          json_builder_set_member_name (builder, "confirmed");
          json_builder_add_boolean_value (builder, day->info.confirmed);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      add_warnings_member (builder, warnings);
      json_builder_end_object (builder);
      mc_cli_print_json (builder);
    }
  else
    for (guint i = 0; i < days->len; i++)
      {
        McCalendarDay *day = &g_array_index (days, McCalendarDay, i);
        char date[16];

        g_date_strftime (date, sizeof date, "%Y-%m-%d", &day->date);
        g_print ("%s\t%s\t%s\n", date, mc_day_kind_to_string (day->info.kind),
                 day->info.name != NULL ? day->info.name : "");
      }

  return TRUE;
}
