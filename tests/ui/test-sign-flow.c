/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The signing dialogs on a real store and real tokens (SoftHSM behind the
 * mc-test-token wrapper, which locks PINs and lets a token be pulled out),
 * with a stand-in signer for the PDFs (tests/ui/mc-sign-job-fake.c; the
 * real one is exercised by test-sign-batch once merged). Under Xvfb with
 * real X input:
 * - the results section lists what the specialist attaches, offers
 *   "Attach" to the specialist only and "Sign" to the leader once approved;
 * - the token chooser lists the signing certificates of the tokens
 *   plugged in, follows a token pulled and put back, and marks
 *   certificates expired at a later date as not to be chosen;
 * - the PIN dialog says nothing before a wrong PIN and the token's
 *   "tries remain" message after one, and its entry is empty right after
 *   each try;
 * - the batch dialog signs the approved dossiers' results with one PIN,
 *   leaves out the dossier not yet approved, stops when the token is
 *   pulled with the finished document recorded (sign_result op, step
 *   "signed") and the others untouched, and Resume signs the rest; Cancel
 *   in the middle does the same;
 * - the officer's layout is saved and comes back in the next dialog;
 * - the verification window lists a signed result's signatures.
 * Screenshots of each go to the test log folder. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "mc-core.h"
#include "mc-pin-dialog.h"
#include "mc-pkcs11.h"
#include "mc-results-section.h"
#include "mc-sign-dialog.h"
#include "mc-sign-item.h"
#include "mc-sign-job-fake.h"
#include "mc-signature-profile.h"
#include "mc-test-pki.h"
#include "mc-verify-window.h"
#include "ui-test-util.h"
#include "workflow-fixture.h"

static McTestPki *pki;
static char *state_dir;
static char *tmp_dir;

static const char *
env (const char *key)
{
  return mc_test_pki_get (pki, key);
}

static void
set_pulled (const char *label)
{
  g_autofree char *path = g_build_filename (state_dir, "pulled", NULL);

  g_assert_true (g_file_set_contents (path, label != NULL ? label : "", -1, NULL));
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
}

static char *
reviewed_dossier (Fixture *fixture)
{
  g_autoptr(McReception) reception = fixture_birth_reception ();
  g_autoptr(McReceptionResult) result = NULL;
  g_autoptr(GError) error = NULL;

  mc_desk_set_officer_login (fixture->desk, "lan");
  result = mc_desk_receive (fixture->desk, reception, NULL, &error);
  g_assert_no_error (error);
  act (fixture, "lan", result->code, "forward");
  act (fixture, "minh", result->code, "record_opinion");

  return g_strdup (result->code);
}

static gboolean
section_idle (gpointer data)
{
  return !mc_results_section_get_busy (data) && mc_results_section_get_results (data) != NULL;
}

static McDossier *
load (Fixture    *fixture,
      const char *code)
{
  g_autoptr(GError) error = NULL;
  McDossier *dossier = mc_desk_load_dossier (fixture->desk, code, &error);

  g_assert_no_error (error);
  return dossier;
}

typedef struct
{
  guint changed;
  guint sign_requested;
  char *verify_path;
} SectionEvents;

static void
on_changed (McResultsSection *section,
            SectionEvents    *events)
{
  events->changed++;
}

static void
on_sign_requested (McResultsSection *section,
                   const char       *code,
                   SectionEvents    *events)
{
  events->sign_requested++;
}

static void
on_verify (McResultsSection *section,
           const char       *path,
           const char       *name,
           SectionEvents    *events)
{
  g_free (events->verify_path);
  events->verify_path = g_strdup (path);
}

static gboolean
n_results_is (gpointer data)
{
  McResultsSection *section = ((gpointer *) data)[0];
  guint wanted = GPOINTER_TO_UINT (((gpointer *) data)[1]);
  GPtrArray *results = mc_results_section_get_results (section);

  return !mc_results_section_get_busy (section) && results != NULL && results->len == wanted;
}

/* The specialist attaches two results through the section; the leader sees
 * "Sign" once the dossier is approved. */
