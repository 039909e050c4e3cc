/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading PDF syntax: a byte source that keeps only a window of the file in
 * memory (or reads a decoded object stream from memory), a tokenizer, and
 * the object parser. Everything here is written for hostile input: every
 * loop ends at the end of the data, nesting is bounded, sizes are capped,
 * and every failure is a GError that says where the damage is. */
#define G_LOG_DOMAIN "motcua-pdf"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <errno.h>

#include "mc-pdf-private.h"

#define WINDOW (64 * 1024)

/* ---- byte source ---- */

void
mc_pdf_source_init_stream (McPdfSource  *src,
                           GInputStream *stream,
                           goffset       size)
{
  memset (src, 0, sizeof *src);
  src->stream = g_object_ref (stream);
  src->size = size;
  src->buf_cap = WINDOW;
  src->buf = g_malloc (WINDOW);
}

void
mc_pdf_source_init_memory (McPdfSource  *src,
                           const guint8 *data,
                           gsize         len)
{
  memset (src, 0, sizeof *src);
  src->mem = data;
  src->size = len;
}

void
mc_pdf_source_clear (McPdfSource *src)
{
  g_clear_object (&src->stream);
  g_clear_pointer (&src->buf, g_free);
  g_clear_error (&src->error);
}

static gboolean
source_fill (McPdfSource *src,
             goffset      at)
{
  gsize got = 0;
  gsize want;

  if (src->error != NULL)
    return FALSE;
  want = (gsize) MIN ((goffset) src->buf_cap, src->size - at);
  if (!g_seekable_seek (G_SEEKABLE (src->stream), at, G_SEEK_SET, NULL, &src->error)
      || !g_input_stream_read_all (src->stream, src->buf, want, &got, NULL, &src->error))
    return FALSE;
  src->buf_start = at;
  src->buf_len = got;
  return got > 0;
}

int
mc_pdf_source_peek (McPdfSource *src)
{
  if (src->pos < 0 || src->pos >= src->size)
    return -1;
  if (src->mem != NULL)
    return src->mem[src->pos];
  if (src->pos < src->buf_start || src->pos >= src->buf_start + (goffset) src->buf_len)
    {
      if (!source_fill (src, src->pos))
        return -1;
    }
  return src->buf[src->pos - src->buf_start];
}

int
mc_pdf_source_getc (McPdfSource *src)
{
  int c = mc_pdf_source_peek (src);

  if (c >= 0)
    src->pos++;
  return c;
}

gboolean
mc_pdf_source_read_at (McPdfSource *src,
                       goffset      offset,
                       guint8      *buf,
                       gsize        len,
                       GError     **error)
{
  gsize got = 0;

  if (offset < 0 || offset > src->size || (goffset) len > src->size - offset)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_TRUNCATED,
                   _("The PDF file ends before the data at byte %lld"
                     " that it refers to. The file is incomplete: get a complete copy."),
                   (long long) offset);
      return FALSE;
    }
  if (src->mem != NULL)
    {
      memcpy (buf, src->mem + offset, len);
      return TRUE;
    }
  if (!g_seekable_seek (G_SEEKABLE (src->stream), offset, G_SEEK_SET, NULL, error)
      || !g_input_stream_read_all (src->stream, buf, len, &got, NULL, error))
    return FALSE;
  if (got != len)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_TRUNCATED,
                   _("The PDF file became shorter while it was being read."));
      return FALSE;
    }
  return TRUE;
}

/* ---- tokenizer ---- */

