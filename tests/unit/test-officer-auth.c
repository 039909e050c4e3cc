/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Officers' passwords: the Argon2id verifier (never the password) is what
 * the store keeps; signing in refuses a wrong password, an officer without
 * one and a deactivated officer; and motcua-cli acts `--as` an officer only
 * with their password on standard input, the audit naming that officer. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <string.h>

#include "mc-core.h"
#include "domain/mc-queue.h"
#include "store/mc-demo.h"
#include "store/mc-desk-auth.h"
#include "store/mc-desk-profile.h"
#include "store/mc-desk-settings.h"
#include "store/mc-dossier-repo.h"
#include "store/mc-officer-auth.h"
#include "workflow-fixture.h"

#define PASSWORD "mat-khau-cua-lan"

static void
test_hash (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = mc_password_hash (PASSWORD, &error);
  g_autofree char *second = NULL;

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (first, "$argon2id$"));
  g_assert_null (strstr (first, PASSWORD));
  g_assert_true (mc_password_verify (first, PASSWORD));
  g_assert_false (mc_password_verify (first, "mat-khau-cua-lam"));
  g_assert_false (mc_password_verify (first, ""));

  /* Salted: the same password never gives the same verifier. */
  second = mc_password_hash (PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first, !=, second);
  g_assert_true (mc_password_verify (second, PASSWORD));

  g_assert_null (mc_password_hash ("12345", &error));
  g_assert_error (error, MC_AUTH_ERROR, MC_AUTH_ERROR_WEAK_PASSWORD);
}

static gboolean
deactivate (sqlite3   *db,
            gpointer   user_data,
            gpointer  *result,
            GError   **error)
{
  return mc_officer_auth_set_active (db, user_data, FALSE, error);
}

static gboolean
list_active (sqlite3   *db,
             gpointer   user_data,
             gpointer  *result,
             GError   **error)
{
  *result = mc_officer_auth_list (db, TRUE, error);
  return *result != NULL;
}

