/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Files dropped onto a component, under Xvfb in Vietnamese, through the
 * row's own GtkDropTarget (its "drop" signal with the value a file manager
 * gives: a GdkFileList, or a single GFile). In the reception dialog a PNG
 * rendered here and a two-page PDF dropped onto the second component open
 * the scan dialog with three pages in the order dropped (the image first,
 * then the PDF's pages at 300 dpi), all for that component; a text file
 * is refused with a message saying what is accepted, no dialog opens and
 * nothing is attached. In the detail pane of a received dossier a PDF, a
 * text file and a PNG dropped onto the second component open the scan
 * dialog with the PDF's pages then the image, for that component, and the
 * pane says the text file was left out. And a real drag under X (XDND,
 * driven with xdotool) from a window offering two files as a file manager
 * does: the component's row is highlighted (GTK's :drop(active)) while the
 * files hover over it, its neighbour is not, and the drop opens the scan
 * dialog with their pages for it. Screenshots go to the test log folder. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <glib/gi18n.h>
#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "digitise-fixture.h"
#include "digitise/mc-scan-dialog.h"
#include "domain/mc-state.h"
#include "mc-core.h"
#include "mc-dossier-pane-private.h"
#include "mc-reception-dialog-private.h"
#include "store/mc-desk-private.h"
#include "store/mc-desk-profile.h"
#include "store/mc-desk-records.h"
#include "ui-test-util.h"

#define CARD_TEXT "001099012345|123456789|Nguyễn Văn Ánh|15031999|Nam|" \
  "Tổ 1, Phường Nghĩa Đức, Thành phố Gia Nghĩa, Tỉnh Đắk Nông|10072021"
/* The image dropped: its width tells it from the PDF's pages. */
#define PHOTO_WIDTH 900
#define PHOTO_HEIGHT 640
/* An A4 PDF page (595 pt) imported at 300 dpi. */
#define PDF_PAGE_WIDTH ((guint) (595 * 300 / 72.0))
/* What the refusal says is accepted, in Vietnamese. */
#define ACCEPTED "PNG, JPEG hoặc TIFF"

static char *tmp_dir;

typedef struct {
  McDesk *desk;
  char *code;
  GPtrArray *messages;
} Run;

static McDesk *
open_desk (const char *name)
{
  g_autofree char *workspace = g_build_filename (tmp_dir, name, NULL);

  return digitise_open_desk (workspace);
}

/* A text file, which is not a scan. */
static char *
make_text (const char *name)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "Ghi chú của cán bộ: công dân nộp thêm bản sao.\n", -1, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

/* The drop target a row was given: the one a real drag would reach. */
static GtkDropTarget *
drop_target_of (GtkWidget *row)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (row);
  GtkDropTarget *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        {
          g_assert_null (found);
          found = GTK_DROP_TARGET (controller);
        }
    }
  g_assert_nonnull (found);
  return found;
}

/* Drops @paths onto @row as a file manager does: a GdkFileList, or a
 * GFile when there is one path and @single. */
static void
drop_files (GtkWidget          *row,
            const char * const *paths,
            gboolean            single)
{
  GtkDropTarget *target = drop_target_of (row);
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean handled = FALSE;

  for (guint i = 0; paths[i] != NULL; i++)
    g_ptr_array_add (files, g_file_new_for_path (paths[i]));
  if (single)
    {
      g_assert_cmpuint (files->len, ==, 1);
      g_value_init (&value, G_TYPE_FILE);
      g_value_set_object (&value, g_ptr_array_index (files, 0));
    }
  else
    {
      g_value_init (&value, GDK_TYPE_FILE_LIST);
      g_value_take_boxed (&value, gdk_file_list_new_from_array ((GFile **) files->pdata, files->len));
    }
  /* The target takes both kinds of value a drag of files brings. */
  g_assert_true (gdk_content_formats_contain_gtype (gtk_drop_target_get_formats (target), GDK_TYPE_FILE_LIST));
  g_assert_true (gdk_content_formats_contain_gtype (gtk_drop_target_get_formats (target), G_TYPE_FILE));
  g_signal_emit_by_name (target, "drop", &value, 20.0, 10.0, &handled);
  g_assert_true (handled);
}

