/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The header's sync status. Reading the state and syncing both run in
 * worker threads (GTask, McSyncClient); this widget only shows what they
 * report. Without a Secret Service it asks the central password (once at
 * the first sync of this run, then when the official presses "Sync now")
 * and signs in with it in memory, for this run only. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-sync-client.h"
#include "mc-sync-password-dialog.h"
#include "mc-sync-status.h"
#include "store/mc-sync-store.h"

#define PERIOD_SECONDS 300
#define RETRY_FIRST_SECONDS 15

struct _McSyncStatus
{
  GtkBox parent_instance;

  McDesk *desk;
  McSyncClient *client;
  GCancellable *cancellable;
  gboolean automatic;

  GtkImage *icon;
  GtkLabel *label;
  GtkButton *button;

  char *state;
  char *text;
  char *server;             /* the signed-in server and login, for the prompt */
  char *login;
  char *desk_id;
  McSyncPasswordDialog *password_dialog;  /* (nullable) while shown */
  gboolean no_keyring;      /* no Secret Service: the sign-in lives in memory */
  gboolean memory_signed_in;
  gboolean asked;           /* the password was asked once this run */
  char *ask_on_map;         /* (nullable) asked once shown: why (or "") */
  gboolean busy;
  gboolean started;
  guint failures;
  guint period_id;
  guint retry_id;
  gulong network_id;
};

G_DEFINE_FINAL_TYPE (McSyncStatus, mc_sync_status, GTK_TYPE_BOX)

enum {
  SYNCED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show (McSyncStatus *self,
      const char   *state,
      const char   *icon,
      const char   *text,
      const char   *tooltip)
{
  g_free (self->state);
  self->state = g_strdup (state);
  g_free (self->text);
  self->text = g_strdup (text);
  gtk_image_set_from_icon_name (self->icon, icon);
  gtk_label_set_text (self->label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip != NULL ? tooltip : text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->button),
                            !self->busy && g_strcmp0 (state, "signed-out") != 0);
}

static void
show_state (McSyncStatus *self,
            McSyncState  *state)
{
  g_autofree char *text = NULL;

  if (g_str_equal (state->state, "signed-out"))
    show (self, "signed-out", "network-server-symbolic", _("Not signed in"),
          _("Sign in to the central server in Preferences."));
  else if (g_str_equal (state->state, "offline"))
    {
      g_autoptr(GDateTime) since = g_date_time_new_from_unix_local (state->offline_since > 0
                                                                     ? state->offline_since
                                                                     : g_get_real_time () / G_USEC_PER_SEC);
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      gboolean today = g_date_time_get_day_of_year (now) == g_date_time_get_day_of_year (since) &&
                       g_date_time_get_year (now) == g_date_time_get_year (since);
      g_autofree char *when = g_date_time_format (since, today ? "%H:%M" : "%d/%m %H:%M");

      text = g_strdup_printf (_("Offline since %s"), when);
      show (self, "offline", "network-offline-symbolic", text, state->last_error);
    }
  else if (g_str_equal (state->state, "error"))
    {
      text = g_strdup_printf (_("Sync error: %s"), state->last_error != NULL ? state->last_error : "");
      show (self, "error", "dialog-warning-symbolic", text, state->last_error);
    }
  else if (state->pending_ops > 0)
    {
      text = g_strdup_printf (ngettext ("%d waiting", "%d waiting", (gulong) state->pending_ops),
                              (int) state->pending_ops);
      show (self, "waiting", "mail-send-symbolic", text, NULL);
    }
  else if (state->last_success == 0)
    show (self, "waiting", "mail-send-symbolic", _("Not synced yet"), NULL);
  else
    show (self, "synced", "emblem-ok-symbolic", _("Synced"), NULL);

  if (state->conflicts > 0)
    {
      g_autofree char *more = g_strdup_printf (ngettext ("%s · %d conflict", "%s · %d conflicts",
                                                         (gulong) state->conflicts),
                                               self->text, (int) state->conflicts);

      gtk_label_set_text (self->label, more);
    }
}

static void
show_no_keyring (McSyncStatus *self)
{
  show (self, "no-keyring", "dialog-password-symbolic", _("No keyring"),
        _("No keyring (Secret Service): the central server’s password is asked each time the app opens. Press “Sync now” to enter it."));
}

static void memory_signed_in (GObject      *source,
                              GAsyncResult *result,
                              gpointer      user_data);