static void
test_sign_in (void)
{
  g_autoptr(Fixture) fixture = fixture_new (FALSE);
  McStore *store = mc_desk_get_store (fixture->desk);
  g_autoptr(GError) error = NULL;
  g_autoptr(McOfficer) officer = NULL;
  g_autoptr(GPtrArray) active = NULL;
  g_autofree char *stored = NULL;

  g_assert_true (mc_officer_auth_set_password (store, "lan", PASSWORD, &error));
  g_assert_no_error (error);
  stored = fixture_text (store, "SELECT verifier || '|' || source FROM officer_auth WHERE login = 'lan'");
  g_assert_true (g_str_has_prefix (stored, "$argon2id$"));
  g_assert_true (g_str_has_suffix (stored, "|local"));
  g_assert_null (strstr (stored, PASSWORD));

  officer = mc_officer_auth_sign_in (store, "lan", "sai-mat-khau", &error);
  g_assert_null (officer);
  g_assert_error (error, MC_AUTH_ERROR, MC_AUTH_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);

  officer = mc_officer_auth_sign_in (store, "lan", PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (officer->login, ==, "lan");
  g_assert_cmpstr (officer->name, ==, "Nguyễn Thị Lan");
  g_clear_pointer (&officer, mc_officer_free);

  /* An officer nobody gave a password cannot sign in. */
  officer = mc_officer_auth_sign_in (store, "hung", PASSWORD, &error);
  g_assert_null (officer);
  g_assert_error (error, MC_AUTH_ERROR, MC_AUTH_ERROR_NO_PASSWORD);
  g_clear_error (&error);

  officer = mc_officer_auth_sign_in (store, "nobody", PASSWORD, &error);
  g_assert_error (error, MC_AUTH_ERROR, MC_AUTH_ERROR_UNKNOWN_OFFICER);
  g_clear_error (&error);

  /* Deactivated, not deleted: still listed for the audit, no sign-in. */
  g_assert_true (mc_store_write (store, deactivate, (gpointer) "lan", NULL, &error));
  g_assert_cmpint (fixture_count (store, "SELECT count(*) FROM officer WHERE login = 'lan'"), ==, 1);
  officer = mc_officer_auth_sign_in (store, "lan", PASSWORD, &error);
  g_assert_null (officer);
  g_assert_error (error, MC_AUTH_ERROR, MC_AUTH_ERROR_INACTIVE);
  g_clear_error (&error);
  g_assert_true (mc_store_read (store, list_active, NULL, (gpointer *) &active, &error));
  for (guint i = 0; i < active->len; i++)
    g_assert_cmpstr (((McOfficerEntry *) g_ptr_array_index (active, i))->officer->login, !=, "lan");
}

static void
test_sign_in_async_done (GObject      *source,
                         GAsyncResult *res,
                         gpointer      user_data)
{
  McOfficer **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = mc_desk_sign_in_finish (MC_DESK (source), res, &error);
  g_assert_no_error (error);
}

static void
test_sign_in_async (void)
{
  g_autoptr(Fixture) fixture = fixture_new (FALSE);
  g_autoptr(GError) error = NULL;
  McOfficer *officer = NULL;

  g_assert_true (mc_desk_set_password (fixture->desk, "hung", PASSWORD, &error));
  g_assert_no_error (error);
  mc_desk_sign_in_async (fixture->desk, "hung", PASSWORD, NULL, test_sign_in_async_done, &officer);
  while (officer == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (officer->login, ==, "hung");
  mc_officer_free (officer);
}

static void
async_done (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (res);
}

/* Waits for an async call of the desk to report, then hands its result. */
static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

/* What ui/ and app/cli/ see of signing in: McDesk only. */
static void
test_desk_door (void)
{
  g_autoptr(Fixture) fixture = fixture_new (FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(McOfficerEntry) entry = NULL;
  g_autoptr(McOfficer) officer = NULL;
  g_autoptr(GPtrArray) active = NULL;
  g_autoptr(GAsyncResult) res = NULL;
  gboolean any = TRUE;

  /* A desk from before passwords. */
  g_assert_true (mc_desk_has_passwords (fixture->desk, &any, &error));
  g_assert_no_error (error);
  g_assert_false (any);
  g_assert_null (mc_desk_get_officer_entry (fixture->desk, "nobody", &error));
  g_assert_error (error, MC_AUTH_ERROR, MC_AUTH_ERROR_UNKNOWN_OFFICER);
  g_clear_error (&error);

  /* A first password needs no current one; a change does. */
  g_assert_true (mc_desk_change_password (fixture->desk, "lan", NULL, PASSWORD, &error));
  g_assert_no_error (error);
  g_assert_true (mc_desk_has_passwords (fixture->desk, &any, &error));
  g_assert_true (any);
  entry = mc_desk_get_officer_entry (fixture->desk, "lan", &error);
  g_assert_no_error (error);
  g_assert_true (entry->has_password && entry->active);
  g_assert_false (mc_desk_change_password (fixture->desk, "lan", NULL, "mat-khau-moi", &error));
  g_assert_error (error, MC_AUTH_ERROR, MC_AUTH_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);
  g_assert_false (mc_desk_change_password (fixture->desk, "lan", "doan-bua", "mat-khau-moi", &error));
  g_assert_error (error, MC_AUTH_ERROR, MC_AUTH_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);
  g_assert_true (mc_desk_change_password (fixture->desk, "lan", PASSWORD, "mat-khau-moi", &error));
  g_assert_no_error (error);
  g_assert_null (mc_desk_sign_in (fixture->desk, "lan", PASSWORD, &error));
  g_assert_error (error, MC_AUTH_ERROR, MC_AUTH_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);
  officer = mc_desk_sign_in (fixture->desk, "lan", "mat-khau-moi", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (officer->login, ==, "lan");

  /* In a worker thread: the password set, then the officer switched off. */
  mc_desk_set_password_async (fixture->desk, "hung", PASSWORD, NULL, async_done, &res);
  g_assert_true (mc_desk_set_password_finish (fixture->desk, wait_for (&res), &error));
  g_assert_no_error (error);
  g_clear_object (&res);
  mc_desk_set_officer_active_async (fixture->desk, "hung", FALSE, NULL, async_done, &res);
  g_assert_true (mc_desk_set_officer_active_finish (fixture->desk, wait_for (&res), &error));
  g_assert_no_error (error);
  g_clear_object (&res);
  g_assert_null (mc_desk_sign_in (fixture->desk, "hung", PASSWORD, &error));
  g_assert_error (error, MC_AUTH_ERROR, MC_AUTH_ERROR_INACTIVE);
  g_clear_error (&error);
  mc_desk_list_officer_entries_async (fixture->desk, TRUE, NULL, async_done, &res);
  active = mc_desk_list_officer_entries_finish (fixture->desk, wait_for (&res), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (active->len, >, 0);
  for (guint i = 0; i < active->len; i++)
    g_assert_cmpstr (((McOfficerEntry *) g_ptr_array_index (active, i))->officer->login, !=, "hung");
}

/* A first run: the office and the officers in one transaction, or none. */
static void
test_set_up (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("motcua-setup-auth-XXXXXX", &error);
  g_autoptr(McDesk) desk = mc_desk_open (tmp, MC_STORE_OPEN_DEFAULT, &error);
  McOffice office = { (char *) "000.00.04.H40", (char *) "Trung tâm Phục vụ hành chính công xã Tân Phú",
                      (char *) "", (char *) "Tân Phú", (char *) "" };
  g_autoptr(McOfficer) lan = mc_officer_new ("lan", "Nguyễn Thị Lan", "", "", MC_ROLE_RECEPTION);
  g_autoptr(McOfficer) hung = mc_officer_new ("hung", "Lê Quốc Hùng", "", "", MC_ROLE_LEADER);
  g_autoptr(GPtrArray) twice = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_new_officer_free);
  g_autoptr(GPtrArray) officers = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_new_officer_free);
  g_autoptr(GAsyncResult) res = NULL;
  g_autoptr(McDeskOpening) opening = NULL;
  g_autoptr(McSignInRoster) roster = NULL;
  g_autoptr(McOfficer) officer = NULL;
  g_autoptr(McOffice) stored = NULL;

  g_assert_no_error (error);
  mc_desk_load_opening_async (desk, NULL, async_done, &res);
  opening = mc_desk_load_opening_finish (desk, wait_for (&res), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (opening->n_officers, ==, 0);
  g_assert_null (opening->login);
  g_clear_object (&res);
  g_clear_pointer (&opening, mc_desk_opening_free);

  /* The same login twice: refused, and nothing at all is stored. */
  g_ptr_array_add (twice, mc_new_officer_new (lan, PASSWORD));
  g_ptr_array_add (twice, mc_new_officer_new (lan, PASSWORD));
  mc_desk_set_up_async (desk, &office, twice, NULL, async_done, &res);
  g_assert_false (mc_desk_set_up_finish (desk, wait_for (&res), &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_clear_object (&res);
  g_assert_null (mc_desk_get_office (desk, &error));
  g_clear_error (&error);

  g_ptr_array_add (officers, mc_new_officer_new (lan, PASSWORD));
  g_ptr_array_add (officers, mc_new_officer_new (hung, "mat-khau-cua-hung"));
  mc_desk_set_up_async (desk, &office, officers, NULL, async_done, &res);
  g_assert_true (mc_desk_set_up_finish (desk, wait_for (&res), &error));
  g_assert_no_error (error);
  g_clear_object (&res);
  /* The plain passwords are gone once hashed. */
  for (guint i = 0; i < officers->len; i++)
    g_assert_null (((McNewOfficer *) g_ptr_array_index (officers, i))->password);

  stored = mc_desk_get_office (desk, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->code, ==, "000.00.04.H40");
  officer = mc_desk_sign_in (desk, "hung", "mat-khau-cua-hung", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (officer->login, ==, "hung");

  /* Now the window opens on the sign-in screen, listing both. */
  mc_desk_load_opening_async (desk, NULL, async_done, &res);
  opening = mc_desk_load_opening_finish (desk, wait_for (&res), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (opening->n_officers, ==, 2);
  g_assert_null (opening->login);
  g_assert_false (opening->demo);
  g_clear_object (&res);
  mc_desk_load_roster_async (desk, NULL, async_done, &res);
  roster = mc_desk_load_roster_finish (desk, wait_for (&res), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (roster->entries->len, ==, 2);
  g_assert_cmpstr (roster->office_name, ==, office.name);
  g_assert_false (roster->demo);

  mc_store_close (mc_desk_get_store (desk));
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", tmp);

    g_assert_cmpint (system (command), ==, 0);
  }
}

/* Runs motcua-cli on the fixture's workspace with @input on stdin. */
static int
run_cli (Fixture     *fixture,
         const char  *input,
         char       **err,
         const char  *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;

  g_assert_nonnull (g_getenv ("MOTCUA_CLI"));
  g_ptr_array_add (argv, (gpointer) g_getenv ("MOTCUA_CLI"));
  g_ptr_array_add (argv, (gpointer) "--workspace");
  g_ptr_array_add (argv, fixture->tmp);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, NULL, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));

  return g_subprocess_get_exit_status (process);
}

static void
test_cli_as (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  McStore *store = mc_desk_get_store (fixture->desk);
  g_autoptr(McReception) reception = fixture_birth_reception ();
  g_autoptr(McReceptionResult) received = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  g_autofree char *audit = NULL;
  g_autofree char *sql = NULL;

  mc_desk_set_officer_login (fixture->desk, "lan");
  received = mc_desk_receive (fixture->desk, reception, NULL, &error);
  g_assert_no_error (error);
  mc_store_close (store);

  /* `officer add … --password-stdin` sets the password of a new officer. */
  g_assert_cmpint (run_cli (fixture, "mat-khau-tuan\n", &err, "officer", "add", "--login", "tuan",
                            "--name", "Võ Anh Tuấn", "--role", "reception", "--password-stdin", NULL), ==, 0);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (fixture, PASSWORD "\n", &err, "officer", "password", "lan", "--password-stdin", NULL),
                   ==, 0);
  g_clear_pointer (&err, g_free);

  /* Changing a password needs the current one first. */
  g_assert_cmpint (run_cli (fixture, "doan-bua\nmat-khau-moi\n", &err, "officer", "password", "tuan",
                            "--password-stdin", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "tuan"));
  g_clear_pointer (&err, g_free);

  /* Without --as, on a desk whose officers have passwords: refused. */
  g_assert_cmpint (run_cli (fixture, "", &err, "act", received->code, "forward", "--department",
                            "Tư pháp – Hộ tịch", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--as"));
  g_clear_pointer (&err, g_free);

  /* --as without the password, or with a wrong one, changes nothing. */
  g_assert_cmpint (run_cli (fixture, "", &err, "act", received->code, "forward", "--department",
                            "Tư pháp – Hộ tịch", "--as", "lan", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--password-stdin"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (fixture, "mat-khau-tuan\n", &err, "act", received->code, "forward", "--department",
                            "Tư pháp – Hộ tịch", "--as", "lan", "--password-stdin", NULL), ==, 1);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (fixture, PASSWORD "\n", &err, "act", received->code, "forward", "--department",
                            "Tư pháp – Hộ tịch", "--as", "lan", "--password-stdin", NULL), ==, 0);
  g_clear_pointer (&err, g_free);

  fixture_reopen (fixture);
  store = mc_desk_get_store (fixture->desk);
  sql = g_strdup_printf ("SELECT group_concat (actor || ':' || action, ',') FROM audit"
                         " WHERE subject = '%s' AND action = 'forward'", received->code);
  audit = fixture_text (store, sql);
  g_assert_cmpstr (audit, ==, "lan:forward");
  g_assert_cmpint (fixture_count (store, "SELECT count(*) FROM officer_auth WHERE login IN ('lan', 'tuan')"), ==, 2);
}

typedef struct
{
  const char *officer;
  guint count;
} QueueCount;

static gboolean
count_signature (sqlite3   *db,
                 gpointer   user_data,
                 gpointer  *result,
                 GError   **error)
{
  QueueCount *query = user_data;
  McQueueClock clock = { g_get_real_time () / G_USEC_PER_SEC, 0, g_intern_string (query->officer) };
  guint counts[16] = { 0 };
  guint n_queues, index = 0;
  const McQueueInfo *queues = mc_queue_get_all (&n_queues);

  clock.soon = clock.now + 86400;
  for (guint i = 0; i < n_queues; i++)
    if (g_str_equal (queues[i].id, "signature"))
      index = i;
  g_assert_cmpuint (n_queues, <=, G_N_ELEMENTS (counts));
  if (!mc_dossier_repo_count (db, mc_queue_lookup ("signature"), &clock, NULL, &query->count, error) ||
      !mc_dossier_repo_count_queues (db, &clock, counts, error))
    return FALSE;
  /* The sidebar's count and the list agree. */
  g_assert_cmpuint (counts[index], ==, query->count);
  return TRUE;
}

static guint
signature_count (McStore    *store,
                 const char *officer)
{
  QueueCount query = { officer, 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_store_read (store, count_signature, &query, NULL, &error));
  g_assert_no_error (error);
  return query.count;
}

static gboolean
add_second_leader (sqlite3   *db,
                   gpointer   user_data,
                   gpointer  *result,
                   GError   **error)
{
  g_autoptr(McOfficer) officer = mc_officer_new ("tam", "Ngô Thanh Tâm", "Chủ tịch UBND xã", "Lãnh đạo UBND",
                                                 MC_ROLE_LEADER);

  return mc_desk_settings_add_officer (db, officer, error);
}

static char *
at_leader (Fixture    *fixture,
           const char *handler)
{
  g_autoptr(McReception) reception = fixture_birth_reception ();
  g_autoptr(McReceptionResult) received = NULL;
  g_autoptr(GError) error = NULL;
  const char *steps[][2] = { { "lan", "forward" }, { "minh", "record_opinion" }, { "minh", "submit_to_leader" } };

  mc_desk_set_officer_login (fixture->desk, "lan");
  received = mc_desk_receive (fixture->desk, reception, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      McActionParams params = { 0 };
      g_autofree char *op = NULL;

      params.department = (char *) "Tư pháp – Hộ tịch";
      params.reason = (char *) "Đủ điều kiện";
      params.handler = g_str_equal (steps[i][1], "submit_to_leader") ? (char *) handler : NULL;
      mc_desk_set_officer_login (fixture->desk, steps[i][0]);
      op = mc_desk_act (fixture->desk, received->code, steps[i][1], &params, &error);
      g_assert_no_error (error);
    }

  return g_strdup (received->code);
}

/* "For my signature" is the signed-in officer's: what awaits this leader
 * (not what was handed to another leader by name), what the clerk seals,
 * nothing for the others. And approving needs a result document. */
static void
test_signature_queue (void)
{
  g_autoptr(Fixture) fixture = fixture_new (TRUE);
  McStore *store = mc_desk_get_store (fixture->desk);
  g_autoptr(GError) error = NULL;
  g_autofree char *anyone = NULL;
  g_autofree char *for_tam = NULL;
  g_autofree char *op = NULL;
  McActionParams params = { 0 };

  g_assert_true (mc_store_write (store, add_second_leader, NULL, NULL, &error));
  anyone = at_leader (fixture, NULL);
  for_tam = at_leader (fixture, "tam");

  g_assert_cmpuint (signature_count (store, "hung"), ==, 1);
  g_assert_cmpuint (signature_count (store, "tam"), ==, 2);
  g_assert_cmpuint (signature_count (store, "lan"), ==, 0);
  g_assert_cmpuint (signature_count (store, "minh"), ==, 0);
  g_assert_cmpuint (signature_count (store, "ha"), ==, 0);
  g_assert_cmpuint (signature_count (store, NULL), ==, 0);

  /* No result document: the leader cannot approve, and is told why. */
  mc_desk_set_officer_login (fixture->desk, "hung");
  op = mc_desk_act (fixture->desk, anyone, "approve", &params, &error);
  g_assert_null (op);
  g_assert_error (error, MC_WORKFLOW_ERROR, MC_WORKFLOW_ERROR_INCOMPLETE);
  g_clear_error (&error);

  /* With one, approved and marked signed: now the clerk's to seal. */
  fixture_attach_draft (store, anyone);
  op = mc_desk_act (fixture->desk, anyone, "approve", &params, &error);
  g_assert_no_error (error);
  g_clear_pointer (&op, g_free);
  g_assert_cmpuint (signature_count (store, "hung"), ==, 1);
  op = mc_desk_act (fixture->desk, anyone, "mark_signed", &params, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (signature_count (store, "hung"), ==, 0);
  g_assert_cmpuint (signature_count (store, "tam"), ==, 1);
  g_assert_cmpuint (signature_count (store, "ha"), ==, 1);
}

static gboolean
read_opening (sqlite3   *db,
              gpointer   user_data,
              gpointer  *result,
              GError   **error)
{
  GError *local_error = NULL;

  *result = mc_officer_auth_opening_login (db, user_data, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/* The demo opens signed in as its receptionist, every officer's password
 * is the demo token's PIN, and what reaches the leader carries a result. */
static void
test_demo (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("motcua-demo-auth-XXXXXX", &error);
  g_autofree char *workspace = g_build_filename (tmp, "demo", NULL);
  g_autoptr(McDesk) desk = mc_desk_open (workspace, MC_STORE_OPEN_DEFAULT, &error);
  McStore *store;
  g_autofree char *opening = NULL;
  guint n_officers = 0;
  const char *logins[] = { "lan", "tuan", "minh", "thao", "hung", "ha" };

  g_assert_no_error (error);
  g_assert_true (mc_demo_populate (desk, 80, 3, NULL, NULL, &error));
  g_assert_no_error (error);
  store = mc_desk_get_store (desk);

  g_assert_true (mc_store_read (store, read_opening, &n_officers, (gpointer *) &opening, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (opening, ==, "lan");
  g_assert_cmpuint (n_officers, ==, G_N_ELEMENTS (logins));
  {
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(McDeskOpening) desk_opening = NULL;

    /* The same through McDesk, which also says it is the demo. */
    mc_desk_load_opening_async (desk, NULL, async_done, &res);
    desk_opening = mc_desk_load_opening_finish (desk, wait_for (&res), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (desk_opening->login, ==, "lan");
    g_assert_true (desk_opening->demo);
  }
  for (guint i = 0; i < G_N_ELEMENTS (logins); i++)
    {
      g_autoptr(McOfficer) officer = mc_officer_auth_sign_in (store, logins[i], MC_DEMO_PASSWORD, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (officer->login, ==, logins[i]);
    }
  g_assert_null (mc_officer_auth_sign_in (store, "hung", "654321", &error));
  g_assert_error (error, MC_AUTH_ERROR, MC_AUTH_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);

  g_assert_cmpint (fixture_count (store, "SELECT count(*) FROM dossier d WHERE step IN ('leader', 'approved', 'signed')"
                                         " AND NOT EXISTS (SELECT 1 FROM dossier_file f"
                                         " WHERE f.dossier_id = d.id AND f.role = 'result')"), ==, 0);
  g_assert_cmpint (fixture_count (store, "SELECT count(*) FROM dossier WHERE step = 'approved'"), >, 0);

  mc_store_close (store);
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", tmp);

    g_assert_cmpint (system (command), ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  mc_core_init ();

  g_test_add_func ("/auth/hash", test_hash);
  g_test_add_func ("/auth/sign-in", test_sign_in);
  g_test_add_func ("/auth/sign-in-async", test_sign_in_async);
  g_test_add_func ("/auth/desk-door", test_desk_door);
  g_test_add_func ("/auth/set-up", test_set_up);
  g_test_add_func ("/auth/cli-as", test_cli_as);
  g_test_add_func ("/auth/signature-queue", test_signature_queue);
  g_test_add_func ("/auth/demo", test_demo);

  return g_test_run ();
}
