/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The document security store (ETSI EN 319 142-1, 5.4): certificates,
 * OCSP responses and CRLs appended in an incremental update after a
 * signature, so the signature can be validated long after (PAdES B-LT).
 * An existing /DSS is extended, never replaced, and data already in it is
 * not stored twice. */
#define G_LOG_DOMAIN "motcua-pdf"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-pdf-private.h"
#include "mc-pdf-signer.h"

#define MAX_DSS_ITEM (16u << 20)

typedef struct
{
  char      *key;
  GArray    *lists[3]; /* guint indices into certs, ocsps, crls */
  GDateTime *time;
} Vri;

struct _McPdfDss
{
  GPtrArray *items[3]; /* GBytes: certs, ocsps, crls */
  GPtrArray *vri;
};

static const char *list_keys[3] = { "Certs", "OCSPs", "CRLs" };
static const char *vri_keys[3] = { "Cert", "OCSP", "CRL" };

static void
vri_free (gpointer data)
{
  Vri *v = data;

  g_free (v->key);
  for (guint i = 0; i < 3; i++)
    g_array_unref (v->lists[i]);
  g_clear_pointer (&v->time, g_date_time_unref);
  g_free (v);
}

/**
 * mc_pdf_dss_new:
 *
 * Returns: (transfer full): an empty set of validation data
 */
McPdfDss *
mc_pdf_dss_new (void)
{
  McPdfDss *dss = g_new0 (McPdfDss, 1);

  for (guint i = 0; i < 3; i++)
    dss->items[i] = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  dss->vri = g_ptr_array_new_with_free_func (vri_free);
  return dss;
}

/**
 * mc_pdf_dss_free:
 * @dss: (transfer full) (nullable): validation data
 */
void
mc_pdf_dss_free (McPdfDss *dss)
{
  if (dss == NULL)
    return;
  for (guint i = 0; i < 3; i++)
    g_ptr_array_unref (dss->items[i]);
  g_ptr_array_unref (dss->vri);
  g_free (dss);
}

static guint
add_item (McPdfDss *dss,
          guint     list,
          GBytes   *der)
{
  for (guint i = 0; i < dss->items[list]->len; i++)
    if (g_bytes_equal (g_ptr_array_index (dss->items[list], i), der))
      return i;
  g_ptr_array_add (dss->items[list], g_bytes_ref (der));
  return dss->items[list]->len - 1;
}

/**
 * mc_pdf_dss_add_cert:
 * @dss: validation data
 * @der: a DER X.509 certificate
 *
 * Returns: its index, for mc_pdf_dss_add_vri()
 */
guint
mc_pdf_dss_add_cert (McPdfDss *dss,
                     GBytes   *der)
{
  g_return_val_if_fail (dss != NULL && der != NULL, 0);

  return add_item (dss, 0, der);
}

/**
 * mc_pdf_dss_add_ocsp:
 * @dss: validation data
 * @der: a DER OCSPResponse
 *
 * Returns: its index, for mc_pdf_dss_add_vri()
 */
guint
mc_pdf_dss_add_ocsp (McPdfDss *dss,
                     GBytes   *der)
{
  g_return_val_if_fail (dss != NULL && der != NULL, 0);

  return add_item (dss, 1, der);
}

/**
 * mc_pdf_dss_add_crl:
 * @dss: validation data
 * @der: a DER CRL
 *
 * Returns: its index, for mc_pdf_dss_add_vri()
 */
guint
mc_pdf_dss_add_crl (McPdfDss *dss,
                    GBytes   *der)
{
  g_return_val_if_fail (dss != NULL && der != NULL, 0);

  return add_item (dss, 2, der);
}

/**
 * mc_pdf_dss_add_vri:
 * @dss: validation data
 * @key: the upper-case hex SHA-1 of the signature's /Contents (see
 *   mc_pdf_signature_info_get_vri_key())
 * @certs: (array length=n_certs) (nullable): indices from mc_pdf_dss_add_cert()
 * @n_certs: their number
 * @ocsps: (array length=n_ocsps) (nullable): indices from mc_pdf_dss_add_ocsp()
 * @n_ocsps: their number
 * @crls: (array length=n_crls) (nullable): indices from mc_pdf_dss_add_crl()
 * @n_crls: their number
 * @time: (nullable): when the data was gathered (/TU)
 *
 * Adds a /VRI entry tying data to one signature.
 */