static gboolean
reception_has_error (gpointer data)
{
  return mc_reception_dialog_get_error_text (data) != NULL;
}

/* The error banner is done sliding in: for the screenshot. */
static gboolean
error_shown (gpointer data)
{
  return gtk_revealer_get_child_revealed (((McReceptionDialog *) data)->error_revealer);
}

/* Waits for the scan dialog a drop opens and for its import to end. */
static McScanDialog *
wait_scan_dialog (void)
{
  McScanDialog *scan;

  ui_test_wait_until (digitise_has_scan_dialog, &scan);
  ui_test_wait_until (digitise_scan_idle, scan);
  g_test_message ("scan dialog: %u pages, message %s", mc_scan_dialog_get_n_pages (scan),
                  mc_scan_dialog_get_message (scan));
  g_assert_null (mc_scan_dialog_get_message (scan));
  return scan;
}

/* Page @page of @scan is the dropped photo (or a PDF page) and goes to
 * component @component. */
static void
assert_page (McScanDialog *scan,
             guint         page,
             gboolean      photo,
             guint         component)
{
  const McScannedPage *scanned = mc_scan_dialog_get_page (scan, page);

  g_test_message ("page %u: %u×%u, component %u", page, scanned->width, scanned->height,
                  mc_scan_dialog_get_page_component (scan, page));
  if (photo)
    {
      g_assert_cmpuint (scanned->width, ==, PHOTO_WIDTH);
      g_assert_cmpuint (scanned->height, ==, PHOTO_HEIGHT);
    }
  else
    g_assert_cmpuint (scanned->width, ==, PDF_PAGE_WIDTH);
  g_assert_cmpuint (mc_scan_dialog_get_page_component (scan, page), ==, component);
}

static void
activate (McReceptionDialog *dialog,
          const char        *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), action, NULL));
  ui_test_settle ();
}

/* The reception dialog at its components page, over a main window. */
static McReceptionDialog *
open_components (Run        *run,
                 GtkWidget **parent)
{
  GApplication *app = g_application_get_default ();
  McReceptionDialog *dialog;

  *parent = adw_application_window_new (GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (*parent), 1200, 780);
  gtk_window_present (GTK_WINDOW (*parent));
  dialog = mc_reception_dialog_new (GTK_WINDOW (*parent), run->desk);
  gtk_window_present (GTK_WINDOW (dialog));
  ui_test_wait_until (digitise_reception_ready, dialog);
  mc_reception_dialog_set_search_text (dialog, "1.001193");
  mc_reception_dialog_pick_procedure (dialog, 0);
  ui_test_settle ();
  mc_reception_dialog_set_qr_text (dialog, CARD_TEXT);
  ui_test_wait_until (digitise_reception_idle, dialog);
  activate (dialog, "reception.next");
  g_assert_cmpstr (mc_reception_dialog_get_page (dialog), ==, "components");
  g_assert_nonnull (mc_component_checklist_find (dialog->checklist, "TP1"));
  g_assert_nonnull (mc_component_checklist_find (dialog->checklist, "TP2"));
  return dialog;
}

