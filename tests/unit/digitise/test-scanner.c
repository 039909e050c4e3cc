/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mc-scanner against SANE's own `test` backend: each test writes a
 * SANE_CONFIG_DIR whose dll.conf loads only `test` and whose test.conf
 * picks the picture, the read status and the chunking, so the flatbed, the
 * feeder (the test backend's feeder holds 10 sheets), cancel in the middle
 * of a page and the statuses a person fixes at the scanner are all real
 * SANE round trips. Cancel is triggered from the progress callback once
 * part of a page has arrived, so it never depends on timing. */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "digitise/mc-scanner.h"
#include "sane-keep.h"

typedef struct {
  char *dir;
} Fixture;

/* Writes test.conf with the backend defaults plus @extra lines. The
 * backend stays loaded between tests (sane-keep.c) and sane_init() sets
 * only what test.conf names, so the defaults every test relies on are
 * written out, read-limit and the read status included. */
static void
write_config (Fixture    *fixture,
              const char *extra)
{
  g_autofree char *dll = g_build_filename (fixture->dir, "dll.conf", NULL);
  g_autofree char *conf = g_build_filename (fixture->dir, "test.conf", NULL);
  g_autofree char *text = g_strdup_printf ("number_of_devices 2\n"
                                           "mode Gray\n"
                                           "depth 8\n"
                                           "resolution 50.0\n"
                                           "test-picture \"Color pattern\"\n"
                                           "geometry_max 200.0\n"
                                           "br_x 80.0\n"
                                           "br_y 100.0\n"
                                           "read-limit false\n"
                                           "read-status-code \"Default\"\n"
                                           "%s", extra);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (dll, "test\n", -1, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (conf, text, -1, &error));
  g_assert_no_error (error);
}

/* SANE reads SANE_CONFIG_DIR once per process and keeps it, so all tests
 * share one directory and each rewrites test.conf. */
static char *config_dir;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = config_dir;
  write_config (fixture, data != NULL ? data : "");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
}

static void
test_list (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) devices = mc_scanner_list_devices (&error);
  gboolean seen0 = FALSE, seen1 = FALSE;

  g_assert_no_error (error);
  g_assert_cmpuint (devices->len, ==, 2);
  for (guint i = 0; i < devices->len; i++)
    {
      McScannerDevice *device = g_ptr_array_index (devices, i);

      seen0 |= g_strcmp0 (device->name, "test:0") == 0;
      seen1 |= g_strcmp0 (device->name, "test:1") == 0;
      g_assert_nonnull (device->model);
    }
  g_assert_true (seen0 && seen1);
}

static void
test_options (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McScannerOptions) options = mc_scanner_read_options ("test:0", &error);

  g_assert_no_error (error);
  g_assert_cmpint (options->resolution_min, ==, 1);
  g_assert_cmpint (options->resolution_max, ==, 1200);
  g_assert_true (options->has_color);
  g_assert_true (options->has_gray);
  g_assert_true (options->has_lineart);
  g_assert_true (options->has_flatbed);
  g_assert_true (options->has_adf);
  g_assert_false (options->has_duplex);
  g_assert_cmpfloat_with_epsilon (options->max_width_mm, 200.0, 0.01);
  g_assert_cmpfloat_with_epsilon (options->max_height_mm, 200.0, 0.01);
}

static void
count_progress (guint    page,
                double   fraction,
                gpointer user_data)
{
  GArray *seen = user_data;

  g_assert_cmpfloat (fraction, >=, 0);
  g_assert_cmpfloat (fraction, <=, 1);
  if (page >= seen->len)
    g_array_set_size (seen, page + 1);
  g_array_index (seen, double, page) = fraction;
}

