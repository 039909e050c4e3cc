/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The signing widgets under Xvfb, driven by real X input (xdotool):
 * the placement shows a cairo-made PDF with the layout's box at the
 * Decree 30 default place, the arrow keys move it by the small step and
 * Shift+arrows by the large one, a drag moves it by the dragged distance
 * in points, it never leaves the page, and the organisation's seal lands
 * over the left third of a signature field already in the file. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <adwaita.h>

#include "mc-core.h"
#include "mc-signature-placement.h"
#include "ui-test-util.h"

#define MM (72.0 / 25.4)

static char *tmp_dir;

static void
assert_rect (const double rect[4],
             double       x,
             double       y,
             double       width,
             double       height,
             double       tolerance)
{
  g_test_message ("rect %.2f %.2f %.2f %.2f, expected %.2f %.2f %.2f %.2f",
                  rect[0], rect[1], rect[2], rect[3], x, y, width, height);
  g_assert_cmpfloat_with_epsilon (rect[0], x, tolerance);
  g_assert_cmpfloat_with_epsilon (rect[1], y, tolerance);
  g_assert_cmpfloat_with_epsilon (rect[2], width, tolerance);
  g_assert_cmpfloat_with_epsilon (rect[3], height, tolerance);
}

static gboolean
placement_ready (gpointer data)
{
  McSignaturePlacement *placement = data;

  return !mc_signature_placement_get_busy (placement) && mc_signature_placement_get_n_pages (placement) > 0;
}

static GtkWindow *
show_in_window (GtkWidget *child,
                int        width,
                int        height)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, width, height);
  gtk_window_set_child (window, child);
  gtk_window_present (window);

  return window;
}

