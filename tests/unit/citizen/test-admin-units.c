/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Administrative units: loading data/admin-units into a real workspace and
 * into memory, the counts of the reform, lookups, bad files that change
 * nothing, and old addresses mapped to the units in force. Expected codes
 * come from the TSV files (read here independently) or from rows quoted
 * from them. */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "domain/citizen/mc-admin-units.h"
#include "domain/citizen/mc-old-address.h"
#include "store/mc-admin-units-repo.h"
#include "store/mc-store.h"

static char *data_dir;
static sqlite3 *db; /* the units of data/admin-units, in memory */

/* Splits on newlines with memchr: g_strsplit() over a 550 kB file is
 * quadratic under AddressSanitizer's strict string checks. */
static GPtrArray *
split_lines (const char *contents)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  const char *end = contents + strlen (contents);
  const char *line = contents;

  while (line <= end)
    {
      const char *nl = memchr (line, '\n', (gsize) (end - line));

      if (nl == NULL)
        nl = end;
      g_ptr_array_add (lines, g_strndup (line, (gsize) (nl - line)));
      line = nl + 1;
    }

  return lines;
}

/* Data lines of a TSV file, each split on tabs. */
static GPtrArray *
read_tsv (const char *name)
{
  g_autofree char *path = g_build_filename (data_dir, name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  lines = split_lines (contents);
  for (guint i = 1; i < lines->len; i++)
    if (*(char *) lines->pdata[i] != '\0')
      g_ptr_array_add (rows, g_strsplit (lines->pdata[i], "\t", -1));

  return rows;
}

static void
rm_rf (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          rm_rf (child);
        }
      g_rmdir (path);
    }
  else
    g_remove (path);
}

static gboolean
load_units (sqlite3   *conn,
            gpointer   user_data,
            gpointer  *result,
            GError   **error)
{
  return mc_admin_units_load (conn, user_data, error);
}

static gboolean
count_units (sqlite3   *conn,
             gpointer   user_data,
             gpointer  *result,
             GError   **error)
{
  guint *counts = user_data;

  return mc_admin_units_count (conn, &counts[0], &counts[1], &counts[2], error);
}

static void
test_counts_in_memory (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) current = read_tsv (MC_ADMIN_UNITS_CURRENT_FILE);
  g_autoptr(GPtrArray) old = read_tsv (MC_ADMIN_UNITS_OLD_TO_NEW_FILE);
  guint provinces, communes, old_communes;

  g_assert_true (mc_admin_units_count (db, &provinces, &communes, &old_communes, &error));
  g_assert_no_error (error);
  /* The reform's figures, and the files' own line counts. */
  g_assert_cmpuint (provinces, ==, 34);
  g_assert_cmpuint (communes, ==, 3321);
  g_assert_cmpuint (old_communes, ==, 10052);
  g_assert_cmpuint (communes, ==, current->len);
  g_assert_cmpuint (old_communes, ==, old->len);
}

/* Through the store: a write transaction loads, a second load replaces
 * rather than adds, and a failed load keeps what was there. */
