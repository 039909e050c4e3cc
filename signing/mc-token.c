/* SPDX-License-Identifier: GPL-3.0-or-later */
/* McToken is a snapshot of one token in one slot: the module registry
 * makes a fresh one on every scan, and the token monitor compares them to
 * tell an inserted, pulled or changed token. The PIN flags come straight
 * from CK_TOKEN_INFO because GnuTLS does not expose them, and the PIN
 * dialog has to warn about a low try count or a lock before the user
 * types. */
#define G_LOG_DOMAIN "motcua-signing"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <p11-kit/p11-kit.h>
#include <p11-kit/uri.h>

#include "mc-token-private.h"

struct _McToken
{
  GObject parent_instance;

  char *module_name;
  char *module_description;
  CK_SLOT_ID slot_id;
  char *slot_description;
  CK_FLAGS slot_flags;
  CK_TOKEN_INFO info;
  char *label;
  char *manufacturer;
  char *model;
  char *serial;
  char *uri;
};

G_DEFINE_FINAL_TYPE (McToken, mc_token, G_TYPE_OBJECT)

static void
mc_token_finalize (GObject *object)
{
  McToken *self = MC_TOKEN (object);

  g_free (self->module_name);
  g_free (self->module_description);
  g_free (self->slot_description);
  g_free (self->label);
  g_free (self->manufacturer);
  g_free (self->model);
  g_free (self->serial);
  g_free (self->uri);

  G_OBJECT_CLASS (mc_token_parent_class)->finalize (object);
}

static void
mc_token_class_init (McTokenClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mc_token_finalize;
}

static void
mc_token_init (McToken *self)
{
}

/* PKCS#11 strings are blank-padded and not terminated; some modules put
 * Latin-1 in them. */
