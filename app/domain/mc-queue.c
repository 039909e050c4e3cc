/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The queues an official works from, in the order the sidebar shows them.
 * "Due soon" and "late" only apply while the clock runs (received,
 * processing, fee requested); a supplement request stops the clock. */
#define G_LOG_DOMAIN "motcua-domain"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-queue.h"

#define RUNNING "state IN (2, 4, 6)"

/* Per officer (?10, the one signed in): a leader approves and signs what
 * waits for a leader, unless it was handed to another leader by name; the
 * clerk seals what the leader signed. Nobody else signs. */
#define SIGNATURE \
  "state = 4 AND ((step IN ('leader', 'approved')" \
  " AND ?10 IN (SELECT login FROM officer WHERE role = 'leader')" \
  " AND (handler = ?10 OR handler NOT IN (SELECT login FROM officer WHERE role = 'leader')))" \
  " OR (step = 'signed' AND ?10 IN (SELECT login FROM officer WHERE role = 'clerk')))"

static const McQueueInfo queues[] = {
  { "all", N_("All dossiers"), "view-list-symbolic", "1" },
  { "new", N_("New online"), "mail-unread-symbolic", "state = 1" },
  { "received", N_("Received"), "document-open-symbolic", "state = 2" },
  { "processing", N_("Processing"), "emblem-synchronizing-symbolic", "state = 4" },
  { "signature", N_("For my signature"), "document-edit-symbolic", SIGNATURE },
  { "supplement", N_("Waiting for supplement"), "document-open-recent-symbolic", "state = 5" },
  { "ready", N_("Ready to return"), "emblem-ok-symbolic", "state = 9" },
  { "returned", N_("Returned"), "emblem-default-symbolic", "state = 10" },
  { "due-soon", N_("Due soon"), "appointment-soon-symbolic", RUNNING " AND due_at >= ?1 AND due_at < ?2" },
  { "late", N_("Late"), "appointment-missed-symbolic", RUNNING " AND due_at < ?1" },
};

const McQueueInfo *
mc_queue_get_all (guint *n_queues)
{
  g_return_val_if_fail (n_queues != NULL, NULL);

  *n_queues = G_N_ELEMENTS (queues);

  return queues;
}

const McQueueInfo *
mc_queue_lookup (const char *id)
{
  if (id == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (queues); i++)
    if (g_str_equal (queues[i].id, id))
      return &queues[i];

  return NULL;
}

const char *
mc_queue_get_title (const McQueueInfo *queue)
{
  g_return_val_if_fail (queue != NULL, NULL);

  return _(queue->title);
}
