/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A test driver for signing/pdf, so shell tests can put our PDF writer
 * between real producers (cairo, Ghostscript, qpdf, LibreOffice, pdfsig)
 * and real verifiers (pdfsig, mutool, qpdf). "sign" prepares an update,
 * hands the signed byte ranges to an external command (openssl cms in the
 * tests) and fills in the DER it returns; "info" prints what the
 * inspection API reports; "dss" appends validation data; "changes" runs
 * the verifier's change analysis for the first signature and says how
 * long it took (the benchmark reads it). */
#define G_LOG_DOMAIN "motcua-pdf-tool"

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#include "mc-signing.h"
#include "mc-change-private.h"
#include "mc-pdf-document.h"
#include "mc-pdf-inspect.h"
#include "mc-pdf-signer.h"
#include "pdf-builder.h"

#include <cairo.h>
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>

static const char *kind_names[] = { "table", "stream", "hybrid" };
static const char *change_names[] = { "added", "modified", "deleted" };

static long
peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  p = strstr (status, "VmHWM:");
  return p ? strtol (p + 6, NULL, 10) : -1;
}

static int
fail (GError *error)
{
  fprintf (stderr, "error: %s (code %d)\n", error->message, error->code);
  g_error_free (error);
  return 1;
}

static int
cmd_info (int    argc,
          char **argv)
{
  g_autoptr(McPdfDocument) doc = NULL;
  g_autoptr(GPtrArray) revs = NULL;
  g_autoptr(GPtrArray) sigs = NULL;
  GError *error = NULL;
  int n;

  if (argc < 1)
    return 2;
  doc = mc_pdf_document_open (argv[0], NULL, &error);
  if (doc == NULL)
    return fail (error);
  n = mc_pdf_document_get_n_pages (doc, &error);
  if (n < 0)
    return fail (error);
  printf ("pages %d\nxref %s\nlinearized %d\nsize %" G_GINT64_FORMAT "\n", n,
          kind_names[mc_pdf_document_get_xref_kind (doc)], mc_pdf_document_is_linearized (doc),
          (gint64) mc_pdf_document_get_file_size (doc));
  for (int i = 0; i < n; i++)
    {
      g_autoptr(McPdfPage) page = mc_pdf_document_get_page (doc, (guint) i, &error);
      if (page == NULL)
        return fail (error);
      printf ("page %d obj %u media %g %g %g %g crop %g %g %g %g rotate %d resources %d\n", i,
              page->num, page->media_box[0], page->media_box[1], page->media_box[2],
              page->media_box[3], page->crop_box[0], page->crop_box[1], page->crop_box[2],
              page->crop_box[3], page->rotate, page->resources != NULL);
    }
  revs = mc_pdf_document_get_revisions (doc, &error);
  if (revs == NULL)
    return fail (error);
  for (guint i = 0; i < revs->len; i++)
    {
      McPdfRevision *r = g_ptr_array_index (revs, i);
      printf ("revision %u kind %s xref %" G_GINT64_FORMAT " eof %" G_GINT64_FORMAT " end %"
              G_GINT64_FORMAT "\n", r->index, kind_names[r->kind], (gint64) r->xref_offset,
              (gint64) r->eof_offset, (gint64) r->end_offset);
      for (guint k = 0; k < r->changes->len; k++)
        {
          McPdfObjectChange *c = g_ptr_array_index (r->changes, k);
          g_autofree char *keys = c->changed_keys ? g_strjoinv (",", c->changed_keys) : g_strdup ("-");
          printf ("  change %s %u type %s subtype %s keys %s\n", change_names[c->kind], c->num,
                  c->type ? c->type : "-", c->subtype ? c->subtype : "-", keys);
        }
    }
  sigs = mc_pdf_document_get_signatures (doc, &error);
  if (sigs == NULL)
    return fail (error);
  for (guint i = 0; i < sigs->len; i++)
    {
      McPdfSignatureInfo *s = g_ptr_array_index (sigs, i);
      g_autofree char *vri = mc_pdf_signature_info_get_vri_key (s);
      printf ("signature field=%s page=%d rect=%g,%g,%g,%g type=%s subfilter=%s m=%s "
              "byterange=%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%"
              G_GINT64_FORMAT " byterange_ok=%d der=%" G_GSIZE_FORMAT " revision=%d whole=%d vri=%s\n",
              s->field_name, s->page_index, s->rect[0], s->rect[1], s->rect[2], s->rect[3],
              s->type ? s->type : "-", s->sub_filter ? s->sub_filter : "-",
              s->signing_time_raw ? s->signing_time_raw : "-", s->byte_range[0], s->byte_range[1],
              s->byte_range[2], s->byte_range[3], s->byte_range_ok,
              s->contents ? g_bytes_get_size (s->contents) : 0, s->revision, s->covers_whole_file,
              vri ? vri : "-");
      if (s->name)
        printf ("  name=%s\n", s->name);
      if (s->reason)
        printf ("  reason=%s\n", s->reason);
      if (s->location)
        printf ("  location=%s\n", s->location);
    }
  return 0;
}

