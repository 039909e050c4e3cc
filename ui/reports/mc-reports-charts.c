/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The ring drawn beside each indicator of the Reports window, with cairo
 * into a GtkDrawingArea: the share filled in the accent blue, the target
 * as an orange tick. The bigger charts, shared with the PDF, are in
 * app/reports/mc-report-chart.c. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <math.h>

#include "mc-reports-charts.h"

typedef struct
{
  double percent;
  double target;
} ChartData;

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
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_ring, chart, g_free);
  gtk_widget_set_valign (area, GTK_ALIGN_CENTER);

  return area;
}
