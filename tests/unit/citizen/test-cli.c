/* SPDX-License-Identifier: GPL-3.0-or-later */
/* motcua-cli citizen, run as a user would: exit codes (0 done, 1 refused,
 * 2 usage), what it prints, its JSON, and reading a QR image made here. */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "qr-fixture.h"

#define ADDRESS "Thôn 3, Xã Tân Lập, Huyện Đan Phượng, Thành phố Hà Nội"
#define CARD "001099012345|123456789|Nguyễn Văn Ánh|15031999|Nam|" ADDRESS "|10072021"

static char *tmpdir;

typedef struct
{
  int status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_cli (Run                *run,
         const char         *input,
         const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE;

  g_ptr_array_add (argv, (gpointer) g_getenv ("MOTCUA_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  if (input != NULL)
    flags |= G_SUBPROCESS_FLAGS_STDIN_PIPE;
  process = g_subprocess_newv ((const char * const *) argv->pdata, flags, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, input, NULL, &run->out, &run->err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
}

#define RUN(run, ...) run_cli (run, NULL, (const char * const[]) { __VA_ARGS__, NULL })

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” not in:\n%s", needle, haystack);
}

static JsonObject *
parse_json (const char *text,
            JsonParser *parser)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_check_valid (void)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) with_facts = { 0 };

  RUN (&run, "citizen", "check", "001099012345");
  g_assert_cmpint (run.status, ==, 0);
  assert_contains (run.out, "001099012345 is a valid personal ID number");
  assert_contains (run.out, "001 Hà Nội");
  assert_contains (run.out, "male");
  assert_contains (run.out, "1900–1999");

  RUN (&with_facts, "citizen", "check", "079305000001", "--birth", "2005-02-28", "--sex", "Nữ");
  g_assert_cmpint (with_facts.status, ==, 0);
  assert_contains (with_facts.out, "079 Hồ Chí Minh");
}

static void
test_check_json (void)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) local = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  RUN (&run, "--json", "citizen", "check", "036305001234");
  g_assert_cmpint (run.status, ==, 0);
  object = parse_json (run.out, parser);
  g_assert_true (json_object_get_boolean_member (object, "valid"));
  g_assert_cmpstr (json_object_get_string_member (object, "province_code"), ==, "036");
  g_assert_cmpstr (json_object_get_string_member (object, "province_name"), ==, "Nam Định");
  g_assert_cmpstr (json_object_get_string_member (object, "sex"), ==, "female");
  g_assert_cmpint (json_object_get_int_member (object, "century"), ==, 2000);
  g_assert_cmpint (json_object_get_int_member (object, "year_suffix"), ==, 5);

  RUN (&local, "citizen", "check", "036305001234", "--json");
  g_assert_cmpint (local.status, ==, 0);
  g_assert_cmpstr (local.out, ==, run.out);
}