static gboolean
reception_checks (gpointer user_data)
{
  Run *run = user_data;
  GApplication *app = g_application_get_default ();
  g_autofree char *photo = ui_test_make_png (tmp_dir, "anh-chup.png", PHOTO_WIDTH, PHOTO_HEIGHT, TRUE, 150);
  g_autofree char *pdf = ui_test_make_pdf (tmp_dir, "ban-sao.pdf", 2, "BAN SAO");
  g_autofree char *text = make_text ("ghi-chu.txt");
  const char *scans[] = { photo, pdf, NULL };
  const char *refused[] = { text, NULL };
  McReceptionDialog *dialog;
  McComponentRow *tp2;
  McScanDialog *scan;
  const char *error_text;
  GtkWidget *parent;

  dialog = open_components (run, &parent);
  tp2 = mc_component_checklist_find (dialog->checklist, "TP2");

  /* The photo and the PDF onto the second component: their pages, in
   * the order dropped, all for it; nothing attached before the official
   * has seen them. */
  g_assert_null (digitise_find_scan_dialog ());
  drop_files (GTK_WIDGET (tp2), scans, FALSE);
  scan = wait_scan_dialog ();
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (scan)) == GTK_WINDOW (dialog));
  g_assert_cmpuint (mc_scan_dialog_get_n_pages (scan), ==, 3);
  assert_page (scan, 0, TRUE, 1);
  assert_page (scan, 1, FALSE, 1);
  assert_page (scan, 2, FALSE, 1);
  g_assert_cmpuint (mc_component_row_get_files (tp2)->len, ==, 0);
  g_assert_null (mc_reception_dialog_get_error_text (dialog));
  ui_test_screenshot ("ui-digitise-drop-1-reception.png");
  gtk_window_destroy (GTK_WINDOW (scan));
  ui_test_settle ();
  g_assert_null (digitise_find_scan_dialog ());

  /* A text file: refused, saying what is accepted; no dialog, nothing
   * attached. The dialog would open in the same callback as the message,
   * so once the message is shown there is nothing more to wait for. */
  drop_files (GTK_WIDGET (tp2), refused, TRUE);
  ui_test_wait_until (reception_has_error, dialog);
  error_text = mc_reception_dialog_get_error_text (dialog);
  g_test_message ("refused: %s", error_text);
  g_assert_nonnull (strstr (error_text, "“ghi-chu.txt”"));
  g_assert_nonnull (strstr (error_text, ACCEPTED));
  g_assert_null (digitise_find_scan_dialog ());
  g_assert_cmpuint (mc_component_row_get_files (tp2)->len, ==, 0);
  g_assert_cmpuint (mc_component_row_get_pending (tp2), ==, 0);
  g_assert_false (mc_component_row_get_provided (tp2));
  ui_test_wait_until (error_shown, dialog);
  ui_test_screenshot ("ui-digitise-drop-2-refused.png");

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (parent));
  g_application_release (app);
  return G_SOURCE_REMOVE;
}

static char *
xid_of (GtkWidget *widget)
{
  GdkSurface *surface = gtk_native_get_surface (gtk_widget_get_native (widget));

  g_assert_true (GDK_IS_X11_SURFACE (surface));
  return g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
}

