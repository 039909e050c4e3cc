/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The inside of McPdfDocument, shared by mc-pdf-document.c (objects) and
 * mc-pdf-xref.c (cross-reference sections) only. */
#pragma once

#include "mc-pdf-private.h"

G_BEGIN_DECLS

#define OBJSTM_CACHE 4
#define ENTRY_UNSET 0xff

typedef struct
{
  guint32  num;
  GBytes  *data;
  guint32 *nums;
  guint64 *offsets;
  guint    n;
  goffset  first;
} ObjStm;

struct _McPdfDocument
{
  GObject      parent_instance;

  char        *path;
  McPdfSource  src;
  goffset      startxref;
  GPtrArray   *sections;     /* McPdfXrefSection*, newest first */
  GArray      *xref;         /* McPdfXrefEntry indexed by num, newest wins */
  McPdfObj    *trailer;
  GHashTable  *cache;        /* num → McPdfObj */
  GHashTable  *resolving;    /* nums being parsed, against loops */
  ObjStm       objstm[OBJSTM_CACHE];
  guint        objstm_next;
  gboolean     linearized;
  gint64       budget;       /* bytes left to decode and parse, see MC_PDF_BUDGET_BASE */
  GPtrArray   *pages;        /* the page tree walked once (mc-pdf-pages.c), or NULL */
  GHashTable  *page_index;   /* page object number → index + 1 */
  gboolean     pages_failed; /* the whole walk failed: walk per call instead */
};

GBytes  *mc_pdf_document_decode_stream (McPdfDocument *self,
                                        McPdfObj      *stream,
                                        gsize          max_size,
                                        GError       **error);
gboolean mc_pdf_xref_load         (McPdfDocument *self,
                                   GError       **error);
void     mc_pdf_xref_section_free (gpointer       data);
gboolean mc_pdf_set_damaged       (GError      **error,
                                   const char   *what);

G_END_DECLS
