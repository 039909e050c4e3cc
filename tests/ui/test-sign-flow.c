/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The signing dialogs on a real store, real tokens and the real PAdES
 * signer (ui/mc-sign-job.c): SoftHSM behind the mc-test-token wrapper,
 * which locks PINs, lets a token be pulled out and can hold a batch at a
 * known document, and the PKI and peers of tests/pki/make-pki.sh. Under
 * Xvfb with real X input:
 * - the results section lists what the specialist attaches, offers
 *   "Attach" to the specialist only and "Sign" to the leader once approved;
 * - the token chooser lists the signing certificates of the tokens
 *   plugged in, follows a token pulled and put back, and marks
 *   certificates expired at a later date as not to be chosen;
 * - the PIN dialog says nothing before a wrong PIN and the token's
 *   "tries remain" message after one, and its entry is empty right after
 *   each try;
 * - the batch dialog signs the approved dossiers' results with one PIN,
 *   leaves out the dossier not yet approved; the token pulled out after
 *   the first document stops it with that document recorded (sign_result
 *   op with the signed file's SHA-256, step "signed", a signature our
 *   verifier and pdfsig accept) and the others untouched; the token put
 *   back, Resume signs the rest; Cancel in the middle does the same;
 * - the leader's layout, moved by the officer, is drawn there in the
 *   signed PDF with the signature image and the signer's name; the
 *   clerk's seal with issue number 15/GKS goes over it and the dossier
 *   ends at step "sealed";
 * - the officer's layout is saved and comes back in the next dialog;
 * - the verification window lists a signed result's signatures, valid.
 * Screenshots and the signed pages go to the test log folder. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "mc-core.h"
#include "mc-pin-dialog.h"
#include "mc-pkcs11.h"
#include "mc-results-section.h"
#include "mc-sign-dialog.h"
#include "mc-sign-item.h"
#include "mc-signature-profile.h"
#include "mc-test-pki.h"
#include "mc-verify-window.h"
#include "ui-test-signed.h"
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

/* The specialist attaches results through the section, each its own
 * document, or the first the same bytes as @same_as when given (the same
 * form attached to two dossiers); the leader sees "Sign" once the dossier
 * is approved. */
