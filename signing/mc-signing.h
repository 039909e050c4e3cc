/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libmotcua-signing: PAdES signing and verification with PKCS#11 tokens.
 * This header holds what every part of the library shares. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MC_SIGNING_ERROR (mc_signing_error_quark ())

GQuark      mc_signing_error_quark     (void);
const char *mc_signing_gnutls_version  (void);

G_END_DECLS