/* Runs xdotool, then handles what it caused. */
static void
xdotool (const char * const *argv)
{
  ui_test_run (argv);
  gdk_display_sync (gdk_display_get_default ());
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

/* The real pointer to (@x, @y) of @widget. */
static void
pointer_to (GtkWidget *widget,
            double     x,
            double     y)
{
  g_autofree char *xid = xid_of (widget);
  g_autofree char *sx = NULL;
  g_autofree char *sy = NULL;
  int wx = 0, wy = 0;

  g_assert_true (ui_test_window_point (widget, x, y, &wx, &wy));
  sx = g_strdup_printf ("%d", wx);
  sy = g_strdup_printf ("%d", wy);
  xdotool ((const char *[]) { "xdotool", "mousemove", "--window", xid, "--sync", sx, sy, NULL });
}

static gboolean
drop_active (gpointer data)
{
  return (gtk_widget_get_state_flags (data) & GTK_STATE_FLAG_DROP_ACTIVE) != 0;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static void
drag_begun (GtkDragSource *source,
            GdkDrag       *drag,
            gboolean      *begun)
{
  *begun = TRUE;
}

typedef struct {
  GtkWidget *row;
  guint      moves;
} Hover;

/* Over the row, the pointer moved a pixel each time it is asked: XDND
 * tells the target where the drag is only when the pointer moves, and a
 * move made before the drag had begun is not told. */
static gboolean
hover_active (gpointer data)
{
  Hover *hover = data;

  if (drop_active (hover->row))
    return TRUE;
  pointer_to (hover->row, 120 + hover->moves % 2, 20 + hover->moves % 2);
  hover->moves++;
  return drop_active (hover->row);
}

/* A real drag under X (XDND), from a window that offers two files as a
 * file manager does, onto the second component: the row is highlighted
 * while the files hover over it, and the drop opens the scan dialog. */
static gboolean
drag_checks (gpointer user_data)
{
  Run *run = user_data;
  GApplication *app = g_application_get_default ();
  g_autofree char *photo = ui_test_make_png (tmp_dir, "anh-keo.png", PHOTO_WIDTH, PHOTO_HEIGHT, FALSE, 150);
  g_autofree char *pdf = ui_test_make_pdf (tmp_dir, "ban-sao-keo.pdf", 1, "BAN SAO");
  GFile *files[2];
  g_autoptr(GtkWindowGroup) group = NULL;
  GdkFileList *list;
  g_autoptr(GdkContentProvider) content = NULL;
  GtkDragSource *drag;
  McReceptionDialog *dialog;
  McComponentRow *tp1, *tp2;
  McScanDialog *scan;
  GtkWidget *parent, *source, *label;
  gboolean begun = FALSE;
  Hover hover = { NULL, 0 };
  double x, y;

  dialog = open_components (run, &parent);
  tp1 = mc_component_checklist_find (dialog->checklist, "TP1");
  tp2 = mc_component_checklist_find (dialog->checklist, "TP2");

  /* The "file manager": a label to drag the files from. */
  files[0] = g_file_new_for_path (photo);
  files[1] = g_file_new_for_path (pdf);
  list = gdk_file_list_new_from_array (files, 2);
  g_object_unref (files[0]);
  g_object_unref (files[1]);
  content = gdk_content_provider_new_typed (GDK_TYPE_FILE_LIST, list);
  g_boxed_free (GDK_TYPE_FILE_LIST, list);
  source = gtk_window_new ();
  gtk_window_set_application (GTK_WINDOW (source), GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (source), 260, 120);
  label = gtk_label_new ("anh-keo.png, ban-sao-keo.pdf");
  drag = gtk_drag_source_new ();
  gtk_drag_source_set_actions (drag, GDK_ACTION_COPY);
  gtk_drag_source_set_content (drag, content);
  gtk_widget_add_controller (label, GTK_EVENT_CONTROLLER (drag));
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begun), &begun);
  gtk_window_set_child (GTK_WINDOW (source), label);
  /* A window group of its own, as another program: the modal reception
   * dialog's grab holds only the windows of its group. */
  group = gtk_window_group_new ();
  gtk_window_group_add_window (group, GTK_WINDOW (source));
  gtk_window_present (GTK_WINDOW (source));
  ui_test_settle ();
  {
    g_autofree char *xid = xid_of (source);

    xdotool ((const char *[]) { "xdotool", "windowmove", xid, "1000", "600", NULL });
    ui_test_settle ();
  }

  /* Pressed on the label, dragged past GTK's threshold, then over TP2. */
  x = gtk_widget_get_width (label) / 2.0;
  y = gtk_widget_get_height (label) / 2.0;
  pointer_to (label, x, y);
  xdotool ((const char *[]) { "xdotool", "mousedown", "1", NULL });
  pointer_to (label, x + 10, y + 5);
  pointer_to (label, x + 30, y + 10);
  /* The drag begins once GTK has seen the pointer pass its threshold. */
  ui_test_wait_until (is_true, &begun);
  g_assert_false (drop_active (tp2));
  hover.row = GTK_WIDGET (tp2);
  ui_test_wait_until (hover_active, &hover);
  g_test_message ("the row was highlighted after %u pointer moves", hover.moves);
  g_assert_false (drop_active (tp1));
  ui_test_screenshot ("ui-digitise-drop-0-hover.png");

  /* Released: the scan dialog with the photo then the PDF's page. */
  xdotool ((const char *[]) { "xdotool", "mouseup", "1", NULL });
  scan = wait_scan_dialog ();
  g_assert_cmpuint (mc_scan_dialog_get_n_pages (scan), ==, 2);
  assert_page (scan, 0, TRUE, 1);
  assert_page (scan, 1, FALSE, 1);
  /* The highlight is gone with the drag. */
  g_assert_false (drop_active (tp2));

  gtk_window_destroy (GTK_WINDOW (scan));
  gtk_window_destroy (GTK_WINDOW (source));
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (parent));
  g_application_release (app);
  return G_SOURCE_REMOVE;
}

