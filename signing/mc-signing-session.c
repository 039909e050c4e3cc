/* SPDX-License-Identifier: GPL-3.0-or-later */
/* McSigningSession is the batch signer's login: it logs in to the token
 * once with the PIN, keeps the logged-in private key for as many document
 * digests as the batch has, and logs out when closed. The PIN is copied
 * into a buffer of our own only for the duration of the login, handed to
 * GnuTLS by a callback that answers once (GnuTLS would otherwise ask again
 * after a wrong PIN and burn another try), and wiped right after. A wrong
 * PIN, a locked token and a token pulled in the middle of a batch each
 * give their own error, with what the user can do. */
#define G_LOG_DOMAIN "motcua-signing"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/abstract.h>
#include <gnutls/pkcs11.h>

#include "mc-certificate-private.h"
#include "mc-cms.h"
#include "mc-cms-private.h"
#include "mc-pkcs11.h"
#include "mc-pkcs11-private.h"
#include "mc-signing-session.h"
#include "mc-tsa.h"

typedef struct {
  char *value;          /* our copy, only while logging in */
  gsize len;
  guint calls;          /* how often GnuTLS asked */
  gboolean refused;
} PinState;

struct _McSigningSession
{
  GObject parent_instance;

  GMutex lock;
  McSigningIdentity *identity;
  GPtrArray *chain;
  gnutls_privkey_t key;
  PinState pin;
  guint calls_at_login;
  guint count;
  gboolean broken;
  gboolean claimed;
};

G_DEFINE_FINAL_TYPE (McSigningSession, mc_signing_session, G_TYPE_OBJECT)

/* Tokens with an open session: a second login on the same token would
 * not check the PIN (the login state is shared), so it is refused. */
static GMutex open_lock;
static GHashTable *open_tokens;

static gboolean
claim_token (const char *uri)
{
  gboolean ok;

  g_mutex_lock (&open_lock);
  if (open_tokens == NULL)
    open_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ok = !g_hash_table_contains (open_tokens, uri);
  if (ok)
    g_hash_table_add (open_tokens, g_strdup (uri));
  g_mutex_unlock (&open_lock);
  return ok;
}

static void
release_token (const char *uri)
{
  g_mutex_lock (&open_lock);
  if (open_tokens != NULL)
    {
      g_hash_table_remove (open_tokens, uri);
      if (g_hash_table_size (open_tokens) == 0)
        g_clear_pointer (&open_tokens, g_hash_table_unref);
    }
  g_mutex_unlock (&open_lock);
}

static void
pin_wipe (PinState *pin)
{
  if (pin->value != NULL)
    {
      gnutls_memset (pin->value, 0, pin->len + 1);
      g_free (pin->value);
      pin->value = NULL;
      pin->len = 0;
    }
}

static int
pin_callback (void         *userdata,
              int           attempt,
              const char   *token_url,
              const char   *token_label,
              unsigned int  flags,
              char         *pin,
              size_t        pin_max)
{
  PinState *state = userdata;

  state->calls++;

  /* Answer once: a second call means the PIN was wrong (GnuTLS loops on
   * CKR_PIN_INCORRECT) or the token was reset and wants a new login. */
  if (state->value == NULL || attempt > 0 || (flags & GNUTLS_PIN_WRONG) || state->len + 1 > pin_max)
    {
      state->refused = TRUE;
      return GNUTLS_E_PKCS11_PIN_ERROR;
    }

  memcpy (pin, state->value, state->len);
  pin[state->len] = '\0';
  return 0;
}

static void
mc_signing_session_dispose (GObject *object)
{
  McSigningSession *self = MC_SIGNING_SESSION (object);

  mc_signing_session_close (self);
  g_clear_object (&self->identity);
  g_clear_pointer (&self->chain, g_ptr_array_unref);

  G_OBJECT_CLASS (mc_signing_session_parent_class)->dispose (object);
}

static void
mc_signing_session_finalize (GObject *object)
{
  McSigningSession *self = MC_SIGNING_SESSION (object);

  pin_wipe (&self->pin);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (mc_signing_session_parent_class)->finalize (object);
}

static void
mc_signing_session_class_init (McSigningSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mc_signing_session_dispose;
  object_class->finalize = mc_signing_session_finalize;
}

static void
mc_signing_session_init (McSigningSession *self)
{
  g_mutex_init (&self->lock);
}

