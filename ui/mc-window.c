/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window of one workspace: queues on the left, the dossiers of the
 * chosen queue in the middle, the selected dossier on the right, folding to
 * one column on a narrow screen. The workspace opens in a worker thread; the
 * window shows a spinner meanwhile and a clear error if it cannot. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "digitise/mc-ocr-queue.h"
#include "digitise/mc-sign-queue.h"
#include "domain/mc-dossier-summary.h"
#include "domain/mc-queue.h"
#include "domain/mc-state.h"
#include "store/mc-desk-auth.h"
#include "store/mc-desk-queries.h"
#include "mc-queue-item.h"
#include "mc-window-private.h"
#include "sync/mc-window-sync.h"

G_DEFINE_FINAL_TYPE (McWindow, mc_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_STORE,
  PROP_READY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- Messages ---- */

/* Every message to the official goes through here, so it can also be read
 * back by automation (mc_window_get_last_message()). */
void
mc_window_show_message (McWindow   *self,
                        const char *text)
{
  g_assert (MC_IS_WINDOW (self));

  g_free (self->last_message);
  self->last_message = g_strdup (text);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

/* The window is ready once the workspace opened and its counts arrived,
 * or it shows the sign-in screen, the first-run assistant or an error. */
void
mc_window_notify_ready (McWindow *self)
{
  g_assert (MC_IS_WINDOW (self));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

/* ---- Dossier pane ---- */

static void
pane_acted (McWindow *self)
{
  g_assert (MC_IS_WINDOW (self));

  mc_window_refresh (self);
}

static void
print_from_toast (AdwToast *toast,
                  McWindow *self)
{
  const char *kind = g_object_get_data (G_OBJECT (toast), "slip");
  const char *code = g_object_get_data (G_OBJECT (toast), "code");

  g_assert (MC_IS_WINDOW (self));

  gtk_widget_activate_action (GTK_WIDGET (self), "win.print-slip", "(ss)", kind, code);
}

static void
pane_message (McWindow   *self,
              const char *text,
              const char *slip)
{
  AdwToast *toast = adw_toast_new (text);
  const McDossier *dossier = mc_dossier_pane_get_dossier (self->dossier_pane);

  g_assert (MC_IS_WINDOW (self));

  g_free (self->last_message);
  self->last_message = g_strdup (text);

  /* A change that comes with a slip offers to print it right away. */
  if (slip != NULL && dossier != NULL)
    {
      adw_toast_set_button_label (toast, _("_Print Slip"));
      g_object_set_data_full (G_OBJECT (toast), "slip", g_strdup (slip), g_free);
      g_object_set_data_full (G_OBJECT (toast), "code", g_strdup (dossier->code), g_free);
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (print_from_toast), self, 0);
      adw_toast_set_timeout (toast, 10);
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
pane_print_slip (McWindow   *self,
                 const char *kind,
                 const char *code)
{
  g_assert (MC_IS_WINDOW (self));

  gtk_widget_activate_action (GTK_WIDGET (self), "win.print-slip", "(ss)", kind, code);
}

/* ---- Opening the workspace ---- */

static void start_session (McWindow *self);

/* A scan whose text could not be read stays as it is, unread, and is
 * tried again at the next start: the official is told why. */
static void
file_read (McWindow   *self,
           const char *code,
           const char *component_code,
           const char *message)
{
  if (message != NULL)
    mc_window_show_message (self, message);
}

/* Copies left waiting for the office's signature (the token pulled out,
 * its session closed): the official is told what to do. */
static void
sign_message_changed (McWindow    *self,
                      GParamSpec  *pspec,
                      McSignQueue *queue)
{
  if (mc_sign_queue_get_message (queue) != NULL)
    mc_window_show_message (self, mc_sign_queue_get_message (queue));
}

static void
store_opened (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr(McWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *last_queue = NULL;
  g_autofree char *basename = NULL;

  g_assert (MC_IS_WINDOW (self));

  self->desk = mc_desk_open_finish (res, &error);
  if (self->desk == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->main_stack, "error");
      mc_window_notify_ready (self);
      return;
    }

  self->store = g_object_ref (mc_desk_get_store (self->desk));
  basename = g_path_get_basename (mc_store_get_workspace (self->store));
  adw_window_title_set_subtitle (self->workspace_title, basename);
  mc_dossier_pane_set_desk (self->dossier_pane, self->desk);
  /* Scans left unread by a desk closed or killed before their text was
   * read: read now, in the background. */
  g_signal_connect_object (mc_ocr_queue_get_for_desk (self->desk), "file-read", G_CALLBACK (file_read), self,
                           G_CONNECT_SWAPPED);
  mc_ocr_queue_resume (mc_ocr_queue_get_for_desk (self->desk));
  /* Copies left waiting for the signature by a desk closed or killed:
   * counted now, and the official told how to sign them. */
  g_signal_connect_object (mc_sign_queue_get_for_desk (self->desk), "notify::message",
                           G_CALLBACK (sign_message_changed), self, G_CONNECT_SWAPPED);
  mc_sign_queue_resume (mc_sign_queue_get_for_desk (self->desk));
  mc_window_attach_sync (self);
  mc_window_load_filter_options (self);

  last_queue = g_settings_get_string (self->settings, "last-queue");
  if (mc_queue_lookup (last_queue) == NULL)
    {
      g_free (last_queue);
      last_queue = g_strdup ("all");
    }

  mc_window_attach_dossiers (self, last_queue);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);

  start_session (self);
}

void
mc_window_open_workspace (McWindow *self)
{
  g_assert (MC_IS_WINDOW (self));

  gtk_stack_set_visible_child_name (self->main_stack, "loading");
  mc_desk_open_async (self->workspace, self->cancellable, store_opened, g_object_ref (self));
}

/* ---- Signing in and locking ---- */

static void
officer_loaded (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  g_autoptr(McWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  McOfficer *officer = mc_desk_load_officer_finish (MC_DESK (source), res, &error);
  g_autofree char *subtitle = NULL;

  g_assert (MC_IS_WINDOW (self));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_pointer (&self->officer, mc_officer_free);
  self->officer = officer;
  mc_dossier_pane_set_officer (self->dossier_pane, officer);

  if (officer != NULL)
    subtitle = g_strdup_printf ("%s — %s", officer->name, mc_role_label (officer->role));
  else
    subtitle = g_strdup (_("No officer chosen"));
  adw_window_title_set_subtitle (self->workspace_title, subtitle);
}

/* Loads the signed-in officer's name and role for the header and the
 * pane; again after preferences change them. */
void
mc_window_load_officer (McWindow *self)
{
  g_assert (MC_IS_WINDOW (self));

  mc_desk_load_officer_async (self->desk, self->cancellable, officer_loaded, g_object_ref (self));
}

/* Signing in. A window opens on the sign-in screen unless the workspace
 * names whom it opens as (the demo; see mc_desk_load_opening_async());
 * the desk then acts as the signed-in officer until the next sign-in. */
/* Whether @window is this window's dialog, or a dialog of one of them. */
static gboolean
belongs_to (McWindow  *self,
            GtkWindow *window)
{
  for (GtkWindow *parent = gtk_window_get_transient_for (window); parent != NULL;
       parent = gtk_window_get_transient_for (parent))
    if (parent == GTK_WINDOW (self))
      return TRUE;
  return FALSE;
}

/* Locking hides this window's dialogs (an open sign dialog, a half-filled
 * reception): they come back to the officer who locked, and are closed
 * when someone else signs in. */
static void
hide_dialogs (McWindow *self)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (gtk_widget_get_visible (GTK_WIDGET (window)) && belongs_to (self, window))
        g_ptr_array_add (self->hidden_windows, g_object_ref (window));
    }
  for (guint i = 0; i < self->hidden_windows->len; i++)
    gtk_widget_set_visible (g_ptr_array_index (self->hidden_windows, i), FALSE);
}

static void
restore_dialogs (McWindow   *self,
                 const char *login)
{
  gboolean same = self->locked_login == g_intern_string (login);

  g_assert (MC_IS_WINDOW (self));

  for (guint i = 0; i < self->hidden_windows->len; i++)
    {
      GtkWindow *window = g_ptr_array_index (self->hidden_windows, i);

      if (same)
        gtk_window_present (window);
      else
        gtk_window_destroy (window);
    }
  g_ptr_array_set_size (self->hidden_windows, 0);
  self->locked_login = NULL;
}

static void
show_signed_in (McWindow   *self,
                const char *login)
{
  g_assert (MC_IS_WINDOW (self));

  restore_dialogs (self, login);
  mc_desk_set_officer_login (self->desk, login);
  mc_dossier_list_model_set_officer (self->dossiers, login);
  self->last_input = g_get_monotonic_time ();
  mc_window_load_officer (self);
  gtk_stack_set_visible_child_name (self->main_stack, "workspace");
  mc_window_refresh (self);
  mc_window_notify_ready (self);
}

static void
show_sign_in (McWindow   *self,
              const char *login)
{
  g_assert (MC_IS_WINDOW (self));

  adw_window_title_set_subtitle (self->workspace_title, _("Locked"));
  mc_sign_in_page_load (self->sign_in_page, self->desk, login);
  gtk_stack_set_visible_child_name (self->main_stack, "sign-in");
  mc_window_notify_ready (self);
}

/* A desk without officers: nobody can sign in yet, so the first-run
 * assistant asks for the office and the first officers. */
static void
show_first_run (McWindow *self)
{
  adw_window_title_set_subtitle (self->workspace_title, _("First run"));
  mc_setup_assistant_set_desk (self->setup_assistant, self->desk);
  gtk_stack_set_visible_child_name (self->main_stack, "setup");
  mc_window_notify_ready (self);
}

static void
setup_finished (McWindow   *self,
                const char *login)
{
  g_assert (MC_IS_WINDOW (self));

  show_sign_in (self, login);
}

static void
page_signed_in (McWindow  *self,
                McOfficer *officer)
{
  g_assert (MC_IS_WINDOW (self));

  show_signed_in (self, officer->login);
}

static void
opening_read (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr(McWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(McDeskOpening) opening = mc_desk_load_opening_finish (MC_DESK (source), res, &error);

  g_assert (MC_IS_WINDOW (self));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (opening == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->main_stack, "error");
      mc_window_notify_ready (self);
      return;
    }

  if (opening->login != NULL)
    show_signed_in (self, opening->login);
  else if (opening->n_officers == 0)
    show_first_run (self);
  else
    show_sign_in (self, NULL);
}

static void
start_session (McWindow *self)
{
  g_assert (MC_IS_WINDOW (self));

  mc_desk_load_opening_async (self->desk, self->cancellable, opening_read, g_object_ref (self));
}

/* Locks the workspace: its dialogs hide, and the sign-in screen offers
 * the officer who locked first. */
void
mc_window_lock (McWindow *self)
{
  g_assert (MC_IS_WINDOW (self));

  if (self->desk == NULL || !g_str_equal (gtk_stack_get_visible_child_name (self->main_stack), "workspace"))
    return;

  self->locked_login = mc_desk_get_officer_login (self->desk);
  /* Signing out logs the office's token out: the next officer types the
   * PIN again. */
  mc_sign_queue_end_session (mc_sign_queue_get_for_desk (self->desk), NULL);
  hide_dialogs (self);
  show_sign_in (self, mc_desk_get_officer_login (self->desk));
}

static gboolean
input_seen (McWindow *self,
            GdkEvent *event)
{
  g_assert (MC_IS_WINDOW (self));

  switch ((int) gdk_event_get_event_type (event))
    {
    case GDK_KEY_PRESS:
    case GDK_BUTTON_PRESS:
    case GDK_MOTION_NOTIFY:
    case GDK_SCROLL:
    case GDK_TOUCH_BEGIN:
      self->last_input = g_get_monotonic_time ();
      break;
    default:
      break;
    }

  return GDK_EVENT_PROPAGATE;
}

static gboolean
check_idle (gpointer user_data)
{
  mc_window_lock_if_idle (user_data, g_get_monotonic_time ());

  return G_SOURCE_CONTINUE;
}

/* ---- GObject ---- */

static gboolean
mc_window_close_request (GtkWindow *window)
{
  McWindow *self = MC_WINDOW (window);
  int width, height;

  g_assert (MC_IS_WINDOW (self));

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }

  return GTK_WINDOW_CLASS (mc_window_parent_class)->close_request (window);
}

static void
mc_window_constructed (GObject *object)
{
  McWindow *self = MC_WINDOW (object);

  g_assert (MC_IS_WINDOW (self));

  G_OBJECT_CLASS (mc_window_parent_class)->constructed (object);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  if (self->workspace == NULL)
    self->workspace = mc_store_default_workspace ();

  mc_window_open_workspace (self);
}

static void
mc_window_dispose (GObject *object)
{
  McWindow *self = MC_WINDOW (object);

  g_assert (MC_IS_WINDOW (self));

  g_cancellable_cancel (self->cancellable);
  /* What is not read yet stays unread in the store for the next start. */
  if (self->desk != NULL)
    {
      mc_ocr_queue_stop (mc_ocr_queue_get_for_desk (self->desk));
      /* The token is logged out; unsigned copies wait in the store. */
      mc_sign_queue_stop (mc_sign_queue_get_for_desk (self->desk));
    }
  g_clear_handle_id (&self->idle_source, g_source_remove);
  if (self->hidden_windows != NULL)
    {
      /* Dialogs hidden by a lock go with the window. */
      for (guint i = 0; i < self->hidden_windows->len; i++)
        gtk_window_destroy (g_ptr_array_index (self->hidden_windows, i));
      g_clear_pointer (&self->hidden_windows, g_ptr_array_unref);
    }
  if (self->reception_dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->reception_dialog), (gpointer *) &self->reception_dialog);
  self->reception_dialog = NULL;
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_pointer (&self->officer, mc_officer_free);
  g_clear_pointer (&self->filter_procedures, g_ptr_array_unref);
  g_clear_pointer (&self->filter_fields, g_ptr_array_unref);
  g_clear_pointer (&self->filter_officers, g_ptr_array_unref);
  mc_queue_filter_clear (&self->filter);
  g_clear_pointer (&self->pending_code, g_free);
  if (self->dossier_view != NULL)
    gtk_list_view_set_model (self->dossier_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_WINDOW);
  g_clear_object (&self->dossier_selection);
  g_clear_object (&self->search_selection);
  g_clear_object (&self->search_results);
  g_clear_object (&self->dossiers);
  g_clear_object (&self->queue_selection);
  g_clear_object (&self->queues);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  /* Releases the workspace lock as soon as the window goes. */
  if (self->store != NULL)
    mc_store_close (self->store);
  g_clear_object (&self->store);
  g_clear_object (&self->desk);

  G_OBJECT_CLASS (mc_window_parent_class)->dispose (object);
}

