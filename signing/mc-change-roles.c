/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What each object of one revision of a PDF is for, found by walking from
 * that revision's trailer and catalog: the page tree and what each page
 * draws, the annotations, the interactive form with its fields, widgets
 * and signatures, the DSS, the metadata and everything else the catalog
 * reaches. The change analysis judges a later rewrite of an object by
 * this role, never by the /Type the rewrite declares, so a content stream
 * dressed up as an object stream is still a content stream. The walks of
 * all revisions share one budget, so a file of many revisions costs no
 * more than a bounded number of steps; past it, the analysis treats
 * unknown objects as frozen. Also how two versions of one object are
 * compared (dictionaries whatever the order of their keys). */
#define G_LOG_DOMAIN "motcua-signing"

#include "config.h"

#include <string.h>

#include "mc-change-private.h"

#define WALK_DEPTH   48

/* ---- reading one revision ---- */

void
mc_change_reader_init (McChangeReader *reader,
                       McPdfDocument  *doc)
{
  memset (reader, 0, sizeof *reader);
  reader->doc = doc;
  reader->sections = mc_pdf_document_get_sections (doc);
  reader->cache = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) mc_pdf_obj_unref);
}

void
mc_change_reader_clear (McChangeReader *reader)
{
  g_clear_pointer (&reader->cache, g_hash_table_unref);
}

/* The objects @revision rewrites leave the cache; the others are the same
 * in it as in the revision before. */
void
mc_change_reader_move_to (McChangeReader *reader,
                          McPdfRevision  *revision)
{
  for (guint i = 0; i < revision->changes->len; i++)
    {
      McPdfObjectChange *ch = g_ptr_array_index (revision->changes, i);
      g_hash_table_remove (reader->cache, GUINT_TO_POINTER (ch->num));
    }
  reader->section = revision->section;
}

/* The object @num as this revision has it: the null object when absent
 * or unreadable (an unreadable object reads as changed). */
McPdfObj *
mc_change_reader_get (McChangeReader *reader,
                      guint32         num)
{
  McPdfObj *obj = g_hash_table_lookup (reader->cache, GUINT_TO_POINTER (num));

  if (obj == NULL)
    {
      obj = mc_pdf_document_get_object_at (reader->doc, num, reader->section, NULL);
      if (obj == NULL)
        obj = mc_pdf_obj_new_null ();
      reader->reads++;
      g_hash_table_insert (reader->cache, GUINT_TO_POINTER (num), obj);
    }
  return mc_pdf_obj_ref (obj);
}

McPdfObj *
mc_change_reader_resolve (McChangeReader *reader,
                          McPdfObj       *obj)
{
  g_autoptr(McPdfObj) cur = NULL;

  if (obj == NULL)
    return NULL;
  cur = mc_pdf_obj_ref (obj);
  for (int hops = 0; mc_pdf_obj_is (cur, MC_PDF_OBJ_REF) && hops < 32; hops++)
    {
      McPdfObj *next = mc_change_reader_get (reader, mc_pdf_obj_get_ref_num (cur));
      mc_pdf_obj_unref (cur);
      cur = next;
    }
  return g_steal_pointer (&cur);
}

McPdfObj *
mc_change_reader_trailer (McChangeReader *reader)
{
  McPdfXrefSection *sec = g_ptr_array_index (reader->sections, reader->section);

  return sec->trailer;
}

/* ---- comparing two versions of an object ---- */

/* Equal as PDF objects: dictionaries compare whatever the order of their
 * keys, which rewriting tools do not keep. */