static void
test_placement (void)
{
  g_autofree char *pdf = ui_test_make_pdf (tmp_dir, "two-pages.pdf", 2, "Giay chung nhan");
  g_autofree char *signature = ui_test_make_png (tmp_dir, "chu-ky.png", 400, 160, FALSE, 0);
  g_autofree char *seal = ui_test_make_png (tmp_dir, "con-dau.png", 472, 472, TRUE, 300);
  McSignaturePlacement *placement = MC_SIGNATURE_PLACEMENT (mc_signature_placement_new ());
  GtkWindow *window = show_in_window (GTK_WIDGET (placement), 560, 760);
  GtkWidget *canvas = mc_signature_placement_get_canvas (placement);
  double rect[4], start[4];
  double width = 0, height = 0;
  double ax, ay, bx, by, scale;

  mc_signature_placement_set_images (placement, signature, seal);
  mc_signature_placement_set_file (placement, pdf);
  ui_test_wait_until (placement_ready, placement);
  ui_test_settle ();
  ui_test_wait_until (placement_ready, placement);

  g_assert_cmpuint (mc_signature_placement_get_n_pages (placement), ==, 2);
  g_assert_true (mc_signature_placement_get_page_size (placement, 1, &width, &height));
  g_assert_cmpfloat_with_epsilon (width, 595, 0.01);
  g_assert_cmpfloat_with_epsilon (height, 842, 0.01);

  /* The leader signs at the bottom right of the last page: 15 mm from the
   * right edge, 25 mm from the bottom, a 60 × 30 mm box. */
  g_assert_cmpint (mc_signature_placement_get_layout (placement), ==, MC_SIGNATURE_LAYOUT_LEADER);
  g_assert_cmpuint (mc_signature_placement_get_page (placement), ==, 1);
  g_assert_true (mc_signature_placement_get_rect (placement, start));
  assert_rect (start, 595 - 15 * MM - 60 * MM, 842 - 25 * MM - 30 * MM, 60 * MM, 30 * MM, 0.01);
  ui_test_screenshot ("ui-sign-placement-leader.png");

  /* Keyboard: focus the page, Left moves by the small step, Shift+Up by
   * the large one; the size never changes. */
  ui_test_focus_window (window);
  gtk_widget_grab_focus (canvas);
  ui_test_settle ();
  g_assert_true (gtk_widget_has_focus (canvas));
  ui_test_key (window, "Left");
  g_assert_true (mc_signature_placement_get_rect (placement, rect));
  assert_rect (rect, start[0] - MC_PLACEMENT_STEP, start[1], start[2], start[3], 0.001);
  ui_test_key (window, "shift+Up");
  g_assert_true (mc_signature_placement_get_rect (placement, rect));
  assert_rect (rect, start[0] - MC_PLACEMENT_STEP, start[1] - MC_PLACEMENT_LARGE_STEP, start[2], start[3], 0.001);
  ui_test_key (window, "Right Right Right Down");
  g_assert_true (mc_signature_placement_get_rect (placement, rect));
  assert_rect (rect, start[0] + 2 * MC_PLACEMENT_STEP, start[1] - MC_PLACEMENT_LARGE_STEP + MC_PLACEMENT_STEP,
               start[2], start[3], 0.001);
  /* Held against the right edge it stops there. */
  ui_test_key (window, "shift+Right shift+Right shift+Right");
  g_assert_true (mc_signature_placement_get_rect (placement, rect));
  g_assert_cmpfloat_with_epsilon (rect[0] + rect[2], 595, 0.001);

  /* Drag the box by 80 × 60 pixels: it moves by that much in points at
   * the page's scale on screen. */
  g_assert_true (mc_signature_placement_get_rect (placement, start));
  g_assert_true (mc_signature_placement_to_widget (placement, 0, 0, &ax, &ay));
  g_assert_true (mc_signature_placement_to_widget (placement, 100, 0, &bx, &by));
  scale = (bx - ax) / 100;
  g_assert_cmpfloat (scale, >, 0.3);
  {
    double cx, cy;

    g_assert_true (mc_signature_placement_to_widget (placement, start[0] + start[2] / 2, start[1] + start[3] / 2,
                                                     &cx, &cy));
    ui_test_drag (canvas, cx, cy, cx - 80, cy - 60);
  }
  g_assert_true (mc_signature_placement_get_rect (placement, rect));
  /* Pixels are whole on screen: one pixel of slack each way. */
  assert_rect (rect, start[0] - 80 / scale, start[1] - 60 / scale, start[2], start[3], 1.0 / scale + 0.01);
  ui_test_screenshot ("ui-sign-placement-dragged.png");

  /* Dragged far past the top left corner, it stays on the page. */
  g_assert_true (mc_signature_placement_to_widget (placement, rect[0] + 10, rect[1] + 10, &ax, &ay));
  g_assert_true (mc_signature_placement_to_widget (placement, -200, -200, &bx, &by));
  ui_test_drag (canvas, ax, ay, MAX (bx, 1), MAX (by, 1));
  g_assert_true (mc_signature_placement_get_rect (placement, rect));
  g_assert_cmpfloat_with_epsilon (rect[0], 0, 0.001);
  g_assert_cmpfloat_with_epsilon (rect[1], 0, 0.001);

  /* Page Up goes to page 1; the box keeps its place. */
  gtk_widget_grab_focus (canvas);
  ui_test_key (window, "Prior");
  g_assert_cmpuint (mc_signature_placement_get_page (placement), ==, 0);

  /* An attachment's text: top right of page 1, 14 mm from the edges. */
  mc_signature_placement_set_layout (placement, MC_SIGNATURE_LAYOUT_ATTACHMENT);
  g_assert_cmpuint (mc_signature_placement_get_page (placement), ==, 0);
  g_assert_true (mc_signature_placement_get_rect (placement, rect));
  assert_rect (rect, 595 - 14 * MM - 70 * MM, 14 * MM, 70 * MM, 16 * MM, 0.01);

  /* The seal at its real size (472 px at 300 dpi = 40 mm), over the left
   * third of where the leader's box goes when the file has no signature,
   * its middle level with the handwritten signature (the top 60 % of the
   * leader's box); the signer is told the leader's box. */
  mc_signature_placement_set_layout (placement, MC_SIGNATURE_LAYOUT_ORGANISATION);
  g_assert_true (mc_signature_placement_get_rect (placement, rect));
  {
    double leader_x = 595 - 15 * MM - 60 * MM, leader_y = 842 - 25 * MM - 30 * MM;
    double seal_size = 472.0 / 300 * 72;

    assert_rect (rect, leader_x + 60 * MM / 3 - seal_size, leader_y + 30 * MM * 0.3 - seal_size / 2,
                 seal_size, seal_size, 0.05);
    g_assert_true (mc_signature_placement_get_request_rect (placement, rect));
    assert_rect (rect, leader_x, leader_y, 60 * MM, 30 * MM, 0.05);
  }
  g_assert_cmpuint (mc_signature_placement_get_page (placement), ==, 1);
  ui_test_settle ();
  ui_test_screenshot ("ui-sign-placement-seal.png");

  /* Invisible: nothing placed. */
  mc_signature_placement_set_layout (placement, MC_SIGNATURE_LAYOUT_INVISIBLE);
  g_assert_false (mc_signature_placement_get_rect (placement, rect));

  /* An officer's own default place replaces the built-in one. */
  {
    const double mine[4] = { 100, 600, 150, 70 };

    mc_signature_placement_set_default_place (placement, MC_SIGNATURE_LAYOUT_LEADER, 0, mine);
    mc_signature_placement_set_layout (placement, MC_SIGNATURE_LAYOUT_LEADER);
    g_assert_cmpuint (mc_signature_placement_get_page (placement), ==, 0);
    g_assert_true (mc_signature_placement_get_rect (placement, rect));
    assert_rect (rect, 100, 600, 150, 70, 0.001);
  }

  gtk_window_destroy (window);
}

