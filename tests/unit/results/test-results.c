/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Result documents and their signatures on a real store: the specialist
 * attaches a PDF result, the leader signs it (an approved dossier moves to
 * "signed"), the clerk adds the organisation's seal with the issue number
 * and the dossier is numbered and sealed. Every write is one transaction
 * with exactly one timeline entry, outbox op and audit entry (two of each
 * when the seal numbers the dossier too); a wrong role, a wrong step, a
 * missing issue number, a file that is not a PDF, a signed file made from
 * another version and a signature the result already has are refused with
 * nothing written. The CLI's `result add|list` is checked on the same
 * store. PDFs are drawn with cairo at test time. */
#define G_LOG_DOMAIN "motcua-test"

#define CLI_PASSWORD "mat-khau-thu"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <string.h>

#include "domain/mc-state.h"
#include "store/mc-audit.h"
#include "store/mc-blob-store.h"
#include "store/mc-desk-results.h"
#include "store/mc-officer-auth.h"
#include "workflow-fixture.h"
#include "store/mc-desk-private.h"

typedef struct
{
  gint64 files, timeline, outbox, audit, signatures, version;
} Counts;

static Counts
counts (Fixture    *fixture,
        const char *code)
{
  McStore *store = mc_desk_get_store (fixture->desk);
  g_autofree char *version_sql = g_strdup_printf ("SELECT version FROM dossier WHERE code = '%s'", code);
  Counts c;

  c.files = fixture_count (store, "SELECT count(*) FROM dossier_file");
  c.timeline = fixture_count (store, "SELECT count(*) FROM timeline");
  c.outbox = fixture_count (store, "SELECT count(*) FROM outbox");
  c.audit = fixture_count (store, "SELECT count(*) FROM audit");
  c.signatures = fixture_count (store, "SELECT count(*) FROM result_signature");
  c.version = fixture_count (store, version_sql);

  return c;
}

static void
assert_counts_grew (Counts before,
                    Counts after,
                    gint64 files,
                    gint64 changes,
                    gint64 signatures)
{
  g_assert_cmpint (after.files - before.files, ==, files);
  g_assert_cmpint (after.timeline - before.timeline, ==, changes);
  g_assert_cmpint (after.outbox - before.outbox, ==, changes);
  g_assert_cmpint (after.audit - before.audit, ==, changes);
  g_assert_cmpint (after.version - before.version, ==, changes);
  g_assert_cmpint (after.signatures - before.signatures, ==, signatures);
}

/* A one-page A4 PDF with a line of text, made by cairo. */
static char *
make_pdf (Fixture    *fixture,
          const char *name,
          const char *text)
{
  g_autofree char *path = g_build_filename (fixture->tmp, name, NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (surface);

  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 14);
  cairo_move_to (cr, 72, 100);
  cairo_show_text (cr, text);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  return g_steal_pointer (&path);
}

/* What a signer would hand back: the input with an incremental part added
 * (the store records files, it does not check signatures). */
static char *
fake_signed_copy (Fixture    *fixture,
                  const char *input,
                  const char *tag)
{
  g_autofree char *contents = NULL;
  g_autoptr(GString) more = NULL;
  g_autofree char *name = g_strdup_printf ("signed-%s.pdf", tag);
  g_autofree char *path = g_build_filename (fixture->tmp, name, NULL);
  gsize length = 0;

  /* PDFs hold binary streams: copy by length, not as a string. */
  g_assert_true (g_file_get_contents (input, &contents, &length, NULL));
  more = g_string_new_len (contents, length);
  g_string_append_printf (more, "\n%% signed: %s\n", tag);
  g_assert_true (g_file_set_contents (path, more->str, more->len, NULL));

  return g_steal_pointer (&path);
}

