/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A certificate on a token whose private key may sign documents: what the
 * user picks in the signing dialog. */
#pragma once

#include <glib-object.h>

#include "mc-certificate.h"
#include "mc-token.h"

G_BEGIN_DECLS

#define MC_TYPE_SIGNING_IDENTITY (mc_signing_identity_get_type ())
G_DECLARE_FINAL_TYPE (McSigningIdentity, mc_signing_identity, MC, SIGNING_IDENTITY, GObject)

McSigningIdentity *mc_signing_identity_new                 (McToken            *token,
                                                            McCertificate      *certificate,
                                                            const char         *certificate_uri,
                                                            const char         *key_uri,
                                                            const char         *label,
                                                            GPtrArray          *chain);
McToken           *mc_signing_identity_get_token           (McSigningIdentity  *self);
McCertificate     *mc_signing_identity_get_certificate     (McSigningIdentity  *self);
const char        *mc_signing_identity_get_certificate_uri (McSigningIdentity  *self);
const char        *mc_signing_identity_get_key_uri         (McSigningIdentity  *self);
const char        *mc_signing_identity_get_label           (McSigningIdentity  *self);
GPtrArray         *mc_signing_identity_get_chain           (McSigningIdentity  *self);

G_END_DECLS
