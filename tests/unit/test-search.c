/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Search over the folded full-text index: names with or without tones and
 * diacritics (đ/Đ included, both tone placements of "hòa"), parts of the ID
 * number, phone and code, address and procedure words; best matches first;
 * free text that could break an FTS query is harmless. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include "domain/mc-state.h"
#include "mc-core.h"
#include "store/mc-dossier-repo.h"
#include "workflow-fixture.h"

typedef struct
{
  const char *name;
  const char *id;
  const char *birth;
  const char *sex;
  const char *phone;
  const char *address;
} Person;

static const Person people[] = {
  { "Đặng Thị Hòa", "001190012345", "1990-03-15", "Nữ", "0912345678", "Ấp 3, xã Tân Phú, tỉnh Đồng Nai" },
  { "Nguyễn Văn Hoà", "079085001234", "1985-07-01", "Nam", "0987654321", "Khu phố 4, phường Bến Thành" },
  { "Trần Đức Dũng", "001095777888", "1995-12-30", "Nam", "0901112223", "Thôn Đông, xã Hòa Bình" },
  { "Lê Thị Mai", "036301234567", "2001-05-05", "Nữ", "0933444555", "Số 12 đường Nguyễn Trãi" },
};

static GPtrArray *
codes_for (Fixture    *fixture,
           const char *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = mc_desk_search (fixture->desk, query, 20, &error);
  GPtrArray *codes = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (codes, g_strdup (mc_dossier_summary_get_applicant_name (g_ptr_array_index (rows, i))));

  return codes;
}

static void
assert_finds (Fixture    *fixture,
              const char *query,
              const char *first,
              guint       at_least)
{
  g_autoptr(GPtrArray) found = codes_for (fixture, query);

  g_test_message ("“%s” → %u results", query, found->len);
  g_assert_cmpuint (found->len, >=, at_least);
  if (first != NULL)
    g_assert_cmpstr (g_ptr_array_index (found, 0), ==, first);
}

