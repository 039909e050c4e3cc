/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading a stream's data out of a PDF file: raw, or through its filters
 * (FlateDecode with PNG/TIFF predictors). Every decoded byte is charged to
 * the document's budget (MC_PDF_BUDGET_BASE), so a flate bomb stops at
 * the budget, not at the end of the machine's memory. */
#define G_LOG_DOMAIN "motcua-pdf"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-pdf-document-private.h"

GBytes *
mc_pdf_document_read_raw_stream (McPdfDocument *self,
                                 McPdfObj      *stream,
                                 guint64        max_size,
                                 GError       **error)
{
  guint8 *buf;

  if (stream->u.stream.data != NULL)
    return g_bytes_ref (stream->u.stream.data);
  if (stream->u.stream.length > max_size)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_TOO_LARGE,
                   _("A stream in the PDF file is larger than expected (%llu"
                     " bytes); the file is damaged or not supported."),
                   (unsigned long long) stream->u.stream.length);
      return NULL;
    }
  buf = g_malloc (stream->u.stream.length + 1);
  if (!mc_pdf_source_read_at (&self->src, stream->u.stream.offset, buf,
                              stream->u.stream.length, error))
    {
      g_free (buf);
      return NULL;
    }
  return g_bytes_new_take (buf, stream->u.stream.length);
}

GBytes *
mc_pdf_document_decode_stream (McPdfDocument *self,
               McPdfObj      *stream,
               gsize          max_size,
               GError       **error)
{
  g_autoptr(GBytes) data = NULL;
  McPdfObj *filter = mc_pdf_dict_get (stream, "Filter");
  McPdfObj *parms = mc_pdf_dict_get (stream, "DecodeParms");
  guint n_filters;

  /* Filters and parameters are direct in every writer we know; an indirect
   * one is resolved once. */
  g_autoptr(McPdfObj) filter_r = filter ? mc_pdf_document_resolve (self, filter, error) : NULL;
  g_autoptr(McPdfObj) parms_r = parms ? mc_pdf_document_resolve (self, parms, error) : NULL;
  if ((filter && !filter_r) || (parms && !parms_r))
    return NULL;

  n_filters = filter_r == NULL ? 0 : filter_r->type == MC_PDF_OBJ_ARRAY ? mc_pdf_array_length (filter_r) : 1;
  data = mc_pdf_document_read_raw_stream (self, stream, max_size, error);
  if (data == NULL)
    return NULL;
  for (guint i = 0; i < n_filters; i++)
    {
      McPdfObj *f = filter_r->type == MC_PDF_OBJ_ARRAY ? mc_pdf_array_get (filter_r, i) : filter_r;
      McPdfObj *p = parms_r == NULL ? NULL
                    : parms_r->type == MC_PDF_OBJ_ARRAY ? mc_pdf_array_get (parms_r, i) : parms_r;
      GBytes *next;

      if (mc_pdf_obj_is_name (f, "FlateDecode") || mc_pdf_obj_is_name (f, "Fl"))
        {
          gsize len;
          const guint8 *d = g_bytes_get_data (data, &len);
          /* Inflate no further than the document's budget allows, so a
           * flate bomb stops at the budget, not at the stream's cap. */
          gsize cap = self->budget > 0 ? (gsize) MIN ((guint64) max_size, (guint64) self->budget) : 0;
          g_autoptr(GError) local = NULL;

          next = mc_pdf_decode_flate (d, len, cap, &local);
          if (next == NULL)
            {
              if (cap < max_size && g_error_matches (local, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_TOO_LARGE))
                mc_pdf_budget_charge (&self->budget, G_MAXUINT64, error);
              else
                g_propagate_error (error, g_steal_pointer (&local));
              return NULL;
            }
          if (!mc_pdf_budget_charge (&self->budget, g_bytes_get_size (next), error))
            {
              g_bytes_unref (next);
              return NULL;
            }
          if (p != NULL && p->type == MC_PDF_OBJ_DICT)
            {
              GBytes *pred = mc_pdf_apply_predictor (next, p, error);
              g_bytes_unref (next);
              if (pred == NULL)
                return NULL;
              next = pred;
            }
        }
      else
        {
          g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_UNSUPPORTED,
                       _("The PDF file uses the “%s” compression where this program only "
                         "reads FlateDecode. Save the file again with a current PDF program."),
                       mc_pdf_obj_get_name (f) ? mc_pdf_obj_get_name (f) : "?");
          return NULL;
        }
      g_bytes_unref (data);
      data = next;
    }
  return g_steal_pointer (&data);
}

/**
 * mc_pdf_document_read_stream:
 * @doc: a document
 * @stream: a stream object of @doc
 * @decode: whether to undo its filters (FlateDecode only)
 * @max_size: the most bytes to accept
 * @error: where to put a failure
 *
 * Returns: (transfer full) (nullable): the stream's data
 */
GBytes *
mc_pdf_document_read_stream (McPdfDocument *doc,
                             McPdfObj      *stream,
                             gboolean       decode,
                             gsize          max_size,
                             GError       **error)
{
  g_return_val_if_fail (MC_IS_PDF_DOCUMENT (doc), NULL);
  g_return_val_if_fail (mc_pdf_obj_is (stream, MC_PDF_OBJ_STREAM), NULL);

  if (decode)
    return mc_pdf_document_decode_stream (doc, stream, max_size, error);
  return mc_pdf_document_read_raw_stream (doc, stream, max_size, error);
}
