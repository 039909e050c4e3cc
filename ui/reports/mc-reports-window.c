/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Reports window. It lists the dossiers of the current year once
 * (asynchronously, through McDesk) and computes from them the indicators
 * of the chosen period (this month, quarter or year) and the monthly
 * series of the charts, so changing the period does not go back to the
 * store. The on-time row opens to the late dossiers, with their apologies
 * and new appointments. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "domain/mc-state.h"
#include "reports/mc-report.h"
#include "store/mc-desk-reports.h"
#include "mc-reports-charts.h"
#include "mc-reports-window.h"

struct _McReportsWindow
{
  AdwWindow parent_instance;

  McDesk *desk;
  GCancellable *cancellable;
  GPtrArray *dossiers;  /* the year's, (element-type McReportDossier) */
  gint64 year_start;
  GtkWidget *period;
  GtkWidget *content;
  GtkWidget *status;
};

G_DEFINE_FINAL_TYPE (McReportsWindow, mc_reports_window, ADW_TYPE_WINDOW)

static char *
vn_percent (double value)
{
  g_autofree char *text = NULL;

  if (isnan (value))
    return g_strdup ("—");
  text = g_strdup_printf ("%.1f", value);
  g_strdelimit (text, ".", ',');

  return g_strdup_printf ("%s %%", text);
}

static char *
vn_time (gint64 at)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (at);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, mc_vietnam_time_zone ());

  return g_date_time_format (local, "%d/%m/%Y %H:%M");
}

/* The chosen period, by the desk's clock: 0 this month, 1 this quarter, 2 this year. */
static void
period_bounds (McDesk *desk,
               guint   choice,
               gint64 *from,
               gint64 *to)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (mc_desk_now (desk));
  g_autoptr(GDateTime) now = g_date_time_to_timezone (utc, mc_vietnam_time_zone ());
  int year = g_date_time_get_year (now), month = g_date_time_get_month (now);
  int first = choice == 0 ? month : choice == 1 ? (month - 1) / 3 * 3 + 1 : 1;
  int months = choice == 0 ? 1 : choice == 1 ? 3 : 12;
  g_autoptr(GDateTime) start = g_date_time_new (mc_vietnam_time_zone (), year, first, 1, 0, 0, 0);
  g_autoptr(GDateTime) end = g_date_time_add_months (start, months);

  *from = g_date_time_to_unix (start);
  *to = g_date_time_to_unix (end);
}

static GtkWidget *
late_row (const McReportDossier *d)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *due = vn_time (d->due_at);
  g_autofree char *finished = vn_time (d->finished_at);
  g_autofree char *subtitle = NULL;

  if (d->new_due_at > 0)
    {
      g_autofree char *new_due = vn_time (d->new_due_at);

      subtitle = g_strdup_printf (_("Due %s, finished %s; apologised, new appointment %s"), due, finished, new_due);
    }
  else if (d->supplement_count > 1)
    subtitle = g_strdup_printf (_("Due %s, finished %s; %u supplement requests"), due, finished, d->supplement_count);
  else
    subtitle = g_strdup_printf (_("Due %s, finished %s"), due, finished);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), d->code);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  return row;
}

static GtkWidget *
figure_row (McReport       *report,
            McReportFigure *f)
{
  g_autofree char *value = f->computable ? vn_percent (f->value) : g_strdup (_("Not computable"));
  g_autofree char *subtitle = NULL;
  GtkWidget *row, *label;

  if (!f->computable)
    subtitle = g_strdup (_("The desk records no fact this indicator needs"));
  else if (g_str_equal (f->id, "time-saved-online"))
    {
      g_autofree char *target = vn_percent (f->has_target ? f->target : NAN);

      /* Included: online dossiers; excluded: in-person ones, of the
       * procedures that had both. */
      subtitle = g_strdup_printf (_("%u online against %u in person — target at least %s"),
                                  f->included->len, f->excluded->len, target);
    }
  else if (f->has_target)
    {
      g_autofree char *target = vn_percent (f->target);

      subtitle = g_strdup_printf (_("%u of %u — target at least %s"), f->numerator, f->denominator, target);
    }
  else
    subtitle = g_strdup_printf (_("%u of %u"), f->numerator, f->denominator);

  if (g_str_equal (f->id, "on-time") && report->late->len > 0)
    {
      row = adw_expander_row_new ();
      for (guint i = 0; i < report->late->len; i++)
        adw_expander_row_add_row (ADW_EXPANDER_ROW (row), late_row (g_ptr_array_index (report->late, i)));
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
      label = gtk_label_new (value);
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row), label);
      adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row),
                                   mc_chart_ring_new (f->value, f->has_target ? f->target : NAN));
    }
  else
    {
      row = adw_action_row_new ();
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      label = gtk_label_new (value);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 mc_chart_ring_new (f->computable ? f->value : NAN, f->has_target ? f->target : NAN));
    }
  gtk_widget_add_css_class (label, "numeric");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), f->name_vi);
  gtk_widget_set_tooltip_text (row, f->source);

  return row;
}

