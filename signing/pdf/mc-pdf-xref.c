/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading a PDF's cross-reference structure when it is opened: the header,
 * the last startxref, then each section back through /Prev (classic
 * tables, xref streams with predictors, hybrids with /XRefStm), merged so
 * the newest definition of each object wins. Hostile chains (loops, absurd
 * sizes, offsets past the end) end in a GError. */
#define G_LOG_DOMAIN "motcua-pdf"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-pdf-private.h"
#include "mc-pdf-document-private.h"

void
mc_pdf_xref_section_free (gpointer data)
{
  McPdfXrefSection *s = data;

  g_clear_pointer (&s->trailer, mc_pdf_obj_unref);
  g_clear_pointer (&s->entries, g_array_unref);
  g_free (s);
}

gboolean
mc_pdf_set_damaged (GError    **error,
                    const char *what)
{
  g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_DAMAGED,
               _("The PDF file is damaged: %s. Open it in a PDF program and save a new "
                 "copy, then try again."), what);
  return FALSE;
}

/* ---- cross-reference sections ---- */

static int
entry_cmp (gconstpointer a,
           gconstpointer b)
{
  const McPdfXrefEntry *x = a, *y = b;

  return x->num < y->num ? -1 : x->num > y->num;
}

static void
sort_unique (GArray *entries)
{
  guint out = 0;

  g_array_sort (entries, entry_cmp);
  for (guint i = 0; i < entries->len; i++)
    {
      if (out > 0 && g_array_index (entries, McPdfXrefEntry, out - 1).num
                       == g_array_index (entries, McPdfXrefEntry, i).num)
        continue;
      g_array_index (entries, McPdfXrefEntry, out++) = g_array_index (entries, McPdfXrefEntry, i);
    }
  g_array_set_size (entries, out);
}

static gboolean
read_token (McPdfLexer *lex,
            McPdfToken *tok,
            GError    **error)
{
  return mc_pdf_lexer_next (lex, tok, error);
}

