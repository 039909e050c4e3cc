/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A whole dossier as the detail view, the slips and the CLI see it: the
 * national portal's fields, its components, files and timeline. A plain
 * record read in one transaction; changes go through the workflow. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *code;
  char *name;
  int copies;
  char *kind;
  gboolean provided;
} McDossierComponent;

typedef struct
{
  gint64 id;
  char *component_code;
  char *role;
  char *name;
  char *sha256;
  gint64 size;
  char *mime;
  gint64 added_at;
  char *added_by;
  char *signed_sha256;
  char *signed_by;
  gint64 signed_at;
  gboolean ocr_pending;   /* its text is still being read in the background */
  gboolean sign_pending;  /* a copy waiting for the office's signature */
} McDossierFile;

typedef struct
{
  gint64 at;
  char *actor;
  char *role;
  char *department;
  char *action;
  char *note;
  int state_after;
  char *step_after;
} McTimelineEntry;

typedef struct
{
  gint64 id;
  char *code;
  char *office_code;
  char *procedure_code;
  char *procedure_name;
  char *procedure_field;
  int channel;
  char *applicant_name;
  char *applicant_id;
  char *applicant_birth;
  char *applicant_sex;
  char *applicant_phone;
  char *applicant_email;
  char *applicant_address;
  gint64 received_at;
  gint64 due_at;      /* the appointment given at reception; an apology never moves it */
  gint64 new_due_at;  /* the latest apology's new appointment, or 0 */
  int state;
  char *step;
  char *department;
  char *handler;
  char *received_by;
  gint64 version;
  gint64 paused_at;
  gboolean has_remaining;
  gint64 remaining_seconds;
  int resume_state;
  int supplement_count;
  int apology_count;
  gint64 result_ready_at;
  gint64 returned_at;
  char *issue_number;
  char *flags;
  GPtrArray *components;
  GPtrArray *files;
  GPtrArray *timeline;
} McDossier;

McDossier  *mc_dossier_new                 (void);
void        mc_dossier_free                (McDossier        *dossier);
JsonNode   *mc_dossier_to_json             (const McDossier  *dossier);
JsonNode   *mc_dossier_portal_fields       (const McDossier  *dossier);
JsonNode   *mc_dossier_portal_update       (const McDossier  *dossier,
                                            gboolean          with_files,
                                            guint             last_steps);
char       *mc_portal_time                 (gint64            unix_seconds);
const char *mc_channel_label               (int               channel);

void        mc_dossier_component_free      (McDossierComponent *component);
void        mc_dossier_file_free           (McDossierFile      *file);
void        mc_timeline_entry_free         (McTimelineEntry    *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McDossier, mc_dossier_free)

G_END_DECLS
