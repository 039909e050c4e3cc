/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Making the PDFs we write archival (PDF/A-2b): an sRGB output intent, XMP
 * metadata that declares the conformance and agrees with the document
 * information, and a file identifier. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean  mc_pdfa_finish  (const char  *path,
                           const char  *icc_path,
                           GError     **error);

G_END_DECLS
