/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Reports window. It lists, asynchronously through McDesk, the
 * dossiers of the twelve months ending with the chosen period (and of the
 * period itself when a custom one reaches further back), for the chosen
 * procedure and officer, and computes from them the indicators of the
 * period and the monthly series of the charts; changing only the period
 * inside what was listed does not go back to the store. The on-time row
 * opens the late dossiers with why each was late (the step that overran
 * its share of the time limit, by how many working days, the apology),
 * and each of those opens the dossier. The report exports to PDF and
 * XLSX in the background, with a progress bar. On a desk signed in to the
 * central server whose office has offices under it, a header button
 * opens the central server's ranking of those communes for the period
 * (McRankingPage). */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "domain/mc-state.h"
#include "reports/mc-report.h"
#include "store/mc-desk-profile.h"
#include "store/mc-desk-reports.h"
#include "mc-dossier-pane.h"
#include "mc-ranking-page.h"
#include "mc-reports-charts.h"
#include "mc-reports-window-private.h"

struct _McReportsWindow
{
  AdwWindow parent_instance;

  McDesk *desk;
  GCancellable *cancellable;   /* the listing in flight */
  GCancellable *export_cancellable;
  GPtrArray *dossiers;         /* (element-type McReportDossier) what was listed */
  McReportFilter *listed;      /* the filter @dossiers answer, NULL while none */
  McReport *report;            /* the period's, computed from @dossiers */
  McReportMonths months;
  GPtrArray *procedures;       /* (element-type utf8) codes, index + 1 in the drop-down */
  GPtrArray *officers;         /* (element-type utf8) logins, index + 1 in the drop-down */
  gboolean loading;
  gboolean exporting;
  guint pulse_id;

  GtkWidget *stack;
  GtkWidget *period;
  GtkWidget *custom_box;
  GtkWidget *from_entry;
  GtkWidget *to_entry;
  GtkWidget *procedure;
  GtkWidget *officer;
  GtkWidget *content;
  GtkWidget *status;
  GtkWidget *progress;
  GtkWidget *late_list;
  GtkWidget *late_title;
  GtkWindow *dossier_window;
  GtkWidget *ranking;          /* McRankingPage */
  GtkWidget *ranking_button;
  gint64 ranking_from;         /* the period the ranking was asked for */
  gint64 ranking_to;
};

G_DEFINE_FINAL_TYPE (McReportsWindow, mc_reports_window, ADW_TYPE_WINDOW)

static void refresh (McReportsWindow *self);

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
vn_days (double value)
{
  char *text = g_strdup_printf ("%.1f", value);

  g_strdelimit (text, ".", ',');
  return text;
}

static char *
vn_time (gint64 at)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (at);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, mc_vietnam_time_zone ());

  return g_date_time_format (local, "%d/%m/%Y %H:%M");
}

static gint64
vn_day_start (int year,
              int month,
              int day)
{
  g_autoptr(GDateTime) start = g_date_time_new (mc_vietnam_time_zone (), year, month, day, 0, 0, 0);

  return g_date_time_to_unix (start);
}

/* "31/12/2026" → the first second of that day in Vietnam. */
static gboolean
parse_day (const char *text,
           gint64     *at)
{
  int day, month, year;
  char end;

  if (sscanf (text, "%d/%d/%d%c", &day, &month, &year, &end) != 3 ||
      year < 2000 || year > 2100 || !g_date_valid_dmy (day, month, year))
    return FALSE;
  *at = vn_day_start (year, month, day);

  return TRUE;
}

/* The chosen period, by the desk's clock, or the custom range (its last
 * day included). FALSE, with the status saying why, when the range is not
 * two dates in order. */
