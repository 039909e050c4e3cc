/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of what keeps a verifier honest on hostile input: a /ByteRange
 * counts only when its hole is the signature dictionary's own /Contents
 * (a decoy hex string of the same length elsewhere does not, nor a
 * signature inside an object stream, nor ranges whose sums overflow), and
 * hostile files of about 1 MB (huge /Size, deep nesting, flate bombs,
 * thousands of xref sections, millions of tiny objects) are read in a
 * child process whose peak memory (getrusage) must stay under 64 MB, with
 * a clear error when the reader gives up. */
#include "config.h"

#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <zlib.h>
#include <glib/gstdio.h>
#include <gnutls/crypto.h>

#include "mc-pdf-private.h"
#include "mc-pdf-inspect.h"
#include "mc-pades-signer.h"
#include "pdf-builder.h"

#define MAX_RSS_KB (64 * 1024)

static char *tmpdir;
static const char *self_exe;

/* ---- /ByteRange tied to /Contents ---- */

#define CONTENTS_HEX "3003020101000000000000000000000000000000"
#define BR_PLACEHOLDER "[0 0000000000 0000000000 0000000000]"

/* Writes @num's number with the same width as the placeholder field. */
static void
patch_number (GString *s,
              gsize    at,
              gint64   value)
{
  char buf[16];

  g_snprintf (buf, sizeof buf, "%010" G_GINT64_FORMAT, value);
  memcpy (s->str + at, buf, 10);
}

/* A one-page file whose signature 8 has /Contents CONTENTS_HEX; object 9
 * holds a decoy hex string of the same length. The ranges leave out the
 * hole at @hole_object's string, or are @forced when not NULL. */
static char *
build_signed (const char   *name,
              guint         hole_object,
              const gint64 *forced)
{
  g_autoptr(PdfBuilder) pb = pb_new ();
  GString *s;
  const char *sig, *br, *hole;
  gint64 r[4];

  pb_obj (pb, 1, "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] /SigFlags 3 >> >>");
  pb_obj (pb, 2, "<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 100 100] >>");
  pb_obj (pb, 3, "<< /Type /Page /Parent 2 0 R /Annots [5 0 R] >>");
  pb_obj (pb, 5, "<< /FT /Sig /T (S1) /V 8 0 R /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R >>");
  pb_obj (pb, 8, "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached "
                 "/ByteRange " BR_PLACEHOLDER " /Contents <" CONTENTS_HEX "> >>");
  pb_obj (pb, 9, "<< /Decoy <" CONTENTS_HEX "> >>");
  pb_xref_table (pb, NULL);

  s = pb_data (pb);
  sig = strstr (s->str, "8 0 obj");
  br = strstr (sig, "/ByteRange [0 ") + strlen ("/ByteRange [0 ");
  hole = strstr (hole_object == 8 ? sig : strstr (s->str, "9 0 obj"), "<" CONTENTS_HEX ">");
  r[0] = 0;
  r[1] = hole - s->str;
  r[2] = r[1] + (gint64) strlen ("<" CONTENTS_HEX ">");
  r[3] = (gint64) s->len - r[2];
  if (forced != NULL)
    memcpy (r, forced, sizeof r);
  patch_number (s, br - s->str, r[1]);
  patch_number (s, br - s->str + 11, r[2]);
  patch_number (s, br - s->str + 22, r[3]);
  return pb_save (pb, tmpdir, name);
}

static McPdfSignatureInfo *
only_signature (McPdfDocument *doc,
                GPtrArray    **keep)
{
  GError *error = NULL;

  *keep = mc_pdf_document_get_signatures (doc, &error);
  g_assert_no_error (error);
  g_assert_cmpuint ((*keep)->len, ==, 1);
  return g_ptr_array_index (*keep, 0);
}