static gboolean
parse_xref_table (McPdfDocument    *self,
                  McPdfXrefSection *sec,
                  GError          **error)
{
  McPdfLexer lex;
  gboolean ok = FALSE;
  gboolean first_sub = TRUE;

  mc_pdf_lexer_init (&lex, &self->src);
  lex.budget = &self->budget;
  mc_pdf_lexer_seek (&lex, sec->offset);
  {
    McPdfToken t;
    if (!read_token (&lex, &t, error))
      goto out;
    mc_pdf_token_clear (&t); /* "xref", checked by the caller */
  }
  for (;;)
    {
      McPdfToken t1, t2;
      gint64 start, count;

      if (!read_token (&lex, &t1, error))
        goto out;
      if (mc_pdf_token_is_keyword (&t1, "trailer"))
        {
          mc_pdf_token_clear (&t1);
          break;
        }
      if (t1.type == MC_PDF_TOK_EOF)
        {
          g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_TRUNCATED,
                       _("The PDF file ends inside its cross-reference table. The file "
                         "is incomplete: get a complete copy."));
          mc_pdf_token_clear (&t1);
          goto out;
        }
      if (!read_token (&lex, &t2, error))
        {
          mc_pdf_token_clear (&t1);
          goto out;
        }
      start = t1.i;
      count = t2.i;
      ok = t1.type == MC_PDF_TOK_INT && t2.type == MC_PDF_TOK_INT && start >= 0 && count >= 0
           && start <= MC_PDF_MAX_OBJECTS && count <= MC_PDF_MAX_OBJECTS - start;
      mc_pdf_token_clear (&t1);
      mc_pdf_token_clear (&t2);
      if (!ok)
        {
          mc_pdf_set_damaged (error, _("a cross-reference subsection header is wrong"));
          goto out;
        }
      ok = FALSE;
      for (gint64 i = 0; i < count; i++)
        {
          McPdfToken a, b, c;
          McPdfXrefEntry e = { 0 };
          gboolean good;

          if (!read_token (&lex, &a, error))
            goto out;
          if (!read_token (&lex, &b, error))
            {
              mc_pdf_token_clear (&a);
              goto out;
            }
          if (!read_token (&lex, &c, error))
            {
              mc_pdf_token_clear (&a);
              mc_pdf_token_clear (&b);
              goto out;
            }
          good = a.type == MC_PDF_TOK_INT && b.type == MC_PDF_TOK_INT && a.i >= 0 && b.i >= 0
                 && (mc_pdf_token_is_keyword (&c, "n") || mc_pdf_token_is_keyword (&c, "f"));
          if (good)
            {
              /* A known writer bug: a table starting at 1 whose first entry
               * is the head of the free list, which belongs to object 0. */
              if (first_sub && i == 0 && start == 1 && a.i == 0 && b.i == 65535
                  && mc_pdf_token_is_keyword (&c, "f"))
                start = 0;
              e.num = (guint32) (start + i);
              e.gen = (guint16) MIN (b.i, G_MAXUINT16);
              e.offset = (guint64) a.i;
              e.type = mc_pdf_token_is_keyword (&c, "n") ? MC_PDF_XREF_USED : MC_PDF_XREF_FREE;
              if (e.type == MC_PDF_XREF_USED && (goffset) e.offset >= self->src.size)
                e.type = MC_PDF_XREF_FREE; /* points past the end: as if absent */
              if (e.num > 0 || e.type == MC_PDF_XREF_FREE)
                g_array_append_val (sec->entries, e);
            }
          if (c.type == MC_PDF_TOK_EOF || a.type == MC_PDF_TOK_EOF)
            g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_TRUNCATED,
                         _("The PDF file ends inside its cross-reference table. The file "
                           "is incomplete: get a complete copy."));
          else if (!good)
            mc_pdf_set_damaged (error, _("a cross-reference entry is not readable"));
          mc_pdf_token_clear (&a);
          mc_pdf_token_clear (&b);
          mc_pdf_token_clear (&c);
          if (!good)
            goto out;
        }
      first_sub = FALSE;
    }
  sec->trailer = mc_pdf_parse_object (&lex, error);
  if (sec->trailer == NULL)
    goto out;
  if (sec->trailer->type != MC_PDF_OBJ_DICT)
    {
      mc_pdf_set_damaged (error, _("the trailer is not a dictionary"));
      goto out;
    }
  sec->end = mc_pdf_lexer_tell (&lex);
  ok = TRUE;
out:
  mc_pdf_lexer_clear (&lex);
  return ok;
}

static guint64
read_field (const guint8 *p,
            int           w)
{
  guint64 v = 0;

  for (int i = 0; i < w; i++)
    v = (v << 8) | p[i];
  return v;
}

