/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Loading a dossier's conflict and resolving it run in worker threads; a
 * newer dossier cancels the load of the one before. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "domain/mc-state.h"
#include "mc-sync-conflict-banner.h"
#include "store/mc-sync-store.h"

struct _McSyncConflictBanner
{
  GtkBox parent_instance;

  McDesk *desk;
  GCancellable *cancellable;
  char *code;
  gboolean loaded;

  GtkLabel *title;
  GtkLabel *local;
  GtkLabel *server;
  GtkButton *keep;
  GtkButton *take;
};

G_DEFINE_FINAL_TYPE (McSyncConflictBanner, mc_sync_conflict_banner, GTK_TYPE_BOX)

enum {
  RESOLVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  McSyncConflictBanner *self = source;
  GError *error = NULL;
  McSyncDossierConflict *conflict = mc_desk_sync_dossier_conflict (self->desk, task_data, &error);

  (void) cancellable;
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, conflict, (GDestroyNotify) mc_sync_dossier_conflict_free);
}

static void
loaded (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  McSyncConflictBanner *self = MC_SYNC_CONFLICT_BANNER (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(McSyncDossierConflict) conflict = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *local = NULL;
  g_autofree char *server = NULL;

  (void) user_data;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loaded = TRUE;
  if (conflict == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }
  local = g_strdup_printf (_("On this desk: %s, version %d, not yet sent: %s"),
                           mc_state_label (conflict->local_state), (int) conflict->local_version,
                           conflict->local_ops[0] != '\0' ? conflict->local_ops : "-");
  server = g_strdup_printf (_("On the central system: %s, version %d"),
                            mc_state_label (conflict->server_state), (int) conflict->server_version);
  gtk_label_set_text (self->local, local);
  gtk_label_set_text (self->server, server);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
}

/**
 * mc_sync_conflict_banner_set_code:
 * @self: the banner
 * @code: (nullable): the dossier shown in the pane
 */
void
mc_sync_conflict_banner_set_code (McSyncConflictBanner *self,
                                  const char           *code)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MC_IS_SYNC_CONFLICT_BANNER (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  /* @code may be self->code itself (reloading after a choice): copied
   * before the old one goes. */
  {
    char *copy = g_strdup (code);

    g_free (self->code);
    self->code = copy;
  }
  self->loaded = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  if (self->code == NULL)
    {
      self->loaded = TRUE;
      return;
    }
  task = g_task_new (self, self->cancellable, loaded, NULL);
  g_task_set_task_data (task, g_strdup (self->code), g_free);
  g_task_run_in_thread (task, load_thread);
}

gboolean
mc_sync_conflict_banner_is_loaded (McSyncConflictBanner *self)
{
  g_return_val_if_fail (MC_IS_SYNC_CONFLICT_BANNER (self), FALSE);

  return self->loaded;
}

typedef struct
{
  char *code;
  McSyncChoice choice;
} Choice;

static void
choice_free (Choice *choice)
{
  g_free (choice->code);
  g_free (choice);
}

static void
resolve_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  McSyncConflictBanner *self = source;
  Choice *choice = task_data;
  GError *error = NULL;

  (void) cancellable;
  if (mc_desk_sync_resolve (self->desk, choice->code, choice->choice, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
resolved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  McSyncConflictBanner *self = MC_SYNC_CONFLICT_BANNER (source);
  g_autoptr(GError) error = NULL;

  (void) user_data;
  gtk_widget_set_sensitive (GTK_WIDGET (self), TRUE);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_label_set_text (self->title, error->message);
      return;
    }
  g_signal_emit (self, signals[RESOLVED], 0, self->code);
  mc_sync_conflict_banner_set_code (self, self->code);
}

static void
choose (McSyncConflictBanner *self,
        McSyncChoice          which)
{
  g_autoptr(GTask) task = NULL;
  Choice *choice;

  if (self->code == NULL)
    return;
  choice = g_new0 (Choice, 1);
  choice->code = g_strdup (self->code);
  choice->choice = which;
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
  task = g_task_new (self, self->cancellable, resolved, NULL);
  g_task_set_task_data (task, choice, (GDestroyNotify) choice_free);
  g_task_run_in_thread (task, resolve_thread);
}

static void
keep_clicked (GtkButton            *button,
              McSyncConflictBanner *self)
{
  (void) button;
  choose (self, MC_SYNC_KEEP_DESK);
}

static void
take_clicked (GtkButton            *button,
              McSyncConflictBanner *self)
{
  (void) button;
  choose (self, MC_SYNC_TAKE_SERVER);
}

static void
mc_sync_conflict_banner_dispose (GObject *object)
{
  McSyncConflictBanner *self = MC_SYNC_CONFLICT_BANNER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->desk);

  G_OBJECT_CLASS (mc_sync_conflict_banner_parent_class)->dispose (object);
}

