/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A page of the PDF to sign with the signature's box where it will go. */
#pragma once

#include <adwaita.h>

#include "mc-pades-signer.h"

G_BEGIN_DECLS

#define MC_PLACEMENT_STEP 2.0
#define MC_PLACEMENT_LARGE_STEP 20.0

#define MC_TYPE_SIGNATURE_PLACEMENT (mc_signature_placement_get_type ())
G_DECLARE_FINAL_TYPE (McSignaturePlacement, mc_signature_placement, MC, SIGNATURE_PLACEMENT, GtkWidget)

GtkWidget         *mc_signature_placement_new               (void);
void               mc_signature_placement_set_file          (McSignaturePlacement *self,
                                                             const char           *path);
const char        *mc_signature_placement_get_file          (McSignaturePlacement *self);
gboolean           mc_signature_placement_get_busy          (McSignaturePlacement *self);
const char        *mc_signature_placement_get_problem       (McSignaturePlacement *self);
guint              mc_signature_placement_get_n_pages       (McSignaturePlacement *self);
gboolean           mc_signature_placement_get_page_size     (McSignaturePlacement *self,
                                                             guint                 page,
                                                             double               *width,
                                                             double               *height);
void               mc_signature_placement_set_layout        (McSignaturePlacement *self,
                                                             McSignatureLayout     layout);
McSignatureLayout  mc_signature_placement_get_layout        (McSignaturePlacement *self);
void               mc_signature_placement_set_images        (McSignaturePlacement *self,
                                                             const char           *signature_image,
                                                             const char           *seal_image);
void               mc_signature_placement_set_default_place (McSignaturePlacement *self,
                                                             McSignatureLayout     layout,
                                                             int                   page,
                                                             const double          rect[4]);
void               mc_signature_placement_reset             (McSignaturePlacement *self);
void               mc_signature_placement_set_page          (McSignaturePlacement *self,
                                                             guint                 page);
guint              mc_signature_placement_get_page          (McSignaturePlacement *self);
void               mc_signature_placement_set_rect          (McSignaturePlacement *self,
                                                             const double          rect[4]);
gboolean           mc_signature_placement_get_rect          (McSignaturePlacement *self,
                                                             double                rect[4]);
gboolean           mc_signature_placement_get_request_rect  (McSignaturePlacement *self,
                                                             double                rect[4]);
void               mc_signature_placement_move              (McSignaturePlacement *self,
                                                             double                dx,
                                                             double                dy);
gboolean           mc_signature_placement_to_widget         (McSignaturePlacement *self,
                                                             double                x,
                                                             double                y,
                                                             double               *widget_x,
                                                             double               *widget_y);
GtkWidget         *mc_signature_placement_get_canvas        (McSignaturePlacement *self);

G_END_DECLS