static void
attach_through_section (Fixture    *fixture,
                        const char *code,
                        guint       n_files,
                        const char *same_as)
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
      g_autofree char *text = g_strdup_printf ("Giay khai sinh %s", name);
      g_autofree char *pdf = NULL;
      gpointer wait[2] = { section, GUINT_TO_POINTER (i + 1) };

      if (i == 0 && same_as != NULL)
        {
          g_autofree char *bytes = NULL;
          gsize length = 0;

          pdf = g_build_filename (tmp_dir, name, NULL);
          g_assert_true (g_file_get_contents (same_as, &bytes, &length, NULL));
          g_assert_true (g_file_set_contents (pdf, bytes, length, NULL));
        }
      else
        pdf = ui_test_make_pdf (tmp_dir, name, 2, text);

      mc_results_section_attach_file (section, pdf);
      ui_test_wait_until (n_results_is, wait);
    }
  g_assert_cmpuint (events.changed, ==, n_files);
  ui_test_settle ();
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
pin_dialog_idle_with_message (gpointer data)
{
  McPinDialog *pin = data;

  return !mc_pin_dialog_get_busy (pin) && mc_pin_dialog_get_message (pin) != NULL;
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

  ui_test_wait_pin_dialog_shown (dialog);
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

/* ---- the real signer's work, judged from the store and the files ---- */

/* "hold-after-signs" of the token wrapper: @n more signatures, then the
 * batch waits at the next document until released (@n < 0). */
static void
hold_after_signs (int n)
{
  g_autofree char *path = g_build_filename (state_dir, "hold-after-signs", NULL);
  g_autofree char *text = g_strdup_printf ("%d", n);

  if (n < 0)
    g_assert_cmpint (g_remove (path), ==, 0);
  else
    g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

/* Lines of the wrapper's log starting with @prefix. */
static guint
token_log_count (const char *prefix)
{
  g_autofree char *path = g_build_filename (state_dir, "log", NULL);
  g_autofree char *contents = NULL;
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

static guint
good_logins (void)
{
  g_autofree char *prefix = g_strdup_printf ("login %s rv=0x0", env ("MC_PKI_TOKEN_LABEL"));

  return token_log_count (prefix);
}

typedef struct
{
  McSignDialog *dialog;
  guint held_before;
} HoldWait;

/* The first document is signed and recorded, and the signer waits at the
 * token for the next one. */
static gboolean
first_done_and_held (gpointer data)
{
  HoldWait *wait = data;

  return count_status (wait->dialog, MC_SIGN_ITEM_DONE) == 1 && token_log_count ("held") > wait->held_before;
}

static McResultFile *
nth_result (GPtrArray *files,
            guint      index)
{
  g_assert_cmpuint (index, <, files->len);
  return g_ptr_array_index (files, index);
}

/* The signed version of result @index of @code: valid for our verifier
 * and pdfsig with @n_signatures, recorded with a sign_result op carrying
 * the SHA-256 of the very file in the blob store. Returns its path. */
static char *
assert_result_signed (Fixture    *fixture,
                      const char *code,
                      guint       index,
                      guint       n_signatures)
{
  g_autoptr(GPtrArray) files = mc_desk_list_results (fixture->desk, code, NULL);
  McResultFile *file = nth_result (files, index);
  g_autofree char *path = mc_desk_get_blob_path (fixture->desk, file->current_sha256);
  g_autofree char *sha256 = ui_test_file_sha256 (path);
  g_autofree char *sql = NULL;

  g_assert_cmpstr (file->current_sha256, !=, file->sha256);
  g_assert_cmpstr (sha256, ==, file->current_sha256);
  g_assert_cmpuint (file->signatures->len, ==, n_signatures);
  ui_test_assert_signed (path, env ("MC_PKI_ROOT"), n_signatures, "Trần Thị Bình");
  sql = g_strdup_printf ("SELECT count(*) FROM outbox WHERE type = 'sign_result' AND dossier_code = '%s'"
                         " AND json_extract (payload, '$.file.id') = %" G_GINT64_FORMAT
                         " AND json_extract (payload, '$.file.sha256') = '%s'", code, file->id, sha256);
  g_assert_cmpint (fixture_count (mc_desk_get_store (fixture->desk), sql), ==, 1);

  return g_steal_pointer (&path);
}

/* Result @index of @code as the specialist attached it: no signature,
 * the blob the same bytes. */
static void
assert_result_untouched (Fixture    *fixture,
                         const char *code,
                         guint       index)
{
  g_autoptr(GPtrArray) files = mc_desk_list_results (fixture->desk, code, NULL);
  McResultFile *file = nth_result (files, index);
  g_autofree char *path = mc_desk_get_blob_path (fixture->desk, file->sha256);
  g_autofree char *sha256 = ui_test_file_sha256 (path);

  g_assert_cmpstr (file->current_sha256, ==, file->sha256);
  g_assert_cmpuint (file->signatures->len, ==, 0);
  g_assert_cmpstr (sha256, ==, file->sha256);
}

static void
assert_signing_folder_empty (Fixture *fixture)
{
  g_autofree char *dir = g_build_filename (fixture->tmp, "signing", NULL);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);

  g_assert_nonnull (listing);
  g_assert_null (g_dir_read_name (listing));
}

static gboolean
placement_ready (gpointer data)
{
  return !mc_signature_placement_get_busy (data) && mc_signature_placement_get_n_pages (data) > 0;
}

static gboolean
chooser_has_identity (gpointer data)
{
  return !mc_token_chooser_get_loading (data) && mc_token_chooser_get_identity (data) != NULL;
}

/* Grows @rect by @margin points on every side. */
static void
grow (const double  rect[4],
      double        margin,
      double        out[4])
{
  out[0] = rect[0] - margin;
  out[1] = rect[1] - margin;
  out[2] = rect[2] + 2 * margin;
  out[3] = rect[3] + 2 * margin;
}

static void
test_flow (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autofree char *first = fixture_reviewed_dossier (fixture);
  g_autofree char *second = fixture_reviewed_dossier (fixture);
  g_autofree char *early = fixture_reviewed_dossier (fixture);
  g_autoptr(McOfficer) leader = mc_officer_new ("hung", "Lê Quốc Hùng", "Phó Chủ tịch UBND xã", "Lãnh đạo UBND",
                                                MC_ROLE_LEADER);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *signature = ui_test_make_png (tmp_dir, "chu-ky-hung.png", 400, 160, FALSE, 0);
  const char *label = env ("MC_PKI_TOKEN_LABEL");
  const char *codes[] = { first, second, early, NULL };
  /* Not the Decree 30 default (bottom right): moved by the officer. */
  const double leader_rect[4] = { 210, 600, 190, 95 };
  double seal_rect[4] = { 0 };
  guint leader_page;
  McSignDialog *dialog;
  McTokenChooser *chooser;
  McSignaturePlacement *placement;
  McSigningIdentity *identity;
  g_autoptr(McSigningIdentity) chosen = NULL;
  gboolean usable = TRUE;
  McStore *store = mc_desk_get_store (fixture->desk);
  guint logins_before;

  /* A desk without network: B-B, nothing to wait for from a TSA. */
  g_settings_set_string (settings, "signing-level", "B-B");
  g_settings_set_string (settings, "signing-tsa-url", "");

  /* The second dossier's result is the same bytes as the first's second
   * one, signed right after it: each gets its own signed file. */
  attach_through_section (fixture, first, 2, NULL);
  {
    g_autofree char *name = g_strdup_printf ("ket-qua-%s-2.pdf", first + strlen (first) - 4);
    g_autofree char *path = g_build_filename (tmp_dir, name, NULL);

    attach_through_section (fixture, second, 1, path);
  }
  attach_through_section (fixture, early, 1, NULL);
  fixture_act (fixture, "minh", first, "submit_to_leader");
  fixture_act (fixture, "hung", first, "approve");
  fixture_act (fixture, "minh", second, "submit_to_leader");
  fixture_act (fixture, "hung", second, "approve");
  fixture_act (fixture, "minh", early, "submit_to_leader");

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
  ui_test_wait_sign_page (dialog, "setup");
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
  placement = mc_sign_dialog_get_placement (dialog);
  ui_test_wait_until (placement_ready, placement);
  ui_test_settle ();
  g_assert_null (mc_sign_dialog_get_problem (dialog));
  g_assert_cmpint (mc_signature_placement_get_layout (placement), ==, MC_SIGNATURE_LAYOUT_LEADER);
  /* The leader's box on the last page, moved from its default place. */
  leader_page = mc_signature_placement_get_page (placement);
  g_assert_cmpuint (leader_page, ==, mc_signature_placement_get_n_pages (placement) - 1);
  mc_signature_placement_set_rect (placement, leader_rect);
  ui_test_settle ();
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
  logins_before = good_logins ();
  gtk_widget_activate_action (GTK_WIDGET (dialog), "sign.start", NULL);
  ui_test_wait_pin_dialog_shown (dialog);
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
    ui_test_settle ();
    ui_test_screenshot ("ui-sign-pin-count-low.png");
  }
  g_assert_cmpuint (good_logins (), ==, logins_before);

  /* The right PIN: the batch runs. The wrapper holds the signer at the
   * token after one signature; once that document is recorded the token
   * is pulled out, then the signer goes on and finds it gone. */
  {
    HoldWait wait = { dialog, token_log_count ("held") };

    hold_after_signs (1);
    type_pin (dialog, env ("MC_PKI_PIN"));
    ui_test_wait_pin_dialog_gone (dialog);
    ui_test_wait_until (first_done_and_held, &wait);
    set_pulled (label);
    hold_after_signs (-1);
  }
  ui_test_wait_sign_page (dialog, "progress");
  g_assert_cmpuint (good_logins (), ==, logins_before + 1);
  g_assert_cmpuint (count_status (dialog, MC_SIGN_ITEM_DONE), ==, 1);
  g_assert_cmpuint (count_status (dialog, MC_SIGN_ITEM_NOT_SIGNED), ==, 2);
  g_assert_nonnull (strstr (mc_sign_dialog_get_status (dialog), "removed"));
  {
    g_autoptr(McSignItem) item = g_list_model_get_item (mc_sign_dialog_get_items (dialog), 0);
    g_autoptr(GPtrArray) files = mc_desk_list_results (fixture->desk, first, NULL);

    /* In list order: the first result of the first dossier. */
    g_assert_cmpint (mc_sign_item_get_status (item), ==, MC_SIGN_ITEM_DONE);
    g_assert_cmpstr (mc_sign_item_get_task (item)->dossier_code, ==, first);
    g_assert_cmpint (mc_sign_item_get_task (item)->file_id, ==, nth_result (files, 0)->id);
  }
  g_assert_cmpint (fixture_count (store, "SELECT count(*) FROM result_signature"), ==, 1);
  g_assert_cmpint (fixture_count (store, "SELECT count(*) FROM outbox WHERE type = 'sign_result'"), ==, 1);
  g_free (assert_result_signed (fixture, first, 0, 1));
  assert_result_untouched (fixture, first, 1);
  assert_result_untouched (fixture, second, 0);
  {
    g_autoptr(McDossier) dossier = load (fixture, first);
    g_autoptr(McDossier) untouched = load (fixture, second);

    g_assert_cmpstr (dossier->step, ==, "signed");
    g_assert_cmpstr (untouched->step, ==, "approved");
  }
  assert_signing_folder_empty (fixture);
  ui_test_settle ();
  ui_test_screenshot ("ui-sign-batch-interrupted.png");

  /* The token back in, Resume: the PIN once more, and the other two are
   * signed; the first is not signed twice. */
  set_pulled (NULL);
  {
    gpointer wait[3] = { chooser, (gpointer) label, GINT_TO_POINTER (TRUE) };

    ui_test_wait_until (chooser_lists, wait);
  }
  /* The officer's choice is kept: the same certificate on the same token. */
  ui_test_wait_until (chooser_has_identity, chooser);
  g_assert_cmpstr (mc_certificate_get_subject_cn (mc_signing_identity_get_certificate (
                     mc_token_chooser_get_identity (chooser))), ==, "Trần Thị Bình");
  g_assert_cmpstr (mc_token_get_label (mc_signing_identity_get_token (mc_token_chooser_get_identity (chooser))), ==,
                   label);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "sign.resume", NULL);
  type_pin (dialog, env ("MC_PKI_PIN"));
  ui_test_wait_pin_dialog_gone (dialog);
  ui_test_wait_sign_page (dialog, "progress");
  g_assert_cmpuint (count_status (dialog, MC_SIGN_ITEM_DONE), ==, 3);
  g_assert_cmpuint (count_status (dialog, MC_SIGN_ITEM_REFUSED), ==, 1);
  {
    g_autofree char *rows = fixture_text (store, "SELECT group_concat (kind || '/' || officer || '/' || signer, '; ')"
                                                 " FROM result_signature");

    g_test_message ("signatures: %s", rows);
  }
  g_assert_cmpint (fixture_count (store, "SELECT count(*) FROM result_signature WHERE kind = 'leader'"
                                         " AND officer = 'hung' AND signer = 'Trần Thị Bình'"), ==, 3);
  g_assert_cmpint (fixture_count (store, "SELECT count(*) FROM outbox WHERE type = 'sign_result'"), ==, 3);
  g_free (assert_result_signed (fixture, first, 1, 1));
  g_free (assert_result_signed (fixture, second, 0, 1));
  {
    g_autoptr(McDossier) dossier = load (fixture, second);

    g_assert_cmpstr (dossier->step, ==, "signed");
  }
  assert_result_untouched (fixture, early, 0);
  assert_signing_folder_empty (fixture);
  ui_test_settle ();
  ui_test_screenshot ("ui-sign-batch-done.png");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* The leader's layout where the officer put it: the signature image
   * (blue ink) inside the box and nowhere else, the signer's name in the
   * words of the page. */
  {
    g_autoptr(GPtrArray) files = mc_desk_list_results (fixture->desk, first, NULL);
    g_autofree char *path = mc_desk_get_blob_path (fixture->desk, nth_result (files, 0)->current_sha256);
    g_autofree char *text = ui_test_page_text (path, leader_page);
    g_autoptr(GdkPixbuf) page = ui_test_render_page (path, leader_page, "ui-sign-flow-leader-page");
    const double whole[4] = { 0, 0, 595, 842 };
    double around[4];
    UiTestColours inside, all;

    grow (leader_rect, 2, around);
    inside = ui_test_count_colours (page, around);
    all = ui_test_count_colours (page, whole);
    g_test_message ("leader page: %u blue in the box, %u on the page\n%s", inside.blue, all.blue, text);
    g_assert_cmpuint (inside.blue, >, 300);
    g_assert_cmpuint (all.blue, ==, inside.blue);
    g_assert_nonnull (strstr (text, "Trần Thị Bình"));
  }

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
    ui_test_settle ();
    ui_test_screenshot ("ui-sign-results-signed.png");
    gtk_window_destroy (window);
  }

  /* The clerk seals both results of the first dossier with the issue
   * number: the organisation's signature is recorded, the dossier is
   * numbered and sealed, and the seal is drawn where the dialog showed
   * it, over the leader's signature. */
  {
    g_autoptr(McOfficer) clerk = mc_officer_new ("ha", "Phạm Thu Hà", "Văn thư", "Văn phòng – Thống kê",
                                                 MC_ROLE_CLERK);
    g_autofree char *seal = ui_test_make_png (tmp_dir, "con-dau.png", 472, 472, TRUE, 300);
    const char *one[] = { first, NULL };
    McSignDialog *sealing;
    McSignaturePlacement *seal_placement;
    g_autoptr(McDossier) dossier = NULL;

    mc_desk_set_officer_login (fixture->desk, "ha");
    sealing = mc_sign_dialog_new (NULL, fixture->desk, clerk, one);
    gtk_window_present (GTK_WINDOW (sealing));
    ui_test_wait_sign_page (sealing, "setup");
    g_assert_cmpuint (count_status (sealing, MC_SIGN_ITEM_WAITING), ==, 2);
    seal_placement = mc_sign_dialog_get_placement (sealing);
    g_assert_cmpint (mc_signature_placement_get_layout (seal_placement), ==, MC_SIGNATURE_LAYOUT_ORGANISATION);
    {
      gpointer wait[3] = { mc_sign_dialog_get_chooser (sealing), (gpointer) label, GINT_TO_POINTER (TRUE) };

      ui_test_wait_until (chooser_lists, wait);
    }
    g_assert_true (mc_token_chooser_select (mc_sign_dialog_get_chooser (sealing), identity));
    mc_sign_dialog_set_images (sealing, NULL, seal);
    ui_test_wait_until (placement_ready, seal_placement);
    ui_test_settle ();
    /* The issue number is still missing. */
    g_assert_nonnull (mc_sign_dialog_get_problem (sealing));
    mc_sign_dialog_set_issue_number (sealing, "15/GKS");
    ui_test_settle ();
    g_assert_null (mc_sign_dialog_get_problem (sealing));
    /* Where the dialog shows the seal: on the leader's page, over the
     * left of the leader's box. */
    g_assert_cmpuint (mc_signature_placement_get_page (seal_placement), ==, leader_page);
    g_assert_true (mc_signature_placement_get_rect (seal_placement, seal_rect));
    g_test_message ("seal box: %.1f %.1f %.1f %.1f", seal_rect[0], seal_rect[1], seal_rect[2], seal_rect[3]);
    g_assert_cmpfloat (seal_rect[0], <, leader_rect[0] + leader_rect[2] / 2);
    g_assert_cmpfloat (seal_rect[0] + seal_rect[2], >, leader_rect[0]);
    ui_test_screenshot ("ui-sign-dialog-seal.png");

    gtk_widget_activate_action (GTK_WIDGET (sealing), "sign.start", NULL);
    type_pin (sealing, env ("MC_PKI_PIN"));
    ui_test_wait_pin_dialog_gone (sealing);
    ui_test_wait_sign_page (sealing, "progress");
    g_assert_cmpuint (count_status (sealing, MC_SIGN_ITEM_DONE), ==, 2);
    dossier = load (fixture, first);
    g_assert_cmpstr (dossier->step, ==, "sealed");
    g_assert_cmpstr (dossier->issue_number, ==, "15/GKS");
    g_assert_cmpint (fixture_count (store, "SELECT count(*) FROM result_signature WHERE kind = 'organisation'"
                                           " AND officer = 'ha' AND issue_number = '15/GKS'"), ==, 2);
    g_assert_cmpint (fixture_count (store, "SELECT count(*) FROM outbox WHERE type = 'sign_result'"
                                           " AND json_extract (payload, '$.file.signature') = 'organisation'"
                                           " AND json_extract (payload, '$.file.issue_number') = '15/GKS'"), ==, 2);
    ui_test_settle ();
    ui_test_screenshot ("ui-sign-seal-done.png");
    gtk_window_destroy (GTK_WINDOW (sealing));
  }

  /* Both sealed files: two valid signatures each; the seal (red) inside
   * the box the dialog showed, nothing red elsewhere but the seal's words
   * right under it, the leader's ink still in its box, the organisation's
   * name and the ISO 8601 time in the words. */
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *path = assert_result_signed (fixture, first, i, 2);
      g_autofree char *shot = g_strdup_printf ("ui-sign-flow-sealed-page-%u", i + 1);
      g_autofree char *text = ui_test_page_text (path, leader_page);
      g_autoptr(GdkPixbuf) page = ui_test_render_page (path, leader_page, shot);
      const double whole[4] = { 0, 0, 595, 842 };
      const double with_words[4] = { seal_rect[0] - 20, seal_rect[1] - 2, seal_rect[2] + 40, seal_rect[3] + 30 };
      double around[4];
      UiTestColours in_seal, near_seal, in_leader, all;

      grow (seal_rect, 2, around);
      in_seal = ui_test_count_colours (page, around);
      near_seal = ui_test_count_colours (page, with_words);
      grow (leader_rect, 2, around);
      in_leader = ui_test_count_colours (page, around);
      all = ui_test_count_colours (page, whole);
      g_test_message ("sealed page: %u red in the seal's box, %u with its words, %u on the page;"
                      " %u blue in the leader's box\n%s", in_seal.red, near_seal.red, all.red, in_leader.blue, text);
      g_assert_cmpuint (in_seal.red, >, 3000);
      g_assert_cmpuint (in_seal.red, >, all.red * 9 / 10);
      g_assert_cmpuint (all.red, ==, near_seal.red);
      g_assert_cmpuint (in_leader.blue, >, 100);
      g_assert_nonnull (strstr (text, "UBND xã Định Hiệp"));
      g_assert_true (g_regex_match_simple ("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+07:00", text, 0, 0));
    }

  /* The layout was saved for this officer, with the place they chose. */
  {
    g_autoptr(McSignatureProfile) profile = mc_signature_profile_load (settings, "hung");

    g_assert_cmpstr (profile->signature_image, ==, signature);
    g_assert_true (profile->has_layout);
    g_assert_cmpint (profile->layout, ==, MC_SIGNATURE_LAYOUT_LEADER);
    g_assert_true (profile->places[MC_SIGNATURE_LAYOUT_LEADER].set);
    g_assert_cmpint (profile->places[MC_SIGNATURE_LAYOUT_LEADER].page, ==, -1);
    for (guint i = 0; i < 4; i++)
      g_assert_cmpfloat_with_epsilon (profile->places[MC_SIGNATURE_LAYOUT_LEADER].rect[i], leader_rect[i], 0.01);
  }

  /* The verification window on a sealed result: the leader's signature
   * and the seal over it, both valid (the test root is among the user's
   * trust anchors). */
  {
    g_autoptr(GPtrArray) files = mc_desk_list_results (fixture->desk, first, NULL);
    McResultFile *file = nth_result (files, 0);
    g_autofree char *path = mc_desk_get_blob_path (fixture->desk, file->current_sha256);
    McVerifyWindow *window = mc_verify_window_new (NULL);
    GPtrArray *checks;

    gtk_window_present (GTK_WINDOW (window));
    mc_verify_window_open_file (window, path, file->name);
    while (g_strcmp0 (mc_verify_window_get_state (window), "loading") == 0)
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpstr (mc_verify_window_get_state (window), ==, "list");
    checks = mc_verify_window_get_signatures (window);
    g_assert_cmpuint (checks->len, ==, 2);
    for (guint i = 0; i < checks->len; i++)
      {
        McPdfSignatureCheck *check = g_ptr_array_index (checks, i);

        g_assert_cmpstr (check->signer, ==, "Trần Thị Bình");
        g_assert_true (mc_pdf_signature_check_is_valid (check));
      }
    ui_test_settle ();
    ui_test_screenshot ("ui-sign-verify.png");
    gtk_window_destroy (GTK_WINDOW (window));
  }
}

