/* SPDX-License-Identifier: GPL-3.0-or-later */
/* McPadesSigner signs one PDF at a time with a logged-in session: it
 * draws the Decree 30 appearance, reserves /Contents from the session's
 * estimate, writes the incremental update to a temporary file beside the
 * output, hashes the byte ranges from disk, has the token sign the
 * digest, adds the RFC 3161 time-stamp (B-T), fills /Contents, and for
 * B-LT collects revocation data for the signer's and the TSA's chains and
 * appends a DSS in a further update. Nothing reaches the output name until
 * the file has been read back: the signature found where it was put, the
 * byte ranges hashed again from the written file and the CMS accepted by
 * our verifier. The input is only read; any failure leaves no output and
 * no temporary file. The token's own time is measured apart from ours so
 * the batch overhead can be told from the token's speed. */
#define G_LOG_DOMAIN "motcua-signing"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gnutls/crypto.h>

#include "mc-pades-private.h"
#include "mc-pades-signer.h"
#include "mc-pdf-signer.h"
#include "mc-signature-appearance-private.h"
#include "mc-tsa.h"

struct _McPadesSigner
{
  GObject parent_instance;

  McSigningSession *session;
  McTrustStore *trust;
  McVerifier *verifier;   /* offline: checks what we just wrote */

  /* The last appearance drawn: documents of a batch signed within the
   * same second look the same, so it is drawn once. */
  GMutex lock;
  char *appearance_key;
  McPdfAppearance *appearance;
  double appearance_rect[4];
};

