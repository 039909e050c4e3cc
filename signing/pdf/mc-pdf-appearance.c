/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a signature widget shows: either content-stream bytes with their
 * resources, as a caller draws them, or page 1 of a small PDF (typically
 * drawn with cairo, fonts and images embedded) turned into a Form XObject
 * by copying its content and its whole resource graph into the update with
 * new object numbers. Also the mapping from what a person sees on a
 * rotated page to the page's own coordinates. */
#define G_LOG_DOMAIN "motcua-pdf"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-pdf-private.h"
#include "mc-pdf-signer.h"
#include "mc-pdf-appearance-private.h"

#define MAX_IMPORTED_OBJECTS 20000
#define MAX_IMPORTED_STREAM  (64u << 20)

struct _McPdfAppearance
{
  double         width;
  double         height;
  GBytes        *content;
  McPdfObj      *resources;
  McPdfDocument *src;
  McPdfPage     *page;
};

/**
 * mc_pdf_appearance_new_from_content:
 * @width: width of the drawing in points
 * @height: height of the drawing in points
 * @content: content-stream operators drawing in [0 0 width height]
 * @resources: (nullable): the resource dictionary they use; streams inside
 *   it (images, font files) become objects of their own when written
 *
 * Returns: (transfer full): an appearance
 */
McPdfAppearance *
mc_pdf_appearance_new_from_content (double    width,
                                    double    height,
                                    GBytes   *content,
                                    McPdfObj *resources)
{
  McPdfAppearance *ap;

  g_return_val_if_fail (content != NULL, NULL);
  g_return_val_if_fail (width >= 0 && height >= 0, NULL);
  g_return_val_if_fail (resources == NULL || mc_pdf_obj_is (resources, MC_PDF_OBJ_DICT), NULL);

  ap = g_new0 (McPdfAppearance, 1);
  ap->width = width;
  ap->height = height;
  ap->content = g_bytes_ref (content);
  ap->resources = resources ? mc_pdf_obj_copy (resources) : NULL;
  return ap;
}

/**
 * mc_pdf_appearance_new_from_pdf:
 * @path: a small PDF (one drawn with cairo, say)
 * @page_index: 0-based page to use
 * @error: where to put a failure
 *
 * Opens @path now; its page is copied into each signed file later.
 *
 * Returns: (transfer full) (nullable): an appearance
 */
McPdfAppearance *
mc_pdf_appearance_new_from_pdf (const char *path,
                                guint       page_index,
                                GError    **error)
{
  g_autoptr(McPdfDocument) src = NULL;
  g_autoptr(McPdfPage) page = NULL;
  McPdfAppearance *ap;

  g_return_val_if_fail (path != NULL, NULL);

  src = mc_pdf_document_open (path, NULL, error);
  if (src == NULL)
    return NULL;
  page = mc_pdf_document_get_page (src, page_index, error);
  if (page == NULL)
    return NULL;
  ap = g_new0 (McPdfAppearance, 1);
  ap->width = page->crop_box[2] - page->crop_box[0];
  ap->height = page->crop_box[3] - page->crop_box[1];
  ap->src = g_steal_pointer (&src);
  ap->page = g_steal_pointer (&page);
  return ap;
}

/**
 * mc_pdf_appearance_get_size:
 * @appearance: an appearance
 * @width: (out): its width in points, as seen
 * @height: (out): its height in points, as seen
 */
void
mc_pdf_appearance_get_size (McPdfAppearance *appearance,
                            double          *width,
                            double          *height)
{
  g_return_if_fail (appearance != NULL);

  *width = appearance->width;
  *height = appearance->height;
}

/**
 * mc_pdf_appearance_free:
 * @appearance: (transfer full) (nullable): an appearance
 */
void
mc_pdf_appearance_free (McPdfAppearance *appearance)
{
  if (appearance == NULL)
    return;
  g_clear_pointer (&appearance->content, g_bytes_unref);
  g_clear_pointer (&appearance->resources, mc_pdf_obj_unref);
  g_clear_pointer (&appearance->page, mc_pdf_page_free);
  g_clear_object (&appearance->src);
  g_free (appearance);
}

