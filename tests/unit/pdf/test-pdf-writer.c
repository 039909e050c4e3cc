/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the incremental writer: signing cairo-made and hand-made PDFs
 * (classic tables, xref streams, hybrids, indirect /Annots, existing
 * forms, rotated pages), importing a cairo page as the appearance, the
 * DSS update, and the failure paths that must leave no file behind. The
 * CMS here is a placeholder DER; real CMS and independent verifiers run in
 * tests/integration/pdf. Appearances are checked by rendering with
 * poppler. */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <poppler.h>
#include <fontconfig/fontconfig.h>

#include "mc-pdf-private.h"
#include "mc-pdf-inspect.h"
#include "mc-pdf-signer.h"
#include "pdf-builder.h"

static char *tmpdir;

/* A fake but well-formed DER SEQUENCE, so padding can be trimmed. */
static const guint8 fake_der[] = { 0x30, 0x06, 0x02, 0x01, 0x05, 0x04, 0x01, 0xAB };

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

static void
make_cairo_pdf (const char *path,
                int         pages,
                double      w,
                double      h,
                gboolean    stamp)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (path, w, h);
  cairo_t *cr = cairo_create (surface);

  for (int i = 0; i < pages; i++)
    {
      if (stamp)
        {
          /* Red left half, blue right half, a text and a small image. */
          cairo_surface_t *img = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 8, 8);
          cairo_t *ic = cairo_create (img);
          cairo_set_source_rgb (ic, 0, 0.6, 0);
          cairo_paint (ic);
          cairo_destroy (ic);
          cairo_set_source_rgb (cr, 1, 0, 0);
          cairo_rectangle (cr, 0, 0, w / 2, h);
          cairo_fill (cr);
          cairo_set_source_rgb (cr, 0, 0, 1);
          cairo_rectangle (cr, w / 2, 0, w / 2, h);
          cairo_fill (cr);
          cairo_set_source_surface (cr, img, 2, 2);
          cairo_paint (cr);
          cairo_surface_destroy (img);
          cairo_set_source_rgb (cr, 1, 1, 1);
          cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
          cairo_set_font_size (cr, 10);
          cairo_move_to (cr, 12, h / 2);
          cairo_show_text (cr, "Ký số");
        }
      else
        {
          cairo_set_source_rgb (cr, 0, 0, 0);
          cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
          cairo_set_font_size (cr, 24);
          cairo_move_to (cr, 72, 100);
          cairo_show_text (cr, "Trang văn bản");
        }
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static GBytes *
read_file (const char *path)
{
  char *data = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  return g_bytes_new_take (data, len);
}

static void
assert_prefix (const char *original,
               const char *output)
{
  g_autoptr(GBytes) a = read_file (original);
  g_autoptr(GBytes) b = read_file (output);

  g_assert_cmpuint (g_bytes_get_size (b), >, g_bytes_get_size (a));
  g_assert_cmpmem (g_bytes_get_data (b, NULL), g_bytes_get_size (a), g_bytes_get_data (a, NULL),
                   g_bytes_get_size (a));
}

/* No ".name.XXXXXX" temporary file may stay in tmpdir. */
static void
assert_no_temp_files (void)
{
  g_autoptr(GDir) dir = g_dir_open (tmpdir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)))
    g_assert_false (name[0] == '.');
}

static McPdfSignatureUpdate *
sign_with (const char            *in,
           const char            *out,
           McPdfSignatureOptions *opts,
           const guint8          *der,
           gsize                  der_len)
{
  GError *error = NULL;
  McPdfSignatureUpdate *up = mc_pdf_signature_update_prepare (in, out, opts, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (up);
  g_assert_true (mc_pdf_signature_update_fill_contents (up, der, der_len, &error));
  g_assert_no_error (error);
  g_assert_true (mc_pdf_signature_update_commit (up, &error));
  g_assert_no_error (error);
  return up;
}

static GPtrArray *
signatures_of (const char *path)
{
  GError *error = NULL;
  g_autoptr(McPdfDocument) doc = mc_pdf_document_open (path, NULL, &error);
  GPtrArray *sigs;

  g_assert_no_error (error);
  sigs = mc_pdf_document_get_signatures (doc, &error);
  g_assert_no_error (error);
  return sigs;
}

/* The colour at (x, y) of page @index rendered at 72 dpi, as displayed. */
static guint32
pixel_at (const char *path,
          int         index,
          double      x,
          double      y)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  /* Poppler 22.12 has no autoptr cleanups for its types. */
  PopplerDocument *doc = poppler_document_new_from_file (uri, NULL, NULL);
  PopplerPage *page;
  double w, h;
  cairo_surface_t *s;
  cairo_t *cr;
  guint32 px;

  g_assert_nonnull (doc);
  page = poppler_document_get_page (doc, index);
  poppler_page_get_size (page, &w, &h);
  s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) w, (int) h);
  cr = cairo_create (s);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (s);
  px = *(guint32 *) (cairo_image_surface_get_data (s) + (int) y * cairo_image_surface_get_stride (s)
                     + 4 * (int) x);
  cairo_surface_destroy (s);
  g_object_unref (page);
  g_object_unref (doc);
  return px & 0xffffff;
}

