/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Checks on the PDFs the real signer made through the UI, each by a judge
 * other than the dialog that made them: our verifier with the test root as
 * the only trust anchor, poppler's pdfsig, pdftotext and pdftoppm. Pages
 * are rendered at 80 dpi into the test log folder, so people can look at
 * the same images the colour counts are made on. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "mc-pades-signer.h"
#include "mc-application.h"
#include "mc-core.h"
#include "mc-dossier-pane-private.h"
#include "store/mc-demo.h"
#include "mc-pin-dialog.h"
#include "mc-pkcs11.h"
#include "mc-results-section.h"
#include "mc-sign-dialog.h"
#include "mc-token-chooser.h"
#include "mc-verify-window.h"
#include "ui-test-util.h"
#include "mc-test-pki.h"
#include "ui-test-signed.h"

#define DPI 80.0

/* Adds @root_pem to the user's trust anchors, where the app looks for
 * them ($XDG_DATA_HOME/motcua/trust): the caller points XDG_DATA_HOME at
 * a temporary folder first. */
void
ui_test_trust_root (const char *root_pem)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "motcua", "trust", NULL);
  g_autofree char *path = g_build_filename (dir, "test-root.pem", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (root_pem, &contents, &length, NULL));
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
}

char *
ui_test_file_sha256 (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static guint
count_substrings (const char *text,
                  const char *needle)
{
  guint n = 0;

  for (const char *at = strstr (text, needle); at != NULL; at = strstr (at + 1, needle))
    n++;
  return n;
}

/* Each of the @n_signatures signatures of @path is valid for our verifier
 * (digest, CMS, chain to @root_pem, revocation, covers its revision,
 * nothing forbidden after it), the newest by @last_signer; pdfsig finds
 * the same number, each "Signature is Valid". */
void
ui_test_assert_signed (const char *path,
                       const char *root_pem,
                       guint       n_signatures,
                       const char *last_signer)
{
  g_autoptr(McTrustStore) trust = mc_trust_store_new ();
  g_autoptr(McVerifier) verifier = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *missing = g_strdup_printf ("Signature #%u", n_signatures + 1);
  const char *argv[] = { "pdfsig", path, NULL };
  int status = -1;

  g_assert_true (mc_trust_store_add_file (trust, root_pem, &error));
  g_assert_no_error (error);
  verifier = mc_verifier_new (trust);
  mc_verifier_set_allow_network (verifier, TRUE);
  checks = mc_pdf_verify_file (path, verifier, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (checks->len, ==, n_signatures);
  for (guint i = 0; i < checks->len; i++)
    {
      McPdfSignatureCheck *check = g_ptr_array_index (checks, i);
      g_autofree char *summary = mc_signature_report_get_summary (check->report);

      g_test_message ("%s #%u: %s, %s", path, i + 1, check->signer, summary);
      g_assert_true (check->covers_document);
      g_assert_false (check->changed_after);
      g_assert_cmpint (mc_signature_report_get_status (check->report), ==, MC_SIGNATURE_STATUS_VALID);
      g_assert_true (mc_pdf_signature_check_is_valid (check));
    }
  g_assert_cmpstr (((McPdfSignatureCheck *) g_ptr_array_index (checks, checks->len - 1))->signer, ==, last_signer);

  out = mc_test_run (argv, &status, &err);
  g_test_message ("pdfsig %s:\n%s%s", path, out, err);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpuint (count_substrings (out, "Signature is Valid"), ==, n_signatures);
  g_assert_null (strstr (out, missing));
}

/* The words on one page (0-based), the appearances' included. */
char *
ui_test_page_text (const char *pdf,
                   guint       page)
{
  g_autofree char *number = g_strdup_printf ("%u", page + 1);
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", "-f", number, "-l", number, pdf, "-", NULL };
  int status = -1;
  char *out = mc_test_run (argv, &status, NULL);

  g_assert_cmpint (status, ==, 0);
  return out;
}

/* One page (0-based) at 80 dpi, kept as @shot_name in the log folder. */
GdkPixbuf *
ui_test_render_page (const char *pdf,
                     guint       page,
                     const char *shot_name)
{
  const char *dir = g_getenv ("MOTCUA_TEST_LOG_DIR");
  g_autofree char *base = g_build_filename (dir != NULL ? dir : g_get_tmp_dir (), shot_name, NULL);
  g_autofree char *png = g_strconcat (base, ".png", NULL);
  g_autofree char *number = g_strdup_printf ("%u", page + 1);
  const char *argv[] = { "pdftoppm", "-png", "-r", "80", "-singlefile", "-f", number, "-l", number, pdf, base, NULL };
  g_autoptr(GError) error = NULL;
  GdkPixbuf *pixbuf;
  int status = -1;

  g_free (mc_test_run (argv, &status, NULL));
  g_assert_cmpint (status, ==, 0);
  pixbuf = gdk_pixbuf_new_from_file (png, &error);
  g_assert_no_error (error);
  g_test_message ("rendered: %s", png);
  return pixbuf;
}

/* Pixels clearly blue (the handwritten signature's ink) and clearly red
 * (the seal) inside @rect, in points from the top left of the page. */
UiTestColours
ui_test_count_colours (GdkPixbuf    *page,
                       const double  rect[4])
{
  UiTestColours colours = { 0, 0 };
  int width = gdk_pixbuf_get_width (page);
  int height = gdk_pixbuf_get_height (page);
  int stride = gdk_pixbuf_get_rowstride (page);
  int channels = gdk_pixbuf_get_n_channels (page);
  const guchar *pixels = gdk_pixbuf_read_pixels (page);
  int x0 = MAX (0, (int) (rect[0] * DPI / 72));
  int y0 = MAX (0, (int) (rect[1] * DPI / 72));
  int x1 = MIN (width, (int) ((rect[0] + rect[2]) * DPI / 72 + 0.999));
  int y1 = MIN (height, (int) ((rect[1] + rect[3]) * DPI / 72 + 0.999));

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        const guchar *p = pixels + y * stride + x * channels;
        int r = p[0], g = p[1], b = p[2];

        if (b > 100 && b > r + 60 && b > g + 40)
          colours.blue++;
        else if (r > 150 && r > g + 80 && r > b + 80)
          colours.red++;
      }
  return colours;
}

/* Waits the signing tests share: each returns once the widget reached the
 * state, however long the loaded machine takes. */
static gboolean
dialog_on_page (gpointer data)
{
  McSignDialog *dialog = ((gpointer *) data)[0];
  const char *page = ((gpointer *) data)[1];

  return g_strcmp0 (mc_sign_dialog_get_page (dialog), page) == 0 && !mc_sign_dialog_get_busy (dialog);
}

void
ui_test_wait_sign_page (McSignDialog *dialog,
                        const char   *page)
{
  gpointer wait[2] = { dialog, (gpointer) page };

  ui_test_wait_until (dialog_on_page, wait);
}

static gboolean
identity_listed (gpointer data)
{
  McTokenChooser *chooser = data;

  return !mc_token_chooser_get_loading (chooser) && mc_token_chooser_get_n_identities (chooser) > 0;
}

void
ui_test_wait_identities (McTokenChooser *chooser)
{
  ui_test_wait_until (identity_listed, chooser);
}

static gboolean
pin_dialog_shown (gpointer data)
{
  McPinDialog *pin = mc_sign_dialog_get_pin_dialog (data);

  return pin != NULL && gtk_widget_get_mapped (GTK_WIDGET (pin));
}

void
ui_test_wait_pin_dialog_shown (McSignDialog *dialog)
{
  ui_test_wait_until (pin_dialog_shown, dialog);
}

static gboolean
pin_dialog_gone (gpointer data)
{
  return mc_sign_dialog_get_pin_dialog (data) == NULL;
}

void
ui_test_wait_pin_dialog_gone (McSignDialog *dialog)
{
  ui_test_wait_until (pin_dialog_gone, dialog);
}

/* Starts signing in @dialog, types @pin with real keys into the PIN
 * dialog, and returns once the batch ended (the progress page, idle). */
void
ui_test_sign_with_pin (McSignDialog *dialog,
                       const char   *pin)
{
  McPinDialog *pin_dialog;

  gtk_widget_activate_action (GTK_WIDGET (dialog), "sign.start", NULL);
  ui_test_wait_pin_dialog_shown (dialog);
  pin_dialog = mc_sign_dialog_get_pin_dialog (dialog);
  ui_test_focus_window (GTK_WINDOW (pin_dialog));
  gtk_widget_grab_focus (GTK_WIDGET (mc_pin_dialog_get_entry (pin_dialog)));
  ui_test_type (GTK_WINDOW (pin_dialog), pin);
  ui_test_key (GTK_WINDOW (pin_dialog), "Return");
  ui_test_wait_pin_dialog_gone (dialog);
  ui_test_wait_sign_page (dialog, "progress");
}

static gboolean
verified (gpointer data)
{
  return g_strcmp0 (mc_verify_window_get_state (data), "loading") != 0;
}

void
ui_test_wait_verified (McVerifyWindow *window)
{
  ui_test_wait_until (verified, window);
}

/* The pane shows @code at @step, with its results and actions loaded. */
typedef struct
{
  McDossierPane *pane;
  const char *code;
  const char *step;
} PaneWait;

static gboolean
pane_shows (gpointer data)
{
  PaneWait *wait = data;
  const McDossier *dossier = mc_dossier_pane_get_dossier (wait->pane);
  McResultsSection *section = MC_RESULTS_SECTION (ui_test_find (GTK_WIDGET (wait->pane),
                                                                MC_TYPE_RESULTS_SECTION));

  return !mc_dossier_pane_get_loading (wait->pane) && dossier != NULL &&
         g_strcmp0 (dossier->code, wait->code) == 0 && g_strcmp0 (dossier->step, wait->step) == 0 &&
         !mc_results_section_get_busy (section) && mc_results_section_get_results (section) != NULL;
}

void
ui_test_wait_pane (McDossierPane *pane,
                   const char    *code,
                   const char    *step)
{
  PaneWait wait = { pane, code, step };

  ui_test_wait_until (pane_shows, &wait);
}

static gboolean
sign_dialog_open (gpointer data)
{
  return ui_test_find_toplevel (MC_TYPE_SIGN_DIALOG) != NULL;
}

/* Returns the sign dialog once it is shown. */
McSignDialog *
ui_test_wait_sign_dialog (void)
{
  ui_test_wait_until (sign_dialog_open, NULL);
  return ui_test_find_toplevel (MC_TYPE_SIGN_DIALOG);
}

/* The demo token as `./dev run` makes it */

static GSubprocess *responder;

/* A loopback port nothing listens on now, for the demo responder. */
static guint16
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_socket_bind (socket, any, FALSE, &error));
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* make-demo-token.sh's assignments become this process's environment. */
static char *
make_demo_token (const char *tmp_dir)
{
  g_autofree char *script = g_build_filename (g_getenv ("MOTCUA_SOURCE_DIR"), "tests", "pki",
                                              "make-demo-token.sh", NULL);
  g_autofree char *fixture = g_build_filename (g_getenv ("MOTCUA_BUILD_DIR"), "tests", "integration", "pades",
                                               "pades-fixture", NULL);
  g_autofree char *dir = g_build_filename (tmp_dir, "demo-token", NULL);
  g_autofree char *port = g_strdup_printf ("%u", free_port ());
  const char *argv[] = { script, "--fixture", fixture, dir, NULL };
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;

  g_setenv ("MOTCUA_DEMO_OCSP_PORT", port, TRUE);
  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("make-demo-token.sh failed: %s", err);

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *eq = strchr (lines[i], '=');
      gsize len;

      if (eq == NULL)
        continue;
      *eq = '\0';
      len = strlen (eq + 1);
      if (len >= 2 && eq[1] == '\'' && eq[len] == '\'')
        {
          eq[len] = '\0';
          g_setenv (lines[i], eq + 2, TRUE);
        }
      else
        g_setenv (lines[i], eq + 1, TRUE);
    }
  g_assert_nonnull (g_getenv ("MOTCUA_DEMO_SIGNATURE_IMAGE"));

  return g_steal_pointer (&dir);
}

