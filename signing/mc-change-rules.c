/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The whitelist of the change analysis: one later revision compared with
 * the one before it, object by object. Every object the revision rewrote
 * is judged by the role it had before (mc-change-roles.c), never by the
 * type the rewrite declares, and only a rule here can allow it: validation
 * data and document time-stamps; new signatures (which must cover the
 * update that added them), form filling and their appearances; new or
 * changed annotations. Anything else (page content and resources, the
 * page tree, another catalog, /Info, an earlier signature, its widget or
 * its appearance, a deleted object, a rewritten object stream, a stream
 * that is not the cross-reference or object stream it claims to be) is a
 * disallowed change, named in one sentence. An annotation over most of a
 * page is never allowed: a real remark or stamp does not cover half a
 * page, while the published "hide" shadow attack needs exactly that to
 * paint forged text over what was signed. */
#define G_LOG_DOMAIN "motcua-signing"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "mc-change-private.h"

/* Share of a page an added annotation may cover before it counts as
 * hiding the signed content. */
#define MAX_COVER_PERCENT 50
/* New annotations or fields one revision may add before the analysis
 * stops judging them one by one (each costs a page lookup). */
#define MAX_NEW_ITEMS 2000

void
mc_change_item_free (McChangeItem *item)
{
  g_free (item->text);
  g_free (item);
}

static void
add_item (McRevisionResult           *res,
          McModificationLevel  level,
          char                *text)
{
  McChangeItem *item = g_new0 (McChangeItem, 1);

  for (guint i = 0; i < res->items->len; i++)
    if (strcmp (((McChangeItem *) g_ptr_array_index (res->items, i))->text, text) == 0)
      {
        g_free (text);
        g_free (item);
        return;
      }
  item->level = level;
  item->text = text;
  g_ptr_array_add (res->items, item);
  res->level = MAX (res->level, level);
}

static void
disallow (McRevisionResult  *res,
          const char *format,
          ...) G_GNUC_PRINTF (2, 3);

static void
disallow (McRevisionResult  *res,
          const char *format,
          ...)
{
  va_list args;
  char *text;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  for (guint i = 0; i < res->disallowed->len; i++)
    if (strcmp (g_ptr_array_index (res->disallowed, i), text) == 0)
      {
        g_free (text);
        return;
      }
  g_ptr_array_add (res->disallowed, text);
  res->level = MC_MODIFICATION_OTHER;
}

static McPdfObj *
old_resolve (McChangeAnalysis *a,
             McPdfObj         *obj)
{
  if (mc_pdf_obj_is (obj, MC_PDF_OBJ_REF))
    {
      McPdfObj *old = g_hash_table_lookup (a->old_objs, GUINT_TO_POINTER (mc_pdf_obj_get_ref_num (obj)));
      if (old != NULL)
        return mc_pdf_obj_ref (old);
    }
  return mc_change_reader_resolve (&a->reader, obj);
}

static int
page_number (McRoleInfo *info)
{
  return info != NULL && info->page >= 0 ? info->page + 1 : 0;
}

/* How much of page @page (0-based) @annot covers, in percent. */
static int
cover_percent (McChangeAnalysis *a,
               McPdfObj         *annot,
               int               page)
{
  g_autoptr(McPdfPage) p = NULL;
  g_autoptr(McPdfObj) rect = mc_change_reader_resolve (&a->reader, mc_pdf_dict_get (annot, "Rect"));
  double r[4], box[4], w, h, area;

  /* A rectangle given by reference is drawn as well as a direct one. */
  if (page < 0 || !mc_pdf_obj_get_rect (rect, r))
    return 0;
  for (guint i = 0; i < 4; i++)
    if (!isfinite (r[i]))
      return 100; /* cannot tell: assume the worst */
  p = mc_pdf_document_get_page (a->doc, (guint) page, NULL);
  if (p == NULL)
    return 0;
  memcpy (box, p->crop_box, sizeof box);
  area = (box[2] - box[0]) * (box[3] - box[1]);
  w = MIN (MAX (r[0], r[2]), box[2]) - MAX (MIN (r[0], r[2]), box[0]);
  h = MIN (MAX (r[1], r[3]), box[3]) - MAX (MIN (r[1], r[3]), box[1]);
  if (area <= 0 || w <= 0 || h <= 0)
    return 0;
  return (int) CLAMP (lround (100.0 * MIN (w * h, area) / area), 0, 100);
}

