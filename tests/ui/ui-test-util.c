/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers of the signing UI tests. Input goes through the X server with
 * xdotool (XTEST), so gestures and key controllers get the same events a
 * person makes; the GTK main loop keeps running while xdotool works. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <cairo-pdf.h>
#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "mc-reception-dialog-private.h"
#include "mc-sign-in-page.h"
#include "mc-window-private.h"
#include "ui-test-util.h"

/* A wait that never ends is a failure with its place and condition named,
 * not a test killed by meson's timeout. The limit only guards against a
 * hang, so it is generous: 120 seconds (a loaded 2-core machine once took
 * over 30 for a step that takes 2 alone), or MOTCUA_TEST_WAIT_SECONDS (the
 * sanitizer setup gives more, its full stack unwinding being slow). The
 * verdict is the state waited for, never the time it took. */
void
ui_test_wait_until_at (const char *where,
                       const char *what,
                       gboolean  (*done) (gpointer),
                       gpointer    data)
{
  const char *seconds = g_getenv ("MOTCUA_TEST_WAIT_SECONDS");
  guint64 limit = 120;
  gint64 deadline;

  if (seconds != NULL)
    g_assert_true (g_ascii_string_to_unsigned (seconds, 10, 1, 3600, &limit, NULL));
  deadline = g_get_monotonic_time () + (gint64) limit * G_USEC_PER_SEC;

  while (!done (data))
    {
      if (g_get_monotonic_time () >= deadline)
        g_error ("%s: still waiting for %s after %" G_GUINT64_FORMAT " s", where, what, limit);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

/* Whatever the X server has for us (the events of an xdotool that has
 * returned, a map, a focus change) is in and handled once a round trip to
 * the server has come back and the main loop has nothing ready. */
static void
flush_x (void)
{
  gdk_display_sync (gdk_display_get_default ());
  for (guint i = 0; i < 1000 && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
}

typedef struct
{
  GdkFrameClock *clock;
  gulong handler;
  gboolean painted;
} Frame;

static void
frame_painted (GdkFrameClock *clock,
               gpointer       user_data)
{
  ((Frame *) user_data)->painted = TRUE;
}

static gboolean
frames_painted (gpointer data)
{
  GArray *frames = data;

  for (guint i = 0; i < frames->len; i++)
    if (!g_array_index (frames, Frame, i).painted)
      return FALSE;
  return TRUE;
}

/* Waits until the events pending now are handled and every window shown
 * has painted a frame after them: what a screenshot or the next gesture
 * must see. An event, not a delay, so no verdict depends on the machine's
 * speed. */
void
ui_test_settle (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_autoptr(GArray) frames = g_array_new (FALSE, TRUE, sizeof (Frame));

  flush_x ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);
      GdkFrameClock *clock;
      Frame frame = { 0 };

      if (!gtk_widget_get_mapped (GTK_WIDGET (window)) ||
          (clock = gtk_widget_get_frame_clock (GTK_WIDGET (window))) == NULL)
        continue;
      frame.clock = g_object_ref (clock);
      g_array_append_val (frames, frame);
    }
  /* Connected once the array no longer grows: the handlers hold pointers
   * into it. */
  for (guint i = 0; i < frames->len; i++)
    {
      Frame *frame = &g_array_index (frames, Frame, i);

      frame->handler = g_signal_connect (frame->clock, "after-paint", G_CALLBACK (frame_painted), frame);
      gdk_frame_clock_request_phase (frame->clock, GDK_FRAME_CLOCK_PHASE_PAINT);
    }
  ui_test_wait_until (frames_painted, frames);
  for (guint i = 0; i < frames->len; i++)
    {
      Frame *frame = &g_array_index (frames, Frame, i);

      g_signal_handler_disconnect (frame->clock, frame->handler);
      g_object_unref (frame->clock);
    }
  flush_x ();
}

/* The first visible toplevel of @type, if any. */
gpointer
ui_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

typedef struct
{
  gboolean done;
  gboolean ok;
} Child;

static void
child_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Child *child = user_data;

  child->ok = g_subprocess_wait_check_finish (G_SUBPROCESS (source), result, NULL);
  child->done = TRUE;
}

static gboolean
child_finished (gpointer data)
{
  return ((Child *) data)->done;
}

/* Runs a program while the main loop goes on (the window must keep
 * answering the X server meanwhile). */
