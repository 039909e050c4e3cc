/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The scan dialog. The scanner is read in a worker (mc-scanner), each page
 * shown as it arrives, so a jam or a cancel on page 4 keeps pages 1 to 3
 * and says what to do. The official fixes pages (turn, delete, scan one
 * again, move), chooses each page's component, and attaches: the dialog
 * closes at once and a worker cleans the pages and writes one PDF/A of
 * page images per component; the component rows are held busy only until
 * that file is there, and it is handed to them as a scan whose text the
 * desk's background OCR reads once it is stored (McOcrQueue), so neither
 * Receive nor the official waits for OCR. With "Sign the copies" on, the
 * office's certificate on the token signs each PDF/A (the digital copy of
 * Decree 45/2020/NĐ-CP) after its text is read, so the signed copy is the
 * searchable one: the PIN is asked once for the day, the desk's sign queue
 * holds the session, and the copies are stored unsigned at once and
 * signed in the background (mc-scan-attach.c, McSignQueue).
 * The scan settings (resolution, colour, paper size, source, both sides)
 * offer what the chosen device reads out as its options, and are kept for
 * the officer working now when they scan, through McDesk, and offered to
 * them again the next time. The page grid and importing files are in
 * mc-scan-pages.c. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>

#include "digitise/mc-digitise.h"
#include "digitise/mc-page-pdf.h"
#include "digitise/mc-pdf-text.h"
#include "digitise/mc-qr-reader.h"
#include "digitise/mc-scanner.h"
#include "domain/citizen/mc-cccd-qr.h"
#include "mc-pin-dialog.h"
#include "mc-pkcs11.h"
#include "mc-scan-dialog.h"
#include "mc-scan-pages.h"
#include "mc-sign-job.h"
#include "mc-token-chooser.h"
#include "store/mc-desk-profile.h"

#define SCAN_DPI 300
/* The key of an officer's scan settings (mc_desk_get_officer_setting()). */
#define SETTINGS_KEY "scan"
/* The key of the scanner the officer last scanned with. */
#define DEVICE_KEY "scan-device"

G_DEFINE_FINAL_TYPE (McScanDialog, mc_scan_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_N_PAGES,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CARD_READ,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
show_message (McScanDialog *self,
              const char   *text,
              gboolean      error)
{
  g_free (self->message);
  self->message = g_strdup (text);
  gtk_label_set_text (self->message_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), text != NULL);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

void
update_sensitivity (McScanDialog *self)
{
  gboolean busy = self->scanning || self->importing || self->finding || self->checking > 0;

  /* Not while the device's options are read: one SANE session at a time. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->scan_button), !busy && !self->reading && self->devices->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->stop_button), self->scanning);
  gtk_widget_set_visible (GTK_WIDGET (self->progress), self->scanning);
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->device_drop), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->source_drop), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->resolution_drop), !busy && !self->reading);
  gtk_widget_set_sensitive (GTK_WIDGET (self->mode_drop), !busy && !self->reading);
  gtk_widget_set_sensitive (GTK_WIDGET (self->size_drop), !busy && !self->reading);
  gtk_widget_set_sensitive (self->duplex_box, !busy && !self->reading);
  gtk_widget_set_sensitive (GTK_WIDGET (self->attach_button), !busy && self->pages->len > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->page_box), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_switch), !self->finding);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_waiting_button), !self->finding && self->pin_dialog == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->token_spinner), self->finding);
  gtk_spinner_set_spinning (self->token_spinner, self->finding);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PAGES]);
}

/* The citizen's card on the flatbed (or a photo of it among the files):
 * its QR code is looked for in a worker, and when it is a chip card's the
 * dialog says whose card it is and emits ::card-read, so the applicant can
 * be filled as from the QR reader. */

static void
card_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_auto(GStrv) texts = mc_qr_read_page (task_data, cancellable, NULL);

  for (guint i = 0; texts != NULL && texts[i] != NULL; i++)
    {
      g_autoptr(McCccdQr) card = mc_cccd_qr_parse (texts[i], NULL);

      if (card != NULL)
        {
          g_task_return_pointer (task, g_strdup (texts[i]), g_free);
          return;
        }
    }
  g_task_return_pointer (task, NULL, NULL);
}

static void
card_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  McScanDialog *self = MC_SCAN_DIALOG (source);
  g_autofree char *text = g_task_propagate_pointer (G_TASK (result), NULL);
  g_autoptr(McCccdQr) card = text != NULL ? mc_cccd_qr_parse (text, NULL) : NULL;
  g_autofree char *message = NULL;

  if (card == NULL || self->disposed)
    return;
  message = g_strdup_printf (_("A page holds the chip card of %s (number %s): the applicant is filled from its QR code."),
                             card->full_name, card->id_number);
  show_message (self, message, FALSE);
  g_signal_emit (self, signals[CARD_READ], 0, text);
}

