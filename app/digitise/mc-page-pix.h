/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Private to app/digitise: moving pages between our McScannedPage (what
 * SANE gives and the public API shows) and Leptonica's PIX (what the
 * cleaning and the encoders work on), and running work on several pages
 * at once. */
#pragma once

#include <leptonica/allheaders.h>

#include "mc-scanner.h"

G_BEGIN_DECLS

void           mc_pix_quiet      (void);
void           mc_pix_free       (PIX                 *pix);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PIX, mc_pix_free)

PIX           *mc_page_to_pix    (const McScannedPage *page);
PIX           *mc_page_to_grey_pix (const McScannedPage *page);
McScannedPage *mc_page_from_pix  (PIX                 *pix,
                                  guint                resolution);

PIX           *mc_pix_background_inverse (PIX *grey);
PIX           *mc_pix_threshold_normalised (PIX *grey,
                                            PIX *inverse,
                                            int  threshold);
double         mc_pix_midtone_fraction (PIX *grey,
                                        PIX *inverse,
                                        BOX *box);
PIX           *mc_pix_apply_background (PIX *grey,
                                        PIX *inverse);

/**
 * McPageEachFunc:
 * @index: the item to work on
 * @data: the data given to mc_page_each_parallel()
 */
typedef void (*McPageEachFunc) (guint    index,
                                gpointer data);

void           mc_page_each_parallel (guint           n,
                                      McPageEachFunc  func,
                                      gpointer        data);

G_END_DECLS
