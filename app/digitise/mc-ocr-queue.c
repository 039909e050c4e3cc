/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The background OCR queue of a desk. Scans are attached at once as page
 * images, marked unread in the store (mc_desk_attach_component_scan(), or
 * at reception); this queue takes the unread files from the store, reads
 * each one (mc_pdf_text_read()) and records its searchable version as the
 * component's newest file, its text searchable with the dossier
 * (mc_desk_record_file_text()). The store is the queue's memory: a desk
 * killed before a file is read finds it unread at its next start, and
 * mc_ocr_queue_resume() picks it up. One worker per core, at most two, so
 * the desk stays responsive while Tesseract runs. Results are told on the
 * main context the queue was made in. */
#define G_LOG_DOMAIN "motcua-digitise"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "mc-ocr-queue.h"
#include "mc-page-pdf.h"
#include "mc-pdf-text.h"
#include "store/mc-desk-files.h"

#define MAX_WORKERS 2

struct _McOcrQueue
{
  GObject parent_instance;

  GMainContext *context;
  GCancellable *cancellable;

  GMutex lock;              /* guards everything below */
  McDesk *desk;             /* not owned: the desk owns the queue */
  GCond cond;
  GQueue waiting;           /* of McUnreadFile */
  GHashTable *known;        /* file ids waiting or being read */
  guint running;            /* workers */
  guint listing;            /* looks at the store under way */
  guint n_workers;
  gboolean held;
  guint pages_read;
  gboolean busy;            /* main context only */
};