static char *
sha256_of (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static void
act (Fixture    *fixture,
     const char *login,
     const char *code,
     const char *action)
{
  McActionParams params = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *op_id = NULL;

  params.reason = g_str_equal (action, "record_opinion") ? (char *) "Đủ điều kiện" : NULL;
  params.department = g_str_equal (action, "forward") ? (char *) "Tư pháp – Hộ tịch" : NULL;
  mc_desk_set_officer_login (fixture->desk, login);
  op_id = mc_desk_act (fixture->desk, code, action, &params, &error);
  g_assert_no_error (error);
  g_assert_nonnull (op_id);
}

/* Received, forwarded and reviewed: the specialist may attach results. */
static char *
reviewed_dossier (Fixture *fixture)
{
  g_autoptr(McReception) reception = fixture_birth_reception ();
  g_autoptr(McReceptionResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) at = g_date_time_new (mc_vietnam_time_zone (), 2026, 12, 8, 9, 0, 0);

  reception->received_at = g_date_time_to_unix (at);
  mc_desk_set_officer_login (fixture->desk, "lan");
  result = mc_desk_receive (fixture->desk, reception, NULL, &error);
  g_assert_no_error (error);
  /* Everything after happens later that morning, in order. */
  mc_desk_set_clock (fixture->desk, g_date_time_to_unix (at) + 3600);
  act (fixture, "lan", result->code, "forward");
  act (fixture, "minh", result->code, "record_opinion");

  return g_strdup (result->code);
}

static char *
attach (Fixture    *fixture,
        const char *code,
        const char *path)
{
  g_autoptr(GError) error = NULL;
  char *op_id;

  mc_desk_set_officer_login (fixture->desk, "minh");
  op_id = mc_desk_attach_result (fixture->desk, code, path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (op_id));

  return op_id;
}

static McSignatureRecord *
record_for (McResultFile    *file,
            McSignatureKind  kind,
            const char      *signer,
            const char      *issue_number)
{
  McSignatureRecord *record = mc_signature_record_new ();

  record->file_id = file->id;
  record->kind = kind;
  record->input_sha256 = g_strdup (file->current_sha256);
  record->signer = g_strdup (signer);
  record->level = g_strdup ("B-T");
  record->issue_number = g_strdup (issue_number);

  return record;
}

static GPtrArray *
results (Fixture    *fixture,
         const char *code)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *files = mc_desk_list_results (fixture->desk, code, &error);

  g_assert_no_error (error);
  return files;
}

static JsonObject *
last_op (Fixture    *fixture,
         const char *type,
         JsonNode  **keep)
{
  g_autofree char *sql = g_strdup_printf ("SELECT payload FROM outbox WHERE type = '%s' ORDER BY seq DESC LIMIT 1",
                                          type);
  g_autofree char *payload = fixture_text (mc_desk_get_store (fixture->desk), sql);
  g_autoptr(GError) error = NULL;

  *keep = json_from_string (payload, &error);
  g_assert_no_error (error);
  return json_node_get_object (*keep);
}

