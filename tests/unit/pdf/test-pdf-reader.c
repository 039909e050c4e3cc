/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the PDF reader: object syntax, every cross-reference layout
 * (tables, streams with predictors, object streams, hybrids, update
 * chains), the page tree with inheritance, and the errors that damaged,
 * encrypted or hostile files must give instead of a crash or a hang. */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "mc-pdf-private.h"
#include "mc-pdf-inspect.h"
#include "pdf-builder.h"

static char *tmpdir;

static McPdfObj *
parse (const char *text)
{
  McPdfSource src;
  McPdfLexer lex;
  McPdfObj *obj;
  GError *error = NULL;

  mc_pdf_source_init_memory (&src, (const guint8 *) text, strlen (text));
  mc_pdf_lexer_init (&lex, &src);
  obj = mc_pdf_parse_object (&lex, &error);
  g_assert_no_error (error);
  mc_pdf_lexer_clear (&lex);
  mc_pdf_source_clear (&src);
  return obj;
}

static void
assert_parse_fails (const char *text)
{
  McPdfSource src;
  McPdfLexer lex;
  McPdfObj *obj;
  GError *error = NULL;

  mc_pdf_source_init_memory (&src, (const guint8 *) text, strlen (text));
  mc_pdf_lexer_init (&lex, &src);
  obj = mc_pdf_parse_object (&lex, &error);
  g_assert_null (obj);
  g_assert_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_DAMAGED);
  g_clear_error (&error);
  mc_pdf_lexer_clear (&lex);
  mc_pdf_source_clear (&src);
}

static void
test_syntax (void)
{
  g_autoptr(McPdfObj) s = parse ("(a\\(b\\)c (nested) \\101\\n\\\\ \\\nx\r\ny)");
  g_autoptr(McPdfObj) h = parse ("<48 65 6c 6C 6f7>");
  g_autoptr(McPdfObj) n = parse ("/A#20B#2fC");
  g_autoptr(McPdfObj) d = parse ("<< /Int -42 /Real -.5 /Ref 12 3 R /Arr [1 2.0 true false null /N (s)] "
                                 "/Nested << /K << /L [ [ ] ] >> >> % a comment\n /Last 7 >>");
  g_autoptr(McPdfObj) huge = parse ("99999999999999999999");
  gsize len;
  const guint8 *b = mc_pdf_obj_get_string (s, &len);
  double r;

  g_assert_cmpmem (b, len, "a(b)c (nested) A\n\\ x\ny", 22);
  b = mc_pdf_obj_get_string (h, &len);
  g_assert_cmpmem (b, len, "Hellop", 6);
  g_assert_cmpstr (mc_pdf_obj_get_name (n), ==, "A B/C");
  g_assert_cmpint (mc_pdf_obj_get_int (mc_pdf_dict_get (d, "Int")), ==, -42);
  g_assert_true (mc_pdf_obj_get_number (mc_pdf_dict_get (d, "Real"), &r));
  g_assert_cmpfloat (r, ==, -0.5);
  g_assert_cmpuint (mc_pdf_obj_get_ref_num (mc_pdf_dict_get (d, "Ref")), ==, 12);
  g_assert_cmpuint (mc_pdf_obj_get_ref_gen (mc_pdf_dict_get (d, "Ref")), ==, 3);
  g_assert_cmpuint (mc_pdf_array_length (mc_pdf_dict_get (d, "Arr")), ==, 7);
  g_assert_true (mc_pdf_obj_is_name (mc_pdf_array_get (mc_pdf_dict_get (d, "Arr"), 5), "N"));
  g_assert_cmpint (mc_pdf_obj_get_int (mc_pdf_dict_get (d, "Last")), ==, 7);
  g_assert_true (mc_pdf_obj_is (huge, MC_PDF_OBJ_REAL));

  /* What we write reads back the same. */
  {
    g_autofree char *text = mc_pdf_obj_to_string (d);
    g_autoptr(McPdfObj) again = parse (text);
    g_autofree char *text2 = mc_pdf_obj_to_string (again);
    g_assert_cmpstr (text, ==, text2);
    g_assert_true (mc_pdf_obj_equal (d, again));
  }
  {
    g_autoptr(McPdfObj) name = mc_pdf_obj_new_name ("a b#(c)");
    g_autofree char *text = mc_pdf_obj_to_string (name);
    g_autoptr(McPdfObj) back = parse (text);
    g_assert_cmpstr (text, ==, "/a#20b#23#28c#29");
    g_assert_cmpstr (mc_pdf_obj_get_name (back), ==, "a b#(c)");
  }
  {
    guint8 bin[4] = { 0, 0xff, '(', '\\' };
    g_autoptr(McPdfObj) str = mc_pdf_obj_new_string (bin, 4);
    g_autofree char *text = mc_pdf_obj_to_string (str);
    g_autoptr(McPdfObj) back = parse (text);
    b = mc_pdf_obj_get_string (back, &len);
    g_assert_cmpmem (b, len, bin, 4);
  }

  assert_parse_fails ("(unterminated");
  assert_parse_fails ("<< /Key 1");
  assert_parse_fails ("[1 2");
  assert_parse_fails ("<< 1 2 >>");
  assert_parse_fails ("<4G>");
  {
    /* Nesting deeper than the limit is an error, not a stack overflow. */
    g_autoptr(GString) deep = g_string_new (NULL);
    for (int i = 0; i < 100000; i++)
      g_string_append_c (deep, '[');
    assert_parse_fails (deep->str);
  }
}