static gboolean
period_bounds (McReportsWindow *self,
               gint64          *from,
               gint64          *to)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (mc_desk_now (self->desk));
  g_autoptr(GDateTime) now = g_date_time_to_timezone (utc, mc_vietnam_time_zone ());
  guint choice = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->period));
  int year = g_date_time_get_year (now), month = g_date_time_get_month (now);
  int first, months;

  if (choice == MC_REPORTS_PERIOD_CUSTOM)
    {
      gboolean from_ok = parse_day (gtk_editable_get_text (GTK_EDITABLE (self->from_entry)), from);
      gboolean to_ok = parse_day (gtk_editable_get_text (GTK_EDITABLE (self->to_entry)), to);

      (from_ok ? gtk_widget_remove_css_class : gtk_widget_add_css_class) (self->from_entry, "error");
      (to_ok ? gtk_widget_remove_css_class : gtk_widget_add_css_class) (self->to_entry, "error");
      if (!from_ok || !to_ok)
        {
          gtk_label_set_text (GTK_LABEL (self->status), _("Type both days as dd/mm/yyyy."));
          return FALSE;
        }
      if (*to < *from)
        {
          gtk_label_set_text (GTK_LABEL (self->status), _("The period ends before it starts."));
          return FALSE;
        }
      *to += 24 * 3600;
      return TRUE;
    }

  first = choice == MC_REPORTS_PERIOD_MONTH ? month : choice == MC_REPORTS_PERIOD_QUARTER ? (month - 1) / 3 * 3 + 1 : 1;
  months = choice == MC_REPORTS_PERIOD_MONTH ? 1 : choice == MC_REPORTS_PERIOD_QUARTER ? 3 : 12;
  {
    g_autoptr(GDateTime) start = g_date_time_new (mc_vietnam_time_zone (), year, first, 1, 0, 0, 0);
    g_autoptr(GDateTime) end = g_date_time_add_months (start, months);

    *from = g_date_time_to_unix (start);
    *to = g_date_time_to_unix (end);
  }

  return TRUE;
}

static const char *
chosen (GtkWidget *drop_down,
        GPtrArray *values)
{
  guint i = gtk_drop_down_get_selected (GTK_DROP_DOWN (drop_down));

  return i == GTK_INVALID_LIST_POSITION || i == 0 || values == NULL || i > values->len
    ? NULL : g_ptr_array_index (values, i - 1);
}

/* What to list for the period: the twelve months ending with its last
 * month (the charts), and the period itself. */
static McReportFilter *
wanted_filter (McReportsWindow *self,
               gint64           from,
               gint64           to)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (to - 1);
  g_autoptr(GDateTime) last = g_date_time_to_timezone (utc, mc_vietnam_time_zone ());
  gint64 first = vn_day_start (g_date_time_get_year (last), g_date_time_get_month (last), 1);
  g_autoptr(GDateTime) first_utc = g_date_time_new_from_unix_utc (first);
  g_autoptr(GDateTime) first_local = g_date_time_to_timezone (first_utc, mc_vietnam_time_zone ());
  g_autoptr(GDateTime) start = g_date_time_add_months (first_local, -11);
  g_autoptr(GDateTime) after = g_date_time_add_months (first_local, 1);
  McReportFilter *filter = mc_report_filter_new (MIN (from, g_date_time_to_unix (start)),
                                                 MAX (to, g_date_time_to_unix (after)));

  filter->procedure_code = g_strdup (chosen (self->procedure, self->procedures));
  filter->officer = g_strdup (chosen (self->officer, self->officers));

  return filter;
}

static gboolean
filter_equal (const McReportFilter *a,
              const McReportFilter *b)
{
  return a != NULL && b != NULL && a->from == b->from && a->to == b->to &&
         g_strcmp0 (a->procedure_code, b->procedure_code) == 0 &&
         g_strcmp0 (a->officer, b->officer) == 0;
}

static char *
late_subtitle (const McReportDossier *d,
               const McReportLate    *why)
{
  g_autofree char *due = vn_time (d->due_at);
  g_autofree char *finished = vn_time (d->finished_at);
  g_autofree char *reason = NULL;
  g_autofree char *late = NULL;
  g_autofree char *apology = NULL;

  if (why != NULL && why->step_id != NULL)
    {
      g_autofree char *days = vn_days (why->step_overrun_days);

      reason = g_strdup_printf (_("step “%s” overran its share by %s working days"), why->step_name, days);
    }
  else if (d->supplement_count > 1)
    reason = g_strdup_printf (_("%u supplement requests"), d->supplement_count);
  else
    reason = g_strdup (_("no step overran its share"));

  if (why != NULL && why->late_days > 0)
    {
      g_autofree char *days = vn_days (why->late_days);

      late = g_strdup_printf (_("%s working days late"), days);
    }
  else
    late = g_strdup (_("finished before the appointment"));

  if (d->apology_count > 0 && d->new_due_at > 0)
    {
      g_autofree char *new_due = vn_time (d->new_due_at);

      apology = g_strdup_printf (_("apologised, new appointment %s"), new_due);
    }
  else
    apology = g_strdup (_("no apology issued"));

  return g_strdup_printf (_("%s — due %s, finished %s (%s); %s; %s"),
                          d->procedure_name, due, finished, late, reason, apology);
}

