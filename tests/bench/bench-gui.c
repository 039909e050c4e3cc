/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The GUI's resident memory with a workspace open and its list scrolled:
 * opens the real window, waits for the queues, scrolls the "all" list page
 * by page for a while, jumps to the end and the middle, lets the pages
 * load, and prints VmRSS in MB as the last line.
 *   bench-gui WORKSPACE   (run under tests/run-xvfb) */
#define G_LOG_DOMAIN "motcua-bench"

#include "config.h"

#include <stdio.h>

#include "mc-application.h"
#include "mc-window-private.h"
#include "mc-core.h"

static char *workspace;
static double rss_mb;
static guint rows;

static double
read_rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  return line != NULL ? g_ascii_strtod (line + 6, NULL) / 1024.0 : -1;
}

static void
pump (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static GtkScrolledWindow *
find_scroller (GtkWidget *widget)
{
  if (GTK_IS_SCROLLED_WINDOW (widget) && GTK_IS_LIST_VIEW (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (widget))) &&
      gtk_widget_has_css_class (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (widget)), "dossier-list"))
    return GTK_SCROLLED_WINDOW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkScrolledWindow *found = find_scroller (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
run (gpointer user_data)
{
  McApplication *app = user_data;
  McWindow *window = mc_application_find_window (app, workspace);
  GtkAdjustment *adjustment;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!mc_window_is_ready (window) && g_get_monotonic_time () < deadline)
    pump (20);
  pump (500);

  adjustment = gtk_scrolled_window_get_vadjustment (find_scroller (GTK_WIDGET (window)));
  rows = g_list_model_get_n_items (mc_window_get_dossiers (window));
  /* A few hundred pages down, the way an official scrolls. */
  for (int i = 0; i < 300; i++)
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) +
                                            gtk_adjustment_get_page_size (adjustment));
      pump (5);
    }
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  pump (400);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) / 2);
  pump (400);
  gtk_adjustment_set_value (adjustment, 0);
  pump (400);

  rss_mb = read_rss_mb ();
  g_application_quit (G_APPLICATION (app));

  return G_SOURCE_REMOVE;
}

static void
started (GApplication *app)
{
  g_idle_add (run, app);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(McApplication) app = NULL;
  char *args[4];

  if (argc != 2)
    {
      g_printerr ("usage: bench-gui WORKSPACE\n");
      return 2;
    }
  mc_core_init ();
  workspace = g_canonicalize_filename (argv[1], NULL);
  args[0] = (char *) "motcua";
  args[1] = (char *) "--workspace";
  args[2] = workspace;
  args[3] = NULL;

  app = mc_application_new ();
  g_application_set_flags (G_APPLICATION (app), g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "startup", G_CALLBACK (started), NULL);
  g_application_run (G_APPLICATION (app), 3, args);

  g_print ("rows %u\n%.1f\n", rows, rss_mb);
  g_free (workspace);

  return rss_mb > 0 ? 0 : 1;
}