static void
test_text_and_dates (void)
{
  const char *vi = "Nguyễn Thị Đào — Phê duyệt";
  g_autoptr(GBytes) enc = mc_pdf_text_encode (vi);
  g_autoptr(GBytes) ascii = mc_pdf_text_encode ("Plain (ASCII)");
  const guint8 *d = g_bytes_get_data (enc, NULL);
  g_autofree char *back = mc_pdf_text_decode (d, g_bytes_get_size (enc));
  g_autofree char *doc = mc_pdf_text_decode ((const guint8 *) "\x8d" "quoted\x8e \x80", 10);
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+07:00");
  g_autoptr(GDateTime) t = g_date_time_new (tz, 2025, 7, 1, 8, 30, 5);
  g_autofree char *m = mc_pdf_date_format (t);
  g_autoptr(GDateTime) parsed = mc_pdf_date_parse (m);
  g_autoptr(GDateTime) partial = mc_pdf_date_parse ("D:2024");

  g_assert_cmpuint (d[0], ==, 0xFE);
  g_assert_cmpuint (d[1], ==, 0xFF);
  g_assert_cmpuint (d[2], ==, 0x00);
  g_assert_cmpuint (d[3], ==, 'N');
  g_assert_cmpstr (back, ==, vi);
  g_assert_cmpmem (g_bytes_get_data (ascii, NULL), g_bytes_get_size (ascii), "Plain (ASCII)", 13);
  g_assert_cmpstr (doc, ==, "“quoted” •");
  g_assert_cmpstr (m, ==, "D:20250701083005+07'00'");
  g_assert_nonnull (parsed);
  g_assert_true (g_date_time_equal (parsed, t));
  g_assert_nonnull (partial);
  g_assert_cmpint (g_date_time_get_year (partial), ==, 2024);
  g_assert_null (mc_pdf_date_parse ("yesterday"));
}

