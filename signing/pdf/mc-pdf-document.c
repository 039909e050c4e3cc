/* SPDX-License-Identifier: GPL-3.0-or-later */
/* McPdfDocument: a PDF opened for reading single objects. Once
 * mc-pdf-xref.c has read the cross-reference sections, objects are parsed
 * on demand, from the file or from object streams, and only those kept.
 * The page tree and interactive-form helpers live in mc-pdf-pages.c. */
#define G_LOG_DOMAIN "motcua-pdf"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-pdf-private.h"
#include "mc-pdf-document-private.h"


G_DEFINE_FINAL_TYPE (McPdfDocument, mc_pdf_document, G_TYPE_OBJECT)

static void
objstm_clear (ObjStm *o)
{
  g_clear_pointer (&o->data, g_bytes_unref);
  g_clear_pointer (&o->nums, g_free);
  g_clear_pointer (&o->offsets, g_free);
  o->num = 0;
  o->n = 0;
}

static void
mc_pdf_document_finalize (GObject *object)
{
  McPdfDocument *self = MC_PDF_DOCUMENT (object);

  g_free (self->path);
  mc_pdf_source_clear (&self->src);
  g_clear_pointer (&self->sections, g_ptr_array_unref);
  g_clear_pointer (&self->xref, g_array_unref);
  g_clear_pointer (&self->trailer, mc_pdf_obj_unref);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_clear_pointer (&self->resolving, g_hash_table_unref);
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_pointer (&self->page_index, g_hash_table_unref);
  for (guint i = 0; i < OBJSTM_CACHE; i++)
    objstm_clear (&self->objstm[i]);

  G_OBJECT_CLASS (mc_pdf_document_parent_class)->finalize (object);
}

static void
mc_pdf_document_class_init (McPdfDocumentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mc_pdf_document_finalize;
}

static void
mc_pdf_document_init (McPdfDocument *self)
{
  self->sections = g_ptr_array_new_with_free_func (mc_pdf_xref_section_free);
  self->xref = g_array_new (FALSE, TRUE, sizeof (McPdfXrefEntry));
  self->cache = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) mc_pdf_obj_unref);
  self->resolving = g_hash_table_new (NULL, NULL);
}

/**
 * mc_pdf_document_new_from_stream:
 * @stream: a seekable input stream holding a PDF (a #GFileInputStream, a
 *   #GMemoryInputStream…)
 * @size: its length in bytes
 * @name: (nullable): what to call it in messages and
 *   mc_pdf_document_get_path()
 * @cancellable: (nullable): a #GCancellable
 * @error: where to put a failure
 *
 * Like mc_pdf_document_open() for data that is not a file of its own.
 *
 * Returns: (transfer full) (nullable): the document
 */
