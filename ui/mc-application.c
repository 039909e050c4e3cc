/* SPDX-License-Identifier: GPL-3.0-or-later */
/* GApplication uniqueness does the single-writer rule for the GUI: a second
 * `motcua` hands its command line to the running one, which raises the
 * window of that workspace or opens a window for a different workspace. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-about-window.h"
#include "mc-application.h"

struct _McApplication
{
  AdwApplication parent_instance;

  guint times_presented;
};

G_DEFINE_FINAL_TYPE (McApplication, mc_application, ADW_TYPE_APPLICATION)

static const GOptionEntry options[] = {
  { "workspace", 'w', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Open the workspace in DIR instead of the default one"), N_("DIR") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and quit"), NULL },
  { NULL }
};

/**
 * mc_application_find_window:
 * @self: the application
 * @workspace: a canonical workspace path
 *
 * Returns: (transfer none) (nullable): the window showing @workspace
 */
McWindow *
mc_application_find_window (McApplication *self,
                            const char    *workspace)
{
  g_return_val_if_fail (MC_IS_APPLICATION (self), NULL);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (MC_IS_WINDOW (l->data) &&
        g_strcmp0 (mc_window_get_workspace (l->data), workspace) == 0)
      return l->data;

  return NULL;
}

guint
mc_application_get_times_presented (McApplication *self)
{
  g_return_val_if_fail (MC_IS_APPLICATION (self), 0);

  return self->times_presented;
}

static void
open_workspace (McApplication *self,
                const char    *workspace)
{
  g_autofree char *path = workspace != NULL ? g_canonicalize_filename (workspace, NULL)
                                            : mc_store_default_workspace ();
  McWindow *window = mc_application_find_window (self, path);

  if (window != NULL)
    self->times_presented++;
  else
    window = mc_window_new (GTK_APPLICATION (self), path);

  gtk_window_present (GTK_WINDOW (window));
}

static void
mc_application_activate (GApplication *app)
{
  open_workspace (MC_APPLICATION (app), NULL);
}

static int
mc_application_command_line (GApplication            *app,
                             GApplicationCommandLine *command_line)
{
  GVariantDict *dict = g_application_command_line_get_options_dict (command_line);
  g_autofree char *workspace = NULL;
  const char *arg = NULL;

  if (g_variant_dict_lookup (dict, "workspace", "^&ay", &arg))
    {
      /* Relative to the directory of the process that asked, which may be a
       * second instance started elsewhere. */
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line, arg);

      workspace = g_file_get_path (file);
    }

  open_workspace (MC_APPLICATION (app), workspace);

  return 0;
}

static int
mc_application_handle_local_options (GApplication *app,
                                     GVariantDict *dict)
{
  if (g_variant_dict_contains (dict, "version"))
    {
      g_print ("motcua %s\n", PACKAGE_VERSION);
      return 0;
    }

  return -1;
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  gtk_window_present (mc_about_window_new (GTK_APPLICATION (user_data)));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GApplication *app = user_data;
  g_autolist(GtkWindow) windows = NULL;

  /* Closing each window saves its size and releases its workspace. A window
   * that closes destroys its dialogs, which leave the application's list
   * while we go: walk a copy that holds each window alive instead. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    windows = g_list_prepend (windows, g_object_ref (l->data));
  windows = g_list_reverse (windows);
  for (GList *l = windows; l != NULL; l = l->next)
    if (g_list_find (gtk_application_get_windows (GTK_APPLICATION (app)), l->data) != NULL)
      gtk_window_close (l->data);
  g_application_quit (app);
}

/* GTK's own strings of the shortcuts window (its title, the search
 * placeholder) have no Vietnamese in Debian 12's gtk40 catalogue: give them
 * ours. */
static void
translate_gtk_strings (GtkWidget *widget)
{
  static const char *gtk_strings[] = {
    N_("Shortcuts"),
    N_("Search Results"),
  };

  if (GTK_IS_LABEL (widget))
    {
      const char *text = gtk_label_get_label (GTK_LABEL (widget));

      for (guint i = 0; i < G_N_ELEMENTS (gtk_strings); i++)
        if (g_strcmp0 (text, g_dgettext ("gtk40", gtk_strings[i])) == 0)
          {
            /* This frees @text: look no further. */
            gtk_label_set_label (GTK_LABEL (widget), _(gtk_strings[i]));
            break;
          }
    }
  else if (GTK_IS_SEARCH_ENTRY (widget))
    {
      g_object_set (widget, "placeholder-text", _("Search Shortcuts"), NULL);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    translate_gtk_strings (child);
}

static void
mc_application_window_added (GtkApplication *app,
                             GtkWindow      *window)
{
  GtkShortcutsWindow *overlay;

  /* GtkApplication gives the window its shortcuts window here. */
  GTK_APPLICATION_CLASS (mc_application_parent_class)->window_added (app, window);

  if (!GTK_IS_APPLICATION_WINDOW (window))
    return;
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  if (overlay != NULL)
    translate_gtk_strings (GTK_WIDGET (overlay));
}

static void
mc_application_startup (GApplication *app)
{
  static const GActionEntry actions[] = {
    { "about", about_action },
    { "quit", quit_action },
  };
  const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (mc_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), actions, G_N_ELEMENTS (actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
}

static void
mc_application_class_init (McApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
  GtkApplicationClass *gtk_app_class = GTK_APPLICATION_CLASS (klass);

  app_class->activate = mc_application_activate;
  app_class->command_line = mc_application_command_line;
  app_class->handle_local_options = mc_application_handle_local_options;
  app_class->startup = mc_application_startup;
  gtk_app_class->window_added = mc_application_window_added;
}

static void
mc_application_init (McApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

McApplication *
mc_application_new (void)
{
  return g_object_new (MC_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/io/github/motcua/Desk",
                       NULL);
}
