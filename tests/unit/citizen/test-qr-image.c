/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading QR codes from image files made here with libqrencode and
 * Leptonica: clean, rotated and scaled, photo-like, transparent, two codes
 * in one picture; and the clear errors for everything that is not a
 * readable code. */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "digitise/mc-qr-reader.h"
#include "qr-fixture.h"

#define CARD "001099012345|123456789|Nguyễn Văn Ánh|15031999|Nam|" \
  "Thôn 3, Xã Tân Lập, Huyện Đan Phượng, Thành phố Hà Nội|10072021"

static char *tmpdir;

static char *
write_image (PIX        *pix,
             const char *name,
             int         format)
{
  char *path = g_build_filename (tmpdir, name, NULL);

  fixture_write (pix, path, format);
  return path;
}

static void
assert_reads (const char *path,
              const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) texts = mc_qr_read_image_sync (path, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (texts);
  g_assert_cmpuint (g_strv_length (texts), ==, 1);
  g_assert_cmpstr (texts[0], ==, expected);
}

static void
assert_fails (const char *path,
              int         code)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) texts = mc_qr_read_image_sync (path, NULL, &error);

  g_assert_null (texts);
  g_assert_error (error, MC_QR_READER_ERROR, code);
  g_assert_cmpuint (strlen (error->message), >, 20);
}

static void
test_plain_png (void)
{
  g_autoptr(PIX) pix = fixture_qr_pix (CARD, strlen (CARD), 4);
  g_autofree char *path = write_image (pix, "plain.png", IFF_PNG);

  assert_reads (path, CARD);
}

static void
test_rotated_scaled_jpeg (void)
{
  g_autoptr(PIX) pix = fixture_qr_pix (CARD, strlen (CARD), 3);
  g_autoptr(PIX) turned = fixture_rotated_scaled (pix, 23.0f, 2.6f);
  g_autofree char *path = write_image (turned, "rotated.jpg", IFF_JFIF_JPEG);

  assert_reads (path, CARD);
}

static void
test_large_photo (void)
{
  g_autoptr(PIX) pix = fixture_qr_pix (CARD, strlen (CARD), 6);
  g_autoptr(PIX) large = fixture_rotated_scaled (pix, -4.0f, 6.5f);
  g_autofree char *path = write_image (large, "large.png", IFF_PNG);

  g_assert_cmpint (pixGetWidth (large), >, 2000);
  assert_reads (path, CARD);
}

static void
test_photo_like (void)
{
  g_autoptr(PIX) pix = fixture_qr_pix (CARD, strlen (CARD), 4);
  g_autoptr(PIX) photo = fixture_photo_like (pix);
  g_autofree char *path = write_image (photo, "photo.jpg", IFF_JFIF_JPEG);

  assert_reads (path, CARD);
}

static void
test_transparent_png (void)
{
  g_autoptr(PIX) pix = fixture_qr_pix (CARD, strlen (CARD), 4);
  g_autoptr(PIX) rgba = fixture_transparent (pix);
  g_autofree char *path = write_image (rgba, "transparent.png", IFF_PNG);

  assert_reads (path, CARD);
}

static void
test_two_codes (void)
{
  const char *url = "https://dichvucong.gov.vn/";
  g_autoptr(PIX) card = fixture_qr_pix (CARD, strlen (CARD), 4);
  g_autoptr(PIX) link = fixture_qr_pix (url, strlen (url), 4);
  g_autoptr(PIX) both = fixture_side_by_side (link, card);
  g_autofree char *path = write_image (both, "two.png", IFF_PNG);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) texts = mc_qr_read_image_sync (path, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (texts), ==, 2);
  g_assert_true (g_strv_contains ((const char * const *) texts, CARD));
  g_assert_true (g_strv_contains ((const char * const *) texts, url));
}

static void
test_binary_payload (void)
{
  const char bytes[] = { '\xFF', '\xFE', '\x00', '\x81', 'a', 'b', '\xC3' };
  g_autoptr(PIX) pix = fixture_qr_pix (bytes, sizeof bytes, 4);
  g_autofree char *path = write_image (pix, "binary.png", IFF_PNG);

  assert_fails (path, MC_QR_READER_ERROR_NOT_TEXT);
}

