/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Filling a workspace with demo data for newcomers and benchmarks. */
#pragma once

#include "mc-desk.h"

G_BEGIN_DECLS

/* Every demo officer's password: the PIN of the demo signing token. */
#define MC_DEMO_PASSWORD "123456"

typedef void (*McDemoProgress) (guint    done,
                                guint    total,
                                gpointer user_data);

gboolean mc_demo_populate (McDesk          *desk,
                           guint            n_dossiers,
                           guint32          seed,
                           McDemoProgress   progress,
                           gpointer         progress_data,
                           GError         **error);

gboolean mc_demo_write_portal (McDesk      *desk,
                               const char  *dir,
                               guint       *n_written,
                               GError     **error);

G_END_DECLS
