/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the files of McCalendar share: looking a day up with its warnings,
 * and the office sessions, so that the working-time arithmetic can live in
 * its own file. */
#pragma once

#include "mc-calendar.h"

G_BEGIN_DECLS

/* Warnings collected during one computation: unique, in the order met.
 * Both fields are NULL when the caller did not ask for warnings. */
typedef struct
{
  GPtrArray  *list;
  GHashTable *seen;
} McWarnings;

void       mc_warnings_init          (McWarnings  *warnings,
                                      char      ***out);
void       mc_warnings_take          (McWarnings  *warnings,
                                      char        *text);
void       mc_warnings_finish        (McWarnings  *warnings,
                                      char      ***out);

McDayKind  mc_calendar_lookup        (McCalendar  *self,
                                      const GDate *date,
                                      McDayInfo   *info,
                                      McWarnings  *warnings);
GArray    *mc_calendar_copy_sessions (McCalendar  *self);

G_END_DECLS
