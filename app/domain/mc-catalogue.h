/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The procedure catalogue: every procedure this desk can receive, read from
 * the data folder (sample data) or from the store (the central system's
 * catalogue, app/store/mc-catalogue-repo.h), looked up by code, listed by field and name for the GUI (it is
 * a GListModel of McProcedure), and searched the way officers type. */
#pragma once

#include <gio/gio.h>

#include "mc-procedure.h"

G_BEGIN_DECLS

#define MC_TYPE_CATALOGUE (mc_catalogue_get_type ())
G_DECLARE_FINAL_TYPE (McCatalogue, mc_catalogue, MC, CATALOGUE, GObject)

McCatalogue  *mc_catalogue_new                 (void);
char         *mc_catalogue_default_dir         (void);

McCatalogue  *mc_catalogue_load_sync           (const char           *dir,
                                                GCancellable         *cancellable,
                                                GError              **error);
void          mc_catalogue_load_async          (const char           *dir,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
McCatalogue  *mc_catalogue_load_finish         (GAsyncResult         *result,
                                                GError              **error);

gboolean      mc_catalogue_add                 (McCatalogue          *self,
                                                McProcedure          *procedure,
                                                GError              **error);
guint         mc_catalogue_get_n_procedures    (McCatalogue          *self);
McProcedure  *mc_catalogue_lookup              (McCatalogue          *self,
                                                const char           *code);
GPtrArray    *mc_catalogue_search              (McCatalogue          *self,
                                                const char           *text);
GPtrArray    *mc_catalogue_list_field          (McCatalogue          *self,
                                                const char           *field);
GStrv         mc_catalogue_dup_fields          (McCatalogue          *self);

G_END_DECLS
