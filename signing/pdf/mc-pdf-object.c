/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The PDF object tree shared by the reader and the writer: constructors,
 * accessors, copies. Its PDF syntax is written by mc-pdf-serialize.c;
 * text strings and dates are in mc-pdf-text.c. */
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
