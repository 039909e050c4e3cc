/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared by the template reader's files: typed JSON accessors whose errors
 * name the key's path, and the block reader. */
#pragma once

#include <json-glib/json-glib.h>

#include "mc-slip-private.h"

G_BEGIN_DECLS

gboolean     mc_slip_json_fail        (GError             **error,
                                       const char          *where,
                                       const char          *format,
                                       ...) G_GNUC_PRINTF (3, 4);
gboolean     mc_slip_json_get_string  (JsonObject          *object,
                                       const char          *key,
                                       const char          *where,
                                       gboolean             required,
                                       const char         **out,
                                       GError             **error);
gboolean     mc_slip_json_get_number  (JsonObject          *object,
                                       const char          *key,
                                       const char          *where,
                                       double               min,
                                       double               max,
                                       double              *inout,
                                       GError             **error);
gboolean     mc_slip_json_get_bool    (JsonObject          *object,
                                       const char          *key,
                                       const char          *where,
                                       gboolean            *inout,
                                       GError             **error);
gboolean     mc_slip_json_get_object  (JsonObject          *object,
                                       const char          *key,
                                       const char          *where,
                                       JsonObject         **out,
                                       GError             **error);
gboolean     mc_slip_json_get_array   (JsonObject          *object,
                                       const char          *key,
                                       const char          *where,
                                       gboolean             required,
                                       JsonArray          **out,
                                       GError             **error);
gboolean     mc_slip_json_get_align   (JsonObject          *object,
                                       const char          *where,
                                       McSlipAlign         *inout,
                                       GError             **error);
gboolean     mc_slip_json_get_text    (JsonObject          *object,
                                       const char          *key,
                                       const char          *where,
                                       gboolean             required,
                                       GPtrArray          **out,
                                       GError             **error);
gboolean     mc_slip_json_check_keys  (JsonObject          *object,
                                       const char * const  *allowed,
                                       const char          *where,
                                       GError             **error);

McSlipBlock *mc_slip_parse_block      (McSlipTemplate      *tmpl,
                                       JsonNode            *node,
                                       guint                index,
                                       GError             **error);
void         mc_slip_block_free       (gpointer             block);
void         mc_slip_text_free        (gpointer             text);

G_END_DECLS
