/* SPDX-License-Identifier: GPL-3.0-or-later */
/* QR codes from image files: Leptonica reads the image (PNG, JPEG, TIFF,
 * BMP, PNM, WebP… as built) and turns it into 8-bit grey, zbar finds and
 * decodes the codes. A photo taken at the desk is often too large, too
 * small, noisy or unevenly lit, so when the plain grey image gives nothing
 * a few cheap variants are tried (smoothed, scaled, binarised by local
 * threshold) before giving up. zbar is asked for the raw bytes (no guessing
 * of Shift-JIS or Latin-1, which garbles Vietnamese) and we require UTF-8. */
#define G_LOG_DOMAIN "motcua-digitise"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <leptonica/allheaders.h>
#include <zbar.h>

#include "mc-page-pix.h"
#include "mc-qr-reader.h"

G_DEFINE_QUARK (mc-qr-reader-error-quark, mc_qr_reader_error)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (zbar_image_scanner_t, zbar_image_scanner_destroy)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (zbar_image_t, zbar_image_destroy)

typedef enum {
  SCAN_FOUND,
  SCAN_NOTHING,
  SCAN_NOT_TEXT,
} ScanResult;

/* Scans one 8-bit grey image; on SCAN_FOUND, @texts has the payloads. */
static ScanResult
scan_grey (PIX        *grey,
           GPtrArray  *texts)
{
  g_autoptr(zbar_image_scanner_t) scanner = zbar_image_scanner_create ();
  g_autoptr(zbar_image_t) image = zbar_image_create ();
  l_int32 width = pixGetWidth (grey);
  l_int32 height = pixGetHeight (grey);
  l_int32 wpl = pixGetWpl (grey);
  l_uint32 *data = pixGetData (grey);
  g_autofree guint8 *bytes = NULL;
  ScanResult result = SCAN_NOTHING;

  g_assert (pixGetDepth (grey) == 8);

  /* Leptonica packs pixels in 32-bit words in native order; zbar wants one
   * byte per pixel, row after row. */
  bytes = g_malloc ((gsize) width * (gsize) height);
  for (l_int32 y = 0; y < height; y++)
    {
      l_uint32 *line = data + (gsize) y * (gsize) wpl;

      for (l_int32 x = 0; x < width; x++)
        bytes[(gsize) y * (gsize) width + (gsize) x] = (guint8) GET_DATA_BYTE (line, x);
    }

  zbar_image_scanner_set_config (scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
  zbar_image_scanner_set_config (scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
  zbar_image_scanner_set_config (scanner, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1);

  zbar_image_set_format (image, zbar_fourcc ('Y', '8', '0', '0'));
  zbar_image_set_size (image, (unsigned) width, (unsigned) height);
  zbar_image_set_data (image, bytes, (unsigned long) width * (unsigned long) height, NULL);

  if (zbar_scan_image (scanner, image) <= 0)
    return SCAN_NOTHING;

  for (const zbar_symbol_t *symbol = zbar_image_first_symbol (image);
       symbol != NULL;
       symbol = zbar_symbol_next (symbol))
    {
      const char *payload = zbar_symbol_get_data (symbol);
      unsigned int length = zbar_symbol_get_data_length (symbol);

      if (zbar_symbol_get_type (symbol) != ZBAR_QRCODE)
        continue;

      if (!g_utf8_validate_len (payload, length, NULL))
        {
          if (result != SCAN_FOUND)
            result = SCAN_NOT_TEXT;
          continue;
        }

      g_ptr_array_add (texts, g_strndup (payload, length));
      result = SCAN_FOUND;
    }

  return result;
}

static PIX *
to_grey (PIX *pix)
{
  g_autoptr(PIX) opaque = NULL;

  /* A transparent background (screenshots, generated codes) would turn
   * black: lay the image on white first. */
  if (pixGetDepth (pix) == 32 && pixGetSpp (pix) == 4)
    {
      opaque = pixAlphaBlendUniform (pix, 0xffffff00);
      if (opaque == NULL)
        return NULL;
      pix = opaque;
    }

  return pixConvertTo8 (pix, 0);
}

typedef PIX *(*VariantFunc) (PIX *grey);

static PIX *
variant_smoothed (PIX *grey)
{
  return pixBlockconv (grey, 1, 1);
}

static PIX *
variant_local_threshold (PIX *grey)
{
  g_autoptr(PIX) binary = NULL;

  if (pixSauvolaBinarize (grey, 16, 0.34f, 1, NULL, NULL, NULL, &binary) != 0 || binary == NULL)
    return NULL;

  return pixConvertTo8 (binary, 0);
}

static PIX *
variant_fit (PIX *grey)
{
  l_int32 largest = MAX (pixGetWidth (grey), pixGetHeight (grey));
  l_int32 smallest = MIN (pixGetWidth (grey), pixGetHeight (grey));

  if (largest > 1600)
    return pixScale (grey, 1200.0f / (float) largest, 1200.0f / (float) largest);
  if (smallest < 400)
    return pixScale (grey, 3.0f, 3.0f);

  return NULL;
}

static PIX *
variant_fit_smoothed (PIX *grey)
{
  g_autoptr(PIX) fitted = variant_fit (grey);

  return variant_smoothed (fitted != NULL ? fitted : grey);
}

static const VariantFunc variants[] = {
  variant_smoothed,
  variant_local_threshold,
  variant_fit,
  variant_fit_smoothed,
};

/* Every QR code in @grey: the plain image first, then the variants. */
static GStrv
read_grey (PIX           *grey,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GPtrArray) texts = NULL;
  ScanResult result;

  texts = g_ptr_array_new_with_free_func (g_free);
  result = scan_grey (grey, texts);

  for (guint i = 0; i < G_N_ELEMENTS (variants) && result != SCAN_FOUND; i++)
    {
      g_autoptr(PIX) variant = NULL;
      ScanResult variant_result;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      variant = variants[i] (grey);
      if (variant == NULL)
        continue;
      variant_result = scan_grey (variant, texts);
      if (variant_result != SCAN_NOTHING)
        result = variant_result;
      g_debug ("QR variant %u: %s", i, result == SCAN_FOUND ? "found" : "nothing");
    }

  if (result == SCAN_NOT_TEXT)
    {
      g_set_error_literal (error, MC_QR_READER_ERROR, MC_QR_READER_ERROR_NOT_TEXT,
                           _("The QR code in the image holds binary data, not text, "
                             "so it is not the code of an identity card."));
      return NULL;
    }
  if (result == SCAN_NOTHING)
    {
      g_set_error_literal (error, MC_QR_READER_ERROR, MC_QR_READER_ERROR_NO_CODE,
                           _("No QR code was found in the image. Take a sharper photo with the whole "
                             "code in view, or type the details by hand."));
      return NULL;
    }

  g_ptr_array_add (texts, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&texts), FALSE);
}

