/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The "Ranking of the communes" page of the Reports window. The ranking is
 * the central server's (GET /v1/reports/kpi for the desk's office, read
 * with the desk's sign-in by McSyncClient and into rows by
 * mc_ranking_from_json()), fetched in a worker thread while a spinner
 * turns, and shown in a column view, best on-time share first. Signed
 * out, offline, not allowed (403) or nothing under the desk's office, the
 * page says so and what to do; the window shows the page only when there
 * is a ranking or a reason worth reading. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "domain/mc-state.h"
#include "mc-sync-client.h"
#include "reports/mc-report-ranking.h"
#include "store/mc-desk-profile.h"
#include "mc-ranking-page.h"

/* ---- One row of the column view --------------------------------------- */

#define MC_TYPE_RANKING_ITEM (mc_ranking_item_get_type ())
G_DECLARE_FINAL_TYPE (McRankingItem, mc_ranking_item, MC, RANKING_ITEM, GObject)

enum {
  COLUMN_RANK,
  COLUMN_NAME,
  COLUMN_RECEIVED,
  COLUMN_ONLINE,
  COLUMN_FINISHED,
  COLUMN_ON_TIME,
  COLUMN_ON_TIME_PERCENT,
  N_COLUMNS
};

struct _McRankingItem
{
  GObject parent_instance;
  char *cells[N_COLUMNS + 1];  /* NULL-terminated */
};

G_DEFINE_FINAL_TYPE (McRankingItem, mc_ranking_item, G_TYPE_OBJECT)

static void
mc_ranking_item_finalize (GObject *object)
{
  McRankingItem *self = MC_RANKING_ITEM (object);

  for (guint i = 0; i < N_COLUMNS; i++)
    g_free (self->cells[i]);

  G_OBJECT_CLASS (mc_ranking_item_parent_class)->finalize (object);
}

static void
mc_ranking_item_class_init (McRankingItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mc_ranking_item_finalize;
}

static void
mc_ranking_item_init (McRankingItem *self)
{
}

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

static McRankingItem *
item_new (const McRankingRow *row)
{
  McRankingItem *item = g_object_new (MC_TYPE_RANKING_ITEM, NULL);
  g_autofree char *online = vn_percent (row->online_percent);

  item->cells[COLUMN_RANK] = g_strdup_printf ("%u", row->rank);
  item->cells[COLUMN_NAME] = g_strdup (row->name);
  item->cells[COLUMN_RECEIVED] = g_strdup_printf ("%" G_GINT64_FORMAT, row->received);
  item->cells[COLUMN_ONLINE] = g_strdup_printf ("%" G_GINT64_FORMAT " (%s)", row->online, online);
  item->cells[COLUMN_FINISHED] = g_strdup_printf ("%" G_GINT64_FORMAT, row->finished);
  item->cells[COLUMN_ON_TIME] = g_strdup_printf ("%" G_GINT64_FORMAT, row->on_time);
  item->cells[COLUMN_ON_TIME_PERCENT] = vn_percent (row->on_time_percent);

  return item;
}

/* ---- The page ----------------------------------------------------------- */

struct _McRankingPage
{
  GtkBox parent_instance;

  McDesk *desk;
  McSyncClient *client;
  GCancellable *cancellable;
  GListStore *rows;            /* (element-type McRankingItem) */
  McRankingOutcome outcome;
  char *message;               /* what the message page says, for tests */
  gint64 from;
  gint64 to;

  GtkWidget *stack;
  GtkWidget *spinner;
  GtkWidget *title;
  GtkWidget *summary;
  GtkWidget *status;           /* AdwStatusPage for the messages */
  GtkWidget *retry;
};

G_DEFINE_FINAL_TYPE (McRankingPage, mc_ranking_page, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_OUTCOME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_outcome (McRankingPage    *self,
             McRankingOutcome  outcome)
{
  if (self->outcome == outcome)
    return;
  self->outcome = outcome;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTCOME]);
}

static void
show_message (McRankingPage    *self,
              McRankingOutcome  outcome,
              const char       *icon,
              const char       *title,
              const char       *description,
              gboolean          can_retry)
{
  g_free (self->message);
  self->message = g_strdup_printf ("%s %s", title, description);
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (self->status), icon);
  adw_status_page_set_title (ADW_STATUS_PAGE (self->status), title);
  adw_status_page_set_description (ADW_STATUS_PAGE (self->status), description);
  gtk_widget_set_visible (self->retry, can_retry);
  gtk_spinner_stop (GTK_SPINNER (self->spinner));
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "message");
  set_outcome (self, outcome);
}

