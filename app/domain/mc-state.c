/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Labels of the national status codes and dates in Vietnam time. Vietnam has
 * kept UTC+7 without daylight saving since 1975, so a fixed offset is right
 * and needs no tzdata. */
#define G_LOG_DOMAIN "motcua-domain"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-state.h"

gboolean
mc_state_is_valid (int state)
{
  return state >= MC_STATE_FIRST && state <= MC_STATE_LAST;
}

/**
 * mc_state_label:
 * @state: a national status code
 *
 * Returns: the translated name of @state, or "Unknown state"
 */
const char *
mc_state_label (int state)
{
  switch ((McState) state)
    {
    case MC_STATE_SUBMITTED: return _("Submitted");
    case MC_STATE_RECEIVED: return _("Received");
    case MC_STATE_REFUSED: return _("Refused");
    case MC_STATE_PROCESSING: return _("Processing");
    case MC_STATE_SUPPLEMENT: return _("Supplement requested");
    case MC_STATE_FEE_REQUESTED: return _("Fee requested");
    case MC_STATE_WITHDRAWN: return _("Withdrawn");
    case MC_STATE_STOPPED: return _("Processing stopped");
    case MC_STATE_DONE: return _("Result ready");
    case MC_STATE_RETURNED: return _("Result returned");
    default: return _("Unknown state");
    }
}

GTimeZone *
mc_vietnam_time_zone (void)
{
  static gsize tz;

  if (g_once_init_enter (&tz))
    g_once_init_leave (&tz, (gsize) g_time_zone_new_offset (7 * 3600));

  return (GTimeZone *) tz;
}

GDateTime *
mc_vietnam_from_unix (gint64 unix_seconds)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_seconds);

  return g_date_time_to_timezone (utc, mc_vietnam_time_zone ());
}

char *
mc_format_date (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = mc_vietnam_from_unix (unix_seconds);

  return g_date_time_format (dt, "%d/%m/%Y");
}

char *
mc_format_date_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = mc_vietnam_from_unix (unix_seconds);

  return g_date_time_format (dt, "%H:%M %d/%m/%Y");
}
