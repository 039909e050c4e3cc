/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SANE behind a small GLib API. SANE is not thread-safe and keeps global
 * state, so every operation holds one process-wide lock and brackets its
 * work with sane_init()/sane_exit(): the device list is then fresh each
 * time (a network scanner switched on a minute ago appears) and nothing of
 * SANE lives between scans. Options are found by their standard names,
 * because backends number them differently. Statuses a person can fix at
 * the scanner (jam, open cover, empty feeder, device gone) become distinct
 * errors with a message saying what to do. */
#define G_LOG_DOMAIN "motcua-digitise"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <sane/sane.h>
#include <sane/saneopts.h>

#include "mc-scanner.h"

G_DEFINE_QUARK (mc-scanner-error-quark, mc_scanner_error)

static GMutex sane_lock;

void
mc_scanner_device_free (McScannerDevice *device)
{
  if (device == NULL)
    return;
  g_free (device->name);
  g_free (device->vendor);
  g_free (device->model);
  g_free (device->type);
  g_free (device);
}

void
mc_scanner_options_free (McScannerOptions *options)
{
  if (options == NULL)
    return;
  g_clear_pointer (&options->resolutions, g_array_unref);
  g_free (options);
}

void
mc_scanned_page_free (McScannedPage *page)
{
  if (page == NULL)
    return;
  g_clear_pointer (&page->pixels, g_bytes_unref);
  g_free (page);
}

/* One session: SANE initialised, maybe a device open. */
typedef struct {
  gboolean    inited;
  SANE_Handle handle;
} Session;

static void
session_close (Session *session)
{
  if (session->handle != NULL)
    {
      sane_cancel (session->handle);
      sane_close (session->handle);
      session->handle = NULL;
    }
  if (session->inited)
    sane_exit ();
  session->inited = FALSE;
  g_mutex_unlock (&sane_lock);
}

static void
session_open (Session *session)
{
  SANE_Int version = 0;

  g_mutex_lock (&sane_lock);
  session->handle = NULL;
  session->inited = sane_init (&version, NULL) == SANE_STATUS_GOOD;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Session, session_close)

static void
set_status_error (GError     **error,
                  SANE_Status  status,
                  const char  *device)
{
  switch (status)
    {
    case SANE_STATUS_CANCELLED:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The scan was cancelled."));
      break;
    case SANE_STATUS_JAMMED:
      g_set_error_literal (error, MC_SCANNER_ERROR, MC_SCANNER_ERROR_JAMMED,
                           _("The paper jammed in the scanner. Take the jammed sheet out and scan again."));
      break;
    case SANE_STATUS_COVER_OPEN:
      g_set_error_literal (error, MC_SCANNER_ERROR, MC_SCANNER_ERROR_COVER_OPEN,
                           _("The scanner cover is open. Close it and scan again."));
      break;
    case SANE_STATUS_NO_DOCS:
      g_set_error_literal (error, MC_SCANNER_ERROR, MC_SCANNER_ERROR_NO_PAPER,
                           _("There is no paper in the scanner’s feeder. Put the pages in and scan again."));
      break;
    case SANE_STATUS_DEVICE_BUSY:
      g_set_error (error, MC_SCANNER_ERROR, MC_SCANNER_ERROR_BUSY,
                   _("The scanner “%s” is busy. Wait until it is free, or close the other program using it."),
                   device);
      break;
    case SANE_STATUS_IO_ERROR:
    case SANE_STATUS_ACCESS_DENIED:
      g_set_error (error, MC_SCANNER_ERROR, MC_SCANNER_ERROR_DEVICE_GONE,
                   _("The scanner “%s” stopped answering. Check that it is switched on and connected, then scan again."),
                   device);
      break;
    default:
      g_set_error (error, MC_SCANNER_ERROR, MC_SCANNER_ERROR_FAILED,
                   _("The scanner “%s” failed: %s."), device, sane_strstatus (status));
      break;
    }
}

static gboolean
open_device (Session     *session,
             const char  *device,
             GError     **error)
{
  SANE_Status status;

  if (!session->inited)
    {
      g_set_error_literal (error, MC_SCANNER_ERROR, MC_SCANNER_ERROR_NO_DEVICE,
                           _("The scanner drivers (SANE) could not be started."));
      return FALSE;
    }
  status = sane_open (device, &session->handle);
  if (status == SANE_STATUS_GOOD)
    return TRUE;
  session->handle = NULL;
  if (status == SANE_STATUS_DEVICE_BUSY || status == SANE_STATUS_ACCESS_DENIED)
    set_status_error (error, status, device);
  else
    g_set_error (error, MC_SCANNER_ERROR, MC_SCANNER_ERROR_NO_DEVICE,
                 _("The scanner “%s” was not found. Check that it is switched on and connected, then look for scanners again."),
                 device);
  return FALSE;
}