static char *
iso_day (gint64 at)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (at);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, mc_vietnam_time_zone ());

  return g_date_time_format (local, "%Y-%m-%d");
}

static char *
vn_day (gint64 at)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (at);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, mc_vietnam_time_zone ());

  return g_date_time_format (local, "%d/%m/%Y");
}

typedef struct
{
  McDesk *desk;
  McSyncClient *client;
  gint64 from;
  gint64 to;
  char *office;                /* filled in the worker */
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_clear_object (&fetch->desk);
  g_clear_object (&fetch->client);
  g_free (fetch->office);
  g_free (fetch);
}

/* In the worker: the desk's office, then the central server's answer. */
static void
fetch_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Fetch *fetch = task_data;
  g_autoptr(McOffice) office = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *from = iso_day (fetch->from);
  g_autofree char *to = iso_day (fetch->to - 1);
  g_autofree char *path = NULL;
  GError *error = NULL;
  McRanking *ranking;

  office = mc_desk_get_office (fetch->desk, &error);
  if (office == NULL)
    {
      if (error == NULL)
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                             _("The desk has no office set: set it in Preferences."));
      g_task_return_error (task, error);
      return;
    }
  fetch->office = g_strdup (office->code);
  path = mc_ranking_path (office->code, from, to);
  answer = mc_sync_client_get_json (fetch->client, path, cancellable, &error);
  ranking = answer != NULL ? mc_ranking_from_json (answer, &error) : NULL;
  if (ranking == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, ranking, (GDestroyNotify) mc_ranking_free);
}

static void
show_ranking (McRankingPage *self,
              McRanking     *ranking)
{
  g_autofree char *from = vn_day (self->from);
  g_autofree char *to = vn_day (self->to - 1);
  g_autofree char *on_time = vn_percent (ranking->total->on_time_percent);
  g_autofree char *summary = NULL;
  g_autofree char *title = NULL;

  g_list_store_remove_all (self->rows);
  for (guint i = 0; i < ranking->offices->len; i++)
    {
      g_autoptr(McRankingItem) item = item_new (g_ptr_array_index (ranking->offices, i));

      g_list_store_append (self->rows, item);
    }
  title = g_strdup_printf (ngettext ("Ranking of %u office under %s", "Ranking of %u offices under %s",
                                     ranking->offices->len),
                           ranking->offices->len, ranking->own != NULL ? ranking->own->name : ranking->office);
  summary = g_strdup_printf (_("From %s to %s, counted by the central server from what the desks synced "
                               "(the procedure and officer filters do not apply): %u received, "
                               "%u finished, %s on time in all."),
                             from, to, (guint) ranking->total->received, (guint) ranking->total->finished, on_time);
  gtk_label_set_text (GTK_LABEL (self->title), title);
  gtk_label_set_text (GTK_LABEL (self->summary), summary);
  gtk_spinner_stop (GTK_SPINNER (self->spinner));
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "table");
  g_clear_pointer (&self->message, g_free);
  set_outcome (self, MC_RANKING_SHOWN);
}

static void
fetched (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McRanking) ranking = g_task_propagate_pointer (G_TASK (result), &error);
  McRankingPage *self;
  Fetch *fetch;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = MC_RANKING_PAGE (source);
  fetch = g_task_get_task_data (G_TASK (result));

  if (ranking != NULL && ranking->offices->len > 0)
    show_ranking (self, ranking);
  else if (ranking != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The central server lists no offices under %s, so there is nothing to rank."),
                                               ranking->office);

      show_message (self, MC_RANKING_NONE, "view-list-symbolic", _("No Communes Under This Office"), text, FALSE);
    }
  else if (g_error_matches (error, MC_SYNC_ERROR, MC_SYNC_ERROR_SIGNED_OUT))
    show_message (self, MC_RANKING_SIGNED_OUT, "network-server-symbolic", _("Not Signed In"),
                  _("The ranking comes from the central server: sign in to it in Preferences."), FALSE);
  else if (g_error_matches (error, MC_SYNC_ERROR, MC_SYNC_ERROR_OFFLINE))
    show_message (self, MC_RANKING_OFFLINE, "network-offline-symbolic", _("The Central Server Cannot Be Reached"),
                  _("The ranking comes from the central server. Check the network and try again; the indicators "
                    "on the first page are counted on this desk and need no network."), TRUE);
  else if (g_error_matches (error, MC_SYNC_ERROR, MC_SYNC_ERROR_FORBIDDEN))
    {
      g_autofree char *text = g_strdup_printf (_("The central server does not let this sign-in see the ranking under %s: "
                                                 "“%s” Sign in with an account of the province’s office to see it."),
                                               fetch->office, error->message);

      show_message (self, MC_RANKING_FORBIDDEN, "action-unavailable-symbolic", _("Not Allowed"), text, FALSE);
    }
  else
    show_message (self, MC_RANKING_FAILED, "dialog-warning-symbolic", _("The Ranking Could Not Be Fetched"),
                  error->message, TRUE);
}

