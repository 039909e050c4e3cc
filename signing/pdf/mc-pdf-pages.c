/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The page tree and the interactive form as the signer needs them: page N
 * with its inherited boxes, rotation and resources; which page an object
 * is; the form's fields and their full names. Trees in hostile files may
 * loop or be absurdly deep; every walk here remembers what it visited and
 * stops with an error instead of running forever. The tree of a sound
 * file is walked once and remembered, so asking for every page in turn,
 * or which page each of many objects is on, costs one walk, not one walk
 * per question. */
#define G_LOG_DOMAIN "motcua-pdf"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "mc-pdf-document-private.h"

/**
 * mc_pdf_page_free:
 * @page: (transfer full) (nullable): a page
 */
void
mc_pdf_page_free (McPdfPage *page)
{
  if (page == NULL)
    return;
  g_clear_pointer (&page->dict, mc_pdf_obj_unref);
  g_clear_pointer (&page->resources, mc_pdf_obj_unref);
  g_free (page);
}

typedef struct
{
  McPdfObj *media_box;
  McPdfObj *crop_box;
  McPdfObj *rotate;
  McPdfObj *resources;
} Inherit;

/* A page as the one full walk found it: what make_page() needs. */
typedef struct
{
  McPdfObj *ref;
  McPdfObj *node;
  Inherit   inh; /* references held */
} PageEntry;

static void
page_entry_free (gpointer data)
{
  PageEntry *e = data;

  mc_pdf_obj_unref (e->ref);
  mc_pdf_obj_unref (e->node);
  g_clear_pointer (&e->inh.media_box, mc_pdf_obj_unref);
  g_clear_pointer (&e->inh.crop_box, mc_pdf_obj_unref);
  g_clear_pointer (&e->inh.rotate, mc_pdf_obj_unref);
  g_clear_pointer (&e->inh.resources, mc_pdf_obj_unref);
  g_free (e);
}

typedef struct
{
  gboolean    by_num;
  guint       target_index;
  guint32     target_num;
  guint       count;
  guint       nodes;
  GHashTable *visited;
  McPdfPage  *found;
  GPtrArray  *collect; /* when set: every page goes here, none is "found" */
} Walk;

static gboolean
tree_damaged (GError    **error,
              const char *what)
{
  g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_DAMAGED,
               _("The PDF file’s page tree is damaged: %s. Open it in a PDF program and "
                 "save a new copy, then try again."), what);
  return FALSE;
}

