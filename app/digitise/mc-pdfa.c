/* SPDX-License-Identifier: GPL-3.0-or-later */
/* PDF/A-2b for the PDFs cairo writes for us. cairo cannot add an output
 * intent or XMP metadata, so this appends an incremental update (allowed
 * by PDF/A, and what a signature adds later anyway): the ICC profile and
 * the OutputIntent, the XMP packet, a new document information dictionary
 * whose values are exactly those of the XMP, and a new catalogue pointing
 * at both, with a trailer that carries the /ID PDF/A requires. It reads
 * only what cairo 1.16 writes (a classic cross-reference table), and says
 * so rather than guessing on anything else. Everything else PDF/A-2b asks
 * (embedded fonts, no encryption, no external content, images without
 * soft masks) is true of mc-page-pdf's output by construction. */
#define G_LOG_DOMAIN "motcua-digitise"

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "mc-page-pdf.h"
#include "mc-pdfa.h"

#define PRODUCER "Một Cửa Desk"

static gboolean
not_ours (GError **error)
{
  g_set_error_literal (error, MC_PAGE_ERROR, MC_PAGE_ERROR_WRITE,
                       _("The PDF could not be made archival (PDF/A): its structure is not the one this program writes."));
  return FALSE;
}

/* The integer after @key in @dict (up to its end), or -1. */
static gint64
dict_int (const char *dict,
          const char *key)
{
  const char *at = strstr (dict, key);

  if (at == NULL)
    return -1;
  return g_ascii_strtoll (at + strlen (key), NULL, 10);
}

/* The last @needle in @data; unlike g_strrstr_len() it does not stop at a
 * NUL byte, and image streams are full of them. */
static const char *
find_last (const char *data,
           gsize       length,
           const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = length >= n ? length - n + 1 : 0; i-- > 0;)
    if (memcmp (data + i, needle, n) == 0)
      return data + i;
  return NULL;
}

static void
append_utf16_hex (GString    *out,
                  const char *text)
{
  g_autofree gunichar2 *utf16 = g_utf8_to_utf16 (text, -1, NULL, NULL, NULL);

  g_string_append (out, "<FEFF");
  for (guint i = 0; utf16 != NULL && utf16[i] != 0; i++)
    g_string_append_printf (out, "%04X", utf16[i]);
  g_string_append (out, ">");
}

/**
 * mc_pdfa_finish:
 * @path: a PDF written by mc_page_pdf_write()
 * @icc_path: (nullable): an RGB ICC profile; %NULL for Debian's sRGB
 *   profile (package libgs-common)
 * @error: return location for an error
 *
 * Appends what PDF/A-2b needs to @path, in place.
 *
 * Returns: %TRUE on success
 */