static void
test_sign_cairo (void)
{
  g_autofree char *in = tmp_path ("cairo.pdf");
  g_autofree char *out = tmp_path ("cairo-signed.pdf");
  g_autofree char *out2 = tmp_path ("cairo-signed2.pdf");
  g_autoptr(McPdfSignatureUpdate) up = NULL;
  g_autoptr(McPdfSignatureUpdate) up2 = NULL;
  g_autoptr(GPtrArray) sigs = NULL;
  g_autoptr(GPtrArray) sigs2 = NULL;
  g_autoptr(McPdfAppearance) ap = NULL;
  g_autoptr(GBytes) content = g_bytes_new_static ("1 0 0 rg 0 0 150 50 re f", 24);
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+07:00");
  g_autoptr(GDateTime) when = g_date_time_new (tz, 2025, 8, 2, 9, 15, 0);
  McPdfSignatureOptions opts;
  McPdfSignatureInfo *s;
  GError *error = NULL;
  gint64 br[4];

  make_cairo_pdf (in, 2, 595, 842, FALSE);
  ap = mc_pdf_appearance_new_from_content (150, 50, content, NULL);
  mc_pdf_signature_options_init (&opts);
  opts.page_index = 1;
  opts.rect[0] = 400;
  opts.rect[1] = 60;
  opts.rect[2] = 550;
  opts.rect[3] = 110;
  opts.name = "Nguyễn Văn Ánh";
  opts.reason = "Phê duyệt kết quả";
  opts.location = "UBND xã Tân Lập";
  opts.contact_info = "motcua@example.vn";
  opts.signing_time = when;
  opts.appearance = ap;
  opts.contents_size = 4096;

  up = mc_pdf_signature_update_prepare (in, out, &opts, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mc_pdf_signature_update_get_field_name (up), ==, "Signature1");
  g_assert_cmpuint (mc_pdf_signature_update_get_contents_capacity (up), ==, 4096);
  /* Until commit, only the temporary file exists, beside the output. */
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  {
    g_autofree char *dir = g_path_get_dirname (mc_pdf_signature_update_get_temp_path (up));
    g_assert_cmpstr (dir, ==, tmpdir);
  }
  mc_pdf_signature_update_get_byte_range (up, br);
  g_assert_cmpint (br[0], ==, 0);
  g_assert_cmpint (br[1], ==, mc_pdf_signature_update_get_contents_offset (up));
  g_assert_cmpint (br[2] - br[1], ==, 2 * 4096 + 2);

  /* The digest equals SHA-256 of the file without the /Contents gap,
   * computed here independently. */
  {
    g_autoptr(GBytes) digest = mc_pdf_signature_update_compute_digest (up, GNUTLS_DIG_SHA256, NULL, &error);
    g_autoptr(GBytes) file = read_file (mc_pdf_signature_update_get_temp_path (up));
    g_autoptr(GChecksum) ck = g_checksum_new (G_CHECKSUM_SHA256);
    guint8 want[32];
    gsize want_len = sizeof want;
    const guint8 *d = g_bytes_get_data (file, NULL);
    g_assert_no_error (error);
    g_assert_cmpint (br[2] + br[3], ==, (gint64) g_bytes_get_size (file));
    g_assert_cmpuint (d[br[1]], ==, '<');
    g_assert_cmpuint (d[br[2] - 1], ==, '>');
    g_checksum_update (ck, d, br[1]);
    g_checksum_update (ck, d + br[2], br[3]);
    g_checksum_get_digest (ck, want, &want_len);
    g_assert_cmpmem (g_bytes_get_data (digest, NULL), g_bytes_get_size (digest), want, 32);
  }
  g_assert_true (mc_pdf_signature_update_fill_contents (up, fake_der, sizeof fake_der, &error));
  g_assert_true (mc_pdf_signature_update_commit (up, &error));
  g_assert_no_error (error);
  assert_prefix (in, out);
  assert_no_temp_files ();

  sigs = signatures_of (out);
  g_assert_cmpuint (sigs->len, ==, 1);
  s = g_ptr_array_index (sigs, 0);
  g_assert_cmpstr (s->field_name, ==, "Signature1");
  g_assert_cmpint (s->page_index, ==, 1);
  g_assert_cmpfloat (s->rect[0], ==, 400);
  g_assert_cmpfloat (s->rect[3], ==, 110);
  g_assert_cmpstr (s->type, ==, "Sig");
  g_assert_cmpstr (s->filter, ==, "Adobe.PPKLite");
  g_assert_cmpstr (s->sub_filter, ==, "ETSI.CAdES.detached");
  g_assert_cmpstr (s->name, ==, "Nguyễn Văn Ánh");
  g_assert_cmpstr (s->reason, ==, "Phê duyệt kết quả");
  g_assert_cmpstr (s->location, ==, "UBND xã Tân Lập");
  g_assert_cmpstr (s->contact_info, ==, "motcua@example.vn");
  g_assert_cmpstr (s->signing_time_raw, ==, "D:20250802091500+07'00'");
  g_assert_true (g_date_time_equal (s->signing_time, when));
  g_assert_cmpmem (g_bytes_get_data (s->contents, NULL), g_bytes_get_size (s->contents), fake_der,
                   sizeof fake_der);
  g_assert_cmpuint (g_bytes_get_size (s->contents_raw), ==, 4096);
  g_assert_true (s->has_byte_range);
  g_assert_true (s->byte_range_ok);
  g_assert_true (s->covers_whole_file);
  g_assert_cmpint (s->revision, ==, 1);
  g_assert_cmpmem (s->byte_range, sizeof br, br, sizeof br);
  {
    g_autofree char *key = mc_pdf_signature_info_get_vri_key (s);
    g_assert_cmpuint (strlen (key), ==, 40);
  }

  /* The update has the file's kind of xref, and changed only what a
   * signature changes. */
  {
    g_autoptr(McPdfDocument) doc = mc_pdf_document_open (out, NULL, &error);
    g_autoptr(GPtrArray) revs = mc_pdf_document_get_revisions (doc, &error);
    McPdfRevision *r;
    guint added = 0;
    g_assert_no_error (error);
    g_assert_cmpint (mc_pdf_document_get_xref_kind (doc), ==, MC_PDF_XREF_TABLE);
    g_assert_cmpuint (revs->len, ==, 2);
    r = g_ptr_array_index (revs, 1);
    for (guint i = 0; i < r->changes->len; i++)
      {
        McPdfObjectChange *c = g_ptr_array_index (r->changes, i);
        if (c->kind == MC_PDF_CHANGE_MODIFIED)
          {
            g_assert_nonnull (c->changed_keys);
            g_assert_cmpuint (g_strv_length (c->changed_keys), ==, 1);
            if (g_strcmp0 (c->type, "Page") == 0)
              g_assert_cmpstr (c->changed_keys[0], ==, "Annots");
            else
              {
                g_assert_cmpstr (c->type, ==, "Catalog");
                g_assert_cmpstr (c->changed_keys[0], ==, "AcroForm");
              }
          }
        else
          {
            g_assert_cmpint (c->kind, ==, MC_PDF_CHANGE_ADDED);
            added++;
          }
      }
    g_assert_cmpuint (added, ==, 4); /* appearance, signature, widget, form */
    g_assert_cmpuint (r->changes->len, ==, 6);
  }

  /* The appearance is drawn where the widget is: red, on page 2. */
  g_assert_cmphex (pixel_at (out, 1, 475, 842 - 85), ==, 0xff0000);
  g_assert_cmphex (pixel_at (out, 1, 300, 842 - 85), ==, 0xffffff);

  /* A second, invisible signature keeps the first one intact. */
  mc_pdf_signature_options_init (&opts);
  up2 = sign_with (out, out2, &opts, fake_der, sizeof fake_der);
  assert_prefix (out, out2);
  sigs2 = signatures_of (out2);
  g_assert_cmpuint (sigs2->len, ==, 2);
  s = g_ptr_array_index (sigs2, 0);
  g_assert_true (s->byte_range_ok);
  g_assert_false (s->covers_whole_file);
  g_assert_cmpint (s->revision, ==, 1);
  s = g_ptr_array_index (sigs2, 1);
  g_assert_cmpstr (s->field_name, ==, "Signature2");
  g_assert_cmpint (s->page_index, ==, 0);
  g_assert_cmpfloat (s->rect[2], ==, 0);
  g_assert_true (s->covers_whole_file);
  g_assert_cmpint (s->revision, ==, 2);
}

