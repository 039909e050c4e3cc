/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A hook into the dossier list model for its tests: how many pages it
 * keeps, which must stay bounded however far the list scrolls. */
#pragma once

#include "mc-dossier-list-model.h"

G_BEGIN_DECLS

guint               mc_dossier_list_model_get_n_cached_pages (McDossierListModel *self);

G_END_DECLS
