/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A batch row binds to these properties, so a status change redraws only
 * that row. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-sign-item.h"

struct _McSignItem
{
  GObject parent_instance;

  McSignTask task;
  McSignItemStatus status;
  char *message;
};

G_DEFINE_FINAL_TYPE (McSignItem, mc_sign_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_STATUS,
  PROP_STATUS_LABEL,
  PROP_ICON_NAME,
  PROP_MESSAGE,
  PROP_HAS_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
status_label (McSignItemStatus status)
{
  switch (status)
    {
    case MC_SIGN_ITEM_WAITING:
      return _("Waiting");
    case MC_SIGN_ITEM_SIGNING:
      return _("Signing…");
    case MC_SIGN_ITEM_RECORDING:
      return _("Recording…");
    case MC_SIGN_ITEM_DONE:
      return _("Signed");
    case MC_SIGN_ITEM_FAILED:
      return _("Failed");
    case MC_SIGN_ITEM_NOT_SIGNED:
      return _("Not signed");
    case MC_SIGN_ITEM_REFUSED:
      return _("Left out");
    default:
      g_return_val_if_reached ("");
    }
}

static const char *
status_icon (McSignItemStatus status)
{
  switch (status)
    {
    case MC_SIGN_ITEM_DONE:
      return "emblem-ok-symbolic";
    case MC_SIGN_ITEM_FAILED:
      return "dialog-error-symbolic";
    case MC_SIGN_ITEM_REFUSED:
    case MC_SIGN_ITEM_NOT_SIGNED:
      return "dialog-warning-symbolic";
    case MC_SIGN_ITEM_SIGNING:
    case MC_SIGN_ITEM_RECORDING:
      return "content-loading-symbolic";
    case MC_SIGN_ITEM_WAITING:
    default:
      return "document-edit-symbolic";
    }
}

static void
mc_sign_item_finalize (GObject *object)
{
  McSignItem *self = MC_SIGN_ITEM (object);

  g_free (self->task.dossier_code);
  g_free (self->task.applicant_name);
  g_free (self->task.file_name);
  g_free (self->task.input_sha256);
  g_clear_error (&self->task.refusal);
  g_free (self->message);

  G_OBJECT_CLASS (mc_sign_item_parent_class)->finalize (object);
}

static void
mc_sign_item_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  McSignItem *self = MC_SIGN_ITEM (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      /* A dossier left out as a whole has no file to name. */
      g_value_set_string (value, self->task.file_name != NULL ? self->task.file_name
                                 : self->task.applicant_name != NULL ? self->task.applicant_name
                                 : self->task.dossier_code);
      break;
    case PROP_SUBTITLE:
      if (self->task.applicant_name != NULL && self->task.file_name != NULL)
        g_value_take_string (value, g_strdup_printf ("%s · %s", self->task.dossier_code, self->task.applicant_name));
      else
        g_value_set_string (value, self->task.dossier_code);
      break;
    case PROP_STATUS:
      g_value_set_int (value, self->status);
      break;
    case PROP_STATUS_LABEL:
      g_value_set_string (value, status_label (self->status));
      break;
    case PROP_ICON_NAME:
      g_value_set_string (value, status_icon (self->status));
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message != NULL ? self->message : "");
      break;
    case PROP_HAS_MESSAGE:
      g_value_set_boolean (value, self->message != NULL && *self->message != '\0');
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_sign_item_class_init (McSignItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = mc_sign_item_finalize;
  object_class->get_property = mc_sign_item_get_property;

  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_SUBTITLE] = g_param_spec_string ("subtitle", NULL, NULL, NULL, flags);
  properties[PROP_STATUS] = g_param_spec_int ("status", NULL, NULL, MC_SIGN_ITEM_WAITING, MC_SIGN_ITEM_REFUSED,
                                              MC_SIGN_ITEM_WAITING, flags);
  properties[PROP_STATUS_LABEL] = g_param_spec_string ("status-label", NULL, NULL, NULL, flags);
  properties[PROP_ICON_NAME] = g_param_spec_string ("icon-name", NULL, NULL, NULL, flags);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, flags);
  properties[PROP_HAS_MESSAGE] = g_param_spec_boolean ("has-message", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mc_sign_item_init (McSignItem *self)
{
}

/**
 * mc_sign_item_new:
 * @task: a planned task (copied); one with a refusal starts as
 *   %MC_SIGN_ITEM_REFUSED with the refusal as its message
 *
 * Returns: (transfer full): the item
 */
McSignItem *
mc_sign_item_new (const McSignTask *task)
{
  McSignItem *self = g_object_new (MC_TYPE_SIGN_ITEM, NULL);

  g_return_val_if_fail (task != NULL, NULL);

  self->task.dossier_code = g_strdup (task->dossier_code);
  self->task.applicant_name = g_strdup (task->applicant_name);
  self->task.file_id = task->file_id;
  self->task.file_name = g_strdup (task->file_name);
  self->task.input_sha256 = g_strdup (task->input_sha256);
  if (task->refusal != NULL)
    {
      self->task.refusal = g_error_copy (task->refusal);
      self->status = MC_SIGN_ITEM_REFUSED;
      self->message = g_strdup (task->refusal->message);
    }

  return self;
}

const McSignTask *
mc_sign_item_get_task (McSignItem *self)
{
  g_return_val_if_fail (MC_IS_SIGN_ITEM (self), NULL);

  return &self->task;
}

McSignItemStatus
mc_sign_item_get_status (McSignItem *self)
{
  g_return_val_if_fail (MC_IS_SIGN_ITEM (self), MC_SIGN_ITEM_FAILED);

  return self->status;
}

const char *
mc_sign_item_get_message (McSignItem *self)
{
  g_return_val_if_fail (MC_IS_SIGN_ITEM (self), NULL);

  return self->message;
}

/**
 * mc_sign_item_set_status:
 * @self: an item
 * @status: where it is now
 * @message: (nullable): why, or what to know about it
 */
void
mc_sign_item_set_status (McSignItem       *self,
                         McSignItemStatus  status,
                         const char       *message)
{
  g_return_if_fail (MC_IS_SIGN_ITEM (self));

  if (self->status != status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_LABEL]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ICON_NAME]);
    }
  if (g_strcmp0 (self->message, message) != 0)
    {
      g_free (self->message);
      self->message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_MESSAGE]);
    }
}

/**
 * mc_sign_item_is_pending:
 * @self: an item
 *
 * Returns: %TRUE when a batch (or its resumption) should sign it
 */
gboolean
mc_sign_item_is_pending (McSignItem *self)
{
  g_return_val_if_fail (MC_IS_SIGN_ITEM (self), FALSE);

  return self->status == MC_SIGN_ITEM_WAITING || self->status == MC_SIGN_ITEM_SIGNING ||
         self->status == MC_SIGN_ITEM_NOT_SIGNED || self->status == MC_SIGN_ITEM_FAILED;
}
