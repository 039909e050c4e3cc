/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The PKCS#11 modules p11-kit registers, their tokens, and the signing
 * identities (certificate + private key) on them. */
#pragma once

#include <gio/gio.h>

#include "mc-signing-identity.h"
#include "mc-token.h"

G_BEGIN_DECLS

gboolean   mc_pkcs11_configure                 (const char * const  *module_paths,
                                                gboolean              use_registry,
                                                GError              **error);
gboolean   mc_pkcs11_list_modules_sync         (GStrv                *out_names,
                                                GStrv                *out_descriptions,
                                                GError              **error);
GPtrArray *mc_pkcs11_list_tokens_sync          (GCancellable         *cancellable,
                                                GError              **error);
void       mc_pkcs11_list_tokens_async         (GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
GPtrArray *mc_pkcs11_list_tokens_finish        (GAsyncResult         *result,
                                                GError              **error);
McToken   *mc_pkcs11_find_token_sync           (const char           *token_uri,
                                                GError              **error);
GPtrArray *mc_pkcs11_list_identities_sync      (McToken              *token,
                                                GCancellable         *cancellable,
                                                GError              **error);
void       mc_pkcs11_list_identities_async     (McToken              *token,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
GPtrArray *mc_pkcs11_list_identities_finish    (GAsyncResult         *result,
                                                GError              **error);

G_END_DECLS
