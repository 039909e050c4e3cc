/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The signing batch: every result of the chosen dossiers that wants this
 * officer's signature (the leader's, or the organisation's for the clerk)
 * is signed with one certificate and one PIN. The officer picks the
 * certificate from the tokens plugged in, the layout and its place on a
 * preview of the first document, then types the PIN once; the documents
 * are signed in order with a progress bar and a row each. Every signed
 * document is recorded in its dossier (sign_result) as soon as it is done,
 * so Cancel or a token pulled out leaves the finished ones recorded and
 * the others untouched; Resume asks for the PIN again and signs the rest.
 * The run itself (signing, recording, the signed files on the way) is
 * McSignBatch's; the signer is called through mc-sign-job.h only. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "mc-sign-batch.h"
#include "mc-sign-dialog.h"
#include "mc-sign-item.h"
#include "mc-sign-job.h"
#include "mc-signature-profile.h"

struct _McSignDialog
{
  AdwWindow parent_instance;

  McDesk *desk;
  McOfficer *officer;
  char **codes;
  GSettings *settings;
  McSignatureProfile *profile;
  GListStore *items;
  McSignatureLayout layouts[MC_N_SIGNATURE_LAYOUTS];
  guint n_layouts;
  McSignatureKind planned_kind;
  gboolean planned;
  GCancellable *cancellable;

  McTokenChooser *chooser;
  McPinDialog *pin_dialog;
  GtkFileChooserNative *file_chooser;
  gboolean choosing_seal;

  McSignBatch *batch;
  gboolean close_after;

  AdwWindowTitle *window_title;
  GtkButton *cancel_button;
  GtkButton *sign_button;
  GtkButton *resume_button;
  GtkButton *close_button;
  GtkStack *stack;
  AdwStatusPage *nothing_page;
  GtkBox *chooser_box;
  AdwComboRow *layout_row;
  GtkStringList *layouts_model;
  AdwActionRow *signature_row;
  AdwActionRow *seal_row;
  AdwEntryRow *issue_row;
  AdwPreferencesGroup *documents_group;
  GtkListView *plan_view;
  GtkLabel *problem_label;
  GtkLabel *holder_warning;
  GtkLabel *preview_label;
  McSignaturePlacement *placement;
  GtkLabel *progress_label;
  GtkProgressBar *progress_bar;
  GtkLabel *status_label;
  GtkListView *items_view;
};

G_DEFINE_FINAL_TYPE (McSignDialog, mc_sign_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_SIGNED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void validate (McSignDialog *self);
static void plan (McSignDialog *self);

static McSignatureLayout
current_layout (McSignDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->layout_row);

  if (selected >= self->n_layouts)
    return self->layouts[0];

  return self->layouts[selected];
}

/* As what this officer signs with this layout. */
static McSignatureKind
current_kind (McSignDialog *self)
{
  if (self->officer->role == MC_ROLE_LEADER)
    return MC_SIGNATURE_KIND_LEADER;
  if (current_layout (self) == MC_SIGNATURE_LAYOUT_ATTACHMENT)
    return MC_SIGNATURE_KIND_ATTACHMENT;

  return MC_SIGNATURE_KIND_ORGANISATION;
}

static McSignItem *
first_pending (McSignDialog *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(McSignItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      if (mc_sign_item_is_pending (item))
        return item;
    }

  return NULL;
}

static guint
count_items (McSignDialog     *self,
             gboolean          pending,
             McSignItemStatus  status)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  guint count = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(McSignItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      if (pending ? mc_sign_item_is_pending (item) : mc_sign_item_get_status (item) == status)
        count++;
    }

  return count;
}

static void
show_buttons (McSignDialog *self,
              const char   *page)
{
  gboolean setup = g_str_equal (page, "setup");
  gboolean progress = g_str_equal (page, "progress");
  gboolean pending = count_items (self, TRUE, 0) > 0;

  gtk_widget_set_visible (GTK_WIDGET (self->sign_button), setup);
  gboolean running = mc_sign_batch_get_busy (self->batch);

  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), !progress || running);
  gtk_widget_set_visible (GTK_WIDGET (self->resume_button), progress && !running && pending);
  gtk_widget_set_visible (GTK_WIDGET (self->close_button), g_str_equal (page, "nothing") || (progress && !running));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign.resume", progress && !running && pending);
  gtk_stack_set_visible_child_name (self->stack, page);
}