static void
dossier_window_gone (gpointer  data,
                     GObject  *where_the_object_was)
{
  McReportsWindow *self = data;

  self->dossier_window = NULL;
}

static void
open_dossier (AdwActionRow    *row,
              McReportsWindow *self)
{
  const char *code = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *pane = g_object_new (MC_TYPE_DOSSIER_PANE, NULL);

  gtk_window_set_title (GTK_WINDOW (window), code);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 720);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_widget_set_vexpand (pane, TRUE);
  gtk_box_append (GTK_BOX (box), pane);
  adw_window_set_content (ADW_WINDOW (window), box);
  mc_dossier_pane_set_desk (MC_DOSSIER_PANE (pane), self->desk);
  mc_dossier_pane_show_code (MC_DOSSIER_PANE (pane), code);

  if (self->dossier_window != NULL)
    g_object_weak_unref (G_OBJECT (self->dossier_window), dossier_window_gone, self);
  self->dossier_window = GTK_WINDOW (window);
  g_object_weak_ref (G_OBJECT (window), dossier_window_gone, self);
  gtk_window_present (GTK_WINDOW (window));
}

static void
show_late (McReportsWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  GtkWidget *child;

  if (self->report == NULL)
    return;
  if (self->report->late_reasons == NULL && !mc_report_explain_late (self->report, self->desk, &error))
    {
      gtk_label_set_text (GTK_LABEL (self->status), error->message);
      return;
    }

  while ((child = gtk_widget_get_first_child (self->late_list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->late_list), child);
  for (guint i = 0; i < self->report->late->len; i++)
    {
      const McReportDossier *d = g_ptr_array_index (self->report->late, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *subtitle = late_subtitle (d, mc_report_find_late (self->report, d->code));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), d->code);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_signal_connect (row, "activated", G_CALLBACK (open_dossier), self);
      gtk_list_box_append (GTK_LIST_BOX (self->late_list), row);
    }
  title = g_strdup_printf (ngettext ("%u late dossier", "%u late dossiers", self->report->late->len),
                           self->report->late->len);
  gtk_label_set_text (GTK_LABEL (self->late_title), title);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->ranking_button), FALSE);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "late");
}

static void
late_clicked (McReportsWindow *self)
{
  show_late (self);
}

static void
back_clicked (McReportsWindow *self)
{
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "report");
}

static void
ranking_toggled (McReportsWindow *self)
{
  gboolean active = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->ranking_button));

  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), active ? "ranking" : "report");
}

/* The button is offered while a ranking, or a reason there is none that
 * the leader should read, is there; not to a signed-out desk nor to a
 * commune with no office under it. */
static void
ranking_outcome_changed (McReportsWindow *self)
{
  McRankingPage *page = MC_RANKING_PAGE (self->ranking);

  if (mc_ranking_page_get_outcome (page) == MC_RANKING_LOADING)
    return;
  gtk_widget_set_visible (self->ranking_button, mc_ranking_page_is_worth_showing (page));
  if (!mc_ranking_page_is_worth_showing (page))
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->ranking_button), FALSE);
}

/* Asks the central server again when the period changed. */
static void
load_ranking (McReportsWindow *self,
              gint64           from,
              gint64           to)
{
  if (self->ranking == NULL || (from == self->ranking_from && to == self->ranking_to))
    return;
  self->ranking_from = from;
  self->ranking_to = to;
  mc_ranking_page_load (MC_RANKING_PAGE (self->ranking), from, to);
}

static GtkWidget *
figure_row (McReportsWindow *self,
            McReportFigure  *f)
{
  McReport *report = self->report;
  g_autofree char *value = f->computable ? vn_percent (f->value) : g_strdup (_("Not computable"));
  g_autofree char *subtitle = NULL;
  g_autofree char *counted = NULL;
  g_autofree char *aim = NULL;
  GtkWidget *row = adw_action_row_new (), *label;

  /* The target with its own source, or why there is none (the data says). */
  if (f->has_target)
    {
      g_autofree char *target = vn_percent (f->target);

      aim = g_strdup_printf (_("target at least %s under %s"), target,
                             f->target_source != NULL ? f->target_source : f->source);
    }
  else
    aim = g_strdup_printf (_("no target: %s"), f->target_note != NULL ? f->target_note : "—");

  if (!f->computable)
    counted = g_strdup (_("The desk records no fact this indicator needs"));
  else if (g_str_equal (f->id, "time-saved-online"))
    /* Included: online dossiers; excluded: in-person ones, of the
     * procedures that had both. */
    counted = g_strdup_printf (_("%u online against %u in person"), f->included->len, f->excluded->len);
  else
    counted = g_strdup_printf (_("%u of %u"), f->numerator, f->denominator);
  subtitle = g_strdup_printf ("%s — %s", counted, aim);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  label = gtk_label_new (value);
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             mc_chart_ring_new (f->computable ? f->value : NAN, f->has_target ? f->target : NAN));
  if (g_str_equal (f->id, "on-time") && report->late->len > 0)
    {
      g_autofree char *text = g_strdup_printf (_("Late: %u"), report->late->len);
      GtkWidget *late = gtk_button_new_with_label (text);

      gtk_widget_set_valign (late, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (late, "pill");
      gtk_widget_add_css_class (late, "destructive-action");
      gtk_widget_set_name (late, "late-button");
      g_signal_connect_swapped (late, "clicked", G_CALLBACK (late_clicked), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), late);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), late);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), f->name_vi);
  gtk_widget_set_tooltip_text (row, f->source);

  return row;
}

