/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The demo workspace: believable Vietnamese applicants going through the
 * real workflow — online submissions imported, receptions at the desk,
 * forwarding, opinions, the leader's approval, numbering, results returned,
 * supplements, refusals, withdrawals — spread over the past months, each
 * step one real workflow change (timeline, outbox, audit) at a plausible
 * working time. Made from a fixed seed, so every newcomer and every
 * benchmark sees the same data. */
#define G_LOG_DOMAIN "motcua-demo"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "domain/mc-catalogue.h"
#include "mc-catalogue-repo.h"
#include "domain/mc-state.h"
#include "mc-demo.h"
#include "mc-desk-settings.h"
#include "mc-dossier-ops-private.h"
#include "mc-blob-store.h"
#include "mc-demo-draft.h"
#include "mc-lease.h"
#include "mc-result-ops-private.h"
#include "mc-officer-auth.h"

#define DEMO_OFFICE "H40.12.03.X05"
#define BATCH 250
/* The demo spreads dossiers over at least this many past days, more for big
 * workspaces, so that no day needs more than its 9999 numbers and a day's
 * load stays believable. */
#define MIN_PAST_DAYS 120
#define MIN_OPEN_DAYS 15

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
  "042", "044", "045", "046", "048", "075", "079",
};

static const char * const hamlets[] = {
  "Ấp 1", "Ấp 2", "Ấp 3", "Ấp Bình Lợi", "Ấp Phú Hòa", "Khu phố 4", "Tổ 7",
  "Thôn Đông", "Thôn Tây", "Số 12 đường Nguyễn Trãi", "Số 45 đường Lê Lợi",
};

static const char * const supplement_reasons[] = {
  "Thiếu bản sao giấy chứng sinh",
  "Tờ khai chưa có chữ ký của người yêu cầu",
  "Giấy tờ chứng minh nơi cư trú đã hết hạn",
  "Cần bổ sung văn bản ủy quyền có chứng thực",
};

static const char * const refusal_reasons[] = {
  "Hồ sơ không thuộc thẩm quyền giải quyết của Ủy ban nhân dân xã",
  "Người yêu cầu không cung cấp được giấy tờ tùy thân hợp lệ",
};

#define PICK(rand, array) ((array)[g_rand_int_range ((rand), 0, G_N_ELEMENTS (array))])

/* Share of each final state among the demo dossiers, in per mille. */
static const struct { int state; int share; } state_mix[] = {
  { MC_STATE_SUBMITTED, 40 },
  { MC_STATE_RECEIVED, 60 },
  { MC_STATE_REFUSED, 15 },
  { MC_STATE_PROCESSING, 230 },
  { MC_STATE_SUPPLEMENT, 45 },
  { MC_STATE_FEE_REQUESTED, 10 },
  { MC_STATE_WITHDRAWN, 10 },
  { MC_STATE_STOPPED, 10 },
  { MC_STATE_DONE, 80 },
  { MC_STATE_RETURNED, 500 },
};

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

typedef struct
{
  McDesk *desk;
  GPtrArray *procedures;
  GRand *rand;
  gint64 now;
  guint n;
  guint past_days;
  guint open_days;
  McDemoProgress progress;
  gpointer progress_data;
  const char *verifier;
  GHashTable *drafts;
  /* The workspace's office: online dossiers are numbered in it too. */
  char *office_code;
} Demo;