/**
 * mc_pdf_page_view_to_user:
 * @page: a page
 * @view_rect: x, y, width, height in points as the page is seen: origin at
 *   the top left of the visible (cropped, rotated) page, y going down
 * @user_rect: (out): the same rectangle as x1, y1, x2, y2 in the page's
 *   default user space, for #McPdfSignatureOptions.rect
 */
void
mc_pdf_page_view_to_user (McPdfPage    *page,
                          const double  view_rect[4],
                          double        user_rect[4])
{
  const double *c;
  double pts[2][2];

  g_return_if_fail (page != NULL);

  c = page->crop_box;
  for (int k = 0; k < 2; k++)
    {
      double u = view_rect[0] + (k ? view_rect[2] : 0);
      double v = view_rect[1] + (k ? view_rect[3] : 0);
      double x, y;
      switch (page->rotate)
        {
        case 90:
          x = c[0] + v;
          y = c[1] + u;
          break;
        case 180:
          x = c[2] - u;
          y = c[1] + v;
          break;
        case 270:
          x = c[2] - v;
          y = c[3] - u;
          break;
        default:
          x = c[0] + u;
          y = c[3] - v;
          break;
        }
      pts[k][0] = x;
      pts[k][1] = y;
    }
  user_rect[0] = MIN (pts[0][0], pts[1][0]);
  user_rect[1] = MIN (pts[0][1], pts[1][1]);
  user_rect[2] = MAX (pts[0][0], pts[1][0]);
  user_rect[3] = MAX (pts[0][1], pts[1][1]);
}

/* ---- import of a page of another PDF ---- */

typedef struct
{
  McPdfUpdate   *up;
  McPdfDocument *src;
  GHashTable    *map; /* src num → dst num */
  guint          count;
} Importer;

static gboolean
import_error (GError    **error,
              const char *what)
{
  g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_INVALID_ARGUMENT,
               _("The signature appearance PDF cannot be used: %s. Draw it again."), what);
  return FALSE;
}

static McPdfObj *import_value (Importer *im, McPdfObj *v, int depth, GError **error);

static McPdfObj *
import_ref (Importer *im,
            McPdfObj *ref,
            int       depth,
            GError  **error)
{
  gpointer mapped;
  guint32 num;
  g_autoptr(McPdfObj) obj = NULL;
  g_autoptr(McPdfObj) copy = NULL;

  if (g_hash_table_lookup_extended (im->map, GUINT_TO_POINTER (ref->u.ref.num), NULL, &mapped))
    return mc_pdf_obj_new_ref (GPOINTER_TO_UINT (mapped), 0);
  if (++im->count > MAX_IMPORTED_OBJECTS)
    {
      import_error (error, _("it has too many objects"));
      return NULL;
    }
  num = mc_pdf_update_new_num (im->up);
  g_hash_table_insert (im->map, GUINT_TO_POINTER (ref->u.ref.num), GUINT_TO_POINTER (num));

  obj = mc_pdf_document_get_object (im->src, ref->u.ref.num, error);
  if (obj == NULL)
    return NULL;
  if (obj->type == MC_PDF_OBJ_DICT
      && (mc_pdf_obj_is_name (mc_pdf_dict_get (obj, "Type"), "Page")
          || mc_pdf_obj_is_name (mc_pdf_dict_get (obj, "Type"), "Pages")))
    copy = mc_pdf_obj_new_null (); /* never drag a page tree along */
  else if (obj->type == MC_PDF_OBJ_STREAM)
    {
      g_autoptr(GBytes) data = mc_pdf_document_read_stream (im->src, obj, FALSE,
                                                            MAX_IMPORTED_STREAM, error);
      g_autoptr(McPdfObj) dict = NULL;
      if (data == NULL)
        return NULL;
      dict = import_value (im, mc_pdf_stream_get_dict (obj), depth + 1, error);
      if (dict == NULL)
        return NULL;
      copy = mc_pdf_obj_new_stream (dict, data);
    }
  else
    {
      copy = import_value (im, obj, depth + 1, error);
      if (copy == NULL)
        return NULL;
    }
  if (!mc_pdf_update_write_object (im->up, num, 0, copy, error))
    return NULL;
  return mc_pdf_obj_new_ref (num, 0);
}

