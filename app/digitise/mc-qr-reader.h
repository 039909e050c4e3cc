/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading QR codes from an image: a photo or scan of an identity card, a
 * screenshot. Returns the text of each code found; what the text means is
 * for the caller (mc_cccd_qr_parse() for a chip card). */
#pragma once

#include <gio/gio.h>

#include "digitise/mc-scanner.h"

G_BEGIN_DECLS

#define MC_QR_READER_ERROR (mc_qr_reader_error_quark ())

/**
 * McQrReaderError:
 * @MC_QR_READER_ERROR_UNREADABLE: the file cannot be opened or read
 * @MC_QR_READER_ERROR_NOT_AN_IMAGE: the data is not an image format we read,
 *   or the image is damaged
 * @MC_QR_READER_ERROR_NO_CODE: the image holds no QR code we could decode
 * @MC_QR_READER_ERROR_NOT_TEXT: the QR code holds binary data, not UTF-8 text
 */
typedef enum {
  MC_QR_READER_ERROR_UNREADABLE,
  MC_QR_READER_ERROR_NOT_AN_IMAGE,
  MC_QR_READER_ERROR_NO_CODE,
  MC_QR_READER_ERROR_NOT_TEXT,
} McQrReaderError;

GQuark  mc_qr_reader_error_quark  (void);

GStrv   mc_qr_read_image_bytes    (GBytes               *image,
                                   GCancellable         *cancellable,
                                   GError              **error);
GStrv   mc_qr_read_page           (const McScannedPage  *page,
                                   GCancellable         *cancellable,
                                   GError              **error);
GStrv   mc_qr_read_image_sync     (const char           *path,
                                   GCancellable         *cancellable,
                                   GError              **error);
void    mc_qr_read_image_async    (const char           *path,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data);
GStrv   mc_qr_read_image_finish   (GAsyncResult         *result,
                                   GError              **error);

G_END_DECLS
