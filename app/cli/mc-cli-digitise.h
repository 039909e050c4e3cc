/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The scan and digitise commands of motcua-cli (mc-cli-digitise.c). */
#pragma once

#include "mc-cli.h"

G_BEGIN_DECLS

gboolean  mc_cli_scan      (McCli *cli, int argc, char **argv, GError **error);
gboolean  mc_cli_digitise  (McCli *cli, int argc, char **argv, GError **error);
gboolean  mc_cli_attach    (McCli *cli, int argc, char **argv, GError **error);

G_END_DECLS