/**
 * mc_ranking_page_load:
 * @self: the page
 * @from: the period's first second
 * @to: the first second after it
 *
 * Fetches the ranking of the period in a worker, the spinner turning
 * meanwhile; a fetch still running is cancelled.
 */
void
mc_ranking_page_load (McRankingPage *self,
                      gint64         from,
                      gint64         to)
{
  g_autoptr(GTask) task = NULL;
  Fetch *fetch;

  g_return_if_fail (MC_IS_RANKING_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->from = from;
  self->to = to;
  fetch = g_new0 (Fetch, 1);
  fetch->desk = g_object_ref (self->desk);
  fetch->client = g_object_ref (self->client);
  fetch->from = from;
  fetch->to = to;

  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "loading");
  gtk_spinner_start (GTK_SPINNER (self->spinner));
  set_outcome (self, MC_RANKING_LOADING);
  task = g_task_new (self, self->cancellable, fetched, NULL);
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_free);
  g_task_run_in_thread (task, fetch_thread);
}

static void
retry_clicked (McRankingPage *self)
{
  mc_ranking_page_load (self, self->from, self->to);
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);
  guint column = GPOINTER_TO_UINT (user_data);

  gtk_label_set_xalign (GTK_LABEL (label), column == COLUMN_NAME ? 0.0 : 1.0);
  if (column != COLUMN_NAME)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  McRankingItem *item = gtk_list_item_get_item (list_item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)),
                      item->cells[GPOINTER_TO_UINT (user_data)]);
}

static void
add_column (GtkColumnView *view,
            const char    *title,
            guint          column)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *col;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GUINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GUINT_TO_POINTER (column));
  col = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (col, column == COLUMN_NAME);
  gtk_column_view_append_column (view, col);
  g_object_unref (col);
}

static void
mc_ranking_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  McRankingPage *self = MC_RANKING_PAGE (object);

  switch (prop_id)
    {
    case PROP_OUTCOME:
      g_value_set_uint (value, self->outcome);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_ranking_page_dispose (GObject *object)
{
  McRankingPage *self = MC_RANKING_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->desk);
  g_clear_object (&self->rows);

  G_OBJECT_CLASS (mc_ranking_page_parent_class)->dispose (object);
}

static void
mc_ranking_page_finalize (GObject *object)
{
  McRankingPage *self = MC_RANKING_PAGE (object);

  g_free (self->message);

  G_OBJECT_CLASS (mc_ranking_page_parent_class)->finalize (object);
}