static McPdfPage *
make_page (McPdfDocument *doc,
           McPdfObj      *ref,
           McPdfObj      *dict,
           Inherit       *inh,
           guint          index,
           GError       **error)
{
  g_autoptr(McPdfPage) page = g_new0 (McPdfPage, 1);
  g_autoptr(McPdfObj) media = NULL;
  g_autoptr(McPdfObj) crop = NULL;
  g_autoptr(McPdfObj) rot = NULL;
  g_autoptr(GError) local = NULL;
  double r;
  gboolean has_crop = FALSE;

  page->index = index;
  page->num = mc_pdf_obj_get_ref_num (ref);
  page->gen = mc_pdf_obj_get_ref_gen (ref);
  page->dict = mc_pdf_obj_ref (dict);

  media = mc_pdf_document_resolve (doc, inh->media_box, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (!mc_pdf_obj_get_rect (media, page->media_box)
      || page->media_box[2] - page->media_box[0] < 1 || page->media_box[3] - page->media_box[1] < 1)
    {
      /* No usable media box: US Letter, as readers assume. */
      page->media_box[0] = page->media_box[1] = 0;
      page->media_box[2] = 612;
      page->media_box[3] = 792;
    }
  crop = mc_pdf_document_resolve (doc, inh->crop_box, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (mc_pdf_obj_get_rect (crop, page->crop_box))
    {
      page->crop_box[0] = MAX (page->crop_box[0], page->media_box[0]);
      page->crop_box[1] = MAX (page->crop_box[1], page->media_box[1]);
      page->crop_box[2] = MIN (page->crop_box[2], page->media_box[2]);
      page->crop_box[3] = MIN (page->crop_box[3], page->media_box[3]);
      has_crop = page->crop_box[2] > page->crop_box[0] && page->crop_box[3] > page->crop_box[1];
    }
  if (!has_crop)
    for (guint i = 0; i < 4; i++)
      page->crop_box[i] = page->media_box[i];

  rot = mc_pdf_document_resolve (doc, inh->rotate, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (mc_pdf_obj_get_number (rot, &r) && fabs (r) < 1e6)
    page->rotate = ((((int) r / 90) * 90) % 360 + 360) % 360;

  if (inh->resources != NULL)
    {
      page->resources = mc_pdf_document_resolve (doc, inh->resources, error);
      if (page->resources == NULL)
        return NULL;
      if (page->resources->type != MC_PDF_OBJ_DICT)
        g_clear_pointer (&page->resources, mc_pdf_obj_unref);
    }
  return g_steal_pointer (&page);
}

static gboolean
walk (McPdfDocument *doc,
      McPdfObj      *ref,
      Inherit        inh,
      int            depth,
      Walk          *w,
      GError       **error)
{
  g_autoptr(McPdfObj) node = NULL;
  McPdfObj *type, *v;
  gboolean is_pages;

  if (w->found != NULL)
    return TRUE;
  if (ref->type != MC_PDF_OBJ_REF)
    return tree_damaged (error, _("a page is not an indirect object"));
  if (depth > MC_PDF_MAX_DEPTH)
    return tree_damaged (error, _("it is nested too deeply"));
  if (g_hash_table_contains (w->visited, GUINT_TO_POINTER (ref->u.ref.num)))
    return tree_damaged (error, _("it loops"));
  if (++w->nodes > MC_PDF_MAX_PAGE_NODES)
    return tree_damaged (error, _("it has too many nodes"));
  g_hash_table_add (w->visited, GUINT_TO_POINTER (ref->u.ref.num));

  node = mc_pdf_document_resolve (doc, ref, error);
  if (node == NULL)
    return FALSE;
  if (node->type != MC_PDF_OBJ_DICT)
    return tree_damaged (error, _("a node is not a dictionary"));

  if ((v = mc_pdf_dict_get (node, "MediaBox")))
    inh.media_box = v;
  if ((v = mc_pdf_dict_get (node, "CropBox")))
    inh.crop_box = v;
  if ((v = mc_pdf_dict_get (node, "Rotate")))
    inh.rotate = v;
  if ((v = mc_pdf_dict_get (node, "Resources")))
    inh.resources = v;

  type = mc_pdf_dict_get (node, "Type");
  is_pages = mc_pdf_obj_is_name (type, "Pages")
             || (!mc_pdf_obj_is_name (type, "Page") && mc_pdf_dict_get (node, "Kids") != NULL);
  if (is_pages)
    {
      g_autoptr(McPdfObj) kids = mc_pdf_document_dict_lookup (doc, node, "Kids", error);
      if (kids == NULL && error != NULL && *error != NULL)
        return FALSE;
      for (guint i = 0; i < mc_pdf_array_length (kids) && w->found == NULL; i++)
        if (!walk (doc, mc_pdf_array_get (kids, i), inh, depth + 1, w, error))
          return FALSE;
      return TRUE;
    }

  if (w->collect != NULL)
    {
      PageEntry *e;

      if (!mc_pdf_budget_charge (&doc->budget, MC_PDF_OBJ_COST * 2, error))
        return FALSE;
      e = g_new0 (PageEntry, 1);
      e->ref = mc_pdf_obj_ref (ref);
      e->node = mc_pdf_obj_ref (node);
      e->inh.media_box = inh.media_box ? mc_pdf_obj_ref (inh.media_box) : NULL;
      e->inh.crop_box = inh.crop_box ? mc_pdf_obj_ref (inh.crop_box) : NULL;
      e->inh.rotate = inh.rotate ? mc_pdf_obj_ref (inh.rotate) : NULL;
      e->inh.resources = inh.resources ? mc_pdf_obj_ref (inh.resources) : NULL;
      g_ptr_array_add (w->collect, e);
    }
  else if (w->by_num ? ref->u.ref.num == w->target_num : w->count == w->target_index)
    {
      w->found = make_page (doc, ref, node, &inh, w->count, error);
      if (w->found == NULL)
        return FALSE;
    }
  w->count++;
  return TRUE;
}

static gboolean
run_walk (McPdfDocument *doc,
          Walk          *w,
          GError       **error)
{
  g_autoptr(McPdfObj) cat = mc_pdf_document_get_catalog (doc, error);
  g_autoptr(GHashTable) visited = g_hash_table_new (NULL, NULL);
  McPdfObj *pages;
  Inherit inh = { 0 };

  if (cat == NULL)
    return FALSE;
  pages = mc_pdf_dict_get (cat, "Pages");
  if (pages == NULL)
    return tree_damaged (error, _("the catalog has no /Pages"));
  w->visited = visited;
  return walk (doc, pages, inh, 0, w, error);
}

/* Walks the whole tree once and keeps every page; FALSE (and no error)
 * when the tree is damaged somewhere, so callers walk per question and
 * fail only when their own page is out of reach, as before. */
static gboolean
ensure_pages (McPdfDocument *doc)
{
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GError) error = NULL;
  Walk w = { .by_num = TRUE, .target_num = G_MAXUINT32 };

  if (doc->pages != NULL)
    return TRUE;
  if (doc->pages_failed)
    return FALSE;

  pages = g_ptr_array_new_with_free_func (page_entry_free);
  w.collect = pages;
  if (!run_walk (doc, &w, &error))
    {
      g_debug ("Page tree walked per question: %s", error->message);
      doc->pages_failed = TRUE;
      return FALSE;
    }
  doc->page_index = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < pages->len; i++)
    {
      PageEntry *e = g_ptr_array_index (pages, i);
      gpointer key = GUINT_TO_POINTER (mc_pdf_obj_get_ref_num (e->ref));

      if (!g_hash_table_contains (doc->page_index, key))
        g_hash_table_insert (doc->page_index, key, GUINT_TO_POINTER (i + 1));
    }
  doc->pages = g_steal_pointer (&pages);
  return TRUE;
}

static void
no_such_page (GError **error,
              guint    count,
              guint    index)
{
  g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_NO_SUCH_PAGE,
               ngettext ("The document has %u page; there is no page %u. Choose a page "
                         "within the document.",
                         "The document has %u pages; there is no page %u. Choose a page "
                         "within the document.", count),
               count, index + 1);
}