static void
test_no_code (void)
{
  g_autoptr(PIX) blank = pixCreate (300, 200, 8);
  g_autoptr(PIX) noise = NULL;
  g_autofree char *blank_path = NULL;
  g_autofree char *noise_path = NULL;

  pixSetAll (blank);
  blank_path = write_image (blank, "blank.png", IFF_PNG);
  assert_fails (blank_path, MC_QR_READER_ERROR_NO_CODE);

  pixSetAllArbitrary (blank, 128);
  noise = pixAddGaussianNoise (blank, 60.0f);
  noise_path = write_image (noise, "noise.jpg", IFF_JFIF_JPEG);
  assert_fails (noise_path, MC_QR_READER_ERROR_NO_CODE);
}

static void
test_not_an_image (void)
{
  g_autofree char *text = g_build_filename (tmpdir, "notes.txt", NULL);
  g_autofree char *truncated = g_build_filename (tmpdir, "truncated.png", NULL);
  g_autofree char *empty = g_build_filename (tmpdir, "empty.png", NULL);
  g_autoptr(PIX) pix = fixture_qr_pix (CARD, strlen (CARD), 4);
  g_autofree char *good = write_image (pix, "good.png", IFF_PNG);
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_set_contents (text, CARD "\n", -1, NULL));
  assert_fails (text, MC_QR_READER_ERROR_NOT_AN_IMAGE);

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  assert_fails (empty, MC_QR_READER_ERROR_NOT_AN_IMAGE);

  /* A PNG signature and header, then nothing. */
  g_assert_true (g_file_get_contents (good, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (truncated, contents, 60, NULL));
  assert_fails (truncated, MC_QR_READER_ERROR_NOT_AN_IMAGE);
}

static void
test_unreadable (void)
{
  g_autofree char *missing = g_build_filename (tmpdir, "no-such-file.png", NULL);

  assert_fails (missing, MC_QR_READER_ERROR_UNREADABLE);
  assert_fails (tmpdir, MC_QR_READER_ERROR_UNREADABLE);
}

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GStrv *out = user_data;
  g_autoptr(GError) error = NULL;

  *out = mc_qr_read_image_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_async (void)
{
  g_autoptr(PIX) pix = fixture_qr_pix (CARD, strlen (CARD), 4);
  g_autofree char *path = write_image (pix, "async.png", IFF_PNG);
  g_auto(GStrv) texts = NULL;

  mc_qr_read_image_async (path, NULL, on_read, &texts);
  while (texts == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpstr (texts[0], ==, CARD);
}

static void
test_cancelled (void)
{
  g_autoptr(PIX) pix = fixture_qr_pix (CARD, strlen (CARD), 4);
  g_autofree char *path = write_image (pix, "cancel.png", IFF_PNG);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) texts = NULL;

  g_cancellable_cancel (cancellable);
  texts = mc_qr_read_image_sync (path, cancellable, &error);
  g_assert_null (texts);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = fixture_tmpdir ();

  g_test_add_func ("/qr-image/plain-png", test_plain_png);
  g_test_add_func ("/qr-image/rotated-scaled-jpeg", test_rotated_scaled_jpeg);
  g_test_add_func ("/qr-image/large-photo", test_large_photo);
  g_test_add_func ("/qr-image/photo-like", test_photo_like);
  g_test_add_func ("/qr-image/transparent-png", test_transparent_png);
  g_test_add_func ("/qr-image/two-codes", test_two_codes);
  g_test_add_func ("/qr-image/binary-payload", test_binary_payload);
  g_test_add_func ("/qr-image/no-code", test_no_code);
  g_test_add_func ("/qr-image/not-an-image", test_not_an_image);
  g_test_add_func ("/qr-image/unreadable", test_unreadable);
  g_test_add_func ("/qr-image/async", test_async);
  g_test_add_func ("/qr-image/cancelled", test_cancelled);

  status = g_test_run ();
  /* MOTCUA_TEST_KEEP_FILES=1 keeps the images for a person to look at. */
  if (g_getenv ("MOTCUA_TEST_KEEP_FILES") == NULL)
    fixture_rmdir (tmpdir);
  else
    g_printerr ("# images kept in %s\n", tmpdir);
  g_free (tmpdir);

  return status;
}
