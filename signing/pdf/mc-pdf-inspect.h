/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a verifier needs to know about a PDF's structure: every signature
 * (field, page, rectangle, dictionary entries, byte ranges, the CMS) and
 * every revision (where it ends, and which objects each later update
 * added, changed or deleted, down to the dictionary keys that changed), so
 * it can tell a DSS or a second signature from a changed page. */
#pragma once

#include "mc-pdf-document.h"

G_BEGIN_DECLS

/**
 * McPdfChangeKind:
 * @MC_PDF_CHANGE_ADDED: a new object number
 * @MC_PDF_CHANGE_MODIFIED: an object of an earlier revision written again
 * @MC_PDF_CHANGE_DELETED: an object of an earlier revision marked free
 */
typedef enum {
  MC_PDF_CHANGE_ADDED,
  MC_PDF_CHANGE_MODIFIED,
  MC_PDF_CHANGE_DELETED,
} McPdfChangeKind;

/**
 * McPdfObjectChange:
 * @num: object number
 * @gen: generation
 * @kind: what happened to it
 * @type: (nullable): /Type of the new version ("Sig", "Annot", "Page",
 *   "Catalog", "XRef", "DSS"…), "stream" for a stream without /Type;
 *   %NULL too past the first 20000 changes of a revision, which are not
 *   parsed
 * @subtype: (nullable): its /Subtype ("Widget", "Form"…)
 * @changed_keys: (nullable): for a modified dictionary or stream, the keys
 *   whose values were added, removed or changed (stream data changes give
 *   the key "(stream data)"); %NULL otherwise
 * @is_xref_stream: the object is the cross-reference stream of a section
 *   of this revision (what its /Type says does not count)
 * @is_object_stream: entries of this revision's sections name the object
 *   as the object stream that holds them
 */
typedef struct
{
  guint32          num;
  guint16          gen;
  McPdfChangeKind  kind;
  char            *type;
  char            *subtype;
  GStrv            changed_keys;
  gboolean         is_xref_stream;
  gboolean         is_object_stream;
} McPdfObjectChange;

/**
 * McPdfRevision:
 * @index: 0 for the original document, then one per incremental update
 * @kind: how its (newest) cross-reference section is written
 * @xref_offset: where that section starts
 * @eof_offset: just after its "%%EOF"
 * @end_offset: after the end of line following "%%EOF" (what a signature
 *   of this revision usually covers)
 * @changes: (element-type McPdfObjectChange): what it changed against the
 *   revisions before it; empty for revision 0
 * @section: index of its newest cross-reference section (newest first),
 *   for reading objects as this revision had them
 */
typedef struct
{
  guint          index;
  McPdfXrefKind  kind;
  goffset        xref_offset;
  goffset        eof_offset;
  goffset        end_offset;
  GPtrArray     *changes;
  guint          section;
} McPdfRevision;

/**
 * McPdfSignatureInfo:
 * @field_name: full name of the signature field
 * @page_index: 0-based page of its widget, -1 when unknown
 * @rect: the widget's rectangle (zeros for an invisible signature)
 * @field_num: object number of the signature field (0 if direct)
 * @sig_num: object number of the signature dictionary
 * @type: (nullable): /Type: "Sig" or "DocTimeStamp"
 * @filter: (nullable): /Filter
 * @sub_filter: (nullable): /SubFilter
 * @signing_time_raw: (nullable): /M as written
 * @signing_time: (nullable): /M parsed
 * @name: (nullable): /Name
 * @reason: (nullable): /Reason
 * @location: (nullable): /Location
 * @contact_info: (nullable): /ContactInfo
 * @has_byte_range: whether /ByteRange has four integers
 * @byte_range: /ByteRange
 * @byte_range_ok: whether the ranges start at 0, lie in the file, and
 *   leave out exactly the /Contents hex string
 * @contents: (nullable): the CMS DER, without its zero padding
 * @contents_raw: (nullable): all bytes of /Contents, padding included
 * @revision: index of the revision whose end the ranges reach, -1 if none
 * @covers_whole_file: whether the ranges reach the end of the file
 *
 * One signature of a document.
 */
typedef struct
{
  char      *field_name;
  int        page_index;
  double     rect[4];
  guint32    field_num;
  guint32    sig_num;
  char      *type;
  char      *filter;
  char      *sub_filter;
  char      *signing_time_raw;
  GDateTime *signing_time;
  char      *name;
  char      *reason;
  char      *location;
  char      *contact_info;
  gboolean   has_byte_range;
  gint64     byte_range[4];
  gboolean   byte_range_ok;
  GBytes    *contents;
  GBytes    *contents_raw;
  int        revision;
  gboolean   covers_whole_file;
} McPdfSignatureInfo;

void       mc_pdf_object_change_free         (McPdfObjectChange  *change);
void       mc_pdf_revision_free              (McPdfRevision      *revision);
void       mc_pdf_signature_info_free        (McPdfSignatureInfo *info);
char      *mc_pdf_signature_info_get_vri_key (McPdfSignatureInfo *info);

GPtrArray *mc_pdf_document_get_revisions     (McPdfDocument      *doc,
                                              GError            **error);
GPtrArray *mc_pdf_document_get_signatures    (McPdfDocument      *doc,
                                              GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McPdfRevision, mc_pdf_revision_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McPdfSignatureInfo, mc_pdf_signature_info_free)

G_END_DECLS
