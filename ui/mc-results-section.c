/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The "Results" part of a dossier's detail: each result document with the
 * signatures it carries, "Attach Result…" for the specialist while the
 * rules let them, "Sign Results…" for the leader or the clerk when it is
 * their turn, and "Verify" on each file. It attaches by itself (a file
 * chooser, then the desk in a worker thread) and tells its owner through
 * signals: ::changed after a change of the dossier, ::message for a toast,
 * ::verify-file and ::sign-requested for the windows the owner opens. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>

#include "digitise/mc-result-scan.h"
#include "domain/mc-state.h"
#include "mc-results-section.h"
#include "mc-slip-printer.h"

struct _McResultsSection
{
  GtkWidget parent_instance;

  McDesk *desk;
  McOfficer *officer;
  char *code;
  int state;
  char *step;
  GPtrArray *results;
  GCancellable *cancellable;
  GtkFileChooserNative *chooser;
  guint busy;

  AdwPreferencesGroup *group;
  GtkSpinner *spinner;
  GtkButton *sign_button;
  char *last_opened;
  GtkButton *attach_button;
  GtkButton *scan_button;
  GtkListBox *list;
  GtkLabel *placeholder;
};

G_DEFINE_FINAL_TYPE (McResultsSection, mc_results_section, GTK_TYPE_WIDGET)

enum {
  SIGNAL_CHANGED,
  SIGNAL_MESSAGE,
  SIGNAL_VERIFY_FILE,
  SIGNAL_SIGN_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_busy (McResultsSection *self,
          gboolean          busy)
{
  gboolean was = self->busy > 0;

  if (busy)
    self->busy++;
  else if (self->busy > 0)
    self->busy--;

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy > 0);
  gtk_spinner_set_spinning (self->spinner, self->busy > 0);
  if (was != (self->busy > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static gboolean
sign_kind (McResultsSection *self,
           McSignatureKind  *kind)
{
  if (self->officer == NULL)
    return FALSE;
  if (self->officer->role == MC_ROLE_LEADER)
    *kind = MC_SIGNATURE_KIND_LEADER;
  else if (self->officer->role == MC_ROLE_CLERK)
    *kind = MC_SIGNATURE_KIND_ORGANISATION;
  else
    return FALSE;

  return TRUE;
}

/**
 * mc_results_section_can_attach:
 * @self: the section
 *
 * Returns: %TRUE when the officer may attach a result to the dossier now
 */
gboolean
mc_results_section_can_attach (McResultsSection *self)
{
  g_return_val_if_fail (MC_IS_RESULTS_SECTION (self), FALSE);

  return self->desk != NULL && self->officer != NULL && self->code != NULL &&
         mc_result_may_attach (mc_desk_get_rules (self->desk), self->state, self->step, self->officer->role, NULL);
}

/**
 * mc_results_section_can_sign:
 * @self: the section
 *
 * Returns: %TRUE when it is the officer's turn to sign the results and
 *   one of them still wants their signature
 */
gboolean
mc_results_section_can_sign (McResultsSection *self)
{
  McSignatureKind kind;

  g_return_val_if_fail (MC_IS_RESULTS_SECTION (self), FALSE);

  if (self->desk == NULL || self->code == NULL || self->results == NULL || !sign_kind (self, &kind) ||
      !mc_result_may_sign (mc_desk_get_rules (self->desk), kind, self->state, self->step, self->officer->role, NULL))
    return FALSE;

  for (guint i = 0; i < self->results->len; i++)
    {
      McResultFile *file = g_ptr_array_index (self->results, i);

      if (mc_result_file_wants (file, kind, NULL) ||
          (kind == MC_SIGNATURE_KIND_ORGANISATION && mc_result_file_wants (file, MC_SIGNATURE_KIND_ATTACHMENT, NULL)))
        return TRUE;
    }

  return FALSE;
}

static char *
describe_signatures (McResultFile *file)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *size = g_format_size ((guint64) file->current_size);

  if (file->signatures->len == 0)
    {
      /* TRANSLATORS: size of a result document that is not signed */
      g_string_printf (text, _("%s · not signed yet"), size);
      return g_string_free (g_steal_pointer (&text), FALSE);
    }

  g_string_append (text, size);
  for (guint i = 0; i < file->signatures->len; i++)
    {
      McResultSignature *signature = g_ptr_array_index (file->signatures, i);
      g_autofree char *when = mc_format_date_time (signature->signed_at);

      g_string_append (text, " · ");
      /* TRANSLATORS: kind of signature, signer, date and time */
      g_string_append_printf (text, _("%s: %s, %s"), mc_signature_kind_label (signature->kind),
                              signature->signer, when);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
verify_clicked (GtkButton        *button,
                McResultsSection *self)
{
  mc_results_section_verify (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index")));
}

static void
opened (GObject      *source,
        GAsyncResult *res,
        gpointer      user_data)
{
  g_autoptr(McResultsSection) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!mc_slip_printer_open_finish (res, &error) && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, error->message);
}

static void
copied (GObject      *source,
        GAsyncResult *res,
        gpointer      user_data)
{
  g_autoptr(McResultsSection) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_copy_finish (G_FILE (source), res, &error) && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, error->message);
      return;
    }
  mc_slip_printer_open_async (self->last_opened, GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                              self->cancellable, opened, g_object_ref (self));
}

/**
 * mc_results_section_open:
 * @self: the section
 * @index: a result
 *
 * What a result's Open button does: its newest version (the signed one
 * once signed), copied under its own name into the user's cache (the blob
 * store names files by hash), opened in the desktop's PDF viewer.
 */
void
mc_results_section_open (McResultsSection *self,
                         guint             index)
{
  McResultFile *file;
  g_autofree char *blob = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GFile) from = NULL;
  g_autoptr(GFile) to = NULL;

  g_return_if_fail (MC_IS_RESULTS_SECTION (self));
  g_return_if_fail (self->results != NULL && index < self->results->len);

  file = g_ptr_array_index (self->results, index);
  blob = mc_desk_get_blob_path (self->desk, file->current_sha256);
  /* One folder per version: a signed file never takes an older one's place. */
  name = g_path_get_basename (file->name);
  dir = g_build_filename (g_get_user_cache_dir (), "motcua", "results", file->current_sha256, NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_autofree char *text = g_strdup_printf (_("Cannot open “%s”: %s"), file->name, g_strerror (errno));

      g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, text);
      return;
    }
  g_free (self->last_opened);
  self->last_opened = g_build_filename (dir, name, NULL);
  from = g_file_new_for_path (blob);
  to = g_file_new_for_path (self->last_opened);
  g_file_copy_async (from, to, G_FILE_COPY_NONE, G_PRIORITY_DEFAULT, self->cancellable, NULL, NULL,
                     copied, g_object_ref (self));
}