void
look_for_card (McScanDialog        *self,
               const McScannedPage *page)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, card_done, NULL);

  g_task_set_task_data (task, mc_page_copy (page), (GDestroyNotify) mc_scanned_page_free);
  g_task_run_in_thread (task, card_thread);
}

/* Scan settings. */

typedef struct {
  const char *name;       /* translatable */
  double      width_mm;   /* 0: the whole area */
  double      height_mm;
} PaperSize;

static const PaperSize paper_sizes[] = {
  { N_("Whole Glass"), 0, 0 },
  { N_("A4"), 210, 297 },
  { N_("A5"), 148, 210 },
  { N_("A3"), 297, 420 },
};

/* The resolutions offered when a device takes any value in a range. */
static const int usual_resolutions[] = { 75, 100, 150, 200, 300, 400, 600, 1200 };

static const char *
mode_label (McScanMode mode)
{
  switch (mode)
    {
    case MC_SCAN_MODE_COLOR: return _("Colour");
    case MC_SCAN_MODE_GRAY: return _("Grey");
    case MC_SCAN_MODE_LINEART: return _("Black and White");
    default: return "";
    }
}

static void
default_settings (McScanSettings *settings)
{
  *settings = (McScanSettings) { 0 };
  settings->resolution = SCAN_DPI;
  settings->mode = MC_SCAN_MODE_COLOR;  /* each page's colour is chosen again when it is cleaned */
}

/* The settings as the drop-downs show them now. */
static void
current_settings (McScanDialog   *self,
                  McScanSettings *settings)
{
  guint r = gtk_drop_down_get_selected (self->resolution_drop);
  guint m = gtk_drop_down_get_selected (self->mode_drop);
  guint z = gtk_drop_down_get_selected (self->size_drop);

  default_settings (settings);
  if (r < self->resolutions->len)
    settings->resolution = g_array_index (self->resolutions, int, r);
  if (m < self->modes->len)
    settings->mode = g_array_index (self->modes, McScanMode, m);
  if (z < self->sizes->len)
    {
      const PaperSize *size = &paper_sizes[g_array_index (self->sizes, guint, z)];

      settings->width_mm = size->width_mm;
      settings->height_mm = size->height_mm;
    }
  settings->source = gtk_drop_down_get_selected (self->source_drop) == 1 ? MC_SCAN_SOURCE_ADF
                                                                         : MC_SCAN_SOURCE_FLATBED;
  settings->duplex = settings->source == MC_SCAN_SOURCE_ADF && gtk_widget_get_visible (self->duplex_box)
                     && gtk_switch_get_active (self->duplex_switch);
}

static void
update_duplex (McScanDialog *self)
{
  gboolean adf = gtk_drop_down_get_selected (self->source_drop) == 1;

  gtk_widget_set_visible (self->duplex_box, self->options != NULL && self->options->has_duplex && adf);
}

static void
source_changed (McScanDialog *self)
{
  update_duplex (self);
}

/* Shows @settings in the drop-downs, as near as the device allows: the
 * nearest resolution it offers, colour when the mode is not offered, the
 * whole glass when the paper size does not fit. */
static void
show_settings (McScanDialog         *self,
               const McScanSettings *settings)
{
  guint best = 0;

  for (guint i = 1; i < self->resolutions->len; i++)
    if (ABS (g_array_index (self->resolutions, int, i) - settings->resolution)
        < ABS (g_array_index (self->resolutions, int, best) - settings->resolution))
      best = i;
  gtk_drop_down_set_selected (self->resolution_drop, best);
  best = 0;
  for (guint i = 0; i < self->modes->len; i++)
    if (g_array_index (self->modes, McScanMode, i) == settings->mode)
      best = i;
  gtk_drop_down_set_selected (self->mode_drop, best);
  best = 0;
  for (guint i = 0; i < self->sizes->len; i++)
    {
      const PaperSize *size = &paper_sizes[g_array_index (self->sizes, guint, i)];

      if (fabs (size->width_mm - settings->width_mm) < 1 && fabs (size->height_mm - settings->height_mm) < 1)
        best = i;
    }
  gtk_drop_down_set_selected (self->size_drop, best);
  gtk_drop_down_set_selected (self->source_drop, settings->source == MC_SCAN_SOURCE_ADF ? 1 : 0);
  gtk_switch_set_active (self->duplex_switch, settings->duplex);
  update_duplex (self);
}

