/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Controls of the stand-in signer the dialog tests link instead of
 * ui/mc-sign-job.c. */
#pragma once

#include "mc-sign-job.h"

G_BEGIN_DECLS

#define MC_FAKE_SIGNATURE_MARK "%fake-signature"

void                 mc_sign_job_fake_pull_after   (int      n_documents);
void                 mc_sign_job_fake_set_delay    (guint    ms);
guint                mc_sign_job_fake_get_runs     (void);
const McSignRequest *mc_sign_job_fake_last_request (void);

G_END_DECLS
