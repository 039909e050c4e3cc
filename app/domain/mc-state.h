/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The national dossier status codes (1–10) shared with the portal, and the
 * Vietnam time zone every date on a slip or screen is shown in. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  MC_STATE_SUBMITTED = 1,
  MC_STATE_RECEIVED = 2,
  MC_STATE_REFUSED = 3,
  MC_STATE_PROCESSING = 4,
  MC_STATE_SUPPLEMENT = 5,
  MC_STATE_FEE_REQUESTED = 6,
  MC_STATE_WITHDRAWN = 7,
  MC_STATE_STOPPED = 8,
  MC_STATE_DONE = 9,
  MC_STATE_RETURNED = 10,
} McState;

#define MC_STATE_FIRST MC_STATE_SUBMITTED
#define MC_STATE_LAST MC_STATE_RETURNED

const char *mc_state_label        (int       state);
gboolean    mc_state_is_valid     (int       state);

GTimeZone  *mc_vietnam_time_zone  (void);
GDateTime  *mc_vietnam_from_unix  (gint64    unix_seconds);
char       *mc_format_date        (gint64    unix_seconds);
char       *mc_format_date_time   (gint64    unix_seconds);

G_END_DECLS
