/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One run of a signing batch, without any window: the pending documents
 * of the list (McSignItem) are handed to the signer with the open session
 * (one login for all), each signed one is recorded in its dossier at once
 * (sign_result, in a worker thread) and its row follows. Signed files are
 * written under the workspace's signing/ folder, named after the result,
 * the version of it they were made from and the kind of signature, and
 * removed once recorded into the blob store: a later run finds one that
 * was signed but not recorded, the signer reports it as already done, and
 * it is recorded then. The result's id is in the name because two results
 * may hold the same bytes: each needs its own signed file. The session is
 * closed (logged out) when the run ends. ::progress follows the signer,
 * ::finished comes once the signer and all the recordings are done. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "mc-sign-batch.h"
#include "mc-sign-item.h"

struct _McSignBatch
{
  GObject parent_instance;

  McDesk *desk;
  GListModel *items;

  McSigningSession *session;
  McSignRequest *request;
  McSignatureKind kind;
  char *signer;
  GCancellable *cancellable;
  GPtrArray *batch;
  GPtrArray *batch_items;
  gboolean running;
  guint records_pending;
  guint recorded;
  GError *error;
};

G_DEFINE_FINAL_TYPE (McSignBatch, mc_sign_batch, G_TYPE_OBJECT)

enum {
  SIGNAL_PROGRESS,
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
finish_if_done (McSignBatch *self)
{
  guint recorded;

  if (self->running || self->records_pending > 0)
    return;

  recorded = self->recorded;
  self->recorded = 0;
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, recorded);
}

static void
mark_signing_next (McSignBatch *self)
{
  for (guint i = 0; i < self->batch_items->len; i++)
    {
      McSignItem *item = g_ptr_array_index (self->batch_items, i);

      if (mc_sign_item_get_status (item) == MC_SIGN_ITEM_WAITING)
        {
          mc_sign_item_set_status (item, MC_SIGN_ITEM_SIGNING, NULL);
          return;
        }
      if (mc_sign_item_get_status (item) == MC_SIGN_ITEM_SIGNING)
        return;
    }
}

typedef struct
{
  McSignBatch *self;
  McSignItem *item;
  char *output;
  char *warning;
} RecordData;

static void
record_data_free (RecordData *data)
{
  g_object_unref (data->self);
  g_object_unref (data->item);
  g_free (data->output);
  g_free (data->warning);
  g_free (data);
}

static void
recorded (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  RecordData *data = user_data;
  McSignBatch *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *op_id = mc_desk_record_signature_finish (MC_DESK (source), result, &error);

  if (op_id != NULL)
    {
      self->recorded++;
      g_unlink (data->output);
      mc_sign_item_set_status (data->item, MC_SIGN_ITEM_DONE, data->warning);
    }
  else
    {
      /* TRANSLATORS: a document was signed but could not be recorded in
       * its dossier */
      g_autofree char *message = g_strdup_printf (_("Signed, but not recorded in the dossier: %s"), error->message);

      mc_sign_item_set_status (data->item, MC_SIGN_ITEM_FAILED, message);
    }

  self->records_pending--;
  record_data_free (data);
  finish_if_done (self);
}

static void
record (McSignBatch *self,
        McSignItem  *item,
        McBatchItem *signed_item)
{
  const McSignTask *task = mc_sign_item_get_task (item);
  g_autoptr(McSignatureRecord) record = mc_signature_record_new ();
  RecordData *data = g_new0 (RecordData, 1);
  const char *output = signed_item->result->output != NULL ? signed_item->result->output : signed_item->output;

  record->file_id = task->file_id;
  record->kind = self->kind;
  record->input_sha256 = g_strdup (task->input_sha256);
  record->signer = g_strdup (self->signer);
  record->level = g_strdup (mc_pades_level_to_string (signed_item->result->level));
  record->issue_number = g_strdup (self->request->document_number);

  data->self = g_object_ref (self);
  data->item = g_object_ref (item);
  data->output = g_strdup (output);
  if (signed_item->result->warning != NULL)
    /* TRANSLATORS: level reached (B-B…) and why not the one asked for */
    data->warning = g_strdup_printf (_("Signed at level %s: %s"), mc_pades_level_to_string (signed_item->result->level),
                                     signed_item->result->warning);

  mc_sign_item_set_status (item, MC_SIGN_ITEM_RECORDING, NULL);
  self->records_pending++;
  mc_desk_record_signature_async (self->desk, task->dossier_code, record, output, NULL, recorded, data);
}

