/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writing objects back in PDF syntax, for the incremental updates we
 * append: names escaped with #xx, strings escaped (or hex when binary),
 * reals without exponents, which PDF does not have. */
#define G_LOG_DOMAIN "motcua-pdf"

#include "config.h"

#include <string.h>
#include <math.h>

#include "mc-pdf-private.h"

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