typedef struct
{
  FILE *out;
} Dump;

static gboolean
dump_range (const guint8 *data,
            gsize         len,
            gpointer      user_data,
            GError      **error)
{
  Dump *d = user_data;

  if (fwrite (data, 1, len, d->out) != len)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "write failed");
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_rect (const char *s,
            double      rect[4])
{
  g_auto(GStrv) parts = g_strsplit (s, ",", -1);

  if (g_strv_length (parts) != 4)
    return FALSE;
  for (guint i = 0; i < 4; i++)
    rect[i] = g_ascii_strtod (parts[i], NULL);
  return TRUE;
}

static int
cmd_sign (int    argc,
          char **argv)
{
  McPdfSignatureOptions opts;
  g_autoptr(McPdfSignatureUpdate) up = NULL;
  g_autoptr(McPdfAppearance) ap = NULL;
  g_autoptr(GOptionContext) ctx = g_option_context_new ("IN OUT");
  GError *error = NULL;
  int page = 1, size = 0, docmdp = 0;
  g_autofree char *rect_s = NULL, *field = NULL, *name = NULL, *reason = NULL, *location = NULL;
  g_autofree char *contact = NULL, *ap_pdf = NULL, *ap_content = NULL, *cmd = NULL;
  g_autofree char *der_file = NULL, *view_s = NULL;
  double width = 0, height = 0;
  gboolean timestamp = FALSE, rss = FALSE, keep_temp = FALSE;
  GOptionEntry entries[] = {
    { "page", 0, 0, G_OPTION_ARG_INT, &page, "1-based page", NULL },
    { "rect", 0, 0, G_OPTION_ARG_STRING, &rect_s, "x1,y1,x2,y2 in user space", NULL },
    { "view-rect", 0, 0, G_OPTION_ARG_STRING, &view_s, "x,y,w,h as seen from top left", NULL },
    { "field", 0, 0, G_OPTION_ARG_STRING, &field, "field name", NULL },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, "/Name", NULL },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, "/Reason", NULL },
    { "location", 0, 0, G_OPTION_ARG_STRING, &location, "/Location", NULL },
    { "contact", 0, 0, G_OPTION_ARG_STRING, &contact, "/ContactInfo", NULL },
    { "size", 0, 0, G_OPTION_ARG_INT, &size, "bytes reserved", NULL },
    { "appearance-pdf", 0, 0, G_OPTION_ARG_FILENAME, &ap_pdf, "PDF whose page 1 is shown", NULL },
    { "appearance-content", 0, 0, G_OPTION_ARG_FILENAME, &ap_content, "content stream file", NULL },
    { "width", 0, 0, G_OPTION_ARG_DOUBLE, &width, "appearance width", NULL },
    { "height", 0, 0, G_OPTION_ARG_DOUBLE, &height, "appearance height", NULL },
    { "timestamp", 0, 0, G_OPTION_ARG_NONE, &timestamp, "document timestamp", NULL },
    { "docmdp", 0, 0, G_OPTION_ARG_INT, &docmdp, "certify with this DocMDP permission (1-3)", NULL },
    { "cmd", 0, 0, G_OPTION_ARG_STRING, &cmd, "shell command: $DATA in, $DER out", NULL },
    { "der", 0, 0, G_OPTION_ARG_FILENAME, &der_file, "DER file to fill in", NULL },
    { "rss", 0, 0, G_OPTION_ARG_NONE, &rss, "print peak RSS", NULL },
    { "keep-temp", 0, 0, G_OPTION_ARG_NONE, &keep_temp, "print temp path, do not commit", NULL },
    { NULL }
  };
  g_autofree char *der = NULL;
  gsize der_len = 0;
  int status = 0;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return fail (error);
  if (argc != 3)
    return 2;

  mc_pdf_signature_options_init (&opts);
  opts.page_index = (guint) (page - 1);
  opts.kind = timestamp ? MC_PDF_SIGNATURE_DOC_TIMESTAMP : MC_PDF_SIGNATURE_CADES;
  opts.field_name = field;
  opts.name = name;
  opts.reason = reason;
  opts.location = location;
  opts.contact_info = contact;
  opts.contents_size = (gsize) size;
  opts.docmdp = docmdp;
  if (rect_s && !parse_rect (rect_s, opts.rect))
    return 2;
  if (view_s)
    {
      double view[4];
      g_autoptr(McPdfDocument) doc = mc_pdf_document_open (argv[1], NULL, &error);
      g_autoptr(McPdfPage) p = NULL;
      if (doc == NULL || !parse_rect (view_s, view))
        return error ? fail (error) : 2;
      p = mc_pdf_document_get_page (doc, opts.page_index, &error);
      if (p == NULL)
        return fail (error);
      mc_pdf_page_view_to_user (p, view, opts.rect);
    }
  if (ap_pdf)
    {
      ap = mc_pdf_appearance_new_from_pdf (ap_pdf, 0, &error);
      if (ap == NULL)
        return fail (error);
    }
  else if (ap_content)
    {
      g_autofree char *content = NULL;
      gsize len;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(McPdfObj) res = mc_pdf_obj_new_dict ();
      g_autoptr(McPdfObj) fonts = mc_pdf_obj_new_dict ();
      g_autoptr(McPdfObj) f1 = mc_pdf_obj_new_dict ();
      if (!g_file_get_contents (ap_content, &content, &len, &error))
        return fail (error);
      bytes = g_bytes_new (content, len);
      mc_pdf_dict_take (f1, "Type", mc_pdf_obj_new_name ("Font"));
      mc_pdf_dict_take (f1, "Subtype", mc_pdf_obj_new_name ("Type1"));
      mc_pdf_dict_take (f1, "BaseFont", mc_pdf_obj_new_name ("Helvetica"));
      mc_pdf_dict_set (fonts, "F1", f1);
      mc_pdf_dict_set (res, "Font", fonts);
      ap = mc_pdf_appearance_new_from_content (width, height, bytes, res);
    }
  opts.appearance = ap;

  up = mc_pdf_signature_update_prepare (argv[1], argv[2], &opts, NULL, &error);
  if (up == NULL)
    return fail (error);
  {
    gint64 br[4];
    mc_pdf_signature_update_get_byte_range (up, br);
    printf ("byterange %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %"
            G_GINT64_FORMAT "\ncapacity %" G_GSIZE_FORMAT "\nfield %s\n", br[0], br[1], br[2], br[3],
            mc_pdf_signature_update_get_contents_capacity (up),
            mc_pdf_signature_update_get_field_name (up));
  }
  {
    g_autoptr(GBytes) digest = mc_pdf_signature_update_compute_digest (up, GNUTLS_DIG_SHA256, NULL, &error);
    if (digest == NULL)
      return fail (error);
    printf ("sha256 ");
    for (gsize i = 0; i < g_bytes_get_size (digest); i++)
      printf ("%02x", ((const guint8 *) g_bytes_get_data (digest, NULL))[i]);
    printf ("\n");
  }
  if (keep_temp)
    {
      printf ("temp %s\n", mc_pdf_signature_update_get_temp_path (up));
      return 0; /* the update is dropped: the temp file must vanish */
    }

  if (cmd)
    {
      g_autofree char *data_path = g_strconcat (argv[2], ".ranges", NULL);
      g_autofree char *der_path = g_strconcat (argv[2], ".der", NULL);
      g_autofree char *full = g_strdup_printf ("DATA='%s' DER='%s'; %s", data_path, der_path, cmd);
      char *sh[] = { (char *) "/bin/sh", (char *) "-c", full, NULL };
      Dump d = { fopen (data_path, "wb") };
      gboolean ok;
      if (d.out == NULL)
        return 1;
      ok = mc_pdf_signature_update_read_ranges (up, dump_range, &d, NULL, &error);
      fclose (d.out);
      if (!ok)
        return fail (error);
      if (!g_spawn_sync (NULL, sh, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL, NULL, NULL,
                         &status, &error)
          || !g_spawn_check_wait_status (status, &error))
        return fail (error);
      if (!g_file_get_contents (der_path, &der, &der_len, &error))
        return fail (error);
      g_unlink (data_path);
      g_unlink (der_path);
    }
  else if (der_file)
    {
      if (!g_file_get_contents (der_file, &der, &der_len, &error))
        return fail (error);
    }
  else
    {
      der = g_strdup ("\x30\x03\x02\x01\x01");
      der_len = 5;
    }
  if (!mc_pdf_signature_update_fill_contents (up, (const guint8 *) der, der_len, &error)
      || !mc_pdf_signature_update_commit (up, &error))
    return fail (error);
  if (rss)
    printf ("peak_rss_kb %ld\n", peak_rss_kb ());
  return 0;
}