/* --- setup: plan, layout, images ------------------------------------- */

static void
show_images (McSignDialog *self)
{
  McSignatureLayout layout = current_layout (self);
  g_autofree char *signature = self->profile->signature_image != NULL
    ? g_path_get_basename (self->profile->signature_image) : g_strdup (_("None chosen"));
  g_autofree char *seal = self->profile->seal_image != NULL
    ? g_path_get_basename (self->profile->seal_image) : g_strdup (_("None chosen"));

  adw_action_row_set_subtitle (self->signature_row, signature);
  adw_action_row_set_subtitle (self->seal_row, seal);
  gtk_widget_set_visible (GTK_WIDGET (self->signature_row), layout == MC_SIGNATURE_LAYOUT_LEADER);
  gtk_widget_set_visible (GTK_WIDGET (self->seal_row), layout == MC_SIGNATURE_LAYOUT_ORGANISATION);
  mc_signature_placement_set_images (self->placement, self->profile->signature_image, self->profile->seal_image);
}

static void
show_preview (McSignDialog *self)
{
  McSignItem *item = first_pending (self);
  const McSignTask *task;
  g_autofree char *path = NULL;
  g_autofree char *label = NULL;

  if (item == NULL)
    {
      mc_signature_placement_set_file (self->placement, NULL);
      return;
    }
  task = mc_sign_item_get_task (item);
  path = mc_desk_get_blob_path (self->desk, task->input_sha256);
  /* TRANSLATORS: the document shown in the preview, and its dossier */
  label = g_strdup_printf (_("%s — dossier %s"), task->file_name, task->dossier_code);
  gtk_label_set_label (self->preview_label, label);
  mc_signature_placement_set_file (self->placement, path);
}

static void
planned (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(McSignDialog) self = user_data;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) dossiers = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *subtitle = NULL;
  guint n_pending;

  tasks = mc_desk_plan_signing_finish (MC_DESK (source), result, &error);
  if (tasks == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_status_page_set_title (self->nothing_page, _("The Dossiers Cannot Be Read"));
      adw_status_page_set_description (self->nothing_page, error->message);
      show_buttons (self, "nothing");
      return;
    }

  g_list_store_remove_all (self->items);
  for (guint i = 0; i < tasks->len; i++)
    {
      McSignTask *task = g_ptr_array_index (tasks, i);
      g_autoptr(McSignItem) item = mc_sign_item_new (task);

      g_list_store_append (self->items, item);
      if (task->refusal == NULL)
        g_hash_table_add (dossiers, task->dossier_code);
    }
  self->planned = TRUE;

  n_pending = count_items (self, TRUE, 0);
  if (n_pending == 0)
    {
      McSignTask *first = tasks->len > 0 ? g_ptr_array_index (tasks, 0) : NULL;

      adw_status_page_set_title (self->nothing_page, _("Nothing to Sign"));
      adw_status_page_set_description (self->nothing_page,
                                       first != NULL && first->refusal != NULL ? first->refusal->message : NULL);
      show_buttons (self, "nothing");
      return;
    }

  subtitle = g_strdup_printf (ngettext ("%u document", "%u documents", n_pending), n_pending);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  {
    guint n_dossiers = g_hash_table_size (dossiers);
    g_autofree char *description = g_strdup_printf (ngettext ("%u document in %u dossier(s) will be signed.",
                                                                 "%u documents in %u dossier(s) will be signed.",
                                                                 n_pending),
                                                    n_pending, n_dossiers);

    adw_preferences_group_set_description (self->documents_group, description);
  }
  show_preview (self);
  show_buttons (self, "setup");
  validate (self);
}

