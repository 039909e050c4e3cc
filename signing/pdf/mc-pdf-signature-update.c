/* SPDX-License-Identifier: GPL-3.0-or-later */
/* McPdfSignatureUpdate: one signature being added to a PDF. Preparing it
 * writes the whole incremental update (appearance, signature dictionary
 * with a zero-filled /Contents, field and widget, form, page, xref) to a
 * temporary file and patches /ByteRange; the CMS is then computed over the
 * byte ranges read back from disk in fixed-size buffers, filled into
 * /Contents, and the file renamed into place. Dropping the object without
 * committing removes the temporary file. */
#define G_LOG_DOMAIN "motcua-pdf"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>

#include "mc-pdf-private.h"
#include "mc-pdf-signer.h"
#include "mc-pdf-appearance-private.h"
#include "mc-pdf-fields-private.h"
#include "mc-pdf-inspect.h"

#define DEFAULT_CONTENTS 16384
#define MAX_CONTENTS     (4u << 20)
#define READ_CHUNK       (64 * 1024)
/* "[0 " + three 12-digit fields + "]": room for files up to a terabyte. */
#define BYTE_RANGE_PLACEHOLDER "[0 000000000000 000000000000 000000000000]"

struct _McPdfSignatureUpdate
{
  GObject      parent_instance;

  McPdfUpdate *up;
  char        *output_path;
  char        *field_name;
  gint64       byte_range[4];
  goffset      contents_offset;
  gsize        capacity;
  gboolean     filled;
  gboolean     committed;
};

G_DEFINE_FINAL_TYPE (McPdfSignatureUpdate, mc_pdf_signature_update, G_TYPE_OBJECT)

static void
mc_pdf_signature_update_finalize (GObject *object)
{
  McPdfSignatureUpdate *self = MC_PDF_SIGNATURE_UPDATE (object);

  g_clear_pointer (&self->up, mc_pdf_update_free);
  g_free (self->output_path);
  g_free (self->field_name);

  G_OBJECT_CLASS (mc_pdf_signature_update_parent_class)->finalize (object);
}

static void
mc_pdf_signature_update_class_init (McPdfSignatureUpdateClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mc_pdf_signature_update_finalize;
}

static void
mc_pdf_signature_update_init (McPdfSignatureUpdate *self)
{
}

/**
 * mc_pdf_signature_options_init:
 * @options: (out caller-allocates): options to fill with defaults
 *
 * Sets an invisible CAdES signature on page 1 with a 16 KiB reservation.
 */
void
mc_pdf_signature_options_init (McPdfSignatureOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->kind = MC_PDF_SIGNATURE_CADES;
  options->contents_size = DEFAULT_CONTENTS;
}

static gboolean
invalid (GError    **error,
         const char *msg)
{
  g_set_error_literal (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_INVALID_ARGUMENT, msg);
  return FALSE;
}

static void
set_text (McPdfObj   *dict,
          const char *key,
          const char *value)
{
  if (value != NULL && *value != '\0')
    mc_pdf_dict_take (dict, key, mc_pdf_obj_new_text (value));
}

/* The signature reference of a certification (ISO 32000-1 12.8.2.2):
 * what later updates the document allows. */
static McPdfObj *
docmdp_reference (int permission)
{
  McPdfObj *list = mc_pdf_obj_new_array ();
  g_autoptr(McPdfObj) ref = mc_pdf_obj_new_dict ();
  g_autoptr(McPdfObj) params = mc_pdf_obj_new_dict ();

  mc_pdf_dict_take (params, "Type", mc_pdf_obj_new_name ("TransformParams"));
  mc_pdf_dict_take (params, "P", mc_pdf_obj_new_int (permission));
  mc_pdf_dict_take (params, "V", mc_pdf_obj_new_name ("1.2"));
  mc_pdf_dict_take (ref, "Type", mc_pdf_obj_new_name ("SigRef"));
  mc_pdf_dict_take (ref, "TransformMethod", mc_pdf_obj_new_name ("DocMDP"));
  mc_pdf_dict_set (ref, "TransformParams", params);
  mc_pdf_array_append (list, ref);
  return list;
}

