/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Signing PDFs: one document (mc_pades_signer_sign_file), a batch with one
 * login (mc_batch_sign_*), the Decree 30/2020 appearances, and checking the
 * signatures of any PDF (mc_pdf_verify_file). Built on McSigningSession (the
 * token, CMS, TSA, revocation) and McPdfSignatureUpdate (the incremental
 * update). This header is the contract between the signing library and the
 * app; keep it stable. */
#pragma once

#include <gio/gio.h>

#include "mc-signing.h"
#include "mc-signing-session.h"
#include "mc-trust-store.h"
#include "mc-verifier.h"

G_BEGIN_DECLS

/**
 * McSignatureLayout:
 * @MC_SIGNATURE_LAYOUT_INVISIBLE: no appearance
 * @MC_SIGNATURE_LAYOUT_LEADER: the leader's handwritten signature image with
 *   signer, organisation and time, at the signature place of the document
 * @MC_SIGNATURE_LAYOUT_ORGANISATION: the red seal at real size over the left
 *   third of the leader's signature, with the organisation and the time in
 *   ISO 8601 with +07:00
 * @MC_SIGNATURE_LAYOUT_ATTACHMENT: top right of page 1, text only (document
 *   number, time, organisation), 10 pt, blue
 *
 * The appearances of Decree 30/2020/NĐ-CP, Appendix I.
 */
typedef enum {
  MC_SIGNATURE_LAYOUT_INVISIBLE,
  MC_SIGNATURE_LAYOUT_LEADER,
  MC_SIGNATURE_LAYOUT_ORGANISATION,
  MC_SIGNATURE_LAYOUT_ATTACHMENT,
} McSignatureLayout;

/**
 * McSignRequest:
 * @layout: which appearance
 * @page_index: 0-based page for the appearance (attachment: always 0)
 * @rect: x, y, width, height in points from the top-left of the page as
 *   seen; all zero for the layout's default place. For the organisation
 *   layout it is the place of the leader's signature: the seal goes over
 *   its left third and the widget is sized to the seal and its text
 * @signature_image: (nullable): PNG with transparency, the handwritten
 *   signature (leader layout)
 * @seal_image: (nullable): PNG with transparency, the red seal
 *   (organisation layout), drawn at its real size
 * @signer_name: (nullable): shown in the appearance; default: the
 *   certificate's holder
 * @organisation: (nullable): shown in the appearance; default: the
 *   certificate's organisation
 * @document_number: (nullable): attachment layout's document number
 * @reason: (nullable): /Reason
 * @location: (nullable): /Location
 * @level: B-B, B-T or B-LT
 * @tsa_url: (nullable): RFC 3161 server for B-T and B-LT
 * @ocsp_url: (nullable): OCSP responder when the certificates name none
 * @allow_lower_level: when the TSA or revocation data cannot be had, sign
 *   at the highest level possible instead of failing
 * @signing_time: (nullable): the /M time; %NULL for now
 * @approval: make an approval signature even when it is the document's
 *   first; otherwise the first signature certifies the document with
 *   DocMDP P=2 (form filling and further signatures allowed)
 */
typedef struct
{
  McSignatureLayout layout;
  guint page_index;
  double rect[4];
  char *signature_image;
  char *seal_image;
  char *signer_name;
  char *organisation;
  char *document_number;
  char *reason;
  char *location;
  McPadesLevel level;
  char *tsa_url;
  char *ocsp_url;
  gboolean allow_lower_level;
  GDateTime *signing_time;
  gboolean approval;
} McSignRequest;

/**
 * McSignResult:
 * @output: the signed file
 * @sha256: hex SHA-256 of @output
 * @level: the level reached
 * @warning: (nullable): why a lower level was used
 * @token_seconds: time spent in the token's own sign operation
 * @total_seconds: time for the whole document
 */
typedef struct
{
  char *output;
  char *sha256;
  McPadesLevel level;
  char *warning;
  double token_seconds;
  double total_seconds;
} McSignResult;

