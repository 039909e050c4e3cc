/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The incremental-update writer: a temporary file beside the output gets a
 * streamed copy of the original (never changed, an exact prefix of the
 * result), then new and replaced objects, then a cross-reference section of
 * the same kind as the file's last one, chained with /Prev. Commit is fsync
 * and rename; anything else unlinks the temporary file. */
#define G_LOG_DOMAIN "motcua-pdf"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "mc-pdf-private.h"

#define COPY_CHUNK (64 * 1024)

struct _McPdfUpdate
{
  McPdfDocument *doc;
  char          *out_path;
  char          *tmp_path;
  int            fd;
  goffset        pos;
  guint32        next_num;
  GArray        *written; /* McPdfXrefEntry */
  gboolean       committed;
};

static gboolean
io_error (GError    **error,
          const char *path,
          int         err)
{
  g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_IO,
               _("Could not write “%s”: %s. Check that the folder is writable and the disk "
                 "is not full."), path, g_strerror (err));
  return FALSE;
}

gboolean
mc_pdf_write_all (int         fd,
                  const void *data,
                  gsize       len,
                  GError    **error)
{
  const char *p = data;

  while (len > 0)
    {
      gssize n = write (fd, p, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return io_error (error, "PDF", n < 0 ? errno : ENOSPC);
      p += n;
      len -= (gsize) n;
    }
  return TRUE;
}

gboolean
mc_pdf_pwrite_all (int         fd,
                   const void *data,
                   gsize       len,
                   goffset     offset,
                   GError    **error)
{
  const char *p = data;

  while (len > 0)
    {
      gssize n = pwrite (fd, p, len, offset);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return io_error (error, "PDF", n < 0 ? errno : ENOSPC);
      p += n;
      len -= (gsize) n;
      offset += n;
    }
  return TRUE;
}

static gboolean
emit (McPdfUpdate *up,
      const void  *data,
      gsize        len,
      GError     **error)
{
  if (!mc_pdf_write_all (up->fd, data, len, error))
    return FALSE;
  up->pos += (goffset) len;
  return TRUE;
}

static gboolean
emit_str (McPdfUpdate *up,
          const char  *s,
          GError     **error)
{
  return emit (up, s, strlen (s), error);
}

McPdfUpdate *
mc_pdf_update_begin (McPdfDocument *doc,
                     const char    *output_path,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(McPdfUpdate) up = g_new0 (McPdfUpdate, 1);
  g_autofree char *dir = g_path_get_dirname (output_path);
  g_autofree char *base = g_path_get_basename (output_path);
  g_autofree char *tmpl = NULL;
  g_autofree guint8 *buf = g_malloc (COPY_CHUNK);
  McPdfSource *src = mc_pdf_document_get_source (doc);
  goffset size = mc_pdf_document_get_size (doc);
  guint8 last = '\n';

  up->fd = -1;
  up->doc = g_object_ref (doc);
  up->out_path = g_strdup (output_path);
  up->written = g_array_new (FALSE, FALSE, sizeof (McPdfXrefEntry));
  up->next_num = mc_pdf_document_get_next_num (doc);
  if (up->next_num >= MC_PDF_MAX_OBJECTS - 1000)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_TOO_LARGE,
                   _("The PDF file already holds the most objects a PDF may have; it cannot "
                     "be signed."));
      return NULL;
    }

  /* Beside the output, so the final rename stays on one file system. */
  tmpl = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  up->fd = g_mkstemp_full (tmpl, O_RDWR | O_CLOEXEC, 0600);
  if (up->fd < 0)
    {
      int err = errno;
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_IO,
                   _("Could not create a file in “%s”: %s. Choose a folder you can write to."),
                   dir, g_strerror (err));
      return NULL;
    }
  up->tmp_path = g_steal_pointer (&tmpl);

  for (goffset at = 0; at < size; at += COPY_CHUNK)
    {
      gsize n = (gsize) MIN ((goffset) COPY_CHUNK, size - at);
      if (g_cancellable_set_error_if_cancelled (cancellable, error)
          || !mc_pdf_source_read_at (src, at, buf, n, error) || !emit (up, buf, n, error))
        return NULL;
      last = buf[n - 1];
    }
  /* The update starts on a line of its own; the original stays a prefix. */
  if (last != '\n' && last != '\r' && !emit_str (up, "\n", error))
    return NULL;
  return g_steal_pointer (&up);
}

