/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The draft result documents of the demo workspace, drawn as PDF. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

GBytes *mc_demo_draft_pdf (const char  *office,
                           const char  *parent,
                           const char  *procedure,
                           const char  *signer_title,
                           GError     **error);

G_END_DECLS