G_DEFINE_FINAL_TYPE (McPadesSigner, mc_pades_signer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_TRUST_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- the object ---- */

static void
mc_pades_signer_dispose (GObject *object)
{
  McPadesSigner *self = MC_PADES_SIGNER (object);

  g_clear_object (&self->session);
  g_clear_object (&self->trust);
  g_clear_object (&self->verifier);
  g_clear_pointer (&self->appearance, mc_pdf_appearance_free);
  g_clear_pointer (&self->appearance_key, g_free);

  G_OBJECT_CLASS (mc_pades_signer_parent_class)->dispose (object);
}

static void
mc_pades_signer_finalize (GObject *object)
{
  McPadesSigner *self = MC_PADES_SIGNER (object);

  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (mc_pades_signer_parent_class)->finalize (object);
}

static void
mc_pades_signer_constructed (GObject *object)
{
  McPadesSigner *self = MC_PADES_SIGNER (object);

  G_OBJECT_CLASS (mc_pades_signer_parent_class)->constructed (object);

  if (self->trust == NULL)
    self->trust = mc_trust_store_new ();
  self->verifier = mc_verifier_new (self->trust);
}

static void
mc_pades_signer_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  McPadesSigner *self = MC_PADES_SIGNER (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_TRUST_STORE:
      g_value_set_object (value, self->trust);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_pades_signer_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  McPadesSigner *self = MC_PADES_SIGNER (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    case PROP_TRUST_STORE:
      self->trust = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_pades_signer_class_init (McPadesSignerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mc_pades_signer_dispose;
  object_class->finalize = mc_pades_signer_finalize;
  object_class->constructed = mc_pades_signer_constructed;
  object_class->get_property = mc_pades_signer_get_property;
  object_class->set_property = mc_pades_signer_set_property;

  /**
   * McPadesSigner:session:
   *
   * The logged-in token session every document of this signer is signed
   * with.
   */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, MC_TYPE_SIGNING_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * McPadesSigner:trust-store:
   *
   * Anchors that complete the signer's and the TSA's chains up to the
   * root (needed for B-LT).
   */
  properties[PROP_TRUST_STORE] =
    g_param_spec_object ("trust-store", NULL, NULL, MC_TYPE_TRUST_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mc_pades_signer_init (McPadesSigner *self)
{
  g_mutex_init (&self->lock);
}

/**
 * mc_pades_signer_new:
 * @session: a logged-in session
 * @trust: (nullable): anchors that complete certificate chains (the
 *   roots of the signer's and the TSA's chains; needed for B-LT)
 *
 * Returns: (transfer full): a signer
 */
McPadesSigner *
mc_pades_signer_new (McSigningSession *session,
                     McTrustStore     *trust)
{
  g_return_val_if_fail (MC_IS_SIGNING_SESSION (session), NULL);
  g_return_val_if_fail (trust == NULL || MC_IS_TRUST_STORE (trust), NULL);

  return g_object_new (MC_TYPE_PADES_SIGNER, "session", session, "trust-store", trust, NULL);
}

/**
 * mc_pades_signer_get_session:
 * @self: a #McPadesSigner
 *
 * Returns: (transfer none): the session it signs with
 */
McSigningSession *
mc_pades_signer_get_session (McPadesSigner *self)
{
  g_return_val_if_fail (MC_IS_PADES_SIGNER (self), NULL);

  return self->session;
}

/* For the batch's resume check. */
McTrustStore *
mc_pades_signer_get_trust_store (McPadesSigner *self)
{
  return self->trust;
}

/* ---- temporary files ---- */

/* A name reserved beside the output, unlinked unless kept. */
typedef struct
{
  char *path;
} Stage;

static void
stage_free (Stage *stage)
{
  if (stage->path != NULL)
    g_unlink (stage->path);
  g_free (stage->path);
  g_free (stage);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Stage, stage_free)

static Stage *
stage_new (const char  *output,
           GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (output);
  g_autofree char *base = g_path_get_basename (output);
  g_autofree char *tmpl = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  Stage *stage;
  int fd;

  fd = g_mkstemp_full (tmpl, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int err = errno;
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_IO,
                   _("Could not create a file in “%s”: %s. Choose a folder you can write to."),
                   dir, g_strerror (err));
      return NULL;
    }
  close (fd);
  stage = g_new0 (Stage, 1);
  stage->path = g_steal_pointer (&tmpl);
  return stage;
}

static gboolean
sync_dir_of (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0)
    return FALSE;
  fsync (fd);
  close (fd);
  return TRUE;
}

/* Renames a checked, fsync'd stage to the output name. */
static gboolean
stage_install (Stage       *stage,
               const char  *output,
               GError     **error)
{
  int fd = open (stage->path, O_RDONLY | O_CLOEXEC);

  if (fd < 0 || fsync (fd) != 0 || g_rename (stage->path, output) != 0)
    {
      int err = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_IO,
                   _("Could not write “%s”: %s. Check that the folder is writable and the disk "
                     "is not full."), output, g_strerror (err));
      return FALSE;
    }
  close (fd);
  g_clear_pointer (&stage->path, g_free);
  sync_dir_of (output);
  return TRUE;
}

/* ---- checks ---- */

static gboolean
same_file (const char *a,
           const char *b)
{
  GStatBuf sa, sb;

  if (g_strcmp0 (a, b) == 0)
    return TRUE;
  if (g_stat (a, &sa) != 0 || g_stat (b, &sb) != 0)
    return FALSE;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static gboolean
check_request (const McSignRequest  *request,
               GError              **error)
{
  if (request->level < MC_PADES_LEVEL_B_B || request->level > MC_PADES_LEVEL_B_LT)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_INVALID_ARGUMENT,
                   _("Choose the signature level B-B, B-T or B-LT."));
      return FALSE;
    }
  if (request->level >= MC_PADES_LEVEL_B_T && (request->tsa_url == NULL || *request->tsa_url == '\0')
      && !request->allow_lower_level)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_TSA,
                   _("No time-stamping server is set. Set one in the preferences, or sign "
                     "without a time-stamp (level B-B)."));
      return FALSE;
    }
  if ((int) request->layout < MC_SIGNATURE_LAYOUT_INVISIBLE
      || request->layout > MC_SIGNATURE_LAYOUT_ATTACHMENT)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_INVALID_ARGUMENT,
                   _("Unknown signature layout."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_failed (GError    **error,
              const char *output,
              const char *what)
{
  g_debug ("check of the signed file failed: %s", what);
  g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_FAILED,
               _("The signed copy of “%s” did not pass the final check (%s), so it was not "
                 "saved. Try again; if this happens again, report it."), output, what);
  return FALSE;
}

/* Reads @path back as a verifier would: our signature where we put it,
 * the ranges hashed again from disk, the CMS accepted. */