static const char *
role_words (guint32 mask)
{
  if (mask & MC_ROLE_CONTENT)
    return _("what a page shows");
  if (mask & MC_ROLE_PAGES)
    return _("the page tree");
  if (mask & (MC_ROLE_SIGNED | MC_ROLE_SIGNED_AP))
    return _("a signed signature field or its appearance");
  if (mask & MC_ROLE_SIG)
    return _("a signature dictionary");
  if (mask & MC_ROLE_METADATA)
    return _("the document metadata");
  if (mask & MC_ROLE_INFO)
    return _("the document information");
  return _("another part of the document");
}

McPdfSignatureInfo *
mc_change_signature_by_num (McChangeAnalysis *a,
                            guint32           num)
{
  for (guint i = 0; num != 0 && i < a->sigs->len; i++)
    {
      McPdfSignatureInfo *info = g_ptr_array_index (a->sigs, i);
      if (info->sig_num == num)
        return info;
    }
  return NULL;
}

/* A signature value that appeared in revision @r: a new signature or
 * document time-stamp, which must end exactly where @r ends. */
static void
judge_new_signature (McChangeAnalysis *a,
                     McRevisionResult *res,
                     McPdfObj         *v,
                     guint             r)
{
  g_autoptr(McPdfObj) sig = mc_change_reader_resolve (&a->reader, v);
  McPdfSignatureInfo *info = mc_change_signature_by_num (a, mc_pdf_obj_get_ref_num (v));

  if (!mc_pdf_obj_is (sig, MC_PDF_OBJ_DICT))
    return;
  if (info == NULL || info->revision != (int) r)
    disallow (res, "%s", _("A signature added later does not cover the update that added it: "
                           "this is how signature wrapping hides a forged document."));
  if (mc_pdf_obj_is_name (mc_pdf_dict_get (sig, "Type"), "DocTimeStamp")
      || mc_pdf_obj_is_name (mc_pdf_dict_get (sig, "SubFilter"), "ETSI.RFC3161"))
    {
      res->timestamps++;
      res->level = MAX (res->level, MC_MODIFICATION_LTA);
    }
  else
    {
      res->signatures++;
      res->level = MAX (res->level, MC_MODIFICATION_FORM);
    }
}

static McPdfObj *
field_type (McChangeAnalysis *a,
            McPdfObj         *field)
{
  g_autoptr(McPdfObj) cur = mc_pdf_obj_ref (field);

  for (int i = 0; i < 16 && mc_pdf_obj_is (cur, MC_PDF_OBJ_DICT); i++)
    {
      McPdfObj *ft = mc_pdf_dict_get (cur, "FT");
      McPdfObj *parent = mc_pdf_dict_get (cur, "Parent");
      McPdfObj *next;

      if (ft != NULL)
        return ft;
      if (parent == NULL)
        break;
      next = mc_change_reader_resolve (&a->reader, parent);
      mc_pdf_obj_unref (cur);
      cur = next;
    }
  return NULL;
}