/* Signs a builder-made file and checks the new section's kind. */
static void
sign_and_check_kind (const char    *name,
                     GString       *data,
                     McPdfXrefKind  want_kind,
                     guint          page_index)
{
  g_autofree char *in = tmp_path (name);
  g_autofree char *out = g_strconcat (in, ".signed.pdf", NULL);
  g_autoptr(McPdfSignatureUpdate) up = NULL;
  g_autoptr(McPdfDocument) doc = NULL;
  g_autoptr(GPtrArray) sigs = NULL;
  g_autoptr(McPdfPage) page = NULL;
  McPdfSignatureOptions opts;
  GError *error = NULL;

  g_assert_true (g_file_set_contents (in, data->str, (gssize) data->len, NULL));
  mc_pdf_signature_options_init (&opts);
  opts.page_index = page_index;
  opts.rect[0] = 10;
  opts.rect[1] = 10;
  opts.rect[2] = 60;
  opts.rect[3] = 30;
  up = sign_with (in, out, &opts, fake_der, sizeof fake_der);
  assert_prefix (in, out);
  doc = mc_pdf_document_open (out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mc_pdf_document_get_xref_kind (doc), ==, want_kind);
  g_assert_cmpint (mc_pdf_document_get_n_pages (doc, &error), ==, 2);
  page = mc_pdf_document_get_page (doc, page_index, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mc_pdf_array_length (mc_pdf_dict_get (page->dict, "Annots")), >=, 1);
  sigs = mc_pdf_document_get_signatures (doc, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sigs->len, ==, 1);
  g_assert_true (((McPdfSignatureInfo *) g_ptr_array_index (sigs, 0))->byte_range_ok);
  g_assert_cmpint (((McPdfSignatureInfo *) g_ptr_array_index (sigs, 0))->page_index, ==, (int) page_index);
}

static void
add_pages (PdfBuilder *pb)
{
  pb_obj (pb, 2, "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 /MediaBox [0 0 200 200] >>");
  pb_obj (pb, 3, "<< /Type /Page /Parent 2 0 R >>");
  pb_obj (pb, 4, "<< /Type /Page /Parent 2 0 R >>");
}

static void
test_xref_kinds (void)
{
  {
    g_autoptr(PdfBuilder) pb = pb_new ();
    pb_obj (pb, 1, "<< /Type /Catalog /Pages 2 0 R >>");
    add_pages (pb);
    pb_xref_stream (pb, 5, TRUE, "/ID [<01020304> <01020304>] /Info 6 0 R");
    sign_and_check_kind ("k-stream.pdf", pb_data (pb), MC_PDF_XREF_STREAM, 1);
  }
  {
    g_autoptr(PdfBuilder) pb = pb_new ();
    const guint nums[] = { 3, 4 };
    const char *bodies[] = { "<< /Type /Page /Parent 2 0 R >>", "<< /Type /Page /Parent 2 0 R >>" };
    pb_obj (pb, 1, "<< /Type /Catalog /Pages 2 0 R >>");
    pb_obj (pb, 2, "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 /MediaBox [0 0 200 200] >>");
    pb_objstm (pb, 5, nums, bodies, 2);
    pb_xref_hybrid (pb, 6, NULL);
    /* After a hybrid comes a classic table. */
    sign_and_check_kind ("k-hybrid.pdf", pb_data (pb), MC_PDF_XREF_TABLE, 0);
  }
  {
    g_autoptr(PdfBuilder) pb = pb_new ();
    pb_obj (pb, 1, "<< /Type /Catalog /Pages 2 0 R >>");
    add_pages (pb);
    pb_xref_table (pb, NULL);
    pb_obj (pb, 3, "<< /Type /Page /Parent 2 0 R /Rotate 0 >>");
    pb_xref_stream (pb, 5, FALSE, NULL);
    /* Table then stream: the newest kind wins. */
    sign_and_check_kind ("k-mixed.pdf", pb_data (pb), MC_PDF_XREF_STREAM, 0);
  }
  {
    g_autoptr(PdfBuilder) pb = pb_new ();
    GString *data;
    pb_obj (pb, 1, "<< /Type /Catalog /Pages 2 0 R >>");
    add_pages (pb);
    pb_xref_table (pb, NULL);
    data = pb_data (pb);
    /* A /Size past 2^32 (found by the fuzzer) must not wrap the numbers of
     * the new objects round to 0, over the file's own objects. */
    g_assert_cmpuint (g_string_replace (data, "/Size 5 ", "/Size 4294967296 ", 1), ==, 1);
    sign_and_check_kind ("k-huge-size.pdf", data, MC_PDF_XREF_TABLE, 0);
  }
}

static void
test_annots_and_form (void)
{
  g_autoptr(PdfBuilder) pb = pb_new ();
  g_autofree char *in = NULL;
  g_autofree char *out = tmp_path ("form-signed.pdf");
  g_autofree char *bad = tmp_path ("form-bad.pdf");
  g_autoptr(McPdfSignatureUpdate) up = NULL;
  g_autoptr(McPdfDocument) doc = NULL;
  g_autoptr(McPdfPage) p0 = NULL;
  g_autoptr(McPdfPage) p1 = NULL;
  g_autoptr(McPdfObj) form = NULL;
  g_autoptr(McPdfObj) fields = NULL;
  g_autoptr(McPdfObj) shared = NULL;
  g_auto(GStrv) names = NULL;
  McPdfSignatureOptions opts;
  GError *error = NULL;

  /* Both pages share one indirect /Annots array; the form's /Fields is
   * indirect too and a text field already uses the name "Signature1". */
  pb_obj (pb, 1, "<< /Type /Catalog /Pages 2 0 R /AcroForm 7 0 R >>");
  pb_obj (pb, 2, "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 /MediaBox [0 0 200 200] >>");
  pb_obj (pb, 3, "<< /Type /Page /Parent 2 0 R /Annots 5 0 R >>");
  pb_obj (pb, 4, "<< /Type /Page /Parent 2 0 R /Annots 5 0 R >>");
  pb_obj (pb, 5, "[6 0 R]");
  pb_obj (pb, 6, "<< /Type /Annot /Subtype /Widget /FT /Tx /T (Signature1) /Rect [1 1 20 20] /P 3 0 R >>");
  pb_obj (pb, 7, "<< /Fields 8 0 R /DA (/Helv 0 Tf 0 g) >>");
  pb_obj (pb, 8, "[6 0 R]");
  pb_xref_table (pb, NULL);
  in = pb_save (pb, tmpdir, "form.pdf");

  mc_pdf_signature_options_init (&opts);
  opts.rect[0] = 50;
  opts.rect[1] = 50;
  opts.rect[2] = 150;
  opts.rect[3] = 80;
  up = sign_with (in, out, &opts, fake_der, sizeof fake_der);
  g_assert_cmpstr (mc_pdf_signature_update_get_field_name (up), ==, "Signature2");

  doc = mc_pdf_document_open (out, NULL, &error);
  g_assert_no_error (error);
  p0 = mc_pdf_document_get_page (doc, 0, &error);
  p1 = mc_pdf_document_get_page (doc, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mc_pdf_array_length (mc_pdf_dict_get (p0->dict, "Annots")), ==, 2);
  g_assert_cmpuint (mc_pdf_obj_get_ref_num (mc_pdf_array_get (mc_pdf_dict_get (p0->dict, "Annots"), 0)), ==, 6);
  /* The other page, and the shared array, are untouched. */
  g_assert_cmpuint (mc_pdf_obj_get_ref_num (mc_pdf_dict_get (p1->dict, "Annots")), ==, 5);
  shared = mc_pdf_document_get_object (doc, 5, &error);
  g_assert_cmpuint (mc_pdf_array_length (shared), ==, 1);
  form = mc_pdf_document_get_acroform (doc, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mc_pdf_obj_get_int (mc_pdf_dict_get (form, "SigFlags")), ==, 3);
  g_assert_nonnull (mc_pdf_dict_get (form, "DA"));
  fields = mc_pdf_document_dict_lookup (doc, form, "Fields", &error);
  g_assert_cmpuint (mc_pdf_array_length (fields), ==, 2);
  names = mc_pdf_document_get_field_names (doc, &error);
  g_assert_true (g_strv_contains ((const char *const *) names, "Signature1"));
  g_assert_true (g_strv_contains ((const char *const *) names, "Signature2"));

  /* Asking for a name in use is refused, and leaves nothing behind. */
  opts.field_name = "Signature1";
  g_clear_object (&up);
  up = mc_pdf_signature_update_prepare (in, bad, &opts, NULL, &error);
  g_assert_null (up);
  g_assert_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
  assert_no_temp_files ();
}

