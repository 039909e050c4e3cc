/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The background signing of a desk's digital copies (Decree 45/2020/NĐ-CP:
 * a copy of a paper component is valid once the receiving office signs
 * it). A copy attached to be signed is stored at once, unsigned, and
 * marked in the store as waiting (mc_desk_attach_component_copy_async(),
 * or at reception); once the desk's OCR queue has read its text, this
 * queue signs the searchable version with the office's certificate and
 * records the signed file as the component's newest version
 * (mc_desk_record_signed_copy()), so the signature covers the text.
 *
 * The official types the PIN once; the queue holds the logged-in session
 * (never the PIN) for the day's batch and closes it when the officer
 * signs out, the desk closes or the token is pulled out (a token monitor
 * watches it while the session is held). The store is the queue's
 * memory: whatever stops the signing (no session, the token gone, a wrong
 * certificate, the desk killed), the copies stay attached and waiting,
 * and are signed with the next session, by mc_sign_queue_resume(). A copy
 * is never signed into two versions: the store takes the first and
 * ignores a second. All of it runs on the main context the queue was made
 * in; the store and the signer work in their own threads. */
#define G_LOG_DOMAIN "motcua-digitise"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "digitise/mc-ocr-queue.h"
#include "digitise/mc-sign-queue.h"
#include "mc-sign-job.h"
#include "mc-token-monitor.h"
#include "store/mc-desk-files.h"

/* How often the token is looked for while a session is held. */
#define TOKEN_POLL_MS 1000

struct _McSignQueue
{
  GObject parent_instance;

  McDesk *desk;               /* not owned: the desk owns the queue */
  McSigningSession *session;  /* logged in, or NULL */
  McTokenMonitor *monitor;    /* while a session is held */
  GCancellable *cancellable;
  gboolean held;
  gboolean running;           /* a round is under way */
  gboolean again;             /* asked to resume during a round */
  gboolean stopped;
  gboolean busy;
  guint n_waiting;
  char *message;
};

G_DEFINE_FINAL_TYPE (McSignQueue, mc_sign_queue, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_N_WAITING,
  PROP_MESSAGE,
  PROP_SESSION,
  N_PROPS
};

