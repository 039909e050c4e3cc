/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading a PDF the way a signature verifier must: the revisions the file
 * was built from (grouping a linearized file's two sections into one) and
 * what each later revision changed, and every signature field with its
 * byte ranges and CMS, tied to the revision it signs. Policy (which
 * changes are allowed after a signature) is the verifier's; this file only
 * reports facts. */
#define G_LOG_DOMAIN "motcua-pdf"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/crypto.h>
#include <string.h>

#include "mc-pdf-private.h"
#include "mc-pdf-inspect.h"

#define MAX_CONTENTS_SIZE (8u << 20)
#define MAX_PAGES_SEARCHED 5000
#define MAX_DESCRIBED_CHANGES 20000

/**
 * mc_pdf_object_change_free:
 * @change: (transfer full) (nullable): a change
 */
void
mc_pdf_object_change_free (McPdfObjectChange *change)
{
  if (change == NULL)
    return;
  g_free (change->type);
  g_free (change->subtype);
  g_strfreev (change->changed_keys);
  g_free (change);
}

/**
 * mc_pdf_revision_free:
 * @revision: (transfer full) (nullable): a revision
 */
void
mc_pdf_revision_free (McPdfRevision *revision)
{
  if (revision == NULL)
    return;
  g_clear_pointer (&revision->changes, g_ptr_array_unref);
  g_free (revision);
}

/**
 * mc_pdf_signature_info_free:
 * @info: (transfer full) (nullable): a signature
 */
void
mc_pdf_signature_info_free (McPdfSignatureInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->field_name);
  g_free (info->type);
  g_free (info->filter);
  g_free (info->sub_filter);
  g_free (info->signing_time_raw);
  g_clear_pointer (&info->signing_time, g_date_time_unref);
  g_free (info->name);
  g_free (info->reason);
  g_free (info->location);
  g_free (info->contact_info);
  g_clear_pointer (&info->contents, g_bytes_unref);
  g_clear_pointer (&info->contents_raw, g_bytes_unref);
  g_free (info);
}

/**
 * mc_pdf_signature_info_get_vri_key:
 * @info: a signature
 *
 * Returns: (transfer full) (nullable): the key of this signature's /VRI
 *   entry in a DSS: upper-case hex SHA-1 of all of /Contents
 */
char *
mc_pdf_signature_info_get_vri_key (McPdfSignatureInfo *info)
{
  guint8 digest[20];
  GString *out;

  g_return_val_if_fail (info != NULL, NULL);

  if (info->contents_raw == NULL)
    return NULL;
  gnutls_hash_fast (GNUTLS_DIG_SHA1, g_bytes_get_data (info->contents_raw, NULL),
                    g_bytes_get_size (info->contents_raw), digest);
  out = g_string_new (NULL);
  for (guint i = 0; i < sizeof digest; i++)
    g_string_append_printf (out, "%02X", digest[i]);
  return g_string_free (out, FALSE);
}

/* ---- revisions ---- */

/* Offset just after the first "%%EOF" at or after @from, or -1. */
static goffset
find_eof (McPdfSource *src,
          goffset      from)
{
  static const char word[] = "%%EOF";
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
            return src->pos;
        }
      else
        matched = (c == word[0]) ? 1 : 0;
    }
}

static char *
name_or_null (McPdfObj *v)
{
  return g_strdup (mc_pdf_obj_get_name (v));
}

