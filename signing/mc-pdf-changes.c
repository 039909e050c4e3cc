/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The verifier's judgement of what came after a signature, per signature:
 * the revisions after the one it signed are judged once each, oldest
 * first (mc-change-rules.c, with the roles of mc-change-roles.c), and for
 * each signature their findings are summed into a modification level
 * (none, time-stamps and DSS, form filling and signatures, annotations,
 * other) and two lists of sentences, what was allowed and what was not.
 * Here too the signer's permissions apply: the DocMDP permission of a
 * certified document turns allowed kinds above it into disallowed
 * changes, and a FieldMDP lock forbids filling the fields it names. */
#define G_LOG_DOMAIN "motcua-signing"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mc-change-private.h"
#include "mc-pades-private.h"

/* Steps the walks of all revisions may take together (each visits one
 * object); a 300-page file with 10 later revisions takes about 60000. */
#define WALK_BUDGET 4000000u

/* Adds the object streams that sections @from to @to (newest first
 * indices, @to excluded) put objects in: rewriting one later would
 * change objects of the signed document without listing them. */
static void
add_objstms (McChangeAnalysis *a,
             guint             from,
             guint             to)
{
  GPtrArray *sections = mc_pdf_document_get_sections (a->doc);

  for (guint s = from; s < MIN (to, sections->len); s++)
    {
      McPdfXrefSection *sec = g_ptr_array_index (sections, s);
      for (guint i = 0; i < sec->entries->len; i++)
        {
          McPdfXrefEntry *e = &g_array_index (sec->entries, McPdfXrefEntry, i);
          if (e->type == MC_PDF_XREF_COMPRESSED && e->offset <= G_MAXUINT32)
            g_hash_table_add (a->old_objstms, GUINT_TO_POINTER ((guint32) e->offset));
        }
    }
}

static void
rebuild_roles (McChangeAnalysis *a)
{
  g_clear_pointer (&a->roles, g_hash_table_unref);
  g_hash_table_remove_all (a->page_nums);
  a->roles = mc_change_roles_build (&a->reader, a->page_nums, &a->walk_budget, &a->complete);
}

static int
read_docmdp_p (McPdfDocument *doc,
               McPdfObj      *sig)
{
  g_autoptr(McPdfObj) refs = mc_pdf_document_dict_lookup (doc, sig, "Reference", NULL);

  for (guint i = 0; i < mc_pdf_array_length (refs); i++)
    {
      g_autoptr(McPdfObj) ref = mc_pdf_document_resolve (doc, mc_pdf_array_get (refs, i), NULL);
      g_autoptr(McPdfObj) params = mc_pdf_document_dict_lookup (doc, ref, "TransformParams", NULL);
      McPdfObj *p = mc_pdf_dict_get (params, "P");

      if (!mc_pdf_obj_is_name (mc_pdf_dict_get (ref, "TransformMethod"), "DocMDP"))
        continue;
      if (mc_pdf_obj_is (p, MC_PDF_OBJ_INT) && mc_pdf_obj_get_int (p) >= 1 && mc_pdf_obj_get_int (p) <= 3)
        return (int) mc_pdf_obj_get_int (p);
      return 2;
    }
  return 2;
}