static void
plan (McSignDialog *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->planned = FALSE;
  self->planned_kind = current_kind (self);
  show_buttons (self, "planning");
  mc_desk_plan_signing_async (self->desk, (const char * const *) self->codes, self->planned_kind,
                              self->cancellable, planned, g_object_ref (self));
}

static void check_holder (McSignDialog *self);

static void
layout_changed (AdwComboRow  *row,
                GParamSpec   *pspec,
                McSignDialog *self)
{
  mc_signature_placement_set_layout (self->placement, current_layout (self));
  show_images (self);
  /* The clerk's attachment signature needs no leader's one: other
   * results qualify. */
  if (self->planned && current_kind (self) != self->planned_kind)
    plan (self);
  check_holder (self);
  validate (self);
}

/* The leader signs with their own certificate, the seal is the
 * organisation's: say so when the certificate chosen is the other kind,
 * without forbidding it (an office may hold its certificates otherwise). */
static void
check_holder (McSignDialog *self)
{
  McSigningIdentity *identity = mc_token_chooser_get_identity (self->chooser);
  McCertificateHolder wanted = current_kind (self) == MC_SIGNATURE_KIND_LEADER
    ? MC_CERTIFICATE_HOLDER_PERSON : MC_CERTIFICATE_HOLDER_ORGANISATION;
  const char *warning = NULL;

  mc_token_chooser_set_preferred_holder (self->chooser, wanted);
  identity = mc_token_chooser_get_identity (self->chooser);
  if (identity != NULL &&
      mc_certificate_holder_of (mc_signing_identity_get_certificate (identity)) != wanted)
    warning = wanted == MC_CERTIFICATE_HOLDER_PERSON
      ? _("This is the organisation’s certificate. The leader’s signature is made with the leader’s own certificate.")
      : _("This is a person’s certificate. The seal is made with the organisation’s certificate.");

  gtk_label_set_label (self->holder_warning, warning != NULL ? warning : "");
  gtk_widget_set_visible (GTK_WIDGET (self->holder_warning), warning != NULL);
}

/**
 * mc_sign_dialog_get_holder_warning:
 * @self: the dialog
 *
 * Returns: (nullable): the warning shown when the certificate chosen does
 *   not fit the signature (a person's for the leader, the organisation's
 *   for the seal)
 */
const char *
mc_sign_dialog_get_holder_warning (McSignDialog *self)
{
  g_return_val_if_fail (MC_IS_SIGN_DIALOG (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->holder_warning)) ? gtk_label_get_label (self->holder_warning)
                                                                      : NULL;
}

static void
validate (McSignDialog *self)
{
  McSignatureLayout layout = current_layout (self);
  const char *problem = NULL;

  if (!self->planned)
    return;
  if (count_items (self, TRUE, 0) == 0)
    problem = _("Nothing is left to sign.");
  else if (mc_token_chooser_get_identity (self->chooser) == NULL)
    problem = _("Choose a certificate. Insert the token if it is not listed.");
  else if (layout == MC_SIGNATURE_LAYOUT_LEADER && self->profile->signature_image == NULL)
    problem = _("Choose the image of your handwritten signature.");
  else if (layout == MC_SIGNATURE_LAYOUT_ORGANISATION && self->profile->seal_image == NULL)
    problem = _("Choose the image of the seal.");
  else if (self->officer->role == MC_ROLE_CLERK && *gtk_editable_get_text (GTK_EDITABLE (self->issue_row)) == '\0')
    problem = _("Enter the issue number of the results.");
  else if (mc_signature_placement_get_problem (self->placement) != NULL)
    problem = mc_signature_placement_get_problem (self->placement);

  gtk_label_set_label (self->problem_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problem != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign.start",
                                 problem == NULL && !mc_sign_batch_get_busy (self->batch));
}

static void
something_changed (McSignDialog *self)
{
  check_holder (self);
  validate (self);
}

static void
image_chosen (GtkNativeDialog *dialog,
              int              response,
              McSignDialog    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        {
          if (self->choosing_seal)
            mc_sign_dialog_set_images (self, self->profile->signature_image, path);
          else
            mc_sign_dialog_set_images (self, path, self->profile->seal_image);
        }
    }
  g_clear_object (&self->file_chooser);
}

