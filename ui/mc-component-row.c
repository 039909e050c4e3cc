/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A component row of the reception checklist. Every paper component handed
 * over is digitised at reception, so the row takes the scans (PDF or
 * images) and lists them underneath. A file is looked at (size, type) in
 * GIO's worker threads before it is listed, so a slow network folder never
 * freezes the dialog and a file that is not a scan is refused with a reason
 * rather than failing later at Receive. While files are attached the
 * component is handed over: the check box follows them. Files dropped
 * onto the row open the scan dialog with their pages (mc-scan-drop.c). */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-component-row.h"
#include "digitise/mc-scan-dialog.h"
#include "digitise/mc-scan-drop.h"
#include "mc-reception-dialog-private.h"

struct _McComponentRow
{
  AdwExpanderRow parent_instance;

  char *code;
  char *name;
  guint copies;
  McComponentKind kind;
  gboolean required;
  GPtrArray *files;      /* of char *: paths */
  GPtrArray *file_rows;  /* of AdwActionRow, parallel to files */
  GHashTable *unread;    /* paths of files whose text is read after they are stored */
  GHashTable *to_sign;   /* paths of copies the office signs after they are read */
  guint pending;
  GCancellable *cancellable;

  GtkCheckButton *provided_check;
};

G_DEFINE_FINAL_TYPE (McComponentRow, mc_component_row, ADW_TYPE_EXPANDER_ROW)

enum {
  PROP_0,
  PROP_PROVIDED,
  PROP_PENDING,
  N_PROPS
};

enum {
  CHANGED,
  FILE_REFUSED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static char *
copies_label (McComponentKind kind,
              guint           copies)
{
  switch (kind)
    {
    case MC_COMPONENT_KIND_COPY:
      return g_strdup_printf (ngettext ("%u copy", "%u copies", copies), copies);
    case MC_COMPONENT_KIND_CERTIFIED_COPY:
      return g_strdup_printf (ngettext ("%u certified copy", "%u certified copies", copies), copies);
    case MC_COMPONENT_KIND_ORIGINAL:
    default:
      return g_strdup_printf (ngettext ("%u original", "%u originals", copies), copies);
    }
}

static void
update_subtitle (McComponentRow *self)
{
  g_autofree char *copies = copies_label (self->kind, self->copies);
  g_autoptr(GString) subtitle = g_string_new (copies);

  g_string_append (subtitle, " · ");
  g_string_append (subtitle, self->required ? _("Required") : _("Optional"));
  if (self->files->len > 0)
    {
      g_string_append (subtitle, " · ");
      g_string_append_printf (subtitle, ngettext ("%u file attached", "%u files attached", self->files->len),
                              self->files->len);
    }

  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), subtitle->str);
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (self), self->files->len > 0);
  /* Attached scans mean the paper was handed over. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->provided_check), self->files->len == 0);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->provided_check),
                               self->files->len == 0 ? _("Handed over")
                                                     : _("Handed over: remove the files to change this"));
}

static void
provided_toggled (McComponentRow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROVIDED]);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
remove_clicked (GtkButton      *button,
                McComponentRow *self)
{
  const char *path = g_object_get_data (G_OBJECT (button), "path");

  mc_component_row_remove_file (self, path);
}

/* Our own words for the kinds of scan we accept. Not
 * g_content_type_get_description(): GLib 2.74 leaks inside it on its second
 * call (LeakSanitizer in the reception test). */
static const char *
describe_scan_type (const char *content_type)
{
  if (content_type != NULL && g_content_type_is_a (content_type, "application/pdf"))
    return _("PDF document");
  if (content_type != NULL && g_str_has_prefix (content_type, "image/"))
    return _("Image");

  return _("File");
}

static void
add_file_row (McComponentRow *self,
              const char     *path,
              GFileInfo      *info)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/motcua/Desk/mc-attached-file-row.ui");
  AdwActionRow *row = ADW_ACTION_ROW (gtk_builder_get_object (builder, "row"));
  GtkButton *remove = GTK_BUTTON (gtk_builder_get_object (builder, "remove_button"));
  g_autofree char *size = g_format_size ((guint64) g_file_info_get_size (info));
  const char *type = describe_scan_type (g_file_info_get_content_type (info));
  g_autofree char *subtitle = NULL;

  if (g_hash_table_contains (self->to_sign, path))
    subtitle = g_strdup_printf ("%s · %s · %s", type, size, _("Waiting for signature"));
  else if (g_hash_table_contains (self->unread, path))
    subtitle = g_strdup_printf ("%s · %s · %s", type, size, _("text read in the background"));
  else
    subtitle = g_strdup_printf ("%s · %s", type, size);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), g_file_info_get_display_name (info));
  adw_action_row_set_subtitle (row, subtitle);
  gtk_widget_set_tooltip_text (GTK_WIDGET (row), path);
  g_object_set_data_full (G_OBJECT (remove), "path", g_strdup (path), g_free);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked), self);

  g_ptr_array_add (self->files, g_strdup (path));
  g_ptr_array_add (self->file_rows, row);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self), GTK_WIDGET (row));
}

