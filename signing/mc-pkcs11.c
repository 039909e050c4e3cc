/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Finds tokens and signing identities. Tokens come from p11-kit's module
 * registry (every module configured in /usr/share/p11-kit/modules,
 * /etc/pkcs11/modules or ~/.config/pkcs11/modules, the latter ignored for
 * root) plus driver files configured by path, read directly with
 * C_GetSlotList/C_GetTokenInfo because GnuTLS hides the PIN flags; the
 * certificates and keys on a token come from GnuTLS, which loads the same
 * registry. A certificate is offered for signing when its key usage allows
 * document signatures and a key with the same CKA_ID is on the token; a
 * token that shows no key objects before login gets the benefit of the
 * doubt, and a missing key is reported at login. */
#define G_LOG_DOMAIN "motcua-signing"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/pkcs11.h>
#include <p11-kit/p11-kit.h>
#include <p11-kit/uri.h>

#include "mc-certificate-private.h"
#include "mc-pkcs11.h"
#include "mc-pkcs11-private.h"
#include "mc-signing.h"
#include "mc-token-private.h"

static GMutex modules_lock;
static gboolean modules_loaded;
static CK_FUNCTION_LIST **modules;     /* NULL-terminated */
static gboolean registry_enabled = TRUE;
static char **extra_paths;
static GHashTable *extra_names;        /* CK_FUNCTION_LIST * → name */

/**
 * mc_pkcs11_configure:
 * @module_paths: (nullable) (array zero-terminated=1): PKCS#11 driver
 *   files to load besides (or instead of) p11-kit's registered modules,
 *   e.g. a token vendor's driver its installer did not register
 * @use_registry: whether to load the modules p11-kit registers
 * @error: return location for a #GError
 *
 * Sets which token drivers are used. Call it once, before anything else
 * of the library touches a token; without it, every module p11-kit
 * registers is used.
 *
 * Returns: %TRUE on success, %FALSE if tokens were already in use
 */
gboolean
mc_pkcs11_configure (const char * const  *module_paths,
                     gboolean             use_registry,
                     GError             **error)
{
  int ret;

  g_mutex_lock (&modules_lock);
  if (modules_loaded)
    {
      g_mutex_unlock (&modules_lock);
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PKCS11,
                   _("The token drivers are already loaded; restart the program to use "
                     "other drivers."));
      return FALSE;
    }
  registry_enabled = use_registry;
  g_strfreev (extra_paths);
  extra_paths = g_strdupv ((char **) module_paths);

  /* GnuTLS loads its own view of the same modules; tell it the same. */
  ret = gnutls_pkcs11_init (use_registry ? GNUTLS_PKCS11_FLAG_AUTO : GNUTLS_PKCS11_FLAG_MANUAL, NULL);
  for (guint i = 0; ret >= 0 && extra_paths != NULL && extra_paths[i] != NULL; i++)
    {
      ret = gnutls_pkcs11_add_provider (extra_paths[i], NULL);
      if (ret < 0)
        {
          g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PKCS11,
                       _("The token driver “%s” could not be loaded (%s)."),
                       extra_paths[i], gnutls_strerror (ret));
          g_mutex_unlock (&modules_lock);
          return FALSE;
        }
    }
  g_mutex_unlock (&modules_lock);

  if (ret < 0)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PKCS11,
                   _("The token drivers could not be loaded (%s)."), gnutls_strerror (ret));
      return FALSE;
    }
  return TRUE;
}

/* Loaded once and kept for the life of the process: p11-kit shares the
 * modules with GnuTLS, and finalizing them would close its sessions. */
