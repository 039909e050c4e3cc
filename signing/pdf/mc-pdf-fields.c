/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The interactive-form side of adding a signature: whether a certifying
 * signature forbids it, which field name to use (or which empty field a
 * template placed), which page a widget is on, and the updates to the
 * form's /Fields and the page's /Annots. */
#define G_LOG_DOMAIN "motcua-pdf"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-pdf-private.h"
#include "mc-pdf-fields-private.h"

static gboolean
invalid (GError    **error,
         const char *msg)
{
  g_set_error_literal (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_INVALID_ARGUMENT, msg);
  return FALSE;
}

/* A certifying signature with DocMDP P=1 forbids any change, signatures
 * included (ISO 32000-1 12.8.2.2). */
gboolean
mc_pdf_fields_check_docmdp (McPdfDocument *doc,
                            McPdfObj      *cat,
                            GError       **error)
{
  g_autoptr(McPdfObj) perms = mc_pdf_document_dict_lookup (doc, cat, "Perms", NULL);
  g_autoptr(McPdfObj) sig = mc_pdf_document_dict_lookup (doc, perms, "DocMDP", NULL);
  g_autoptr(McPdfObj) refs = mc_pdf_document_dict_lookup (doc, sig, "Reference", NULL);

  for (guint i = 0; i < mc_pdf_array_length (refs); i++)
    {
      g_autoptr(McPdfObj) r = mc_pdf_document_resolve (doc, mc_pdf_array_get (refs, i), NULL);
      g_autoptr(McPdfObj) params = mc_pdf_document_dict_lookup (doc, r, "TransformParams", NULL);
      McPdfObj *p = mc_pdf_dict_get (params, "P");
      if (mc_pdf_obj_is_name (mc_pdf_dict_get (r, "TransformMethod"), "DocMDP")
          && mc_pdf_obj_get_int (p) == 1)
        {
          g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_LOCKED,
                       _("The document carries a certifying signature that forbids any change, "
                         "so it cannot be signed again. Sign the original document instead."));
          return FALSE;
        }
    }
  return TRUE;
}

void
mc_pdf_existing_field_clear (McPdfExistingField *e)
{
  g_clear_pointer (&e->field_ref, mc_pdf_obj_unref);
  g_clear_pointer (&e->field, mc_pdf_obj_unref);
  g_clear_pointer (&e->widget_ref, mc_pdf_obj_unref);
  g_clear_pointer (&e->widget, mc_pdf_obj_unref);
}

static gboolean
find_field (McPdfDocument      *doc,
            McPdfObj           *kids,
            const char         *prefix,
            const char         *wanted,
            int                 depth,
            GHashTable         *visited,
            McPdfExistingField *out,
            GError            **error)
{
  for (guint i = 0; i < mc_pdf_array_length (kids) && out->field == NULL; i++)
    {
      McPdfObj *ref = mc_pdf_array_get (kids, i);
      g_autoptr(McPdfObj) field = NULL;
      g_autoptr(McPdfObj) sub = NULL;
      g_autofree char *t = NULL;
      g_autofree char *full = NULL;

      if (!mc_pdf_obj_is (ref, MC_PDF_OBJ_REF)
          || g_hash_table_contains (visited, GUINT_TO_POINTER (mc_pdf_obj_get_ref_num (ref)))
          || depth > 32)
        continue;
      g_hash_table_add (visited, GUINT_TO_POINTER (mc_pdf_obj_get_ref_num (ref)));
      field = mc_pdf_document_resolve (doc, ref, error);
      if (field == NULL)
        return FALSE;
      t = mc_pdf_obj_get_text (mc_pdf_dict_get (field, "T"));
      if (t == NULL)
        continue; /* a widget, not a field */
      full = prefix ? g_strconcat (prefix, ".", t, NULL) : g_strdup (t);
      if (strcmp (full, wanted) == 0)
        {
          out->field_ref = mc_pdf_obj_ref (ref);
          out->field = g_steal_pointer (&field);
          return TRUE;
        }
      sub = mc_pdf_document_dict_lookup (doc, field, "Kids", error);
      if (sub == NULL && error != NULL && *error != NULL)
        return FALSE;
      if (!find_field (doc, sub, full, wanted, depth + 1, visited, out, error))
        return FALSE;
    }
  return TRUE;
}