static void
mc_sync_conflict_banner_finalize (GObject *object)
{
  McSyncConflictBanner *self = MC_SYNC_CONFLICT_BANNER (object);

  g_clear_object (&self->cancellable);
  g_free (self->code);

  G_OBJECT_CLASS (mc_sync_conflict_banner_parent_class)->finalize (object);
}

static void
mc_sync_conflict_banner_class_init (McSyncConflictBannerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = mc_sync_conflict_banner_dispose;
  G_OBJECT_CLASS (klass)->finalize = mc_sync_conflict_banner_finalize;

  /**
   * McSyncConflictBanner::resolved:
   * @code: the dossier
   *
   * The official chose: the pane reloads the dossier.
   */
  signals[RESOLVED] = g_signal_new ("resolved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static GtkLabel *
wrapped_label (const char *text)
{
  GtkLabel *label = GTK_LABEL (gtk_label_new (text));

  gtk_label_set_wrap (label, TRUE);
  gtk_label_set_xalign (label, 0);
  gtk_widget_set_margin_end (GTK_WIDGET (label), 12);

  return label;
}

static void
mc_sync_conflict_banner_init (McSyncConflictBanner *self)
{
  GtkBox *buttons = GTK_BOX (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12));

  self->cancellable = g_cancellable_new ();
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self), "card");
  gtk_widget_add_css_class (GTK_WIDGET (self), "warning");
  g_object_set (self, "margin-start", 12, "margin-end", 12, "margin-top", 12, "margin-bottom", 6, NULL);

  self->title = wrapped_label (_("This dossier was changed on the central system too. Both versions are kept until you choose."));
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "heading");
  self->local = wrapped_label (NULL);
  self->server = wrapped_label (NULL);
  self->keep = GTK_BUTTON (gtk_button_new_with_label (_("Keep this desk’s version")));
  self->take = GTK_BUTTON (gtk_button_new_with_label (_("Take the central system’s version")));
  gtk_widget_add_css_class (GTK_WIDGET (self->take), "destructive-action");
  g_signal_connect (self->keep, "clicked", G_CALLBACK (keep_clicked), self);
  g_signal_connect (self->take, "clicked", G_CALLBACK (take_clicked), self);
  gtk_box_append (buttons, GTK_WIDGET (self->keep));
  gtk_box_append (buttons, GTK_WIDGET (self->take));
  gtk_widget_set_margin_top (GTK_WIDGET (self->title), 12);
  gtk_widget_set_margin_start (GTK_WIDGET (self->title), 12);
  gtk_widget_set_margin_start (GTK_WIDGET (self->local), 12);
  gtk_widget_set_margin_start (GTK_WIDGET (self->server), 12);
  gtk_widget_set_margin_start (GTK_WIDGET (buttons), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (buttons), 12);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->local));
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->server));
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (buttons));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/**
 * mc_sync_conflict_banner_new:
 * @desk: the desk
 *
 * Returns: (transfer full): the banner, hidden until a dossier in conflict
 *   is set
 */
McSyncConflictBanner *
mc_sync_conflict_banner_new (McDesk *desk)
{
  McSyncConflictBanner *self = g_object_new (MC_TYPE_SYNC_CONFLICT_BANNER, NULL);

  self->desk = g_object_ref (desk);

  return self;
}
