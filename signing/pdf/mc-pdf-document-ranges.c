/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Where a signature's bytes really are. A /ByteRange is only trustworthy
 * when its hole is exactly the signature dictionary's own /Contents hex
 * string, found by reading that dictionary's tokens where the
 * cross-reference puts it (a second, decoy /Contents elsewhere in the file
 * must not satisfy the check: signature wrapping). The ranges are checked
 * with overflow-safe arithmetic and hashed through the same open file the
 * parser read, so a file swapped on disk between parsing and hashing
 * cannot be hashed in place of the one that was parsed. */
#define G_LOG_DOMAIN "motcua-pdf"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mc-pdf-document-private.h"

static gboolean
next_token (McPdfLexer  *lex,
            McPdfToken  *tok,
            GError     **error)
{
  memset (tok, 0, sizeof *tok);
  return mc_pdf_lexer_next (lex, tok, error);
}

/**
 * mc_pdf_document_locate_string:
 * @doc: a document
 * @num: the number of an uncompressed indirect dictionary
 * @key: a key of that dictionary whose value is a string
 * @start: (out): offset of the string's first byte (“<” or “(”)
 * @end: (out): offset just after its last byte
 *
 * Finds, by reading the tokens of object @num where the newest
 * cross-reference section puts it, the bytes the direct string value of
 * @key occupies. Objects inside object streams have no such bytes.
 *
 * Returns: whether the value was found as a direct string
 */
gboolean
mc_pdf_document_locate_string (McPdfDocument *doc,
                               guint32        num,
                               const char    *key,
                               goffset       *start,
                               goffset       *end)
{
  McPdfXrefEntry e;
  McPdfLexer lex;
  McPdfToken tok;
  gboolean found = FALSE;

  g_return_val_if_fail (MC_IS_PDF_DOCUMENT (doc), FALSE);
  g_return_val_if_fail (key != NULL && start != NULL && end != NULL, FALSE);

  if (!mc_pdf_document_lookup_entry (doc, num, &e) || e.type != MC_PDF_XREF_USED ||
      e.offset >= (guint64) doc->src.size)
    return FALSE;

  mc_pdf_lexer_init (&lex, &doc->src);
  mc_pdf_lexer_seek (&lex, (goffset) e.offset);

  /* "num gen obj <<" */
  for (guint i = 0; i < 4; i++)
    {
      gboolean ok = next_token (&lex, &tok, NULL);

      ok = ok && (i == 0 ? tok.type == MC_PDF_TOK_INT && tok.i == (gint64) num
                  : i == 1 ? tok.type == MC_PDF_TOK_INT
                  : i == 2 ? mc_pdf_token_is_keyword (&tok, "obj")
                  : tok.type == MC_PDF_TOK_DICT_OPEN);
      mc_pdf_token_clear (&tok);
      if (!ok)
        goto out;
    }

  /* Keys and values at the top level; a nested value is skipped whole
   * by the parser (with its own depth and size limits). */
  for (;;)
    {
      gboolean is_key;

      if (!next_token (&lex, &tok, NULL))
        goto out;
      if (tok.type != MC_PDF_TOK_NAME)
        {
          mc_pdf_token_clear (&tok);
          goto out;
        }
      is_key = strcmp ((const char *) tok.text->data, key) == 0;
      mc_pdf_token_clear (&tok);

      if (is_key)
        {
          if (!next_token (&lex, &tok, NULL))
            goto out;
          if (tok.type == MC_PDF_TOK_STRING)
            {
              *start = tok.start;
              *end = mc_pdf_lexer_tell (&lex);
              found = TRUE;
            }
          mc_pdf_token_clear (&tok);
          goto out;
        }
      else
        {
          McPdfObj *value = mc_pdf_parse_object (&lex, NULL);

          if (value == NULL)
            goto out;
          mc_pdf_obj_unref (value);
        }
    }

out:
  mc_pdf_lexer_clear (&lex);
  return found;
}

/**
 * mc_pdf_byte_range_is_sane:
 * @byte_range: a /ByteRange [a b c d]
 * @file_size: the size of the file
 *
 * Checks, without any sum that could overflow, that the ranges start at
 * 0, are ordered, leave a hole and lie in the file.
 *
 * Returns: whether the ranges are usable
 */
gboolean
mc_pdf_byte_range_is_sane (const gint64 byte_range[4],
                           goffset      file_size)
{
  const gint64 *r = byte_range;

  if (file_size <= 0)
    return FALSE;
  for (guint i = 0; i < 4; i++)
    if (r[i] < 0 || r[i] > file_size)
      return FALSE;
  /* Each term is in [0, file_size], so file_size - r[2] cannot overflow. */
  return r[0] == 0 && r[1] > 0 && r[2] > r[1] && r[3] <= file_size - r[2];
}

/**
 * mc_pdf_document_hash_ranges:
 * @doc: a document
 * @byte_range: its signature's /ByteRange
 * @algorithm: the digest to compute
 * @digest: (out caller-allocates): room for the digest
 * @cancellable: (nullable): a #GCancellable
 * @error: where to put a failure
 *
 * Hashes the two ranges, read through the stream @doc was parsed from.
 *
 * Returns: whether @digest was filled
 */
gboolean
mc_pdf_document_hash_ranges (McPdfDocument             *doc,
                             const gint64               byte_range[4],
                             gnutls_digest_algorithm_t  algorithm,
                             guint8                    *digest,
                             GCancellable              *cancellable,
                             GError                   **error)
{
  gnutls_hash_hd_t hd;
  g_autofree guint8 *buf = NULL;
  const gsize chunk = 256 * 1024;

  g_return_val_if_fail (MC_IS_PDF_DOCUMENT (doc), FALSE);
  g_return_val_if_fail (digest != NULL, FALSE);

  if (!mc_pdf_byte_range_is_sane (byte_range, doc->src.size))
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_DAMAGED,
                   _("The signature’s byte ranges do not lie inside the file."));
      return FALSE;
    }
  if (gnutls_hash_init (&hd, algorithm) < 0)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_UNSUPPORTED,
                   _("The signature’s digest algorithm is not supported."));
      return FALSE;
    }

  buf = g_malloc (chunk);
  for (guint part = 0; part < 2; part++)
    {
      goffset pos = byte_range[2 * part];
      goffset left = byte_range[2 * part + 1];

      while (left > 0)
        {
          gsize n = (gsize) MIN ((goffset) chunk, left);

          if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
              !mc_pdf_source_read_at (&doc->src, pos, buf, n, error))
            {
              gnutls_hash_deinit (hd, NULL);
              return FALSE;
            }
          gnutls_hash (hd, buf, n);
          pos += (goffset) n;
          left -= (goffset) n;
        }
    }
  gnutls_hash_deinit (hd, digest);
  return TRUE;
}
