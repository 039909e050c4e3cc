/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The demo workspace: believable Vietnamese applicants, procedures and
 * dossiers spread over states and the past months, made from a fixed seed so
 * every newcomer and every benchmark sees the same data. */
#define G_LOG_DOMAIN "motcua-demo"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "domain/mc-state.h"
#include "mc-demo.h"

#define DEMO_OFFICE "H40.12.03.X05"
#define BATCH 5000

static const char * const family_names[] = {
  "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Hoàng",
  "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý",
};

static const char * const male_middle[] = {
  "Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Xuân", "Đình", "Gia",
};

static const char * const female_middle[] = {
  "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Phương", "Hoài", "Kim", "Bảo",
};

static const char * const male_given[] = {
  "An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hòa", "Hùng", "Huy",
  "Khánh", "Long", "Nam", "Phúc", "Quân", "Sơn", "Tâm", "Thắng", "Trung",
  "Tuấn", "Việt", "Vinh",
};

static const char * const female_given[] = {
  "Anh", "Châu", "Diệp", "Dung", "Giang", "Hà", "Hạnh", "Hoa", "Hòa", "Hương",
  "Lan", "Linh", "Mai", "Ngân", "Nhung", "Oanh", "Phượng", "Quyên", "Thảo",
  "Trang", "Uyên", "Vân", "Yến",
};

/* Province codes of birth registration (the first three ID digits). */
static const char * const id_provinces[] = {
  "001", "030", "031", "033", "034", "035", "036", "037", "038", "040",
  "042", "044", "045", "046", "048", "079",
};

typedef struct
{
  const char *code;
  const char *name;
  int days;
} DemoProcedure;

static const DemoProcedure procedures[] = {
  { "1.001193", "Đăng ký khai sinh", 1 },
  { "1.000894", "Đăng ký kết hôn", 5 },
  { "1.000656", "Đăng ký khai tử", 1 },
  { "2.000908", "Chứng thực bản sao từ bản chính giấy tờ, văn bản", 1 },
  { "1.004227", "Cấp bản sao trích lục hộ tịch", 1 },
  { "1.001022", "Xác nhận thông tin về cư trú", 3 },
  { "1.004884", "Cấp Giấy xác nhận tình trạng hôn nhân", 3 },
  { "2.000986", "Đăng ký giám hộ", 3 },
  { "1.001653", "Trợ cấp xã hội hàng tháng đối với đối tượng bảo trợ xã hội", 15 },
  { "1.003705", "Đăng ký biến động quyền sử dụng đất", 10 },
};

/* Share of each state among the demo dossiers, in per mille. */
static const struct { int state; int share; } state_mix[] = {
  { MC_STATE_SUBMITTED, 40 },
  { MC_STATE_RECEIVED, 80 },
  { MC_STATE_REFUSED, 20 },
  { MC_STATE_PROCESSING, 260 },
  { MC_STATE_SUPPLEMENT, 50 },
  { MC_STATE_FEE_REQUESTED, 10 },
  { MC_STATE_WITHDRAWN, 10 },
  { MC_STATE_STOPPED, 10 },
  { MC_STATE_DONE, 120 },
  { MC_STATE_RETURNED, 400 },
};

#define PICK(rand, array) ((array)[g_rand_int_range ((rand), 0, G_N_ELEMENTS (array))])

static int
pick_state (GRand *rand)
{
  int roll = g_rand_int_range (rand, 0, 1000);

  for (guint i = 0; i < G_N_ELEMENTS (state_mix); i++)
    {
      if (roll < state_mix[i].share)
        return state_mix[i].state;
      roll -= state_mix[i].share;
    }

  return MC_STATE_RETURNED;
}

static char *
make_name (GRand    *rand,
           gboolean  female)
{
  return g_strdup_printf ("%s %s %s", PICK (rand, family_names),
                          female ? PICK (rand, female_middle) : PICK (rand, male_middle),
                          female ? PICK (rand, female_given) : PICK (rand, male_given));
}

/* A personal ID whose sex/century digit and birth year agree with the
 * applicant, as DOMAIN.md describes. */
static char *
make_personal_id (GRand    *rand,
                  gboolean  female,
                  int       birth_year)
{
  int century = birth_year >= 2000 ? 2 : 0;

  return g_strdup_printf ("%s%d%02d%06d", PICK (rand, id_provinces),
                          century + (female ? 1 : 0), birth_year % 100,
                          g_rand_int_range (rand, 0, 1000000));
}

/* The next free number of the day: codes continue after those already in
 * the store, so the demo may run twice. */
