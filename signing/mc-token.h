/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A PKCS#11 token (USB signing key) as p11-kit's registered modules see
 * it: which module and slot, its label and serial, and the PIN state the
 * PIN dialog must tell the user before they type. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * McPinFlags:
 * @MC_PIN_FLAGS_NONE: nothing to say
 * @MC_PIN_FLAGS_COUNT_LOW: a wrong PIN was entered since the last good one
 *   (CKF_USER_PIN_COUNT_LOW)
 * @MC_PIN_FLAGS_FINAL_TRY: one more wrong PIN locks the token
 *   (CKF_USER_PIN_FINAL_TRY)
 * @MC_PIN_FLAGS_LOCKED: the user PIN is locked (CKF_USER_PIN_LOCKED)
 * @MC_PIN_FLAGS_TO_BE_CHANGED: the PIN must be changed before use
 *   (CKF_USER_PIN_TO_BE_CHANGED)
 *
 * The user PIN state of a token.
 */
typedef enum {
  MC_PIN_FLAGS_NONE = 0,
  MC_PIN_FLAGS_COUNT_LOW = 1 << 0,
  MC_PIN_FLAGS_FINAL_TRY = 1 << 1,
  MC_PIN_FLAGS_LOCKED = 1 << 2,
  MC_PIN_FLAGS_TO_BE_CHANGED = 1 << 3,
} McPinFlags;

#define MC_TYPE_TOKEN (mc_token_get_type ())
G_DECLARE_FINAL_TYPE (McToken, mc_token, MC, TOKEN, GObject)

const char *mc_token_get_module_name        (McToken  *self);
const char *mc_token_get_module_description (McToken  *self);
gulong      mc_token_get_slot_id            (McToken  *self);
const char *mc_token_get_slot_description   (McToken  *self);
const char *mc_token_get_label              (McToken  *self);
const char *mc_token_get_manufacturer       (McToken  *self);
const char *mc_token_get_model              (McToken  *self);
const char *mc_token_get_serial             (McToken  *self);
const char *mc_token_get_uri                (McToken  *self);
McPinFlags  mc_token_get_pin_flags          (McToken  *self);
gboolean    mc_token_get_login_required     (McToken  *self);
gboolean    mc_token_has_pin_pad            (McToken  *self);
gboolean    mc_token_is_removable           (McToken  *self);
gulong      mc_token_get_min_pin_length     (McToken  *self);
gulong      mc_token_get_max_pin_length     (McToken  *self);
char       *mc_token_get_pin_message        (McToken  *self);
gboolean    mc_token_is_same                (McToken  *self,
                                             McToken  *other);

G_END_DECLS
