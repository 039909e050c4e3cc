/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Between the PAdES signer and the Decree 30/2020 appearances: where a
 * layout goes on a page and what it shows, drawn into a small PDF and
 * handed to the PDF writer. */
#pragma once

#include "mc-pades-signer.h"
#include "mc-pdf-signer.h"

G_BEGIN_DECLS

/* Text printed into signed documents, and the zone of its times. */
GTimeZone       *mc_signature_appearance_time_zone (void);

/* Draws the appearance of @request on @page. Returns %NULL without an
 * error for an invisible signature. @user_rect gets the widget's
 * rectangle in the page's default user space (zeros when invisible). */
McPdfAppearance *mc_signature_appearance_new       (const McSignRequest *request,
                                                    McPdfPage           *page,
                                                    const char          *signer_name,
                                                    const char          *organisation,
                                                    GDateTime           *time,
                                                    double               user_rect[4],
                                                    GError             **error);

/* The physical size of a PNG in points, from its pHYs chunk (300 dpi when
 * it has none). */
gboolean         mc_signature_png_size             (const char          *path,
                                                    int                  pixel_width,
                                                    int                  pixel_height,
                                                    double              *width_pt,
                                                    double              *height_pt);

G_END_DECLS
