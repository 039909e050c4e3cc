/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Printing the official one-stop slips (receipt, supplement request,
 * refusal, apology, control sheet, tracking ledger) as PDF files. */
#pragma once

#include <gio/gio.h>

#include "mc-slip-data.h"
#include "mc-slip-template.h"

G_BEGIN_DECLS

gboolean  mc_slip_template_render_to_file (McSlipTemplate       *tmpl,
                                           McSlipData           *data,
                                           const char           *path,
                                           GCancellable         *cancellable,
                                           GError              **error);

gboolean  mc_slip_render_to_file_sync     (const char           *kind,
                                           McSlipData           *data,
                                           const char           *path,
                                           GCancellable         *cancellable,
                                           GError              **error);
void      mc_slip_render_to_file_async    (const char           *kind,
                                           McSlipData           *data,
                                           const char           *path,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean  mc_slip_render_to_file_finish   (GAsyncResult         *result,
                                           GError              **error);

G_END_DECLS
