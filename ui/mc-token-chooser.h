/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The signing certificates on the tokens plugged in now, live. */
#pragma once

#include <adwaita.h>

#include "mc-signing-identity.h"
#include "mc-token-monitor.h"

G_BEGIN_DECLS

#define MC_TYPE_TOKEN_CHOOSER (mc_token_chooser_get_type ())
G_DECLARE_FINAL_TYPE (McTokenChooser, mc_token_chooser, MC, TOKEN_CHOOSER, GtkWidget)

/**
 * McCertificateHolder:
 * @MC_CERTIFICATE_HOLDER_ANY: no preference
 * @MC_CERTIFICATE_HOLDER_PERSON: an officer's own certificate (the
 *   leader's signature)
 * @MC_CERTIFICATE_HOLDER_ORGANISATION: the organisation's (its seal)
 */
typedef enum {
  MC_CERTIFICATE_HOLDER_ANY,
  MC_CERTIFICATE_HOLDER_PERSON,
  MC_CERTIFICATE_HOLDER_ORGANISATION,
} McCertificateHolder;

McCertificateHolder mc_certificate_holder_of        (McCertificate      *certificate);

GtkWidget         *mc_token_chooser_new             (McTokenMonitor     *monitor);
void               mc_token_chooser_set_preferred_holder (McTokenChooser *self,
                                                     McCertificateHolder holder);
McTokenMonitor    *mc_token_chooser_get_monitor     (McTokenChooser     *self);
McSigningIdentity *mc_token_chooser_get_identity    (McTokenChooser     *self);
gboolean           mc_token_chooser_select          (McTokenChooser     *self,
                                                     McSigningIdentity  *identity);
guint              mc_token_chooser_get_n_identities (McTokenChooser    *self);
McSigningIdentity *mc_token_chooser_get_nth         (McTokenChooser     *self,
                                                     guint               index,
                                                     gboolean           *usable);
gboolean           mc_token_chooser_get_loading     (McTokenChooser     *self);
void               mc_token_chooser_set_now         (McTokenChooser     *self,
                                                     GDateTime          *now);

G_END_DECLS
