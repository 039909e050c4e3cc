/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Builds a small but complete desk for the workflow tests: a workspace
 * with its office, four officers (one per role), the birth-registration
 * procedure with two required components, and leased numbers for the
 * days the tests use. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include "store/mc-desk-settings.h"
#include "store/mc-lease.h"
#include "workflow-fixture.h"

static const char birth_definition[] =
  "{\"code\": \"1.001193\", \"name\": \"Đăng ký khai sinh\", \"field\": \"Hộ tịch\","
  " \"level\": \"commune\", \"working_days\": 3, \"fee\": 0,"
  " \"components\": ["
  "  {\"code\": \"TP1\", \"name\": \"Tờ khai đăng ký khai sinh\", \"copies\": 1, \"kind\": \"original\", \"required\": true},"
  "  {\"code\": \"TP2\", \"name\": \"Giấy chứng sinh\", \"copies\": 1, \"kind\": \"original\", \"required\": true},"
  "  {\"code\": \"TP3\", \"name\": \"Văn bản ủy quyền\", \"copies\": 1, \"kind\": \"copy\", \"required\": false}"
  " ]," FIXTURE_PROCEDURE_TAIL "}";

void
g_set_str_compat (char       **slot,
                  const char  *value)
{
  g_free (*slot);
  *slot = g_strdup (value);
}

static gboolean
set_up (sqlite3   *db,
        gpointer   user_data,
        gpointer  *result,
        GError   **error)
{
  McOffice office = { (char *) "H40.12.03.X05", (char *) "Ủy ban nhân dân xã Tân Phú",
                      (char *) "Ủy ban nhân dân tỉnh Đồng Nai", (char *) "Tân Phú", (char *) "" };
  const struct { const char *login, *name, *title, *department; McRole role; } officers[] = {
    { "lan", "Nguyễn Thị Lan", "Công chức Bộ phận Một cửa", "Bộ phận Một cửa", MC_ROLE_RECEPTION },
    { "minh", "Trần Văn Minh", "Công chức Tư pháp – Hộ tịch", "Tư pháp – Hộ tịch", MC_ROLE_SPECIALIST },
    { "hung", "Lê Quốc Hùng", "Phó Chủ tịch UBND xã", "Lãnh đạo UBND", MC_ROLE_LEADER },
    { "ha", "Phạm Thu Hà", "Văn thư", "Văn phòng – Thống kê", MC_ROLE_CLERK },
  };
  gboolean with_leases = GPOINTER_TO_INT (user_data);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!mc_desk_settings_set_office (db, &office, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (officers); i++)
    {
      g_autoptr(McOfficer) officer = mc_officer_new (officers[i].login, officers[i].name, officers[i].title,
                                                     officers[i].department, officers[i].role);

      if (!mc_desk_settings_add_officer (db, officer, error))
        return FALSE;
    }
  if (!mc_desk_settings_use_officer (db, "lan", error))
    return FALSE;

  stmt = mc_db_prepare (db, "INSERT OR REPLACE INTO procedure (code, name, field, level, working_days, definition)"
                            " VALUES ('1.001193', 'Đăng ký khai sinh', 'Hộ tịch', 'commune', 3, ?1)", error);
  if (stmt == NULL)
    return FALSE;
  mc_db_bind_text (stmt, 1, birth_definition);
  if (!mc_db_step_done (db, stmt, error))
    return FALSE;

  if (with_leases)
    for (int day = 1; day <= 31; day++)
      {
        g_autofree char *nov = g_strdup_printf ("2611%02d", day);
        g_autofree char *dec = g_strdup_printf ("2612%02d", day);

        if ((day <= 30 && !mc_lease_add (db, "H40.12.03.X05", nov, 1, 9999, "test", 0, error)) ||
            !mc_lease_add (db, "H40.12.03.X05", dec, 1, 9999, "test", 0, error))
          return FALSE;
      }

  return TRUE;
}