/**
 * mc_results_section_get_last_opened:
 * @self: the section
 *
 * Returns: (nullable): the file the last Open showed
 */
const char *
mc_results_section_get_last_opened (McResultsSection *self)
{
  g_return_val_if_fail (MC_IS_RESULTS_SECTION (self), NULL);

  return self->last_opened;
}

static void
open_clicked (GtkButton        *button,
              McResultsSection *self)
{
  mc_results_section_open (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index")));
}

static void
show_results (McResultsSection *self)
{
  GtkListBoxRow *old;

  while ((old = gtk_list_box_get_row_at_index (self->list, 0)) != NULL)
    gtk_list_box_remove (self->list, GTK_WIDGET (old));

  for (guint i = 0; self->results != NULL && i < self->results->len; i++)
    {
      McResultFile *file = g_ptr_array_index (self->results, i);
      g_autofree char *subtitle = describe_signatures (file);
      g_autofree char *tooltip = g_strdup_printf (_("Check the signatures of “%s”"), file->name);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *verify = gtk_button_new_with_label (_("Verify"));
      gboolean sealed = mc_result_file_has_signature (file, MC_SIGNATURE_KIND_ORGANISATION) ||
                        mc_result_file_has_signature (file, MC_SIGNATURE_KIND_ATTACHMENT);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), file->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name (sealed ? "emblem-ok-symbolic"
                                                               : file->signatures->len > 0 ? "document-edit-symbolic"
                                                               : "x-office-document-symbolic"));
      {
        GtkWidget *open = gtk_button_new_with_label (_("Open"));
        g_autofree char *open_tooltip = g_strdup_printf (_("Open “%s” as it is now, with its signatures"),
                                                         file->name);

        gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
        gtk_widget_set_tooltip_text (open, open_tooltip);
        g_object_set_data (G_OBJECT (open), "index", GUINT_TO_POINTER (i));
        g_signal_connect (open, "clicked", G_CALLBACK (open_clicked), self);
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), open);
      }
      gtk_widget_set_valign (verify, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (verify, tooltip);
      g_object_set_data (G_OBJECT (verify), "index", GUINT_TO_POINTER (i));
      g_signal_connect (verify, "clicked", G_CALLBACK (verify_clicked), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), verify);
      gtk_list_box_append (self->list, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->attach_button), mc_results_section_can_attach (self));
  gtk_widget_set_visible (GTK_WIDGET (self->scan_button), mc_results_section_can_attach (self));
  gtk_widget_set_visible (GTK_WIDGET (self->sign_button), mc_results_section_can_sign (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "results.attach", mc_results_section_can_attach (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "results.scan", mc_results_section_can_attach (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "results.sign", mc_results_section_can_sign (self));
}

static void
results_loaded (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(McResultsSection) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *results = mc_desk_list_results_finish (MC_DESK (source), result, &error);

  if (results == NULL)
    {
      set_busy (self, FALSE);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, error->message);
      return;
    }

  g_clear_pointer (&self->results, g_ptr_array_unref);
  self->results = results;
  show_results (self);
  /* Not busy once the results are in place: whoever waits on ::busy (the
   * pane, for its actions) sees them. */
  set_busy (self, FALSE);
}

/**
 * mc_results_section_reload:
 * @self: the section
 *
 * Reads the dossier's results again, in a worker thread.
 */
void
mc_results_section_reload (McResultsSection *self)
{
  g_return_if_fail (MC_IS_RESULTS_SECTION (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->desk == NULL || self->code == NULL)
    {
      g_clear_pointer (&self->results, g_ptr_array_unref);
      show_results (self);
      return;
    }

  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  mc_desk_list_results_async (self->desk, self->code, self->cancellable, results_loaded, g_object_ref (self));
}

static void
attached (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(McResultsSection) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *op_id = mc_desk_attach_result_finish (MC_DESK (source), result, &error);

  set_busy (self, FALSE);
  if (op_id == NULL)
    {
      g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, error->message);
      return;
    }

  g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, _("Result attached"));
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  mc_results_section_reload (self);
}

