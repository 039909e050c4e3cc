/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "Scan Result…" in a dossier's Results section: a result that exists on
 * paper (signed and sealed by hand) is scanned or imported with the scan
 * dialog, its text read, and attached as the dossier's result file. */
#pragma once

#include <adwaita.h>

#include "digitise/mc-scan-dialog.h"
#include "mc-results-section.h"
#include "store/mc-desk.h"

G_BEGIN_DECLS

McScanDialog *mc_result_scan_open (McResultsSection *section,
                                   McDesk           *desk,
                                   const char       *code);

G_END_DECLS