static void
judge_new_field (McChangeAnalysis *a,
                 McRevisionResult *res,
                 McPdfObj         *ref,
                 guint             r,
                 int               depth)
{
  g_autoptr(McPdfObj) field = mc_change_reader_resolve (&a->reader, ref);
  g_autoptr(McPdfObj) kids = NULL;
  McPdfObj *ft;

  if (!mc_pdf_obj_is (field, MC_PDF_OBJ_DICT) || depth > 8)
    return;
  if (depth > 0 && mc_pdf_dict_get (field, "T") == NULL)
    {
      /* A widget of the new field above: what that field is. */
      McPdfObj *parent = mc_pdf_dict_get (field, "Parent");
      gpointer kind = g_hash_table_lookup (a->new_fields, GUINT_TO_POINTER (mc_pdf_obj_get_ref_num (parent)));
      if (mc_pdf_obj_is (ref, MC_PDF_OBJ_REF) && kind != NULL)
        g_hash_table_insert (a->new_fields, GUINT_TO_POINTER (mc_pdf_obj_get_ref_num (ref)), kind);
      return;
    }
  ft = field_type (a, field);
  if (mc_pdf_obj_is_name (ft, "Sig"))
    {
      McPdfObj *v = mc_pdf_dict_get (field, "V");
      gboolean empty = v == NULL || mc_pdf_obj_is (v, MC_PDF_OBJ_NULL);

      if (mc_pdf_obj_is (ref, MC_PDF_OBJ_REF))
        g_hash_table_insert (a->new_fields, GUINT_TO_POINTER (mc_pdf_obj_get_ref_num (ref)),
                             GINT_TO_POINTER (empty ? MC_NEW_EMPTY_SIGNATURE : MC_NEW_SIGNATURE));
      if (!empty)
        judge_new_signature (a, res, v, r);
      else
        add_item (res, MC_MODIFICATION_FORM, g_strdup (_("An empty signature field was added later.")));
    }
  else if (mc_pdf_obj_is (ref, MC_PDF_OBJ_REF))
    g_hash_table_insert (a->new_fields, GUINT_TO_POINTER (mc_pdf_obj_get_ref_num (ref)),
                         GINT_TO_POINTER (MC_NEW_OTHER_FIELD));
  if (!mc_pdf_obj_is_name (ft, "Sig"))
    {
      g_autofree char *name = mc_pdf_obj_get_text (mc_pdf_dict_get (field, "T"));
      add_item (res, MC_MODIFICATION_ANNOTATIONS,
                g_strdup_printf (_("A form field “%s” was added later."), name ? name : "?"));
    }
  kids = mc_change_reader_resolve (&a->reader, mc_pdf_dict_get (field, "Kids"));
  for (guint i = 0; i < mc_pdf_array_length (kids); i++)
    judge_new_field (a, res, mc_pdf_array_get (kids, i), r, depth + 1);
}

/* What one array lists and another does not. References are compared
 * through a set, so long lists cost no more than their length; direct
 * entries (rare) one by one. */
static GPtrArray *
missing_from (McPdfObj *have,
              McPdfObj *want)
{
  g_autoptr(GHashTable) refs = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) direct = g_ptr_array_new ();
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; i < mc_pdf_array_length (have); i++)
    {
      McPdfObj *v = mc_pdf_array_get (have, i);
      if (mc_pdf_obj_is (v, MC_PDF_OBJ_REF))
        g_hash_table_add (refs, GUINT_TO_POINTER (mc_pdf_obj_get_ref_num (v)));
      else
        g_ptr_array_add (direct, v);
    }
  for (guint i = 0; i < mc_pdf_array_length (want); i++)
    {
      McPdfObj *v = mc_pdf_array_get (want, i);
      gboolean found = FALSE;

      if (mc_pdf_obj_is (v, MC_PDF_OBJ_REF))
        found = g_hash_table_contains (refs, GUINT_TO_POINTER (mc_pdf_obj_get_ref_num (v)));
      else
        for (guint k = 0; k < direct->len && k < 64 && !found; k++)
          found = mc_change_obj_same (g_ptr_array_index (direct, k), v);
      if (!found)
        g_ptr_array_add (out, v);
    }
  return out;
}

/* A list of fields (/Fields or /Kids): nothing removed; what is new is
 * judged as a new field. */
