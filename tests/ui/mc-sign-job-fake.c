/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A stand-in for ui/mc-sign-job.c in the dialog tests: it "signs" a PDF by
 * appending a comment line that names the request (a PDF reader ignores
 * it), one document per main-loop turn, and can play a token pulled out
 * after N documents, which the real signer reports the same way (the rest
 * untouched, MC_SIGNING_ERROR_TOKEN_REMOVED). Its verification lists one
 * valid signature per such line. It tests what the dialogs do with the
 * signer's answers; tests/ui/test-sign-batch.c runs the real signer. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "mc-signature-report-private.h"
#include "mc-sign-job-fake.h"

static int pull_after = -1;
static guint delay_ms = 30;
static guint runs;
static McSignRequest *last_request;

void
mc_sign_job_fake_pull_after (int n_documents)
{
  pull_after = n_documents;
}

void
mc_sign_job_fake_set_delay (guint ms)
{
  delay_ms = ms;
}

guint
mc_sign_job_fake_get_runs (void)
{
  return runs;
}

const McSignRequest *
mc_sign_job_fake_last_request (void)
{
  return last_request;
}

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

static McSignRequest *
request_copy (const McSignRequest *request)
{
  McSignRequest *copy = g_memdup2 (request, sizeof *request);

  copy->signature_image = g_strdup (request->signature_image);
  copy->seal_image = g_strdup (request->seal_image);
  copy->signer_name = g_strdup (request->signer_name);
  copy->organisation = g_strdup (request->organisation);
  copy->document_number = g_strdup (request->document_number);
  copy->reason = g_strdup (request->reason);
  copy->location = g_strdup (request->location);
  copy->tsa_url = g_strdup (request->tsa_url);
  copy->ocsp_url = g_strdup (request->ocsp_url);
  copy->signing_time = request->signing_time != NULL ? g_date_time_ref (request->signing_time) : NULL;

  return copy;
}

static void
result_free (McSignResult *result)
{
  if (result == NULL)
    return;
  g_free (result->output);
  g_free (result->sha256);
  g_free (result->warning);
  g_free (result);
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
  g_clear_pointer (&item->result, result_free);
  g_clear_error (&item->error);
  g_free (item);
}

typedef struct
{
  GPtrArray *items;
  McSignRequest *request;
  McSignJobProgress progress;
  gpointer progress_data;
  guint next;
  guint signed_now;
} Run;

static void
run_free (Run *run)
{
  g_ptr_array_unref (run->items);
  mc_sign_job_request_free (run->request);
  g_free (run);
}

static gboolean
sign_one (McBatchItem         *item,
          const McSignRequest *request,
          GError             **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *mark = NULL;
  g_autofree char *tmp = g_strconcat (item->output, ".tmp", NULL);
  g_autoptr(GString) out = NULL;
  gsize length = 0;

  if (!g_file_get_contents (item->input, &contents, &length, error))
    return FALSE;

  /* A resumed batch: the signed copy is already there. */
  if (g_file_test (item->output, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *done = NULL;
      gsize done_length = 0;

      if (g_file_get_contents (item->output, &done, &done_length, NULL) && done_length > length &&
          memcmp (done, contents, length) == 0)
        {
          item->skipped = TRUE;
          item->result = g_new0 (McSignResult, 1);
          item->result->output = g_strdup (item->output);
          item->result->sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) done, done_length);
          item->result->level = request->level;
          return TRUE;
        }
    }

  mark = g_strdup_printf ("\n%s layout=%d page=%u rect=%.1f,%.1f,%.1f,%.1f\n", MC_FAKE_SIGNATURE_MARK,
                          request->layout, request->page_index,
                          request->rect[0], request->rect[1], request->rect[2], request->rect[3]);
  out = g_string_new_len (contents, length);
  g_string_append (out, mark);
  if (!g_file_set_contents (tmp, out->str, out->len, error) || g_rename (tmp, item->output) != 0)
    return FALSE;

  item->result = g_new0 (McSignResult, 1);
  item->result->output = g_strdup (item->output);
  item->result->sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) out->str, out->len);
  /* Offline: the fake has no TSA, like a desk without network. */
  item->result->level = MC_PADES_LEVEL_B_B;
  if (request->level > MC_PADES_LEVEL_B_B)
    item->result->warning = g_strdup ("the time-stamping server cannot be reached");

  return TRUE;
}

