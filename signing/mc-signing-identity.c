/* SPDX-License-Identifier: GPL-3.0-or-later */
/* McSigningIdentity ties a signing certificate to the token and the
 * PKCS#11 URIs of the certificate and its private key, plus the issuer
 * certificates found on the same token, so the session can log in to the
 * right token and embed the chain. */
#define G_LOG_DOMAIN "motcua-signing"

#include "config.h"

#include "mc-signing-identity.h"

struct _McSigningIdentity
{
  GObject parent_instance;

  McToken *token;
  McCertificate *certificate;
  char *certificate_uri;
  char *key_uri;
  char *label;
  GPtrArray *chain;
};

G_DEFINE_FINAL_TYPE (McSigningIdentity, mc_signing_identity, G_TYPE_OBJECT)

static void
mc_signing_identity_dispose (GObject *object)
{
  McSigningIdentity *self = MC_SIGNING_IDENTITY (object);

  g_clear_object (&self->token);
  g_clear_object (&self->certificate);
  g_clear_pointer (&self->chain, g_ptr_array_unref);

  G_OBJECT_CLASS (mc_signing_identity_parent_class)->dispose (object);
}

static void
mc_signing_identity_finalize (GObject *object)
{
  McSigningIdentity *self = MC_SIGNING_IDENTITY (object);

  g_free (self->certificate_uri);
  g_free (self->key_uri);
  g_free (self->label);

  G_OBJECT_CLASS (mc_signing_identity_parent_class)->finalize (object);
}

static void
mc_signing_identity_class_init (McSigningIdentityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mc_signing_identity_dispose;
  object_class->finalize = mc_signing_identity_finalize;
}

static void
mc_signing_identity_init (McSigningIdentity *self)
{
}

/**
 * mc_signing_identity_new:
 * @token: the token holding the key
 * @certificate: the signing certificate
 * @certificate_uri: its PKCS#11 URI
 * @key_uri: the PKCS#11 URI of the private key
 * @label: (nullable): the object label on the token
 * @chain: (nullable) (element-type McCertificate): issuer certificates
 *
 * Usually made by mc_pkcs11_list_identities_sync().
 *
 * Returns: (transfer full): a new #McSigningIdentity
 */
McSigningIdentity *
mc_signing_identity_new (McToken       *token,
                         McCertificate *certificate,
                         const char    *certificate_uri,
                         const char    *key_uri,
                         const char    *label,
                         GPtrArray     *chain)
{
  McSigningIdentity *self;

  g_return_val_if_fail (MC_IS_TOKEN (token), NULL);
  g_return_val_if_fail (MC_IS_CERTIFICATE (certificate), NULL);
  g_return_val_if_fail (certificate_uri != NULL, NULL);
  g_return_val_if_fail (key_uri != NULL, NULL);

  self = g_object_new (MC_TYPE_SIGNING_IDENTITY, NULL);
  self->token = g_object_ref (token);
  self->certificate = g_object_ref (certificate);
  self->certificate_uri = g_strdup (certificate_uri);
  self->key_uri = g_strdup (key_uri);
  self->label = g_strdup (label ? label : "");
  self->chain = g_ptr_array_new_with_free_func (g_object_unref);
  if (chain != NULL)
    for (guint i = 0; i < chain->len; i++)
      g_ptr_array_add (self->chain, g_object_ref (g_ptr_array_index (chain, i)));

  return self;
}

/**
 * mc_signing_identity_get_token:
 * @self: a #McSigningIdentity
 *
 * Returns: (transfer none): the token as it was when listed
 */
McToken *
mc_signing_identity_get_token (McSigningIdentity *self)
{
  g_return_val_if_fail (MC_IS_SIGNING_IDENTITY (self), NULL);
  return self->token;
}

/**
 * mc_signing_identity_get_certificate:
 * @self: a #McSigningIdentity
 *
 * Returns: (transfer none): the signing certificate
 */
McCertificate *
mc_signing_identity_get_certificate (McSigningIdentity *self)
{
  g_return_val_if_fail (MC_IS_SIGNING_IDENTITY (self), NULL);
  return self->certificate;
}

/**
 * mc_signing_identity_get_certificate_uri:
 * @self: a #McSigningIdentity
 *
 * Returns: the PKCS#11 URI of the certificate object
 */
const char *
mc_signing_identity_get_certificate_uri (McSigningIdentity *self)
{
  g_return_val_if_fail (MC_IS_SIGNING_IDENTITY (self), NULL);
  return self->certificate_uri;
}

/**
 * mc_signing_identity_get_key_uri:
 * @self: a #McSigningIdentity
 *
 * Returns: the PKCS#11 URI of the private key
 */
const char *
mc_signing_identity_get_key_uri (McSigningIdentity *self)
{
  g_return_val_if_fail (MC_IS_SIGNING_IDENTITY (self), NULL);
  return self->key_uri;
}

/**
 * mc_signing_identity_get_label:
 * @self: a #McSigningIdentity
 *
 * Returns: the certificate object's label on the token (may be empty)
 */
const char *
mc_signing_identity_get_label (McSigningIdentity *self)
{
  g_return_val_if_fail (MC_IS_SIGNING_IDENTITY (self), NULL);
  return self->label;
}

/**
 * mc_signing_identity_get_chain:
 * @self: a #McSigningIdentity
 *
 * Returns: (transfer none) (element-type McCertificate): the issuer
 *   certificates found on the token, nearest first (may be empty)
 */
GPtrArray *
mc_signing_identity_get_chain (McSigningIdentity *self)
{
  g_return_val_if_fail (MC_IS_SIGNING_IDENTITY (self), NULL);
  return self->chain;
}