static gboolean
parse_xref_stream (McPdfDocument    *self,
                   McPdfXrefSection *sec,
                   goffset           offset,
                   GError          **error)
{
  McPdfLexer lex;
  g_autoptr(McPdfObj) obj = NULL;
  g_autoptr(GBytes) data = NULL;
  McPdfObj *w_obj, *index, *size_obj;
  int w[3];
  int row;
  gsize len, pos = 0;
  const guint8 *d;
  guint32 num = 0;
  g_autoptr(McPdfObj) default_index = NULL;

  mc_pdf_lexer_init (&lex, &self->src);
  lex.budget = &self->budget;
  mc_pdf_lexer_seek (&lex, offset);
  obj = mc_pdf_parse_indirect (self, &lex, 0, &num, NULL, error);
  if (obj != NULL)
    sec->end = mc_pdf_lexer_tell (&lex);
  mc_pdf_lexer_clear (&lex);
  if (obj == NULL)
    return FALSE;
  if (obj->type != MC_PDF_OBJ_STREAM || !mc_pdf_obj_is_name (mc_pdf_dict_get (obj, "Type"), "XRef"))
    return mc_pdf_set_damaged (error, _("the cross-reference offset does not point to a cross-reference section"));

  w_obj = mc_pdf_dict_get (obj, "W");
  size_obj = mc_pdf_dict_get (obj, "Size");
  if (mc_pdf_array_length (w_obj) != 3 || !mc_pdf_obj_is (size_obj, MC_PDF_OBJ_INT)
      || size_obj->u.i < 0 || size_obj->u.i > MC_PDF_MAX_OBJECTS)
    return mc_pdf_set_damaged (error, _("a cross-reference stream lacks a valid /W or /Size"));
  row = 0;
  for (guint i = 0; i < 3; i++)
    {
      McPdfObj *v = mc_pdf_array_get (w_obj, i);
      if (!mc_pdf_obj_is (v, MC_PDF_OBJ_INT) || v->u.i < 0 || v->u.i > 8)
        return mc_pdf_set_damaged (error, _("a cross-reference stream has a bad /W"));
      w[i] = (int) v->u.i;
      row += w[i];
    }
  if (row == 0 || w[1] == 0)
    return mc_pdf_set_damaged (error, _("a cross-reference stream has a bad /W"));

  index = mc_pdf_dict_get (obj, "Index");
  if (index == NULL)
    {
      default_index = mc_pdf_obj_new_array ();
      mc_pdf_array_take (default_index, mc_pdf_obj_new_int (0));
      mc_pdf_array_take (default_index, mc_pdf_obj_new_int (size_obj->u.i));
      index = default_index;
    }
  if (index->type != MC_PDF_OBJ_ARRAY || mc_pdf_array_length (index) % 2 != 0)
    return mc_pdf_set_damaged (error, _("a cross-reference stream has a bad /Index"));

  data = mc_pdf_document_read_stream (self, obj, TRUE, MC_PDF_MAX_DECODED, error);
  if (data == NULL)
    return FALSE;
  d = g_bytes_get_data (data, &len);

  for (guint k = 0; k + 1 < mc_pdf_array_length (index); k += 2)
    {
      McPdfObj *s = mc_pdf_array_get (index, k), *c = mc_pdf_array_get (index, k + 1);
      gint64 start, count;
      if (!mc_pdf_obj_is (s, MC_PDF_OBJ_INT) || !mc_pdf_obj_is (c, MC_PDF_OBJ_INT))
        return mc_pdf_set_damaged (error, _("a cross-reference stream has a bad /Index"));
      start = s->u.i;
      count = c->u.i;
      if (start < 0 || count < 0 || start > MC_PDF_MAX_OBJECTS || count > MC_PDF_MAX_OBJECTS - start)
        return mc_pdf_set_damaged (error, _("a cross-reference stream has a bad /Index"));
      for (gint64 i = 0; i < count; i++)
        {
          McPdfXrefEntry e = { 0 };
          guint64 type;
          if (pos + row > len)
            return mc_pdf_set_damaged (error, _("a cross-reference stream is shorter than its /Index says"));
          type = w[0] == 0 ? 1 : read_field (d + pos, w[0]);
          e.num = (guint32) (start + i);
          e.offset = read_field (d + pos + w[0], w[1]);
          {
            guint64 f3 = read_field (d + pos + w[0] + w[1], w[2]);
            e.gen = (guint16) MIN (f3, G_MAXUINT16);
            if (type == 2 && f3 > G_MAXUINT16)
              type = 99; /* index beyond any object stream: ignore */
          }
          pos += row;
          if (type == 0)
            e.type = MC_PDF_XREF_FREE;
          else if (type == 1)
            {
              e.type = MC_PDF_XREF_USED;
              if ((goffset) e.offset >= self->src.size)
                e.type = MC_PDF_XREF_FREE;
            }
          else if (type == 2)
            {
              e.type = MC_PDF_XREF_COMPRESSED;
              if (e.offset == 0 || e.offset > MC_PDF_MAX_OBJECTS)
                e.type = MC_PDF_XREF_FREE;
            }
          else
            continue; /* unknown types are references to null */
          if (e.num == 0 && e.type != MC_PDF_XREF_FREE)
            continue;
          if (!mc_pdf_budget_charge (&self->budget, sizeof e, error))
            return FALSE;
          g_array_append_val (sec->entries, e);
        }
    }
  if (sec->trailer == NULL)
    {
      sec->trailer = mc_pdf_obj_ref (mc_pdf_stream_get_dict (obj));
      sec->stream_num = num;
    }
  return TRUE;
}