static void
compare_fields (McChangeAnalysis *a,
                McRevisionResult *res,
                McPdfObj         *old,
                McPdfObj         *cur,
                guint             r)
{
  g_autoptr(GPtrArray) removed = missing_from (cur, old);
  g_autoptr(GPtrArray) added = missing_from (old, cur);

  if (removed->len > 0)
    disallow (res, "%s", _("A form field of the signed document was removed later."));
  for (guint i = 0; i < MIN (added->len, MAX_NEW_ITEMS); i++)
    judge_new_field (a, res, g_ptr_array_index (added, i), r, 0);
  if (added->len > MAX_NEW_ITEMS)
    disallow (res, "%s", _("Too many form fields were added later to check them all."));
}

/* A page's annotations: nothing removed; new ones judged at the end of
 * the revision, once the form's new fields are known. */
static void
compare_annots (McChangeAnalysis *a,
                McRevisionResult *res,
                McPdfObj         *old,
                McPdfObj         *cur,
                int               page)
{
  g_autoptr(GPtrArray) removed = missing_from (cur, old);
  g_autoptr(GPtrArray) added = missing_from (old, cur);

  if (removed->len > 0)
    disallow (res, _("An annotation was removed from page %d after signing."), page + 1);
  for (guint i = 0; i < added->len; i++)
    {
      if (a->new_annots->len >= MAX_NEW_ITEMS)
        {
          disallow (res, "%s", _("Too many annotations were added later to check them all."));
          break;
        }
      g_ptr_array_add (a->new_annots, mc_pdf_obj_ref (g_ptr_array_index (added, i)));
      g_array_append_val (a->new_annot_pages, page);
    }
}

static void
judge_new_annot (McChangeAnalysis *a,
                 McRevisionResult *res,
                 guint             r,
                 McPdfObj         *ref,
                 int               page)
{
  g_autoptr(McPdfObj) annot = mc_change_reader_resolve (&a->reader, ref);
  McPdfObj *subtype;
  int percent;

  if (!mc_pdf_obj_is (annot, MC_PDF_OBJ_DICT))
    return;
  subtype = mc_pdf_dict_get (annot, "Subtype");
  percent = cover_percent (a, annot, page);
  if (mc_pdf_obj_is_name (subtype, "Widget"))
    {
      McPdfObj *parent = mc_pdf_dict_get (annot, "Parent");
      guint32 field = mc_pdf_dict_get (annot, "FT") != NULL ? mc_pdf_obj_get_ref_num (ref)
                      : mc_pdf_obj_get_ref_num (parent);
      McRoleInfo *known = field != 0 ? g_hash_table_lookup (a->roles, GUINT_TO_POINTER (field)) : NULL;
      McNewField kind = field != 0 ? GPOINTER_TO_INT (g_hash_table_lookup (a->new_fields, GUINT_TO_POINTER (field))) : 0;

      if (known != NULL && (known->mask & MC_ROLE_SIGNED))
        {
          disallow (res, _("Another appearance of a signed signature field was added to page %d later."),
                    page + 1);
          return;
        }
      /* The widget of a field this update added; a widget of no new
       * field is judged as any other annotation below. */
      if (kind != 0)
        {
          if (percent > MAX_COVER_PERCENT)
            disallow (res, _("A form field covering %d %% of page %d was added later; "
                             "it can hide what was signed."), percent, page + 1);
          else if (kind == MC_NEW_EMPTY_SIGNATURE && percent > 0)
            add_item (res, MC_MODIFICATION_ANNOTATIONS,
                      g_strdup_printf (_("An empty signature field showing an appearance over %d %% of "
                                         "page %d was added later."), percent, page + 1));
          return;
        }
    }
  /* Pop-up notes too: an open one is a window over the page. */
  if (percent > MAX_COVER_PERCENT)
    disallow (res, _("An annotation covering %d %% of page %d was added later; "
                     "it can hide what was signed."), percent, page + 1);
  else if ((int) r > a->last_signed)
    add_item (res, MC_MODIFICATION_ANNOTATIONS,
              g_strdup_printf (_("An annotation covering %d %% of page %d was added later "
                                 "by an unsigned update."), percent, page + 1));
  else
    add_item (res, MC_MODIFICATION_ANNOTATIONS,
              g_strdup_printf (_("An annotation covering %d %% of page %d was added later, "
                                 "in an update a later signature covers."), percent, page + 1));
}

