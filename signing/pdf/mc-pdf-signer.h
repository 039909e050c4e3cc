/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Preparing a PDF for a signature and finishing it: an incremental update
 * with the signature field, its widget and appearance, and a signature
 * dictionary whose /Contents is reserved, written to a temporary file
 * beside the output. The CMS side hashes the byte ranges straight from
 * disk, then the DER goes into the reservation and the file is renamed
 * into place. Also the second kind of update: the document security store
 * (/DSS) that PAdES B-LT needs.
 *
 * Use:
 *   McPdfSignatureOptions opts;
 *   mc_pdf_signature_options_init (&opts);
 *   opts.page_index = 0; opts.rect = …; opts.appearance = ap;
 *   up = mc_pdf_signature_update_prepare (in, out, &opts, cancellable, &error);
 *   digest = mc_pdf_signature_update_compute_digest (up, GNUTLS_DIG_SHA256, …);
 *   … build the CMS whose messageDigest is @digest …
 *   mc_pdf_signature_update_fill_contents (up, der, der_len, &error);
 *   mc_pdf_signature_update_commit (up, &error);   (or just unref: nothing kept)
 * Then, for B-LT: mc_pdf_append_dss (out, out, dss, …). */
#pragma once

#include <gio/gio.h>
#include <gnutls/crypto.h>

#include "mc-pdf-document.h"

G_BEGIN_DECLS

/* ---- appearance ---- */

typedef struct _McPdfAppearance McPdfAppearance;

McPdfAppearance *mc_pdf_appearance_new_from_content (double        width,
                                                     double        height,
                                                     GBytes       *content,
                                                     McPdfObj     *resources);
McPdfAppearance *mc_pdf_appearance_new_from_pdf     (const char   *path,
                                                     guint         page_index,
                                                     GError      **error);
void             mc_pdf_appearance_get_size         (McPdfAppearance *appearance,
                                                     double          *width,
                                                     double          *height);
void             mc_pdf_appearance_free             (McPdfAppearance *appearance);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McPdfAppearance, mc_pdf_appearance_free)

void             mc_pdf_page_view_to_user           (McPdfPage    *page,
                                                     const double  view_rect[4],
                                                     double        user_rect[4]);

/* ---- signature update ---- */

/**
 * McPdfSignatureKind:
 * @MC_PDF_SIGNATURE_CADES: /Type /Sig, /SubFilter /ETSI.CAdES.detached
 *   (PAdES B-B, B-T, B-LT)
 * @MC_PDF_SIGNATURE_DOC_TIMESTAMP: /Type /DocTimeStamp, /SubFilter
 *   /ETSI.RFC3161 (PAdES B-LTA archive timestamp)
 */
typedef enum {
  MC_PDF_SIGNATURE_CADES,
  MC_PDF_SIGNATURE_DOC_TIMESTAMP,
} McPdfSignatureKind;

/**
 * McPdfSignatureOptions:
 * @kind: which signature dictionary to write
 * @page_index: 0-based page that gets the widget
 * @rect: widget rectangle in the page's default user space (unrotated
 *   PDF points, origin bottom left; see mc_pdf_page_view_to_user()); all
 *   zeros for an invisible signature
 * @field_name: (nullable): the field's name; %NULL picks "Signature1",
 *   "Signature2"… whichever is free. The full name of an empty signature
 *   field already placed in the document signs that field (its page and
 *   rectangle are used, @page_index and @rect ignored); any other field
 *   of that name is an error
 * @name: (nullable): /Name, the signer's name (UTF-8)
 * @reason: (nullable): /Reason (UTF-8)
 * @location: (nullable): /Location (UTF-8)
 * @contact_info: (nullable): /ContactInfo (UTF-8)
 * @signing_time: (nullable): /M; %NULL is now
 * @contents_size: bytes reserved for the DER signature (the hex string is
 *   twice as long); 0 means 16384
 * @appearance: (nullable): what the widget shows; %NULL for an empty box
 * @docmdp: 1, 2 or 3 to make the signature certify the document with that
 *   DocMDP permission when it is the document's first signature; 0 (the
 *   default) for an approval signature
 *
 * What mc_pdf_signature_update_prepare() writes. Start from
 * mc_pdf_signature_options_init().
 */
