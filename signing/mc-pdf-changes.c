/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The verifier's policy on what may follow a signature in later
 * incremental updates: more signatures and document time-stamps, the
 * document security store, annotations and form fields (a signature
 * widget is both), with the catalog, form and page /Annots entries that
 * tie them in. Anything else (page content, resources, a new page tree,
 * deleted objects, an earlier signature dictionary rewritten) means the
 * document shown is not the one signed, even though the signature's own
 * bytes still check. The facts come from mc_pdf_document_get_revisions();
 * this file only judges them and says what it found in words. */
#define G_LOG_DOMAIN "motcua-signing"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mc-pades-private.h"

#define MAX_PAGES_SCANNED 5000
#define MAX_LISTED 8

static const char * const catalog_keys[] = { "AcroForm", "DSS", "Extensions", NULL };
static const char * const page_keys[] = { "Annots", NULL };
/* Keys of form dictionaries (AcroForm, fields) a signature may touch. */
static const char * const form_keys[] = {
  "Fields", "SigFlags", "DR", "DA", "NeedAppearances", "V", "AP", "AS", "Kids", "F", "Ff", "MK",
  "Lock", "SV", "T", "TU", "FT", "Rect", "P", "Type", "Subtype", NULL
};
static const char * const annot_subtypes[] = {
  "Widget", "Text", "FreeText", "Link", "Square", "Circle", "Line", "Highlight", "Underline",
  "StrikeOut", "Squiggly", "Stamp", "Ink", "Popup", "FileAttachment", "Caret", "Polygon",
  "PolyLine", "Redact", NULL
};

typedef struct
{
  McPdfDocument *doc;
  GHashTable    *lists;      /* object numbers of /Annots and /Fields arrays */
  guint          signatures;
  guint          timestamps;
  guint          annotations;
  gboolean       dss;
  gboolean       form;
  GPtrArray     *forbidden;  /* what changed that may not, in words */
} Judge;

static gboolean
keys_within (GStrv               keys,
             const char * const *allowed)
{
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    if (!g_strv_contains (allowed, keys[i]))
      return FALSE;
  return keys != NULL;
}

static char *
join_keys (GStrv keys)
{
  return keys ? g_strjoinv (", ", keys) : g_strdup ("?");
}

static void
add_lists_of (Judge    *j,
              McPdfObj *dict,
              const char *key)
{
  McPdfObj *v = mc_pdf_dict_get (dict, key);

  if (mc_pdf_obj_is (v, MC_PDF_OBJ_REF))
    g_hash_table_add (j->lists, GUINT_TO_POINTER (mc_pdf_obj_get_ref_num (v)));
}

/* The arrays a signature may rewrite: each page's /Annots and the
 * form's /Fields, when they are objects of their own. */
static GHashTable *
annotation_lists (Judge *j)
{
  g_autoptr(McPdfObj) form = NULL;
  int n;

  if (j->lists != NULL)
    return j->lists;
  j->lists = g_hash_table_new (NULL, NULL);
  form = mc_pdf_document_get_acroform (j->doc, NULL);
  if (form != NULL)
    add_lists_of (j, form, "Fields");
  n = mc_pdf_document_get_n_pages (j->doc, NULL);
  for (int i = 0; i < MIN (n, MAX_PAGES_SCANNED); i++)
    {
      g_autoptr(McPdfPage) page = mc_pdf_document_get_page (j->doc, (guint) i, NULL);
      if (page != NULL)
        add_lists_of (j, page->dict, "Annots");
    }
  return j->lists;
}

static void
forbid (Judge      *j,
        const char *format,
        ...) G_GNUC_PRINTF (2, 3);

static void
forbid (Judge      *j,
        const char *format,
        ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (j->forbidden, g_strdup_vprintf (format, args));
  va_end (args);
}

