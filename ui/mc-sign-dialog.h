/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Signs the results of some dossiers in one batch, with one PIN. */
#pragma once

#include <adwaita.h>

#include "mc-pin-dialog.h"
#include "mc-signature-placement.h"
#include "mc-token-chooser.h"
#include "store/mc-desk-results.h"

G_BEGIN_DECLS

#define MC_TYPE_SIGN_DIALOG (mc_sign_dialog_get_type ())
G_DECLARE_FINAL_TYPE (McSignDialog, mc_sign_dialog, MC, SIGN_DIALOG, AdwWindow)

McSignDialog         *mc_sign_dialog_new              (GtkWindow            *parent,
                                                       McDesk               *desk,
                                                       const McOfficer      *officer,
                                                       const char * const   *codes);
McTokenChooser       *mc_sign_dialog_get_chooser      (McSignDialog         *self);
McSignaturePlacement *mc_sign_dialog_get_placement    (McSignDialog         *self);
McPinDialog          *mc_sign_dialog_get_pin_dialog   (McSignDialog         *self);
GListModel           *mc_sign_dialog_get_items        (McSignDialog         *self);
const char           *mc_sign_dialog_get_page         (McSignDialog         *self);
const char           *mc_sign_dialog_get_status       (McSignDialog         *self);
const char           *mc_sign_dialog_get_problem      (McSignDialog         *self);
gboolean              mc_sign_dialog_get_busy         (McSignDialog         *self);
void                  mc_sign_dialog_set_layout       (McSignDialog         *self,
                                                       McSignatureLayout     layout);
void                  mc_sign_dialog_set_images       (McSignDialog         *self,
                                                       const char           *signature_image,
                                                       const char           *seal_image);
void                  mc_sign_dialog_set_issue_number (McSignDialog         *self,
                                                       const char           *issue_number);

const char   *mc_sign_dialog_get_holder_warning (McSignDialog *self);

G_END_DECLS
