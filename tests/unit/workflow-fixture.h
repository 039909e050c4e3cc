/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A desk ready for workflow tests: office, four officers, one procedure. */
#pragma once

#include "store/mc-desk.h"

/* What a procedure definition needs besides its code, name, time and
 * components to be whole: the store reads procedures back through
 * McProcedure, which refuses half a definition. */
#define FIXTURE_PROCEDURE_TAIL \
  " \"results\": [{\"code\": \"KQ1\", \"name\": \"Giấy khai sinh\"}]," \
  " \"steps\": [{\"id\": \"reception\", \"name\": \"Tiếp nhận\", \"role\": \"reception\", \"share\": 0.2}," \
  "  {\"id\": \"review\", \"name\": \"Thẩm định\", \"role\": \"specialist\", \"share\": 0.4}," \
  "  {\"id\": \"sign\", \"name\": \"Ký\", \"role\": \"leader\", \"share\": 0.2}," \
  "  {\"id\": \"return\", \"name\": \"Trả kết quả\", \"role\": \"reception\", \"share\": 0.2}]," \
  " \"legal_basis\": [\"Luật Hộ tịch số 60/2014/QH13\"]," \
  " \"sources\": [{\"ref\": \"test fixture\", \"supports\": [\"code\"]}]"

typedef struct
{
  char *tmp;
  McDesk *desk;
} Fixture;

Fixture     *fixture_new                 (gboolean     with_leases);
void         fixture_free                (Fixture     *fixture);
void         fixture_reopen              (Fixture     *fixture);
McReception *fixture_birth_reception     (void);
void         fixture_act                 (Fixture     *fixture,
                                          const char  *login,
                                          const char  *code,
                                          const char  *action);
char        *fixture_reviewed_dossier    (Fixture     *fixture);
gint64       fixture_count               (McStore     *store,
                                          const char  *sql);
char        *fixture_text                (McStore     *store,
                                          const char  *sql);
void         fixture_lease               (Fixture     *fixture,
                                          const char  *day,
                                          guint        first,
                                          guint        last);
gboolean     fixture_try_lease           (Fixture     *fixture,
                                          const char  *day,
                                          guint        first,
                                          guint        last,
                                          GError     **error);
void         fixture_set_procedure_days  (Fixture     *fixture,
                                          const char  *code,
                                          double       days);
void         fixture_set_procedure_definition (Fixture *fixture,
                                               const char *code,
                                               double      days,
                                               const char *definition);
void         fixture_attach_draft        (McStore     *store,
                                          const char  *code);
void         g_set_str_compat            (char       **slot,
                                          const char  *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fixture, fixture_free)