/* The drop-downs filled with what the device offers (all the usual
 * choices until it is read). */
static void
fill_settings (McScanDialog *self)
{
  const McScannerOptions *o = self->options;
  g_autoptr(GtkStringList) resolutions = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) modes = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) sizes = gtk_string_list_new (NULL);

  g_array_set_size (self->resolutions, 0);
  g_array_set_size (self->modes, 0);
  g_array_set_size (self->sizes, 0);
  if (o != NULL && o->resolutions != NULL)
    for (guint i = 0; i < o->resolutions->len; i++)
      {
        int dpi = g_array_index (o->resolutions, int, i);

        if (dpi >= 50 && dpi <= 1200)
          g_array_append_val (self->resolutions, dpi);
      }
  else
    for (guint i = 0; i < G_N_ELEMENTS (usual_resolutions); i++)
      if (o == NULL || o->resolution_max == 0
          || (usual_resolutions[i] >= o->resolution_min && usual_resolutions[i] <= o->resolution_max))
        g_array_append_val (self->resolutions, usual_resolutions[i]);
  if (self->resolutions->len == 0)
    {
      int dpi = SCAN_DPI;

      g_array_append_val (self->resolutions, dpi);
    }
  for (guint i = 0; i < self->resolutions->len; i++)
    {
      g_autofree char *label = g_strdup_printf (_("%d dpi"), g_array_index (self->resolutions, int, i));

      gtk_string_list_append (resolutions, label);
    }

  for (McScanMode mode = MC_SCAN_MODE_COLOR; mode <= MC_SCAN_MODE_LINEART; mode++)
    if (o == NULL || (mode == MC_SCAN_MODE_COLOR && o->has_color) || (mode == MC_SCAN_MODE_GRAY && o->has_gray)
        || (mode == MC_SCAN_MODE_LINEART && o->has_lineart))
      {
        g_array_append_val (self->modes, mode);
        gtk_string_list_append (modes, mode_label (mode));
      }

  for (guint i = 0; i < G_N_ELEMENTS (paper_sizes); i++)
    if (o == NULL || paper_sizes[i].width_mm == 0 || o->max_width_mm == 0
        || (paper_sizes[i].width_mm <= o->max_width_mm + 0.5 && paper_sizes[i].height_mm <= o->max_height_mm + 0.5))
      {
        g_array_append_val (self->sizes, i);
        gtk_string_list_append (sizes, _(paper_sizes[i].name));
      }

  gtk_drop_down_set_model (self->resolution_drop, G_LIST_MODEL (resolutions));
  gtk_drop_down_set_model (self->mode_drop, G_LIST_MODEL (modes));
  gtk_drop_down_set_model (self->size_drop, G_LIST_MODEL (sizes));
}

static void
options_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  McScannerOptions *options = mc_scanner_read_options (task_data, &error);

  if (options == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, options, (GDestroyNotify) mc_scanner_options_free);
}

static void read_options (McScanDialog *self);

static void
options_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  McScanDialog *self = MC_SCAN_DIALOG (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(McScannerOptions) options = g_task_propagate_pointer (G_TASK (result), &error);
  McScanSettings shown;

  self->reading = FALSE;
  if (self->disposed)
    return;
  if (options == NULL)
    g_debug ("options of %s: %s", self->options_device, error->message);
  current_settings (self, &shown);
  g_clear_pointer (&self->options, mc_scanner_options_free);
  self->options = g_steal_pointer (&options);
  fill_settings (self);
  show_settings (self, self->have_wanted ? &self->wanted : &shown);
  update_sensitivity (self);
  /* Another device chosen meanwhile. */
  read_options (self);
}

/* Reads the chosen device's options, unless they are known already. */
static void
read_options (McScanDialog *self)
{
  guint i = gtk_drop_down_get_selected (self->device_drop);
  const char *device = i < self->devices->len ? g_ptr_array_index (self->devices, i) : NULL;
  g_autoptr(GTask) task = NULL;

  if (device == NULL || self->reading || g_strcmp0 (device, self->options_device) == 0)
    return;
  g_free (self->options_device);
  self->options_device = g_strdup (device);
  self->reading = TRUE;
  update_sensitivity (self);
  task = g_task_new (self, NULL, options_read, NULL);
  g_task_set_task_data (task, g_strdup (device), g_free);
  g_task_run_in_thread (task, options_thread);
}

static void
device_changed (McScanDialog *self)
{
  if (!self->listing)
    read_options (self);
}