static gboolean
is_space (int c)
{
  return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static gboolean
is_delim (int c)
{
  return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{'
         || c == '}' || c == '/' || c == '%';
}

static int
hex_value (int c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

void
mc_pdf_lexer_init (McPdfLexer  *lex,
                   McPdfSource *src)
{
  memset (lex, 0, sizeof *lex);
  lex->src = src;
}

void
mc_pdf_token_clear (McPdfToken *tok)
{
  g_clear_pointer (&tok->text, g_byte_array_unref);
  tok->type = MC_PDF_TOK_EOF;
}

void
mc_pdf_lexer_clear (McPdfLexer *lex)
{
  for (guint i = 0; i < lex->n_ahead; i++)
    mc_pdf_token_clear (&lex->ahead[i]);
  lex->n_ahead = 0;
}

void
mc_pdf_lexer_seek (McPdfLexer *lex,
                   goffset     offset)
{
  mc_pdf_lexer_clear (lex);
  lex->src->pos = offset;
}

goffset
mc_pdf_lexer_tell (McPdfLexer *lex)
{
  if (lex->n_ahead > 0)
    return lex->ahead[0].start;
  return lex->src->pos;
}

gboolean
mc_pdf_token_is_keyword (McPdfToken *tok,
                         const char *word)
{
  return tok->type == MC_PDF_TOK_KEYWORD && strcmp ((const char *) tok->text->data, word) == 0;
}

static gboolean
syntax_error (GError     **error,
              McPdfSource *src,
              goffset      at,
              const char  *what)
{
  if (src->error != NULL)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_IO,
                   _("Could not read the PDF file: %s"), src->error->message);
      return FALSE;
    }
  g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_DAMAGED,
               _("The PDF file is damaged near byte %lld (%s). "
                 "Open it in a PDF program and save a new copy, then try again."),
               (long long) at, what);
  return FALSE;
}

static gboolean
push_byte (GByteArray  *text,
           guint8       c,
           McPdfSource *src,
           goffset      start,
           GError     **error)
{
  if (text->len >= MC_PDF_MAX_TOKEN)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_TOO_LARGE,
                   _("The PDF file has a string or name over 64 MB near byte %lld"
                     ", which is not plausible; the file is damaged."),
                   (long long) start);
      return FALSE;
    }
  g_byte_array_append (text, &c, 1);
  return TRUE;
}

