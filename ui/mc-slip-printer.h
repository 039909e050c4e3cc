/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Getting a slip onto paper or screen: render it for a dossier into a
 * private cache file, print a PDF through the GTK print dialog, or open it
 * in the desktop's PDF viewer. */
#pragma once

#include <gtk/gtk.h>

#include "store/mc-desk.h"

G_BEGIN_DECLS

char              *mc_slip_printer_get_cache_dir      (void);

void               mc_slip_printer_make_async         (McDesk               *desk,
                                                       const char           *kind,
                                                       const char           *code,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
void               mc_slip_printer_make_ledger_async  (McDesk               *desk,
                                                       gint64                from,
                                                       gint64                to,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
void               mc_slip_printer_make_guidance_async (McDesk             *desk,
                                                       McReception        *reception,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
char              *mc_slip_printer_make_finish        (GAsyncResult         *result,
                                                       GError              **error);

GtkPrintOperation *mc_slip_printer_new_operation      (const char           *pdf_path,
                                                       GError              **error);
void               mc_slip_printer_print_async        (const char           *pdf_path,
                                                       GtkWindow            *parent,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean           mc_slip_printer_print_finish       (GAsyncResult         *result,
                                                       GError              **error);

void               mc_slip_printer_open_async         (const char           *pdf_path,
                                                       GtkWindow            *parent,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean           mc_slip_printer_open_finish        (GAsyncResult         *result,
                                                       GError              **error);

G_END_DECLS