static void
test_flatbed_color (Fixture       *fixture,
                    gconstpointer  data)
{
  McScanSettings settings = { .resolution = 100, .mode = MC_SCAN_MODE_COLOR,
                              .source = MC_SCAN_SOURCE_FLATBED, .width_mm = 50.8, .height_mm = 76.2 };
  g_autoptr(GArray) seen = g_array_new (FALSE, TRUE, sizeof (double));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pages = mc_scanner_scan_sync ("test:0", &settings, count_progress, seen, NULL, &error);
  McScannedPage *page;
  const guchar *pixels;
  gsize size;
  gboolean varied = FALSE;

  g_assert_no_error (error);
  g_assert_cmpuint (pages->len, ==, 1);
  page = g_ptr_array_index (pages, 0);
  g_assert_cmpuint (page->channels, ==, 3);
  g_assert_cmpuint (page->depth, ==, 8);
  g_assert_cmpuint (page->resolution, ==, 100);
  /* 2 × 3 inches at 100 dpi, give or take the backend's rounding. */
  g_assert_cmpuint (page->width, >=, 199);
  g_assert_cmpuint (page->width, <=, 201);
  g_assert_cmpuint (page->height, >=, 299);
  g_assert_cmpuint (page->height, <=, 301);
  g_assert_cmpuint (page->stride, >=, page->width * 3);
  pixels = g_bytes_get_data (page->pixels, &size);
  g_assert_cmpuint (size, ==, page->stride * page->height);
  for (gsize i = 3; i < size && !varied; i += 3)
    varied = pixels[i] != pixels[0] || pixels[i + 1] != pixels[1];
  g_assert_true (varied);
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_cmpfloat (g_array_index (seen, double, 0), ==, 1.0);
}

