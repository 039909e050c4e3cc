/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the UI tests with the real signer check on the PDFs it made: our
 * verifier and poppler's pdfsig agree that the signatures hold, the file's
 * SHA-256, and the appearance as drawn (pdftotext for its words, pdftoppm
 * for its colours where the box was placed). */
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "mc-dossier-pane.h"
#include "mc-sign-dialog.h"
#include "mc-token-chooser.h"
#include "mc-verify-window.h"

G_BEGIN_DECLS

typedef struct
{
  guint blue;
  guint red;
} UiTestColours;

void        ui_test_trust_root        (const char    *root_pem);
char       *ui_test_file_sha256       (const char    *path);
void        ui_test_assert_signed     (const char    *path,
                                       const char    *root_pem,
                                       guint          n_signatures,
                                       const char    *last_signer);
char       *ui_test_page_text         (const char    *pdf,
                                       guint          page);
GdkPixbuf  *ui_test_render_page       (const char    *pdf,
                                       guint          page,
                                       const char    *shot_name);
UiTestColours ui_test_count_colours   (GdkPixbuf     *page,
                                       const double   rect[4]);
void        ui_test_wait_sign_page    (McSignDialog  *dialog,
                                       const char    *page);
void        ui_test_wait_identities   (McTokenChooser *chooser);
void        ui_test_wait_pin_dialog_shown (McSignDialog *dialog);
void        ui_test_wait_pin_dialog_gone  (McSignDialog *dialog);
void        ui_test_wait_verified     (McVerifyWindow *window);
void        ui_test_sign_with_pin     (McSignDialog   *dialog,
                                       const char     *pin);
void        ui_test_wait_pane         (McDossierPane  *pane,
                                       const char     *code,
                                       const char     *step);
McSignDialog *ui_test_wait_sign_dialog (void);
char       *ui_test_make_demo_workspace (const char   *dir,
                                         guint         n_dossiers,
                                         guint32       seed);
void        ui_test_run_app_on        (const char     *workspace,
                                       GSourceFunc     checks);
void        ui_test_start_demo_token  (const char     *tmp_dir);
void        ui_test_stop_demo_token   (void);

G_END_DECLS