static void
choose_image (McSignDialog *self,
              gboolean      seal)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("PNG images"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_suffix (filter, "png");

  self->choosing_seal = seal;
  g_clear_object (&self->file_chooser);
  self->file_chooser = gtk_file_chooser_native_new (seal ? _("Choose the Seal Image")
                                                         : _("Choose the Handwritten Signature Image"),
                                                    GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                                    _("C_hoose"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->file_chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->file_chooser), TRUE);
  g_signal_connect (self->file_chooser, "response", G_CALLBACK (image_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->file_chooser));
}

static void
choose_signature_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  choose_image (MC_SIGN_DIALOG (widget), FALSE);
}

static void
choose_seal_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  choose_image (MC_SIGN_DIALOG (widget), TRUE);
}

static void
reset_place_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  McSignDialog *self = MC_SIGN_DIALOG (widget);

  mc_signature_placement_set_default_place (self->placement, current_layout (self), -1, NULL);
  mc_signature_placement_reset (self->placement);
}

/* The officer's choices become their defaults for next time. */
static void
save_profile (McSignDialog *self)
{
  McSignatureLayout layout = current_layout (self);
  double rect[4];

  self->profile->layout = layout;
  self->profile->has_layout = TRUE;
  if (layout != MC_SIGNATURE_LAYOUT_ORGANISATION && mc_signature_placement_get_rect (self->placement, rect))
    {
      guint page = mc_signature_placement_get_page (self->placement);
      McSignaturePlace *place = &self->profile->places[layout];

      place->set = TRUE;
      place->page = page + 1 == mc_signature_placement_get_n_pages (self->placement) ? -1 : (int) page;
      memcpy (place->rect, rect, sizeof rect);
      mc_signature_placement_set_default_place (self->placement, layout, place->page, rect);
    }
  mc_signature_profile_save (self->profile, self->settings, self->officer->login);
}

/* --- the batch -------------------------------------------------------- */

static McPadesLevel
wanted_level (McSignDialog *self)
{
  g_autofree char *level = g_settings_get_string (self->settings, "signing-level");

  if (g_strcmp0 (level, "B-B") == 0)
    return MC_PADES_LEVEL_B_B;
  if (g_strcmp0 (level, "B-LT") == 0)
    return MC_PADES_LEVEL_B_LT;

  return MC_PADES_LEVEL_B_T;
}

static McSignRequest *
build_request (McSignDialog *self)
{
  McSignRequest *request = mc_sign_job_request_new ();
  McSignatureLayout layout = current_layout (self);
  g_autofree char *tsa = g_settings_get_string (self->settings, "signing-tsa-url");
  const char *issue = gtk_editable_get_text (GTK_EDITABLE (self->issue_row));

  request->layout = layout;
  request->page_index = layout == MC_SIGNATURE_LAYOUT_ATTACHMENT ? 0 : mc_signature_placement_get_page (self->placement);
  if (!mc_signature_placement_get_request_rect (self->placement, request->rect))
    memset (request->rect, 0, sizeof request->rect);
  if (layout == MC_SIGNATURE_LAYOUT_LEADER)
    request->signature_image = g_strdup (self->profile->signature_image);
  if (layout == MC_SIGNATURE_LAYOUT_ORGANISATION)
    request->seal_image = g_strdup (self->profile->seal_image);
  if (*issue != '\0')
    request->document_number = g_strdup (issue);
  request->level = wanted_level (self);
  request->tsa_url = *tsa != '\0' ? g_steal_pointer (&tsa) : NULL;
  /* Offline desks still sign: at a lower level, and each row says why. */
  request->allow_lower_level = TRUE;

  return request;
}

static void
batch_progress (McSignBatch  *batch,
                guint         done,
                guint         total,
                McSignDialog *self)
{
  g_autofree char *text = g_strdup_printf (_("%u of %u"), done, total);

  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) done / total : 1.0);
  gtk_progress_bar_set_text (self->progress_bar, text);
}