gboolean
mc_change_obj_same (McPdfObj *a,
                    McPdfObj *b)
{
  McPdfObjType type;

  if (a == NULL || b == NULL)
    return a == b;
  type = mc_pdf_obj_get_obj_type (a);
  if (type != mc_pdf_obj_get_obj_type (b))
    return FALSE;
  switch (type)
    {
    case MC_PDF_OBJ_ARRAY:
      if (mc_pdf_array_length (a) != mc_pdf_array_length (b))
        return FALSE;
      for (guint i = 0; i < mc_pdf_array_length (a); i++)
        if (!mc_change_obj_same (mc_pdf_array_get (a, i), mc_pdf_array_get (b, i)))
          return FALSE;
      return TRUE;
    case MC_PDF_OBJ_DICT:
      if (mc_pdf_dict_size (a) != mc_pdf_dict_size (b))
        return FALSE;
      for (guint i = 0; i < mc_pdf_dict_size (a); i++)
        if (!mc_change_obj_same (mc_pdf_dict_value_at (a, i), mc_pdf_dict_get (b, mc_pdf_dict_key_at (a, i))))
          return FALSE;
      return TRUE;
    case MC_PDF_OBJ_STREAM:
      return a->u.stream.offset == b->u.stream.offset && a->u.stream.length == b->u.stream.length
             && a->u.stream.data == b->u.stream.data
             && mc_change_obj_same (mc_pdf_stream_get_dict (a), mc_pdf_stream_get_dict (b));
    case MC_PDF_OBJ_NULL:
    case MC_PDF_OBJ_BOOL:
    case MC_PDF_OBJ_INT:
    case MC_PDF_OBJ_REAL:
    case MC_PDF_OBJ_STRING:
    case MC_PDF_OBJ_NAME:
    case MC_PDF_OBJ_REF:
    default:
      return mc_pdf_obj_equal (a, b);
    }
}

/* The keys whose values differ between two dictionaries (or streams'
 * dictionaries), added and removed ones included. */
GPtrArray *
mc_change_diff_keys (McPdfObj *old,
                     McPdfObj *cur)
{
  GPtrArray *keys = g_ptr_array_new ();

  if (mc_pdf_obj_is (old, MC_PDF_OBJ_STREAM))
    old = mc_pdf_stream_get_dict (old);
  if (mc_pdf_obj_is (cur, MC_PDF_OBJ_STREAM))
    cur = mc_pdf_stream_get_dict (cur);
  for (guint i = 0; i < mc_pdf_dict_size (cur); i++)
    {
      const char *k = mc_pdf_dict_key_at (cur, i);
      if (!mc_change_obj_same (mc_pdf_dict_get (old, k), mc_pdf_dict_value_at (cur, i)))
        g_ptr_array_add (keys, (gpointer) k);
    }
  for (guint i = 0; i < mc_pdf_dict_size (old); i++)
    {
      const char *k = mc_pdf_dict_key_at (old, i);
      if (mc_pdf_dict_get (cur, k) == NULL)
        g_ptr_array_add (keys, (gpointer) k);
    }
  return keys;
}

/* Whether a rewritten object is the one it replaces: the same value, or
 * the same stream written again elsewhere. */
gboolean
mc_change_same_object (McPdfDocument *doc,
                       McPdfObj      *old,
                       McPdfObj      *cur)
{
  g_autoptr(GBytes) od = NULL;
  g_autoptr(GBytes) nd = NULL;

  if (mc_change_obj_same (old, cur))
    return TRUE;
  if (!mc_pdf_obj_is (old, MC_PDF_OBJ_STREAM) || !mc_pdf_obj_is (cur, MC_PDF_OBJ_STREAM)
      || !mc_change_obj_same (mc_pdf_stream_get_dict (old), mc_pdf_stream_get_dict (cur)))
    return FALSE;
  /* The same stream written again elsewhere: compare the bytes. */
  od = mc_pdf_document_read_raw_stream (doc, old, 4u << 20, NULL);
  nd = mc_pdf_document_read_raw_stream (doc, cur, 4u << 20, NULL);
  return od != NULL && nd != NULL && g_bytes_equal (od, nd);
}

/* ---- the walk ---- */

typedef struct
{
  McChangeReader *reader;
  GHashTable     *roles;     /* num → McRoleInfo* */
  GHashTable     *page_nums; /* num → page index + 1 */
  GHashTable     *tree_seen;
  guint           budget;
  int             n_pages;
} Walk;

static void
role_info_free (McRoleInfo *info)
{
  g_free (info->field_name);
  g_free (info);
}