static gboolean
is_scan_type (const char *content_type)
{
  return content_type != NULL &&
         (g_content_type_is_a (content_type, "application/pdf") ||
          g_content_type_is_a (content_type, "image/*") ||
          g_str_has_prefix (content_type, "image/"));
}

typedef struct
{
  McComponentRow *self;
  char *path;
} Probe;

static void
probe_free (Probe *probe)
{
  g_object_unref (probe->self);
  g_free (probe->path);
  g_free (probe);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Probe, probe_free)

static void
set_pending (McComponentRow *self,
             guint           pending)
{
  self->pending = pending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

static void
file_probed (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  g_autoptr(Probe) probe = user_data;
  McComponentRow *self = probe->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (source), res, &error);
  g_autofree char *display = g_filename_display_basename (probe->path);
  g_autofree char *message = NULL;
  gboolean known = FALSE;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (info == NULL)
    message = g_strdup_printf (_("“%s” cannot be attached: %s. Check that the file is still there."),
                               display, error->message);
  else if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    message = g_strdup_printf (_("“%s” is not a file. Choose the scanned file itself."), display);
  else if (!is_scan_type (g_file_info_get_content_type (info)))
    message = g_strdup_printf (_("“%s” is not a PDF or an image. Scan the component to PDF, PNG, JPEG or TIFF and attach that."),
                               display);
  else if (g_file_info_get_size (info) == 0)
    message = g_strdup_printf (_("“%s” is empty. Scan the component again."), display);

  /* The same scan twice would be stored once and listed twice. */
  for (guint i = 0; i < self->files->len; i++)
    known = known || g_str_equal (g_ptr_array_index (self->files, i), probe->path);

  if (message != NULL)
    g_signal_emit (self, signals[FILE_REFUSED], 0, message);
  else if (!known)
    {
      add_file_row (self, probe->path, info);
      gtk_check_button_set_active (self->provided_check, TRUE);
      update_subtitle (self);
      g_signal_emit (self, signals[CHANGED], 0);
    }
  /* Last, so whoever waits for the row to settle finds the file listed. */
  set_pending (self, self->pending - 1);
}

/**
 * mc_component_row_add_file:
 * @self: a row
 * @path: a scan of the component
 *
 * Checks the file in a worker thread, then lists it and marks the component
 * as handed over; a file that is not a scan is refused with
 * #McComponentRow::file-refused.
 */
void
mc_component_row_add_file (McComponentRow *self,
                           const char     *path)
{
  g_autoptr(GFile) file = NULL;
  Probe *probe;

  g_return_if_fail (MC_IS_COMPONENT_ROW (self));
  g_return_if_fail (path != NULL);

  file = g_file_new_for_path (path);
  probe = g_new0 (Probe, 1);
  probe->self = g_object_ref (self);
  probe->path = g_file_get_path (file);
  set_pending (self, self->pending + 1);
  g_file_query_info_async (file,
                           G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                           G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                           G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE ","
                           G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME,
                           G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT, self->cancellable,
                           file_probed, probe);
}

/**
 * mc_component_row_add_scan:
 * @self: a row
 * @path: page images of the component, with no text yet
 *
 * Like mc_component_row_add_file(); the file is stored as it is and its
 * text read afterwards by the desk's background OCR.
 */
void
mc_component_row_add_scan (McComponentRow *self,
                           const char     *path)
{
  g_return_if_fail (MC_IS_COMPONENT_ROW (self));
  g_return_if_fail (path != NULL);

  g_hash_table_add (self->unread, g_strdup (path));
  mc_component_row_add_file (self, path);
}

/**
 * mc_component_row_add_copy_to_sign:
 * @self: a row
 * @path: page images of the component, with no text yet
 *
 * Like mc_component_row_add_scan(); once its text is read, the desk's
 * sign queue signs the copy with the office's certificate.
 */
void
mc_component_row_add_copy_to_sign (McComponentRow *self,
                                   const char     *path)
{
  g_return_if_fail (MC_IS_COMPONENT_ROW (self));
  g_return_if_fail (path != NULL);

  g_hash_table_add (self->to_sign, g_strdup (path));
  mc_component_row_add_scan (self, path);
}

/**
 * mc_component_row_is_to_sign:
 * @self: a row
 * @path: a file of mc_component_row_get_files()
 *
 * Returns: whether @path came from mc_component_row_add_copy_to_sign()
 */