static void
demo_clear (Demo *demo)
{
  g_clear_pointer (&demo->office_code, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Demo, demo_clear)

static gboolean
set_up_desk (sqlite3   *db,
             gpointer   user_data,
             gpointer  *result,
             GError   **error)
{
  Demo *demo = user_data;
  McOffice office = { (char *) DEMO_OFFICE, (char *) "Ủy ban nhân dân xã Tân Phú",
                      (char *) "Ủy ban nhân dân tỉnh Đồng Nai", (char *) "Tân Phú",
                      (char *) "Ấp 3, xã Tân Phú, tỉnh Đồng Nai" };
  const struct { const char *login, *name, *title, *department; McRole role; } officers[] = {
    { "lan", "Nguyễn Thị Lan", "Công chức Trung tâm Phục vụ hành chính công xã Tân Phú",
      "Trung tâm Phục vụ hành chính công", MC_ROLE_RECEPTION },
    { "tuan", "Võ Anh Tuấn", "Công chức Trung tâm Phục vụ hành chính công xã Tân Phú",
      "Trung tâm Phục vụ hành chính công", MC_ROLE_RECEPTION },
    { "minh", "Trần Văn Minh", "Công chức Tư pháp – Hộ tịch", "Tư pháp – Hộ tịch", MC_ROLE_SPECIALIST },
    { "thao", "Đỗ Phương Thảo", "Công chức Văn hóa – Xã hội", "Văn hóa – Xã hội", MC_ROLE_SPECIALIST },
    { "hung", "Lê Quốc Hùng", "Phó Chủ tịch Ủy ban nhân dân xã", "Lãnh đạo Ủy ban nhân dân", MC_ROLE_LEADER },
    { "ha", "Phạm Thu Hà", "Văn thư", "Văn phòng – Thống kê", MC_ROLE_CLERK },
  };
  g_autoptr(McOffice) existing = NULL;
  g_autoptr(GError) local_error = NULL;

  existing = mc_desk_settings_get_office (db, &local_error);
  if (existing == NULL && !mc_desk_settings_set_office (db, &office, error))
    return FALSE;
  g_free (demo->office_code);
  demo->office_code = g_strdup (existing != NULL ? existing->code : DEMO_OFFICE);

  for (guint i = 0; i < G_N_ELEMENTS (officers); i++)
    {
      g_autoptr(McOfficer) officer = mc_officer_new (officers[i].login, officers[i].name, officers[i].title,
                                                     officers[i].department, officers[i].role);

      if (!mc_desk_settings_keep_officer (db, officer, error) ||
          !mc_officer_auth_set (db, officers[i].login, demo->verifier, MC_AUTH_SOURCE_LOCAL, demo->now, error))
        return FALSE;
    }
  /* A newcomer's `./dev run` opens on the queues, signed in as the
   * receptionist; the sign-in screen says the demo password. */
  if (!mc_desk_settings_use_officer (db, "lan", error) ||
      !mc_officer_auth_set_auto_login (db, "lan", error) ||
      !mc_db_meta_set (db, "demo_workspace", "1", error))
    return FALSE;

  /* Numbers for every day the demo may receive on, and a month ahead. */
  for (int day = -(int) demo->past_days - 30; day <= 30; day++)
    {
      g_autoptr(GDateTime) when = mc_vietnam_from_unix (demo->now + (gint64) day * 86400);
      g_autofree char *yymmdd = g_date_time_format (when, "%y%m%d");
      guint remaining = 0;

      if (!mc_lease_remaining (db, existing != NULL ? existing->code : DEMO_OFFICE, yymmdd, &remaining, error))
        return FALSE;
      if (remaining == 0 &&
          !mc_lease_add (db, existing != NULL ? existing->code : DEMO_OFFICE, yymmdd,
                         1, 9999, "demo", demo->now, error))
        {
          /* A workspace that used part of the day already keeps its block. */
          g_clear_error (error);
        }
    }

  return TRUE;
}

static McReception *
make_applicant (Demo        *demo,
                McProcedure *procedure)
{
  McReception *reception = mc_reception_new ();
  GRand *rand = demo->rand;
  gboolean female = g_rand_boolean (rand);
  int birth_year = g_rand_int_range (rand, 1945, 2007);
  int birth_month = g_rand_int_range (rand, 1, 13);
  int birth_day = g_rand_int_range (rand, 1, 29);

  reception->procedure_code = g_strdup (mc_procedure_get_code (procedure));
  reception->channel = g_rand_int_range (rand, 0, 10) < 3 ? 2 : 1;
  reception->applicant_name = g_strdup_printf ("%s %s %s", PICK (rand, family_names),
                                               female ? PICK (rand, female_middle) : PICK (rand, male_middle),
                                               female ? PICK (rand, female_given) : PICK (rand, male_given));
  reception->applicant_id = g_strdup_printf ("%s%d%02d%06d", PICK (rand, id_provinces),
                                             (birth_year >= 2000 ? 2 : 0) + (female ? 1 : 0),
                                             birth_year % 100, g_rand_int_range (rand, 0, 1000000));
  reception->applicant_birth = g_strdup_printf ("%04d-%02d-%02d", birth_year, birth_month, birth_day);
  reception->applicant_sex = g_strdup (female ? "Nữ" : "Nam");
  reception->applicant_phone = g_strdup_printf ("09%08d", g_rand_int_range (rand, 0, 100000000));
  reception->applicant_address = g_strdup_printf ("%s, xã Tân Phú, tỉnh Đồng Nai", PICK (rand, hamlets));

  for (guint i = 0; i < mc_procedure_get_n_components (procedure); i++)
    mc_reception_add_component (reception, mc_procedure_get_component (procedure, i)->code, TRUE);

  return reception;
}

/* A moment inside office hours on a working day, within the last days. */
static gint64
reception_time (Demo  *demo,
                guint  max_days_ago)
{
  McCalendar *calendar = mc_desk_get_calendar (demo->desk);
  gint64 day = demo->now - (gint64) g_rand_int_range (demo->rand, 0, (gint32) max_days_ago + 1) * 86400;
  g_autoptr(GDateTime) local = mc_vietnam_from_unix (day);
  g_autoptr(GDateTime) midnight = g_date_time_new (mc_vietnam_time_zone (), g_date_time_get_year (local),
                                                   g_date_time_get_month (local),
                                                   g_date_time_get_day_of_month (local), 0, 0, 0);
  gint64 offset = g_rand_int_range (demo->rand, 60, (gint32) mc_calendar_get_working_day_seconds (calendar) - 600);
  gint64 at = mc_calendar_add_working_seconds (calendar, g_date_time_to_unix (midnight), offset, NULL);

  return MIN (at, demo->now - 60);
}

typedef struct
{
  const char *login;
  const char *action;
} Step;

/* Moves a received dossier towards its final state; each step happens some
 * working hours after the one before, and nothing happens after now. */
static gboolean
walk (sqlite3       *db,
      Demo          *demo,
      McProcedure   *procedure,
      const char    *code,
      int            target,
      gint64         at,
      GError       **error)
{
  static const Step processing[] = {
    { "lan", "forward" },
    { "minh", "record_opinion" },
    { "minh", "submit_to_leader" },
    { "hung", "approve" },
    { "hung", "mark_signed" },
    { "ha", "number_and_seal" },
    { "ha", "ready_to_return" },
    { "lan", "return_result" },
  };
  McCalendar *calendar = mc_desk_get_calendar (demo->desk);
  McOpsContext ctx = { mc_desk_get_rules (demo->desk), calendar, NULL, demo->now };
  GRand *rand = demo->rand;
  guint n_steps;

  switch (target)
    {
    case MC_STATE_RECEIVED: n_steps = 0; break;
    case MC_STATE_PROCESSING:
      /* What reaches the leader is approved already, so the demo's leader
       * can sign the whole "for my signature" queue. */
      n_steps = g_rand_int_range (rand, 1, 6);
      if (n_steps == 3)
        n_steps = 4;
      break;
    case MC_STATE_DONE: n_steps = 7; break;
    case MC_STATE_RETURNED: n_steps = 8; break;
    default: n_steps = 1; break;
    }

  for (guint i = 0; i < G_N_ELEMENTS (processing) && i < n_steps; i++)
    {
      McActionParams params = { 0 };
      g_autofree char *op = NULL;
      g_autofree char *issue = NULL;

      gint64 before = at;

      at = mc_calendar_add_working_seconds (calendar, at, g_rand_int_range (rand, 1200, 5 * 3600), NULL);
      if (at >= demo->now)
        {
          /* What reaches the leader is approved already (see above), even
           * when the approval would fall after the demo's "now": it is
           * taken a second after the hand-over instead. Without this, the
           * time of day the demo is made at leaves some dossiers unapproved
           * in the leader's queue. */
          if (!g_str_equal (processing[i].action, "approve"))
            return TRUE;
          at = before + 1;
        }

      params.at = at;
      params.department = (char *) "Tư pháp – Hộ tịch";
      params.reason = (char *) "Hồ sơ đủ điều kiện giải quyết";
      issue = g_strdup_printf ("%u/QĐ-UBND", g_rand_int_range (rand, 1, 999));
      params.issue_number = issue;
      /* The specialist attaches the draft result before handing the
       * dossier to the leader, who approves and signs that document. */
      if (g_str_equal (processing[i].action, "submit_to_leader"))
        {
          McStoredFile *draft = g_hash_table_lookup (demo->drafts, mc_procedure_get_code (procedure));
          g_autofree char *attached = NULL;

          ctx.officer_login = "minh";
          ctx.now = at;
          attached = draft != NULL ? mc_result_ops_attach (db, &ctx, code, draft, error) : NULL;
          ctx.now = demo->now;
          if (attached == NULL)
            {
              if (draft == NULL)
                g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND,
                             _("The demo has no result document for “%s”."), mc_procedure_get_code (procedure));
              return FALSE;
            }
        }
      ctx.officer_login = processing[i].login;
      op = mc_dossier_ops_act (db, &ctx, code, processing[i].action, &params, error);
      if (op == NULL)
        return FALSE;

      /* Some slow dossiers were apologised for before they ran late. */
      if (i == 1 && g_rand_int_range (rand, 0, 20) == 0)
        {
          McActionParams apology = { 0 };
          g_autofree char *op2 = NULL;

          g_autoptr(sqlite3_stmt) due = mc_db_prepare (db, "SELECT due_at FROM dossier WHERE code = ?1", error);

          if (due == NULL)
            return FALSE;
          mc_db_bind_text (due, 1, code);
          if (sqlite3_step (due) != SQLITE_ROW)
            return mc_db_set_error (db, sqlite3_errcode (db), error);
          /* The rules allow an apology only before the appointment. */
          if (sqlite3_column_int64 (due, 0) <= at)
            continue;
          apology.at = at;
          apology.reason = (char *) "Cần xác minh thêm thông tin tại nơi đăng ký thường trú";
          apology.new_appointment = mc_calendar_add_working_days (calendar, MAX (at, sqlite3_column_int64 (due, 0)), 5, NULL);
          ctx.officer_login = "minh";
          op2 = mc_dossier_ops_act (db, &ctx, code, "apologise", &apology, error);
          if (op2 == NULL)
            return FALSE;
        }
    }

  if (target == MC_STATE_SUPPLEMENT || target == MC_STATE_FEE_REQUESTED || target == MC_STATE_WITHDRAWN ||
      target == MC_STATE_STOPPED)
    {
      McActionParams params = { 0 };
      g_autofree char *op = NULL;
      const char *action = NULL;

      at = mc_calendar_add_working_seconds (calendar, at, g_rand_int_range (rand, 1800, 8 * 3600), NULL);
      if (at >= demo->now)
        return TRUE;
      params.at = at;
      switch (target)
        {
        case MC_STATE_SUPPLEMENT:
          action = "request_supplement";
          ctx.officer_login = "minh";
          params.reason = (char *) PICK (rand, supplement_reasons);
          break;
        case MC_STATE_FEE_REQUESTED:
          action = "request_fee";
          ctx.officer_login = "minh";
          params.reason = (char *) "Nộp lệ phí theo quy định";
          break;
        case MC_STATE_WITHDRAWN:
          action = "withdraw";
          ctx.officer_login = "lan";
          params.reason = (char *) "Công dân có đơn xin rút hồ sơ";
          break;
        default:
          action = "stop_processing";
          ctx.officer_login = "minh";
          params.reason = (char *) "Người yêu cầu đề nghị dừng giải quyết";
          break;
        }
      op = mc_dossier_ops_act (db, &ctx, code, action, &params, error);
      if (op == NULL)
        return FALSE;
    }

  return TRUE;
}

