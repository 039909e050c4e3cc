/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The PIN dialog of a signing batch. Before anything is typed it says what
 * the token reports about its PIN (a wrong PIN entered before, the last
 * try, locked), since a token locks after a few wrong tries and unlocking
 * it needs the certificate authority. The PIN is copied once into a buffer
 * of ours, handed to the session (which copies it for its login), and the
 * entry and our copy are wiped at once; it is never kept, logged or shown.
 * A wrong PIN keeps the dialog open with the token's new state; a good one
 * ends it with the open session (::done), as does Cancel (with none). */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mc-pin-dialog.h"
#include "mc-pkcs11.h"

struct _McPinDialog
{
  AdwWindow parent_instance;

  McSigningIdentity *identity;
  McToken *token;
  GCancellable *cancellable;
  gboolean busy;
  gboolean finished;
  char *message;
  char *error;

  GtkLabel *token_label;
  GtkLabel *holder_label;
  GtkLabel *flags_label;
  GtkWidget *entry_box;
  GtkPasswordEntry *pin_entry;
  GtkLabel *pin_pad_label;
  GtkSpinner *spinner;
  GtkLabel *error_label;
  GtkButton *sign_button;
};

G_DEFINE_FINAL_TYPE (McPinDialog, mc_pin_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
is_locked (McPinDialog *self)
{
  return self->token != NULL && (mc_token_get_pin_flags (self->token) & MC_PIN_FLAGS_LOCKED) != 0;
}

static void
update_state (McPinDialog *self)
{
  gboolean locked = is_locked (self);
  gboolean pin_pad = self->token != NULL && mc_token_has_pin_pad (self->token);

  gtk_widget_set_visible (self->entry_box, !pin_pad);
  gtk_widget_set_visible (GTK_WIDGET (self->pin_pad_label), pin_pad);
  /* Not made insensitive: a focused entry losing its sensitivity keeps
   * its cursor blinking (GTK 4.8), so it only stops taking input. */
  gtk_editable_set_editable (GTK_EDITABLE (self->pin_entry), !locked && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pin.submit", !locked && !self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy);
  gtk_spinner_set_spinning (self->spinner, self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), self->error != NULL);
  gtk_label_set_label (self->error_label, self->error != NULL ? self->error : "");
}

static void
set_error (McPinDialog *self,
           const char  *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  update_state (self);
}

/**
 * mc_pin_dialog_set_token:
 * @self: the dialog
 * @token: the token's state now (from the token monitor or a fresh look)
 *
 * Shows what the token says about its PIN.
 */
void
mc_pin_dialog_set_token (McPinDialog *self,
                         McToken     *token)
{
  McPinFlags flags;
  g_autofree char *title = NULL;

  g_return_if_fail (MC_IS_PIN_DIALOG (self));
  g_return_if_fail (MC_IS_TOKEN (token));

  g_set_object (&self->token, token);
  flags = mc_token_get_pin_flags (token);

  g_free (self->message);
  self->message = mc_token_get_pin_message (token);
  gtk_label_set_label (self->flags_label, self->message != NULL ? self->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->flags_label), self->message != NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->flags_label), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->flags_label), "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->flags_label),
                            (flags & (MC_PIN_FLAGS_LOCKED | MC_PIN_FLAGS_FINAL_TRY)) ? "error" : "warning");

  title = g_strdup_printf (_("Token “%s”"), mc_token_get_label (token));
  gtk_label_set_label (self->token_label, title);
  update_state (self);
}

static void
finish (McPinDialog      *self,
        McSigningSession *session)
{
  if (self->finished)
    return;
  self->finished = TRUE;
  /* The entry lets go of the focus before it goes away. */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  g_signal_emit (self, signals[SIGNAL_DONE], 0, session);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
token_refreshed (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(McPinDialog) self = user_data;
  g_autoptr(McToken) token = g_task_propagate_pointer (G_TASK (result), NULL);

  if (token != NULL && !self->finished)
    mc_pin_dialog_set_token (self, token);
}

static void
refresh_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  McToken *token = mc_pkcs11_find_token_sync (task_data, &error);

  if (token == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, token, g_object_unref);
}