McSignRequest *mc_sign_request_new        (void);
McSignRequest *mc_sign_request_copy       (const McSignRequest *request);
void           mc_sign_request_free       (McSignRequest       *request);
void           mc_sign_result_free        (McSignResult        *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSignRequest, mc_sign_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSignResult, mc_sign_result_free)

#define MC_TYPE_PADES_SIGNER (mc_pades_signer_get_type ())
G_DECLARE_FINAL_TYPE (McPadesSigner, mc_pades_signer, MC, PADES_SIGNER, GObject)

McPadesSigner *mc_pades_signer_new        (McSigningSession    *session,
                                           McTrustStore        *trust);
McSigningSession *mc_pades_signer_get_session (McPadesSigner   *self);

/* Signs @input into @output (a temporary file beside it, checked, fsync'd,
 * renamed); @input is never modified; on failure no @output is left. */
McSignResult  *mc_pades_signer_sign_file  (McPadesSigner       *self,
                                           const char          *input,
                                           const char          *output,
                                           const McSignRequest *request,
                                           GCancellable        *cancellable,
                                           GError             **error);

/**
 * McBatchItem:
 * @input: the document to sign
 * @output: where the signed copy goes
 * @result: (nullable): set when signed
 * @error: (nullable): set when it failed
 * @skipped: %TRUE when @output already held a good signature of this
 *   signer over @input (a resumed batch)
 */
typedef struct
{
  char *input;
  char *output;
  McSignResult *result;
  GError *error;
  gboolean skipped;
} McBatchItem;

McBatchItem   *mc_batch_item_new          (const char          *input,
                                           const char          *output);
void           mc_batch_item_free         (McBatchItem         *item);

/* Called on the caller's main context after each document. */
typedef void (*McBatchProgress) (guint          done,
                                 guint          total,
                                 McBatchItem   *item,
                                 gpointer       user_data);

/* Signs each item in order with the signer's one session. A token pulled
 * out stops the batch: the signed ones stay signed and recorded, the rest
 * are untouched (error set to MC_SIGNING_ERROR_TOKEN_REMOVED); running the
 * same items again resumes. */
gboolean       mc_batch_sign_sync         (McPadesSigner       *self,
                                           GPtrArray           *items,
                                           const McSignRequest *request,
                                           McBatchProgress      progress,
                                           gpointer             progress_data,
                                           GCancellable        *cancellable,
                                           GError             **error);