static char *
next_code (sqlite3     *db,
           GHashTable  *counters,
           const char  *date,
           GError     **error)
{
  gpointer value;
  guint number;

  if (!g_hash_table_lookup_extended (counters, date, NULL, &value))
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;
      g_autofree char *prefix = g_strdup_printf ("%s-%s-", DEMO_OFFICE, date);
      int rc;

      stmt = mc_db_prepare (db,
                            "SELECT coalesce(max(CAST(substr(code, length(?1) + 1) AS INTEGER)), 0)"
                            " FROM dossier WHERE code >= ?1 AND code < ?1 || 'z'",
                            error);
      if (stmt == NULL)
        return NULL;
      mc_db_bind_text (stmt, 1, prefix);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW)
        {
          mc_db_set_error (db, rc, error);
          return NULL;
        }
      value = GUINT_TO_POINTER (sqlite3_column_int (stmt, 0));
    }

  number = GPOINTER_TO_UINT (value) + 1;
  if (number > 9999)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID,
                   _("No dossier numbers are left for %s."), date);
      return NULL;
    }
  g_hash_table_insert (counters, g_strdup (date), GUINT_TO_POINTER (number));

  return g_strdup_printf ("%s-%s-%04u", DEMO_OFFICE, date, number);
}

typedef struct
{
  guint n;
  guint first;
  guint32 seed;
  gint64 now;
} PopulateData;

static gboolean
populate_batch (sqlite3   *db,
                gpointer   user_data,
                gpointer  *result,
                GError   **error)
{
  PopulateData *data = user_data;
  g_autoptr(GRand) rand = g_rand_new_with_seed (data->seed + data->first);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) counters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  stmt = mc_db_prepare (db,
                        "INSERT INTO dossier (code, procedure_code, procedure_name,"
                        " applicant_name, applicant_id, received_at, due_at, state,"
                        " version, updated_at)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1, ?9)",
                        error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < data->n; i++)
    {
      const DemoProcedure *procedure = &PICK (rand, procedures);
      gboolean female = g_rand_boolean (rand);
      int birth_year = g_rand_int_range (rand, 1940, 2007);
      g_autofree char *name = make_name (rand, female);
      g_autofree char *id = make_personal_id (rand, female, birth_year);
      int state = pick_state (rand);
      /* Received within the past 120 days during office hours. */
      gint64 received = data->now - g_rand_int_range (rand, 0, 120) * 86400
                        - g_rand_int_range (rand, 0, 8 * 3600);
      gint64 due = received + (gint64) procedure->days * 86400 * 7 / 5 + 86400;
      g_autoptr(GDateTime) day = mc_vietnam_from_unix (received);
      g_autofree char *date = g_date_time_format (day, "%y%m%d");
      g_autofree char *code = NULL;

      /* Open dossiers cluster around today so the deadline queues have
       * something in them; closed ones spread over the months. */
      if (state == MC_STATE_RECEIVED || state == MC_STATE_PROCESSING ||
          state == MC_STATE_FEE_REQUESTED || state == MC_STATE_SUPPLEMENT)
        {
          received = data->now - g_rand_int_range (rand, 0, 20 * 86400);
          due = received + (gint64) procedure->days * 86400 * 7 / 5 + 86400;
          g_clear_pointer (&day, g_date_time_unref);
          g_clear_pointer (&date, g_free);
          day = mc_vietnam_from_unix (received);
          date = g_date_time_format (day, "%y%m%d");
        }

      code = next_code (db, counters, date, error);
      if (code == NULL)
        return FALSE;

      sqlite3_reset (stmt);
      mc_db_bind_text (stmt, 1, code);
      mc_db_bind_text (stmt, 2, procedure->code);
      mc_db_bind_text (stmt, 3, procedure->name);
      mc_db_bind_text (stmt, 4, name);
      mc_db_bind_text (stmt, 5, id);
      if (state == MC_STATE_SUBMITTED)
        {
          sqlite3_bind_null (stmt, 6);
          sqlite3_bind_null (stmt, 7);
        }
      else
        {
          sqlite3_bind_int64 (stmt, 6, received);
          sqlite3_bind_int64 (stmt, 7, due);
        }
      sqlite3_bind_int (stmt, 8, state);
      sqlite3_bind_int64 (stmt, 9, data->now);

      if (!mc_db_step_done (db, stmt, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * mc_demo_populate:
 * @store: a store opened for writing
 * @n_dossiers: how many dossiers to add
 * @seed: the random seed
 * @progress: (nullable) (scope call): called after each batch
 * @progress_data: data for @progress
 * @error: where to put a failure
 *
 * Adds demo dossiers in batches of a few thousand, each batch one
 * transaction.
 *
 * Returns: %TRUE on success
 */
gboolean
mc_demo_populate (McStore          *store,
                  guint             n_dossiers,
                  guint32           seed,
                  McDemoProgress    progress,
                  gpointer          progress_data,
                  GError          **error)
{
  PopulateData data = { 0 };

  g_return_val_if_fail (MC_IS_STORE (store), FALSE);

  data.seed = seed;
  data.now = g_get_real_time () / G_USEC_PER_SEC;

  for (guint done = 0; done < n_dossiers; done += data.n)
    {
      data.first = done;
      data.n = MIN (BATCH, n_dossiers - done);

      if (!mc_store_write (store, populate_batch, &data, NULL, error))
        return FALSE;

      if (progress != NULL)
        progress (done + data.n, n_dossiers, progress_data);
    }

  return TRUE;
}