enum {
  COPY_SIGNED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
update_busy (McSignQueue *self)
{
  gboolean busy = self->running;

  if (busy == self->busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
set_message (McSignQueue *self,
             const char  *message)
{
  if (g_strcmp0 (self->message, message) == 0)
    return;
  g_free (self->message);
  self->message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

static void
set_n_waiting (McSignQueue *self,
               guint        n_waiting)
{
  if (self->n_waiting == n_waiting)
    return;
  self->n_waiting = n_waiting;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_WAITING]);
}

/* What the official reads when copies wait and nothing can sign them. */
static char *
waiting_text (guint n_waiting)
{
  return g_strdup_printf (ngettext ("%u digital copy waits for the office’s signature. Insert the token with the "
                                    "office’s certificate and choose “Sign Waiting Copies”.",
                                    "%u digital copies wait for the office’s signature. Insert the token with the "
                                    "office’s certificate and choose “Sign Waiting Copies”.",
                                    n_waiting), n_waiting);
}

typedef struct
{
  McSignQueue *self;
  McDesk *desk;
  McSigningSession *session;
  GPtrArray *files;           /* of McUnreadFile */
  GPtrArray *items;           /* of McBatchItem, parallel to files */
  McSignRequest *request;
  char *dir;
  char *signer;
  GPtrArray *signed_files;    /* of McUnreadFile *, not owned: recorded */
  GError *error;              /* why the batch stopped */
  GError *record_error;       /* why a signed copy was not recorded */
} Round;

static void
round_free (Round *round)
{
  if (round->items != NULL)
    for (guint i = 0; i < round->items->len; i++)
      {
        McBatchItem *item = g_ptr_array_index (round->items, i);

        g_unlink (item->output);
      }
  if (round->dir != NULL)
    g_rmdir (round->dir);
  g_clear_pointer (&round->items, g_ptr_array_unref);
  g_clear_pointer (&round->files, g_ptr_array_unref);
  g_clear_pointer (&round->signed_files, g_ptr_array_unref);
  g_clear_pointer (&round->request, mc_sign_job_request_free);
  g_clear_object (&round->session);
  g_clear_object (&round->desk);
  g_object_unref (round->self);
  g_free (round->dir);
  g_free (round->signer);
  g_clear_error (&round->error);
  g_clear_error (&round->record_error);
  g_free (round);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Round, round_free)

static void
round_end (Round *round)
{
  McSignQueue *self = round->self;

  self->running = FALSE;
  update_busy (self);
  if (self->again && !self->stopped)
    {
      self->again = FALSE;
      mc_sign_queue_resume (self);
    }
  round_free (round);
}

static gboolean
is_session_gone (const GError *error)
{
  return g_error_matches (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_TOKEN_REMOVED) ||
         g_error_matches (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_TOKEN_NOT_PRESENT) ||
         g_error_matches (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_SESSION_CLOSED);
}

static void
record_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Round *round = task_data;

  for (guint i = 0; i < round->items->len; i++)
    {
      McBatchItem *item = g_ptr_array_index (round->items, i);
      McUnreadFile *file = g_ptr_array_index (round->files, i);
      g_autoptr(GError) error = NULL;
      g_autofree char *op_id = NULL;

      if (item->result == NULL)
        continue;
      op_id = mc_desk_record_signed_copy (round->desk, file->id, item->output, round->signer, cancellable,
                                          &error);
      if (op_id == NULL)
        {
          g_debug ("The signed copy of %s/%s was not recorded: %s", file->code, file->component_code,
                   error->message);
          if (round->record_error == NULL)
            round->record_error = g_steal_pointer (&error);
          continue;
        }
      g_ptr_array_add (round->signed_files, file);
    }
  g_task_return_boolean (task, TRUE);
}

static void
recorded (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Round *round = user_data;
  McSignQueue *self = round->self;
  const GError *why = round->error;
  guint left;

  for (guint i = 0; i < round->items->len && why == NULL; i++)
    why = ((McBatchItem *) g_ptr_array_index (round->items, i))->error;
  if (why == NULL)
    why = round->record_error;

  left = round->files->len - round->signed_files->len;
  set_n_waiting (self, MIN (self->n_waiting, left));
  if (why != NULL && is_session_gone (why))
    {
      g_autofree char *waiting = waiting_text (left);
      g_autofree char *text = g_strdup_printf (_("The token was removed or its session closed before every copy "
                                                 "was signed. %s"), waiting);

      mc_sign_queue_end_session (self, text);
    }
  else if (why != NULL && !g_error_matches (why, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text = NULL;

      text = g_strdup_printf (ngettext ("%u digital copy was not signed: %s It stays attached and waits for the "
                                        "signature; choose “Sign Waiting Copies” to try again.",
                                        "%u digital copies were not signed: %s They stay attached and wait for the "
                                        "signature; choose “Sign Waiting Copies” to try again.", left),
                              left, why->message);
      set_message (self, text);
    }
  else if (left == 0)
    set_message (self, NULL);

  for (guint i = 0; i < round->signed_files->len; i++)
    {
      McUnreadFile *file = g_ptr_array_index (round->signed_files, i);

      g_signal_emit (self, signals[COPY_SIGNED], 0, file->code, file->component_code);
    }
  round_end (round);
}

static void
signed_batch (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Round *round = user_data;
  g_autoptr(GTask) task = NULL;

  mc_sign_job_run_finish (result, &round->error);
  if (round->error != NULL)
    g_debug ("Signing the copies stopped: %s", round->error->message);
  task = g_task_new (NULL, NULL, recorded, round);
  g_task_set_task_data (task, round, NULL);
  g_task_run_in_thread (task, record_thread);
}

static void
list_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Round *round = task_data;
  GError *error = NULL;
  GPtrArray *files = mc_desk_list_copies_to_sign (round->desk, &error);

  if (files == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, files, (GDestroyNotify) g_ptr_array_unref);
}

static void
listed (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  Round *round = user_data;
  McSignQueue *self = round->self;
  g_autoptr(GError) error = NULL;
  McSigningIdentity *identity;

  round->files = g_task_propagate_pointer (G_TASK (result), &error);
  if (round->files == NULL)
    {
      g_debug ("Looking for copies to sign: %s", error->message);
      round_end (round);
      return;
    }
  set_n_waiting (self, round->files->len);
  if (round->files->len == 0 || self->stopped)
    {
      if (round->files->len == 0)
        set_message (self, NULL);
      round_end (round);
      return;
    }
  if (self->session == NULL || !mc_signing_session_is_open (self->session))
    {
      g_autofree char *text = waiting_text (round->files->len);

      set_message (self, text);
      round_end (round);
      return;
    }

  round->session = g_object_ref (self->session);
  identity = mc_signing_session_get_identity (round->session);
  round->signer = g_strdup (mc_certificate_get_subject_cn (mc_signing_identity_get_certificate (identity)));
  if (round->signer == NULL)
    round->signer = g_strdup (mc_signing_identity_get_label (identity));
  if (round->signer == NULL)
    round->signer = g_strdup ("");
  /* A private folder (0700) for the signed files until they are stored. */
  round->dir = g_dir_make_tmp ("motcua-sign-XXXXXX", &error);
  if (round->dir == NULL)
    {
      set_message (self, error->message);
      round_end (round);
      return;
    }
  round->items = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_sign_job_item_free);
  round->signed_files = g_ptr_array_new ();
  for (guint i = 0; i < round->files->len; i++)
    {
      McUnreadFile *file = g_ptr_array_index (round->files, i);
      g_autofree char *name = g_strdup_printf ("%" G_GINT64_FORMAT ".pdf", file->id);
      g_autofree char *output = g_build_filename (round->dir, name, NULL);

      g_ptr_array_add (round->items, mc_sign_job_item_new (file->path, output));
    }
  round->request = mc_sign_job_request_new ();
  round->request->layout = MC_SIGNATURE_LAYOUT_INVISIBLE;
  round->request->reason = g_strdup (_("Digital copy of the paper original"));
  mc_sign_job_run_async (round->session, round->items, round->request, NULL, NULL, self->cancellable,
                         signed_batch, round);
}

