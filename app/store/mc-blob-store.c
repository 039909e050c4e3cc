/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Content-addressed files: blobs/ab/abcdef… named by SHA-256. A file is
 * copied to a temporary name in blobs/ while its hash is computed, fsync'd,
 * then renamed to its hash, and the folder is fsync'd, so a crash leaves
 * either the whole blob or only a temporary file. Blobs are written before
 * the transaction that refers to them: an unreferenced blob after a crash
 * is harmless, a reference to a missing blob never happens. The same
 * content is stored once. */
#define G_LOG_DOMAIN "motcua-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "mc-blob-store.h"
#include "mc-store.h"

/**
 * mc_blob_store_is_sha256:
 * @text: (nullable): a name read from the store or from the central system
 *
 * Returns: %TRUE when @text is a SHA-256 as the blob store names files:
 *   exactly 64 lower-case hexadecimal digits, so that it can never walk
 *   out of the blob folder
 */
gboolean
mc_blob_store_is_sha256 (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;

  return TRUE;
}

/**
 * mc_blob_store_check_sha256:
 * @sha256: (nullable): a file's SHA-256 as read from the store
 * @error: where to say it is not one
 *
 * Returns: %TRUE when @sha256 may name a blob; otherwise
 *   %MC_STORE_ERROR_CORRUPT
 */
gboolean
mc_blob_store_check_sha256 (const char  *sha256,
                            GError     **error)
{
  if (mc_blob_store_is_sha256 (sha256))
    return TRUE;

  g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_CORRUPT,
               _("A file of this workspace is recorded under “%s”, which is not a SHA-256. The record was altered; restore the workspace from a backup or sync it again."),
               sha256 != NULL ? sha256 : "");
  return FALSE;
}

/**
 * mc_blob_store_path:
 * @blob_dir: the blob folder
 * @sha256: a file's SHA-256
 *
 * Returns: (transfer full) (nullable): where the file is kept, or %NULL
 *   when @sha256 is not a SHA-256 (see mc_blob_store_is_sha256())
 */
char *
mc_blob_store_path (const char *blob_dir,
                    const char *sha256)
{
  char prefix[3];

  if (!mc_blob_store_is_sha256 (sha256))
    return NULL;
  prefix[0] = sha256[0];
  prefix[1] = sha256[1];
  prefix[2] = '\0';

  return g_build_filename (blob_dir, prefix, sha256, NULL);
}