/* After a wrong PIN the token's counters changed: read them again. */
static void
refresh_token (McPinDialog *self)
{
  g_autoptr(GTask) task = g_task_new (NULL, self->cancellable, token_refreshed, g_object_ref (self));

  g_task_set_task_data (task, g_strdup (mc_token_get_uri (self->token)), g_free);
  g_task_run_in_thread (task, refresh_thread);
}

static void
session_opened (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(McPinDialog) self = user_data;
  g_autoptr(McSigningSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = mc_signing_session_open_finish (result, &error);
  if (self->finished)
    {
      if (session != NULL)
        mc_signing_session_close (session);
      return;
    }
  self->busy = FALSE;

  if (session != NULL)
    {
      finish (self, session);
      return;
    }

  set_error (self, error->message);
  if (g_error_matches (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PIN_INCORRECT) ||
      g_error_matches (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PIN_LOCKED))
    refresh_token (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->pin_entry));
}

/**
 * mc_pin_dialog_submit:
 * @self: the dialog
 *
 * What the Unlock and Sign button does: opens the session with the typed
 * PIN, wiping it from the entry and from memory right after.
 */
void
mc_pin_dialog_submit (McPinDialog *self)
{
  g_autofree char *pin = NULL;
  gboolean pin_pad;
  gsize length = 0;

  g_return_if_fail (MC_IS_PIN_DIALOG (self));

  if (self->busy || is_locked (self))
    return;

  pin_pad = self->token != NULL && mc_token_has_pin_pad (self->token);
  if (!pin_pad)
    {
      const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->pin_entry));
      gulong min_length = self->token != NULL ? mc_token_get_min_pin_length (self->token) : 0;

      length = strlen (typed);
      if (length == 0 || length < min_length)
        {
          g_autofree char *message = min_length > 1
            ? g_strdup_printf (ngettext ("The PIN has at least %lu character.",
                                            "The PIN has at least %lu characters.", min_length), min_length)
            : g_strdup (_("Type the PIN of the token."));

          set_error (self, message);
          return;
        }
      pin = g_malloc (length + 1);
      memcpy (pin, typed, length + 1);
      gtk_editable_set_text (GTK_EDITABLE (self->pin_entry), "");
    }

  self->busy = TRUE;
  g_clear_pointer (&self->error, g_free);
  update_state (self);
  /* The session copies the PIN before this returns. */
  mc_signing_session_open_async (self->identity, pin, self->cancellable, session_opened, g_object_ref (self));
  if (pin != NULL)
    explicit_bzero (pin, length);
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  mc_pin_dialog_submit (MC_PIN_DIALOG (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static gboolean
mc_pin_dialog_close_request (GtkWindow *window)
{
  McPinDialog *self = MC_PIN_DIALOG (window);

  g_cancellable_cancel (self->cancellable);
  gtk_editable_set_text (GTK_EDITABLE (self->pin_entry), "");
  finish (self, NULL);

  return TRUE;
}

static void
mc_pin_dialog_dispose (GObject *object)
{
  McPinDialog *self = MC_PIN_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->identity);
  g_clear_object (&self->token);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_PIN_DIALOG);

  G_OBJECT_CLASS (mc_pin_dialog_parent_class)->dispose (object);
}

static void
mc_pin_dialog_finalize (GObject *object)
{
  McPinDialog *self = MC_PIN_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_free (self->message);
  g_free (self->error);

  G_OBJECT_CLASS (mc_pin_dialog_parent_class)->finalize (object);
}

