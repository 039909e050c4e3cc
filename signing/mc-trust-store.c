/* SPDX-License-Identifier: GPL-3.0-or-later */
/* McTrustStore holds the root certificates a signature must chain to.
 * The app loads data/trust/ (the Vietnam National Root CA and the
 * Government specialised root, when their certificates are placed there)
 * and the anchors the user added (their trust folder, and the folder
 * MOTCUA_TRUST_DIR names, which the development script points at its demo
 * CA); tests load their own test CA. Each anchor remembers where it came
 * from, so a report can say when a signature is trusted only because the
 * user said so. Chains
 * are checked with GnuTLS's trust list; validity times are checked here
 * against the time that matters (the signature time-stamp when there is
 * one), which GnuTLS cannot be told. */
#define G_LOG_DOMAIN "motcua-signing"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "mc-certificate-private.h"
#include "mc-signing.h"
#include "mc-trust-store.h"
#include "mc-trust-store-private.h"

struct _McTrustStore
{
  GObject parent_instance;

  GPtrArray *anchors;
  GArray    *origins; /* McTrustOrigin per anchor */
  McTrustOrigin adding; /* the origin of what is being added */
};

G_DEFINE_FINAL_TYPE (McTrustStore, mc_trust_store, G_TYPE_OBJECT)

static void
mc_trust_store_finalize (GObject *object)
{
  McTrustStore *self = MC_TRUST_STORE (object);

  g_clear_pointer (&self->anchors, g_ptr_array_unref);
  g_clear_pointer (&self->origins, g_array_unref);

  G_OBJECT_CLASS (mc_trust_store_parent_class)->finalize (object);
}

static void
mc_trust_store_class_init (McTrustStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mc_trust_store_finalize;
}

static void
mc_trust_store_init (McTrustStore *self)
{
  self->anchors = g_ptr_array_new_with_free_func (g_object_unref);
  self->origins = g_array_new (FALSE, FALSE, sizeof (McTrustOrigin));
  self->adding = MC_TRUST_ORIGIN_SHIPPED;
}

/* The one way in: an anchor already there keeps its first origin (the
 * shipped folder is read first). */
static void
add_anchor (McTrustStore  *self,
            McCertificate *cert)
{
  if (mc_trust_store_contains (self, cert))
    return;
  g_ptr_array_add (self->anchors, g_object_ref (cert));
  g_array_append_val (self->origins, self->adding);
}

/**
 * mc_trust_store_new:
 *
 * Returns: (transfer full): an empty trust store
 */
McTrustStore *
mc_trust_store_new (void)
{
  return g_object_new (MC_TYPE_TRUST_STORE, NULL);
}

/**
 * mc_trust_store_add_file:
 * @self: a #McTrustStore
 * @path: a PEM (one or more certificates) or DER file
 * @error: return location for a #GError
 *
 * Adds the certificates of a file as trust anchors.
 *
 * Returns: %TRUE on success, %FALSE with %MC_SIGNING_ERROR_TRUST_STORE
 */
gboolean
mc_trust_store_add_file (McTrustStore  *self,
                         const char    *path,
                         GError       **error)
{
  g_autoptr(GPtrArray) certs = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (MC_IS_TRUST_STORE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  certs = mc_certificate_load_file (path, &local_error);
  if (certs == NULL)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_TRUST_STORE,
                   _("The trust anchor “%s” cannot be read: %s"), path, local_error->message);
      return FALSE;
    }
  for (guint i = 0; i < certs->len; i++)
    add_anchor (self, g_ptr_array_index (certs, i));
  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/**
 * mc_trust_store_add_directory:
 * @self: a #McTrustStore
 * @path: a folder of .pem, .crt, .cer and .der files
 * @error: return location for a #GError
 *
 * Adds every certificate file of a folder; other files (a README) are
 * skipped. A missing folder adds nothing and is no error. A file that
 * cannot be read gives an error naming it, after the others were added.
 *
 * Returns: %TRUE when every certificate file was read
 */
gboolean
mc_trust_store_add_directory (McTrustStore  *self,
                              const char    *path,
                              GError       **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GError *first_error = NULL;
  const char *name;

  g_return_val_if_fail (MC_IS_TRUST_STORE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  dir = g_dir_open (path, 0, &local_error);
  if (dir == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_TRUST_STORE,
                   _("The trust anchor folder “%s” cannot be read: %s"), path, local_error->message);
      return FALSE;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".pem") || g_str_has_suffix (name, ".crt") ||
        g_str_has_suffix (name, ".cer") || g_str_has_suffix (name, ".der"))
      g_ptr_array_add (names, g_strdup (name));
  /* A stable order, whatever the file system says. */
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *file = g_build_filename (path, g_ptr_array_index (names, i), NULL);
      GError *file_error = NULL;

      if (!mc_trust_store_add_file (self, file, &file_error))
        {
          if (first_error == NULL)
            first_error = file_error;
          else
            g_error_free (file_error);
        }
    }

  if (first_error != NULL)
    {
      g_propagate_error (error, first_error);
      return FALSE;
    }
  return TRUE;
}

