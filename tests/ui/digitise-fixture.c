/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The set-up and waits the digitise UI tests share; see the header. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "digitise-fixture.h"
#include "digitise/mc-ocr-queue.h"
#include "domain/mc-state.h"
#include "mc-component-row.h"
#include "mc-core.h"
#include "mc-dossier-pane-private.h"
#include "mc-reception-dialog-private.h"
#include "store/mc-desk-private.h"
#include "store/mc-desk-profile.h"
#include "store/mc-desk-records.h"
#include "ui-test-util.h"
#include "workflow-fixture.h"

/* Vietnamese, no GL under Xvfb; before g_test_init. */
void
digitise_environment (void)
{
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  g_setenv ("LANGUAGE", "vi", TRUE);
  g_setenv ("LC_ALL", "vi_VN.UTF-8", TRUE);
  mc_core_init ();
}

/* SANE with no backend: pages come from imported or dropped files only. */
void
digitise_no_scanner (const char *tmp_dir)
{
  g_autofree char *sane_dir = g_build_filename (tmp_dir, "sane", NULL);
  g_autofree char *dll = g_build_filename (sane_dir, "dll.conf", NULL);

  g_assert_cmpint (g_mkdir (sane_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (dll, "\n", -1, NULL));
  g_setenv ("SANE_CONFIG_DIR", sane_dir, TRUE);
}

/* The process set up for tests of imported or dropped pages: the
 * environment, GTest, a private folder made from tmp_template (returned)
 * and SANE with no backend in it. */
char *
digitise_test_init (int          *argc,
                    char       ***argv,
                    const char   *tmp_template)
{
  g_autoptr(GError) error = NULL;
  char *tmp_dir;

  digitise_environment ();
  g_test_init (argc, argv, NULL);
  tmp_dir = g_dir_make_tmp (tmp_template, &error);
  g_assert_no_error (error);
  digitise_no_scanner (tmp_dir);
  return tmp_dir;
}

/* Runs the tests added, then removes and frees tmp_dir. */
int
digitise_test_run (char *tmp_dir)
{
  int status = g_test_run ();

  ui_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}

static void
app_activate (GApplication *app,
              GSourceFunc   checks)
{
  g_application_hold (app);
  g_idle_add (checks, g_object_get_data (G_OBJECT (app), "checks-data"));
}

/* Runs an application with id until checks, called idle with data once
 * it is active, releases it. */
void
digitise_run_app (const char  *id,
                  GSourceFunc  checks,
                  gpointer     data)
{
  g_autoptr(AdwApplication) app = g_object_new (ADW_TYPE_APPLICATION,
                                                "application-id", id,
                                                "flags", G_APPLICATION_NON_UNIQUE,
                                                "resource-base-path", "/io/github/motcua/Desk",
                                                NULL);

  g_object_set_data (G_OBJECT (app), "checks-data", data);
  g_signal_connect (app, "activate", G_CALLBACK (app_activate), checks);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
}

/* The office, its receptionist and numbers for 8 December 2026, through
 * the desk as the set-up assistant and Preferences make them. */
void
digitise_set_up_desk (McDesk *desk)
{
  McOffice office = { (char *) DIGITISE_OFFICE, (char *) "Ủy ban nhân dân xã Tân Phú",
                      (char *) "Ủy ban nhân dân tỉnh Đồng Nai", (char *) "Tân Phú", (char *) "" };
  g_autoptr(McOfficer) officer = mc_officer_new ("lan", "Nguyễn Thị Lan", "Công chức Bộ phận Một cửa",
                                                 "Bộ phận Một cửa", MC_ROLE_RECEPTION);
  g_autoptr(McOfficer) used = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_desk_set_office (desk, &office, &error));
  g_assert_no_error (error);
  g_assert_true (mc_desk_add_officer (desk, officer, &error));
  g_assert_no_error (error);
  used = mc_desk_use_officer (desk, "lan", &error);
  g_assert_no_error (error);
  g_assert_nonnull (used);
  g_assert_true (mc_desk_add_lease (desk, DIGITISE_OFFICE, "261208", 1, 50, &error));
  g_assert_no_error (error);
}