/* Adds @role to @num; FALSE when it had it already (nothing to walk). */
static gboolean
mark (Walk    *w,
      guint32  num,
      guint32  role,
      int      page)
{
  McRoleInfo *info = g_hash_table_lookup (w->roles, GUINT_TO_POINTER (num));

  if (info == NULL)
    {
      info = g_new0 (McRoleInfo, 1);
      info->page = page;
      g_hash_table_insert (w->roles, GUINT_TO_POINTER (num), info);
    }
  if (info->page < 0)
    info->page = page;
  if ((info->mask & role) == role)
    return FALSE;
  info->mask |= role;
  return TRUE;
}

static gboolean
spend (Walk *w)
{
  if (w->budget == 0)
    return FALSE;
  w->budget--;
  return TRUE;
}

static gboolean
is_page_like (McPdfObj *dict)
{
  McPdfObj *type = mc_pdf_dict_get (dict, "Type");

  return mc_pdf_obj_is_name (type, "Page") || mc_pdf_obj_is_name (type, "Pages");
}

static gboolean
is_annotation_like (McPdfObj *dict)
{
  return mc_pdf_obj_is_name (mc_pdf_dict_get (dict, "Type"), "Annot")
         || mc_pdf_obj_is_name (mc_pdf_dict_get (dict, "Subtype"), "Widget")
         || mc_pdf_dict_get (dict, "FT") != NULL;
}

/* Everything @obj reaches gets @role, without crossing into pages,
 * annotations or fields, which have walks of their own, and without
 * going back up through /Parent or /P. */
static void
walk_generic (Walk     *w,
              McPdfObj *obj,
              guint32   role,
              int       page,
              int       depth)
{
  g_autoptr(McPdfObj) target = NULL;
  McPdfObj *dict;

  if (obj == NULL || depth > WALK_DEPTH || !spend (w))
    return;
  if (mc_pdf_obj_is (obj, MC_PDF_OBJ_REF))
    {
      guint32 num = mc_pdf_obj_get_ref_num (obj);
      McRoleInfo *known = g_hash_table_lookup (w->roles, GUINT_TO_POINTER (num));

      if (known != NULL && (known->mask & role) == role)
        return;
      target = mc_change_reader_get (w->reader, num);
      dict = mc_pdf_obj_is (target, MC_PDF_OBJ_STREAM) ? mc_pdf_stream_get_dict (target) : target;
      if (depth > 0 && mc_pdf_obj_is (dict, MC_PDF_OBJ_DICT)
          && (is_page_like (dict) || is_annotation_like (dict)))
        return;
      mark (w, num, role, page);
      obj = target;
    }
  if (mc_pdf_obj_is (obj, MC_PDF_OBJ_STREAM))
    obj = mc_pdf_stream_get_dict (obj);
  if (mc_pdf_obj_is (obj, MC_PDF_OBJ_ARRAY))
    {
      for (guint i = 0; i < mc_pdf_array_length (obj); i++)
        walk_generic (w, mc_pdf_array_get (obj, i), role, page, depth + 1);
    }
  else if (mc_pdf_obj_is (obj, MC_PDF_OBJ_DICT))
    {
      for (guint i = 0; i < mc_pdf_dict_size (obj); i++)
        {
          const char *key = mc_pdf_dict_key_at (obj, i);
          if (strcmp (key, "Parent") == 0 || strcmp (key, "P") == 0)
            continue;
          walk_generic (w, mc_pdf_dict_value_at (obj, i), role, page, depth + 1);
        }
    }
}

/* A field or widget of the form, with its kids. @signed_sig says a signed
 * signature field is above it. */