static gboolean
check_signed (McPadesSigner  *self,
              const char     *path,
              const char     *output,
              const char     *field,
              const gint64    byte_range[4],
              GBytes         *cms,
              const guint8   *digest,
              char          **out_sha256,
              GCancellable   *cancellable,
              GError        **error)
{
  g_autoptr(McPdfDocument) doc = NULL;
  g_autoptr(GPtrArray) sigs = NULL;
  g_autoptr(McSignatureReport) report = NULL;
  g_autoptr(GError) local = NULL;
  McPdfSignatureInfo *info = NULL;
  guint8 again[32], file_sha[32];

  doc = mc_pdf_document_open (path, cancellable, &local);
  if (doc != NULL)
    sigs = mc_pdf_document_get_signatures (doc, &local);
  if (sigs == NULL)
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      return check_failed (error, output, local->message);
    }
  for (guint i = 0; i < sigs->len && info == NULL; i++)
    {
      McPdfSignatureInfo *s = g_ptr_array_index (sigs, i);
      if (g_strcmp0 (s->field_name, field) == 0)
        info = s;
    }
  if (info == NULL)
    return check_failed (error, output, _("the signature is not in the file"));
  if (!info->byte_range_ok || memcmp (info->byte_range, byte_range, sizeof info->byte_range) != 0)
    return check_failed (error, output, _("the byte ranges are not where they were written"));
  if (info->contents == NULL || !g_bytes_equal (info->contents, cms))
    return check_failed (error, output, _("the signature bytes differ"));
  g_clear_object (&doc);

  if (!mc_pades_hash_file (path, byte_range, GNUTLS_DIG_SHA256, again,
                           out_sha256 ? file_sha : NULL, cancellable, error))
    return FALSE;
  if (memcmp (again, digest, sizeof again) != 0)
    return check_failed (error, output, _("the signed bytes changed while writing"));

  report = mc_verifier_verify_sync (self->verifier, cms, again, sizeof again, NULL, cancellable, &local);
  if (report == NULL)
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      return check_failed (error, output, local->message);
    }
  if (mc_signature_report_get_digest_check (report) != MC_CHECK_PASSED
      || mc_signature_report_get_signature_check (report) != MC_CHECK_PASSED)
    return check_failed (error, output, _("the verifier rejects the signature"));

  if (out_sha256 != NULL)
    *out_sha256 = mc_pades_hex (file_sha, sizeof file_sha);
  return TRUE;
}

/* ---- the appearance, drawn once per look ---- */

static void
append_file_stamp (GString    *key,
                   const char *path)
{
  GStatBuf st;

  if (path != NULL && g_stat (path, &st) == 0)
    g_string_append_printf (key, "%s@%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT "|", path,
                            (gint64) st.st_size, (gint64) st.st_mtime);
  else
    g_string_append_printf (key, "%s|", path ? path : "");
}

/* Everything the drawing depends on, the time to the second. */
static char *
appearance_key (const McSignRequest *request,
                McPdfPage           *page,
                const char          *signer_name,
                const char          *organisation,
                GDateTime           *when)
{
  GString *key = g_string_new (NULL);

  g_string_append_printf (key, "%d|%u|%.3f,%.3f,%.3f,%.3f|%.3f,%.3f,%.3f,%.3f|%d|%" G_GINT64_FORMAT "|",
                          request->layout, page->index, request->rect[0], request->rect[1],
                          request->rect[2], request->rect[3], page->crop_box[0], page->crop_box[1],
                          page->crop_box[2], page->crop_box[3], page->rotate, g_date_time_to_unix (when));
  append_file_stamp (key, request->layout == MC_SIGNATURE_LAYOUT_LEADER ? request->signature_image : NULL);
  append_file_stamp (key, request->layout == MC_SIGNATURE_LAYOUT_ORGANISATION ? request->seal_image : NULL);
  g_string_append_printf (key, "%s|%s|%s", signer_name ? signer_name : "", organisation ? organisation : "",
                          request->document_number ? request->document_number : "");
  return g_string_free (key, FALSE);
}

/* The cached appearance for @key, taken out of the cache while in use
 * (a document reads it from one thread at a time), or a new drawing. */
static McPdfAppearance *
take_appearance (McPadesSigner        *self,
                 const char           *key,
                 const McSignRequest  *request,
                 McPdfPage            *page,
                 const char           *signer_name,
                 const char           *organisation,
                 GDateTime            *when,
                 double                rect[4],
                 GError              **error)
{
  McPdfAppearance *ap = NULL;

  g_mutex_lock (&self->lock);
  if (self->appearance != NULL && g_strcmp0 (self->appearance_key, key) == 0)
    {
      ap = g_steal_pointer (&self->appearance);
      memcpy (rect, self->appearance_rect, sizeof self->appearance_rect);
    }
  g_mutex_unlock (&self->lock);
  if (ap != NULL)
    return ap;
  return mc_signature_appearance_new (request, page, signer_name, organisation, when, rect, error);
}

