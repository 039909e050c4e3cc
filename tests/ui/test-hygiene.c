/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a state security audit checks on the desk itself: the programs
 * cannot dump core (not dumpable, core size limit zero, checked in a child
 * so the test keeps its own), and the PIN entry, at a public counter, has no
 * peek icon and does not reveal the PIN on its "show text" action either. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <sys/prctl.h>
#include <sys/resource.h>

#include "mc-core.h"
#include "mc-pin-dialog.h"
#include "sync/mc-sync-password-dialog.h"
#include "ui-test-util.h"

static void
test_no_core_dumps (void)
{
  if (g_test_subprocess ())
    {
      struct rlimit limit = { 1, 1 };

      g_assert_cmpint (prctl (PR_GET_DUMPABLE, 0, 0, 0, 0), ==, 1);
      mc_core_forbid_core_dumps ();
      g_assert_cmpint (prctl (PR_GET_DUMPABLE, 0, 0, 0, 0), ==, 0);
      g_assert_cmpint (getrlimit (RLIMIT_CORE, &limit), ==, 0);
      g_assert_cmpuint (limit.rlim_cur, ==, 0);
      g_assert_cmpuint (limit.rlim_max, ==, 0);
      g_print ("not dumpable\n");
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*not dumpable*");
}

static guint
count_mapped_images (GtkWidget *widget)
{
  guint n = GTK_IS_IMAGE (widget) && gtk_widget_get_mapped (widget) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_mapped_images (child);

  return n;
}

static gboolean
mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static void
test_pin_entry_hides (void)
{
  g_autoptr(McPinDialog) dialog = g_object_ref_sink (g_object_new (MC_TYPE_PIN_DIALOG, NULL));
  GtkEditable *entry = mc_pin_dialog_get_entry (dialog);
  GtkWidget *text;

  g_assert_true (GTK_IS_PASSWORD_ENTRY (entry));
  g_assert_false (gtk_password_entry_get_show_peek_icon (GTK_PASSWORD_ENTRY (entry)));
  gtk_window_present (GTK_WINDOW (dialog));
  ui_test_wait_until (mapped, dialog);
  gtk_editable_set_text (entry, "123456");
  text = ui_test_find (GTK_WIDGET (entry), GTK_TYPE_TEXT);
  g_assert_nonnull (text);
  g_assert_false (gtk_text_get_visibility (GTK_TEXT (text)));
  /* No icon shows in the entry (only the Caps Lock warning could). */
  g_assert_cmpuint (count_mapped_images (GTK_WIDGET (entry)), ==, 0);
  /* The context menu's "Show Text" does nothing either. */
  gtk_widget_activate_action (text, "misc.toggle-visibility", NULL);
  gtk_widget_activate_action (GTK_WIDGET (entry), "misc.toggle-visibility", NULL);
  ui_test_settle ();
  g_assert_false (gtk_text_get_visibility (GTK_TEXT (text)));
  gtk_editable_set_text (entry, "");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* The central server's password, asked at the counter when there is no
 * keyring, is typed without a peek icon either. */
static void
test_sync_password_hides (void)
{
  McSyncPasswordDialog *dialog = mc_sync_password_dialog_new (NULL, "https://central.example", "lan", NULL);
  GtkEditable *entry = mc_sync_password_dialog_get_entry (dialog);
  GtkWidget *text;

  g_assert_true (GTK_IS_PASSWORD_ENTRY (entry));
  g_assert_false (gtk_password_entry_get_show_peek_icon (GTK_PASSWORD_ENTRY (entry)));
  gtk_window_present (GTK_WINDOW (dialog));
  ui_test_wait_until (mapped, dialog);
  gtk_editable_set_text (entry, "mat-khau-1");
  text = ui_test_find (GTK_WIDGET (entry), GTK_TYPE_TEXT);
  g_assert_nonnull (text);
  g_assert_false (gtk_text_get_visibility (GTK_TEXT (text)));
  g_assert_cmpuint (count_mapped_images (GTK_WIDGET (entry)), ==, 0);
  gtk_editable_set_text (entry, "");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  mc_core_init ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/hygiene/no-core-dumps", test_no_core_dumps);
  g_test_add_func ("/hygiene/pin-entry-hides", test_pin_entry_hides);
  g_test_add_func ("/hygiene/sync-password-hides", test_sync_password_hides);

  return g_test_run ();
}
