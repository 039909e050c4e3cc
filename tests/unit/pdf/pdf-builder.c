/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The tests' PDF writer (see pdf-builder.h). Written independently of the
 * code under test so a shared misunderstanding cannot hide a bug. */
#include "config.h"

#include <string.h>
#include <zlib.h>

#include "pdf-builder.h"

typedef struct
{
  int     type; /* 0 none, 1 offset, 2 in object stream */
  guint64 a;
  guint   idx;
} Entry;

struct _PdfBuilder
{
  GString *buf;
  GArray  *entries; /* Entry by num */
  GArray  *pending; /* nums since the last section */
  gint64   last_xref;
  guint    max_num;
};

PdfBuilder *
pb_new (void)
{
  PdfBuilder *pb = g_new0 (PdfBuilder, 1);

  pb->buf = g_string_new ("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
  pb->entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  pb->pending = g_array_new (FALSE, FALSE, sizeof (guint));
  pb->last_xref = -1;
  return pb;
}

void
pb_free (PdfBuilder *pb)
{
  g_string_free (pb->buf, TRUE);
  g_array_unref (pb->entries);
  g_array_unref (pb->pending);
  g_free (pb);
}

static void
set_entry (PdfBuilder *pb,
           guint       num,
           int         type,
           guint64     a,
           guint       idx)
{
  Entry e = { type, a, idx };

  if (num >= pb->entries->len)
    g_array_set_size (pb->entries, num + 1);
  g_array_index (pb->entries, Entry, num) = e;
  g_array_append_val (pb->pending, num);
  pb->max_num = MAX (pb->max_num, num);
}

void
pb_obj (PdfBuilder *pb,
        guint       num,
        const char *fmt,
        ...)
{
  va_list ap;

  set_entry (pb, num, 1, pb->buf->len, 0);
  g_string_append_printf (pb->buf, "%u 0 obj\n", num);
  va_start (ap, fmt);
  g_string_append_vprintf (pb->buf, fmt, ap);
  va_end (ap);
  g_string_append (pb->buf, "\nendobj\n");
}

void
pb_stream (PdfBuilder *pb,
           guint       num,
           const char *dict_extra,
           const void *data,
           gsize       len)
{
  set_entry (pb, num, 1, pb->buf->len, 0);
  g_string_append_printf (pb->buf, "%u 0 obj\n<<%s /Length %" G_GSIZE_FORMAT ">>\nstream\n", num,
                          dict_extra ? dict_extra : "", len);
  g_string_append_len (pb->buf, data, (gssize) len);
  g_string_append (pb->buf, "\nendstream\nendobj\n");
}

void
pb_objstm (PdfBuilder  *pb,
           guint        num,
           const guint *nums,
           const char **bodies,
           guint        n)
{
  g_autoptr(GString) head = g_string_new (NULL);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *extra = NULL;
  uLongf zlen;
  g_autofree guint8 *z = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_string_append_printf (head, "%u %" G_GSIZE_FORMAT " ", nums[i], body->len);
      g_string_append (body, bodies[i]);
      g_string_append_c (body, '\n');
    }
  g_string_append (head, body->str);
  zlen = compressBound (head->len);
  z = g_malloc (zlen);
  compress (z, &zlen, (const guint8 *) head->str, head->len);
  extra = g_strdup_printf ("/Type /ObjStm /N %u /First %" G_GSIZE_FORMAT " /Filter /FlateDecode", n,
                           head->len - body->len);
  pb_stream (pb, num, extra, z, zlen);
  for (guint i = 0; i < n; i++)
    set_entry (pb, nums[i], 2, num, i);
}

