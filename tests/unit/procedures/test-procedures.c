/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The procedure catalogue: every shipped sample file loads and keeps the
 * rules the desk relies on; lookup, listing order and folded search; each
 * kind of broken file fails the whole load with an error naming the file
 * and leaves the files as they were; the store round trip, including a
 * damaged row. Broken files are made here from a shipped file. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <math.h>
#include <string.h>

#include "mc-core.h"
#include "domain/mc-catalogue.h"
#include "domain/mc-text.h"
#include "store/mc-catalogue-repo.h"
#include "store/mc-store.h"

static char *
shipped_dir (void)
{
  const char *source = g_getenv ("MOTCUA_SOURCE_DIR");

  g_assert_nonnull (source);
  return g_build_filename (source, "data", "procedures", NULL);
}

static McCatalogue *
load_shipped (void)
{
  g_autofree char *dir = shipped_dir ();
  g_autoptr(GError) error = NULL;
  McCatalogue *catalogue = mc_catalogue_load_sync (dir, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (catalogue);
  return catalogue;
}

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("motcua-procedures-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
rm_rf (const char *path)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", path);

  g_assert_cmpint (system (command), ==, 0);
}

static guint
count_json_files (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      n++;
  return n;
}

/* The shipped catalogue */

static void
test_shipped_loads (void)
{
  g_autofree char *dir = shipped_dir ();
  g_autoptr(McCatalogue) catalogue = load_shipped ();
  g_autoptr(GRegex) code_shape = g_regex_new ("^[0-9]\\.[0-9]{6}$", 0, 0, NULL);
  g_autoptr(GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = mc_catalogue_get_n_procedures (catalogue);

  g_assert_cmpuint (n, >=, 15);
  /* Nothing in the folder was skipped. */
  g_assert_cmpuint (n, ==, count_json_files (dir));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalogue)), ==, n);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(McProcedure) procedure = g_list_model_get_item (G_LIST_MODEL (catalogue), i);
      const char *code = mc_procedure_get_code (procedure);
      JsonObject *definition = json_node_get_object (mc_procedure_get_definition (procedure));
      double total = 0;

      g_test_message ("checking %s", code);
      g_assert_true (g_regex_match (code_shape, code, 0, NULL));
      g_assert_false (g_hash_table_contains (codes, code));
      g_hash_table_add (codes, (gpointer) code);

      g_assert_cmpstr (mc_procedure_get_level (procedure), ==, "commune");
      g_assert_true (mc_procedure_is_sample (procedure));
      g_assert_true (json_object_get_boolean_member (definition, "sample"));
      g_assert_cmpfloat (mc_procedure_get_working_days (procedure), >=, 0);
      g_assert_cmpfloat (mc_procedure_get_extended_working_days (procedure), >=,
                         mc_procedure_get_working_days (procedure));
      g_assert_cmpuint (strlen (mc_procedure_get_name (procedure)), >, 0);
      g_hash_table_add (fields, mc_text_fold (mc_procedure_get_field (procedure)));

      g_assert_cmpuint (mc_procedure_get_n_components (procedure), >=, 1);
      for (guint c = 0; c < mc_procedure_get_n_components (procedure); c++)
        {
          const McProcedureComponent *component = mc_procedure_get_component (procedure, c);

          g_assert_cmpuint (component->copies, >=, 1);
          g_assert_true (mc_procedure_lookup_component (procedure, component->code) == component);
        }
      g_assert_cmpuint (mc_procedure_get_n_results (procedure), >=, 1);

      for (guint s = 0; s < mc_procedure_get_n_steps (procedure); s++)
        total += mc_procedure_get_step (procedure, s)->share;
      g_assert_cmpfloat (fabs (total - 1.0), <=, 0.01);

      /* Every sample records where its facts come from. */
      g_assert_true (json_object_has_member (definition, "sources"));
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (definition, "sources")), >=, 1);
      g_assert_true (mc_procedure_get_legal_basis (procedure)[0] != NULL);
    }

  /* Civil status, certification, residence and social protection at least. */
  g_assert_true (g_hash_table_contains (fields, "ho tich"));
  g_assert_true (g_hash_table_contains (fields, "chung thuc"));
  g_assert_true (g_hash_table_contains (fields, "dang ky, quan ly cu tru"));
  g_assert_true (g_hash_table_contains (fields, "bao tro xa hoi"));
}

