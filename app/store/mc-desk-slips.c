/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Filling slips from a desk: the dossier, the office, the officer issuing
 * the slip and, for the apology, the head of the agency who signs it, read
 * in one read transaction and handed to the forms (mc-dossier-slip.c),
 * which decide what each slip prints. */
#define G_LOG_DOMAIN "motcua-forms"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "domain/mc-state.h"
#include "forms/mc-dossier-slip-private.h"
#include "mc-catalogue-repo.h"
#include "mc-desk-settings.h"
#include "mc-desk-slips.h"
#include "mc-dossier-repo.h"
#include "mc-store-private.h"
#include "mc-sync-store-reference-private.h"

/* The procedure's legal processing time, from its validated definition in
 * the store in the version the dossier was received under; a procedure the
 * store no longer holds leaves it unknown. */
static gboolean
load_processing_days (sqlite3     *db,
                      const char  *procedure_code,
                      gint64       received_at,
                      double      *days,
                      GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(McProcedure) procedure = mc_procedure_load_from_store_at (db, procedure_code, received_at,
                                                                      &local_error);

  if (procedure != NULL)
    *days = mc_procedure_get_working_days (procedure);
  else if (!g_error_matches (local_error, MC_PROCEDURE_ERROR, MC_PROCEDURE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

/* Slips print with the template the central system published for their
 * kind, when one is in force, instead of the data folder's. */
static McSlipData *
with_published_template (McDesk      *desk,
                         McSlipData  *data,
                         const char  *kind,
                         GError     **error)
{
  g_autoptr(McSlipData) owned = data;
  g_autoptr(McSlipTemplate) tmpl = NULL;
  g_autoptr(GError) local_error = NULL;

  tmpl = mc_desk_sync_slip_template (desk, kind, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (tmpl != NULL)
    mc_slip_data_set_template (owned, tmpl);

  return g_steal_pointer (&owned);
}

static gint64
year_start (int year)
{
  g_autoptr(GDateTime) start = g_date_time_new (mc_vietnam_time_zone (), year, 1, 1, 0, 0, 0);

  return g_date_time_to_unix (start);
}

/* The tracking ledger is kept one book a year: the book is the year of
 * reception and the dossier's row is its place, in order of reception,
 * among the dossiers received that year (the order the ledger prints). */
static gboolean
load_ledger_entry (sqlite3          *db,
                   const McDossier  *dossier,
                   int              *book,
                   int              *number,
                   GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GDateTime) received = NULL;
  int rc;

  if (dossier->received_at <= 0)
    return TRUE;
  received = mc_vietnam_from_unix (dossier->received_at);
  stmt = mc_db_prepare (db, "SELECT count(*) FROM dossier WHERE received_at >= ?1"
                            " AND (received_at < ?2 OR (received_at = ?2 AND code <= ?3))", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, year_start (g_date_time_get_year (received)));
  sqlite3_bind_int64 (stmt, 2, dossier->received_at);
  mc_db_bind_text (stmt, 3, dossier->code);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return mc_db_set_error (db, rc, error);

  *book = g_date_time_get_year (received);
  *number = sqlite3_column_int (stmt, 0);
  return TRUE;
}

/* How many dossiers the year's book holds before @from. */
static gboolean
load_ledger_rows_before (sqlite3  *db,
                         gint64    from,
                         guint    *before,
                         GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GDateTime) start = mc_vietnam_from_unix (from);
  int rc;

  stmt = mc_db_prepare (db, "SELECT count(*) FROM dossier WHERE received_at >= ?1 AND received_at < ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, year_start (g_date_time_get_year (start)));
  sqlite3_bind_int64 (stmt, 2, from);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return mc_db_set_error (db, rc, error);

  *before = (guint) sqlite3_column_int (stmt, 0);
  return TRUE;
}

/* The head of the agency, who signs the apology: the issuing officer when
 * a leader issues it, else the first leader of the desk. */
static gboolean
load_head (sqlite3           *db,
           const McOfficer   *issuer,
           McOfficer        **head,
           GError           **error)
{
  g_autoptr(GPtrArray) officers = NULL;

  if (issuer != NULL && issuer->role == MC_ROLE_LEADER)
    {
      *head = mc_officer_copy (issuer);
      return TRUE;
    }
  officers = mc_desk_settings_list_officers (db, error);
  if (officers == NULL)
    return FALSE;
  for (guint i = 0; i < officers->len && *head == NULL; i++)
    if (((McOfficer *) g_ptr_array_index (officers, i))->role == MC_ROLE_LEADER)
      *head = mc_officer_copy (g_ptr_array_index (officers, i));

  return TRUE;
}

/* The officer issuing a slip: @login, or the desk's current officer. A
 * desk where nobody is signed in still prints, without a signer. */
static gboolean
load_officer (sqlite3     *db,
              const char  *login,
              McOfficer  **officer,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (login != NULL)
    {
      *officer = mc_desk_settings_get_officer (db, login, error);
      return *officer != NULL;
    }

  *officer = mc_desk_settings_current_officer (db, &local_error);
  if (*officer == NULL && !g_error_matches (local_error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  const char *kind;
  const char *code;
  const char *login;
} SlipLoad;

static gboolean
load_slip_in_transaction (sqlite3   *db,
                          gpointer   user_data,
                          gpointer  *result,
                          GError   **error)
{
  SlipLoad *load = user_data;
  g_autoptr(McDossier) dossier = NULL;
  g_autoptr(McOffice) office = NULL;
  g_autoptr(McOfficer) officer = NULL;
  g_autoptr(McOfficer) head = NULL;
  McSlipExtras extras = { -1, NULL, 0, 0 };

  dossier = mc_dossier_repo_load (db, load->code, error);
  if (dossier == NULL)
    return FALSE;
  office = mc_desk_settings_get_office (db, error);
  if (office == NULL)
    return FALSE;
  if (!load_officer (db, load->login, &officer, error) ||
      !load_processing_days (db, dossier->procedure_code,
                             dossier->received_at > 0 ? dossier->received_at : g_get_real_time () / G_USEC_PER_SEC,
                             &extras.processing_days, error) ||
      !load_ledger_entry (db, dossier, &extras.ledger_book, &extras.ledger_number, error))
    return FALSE;
  if (g_str_equal (load->kind, "apology") && !load_head (db, officer, &head, error))
    return FALSE;
  extras.head = head;

  *result = mc_dossier_slip_data_full (dossier, office, officer, load->kind, &extras, error);

  return *result != NULL;
}

/**
 * mc_desk_load_slip_data:
 * @desk: a desk
 * @kind: a kind from mc_dossier_slip_kinds()
 * @code: the dossier code
 * @officer_login: (nullable): who issues the slip; %NULL for the desk's
 *   current officer (or nobody, when none is signed in)
 * @error: where to put a failure
 *
 * Reads the dossier, the office and the officer in one read transaction
 * and fills the slip as mc_dossier_slip_data() does, plus what only the
 * store knows: the procedure's processing time and, for the apology slip,
 * the head of the agency who signs it. Runs in the calling thread; the
 * store may be read-only.
 *
 * Returns: (transfer full): the slip data, or %NULL with @error set
 */
McSlipData *
mc_desk_load_slip_data (McDesk      *desk,
                        const char  *kind,
                        const char  *code,
                        const char  *officer_login,
                        GError     **error)
{
  SlipLoad load = { kind, code, officer_login };
  McSlipData *data = NULL;

  g_return_val_if_fail (MC_IS_DESK (desk), NULL);
  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* A wrong kind is said before the store is touched. */
  if (!mc_dossier_slip_check_kind (kind, error))
    return NULL;

  if (!mc_store_read (mc_desk_get_store (desk), load_slip_in_transaction, &load, (gpointer *) &data, error))
    return NULL;

  return with_published_template (desk, data, kind, error);
}

typedef struct
{
  gint64 from;
  gint64 to;
} LedgerLoad;

static gboolean
load_ledger_in_transaction (sqlite3   *db,
                            gpointer   user_data,
                            gpointer  *result,
                            GError   **error)
{
  LedgerLoad *load = user_data;
  g_autoptr(GPtrArray) dossiers = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_dossier_free);
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(McOffice) office = NULL;
  guint before = 0;
  int rc;

  office = mc_desk_settings_get_office (db, error);
  if (office == NULL || !load_ledger_rows_before (db, load->from, &before, error))
    return FALSE;

  stmt = mc_db_prepare (db, "SELECT code FROM dossier WHERE received_at >= ?1 AND received_at < ?2"
                            " ORDER BY received_at, code", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, load->from);
  sqlite3_bind_int64 (stmt, 2, load->to);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (codes, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    return mc_db_set_error (db, rc, error);

  for (guint i = 0; i < codes->len; i++)
    {
      McDossier *dossier = mc_dossier_repo_load (db, g_ptr_array_index (codes, i), error);

      if (dossier == NULL)
        return FALSE;
      g_ptr_array_add (dossiers, dossier);
    }

  *result = mc_ledger_slip_data_numbered (dossiers, office, load->from, load->to, before);

  return TRUE;
}

/**
 * mc_desk_load_ledger_data:
 * @desk: a desk
 * @from: first second of the period (Unix time)
 * @to: first second after the period
 * @error: where to put a failure
 *
 * Reads the dossiers received in [@from, @to) and fills the tracking
 * ledger (see mc_ledger_slip_data()). Runs in the calling thread.
 *
 * Returns: (transfer full): the slip data, or %NULL with @error set
 */
McSlipData *
mc_desk_load_ledger_data (McDesk  *desk,
                          gint64   from,
                          gint64   to,
                          GError **error)
{
  LedgerLoad load = { from, to };
  McSlipData *data = NULL;

  g_return_val_if_fail (MC_IS_DESK (desk), NULL);
  g_return_val_if_fail (from < to, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!mc_store_read (mc_desk_get_store (desk), load_ledger_in_transaction, &load, (gpointer *) &data, error))
    return NULL;

  return with_published_template (desk, data, "ledger", error);
}

typedef struct
{
  const McReception *reception;
} GuidanceLoad;

static gboolean
load_guidance_in_transaction (sqlite3   *db,
                              gpointer   user_data,
                              gpointer  *result,
                              GError   **error)
{
  GuidanceLoad *load = user_data;
  const McReception *reception = load->reception;
  g_autoptr(McDossier) dossier = mc_dossier_new ();
  g_autoptr(McOffice) office = NULL;
  g_autoptr(McOfficer) officer = NULL;
  g_autoptr(McProcedure) procedure = NULL;
  g_autoptr(GString) missing = g_string_new (NULL);
  McTimelineEntry *entry;
  McSlipExtras extras = { -1, NULL, 0, 0 };

  office = mc_desk_settings_get_office (db, error);
  if (office == NULL || !load_officer (db, NULL, &officer, error))
    return FALSE;
  procedure = mc_procedure_load_from_store (db, reception->procedure_code, error);
  if (procedure == NULL)
    return FALSE;

  for (guint i = 0; i < mc_procedure_get_n_components (procedure); i++)
    {
      const McProcedureComponent *component = mc_procedure_get_component (procedure, i);
      McReceptionComponent *given = mc_reception_find_component ((McReception *) reception, component->code);

      if (component->required && (given == NULL || !given->provided))
        {
          if (missing->len > 0)
            g_string_append (missing, "\n");
          g_string_append (missing, component->name);
        }
    }

  /* Not received: the dossier exists only on this paper, with no code. */
  dossier->code = g_strdup ("");
  dossier->office_code = g_strdup (office->code);
  dossier->procedure_code = g_strdup (mc_procedure_get_code (procedure));
  dossier->procedure_name = g_strdup (mc_procedure_get_name (procedure));
  dossier->procedure_field = g_strdup (mc_procedure_get_field (procedure));
  dossier->channel = reception->channel;
  dossier->applicant_name = g_strdup (reception->applicant_name != NULL ? reception->applicant_name : "");
  dossier->applicant_id = g_strdup (reception->applicant_id != NULL ? reception->applicant_id : "");
  dossier->applicant_birth = g_strdup (reception->applicant_birth != NULL ? reception->applicant_birth : "");
  dossier->applicant_sex = g_strdup (reception->applicant_sex != NULL ? reception->applicant_sex : "");
  dossier->applicant_phone = g_strdup (reception->applicant_phone != NULL ? reception->applicant_phone : "");
  dossier->applicant_email = g_strdup (reception->applicant_email != NULL ? reception->applicant_email : "");
  dossier->applicant_address = g_strdup (reception->applicant_address != NULL ? reception->applicant_address : "");
  dossier->state = 1;
  dossier->step = g_strdup ("");
  dossier->department = g_strdup ("");
  dossier->handler = g_strdup ("");
  dossier->received_by = g_strdup ("");
  dossier->issue_number = g_strdup ("");
  dossier->flags = g_strdup ("");

  entry = g_new0 (McTimelineEntry, 1);
  entry->at = g_get_real_time () / G_USEC_PER_SEC;
  entry->actor = g_strdup (officer != NULL ? officer->name : "");
  entry->role = g_strdup (officer != NULL ? officer->title : "");
  entry->department = g_strdup (officer != NULL ? officer->department : "");
  entry->action = g_strdup (MC_ACTION_REQUEST_SUPPLEMENT);
  entry->note = g_string_free (g_steal_pointer (&missing), FALSE);
  entry->state_after = 1;
  entry->step_after = g_strdup ("");
  g_ptr_array_add (dossier->timeline, entry);

  *result = mc_dossier_slip_data_full (dossier, office, officer, "supplement", &extras, error);

  return *result != NULL;
}

/**
 * mc_desk_load_guidance_slip_data:
 * @desk: a desk
 * @reception: what the applicant brought, with required components missing
 * @error: where to put a failure
 *
 * The supplement slip given at the counter when a dossier cannot be
 * received because required components are missing (Decree 118/2025: the
 * official says once, in writing, everything that must be completed). The
 * dossier is not in the store, so the slip has no code or QR; the missing
 * components are the items to supplement.
 *
 * Returns: (transfer full): the slip data
 */
McSlipData *
mc_desk_load_guidance_slip_data (McDesk             *desk,
                                 const McReception  *reception,
                                 GError            **error)
{
  GuidanceLoad load = { reception };
  McSlipData *data = NULL;

  g_return_val_if_fail (MC_IS_DESK (desk), NULL);
  g_return_val_if_fail (reception != NULL, NULL);

  if (!mc_store_read (mc_desk_get_store (desk), load_guidance_in_transaction, &load, (gpointer *) &data, error))
    return NULL;

  return with_published_template (desk, data, "supplement", error);
}