static void
password_response (McSyncPasswordDialog *dialog,
                   const char           *response,
                   McSyncStatus         *self)
{
  char *password;

  /* The dialog closes itself after any response. */
  g_clear_weak_pointer (&self->password_dialog);
  if (!g_str_equal (response, "sign-in"))
    {
      show_no_keyring (self);
      return;
    }
  password = mc_sync_password_dialog_take_password (dialog);
  if (password[0] == '\0')
    {
      g_free (password);
      show_no_keyring (self);
      return;
    }
  self->busy = TRUE;
  show (self, "syncing", "emblem-synchronizing-symbolic", _("Signing in…"), NULL);
  mc_sync_client_login_in_memory_async (self->client, password, self->cancellable,
                                        memory_signed_in, g_object_ref (self));
  memset (password, 0, strlen (password));
  g_free (password);
}

static void
ask_password (McSyncStatus *self,
              const char   *error_text)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  self->asked = TRUE;
  if (self->password_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->password_dialog));
      return;
    }
  self->password_dialog = mc_sync_password_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       self->server, self->login, error_text);
  g_object_add_weak_pointer (G_OBJECT (self->password_dialog), (gpointer *) &self->password_dialog);
  g_signal_connect_object (self->password_dialog, "response", G_CALLBACK (password_response), self, 0);
  gtk_window_present (GTK_WINDOW (self->password_dialog));
}

/* Asks now when the header is on screen; otherwise (the window shows the
 * officers' sign-in, or is locked) once it is, so the dialog never covers
 * the sign-in of the desk itself. */
static void
ask_password_when_shown (McSyncStatus *self,
                         const char   *error_text)
{
  self->asked = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      ask_password (self, error_text);
      return;
    }
  g_free (self->ask_on_map);
  self->ask_on_map = g_strdup (error_text != NULL ? error_text : "");
}

static void
mapped (McSyncStatus *self)
{
  g_autofree char *why = g_steal_pointer (&self->ask_on_map);

  if (why != NULL && self->no_keyring && !self->memory_signed_in)
    ask_password (self, why[0] != '\0' ? why : NULL);
}

static void
load_state_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GError *error = NULL;
  McSyncState *state = mc_desk_sync_load_state (task_data, &error);

  (void) source;
  (void) cancellable;
  if (state == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, state, (GDestroyNotify) mc_sync_state_free);
}

static void schedule_first_sync (McSyncStatus *self);

static void
state_loaded (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  McSyncStatus *self = MC_SYNC_STATUS (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(McSyncState) state = g_task_propagate_pointer (G_TASK (result), &error);

  (void) user_data;
  if (state == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show (self, "error", "dialog-warning-symbolic", error->message, NULL);
      return;
    }
  if (self->busy)
    return;
  g_free (self->server);
  self->server = g_strdup (state->server);
  g_free (self->login);
  self->login = g_strdup (state->login);
  g_free (self->desk_id);
  self->desk_id = g_strdup (state->desk_id);
  if (self->no_keyring && !self->memory_signed_in && state->server != NULL)
    {
      show_no_keyring (self);
      return;
    }
  show_state (self, state);
  if (self->automatic && !self->started && !g_str_equal (state->state, "signed-out"))
    schedule_first_sync (self);
}

/**
 * mc_sync_status_refresh:
 * @self: the status
 *
 * Reads the sync state again (after local work or a sign-in).
 */
void
mc_sync_status_refresh (McSyncStatus *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MC_IS_SYNC_STATUS (self));

  task = g_task_new (self, self->cancellable, state_loaded, NULL);
  g_task_set_task_data (task, g_object_ref (self->desk), g_object_unref);
  g_task_run_in_thread (task, load_state_thread);
}

static gboolean
retry_cb (gpointer user_data)
{
  McSyncStatus *self = user_data;

  self->retry_id = 0;
  mc_sync_status_sync_now (self);

  return G_SOURCE_REMOVE;
}

