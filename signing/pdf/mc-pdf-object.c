/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The PDF object tree shared by the reader and the writer, its
 * serialisation in PDF syntax (what the incremental writer appends), and
 * PDF text strings and dates, which signature dictionaries need in the
 * exact forms ISO 32000 prescribes. */
#define G_LOG_DOMAIN "motcua-pdf"

#include "config.h"

#include <string.h>
#include <math.h>

#include "mc-pdf-private.h"

static McPdfObj *
obj_alloc (McPdfObjType type)
{
  McPdfObj *obj = g_new0 (McPdfObj, 1);

  g_atomic_ref_count_init (&obj->ref);
  obj->type = type;
  return obj;
}

/**
 * mc_pdf_obj_new_null:
 *
 * Returns: (transfer full): the null object
 */
McPdfObj *
mc_pdf_obj_new_null (void)
{
  return obj_alloc (MC_PDF_OBJ_NULL);
}

/**
 * mc_pdf_obj_new_bool:
 * @value: the value
 *
 * Returns: (transfer full): a boolean object
 */
McPdfObj *
mc_pdf_obj_new_bool (gboolean value)
{
  McPdfObj *obj = obj_alloc (MC_PDF_OBJ_BOOL);

  obj->u.b = !!value;
  return obj;
}

/**
 * mc_pdf_obj_new_int:
 * @value: the value
 *
 * Returns: (transfer full): an integer object
 */
McPdfObj *
mc_pdf_obj_new_int (gint64 value)
{
  McPdfObj *obj = obj_alloc (MC_PDF_OBJ_INT);

  obj->u.i = value;
  return obj;
}

/**
 * mc_pdf_obj_new_real:
 * @value: the value (finite)
 *
 * Returns: (transfer full): a real number object
 */
McPdfObj *
mc_pdf_obj_new_real (double value)
{
  McPdfObj *obj = obj_alloc (MC_PDF_OBJ_REAL);

  obj->u.r = isfinite (value) ? value : 0.0;
  return obj;
}

static McPdfObj *
new_bytes (McPdfObjType type,
           const void  *data,
           gsize        len)
{
  McPdfObj *obj = obj_alloc (type);

  obj->u.s.data = g_malloc (len + 1);
  if (len > 0)
    memcpy (obj->u.s.data, data, len);
  obj->u.s.data[len] = '\0';
  obj->u.s.len = len;
  return obj;
}

/**
 * mc_pdf_obj_new_string:
 * @data: (array length=len): the bytes
 * @len: their number
 *
 * Returns: (transfer full): a string object holding exactly these bytes
 */
McPdfObj *
mc_pdf_obj_new_string (const guint8 *data,
                       gsize         len)
{
  g_return_val_if_fail (data != NULL || len == 0, NULL);

  return new_bytes (MC_PDF_OBJ_STRING, data, len);
}

/**
 * mc_pdf_obj_new_text:
 * @utf8: text in UTF-8
 *
 * Makes a PDF text string: plain bytes for printable ASCII, UTF-16BE with a
 * byte order mark otherwise (Vietnamese names, reasons, places).
 *
 * Returns: (transfer full): a string object
 */
McPdfObj *
mc_pdf_obj_new_text (const char *utf8)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize len;
  const guint8 *data;

  g_return_val_if_fail (utf8 != NULL, NULL);

  bytes = mc_pdf_text_encode (utf8);
  data = g_bytes_get_data (bytes, &len);
  return new_bytes (MC_PDF_OBJ_STRING, data, len);
}

/**
 * mc_pdf_obj_new_name:
 * @name: the name without its slash
 *
 * Returns: (transfer full): a name object
 */
McPdfObj *
mc_pdf_obj_new_name (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  return new_bytes (MC_PDF_OBJ_NAME, name, strlen (name));
}

/**
 * mc_pdf_obj_new_array:
 *
 * Returns: (transfer full): an empty array
 */
McPdfObj *
mc_pdf_obj_new_array (void)
{
  McPdfObj *obj = obj_alloc (MC_PDF_OBJ_ARRAY);

  obj->u.array = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_pdf_obj_unref);
  return obj;
}

static void
dict_entry_clear (gpointer data)
{
  McPdfDictEntry *e = data;

  g_free (e->key);
  mc_pdf_obj_unref (e->value);
}

/**
 * mc_pdf_obj_new_dict:
 *
 * Returns: (transfer full): an empty dictionary, which keeps its keys in
 *   the order they were set
 */
