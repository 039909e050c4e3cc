/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The text of a stored PDF: pages that carry text keep it as it is, pages
 * that are only images are read with OCR and get a text layer under the
 * image, without the images being decoded and compressed again. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * McPdfPageRef:
 * @path: a PDF file
 * @index: one of its pages, from 0
 * @quarter_turns: clockwise quarter turns to apply, 0 to 3
 *
 * A page of an imported PDF kept as it is (its text with it).
 */
typedef struct
{
  char *path;
  int   index;
  int   quarter_turns;
} McPdfPageRef;

McPdfPageRef *mc_pdf_page_ref_new  (const char    *path,
                                    int            index);
void          mc_pdf_page_ref_free (McPdfPageRef  *ref);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McPdfPageRef, mc_pdf_page_ref_free)

gboolean  mc_pdf_write_mixed    (GPtrArray     *pages,
                                 GPtrArray     *refs,
                                 gboolean       clean,
                                 gboolean       ocr,
                                 const char    *path,
                                 GCancellable  *cancellable,
                                 GError       **error);

gboolean  mc_pdf_page_has_text  (const char    *path,
                                 int            index,
                                 GError       **error);
gboolean  mc_pdf_text_read      (const char    *path,
                                 const char    *out_path,
                                 char         **text,
                                 guint         *n_read,
                                 GCancellable  *cancellable,
                                 GError       **error);

G_END_DECLS
