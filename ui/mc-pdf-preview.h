/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A PDF opened with poppler for previews: page sizes, signature fields,
 * pages rendered off the main thread. */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

G_BEGIN_DECLS

#define MC_TYPE_PDF_PREVIEW (mc_pdf_preview_get_type ())
G_DECLARE_FINAL_TYPE (McPdfPreview, mc_pdf_preview, MC, PDF_PREVIEW, GObject)

void             mc_pdf_preview_open_async          (const char           *path,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
McPdfPreview    *mc_pdf_preview_open_finish         (GAsyncResult         *result,
                                                     GError              **error);
guint            mc_pdf_preview_get_n_pages         (McPdfPreview         *self);
gboolean         mc_pdf_preview_get_page_size       (McPdfPreview         *self,
                                                     guint                 page,
                                                     double               *width,
                                                     double               *height);
gboolean         mc_pdf_preview_find_last_signature (McPdfPreview         *self,
                                                     guint                *page,
                                                     double                rect[4]);
void             mc_pdf_preview_render_async        (McPdfPreview         *self,
                                                     guint                 page,
                                                     double                scale,
                                                     int                   device_scale,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
cairo_surface_t *mc_pdf_preview_render_finish       (McPdfPreview         *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

G_END_DECLS