/**
 * mc_scanner_list_devices:
 * @error: return location for an error
 *
 * Asks SANE for the scanners it can reach now (local and network). Blocks,
 * sometimes for seconds while network backends look around; call it from a
 * worker thread in the UI.
 *
 * Returns: (transfer full) (element-type McScannerDevice): the devices,
 *   maybe none
 */
GPtrArray *
mc_scanner_list_devices (GError **error)
{
  g_auto(Session) session = { 0 };
  const SANE_Device **list = NULL;
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_scanner_device_free);
  SANE_Status status;

  session_open (&session);
  if (!session.inited)
    {
      g_set_error_literal (error, MC_SCANNER_ERROR, MC_SCANNER_ERROR_NO_DEVICE,
                           _("The scanner drivers (SANE) could not be started."));
      return NULL;
    }
  status = sane_get_devices (&list, SANE_FALSE);
  if (status != SANE_STATUS_GOOD)
    {
      g_set_error (error, MC_SCANNER_ERROR, MC_SCANNER_ERROR_FAILED,
                   _("Could not look for scanners: %s."), sane_strstatus (status));
      return NULL;
    }
  for (guint i = 0; list != NULL && list[i] != NULL; i++)
    {
      McScannerDevice *device = g_new0 (McScannerDevice, 1);

      device->name = g_strdup (list[i]->name);
      device->vendor = g_strdup (list[i]->vendor);
      device->model = g_strdup (list[i]->model);
      device->type = g_strdup (list[i]->type);
      g_ptr_array_add (devices, device);
    }
  return g_steal_pointer (&devices);
}

/* Index of the option called @name, or -1. */
static int
find_option (SANE_Handle                    handle,
             const char                    *name,
             const SANE_Option_Descriptor **descriptor)
{
  const SANE_Option_Descriptor *first = sane_get_option_descriptor (handle, 0);
  SANE_Int count = 0;

  if (first == NULL
      || sane_control_option (handle, 0, SANE_ACTION_GET_VALUE, &count, NULL) != SANE_STATUS_GOOD)
    return -1;
  for (int i = 1; i < count; i++)
    {
      const SANE_Option_Descriptor *d = sane_get_option_descriptor (handle, i);

      if (d != NULL && d->name != NULL && strcmp (d->name, name) == 0
          && SANE_OPTION_IS_ACTIVE (d->cap))
        {
          if (descriptor != NULL)
            *descriptor = d;
          return i;
        }
    }
  return -1;
}

static double
word_value (const SANE_Option_Descriptor *d,
            SANE_Word                     word)
{
  return d->type == SANE_TYPE_FIXED ? SANE_UNFIX (word) : (double) word;
}

static gboolean
is_feeder_name (const char *source)
{
  return strstr (source, "ADF") != NULL || strstr (source, "Feeder") != NULL
         || strstr (source, "Document") != NULL;
}

static gboolean
is_duplex_name (const char *source)
{
  return strstr (source, "Duplex") != NULL || strstr (source, "duplex") != NULL;
}

/* The mode names a device lists for colour, grey and lineart. Backends
 * mostly use SANE's standard values; a few use their own words. */
static const char *
mode_name_for (const SANE_Option_Descriptor *d,
               McScanMode                    mode)
{
  static const char *const color[] = { SANE_VALUE_SCAN_MODE_COLOR, "Colour", "color", NULL };
  static const char *const gray[] = { SANE_VALUE_SCAN_MODE_GRAY, "Grey", "Grayscale", "gray", NULL };
  static const char *const lineart[] = { SANE_VALUE_SCAN_MODE_LINEART, "Binary", "Black & White", "lineart", NULL };
  const char *const *wanted = mode == MC_SCAN_MODE_COLOR ? color : mode == MC_SCAN_MODE_GRAY ? gray : lineart;

  if (d->constraint_type != SANE_CONSTRAINT_STRING_LIST)
    return NULL;
  for (guint w = 0; wanted[w] != NULL; w++)
    for (guint i = 0; d->constraint.string_list[i] != NULL; i++)
      if (g_ascii_strcasecmp (d->constraint.string_list[i], wanted[w]) == 0)
        return d->constraint.string_list[i];
  return NULL;
}

