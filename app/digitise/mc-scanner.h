/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Scanners through SANE: which devices there are, what they can do
 * (resolutions, colour/grey/lineart, flatbed/feeder, page size), and a scan
 * that returns the pages as raw pixels, one page at a time, with progress
 * and cancel. The pixels go on to mc-page-clean and mc-page-pdf. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MC_SCANNER_ERROR (mc_scanner_error_quark ())

/**
 * McScannerError:
 * @MC_SCANNER_ERROR_NO_DEVICE: the device cannot be found or opened
 * @MC_SCANNER_ERROR_DEVICE_GONE: the device stopped answering (unplugged,
 *   switched off, network lost)
 * @MC_SCANNER_ERROR_BUSY: another program is using the device
 * @MC_SCANNER_ERROR_JAMMED: the paper jammed in the feeder
 * @MC_SCANNER_ERROR_COVER_OPEN: the cover or the feeder is open
 * @MC_SCANNER_ERROR_NO_PAPER: the feeder is empty
 * @MC_SCANNER_ERROR_UNSUPPORTED: the device offers nothing we can use for
 *   the settings asked (no feeder, an image format we do not read)
 * @MC_SCANNER_ERROR_FAILED: any other failure the device reports
 */
typedef enum {
  MC_SCANNER_ERROR_NO_DEVICE,
  MC_SCANNER_ERROR_DEVICE_GONE,
  MC_SCANNER_ERROR_BUSY,
  MC_SCANNER_ERROR_JAMMED,
  MC_SCANNER_ERROR_COVER_OPEN,
  MC_SCANNER_ERROR_NO_PAPER,
  MC_SCANNER_ERROR_UNSUPPORTED,
  MC_SCANNER_ERROR_FAILED,
} McScannerError;

typedef enum {
  MC_SCAN_MODE_COLOR,
  MC_SCAN_MODE_GRAY,
  MC_SCAN_MODE_LINEART,
} McScanMode;

typedef enum {
  MC_SCAN_SOURCE_FLATBED,
  MC_SCAN_SOURCE_ADF,
} McScanSource;

/**
 * McScannerDevice:
 * @name: the SANE device name, what mc_scanner_scan_sync() takes
 * @vendor: maker, as the backend says
 * @model: model name
 * @type: kind of device ("flatbed scanner", "virtual device"…)
 */
typedef struct {
  char *name;
  char *vendor;
  char *model;
  char *type;
} McScannerDevice;

void mc_scanner_device_free (McScannerDevice *device);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McScannerDevice, mc_scanner_device_free)

/**
 * McScannerOptions:
 * @resolution_min: lowest resolution in dpi
 * @resolution_max: highest resolution in dpi
 * @resolutions: (nullable): the only resolutions allowed, when the device
 *   has a fixed list; %NULL when any value in the range is allowed
 * @has_color: colour scanning is offered
 * @has_gray: grey scanning is offered
 * @has_lineart: black and white (1 bit) is offered
 * @has_flatbed: a flatbed (or the device has no source choice)
 * @has_adf: a document feeder
 * @has_duplex: the feeder scans both sides
 * @max_width_mm: widest scan area (0 when unknown)
 * @max_height_mm: tallest scan area (0 when unknown)
 */
typedef struct {
  int      resolution_min;
  int      resolution_max;
  GArray  *resolutions;
  gboolean has_color;
  gboolean has_gray;
  gboolean has_lineart;
  gboolean has_flatbed;
  gboolean has_adf;
  gboolean has_duplex;
  double   max_width_mm;
  double   max_height_mm;
} McScannerOptions;

void mc_scanner_options_free (McScannerOptions *options);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McScannerOptions, mc_scanner_options_free)

/**
 * McScanSettings:
 * @resolution: dpi; 0 keeps the device's default
 * @mode: colour, grey or lineart
 * @source: flatbed or feeder; the feeder scans until it is empty
 * @width_mm: scan area width; 0 for the whole area
 * @height_mm: scan area height; 0 for the whole area
 * @duplex: from the feeder, both sides of each sheet (when the device
 *   offers it)
 */
typedef struct {
  int          resolution;
  McScanMode   mode;
  McScanSource source;
  double       width_mm;
  double       height_mm;
  gboolean     duplex;
} McScanSettings;

char     *mc_scan_settings_to_string   (const McScanSettings *settings);
gboolean  mc_scan_settings_from_string (const char           *text,
                                        McScanSettings       *settings);

/**
 * McScannedPage:
 * @width: pixels per line
 * @height: lines
 * @stride: bytes per line in @pixels
 * @channels: 1 (grey, lineart) or 3 (RGB)
 * @depth: bits per sample, 1 or 8; at depth 1 a set bit is black, as SANE
 *   sends it
 * @resolution: dpi the page was scanned at
 * @pixels: the samples, line after line
 */
typedef struct {
  guint   width;
  guint   height;
  guint   stride;
  guint   channels;
  guint   depth;
  guint   resolution;
  GBytes *pixels;
} McScannedPage;

void mc_scanned_page_free (McScannedPage *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McScannedPage, mc_scanned_page_free)

/**
 * McScanProgressFunc:
 * @page: index of the page being scanned, from 0
 * @fraction: how much of that page has arrived, 0 to 1 (0 when the device
 *   does not know the page length)
 * @user_data: data given with the function
 *
 * Reports progress. From mc_scanner_scan_sync() it is called in the
 * scanning thread; from mc_scanner_scan_async() in the caller's main context.
 */
typedef void (*McScanProgressFunc) (guint    page,
                                    double   fraction,
                                    gpointer user_data);

/**
 * McScanPageFunc:
 * @index: the page's number in this scan, from 0
 * @page: (transfer full): the page
 * @user_data: data given with the function
 *
 * Takes a page as soon as it is read, in the caller's main context.
 */
typedef void (*McScanPageFunc) (guint          index,
                                McScannedPage *page,
                                gpointer       user_data);

GQuark            mc_scanner_error_quark   (void);

GPtrArray        *mc_scanner_list_devices  (GError             **error);
McScannerOptions *mc_scanner_read_options  (const char          *device,
                                            GError             **error);
GPtrArray        *mc_scanner_scan_sync     (const char          *device,
                                            const McScanSettings *settings,
                                            McScanProgressFunc   progress,
                                            gpointer             progress_data,
                                            GCancellable        *cancellable,
                                            GError             **error);
void              mc_scanner_scan_async    (const char          *device,
                                            const McScanSettings *settings,
                                            McScanProgressFunc   progress,
                                            gpointer             progress_data,
                                            GDestroyNotify       progress_destroy,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GPtrArray        *mc_scanner_scan_finish   (GAsyncResult        *result,
                                            GError             **error);

void              mc_scanner_scan_pages_async  (const char           *device,
                                                const McScanSettings *settings,
                                                guint                 max_pages,
                                                McScanProgressFunc    progress,
                                                McScanPageFunc        page_func,
                                                gpointer              user_data,
                                                GDestroyNotify        destroy,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              callback_data);
int               mc_scanner_scan_pages_finish (GAsyncResult         *result,
                                                GError              **error);

void              mc_scanner_inject_fault  (guint                after_pages,
                                            McScannerError       code);

G_END_DECLS