McPdfObj *
mc_pdf_obj_new_dict (void)
{
  McPdfObj *obj = obj_alloc (MC_PDF_OBJ_DICT);

  obj->u.dict = g_array_new (FALSE, FALSE, sizeof (McPdfDictEntry));
  g_array_set_clear_func (obj->u.dict, dict_entry_clear);
  return obj;
}

/**
 * mc_pdf_obj_new_stream:
 * @dict: (nullable) (transfer none): the stream dictionary (copied); its
 *   /Filter must describe @data; /Length is set by the writer
 * @data: the stream's bytes, already encoded
 *
 * Returns: (transfer full): a stream object held in memory
 */
McPdfObj *
mc_pdf_obj_new_stream (McPdfObj *dict,
                       GBytes   *data)
{
  McPdfObj *obj;

  g_return_val_if_fail (dict == NULL || dict->type == MC_PDF_OBJ_DICT, NULL);
  g_return_val_if_fail (data != NULL, NULL);

  obj = obj_alloc (MC_PDF_OBJ_STREAM);
  obj->u.stream.dict = dict ? mc_pdf_obj_copy (dict) : mc_pdf_obj_new_dict ();
  obj->u.stream.data = g_bytes_ref (data);
  obj->u.stream.length = g_bytes_get_size (data);
  mc_pdf_dict_take (obj->u.stream.dict, "Length",
                    mc_pdf_obj_new_int ((gint64) obj->u.stream.length));
  return obj;
}

/* A stream whose data stays in the file, as the parser makes them. */
McPdfObj *
mc_pdf_obj_new_file_stream (McPdfObj *dict,
                            goffset   offset,
                            guint64   length)
{
  McPdfObj *obj = obj_alloc (MC_PDF_OBJ_STREAM);

  obj->u.stream.dict = mc_pdf_obj_ref (dict);
  obj->u.stream.offset = offset;
  obj->u.stream.length = length;
  return obj;
}

/**
 * mc_pdf_obj_new_ref:
 * @num: object number
 * @gen: generation number
 *
 * Returns: (transfer full): an indirect reference "num gen R"
 */
McPdfObj *
mc_pdf_obj_new_ref (guint32 num,
                    guint16 gen)
{
  McPdfObj *obj = obj_alloc (MC_PDF_OBJ_REF);

  obj->u.ref.num = num;
  obj->u.ref.gen = gen;
  return obj;
}

/**
 * mc_pdf_obj_new_rect:
 * @rect: x1, y1, x2, y2
 *
 * Returns: (transfer full): an array of four numbers
 */
McPdfObj *
mc_pdf_obj_new_rect (const double rect[4])
{
  McPdfObj *arr = mc_pdf_obj_new_array ();

  for (guint i = 0; i < 4; i++)
    {
      if (rect[i] == floor (rect[i]) && fabs (rect[i]) < 1e15)
        mc_pdf_array_take (arr, mc_pdf_obj_new_int ((gint64) rect[i]));
      else
        mc_pdf_array_take (arr, mc_pdf_obj_new_real (rect[i]));
    }
  return arr;
}

/**
 * mc_pdf_obj_ref:
 * @obj: an object
 *
 * Returns: (transfer full): @obj
 */
McPdfObj *
mc_pdf_obj_ref (McPdfObj *obj)
{
  g_return_val_if_fail (obj != NULL, NULL);

  g_atomic_ref_count_inc (&obj->ref);
  return obj;
}

/**
 * mc_pdf_obj_unref:
 * @obj: (transfer full): an object
 *
 * Drops a reference; the last one frees the object and its children.
 */
void
mc_pdf_obj_unref (McPdfObj *obj)
{
  if (obj == NULL || !g_atomic_ref_count_dec (&obj->ref))
    return;

  switch (obj->type)
    {
    case MC_PDF_OBJ_STRING:
    case MC_PDF_OBJ_NAME:
      g_free (obj->u.s.data);
      break;
    case MC_PDF_OBJ_ARRAY:
      g_ptr_array_unref (obj->u.array);
      break;
    case MC_PDF_OBJ_DICT:
      g_array_unref (obj->u.dict);
      break;
    case MC_PDF_OBJ_STREAM:
      mc_pdf_obj_unref (obj->u.stream.dict);
      g_clear_pointer (&obj->u.stream.data, g_bytes_unref);
      break;
    default:
      break;
    }
  g_free (obj);
}