static void
test_byte_range_tied (void)
{
  g_autofree char *path = build_signed ("tied.pdf", 8, NULL);
  g_autoptr(McPdfDocument) doc = NULL;
  g_autoptr(GPtrArray) sigs = NULL;
  g_autofree char *data = NULL;
  gsize len;
  McPdfSignatureInfo *info;
  guint8 digest[32], expected[32];
  GError *error = NULL;

  doc = mc_pdf_document_open (path, NULL, &error);
  g_assert_no_error (error);
  info = only_signature (doc, &sigs);
  g_assert_true (info->byte_range_ok);
  g_assert_true (info->covers_whole_file);

  /* The ranges hashed through the parsed stream are the file's bytes
   * around the hole, as an independent computation says. */
  g_assert_true (mc_pdf_document_hash_ranges (doc, info->byte_range, GNUTLS_DIG_SHA256, digest, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  {
    gnutls_hash_hd_t hd;

    g_assert_cmpint (gnutls_hash_init (&hd, GNUTLS_DIG_SHA256), ==, 0);
    gnutls_hash (hd, data, info->byte_range[1]);
    gnutls_hash (hd, data + info->byte_range[2], info->byte_range[3]);
    gnutls_hash_deinit (hd, expected);
  }
  g_assert_cmpmem (digest, 32, expected, 32);
}

static void
test_byte_range_wrapped (void)
{
  /* The hole is a hex string of the same length, but not this
   * signature's /Contents: signature wrapping. */
  g_autofree char *path = build_signed ("wrapped.pdf", 9, NULL);
  g_autoptr(McPdfDocument) doc = NULL;
  g_autoptr(GPtrArray) sigs = NULL;
  McPdfSignatureInfo *info;
  GError *error = NULL;

  doc = mc_pdf_document_open (path, NULL, &error);
  g_assert_no_error (error);
  info = only_signature (doc, &sigs);
  g_assert_true (info->has_byte_range);
  g_assert_false (info->byte_range_ok);
}

static void
test_byte_range_overflow (void)
{
  /* r[2] + r[3] overflows a signed 64-bit sum; r[1] is past the hole. */
  const gint64 overflow[4] = { 0, 10, G_MAXINT64 - 5, G_MAXINT64 - 5 };
  const gint64 shifted[4] = { 0, 11, 20, 5 };
  g_autofree char *p1 = build_signed ("overflow.pdf", 8, overflow);
  g_autofree char *p2 = build_signed ("shifted.pdf", 8, shifted);
  const char *paths[] = { p1, p2 };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(McPdfDocument) doc = NULL;
      g_autoptr(GPtrArray) sigs = NULL;
      McPdfSignatureInfo *info;
      GError *error = NULL;
      guint8 digest[32];

      doc = mc_pdf_document_open (paths[i], NULL, &error);
      g_assert_no_error (error);
      info = only_signature (doc, &sigs);
      g_assert_false (info->byte_range_ok);
      g_assert_false (info->covers_whole_file);
      if (i == 0)
        {
          g_assert_false (mc_pdf_document_hash_ranges (doc, info->byte_range, GNUTLS_DIG_SHA256, digest,
                                                       NULL, &error));
          g_assert_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_DAMAGED);
          g_clear_error (&error);
        }
    }
  g_assert_false (mc_pdf_byte_range_is_sane (overflow, G_MAXINT64));
  g_assert_true (mc_pdf_byte_range_is_sane (shifted, 25));
  g_assert_false (mc_pdf_byte_range_is_sane (shifted, 24));
}

static void
test_byte_range_in_object_stream (void)
{
  /* The same dictionary inside an object stream has no bytes of its own
   * in the file: its ranges cannot be tied to it. */
  g_autoptr(PdfBuilder) pb = pb_new ();
  g_autofree char *path = NULL;
  g_autoptr(McPdfDocument) doc = NULL;
  g_autoptr(GPtrArray) sigs = NULL;
  McPdfSignatureInfo *info;
  GError *error = NULL;
  const guint nums[] = { 8 };
  const char *bodies[] = { "<< /Type /Sig /SubFilter /ETSI.CAdES.detached /ByteRange [0 10 52 10] "
                           "/Contents <" CONTENTS_HEX "> >>" };

  pb_obj (pb, 1, "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] >> >>");
  pb_obj (pb, 2, "<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 100 100] >>");
  pb_obj (pb, 3, "<< /Type /Page /Parent 2 0 R >>");
  pb_obj (pb, 5, "<< /FT /Sig /T (S1) /V 8 0 R /Rect [0 0 0 0] >>");
  pb_objstm (pb, 10, nums, bodies, 1);
  pb_xref_stream (pb, 11, FALSE, NULL);
  path = pb_save (pb, tmpdir, "sig-in-objstm.pdf");
  doc = mc_pdf_document_open (path, NULL, &error);
  g_assert_no_error (error);
  info = only_signature (doc, &sigs);
  g_assert_true (info->has_byte_range);
  g_assert_false (info->byte_range_ok);
}

