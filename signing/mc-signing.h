/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libmotcua-signing: PAdES signing and verification with PKCS#11 tokens.
 * This header holds what every part of the library shares. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MC_SIGNING_ERROR (mc_signing_error_quark ())

GQuark      mc_signing_error_quark     (void);
const char *mc_signing_gnutls_version  (void);

/* --- PDF reader and incremental writer (signing/pdf) ------------------ */

/**
 * McSigningPdfError:
 * @MC_SIGNING_ERROR_PDF_IO: the file cannot be read or written
 * @MC_SIGNING_ERROR_PDF_NOT_PDF: the file is not a PDF at all
 * @MC_SIGNING_ERROR_PDF_DAMAGED: the PDF structure is broken (bad xref,
 *   offsets, object syntax, loops)
 * @MC_SIGNING_ERROR_PDF_TRUNCATED: the file ends too early (no startxref,
 *   no %%EOF, a stream running past the end)
 * @MC_SIGNING_ERROR_PDF_ENCRYPTED: the PDF is encrypted
 * @MC_SIGNING_ERROR_PDF_UNSUPPORTED: a valid PDF feature this reader does
 *   not handle (an unknown filter in a cross-reference stream…)
 * @MC_SIGNING_ERROR_PDF_TOO_LARGE: a size in the file is absurd
 * @MC_SIGNING_ERROR_PDF_NO_SUCH_PAGE: the page number is out of range
 * @MC_SIGNING_ERROR_PDF_CONTENTS_TOO_SMALL: the signature does not fit the
 *   space reserved for it
 * @MC_SIGNING_ERROR_PDF_LOCKED: a certifying signature forbids changes
 * @MC_SIGNING_ERROR_PDF_INVALID_ARGUMENT: the caller asked for something
 *   impossible (a field name already used, text that is not UTF-8…)
 *
 * Errors of the PDF layer, in the %MC_SIGNING_ERROR domain. Their values
 * start at 100 so they never collide with the rest of the library's.
 */
typedef enum {
  MC_SIGNING_ERROR_PDF_IO = 100,
  MC_SIGNING_ERROR_PDF_NOT_PDF,
  MC_SIGNING_ERROR_PDF_DAMAGED,
  MC_SIGNING_ERROR_PDF_TRUNCATED,
  MC_SIGNING_ERROR_PDF_ENCRYPTED,
  MC_SIGNING_ERROR_PDF_UNSUPPORTED,
  MC_SIGNING_ERROR_PDF_TOO_LARGE,
  MC_SIGNING_ERROR_PDF_NO_SUCH_PAGE,
  MC_SIGNING_ERROR_PDF_CONTENTS_TOO_SMALL,
  MC_SIGNING_ERROR_PDF_LOCKED,
  MC_SIGNING_ERROR_PDF_INVALID_ARGUMENT,
} McSigningPdfError;

/* --- end of the PDF block --------------------------------------------- */

G_END_DECLS