static void
give_back_appearance (McPadesSigner   *self,
                      const char      *key,
                      McPdfAppearance *ap,
                      const double     rect[4])
{
  if (ap == NULL)
    return;
  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->appearance, mc_pdf_appearance_free);
  g_free (self->appearance_key);
  self->appearance_key = g_strdup (key);
  self->appearance = ap;
  memcpy (self->appearance_rect, rect, sizeof self->appearance_rect);
  g_mutex_unlock (&self->lock);
}

/* ---- signing ---- */

static double
seconds_since (gint64 start)
{
  return (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
}

/**
 * mc_pades_signer_sign_file:
 * @self: a #McPadesSigner
 * @input: the PDF to sign; only read
 * @output: where the signed copy goes (replaced if it exists; must not
 *   be @input)
 * @request: what to sign and how
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Signs @input into @output. The copy is written to a temporary file
 * beside @output, read back and checked (byte ranges, digest, CMS),
 * fsync'd and renamed; on failure nothing is left at @output.
 *
 * The appearance goes at @request's rect on its page, or at the layout's
 * default place when the rect is all zero. For
 * %MC_SIGNATURE_LAYOUT_ORGANISATION, the rect is the place of the
 * leader's signature: the seal is put over its left third.
 *
 * B-T and B-LT need @request's tsa_url; when the TSA (or for B-LT the
 * revocation servers) fail, the signature is made at the highest level
 * reached if allow_lower_level is set (with a warning), else nothing is
 * written and the error says which server failed. A token pulled out gives
 * %MC_SIGNING_ERROR_TOKEN_REMOVED.
 *
 * Blocks on the file, the token and the network: call it from a worker
 * thread (the batch does).
 *
 * Returns: (transfer full): what was made, or %NULL
 */
McSignResult *
mc_pades_signer_sign_file (McPadesSigner        *self,
                           const char           *input,
                           const char           *output,
                           const McSignRequest  *request,
                           GCancellable         *cancellable,
                           GError              **error)
{
  gint64 started = g_get_monotonic_time ();
  McSigningIdentity *identity;
  McCertificate *cert;
  g_autoptr(McPdfDocument) doc = NULL;
  g_autoptr(McPdfPage) page = NULL;
  g_autoptr(McPdfAppearance) appearance = NULL;
  g_autoptr(McPdfSignatureUpdate) update = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GBytes) digest = NULL;
  g_autoptr(GBytes) cms = NULL;
  g_autoptr(Stage) stage = NULL;
  g_autoptr(Stage) stage_dss = NULL;
  g_autoptr(McSignResult) result = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *warning = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *key = NULL;
  McPdfSignatureOptions options;
  const char *signer_name, *organisation;
  McPadesLevel reached;
  gboolean want_timestamp;
  gint64 byte_range[4];
  guint page_index;
  g_autofree char *field = NULL;

  g_return_val_if_fail (MC_IS_PADES_SIGNER (self), NULL);
  g_return_val_if_fail (input != NULL, NULL);
  g_return_val_if_fail (output != NULL, NULL);
  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_request (request, error))
    return NULL;
  if (same_file (input, output))
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_INVALID_ARGUMENT,
                   _("The signed copy of “%s” would replace the original. Choose another name "
                     "or folder for it."), input);
      return NULL;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  identity = mc_signing_session_get_identity (self->session);
  cert = mc_signing_identity_get_certificate (identity);
  signer_name = request->signer_name;
  if (signer_name == NULL || *signer_name == '\0')
    signer_name = mc_certificate_get_subject_cn (cert);
  if (signer_name == NULL)
    signer_name = mc_certificate_get_subject_dn (cert);
  organisation = request->organisation;
  if (organisation == NULL || *organisation == '\0')
    organisation = mc_certificate_get_subject_org (cert);
  when = request->signing_time ? g_date_time_ref (request->signing_time) : g_date_time_new_now_local ();

  /* The page as seen, for the appearance and its default place. */
  page_index = request->layout == MC_SIGNATURE_LAYOUT_ATTACHMENT ? 0 : request->page_index;
  doc = mc_pdf_document_open (input, cancellable, error);
  if (doc == NULL)
    return NULL;
  page = mc_pdf_document_get_page (doc, page_index, error);
  if (page == NULL)
    return NULL;
  mc_pdf_signature_options_init (&options);
  key = appearance_key (request, page, signer_name, organisation, when);
  appearance = take_appearance (self, key, request, page, signer_name, organisation, when,
                                options.rect, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  g_clear_object (&doc);

  want_timestamp = request->level >= MC_PADES_LEVEL_B_T && request->tsa_url && *request->tsa_url;
  options.page_index = page_index;
  options.name = signer_name;
  options.reason = request->reason;
  options.location = request->location;
  options.signing_time = when;
  options.appearance = appearance;
  options.docmdp = request->approval ? 0 : 2;
  options.contents_size = mc_signing_session_estimate_size (self->session, want_timestamp);

  /* B-LT gets a second update: the signature goes to a stage first. */
  if (request->level == MC_PADES_LEVEL_B_LT)
    {
      stage = stage_new (output, error);
      if (stage == NULL)
        return NULL;
    }
  update = mc_pdf_signature_update_prepare (input, stage ? stage->path : output, &options,
                                            cancellable, error);
  give_back_appearance (self, key, g_steal_pointer (&appearance), options.rect);
  if (update == NULL)
    return NULL;
  digest = mc_pdf_signature_update_compute_digest (update, GNUTLS_DIG_SHA256, cancellable, error);
  if (digest == NULL)
    return NULL;

  result = g_new0 (McSignResult, 1);
  {
    gint64 token_started = g_get_monotonic_time ();

    cms = mc_signing_session_sign_sync (self->session, g_bytes_get_data (digest, NULL),
                                        g_bytes_get_size (digest), MC_PADES_LEVEL_B_B, NULL,
                                        MC_SIGN_FLAGS_NONE, NULL, NULL, cancellable, error);
    result->token_seconds = seconds_since (token_started);
  }
  if (cms == NULL)
    return NULL;
  reached = MC_PADES_LEVEL_B_B;

  if (request->level >= MC_PADES_LEVEL_B_T)
    {
      if (!want_timestamp)
        warning = g_strdup (_("No time-stamping server is set, so the signature has no time-stamp."));
      else
        {
          GBytes *stamped = mc_cms_timestamp_sync (cms, request->tsa_url, cancellable, &local);

          if (stamped != NULL)
            {
              g_bytes_unref (cms);
              cms = stamped;
              reached = MC_PADES_LEVEL_B_T;
            }
          else if (!request->allow_lower_level
                   || g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return NULL;
            }
          else
            warning = g_strdup (local->message);
          g_clear_error (&local);
        }
    }

  if (!mc_pdf_signature_update_fill_contents (update, g_bytes_get_data (cms, NULL),
                                              g_bytes_get_size (cms), error))
    return NULL;
  mc_pdf_signature_update_get_byte_range (update, byte_range);
  field = g_strdup (mc_pdf_signature_update_get_field_name (update));
  if (!check_signed (self, mc_pdf_signature_update_get_temp_path (update), output, field,
                     byte_range, cms, g_bytes_get_data (digest, NULL),
                     stage ? NULL : &sha256, cancellable, error))
    return NULL;
  if (!mc_pdf_signature_update_commit (update, error))
    return NULL;
  g_clear_object (&update);

  if (stage != NULL)
    {
      g_autoptr(McPdfDss) dss = NULL;
      const char *final = stage->path;

      if (reached == MC_PADES_LEVEL_B_T)
        {
          dss = mc_pades_collect_dss (self, cms, options.contents_size, request, &warning, cancellable, &local);
          if (dss == NULL && local != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return NULL;
            }
        }
      else if (warning == NULL)
        warning = g_strdup (_("B-LT needs a time-stamp first."));

      if (dss != NULL)
        {
          stage_dss = stage_new (output, error);
          if (stage_dss == NULL
              || !mc_pdf_append_dss (stage->path, stage_dss->path, dss, cancellable, error))
            return NULL;
          final = stage_dss->path;
          reached = MC_PADES_LEVEL_B_LT;
        }
      if (!check_signed (self, final, output, field, byte_range, cms, g_bytes_get_data (digest, NULL),
                         &sha256, cancellable, error)
          || !stage_install (stage_dss ? stage_dss : stage, output, error))
        return NULL;
    }

  result->output = g_strdup (output);
  result->sha256 = g_steal_pointer (&sha256);
  result->level = reached;
  result->warning = g_steal_pointer (&warning);
  result->total_seconds = seconds_since (started);
  g_debug ("Signed %s → %s (%s) in %.3f s, token %.3f s", input, output,
           mc_pades_level_to_string (reached), result->total_seconds, result->token_seconds);
  return g_steal_pointer (&result);
}