/* ---- the page tree, walked once ---- */

static void
test_many_pages (void)
{
  /* 40 intermediate nodes of 50 pages each; every tenth node sets its
   * own /Rotate, which its pages inherit. */
  g_autoptr(PdfBuilder) pb = pb_new ();
  g_autoptr(GString) kids = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autoptr(McPdfDocument) doc = NULL;
  GError *error = NULL;
  const guint nodes = 40, per = 50, first_page = 100;

  pb_obj (pb, 1, "<< /Type /Catalog /Pages 2 0 R >>");
  for (guint n = 0; n < nodes; n++)
    g_string_append_printf (kids, "%u 0 R ", 10 + n);
  pb_obj (pb, 2, "<< /Type /Pages /Kids [%s] /Count %u /MediaBox [0 0 200 300] >>", kids->str, nodes * per);
  for (guint n = 0; n < nodes; n++)
    {
      g_autoptr(GString) leaves = g_string_new (NULL);

      for (guint p = 0; p < per; p++)
        g_string_append_printf (leaves, "%u 0 R ", first_page + n * per + p);
      pb_obj (pb, 10 + n, "<< /Type /Pages /Parent 2 0 R /Kids [%s] /Count %u %s >>", leaves->str, per,
              n % 10 == 0 ? "/Rotate 90" : "");
    }
  for (guint i = 0; i < nodes * per; i++)
    pb_obj (pb, first_page + i, "<< /Type /Page /Parent %u 0 R >>", 10 + i / per);
  pb_xref_table (pb, NULL);
  path = pb_save (pb, tmpdir, "many-pages.pdf");

  doc = mc_pdf_document_open (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mc_pdf_document_get_n_pages (doc, &error), ==, (int) (nodes * per));
  for (guint i = 0; i < nodes * per; i++)
    {
      g_autoptr(McPdfPage) page = mc_pdf_document_get_page (doc, i, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (page->num, ==, first_page + i);
      g_assert_cmpuint (page->index, ==, i);
      g_assert_cmpint (page->rotate, ==, (i / per) % 10 == 0 ? 90 : 0);
      g_assert_cmpfloat (page->media_box[3], ==, 300);
      g_assert_cmpint (mc_pdf_document_find_page (doc, first_page + i, &error), ==, (int) i);
    }
  g_assert_cmpint (mc_pdf_document_find_page (doc, 10, &error), ==, -1);
  g_assert_null (mc_pdf_document_get_page (doc, nodes * per, &error));
  g_assert_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_NO_SUCH_PAGE);
  g_clear_error (&error);
}

static void
test_damaged_tree_still_reads_early_pages (void)
{
  /* The second kid loops back to the root: the tree as a whole is
   * damaged, but page 1 is still there, as before the walk was kept. */
  g_autoptr(PdfBuilder) pb = pb_new ();
  g_autofree char *path = NULL;
  g_autoptr(McPdfDocument) doc = NULL;
  g_autoptr(McPdfPage) first = NULL;
  GError *error = NULL;

  pb_obj (pb, 1, "<< /Type /Catalog /Pages 2 0 R >>");
  pb_obj (pb, 2, "<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 /MediaBox [0 0 100 100] >>");
  pb_obj (pb, 3, "<< /Type /Page /Parent 2 0 R >>");
  pb_xref_table (pb, NULL);
  path = pb_save (pb, tmpdir, "looping-tree.pdf");

  doc = mc_pdf_document_open (path, NULL, &error);
  g_assert_no_error (error);
  first = mc_pdf_document_get_page (doc, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->num, ==, 3);
  g_assert_cmpint (mc_pdf_document_get_n_pages (doc, &error), ==, -1);
  g_assert_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_DAMAGED);
  g_clear_error (&error);
}

/* ---- hostile files ---- */

static GBytes *
deflate_bytes (const void *data,
               gsize       len)
{
  uLongf out_len = compressBound (len);
  guint8 *out = g_malloc (out_len);

  g_assert_cmpint (compress2 (out, &out_len, data, len, 9), ==, Z_OK);
  return g_bytes_new_take (out, out_len);
}

static void
add_flate_stream (PdfBuilder *pb,
                  guint       num,
                  const char *extra,
                  const void *data,
                  gsize       len)
{
  g_autoptr(GBytes) z = deflate_bytes (data, len);
  g_autofree char *dict = g_strdup_printf ("/Filter /FlateDecode %s", extra ? extra : "");

  pb_stream (pb, num, dict, g_bytes_get_data (z, NULL), g_bytes_get_size (z));
}

