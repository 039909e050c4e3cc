/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the UI tests share: waiting on the main loop for a state or an
 * event (never for a fixed time), screenshots, real X input through
 * xdotool, the main window's sign-in, and fixtures drawn at test time
 * (PDFs with cairo or by hand, PNG images with cairo and gdk-pixbuf). */
#pragma once

#include <gtk/gtk.h>

#include "mc-application.h"
#include "mc-reception-dialog.h"
#include "mc-window.h"

G_BEGIN_DECLS

char       *ui_test_private_home     (const char   *template);
void        ui_test_remove_tree      (const char   *dir);
void        ui_test_wait_until_at    (const char   *where,
                                      const char   *what,
                                      gboolean   (*done) (gpointer),
                                      gpointer      data);
/* Waits until done (data) is true; a wait that expires names its place
 * and the condition. */
#define ui_test_wait_until(done, data) \
  ui_test_wait_until_at (G_STRLOC, #done, (done), (data))
void        ui_test_settle           (void);
gpointer    ui_test_find_toplevel    (GType         type);
char       *ui_test_tool_output      (const char * const *argv);
void        ui_test_screenshot       (const char   *name);
GtkWidget  *ui_test_find             (GtkWidget    *root,
                                      GType         type);
GtkWidget  *ui_test_find_named       (GtkWidget    *root,
                                      const char   *css_or_buildable_name);
void        ui_test_run              (const char * const *argv);
void        ui_test_focus_window     (GtkWindow    *window);
void        ui_test_key              (GtkWindow    *window,
                                      const char   *keys);
void        ui_test_type             (GtkWindow    *window,
                                      const char   *text);
gboolean    ui_test_window_point     (GtkWidget    *widget,
                                      double        x,
                                      double        y,
                                      int          *window_x,
                                      int          *window_y);
void        ui_test_drag             (GtkWidget    *widget,
                                      double        from_x,
                                      double        from_y,
                                      double        to_x,
                                      double        to_y);
void        ui_test_click            (GtkWidget    *widget);
void        ui_test_hover            (GtkWidget    *widget);
char       *ui_test_make_pdf         (const char   *dir,
                                      const char   *name,
                                      guint         n_pages,
                                      const char   *text);
char       *ui_test_make_pdf_with_signature_field (const char   *dir,
                                                   const char   *name,
                                                   const double  rect[4]);
char       *ui_test_make_png         (const char   *dir,
                                      const char   *name,
                                      int           width,
                                      int           height,
                                      gboolean      seal,
                                      int           dpi);


/* The main window */
void        ui_test_wait_window_ready (McWindow    *window);
void        ui_test_wait_sign_in_page (McWindow    *window);
void        ui_test_wait_officer     (McWindow     *window,
                                      const char   *login);
void        ui_test_type_password    (McWindow     *window,
                                      const char   *password);
void        ui_test_sign_in          (McWindow     *window,
                                      const char   *login,
                                      const char   *password);
McReceptionDialog *ui_test_wait_reception (McWindow  *window);
void        ui_test_fill_reception   (McReceptionDialog *dialog);
const char *ui_test_wait_received    (McWindow     *window);
void        ui_test_close_all        (McApplication *app);

G_END_DECLS