McChangeAnalysis *
mc_change_analysis_new (McPdfDocument *doc,
                        GPtrArray     *revisions,
                        GPtrArray     *signatures)
{
  McChangeAnalysis *a = g_new0 (McChangeAnalysis, 1);
  g_autoptr(McPdfObj) cat = NULL;
  g_autoptr(McPdfObj) perms = NULL;
  McPdfObj *docmdp;

  a->doc = g_object_ref (doc);
  a->revs = g_ptr_array_ref (revisions);
  a->sigs = signatures != NULL ? g_ptr_array_ref (signatures) : g_ptr_array_new ();
  mc_change_reader_init (&a->reader, doc);
  a->page_nums = g_hash_table_new (NULL, NULL);
  a->old_objs = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) mc_pdf_obj_unref);
  a->new_fields = g_hash_table_new (NULL, NULL);
  a->old_objstms = g_hash_table_new (NULL, NULL);
  a->new_annots = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_pdf_obj_unref);
  a->new_annot_pages = g_array_new (FALSE, FALSE, sizeof (int));
  a->results = g_new0 (McRevisionResult, revisions->len);
  for (guint r = 0; r < revisions->len; r++)
    {
      a->results[r].items = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_change_item_free);
      a->results[r].disallowed = g_ptr_array_new_with_free_func (g_free);
      a->results[r].filled = g_ptr_array_new_with_free_func (g_free);
    }
  a->first = -1;
  a->last_signed = -1;
  a->walk_budget = WALK_BUDGET;
  for (guint i = 0; i < a->sigs->len; i++)
    a->last_signed = MAX (a->last_signed, ((McPdfSignatureInfo *) g_ptr_array_index (a->sigs, i))->revision);

  /* The certification: /Perms /DocMDP of the catalog names its
   * signature dictionary. A catalog whose /Perms changed after signing
   * is a disallowed change of its own. */
  a->cert_revision = -1;
  cat = mc_pdf_document_get_catalog (doc, NULL);
  perms = mc_pdf_document_dict_lookup (doc, cat, "Perms", NULL);
  docmdp = mc_pdf_dict_get (perms, "DocMDP");
  if (mc_pdf_obj_is (docmdp, MC_PDF_OBJ_REF))
    {
      McPdfSignatureInfo *info = NULL;
      g_autoptr(McPdfObj) sig = mc_pdf_document_resolve (doc, docmdp, NULL);

      a->cert_num = mc_pdf_obj_get_ref_num (docmdp);
      info = mc_change_signature_by_num (a, a->cert_num);
      if (info != NULL && info->revision >= 0)
        {
          a->cert_revision = info->revision;
          a->cert_p = read_docmdp_p (doc, sig);
        }
    }
  return a;
}

void
mc_change_analysis_free (McChangeAnalysis *a)
{
  if (a == NULL)
    return;
  for (guint r = 0; r < a->revs->len; r++)
    {
      g_ptr_array_unref (a->results[r].items);
      g_ptr_array_unref (a->results[r].disallowed);
      g_ptr_array_unref (a->results[r].filled);
    }
  g_free (a->results);
  g_clear_pointer (&a->roles, g_hash_table_unref);
  g_hash_table_unref (a->page_nums);
  g_hash_table_unref (a->old_objs);
  g_hash_table_unref (a->new_fields);
  g_hash_table_unref (a->old_objstms);
  g_ptr_array_unref (a->new_annots);
  g_array_unref (a->new_annot_pages);
  mc_change_reader_clear (&a->reader);
  g_ptr_array_unref (a->sigs);
  g_ptr_array_unref (a->revs);
  g_object_unref (a->doc);
  g_free (a);
}

static void
run_from (McChangeAnalysis *a,
          guint             signed_revision)
{
  McPdfRevision *rev = g_ptr_array_index (a->revs, signed_revision);

  if (a->first >= 0 && (guint) a->first <= signed_revision)
    return;
  for (guint r = signed_revision + 1; r < a->revs->len; r++)
    {
      McRevisionResult *res = &a->results[r];
      g_ptr_array_set_size (res->items, 0);
      g_ptr_array_set_size (res->disallowed, 0);
      g_ptr_array_set_size (res->filled, 0);
      res->level = MC_MODIFICATION_NONE;
      res->signatures = res->timestamps = 0;
      res->dss = FALSE;
    }
  g_hash_table_remove_all (a->reader.cache);
  a->reader.section = rev->section;
  rebuild_roles (a);
  g_hash_table_remove_all (a->old_objstms);
  add_objstms (a, rev->section, G_MAXUINT);
  for (guint r = signed_revision + 1; r < a->revs->len; r++)
    {
      McPdfRevision *cur = g_ptr_array_index (a->revs, r);
      McPdfRevision *prev = g_ptr_array_index (a->revs, r - 1);

      mc_change_judge_revision (a, r);
      rebuild_roles (a);
      add_objstms (a, cur->section, prev->section);
    }
  a->first = (int) signed_revision;
}

/* The fields a signature's FieldMDP locks, or %NULL; *@all when it locks
 * every field. */
