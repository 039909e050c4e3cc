/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Filling slip data from dossiers: which fields and tables each official
 * slip prints, taken from a whole dossier, the office and the officer who
 * issues it; and loading all that from a desk in one read transaction. */
#pragma once

#include "domain/mc-dossier.h"
#include "domain/mc-officer.h"
#include "mc-slip-data.h"
#include "store/mc-desk-slips.h"

G_BEGIN_DECLS

const char * const *mc_dossier_slip_kinds          (void);
gboolean            mc_dossier_slip_kind_is_known  (const char       *kind);

McSlipData         *mc_dossier_slip_data           (const McDossier  *dossier,
                                                    const McOffice   *office,
                                                    const McOfficer  *officer,
                                                    const char       *kind,
                                                    GError          **error);
McSlipData         *mc_ledger_slip_data            (GPtrArray        *dossiers,
                                                    const McOffice   *office,
                                                    gint64            from,
                                                    gint64            to);

G_END_DECLS