static void
sync_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(McSyncStatus) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(McSyncReport) report = mc_sync_client_sync_finish (MC_SYNC_CLIENT (source), result, &error);

  self->busy = FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (g_error_matches (error, MC_SYNC_ERROR, MC_SYNC_ERROR_NO_SECRET_SERVICE))
    {
      self->no_keyring = TRUE;
      self->memory_signed_in = FALSE;
      show_no_keyring (self);
      if (!self->asked)
        ask_password_when_shown (self, NULL);
      return;
    }
  if (self->memory_signed_in && g_error_matches (error, MC_SYNC_ERROR, MC_SYNC_ERROR_AUTH))
    {
      /* The sign-in held in memory expired or was revoked: said at once,
       * with the password asked again (the keyring's way, "sign in again
       * with motcua-cli", does not apply here). */
      self->memory_signed_in = FALSE;
      show_no_keyring (self);
      ask_password_when_shown (self, _("The central server no longer accepts this sign-in (expired or revoked). Enter the password again."));
      return;
    }
  if (report == NULL && self->automatic &&
      !g_error_matches (error, MC_SYNC_ERROR, MC_SYNC_ERROR_SIGNED_OUT) &&
      !g_error_matches (error, MC_SYNC_ERROR, MC_SYNC_ERROR_AUTH))
    {
      /* Exponential backoff with jitter, up to the regular period. */
      guint wait = MIN ((guint) PERIOD_SECONDS, (guint) RETRY_FIRST_SECONDS << MIN (self->failures, 5u));

      wait = wait / 2 + (guint) g_random_int_range (0, (gint32) (wait / 2 + 1));
      self->failures++;
      g_clear_handle_id (&self->retry_id, g_source_remove);
      self->retry_id = g_timeout_add_seconds (wait, retry_cb, self);
    }
  else if (report != NULL)
    {
      self->failures = 0;
      g_signal_emit (self, signals[SYNCED], 0);
    }
  mc_sync_status_refresh (self);
}

static void
memory_signed_in (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(McSyncStatus) self = user_data;
  g_autoptr(GError) error = NULL;

  self->busy = FALSE;
  if (!mc_sync_client_login_finish (MC_SYNC_CLIENT (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show (self, "no-keyring", "dialog-password-symbolic", _("No keyring"), error->message);
      /* A wrong password is asked again, saying so; an unreachable
       * server waits for "Sync now". */
      if (g_error_matches (error, MC_SYNC_ERROR, MC_SYNC_ERROR_AUTH))
        ask_password (self, _("The central server refused this password (or this account’s sign-in). Check it and enter it again."));
      return;
    }
  self->memory_signed_in = TRUE;
  mc_sync_status_sync_now (self);
}

/**
 * mc_sync_status_sync_now:
 * @self: the status
 *
 * Starts a sync in the background unless one is running.
 */
void
mc_sync_status_sync_now (McSyncStatus *self)
{
  g_return_if_fail (MC_IS_SYNC_STATUS (self));

  if (self->busy || g_strcmp0 (self->state, "signed-out") == 0)
    return;
  /* Without a keyring nothing can sync until the password is given, here
   * or in Preferences (a sign-in of this process, held in memory). */
  if (self->no_keyring && !self->memory_signed_in)
    {
      if (!mc_sync_client_has_memory_sign_in (self->server, self->desk_id))
        return;
      self->memory_signed_in = TRUE;
    }
  self->busy = TRUE;
  self->started = TRUE;
  show (self, "syncing", "emblem-synchronizing-symbolic", _("Syncing…"), NULL);
  mc_sync_client_sync_async (self->client, self->cancellable, sync_done, g_object_ref (self));
}

static gboolean
period_cb (gpointer user_data)
{
  mc_sync_status_sync_now (user_data);

  return G_SOURCE_CONTINUE;
}

static void
network_changed (GNetworkMonitor *monitor,
                 gboolean         available,
                 McSyncStatus    *self)
{
  (void) monitor;
  if (available && (g_strcmp0 (self->state, "offline") == 0 || self->failures > 0))
    mc_sync_status_sync_now (self);
}

static void
schedule_first_sync (McSyncStatus *self)
{
  self->started = TRUE;
  mc_sync_status_sync_now (self);
}

static void
button_clicked (GtkButton    *button,
                McSyncStatus *self)
{
  (void) button;
  self->failures = 0;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (self->no_keyring && !self->memory_signed_in &&
      !mc_sync_client_has_memory_sign_in (self->server, self->desk_id))
    ask_password (self, NULL);
  else
    mc_sync_status_sync_now (self);
}

static void
mc_sync_status_dispose (GObject *object)
{
  McSyncStatus *self = MC_SYNC_STATUS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->period_id, g_source_remove);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (self->network_id != 0)
    {
      g_signal_handler_disconnect (g_network_monitor_get_default (), self->network_id);
      self->network_id = 0;
    }
  if (self->password_dialog != NULL)
    {
      GtkWindow *dialog = GTK_WINDOW (self->password_dialog);

      g_clear_weak_pointer (&self->password_dialog);
      gtk_window_destroy (dialog);
    }
  g_clear_object (&self->client);
  g_clear_object (&self->desk);

  G_OBJECT_CLASS (mc_sync_status_parent_class)->dispose (object);
}

static void
mc_sync_status_finalize (GObject *object)
{
  McSyncStatus *self = MC_SYNC_STATUS (object);

  g_clear_object (&self->cancellable);
  g_free (self->state);
  g_free (self->text);
  g_free (self->server);
  g_free (self->login);
  g_free (self->desk_id);
  g_free (self->ask_on_map);

  G_OBJECT_CLASS (mc_sync_status_parent_class)->finalize (object);
}

static void
mc_sync_status_class_init (McSyncStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mc_sync_status_dispose;
  object_class->finalize = mc_sync_status_finalize;

  /**
   * McSyncStatus::synced:
   *
   * A sync finished: the window reloads what it shows.
   */
  signals[SYNCED] = g_signal_new ("synced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "mc-sync-status");
}

static void
mc_sync_status_init (McSyncStatus *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_box_set_spacing (GTK_BOX (self), 6);
  self->icon = GTK_IMAGE (gtk_image_new ());
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_ellipsize (self->label, PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (self->label, 14);
  gtk_label_set_xalign (self->label, 0);
  gtk_label_set_max_width_chars (self->label, 40);
  gtk_widget_add_css_class (GTK_WIDGET (self->label), "caption");
  self->button = GTK_BUTTON (gtk_button_new_with_label (_("Sync now")));
  gtk_widget_add_css_class (GTK_WIDGET (self->button), "flat");
  g_signal_connect (self->button, "clicked", G_CALLBACK (button_clicked), self);
  g_signal_connect (self, "map", G_CALLBACK (mapped), NULL);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->icon));
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->label));
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->button));
  self->busy = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->button), FALSE);
}