guint32
mc_pdf_update_new_num (McPdfUpdate *up)
{
  return up->next_num++;
}

static void
record (McPdfUpdate *up,
        guint32      num,
        guint16      gen,
        goffset      offset)
{
  McPdfXrefEntry e = { .num = num, .gen = gen, .offset = (guint64) offset,
                       .type = MC_PDF_XREF_USED };

  for (guint i = 0; i < up->written->len; i++)
    if (g_array_index (up->written, McPdfXrefEntry, i).num == num)
      {
        g_array_index (up->written, McPdfXrefEntry, i) = e;
        return;
      }
  g_array_append_val (up->written, e);
}

gboolean
mc_pdf_update_write_raw (McPdfUpdate *up,
                         guint32      num,
                         guint16      gen,
                         const char  *text,
                         gsize        len,
                         goffset     *offset_out,
                         GError     **error)
{
  g_autofree char *head = g_strdup_printf ("%u %u obj\n", num, (guint) gen);
  goffset start = up->pos;

  if (!emit_str (up, head, error))
    return FALSE;
  if (offset_out)
    *offset_out = up->pos;
  if (!emit (up, text, len, error) || !emit_str (up, "\nendobj\n", error))
    return FALSE;
  record (up, num, gen, start);
  return TRUE;
}

static McPdfObj *
prepare (McPdfUpdate *up,
         McPdfObj    *obj,
         int          depth,
         GError     **error)
{
  McPdfObj *copy;

  if (depth > MC_PDF_MAX_DEPTH)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_INVALID_ARGUMENT,
                   _("An object to write is nested too deeply."));
      return NULL;
    }
  switch (obj->type)
    {
    case MC_PDF_OBJ_STREAM:
      {
        guint32 num = mc_pdf_update_new_num (up);
        if (!mc_pdf_update_write_object (up, num, 0, obj, error))
          return NULL;
        return mc_pdf_obj_new_ref (num, 0);
      }
    case MC_PDF_OBJ_ARRAY:
      copy = mc_pdf_obj_new_array ();
      for (guint i = 0; i < mc_pdf_array_length (obj); i++)
        {
          McPdfObj *v = prepare (up, mc_pdf_array_get (obj, i), depth + 1, error);
          if (v == NULL)
            {
              mc_pdf_obj_unref (copy);
              return NULL;
            }
          mc_pdf_array_take (copy, v);
        }
      return copy;
    case MC_PDF_OBJ_DICT:
      copy = mc_pdf_obj_new_dict ();
      for (guint i = 0; i < mc_pdf_dict_size (obj); i++)
        {
          McPdfObj *v = prepare (up, mc_pdf_dict_value_at (obj, i), depth + 1, error);
          if (v == NULL)
            {
              mc_pdf_obj_unref (copy);
              return NULL;
            }
          mc_pdf_dict_take (copy, mc_pdf_dict_key_at (obj, i), v);
        }
      return copy;
    default:
      return mc_pdf_obj_ref (obj);
    }
}

McPdfObj *
mc_pdf_update_prepare_direct (McPdfUpdate *up,
                              McPdfObj    *obj,
                              GError     **error)
{
  return prepare (up, obj, 0, error);
}

gboolean
mc_pdf_update_write_object (McPdfUpdate *up,
                            guint32      num,
                            guint16      gen,
                            McPdfObj    *obj,
                            GError     **error)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (obj->type == MC_PDF_OBJ_STREAM)
    {
      g_autoptr(McPdfObj) dict = NULL;
      GBytes *data = obj->u.stream.data;
      gsize len;
      const guint8 *bytes;
      g_autofree char *head = NULL;
      goffset start;

      if (data == NULL)
        {
          g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_INVALID_ARGUMENT,
                       _("A stream to write has no data in memory."));
          return FALSE;
        }
      dict = prepare (up, obj->u.stream.dict, 1, error);
      if (dict == NULL)
        return FALSE;
      /* Streams nested in the dictionary were written just now: this
       * object starts here, after them. */
      start = up->pos;
      bytes = g_bytes_get_data (data, &len);
      mc_pdf_dict_take (dict, "Length", mc_pdf_obj_new_int ((gint64) len));
      head = g_strdup_printf ("%u %u obj\n", num, (guint) gen);
      mc_pdf_obj_serialize (dict, text);
      g_string_prepend (text, head);
      g_string_append (text, "\nstream\n");
      if (!emit (up, text->str, text->len, error) || !emit (up, bytes, len, error)
          || !emit_str (up, "\nendstream\nendobj\n", error))
        return FALSE;
      record (up, num, gen, start);
      return TRUE;
    }
  {
    g_autoptr(McPdfObj) direct = prepare (up, obj, 0, error);
    if (direct == NULL)
      return FALSE;
    mc_pdf_obj_serialize (direct, text);
  }
  return mc_pdf_update_write_raw (up, num, gen, text->str, text->len, NULL, error);
}

