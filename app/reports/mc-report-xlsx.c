/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The report as a spreadsheet (libxlsxwriter): a sheet of indicators
 * (name, value as a percentage cell, numerator, denominator, target,
 * source, the target's source and note, or "—" and why there is none), a sheet of the time saved online per procedure, with the
 * period in the first rows, a sheet of the late dossiers and why (dates
 * as date cells, in Vietnam's time) and one of the twelve months' shares. Values are real numbers, not text, so the
 * province can compute with them. */
#define G_LOG_DOMAIN "motcua-reports"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <sys/stat.h>
#include <xlsxwriter.h>

#include "domain/mc-state.h"
#include "mc-report.h"

static char *
vn_day (gint64 at)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (at);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, mc_vietnam_time_zone ());

  return g_date_time_format (local, "%d/%m/%Y");
}

static void
write_percent (lxw_worksheet *sheet,
               lxw_row_t      row,
               lxw_col_t      col,
               double         value,
               lxw_format    *format)
{
  if (!isnan (value))
    worksheet_write_number (sheet, row, col, value / 100.0, format);
}

static void
write_indicators (lxw_worksheet *sheet,
                  McReport      *report,
                  lxw_format    *bold,
                  lxw_format    *percent)
{
  g_autofree char *from = vn_day (report->from);
  g_autofree char *to = vn_day (report->to - 1);
  g_autofree char *period = g_strdup_printf ("Từ ngày %s đến ngày %s", from, to);
  const char *titles[] = { "Mã", "Chỉ số", "Kết quả", "Tử số", "Mẫu số", "Mục tiêu", "Căn cứ",
                           "Căn cứ mục tiêu", "Ghi chú mục tiêu" };

  worksheet_write_string (sheet, 0, 0, "Báo cáo chỉ số phục vụ người dân, doanh nghiệp", bold);
  worksheet_write_string (sheet, 1, 0, period, NULL);
  for (lxw_col_t c = 0; c < G_N_ELEMENTS (titles); c++)
    worksheet_write_string (sheet, 3, c, titles[c], bold);
  worksheet_set_column (sheet, 1, 1, 45, NULL);
  worksheet_set_column (sheet, 6, 7, 40, NULL);
  worksheet_set_column (sheet, 8, 8, 60, NULL);

  for (guint i = 0; i < report->figures->len; i++)
    {
      McReportFigure *f = g_ptr_array_index (report->figures, i);
      lxw_row_t row = 4 + i;

      worksheet_write_string (sheet, row, 0, f->id, NULL);
      worksheet_write_string (sheet, row, 1, f->name_vi, NULL);
      if (f->computable)
        {
          write_percent (sheet, row, 2, f->value, percent);
          worksheet_write_number (sheet, row, 3, f->numerator, NULL);
          worksheet_write_number (sheet, row, 4, f->denominator, NULL);
        }
      else
        worksheet_write_string (sheet, row, 2, "Chưa tính được", NULL);
      /* No target: "—" in its cell and why in the note, never a blank
       * that reads as zero. */
      if (f->has_target)
        write_percent (sheet, row, 5, f->target, percent);
      else
        worksheet_write_string (sheet, row, 5, "—", NULL);
      worksheet_write_string (sheet, row, 6, f->source, NULL);
      if (f->has_target && f->target_source != NULL)
        worksheet_write_string (sheet, row, 7, f->target_source, NULL);
      if (f->target_note != NULL)
        worksheet_write_string (sheet, row, 8, f->target_note, NULL);
    }
}

static void
write_time_saved (lxw_worksheet *sheet,
                  McReport      *report,
                  lxw_format    *bold,
                  lxw_format    *percent,
                  lxw_format    *hours)
{
  const char *titles[] = { "Mã thủ tục", "Tên thủ tục", "Hồ sơ trực tuyến", "Hồ sơ trực tiếp",
                           "Giờ trung bình trực tuyến", "Giờ trung bình trực tiếp", "Tiết kiệm" };

  for (lxw_col_t c = 0; c < G_N_ELEMENTS (titles); c++)
    worksheet_write_string (sheet, 0, c, titles[c], bold);
  worksheet_set_column (sheet, 1, 1, 45, NULL);

  for (guint i = 0; i < report->time_saved->len; i++)
    {
      McReportTimeSaved *t = g_ptr_array_index (report->time_saved, i);
      lxw_row_t row = 1 + i;

      worksheet_write_string (sheet, row, 0, t->procedure_code, NULL);
      worksheet_write_string (sheet, row, 1, t->procedure_name, NULL);
      worksheet_write_number (sheet, row, 2, t->online_count, NULL);
      worksheet_write_number (sheet, row, 3, t->in_person_count, NULL);
      if (!isnan (t->online_hours))
        worksheet_write_number (sheet, row, 4, t->online_hours, hours);
      if (!isnan (t->in_person_hours))
        worksheet_write_number (sheet, row, 5, t->in_person_hours, hours);
      write_percent (sheet, row, 6, t->saved_percent, percent);
    }
}