void           mc_batch_sign_async        (McPadesSigner       *self,
                                           GPtrArray           *items,
                                           const McSignRequest *request,
                                           McBatchProgress      progress,
                                           gpointer             progress_data,
                                           GDestroyNotify       progress_data_free,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean       mc_batch_sign_finish       (McPadesSigner       *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/**
 * McModificationLevel:
 * @MC_MODIFICATION_NONE: nothing came after the signature
 * @MC_MODIFICATION_LTA: only document time-stamps and validation data (DSS)
 * @MC_MODIFICATION_FORM: form filling and new signatures
 * @MC_MODIFICATION_ANNOTATIONS: annotations added or changed
 * @MC_MODIFICATION_OTHER: anything else (never allowed)
 *
 * The most a later update did to a signed document, as in the DocMDP
 * permission levels of ISO 32000.
 */
typedef enum {
  MC_MODIFICATION_NONE,
  MC_MODIFICATION_LTA,
  MC_MODIFICATION_FORM,
  MC_MODIFICATION_ANNOTATIONS,
  MC_MODIFICATION_OTHER,
} McModificationLevel;

/**
 * McPdfVerdict:
 * @MC_PDF_VERDICT_VALID: valid; at most time-stamps or validation data came later
 * @MC_PDF_VERDICT_VALID_WITH_CHANGES: valid, and later updates made changes a
 *   signature allows (listed in @allowed_changes)
 * @MC_PDF_VERDICT_INDETERMINATE: the signature could not be fully checked
 * @MC_PDF_VERDICT_INVALID: the signature is broken or the document was changed
 *   in a way it does not allow
 *
 * The one verdict on a signature of a PDF that the text report, the JSON,
 * the exit code and the window all show.
 */
typedef enum {
  MC_PDF_VERDICT_VALID,
  MC_PDF_VERDICT_VALID_WITH_CHANGES,
  MC_PDF_VERDICT_INDETERMINATE,
  MC_PDF_VERDICT_INVALID,
} McPdfVerdict;

/**
 * McPdfSignatureCheck:
 * @field_name: the signature field
 * @page_index: where it appears, or -1 when invisible
 * @signer: (nullable): holder of the signing certificate
 * @signing_time: (nullable): /M or the timestamp
 * @level: PAdES level found
 * @covers_document: the byte ranges cover the file as it was when signed
 * @changed_after: the document was changed after signing in a way a
 *   signature does not allow (not just later signatures or a DSS)
 * @changes: (nullable): what later revisions changed, in words
 * @report: the CMS verdict (digest, signature, chain, revocation, timestamp)
 * @verdict: the verdict on the signature as a whole
 * @reason: (nullable): why, in one sentence, when not plainly valid
 * @allowed_changes: (nullable): what later updates did that the signature
 *   allows, one sentence each
 * @disallowed_changes: (nullable): what later updates did that it does not
 *   allow, one sentence each
 * @modification_level: the most any later update did
 * @docmdp: the DocMDP permission (1, 2 or 3) of the certification that
 *   governs this signature, 0 when the document is not certified
 * @certification: whether this is the certification signature
 */
typedef struct
{
  char *field_name;
  int page_index;
  char *signer;
  GDateTime *signing_time;
  McPadesLevel level;
  gboolean covers_document;
  gboolean changed_after;
  char *changes;
  McSignatureReport *report;
  McPdfVerdict verdict;
  char *reason;
  GStrv allowed_changes;
  GStrv disallowed_changes;
  McModificationLevel modification_level;
  int docmdp;
  gboolean certification;
} McPdfSignatureCheck;

const char    *mc_pdf_verdict_to_key      (McPdfVerdict         verdict);
const char    *mc_pdf_verdict_to_string   (McPdfVerdict         verdict);
const char    *mc_modification_level_to_key (McModificationLevel level);

void           mc_pdf_signature_check_free (McPdfSignatureCheck *check);

/* Every signature of @path, oldest first. */
GPtrArray     *mc_pdf_verify_file         (const char          *path,
                                           McVerifier          *verifier,
                                           GCancellable        *cancellable,
                                           GError             **error);
void           mc_pdf_verify_file_async   (const char          *path,
                                           McVerifier          *verifier,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
GPtrArray     *mc_pdf_verify_file_finish  (GAsyncResult        *result,
                                           GError             **error);

/* The trust anchors of data/trust/ plus the user's own (may be NULL). */
McTrustStore  *mc_trust_store_new_default (const char          *data_dir,
                                           const char          *user_dir,
                                           GError             **error);

/* Added after the first version of this contract (nothing above changed). */

/* Whether a check is valid as a whole: CMS valid, the ranges cover its
 * revision, nothing forbidden changed after it. */
gboolean       mc_pdf_signature_check_is_valid (const McPdfSignatureCheck *check);

/* Where the organisation layout draws a seal of @seal_width ×
 * @seal_height points for a request whose rect is @leader_rect. */
void           mc_signature_seal_place    (const double         leader_rect[4],
                                           double               seal_width,
                                           double               seal_height,
                                           double               seal_rect[4]);

/* The one signing identity a PKCS#11 URI names (certificate or key). */
McSigningIdentity *mc_pades_find_identity_sync (const char     *uri,
                                                GCancellable   *cancellable,
                                                GError        **error);

G_END_DECLS