static void
walk_field (Walk       *w,
            McPdfObj   *ref,
            const char *prefix,
            McPdfObj   *inherited_ft,
            gboolean    signed_sig,
            int         depth)
{
  g_autoptr(McPdfObj) field = NULL;
  g_autofree char *t = NULL;
  g_autofree char *full = NULL;
  McPdfObj *ft, *kids;
  guint32 num = 0;
  guint32 role, ap_role;

  if (depth > WALK_DEPTH || !spend (w))
    return;
  if (mc_pdf_obj_is (ref, MC_PDF_OBJ_REF))
    {
      num = mc_pdf_obj_get_ref_num (ref);
      if (g_hash_table_contains (w->tree_seen, GUINT_TO_POINTER (num)))
        return;
      g_hash_table_add (w->tree_seen, GUINT_TO_POINTER (num));
    }
  field = mc_change_reader_resolve (w->reader, ref);
  if (!mc_pdf_obj_is (field, MC_PDF_OBJ_DICT))
    return;
  t = mc_pdf_obj_get_text (mc_pdf_dict_get (field, "T"));
  full = t != NULL ? (prefix != NULL ? g_strconcat (prefix, ".", t, NULL) : g_strdup (t)) : g_strdup (prefix);
  ft = mc_pdf_dict_get (field, "FT") != NULL ? mc_pdf_dict_get (field, "FT") : inherited_ft;
  if (mc_pdf_obj_is_name (ft, "Sig") && mc_pdf_dict_get (field, "V") != NULL
      && !mc_pdf_obj_is (mc_pdf_dict_get (field, "V"), MC_PDF_OBJ_NULL))
    signed_sig = TRUE;
  role = signed_sig ? MC_ROLE_SIGNED : MC_ROLE_FIELD;
  ap_role = signed_sig ? MC_ROLE_SIGNED_AP : MC_ROLE_FIELD_AP;
  if (mc_pdf_obj_is_name (mc_pdf_dict_get (field, "Subtype"), "Widget"))
    role |= MC_ROLE_WIDGET;
  if (num != 0)
    {
      McRoleInfo *info;
      mark (w, num, role, -1);
      info = g_hash_table_lookup (w->roles, GUINT_TO_POINTER (num));
      if (info->field_name == NULL && full != NULL)
        info->field_name = g_strdup (full);
    }

  for (guint i = 0; i < mc_pdf_dict_size (field); i++)
    {
      const char *key = mc_pdf_dict_key_at (field, i);
      McPdfObj *v = mc_pdf_dict_value_at (field, i);

      if (strcmp (key, "Parent") == 0 || strcmp (key, "P") == 0 || strcmp (key, "Kids") == 0)
        continue;
      if (strcmp (key, "V") == 0 && mc_pdf_obj_is_name (ft, "Sig"))
        walk_generic (w, v, MC_ROLE_SIG, -1, 0);
      else if (strcmp (key, "Lock") == 0)
        walk_generic (w, v, MC_ROLE_SIG, -1, 0);
      else
        walk_generic (w, v, ap_role, -1, 1);
    }
  kids = mc_pdf_dict_get (field, "Kids");
  if (mc_pdf_obj_is (kids, MC_PDF_OBJ_REF))
    mark (w, mc_pdf_obj_get_ref_num (kids), MC_ROLE_FIELDS, -1);
  {
    g_autoptr(McPdfObj) list = mc_change_reader_resolve (w->reader, kids);
    for (guint i = 0; i < mc_pdf_array_length (list); i++)
      walk_field (w, mc_pdf_array_get (list, i), full, ft, signed_sig, depth + 1);
  }
}

static void
walk_form (Walk     *w,
           McPdfObj *form_ref)
{
  g_autoptr(McPdfObj) form = mc_change_reader_resolve (w->reader, form_ref);
  g_autoptr(McPdfObj) fields = NULL;

  if (mc_pdf_obj_is (form_ref, MC_PDF_OBJ_REF))
    mark (w, mc_pdf_obj_get_ref_num (form_ref), MC_ROLE_FORM, -1);
  if (!mc_pdf_obj_is (form, MC_PDF_OBJ_DICT))
    return;
  for (guint i = 0; i < mc_pdf_dict_size (form); i++)
    {
      const char *key = mc_pdf_dict_key_at (form, i);
      McPdfObj *v = mc_pdf_dict_value_at (form, i);

      if (strcmp (key, "Fields") == 0)
        {
          if (mc_pdf_obj_is (v, MC_PDF_OBJ_REF))
            mark (w, mc_pdf_obj_get_ref_num (v), MC_ROLE_FIELDS, -1);
        }
      else if (strcmp (key, "DR") == 0 || strcmp (key, "DA") == 0)
        walk_generic (w, v, MC_ROLE_FORM_RES, -1, 0);
      else
        walk_generic (w, v, MC_ROLE_OTHER, -1, 0);
    }
  fields = mc_change_reader_resolve (w->reader, mc_pdf_dict_get (form, "Fields"));
  for (guint i = 0; i < mc_pdf_array_length (fields); i++)
    walk_field (w, mc_pdf_array_get (fields, i), NULL, NULL, FALSE, 0);
}