/**
 * mc_trust_store_add_certificate:
 * @self: a #McTrustStore
 * @certificate: a root certificate to trust
 *
 * Adds one trust anchor.
 */
void
mc_trust_store_add_certificate (McTrustStore  *self,
                                McCertificate *certificate)
{
  g_return_if_fail (MC_IS_TRUST_STORE (self));
  g_return_if_fail (MC_IS_CERTIFICATE (certificate));

  add_anchor (self, certificate);
}

/**
 * mc_trust_store_add_directory_from:
 * @self: a #McTrustStore
 * @path: a folder of certificates
 * @origin: where they come from
 * @error: return location for a #GError
 *
 * mc_trust_store_add_directory() for anchors of a given origin.
 *
 * Returns: %TRUE when every certificate file was read
 */
gboolean
mc_trust_store_add_directory_from (McTrustStore  *self,
                                   const char    *path,
                                   McTrustOrigin  origin,
                                   GError       **error)
{
  gboolean ok;

  g_return_val_if_fail (MC_IS_TRUST_STORE (self), FALSE);
  g_return_val_if_fail (origin != MC_TRUST_ORIGIN_NONE, FALSE);

  self->adding = origin;
  ok = mc_trust_store_add_directory (self, path, error);
  self->adding = MC_TRUST_ORIGIN_SHIPPED;
  return ok;
}

/**
 * mc_trust_store_add_environment:
 * @self: a #McTrustStore
 * @error: return location for a #GError
 *
 * Adds, as anchors the user chose, the certificates of the folders
 * `MOTCUA_TRUST_DIR` names (separated by “:”), if it is set: `./dev run`
 * points it at the demo CA so the demo's signatures verify.
 *
 * Returns: %TRUE when every certificate file was read
 */
gboolean
mc_trust_store_add_environment (McTrustStore  *self,
                                GError       **error)
{
  const char *value = g_getenv ("MOTCUA_TRUST_DIR");
  g_auto(GStrv) dirs = NULL;

  g_return_val_if_fail (MC_IS_TRUST_STORE (self), FALSE);

  if (value == NULL || *value == '\0')
    return TRUE;
  dirs = g_strsplit (value, G_SEARCHPATH_SEPARATOR_S, -1);
  for (guint i = 0; dirs[i] != NULL; i++)
    if (*dirs[i] != '\0' &&
        !mc_trust_store_add_directory_from (self, dirs[i], MC_TRUST_ORIGIN_USER, error))
      return FALSE;
  return TRUE;
}

/**
 * mc_trust_store_get_origin:
 * @self: a #McTrustStore
 * @certificate: a certificate
 *
 * Returns: where @certificate came from, or %MC_TRUST_ORIGIN_NONE when
 *   it is no anchor
 */
McTrustOrigin
mc_trust_store_get_origin (McTrustStore  *self,
                           McCertificate *certificate)
{
  g_return_val_if_fail (MC_IS_TRUST_STORE (self), MC_TRUST_ORIGIN_NONE);
  g_return_val_if_fail (MC_IS_CERTIFICATE (certificate), MC_TRUST_ORIGIN_NONE);

  for (guint i = 0; i < self->anchors->len; i++)
    if (mc_certificate_equal (g_ptr_array_index (self->anchors, i), certificate))
      return g_array_index (self->origins, McTrustOrigin, i);
  return MC_TRUST_ORIGIN_NONE;
}

/**
 * mc_trust_store_find_user_anchor:
 * @self: a #McTrustStore
 * @chain: (element-type McCertificate): a chain, leaf first (e.g.
 *   mc_signature_report_get_chain())
 *
 * Returns: (transfer none) (nullable): the certificate of @chain that is
 *   an anchor the user added (“trusted by you, not shipped”), or %NULL
 */
McCertificate *
mc_trust_store_find_user_anchor (McTrustStore *self,
                                 GPtrArray    *chain)
{
  g_return_val_if_fail (MC_IS_TRUST_STORE (self), NULL);
  g_return_val_if_fail (chain != NULL, NULL);

  for (guint i = 0; i < chain->len; i++)
    {
      McCertificate *cert = g_ptr_array_index (chain, i);

      if (mc_trust_store_get_origin (self, cert) == MC_TRUST_ORIGIN_USER)
        return cert;
    }
  return NULL;
}

/**
 * mc_trust_store_get_anchors:
 * @self: a #McTrustStore
 *
 * Returns: (transfer none) (element-type McCertificate): the anchors
 */
GPtrArray *
mc_trust_store_get_anchors (McTrustStore *self)
{
  g_return_val_if_fail (MC_IS_TRUST_STORE (self), NULL);
  return self->anchors;
}