static void
wanted_loaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(McScanDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = mc_desk_get_officer_setting_finish (MC_DESK (source), result, &error);

  self->loading--;
  if (self->disposed)
    return;
  if (error != NULL)
    g_debug ("scan settings: %s", error->message);
  default_settings (&self->wanted);
  self->have_wanted = mc_scan_settings_from_string (text, &self->wanted);
  if (self->have_wanted && !self->reading)
    show_settings (self, &self->wanted);
  update_sensitivity (self);
}

static void
wanted_saved (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(McScanDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!mc_desk_set_officer_setting_finish (MC_DESK (source), result, &error))
    g_warning ("The scan settings could not be kept: %s", error->message);
  self->saving--;
  if (!self->disposed)
    update_sensitivity (self);
}

/* The settings of a scan are kept as the officer's own. */
static void
keep_settings (McScanDialog         *self,
               const McScanSettings *settings)
{
  g_autofree char *text = NULL;

  if (self->desk == NULL)
    return;
  text = mc_scan_settings_to_string (settings);
  self->wanted = *settings;
  self->have_wanted = TRUE;
  self->saving++;
  mc_desk_set_officer_setting_async (self->desk, SETTINGS_KEY, text, NULL, wanted_saved, g_object_ref (self));
}

/* Scanning. */

static void
scan_progress (guint    page,
               double   fraction,
               gpointer user_data)
{
  McScanDialog *self = user_data;
  g_autofree char *text = NULL;

  if (self->disposed)
    return;
  if (self->rescan_index >= 0)
    text = g_strdup_printf (_("Scanning page %d again…"), self->rescan_index + 1);
  else
    text = g_strdup_printf (_("Scanning page %u…"), self->pages->len + 1);
  gtk_progress_bar_set_text (self->progress, text);
  if (fraction > 0)
    gtk_progress_bar_set_fraction (self->progress, fraction);
  else
    gtk_progress_bar_pulse (self->progress);
}

static void
scan_page_arrived (guint          index,
                   McScannedPage *scanned,
                   gpointer       user_data)
{
  McScanDialog *self = user_data;

  if (self->disposed)
    {
      mc_scanned_page_free (scanned);
      return;
    }
  if (self->rescan_index >= 0 && (guint) self->rescan_index < self->pages->len)
    {
      Page *old = g_ptr_array_index (self->pages, self->rescan_index);
      Page *fresh = page_new (scanned, old->component);

      g_ptr_array_index (self->pages, self->rescan_index) = fresh;
      page_free (old);
    }
  else
    g_ptr_array_add (self->pages, page_new (scanned, self->current));
  check_blank (self, scanned);
  look_for_card (self, scanned);
  rebuild_pages (self);
}

static void
scan_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(McScanDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  int n = mc_scanner_scan_pages_finish (result, &error);

  self->scanning = FALSE;
  self->rescan_index = -1;
  g_clear_object (&self->cancellable);
  if (self->disposed)
    return;
  if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_message (self, self->pages->len > 0
                  ? _("The scan was stopped. The pages already scanned are kept.")
                  : _("The scan was stopped."), FALSE);
  else if (n < 0 && self->pages->len > 0)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("%s The %u page already scanned is kept: scan only the rest.",
                                                         "%s The %u pages already scanned are kept: scan only the rest.",
                                                         self->pages->len),
                                               error->message, self->pages->len);

      show_message (self, text, TRUE);
    }
  else if (n < 0)
    show_message (self, error->message, TRUE);
  else
    show_message (self, NULL, FALSE);
  update_sensitivity (self);
}

static const char *
selected_device (McScanDialog *self)
{
  guint i = gtk_drop_down_get_selected (self->device_drop);

  return i < self->devices->len ? g_ptr_array_index (self->devices, i) : NULL;
}

void
start_scan (McScanDialog *self,
            int           rescan_index)
{
  const char *device = selected_device (self);
  McScanSettings settings;

  if (device == NULL || self->scanning || self->reading)
    return;
  current_settings (self, &settings);
  keep_settings (self, &settings);
  if (self->desk != NULL)
    {
      self->saving++;
      mc_desk_set_officer_setting_async (self->desk, DEVICE_KEY, device, NULL, wanted_saved, g_object_ref (self));
    }
  self->scanning = TRUE;
  self->rescan_index = rescan_index;
  self->cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->progress, 0);
  scan_progress (0, 0, self);
  show_message (self, NULL, FALSE);
  update_sensitivity (self);
  mc_scanner_scan_pages_async (device, &settings, rescan_index >= 0 ? 1 : 0,
                               scan_progress, scan_page_arrived, g_object_ref (self), g_object_unref,
                               self->cancellable, scan_done, g_object_ref (self));
}