/**
 * mc_results_section_attach_file:
 * @self: the section
 * @path: a PDF
 *
 * Attaches @path to the dossier as a result, in a worker thread; ::changed
 * follows when it is recorded, ::message either way.
 */
void
mc_results_section_attach_file (McResultsSection *self,
                                const char       *path)
{
  g_return_if_fail (MC_IS_RESULTS_SECTION (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (self->desk != NULL && self->code != NULL);

  set_busy (self, TRUE);
  mc_desk_attach_result_async (self->desk, self->code, path, NULL, attached, g_object_ref (self));
}

static void
chooser_response (GtkNativeDialog  *dialog,
                  int               response,
                  McResultsSection *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        mc_results_section_attach_file (self, path);
    }
  g_clear_object (&self->chooser);
}

static void
attach_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  McResultsSection *self = MC_RESULTS_SECTION (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkRoot *root = gtk_widget_get_root (widget);

  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_suffix (filter, "pdf");

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Attach a Result Document"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Attach"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* A result on paper: the scan dialog, then the read PDF/A attached here. */
static void
scan_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  McResultsSection *self = MC_RESULTS_SECTION (widget);

  mc_result_scan_open (self, self->desk, self->code);
}

/**
 * mc_results_section_set_working:
 * @self: the section
 * @working: whether work for the section goes on elsewhere
 *
 * Shows the spinner (and ::busy) while another part works for the section,
 * as the text of a scanned result is read.
 */
void
mc_results_section_set_working (McResultsSection *self,
                                gboolean          working)
{
  g_return_if_fail (MC_IS_RESULTS_SECTION (self));

  set_busy (self, working);
}

static void
sign_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  McResultsSection *self = MC_RESULTS_SECTION (widget);

  g_signal_emit (self, signals[SIGNAL_SIGN_REQUESTED], 0, self->code);
}

/**
 * mc_results_section_verify:
 * @self: the section
 * @index: a result
 *
 * What a result's Verify button does: ::verify-file with the file as it is
 * now (its newest signed version).
 */
void
mc_results_section_verify (McResultsSection *self,
                           guint             index)
{
  McResultFile *file;
  g_autofree char *path = NULL;

  g_return_if_fail (MC_IS_RESULTS_SECTION (self));
  g_return_if_fail (self->results != NULL && index < self->results->len);

  file = g_ptr_array_index (self->results, index);
  path = mc_desk_get_blob_path (self->desk, file->current_sha256);
  g_signal_emit (self, signals[SIGNAL_VERIFY_FILE], 0, path, file->name);
}

static void
mc_results_section_dispose (GObject *object)
{
  McResultsSection *self = MC_RESULTS_SECTION (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->desk);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_RESULTS_SECTION);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (mc_results_section_parent_class)->dispose (object);
}

