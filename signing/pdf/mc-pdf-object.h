/* SPDX-License-Identifier: GPL-3.0-or-later */
/* PDF objects as the reader returns them and the writer takes them: a small
 * reference-counted tree (null, booleans, numbers, strings, names, arrays,
 * dictionaries, streams, indirect references). Callers build appearance
 * resources and DSS entries with it; the reader hands out parsed objects
 * with it. Also the helpers that every PDF user needs: PDF text strings
 * (PDFDocEncoding / UTF-16BE) and PDF dates. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  MC_PDF_OBJ_NULL,
  MC_PDF_OBJ_BOOL,
  MC_PDF_OBJ_INT,
  MC_PDF_OBJ_REAL,
  MC_PDF_OBJ_STRING,
  MC_PDF_OBJ_NAME,
  MC_PDF_OBJ_ARRAY,
  MC_PDF_OBJ_DICT,
  MC_PDF_OBJ_STREAM,
  MC_PDF_OBJ_REF,
} McPdfObjType;

typedef struct _McPdfObj McPdfObj;

McPdfObj     *mc_pdf_obj_new_null      (void);
McPdfObj     *mc_pdf_obj_new_bool      (gboolean value);
McPdfObj     *mc_pdf_obj_new_int       (gint64 value);
McPdfObj     *mc_pdf_obj_new_real      (double value);
McPdfObj     *mc_pdf_obj_new_string    (const guint8 *data,
                                        gsize         len);
McPdfObj     *mc_pdf_obj_new_text      (const char   *utf8);
McPdfObj     *mc_pdf_obj_new_name      (const char   *name);
McPdfObj     *mc_pdf_obj_new_array     (void);
McPdfObj     *mc_pdf_obj_new_dict      (void);
McPdfObj     *mc_pdf_obj_new_stream    (McPdfObj     *dict,
                                        GBytes       *data);
McPdfObj     *mc_pdf_obj_new_ref       (guint32       num,
                                        guint16       gen);
McPdfObj     *mc_pdf_obj_new_rect      (const double  rect[4]);

McPdfObj     *mc_pdf_obj_ref           (McPdfObj     *obj);
void          mc_pdf_obj_unref         (McPdfObj     *obj);
McPdfObj     *mc_pdf_obj_copy          (McPdfObj     *obj);

McPdfObjType  mc_pdf_obj_get_obj_type  (McPdfObj     *obj);
gboolean      mc_pdf_obj_is            (McPdfObj     *obj,
                                        McPdfObjType  type);
gboolean      mc_pdf_obj_is_name       (McPdfObj     *obj,
                                        const char   *name);
gboolean      mc_pdf_obj_get_bool      (McPdfObj     *obj);
gint64        mc_pdf_obj_get_int       (McPdfObj     *obj);
gboolean      mc_pdf_obj_get_number    (McPdfObj     *obj,
                                        double       *value);
const guint8 *mc_pdf_obj_get_string    (McPdfObj     *obj,
                                        gsize        *len);
char         *mc_pdf_obj_get_text      (McPdfObj     *obj);
const char   *mc_pdf_obj_get_name      (McPdfObj     *obj);
guint32       mc_pdf_obj_get_ref_num   (McPdfObj     *obj);
guint16       mc_pdf_obj_get_ref_gen   (McPdfObj     *obj);
gboolean      mc_pdf_obj_get_rect      (McPdfObj     *obj,
                                        double        rect[4]);

guint         mc_pdf_array_length      (McPdfObj     *array);
McPdfObj     *mc_pdf_array_get         (McPdfObj     *array,
                                        guint         index);
void          mc_pdf_array_append      (McPdfObj     *array,
                                        McPdfObj     *value);
void          mc_pdf_array_take        (McPdfObj     *array,
                                        McPdfObj     *value);

guint         mc_pdf_dict_size         (McPdfObj     *dict);
const char   *mc_pdf_dict_key_at       (McPdfObj     *dict,
                                        guint         index);
McPdfObj     *mc_pdf_dict_value_at     (McPdfObj     *dict,
                                        guint         index);
McPdfObj     *mc_pdf_dict_get          (McPdfObj     *dict,
                                        const char   *key);
void          mc_pdf_dict_set          (McPdfObj     *dict,
                                        const char   *key,
                                        McPdfObj     *value);
void          mc_pdf_dict_take         (McPdfObj     *dict,
                                        const char   *key,
                                        McPdfObj     *value);
gboolean      mc_pdf_dict_remove       (McPdfObj     *dict,
                                        const char   *key);

McPdfObj     *mc_pdf_stream_get_dict   (McPdfObj     *stream);
GBytes       *mc_pdf_stream_get_data   (McPdfObj     *stream);

void          mc_pdf_obj_serialize     (McPdfObj     *obj,
                                        GString      *out);
char         *mc_pdf_obj_to_string     (McPdfObj     *obj);
gboolean      mc_pdf_obj_equal         (McPdfObj     *a,
                                        McPdfObj     *b);

GBytes       *mc_pdf_text_encode       (const char   *utf8);
char         *mc_pdf_text_decode       (const guint8 *data,
                                        gsize         len);
char         *mc_pdf_date_format       (GDateTime    *time);
GDateTime    *mc_pdf_date_parse        (const char   *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McPdfObj, mc_pdf_obj_unref)

G_END_DECLS
