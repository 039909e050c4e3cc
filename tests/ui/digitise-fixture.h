/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the digitise UI tests share: the desk of Tân Phú with its
 * receptionist and numbers for 8 December 2026, a birth registration
 * received at it, the process set-up (Vietnamese, no GL, no scanner), and
 * the waits for the detail pane and the scan dialog. */
#pragma once

#include <gtk/gtk.h>

#include "digitise/mc-scan-dialog.h"
#include "mc-dossier-pane.h"
#include "store/mc-desk.h"

G_BEGIN_DECLS

#define DIGITISE_OFFICE "H40.12.03.X05"

void          digitise_environment      (void);
void          digitise_no_scanner       (const char   *tmp_dir);
char         *digitise_test_init        (int          *argc,
                                         char       ***argv,
                                         const char   *tmp_template);
int           digitise_test_run         (char         *tmp_dir);
void          digitise_run_app          (const char   *id,
                                         GSourceFunc   checks,
                                         gpointer      data);
void          digitise_set_up_desk      (McDesk       *desk);
McDesk       *digitise_open_desk        (const char   *workspace);
void          digitise_close_desk       (McDesk       *desk);
char         *digitise_receive          (McDesk       *desk);

/* What digitise_pane_shows waits for: the pane, loaded, showing code. */
typedef struct {
  McDossierPane *pane;
  const char *code;
} DigitisePaneWait;

gboolean      digitise_pane_shows       (gpointer      data);
void          digitise_on_message       (McDossierPane *pane,
                                         const char   *text,
                                         const char   *slip,
                                         GPtrArray    *messages);
McDossierPane *digitise_open_pane       (GApplication *app,
                                         McDesk       *desk,
                                         const char   *code,
                                         GPtrArray    *messages,
                                         GtkWidget   **window);
McScanDialog *digitise_find_scan_dialog (void);
gboolean      digitise_has_scan_dialog  (gpointer      data);
gboolean      digitise_scan_idle        (gpointer      data);
gboolean      digitise_ocr_idle         (gpointer      data);
gboolean      digitise_row_has_file     (gpointer      data);
gboolean      digitise_reception_ready  (gpointer      data);
gboolean      digitise_reception_idle   (gpointer      data);
gboolean      digitise_is_null          (gpointer      data);

G_END_DECLS
