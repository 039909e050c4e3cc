/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Finding the signing identity a PKCS#11 URI names (RFC 7512), as given
 * on the command line or kept in the preferences: the token attributes
 * of the URI must match the token, and its id and object label, when it
 * has them, the certificate or its key. The URI may name the certificate
 * or the private key: both share the token and the CKA_ID. */
#define G_LOG_DOMAIN "motcua-signing"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <p11-kit/uri.h>

#include "mc-pades-signer.h"
#include "mc-pkcs11.h"
#include "mc-token-private.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (P11KitUri, p11_kit_uri_free)

static gboolean
attribute_equal (CK_ATTRIBUTE *a,
                 CK_ATTRIBUTE *b)
{
  return a != NULL && b != NULL && a->ulValueLen == b->ulValueLen
         && memcmp (a->pValue, b->pValue, a->ulValueLen) == 0;
}

/* Whether @want's object attributes match the object at @object_uri. */
static gboolean
object_matches (P11KitUri  *want,
                const char *object_uri,
                const char *label)
{
  g_autoptr(P11KitUri) have = p11_kit_uri_new ();
  CK_ATTRIBUTE *id = p11_kit_uri_get_attribute (want, CKA_ID);
  CK_ATTRIBUTE *want_label = p11_kit_uri_get_attribute (want, CKA_LABEL);

  if (object_uri == NULL
      || p11_kit_uri_parse (object_uri, P11_KIT_URI_FOR_OBJECT_ON_TOKEN, have) != P11_KIT_URI_OK)
    return FALSE;
  if (id != NULL && !attribute_equal (id, p11_kit_uri_get_attribute (have, CKA_ID)))
    return FALSE;
  if (want_label != NULL && !attribute_equal (want_label, p11_kit_uri_get_attribute (have, CKA_LABEL)))
    {
      /* Keys found without a login often lose their label: compare the
       * identity's label too. */
      if (label == NULL || strlen (label) != want_label->ulValueLen
          || memcmp (label, want_label->pValue, want_label->ulValueLen) != 0)
        return FALSE;
    }
  return TRUE;
}

/**
 * mc_pades_find_identity_sync:
 * @uri: a PKCS#11 URI of a certificate or private key (e.g. from
 *   `motcua-cli tokens`)
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Finds the one signing identity on the inserted tokens that @uri
 * names. Blocks on the drivers.
 *
 * Returns: (transfer full): the identity, or %NULL with
 *   %MC_SIGNING_ERROR_KEY_NOT_FOUND when none or several match
 */
McSigningIdentity *
mc_pades_find_identity_sync (const char    *uri,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(P11KitUri) want = p11_kit_uri_new ();
  g_autoptr(GPtrArray) identities = NULL;
  McSigningIdentity *found = NULL;
  guint matches = 0;

  g_return_val_if_fail (uri != NULL, NULL);

  if (p11_kit_uri_parse (uri, P11_KIT_URI_FOR_ANY, want) != P11_KIT_URI_OK)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_KEY_NOT_FOUND,
                   _("“%s” is not a PKCS#11 address (it starts with “pkcs11:”)."), uri);
      return NULL;
    }
  identities = mc_pkcs11_list_identities_sync (NULL, cancellable, error);
  if (identities == NULL)
    return NULL;

  for (guint i = 0; i < identities->len; i++)
    {
      McSigningIdentity *identity = g_ptr_array_index (identities, i);
      McToken *token = mc_signing_identity_get_token (identity);
      const char *label = mc_signing_identity_get_label (identity);

      if (!p11_kit_uri_match_token_info (want, (CK_TOKEN_INFO *) mc_token_get_info (token)))
        continue;
      if (!object_matches (want, mc_signing_identity_get_certificate_uri (identity), label)
          && !object_matches (want, mc_signing_identity_get_key_uri (identity), label))
        continue;
      matches++;
      found = identity;
    }

  if (matches == 0)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_KEY_NOT_FOUND,
                   _("No signing certificate on the inserted tokens matches “%s”. Insert the "
                     "token, or list the tokens to copy the address of a certificate."), uri);
      return NULL;
    }
  if (matches > 1)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_KEY_NOT_FOUND,
                   ngettext ("“%s” matches %u signing certificate; add its id to the address.",
                             "“%s” matches %u signing certificates; add the id of one to the address.",
                             matches),
                   uri, matches);
      return NULL;
    }
  return g_object_ref (found);
}
