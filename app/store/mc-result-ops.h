/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Result documents of a dossier and the signatures on them: the specialist
 * attaches the draft result, the leader signs it, the clerk adds the
 * organisation's signature and the issue number. Each change runs inside
 * one store transaction (mc_store_write) like the workflow's actions. */
#pragma once

#include "domain/mc-dossier.h"
#include "mc-dossier-ops.h"

G_BEGIN_DECLS

#define MC_RESULT_ERROR (mc_result_error_quark ())

/**
 * McResultError:
 * @MC_RESULT_ERROR_NOT_A_RESULT: the file is not a result document of the
 *   dossier
 * @MC_RESULT_ERROR_NOT_PDF: a result must be a PDF to be signed
 * @MC_RESULT_ERROR_NO_RESULTS: the dossier has no result to sign
 * @MC_RESULT_ERROR_ALREADY_SIGNED: the result already has this signature
 * @MC_RESULT_ERROR_NOT_SIGNED_BY_LEADER: the organisation's seal goes over
 *   the leader's signature, which is missing
 * @MC_RESULT_ERROR_CHANGED: the signed file was made from another version
 *   of the result than the one recorded now
 * @MC_RESULT_ERROR_INVALID: the signature's data is incomplete or malformed
 *
 * Errors of the result documents, besides %MC_WORKFLOW_ERROR_ROLE and
 * %MC_WORKFLOW_ERROR_ILLEGAL_TRANSITION for who may do what when.
 */
typedef enum {
  MC_RESULT_ERROR_NOT_A_RESULT,
  MC_RESULT_ERROR_NOT_PDF,
  MC_RESULT_ERROR_NO_RESULTS,
  MC_RESULT_ERROR_ALREADY_SIGNED,
  MC_RESULT_ERROR_NOT_SIGNED_BY_LEADER,
  MC_RESULT_ERROR_CHANGED,
  MC_RESULT_ERROR_INVALID,
} McResultError;

/**
 * McSignatureKind:
 * @MC_SIGNATURE_KIND_LEADER: the leader's signature at the signature place
 * @MC_SIGNATURE_KIND_ORGANISATION: the organisation's seal over the
 *   leader's signature, with the issue number
 * @MC_SIGNATURE_KIND_ATTACHMENT: the organisation's text-only signature of
 *   an attachment or copy, with the issue number
 *
 * As what a signature was made (Decree 30/2020, Appendix I).
 */
typedef enum {
  MC_SIGNATURE_KIND_LEADER,
  MC_SIGNATURE_KIND_ORGANISATION,
  MC_SIGNATURE_KIND_ATTACHMENT,
} McSignatureKind;

typedef struct
{
  McSignatureKind kind;
  char *input_sha256;
  char *signed_sha256;
  gint64 size;
  char *signer;
  char *officer;
  char *level;
  char *issue_number;
  gint64 signed_at;
} McResultSignature;

typedef struct
{
  gint64 id;
  char *dossier_code;
  char *name;
  char *sha256;
  gint64 size;
  char *current_sha256;
  gint64 current_size;
  char *mime;
  gint64 added_at;
  char *added_by;
  GPtrArray *signatures;
} McResultFile;

typedef struct
{
  gint64 file_id;
  McSignatureKind kind;
  char *input_sha256;
  char *signed_sha256;
  gint64 signed_size;
  char *signer;
  char *level;
  char *issue_number;
  gint64 at;
} McSignatureRecord;

typedef struct
{
  char *dossier_code;
  char *applicant_name;
  gint64 file_id;
  char *file_name;
  char *input_sha256;
  GError *refusal;
} McSignTask;

GQuark             mc_result_error_quark           (void);

const char        *mc_signature_kind_to_string     (McSignatureKind        kind);
gboolean           mc_signature_kind_from_string   (const char            *text,
                                                    McSignatureKind       *kind);
const char        *mc_signature_kind_label         (McSignatureKind        kind);

gboolean           mc_result_may_attach            (McWorkflow            *rules,
                                                    int                    state,
                                                    const char            *step,
                                                    McRole                 role,
                                                    GError               **error);
gboolean           mc_result_may_sign              (McWorkflow            *rules,
                                                    McSignatureKind        kind,
                                                    int                    state,
                                                    const char            *step,
                                                    McRole                 role,
                                                    GError               **error);

void               mc_result_file_free             (McResultFile          *file);
gboolean           mc_result_file_has_signature    (const McResultFile    *file,
                                                    McSignatureKind        kind);
gboolean           mc_result_file_wants            (const McResultFile    *file,
                                                    McSignatureKind        kind,
                                                    GError               **error);

McSignatureRecord *mc_signature_record_new         (void);
McSignatureRecord *mc_signature_record_copy        (const McSignatureRecord *record);
void               mc_signature_record_free        (McSignatureRecord     *record);
void               mc_sign_task_free               (McSignTask            *task);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McResultFile, mc_result_file_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSignatureRecord, mc_signature_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSignTask, mc_sign_task_free)

G_END_DECLS
