/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared by the result operations and their rules. */
#pragma once

#include "mc-result-ops.h"

G_BEGIN_DECLS

void      mc_result_signature_free                   (McResultSignature  *signature);
gboolean  mc_result_file_has_organisation_signature  (const McResultFile *file);

G_END_DECLS