static gboolean
write_signature_dict (McPdfSignatureUpdate        *self,
                      guint32                      num,
                      const McPdfSignatureOptions *options,
                      int                          certify,
                      goffset                     *br_offset,
                      GError                     **error)
{
  g_autoptr(McPdfObj) dict = mc_pdf_obj_new_dict ();
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *zeros = NULL;
  goffset start;
  gsize br_at, contents_at;

  if (options->kind == MC_PDF_SIGNATURE_DOC_TIMESTAMP)
    {
      mc_pdf_dict_take (dict, "Type", mc_pdf_obj_new_name ("DocTimeStamp"));
      mc_pdf_dict_take (dict, "Filter", mc_pdf_obj_new_name ("Adobe.PPKLite"));
      mc_pdf_dict_take (dict, "SubFilter", mc_pdf_obj_new_name ("ETSI.RFC3161"));
    }
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *m = mc_pdf_date_format (options->signing_time ? options->signing_time : now);
      mc_pdf_dict_take (dict, "Type", mc_pdf_obj_new_name ("Sig"));
      mc_pdf_dict_take (dict, "Filter", mc_pdf_obj_new_name ("Adobe.PPKLite"));
      mc_pdf_dict_take (dict, "SubFilter", mc_pdf_obj_new_name ("ETSI.CAdES.detached"));
      mc_pdf_dict_take (dict, "M", mc_pdf_obj_new_string ((const guint8 *) m, strlen (m)));
      set_text (dict, "Name", options->name);
      set_text (dict, "Reason", options->reason);
      set_text (dict, "Location", options->location);
      set_text (dict, "ContactInfo", options->contact_info);
      if (certify > 0)
        mc_pdf_dict_take (dict, "Reference", docmdp_reference (certify));
    }
  mc_pdf_obj_serialize (dict, text);
  g_string_truncate (text, text->len - 2); /* drop ">>" */
  g_string_append (text, "/ByteRange ");
  br_at = text->len;
  g_string_append (text, BYTE_RANGE_PLACEHOLDER);
  g_string_append (text, "\n/Contents ");
  contents_at = text->len;
  zeros = g_malloc (self->capacity * 2);
  memset (zeros, '0', self->capacity * 2);
  g_string_append_c (text, '<');
  g_string_append_len (text, zeros, (gssize) (self->capacity * 2));
  g_string_append (text, ">>>");

  if (!mc_pdf_update_write_raw (self->up, num, 0, text->str, text->len, &start, error))
    return FALSE;
  *br_offset = start + (goffset) br_at;
  self->contents_offset = start + (goffset) contents_at;
  return TRUE;
}

/* Reads the temporary file back as any reader would: the signature, its
 * field on the page, its byte ranges. A writer bug must not reach a
 * signed file. */