static void
batch_finished (McSignBatch  *batch,
                guint         n_recorded,
                McSignDialog *self)
{
  const GError *error = mc_sign_batch_get_error (batch);
  guint done = count_items (self, FALSE, MC_SIGN_ITEM_DONE);
  guint left = count_items (self, TRUE, 0);
  g_autofree char *status = NULL;

  if (error == NULL && left == 0)
    status = g_strdup_printf (ngettext ("The document is signed and recorded.",
                                           "All %u documents are signed and recorded.", done), done);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    status = g_strdup_printf (_("Stopped. %u signed and recorded; the other %u were not touched. "
                                "Resume signs them."), done, left);
  else if (g_error_matches (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_TOKEN_REMOVED))
    status = g_strdup_printf (_("The token was removed. %u signed and recorded; the other %u were not touched. "
                                "Put the token back and press Resume to sign them."), done, left);
  else if (error != NULL)
    status = g_strdup_printf (_("%s %u signed and recorded; press Resume to try the other %u again."),
                              error->message, done, left);
  else
    status = g_strdup_printf (_("%u signed and recorded; %u could not be signed. Resume tries them again."),
                              done, left);

  gtk_label_set_label (self->status_label, status);
  gtk_label_set_label (self->progress_label, left == 0 ? _("Signing Finished") : _("Signing Interrupted"));
  show_buttons (self, "progress");

  if (n_recorded > 0)
    g_signal_emit (self, signals[SIGNAL_SIGNED], 0, n_recorded);

  if (self->close_after)
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
start_batch (McSignDialog     *self,
             McSigningSession *session)
{
  g_autofree char *title = NULL;

  if (!mc_sign_batch_start (self->batch, session, build_request (self), current_kind (self)))
    return;

  title = g_strdup_printf (ngettext ("Signing %u document as %s", "Signing %u documents as %s",
                                        mc_sign_batch_get_size (self->batch)),
                           mc_sign_batch_get_size (self->batch), mc_sign_batch_get_signer (self->batch));
  gtk_label_set_label (self->progress_label, title);
  gtk_label_set_label (self->status_label, _("Keep the token plugged in until the batch ends."));
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, NULL);
  show_buttons (self, "progress");
}

static void
pin_done (McPinDialog      *dialog,
          McSigningSession *session,
          McSignDialog     *self)
{
  self->pin_dialog = NULL;
  if (session != NULL)
    start_batch (self, session);
}

static void
ask_pin (McSignDialog *self)
{
  McSigningIdentity *identity = mc_token_chooser_get_identity (self->chooser);

  if (identity == NULL)
    {
      gtk_label_set_label (self->status_label, _("Insert the token with your certificate, then press Resume."));
      return;
    }

  self->pin_dialog = mc_pin_dialog_new (GTK_WINDOW (self), identity);
  g_signal_connect_object (self->pin_dialog, "done", G_CALLBACK (pin_done), self, 0);
  gtk_window_present (GTK_WINDOW (self->pin_dialog));
}

static void
token_changed (McTokenMonitor *monitor,
               McToken        *token,
               McSignDialog   *self)
{
  McSigningIdentity *identity;

  if (self->pin_dialog == NULL)
    return;
  identity = mc_pin_dialog_get_identity (self->pin_dialog);
  if (mc_token_is_same (mc_signing_identity_get_token (identity), token))
    mc_pin_dialog_set_token (self->pin_dialog, token);
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  McSignDialog *self = MC_SIGN_DIALOG (widget);

  validate (self);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->problem_label)))
    {
      save_profile (self);
      ask_pin (self);
    }
}