/* A form written directly in the catalog: the catalog is rewritten, its
 * other entries kept, existing flags kept. */
static void
test_direct_acroform (void)
{
  g_autoptr(PdfBuilder) pb = pb_new ();
  g_autofree char *in = NULL;
  g_autofree char *out = tmp_path ("direct-signed.pdf");
  g_autoptr(McPdfSignatureUpdate) up = NULL;
  g_autoptr(McPdfDocument) doc = NULL;
  g_autoptr(McPdfObj) cat = NULL;
  g_autoptr(McPdfObj) form = NULL;
  McPdfSignatureOptions opts;
  GError *error = NULL;

  pb_obj (pb, 1, "<< /Type /Catalog /Pages 2 0 R /Lang (vi-VN) "
                 "/AcroForm << /Fields [] /SigFlags 4 /DR << >> >> >>");
  add_pages (pb);
  pb_xref_table (pb, NULL);
  in = pb_save (pb, tmpdir, "direct.pdf");
  mc_pdf_signature_options_init (&opts);
  opts.page_index = 1;
  up = sign_with (in, out, &opts, fake_der, sizeof fake_der);
  doc = mc_pdf_document_open (out, NULL, &error);
  g_assert_no_error (error);
  cat = mc_pdf_document_get_catalog (doc, &error);
  g_assert_no_error (error);
  g_assert_nonnull (mc_pdf_dict_get (cat, "Lang"));
  form = mc_pdf_document_get_acroform (doc, &error);
  g_assert_cmpint (mc_pdf_obj_get_int (mc_pdf_dict_get (form, "SigFlags")), ==, 7);
  g_assert_nonnull (mc_pdf_dict_get (form, "DR"));
  g_assert_cmpuint (mc_pdf_array_length (mc_pdf_dict_get (form, "Fields")), ==, 1);
}

/* Empty signature fields placed by a template: one merged with its widget
 * (no /P), one with a separate widget kid under a parent field. */
static void
test_existing_empty_field (void)
{
  g_autoptr(PdfBuilder) pb = pb_new ();
  g_autofree char *in = NULL;
  g_autofree char *out = tmp_path ("empty-signed.pdf");
  g_autofree char *out2 = tmp_path ("empty-signed2.pdf");
  g_autofree char *bad = tmp_path ("empty-bad.pdf");
  g_autoptr(McPdfSignatureUpdate) up = NULL;
  g_autoptr(McPdfSignatureUpdate) up2 = NULL;
  g_autoptr(GPtrArray) sigs = NULL;
  g_autoptr(GBytes) content = g_bytes_new_static ("0 0 1 rg 0 0 1000 1000 re f", 27);
  g_autoptr(McPdfAppearance) ap = mc_pdf_appearance_new_from_content (80, 30, content, NULL);
  McPdfSignatureOptions opts;
  GError *error = NULL;
  McPdfSignatureInfo *s;

  pb_obj (pb, 1, "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R 6 0 R] /SigFlags 3 >> >>");
  pb_obj (pb, 2, "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 /MediaBox [0 0 200 200] >>");
  pb_obj (pb, 3, "<< /Type /Page /Parent 2 0 R /Annots [7 0 R] >>");
  pb_obj (pb, 4, "<< /Type /Page /Parent 2 0 R /Annots [5 0 R] >>");
  pb_obj (pb, 5, "<< /Type /Annot /Subtype /Widget /FT /Sig /T (Leader) /Rect [20 20 100 50] /F 4 >>");
  pb_obj (pb, 6, "<< /FT /Sig /T (Clerk) /Kids [7 0 R] >>");
  pb_obj (pb, 7, "<< /Type /Annot /Subtype /Widget /Parent 6 0 R /Rect [110 150 190 180] /P 3 0 R >>");
  pb_xref_table (pb, NULL);
  in = pb_save (pb, tmpdir, "empty.pdf");

  mc_pdf_signature_options_init (&opts);
  opts.field_name = "Leader";
  opts.page_index = 0; /* ignored: the field is on page 2 */
  opts.appearance = ap;
  up = sign_with (in, out, &opts, fake_der, sizeof fake_der);
  opts.field_name = "Clerk";
  up2 = sign_with (out, out2, &opts, fake_der, sizeof fake_der);

  sigs = signatures_of (out2);
  g_assert_cmpuint (sigs->len, ==, 2);
  s = g_ptr_array_index (sigs, 0);
  g_assert_cmpstr (s->field_name, ==, "Leader");
  g_assert_cmpint (s->page_index, ==, 1);
  g_assert_cmpfloat (s->rect[2], ==, 100);
  g_assert_true (s->byte_range_ok);
  g_assert_cmpint (s->revision, ==, 1);
  s = g_ptr_array_index (sigs, 1);
  g_assert_cmpstr (s->field_name, ==, "Clerk");
  g_assert_cmpuint (s->field_num, ==, 6);
  g_assert_cmpint (s->page_index, ==, 0);
  g_assert_cmpfloat (s->rect[1], ==, 150);
  g_assert_true (s->covers_whole_file);
  /* Drawn in the template's boxes. */
  g_assert_cmphex (pixel_at (out2, 1, 60, 200 - 35), ==, 0x0000ff);
  g_assert_cmphex (pixel_at (out2, 0, 150, 200 - 165), ==, 0x0000ff);
  g_assert_cmphex (pixel_at (out2, 0, 60, 200 - 35), ==, 0xffffff);

  /* Nothing but the field, its widget and the new objects changed. */
  {
    g_autoptr(McPdfDocument) doc = mc_pdf_document_open (out2, NULL, &error);
    g_autoptr(GPtrArray) revs = mc_pdf_document_get_revisions (doc, &error);
    McPdfRevision *r = g_ptr_array_index (revs, 2);
    guint modified = 0;
    g_assert_no_error (error);
    for (guint i = 0; i < r->changes->len; i++)
      {
        McPdfObjectChange *c = g_ptr_array_index (r->changes, i);
        if (c->kind == MC_PDF_CHANGE_MODIFIED)
          {
            modified++;
            g_assert_true (c->num == 6 || c->num == 7);
            g_assert_cmpstr (c->changed_keys[0], ==, c->num == 6 ? "V" : "AP");
          }
      }
    g_assert_cmpuint (modified, ==, 2);
  }

  /* Signed fields cannot be signed again. */
  opts.field_name = "Leader";
  g_clear_object (&up);
  up = mc_pdf_signature_update_prepare (out2, bad, &opts, NULL, &error);
  g_assert_null (up);
  g_assert_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_INVALID_ARGUMENT);
  g_clear_error (&error);
  assert_no_temp_files ();
}

