/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sidebar rows bind to these; the count label is a property so a refresh
 * only touches the rows whose count changed. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include "mc-queue-item.h"

struct _McQueueItem
{
  GObject parent_instance;

  const McQueueInfo *info;
  guint count;
};

G_DEFINE_FINAL_TYPE (McQueueItem, mc_queue_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_ICON_NAME,
  PROP_COUNT,
  PROP_COUNT_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
mc_queue_item_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  McQueueItem *self = MC_QUEUE_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->info->id); break;
    case PROP_TITLE: g_value_set_string (value, mc_queue_get_title (self->info)); break;
    case PROP_ICON_NAME: g_value_set_string (value, self->info->icon_name); break;
    case PROP_COUNT: g_value_set_uint (value, self->count); break;
    case PROP_COUNT_LABEL: g_value_take_string (value, g_strdup_printf ("%u", self->count)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_queue_item_class_init (McQueueItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->get_property = mc_queue_item_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_ICON_NAME] = g_param_spec_string ("icon-name", NULL, NULL, NULL, flags);
  properties[PROP_COUNT] = g_param_spec_uint ("count", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_COUNT_LABEL] = g_param_spec_string ("count-label", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mc_queue_item_init (McQueueItem *self)
{
}

McQueueItem *
mc_queue_item_new (const McQueueInfo *info)
{
  McQueueItem *self;

  g_return_val_if_fail (info != NULL, NULL);

  self = g_object_new (MC_TYPE_QUEUE_ITEM, NULL);
  self->info = info;

  return self;
}

const char *
mc_queue_item_get_id (McQueueItem *self)
{
  g_return_val_if_fail (MC_IS_QUEUE_ITEM (self), NULL);

  return self->info->id;
}

const char *
mc_queue_item_get_title (McQueueItem *self)
{
  g_return_val_if_fail (MC_IS_QUEUE_ITEM (self), NULL);

  return mc_queue_get_title (self->info);
}

guint
mc_queue_item_get_count (McQueueItem *self)
{
  g_return_val_if_fail (MC_IS_QUEUE_ITEM (self), 0);

  return self->count;
}

void
mc_queue_item_set_count (McQueueItem *self,
                         guint        count)
{
  g_return_if_fail (MC_IS_QUEUE_ITEM (self));

  if (self->count == count)
    return;

  self->count = count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT_LABEL]);
}
