/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The applicant's address, with the new units offered for an old one. */
#pragma once

#include <adwaita.h>

#include "domain/citizen/mc-old-address.h"

G_BEGIN_DECLS

#define MC_TYPE_ADDRESS_GROUP (mc_address_group_get_type ())
G_DECLARE_FINAL_TYPE (McAddressGroup, mc_address_group, MC, ADDRESS_GROUP, AdwPreferencesGroup)

void         mc_address_group_set_mapper       (McAddressGroup  *self,
                                                McAddressMapper *mapper);
void         mc_address_group_set_card_address (McAddressGroup  *self,
                                                const char      *address);
char        *mc_address_group_dup_text         (McAddressGroup  *self);
void         mc_address_group_set_text         (McAddressGroup  *self,
                                                const char      *text);
const char  *mc_address_group_get_message      (McAddressGroup  *self);
GStrv        mc_address_group_dup_candidates   (McAddressGroup  *self);
gboolean     mc_address_group_pick_candidate   (McAddressGroup  *self,
                                                guint            index);
gboolean     mc_address_group_needs_choice     (McAddressGroup  *self);
void         mc_address_group_reset            (McAddressGroup  *self);

G_END_DECLS