static gboolean
load_sections (McPdfDocument *self,
               GError       **error)
{
  goffset offset = self->startxref;

  while (offset >= 0)
    {
      McPdfXrefSection *sec;
      McPdfLexer lex;
      McPdfToken *tok;
      gboolean is_table;
      McPdfObj *prev, *xrefstm;

      if (self->sections->len >= MC_PDF_MAX_XREF_CHAIN)
        return mc_pdf_set_damaged (error, _("the chain of updates is too long"));
      for (guint i = 0; i < self->sections->len; i++)
        if (((McPdfXrefSection *) g_ptr_array_index (self->sections, i))->offset == offset)
          return mc_pdf_set_damaged (error, _("the chain of updates (/Prev) loops"));
      if (offset >= self->src.size)
        {
          g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_DAMAGED,
                       _("The PDF file points to a cross-reference section at byte %lld"
                         ", past its end. The file is damaged or incomplete: get a good copy "
                         "or save it again with a PDF program."),
                       (long long) offset);
          return FALSE;
        }

      sec = g_new0 (McPdfXrefSection, 1);
      sec->offset = offset;
      sec->entries = g_array_new (FALSE, FALSE, sizeof (McPdfXrefEntry));
      g_ptr_array_add (self->sections, sec);

      mc_pdf_lexer_init (&lex, &self->src);
      lex.budget = &self->budget;
      mc_pdf_lexer_seek (&lex, offset);
      if (!mc_pdf_lexer_peek (&lex, 0, &tok, error))
        {
          mc_pdf_lexer_clear (&lex);
          return FALSE;
        }
      is_table = mc_pdf_token_is_keyword (tok, "xref");
      if (!is_table && tok->type != MC_PDF_TOK_INT)
        {
          mc_pdf_lexer_clear (&lex);
          g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_DAMAGED,
                       _("The PDF file’s cross-reference offset (byte %lld) does "
                         "not point to a cross-reference section. The file is damaged: open it in "
                         "a PDF program and save a new copy, then try again."),
                       (long long) offset);
          return FALSE;
        }
      mc_pdf_lexer_clear (&lex);

      if (is_table)
        {
          sec->kind = MC_PDF_XREF_TABLE;
          if (!parse_xref_table (self, sec, error))
            return FALSE;
          xrefstm = mc_pdf_dict_get (sec->trailer, "XRefStm");
          if (mc_pdf_obj_is (xrefstm, MC_PDF_OBJ_INT) && xrefstm->u.i > 0
              && xrefstm->u.i < self->src.size)
            {
              /* Hybrid: the stream's entries fill in what the table lacks. */
              goffset keep_end = sec->end;
              sec->kind = MC_PDF_XREF_HYBRID;
              if (!parse_xref_stream (self, sec, xrefstm->u.i, error))
                return FALSE;
              sec->end = keep_end;
            }
        }
      else
        {
          sec->kind = MC_PDF_XREF_STREAM;
          if (!parse_xref_stream (self, sec, offset, error))
            return FALSE;
        }
      /* g_array_sort is not stable: table entries come first and must win
       * over a hybrid's stream entries, so mark them by order. */
      {
        g_autoptr(GHashTable) have = g_hash_table_new (NULL, NULL);
        guint out = 0;
        for (guint i = 0; i < sec->entries->len; i++)
          {
            McPdfXrefEntry *e = &g_array_index (sec->entries, McPdfXrefEntry, i);
            if (g_hash_table_contains (have, GUINT_TO_POINTER (e->num + 1)))
              continue;
            g_hash_table_add (have, GUINT_TO_POINTER (e->num + 1));
            g_array_index (sec->entries, McPdfXrefEntry, out++) = *e;
          }
        g_array_set_size (sec->entries, out);
        sort_unique (sec->entries);
      }

      prev = mc_pdf_dict_get (sec->trailer, "Prev");
      if (prev == NULL)
        break;
      if (!mc_pdf_obj_is (prev, MC_PDF_OBJ_INT) && !mc_pdf_obj_is (prev, MC_PDF_OBJ_REAL))
        return mc_pdf_set_damaged (error, _("the trailer’s /Prev is not a number"));
      offset = mc_pdf_obj_get_int (prev);
      if (offset < 0)
        return mc_pdf_set_damaged (error, _("the trailer’s /Prev is negative"));
    }
  return TRUE;
}