/**
 * mc_pdf_obj_copy:
 * @obj: an object
 *
 * Copies arrays, dictionaries and stream dictionaries deeply (stream data is
 * shared), so the copy can be changed without touching @obj.
 *
 * Returns: (transfer full): the copy
 */
McPdfObj *
mc_pdf_obj_copy (McPdfObj *obj)
{
  McPdfObj *copy;

  g_return_val_if_fail (obj != NULL, NULL);

  switch (obj->type)
    {
    case MC_PDF_OBJ_ARRAY:
      copy = mc_pdf_obj_new_array ();
      for (guint i = 0; i < obj->u.array->len; i++)
        mc_pdf_array_take (copy, mc_pdf_obj_copy (g_ptr_array_index (obj->u.array, i)));
      return copy;
    case MC_PDF_OBJ_DICT:
      copy = mc_pdf_obj_new_dict ();
      for (guint i = 0; i < obj->u.dict->len; i++)
        {
          McPdfDictEntry *e = &g_array_index (obj->u.dict, McPdfDictEntry, i);
          mc_pdf_dict_take (copy, e->key, mc_pdf_obj_copy (e->value));
        }
      return copy;
    case MC_PDF_OBJ_STREAM:
      copy = obj_alloc (MC_PDF_OBJ_STREAM);
      copy->u.stream = obj->u.stream;
      copy->u.stream.dict = mc_pdf_obj_copy (obj->u.stream.dict);
      if (obj->u.stream.data)
        copy->u.stream.data = g_bytes_ref (obj->u.stream.data);
      return copy;
    default:
      /* Scalars never change once made. */
      return mc_pdf_obj_ref (obj);
    }
}

/**
 * mc_pdf_obj_get_obj_type:
 * @obj: an object
 *
 * Returns: its type
 */
McPdfObjType
mc_pdf_obj_get_obj_type (McPdfObj *obj)
{
  g_return_val_if_fail (obj != NULL, MC_PDF_OBJ_NULL);

  return obj->type;
}

/**
 * mc_pdf_obj_is:
 * @obj: (nullable): an object
 * @type: a type
 *
 * Returns: whether @obj is not %NULL and of @type
 */
gboolean
mc_pdf_obj_is (McPdfObj     *obj,
               McPdfObjType  type)
{
  return obj != NULL && obj->type == type;
}

/**
 * mc_pdf_obj_is_name:
 * @obj: (nullable): an object
 * @name: a name without slash
 *
 * Returns: whether @obj is the name @name
 */
gboolean
mc_pdf_obj_is_name (McPdfObj   *obj,
                    const char *name)
{
  return obj != NULL && obj->type == MC_PDF_OBJ_NAME && strcmp (obj->u.s.data, name) == 0;
}

/**
 * mc_pdf_obj_get_bool:
 * @obj: a boolean
 *
 * Returns: its value (%FALSE for other types)
 */
gboolean
mc_pdf_obj_get_bool (McPdfObj *obj)
{
  return obj != NULL && obj->type == MC_PDF_OBJ_BOOL && obj->u.b;
}

/**
 * mc_pdf_obj_get_int:
 * @obj: a number
 *
 * Returns: its integer value (reals are truncated, other types give 0)
 */
gint64
mc_pdf_obj_get_int (McPdfObj *obj)
{
  if (obj == NULL)
    return 0;
  if (obj->type == MC_PDF_OBJ_INT)
    return obj->u.i;
  if (obj->type == MC_PDF_OBJ_REAL && fabs (obj->u.r) < 9e18)
    return (gint64) obj->u.r;
  return 0;
}

/**
 * mc_pdf_obj_get_number:
 * @obj: (nullable): an object
 * @value: (out): its value
 *
 * Returns: whether @obj is an integer or a real
 */
gboolean
mc_pdf_obj_get_number (McPdfObj *obj,
                       double   *value)
{
  if (obj != NULL && obj->type == MC_PDF_OBJ_INT)
    *value = (double) obj->u.i;
  else if (obj != NULL && obj->type == MC_PDF_OBJ_REAL)
    *value = obj->u.r;
  else
    return FALSE;
  return TRUE;
}

/**
 * mc_pdf_obj_get_string:
 * @obj: a string
 * @len: (out) (optional): its length in bytes
 *
 * Returns: (nullable): its bytes (NUL-terminated too), or %NULL if @obj is
 *   not a string
 */
const guint8 *
mc_pdf_obj_get_string (McPdfObj *obj,
                       gsize    *len)
{
  if (obj == NULL || obj->type != MC_PDF_OBJ_STRING)
    {
      if (len)
        *len = 0;
      return NULL;
    }
  if (len)
    *len = obj->u.s.len;
  return (const guint8 *) obj->u.s.data;
}