/* A catalog, a page tree whose root holds inherited attributes, two pages. */
static void
add_basic_objects (PdfBuilder *pb)
{
  static const char content[] = "BT /F1 12 Tf 72 700 Td (Hi) Tj ET";

  pb_obj (pb, 1, "<< /Type /Catalog /Pages 2 0 R >>");
  pb_obj (pb, 2, "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 /MediaBox [0 0 595 842] "
                 "/Rotate 90 /Resources << /Font << /F1 6 0 R >> >> >>");
  pb_obj (pb, 3, "<< /Type /Page /Parent 2 0 R /Contents 5 0 R >>");
  pb_obj (pb, 4, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /CropBox [10 10 300 90] "
                 "/Rotate 0 /Contents 5 0 R >>");
  pb_stream (pb, 5, "", content, strlen (content));
  pb_obj (pb, 6, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
}

static void
check_basic_pages (McPdfDocument *doc)
{
  GError *error = NULL;
  g_autoptr(McPdfPage) p0 = NULL;
  g_autoptr(McPdfPage) p1 = NULL;
  g_autoptr(McPdfPage) p2 = NULL;

  g_assert_cmpint (mc_pdf_document_get_n_pages (doc, &error), ==, 2);
  g_assert_no_error (error);
  p0 = mc_pdf_document_get_page (doc, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (p0->num, ==, 3);
  g_assert_cmpfloat (p0->media_box[2], ==, 595);
  g_assert_cmpfloat (p0->media_box[3], ==, 842);
  g_assert_cmpfloat (p0->crop_box[3], ==, 842);
  g_assert_cmpint (p0->rotate, ==, 90);
  g_assert_nonnull (p0->resources);
  g_assert_nonnull (mc_pdf_dict_get (p0->resources, "Font"));
  p1 = mc_pdf_document_get_page (doc, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (p1->num, ==, 4);
  g_assert_cmpfloat (p1->media_box[2], ==, 200);
  /* The crop box is clipped to the media box. */
  g_assert_cmpfloat (p1->crop_box[0], ==, 10);
  g_assert_cmpfloat (p1->crop_box[2], ==, 200);
  g_assert_cmpfloat (p1->crop_box[3], ==, 90);
  g_assert_cmpint (p1->rotate, ==, 0);
  g_assert_cmpint (mc_pdf_document_find_page (doc, 4, &error), ==, 1);
  g_assert_cmpint (mc_pdf_document_find_page (doc, 6, &error), ==, -1);
  p2 = mc_pdf_document_get_page (doc, 2, &error);
  g_assert_null (p2);
  g_assert_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_NO_SUCH_PAGE);
  g_clear_error (&error);
  {
    g_autoptr(McPdfObj) stream = mc_pdf_document_get_object (doc, 5, &error);
    g_autoptr(GBytes) data = mc_pdf_document_read_stream (doc, stream, TRUE, 1 << 20, &error);
    g_assert_no_error (error);
    g_assert_cmpmem (g_bytes_get_data (data, NULL), g_bytes_get_size (data),
                     "BT /F1 12 Tf 72 700 Td (Hi) Tj ET", 33);
  }
}

static McPdfDocument *
open_ok (const char *path)
{
  GError *error = NULL;
  McPdfDocument *doc = mc_pdf_document_open (path, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  return doc;
}

static void
test_classic_table (void)
{
  g_autoptr(PdfBuilder) pb = pb_new ();
  g_autofree char *path = NULL;
  g_autoptr(McPdfDocument) doc = NULL;

  add_basic_objects (pb);
  pb_xref_table (pb, NULL);
  path = pb_save (pb, tmpdir, "classic.pdf");
  doc = open_ok (path);
  g_assert_cmpint (mc_pdf_document_get_xref_kind (doc), ==, MC_PDF_XREF_TABLE);
  g_assert_false (mc_pdf_document_is_linearized (doc));
  check_basic_pages (doc);
}

static void
test_xref_stream_objstm (void)
{
  g_autoptr(PdfBuilder) pb = pb_new ();
  g_autofree char *path = NULL;
  g_autoptr(McPdfDocument) doc = NULL;
  static const char content[] = "BT /F1 12 Tf 72 700 Td (Hi) Tj ET";
  const guint nums[] = { 1, 2, 3, 4, 6 };
  const char *bodies[] = {
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 /MediaBox [0 0 595 842] /Rotate 90 "
    "/Resources << /Font << /F1 6 0 R >> >> >>",
    "<< /Type /Page /Parent 2 0 R /Contents 5 0 R >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /CropBox [10 10 300 90] /Rotate 0 "
    "/Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  };

  pb_stream (pb, 5, "", content, strlen (content));
  pb_objstm (pb, 7, nums, bodies, G_N_ELEMENTS (nums));
  pb_xref_stream (pb, 8, TRUE, NULL);
  path = pb_save (pb, tmpdir, "xrefstm.pdf");
  doc = open_ok (path);
  g_assert_cmpint (mc_pdf_document_get_xref_kind (doc), ==, MC_PDF_XREF_STREAM);
  check_basic_pages (doc);
}

static void
test_hybrid (void)
{
  g_autoptr(PdfBuilder) pb = pb_new ();
  g_autofree char *path = NULL;
  g_autoptr(McPdfDocument) doc = NULL;
  static const char content[] = "BT /F1 12 Tf 72 700 Td (Hi) Tj ET";
  const guint nums[] = { 3, 4, 6 };
  const char *bodies[] = {
    "<< /Type /Page /Parent 2 0 R /Contents 5 0 R >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /CropBox [10 10 300 90] /Rotate 0 "
    "/Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  };

  pb_obj (pb, 1, "<< /Type /Catalog /Pages 2 0 R >>");
  pb_obj (pb, 2, "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 /MediaBox [0 0 595 842] "
                 "/Rotate 90 /Resources << /Font << /F1 6 0 R >> >> >>");
  pb_stream (pb, 5, "", content, strlen (content));
  pb_objstm (pb, 7, nums, bodies, G_N_ELEMENTS (nums));
  pb_xref_hybrid (pb, 8, NULL);
  path = pb_save (pb, tmpdir, "hybrid.pdf");
  doc = open_ok (path);
  g_assert_cmpint (mc_pdf_document_get_xref_kind (doc), ==, MC_PDF_XREF_HYBRID);
  check_basic_pages (doc);
}

static void
test_update_chain (void)
{
  g_autoptr(PdfBuilder) pb = pb_new ();
  g_autofree char *path = NULL;
  g_autoptr(McPdfDocument) doc = NULL;
  g_autoptr(McPdfPage) p = NULL;
  g_autoptr(GPtrArray) revs = NULL;
  GError *error = NULL;
  McPdfRevision *r1;
  gboolean saw_page = FALSE, saw_new = FALSE;

  add_basic_objects (pb);
  pb_xref_table (pb, NULL);
  /* Revision 1: page 1 gets a new media box, object 9 appears. */
  pb_obj (pb, 3, "<< /Type /Page /Parent 2 0 R /Contents 5 0 R /MediaBox [0 0 300 300] >>");
  pb_obj (pb, 9, "<< /Type /Annot /Subtype /Text /Rect [0 0 1 1] >>");
  pb_xref_table (pb, NULL);
  /* Revision 2 as an xref stream after a table. */
  pb_obj (pb, 10, "(late)");
  pb_xref_stream (pb, 11, FALSE, NULL);
  path = pb_save (pb, tmpdir, "updates.pdf");

  doc = open_ok (path);
  p = mc_pdf_document_get_page (doc, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (p->media_box[2], ==, 300);
  revs = mc_pdf_document_get_revisions (doc, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (revs->len, ==, 3);
  g_assert_cmpuint (((McPdfRevision *) g_ptr_array_index (revs, 0))->changes->len, ==, 0);
  r1 = g_ptr_array_index (revs, 1);
  g_assert_cmpint (r1->kind, ==, MC_PDF_XREF_TABLE);
  g_assert_cmpint (((McPdfRevision *) g_ptr_array_index (revs, 2))->kind, ==, MC_PDF_XREF_STREAM);
  for (guint i = 0; i < r1->changes->len; i++)
    {
      McPdfObjectChange *c = g_ptr_array_index (r1->changes, i);
      if (c->num == 3)
        {
          saw_page = TRUE;
          g_assert_cmpint (c->kind, ==, MC_PDF_CHANGE_MODIFIED);
          g_assert_cmpstr (c->type, ==, "Page");
          g_assert_nonnull (c->changed_keys);
          g_assert_cmpuint (g_strv_length (c->changed_keys), ==, 1);
          g_assert_cmpstr (c->changed_keys[0], ==, "MediaBox");
        }
      if (c->num == 9)
        {
          saw_new = TRUE;
          g_assert_cmpint (c->kind, ==, MC_PDF_CHANGE_ADDED);
          g_assert_cmpstr (c->subtype, ==, "Text");
        }
    }
  g_assert_true (saw_page && saw_new);
  /* Each revision ends after its own %%EOF line. */
  {
    GString *data = pb_data (pb);
    for (guint i = 0; i < revs->len; i++)
      {
        McPdfRevision *r = g_ptr_array_index (revs, i);
        g_assert_cmpmem (data->str + r->eof_offset - 5, 5, "%%EOF", 5);
        g_assert_cmpint (r->end_offset, ==, r->eof_offset + 1);
      }
    g_assert_cmpint (((McPdfRevision *) g_ptr_array_index (revs, 2))->end_offset, ==, (gint64) data->len);
  }
}

static void
test_signature_listing (void)
{
  g_autoptr(PdfBuilder) pb = pb_new ();
  g_autofree char *path = NULL;
  g_autoptr(McPdfDocument) doc = NULL;
  g_autoptr(GPtrArray) sigs = NULL;
  GError *error = NULL;
  McPdfSignatureInfo *s;

  /* A field whose widget is a kid without /P, listed by page 2 only; its
   * parent holds /FT and /T; a second field is an empty signature field. */
  pb_obj (pb, 1, "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R 7 0 R] >> >>");
  pb_obj (pb, 2, "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 /MediaBox [0 0 100 100] >>");
  pb_obj (pb, 3, "<< /Type /Page /Parent 2 0 R >>");
  pb_obj (pb, 4, "<< /Type /Page /Parent 2 0 R /Annots [6 0 R] >>");
  pb_obj (pb, 5, "<< /FT /Sig /T (Approval) /V 8 0 R /Kids [6 0 R] >>");
  pb_obj (pb, 6, "<< /Type /Annot /Subtype /Widget /Parent 5 0 R /Rect [10 20 60 40] >>");
  pb_obj (pb, 7, "<< /FT /Sig /T (Empty) /Rect [0 0 0 0] >>");
  pb_obj (pb, 8, "<< /Type /Sig /SubFilter /ETSI.CAdES.detached /ByteRange [0 10 20 5] "
                 "/Contents <300302010100000000> /M (D:20250101120000+07'00') "
                 "/Name <FEFF004E0067007500791EC5006E> >>");
  pb_xref_table (pb, NULL);
  path = pb_save (pb, tmpdir, "siglist.pdf");
  doc = open_ok (path);
  sigs = mc_pdf_document_get_signatures (doc, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sigs->len, ==, 1);
  s = g_ptr_array_index (sigs, 0);
  g_assert_cmpstr (s->field_name, ==, "Approval");
  g_assert_cmpuint (s->field_num, ==, 5);
  g_assert_cmpuint (s->sig_num, ==, 8);
  g_assert_cmpint (s->page_index, ==, 1);
  g_assert_cmpfloat (s->rect[1], ==, 20);
  g_assert_cmpstr (s->name, ==, "Nguyễn");
  g_assert_cmpmem (g_bytes_get_data (s->contents, NULL), g_bytes_get_size (s->contents),
                   "\x30\x03\x02\x01\x01", 5);
  g_assert_cmpuint (g_bytes_get_size (s->contents_raw), ==, 9);
  g_assert_true (s->has_byte_range);
  /* The ranges do not leave out the /Contents string: not acceptable. */
  g_assert_false (s->byte_range_ok);
  g_assert_false (s->covers_whole_file);
  g_assert_cmpint (s->revision, ==, -1);
  g_assert_cmpint (g_date_time_get_hour (s->signing_time), ==, 12);
}

/* ---- damaged and hostile files ---- */

static void
expect_open_error (const char *name,
                   const void *data,
                   gsize       len,
                   int         code)
{
  g_autofree char *path = g_build_filename (tmpdir, name, NULL);
  g_autoptr(McPdfDocument) doc = NULL;
  GError *error = NULL;

  g_assert_true (g_file_set_contents (path, data, (gssize) len, NULL));
  doc = mc_pdf_document_open (path, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, MC_SIGNING_ERROR, code);
  /* The message names the problem and says what to do. */
  g_assert_cmpuint (strlen (error->message), >, 30);
  g_clear_error (&error);
}

/* Opens fine but reading pages must fail with @code. */
static void
expect_pages_error (const char *name,
                    GString    *data,
                    int         code)
{
  g_autofree char *path = g_build_filename (tmpdir, name, NULL);
  g_autoptr(McPdfDocument) doc = NULL;
  GError *error = NULL;

  g_assert_true (g_file_set_contents (path, data->str, (gssize) data->len, NULL));
  doc = mc_pdf_document_open (path, NULL, &error);
  if (doc != NULL)
    {
      g_assert_cmpint (mc_pdf_document_get_n_pages (doc, &error), ==, -1);
    }
  g_assert_error (error, MC_SIGNING_ERROR, code);
  g_clear_error (&error);
}

static GString *
basic_file (void)
{
  g_autoptr(PdfBuilder) pb = pb_new ();

  add_basic_objects (pb);
  pb_xref_table (pb, NULL);
  return g_string_new_len (pb_data (pb)->str, pb_data (pb)->len);
}

static void
test_bad_files (void)
{
  g_autoptr(GString) good = basic_file ();
  g_autoptr(GString) s = NULL;
  char *p;

  expect_open_error ("empty.pdf", "", 0, MC_SIGNING_ERROR_PDF_NOT_PDF);
  expect_open_error ("garbage.pdf", "this is certainly not a PDF document at all, no", 48,
                     MC_SIGNING_ERROR_PDF_NOT_PDF);
  /* Cut in the middle: no startxref. */
  expect_open_error ("truncated.pdf", good->str, good->len / 2, MC_SIGNING_ERROR_PDF_TRUNCATED);
  /* startxref but no %%EOF. */
  expect_open_error ("noeof.pdf", good->str, good->len - 6, MC_SIGNING_ERROR_PDF_TRUNCATED);

  /* Encrypted. */
  {
    g_autoptr(PdfBuilder) pb = pb_new ();
    add_basic_objects (pb);
    pb_xref_table (pb, "/Encrypt << /Filter /Standard /V 1 /R 2 >>");
    expect_open_error ("encrypted.pdf", pb_data (pb)->str, pb_data (pb)->len,
                       MC_SIGNING_ERROR_PDF_ENCRYPTED);
  }

  /* startxref pointing at nonsense. */
  s = g_string_new_len (good->str, good->len);
  p = g_strrstr (s->str, "startxref\n");
  g_string_truncate (s, p - s->str);
  g_string_append (s, "startxref\n20\n%%EOF\n");
  expect_open_error ("badstartxref.pdf", s->str, s->len, MC_SIGNING_ERROR_PDF_DAMAGED);
  g_string_free (g_steal_pointer (&s), TRUE);

  /* Offsets in the table shifted: objects are not where it says. */
  s = g_string_new_len (good->str, good->len);
  g_string_insert (s, strstr (s->str, "1 0 obj") - s->str, "% pad pad pad pad pad pad\n");
  {
    /* keep startxref right, so only the object offsets are wrong */
    char *sx = g_strrstr (s->str, "startxref\n");
    gint64 old = g_ascii_strtoll (sx + 10, NULL, 10);
    g_autofree char *fixed = g_strdup_printf ("startxref\n%" G_GINT64_FORMAT "\n%%%%EOF\n", old + 26);
    g_string_truncate (s, sx - s->str);
    g_string_append (s, fixed);
  }
  expect_pages_error ("shifted.pdf", s, MC_SIGNING_ERROR_PDF_DAMAGED);
  g_string_free (g_steal_pointer (&s), TRUE);

  /* A /Prev loop. */
  {
    g_autoptr(PdfBuilder) pb = pb_new ();
    g_autofree char *self = NULL;
    add_basic_objects (pb);
    self = g_strdup_printf ("/Prev %u", pb_size (pb));
    pb_xref_table (pb, self);
    expect_open_error ("prevloop.pdf", pb_data (pb)->str, pb_data (pb)->len,
                       MC_SIGNING_ERROR_PDF_DAMAGED);
  }

  /* A page tree that contains itself. */
  {
    g_autoptr(PdfBuilder) pb = pb_new ();
    pb_obj (pb, 1, "<< /Type /Catalog /Pages 2 0 R >>");
    pb_obj (pb, 2, "<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>");
    pb_obj (pb, 3, "<< /Type /Page /Parent 2 0 R >>");
    pb_xref_table (pb, NULL);
    expect_pages_error ("treeloop.pdf", pb_data (pb), MC_SIGNING_ERROR_PDF_DAMAGED);
  }

  /* Absurd sizes in a cross-reference stream. */
  {
    g_autoptr(PdfBuilder) pb = pb_new ();
    g_autoptr(GString) bad = NULL;
    add_basic_objects (pb);
    pb_xref_stream (pb, 7, FALSE, NULL);
    bad = g_string_new_len (pb_data (pb)->str, pb_data (pb)->len);
    p = strstr (bad->str, "/W [1 3 1]");
    memcpy (p, "/W [9 3 1]", 10);
    expect_open_error ("badw.pdf", bad->str, bad->len, MC_SIGNING_ERROR_PDF_DAMAGED);
    p = strstr (bad->str, "/W [9 3 1]");
    memcpy (p, "/W [1 3 1]", 10);
    /* The xref stream is last, so growing its dictionary moves nothing
     * that an offset points to. */
    p = strstr (bad->str, "/Size 8");
    g_string_insert (bad, p + 6 - bad->str, "999999999");
    expect_open_error ("badsize.pdf", bad->str, bad->len, MC_SIGNING_ERROR_PDF_DAMAGED);
  }

  /* A stream whose /Length is wrong still reads (as other readers do);
   * one that never ends is an error naming truncation. */
  {
    g_autoptr(PdfBuilder) pb = pb_new ();
    g_autoptr(McPdfDocument) doc = NULL;
    g_autoptr(McPdfObj) stream = NULL;
    g_autoptr(GBytes) data = NULL;
    g_autofree char *path = NULL;
    GError *error = NULL;
    pb_obj (pb, 1, "<< /Type /Catalog /Pages 2 0 R >>");
    pb_obj (pb, 2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    pb_obj (pb, 3, "<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>");
    pb_obj (pb, 4, "<< /Length 9999 >>\nstream\nq Q\nendstream");
    pb_obj (pb, 5, "<< /Length 3 >>\nstream\nthis never ends");
    pb_xref_table (pb, NULL);
    path = pb_save (pb, tmpdir, "badlength.pdf");
    doc = open_ok (path);
    stream = mc_pdf_document_get_object (doc, 4, &error);
    g_assert_no_error (error);
    data = mc_pdf_document_read_stream (doc, stream, FALSE, 1 << 20, &error);
    g_assert_no_error (error);
    g_assert_cmpmem (g_bytes_get_data (data, NULL), g_bytes_get_size (data), "q Q", 3);
    g_clear_pointer (&stream, mc_pdf_obj_unref);
    stream = mc_pdf_document_get_object (doc, 5, &error);
    g_assert_null (stream);
    g_assert_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_TRUNCATED);
    g_clear_error (&error);
  }

  /* A compressed bomb in an object stream is capped. */
  {
    g_autoptr(PdfBuilder) pb = pb_new ();
    gsize n = 80u << 20;
    g_autofree char *zeros = g_malloc0 (n);
    g_autoptr(GBytes) packed = mc_pdf_encode_flate ((const guint8 *) zeros, n);
    g_autofree char *path = NULL;
    g_autoptr(McPdfDocument) doc = NULL;
    g_autoptr(McPdfObj) obj = NULL;
    GError *error = NULL;
    pb_obj (pb, 1, "<< /Type /Catalog /Pages 2 0 R >>");
    pb_stream (pb, 3, "/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode",
               g_bytes_get_data (packed, NULL), g_bytes_get_size (packed));
    pb_xref_stream (pb, 4, FALSE, NULL);
    /* point object 2 into the bomb by hand: add a compressed entry */
    path = pb_save (pb, tmpdir, "bomb.pdf");
    doc = open_ok (path);
    obj = mc_pdf_document_get_object (doc, 3, &error);
    g_assert_no_error (error);
    g_clear_pointer (&obj, mc_pdf_obj_unref);
    {
      g_autoptr(McPdfObj) stm = mc_pdf_document_get_object (doc, 3, &error);
      g_autoptr(GBytes) d = mc_pdf_document_read_stream (doc, stm, TRUE, 64u << 20, &error);
      g_assert_null (d);
      g_assert_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_TOO_LARGE);
      g_clear_error (&error);
    }
  }
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("pdf-reader-XXXXXX", NULL);

  g_test_add_func ("/pdf/reader/syntax", test_syntax);
  g_test_add_func ("/pdf/reader/text-and-dates", test_text_and_dates);
  g_test_add_func ("/pdf/reader/classic-table", test_classic_table);
  g_test_add_func ("/pdf/reader/xref-stream-objstm", test_xref_stream_objstm);
  g_test_add_func ("/pdf/reader/hybrid", test_hybrid);
  g_test_add_func ("/pdf/reader/update-chain", test_update_chain);
  g_test_add_func ("/pdf/reader/signature-listing", test_signature_listing);
  g_test_add_func ("/pdf/reader/bad-files", test_bad_files);

  ret = g_test_run ();
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