static void
set_wrong_pin_error (GError  **error,
                     McToken  *token)
{
  McPinFlags flags = token ? mc_token_get_pin_flags (token) : MC_PIN_FLAGS_NONE;

  if (flags & MC_PIN_FLAGS_LOCKED)
    {
      g_autofree char *msg = mc_token_get_pin_message (token);

      g_set_error_literal (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PIN_LOCKED, msg);
    }
  else if (flags & MC_PIN_FLAGS_FINAL_TRY)
    g_set_error_literal (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PIN_INCORRECT,
                         _("The PIN is wrong. Careful: one more wrong PIN will lock the token."));
  else if (flags & MC_PIN_FLAGS_COUNT_LOW)
    g_set_error_literal (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PIN_INCORRECT,
                         _("The PIN is wrong. Only a few tries remain before the token locks."));
  else
    g_set_error_literal (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PIN_INCORRECT,
                         _("The PIN is wrong. Check it and try again; the token locks after "
                           "several wrong tries."));
}

static gboolean
check_certificate (McCertificate  *cert,
                   GError        **error)
{
  McKeyAlgorithm alg = mc_certificate_get_key_algorithm (cert);
  guint bits = mc_certificate_get_key_bits (cert);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  if ((alg == MC_KEY_ALGORITHM_RSA && bits < 2048) ||
      (alg == MC_KEY_ALGORITHM_EC && bits < 256) ||
      alg == MC_KEY_ALGORITHM_UNKNOWN)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_UNSUPPORTED_KEY,
                   _("The key of this certificate is not allowed for signing documents "
                     "(RSA of at least 2048 bits or ECDSA of at least 256 bits is required)."));
      return FALSE;
    }
  if (!mc_certificate_can_sign (cert))
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CERTIFICATE,
                   _("This certificate may not sign documents."));
      return FALSE;
    }
  if (!mc_certificate_is_valid_at (cert, now))
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (mc_certificate_get_not_after (cert));
      g_autofree char *until = g_date_time_format (local, "%Y-%m-%d");

      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_CERTIFICATE,
                   _("The certificate is not valid now (it is valid until %s). Ask the "
                     "certificate authority for a new one."), until);
      return FALSE;
    }
  return TRUE;
}

/**
 * mc_signing_session_open_sync:
 * @identity: the certificate and key to sign with
 * @pin: (nullable): the user PIN, or %NULL for a token with a PIN pad
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Logs in to the token of @identity. The PIN is copied for the login and
 * wiped right after; the caller wipes its own buffer. Only one session
 * per token may be open at a time. Blocks on the token: use
 * mc_signing_session_open_async() from the main thread.
 *
 * Errors: %MC_SIGNING_ERROR_TOKEN_NOT_PRESENT, %MC_SIGNING_ERROR_PIN_INCORRECT
 * (the message says whether few tries or one try remain),
 * %MC_SIGNING_ERROR_PIN_LOCKED (what to do to unlock),
 * %MC_SIGNING_ERROR_KEY_NOT_FOUND, %MC_SIGNING_ERROR_UNSUPPORTED_KEY,
 * %MC_SIGNING_ERROR_CERTIFICATE, %MC_SIGNING_ERROR_PKCS11.
 *
 * Returns: (transfer full): a logged-in session, or %NULL
 */
