/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The desk's audit checked against the central server's: the desk's
 * hash-chained log is intact, every audit-chain head the server recorded
 * with this desk's ops is an entry of that log, and the ops the server
 * recorded for this desk are the ones the desk sent, field by field. */
#pragma once

#include "mc-sync-client.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean agree;
  gboolean local_chain_ok;
  gint64 local_entries;   /* entries of the desk's audit log */
  guint server_ops;       /* ops the server recorded for this desk */
  guint local_sent;       /* ops this desk holds as applied by the server */
  guint unconfirmed;      /* ops still waiting here that the server already has */
  guint heads_checked;    /* distinct audit-chain heads the server recorded */
  guint divergences;      /* how many things differ */
  char *first_kind;       /* (nullable) local-chain, audit-head, op-differs, missing-on-server, unknown-to-desk */
  char *first_op_id;      /* (nullable) the op concerned */
  gint64 first_audit_seq; /* the audit entry concerned, 0 for none */
  char *first_message;    /* (nullable) what differs, for a person */
} McSyncAuditCheck;

void              mc_sync_audit_check_free    (McSyncAuditCheck  *check);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSyncAuditCheck, mc_sync_audit_check_free)

McSyncAuditCheck *mc_sync_client_audit_check  (McSyncClient      *self,
                                               GCancellable      *cancellable,
                                               GError           **error);

G_END_DECLS
