/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The audit check. The server's records come page by page from
 * GET /v1/audit (docs/central-api.md); the desk's from its store. Every
 * difference is counted; the one reported first is the earliest in the
 * desk's terms: a break in its own log, then the lowest audit entry the
 * server disagrees with, then the op earliest in the desk's outbox (ops
 * the desk never made after those, by the time the server says they were
 * taken). */
#define G_LOG_DOMAIN "motcua-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "mc-sync-audit-check.h"
#include "mc-sync-client-private.h"
#include "store/mc-desk-records.h"
#include "store/mc-sync-audit.h"

#define PAGE 500

void
mc_sync_audit_check_free (McSyncAuditCheck *check)
{
  if (check == NULL)
    return;
  g_free (check->first_kind);
  g_free (check->first_op_id);
  g_free (check->first_message);
  g_free (check);
}

typedef struct
{
  McSyncAuditCheck *check;
  int rank_class;          /* 0 own log, 1 audit heads, 2 ops */
  gint64 rank_key;
} Findings;

/* Counts a difference and keeps it when it comes before the one kept. */
static void
found (Findings   *findings,
       int         rank_class,
       gint64      rank_key,
       const char *kind,
       const char *op_id,
       gint64      audit_seq,
       char       *message)
{
  McSyncAuditCheck *check = findings->check;

  check->divergences++;
  check->agree = FALSE;
  if (check->first_kind != NULL &&
      (rank_class > findings->rank_class ||
       (rank_class == findings->rank_class && rank_key >= findings->rank_key)))
    {
      g_free (message);
      return;
    }
  findings->rank_class = rank_class;
  findings->rank_key = rank_key;
  g_free (check->first_kind);
  check->first_kind = g_strdup (kind);
  g_free (check->first_op_id);
  check->first_op_id = g_strdup (op_id);
  check->first_audit_seq = audit_seq;
  g_free (check->first_message);
  check->first_message = message;
}

/* The first field of an op that differs between the two sides, or NULL. */
static const char *
differing_field (McSyncSentOp *local,
                 JsonObject   *server)
{
  g_autoptr(JsonNode) payload = json_from_string (local->payload, NULL);
  JsonObject *local_payload = payload != NULL && JSON_NODE_HOLDS_OBJECT (payload)
    ? json_node_get_object (payload) : NULL;
  const char *officer = local_payload != NULL
    ? json_object_get_string_member_with_default (local_payload, "officer", NULL) : NULL;
  JsonNode *server_payload = json_object_get_member (server, "payload");
  JsonNode *server_officer = json_object_get_member (server, "officer");
  JsonNode *taken = json_object_get_member (server, "taken_at");

  if (g_strcmp0 (local->dossier_code, json_object_get_string_member_with_default (server, "dossier_code", NULL)) != 0)
    return "dossier_code";
  if (g_strcmp0 (local->type, json_object_get_string_member_with_default (server, "type", NULL)) != 0)
    return "type";
  if (taken == NULL || json_node_get_value_type (taken) != G_TYPE_INT64 || json_node_get_int (taken) != local->at)
    return "taken_at";
  if (g_strcmp0 (officer, server_officer != NULL && JSON_NODE_HOLDS_VALUE (server_officer)
                            ? json_node_get_string (server_officer) : NULL) != 0)
    return "officer";
  if (payload == NULL || server_payload == NULL || !json_node_equal (payload, server_payload))
    return "payload";

  return NULL;
}

static void
check_op (Findings    *findings,
          GHashTable  *outbox,
          GHashTable  *seen,
          GHashTable  *heads,
          JsonObject  *server)
{
  McSyncAuditCheck *check = findings->check;
  const char *op_id = json_object_get_string_member_with_default (server, "op_id", "");
  const char *code = json_object_get_string_member_with_default (server, "dossier_code", "");
  const char *type = json_object_get_string_member_with_default (server, "type", "");
  JsonNode *head = json_object_get_member (server, "audit_head");
  McSyncSentOp *local = g_hash_table_lookup (outbox, op_id);
  const char *field;

  check->server_ops++;
  if (head != NULL && JSON_NODE_HOLDS_OBJECT (head))
    {
      JsonObject *h = json_node_get_object (head);
      gint64 seq = json_object_get_int_member_with_default (h, "seq", 0);
      const char *hash = json_object_get_string_member_with_default (h, "hash", "");
      const char *known = g_hash_table_lookup (heads, &seq);

      if (known == NULL)
        {
          gint64 *key = g_new (gint64, 1);

          *key = seq;
          g_hash_table_insert (heads, key, g_strdup (hash));
        }
      else if (!g_str_equal (known, hash))
        found (findings, 1, seq, "audit-head", op_id, seq,
               g_strdup_printf (_("The central server recorded two different hashes for entry %lld of this desk’s audit log."),
                                (long long) seq));
    }

  if (local == NULL)
    {
      gint64 taken = json_object_get_int_member_with_default (server, "taken_at", 0);

      found (findings, 2, G_MAXINT64 / 2 + taken / 2, "unknown-to-desk", op_id, 0,
             g_strdup_printf (_("The central server records op %s (%s on %s) from this desk, which this desk never made."),
                              op_id, type, code));
      return;
    }
  g_hash_table_add (seen, local->op_id);
  if (g_str_equal (local->status, "pending"))
    check->unconfirmed++;
  else if (!g_str_equal (local->status, "applied") && !g_str_equal (local->status, "duplicate"))
    {
      found (findings, 2, local->seq, "op-differs", op_id, 0,
             g_strdup_printf (_("The central server records op %s (%s on %s) as applied; this desk holds it as “%s”."),
                              op_id, local->type, local->dossier_code, local->status));
      return;
    }
  field = differing_field (local, server);
  if (field != NULL)
    found (findings, 2, local->seq, "op-differs", op_id, 0,
           g_strdup_printf (_("Op %s (%s on %s): the central server’s record differs from this desk’s in “%s”."),
                            op_id, local->type, local->dossier_code, field));
}