/* Picks the new field's name, or finds the empty signature field the
 * caller named (@existing is then filled). */
char *
mc_pdf_fields_pick_name (McPdfDocument      *doc,
                         const char         *wanted,
                         McPdfExistingField *existing,
                         GError            **error)
{
  g_auto(GStrv) names = mc_pdf_document_get_field_names (doc, error);

  if (names == NULL)
    return NULL;
  if (wanted != NULL)
    {
      g_autoptr(McPdfObj) form = NULL;
      g_autoptr(McPdfObj) fields = NULL;
      g_autoptr(GHashTable) visited = NULL;
      McPdfObj *rect_holder;

      if (*wanted == '\0' || !g_utf8_validate (wanted, -1, NULL))
        {
          invalid (error, _("A signature field name must be non-empty text."));
          return NULL;
        }
      if (!g_strv_contains ((const char *const *) names, wanted))
        {
          if (strchr (wanted, '.') != NULL)
            {
              invalid (error, _("A new signature field name must not contain dots."));
              return NULL;
            }
          return g_strdup (wanted);
        }
      form = mc_pdf_document_get_acroform (doc, error);
      if (form != NULL)
        fields = mc_pdf_document_dict_lookup (doc, form, "Fields", error);
      visited = g_hash_table_new (NULL, NULL);
      if ((error != NULL && *error != NULL)
          || !find_field (doc, fields, NULL, wanted, 0, visited, existing, error))
        return NULL;
      if (existing->field == NULL || !mc_pdf_obj_is_name (mc_pdf_dict_get (existing->field, "FT"), "Sig")
          || mc_pdf_dict_get (existing->field, "V") != NULL)
        {
          g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_INVALID_ARGUMENT,
                       _("The document already has a field named “%s” that is not an empty "
                         "signature field. Choose another name."), wanted);
          return NULL;
        }
      /* Its widget: the field itself, or its only kid. */
      rect_holder = mc_pdf_dict_get (existing->field, "Rect");
      if (rect_holder != NULL)
        {
          existing->widget_ref = mc_pdf_obj_ref (existing->field_ref);
          existing->widget = mc_pdf_obj_ref (existing->field);
        }
      else
        {
          g_autoptr(McPdfObj) kids = mc_pdf_document_dict_lookup (doc, existing->field, "Kids", error);
          McPdfObj *kid = mc_pdf_array_get (kids, 0);
          if (mc_pdf_array_length (kids) == 1 && mc_pdf_obj_is (kid, MC_PDF_OBJ_REF))
            {
              existing->widget = mc_pdf_document_resolve (doc, kid, error);
              if (existing->widget == NULL)
                return NULL;
              existing->widget_ref = mc_pdf_obj_ref (kid);
            }
          if (existing->widget == NULL || !mc_pdf_obj_is (existing->widget, MC_PDF_OBJ_DICT)
              || mc_pdf_dict_get (existing->widget, "Rect") == NULL)
            {
              g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_INVALID_ARGUMENT,
                           _("The signature field “%s” is not placed on a page. Choose another "
                             "field or sign without naming one."), wanted);
              return NULL;
            }
        }
      return g_strdup (wanted);
    }
  for (guint i = 1;; i++)
    {
      g_autofree char *name = g_strdup_printf ("Signature%u", i);
      if (!g_strv_contains ((const char *const *) names, name))
        return g_steal_pointer (&name);
    }
}

/* The page whose /Annots lists @widget_num, for widgets without /P. */
int
mc_pdf_fields_page_of_widget (McPdfDocument *doc,
                              McPdfObj      *widget,
                              guint32        widget_num,
                              GError       **error)
{
  McPdfObj *p = mc_pdf_dict_get (widget, "P");
  int n;

  if (mc_pdf_obj_is (p, MC_PDF_OBJ_REF))
    {
      int idx = mc_pdf_document_find_page (doc, mc_pdf_obj_get_ref_num (p), error);
      if (idx != -1)
        return idx;
    }
  n = mc_pdf_document_get_n_pages (doc, error);
  for (int i = 0; i < n; i++)
    {
      g_autoptr(McPdfPage) page = mc_pdf_document_get_page (doc, (guint) i, error);
      g_autoptr(McPdfObj) annots = NULL;
      if (page == NULL)
        return -2;
      annots = mc_pdf_document_dict_lookup (doc, page->dict, "Annots", NULL);
      for (guint k = 0; k < mc_pdf_array_length (annots); k++)
        if (mc_pdf_obj_get_ref_num (mc_pdf_array_get (annots, k)) == widget_num)
          return i;
    }
  return n < 0 ? -2 : -1;
}

