/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one stream filter the signer must read itself: FlateDecode with the
 * PNG and TIFF predictors, as cross-reference streams and object streams
 * use. Output is capped so a compressed bomb cannot fill memory. Also the
 * Flate encoder for streams we write. */
#define G_LOG_DOMAIN "motcua-pdf"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <zlib.h>

#include "mc-pdf-private.h"

GBytes *
mc_pdf_decode_flate (const guint8 *data,
                     gsize         len,
                     gsize         max_size,
                     GError      **error)
{
  z_stream z = { 0 };
  GByteArray *out;
  guint8 chunk[16384];
  int ret = Z_OK;

  if (inflateInit (&z) != Z_OK)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_IO,
                   _("Could not start the decompressor."));
      return NULL;
    }
  out = g_byte_array_new ();
  z.next_in = (Bytef *) data;
  z.avail_in = (uInt) MIN (len, G_MAXUINT);
  while (ret != Z_STREAM_END)
    {
      z.next_out = chunk;
      z.avail_out = sizeof chunk;
      ret = inflate (&z, Z_NO_FLUSH);
      if (ret != Z_OK && ret != Z_STREAM_END && ret != Z_BUF_ERROR)
        break;
      g_byte_array_append (out, chunk, sizeof chunk - z.avail_out);
      if (out->len > max_size)
        {
          inflateEnd (&z);
          g_byte_array_unref (out);
          g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_TOO_LARGE,
                       _("A compressed stream in the PDF file expands to more than %u MB, "
                         "which is not plausible for its kind; the file is damaged."),
                       (guint) (max_size >> 20));
          return NULL;
        }
      if (ret == Z_BUF_ERROR || (z.avail_in == 0 && z.avail_out != 0))
        break; /* no progress possible: input used up */
    }
  inflateEnd (&z);
  if (ret != Z_STREAM_END && ret != Z_OK && ret != Z_BUF_ERROR && out->len == 0)
    {
      g_byte_array_unref (out);
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_DAMAGED,
                   _("A compressed stream in the PDF file is damaged. Open the file in a PDF "
                     "program and save a new copy, then try again."));
      return NULL;
    }
  /* A stream cut short or missing its checksum still gives what it
   * decoded, as other readers accept. */
  return g_byte_array_free_to_bytes (out);
}

GBytes *
mc_pdf_encode_flate (const guint8 *data,
                     gsize         len)
{
  uLongf out_len = compressBound ((uLong) len);
  guint8 *out = g_malloc (out_len);

  if (compress2 (out, &out_len, data, (uLong) len, Z_DEFAULT_COMPRESSION) != Z_OK)
    g_error ("zlib compress2 failed"); /* only on out-of-memory */
  return g_bytes_new_take (g_realloc (out, MAX (out_len, 1)), out_len);
}

static int
paeth (int a,
       int b,
       int c)
{
  int p = a + b - c;
  int pa = ABS (p - a), pb = ABS (p - b), pc = ABS (p - c);

  if (pa <= pb && pa <= pc)
    return a;
  return pb <= pc ? b : c;
}

static gint64
parm_int (McPdfObj   *parms,
          const char *key,
          gint64      def)
{
  McPdfObj *v = mc_pdf_dict_get (parms, key);

  return mc_pdf_obj_is (v, MC_PDF_OBJ_INT) ? mc_pdf_obj_get_int (v) : def;
}

GBytes *
mc_pdf_apply_predictor (GBytes    *data,
                        McPdfObj  *parms,
                        GError   **error)
{
  gint64 predictor = parm_int (parms, "Predictor", 1);
  gint64 colors = parm_int (parms, "Colors", 1);
  gint64 bpc = parm_int (parms, "BitsPerComponent", 8);
  gint64 columns = parm_int (parms, "Columns", 1);
  gsize len, bpp, row;
  const guint8 *in = g_bytes_get_data (data, &len);

  if (predictor == 1)
    return g_bytes_ref (data);
  if (colors < 1 || colors > 32 || (bpc != 1 && bpc != 2 && bpc != 4 && bpc != 8 && bpc != 16)
      || columns < 1 || columns > (1 << 24))
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_DAMAGED,
                   _("A stream of the PDF file has impossible predictor parameters; the file "
                     "is damaged."));
      return NULL;
    }
  bpp = (gsize) ((colors * bpc + 7) / 8);
  row = (gsize) ((columns * colors * bpc + 7) / 8);
  if (row > len)
    row = MAX (len, 1); /* never allocate more than the data could fill */
  if (bpp > row)
    bpp = row;

  if (predictor == 2)
    {
      guint8 *out = g_memdup2 (in, len);
      if (bpc != 8)
        {
          g_free (out);
          g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_UNSUPPORTED,
                       _("The PDF file uses a TIFF predictor this program does not read. Save "
                         "the file again with a current PDF program."));
          return NULL;
        }
      for (gsize r = 0; r + row <= len; r += row)
        for (gsize i = bpp; i < row; i++)
          out[r + i] = (guint8) (out[r + i] + out[r + i - bpp]);
      return g_bytes_new_take (out, len);
    }
  if (predictor >= 10 && predictor <= 15)
    {
      GByteArray *out = g_byte_array_sized_new ((guint) (len / (row + 1) * row + 1));
      g_autofree guint8 *prev = g_malloc0 (row);
      g_autofree guint8 *cur = g_malloc0 (row);

      for (gsize at = 0; at < len; at += row + 1)
        {
          int type = in[at];
          gsize n = MIN (row, len - at - 1);
          memset (cur, 0, row);
          memcpy (cur, in + at + 1, n);
          for (gsize i = 0; i < row; i++)
            {
              int left = i >= bpp ? cur[i - bpp] : 0;
              int up = prev[i];
              int upleft = i >= bpp ? prev[i - bpp] : 0;
              switch (type)
                {
                case 0: break;
                case 1: cur[i] = (guint8) (cur[i] + left); break;
                case 2: cur[i] = (guint8) (cur[i] + up); break;
                case 3: cur[i] = (guint8) (cur[i] + (left + up) / 2); break;
                case 4: cur[i] = (guint8) (cur[i] + paeth (left, up, upleft)); break;
                default:
                  g_byte_array_unref (out);
                  g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_DAMAGED,
                               _("A stream of the PDF file has a bad PNG predictor row; the "
                                 "file is damaged."));
                  return NULL;
                }
            }
          g_byte_array_append (out, cur, (guint) n);
          memcpy (prev, cur, row);
        }
      return g_byte_array_free_to_bytes (out);
    }
  g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_UNSUPPORTED,
               _("The PDF file uses an unknown predictor (%d). Save the file again with a "
                 "current PDF program."), (int) predictor);
  return NULL;
}