McPdfDocument *
mc_pdf_document_new_from_stream (GInputStream *stream,
                                 goffset       size,
                                 const char   *name,
                                 GCancellable *cancellable,
                                 GError      **error)
{
  g_autoptr(McPdfDocument) self = NULL;

  g_return_val_if_fail (G_IS_SEEKABLE (stream), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (MC_TYPE_PDF_DOCUMENT, NULL);
  self->path = g_strdup (name ? name : "PDF");
  mc_pdf_source_init_stream (&self->src, stream, size);
  self->budget = MC_PDF_BUDGET_BASE + MC_PDF_BUDGET_PER_BYTE * (gint64) MIN (size, G_MAXINT32);

  if (self->src.size < 16)
    {
      g_set_error (error, MC_SIGNING_ERROR, self->src.size == 0 ? MC_SIGNING_ERROR_PDF_NOT_PDF
                                                               : MC_SIGNING_ERROR_PDF_TRUNCATED,
                   _("The file “%s” is empty or far too short to be a PDF document."), self->path);
      return NULL;
    }
  if (!mc_pdf_xref_load (self, error)
      || g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * mc_pdf_document_open:
 * @path: a PDF file
 * @cancellable: (nullable): a #GCancellable
 * @error: where to put a failure
 *
 * Opens @path and reads its cross-reference sections. Objects are parsed
 * later, when asked for. Encrypted, truncated and damaged files fail here
 * with an %MC_SIGNING_ERROR that says what is wrong.
 *
 * Returns: (transfer full) (nullable): the document
 */
McPdfDocument *
mc_pdf_document_open (const char   *path,
                      GCancellable *cancellable,
                      GError      **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = g_file_new_for_path (path);
  in = g_file_read (file, cancellable, &local);
  if (in != NULL)
    info = g_file_input_stream_query_info (in, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable, &local);
  if (info == NULL)
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_IO,
                     _("Could not open “%s”: %s"), path, local->message);
      return NULL;
    }
  return mc_pdf_document_new_from_stream (G_INPUT_STREAM (in), g_file_info_get_size (info), path,
                                          cancellable, error);
}

/**
 * mc_pdf_document_get_path:
 * @doc: a document
 *
 * Returns: the file it was opened from
 */
const char *
mc_pdf_document_get_path (McPdfDocument *doc)
{
  g_return_val_if_fail (MC_IS_PDF_DOCUMENT (doc), NULL);

  return doc->path;
}

/**
 * mc_pdf_document_get_file_size:
 * @doc: a document
 *
 * Returns: the size of the file when it was opened
 */
goffset
mc_pdf_document_get_file_size (McPdfDocument *doc)
{
  g_return_val_if_fail (MC_IS_PDF_DOCUMENT (doc), 0);

  return doc->src.size;
}

goffset
mc_pdf_document_get_size (McPdfDocument *doc)
{
  return doc->src.size;
}

/**
 * mc_pdf_document_get_xref_kind:
 * @doc: a document
 *
 * Returns: how the newest cross-reference section is written
 */
McPdfXrefKind
mc_pdf_document_get_xref_kind (McPdfDocument *doc)
{
  g_return_val_if_fail (MC_IS_PDF_DOCUMENT (doc), MC_PDF_XREF_TABLE);

  return ((McPdfXrefSection *) g_ptr_array_index (doc->sections, 0))->kind;
}

/**
 * mc_pdf_document_get_startxref:
 * @doc: a document
 *
 * Returns: the offset the file's last "startxref" names
 */
goffset
mc_pdf_document_get_startxref (McPdfDocument *doc)
{
  g_return_val_if_fail (MC_IS_PDF_DOCUMENT (doc), 0);

  return doc->startxref;
}

/**
 * mc_pdf_document_get_trailer:
 * @doc: a document
 *
 * Returns: (transfer none): the newest trailer, completed with /Root,
 *   /Info and /ID of older ones when it lacks them
 */
McPdfObj *
mc_pdf_document_get_trailer (McPdfDocument *doc)
{
  g_return_val_if_fail (MC_IS_PDF_DOCUMENT (doc), NULL);

  return doc->trailer;
}

/**
 * mc_pdf_document_is_linearized:
 * @doc: a document
 *
 * Returns: whether the file starts with a linearization dictionary
 */
gboolean
mc_pdf_document_is_linearized (McPdfDocument *doc)
{
  g_return_val_if_fail (MC_IS_PDF_DOCUMENT (doc), FALSE);

  return doc->linearized;
}

McPdfSource *
mc_pdf_document_get_source (McPdfDocument *doc)
{
  return &doc->src;
}

GPtrArray *
mc_pdf_document_get_sections (McPdfDocument *doc)
{
  return doc->sections;
}

guint32
mc_pdf_document_get_next_num (McPdfDocument *doc)
{
  McPdfObj *size = mc_pdf_dict_get (doc->trailer, "Size");
  gint64 n = mc_pdf_obj_get_int (size);

  /* Every object in use is below xref->len, so a /Size no PDF can hold
   * is ignored rather than wrapped round to a number in use. */
  if (n > (gint64) MC_PDF_MAX_OBJECTS)
    n = 0;
  return (guint32) MAX (n, (gint64) doc->xref->len);
}

gboolean
mc_pdf_document_lookup_entry (McPdfDocument  *doc,
                              guint32         num,
                              McPdfXrefEntry *entry)
{
  if (num >= doc->xref->len)
    return FALSE;
  *entry = g_array_index (doc->xref, McPdfXrefEntry, num);
  return entry->type != ENTRY_UNSET;
}

static gboolean
section_lookup (McPdfXrefSection *sec,
                guint32           num,
                McPdfXrefEntry   *entry)
{
  guint lo = 0, hi = sec->entries->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      McPdfXrefEntry *e = &g_array_index (sec->entries, McPdfXrefEntry, mid);
      if (e->num == num)
        {
          *entry = *e;
          return TRUE;
        }
      if (e->num < num)
        lo = mid + 1;
      else
        hi = mid;
    }
  return FALSE;
}

/* ---- objects ---- */

static ObjStm *
load_objstm (McPdfDocument *self,
             guint32        stm_num,
             int            section,
             GError       **error);