static GStrv
locked_fields (McChangeAnalysis *a,
               guint32           sig_num,
               gboolean         *all,
               gboolean         *except)
{
  g_autoptr(McPdfObj) sig = sig_num ? mc_pdf_document_get_object (a->doc, sig_num, NULL) : NULL;
  g_autoptr(McPdfObj) refs = mc_pdf_document_dict_lookup (a->doc, sig, "Reference", NULL);

  *all = *except = FALSE;
  for (guint i = 0; i < mc_pdf_array_length (refs); i++)
    {
      g_autoptr(McPdfObj) ref = mc_pdf_document_resolve (a->doc, mc_pdf_array_get (refs, i), NULL);
      g_autoptr(McPdfObj) params = mc_pdf_document_dict_lookup (a->doc, ref, "TransformParams", NULL);
      g_autoptr(McPdfObj) fields = NULL;
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      McPdfObj *action = mc_pdf_dict_get (params, "Action");

      if (!mc_pdf_obj_is_name (mc_pdf_dict_get (ref, "TransformMethod"), "FieldMDP"))
        continue;
      if (mc_pdf_obj_is_name (action, "All"))
        {
          *all = TRUE;
          return NULL;
        }
      *except = mc_pdf_obj_is_name (action, "Exclude");
      fields = mc_pdf_document_dict_lookup (a->doc, params, "Fields", NULL);
      for (guint k = 0; k < mc_pdf_array_length (fields); k++)
        {
          char *name = mc_pdf_obj_get_text (mc_pdf_array_get (fields, k));
          if (name != NULL)
            g_ptr_array_add (names, name);
        }
      g_ptr_array_add (names, NULL);
      return (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
    }
  return NULL;
}

/* Adds @text (taken) to @list unless it is there already. */
static void
add_once (GPtrArray *list,
          char      *text)
{
  if (g_ptr_array_find_with_equal_func (list, text, g_str_equal, NULL))
    g_free (text);
  else
    g_ptr_array_add (list, text);
}

/* Frees @list; %NULL when it is empty. */
static GStrv
to_strv (GPtrArray *list)
{
  if (list->len == 0)
    {
      g_ptr_array_unref (list);
      return NULL;
    }
  g_ptr_array_add (list, NULL);
  return (GStrv) g_ptr_array_free (list, FALSE);
}

void
mc_change_analysis_judge (McChangeAnalysis    *a,
                          int                  signed_revision,
                          guint32              sig_num,
                          McPdfSignatureCheck *check)
{
  GPtrArray *allowed = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *disallowed = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) locks = NULL;
  gboolean lock_all, lock_except;
  McModificationLevel limit = MC_MODIFICATION_ANNOTATIONS;
  McModificationLevel level = MC_MODIFICATION_NONE;
  guint signatures = 0, timestamps = 0;
  gboolean dss = FALSE;

  g_return_if_fail (signed_revision >= 0 && (guint) signed_revision < a->revs->len);

  if ((guint) signed_revision + 1 < a->revs->len)
    run_from (a, (guint) signed_revision);
  check->certification = sig_num != 0 && sig_num == a->cert_num && a->cert_revision >= 0;
  check->docmdp = a->cert_revision >= 0 && a->cert_revision <= signed_revision ? a->cert_p : 0;
  if (check->docmdp == 1)
    limit = MC_MODIFICATION_LTA;
  else if (check->docmdp == 2)
    limit = MC_MODIFICATION_FORM;
  locks = locked_fields (a, sig_num, &lock_all, &lock_except);

  for (guint r = (guint) signed_revision + 1; r < a->revs->len; r++)
    {
      McRevisionResult *res = &a->results[r];

      g_autoptr(GPtrArray) locked_texts = g_ptr_array_new_with_free_func (g_free);

      level = MAX (level, res->level);
      for (guint i = 0; i < res->disallowed->len; i++)
        add_once (disallowed, g_strdup (g_ptr_array_index (res->disallowed, i)));
      /* Fields this signature locked: filling them is no longer allowed. */
      for (guint i = 0; i < res->filled->len; i++)
        {
          const char *name = g_ptr_array_index (res->filled, i);
          gboolean listed = locks != NULL && g_strv_contains ((const char * const *) locks, name);
          if (lock_all || (locks != NULL && listed != lock_except))
            {
              add_once (disallowed, g_strdup_printf (_("The form field “%s”, locked by this "
                                                       "signature, was changed later."), name));
              g_ptr_array_add (locked_texts, g_strdup_printf (_("The form field “%s” was filled in later."), name));
            }
        }
      for (guint i = 0; i < res->items->len; i++)
        {
          McChangeItem *item = g_ptr_array_index (res->items, i);
          if (g_ptr_array_find_with_equal_func (locked_texts, item->text, g_str_equal, NULL))
            continue;
          if (item->level > limit)
            add_once (disallowed,
                      g_strdup_printf (_("%s The certification of the document (DocMDP P=%d) "
                                         "does not allow this."), item->text, check->docmdp));
          else if (!g_ptr_array_find_with_equal_func (allowed, item->text, g_str_equal, NULL))
            g_ptr_array_add (allowed, g_strdup (item->text));
        }
      signatures += res->signatures;
      timestamps += res->timestamps;
      dss |= res->dss;
    }
  if (signatures > 0)
    {
      char *text = g_strdup_printf (ngettext ("%u signature was added later.",
                                              "%u signatures were added later.", signatures), signatures);
      if (limit < MC_MODIFICATION_FORM)
        {
          g_ptr_array_add (disallowed,
                           g_strdup_printf (_("%s The certification of the document (DocMDP P=%d) "
                                              "does not allow this."), text, check->docmdp));
          g_free (text);
        }
      else
        g_ptr_array_insert (allowed, 0, text);
    }
  if (timestamps > 0)
    g_ptr_array_add (allowed, g_strdup_printf (ngettext ("%u document time-stamp was added later.",
                                                         "%u document time-stamps were added later.",
                                                         timestamps), timestamps));
  if (dss)
    g_ptr_array_add (allowed, g_strdup (_("Validation data (DSS) was added later.")));
  if (disallowed->len > 0)
    level = MC_MODIFICATION_OTHER;

  check->modification_level = level;
  check->changed_after = disallowed->len > 0;
  g_strfreev (check->allowed_changes);
  g_strfreev (check->disallowed_changes);
  check->allowed_changes = to_strv (allowed);
  check->disallowed_changes = to_strv (disallowed);
}