static void
scan_clicked (McScanDialog *self)
{
  start_scan (self, -1);
}

static void
stop_clicked (McScanDialog *self)
{
  g_cancellable_cancel (self->cancellable);
}

/* Closing with pages not attached asks first: they are the citizen's
 * paper, scanned once already. */

static gboolean
close_now (gpointer user_data)
{
  gtk_window_close (GTK_WINDOW (user_data));
  return G_SOURCE_REMOVE;
}

static void
discard_response (AdwMessageDialog *question,
                  const char       *response,
                  McScanDialog     *self)
{
  /* Closed once the question is gone: it is transient for this window. */
  if (g_str_equal (response, "discard"))
    {
      self->done = TRUE;
      g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_now, g_object_ref (self), g_object_unref);
    }
}

static gboolean
mc_scan_dialog_close_request (GtkWindow *window)
{
  McScanDialog *self = MC_SCAN_DIALOG (window);
  AdwMessageDialog *question;
  g_autofree char *body = NULL;

  if (self->done || self->pages->len == 0)
    {
      g_cancellable_cancel (self->cancellable);
      return GTK_WINDOW_CLASS (mc_scan_dialog_parent_class)->close_request (window);
    }
  body = g_strdup_printf (ngettext ("The %u scanned page is not attached to any component yet.",
                                    "The %u scanned pages are not attached to any component yet.",
                                    self->pages->len), self->pages->len);
  question = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, _("Discard the Scanned Pages?"), body));
  adw_message_dialog_add_responses (question, "cancel", _("_Keep Scanning"), "discard", _("_Discard"), NULL);
  adw_message_dialog_set_response_appearance (question, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (question, "cancel");
  adw_message_dialog_set_close_response (question, "cancel");
  g_signal_connect_object (question, "response", G_CALLBACK (discard_response), self, 0);
  gtk_window_present (GTK_WINDOW (question));
  return TRUE;
}

/* Devices. */

static void
devices_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *devices = mc_scanner_list_devices (&error);

  if (devices == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, devices, (GDestroyNotify) g_ptr_array_unref);
}

/* Chooses @device in the drop-down, once it is listed. */
static void
show_device (McScanDialog *self,
             const char   *device)
{
  guint i;

  if (g_ptr_array_find_with_equal_func (self->devices, device, g_str_equal, &i))
    gtk_drop_down_set_selected (self->device_drop, i);
}

static void
devices_listed (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  McScanDialog *self = MC_SCAN_DIALOG (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) devices = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  const char *wanted = g_object_get_data (G_OBJECT (self), "wanted-device");

  self->listing = FALSE;
  if (self->disposed)
    return;

  for (guint i = 0; devices != NULL && i < devices->len; i++)
    {
      McScannerDevice *device = g_ptr_array_index (devices, i);
      g_autofree char *label = g_strdup_printf ("%s %s (%s)", device->vendor, device->model, device->name);

      g_ptr_array_add (self->devices, g_strdup (device->name));
      gtk_string_list_append (names, label);
    }
  gtk_drop_down_set_model (self->device_drop, G_LIST_MODEL (names));
  if (wanted != NULL)
    show_device (self, wanted);
  read_options (self);
  if (self->devices->len == 0)
    show_message (self, _("No scanner was found. Check that it is switched on and connected (for a network "
                          "scanner, on the same network), or import the pages from files."), TRUE);
  update_sensitivity (self);
}

/* The scanner the officer last used is chosen again, unless another was
 * chosen meanwhile; while the devices are still being listed it waits as
 * the wanted device. */
static void
device_loaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(McScanDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *device = mc_desk_get_officer_setting_finish (MC_DESK (source), result, &error);

  self->loading--;
  if (self->disposed)
    return;
  if (error != NULL)
    g_debug ("scan device: %s", error->message);
  if (device != NULL && g_object_get_data (G_OBJECT (self), "wanted-device") == NULL)
    mc_scan_dialog_select_device (self, device);
  update_sensitivity (self);
}

/**
 * mc_scan_dialog_select_device:
 * @self: a dialog
 * @device: a SANE device name
 *
 * Chooses @device once it is listed.
 */
void
mc_scan_dialog_select_device (McScanDialog *self,
                              const char   *device)
{
  g_return_if_fail (MC_IS_SCAN_DIALOG (self));

  g_object_set_data_full (G_OBJECT (self), "wanted-device", g_strdup (device), g_free);
  show_device (self, device);
}

void
mc_scan_dialog_set_source_adf (McScanDialog *self,
                               gboolean      adf)
{
  g_return_if_fail (MC_IS_SCAN_DIALOG (self));

  gtk_drop_down_set_selected (self->source_drop, adf ? 1 : 0);
}