static void
sorted_pending (PdfBuilder *pb,
                GArray     *out,
                int         only_type)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < pb->pending->len; i++)
    {
      guint num = g_array_index (pb->pending, guint, i);
      if (g_hash_table_contains (seen, GUINT_TO_POINTER (num + 1)))
        continue;
      if (only_type && g_array_index (pb->entries, Entry, num).type != only_type)
        continue;
      g_hash_table_add (seen, GUINT_TO_POINTER (num + 1));
      g_array_append_val (out, num);
    }
  for (guint i = 1; i < out->len; i++)
    for (guint j = i; j > 0 && g_array_index (out, guint, j - 1) > g_array_index (out, guint, j); j--)
      {
        guint t = g_array_index (out, guint, j);
        g_array_index (out, guint, j) = g_array_index (out, guint, j - 1);
        g_array_index (out, guint, j - 1) = t;
      }
}

static void
tail (PdfBuilder *pb,
      gint64      xref_at)
{
  g_string_append_printf (pb->buf, "startxref\n%" G_GINT64_FORMAT "\n%%%%EOF\n", xref_at);
  pb->last_xref = xref_at;
  g_array_set_size (pb->pending, 0);
}

static void
write_table (PdfBuilder *pb,
             GArray     *nums,
             gboolean    with_zero,
             const char *trailer_extra,
             const char *more)
{
  guint i = 0;

  g_string_append (pb->buf, "xref\n");
  if (with_zero)
    g_string_append (pb->buf, "0 1\n0000000000 65535 f\r\n");
  while (i < nums->len)
    {
      guint start = g_array_index (nums, guint, i), j = i + 1;
      while (j < nums->len && g_array_index (nums, guint, j) == start + (j - i))
        j++;
      g_string_append_printf (pb->buf, "%u %u\n", start, j - i);
      for (; i < j; i++)
        {
          Entry *e = &g_array_index (pb->entries, Entry, g_array_index (nums, guint, i));
          g_string_append_printf (pb->buf, "%010" G_GUINT64_FORMAT " 00000 n\r\n", e->a);
        }
    }
  g_string_append_printf (pb->buf, "trailer\n<< /Size %u /Root 1 0 R", pb->max_num + 1);
  if (pb->last_xref >= 0)
    g_string_append_printf (pb->buf, " /Prev %" G_GINT64_FORMAT, pb->last_xref);
  g_string_append_printf (pb->buf, " %s %s >>\n", trailer_extra ? trailer_extra : "",
                          more ? more : "");
}

void
pb_xref_table (PdfBuilder *pb,
               const char *trailer_extra)
{
  g_autoptr(GArray) nums = g_array_new (FALSE, FALSE, sizeof (guint));
  gint64 at = pb->buf->len;

  sorted_pending (pb, nums, 1);
  write_table (pb, nums, pb->last_xref < 0, trailer_extra, NULL);
  tail (pb, at);
}

static GString *
stream_rows (PdfBuilder *pb,
             GArray     *nums,
             gboolean    with_zero)
{
  GString *rows = g_string_new (NULL);

  if (with_zero)
    g_string_append_len (rows, "\0\0\0\0\xff", 5);
  for (guint i = 0; i < nums->len; i++)
    {
      Entry *e = &g_array_index (pb->entries, Entry, g_array_index (nums, guint, i));
      guint8 row[5] = { (guint8) e->type, (guint8) (e->a >> 16), (guint8) (e->a >> 8), (guint8) e->a,
                        (guint8) e->idx };
      g_string_append_len (rows, (const char *) row, 5);
    }
  return rows;
}