static void
attach_through_section (Fixture    *fixture,
                        const char *code,
                        guint       n_files)
{
  McResultsSection *section = MC_RESULTS_SECTION (mc_results_section_new ());
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  g_autoptr(McOfficer) specialist = mc_officer_new ("minh", "Trần Văn Minh", "Công chức Tư pháp – Hộ tịch",
                                                    "Tư pháp – Hộ tịch", MC_ROLE_SPECIALIST);
  g_autoptr(McDossier) dossier = load (fixture, code);
  SectionEvents events = { 0 };

  mc_desk_set_officer_login (fixture->desk, "minh");
  gtk_window_set_default_size (window, 640, 360);
  gtk_window_set_child (window, GTK_WIDGET (section));
  gtk_window_present (window);
  g_signal_connect (section, "changed", G_CALLBACK (on_changed), &events);
  mc_results_section_set_desk (section, fixture->desk);
  mc_results_section_set_officer (section, specialist);
  mc_results_section_set_dossier (section, dossier);
  ui_test_wait_until (section_idle, section);
  g_assert_cmpuint (mc_results_section_get_results (section)->len, ==, 0);
  g_assert_true (mc_results_section_can_attach (section));
  g_assert_false (mc_results_section_can_sign (section));

  for (guint i = 0; i < n_files; i++)
    {
      g_autofree char *name = g_strdup_printf ("ket-qua-%s-%u.pdf", code + strlen (code) - 4, i + 1);
      g_autofree char *pdf = ui_test_make_pdf (tmp_dir, name, 2, "Giay khai sinh");
      gpointer wait[2] = { section, GUINT_TO_POINTER (i + 1) };

      mc_results_section_attach_file (section, pdf);
      ui_test_wait_until (n_results_is, wait);
    }
  g_assert_cmpuint (events.changed, ==, n_files);
  ui_test_settle (200);
  if (n_files == 2)
    ui_test_screenshot ("ui-sign-results-section.png");
  gtk_window_destroy (window);
}

static McSigningIdentity *
find_identity (McTokenChooser *chooser,
               const char     *token_label,
               const char     *holder,
               gboolean       *usable)
{
  for (guint i = 0; i < mc_token_chooser_get_n_identities (chooser); i++)
    {
      McSigningIdentity *identity = mc_token_chooser_get_nth (chooser, i, usable);

      if (g_strcmp0 (mc_token_get_label (mc_signing_identity_get_token (identity)), token_label) == 0 &&
          g_strcmp0 (mc_certificate_get_subject_cn (mc_signing_identity_get_certificate (identity)), holder) == 0)
        return identity;
    }
  return NULL;
}

static gboolean
chooser_lists (gpointer data)
{
  McTokenChooser *chooser = ((gpointer *) data)[0];
  const char *label = ((gpointer *) data)[1];
  gboolean present = GPOINTER_TO_INT (((gpointer *) data)[2]);

  return !mc_token_chooser_get_loading (chooser) &&
         (find_identity (chooser, label, "Trần Thị Bình", NULL) != NULL) == present;
}

static gboolean
dialog_on_page (gpointer data)
{
  McSignDialog *dialog = ((gpointer *) data)[0];
  const char *page = ((gpointer *) data)[1];

  return g_strcmp0 (mc_sign_dialog_get_page (dialog), page) == 0 && !mc_sign_dialog_get_busy (dialog);
}

static gboolean
pin_dialog_shown (gpointer data)
{
  McPinDialog *pin = mc_sign_dialog_get_pin_dialog (data);

  return pin != NULL && gtk_widget_get_mapped (GTK_WIDGET (pin));
}

static gboolean
pin_dialog_idle_with_message (gpointer data)
{
  McPinDialog *pin = data;

  return !mc_pin_dialog_get_busy (pin) && mc_pin_dialog_get_message (pin) != NULL;
}

static gboolean
pin_dialog_gone (gpointer data)
{
  return mc_sign_dialog_get_pin_dialog (data) == NULL;
}

static guint
count_status (McSignDialog     *dialog,
              McSignItemStatus  status)
{
  GListModel *items = mc_sign_dialog_get_items (dialog);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(McSignItem) item = g_list_model_get_item (items, i);

      if (mc_sign_item_get_status (item) == status)
        n++;
    }
  return n;
}

