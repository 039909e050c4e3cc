/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Filling a workspace with demo data for newcomers and benchmarks. */
#pragma once

#include "mc-desk.h"

G_BEGIN_DECLS

typedef void (*McDemoProgress) (guint    done,
                                guint    total,
                                gpointer user_data);

gboolean mc_demo_populate (McDesk          *desk,
                           guint            n_dossiers,
                           guint32          seed,
                           McDemoProgress   progress,
                           gpointer         progress_data,
                           GError         **error);

G_END_DECLS
