/* SPDX-License-Identifier: GPL-3.0-or-later */
/* QR code images made at test time: libqrencode for the code, Leptonica for
 * the picture (plain, rotated and scaled, photo-like, transparent). */
#pragma once

#include <glib.h>
#include <leptonica/allheaders.h>

G_BEGIN_DECLS

PIX      *fixture_qr_pix          (const char *data,
                                   gsize       length,
                                   int         module_px);
PIX      *fixture_rotated_scaled  (PIX        *pix,
                                   float       degrees,
                                   float       scale);
PIX      *fixture_photo_like      (PIX        *pix);
PIX      *fixture_transparent     (PIX        *pix);
PIX      *fixture_side_by_side    (PIX        *left,
                                   PIX        *right);
void      fixture_write           (PIX        *pix,
                                   const char *path,
                                   int         format);
char     *fixture_tmpdir          (void);
void      fixture_rmdir           (const char *dir);

void      fixture_pix_free        (PIX        *pix);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PIX, fixture_pix_free)

G_END_DECLS