/**
 * mc_scan_dialog_set_page_component:
 * @self: a dialog
 * @page: a page, from 0
 * @component: a component, as numbered in the rows given to the dialog
 */
void
mc_scan_dialog_set_page_component (McScanDialog *self,
                                   guint         page,
                                   guint         component)
{
  g_return_if_fail (MC_IS_SCAN_DIALOG (self));
  g_return_if_fail (page < self->pages->len && component < self->rows->len);

  ((Page *) g_ptr_array_index (self->pages, page))->component = component;
  rebuild_pages (self);
}

void
mc_scan_dialog_scan (McScanDialog *self)
{
  g_return_if_fail (MC_IS_SCAN_DIALOG (self));

  scan_clicked (self);
}

void
mc_scan_dialog_stop (McScanDialog *self)
{
  g_return_if_fail (MC_IS_SCAN_DIALOG (self));

  stop_clicked (self);
}

void
mc_scan_dialog_attach (McScanDialog *self)
{
  g_return_if_fail (MC_IS_SCAN_DIALOG (self));

  mc_scan_dialog_attach_clicked (self);
}

/**
 * mc_scan_dialog_fix_page:
 * @self: a dialog
 * @page: a page, from 0
 * @action: "rotate", "delete", "left", "right" or "rescan", as the page's
 *   buttons
 */
void
mc_scan_dialog_fix_page (McScanDialog *self,
                         guint         page,
                         const char   *action)
{
  g_autoptr(GtkWidget) button = NULL;

  g_return_if_fail (MC_IS_SCAN_DIALOG (self));

  button = g_object_ref_sink (gtk_button_new ());
  g_object_set_data (G_OBJECT (button), "action", (gpointer) action);
  g_object_set_data (G_OBJECT (button), "page", GUINT_TO_POINTER (page));
  page_action (GTK_BUTTON (button), self);
}

/**
 * mc_scan_dialog_get_page:
 * @self: a dialog
 * @page: a page, from 0
 *
 * Returns: (transfer none): the page as it will be attached
 */
const McScannedPage *
mc_scan_dialog_get_page (McScanDialog *self,
                         guint         page)
{
  g_return_val_if_fail (MC_IS_SCAN_DIALOG (self), NULL);
  g_return_val_if_fail (page < self->pages->len, NULL);

  return ((Page *) g_ptr_array_index (self->pages, page))->page;
}

guint
mc_scan_dialog_get_n_pages (McScanDialog *self)
{
  g_return_val_if_fail (MC_IS_SCAN_DIALOG (self), 0);

  return self->pages->len;
}

gboolean
mc_scan_dialog_get_busy (McScanDialog *self)
{
  g_return_val_if_fail (MC_IS_SCAN_DIALOG (self), FALSE);

  return self->scanning || self->importing || self->listing || self->finding || self->reading || self->loading > 0
         || self->saving > 0 || self->checking > 0;
}

/**
 * mc_scan_dialog_get_message:
 * @self: a dialog
 *
 * Returns: (nullable): what the dialog tells the official (an error, a stop)
 */
const char *
mc_scan_dialog_get_message (McScanDialog *self)
{
  g_return_val_if_fail (MC_IS_SCAN_DIALOG (self), NULL);

  return self->message;
}

/**
 * mc_scan_dialog_new:
 * @rows: (element-type McComponentRow): the components of the dossier
 * @current: the component the official scans for first
 *
 * Returns: (transfer full): the dialog
 */
McScanDialog *
mc_scan_dialog_new (GPtrArray      *rows,
                    McComponentRow *current)
{
  McScanDialog *self;
  g_autoptr(GTask) task = NULL;

  g_return_val_if_fail (rows != NULL && rows->len > 0, NULL);

  self = g_object_new (MC_TYPE_SCAN_DIALOG, NULL);
  for (guint i = 0; i < rows->len; i++)
    {
      g_ptr_array_add (self->rows, g_object_ref (g_ptr_array_index (rows, i)));
      if (g_ptr_array_index (rows, i) == current)
        self->current = i;
    }
  self->listing = TRUE;
  task = g_task_new (self, NULL, devices_listed, NULL);
  g_task_run_in_thread (task, devices_thread);
  return self;
}

static void
mc_scan_dialog_dispose (GObject *object)
{
  McScanDialog *self = MC_SCAN_DIALOG (object);

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_SCAN_DIALOG);

  G_OBJECT_CLASS (mc_scan_dialog_parent_class)->dispose (object);
}