/* The older interface the batch signer uses: whether anything after
 * @signed_revision is disallowed, and a description in words. */
gboolean
mc_pades_judge_changes (McPdfDocument  *doc,
                        GPtrArray      *revisions,
                        int             signed_revision,
                        gboolean       *changed_after,
                        char          **description,
                        GError        **error)
{
  g_autoptr(GPtrArray) sigs = mc_pdf_document_get_signatures (doc, error);
  g_autoptr(McChangeAnalysis) a = NULL;
  McPdfSignatureCheck check = { 0 };

  *changed_after = FALSE;
  *description = NULL;
  if (sigs == NULL)
    return FALSE;
  if (signed_revision < 0 || (guint) signed_revision + 1 >= revisions->len)
    return TRUE;
  a = mc_change_analysis_new (doc, revisions, sigs);
  mc_change_analysis_judge (a, signed_revision, 0, &check);
  *changed_after = check.changed_after;
  *description = mc_pdf_changes_describe (&check);
  g_strfreev (check.allowed_changes);
  g_strfreev (check.disallowed_changes);
  return TRUE;
}

/* Everything later updates did, for a person, in a few sentences. */
char *
mc_pdf_changes_describe (const McPdfSignatureCheck *check)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (check->disallowed_changes != NULL)
    {
      g_autofree char *list = g_strjoinv (" ", check->disallowed_changes);
      g_string_append_printf (text, _("Changed after signing, which the signature does not allow: %s"), list);
    }
  if (check->allowed_changes != NULL)
    {
      g_autofree char *list = g_strjoinv (" ", check->allowed_changes);
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append_printf (text, _("Allowed later changes: %s"), list);
    }
  if (text->len == 0)
    g_string_append (text, _("Later versions of the file change nothing that matters."));
  return g_string_free (g_steal_pointer (&text), FALSE);
}
