/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Between the appearance and the signature update: turning an appearance
 * into the Form XObject of one update. */
#pragma once

#include "mc-pdf-private.h"
#include "mc-pdf-signer.h"

G_BEGIN_DECLS

/* Returns the /AP /N stream (in memory; objects it refers to are already
 * written to @up). @ap may be NULL: an empty box of @width × @height. */
McPdfObj *mc_pdf_appearance_build (McPdfAppearance *ap,
                                   McPdfUpdate     *up,
                                   int              rotate,
                                   double           width,
                                   double           height,
                                   GError         **error);

G_END_DECLS