static void
mc_scan_dialog_finalize (GObject *object)
{
  McScanDialog *self = MC_SCAN_DIALOG (object);

  g_ptr_array_unref (self->rows);
  g_ptr_array_unref (self->pages);
  g_ptr_array_unref (self->removed);
  g_ptr_array_unref (self->devices);
  g_free (self->message);
  g_clear_object (&self->desk);
  g_clear_pointer (&self->options, mc_scanner_options_free);
  g_free (self->options_device);
  g_array_unref (self->resolutions);
  g_array_unref (self->modes);
  g_array_unref (self->sizes);

  G_OBJECT_CLASS (mc_scan_dialog_parent_class)->finalize (object);
}

static void
mc_scan_dialog_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  McScanDialog *self = MC_SCAN_DIALOG (object);

  switch (prop_id)
    {
    case PROP_BUSY: g_value_set_boolean (value, mc_scan_dialog_get_busy (self)); break;
    case PROP_N_PAGES: g_value_set_uint (value, self->pages->len); break;
    case PROP_MESSAGE: g_value_set_string (value, self->message); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_scan_dialog_class_init (McScanDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_scan_dialog_dispose;
  object_class->finalize = mc_scan_dialog_finalize;
  object_class->get_property = mc_scan_dialog_get_property;
  GTK_WINDOW_CLASS (klass)->close_request = mc_scan_dialog_close_request;

  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PAGES] = g_param_spec_uint ("n-pages", NULL, NULL, 0, G_MAXUINT, 0,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * McScanDialog::card-read:
   * @text: the text of the card's QR code, for mc_cccd_qr_parse()
   *
   * A page is a citizen's chip card whose QR code could be read.
   */
  signals[CARD_READ] = g_signal_new ("card-read", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/motcua/Desk/digitise/mc-scan-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, McScanDialog, device_drop);
  gtk_widget_class_bind_template_child (widget_class, McScanDialog, source_drop);
  gtk_widget_class_bind_template_child (widget_class, McScanDialog, resolution_drop);
  gtk_widget_class_bind_template_child (widget_class, McScanDialog, mode_drop);
  gtk_widget_class_bind_template_child (widget_class, McScanDialog, size_drop);
  gtk_widget_class_bind_template_child (widget_class, McScanDialog, duplex_box);
  gtk_widget_class_bind_template_child (widget_class, McScanDialog, duplex_switch);
  gtk_widget_class_bind_template_child (widget_class, McScanDialog, scan_button);
  gtk_widget_class_bind_template_child (widget_class, McScanDialog, stop_button);
  gtk_widget_class_bind_template_child (widget_class, McScanDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, McScanDialog, attach_button);
  gtk_widget_class_bind_template_child (widget_class, McScanDialog, sign_switch);
  gtk_widget_class_bind_template_child (widget_class, McScanDialog, token_spinner);
  gtk_widget_class_bind_template_child (widget_class, McScanDialog, sign_waiting_button);
  gtk_widget_class_bind_template_callback_full (widget_class, "sign_waiting_clicked",
                                                G_CALLBACK (mc_scan_dialog_sign_waiting));
  gtk_widget_class_bind_template_child (widget_class, McScanDialog, progress);
  gtk_widget_class_bind_template_child (widget_class, McScanDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, McScanDialog, page_box);
  gtk_widget_class_bind_template_child (widget_class, McScanDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, McScanDialog, removed_revealer);
  gtk_widget_class_bind_template_child (widget_class, McScanDialog, removed_label);
  gtk_widget_class_bind_template_child (widget_class, McScanDialog, removed_box);
  gtk_widget_class_bind_template_callback (widget_class, scan_clicked);
  gtk_widget_class_bind_template_callback (widget_class, source_changed);
  gtk_widget_class_bind_template_callback (widget_class, stop_clicked);
  gtk_widget_class_bind_template_callback (widget_class, import_clicked);
  gtk_widget_class_bind_template_callback (widget_class, restore_all_clicked);
  gtk_widget_class_bind_template_callback_full (widget_class, "attach_clicked",
                                                G_CALLBACK (mc_scan_dialog_attach_clicked));
}

static void
mc_scan_dialog_init (McScanDialog *self)
{
  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) page_free);
  self->removed = g_ptr_array_new_with_free_func ((GDestroyNotify) page_free);
  self->devices = g_ptr_array_new_with_free_func (g_free);
  self->rescan_index = -1;
  self->resolutions = g_array_new (FALSE, FALSE, sizeof (int));
  self->modes = g_array_new (FALSE, FALSE, sizeof (McScanMode));
  self->sizes = g_array_new (FALSE, FALSE, sizeof (guint));
  default_settings (&self->wanted);

  gtk_widget_init_template (GTK_WIDGET (self));
  fill_settings (self);
  show_settings (self, &self->wanted);
  g_signal_connect_swapped (self->device_drop, "notify::selected", G_CALLBACK (device_changed), self);
}