static void
test_adf_until_empty (Fixture       *fixture,
                      gconstpointer  data)
{
  McScanSettings settings = { .resolution = 30, .mode = MC_SCAN_MODE_GRAY, .source = MC_SCAN_SOURCE_ADF };
  g_autoptr(GArray) seen = g_array_new (FALSE, TRUE, sizeof (double));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pages = mc_scanner_scan_sync ("test:0", &settings, count_progress, seen, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (pages->len, ==, 10);
  g_assert_cmpuint (seen->len, ==, 10);
  for (guint i = 0; i < pages->len; i++)
    {
      McScannedPage *page = g_ptr_array_index (pages, i);

      g_assert_cmpuint (page->channels, ==, 1);
      g_assert_cmpuint (page->depth, ==, 8);
      g_assert_cmpfloat (g_array_index (seen, double, i), ==, 1.0);
    }
}

static void
test_lineart (Fixture       *fixture,
              gconstpointer  data)
{
  McScanSettings settings = { .resolution = 100, .mode = MC_SCAN_MODE_LINEART, .source = MC_SCAN_SOURCE_FLATBED };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pages = mc_scanner_scan_sync ("test:1", &settings, NULL, NULL, NULL, &error);
  McScannedPage *page;

  g_assert_no_error (error);
  page = g_ptr_array_index (pages, 0);
  g_assert_cmpuint (page->channels, ==, 1);
  g_assert_cmpuint (page->depth, ==, 1);
  g_assert_cmpuint (page->stride, ==, (page->width + 7) / 8);
}

/* Two-sided scanning asked of a feeder that has no such source: refused
 * with what to do, before any page. */
static void
test_no_duplex (Fixture       *fixture,
                gconstpointer  data)
{
  McScanSettings settings = { .resolution = 30, .mode = MC_SCAN_MODE_GRAY, .source = MC_SCAN_SOURCE_ADF,
                              .duplex = TRUE };
  g_autoptr(McScannerOptions) options = mc_scanner_read_options ("test:0", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pages = NULL;

  g_assert_nonnull (options);
  g_assert_false (options->has_duplex);
  pages = mc_scanner_scan_sync ("test:0", &settings, NULL, NULL, NULL, &error);
  g_assert_null (pages);
  g_assert_error (error, MC_SCANNER_ERROR, MC_SCANNER_ERROR_UNSUPPORTED);
}

/* An officer's settings as kept text and back; what the text does not
 * say, or says wrongly, keeps its value. */
static void
test_settings_text (void)
{
  McScanSettings settings = { .resolution = 150, .mode = MC_SCAN_MODE_LINEART, .source = MC_SCAN_SOURCE_ADF,
                              .width_mm = 148, .height_mm = 210, .duplex = TRUE };
  McScanSettings back = { 0 };
  g_autofree char *text = mc_scan_settings_to_string (&settings);

  g_assert_true (mc_scan_settings_from_string (text, &back));
  g_assert_cmpint (back.resolution, ==, 150);
  g_assert_cmpint (back.mode, ==, MC_SCAN_MODE_LINEART);
  g_assert_cmpint (back.source, ==, MC_SCAN_SOURCE_ADF);
  g_assert_true (back.duplex);
  g_assert_cmpfloat (back.width_mm, ==, 148);
  g_assert_cmpfloat (back.height_mm, ==, 210);

  back = (McScanSettings) { .resolution = 300, .mode = MC_SCAN_MODE_COLOR };
  g_assert_true (mc_scan_settings_from_string ("resolution=9999;mode=sepia;source=flatbed", &back));
  g_assert_cmpint (back.resolution, ==, 300);
  g_assert_cmpint (back.mode, ==, MC_SCAN_MODE_COLOR);
  g_assert_false (mc_scan_settings_from_string ("nothing here", &back));
  g_assert_false (mc_scan_settings_from_string (NULL, &back));
}

typedef struct {
  GCancellable *cancellable;
  double        fraction_at_cancel;
  guint         calls_after_cancel;
} CancelState;

static void
cancel_mid_page (guint    page,
                 double   fraction,
                 gpointer user_data)
{
  CancelState *state = user_data;

  if (g_cancellable_is_cancelled (state->cancellable))
    state->calls_after_cancel++;
  else if (page == 0 && fraction > 0)
    {
      state->fraction_at_cancel = fraction;
      g_cancellable_cancel (state->cancellable);
    }
}

static void
test_cancel_mid_page (Fixture       *fixture,
                      gconstpointer  data)
{
  McScanSettings settings = { .resolution = 100, .mode = MC_SCAN_MODE_GRAY, .source = MC_SCAN_SOURCE_ADF };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  CancelState state = { cancellable, 0, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pages = mc_scanner_scan_sync ("test:0", &settings, cancel_mid_page, &state,
                                                     cancellable, &error);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (pages);
  /* read-limit-size makes the page arrive in many small reads. */
  g_assert_cmpfloat (state.fraction_at_cancel, >, 0);
  g_assert_cmpfloat (state.fraction_at_cancel, <, 0.5);
  g_assert_cmpuint (state.calls_after_cancel, ==, 0);

  /* The device is free again afterwards. */
  g_clear_error (&error);
  settings.source = MC_SCAN_SOURCE_FLATBED;
  pages = mc_scanner_scan_sync ("test:0", &settings, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pages->len, ==, 1);
}

typedef struct {
  const char *status;
  GQuark      domain;
  int         code;
} StatusCase;

static void
test_status (Fixture       *fixture,
             gconstpointer  data)
{
  static const StatusCase cases[] = {
    { "SANE_STATUS_JAMMED", 0, MC_SCANNER_ERROR_JAMMED },
    { "SANE_STATUS_COVER_OPEN", 0, MC_SCANNER_ERROR_COVER_OPEN },
    { "SANE_STATUS_NO_DOCS", 0, MC_SCANNER_ERROR_NO_PAPER },
    { "SANE_STATUS_IO_ERROR", 0, MC_SCANNER_ERROR_DEVICE_GONE },
    { "SANE_STATUS_DEVICE_BUSY", 0, MC_SCANNER_ERROR_BUSY },
    { "SANE_STATUS_NO_MEM", 0, MC_SCANNER_ERROR_FAILED },
  };
  McScanSettings settings = { .resolution = 50, .mode = MC_SCAN_MODE_GRAY, .source = MC_SCAN_SOURCE_FLATBED };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *line = g_strdup_printf ("read-status-code \"%s\"\n", cases[i].status);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) pages = NULL;

      write_config (fixture, line);
      pages = mc_scanner_scan_sync ("test:0", &settings, NULL, NULL, NULL, &error);
      g_test_message ("%s: %s", cases[i].status, error != NULL ? error->message : "no error");
      g_assert_error (error, MC_SCANNER_ERROR, cases[i].code);
      g_assert_null (pages);
      g_assert_cmpuint (strlen (error->message), >, 20);
    }
}

static void
test_no_device (Fixture       *fixture,
                gconstpointer  data)
{
  McScanSettings settings = { .resolution = 50, .mode = MC_SCAN_MODE_GRAY, .source = MC_SCAN_SOURCE_FLATBED };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pages = mc_scanner_scan_sync ("nosuchbackend:0", &settings, NULL, NULL, NULL, &error);
  g_autoptr(McScannerOptions) options = NULL;

  g_assert_error (error, MC_SCANNER_ERROR, MC_SCANNER_ERROR_NO_DEVICE);
  g_assert_null (pages);
  g_clear_error (&error);
  options = mc_scanner_read_options ("nosuchbackend:0", &error);
  g_assert_error (error, MC_SCANNER_ERROR, MC_SCANNER_ERROR_NO_DEVICE);
  g_assert_null (options);
}

typedef struct {
  GMainLoop *loop;
  GThread   *main_thread;
  GPtrArray *pages;
  GError    *error;
  guint      progress_calls;
  gboolean   done;
} AsyncState;

static void
async_progress (guint    page,
                double   fraction,
                gpointer user_data)
{
  AsyncState *state = user_data;

  g_assert_true (g_thread_self () == state->main_thread);
  state->progress_calls++;
}

static void
async_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncState *state = user_data;

  state->pages = mc_scanner_scan_finish (result, &state->error);
  state->done = TRUE;
  g_main_loop_quit (state->loop);
}

