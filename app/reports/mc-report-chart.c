/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The report's two charts, drawn with cairo and pango so the Reports
 * window and the printed PDF show the same pictures: a bar per indicator
 * against its target (the target as an orange tick), and twelve months of
 * on-time bars with the online share as a line and its target dashed.
 * Colours are the GNOME palette's; text takes the source colour the
 * caller set, so the window can follow a dark style. Numbers are written
 * the Vietnamese way (92,5 %). */
#define G_LOG_DOMAIN "motcua-reports"

#include "config.h"

#include <math.h>
#include <pango/pangocairo.h>

#include "domain/mc-state.h"
#include "mc-report.h"

#define BLUE 0x3584e4
#define GREEN 0x2ec27e
#define GREY 0x9a9996
#define ORANGE 0xe66100
#define RED 0xc01c28

static void
set_rgb (cairo_t *cr,
         guint32  rgb,
         double   alpha)
{
  cairo_set_source_rgba (cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                         (rgb & 0xff) / 255.0, alpha);
}

static char *
vn_percent (double value)
{
  g_autofree char *text = g_strdup_printf ("%.1f", value);

  g_strdelimit (text, ".", ',');
  return g_strdup_printf ("%s %%", text);
}

static PangoLayout *
new_layout (cairo_t *cr,
            double   size)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Sans");

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);

  return layout;
}