static GStrv
diff_keys (McPdfObj *old,
           McPdfObj *cur)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < mc_pdf_dict_size (cur); i++)
    {
      const char *k = mc_pdf_dict_key_at (cur, i);
      if (!mc_pdf_obj_equal (mc_pdf_dict_get (old, k), mc_pdf_dict_get (cur, k))
          && !g_ptr_array_find_with_equal_func (keys, k, g_str_equal, NULL))
        g_ptr_array_add (keys, g_strdup (k));
    }
  for (guint i = 0; i < mc_pdf_dict_size (old); i++)
    {
      const char *k = mc_pdf_dict_key_at (old, i);
      if (mc_pdf_dict_get (cur, k) == NULL && mc_pdf_dict_get (old, k) != NULL
          && !g_ptr_array_find_with_equal_func (keys, k, g_str_equal, NULL))
        g_ptr_array_add (keys, g_strdup (k));
    }
  if (mc_pdf_obj_is (old, MC_PDF_OBJ_STREAM) && mc_pdf_obj_is (cur, MC_PDF_OBJ_STREAM))
    {
      /* A rewritten stream is data at a new place: say so, without
       * reading possibly large data to compare it. */
      for (guint i = 0; i < keys->len; i++)
        if (strcmp (g_ptr_array_index (keys, i), "Length") == 0)
          g_ptr_array_remove_index (keys, i--);
      g_ptr_array_add (keys, g_strdup ("(stream data)"));
    }
  else if (old == NULL || cur == NULL || old->type != cur->type
           || (old->type != MC_PDF_OBJ_DICT && !mc_pdf_obj_equal (old, cur)))
    g_ptr_array_add (keys, g_strdup ("(value)"));
  g_ptr_array_add (keys, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&keys), FALSE);
}

static gboolean
describe_changes (McPdfDocument *doc,
                  McPdfRevision *rev,
                  guint          first,
                  guint          last,
                  GError       **error)
{
  GPtrArray *sections = mc_pdf_document_get_sections (doc);
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) xref_streams = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) object_streams = g_hash_table_new (NULL, NULL);

  /* What really is this revision's cross-reference or object stream,
   * from the sections themselves rather than from any /Type. */
  for (guint s = first; s <= last; s++)
    {
      McPdfXrefSection *sec = g_ptr_array_index (sections, s);
      if (sec->stream_num != 0)
        g_hash_table_add (xref_streams, GUINT_TO_POINTER (sec->stream_num));
      for (guint i = 0; i < sec->entries->len; i++)
        {
          McPdfXrefEntry *e = &g_array_index (sec->entries, McPdfXrefEntry, i);
          if (e->type == MC_PDF_XREF_COMPRESSED && e->offset <= G_MAXUINT32)
            g_hash_table_add (object_streams, GUINT_TO_POINTER ((guint32) e->offset));
        }
    }

  for (guint s = first; s <= last; s++)
    {
      McPdfXrefSection *sec = g_ptr_array_index (sections, s);
      for (guint i = 0; i < sec->entries->len; i++)
        {
          McPdfXrefEntry *e = &g_array_index (sec->entries, McPdfXrefEntry, i);
          McPdfXrefEntry before;
          gboolean existed = FALSE;
          McPdfObjectChange *ch;
          g_autoptr(McPdfObj) cur = NULL;
          g_autoptr(McPdfObj) old = NULL;

          if (e->num == 0 || g_hash_table_contains (seen, GUINT_TO_POINTER (e->num)))
            continue;
          g_hash_table_add (seen, GUINT_TO_POINTER (e->num));
          for (guint o = last + 1; o < sections->len && !existed; o++)
            {
              McPdfXrefSection *older = g_ptr_array_index (sections, o);
              guint lo = 0, hi = older->entries->len;
              while (lo < hi)
                {
                  guint mid = lo + (hi - lo) / 2;
                  McPdfXrefEntry *m = &g_array_index (older->entries, McPdfXrefEntry, mid);
                  if (m->num == e->num)
                    {
                      before = *m;
                      existed = TRUE;
                      break;
                    }
                  if (m->num < e->num)
                    lo = mid + 1;
                  else
                    hi = mid;
                }
            }
          if (existed && before.type == MC_PDF_XREF_FREE)
            existed = FALSE;
          if (e->type == MC_PDF_XREF_FREE && !existed)
            continue; /* free before and after: nothing happened */

          ch = g_new0 (McPdfObjectChange, 1);
          ch->num = e->num;
          ch->gen = e->type == MC_PDF_XREF_COMPRESSED ? 0 : e->gen;
          ch->is_xref_stream = g_hash_table_contains (xref_streams, GUINT_TO_POINTER (e->num));
          ch->is_object_stream = g_hash_table_contains (object_streams, GUINT_TO_POINTER (e->num));
          g_ptr_array_add (rev->changes, ch);
          if (e->type == MC_PDF_XREF_FREE)
            {
              ch->kind = MC_PDF_CHANGE_DELETED;
              continue;
            }
          ch->kind = existed ? MC_PDF_CHANGE_MODIFIED : MC_PDF_CHANGE_ADDED;
          /* A revision that rewrites a huge number of objects is listed
           * without parsing them all, so hostile files cannot stall us. */
          if (rev->changes->len > MAX_DESCRIBED_CHANGES)
            continue;
          cur = mc_pdf_document_get_object_at (doc, e->num, first, error);
          if (cur == NULL)
            return FALSE;
          ch->type = name_or_null (mc_pdf_dict_get (cur, "Type"));
          ch->subtype = name_or_null (mc_pdf_dict_get (cur, "Subtype"));
          if (ch->type == NULL && cur->type == MC_PDF_OBJ_STREAM)
            ch->type = g_strdup ("stream");
          if (existed)
            {
              old = mc_pdf_document_get_object_at (doc, e->num, last + 1, error);
              if (old == NULL)
                return FALSE;
              ch->changed_keys = diff_keys (old, cur);
            }
        }
    }
  return TRUE;
}

