/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The text of a stored PDF: pages that carry text keep it as it is, pages
 * that are only images are read with OCR and get a text layer under the
 * image, without the images being decoded and compressed again. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

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
