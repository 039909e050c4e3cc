/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Our own About window rather than AdwAboutWindow: libadwaita 1.2 has no
 * Vietnamese catalogue, so its rows (Credits, Legal…) would stay in English
 * on a Vietnamese desk. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-about-window.h"

struct _McAboutWindow
{
  AdwWindow parent_instance;

  GtkLabel *version_label;
};

G_DEFINE_FINAL_TYPE (McAboutWindow, mc_about_window, ADW_TYPE_WINDOW)

static void
mc_about_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), MC_TYPE_ABOUT_WINDOW);

  G_OBJECT_CLASS (mc_about_window_parent_class)->dispose (object);
}

static void
mc_about_window_class_init (McAboutWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mc_about_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/motcua/Desk/mc-about-window.ui");
  gtk_widget_class_bind_template_child (widget_class, McAboutWindow, version_label);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mc_about_window_init (McAboutWindow *self)
{
  g_autofree char *version = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  version = g_strdup_printf (_("Version %s"), PACKAGE_VERSION);
  gtk_label_set_label (self->version_label, version);
}

GtkWindow *
mc_about_window_new (GtkApplication *application)
{
  return g_object_new (MC_TYPE_ABOUT_WINDOW,
                       "application", application,
                       "transient-for", gtk_application_get_active_window (application),
                       NULL);
}