/**
 * mc_pdf_document_get_revisions:
 * @doc: a document
 * @error: where to put a failure
 *
 * Returns: (transfer full) (element-type McPdfRevision) (nullable): the
 *   revisions, oldest first
 */
GPtrArray *
mc_pdf_document_get_revisions (McPdfDocument *doc,
                               GError       **error)
{
  GPtrArray *sections;
  g_autoptr(GPtrArray) revs = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_pdf_revision_free);
  g_autoptr(GArray) groups = g_array_new (FALSE, FALSE, sizeof (guint) * 2);
  McPdfSource *src;
  guint i = 0;
  goffset no_eof_from = G_MAXINT64;

  g_return_val_if_fail (MC_IS_PDF_DOCUMENT (doc), NULL);

  sections = mc_pdf_document_get_sections (doc);
  src = mc_pdf_document_get_source (doc);
  /* Updates only append, so /Prev points back; a /Prev that points
   * forward is a linearized file's first-page section reaching its main
   * section: both belong to one revision. */
  while (i < sections->len)
    {
      guint g[2] = { i, i };
      while (g[1] + 1 < sections->len
             && ((McPdfXrefSection *) g_ptr_array_index (sections, g[1] + 1))->offset
                  > ((McPdfXrefSection *) g_ptr_array_index (sections, g[1]))->offset)
        g[1]++;
      g_array_append_vals (groups, g, 1);
      i = g[1] + 1;
    }

  for (guint k = groups->len; k > 0; k--)
    {
      guint *g = &g_array_index (groups, guint, 2 * (k - 1));
      McPdfRevision *rev = g_new0 (McPdfRevision, 1);
      goffset end = 0, eof;
      McPdfXrefSection *newest = g_ptr_array_index (sections, g[0]);

      rev->index = revs->len;
      rev->kind = newest->kind;
      rev->xref_offset = newest->offset;
      rev->section = g[0];
      rev->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_pdf_object_change_free);
      g_ptr_array_add (revs, rev);
      for (guint s = g[0]; s <= g[1]; s++)
        end = MAX (end, ((McPdfXrefSection *) g_ptr_array_index (sections, s))->end);
      /* Once a search found no "%%EOF" after some offset, none after a
       * later offset can succeed: do not scan the file again. */
      eof = end >= no_eof_from ? -1 : find_eof (src, end);
      if (eof < 0)
        {
          no_eof_from = MIN (no_eof_from, end);
          eof = mc_pdf_document_get_size (doc);
        }
      rev->eof_offset = eof;
      rev->end_offset = eof;
      {
        guint8 b[2] = { 0, 0 };
        gsize n = (gsize) MIN ((goffset) 2, mc_pdf_document_get_size (doc) - eof);
        if (n > 0 && mc_pdf_source_read_at (src, eof, b, n, NULL))
          {
            if (b[0] == '\r' && n > 1 && b[1] == '\n')
              rev->end_offset += 2;
            else if (b[0] == '\r' || b[0] == '\n')
              rev->end_offset += 1;
          }
      }
      if (k < groups->len && !describe_changes (doc, rev, g[0], g[1], error))
        return NULL;
    }
  return g_steal_pointer (&revs);
}