gboolean
mc_component_row_is_to_sign (McComponentRow *self,
                             const char     *path)
{
  g_return_val_if_fail (MC_IS_COMPONENT_ROW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return g_hash_table_contains (self->to_sign, path);
}

/**
 * mc_component_row_is_unread:
 * @self: a row
 * @path: a file of mc_component_row_get_files()
 *
 * Returns: whether @path came from mc_component_row_add_scan()
 */
gboolean
mc_component_row_is_unread (McComponentRow *self,
                            const char     *path)
{
  g_return_val_if_fail (MC_IS_COMPONENT_ROW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return g_hash_table_contains (self->unread, path);
}

/**
 * mc_component_row_remove_file:
 * @self: a row
 * @path: a file of mc_component_row_get_files()
 *
 * Returns: %TRUE when @path was attached
 */
gboolean
mc_component_row_remove_file (McComponentRow *self,
                              const char     *path)
{
  g_return_val_if_fail (MC_IS_COMPONENT_ROW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  for (guint i = 0; i < self->files->len; i++)
    if (g_str_equal (g_ptr_array_index (self->files, i), path))
      {
        adw_expander_row_remove (ADW_EXPANDER_ROW (self), g_ptr_array_index (self->file_rows, i));
        g_ptr_array_remove_index (self->file_rows, i);
        g_ptr_array_remove_index (self->files, i);
        update_subtitle (self);
        g_signal_emit (self, signals[CHANGED], 0);
        return TRUE;
      }

  return FALSE;
}

static void
chooser_response (GtkNativeDialog *chooser,
                  int              response,
                  McComponentRow  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          g_autofree char *path = g_file_get_path (file);

          if (path != NULL)
            mc_component_row_add_file (self, path);
        }
    }
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
attach_clicked (McComponentRow *self)
{
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self)));
  g_autofree char *title = g_strdup_printf (_("Attach Scans of “%s”"), self->name);
  g_autoptr(GtkFileFilter) scans = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Attach"), _("_Cancel"));
  gtk_file_filter_set_name (scans, _("PDF documents and images"));
  gtk_file_filter_add_mime_type (scans, "application/pdf");
  gtk_file_filter_add_mime_type (scans, "image/*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), scans);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The citizen's card was among the scanned pages: its QR code fills the
 * applicant, as if read at the QR reader. */
static void
card_read (McReceptionDialog *reception,
           const char        *text)
{
  mc_reception_dialog_set_qr_text (reception, text);
}

/* The scan dialog, for this component and the others of the dossier (the
 * rows beside this one), so one bundle of paper is scanned once. */
static McScanDialog *
new_scan_dialog (McComponentRow *self)
{
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self)));
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  McScanDialog *dialog;

  for (GtkWidget *child = parent != NULL ? gtk_widget_get_first_child (parent) : GTK_WIDGET (self);
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (MC_IS_COMPONENT_ROW (child))
      g_ptr_array_add (rows, child);
  dialog = mc_scan_dialog_new (rows, self);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  if (MC_IS_RECEPTION_DIALOG (root))
    {
      g_signal_connect_object (dialog, "card-read", G_CALLBACK (card_read), root, G_CONNECT_SWAPPED);
      if (mc_reception_dialog_get_desk (MC_RECEPTION_DIALOG (root)) != NULL)
        mc_scan_dialog_set_desk (dialog, mc_reception_dialog_get_desk (MC_RECEPTION_DIALOG (root)));
    }
  return dialog;
}

static void
scan_clicked (McComponentRow *self)
{
  gtk_window_present (GTK_WINDOW (new_scan_dialog (self)));
}

/* Files dropped onto the row: the scan dialog opens with their pages, all
 * for this component, so the official sees them before attaching, as
 * with "Import" in the dialog. */