/**
 * mc_pdf_obj_get_text:
 * @obj: (nullable): a PDF text string
 *
 * Returns: (transfer full) (nullable): its text in UTF-8, or %NULL if @obj
 *   is not a string
 */
char *
mc_pdf_obj_get_text (McPdfObj *obj)
{
  if (obj == NULL || obj->type != MC_PDF_OBJ_STRING)
    return NULL;
  return mc_pdf_text_decode ((const guint8 *) obj->u.s.data, obj->u.s.len);
}

/**
 * mc_pdf_obj_get_name:
 * @obj: (nullable): a name
 *
 * Returns: (nullable): the name without slash, or %NULL for other types
 */
const char *
mc_pdf_obj_get_name (McPdfObj *obj)
{
  if (obj == NULL || obj->type != MC_PDF_OBJ_NAME)
    return NULL;
  return obj->u.s.data;
}

/**
 * mc_pdf_obj_get_ref_num:
 * @obj: a reference
 *
 * Returns: the object number, or 0 if @obj is no reference
 */
guint32
mc_pdf_obj_get_ref_num (McPdfObj *obj)
{
  if (obj == NULL || obj->type != MC_PDF_OBJ_REF)
    return 0;
  return obj->u.ref.num;
}

/**
 * mc_pdf_obj_get_ref_gen:
 * @obj: a reference
 *
 * Returns: the generation number, or 0 if @obj is no reference
 */
guint16
mc_pdf_obj_get_ref_gen (McPdfObj *obj)
{
  if (obj == NULL || obj->type != MC_PDF_OBJ_REF)
    return 0;
  return obj->u.ref.gen;
}

/**
 * mc_pdf_obj_get_rect:
 * @obj: (nullable): an array of four numbers
 * @rect: (out): the rectangle, normalised so x1 <= x2 and y1 <= y2
 *
 * Returns: whether @obj is a rectangle
 */
gboolean
mc_pdf_obj_get_rect (McPdfObj *obj,
                     double    rect[4])
{
  double v[4];

  if (obj == NULL || obj->type != MC_PDF_OBJ_ARRAY || obj->u.array->len != 4)
    return FALSE;
  for (guint i = 0; i < 4; i++)
    if (!mc_pdf_obj_get_number (g_ptr_array_index (obj->u.array, i), &v[i]))
      return FALSE;
  rect[0] = MIN (v[0], v[2]);
  rect[1] = MIN (v[1], v[3]);
  rect[2] = MAX (v[0], v[2]);
  rect[3] = MAX (v[1], v[3]);
  return TRUE;
}

/**
 * mc_pdf_array_length:
 * @array: (nullable): an array
 *
 * Returns: its number of elements (0 for other types)
 */
guint
mc_pdf_array_length (McPdfObj *array)
{
  if (array == NULL || array->type != MC_PDF_OBJ_ARRAY)
    return 0;
  return array->u.array->len;
}

/**
 * mc_pdf_array_get:
 * @array: an array
 * @index: an index
 *
 * Returns: (transfer none) (nullable): the element, %NULL when out of range
 */
McPdfObj *
mc_pdf_array_get (McPdfObj *array,
                  guint     index)
{
  if (array == NULL || array->type != MC_PDF_OBJ_ARRAY || index >= array->u.array->len)
    return NULL;
  return g_ptr_array_index (array->u.array, index);
}

/**
 * mc_pdf_array_append:
 * @array: an array
 * @value: (transfer none): the element to add
 */
void
mc_pdf_array_append (McPdfObj *array,
                     McPdfObj *value)
{
  g_return_if_fail (array != NULL && array->type == MC_PDF_OBJ_ARRAY);
  g_return_if_fail (value != NULL);

  g_ptr_array_add (array->u.array, mc_pdf_obj_ref (value));
}

/**
 * mc_pdf_array_take:
 * @array: an array
 * @value: (transfer full): the element to add
 */
void
mc_pdf_array_take (McPdfObj *array,
                   McPdfObj *value)
{
  g_return_if_fail (array != NULL && array->type == MC_PDF_OBJ_ARRAY);
  g_return_if_fail (value != NULL);

  g_ptr_array_add (array->u.array, value);
}

/**
 * mc_pdf_dict_size:
 * @dict: (nullable): a dictionary (or a stream, meaning its dictionary)
 *
 * Returns: the number of keys
 */