/**
 * mc_sync_status_new:
 * @desk: the desk
 * @automatic: sync at start, every few minutes and when the network comes
 *   back (the window); %FALSE only on demand (tests)
 *
 * Returns: (transfer full): the status widget
 */
McSyncStatus *
mc_sync_status_new (McDesk   *desk,
                    gboolean  automatic)
{
  McSyncStatus *self = g_object_new (MC_TYPE_SYNC_STATUS, "orientation", GTK_ORIENTATION_HORIZONTAL, NULL);

  g_return_val_if_fail (MC_IS_DESK (desk), NULL);

  self->desk = g_object_ref (desk);
  self->client = mc_sync_client_new (desk);
  self->automatic = automatic;
  if (automatic)
    {
      self->period_id = g_timeout_add_seconds (PERIOD_SECONDS, period_cb, self);
      self->network_id = g_signal_connect (g_network_monitor_get_default (), "network-changed",
                                           G_CALLBACK (network_changed), self);
    }
  show (self, "loading", "emblem-synchronizing-symbolic", "", NULL);
  mc_sync_status_refresh (self);

  return self;
}

const char *
mc_sync_status_get_state (McSyncStatus *self)
{
  g_return_val_if_fail (MC_IS_SYNC_STATUS (self), NULL);

  return self->state;
}

const char *
mc_sync_status_get_text (McSyncStatus *self)
{
  g_return_val_if_fail (MC_IS_SYNC_STATUS (self), NULL);

  return gtk_label_get_text (self->label);
}

gboolean
mc_sync_status_is_busy (McSyncStatus *self)
{
  g_return_val_if_fail (MC_IS_SYNC_STATUS (self), FALSE);

  return self->busy;
}

/**
 * mc_sync_status_get_password_dialog:
 * @self: the status
 *
 * For tests and automation: the dialog asking the central password
 * (no Secret Service), while it is shown.
 *
 * Returns: (transfer none) (nullable): the dialog
 */
McSyncPasswordDialog *
mc_sync_status_get_password_dialog (McSyncStatus *self)
{
  g_return_val_if_fail (MC_IS_SYNC_STATUS (self), NULL);

  return self->password_dialog;
}