static void
draw_indicators (GtkDrawingArea *area,
                 cairo_t        *cr,
                 int             width,
                 int             height,
                 gpointer        user_data)
{
  McReportsWindow *self = user_data;
  GdkRGBA fg;

  if (self->report == NULL)
    return;
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &fg);
  gdk_cairo_set_source_rgba (cr, &fg);
  mc_report_draw_indicators (self->report, cr, width, height);
}

static void
draw_months (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  McReportsWindow *self = user_data;
  McReportFigure *fully;
  GdkRGBA fg;

  if (self->report == NULL)
    return;
  fully = mc_report_get_figure (self->report, "fully-online");
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &fg);
  gdk_cairo_set_source_rgba (cr, &fg);
  mc_report_draw_months (&self->months, fully != NULL && fully->has_target ? fully->target : NAN,
                         cr, width, height);
}

static GtkWidget *
chart (McReportsWindow        *self,
       const char             *title,
       int                     height,
       GtkDrawingAreaDrawFunc  func)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *area = gtk_drawing_area_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), height);
  gtk_widget_set_hexpand (area, TRUE);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), func, self, NULL);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), area);

  return box;
}

static void
fill_procedures (McReportsWindow *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  gtk_string_list_append (names, _("All Procedures"));
  for (guint i = 0; i < self->dossiers->len; i++)
    {
      McReportDossier *d = g_ptr_array_index (self->dossiers, i);

      if (g_hash_table_add (seen, d->procedure_code))
        g_ptr_array_add (rows, d);
    }
  /* By procedure code (a handful: an insertion sort). */
  for (guint i = 1; i < rows->len; i++)
    for (guint j = i; j > 0; j--)
      {
        McReportDossier *a = g_ptr_array_index (rows, j - 1), *b = g_ptr_array_index (rows, j);

        if (g_strcmp0 (a->procedure_code, b->procedure_code) <= 0)
          break;
        rows->pdata[j - 1] = b;
        rows->pdata[j] = a;
      }
  g_ptr_array_set_size (self->procedures, 0);
  for (guint i = 0; i < rows->len; i++)
    {
      McReportDossier *d = g_ptr_array_index (rows, i);
      g_autofree char *label = g_strdup_printf ("%s — %s", d->procedure_code, d->procedure_name);

      g_ptr_array_add (self->procedures, g_strdup (d->procedure_code));
      gtk_string_list_append (names, label);
    }
  g_signal_handlers_block_by_func (self->procedure, refresh, self);
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->procedure), G_LIST_MODEL (names));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->procedure), 0);
  g_signal_handlers_unblock_by_func (self->procedure, refresh, self);
}

static void
show_report (McReportsWindow *self,
             gint64           from,
             gint64           to)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *box, *group;

  g_clear_pointer (&self->report, mc_report_free);
  self->report = mc_report_compute (self->dossiers, from, to, &error);
  if (self->report == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->status), error->message);
      return;
    }
  mc_report_months (self->report, &self->months);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Service Indicators"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Decision 766/QĐ-TTg and QĐ 1565/QĐ-TTg; formulas from secondary sources"));
  for (guint i = 0; i < self->report->figures->len; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), figure_row (self, g_ptr_array_index (self->report->figures, i)));
  gtk_box_append (GTK_BOX (box), group);
  gtk_box_append (GTK_BOX (box), chart (self, _("Indicators against their targets"), 200, draw_indicators));
  gtk_box_append (GTK_BOX (box), chart (self, _("On time and online, by month"), 220, draw_months));

  adw_clamp_set_child (ADW_CLAMP (self->content), box);
  gtk_label_set_text (GTK_LABEL (self->status), "");
  if (!gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->ranking_button)))
    gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "report");
}