static char *
online_code (sqlite3     *db,
             Demo        *demo,
             gint64       at,
             GError     **error)
{
  g_autoptr(GDateTime) local = mc_vietnam_from_unix (at);
  g_autofree char *day = g_date_time_format (local, "%y%m%d");
  guint number = 0;

  if (!mc_lease_take (db, demo->office_code, day, &number, error))
    return NULL;

  return g_strdup_printf ("%s-%s-%04u", demo->office_code, day, number);
}

static gboolean
make_one (sqlite3   *db,
          Demo      *demo,
          GError   **error)
{
  McProcedure *procedure;
  int target = pick_state (demo->rand);
  gboolean open = target != MC_STATE_RETURNED && target != MC_STATE_REFUSED && target != MC_STATE_WITHDRAWN;
  g_autoptr(McReception) reception = NULL;
  McOpsContext ctx = { mc_desk_get_rules (demo->desk), mc_desk_get_calendar (demo->desk), "lan", demo->now };
  gint64 at;

  procedure = g_ptr_array_index (demo->procedures, g_rand_int_range (demo->rand, 0, demo->procedures->len));
  reception = make_applicant (demo, procedure);
  /* Open dossiers are recent; closed ones spread over the months. */
  at = reception_time (demo, open ? demo->open_days : demo->past_days);

  if (target == MC_STATE_SUBMITTED || target == MC_STATE_REFUSED || reception->channel == 2)
    {
      g_autofree char *code = online_code (db, demo, at, error);
      g_autofree char *op = NULL;
      McActionParams params = { 0 };

      reception->channel = 2;
      if (code == NULL || mc_dossier_ops_import_submitted (db, &ctx, reception, code, at, error) == 0)
        return FALSE;
      if (target == MC_STATE_SUBMITTED)
        return TRUE;

      at = mc_calendar_add_working_seconds (ctx.calendar, at, g_rand_int_range (demo->rand, 600, 4 * 3600), NULL);
      if (at >= demo->now)
        return TRUE;
      params.at = at;
      if (target == MC_STATE_REFUSED)
        {
          params.reason = (char *) PICK (demo->rand, refusal_reasons);
          op = mc_dossier_ops_act (db, &ctx, code, "refuse", &params, error);
          return op != NULL;
        }
      op = mc_dossier_ops_act (db, &ctx, code, "receive", &params, error);
      if (op == NULL)
        return FALSE;

      return walk (db, demo, procedure, code, target, at, error);
    }

  reception->received_at = at;
  {
    g_autoptr(McReceptionResult) result = mc_dossier_ops_receive (db, &ctx, reception, NULL, error);

    if (result == NULL)
      return FALSE;

    return walk (db, demo, procedure, result->code, target, at, error);
  }
}

