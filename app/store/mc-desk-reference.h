/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The reference data a desk works with, read from its store as validated
 * objects: the procedure catalogue (or one procedure) and the
 * administrative units as an address mapper; and the units shipped in the
 * data folder, for tools that have no workspace. */
#pragma once

#include "domain/citizen/mc-old-address.h"
#include "domain/mc-catalogue.h"
#include "mc-desk.h"

G_BEGIN_DECLS

typedef struct
{
  McCatalogue *catalogue;
  McAddressMapper *mapper;
} McDeskReference;

void              mc_desk_reference_free          (McDeskReference      *reference);

void              mc_desk_load_reference_async    (McDesk               *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
McDeskReference  *mc_desk_load_reference_finish   (McDesk               *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

McProcedure      *mc_desk_load_procedure          (McDesk               *self,
                                                   const char           *code,
                                                   GError              **error);

McAddressMapper  *mc_address_mapper_load_shipped  (GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McDeskReference, mc_desk_reference_free)

G_END_DECLS