void
ui_test_run (const char * const *argv)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Child child = { FALSE, FALSE };

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_subprocess_wait_check_async (process, NULL, child_done, &child);
  ui_test_wait_until (child_finished, &child);
  if (!child.ok)
    g_error ("%s failed", argv[0]);
}

void
ui_test_screenshot (const char *name)
{
  const char *dir = g_getenv ("MOTCUA_TEST_LOG_DIR");
  g_autofree char *path = g_build_filename (dir != NULL ? dir : g_get_tmp_dir (), name, NULL);
  const char *argv[] = { "import", "-window", "root", path, NULL };

  /* What the state now is, painted. */
  ui_test_settle ();
  ui_test_run (argv);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_test_message ("screenshot: %s", path);
}

/* What @argv printed on standard output; the run must succeed (its
 * output and errors are logged when it does not). */
char *
ui_test_tool_output (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_test_message ("%s: %s%s", argv[0], out, err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

GtkWidget *
ui_test_find (GtkWidget *root,
              GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ui_test_find (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
ui_test_find_named (GtkWidget  *root,
                    const char *name)
{
  if (g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (root)), name) == 0 ||
      g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ui_test_find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static char *
window_xid (GtkWindow *window)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  g_assert_true (GDK_IS_X11_SURFACE (surface));
  return g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
}

static gboolean
window_active (gpointer data)
{
  return gtk_window_is_active (data);
}

void
ui_test_focus_window (GtkWindow *window)
{
  g_autofree char *xid = window_xid (window);
  const char *argv[] = { "xdotool", "windowfocus", "--sync", xid, NULL };

  ui_test_run (argv);
  ui_test_wait_until (window_active, window);
  flush_x ();
}

void
ui_test_key (GtkWindow  *window,
             const char *keys)
{
  g_auto(GStrv) each = g_strsplit (keys, " ", -1);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_assert_true (gtk_window_is_active (window));
  g_ptr_array_add (argv, (gpointer) "xdotool");
  g_ptr_array_add (argv, (gpointer) "key");
  g_ptr_array_add (argv, (gpointer) "--delay");
  g_ptr_array_add (argv, (gpointer) "30");
  for (guint i = 0; each[i] != NULL; i++)
    g_ptr_array_add (argv, each[i]);
  g_ptr_array_add (argv, NULL);
  ui_test_run ((const char * const *) argv->pdata);
  flush_x ();
}

void
ui_test_type (GtkWindow  *window,
              const char *text)
{
  const char *argv[] = { "xdotool", "type", "--delay", "40", text, NULL };

  g_assert_true (gtk_window_is_active (window));
  ui_test_run (argv);
  flush_x ();
}

/* From @widget's coordinates to its toplevel X window's. */
gboolean
ui_test_window_point (GtkWidget *widget,
                      double     x,
                      double     y,
                      int       *window_x,
                      int       *window_y)
{
  GtkNative *native = gtk_widget_get_native (widget);
  double wx, wy, sx, sy;

  if (!gtk_widget_translate_coordinates (widget, GTK_WIDGET (native), x, y, &wx, &wy))
    return FALSE;
  gtk_native_get_surface_transform (native, &sx, &sy);
  *window_x = (int) (wx + sx + 0.5);
  *window_y = (int) (wy + sy + 0.5);

  return TRUE;
}

/* One xdotool step, then what it caused is handled before the next. */
static void
xdotool_step (const char * const *argv)
{
  ui_test_run (argv);
  flush_x ();
}

static void
move_pointer (const char *xid,
              int         x,
              int         y)
{
  g_autofree char *sx = g_strdup_printf ("%d", x);
  g_autofree char *sy = g_strdup_printf ("%d", y);
  const char *argv[] = { "xdotool", "mousemove", "--window", xid, "--sync", sx, sy, NULL };

  xdotool_step (argv);
}

/* Real pointer motion to the middle of @widget, no button pressed. */
void
ui_test_hover (GtkWidget *widget)
{
  g_autofree char *xid = window_xid (GTK_WINDOW (gtk_widget_get_root (widget)));
  int x = 0, y = 0;

  g_assert_true (ui_test_window_point (widget, gtk_widget_get_width (widget) / 2.0,
                                       gtk_widget_get_height (widget) / 2.0, &x, &y));
  move_pointer (xid, x, y);
  ui_test_settle ();
}

void
ui_test_drag (GtkWidget *widget,
              double     from_x,
              double     from_y,
              double     to_x,
              double     to_y)
{
  g_autofree char *xid = window_xid (GTK_WINDOW (gtk_widget_get_root (widget)));
  const char *down[] = { "xdotool", "mousedown", "1", NULL };
  const char *up[] = { "xdotool", "mouseup", "1", NULL };
  int ax = 0, ay = 0, bx = 0, by = 0;

  g_assert_true (ui_test_window_point (widget, from_x, from_y, &ax, &ay));
  g_assert_true (ui_test_window_point (widget, to_x, to_y, &bx, &by));
  move_pointer (xid, ax, ay);
  xdotool_step (down);
  move_pointer (xid, (ax + bx) / 2, (ay + by) / 2);
  move_pointer (xid, bx, by);
  xdotool_step (up);
  ui_test_settle ();
}

void
ui_test_click (GtkWidget *widget)
{
  g_autofree char *xid = window_xid (GTK_WINDOW (gtk_widget_get_root (widget)));
  const char *click[] = { "xdotool", "click", "1", NULL };
  int x = 0, y = 0;

  g_assert_true (ui_test_window_point (widget, gtk_widget_get_width (widget) / 2.0,
                                       gtk_widget_get_height (widget) / 2.0, &x, &y));
  move_pointer (xid, x, y);
  xdotool_step (click);
  ui_test_settle ();
}

/* A4 pages with a heading and some lines, drawn by cairo. */
char *
ui_test_make_pdf (const char *dir,
                  const char *name,
                  guint       n_pages,
                  const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (surface);

  for (guint page = 0; page < n_pages; page++)
    {
      g_autofree char *heading = g_strdup_printf ("%s — %u/%u", text, page + 1, n_pages);

      cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
      cairo_set_font_size (cr, 18);
      cairo_move_to (cr, 72, 90);
      cairo_show_text (cr, heading);
      cairo_set_source_rgb (cr, 0.6, 0.6, 0.6);
      for (int line = 0; line < 30; line++)
        {
          cairo_rectangle (cr, 72, 130 + line * 18, 451 - (line % 4) * 40, 6);
          cairo_fill (cr);
        }
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  return g_steal_pointer (&path);
}

/* One A4 page with an empty signature field at @rect (points from the top
 * left), written by hand since cairo makes no form fields. */
char *
ui_test_make_pdf_with_signature_field (const char   *dir,
                                       const char   *name,
                                       const double  rect[4])
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GString) pdf = g_string_new ("%PDF-1.7\n");
  g_autofree char *content = NULL;
  gsize offsets[6];
  gsize xref;
  double x1 = rect[0], y1 = 842 - rect[1] - rect[3], x2 = rect[0] + rect[2], y2 = 842 - rect[1];
  char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE], c[G_ASCII_DTOSTR_BUF_SIZE], d[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (a, sizeof a, "%.2f", x1);
  g_ascii_formatd (b, sizeof b, "%.2f", y1);
  g_ascii_formatd (c, sizeof c, "%.2f", x2);
  g_ascii_formatd (d, sizeof d, "%.2f", y2);
  content = g_strdup_printf ("0.85 g %s %s %.0f %.0f re f\n", a, b, rect[2], rect[3]);

  offsets[1] = pdf->len;
  g_string_append (pdf, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /SigFlags 1 >> >>\nendobj\n");
  offsets[2] = pdf->len;
  g_string_append (pdf, "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n");
  offsets[3] = pdf->len;
  g_string_append (pdf, "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] /Contents 5 0 R >>\nendobj\n");
  offsets[4] = pdf->len;
  g_string_append_printf (pdf, "4 0 obj\n<< /Type /Annot /Subtype /Widget /FT /Sig /T (Leader) /F 4 /P 3 0 R"
                               " /Rect [%s %s %s %s] >>\nendobj\n", a, b, c, d);
  offsets[5] = pdf->len;
  g_string_append_printf (pdf, "5 0 obj\n<< /Length %zu >>\nstream\n%sendstream\nendobj\n", strlen (content), content);
  xref = pdf->len;
  g_string_append (pdf, "xref\n0 6\n0000000000 65535 f \n");
  for (guint i = 1; i < 6; i++)
    g_string_append_printf (pdf, "%010zu 00000 n \n", offsets[i]);
  g_string_append_printf (pdf, "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", xref);

  g_assert_true (g_file_set_contents (path, pdf->str, pdf->len, NULL));

  return g_steal_pointer (&path);
}

/* A transparent PNG: a blue scribble for a handwritten signature, or a red
 * ring with a star for a seal, saved with its resolution when @dpi > 0. */
char *
ui_test_make_png (const char *dir,
                  const char *name,
                  int         width,
                  int         height,
                  gboolean    seal,
                  int         dpi)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;

  if (seal)
    {
      cairo_set_source_rgba (cr, 0.85, 0.1, 0.1, 0.9);
      cairo_set_line_width (cr, width * 0.05);
      cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) * 0.45, 0, 2 * G_PI);
      cairo_stroke (cr);
      cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) * 0.30, 0, 2 * G_PI);
      cairo_stroke (cr);
      for (int i = 0; i < 5; i++)
        {
          double angle = -G_PI / 2 + i * 4 * G_PI / 5;

          cairo_line_to (cr, width / 2.0 + cos (angle) * width * 0.2, height / 2.0 + sin (angle) * height * 0.2);
        }
      cairo_close_path (cr);
      cairo_fill (cr);
    }
  else
    {
      cairo_set_source_rgba (cr, 0.05, 0.15, 0.6, 1);
      cairo_set_line_width (cr, height * 0.04);
      cairo_move_to (cr, width * 0.05, height * 0.7);
      cairo_curve_to (cr, width * 0.2, height * 0.1, width * 0.3, height * 0.9, width * 0.45, height * 0.4);
      cairo_curve_to (cr, width * 0.6, height * 0.05, width * 0.7, height * 0.95, width * 0.95, height * 0.3);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);

  if (dpi <= 0)
    {
      g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
      cairo_surface_destroy (surface);
      return g_steal_pointer (&path);
    }

  {
    g_autofree char *tmp = g_strconcat (path, ".tmp.png", NULL);
    g_autofree char *dpi_text = g_strdup_printf ("%d", dpi);

    g_assert_cmpint (cairo_surface_write_to_png (surface, tmp), ==, CAIRO_STATUS_SUCCESS);
    pixbuf = gdk_pixbuf_new_from_file (tmp, &error);
    g_assert_no_error (error);
    g_assert_true (gdk_pixbuf_save (pixbuf, path, "png", &error, "x-dpi", dpi_text, "y-dpi", dpi_text, NULL));
    g_assert_no_error (error);
    g_remove (tmp);
  }
  cairo_surface_destroy (surface);

  return g_steal_pointer (&path);
}