/* "Sign the copies", for tests and automation. */
void
mc_scan_dialog_set_sign_copies (McScanDialog *self,
                                gboolean      sign)
{
  g_return_if_fail (MC_IS_SCAN_DIALOG (self));

  gtk_switch_set_active (self->sign_switch, sign);
}

/**
 * mc_scan_dialog_set_offer_signing:
 * @self: a dialog
 * @offer: show "Sign the Copies"
 *
 * A result scanned in is signed by the leader through "Sign Results…",
 * not as a digital copy: its dialog does not offer the switch.
 */
void
mc_scan_dialog_set_offer_signing (McScanDialog *self,
                                  gboolean      offer)
{
  g_return_if_fail (MC_IS_SCAN_DIALOG (self));

  if (!offer)
    gtk_switch_set_active (self->sign_switch, FALSE);
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->sign_switch)), offer);
}

/**
 * mc_scan_dialog_get_token_chooser:
 *
 * Returns: (transfer none) (nullable): the certificates to choose from
 *   while the question is open (the tokens hold more than one)
 */
McTokenChooser *
mc_scan_dialog_get_token_chooser (McScanDialog *self)
{
  g_return_val_if_fail (MC_IS_SCAN_DIALOG (self), NULL);

  return self->token_chooser;
}

/**
 * mc_scan_dialog_get_pin_dialog:
 *
 * Returns: (transfer none) (nullable): the PIN dialog of the copies' batch
 *   while it is open
 */
McPinDialog *
mc_scan_dialog_get_pin_dialog (McScanDialog *self)
{
  g_return_val_if_fail (MC_IS_SCAN_DIALOG (self), NULL);

  return self->pin_dialog;
}

/**
 * mc_scan_dialog_set_desk:
 * @self: a dialog
 * @desk: the desk, whose officer working now has their scan settings kept
 *
 * The officer's scan settings are read and shown (once the device's
 * options are known), and those of each scan kept for them.
 */
void
mc_scan_dialog_set_desk (McScanDialog *self,
                         McDesk       *desk)
{
  g_return_if_fail (MC_IS_SCAN_DIALOG (self));
  g_return_if_fail (MC_IS_DESK (desk));
  g_return_if_fail (self->desk == NULL);

  self->desk = g_object_ref (desk);
  self->loading += 2;
  mc_desk_get_officer_setting_async (desk, SETTINGS_KEY, NULL, wanted_loaded, g_object_ref (self));
  mc_desk_get_officer_setting_async (desk, DEVICE_KEY, NULL, device_loaded, g_object_ref (self));
  mc_scan_dialog_watch_sign_queue (self);
}

/**
 * mc_scan_dialog_get_settings:
 * @self: a dialog
 * @settings: (out caller-allocates): what the next scan will use
 */
void
mc_scan_dialog_get_settings (McScanDialog   *self,
                             McScanSettings *settings)
{
  g_return_if_fail (MC_IS_SCAN_DIALOG (self));
  g_return_if_fail (settings != NULL);

  current_settings (self, settings);
}

/**
 * mc_scan_dialog_set_settings:
 * @self: a dialog
 * @settings: resolution, colour, paper size, source and both sides, as
 *   the official would choose them (as near as the device allows)
 */
void
mc_scan_dialog_set_settings (McScanDialog         *self,
                             const McScanSettings *settings)
{
  g_return_if_fail (MC_IS_SCAN_DIALOG (self));
  g_return_if_fail (settings != NULL);

  show_settings (self, settings);
}

/**
 * mc_scan_dialog_get_page_component:
 * @self: a dialog
 * @page: a page, from 0
 *
 * Returns: the component @page goes to, as numbered in the rows given to
 *   the dialog
 */
guint
mc_scan_dialog_get_page_component (McScanDialog *self,
                                   guint         page)
{
  g_return_val_if_fail (MC_IS_SCAN_DIALOG (self), 0);
  g_return_val_if_fail (page < self->pages->len, 0);

  return ((Page *) g_ptr_array_index (self->pages, page))->component;
}

/**
 * mc_scan_dialog_get_device:
 * @self: a dialog
 *
 * Returns: (nullable): the SANE name of the device the next scan uses
 */
const char *
mc_scan_dialog_get_device (McScanDialog *self)
{
  g_return_val_if_fail (MC_IS_SCAN_DIALOG (self), NULL);

  return selected_device (self);
}
