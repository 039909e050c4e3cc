/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The batch dialog with the real PAdES signer (ui/mc-sign-job.c) on a
 * SoftHSM token made by tests/pki/make-pki.sh, with its TSA: the leader
 * signs two results of an approved dossier with one PIN; both are
 * recorded (sign_result, step "signed"), the signed PDFs in the blob store
 * pass poppler's pdfsig, and the verification window lists the signature
 * with its signer, level, coverage and no change after signing. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "mc-core.h"
#include "mc-pin-dialog.h"
#include "mc-pkcs11.h"
#include "mc-sign-dialog.h"
#include "mc-sign-item.h"
#include "mc-test-pki.h"
#include "mc-verify-window.h"
#include "ui-test-signed.h"
#include "ui-test-util.h"
#include "workflow-fixture.h"

static McTestPki *pki;
static char *tmp_dir;

static const char *
env (const char *key)
{
  return mc_test_pki_get (pki, key);
}

static void
test_batch (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autoptr(McReception) reception = fixture_birth_reception ();
  g_autoptr(McReceptionResult) received = NULL;
  g_autoptr(McOfficer) leader = mc_officer_new ("hung", "Lê Quốc Hùng", "Phó Chủ tịch UBND xã", "Lãnh đạo UBND",
                                                MC_ROLE_LEADER);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(McDossier) dossier = NULL;
  g_autofree char *signature = ui_test_make_png (tmp_dir, "chu-ky.png", 400, 160, FALSE, 0);
  McStore *store = mc_desk_get_store (fixture->desk);
  McSignDialog *dialog;
  McTokenChooser *chooser;
  const char *codes[2] = { NULL, NULL };

  mc_desk_set_officer_login (fixture->desk, "lan");
  received = mc_desk_receive (fixture->desk, reception, NULL, &error);
  g_assert_no_error (error);
  codes[0] = received->code;
  fixture_act (fixture, "lan", received->code, "forward");
  fixture_act (fixture, "minh", received->code, "record_opinion");
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *name = g_strdup_printf ("ket-qua-%u.pdf", i + 1);
      g_autofree char *pdf = ui_test_make_pdf (tmp_dir, name, 1 + i, "Giay khai sinh");
      g_autofree char *op_id = NULL;

      mc_desk_set_officer_login (fixture->desk, "minh");
      op_id = mc_desk_attach_result (fixture->desk, received->code, pdf, NULL, &error);
      g_assert_no_error (error);
    }
  fixture_act (fixture, "minh", received->code, "submit_to_leader");
  fixture_act (fixture, "hung", received->code, "approve");

  g_settings_set_string (settings, "signing-level", "B-T");
  g_settings_set_string (settings, "signing-tsa-url", env ("MC_PKI_TSA_URL"));

  mc_desk_set_officer_login (fixture->desk, "hung");
  dialog = mc_sign_dialog_new (NULL, fixture->desk, leader, codes);
  gtk_window_present (GTK_WINDOW (dialog));
  ui_test_wait_sign_page (dialog, "setup");
  chooser = mc_sign_dialog_get_chooser (dialog);
  ui_test_wait_identities (chooser);
  for (guint i = 0; i < mc_token_chooser_get_n_identities (chooser); i++)
    {
      gboolean usable = FALSE;
      McSigningIdentity *identity = mc_token_chooser_get_nth (chooser, i, &usable);

      if (usable && g_strcmp0 (mc_certificate_get_subject_cn (mc_signing_identity_get_certificate (identity)),
                               "Nguyễn Văn An") == 0)
        g_assert_true (mc_token_chooser_select (chooser, identity));
    }
  mc_sign_dialog_set_images (dialog, signature, NULL);
  ui_test_settle ();
  g_assert_null (mc_sign_dialog_get_problem (dialog));

  ui_test_sign_with_pin (dialog, env ("MC_PKI_PIN"));
  ui_test_settle ();
  ui_test_screenshot ("ui-sign-real-batch.png");

  for (guint i = 0; i < g_list_model_get_n_items (mc_sign_dialog_get_items (dialog)); i++)
    {
      g_autoptr(McSignItem) item = g_list_model_get_item (mc_sign_dialog_get_items (dialog), i);

      g_test_message ("%s: %s", mc_sign_item_get_task (item)->file_name,
                      mc_sign_item_get_message (item) != NULL ? mc_sign_item_get_message (item) : "");
      g_assert_cmpint (mc_sign_item_get_status (item), ==, MC_SIGN_ITEM_DONE);
    }
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_assert_cmpint (fixture_count (store, "SELECT count(*) FROM result_signature WHERE kind = 'leader'"
                                         " AND signer = 'Nguyễn Văn An'"), ==, 2);
  dossier = mc_desk_load_dossier (fixture->desk, received->code, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dossier->step, ==, "signed");

  /* Independent check: poppler's pdfsig on each signed file. */
  files = mc_desk_list_results (fixture->desk, received->code, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < files->len; i++)
    {
      McResultFile *file = g_ptr_array_index (files, i);
      g_autofree char *path = mc_desk_get_blob_path (fixture->desk, file->current_sha256);
      const char *argv[] = { "pdfsig", path, NULL };
      g_autofree char *out = NULL;
      int status = -1;

      g_assert_cmpstr (file->current_sha256, !=, file->sha256);
      out = mc_test_run (argv, &status, NULL);
      g_test_message ("pdfsig %s:\n%s", file->name, out);
      g_assert_nonnull (strstr (out, "Signature #1"));
      g_assert_nonnull (strstr (out, "Signature is Valid"));
      g_assert_null (strstr (out, "Signature #2"));
    }

  /* Our own verification window on the first one. */
  {
    McResultFile *file = g_ptr_array_index (files, 0);
    g_autofree char *path = mc_desk_get_blob_path (fixture->desk, file->current_sha256);
    McVerifyWindow *window = mc_verify_window_new (NULL);
    McPdfSignatureCheck *check;

    gtk_window_present (GTK_WINDOW (window));
    mc_verify_window_open_file (window, path, file->name);
    ui_test_wait_verified (window);
    g_assert_cmpstr (mc_verify_window_get_state (window), ==, "list");
    g_assert_cmpuint (mc_verify_window_get_signatures (window)->len, ==, 1);
    check = g_ptr_array_index (mc_verify_window_get_signatures (window), 0);
    g_assert_cmpstr (check->signer, ==, "Nguyễn Văn An");
    g_assert_true (check->covers_document);
    g_assert_false (check->changed_after);
    g_assert_cmpint (check->level, >=, MC_PADES_LEVEL_B_B);
    ui_test_settle ();
    ui_test_screenshot ("ui-sign-real-verify.png");
    gtk_window_destroy (GTK_WINDOW (window));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  mc_core_init ();
  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("motcua-sign-batch-XXXXXX", &error);
  g_assert_no_error (error);
  pki = mc_test_pki_start ();
  {
    const char *paths[] = { env ("MC_PKI_SOFTHSM2_MODULE"), NULL };

    if (!mc_pkcs11_configure (paths, FALSE, &error))
      g_error ("%s", error->message);
  }
  adw_init ();

  g_test_add_func ("/sign-ui/real-batch", test_batch);
  status = g_test_run ();

  mc_test_pki_stop (pki);
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", tmp_dir);

    if (system (command) != 0)
      g_printerr ("could not remove %s\n", tmp_dir);
  }
  g_free (tmp_dir);

  return status;
}