static void
test_shipped_time_forms (void)
{
  g_autoptr(McCatalogue) catalogue = load_shipped ();
  McProcedure *birth = mc_catalogue_lookup (catalogue, "1.001193");
  McProcedure *residence = mc_catalogue_lookup (catalogue, "1.010041");
  double days = -1;
  gboolean same_day = FALSE;

  /* “Ngay trong ngày” and “1/2 ngày làm việc” are kept as they are. */
  g_assert_nonnull (birth);
  g_assert_true (mc_procedure_is_same_day (birth));
  g_assert_cmpfloat (mc_procedure_get_working_days (birth), ==, 0);
  g_assert_cmpstr (mc_procedure_get_same_day_cutoff (birth), ==, "15:00");
  g_object_get (birth, "working-days", &days, "same-day", &same_day, NULL);
  g_assert_cmpfloat (days, ==, 0);
  g_assert_true (same_day);

  g_assert_nonnull (residence);
  g_assert_false (mc_procedure_is_same_day (residence));
  g_assert_cmpfloat (mc_procedure_get_working_days (residence), ==, 0.5);
  g_assert_cmpfloat (mc_procedure_get_extended_working_days (residence), ==, 3);
}

static void
test_lookup (void)
{
  g_autoptr(McCatalogue) catalogue = load_shipped ();
  McProcedure *procedure = mc_catalogue_lookup (catalogue, "1.001193");

  g_assert_nonnull (procedure);
  g_assert_cmpstr (mc_procedure_get_name (procedure), ==, "Đăng ký khai sinh");
  g_assert_cmpstr (mc_procedure_get_field (procedure), ==, "Hộ tịch");
  g_assert_null (mc_catalogue_lookup (catalogue, "9.999999"));
  g_assert_null (mc_catalogue_lookup (catalogue, "1.00119"));
}

static void
test_sorted (void)
{
  g_autoptr(McCatalogue) catalogue = load_shipped ();
  GListModel *model = G_LIST_MODEL (catalogue);
  g_autofree char *last_field = NULL;
  g_autofree char *last_name = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(McProcedure) procedure = g_list_model_get_item (model, i);
      char *field = mc_text_fold (mc_procedure_get_field (procedure));
      char *name = mc_text_fold (mc_procedure_get_name (procedure));

      if (last_field != NULL)
        {
          int cmp = strcmp (last_field, field);

          g_assert_cmpint (cmp, <=, 0);
          if (cmp == 0)
            g_assert_cmpint (strcmp (last_name, name), <=, 0);
        }
      g_free (last_field);
      g_free (last_name);
      last_field = field;
      last_name = name;
    }
  g_assert_null (g_list_model_get_item (model, g_list_model_get_n_items (model)));
}

static gboolean
has_code (GPtrArray  *procedures,
          const char *code)
{
  for (guint i = 0; i < procedures->len; i++)
    if (g_str_equal (mc_procedure_get_code (g_ptr_array_index (procedures, i)), code))
      return TRUE;
  return FALSE;
}