static CK_FUNCTION_LIST **
registered_modules (GError **error)
{
  CK_FUNCTION_LIST **result;

  g_mutex_lock (&modules_lock);
  if (!modules_loaded)
    {
      g_autoptr(GPtrArray) all = g_ptr_array_new ();

      if (registry_enabled)
        {
          CK_FUNCTION_LIST **registered = p11_kit_modules_load_and_initialize (0);

          if (registered == NULL)
            {
              const char *msg = p11_kit_message ();

              g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PKCS11,
                           _("The token drivers (PKCS#11 modules) could not be loaded: %s"),
                           msg ? msg : _("unknown error"));
              g_mutex_unlock (&modules_lock);
              return NULL;
            }
          for (guint i = 0; registered[i] != NULL; i++)
            g_ptr_array_add (all, registered[i]);
          /* The array only; the modules stay loaded. */
          free (registered);
        }

      extra_names = g_hash_table_new_full (NULL, NULL, NULL, g_free);
      for (guint i = 0; extra_paths != NULL && extra_paths[i] != NULL; i++)
        {
          CK_FUNCTION_LIST *module = p11_kit_module_load (extra_paths[i], 0);
          CK_RV rv;

          if (module == NULL)
            {
              g_debug ("Cannot load %s: %s", extra_paths[i], p11_kit_message ());
              continue;
            }
          rv = p11_kit_module_initialize (module);
          if (rv != CKR_OK)
            {
              g_debug ("Cannot initialize %s: %s", extra_paths[i], p11_kit_strerror (rv));
              p11_kit_module_release (module);
              continue;
            }
          g_hash_table_insert (extra_names, module, g_path_get_basename (extra_paths[i]));
          g_ptr_array_add (all, module);
        }

      g_ptr_array_add (all, NULL);
      modules = (CK_FUNCTION_LIST **) g_ptr_array_free (g_steal_pointer (&all), FALSE);
      modules_loaded = TRUE;
    }
  result = modules;
  g_mutex_unlock (&modules_lock);
  return result;
}

/* p11-kit's config name for registered modules, the file name for the
 * ones configured by path. */
static char *
module_name (CK_FUNCTION_LIST *module)
{
  const char *extra = extra_names ? g_hash_table_lookup (extra_names, module) : NULL;
  char *name;
  char *copy;

  if (extra != NULL)
    return g_strdup (extra);
  name = p11_kit_module_get_name (module);
  copy = g_strdup (name ? name : "");
  free (name);
  return copy;
}

static void
scan_module (CK_FUNCTION_LIST *module,
             GPtrArray        *tokens)
{
  g_autofree CK_SLOT_ID *slots = NULL;
  g_autofree char *description = NULL;
  g_autofree char *name = module_name (module);
  CK_ULONG count = 0;
  CK_INFO info;
  CK_RV rv = CKR_OK;

  if (module->C_GetInfo (&info) == CKR_OK)
    {
      char *desc = p11_kit_space_strdup (info.libraryDescription, sizeof info.libraryDescription);

      description = g_strdup (desc);
      free (desc);
    }

  for (int attempt = 0; attempt < 3; attempt++)
    {
      rv = module->C_GetSlotList (CK_TRUE, NULL, &count);
      if (rv != CKR_OK || count == 0)
        break;
      g_free (slots);
      slots = g_new0 (CK_SLOT_ID, count);
      rv = module->C_GetSlotList (CK_TRUE, slots, &count);
      if (rv != CKR_BUFFER_TOO_SMALL)
        break;
    }
  if (rv != CKR_OK)
    {
      g_debug ("C_GetSlotList of module %s: %s", name, p11_kit_strerror (rv));
      count = 0;
    }

  for (CK_ULONG i = 0; i < count; i++)
    {
      CK_SLOT_INFO slot_info;
      CK_TOKEN_INFO token_info;

      if (module->C_GetSlotInfo (slots[i], &slot_info) != CKR_OK)
        continue;
      if ((slot_info.flags & CKF_TOKEN_PRESENT) == 0)
        continue;
      rv = module->C_GetTokenInfo (slots[i], &token_info);
      if (rv != CKR_OK)
        {
          g_debug ("C_GetTokenInfo of module %s slot %lu: %s", name, slots[i], p11_kit_strerror (rv));
          continue;
        }
      if ((token_info.flags & CKF_TOKEN_INITIALIZED) == 0)
        continue;
      g_ptr_array_add (tokens, mc_token_new (name, description, slots[i], &slot_info, &token_info));
    }
}

/**
 * mc_pkcs11_list_modules_sync:
 * @out_names: (out) (transfer full): the module names (p11-kit's config
 *   names, or the file names of modules configured by path)
 * @out_descriptions: (out) (transfer full) (optional): each module's own
 *   description (CK_INFO), in the same order
 * @error: return location for a #GError
 *
 * Lists the token drivers in use, inserted token or not, e.g. for
 * `motcua-cli tokens` to show that a vendor's driver is loaded.
 *
 * Returns: %TRUE on success
 */
