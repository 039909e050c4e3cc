/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One login on a token for a batch of signatures: open with the PIN once,
 * sign many document digests, close (which logs out). */
#pragma once

#include <gio/gio.h>

#include "mc-signing.h"
#include "mc-signing-identity.h"

G_BEGIN_DECLS

/**
 * McSignFlags:
 * @MC_SIGN_FLAGS_NONE: fail when the asked level cannot be reached
 * @MC_SIGN_FLAGS_ALLOW_LOWER_LEVEL: when the TSA fails, return a B-B
 *   signature and say why instead of failing
 *
 * Options of mc_signing_session_sign_sync().
 */
typedef enum {
  MC_SIGN_FLAGS_NONE = 0,
  MC_SIGN_FLAGS_ALLOW_LOWER_LEVEL = 1 << 0,
} McSignFlags;

#define MC_TYPE_SIGNING_SESSION (mc_signing_session_get_type ())
G_DECLARE_FINAL_TYPE (McSigningSession, mc_signing_session, MC, SIGNING_SESSION, GObject)

McSigningSession  *mc_signing_session_open_sync         (McSigningIdentity    *identity,
                                                         const char           *pin,
                                                         GCancellable         *cancellable,
                                                         GError              **error);
void               mc_signing_session_open_async        (McSigningIdentity    *identity,
                                                         const char           *pin,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
McSigningSession  *mc_signing_session_open_finish       (GAsyncResult         *result,
                                                         GError              **error);
McSigningIdentity *mc_signing_session_get_identity      (McSigningSession     *self);
GPtrArray         *mc_signing_session_get_chain         (McSigningSession     *self);
void               mc_signing_session_set_chain         (McSigningSession     *self,
                                                         GPtrArray            *chain);
gsize              mc_signing_session_estimate_size     (McSigningSession     *self,
                                                         gboolean              with_timestamp);
GBytes            *mc_signing_session_sign_sync         (McSigningSession     *self,
                                                         const guint8         *digest,
                                                         gsize                 digest_len,
                                                         McPadesLevel          level,
                                                         const char           *tsa_url,
                                                         McSignFlags           flags,
                                                         McPadesLevel         *out_level,
                                                         char                **out_warning,
                                                         GCancellable         *cancellable,
                                                         GError              **error);
void               mc_signing_session_sign_async        (McSigningSession     *self,
                                                         const guint8         *digest,
                                                         gsize                 digest_len,
                                                         McPadesLevel          level,
                                                         const char           *tsa_url,
                                                         McSignFlags           flags,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
GBytes            *mc_signing_session_sign_finish       (McSigningSession     *self,
                                                         GAsyncResult         *result,
                                                         McPadesLevel         *out_level,
                                                         char                **out_warning,
                                                         GError              **error);
guint              mc_signing_session_get_signature_count (McSigningSession   *self);
gboolean           mc_signing_session_is_open           (McSigningSession     *self);
void               mc_signing_session_close             (McSigningSession     *self);

G_END_DECLS