static void
test_search (void)
{
  g_autoptr(McCatalogue) catalogue = load_shipped ();
  guint n = mc_catalogue_get_n_procedures (catalogue);
  g_autoptr(GPtrArray) plain = mc_catalogue_search (catalogue, "dang ky khai sinh");
  g_autoptr(GPtrArray) upper = mc_catalogue_search (catalogue, "ĐĂNG KÝ");
  g_autoptr(GPtrArray) accents = mc_catalogue_search (catalogue, "  Đăng ký khai sinh ");
  g_autoptr(GPtrArray) marriage = mc_catalogue_search (catalogue, "HÔN NHÂN");
  g_autoptr(GPtrArray) prefix = mc_catalogue_search (catalogue, "2.000");
  g_autoptr(GPtrArray) nothing = mc_catalogue_search (catalogue, "zzzz");
  g_autoptr(GPtrArray) all = mc_catalogue_search (catalogue, NULL);
  g_autoptr(GPtrArray) empty = mc_catalogue_search (catalogue, "");
  guint expected_prefix = 0;

  g_assert_cmpuint (plain->len, >=, 1);
  g_assert_cmpstr (mc_procedure_get_code (g_ptr_array_index (plain, 0)), ==, "1.001193");
  /* Every word must match: “đăng ký lại khai sinh” does, “khai tử” not. */
  g_assert_true (has_code (plain, "1.004884"));
  g_assert_false (has_code (plain, "1.000656"));

  g_assert_true (has_code (upper, "1.001193"));
  for (guint i = 0; i < upper->len; i++)
    g_assert_nonnull (strstr (mc_procedure_get_folded_name (g_ptr_array_index (upper, i)), "dang ky"));

  g_assert_cmpuint (accents->len, >=, 1);
  g_assert_cmpstr (mc_procedure_get_code (g_ptr_array_index (accents, 0)), ==, "1.001193");

  g_assert_true (has_code (marriage, "1.004873"));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(McProcedure) procedure = g_list_model_get_item (G_LIST_MODEL (catalogue), i);

      if (strncmp (mc_procedure_get_code (procedure), "2.000", 5) == 0)
        expected_prefix++;
    }
  g_assert_cmpuint (expected_prefix, >, 0);
  g_assert_cmpuint (prefix->len, ==, expected_prefix);
  for (guint i = 0; i < prefix->len; i++)
    g_assert_true (g_str_has_prefix (mc_procedure_get_code (g_ptr_array_index (prefix, i)), "2.000"));

  g_assert_cmpuint (nothing->len, ==, 0);
  g_assert_cmpuint (all->len, ==, n);
  g_assert_cmpuint (empty->len, ==, n);
}

static void
test_list_field (void)
{
  g_autoptr(McCatalogue) catalogue = load_shipped ();
  g_autoptr(GPtrArray) folded = mc_catalogue_list_field (catalogue, "ho tich");
  g_autoptr(GPtrArray) exact = mc_catalogue_list_field (catalogue, "Hộ tịch");
  g_autoptr(GPtrArray) none = mc_catalogue_list_field (catalogue, "Không có");
  g_autoptr(GPtrArray) every = mc_catalogue_list_field (catalogue, NULL);
  g_auto(GStrv) fields = mc_catalogue_dup_fields (catalogue);
  guint civil = 0;

  for (guint i = 0; i < mc_catalogue_get_n_procedures (catalogue); i++)
    {
      g_autoptr(McProcedure) procedure = g_list_model_get_item (G_LIST_MODEL (catalogue), i);

      if (g_str_equal (mc_procedure_get_field (procedure), "Hộ tịch"))
        civil++;
    }

  g_assert_cmpuint (civil, >=, 5);
  g_assert_cmpuint (folded->len, ==, civil);
  g_assert_cmpuint (exact->len, ==, civil);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (every->len, ==, mc_catalogue_get_n_procedures (catalogue));
  g_assert_true (g_strv_contains ((const char * const *) fields, "Hộ tịch"));
  g_assert_true (g_strv_contains ((const char * const *) fields, "Chứng thực"));
}