/* ---- signatures ---- */

static GBytes *
trim_der (const guint8 *d,
          gsize         len)
{
  gsize total = 0;

  /* The DER length says where the CMS ends; the rest is padding. */
  if (len >= 2 && d[0] == 0x30)
    {
      if (d[1] < 0x80)
        total = 2 + d[1];
      else
        {
          guint n = d[1] & 0x7f;
          if (n >= 1 && n <= 4 && len >= 2 + n)
            {
              gsize l = 0;
              for (guint i = 0; i < n; i++)
                l = (l << 8) | d[2 + i];
              total = 2 + n + l;
            }
        }
    }
  if (total == 0 || total > len)
    {
      total = len;
      while (total > 0 && d[total - 1] == 0)
        total--;
    }
  return g_bytes_new (d, total);
}

static gboolean
fill_info (McPdfDocument      *doc,
           McPdfSignatureInfo *info,
           McPdfObj           *sig,
           GPtrArray          *revs)
{
  McPdfObj *br = mc_pdf_dict_get (sig, "ByteRange");
  gsize len;
  const guint8 *c = mc_pdf_obj_get_string (mc_pdf_dict_get (sig, "Contents"), &len);
  goffset size = mc_pdf_document_get_size (doc);

  info->type = name_or_null (mc_pdf_dict_get (sig, "Type"));
  info->filter = name_or_null (mc_pdf_dict_get (sig, "Filter"));
  info->sub_filter = name_or_null (mc_pdf_dict_get (sig, "SubFilter"));
  info->signing_time_raw = mc_pdf_obj_get_text (mc_pdf_dict_get (sig, "M"));
  if (info->signing_time_raw)
    info->signing_time = mc_pdf_date_parse (info->signing_time_raw);
  info->name = mc_pdf_obj_get_text (mc_pdf_dict_get (sig, "Name"));
  info->reason = mc_pdf_obj_get_text (mc_pdf_dict_get (sig, "Reason"));
  info->location = mc_pdf_obj_get_text (mc_pdf_dict_get (sig, "Location"));
  info->contact_info = mc_pdf_obj_get_text (mc_pdf_dict_get (sig, "ContactInfo"));
  if (c != NULL && len <= MAX_CONTENTS_SIZE)
    {
      info->contents_raw = g_bytes_new (c, len);
      info->contents = trim_der (c, len);
    }

  info->revision = -1;
  info->has_byte_range = mc_pdf_array_length (br) == 4;
  for (guint i = 0; i < 4 && info->has_byte_range; i++)
    {
      McPdfObj *v = mc_pdf_array_get (br, i);
      if (!mc_pdf_obj_is (v, MC_PDF_OBJ_INT) || mc_pdf_obj_get_int (v) < 0)
        info->has_byte_range = FALSE;
      else
        info->byte_range[i] = mc_pdf_obj_get_int (v);
    }
  if (info->has_byte_range)
    {
      gint64 *r = info->byte_range;
      gboolean sane = mc_pdf_byte_range_is_sane (r, size);
      gint64 end = sane ? r[2] + r[3] : -1;
      goffset hole_start = -1, hole_end = -1;
      guint8 first = 0;

      /* The hole must be this dictionary's own /Contents token, byte for
       * byte: a hole over some other hex string (signature wrapping) or
       * a /Contents in an object stream does not count. */
      info->byte_range_ok = sane && info->contents_raw != NULL && info->sig_num != 0
                            && mc_pdf_document_locate_string (doc, info->sig_num, "Contents",
                                                              &hole_start, &hole_end)
                            && hole_start == r[1] && hole_end == r[2]
                            && mc_pdf_source_read_at (mc_pdf_document_get_source (doc), r[1], &first, 1, NULL)
                            && first == '<';
      info->covers_whole_file = sane && end == size;
      for (guint k = 0; k < revs->len; k++)
        {
          McPdfRevision *rev = g_ptr_array_index (revs, k);
          if (end == rev->end_offset || end == rev->eof_offset)
            {
              info->revision = (int) k;
              break;
            }
        }
    }
  return TRUE;
}

