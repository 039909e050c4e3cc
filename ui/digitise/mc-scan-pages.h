/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The scan dialog's internals shared by its files: the dialog itself
 * (mc-scan-dialog.c), its page grid with importing files
 * (mc-scan-pages.c) and attaching the pages (mc-scan-attach.c). */
#pragma once

#include "digitise/mc-pdf-text.h"
#include "mc-scan-dialog.h"

G_BEGIN_DECLS

typedef struct {
  McScannedPage *page;
  GdkTexture    *thumbnail;
  guint          component;
  McPdfPageRef  *ref;       /* a page of an imported PDF with text of its own, or NULL */
  guint          serial;    /* the order pages arrived in, for a blank page's place */
} Page;

struct _McScanDialog
{
  AdwWindow parent_instance;

  GPtrArray *rows;          /* of McComponentRow */
  guint current;            /* the component the dialog was opened from */
  GPtrArray *pages;         /* of Page */
  GPtrArray *devices;       /* of char *: SANE names, parallel to device_drop */
  GCancellable *cancellable;
  gboolean scanning;
  gboolean importing;
  gboolean listing;         /* the devices are being looked for */
  gboolean finding;         /* the token's certificates are being read */
  gboolean disposed;        /* closed while a worker was still busy */
  gboolean done;            /* attached or discarded: close without asking */
  int rescan_index;         /* page being scanned again, or -1 */
  char *message;

  /* Scan settings: what the device offers, parallel to the drop-downs. */
  McDesk *desk;
  McScannerOptions *options;
  char *options_device;     /* the device @options are of */
  GArray *resolutions;      /* of int */
  GArray *modes;            /* of McScanMode */
  GArray *sizes;            /* of guint, indexes in paper_sizes */
  McScanSettings wanted;    /* the officer's kept settings */
  gboolean have_wanted;
  gboolean reading;         /* the device's options are being read */
  guint    loading;         /* the officer's settings and scanner being read */
  guint saving;             /* the officer's settings being kept */

  GtkDropDown *device_drop;
  GtkDropDown *source_drop;
  GtkDropDown *resolution_drop;
  GtkDropDown *mode_drop;
  GtkDropDown *size_drop;
  GtkWidget *duplex_box;
  GtkSwitch *duplex_switch;
  GtkButton *scan_button;
  GtkButton *stop_button;
  GtkButton *import_button;
  GtkButton *attach_button;
  GtkSwitch *sign_switch;
  GtkSpinner *token_spinner;
  GtkButton *sign_waiting_button;
  gboolean signing_waiting;      /* the PIN is asked to sign waiting copies only */
  McTokenChooser *token_chooser; /* in the question open now, or NULL */
  McPinDialog *pin_dialog;
  GtkProgressBar *progress;
  GtkLabel *message_label;
  GtkFlowBox *page_box;

  /* Blank pages left out as they arrived, until the official restores them. */
  GPtrArray *removed;       /* of Page, in arrival order */
  guint checking;           /* pages being tested for blankness */
  AdwToast *toast;          /* the removal's undo while it shows, or NULL */
  AdwToastOverlay *toast_overlay;
  GtkRevealer *removed_revealer;
  GtkLabel *removed_label;
  GtkBox *removed_box;
};

/* mc-scan-pages.c */
Page       *page_new           (McScannedPage       *scanned,
                                guint                component);
void        page_free          (Page                *page);
GdkTexture *make_thumbnail     (const McScannedPage *page);
void        rebuild_pages      (McScanDialog        *self);
void        page_action        (GtkButton           *button,
                                McScanDialog        *self);
void        import_clicked     (McScanDialog        *self);
void        check_blank        (McScanDialog        *self,
                                const McScannedPage *scanned);
void        restore_all_clicked (McScanDialog       *self);

/* mc-scan-dialog.c */
void        show_message       (McScanDialog        *self,
                                const char          *text,
                                gboolean             error);
void        update_sensitivity (McScanDialog        *self);
void        look_for_card      (McScanDialog        *self,
                                const McScannedPage *page);
void        start_scan         (McScanDialog        *self,
                                int                  rescan_index);

/* mc-scan-attach.c */
void        mc_scan_dialog_attach_clicked   (McScanDialog *self);
void        mc_scan_dialog_sign_waiting     (McScanDialog *self);
void        mc_scan_dialog_watch_sign_queue (McScanDialog *self);

G_END_DECLS
