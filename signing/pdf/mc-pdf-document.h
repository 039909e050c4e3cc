/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A PDF file opened for reading objects: cross-reference tables and
 * streams, object streams, chains of incremental updates, the page tree
 * and the interactive form. Only what is asked for is parsed and kept; the
 * file stays on disk, so 50 MB documents cost little memory. A document
 * is used by one thread at a time (it keeps a read position and a cache). */
#pragma once

#include <gio/gio.h>
#include <gnutls/crypto.h>

#include "mc-pdf-object.h"

G_BEGIN_DECLS

/**
 * McPdfXrefKind:
 * @MC_PDF_XREF_TABLE: a classic "xref" table with a "trailer"
 * @MC_PDF_XREF_STREAM: a cross-reference stream (/Type /XRef)
 * @MC_PDF_XREF_HYBRID: a classic table whose trailer has /XRefStm
 *
 * How one cross-reference section of a file is written.
 */
typedef enum {
  MC_PDF_XREF_TABLE,
  MC_PDF_XREF_STREAM,
  MC_PDF_XREF_HYBRID,
} McPdfXrefKind;

/**
 * McPdfPage:
 * @index: 0-based page index
 * @num: object number of the page dictionary
 * @gen: its generation
 * @dict: the page dictionary (owned)
 * @media_box: /MediaBox, inherited, normalised
 * @crop_box: /CropBox, inherited, clipped to the media box (the media box
 *   when absent)
 * @rotate: /Rotate, inherited, one of 0, 90, 180, 270
 * @resources: (nullable): /Resources, inherited and resolved (owned)
 *
 * What a signer needs of one page.
 */
typedef struct
{
  guint     index;
  guint32   num;
  guint16   gen;
  McPdfObj *dict;
  double    media_box[4];
  double    crop_box[4];
  int       rotate;
  McPdfObj *resources;
} McPdfPage;

void mc_pdf_page_free (McPdfPage *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McPdfPage, mc_pdf_page_free)

#define MC_TYPE_PDF_DOCUMENT (mc_pdf_document_get_type ())
G_DECLARE_FINAL_TYPE (McPdfDocument, mc_pdf_document, MC, PDF_DOCUMENT, GObject)

McPdfDocument *mc_pdf_document_open           (const char     *path,
                                               GCancellable   *cancellable,
                                               GError        **error);
McPdfDocument *mc_pdf_document_new_from_stream (GInputStream *stream,
                                                goffset       size,
                                                const char   *name,
                                                GCancellable *cancellable,
                                                GError      **error);
const char    *mc_pdf_document_get_path       (McPdfDocument  *doc);
goffset        mc_pdf_document_get_file_size  (McPdfDocument  *doc);
McPdfXrefKind  mc_pdf_document_get_xref_kind  (McPdfDocument  *doc);
goffset        mc_pdf_document_get_startxref  (McPdfDocument  *doc);
McPdfObj      *mc_pdf_document_get_trailer    (McPdfDocument  *doc);
gboolean       mc_pdf_document_is_linearized  (McPdfDocument  *doc);

McPdfObj      *mc_pdf_document_get_object     (McPdfDocument  *doc,
                                               guint32         num,
                                               GError        **error);
McPdfObj      *mc_pdf_document_resolve        (McPdfDocument  *doc,
                                               McPdfObj       *obj,
                                               GError        **error);
McPdfObj      *mc_pdf_document_dict_lookup    (McPdfDocument  *doc,
                                               McPdfObj       *dict,
                                               const char     *key,
                                               GError        **error);
GBytes        *mc_pdf_document_read_stream    (McPdfDocument  *doc,
                                               McPdfObj       *stream,
                                               gboolean        decode,
                                               gsize           max_size,
                                               GError        **error);

McPdfObj      *mc_pdf_document_get_catalog    (McPdfDocument  *doc,
                                               GError        **error);
int            mc_pdf_document_get_n_pages    (McPdfDocument  *doc,
                                               GError        **error);
McPdfPage     *mc_pdf_document_get_page       (McPdfDocument  *doc,
                                               guint           index,
                                               GError        **error);
int            mc_pdf_document_find_page      (McPdfDocument  *doc,
                                               guint32         num,
                                               GError        **error);
McPdfObj      *mc_pdf_document_get_acroform   (McPdfDocument  *doc,
                                               GError        **error);
GStrv          mc_pdf_document_get_field_names (McPdfDocument *doc,
                                               GError        **error);


gboolean       mc_pdf_document_locate_string  (McPdfDocument  *doc,
                                               guint32         num,
                                               const char     *key,
                                               goffset        *start,
                                               goffset        *end);
gboolean       mc_pdf_byte_range_is_sane      (const gint64    byte_range[4],
                                               goffset         file_size);
gboolean       mc_pdf_document_hash_ranges    (McPdfDocument  *doc,
                                               const gint64    byte_range[4],
                                               gnutls_digest_algorithm_t algorithm,
                                               guint8         *digest,
                                               GCancellable   *cancellable,
                                               GError        **error);

G_END_DECLS
