/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The dossier code as a QR code, drawn as vector squares so it stays sharp
 * at any printer resolution. Dark modules of a row are merged into runs and
 * the whole symbol is filled as one path, so viewers show no hairline seams
 * between modules that could confuse a phone's scanner. */
#define G_LOG_DOMAIN "motcua-forms"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <qrencode.h>

#include "mc-slip-private.h"

#define QUIET_ZONE 4   /* modules of white around the symbol (ISO/IEC 18004) */

/* Draws the QR code of @value in the square (@x, @y, @size), quiet zone
 * included. With @cr %NULL only checks that @value can be encoded. */
gboolean
mc_slip_draw_qr (cairo_t     *cr,
                 const char  *value,
                 double       x,
                 double       y,
                 double       size,
                 GError     **error)
{
  QRcode *code;
  double module;

  code = QRcode_encodeString (value, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (code == NULL)
    {
      g_set_error (error, MC_SLIP_ERROR, MC_SLIP_ERROR_RENDER,
                   _("Cannot make a QR code of “%s”: it is too long. Shorten the value in the slip template."),
                   value);
      return FALSE;
    }

  if (cr != NULL)
    {
      module = size / (code->width + 2 * QUIET_ZONE);

      cairo_save (cr);
      cairo_new_path (cr);
      for (int row = 0; row < code->width; row++)
        {
          int col = 0;

          while (col < code->width)
            {
              int start;

              /* Bit 0 of each byte is the module's colour (1 = dark). */
              if ((code->data[row * code->width + col] & 1) == 0)
                {
                  col++;
                  continue;
                }
              start = col;
              while (col < code->width && (code->data[row * code->width + col] & 1) != 0)
                col++;
              cairo_rectangle (cr,
                               x + (QUIET_ZONE + start) * module,
                               y + (QUIET_ZONE + row) * module,
                               (col - start) * module,
                               module);
            }
        }
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
      cairo_fill (cr);
      cairo_restore (cr);
    }

  QRcode_free (code);
  return TRUE;
}