typedef struct
{
  McPdfSignatureKind  kind;
  guint               page_index;
  double              rect[4];
  const char         *field_name;
  const char         *name;
  const char         *reason;
  const char         *location;
  const char         *contact_info;
  GDateTime          *signing_time;
  gsize               contents_size;
  McPdfAppearance    *appearance;
  int                 docmdp;
} McPdfSignatureOptions;

void mc_pdf_signature_options_init (McPdfSignatureOptions *options);

/**
 * McPdfRangeFunc:
 * @data: (array length=len): the next bytes of the signed ranges
 * @len: their number
 * @user_data: the caller's data
 * @error: where to put a failure
 *
 * Gets the bytes covered by /ByteRange, in order, a buffer at a time.
 *
 * Returns: %FALSE (with @error set) to stop
 */
typedef gboolean (*McPdfRangeFunc) (const guint8 *data,
                                    gsize         len,
                                    gpointer      user_data,
                                    GError      **error);

#define MC_TYPE_PDF_SIGNATURE_UPDATE (mc_pdf_signature_update_get_type ())
G_DECLARE_FINAL_TYPE (McPdfSignatureUpdate, mc_pdf_signature_update, MC, PDF_SIGNATURE_UPDATE, GObject)

McPdfSignatureUpdate *mc_pdf_signature_update_prepare (const char                  *input_path,
                                                       const char                  *output_path,
                                                       const McPdfSignatureOptions *options,
                                                       GCancellable                *cancellable,
                                                       GError                     **error);
void                  mc_pdf_signature_update_prepare_async  (const char                  *input_path,
                                                              const char                  *output_path,
                                                              const McPdfSignatureOptions *options,
                                                              GCancellable                *cancellable,
                                                              GAsyncReadyCallback          callback,
                                                              gpointer                     user_data);
McPdfSignatureUpdate *mc_pdf_signature_update_prepare_finish (GAsyncResult               *result,
                                                              GError                    **error);

const char *mc_pdf_signature_update_get_temp_path        (McPdfSignatureUpdate *update);
const char *mc_pdf_signature_update_get_output_path      (McPdfSignatureUpdate *update);
const char *mc_pdf_signature_update_get_field_name       (McPdfSignatureUpdate *update);
void        mc_pdf_signature_update_get_byte_range       (McPdfSignatureUpdate *update,
                                                          gint64                byte_range[4]);
goffset     mc_pdf_signature_update_get_contents_offset  (McPdfSignatureUpdate *update);
gsize       mc_pdf_signature_update_get_contents_capacity (McPdfSignatureUpdate *update);
gboolean    mc_pdf_signature_update_read_ranges          (McPdfSignatureUpdate *update,
                                                          McPdfRangeFunc        func,
                                                          gpointer              user_data,
                                                          GCancellable         *cancellable,
                                                          GError              **error);
GBytes     *mc_pdf_signature_update_compute_digest       (McPdfSignatureUpdate *update,
                                                          gnutls_digest_algorithm_t algorithm,
                                                          GCancellable         *cancellable,
                                                          GError              **error);
gboolean    mc_pdf_signature_update_fill_contents        (McPdfSignatureUpdate *update,
                                                          const guint8         *der,
                                                          gsize                 der_len,
                                                          GError              **error);
gboolean    mc_pdf_signature_update_commit               (McPdfSignatureUpdate *update,
                                                          GError              **error);
void        mc_pdf_signature_update_abort                (McPdfSignatureUpdate *update);

/* ---- document security store ---- */

typedef struct _McPdfDss McPdfDss;

McPdfDss *mc_pdf_dss_new       (void);
void      mc_pdf_dss_free      (McPdfDss     *dss);
guint     mc_pdf_dss_add_cert  (McPdfDss     *dss,
                                GBytes       *der);
guint     mc_pdf_dss_add_ocsp  (McPdfDss     *dss,
                                GBytes       *der);
guint     mc_pdf_dss_add_crl   (McPdfDss     *dss,
                                GBytes       *der);
void      mc_pdf_dss_add_vri   (McPdfDss     *dss,
                                const char   *key,
                                const guint  *certs,
                                guint         n_certs,
                                const guint  *ocsps,
                                guint         n_ocsps,
                                const guint  *crls,
                                guint         n_crls,
                                GDateTime    *time);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McPdfDss, mc_pdf_dss_free)

gboolean  mc_pdf_append_dss    (const char   *input_path,
                                const char   *output_path,
                                McPdfDss     *dss,
                                GCancellable *cancellable,
                                GError      **error);

G_END_DECLS