static int
cmd_dss (int    argc,
         char **argv)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new ("IN OUT");
  g_auto(GStrv) certs = NULL, ocsps = NULL, crls = NULL;
  gboolean vri = FALSE;
  GOptionEntry entries[] = {
    { "cert", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &certs, "DER certificate", NULL },
    { "ocsp", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &ocsps, "DER OCSP response", NULL },
    { "crl", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &crls, "DER CRL", NULL },
    { "vri", 0, 0, G_OPTION_ARG_NONE, &vri, "add a VRI entry for the last signature", NULL },
    { NULL }
  };
  g_autoptr(McPdfDss) dss = mc_pdf_dss_new ();
  g_autoptr(GArray) idx0 = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) idx1 = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) idx2 = g_array_new (FALSE, FALSE, sizeof (guint));
  GArray *idx[3] = { idx0, idx1, idx2 };
  GError *error = NULL;
  char **lists[3];

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return fail (error);
  if (argc != 3)
    return 2;
  lists[0] = certs;
  lists[1] = ocsps;
  lists[2] = crls;
  for (guint l = 0; l < 3; l++)
    {
      for (guint i = 0; lists[l] && lists[l][i]; i++)
        {
          g_autofree char *data = NULL;
          gsize len;
          g_autoptr(GBytes) b = NULL;
          guint k;
          if (!g_file_get_contents (lists[l][i], &data, &len, &error))
            return fail (error);
          b = g_bytes_new (data, len);
          k = l == 0 ? mc_pdf_dss_add_cert (dss, b) : l == 1 ? mc_pdf_dss_add_ocsp (dss, b)
                                                           : mc_pdf_dss_add_crl (dss, b);
          g_array_append_val (idx[l], k);
        }
    }
  if (vri)
    {
      g_autoptr(McPdfDocument) doc = mc_pdf_document_open (argv[1], NULL, &error);
      g_autoptr(GPtrArray) sigs = NULL;
      g_autofree char *key = NULL;
      if (doc == NULL || (sigs = mc_pdf_document_get_signatures (doc, &error)) == NULL)
        return fail (error);
      if (sigs->len == 0)
        return 2;
      key = mc_pdf_signature_info_get_vri_key (g_ptr_array_index (sigs, sigs->len - 1));
      mc_pdf_dss_add_vri (dss, key, (guint *) idx[0]->data, idx[0]->len, (guint *) idx[1]->data,
                          idx[1]->len, (guint *) idx[2]->data, idx[2]->len, NULL);
    }
  if (!mc_pdf_append_dss (argv[1], argv[2], dss, NULL, &error))
    return fail (error);
  return 0;
}