static void
judge_catalog (McChangeAnalysis *a,
               McRevisionResult *res,
               McPdfObj         *old,
               McPdfObj         *cur,
               guint             r);

static void
judge_form (McChangeAnalysis *a,
            McRevisionResult *res,
            McPdfObj         *old,
            McPdfObj         *cur,
            guint             r)
{
  g_autoptr(GPtrArray) keys = NULL;

  if (!mc_pdf_obj_is (cur, MC_PDF_OBJ_DICT))
    {
      disallow (res, "%s", _("The form of the signed document was removed later."));
      return;
    }
  keys = mc_change_diff_keys (old, cur);
  for (guint i = 0; i < keys->len; i++)
    {
      const char *k = g_ptr_array_index (keys, i);
      if (strcmp (k, "Fields") == 0)
        {
          g_autoptr(McPdfObj) of = old_resolve (a, mc_pdf_dict_get (old, "Fields"));
          g_autoptr(McPdfObj) nf = mc_change_reader_resolve (&a->reader, mc_pdf_dict_get (cur, "Fields"));
          compare_fields (a, res, of, nf, r);
        }
      else if (strcmp (k, "SigFlags") == 0)
        continue;
      else if (strcmp (k, "DR") == 0 || strcmp (k, "DA") == 0 || strcmp (k, "NeedAppearances") == 0)
        add_item (res, MC_MODIFICATION_FORM, g_strdup (_("The form’s default appearance was updated later.")));
      else
        disallow (res, _("The form of the signed document was changed later (%s)."), k);
    }
}

static void
judge_catalog (McChangeAnalysis *a,
               McRevisionResult *res,
               McPdfObj         *old,
               McPdfObj         *cur,
               guint             r)
{
  g_autoptr(GPtrArray) keys = mc_change_diff_keys (old, cur);

  for (guint i = 0; i < keys->len; i++)
    {
      const char *k = g_ptr_array_index (keys, i);
      if (strcmp (k, "DSS") == 0 || strcmp (k, "Extensions") == 0)
        {
          res->dss = TRUE;
          res->level = MAX (res->level, MC_MODIFICATION_LTA);
        }
      else if (strcmp (k, "Metadata") == 0)
        {
          g_autoptr(McPdfObj) nm = mc_change_reader_resolve (&a->reader, mc_pdf_dict_get (cur, "Metadata"));
          if (mc_pdf_obj_is (nm, MC_PDF_OBJ_STREAM))
            add_item (res, MC_MODIFICATION_LTA, g_strdup (_("The document’s XMP metadata was updated later.")));
          else
            disallow (res, "%s", _("The document’s XMP metadata was removed after signing."));
        }
      else if (strcmp (k, "AcroForm") == 0)
        {
          g_autoptr(McPdfObj) of = old_resolve (a, mc_pdf_dict_get (old, "AcroForm"));
          g_autoptr(McPdfObj) nf = mc_change_reader_resolve (&a->reader, mc_pdf_dict_get (cur, "AcroForm"));
          judge_form (a, res, of, nf, r);
        }
      else
        disallow (res, _("The document catalog was changed after signing (%s)."), k);
    }
}