static void
test_attach (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autofree char *code = reviewed_dossier (fixture);
  g_autofree char *pdf = make_pdf (fixture, "giay-khai-sinh.pdf", "Giay khai sinh");
  g_autofree char *sha = sha256_of (pdf);
  g_autofree char *op_id = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(JsonNode) keep = NULL;
  g_autoptr(McDossier) dossier = NULL;
  JsonObject *op, *file;
  Counts before = counts (fixture, code);
  McResultFile *result;

  op_id = attach (fixture, code, pdf);
  assert_counts_grew (before, counts (fixture, code), 1, 1, 0);

  files = results (fixture, code);
  g_assert_cmpuint (files->len, ==, 1);
  result = g_ptr_array_index (files, 0);
  g_assert_cmpstr (result->name, ==, "giay-khai-sinh.pdf");
  g_assert_cmpstr (result->sha256, ==, sha);
  g_assert_cmpstr (result->current_sha256, ==, sha);
  g_assert_cmpstr (result->added_by, ==, "minh");
  g_assert_cmpuint (result->signatures->len, ==, 0);
  g_assert_true (mc_blob_store_has (mc_store_get_blob_dir (mc_desk_get_store (fixture->desk)), sha));

  op = last_op (fixture, "attach_result", &keep);
  g_assert_cmpstr (json_object_get_string_member (op, "officer"), ==, "minh");
  file = json_object_get_object_member (op, "file");
  g_assert_cmpstr (json_object_get_string_member (file, "sha256"), ==, sha);
  g_assert_cmpint (json_object_get_int_member (file, "id"), ==, result->id);
  /* The portal's list of results names it. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_object_get_object_member (op, "dossier"),
                                                                         "DanhSachGiayToKetQua")), ==, 1);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM outbox WHERE op_id = '%s' AND type = 'attach_result'",
                                            op_id);
    g_autofree char *audit_sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE action = 'attach_result'"
                                                  " AND detail LIKE '%%%s%%'", op_id);

    g_assert_cmpint (fixture_count (mc_desk_get_store (fixture->desk), sql), ==, 1);
    g_assert_cmpint (fixture_count (mc_desk_get_store (fixture->desk), audit_sql), ==, 1);
  }

  dossier = mc_desk_load_dossier (fixture->desk, code, NULL);
  g_assert_cmpstr (((McTimelineEntry *) g_ptr_array_index (dossier->timeline, dossier->timeline->len - 1))->action,
                   ==, "attach_result");
  g_assert_cmpstr (dossier->step, ==, "reviewed");
}

static void
test_attach_refused (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autofree char *code = reviewed_dossier (fixture);
  g_autofree char *pdf = make_pdf (fixture, "ket-qua.pdf", "Ket qua");
  g_autofree char *text = g_build_filename (fixture->tmp, "ket-qua.txt", NULL);
  g_autofree char *blobs = g_strdup (mc_store_get_blob_dir (mc_desk_get_store (fixture->desk)));
  g_autoptr(GError) error = NULL;
  g_autofree char *op_id = NULL;
  Counts before = counts (fixture, code);

  /* The reception officer may not attach results. */
  mc_desk_set_officer_login (fixture->desk, "lan");
  op_id = mc_desk_attach_result (fixture->desk, code, pdf, NULL, &error);
  g_assert_null (op_id);
  g_assert_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_ROLE);
  g_assert_nonnull (strstr (error->message, "specialist"));
  g_clear_error (&error);
  assert_counts_grew (before, counts (fixture, code), 0, 0, 0);

  /* Not a PDF: refused before anything is copied. */
  g_assert_true (g_file_set_contents (text, "Kết quả giải quyết", -1, NULL));
  mc_desk_set_officer_login (fixture->desk, "minh");
  op_id = mc_desk_attach_result (fixture->desk, code, text, NULL, &error);
  g_assert_null (op_id);
  g_assert_error (error, MC_RESULT_ERROR, MC_RESULT_ERROR_NOT_PDF);
  {
    g_autofree char *text_sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "Kết quả giải quyết", -1);

    g_assert_false (mc_blob_store_has (blobs, text_sha));
  }
  g_clear_error (&error);
  assert_counts_grew (before, counts (fixture, code), 0, 0, 0);

  /* A missing file. */
  op_id = mc_desk_attach_result (fixture->desk, code, "/nonexistent/ket-qua.pdf", NULL, &error);
  g_assert_null (op_id);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Once with the leader, the draft is frozen. */
  act (fixture, "minh", code, "submit_to_leader");
  before = counts (fixture, code);
  mc_desk_set_officer_login (fixture->desk, "minh");
  op_id = mc_desk_attach_result (fixture->desk, code, pdf, NULL, &error);
  g_assert_null (op_id);
  g_assert_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_ILLEGAL_TRANSITION);
  g_clear_error (&error);
  assert_counts_grew (before, counts (fixture, code), 0, 0, 0);

  /* An unknown dossier. */
  op_id = mc_desk_attach_result (fixture->desk, "H40.12.03.X05-261208-9999", pdf, NULL, &error);
  g_assert_null (op_id);
  g_assert_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_NOT_FOUND);
}

static char *
sign_ok (Fixture           *fixture,
         const char        *login,
         const char        *code,
         McSignatureRecord *record,
         const char        *signed_path)
{
  g_autoptr(GError) error = NULL;
  char *op_id;

  mc_desk_set_officer_login (fixture->desk, login);
  op_id = mc_desk_record_signature (fixture->desk, code, record, signed_path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (op_id));

  return op_id;
}