static double
range_max (const SANE_Option_Descriptor *d)
{
  if (d->constraint_type == SANE_CONSTRAINT_RANGE)
    return word_value (d, d->constraint.range->max);
  return 0;
}

/**
 * mc_scanner_read_options:
 * @device: a SANE device name
 * @error: return location for an error
 *
 * Opens @device and reads what it offers. Blocks.
 *
 * Returns: (transfer full): the device's capabilities, or %NULL
 */
McScannerOptions *
mc_scanner_read_options (const char  *device,
                         GError     **error)
{
  g_auto(Session) session = { 0 };
  g_autoptr(McScannerOptions) options = g_new0 (McScannerOptions, 1);
  const SANE_Option_Descriptor *d = NULL;
  SANE_Handle h;
  int index;

  g_return_val_if_fail (device != NULL, NULL);

  session_open (&session);
  if (!open_device (&session, device, error))
    return NULL;
  h = session.handle;

  options->resolution_min = options->resolution_max = 0;
  if (find_option (h, SANE_NAME_SCAN_RESOLUTION, &d) >= 0)
    {
      if (d->constraint_type == SANE_CONSTRAINT_RANGE)
        {
          options->resolution_min = (int) word_value (d, d->constraint.range->min);
          options->resolution_max = (int) word_value (d, d->constraint.range->max);
        }
      else if (d->constraint_type == SANE_CONSTRAINT_WORD_LIST)
        {
          options->resolutions = g_array_new (FALSE, FALSE, sizeof (int));
          for (SANE_Int i = 1; i <= d->constraint.word_list[0]; i++)
            {
              int dpi = (int) word_value (d, d->constraint.word_list[i]);

              g_array_append_val (options->resolutions, dpi);
              options->resolution_min = i == 1 ? dpi : MIN (options->resolution_min, dpi);
              options->resolution_max = MAX (options->resolution_max, dpi);
            }
        }
    }

  if (find_option (h, SANE_NAME_SCAN_MODE, &d) >= 0)
    {
      const SANE_Option_Descriptor *depth = NULL;

      options->has_color = mode_name_for (d, MC_SCAN_MODE_COLOR) != NULL;
      options->has_gray = mode_name_for (d, MC_SCAN_MODE_GRAY) != NULL;
      options->has_lineart = mode_name_for (d, MC_SCAN_MODE_LINEART) != NULL;
      /* Grey at one bit per sample is lineart too (the test backend). */
      if (!options->has_lineart && options->has_gray
          && find_option (h, SANE_NAME_BIT_DEPTH, &depth) >= 0
          && depth->constraint_type == SANE_CONSTRAINT_WORD_LIST)
        for (SANE_Int i = 1; i <= depth->constraint.word_list[0]; i++)
          if (depth->constraint.word_list[i] == 1)
            options->has_lineart = TRUE;
    }
  else
    options->has_gray = TRUE;

  index = find_option (h, SANE_NAME_SCAN_SOURCE, &d);
  if (index >= 0 && d->constraint_type == SANE_CONSTRAINT_STRING_LIST)
    {
      for (guint i = 0; d->constraint.string_list[i] != NULL; i++)
        {
          const char *source = d->constraint.string_list[i];

          if (is_feeder_name (source))
            options->has_adf = TRUE;
          else
            options->has_flatbed = TRUE;
          if (is_duplex_name (source))
            options->has_duplex = TRUE;
        }
    }
  else
    options->has_flatbed = TRUE;

  if (find_option (h, SANE_NAME_SCAN_BR_X, &d) >= 0)
    options->max_width_mm = range_max (d);
  if (find_option (h, SANE_NAME_SCAN_BR_Y, &d) >= 0)
    options->max_height_mm = range_max (d);

  return g_steal_pointer (&options);
}

/**
 * mc_scan_settings_to_string:
 * @settings: scan settings
 *
 * The settings as one line of text, for keeping an officer's choice.
 *
 * Returns: (transfer full): "resolution=300;mode=color;…"
 */