static void
type_pin (McSignDialog *dialog,
          const char   *pin)
{
  McPinDialog *pin_dialog;

  ui_test_wait_until (pin_dialog_shown, dialog);
  pin_dialog = mc_sign_dialog_get_pin_dialog (dialog);
  ui_test_focus_window (GTK_WINDOW (pin_dialog));
  gtk_widget_grab_focus (GTK_WIDGET (mc_pin_dialog_get_entry (pin_dialog)));
  ui_test_type (GTK_WINDOW (pin_dialog), pin);
  g_assert_cmpuint (strlen (gtk_editable_get_text (mc_pin_dialog_get_entry (pin_dialog))), ==, strlen (pin));
  ui_test_key (GTK_WINDOW (pin_dialog), "Return");
  /* The entry is wiped as soon as the PIN went to the session. */
  if (mc_sign_dialog_get_pin_dialog (dialog) != NULL)
    g_assert_cmpstr (gtk_editable_get_text (mc_pin_dialog_get_entry (pin_dialog)), ==, "");
}

static void
test_flow (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autofree char *first = reviewed_dossier (fixture);
  g_autofree char *second = reviewed_dossier (fixture);
  g_autofree char *early = reviewed_dossier (fixture);
  g_autoptr(McOfficer) leader = mc_officer_new ("hung", "Lê Quốc Hùng", "Phó Chủ tịch UBND xã", "Lãnh đạo UBND",
                                                MC_ROLE_LEADER);
  g_autofree char *signature = ui_test_make_png (tmp_dir, "chu-ky-hung.png", 400, 160, FALSE, 0);
  const char *label = env ("MC_PKI_TOKEN_LABEL");
  const char *codes[] = { first, second, early, NULL };
  McSignDialog *dialog;
  McTokenChooser *chooser;
  McSigningIdentity *identity;
  g_autoptr(McSigningIdentity) chosen = NULL;
  gboolean usable = TRUE;
  McStore *store = mc_desk_get_store (fixture->desk);

  attach_through_section (fixture, first, 2);
  attach_through_section (fixture, second, 1);
  attach_through_section (fixture, early, 1);
  act (fixture, "minh", first, "submit_to_leader");
  act (fixture, "hung", first, "approve");
  act (fixture, "minh", second, "submit_to_leader");
  act (fixture, "hung", second, "approve");
  act (fixture, "minh", early, "submit_to_leader");

  /* The leader's view of an approved dossier offers "Sign Results…". */
  {
    McResultsSection *section = MC_RESULTS_SECTION (mc_results_section_new ());
    g_autoptr(McDossier) dossier = load (fixture, first);
    SectionEvents events = { 0 };

    g_object_ref_sink (section);
    g_signal_connect (section, "sign-requested", G_CALLBACK (on_sign_requested), &events);
    g_signal_connect (section, "verify-file", G_CALLBACK (on_verify), &events);
    mc_results_section_set_desk (section, fixture->desk);
    mc_results_section_set_officer (section, leader);
    mc_results_section_set_dossier (section, dossier);
    ui_test_wait_until (section_idle, section);
    g_assert_false (mc_results_section_can_attach (section));
    g_assert_true (mc_results_section_can_sign (section));
    gtk_widget_activate_action (GTK_WIDGET (section), "results.sign", NULL);
    g_assert_cmpuint (events.sign_requested, ==, 1);
    mc_results_section_verify (section, 0);
    g_assert_true (g_file_test (events.verify_path, G_FILE_TEST_IS_REGULAR));
    g_free (events.verify_path);
    g_object_unref (section);
  }

  mc_desk_set_officer_login (fixture->desk, "hung");
  dialog = mc_sign_dialog_new (NULL, fixture->desk, leader, codes);
  gtk_window_present (GTK_WINDOW (dialog));
  {
    gpointer wait[2] = { dialog, (gpointer) "setup" };

    ui_test_wait_until (dialog_on_page, wait);
  }
  /* Three results of two approved dossiers; the third dossier is left out
   * with the reason. */
  g_assert_cmpuint (g_list_model_get_n_items (mc_sign_dialog_get_items (dialog)), ==, 4);
  g_assert_cmpuint (count_status (dialog, MC_SIGN_ITEM_WAITING), ==, 3);
  g_assert_cmpuint (count_status (dialog, MC_SIGN_ITEM_REFUSED), ==, 1);

  /* The signing certificates of both tokens (the library leaves out the
   * encryption-only one). */
  chooser = mc_sign_dialog_get_chooser (dialog);
  {
    gpointer wait[3] = { chooser, (gpointer) label, GINT_TO_POINTER (TRUE) };

    ui_test_wait_until (chooser_lists, wait);
  }
  g_assert_null (find_identity (chooser, label, "Phạm Thị Dung", &usable));
  g_assert_nonnull (find_identity (chooser, label, "Nguyễn Văn An", &usable));
  g_assert_true (usable);
  identity = find_identity (chooser, label, "Trần Thị Bình", &usable);
  g_assert_true (usable);

  /* Pulled out: its certificates go; put back: they return. */
  set_pulled (label);
  {
    gpointer wait[3] = { chooser, (gpointer) label, GINT_TO_POINTER (FALSE) };

    ui_test_wait_until (chooser_lists, wait);
  }
  g_assert_nonnull (find_identity (chooser, env ("MC_PKI_TOKEN2_LABEL"), "Trần Thị Bình", NULL));
  set_pulled (NULL);
  {
    gpointer wait[3] = { chooser, (gpointer) label, GINT_TO_POINTER (TRUE) };

    ui_test_wait_until (chooser_lists, wait);
  }
  /* The chooser reads its tokens again when their state changes: keep
   * our own reference. */
  chosen = g_object_ref (find_identity (chooser, label, "Trần Thị Bình", &usable));
  identity = chosen;
  g_assert_true (mc_token_chooser_select (chooser, identity));

  /* Without the handwritten signature image the batch cannot start. */
  g_assert_nonnull (mc_sign_dialog_get_problem (dialog));
  mc_sign_dialog_set_images (dialog, signature, NULL);
  ui_test_settle (400);
  g_assert_null (mc_sign_dialog_get_problem (dialog));
  ui_test_screenshot ("ui-sign-dialog-setup.png");

  /* A certificate judged ten years on is expired. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autoptr(GDateTime) later = g_date_time_add_years (now, 10);

    mc_token_chooser_set_now (chooser, later);
    g_assert_null (mc_token_chooser_get_identity (chooser));
    find_identity (chooser, label, "Trần Thị Bình", &usable);
    g_assert_false (usable);
    mc_token_chooser_set_now (chooser, NULL);
    g_assert_true (mc_token_chooser_select (chooser, identity));
  }

  /* Sign: the PIN dialog has nothing to warn about yet; a wrong PIN keeps
   * it open with the error, and the token's new state is shown before the
   * next try. */
  mc_sign_job_fake_pull_after (1);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "sign.start", NULL);
  ui_test_wait_until (pin_dialog_shown, dialog);
  g_assert_null (mc_pin_dialog_get_message (mc_sign_dialog_get_pin_dialog (dialog)));
  type_pin (dialog, "999999");
  {
    McPinDialog *pin = mc_sign_dialog_get_pin_dialog (dialog);
    g_autoptr(McToken) token = NULL;
    g_autofree char *expected = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_nonnull (pin);
    ui_test_wait_until (pin_dialog_idle_with_message, pin);
    g_assert_nonnull (mc_pin_dialog_get_error (pin));
    g_test_message ("PIN error: %s; message: %s", mc_pin_dialog_get_error (pin), mc_pin_dialog_get_message (pin));
    token = mc_pkcs11_find_token_sync (mc_token_get_uri (mc_signing_identity_get_token (identity)), &error);
    g_assert_no_error (error);
    g_assert_true (mc_token_get_pin_flags (token) & MC_PIN_FLAGS_COUNT_LOW);
    expected = mc_token_get_pin_message (token);
    g_assert_cmpstr (mc_pin_dialog_get_message (pin), ==, expected);
    g_assert_cmpstr (gtk_editable_get_text (mc_pin_dialog_get_entry (pin)), ==, "");
    ui_test_settle (200);
    ui_test_screenshot ("ui-sign-pin-count-low.png");
  }

  /* The right PIN: the batch runs; the token "goes" after one document. */
  type_pin (dialog, env ("MC_PKI_PIN"));
  ui_test_wait_until (pin_dialog_gone, dialog);
  {
    gpointer wait[2] = { dialog, (gpointer) "progress" };

    ui_test_wait_until (dialog_on_page, wait);
  }
  g_assert_cmpuint (mc_sign_job_fake_get_runs (), ==, 1);
  g_assert_cmpint (mc_sign_job_fake_last_request ()->layout, ==, MC_SIGNATURE_LAYOUT_LEADER);
  g_assert_cmpstr (mc_sign_job_fake_last_request ()->signature_image, ==, signature);
  g_assert_cmpuint (count_status (dialog, MC_SIGN_ITEM_DONE), ==, 1);
  g_assert_cmpuint (count_status (dialog, MC_SIGN_ITEM_NOT_SIGNED), ==, 2);
  g_assert_nonnull (strstr (mc_sign_dialog_get_status (dialog), "removed"));
  g_assert_cmpint (fixture_count (store, "SELECT count(*) FROM result_signature"), ==, 1);
  g_assert_cmpint (fixture_count (store, "SELECT count(*) FROM outbox WHERE type = 'sign_result'"), ==, 1);
  {
    g_autoptr(McDossier) dossier = load (fixture, first);
    g_autoptr(McDossier) untouched = load (fixture, second);

    g_assert_cmpstr (dossier->step, ==, "signed");
    g_assert_cmpstr (untouched->step, ==, "approved");
  }
  ui_test_settle (200);
  ui_test_screenshot ("ui-sign-batch-interrupted.png");

  /* Resume: the PIN once more, and the other two are signed. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "sign.resume", NULL);
  type_pin (dialog, env ("MC_PKI_PIN"));
  ui_test_wait_until (pin_dialog_gone, dialog);
  {
    gpointer wait[2] = { dialog, (gpointer) "progress" };

    ui_test_wait_until (dialog_on_page, wait);
  }
  g_assert_cmpuint (mc_sign_job_fake_get_runs (), ==, 2);
  g_assert_cmpuint (count_status (dialog, MC_SIGN_ITEM_DONE), ==, 3);
  g_assert_cmpuint (count_status (dialog, MC_SIGN_ITEM_REFUSED), ==, 1);
  {
    g_autofree char *rows = fixture_text (store, "SELECT group_concat (kind || '/' || officer || '/' || signer, '; ')"
                                                 " FROM result_signature");

    g_test_message ("signatures: %s", rows);
  }
  g_assert_cmpint (fixture_count (store, "SELECT count(*) FROM result_signature WHERE kind = 'leader'"
                                         " AND officer = 'hung' AND signer = 'Trần Thị Bình'"), ==, 3);
  {
    g_autoptr(McDossier) dossier = load (fixture, second);

    g_assert_cmpstr (dossier->step, ==, "signed");
  }
  /* Nothing left behind in the signing folder. */
  {
    g_autofree char *dir = g_build_filename (fixture->tmp, "signing", NULL);
    g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);

    g_assert_nonnull (listing);
    g_assert_null (g_dir_read_name (listing));
  }
  ui_test_settle (200);
  ui_test_screenshot ("ui-sign-batch-done.png");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* The leader's view now lists who signed what. */
  {
    McResultsSection *section = MC_RESULTS_SECTION (mc_results_section_new ());
    GtkWindow *window = GTK_WINDOW (gtk_window_new ());
    g_autoptr(McDossier) dossier = load (fixture, first);
    McResultFile *file;

    gtk_window_set_default_size (window, 760, 300);
    gtk_window_set_child (window, GTK_WIDGET (section));
    gtk_window_present (window);
    mc_results_section_set_desk (section, fixture->desk);
    mc_results_section_set_officer (section, leader);
    mc_results_section_set_dossier (section, dossier);
    ui_test_wait_until (section_idle, section);
    file = g_ptr_array_index (mc_results_section_get_results (section), 0);
    g_assert_true (mc_result_file_has_signature (file, MC_SIGNATURE_KIND_LEADER));
    /* Nothing left for the leader to sign here. */
    g_assert_false (mc_results_section_can_sign (section));
    ui_test_settle (200);
    ui_test_screenshot ("ui-sign-results-signed.png");
    gtk_window_destroy (window);
  }

  /* The clerk seals both results of the first dossier with the issue
   * number: the organisation's signature is recorded and the dossier is
   * numbered and sealed. */
  {
    g_autoptr(McOfficer) clerk = mc_officer_new ("ha", "Phạm Thu Hà", "Văn thư", "Văn phòng – Thống kê",
                                                 MC_ROLE_CLERK);
    g_autofree char *seal = ui_test_make_png (tmp_dir, "con-dau.png", 472, 472, TRUE, 300);
    const char *one[] = { first, NULL };
    McSignDialog *sealing;
    g_autoptr(McDossier) dossier = NULL;

    mc_desk_set_officer_login (fixture->desk, "ha");
    sealing = mc_sign_dialog_new (NULL, fixture->desk, clerk, one);
    gtk_window_present (GTK_WINDOW (sealing));
    {
      gpointer wait[2] = { sealing, (gpointer) "setup" };

      ui_test_wait_until (dialog_on_page, wait);
    }
    g_assert_cmpuint (count_status (sealing, MC_SIGN_ITEM_WAITING), ==, 2);
    g_assert_cmpint (mc_signature_placement_get_layout (mc_sign_dialog_get_placement (sealing)), ==,
                     MC_SIGNATURE_LAYOUT_ORGANISATION);
    {
      gpointer wait[3] = { mc_sign_dialog_get_chooser (sealing), (gpointer) label, GINT_TO_POINTER (TRUE) };

      ui_test_wait_until (chooser_lists, wait);
    }
    g_assert_true (mc_token_chooser_select (mc_sign_dialog_get_chooser (sealing), identity));
    mc_sign_dialog_set_images (sealing, NULL, seal);
    ui_test_settle (300);
    /* The issue number is still missing. */
    g_assert_nonnull (mc_sign_dialog_get_problem (sealing));
    mc_sign_dialog_set_issue_number (sealing, "15/GKS");
    ui_test_settle (200);
    g_assert_null (mc_sign_dialog_get_problem (sealing));
    ui_test_screenshot ("ui-sign-dialog-seal.png");

    gtk_widget_activate_action (GTK_WIDGET (sealing), "sign.start", NULL);
    type_pin (sealing, env ("MC_PKI_PIN"));
    ui_test_wait_until (pin_dialog_gone, sealing);
    {
      gpointer wait[2] = { sealing, (gpointer) "progress" };

      ui_test_wait_until (dialog_on_page, wait);
    }
    g_assert_cmpuint (count_status (sealing, MC_SIGN_ITEM_DONE), ==, 2);
    g_assert_cmpint (mc_sign_job_fake_last_request ()->layout, ==, MC_SIGNATURE_LAYOUT_ORGANISATION);
    g_assert_cmpstr (mc_sign_job_fake_last_request ()->seal_image, ==, seal);
    g_assert_cmpstr (mc_sign_job_fake_last_request ()->document_number, ==, "15/GKS");
    dossier = load (fixture, first);
    g_assert_cmpstr (dossier->step, ==, "sealed");
    g_assert_cmpstr (dossier->issue_number, ==, "15/GKS");
    g_assert_cmpint (fixture_count (store, "SELECT count(*) FROM result_signature WHERE kind = 'organisation'"
                                           " AND officer = 'ha' AND issue_number = '15/GKS'"), ==, 2);
    gtk_window_destroy (GTK_WINDOW (sealing));
  }

  /* The layout was saved for this officer. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    g_autoptr(McSignatureProfile) profile = mc_signature_profile_load (settings, "hung");

    g_assert_cmpstr (profile->signature_image, ==, signature);
    g_assert_true (profile->has_layout);
    g_assert_cmpint (profile->layout, ==, MC_SIGNATURE_LAYOUT_LEADER);
    g_assert_true (profile->places[MC_SIGNATURE_LAYOUT_LEADER].set);
    g_assert_cmpint (profile->places[MC_SIGNATURE_LAYOUT_LEADER].page, ==, -1);
  }

  /* The verification window on a signed result. */
  {
    g_autoptr(GPtrArray) files = mc_desk_list_results (fixture->desk, first, NULL);
    McResultFile *file = g_ptr_array_index (files, 0);
    g_autofree char *path = mc_desk_get_blob_path (fixture->desk, file->current_sha256);
    McVerifyWindow *window = mc_verify_window_new (NULL);

    gtk_window_present (GTK_WINDOW (window));
    mc_verify_window_open_file (window, path, file->name);
    while (g_strcmp0 (mc_verify_window_get_state (window), "loading") == 0)
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpstr (mc_verify_window_get_state (window), ==, "list");
    /* The leader's signature and the seal over it. */
    g_assert_cmpuint (mc_verify_window_get_signatures (window)->len, ==, 2);
    ui_test_settle (300);
    ui_test_screenshot ("ui-sign-verify.png");
    gtk_window_destroy (GTK_WINDOW (window));
  }
}