static gboolean
lex_literal_string (McPdfSource *src,
                    McPdfToken  *tok,
                    GError     **error)
{
  int depth = 1;

  for (;;)
    {
      int c = mc_pdf_source_getc (src);
      if (c < 0)
        return syntax_error (error, src, tok->start, _("a string never ends"));
      if (c == '(')
        depth++;
      else if (c == ')')
        {
          if (--depth == 0)
            break;
        }
      else if (c == '\r')
        {
          /* An end of line in a string is a line feed, whatever its bytes. */
          if (mc_pdf_source_peek (src) == '\n')
            mc_pdf_source_getc (src);
          c = '\n';
        }
      else if (c == '\\')
        {
          c = mc_pdf_source_getc (src);
          switch (c)
            {
            case 'n': c = '\n'; break;
            case 'r': c = '\r'; break;
            case 't': c = '\t'; break;
            case 'b': c = '\b'; break;
            case 'f': c = '\f'; break;
            case '(': case ')': case '\\': break;
            case '\r':
              if (mc_pdf_source_peek (src) == '\n')
                mc_pdf_source_getc (src);
              continue;
            case '\n':
              continue;
            case -1:
              return syntax_error (error, src, tok->start, _("a string never ends"));
            default:
              if (c >= '0' && c <= '7')
                {
                  int v = c - '0';
                  for (int k = 0; k < 2; k++)
                    {
                      int d = mc_pdf_source_peek (src);
                      if (d < '0' || d > '7')
                        break;
                      mc_pdf_source_getc (src);
                      v = v * 8 + (d - '0');
                    }
                  c = v & 0xff;
                }
              /* Any other escaped character stands for itself. */
              break;
            }
        }
      if (!push_byte (tok->text, (guint8) c, src, tok->start, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
lex_hex_string (McPdfSource *src,
                McPdfToken  *tok,
                GError     **error)
{
  int hi = -1;

  for (;;)
    {
      int c = mc_pdf_source_getc (src);
      int v;
      if (c < 0)
        return syntax_error (error, src, tok->start, _("a hexadecimal string never ends"));
      if (c == '>')
        break;
      if (is_space (c))
        continue;
      v = hex_value (c);
      if (v < 0)
        return syntax_error (error, src, tok->start, _("a hexadecimal string holds a non-hex character"));
      if (hi < 0)
        hi = v;
      else
        {
          if (!push_byte (tok->text, (guint8) ((hi << 4) | v), src, tok->start, error))
            return FALSE;
          hi = -1;
        }
    }
  if (hi >= 0)
    return push_byte (tok->text, (guint8) (hi << 4), src, tok->start, error);
  return TRUE;
}

static gboolean
lex_name (McPdfSource *src,
          McPdfToken  *tok,
          GError     **error)
{
  for (;;)
    {
      int c = mc_pdf_source_peek (src);
      if (c < 0 || is_space (c) || is_delim (c))
        break;
      mc_pdf_source_getc (src);
      if (c == '#')
        {
          int a = hex_value (mc_pdf_source_peek (src));
          int b;
          if (a >= 0)
            {
              mc_pdf_source_getc (src);
              b = hex_value (mc_pdf_source_peek (src));
              if (b >= 0)
                {
                  mc_pdf_source_getc (src);
                  c = (a << 4) | b;
                }
              else
                c = a; /* broken escape: keep what we can */
            }
          if (c == 0)
            return syntax_error (error, src, tok->start, _("a name holds a zero byte"));
        }
      if (!push_byte (tok->text, (guint8) c, src, tok->start, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
lex_number_or_keyword (McPdfSource *src,
                       McPdfToken  *tok,
                       int          first,
                       GError     **error)
{
  gboolean numeric = TRUE;
  int dots = 0, digits = 0, signs = 0;
  const char *s;

  push_byte (tok->text, (guint8) first, src, tok->start, NULL);
  for (;;)
    {
      int c = mc_pdf_source_peek (src);
      if (c < 0 || is_space (c) || is_delim (c))
        break;
      mc_pdf_source_getc (src);
      if (tok->text->len > 256)
        return syntax_error (error, src, tok->start, _("a keyword is far too long"));
      push_byte (tok->text, (guint8) c, src, tok->start, NULL);
    }
  {
    /* Terminate for strtoll/strtod, keeping the length. */
    guint8 nul = 0;
    g_byte_array_append (tok->text, &nul, 1);
    g_byte_array_set_size (tok->text, tok->text->len - 1);
  }
  s = (const char *) tok->text->data;
  for (guint i = 0; i < tok->text->len; i++)
    {
      char c = s[i];
      if (c >= '0' && c <= '9')
        digits++;
      else if (c == '.')
        dots++;
      else if ((c == '+' || c == '-') && i == 0)
        signs++;
      else
        numeric = FALSE;
    }
  if (!numeric || digits == 0 || dots > 1)
    {
      if (first == '+' || first == '-' || first == '.' || g_ascii_isdigit (first))
        {
          /* Some writers emit "--5" or "0.0.1"; treat them as zero as most
           * readers do, rather than refusing the file. */
          if (!numeric || digits == 0 || dots > 1)
            {
              tok->type = MC_PDF_TOK_REAL;
              tok->r = 0;
              return TRUE;
            }
        }
      tok->type = MC_PDF_TOK_KEYWORD;
      return TRUE;
    }
  if (dots == 0)
    {
      gchar *end = NULL;
      gint64 v;
      errno = 0;
      v = g_ascii_strtoll (s, &end, 10);
      if (errno == 0)
        {
          tok->type = MC_PDF_TOK_INT;
          tok->i = v;
          return TRUE;
        }
    }
  tok->type = MC_PDF_TOK_REAL;
  tok->r = g_ascii_strtod (s, NULL);
  return TRUE;
}

static gboolean
lex_raw (McPdfLexer  *lex,
         McPdfToken  *tok,
         GError     **error)
{
  McPdfSource *src = lex->src;
  int c;

  memset (tok, 0, sizeof *tok);
  tok->text = g_byte_array_new ();
  for (;;)
    {
      c = mc_pdf_source_getc (src);
      if (c == '%')
        {
          while ((c = mc_pdf_source_getc (src)) >= 0 && c != '\n' && c != '\r')
            ;
          continue;
        }
      if (c < 0 || !is_space (c))
        break;
    }
  tok->start = src->pos - (c >= 0 ? 1 : 0);
  if (c < 0)
    {
      if (src->error != NULL)
        return syntax_error (error, src, tok->start, "");
      tok->type = MC_PDF_TOK_EOF;
      goto done;
    }
  switch (c)
    {
    case '[':
      tok->type = MC_PDF_TOK_ARRAY_OPEN;
      break;
    case ']':
      tok->type = MC_PDF_TOK_ARRAY_CLOSE;
      break;
    case '(':
      tok->type = MC_PDF_TOK_STRING;
      if (!lex_literal_string (src, tok, error))
        return FALSE;
      break;
    case '<':
      if (mc_pdf_source_peek (src) == '<')
        {
          mc_pdf_source_getc (src);
          tok->type = MC_PDF_TOK_DICT_OPEN;
        }
      else
        {
          tok->type = MC_PDF_TOK_STRING;
          if (!lex_hex_string (src, tok, error))
            return FALSE;
        }
      break;
    case '>':
      if (mc_pdf_source_getc (src) != '>')
        return syntax_error (error, src, tok->start, _("a lone “>”"));
      tok->type = MC_PDF_TOK_DICT_CLOSE;
      break;
    case '/':
      tok->type = MC_PDF_TOK_NAME;
      if (!lex_name (src, tok, error))
        return FALSE;
      break;
    case ')':
    case '{':
    case '}':
      return syntax_error (error, src, tok->start, _("an unexpected delimiter"));
    default:
      if (!lex_number_or_keyword (src, tok, c, error))
        return FALSE;
      break;
    }
done:
  {
    guint8 nul = 0;
    g_byte_array_append (tok->text, &nul, 1);
    g_byte_array_set_size (tok->text, tok->text->len - 1);
  }
  return TRUE;
}

gboolean
mc_pdf_lexer_next (McPdfLexer  *lex,
                   McPdfToken  *tok,
                   GError     **error)
{
  if (lex->n_ahead > 0)
    {
      *tok = lex->ahead[0];
      lex->ahead[0] = lex->ahead[1];
      memset (&lex->ahead[1], 0, sizeof lex->ahead[1]);
      lex->n_ahead--;
      return TRUE;
    }
  if (!lex_raw (lex, tok, error))
    {
      mc_pdf_token_clear (tok);
      return FALSE;
    }
  return TRUE;
}

gboolean
mc_pdf_lexer_peek (McPdfLexer  *lex,
                   guint        n,
                   McPdfToken **tok,
                   GError     **error)
{
  g_assert (n < G_N_ELEMENTS (lex->ahead));

  while (lex->n_ahead <= n)
    {
      if (!lex_raw (lex, &lex->ahead[lex->n_ahead], error))
        {
          mc_pdf_token_clear (&lex->ahead[lex->n_ahead]);
          return FALSE;
        }
      lex->n_ahead++;
    }
  *tok = &lex->ahead[n];
  return TRUE;
}

/* ---- parser ---- */

static McPdfObj *parse_value (McPdfLexer *lex, McPdfToken *tok, int depth, GError **error);

static McPdfObj *
parse_next (McPdfLexer *lex,
            int         depth,
            GError    **error)
{
  McPdfToken tok;
  McPdfObj *obj;

  if (!mc_pdf_lexer_next (lex, &tok, error))
    return NULL;
  obj = parse_value (lex, &tok, depth, error);
  mc_pdf_token_clear (&tok);
  return obj;
}

/**
 * mc_pdf_budget_charge:
 * @budget: (nullable): what is left of a document's budget
 * @cost: what the next step costs
 * @error: where to put a failure
 *
 * Takes @cost from @budget (no budget: no limit).
 *
 * Returns: %FALSE, with %MC_SIGNING_ERROR_PDF_TOO_LARGE, when the budget
 *   is spent
 */
gboolean
mc_pdf_budget_charge (gint64  *budget,
                      guint64  cost,
                      GError **error)
{
  if (budget == NULL)
    return TRUE;
  if (*budget < 0 || cost > (guint64) *budget)
    {
      *budget = -1;
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_TOO_LARGE,
                   _("The PDF file unpacks into far more data than its size explains, as files "
                     "built to exhaust memory do; it was not read further. Ask the sender for a "
                     "copy saved by an ordinary PDF program."));
      return FALSE;
    }
  *budget -= (gint64) cost;
  return TRUE;
}

static McPdfObj *
parse_value (McPdfLexer *lex,
             McPdfToken *tok,
             int         depth,
             GError    **error)
{
  McPdfSource *src = lex->src;

  if (depth > MC_PDF_MAX_DEPTH)
    {
      syntax_error (error, src, tok->start, _("arrays or dictionaries are nested too deeply"));
      return NULL;
    }
  if (!mc_pdf_budget_charge (lex->budget,
                             MC_PDF_OBJ_COST + (tok->text != NULL ? tok->text->len : 0), error))
    return NULL;

  switch (tok->type)
    {
    case MC_PDF_TOK_EOF:
      syntax_error (error, src, tok->start, _("the data ends in the middle of an object"));
      return NULL;
    case MC_PDF_TOK_REAL:
      return mc_pdf_obj_new_real (tok->r);
    case MC_PDF_TOK_STRING:
      return mc_pdf_obj_new_string (tok->text->data, tok->text->len);
    case MC_PDF_TOK_NAME:
      return mc_pdf_obj_new_name ((const char *) tok->text->data);
    case MC_PDF_TOK_INT:
      {
        McPdfToken *t1, *t2;
        GError *local = NULL;
        /* "num gen R" needs two tokens of lookahead. */
        if (tok->i >= 0 && tok->i <= G_MAXUINT32
            && mc_pdf_lexer_peek (lex, 0, &t1, &local) && t1->type == MC_PDF_TOK_INT
            && t1->i >= 0 && t1->i <= G_MAXUINT16
            && mc_pdf_lexer_peek (lex, 1, &t2, &local) && mc_pdf_token_is_keyword (t2, "R"))
          {
            McPdfToken a, b;
            guint32 num = (guint32) tok->i;
            guint16 gen = (guint16) t1->i;
            mc_pdf_lexer_next (lex, &a, NULL);
            mc_pdf_lexer_next (lex, &b, NULL);
            mc_pdf_token_clear (&a);
            mc_pdf_token_clear (&b);
            return mc_pdf_obj_new_ref (num, gen);
          }
        if (local != NULL)
          {
            g_propagate_error (error, local);
            return NULL;
          }
        return mc_pdf_obj_new_int (tok->i);
      }
    case MC_PDF_TOK_KEYWORD:
      {
        const char *w = (const char *) tok->text->data;
        if (strcmp (w, "null") == 0)
          return mc_pdf_obj_new_null ();
        if (strcmp (w, "true") == 0)
          return mc_pdf_obj_new_bool (TRUE);
        if (strcmp (w, "false") == 0)
          return mc_pdf_obj_new_bool (FALSE);
        syntax_error (error, src, tok->start, _("an unexpected keyword"));
        return NULL;
      }
    case MC_PDF_TOK_ARRAY_OPEN:
      {
        g_autoptr(McPdfObj) arr = mc_pdf_obj_new_array ();
        for (;;)
          {
            McPdfToken t;
            McPdfObj *v;
            if (!mc_pdf_lexer_next (lex, &t, error))
              return NULL;
            if (t.type == MC_PDF_TOK_ARRAY_CLOSE)
              {
                mc_pdf_token_clear (&t);
                break;
              }
            v = parse_value (lex, &t, depth + 1, error);
            mc_pdf_token_clear (&t);
            if (v == NULL)
              return NULL;
            mc_pdf_array_take (arr, v);
          }
        return g_steal_pointer (&arr);
      }
    case MC_PDF_TOK_DICT_OPEN:
      {
        g_autoptr(McPdfObj) dict = mc_pdf_obj_new_dict ();
        for (;;)
          {
            McPdfToken key;
            McPdfObj *v;
            if (!mc_pdf_lexer_next (lex, &key, error))
              return NULL;
            if (key.type == MC_PDF_TOK_DICT_CLOSE)
              {
                mc_pdf_token_clear (&key);
                break;
              }
            if (key.type != MC_PDF_TOK_NAME)
              {
                syntax_error (error, src, key.start, _("a dictionary key is not a name"));
                mc_pdf_token_clear (&key);
                return NULL;
              }
            v = parse_next (lex, depth + 1, error);
            if (v == NULL)
              {
                mc_pdf_token_clear (&key);
                return NULL;
              }
            /* Dictionaries grow in place: no quadratic duplicate check here;
             * lookups take the last value for a repeated key. */
            {
              McPdfDictEntry e = { g_strdup ((const char *) key.text->data), v };
              g_array_append_val (dict->u.dict, e);
            }
            mc_pdf_token_clear (&key);
          }
        return g_steal_pointer (&dict);
      }
    default:
      syntax_error (error, src, tok->start, _("an unexpected delimiter"));
      return NULL;
    }
}

McPdfObj *
mc_pdf_parse_object (McPdfLexer *lex,
                     GError    **error)
{
  return parse_next (lex, 0, error);
}

/* Finds "endstream" from @from; returns its offset or -1. Bounded by the
 * end of the file. */
static goffset
find_endstream (McPdfSource *src,
                goffset      from)
{
  static const char word[] = "endstream";
  gsize matched = 0;

  src->pos = from;
  for (;;)
    {
      int c = mc_pdf_source_getc (src);
      if (c < 0)
        return -1;
      if (c == word[matched])
        {
          if (++matched == sizeof word - 1)
            return src->pos - (goffset) matched;
        }
      else
        matched = (c == word[0]) ? 1 : 0;
    }
}

McPdfObj *
mc_pdf_parse_indirect (McPdfDocument *doc,
                       McPdfLexer    *lex,
                       guint32        expect_num,
                       guint32       *num_out,
                       guint16       *gen_out,
                       GError       **error)
{
  McPdfSource *src = lex->src;
  McPdfToken t1, t2, t3;
  g_autoptr(McPdfObj) obj = NULL;
  McPdfToken *next;
  goffset start = mc_pdf_lexer_tell (lex);
  gboolean ok;

  if (!mc_pdf_lexer_next (lex, &t1, error))
    return NULL;
  if (!mc_pdf_lexer_next (lex, &t2, error))
    {
      mc_pdf_token_clear (&t1);
      return NULL;
    }
  if (!mc_pdf_lexer_next (lex, &t3, error))
    {
      mc_pdf_token_clear (&t1);
      mc_pdf_token_clear (&t2);
      return NULL;
    }
  ok = t1.type == MC_PDF_TOK_INT && t1.i >= 0 && t1.i <= G_MAXUINT32
       && t2.type == MC_PDF_TOK_INT && t2.i >= 0 && t2.i <= G_MAXUINT16
       && mc_pdf_token_is_keyword (&t3, "obj")
       && (expect_num == 0 || t1.i == expect_num);
  if (ok)
    {
      if (num_out)
        *num_out = (guint32) t1.i;
      if (gen_out)
        *gen_out = (guint16) t2.i;
    }
  mc_pdf_token_clear (&t1);
  mc_pdf_token_clear (&t2);
  mc_pdf_token_clear (&t3);
  if (!ok)
    {
      if (src->error != NULL)
        syntax_error (error, src, start, "");
      else if (expect_num != 0)
        g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_DAMAGED,
                     _("Object %u is not where the PDF file’s cross-reference table says "
                       "(byte %lld). The file is damaged: open it in a PDF "
                       "program and save a new copy, then try again."),
                     expect_num, (long long) start);
      else
        syntax_error (error, src, start, _("an object header is expected"));
      return NULL;
    }

  obj = mc_pdf_parse_object (lex, error);
  if (obj == NULL)
    return NULL;

  if (!mc_pdf_lexer_peek (lex, 0, &next, error))
    return NULL;
  if (mc_pdf_token_is_keyword (next, "stream"))
    {
      McPdfObj *len_obj;
      g_autoptr(McPdfObj) resolved = NULL;
      goffset data_start, end_at;
      gint64 length = -1;
      int c;
      McPdfObj *stream;

      if (obj->type != MC_PDF_OBJ_DICT)
        {
          syntax_error (error, src, next->start, _("stream data follows something that is not a dictionary"));
          return NULL;
        }
      if (src->mem != NULL)
        {
          syntax_error (error, src, next->start, _("a stream inside an object stream"));
          return NULL;
        }
      /* The data starts after "stream" and one end of line. The token was
       * read with no lookahead past it, so the source sits right after. */
      g_assert (lex->n_ahead == 1);
      src->pos = next->start + 6;
      mc_pdf_lexer_clear (lex);
      c = mc_pdf_source_getc (src);
      if (c == '\r')
        {
          if (mc_pdf_source_peek (src) == '\n')
            mc_pdf_source_getc (src);
        }
      else if (c != '\n')
        src->pos--; /* tolerate "stream" directly followed by data */
      data_start = src->pos;

      len_obj = mc_pdf_dict_get (obj, "Length");
      if (len_obj != NULL && doc != NULL)
        {
          resolved = mc_pdf_document_resolve_length (doc, len_obj, NULL);
          if (resolved && resolved->type == MC_PDF_OBJ_INT)
            length = resolved->u.i;
        }
      else if (len_obj != NULL && len_obj->type == MC_PDF_OBJ_INT)
        length = len_obj->u.i;

      end_at = -1;
      if (length >= 0 && length <= src->size - data_start)
        {
          /* Check that "endstream" follows the data, allowing an EOL. */
          McPdfLexer l2;
          McPdfToken t;
          mc_pdf_lexer_init (&l2, src);
          mc_pdf_lexer_seek (&l2, data_start + length);
          if (mc_pdf_lexer_next (&l2, &t, NULL))
            {
              if (t.type == MC_PDF_TOK_KEYWORD
                  && g_str_has_prefix ((const char *) t.text->data, "endstream"))
                end_at = t.start;
              mc_pdf_token_clear (&t);
            }
          mc_pdf_lexer_clear (&l2);
        }
      if (end_at < 0)
        {
          /* A wrong or missing /Length: find "endstream" ourselves, as
           * other readers do, and drop the end of line before it. */
          goffset es = find_endstream (src, data_start);
          if (es < 0)
            {
              g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_TRUNCATED,
                           _("A stream that starts at byte %lld of the PDF file "
                             "never ends. The file is incomplete or damaged: get a complete copy."),
                           (long long) data_start);
              return NULL;
            }
          g_debug ("stream at %" G_GINT64_FORMAT ": /Length wrong, using endstream at %"
                   G_GINT64_FORMAT, (gint64) data_start, (gint64) es);
          length = es - data_start;
          {
            guint8 tail[2];
            if (length >= 2 && mc_pdf_source_read_at (src, es - 2, tail, 2, NULL)
                && tail[0] == '\r' && tail[1] == '\n')
              length -= 2;
            else if (length >= 1 && mc_pdf_source_read_at (src, es - 1, tail, 1, NULL)
                     && (tail[0] == '\n' || tail[0] == '\r'))
              length -= 1;
          }
          end_at = es;
        }

      stream = mc_pdf_obj_new_file_stream (obj, data_start, (guint64) length);
      g_clear_pointer (&obj, mc_pdf_obj_unref);
      obj = stream;
      mc_pdf_lexer_seek (lex, end_at + 9);
    }
  /* "endobj" is often missing or misspelt in real files; its absence does
   * not change what the object is, so it is not checked. */
  return g_steal_pointer (&obj);
}