static void
test_timestamp_kind (void)
{
  g_autofree char *in = tmp_path ("ts.pdf");
  g_autofree char *out = tmp_path ("ts-signed.pdf");
  g_autoptr(McPdfSignatureUpdate) up = NULL;
  g_autoptr(GPtrArray) sigs = NULL;
  McPdfSignatureOptions opts;
  McPdfSignatureInfo *s;

  make_cairo_pdf (in, 1, 300, 300, FALSE);
  mc_pdf_signature_options_init (&opts);
  opts.kind = MC_PDF_SIGNATURE_DOC_TIMESTAMP;
  up = sign_with (in, out, &opts, fake_der, sizeof fake_der);
  sigs = signatures_of (out);
  s = g_ptr_array_index (sigs, 0);
  g_assert_cmpstr (s->type, ==, "DocTimeStamp");
  g_assert_cmpstr (s->sub_filter, ==, "ETSI.RFC3161");
  g_assert_null (s->signing_time_raw);
  g_assert_true (s->byte_range_ok);
}

static void
test_failures_leave_nothing (void)
{
  g_autofree char *in = tmp_path ("f.pdf");
  g_autofree char *out = tmp_path ("f-out.pdf");
  g_autofree char *garbage = tmp_path ("garbage.pdf");
  g_autofree char *enc = NULL;
  g_autoptr(McPdfSignatureUpdate) up = NULL;
  g_autofree guint8 *big = g_malloc0 (200);
  McPdfSignatureOptions opts;
  GError *error = NULL;
  g_autofree char *tmp = NULL;

  make_cairo_pdf (in, 1, 300, 300, FALSE);
  mc_pdf_signature_options_init (&opts);
  opts.contents_size = 100;

  /* A signature bigger than the reservation. */
  up = mc_pdf_signature_update_prepare (in, out, &opts, NULL, &error);
  g_assert_no_error (error);
  tmp = g_strdup (mc_pdf_signature_update_get_temp_path (up));
  g_assert_true (g_file_test (tmp, G_FILE_TEST_EXISTS));
  big[0] = 0x30;
  g_assert_false (mc_pdf_signature_update_fill_contents (up, big, 200, &error));
  g_assert_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_CONTENTS_TOO_SMALL);
  g_clear_error (&error);
  /* Commit without contents is refused. */
  g_assert_false (mc_pdf_signature_update_commit (up, &error));
  g_assert_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_clear_object (&up);
  g_assert_false (g_file_test (tmp, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));

  /* abort() removes the file at once. */
  up = mc_pdf_signature_update_prepare (in, out, &opts, NULL, &error);
  g_assert_no_error (error);
  g_free (tmp);
  tmp = g_strdup (mc_pdf_signature_update_get_temp_path (up));
  mc_pdf_signature_update_abort (up);
  g_assert_false (g_file_test (tmp, G_FILE_TEST_EXISTS));
  g_assert_false (mc_pdf_signature_update_fill_contents (up, fake_der, sizeof fake_der, &error));
  g_clear_error (&error);
  g_clear_object (&up);

  /* Garbage, encrypted, missing page, a missing folder. */
  g_assert_true (g_file_set_contents (garbage, "%PDF-1.4\ngarbage garbage garbage garbage\n", -1, NULL));
  up = mc_pdf_signature_update_prepare (garbage, out, &opts, NULL, &error);
  g_assert_null (up);
  g_assert_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_TRUNCATED);
  g_clear_error (&error);
  {
    g_autoptr(PdfBuilder) pb = pb_new ();
    pb_obj (pb, 1, "<< /Type /Catalog /Pages 2 0 R >>");
    add_pages (pb);
    pb_xref_table (pb, "/Encrypt << /Filter /Standard >>");
    enc = pb_save (pb, tmpdir, "enc.pdf");
  }
  up = mc_pdf_signature_update_prepare (enc, out, &opts, NULL, &error);
  g_assert_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_ENCRYPTED);
  g_clear_error (&error);
  opts.page_index = 5;
  up = mc_pdf_signature_update_prepare (in, out, &opts, NULL, &error);
  g_assert_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_NO_SUCH_PAGE);
  g_clear_error (&error);
  opts.page_index = 0;
  opts.reason = "\xff\xfe not UTF-8";
  up = mc_pdf_signature_update_prepare (in, out, &opts, NULL, &error);
  g_assert_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_INVALID_ARGUMENT);
  g_clear_error (&error);
  opts.reason = NULL;
  opts.page_index = 0;
  {
    g_autofree char *nowhere = tmp_path ("no-such-dir/out.pdf");
    up = mc_pdf_signature_update_prepare (in, nowhere, &opts, NULL, &error);
    g_assert_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_IO);
    g_clear_error (&error);
  }
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  assert_no_temp_files ();
}