static void
mc_pin_dialog_class_init (McPinDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = mc_pin_dialog_dispose;
  object_class->finalize = mc_pin_dialog_finalize;
  window_class->close_request = mc_pin_dialog_close_request;

  /**
   * McPinDialog::done:
   * @session: (nullable): the open session, or %NULL when cancelled
   *
   * The dialog ended; it is destroyed right after.
   */
  signals[SIGNAL_DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 1, MC_TYPE_SIGNING_SESSION);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/motcua/Desk/mc-pin-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, McPinDialog, token_label);
  gtk_widget_class_bind_template_child (widget_class, McPinDialog, holder_label);
  gtk_widget_class_bind_template_child (widget_class, McPinDialog, flags_label);
  gtk_widget_class_bind_template_child (widget_class, McPinDialog, entry_box);
  gtk_widget_class_bind_template_child (widget_class, McPinDialog, pin_entry);
  gtk_widget_class_bind_template_child (widget_class, McPinDialog, pin_pad_label);
  gtk_widget_class_bind_template_child (widget_class, McPinDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, McPinDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, McPinDialog, sign_button);

  gtk_widget_class_install_action (widget_class, "pin.submit", NULL, submit_action);
  gtk_widget_class_install_action (widget_class, "pin.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "pin.cancel", NULL);
}

static void
mc_pin_dialog_init (McPinDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->sign_button));
  g_signal_connect_swapped (self->pin_entry, "activate", G_CALLBACK (mc_pin_dialog_submit), self);
  /* At a public counter the PIN is never shown: no peek icon (the .ui), and
   * neither the context menu's "Show Text" nor its action. */
  gtk_password_entry_set_extra_menu (self->pin_entry, NULL);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->pin_entry)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TEXT (child))
      gtk_widget_action_set_enabled (child, "misc.toggle-visibility", FALSE);
}

/**
 * mc_pin_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @identity: the certificate to sign with
 *
 * Returns: (transfer none): the dialog, to present; it destroys itself
 *   after ::done
 */
McPinDialog *
mc_pin_dialog_new (GtkWindow         *parent,
                   McSigningIdentity *identity)
{
  McPinDialog *self;
  McCertificate *certificate;
  g_autofree char *holder = NULL;

  g_return_val_if_fail (MC_IS_SIGNING_IDENTITY (identity), NULL);

  self = g_object_new (MC_TYPE_PIN_DIALOG, "transient-for", parent, NULL);
  self->identity = g_object_ref (identity);

  certificate = mc_signing_identity_get_certificate (identity);
  holder = g_strdup_printf (_("Signing as %s, certificate issued by %s"),
                            mc_certificate_get_subject_cn (certificate) != NULL
                              ? mc_certificate_get_subject_cn (certificate) : mc_signing_identity_get_label (identity),
                            mc_certificate_get_issuer_cn (certificate) != NULL
                              ? mc_certificate_get_issuer_cn (certificate) : mc_certificate_get_issuer_dn (certificate));
  gtk_label_set_label (self->holder_label, holder);
  mc_pin_dialog_set_token (self, mc_signing_identity_get_token (identity));
  gtk_widget_grab_focus (GTK_WIDGET (self->pin_entry));

  return self;
}

McSigningIdentity *
mc_pin_dialog_get_identity (McPinDialog *self)
{
  g_return_val_if_fail (MC_IS_PIN_DIALOG (self), NULL);

  return self->identity;
}

/**
 * mc_pin_dialog_get_message:
 * @self: the dialog
 *
 * Returns: (nullable): what the dialog says about the PIN's state
 */
const char *
mc_pin_dialog_get_message (McPinDialog *self)
{
  g_return_val_if_fail (MC_IS_PIN_DIALOG (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->flags_label)) ? self->message : NULL;
}

/**
 * mc_pin_dialog_get_error:
 * @self: the dialog
 *
 * Returns: (nullable): why the last try failed
 */
const char *
mc_pin_dialog_get_error (McPinDialog *self)
{
  g_return_val_if_fail (MC_IS_PIN_DIALOG (self), NULL);

  return self->error;
}

GtkEditable *
mc_pin_dialog_get_entry (McPinDialog *self)
{
  g_return_val_if_fail (MC_IS_PIN_DIALOG (self), NULL);

  return GTK_EDITABLE (self->pin_entry);
}

gboolean
mc_pin_dialog_get_busy (McPinDialog *self)
{
  g_return_val_if_fail (MC_IS_PIN_DIALOG (self), FALSE);

  return self->busy;
}
