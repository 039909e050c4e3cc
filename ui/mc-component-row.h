/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One component of a procedure at reception: handed over or not, and the
 * scans attached to it. */
#pragma once

#include <adwaita.h>

#include "domain/mc-procedure.h"

G_BEGIN_DECLS

#define MC_TYPE_COMPONENT_ROW (mc_component_row_get_type ())
G_DECLARE_FINAL_TYPE (McComponentRow, mc_component_row, MC, COMPONENT_ROW, AdwExpanderRow)

McComponentRow *mc_component_row_new           (const McProcedureComponent *component);
const char     *mc_component_row_get_code      (McComponentRow             *self);
const char     *mc_component_row_get_name      (McComponentRow             *self);
gboolean        mc_component_row_get_required  (McComponentRow             *self);
gboolean        mc_component_row_get_provided  (McComponentRow             *self);
void            mc_component_row_set_provided  (McComponentRow             *self,
                                                gboolean                    provided);
GPtrArray      *mc_component_row_get_files     (McComponentRow             *self);
void            mc_component_row_add_file      (McComponentRow             *self,
                                                const char                 *path);
void            mc_component_row_add_scan      (McComponentRow             *self,
                                                const char                 *path);
gboolean        mc_component_row_is_unread     (McComponentRow             *self,
                                                const char                 *path);
void            mc_component_row_add_copy_to_sign (McComponentRow          *self,
                                                   const char              *path);
gboolean        mc_component_row_is_to_sign    (McComponentRow             *self,
                                                const char                 *path);
gboolean        mc_component_row_remove_file   (McComponentRow             *self,
                                                const char                 *path);
guint           mc_component_row_get_pending   (McComponentRow             *self);
void            mc_component_row_hold          (McComponentRow             *self);
void            mc_component_row_release       (McComponentRow             *self);

G_END_DECLS