gboolean
mc_pkcs11_list_modules_sync (GStrv   *out_names,
                             GStrv   *out_descriptions,
                             GError **error)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) descriptions = g_strv_builder_new ();
  CK_FUNCTION_LIST **mods;

  g_return_val_if_fail (out_names != NULL, FALSE);

  mods = registered_modules (error);
  if (mods == NULL)
    return FALSE;
  for (guint i = 0; mods[i] != NULL; i++)
    {
      g_autofree char *name = module_name (mods[i]);
      g_autofree char *description = NULL;
      CK_INFO info;

      if (mods[i]->C_GetInfo (&info) == CKR_OK)
        {
          char *desc = p11_kit_space_strdup (info.libraryDescription, sizeof info.libraryDescription);

          description = g_strdup (desc ? desc : "");
          free (desc);
        }
      g_strv_builder_add (names, name);
      g_strv_builder_add (descriptions, description ? description : "");
    }

  *out_names = g_strv_builder_end (names);
  if (out_descriptions != NULL)
    *out_descriptions = g_strv_builder_end (descriptions);
  return TRUE;
}

/**
 * mc_pkcs11_list_tokens_sync:
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Lists the initialized tokens present in every module p11-kit registers.
 * Blocks on the drivers: call from a worker thread or use
 * mc_pkcs11_list_tokens_async().
 *
 * Returns: (transfer full) (element-type McToken): the tokens (maybe
 *   none), or %NULL when the modules cannot be loaded
 */
GPtrArray *
mc_pkcs11_list_tokens_sync (GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_object_unref);
  CK_FUNCTION_LIST **mods;

  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  mods = registered_modules (error);
  if (mods == NULL)
    return NULL;

  for (guint i = 0; mods[i] != NULL; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      scan_module (mods[i], tokens);
    }

  return g_steal_pointer (&tokens);
}

static void
list_tokens_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *tokens = mc_pkcs11_list_tokens_sync (cancellable, &error);

  if (tokens == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, tokens, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * mc_pkcs11_list_tokens_async:
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Runs mc_pkcs11_list_tokens_sync() in a worker thread.
 */
void
mc_pkcs11_list_tokens_async (GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, mc_pkcs11_list_tokens_async);
  g_task_run_in_thread (task, list_tokens_thread);
}

/**
 * mc_pkcs11_list_tokens_finish:
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type McToken): the tokens, or %NULL
 */
GPtrArray *
mc_pkcs11_list_tokens_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * mc_pkcs11_find_token_sync:
 * @token_uri: a PKCS#11 token URI (e.g. from mc_token_get_uri())
 * @error: return location for a #GError
 *
 * Reads the token again, e.g. for its current PIN flags or to see that it
 * is still inserted.
 *
 * Returns: (transfer full): the token as it is now, or %NULL with
 *   %MC_SIGNING_ERROR_TOKEN_NOT_PRESENT
 */
McToken *
mc_pkcs11_find_token_sync (const char  *token_uri,
                           GError     **error)
{
  g_autoptr(GPtrArray) tokens = NULL;
  P11KitUri *uri;
  McToken *found = NULL;

  g_return_val_if_fail (token_uri != NULL, NULL);

  uri = p11_kit_uri_new ();
  if (p11_kit_uri_parse (token_uri, P11_KIT_URI_FOR_TOKEN, uri) != P11_KIT_URI_OK)
    {
      p11_kit_uri_free (uri);
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_FAILED,
                   _("“%s” is not a PKCS#11 token address."), token_uri);
      return NULL;
    }

  tokens = mc_pkcs11_list_tokens_sync (NULL, error);
  if (tokens != NULL)
    for (guint i = 0; i < tokens->len && found == NULL; i++)
      if (p11_kit_uri_match_token_info (uri, (CK_TOKEN_INFO *) mc_token_get_info (g_ptr_array_index (tokens, i))))
        found = g_object_ref (g_ptr_array_index (tokens, i));
  p11_kit_uri_free (uri);

  if (found == NULL && tokens != NULL)
    g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_TOKEN_NOT_PRESENT,
                 _("The token is not inserted. Insert it and try again."));
  return found;
}

static GBytes *
object_id (gnutls_pkcs11_obj_t obj)
{
  guint8 buf[256];
  size_t size = sizeof buf;

  if (gnutls_pkcs11_obj_get_info (obj, GNUTLS_PKCS11_OBJ_ID, buf, &size) < 0)
    return NULL;
  return g_bytes_new (buf, size);
}

static char *
object_label (gnutls_pkcs11_obj_t obj)
{
  char buf[256];
  size_t size = sizeof buf;

  if (gnutls_pkcs11_obj_get_info (obj, GNUTLS_PKCS11_OBJ_LABEL, buf, &size) < 0)
    return NULL;
  buf[MIN (size, sizeof buf - 1)] = '\0';
  return g_utf8_validate (buf, -1, NULL) ? g_strdup (buf) : NULL;
}