G_DEFINE_FINAL_TYPE (McOcrQueue, mc_ocr_queue, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

enum {
  FILE_READ,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* On the main context: busy follows the work, notified on change. */
static gboolean
update_busy (gpointer user_data)
{
  McOcrQueue *self = user_data;
  gboolean busy;

  g_mutex_lock (&self->lock);
  busy = self->running > 0 || self->listing > 0 || !g_queue_is_empty (&self->waiting);
  g_mutex_unlock (&self->lock);
  if (busy != self->busy)
    {
      self->busy = busy;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
  return G_SOURCE_REMOVE;
}

static void
schedule_update_busy (McOcrQueue *self)
{
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, update_busy, g_object_ref (self),
                              g_object_unref);
}

typedef struct
{
  McOcrQueue *queue;
  char *code;
  char *component_code;
  char *message;
} Told;

static gboolean
tell (gpointer user_data)
{
  Told *told = user_data;

  g_signal_emit (told->queue, signals[FILE_READ], 0, told->code, told->component_code, told->message);
  return G_SOURCE_REMOVE;
}

static void
told_free (Told *told)
{
  g_object_unref (told->queue);
  g_free (told->code);
  g_free (told->component_code);
  g_free (told->message);
  g_free (told);
}

/* Reads one file and records what was read; the file stays unread in the
 * store on any failure, to be read again at the next start. */
static void
read_file (McOcrQueue    *self,
           McDesk        *desk,
           McUnreadFile  *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *out = NULL;
  g_autofree char *text = NULL;
  g_autofree char *op_id = NULL;
  guint n_read = 0;
  Told *told;

  dir = g_dir_make_tmp ("motcua-ocr-XXXXXX", &error);
  if (dir != NULL)
    {
      out = g_build_filename (dir, file->name, NULL);
      if (mc_pdf_text_read (file->path, out, &text, &n_read, self->cancellable, &error))
        {
          g_mutex_lock (&self->lock);
          self->pages_read += n_read;
          g_mutex_unlock (&self->lock);
          /* Every page had its text already: the file stays as it is. */
          op_id = mc_desk_record_file_text (desk, file->id, n_read > 0 ? out : NULL, text, self->cancellable,
                                            &error);
        }
      g_unlink (out);
      g_rmdir (dir);
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  told = g_new0 (Told, 1);
  told->queue = g_object_ref (self);
  told->code = g_strdup (file->code);
  told->component_code = g_strdup (file->component_code);
  if (op_id == NULL && g_error_matches (error, MC_PAGE_ERROR, MC_PAGE_ERROR_UNREADABLE))
    {
      /* The blob's own name (its hash) would mean nothing to the official. */
      told->message = g_strdup_printf (_("The text of “%s” in dossier %s could not be read: the stored file is "
                                         "damaged. Scan the paper again and attach it."), file->name, file->code);
      g_debug ("%s: %s", told->message, error->message);
    }
  else if (op_id == NULL)
    {
      told->message = g_strdup_printf (_("The text of “%s” in dossier %s could not be read: %s The file is kept as it is and "
                                         "read again at the next start; if this repeats, scan the paper again."),
                                       file->name, file->code, error->message);
      g_debug ("%s", told->message);
    }
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, tell, told, (GDestroyNotify) told_free);
}

static void
worker_thread (GTask         *task,
               gpointer       source,
               gpointer       task_data,
               GCancellable  *cancellable)
{
  McOcrQueue *self = source;
  McDesk *desk = task_data;

  for (;;)
    {
      g_autoptr(McUnreadFile) file = NULL;

      g_mutex_lock (&self->lock);
      while (self->held && !g_cancellable_is_cancelled (self->cancellable))
        g_cond_wait (&self->cond, &self->lock);
      if (!g_cancellable_is_cancelled (self->cancellable))
        file = g_queue_pop_head (&self->waiting);
      if (file == NULL)
        {
          self->running--;
          g_mutex_unlock (&self->lock);
          break;
        }
      g_mutex_unlock (&self->lock);

      read_file (self, desk, file);

      g_mutex_lock (&self->lock);
      g_hash_table_remove (self->known, &file->id);
      g_mutex_unlock (&self->lock);
    }
  schedule_update_busy (self);
  g_task_return_boolean (task, TRUE);
}

/* With the lock held. */
static void
start_workers (McOcrQueue *self,
               McDesk     *desk)
{
  while (self->running < self->n_workers && self->running < g_queue_get_length (&self->waiting))
    {
      g_autoptr(GTask) task = g_task_new (self, NULL, NULL, NULL);

      self->running++;
      g_task_set_task_data (task, g_object_ref (desk), g_object_unref);
      g_task_run_in_thread (task, worker_thread);
    }
}

static void
list_thread (GTask         *task,
             gpointer       source,
             gpointer       task_data,
             GCancellable  *cancellable)
{
  McOcrQueue *self = source;
  McDesk *desk = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = mc_desk_list_unread_files (desk, &error);

  if (files == NULL)
    g_debug ("Looking for files to read: %s", error->message);
  g_mutex_lock (&self->lock);
  for (guint i = 0; files != NULL && i < files->len; i++)
    {
      McUnreadFile *file = g_ptr_array_index (files, i);

      if (g_hash_table_contains (self->known, &file->id))
        continue;
      g_ptr_array_index (files, i) = NULL;
      g_hash_table_add (self->known, g_memdup2 (&file->id, sizeof file->id));
      g_queue_push_tail (&self->waiting, file);
    }
  if (!g_cancellable_is_cancelled (self->cancellable))
    start_workers (self, desk);
  self->listing--;
  g_mutex_unlock (&self->lock);
  schedule_update_busy (self);
  g_task_return_boolean (task, TRUE);
}

/**
 * mc_ocr_queue_resume:
 * @self: a queue
 *
 * Looks in the store for unread files (attached just now, or left by a
 * desk killed before their text was read) and reads those not already
 * on their way, in the background.
 */
void
mc_ocr_queue_resume (McOcrQueue *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(McDesk) desk = NULL;

  g_return_if_fail (MC_IS_OCR_QUEUE (self));

  g_mutex_lock (&self->lock);
  if (self->desk != NULL && !g_cancellable_is_cancelled (self->cancellable))
    {
      desk = g_object_ref (self->desk);
      self->listing++;
    }
  g_mutex_unlock (&self->lock);
  if (desk == NULL)
    return;
  update_busy (self);
  task = g_task_new (self, NULL, NULL, NULL);
  g_task_set_task_data (task, g_steal_pointer (&desk), g_object_unref);
  g_task_run_in_thread (task, list_thread);
}

/**
 * mc_ocr_queue_stop:
 * @self: a queue
 *
 * Stops reading: the file being read is dropped half-way and stays
 * unread in the store, as do those waiting. For closing the desk.
 */
void
mc_ocr_queue_stop (McOcrQueue *self)
{
  g_return_if_fail (MC_IS_OCR_QUEUE (self));

  g_mutex_lock (&self->lock);
  g_cancellable_cancel (self->cancellable);
  g_queue_clear_full (&self->waiting, (GDestroyNotify) mc_unread_file_free);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

/**
 * mc_ocr_queue_hold:
 * @self: a queue
 * @hold: whether the workers wait before the next file
 *
 * A gate for tests: while held, attached scans stay observably unread.
 */
void
mc_ocr_queue_hold (McOcrQueue *self,
                   gboolean    hold)
{
  g_return_if_fail (MC_IS_OCR_QUEUE (self));

  g_mutex_lock (&self->lock);
  self->held = hold;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

guint
mc_ocr_queue_get_pages_read (McOcrQueue *self)
{
  guint n;

  g_return_val_if_fail (MC_IS_OCR_QUEUE (self), 0);

  g_mutex_lock (&self->lock);
  n = self->pages_read;
  g_mutex_unlock (&self->lock);
  return n;
}

/**
 * mc_ocr_queue_get_busy:
 * @self: a queue
 *
 * Returns: whether files are being looked for or read
 */
gboolean
mc_ocr_queue_get_busy (McOcrQueue *self)
{
  g_return_val_if_fail (MC_IS_OCR_QUEUE (self), FALSE);

  return self->busy;
}

guint
mc_ocr_queue_get_n_workers (McOcrQueue *self)
{
  g_return_val_if_fail (MC_IS_OCR_QUEUE (self), 0);

  return self->n_workers;
}

static void
desk_gone (gpointer  data,
           GObject  *where_the_desk_was)
{
  McOcrQueue *self = data;

  /* The last reference may go in a worker thread. */
  g_mutex_lock (&self->lock);
  self->desk = NULL;
  g_mutex_unlock (&self->lock);
}

/**
 * mc_ocr_queue_get_for_desk:
 * @desk: a desk
 *
 * The desk's one queue, made on the first call in the calling thread's
 * main context, where its signals are emitted. It does not start by
 * itself: call mc_ocr_queue_resume() once the desk is open and after
 * each scan is attached.
 *
 * Returns: (transfer none): the queue
 */
McOcrQueue *
mc_ocr_queue_get_for_desk (McDesk *desk)
{
  McOcrQueue *self;

  g_return_val_if_fail (MC_IS_DESK (desk), NULL);

  self = g_object_get_data (G_OBJECT (desk), "mc-ocr-queue");
  if (self != NULL)
    return self;
  self = g_object_new (MC_TYPE_OCR_QUEUE, NULL);
  self->desk = desk;
  g_object_weak_ref (G_OBJECT (desk), desk_gone, self);
  g_object_set_data_full (G_OBJECT (desk), "mc-ocr-queue", self, g_object_unref);
  return self;
}

static void
mc_ocr_queue_finalize (GObject *object)
{
  McOcrQueue *self = MC_OCR_QUEUE (object);

  g_queue_clear_full (&self->waiting, (GDestroyNotify) mc_unread_file_free);
  g_hash_table_unref (self->known);
  g_main_context_unref (self->context);
  g_object_unref (self->cancellable);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (mc_ocr_queue_parent_class)->finalize (object);
}

static void
mc_ocr_queue_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  McOcrQueue *self = MC_OCR_QUEUE (object);

  switch (prop_id)
    {
    case PROP_BUSY: g_value_set_boolean (value, self->busy); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_ocr_queue_class_init (McOcrQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mc_ocr_queue_finalize;
  object_class->get_property = mc_ocr_queue_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * McOcrQueue::file-read:
   * @code: the dossier
   * @component_code: the component whose file was read
   * @message: (nullable): why it could not be read, and what to do; %NULL
   *   when its text is recorded
   *
   * A file was read, or failed to be read (it stays unread).
   */
  signals[FILE_READ] = g_signal_new ("file-read", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                     NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING,
                                     G_TYPE_STRING);
}

static void
mc_ocr_queue_init (McOcrQueue *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  g_queue_init (&self->waiting);
  self->known = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->context = g_main_context_ref_thread_default ();
  self->cancellable = g_cancellable_new ();
  self->n_workers = CLAMP (g_get_num_processors (), 1, MAX_WORKERS);
}
