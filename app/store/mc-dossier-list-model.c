/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The count comes first (with the first page); any later item is handed out
 * at once as a placeholder and filled in when its page arrives from a worker
 * thread. Only a bounded number of pages is kept, so memory stays flat however
 * far the official scrolls. A reload bumps a generation number so pages of an
 * older query that arrive late are dropped. */
#define G_LOG_DOMAIN "motcua-store"

#include "config.h"

#include "mc-dossier-list-model-private.h"
#include "mc-dossier-repo.h"
#include "mc-store-private.h"

#define PAGE_SIZE 100
#define MAX_PAGES 24

typedef struct
{
  GPtrArray *rows;
  guint64 last_used;
} Page;

struct _McDossierListModel
{
  GObject parent_instance;

  McStore *store;
  McCalendar *calendar;
  char *queue_id;
  const McQueueInfo *queue;
  McQueueClock clock;
  McQueueFilter filter;

  guint n_items;
  gboolean loading;
  guint generation;
  guint64 tick;
  GHashTable *pages;
  GCancellable *cancellable;
  GError *error;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (McDossierListModel, mc_dossier_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_CALENDAR,
  PROP_QUEUE_ID,
  PROP_LOADING,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
page_free (gpointer data)
{
  Page *page = data;

  g_ptr_array_unref (page->rows);
  g_free (page);
}

typedef struct
{
  const McQueueInfo *queue;
  McQueueClock clock;
  McQueueFilter filter;
  guint offset;
  guint limit;
  gboolean count;
} Query;

static void
query_free (gpointer data)
{
  Query *query = data;

  mc_queue_filter_clear (&query->filter);
  g_free (query);
}

typedef struct
{
  guint count;
  GPtrArray *rows;
} QueryResult;

static void
query_result_free (gpointer data)
{
  QueryResult *result = data;

  g_clear_pointer (&result->rows, g_ptr_array_unref);
  g_free (result);
}

static gboolean
run_query (sqlite3   *db,
           gpointer   user_data,
           gpointer  *out,
           GError   **error)
{
  Query *query = user_data;
  QueryResult *result;
  guint count = 0;
  GPtrArray *rows;

  if (query->count && !mc_dossier_repo_count (db, query->queue, &query->clock, &query->filter,
                                              &count, error))
    return FALSE;

  rows = mc_dossier_repo_fetch_page (db, query->queue, &query->clock, &query->filter,
                                     query->offset, query->limit, error);
  if (rows == NULL)
    return FALSE;

  result = g_new0 (QueryResult, 1);
  result->count = count;
  result->rows = rows;
  *out = result;

  return TRUE;
}

typedef struct
{
  McDossierListModel *self;
  guint generation;
  guint page;
} Pending;

static void
pending_free (Pending *pending)
{
  g_object_unref (pending->self);
  g_free (pending);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pending, pending_free)

static void
start_query (McDossierListModel  *self,
             guint                page,
             gboolean             count,
             GAsyncReadyCallback  callback)
{
  Query *query = g_new0 (Query, 1);
  Pending *pending = g_new0 (Pending, 1);

  query->queue = self->queue;
  query->clock = self->clock;
  mc_queue_filter_copy (&query->filter, &self->filter);
  query->offset = page * PAGE_SIZE;
  query->limit = PAGE_SIZE;
  query->count = count;

  pending->self = g_object_ref (self);
  pending->generation = self->generation;
  pending->page = page;

  mc_store_read_async (self->store, run_query, query, query_free, query_result_free,
                       self->cancellable, callback, pending);
}

static void
page_loaded (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  g_autoptr(Pending) pending = user_data;
  McDossierListModel *self = pending->self;
  g_autoptr(GError) error = NULL;
  QueryResult *result;
  Page *page;

  result = mc_store_run_finish (MC_STORE (source), res, &error);
  if (result == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Loading page %u failed: %s", pending->page, error->message);
      return;
    }

  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (pending->page));
  if (pending->generation == self->generation && page != NULL)
    {
      guint n = MIN (page->rows->len, result->rows->len);

      for (guint i = 0; i < n; i++)
        mc_dossier_summary_fill (g_ptr_array_index (page->rows, i),
                                 g_ptr_array_index (result->rows, i));
    }

  query_result_free (result);
}

static void
reload_done (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  g_autoptr(Pending) pending = user_data;
  McDossierListModel *self = pending->self;
  g_autoptr(GError) error = NULL;
  QueryResult *result;
  guint old_n_items;

  result = mc_store_run_finish (MC_STORE (source), res, &error);
  if (pending->generation != self->generation)
    {
      g_clear_pointer (&result, query_result_free);
      return;
    }

  old_n_items = self->n_items;
  g_hash_table_remove_all (self->pages);
  g_clear_error (&self->error);

  if (result == NULL)
    {
      self->n_items = 0;
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        self->error = g_steal_pointer (&error);
    }
  else
    {
      self->n_items = result->count;
      if (result->rows->len > 0)
        {
          Page *page = g_new0 (Page, 1);

          page->rows = g_steal_pointer (&result->rows);
          page->last_used = ++self->tick;
          g_hash_table_insert (self->pages, GUINT_TO_POINTER (0), page);
        }
      query_result_free (result);
    }

  self->loading = FALSE;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_items, self->n_items);
  if (old_n_items != self->n_items)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/**
 * mc_dossier_list_model_reload:
 * @self: a model
 *
 * Counts the queue again and refetches its first page; the deadlines are
 * judged at the time of the call. The model keeps showing the old rows until
 * the new ones arrive.
 */
void
mc_dossier_list_model_reload (McDossierListModel *self)
{
  g_return_if_fail (MC_IS_DOSSIER_LIST_MODEL (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->generation++;
  mc_queue_clock_init (&self->clock, g_get_real_time () / G_USEC_PER_SEC, self->calendar);

  if (!self->loading)
    {
      self->loading = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
    }

  start_query (self, 0, TRUE, reload_done);
}

static void
evict_old_pages (McDossierListModel *self)
{
  while (g_hash_table_size (self->pages) > MAX_PAGES)
    {
      GHashTableIter iter;
      gpointer key, value;
      gpointer oldest_key = NULL;
      guint64 oldest = G_MAXUINT64;

      g_hash_table_iter_init (&iter, self->pages);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          Page *page = value;

          if (page->last_used < oldest)
            {
              oldest = page->last_used;
              oldest_key = key;
            }
        }

      g_hash_table_remove (self->pages, oldest_key);
    }
}

static gpointer
mc_dossier_list_model_get_item (GListModel *model,
                                guint       position)
{
  McDossierListModel *self = MC_DOSSIER_LIST_MODEL (model);
  guint page_index = position / PAGE_SIZE;
  Page *page;

  if (position >= self->n_items)
    return NULL;

  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page_index));
  if (page == NULL)
    {
      guint n = MIN (PAGE_SIZE, self->n_items - page_index * PAGE_SIZE);

      page = g_new0 (Page, 1);
      page->rows = g_ptr_array_new_full (n, g_object_unref);
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (page->rows, mc_dossier_summary_new_placeholder ());
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (page_index), page);
      start_query (self, page_index, FALSE, page_loaded);
    }

  page->last_used = ++self->tick;

  /* Take the reference before eviction may drop this very page. */
  {
    gpointer item = g_object_ref (g_ptr_array_index (page->rows, position % PAGE_SIZE));

    evict_old_pages (self);
    return item;
  }
}