/**
 * mc_sign_queue_resume:
 * @self: a queue
 *
 * Looks in the store for copies waiting for the office's signature whose
 * text is read, and signs them with the session held, in the background.
 * Without a session they stay waiting and #McSignQueue:message says what
 * to do. Called after each file the OCR queue reads, and after a session
 * is given.
 */
void
mc_sign_queue_resume (McSignQueue *self)
{
  g_autoptr(GTask) task = NULL;
  Round *round;

  g_return_if_fail (MC_IS_SIGN_QUEUE (self));

  if (self->stopped || self->desk == NULL)
    return;
  if (self->running || self->held)
    {
      self->again = TRUE;
      return;
    }
  self->running = TRUE;
  update_busy (self);
  round = g_new0 (Round, 1);
  round->self = g_object_ref (self);
  round->desk = g_object_ref (self->desk);
  task = g_task_new (NULL, NULL, listed, round);
  g_task_set_task_data (task, round, NULL);
  g_task_run_in_thread (task, list_thread);
}

/* The token of the session held was pulled out: nothing more can be
 * signed with it. */
static void
token_removed (McSignQueue *self,
               McToken     *token)
{
  McToken *ours;

  if (self->session == NULL)
    return;
  ours = mc_signing_identity_get_token (mc_signing_session_get_identity (self->session));
  if (ours != NULL && mc_token_is_same (ours, token))
    {
      g_autofree char *waiting = self->n_waiting > 0 ? waiting_text (self->n_waiting) : NULL;
      g_autofree char *text = g_strdup_printf ("%s%s%s", _("The token was removed: its session is closed."),
                                               waiting != NULL ? " " : "", waiting != NULL ? waiting : "");

      mc_sign_queue_end_session (self, text);
    }
}

/**
 * mc_sign_queue_set_session:
 * @self: a queue
 * @session: a session the official opened with the PIN
 *
 * Holds @session for the day's copies, in place of any held before (that
 * one is closed), and signs what waits. The session is closed by
 * mc_sign_queue_end_session(): when the officer signs out, the desk
 * closes, or the token is pulled out.
 */
void
mc_sign_queue_set_session (McSignQueue      *self,
                           McSigningSession *session)
{
  g_return_if_fail (MC_IS_SIGN_QUEUE (self));
  g_return_if_fail (MC_IS_SIGNING_SESSION (session));

  if (self->session == session)
    return;
  if (self->session != NULL)
    mc_signing_session_close (self->session);
  g_set_object (&self->session, session);
  if (self->monitor == NULL)
    {
      self->monitor = mc_token_monitor_new (TOKEN_POLL_MS);
      g_signal_connect_object (self->monitor, "token-removed", G_CALLBACK (token_removed), self,
                               G_CONNECT_SWAPPED);
    }
  set_message (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
  mc_sign_queue_resume (self);
}

/**
 * mc_sign_queue_get_session:
 * @self: a queue
 *
 * Returns: (transfer none) (nullable): the session held, if it is still
 *   logged in
 */
McSigningSession *
mc_sign_queue_get_session (McSignQueue *self)
{
  g_return_val_if_fail (MC_IS_SIGN_QUEUE (self), NULL);

  if (self->session == NULL || !mc_signing_session_is_open (self->session))
    return NULL;
  return self->session;
}

/**
 * mc_sign_queue_end_session:
 * @self: a queue
 * @why: (nullable): what the official is told, or %NULL
 *
 * Logs the session held out of the token: the officer signed out, the
 * desk closes, or the token was pulled out. Copies not signed yet stay
 * waiting in the store, for the next session.
 */
void
mc_sign_queue_end_session (McSignQueue *self,
                           const char  *why)
{
  g_return_if_fail (MC_IS_SIGN_QUEUE (self));

  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_clear_object (&self->monitor);
    }
  if (self->session != NULL)
    {
      mc_signing_session_close (self->session);
      g_clear_object (&self->session);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
    }
  if (why != NULL)
    set_message (self, why);
}

/**
 * mc_sign_queue_stop:
 * @self: a queue
 *
 * Stops signing and closes the session, for closing the desk: what is not
 * signed yet stays waiting in the store for the next start.
 */