/* The main window */

static gboolean
window_ready (gpointer data)
{
  return mc_window_is_ready (data);
}

void
ui_test_wait_window_ready (McWindow *window)
{
  ui_test_wait_until (window_ready, window);
}

static gboolean
on_sign_in_page (gpointer data)
{
  return mc_window_is_ready (data) && g_strcmp0 (mc_window_get_visible_page (data), "sign-in") == 0 &&
         !mc_sign_in_page_get_loading (mc_window_get_sign_in_page (data)) &&
         !mc_sign_in_page_get_busy (mc_window_get_sign_in_page (data));
}

/* The sign-in screen is up, its officers loaded, no sign-in under way. */
void
ui_test_wait_sign_in_page (McWindow *window)
{
  ui_test_wait_until (on_sign_in_page, window);
}

typedef struct
{
  McWindow *window;
  const char *login;
} OfficerWait;

static gboolean
officer_is (gpointer data)
{
  OfficerWait *wait = data;
  const McOfficer *officer = mc_window_get_officer (wait->window);

  return mc_window_is_ready (wait->window) && officer != NULL && g_strcmp0 (officer->login, wait->login) == 0 &&
         g_strcmp0 (mc_window_get_visible_page (wait->window), "sign-in") != 0;
}

/* @login is signed in and the queues are shown. */
void
ui_test_wait_officer (McWindow   *window,
                      const char *login)
{
  OfficerWait wait = { window, login };

  ui_test_wait_until (officer_is, &wait);
}