static void
monthly (McReportsWindow *self,
         const char      *id,
         double          *values)
{
  g_autoptr(GDateTime) start = g_date_time_new_from_unix_utc (self->year_start);

  for (int m = 0; m < 12; m++)
    {
      g_autoptr(GDateTime) local = g_date_time_to_timezone (start, mc_vietnam_time_zone ());
      g_autoptr(GDateTime) first = g_date_time_add_months (local, m);
      g_autoptr(GDateTime) after = g_date_time_add_months (local, m + 1);
      g_autoptr(McReport) report = mc_report_compute (self->dossiers, g_date_time_to_unix (first),
                                                      g_date_time_to_unix (after), NULL);

      values[m] = report != NULL ? mc_report_get_figure (report, id)->value : NAN;
    }
}

static void
show_report (McReportsWindow *self)
{
  g_autoptr(McReport) report = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *box, *group;
  double on_time[12], online[12];
  McReportFigure *fully;
  gint64 from, to;

  if (self->dossiers == NULL)
    return;
  period_bounds (self->desk, gtk_drop_down_get_selected (GTK_DROP_DOWN (self->period)), &from, &to);
  report = mc_report_compute (self->dossiers, from, to, &error);
  if (report == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->status), error->message);
      return;
    }

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Service Indicators"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Decision 766/QĐ-TTg and QĐ 1565/QĐ-TTg; formulas from secondary sources"));
  for (guint i = 0; i < report->figures->len; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), figure_row (report, g_ptr_array_index (report->figures, i)));
  gtk_box_append (GTK_BOX (box), group);

  monthly (self, "on-time", on_time);
  monthly (self, "online", online);
  fully = mc_report_get_figure (report, "fully-online");
  gtk_box_append (GTK_BOX (box), mc_chart_months_new (on_time, 12, NAN, FALSE, _("On time, by month")));
  gtk_box_append (GTK_BOX (box), mc_chart_months_new (online, 12, fully != NULL && fully->has_target ? fully->target : NAN,
                                                      TRUE, _("Online share, by month, against the target")));

  adw_clamp_set_child (ADW_CLAMP (self->content), box);
  gtk_label_set_text (GTK_LABEL (self->status), "");
}

static void
loaded (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *dossiers = mc_desk_report_dossiers_finish (MC_DESK (source), result, &error);
  McReportsWindow *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = MC_REPORTS_WINDOW (user_data);
  if (dossiers == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->status), error->message);
      return;
    }
  g_clear_pointer (&self->dossiers, g_ptr_array_unref);
  self->dossiers = dossiers;
  show_report (self);
}

static void
period_changed (McReportsWindow *self)
{
  show_report (self);
}

static void
mc_reports_window_dispose (GObject *object)
{
  McReportsWindow *self = MC_REPORTS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->desk);
  g_clear_pointer (&self->dossiers, g_ptr_array_unref);

  G_OBJECT_CLASS (mc_reports_window_parent_class)->dispose (object);
}

static void
mc_reports_window_class_init (McReportsWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = mc_reports_window_dispose;
}

static void
mc_reports_window_init (McReportsWindow *self)
{
  const char *periods[] = { _("This Month"), _("This Quarter"), _("This Year"), NULL };
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *inner = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  self->cancellable = g_cancellable_new ();
  gtk_window_set_title (GTK_WINDOW (self), _("Reports"));
  gtk_window_set_default_size (GTK_WINDOW (self), 720, 760);

  self->period = gtk_drop_down_new_from_strings (periods);
  g_signal_connect_swapped (self->period, "notify::selected", G_CALLBACK (period_changed), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), self->period);
  gtk_box_append (GTK_BOX (outer), header);

  self->status = gtk_label_new (_("Counting…"));
  gtk_widget_add_css_class (self->status, "dim-label");
  self->content = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (self->content), 760);
  gtk_widget_set_margin_top (inner, 18);
  gtk_widget_set_margin_bottom (inner, 18);
  gtk_widget_set_margin_start (inner, 12);
  gtk_widget_set_margin_end (inner, 12);
  gtk_box_append (GTK_BOX (inner), self->status);
  gtk_box_append (GTK_BOX (inner), self->content);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), inner);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (outer), scroller);
  adw_window_set_content (ADW_WINDOW (self), outer);
}

/**
 * mc_reports_window_new:
 * @parent: the desk's window
 * @desk: the desk to count from
 *
 * Returns: (transfer full): a Reports window, counting the current year
 */
McReportsWindow *
mc_reports_window_new (GtkWindow *parent,
                       McDesk    *desk)
{
  McReportsWindow *self = g_object_new (MC_TYPE_REPORTS_WINDOW, "transient-for", parent, NULL);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (mc_desk_now (desk));
  g_autoptr(GDateTime) now = g_date_time_to_timezone (utc, mc_vietnam_time_zone ());
  g_autoptr(GDateTime) start = g_date_time_new (mc_vietnam_time_zone (), g_date_time_get_year (now), 1, 1, 0, 0, 0);
  g_autoptr(GDateTime) end = g_date_time_add_years (start, 1);
  g_autoptr(McReportFilter) filter = NULL;

  self->desk = g_object_ref (desk);
  self->year_start = g_date_time_to_unix (start);
  filter = mc_report_filter_new (self->year_start, g_date_time_to_unix (end));
  mc_desk_report_dossiers_async (desk, filter, self->cancellable, loaded, self);

  return self;
}