/* Fixtures the shell tests need and no command-line producer makes. */
static int
cmd_make (int    argc,
          char **argv)
{
  const char *kind, *out;

  if (argc != 2 && argc != 3)
    return 2;
  kind = argv[0];
  out = argv[1];
  if (strcmp (kind, "cairo") == 0 || strcmp (kind, "big") == 0 || strcmp (kind, "stamp") == 0)
    {
      gboolean big = strcmp (kind, "big") == 0, stamp = strcmp (kind, "stamp") == 0;
      int megabytes = argc == 3 ? atoi (argv[2]) : 50;
      cairo_surface_t *surface = cairo_pdf_surface_create (out, stamp ? 220 : 595, stamp ? 70 : 842);
      cairo_t *cr = cairo_create (surface);
      /* Noise does not compress: each 1024×1024 RGB image adds ~3 MB. */
      int pages = big ? MAX (1, megabytes / 3) : stamp ? 1 : 2;
      GRand *rand = g_rand_new_with_seed (42);
      for (int p = 0; p < pages; p++)
        {
          if (big)
            {
              cairo_surface_t *img = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1024, 1024);
              guint32 *px = (guint32 *) cairo_image_surface_get_data (img);
              for (int i = 0; i < 1024 * 1024; i++)
                px[i] = g_rand_int (rand) & 0xffffff;
              cairo_surface_mark_dirty (img);
              cairo_save (cr);
              cairo_scale (cr, 0.5, 0.5);
              cairo_set_source_surface (cr, img, 40, 40);
              cairo_paint (cr);
              cairo_restore (cr);
              cairo_surface_destroy (img);
            }
          if (stamp)
            {
              cairo_set_source_rgb (cr, 0.8, 0, 0);
              cairo_set_line_width (cr, 2);
              cairo_rectangle (cr, 2, 2, 216, 66);
              cairo_stroke (cr);
            }
          cairo_set_source_rgb (cr, stamp ? 0.8 : 0, 0, 0);
          cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
          cairo_set_font_size (cr, stamp ? 12 : 20);
          cairo_move_to (cr, stamp ? 10 : 72, stamp ? 30 : 120);
          cairo_show_text (cr, stamp ? "Đã ký: Nguyễn Văn A" : "Kết quả giải quyết thủ tục hành chính");
          if (stamp)
            {
              cairo_move_to (cr, 10, 50);
              cairo_show_text (cr, "Ngày ký: 02/08/2025");
            }
          cairo_show_page (cr);
        }
      g_rand_free (rand);
      cairo_destroy (cr);
      {
        cairo_status_t st = cairo_surface_status (surface);
        cairo_surface_destroy (surface);
        /* Font caches, so leak checkers see only ours. */
        cairo_debug_reset_static_data ();
        FcFini ();
        return st == CAIRO_STATUS_SUCCESS ? 0 : 1;
      }
    }
  if (strcmp (kind, "template") == 0)
    {
      /* A form with an empty signature field placed on page 2. */
      g_autoptr(PdfBuilder) pb = pb_new ();
      static const char c1[] = "BT /F1 24 Tf 72 700 Td (Template) Tj ET";
      pb_obj (pb, 1, "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [6 0 R] >> >>");
      pb_obj (pb, 2, "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 /MediaBox [0 0 595 842] "
                     "/Resources << /Font << /F1 7 0 R >> >> >>");
      pb_obj (pb, 3, "<< /Type /Page /Parent 2 0 R /Contents 5 0 R >>");
      pb_obj (pb, 4, "<< /Type /Page /Parent 2 0 R /Contents 5 0 R /Annots [6 0 R] >>");
      pb_stream (pb, 5, "", c1, strlen (c1));
      pb_obj (pb, 6, "<< /Type /Annot /Subtype /Widget /FT /Sig /T (Leader) /F 4 "
                     "/Rect [330 40 550 110] /P 4 0 R >>");
      pb_obj (pb, 7, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
      pb_xref_table (pb, NULL);
      return g_file_set_contents (out, pb_data (pb)->str, (gssize) pb_data (pb)->len, NULL) ? 0 : 1;
    }
  if (strcmp (kind, "hybrid") == 0 || strcmp (kind, "update") == 0)
    {
      g_autoptr(PdfBuilder) pb = pb_new ();
      static const char c1[] = "BT /F1 24 Tf 72 700 Td (Page one) Tj ET";
      static const char c2[] = "BT /F1 24 Tf 72 700 Td (Page two) Tj ET";
      pb_obj (pb, 1, "<< /Type /Catalog /Pages 2 0 R >>");
      pb_obj (pb, 2, "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 /MediaBox [0 0 595 842] "
                     "/Resources << /Font << /F1 7 0 R >> >> >>");
      pb_stream (pb, 5, "", c1, strlen (c1));
      pb_stream (pb, 6, "", c2, strlen (c2));
      if (strcmp (kind, "hybrid") == 0)
        {
          const guint nums[] = { 3, 4, 7 };
          const char *bodies[] = {
            "<< /Type /Page /Parent 2 0 R /Contents 5 0 R >>",
            "<< /Type /Page /Parent 2 0 R /Contents 6 0 R >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
          };
          pb_objstm (pb, 8, nums, bodies, 3);
          pb_xref_hybrid (pb, 9, "/ID [<00112233445566778899AABBCCDDEEFF> <00112233445566778899AABBCCDDEEFF>]");
        }
      else
        {
          static const char c3[] = "BT /F1 24 Tf 72 650 Td (Page one, updated) Tj ET";
          pb_obj (pb, 3, "<< /Type /Page /Parent 2 0 R /Contents 5 0 R >>");
          pb_obj (pb, 4, "<< /Type /Page /Parent 2 0 R /Contents 6 0 R >>");
          pb_obj (pb, 7, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
          pb_xref_table (pb, "/ID [<00112233445566778899AABBCCDDEEFF> <00112233445566778899AABBCCDDEEFF>]");
          /* An incremental update by another writer: page 1 gets new content. */
          pb_stream (pb, 8, "", c3, strlen (c3));
          pb_obj (pb, 3, "<< /Type /Page /Parent 2 0 R /Contents [5 0 R 8 0 R] >>");
          pb_xref_table (pb, "/ID [<00112233445566778899AABBCCDDEEFF> <00112233445566778899AABBCCDDEEFF>]");
        }
      return g_file_set_contents (out, pb_data (pb)->str, (gssize) pb_data (pb)->len, NULL) ? 0 : 1;
    }
  return 2;
}

static int
cmd_changes (int    argc,
             char **argv)
{
  g_autoptr(McPdfDocument) doc = NULL;
  g_autoptr(GPtrArray) revs = NULL;
  g_autoptr(GPtrArray) sigs = NULL;
  g_autoptr(McChangeAnalysis) analysis = NULL;
  McPdfSignatureCheck check = { 0 };
  McPdfSignatureInfo *first = NULL;
  GError *error = NULL;
  gint64 start, open_end, end;

  if (argc != 1)
    return 2;
  start = g_get_monotonic_time ();
  doc = mc_pdf_document_open (argv[0], NULL, &error);
  if (doc == NULL)
    return fail (error);
  revs = mc_pdf_document_get_revisions (doc, &error);
  if (revs == NULL || (sigs = mc_pdf_document_get_signatures (doc, &error)) == NULL)
    return fail (error);
  open_end = g_get_monotonic_time ();
  for (guint i = 0; i < sigs->len; i++)
    {
      McPdfSignatureInfo *info = g_ptr_array_index (sigs, i);
      if (info->revision >= 0 && (first == NULL || info->revision < first->revision))
        first = info;
    }
  if (first == NULL)
    {
      fprintf (stderr, "no signature ends where a revision ends\n");
      return 1;
    }
  analysis = mc_change_analysis_new (doc, revs, sigs);
  mc_change_analysis_judge (analysis, first->revision, first->sig_num, &check);
  end = g_get_monotonic_time ();
  printf ("revisions %u after %d\n", revs->len, first->revision);
  printf ("level %s\n", mc_modification_level_to_key (check.modification_level));
  for (guint i = 0; check.allowed_changes != NULL && check.allowed_changes[i] != NULL; i++)
    printf ("allowed %s\n", check.allowed_changes[i]);
  for (guint i = 0; check.disallowed_changes != NULL && check.disallowed_changes[i] != NULL; i++)
    printf ("disallowed %s\n", check.disallowed_changes[i]);
  printf ("objects_read %u\nwalk_budget_left %u\n", analysis->reader.reads, analysis->walk_budget);
  printf ("open_ms %.1f\nanalysis_ms %.1f\n", (open_end - start) / 1000.0, (end - open_end) / 1000.0);
  g_strfreev (check.allowed_changes);
  g_strfreev (check.disallowed_changes);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  if (argc < 2)
    {
      fprintf (stderr, "usage: pdf-tool info FILE | sign [OPTIONS] IN OUT | dss [OPTIONS] IN OUT\n");
      return 2;
    }
  if (strcmp (argv[1], "info") == 0)
    return cmd_info (argc - 2, argv + 2);
  if (strcmp (argv[1], "obj") == 0 && argc == 4)
    {
      GError *error = NULL;
      g_autoptr(McPdfDocument) doc = mc_pdf_document_open (argv[2], NULL, &error);
      g_autoptr(McPdfObj) obj = NULL;
      g_autofree char *text = NULL;
      if (doc == NULL || (obj = mc_pdf_document_get_object (doc, (guint32) atoi (argv[3]), &error)) == NULL)
        return fail (error);
      text = mc_pdf_obj_to_string (obj);
      printf ("%s\n", text);
      return 0;
    }
  if (strcmp (argv[1], "sign") == 0)
    return cmd_sign (argc - 1, argv + 1);
  if (strcmp (argv[1], "make") == 0)
    return cmd_make (argc - 2, argv + 2);
  if (strcmp (argv[1], "dss") == 0)
    return cmd_dss (argc - 1, argv + 1);
  if (strcmp (argv[1], "changes") == 0)
    return cmd_changes (argc - 2, argv + 2);
  return 2;
}