/**
 * mc_trust_store_contains:
 * @self: a #McTrustStore
 * @certificate: a certificate
 *
 * Returns: whether @certificate is one of the anchors
 */
gboolean
mc_trust_store_contains (McTrustStore  *self,
                         McCertificate *certificate)
{
  g_return_val_if_fail (MC_IS_TRUST_STORE (self), FALSE);
  g_return_val_if_fail (MC_IS_CERTIFICATE (certificate), FALSE);

  for (guint i = 0; i < self->anchors->len; i++)
    if (mc_certificate_equal (g_ptr_array_index (self->anchors, i), certificate))
      return TRUE;
  return FALSE;
}

static char *
describe_status (unsigned int status)
{
  if (status & GNUTLS_CERT_REVOKED)
    return g_strdup (_("a certificate of the chain is revoked"));
  if (status & (GNUTLS_CERT_SIGNER_NOT_FOUND | GNUTLS_CERT_SIGNER_NOT_CA))
    return g_strdup (_("the certificate does not chain to a trusted root certificate"));
  if (status & GNUTLS_CERT_SIGNATURE_FAILURE)
    return g_strdup (_("a certificate of the chain has a bad signature"));
  if (status & GNUTLS_CERT_INSECURE_ALGORITHM)
    return g_strdup (_("the chain uses an insecure algorithm"));
  if (status & GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE)
    return g_strdup (_("an issuer may not issue this certificate"));
  if (status & GNUTLS_CERT_PURPOSE_MISMATCH)
    return g_strdup (_("the certificate may not be used for this purpose"));
  return g_strdup (_("the certificate chain is not valid"));
}

/* Whether @chain (leaf first) leads to an anchor, and every certificate
 * is valid at @when. */
gboolean
mc_trust_store_verify_chain (McTrustStore  *self,
                             GPtrArray     *chain,
                             const char    *purpose_oid,
                             GDateTime     *when,
                             char         **out_problem)
{
  gnutls_x509_trust_list_t list = NULL;
  g_autofree gnutls_x509_crt_t *crts = NULL;
  gnutls_typed_vdata_st vdata = { GNUTLS_DT_KEY_PURPOSE_OID, (unsigned char *) purpose_oid, 0 };
  unsigned int status = 0;
  guint added = 0;
  int ret;

  *out_problem = NULL;

  for (guint i = 0; i < chain->len; i++)
    if (!mc_certificate_is_valid_at (g_ptr_array_index (chain, i), when))
      {
        McCertificate *cert = g_ptr_array_index (chain, i);
        const char *cn = mc_certificate_get_subject_cn (cert);

        *out_problem = g_strdup_printf (_("“%s” was not valid at the time of signing"),
                                        cn ? cn : mc_certificate_get_subject_dn (cert));
        return FALSE;
      }

  if (gnutls_x509_trust_list_init (&list, 0) < 0)
    {
      *out_problem = g_strdup (_("the trust list cannot be made"));
      return FALSE;
    }
  for (guint i = 0; i < self->anchors->len; i++)
    {
      gnutls_x509_crt_t copy = NULL;
      gsize len = 0;
      GBytes *der = mc_certificate_get_der (g_ptr_array_index (self->anchors, i));
      gnutls_datum_t datum = { (unsigned char *) g_bytes_get_data (der, &len), 0 };

      datum.size = len;
      if (gnutls_x509_crt_init (&copy) < 0)
        continue;
      if (gnutls_x509_crt_import (copy, &datum, GNUTLS_X509_FMT_DER) < 0 ||
          gnutls_x509_trust_list_add_cas (list, &copy, 1, 0) != 1)
        gnutls_x509_crt_deinit (copy);
      else
        added++;
    }

  crts = g_new0 (gnutls_x509_crt_t, chain->len);
  for (guint i = 0; i < chain->len; i++)
    crts[i] = mc_certificate_get_crt (g_ptr_array_index (chain, i));

  ret = gnutls_x509_trust_list_verify_crt2 (list, crts, chain->len,
                                            purpose_oid ? &vdata : NULL, purpose_oid ? 1 : 0,
                                            GNUTLS_VERIFY_DISABLE_TIME_CHECKS |
                                            GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS,
                                            &status, NULL);
  gnutls_x509_trust_list_deinit (list, 1);

  if (ret < 0)
    {
      *out_problem = g_strdup_printf (_("the chain cannot be checked (%s)"), gnutls_strerror (ret));
      return FALSE;
    }
  if (added == 0 && status != 0)
    {
      *out_problem = g_strdup (_("no trust anchor is installed (see data/trust/README.md)"));
      return FALSE;
    }
  if (status != 0)
    {
      *out_problem = describe_status (status);
      return FALSE;
    }
  return TRUE;
}
