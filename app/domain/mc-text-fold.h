/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Vietnamese text folding for search and matching: two spellings a person
 * would call the same (case, tones, diacritics, đ/d, both tone placements
 * "hòa"/"hoà", NFC or NFD input, extra spaces) fold to the same key. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *mc_text_fold        (const char *utf8);
gboolean  mc_text_fold_equal  (const char *a,
                               const char *b);

G_END_DECLS
