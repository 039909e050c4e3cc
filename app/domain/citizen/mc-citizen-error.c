/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The quark of the citizens' identity error domain. */
#define G_LOG_DOMAIN "motcua-citizen"

#include "config.h"

#include "mc-citizen-error.h"

G_DEFINE_QUARK (mc-citizen-error-quark, mc_citizen_error)