static guint
mc_dossier_list_model_get_n_items (GListModel *model)
{
  return MC_DOSSIER_LIST_MODEL (model)->n_items;
}

static GType
mc_dossier_list_model_get_item_type (GListModel *model)
{
  return MC_TYPE_DOSSIER_SUMMARY;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item = mc_dossier_list_model_get_item;
  iface->get_n_items = mc_dossier_list_model_get_n_items;
  iface->get_item_type = mc_dossier_list_model_get_item_type;
}

static void
mc_dossier_list_model_dispose (GObject *object)
{
  McDossierListModel *self = MC_DOSSIER_LIST_MODEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->calendar);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  mc_queue_filter_clear (&self->filter);

  G_OBJECT_CLASS (mc_dossier_list_model_parent_class)->dispose (object);
}

static void
mc_dossier_list_model_finalize (GObject *object)
{
  McDossierListModel *self = MC_DOSSIER_LIST_MODEL (object);

  g_free (self->queue_id);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (mc_dossier_list_model_parent_class)->finalize (object);
}

static void
mc_dossier_list_model_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  McDossierListModel *self = MC_DOSSIER_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE: g_value_set_object (value, self->store); break;
    case PROP_CALENDAR: g_value_set_object (value, self->calendar); break;
    case PROP_QUEUE_ID: g_value_set_string (value, self->queue_id); break;
    case PROP_LOADING: g_value_set_boolean (value, self->loading); break;
    case PROP_N_ITEMS: g_value_set_uint (value, self->n_items); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_dossier_list_model_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  McDossierListModel *self = MC_DOSSIER_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE: self->store = g_value_dup_object (value); break;
    case PROP_CALENDAR: self->calendar = g_value_dup_object (value); break;
    case PROP_QUEUE_ID: mc_dossier_list_model_set_queue_id (self, g_value_get_string (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_dossier_list_model_class_init (McDossierListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mc_dossier_list_model_dispose;
  object_class->finalize = mc_dossier_list_model_finalize;
  object_class->get_property = mc_dossier_list_model_get_property;
  object_class->set_property = mc_dossier_list_model_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, MC_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CALENDAR] =
    g_param_spec_object ("calendar", NULL, NULL, MC_TYPE_CALENDAR,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUEUE_ID] =
    g_param_spec_string ("queue-id", NULL, NULL, "all",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mc_dossier_list_model_init (McDossierListModel *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, page_free);
  self->queue_id = g_strdup ("all");
  self->queue = mc_queue_lookup ("all");
}

/**
 * mc_dossier_list_model_new:
 * @store: the store to read from
 * @calendar: the office's calendar, which says what "due soon" means
 * @queue_id: a queue id of mc_queue_get_all()
 *
 * The model starts empty; call mc_dossier_list_model_reload() to fill it.
 *
 * Returns: (transfer full): a new model
 */
McDossierListModel *
mc_dossier_list_model_new (McStore    *store,
                           McCalendar *calendar,
                           const char *queue_id)
{
  g_return_val_if_fail (MC_IS_STORE (store), NULL);
  g_return_val_if_fail (MC_IS_CALENDAR (calendar), NULL);

  return g_object_new (MC_TYPE_DOSSIER_LIST_MODEL,
                       "store", store,
                       "calendar", calendar,
                       "queue-id", queue_id,
                       NULL);
}

/**
 * mc_dossier_list_model_set_filter:
 * @self: a model
 * @filter: (nullable): what to narrow the queue to; copied
 *
 * Reloads with the new filter when the model has been loaded.
 */
void
mc_dossier_list_model_set_filter (McDossierListModel  *self,
                                  const McQueueFilter *filter)
{
  g_return_if_fail (MC_IS_DOSSIER_LIST_MODEL (self));

  mc_queue_filter_copy (&self->filter, filter);
  if (self->generation > 0)
    mc_dossier_list_model_reload (self);
}

const char *
mc_dossier_list_model_get_queue_id (McDossierListModel *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_LIST_MODEL (self), NULL);

  return self->queue_id;
}

/**
 * mc_dossier_list_model_set_queue_id:
 * @self: a model
 * @queue_id: a queue id; an unknown id falls back to "all"
 *
 * Switches the queue and reloads when the model has a store.
 */
void
mc_dossier_list_model_set_queue_id (McDossierListModel *self,
                                    const char         *queue_id)
{
  const McQueueInfo *queue;

  g_return_if_fail (MC_IS_DOSSIER_LIST_MODEL (self));

  queue = mc_queue_lookup (queue_id);
  if (queue == NULL)
    queue = mc_queue_lookup ("all");

  if (queue == self->queue)
    return;

  self->queue = queue;
  g_free (self->queue_id);
  self->queue_id = g_strdup (queue->id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUE_ID]);

  /* Only a model that has been loaded follows its queue at once. */
  if (self->store != NULL && self->generation > 0)
    mc_dossier_list_model_reload (self);
}

/**
 * mc_dossier_list_model_set_officer:
 * @self: a model
 * @login: (nullable): the signed-in officer, whose "for my signature"
 *   queue the model shows
 *
 * Reloads a loaded model when the officer changes.
 */
void
mc_dossier_list_model_set_officer (McDossierListModel *self,
                                   const char         *login)
{
  g_return_if_fail (MC_IS_DOSSIER_LIST_MODEL (self));

  if (self->clock.officer == g_intern_string (login))
    return;
  self->clock.officer = g_intern_string (login);
  if (self->store != NULL && self->generation > 0)
    mc_dossier_list_model_reload (self);
}

gboolean
mc_dossier_list_model_get_loading (McDossierListModel *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_LIST_MODEL (self), FALSE);

  return self->loading;
}

/**
 * mc_dossier_list_model_get_error:
 * @self: a model
 *
 * Returns: (nullable): why the last reload failed
 */
const GError *
mc_dossier_list_model_get_error (McDossierListModel *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_LIST_MODEL (self), NULL);

  return self->error;
}

guint
mc_dossier_list_model_get_n_cached_pages (McDossierListModel *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_LIST_MODEL (self), 0);

  return g_hash_table_size (self->pages);
}