static void
judge_field (McChangeAnalysis *a,
             McRevisionResult *res,
             McRoleInfo       *info,
             McPdfObj         *old,
             McPdfObj         *cur,
             guint             r)
{
  g_autoptr(GPtrArray) keys = mc_change_diff_keys (old, cur);
  McPdfObj *ft = field_type (a, cur);
  gboolean sig = mc_pdf_obj_is_name (ft, "Sig");
  const char *name = info->field_name != NULL ? info->field_name : "?";

  for (guint i = 0; i < keys->len; i++)
    {
      const char *k = g_ptr_array_index (keys, i);
      if (strcmp (k, "V") == 0 && sig)
        judge_new_signature (a, res, mc_pdf_dict_get (cur, "V"), r);
      else if (strcmp (k, "Kids") == 0)
        {
          g_autoptr(McPdfObj) ok = old_resolve (a, mc_pdf_dict_get (old, "Kids"));
          g_autoptr(McPdfObj) nk = mc_change_reader_resolve (&a->reader, mc_pdf_dict_get (cur, "Kids"));
          compare_fields (a, res, ok, nk, r);
        }
      else if (sig && (strcmp (k, "AP") == 0 || strcmp (k, "AS") == 0 || strcmp (k, "F") == 0
                       || strcmp (k, "P") == 0 || strcmp (k, "MK") == 0 || strcmp (k, "DA") == 0
                       || strcmp (k, "Lock") == 0 || strcmp (k, "SV") == 0))
        continue;
      else if (!sig && (strcmp (k, "V") == 0 || strcmp (k, "AP") == 0 || strcmp (k, "AS") == 0
                        || strcmp (k, "MK") == 0 || strcmp (k, "DA") == 0))
        {
          if (!g_ptr_array_find_with_equal_func (res->filled, name, g_str_equal, NULL))
            g_ptr_array_add (res->filled, g_strdup (name));
          add_item (res, MC_MODIFICATION_FORM, g_strdup_printf (_("The form field “%s” was filled in later."), name));
        }
      else
        disallow (res, _("The form field “%s” was changed after signing (%s)."), name, k);
    }
}

/* The document information: writers that sign (iText among them)
 * update its modification date and producer; nothing a reader sees. Any
 * other entry (a title, an author) is a change. */
static void
judge_info (McRevisionResult *res,
            McPdfObj         *old,
            McPdfObj         *cur)
{
  g_autoptr(GPtrArray) keys = NULL;
  gboolean updated = FALSE;

  if (!mc_pdf_obj_is (old, MC_PDF_OBJ_DICT) && !mc_pdf_obj_is (cur, MC_PDF_OBJ_DICT))
    return;
  if (!mc_pdf_obj_is (cur, MC_PDF_OBJ_DICT))
    {
      disallow (res, "%s", _("The document information (/Info) was removed after signing."));
      return;
    }
  keys = mc_change_diff_keys (mc_pdf_obj_is (old, MC_PDF_OBJ_DICT) ? old : NULL, cur);
  for (guint i = 0; i < keys->len; i++)
    {
      const char *k = g_ptr_array_index (keys, i);
      if (strcmp (k, "ModDate") == 0 || strcmp (k, "Producer") == 0)
        updated = TRUE;
      else
        disallow (res, _("The document information (%s) was changed after signing."), k);
    }
  if (updated)
    add_item (res, MC_MODIFICATION_LTA,
              g_strdup (_("The modification date or producer in the document information was updated later.")));
}