static char *
object_url (gnutls_pkcs11_obj_t obj)
{
  char *url = NULL;
  char *copy;

  if (gnutls_pkcs11_obj_export_url (obj, GNUTLS_PKCS11_URL_GENERIC, &url) < 0)
    return NULL;
  copy = g_strdup (url);
  gnutls_free (url);
  return copy;
}

typedef struct {
  gnutls_pkcs11_obj_t *objs;
  unsigned int n;
} ObjList;

static void
obj_list_clear (ObjList *list)
{
  for (unsigned int i = 0; i < list->n; i++)
    gnutls_pkcs11_obj_deinit (list->objs[i]);
  gnutls_free (list->objs);
  list->objs = NULL;
  list->n = 0;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ObjList, obj_list_clear)

/* The private key URI for a certificate URI: same token and CKA_ID. */
static char *
key_uri_for (const char *cert_url)
{
  P11KitUri *uri = p11_kit_uri_new ();
  CK_OBJECT_CLASS klass = CKO_PRIVATE_KEY;
  CK_ATTRIBUTE attr = { CKA_CLASS, &klass, sizeof klass };
  char *out = NULL;
  char *copy = NULL;

  if (p11_kit_uri_parse (cert_url, P11_KIT_URI_FOR_OBJECT_ON_TOKEN, uri) == P11_KIT_URI_OK &&
      p11_kit_uri_set_attribute (uri, &attr) == P11_KIT_URI_OK)
    {
      p11_kit_uri_clear_attribute (uri, CKA_LABEL);
      if (p11_kit_uri_format (uri, P11_KIT_URI_FOR_OBJECT_ON_TOKEN, &out) == P11_KIT_URI_OK)
        {
          copy = g_strdup (out);
          free (out);
        }
    }
  p11_kit_uri_free (uri);
  return copy;
}

static void
identities_on_token (McToken   *token,
                     GPtrArray *identities)
{
  g_auto(ObjList) certs = { NULL, 0 };
  g_auto(ObjList) privkeys = { NULL, 0 };
  g_auto(ObjList) pubkeys = { NULL, 0 };
  g_autoptr(GPtrArray) pool = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) pool_objs = g_ptr_array_new ();
  const char *uri = mc_token_get_uri (token);
  int ret;

  ret = gnutls_pkcs11_obj_list_import_url4 (&certs.objs, &certs.n, uri, GNUTLS_PKCS11_OBJ_FLAG_CRT);
  if (ret < 0)
    {
      g_debug ("Listing certificates on %s: %s", uri, gnutls_strerror (ret));
      return;
    }
  /* Without a login, tokens often hide private keys but show public
   * ones; both carry the certificate's CKA_ID. */
  gnutls_pkcs11_obj_list_import_url4 (&privkeys.objs, &privkeys.n, uri, GNUTLS_PKCS11_OBJ_FLAG_PRIVKEY);
  gnutls_pkcs11_obj_list_import_url4 (&pubkeys.objs, &pubkeys.n, uri, GNUTLS_PKCS11_OBJ_FLAG_PUBKEY);

  for (unsigned int i = 0; i < certs.n; i++)
    {
      gnutls_datum_t der = { NULL, 0 };
      McCertificate *cert = NULL;

      if (gnutls_pkcs11_obj_export3 (certs.objs[i], GNUTLS_X509_FMT_DER, &der) >= 0)
        {
          g_autoptr(GBytes) bytes = g_bytes_new (der.data, der.size);

          cert = mc_certificate_new_from_der (bytes, NULL);
          gnutls_free (der.data);
        }
      if (cert != NULL)
        {
          g_ptr_array_add (pool, cert);
          g_ptr_array_add (pool_objs, certs.objs[i]);
        }
    }

  for (guint i = 0; i < pool->len; i++)
    {
      McCertificate *cert = g_ptr_array_index (pool, i);
      gnutls_pkcs11_obj_t obj = g_ptr_array_index (pool_objs, i);
      g_autoptr(GBytes) id = object_id (obj);
      g_autofree char *cert_url = NULL;
      g_autofree char *key_url = NULL;
      g_autofree char *label = NULL;
      g_autoptr(GPtrArray) chain = NULL;
      gboolean key_seen = FALSE;

      if (!mc_certificate_can_sign (cert) || id == NULL || g_bytes_get_size (id) == 0)
        continue;

      for (unsigned int k = 0; k < privkeys.n && key_url == NULL; k++)
        {
          g_autoptr(GBytes) kid = object_id (privkeys.objs[k]);

          if (kid != NULL && g_bytes_equal (kid, id))
            key_url = object_url (privkeys.objs[k]);
        }
      for (unsigned int k = 0; k < pubkeys.n && !key_seen; k++)
        {
          g_autoptr(GBytes) kid = object_id (pubkeys.objs[k]);

          key_seen = kid != NULL && g_bytes_equal (kid, id);
        }
      if (key_url == NULL && !key_seen && (privkeys.n > 0 || pubkeys.n > 0))
        continue;

      cert_url = object_url (obj);
      if (cert_url == NULL)
        continue;
      if (key_url == NULL)
        key_url = key_uri_for (cert_url);
      if (key_url == NULL)
        continue;

      label = object_label (obj);
      chain = mc_certificate_build_chain (cert, pool, NULL);
      g_ptr_array_remove_index (chain, 0);
      g_ptr_array_add (identities, mc_signing_identity_new (token, cert, cert_url, key_url, label, chain));
    }
}

