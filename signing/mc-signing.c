/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The signing library's error domain and the crypto back end's version,
 * which `motcua-cli info` reports. */
#define G_LOG_DOMAIN "motcua-signing"

#include "config.h"

#include <gnutls/gnutls.h>

#include "mc-signing.h"

G_DEFINE_QUARK (mc-signing-error-quark, mc_signing_error)

const char *
mc_signing_gnutls_version (void)
{
  return gnutls_check_version (NULL);
}