static McPdfObj *
load_entry (McPdfDocument        *self,
            guint32               num,
            const McPdfXrefEntry *e,
            int                   section,
            GError              **error)
{
  if (e->type == MC_PDF_XREF_USED)
    {
      McPdfLexer lex;
      McPdfObj *obj;
      mc_pdf_lexer_init (&lex, &self->src);
      lex.budget = &self->budget;
      mc_pdf_lexer_seek (&lex, (goffset) e->offset);
      obj = mc_pdf_parse_indirect (self, &lex, num, NULL, NULL, error);
      mc_pdf_lexer_clear (&lex);
      return obj;
    }
  if (e->type == MC_PDF_XREF_COMPRESSED)
    {
      ObjStm *o = load_objstm (self, (guint32) e->offset, section, error);
      McPdfSource src;
      McPdfLexer lex;
      McPdfObj *obj;
      gsize len;
      const guint8 *data;

      if (o == NULL)
        return NULL;
      if (e->gen >= o->n || o->nums[e->gen] != num)
        {
          /* The index is a hint; look the number up if it is wrong. */
          guint k;
          for (k = 0; k < o->n && o->nums[k] != num; k++)
            ;
          if (k == o->n)
            {
              g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_DAMAGED,
                           _("Object %u is not in the object stream the PDF file’s "
                             "cross-reference names. The file is damaged: open it in a PDF "
                             "program and save a new copy, then try again."), num);
              return NULL;
            }
          data = g_bytes_get_data (o->data, &len);
          mc_pdf_source_init_memory (&src, data, len);
          mc_pdf_lexer_init (&lex, &src);
          lex.budget = &self->budget;
          mc_pdf_lexer_seek (&lex, o->first + (goffset) o->offsets[k]);
        }
      else
        {
          data = g_bytes_get_data (o->data, &len);
          mc_pdf_source_init_memory (&src, data, len);
          mc_pdf_lexer_init (&lex, &src);
          lex.budget = &self->budget;
          mc_pdf_lexer_seek (&lex, o->first + (goffset) o->offsets[e->gen]);
        }
      obj = mc_pdf_parse_object (&lex, error);
      mc_pdf_lexer_clear (&lex);
      mc_pdf_source_clear (&src);
      return obj;
    }
  /* Free or absent objects are null (ISO 32000-1 7.3.10). */
  return mc_pdf_obj_new_null ();
}

static gboolean
lookup_at (McPdfDocument  *self,
           guint32         num,
           int             section,
           McPdfXrefEntry *e)
{
  if (section < 0)
    return mc_pdf_document_lookup_entry (self, num, e);
  for (guint s = (guint) section; s < self->sections->len; s++)
    if (section_lookup (g_ptr_array_index (self->sections, s), num, e))
      return TRUE;
  return FALSE;
}

static McPdfObj *
get_object (McPdfDocument *self,
            guint32        num,
            int            section,
            GError       **error)
{
  McPdfXrefEntry e;
  McPdfObj *obj;

  if (section < 0)
    {
      obj = g_hash_table_lookup (self->cache, GUINT_TO_POINTER (num));
      if (obj != NULL)
        return mc_pdf_obj_ref (obj);
    }
  if (!lookup_at (self, num, section, &e))
    return mc_pdf_obj_new_null ();
  if (g_hash_table_contains (self->resolving, GUINT_TO_POINTER (num)))
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_DAMAGED,
                   _("The PDF file is damaged: object %u refers to itself while it is being "
                     "read. Open it in a PDF program and save a new copy, then try again."), num);
      return NULL;
    }
  if (g_hash_table_size (self->resolving) > MC_PDF_MAX_DEPTH)
    {
      mc_pdf_set_damaged (error, _("objects refer to each other too deeply"));
      return NULL;
    }
  g_hash_table_add (self->resolving, GUINT_TO_POINTER (num));
  obj = load_entry (self, num, &e, section, error);
  g_hash_table_remove (self->resolving, GUINT_TO_POINTER (num));
  if (obj != NULL && section < 0)
    g_hash_table_insert (self->cache, GUINT_TO_POINTER (num), mc_pdf_obj_ref (obj));
  return obj;
}