/* One draft result per procedure, stored once in the blob store; the
 * dossiers of that procedure share it, as a template would be shared. */
static gboolean
make_drafts (Demo    *demo,
             GError **error)
{
  const char *blob_dir = mc_store_get_blob_dir (mc_desk_get_store (demo->desk));

  for (guint i = 0; i < demo->procedures->len; i++)
    {
      McProcedure *procedure = g_ptr_array_index (demo->procedures, i);
      g_autoptr(GBytes) pdf = mc_demo_draft_pdf ("Ủy ban nhân dân xã Tân Phú", "Ủy ban nhân dân tỉnh Đồng Nai",
                                                 mc_procedure_get_name (procedure), "Phó Chủ tịch", error);
      McStoredFile *file;

      if (pdf == NULL)
        return FALSE;
      file = g_new0 (McStoredFile, 1);
      file->sha256 = mc_blob_store_put_bytes (blob_dir, pdf, error);
      if (file->sha256 == NULL)
        {
          mc_stored_file_free (file);
          return FALSE;
        }
      file->name = g_strdup_printf ("Du-thao-ket-qua-%s.pdf", mc_procedure_get_code (procedure));
      file->size = (gint64) g_bytes_get_size (pdf);
      file->mime = g_strdup ("application/pdf");
      g_hash_table_insert (demo->drafts, g_strdup (mc_procedure_get_code (procedure)), file);
    }

  return TRUE;
}