static McPdfObj *
import_value (Importer *im,
              McPdfObj *v,
              int       depth,
              GError  **error)
{
  McPdfObj *copy;

  if (depth > MC_PDF_MAX_DEPTH)
    {
      import_error (error, _("its objects are nested too deeply"));
      return NULL;
    }
  switch (v->type)
    {
    case MC_PDF_OBJ_REF:
      return import_ref (im, v, depth, error);
    case MC_PDF_OBJ_ARRAY:
      copy = mc_pdf_obj_new_array ();
      for (guint i = 0; i < mc_pdf_array_length (v); i++)
        {
          McPdfObj *e = import_value (im, mc_pdf_array_get (v, i), depth + 1, error);
          if (e == NULL)
            {
              mc_pdf_obj_unref (copy);
              return NULL;
            }
          mc_pdf_array_take (copy, e);
        }
      return copy;
    case MC_PDF_OBJ_DICT:
      copy = mc_pdf_obj_new_dict ();
      for (guint i = 0; i < mc_pdf_dict_size (v); i++)
        {
          McPdfObj *e;
          const char *key = mc_pdf_dict_key_at (v, i);
          if (strcmp (key, "Parent") == 0 || strcmp (key, "P") == 0)
            continue; /* back links into the source's page tree */
          e = import_value (im, mc_pdf_dict_value_at (v, i), depth + 1, error);
          if (e == NULL)
            {
              mc_pdf_obj_unref (copy);
              return NULL;
            }
          mc_pdf_dict_take (copy, key, e);
        }
      return copy;
    case MC_PDF_OBJ_STREAM:
      import_error (error, _("it holds a stream that is not an object of its own"));
      return NULL;
    default:
      return mc_pdf_obj_ref (v);
    }
}

static McPdfObj *
import_page (McPdfAppearance *ap,
             McPdfUpdate     *up,
             GError         **error)
{
  Importer im = { up, ap->src, NULL, 0 };
  g_autoptr(GHashTable) map = g_hash_table_new (NULL, NULL);
  g_autoptr(McPdfObj) contents = NULL;
  g_autoptr(McPdfObj) dict = mc_pdf_obj_new_dict ();
  g_autoptr(GBytes) data = NULL;
  McPdfObj *group;

  im.map = map;
  contents = mc_pdf_document_dict_lookup (ap->src, ap->page->dict, "Contents", error);
  if (contents == NULL && error != NULL && *error != NULL)
    return NULL;

  mc_pdf_dict_take (dict, "Type", mc_pdf_obj_new_name ("XObject"));
  mc_pdf_dict_take (dict, "Subtype", mc_pdf_obj_new_name ("Form"));
  mc_pdf_dict_take (dict, "BBox", mc_pdf_obj_new_rect (ap->page->crop_box));

  if (mc_pdf_obj_is (contents, MC_PDF_OBJ_STREAM))
    {
      /* One content stream: copy it as it is, filters and all. */
      McPdfObj *f = mc_pdf_dict_get (contents, "Filter");
      McPdfObj *p = mc_pdf_dict_get (contents, "DecodeParms");
      data = mc_pdf_document_read_stream (ap->src, contents, FALSE, MAX_IMPORTED_STREAM, error);
      if (data == NULL)
        return NULL;
      if (f != NULL)
        {
          g_autoptr(McPdfObj) fc = import_value (&im, f, 0, error);
          if (fc == NULL)
            return NULL;
          mc_pdf_dict_set (dict, "Filter", fc);
        }
      if (p != NULL)
        {
          g_autoptr(McPdfObj) pc = import_value (&im, p, 0, error);
          if (pc == NULL)
            return NULL;
          mc_pdf_dict_set (dict, "DecodeParms", pc);
        }
    }
  else
    {
      /* Several content streams: decode and join them. */
      GByteArray *all = g_byte_array_new ();
      for (guint i = 0; i < mc_pdf_array_length (contents); i++)
        {
          g_autoptr(McPdfObj) s = mc_pdf_document_resolve (ap->src, mc_pdf_array_get (contents, i), error);
          g_autoptr(GBytes) part = NULL;
          if (s == NULL)
            {
              g_byte_array_unref (all);
              return NULL;
            }
          if (!mc_pdf_obj_is (s, MC_PDF_OBJ_STREAM))
            continue;
          part = mc_pdf_document_read_stream (ap->src, s, TRUE, MAX_IMPORTED_STREAM, error);
          if (part == NULL)
            {
              g_byte_array_unref (all);
              return NULL;
            }
          g_byte_array_append (all, g_bytes_get_data (part, NULL), (guint) g_bytes_get_size (part));
          g_byte_array_append (all, (const guint8 *) "\n", 1);
        }
      {
        g_autoptr(GBytes) plain = g_byte_array_free_to_bytes (all);
        data = mc_pdf_encode_flate (g_bytes_get_data (plain, NULL), g_bytes_get_size (plain));
        mc_pdf_dict_take (dict, "Filter", mc_pdf_obj_new_name ("FlateDecode"));
      }
    }

  if (ap->page->resources != NULL)
    {
      g_autoptr(McPdfObj) res = import_value (&im, ap->page->resources, 0, error);
      if (res == NULL)
        return NULL;
      mc_pdf_dict_set (dict, "Resources", res);
    }
  group = mc_pdf_dict_get (ap->page->dict, "Group");
  if (group != NULL)
    {
      g_autoptr(McPdfObj) gc = import_value (&im, group, 0, error);
      if (gc == NULL)
        return NULL;
      mc_pdf_dict_set (dict, "Group", gc);
    }
  return mc_pdf_obj_new_stream (dict, data);
}