/* Signing a file onto itself, and a cancelled preparation. */
static void
test_in_place_and_cancel (void)
{
  g_autofree char *path = tmp_path ("inplace.pdf");
  g_autofree char *copy = tmp_path ("inplace-orig.pdf");
  g_autoptr(McPdfSignatureUpdate) up = NULL;
  g_autoptr(GCancellable) cancel = g_cancellable_new ();
  g_autoptr(GPtrArray) sigs = NULL;
  g_autoptr(GBytes) orig = NULL;
  McPdfSignatureOptions opts;
  GError *error = NULL;

  make_cairo_pdf (path, 1, 300, 300, FALSE);
  orig = read_file (path);
  g_assert_true (g_file_set_contents (copy, g_bytes_get_data (orig, NULL), (gssize) g_bytes_get_size (orig), NULL));
  mc_pdf_signature_options_init (&opts);

  g_cancellable_cancel (cancel);
  up = mc_pdf_signature_update_prepare (path, path, &opts, cancel, &error);
  g_assert_null (up);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  assert_no_temp_files ();
  {
    g_autoptr(GBytes) now = read_file (path);
    g_assert_true (g_bytes_equal (now, orig));
  }

  up = sign_with (path, path, &opts, fake_der, sizeof fake_der);
  assert_prefix (copy, path);
  sigs = signatures_of (path);
  g_assert_cmpuint (sigs->len, ==, 1);
  g_assert_true (((McPdfSignatureInfo *) g_ptr_array_index (sigs, 0))->covers_whole_file);
  assert_no_temp_files ();
}

static void
test_docmdp_locked (void)
{
  g_autoptr(PdfBuilder) pb = pb_new ();
  g_autofree char *in = NULL;
  g_autofree char *out = tmp_path ("locked-out.pdf");
  g_autoptr(McPdfSignatureUpdate) up = NULL;
  McPdfSignatureOptions opts;
  GError *error = NULL;

  pb_obj (pb, 1, "<< /Type /Catalog /Pages 2 0 R /Perms << /DocMDP 5 0 R >> >>");
  add_pages (pb);
  pb_obj (pb, 5, "<< /Type /Sig /Reference [<< /Type /SigRef /TransformMethod /DocMDP "
                 "/TransformParams << /Type /TransformParams /P 1 /V /1.2 >> >>] >>");
  pb_xref_table (pb, NULL);
  in = pb_save (pb, tmpdir, "locked.pdf");
  mc_pdf_signature_options_init (&opts);
  up = mc_pdf_signature_update_prepare (in, out, &opts, NULL, &error);
  g_assert_null (up);
  g_assert_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_LOCKED);
  g_clear_error (&error);
  assert_no_temp_files ();
}

static void
test_import_appearance (void)
{
  g_autofree char *in = tmp_path ("imp.pdf");
  g_autofree char *stamp = tmp_path ("stamp.pdf");
  g_autofree char *out = tmp_path ("imp-signed.pdf");
  g_autoptr(McPdfAppearance) ap = NULL;
  g_autoptr(McPdfSignatureUpdate) up = NULL;
  g_autoptr(McPdfDocument) doc = NULL;
  g_autoptr(GPtrArray) sigs = NULL;
  g_autoptr(McPdfObj) widget = NULL;
  g_autoptr(McPdfObj) xobj = NULL;
  g_autoptr(McPdfObj) res = NULL;
  McPdfSignatureOptions opts;
  GError *error = NULL;
  double w, h;

  make_cairo_pdf (in, 1, 595, 842, FALSE);
  make_cairo_pdf (stamp, 1, 200, 60, TRUE);
  ap = mc_pdf_appearance_new_from_pdf (stamp, 0, &error);
  g_assert_no_error (error);
  mc_pdf_appearance_get_size (ap, &w, &h);
  g_assert_cmpfloat (w, ==, 200);
  g_assert_cmpfloat (h, ==, 60);

  mc_pdf_signature_options_init (&opts);
  opts.rect[0] = 300;
  opts.rect[1] = 100;
  opts.rect[2] = 500;
  opts.rect[3] = 160;
  opts.appearance = ap;
  up = sign_with (in, out, &opts, fake_der, sizeof fake_der);

  /* The copied resources resolve in the new file: a font with its file
   * and an image. */
  doc = mc_pdf_document_open (out, NULL, &error);
  g_assert_no_error (error);
  sigs = mc_pdf_document_get_signatures (doc, &error);
  g_assert_cmpuint (sigs->len, ==, 1);
  {
    g_autoptr(McPdfObj) form = mc_pdf_document_get_acroform (doc, &error);
    g_autoptr(McPdfObj) fields = mc_pdf_document_dict_lookup (doc, form, "Fields", &error);
    widget = mc_pdf_document_resolve (doc, mc_pdf_array_get (fields, 0), &error);
  }
  xobj = mc_pdf_document_resolve (doc, mc_pdf_dict_get (mc_pdf_dict_get (widget, "AP"), "N"), &error);
  g_assert_true (mc_pdf_obj_is (xobj, MC_PDF_OBJ_STREAM));
  g_assert_true (mc_pdf_obj_is_name (mc_pdf_dict_get (xobj, "Subtype"), "Form"));
  res = mc_pdf_document_dict_lookup (doc, xobj, "Resources", &error);
  g_assert_no_error (error);
  {
    g_autoptr(McPdfObj) fonts = mc_pdf_document_dict_lookup (doc, res, "Font", &error);
    g_autoptr(McPdfObj) font = NULL;
    g_assert_cmpuint (mc_pdf_dict_size (fonts), >=, 1);
    font = mc_pdf_document_resolve (doc, mc_pdf_dict_value_at (fonts, 0), &error);
    g_assert_true (mc_pdf_obj_is_name (mc_pdf_dict_get (font, "Type"), "Font"));
  }
  {
    g_autoptr(McPdfObj) xobjs = mc_pdf_document_dict_lookup (doc, res, "XObject", &error);
    g_autoptr(McPdfObj) img = NULL;
    g_assert_cmpuint (mc_pdf_dict_size (xobjs), >=, 1);
    img = mc_pdf_document_resolve (doc, mc_pdf_dict_value_at (xobjs, 0), &error);
    g_assert_true (mc_pdf_obj_is (img, MC_PDF_OBJ_STREAM));
  }
  /* No page objects were dragged along. */
  g_assert_cmpint (mc_pdf_document_get_n_pages (doc, &error), ==, 1);

  /* Rendered: red on the left of the stamp, blue on the right, green
   * image at its corner. */
  g_assert_cmphex (pixel_at (out, 0, 340, 842 - 130), ==, 0xff0000);
  g_assert_cmphex (pixel_at (out, 0, 460, 842 - 130), ==, 0x0000ff);
  g_assert_cmphex (pixel_at (out, 0, 305, 842 - 156), ==, 0x009900);
}

