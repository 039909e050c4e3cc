/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The trust anchors signatures are checked against: the national root
 * CAs shipped in data/trust/ and anchors the user adds. */
#pragma once

#include <glib-object.h>

#include "mc-certificate.h"

G_BEGIN_DECLS

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
GPtrArray    *mc_trust_store_get_anchors     (McTrustStore   *self);
gboolean      mc_trust_store_contains        (McTrustStore   *self,
                                              McCertificate  *certificate);

G_END_DECLS