static gboolean
has_focus (gpointer data)
{
  return gtk_widget_has_focus (data);
}

/* Types @password into the sign-in screen's entry with real keys, then
 * Enter. */
void
ui_test_type_password (McWindow   *window,
                       const char *password)
{
  GtkWidget *entry = GTK_WIDGET (mc_sign_in_page_get_password (mc_window_get_sign_in_page (window)));
  GtkWidget *focus;

  ui_test_focus_window (GTK_WINDOW (window));
  gtk_widget_grab_focus (entry);
  /* An entry row hands the focus to its text inside. */
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (focus == entry || gtk_widget_is_ancestor (focus, entry));
  ui_test_wait_until (has_focus, focus);
  ui_test_type (GTK_WINDOW (window), password);
  ui_test_key (GTK_WINDOW (window), "Return");
}

/* Signs @login in from the sign-in screen, the password typed. */
void
ui_test_sign_in (McWindow   *window,
                 const char *login,
                 const char *password)
{
  McSignInPage *page = mc_window_get_sign_in_page (window);

  ui_test_wait_sign_in_page (window);
  mc_sign_in_page_select (page, login);
  g_assert_cmpstr (mc_sign_in_page_get_selected (page), ==, login);
  ui_test_type_password (window, password);
  ui_test_wait_officer (window, login);
}

