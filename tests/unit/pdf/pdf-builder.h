/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A tiny PDF writer for tests: it lays out objects byte by byte so a test
 * can make exactly the structure it needs (classic tables, xref streams
 * with predictors, object streams, hybrids, updates) and exactly the
 * damage it wants to see handled. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _PdfBuilder PdfBuilder;

PdfBuilder *pb_new            (void);
void        pb_free           (PdfBuilder   *pb);
/* "num 0 obj <body> endobj" */
void        pb_obj            (PdfBuilder   *pb,
                               guint         num,
                               const char   *fmt,
                               ...) G_GNUC_PRINTF (3, 4);
/* A stream; @dict_extra goes inside << >> before /Length. */
void        pb_stream         (PdfBuilder   *pb,
                               guint         num,
                               const char   *dict_extra,
                               const void   *data,
                               gsize         len);
/* An object stream holding objects nums[i] with bodies[i]. */
void        pb_objstm         (PdfBuilder   *pb,
                               guint         num,
                               const guint  *nums,
                               const char  **bodies,
                               guint         n);
/* Cross-reference sections for what was written since the last one. */
void        pb_xref_table     (PdfBuilder   *pb,
                               const char   *trailer_extra);
void        pb_xref_stream    (PdfBuilder   *pb,
                               guint         num,
                               gboolean      png_predictor,
                               const char   *trailer_extra);
void        pb_xref_hybrid    (PdfBuilder   *pb,
                               guint         stream_num,
                               const char   *trailer_extra);
GString    *pb_data           (PdfBuilder   *pb);
guint       pb_size           (PdfBuilder   *pb);
char       *pb_save           (PdfBuilder   *pb,
                               const char   *dir,
                               const char   *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdfBuilder, pb_free)

G_END_DECLS