guint
mc_pdf_dict_size (McPdfObj *dict)
{
  if (dict != NULL && dict->type == MC_PDF_OBJ_STREAM)
    dict = dict->u.stream.dict;
  if (dict == NULL || dict->type != MC_PDF_OBJ_DICT)
    return 0;
  return dict->u.dict->len;
}

/**
 * mc_pdf_dict_key_at:
 * @dict: a dictionary
 * @index: an index below mc_pdf_dict_size()
 *
 * Returns: the key at @index, in file order
 */
const char *
mc_pdf_dict_key_at (McPdfObj *dict,
                    guint     index)
{
  if (dict != NULL && dict->type == MC_PDF_OBJ_STREAM)
    dict = dict->u.stream.dict;
  g_return_val_if_fail (dict != NULL && dict->type == MC_PDF_OBJ_DICT, NULL);
  g_return_val_if_fail (index < dict->u.dict->len, NULL);

  return g_array_index (dict->u.dict, McPdfDictEntry, index).key;
}

/**
 * mc_pdf_dict_value_at:
 * @dict: a dictionary
 * @index: an index below mc_pdf_dict_size()
 *
 * Returns: (transfer none): the value at @index
 */
McPdfObj *
mc_pdf_dict_value_at (McPdfObj *dict,
                      guint     index)
{
  if (dict != NULL && dict->type == MC_PDF_OBJ_STREAM)
    dict = dict->u.stream.dict;
  g_return_val_if_fail (dict != NULL && dict->type == MC_PDF_OBJ_DICT, NULL);
  g_return_val_if_fail (index < dict->u.dict->len, NULL);

  return g_array_index (dict->u.dict, McPdfDictEntry, index).value;
}

static int
dict_find (McPdfObj   *dict,
           const char *key)
{
  /* Last one wins, as in most readers, for files with duplicate keys. */
  for (guint i = dict->u.dict->len; i > 0; i--)
    if (strcmp (g_array_index (dict->u.dict, McPdfDictEntry, i - 1).key, key) == 0)
      return (int) i - 1;
  return -1;
}

/**
 * mc_pdf_dict_get:
 * @dict: (nullable): a dictionary, or a stream (meaning its dictionary)
 * @key: a key without slash
 *
 * Returns: (transfer none) (nullable): the value, unresolved; %NULL when
 *   absent or when the value is null
 */
McPdfObj *
mc_pdf_dict_get (McPdfObj   *dict,
                 const char *key)
{
  int i;
  McPdfObj *v;

  g_return_val_if_fail (key != NULL, NULL);

  if (dict != NULL && dict->type == MC_PDF_OBJ_STREAM)
    dict = dict->u.stream.dict;
  if (dict == NULL || dict->type != MC_PDF_OBJ_DICT)
    return NULL;
  i = dict_find (dict, key);
  if (i < 0)
    return NULL;
  v = g_array_index (dict->u.dict, McPdfDictEntry, i).value;
  return v->type == MC_PDF_OBJ_NULL ? NULL : v;
}

/**
 * mc_pdf_dict_set:
 * @dict: a dictionary
 * @key: a key without slash
 * @value: (transfer none): the value
 *
 * Sets @key, replacing any value it had (in place, keeping key order).
 */
void
mc_pdf_dict_set (McPdfObj   *dict,
                 const char *key,
                 McPdfObj   *value)
{
  g_return_if_fail (value != NULL);

  mc_pdf_dict_take (dict, key, mc_pdf_obj_ref (value));
}

/**
 * mc_pdf_dict_take:
 * @dict: a dictionary
 * @key: a key without slash
 * @value: (transfer full): the value
 *
 * Like mc_pdf_dict_set() but takes the caller's reference.
 */
void
mc_pdf_dict_take (McPdfObj   *dict,
                  const char *key,
                  McPdfObj   *value)
{
  McPdfDictEntry e;
  int i;

  if (dict != NULL && dict->type == MC_PDF_OBJ_STREAM)
    dict = dict->u.stream.dict;
  g_return_if_fail (dict != NULL && dict->type == MC_PDF_OBJ_DICT);
  g_return_if_fail (key != NULL && value != NULL);

  i = dict_find (dict, key);
  if (i >= 0)
    {
      McPdfDictEntry *old = &g_array_index (dict->u.dict, McPdfDictEntry, i);
      mc_pdf_obj_unref (old->value);
      old->value = value;
      return;
    }
  e.key = g_strdup (key);
  e.value = value;
  g_array_append_val (dict->u.dict, e);
}

