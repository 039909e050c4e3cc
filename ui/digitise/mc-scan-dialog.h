/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The scan dialog: paper from a SANE scanner (or image files) to pages the
 * official checks and fixes, then to the components of the dossier. */
#pragma once

#include <adwaita.h>

#include "digitise/mc-scanner.h"
#include "mc-component-row.h"
#include "mc-pin-dialog.h"
#include "store/mc-desk.h"
#include "mc-token-chooser.h"

G_BEGIN_DECLS

#define MC_TYPE_SCAN_DIALOG (mc_scan_dialog_get_type ())
G_DECLARE_FINAL_TYPE (McScanDialog, mc_scan_dialog, MC, SCAN_DIALOG, AdwWindow)

McScanDialog *mc_scan_dialog_new             (GPtrArray      *rows,
                                              McComponentRow *current);
void          mc_scan_dialog_set_desk        (McScanDialog   *self,
                                              McDesk         *desk);
guint         mc_scan_dialog_get_n_pages     (McScanDialog   *self);
gboolean      mc_scan_dialog_get_busy        (McScanDialog   *self);
const char   *mc_scan_dialog_get_message     (McScanDialog   *self);
void          mc_scan_dialog_select_device   (McScanDialog   *self,
                                              const char     *device);
void          mc_scan_dialog_set_source_adf  (McScanDialog   *self,
                                              gboolean        adf);
void          mc_scan_dialog_get_settings    (McScanDialog   *self,
                                              McScanSettings *settings);
void          mc_scan_dialog_set_settings    (McScanDialog   *self,
                                              const McScanSettings *settings);
void          mc_scan_dialog_set_page_component (McScanDialog *self,
                                                 guint         page,
                                                 guint         component);
void          mc_scan_dialog_import_files    (McScanDialog   *self,
                                              const char    **paths);

/* What the official does with the buttons, for tests and automation. */
void          mc_scan_dialog_scan            (McScanDialog   *self);
void          mc_scan_dialog_stop            (McScanDialog   *self);
void          mc_scan_dialog_fix_page        (McScanDialog   *self,
                                              guint           page,
                                              const char     *action);
void          mc_scan_dialog_attach          (McScanDialog   *self);
const McScannedPage *mc_scan_dialog_get_page (McScanDialog   *self,
                                              guint           page);
void          mc_scan_dialog_set_sign_copies (McScanDialog   *self,
                                              gboolean        sign);
void          mc_scan_dialog_set_offer_signing (McScanDialog *self,
                                                gboolean      offer);
McPinDialog  *mc_scan_dialog_get_pin_dialog  (McScanDialog   *self);
McTokenChooser *mc_scan_dialog_get_token_chooser (McScanDialog *self);
guint         mc_scan_dialog_get_page_component (McScanDialog *self,
                                                 guint         page);

const char     *mc_scan_dialog_get_device         (McScanDialog   *self);
guint         mc_scan_dialog_get_n_removed   (McScanDialog   *self);
const McScannedPage *mc_scan_dialog_get_removed_page (McScanDialog *self,
                                                      guint         page);
void          mc_scan_dialog_restore_page    (McScanDialog   *self,
                                              guint           removed);
void          mc_scan_dialog_undo_removal    (McScanDialog   *self);

G_END_DECLS