/* Cancel in the middle: what is signed stays recorded, the rest is not
 * touched, Resume finishes it. */
static void
test_cancel (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autofree char *code = fixture_reviewed_dossier (fixture);
  g_autoptr(McOfficer) leader = mc_officer_new ("hung", "Lê Quốc Hùng", "Phó Chủ tịch UBND xã", "Lãnh đạo UBND",
                                                MC_ROLE_LEADER);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *signature = ui_test_make_png (tmp_dir, "chu-ky-2.png", 400, 160, FALSE, 0);
  const char *codes[] = { code, NULL };
  McStore *store = mc_desk_get_store (fixture->desk);
  g_autofree char *annex = NULL;
  McSignDialog *dialog;
  guint done;

  g_settings_set_string (settings, "signing-level", "B-B");
  /* The last two hold the same bytes (the same annex attached twice),
   * signed one after the other on Resume: each gets its own signed file. */
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *name = g_strdup_printf ("phu-luc-%u.pdf", i + 1);
      g_autofree char *text = g_strdup_printf ("Phu luc %u", i + 1);
      g_autofree char *pdf = i == 3 ? g_strdup (annex) : ui_test_make_pdf (tmp_dir, name, 1, text);
      g_autofree char *op_id = NULL;
      g_autoptr(GError) error = NULL;

      mc_desk_set_officer_login (fixture->desk, "minh");
      op_id = mc_desk_attach_result (fixture->desk, code, pdf, NULL, &error);
      g_assert_no_error (error);
      if (i == 2)
        annex = g_strdup (pdf);
    }
  fixture_act (fixture, "minh", code, "submit_to_leader");
  fixture_act (fixture, "hung", code, "approve");

  mc_desk_set_officer_login (fixture->desk, "hung");
  dialog = mc_sign_dialog_new (NULL, fixture->desk, leader, codes);
  gtk_window_present (GTK_WINDOW (dialog));
  ui_test_wait_sign_page (dialog, "setup");
  {
    McTokenChooser *chooser = mc_sign_dialog_get_chooser (dialog);
    const char *label = env ("MC_PKI_TOKEN_LABEL");
    gpointer wait[3] = { chooser, (gpointer) label, GINT_TO_POINTER (TRUE) };

    ui_test_wait_until (chooser_lists, wait);
    g_assert_true (mc_token_chooser_select (chooser, find_identity (chooser, label, "Trần Thị Bình", NULL)));
  }
  mc_sign_dialog_set_images (dialog, signature, NULL);
  ui_test_wait_until (placement_ready, mc_sign_dialog_get_placement (dialog));
  ui_test_settle ();
  g_assert_null (mc_sign_dialog_get_problem (dialog));

  /* Held at the token after the first signature, Cancel is pressed; then
   * the signer goes on and stops after the document in hand. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "sign.start", NULL);
  {
    HoldWait wait = { dialog, token_log_count ("held") };

    hold_after_signs (1);
    type_pin (dialog, env ("MC_PKI_PIN"));
    ui_test_wait_until (first_done_and_held, &wait);
    gtk_widget_activate_action (GTK_WIDGET (dialog), "sign.cancel", NULL);
    g_assert_nonnull (strstr (mc_sign_dialog_get_status (dialog), "Stopping"));
    hold_after_signs (-1);
  }
  ui_test_wait_sign_page (dialog, "progress");
  done = count_status (dialog, MC_SIGN_ITEM_DONE);
  g_test_message ("signed before the batch stopped: %u", done);
  g_assert_cmpuint (done, >=, 1);
  g_assert_cmpuint (done, <=, 2);
  g_assert_cmpuint (count_status (dialog, MC_SIGN_ITEM_NOT_SIGNED), ==, 4 - done);
  g_assert_nonnull (strstr (mc_sign_dialog_get_status (dialog), "Stopped"));
  g_assert_cmpint (fixture_count (store, "SELECT count(*) FROM result_signature"), ==, done);
  g_assert_cmpint (fixture_count (store, "SELECT count(*) FROM outbox WHERE type = 'sign_result'"), ==, done);
  for (guint i = 0; i < 4; i++)
    if (i < done)
      g_free (assert_result_signed (fixture, code, i, 1));
    else
      assert_result_untouched (fixture, code, i);
  assert_signing_folder_empty (fixture);
  ui_test_settle ();
  ui_test_screenshot ("ui-sign-batch-cancelled.png");

  gtk_widget_activate_action (GTK_WIDGET (dialog), "sign.resume", NULL);
  type_pin (dialog, env ("MC_PKI_PIN"));
  ui_test_wait_pin_dialog_gone (dialog);
  ui_test_wait_sign_page (dialog, "progress");
  g_assert_cmpuint (count_status (dialog, MC_SIGN_ITEM_DONE), ==, 4);
  g_assert_cmpint (fixture_count (store, "SELECT count(*) FROM result_signature"), ==, 4);
  for (guint i = done; i < 4; i++)
    g_free (assert_result_signed (fixture, code, i, 1));
  assert_signing_folder_empty (fixture);
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
  g_autofree char *data_home = NULL;
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
  tmp_dir = g_dir_make_tmp ("motcua-sign-flow-XXXXXX", &error);
  g_assert_no_error (error);
  /* The user's trust anchors (the verification window's) in here, not in
   * the real home: set before anything asks GLib for the folder. */
  data_home = g_build_filename (tmp_dir, "data", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  mc_core_init ();
  g_test_init (&argc, &argv, NULL);
  if (shim == NULL)
    g_error ("usage: %s --shim=PATH-OF-libmc-test-token.so", argv[0]);
  g_assert_cmpstr (g_get_user_data_dir (), ==, data_home);

  pki = mc_test_pki_start ();
  ui_test_trust_root (env ("MC_PKI_ROOT"));
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