static void
walk_annotation (Walk     *w,
                 McPdfObj *ref,
                 int       page)
{
  g_autoptr(McPdfObj) annot = NULL;
  McRoleInfo *info = NULL;
  guint32 ap_role = MC_ROLE_ANNOT_AP;
  guint32 role = MC_ROLE_ANNOT;

  if (!spend (w))
    return;
  annot = mc_change_reader_resolve (w->reader, ref);
  if (!mc_pdf_obj_is (annot, MC_PDF_OBJ_DICT))
    return;
  if (mc_pdf_obj_is_name (mc_pdf_dict_get (annot, "Subtype"), "Widget"))
    role |= MC_ROLE_WIDGET;
  if (mc_pdf_obj_is (ref, MC_PDF_OBJ_REF))
    {
      guint32 num = mc_pdf_obj_get_ref_num (ref);
      mark (w, num, role, page);
      info = g_hash_table_lookup (w->roles, GUINT_TO_POINTER (num));
      info->page = page;
      /* A widget the form walk found keeps its form roles; what it draws
       * was walked there. */
      if (info->mask & (MC_ROLE_SIGNED | MC_ROLE_FIELD))
        return;
    }
  for (guint i = 0; i < mc_pdf_dict_size (annot); i++)
    {
      const char *key = mc_pdf_dict_key_at (annot, i);
      if (strcmp (key, "Parent") == 0 || strcmp (key, "P") == 0 || strcmp (key, "Popup") == 0
          || strcmp (key, "IRT") == 0)
        continue;
      walk_generic (w, mc_pdf_dict_value_at (annot, i), ap_role, page, 1);
    }
}

static void
walk_pages (Walk     *w,
            McPdfObj *ref,
            int       depth)
{
  g_autoptr(McPdfObj) node = NULL;
  McPdfObj *kids;
  guint32 num = 0;

  if (depth > WALK_DEPTH || !spend (w))
    return;
  if (mc_pdf_obj_is (ref, MC_PDF_OBJ_REF))
    {
      num = mc_pdf_obj_get_ref_num (ref);
      if (g_hash_table_contains (w->tree_seen, GUINT_TO_POINTER (num)))
        return;
      g_hash_table_add (w->tree_seen, GUINT_TO_POINTER (num));
    }
  node = mc_change_reader_resolve (w->reader, ref);
  if (!mc_pdf_obj_is (node, MC_PDF_OBJ_DICT))
    return;
  kids = mc_pdf_dict_get (node, "Kids");
  if (kids != NULL && !mc_pdf_obj_is_name (mc_pdf_dict_get (node, "Type"), "Page"))
    {
      g_autoptr(McPdfObj) list = mc_change_reader_resolve (w->reader, kids);

      if (num != 0)
        mark (w, num, MC_ROLE_PAGES, -1);
      for (guint i = 0; i < mc_pdf_dict_size (node); i++)
        {
          const char *key = mc_pdf_dict_key_at (node, i);
          McPdfObj *v = mc_pdf_dict_value_at (node, i);
          if (strcmp (key, "Kids") == 0)
            {
              if (mc_pdf_obj_is (v, MC_PDF_OBJ_REF))
                mark (w, mc_pdf_obj_get_ref_num (v), MC_ROLE_PAGES, -1);
            }
          else if (strcmp (key, "Parent") != 0)
            walk_generic (w, v, MC_ROLE_CONTENT, -1, 1);
        }
      for (guint i = 0; i < mc_pdf_array_length (list); i++)
        walk_pages (w, mc_pdf_array_get (list, i), depth + 1);
      return;
    }

  {
    int page = w->n_pages++;
    g_autoptr(McPdfObj) annots = NULL;

    if (num != 0)
      {
        mark (w, num, MC_ROLE_PAGE, page);
        g_hash_table_insert (w->page_nums, GUINT_TO_POINTER (num), GINT_TO_POINTER (page + 1));
      }
    for (guint i = 0; i < mc_pdf_dict_size (node); i++)
      {
        const char *key = mc_pdf_dict_key_at (node, i);
        McPdfObj *v = mc_pdf_dict_value_at (node, i);
        if (strcmp (key, "Annots") == 0)
          {
            if (mc_pdf_obj_is (v, MC_PDF_OBJ_REF))
              mark (w, mc_pdf_obj_get_ref_num (v), MC_ROLE_ANNOTS, page);
          }
        else if (strcmp (key, "Parent") != 0)
          walk_generic (w, v, MC_ROLE_CONTENT, page, 1);
      }
    annots = mc_change_reader_resolve (w->reader, mc_pdf_dict_get (node, "Annots"));
    for (guint i = 0; i < mc_pdf_array_length (annots); i++)
      walk_annotation (w, mc_pdf_array_get (annots, i), page);
  }
}