static ObjStm *
load_objstm (McPdfDocument *self,
             guint32        stm_num,
             int            section,
             GError       **error)
{
  McPdfXrefEntry e;
  g_autoptr(McPdfObj) stm = NULL;
  g_autoptr(GBytes) data = NULL;
  McPdfObj *n_obj, *first_obj;
  ObjStm *o;
  McPdfSource src;
  McPdfLexer lex;
  gsize len;
  const guint8 *d;
  gboolean ok = TRUE;

  if (section < 0)
    for (guint i = 0; i < OBJSTM_CACHE; i++)
      if (self->objstm[i].data != NULL && self->objstm[i].num == stm_num)
        return &self->objstm[i];

  /* An object stream is never inside another one. */
  if (!lookup_at (self, stm_num, section, &e) || e.type != MC_PDF_XREF_USED)
    {
      mc_pdf_set_damaged (error, _("an object stream is missing"));
      return NULL;
    }
  stm = get_object (self, stm_num, section, error);
  if (stm == NULL)
    return NULL;
  if (stm->type != MC_PDF_OBJ_STREAM)
    {
      mc_pdf_set_damaged (error, _("an object stream is not a stream"));
      return NULL;
    }
  n_obj = mc_pdf_dict_get (stm, "N");
  first_obj = mc_pdf_dict_get (stm, "First");
  if (!mc_pdf_obj_is (n_obj, MC_PDF_OBJ_INT) || !mc_pdf_obj_is (first_obj, MC_PDF_OBJ_INT)
      || n_obj->u.i < 0 || n_obj->u.i > MC_PDF_MAX_OBJECTS || first_obj->u.i < 0)
    {
      mc_pdf_set_damaged (error, _("an object stream lacks a valid /N or /First"));
      return NULL;
    }
  data = mc_pdf_document_decode_stream (self, stm, MC_PDF_MAX_DECODED, error);
  if (data == NULL)
    return NULL;
  d = g_bytes_get_data (data, &len);
  if ((guint64) first_obj->u.i > len || (guint64) n_obj->u.i * 4 > len)
    {
      mc_pdf_set_damaged (error, _("an object stream is shorter than its header says"));
      return NULL;
    }

  /* Keep several small object streams, but never more than one large
   * one: memory stays bounded whatever the file claims. */
  if (len > (1u << 20))
    for (guint i = 0; i < OBJSTM_CACHE; i++)
      objstm_clear (&self->objstm[i]);
  o = &self->objstm[self->objstm_next];
  self->objstm_next = (self->objstm_next + 1) % OBJSTM_CACHE;
  objstm_clear (o);
  o->num = section < 0 ? stm_num : 0; /* old versions are not cached */
  o->n = (guint) n_obj->u.i;
  o->first = first_obj->u.i;
  if (!mc_pdf_budget_charge (&self->budget, (guint64) o->n * 12, error))
    return NULL;
  o->nums = g_new0 (guint32, MAX (o->n, 1));
  o->offsets = g_new0 (guint64, MAX (o->n, 1));

  mc_pdf_source_init_memory (&src, d, len);
  mc_pdf_lexer_init (&lex, &src);
  lex.budget = &self->budget;
  for (guint i = 0; i < o->n && ok; i++)
    {
      McPdfToken a, b;
      if (!mc_pdf_lexer_next (&lex, &a, error))
        {
          ok = FALSE;
          break;
        }
      if (!mc_pdf_lexer_next (&lex, &b, error))
        {
          mc_pdf_token_clear (&a);
          ok = FALSE;
          break;
        }
      if (a.type != MC_PDF_TOK_INT || b.type != MC_PDF_TOK_INT || a.i < 0 || a.i > G_MAXUINT32
          || b.i < 0 || b.i > (gint64) len - o->first)
        {
          mc_pdf_set_damaged (error, _("an object stream’s header is not readable"));
          ok = FALSE;
        }
      else
        {
          o->nums[i] = (guint32) a.i;
          o->offsets[i] = (guint64) b.i;
        }
      mc_pdf_token_clear (&a);
      mc_pdf_token_clear (&b);
    }
  mc_pdf_lexer_clear (&lex);
  mc_pdf_source_clear (&src);
  if (!ok)
    {
      objstm_clear (o);
      return NULL;
    }
  o->data = g_steal_pointer (&data);
  if (section >= 0)
    o->num = G_MAXUINT32; /* never matched by the cache lookup */
  return o;
}

/**
 * mc_pdf_document_get_object:
 * @doc: a document
 * @num: an object number
 * @error: where to put a failure
 *
 * Parses object @num (once; later calls return the same object). A free
 * or absent object is the null object, as ISO 32000 says.
 *
 * Returns: (transfer full) (nullable): the object, %NULL on error
 */