/**
 * mc_pdf_dict_remove:
 * @dict: a dictionary
 * @key: a key without slash
 *
 * Returns: whether @key was there
 */
gboolean
mc_pdf_dict_remove (McPdfObj   *dict,
                    const char *key)
{
  gboolean found = FALSE;
  int i;

  if (dict != NULL && dict->type == MC_PDF_OBJ_STREAM)
    dict = dict->u.stream.dict;
  g_return_val_if_fail (dict != NULL && dict->type == MC_PDF_OBJ_DICT, FALSE);

  while ((i = dict_find (dict, key)) >= 0)
    {
      g_array_remove_index (dict->u.dict, i);
      found = TRUE;
    }
  return found;
}

/**
 * mc_pdf_stream_get_dict:
 * @stream: a stream
 *
 * Returns: (transfer none): its dictionary
 */
McPdfObj *
mc_pdf_stream_get_dict (McPdfObj *stream)
{
  g_return_val_if_fail (stream != NULL && stream->type == MC_PDF_OBJ_STREAM, NULL);

  return stream->u.stream.dict;
}

/**
 * mc_pdf_stream_get_data:
 * @stream: a stream made in memory
 *
 * Returns: (transfer none) (nullable): its encoded bytes, or %NULL for a
 *   stream that stays in its file (read it with mc_pdf_document_read_stream())
 */
GBytes *
mc_pdf_stream_get_data (McPdfObj *stream)
{
  g_return_val_if_fail (stream != NULL && stream->type == MC_PDF_OBJ_STREAM, NULL);

  return stream->u.stream.data;
}

/* ---- serialisation ---- */

static gboolean
is_regular (guchar c)
{
  return c > 0x20 && c < 0x7f && strchr ("()<>[]{}/%#", c) == NULL;
}

static void
write_real (GString *out,
            double   v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char *p;

  if (!isfinite (v))
    v = 0;
  /* PDF has no exponent notation: fixed point, trimmed. */
  g_ascii_formatd (buf, sizeof buf, "%.6f", v);
  p = buf + strlen (buf) - 1;
  while (p > buf && *p == '0')
    *p-- = '\0';
  if (*p == '.')
    *p = '\0';
  if (strcmp (buf, "-0") == 0)
    strcpy (buf, "0");
  g_string_append (out, buf);
}

static void
write_string (GString      *out,
              const guint8 *s,
              gsize         len)
{
  gsize odd = 0;

  for (gsize i = 0; i < len; i++)
    if (s[i] < 0x20 || s[i] > 0x7e)
      odd++;
  if (odd > len / 4)
    {
      g_string_append_c (out, '<');
      for (gsize i = 0; i < len; i++)
        g_string_append_printf (out, "%02X", s[i]);
      g_string_append_c (out, '>');
      return;
    }
  g_string_append_c (out, '(');
  for (gsize i = 0; i < len; i++)
    {
      guchar c = s[i];
      if (c == '(' || c == ')' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, c);
        }
      else if (c < 0x20 || c > 0x7e)
        g_string_append_printf (out, "\\%03o", c);
      else
        g_string_append_c (out, c);
    }
  g_string_append_c (out, ')');
}

static void
write_name (GString    *out,
            const char *name)
{
  g_string_append_c (out, '/');
  for (const guchar *p = (const guchar *) name; *p; p++)
    {
      if (is_regular (*p))
        g_string_append_c (out, *p);
      else
        g_string_append_printf (out, "#%02X", *p);
    }
}

/**
 * mc_pdf_obj_serialize:
 * @obj: an object
 * @out: where to append its PDF syntax
 *
 * Appends @obj in PDF syntax. A stream is written as its dictionary only
 * (the writer adds the data).
 */
