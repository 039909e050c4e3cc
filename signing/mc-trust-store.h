/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The trust anchors signatures are checked against: the national root
 * CAs shipped in data/trust/ and anchors the user adds. */
#pragma once

#include <glib-object.h>

#include "mc-certificate.h"

G_BEGIN_DECLS

/**
 * McTrustOrigin:
 * @MC_TRUST_ORIGIN_NONE: not an anchor
 * @MC_TRUST_ORIGIN_SHIPPED: shipped with the program (data/trust/), or
 *   added by a program that did not say otherwise
 * @MC_TRUST_ORIGIN_USER: added by the user of this computer (their trust
 *   folder, or the folder `MOTCUA_TRUST_DIR` names)
 *
 * Where a trust anchor came from, so a report can say "trusted by you,
 * not shipped".
 */
typedef enum {
  MC_TRUST_ORIGIN_NONE,
  MC_TRUST_ORIGIN_SHIPPED,
  MC_TRUST_ORIGIN_USER,
} McTrustOrigin;

#define MC_TYPE_TRUST_STORE (mc_trust_store_get_type ())
G_DECLARE_FINAL_TYPE (McTrustStore, mc_trust_store, MC, TRUST_STORE, GObject)

McTrustStore *mc_trust_store_new             (void);
gboolean      mc_trust_store_add_directory   (McTrustStore   *self,
                                              const char     *path,
                                              GError        **error);
gboolean      mc_trust_store_add_file        (McTrustStore   *self,
                                              const char     *path,
                                              GError        **error);
void          mc_trust_store_add_certificate (McTrustStore   *self,
                                              McCertificate  *certificate);
gboolean      mc_trust_store_add_directory_from (McTrustStore *self,
                                                const char   *path,
                                                McTrustOrigin origin,
                                                GError      **error);
gboolean      mc_trust_store_add_environment (McTrustStore   *self,
                                              GError        **error);
McTrustOrigin mc_trust_store_get_origin      (McTrustStore   *self,
                                              McCertificate  *certificate);
McCertificate *mc_trust_store_find_user_anchor (McTrustStore *self,
                                                GPtrArray    *chain);
GPtrArray    *mc_trust_store_get_anchors     (McTrustStore   *self);
gboolean      mc_trust_store_contains        (McTrustStore   *self,
                                              McCertificate  *certificate);

G_END_DECLS