static void
mc_window_finalize (GObject *object)
{
  McWindow *self = MC_WINDOW (object);

  g_assert (MC_IS_WINDOW (self));

  g_free (self->workspace);
  g_free (self->last_slip);
  g_free (self->last_message);

  G_OBJECT_CLASS (mc_window_parent_class)->finalize (object);
}

static void
mc_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  McWindow *self = MC_WINDOW (object);

  g_assert (MC_IS_WINDOW (self));

  switch (prop_id)
    {
    case PROP_WORKSPACE: g_value_set_string (value, self->workspace); break;
    case PROP_STORE: g_value_set_object (value, self->store); break;
    case PROP_READY: g_value_set_boolean (value, mc_window_is_ready (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  McWindow *self = MC_WINDOW (object);

  g_assert (MC_IS_WINDOW (self));

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      self->workspace = g_value_get_string (value) != NULL
        ? g_canonicalize_filename (g_value_get_string (value), NULL) : NULL;
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_window_class_init (McWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = mc_window_constructed;
  object_class->dispose = mc_window_dispose;
  object_class->finalize = mc_window_finalize;
  object_class->get_property = mc_window_get_property;
  object_class->set_property = mc_window_set_property;
  window_class->close_request = mc_window_close_request;

  properties[PROP_WORKSPACE] =
    g_param_spec_string ("workspace", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, MC_TYPE_STORE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MC_TYPE_DOSSIER_PANE);
  g_type_ensure (MC_TYPE_DOSSIER_SUMMARY);
  g_type_ensure (MC_TYPE_QUEUE_ITEM);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/motcua/Desk/mc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, McWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, McWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, McWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, McWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, McWindow, workspace_title);
  gtk_widget_class_bind_template_child (widget_class, McWindow, sync_slot);
  gtk_widget_class_bind_template_child (widget_class, McWindow, queue_view);
  gtk_widget_class_bind_template_child (widget_class, McWindow, list_title);
  gtk_widget_class_bind_template_child (widget_class, McWindow, list_spinner);
  gtk_widget_class_bind_template_child (widget_class, McWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, McWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, McWindow, filter_button);
  gtk_widget_class_bind_template_child (widget_class, McWindow, filter_popover);
  gtk_widget_class_bind_template_child (widget_class, McWindow, procedure_dropdown);
  gtk_widget_class_bind_template_child (widget_class, McWindow, field_dropdown);
  gtk_widget_class_bind_template_child (widget_class, McWindow, officer_dropdown);
  gtk_widget_class_bind_template_child (widget_class, McWindow, from_entry);
  gtk_widget_class_bind_template_child (widget_class, McWindow, until_entry);
  gtk_widget_class_bind_template_child (widget_class, McWindow, filter_problem);
  gtk_widget_class_bind_template_child (widget_class, McWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, McWindow, dossier_view);
  gtk_widget_class_bind_template_child (widget_class, McWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, McWindow, detail_title);
  gtk_widget_class_bind_template_child (widget_class, McWindow, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, McWindow, dossier_pane);

  mc_window_class_add_actions (widget_class);
}

static void
mc_window_init (McWindow *self)
{
  g_assert (MC_IS_WINDOW (self));

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->cancellable = g_cancellable_new ();

  mc_window_init_queues (self);
  g_signal_connect_object (self->dossier_pane, "acted", G_CALLBACK (pane_acted), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dossier_pane, "message", G_CALLBACK (pane_message), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dossier_pane, "print-slip", G_CALLBACK (pane_print_slip), self,
                           G_CONNECT_SWAPPED);

  self->sign_in_page = MC_SIGN_IN_PAGE (mc_sign_in_page_new ());
  gtk_stack_add_named (self->main_stack, GTK_WIDGET (self->sign_in_page), "sign-in");
  g_signal_connect_object (self->sign_in_page, "signed-in", G_CALLBACK (page_signed_in), self,
                           G_CONNECT_SWAPPED);
  self->setup_assistant = MC_SETUP_ASSISTANT (mc_setup_assistant_new ());
  gtk_stack_add_named (self->main_stack, GTK_WIDGET (self->setup_assistant), "setup");
  g_signal_connect_object (self->setup_assistant, "finished", G_CALLBACK (setup_finished), self,
                           G_CONNECT_SWAPPED);
  {
    GtkEventController *input = gtk_event_controller_legacy_new ();

    gtk_event_controller_set_propagation_phase (input, GTK_PHASE_CAPTURE);
    g_signal_connect_object (input, "event", G_CALLBACK (input_seen), self, G_CONNECT_SWAPPED);
    gtk_widget_add_controller (GTK_WIDGET (self), input);
  }
  self->last_input = g_get_monotonic_time ();
  self->idle_source = g_timeout_add_seconds (15, check_idle, self);
  self->hidden_windows = g_ptr_array_new_with_free_func (g_object_unref);
}

/* ---- Public API ---- */

/**
 * mc_window_new:
 * @application: the application
 * @workspace: (nullable): the workspace folder, or %NULL for the default
 *
 * Returns: (transfer full): a window that starts opening @workspace
 */
McWindow *
mc_window_new (GtkApplication *application,
               const char     *workspace)
{
  return g_object_new (MC_TYPE_WINDOW,
                       "application", application,
                       "workspace", workspace,
                       NULL);
}

const char *
mc_window_get_workspace (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);

  return self->workspace;
}

McDesk *
mc_window_get_desk (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);

  return self->desk;
}