static void
test_search (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  g_autofree char *first_code = NULL;

  mc_desk_set_officer_login (fixture->desk, "lan");
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_autoptr(McReception) reception = fixture_birth_reception ();
      g_autoptr(McReceptionResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GDateTime) at = g_date_time_new (mc_vietnam_time_zone (), 2026, 12, 8, 9, (int) i, 0);

      g_set_str_compat (&reception->applicant_name, people[i].name);
      g_set_str_compat (&reception->applicant_id, people[i].id);
      g_set_str_compat (&reception->applicant_birth, people[i].birth);
      g_set_str_compat (&reception->applicant_sex, people[i].sex);
      g_set_str_compat (&reception->applicant_phone, people[i].phone);
      g_set_str_compat (&reception->applicant_address, people[i].address);
      reception->received_at = g_date_time_to_unix (at);
      result = mc_desk_receive (fixture->desk, reception, NULL, &error);
      g_assert_no_error (error);
      if (i == 0)
        first_code = g_strdup (result->code);
    }

  /* Names, however they are typed. */
  assert_finds (fixture, "dang thi hoa", "Đặng Thị Hòa", 1);
  assert_finds (fixture, "ĐẶNG THỊ HÒA", "Đặng Thị Hòa", 1);
  assert_finds (fixture, "Đặng Thị Hoà", "Đặng Thị Hòa", 1);
  assert_finds (fixture, "tran duc dung", "Trần Đức Dũng", 1);
  /* Both tone placements find both spellings. */
  assert_finds (fixture, "hòa", NULL, 2);
  assert_finds (fixture, "hoà", NULL, 2);
  /* Prefixes. */
  assert_finds (fixture, "dan th", "Đặng Thị Hòa", 1);
  /* Parts of numbers: the last digits of an ID or a phone, the code's tail. */
  assert_finds (fixture, "777888", "Trần Đức Dũng", 1);
  assert_finds (fixture, "001095", "Trần Đức Dũng", 1);
  assert_finds (fixture, "4555", "Lê Thị Mai", 1);
  assert_finds (fixture, first_code + strlen (first_code) - 11, "Đặng Thị Hòa", 1);
  assert_finds (fixture, first_code, "Đặng Thị Hòa", 1);
  /* A code, whole or its tail, finds that dossier only, even when another
   * applicant's ID or phone has a part starting with the code's number
   * (here a phone starting 0001 and an ID part 261208…). */
  {
    g_autoptr(McReception) reception = fixture_birth_reception ();
    g_autoptr(McReceptionResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GDateTime) at = g_date_time_new (mc_vietnam_time_zone (), 2026, 12, 8, 10, 0, 0);
    g_autoptr(GPtrArray) whole = NULL;
    g_autoptr(GPtrArray) tail = NULL;

    g_set_str_compat (&reception->applicant_name, "Võ Thị Thu");
    g_set_str_compat (&reception->applicant_id, "079161261208");
    g_set_str_compat (&reception->applicant_birth, "1961-02-03");
    g_set_str_compat (&reception->applicant_sex, "Nữ");
    g_set_str_compat (&reception->applicant_phone, "0001261208");
    reception->received_at = g_date_time_to_unix (at);
    result = mc_desk_receive (fixture->desk, reception, NULL, &error);
    g_assert_no_error (error);

    whole = codes_for (fixture, first_code);
    tail = codes_for (fixture, first_code + strlen (first_code) - 11);
    g_assert_cmpuint (whole->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (whole, 0), ==, "Đặng Thị Hòa");
    g_assert_cmpuint (tail->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (tail, 0), ==, "Đặng Thị Hòa");
    /* Its own number still finds the new applicant as words. */
    assert_finds (fixture, "0001261208", "Võ Thị Thu", 1);
  }
  /* Address and procedure words. */
  assert_finds (fixture, "nguyen trai", "Lê Thị Mai", 1);
  assert_finds (fixture, "ben thanh", "Nguyễn Văn Hoà", 1);
  assert_finds (fixture, "khai sinh", NULL, G_N_ELEMENTS (people));
  /* A name outranks an address that mentions the same word. */
  assert_finds (fixture, "hoa binh", "Trần Đức Dũng", 1);
  {
    g_autoptr(GPtrArray) hoa = codes_for (fixture, "hoa");

    g_assert_cmpstr (g_ptr_array_index (hoa, 0), !=, "Trần Đức Dũng");
  }

  /* Nothing found, and text that would break an FTS query. */
  assert_finds (fixture, "zzzqqq", NULL, 0);
  {
    const char *nasty[] = { "\"", "*", "a OR b", "NEAR(", "'; DROP TABLE dossier; --", "", "   " };

    for (guint i = 0; i < G_N_ELEMENTS (nasty); i++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(GPtrArray) rows = mc_desk_search (fixture->desk, nasty[i], 20, &error);

        g_assert_no_error (error);
        g_assert_nonnull (rows);
      }
    g_assert_cmpint (fixture_count (mc_desk_get_store (fixture->desk), "SELECT count(*) FROM dossier"), ==,
                     G_N_ELEMENTS (people) + 1);
  }

  /* The query builder: folded prefix terms only. */
  {
    g_autofree char *query = mc_dossier_repo_fts_query ("Đặng  Thị-Hòa!");

    g_assert_cmpstr (query, ==, "\"dang\"* \"thi\"* \"hoa\"*");
  }
  {
    g_autofree char *query = mc_dossier_repo_fts_query (" H40.12.03.X05-261207-0018 ");

    g_assert_cmpstr (query, ==, "code : \"h40\"* code : \"12\"* code : \"03\"* code : \"x05\"*"
                                " code : \"261207\"* code : \"0018\"*");
  }
}

int
main (int   argc,
      char *argv[])
{
  mc_core_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/search/folded", test_search);

  return g_test_run ();
}