char *
mc_scan_settings_to_string (const McScanSettings *settings)
{
  static const char *const modes[] = { "color", "gray", "lineart" };
  char width[G_ASCII_DTOSTR_BUF_SIZE], height[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (settings != NULL, NULL);

  g_ascii_formatd (width, sizeof width, "%.1f", settings->width_mm);
  g_ascii_formatd (height, sizeof height, "%.1f", settings->height_mm);
  return g_strdup_printf ("resolution=%d;mode=%s;source=%s;duplex=%s;width=%s;height=%s",
                          settings->resolution, modes[CLAMP (settings->mode, 0, 2)],
                          settings->source == MC_SCAN_SOURCE_ADF ? "adf" : "flatbed",
                          settings->duplex ? "true" : "false", width, height);
}

/**
 * mc_scan_settings_from_string:
 * @text: (nullable): what mc_scan_settings_to_string() gave
 * @settings: (out caller-allocates): filled from @text; what @text does
 *   not say (or says wrongly) keeps the value @settings had
 *
 * Returns: %TRUE when @text held at least one setting
 */
gboolean
mc_scan_settings_from_string (const char     *text,
                              McScanSettings *settings)
{
  g_auto(GStrv) parts = NULL;
  gboolean any = FALSE;

  g_return_val_if_fail (settings != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  parts = g_strsplit (text, ";", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *value = strchr (parts[i], '=');
      g_autofree char *key = NULL;

      if (value == NULL)
        continue;
      key = g_strndup (parts[i], value - parts[i]);
      value++;
      if (g_str_equal (key, "resolution"))
        {
          gint64 dpi = g_ascii_strtoll (value, NULL, 10);

          if (dpi < 50 || dpi > 2400)
            continue;
          settings->resolution = (int) dpi;
        }
      else if (g_str_equal (key, "mode") && g_str_equal (value, "color"))
        settings->mode = MC_SCAN_MODE_COLOR;
      else if (g_str_equal (key, "mode") && g_str_equal (value, "gray"))
        settings->mode = MC_SCAN_MODE_GRAY;
      else if (g_str_equal (key, "mode") && g_str_equal (value, "lineart"))
        settings->mode = MC_SCAN_MODE_LINEART;
      else if (g_str_equal (key, "source") && (g_str_equal (value, "adf") || g_str_equal (value, "flatbed")))
        settings->source = g_str_equal (value, "adf") ? MC_SCAN_SOURCE_ADF : MC_SCAN_SOURCE_FLATBED;
      else if (g_str_equal (key, "duplex") && (g_str_equal (value, "true") || g_str_equal (value, "false")))
        settings->duplex = g_str_equal (value, "true");
      else if (g_str_equal (key, "width") || g_str_equal (key, "height"))
        {
          double mm = g_ascii_strtod (value, NULL);

          if (mm < 0 || mm > 2000)
            continue;
          if (g_str_equal (key, "width"))
            settings->width_mm = mm;
          else
            settings->height_mm = mm;
        }
      else
        continue;
      any = TRUE;
    }
  return any;
}

/* Sets a numeric option (int or fixed) when the device has it. */
static void
set_number (SANE_Handle  h,
            const char  *name,
            double       value)
{
  const SANE_Option_Descriptor *d = NULL;
  int index = find_option (h, name, &d);
  SANE_Word word;

  if (index < 0 || !SANE_OPTION_IS_SETTABLE (d->cap))
    return;
  if (d->type == SANE_TYPE_FIXED)
    word = SANE_FIX (value);
  else if (d->type == SANE_TYPE_INT)
    word = (SANE_Word) value;
  else
    return;
  if (sane_control_option (h, index, SANE_ACTION_SET_VALUE, &word, NULL) != SANE_STATUS_GOOD)
    g_debug ("could not set %s to %g", name, value);
}

static gboolean
apply_settings (SANE_Handle           h,
                const char           *device,
                const McScanSettings *settings,
                GError              **error)
{
  const SANE_Option_Descriptor *d = NULL;
  int index;

  index = find_option (h, SANE_NAME_SCAN_MODE, &d);
  if (index >= 0)
    {
      const char *mode = mode_name_for (d, settings->mode);
      gboolean one_bit = FALSE;

      if (mode == NULL && settings->mode == MC_SCAN_MODE_LINEART)
        {
          mode = mode_name_for (d, MC_SCAN_MODE_GRAY);
          one_bit = TRUE;
        }
      if (mode == NULL)
        {
          g_set_error (error, MC_SCANNER_ERROR, MC_SCANNER_ERROR_UNSUPPORTED,
                       _("The scanner “%s” does not offer this colour mode. Choose another one."), device);
          return FALSE;
        }
      if (sane_control_option (h, index, SANE_ACTION_SET_VALUE, (void *) mode, NULL) != SANE_STATUS_GOOD)
        g_debug ("could not set mode %s", mode);
      set_number (h, SANE_NAME_BIT_DEPTH, one_bit ? 1 : 8);
    }

  index = find_option (h, SANE_NAME_SCAN_SOURCE, &d);
  if (index >= 0 && d->constraint_type == SANE_CONSTRAINT_STRING_LIST)
    {
      const char *chosen = NULL;

      for (guint i = 0; d->constraint.string_list[i] != NULL && chosen == NULL; i++)
        {
          const char *source = d->constraint.string_list[i];

          if ((settings->source == MC_SCAN_SOURCE_ADF) == is_feeder_name (source)
              && (settings->source == MC_SCAN_SOURCE_ADF && settings->duplex) == is_duplex_name (source))
            chosen = source;
        }
      if (chosen == NULL && settings->source == MC_SCAN_SOURCE_ADF && settings->duplex)
        {
          g_set_error (error, MC_SCANNER_ERROR, MC_SCANNER_ERROR_UNSUPPORTED,
                       _("The scanner “%s” cannot scan both sides. Turn two-sided scanning off."), device);
          return FALSE;
        }
      if (chosen == NULL)
        {
          g_set_error (error, MC_SCANNER_ERROR, MC_SCANNER_ERROR_UNSUPPORTED,
                       settings->source == MC_SCAN_SOURCE_ADF
                       ? _("The scanner “%s” has no document feeder. Scan from the glass instead.")
                       : _("The scanner “%s” has no glass (flatbed). Scan from the document feeder instead."),
                       device);
          return FALSE;
        }
      if (sane_control_option (h, index, SANE_ACTION_SET_VALUE, (void *) chosen, NULL) != SANE_STATUS_GOOD)
        g_debug ("could not set source %s", chosen);
    }
  else if (settings->source == MC_SCAN_SOURCE_ADF)
    {
      g_set_error (error, MC_SCANNER_ERROR, MC_SCANNER_ERROR_UNSUPPORTED,
                   _("The scanner “%s” has no document feeder. Scan from the glass instead."), device);
      return FALSE;
    }

  if (settings->resolution > 0)
    set_number (h, SANE_NAME_SCAN_RESOLUTION, settings->resolution);

  /* The scan area: from the top left corner, the size asked or all of it. */
  set_number (h, SANE_NAME_SCAN_TL_X, 0);
  set_number (h, SANE_NAME_SCAN_TL_Y, 0);
  if (find_option (h, SANE_NAME_SCAN_BR_X, &d) >= 0)
    set_number (h, SANE_NAME_SCAN_BR_X,
                settings->width_mm > 0 ? MIN (settings->width_mm, range_max (d)) : range_max (d));
  if (find_option (h, SANE_NAME_SCAN_BR_Y, &d) >= 0)
    set_number (h, SANE_NAME_SCAN_BR_Y,
                settings->height_mm > 0 ? MIN (settings->height_mm, range_max (d)) : range_max (d));
  return TRUE;
}

static int
current_resolution (SANE_Handle h)
{
  const SANE_Option_Descriptor *d = NULL;
  int index = find_option (h, SANE_NAME_SCAN_RESOLUTION, &d);
  SANE_Word word = 0;

  if (index < 0 || sane_control_option (h, index, SANE_ACTION_GET_VALUE, &word, NULL) != SANE_STATUS_GOOD)
    return 0;
  return (int) word_value (d, word);
}

/* Reads one page after sane_start() succeeded. */
static McScannedPage *
read_page (SANE_Handle          h,
           const char          *device,
           guint                index,
           int                  resolution,
           McScanProgressFunc   progress,
           gpointer             progress_data,
           GCancellable        *cancellable,
           GError             **error)
{
  SANE_Parameters params;
  g_autoptr(GByteArray) data = NULL;
  g_autofree guchar *buffer = NULL;
  McScannedPage *page;
  SANE_Status status;
  gsize expected;
  const gsize chunk = 64 * 1024;

  status = sane_get_parameters (h, &params);
  if (status != SANE_STATUS_GOOD)
    {
      set_status_error (error, status, device);
      return NULL;
    }
  if ((params.format != SANE_FRAME_GRAY && params.format != SANE_FRAME_RGB)
      || (params.depth != 1 && params.depth != 8) || params.bytes_per_line <= 0
      || (params.format == SANE_FRAME_RGB && params.depth != 8))
    {
      g_set_error (error, MC_SCANNER_ERROR, MC_SCANNER_ERROR_UNSUPPORTED,
                   _("The scanner “%s” sends images in a format this program does not read. Choose another colour mode."),
                   device);
      return NULL;
    }

  expected = params.lines > 0 ? (gsize) params.lines * (gsize) params.bytes_per_line : 0;
  data = g_byte_array_sized_new (expected > 0 ? expected : chunk);
  buffer = g_malloc (chunk);
  if (progress != NULL)
    progress (index, 0, progress_data);
  for (;;)
    {
      SANE_Int len = 0;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      status = sane_read (h, buffer, chunk, &len);
      if (status == SANE_STATUS_EOF)
        break;
      if (status != SANE_STATUS_GOOD)
        {
          set_status_error (error, status, device);
          return NULL;
        }
      g_byte_array_append (data, buffer, len);
      if (progress != NULL && len > 0)
        progress (index, expected > 0 ? MIN (1.0, (double) data->len / expected) : 0, progress_data);
    }

  page = g_new0 (McScannedPage, 1);
  page->width = params.pixels_per_line;
  page->stride = params.bytes_per_line;
  page->height = data->len / params.bytes_per_line;
  page->channels = params.format == SANE_FRAME_RGB ? 3 : 1;
  page->depth = params.depth;
  page->resolution = resolution > 0 ? resolution : 300;
  g_byte_array_set_size (data, page->height * page->stride);
  page->pixels = g_byte_array_free_to_bytes (g_steal_pointer (&data));
  if (page->height == 0)
    {
      mc_scanned_page_free (page);
      g_set_error (error, MC_SCANNER_ERROR, MC_SCANNER_ERROR_FAILED,
                   _("The scanner “%s” sent an empty page. Scan again."), device);
      return NULL;
    }
  return page;
}

/* A fault the tests inject (SANE's test backend never jams): after
 * fault_after pages, sane_start() is taken to have answered fault_status. */
static guint fault_after = G_MAXUINT;
static SANE_Status fault_status = SANE_STATUS_GOOD;

/**
 * mc_scanner_inject_fault:
 * @after_pages: how many pages scan normally first
 * @code: the error the next page meets (%MC_SCANNER_ERROR_JAMMED,
 *   %MC_SCANNER_ERROR_COVER_OPEN, %MC_SCANNER_ERROR_NO_PAPER,
 *   %MC_SCANNER_ERROR_DEVICE_GONE)
 *
 * For tests only: the next scan fails as a real scanner would. The fault
 * fires once, then scanning is back to normal.
 */
void
mc_scanner_inject_fault (guint          after_pages,
                         McScannerError code)
{
  g_mutex_lock (&sane_lock);
  fault_after = after_pages;
  switch (code)
    {
    case MC_SCANNER_ERROR_JAMMED: fault_status = SANE_STATUS_JAMMED; break;
    case MC_SCANNER_ERROR_COVER_OPEN: fault_status = SANE_STATUS_COVER_OPEN; break;
    case MC_SCANNER_ERROR_NO_PAPER: fault_status = SANE_STATUS_NO_DOCS; break;
    case MC_SCANNER_ERROR_DEVICE_GONE: fault_status = SANE_STATUS_IO_ERROR; break;
    default: fault_status = SANE_STATUS_INVAL; break;
    }
  g_mutex_unlock (&sane_lock);
}

/* Starts the next page, or meets the injected fault. Called with the SANE
 * lock held (the session holds it). */
static SANE_Status
start_page (SANE_Handle handle,
            guint       index)
{
  if (fault_status != SANE_STATUS_GOOD && index >= fault_after)
    {
      SANE_Status status = fault_status;

      fault_status = SANE_STATUS_GOOD;
      fault_after = G_MAXUINT;
      return status;
    }
  return sane_start (handle);
}

typedef void (*PageFunc) (McScannedPage *page,
                          gpointer       user_data);

/* The scan itself: pages go to @page_func as they arrive (transfer full),
 * so those read before a failure are kept. Returns how many arrived, or
 * -1 with @error set. */
static int
scan_run (const char           *device,
          const McScanSettings *settings,
          guint                 max_pages,
          McScanProgressFunc    progress,
          gpointer              progress_data,
          PageFunc              page_func,
          gpointer              page_data,
          GCancellable         *cancellable,
          GError              **error)
{
  g_auto(Session) session = { 0 };
  guint n = 0;
  int resolution;

  session_open (&session);
  if (!open_device (&session, device, error)
      || !apply_settings (session.handle, device, settings, error))
    return -1;
  resolution = current_resolution (session.handle);

  for (;;)
    {
      McScannedPage *page;
      SANE_Status status;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return -1;
      status = start_page (session.handle, n);
      if (status == SANE_STATUS_NO_DOCS && n > 0)
        break;
      if (status != SANE_STATUS_GOOD)
        {
          set_status_error (error, status, device);
          return -1;
        }
      page = read_page (session.handle, device, n, resolution,
                        progress, progress_data, cancellable, error);
      if (page == NULL)
        return -1;
      page_func (page, page_data);
      n++;
      if (settings->source != MC_SCAN_SOURCE_ADF || (max_pages > 0 && n >= max_pages))
        break;
    }
  return (int) n;
}

static void
add_to_array (McScannedPage *page,
              gpointer       user_data)
{
  g_ptr_array_add (user_data, page);
}

/**
 * mc_scanner_scan_sync:
 * @device: a SANE device name
 * @settings: resolution, mode, source and area
 * @progress: (nullable) (scope call): called as data arrives, in this thread
 * @progress_data: data for @progress
 * @cancellable: (nullable): cancels between two reads from the device
 * @error: return location for an error
 *
 * Scans: one page from the flatbed, or every page in the feeder until it
 * is empty. Blocks; the UI uses mc_scanner_scan_pages_async(), which keeps
 * the pages read before a jam. Here, if the feeder jams after some pages,
 * the error is returned and the pages are lost.
 *
 * Returns: (transfer full) (element-type McScannedPage): the pages, at least one
 */
GPtrArray *
mc_scanner_scan_sync (const char           *device,
                      const McScanSettings *settings,
                      McScanProgressFunc    progress,
                      gpointer              progress_data,
                      GCancellable         *cancellable,
                      GError              **error)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_scanned_page_free);

  g_return_val_if_fail (device != NULL, NULL);
  g_return_val_if_fail (settings != NULL, NULL);

  if (scan_run (device, settings, 0, progress, progress_data, add_to_array, pages, cancellable, error) < 0)
    return NULL;
  return g_steal_pointer (&pages);
}