/* The responder goes with this process, even when an assertion aborts it. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* Starts demo-ocsp.sh and returns once it says it listens. */
static void
start_responder (const char *token_dir)
{
  g_autofree char *script = g_build_filename (g_getenv ("MOTCUA_SOURCE_DIR"), "tests", "pki", "demo-ocsp.sh", NULL);
  const char *argv[] = { script, token_dir, NULL };
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  responder = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (responder));
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);

      g_assert_no_error (error);
      if (line == NULL)
        g_error ("the demo OCSP responder stopped before listening");
      if (g_str_has_prefix (line, "ACCEPT"))
        break;
    }
}

/* Makes the demo SoftHSM token of tests/pki/make-demo-token.sh in
 * @tmp_dir (its environment becomes this process's), trusts its root,
 * starts its OCSP responder and points the app's PKCS#11 at SoftHSM. */
void
ui_test_start_demo_token (const char *tmp_dir)
{
  g_autofree char *token_dir = make_demo_token (tmp_dir);
  g_autofree char *root = g_build_filename (token_dir, "trust", "demo-root.pem", NULL);
  const char *module = g_getenv ("MC_SOFTHSM2_MODULE");
  const char *paths[] = { module != NULL ? module : "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so", NULL };
  g_autoptr(GError) error = NULL;

  ui_test_trust_root (root);
  start_responder (token_dir);
  if (!mc_pkcs11_configure (paths, FALSE, &error))
    g_error ("%s", error->message);
}