static gboolean
check_heads (Findings    *findings,
             McDesk      *desk,
             GHashTable  *heads,
             GError     **error)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, heads);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 seq = *(gint64 *) key;
      g_autoptr(GError) local_error = NULL;
      g_autofree char *hash = mc_desk_sync_audit_hash_at (desk, seq, &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      findings->check->heads_checked++;
      if (hash == NULL)
        found (findings, 1, seq, "audit-head", NULL, seq,
               g_strdup_printf (_("The central server recorded entry %lld of this desk’s audit log, which the log no longer has (entries removed, or a store restored from an older copy)."),
                                (long long) seq));
      else if (!g_str_equal (hash, value))
        found (findings, 1, seq, "audit-head", NULL, seq,
               g_strdup_printf (_("Entry %lld of this desk’s audit log is not the one the central server recorded (%.12s… there, %.12s… here)."),
                                (long long) seq, (const char *) value, hash));
    }

  return TRUE;
}

static McSyncAuditCheck *
audit_check (McSyncRun     *run,
             GError       **error)
{
  McDesk *desk = mc_sync_run_get_desk (run);
  g_autoptr(McSyncAuditCheck) check = g_new0 (McSyncAuditCheck, 1);
  g_autoptr(GHashTable) outbox = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) heads = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autofree char *after = NULL;
  McAuditReport own = { 0 };
  Findings findings = { check, 0, 0 };
  GHashTableIter iter;
  gpointer value;

  check->agree = TRUE;
  if (!mc_desk_verify_audit (desk, &own, error))
    return NULL;
  check->local_entries = own.n_entries;
  check->local_chain_ok = own.problem == NULL;
  if (own.problem != NULL)
    found (&findings, 0, own.first_bad_seq, "local-chain", NULL, own.first_bad_seq,
           g_strdup_printf (_("This desk’s audit log is broken: %s"), own.problem));
  mc_audit_report_clear (&own);

  outbox = mc_desk_sync_outbox_ops (desk, error);
  if (outbox == NULL)
    return NULL;

  for (;;)
    {
      g_autofree char *path = after != NULL
        ? g_strdup_printf ("/v1/audit?limit=%d&after=%s", PAGE, after)
        : g_strdup_printf ("/v1/audit?limit=%d", PAGE);
      g_autoptr(JsonNode) page = mc_sync_run_get_json (run, path, _("Reading the central server’s audit"), error);
      JsonObject *o;
      JsonNode *ops;
      const char *next;

      if (page == NULL)
        return NULL;
      o = json_node_get_object (page);
      ops = json_object_get_member (o, "ops");
      if (ops == NULL || !JSON_NODE_HOLDS_ARRAY (ops))
        {
          g_set_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_PROTOCOL,
                       _("The central server’s audit has no list of ops."));
          return NULL;
        }
      for (guint i = 0; i < json_array_get_length (json_node_get_array (ops)); i++)
        {
          JsonObject *record = json_array_get_object_element (json_node_get_array (ops), i);

          if (record != NULL)
            check_op (&findings, outbox, seen, heads, record);
        }
      next = json_object_get_string_member_with_default (o, "next", NULL);
      if (!json_object_get_boolean_member_with_default (o, "has_more", FALSE) || next == NULL ||
          g_strcmp0 (next, after) == 0)
        break;
      g_free (after);
      after = g_strdup (next);
    }

  if (!check_heads (&findings, desk, heads, error))
    return NULL;

  g_hash_table_iter_init (&iter, outbox);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      McSyncSentOp *op = value;

      if (!g_str_equal (op->status, "applied") && !g_str_equal (op->status, "duplicate"))
        continue;
      check->local_sent++;
      if (!g_hash_table_contains (seen, op->op_id))
        found (&findings, 2, op->seq, "missing-on-server", op->op_id, 0,
               g_strdup_printf (_("Op %s (%s on %s) was applied by the central server, this desk says, but the server has no record of it."),
                                op->op_id, op->type, op->dossier_code));
    }

  return g_steal_pointer (&check);
}

/**
 * mc_sync_client_audit_check:
 * @self: a client
 * @cancellable: (nullable): stops between requests
 * @error: where to put a failure to check (not a difference found)
 *
 * Compares the desk's audit with what the central server recorded for
 * this desk. Blocking: call it from a worker thread or a command.
 *
 * Returns: (transfer full): what was found, or %NULL when the check could
 *   not be made
 */
McSyncAuditCheck *
mc_sync_client_audit_check (McSyncClient  *self,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(McSyncRun) run = NULL;

  g_return_val_if_fail (MC_IS_SYNC_CLIENT (self), NULL);

  run = mc_sync_run_open (self, cancellable, error);
  if (run == NULL)
    return NULL;

  return audit_check (run, error);
}