static void
test_async (Fixture       *fixture,
            gconstpointer  data)
{
  McScanSettings settings = { .resolution = 30, .mode = MC_SCAN_MODE_GRAY, .source = MC_SCAN_SOURCE_ADF };
  AsyncState state = { 0 };

  state.loop = g_main_loop_new (NULL, FALSE);
  state.main_thread = g_thread_self ();
  mc_scanner_scan_async ("test:0", &settings, async_progress, &state, NULL, NULL, async_done, &state);
  g_main_loop_run (state.loop);
  g_assert_true (state.done);
  g_assert_no_error (state.error);
  g_assert_cmpuint (state.pages->len, ==, 10);
  /* Every report queued before the result is dispatched by now or soon;
   * at least the first page's start was. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (state.progress_calls, >=, 20);
  g_ptr_array_unref (state.pages);
  g_main_loop_unref (state.loop);
}

typedef struct {
  GMainLoop *loop;
  GPtrArray *pages;
  GError    *error;
  int        n;
  guint      pages_at_end;
} PagesState;

static void
pages_arrived (guint          index,
               McScannedPage *page,
               gpointer       user_data)
{
  PagesState *state = user_data;

  g_assert_cmpuint (index, ==, state->pages->len);
  g_ptr_array_add (state->pages, page);
}

static void
pages_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  PagesState *state = user_data;

  state->n = mc_scanner_scan_pages_finish (result, &state->error);
  state->pages_at_end = state->pages->len;
  g_main_loop_quit (state->loop);
}

static void
scan_pages (PagesState           *state,
            const McScanSettings *settings,
            guint                 max_pages)
{
  state->loop = g_main_loop_new (NULL, FALSE);
  state->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_scanned_page_free);
  mc_scanner_scan_pages_async ("test:0", settings, max_pages, NULL, pages_arrived, state, NULL, NULL,
                               pages_done, state);
  g_main_loop_run (state->loop);
  g_main_loop_unref (state->loop);
}

/* Pages one by one: a jam on the third sheet (injected: the test backend
 * cannot jam) keeps the two before it, all handed over before the end is
 * reported; the feeder "runs empty" after 4 sheets; one page when asked
 * for one (a page scanned again). */
static void
test_pages_async (Fixture       *fixture,
                  gconstpointer  data)
{
  McScanSettings settings = { .resolution = 30, .mode = MC_SCAN_MODE_GRAY, .source = MC_SCAN_SOURCE_ADF };
  PagesState jam = { 0 }, empty = { 0 }, one = { 0 }, again = { 0 };

  mc_scanner_inject_fault (2, MC_SCANNER_ERROR_JAMMED);
  scan_pages (&jam, &settings, 0);
  g_assert_error (jam.error, MC_SCANNER_ERROR, MC_SCANNER_ERROR_JAMMED);
  g_assert_cmpint (jam.n, ==, -1);
  g_assert_cmpuint (jam.pages_at_end, ==, 2);

  mc_scanner_inject_fault (4, MC_SCANNER_ERROR_NO_PAPER);
  scan_pages (&empty, &settings, 0);
  g_assert_no_error (empty.error);
  g_assert_cmpint (empty.n, ==, 4);
  g_assert_cmpuint (empty.pages_at_end, ==, 4);

  scan_pages (&one, &settings, 1);
  g_assert_no_error (one.error);
  g_assert_cmpint (one.n, ==, 1);
  g_assert_cmpuint (one.pages_at_end, ==, 1);

  /* The fault fired once: the feeder holds its 10 sheets again. */
  scan_pages (&again, &settings, 0);
  g_assert_no_error (again.error);
  g_assert_cmpint (again.n, ==, 10);
  g_assert_cmpuint (again.pages_at_end, ==, 10);

  g_clear_error (&jam.error);
  g_ptr_array_unref (jam.pages);
  g_ptr_array_unref (empty.pages);
  g_ptr_array_unref (one.pages);
  g_ptr_array_unref (again.pages);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dll = NULL;
  g_autofree char *conf = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  sane_keep_test_backend ();
  config_dir = g_dir_make_tmp ("motcua-sane-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("SANE_CONFIG_DIR", config_dir, TRUE);

  g_test_add ("/digitise/scanner/list", Fixture, NULL, fixture_set_up, test_list, fixture_tear_down);
  g_test_add ("/digitise/scanner/options", Fixture, NULL, fixture_set_up, test_options, fixture_tear_down);
  g_test_add ("/digitise/scanner/flatbed-color", Fixture, NULL, fixture_set_up, test_flatbed_color, fixture_tear_down);
  g_test_add ("/digitise/scanner/adf-until-empty", Fixture, NULL, fixture_set_up, test_adf_until_empty, fixture_tear_down);
  g_test_add ("/digitise/scanner/lineart", Fixture, NULL, fixture_set_up, test_lineart, fixture_tear_down);
  g_test_add ("/digitise/scanner/no-duplex", Fixture, NULL, fixture_set_up, test_no_duplex, fixture_tear_down);
  g_test_add_func ("/digitise/scanner/settings-text", test_settings_text);
  g_test_add ("/digitise/scanner/cancel-mid-page", Fixture, "read-limit true\nread-limit-size 500\n",
              fixture_set_up, test_cancel_mid_page, fixture_tear_down);
  g_test_add ("/digitise/scanner/status-errors", Fixture, NULL, fixture_set_up, test_status, fixture_tear_down);
  g_test_add ("/digitise/scanner/no-device", Fixture, NULL, fixture_set_up, test_no_device, fixture_tear_down);
  g_test_add ("/digitise/scanner/async", Fixture, NULL, fixture_set_up, test_async, fixture_tear_down);
  g_test_add ("/digitise/scanner/pages-async", Fixture, NULL, fixture_set_up, test_pages_async, fixture_tear_down);

  status = g_test_run ();
  dll = g_build_filename (config_dir, "dll.conf", NULL);
  conf = g_build_filename (config_dir, "test.conf", NULL);
  g_unlink (dll);
  g_unlink (conf);
  g_rmdir (config_dir);
  g_free (config_dir);
  return status;
}
