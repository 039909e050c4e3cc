/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The PAdES signer, the batch and the PDF verification as the GUI uses
 * them, with the SoftHSM token behind mc-test-token (a PKCS#11 wrapper
 * that can pull the token out) and the loopback TSA/OCSP peers: a token
 * pulled mid-batch leaves the signed documents valid and the rest
 * untouched, and running the batch again resumes; one login per batch;
 * progress on the main context; cancelling; no output and no temporary
 * file after any failure; what later revisions may change after a
 * signature; and poppler-glib's own validation as a second opinion on
 * what we sign. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <string.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <gnutls/crypto.h>
#include <poppler.h>

#include "mc-pades-signer.h"
#include "mc-pkcs11.h"
#include "mc-pdf-private.h"
#include "mc-signature-appearance-private.h"
#include "mc-test-pki.h"

/* poppler-glib 22.12 declares no autoptr for its document. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)

static McTestPki *pki;
static char *state_dir;

static const char *
env (const char *key)
{
  return mc_test_pki_get (pki, key);
}

/* ---- fixtures ---- */

static char *
scratch_dir (const char *name)
{
  g_autofree char *dir = mc_test_pki_path (pki, name);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  return g_steal_pointer (&dir);
}

static char *
make_pdf (const char *dir,
          const char *name,
          const char *text)
{
  char *path = g_build_filename (dir, name, NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (surface);

  cairo_select_font_face (cr, "Liberation Serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 16);
  cairo_move_to (cr, 72, 100);
  cairo_show_text (cr, text);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return path;
}

static char *
sha256_of (const char *path)
{
  g_autofree char *data = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Names in @dir, sorted, joined: what a failure may not change. */
static char *
listing (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static McTrustStore *
test_trust (void)
{
  g_autoptr(McTrustStore) trust = mc_trust_store_new ();
  g_autoptr(GError) error = NULL;

  mc_trust_store_add_file (trust, env ("MC_PKI_ROOT"), &error);
  g_assert_no_error (error);
  return g_steal_pointer (&trust);
}

static McSigningIdentity *
find_identity (const char *cn)
{
  g_autoptr(GPtrArray) identities = NULL;
  g_autoptr(GError) error = NULL;

  identities = mc_pkcs11_list_identities_sync (NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < identities->len; i++)
    {
      McSigningIdentity *identity = g_ptr_array_index (identities, i);

      if (g_strcmp0 (mc_token_get_label (mc_signing_identity_get_token (identity)), env ("MC_PKI_TOKEN_LABEL")) == 0
          && g_strcmp0 (mc_certificate_get_subject_cn (mc_signing_identity_get_certificate (identity)), cn) == 0)
        return g_object_ref (identity);
    }
  g_error ("no identity %s", cn);
}

static McPadesSigner *
open_signer (const char *cn)
{
  g_autoptr(McSigningIdentity) identity = find_identity (cn);
  g_autoptr(McSigningSession) session = NULL;
  g_autoptr(McTrustStore) trust = test_trust ();
  g_autoptr(GError) error = NULL;

  session = mc_signing_session_open_sync (identity, env ("MC_PKI_PIN"), NULL, &error);
  g_assert_no_error (error);
  return mc_pades_signer_new (session, trust);
}

static guint
logins (void)
{
  g_autofree char *path = g_build_filename (state_dir, "log", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *prefix = g_strdup_printf ("login %s ", env ("MC_PKI_TOKEN_LABEL"));
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return 0;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      n++;
  return n;
}

static void
set_pulled (gboolean pulled)
{
  g_autofree char *path = g_build_filename (state_dir, "pulled", NULL);

  g_assert_true (g_file_set_contents (path, pulled ? env ("MC_PKI_TOKEN_LABEL") : "", -1, NULL));
}

static GPtrArray *
verify (const char *path,
        gboolean    online)
{
  g_autoptr(McTrustStore) trust = test_trust ();
  g_autoptr(McVerifier) verifier = mc_verifier_new (trust);
  g_autoptr(GError) error = NULL;
  GPtrArray *checks;

  mc_verifier_set_allow_network (verifier, online);
  checks = mc_pdf_verify_file (path, verifier, NULL, &error);
  g_assert_no_error (error);
  return checks;
}

/* Our signature checks out cryptographically and covers its revision. */
static void
assert_signed_ok (const char *path,
                  guint       n_signatures)
{
  g_autoptr(GPtrArray) checks = verify (path, TRUE);

  g_assert_cmpuint (checks->len, ==, n_signatures);
  for (guint i = 0; i < checks->len; i++)
    {
      McPdfSignatureCheck *check = g_ptr_array_index (checks, i);

      g_assert_true (check->covers_document);
      g_assert_false (check->changed_after);
      g_assert_cmpint (mc_signature_report_get_digest_check (check->report), ==, MC_CHECK_PASSED);
      g_assert_cmpint (mc_signature_report_get_signature_check (check->report), ==, MC_CHECK_PASSED);
      g_assert_true (mc_pdf_signature_check_is_valid (check));
    }
}

static GPtrArray *
make_items (const char *dir,
            const char *out_dir,
            guint       n)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_batch_item_free);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("result-%u.pdf", i);
      g_autofree char *text = g_strdup_printf ("Kết quả số %u", i);
      g_autofree char *in = make_pdf (dir, name, text);
      g_autofree char *out = g_build_filename (out_dir, name, NULL);

      g_ptr_array_add (items, mc_batch_item_new (in, out));
    }
  return items;
}

/* ---- the batch ---- */

typedef struct
{
  guint calls;
  guint pull_after;
  GThread *thread;
  gboolean wrong_thread;
  GCancellable *cancel_after_first;
  guint last_done;
  gboolean freed;
} Progress;

static void
on_progress (guint        done,
             guint        total,
             McBatchItem *item,
             gpointer     user_data)
{
  Progress *p = user_data;

  p->calls++;
  p->last_done = done;
  if (p->thread != NULL && g_thread_self () != p->thread)
    p->wrong_thread = TRUE;
  if (p->pull_after > 0 && done == p->pull_after)
    set_pulled (TRUE);
  if (p->cancel_after_first != NULL)
    g_cancellable_cancel (p->cancel_after_first);
}

static void
test_batch_pulled_and_resumed (void)
{
  g_autofree char *dir = scratch_dir ("batch-pulled");
  g_autofree char *out_dir = scratch_dir ("batch-pulled-out");
  g_autoptr(GPtrArray) items = make_items (dir, out_dir, 5);
  g_autoptr(McPadesSigner) signer = NULL;
  g_autoptr(McSignRequest) request = mc_sign_request_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *empty = NULL;
  g_autoptr(GPtrArray) sums = g_ptr_array_new_with_free_func (g_free);
  Progress progress = { 0 };
  guint before = logins ();

  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (sums, sha256_of (((McBatchItem *) g_ptr_array_index (items, i))->input));
  request->layout = MC_SIGNATURE_LAYOUT_LEADER;
  request->signer_name = g_strdup ("Lê Quốc Hùng");

  signer = open_signer ("Nguyễn Văn An");
  progress.pull_after = 2;
  g_assert_false (mc_batch_sign_sync (signer, items, request, on_progress, &progress, NULL, &error));
  g_assert_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_TOKEN_REMOVED);
  g_clear_error (&error);
  g_assert_cmpuint (logins () - before, ==, 1);
  /* Two signed and reported, the third failed and reported, the rest not
   * reached. */
  g_assert_cmpuint (progress.calls, ==, 3);

  for (guint i = 0; i < items->len; i++)
    {
      McBatchItem *item = g_ptr_array_index (items, i);
      g_autofree char *sum = sha256_of (item->input);

      g_assert_cmpstr (sum, ==, g_ptr_array_index (sums, i));
      if (i < 2)
        {
          g_autofree char *out_sum = sha256_of (item->output);

          g_assert_no_error (item->error);
          g_assert_nonnull (item->result);
          g_assert_false (item->skipped);
          g_assert_cmpstr (item->result->sha256, ==, out_sum);
          g_assert_cmpint (item->result->level, ==, MC_PADES_LEVEL_B_B);
          g_assert_cmpfloat (item->result->token_seconds, >, 0);
          g_assert_cmpfloat (item->result->total_seconds, >=, item->result->token_seconds);
          assert_signed_ok (item->output, 1);
        }
      else
        {
          g_assert_error (item->error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_TOKEN_REMOVED);
          g_assert_null (item->result);
          g_assert_false (g_file_test (item->output, G_FILE_TEST_EXISTS));
        }
    }
  empty = listing (out_dir);
  g_assert_cmpstr (empty, ==, "result-0.pdf result-1.pdf");
  g_clear_object (&signer);

  /* Put back, log in again, run the same items: the first two are
   * skipped, the rest signed. */
  set_pulled (FALSE);
  signer = open_signer ("Nguyễn Văn An");
  memset (&progress, 0, sizeof progress);
  g_assert_true (mc_batch_sign_sync (signer, items, request, on_progress, &progress, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (progress.calls, ==, 5);
  for (guint i = 0; i < items->len; i++)
    {
      McBatchItem *item = g_ptr_array_index (items, i);

      g_assert_no_error (item->error);
      g_assert_nonnull (item->result);
      g_assert_cmpint (item->skipped, ==, i < 2);
      assert_signed_ok (item->output, 1);
    }
}

static void
test_batch_one_login (void)
{
  g_autofree char *dir = scratch_dir ("batch-login");
  g_autofree char *out_dir = scratch_dir ("batch-login-out");
  g_autoptr(GPtrArray) items = make_items (dir, out_dir, 6);
  g_autoptr(McPadesSigner) signer = NULL;
  g_autoptr(McSignRequest) request = mc_sign_request_new ();
  g_autoptr(GError) error = NULL;
  guint before = logins ();

  signer = open_signer ("Trần Thị Bình");
  g_assert_true (mc_batch_sign_sync (signer, items, request, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (logins () - before, ==, 1);
  g_assert_cmpuint (mc_signing_session_get_signature_count (mc_pades_signer_get_session (signer)), ==, 6);
  for (guint i = 0; i < items->len; i++)
    assert_signed_ok (((McBatchItem *) g_ptr_array_index (items, i))->output, 1);
}

static void
free_progress (gpointer data)
{
  Progress *p = data;

  p->freed = TRUE;
  if (g_thread_self () != p->thread)
    p->wrong_thread = TRUE;
}

static void
on_batch_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_batch_async_progress (void)
{
  g_autofree char *dir = scratch_dir ("batch-async");
  g_autofree char *out_dir = scratch_dir ("batch-async-out");
  g_autoptr(GPtrArray) items = make_items (dir, out_dir, 3);
  g_autoptr(McPadesSigner) signer = open_signer ("Nguyễn Văn An");
  g_autoptr(McSignRequest) request = mc_sign_request_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Progress progress = { 0 };

  progress.thread = g_thread_self ();
  request->layout = MC_SIGNATURE_LAYOUT_ATTACHMENT;
  request->document_number = g_strdup ("7/GXN-UBND");
  mc_batch_sign_async (signer, items, request, on_progress, &progress, free_progress, NULL,
                       on_batch_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (mc_batch_sign_finish (signer, result, &error));
  g_assert_no_error (error);
  /* Every progress call ran on this thread, before the end was reported. */
  g_assert_cmpuint (progress.calls, ==, 3);
  g_assert_cmpuint (progress.last_done, ==, 3);
  g_assert_false (progress.wrong_thread);
  g_clear_object (&result);
  /* The progress data is freed on this context too, after the task. */
  while (!progress.freed)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (progress.freed);
  g_assert_false (progress.wrong_thread);
  for (guint i = 0; i < items->len; i++)
    assert_signed_ok (((McBatchItem *) g_ptr_array_index (items, i))->output, 1);
}

static void
test_batch_cancel (void)
{
  g_autofree char *dir = scratch_dir ("batch-cancel");
  g_autofree char *out_dir = scratch_dir ("batch-cancel-out");
  g_autoptr(GPtrArray) items = make_items (dir, out_dir, 4);
  g_autoptr(McPadesSigner) signer = open_signer ("Nguyễn Văn An");
  g_autoptr(McSignRequest) request = mc_sign_request_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *left = NULL;
  Progress progress = { 0 };

  progress.cancel_after_first = cancellable;
  g_assert_false (mc_batch_sign_sync (signer, items, request, on_progress, &progress, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (progress.calls, ==, 1);
  for (guint i = 1; i < items->len; i++)
    g_assert_error (((McBatchItem *) g_ptr_array_index (items, i))->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  left = listing (out_dir);
  g_assert_cmpstr (left, ==, "result-0.pdf");
}

/* ---- single documents: failures leave nothing ---- */

static void
test_failures_leave_nothing (void)
{
  g_autofree char *dir = scratch_dir ("failures");
  g_autofree char *input = make_pdf (dir, "in.pdf", "Hồ sơ");
  g_autofree char *output = g_build_filename (dir, "out.pdf", NULL);
  g_autofree char *before = listing (dir);
  g_autofree char *sum = sha256_of (input);
  g_autoptr(McPadesSigner) signer = open_signer ("Nguyễn Văn An");
  struct {
    const char *what;
    McPadesLevel level;
    const char *tsa;
    const char *ocsp;
    McSignatureLayout layout;
    guint page;
    GQuark domain;
    int code;
  } cases[] = {
    { "TSA down", MC_PADES_LEVEL_B_T, "MC_PKI_DOWN_URL", NULL, MC_SIGNATURE_LAYOUT_LEADER, 0, MC_SIGNING_ERROR, MC_SIGNING_ERROR_TSA },
    { "TSA answers garbage", MC_PADES_LEVEL_B_T, "garbage", NULL, MC_SIGNATURE_LAYOUT_INVISIBLE, 0, MC_SIGNING_ERROR, MC_SIGNING_ERROR_TSA },
    { "OCSP down (B-LT)", MC_PADES_LEVEL_B_LT, "MC_PKI_TSA_URL", "MC_PKI_DOWN_URL", MC_SIGNATURE_LAYOUT_ORGANISATION, 0, MC_SIGNING_ERROR, MC_SIGNING_ERROR_OCSP },
    { "no such page", MC_PADES_LEVEL_B_B, NULL, NULL, MC_SIGNATURE_LAYOUT_LEADER, 4, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_NO_SUCH_PAGE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(McSignRequest) request = mc_sign_request_new ();
      g_autoptr(McSignResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *after = NULL;
      g_autofree char *sum_after = NULL;

      g_test_message ("%s", cases[i].what);
      request->level = cases[i].level;
      request->layout = cases[i].layout;
      request->page_index = cases[i].page;
      if (g_strcmp0 (cases[i].tsa, "garbage") == 0)
        request->tsa_url = g_strconcat (env ("MC_PKI_HTTP_URL"), "/tsa-garbage", NULL);
      else if (cases[i].tsa != NULL)
        request->tsa_url = g_strdup (env (cases[i].tsa));
      if (cases[i].ocsp != NULL)
        request->ocsp_url = g_strdup (env (cases[i].ocsp));
      result = mc_pades_signer_sign_file (signer, input, output, request, NULL, &error);
      g_assert_null (result);
      g_assert_error (error, cases[i].domain, cases[i].code);
      g_assert_true (g_utf8_validate (error->message, -1, NULL) && strlen (error->message) > 20);
      after = listing (dir);
      g_assert_cmpstr (after, ==, before);
      sum_after = sha256_of (input);
      g_assert_cmpstr (sum_after, ==, sum);
    }

  /* The output may not be the input. */
  {
    g_autoptr(McSignRequest) request = mc_sign_request_new ();
    g_autoptr(GError) error = NULL;
    g_autoptr(McSignResult) result = mc_pades_signer_sign_file (signer, input, input, request, NULL, &error);
    g_autofree char *sum_after = sha256_of (input);

    g_assert_null (result);
    g_assert_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_INVALID_ARGUMENT);
    g_assert_cmpstr (sum_after, ==, sum);
  }

  /* Cancelled before the token signs. */
  {
    g_autoptr(McSignRequest) request = mc_sign_request_new ();
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GError) error = NULL;
    g_autoptr(McSignResult) result = NULL;
    g_autofree char *after = NULL;

    g_cancellable_cancel (cancellable);
    result = mc_pades_signer_sign_file (signer, input, output, request, cancellable, &error);
    g_assert_null (result);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    after = listing (dir);
    g_assert_cmpstr (after, ==, before);
  }

  /* With allow-lower, the TSA down gives B-B and says why. */
  {
    g_autoptr(McSignRequest) request = mc_sign_request_new ();
    g_autoptr(GError) error = NULL;
    g_autoptr(McSignResult) result = NULL;

    request->level = MC_PADES_LEVEL_B_T;
    request->tsa_url = g_strdup (env ("MC_PKI_DOWN_URL"));
    request->allow_lower_level = TRUE;
    result = mc_pades_signer_sign_file (signer, input, output, request, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (result->level, ==, MC_PADES_LEVEL_B_B);
    g_assert_nonnull (result->warning);
    assert_signed_ok (output, 1);
  }
}

/* ---- B-LT ---- */

static void
test_b_lt (void)
{
  g_autofree char *dir = scratch_dir ("blt");
  g_autofree char *input = make_pdf (dir, "in.pdf", "Giấy xác nhận");
  g_autofree char *output = g_build_filename (dir, "out.pdf", NULL);
  g_autoptr(McPadesSigner) signer = open_signer ("Trần Thị Bình");
  g_autoptr(McSignRequest) request = mc_sign_request_new ();
  g_autoptr(McSignResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autofree char *sum = NULL;
  McPdfSignatureCheck *check;

  request->level = MC_PADES_LEVEL_B_LT;
  request->tsa_url = g_strdup (env ("MC_PKI_TSA_URL"));
  result = mc_pades_signer_sign_file (signer, input, output, request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->level, ==, MC_PADES_LEVEL_B_LT);
  g_assert_null (result->warning);
  sum = sha256_of (output);
  g_assert_cmpstr (result->sha256, ==, sum);

  /* Offline: everything the verdict needs is in the document. */
  checks = verify (output, FALSE);
  g_assert_cmpuint (checks->len, ==, 1);
  check = g_ptr_array_index (checks, 0);
  g_assert_cmpint (check->level, ==, MC_PADES_LEVEL_B_LT);
  g_assert_cmpint (mc_signature_report_get_status (check->report), ==, MC_SIGNATURE_STATUS_VALID);
  g_assert_cmpint (mc_signature_report_get_revocation_check (check->report), ==, MC_CHECK_PASSED);
  g_assert_cmpint (mc_signature_report_get_timestamp_check (check->report), ==, MC_CHECK_PASSED);
  g_assert_true (check->covers_document);
  g_assert_false (check->changed_after);
  g_assert_nonnull (strstr (check->changes, "DSS"));
  g_assert_cmpstr (check->signer, ==, "Trần Thị Bình");
  g_assert_nonnull (check->signing_time);
}

/* ---- what may change after a signature ---- */

/* Appends an update to @path (into @out) that gives page 1 new content
 * (@content) or a new text annotation. */
static void
append_update (const char *path,
               const char *out,
               gboolean    content)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McPdfDocument) doc = mc_pdf_document_open (path, NULL, &error);
  g_autoptr(McPdfPage) page = NULL;
  g_autoptr(McPdfUpdate) up = NULL;
  g_autoptr(McPdfObj) dict = NULL;
  guint32 num;

  g_assert_no_error (error);
  page = mc_pdf_document_get_page (doc, 0, &error);
  g_assert_no_error (error);
  up = mc_pdf_update_begin (doc, out, NULL, &error);
  g_assert_no_error (error);
  dict = mc_pdf_obj_copy (page->dict);
  num = mc_pdf_update_new_num (up);
  if (content)
    {
      static const char ops[] = "0 0 1 rg 72 500 300 100 re f";
      g_autoptr(GBytes) data = g_bytes_new_static (ops, sizeof ops - 1);
      g_autoptr(McPdfObj) stream_dict = mc_pdf_obj_new_dict ();
      g_autoptr(McPdfObj) stream = mc_pdf_obj_new_stream (stream_dict, data);

      g_assert_true (mc_pdf_update_write_object (up, num, 0, stream, &error));
      mc_pdf_dict_take (dict, "Contents", mc_pdf_obj_new_ref (num, 0));
    }
  else
    {
      g_autoptr(McPdfObj) annot = mc_pdf_obj_new_dict ();
      g_autoptr(McPdfObj) annots = mc_pdf_document_dict_lookup (doc, page->dict, "Annots", &error);
      g_autoptr(McPdfObj) list = annots ? mc_pdf_obj_copy (annots) : mc_pdf_obj_new_array ();
      double rect[4] = { 72, 600, 92, 620 };

      mc_pdf_dict_take (annot, "Type", mc_pdf_obj_new_name ("Annot"));
      mc_pdf_dict_take (annot, "Subtype", mc_pdf_obj_new_name ("Text"));
      mc_pdf_dict_take (annot, "Rect", mc_pdf_obj_new_rect (rect));
      mc_pdf_dict_take (annot, "Contents", mc_pdf_obj_new_text ("Ghi chú của văn thư"));
      g_assert_true (mc_pdf_update_write_object (up, num, 0, annot, &error));
      mc_pdf_array_take (list, mc_pdf_obj_new_ref (num, 0));
      mc_pdf_dict_set (dict, "Annots", list);
    }
  g_assert_no_error (error);
  g_assert_true (mc_pdf_update_write_object (up, page->num, page->gen, dict, &error));
  g_assert_true (mc_pdf_update_finish_xref (up, NULL, &error));
  g_assert_true (mc_pdf_update_commit (up, &error));
  g_assert_no_error (error);
}

static void
test_changes_after_signing (void)
{
  g_autofree char *dir = scratch_dir ("changes");
  g_autofree char *input = make_pdf (dir, "in.pdf", "Quyết định");
  g_autofree char *signed_path = g_build_filename (dir, "signed.pdf", NULL);
  g_autofree char *twice = g_build_filename (dir, "twice.pdf", NULL);
  g_autofree char *annotated = g_build_filename (dir, "annotated.pdf", NULL);
  g_autofree char *changed = g_build_filename (dir, "changed.pdf", NULL);
  g_autoptr(McPadesSigner) leader = open_signer ("Nguyễn Văn An");
  g_autoptr(McSignRequest) request = mc_sign_request_new ();
  g_autoptr(McSignResult) r1 = NULL;
  g_autoptr(McSignResult) r2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  McPdfSignatureCheck *first;

  /* An approval signature: a certification (the default) forbids the
   * annotation below, as checked at the end. */
  request->layout = MC_SIGNATURE_LAYOUT_LEADER;
  request->approval = TRUE;
  r1 = mc_pades_signer_sign_file (leader, input, signed_path, request, NULL, &error);
  g_assert_no_error (error);
  request->layout = MC_SIGNATURE_LAYOUT_ORGANISATION;
  r2 = mc_pades_signer_sign_file (leader, signed_path, twice, request, NULL, &error);
  g_assert_no_error (error);

  /* A second signature is fine for the first. */
  checks = verify (twice, TRUE);
  g_assert_cmpuint (checks->len, ==, 2);
  first = g_ptr_array_index (checks, 0);
  g_assert_false (first->changed_after);
  g_assert_true (mc_pdf_signature_check_is_valid (first));
  g_assert_nonnull (strstr (first->changes, "1 signature"));
  g_assert_cmpint (first->verdict, ==, MC_PDF_VERDICT_VALID_WITH_CHANGES);
  g_assert_cmpint (first->modification_level, ==, MC_MODIFICATION_FORM);
  g_clear_pointer (&checks, g_ptr_array_unref);

  /* A small annotation is allowed by an approval signature, and listed. */
  append_update (signed_path, annotated, FALSE);
  checks = verify (annotated, TRUE);
  first = g_ptr_array_index (checks, 0);
  g_assert_false (first->changed_after);
  g_assert_true (first->covers_document);
  g_assert_nonnull (strstr (first->changes, "annotation covering"));
  g_assert_true (mc_pdf_signature_check_is_valid (first));
  g_assert_cmpint (first->verdict, ==, MC_PDF_VERDICT_VALID_WITH_CHANGES);
  g_assert_cmpint (first->modification_level, ==, MC_MODIFICATION_ANNOTATIONS);
  g_assert_false (first->certification);
  g_clear_pointer (&checks, g_ptr_array_unref);

  /* New page content is not: the digest still checks, the check says
   * the document shown is not the one signed. */
  append_update (signed_path, changed, TRUE);
  checks = verify (changed, TRUE);
  first = g_ptr_array_index (checks, 0);
  g_assert_cmpint (mc_signature_report_get_digest_check (first->report), ==, MC_CHECK_PASSED);
  g_assert_true (first->covers_document);
  g_assert_true (first->changed_after);
  g_assert_nonnull (strstr (first->changes, "Page 1 was changed after signing (Contents)"));
  g_assert_false (mc_pdf_signature_check_is_valid (first));
  g_assert_cmpint (first->verdict, ==, MC_PDF_VERDICT_INVALID);
  g_clear_pointer (&checks, g_ptr_array_unref);

  /* Certified (the default): the same annotation is not allowed. */
  {
    g_autofree char *certified = g_build_filename (dir, "certified.pdf", NULL);
    g_autofree char *cert_annotated = g_build_filename (dir, "certified-annotated.pdf", NULL);
    g_autoptr(McSignResult) r3 = NULL;

    request->approval = FALSE;
    request->layout = MC_SIGNATURE_LAYOUT_LEADER;
    r3 = mc_pades_signer_sign_file (leader, input, certified, request, NULL, &error);
    g_assert_no_error (error);
    append_update (certified, cert_annotated, FALSE);
    checks = verify (cert_annotated, TRUE);
    first = g_ptr_array_index (checks, 0);
    g_assert_true (first->certification);
    g_assert_cmpint (first->docmdp, ==, 2);
    g_assert_cmpint (first->verdict, ==, MC_PDF_VERDICT_INVALID);
    g_assert_nonnull (first->disallowed_changes);
    g_assert_nonnull (strstr (first->disallowed_changes[0], "DocMDP P=2"));
  }
}

/* ---- poppler's opinion ---- */

static void
test_poppler_agrees (void)
{
  g_autofree char *dir = scratch_dir ("poppler");
  g_autofree char *input = make_pdf (dir, "in.pdf", "Văn bản");
  g_autofree char *one = g_build_filename (dir, "one.pdf", NULL);
  g_autofree char *two = g_build_filename (dir, "two.pdf", NULL);
  g_autofree char *uri = NULL;
  g_autofree char *tampered = g_build_filename (dir, "tampered.pdf", NULL);
  g_autoptr(McPadesSigner) rsa = open_signer ("Nguyễn Văn An");
  g_autoptr(McPadesSigner) ec = NULL;
  g_autoptr(McSignRequest) request = mc_sign_request_new ();
  g_autoptr(McSignResult) r1 = NULL;
  g_autoptr(McSignResult) r2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(PopplerDocument) doc = NULL;
  g_autofree char *data = NULL;
  GList *fields;
  gsize len;
  guint i = 0;

  request->layout = MC_SIGNATURE_LAYOUT_LEADER;
  request->level = MC_PADES_LEVEL_B_T;
  request->tsa_url = g_strdup (env ("MC_PKI_TSA_URL"));
  r1 = mc_pades_signer_sign_file (rsa, input, one, request, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&rsa);
  ec = open_signer ("Trần Thị Bình");
  request->layout = MC_SIGNATURE_LAYOUT_ATTACHMENT;
  r2 = mc_pades_signer_sign_file (ec, one, two, request, NULL, &error);
  g_assert_no_error (error);

  checks = verify (two, TRUE);
  uri = g_filename_to_uri (two, NULL, NULL);
  doc = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_signatures (doc), ==, 2);
  fields = poppler_document_get_signature_fields (doc);
  g_assert_cmpuint (g_list_length (fields), ==, checks->len);
  for (GList *l = fields; l != NULL; l = l->next, i++)
    {
      PopplerSignatureInfo *info = poppler_form_field_signature_validate_sync (l->data, 0, NULL, &error);
      McPdfSignatureCheck *check = NULL;
      g_autofree char *name = poppler_form_field_get_partial_name (l->data);

      g_assert_no_error (error);
      for (guint k = 0; k < checks->len; k++)
        if (g_strcmp0 (((McPdfSignatureCheck *) g_ptr_array_index (checks, k))->field_name, name) == 0)
          check = g_ptr_array_index (checks, k);
      g_assert_nonnull (check);
      g_assert_cmpint (poppler_signature_info_get_signature_status (info), ==, POPPLER_SIGNATURE_VALID);
      g_assert_cmpint (mc_signature_report_get_digest_check (check->report), ==, MC_CHECK_PASSED);
      g_assert_cmpstr (poppler_signature_info_get_signer_name (info), ==, check->signer);
      poppler_signature_info_free (info);
    }
  g_list_free_full (fields, g_object_unref);
  g_clear_object (&doc);
  g_clear_pointer (&checks, g_ptr_array_unref);

  /* A byte of the first signed range changed: both say so. */
  g_assert_true (g_file_get_contents (two, &data, &len, NULL));
  {
    char *m = NULL;

    for (gsize k = 0; k + 6 <= len && m == NULL; k++)
      if (memcmp (data + k, "/M (D:", 6) == 0)
        m = data + k;

    g_assert_nonnull (m);
    m[6] = m[6] == '2' ? '1' : '2';
  }
  g_assert_true (g_file_set_contents (tampered, data, (gssize) len, NULL));
  checks = verify (tampered, FALSE);
  g_free (uri);
  uri = g_filename_to_uri (tampered, NULL, NULL);
  doc = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  fields = poppler_document_get_signature_fields (doc);
  {
    PopplerSignatureInfo *info = poppler_form_field_signature_validate_sync (fields->data, 0, NULL, &error);
    McPdfSignatureCheck *check = g_ptr_array_index (checks, 0);

    g_assert_cmpint (poppler_signature_info_get_signature_status (info), ==, POPPLER_SIGNATURE_DIGEST_MISMATCH);
    g_assert_cmpint (mc_signature_report_get_digest_check (check->report), ==, MC_CHECK_FAILED);
    g_assert_cmpint (mc_signature_report_get_status (check->report), ==, MC_SIGNATURE_STATUS_INVALID);
    poppler_signature_info_free (info);
  }
  g_list_free_full (fields, g_object_unref);
}

/* ---- the seal's real size ---- */

static void
test_png_real_size (void)
{
  g_autofree char *dir = scratch_dir ("png");
  g_autofree char *path = g_build_filename (dir, "plain.png", NULL);
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 425, 425);
  double w = 0, h = 0;

  g_assert_cmpint (cairo_surface_write_to_png (s, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (s);
  /* No pHYs: 300 dpi, so 425 px are 36 mm = 102 pt. */
  g_assert_true (mc_signature_png_size (path, 425, 425, &w, &h));
  g_assert_cmpfloat_with_epsilon (w, 102.0, 0.1);
  g_assert_cmpfloat_with_epsilon (h, 102.0, 0.1);
  g_assert_true (g_file_set_contents (path, "%PDF-1.4 not a PNG", -1, NULL));
  g_assert_false (mc_signature_png_size (path, 1, 1, &w, &h));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  const char *shim = NULL;
  int ret;

  for (int i = 1; i < argc; i++)
    if (g_str_has_prefix (argv[i], "--shim="))
      {
        shim = argv[i] + strlen ("--shim=");
        memmove (&argv[i], &argv[i + 1], (argc - i) * sizeof (char *));
        argc--;
        break;
      }

  g_test_init (&argc, &argv, NULL);
  if (shim == NULL)
    g_error ("usage: %s --shim=PATH-OF-mc-test-token.so", argv[0]);

  pki = mc_test_pki_start ();
  state_dir = mc_test_pki_path (pki, "token-state");
  g_assert_cmpint (g_mkdir_with_parents (state_dir, 0700), ==, 0);
  g_setenv ("MC_TEST_TOKEN_STATE", state_dir, TRUE);
  g_setenv ("MC_TEST_TOKEN_MODULE", env ("MC_PKI_SOFTHSM2_MODULE"), TRUE);
  {
    const char *paths[] = { shim, NULL };

    if (!mc_pkcs11_configure (paths, FALSE, &error))
      g_error ("%s", error->message);
  }

  g_test_add_func ("/pades/batch/pulled-and-resumed", test_batch_pulled_and_resumed);
  g_test_add_func ("/pades/batch/one-login", test_batch_one_login);
  g_test_add_func ("/pades/batch/async-progress", test_batch_async_progress);
  g_test_add_func ("/pades/batch/cancel", test_batch_cancel);
  g_test_add_func ("/pades/sign/failures-leave-nothing", test_failures_leave_nothing);
  g_test_add_func ("/pades/sign/b-lt", test_b_lt);
  g_test_add_func ("/pades/verify/changes-after-signing", test_changes_after_signing);
  g_test_add_func ("/pades/verify/poppler-agrees", test_poppler_agrees);
  g_test_add_func ("/pades/appearance/png-real-size", test_png_real_size);

  ret = g_test_run ();
  mc_test_pki_stop (pki);
  g_free (state_dir);
  return ret;
}