McSigningSession *
mc_signing_session_open_sync (McSigningIdentity  *identity,
                              const char         *pin,
                              GCancellable       *cancellable,
                              GError            **error)
{
  g_autoptr(McSigningSession) self = NULL;
  g_autoptr(McToken) token = NULL;
  g_autoptr(McToken) after = NULL;
  g_autoptr(GError) local_error = NULL;
  McCertificate *cert;
  const char *token_uri;
  unsigned int bits = 0;
  int ret;

  g_return_val_if_fail (MC_IS_SIGNING_IDENTITY (identity), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  cert = mc_signing_identity_get_certificate (identity);
  token_uri = mc_token_get_uri (mc_signing_identity_get_token (identity));

  if (!check_certificate (cert, error))
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  token = mc_pkcs11_find_token_sync (token_uri, &local_error);
  if (token == NULL)
    {
      if (g_error_matches (local_error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_TOKEN_NOT_PRESENT))
        g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_TOKEN_NOT_PRESENT,
                     _("The token “%s” is not inserted. Insert it and try again."),
                     mc_token_get_label (mc_signing_identity_get_token (identity)));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (mc_token_get_pin_flags (token) & MC_PIN_FLAGS_LOCKED)
    {
      g_autofree char *msg = mc_token_get_pin_message (token);

      g_set_error_literal (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PIN_LOCKED, msg);
      return NULL;
    }
  if (pin == NULL && mc_token_get_login_required (token) && !mc_token_has_pin_pad (token))
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PIN_INCORRECT,
                   _("Type the PIN of the token “%s”."), mc_token_get_label (token));
      return NULL;
    }

  if (!claim_token (token_uri))
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_FAILED,
                   _("A signing session is already open on the token “%s”. Finish that "
                     "batch first."), mc_token_get_label (token));
      return NULL;
    }

  self = g_object_new (MC_TYPE_SIGNING_SESSION, NULL);
  self->claimed = TRUE;
  self->identity = g_object_ref (identity);
  self->chain = g_ptr_array_ref (mc_signing_identity_get_chain (identity));
  if (pin != NULL)
    {
      self->pin.len = strlen (pin);
      self->pin.value = g_malloc (self->pin.len + 1);
      memcpy (self->pin.value, pin, self->pin.len + 1);
    }

  ret = gnutls_privkey_init (&self->key);
  if (ret >= 0)
    {
      gnutls_privkey_set_pin_function (self->key, pin_callback, &self->pin);
      /* GnuTLS finds the key and logs in here, and keeps the session. */
      ret = gnutls_privkey_import_url (self->key, mc_signing_identity_get_key_uri (identity), 0);
    }
  pin_wipe (&self->pin);
  self->calls_at_login = self->pin.calls;

  if (ret < 0)
    {
      g_clear_pointer (&self->key, gnutls_privkey_deinit);
      after = mc_pkcs11_find_token_sync (token_uri, NULL);
      if (after == NULL)
        g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_TOKEN_REMOVED,
                     _("The token “%s” was removed during the login. Insert it and try again."),
                     mc_token_get_label (token));
      else if (ret == GNUTLS_E_PKCS11_PIN_LOCKED || (mc_token_get_pin_flags (after) & MC_PIN_FLAGS_LOCKED))
        {
          g_autofree char *msg = NULL;

          /* Locked by this very try: say so, whatever the flags lag. */
          if (!(mc_token_get_pin_flags (after) & MC_PIN_FLAGS_LOCKED))
            msg = g_strdup_printf (_("The PIN of “%s” is locked after too many wrong tries. "
                                     "Ask the certificate authority or your IT staff to unlock "
                                     "it with the SO PIN (PUK)."), mc_token_get_label (after));
          else
            msg = mc_token_get_pin_message (after);
          g_set_error_literal (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PIN_LOCKED, msg);
        }
      else if (ret == GNUTLS_E_PKCS11_PIN_EXPIRED)
        g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PIN_EXPIRED,
                     _("The token asks for its PIN to be changed. Change it with the "
                       "token vendor’s tool before signing."));
      else if (self->pin.refused || ret == GNUTLS_E_PKCS11_PIN_ERROR)
        set_wrong_pin_error (error, after);
      else if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
        g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_KEY_NOT_FOUND,
                     _("The private key of this certificate is not on the token “%s”."),
                     mc_token_get_label (token));
      else
        g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PKCS11,
                     _("The token “%s” refused the login (%s)."),
                     mc_token_get_label (token), gnutls_strerror (ret));
      return NULL;
    }

  if (gnutls_privkey_get_pk_algorithm (self->key, &bits) !=
      gnutls_x509_crt_get_pk_algorithm (mc_certificate_get_crt (cert), NULL))
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_KEY_NOT_FOUND,
                   _("The key on the token does not belong to this certificate."));
      return NULL;
    }

  g_debug ("Logged in to %s for %s", token_uri, mc_certificate_get_subject_dn (cert));
  return g_steal_pointer (&self);
}

typedef struct {
  McSigningIdentity *identity;
  char *pin;
  gsize pin_len;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_clear_object (&data->identity);
  if (data->pin != NULL)
    {
      gnutls_memset (data->pin, 0, data->pin_len + 1);
      g_free (data->pin);
    }
  g_free (data);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *data = task_data;
  GError *error = NULL;
  McSigningSession *session;

  session = mc_signing_session_open_sync (data->identity, data->pin, cancellable, &error);
  if (data->pin != NULL)
    {
      gnutls_memset (data->pin, 0, data->pin_len + 1);
      g_clear_pointer (&data->pin, g_free);
    }
  if (session == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, session, g_object_unref);
}