void
ui_test_stop_demo_token (void)
{
  if (responder == NULL)
    return;
  g_subprocess_force_exit (responder);
  g_subprocess_wait (responder, NULL, NULL);
  g_clear_object (&responder);
}

/* The demo workspace as `motcua-cli demo` makes it, in @dir/demo, closed
 * again so that the application opens it. */
char *
ui_test_make_demo_workspace (const char *dir,
                             guint       n_dossiers,
                             guint32     seed)
{
  g_autofree char *workspace = g_build_filename (dir, "demo", NULL);
  g_autoptr(McDesk) desk = NULL;
  g_autoptr(GError) error = NULL;

  desk = mc_desk_open (workspace, MC_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (mc_demo_populate (desk, n_dossiers, seed, NULL, NULL, &error));
  g_assert_no_error (error);
  mc_store_close (mc_desk_get_store (desk));

  return g_steal_pointer (&workspace);
}

static void
app_started (GApplication *app,
             gpointer      checks)
{
  g_idle_add (checks, app);
}

/* Runs the application on @workspace; @checks runs once it started, with
 * the application as its data, and ends by closing its windows. */
void
ui_test_run_app_on (const char  *workspace,
                    GSourceFunc  checks)
{
  g_autoptr(McApplication) app = mc_application_new ();
  char *argv[] = { (char *) "motcua", (char *) "--workspace", (char *) workspace, NULL };

  g_signal_connect (app, "startup", G_CALLBACK (app_started), checks);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
}