static void
loaded (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *dossiers = mc_desk_report_dossiers_finish (MC_DESK (source), result, &error);
  McReportsWindow *self;
  gboolean first;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = MC_REPORTS_WINDOW (user_data);
  self->loading = FALSE;
  if (dossiers == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->status), error->message);
      g_clear_pointer (&self->listed, mc_report_filter_free);
      return;
    }
  first = self->dossiers == NULL;
  g_clear_pointer (&self->dossiers, g_ptr_array_unref);
  self->dossiers = dossiers;
  if (first)
    fill_procedures (self);
  refresh (self);
}

/* Recomputes the report for the chosen filters, listing again first when
 * what was listed does not cover them. */
static void
refresh (McReportsWindow *self)
{
  g_autoptr(McReportFilter) wanted = NULL;
  gint64 from, to;

  gtk_widget_set_visible (self->custom_box,
                          gtk_drop_down_get_selected (GTK_DROP_DOWN (self->period)) == MC_REPORTS_PERIOD_CUSTOM);
  if (!period_bounds (self, &from, &to))
    return;
  load_ranking (self, from, to);
  wanted = wanted_filter (self, from, to);
  if (filter_equal (wanted, self->listed))
    {
      /* Listed, or being listed: the answer shows the chosen period. */
      if (self->dossiers != NULL && !self->loading)
        show_report (self, from, to);
      return;
    }

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_pointer (&self->listed, mc_report_filter_free);
  self->listed = mc_report_filter_copy (wanted);
  self->loading = TRUE;
  gtk_label_set_text (GTK_LABEL (self->status), _("Counting…"));
  mc_desk_report_dossiers_async (self->desk, wanted, self->cancellable, loaded, self);
}

static void
custom_activated (McReportsWindow *self)
{
  refresh (self);
}

/* Exporting: the report is computed and its late dossiers explained here,
 * then written in a thread while the progress bar pulses. */
typedef struct
{
  McReport *report;
  McOffice *office;
  char *path;
  gboolean xlsx;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_clear_pointer (&job->report, mc_report_free);
  g_clear_pointer (&job->office, mc_office_free);
  g_free (job->path);
  g_free (job);
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  GError *error = NULL;
  gboolean ok = job->xlsx ? mc_report_write_xlsx (job->report, job->path, &error)
                          : mc_report_write_pdf (job->report, job->office, job->path, &error);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static gboolean
pulse (gpointer data)
{
  gtk_progress_bar_pulse (GTK_PROGRESS_BAR (data));

  return G_SOURCE_CONTINUE;
}

static void
exported (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  McReportsWindow *self = MC_REPORTS_WINDOW (source);
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->exporting = FALSE;
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  gtk_widget_set_visible (self->progress, FALSE);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    gtk_label_set_text (GTK_LABEL (self->status), error->message);
  else
    {
      g_autofree char *text = g_strdup_printf (_("Saved %s"), job->path);

      gtk_label_set_text (GTK_LABEL (self->status), text);
    }
}

void
mc_reports_window_export (McReportsWindow *self,
                          GFile           *file,
                          gboolean         xlsx)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  ExportJob *job;
  gint64 from, to;

  g_return_if_fail (MC_IS_REPORTS_WINDOW (self));

  if (self->dossiers == NULL || self->exporting || !period_bounds (self, &from, &to))
    return;
  job = g_new0 (ExportJob, 1);
  job->xlsx = xlsx;
  job->path = g_file_get_path (file);
  job->report = mc_report_compute (self->dossiers, from, to, &error);
  if (job->report != NULL && mc_report_explain_late (job->report, self->desk, &error) && !xlsx)
    {
      job->office = mc_desk_get_office (self->desk, &error);
      if (job->office == NULL && error == NULL)
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("The desk has no office set."));
    }
  if (error != NULL || job->path == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->status), error != NULL ? error->message : _("Choose a local file."));
      export_job_free (job);
      return;
    }

  self->exporting = TRUE;
  gtk_label_set_text (GTK_LABEL (self->status), _("Exporting…"));
  gtk_widget_set_visible (self->progress, TRUE);
  self->pulse_id = g_timeout_add (100, pulse, self->progress);
  task = g_task_new (self, self->export_cancellable, exported, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_thread);
}

