/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "Ký số bản sao" in the scan dialog under Xvfb, in Vietnamese, with the
 * SoftHSM token and PKI of tests/pki/make-pki.sh: a page imported, the
 * switch on, Attach reads the token's certificates in a worker (the dialog
 * busy meanwhile) and, as the token holds several, asks which one signs
 * (the token chooser), then the PIN once (the PIN dialog); the dialog closes
 * and the component row waits until its copy is written and signed in the
 * background; the file it gets is signed (pdfsig: the signature is valid
 * and covers the whole document) and no unsigned copy is left beside it.
 * Cancelling the PIN dialog keeps the scan dialog and its page. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "digitise/mc-scan-dialog.h"
#include "mc-component-row.h"
#include "mc-core.h"
#include "mc-pin-dialog.h"
#include "mc-pkcs11.h"
#include "mc-test-pki.h"
#include "ui-test-util.h"

static McTestPki *pki;
static char *tmp_dir;

static gboolean
scan_idle (gpointer data)
{
  return !mc_scan_dialog_get_busy (data);
}

static gboolean
has_pin_dialog (gpointer data)
{
  return mc_scan_dialog_get_pin_dialog (data) != NULL;
}

static gboolean
pin_dialog_gone (gpointer data)
{
  return mc_scan_dialog_get_pin_dialog (data) == NULL;
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
row_has_file (gpointer data)
{
  McComponentRow *row = data;

  return mc_component_row_get_pending (row) == 0 && mc_component_row_get_files (row)->len == 1;
}

static gboolean
has_chooser_or_pin (gpointer data)
{
  McTokenChooser *chooser = mc_scan_dialog_get_token_chooser (data);

  return mc_scan_dialog_get_pin_dialog (data) != NULL ||
         (chooser != NULL && !mc_token_chooser_get_loading (chooser) &&
          mc_token_chooser_get_identity (chooser) != NULL);
}

/* Attach with "Sign the copies": the token's certificates are read in a
 * worker (the dialog busy meanwhile); the test token holds several, so
 * the official is asked which one signs, then the PIN. */
static McPinDialog *
attach_to_pin (McScanDialog *scan,
               const char   *screenshot)
{
  McTokenChooser *chooser;
  GtkWidget *question;

  mc_scan_dialog_attach (scan);
  g_assert_true (mc_scan_dialog_get_busy (scan));
  ui_test_wait_until (has_chooser_or_pin, scan);
  chooser = mc_scan_dialog_get_token_chooser (scan);
  g_assert_nonnull (chooser);
  g_assert_cmpuint (mc_token_chooser_get_n_identities (chooser), >, 1);
  ui_test_settle ();
  if (screenshot != NULL)
    ui_test_screenshot (screenshot);
  question = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (chooser)));
  g_assert_true (ADW_IS_MESSAGE_DIALOG (question));
  g_object_ref (question);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (question), "sign");
  gtk_window_destroy (GTK_WINDOW (question));
  g_object_unref (question);
  g_assert_null (mc_scan_dialog_get_token_chooser (scan));
  ui_test_wait_until (has_pin_dialog, scan);
  return mc_scan_dialog_get_pin_dialog (scan);
}