void
mc_pdf_obj_serialize (McPdfObj *obj,
                      GString  *out)
{
  g_return_if_fail (obj != NULL && out != NULL);

  switch (obj->type)
    {
    case MC_PDF_OBJ_NULL:
      g_string_append (out, "null");
      break;
    case MC_PDF_OBJ_BOOL:
      g_string_append (out, obj->u.b ? "true" : "false");
      break;
    case MC_PDF_OBJ_INT:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, obj->u.i);
      break;
    case MC_PDF_OBJ_REAL:
      write_real (out, obj->u.r);
      break;
    case MC_PDF_OBJ_STRING:
      write_string (out, (const guint8 *) obj->u.s.data, obj->u.s.len);
      break;
    case MC_PDF_OBJ_NAME:
      write_name (out, obj->u.s.data);
      break;
    case MC_PDF_OBJ_ARRAY:
      g_string_append_c (out, '[');
      for (guint i = 0; i < obj->u.array->len; i++)
        {
          if (i > 0)
            g_string_append_c (out, ' ');
          mc_pdf_obj_serialize (g_ptr_array_index (obj->u.array, i), out);
        }
      g_string_append_c (out, ']');
      break;
    case MC_PDF_OBJ_DICT:
      g_string_append (out, "<<");
      for (guint i = 0; i < obj->u.dict->len; i++)
        {
          McPdfDictEntry *e = &g_array_index (obj->u.dict, McPdfDictEntry, i);
          write_name (out, e->key);
          g_string_append_c (out, ' ');
          mc_pdf_obj_serialize (e->value, out);
        }
      g_string_append (out, ">>");
      break;
    case MC_PDF_OBJ_STREAM:
      mc_pdf_obj_serialize (obj->u.stream.dict, out);
      break;
    case MC_PDF_OBJ_REF:
      g_string_append_printf (out, "%u %u R", obj->u.ref.num, (guint) obj->u.ref.gen);
      break;
    default:
      g_assert_not_reached ();
    }
}

/**
 * mc_pdf_obj_to_string:
 * @obj: an object
 *
 * Returns: (transfer full): its PDF syntax
 */
char *
mc_pdf_obj_to_string (McPdfObj *obj)
{
  GString *out = g_string_new (NULL);

  mc_pdf_obj_serialize (obj, out);
  return g_string_free (out, FALSE);
}

/**
 * mc_pdf_obj_equal:
 * @a: (nullable): an object
 * @b: (nullable): an object
 *
 * Returns: whether both have the same PDF syntax (streams compare their
 *   dictionaries and where their data lies)
 */
gboolean
mc_pdf_obj_equal (McPdfObj *a,
                  McPdfObj *b)
{
  g_autofree char *sa = NULL;
  g_autofree char *sb = NULL;

  if (a == NULL || b == NULL)
    return a == b;
  if (a->type != b->type)
    return FALSE;
  if (a->type == MC_PDF_OBJ_STREAM
      && (a->u.stream.offset != b->u.stream.offset || a->u.stream.length != b->u.stream.length
          || a->u.stream.data != b->u.stream.data))
    return FALSE;
  sa = mc_pdf_obj_to_string (a);
  sb = mc_pdf_obj_to_string (b);
  return strcmp (sa, sb) == 0;
}

/* ---- text strings ---- */

/* PDFDocEncoding 0x18–0x1F and 0x80–0xA0 (ISO 32000-1 Annex D). */
static const gunichar pdfdoc_low[8] = {
  0x02D8, 0x02C7, 0x02C6, 0x02D9, 0x02DD, 0x02DB, 0x02DA, 0x02DC,
};
static const gunichar pdfdoc_high[33] = {
  0x2022, 0x2020, 0x2021, 0x2026, 0x2014, 0x2013, 0x0192, 0x2044,
  0x2039, 0x203A, 0x2212, 0x2030, 0x201E, 0x201C, 0x201D, 0x2018,
  0x2019, 0x201A, 0x2122, 0xFB01, 0xFB02, 0x0141, 0x0152, 0x0160,
  0x0178, 0x017D, 0x0131, 0x0142, 0x0153, 0x0161, 0x017E, 0xFFFD,
  0x20AC,
};

/**
 * mc_pdf_text_encode:
 * @utf8: valid UTF-8
 *
 * Returns: (transfer full): the bytes of a PDF text string: as is for
 *   printable ASCII, else UTF-16BE after the byte order mark FE FF
 */
GBytes *
mc_pdf_text_encode (const char *utf8)
{
  gboolean ascii = TRUE;
  g_autofree gunichar2 *u16 = NULL;
  glong n = 0;
  GByteArray *out;

  g_return_val_if_fail (utf8 != NULL && g_utf8_validate (utf8, -1, NULL), NULL);

  for (const guchar *p = (const guchar *) utf8; *p; p++)
    if (*p < 0x20 || *p > 0x7e)
      ascii = FALSE;
  if (ascii)
    return g_bytes_new (utf8, strlen (utf8));

  u16 = g_utf8_to_utf16 (utf8, -1, NULL, &n, NULL);
  out = g_byte_array_sized_new (2 + 2 * n);
  g_byte_array_append (out, (const guint8 *) "\xFE\xFF", 2);
  for (glong i = 0; i < n; i++)
    {
      guint8 be[2] = { u16[i] >> 8, u16[i] & 0xff };
      g_byte_array_append (out, be, 2);
    }
  return g_byte_array_free_to_bytes (out);
}

