/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target over the PDF reader: every input is opened from memory
 * and walked the way the signer and the verifier walk a file (pages, form,
 * every object and stream, revisions, signatures, and the change analysis
 * of every revision after each signature). Any crash, sanitizer
 * report, leak or hang is a bug: hostile files must only ever give a
 * GError. Built by tests/fuzz/run-pdf-fuzz with clang. */
#include "config.h"

#include <gio/gio.h>

#include "mc-signing.h"
#include "mc-change-private.h"
#include "mc-pdf-document.h"
#include "mc-pdf-inspect.h"
#include "mc-pdf-signer.h"

#include <glib/gstdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
walk (McPdfDocument *doc)
{
  int n = mc_pdf_document_get_n_pages (doc, NULL);
  guint32 max;
  g_autoptr(McPdfObj) trailer_size = NULL;

  for (int i = 0; i < MIN (n, 64); i++)
    {
      g_autoptr(McPdfPage) page = mc_pdf_document_get_page (doc, (guint) i, NULL);
      if (page != NULL)
        mc_pdf_document_find_page (doc, page->num, NULL);
    }
  {
    g_autoptr(McPdfObj) form = mc_pdf_document_get_acroform (doc, NULL);
    g_auto(GStrv) names = mc_pdf_document_get_field_names (doc, NULL);
  }
  /* A hostile /Size may be negative or huge. */
  max = (guint32) CLAMP (mc_pdf_obj_get_int (mc_pdf_dict_get (mc_pdf_document_get_trailer (doc), "Size")), 0, 4096);
  for (guint32 num = 1; num < max; num++)
    {
      g_autoptr(McPdfObj) obj = mc_pdf_document_get_object (doc, num, NULL);
      if (mc_pdf_obj_is (obj, MC_PDF_OBJ_STREAM))
        {
          g_autoptr(GBytes) raw = mc_pdf_document_read_stream (doc, obj, FALSE, 1 << 20, NULL);
          g_autoptr(GBytes) dec = mc_pdf_document_read_stream (doc, obj, TRUE, 1 << 20, NULL);
        }
      if (obj != NULL)
        {
          g_autofree char *text = mc_pdf_obj_to_string (obj);
          g_autofree char *utf8 = mc_pdf_obj_get_text (mc_pdf_dict_get (obj, "T"));
        }
    }
  {
    g_autoptr(GPtrArray) revs = mc_pdf_document_get_revisions (doc, NULL);
    g_autoptr(GPtrArray) sigs = mc_pdf_document_get_signatures (doc, NULL);
    g_autoptr(McChangeAnalysis) analysis = NULL;

    for (guint i = 0; sigs && i < sigs->len; i++)
      {
        g_autofree char *key = mc_pdf_signature_info_get_vri_key (g_ptr_array_index (sigs, i));
      }
    if (revs != NULL && sigs != NULL)
      analysis = mc_change_analysis_new (doc, revs, sigs);
    for (guint i = 0; analysis != NULL && i < sigs->len; i++)
      {
        McPdfSignatureInfo *info = g_ptr_array_index (sigs, i);
        McPdfSignatureCheck check = { 0 };
        g_autofree char *words = NULL;

        if (info->revision < 0)
          continue;
        mc_change_analysis_judge (analysis, info->revision, info->sig_num, &check);
        /* A disallowed change always says why. */
        g_assert (check.changed_after == (check.disallowed_changes != NULL));
        g_assert (check.modification_level <= MC_MODIFICATION_OTHER);
        words = mc_pdf_changes_describe (&check);
        g_assert (words != NULL && words[0] != '\0');
        g_strfreev (check.allowed_changes);
        g_strfreev (check.disallowed_changes);
      }
  }
}

/* The writer too, on a share of the inputs: it walks the form and the
 * page's /Annots of whatever the file holds. The update is dropped, so
 * its temporary file must vanish. */
static char *dir;

static void
remove_dir (void)
{
  g_rmdir (dir);
}

static void
try_signing (const guint8 *data,
             size_t        size)
{
  g_autofree char *in = NULL;
  g_autofree char *out = NULL;
  g_autoptr(McPdfSignatureUpdate) up = NULL;
  McPdfSignatureOptions opts;

  if (dir == NULL)
    {
      dir = g_dir_make_tmp ("pdf-fuzz-XXXXXX", NULL);
      atexit (remove_dir);
    }
  in = g_build_filename (dir, "in.pdf", NULL);
  out = g_build_filename (dir, "out.pdf", NULL);
  if (!g_file_set_contents (in, (const char *) data, (gssize) size, NULL))
    return;
  mc_pdf_signature_options_init (&opts);
  opts.rect[2] = opts.rect[3] = 20;
  opts.contents_size = 64;
  /* Half the time, sign the empty field of the "template" seed by name. */
  if (data[size / 3] & 1)
    opts.field_name = "Leader";
  up = mc_pdf_signature_update_prepare (in, out, &opts, NULL, NULL);
  if (up != NULL)
    {
      g_autoptr(GBytes) digest = mc_pdf_signature_update_compute_digest (up, GNUTLS_DIG_SHA256, NULL, NULL);
      g_assert (digest != NULL);
    }
  g_clear_object (&up);
  g_assert (!g_file_test (out, G_FILE_TEST_EXISTS));
  g_unlink (in);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_data (data, (gssize) size, NULL);
  g_autoptr(McPdfDocument) doc = NULL;
  g_autoptr(GError) error = NULL;

  doc = mc_pdf_document_new_from_stream (in, (goffset) size, "fuzz", NULL, &error);
  if (doc == NULL)
    {
      /* Every failure is a PDF-layer error with a message. */
      g_assert (error != NULL && error->domain == MC_SIGNING_ERROR && error->message[0] != '\0');
      return 0;
    }
  walk (doc);
  if (size > 0 && data[size / 2] % 4 == 0)
    try_signing (data, size);
  return 0;
}
