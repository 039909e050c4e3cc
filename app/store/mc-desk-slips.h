/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The slips of a desk's dossiers, with what only the store knows filled
 * in: see mc_desk_load_slip_data(). */
#pragma once

#include "domain/mc-reception.h"
#include "forms/mc-slip-data.h"
#include "mc-desk.h"

G_BEGIN_DECLS

McSlipData *mc_desk_load_slip_data          (McDesk             *desk,
                                             const char         *kind,
                                             const char         *code,
                                             const char         *officer_login,
                                             GError            **error);
McSlipData *mc_desk_load_ledger_data        (McDesk             *desk,
                                             gint64              from,
                                             gint64              to,
                                             GError            **error);
McSlipData *mc_desk_load_guidance_slip_data (McDesk             *desk,
                                             const McReception  *reception,
                                             GError            **error);

G_END_DECLS