typedef struct {
  char              *device;
  McScanSettings     settings;
  McScanProgressFunc progress;
  McScanPageFunc     page_func;
  guint              max_pages;
  GAsyncQueue       *queue;       /* of McScannedPage, read, not handed over */
  guint              n_delivered; /* handed to page_func so far */
  GAsyncReadyCallback callback;
  gpointer           callback_data;
  gpointer           progress_data;
  GDestroyNotify     progress_destroy;
  GMainContext      *context;
} ScanData;

static void
scan_data_free (ScanData *data)
{
  if (data->progress_destroy != NULL)
    data->progress_destroy (data->progress_data);
  g_main_context_unref (data->context);
  if (data->queue != NULL)
    g_async_queue_unref (data->queue);
  g_free (data->device);
  g_free (data);
}

typedef struct {
  ScanData *scan;
  GTask    *task;
  guint     page;
  double    fraction;
} ProgressReport;

static gboolean
deliver_progress (gpointer user_data)
{
  ProgressReport *report = user_data;

  report->scan->progress (report->page, report->fraction, report->scan->progress_data);
  return G_SOURCE_REMOVE;
}

static void
progress_report_free (ProgressReport *report)
{
  g_object_unref (report->task);
  g_free (report);
}

static void
progress_to_context (guint    page,
                     double   fraction,
                     gpointer user_data)
{
  GTask *task = user_data;
  ProgressReport *report = g_new0 (ProgressReport, 1);
  g_autoptr(GSource) source = g_idle_source_new ();

  /* The task ref keeps the scan data alive until each report is shown. */
  report->scan = g_task_get_task_data (task);
  report->task = g_object_ref (task);
  report->page = page;
  report->fraction = fraction;
  g_source_set_callback (source, deliver_progress, report, (GDestroyNotify) progress_report_free);
  g_source_attach (source, report->scan->context);
}