static void
test_store_workspace (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *workspace = g_dir_make_tmp ("motcua-units-XXXXXX", &error);
  g_autofree char *bad_dir = g_dir_make_tmp ("motcua-units-bad-XXXXXX", &error);
  g_autofree char *bad_current = g_build_filename (bad_dir, MC_ADMIN_UNITS_CURRENT_FILE, NULL);
  g_autofree char *bad_old = g_build_filename (bad_dir, MC_ADMIN_UNITS_OLD_TO_NEW_FILE, NULL);
  g_autofree char *old_src = g_build_filename (data_dir, MC_ADMIN_UNITS_OLD_TO_NEW_FILE, NULL);
  g_autofree char *old_contents = NULL;
  g_autoptr(McStore) store = NULL;
  guint counts[3] = { 0 };

  g_assert_no_error (error);
  store = mc_store_open (workspace, MC_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);

  g_assert_true (mc_store_read (store, count_units, counts, NULL, &error));
  g_assert_cmpuint (counts[0], ==, 0);

  for (int round = 0; round < 2; round++)
    {
      g_assert_true (mc_store_write (store, load_units, data_dir, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (mc_store_read (store, count_units, counts, NULL, &error));
      g_assert_cmpuint (counts[0], ==, 34);
      g_assert_cmpuint (counts[1], ==, 3321);
      g_assert_cmpuint (counts[2], ==, 10052);
    }

  /* A good first file and a second file cut short in the middle of a line:
   * the load fails and the tables keep the earlier rows. */
  g_assert_true (g_file_get_contents (old_src, &old_contents, NULL, NULL));
  {
    g_autofree char *src = g_build_filename (data_dir, MC_ADMIN_UNITS_CURRENT_FILE, NULL);
    g_autofree char *current = NULL;

    g_assert_true (g_file_get_contents (src, &current, NULL, NULL));
    g_assert_true (g_file_set_contents (bad_current, current, -1, NULL));
  }
  old_contents[strlen (old_contents) / 2] = '\0';
  g_assert_true (g_file_set_contents (bad_old, old_contents, -1, NULL));

  g_assert_false (mc_store_write (store, load_units, bad_dir, NULL, &error));
  g_assert_error (error, MC_CITIZEN_ERROR, MC_CITIZEN_ERROR_DATA_MALFORMED);
  g_clear_error (&error);
  g_assert_true (mc_store_read (store, count_units, counts, NULL, &error));
  g_assert_cmpuint (counts[0], ==, 34);
  g_assert_cmpuint (counts[1], ==, 3321);
  g_assert_cmpuint (counts[2], ==, 10052);

  mc_store_close (store);
  g_remove (bad_current);
  g_remove (bad_old);
  g_rmdir (bad_dir);
  rm_rf (workspace);
}

/* Copies the data files to a fresh folder, with @edit applied to one line
 * of one file. */
static char *
copy_with_edit (const char *file,
                guint       line,
                const char *replacement)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("motcua-units-edit-XXXXXX", &error);
  const char *names[] = { MC_ADMIN_UNITS_CURRENT_FILE, MC_ADMIN_UNITS_OLD_TO_NEW_FILE };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *src = g_build_filename (data_dir, names[i], NULL);
      g_autofree char *dst = g_build_filename (dir, names[i], NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GPtrArray) lines = NULL;
      g_autoptr(GString) joined = g_string_new (NULL);

      g_assert_true (g_file_get_contents (src, &contents, NULL, NULL));
      lines = split_lines (contents);
      if (file != NULL && g_str_equal (file, names[i]))
        {
          g_assert_cmpuint (line, <=, lines->len);
          g_free (lines->pdata[line - 1]);
          lines->pdata[line - 1] = g_strdup (replacement);
        }
      for (guint j = 0; j < lines->len; j++)
        {
          if (j > 0)
            g_string_append_c (joined, '\n');
          g_string_append (joined, lines->pdata[j]);
        }
      g_assert_true (g_file_set_contents (dst, joined->str, (gssize) joined->len, NULL));
    }

  return dir;
}

static void
remove_copy (const char *dir)
{
  const char *names[] = { MC_ADMIN_UNITS_CURRENT_FILE, MC_ADMIN_UNITS_OLD_TO_NEW_FILE };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_remove (path);
    }
  g_rmdir (dir);
}

static void
assert_load_fails (const char *file,
                   guint       line,
                   const char *replacement,
                   int         code,
                   const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = copy_with_edit (file, line, replacement);
  sqlite3 *mem = mc_admin_units_open_memory (dir, &error);

  g_assert_null (mem);
  g_assert_error (error, MC_CITIZEN_ERROR, code);
  if (file != NULL && strstr (error->message, file) == NULL)
    g_error ("“%s” does not name %s", error->message, file);
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, fragment);
  remove_copy (dir);
}

