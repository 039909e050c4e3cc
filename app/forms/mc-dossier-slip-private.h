/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Filling a dossier's slip with what only the store knows; for the desk's
 * slip loaders (app/store/mc-desk-slips.c). */
#pragma once

#include "mc-dossier-slip.h"

G_BEGIN_DECLS

typedef struct
{
  double processing_days;      /* < 0: unknown */
  const McOfficer *head;       /* the head of the agency, who signs the apology; NULL: unknown */
  int ledger_book;             /* the year of the tracking ledger's book */
  int ledger_number;           /* the dossier's row in it; 0: unknown */
} McSlipExtras;

gboolean    mc_dossier_slip_check_kind  (const char          *kind,
                                         GError             **error);
McSlipData *mc_dossier_slip_data_full   (const McDossier     *dossier,
                                         const McOffice      *office,
                                         const McOfficer     *officer,
                                         const char          *kind,
                                         const McSlipExtras  *extras,
                                         GError             **error);

McSlipData *mc_ledger_slip_data_numbered (GPtrArray           *dossiers,
                                          const McOffice      *office,
                                          gint64               from,
                                          gint64               to,
                                          guint                before);

G_END_DECLS
