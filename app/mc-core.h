/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What every program of ours does first: no core dumps, locale,
 * translations, a private umask. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void        mc_core_forbid_core_dumps (void);
void        mc_core_init          (void);
const char *mc_core_get_data_dir  (void);

G_END_DECLS
