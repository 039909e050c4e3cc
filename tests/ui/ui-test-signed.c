/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Checks on the PDFs the real signer made through the UI, each by a judge
 * other than the dialog that made them: our verifier with the test root as
 * the only trust anchor, poppler's pdfsig, pdftotext and pdftoppm. Pages
 * are rendered at 80 dpi into the test log folder, so people can look at
 * the same images the colour counts are made on. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <string.h>

#include "mc-pades-signer.h"
#include "mc-pin-dialog.h"
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
