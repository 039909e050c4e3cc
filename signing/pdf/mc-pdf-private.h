/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the files of signing/pdf share and nobody else sees: the object
 * layout, the byte source and tokenizer the parser reads from, the
 * document's cross-reference model, and the incremental-update writer. */
#pragma once

#include <gio/gio.h>

#include "mc-signing.h"
#include "mc-pdf-object.h"
#include "mc-pdf-document.h"

G_BEGIN_DECLS

/* Limits that keep hostile files from eating the machine. */
#define MC_PDF_MAX_DEPTH        64          /* nesting of arrays/dicts */
#define MC_PDF_MAX_TOKEN        (64u << 20) /* one string or name */
#define MC_PDF_MAX_OBJECTS      8388607u    /* ISO 32000 implementation limit */
#define MC_PDF_MAX_DECODED      (32u << 20) /* xref / object stream decoded */
#define MC_PDF_MAX_XREF_CHAIN   4096        /* sections followed via /Prev */
#define MC_PDF_MAX_PAGE_NODES   (1u << 20)
/* What one document may cost in decoded stream bytes, parsed objects and
 * cross-reference entries, all counted together: a fixed allowance plus
 * a multiple of the file's size, so a small hostile file cannot make the
 * reader use much memory while a large genuine one still reads. */
#define MC_PDF_BUDGET_BASE      (24 << 20)
#define MC_PDF_BUDGET_PER_BYTE  8
#define MC_PDF_OBJ_COST         48 /* a parsed object, roughly, in bytes */

gboolean mc_pdf_budget_charge (gint64  *budget,
                               guint64  cost,
                               GError **error);

struct _McPdfObj
{
  gatomicrefcount ref;
  McPdfObjType    type;
  union
  {
    gboolean b;
    gint64   i;
    double   r;
    struct
    {
      char *data; /* NUL-terminated too (names never hold NUL) */
      gsize len;
    } s;
    GPtrArray *array; /* McPdfObj* */
    GArray    *dict;  /* McPdfDictEntry */
    struct
    {
      guint32 num;
      guint16 gen;
    } ref;
    struct
    {
      McPdfObj *dict;
      GBytes   *data;   /* in memory (objects we build) */
      goffset   offset; /* raw data in the file, when data == NULL */
      guint64   length;
    } stream;
  } u;
};

typedef struct
{
  char     *key;
  McPdfObj *value;
} McPdfDictEntry;

McPdfObj *mc_pdf_obj_new_file_stream (McPdfObj *dict,
                                      goffset   offset,
                                      guint64   length);

/* ---- byte source: a window over a seekable stream, or memory ---- */

typedef struct
{
  GInputStream *stream; /* NULL for memory */
  const guint8 *mem;
  goffset       size;
  guint8       *buf;
  gsize         buf_cap;
  goffset       buf_start;
  gsize         buf_len;
  goffset       pos;
  GError       *error; /* first I/O error, sticky */
} McPdfSource;

void     mc_pdf_source_init_stream (McPdfSource  *src,
                                    GInputStream *stream,
                                    goffset       size);
void     mc_pdf_source_init_memory (McPdfSource  *src,
                                    const guint8 *data,
                                    gsize         len);
void     mc_pdf_source_clear       (McPdfSource  *src);
int      mc_pdf_source_peek        (McPdfSource  *src);
int      mc_pdf_source_getc        (McPdfSource  *src);
gboolean mc_pdf_source_read_at     (McPdfSource  *src,
                                    goffset       offset,
                                    guint8       *buf,
                                    gsize         len,
                                    GError      **error);

/* ---- tokenizer and parser ---- */

typedef enum {
  MC_PDF_TOK_EOF,
  MC_PDF_TOK_INT,
  MC_PDF_TOK_REAL,
  MC_PDF_TOK_STRING,
  MC_PDF_TOK_NAME,
  MC_PDF_TOK_KEYWORD,
  MC_PDF_TOK_ARRAY_OPEN,
  MC_PDF_TOK_ARRAY_CLOSE,
  MC_PDF_TOK_DICT_OPEN,
  MC_PDF_TOK_DICT_CLOSE,
} McPdfTokType;

typedef struct
{
  McPdfTokType type;
  goffset      start;
  gint64       i;
  double       r;
  GByteArray  *text; /* string bytes, name, keyword (NUL-terminated) */
} McPdfToken;

typedef struct
{
  McPdfSource *src;
  McPdfToken   ahead[2];
  guint        n_ahead;
  gint64      *budget; /* the document's memory budget, or NULL */
} McPdfLexer;

void       mc_pdf_lexer_init          (McPdfLexer  *lex,
                                       McPdfSource *src);
void       mc_pdf_lexer_clear         (McPdfLexer  *lex);
void       mc_pdf_lexer_seek          (McPdfLexer  *lex,
                                       goffset      offset);
goffset    mc_pdf_lexer_tell          (McPdfLexer  *lex);
gboolean   mc_pdf_lexer_next          (McPdfLexer  *lex,
                                       McPdfToken  *tok,
                                       GError     **error);
gboolean   mc_pdf_lexer_peek          (McPdfLexer  *lex,
                                       guint        n,
                                       McPdfToken **tok,
                                       GError     **error);
void       mc_pdf_token_clear         (McPdfToken  *tok);
gboolean   mc_pdf_token_is_keyword    (McPdfToken  *tok,
                                       const char  *word);