static void
sign_refused (Fixture           *fixture,
              const char        *login,
              const char        *code,
              McSignatureRecord *record,
              const char        *signed_path,
              GQuark             domain,
              int                code_expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *op_id = NULL;
  Counts before = counts (fixture, code);
  g_autofree char *step_sql = g_strdup_printf ("SELECT step FROM dossier WHERE code = '%s'", code);
  g_autofree char *step = fixture_text (mc_desk_get_store (fixture->desk), step_sql);
  g_autofree char *step_after = NULL;
  g_autofree char *signed_before = fixture_text (mc_desk_get_store (fixture->desk),
                                                 "SELECT group_concat (coalesce (signed_sha256, '-')) FROM dossier_file");
  g_autofree char *signed_after = NULL;

  mc_desk_set_officer_login (fixture->desk, login);
  op_id = mc_desk_record_signature (fixture->desk, code, record, signed_path, NULL, &error);
  g_assert_null (op_id);
  g_assert_error (error, domain, code_expected);
  g_test_message ("refused as expected: %s", error->message);
  assert_counts_grew (before, counts (fixture, code), 0, 0, 0);
  step_after = fixture_text (mc_desk_get_store (fixture->desk), step_sql);
  g_assert_cmpstr (step_after, ==, step);
  signed_after = fixture_text (mc_desk_get_store (fixture->desk),
                               "SELECT group_concat (coalesce (signed_sha256, '-')) FROM dossier_file");
  g_assert_cmpstr (signed_after, ==, signed_before);
}