/* The desk at workspace, set up, at 9:30 on 8 December 2026 with the
 * receptionist signed in. */
McDesk *
digitise_open_desk (const char *workspace)
{
  g_autoptr(GDateTime) when = g_date_time_new (mc_vietnam_time_zone (), 2026, 12, 8, 9, 30, 0);
  g_autoptr(GError) error = NULL;
  McDesk *desk = mc_desk_open (workspace, MC_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  digitise_set_up_desk (desk);
  mc_desk_set_clock (desk, g_date_time_to_unix (when));
  mc_desk_set_officer_login (desk, "lan");
  return desk;
}

void
digitise_close_desk (McDesk *desk)
{
  mc_store_close (mc_desk_get_store (desk));
  g_object_unref (desk);
}

/* A birth registration (1.001193) with its two components, received now;
 * returns its code. */
char *
digitise_receive (McDesk *desk)
{
  g_autoptr(McReception) reception = fixture_birth_reception ();
  g_autoptr(McReceptionResult) result = NULL;
  g_autoptr(GError) error = NULL;

  reception->received_at = mc_desk_now (desk);
  result = mc_desk_receive (desk, reception, NULL, &error);
  g_assert_no_error (error);
  return g_strdup (result->code);
}

gboolean
digitise_pane_shows (gpointer data)
{
  DigitisePaneWait *wait = data;
  const McDossier *dossier = mc_dossier_pane_get_dossier (wait->pane);

  return !mc_dossier_pane_get_loading (wait->pane) && dossier != NULL &&
         g_strcmp0 (dossier->code, wait->code) == 0;
}

/* The pane's "message" handler: keeps each text told in messages. */
void
digitise_on_message (McDossierPane *pane,
                     const char    *text,
                     const char    *slip,
                     GPtrArray     *messages)
{
  g_ptr_array_add (messages, g_strdup (text));
}

/* A window of app with a detail pane on desk, shown, that shows code,
 * loaded; each message the pane tells is kept in messages. */
McDossierPane *
digitise_open_pane (GApplication  *app,
                    McDesk        *desk,
                    const char    *code,
                    GPtrArray     *messages,
                    GtkWidget    **window)
{
  McDossierPane *pane = g_object_new (MC_TYPE_DOSSIER_PANE, NULL);
  DigitisePaneWait wait = { pane, code };

  *window = adw_application_window_new (GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (*window), 900, 760);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (*window), GTK_WIDGET (pane));
  mc_dossier_pane_set_desk (pane, desk);
  g_signal_connect (pane, "message", G_CALLBACK (digitise_on_message), messages);
  gtk_window_present (GTK_WINDOW (*window));
  mc_dossier_pane_show_code (pane, code);
  ui_test_wait_until (digitise_pane_shows, &wait);
  ui_test_settle ();
  return pane;
}

/* The scan dialog shown now, or NULL. */
McScanDialog *
digitise_find_scan_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  McScanDialog *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (MC_IS_SCAN_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        found = MC_SCAN_DIALOG (window);
    }
  return found;
}

/* Whether a scan dialog is shown; data, a McScanDialog **, is given it. */
gboolean
digitise_has_scan_dialog (gpointer data)
{
  McScanDialog *found = digitise_find_scan_dialog ();

  *(McScanDialog **) data = found;
  return found != NULL;
}

gboolean
digitise_scan_idle (gpointer data)
{
  return !mc_scan_dialog_get_busy (data);
}

gboolean
digitise_ocr_idle (gpointer data)
{
  return !mc_ocr_queue_get_busy (data);
}

/* The component row has its one file, none pending. */
gboolean
digitise_row_has_file (gpointer data)
{
  McComponentRow *row = data;

  return mc_component_row_get_pending (row) == 0 && mc_component_row_get_files (row)->len == 1;
}

gboolean
digitise_reception_ready (gpointer data)
{
  return mc_reception_dialog_is_ready (data);
}

gboolean
digitise_reception_idle (gpointer data)
{
  return !mc_reception_dialog_is_busy (data);
}

/* data, a gpointer *, points at NULL: a weak pointer's object is gone. */
gboolean
digitise_is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}