static void
resume_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ask_pin (MC_SIGN_DIALOG (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  McSignDialog *self = MC_SIGN_DIALOG (widget);

  if (mc_sign_batch_get_busy (self->batch))
    {
      gtk_label_set_label (self->status_label, _("Stopping after the current document…"));
      mc_sign_batch_cancel (self->batch);
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static gboolean
mc_sign_dialog_close_request (GtkWindow *window)
{
  McSignDialog *self = MC_SIGN_DIALOG (window);

  /* A document being signed is finished first, then the window goes. */
  if (mc_sign_batch_get_busy (self->batch))
    {
      self->close_after = TRUE;
      mc_sign_batch_cancel (self->batch);
      return TRUE;
    }
  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (mc_sign_dialog_parent_class)->close_request (window);
}

static void
mc_sign_dialog_dispose (GObject *object)
{
  McSignDialog *self = MC_SIGN_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->pin_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->pin_dialog));
  self->pin_dialog = NULL;
  if (self->file_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->file_chooser));
  g_clear_object (&self->file_chooser);
  if (self->chooser != NULL)
    g_signal_handlers_disconnect_by_data (mc_token_chooser_get_monitor (self->chooser), self);
  if (self->batch != NULL)
    g_signal_handlers_disconnect_by_data (self->batch, self);
  g_clear_object (&self->batch);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_SIGN_DIALOG);

  G_OBJECT_CLASS (mc_sign_dialog_parent_class)->dispose (object);
}

static void
mc_sign_dialog_finalize (GObject *object)
{
  McSignDialog *self = MC_SIGN_DIALOG (object);

  g_clear_object (&self->desk);
  g_clear_pointer (&self->officer, mc_officer_free);
  g_strfreev (self->codes);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->profile, mc_signature_profile_free);
  g_clear_object (&self->items);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (mc_sign_dialog_parent_class)->finalize (object);
}

static void
mc_sign_dialog_class_init (McSignDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = mc_sign_dialog_dispose;
  object_class->finalize = mc_sign_dialog_finalize;
  window_class->close_request = mc_sign_dialog_close_request;

  /**
   * McSignDialog::signed:
   * @n_recorded: how many documents were signed and recorded
   *
   * Emitted when a batch (or its resumption) ends having recorded some
   * signatures: the dossiers changed.
   */
  signals[SIGNAL_SIGNED] = g_signal_new ("signed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  g_type_ensure (MC_TYPE_SIGNATURE_PLACEMENT);
  g_type_ensure (MC_TYPE_SIGN_ITEM);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/motcua/Desk/mc-sign-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, McSignDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, McSignDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, McSignDialog, sign_button);
  gtk_widget_class_bind_template_child (widget_class, McSignDialog, resume_button);
  gtk_widget_class_bind_template_child (widget_class, McSignDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, McSignDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, McSignDialog, nothing_page);
  gtk_widget_class_bind_template_child (widget_class, McSignDialog, chooser_box);
  gtk_widget_class_bind_template_child (widget_class, McSignDialog, layout_row);
  gtk_widget_class_bind_template_child_full (widget_class, "layouts", FALSE,
                                             G_STRUCT_OFFSET (McSignDialog, layouts_model));
  gtk_widget_class_bind_template_child (widget_class, McSignDialog, signature_row);
  gtk_widget_class_bind_template_child (widget_class, McSignDialog, seal_row);
  gtk_widget_class_bind_template_child (widget_class, McSignDialog, issue_row);
  gtk_widget_class_bind_template_child (widget_class, McSignDialog, documents_group);
  gtk_widget_class_bind_template_child (widget_class, McSignDialog, plan_view);
  gtk_widget_class_bind_template_child (widget_class, McSignDialog, problem_label);
  gtk_widget_class_bind_template_child (widget_class, McSignDialog, holder_warning);
  gtk_widget_class_bind_template_child (widget_class, McSignDialog, preview_label);
  gtk_widget_class_bind_template_child (widget_class, McSignDialog, placement);
  gtk_widget_class_bind_template_child (widget_class, McSignDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, McSignDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, McSignDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, McSignDialog, items_view);

  gtk_widget_class_install_action (widget_class, "sign.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "sign.resume", NULL, resume_action);
  gtk_widget_class_install_action (widget_class, "sign.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "sign.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "sign.choose-signature", NULL, choose_signature_action);
  gtk_widget_class_install_action (widget_class, "sign.choose-seal", NULL, choose_seal_action);
  gtk_widget_class_install_action (widget_class, "sign.reset-place", NULL, reset_place_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "sign.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "sign.start", NULL);
}

static void
mc_sign_dialog_init (McSignDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->items = g_list_store_new (MC_TYPE_SIGN_ITEM);
  self->settings = g_settings_new (APP_ID);

  {
    g_autoptr(GtkNoSelection) plan_selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->items)));
    g_autoptr(GtkNoSelection) items_selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->items)));

    gtk_list_view_set_model (self->plan_view, GTK_SELECTION_MODEL (plan_selection));
    gtk_list_view_set_model (self->items_view, GTK_SELECTION_MODEL (items_selection));
  }

  g_signal_connect_swapped (self->issue_row, "changed", G_CALLBACK (something_changed), self);
  g_signal_connect_swapped (self->placement, "notify::busy", G_CALLBACK (something_changed), self);
}