static void
judge_one (Judge             *j,
           McPdfObjectChange *ch)
{
  const char *type = ch->type;
  gboolean annot = g_strcmp0 (type, "Annot") == 0
                   || (ch->subtype != NULL && g_strv_contains (annot_subtypes, ch->subtype)
                       && g_strcmp0 (type, "XObject") != 0 && g_strcmp0 (type, "stream") != 0);

  if (g_strcmp0 (type, "XRef") == 0 || g_strcmp0 (type, "ObjStm") == 0)
    return;

  if (ch->kind == MC_PDF_CHANGE_DELETED)
    {
      forbid (j, _("object %u was deleted"), ch->num);
      return;
    }

  if (ch->kind == MC_PDF_CHANGE_ADDED)
    {
      if (g_strcmp0 (type, "Catalog") == 0 || g_strcmp0 (type, "Pages") == 0
          || g_strcmp0 (type, "Page") == 0)
        forbid (j, _("a new %s (object %u)"), type, ch->num);
      else if (g_strcmp0 (type, "Sig") == 0)
        j->signatures++;
      else if (g_strcmp0 (type, "DocTimeStamp") == 0)
        j->timestamps++;
      else if (g_strcmp0 (type, "DSS") == 0)
        j->dss = TRUE;
      else if (annot)
        j->annotations++;
      /* Other new objects (appearance streams, fonts, DSS data) are
       * reachable only through the changes judged here. */
      return;
    }

  /* Modified. */
  if (type == NULL && ch->changed_keys == NULL)
    forbid (j, _("object %u (too many changes to check)"), ch->num);
  else if (g_strcmp0 (type, "Catalog") == 0)
    {
      if (keys_within (ch->changed_keys, catalog_keys))
        {
          if (g_strv_contains ((const char * const *) ch->changed_keys, "DSS"))
            j->dss = TRUE;
          if (g_strv_contains ((const char * const *) ch->changed_keys, "AcroForm"))
            j->form = TRUE;
        }
      else
        {
          g_autofree char *keys = join_keys (ch->changed_keys);
          forbid (j, _("the document catalog (%s)"), keys);
        }
    }
  else if (g_strcmp0 (type, "Page") == 0)
    {
      if (!keys_within (ch->changed_keys, page_keys))
        {
          g_autofree char *keys = join_keys (ch->changed_keys);
          int index = mc_pdf_document_find_page (j->doc, ch->num, NULL);

          if (index >= 0)
            forbid (j, _("page %d (%s)"), index + 1, keys);
          else
            forbid (j, _("a page, object %u (%s)"), ch->num, keys);
        }
    }
  else if (g_strcmp0 (type, "DSS") == 0)
    j->dss = TRUE;
  else if (g_strcmp0 (type, "Sig") == 0 || g_strcmp0 (type, "DocTimeStamp") == 0)
    forbid (j, _("the dictionary of an earlier signature (object %u)"), ch->num);
  else if (annot)
    j->annotations++;
  else if (type == NULL && ch->changed_keys != NULL
           && g_strv_contains ((const char * const *) ch->changed_keys, "(value)"))
    {
      /* A rewritten array: fine when it is a list of annotations or
       * fields. */
      if (!g_hash_table_contains (annotation_lists (j), GUINT_TO_POINTER (ch->num)))
        forbid (j, _("object %u"), ch->num);
    }
  else if (type == NULL && keys_within (ch->changed_keys, form_keys))
    j->form = TRUE;
  else
    {
      g_autofree char *keys = join_keys (ch->changed_keys);
      if (type != NULL)
        forbid (j, _("object %u (%s: %s)"), ch->num, type, keys);
      else
        forbid (j, _("object %u (%s)"), ch->num, keys);
    }
}

/* Judges the revisions after @signed_revision. @description says what
 * they added and, when @changed_after, what they changed that may not
 * change; %NULL when nothing came after. */
gboolean
mc_pades_judge_changes (McPdfDocument  *doc,
                        GPtrArray      *revisions,
                        int             signed_revision,
                        gboolean       *changed_after,
                        char          **description,
                        GError        **error)
{
  g_autoptr(GPtrArray) forbidden = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) text = g_string_new (NULL);
  Judge j = { doc, NULL, 0, 0, 0, FALSE, FALSE, forbidden };

  *changed_after = FALSE;
  *description = NULL;
  if (signed_revision < 0 || (guint) signed_revision + 1 >= revisions->len)
    return TRUE;

  for (guint r = (guint) signed_revision + 1; r < revisions->len; r++)
    {
      McPdfRevision *rev = g_ptr_array_index (revisions, r);
      for (guint i = 0; i < rev->changes->len; i++)
        judge_one (&j, g_ptr_array_index (rev->changes, i));
    }
  g_clear_pointer (&j.lists, g_hash_table_unref);

  if (j.signatures > 0)
    g_ptr_array_add (added, g_strdup_printf (ngettext ("%u signature", "%u signatures", j.signatures),
                                             j.signatures));
  if (j.timestamps > 0)
    g_ptr_array_add (added, g_strdup_printf (ngettext ("%u document time-stamp",
                                                       "%u document time-stamps", j.timestamps),
                                             j.timestamps));
  if (j.dss)
    g_ptr_array_add (added, g_strdup (_("validation data (DSS)")));
  if (j.annotations > j.signatures)
    g_ptr_array_add (added, g_strdup_printf (ngettext ("%u annotation or form field",
                                                       "%u annotations or form fields",
                                                       j.annotations - j.signatures),
                                             j.annotations - j.signatures));
  if (added->len > 0)
    {
      g_autofree char *list = NULL;

      g_ptr_array_add (added, NULL);
      list = g_strjoinv (", ", (GStrv) added->pdata);
      g_string_append_printf (text, _("Added later: %s."), list);
    }
  if (forbidden->len > 0)
    {
      g_autoptr(GString) list = g_string_new (NULL);

      *changed_after = TRUE;
      for (guint i = 0; i < MIN (forbidden->len, MAX_LISTED); i++)
        g_string_append_printf (list, "%s%s", i ? "; " : "", (char *) g_ptr_array_index (forbidden, i));
      if (forbidden->len > MAX_LISTED)
        g_string_append_printf (list, "; …");
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append_printf (text, _("Changed after signing, which a signature does not allow: %s."),
                              list->str);
    }
  if (text->len == 0)
    g_string_append (text, _("Later versions of the file change nothing that matters."));
  *description = g_string_free (g_steal_pointer (&text), FALSE);
  return TRUE;
}
