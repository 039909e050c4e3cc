/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The plain data a slip is printed from: named text fields plus named tables
 * whose rows are named cells. Whoever prints a slip fills one from a dossier;
 * the slip templates decide which names they print. Keeping it this dumb
 * keeps the forms library free of store and domain types. */
#pragma once

#include <glib-object.h>

#include "mc-slip-template.h"

G_BEGIN_DECLS

#define MC_TYPE_SLIP_DATA (mc_slip_data_get_type ())

typedef struct _McSlipData McSlipData;

GType        mc_slip_data_get_type     (void) G_GNUC_CONST;
McSlipData  *mc_slip_data_new          (void);
McSlipData  *mc_slip_data_ref          (McSlipData  *data);
void         mc_slip_data_unref        (McSlipData  *data);
McSlipData  *mc_slip_data_dup          (McSlipData  *data);

void         mc_slip_data_set          (McSlipData  *data,
                                        const char  *field,
                                        const char  *value);
const char  *mc_slip_data_get          (McSlipData  *data,
                                        const char  *field);

guint        mc_slip_data_add_row      (McSlipData  *data,
                                        const char  *table);
void         mc_slip_data_set_cell     (McSlipData  *data,
                                        const char  *table,
                                        guint        row,
                                        const char  *column,
                                        const char  *value);
guint        mc_slip_data_append_row   (McSlipData  *data,
                                        const char  *table,
                                        const char  *first_column,
                                        ...) G_GNUC_NULL_TERMINATED;
guint        mc_slip_data_get_n_rows   (McSlipData  *data,
                                        const char  *table);
const char  *mc_slip_data_get_cell     (McSlipData  *data,
                                        const char  *table,
                                        guint        row,
                                        const char  *column);
void         mc_slip_data_set_template (McSlipData      *data,
                                        McSlipTemplate  *tmpl);
McSlipTemplate *mc_slip_data_get_template (McSlipData *data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSlipData, mc_slip_data_unref)

G_END_DECLS