static void
write_xref_stream (PdfBuilder *pb,
                   guint       num,
                   GArray     *nums,
                   gboolean    with_zero,
                   gboolean    png,
                   const char *trailer_extra,
                   gboolean    chain)
{
  g_autoptr(GString) rows = NULL;
  g_autoptr(GString) index = g_string_new (with_zero ? "0 1 " : "");
  g_autoptr(GString) dict = g_string_new (NULL);
  g_autoptr(GString) data = g_string_new (NULL);
  guint i = 0;

  rows = stream_rows (pb, nums, with_zero);
  while (i < nums->len)
    {
      guint start = g_array_index (nums, guint, i), j = i + 1;
      while (j < nums->len && g_array_index (nums, guint, j) == start + (j - i))
        j++;
      g_string_append_printf (index, "%u %u ", start, j - i);
      i = j;
    }
  g_string_append_printf (dict, "/Type /XRef /Size %u /Root 1 0 R /W [1 3 1] /Index [%s] %s",
                          pb->max_num + 1, index->str, trailer_extra ? trailer_extra : "");
  if (chain && pb->last_xref >= 0)
    g_string_append_printf (dict, " /Prev %" G_GINT64_FORMAT, pb->last_xref);
  if (png)
    {
      /* PNG "Up" predictor, rows of 5 bytes, then Flate. */
      guint8 prev[5] = { 0 };
      uLongf zlen;
      g_autofree guint8 *z = NULL;
      for (gsize r = 0; r + 5 <= rows->len; r += 5)
        {
          g_string_append_c (data, 2);
          for (int k = 0; k < 5; k++)
            {
              guint8 cur = (guint8) rows->str[r + k];
              g_string_append_c (data, (char) (guint8) (cur - prev[k]));
              prev[k] = cur;
            }
        }
      zlen = compressBound (data->len);
      z = g_malloc (zlen);
      compress (z, &zlen, (const guint8 *) data->str, data->len);
      g_string_append (dict, " /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 5 >>");
      g_string_prepend_c (dict, ' ');
      {
        gsize at = pb->buf->len;
        g_string_append_printf (pb->buf, "%u 0 obj\n<<%s /Length %lu>>\nstream\n", num, dict->str, zlen);
        g_string_append_len (pb->buf, (const char *) z, (gssize) zlen);
        g_string_append (pb->buf, "\nendstream\nendobj\n");
        (void) at;
      }
    }
  else
    {
      g_string_prepend_c (dict, ' ');
      g_string_append_printf (pb->buf, "%u 0 obj\n<<%s /Length %" G_GSIZE_FORMAT ">>\nstream\n", num,
                              dict->str, rows->len);
      g_string_append_len (pb->buf, rows->str, (gssize) rows->len);
      g_string_append (pb->buf, "\nendstream\nendobj\n");
    }
}

void
pb_xref_stream (PdfBuilder *pb,
                guint       num,
                gboolean    png_predictor,
                const char *trailer_extra)
{
  g_autoptr(GArray) nums = g_array_new (FALSE, FALSE, sizeof (guint));
  gint64 at = pb->buf->len;

  /* The stream lists itself. */
  set_entry (pb, num, 1, at, 0);
  sorted_pending (pb, nums, 0);
  write_xref_stream (pb, num, nums, pb->last_xref < 0, png_predictor, trailer_extra, TRUE);
  tail (pb, at);
}

void
pb_xref_hybrid (PdfBuilder *pb,
                guint       stream_num,
                const char *trailer_extra)
{
  g_autoptr(GArray) compressed = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) plain = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *more = NULL;
  gint64 stm_at, at;

  sorted_pending (pb, compressed, 2);
  sorted_pending (pb, plain, 1);
  stm_at = pb->buf->len;
  write_xref_stream (pb, stream_num, compressed, FALSE, FALSE, NULL, FALSE);
  at = pb->buf->len;
  more = g_strdup_printf ("/XRefStm %" G_GINT64_FORMAT, stm_at);
  write_table (pb, plain, pb->last_xref < 0, trailer_extra, more);
  tail (pb, at);
}

GString *
pb_data (PdfBuilder *pb)
{
  return pb->buf;
}

guint
pb_size (PdfBuilder *pb)
{
  return (guint) pb->buf->len;
}

char *
pb_save (PdfBuilder *pb,
         const char *dir,
         const char *name)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, pb->buf->str, (gssize) pb->buf->len, NULL));
  return path;
}