static void
files_dropped (GtkWidget          *widget,
               const char * const *paths,
               const char         *refused,
               gpointer            user_data)
{
  McComponentRow *self = MC_COMPONENT_ROW (widget);
  McScanDialog *dialog;

  /* The reception was closed while the files were looked at. */
  if (gtk_widget_get_root (widget) == NULL)
    return;
  if (refused != NULL)
    g_signal_emit (self, signals[FILE_REFUSED], 0, refused);
  if (paths[0] == NULL)
    return;
  dialog = new_scan_dialog (self);
  mc_scan_dialog_import_files (dialog, (const char **) paths);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * mc_component_row_hold:
 * @self: a row
 *
 * A file for the row is on its way (a scan being finished in the
 * background): the row counts as pending until mc_component_row_release().
 */
void
mc_component_row_hold (McComponentRow *self)
{
  g_return_if_fail (MC_IS_COMPONENT_ROW (self));

  set_pending (self, self->pending + 1);
}

void
mc_component_row_release (McComponentRow *self)
{
  g_return_if_fail (MC_IS_COMPONENT_ROW (self));
  g_return_if_fail (self->pending > 0);

  set_pending (self, self->pending - 1);
}

/**
 * mc_component_row_new:
 * @component: a component of the procedure
 *
 * Returns: (transfer floating): the row
 */
McComponentRow *
mc_component_row_new (const McProcedureComponent *component)
{
  McComponentRow *self;

  g_return_val_if_fail (component != NULL, NULL);

  self = g_object_new (MC_TYPE_COMPONENT_ROW, "title", component->name, NULL);
  self->code = g_strdup (component->code);
  self->name = g_strdup (component->name);
  self->copies = component->copies;
  self->kind = component->kind;
  self->required = component->required;
  if (self->required)
    gtk_widget_add_css_class (GTK_WIDGET (self), "required");
  update_subtitle (self);

  return self;
}

const char *
mc_component_row_get_code (McComponentRow *self)
{
  g_return_val_if_fail (MC_IS_COMPONENT_ROW (self), NULL);

  return self->code;
}

const char *
mc_component_row_get_name (McComponentRow *self)
{
  g_return_val_if_fail (MC_IS_COMPONENT_ROW (self), NULL);

  return self->name;
}

gboolean
mc_component_row_get_required (McComponentRow *self)
{
  g_return_val_if_fail (MC_IS_COMPONENT_ROW (self), FALSE);

  return self->required;
}

gboolean
mc_component_row_get_provided (McComponentRow *self)
{
  g_return_val_if_fail (MC_IS_COMPONENT_ROW (self), FALSE);

  return gtk_check_button_get_active (self->provided_check);
}

void
mc_component_row_set_provided (McComponentRow *self,
                               gboolean        provided)
{
  g_return_if_fail (MC_IS_COMPONENT_ROW (self));

  if (self->files->len == 0)
    gtk_check_button_set_active (self->provided_check, provided);
}

/**
 * mc_component_row_get_files:
 * @self: a row
 *
 * Returns: (transfer none) (element-type filename): the attached files
 */
GPtrArray *
mc_component_row_get_files (McComponentRow *self)
{
  g_return_val_if_fail (MC_IS_COMPONENT_ROW (self), NULL);

  return self->files;
}

/**
 * mc_component_row_get_pending:
 * @self: a row
 *
 * Returns: how many files are still being looked at
 */
guint
mc_component_row_get_pending (McComponentRow *self)
{
  g_return_val_if_fail (MC_IS_COMPONENT_ROW (self), 0);

  return self->pending;
}

static void
mc_component_row_dispose (GObject *object)
{
  McComponentRow *self = MC_COMPONENT_ROW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_COMPONENT_ROW);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (mc_component_row_parent_class)->dispose (object);
}

static void
mc_component_row_finalize (GObject *object)
{
  McComponentRow *self = MC_COMPONENT_ROW (object);

  g_free (self->code);
  g_free (self->name);
  g_ptr_array_unref (self->files);
  g_ptr_array_unref (self->file_rows);
  g_hash_table_unref (self->unread);
  g_hash_table_unref (self->to_sign);

  G_OBJECT_CLASS (mc_component_row_parent_class)->finalize (object);
}

static void
mc_component_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  McComponentRow *self = MC_COMPONENT_ROW (object);

  switch (prop_id)
    {
    case PROP_PROVIDED: g_value_set_boolean (value, mc_component_row_get_provided (self)); break;
    case PROP_PENDING: g_value_set_uint (value, self->pending); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_component_row_class_init (McComponentRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_component_row_dispose;
  object_class->finalize = mc_component_row_finalize;
  object_class->get_property = mc_component_row_get_property;

  properties[PROP_PROVIDED] =
    g_param_spec_boolean ("provided", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PENDING] =
    g_param_spec_uint ("pending", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * McComponentRow::changed:
   *
   * The component was checked or unchecked, or a file was added or removed.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * McComponentRow::file-refused:
   * @message: why, and what to do
   *
   * A file could not be attached.
   */
  signals[FILE_REFUSED] = g_signal_new ("file-refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/motcua/Desk/mc-component-row.ui");
  gtk_widget_class_bind_template_child (widget_class, McComponentRow, provided_check);
  gtk_widget_class_bind_template_callback (widget_class, provided_toggled);
  gtk_widget_class_bind_template_callback (widget_class, attach_clicked);
  gtk_widget_class_bind_template_callback (widget_class, scan_clicked);
}

static void
mc_component_row_init (McComponentRow *self)
{
  self->files = g_ptr_array_new_with_free_func (g_free);
  self->file_rows = g_ptr_array_new ();
  self->unread = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->to_sign = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  mc_scan_drop_add (GTK_WIDGET (self), files_dropped, NULL);
}
