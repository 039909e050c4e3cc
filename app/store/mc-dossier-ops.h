/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the workflow's changes to dossiers are made with: who acts by
 * which rules and calendar, the files already in the blob store, and the
 * appointment a procedure gives. The changes themselves, each run inside
 * one store transaction, are private to the core (mc-dossier-ops-private.h). */
#pragma once

#include "domain/calendar/mc-calendar.h"
#include "domain/mc-officer.h"
#include "domain/mc-reception.h"
#include "domain/mc-workflow.h"

G_BEGIN_DECLS

typedef struct
{
  McWorkflow *rules;
  McCalendar *calendar;
  const char *officer_login;
  gint64 now;
} McOpsContext;

typedef struct
{
  char *component_code;
  char *name;
  char *sha256;
  gint64 size;
  char *mime;
  gboolean ocr_pending;   /* page images only: the background OCR adds its text */
  gboolean sign_pending;  /* a copy the desk's sign queue signs in the background */
} McStoredFile;

gint64             mc_dossier_ops_appointment   (McCalendar            *calendar,
                                                 gint64                 received_at,
                                                 gboolean               same_day,
                                                 const char            *cutoff,
                                                 double                 working_days,
                                                 GPtrArray             *warnings);
void               mc_stored_file_free          (McStoredFile          *file);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McStoredFile, mc_stored_file_free)

G_END_DECLS