static void
test_sign_and_seal (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autofree char *code = reviewed_dossier (fixture);
  g_autofree char *pdf1 = make_pdf (fixture, "giay-khai-sinh.pdf", "Giay khai sinh");
  g_autofree char *pdf2 = make_pdf (fixture, "ban-sao.pdf", "Ban sao trich luc");
  g_autofree char *op1 = attach (fixture, code, pdf1);
  g_autofree char *op2 = attach (fixture, code, pdf2);
  g_autofree char *leader1 = fake_signed_copy (fixture, pdf1, "leader-1");
  g_autofree char *leader2 = fake_signed_copy (fixture, pdf2, "leader-2");
  g_autofree char *seal1 = NULL;
  g_autofree char *seal2 = NULL;
  g_autofree char *op_id = NULL;
  g_autoptr(GPtrArray) files = results (fixture, code);
  g_autoptr(McSignatureRecord) record = NULL;
  g_autoptr(McDossier) dossier = NULL;
  g_autoptr(JsonNode) keep = NULL;
  JsonObject *op, *file;
  Counts before;

  g_assert_cmpuint (files->len, ==, 2);
  act (fixture, "minh", code, "submit_to_leader");

  /* Still waiting for the leader's approval: not yet. */
  record = record_for (g_ptr_array_index (files, 0), MC_SIGNATURE_KIND_LEADER, "Lê Quốc Hùng", NULL);
  sign_refused (fixture, "hung", code, record, leader1, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_ILLEGAL_TRANSITION);
  act (fixture, "hung", code, "approve");

  /* Only the leader signs as the leader. */
  sign_refused (fixture, "minh", code, record, leader1, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_ROLE);
  sign_refused (fixture, "ha", code, record, leader1, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_ROLE);
  /* The organisation cannot seal before the leader signed. */
  {
    g_autoptr(McSignatureRecord) early = record_for (g_ptr_array_index (files, 0), MC_SIGNATURE_KIND_ORGANISATION,
                                                     "UBND xã Tân Phú", "15/GKS");

    sign_refused (fixture, "ha", code, early, leader1, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_ILLEGAL_TRANSITION);
  }
  /* A result of another dossier, or a record without a signer. */
  {
    g_autoptr(McSignatureRecord) other = mc_signature_record_copy (record);

    other->file_id = 9999;
    sign_refused (fixture, "hung", code, other, leader1, MC_RESULT_ERROR, MC_RESULT_ERROR_NOT_A_RESULT);
    other->file_id = record->file_id;
    g_clear_pointer (&other->signer, g_free);
    sign_refused (fixture, "hung", code, other, leader1, MC_RESULT_ERROR, MC_RESULT_ERROR_INVALID);
  }

  /* The leader signs the first result: the approved dossier is signed. */
  before = counts (fixture, code);
  op_id = sign_ok (fixture, "hung", code, record, leader1);
  assert_counts_grew (before, counts (fixture, code), 0, 1, 1);
  dossier = mc_desk_load_dossier (fixture->desk, code, NULL);
  g_assert_cmpstr (dossier->step, ==, "signed");
  g_assert_cmpint (dossier->state, ==, MC_STATE_PROCESSING);
  op = last_op (fixture, "sign_result", &keep);
  file = json_object_get_object_member (op, "file");
  {
    g_autofree char *signed_sha = sha256_of (leader1);

    g_assert_cmpstr (json_object_get_string_member (file, "sha256"), ==, signed_sha);
    g_assert_cmpstr (json_object_get_string_member (file, "input_sha256"), ==, record->input_sha256);
    g_assert_cmpstr (json_object_get_string_member (file, "signature"), ==, "leader");
    g_assert_cmpstr (json_object_get_string_member (op, "step"), ==, "signed");
    g_assert_true (mc_blob_store_has (mc_store_get_blob_dir (mc_desk_get_store (fixture->desk)), signed_sha));
  }
  /* The same signature twice is refused. */
  {
    g_autoptr(McSignatureRecord) again = mc_signature_record_copy (record);

    g_free (again->input_sha256);
    again->input_sha256 = sha256_of (leader1);
    sign_refused (fixture, "hung", code, again, leader2, MC_RESULT_ERROR, MC_RESULT_ERROR_ALREADY_SIGNED);
  }

  /* The second result is signed at "signed" too; the step stays. */
  g_clear_pointer (&record, mc_signature_record_free);
  record = record_for (g_ptr_array_index (files, 1), MC_SIGNATURE_KIND_LEADER, "Lê Quốc Hùng", NULL);
  g_clear_pointer (&op_id, g_free);
  before = counts (fixture, code);
  op_id = sign_ok (fixture, "hung", code, record, leader2);
  assert_counts_grew (before, counts (fixture, code), 0, 1, 1);

  g_ptr_array_unref (files);
  files = results (fixture, code);
  for (guint i = 0; i < files->len; i++)
    {
      McResultFile *result = g_ptr_array_index (files, i);
      g_autofree char *expected = sha256_of (i == 0 ? leader1 : leader2);

      g_assert_true (mc_result_file_has_signature (result, MC_SIGNATURE_KIND_LEADER));
      g_assert_cmpstr (result->current_sha256, ==, expected);
      g_assert_cmpstr (((McResultSignature *) g_ptr_array_index (result->signatures, 0))->officer, ==, "hung");
    }

  /* The clerk's seal: needs the issue number and the leader-signed
   * version; the leader may not seal. */
  seal1 = fake_signed_copy (fixture, leader1, "seal-1");
  seal2 = fake_signed_copy (fixture, leader2, "seal-2");
  g_clear_pointer (&record, mc_signature_record_free);
  record = record_for (g_ptr_array_index (files, 0), MC_SIGNATURE_KIND_ORGANISATION, "UBND xã Tân Phú", NULL);
  sign_refused (fixture, "ha", code, record, seal1, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_MISSING_ISSUE_NUMBER);
  g_set_str_compat (&record->issue_number, "15/GKS");
  sign_refused (fixture, "hung", code, record, seal1, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_ROLE);
  {
    g_autoptr(McSignatureRecord) stale = mc_signature_record_copy (record);
    g_autofree char *original = sha256_of (pdf1);

    g_set_str_compat (&stale->input_sha256, original);
    sign_refused (fixture, "ha", code, stale, seal1, MC_RESULT_ERROR, MC_RESULT_ERROR_CHANGED);
    /* A record naming a signed file other than the one handed over. */
    g_set_str_compat (&stale->input_sha256, record->input_sha256);
    g_set_str_compat (&stale->signed_sha256, original);
    sign_refused (fixture, "ha", code, stale, seal1, MC_RESULT_ERROR, MC_RESULT_ERROR_CHANGED);
  }

  before = counts (fixture, code);
  g_clear_pointer (&op_id, g_free);
  op_id = sign_ok (fixture, "ha", code, record, seal1);
  assert_counts_grew (before, counts (fixture, code), 0, 1, 1);
  g_clear_pointer (&dossier, mc_dossier_free);
  dossier = mc_desk_load_dossier (fixture->desk, code, NULL);
  g_assert_cmpstr (dossier->step, ==, "signed");

  /* The last seal numbers and seals the dossier in the same transaction:
   * two changes (sign_result, number_and_seal). */
  g_clear_pointer (&record, mc_signature_record_free);
  record = record_for (g_ptr_array_index (files, 1), MC_SIGNATURE_KIND_ORGANISATION, "UBND xã Tân Phú", "15/GKS");
  before = counts (fixture, code);
  g_clear_pointer (&op_id, g_free);
  op_id = sign_ok (fixture, "ha", code, record, seal2);
  assert_counts_grew (before, counts (fixture, code), 0, 2, 1);
  g_clear_pointer (&dossier, mc_dossier_free);
  dossier = mc_desk_load_dossier (fixture->desk, code, NULL);
  g_assert_cmpstr (dossier->step, ==, "sealed");
  g_assert_cmpstr (dossier->issue_number, ==, "15/GKS");
  g_clear_pointer (&keep, json_node_unref);
  op = last_op (fixture, "sign_result", &keep);
  file = json_object_get_object_member (op, "file");
  g_assert_cmpstr (json_object_get_string_member (file, "signature"), ==, "organisation");
  g_assert_cmpstr (json_object_get_string_member (file, "issue_number"), ==, "15/GKS");
  g_assert_cmpint (fixture_count (mc_desk_get_store (fixture->desk),
                                  "SELECT count(*) FROM outbox WHERE type = 'number_and_seal'"), ==, 1);

  /* Sealed: nothing more to sign. */
  sign_refused (fixture, "ha", code, record, seal2, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_ILLEGAL_TRANSITION);

  {
    g_autoptr(GPtrArray) last = results (fixture, code);

    for (guint i = 0; i < last->len; i++)
      {
        McResultFile *result = g_ptr_array_index (last, i);

        g_assert_cmpuint (result->signatures->len, ==, 2);
        g_assert_cmpint (((McResultSignature *) g_ptr_array_index (result->signatures, 1))->kind, ==,
                         MC_SIGNATURE_KIND_ORGANISATION);
        g_assert_cmpstr (((McResultSignature *) g_ptr_array_index (result->signatures, 1))->issue_number, ==,
                         "15/GKS");
      }
  }
}

