/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Folding Vietnamese text for search and matching. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char  *mc_text_fold        (const char *text);
char  *mc_text_digit_parts (const char *text,
                            guint       min_length);

G_END_DECLS