McPdfObj  *mc_pdf_parse_object        (McPdfLexer  *lex,
                                       GError     **error);
/* "N G obj … endobj" at the lexer's position; a stream's data is left in
 * the file (offset + /Length resolved by @doc when indirect). */
McPdfObj  *mc_pdf_parse_indirect      (McPdfDocument *doc,
                                       McPdfLexer    *lex,
                                       guint32        expect_num,
                                       guint32       *num_out,
                                       guint16       *gen_out,
                                       GError       **error);

/* ---- document internals ---- */

typedef enum {
  MC_PDF_XREF_FREE,
  MC_PDF_XREF_USED,
  MC_PDF_XREF_COMPRESSED,
} McPdfXrefType;

typedef struct
{
  guint32  num;
  guint8   type;   /* McPdfXrefType */
  guint16  gen;    /* for USED/FREE; index in the stream for COMPRESSED */
  guint64  offset; /* byte offset, or object stream number */
} McPdfXrefEntry;

typedef struct
{
  goffset        offset;    /* where "xref" or the xref stream object is */
  goffset        end;       /* just after the trailer or endobj */
  McPdfXrefKind  kind;
  McPdfObj      *trailer;   /* trailer dict, or the xref stream's dict */
  GArray        *entries;   /* McPdfXrefEntry sorted by num, unique */
  guint32        stream_num; /* object number of the xref stream, or 0 */
} McPdfXrefSection;

GQuark      mc_pdf_doc_quark (void);

McPdfSource   *mc_pdf_document_get_source       (McPdfDocument *doc);
goffset        mc_pdf_document_get_size         (McPdfDocument *doc);
GPtrArray     *mc_pdf_document_get_sections     (McPdfDocument *doc);
guint32        mc_pdf_document_get_next_num     (McPdfDocument *doc);
gboolean       mc_pdf_document_lookup_entry     (McPdfDocument *doc,
                                                 guint32        num,
                                                 McPdfXrefEntry *entry);
/* The object as written in section @section_index or older (for
 * comparing revisions); not cached. */
McPdfObj      *mc_pdf_document_get_object_at    (McPdfDocument *doc,
                                                 guint32        num,
                                                 guint          section_index,
                                                 GError       **error);
McPdfObj      *mc_pdf_document_resolve_length   (McPdfDocument *doc,
                                                 McPdfObj      *length,
                                                 GError       **error);
GBytes        *mc_pdf_document_read_raw_stream  (McPdfDocument *doc,
                                                 McPdfObj      *stream,
                                                 guint64        max_size,
                                                 GError       **error);

GBytes        *mc_pdf_decode_flate              (const guint8 *data,
                                                 gsize         len,
                                                 gsize         max_size,
                                                 GError      **error);
GBytes        *mc_pdf_encode_flate              (const guint8 *data,
                                                 gsize         len);
GBytes        *mc_pdf_apply_predictor           (GBytes      *data,
                                                 McPdfObj    *parms,
                                                 GError     **error);

/* ---- incremental update writer ---- */

typedef struct _McPdfUpdate McPdfUpdate;

McPdfUpdate *mc_pdf_update_begin          (McPdfDocument *doc,
                                           const char    *output_path,
                                           GCancellable  *cancellable,
                                           GError       **error);
guint32      mc_pdf_update_new_num        (McPdfUpdate   *up);
/* Writes @obj as object @num (a new number or one being replaced). Streams
 * nested inside @obj become indirect objects of their own. */
gboolean     mc_pdf_update_write_object   (McPdfUpdate   *up,
                                           guint32        num,
                                           guint16        gen,
                                           McPdfObj      *obj,
                                           GError       **error);
/* Same, with a hook to find where parts of the serialized text landed. */
gboolean     mc_pdf_update_write_raw      (McPdfUpdate   *up,
                                           guint32        num,
                                           guint16        gen,
                                           const char    *text,
                                           gsize          len,
                                           goffset       *offset_out,
                                           GError       **error);
McPdfObj    *mc_pdf_update_prepare_direct (McPdfUpdate   *up,
                                           McPdfObj      *obj,
                                           GError       **error);
gboolean     mc_pdf_update_finish_xref    (McPdfUpdate   *up,
                                           McPdfObj      *new_root,
                                           GError       **error);
goffset      mc_pdf_update_get_size       (McPdfUpdate   *up);
int          mc_pdf_update_get_fd         (McPdfUpdate   *up);
const char  *mc_pdf_update_get_tmp_path   (McPdfUpdate   *up);
gboolean     mc_pdf_update_commit         (McPdfUpdate   *up,
                                           GError       **error);
void         mc_pdf_update_free           (McPdfUpdate   *up);

gboolean     mc_pdf_write_all             (int            fd,
                                           const void    *data,
                                           gsize          len,
                                           GError       **error);
gboolean     mc_pdf_pwrite_all            (int            fd,
                                           const void    *data,
                                           gsize          len,
                                           goffset        offset,
                                           GError       **error);

/* Helpers shared by the signing and DSS updates. */
McPdfObj *mc_pdf_document_get_catalog_copy (McPdfDocument *doc,
                                            guint32       *num,
                                            guint16       *gen,
                                            GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McPdfUpdate, mc_pdf_update_free)

G_END_DECLS