/**
 * mc_pkcs11_list_identities_sync:
 * @token: (nullable): a token, or %NULL for every token present
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Lists the certificates that may sign documents and whose private key is
 * on the token. Needs no PIN. Blocks on the drivers: call from a worker
 * thread or use mc_pkcs11_list_identities_async().
 *
 * Returns: (transfer full) (element-type McSigningIdentity): the
 *   identities (maybe none), or %NULL on error
 */
GPtrArray *
mc_pkcs11_list_identities_sync (McToken       *token,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_autoptr(GPtrArray) identities = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) tokens = NULL;

  g_return_val_if_fail (token == NULL || MC_IS_TOKEN (token), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  if (token != NULL)
    {
      McToken *current = mc_pkcs11_find_token_sync (mc_token_get_uri (token), error);

      if (current == NULL)
        return NULL;
      tokens = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (tokens, current);
    }
  else
    {
      tokens = mc_pkcs11_list_tokens_sync (cancellable, error);
      if (tokens == NULL)
        return NULL;
    }

  for (guint i = 0; i < tokens->len; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      identities_on_token (g_ptr_array_index (tokens, i), identities);
    }

  return g_steal_pointer (&identities);
}

static void
list_identities_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *identities = mc_pkcs11_list_identities_sync (task_data, cancellable, &error);

  if (identities == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, identities, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * mc_pkcs11_list_identities_async:
 * @token: (nullable): a token, or %NULL for every token present
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Runs mc_pkcs11_list_identities_sync() in a worker thread.
 */
void
mc_pkcs11_list_identities_async (McToken             *token,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (token == NULL || MC_IS_TOKEN (token));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_pkcs11_list_identities_async);
  if (token != NULL)
    g_task_set_task_data (task, g_object_ref (token), g_object_unref);
  g_task_run_in_thread (task, list_identities_thread);
}

/**
 * mc_pkcs11_list_identities_finish:
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type McSigningIdentity): the
 *   identities, or %NULL
 */
GPtrArray *
mc_pkcs11_list_identities_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Logs the application out of @token (all its sessions share the login
 * state), so a closed signing session leaves nothing logged in. */
void
mc_pkcs11_logout (McToken *token)
{
  CK_FUNCTION_LIST **mods = registered_modules (NULL);

  if (mods == NULL)
    return;
  for (guint i = 0; mods[i] != NULL; i++)
    {
      g_autofree char *name = module_name (mods[i]);
      gboolean match = g_strcmp0 (name, mc_token_get_module_name (token)) == 0;
      CK_SESSION_HANDLE session;
      CK_TOKEN_INFO info;
      P11KitUri *uri;

      if (!match)
        continue;

      /* Only if the slot still holds the same token. */
      if (mods[i]->C_GetTokenInfo (mc_token_get_slot_id (token), &info) != CKR_OK)
        continue;
      uri = p11_kit_uri_new ();
      memcpy (p11_kit_uri_get_token_info (uri), mc_token_get_info (token), sizeof info);
      match = p11_kit_uri_match_token_info (uri, &info);
      p11_kit_uri_free (uri);
      if (!match)
        continue;

      if (mods[i]->C_OpenSession (mc_token_get_slot_id (token), CKF_SERIAL_SESSION,
                                  NULL, NULL, &session) == CKR_OK)
        {
          CK_RV rv = mods[i]->C_Logout (session);

          if (rv != CKR_OK && rv != CKR_USER_NOT_LOGGED_IN)
            g_debug ("C_Logout: %s", p11_kit_strerror (rv));
          mods[i]->C_CloseSession (session);
        }
    }
}
