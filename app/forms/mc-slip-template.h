/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Slip templates: the wording and layout of each official slip, read from
 * JSON files in the data folder so a new national model is a data change,
 * not a code change. See data/slips/README.md for the file format. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MC_SLIP_ERROR (mc_slip_error_quark ())

/**
 * McSlipError:
 * @MC_SLIP_ERROR_UNKNOWN_KIND: no template for that kind of slip
 * @MC_SLIP_ERROR_TEMPLATE_INVALID: a template file is broken
 * @MC_SLIP_ERROR_NO_FONT: no serif font with Vietnamese letters is installed
 * @MC_SLIP_ERROR_WRITE: the PDF could not be written where asked
 * @MC_SLIP_ERROR_RENDER: cairo failed while drawing
 * @MC_SLIP_ERROR_NOT_APPLICABLE: that kind of slip makes no sense for the
 *   dossier in its present state (e.g. a refusal slip for a received one)
 */
typedef enum {
  MC_SLIP_ERROR_UNKNOWN_KIND,
  MC_SLIP_ERROR_TEMPLATE_INVALID,
  MC_SLIP_ERROR_NO_FONT,
  MC_SLIP_ERROR_WRITE,
  MC_SLIP_ERROR_RENDER,
  MC_SLIP_ERROR_NOT_APPLICABLE,
} McSlipError;

#define MC_TYPE_SLIP_TEMPLATE (mc_slip_template_get_type ())

typedef struct _McSlipTemplate McSlipTemplate;

GQuark          mc_slip_error_quark              (void);
GType           mc_slip_template_get_type        (void) G_GNUC_CONST;

char           *mc_slip_get_template_dir         (void);
char          **mc_slip_list_kinds               (GError         **error);
McSlipTemplate *mc_slip_template_load            (const char      *kind,
                                                  GError         **error);
McSlipTemplate *mc_slip_template_load_file       (const char      *path,
                                                  GError         **error);
McSlipTemplate *mc_slip_template_new_from_data   (const char      *kind,
                                                  const char      *data,
                                                  gssize           length,
                                                  const char      *origin,
                                                  GError         **error);
McSlipTemplate *mc_slip_template_ref             (McSlipTemplate  *tmpl);
void            mc_slip_template_unref           (McSlipTemplate  *tmpl);

const char     *mc_slip_template_get_kind        (McSlipTemplate  *tmpl);
const char     *mc_slip_template_get_name        (McSlipTemplate  *tmpl);
const char     *mc_slip_template_get_model       (McSlipTemplate  *tmpl);
const char     *mc_slip_template_get_effective   (McSlipTemplate  *tmpl);
const char     *mc_slip_template_get_path        (McSlipTemplate  *tmpl);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSlipTemplate, mc_slip_template_unref)

G_END_DECLS
