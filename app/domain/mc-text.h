/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Text helpers for search: folding (see mc-text-fold.h) and number parts. */
#pragma once

#include <glib.h>

#include "domain/mc-text-fold.h"

G_BEGIN_DECLS

char  *mc_text_digit_parts (const char *text,
                            guint       min_length);

G_END_DECLS