static void
mc_ranking_page_class_init (McRankingPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = mc_ranking_page_get_property;
  object_class->dispose = mc_ranking_page_dispose;
  object_class->finalize = mc_ranking_page_finalize;

  properties[PROP_OUTCOME] =
    g_param_spec_uint ("outcome", NULL, NULL, MC_RANKING_LOADING, MC_RANKING_FAILED, MC_RANKING_LOADING,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mc_ranking_page_init (McRankingPage *self)
{
  GtkWidget *loading = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *loading_label = gtk_label_new (_("Fetching the ranking from the central server…"));
  GtkWidget *table = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkNoSelection *selection;
  GtkWidget *view;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  self->rows = g_list_store_new (MC_TYPE_RANKING_ITEM);
  self->cancellable = g_cancellable_new ();

  self->spinner = gtk_spinner_new ();
  gtk_widget_set_size_request (self->spinner, 32, 32);
  gtk_widget_add_css_class (loading_label, "dim-label");
  gtk_box_append (GTK_BOX (loading), self->spinner);
  gtk_box_append (GTK_BOX (loading), loading_label);
  gtk_widget_set_valign (loading, GTK_ALIGN_CENTER);

  self->title = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->title, "title-4");
  gtk_label_set_xalign (GTK_LABEL (self->title), 0);
  self->summary = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->summary, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (self->summary), 0);
  gtk_label_set_wrap (GTK_LABEL (self->summary), TRUE);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->rows)));
  view = gtk_column_view_new (GTK_SELECTION_MODEL (selection));
  gtk_column_view_set_show_column_separators (GTK_COLUMN_VIEW (view), TRUE);
  gtk_widget_add_css_class (view, "data-table");
  add_column (GTK_COLUMN_VIEW (view), _("Rank"), COLUMN_RANK);
  add_column (GTK_COLUMN_VIEW (view), _("Office"), COLUMN_NAME);
  add_column (GTK_COLUMN_VIEW (view), _("Received"), COLUMN_RECEIVED);
  add_column (GTK_COLUMN_VIEW (view), _("Online"), COLUMN_ONLINE);
  add_column (GTK_COLUMN_VIEW (view), _("Finished"), COLUMN_FINISHED);
  add_column (GTK_COLUMN_VIEW (view), _("On Time"), COLUMN_ON_TIME);
  add_column (GTK_COLUMN_VIEW (view), _("On-Time Share"), COLUMN_ON_TIME_PERCENT);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (table), self->title);
  gtk_box_append (GTK_BOX (table), self->summary);
  gtk_box_append (GTK_BOX (table), scroller);

  self->status = adw_status_page_new ();
  self->retry = gtk_button_new_with_mnemonic (_("_Try Again"));
  gtk_widget_set_name (self->retry, "retry");
  gtk_widget_set_halign (self->retry, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->retry, "pill");
  g_signal_connect_swapped (self->retry, "clicked", G_CALLBACK (retry_clicked), self);
  adw_status_page_set_child (ADW_STATUS_PAGE (self->status), self->retry);

  self->stack = gtk_stack_new ();
  gtk_stack_add_named (GTK_STACK (self->stack), loading, "loading");
  gtk_stack_add_named (GTK_STACK (self->stack), table, "table");
  gtk_stack_add_named (GTK_STACK (self->stack), self->status, "message");
  gtk_widget_set_vexpand (self->stack, TRUE);
  gtk_box_append (GTK_BOX (self), self->stack);
}

/**
 * mc_ranking_page_new:
 * @desk: the desk whose office and sign-in to use
 *
 * Returns: (transfer floating): the page, with nothing fetched yet
 */
GtkWidget *
mc_ranking_page_new (McDesk *desk)
{
  McRankingPage *self = g_object_new (MC_TYPE_RANKING_PAGE, NULL);

  self->desk = g_object_ref (desk);
  self->client = mc_sync_client_new (desk);

  return GTK_WIDGET (self);
}

McRankingOutcome
mc_ranking_page_get_outcome (McRankingPage *self)
{
  g_return_val_if_fail (MC_IS_RANKING_PAGE (self), MC_RANKING_FAILED);

  return self->outcome;
}

/**
 * mc_ranking_page_is_worth_showing:
 * @self: the page
 *
 * Returns: whether the window should offer the page: there is a ranking,
 *   or a reason it could not be had that the leader should read (offline,
 *   not allowed, a failure); not when signed out or with nothing to rank
 */
gboolean
mc_ranking_page_is_worth_showing (McRankingPage *self)
{
  g_return_val_if_fail (MC_IS_RANKING_PAGE (self), FALSE);

  return self->outcome == MC_RANKING_SHOWN || self->outcome == MC_RANKING_OFFLINE ||
         self->outcome == MC_RANKING_FORBIDDEN || self->outcome == MC_RANKING_FAILED;
}

GListModel *
mc_ranking_page_get_rows (McRankingPage *self)
{
  g_return_val_if_fail (MC_IS_RANKING_PAGE (self), NULL);

  return G_LIST_MODEL (self->rows);
}

/**
 * mc_ranking_page_row_text:
 * @self: the page
 * @position: a row
 *
 * Returns: (transfer full) (nullable): the row's cells joined by " | ",
 *   as shown
 */
char *
mc_ranking_page_row_text (McRankingPage *self,
                          guint          position)
{
  g_autoptr(McRankingItem) item = g_list_model_get_item (G_LIST_MODEL (self->rows), position);

  if (item == NULL)
    return NULL;
  return g_strjoinv (" | ", item->cells);
}

const char *
mc_ranking_page_get_message (McRankingPage *self)
{
  g_return_val_if_fail (MC_IS_RANKING_PAGE (self), NULL);

  return self->message;
}