static gboolean
n_done_is (gpointer data)
{
  McSignDialog *dialog = ((gpointer *) data)[0];
  guint wanted = GPOINTER_TO_UINT (((gpointer *) data)[1]);

  return count_status (dialog, MC_SIGN_ITEM_DONE) >= wanted;
}

/* Cancel in the middle: what is signed stays recorded, the rest is not
 * touched, Resume finishes it. */
static void
test_cancel (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autofree char *code = reviewed_dossier (fixture);
  g_autoptr(McOfficer) leader = mc_officer_new ("hung", "Lê Quốc Hùng", "Phó Chủ tịch UBND xã", "Lãnh đạo UBND",
                                                MC_ROLE_LEADER);
  g_autofree char *signature = ui_test_make_png (tmp_dir, "chu-ky-2.png", 400, 160, FALSE, 0);
  const char *codes[] = { code, NULL };
  McStore *store = mc_desk_get_store (fixture->desk);
  McSignDialog *dialog;
  guint done;

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *name = g_strdup_printf ("phu-luc-%u.pdf", i + 1);
      g_autofree char *pdf = ui_test_make_pdf (tmp_dir, name, 1, "Phu luc");
      g_autofree char *op_id = NULL;
      g_autoptr(GError) error = NULL;

      mc_desk_set_officer_login (fixture->desk, "minh");
      op_id = mc_desk_attach_result (fixture->desk, code, pdf, NULL, &error);
      g_assert_no_error (error);
    }
  act (fixture, "minh", code, "submit_to_leader");
  act (fixture, "hung", code, "approve");

  mc_desk_set_officer_login (fixture->desk, "hung");
  dialog = mc_sign_dialog_new (NULL, fixture->desk, leader, codes);
  gtk_window_present (GTK_WINDOW (dialog));
  {
    gpointer wait[2] = { dialog, (gpointer) "setup" };

    ui_test_wait_until (dialog_on_page, wait);
  }
  {
    gpointer wait[3] = { mc_sign_dialog_get_chooser (dialog), (gpointer) env ("MC_PKI_TOKEN_LABEL"),
                         GINT_TO_POINTER (TRUE) };

    ui_test_wait_until (chooser_lists, wait);
  }
  mc_sign_dialog_set_images (dialog, signature, NULL);
  ui_test_settle (300);
  g_assert_null (mc_sign_dialog_get_problem (dialog));

  mc_sign_job_fake_set_delay (400);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "sign.start", NULL);
  type_pin (dialog, env ("MC_PKI_PIN"));
  {
    gpointer wait[2] = { dialog, GUINT_TO_POINTER (1) };

    ui_test_wait_until (n_done_is, wait);
  }
  gtk_widget_activate_action (GTK_WIDGET (dialog), "sign.cancel", NULL);
  {
    gpointer wait[2] = { dialog, (gpointer) "progress" };

    ui_test_wait_until (dialog_on_page, wait);
  }
  done = count_status (dialog, MC_SIGN_ITEM_DONE);
  g_assert_cmpuint (done, >=, 1);
  g_assert_cmpuint (done, <, 4);
  g_assert_cmpuint (count_status (dialog, MC_SIGN_ITEM_NOT_SIGNED), ==, 4 - done);
  g_assert_nonnull (strstr (mc_sign_dialog_get_status (dialog), "Stopped"));
  g_assert_cmpint (fixture_count (store, "SELECT count(*) FROM result_signature"), ==, done);
  g_assert_cmpint (fixture_count (store, "SELECT count(*) FROM outbox WHERE type = 'sign_result'"), ==, done);
  ui_test_settle (300);
  ui_test_screenshot ("ui-sign-batch-cancelled.png");

  mc_sign_job_fake_set_delay (30);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "sign.resume", NULL);
  type_pin (dialog, env ("MC_PKI_PIN"));
  ui_test_wait_until (pin_dialog_gone, dialog);
  {
    gpointer wait[2] = { dialog, (gpointer) "progress" };

    ui_test_wait_until (dialog_on_page, wait);
  }
  g_assert_cmpuint (count_status (dialog, MC_SIGN_ITEM_DONE), ==, 4);
  g_assert_cmpint (fixture_count (store, "SELECT count(*) FROM result_signature"), ==, 4);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* The next dialog of the same officer starts from the saved layout. */
