/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The change analysis a verifier runs over the revisions after a
 * signature. mc-change-roles.c walks one revision of the document from
 * its catalog and says what role each object plays there (page content,
 * annotation, form field, signature, DSS…); mc-pdf-changes.c compares
 * each later revision with the one before it, object by object, judging
 * every change by the role the object had, and keeps only what a rule of
 * its whitelist allows. */
#pragma once

#include "mc-pades-signer.h"
#include "mc-pdf-inspect.h"
#include "mc-pdf-private.h"

G_BEGIN_DECLS

typedef enum {
  MC_ROLE_CATALOG     = 1 << 0,
  MC_ROLE_PAGES       = 1 << 1,  /* a node of the page tree */
  MC_ROLE_PAGE        = 1 << 2,
  MC_ROLE_CONTENT     = 1 << 3,  /* page contents, resources, anything a page draws */
  MC_ROLE_ANNOTS      = 1 << 4,  /* a page's /Annots array as an object */
  MC_ROLE_ANNOT       = 1 << 5,
  MC_ROLE_ANNOT_AP    = 1 << 6,  /* what an annotation draws */
  MC_ROLE_FORM        = 1 << 7,  /* the /AcroForm dictionary */
  MC_ROLE_FIELDS      = 1 << 8,  /* a /Fields or /Kids array as an object */
  MC_ROLE_FIELD       = 1 << 9,  /* a form field or widget not signed yet */
  MC_ROLE_FIELD_AP    = 1 << 10, /* what such a field draws, its value */
  MC_ROLE_SIGNED      = 1 << 11, /* a signed signature field or its widget */
  MC_ROLE_SIGNED_AP   = 1 << 12, /* what a signed signature's widget draws */
  MC_ROLE_SIG         = 1 << 13, /* a signature dictionary, /Perms */
  MC_ROLE_DSS         = 1 << 14,
  MC_ROLE_FORM_RES    = 1 << 15, /* the form's /DR and /DA */
  MC_ROLE_METADATA    = 1 << 16, /* the catalog's XMP stream itself */
  MC_ROLE_INFO        = 1 << 17, /* the trailer's /Info dictionary itself */
  MC_ROLE_OTHER       = 1 << 18, /* outlines, names, actions, structure… */
  MC_ROLE_WIDGET      = 1 << 19,
} McRole;

/* Roles that no later update may touch. */
#define MC_ROLES_FROZEN (MC_ROLE_PAGES | MC_ROLE_CONTENT | MC_ROLE_SIGNED | MC_ROLE_SIGNED_AP \
                         | MC_ROLE_SIG | MC_ROLE_OTHER)

typedef struct
{
  guint32  mask;
  int      page;        /* 0-based page of a page, annotation or widget; -1 */
  char    *field_name;  /* full name of a form field */
} McRoleInfo;

/* One revision of the document as a set of objects, read through a cache
 * that survives from one revision to the next for the objects the next
 * one does not change. */
typedef struct
{
  McPdfDocument *doc;
  GPtrArray     *sections;
  guint          section;
  GHashTable    *cache;    /* num → McPdfObj */
  guint          reads;
} McChangeReader;

void       mc_change_reader_init    (McChangeReader *reader,
                                     McPdfDocument  *doc);
void       mc_change_reader_clear   (McChangeReader *reader);
void       mc_change_reader_move_to (McChangeReader *reader,
                                     McPdfRevision  *revision);
McPdfObj  *mc_change_reader_get     (McChangeReader *reader,
                                     guint32         num);
McPdfObj  *mc_change_reader_resolve (McChangeReader *reader,
                                     McPdfObj       *obj);
McPdfObj  *mc_change_reader_trailer (McChangeReader *reader);

gboolean    mc_change_obj_same      (McPdfObj       *a,
                                     McPdfObj       *b);
GPtrArray  *mc_change_diff_keys     (McPdfObj       *old,
                                     McPdfObj       *cur);
gboolean    mc_change_same_object   (McPdfDocument  *doc,
                                     McPdfObj       *old,
                                     McPdfObj       *cur);

/* The role of every object reachable from the revision's catalog and
 * trailer. Returns num → McRoleInfo*. The walk takes its steps from
 * *@budget; *@complete is FALSE when the budget stopped it: then objects
 * not found must be treated as frozen. */
GHashTable *mc_change_roles_build   (McChangeReader *reader,
                                     GHashTable     *page_nums,
                                     guint          *budget,
                                     gboolean       *complete);

typedef struct _McChangeAnalysis McChangeAnalysis;

/* What one later revision did, judged against the one before it. */
typedef struct
{
  McModificationLevel  level;
  char                *text;
} McChangeItem;

typedef struct
{
  McModificationLevel level;
  GPtrArray          *items;      /* McChangeItem* */
  GPtrArray          *disallowed; /* char* */
  GPtrArray          *filled;     /* names of form fields filled */
  guint               signatures;
  guint               timestamps;
  gboolean            dss;
} McRevisionResult;

typedef enum {
  MC_NEW_SIGNATURE = 1,
  MC_NEW_EMPTY_SIGNATURE,
  MC_NEW_OTHER_FIELD,
} McNewField;

struct _McChangeAnalysis
{
  McPdfDocument  *doc;
  GPtrArray      *revs;
  GPtrArray      *sigs;
  McChangeReader  reader;
  GHashTable     *roles;
  GHashTable     *page_nums;
  gboolean        complete;
  guint           walk_budget;  /* steps left for all walks together */
  McRevisionResult      *results;
  int             first;        /* revision judged from, -1 before */
  int             last_signed;  /* newest revision a signature covers */
  guint32         cert_num;
  int             cert_p;
  int             cert_revision;
  /* While judging one revision. */
  GHashTable     *old_objs;     /* num → McPdfObj as the revision before had it */
  GHashTable     *new_fields;   /* num → McNewField of the fields this revision added */
  GHashTable     *old_objstms;  /* nums of object streams earlier revisions use */
  GPtrArray      *new_annots;   /* McPdfObj refs, with page in pages */
  GArray         *new_annot_pages;
};

void              mc_change_item_free       (McChangeItem     *item);
McPdfSignatureInfo *mc_change_signature_by_num (McChangeAnalysis *analysis,
                                             guint32           sig_num);
/* Judges revision @r against @r - 1 with the roles of @r - 1 in
 * @analysis->roles, into @analysis->results[@r]. */
void              mc_change_judge_revision  (McChangeAnalysis *analysis,
                                             guint             r);


McChangeAnalysis *mc_change_analysis_new    (McPdfDocument   *doc,
                                             GPtrArray       *revisions,
                                             GPtrArray       *signatures);
void              mc_change_analysis_free   (McChangeAnalysis *analysis);
/* Judges the revisions after @signed_revision, for the signature whose
 * dictionary is object @sig_num, and fills @check's change fields. */
void              mc_change_analysis_judge  (McChangeAnalysis    *analysis,
                                             int                  signed_revision,
                                             guint32              sig_num,
                                             McPdfSignatureCheck *check);

/* What later updates did, allowed and not, in a few sentences. */
char             *mc_pdf_changes_describe   (const McPdfSignatureCheck *check);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McChangeAnalysis, mc_change_analysis_free)

G_END_DECLS