static gboolean
step (gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  McBatchItem *item;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return G_SOURCE_REMOVE;
    }
  if (run->next >= run->items->len)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return G_SOURCE_REMOVE;
    }

  item = g_ptr_array_index (run->items, run->next);
  run->next++;

  if (pull_after >= 0 && run->signed_now >= (guint) pull_after)
    {
      /* The token is out: this and the rest are untouched. */
      pull_after = -1;
      for (guint i = run->next - 1; i < run->items->len; i++)
        g_set_error (&((McBatchItem *) g_ptr_array_index (run->items, i))->error, MC_SIGNING_ERROR,
                     MC_SIGNING_ERROR_TOKEN_REMOVED, "The token “MotCua Test Token” was removed.");
      run->progress (run->next, run->items->len, item, run->progress_data);
      g_task_return_new_error (task, MC_SIGNING_ERROR, MC_SIGNING_ERROR_TOKEN_REMOVED,
                               "The token “MotCua Test Token” was removed.");
      g_object_unref (task);
      return G_SOURCE_REMOVE;
    }

  if (!sign_one (item, run->request, &error))
    item->error = error;
  else if (!item->skipped)
    run->signed_now++;
  run->progress (run->next, run->items->len, item, run->progress_data);

  return G_SOURCE_CONTINUE;
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
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Run *run = g_new0 (Run, 1);

  g_assert_true (MC_IS_SIGNING_SESSION (session));
  g_assert_true (mc_signing_session_is_open (session));
  runs++;
  g_clear_pointer (&last_request, mc_sign_job_request_free);
  last_request = request_copy (request);

  run->items = g_ptr_array_ref (items);
  run->request = request_copy (request);
  run->progress = progress;
  run->progress_data = progress_data;
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);
  g_timeout_add (delay_ms, step, task);
}

gboolean
mc_sign_job_run_finish (GAsyncResult  *result,
                        GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
check_free (McPdfSignatureCheck *check)
{
  g_free (check->field_name);
  g_free (check->signer);
  g_clear_pointer (&check->signing_time, g_date_time_unref);
  g_free (check->changes);
  g_clear_object (&check->report);
  g_free (check);
}

static const char *
find_mark (const char *data,
           gsize       length)
{
  gsize n = strlen (MC_FAKE_SIGNATURE_MARK);

  for (gsize i = 0; i + n <= length; i++)
    if (memcmp (data + i, MC_FAKE_SIGNATURE_MARK, n) == 0)
      return data + i;

  return NULL;
}

void
mc_sign_job_verify_async (const char          *path,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GPtrArray) checks = g_ptr_array_new_with_free_func ((GDestroyNotify) check_free);
  g_autofree char *contents = NULL;
  gsize length = 0;
  GError *error = NULL;
  const char *at;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (!g_str_has_prefix (contents, "%PDF-"))
    {
      g_task_return_new_error (task, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_NOT_PDF, "This file is not a PDF.");
      return;
    }

  /* PDFs hold binary streams: search the whole length. */
  for (at = find_mark (contents, length); at != NULL; at = find_mark (at + 1, length - (at + 1 - contents)))
    {
      McPdfSignatureCheck *check = g_new0 (McPdfSignatureCheck, 1);

      check->field_name = g_strdup_printf ("Signature%u", checks->len + 1);
      check->page_index = checks->len == 0 ? 0 : -1;
      check->signer = g_strdup ("Trần Thị Bình");
      check->signing_time = g_date_time_new_utc (2026, 12, 8, 3, 15, 0);
      check->level = MC_PADES_LEVEL_B_B;
      check->covers_document = TRUE;
      check->report = mc_signature_report_new ();
      check->report->status = MC_SIGNATURE_STATUS_INDETERMINATE;
      check->report->digest_check = MC_CHECK_PASSED;
      check->report->signature_check = MC_CHECK_PASSED;
      check->report->chain_check = MC_CHECK_INDETERMINATE;
      check->report->level = MC_PADES_LEVEL_B_B;
      mc_signature_report_add_problem (check->report, "The certificate does not chain to a trusted root.");
      g_ptr_array_add (checks, check);
    }

  g_task_return_pointer (task, g_steal_pointer (&checks), (GDestroyNotify) g_ptr_array_unref);
}

GPtrArray *
mc_sign_job_verify_finish (GAsyncResult  *result,
                           GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