static void
base_objects (PdfBuilder *pb)
{
  pb_obj (pb, 1, "<< /Type /Catalog /Pages 2 0 R >>");
  pb_obj (pb, 2, "<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 100 100] >>");
  pb_obj (pb, 3, "<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>");
}

/* A content stream and then 40 object streams, each inflating to 30 MB
 * of zeros: together far past any budget. */
static char *
make_flate_bombs (void)
{
  g_autoptr(PdfBuilder) pb = pb_new ();
  gsize big = 30u << 20;
  g_autofree guint8 *zeros = g_malloc0 (big);
  g_autoptr(GBytes) z = NULL;

  memcpy (zeros, "100 0 ", 6);
  z = deflate_bytes (zeros, big);
  base_objects (pb);
  pb_stream (pb, 4, "/Filter /FlateDecode", g_bytes_get_data (z, NULL), g_bytes_get_size (z));
  for (guint i = 0; i < 24; i++)
    {
      g_autofree char *extra = g_strdup_printf ("/Type /ObjStm /N 1 /First 6");
      g_autofree char *dict = g_strdup_printf ("/Filter /FlateDecode %s", extra);

      pb_stream (pb, 10 + i, dict, g_bytes_get_data (z, NULL), g_bytes_get_size (z));
    }
  pb_xref_table (pb, NULL);
  return pb_save (pb, tmpdir, "flate-bombs.pdf");
}

/* An xref stream claiming the largest /Size, with entries at the top of
 * the number space, and an objstm of a million tiny objects. */
static char *
make_huge_size (void)
{
  g_autoptr(PdfBuilder) pb = pb_new ();
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GString) head = g_string_new (NULL);
  guint n = 200000;
  g_autofree char *dict = NULL;

  base_objects (pb);
  pb_stream (pb, 4, NULL, "q Q", 3);
  for (guint i = 0; i < n; i++)
    {
      g_string_append_printf (head, "%u %u ", 100 + i, (guint) body->len);
      g_string_append (body, "[0 0 0 0 0 0 0 0]\n");
    }
  dict = g_strdup_printf ("/Type /ObjStm /N %u /First %u", n, (guint) head->len);
  g_string_append (head, body->str);
  add_flate_stream (pb, 50, dict + strlen ("/Type /ObjStm "), head->str, head->len);
  pb_xref_stream (pb, 51, FALSE, NULL);
  /* A second section whose trailer claims 8388607 objects and whose
   * entries sit at the top of the number space. */
  {
    GString *s = pb_data (pb);
    gsize xref_at = s->len;
    guint8 rows[600 * 3];
    g_autoptr(GBytes) z = NULL;
    gsize at = s->len - 9;
    gint64 prev_off;

    while (at > 0 && memcmp (s->str + at, "startxref", 9) != 0)
      at--;
    prev_off = g_ascii_strtoll (s->str + at + 10, NULL, 10);
    g_assert_cmpint (prev_off, >, 0);

    for (guint i = 0; i < 600; i++)
      {
        rows[3 * i] = 1;
        rows[3 * i + 1] = 0;
        rows[3 * i + 2] = 9;
      }
    z = deflate_bytes (rows, sizeof rows);
    g_string_append_printf (s, "60 0 obj\n<< /Type /XRef /Size 8388607 /Root 1 0 R /Prev %" G_GINT64_FORMAT
                            " /W [1 1 1] /Index [8388000 600] /Filter /FlateDecode /Length %u >>\nstream\n",
                            prev_off, (guint) g_bytes_get_size (z));
    g_string_append_len (s, g_bytes_get_data (z, NULL), g_bytes_get_size (z));
    g_string_append_printf (s, "\nendstream\nendobj\nstartxref\n%u\n%%%%EOF\n", (guint) xref_at);
  }
  return pb_save (pb, tmpdir, "huge-size.pdf");
}

/* 1 MB of nested arrays, and an object stream of a million objects
 * hidden behind flate. */