typedef struct
{
  McPdfDocument *doc;
  GPtrArray     *revs;
  GPtrArray     *out;
  GHashTable    *visited;
  GHashTable    *widget_pages; /* widget number → page index + 1, made once */
} Collect;

/* The page whose /Annots lists @widget_num. All pages' /Annots are read
 * once per document, not once per signature. */
static int
page_listing (Collect *cl,
              guint32  widget_num)
{
  if (widget_num == 0)
    return -1;
  if (cl->widget_pages == NULL)
    {
      int n_pages = mc_pdf_document_get_n_pages (cl->doc, NULL);

      cl->widget_pages = g_hash_table_new (NULL, NULL);
      for (int i = 0; i < MIN (n_pages, MAX_PAGES_SEARCHED); i++)
        {
          g_autoptr(McPdfPage) page = mc_pdf_document_get_page (cl->doc, (guint) i, NULL);
          g_autoptr(McPdfObj) annots = page ? mc_pdf_document_dict_lookup (cl->doc, page->dict, "Annots", NULL) : NULL;

          for (guint k = 0; k < mc_pdf_array_length (annots); k++)
            {
              gpointer key = GUINT_TO_POINTER (mc_pdf_obj_get_ref_num (mc_pdf_array_get (annots, k)));

              if (key != NULL && !g_hash_table_contains (cl->widget_pages, key))
                g_hash_table_insert (cl->widget_pages, key, GINT_TO_POINTER (i + 1));
            }
        }
    }
  return GPOINTER_TO_INT (g_hash_table_lookup (cl->widget_pages, GUINT_TO_POINTER (widget_num))) - 1;
}