static void
judge_modified (McChangeAnalysis  *a,
                McRevisionResult         *res,
                McPdfObjectChange *ch,
                McRoleInfo        *info,
                McPdfObj          *old,
                McPdfObj          *cur,
                guint              r)
{
  guint32 mask = info->mask;
  int page = page_number (info);

  if (mask & MC_ROLES_FROZEN)
    {
      if (mask & MC_ROLE_CONTENT && page > 0)
        disallow (res, _("The content of page %d was changed after signing."), page);
      else if (mask & MC_ROLE_CONTENT)
        disallow (res, "%s", _("What the pages show (their content or resources) was changed after signing."));
      else if (mask & MC_ROLE_PAGES)
        disallow (res, "%s", _("The page tree was changed after signing: pages may have been added, "
                               "removed or replaced."));
      else if (mask & (MC_ROLE_SIGNED | MC_ROLE_SIGNED_AP))
        disallow (res, _("The signature field “%s” or its appearance was changed after it was signed."),
                  info->field_name != NULL ? info->field_name : "?");
      else if (mask & MC_ROLE_SIG)
        disallow (res, "%s", _("The dictionary of an earlier signature was changed later."));
      else
        disallow (res, _("Part of the signed document (%s, object %u) was changed later."),
                  role_words (mask), ch->num);
      return;
    }
  if (mask & MC_ROLE_INFO)
    judge_info (res, old, cur);
  if (mask & MC_ROLE_METADATA)
    {
      if (mc_pdf_obj_is (cur, MC_PDF_OBJ_STREAM))
        add_item (res, MC_MODIFICATION_LTA, g_strdup (_("The document’s XMP metadata was updated later.")));
      else
        disallow (res, "%s", _("The document’s XMP metadata was removed after signing."));
    }
  if (mask & MC_ROLE_CATALOG)
    judge_catalog (a, res, old, cur, r);
  if (mask & MC_ROLE_PAGE)
    {
      g_autoptr(GPtrArray) keys = mc_change_diff_keys (old, cur);
      for (guint i = 0; i < keys->len; i++)
        {
          const char *k = g_ptr_array_index (keys, i);
          if (strcmp (k, "Annots") == 0)
            {
              g_autoptr(McPdfObj) oa = old_resolve (a, mc_pdf_dict_get (old, "Annots"));
              g_autoptr(McPdfObj) na = mc_change_reader_resolve (&a->reader, mc_pdf_dict_get (cur, "Annots"));
              compare_annots (a, res, oa, na, info->page);
            }
          else
            disallow (res, _("Page %d was changed after signing (%s)."), page, k);
        }
    }
  if (mask & MC_ROLE_ANNOTS)
    compare_annots (a, res, old, cur, info->page);
  if (mask & MC_ROLE_FORM)
    judge_form (a, res, old, cur, r);
  if (mask & MC_ROLE_FIELDS)
    compare_fields (a, res, old, cur, r);
  if (mask & MC_ROLE_FIELD)
    judge_field (a, res, info, old, cur, r);
  else if (mask & MC_ROLE_ANNOT)
    {
      int after = cover_percent (a, cur, info->page);
      /* A large annotation hidden when signed and shown later hides as
       * well as a new one. */
      if (after > MAX_COVER_PERCENT)
        disallow (res, _("An annotation on page %d was made to cover %d %% of it later; "
                         "it can hide what was signed."), page, after);
      else
        add_item (res, MC_MODIFICATION_ANNOTATIONS,
                  g_strdup_printf (_("An annotation on page %d was changed later."), page));
    }
  if (mask & MC_ROLE_FIELD_AP)
    add_item (res, MC_MODIFICATION_FORM, g_strdup (_("The appearance of a form field was updated later.")));
  if (mask & MC_ROLE_ANNOT_AP)
    add_item (res, MC_MODIFICATION_ANNOTATIONS,
              g_strdup_printf (_("The appearance of an annotation on page %d was changed later."), page));
  if (mask & MC_ROLE_FORM_RES)
    add_item (res, MC_MODIFICATION_FORM, g_strdup (_("The form’s default appearance was updated later.")));
  if (mask & MC_ROLE_DSS)
    {
      res->dss = TRUE;
      res->level = MAX (res->level, MC_MODIFICATION_LTA);
    }
}

static void
judge_trailer (McChangeAnalysis *a,
               McRevisionResult *res,
               McPdfObj         *old,
               McPdfObj         *cur,
               McPdfObj         *old_info)
{
  if (!mc_pdf_obj_equal (mc_pdf_dict_get (old, "Root"), mc_pdf_dict_get (cur, "Root")))
    disallow (res, "%s", _("The file now starts from another document catalog than the one signed, "
                           "so a viewer shows a different document."));
  if (!mc_pdf_obj_equal (mc_pdf_dict_get (old, "Info"), mc_pdf_dict_get (cur, "Info")))
    {
      g_autoptr(McPdfObj) info = mc_change_reader_resolve (&a->reader, mc_pdf_dict_get (cur, "Info"));
      judge_info (res, old_info, info);
    }
  if (!mc_pdf_obj_equal (mc_pdf_dict_get (old, "Encrypt"), mc_pdf_dict_get (cur, "Encrypt")))
    disallow (res, "%s", _("The encryption of the document was changed after signing."));
}