static char *
make_nesting_and_many_objects (void)
{
  g_autoptr(PdfBuilder) pb = pb_new ();
  g_autoptr(GString) nest = g_string_new (NULL);
  g_autoptr(GString) head = g_string_new (NULL);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *dict = NULL;
  guint n = 150000;

  base_objects (pb);
  pb_stream (pb, 4, NULL, "q Q", 3);
  for (guint i = 0; i < 500000; i++)
    g_string_append_c (nest, '[');
  pb_obj (pb, 5, "%s", nest->str);
  for (guint i = 0; i < n; i++)
    {
      g_string_append_printf (head, "%u %u ", 100 + i, (guint) body->len);
      g_string_append_c (body, '[');
      for (guint k = 0; k < 100; k++)
        g_string_append (body, "1 0 R ");
      g_string_append (body, "]\n");
    }
  dict = g_strdup_printf ("/Type /ObjStm /N %u /First %u", n, (guint) head->len);
  g_string_append (head, body->str);
  add_flate_stream (pb, 50, dict, head->str, head->len);
  pb_xref_stream (pb, 51, FALSE, NULL);
  return pb_save (pb, tmpdir, "nesting.pdf");
}

/* Thousands of incremental sections, each redefining many objects. */
static char *
make_many_sections (void)
{
  g_autoptr(PdfBuilder) pb = pb_new ();

  base_objects (pb);
  pb_stream (pb, 4, NULL, "q Q", 3);
  pb_xref_table (pb, NULL);
  for (guint k = 0; k < 3000; k++)
    {
      pb_obj (pb, 3, "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Rev %u >>", k);
      pb_xref_table (pb, NULL);
    }
  return pb_save (pb, tmpdir, "many-sections.pdf");
}

/* In the child: everything a verification reads, then every object and
 * every stream decoded, as change analysis and the fuzz target do. */
static void
read_everything (const char *path)
{
  g_autoptr(McPdfDocument) doc = NULL;
  g_autoptr(McVerifier) verifier = mc_verifier_new (NULL);
  g_autoptr(GPtrArray) checks = NULL;
  GError *error = NULL;
  guint32 next;

  checks = mc_pdf_verify_file (path, verifier, NULL, &error);
  if (error != NULL)
    g_print ("verify: %s\n", error->message);
  g_clear_error (&error);

  doc = mc_pdf_document_open (path, NULL, &error);
  if (doc == NULL)
    {
      g_print ("open: %s\n", error->message);
      g_clear_error (&error);
      return;
    }
  g_clear_pointer (&checks, g_ptr_array_unref);
  {
    g_autoptr(GPtrArray) revs = mc_pdf_document_get_revisions (doc, &error);

    g_clear_error (&error);
  }
  mc_pdf_document_get_n_pages (doc, NULL);
  next = mc_pdf_document_get_next_num (doc);
  for (guint32 num = 1; num < next; num++)
    {
      g_autoptr(McPdfObj) obj = mc_pdf_document_get_object (doc, num, &error);

      if (obj == NULL)
        {
          g_print ("object %u: %s\n", num, error->message);
          if (g_error_matches (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_TOO_LARGE))
            {
              g_clear_error (&error);
              return;
            }
          g_clear_error (&error);
          continue;
        }
      if (obj->type == MC_PDF_OBJ_STREAM)
        {
          g_autoptr(GBytes) data = mc_pdf_document_read_stream (doc, obj, TRUE, MC_PDF_MAX_DECODED, &error);

          if (data == NULL)
            {
              g_print ("stream %u: %s\n", num, error->message);
              g_clear_error (&error);
            }
        }
    }
}

/* Runs @argv, waits for it and returns its wait status, with its own
 * resource usage (wait4) in @usage. */
static int
run_measured (const char * const *argv,
              char              **envp,
              struct rusage      *usage)
{
  GError *error = NULL;
  GPid pid;
  int status = 0;