void
mc_sign_queue_stop (McSignQueue *self)
{
  g_return_if_fail (MC_IS_SIGN_QUEUE (self));

  self->stopped = TRUE;
  g_cancellable_cancel (self->cancellable);
  mc_sign_queue_end_session (self, NULL);
}

/**
 * mc_sign_queue_hold:
 * @self: a queue
 * @hold: whether the queue waits before its next round
 *
 * A gate for tests: while held, copies stay observably waiting; released,
 * the queue looks for them again.
 */
void
mc_sign_queue_hold (McSignQueue *self,
                    gboolean     hold)
{
  g_return_if_fail (MC_IS_SIGN_QUEUE (self));

  self->held = hold;
  if (!hold && self->again)
    {
      self->again = FALSE;
      mc_sign_queue_resume (self);
    }
}

gboolean
mc_sign_queue_get_busy (McSignQueue *self)
{
  g_return_val_if_fail (MC_IS_SIGN_QUEUE (self), FALSE);

  return self->busy;
}

/**
 * mc_sign_queue_get_n_waiting:
 * @self: a queue
 *
 * Returns: how many copies waited for the signature when the queue last
 *   looked, less those it signed since
 */
guint
mc_sign_queue_get_n_waiting (McSignQueue *self)
{
  g_return_val_if_fail (MC_IS_SIGN_QUEUE (self), 0);

  return self->n_waiting;
}

/**
 * mc_sign_queue_get_message:
 * @self: a queue
 *
 * Returns: (nullable): why copies wait and what to do, or %NULL
 */
const char *
mc_sign_queue_get_message (McSignQueue *self)
{
  g_return_val_if_fail (MC_IS_SIGN_QUEUE (self), NULL);

  return self->message;
}

static void
desk_gone (gpointer  data,
           GObject  *where_the_desk_was)
{
  McSignQueue *self = data;

  self->desk = NULL;
}

/**
 * mc_sign_queue_get_for_desk:
 * @desk: a desk
 *
 * The desk's one sign queue, made on the first call in the calling
 * thread's main context. It follows the desk's OCR queue: each file read
 * may be a copy to sign.
 *
 * Returns: (transfer none): the queue
 */
McSignQueue *
mc_sign_queue_get_for_desk (McDesk *desk)
{
  McSignQueue *self;

  g_return_val_if_fail (MC_IS_DESK (desk), NULL);

  self = g_object_get_data (G_OBJECT (desk), "mc-sign-queue");
  if (self != NULL)
    return self;
  self = g_object_new (MC_TYPE_SIGN_QUEUE, NULL);
  self->desk = desk;
  g_object_weak_ref (G_OBJECT (desk), desk_gone, self);
  g_object_set_data_full (G_OBJECT (desk), "mc-sign-queue", self, g_object_unref);
  g_signal_connect_object (mc_ocr_queue_get_for_desk (desk), "file-read", G_CALLBACK (mc_sign_queue_resume), self,
                           G_CONNECT_SWAPPED);
  return self;
}

static void
mc_sign_queue_dispose (GObject *object)
{
  McSignQueue *self = MC_SIGN_QUEUE (object);

  /* The session is never left logged in behind the queue. */
  mc_sign_queue_end_session (self, NULL);

  G_OBJECT_CLASS (mc_sign_queue_parent_class)->dispose (object);
}

static void
mc_sign_queue_finalize (GObject *object)
{
  McSignQueue *self = MC_SIGN_QUEUE (object);

  g_object_unref (self->cancellable);
  g_free (self->message);

  G_OBJECT_CLASS (mc_sign_queue_parent_class)->finalize (object);
}

static void
mc_sign_queue_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  McSignQueue *self = MC_SIGN_QUEUE (object);

  switch (prop_id)
    {
    case PROP_BUSY: g_value_set_boolean (value, self->busy); break;
    case PROP_N_WAITING: g_value_set_uint (value, self->n_waiting); break;
    case PROP_MESSAGE: g_value_set_string (value, self->message); break;
    case PROP_SESSION: g_value_set_object (value, mc_sign_queue_get_session (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_sign_queue_class_init (McSignQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mc_sign_queue_dispose;
  object_class->finalize = mc_sign_queue_finalize;
  object_class->get_property = mc_sign_queue_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_WAITING] =
    g_param_spec_uint ("n-waiting", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, MC_TYPE_SIGNING_SESSION,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * McSignQueue::copy-signed:
   * @code: the dossier
   * @component_code: the component whose copy is signed
   *
   * A copy is signed and its signed version recorded.
   */
  signals[COPY_SIGNED] = g_signal_new ("copy-signed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
mc_sign_queue_init (McSignQueue *self)
{
  self->cancellable = g_cancellable_new ();
}
