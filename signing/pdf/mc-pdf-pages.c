/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The page tree and the interactive form as the signer needs them: page N
 * with its inherited boxes, rotation and resources; which page an object
 * is; the form's fields and their full names. Trees in hostile files may
 * loop or be absurdly deep; every walk here remembers what it visited and
 * stops with an error instead of running forever. */
#define G_LOG_DOMAIN "motcua-pdf"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "mc-pdf-private.h"

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

typedef struct
{
  gboolean    by_num;
  guint       target_index;
  guint32     target_num;
  guint       count;
  guint       nodes;
  GHashTable *visited;
  McPdfPage  *found;
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

  if (w->by_num ? ref->u.ref.num == w->target_num : w->count == w->target_index)
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

  if (!run_walk (doc, &w, error))
    {
      mc_pdf_page_free (w.found);
      return NULL;
    }
  if (w.found == NULL)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_NO_SUCH_PAGE,
                   ngettext ("The document has %u page; there is no page %u. Choose a page "
                             "within the document.",
                             "The document has %u pages; there is no page %u. Choose a page "
                             "within the document.", w.count),
                   w.count, index + 1);
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