static void
test_check_refused (void)
{
  static const struct { const char *args[7]; const char *reason; } cases[] = {
    { { "citizen", "check", "00109901234" }, "11 characters" },
    { { "citizen", "check", "00109901234a" }, "only contain the digits" },
    { { "citizen", "check", "001299012345", "--birth", "1999-01-01" }, "2000–2099" },
    { { "citizen", "check", "001099012345", "--sex", "Nữ" }, "recorded as female" },
    { { "citizen", "check", "001098012345", "--birth", "1999-12-31" }, "Digits 5–6 (98)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };

      run_cli (&run, NULL, cases[i].args);
      g_assert_cmpint (run.status, ==, 1);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_true (g_str_has_prefix (run.err, "motcua-cli: "));
      assert_contains (run.err, cases[i].reason);
      /* One line. */
      g_assert_cmpint (strchr (run.err, '\n') - run.err, ==, (int) strlen (run.err) - 1);
    }
}

/* First digits that are no province (perhaps a country, for a citizen
 * born abroad) are accepted: the place says so. */
static void
test_check_unlisted (void)
{
  g_auto(Run) run = { 0 };

  RUN (&run, "citizen", "check", "003099012345");
  g_assert_cmpint (run.status, ==, 0);
  assert_contains (run.out, "003");
  assert_contains (run.out, "no province");
}

static void
test_usage_errors (void)
{
  static const struct { const char *args[6]; } cases[] = {
    { { "citizen" } },
    { { "citizen", "frobnicate" } },
    { { "citizen", "check" } },
    { { "citizen", "check", "001099012345", "--birth", "31/12/1999" } },
    { { "citizen", "check", "001099012345", "--sex", "X" } },
    { { "citizen", "parse-qr" } },
    { { "citizen", "read-qr" } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };

      run_cli (&run, NULL, cases[i].args);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_true (g_str_has_prefix (run.err, "motcua-cli: "));
    }
}

static void
test_parse_qr_text (void)
{
  g_auto(Run) run = { 0 };

  RUN (&run, "citizen", "parse-qr", CARD);
  g_assert_cmpint (run.status, ==, 0);
  assert_contains (run.out, "ID number\t001099012345\n");
  assert_contains (run.out, "Full name\tNguyễn Văn Ánh\n");
  assert_contains (run.out, "Date of birth\t15/03/1999\n");
  assert_contains (run.out, "Date of issue\t10/07/2021\n");
  assert_contains (run.out, "Address\t" ADDRESS "\n");
  /* "01 Thành phố Hà Nội 09820 Xã Tân Lập 01 09832,09817" */
  assert_contains (run.out, "Thôn 3, Xã Hoài Đức, Thành phố Hà Nội");
  assert_contains (run.out, "Thôn 3, Xã Ô Diên, Thành phố Hà Nội");
}

static void
test_parse_qr_json (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object, *mapping;
  JsonArray *candidates;

  RUN (&run, "--json", "citizen", "parse-qr", CARD "|");
  g_assert_cmpint (run.status, ==, 0);
  object = parse_json (run.out, parser);
  g_assert_cmpstr (json_object_get_string_member (object, "id_number"), ==, "001099012345");
  g_assert_cmpstr (json_object_get_string_member (object, "old_id_number"), ==, "123456789");
  g_assert_cmpstr (json_object_get_string_member (object, "full_name"), ==, "Nguyễn Văn Ánh");
  g_assert_cmpstr (json_object_get_string_member (object, "birth_date"), ==, "1999-03-15");
  g_assert_cmpstr (json_object_get_string_member (object, "sex"), ==, "Nam");
  g_assert_cmpstr (json_object_get_string_member (object, "issue_date"), ==, "2021-07-10");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "birth_registration"),
                                                  "name"), ==, "Hà Nội");

  mapping = json_object_get_object_member (object, "address_mapping");
  g_assert_cmpstr (json_object_get_string_member (mapping, "match"), ==, "found");
  g_assert_cmpstr (json_object_get_string_member (mapping, "street"), ==, "Thôn 3");
  candidates = json_object_get_array_member (mapping, "candidates");
  g_assert_cmpuint (json_array_get_length (candidates), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (candidates, 0), "commune_code"),
                   ==, "09832");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (candidates, 1), "commune_code"),
                   ==, "09817");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (candidates, 0),
                                                  "old_commune_code"), ==, "09820");
}

static void
test_parse_qr_stdin (void)
{
  g_auto(Run) run = { 0 };

  run_cli (&run, "\xEF\xBB\xBF" CARD "\r\n", (const char * const[]) { "citizen", "parse-qr", "-", NULL });
  g_assert_cmpint (run.status, ==, 0);
  assert_contains (run.out, "Full name\tNguyễn Văn Ánh\n");
}

static void
test_parse_qr_refused (void)
{
  static const struct { const char *text; const char *reason; } cases[] = {
    { "https://example.com/", "web address" },
    { "00020101021138570010A000000727012700069704360113001101234567802"
      "08QRIBFTTA5303704580" "2VN6304ABCD", "VietQR" },
    { "just some words", "not the QR code of a citizen identity card" },
    { "001099012345|123456789|Nguyễn Văn Ánh|15031999|Nam", "5 fields" },
    { "001099012345|123456789|Nguyễn Văn Ánh|15031999|Nam|" ADDRESS "|31022021", "Field 7" },
    { "001099012345|123456789|Nguyễn Văn Ánh|15032001|Nam|" ADDRESS "|10072021", "2001" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };

      run_cli (&run, NULL, (const char * const[]) { "citizen", "parse-qr", cases[i].text, NULL });
      g_assert_cmpint (run.status, ==, 1);
      g_assert_cmpstr (run.out, ==, "");
      assert_contains (run.err, cases[i].reason);
    }
}

