/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading the text of page images with Tesseract (Vietnamese and English),
 * word by word with their boxes, so the PDF can carry a text layer that
 * search and copy find under the image. */
#pragma once

#include <gio/gio.h>

#include "digitise/mc-scanner.h"

G_BEGIN_DECLS

/**
 * McOcrWord:
 * @text: the word, UTF-8, with its tones
 * @x0: left edge, in page pixels
 * @y0: top edge
 * @x1: right edge
 * @y1: bottom edge
 */
typedef struct {
  char *text;
  int   x0;
  int   y0;
  int   x1;
  int   y1;
} McOcrWord;

void       mc_ocr_word_free   (McOcrWord            *word);

GPtrArray *mc_page_ocr        (const McScannedPage  *page,
                               GCancellable         *cancellable,
                               GError              **error);
GPtrArray *mc_page_ocr_all    (GPtrArray            *pages,
                               guint                 n_workers,
                               GCancellable         *cancellable,
                               GError              **error);
void       mc_page_ocr_all_async  (GPtrArray           *pages,
                                   guint                n_workers,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
GPtrArray *mc_page_ocr_all_finish (GAsyncResult        *result,
                                   GError             **error);
gboolean   mc_page_detect_orientation (const McScannedPage  *page,
                                       int                  *quarter_turns,
                                       GError              **error);

G_END_DECLS