static gboolean
reception_ready (gpointer data)
{
  McReceptionDialog *dialog = mc_window_get_reception_dialog (data);

  return dialog != NULL && mc_reception_dialog_is_ready (dialog) && !mc_reception_dialog_is_busy (dialog);
}

/* The reception dialog "win.receive" opened, once it is ready. */
McReceptionDialog *
ui_test_wait_reception (McWindow *window)
{
  ui_test_wait_until (reception_ready, window);
  return mc_window_get_reception_dialog (window);
}

static gboolean
reception_done (gpointer data)
{
  McReceptionDialog *dialog = mc_window_get_reception_dialog (data);

  return dialog != NULL && mc_reception_dialog_get_received_code (dialog) != NULL;
}

/* The procedure 1.001193 and its applicant, Đặng Thị Hòa, filled in;
 * leaves the dialog on its components page. */
void
ui_test_fill_reception (McReceptionDialog *dialog)
{
  mc_reception_dialog_set_search_text (dialog, "1.001193");
  g_assert_cmpuint (g_list_model_get_n_items (mc_reception_dialog_get_procedure_results (dialog)), >=, 1);
  mc_reception_dialog_pick_procedure (dialog, 0);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "reception.next", NULL);
  mc_reception_dialog_set_field (dialog, "name", "Đặng Thị Hòa");
  mc_reception_dialog_set_field (dialog, "id", "001190012345");
  mc_reception_dialog_set_field (dialog, "birth", "15/03/1990");
  mc_reception_dialog_set_field (dialog, "sex", "Nữ");
  mc_reception_dialog_set_field (dialog, "address", "Ấp 3, xã Tân Phú, tỉnh Đồng Nai");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "reception.next", NULL);
  g_assert_cmpstr (mc_reception_dialog_get_page (dialog), ==, "components");
}

/* Returns the code of the dossier the reception dialog received. */
const char *
ui_test_wait_received (McWindow *window)
{
  ui_test_wait_until (reception_done, window);
  return mc_reception_dialog_get_received_code (mc_window_get_reception_dialog (window));
}

/* Destroys every window of @app (each takes its dialogs along), then
 * quits it. */
void
ui_test_close_all (McApplication *app)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL;
       l = gtk_application_get_windows (GTK_APPLICATION (app)))
    gtk_window_destroy (l->data);
  g_application_quit (G_APPLICATION (app));
}

/* A temporary folder that is the user's data, config and cache home (the
 * trust anchors, settings and caches a test makes stay in it), under a
 * Vietnamese locale. */
char *
ui_test_private_home (const char *template)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp (template, &error);
  const char *homes[][2] = {
    { "XDG_DATA_HOME", "data" }, { "XDG_CONFIG_HOME", "config" }, { "XDG_CACHE_HOME", "cache" },
  };

  g_assert_no_error (error);
  g_setenv ("LANGUAGE", "vi", TRUE);
  g_setenv ("LC_ALL", "vi_VN.UTF-8", TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (homes); i++)
    {
      g_autofree char *path = g_build_filename (dir, homes[i][1], NULL);

      g_setenv (homes[i][0], path, TRUE);
    }
  return g_steal_pointer (&dir);
}

/* Removes @dir and everything in it; says so when it cannot. */
void
ui_test_remove_tree (const char *dir)
{
  const char *argv[] = { "rm", "-rf", dir, NULL };
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, NULL) ||
      !g_spawn_check_wait_status (status, NULL))
    g_printerr ("could not remove %s\n", dir);
}
