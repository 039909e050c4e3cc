/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One document of a signing batch, as its row in the batch dialog shows
 * it. */
#pragma once

#include <glib-object.h>

#include "store/mc-result-ops.h"

G_BEGIN_DECLS

/**
 * McSignItemStatus:
 * @MC_SIGN_ITEM_WAITING: to be signed
 * @MC_SIGN_ITEM_SIGNING: being signed now
 * @MC_SIGN_ITEM_RECORDING: signed, being recorded in the dossier
 * @MC_SIGN_ITEM_DONE: signed and recorded
 * @MC_SIGN_ITEM_FAILED: signing or recording failed
 * @MC_SIGN_ITEM_NOT_SIGNED: the batch stopped before it (cancelled, token
 *   pulled out); untouched
 * @MC_SIGN_ITEM_REFUSED: not to be signed by this officer now
 */
typedef enum {
  MC_SIGN_ITEM_WAITING,
  MC_SIGN_ITEM_SIGNING,
  MC_SIGN_ITEM_RECORDING,
  MC_SIGN_ITEM_DONE,
  MC_SIGN_ITEM_FAILED,
  MC_SIGN_ITEM_NOT_SIGNED,
  MC_SIGN_ITEM_REFUSED,
} McSignItemStatus;

#define MC_TYPE_SIGN_ITEM (mc_sign_item_get_type ())
G_DECLARE_FINAL_TYPE (McSignItem, mc_sign_item, MC, SIGN_ITEM, GObject)

McSignItem        *mc_sign_item_new          (const McSignTask  *task);
const McSignTask  *mc_sign_item_get_task     (McSignItem        *self);
McSignItemStatus   mc_sign_item_get_status   (McSignItem        *self);
const char        *mc_sign_item_get_message  (McSignItem        *self);
void               mc_sign_item_set_status   (McSignItem        *self,
                                              McSignItemStatus   status,
                                              const char        *message);
gboolean           mc_sign_item_is_pending   (McSignItem        *self);

G_END_DECLS