gboolean
mc_blob_store_has (const char *blob_dir,
                   const char *sha256)
{
  g_autofree char *path = mc_blob_store_path (blob_dir, sha256);

  return path != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

static gboolean
fsync_dir (const char  *dir,
           GError     **error)
{
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd < 0 || fsync (fd) != 0)
    {
      int saved = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_FAILED,
                   _("Cannot save the folder “%s”: %s."), dir, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  return TRUE;
}

static gboolean
write_error (GError     **error,
             const char  *what,
             int          saved)
{
  g_set_error (error, MC_STORE_ERROR, saved == ENOSPC ? MC_STORE_ERROR_FULL : MC_STORE_ERROR_FAILED,
               saved == ENOSPC ? _("The disk is full, so “%s” was not saved. Free some space and try again.")
                               : _("Cannot save “%s”. Check the disk and try again."),
               what);
  return FALSE;
}

/* Moves a finished temporary file into place under its hash. */
static char *
commit_blob (const char  *blob_dir,
             const char  *tmp_path,
             const char  *sha256,
             GError     **error)
{
  g_autofree char *final_path = mc_blob_store_path (blob_dir, sha256);
  g_autofree char *sub_dir = g_path_get_dirname (final_path);

  if (g_file_test (final_path, G_FILE_TEST_IS_REGULAR))
    {
      g_unlink (tmp_path);
      return g_strdup (sha256);
    }

  if (g_mkdir_with_parents (sub_dir, 0700) != 0)
    {
      int saved = errno;
      g_unlink (tmp_path);
      write_error (error, final_path, saved);
      return NULL;
    }

  if (g_rename (tmp_path, final_path) != 0)
    {
      int saved = errno;
      g_unlink (tmp_path);
      write_error (error, final_path, saved);
      return NULL;
    }

  if (!fsync_dir (sub_dir, error))
    return NULL;

  return g_strdup (sha256);
}

/**
 * mc_blob_store_put_file:
 * @blob_dir: the workspace's blob folder
 * @path: the file to store
 * @size: (out) (optional): its size in bytes
 * @cancellable: (nullable): stops a long copy
 * @error: where to put a failure
 *
 * Returns: (transfer full): the SHA-256 (hex) the file is stored under
 */
char *
mc_blob_store_put_file (const char    *blob_dir,
                        const char    *path,
                        gint64        *size,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *tmp_path = g_build_filename (blob_dir, ".incoming-XXXXXX", NULL);
  g_autofree char *sha256 = NULL;
  g_autofree guchar *buffer = g_malloc (64 * 1024);
  gint64 total = 0;
  int in_fd;
  int out_fd;

  g_return_val_if_fail (blob_dir != NULL && path != NULL, NULL);

  in_fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (in_fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot read “%s”: %s."), path, g_strerror (saved));
      return NULL;
    }

  out_fd = g_mkstemp_full (tmp_path, O_WRONLY | O_CLOEXEC, 0600);
  if (out_fd < 0)
    {
      int saved = errno;
      close (in_fd);
      write_error (error, path, saved);
      return NULL;
    }

  for (;;)
    {
      ssize_t n = read (in_fd, buffer, 64 * 1024);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 || g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          int saved = errno;

          close (in_fd);
          close (out_fd);
          g_unlink (tmp_path);
          if (n < 0)
            g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                         _("Cannot read “%s”: %s."), path, g_strerror (saved));
          return NULL;
        }
      if (n == 0)
        break;

      g_checksum_update (checksum, buffer, n);
      total += n;
      for (ssize_t done = 0; done < n;)
        {
          ssize_t w = write (out_fd, buffer + done, n - done);

          if (w < 0 && errno == EINTR)
            continue;
          if (w < 0)
            {
              int saved = errno;

              close (in_fd);
              close (out_fd);
              g_unlink (tmp_path);
              write_error (error, path, saved);
              return NULL;
            }
          done += w;
        }
    }
  close (in_fd);

  if (fsync (out_fd) != 0 || close (out_fd) != 0)
    {
      int saved = errno;
      g_unlink (tmp_path);
      write_error (error, path, saved);
      return NULL;
    }

  if (size != NULL)
    *size = total;
  sha256 = g_strdup (g_checksum_get_string (checksum));

  return commit_blob (blob_dir, tmp_path, sha256, error);
}

/**
 * mc_blob_store_put_bytes:
 * @blob_dir: the workspace's blob folder
 * @bytes: the content
 * @error: where to put a failure
 *
 * Returns: (transfer full): the SHA-256 (hex) the content is stored under
 */
char *
mc_blob_store_put_bytes (const char  *blob_dir,
                         GBytes      *bytes,
                         GError     **error)
{
  g_autofree char *tmp_path = g_build_filename (blob_dir, ".incoming-XXXXXX", NULL);
  g_autofree char *sha256 = NULL;
  gsize length = 0;
  const guchar *data = g_bytes_get_data (bytes, &length);
  int fd;

  sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, length);
  if (mc_blob_store_has (blob_dir, sha256))
    return g_steal_pointer (&sha256);

  fd = g_mkstemp_full (tmp_path, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      write_error (error, sha256, errno);
      return NULL;
    }
  for (gsize done = 0; done < length;)
    {
      ssize_t w = write (fd, data + done, length - done);

      if (w < 0 && errno == EINTR)
        continue;
      if (w < 0)
        {
          int saved = errno;
          close (fd);
          g_unlink (tmp_path);
          write_error (error, sha256, saved);
          return NULL;
        }
      done += w;
    }
  if (fsync (fd) != 0 || close (fd) != 0)
    {
      int saved = errno;
      g_unlink (tmp_path);
      write_error (error, sha256, saved);
      return NULL;
    }

  return commit_blob (blob_dir, tmp_path, sha256, error);
}