static void
scan_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ScanData *data = task_data;
  GError *error = NULL;
  GPtrArray *pages;

  pages = mc_scanner_scan_sync (data->device, &data->settings,
                                data->progress != NULL ? progress_to_context : NULL, task,
                                cancellable, &error);
  if (pages == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, pages, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * mc_scanner_scan_async:
 * @device: a SANE device name
 * @settings: resolution, mode, source and area
 * @progress: (nullable): called in the caller's thread-default main context
 * @progress_data: data for @progress
 * @progress_destroy: (nullable): frees @progress_data when the scan is over
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the scan is over
 * @user_data: data for @callback
 *
 * Scans in a worker thread; see mc_scanner_scan_sync().
 */
void
mc_scanner_scan_async (const char           *device,
                       const McScanSettings *settings,
                       McScanProgressFunc    progress,
                       gpointer              progress_data,
                       GDestroyNotify        progress_destroy,
                       GCancellable         *cancellable,
                       GAsyncReadyCallback   callback,
                       gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  ScanData *data;

  g_return_if_fail (device != NULL);
  g_return_if_fail (settings != NULL);

  data = g_new0 (ScanData, 1);
  data->device = g_strdup (device);
  data->settings = *settings;
  data->progress = progress;
  data->progress_data = progress_data;
  data->progress_destroy = progress_destroy;
  data->context = g_main_context_ref_thread_default ();

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_scanner_scan_async);
  g_task_set_task_data (task, data, (GDestroyNotify) scan_data_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, scan_thread);
}

