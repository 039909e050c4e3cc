/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sample data for slips, shared by the slip tests and the sample renderer. */
#pragma once

#include "forms/mc-slip.h"

G_BEGIN_DECLS

#define SLIP_FIXTURE_CODE "H40.12.03.X05-250714-0042"
#define SLIP_FIXTURE_NAME "Đặng Thị Hòa"

McSlipData *slip_fixture_new (guint ledger_rows);

G_END_DECLS
