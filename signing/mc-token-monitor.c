/* SPDX-License-Identifier: GPL-3.0-or-later */
/* McTokenMonitor lets the signing dialog notice a token inserted or pulled
 * without a restart. A worker thread reads the slot lists of p11-kit's
 * modules every interval and hands each snapshot to the main context the
 * monitor was made on, where it is compared with the last one and turned
 * into signals and a GListModel. It polls rather than blocking in
 * C_WaitForSlotEvent: SoftHSM and many vendor modules do not implement it,
 * p11-kit's managed modules do not pass it through reliably, and a thread
 * blocked in it can only be woken by C_Finalize, which would end every
 * signing session. Reading the slots once a second costs next to nothing. */
#define G_LOG_DOMAIN "motcua-signing"

#include "config.h"

#include "mc-pkcs11.h"
#include "mc-token-monitor.h"
#include "mc-token-private.h"

#define DEFAULT_INTERVAL_MS 1000

typedef struct {
  gatomicrefcount ref;
  GMutex lock;
  GCond cond;
  gboolean stop;
  gboolean wake;
  guint interval_ms;
  GWeakRef monitor;
  GMainContext *context;
} Shared;

struct _McTokenMonitor
{
  GObject parent_instance;

  Shared *shared;
  GThread *thread;
  GListStore *tokens;
  gboolean ready;
};

G_DEFINE_FINAL_TYPE (McTokenMonitor, mc_token_monitor, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INTERVAL,
  PROP_READY,
  N_PROPS
};

enum {
  TOKEN_ADDED,
  TOKEN_REMOVED,
  TOKEN_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static Shared *
shared_ref (Shared *shared)
{
  g_atomic_ref_count_inc (&shared->ref);
  return shared;
}

static void
shared_unref (Shared *shared)
{
  if (!g_atomic_ref_count_dec (&shared->ref))
    return;
  g_mutex_clear (&shared->lock);
  g_cond_clear (&shared->cond);
  g_weak_ref_clear (&shared->monitor);
  g_main_context_unref (shared->context);
  g_free (shared);
}

typedef struct {
  Shared *shared;
  GPtrArray *tokens;
} Snapshot;

static void
snapshot_free (Snapshot *snapshot)
{
  shared_unref (snapshot->shared);
  g_ptr_array_unref (snapshot->tokens);
  g_free (snapshot);
}

static gboolean
find_same (GListModel *model,
           McToken    *token,
           guint      *position)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(McToken) item = g_list_model_get_item (model, i);