static gboolean
has_message (gpointer data)
{
  return ((GPtrArray *) data)->len > 0;
}

static gboolean
pane_checks (gpointer user_data)
{
  Run *run = user_data;
  GApplication *app = g_application_get_default ();
  g_autofree char *photo = ui_test_make_png (tmp_dir, "anh-chup-2.png", PHOTO_WIDTH, PHOTO_HEIGHT, FALSE, 150);
  g_autofree char *pdf = ui_test_make_pdf (tmp_dir, "ban-sao-2.pdf", 2, "BAN SAO");
  g_autofree char *text = make_text ("ghi-chu-2.txt");
  const char *dropped[] = { pdf, text, photo, NULL };
  GtkListBoxRow *tp2_row;
  McDossierPane *pane;
  McScanDialog *scan;
  GtkWidget *window;
  const char *message;

  pane = digitise_open_pane (app, run->desk, run->code, run->messages, &window);

  /* The PDF, a text file and the photo onto TP2: the PDF's pages then the
   * photo, for TP2; the text file named in the pane's message. */
  tp2_row = gtk_list_box_get_row_at_index (pane->components_list, 1);
  g_assert_nonnull (tp2_row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (tp2_row)), ==,
                   ((McDossierComponent *) g_ptr_array_index (mc_dossier_pane_get_dossier (pane)->components,
                                                              1))->name);
  g_assert_null (digitise_find_scan_dialog ());
  drop_files (GTK_WIDGET (tp2_row), dropped, FALSE);
  scan = wait_scan_dialog ();
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (scan)) == GTK_WINDOW (window));
  g_assert_cmpuint (mc_scan_dialog_get_n_pages (scan), ==, 3);
  assert_page (scan, 0, FALSE, 1);
  assert_page (scan, 1, FALSE, 1);
  assert_page (scan, 2, TRUE, 1);
  ui_test_wait_until (has_message, run->messages);
  g_assert_cmpuint (run->messages->len, ==, 1);
  message = g_ptr_array_index (run->messages, 0);
  g_test_message ("pane told: %s", message);
  g_assert_nonnull (strstr (message, "“ghi-chu-2.txt”"));
  g_assert_null (strstr (message, "ban-sao-2.pdf"));
  g_assert_null (strstr (message, "anh-chup-2.png"));
  g_assert_nonnull (strstr (message, ACCEPTED));
  ui_test_screenshot ("ui-digitise-drop-3-pane.png");

  gtk_window_destroy (GTK_WINDOW (scan));
  gtk_window_destroy (GTK_WINDOW (window));
  g_application_release (app);
  return G_SOURCE_REMOVE;
}

static void
test_drop_reception (void)
{
  Run run = { 0 };

  run.desk = open_desk ("desk-reception");
  digitise_run_app (APP_ID ".TestDigitiseDropReception", reception_checks, &run);
  digitise_close_desk (run.desk);
}

static void
test_drag (void)
{
  Run run = { 0 };

  run.desk = open_desk ("desk-drag");
  digitise_run_app (APP_ID ".TestDigitiseDrag", drag_checks, &run);
  digitise_close_desk (run.desk);
}

static void
test_drop_pane (void)
{
  Run run = { 0 };

  run.desk = open_desk ("desk-pane");
  run.code = digitise_receive (run.desk);
  run.messages = g_ptr_array_new_with_free_func (g_free);
  digitise_run_app (APP_ID ".TestDigitiseDropPane", pane_checks, &run);
  digitise_close_desk (run.desk);
  g_free (run.code);
  g_ptr_array_unref (run.messages);
}

int
main (int   argc,
      char *argv[])
{
  /* No scanner: the pages come from the dropped files only. */
  tmp_dir = digitise_test_init (&argc, &argv, "motcua-digitise-drop-XXXXXX");

  g_test_add_func ("/ui/digitise/drop/reception", test_drop_reception);
  g_test_add_func ("/ui/digitise/drop/pane", test_drop_pane);
  g_test_add_func ("/ui/digitise/drop/drag", test_drag);
  return digitise_test_run (tmp_dir);
}
