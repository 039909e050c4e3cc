/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The work queues of the desk: each is a named filter over dossiers. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *id;
  const char *title;
  const char *icon_name;
  /* A fixed SQL condition over the dossier table; ?1 is now, ?2 is the end
   * of the "due soon" window (both Unix seconds), ?10 the login of the
   * officer who looks (NULL: nobody). Never built from input. */
  const char *condition;
} McQueueInfo;

const McQueueInfo *mc_queue_get_all    (guint       *n_queues);
const McQueueInfo *mc_queue_lookup     (const char  *id);
const char        *mc_queue_get_title  (const McQueueInfo *queue);

G_END_DECLS