  g_assert_true (g_spawn_async (NULL, (char **) argv, envp,
                                G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                                G_SPAWN_STDERR_TO_DEV_NULL,
                                NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  g_assert_cmpint (wait4 (pid, &status, 0, usage), ==, pid);
  g_spawn_close_pid (pid);
  return status;
}

static void
assert_rss (const struct rusage *usage)
{
#if defined(__SANITIZE_ADDRESS__)
  /* AddressSanitizer's shadow memory and quarantine are no part of what
   * the reader uses: here the child only has to end cleanly. */
  g_test_message ("%ld kB not compared with %d kB under AddressSanitizer", usage->ru_maxrss, MAX_RSS_KB);
#else
  g_assert_cmpint (usage->ru_maxrss, <=, MAX_RSS_KB);
#endif
}

static void
run_hostile (gconstpointer data)
{
  char *(*make) (void) = (char *(*) (void)) data;
  g_autofree char *path = NULL;
  const char *child = g_getenv ("MC_BUDGET_CHILD");
  struct rusage usage;
  GStatBuf st;

  if (child != NULL)
    {
      read_everything (child);
      return;
    }
  path = make ();
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_test_message ("%s: %ld bytes", path, (long) st.st_size);
  g_assert_cmpint (st.st_size, <=, 2 * 1024 * 1024);

  /* Our own child (not g_test_trap_subprocess) so that wait4() gives
   * the peak memory of this child alone. */
  {
    const char *argv[] = { self_exe, "-q", "-p", g_test_get_path (), NULL };
    g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "MC_BUDGET_CHILD", path, TRUE);
    int status = run_measured (argv, envp, &usage);

    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  g_test_message ("peak RSS of the reading child: %ld kB", usage.ru_maxrss);
  assert_rss (&usage);

  /* The same file through the command line, as an official would. */
  {
    const char *cli = g_getenv ("MOTCUA_CLI");
    const char *argv[] = { cli, "verify", "--offline", path, NULL };
    int status;

#if defined(__SANITIZE_ADDRESS__)
    /* The program's own exit-time leaks are the sanitized CLI tests'
     * business, not this test's. */
    cli = NULL;
#endif
    if (cli == NULL || !g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
      {
        g_test_message ("motcua-cli not measured: only the library was");
        return;
      }
    status = run_measured (argv, NULL, &usage);
    /* Whatever it concludes, it ends by itself (no signal, no abort). */
    g_assert_true (WIFEXITED (status));
    g_test_message ("peak RSS of motcua-cli verify: %ld kB (exit %d)", usage.ru_maxrss, WEXITSTATUS (status));
    assert_rss (&usage);
  }
}

static void
test_budget_error_is_clear (void)
{
  /* The flate bombs end with the budget's own message. */
  g_autofree char *path = make_flate_bombs ();
  g_autoptr(McPdfDocument) doc = NULL;
  GError *error = NULL;
  gboolean stopped = FALSE;

  doc = mc_pdf_document_open (path, NULL, &error);
  g_assert_no_error (error);
  for (guint32 num = 10; num < 34 && !stopped; num++)
    {
      g_autoptr(McPdfObj) obj = mc_pdf_document_get_object (doc, num, &error);
      g_autoptr(GBytes) data = NULL;

      g_assert_no_error (error);
      data = mc_pdf_document_read_stream (doc, obj, TRUE, MC_PDF_MAX_DECODED, &error);
      if (data == NULL)
        {
          g_assert_error (error, MC_SIGNING_ERROR, MC_SIGNING_ERROR_PDF_TOO_LARGE);
          g_assert_nonnull (strstr (error->message, "memory"));
          g_clear_error (&error);
          stopped = TRUE;
        }
    }
  g_assert_true (stopped);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  self_exe = argv[0];
  tmpdir = g_dir_make_tmp ("pdf-budget-XXXXXX", NULL);

  g_test_add_func ("/pdf/byte-range/tied", test_byte_range_tied);
  g_test_add_func ("/pdf/byte-range/wrapped", test_byte_range_wrapped);
  g_test_add_func ("/pdf/byte-range/overflow", test_byte_range_overflow);
  g_test_add_func ("/pdf/byte-range/object-stream", test_byte_range_in_object_stream);
  g_test_add_func ("/pdf/pages/many", test_many_pages);
  g_test_add_func ("/pdf/pages/damaged-tree", test_damaged_tree_still_reads_early_pages);
  g_test_add_func ("/pdf/budget/clear-error", test_budget_error_is_clear);
  g_test_add_data_func ("/pdf/budget/flate-bombs", make_flate_bombs, run_hostile);
  g_test_add_data_func ("/pdf/budget/huge-size", make_huge_size, run_hostile);
  g_test_add_data_func ("/pdf/budget/nesting-many-objects", make_nesting_and_many_objects, run_hostile);
  g_test_add_data_func ("/pdf/budget/many-sections", make_many_sections, run_hostile);

  ret = g_test_run ();
  {
    g_autoptr(GDir) dir = g_dir_open (tmpdir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *p = g_build_filename (tmpdir, name, NULL);
        g_unlink (p);
      }
    g_rmdir (tmpdir);
  }
  return ret;
}
