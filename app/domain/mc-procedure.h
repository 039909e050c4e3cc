/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One administrative procedure (thủ tục hành chính) of the catalogue: what
 * the desk needs to receive a dossier for it (components), what it hands
 * back (results), how long it may take and how that time is shared among
 * the people who handle it. Definitions are JSON (data/procedures/README.md)
 * and are checked strictly, because a wrong number here becomes a wrong
 * appointment date on a citizen's slip. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define MC_PROCEDURE_ERROR (mc_procedure_error_quark ())

/**
 * McProcedureError:
 * @MC_PROCEDURE_ERROR_NOT_FOUND: no such folder or procedure
 * @MC_PROCEDURE_ERROR_READ: a definition file could not be read
 * @MC_PROCEDURE_ERROR_SYNTAX: a definition is not valid JSON
 * @MC_PROCEDURE_ERROR_INVALID: a definition breaks a rule of the format
 * @MC_PROCEDURE_ERROR_DUPLICATE: two definitions use the same code
 */
typedef enum {
  MC_PROCEDURE_ERROR_NOT_FOUND,
  MC_PROCEDURE_ERROR_READ,
  MC_PROCEDURE_ERROR_SYNTAX,
  MC_PROCEDURE_ERROR_INVALID,
  MC_PROCEDURE_ERROR_DUPLICATE,
} McProcedureError;

/**
 * McProcedureRole:
 * @MC_PROCEDURE_ROLE_RECEPTION: the one-stop desk officer
 * @MC_PROCEDURE_ROLE_SPECIALIST: the officer of the competent department
 * @MC_PROCEDURE_ROLE_LEADER: the leader who signs
 * @MC_PROCEDURE_ROLE_CLERK: the clerk who numbers, seals and files
 */
typedef enum {
  MC_PROCEDURE_ROLE_RECEPTION,
  MC_PROCEDURE_ROLE_SPECIALIST,
  MC_PROCEDURE_ROLE_LEADER,
  MC_PROCEDURE_ROLE_CLERK,
} McProcedureRole;

/**
 * McComponentKind:
 * @MC_COMPONENT_KIND_ORIGINAL: bản chính
 * @MC_COMPONENT_KIND_COPY: bản sao (or scan/photocopy)
 * @MC_COMPONENT_KIND_CERTIFIED_COPY: bản sao có chứng thực
 */
typedef enum {
  MC_COMPONENT_KIND_ORIGINAL,
  MC_COMPONENT_KIND_COPY,
  MC_COMPONENT_KIND_CERTIFIED_COPY,
} McComponentKind;

typedef struct
{
  char *code;
  char *name;
  guint copies;
  McComponentKind kind;
  gboolean required;
} McProcedureComponent;

typedef struct
{
  char *code;
  char *name;
} McProcedureResult;

typedef struct
{
  char *id;
  char *name;
  McProcedureRole role;
  double share;
} McProcedureStep;

#define MC_TYPE_PROCEDURE (mc_procedure_get_type ())
G_DECLARE_FINAL_TYPE (McProcedure, mc_procedure, MC, PROCEDURE, GObject)

GQuark        mc_procedure_error_quark            (void);

McProcedure  *mc_procedure_new_from_data          (const char   *data,
                                                   gssize        length,
                                                   const char   *origin,
                                                   GError      **error);
McProcedure  *mc_procedure_new_from_file          (const char   *path,
                                                   GError      **error);

const char   *mc_procedure_get_code               (McProcedure  *self);
const char   *mc_procedure_get_name               (McProcedure  *self);
const char   *mc_procedure_get_folded_name        (McProcedure  *self);
const char   *mc_procedure_get_field              (McProcedure  *self);
const char   *mc_procedure_get_level              (McProcedure  *self);
const char   *mc_procedure_get_agency             (McProcedure  *self);
double        mc_procedure_get_working_days       (McProcedure  *self);
double        mc_procedure_get_extended_working_days (McProcedure *self);
gboolean      mc_procedure_is_same_day            (McProcedure  *self);
const char   *mc_procedure_get_same_day_cutoff    (McProcedure  *self);
gint64        mc_procedure_get_fee                (McProcedure  *self);
gint64        mc_procedure_get_fee_online         (McProcedure  *self);
const char   *mc_procedure_get_effective_from     (McProcedure  *self);
gboolean      mc_procedure_is_sample              (McProcedure  *self);
const char   *mc_procedure_get_origin             (McProcedure  *self);

guint         mc_procedure_get_n_components       (McProcedure  *self);
const McProcedureComponent *
              mc_procedure_get_component          (McProcedure  *self,
                                                   guint         index);
const McProcedureComponent *
              mc_procedure_lookup_component       (McProcedure  *self,
                                                   const char   *code);
guint         mc_procedure_get_n_results          (McProcedure  *self);
const McProcedureResult *
              mc_procedure_get_result             (McProcedure  *self,
                                                   guint         index);
guint         mc_procedure_get_n_steps            (McProcedure  *self);
const McProcedureStep *
              mc_procedure_get_step               (McProcedure  *self,
                                                   guint         index);
const char * const *
              mc_procedure_get_legal_basis        (McProcedure  *self);

JsonNode     *mc_procedure_get_definition         (McProcedure  *self);
char         *mc_procedure_to_json                (McProcedure  *self);

gboolean      mc_procedure_is_valid_code          (const char   *code);
const char   *mc_procedure_role_to_string         (McProcedureRole role);
gboolean      mc_procedure_role_from_string       (const char      *text,
                                                   McProcedureRole *role);
const char   *mc_component_kind_to_string         (McComponentKind kind);

G_END_DECLS
