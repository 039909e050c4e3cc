/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Page images into a PDF: each page at its scanned size, colour and grey
 * pages as JPEG, black-and-white pages as CCITT G4, and loading pages from
 * image files (phone photos, earlier scans) to feed it. */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "digitise/mc-scanner.h"

G_BEGIN_DECLS

#define MC_PAGE_ERROR (mc_page_error_quark ())

/**
 * McPageError:
 * @MC_PAGE_ERROR_UNREADABLE: an input file cannot be read or is not an
 *   image we know
 * @MC_PAGE_ERROR_ENCODE: a page could not be compressed
 * @MC_PAGE_ERROR_WRITE: the PDF could not be written
 * @MC_PAGE_ERROR_OCR: text recognition is missing or failed
 */
typedef enum {
  MC_PAGE_ERROR_UNREADABLE,
  MC_PAGE_ERROR_ENCODE,
  MC_PAGE_ERROR_WRITE,
  MC_PAGE_ERROR_OCR,
} McPageError;

GQuark         mc_page_error_quark   (void);

McScannedPage *mc_page_load_file     (const char    *path,
                                      GError       **error);
GPtrArray     *mc_page_load_files    (const char * const *paths,
                                      GError       **error);
gboolean       mc_page_pdf_write     (GPtrArray     *pages,
                                      const char    *path,
                                      GCancellable  *cancellable,
                                      GError       **error);
gboolean       mc_page_pdf_write_with_text (GPtrArray     *pages,
                                            GPtrArray     *texts,
                                            const char    *path,
                                            GCancellable  *cancellable,
                                            GError       **error);
void           mc_page_pdf_draw_words (cairo_t       *cr,
                                       GPtrArray     *words);

G_END_DECLS