static void
test_read_qr_image (void)
{
  g_autoptr(PIX) pix = fixture_qr_pix (CARD, strlen (CARD), 4);
  g_autoptr(PIX) photo = fixture_rotated_scaled (pix, 12.0f, 1.5f);
  g_autofree char *path = g_build_filename (tmpdir, "card.jpg", NULL);
  g_auto(Run) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  fixture_write (photo, path, IFF_JFIF_JPEG);
  RUN (&run, "citizen", "read-qr", path, "--json");
  g_assert_cmpint (run.status, ==, 0);
  object = parse_json (run.out, parser);
  g_assert_cmpstr (json_object_get_string_member (object, "full_name"), ==, "Nguyễn Văn Ánh");
  g_assert_cmpstr (json_object_get_string_member (object, "address"), ==, ADDRESS);
}

static void
test_read_qr_picks_card (void)
{
  const char *url = "https://example.com/";
  g_autoptr(PIX) card = fixture_qr_pix (CARD, strlen (CARD), 4);
  g_autoptr(PIX) link = fixture_qr_pix (url, strlen (url), 4);
  g_autoptr(PIX) both = fixture_side_by_side (link, card);
  g_autoptr(PIX) only_link = fixture_qr_pix (url, strlen (url), 4);
  g_autofree char *both_path = g_build_filename (tmpdir, "both.png", NULL);
  g_autofree char *link_path = g_build_filename (tmpdir, "link.png", NULL);
  g_auto(Run) run = { 0 };
  g_auto(Run) refused = { 0 };

  fixture_write (both, both_path, IFF_PNG);
  fixture_write (only_link, link_path, IFF_PNG);

  RUN (&run, "citizen", "read-qr", both_path);
  g_assert_cmpint (run.status, ==, 0);
  assert_contains (run.out, "ID number\t001099012345\n");

  RUN (&refused, "citizen", "read-qr", link_path);
  g_assert_cmpint (refused.status, ==, 1);
  assert_contains (refused.err, "web address");
}

static void
test_read_qr_errors (void)
{
  g_autoptr(PIX) blank = pixCreate (200, 200, 8);
  g_autofree char *blank_path = g_build_filename (tmpdir, "blank.png", NULL);
  g_autofree char *text_path = g_build_filename (tmpdir, "note.txt", NULL);
  g_autofree char *missing = g_build_filename (tmpdir, "missing.png", NULL);
  g_auto(Run) a = { 0 };
  g_auto(Run) b = { 0 };
  g_auto(Run) c = { 0 };

  pixSetAll (blank);
  fixture_write (blank, blank_path, IFF_PNG);
  g_assert_true (g_file_set_contents (text_path, "hello", -1, NULL));

  RUN (&a, "citizen", "read-qr", blank_path);
  g_assert_cmpint (a.status, ==, 1);
  assert_contains (a.err, "No QR code was found");

  RUN (&b, "citizen", "read-qr", text_path);
  g_assert_cmpint (b.status, ==, 1);
  assert_contains (b.err, "not an image");

  RUN (&c, "citizen", "read-qr", missing);
  g_assert_cmpint (c.status, ==, 1);
  assert_contains (c.err, "Cannot read the image");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data = g_build_filename (g_getenv ("MOTCUA_SOURCE_DIR"), "data", NULL);
  int status;

  g_setenv ("MOTCUA_DATA_DIR", data, TRUE);
  g_test_init (&argc, &argv, NULL);
  tmpdir = fixture_tmpdir ();

  g_test_add_func ("/cli/citizen/check-valid", test_check_valid);
  g_test_add_func ("/cli/citizen/check-json", test_check_json);
  g_test_add_func ("/cli/citizen/check-refused", test_check_refused);
  g_test_add_func ("/cli/citizen/check-unlisted", test_check_unlisted);
  g_test_add_func ("/cli/citizen/usage-errors", test_usage_errors);
  g_test_add_func ("/cli/citizen/parse-qr-text", test_parse_qr_text);
  g_test_add_func ("/cli/citizen/parse-qr-json", test_parse_qr_json);
  g_test_add_func ("/cli/citizen/parse-qr-stdin", test_parse_qr_stdin);
  g_test_add_func ("/cli/citizen/parse-qr-refused", test_parse_qr_refused);
  g_test_add_func ("/cli/citizen/read-qr-image", test_read_qr_image);
  g_test_add_func ("/cli/citizen/read-qr-picks-card", test_read_qr_picks_card);
  g_test_add_func ("/cli/citizen/read-qr-errors", test_read_qr_errors);

  status = g_test_run ();
  /* MOTCUA_TEST_KEEP_FILES=1 keeps the images for a person to look at. */
  if (g_getenv ("MOTCUA_TEST_KEEP_FILES") == NULL)
    fixture_rmdir (tmpdir);
  else
    g_printerr ("# images kept in %s\n", tmpdir);
  g_free (tmpdir);

  return status;
}