static int
entry_cmp (gconstpointer a,
           gconstpointer b)
{
  const McPdfXrefEntry *x = a, *y = b;

  return x->num < y->num ? -1 : x->num > y->num;
}

/* The trailer keys an update carries over: everything but what describes
 * the old section itself. */
static McPdfObj *
new_trailer (McPdfUpdate *up,
             McPdfObj    *new_root)
{
  McPdfObj *old = mc_pdf_document_get_trailer (up->doc);
  McPdfObj *t = mc_pdf_obj_new_dict ();
  static const char *drop[] = { "Prev", "XRefStm", "Type", "W", "Index", "Filter",
                                "DecodeParms", "Length", "Size", "F", "FFilter",
                                "FDecodeParms", "DL" };

  for (guint i = 0; i < mc_pdf_dict_size (old); i++)
    {
      const char *k = mc_pdf_dict_key_at (old, i);
      gboolean skip = FALSE;
      for (guint j = 0; j < G_N_ELEMENTS (drop); j++)
        if (strcmp (k, drop[j]) == 0)
          skip = TRUE;
      if (!skip)
        mc_pdf_dict_set (t, k, mc_pdf_dict_value_at (old, i));
    }
  if (new_root != NULL)
    mc_pdf_dict_set (t, "Root", new_root);
  return t;
}

static void
append_index (McPdfObj *index,
              GArray   *entries)
{
  guint i = 0;

  while (i < entries->len)
    {
      guint32 start = g_array_index (entries, McPdfXrefEntry, i).num;
      guint j = i + 1;
      while (j < entries->len && g_array_index (entries, McPdfXrefEntry, j).num == start + (j - i))
        j++;
      mc_pdf_array_take (index, mc_pdf_obj_new_int (start));
      mc_pdf_array_take (index, mc_pdf_obj_new_int (j - i));
      i = j;
    }
}