static gboolean
merge_sections (McPdfDocument *self,
                GError       **error)
{
  guint32 max = 0;
  gint64 size_limit = -1;

  /* /Size is one more than the highest object number: entries past the
   * largest /Size any section declares are not objects of the file. */
  for (guint s = 0; s < self->sections->len; s++)
    {
      McPdfXrefSection *sec = g_ptr_array_index (self->sections, s);
      McPdfObj *size = sec->trailer ? mc_pdf_dict_get (sec->trailer, "Size") : NULL;

      if (mc_pdf_obj_is (size, MC_PDF_OBJ_INT) && size->u.i > 0 && size->u.i <= (gint64) MC_PDF_MAX_OBJECTS + 1)
        size_limit = MAX (size_limit, size->u.i);
    }
  for (guint s = 0; s < self->sections->len; s++)
    {
      McPdfXrefSection *sec = g_ptr_array_index (self->sections, s);
      guint n = sec->entries->len;

      if (size_limit > 0)
        while (n > 0 && (gint64) g_array_index (sec->entries, McPdfXrefEntry, n - 1).num >= size_limit)
          n--;
      g_array_set_size (sec->entries, n);
      if (n > 0)
        max = MAX (max, g_array_index (sec->entries, McPdfXrefEntry, n - 1).num);
    }
  if (!mc_pdf_budget_charge (&self->budget, ((guint64) max + 1) * sizeof (McPdfXrefEntry), error))
    return FALSE;
  g_array_set_size (self->xref, (guint) max + 1);
  for (guint i = 0; i <= max; i++)
    g_array_index (self->xref, McPdfXrefEntry, i).type = ENTRY_UNSET;
  for (guint s = 0; s < self->sections->len; s++)
    {
      McPdfXrefSection *sec = g_ptr_array_index (self->sections, s);
      for (guint i = 0; i < sec->entries->len; i++)
        {
          McPdfXrefEntry *e = &g_array_index (sec->entries, McPdfXrefEntry, i);
          McPdfXrefEntry *m = &g_array_index (self->xref, McPdfXrefEntry, e->num);
          if (m->type == ENTRY_UNSET)
            *m = *e;
        }
    }

  /* The newest trailer, with what an update left out taken from older ones. */
  self->trailer = mc_pdf_obj_copy (((McPdfXrefSection *) g_ptr_array_index (self->sections, 0))->trailer);
  for (guint s = 1; s < self->sections->len; s++)
    {
      McPdfXrefSection *sec = g_ptr_array_index (self->sections, s);
      static const char *keys[] = { "Root", "Info", "ID", "Encrypt" };
      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        if (mc_pdf_dict_get (self->trailer, keys[k]) == NULL
            && mc_pdf_dict_get (sec->trailer, keys[k]) != NULL)
          mc_pdf_dict_set (self->trailer, keys[k], mc_pdf_dict_get (sec->trailer, keys[k]));
    }
  if (mc_pdf_dict_get (self->trailer, "Encrypt") != NULL)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_ENCRYPTED,
                   _("The PDF file is encrypted (protected by a password or by permissions). "
                     "Ask for an unprotected copy, or remove the protection with a PDF program, "
                     "then sign that copy."));
      return FALSE;
    }
  if (!mc_pdf_obj_is (mc_pdf_dict_get (self->trailer, "Root"), MC_PDF_OBJ_REF))
    return mc_pdf_set_damaged (error, _("the trailer has no /Root"));
  return TRUE;
}

