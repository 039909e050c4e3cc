/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the signing session needs of the module registry beyond the
 * public listing: an explicit logout from a token. */
#pragma once

#include "mc-token.h"

G_BEGIN_DECLS

void mc_pkcs11_logout (McToken *token);

G_END_DECLS