/* An object that may be rewritten as a whole (the document information,
 * the XMP metadata) while what it refers to may not. */
static void
walk_top (Walk     *w,
          McPdfObj *ref,
          guint32   role)
{
  g_autoptr(McPdfObj) obj = NULL;
  McPdfObj *dict;

  if (!mc_pdf_obj_is (ref, MC_PDF_OBJ_REF))
    {
      walk_generic (w, ref, MC_ROLE_OTHER, -1, 0);
      return;
    }
  mark (w, mc_pdf_obj_get_ref_num (ref), role, -1);
  obj = mc_change_reader_resolve (w->reader, ref);
  dict = mc_pdf_obj_is (obj, MC_PDF_OBJ_STREAM) ? mc_pdf_stream_get_dict (obj) : obj;
  for (guint i = 0; mc_pdf_obj_is (dict, MC_PDF_OBJ_DICT) && i < mc_pdf_dict_size (dict); i++)
    walk_generic (w, mc_pdf_dict_value_at (dict, i), MC_ROLE_OTHER, -1, 1);
}

GHashTable *
mc_change_roles_build (McChangeReader *reader,
                       GHashTable     *page_nums,
                       guint          *budget,
                       gboolean       *complete)
{
  g_autoptr(GHashTable) tree_seen = g_hash_table_new (NULL, NULL);
  McPdfObj *trailer = mc_change_reader_trailer (reader);
  McPdfObj *root = mc_pdf_dict_get (trailer, "Root");
  g_autoptr(McPdfObj) cat = NULL;
  Walk w = { reader, NULL, page_nums, tree_seen, *budget, 0 };

  w.roles = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) role_info_free);
  if (mc_pdf_obj_is (root, MC_PDF_OBJ_REF))
    mark (&w, mc_pdf_obj_get_ref_num (root), MC_ROLE_CATALOG, -1);
  cat = mc_change_reader_resolve (reader, root);

  /* The form first, so the page walk knows which widgets are signed. */
  if (mc_pdf_obj_is (cat, MC_PDF_OBJ_DICT))
    walk_form (&w, mc_pdf_dict_get (cat, "AcroForm"));
  for (guint i = 0; mc_pdf_obj_is (cat, MC_PDF_OBJ_DICT) && i < mc_pdf_dict_size (cat); i++)
    {
      const char *key = mc_pdf_dict_key_at (cat, i);
      McPdfObj *v = mc_pdf_dict_value_at (cat, i);

      if (strcmp (key, "Pages") == 0)
        walk_pages (&w, v, 0);
      else if (strcmp (key, "AcroForm") == 0 || strcmp (key, "Type") == 0)
        continue;
      else if (strcmp (key, "DSS") == 0)
        walk_generic (&w, v, MC_ROLE_DSS, -1, 0);
      else if (strcmp (key, "Perms") == 0)
        walk_generic (&w, v, MC_ROLE_SIG, -1, 0);
      else if (strcmp (key, "Metadata") == 0)
        walk_top (&w, v, MC_ROLE_METADATA);
      else
        walk_generic (&w, v, MC_ROLE_OTHER, -1, 0);
    }
  walk_top (&w, mc_pdf_dict_get (trailer, "Info"), MC_ROLE_INFO);
  walk_generic (&w, mc_pdf_dict_get (trailer, "Encrypt"), MC_ROLE_OTHER, -1, 0);
  *complete = w.budget > 0;
  *budget = w.budget;
  return w.roles;
}
