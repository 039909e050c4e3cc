/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the audit check (sync/, `motcua-cli sync audit-check`) reads from
 * the desk's store: the audit chain's head sent with each batch of ops, the
 * hash of one entry of the chain, and the ops this desk sent, to compare
 * with what the central server recorded for this desk. */
#pragma once

#include "mc-desk.h"

G_BEGIN_DECLS

/* One op of the outbox the server has answered, or may have. */
typedef struct
{
  gint64 seq;
  char *op_id;
  char *dossier_code;
  char *type;
  char *payload;          /* JSON text */
  gint64 at;
  char *status;           /* pending, applied, duplicate, conflict, rejected */
} McSyncSentOp;

void mc_sync_sent_op_free (McSyncSentOp *op);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSyncSentOp, mc_sync_sent_op_free)

gboolean    mc_desk_sync_audit_head      (McDesk   *self,
                                          gint64   *seq,
                                          char    **hash,
                                          GError  **error);
char       *mc_desk_sync_audit_hash_at   (McDesk   *self,
                                          gint64    seq,
                                          GError  **error);
GHashTable *mc_desk_sync_outbox_ops      (McDesk   *self,
                                          GError  **error);

G_END_DECLS