/**
 * mc_pdf_document_get_n_pages:
 * @doc: a document
 * @error: where to put a failure
 *
 * Counts the pages by walking the page tree (not trusting /Count).
 *
 * Returns: the number of pages, or -1 on error
 */
int
mc_pdf_document_get_n_pages (McPdfDocument *doc,
                             GError       **error)
{
  Walk w = { .by_num = TRUE, .target_num = G_MAXUINT32 };

  g_return_val_if_fail (MC_IS_PDF_DOCUMENT (doc), -1);

  if (ensure_pages (doc))
    return (int) doc->pages->len;
  if (!run_walk (doc, &w, error))
    return -1;
  return (int) w.count;
}

/**
 * mc_pdf_document_get_page:
 * @doc: a document
 * @index: 0-based page index
 * @error: where to put a failure (%MC_SIGNING_ERROR_PDF_NO_SUCH_PAGE when
 *   the document is shorter)
 *
 * Returns: (transfer full) (nullable): the page with its inherited
 *   attributes
 */
McPdfPage *
mc_pdf_document_get_page (McPdfDocument *doc,
                          guint          index,
                          GError       **error)
{
  Walk w = { .by_num = FALSE, .target_index = index };

  g_return_val_if_fail (MC_IS_PDF_DOCUMENT (doc), NULL);

  if (ensure_pages (doc))
    {
      PageEntry *e;

      if (index >= doc->pages->len)
        {
          no_such_page (error, doc->pages->len, index);
          return NULL;
        }
      e = g_ptr_array_index (doc->pages, index);
      return make_page (doc, e->ref, e->node, &e->inh, index, error);
    }
  if (!run_walk (doc, &w, error))
    {
      mc_pdf_page_free (w.found);
      return NULL;
    }
  if (w.found == NULL)
    {
      no_such_page (error, w.count, index);
      return NULL;
    }
  return w.found;
}

/**
 * mc_pdf_document_find_page:
 * @doc: a document
 * @num: the object number of a page dictionary
 * @error: where to put a failure
 *
 * Returns: the 0-based index of that page, -1 if it is no page of the
 *   tree, -2 on error
 */