static void
test_sign_copies (void)
{
  g_autofree char *png = ui_test_make_png (tmp_dir, "giay-to.png", 400, 560, TRUE, 100);
  const char *files[] = { png, NULL };
  McProcedureComponent component = { 0 };
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  McComponentRow *row;
  AdwToastOverlay *overlay;
  GtkWindow *window;
  McScanDialog *scan;
  McPinDialog *pin;
  gpointer weak;

  component.code = (char *) "TP1";
  component.name = (char *) "Giấy xác nhận cư trú";
  component.copies = 1;
  row = mc_component_row_new (&component);
  window = GTK_WINDOW (adw_window_new ());
  overlay = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (overlay, GTK_WIDGET (row));
  adw_window_set_content (ADW_WINDOW (window), GTK_WIDGET (overlay));
  gtk_window_set_default_size (window, 700, 300);
  gtk_window_present (window);
  g_ptr_array_add (rows, row);

  scan = mc_scan_dialog_new (rows, row);
  gtk_window_set_transient_for (GTK_WINDOW (scan), window);
  gtk_window_present (GTK_WINDOW (scan));
  ui_test_wait_until (scan_idle, scan);
  mc_scan_dialog_import_files (scan, files);
  ui_test_wait_until (scan_idle, scan);
  g_assert_cmpuint (mc_scan_dialog_get_n_pages (scan), ==, 1);
  mc_scan_dialog_set_sign_copies (scan, TRUE);

  /* Cancel at the PIN: nothing is attached, the page is kept. */
  pin = attach_to_pin (scan, "ui-digitise-sign-0-choose.png");
  gtk_window_close (GTK_WINDOW (pin));
  ui_test_wait_until (pin_dialog_gone, scan);
  ui_test_settle ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (scan)));
  g_assert_cmpuint (mc_scan_dialog_get_n_pages (scan), ==, 1);
  g_assert_cmpuint (mc_component_row_get_files (row)->len, ==, 0);
  g_assert_cmpuint (mc_component_row_get_pending (row), ==, 0);

  /* One PIN, then the dialog goes and the copy is signed behind it. */
  pin = attach_to_pin (scan, NULL);
  ui_test_screenshot ("ui-digitise-sign-1-pin.png");
  ui_test_focus_window (GTK_WINDOW (pin));
  gtk_widget_grab_focus (GTK_WIDGET (mc_pin_dialog_get_entry (pin)));
  ui_test_type (GTK_WINDOW (pin), mc_test_pki_get (pki, "MC_PKI_PIN"));
  weak = scan;
  g_object_add_weak_pointer (G_OBJECT (scan), &weak);
  ui_test_key (GTK_WINDOW (pin), "Return");
  ui_test_wait_until (is_null, &weak);
  ui_test_wait_until (row_has_file, row);
  ui_test_settle ();
  ui_test_screenshot ("ui-digitise-sign-2-signed.png");

  {
    const char *made = g_ptr_array_index (mc_component_row_get_files (row), 0);
    g_autofree char *folder = g_path_get_dirname (made);
    g_autofree char *base = g_path_get_basename (made);
    const char *argv[] = { "pdfsig", made, NULL };
    g_autofree char *err = NULL;
    g_autofree char *out = NULL;
    g_autoptr(GDir) dir = NULL;
    const char *name;
    int status = -1;

    g_assert_cmpstr (base, ==, "TP1.pdf");
    out = mc_test_run (argv, &status, &err);
    g_test_message ("pdfsig: %s%s", out, err);
    g_assert_nonnull (strstr (out, "Signature Validation: Signature is Valid."));
    g_assert_nonnull (strstr (out, "Total document signed"));
    dir = g_dir_open (folder, 0, NULL);
    g_assert_nonnull (dir);
    while ((name = g_dir_read_name (dir)) != NULL)
      g_assert_null (strstr (name, "unsigned"));
  }
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sane_dir = NULL;
  g_autofree char *dll = NULL;
  int status;

  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  g_setenv ("LANGUAGE", "vi", TRUE);
  g_setenv ("LC_ALL", "vi_VN.UTF-8", TRUE);
  mc_core_init ();
  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("motcua-digitise-sign-XXXXXX", &error);
  g_assert_no_error (error);
  /* No scanner: the page comes from a file. */
  sane_dir = g_build_filename (tmp_dir, "sane", NULL);
  g_assert_cmpint (g_mkdir (sane_dir, 0700), ==, 0);
  dll = g_build_filename (sane_dir, "dll.conf", NULL);
  g_assert_true (g_file_set_contents (dll, "\n", -1, NULL));
  g_setenv ("SANE_CONFIG_DIR", sane_dir, TRUE);

  pki = mc_test_pki_start ();
  {
    const char *paths[] = { mc_test_pki_get (pki, "MC_PKI_SOFTHSM2_MODULE"), NULL };

    if (!mc_pkcs11_configure (paths, FALSE, &error))
      g_error ("%s", error->message);
  }
  adw_init ();

  g_test_add_func ("/ui/digitise/sign-copies", test_sign_copies);
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
