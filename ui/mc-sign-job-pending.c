/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TEMPORARY: built instead of mc-sign-job.c while the PAdES signer
 * (signing/mc-pades-signer.h) is not merged into this tree, so the program
 * builds and says plainly that signing is not available yet. Delete this
 * file, and its test in ui/meson.build, once the signer is merged. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-sign-job.h"

McSignRequest *
mc_sign_job_request_new (void)
{
  return g_new0 (McSignRequest, 1);
}

void
mc_sign_job_request_free (McSignRequest *request)
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

McBatchItem *
mc_sign_job_item_new (const char *input,
                      const char *output)
{
  McBatchItem *item = g_new0 (McBatchItem, 1);

  item->input = g_strdup (input);
  item->output = g_strdup (output);

  return item;
}

void
mc_sign_job_item_free (McBatchItem *item)
{
  if (item == NULL)
    return;
  g_free (item->input);
  g_free (item->output);
  g_clear_error (&item->error);
  g_free (item);
}

static void
not_in_this_build (gpointer             source_tag,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s",
                           _("This build of the program cannot sign or check PDF signatures yet."));
}

void
mc_sign_job_run_async (McSigningSession     *session,
                       GPtrArray            *items,
                       const McSignRequest  *request,
                       McSignJobProgress     progress,
                       gpointer              progress_data,
                       GCancellable         *cancellable,
                       GAsyncReadyCallback   callback,
                       gpointer              user_data)
{
  not_in_this_build (mc_sign_job_run_async, cancellable, callback, user_data);
}

gboolean
mc_sign_job_run_finish (GAsyncResult  *result,
                        GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
mc_sign_job_verify_async (const char          *path,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  not_in_this_build (mc_sign_job_verify_async, cancellable, callback, user_data);
}

GPtrArray *
mc_sign_job_verify_finish (GAsyncResult  *result,
                           GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