static void
mc_results_section_finalize (GObject *object)
{
  McResultsSection *self = MC_RESULTS_SECTION (object);

  g_clear_pointer (&self->officer, mc_officer_free);
  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_free (self->code);
  g_free (self->step);
  g_free (self->last_opened);

  G_OBJECT_CLASS (mc_results_section_parent_class)->finalize (object);
}

static void
mc_results_section_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, mc_results_section_get_busy (MC_RESULTS_SECTION (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_results_section_class_init (McResultsSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_results_section_dispose;
  object_class->finalize = mc_results_section_finalize;
  object_class->get_property = mc_results_section_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * McResultsSection::changed:
   *
   * The dossier changed (a result was attached): reload it.
   */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * McResultsSection::message:
   * @text: what to tell the officer (a toast)
   */
  signals[SIGNAL_MESSAGE] = g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * McResultsSection::verify-file:
   * @path: the file as it is now
   * @name: the result's name
   *
   * Show the signatures of @path (McVerifyWindow).
   */
  signals[SIGNAL_VERIFY_FILE] = g_signal_new ("verify-file", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                              NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  /**
   * McResultsSection::sign-requested:
   * @code: the dossier
   *
   * The officer wants to sign this dossier's results (McSignDialog).
   */
  signals[SIGNAL_SIGN_REQUESTED] = g_signal_new ("sign-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/motcua/Desk/mc-results-section.ui");
  gtk_widget_class_bind_template_child (widget_class, McResultsSection, group);
  gtk_widget_class_bind_template_child (widget_class, McResultsSection, spinner);
  gtk_widget_class_bind_template_child (widget_class, McResultsSection, sign_button);
  gtk_widget_class_bind_template_child (widget_class, McResultsSection, attach_button);
  gtk_widget_class_bind_template_child (widget_class, McResultsSection, scan_button);
  gtk_widget_class_bind_template_child (widget_class, McResultsSection, list);
  gtk_widget_class_bind_template_child (widget_class, McResultsSection, placeholder);

  gtk_widget_class_install_action (widget_class, "results.attach", NULL, attach_action);
  gtk_widget_class_install_action (widget_class, "results.scan", NULL, scan_action);
  gtk_widget_class_install_action (widget_class, "results.sign", NULL, sign_action);
}

static void
mc_results_section_init (McResultsSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_placeholder (self->list, GTK_WIDGET (self->placeholder));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "results.attach", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "results.scan", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "results.sign", FALSE);
}

GtkWidget *
mc_results_section_new (void)
{
  return g_object_new (MC_TYPE_RESULTS_SECTION, NULL);
}

void
mc_results_section_set_desk (McResultsSection *self,
                             McDesk           *desk)
{
  g_return_if_fail (MC_IS_RESULTS_SECTION (self));
  g_return_if_fail (desk == NULL || MC_IS_DESK (desk));

  if (g_set_object (&self->desk, desk))
    mc_results_section_reload (self);
}

/**
 * mc_results_section_set_officer:
 * @self: the section
 * @officer: (nullable): who works at the desk now (copied)
 */
void
mc_results_section_set_officer (McResultsSection *self,
                                const McOfficer  *officer)
{
  g_return_if_fail (MC_IS_RESULTS_SECTION (self));

  g_clear_pointer (&self->officer, mc_officer_free);
  self->officer = officer != NULL ? mc_officer_copy (officer) : NULL;
  show_results (self);
}

/**
 * mc_results_section_set_dossier:
 * @self: the section
 * @dossier: (nullable): the dossier shown (its code, state and step are
 *   kept)
 *
 * Shows @dossier's results, read in a worker thread.
 */
void
mc_results_section_set_dossier (McResultsSection *self,
                                const McDossier  *dossier)
{
  g_return_if_fail (MC_IS_RESULTS_SECTION (self));

  g_free (self->code);
  g_free (self->step);
  self->code = dossier != NULL ? g_strdup (dossier->code) : NULL;
  self->step = dossier != NULL ? g_strdup (dossier->step) : NULL;
  self->state = dossier != NULL ? dossier->state : 0;
  mc_results_section_reload (self);
}

/**
 * mc_results_section_get_results:
 * @self: the section
 *
 * Returns: (transfer none) (nullable) (element-type McResultFile): what is
 *   shown
 */
GPtrArray *
mc_results_section_get_results (McResultsSection *self)
{
  g_return_val_if_fail (MC_IS_RESULTS_SECTION (self), NULL);

  return self->results;
}

gboolean
mc_results_section_get_busy (McResultsSection *self)
{
  g_return_val_if_fail (MC_IS_RESULTS_SECTION (self), FALSE);

  return self->busy > 0;
}