void
mc_change_judge_revision (McChangeAnalysis *a,
                          guint             r)
{
  McPdfRevision *rev = g_ptr_array_index (a->revs, r);
  McPdfRevision *prev = g_ptr_array_index (a->revs, r - 1);
  GPtrArray *sections = mc_pdf_document_get_sections (a->doc);
  McRevisionResult *res = &a->results[r];

  McPdfObj *old_trailer = ((McPdfXrefSection *) g_ptr_array_index (sections, prev->section))->trailer;
  g_autoptr(McPdfObj) old_info = mc_change_reader_resolve (&a->reader, mc_pdf_dict_get (old_trailer, "Info"));

  /* The objects as they were, before the reader moves on. */
  g_hash_table_remove_all (a->old_objs);
  for (guint i = 0; i < rev->changes->len; i++)
    {
      McPdfObjectChange *ch = g_ptr_array_index (rev->changes, i);
      if (g_hash_table_contains (a->roles, GUINT_TO_POINTER (ch->num)))
        g_hash_table_insert (a->old_objs, GUINT_TO_POINTER (ch->num),
                             mc_change_reader_get (&a->reader, ch->num));
    }
  mc_change_reader_move_to (&a->reader, rev);
  judge_trailer (a, res, old_trailer, ((McPdfXrefSection *) g_ptr_array_index (sections, rev->section))->trailer,
                 old_info);
  g_hash_table_remove_all (a->new_fields);
  g_ptr_array_set_size (a->new_annots, 0);
  g_array_set_size (a->new_annot_pages, 0);

  for (guint i = 0; i < rev->changes->len; i++)
    {
      McPdfObjectChange *ch = g_ptr_array_index (rev->changes, i);
      McRoleInfo *info = g_hash_table_lookup (a->roles, GUINT_TO_POINTER (ch->num));
      g_autoptr(McPdfObj) cur = NULL;

      if (ch->kind != MC_PDF_CHANGE_ADDED && g_hash_table_contains (a->old_objstms, GUINT_TO_POINTER (ch->num)))
        disallow (res, _("Object stream %u, which holds objects of the signed document, was rewritten later."),
                  ch->num);
      if (info == NULL)
        {
          /* New, or unused before: judged where something refers to it. */
          if (!a->complete && ch->kind != MC_PDF_CHANGE_ADDED)
            disallow (res, _("Object %u of the signed document was changed later (the document is too "
                             "large to tell what it was)."), ch->num);
          continue;
        }
      if (ch->kind == MC_PDF_CHANGE_DELETED)
        {
          disallow (res, _("Part of the signed document (%s, object %u) was deleted later."),
                    role_words (info->mask), ch->num);
          continue;
        }
      cur = mc_change_reader_get (&a->reader, ch->num);
      {
        McPdfObj *old = g_hash_table_lookup (a->old_objs, GUINT_TO_POINTER (ch->num));
        if (mc_change_same_object (a->doc, old, cur))
          continue;
        judge_modified (a, res, ch, info, old, cur, r);
      }
    }
  for (guint i = 0; i < a->new_annots->len; i++)
    judge_new_annot (a, res, r, g_ptr_array_index (a->new_annots, i),
                     g_array_index (a->new_annot_pages, int, i));
  /* The disguises last: what the object was matters more to a reader. */
  for (guint i = 0; i < rev->changes->len; i++)
    {
      McPdfObjectChange *ch = g_ptr_array_index (rev->changes, i);
      if (g_strcmp0 (ch->type, "XRef") == 0 && !ch->is_xref_stream)
        disallow (res, _("Object %u calls itself a cross-reference stream but is not one."), ch->num);
      if (g_strcmp0 (ch->type, "ObjStm") == 0 && !ch->is_object_stream)
        disallow (res, _("Object %u calls itself an object stream but holds no object of its update."),
                  ch->num);
    }
}