static void
chooser_response (GtkNativeDialog *chooser,
                  int              response,
                  McReportsWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      gboolean xlsx = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "xlsx"));

      mc_reports_window_export (self, file, xlsx);
    }
  g_object_unref (chooser);
}

static void
choose_file (McReportsWindow *self,
             gboolean         xlsx)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  gint64 from, to;

  if (!period_bounds (self, &from, &to))
    return;
  {
    g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (from);
    g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, mc_vietnam_time_zone ());
    g_autofree char *day = g_date_time_format (local, "%Y-%m-%d");

    name = g_strdup_printf ("bao-cao-chi-so-%s.%s", day, xlsx ? "xlsx" : "pdf");
  }
  chooser = gtk_file_chooser_native_new (xlsx ? _("Export the Report as a Spreadsheet") : _("Export the Report as PDF"),
                                         GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  gtk_file_filter_set_name (filter, xlsx ? _("Spreadsheets") : _("PDF Documents"));
  gtk_file_filter_add_suffix (filter, xlsx ? "xlsx" : "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data (G_OBJECT (chooser), "xlsx", GINT_TO_POINTER (xlsx));
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_pdf_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  choose_file (MC_REPORTS_WINDOW (widget), FALSE);
}

static void
export_xlsx_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  choose_file (MC_REPORTS_WINDOW (widget), TRUE);
}

static void
mc_reports_window_dispose (GObject *object)
{
  McReportsWindow *self = MC_REPORTS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->export_cancellable);
  g_clear_object (&self->export_cancellable);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  if (self->dossier_window != NULL)
    {
      g_object_weak_unref (G_OBJECT (self->dossier_window), dossier_window_gone, self);
      self->dossier_window = NULL;
    }
  g_clear_pointer (&self->report, mc_report_free);
  g_clear_pointer (&self->listed, mc_report_filter_free);
  g_clear_pointer (&self->dossiers, g_ptr_array_unref);
  g_clear_pointer (&self->procedures, g_ptr_array_unref);
  g_clear_pointer (&self->officers, g_ptr_array_unref);
  g_clear_object (&self->desk);

  G_OBJECT_CLASS (mc_reports_window_parent_class)->dispose (object);
}

static void
mc_reports_window_class_init (McReportsWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mc_reports_window_dispose;
  gtk_widget_class_install_action (widget_class, "reports.export-pdf", NULL, export_pdf_action);
  gtk_widget_class_install_action (widget_class, "reports.export-xlsx", NULL, export_xlsx_action);
}

static GtkWidget *
labelled (const char *text,
          GtkWidget  *widget)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new_with_mnemonic (text);

  gtk_label_set_mnemonic_widget (GTK_LABEL (label), widget);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), widget);

  return box;
}