void
mc_pdf_dss_add_vri (McPdfDss    *dss,
                    const char  *key,
                    const guint *certs,
                    guint        n_certs,
                    const guint *ocsps,
                    guint        n_ocsps,
                    const guint *crls,
                    guint        n_crls,
                    GDateTime   *time)
{
  Vri *v;
  const guint *src[3] = { certs, ocsps, crls };
  guint n[3] = { n_certs, n_ocsps, n_crls };

  g_return_if_fail (dss != NULL && key != NULL);

  v = g_new0 (Vri, 1);
  v->key = g_ascii_strup (key, -1);
  for (guint l = 0; l < 3; l++)
    {
      v->lists[l] = g_array_new (FALSE, FALSE, sizeof (guint));
      for (guint i = 0; i < n[l]; i++)
        if (src[l][i] < dss->items[l]->len)
          g_array_append_val (v->lists[l], src[l][i]);
    }
  v->time = time ? g_date_time_ref (time) : NULL;
  g_ptr_array_add (dss->vri, v);
}

static McPdfObj *
resolved_copy (McPdfDocument *doc,
               McPdfObj      *dict,
               const char    *key,
               McPdfObjType   type,
               GError       **error)
{
  g_autoptr(McPdfObj) v = mc_pdf_document_dict_lookup (doc, dict, key, error);

  if (v == NULL)
    return (error != NULL && *error != NULL) ? NULL
           : type == MC_PDF_OBJ_ARRAY ? mc_pdf_obj_new_array () : mc_pdf_obj_new_dict ();
  if (v->type != type)
    return type == MC_PDF_OBJ_ARRAY ? mc_pdf_obj_new_array () : mc_pdf_obj_new_dict ();
  return mc_pdf_obj_copy (v);
}

/**
 * mc_pdf_append_dss:
 * @input_path: a signed PDF (only read)
 * @output_path: where the result goes (may equal @input_path)
 * @dss: the validation data to add
 * @cancellable: (nullable): a #GCancellable
 * @error: where to put a failure
 *
 * Appends an incremental update that adds @dss to the document's /DSS
 * (created when missing). Earlier signatures stay valid.
 *
 * Returns: whether the output was written
 */
