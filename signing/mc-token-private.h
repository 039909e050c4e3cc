/* SPDX-License-Identifier: GPL-3.0-or-later */
/* How the module registry makes McToken objects, and what it keeps of the
 * raw PKCS#11 token info for matching token URIs. */
#pragma once

#include <p11-kit/pkcs11.h>

#include "mc-token.h"

G_BEGIN_DECLS

McToken             *mc_token_new            (const char           *module_name,
                                              const char           *module_description,
                                              CK_SLOT_ID            slot_id,
                                              const CK_SLOT_INFO   *slot_info,
                                              const CK_TOKEN_INFO  *token_info);
const CK_TOKEN_INFO *mc_token_get_info       (McToken              *self);
gboolean             mc_token_same_state     (McToken              *self,
                                              McToken              *other);

G_END_DECLS