static void
test_json_round_trip (void)
{
  g_autoptr(McCatalogue) catalogue = load_shipped ();

  for (guint i = 0; i < mc_catalogue_get_n_procedures (catalogue); i++)
    {
      g_autoptr(McProcedure) procedure = g_list_model_get_item (G_LIST_MODEL (catalogue), i);
      g_autofree char *text = mc_procedure_to_json (procedure);
      g_autoptr(GError) error = NULL;
      g_autoptr(McProcedure) again = mc_procedure_new_from_data (text, -1, "round trip", &error);
      g_autofree char *text_again = NULL;

      g_assert_no_error (error);
      text_again = mc_procedure_to_json (again);
      g_assert_cmpstr (text, ==, text_again);
      g_assert_cmpstr (mc_procedure_get_code (again), ==, mc_procedure_get_code (procedure));
      g_assert_cmpuint (mc_procedure_get_n_steps (again), ==, mc_procedure_get_n_steps (procedure));
      g_assert_cmpint (mc_procedure_get_fee (again), ==, mc_procedure_get_fee (procedure));
    }
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  McCatalogue **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = mc_catalogue_load_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_load_async (void)
{
  g_autofree char *dir = shipped_dir ();
  g_autoptr(McCatalogue) catalogue = NULL;

  mc_catalogue_load_async (dir, NULL, on_loaded, &catalogue);
  while (catalogue == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (mc_catalogue_get_n_procedures (catalogue), ==, count_json_files (dir));
}

static void
test_load_cancelled (void)
{
  g_autofree char *dir = shipped_dir ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(McCatalogue) catalogue = NULL;

  g_cancellable_cancel (cancellable);
  catalogue = mc_catalogue_load_sync (dir, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (catalogue);
}

/* Broken files. Each case writes one broken file beside an intact one and
 * checks that the whole load fails, that the error names the broken file
 * and says what is wrong, and that both files are left as they were. */

typedef void (*Mutate) (JsonObject *root);

static JsonNode *
read_shipped_node (const char *code)
{
  g_autofree char *dir = shipped_dir ();
  g_autofree char *file = g_strconcat (code, ".json", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
write_node (const char *path,
            JsonNode   *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  json_generator_to_file (generator, path, &error);
  g_assert_no_error (error);
}

static char *
digest (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static void
check_broken (const char *file_name,
              const char *text,
              Mutate      mutate,
              int         expected_code,
              const char *expected_words)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *good = g_build_filename (dir, "1.000656.json", NULL);
  g_autofree char *bad = g_build_filename (dir, file_name, NULL);
  g_autoptr(JsonNode) intact = read_shipped_node ("1.000656");
  g_autofree char *good_before = NULL;
  g_autofree char *bad_before = NULL;
  g_autofree char *good_after = NULL;
  g_autofree char *bad_after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McCatalogue) catalogue = NULL;

  write_node (good, intact);
  if (text != NULL)
    g_assert_true (g_file_set_contents (bad, text, -1, NULL));
  else
    {
      g_autoptr(JsonNode) node = read_shipped_node ("1.001193");

      mutate (json_node_get_object (node));
      write_node (bad, node);
    }
  good_before = digest (good);
  bad_before = digest (bad);

  catalogue = mc_catalogue_load_sync (dir, NULL, &error);
  g_assert_null (catalogue);
  g_assert_error (error, MC_PROCEDURE_ERROR, expected_code);
  g_test_message ("error: %s", error->message);
  g_assert_nonnull (strstr (error->message, bad));
  if (expected_words != NULL)
    g_assert_nonnull (strstr (error->message, expected_words));

  good_after = digest (good);
  bad_after = digest (bad);
  g_assert_cmpstr (good_before, ==, good_after);
  g_assert_cmpstr (bad_before, ==, bad_after);

  rm_rf (dir);
}

static JsonObject *
step (JsonObject *root,
      guint       index)
{
  return json_array_get_object_element (json_object_get_array_member (root, "steps"), index);
}

static JsonObject *
component (JsonObject *root,
           guint       index)
{
  return json_array_get_object_element (json_object_get_array_member (root, "components"), index);
}

static void
mutate_shares (JsonObject *root)
{
  json_object_set_double_member (step (root, 0), "share", 0.5);
}

static void
mutate_role (JsonObject *root)
{
  json_object_set_string_member (step (root, 1), "role", "janitor");
}

static void
mutate_negative_days (JsonObject *root)
{
  json_object_remove_member (root, "same_day");
  json_object_remove_member (root, "same_day_cutoff");
  json_object_set_int_member (root, "working_days", -1);
}

static void
mutate_zero_copies (JsonObject *root)
{
  json_object_set_int_member (component (root, 0), "copies", 0);
}

static void
mutate_duplicate_component (JsonObject *root)
{
  json_object_set_string_member (component (root, 1), "code", "TP1");
}

static void
mutate_bad_code (JsonObject *root)
{
  json_object_set_string_member (root, "code", "1.1193");
}

static void
mutate_other_code (JsonObject *root)
{
  json_object_set_string_member (root, "code", "1.999999");
}

static void
mutate_unknown_member (JsonObject *root)
{
  json_object_set_int_member (root, "workingdays", 3);
}

static void
mutate_same_day_with_days (JsonObject *root)
{
  json_object_set_int_member (root, "working_days", 2);
}

static void
mutate_bad_kind (JsonObject *root)
{
  json_object_set_string_member (component (root, 0), "kind", "photocopy");
}

static void
mutate_no_fee (JsonObject *root)
{
  json_object_remove_member (root, "fee");
}

static void
mutate_bad_date (JsonObject *root)
{
  json_object_set_string_member (root, "effective_from", "2025-02-30");
}

static void
mutate_identity (JsonObject *root)
{
}

static void
test_broken_json (void)
{
  check_broken ("1.001193.json", "{ \"code\": \"1.001193\", \"name\": ", NULL,
                MC_PROCEDURE_ERROR_SYNTAX, "not valid JSON");
  check_broken ("1.001193.json", "[1, 2, 3]", NULL, MC_PROCEDURE_ERROR_INVALID, "one JSON object");
}

static void
test_broken_duplicate (void)
{
  /* A copy of 1.000656 under another name: both files are named. */
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *good = g_build_filename (dir, "1.000656.json", NULL);
  g_autofree char *copy = g_build_filename (dir, "1.000656 (copy).json", NULL);
  g_autoptr(JsonNode) node = read_shipped_node ("1.000656");
  g_autoptr(GError) error = NULL;
  g_autoptr(McCatalogue) catalogue = NULL;

  write_node (good, node);
  write_node (copy, node);
  catalogue = mc_catalogue_load_sync (dir, NULL, &error);
  g_assert_null (catalogue);
  g_assert_error (error, MC_PROCEDURE_ERROR, MC_PROCEDURE_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (error->message, good));
  g_assert_nonnull (strstr (error->message, copy));
  g_assert_nonnull (strstr (error->message, "1.000656"));
  g_clear_error (&error);
  rm_rf (dir);

  /* And through mc_catalogue_add(). */
  {
    g_autoptr(McCatalogue) empty = mc_catalogue_new ();
    g_autofree char *text = NULL;
    g_autoptr(McProcedure) first = NULL;
    g_autoptr(McProcedure) second = NULL;
    g_autoptr(JsonGenerator) generator = json_generator_new ();

    json_generator_set_root (generator, node);
    text = json_generator_to_data (generator, NULL);
    first = mc_procedure_new_from_data (text, -1, "first", NULL);
    second = mc_procedure_new_from_data (text, -1, "second", NULL);
    g_assert_true (mc_catalogue_add (empty, first, NULL));
    g_assert_false (mc_catalogue_add (empty, second, &error));
    g_assert_error (error, MC_PROCEDURE_ERROR, MC_PROCEDURE_ERROR_DUPLICATE);
    g_assert_cmpuint (mc_catalogue_get_n_procedures (empty), ==, 1);
  }
}

static void
test_broken_rules (void)
{
  check_broken ("1.001193.json", NULL, mutate_shares, MC_PROCEDURE_ERROR_INVALID, "add up to");
  check_broken ("1.001193.json", NULL, mutate_role, MC_PROCEDURE_ERROR_INVALID, "janitor");
  check_broken ("1.001193.json", NULL, mutate_negative_days, MC_PROCEDURE_ERROR_INVALID, "negative");
  check_broken ("1.001193.json", NULL, mutate_zero_copies, MC_PROCEDURE_ERROR_INVALID, "at least 1 copy");
  check_broken ("1.001193.json", NULL, mutate_duplicate_component, MC_PROCEDURE_ERROR_INVALID, "TP1");
  check_broken ("1.1193.json", NULL, mutate_bad_code, MC_PROCEDURE_ERROR_INVALID, "1.1193");
  check_broken ("1.001193.json", NULL, mutate_unknown_member, MC_PROCEDURE_ERROR_INVALID, "workingdays");
  check_broken ("1.001193.json", NULL, mutate_same_day_with_days, MC_PROCEDURE_ERROR_INVALID, "same-day");
  check_broken ("1.001193.json", NULL, mutate_bad_kind, MC_PROCEDURE_ERROR_INVALID, "photocopy");
  check_broken ("1.001193.json", NULL, mutate_no_fee, MC_PROCEDURE_ERROR_INVALID, "fee");
  check_broken ("1.001193.json", NULL, mutate_bad_date, MC_PROCEDURE_ERROR_INVALID, "2025-02-30");
  /* A file must be named after the code it holds. */
  check_broken ("1.001193.json", NULL, mutate_other_code, MC_PROCEDURE_ERROR_INVALID, "1.999999.json");
  check_broken ("khai-sinh.json", NULL, mutate_identity, MC_PROCEDURE_ERROR_INVALID, "1.001193.json");
}

static void
test_missing_folder (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *missing = g_build_filename (dir, "nowhere", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(McCatalogue) catalogue = mc_catalogue_load_sync (missing, NULL, &error);

  g_assert_null (catalogue);
  g_assert_error (error, MC_PROCEDURE_ERROR, MC_PROCEDURE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, missing));
  rm_rf (dir);
}

static void
test_other_files_ignored (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *good = g_build_filename (dir, "1.000656.json", NULL);
  g_autofree char *readme = g_build_filename (dir, "README.md", NULL);
  g_autofree char *hidden = g_build_filename (dir, ".1.000656.json.swp.json", NULL);
  g_autoptr(JsonNode) node = read_shipped_node ("1.000656");
  g_autoptr(GError) error = NULL;
  g_autoptr(McCatalogue) catalogue = NULL;

  write_node (good, node);
  g_assert_true (g_file_set_contents (readme, "{ not json", -1, NULL));
  g_assert_true (g_file_set_contents (hidden, "{ not json", -1, NULL));
  catalogue = mc_catalogue_load_sync (dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mc_catalogue_get_n_procedures (catalogue), ==, 1);
  rm_rf (dir);
}

/* The store */

static gboolean
save_func (sqlite3   *db,
           gpointer   user_data,
           gpointer  *result,
           GError   **error)
{
  return mc_catalogue_save_to_store (user_data, db, error);
}

static gboolean
load_func (sqlite3   *db,
           gpointer   user_data,
           gpointer  *result,
           GError   **error)
{
  *result = mc_catalogue_load_from_store (db, error);
  return *result != NULL;
}

static gboolean
load_one_func (sqlite3   *db,
               gpointer   user_data,
               gpointer  *result,
               GError   **error)
{
  *result = mc_procedure_load_from_store (db, user_data, error);
  return *result != NULL;
}

static gboolean
exec_func (sqlite3   *db,
           gpointer   user_data,
           gpointer  *result,
           GError   **error)
{
  return mc_db_exec (db, user_data, error);
}

typedef struct
{
  McCatalogue *catalogue;
  guint rows;
  guint checked;
} RowCheck;

static gboolean
check_rows_func (sqlite3   *db,
                 gpointer   user_data,
                 gpointer  *result,
                 GError   **error)
{
  RowCheck *check = user_data;
  g_autoptr(sqlite3_stmt) stmt = mc_db_prepare (db,
                                                "SELECT code, name, field, level, working_days, fee, sample,"
                                                " effective_from, definition FROM procedure",
                                                error);

  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *code = (const char *) sqlite3_column_text (stmt, 0);
      McProcedure *procedure = mc_catalogue_lookup (check->catalogue, code);
      g_autofree char *definition = NULL;
      gint64 fee;

      check->rows++;
      g_assert_nonnull (procedure);
      fee = mc_procedure_get_fee (procedure);
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, mc_procedure_get_name (procedure));
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 2), ==, mc_procedure_get_field (procedure));
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 3), ==, "commune");
      g_assert_cmpfloat (sqlite3_column_double (stmt, 4), ==, mc_procedure_get_working_days (procedure));
      g_assert_cmpint (sqlite3_column_int64 (stmt, 5), ==, fee >= 0 ? fee : 0);
      g_assert_cmpint (sqlite3_column_int (stmt, 6), ==, 1);
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 7), ==, mc_procedure_get_effective_from (procedure));
      definition = mc_procedure_to_json (procedure);
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 8), ==, definition);
      check->checked++;
    }
  return TRUE;
}