/**
 * mc_signing_session_open_async:
 * @identity: the certificate and key to sign with
 * @pin: (nullable): the user PIN; copied before this returns, so the
 *   caller may wipe it at once
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Runs mc_signing_session_open_sync() in a worker thread.
 */
void
mc_signing_session_open_async (McSigningIdentity   *identity,
                               const char          *pin,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OpenData *data;

  g_return_if_fail (MC_IS_SIGNING_IDENTITY (identity));

  data = g_new0 (OpenData, 1);
  data->identity = g_object_ref (identity);
  if (pin != NULL)
    {
      data->pin_len = strlen (pin);
      data->pin = g_malloc (data->pin_len + 1);
      memcpy (data->pin, pin, data->pin_len + 1);
    }

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_signing_session_open_async);
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  g_task_run_in_thread (task, open_thread);
}

/**
 * mc_signing_session_open_finish:
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full): a logged-in session, or %NULL
 */
McSigningSession *
mc_signing_session_open_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * mc_signing_session_get_identity:
 * @self: a #McSigningSession
 *
 * Returns: (transfer none): the identity signing in this session
 */
McSigningIdentity *
mc_signing_session_get_identity (McSigningSession *self)
{
  g_return_val_if_fail (MC_IS_SIGNING_SESSION (self), NULL);
  return self->identity;
}

/**
 * mc_signing_session_get_chain:
 * @self: a #McSigningSession
 *
 * Returns: (transfer none) (element-type McCertificate): the certificates
 *   embedded next to the signer's
 */
GPtrArray *
mc_signing_session_get_chain (McSigningSession *self)
{
  g_return_val_if_fail (MC_IS_SIGNING_SESSION (self), NULL);
  return self->chain;
}

/**
 * mc_signing_session_set_chain:
 * @self: a #McSigningSession
 * @chain: (element-type McCertificate): issuer certificates to embed
 *
 * Replaces the certificates embedded next to the signer's (by default
 * those found on the token), e.g. with a chain completed from the trust
 * store. Call before mc_signing_session_estimate_size().
 */
void
mc_signing_session_set_chain (McSigningSession *self,
                              GPtrArray        *chain)
{
  GPtrArray *copy;

  g_return_if_fail (MC_IS_SIGNING_SESSION (self));
  g_return_if_fail (chain != NULL);

  copy = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < chain->len; i++)
    g_ptr_array_add (copy, g_object_ref (g_ptr_array_index (chain, i)));

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->chain, g_ptr_array_unref);
  self->chain = copy;
  g_mutex_unlock (&self->lock);
}

/**
 * mc_signing_session_estimate_size:
 * @self: a #McSigningSession
 * @with_timestamp: whether room for a time-stamp token is needed
 *
 * The bytes to reserve for the signature in /Contents; see
 * mc_cms_estimate_size().
 *
 * Returns: an upper bound in bytes
 */
gsize
mc_signing_session_estimate_size (McSigningSession *self,
                                  gboolean          with_timestamp)
{
  gsize size;

  g_return_val_if_fail (MC_IS_SIGNING_SESSION (self), 0);

  g_mutex_lock (&self->lock);
  size = mc_cms_estimate_size (mc_signing_identity_get_certificate (self->identity), self->chain,
                               with_timestamp ? MC_CMS_TIMESTAMP_RESERVE : 0);
  g_mutex_unlock (&self->lock);
  return size;
}

static GBytes *
sign_locked (McSigningSession  *self,
             const guint8      *digest,
             gsize              digest_len,
             GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(McToken) token = NULL;
  McToken *listed = mc_signing_identity_get_token (self->identity);
  GBytes *cms;

  if (self->broken)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_TOKEN_REMOVED,
                   _("The token “%s” was removed during this batch. Insert it and sign "
                     "the remaining documents again; you will be asked for the PIN."),
                   mc_token_get_label (listed));
      return NULL;
    }
  if (self->key == NULL)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_SESSION_CLOSED,
                   _("The signing session is closed. Log in to the token again."));
      return NULL;
    }

  cms = mc_cms_sign_detached (self->key, mc_signing_identity_get_certificate (self->identity),
                              self->chain, digest, digest_len, &local_error);
  if (cms != NULL)
    {
      self->count++;
      return cms;
    }

  if (!g_error_matches (local_error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PKCS11))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* A failing token: pulled, or pulled and put back (then GnuTLS tried
   * to log in again and our callback, which no longer has the PIN,
   * refused). Either way this login is over. */
  token = mc_pkcs11_find_token_sync (mc_token_get_uri (listed), NULL);
  if (token == NULL || self->pin.calls > self->calls_at_login)
    {
      self->broken = TRUE;
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_TOKEN_REMOVED,
                   _("The token “%s” was removed during this batch. Insert it and sign "
                     "the remaining documents again; you will be asked for the PIN."),
                   mc_token_get_label (listed));
      return NULL;
    }

  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