/* Adds @widget_ref (when not %NULL) to the form's /Fields and sets
 * /SigFlags, rewriting the form, and the catalog when the form is in it
 * or @catalog_changed (a certification's /Perms). */
gboolean
mc_pdf_fields_add_to_form (McPdfDocument *doc,
                           McPdfUpdate   *up,
                           McPdfObj      *cat,
                           guint32        cat_num,
                           guint16        cat_gen,
                           McPdfObj      *widget_ref,
                           gboolean       catalog_changed,
                           GError       **error)
{
  McPdfObj *form_v = mc_pdf_dict_get (cat, "AcroForm");
  g_autoptr(McPdfObj) form = NULL;
  g_autoptr(McPdfObj) fields = NULL;
  g_autoptr(McPdfObj) new_fields = mc_pdf_obj_new_array ();
  gint64 flags;

  if (form_v != NULL)
    {
      g_autoptr(McPdfObj) resolved = mc_pdf_document_resolve (doc, form_v, error);
      if (resolved == NULL)
        return FALSE;
      if (resolved->type == MC_PDF_OBJ_DICT)
        form = mc_pdf_obj_copy (resolved);
    }
  if (form == NULL)
    form = mc_pdf_obj_new_dict ();

  fields = mc_pdf_document_dict_lookup (doc, form, "Fields", error);
  if (fields == NULL && error != NULL && *error != NULL)
    return FALSE;
  flags = mc_pdf_obj_get_int (mc_pdf_dict_get (form, "SigFlags"));
  if (widget_ref == NULL && (flags & 3) == 3)
    /* a field already listed, flags already set */
    return !catalog_changed || mc_pdf_update_write_object (up, cat_num, cat_gen, cat, error);
  for (guint i = 0; i < mc_pdf_array_length (fields); i++)
    mc_pdf_array_append (new_fields, mc_pdf_array_get (fields, i));
  if (widget_ref != NULL)
    mc_pdf_array_append (new_fields, widget_ref);
  mc_pdf_dict_set (form, "Fields", new_fields);
  mc_pdf_dict_take (form, "SigFlags", mc_pdf_obj_new_int (flags | 3));

  if (mc_pdf_obj_is (form_v, MC_PDF_OBJ_REF))
    return mc_pdf_update_write_object (up, form_v->u.ref.num, form_v->u.ref.gen, form, error)
           && (!catalog_changed || mc_pdf_update_write_object (up, cat_num, cat_gen, cat, error));

  if (form_v == NULL)
    {
      guint32 num = mc_pdf_update_new_num (up);
      if (!mc_pdf_update_write_object (up, num, 0, form, error))
        return FALSE;
      mc_pdf_dict_take (cat, "AcroForm", mc_pdf_obj_new_ref (num, 0));
    }
  else
    mc_pdf_dict_set (cat, "AcroForm", form);
  return mc_pdf_update_write_object (up, cat_num, cat_gen, cat, error);
}

gboolean
mc_pdf_fields_add_to_page (McPdfDocument *doc,
                           McPdfUpdate   *up,
                           McPdfPage     *page,
                           McPdfObj      *widget_ref,
                           GError       **error)
{
  g_autoptr(McPdfObj) dict = mc_pdf_obj_copy (page->dict);
  g_autoptr(McPdfObj) annots = NULL;
  g_autoptr(McPdfObj) list = mc_pdf_obj_new_array ();

  /* An indirect /Annots array may be shared by several pages, so the page
   * gets a direct array of its own rather than the shared one growing. */
  annots = mc_pdf_document_dict_lookup (doc, page->dict, "Annots", error);
  if (annots == NULL && error != NULL && *error != NULL)
    return FALSE;
  for (guint i = 0; i < mc_pdf_array_length (annots); i++)
    mc_pdf_array_append (list, mc_pdf_array_get (annots, i));
  mc_pdf_array_append (list, widget_ref);
  mc_pdf_dict_set (dict, "Annots", list);
  return mc_pdf_update_write_object (up, page->num, page->gen, dict, error);
}

