/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The signing library's error domain, the names of the PAdES levels and
 * the crypto back end's version, which `motcua-cli info` reports. */
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

/**
 * mc_pades_level_to_string:
 * @level: a #McPadesLevel
 *
 * Gets the name of @level as ETSI writes it ("B-B", "B-T", "B-LT"); these
 * are not translated.
 *
 * Returns: a static string
 */
const char *
mc_pades_level_to_string (McPadesLevel level)
{
  switch (level)
    {
    case MC_PADES_LEVEL_B_B:
      return "B-B";
    case MC_PADES_LEVEL_B_T:
      return "B-T";
    case MC_PADES_LEVEL_B_LT:
      return "B-LT";
    case MC_PADES_LEVEL_NONE:
    default:
      return "none";
    }
}