static gboolean
collect (Collect    *cl,
         McPdfObj   *kids,
         const char *prefix,
         McPdfObj   *inherited_ft,
         int         depth,
         GError    **error)
{
  for (guint i = 0; i < mc_pdf_array_length (kids); i++)
    {
      McPdfObj *ref = mc_pdf_array_get (kids, i);
      g_autoptr(McPdfObj) field = NULL;
      g_autoptr(McPdfObj) sub = NULL;
      g_autoptr(McPdfObj) sig = NULL;
      g_autofree char *t = NULL;
      g_autofree char *full = NULL;
      McPdfObj *ft;

      if (ref->type == MC_PDF_OBJ_REF)
        {
          if (g_hash_table_contains (cl->visited, GUINT_TO_POINTER (ref->u.ref.num)))
            continue;
          g_hash_table_add (cl->visited, GUINT_TO_POINTER (ref->u.ref.num));
        }
      if (depth > MC_PDF_MAX_DEPTH)
        {
          g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_DAMAGED,
                       _("The PDF file’s form fields are nested too deeply; the file is damaged."));
          return FALSE;
        }
      field = mc_pdf_document_resolve (cl->doc, ref, error);
      if (field == NULL)
        return FALSE;
      if (field->type != MC_PDF_OBJ_DICT)
        continue;
      t = mc_pdf_obj_get_text (mc_pdf_dict_get (field, "T"));
      full = t ? (prefix ? g_strconcat (prefix, ".", t, NULL) : g_strdup (t)) : g_strdup (prefix);
      ft = mc_pdf_dict_get (field, "FT");
      if (ft == NULL)
        ft = inherited_ft;

      sub = mc_pdf_document_dict_lookup (cl->doc, field, "Kids", error);
      if (sub == NULL && error != NULL && *error != NULL)
        return FALSE;

      if (mc_pdf_obj_is_name (ft, "Sig") && t != NULL)
        {
          sig = mc_pdf_document_dict_lookup (cl->doc, field, "V", error);
          if (sig == NULL && error != NULL && *error != NULL)
            return FALSE;
        }
      if (mc_pdf_obj_is (sig, MC_PDF_OBJ_DICT))
        {
          McPdfSignatureInfo *info = g_new0 (McPdfSignatureInfo, 1);
          g_autoptr(McPdfObj) widget = NULL;
          McPdfObj *p;

          g_ptr_array_add (cl->out, info);
          info->field_name = g_strdup (full);
          info->sig_num = mc_pdf_obj_get_ref_num (mc_pdf_dict_get (field, "V"));
          info->page_index = -1;
          /* The widget is the field itself, or its first kid. */
          if (mc_pdf_dict_get (field, "Rect") != NULL)
            widget = mc_pdf_obj_ref (field);
          else if (mc_pdf_array_length (sub) > 0)
            widget = mc_pdf_document_resolve (cl->doc, mc_pdf_array_get (sub, 0), NULL);
          mc_pdf_obj_get_rect (mc_pdf_dict_get (widget, "Rect"), info->rect);
          info->field_num = mc_pdf_obj_get_ref_num (ref);
          p = mc_pdf_dict_get (widget, "P");
          if (mc_pdf_obj_is (p, MC_PDF_OBJ_REF))
            {
              int idx = mc_pdf_document_find_page (cl->doc, p->u.ref.num, error);
              if (idx == -2)
                return FALSE;
              info->page_index = idx;
            }
          if (info->page_index < 0)
            {
              /* /P is optional: find the page whose /Annots lists it. */
              guint32 wnum = mc_pdf_dict_get (field, "Rect") != NULL ? mc_pdf_obj_get_ref_num (ref)
                             : mc_pdf_obj_get_ref_num (mc_pdf_array_get (sub, 0));
              info->page_index = page_listing (cl, wnum);
            }
          fill_info (cl->doc, info, sig, cl->revs);
          continue;
        }
      if (!collect (cl, sub, full, ft, depth + 1, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * mc_pdf_document_get_signatures:
 * @doc: a document
 * @error: where to put a failure
 *
 * Lists the signed signature fields (those with a /V), in form order.
 * Empty signature fields are left out.
 *
 * Returns: (transfer full) (element-type McPdfSignatureInfo) (nullable):
 *   the signatures, possibly none
 */
GPtrArray *
mc_pdf_document_get_signatures (McPdfDocument *doc,
                                GError       **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_pdf_signature_info_free);
  g_autoptr(GPtrArray) revs = NULL;
  g_autoptr(GHashTable) visited = g_hash_table_new (NULL, NULL);
  g_autoptr(McPdfObj) form = NULL;
  g_autoptr(McPdfObj) fields = NULL;
  g_autoptr(GError) local = NULL;
  Collect cl;

  g_return_val_if_fail (MC_IS_PDF_DOCUMENT (doc), NULL);

  revs = mc_pdf_document_get_revisions (doc, error);
  if (revs == NULL)
    return NULL;
  form = mc_pdf_document_get_acroform (doc, &local);
  if (local == NULL && form != NULL)
    fields = mc_pdf_document_dict_lookup (doc, form, "Fields", &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  cl.doc = doc;
  cl.revs = revs;
  cl.out = out;
  cl.visited = visited;
  cl.widget_pages = NULL;
  if (!collect (&cl, fields, NULL, NULL, 0, error))
    {
      g_clear_pointer (&cl.widget_pages, g_hash_table_unref);
      return NULL;
    }
  g_clear_pointer (&cl.widget_pages, g_hash_table_unref);
  return g_steal_pointer (&out);
}