static void
test_malformed_files (void)
{
  /* Line 18 of the old file with a field missing. */
  assert_load_fails (MC_ADMIN_UNITS_OLD_TO_NEW_FILE, 18, "01\tThành phố Hà Nội\t00115\tPhường X\t01",
                     MC_CITIZEN_ERROR_DATA_MALFORMED, "line 18: expected 6 tab-separated fields, found 5");
  assert_load_fails (MC_ADMIN_UNITS_CURRENT_FILE, 1, "code\tname",
                     MC_CITIZEN_ERROR_DATA_MALFORMED, "line 1: expected the header");
  assert_load_fails (MC_ADMIN_UNITS_CURRENT_FILE, 3, "01\tThành phố Hà Nội\t8\tPhường Ngọc Hà",
                     MC_CITIZEN_ERROR_DATA_MALFORMED, "line 3: the commune code “8”");
  assert_load_fails (MC_ADMIN_UNITS_CURRENT_FILE, 3, "01\tThành phố Hà Nội\t00004\tPhường Ngọc Hà",
                     MC_CITIZEN_ERROR_DATA_MALFORMED, "line 3: the commune code 00004 appears twice");
  assert_load_fails (MC_ADMIN_UNITS_CURRENT_FILE, 3, "01\tHà Nội\t00008\tPhường Ngọc Hà",
                     MC_CITIZEN_ERROR_DATA_MALFORMED, "line 3: province 01");
  assert_load_fails (MC_ADMIN_UNITS_OLD_TO_NEW_FILE, 5, "01\tThành phố Hà Nội\t00007\tPhường Cống Vị\t01\t00008,99999",
                     MC_CITIZEN_ERROR_DATA_MALFORMED, "line 5: the new commune code 99999 is not in");
  assert_load_fails (MC_ADMIN_UNITS_OLD_TO_NEW_FILE, 5, "01\tThành phố Hà Nội\t00007\tPhường Cống Vị\t77\t00008",
                     MC_CITIZEN_ERROR_DATA_MALFORMED, "line 5: the new province code “77”");
  assert_load_fails (MC_ADMIN_UNITS_OLD_TO_NEW_FILE, 5, "01\tThành phố Hà Nội\t00007\t\t01\t00008",
                     MC_CITIZEN_ERROR_DATA_MALFORMED, "line 5: field 4 is empty");
  assert_load_fails (MC_ADMIN_UNITS_OLD_TO_NEW_FILE, 5, "01\tThành phố Hà Nội\t\xFF\xFE\tPhường\t01\t00008",
                     MC_CITIZEN_ERROR_DATA_MALFORMED, "not UTF-8");
  assert_load_fails (MC_ADMIN_UNITS_OLD_TO_NEW_FILE, 5, "",
                     MC_CITIZEN_ERROR_DATA_MALFORMED, "line 5: the line is empty");
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("motcua-units-empty-XXXXXX", &error);
  sqlite3 *mem = mc_admin_units_open_memory (dir, &error);

  g_assert_null (mem);
  g_assert_error (error, MC_CITIZEN_ERROR, MC_CITIZEN_ERROR_DATA_UNREADABLE);
  g_assert_nonnull (strstr (error->message, MC_ADMIN_UNITS_CURRENT_FILE));
  g_rmdir (dir);
}