gboolean
mc_pdf_append_dss (const char   *input_path,
                   const char   *output_path,
                   McPdfDss     *dss,
                   GCancellable *cancellable,
                   GError      **error)
{
  g_autoptr(McPdfDocument) doc = NULL;
  g_autoptr(McPdfObj) cat = NULL;
  g_autoptr(McPdfObj) store = NULL;
  g_autoptr(McPdfUpdate) up = NULL;
  g_autoptr(McPdfObj) vri = NULL;
  g_autoptr(GPtrArray) refs0 = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_pdf_obj_unref);
  g_autoptr(GPtrArray) refs1 = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_pdf_obj_unref);
  g_autoptr(GPtrArray) refs2 = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_pdf_obj_unref);
  GPtrArray *refs[3] = { refs0, refs1, refs2 }; /* new or reused refs per item */
  McPdfObj *store_v;
  guint32 cat_num;
  guint16 cat_gen;

  g_return_val_if_fail (input_path != NULL && output_path != NULL && dss != NULL, FALSE);

  doc = mc_pdf_document_open (input_path, cancellable, error);
  if (doc == NULL)
    return FALSE;
  cat = mc_pdf_document_get_catalog_copy (doc, &cat_num, &cat_gen, error);
  if (cat == NULL)
    return FALSE;
  store_v = mc_pdf_dict_get (cat, "DSS");
  {
    g_autoptr(McPdfObj) old = store_v ? mc_pdf_document_resolve (doc, store_v, error) : NULL;
    if (store_v != NULL && old == NULL)
      return FALSE;
    store = mc_pdf_obj_is (old, MC_PDF_OBJ_DICT) ? mc_pdf_obj_copy (old) : mc_pdf_obj_new_dict ();
  }

  up = mc_pdf_update_begin (doc, output_path, cancellable, error);
  if (up == NULL)
    return FALSE;

  for (guint l = 0; l < 3; l++)
    {
      g_autoptr(McPdfObj) list = resolved_copy (doc, store, list_keys[l], MC_PDF_OBJ_ARRAY, error);
      if (list == NULL)
        return FALSE;
      for (guint i = 0; i < dss->items[l]->len; i++)
        {
          GBytes *der = g_ptr_array_index (dss->items[l], i);
          McPdfObj *found = NULL;
          /* Reuse what the store already holds. */
          for (guint k = 0; k < mc_pdf_array_length (list) && found == NULL; k++)
            {
              McPdfObj *r = mc_pdf_array_get (list, k);
              g_autoptr(McPdfObj) s = mc_pdf_document_resolve (doc, r, NULL);
              g_autoptr(GBytes) have = NULL;
              if (mc_pdf_obj_is (r, MC_PDF_OBJ_REF) && mc_pdf_obj_is (s, MC_PDF_OBJ_STREAM))
                have = mc_pdf_document_read_stream (doc, s, TRUE, MAX_DSS_ITEM, NULL);
              if (have != NULL && g_bytes_equal (have, der))
                found = r;
            }
          if (found != NULL)
            g_ptr_array_add (refs[l], mc_pdf_obj_ref (found));
          else
            {
              g_autoptr(McPdfObj) dict = mc_pdf_obj_new_dict ();
              g_autoptr(GBytes) packed = mc_pdf_encode_flate (g_bytes_get_data (der, NULL),
                                                              g_bytes_get_size (der));
              g_autoptr(McPdfObj) stream = NULL;
              guint32 num = mc_pdf_update_new_num (up);
              mc_pdf_dict_take (dict, "Filter", mc_pdf_obj_new_name ("FlateDecode"));
              stream = mc_pdf_obj_new_stream (dict, packed);
              if (!mc_pdf_update_write_object (up, num, 0, stream, error))
                return FALSE;
              g_ptr_array_add (refs[l], mc_pdf_obj_new_ref (num, 0));
              mc_pdf_array_take (list, mc_pdf_obj_new_ref (num, 0));
            }
        }
      if (mc_pdf_array_length (list) > 0)
        mc_pdf_dict_set (store, list_keys[l], list);
    }

  vri = resolved_copy (doc, store, "VRI", MC_PDF_OBJ_DICT, error);
  if (vri == NULL)
    return FALSE;
  for (guint i = 0; i < dss->vri->len; i++)
    {
      Vri *v = g_ptr_array_index (dss->vri, i);
      g_autoptr(McPdfObj) entry = mc_pdf_obj_new_dict ();
      for (guint l = 0; l < 3; l++)
        {
          g_autoptr(McPdfObj) arr = mc_pdf_obj_new_array ();
          for (guint k = 0; k < v->lists[l]->len; k++)
            mc_pdf_array_append (arr, g_ptr_array_index (refs[l], g_array_index (v->lists[l], guint, k)));
          if (mc_pdf_array_length (arr) > 0)
            mc_pdf_dict_set (entry, vri_keys[l], arr);
        }
      if (v->time != NULL)
        {
          g_autofree char *tu = mc_pdf_date_format (v->time);
          mc_pdf_dict_take (entry, "TU", mc_pdf_obj_new_string ((const guint8 *) tu, strlen (tu)));
        }
      mc_pdf_dict_set (vri, v->key, entry);
    }
  if (mc_pdf_dict_size (vri) > 0)
    mc_pdf_dict_set (store, "VRI", vri);
  mc_pdf_dict_take (store, "Type", mc_pdf_obj_new_name ("DSS"));

  if (mc_pdf_obj_is (store_v, MC_PDF_OBJ_REF))
    {
      if (!mc_pdf_update_write_object (up, store_v->u.ref.num, store_v->u.ref.gen, store, error))
        return FALSE;
    }
  else
    {
      guint32 num = mc_pdf_update_new_num (up);
      if (!mc_pdf_update_write_object (up, num, 0, store, error))
        return FALSE;
      mc_pdf_dict_take (cat, "DSS", mc_pdf_obj_new_ref (num, 0));
      if (!mc_pdf_update_write_object (up, cat_num, cat_gen, cat, error))
        return FALSE;
    }
  if (!mc_pdf_update_finish_xref (up, NULL, error)
      || g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  return mc_pdf_update_commit (up, error);
}