/**
 * mc_pdf_text_decode:
 * @data: (array length=len): bytes of a PDF text string
 * @len: their number
 *
 * Returns: (transfer full): the text as UTF-8 (UTF-16BE with BOM, UTF-8
 *   with BOM, or PDFDocEncoding); undecodable parts become U+FFFD
 */
char *
mc_pdf_text_decode (const guint8 *data,
                    gsize         len)
{
  GString *out = g_string_new (NULL);

  if (len >= 2 && data[0] == 0xFE && data[1] == 0xFF)
    {
      for (gsize i = 2; i + 1 < len; i += 2)
        {
          gunichar c = (data[i] << 8) | data[i + 1];
          if (c >= 0xD800 && c < 0xDC00 && i + 3 < len)
            {
              gunichar lo = (data[i + 2] << 8) | data[i + 3];
              if (lo >= 0xDC00 && lo < 0xE000)
                {
                  c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
                  i += 2;
                }
              else
                c = 0xFFFD;
            }
          else if (c >= 0xD800 && c < 0xE000)
            c = 0xFFFD;
          g_string_append_unichar (out, c);
        }
      return g_string_free (out, FALSE);
    }
  if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
    {
      g_autofree char *s = g_strndup ((const char *) data + 3, len - 3);
      g_string_free (out, TRUE);
      return g_utf8_make_valid (s, -1);
    }
  for (gsize i = 0; i < len; i++)
    {
      guint8 b = data[i];
      gunichar c;
      if (b >= 0x18 && b <= 0x1F)
        c = pdfdoc_low[b - 0x18];
      else if (b >= 0x80 && b <= 0xA0)
        c = pdfdoc_high[b - 0x80];
      else if (b == 0x7F || b == 0xAD)
        c = 0xFFFD;
      else if (b == 0)
        continue;
      else
        c = b;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/**
 * mc_pdf_date_format:
 * @time: a time
 *
 * Returns: (transfer full): the PDF date "D:YYYYMMDDHHmmSS+HH'mm'"
 */
char *
mc_pdf_date_format (GDateTime *time)
{
  g_autofree char *base = NULL;
  GTimeSpan off;
  gint64 minutes;

  g_return_val_if_fail (time != NULL, NULL);

  base = g_date_time_format (time, "D:%Y%m%d%H%M%S");
  off = g_date_time_get_utc_offset (time);
  minutes = off / G_TIME_SPAN_MINUTE;
  if (minutes == 0)
    return g_strconcat (base, "Z", NULL);
  return g_strdup_printf ("%s%c%02d'%02d'", base, minutes < 0 ? '-' : '+',
                          (int) (ABS (minutes) / 60), (int) (ABS (minutes) % 60));
}

static gboolean
take_digits (const char **p,
             int          n,
             int         *value)
{
  int v = 0;

  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      v = v * 10 + ((*p)[i] - '0');
    }
  *p += n;
  *value = v;
  return TRUE;
}

/**
 * mc_pdf_date_parse:
 * @text: a PDF date ("D:" optional, fields after the year optional)
 *
 * Returns: (transfer full) (nullable): the time, or %NULL if @text is no
 *   PDF date
 */
GDateTime *
mc_pdf_date_parse (const char *text)
{
  const char *p = text;
  int f[6] = { 0, 1, 1, 0, 0, 0 };
  static const int width[6] = { 4, 2, 2, 2, 2, 2 };
  g_autoptr(GTimeZone) tz = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  if (g_str_has_prefix (p, "D:"))
    p += 2;
  for (int i = 0; i < 6; i++)
    if (!take_digits (&p, width[i], &f[i]))
      {
        if (i == 0)
          return NULL;
        break;
      }
  if (*p == '+' || *p == '-')
    {
      int hh = 0, mm = 0;
      char sign = *p++;
      g_autofree char *id = NULL;
      if (!take_digits (&p, 2, &hh))
        return NULL;
      if (*p == '\'')
        p++;
      take_digits (&p, 2, &mm);
      id = g_strdup_printf ("%c%02d:%02d", sign, hh, mm);
      tz = g_time_zone_new_identifier (id);
    }
  if (tz == NULL)
    tz = g_time_zone_new_utc ();
  return g_date_time_new (tz, f[0], f[1], f[2], f[3], f[4], f[5]);
}