static gboolean
verify_audit (sqlite3   *db,
              gpointer   user_data,
              gpointer  *result,
              GError   **error)
{
  return mc_audit_verify (db, user_data, error);
}

static void
test_attachment_signature_and_audit (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autofree char *code = reviewed_dossier (fixture);
  g_autofree char *main_pdf = make_pdf (fixture, "quyet-dinh.pdf", "Quyet dinh");
  g_autofree char *copy_pdf = make_pdf (fixture, "phu-luc.pdf", "Phu luc");
  g_autofree char *op1 = attach (fixture, code, main_pdf);
  g_autofree char *op2 = attach (fixture, code, copy_pdf);
  g_autoptr(GPtrArray) files = results (fixture, code);
  g_autoptr(McDossier) dossier = NULL;
  g_autoptr(GError) error = NULL;
  McAuditReport report = { 0 };

  act (fixture, "minh", code, "submit_to_leader");
  act (fixture, "hung", code, "approve");

  /* The leader signs the decision only; its annex gets the
   * organisation's attachment signature (no leader's needed), then the
   * decision its seal. */
  {
    g_autoptr(McSignatureRecord) record = record_for (g_ptr_array_index (files, 0), MC_SIGNATURE_KIND_LEADER,
                                                      "Lê Quốc Hùng", NULL);
    g_autofree char *signed_path = fake_signed_copy (fixture, main_pdf, "leader");
    g_autofree char *op_id = sign_ok (fixture, "hung", code, record, signed_path);
  }
  {
    g_autoptr(McSignatureRecord) record = record_for (g_ptr_array_index (files, 1), MC_SIGNATURE_KIND_ATTACHMENT,
                                                      "UBND xã Tân Phú", "16/QĐ");
    g_autofree char *signed_path = fake_signed_copy (fixture, copy_pdf, "attachment");
    g_autofree char *op_id = sign_ok (fixture, "ha", code, record, signed_path);
  }
  dossier = mc_desk_load_dossier (fixture->desk, code, NULL);
  g_assert_cmpstr (dossier->step, ==, "signed");
  g_ptr_array_unref (files);
  files = results (fixture, code);
  {
    g_autoptr(McSignatureRecord) record = record_for (g_ptr_array_index (files, 0), MC_SIGNATURE_KIND_ORGANISATION,
                                                      "UBND xã Tân Phú", "16/QĐ");
    g_autofree char *signed_path = NULL;
    g_autofree char *input = mc_desk_get_blob_path (fixture->desk, record->input_sha256);
    g_autofree char *op_id = NULL;

    signed_path = fake_signed_copy (fixture, input, "seal");
    op_id = sign_ok (fixture, "ha", code, record, signed_path);
  }
  g_clear_pointer (&dossier, mc_dossier_free);
  dossier = mc_desk_load_dossier (fixture->desk, code, NULL);
  g_assert_cmpstr (dossier->step, ==, "sealed");
  g_assert_cmpstr (dossier->issue_number, ==, "16/QĐ");

  g_assert_true (mc_store_read (mc_desk_get_store (fixture->desk), verify_audit, &report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report.first_bad_seq, ==, 0);
  g_assert_null (report.problem);
  g_assert_cmpint (report.n_entries, ==, fixture_count (mc_desk_get_store (fixture->desk),
                                                        "SELECT count(*) FROM audit"));
  mc_audit_report_clear (&report);
}

static void
test_plan (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autofree char *ready = reviewed_dossier (fixture);
  g_autofree char *empty = reviewed_dossier (fixture);
  g_autofree char *early = reviewed_dossier (fixture);
  g_autofree char *pdf1 = make_pdf (fixture, "a.pdf", "A");
  g_autofree char *pdf2 = make_pdf (fixture, "b.pdf", "B");
  g_autofree char *pdf3 = make_pdf (fixture, "c.pdf", "C");
  g_autofree char *op1 = attach (fixture, ready, pdf1);
  g_autofree char *op2 = attach (fixture, ready, pdf2);
  g_autofree char *op3 = attach (fixture, early, pdf3);
  const char *codes[] = { ready, empty, early, "H40.12.03.X05-261208-9999", NULL };
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GError) error = NULL;
  McSignTask *task;

  act (fixture, "minh", ready, "submit_to_leader");
  act (fixture, "hung", ready, "approve");
  act (fixture, "minh", empty, "submit_to_leader");
  /* Approving without a result is refused, with the reason. */
  {
    McActionParams params = { 0 };
    g_autofree char *op = NULL;

    mc_desk_set_officer_login (fixture->desk, "hung");
    op = mc_desk_act (fixture->desk, empty, "approve", &params, &error);
    g_assert_null (op);
    g_assert_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_INCOMPLETE);
    g_assert_nonnull (strstr (error->message, "no result document"));
    g_clear_error (&error);
  }

  mc_desk_set_officer_login (fixture->desk, "hung");
  tasks = mc_desk_plan_signing (fixture->desk, codes, MC_SIGNATURE_KIND_LEADER, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tasks->len, ==, 5);
  for (guint i = 0; i < 2; i++)
    {
      task = g_ptr_array_index (tasks, i);
      g_assert_cmpstr (task->dossier_code, ==, ready);
      g_assert_no_error (task->refusal);
      g_assert_cmpstr (task->file_name, ==, i == 0 ? "a.pdf" : "b.pdf");
      g_assert_cmpuint (strlen (task->input_sha256), ==, 64);
      g_assert_cmpstr (task->applicant_name, ==, "Đặng Thị Hòa");
    }
  task = g_ptr_array_index (tasks, 2);
  g_assert_cmpstr (task->dossier_code, ==, empty);
  /* Never approved (approving needs a result), so not for signing. */
  g_assert_error (task->refusal, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_ILLEGAL_TRANSITION);
  task = g_ptr_array_index (tasks, 3);
  g_assert_cmpstr (task->dossier_code, ==, early);
  g_assert_error (task->refusal, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_ILLEGAL_TRANSITION);
  task = g_ptr_array_index (tasks, 4);
  g_assert_error (task->refusal, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_NOT_FOUND);

  /* A specialist has nothing to sign, with the reason. */
  g_clear_pointer (&tasks, g_ptr_array_unref);
  mc_desk_set_officer_login (fixture->desk, "minh");
  tasks = mc_desk_plan_signing (fixture->desk, codes, MC_SIGNATURE_KIND_LEADER, &error);
  g_assert_no_error (error);
  task = g_ptr_array_index (tasks, 0);
  g_assert_error (task->refusal, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_ROLE);

  /* Once the first is signed only the second is left. */
  {
    g_autoptr(GPtrArray) files = results (fixture, ready);
    g_autoptr(McSignatureRecord) record = record_for (g_ptr_array_index (files, 0), MC_SIGNATURE_KIND_LEADER,
                                                      "Lê Quốc Hùng", NULL);
    g_autofree char *signed_path = fake_signed_copy (fixture, pdf1, "a");
    g_autofree char *op_id = sign_ok (fixture, "hung", ready, record, signed_path);
    const char *one[] = { ready, NULL };

    g_clear_pointer (&tasks, g_ptr_array_unref);
    tasks = mc_desk_plan_signing (fixture->desk, one, MC_SIGNATURE_KIND_LEADER, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (tasks->len, ==, 1);
    g_assert_cmpstr (((McSignTask *) g_ptr_array_index (tasks, 0))->file_name, ==, "b.pdf");
  }
}