/**
 * mc_scanner_scan_finish:
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type McScannedPage): the pages, or %NULL
 */
GPtrArray *
mc_scanner_scan_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mc_scanner_scan_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Hands the pages read so far to page_func, in order. Main context. */
static void
drain_pages (ScanData *data)
{
  McScannedPage *page;

  while ((page = g_async_queue_try_pop (data->queue)) != NULL)
    data->page_func (data->n_delivered++, page, data->progress_data);
}

static gboolean
deliver_pages (gpointer user_data)
{
  drain_pages (g_task_get_task_data (user_data));
  return G_SOURCE_REMOVE;
}

static void
page_to_context (McScannedPage *page,
                 gpointer       user_data)
{
  GTask *task = user_data;
  ScanData *data = g_task_get_task_data (task);
  g_autoptr(GSource) source = g_idle_source_new ();

  g_async_queue_push (data->queue, page);
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, deliver_pages, g_object_ref (task), g_object_unref);
  g_source_attach (source, data->context);
}

/* The scan is over: any page not handed over yet goes first, so the
 * caller's callback always comes after the last page. */
static void
scan_pages_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ScanData *data = g_task_get_task_data (G_TASK (result));

  drain_pages (data);
  data->callback (NULL, result, data->callback_data);
}

static void
scan_pages_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  ScanData *data = task_data;
  GError *error = NULL;
  int n;

  n = scan_run (data->device, &data->settings, data->max_pages,
                data->progress != NULL ? progress_to_context : NULL, task,
                page_to_context, task, cancellable, &error);
  if (n < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, n);
}