gboolean
mc_pdfa_finish (const char  *path,
                const char  *icc_path,
                GError     **error)
{
  g_autofree char *data = NULL;
  g_autofree char *icc = NULL;
  g_autofree char *catalog = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) xmp = g_string_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *pdf_date = g_date_time_format (now, "D:%Y%m%d%H%M%S+00'00'");
  g_autofree char *xmp_date = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S+00:00");
  gsize length = 0, icc_length = 0;
  const char *startxref, *trailer, *obj, *open, *close;
  gint64 xref, size, root, info, root_offset;
  gint64 offsets[4];
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  if (icc_path == NULL)
    icc_path = "/usr/share/color/icc/ghostscript/srgb.icc";
  if (!g_file_get_contents (icc_path, &icc, &icc_length, &local))
    {
      g_set_error (error, MC_PAGE_ERROR, MC_PAGE_ERROR_WRITE,
                   _("The colour profile for archival PDF is missing (%s). Install the package libgs-common."),
                   local->message);
      return FALSE;
    }
  if (!g_file_get_contents (path, &data, &length, error))
    return FALSE;

  /* The last startxref, the classic table it points at, its trailer. */
  startxref = find_last (data, length, "startxref");
  if (startxref == NULL)
    return not_ours (error);
  xref = g_ascii_strtoll (startxref + strlen ("startxref"), NULL, 10);
  if (xref <= 0 || (gsize) xref + 4 > length || strncmp (data + xref, "xref", 4) != 0)
    return not_ours (error);
  trailer = g_strstr_len (data + xref, length - xref, "trailer");
  if (trailer == NULL)
    return not_ours (error);
  size = dict_int (trailer, "/Size ");
  root = dict_int (trailer, "/Root ");
  info = dict_int (trailer, "/Info ");
  if (size <= 0 || root <= 0 || root >= size || info <= 0 || info >= size)
    return not_ours (error);

  /* The catalogue's entries, from the table (first subsection 0..size). */
  {
    const char *table = strchr (data + xref, '\n');
    const char *entries;

    if (table == NULL || dict_int (table, "\n0 ") != size)
      return not_ours (error);
    entries = strchr (table + 1, '\n');
    if (entries == NULL || entries + 1 + 20 * (root + 1) > data + length)
      return not_ours (error);
    root_offset = g_ascii_strtoll (entries + 1 + 20 * root, NULL, 10);
  }
  if (root_offset <= 0 || root_offset >= xref)
    return not_ours (error);
  obj = data + root_offset;
  open = strstr (obj, "<<");
  close = strstr (obj, "endobj");
  if (open == NULL || close == NULL || close < open)
    return not_ours (error);
  close = g_strrstr_len (open, close - open, ">>");
  if (close == NULL)
    return not_ours (error);
  catalog = g_strndup (open + 2, close - open - 2);

  g_string_append (xmp,
                   "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                   "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                   " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                   "  <rdf:Description rdf:about=\"\"\n"
                   "    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n"
                   "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
                   "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
                   "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
                   "   <pdfaid:part>2</pdfaid:part>\n"
                   "   <pdfaid:conformance>B</pdfaid:conformance>\n"
                   "   <dc:format>application/pdf</dc:format>\n");
  g_string_append_printf (xmp,
                          "   <xmp:CreatorTool>" PRODUCER "</xmp:CreatorTool>\n"
                          "   <xmp:CreateDate>%s</xmp:CreateDate>\n"
                          "   <xmp:ModifyDate>%s</xmp:ModifyDate>\n"
                          "   <pdf:Producer>" PRODUCER "</pdf:Producer>\n"
                          "  </rdf:Description>\n"
                          " </rdf:RDF>\n"
                          "</x:xmpmeta>\n"
                          "<?xpacket end=\"w\"?>", xmp_date, xmp_date);

  {
    g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_MD5);

    g_checksum_update (sum, (const guchar *) data, length);
    g_checksum_update (sum, (const guchar *) xmp_date, -1);
    id = g_strdup (g_checksum_get_string (sum));
  }

  /* New objects: metadata (size), ICC (size+1), output intent (size+2);
   * replaced: catalogue (root) and information (info). */
  if (data[length - 1] != '\n')
    g_string_append_c (out, '\n');
  offsets[0] = length + out->len;
  g_string_append_printf (out, "%" G_GINT64_FORMAT " 0 obj\n<< /Type /Metadata /Subtype /XML /Length %" G_GSIZE_FORMAT " >>\nstream\n",
                          size, xmp->len);
  g_string_append_len (out, xmp->str, xmp->len);
  g_string_append (out, "\nendstream\nendobj\n");
  offsets[1] = length + out->len;
  g_string_append_printf (out, "%" G_GINT64_FORMAT " 0 obj\n<< /N 3 /Length %" G_GSIZE_FORMAT " >>\nstream\n",
                          size + 1, icc_length);
  g_string_append_len (out, icc, icc_length);
  g_string_append (out, "\nendstream\nendobj\n");
  offsets[2] = length + out->len;
  g_string_append_printf (out, "%" G_GINT64_FORMAT " 0 obj\n<< /Type /OutputIntent /S /GTS_PDFA1"
                          " /OutputConditionIdentifier (sRGB IEC61966-2.1) /Info (sRGB IEC61966-2.1)"
                          " /DestOutputProfile %" G_GINT64_FORMAT " 0 R >>\nendobj\n", size + 2, size + 1);
  offsets[3] = length + out->len;
  g_string_append_printf (out, "%" G_GINT64_FORMAT " 0 obj\n<<%s /Metadata %" G_GINT64_FORMAT " 0 R"
                          " /OutputIntents [ %" G_GINT64_FORMAT " 0 R ] >>\nendobj\n",
                          root, catalog, size, size + 2);
  {
    gint64 info_offset = length + out->len;
    gint64 new_xref;

    g_string_append_printf (out, "%" G_GINT64_FORMAT " 0 obj\n<< /Producer ", info);
    append_utf16_hex (out, PRODUCER);
    g_string_append (out, " /Creator ");
    append_utf16_hex (out, PRODUCER);
    g_string_append_printf (out, " /CreationDate (%s) /ModDate (%s) >>\nendobj\n", pdf_date, pdf_date);

    /* Subsections in increasing object order. */
    new_xref = length + out->len;
    g_string_append (out, "xref\n0 1\n0000000000 65535 f \n");
    if (root < info)
      g_string_append_printf (out, "%" G_GINT64_FORMAT " 1\n%010" G_GINT64_FORMAT " 00000 n \n"
                              "%" G_GINT64_FORMAT " 1\n%010" G_GINT64_FORMAT " 00000 n \n",
                              root, offsets[3], info, info_offset);
    else
      g_string_append_printf (out, "%" G_GINT64_FORMAT " 1\n%010" G_GINT64_FORMAT " 00000 n \n"
                              "%" G_GINT64_FORMAT " 1\n%010" G_GINT64_FORMAT " 00000 n \n",
                              info, info_offset, root, offsets[3]);
    g_string_append_printf (out, "%" G_GINT64_FORMAT " 3\n", size);
    for (guint i = 0; i < 3; i++)
      g_string_append_printf (out, "%010" G_GINT64_FORMAT " 00000 n \n", offsets[i]);
    g_string_append_printf (out, "trailer\n<< /Size %" G_GINT64_FORMAT " /Root %" G_GINT64_FORMAT " 0 R"
                            " /Info %" G_GINT64_FORMAT " 0 R /Prev %" G_GINT64_FORMAT
                            " /ID [ <%s> <%s> ] >>\nstartxref\n%" G_GINT64_FORMAT "\n%%%%EOF\n",
                            size + 3, root, info, xref, id, id, new_xref);
  }

  {
    g_autoptr(GString) whole = g_string_new_len (data, length);
    g_autofree char *tmp = g_strdup_printf ("%s.part", path);

    g_string_append_len (whole, out->str, out->len);
    if (!g_file_set_contents_full (tmp, whole->str, whole->len, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
      return FALSE;
    if (g_rename (tmp, path) != 0)
      {
        int saved = errno;

        g_unlink (tmp);
        g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s", g_strerror (saved));
        return FALSE;
      }
  }
  return TRUE;
}
