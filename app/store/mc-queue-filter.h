/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The instant queues are judged at and what narrows a queue: plain values
 * the front ends hand to the desk's queries and list model. */
#pragma once

#include "domain/calendar/mc-calendar.h"
#include "domain/mc-queue.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 now;
  gint64 soon;
  /* Interned login of the officer whose queues these are, or NULL. */
  const char *officer;
} McQueueClock;

/* Narrows a queue; every member is optional (NULL or 0). */
typedef struct
{
  char *procedure_code;
  char *field;
  char *officer;
  gint64 received_from;
  gint64 received_until;
} McQueueFilter;

void      mc_queue_clock_init            (McQueueClock        *clock,
                                          gint64               now,
                                          McCalendar          *calendar);
void      mc_queue_filter_clear          (McQueueFilter       *filter);
void      mc_queue_filter_copy           (McQueueFilter       *to,
                                          const McQueueFilter *from);
gboolean  mc_queue_filter_is_empty       (const McQueueFilter *filter);

G_END_DECLS