static void
progress (guint        done,
          guint        total,
          McBatchItem *signed_item,
          gpointer     user_data)
{
  McSignBatch *self = user_data;

  for (guint i = 0; i < self->batch->len; i++)
    {
      McSignItem *item;

      if (g_ptr_array_index (self->batch, i) != signed_item)
        continue;
      item = g_ptr_array_index (self->batch_items, i);
      if (signed_item->result != NULL)
        record (self, item, signed_item);
      else if (g_error_matches (signed_item->error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_TOKEN_REMOVED))
        mc_sign_item_set_status (item, MC_SIGN_ITEM_NOT_SIGNED, signed_item->error->message);
      else if (signed_item->error != NULL)
        mc_sign_item_set_status (item, MC_SIGN_ITEM_FAILED, signed_item->error->message);
      break;
    }

  mark_signing_next (self);
  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, done, total);
}

static void
batch_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(McSignBatch) self = user_data;
  GError *error = NULL;

  if (!mc_sign_job_run_finish (result, &error))
    self->error = error;
  self->running = FALSE;

  /* One login per run: log out now; another run asks for the PIN again. */
  mc_signing_session_close (self->session);
  g_clear_object (&self->session);

  /* What the signer never reached stays as it was. */
  for (guint i = 0; i < self->batch_items->len; i++)
    {
      McSignItem *item = g_ptr_array_index (self->batch_items, i);
      McBatchItem *signed_item = g_ptr_array_index (self->batch, i);
      McSignItemStatus status = mc_sign_item_get_status (item);

      if (status == MC_SIGN_ITEM_WAITING || status == MC_SIGN_ITEM_SIGNING)
        mc_sign_item_set_status (item, MC_SIGN_ITEM_NOT_SIGNED,
                                 signed_item->error != NULL ? signed_item->error->message : NULL);
    }

  finish_if_done (self);
}

/**
 * mc_sign_batch_start:
 * @self: a batch
 * @session: an open session; closed when the run ends
 * @request: (transfer full): the appearance and level for every document
 * @kind: as what the signatures are recorded
 *
 * Signs every pending item (mc_sign_item_is_pending()) in list order.
 *
 * Returns: %FALSE when a run is going on already or nothing is pending
 */
gboolean
mc_sign_batch_start (McSignBatch      *self,
                     McSigningSession *session,
                     McSignRequest    *request,
                     McSignatureKind   kind)
{
  g_autofree char *dir = NULL;
  McSigningIdentity *identity;
  McCertificate *certificate;
  guint n;

  g_return_val_if_fail (MC_IS_SIGN_BATCH (self), FALSE);
  g_return_val_if_fail (MC_IS_SIGNING_SESSION (session), FALSE);
  g_return_val_if_fail (request != NULL, FALSE);

  if (mc_sign_batch_get_busy (self))
    {
      mc_sign_job_request_free (request);
      return FALSE;
    }

  identity = mc_signing_session_get_identity (session);
  certificate = mc_signing_identity_get_certificate (identity);
  g_set_object (&self->session, session);
  g_clear_pointer (&self->request, mc_sign_job_request_free);
  self->request = request;
  self->kind = kind;
  g_clear_error (&self->error);
  g_free (self->signer);
  self->signer = g_strdup (mc_certificate_get_subject_cn (certificate) != NULL
                           ? mc_certificate_get_subject_cn (certificate) : mc_signing_identity_get_label (identity));
  g_ptr_array_set_size (self->batch, 0);
  g_ptr_array_set_size (self->batch_items, 0);

  dir = g_build_filename (mc_store_get_workspace (mc_desk_get_store (self->desk)), "signing", NULL);
  g_mkdir_with_parents (dir, 0700);
  n = g_list_model_get_n_items (self->items);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(McSignItem) item = g_list_model_get_item (self->items, i);
      const McSignTask *task = mc_sign_item_get_task (item);
      g_autofree char *input = NULL;
      g_autofree char *name = NULL;
      g_autofree char *output = NULL;

      if (!mc_sign_item_is_pending (item))
        continue;
      input = mc_desk_get_blob_path (self->desk, task->input_sha256);
      name = g_strdup_printf ("%" G_GINT64_FORMAT "-%s-%s.pdf", task->file_id, task->input_sha256,
                              mc_signature_kind_to_string (kind));
      output = g_build_filename (dir, name, NULL);
      g_ptr_array_add (self->batch, mc_sign_job_item_new (input, output));
      g_ptr_array_add (self->batch_items, g_object_ref (item));
      mc_sign_item_set_status (item, MC_SIGN_ITEM_WAITING, NULL);
    }

  if (self->batch->len == 0)
    {
      mc_signing_session_close (session);
      g_clear_object (&self->session);
      return FALSE;
    }

  self->running = TRUE;
  mark_signing_next (self);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  mc_sign_job_run_async (session, self->batch, self->request, progress, self, self->cancellable,
                         batch_done, g_object_ref (self));

  return TRUE;
}

