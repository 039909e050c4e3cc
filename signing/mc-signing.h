/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libmotcua-signing: PAdES signing and verification with PKCS#11 tokens.
 * This header holds what every part of the library shares: the error
 * domain with its codes and the PAdES baseline levels. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MC_SIGNING_ERROR (mc_signing_error_quark ())

/**
 * McSigningError:
 * @MC_SIGNING_ERROR_FAILED: something else went wrong; the message says what
 * @MC_SIGNING_ERROR_PKCS11: the PKCS#11 module or token reported an error
 * @MC_SIGNING_ERROR_TOKEN_NOT_PRESENT: the token is not inserted
 * @MC_SIGNING_ERROR_TOKEN_REMOVED: the token was pulled during the work
 * @MC_SIGNING_ERROR_PIN_INCORRECT: the PIN was wrong; the token still works
 * @MC_SIGNING_ERROR_PIN_LOCKED: the PIN is locked after too many wrong tries
 * @MC_SIGNING_ERROR_PIN_EXPIRED: the token wants its PIN changed first
 * @MC_SIGNING_ERROR_KEY_NOT_FOUND: the private key of a certificate is not
 *   on the token
 * @MC_SIGNING_ERROR_UNSUPPORTED_KEY: the key is neither RSA nor ECDSA, or too
 *   weak
 * @MC_SIGNING_ERROR_CERTIFICATE: a certificate cannot be read or may not sign
 * @MC_SIGNING_ERROR_SESSION_CLOSED: the signing session was closed or broken
 * @MC_SIGNING_ERROR_CMS_INVALID: a CMS signature cannot be parsed or built
 * @MC_SIGNING_ERROR_TSA: the time-stamping authority failed
 * @MC_SIGNING_ERROR_OCSP: an OCSP responder failed
 * @MC_SIGNING_ERROR_CRL: a CRL could not be fetched or checked
 * @MC_SIGNING_ERROR_TRUST_STORE: a trust anchor file cannot be read
 *
 * Error codes of %MC_SIGNING_ERROR.
 */
typedef enum {
  MC_SIGNING_ERROR_FAILED,
  MC_SIGNING_ERROR_PKCS11,
  MC_SIGNING_ERROR_TOKEN_NOT_PRESENT,
  MC_SIGNING_ERROR_TOKEN_REMOVED,
  MC_SIGNING_ERROR_PIN_INCORRECT,
  MC_SIGNING_ERROR_PIN_LOCKED,
  MC_SIGNING_ERROR_PIN_EXPIRED,
  MC_SIGNING_ERROR_KEY_NOT_FOUND,
  MC_SIGNING_ERROR_UNSUPPORTED_KEY,
  MC_SIGNING_ERROR_CERTIFICATE,
  MC_SIGNING_ERROR_SESSION_CLOSED,
  MC_SIGNING_ERROR_CMS_INVALID,
  MC_SIGNING_ERROR_TSA,
  MC_SIGNING_ERROR_OCSP,
  MC_SIGNING_ERROR_CRL,
  MC_SIGNING_ERROR_TRUST_STORE,
} McSigningError;

/**
 * McPadesLevel:
 * @MC_PADES_LEVEL_NONE: not a PAdES baseline signature (e.g. no
 *   signing-certificate-v2)
 * @MC_PADES_LEVEL_B_B: basic signature
 * @MC_PADES_LEVEL_B_T: with a signature time-stamp
 * @MC_PADES_LEVEL_B_LT: B-T plus validation data (certificates, OCSP, CRLs)
 *   in the document security store
 *
 * PAdES baseline levels (ETSI EN 319 142-1).
 */
typedef enum {
  MC_PADES_LEVEL_NONE,
  MC_PADES_LEVEL_B_B,
  MC_PADES_LEVEL_B_T,
  MC_PADES_LEVEL_B_LT,
} McPadesLevel;

GQuark      mc_signing_error_quark     (void);
const char *mc_signing_gnutls_version  (void);
const char *mc_pades_level_to_string   (McPadesLevel level);

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