static char *
padded_string (const unsigned char *data,
               gsize                len)
{
  char *raw = p11_kit_space_strdup (data, len);
  char *s;

  if (raw == NULL)
    return g_strdup ("");
  if (g_utf8_validate (raw, -1, NULL))
    s = g_strdup (raw);
  else
    s = g_convert (raw, -1, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
  free (raw);
  return s ? s : g_strdup ("");
}

McToken *
mc_token_new (const char          *module_name,
              const char          *module_description,
              CK_SLOT_ID           slot_id,
              const CK_SLOT_INFO  *slot_info,
              const CK_TOKEN_INFO *token_info)
{
  McToken *self = g_object_new (MC_TYPE_TOKEN, NULL);
  P11KitUri *uri = p11_kit_uri_new ();
  char *uri_string = NULL;

  self->module_name = g_strdup (module_name ? module_name : "");
  self->module_description = g_strdup (module_description ? module_description : "");
  self->slot_id = slot_id;
  self->slot_description = slot_info ? padded_string (slot_info->slotDescription,
                                                      sizeof slot_info->slotDescription)
                                     : g_strdup ("");
  self->slot_flags = slot_info ? slot_info->flags : 0;
  memcpy (&self->info, token_info, sizeof self->info);
  self->label = padded_string (token_info->label, sizeof token_info->label);
  self->manufacturer = padded_string (token_info->manufacturerID, sizeof token_info->manufacturerID);
  self->model = padded_string (token_info->model, sizeof token_info->model);
  self->serial = padded_string (token_info->serialNumber, sizeof token_info->serialNumber);

  memcpy (p11_kit_uri_get_token_info (uri), token_info, sizeof *token_info);
  if (p11_kit_uri_format (uri, P11_KIT_URI_FOR_TOKEN, &uri_string) == P11_KIT_URI_OK)
    {
      self->uri = g_strdup (uri_string);
      free (uri_string);
    }
  else
    self->uri = g_strdup ("pkcs11:");
  p11_kit_uri_free (uri);

  return self;
}

const CK_TOKEN_INFO *
mc_token_get_info (McToken *self)
{
  return &self->info;
}

/**
 * mc_token_get_module_name:
 * @self: a #McToken
 *
 * Returns: the p11-kit name of the module (its config file name, e.g.
 *   "softhsm2")
 */
const char *
mc_token_get_module_name (McToken *self)
{
  g_return_val_if_fail (MC_IS_TOKEN (self), NULL);
  return self->module_name;
}

/**
 * mc_token_get_module_description:
 * @self: a #McToken
 *
 * Returns: the module's own description (CK_INFO)
 */
const char *
mc_token_get_module_description (McToken *self)
{
  g_return_val_if_fail (MC_IS_TOKEN (self), NULL);
  return self->module_description;
}

/**
 * mc_token_get_slot_id:
 * @self: a #McToken
 *
 * Returns: the PKCS#11 slot id within its module
 */
gulong
mc_token_get_slot_id (McToken *self)
{
  g_return_val_if_fail (MC_IS_TOKEN (self), 0);
  return self->slot_id;
}

/**
 * mc_token_get_slot_description:
 * @self: a #McToken
 *
 * Returns: the slot (reader) description
 */
const char *
mc_token_get_slot_description (McToken *self)
{
  g_return_val_if_fail (MC_IS_TOKEN (self), NULL);
  return self->slot_description;
}

/**
 * mc_token_get_label:
 * @self: a #McToken
 *
 * Returns: the token label
 */
const char *
mc_token_get_label (McToken *self)
{
  g_return_val_if_fail (MC_IS_TOKEN (self), NULL);
  return self->label;
}

/**
 * mc_token_get_manufacturer:
 * @self: a #McToken
 *
 * Returns: the token manufacturer
 */
const char *
mc_token_get_manufacturer (McToken *self)
{
  g_return_val_if_fail (MC_IS_TOKEN (self), NULL);
  return self->manufacturer;
}

/**
 * mc_token_get_model:
 * @self: a #McToken
 *
 * Returns: the token model
 */
const char *
mc_token_get_model (McToken *self)
{
  g_return_val_if_fail (MC_IS_TOKEN (self), NULL);
  return self->model;
}

/**
 * mc_token_get_serial:
 * @self: a #McToken
 *
 * Returns: the token serial number
 */
const char *
mc_token_get_serial (McToken *self)
{
  g_return_val_if_fail (MC_IS_TOKEN (self), NULL);
  return self->serial;
}

/**
 * mc_token_get_uri:
 * @self: a #McToken
 *
 * Returns: the token's PKCS#11 URI (RFC 7512), e.g.
 *   "pkcs11:model=…;manufacturer=…;serial=…;token=…"
 */
const char *
mc_token_get_uri (McToken *self)
{
  g_return_val_if_fail (MC_IS_TOKEN (self), NULL);
  return self->uri;
}

/**
 * mc_token_get_pin_flags:
 * @self: a #McToken
 *
 * Returns: the user PIN state when the token was read
 */
McPinFlags
mc_token_get_pin_flags (McToken *self)
{
  McPinFlags flags = MC_PIN_FLAGS_NONE;

  g_return_val_if_fail (MC_IS_TOKEN (self), MC_PIN_FLAGS_NONE);

  if (self->info.flags & CKF_USER_PIN_COUNT_LOW)
    flags |= MC_PIN_FLAGS_COUNT_LOW;
  if (self->info.flags & CKF_USER_PIN_FINAL_TRY)
    flags |= MC_PIN_FLAGS_FINAL_TRY;
  if (self->info.flags & CKF_USER_PIN_LOCKED)
    flags |= MC_PIN_FLAGS_LOCKED;
  if (self->info.flags & CKF_USER_PIN_TO_BE_CHANGED)
    flags |= MC_PIN_FLAGS_TO_BE_CHANGED;
  return flags;
}

/**
 * mc_token_get_login_required:
 * @self: a #McToken
 *
 * Returns: whether signing needs a PIN (CKF_LOGIN_REQUIRED)
 */
gboolean
mc_token_get_login_required (McToken *self)
{
  g_return_val_if_fail (MC_IS_TOKEN (self), FALSE);
  return (self->info.flags & CKF_LOGIN_REQUIRED) != 0;
}

/**
 * mc_token_has_pin_pad:
 * @self: a #McToken
 *
 * Returns: whether the PIN is typed on the reader itself
 *   (CKF_PROTECTED_AUTHENTICATION_PATH); then the PIN given to
 *   mc_signing_session_open_sync() is %NULL
 */
gboolean
mc_token_has_pin_pad (McToken *self)
{
  g_return_val_if_fail (MC_IS_TOKEN (self), FALSE);
  return (self->info.flags & CKF_PROTECTED_AUTHENTICATION_PATH) != 0;
}

/**
 * mc_token_is_removable:
 * @self: a #McToken
 *
 * Returns: whether the slot says its token can be pulled
 */
gboolean
mc_token_is_removable (McToken *self)
{
  g_return_val_if_fail (MC_IS_TOKEN (self), FALSE);
  return (self->slot_flags & CKF_REMOVABLE_DEVICE) != 0;
}

/**
 * mc_token_get_min_pin_length:
 * @self: a #McToken
 *
 * Returns: the shortest PIN the token takes
 */
gulong
mc_token_get_min_pin_length (McToken *self)
{
  g_return_val_if_fail (MC_IS_TOKEN (self), 0);
  return self->info.ulMinPinLen;
}

/**
 * mc_token_get_max_pin_length:
 * @self: a #McToken
 *
 * Returns: the longest PIN the token takes
 */
gulong
mc_token_get_max_pin_length (McToken *self)
{
  g_return_val_if_fail (MC_IS_TOKEN (self), 0);
  return self->info.ulMaxPinLen;
}

/**
 * mc_token_get_pin_message:
 * @self: a #McToken
 *
 * What the PIN dialog should say about the PIN state before the user
 * types, most serious first.
 *
 * Returns: (transfer full) (nullable): a translated sentence, or %NULL
 *   when there is nothing to warn about
 */
char *
mc_token_get_pin_message (McToken *self)
{
  McPinFlags flags;

  g_return_val_if_fail (MC_IS_TOKEN (self), NULL);

  flags = mc_token_get_pin_flags (self);
  if (flags & MC_PIN_FLAGS_LOCKED)
    return g_strdup_printf (_("The PIN of “%s” is locked after too many wrong tries. "
                              "Ask the certificate authority or your IT staff to unlock "
                              "it with the SO PIN (PUK)."), self->label);
  if (flags & MC_PIN_FLAGS_FINAL_TRY)
    return g_strdup (_("Last try: one more wrong PIN will lock the token."));
  if (flags & MC_PIN_FLAGS_COUNT_LOW)
    return g_strdup (_("A wrong PIN was entered before: only a few tries remain "
                       "before the token locks."));
  if (flags & MC_PIN_FLAGS_TO_BE_CHANGED)
    return g_strdup (_("The token asks for its PIN to be changed. Change it with the "
                       "token vendor’s tool before signing."));
  return NULL;
}

/**
 * mc_token_is_same:
 * @self: a #McToken
 * @other: another #McToken
 *
 * Whether both describe the same physical token in the same module
 * (label, manufacturer, model and serial), whatever its state.
 *
 * Returns: %TRUE if they are the same token
 */
gboolean
mc_token_is_same (McToken *self,
                  McToken *other)
{
  g_return_val_if_fail (MC_IS_TOKEN (self), FALSE);
  g_return_val_if_fail (MC_IS_TOKEN (other), FALSE);

  return g_strcmp0 (self->module_name, other->module_name) == 0 &&
         g_strcmp0 (self->uri, other->uri) == 0;
}

/* Same token with the same flags: nothing for the monitor to report. */
gboolean
mc_token_same_state (McToken *self,
                     McToken *other)
{
  return mc_token_is_same (self, other) &&
         self->slot_id == other->slot_id &&
         self->info.flags == other->info.flags;
}