/**
 * mc_signing_session_sign_sync:
 * @self: a logged-in #McSigningSession
 * @digest: (array length=digest_len): the SHA-256 of the document's byte
 *   ranges
 * @digest_len: 32
 * @level: %MC_PADES_LEVEL_B_B, or %MC_PADES_LEVEL_B_T (also for B-LT: the
 *   validation data goes into the document, not the signature; see
 *   mc_revocation_collect_sync())
 * @tsa_url: (nullable): the time-stamping server, needed from B-T up
 * @flags: #McSignFlags
 * @out_level: (out) (optional): the level reached
 * @out_warning: (out) (optional) (transfer full): why a lower level was
 *   reached, or %NULL
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Makes a detached CAdES signature (DER) over @digest for the PDF's
 * /Contents. A token pulled during the batch gives
 * %MC_SIGNING_ERROR_TOKEN_REMOVED for this and every later call; a TSA
 * failure gives %MC_SIGNING_ERROR_TSA unless
 * %MC_SIGN_FLAGS_ALLOW_LOWER_LEVEL is set.
 *
 * Returns: (transfer full): the CMS signature, or %NULL
 */
GBytes *
mc_signing_session_sign_sync (McSigningSession  *self,
                              const guint8      *digest,
                              gsize              digest_len,
                              McPadesLevel       level,
                              const char        *tsa_url,
                              McSignFlags        flags,
                              McPadesLevel      *out_level,
                              char             **out_warning,
                              GCancellable      *cancellable,
                              GError           **error)
{
  g_autoptr(GBytes) cms = NULL;
  g_autoptr(GError) tsa_error = NULL;
  GBytes *stamped;

  g_return_val_if_fail (MC_IS_SIGNING_SESSION (self), NULL);
  g_return_val_if_fail (digest != NULL, NULL);
  g_return_val_if_fail (level >= MC_PADES_LEVEL_B_B && level <= MC_PADES_LEVEL_B_LT, NULL);

  if (out_level != NULL)
    *out_level = MC_PADES_LEVEL_NONE;
  if (out_warning != NULL)
    *out_warning = NULL;

  if (level >= MC_PADES_LEVEL_B_T && (tsa_url == NULL || tsa_url[0] == '\0') &&
      !(flags & MC_SIGN_FLAGS_ALLOW_LOWER_LEVEL))
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_TSA,
                   _("No time-stamping server is set. Set one in the preferences, or "
                     "sign without a time-stamp."));
      return NULL;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  g_mutex_lock (&self->lock);
  cms = sign_locked (self, digest, digest_len, error);
  g_mutex_unlock (&self->lock);
  if (cms == NULL)
    return NULL;

  if (level == MC_PADES_LEVEL_B_B)
    {
      if (out_level != NULL)
        *out_level = MC_PADES_LEVEL_B_B;
      return g_steal_pointer (&cms);
    }

  if (tsa_url == NULL || tsa_url[0] == '\0')
    g_set_error (&tsa_error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_TSA,
                 _("No time-stamping server is set."));
  else
    {
      stamped = mc_cms_timestamp_sync (cms, tsa_url, cancellable, &tsa_error);
      if (stamped != NULL)
        {
          if (out_level != NULL)
            *out_level = MC_PADES_LEVEL_B_T;
          return stamped;
        }
    }

  if (!(flags & MC_SIGN_FLAGS_ALLOW_LOWER_LEVEL) ||
      g_error_matches (tsa_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&tsa_error));
      return NULL;
    }

  g_debug ("Falling back to B-B: %s", tsa_error->message);
  if (out_level != NULL)
    *out_level = MC_PADES_LEVEL_B_B;
  if (out_warning != NULL)
    *out_warning = g_strdup (tsa_error->message);
  return g_steal_pointer (&cms);
}

typedef struct {
  guint8 *digest;
  gsize digest_len;
  McPadesLevel level;
  char *tsa_url;
  McSignFlags flags;
  McPadesLevel out_level;
  char *warning;
} SignData;

static void
sign_data_free (SignData *data)
{
  g_free (data->digest);
  g_free (data->tsa_url);
  g_free (data->warning);
  g_free (data);
}