static void
test_seal_over_field (void)
{
  const double field[4] = { 330, 620, 180, 90 };
  g_autofree char *pdf = ui_test_make_pdf_with_signature_field (tmp_dir, "signed-field.pdf", field);
  McSignaturePlacement *placement = MC_SIGNATURE_PLACEMENT (mc_signature_placement_new ());
  GtkWindow *window = show_in_window (GTK_WIDGET (placement), 500, 700);
  double rect[4];

  mc_signature_placement_set_layout (placement, MC_SIGNATURE_LAYOUT_ORGANISATION);
  mc_signature_placement_set_file (placement, pdf);
  ui_test_wait_until (placement_ready, placement);

  /* No seal image: a 36 mm seal, its right edge a third into the field,
   * its middle level with the handwritten signature (the top 60 % of the
   * field); the signer is told the field. */
  g_assert_true (mc_signature_placement_get_rect (placement, rect));
  assert_rect (rect, field[0] + field[2] / 3 - 36 * MM, field[1] + field[3] * 0.3 - 18 * MM, 36 * MM, 36 * MM,
               0.05);
  g_assert_true (mc_signature_placement_get_request_rect (placement, rect));
  assert_rect (rect, field[0], field[1], field[2], field[3], 0.05);

  /* The seal moved: so is the place the signer is told, by as much. */
  mc_signature_placement_move (placement, -20, 12);
  g_assert_true (mc_signature_placement_get_request_rect (placement, rect));
  assert_rect (rect, field[0] - 20, field[1] + 12, field[2], field[3], 0.05);

  /* Moved near the right edge: the place told stays on the page (the
   * signer refuses one that is not) and still puts the seal at the box. */
  mc_signature_placement_move (placement, 595, 0);
  {
    double seal[4], at[4];

    g_assert_true (mc_signature_placement_get_rect (placement, seal));
    g_assert_cmpfloat_with_epsilon (seal[0] + seal[2], 595, 0.01);
    mc_signature_placement_move (placement, -30, 0);
    g_assert_true (mc_signature_placement_get_rect (placement, seal));
    g_assert_true (mc_signature_placement_get_request_rect (placement, rect));
    g_assert_cmpfloat (rect[0] + rect[2], <=, 595);
    g_assert_cmpfloat (rect[2], <, field[2]);
    mc_signature_seal_place (rect, seal[2], seal[3], at);
    assert_rect (at, seal[0], seal[1], seal[2], seal[3], 0.05);
  }
  ui_test_settle ();
  ui_test_screenshot ("ui-sign-placement-over-field.png");

  gtk_window_destroy (window);
}

static gboolean
problem_shown (gpointer data)
{
  return mc_signature_placement_get_problem (data) != NULL;
}

static void
test_not_a_pdf (void)
{
  g_autofree char *bad = g_build_filename (tmp_dir, "broken.pdf", NULL);
  McSignaturePlacement *placement = MC_SIGNATURE_PLACEMENT (mc_signature_placement_new ());
  GtkWindow *window = show_in_window (GTK_WIDGET (placement), 400, 400);
  double rect[4];

  g_assert_true (g_file_set_contents (bad, "not a PDF at all", -1, NULL));
  mc_signature_placement_set_file (placement, bad);
  ui_test_wait_until (problem_shown, placement);
  g_assert_cmpuint (mc_signature_placement_get_n_pages (placement), ==, 0);
  g_assert_false (mc_signature_placement_get_rect (placement, rect));

  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  mc_core_init ();
  g_test_init (&argc, &argv, NULL);
  adw_init ();

  tmp_dir = g_dir_make_tmp ("motcua-sign-ui-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/sign-ui/placement", test_placement);
  g_test_add_func ("/sign-ui/seal-over-field", test_seal_over_field);
  g_test_add_func ("/sign-ui/not-a-pdf", test_not_a_pdf);
  status = g_test_run ();

  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", tmp_dir);

    if (system (command) != 0)
      g_printerr ("could not remove %s\n", tmp_dir);
  }
  g_free (tmp_dir);

  return status;
}