      if (mc_token_is_same (item, token))
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

/* On the monitor's main context: compare with the last snapshot. */
static gboolean
apply_snapshot (gpointer user_data)
{
  Snapshot *snapshot = user_data;
  g_autoptr(McTokenMonitor) self = g_weak_ref_get (&snapshot->shared->monitor);
  GListModel *model;
  guint i = 0;

  if (self == NULL)
    return G_SOURCE_REMOVE;
  model = G_LIST_MODEL (self->tokens);

  while (i < g_list_model_get_n_items (model))
    {
      g_autoptr(McToken) old = g_list_model_get_item (model, i);
      gboolean present = FALSE;

      for (guint k = 0; k < snapshot->tokens->len && !present; k++)
        present = mc_token_is_same (old, g_ptr_array_index (snapshot->tokens, k));
      if (present)
        {
          i++;
          continue;
        }
      g_list_store_remove (self->tokens, i);
      g_debug ("Token removed: %s", mc_token_get_label (old));
      g_signal_emit (self, signals[TOKEN_REMOVED], 0, old);
    }

  for (guint k = 0; k < snapshot->tokens->len; k++)
    {
      McToken *token = g_ptr_array_index (snapshot->tokens, k);
      guint position;

      if (find_same (model, token, &position))
        {
          g_autoptr(McToken) old = g_list_model_get_item (model, position);

          if (!mc_token_same_state (old, token))
            {
              g_list_store_splice (self->tokens, position, 1, (gpointer *) &token, 1);
              g_signal_emit (self, signals[TOKEN_CHANGED], 0, token);
            }
        }
      else
        {
          g_list_store_append (self->tokens, token);
          g_debug ("Token added: %s", mc_token_get_label (token));
          g_signal_emit (self, signals[TOKEN_ADDED], 0, token);
        }
    }

  if (!self->ready)
    {
      self->ready = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
    }

  return G_SOURCE_REMOVE;
}

static gpointer
monitor_thread (gpointer user_data)
{
  Shared *shared = user_data;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      GPtrArray *tokens;
      Snapshot *snapshot;
      GSource *source;
      gint64 deadline;

      g_mutex_lock (&shared->lock);
      if (shared->stop)
        {
          g_mutex_unlock (&shared->lock);
          break;
        }
      g_mutex_unlock (&shared->lock);

      tokens = mc_pkcs11_list_tokens_sync (NULL, &error);
      if (tokens == NULL)
        {
          g_debug ("Token scan failed: %s", error->message);
          tokens = g_ptr_array_new_with_free_func (g_object_unref);
        }
      snapshot = g_new0 (Snapshot, 1);
      snapshot->shared = shared_ref (shared);
      snapshot->tokens = tokens;
      /* An idle source, not g_main_context_invoke(): that would run the
       * callback right here in the worker when nobody iterates the
       * default context at the moment. */
      source = g_idle_source_new ();
      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, apply_snapshot, snapshot, (GDestroyNotify) snapshot_free);
      g_source_set_static_name (source, "[mc-token-monitor] snapshot");
      g_source_attach (source, shared->context);
      g_source_unref (source);

      g_mutex_lock (&shared->lock);
      deadline = g_get_monotonic_time () + (gint64) shared->interval_ms * G_TIME_SPAN_MILLISECOND;
      while (!shared->stop && !shared->wake)
        if (!g_cond_wait_until (&shared->cond, &shared->lock, deadline))
          break;
      shared->wake = FALSE;
      g_mutex_unlock (&shared->lock);
    }

  shared_unref (shared);
  return NULL;
}

static void
mc_token_monitor_constructed (GObject *object)
{
  McTokenMonitor *self = MC_TOKEN_MONITOR (object);

  G_OBJECT_CLASS (mc_token_monitor_parent_class)->constructed (object);

  g_weak_ref_set (&self->shared->monitor, self);
  self->thread = g_thread_new ("mc-token-monitor", monitor_thread, shared_ref (self->shared));
}

static void
mc_token_monitor_dispose (GObject *object)
{
  McTokenMonitor *self = MC_TOKEN_MONITOR (object);

  if (self->thread != NULL)
    {
      g_mutex_lock (&self->shared->lock);
      self->shared->stop = TRUE;
      g_cond_signal (&self->shared->cond);
      g_mutex_unlock (&self->shared->lock);
      g_thread_join (g_steal_pointer (&self->thread));
    }
  g_clear_object (&self->tokens);

  G_OBJECT_CLASS (mc_token_monitor_parent_class)->dispose (object);
}

static void
mc_token_monitor_finalize (GObject *object)
{
  McTokenMonitor *self = MC_TOKEN_MONITOR (object);

  g_clear_pointer (&self->shared, shared_unref);

  G_OBJECT_CLASS (mc_token_monitor_parent_class)->finalize (object);
}

