/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The whole way from pages to the file kept in the dossier: each page
 * cleaned, its text read, the PDF written with the text under the images,
 * made PDF/A-2b. And the small page edits the scan dialog offers. */
#pragma once

#include <gio/gio.h>

#include "digitise/mc-scanner.h"

G_BEGIN_DECLS

McScannedPage *mc_page_rotate      (const McScannedPage *page,
                                    int                  quarter_turns);
McScannedPage *mc_page_copy        (const McScannedPage *page);
GBytes        *mc_page_thumbnail   (const McScannedPage *page,
                                    guint                max_size,
                                    guint               *width,
                                    guint               *height);
gboolean       mc_digitise_write   (GPtrArray           *pages,
                                    gboolean             clean,
                                    gboolean             ocr,
                                    const char          *path,
                                    GCancellable        *cancellable,
                                    GError             **error);

G_END_DECLS