static void
show_text (cairo_t         *cr,
           PangoLayout     *layout,
           cairo_pattern_t *fg,
           const char      *text,
           double           x,
           double           y,
           double           width,
           PangoAlignment   align)
{
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, width > 0 ? (int) (width * PANGO_SCALE) : -1);
  pango_layout_set_ellipsize (layout, width > 0 ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
  pango_layout_set_alignment (layout, align);
  cairo_set_source (cr, fg);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

/**
 * mc_report_draw_indicators:
 * @report: a report
 * @cr: where to draw, its source the text colour
 * @width: the area's width
 * @height: the area's height
 *
 * One row per computable indicator: its name, a bar of its value out of
 * 100 % (green when it meets its target, red when it misses it, blue
 * without a target), the target as a tick and the value as text.
 */
void
mc_report_draw_indicators (McReport *report,
                           cairo_t  *cr,
                           double    width,
                           double    height)
{
  cairo_pattern_t *fg = cairo_pattern_reference (cairo_get_source (cr));
  guint n = 0, row = 0;
  double row_h, label_w = width * 0.38, value_w = 56, bar_x, bar_w;
  PangoLayout *layout;

  for (guint i = 0; i < report->figures->len; i++)
    if (((McReportFigure *) g_ptr_array_index (report->figures, i))->computable)
      n++;
  if (n == 0)
    {
      cairo_pattern_destroy (fg);
      return;
    }
  row_h = height / n;
  bar_x = label_w + 8;
  bar_w = MAX (width - bar_x - value_w - 4, 10);
  layout = new_layout (cr, MIN (11.0, row_h * 0.5));

  cairo_save (cr);
  for (guint i = 0; i < report->figures->len; i++)
    {
      McReportFigure *f = g_ptr_array_index (report->figures, i);
      double y = row * row_h, bar_h = row_h * 0.5, bar_y = y + (row_h - bar_h) / 2;
      int text_h;

      if (!f->computable)
        continue;
      row++;
      pango_layout_set_text (layout, f->name_vi, -1);
      pango_layout_get_pixel_size (layout, NULL, &text_h);
      show_text (cr, layout, fg, f->name_vi, 0, y + (row_h - text_h) / 2, label_w, PANGO_ALIGN_RIGHT);

      set_rgb (cr, GREY, 0.25);
      cairo_rectangle (cr, bar_x, bar_y, bar_w, bar_h);
      cairo_fill (cr);
      if (!isnan (f->value))
        {
          g_autofree char *text = vn_percent (f->value);

          if (!f->has_target)
            set_rgb (cr, BLUE, 1);
          else
            set_rgb (cr, f->value >= f->target ? GREEN : RED, 1);
          cairo_rectangle (cr, bar_x, bar_y, bar_w * CLAMP (f->value, 0, 100) / 100.0, bar_h);
          cairo_fill (cr);
          show_text (cr, layout, fg, text, bar_x + bar_w + 4, y + (row_h - text_h) / 2, value_w, PANGO_ALIGN_LEFT);
        }
      else
        show_text (cr, layout, fg, "—", bar_x + bar_w + 4, y + (row_h - text_h) / 2, value_w, PANGO_ALIGN_LEFT);
      if (f->has_target)
        {
          double x = bar_x + bar_w * CLAMP (f->target, 0, 100) / 100.0;

          set_rgb (cr, ORANGE, 1);
          cairo_set_line_width (cr, 2.5);
          cairo_move_to (cr, x, bar_y - 3);
          cairo_line_to (cr, x, bar_y + bar_h + 3);
          cairo_stroke (cr);
        }
    }
  cairo_restore (cr);
  g_object_unref (layout);
  cairo_pattern_destroy (fg);
}

/**
 * mc_report_draw_months:
 * @months: twelve months of shares (mc_report_months())
 * @target: (nullable): the online share's target in per cent, or NAN
 * @cr: where to draw, its source the text colour
 * @width: the area's width
 * @height: the area's height
 *
 * On time as a blue bar per month, online as an orange line, the online
 * target dashed; the months' numbers (1–12 with the year's last two
 * digits when the months cross a year) under the bars; a legend on top.
 */
void
mc_report_draw_months (const McReportMonths *months,
                       double                target,
                       cairo_t              *cr,
                       double                width,
                       double                height)
{
  cairo_pattern_t *fg = cairo_pattern_reference (cairo_get_source (cr));
  double left = 40, right = 8, top = 22, bottom = 20;
  double plot_w = width - left - right, plot_h = height - top - bottom;
  double step = plot_w / 12;
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (months->first_month);
  g_autoptr(GDateTime) first = g_date_time_to_timezone (utc, mc_vietnam_time_zone ());
  PangoLayout *layout = new_layout (cr, 9);
  gboolean started = FALSE;

  cairo_save (cr);
  /* Legend. */
  set_rgb (cr, BLUE, 1);
  cairo_rectangle (cr, left, 4, 12, 10);
  cairo_fill (cr);
  show_text (cr, layout, fg, "Đúng hạn", left + 16, 2, 0, PANGO_ALIGN_LEFT);
  set_rgb (cr, ORANGE, 1);
  cairo_set_line_width (cr, 2.5);
  cairo_move_to (cr, left + 100, 9);
  cairo_line_to (cr, left + 118, 9);
  cairo_stroke (cr);
  show_text (cr, layout, fg, "Trực tuyến", left + 122, 2, 0, PANGO_ALIGN_LEFT);
  if (!isnan (target))
    {
      double dash = 4;

      cairo_set_line_width (cr, 1.5);
      cairo_set_dash (cr, &dash, 1, 0);
      cairo_move_to (cr, left + 206, 9);
      cairo_line_to (cr, left + 224, 9);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      show_text (cr, layout, fg, "Mục tiêu trực tuyến", left + 228, 2, 0, PANGO_ALIGN_LEFT);
    }

  for (int p = 0; p <= 100; p += 25)
    {
      g_autofree char *label = g_strdup_printf ("%d %%", p);
      double y = top + plot_h * (1 - p / 100.0);

      show_text (cr, layout, fg, label, 0, y - 6, left - 6, PANGO_ALIGN_RIGHT);
      set_rgb (cr, GREY, 0.3);
      cairo_set_line_width (cr, 0.8);
      cairo_move_to (cr, left, y);
      cairo_line_to (cr, width - right, y);
      cairo_stroke (cr);
    }

  for (int m = 0; m < 12; m++)
    {
      g_autoptr(GDateTime) month = g_date_time_add_months (first, m);
      g_autofree char *label = g_strdup_printf ("%d/%02d", g_date_time_get_month (month),
                                                g_date_time_get_year (month) % 100);
      double x = left + m * step, v = months->on_time[m];

      show_text (cr, layout, fg, label, x, height - bottom + 4, step, PANGO_ALIGN_CENTER);
      if (!isnan (v))
        {
          set_rgb (cr, BLUE, 1);
          cairo_rectangle (cr, x + step * 0.2, top + plot_h * (1 - v / 100.0), step * 0.6, plot_h * v / 100.0);
          cairo_fill (cr);
        }
    }

  set_rgb (cr, ORANGE, 1);
  cairo_set_line_width (cr, 2.5);
  for (int m = 0; m < 12; m++)
    {
      double v = months->online[m], x = left + m * step + step / 2;

      if (isnan (v))
        {
          if (started)
            cairo_stroke (cr);
          started = FALSE;
          continue;
        }
      if (started)
        cairo_line_to (cr, x, top + plot_h * (1 - v / 100.0));
      else
        {
          cairo_new_sub_path (cr);
          cairo_arc (cr, x, top + plot_h * (1 - v / 100.0), 2.5, 0, 2 * G_PI);
          cairo_move_to (cr, x, top + plot_h * (1 - v / 100.0));
        }
      started = TRUE;
    }
  if (started)
    cairo_stroke (cr);

  if (!isnan (target))
    {
      double y = top + plot_h * (1 - target / 100.0), dash = 6;

      set_rgb (cr, ORANGE, 1);
      cairo_set_line_width (cr, 1.5);
      cairo_set_dash (cr, &dash, 1, 0);
      cairo_move_to (cr, left, y);
      cairo_line_to (cr, width - right, y);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
  g_object_unref (layout);
  cairo_pattern_destroy (fg);
}