static void
write_late (lxw_worksheet *sheet,
            McReport      *report,
            lxw_format    *bold,
            lxw_format    *day,
            lxw_format    *number)
{
  const char *titles[] = { "Mã hồ sơ", "Mã thủ tục", "Tên thủ tục", "Hẹn trả ban đầu", "Hoàn thành",
                           "Trễ (ngày làm việc)", "Khâu quá hạn", "Quá (ngày làm việc)",
                           "Số lần yêu cầu bổ sung", "Đã xin lỗi", "Hẹn lại" };

  for (lxw_col_t c = 0; c < G_N_ELEMENTS (titles); c++)
    worksheet_write_string (sheet, 0, c, titles[c], bold);
  worksheet_set_column (sheet, 0, 0, 24, NULL);
  worksheet_set_column (sheet, 2, 2, 40, NULL);
  worksheet_set_column (sheet, 3, 4, 12, day);
  worksheet_set_column (sheet, 6, 6, 20, NULL);
  worksheet_set_column (sheet, 10, 10, 12, day);

  for (guint i = 0; i < report->late->len; i++)
    {
      const McReportDossier *d = g_ptr_array_index (report->late, i);
      const McReportLate *why = mc_report_find_late (report, d->code);
      lxw_row_t row = 1 + i;

      worksheet_write_string (sheet, row, 0, d->code, NULL);
      worksheet_write_string (sheet, row, 1, d->procedure_code, NULL);
      worksheet_write_string (sheet, row, 2, d->procedure_name, NULL);
      if (d->due_at > 0)
        worksheet_write_unixtime (sheet, row, 3, d->due_at + 7 * 3600, day);
      worksheet_write_unixtime (sheet, row, 4, d->finished_at + 7 * 3600, day);
      if (why != NULL)
        worksheet_write_number (sheet, row, 5, round (why->late_days * 10) / 10, number);
      if (why != NULL && why->step_id != NULL)
        {
          worksheet_write_string (sheet, row, 6, why->step_name, NULL);
          worksheet_write_number (sheet, row, 7, round (why->step_overrun_days * 10) / 10, number);
        }
      worksheet_write_number (sheet, row, 8, d->supplement_count, NULL);
      worksheet_write_string (sheet, row, 9, d->apology_count > 0 ? "Có" : "Không", NULL);
      if (d->new_due_at > 0)
        worksheet_write_unixtime (sheet, row, 10, d->new_due_at + 7 * 3600, day);
    }
}

static void
write_months (lxw_worksheet *sheet,
              McReport      *report,
              lxw_format    *bold,
              lxw_format    *percent)
{
  McReportMonths months;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) first = NULL;

  mc_report_months (report, &months);
  utc = g_date_time_new_from_unix_utc (months.first_month);
  first = g_date_time_to_timezone (utc, mc_vietnam_time_zone ());
  worksheet_write_string (sheet, 0, 0, "Tháng", bold);
  worksheet_write_string (sheet, 0, 1, "Tỷ lệ đúng hạn", bold);
  worksheet_write_string (sheet, 0, 2, "Tỷ lệ trực tuyến", bold);
  worksheet_set_column (sheet, 1, 2, 18, NULL);
  for (int m = 0; m < 12; m++)
    {
      g_autoptr(GDateTime) month = g_date_time_add_months (first, m);
      g_autofree char *label = g_date_time_format (month, "%m/%Y");

      worksheet_write_string (sheet, 1 + m, 0, label, NULL);
      write_percent (sheet, 1 + m, 1, months.on_time[m], percent);
      write_percent (sheet, 1 + m, 2, months.online[m], percent);
    }
}

/**
 * mc_report_write_xlsx:
 * @report: a report
 * @path: the .xlsx file to write (created 0600)
 * @error: where to put a failure
 *
 * Returns: %TRUE when @path was written
 */
gboolean
mc_report_write_xlsx (McReport    *report,
                      const char  *path,
                      GError     **error)
{
  lxw_workbook *book;
  lxw_format *bold, *percent, *hours, *day;
  lxw_error rc;
  locale_t c_numbers, saved_locale;
  int fd;

  /* libxlsxwriter opens the file itself: create it first so it is 0600. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0 || fchmod (fd, 0600) != 0)
    {
      int saved = errno;

      if (fd >= 0)
        g_close (fd, NULL);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot write %s: %s"), path, g_strerror (saved));
      return FALSE;
    }
  g_close (fd, NULL);

  /* libxlsxwriter prints numbers with the C library's formatting: in a
   * Vietnamese locale they would come out as "0,5", which no spreadsheet
   * reads. This thread writes with C's numbers. */
  c_numbers = newlocale (LC_NUMERIC_MASK, "C", duplocale (uselocale ((locale_t) 0)));
  saved_locale = uselocale (c_numbers);
  book = workbook_new (path);
  if (book == NULL)
    {
      uselocale (saved_locale);
      freelocale (c_numbers);
      g_set_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_DATA, _("Cannot write %s: %s"), path,
                   _("the spreadsheet could not be started"));
      return FALSE;
    }
  bold = workbook_add_format (book);
  format_set_bold (bold);
  percent = workbook_add_format (book);
  format_set_num_format (percent, "0.0%");
  hours = workbook_add_format (book);
  format_set_num_format (hours, "0.0");
  day = workbook_add_format (book);
  format_set_num_format (day, "dd/mm/yyyy");

  write_indicators (workbook_add_worksheet (book, "Chỉ số"), report, bold, percent);
  write_time_saved (workbook_add_worksheet (book, "Thời gian"), report, bold, percent, hours);
  write_late (workbook_add_worksheet (book, "Trễ hạn"), report, bold, day, hours);
  write_months (workbook_add_worksheet (book, "Theo tháng"), report, bold, percent);

  rc = workbook_close (book);
  uselocale (saved_locale);
  freelocale (c_numbers);
  if (rc != LXW_NO_ERROR)
    {
      g_set_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_DATA, _("Cannot write %s: %s"), path,
                   lxw_strerror (rc));
      return FALSE;
    }

  return TRUE;
}