/* Finds the last "startxref N" and checks that "%%EOF" follows it. */
static gboolean
find_startxref (McPdfDocument *self,
                GError       **error)
{
  gsize tail_len = (gsize) MIN (self->src.size, 4096);
  g_autofree guint8 *tail = g_malloc (tail_len + 1);
  goffset base = self->src.size - tail_len;
  const char *hit = NULL;
  McPdfLexer lex;
  McPdfToken t;

  if (!mc_pdf_source_read_at (&self->src, base, tail, tail_len, error))
    return FALSE;
  tail[tail_len] = 0;
  for (gsize i = tail_len >= 9 ? tail_len - 9 + 1 : 0; i > 0; i--)
    if (memcmp (tail + i - 1, "startxref", 9) == 0)
      {
        hit = (const char *) tail + i - 1;
        break;
      }
  if (hit == NULL)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_TRUNCATED,
                   _("The PDF file has no “startxref” at its end: it is incomplete or damaged. "
                     "Get a complete copy of the document."));
      return FALSE;
    }
  if (g_strstr_len (hit, tail_len - (hit - (const char *) tail), "%%EOF") == NULL)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_TRUNCATED,
                   _("The PDF file does not end with “%%%%EOF”: it is incomplete. Get a "
                     "complete copy of the document."));
      return FALSE;
    }
  mc_pdf_lexer_init (&lex, &self->src);
  lex.budget = &self->budget;
  mc_pdf_lexer_seek (&lex, base + (hit - (const char *) tail) + 9);
  if (!mc_pdf_lexer_next (&lex, &t, error))
    {
      mc_pdf_lexer_clear (&lex);
      return FALSE;
    }
  mc_pdf_lexer_clear (&lex);
  if (t.type != MC_PDF_TOK_INT || t.i <= 0 || t.i >= self->src.size)
    {
      mc_pdf_token_clear (&t);
      return mc_pdf_set_damaged (error, _("the number after “startxref” is not a valid offset"));
    }
  self->startxref = t.i;
  mc_pdf_token_clear (&t);
  return TRUE;
}

static gboolean
check_header (McPdfDocument *self,
              GError       **error)
{
  gsize n = (gsize) MIN (self->src.size, 1024);
  g_autofree guint8 *head = g_malloc (n + 1);

  if (!mc_pdf_source_read_at (&self->src, 0, head, n, error))
    return FALSE;
  for (gsize i = 0; i + 5 <= n; i++)
    if (memcmp (head + i, "%PDF-", 5) == 0)
      return TRUE;
  g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_NOT_PDF,
               _("The file is not a PDF document. Choose a PDF file."));
  return FALSE;
}

static void
detect_linearized (McPdfDocument *self)
{
  McPdfLexer lex;
  g_autoptr(McPdfObj) first = NULL;
  gsize n = (gsize) MIN (self->src.size, 1024);
  g_autofree guint8 *head = g_malloc (n + 1);
  goffset at = -1;

  if (!mc_pdf_source_read_at (&self->src, 0, head, n, NULL))
    return;
  head[n] = 0;
  /* The linearization dictionary is the first object after the header. */
  for (gsize i = 0; i + 3 < n; i++)
    if (memcmp (head + i, "obj", 3) == 0)
      {
        gsize j = i;
        int fields = 0;
        while (j > 0 && fields < 2)
          {
            while (j > 0 && g_ascii_isspace (head[j - 1]))
              j--;
            if (j == 0 || !g_ascii_isdigit (head[j - 1]))
              break;
            while (j > 0 && g_ascii_isdigit (head[j - 1]))
              j--;
            fields++;
          }
        if (fields == 2)
          at = j;
        break;
      }
  if (at < 0)
    return;
  mc_pdf_lexer_init (&lex, &self->src);
  lex.budget = &self->budget;
  mc_pdf_lexer_seek (&lex, at);
  /* Only the dictionary: the first object may be a large stream. */
  for (int i = 0; i < 3; i++)
    {
      McPdfToken t;
      if (!mc_pdf_lexer_next (&lex, &t, NULL))
        {
          mc_pdf_lexer_clear (&lex);
          return;
        }
      mc_pdf_token_clear (&t);
    }
  first = mc_pdf_parse_object (&lex, NULL);
  mc_pdf_lexer_clear (&lex);
  self->linearized = first != NULL && mc_pdf_dict_get (first, "Linearized") != NULL;
}

gboolean
mc_pdf_xref_load (McPdfDocument *self,
                  GError       **error)
{
  if (!check_header (self, error) || !find_startxref (self, error)
      || !load_sections (self, error) || !merge_sections (self, error))
    return FALSE;
  detect_linearized (self);
  return TRUE;
}