Fixture *
fixture_new (gboolean with_leases)
{
  Fixture *fixture = g_new0 (Fixture, 1);
  g_autoptr(GError) error = NULL;

  fixture->tmp = g_dir_make_tmp ("motcua-workflow-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->desk = mc_desk_open (fixture->tmp, MC_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (mc_store_write (mc_desk_get_store (fixture->desk), set_up,
                                 GINT_TO_POINTER (with_leases), NULL, &error));
  g_assert_no_error (error);

  return fixture;
}

void
fixture_reopen (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  mc_store_close (mc_desk_get_store (fixture->desk));
  g_clear_object (&fixture->desk);
  fixture->desk = mc_desk_open (fixture->tmp, MC_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
}

void
fixture_free (Fixture *fixture)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", fixture->tmp);

  mc_store_close (mc_desk_get_store (fixture->desk));
  g_clear_object (&fixture->desk);
  g_assert_cmpint (system (command), ==, 0);
  g_free (fixture->tmp);
  g_free (fixture);
}

McReception *
fixture_birth_reception (void)
{
  McReception *reception = mc_reception_new ();

  reception->procedure_code = g_strdup ("1.001193");
  reception->applicant_name = g_strdup ("Đặng Thị Hòa");
  reception->applicant_id = g_strdup ("001190012345");
  reception->applicant_birth = g_strdup ("1990-03-15");
  reception->applicant_sex = g_strdup ("Nữ");
  reception->applicant_phone = g_strdup ("0912345678");
  reception->applicant_address = g_strdup ("Thôn 2, xã Tân Phú, tỉnh Đồng Nai");
  mc_reception_add_component (reception, "TP1", TRUE);
  mc_reception_add_component (reception, "TP2", TRUE);

  return reception;
}

/* login does action on the dossier code, with the reason or department
 * the action needs. */
void
fixture_act (Fixture    *fixture,
             const char *login,
             const char *code,
             const char *action)
{
  McActionParams params = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *op_id = NULL;

  params.reason = g_str_equal (action, "record_opinion") ? (char *) "Đủ điều kiện" : NULL;
  params.department = g_str_equal (action, "forward") ? (char *) "Tư pháp – Hộ tịch" : NULL;
  mc_desk_set_officer_login (fixture->desk, login);
  op_id = mc_desk_act (fixture->desk, code, action, &params, &error);
  g_assert_no_error (error);
}

/* The birth registration received by the desk, forwarded to the
 * specialist and reviewed: the specialist may attach the result now.
 * Returns its code. */
char *
fixture_reviewed_dossier (Fixture *fixture)
{
  g_autoptr(McReception) reception = fixture_birth_reception ();
  g_autoptr(McReceptionResult) result = NULL;
  g_autoptr(GError) error = NULL;

  mc_desk_set_officer_login (fixture->desk, "lan");
  result = mc_desk_receive (fixture->desk, reception, NULL, &error);
  g_assert_no_error (error);
  fixture_act (fixture, "lan", result->code, "forward");
  fixture_act (fixture, "minh", result->code, "record_opinion");
  return g_strdup (result->code);
}

typedef struct
{
  const char *sql;
  gint64 value;
  char *text;
} Probe;

static gboolean
probe (sqlite3   *db,
       gpointer   user_data,
       gpointer  *result,
       GError   **error)
{
  Probe *p = user_data;
  g_autoptr(sqlite3_stmt) stmt = mc_db_prepare (db, p->sql, error);

  if (stmt == NULL)
    return FALSE;
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  p->value = sqlite3_column_int64 (stmt, 0);
  p->text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));

  return TRUE;
}

gint64
fixture_count (McStore    *store,
               const char *sql)
{
  Probe p = { sql, 0, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_store_read (store, probe, &p, NULL, &error));
  g_assert_no_error (error);
  g_free (p.text);

  return p.value;
}

char *
fixture_text (McStore    *store,
              const char *sql)
{
  Probe p = { sql, 0, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_store_read (store, probe, &p, NULL, &error));
  g_assert_no_error (error);

  return p.text;
}

typedef struct
{
  const char *day;
  guint first;
  guint last;
} LeaseArgs;

