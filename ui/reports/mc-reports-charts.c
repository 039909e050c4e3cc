/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Charts for the Reports window, drawn with cairo into GtkDrawingAreas:
 * a ring per indicator (the share filled in the accent blue, the target
 * as a tick) and a twelve-month chart, as bars (on time) or as a line
 * (online share) with the target as a dashed line. Colours are those of
 * the GNOME palette; a month with nothing to count is left empty. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <math.h>

#include "mc-reports-charts.h"

typedef struct
{
  double values[12];
  guint n_values;
  double percent;
  double target;
  gboolean as_line;
  char *title;
} ChartData;

static void
chart_data_free (gpointer data)
{
  ChartData *chart = data;

  g_free (chart->title);
  g_free (chart);
}

static void
set_rgb (cairo_t *cr,
         guint32  rgb,
         double   alpha)
{
  cairo_set_source_rgba (cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                         (rgb & 0xff) / 255.0, alpha);
}

#define BLUE 0x3584e4
#define GREY 0x9a9996
#define ORANGE 0xe66100

static void
draw_ring (GtkDrawingArea *area,
           cairo_t        *cr,
           int             width,
           int             height,
           gpointer        user_data)
{
  ChartData *chart = user_data;
  double r = MIN (width, height) / 2.0 - 4;
  double cx = width / 2.0, cy = height / 2.0;

  cairo_set_line_width (cr, 6);
  set_rgb (cr, GREY, 0.3);
  cairo_arc (cr, cx, cy, r, 0, 2 * G_PI);
  cairo_stroke (cr);
  if (!isnan (chart->percent))
    {
      set_rgb (cr, BLUE, 1);
      cairo_arc (cr, cx, cy, r, -G_PI / 2, -G_PI / 2 + 2 * G_PI * CLAMP (chart->percent, 0, 100) / 100.0);
      cairo_stroke (cr);
    }
  if (!isnan (chart->target))
    {
      double a = -G_PI / 2 + 2 * G_PI * chart->target / 100.0;

      set_rgb (cr, ORANGE, 1);
      cairo_set_line_width (cr, 2);
      cairo_move_to (cr, cx + (r - 6) * cos (a), cy + (r - 6) * sin (a));
      cairo_line_to (cr, cx + (r + 4) * cos (a), cy + (r + 4) * sin (a));
      cairo_stroke (cr);
    }
}

GtkWidget *
mc_chart_ring_new (double percent,
                   double target)
{
  GtkWidget *area = gtk_drawing_area_new ();
  ChartData *chart = g_new0 (ChartData, 1);

  chart->percent = percent;
  chart->target = target;
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), 40);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 40);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_ring, chart, chart_data_free);
  gtk_widget_set_valign (area, GTK_ALIGN_CENTER);

  return area;
}

static void
draw_months (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  ChartData *chart = user_data;
  double left = 36, bottom = 22, top = 22;
  double plot_w = width - left - 8, plot_h = height - top - bottom;
  double step = plot_w / chart->n_values;
  gboolean started = FALSE;
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (area), chart->title);
  GdkRGBA fg;

  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &fg);
  gdk_cairo_set_source_rgba (cr, &fg);
  cairo_move_to (cr, left, 2);
  pango_cairo_show_layout (cr, layout);

  /* Axis labels every 25 %. */
  for (int p = 0; p <= 100; p += 25)
    {
      g_autofree char *label = g_strdup_printf ("%d %%", p);
      double y = top + plot_h * (1 - p / 100.0);

      pango_layout_set_text (layout, label, -1);
      gdk_cairo_set_source_rgba (cr, &fg);
      cairo_move_to (cr, 0, y - 8);
      pango_cairo_show_layout (cr, layout);
      set_rgb (cr, GREY, 0.25);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, left, y);
      cairo_line_to (cr, width - 8, y);
      cairo_stroke (cr);
    }

  for (guint i = 0; i < chart->n_values; i++)
    {
      g_autofree char *month = g_strdup_printf ("%u", i + 1);
      double v = chart->values[i];
      double x = left + i * step;

      pango_layout_set_text (layout, month, -1);
      gdk_cairo_set_source_rgba (cr, &fg);
      cairo_move_to (cr, x + step / 2 - 4, height - bottom + 4);
      pango_cairo_show_layout (cr, layout);
      if (isnan (v))
        {
          started = FALSE;
          continue;
        }
      set_rgb (cr, BLUE, 1);
      if (chart->as_line)
        {
          double y = top + plot_h * (1 - v / 100.0);

          if (started)
            cairo_line_to (cr, x + step / 2, y);
          else
            cairo_move_to (cr, x + step / 2, y);
          started = TRUE;
        }
      else
        {
          cairo_rectangle (cr, x + step * 0.15, top + plot_h * (1 - v / 100.0), step * 0.7, plot_h * v / 100.0);
          cairo_fill (cr);
        }
    }
  if (chart->as_line)
    {
      cairo_set_line_width (cr, 2.5);
      cairo_stroke (cr);
    }

  if (!isnan (chart->target))
    {
      double y = top + plot_h * (1 - chart->target / 100.0);
      double dash = 6;

      set_rgb (cr, ORANGE, 1);
      cairo_set_line_width (cr, 1.5);
      cairo_set_dash (cr, &dash, 1, 0);
      cairo_move_to (cr, left, y);
      cairo_line_to (cr, width - 8, y);
      cairo_stroke (cr);
    }
  g_object_unref (layout);
}

GtkWidget *
mc_chart_months_new (const double *values,
                     guint         n_values,
                     double        target,
                     gboolean      as_line,
                     const char   *title)
{
  GtkWidget *area = gtk_drawing_area_new ();
  ChartData *chart = g_new0 (ChartData, 1);

  chart->n_values = MIN (n_values, G_N_ELEMENTS (chart->values));
  memcpy (chart->values, values, chart->n_values * sizeof (double));
  chart->target = target;
  chart->as_line = as_line;
  chart->title = g_strdup (title);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 180);
  gtk_widget_set_hexpand (area, TRUE);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_months, chart, chart_data_free);

  return area;
}