static void
test_profile_restored (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(McSignatureProfile) profile = mc_signature_profile_new ();
  g_autoptr(McSignatureProfile) back = NULL;
  g_autoptr(McSignatureProfile) other = NULL;

  profile->signature_image = g_strdup ("/tmp/a.png");
  profile->seal_image = g_strdup ("/tmp/dau.png");
  profile->layout = MC_SIGNATURE_LAYOUT_ATTACHMENT;
  profile->places[MC_SIGNATURE_LAYOUT_ATTACHMENT].set = TRUE;
  profile->places[MC_SIGNATURE_LAYOUT_ATTACHMENT].page = 0;
  profile->places[MC_SIGNATURE_LAYOUT_ATTACHMENT].rect[0] = 300;
  profile->places[MC_SIGNATURE_LAYOUT_ATTACHMENT].rect[1] = 30;
  profile->places[MC_SIGNATURE_LAYOUT_ATTACHMENT].rect[2] = 200;
  profile->places[MC_SIGNATURE_LAYOUT_ATTACHMENT].rect[3] = 40;
  mc_signature_profile_save (profile, settings, "ha");

  back = mc_signature_profile_load (settings, "ha");
  g_assert_cmpstr (back->seal_image, ==, "/tmp/dau.png");
  g_assert_cmpint (back->layout, ==, MC_SIGNATURE_LAYOUT_ATTACHMENT);
  g_assert_true (back->places[MC_SIGNATURE_LAYOUT_ATTACHMENT].set);
  g_assert_cmpfloat (back->places[MC_SIGNATURE_LAYOUT_ATTACHMENT].rect[0], ==, 300);
  g_assert_false (back->places[MC_SIGNATURE_LAYOUT_LEADER].set);

  /* Another officer's entry is separate and the first one survives it. */
  other = mc_signature_profile_load (settings, "someone-else");
  g_assert_null (other->seal_image);
  mc_signature_profile_save (other, settings, "someone-else");
  g_clear_pointer (&back, mc_signature_profile_free);
  back = mc_signature_profile_load (settings, "ha");
  g_assert_cmpstr (back->signature_image, ==, "/tmp/a.png");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  const char *shim = NULL;
  int status;

  for (int i = 1; i < argc; i++)
    if (g_str_has_prefix (argv[i], "--shim="))
      {
        shim = argv[i] + strlen ("--shim=");
        memmove (&argv[i], &argv[i + 1], (argc - i) * sizeof (char *));
        argc--;
        break;
      }

  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  mc_core_init ();
  g_test_init (&argc, &argv, NULL);
  if (shim == NULL)
    g_error ("usage: %s --shim=PATH-OF-libmc-test-token.so", argv[0]);

  tmp_dir = g_dir_make_tmp ("motcua-sign-flow-XXXXXX", &error);
  g_assert_no_error (error);
  pki = mc_test_pki_start ();
  state_dir = mc_test_pki_path (pki, "token-state");
  g_assert_cmpint (g_mkdir_with_parents (state_dir, 0700), ==, 0);
  g_setenv ("MC_TEST_TOKEN_STATE", state_dir, TRUE);
  g_setenv ("MC_TEST_TOKEN_MODULE", env ("MC_PKI_SOFTHSM2_MODULE"), TRUE);
  g_setenv ("MC_TEST_TOKEN_MAX_TRIES", "3", TRUE);
  {
    const char *paths[] = { shim, NULL };

    if (!mc_pkcs11_configure (paths, FALSE, &error))
      g_error ("%s", error->message);
  }
  adw_init ();

  g_test_add_func ("/sign-ui/flow", test_flow);
  g_test_add_func ("/sign-ui/cancel", test_cancel);
  g_test_add_func ("/sign-ui/profile-restored", test_profile_restored);
  status = g_test_run ();

  mc_test_pki_stop (pki);
  g_free (state_dir);
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", tmp_dir);

    if (system (command) != 0)
      g_printerr ("could not remove %s\n", tmp_dir);
  }
  g_free (tmp_dir);

  return status;
}