static void
test_rotated_page (void)
{
  g_autoptr(PdfBuilder) pb = pb_new ();
  g_autofree char *in = NULL;
  g_autofree char *stamp = tmp_path ("rstamp.pdf");
  g_autofree char *out = tmp_path ("rot-signed.pdf");
  g_autoptr(McPdfAppearance) ap = NULL;
  g_autoptr(McPdfSignatureUpdate) up = NULL;
  g_autoptr(McPdfDocument) doc = NULL;
  g_autoptr(McPdfPage) page = NULL;
  McPdfSignatureOptions opts;
  GError *error = NULL;
  /* Seen from the top left of the displayed (landscape) page. */
  const double view[4] = { 100, 50, 200, 60 };

  pb_obj (pb, 1, "<< /Type /Catalog /Pages 2 0 R >>");
  pb_obj (pb, 2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
  pb_obj (pb, 3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 600] /Rotate 90 >>");
  pb_xref_table (pb, NULL);
  in = pb_save (pb, tmpdir, "rot.pdf");
  make_cairo_pdf (stamp, 1, 200, 60, TRUE);

  doc = mc_pdf_document_open (in, NULL, &error);
  page = mc_pdf_document_get_page (doc, 0, &error);
  g_assert_no_error (error);
  ap = mc_pdf_appearance_new_from_pdf (stamp, 0, &error);
  mc_pdf_signature_options_init (&opts);
  mc_pdf_page_view_to_user (page, view, opts.rect);
  /* Rotated by 90: x runs down the display, y runs right. */
  g_assert_cmpfloat (opts.rect[0], ==, 50);
  g_assert_cmpfloat (opts.rect[1], ==, 100);
  g_assert_cmpfloat (opts.rect[2], ==, 110);
  g_assert_cmpfloat (opts.rect[3], ==, 300);
  opts.appearance = ap;
  up = sign_with (in, out, &opts, fake_der, sizeof fake_der);

  /* Displayed upright: red on the left, blue on the right. */
  g_assert_cmphex (pixel_at (out, 0, 100 + 40, 50 + 30), ==, 0xff0000);
  g_assert_cmphex (pixel_at (out, 0, 100 + 160, 50 + 30), ==, 0x0000ff);
}

static void
test_dss (void)
{
  g_autofree char *in = tmp_path ("dss.pdf");
  g_autofree char *signed_path = tmp_path ("dss-signed.pdf");
  g_autofree char *out = tmp_path ("dss-out.pdf");
  g_autofree char *out2 = tmp_path ("dss-out2.pdf");
  g_autoptr(McPdfSignatureUpdate) up = NULL;
  g_autoptr(McPdfDss) dss = mc_pdf_dss_new ();
  g_autoptr(McPdfDss) dss2 = mc_pdf_dss_new ();
  g_autoptr(GBytes) c1 = g_bytes_new_static ("certificate one", 15);
  g_autoptr(GBytes) c2 = g_bytes_new_static ("certificate two", 15);
  g_autoptr(GBytes) c3 = g_bytes_new_static ("certificate three", 17);
  g_autoptr(GBytes) ocsp = g_bytes_new_static ("ocsp response", 13);
  g_autoptr(GPtrArray) sigs = NULL;
  g_autofree char *key = NULL;
  McPdfSignatureOptions opts;
  GError *error = NULL;
  guint certs[2], oc;

  make_cairo_pdf (in, 1, 300, 300, FALSE);
  mc_pdf_signature_options_init (&opts);
  up = sign_with (in, signed_path, &opts, fake_der, sizeof fake_der);
  sigs = signatures_of (signed_path);
  key = mc_pdf_signature_info_get_vri_key (g_ptr_array_index (sigs, 0));

  certs[0] = mc_pdf_dss_add_cert (dss, c1);
  certs[1] = mc_pdf_dss_add_cert (dss, c2);
  g_assert_cmpuint (mc_pdf_dss_add_cert (dss, c1), ==, certs[0]);
  oc = mc_pdf_dss_add_ocsp (dss, ocsp);
  mc_pdf_dss_add_vri (dss, key, certs, 2, &oc, 1, NULL, 0, NULL);
  g_assert_true (mc_pdf_append_dss (signed_path, out, dss, NULL, &error));
  g_assert_no_error (error);
  assert_prefix (signed_path, out);

  /* A second store update reuses what is there. */
  mc_pdf_dss_add_cert (dss2, c2);
  mc_pdf_dss_add_cert (dss2, c3);
  g_assert_true (mc_pdf_append_dss (out, out2, dss2, NULL, &error));
  g_assert_no_error (error);
  assert_no_temp_files ();

  {
    g_autoptr(McPdfDocument) doc = mc_pdf_document_open (out2, NULL, &error);
    g_autoptr(McPdfObj) cat = mc_pdf_document_get_catalog (doc, &error);
    g_autoptr(McPdfObj) store = mc_pdf_document_dict_lookup (doc, cat, "DSS", &error);
    g_autoptr(McPdfObj) list = mc_pdf_document_dict_lookup (doc, store, "Certs", &error);
    g_autoptr(McPdfObj) vri = mc_pdf_document_dict_lookup (doc, store, "VRI", &error);
    g_autoptr(McPdfObj) ocsps = mc_pdf_document_dict_lookup (doc, store, "OCSPs", &error);
    g_autoptr(GPtrArray) revs = mc_pdf_document_get_revisions (doc, &error);
    g_autoptr(GPtrArray) s2 = mc_pdf_document_get_signatures (doc, &error);
    McPdfObj *entry;
    GBytes *want[3] = { c1, c2, c3 };
    McPdfRevision *last;

    g_assert_no_error (error);
    g_assert_cmpuint (mc_pdf_array_length (list), ==, 3);
    for (guint i = 0; i < 3; i++)
      {
        g_autoptr(McPdfObj) st = mc_pdf_document_resolve (doc, mc_pdf_array_get (list, i), &error);
        g_autoptr(GBytes) data = mc_pdf_document_read_stream (doc, st, TRUE, 1 << 20, &error);
        g_assert_true (g_bytes_equal (data, want[i]));
      }
    g_assert_cmpuint (mc_pdf_array_length (ocsps), ==, 1);
    entry = mc_pdf_dict_get (vri, key);
    g_assert_nonnull (entry);
    g_assert_cmpuint (mc_pdf_array_length (mc_pdf_dict_get (entry, "Cert")), ==, 2);
    g_assert_cmpuint (mc_pdf_array_length (mc_pdf_dict_get (entry, "OCSP")), ==, 1);

    g_assert_cmpuint (revs->len, ==, 4);
    last = g_ptr_array_index (revs, 3);
    /* The last update: one new stream and the DSS dictionary rewritten. */
    for (guint i = 0; i < last->changes->len; i++)
      {
        McPdfObjectChange *c = g_ptr_array_index (last->changes, i);
        if (c->kind == MC_PDF_CHANGE_ADDED)
          g_assert_cmpstr (c->type, ==, "stream");
        else
          g_assert_cmpstr (c->type, ==, "DSS");
      }
    g_assert_cmpuint (last->changes->len, ==, 2);
    g_assert_true (((McPdfSignatureInfo *) g_ptr_array_index (s2, 0))->byte_range_ok);
    g_assert_cmpint (((McPdfSignatureInfo *) g_ptr_array_index (s2, 0))->revision, ==, 1);
  }
}

/* Caller-made content with resources holding an image stream: the stream
 * must become an object of its own and show. */
static void
test_content_with_image (void)
{
  g_autofree char *in = tmp_path ("img.pdf");
  g_autofree char *out = tmp_path ("img-signed.pdf");
  g_autoptr(McPdfObj) res = mc_pdf_obj_new_dict ();
  g_autoptr(McPdfObj) xobjs = mc_pdf_obj_new_dict ();
  g_autoptr(McPdfObj) idict = mc_pdf_obj_new_dict ();
  g_autoptr(McPdfObj) image = NULL;
  g_autoptr(GBytes) pixel = g_bytes_new_static ("\x00\x99\x00", 3);
  g_autoptr(GBytes) content = g_bytes_new_static ("q 100 0 0 40 0 0 cm /Im1 Do Q", 29);
  g_autoptr(McPdfAppearance) ap = NULL;
  g_autoptr(McPdfSignatureUpdate) up = NULL;
  McPdfSignatureOptions opts;

  make_cairo_pdf (in, 1, 300, 300, FALSE);
  mc_pdf_dict_take (idict, "Type", mc_pdf_obj_new_name ("XObject"));
  mc_pdf_dict_take (idict, "Subtype", mc_pdf_obj_new_name ("Image"));
  mc_pdf_dict_take (idict, "Width", mc_pdf_obj_new_int (1));
  mc_pdf_dict_take (idict, "Height", mc_pdf_obj_new_int (1));
  mc_pdf_dict_take (idict, "ColorSpace", mc_pdf_obj_new_name ("DeviceRGB"));
  mc_pdf_dict_take (idict, "BitsPerComponent", mc_pdf_obj_new_int (8));
  image = mc_pdf_obj_new_stream (idict, pixel);
  mc_pdf_dict_set (xobjs, "Im1", image);
  mc_pdf_dict_set (res, "XObject", xobjs);
  ap = mc_pdf_appearance_new_from_content (100, 40, content, res);

  mc_pdf_signature_options_init (&opts);
  opts.rect[0] = 100;
  opts.rect[1] = 100;
  opts.rect[2] = 200;
  opts.rect[3] = 140;
  opts.appearance = ap;
  up = sign_with (in, out, &opts, fake_der, sizeof fake_der);
  g_assert_cmphex (pixel_at (out, 0, 150, 300 - 120), ==, 0x009900);
  g_assert_cmphex (pixel_at (out, 0, 150, 300 - 160), ==, 0xffffff);
  {
    GError *error = NULL;
    g_autoptr(McPdfDocument) doc = mc_pdf_document_open (out, NULL, &error);
    g_autoptr(GPtrArray) revs = mc_pdf_document_get_revisions (doc, &error);
    McPdfRevision *r;
    gboolean image_obj = FALSE;
    g_assert_no_error (error);
    r = g_ptr_array_index (revs, 1);
    for (guint i = 0; i < r->changes->len; i++)
      {
        McPdfObjectChange *c = g_ptr_array_index (r->changes, i);
        if (g_strcmp0 (c->subtype, "Image") == 0)
          image_obj = TRUE;
      }
    g_assert_true (image_obj);
  }
}

static void
prepared_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  McPdfSignatureUpdate **out = user_data;
  GError *error = NULL;

  *out = mc_pdf_signature_update_prepare_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_prepare_async (void)
{
  g_autofree char *in = tmp_path ("async.pdf");
  g_autofree char *out = tmp_path ("async-out.pdf");
  McPdfSignatureUpdate *up = NULL;
  McPdfSignatureOptions opts;
  g_autofree char *reason = g_strdup ("Đồng ý");
  GError *error = NULL;

  make_cairo_pdf (in, 1, 300, 300, FALSE);
  mc_pdf_signature_options_init (&opts);
  opts.reason = reason;
  mc_pdf_signature_update_prepare_async (in, out, &opts, NULL, prepared_cb, &up);
  g_clear_pointer (&reason, g_free); /* the options were copied */
  while (up == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (mc_pdf_signature_update_fill_contents (up, fake_der, sizeof fake_der, &error));
  g_assert_true (mc_pdf_signature_update_commit (up, &error));
  g_assert_no_error (error);
  g_object_unref (up);
  {
    g_autoptr(GPtrArray) sigs = signatures_of (out);
    g_assert_cmpstr (((McPdfSignatureInfo *) g_ptr_array_index (sigs, 0))->reason, ==, "Đồng ý");
  }
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("pdf-writer-XXXXXX", NULL);

  g_test_add_func ("/pdf/writer/sign-cairo", test_sign_cairo);
  g_test_add_func ("/pdf/writer/xref-kinds", test_xref_kinds);
  g_test_add_func ("/pdf/writer/annots-and-form", test_annots_and_form);
  g_test_add_func ("/pdf/writer/direct-acroform", test_direct_acroform);
  g_test_add_func ("/pdf/writer/existing-empty-field", test_existing_empty_field);
  g_test_add_func ("/pdf/writer/timestamp-kind", test_timestamp_kind);
  g_test_add_func ("/pdf/writer/failures-leave-nothing", test_failures_leave_nothing);
  g_test_add_func ("/pdf/writer/in-place-and-cancel", test_in_place_and_cancel);
  g_test_add_func ("/pdf/writer/docmdp-locked", test_docmdp_locked);
  g_test_add_func ("/pdf/writer/import-appearance", test_import_appearance);
  g_test_add_func ("/pdf/writer/rotated-page", test_rotated_page);
  g_test_add_func ("/pdf/writer/content-with-image", test_content_with_image);
  g_test_add_func ("/pdf/writer/dss", test_dss);
  g_test_add_func ("/pdf/writer/prepare-async", test_prepare_async);

  ret = g_test_run ();
  /* Let the leak checker see only our leaks, not font caches. */
  cairo_debug_reset_static_data ();
  FcFini ();
  {
    g_autoptr(GDir) dir = g_dir_open (tmpdir, 0, NULL);
    const char *name;
    while (dir && (name = g_dir_read_name (dir)))
      {
        g_autofree char *p = g_build_filename (tmpdir, name, NULL);
        g_unlink (p);
      }
    g_rmdir (tmpdir);
  }
  g_free (tmpdir);
  return ret;
}