/**
 * mc_qr_read_page:
 * @page: a scanned page (an identity card on the flatbed, a form with a code)
 * @cancellable: (nullable): a cancellable
 * @error: where to put a failure
 *
 * Decodes every QR code on @page, as mc_qr_read_image_bytes() does for an
 * image file.
 *
 * Returns: (transfer full) (nullable): the texts of the codes found (at
 *   least one), or %NULL with @error set
 */
GStrv
mc_qr_read_page (const McScannedPage  *page,
                 GCancellable         *cancellable,
                 GError              **error)
{
  g_autoptr(PIX) pix = NULL;
  g_autoptr(PIX) grey = NULL;

  g_return_val_if_fail (page != NULL, NULL);

  pix = mc_page_to_pix (page);
  /* Lineart pages are 1 bit, black set. */
  grey = pixGetDepth (pix) == 1 ? pixConvert1To8 (NULL, pix, 255, 0) : to_grey (pix);
  if (grey == NULL)
    {
      g_set_error_literal (error, MC_QR_READER_ERROR, MC_QR_READER_ERROR_NOT_AN_IMAGE,
                           _("The image is damaged and cannot be read. Take the photo or scan again."));
      return NULL;
    }
  return read_grey (grey, cancellable, error);
}

/**
 * mc_qr_read_image_bytes:
 * @image: the contents of an image file
 * @cancellable: (nullable): a cancellable
 * @error: where to put a failure
 *
 * Decodes every QR code in @image.
 *
 * Returns: (transfer full) (nullable): the texts of the codes found (at
 *   least one), or %NULL with @error set
 */
GStrv
mc_qr_read_image_bytes (GBytes        *image,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(PIX) pix = NULL;
  g_autoptr(PIX) grey = NULL;
  gsize size;
  const guint8 *data;
  l_int32 format = IFF_UNKNOWN;

  g_return_val_if_fail (image != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (image, &size);
  if (size < 12 || findFileFormatBuffer (data, &format) != 0 || format == IFF_UNKNOWN)
    {
      g_set_error_literal (error, MC_QR_READER_ERROR, MC_QR_READER_ERROR_NOT_AN_IMAGE,
                           _("The file is not an image (PNG, JPEG, TIFF, BMP…). "
                             "Choose a photo or scan of the card."));
      return NULL;
    }

  pix = pixReadMem (data, size);
  if (pix != NULL)
    grey = to_grey (pix);
  if (grey == NULL)
    {
      g_set_error_literal (error, MC_QR_READER_ERROR, MC_QR_READER_ERROR_NOT_AN_IMAGE,
                           _("The image is damaged and cannot be read. Take the photo or scan again."));
      return NULL;
    }
  g_clear_pointer (&pix, mc_pix_free);

  return read_grey (grey, cancellable, error);
}

/**
 * mc_qr_read_image_sync:
 * @path: an image file
 * @cancellable: (nullable): a cancellable
 * @error: where to put a failure
 *
 * Reads @path and decodes every QR code in it (see
 * mc_qr_read_image_bytes()). Blocks; the UI uses mc_qr_read_image_async().
 *
 * Returns: (transfer full) (nullable): the texts of the codes found, or
 *   %NULL with @error set
 */
GStrv
mc_qr_read_image_sync (const char    *path,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = g_file_new_for_path (path);
  bytes = g_file_load_bytes (file, cancellable, NULL, &local_error);
  if (bytes == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, MC_QR_READER_ERROR, MC_QR_READER_ERROR_UNREADABLE,
                     _("Cannot read the image: %s. Check the file name and that you may read it."),
                     local_error->message);
      return NULL;
    }

  return mc_qr_read_image_bytes (bytes, cancellable, error);
}

static void
read_image_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GError *error = NULL;
  GStrv texts = mc_qr_read_image_sync (task_data, cancellable, &error);

  if (texts == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, texts, (GDestroyNotify) g_strfreev);
}

/**
 * mc_qr_read_image_async:
 * @path: an image file
 * @cancellable: (nullable): a cancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Decodes the QR codes of @path in a worker thread.
 */
void
mc_qr_read_image_async (const char          *path,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_qr_read_image_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, read_image_thread);
}

/**
 * mc_qr_read_image_finish:
 * @result: the result given to the callback
 * @error: where to put a failure
 *
 * Returns: (transfer full) (nullable): the texts of the codes found, or
 *   %NULL with @error set
 */
GStrv
mc_qr_read_image_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mc_qr_read_image_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