static gboolean
lease (sqlite3   *db,
       gpointer   user_data,
       gpointer  *result,
       GError   **error)
{
  LeaseArgs *args = user_data;

  return mc_lease_add (db, "H40.12.03.X05", args->day, args->first, args->last, "test", 0, error);
}

gboolean
fixture_try_lease (Fixture     *fixture,
                   const char  *day,
                   guint        first,
                   guint        last,
                   GError     **error)
{
  LeaseArgs args = { day, first, last };

  return mc_store_write (mc_desk_get_store (fixture->desk), lease, &args, NULL, error);
}

void
fixture_lease (Fixture    *fixture,
               const char *day,
               guint       first,
               guint       last)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (fixture_try_lease (fixture, day, first, last, &error));
  g_assert_no_error (error);
}

typedef struct
{
  const char *code;
  double days;
} DaysArgs;

static gboolean
set_days (sqlite3   *db,
          gpointer   user_data,
          gpointer  *result,
          GError   **error)
{
  DaysArgs *args = user_data;
  g_autoptr(sqlite3_stmt) stmt = mc_db_prepare (db, "UPDATE procedure SET working_days = ?2,"
                                                    " definition = json_set (definition, '$.working_days', ?2)"
                                                    " WHERE code = ?1", error);

  if (stmt == NULL)
    return FALSE;
  mc_db_bind_text (stmt, 1, args->code);
  sqlite3_bind_double (stmt, 2, args->days);

  return mc_db_step_done (db, stmt, error);
}

void
fixture_set_procedure_days (Fixture    *fixture,
                            const char *code,
                            double      days)
{
  DaysArgs args = { code, days };
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_store_write (mc_desk_get_store (fixture->desk), set_days, &args, NULL, &error));
  g_assert_no_error (error);
}

typedef struct
{
  const char *code;
  double days;
  const char *definition;
} DefinitionArgs;

static gboolean
set_definition (sqlite3   *db,
                gpointer   user_data,
                gpointer  *result,
                GError   **error)
{
  DefinitionArgs *args = user_data;
  g_autoptr(sqlite3_stmt) stmt = mc_db_prepare (db, "UPDATE procedure SET working_days = ?2, definition = ?3"
                                                    " WHERE code = ?1", error);

  if (stmt == NULL)
    return FALSE;
  mc_db_bind_text (stmt, 1, args->code);
  sqlite3_bind_double (stmt, 2, args->days);
  mc_db_bind_text (stmt, 3, args->definition);

  return mc_db_step_done (db, stmt, error);
}

void
fixture_set_procedure_definition (Fixture    *fixture,
                                  const char *code,
                                  double      days,
                                  const char *definition)
{
  DefinitionArgs args = { code, days, definition };
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_store_write (mc_desk_get_store (fixture->desk), set_definition, &args, NULL, &error));
  g_assert_no_error (error);
}

static gboolean
insert_draft (sqlite3   *db,
              gpointer   user_data,
              gpointer  *result,
              GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = mc_db_prepare (db,
    "INSERT INTO dossier_file (dossier_id, role, name, sha256, size, added_at, added_by)"
    " SELECT id, 'result', 'du-thao-ket-qua.pdf', ?2, 1024, updated_at, 'minh' FROM dossier WHERE code = ?1",
    error);

  if (stmt == NULL)
    return FALSE;
  mc_db_bind_text (stmt, 1, user_data);
  mc_db_bind_text (stmt, 2, "5f2b4c6d8e0a1b3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b8c");
  if (!mc_db_step_done (db, stmt, error))
    return FALSE;

  return sqlite3_changes (db) == 1;
}

/* A draft result on the dossier, as the specialist's attachment leaves it,
 * written straight into the store so that the dossier's version, outbox and
 * audit stay as the test counts them: a leader approves only a dossier
 * with a result document. */
void
fixture_attach_draft (McStore    *store,
                      const char *code)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_store_write (store, insert_draft, (gpointer) code, NULL, &error));
  g_assert_no_error (error);
}
