/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the reception officer hands over to receive a dossier, and what a
 * workflow action needs besides the dossier code. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *code;
  gboolean provided;
  GPtrArray *files;
  GPtrArray *unread;   /* of the paths in files that are page images whose text is read later */
  GPtrArray *to_sign;  /* of the paths in files the office signs in the background */
} McReceptionComponent;

typedef struct
{
  char *procedure_code;
  int channel;
  char *applicant_name;
  char *applicant_id;
  char *applicant_birth;
  char *applicant_sex;
  char *applicant_phone;
  char *applicant_email;
  char *applicant_address;
  GPtrArray *components;
  gint64 received_at;
  char *note;
} McReception;

typedef struct
{
  gint64 id;
  char *code;
  gint64 received_at;
  gint64 due_at;
  char *op_id;
  GPtrArray *warnings;
} McReceptionResult;

typedef struct
{
  char *reason;
  char *department;
  char *handler;
  char *issue_number;
  gint64 new_appointment;
  gint64 at;
} McActionParams;

McReception          *mc_reception_new                (void);
void                  mc_reception_free               (McReception          *reception);
McReceptionComponent *mc_reception_add_component      (McReception          *reception,
                                                       const char           *code,
                                                       gboolean              provided);
void                  mc_reception_component_add_file (McReceptionComponent *component,
                                                       const char           *path);
void                  mc_reception_component_add_scan (McReceptionComponent *component,
                                                       const char           *path);
gboolean              mc_reception_component_is_unread (const McReceptionComponent *component,
                                                        const char                 *path);
void                  mc_reception_component_add_copy_to_sign (McReceptionComponent *component,
                                                               const char           *path);
gboolean              mc_reception_component_is_to_sign (const McReceptionComponent *component,
                                                         const char                 *path);
McReceptionComponent *mc_reception_find_component     (McReception          *reception,
                                                       const char           *code);
void                  mc_reception_result_free        (McReceptionResult    *result);
void                  mc_action_params_clear          (McActionParams       *params);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McReception, mc_reception_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McReceptionResult, mc_reception_result_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (McActionParams, mc_action_params_clear)

G_END_DECLS