/**
 * mc_sign_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @desk: the desk
 * @officer: who signs (a leader or a clerk)
 * @codes: (array zero-terminated=1): the dossiers whose results to sign
 *
 * Returns: (transfer none): the dialog, to present; it plans the batch at
 *   once, in a worker thread
 */
McSignDialog *
mc_sign_dialog_new (GtkWindow          *parent,
                    McDesk             *desk,
                    const McOfficer    *officer,
                    const char * const *codes)
{
  McSignDialog *self;

  g_return_val_if_fail (MC_IS_DESK (desk), NULL);
  g_return_val_if_fail (officer != NULL, NULL);
  g_return_val_if_fail (codes != NULL, NULL);

  self = g_object_new (MC_TYPE_SIGN_DIALOG, "transient-for", parent, NULL);
  self->desk = g_object_ref (desk);
  self->officer = mc_officer_copy (officer);
  self->codes = g_strdupv ((char **) codes);
  self->profile = mc_signature_profile_load (self->settings, officer->login);
  self->batch = mc_sign_batch_new (desk, G_LIST_MODEL (self->items));
  g_signal_connect (self->batch, "progress", G_CALLBACK (batch_progress), self);
  g_signal_connect (self->batch, "finished", G_CALLBACK (batch_finished), self);

  /* The layouts this officer signs with, their usual one first. */
  if (officer->role == MC_ROLE_CLERK)
    {
      self->layouts[self->n_layouts++] = MC_SIGNATURE_LAYOUT_ORGANISATION;
      self->layouts[self->n_layouts++] = MC_SIGNATURE_LAYOUT_ATTACHMENT;
    }
  else
    self->layouts[self->n_layouts++] = MC_SIGNATURE_LAYOUT_LEADER;
  self->layouts[self->n_layouts++] = MC_SIGNATURE_LAYOUT_INVISIBLE;
  for (guint i = 0; i < self->n_layouts; i++)
    gtk_string_list_append (self->layouts_model, mc_signature_layout_label (self->layouts[i]));
  for (guint i = 0; i < self->n_layouts; i++)
    if (self->profile->has_layout && self->layouts[i] == self->profile->layout)
      adw_combo_row_set_selected (self->layout_row, i);
  gtk_widget_set_visible (GTK_WIDGET (self->issue_row), officer->role == MC_ROLE_CLERK);

  for (guint i = 0; i < MC_N_SIGNATURE_LAYOUTS; i++)
    if (self->profile->places[i].set)
      mc_signature_placement_set_default_place (self->placement, i, self->profile->places[i].page,
                                                self->profile->places[i].rect);
  mc_signature_placement_set_layout (self->placement, current_layout (self));
  show_images (self);

  self->chooser = MC_TOKEN_CHOOSER (mc_token_chooser_new (NULL));
  gtk_box_append (self->chooser_box, GTK_WIDGET (self->chooser));
  g_signal_connect_swapped (self->chooser, "notify::identity", G_CALLBACK (something_changed), self);
  g_signal_connect_object (mc_token_chooser_get_monitor (self->chooser), "token-changed",
                           G_CALLBACK (token_changed), self, 0);
  g_signal_connect (self->layout_row, "notify::selected", G_CALLBACK (layout_changed), self);
  check_holder (self);

  plan (self);

  return self;
}