McPdfObj *
mc_pdf_appearance_build (McPdfAppearance *ap,
                         McPdfUpdate     *up,
                         int              rotate,
                         double           width,
                         double           height,
                         GError         **error)
{
  g_autoptr(McPdfObj) xobj = NULL;

  if (ap != NULL && ap->src != NULL)
    {
      xobj = import_page (ap, up, error);
      if (xobj == NULL)
        return NULL;
    }
  else
    {
      g_autoptr(McPdfObj) dict = mc_pdf_obj_new_dict ();
      double bbox[4] = { 0, 0, ap ? ap->width : width, ap ? ap->height : height };
      g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);

      mc_pdf_dict_take (dict, "Type", mc_pdf_obj_new_name ("XObject"));
      mc_pdf_dict_take (dict, "Subtype", mc_pdf_obj_new_name ("Form"));
      mc_pdf_dict_take (dict, "BBox", mc_pdf_obj_new_rect (bbox));
      if (ap != NULL && ap->resources != NULL)
        mc_pdf_dict_set (dict, "Resources", ap->resources);
      xobj = mc_pdf_obj_new_stream (dict, ap ? ap->content : empty);
    }

  /* Turn the drawing against the page's /Rotate so it reads upright. */
  if (rotate != 0)
    {
      g_autoptr(McPdfObj) m = mc_pdf_obj_new_array ();
      int a = 0, b = 0;
      switch (rotate)
        {
        case 90: a = 0; b = 1; break;
        case 180: a = -1; b = 0; break;
        case 270: a = 0; b = -1; break;
        default: a = 1; b = 0; break;
        }
      mc_pdf_array_take (m, mc_pdf_obj_new_int (a));
      mc_pdf_array_take (m, mc_pdf_obj_new_int (b));
      mc_pdf_array_take (m, mc_pdf_obj_new_int (-b));
      mc_pdf_array_take (m, mc_pdf_obj_new_int (a));
      mc_pdf_array_take (m, mc_pdf_obj_new_int (0));
      mc_pdf_array_take (m, mc_pdf_obj_new_int (0));
      mc_pdf_dict_take (xobj, "Matrix", g_steal_pointer (&m));
    }
  return g_steal_pointer (&xobj);
}