typedef struct
{
  Demo *demo;
  guint count;
} Batch;

static gboolean
make_batch (sqlite3   *db,
            gpointer   user_data,
            gpointer  *result,
            GError   **error)
{
  Batch *batch = user_data;

  for (guint i = 0; i < batch->count; i++)
    if (!make_one (db, batch->demo, error))
      return FALSE;

  return TRUE;
}

/**
 * mc_demo_populate:
 * @desk: a desk on a store opened for writing
 * @n_dossiers: how many dossiers to add
 * @seed: the random seed
 * @progress: (nullable) (scope call): called after each batch
 * @progress_data: data for @progress
 * @error: where to put a failure
 *
 * Sets up the demo office and officers if the workspace has none, leases
 * numbers, and adds dossiers through the real workflow, a few hundred per
 * transaction.
 *
 * Returns: %TRUE on success
 */
gboolean
mc_demo_populate (McDesk          *desk,
                  guint            n_dossiers,
                  guint32          seed,
                  McDemoProgress   progress,
                  gpointer         progress_data,
                  GError         **error)
{
  g_autoptr(McCatalogue) catalogue = NULL;
  g_autoptr(GPtrArray) procedures = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree char *verifier = NULL;
  g_autoptr(GHashTable) drafts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) mc_stored_file_free);
  McStore *store;
  g_auto(Demo) demo = { 0 };

  g_return_val_if_fail (MC_IS_DESK (desk), FALSE);

  store = mc_desk_get_store (desk);
  demo.desk = desk;
  demo.rand = rand;
  demo.now = mc_desk_now (desk);
  demo.past_days = MAX (MIN_PAST_DAYS, n_dossiers / 150);
  demo.open_days = MAX (MIN_OPEN_DAYS, n_dossiers / 2000);

  /* Every demo officer's password is the demo token's PIN; one hash
   * serves them all, and it is made outside the transaction. */
  verifier = mc_password_hash (MC_DEMO_PASSWORD, error);
  if (verifier == NULL)
    return FALSE;
  demo.verifier = verifier;

  if (!mc_store_write (store, set_up_desk, &demo, NULL, error))
    return FALSE;

  catalogue = mc_catalogue_load_sync (NULL, NULL, error);
  if (catalogue == NULL)
    return FALSE;
  for (guint i = 0; i < mc_catalogue_get_n_procedures (catalogue); i++)
    g_ptr_array_add (procedures, g_list_model_get_item (G_LIST_MODEL (catalogue), i));
  if (procedures->len == 0)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND,
                   _("The procedure catalogue is empty, so no demo dossier can be made."));
      return FALSE;
    }
  demo.procedures = procedures;
  demo.drafts = drafts;
  if (!make_drafts (&demo, error))
    return FALSE;

  for (guint done = 0; done < n_dossiers;)
    {
      Batch batch = { &demo, MIN (BATCH, n_dossiers - done) };

      if (!mc_store_write (store, make_batch, &batch, NULL, error))
        return FALSE;
      done += batch.count;

      if (progress != NULL)
        progress (done, n_dossiers, progress_data);
    }

  return TRUE;
}