/**
 * mc_sign_batch_cancel:
 * @self: a batch
 *
 * Stops after the document being signed; the ones signed stay recorded.
 */
void
mc_sign_batch_cancel (McSignBatch *self)
{
  g_return_if_fail (MC_IS_SIGN_BATCH (self));

  g_cancellable_cancel (self->cancellable);
}

/**
 * mc_sign_batch_get_busy:
 * @self: a batch
 *
 * Returns: %TRUE while signing or recording
 */
gboolean
mc_sign_batch_get_busy (McSignBatch *self)
{
  g_return_val_if_fail (MC_IS_SIGN_BATCH (self), FALSE);

  return self->running || self->records_pending > 0;
}

/**
 * mc_sign_batch_get_error:
 * @self: a batch
 *
 * Returns: (nullable): why the last run stopped early (%G_IO_ERROR_CANCELLED,
 *   %MC_SIGNING_ERROR_TOKEN_REMOVED, …)
 */
const GError *
mc_sign_batch_get_error (McSignBatch *self)
{
  g_return_val_if_fail (MC_IS_SIGN_BATCH (self), NULL);

  return self->error;
}

/**
 * mc_sign_batch_get_signer:
 * @self: a batch
 *
 * Returns: (nullable): the holder of the certificate of the last run
 */
const char *
mc_sign_batch_get_signer (McSignBatch *self)
{
  g_return_val_if_fail (MC_IS_SIGN_BATCH (self), NULL);

  return self->signer;
}

/**
 * mc_sign_batch_get_size:
 * @self: a batch
 *
 * Returns: how many documents the last run was given
 */
guint
mc_sign_batch_get_size (McSignBatch *self)
{
  g_return_val_if_fail (MC_IS_SIGN_BATCH (self), 0);

  return self->batch->len;
}

static void
mc_sign_batch_dispose (GObject *object)
{
  McSignBatch *self = MC_SIGN_BATCH (object);

  g_cancellable_cancel (self->cancellable);
  if (self->session != NULL)
    mc_signing_session_close (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->desk);
  g_clear_object (&self->items);

  G_OBJECT_CLASS (mc_sign_batch_parent_class)->dispose (object);
}

static void
mc_sign_batch_finalize (GObject *object)
{
  McSignBatch *self = MC_SIGN_BATCH (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->batch, g_ptr_array_unref);
  g_clear_pointer (&self->batch_items, g_ptr_array_unref);
  g_clear_pointer (&self->request, mc_sign_job_request_free);
  g_clear_error (&self->error);
  g_free (self->signer);

  G_OBJECT_CLASS (mc_sign_batch_parent_class)->finalize (object);
}

static void
mc_sign_batch_class_init (McSignBatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mc_sign_batch_dispose;
  object_class->finalize = mc_sign_batch_finalize;

  /**
   * McSignBatch::progress:
   * @done: documents the signer is through with
   * @total: documents of the run
   */
  signals[SIGNAL_PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                           NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
  /**
   * McSignBatch::finished:
   * @n_recorded: signatures recorded by this run
   *
   * The run is over: signed, recorded, session closed.
   */
  signals[SIGNAL_FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                           NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
mc_sign_batch_init (McSignBatch *self)
{
  self->batch = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_sign_job_item_free);
  self->batch_items = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * mc_sign_batch_new:
 * @desk: where the signatures are recorded
 * @items: (element-type McSignItem): the documents
 *
 * Returns: (transfer full): a batch over @items
 */
McSignBatch *
mc_sign_batch_new (McDesk     *desk,
                   GListModel *items)
{
  McSignBatch *self;

  g_return_val_if_fail (MC_IS_DESK (desk), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (items), NULL);

  self = g_object_new (MC_TYPE_SIGN_BATCH, NULL);
  self->desk = g_object_ref (desk);
  self->items = g_object_ref (items);

  return self;
}
