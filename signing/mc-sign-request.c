/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a caller asks the PAdES signer for and what it gets back: the
 * plain structures of mc-pades-signer.h, copied and freed here so a
 * request can travel to a worker thread with the batch. */
#define G_LOG_DOMAIN "motcua-signing"

#include "config.h"

#include "mc-pades-signer.h"

/**
 * mc_sign_request_new:
 *
 * Returns: (transfer full): an invisible B-B request on page 1
 */
McSignRequest *
mc_sign_request_new (void)
{
  McSignRequest *request = g_new0 (McSignRequest, 1);

  request->layout = MC_SIGNATURE_LAYOUT_INVISIBLE;
  request->level = MC_PADES_LEVEL_B_B;
  return request;
}

/**
 * mc_sign_request_copy:
 * @request: a request
 *
 * Returns: (transfer full): a deep copy
 */
McSignRequest *
mc_sign_request_copy (const McSignRequest *request)
{
  McSignRequest *copy;

  g_return_val_if_fail (request != NULL, NULL);

  copy = g_memdup2 (request, sizeof *request);
  copy->signature_image = g_strdup (request->signature_image);
  copy->seal_image = g_strdup (request->seal_image);
  copy->signer_name = g_strdup (request->signer_name);
  copy->organisation = g_strdup (request->organisation);
  copy->document_number = g_strdup (request->document_number);
  copy->reason = g_strdup (request->reason);
  copy->location = g_strdup (request->location);
  copy->tsa_url = g_strdup (request->tsa_url);
  copy->ocsp_url = g_strdup (request->ocsp_url);
  copy->signing_time = request->signing_time ? g_date_time_ref (request->signing_time) : NULL;
  return copy;
}

/**
 * mc_sign_request_free:
 * @request: (transfer full) (nullable): a request
 */
void
mc_sign_request_free (McSignRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->signature_image);
  g_free (request->seal_image);
  g_free (request->signer_name);
  g_free (request->organisation);
  g_free (request->document_number);
  g_free (request->reason);
  g_free (request->location);
  g_free (request->tsa_url);
  g_free (request->ocsp_url);
  g_clear_pointer (&request->signing_time, g_date_time_unref);
  g_free (request);
}

/**
 * mc_sign_result_free:
 * @result: (transfer full) (nullable): a result
 */
void
mc_sign_result_free (McSignResult *result)
{
  if (result == NULL)
    return;
  g_free (result->output);
  g_free (result->sha256);
  g_free (result->warning);
  g_free (result);
}

