/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Filling an address mapper: for the store, which reads the units from
 * the workspace (app/store/mc-admin-units-repo.c). */
#pragma once

#include "mc-old-address.h"

G_BEGIN_DECLS

McAddressMapper *mc_address_mapper_new             (void);
void             mc_address_mapper_add_province    (McAddressMapper    *mapper,
                                                    const char         *code,
                                                    const char         *name);
void             mc_address_mapper_add_commune     (McAddressMapper    *mapper,
                                                    McAdminUnit        *unit);
void             mc_address_mapper_add_old_commune (McAddressMapper    *mapper,
                                                    McAdminOldCommune  *old);

G_END_DECLS