static void
mc_reports_window_init (McReportsWindow *self)
{
  const char *periods[] = { _("This Month"), _("This Quarter"), _("This Year"), _("Custom Range"), NULL };
  const char *all[] = { NULL, NULL };
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *inner = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *filters = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *export_button = gtk_menu_button_new ();
  GtkWidget *late_page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *late_bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *back = gtk_button_new_from_icon_name ("go-previous-symbolic");
  GtkWidget *late_scroller = gtk_scrolled_window_new ();
  GtkWidget *late_clamp = adw_clamp_new ();
  g_autoptr(GMenu) menu = g_menu_new ();

  self->cancellable = g_cancellable_new ();
  self->export_cancellable = g_cancellable_new ();
  self->procedures = g_ptr_array_new_with_free_func (g_free);
  self->officers = g_ptr_array_new_with_free_func (g_free);
  gtk_window_set_title (GTK_WINDOW (self), _("Reports"));
  gtk_window_set_default_size (GTK_WINDOW (self), 820, 820);

  self->period = gtk_drop_down_new_from_strings (periods);
  gtk_widget_set_tooltip_text (self->period, _("Period"));
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), self->period);
  g_menu_append (menu, _("Export as _PDF…"), "reports.export-pdf");
  g_menu_append (menu, _("Export as _Spreadsheet (XLSX)…"), "reports.export-xlsx");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (export_button), G_MENU_MODEL (menu));
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (export_button), "document-save-symbolic");
  gtk_widget_set_tooltip_text (export_button, _("Export"));
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), export_button);
  self->ranking_button = gtk_toggle_button_new_with_mnemonic (_("_Ranking of the Communes"));
  gtk_widget_set_tooltip_text (self->ranking_button, _("The central server’s ranking of the offices under this one"));
  gtk_widget_set_visible (self->ranking_button, FALSE);
  g_signal_connect_swapped (self->ranking_button, "toggled", G_CALLBACK (ranking_toggled), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->ranking_button);
  gtk_box_append (GTK_BOX (outer), header);

  /* The filters: the custom range (shown for a custom period), the
   * procedure and the officer. */
  all[0] = _("All Procedures");
  self->procedure = gtk_drop_down_new_from_strings (all);
  all[0] = _("All Officers");
  self->officer = gtk_drop_down_new_from_strings (all);
  self->from_entry = gtk_entry_new ();
  self->to_entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->from_entry), _("dd/mm/yyyy"));
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->to_entry), _("dd/mm/yyyy"));
  gtk_editable_set_width_chars (GTK_EDITABLE (self->from_entry), 11);
  gtk_editable_set_width_chars (GTK_EDITABLE (self->to_entry), 11);
  self->custom_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_append (GTK_BOX (self->custom_box), labelled (_("_From"), self->from_entry));
  gtk_box_append (GTK_BOX (self->custom_box), labelled (_("_To"), self->to_entry));
  gtk_widget_set_visible (self->custom_box, FALSE);
  gtk_box_append (GTK_BOX (filters), self->custom_box);
  gtk_box_append (GTK_BOX (filters), labelled (_("_Procedure"), self->procedure));
  gtk_box_append (GTK_BOX (filters), labelled (_("_Officer"), self->officer));
  gtk_widget_set_margin_start (filters, 12);
  gtk_widget_set_margin_end (filters, 12);
  gtk_widget_set_margin_top (filters, 6);
  gtk_widget_set_margin_bottom (filters, 6);
  gtk_box_append (GTK_BOX (outer), filters);

  self->progress = gtk_progress_bar_new ();
  gtk_widget_add_css_class (self->progress, "osd");
  gtk_widget_set_visible (self->progress, FALSE);
  gtk_box_append (GTK_BOX (outer), self->progress);

  self->status = gtk_label_new (_("Counting…"));
  gtk_widget_add_css_class (self->status, "dim-label");
  gtk_label_set_wrap (GTK_LABEL (self->status), TRUE);
  self->content = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (self->content), 780);
  gtk_widget_set_margin_top (inner, 12);
  gtk_widget_set_margin_bottom (inner, 18);
  gtk_widget_set_margin_start (inner, 12);
  gtk_widget_set_margin_end (inner, 12);
  gtk_box_append (GTK_BOX (inner), self->status);
  gtk_box_append (GTK_BOX (inner), self->content);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), inner);

  /* The late dossiers' page. */
  self->late_title = gtk_label_new ("");
  gtk_widget_add_css_class (self->late_title, "title-4");
  gtk_widget_set_tooltip_text (back, _("Back to the Indicators"));
  g_signal_connect_swapped (back, "clicked", G_CALLBACK (back_clicked), self);
  gtk_box_append (GTK_BOX (late_bar), back);
  gtk_box_append (GTK_BOX (late_bar), self->late_title);
  self->late_list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->late_list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->late_list, "boxed-list");
  gtk_widget_set_valign (self->late_list, GTK_ALIGN_START);
  adw_clamp_set_maximum_size (ADW_CLAMP (late_clamp), 780);
  adw_clamp_set_child (ADW_CLAMP (late_clamp), self->late_list);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (late_scroller), late_clamp);
  gtk_widget_set_vexpand (late_scroller, TRUE);
  gtk_box_append (GTK_BOX (late_page), late_bar);
  gtk_box_append (GTK_BOX (late_page), late_scroller);
  gtk_widget_set_margin_start (late_page, 12);
  gtk_widget_set_margin_end (late_page, 12);
  gtk_widget_set_margin_top (late_page, 12);
  gtk_widget_set_margin_bottom (late_page, 12);

  self->stack = gtk_stack_new ();
  gtk_stack_set_transition_type (GTK_STACK (self->stack), GTK_STACK_TRANSITION_TYPE_SLIDE_LEFT_RIGHT);
  gtk_stack_add_named (GTK_STACK (self->stack), scroller, "report");
  gtk_stack_add_named (GTK_STACK (self->stack), late_page, "late");
  gtk_widget_set_vexpand (self->stack, TRUE);
  gtk_box_append (GTK_BOX (outer), self->stack);
  adw_window_set_content (ADW_WINDOW (self), outer);

  g_signal_connect_swapped (self->period, "notify::selected", G_CALLBACK (refresh), self);
  g_signal_connect_swapped (self->procedure, "notify::selected", G_CALLBACK (refresh), self);
  g_signal_connect_swapped (self->officer, "notify::selected", G_CALLBACK (refresh), self);
  g_signal_connect_swapped (self->from_entry, "activate", G_CALLBACK (custom_activated), self);
  g_signal_connect_swapped (self->to_entry, "activate", G_CALLBACK (custom_activated), self);
}