int
mc_pdf_document_find_page (McPdfDocument *doc,
                           guint32        num,
                           GError       **error)
{
  Walk w = { .by_num = TRUE, .target_num = num };
  int index;

  g_return_val_if_fail (MC_IS_PDF_DOCUMENT (doc), -2);

  if (ensure_pages (doc))
    return (int) GPOINTER_TO_UINT (g_hash_table_lookup (doc->page_index, GUINT_TO_POINTER (num))) - 1;

  if (!run_walk (doc, &w, error))
    {
      mc_pdf_page_free (w.found);
      return -2;
    }
  if (w.found == NULL)
    return -1;
  index = (int) w.found->index;
  mc_pdf_page_free (w.found);
  return index;
}

/**
 * mc_pdf_document_get_acroform:
 * @doc: a document
 * @error: where to put a failure
 *
 * Returns: (transfer full) (nullable): the interactive form dictionary,
 *   %NULL when there is none (and @error is not set)
 */
McPdfObj *
mc_pdf_document_get_acroform (McPdfDocument *doc,
                              GError       **error)
{
  g_autoptr(McPdfObj) cat = NULL;
  McPdfObj *form;

  g_return_val_if_fail (MC_IS_PDF_DOCUMENT (doc), NULL);

  cat = mc_pdf_document_get_catalog (doc, error);
  if (cat == NULL)
    return NULL;
  form = mc_pdf_document_dict_lookup (doc, cat, "AcroForm", error);
  if (form != NULL && form->type != MC_PDF_OBJ_DICT)
    g_clear_pointer (&form, mc_pdf_obj_unref);
  return form;
}

static gboolean
collect_names (McPdfDocument *doc,
               McPdfObj      *kids,
               const char    *prefix,
               int            depth,
               GHashTable    *visited,
               GPtrArray     *names,
               GError       **error)
{
  for (guint i = 0; i < mc_pdf_array_length (kids); i++)
    {
      McPdfObj *ref = mc_pdf_array_get (kids, i);
      g_autoptr(McPdfObj) field = NULL;
      g_autoptr(McPdfObj) sub = NULL;
      g_autofree char *t = NULL;
      g_autofree char *full = NULL;

      if (ref->type == MC_PDF_OBJ_REF)
        {
          if (g_hash_table_contains (visited, GUINT_TO_POINTER (ref->u.ref.num)))
            continue; /* a loop or a field listed twice: once is enough */
          g_hash_table_add (visited, GUINT_TO_POINTER (ref->u.ref.num));
        }
      if (depth > MC_PDF_MAX_DEPTH || g_hash_table_size (visited) > MC_PDF_MAX_PAGE_NODES)
        return tree_damaged (error, _("the form’s fields are nested too deeply"));
      field = mc_pdf_document_resolve (doc, ref, error);
      if (field == NULL)
        return FALSE;
      if (field->type != MC_PDF_OBJ_DICT)
        continue;
      t = mc_pdf_obj_get_text (mc_pdf_dict_get (field, "T"));
      if (t != NULL)
        full = prefix ? g_strconcat (prefix, ".", t, NULL) : g_strdup (t);
      else
        full = g_strdup (prefix);
      if (full != NULL)
        g_ptr_array_add (names, g_strdup (full));
      sub = mc_pdf_document_dict_lookup (doc, field, "Kids", error);
      if (sub == NULL && error != NULL && *error != NULL)
        return FALSE;
      if (!collect_names (doc, sub, full, depth + 1, visited, names, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * mc_pdf_document_get_field_names:
 * @doc: a document
 * @error: where to put a failure
 *
 * Returns: (transfer full) (nullable): the full names of the form's
 *   fields (and of their parents), possibly empty; %NULL on error
 */
GStrv
mc_pdf_document_get_field_names (McPdfDocument *doc,
                                 GError       **error)
{
  g_autoptr(McPdfObj) form = NULL;
  g_autoptr(McPdfObj) fields = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) visited = g_hash_table_new (NULL, NULL);
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (MC_IS_PDF_DOCUMENT (doc), NULL);

  form = mc_pdf_document_get_acroform (doc, &local);
  if (local == NULL && form != NULL)
    fields = mc_pdf_document_dict_lookup (doc, form, "Fields", &local);
  if (local == NULL && fields != NULL)
    collect_names (doc, fields, NULL, 0, visited, names, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}