McPdfObj *
mc_pdf_document_get_object (McPdfDocument *doc,
                            guint32        num,
                            GError       **error)
{
  g_return_val_if_fail (MC_IS_PDF_DOCUMENT (doc), NULL);

  return get_object (doc, num, -1, error);
}

McPdfObj *
mc_pdf_document_get_object_at (McPdfDocument *doc,
                               guint32        num,
                               guint          section_index,
                               GError       **error)
{
  return get_object (doc, num, (int) section_index, error);
}

/**
 * mc_pdf_document_resolve:
 * @doc: a document
 * @obj: (nullable): an object, maybe a reference
 * @error: where to put a failure
 *
 * Returns: (transfer full) (nullable): what @obj refers to (the null
 *   object for a missing one; @obj itself when it is no reference), or
 *   %NULL on error or when @obj is %NULL
 */
McPdfObj *
mc_pdf_document_resolve (McPdfDocument *doc,
                         McPdfObj      *obj,
                         GError       **error)
{
  g_autoptr(McPdfObj) cur = NULL;

  g_return_val_if_fail (MC_IS_PDF_DOCUMENT (doc), NULL);

  if (obj == NULL)
    return NULL;
  cur = mc_pdf_obj_ref (obj);
  for (int hops = 0; cur->type == MC_PDF_OBJ_REF; hops++)
    {
      McPdfObj *next;
      if (hops > 32)
        {
          mc_pdf_set_damaged (error, _("references form a loop"));
          return NULL;
        }
      next = get_object (doc, cur->u.ref.num, -1, error);
      if (next == NULL)
        return NULL;
      g_clear_pointer (&cur, mc_pdf_obj_unref);
      cur = next;
    }
  return g_steal_pointer (&cur);
}

/**
 * mc_pdf_document_dict_lookup:
 * @doc: a document
 * @dict: (nullable): a dictionary or stream
 * @key: a key
 * @error: where to put a failure
 *
 * Returns: (transfer full) (nullable): the resolved value of @key, %NULL
 *   when absent, null, or on error (then @error is set)
 */
McPdfObj *
mc_pdf_document_dict_lookup (McPdfDocument *doc,
                             McPdfObj      *dict,
                             const char    *key,
                             GError       **error)
{
  McPdfObj *v = mc_pdf_dict_get (dict, key);
  McPdfObj *r;

  if (v == NULL)
    return NULL;
  r = mc_pdf_document_resolve (doc, v, error);
  if (r != NULL && r->type == MC_PDF_OBJ_NULL)
    g_clear_pointer (&r, mc_pdf_obj_unref);
  return r;
}

McPdfObj *
mc_pdf_document_resolve_length (McPdfDocument *doc,
                                McPdfObj      *length,
                                GError       **error)
{
  if (length->type != MC_PDF_OBJ_REF)
    return mc_pdf_obj_ref (length);
  if (doc->xref->len == 0)
    return NULL; /* still reading the xref: fall back to "endstream" */
  return mc_pdf_document_resolve (doc, length, error);
}

McPdfObj *
mc_pdf_document_get_catalog_copy (McPdfDocument *doc,
                                  guint32       *num,
                                  guint16       *gen,
                                  GError       **error)
{
  McPdfObj *root = mc_pdf_dict_get (doc->trailer, "Root");
  g_autoptr(McPdfObj) cat = NULL;

  *num = mc_pdf_obj_get_ref_num (root);
  *gen = mc_pdf_obj_get_ref_gen (root);
  cat = mc_pdf_document_get_catalog (doc, error);
  if (cat == NULL)
    return NULL;
  return mc_pdf_obj_copy (cat);
}

/**
 * mc_pdf_document_get_catalog:
 * @doc: a document
 * @error: where to put a failure
 *
 * Returns: (transfer full) (nullable): the document catalog (/Root)
 */
McPdfObj *
mc_pdf_document_get_catalog (McPdfDocument *doc,
                             GError       **error)
{
  g_autoptr(McPdfObj) cat = NULL;

  g_return_val_if_fail (MC_IS_PDF_DOCUMENT (doc), NULL);

  cat = mc_pdf_document_resolve (doc, mc_pdf_dict_get (doc->trailer, "Root"), error);
  if (cat == NULL)
    return NULL;
  if (cat->type != MC_PDF_OBJ_DICT)
    {
      mc_pdf_set_damaged (error, _("the document catalog is missing"));
      return NULL;
    }
  return g_steal_pointer (&cat);
}