static void
fill_officers (McReportsWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) officers = mc_desk_list_officers (self->desk, &error);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  gtk_string_list_append (names, _("All Officers"));
  for (guint i = 0; officers != NULL && i < officers->len; i++)
    {
      McOfficer *officer = g_ptr_array_index (officers, i);

      g_ptr_array_add (self->officers, g_strdup (officer->login));
      gtk_string_list_append (names, officer->name);
    }
  if (officers == NULL)
    g_warning ("Listing the officers: %s", error->message);
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->officer), G_LIST_MODEL (names));
}

/**
 * mc_reports_window_new:
 * @parent: (nullable): the desk's window
 * @desk: the desk to count from
 *
 * Returns: (transfer full): a Reports window, counting this month
 */
McReportsWindow *
mc_reports_window_new (GtkWindow *parent,
                       McDesk    *desk)
{
  McReportsWindow *self = g_object_new (MC_TYPE_REPORTS_WINDOW, "transient-for", parent, NULL);

  self->desk = g_object_ref (desk);
  self->ranking = mc_ranking_page_new (desk);
  gtk_widget_set_margin_start (self->ranking, 12);
  gtk_widget_set_margin_end (self->ranking, 12);
  gtk_widget_set_margin_top (self->ranking, 12);
  gtk_widget_set_margin_bottom (self->ranking, 12);
  gtk_stack_add_named (GTK_STACK (self->stack), self->ranking, "ranking");
  g_signal_connect_object (self->ranking, "notify::outcome", G_CALLBACK (ranking_outcome_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_handlers_block_by_func (self->officer, refresh, self);
  fill_officers (self);
  g_signal_handlers_unblock_by_func (self->officer, refresh, self);
  refresh (self);

  return self;
}

/* Test hooks (mc-reports-window-private.h). */

gboolean
mc_reports_window_is_idle (McReportsWindow *self)
{
  return self->report != NULL && !self->loading && !self->exporting;
}

void
mc_reports_window_set_period (McReportsWindow *self,
                              McReportsPeriod  period)
{
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->period), period);
}

void
mc_reports_window_set_custom_range (McReportsWindow *self,
                                    const char      *from,
                                    const char      *to)
{
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), from);
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), to);
  if (gtk_drop_down_get_selected (GTK_DROP_DOWN (self->period)) != MC_REPORTS_PERIOD_CUSTOM)
    gtk_drop_down_set_selected (GTK_DROP_DOWN (self->period), MC_REPORTS_PERIOD_CUSTOM);
  else
    refresh (self);
}

static void
choose_value (GtkWidget  *drop_down,
              GPtrArray  *values,
              const char *value)
{
  guint index = 0;

  if (value != NULL)
    {
      g_return_if_fail (g_ptr_array_find_with_equal_func (values, value, g_str_equal, &index));
      index++;
    }
  gtk_drop_down_set_selected (GTK_DROP_DOWN (drop_down), index);
}

void
mc_reports_window_set_procedure (McReportsWindow *self,
                                 const char      *code)
{
  choose_value (self->procedure, self->procedures, code);
}

void
mc_reports_window_set_officer (McReportsWindow *self,
                               const char      *login)
{
  choose_value (self->officer, self->officers, login);
}

GtkWidget *
mc_reports_window_get_late_list (McReportsWindow *self)
{
  return self->late_list;
}

const char *
mc_reports_window_get_visible_page (McReportsWindow *self)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (self->stack));
}

GtkWindow *
mc_reports_window_get_dossier_window (McReportsWindow *self)
{
  return self->dossier_window;
}

const char *
mc_reports_window_get_status (McReportsWindow *self)
{
  return gtk_label_get_text (GTK_LABEL (self->status));
}

McRankingPage *
mc_reports_window_get_ranking_page (McReportsWindow *self)
{
  return MC_RANKING_PAGE (self->ranking);
}

gboolean
mc_reports_window_offers_ranking (McReportsWindow *self)
{
  return gtk_widget_get_visible (self->ranking_button);
}

void
mc_reports_window_show_ranking (McReportsWindow *self)
{
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->ranking_button), TRUE);
}