static gboolean
read_back (McPdfSignatureUpdate *self,
           guint                 page_index,
           guint32               sig_num,
           guint32               widget_num,
           guint32               field_num,
           GError              **error)
{
  g_autoptr(McPdfObj) field = NULL;
  gboolean listed = FALSE;
  g_autoptr(McPdfDocument) doc = NULL;
  g_autoptr(McPdfObj) sig = NULL;
  g_autoptr(McPdfObj) widget = NULL;
  g_autoptr(McPdfObj) annots = NULL;
  g_autoptr(McPdfPage) page = NULL;
  g_autoptr(GError) local = NULL;
  McPdfObj *br;
  gboolean ok;

  doc = mc_pdf_document_open (mc_pdf_update_get_tmp_path (self->up), NULL, &local);
  if (doc != NULL)
    sig = mc_pdf_document_get_object (doc, sig_num, &local);
  if (sig != NULL)
    widget = mc_pdf_document_get_object (doc, widget_num, &local);
  if (widget != NULL)
    page = mc_pdf_document_get_page (doc, page_index, &local);
  if (page != NULL)
    annots = mc_pdf_document_dict_lookup (doc, page->dict, "Annots", &local);
  if (page != NULL && local == NULL)
    field = mc_pdf_document_get_object (doc, field_num, &local);
  br = mc_pdf_dict_get (sig, "ByteRange");
  for (guint i = 0; i < mc_pdf_array_length (annots); i++)
    if (mc_pdf_obj_get_ref_num (mc_pdf_array_get (annots, i)) == widget_num)
      listed = TRUE;
  ok = local == NULL && mc_pdf_array_length (br) == 4 && listed
       && mc_pdf_obj_get_ref_num (mc_pdf_dict_get (field, "V")) == sig_num
       && mc_pdf_dict_get (widget, "AP") != NULL;
  for (guint i = 0; ok && i < 4; i++)
    ok = mc_pdf_obj_get_int (mc_pdf_array_get (br, i)) == self->byte_range[i];
  if (!ok)
    {
      g_debug ("prepared update does not read back: %s", local ? local->message : "mismatch");
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_DAMAGED,
                   _("The signature could not be added to this PDF file: the result did not "
                     "read back correctly. Open the file in a PDF program, save a new copy, and "
                     "sign that copy."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
prepare (McPdfSignatureUpdate        *self,
         const char                  *input_path,
         const McPdfSignatureOptions *options,
         GCancellable                *cancellable,
         GError                     **error)
{
  g_autoptr(McPdfDocument) doc = NULL;
  g_autoptr(McPdfPage) page = NULL;
  g_autoptr(McPdfObj) cat = NULL;
  g_autoptr(McPdfObj) xobj = NULL;
  g_autoptr(McPdfObj) widget = NULL;
  g_autoptr(McPdfObj) widget_ref = NULL;
  g_autoptr(McPdfObj) ap = mc_pdf_obj_new_dict ();
  g_auto(McPdfExistingField) existing = { NULL, NULL, NULL, NULL };
  double rect[4];
  double w, h;
  guint32 cat_num, ap_num, sig_num, widget_num, field_num;
  guint16 cat_gen, widget_gen;
  guint page_index = options->page_index;
  int certify = 0;
  goffset br_offset;
  char br_text[sizeof BYTE_RANGE_PLACEHOLDER];
  int n;

  self->capacity = options->contents_size ? options->contents_size : DEFAULT_CONTENTS;
  if (self->capacity > MAX_CONTENTS)
    return invalid (error, _("The space asked for the signature is too large (over 4 MB)."));
  for (guint i = 0; i < 4; i++)
    if (!(options->rect[i] > -1e7 && options->rect[i] < 1e7))
      return invalid (error, _("The signature rectangle is outside any page."));
  rect[0] = MIN (options->rect[0], options->rect[2]);
  rect[1] = MIN (options->rect[1], options->rect[3]);
  rect[2] = MAX (options->rect[0], options->rect[2]);
  rect[3] = MAX (options->rect[1], options->rect[3]);
  {
    const char *texts[] = { options->name, options->reason, options->location, options->contact_info };
    for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
      if (texts[i] != NULL && !g_utf8_validate (texts[i], -1, NULL))
        return invalid (error, _("The signer’s name, reason, location or contact is not valid text."));
  }

  doc = mc_pdf_document_open (input_path, cancellable, error);
  if (doc == NULL)
    return FALSE;
  cat = mc_pdf_document_get_catalog_copy (doc, &cat_num, &cat_gen, error);
  if (cat == NULL || !mc_pdf_fields_check_docmdp (doc, cat, error))
    return FALSE;
  /* Only the first signature of a document can certify it. */
  if (options->docmdp >= 1 && options->docmdp <= 3 && options->kind == MC_PDF_SIGNATURE_CADES
      && mc_pdf_dict_get (cat, "Perms") == NULL)
    {
      g_autoptr(GPtrArray) sigs = mc_pdf_document_get_signatures (doc, error);
      if (sigs == NULL)
        return FALSE;
      if (sigs->len == 0)
        certify = options->docmdp;
    }
  self->field_name = mc_pdf_fields_pick_name (doc, options->field_name, &existing, error);
  if (self->field_name == NULL)
    return FALSE;
  if (existing.widget != NULL)
    {
      /* A placed empty field: its own page and rectangle win. */
      int idx = mc_pdf_fields_page_of_widget (doc, existing.widget, mc_pdf_obj_get_ref_num (existing.widget_ref), error);
      if (idx == -2)
        return FALSE;
      if (idx < 0)
        {
          g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_INVALID_ARGUMENT,
                       _("The signature field “%s” is not placed on a page. Choose another "
                         "field or sign without naming one."), self->field_name);
          return FALSE;
        }
      page_index = (guint) idx;
      mc_pdf_obj_get_rect (mc_pdf_dict_get (existing.widget, "Rect"), rect);
    }
  page = mc_pdf_document_get_page (doc, page_index, error);
  if (page == NULL)
    return FALSE;

  self->up = mc_pdf_update_begin (doc, self->output_path, cancellable, error);
  if (self->up == NULL)
    return FALSE;

  /* The appearance box as seen: the rectangle turned back by /Rotate. */
  w = rect[2] - rect[0];
  h = rect[3] - rect[1];
  if (page->rotate == 90 || page->rotate == 270)
    {
      double t = w;
      w = h;
      h = t;
    }
  xobj = mc_pdf_appearance_build (options->appearance, self->up, page->rotate, w, h, error);
  if (xobj == NULL)
    return FALSE;
  ap_num = mc_pdf_update_new_num (self->up);
  if (!mc_pdf_update_write_object (self->up, ap_num, 0, xobj, error))
    return FALSE;
  mc_pdf_dict_take (ap, "N", mc_pdf_obj_new_ref (ap_num, 0));

  sig_num = mc_pdf_update_new_num (self->up);
  if (existing.widget != NULL)
    {
      widget_num = mc_pdf_obj_get_ref_num (existing.widget_ref);
      widget_gen = mc_pdf_obj_get_ref_gen (existing.widget_ref);
      field_num = mc_pdf_obj_get_ref_num (existing.field_ref);
      widget = mc_pdf_obj_copy (existing.widget);
    }
  else
    {
      widget_num = field_num = mc_pdf_update_new_num (self->up);
      widget_gen = 0;
      widget = mc_pdf_obj_new_dict ();
      mc_pdf_dict_take (widget, "Type", mc_pdf_obj_new_name ("Annot"));
      mc_pdf_dict_take (widget, "Subtype", mc_pdf_obj_new_name ("Widget"));
      mc_pdf_dict_take (widget, "FT", mc_pdf_obj_new_name ("Sig"));
      mc_pdf_dict_take (widget, "T", mc_pdf_obj_new_text (self->field_name));
      mc_pdf_dict_take (widget, "F", mc_pdf_obj_new_int (132)); /* Print | Locked */
      mc_pdf_dict_take (widget, "P", mc_pdf_obj_new_ref (page->num, page->gen));
      mc_pdf_dict_take (widget, "Rect", mc_pdf_obj_new_rect (rect));
      if (page->rotate != 0)
        {
          g_autoptr(McPdfObj) mk = mc_pdf_obj_new_dict ();
          mc_pdf_dict_take (mk, "R", mc_pdf_obj_new_int (page->rotate));
          mc_pdf_dict_set (widget, "MK", mk);
        }
    }
  if (!write_signature_dict (self, sig_num, options, certify, &br_offset, error))
    return FALSE;
  if (certify > 0)
    {
      g_autoptr(McPdfObj) perms = mc_pdf_obj_new_dict ();
      mc_pdf_dict_take (perms, "DocMDP", mc_pdf_obj_new_ref (sig_num, 0));
      mc_pdf_dict_set (cat, "Perms", perms);
    }

  mc_pdf_dict_set (widget, "AP", ap);
  if (widget_num == field_num)
    mc_pdf_dict_take (widget, "V", mc_pdf_obj_new_ref (sig_num, 0));
  else
    {
      g_autoptr(McPdfObj) field = mc_pdf_obj_copy (existing.field);
      mc_pdf_dict_take (field, "V", mc_pdf_obj_new_ref (sig_num, 0));
      if (!mc_pdf_update_write_object (self->up, field_num, mc_pdf_obj_get_ref_gen (existing.field_ref),
                                       field, error))
        return FALSE;
    }
  if (!mc_pdf_update_write_object (self->up, widget_num, widget_gen, widget, error))
    return FALSE;

  if (existing.widget != NULL)
    {
      /* Already in the form and on its page: only the flags may change. */
      if (!mc_pdf_fields_add_to_form (doc, self->up, cat, cat_num, cat_gen, NULL, certify > 0, error))
        return FALSE;
    }
  else
    {
      widget_ref = mc_pdf_obj_new_ref (widget_num, 0);
      if (!mc_pdf_fields_add_to_form (doc, self->up, cat, cat_num, cat_gen, widget_ref, certify > 0, error)
          || !mc_pdf_fields_add_to_page (doc, self->up, page, widget_ref, error))
        return FALSE;
    }
  if (!mc_pdf_update_finish_xref (self->up, NULL, error))
    return FALSE;

  self->byte_range[0] = 0;
  self->byte_range[1] = self->contents_offset;
  self->byte_range[2] = self->contents_offset + (goffset) self->capacity * 2 + 2;
  self->byte_range[3] = mc_pdf_update_get_size (self->up) - self->byte_range[2];
  n = g_snprintf (br_text, sizeof br_text, "[0 %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %"
                  G_GINT64_FORMAT "]", self->byte_range[1], self->byte_range[2], self->byte_range[3]);
  if (n < 0 || (gsize) n >= sizeof br_text)
    return invalid (error, _("The signed file would be too large."));
  memset (br_text + n, ' ', sizeof br_text - 1 - n);
  if (!mc_pdf_pwrite_all (mc_pdf_update_get_fd (self->up), br_text, sizeof br_text - 1,
                          br_offset, error))
    return FALSE;
  return read_back (self, page_index, sig_num, widget_num, field_num, error);
}

/**
 * mc_pdf_signature_update_prepare:
 * @input_path: the PDF to sign (only read)
 * @output_path: where the signed PDF goes on commit (may equal
 *   @input_path); the temporary file is made in its folder
 * @options: what to add
 * @cancellable: (nullable): a #GCancellable
 * @error: where to put a failure
 *
 * Writes the incremental update to a temporary file. Nothing is left
 * behind on failure.
 *
 * Returns: (transfer full) (nullable): the update, ready for hashing
 */
McPdfSignatureUpdate *
mc_pdf_signature_update_prepare (const char                  *input_path,
                                 const char                  *output_path,
                                 const McPdfSignatureOptions *options,
                                 GCancellable                *cancellable,
                                 GError                     **error)
{
  g_autoptr(McPdfSignatureUpdate) self = NULL;

  g_return_val_if_fail (input_path != NULL, NULL);
  g_return_val_if_fail (output_path != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (MC_TYPE_PDF_SIGNATURE_UPDATE, NULL);
  self->output_path = g_strdup (output_path);
  if (!prepare (self, input_path, options, cancellable, error))
    return NULL; /* finalize unlinks the temporary file */
  return g_steal_pointer (&self);
}

typedef struct
{
  char                  *input_path;
  char                  *output_path;
  McPdfSignatureOptions  options;
} PrepareData;

static void
prepare_data_free (PrepareData *d)
{
  g_free (d->input_path);
  g_free (d->output_path);
  g_free ((char *) d->options.field_name);
  g_free ((char *) d->options.name);
  g_free ((char *) d->options.reason);
  g_free ((char *) d->options.location);
  g_free ((char *) d->options.contact_info);
  g_clear_pointer (&d->options.signing_time, g_date_time_unref);
  g_free (d);
}

static void
prepare_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  PrepareData *d = task_data;
  GError *error = NULL;
  McPdfSignatureUpdate *up;

  up = mc_pdf_signature_update_prepare (d->input_path, d->output_path, &d->options,
                                        cancellable, &error);
  if (up == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, up, g_object_unref);
}

/**
 * mc_pdf_signature_update_prepare_async:
 * @input_path: the PDF to sign
 * @output_path: where the signed PDF goes on commit
 * @options: what to add (copied; its appearance must live until the
 *   callback runs)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * mc_pdf_signature_update_prepare() in a worker thread.
 */
void
mc_pdf_signature_update_prepare_async (const char                  *input_path,
                                       const char                  *output_path,
                                       const McPdfSignatureOptions *options,
                                       GCancellable                *cancellable,
                                       GAsyncReadyCallback          callback,
                                       gpointer                     user_data)
{
  g_autoptr(GTask) task = NULL;
  PrepareData *d;

  g_return_if_fail (input_path != NULL && output_path != NULL && options != NULL);

  d = g_new0 (PrepareData, 1);
  d->input_path = g_strdup (input_path);
  d->output_path = g_strdup (output_path);
  d->options = *options;
  d->options.field_name = g_strdup (options->field_name);
  d->options.name = g_strdup (options->name);
  d->options.reason = g_strdup (options->reason);
  d->options.location = g_strdup (options->location);
  d->options.contact_info = g_strdup (options->contact_info);
  if (options->signing_time)
    d->options.signing_time = g_date_time_ref (options->signing_time);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_pdf_signature_update_prepare_async);
  g_task_set_task_data (task, d, (GDestroyNotify) prepare_data_free);
  g_task_run_in_thread (task, prepare_thread);
}

/**
 * mc_pdf_signature_update_prepare_finish:
 * @result: the result given to the callback
 * @error: where to put a failure
 *
 * Returns: (transfer full) (nullable): the update
 */
McPdfSignatureUpdate *
mc_pdf_signature_update_prepare_finish (GAsyncResult *result,
                                        GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * mc_pdf_signature_update_get_temp_path:
 * @update: an update
 *
 * Returns: the temporary file holding the update until commit
 */
const char *
mc_pdf_signature_update_get_temp_path (McPdfSignatureUpdate *update)
{
  g_return_val_if_fail (MC_IS_PDF_SIGNATURE_UPDATE (update), NULL);

  return update->up ? mc_pdf_update_get_tmp_path (update->up) : NULL;
}

/**
 * mc_pdf_signature_update_get_output_path:
 * @update: an update
 *
 * Returns: where commit puts the signed file
 */
const char *
mc_pdf_signature_update_get_output_path (McPdfSignatureUpdate *update)
{
  g_return_val_if_fail (MC_IS_PDF_SIGNATURE_UPDATE (update), NULL);

  return update->output_path;
}

/**
 * mc_pdf_signature_update_get_field_name:
 * @update: an update
 *
 * Returns: the name of the new signature field
 */
const char *
mc_pdf_signature_update_get_field_name (McPdfSignatureUpdate *update)
{
  g_return_val_if_fail (MC_IS_PDF_SIGNATURE_UPDATE (update), NULL);

  return update->field_name;
}

/**
 * mc_pdf_signature_update_get_byte_range:
 * @update: an update
 * @byte_range: (out caller-allocates) (array fixed-size=4): the /ByteRange
 *   written: 0, start of /Contents, end of /Contents, length after it
 */
void
mc_pdf_signature_update_get_byte_range (McPdfSignatureUpdate *update,
                                        gint64                byte_range[4])
{
  g_return_if_fail (MC_IS_PDF_SIGNATURE_UPDATE (update));

  memcpy (byte_range, update->byte_range, sizeof update->byte_range);
}

/**
 * mc_pdf_signature_update_get_contents_offset:
 * @update: an update
 *
 * Returns: the offset of the "<" that opens /Contents in the file
 */
goffset
mc_pdf_signature_update_get_contents_offset (McPdfSignatureUpdate *update)
{
  g_return_val_if_fail (MC_IS_PDF_SIGNATURE_UPDATE (update), 0);

  return update->contents_offset;
}

/**
 * mc_pdf_signature_update_get_contents_capacity:
 * @update: an update
 *
 * Returns: the most DER bytes /Contents can take
 */
gsize
mc_pdf_signature_update_get_contents_capacity (McPdfSignatureUpdate *update)
{
  g_return_val_if_fail (MC_IS_PDF_SIGNATURE_UPDATE (update), 0);

  return update->capacity;
}

static gboolean
check_open (McPdfSignatureUpdate *update,
            GError              **error)
{
  if (update->up == NULL || update->committed)
    return invalid (error, _("The signed file was already saved or given up."));
  return TRUE;
}

/**
 * mc_pdf_signature_update_read_ranges:
 * @update: an update
 * @func: gets the signed bytes, a buffer at a time
 * @user_data: for @func
 * @cancellable: (nullable): a #GCancellable
 * @error: where to put a failure
 *
 * Reads both byte ranges back from the temporary file with one fixed-size
 * buffer, so memory does not grow with the file.
 *
 * Returns: whether all bytes were read and @func accepted them
 */
gboolean
mc_pdf_signature_update_read_ranges (McPdfSignatureUpdate *update,
                                     McPdfRangeFunc        func,
                                     gpointer              user_data,
                                     GCancellable         *cancellable,
                                     GError              **error)
{
  g_autofree guint8 *buf = NULL;
  int fd;

  g_return_val_if_fail (MC_IS_PDF_SIGNATURE_UPDATE (update), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (!check_open (update, error))
    return FALSE;
  fd = mc_pdf_update_get_fd (update->up);
  buf = g_malloc (READ_CHUNK);
  for (int r = 0; r < 2; r++)
    {
      goffset at = update->byte_range[2 * r];
      goffset end = at + update->byte_range[2 * r + 1];
      while (at < end)
        {
          gsize want = (gsize) MIN ((goffset) READ_CHUNK, end - at);
          gssize n = pread (fd, buf, want, at);
          if (n < 0 && errno == EINTR)
            continue;
          if (n <= 0)
            {
              g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_IO,
                           _("Could not read back “%s”: %s"), mc_pdf_update_get_tmp_path (update->up),
                           n < 0 ? g_strerror (errno) : _("the file is shorter than written"));
              return FALSE;
            }
          if (g_cancellable_set_error_if_cancelled (cancellable, error)
              || !func (buf, (gsize) n, user_data, error))
            return FALSE;
          at += n;
        }
    }
  return TRUE;
}

static gboolean
feed_hash (const guint8 *data,
           gsize         len,
           gpointer      user_data,
           GError      **error)
{
  gnutls_hash (*(gnutls_hash_hd_t *) user_data, data, len);
  return TRUE;
}

/**
 * mc_pdf_signature_update_compute_digest:
 * @update: an update
 * @algorithm: e.g. %GNUTLS_DIG_SHA256
 * @cancellable: (nullable): a #GCancellable
 * @error: where to put a failure
 *
 * Returns: (transfer full) (nullable): the digest of the signed byte
 *   ranges, the messageDigest a CAdES signature covers
 */
GBytes *
mc_pdf_signature_update_compute_digest (McPdfSignatureUpdate     *update,
                                        gnutls_digest_algorithm_t algorithm,
                                        GCancellable             *cancellable,
                                        GError                  **error)
{
  gnutls_hash_hd_t hd;
  guint8 out[64];
  guint len;
  gboolean ok;

  g_return_val_if_fail (MC_IS_PDF_SIGNATURE_UPDATE (update), NULL);

  len = gnutls_hash_get_len (algorithm);
  if (len == 0 || len > sizeof out || gnutls_hash_init (&hd, algorithm) < 0)
    {
      invalid (error, _("The digest algorithm is not available."));
      return NULL;
    }
  ok = mc_pdf_signature_update_read_ranges (update, feed_hash, &hd, cancellable, error);
  gnutls_hash_deinit (hd, out);
  if (!ok)
    return NULL;
  return g_bytes_new (out, len);
}

/**
 * mc_pdf_signature_update_fill_contents:
 * @update: an update
 * @der: (array length=der_len): the CMS SignedData (or timestamp token)
 * @der_len: its length
 * @error: where to put a failure (%MC_SIGNING_ERROR_PDF_CONTENTS_TOO_SMALL
 *   when it does not fit: prepare again with a larger contents_size)
 *
 * Writes @der as hex into the reserved /Contents, zero-padded.
 *
 * Returns: whether it fit
 */
gboolean
mc_pdf_signature_update_fill_contents (McPdfSignatureUpdate *update,
                                       const guint8         *der,
                                       gsize                 der_len,
                                       GError              **error)
{
  static const char hex[] = "0123456789ABCDEF";
  g_autofree char *text = NULL;

  g_return_val_if_fail (MC_IS_PDF_SIGNATURE_UPDATE (update), FALSE);
  g_return_val_if_fail (der != NULL || der_len == 0, FALSE);

  if (!check_open (update, error))
    return FALSE;
  if (der_len > update->capacity)
    {
      g_set_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_CONTENTS_TOO_SMALL,
                   _("The signature needs %llu bytes but only %llu"
                     " were reserved in the document. Sign again with more space reserved."),
                   (unsigned long long) der_len, (unsigned long long) update->capacity);
      return FALSE;
    }
  text = g_malloc (update->capacity * 2);
  memset (text, '0', update->capacity * 2);
  for (gsize i = 0; i < der_len; i++)
    {
      text[2 * i] = hex[der[i] >> 4];
      text[2 * i + 1] = hex[der[i] & 15];
    }
  if (!mc_pdf_pwrite_all (mc_pdf_update_get_fd (update->up), text, update->capacity * 2,
                          update->contents_offset + 1, error))
    return FALSE;
  update->filled = TRUE;
  return TRUE;
}

/**
 * mc_pdf_signature_update_commit:
 * @update: an update whose contents were filled
 * @error: where to put a failure
 *
 * Flushes the temporary file to disk and renames it to the output path.
 *
 * Returns: whether the signed file is in place
 */
gboolean
mc_pdf_signature_update_commit (McPdfSignatureUpdate *update,
                                GError              **error)
{
  g_return_val_if_fail (MC_IS_PDF_SIGNATURE_UPDATE (update), FALSE);

  if (!check_open (update, error))
    return FALSE;
  if (!update->filled)
    return invalid (error, _("The signature was not filled in; the document was not saved."));
  if (!mc_pdf_update_commit (update->up, error))
    return FALSE;
  update->committed = TRUE;
  return TRUE;
}

/**
 * mc_pdf_signature_update_abort:
 * @update: an update
 *
 * Removes the temporary file (also done when @update is freed without a
 * commit).
 */
void
mc_pdf_signature_update_abort (McPdfSignatureUpdate *update)
{
  g_return_if_fail (MC_IS_PDF_SIGNATURE_UPDATE (update));

  if (!update->committed)
    g_clear_pointer (&update->up, mc_pdf_update_free);
}