static void
test_lookups (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McAdminUnit) hanoi = mc_admin_province_by_code (db, "01", &error);
  g_autoptr(McAdminUnit) hcm = mc_admin_province_by_name (db, "TP. Hồ Chí Minh", &error);
  g_autoptr(McAdminUnit) hue = mc_admin_province_by_name (db, "hue", &error);
  g_autoptr(McAdminUnit) thanh_hoa = mc_admin_province_by_name (db, "Tỉnh Thanh Hoá", &error);
  g_autoptr(McAdminUnit) ba_dinh = mc_admin_commune_by_code (db, "00004", &error);
  g_autoptr(McAdminUnit) none = NULL;
  g_autoptr(GPtrArray) of_hanoi = NULL;
  g_autoptr(GPtrArray) current = read_tsv (MC_ADMIN_UNITS_CURRENT_FILE);
  guint expected_hanoi = 0;

  g_assert_no_error (error);
  g_assert_cmpstr (hanoi->name, ==, "Thành phố Hà Nội");
  g_assert_null (hanoi->province_code);
  g_assert_cmpstr (hcm->code, ==, "79");
  g_assert_cmpstr (hue->code, ==, "46");
  g_assert_cmpstr (thanh_hoa->code, ==, "38");
  g_assert_cmpstr (ba_dinh->name, ==, "Phường Ba Đình");
  g_assert_cmpstr (ba_dinh->province_code, ==, "01");
  g_assert_cmpstr (ba_dinh->province_name, ==, "Thành phố Hà Nội");

  none = mc_admin_province_by_name (db, "Tỉnh Hà Giang", &error);
  g_assert_null (none);
  g_assert_error (error, MC_CITIZEN_ERROR, MC_CITIZEN_ERROR_UNIT_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (mc_admin_commune_by_code (db, "99999", &error));
  g_assert_error (error, MC_CITIZEN_ERROR, MC_CITIZEN_ERROR_UNIT_NOT_FOUND);
  g_clear_error (&error);

  for (guint i = 0; i < current->len; i++)
    if (g_str_equal (((char **) g_ptr_array_index (current, i))[0], "01"))
      expected_hanoi++;
  of_hanoi = mc_admin_communes_of_province (db, "01", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (of_hanoi->len, ==, expected_hanoi);
  g_assert_cmpuint (expected_hanoi, >, 100);
}

static void
test_old_commune_candidates (void)
{
  g_autoptr(GError) error = NULL;
  /* "01 Thành phố Hà Nội 00007 Phường Cống Vị 01 00008,00025": split. */
  g_autoptr(GPtrArray) split = mc_admin_old_commune_candidates (db, "00007", &error);
  /* "01 Thành phố Hà Nội 00001 Phường Phúc Xá 01 00097". */
  g_autoptr(GPtrArray) single = mc_admin_old_commune_candidates (db, "00001", &error);
  g_autoptr(McAdminOldCommune) con_dao = mc_admin_old_commune_by_code (db, "755", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (split->len, ==, 2);
  g_assert_cmpstr (((McAdminUnit *) split->pdata[0])->code, ==, "00008");
  g_assert_cmpstr (((McAdminUnit *) split->pdata[0])->name, ==, "Phường Ngọc Hà");
  g_assert_cmpstr (((McAdminUnit *) split->pdata[1])->code, ==, "00025");
  g_assert_cmpstr (((McAdminUnit *) split->pdata[1])->name, ==, "Phường Giảng Võ");
  g_assert_cmpuint (single->len, ==, 1);
  g_assert_cmpstr (((McAdminUnit *) single->pdata[0])->name, ==, "Phường Hồng Hà");
  g_assert_cmpstr (con_dao->name, ==, "Huyện Côn Đảo");
  g_assert_cmpstr (con_dao->new_province_code, ==, "79");

  g_assert_null (mc_admin_old_commune_candidates (db, "00002", &error));
  g_assert_error (error, MC_CITIZEN_ERROR, MC_CITIZEN_ERROR_UNIT_NOT_FOUND);
}

/* Maps @address and checks the status and the candidate codes, in order. */
static McAddressMapping *
assert_mapping (const char     *address,
                McAddressMatch  match,
                const char     *codes)
{
  g_autoptr(GError) error = NULL;
  McAddressMapping *mapping = mc_address_map_old (db, address, &error);
  g_autoptr(GString) got = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_nonnull (mapping);
  g_assert_nonnull (mapping->reason);
  for (guint i = 0; i < mapping->candidates->len; i++)
    {
      McAddressCandidate *candidate = g_ptr_array_index (mapping->candidates, i);

      if (got->len > 0)
        g_string_append_c (got, ',');
      g_string_append (got, candidate->commune->code);
    }
  if (mapping->match != match || !g_str_equal (got->str, codes))
    g_error ("%s: got %s [%s] (%s), expected %s [%s]", address, mc_address_match_to_string (mapping->match),
             got->str, mapping->reason, mc_address_match_to_string (match), codes);

  return mapping;
}

static void
test_map_split_commune (void)
{
  /* "01 Thành phố Hà Nội 09820 Xã Tân Lập 01 09832,09817" */
  g_autoptr(McAddressMapping) m =
    assert_mapping ("Thôn 3, Xã Tân Lập, Huyện Đan Phượng, Thành phố Hà Nội", MC_ADDRESS_MATCH_FOUND,
                    "09832,09817");
  McAddressCandidate *first = g_ptr_array_index (m->candidates, 0);
  McAddressCandidate *second = g_ptr_array_index (m->candidates, 1);

  g_assert_cmpstr (m->street, ==, "Thôn 3");
  g_assert_cmpstr (m->commune_part, ==, "Xã Tân Lập");
  g_assert_cmpstr (m->district_part, ==, "Huyện Đan Phượng");
  g_assert_cmpstr (m->province_part, ==, "Thành phố Hà Nội");
  g_assert_cmpstr (first->address, ==, "Thôn 3, Xã Hoài Đức, Thành phố Hà Nội");
  g_assert_cmpstr (second->address, ==, "Thôn 3, Xã Ô Diên, Thành phố Hà Nội");
  g_assert_cmpstr (first->old_commune->code, ==, "09820");
  g_assert_nonnull (strstr (m->reason, "split into 2"));
}

static void
test_map_d_stroke_and_case (void)
{
  /* "01 Thành phố Hà Nội 00022 Phường Đội Cấn 01 00004,00008", written
   * without diacritics, in capitals, and with them. */
  g_autoptr(McAddressMapping) a =
    assert_mapping ("so 5 pho doi can, phuong doi can, quan ba dinh, ha noi", MC_ADDRESS_MATCH_FOUND, "00004,00008");
  g_autoptr(McAddressMapping) b =
    assert_mapping ("Số 5, PHƯỜNG ĐỘI CẤN, QUẬN BA ĐÌNH, TP. HÀ NỘI", MC_ADDRESS_MATCH_FOUND, "00004,00008");
  /* "67 Tỉnh Đắk Nông 24611 Phường Nghĩa Đức 68 24611", province spelt Đăk. */
  g_autoptr(McAddressMapping) c =
    assert_mapping ("Tổ 1, P. Nghĩa Đức, TP Gia Nghĩa, Tỉnh Đăk Nông", MC_ADDRESS_MATCH_FOUND, "24611");
  McAddressCandidate *nghia = g_ptr_array_index (c->candidates, 0);

  g_assert_cmpstr (a->street, ==, "so 5 pho doi can");
  g_assert_cmpstr (nghia->address, ==, "Tổ 1, Phường Bắc Gia Nghĩa, Tỉnh Lâm Đồng");
  g_assert_cmpuint (b->candidates->len, ==, 2);
}

static void
test_map_single_and_tone_placement (void)
{
  /* "01 Thành phố Hà Nội 00001 Phường Phúc Xá 01 00097" */
  g_autoptr(McAddressMapping) a =
    assert_mapping ("12 Nghĩa Dũng, Phường Phúc Xá, Quận Ba Đình, Thành phố Hà Nội, Việt Nam",
                    MC_ADDRESS_MATCH_FOUND, "00097");
  /* "17 Tỉnh Hoà Bình 05287 Xã Tân Lập 25 05287": the card writes Hòa. */
  g_autoptr(McAddressMapping) b =
    assert_mapping ("Xóm Mới, Xã Tân Lập, Huyện Lạc Sơn, Tỉnh Hòa Bình", MC_ADDRESS_MATCH_FOUND, "05287");
  McAddressCandidate *only = g_ptr_array_index (b->candidates, 0);

  g_assert_cmpstr (((McAddressCandidate *) a->candidates->pdata[0])->address, ==,
                   "12 Nghĩa Dũng, Phường Hồng Hà, Thành phố Hà Nội");
  g_assert_cmpstr (only->commune->province_name, ==, "Tỉnh Phú Thọ");
  g_assert_cmpstr (only->address, ==, "Xóm Mới, Xã Mường Vang, Tỉnh Phú Thọ");
}

static void
test_map_notes (void)
{
  /* The card says Xã, the list "01 … 00001 Phường Phúc Xá 01 00097": the
   * name decides, and the reason says the type differs. */
  g_autoptr(McAddressMapping) a =
    assert_mapping ("Xã Phúc Xá, Quận Ba Đình, Hà Nội", MC_ADDRESS_MATCH_FOUND, "00097");
  /* "89 Tỉnh An Giang 30622 Xã Tân Phú 91 30259", but 30259 is "82 Tỉnh
   * Đồng Tháp … Xã Tân Phú Trung" in the list in force: said, not hidden. */
  g_autoptr(McAddressMapping) b =
    assert_mapping ("Ấp 1, Xã Tân Phú, Huyện Châu Thành, Tỉnh An Giang", MC_ADDRESS_MATCH_FOUND, "30259");

  g_assert_nonnull (strstr (a->reason, "“Phường Phúc Xá”"));
  g_assert_nonnull (strstr (b->reason, "Tỉnh Đồng Tháp"));
}

static void
test_map_old_province_names (void)
{
  /* "46 Thành phố Huế 19750 Phường Tây Lộc 46 19753": old cards say Thừa
   * Thiên Huế. */
  g_autoptr(McAddressMapping) a =
    assert_mapping ("Phường Tây Lộc, Thành phố Huế, Tỉnh Thừa Thiên Huế", MC_ADDRESS_MATCH_FOUND, "19753");
  /* "755 Huyện Côn Đảo 79 26732": an island district with no communes. */
  g_autoptr(McAddressMapping) b =
    assert_mapping ("Khu 5, Huyện Côn Đảo, Tỉnh Bà Rịa - Vũng Tàu", MC_ADDRESS_MATCH_FOUND, "26732");

  g_assert_cmpstr (a->district_part, ==, "Thành phố Huế");
  g_assert_cmpstr (((McAddressCandidate *) b->candidates->pdata[0])->address, ==,
                   "Khu 5, Đặc khu Côn Đảo, Thành phố Hồ Chí Minh");
}

static void
test_map_ambiguous (void)
{
  /* "01 … 10108 Xã Hòa Phú 01 10096" and "01 … 10417 Xã Hòa Phú 01 10417":
   * two districts, and the list has no districts. */
  g_autoptr(McAddressMapping) a =
    assert_mapping ("Thôn 1, Xã Hoà Phú, Huyện Chương Mỹ, Hà Nội", MC_ADDRESS_MATCH_AMBIGUOUS, "10096,10417");
  /* "45 … 19333 Phường 1 44 19333" and "45 … 19357 Phường 1 44 19360". */
  g_autoptr(McAddressMapping) b =
    assert_mapping ("P.01, TP. Đông Hà, Quảng Trị", MC_ADDRESS_MATCH_AMBIGUOUS, "19333,19360");

  g_assert_nonnull (strstr (a->reason, "2 communes"));
  g_assert_cmpuint (b->candidates->len, ==, 2);
}

static void
test_map_failures (void)
{
  g_autoptr(McAddressMapping) a =
    assert_mapping ("Thôn 3, Xã Không Có Thật, Huyện Đan Phượng, Thành phố Hà Nội", MC_ADDRESS_MATCH_NO_COMMUNE, "");
  g_autoptr(McAddressMapping) b =
    assert_mapping ("Xã Tân Lập, Huyện X, Tỉnh Atlantis", MC_ADDRESS_MATCH_NO_PROVINCE, "");
  g_autoptr(McAddressMapping) c = assert_mapping ("Hà Nội", MC_ADDRESS_MATCH_UNPARSED, "");
  g_autoptr(McAddressMapping) d = assert_mapping ("", MC_ADDRESS_MATCH_UNPARSED, "");
  g_autoptr(McAddressMapping) e =
    assert_mapping ("Thôn 3, Huyện Đan Phượng, Thành phố Hà Nội", MC_ADDRESS_MATCH_NO_COMMUNE, "");

  g_assert_nonnull (strstr (a->reason, "Xã Không Có Thật"));
  g_assert_nonnull (strstr (b->reason, "Atlantis"));
  g_assert_cmpstr (c->province_part, ==, "Hà Nội");
  g_assert_nonnull (d->reason);
  g_assert_nonnull (e->reason);
}

static void
test_map_current_address (void)
{
  /* A card issued since 1 July 2025: commune and province, no district. */
  g_autoptr(McAddressMapping) a =
    assert_mapping ("Số 1, Phường Ba Đình, Thành phố Hà Nội", MC_ADDRESS_MATCH_CURRENT, "00004");

  g_assert_null (((McAddressCandidate *) a->candidates->pdata[0])->old_commune);
}

static void
test_map_without_unit_types (void)
{
  /* No Xã/Phường: never a sure answer, but the candidates are offered. */
  g_autoptr(McAddressMapping) a =
    assert_mapping ("Thôn 3, Tân Lập, Đan Phượng, Hà Nội", MC_ADDRESS_MATCH_AMBIGUOUS, "09832,09817,09784");
  /* "01 Thành phố Hà Nội 09820 Xã Tân Lập 01 09832,09817", and "Đan Phượng"
   * is also "09823 Xã Đan Phượng 01 09784": both readings are offered, the
   * usual order (…, commune, district, province) first. */

  g_assert_cmpstr (a->commune_part, ==, "Tân Lập");
  g_assert_cmpstr (a->street, ==, "Thôn 3");
}

/* Every third old commune whose name is unique in its old province, written
 * as a card would (and every other one without diacritics, in lower case),
 * maps to exactly the new communes the file lists. */
static void
test_map_sample_of_file (void)
{
  g_autoptr(GPtrArray) old = read_tsv (MC_ADMIN_UNITS_OLD_TO_NEW_FILE);
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(McAddressMapper) mapper = mc_admin_units_read_mapper (db, &error);
  guint checked = 0, found = 0;

  g_assert_no_error (error);

  for (guint i = 0; i < old->len; i++)
    {
      char **row = g_ptr_array_index (old, i);
      g_autofree char *key = g_strdup_printf ("%s\t%s", row[0], row[3]);

      g_hash_table_insert (names, g_strdup (key),
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (names, key)) + 1));
    }

  for (guint i = 0; i < old->len; i += 3)
    {
      char **row = g_ptr_array_index (old, i);
      g_autofree char *key = g_strdup_printf ("%s\t%s", row[0], row[3]);
      g_autofree char *address = NULL;
      g_autoptr(McAddressMapping) mapping = NULL;
      g_auto(GStrv) expected = g_strsplit (row[5], ",", -1);

      if (GPOINTER_TO_UINT (g_hash_table_lookup (names, key)) != 1 || g_str_has_prefix (row[3], "Huyện"))
        continue;

      address = g_strdup_printf ("Số %u, %s, Huyện Bất Kỳ, %s", i, row[3], row[1]);
      if (i % 2 == 0)
        {
          /* g_str_to_ascii() knows no Đ: a person typing without
           * diacritics writes D. */
          g_auto(GStrv) upper = g_strsplit (address, "Đ", -1);
          g_autofree char *no_upper = g_strjoinv ("D", upper);
          g_auto(GStrv) lower = g_strsplit (no_upper, "đ", -1);
          g_autofree char *no_d = g_strjoinv ("d", lower);
          g_autofree char *ascii = g_str_to_ascii (no_d, "C");

          g_free (address);
          address = g_ascii_strdown (ascii, -1);
        }

      mapping = mc_address_mapper_map (mapper, address);
      checked++;

      if (mapping->match == MC_ADDRESS_MATCH_FOUND)
        {
          found++;
          g_assert_cmpuint (mapping->candidates->len, ==, g_strv_length (expected));
          for (guint j = 0; expected[j] != NULL; j++)
            g_assert_cmpstr (((McAddressCandidate *) mapping->candidates->pdata[j])->commune->code, ==, expected[j]);
        }
      else
        {
          /* Names equal once folded (e.g. "Thị Trấn" and "Thị trấn", or
           * diacritics lost) are offered together, never dropped. */
          if (mapping->match != MC_ADDRESS_MATCH_AMBIGUOUS)
            g_error ("%s: %s (%s)", address, mc_address_match_to_string (mapping->match), mapping->reason);
          for (guint j = 0; expected[j] != NULL; j++)
            {
              gboolean seen = FALSE;

              for (guint k = 0; k < mapping->candidates->len; k++)
                seen |= g_str_equal (((McAddressCandidate *) mapping->candidates->pdata[k])->commune->code,
                                     expected[j]);
              g_assert_true (seen);
            }
        }
    }

  g_test_message ("%u addresses from the file, %u found unequivocally", checked, found);
  g_assert_cmpuint (checked, >, 3000);
  g_assert_cmpuint (found, >, checked * 97 / 100);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  data_dir = g_build_filename (g_getenv ("MOTCUA_SOURCE_DIR"), "data", "admin-units", NULL);
  db = mc_admin_units_open_memory (data_dir, &error);
  g_assert_no_error (error);

  g_test_add_func ("/admin-units/counts-in-memory", test_counts_in_memory);
  g_test_add_func ("/admin-units/store-workspace", test_store_workspace);
  g_test_add_func ("/admin-units/malformed-files", test_malformed_files);
  g_test_add_func ("/admin-units/missing-file", test_missing_file);
  g_test_add_func ("/admin-units/lookups", test_lookups);
  g_test_add_func ("/admin-units/old-commune-candidates", test_old_commune_candidates);
  g_test_add_func ("/old-address/split-commune", test_map_split_commune);
  g_test_add_func ("/old-address/d-stroke-and-case", test_map_d_stroke_and_case);
  g_test_add_func ("/old-address/single-and-tone-placement", test_map_single_and_tone_placement);
  g_test_add_func ("/old-address/old-province-names", test_map_old_province_names);
  g_test_add_func ("/old-address/notes", test_map_notes);
  g_test_add_func ("/old-address/ambiguous", test_map_ambiguous);
  g_test_add_func ("/old-address/failures", test_map_failures);
  g_test_add_func ("/old-address/current-address", test_map_current_address);
  g_test_add_func ("/old-address/without-unit-types", test_map_without_unit_types);
  g_test_add_func ("/old-address/sample-of-file", test_map_sample_of_file);

  status = g_test_run ();
  sqlite3_close (db);
  g_free (data_dir);

  return status;
}