/**
 * mc_scanner_scan_pages_async:
 * @device: a SANE device name
 * @settings: resolution, mode, source and area
 * @max_pages: stop after this many pages from the feeder; 0 for all
 * @progress: (nullable): called in the caller's thread-default main context
 * @page_func: given each page as it arrives, in the caller's context
 * @user_data: data for @progress and @page_func
 * @destroy: (nullable): frees @user_data when the scan is over
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the scan is over, after the last page
 * @callback_data: data for @callback
 *
 * Scans in a worker thread and hands over each page as soon as it is read,
 * so a jam or a cancel on page 4 keeps pages 1 to 3.
 */
void
mc_scanner_scan_pages_async (const char           *device,
                             const McScanSettings *settings,
                             guint                 max_pages,
                             McScanProgressFunc    progress,
                             McScanPageFunc        page_func,
                             gpointer              user_data,
                             GDestroyNotify        destroy,
                             GCancellable         *cancellable,
                             GAsyncReadyCallback   callback,
                             gpointer              callback_data)
{
  g_autoptr(GTask) task = NULL;
  ScanData *data;

  g_return_if_fail (device != NULL);
  g_return_if_fail (settings != NULL);
  g_return_if_fail (page_func != NULL);

  data = g_new0 (ScanData, 1);
  data->device = g_strdup (device);
  data->settings = *settings;
  data->max_pages = max_pages;
  data->progress = progress;
  data->page_func = page_func;
  data->progress_data = user_data;
  data->progress_destroy = destroy;
  data->context = g_main_context_ref_thread_default ();
  data->queue = g_async_queue_new_full ((GDestroyNotify) mc_scanned_page_free);
  data->callback = callback;
  data->callback_data = callback_data;

  task = g_task_new (NULL, cancellable, scan_pages_done, NULL);
  g_task_set_source_tag (task, mc_scanner_scan_pages_async);
  g_task_set_task_data (task, data, (GDestroyNotify) scan_data_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, scan_pages_thread);
}

/**
 * mc_scanner_scan_pages_finish:
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: how many pages were handed over, or -1 with @error set (the
 *   pages handed over before the error stay the caller's)
 */
int
mc_scanner_scan_pages_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), -1);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mc_scanner_scan_pages_async, -1);

  return (int) g_task_propagate_int (G_TASK (result), error);
}
