/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SQL functions the schema's triggers call to keep the full-text index in
 * folded form, and the queries' test of a dossier whose clock runs, named
 * by the domain's states rather than their numbers. Every connection the
 * store opens registers them. */
#define G_LOG_DOMAIN "motcua-store"

#include "config.h"

#include "domain/mc-state.h"
#include "domain/mc-text.h"
#include "mc-store-private.h"

static void
sql_fold (sqlite3_context *context,
          int              argc,
          sqlite3_value  **argv)
{
  char *folded = mc_text_fold ((const char *) sqlite3_value_text (argv[0]));

  sqlite3_result_text (context, folded, -1, g_free);
}

static void
sql_id_parts (sqlite3_context *context,
              int              argc,
              sqlite3_value  **argv)
{
  char *parts = mc_text_digit_parts ((const char *) sqlite3_value_text (argv[0]), 4);

  sqlite3_result_text (context, parts, -1, g_free);
}

/* mc_running(state): the dossier's time limit is counting (received,
 * processing, or waiting for a fee), so it can be late or due soon. */
static void
sql_running (sqlite3_context *context,
             int              argc,
             sqlite3_value  **argv)
{
  int state = sqlite3_value_int (argv[0]);

  sqlite3_result_int (context, state == MC_STATE_RECEIVED || state == MC_STATE_PROCESSING ||
                               state == MC_STATE_FEE_REQUESTED);
}

/**
 * mc_db_register_functions:
 * @db: a connection
 *
 * Registers mc_fold(), mc_id_parts() and mc_running() on @db.
 *
 * Returns: an SQLite result code
 */
int
mc_db_register_functions (sqlite3 *db)
{
  const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  int rc;

  rc = sqlite3_create_function_v2 (db, "mc_fold", 1, flags, NULL, sql_fold, NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function_v2 (db, "mc_id_parts", 1, flags, NULL, sql_id_parts, NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function_v2 (db, "mc_running", 1, flags, NULL, sql_running, NULL, NULL, NULL);

  return rc;
}
