/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An officer's signature layout: the images and the default places. */
#pragma once

#include <gio/gio.h>

#include "mc-pades-signer.h"
#include "mc-pdf-preview.h"

G_BEGIN_DECLS

#define MC_N_SIGNATURE_LAYOUTS (MC_SIGNATURE_LAYOUT_ATTACHMENT + 1)

typedef struct
{
  gboolean set;
  int page;
  double rect[4];
} McSignaturePlace;

typedef struct
{
  char *signature_image;
  char *seal_image;
  McSignatureLayout layout;
  gboolean has_layout;
  McSignaturePlace places[MC_N_SIGNATURE_LAYOUTS];
} McSignatureProfile;

const char         *mc_signature_layout_to_string   (McSignatureLayout          layout);
gboolean            mc_signature_layout_from_string (const char                *text,
                                                     McSignatureLayout         *layout);
const char         *mc_signature_layout_label       (McSignatureLayout          layout);

McSignatureProfile *mc_signature_profile_new        (void);
void                mc_signature_profile_free       (McSignatureProfile        *profile);
McSignatureProfile *mc_signature_profile_load       (GSettings                 *settings,
                                                     const char                *login);
void                mc_signature_profile_save       (const McSignatureProfile  *profile,
                                                     GSettings                 *settings,
                                                     const char                *login);

void                mc_signature_seal_size           (const char               *path,
                                                     double                    size[2]);
void                mc_signature_layout_natural_size (McSignatureLayout        layout,
                                                      const double             seal_size[2],
                                                      double                  *width,
                                                      double                  *height);
guint               mc_signature_default_place      (McPdfPreview             *document,
                                                     McSignatureLayout         layout,
                                                     const McSignaturePlace    places[MC_N_SIGNATURE_LAYOUTS],
                                                     const double              seal_size[2],
                                                     double                    rect[4],
                                                     double                    under[4]);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSignatureProfile, mc_signature_profile_free)

G_END_DECLS