gboolean
mc_pdf_update_finish_xref (McPdfUpdate *up,
                           McPdfObj    *new_root,
                           GError     **error)
{
  McPdfXrefKind kind = mc_pdf_document_get_xref_kind (up->doc);
  g_autoptr(McPdfObj) trailer = new_trailer (up, new_root);
  g_autoptr(GString) text = g_string_new (NULL);
  goffset xref_at;
  g_autofree char *tail = NULL;

  if (kind == MC_PDF_XREF_STREAM)
    {
      guint32 num = mc_pdf_update_new_num (up);
      GByteArray *rows = g_byte_array_new ();
      g_autoptr(GBytes) data = NULL;
      g_autoptr(McPdfObj) index = mc_pdf_obj_new_array ();
      g_autoptr(McPdfObj) w = mc_pdf_obj_new_array ();
      int ow = 1;

      xref_at = up->pos;
      record (up, num, 0, xref_at);
      g_array_sort (up->written, entry_cmp);
      while (ow < 8 && ((guint64) xref_at >> (8 * ow)) != 0)
        ow++;
      for (guint i = 0; i < up->written->len; i++)
        {
          McPdfXrefEntry *e = &g_array_index (up->written, McPdfXrefEntry, i);
          guint8 row[11];
          row[0] = 1;
          for (int b = 0; b < ow; b++)
            row[1 + b] = (guint8) (e->offset >> (8 * (ow - 1 - b)));
          row[1 + ow] = (guint8) (e->gen >> 8);
          row[2 + ow] = (guint8) (e->gen & 0xff);
          g_byte_array_append (rows, row, 3 + ow);
        }
      data = g_byte_array_free_to_bytes (rows);
      append_index (index, up->written);
      mc_pdf_array_take (w, mc_pdf_obj_new_int (1));
      mc_pdf_array_take (w, mc_pdf_obj_new_int (ow));
      mc_pdf_array_take (w, mc_pdf_obj_new_int (2));

      {
        g_autoptr(McPdfObj) dict = mc_pdf_obj_new_dict ();
        gsize len;
        const guint8 *bytes = g_bytes_get_data (data, &len);
        mc_pdf_dict_take (dict, "Type", mc_pdf_obj_new_name ("XRef"));
        mc_pdf_dict_take (dict, "Size", mc_pdf_obj_new_int (up->next_num));
        mc_pdf_dict_take (dict, "Index", g_steal_pointer (&index));
        mc_pdf_dict_take (dict, "W", g_steal_pointer (&w));
        mc_pdf_dict_take (dict, "Prev", mc_pdf_obj_new_int (mc_pdf_document_get_startxref (up->doc)));
        for (guint i = 0; i < mc_pdf_dict_size (trailer); i++)
          mc_pdf_dict_set (dict, mc_pdf_dict_key_at (trailer, i), mc_pdf_dict_value_at (trailer, i));
        mc_pdf_dict_take (dict, "Length", mc_pdf_obj_new_int ((gint64) len));
        g_string_printf (text, "%u 0 obj\n", num);
        mc_pdf_obj_serialize (dict, text);
        g_string_append (text, "\nstream\n");
        if (!emit (up, text->str, text->len, error) || !emit (up, bytes, len, error)
            || !emit_str (up, "\nendstream\nendobj\n", error))
          return FALSE;
      }
    }
  else
    {
      guint i = 0;

      /* After a table (or a hybrid's table) comes a table: readers that
       * know xref streams still find the hybrid's stream through /Prev. */
      g_array_sort (up->written, entry_cmp);
      xref_at = up->pos;
      g_string_append (text, "xref\n");
      while (i < up->written->len)
        {
          guint32 start = g_array_index (up->written, McPdfXrefEntry, i).num;
          guint j = i + 1;
          while (j < up->written->len
                 && g_array_index (up->written, McPdfXrefEntry, j).num == start + (j - i))
            j++;
          g_string_append_printf (text, "%u %u\n", start, j - i);
          for (; i < j; i++)
            {
              McPdfXrefEntry *e = &g_array_index (up->written, McPdfXrefEntry, i);
              g_string_append_printf (text, "%010" G_GUINT64_FORMAT " %05u n\r\n", e->offset,
                                      (guint) e->gen);
            }
        }
      mc_pdf_dict_take (trailer, "Size", mc_pdf_obj_new_int (up->next_num));
      mc_pdf_dict_take (trailer, "Prev", mc_pdf_obj_new_int (mc_pdf_document_get_startxref (up->doc)));
      g_string_append (text, "trailer\n");
      mc_pdf_obj_serialize (trailer, text);
      g_string_append_c (text, '\n');
      if (!emit (up, text->str, text->len, error))
        return FALSE;
    }
  tail = g_strdup_printf ("startxref\n%" G_GINT64_FORMAT "\n%%%%EOF\n", (gint64) xref_at);
  return emit_str (up, tail, error);
}

goffset
mc_pdf_update_get_size (McPdfUpdate *up)
{
  return up->pos;
}

int
mc_pdf_update_get_fd (McPdfUpdate *up)
{
  return up->fd;
}

const char *
mc_pdf_update_get_tmp_path (McPdfUpdate *up)
{
  return up->tmp_path;
}

gboolean
mc_pdf_update_commit (McPdfUpdate *up,
                      GError     **error)
{
  g_autofree char *dir = NULL;
  int dfd;

  if (up->fd < 0 || up->committed)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_INVALID_ARGUMENT,
                   _("The signed file was already saved or given up."));
      return FALSE;
    }
  if (fsync (up->fd) != 0)
    return io_error (error, up->tmp_path, errno);
  if (close (up->fd) != 0)
    {
      up->fd = -1;
      return io_error (error, up->tmp_path, errno);
    }
  up->fd = -1;
  if (g_rename (up->tmp_path, up->out_path) != 0)
    return io_error (error, up->out_path, errno);
  up->committed = TRUE;
  /* Make the rename itself durable. */
  dir = g_path_get_dirname (up->out_path);
  dfd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0)
    {
      fsync (dfd);
      close (dfd);
    }
  return TRUE;
}

void
mc_pdf_update_free (McPdfUpdate *up)
{
  if (up == NULL)
    return;
  if (up->fd >= 0)
    close (up->fd);
  if (!up->committed && up->tmp_path != NULL)
    g_unlink (up->tmp_path);
  g_clear_object (&up->doc);
  g_free (up->out_path);
  g_free (up->tmp_path);
  g_clear_pointer (&up->written, g_array_unref);
  g_free (up);
}