static void
sign_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SignData *data = task_data;
  GError *error = NULL;
  GBytes *cms;

  cms = mc_signing_session_sign_sync (source_object, data->digest, data->digest_len, data->level,
                                      data->tsa_url, data->flags, &data->out_level, &data->warning,
                                      cancellable, &error);
  if (cms == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, cms, (GDestroyNotify) g_bytes_unref);
}

/**
 * mc_signing_session_sign_async:
 * @self: a logged-in #McSigningSession
 * @digest: (array length=digest_len): the SHA-256 of the byte ranges
 * @digest_len: 32
 * @level: the PAdES level wanted
 * @tsa_url: (nullable): the time-stamping server
 * @flags: #McSignFlags
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Runs mc_signing_session_sign_sync() in a worker thread; calls on one
 * session run one at a time.
 */
void
mc_signing_session_sign_async (McSigningSession    *self,
                               const guint8        *digest,
                               gsize                digest_len,
                               McPadesLevel         level,
                               const char          *tsa_url,
                               McSignFlags          flags,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SignData *data;

  g_return_if_fail (MC_IS_SIGNING_SESSION (self));
  g_return_if_fail (digest != NULL);

  data = g_new0 (SignData, 1);
  data->digest = g_memdup2 (digest, digest_len);
  data->digest_len = digest_len;
  data->level = level;
  data->tsa_url = g_strdup (tsa_url);
  data->flags = flags;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_signing_session_sign_async);
  g_task_set_task_data (task, data, (GDestroyNotify) sign_data_free);
  g_task_run_in_thread (task, sign_thread);
}

/**
 * mc_signing_session_sign_finish:
 * @self: a #McSigningSession
 * @result: the #GAsyncResult
 * @out_level: (out) (optional): the level reached
 * @out_warning: (out) (optional) (transfer full): why a lower level was
 *   reached, or %NULL
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the CMS signature, or %NULL
 */
GBytes *
mc_signing_session_sign_finish (McSigningSession  *self,
                                GAsyncResult      *result,
                                McPadesLevel      *out_level,
                                char             **out_warning,
                                GError           **error)
{
  SignData *data;
  GBytes *cms;

  g_return_val_if_fail (MC_IS_SIGNING_SESSION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  data = g_task_get_task_data (G_TASK (result));
  cms = g_task_propagate_pointer (G_TASK (result), error);
  if (out_level != NULL)
    *out_level = cms ? data->out_level : MC_PADES_LEVEL_NONE;
  if (out_warning != NULL)
    *out_warning = cms ? g_strdup (data->warning) : NULL;
  return cms;
}

/**
 * mc_signing_session_get_signature_count:
 * @self: a #McSigningSession
 *
 * Returns: how many signatures this login made
 */
guint
mc_signing_session_get_signature_count (McSigningSession *self)
{
  guint count;

  g_return_val_if_fail (MC_IS_SIGNING_SESSION (self), 0);

  g_mutex_lock (&self->lock);
  count = self->count;
  g_mutex_unlock (&self->lock);
  return count;
}

/**
 * mc_signing_session_is_open:
 * @self: a #McSigningSession
 *
 * Returns: whether the session can still sign (not closed, token not
 *   pulled)
 */
gboolean
mc_signing_session_is_open (McSigningSession *self)
{
  gboolean open;

  g_return_val_if_fail (MC_IS_SIGNING_SESSION (self), FALSE);

  g_mutex_lock (&self->lock);
  open = self->key != NULL && !self->broken;
  g_mutex_unlock (&self->lock);
  return open;
}

/**
 * mc_signing_session_close:
 * @self: a #McSigningSession
 *
 * Closes the PKCS#11 session and logs out of the token. Safe to call
 * twice; also done when the last reference goes.
 */
void
mc_signing_session_close (McSigningSession *self)
{
  gboolean had_key, claimed;
  McToken *token;

  g_return_if_fail (MC_IS_SIGNING_SESSION (self));

  g_mutex_lock (&self->lock);
  had_key = self->key != NULL;
  g_clear_pointer (&self->key, gnutls_privkey_deinit);
  claimed = self->claimed;
  self->claimed = FALSE;
  g_mutex_unlock (&self->lock);

  if (self->identity == NULL)
    return;
  token = mc_signing_identity_get_token (self->identity);
  if (had_key)
    mc_pkcs11_logout (token);
  if (claimed)
    release_token (mc_token_get_uri (token));
}
