/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Turning an address written before 1 July 2025 ("Thôn X, Xã Y, Huyện Z,
 * Tỉnh W", as on cards issued before then) into the unit(s) in force, for
 * the official to confirm: never a silent guess. */
#pragma once

#include <glib.h>

#include "mc-admin-units.h"

G_BEGIN_DECLS

/**
 * McAddressMatch:
 * @MC_ADDRESS_MATCH_FOUND: one old commune found; its new commune(s) are the
 *   candidates (several when it was split)
 * @MC_ADDRESS_MATCH_CURRENT: the address already names a commune and
 *   province in force (a card issued since 1 July 2025)
 * @MC_ADDRESS_MATCH_AMBIGUOUS: several old communes of the province have that
 *   name; the candidates of all of them are listed
 * @MC_ADDRESS_MATCH_NO_COMMUNE: the province is known but not the commune
 * @MC_ADDRESS_MATCH_NO_PROVINCE: the last part names no province
 * @MC_ADDRESS_MATCH_UNPARSED: the address has no comma-separated parts
 *
 * How far an old address could be mapped.
 */
typedef enum {
  MC_ADDRESS_MATCH_FOUND,
  MC_ADDRESS_MATCH_CURRENT,
  MC_ADDRESS_MATCH_AMBIGUOUS,
  MC_ADDRESS_MATCH_NO_COMMUNE,
  MC_ADDRESS_MATCH_NO_PROVINCE,
  MC_ADDRESS_MATCH_UNPARSED,
} McAddressMatch;

/**
 * McAddressCandidate:
 * @commune: the commune in force (with its province)
 * @old_commune: (nullable): the old commune it comes from; %NULL for
 *   %MC_ADDRESS_MATCH_CURRENT
 * @address: the full new address: the street/hamlet part, the new commune
 *   and the new province
 *
 * One possible new unit for an address.
 */
typedef struct
{
  McAdminUnit        *commune;
  McAdminOldCommune  *old_commune;
  char               *address;
} McAddressCandidate;

/**
 * McAddressMapping:
 * @match: how far the address could be mapped
 * @reason: a translated sentence for the official: what was found and what
 *   to do
 * @street: the part before the commune (house, street, hamlet…), "" when none
 * @commune_part: the commune as written, "" when none was recognised
 * @district_part: the district as written, "" when none
 * @province_part: the province as written
 * @candidates: (element-type McAddressCandidate): the new units, best first; empty
 *   when none was found
 *
 * The result of mc_address_map_old().
 */
typedef struct
{
  McAddressMatch  match;
  char           *reason;
  char           *street;
  char           *commune_part;
  char           *district_part;
  char           *province_part;
  GPtrArray      *candidates;
} McAddressMapping;

/**
 * McAddressMapper:
 *
 * The administrative units read into memory for mapping addresses; made
 * once (in a worker), then used from any thread.
 */
typedef struct _McAddressMapper McAddressMapper;

McAddressMapping *mc_address_mapper_map       (McAddressMapper   *mapper,
                                               const char        *address);
void              mc_address_mapper_free      (McAddressMapper   *mapper);

void              mc_address_mapping_free     (McAddressMapping  *mapping);
const char       *mc_address_match_to_string  (McAddressMatch     match);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McAddressMapping, mc_address_mapping_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McAddressMapper, mc_address_mapper_free)

G_END_DECLS