static void
mc_token_monitor_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  McTokenMonitor *self = MC_TOKEN_MONITOR (object);

  switch (prop_id)
    {
    case PROP_INTERVAL:
      g_value_set_uint (value, self->shared->interval_ms);
      break;
    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_token_monitor_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  McTokenMonitor *self = MC_TOKEN_MONITOR (object);

  switch (prop_id)
    {
    case PROP_INTERVAL:
      self->shared->interval_ms = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_token_monitor_class_init (McTokenMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = mc_token_monitor_constructed;
  object_class->dispose = mc_token_monitor_dispose;
  object_class->finalize = mc_token_monitor_finalize;
  object_class->get_property = mc_token_monitor_get_property;
  object_class->set_property = mc_token_monitor_set_property;

  /**
   * McTokenMonitor:interval:
   *
   * Milliseconds between two scans of the slots.
   */
  properties[PROP_INTERVAL] =
    g_param_spec_uint ("interval", NULL, NULL, 50, 60000, DEFAULT_INTERVAL_MS,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * McTokenMonitor:ready:
   *
   * Whether the first scan is done (until then the list is empty because
   * it is not known yet, not because no token is inserted).
   */
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * McTokenMonitor::token-added:
   * @self: the monitor
   * @token: the token inserted (or present at the first scan)
   */
  signals[TOKEN_ADDED] =
    g_signal_new ("token-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, MC_TYPE_TOKEN);

  /**
   * McTokenMonitor::token-removed:
   * @self: the monitor
   * @token: the token pulled, as it was last seen
   */
  signals[TOKEN_REMOVED] =
    g_signal_new ("token-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, MC_TYPE_TOKEN);

  /**
   * McTokenMonitor::token-changed:
   * @self: the monitor
   * @token: the token as it is now (e.g. new PIN flags)
   */
  signals[TOKEN_CHANGED] =
    g_signal_new ("token-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, MC_TYPE_TOKEN);
}

static void
mc_token_monitor_init (McTokenMonitor *self)
{
  self->shared = g_new0 (Shared, 1);
  g_atomic_ref_count_init (&self->shared->ref);
  g_mutex_init (&self->shared->lock);
  g_cond_init (&self->shared->cond);
  g_weak_ref_init (&self->shared->monitor, NULL);
  self->shared->interval_ms = DEFAULT_INTERVAL_MS;
  self->shared->context = g_main_context_ref_thread_default ();
  self->tokens = g_list_store_new (MC_TYPE_TOKEN);
}

/**
 * mc_token_monitor_new:
 * @interval_ms: milliseconds between scans (0 for the default, 1 s)
 *
 * Starts watching the tokens. Signals are emitted on the thread-default
 * main context of the calling thread.
 *
 * Returns: (transfer full): a new #McTokenMonitor
 */
McTokenMonitor *
mc_token_monitor_new (guint interval_ms)
{
  return g_object_new (MC_TYPE_TOKEN_MONITOR,
                       "interval", interval_ms ? CLAMP (interval_ms, 50, 60000) : DEFAULT_INTERVAL_MS,
                       NULL);
}

/**
 * mc_token_monitor_get_tokens:
 * @self: a #McTokenMonitor
 *
 * Returns: (transfer none): a #GListModel of the #McToken present
 */
GListModel *
mc_token_monitor_get_tokens (McTokenMonitor *self)
{
  g_return_val_if_fail (MC_IS_TOKEN_MONITOR (self), NULL);
  return G_LIST_MODEL (self->tokens);
}

/**
 * mc_token_monitor_get_interval:
 * @self: a #McTokenMonitor
 *
 * Returns: milliseconds between scans
 */
guint
mc_token_monitor_get_interval (McTokenMonitor *self)
{
  g_return_val_if_fail (MC_IS_TOKEN_MONITOR (self), 0);
  return self->shared->interval_ms;
}

/**
 * mc_token_monitor_get_ready:
 * @self: a #McTokenMonitor
 *
 * Returns: whether the first scan is done
 */
gboolean
mc_token_monitor_get_ready (McTokenMonitor *self)
{
  g_return_val_if_fail (MC_IS_TOKEN_MONITOR (self), FALSE);
  return self->ready;
}

/**
 * mc_token_monitor_refresh:
 * @self: a #McTokenMonitor
 *
 * Scans now instead of at the next interval, e.g. after a failed login.
 */
void
mc_token_monitor_refresh (McTokenMonitor *self)
{
  g_return_if_fail (MC_IS_TOKEN_MONITOR (self));

  g_mutex_lock (&self->shared->lock);
  self->shared->wake = TRUE;
  g_cond_signal (&self->shared->cond);
  g_mutex_unlock (&self->shared->lock);
}