static char *
run_cli (Fixture     *fixture,
         int         *status,
         const char  *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int wait_status = 0;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("MOTCUA_CLI"));
  g_ptr_array_add (argv, (gpointer) "--workspace");
  g_ptr_array_add (argv, fixture->tmp);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_nonnull (g_getenv ("MOTCUA_CLI"));
  {
    /* --as needs the officer's password on standard input. */
    g_autoptr(GSubprocess) process = g_subprocess_newv ((const char * const *) argv->pdata,
                                                        G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);

    g_assert_no_error (error);
    g_subprocess_communicate_utf8 (process, CLI_PASSWORD "\n", NULL, &out, NULL, &error);
    g_assert_no_error (error);
    wait_status = g_subprocess_get_status (process);
  }
  *status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;

  return out;
}

static void
test_cli (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autofree char *code = reviewed_dossier (fixture);
  g_autofree char *pdf = make_pdf (fixture, "giay-khai-sinh.pdf", "Giay khai sinh");
  g_autofree char *sha = sha256_of (pdf);
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *entry;
  int status = -1;

  g_assert_true (mc_officer_auth_set_password (mc_desk_get_store (fixture->desk), "minh", CLI_PASSWORD, &error));
  g_assert_true (mc_officer_auth_set_password (mc_desk_get_store (fixture->desk), "lan", CLI_PASSWORD, &error));
  g_assert_no_error (error);
  /* The CLI opens the workspace for writing: the test lets go of it. */
  mc_store_close (mc_desk_get_store (fixture->desk));

  out = run_cli (fixture, &status, "--json", "result", "add", code, pdf, "--as", "minh", "--password-stdin", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "op_id"));
  g_clear_pointer (&out, g_free);

  out = run_cli (fixture, &status, "result", "add", code, pdf, "--as", "lan", "--password-stdin", NULL);
  g_assert_cmpint (status, ==, 1);
  g_clear_pointer (&out, g_free);
  out = run_cli (fixture, &status, "result", "add", code, NULL);
  g_assert_cmpint (status, ==, 2);
  g_clear_pointer (&out, g_free);
  out = run_cli (fixture, &status, "result", "frobnicate", NULL);
  g_assert_cmpint (status, ==, 2);
  g_clear_pointer (&out, g_free);

  out = run_cli (fixture, &status, "--json", "result", "list", code, NULL);
  g_assert_cmpint (status, ==, 0);
  root = json_from_string (out, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 1);
  entry = json_array_get_object_element (json_node_get_array (root), 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "name"), ==, "giay-khai-sinh.pdf");
  g_assert_cmpstr (json_object_get_string_member (entry, "sha256"), ==, sha);
  g_assert_cmpstr (json_object_get_string_member (entry, "added_by"), ==, "minh");
  g_assert_true (g_file_test (json_object_get_string_member (entry, "path"), G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (entry, "signatures")), ==, 0);
  g_clear_pointer (&out, g_free);

  out = run_cli (fixture, &status, "result", "list", code, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "giay-khai-sinh.pdf"));
  g_clear_pointer (&out, g_free);

  fixture_reopen (fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/results/attach", test_attach);
  g_test_add_func ("/results/attach-refused", test_attach_refused);
  g_test_add_func ("/results/sign-and-seal", test_sign_and_seal);
  g_test_add_func ("/results/attachment-signature-and-audit", test_attachment_signature_and_audit);
  g_test_add_func ("/results/plan", test_plan);
  g_test_add_func ("/results/cli", test_cli);

  return g_test_run ();
}