McTokenChooser *
mc_sign_dialog_get_chooser (McSignDialog *self)
{
  g_return_val_if_fail (MC_IS_SIGN_DIALOG (self), NULL);

  return self->chooser;
}

McSignaturePlacement *
mc_sign_dialog_get_placement (McSignDialog *self)
{
  g_return_val_if_fail (MC_IS_SIGN_DIALOG (self), NULL);

  return self->placement;
}

/**
 * mc_sign_dialog_get_pin_dialog:
 * @self: the dialog
 *
 * Returns: (transfer none) (nullable): the PIN dialog while it is open
 */
McPinDialog *
mc_sign_dialog_get_pin_dialog (McSignDialog *self)
{
  g_return_val_if_fail (MC_IS_SIGN_DIALOG (self), NULL);

  return self->pin_dialog;
}

/**
 * mc_sign_dialog_get_items:
 * @self: the dialog
 *
 * Returns: (transfer none): the batch's documents (McSignItem)
 */
GListModel *
mc_sign_dialog_get_items (McSignDialog *self)
{
  g_return_val_if_fail (MC_IS_SIGN_DIALOG (self), NULL);

  return G_LIST_MODEL (self->items);
}

/**
 * mc_sign_dialog_get_page:
 * @self: the dialog
 *
 * Returns: "planning", "nothing", "setup" or "progress"
 */
const char *
mc_sign_dialog_get_page (McSignDialog *self)
{
  g_return_val_if_fail (MC_IS_SIGN_DIALOG (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
mc_sign_dialog_get_status (McSignDialog *self)
{
  g_return_val_if_fail (MC_IS_SIGN_DIALOG (self), NULL);

  return gtk_label_get_label (self->status_label);
}

/**
 * mc_sign_dialog_get_problem:
 * @self: the dialog
 *
 * Returns: (nullable): why the batch cannot start yet
 */
const char *
mc_sign_dialog_get_problem (McSignDialog *self)
{
  g_return_val_if_fail (MC_IS_SIGN_DIALOG (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->problem_label)) ? gtk_label_get_label (self->problem_label)
                                                                  : NULL;
}

/**
 * mc_sign_dialog_get_busy:
 * @self: the dialog
 *
 * Returns: %TRUE while planning, signing or recording
 */
gboolean
mc_sign_dialog_get_busy (McSignDialog *self)
{
  g_return_val_if_fail (MC_IS_SIGN_DIALOG (self), FALSE);

  return !self->planned || mc_sign_batch_get_busy (self->batch);
}

void
mc_sign_dialog_set_layout (McSignDialog      *self,
                           McSignatureLayout  layout)
{
  g_return_if_fail (MC_IS_SIGN_DIALOG (self));

  for (guint i = 0; i < self->n_layouts; i++)
    if (self->layouts[i] == layout)
      adw_combo_row_set_selected (self->layout_row, i);
}

/**
 * mc_sign_dialog_set_images:
 * @self: the dialog
 * @signature_image: (nullable): the handwritten signature (PNG)
 * @seal_image: (nullable): the seal (PNG)
 *
 * What the image choosers do.
 */
void
mc_sign_dialog_set_images (McSignDialog *self,
                           const char   *signature_image,
                           const char   *seal_image)
{
  g_autofree char *signature = g_strdup (signature_image);
  g_autofree char *seal = g_strdup (seal_image);

  g_return_if_fail (MC_IS_SIGN_DIALOG (self));

  g_free (self->profile->signature_image);
  g_free (self->profile->seal_image);
  self->profile->signature_image = g_steal_pointer (&signature);
  self->profile->seal_image = g_steal_pointer (&seal);
  show_images (self);
  validate (self);
}

void
mc_sign_dialog_set_issue_number (McSignDialog *self,
                                 const char   *issue_number)
{
  g_return_if_fail (MC_IS_SIGN_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->issue_row), issue_number != NULL ? issue_number : "");
}