static void
test_store_round_trip (void)
{
  g_autofree char *workspace = make_tmp_dir ();
  g_autoptr(McCatalogue) catalogue = load_shipped ();
  g_autoptr(McStore) store = NULL;
  g_autoptr(McCatalogue) back = NULL;
  g_autoptr(McProcedure) one = NULL;
  g_autoptr(GError) error = NULL;
  RowCheck rows = { catalogue, 0, 0 };
  guint n = mc_catalogue_get_n_procedures (catalogue);

  store = mc_store_open (workspace, MC_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);

  g_assert_true (mc_store_write (store, save_func, catalogue, NULL, &error));
  g_assert_no_error (error);
  /* Saving twice replaces rather than adds. */
  g_assert_true (mc_store_write (store, save_func, catalogue, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (mc_store_read (store, check_rows_func, &rows, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rows.rows, ==, n);
  g_assert_cmpuint (rows.checked, ==, n);

  g_assert_true (mc_store_read (store, load_func, NULL, (gpointer *) &back, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mc_catalogue_get_n_procedures (back), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(McProcedure) a = g_list_model_get_item (G_LIST_MODEL (catalogue), i);
      g_autoptr(McProcedure) b = g_list_model_get_item (G_LIST_MODEL (back), i);
      g_autofree char *ja = mc_procedure_to_json (a);
      g_autofree char *jb = mc_procedure_to_json (b);

      g_assert_cmpstr (mc_procedure_get_code (a), ==, mc_procedure_get_code (b));
      g_assert_cmpstr (ja, ==, jb);
      g_assert_nonnull (strstr (mc_procedure_get_origin (b), "store"));
    }

  g_assert_true (mc_store_read (store, load_one_func, (gpointer) "1.010041", (gpointer *) &one, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (mc_procedure_get_working_days (one), ==, 0.5);
  g_assert_cmpuint (mc_procedure_get_n_components (one), ==,
                    mc_procedure_get_n_components (mc_catalogue_lookup (catalogue, "1.010041")));

  mc_store_close (store);
  rm_rf (workspace);
}

static void
test_store_replace_and_errors (void)
{
  g_autofree char *workspace = make_tmp_dir ();
  g_autoptr(McCatalogue) catalogue = load_shipped ();
  g_autoptr(McCatalogue) small = mc_catalogue_new ();
  g_autoptr(McStore) store = NULL;
  g_autoptr(McCatalogue) back = NULL;
  g_autoptr(McProcedure) one = NULL;
  g_autoptr(GError) error = NULL;
  RowCheck rows = { small, 0, 0 };

  store = mc_store_open (workspace, MC_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (mc_store_write (store, save_func, catalogue, NULL, &error));

  g_assert_true (mc_catalogue_add (small, mc_catalogue_lookup (catalogue, "1.001193"), NULL));
  g_assert_true (mc_catalogue_add (small, mc_catalogue_lookup (catalogue, "1.000656"), NULL));
  g_assert_true (mc_store_write (store, save_func, small, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (mc_store_read (store, check_rows_func, &rows, NULL, &error));
  g_assert_cmpuint (rows.rows, ==, 2);

  /* An unknown code. */
  g_assert_false (mc_store_read (store, load_one_func, (gpointer) "1.004873", (gpointer *) &one, &error));
  g_assert_error (error, MC_PROCEDURE_ERROR, MC_PROCEDURE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "1.004873"));
  g_clear_error (&error);

  /* A damaged definition: the row is named. */
  g_assert_true (mc_store_write (store, exec_func,
                                 "UPDATE procedure SET definition = '{' WHERE code = '1.001193'",
                                 NULL, &error));
  g_assert_no_error (error);
  g_assert_false (mc_store_read (store, load_one_func, (gpointer) "1.001193", (gpointer *) &one, &error));
  g_assert_error (error, MC_PROCEDURE_ERROR, MC_PROCEDURE_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "1.001193"));
  g_assert_nonnull (strstr (error->message, "store"));
  g_clear_error (&error);
  g_assert_false (mc_store_read (store, load_func, NULL, (gpointer *) &back, &error));
  g_assert_error (error, MC_PROCEDURE_ERROR, MC_PROCEDURE_ERROR_SYNTAX);
  g_clear_error (&error);

  /* A definition filed under another code. */
  g_assert_true (mc_store_write (store, save_func, small, NULL, &error));
  g_assert_true (mc_store_write (store, exec_func,
                                 "UPDATE procedure SET code = '1.999999' WHERE code = '1.000656'",
                                 NULL, &error));
  g_assert_no_error (error);
  g_assert_false (mc_store_read (store, load_one_func, (gpointer) "1.999999", (gpointer *) &one, &error));
  g_assert_error (error, MC_PROCEDURE_ERROR, MC_PROCEDURE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "1.999999"));
  g_clear_error (&error);

  mc_store_close (store);
  rm_rf (workspace);
}

static void
test_store_read_only (void)
{
  g_autofree char *workspace = make_tmp_dir ();
  g_autoptr(McCatalogue) catalogue = load_shipped ();
  g_autoptr(McStore) store = NULL;
  g_autoptr(McStore) reader = NULL;
  g_autoptr(GError) error = NULL;

  store = mc_store_open (workspace, MC_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  mc_store_close (store);
  reader = mc_store_open (workspace, MC_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_false (mc_store_write (reader, save_func, catalogue, NULL, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_READ_ONLY);
  mc_store_close (reader);
  rm_rf (workspace);
}

int
main (int   argc,
      char *argv[])
{
  mc_core_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/procedures/shipped/loads", test_shipped_loads);
  g_test_add_func ("/procedures/shipped/time-forms", test_shipped_time_forms);
  g_test_add_func ("/procedures/lookup", test_lookup);
  g_test_add_func ("/procedures/sorted", test_sorted);
  g_test_add_func ("/procedures/search", test_search);
  g_test_add_func ("/procedures/list-field", test_list_field);
  g_test_add_func ("/procedures/json-round-trip", test_json_round_trip);
  g_test_add_func ("/procedures/load/async", test_load_async);
  g_test_add_func ("/procedures/load/cancelled", test_load_cancelled);
  g_test_add_func ("/procedures/broken/json", test_broken_json);
  g_test_add_func ("/procedures/broken/duplicate", test_broken_duplicate);
  g_test_add_func ("/procedures/broken/rules", test_broken_rules);
  g_test_add_func ("/procedures/broken/missing-folder", test_missing_folder);
  g_test_add_func ("/procedures/other-files-ignored", test_other_files_ignored);
  g_test_add_func ("/procedures/store/round-trip", test_store_round_trip);
  g_test_add_func ("/procedures/store/replace-and-errors", test_store_replace_and_errors);
  g_test_add_func ("/procedures/store/read-only", test_store_read_only);

  return g_test_run ();
}
