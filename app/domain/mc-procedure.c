/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading and checking one procedure definition. Every rule failure names
 * the file (or store row) and the member at fault, because the people who
 * fix a catalogue are administrators with a text editor, not programmers.
 * The parsed JSON is kept as it was so that sources, notes and any member
 * the desk does not use yet travel unchanged into the store. */
#define G_LOG_DOMAIN "motcua-domain"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mc-procedure.h"
#include "mc-text.h"

/* The step shares must add up to 1 within this tolerance. */
#define SHARE_TOLERANCE 0.01

struct _McProcedure
{
  GObject parent_instance;

  char *origin;
  JsonNode *definition;

  char *code;
  char *name;
  char *folded_name;
  char *field;
  char *level;
  char *agency;
  double working_days;
  double extended_working_days;
  gboolean same_day;
  char *same_day_cutoff;
  gint64 fee;
  gint64 fee_online;
  char *effective_from;
  gboolean sample;

  GArray *components;
  GArray *results;
  GArray *steps;
  GStrv legal_basis;
};

G_DEFINE_FINAL_TYPE (McProcedure, mc_procedure, G_TYPE_OBJECT)
G_DEFINE_QUARK (mc-procedure-error-quark, mc_procedure_error)

enum {
  PROP_0,
  PROP_CODE,
  PROP_NAME,
  PROP_FIELD,
  PROP_LEVEL,
  PROP_WORKING_DAYS,
  PROP_SAME_DAY,
  PROP_FEE,
  PROP_EFFECTIVE_FROM,
  PROP_SAMPLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const role_names[] = {
  [MC_PROCEDURE_ROLE_RECEPTION] = "reception",
  [MC_PROCEDURE_ROLE_SPECIALIST] = "specialist",
  [MC_PROCEDURE_ROLE_LEADER] = "leader",
  [MC_PROCEDURE_ROLE_CLERK] = "clerk",
};

static const char * const kind_names[] = {
  [MC_COMPONENT_KIND_ORIGINAL] = "original",
  [MC_COMPONENT_KIND_COPY] = "copy",
  [MC_COMPONENT_KIND_CERTIFIED_COPY] = "certified_copy",
};

static const char * const top_members[] = {
  "code", "name", "field", "level", "agency", "working_days", "same_day",
  "same_day_cutoff", "extended_working_days", "time_note", "fee", "fee_online",
  "fee_unit", "fee_note", "effective_from", "sample", "components", "results",
  "steps", "legal_basis", "sources", "notes", NULL
};
static const char * const component_members[] = { "code", "name", "copies", "kind", "required", NULL };
static const char * const result_members[] = { "code", "name", NULL };
static const char * const step_members[] = { "id", "name", "role", "share", NULL };
static const char * const source_members[] = { "ref", "supports", NULL };
static const char * const source_supports[] = {
  "code", "name", "field", "level", "time", "fee", "components", "results",
  "legal_basis", NULL
};

static void
clear_component (gpointer data)
{
  McProcedureComponent *component = data;

  g_free (component->code);
  g_free (component->name);
}

static void
clear_result (gpointer data)
{
  McProcedureResult *result = data;

  g_free (result->code);
  g_free (result->name);
}

static void
clear_step (gpointer data)
{
  McProcedureStep *step = data;

  g_free (step->id);
  g_free (step->name);
}

static void
mc_procedure_finalize (GObject *object)
{
  McProcedure *self = MC_PROCEDURE (object);

  g_free (self->origin);
  g_clear_pointer (&self->definition, json_node_unref);
  g_free (self->code);
  g_free (self->name);
  g_free (self->folded_name);
  g_free (self->field);
  g_free (self->level);
  g_free (self->agency);
  g_free (self->same_day_cutoff);
  g_free (self->effective_from);
  g_clear_pointer (&self->components, g_array_unref);
  g_clear_pointer (&self->results, g_array_unref);
  g_clear_pointer (&self->steps, g_array_unref);
  g_strfreev (self->legal_basis);

  G_OBJECT_CLASS (mc_procedure_parent_class)->finalize (object);
}

static void
mc_procedure_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  McProcedure *self = MC_PROCEDURE (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_FIELD:
      g_value_set_string (value, self->field);
      break;
    case PROP_LEVEL:
      g_value_set_string (value, self->level);
      break;
    case PROP_WORKING_DAYS:
      g_value_set_double (value, self->working_days);
      break;
    case PROP_SAME_DAY:
      g_value_set_boolean (value, self->same_day);
      break;
    case PROP_FEE:
      g_value_set_int64 (value, self->fee);
      break;
    case PROP_EFFECTIVE_FROM:
      g_value_set_string (value, self->effective_from);
      break;
    case PROP_SAMPLE:
      g_value_set_boolean (value, self->sample);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_procedure_class_init (McProcedureClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = mc_procedure_finalize;
  object_class->get_property = mc_procedure_get_property;

  properties[PROP_CODE] = g_param_spec_string ("code", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_FIELD] = g_param_spec_string ("field", NULL, NULL, NULL, flags);
  properties[PROP_LEVEL] = g_param_spec_string ("level", NULL, NULL, NULL, flags);
  properties[PROP_WORKING_DAYS] = g_param_spec_double ("working-days", NULL, NULL,
                                                       0, G_MAXDOUBLE, 0, flags);
  properties[PROP_SAME_DAY] = g_param_spec_boolean ("same-day", NULL, NULL, FALSE, flags);
  properties[PROP_FEE] = g_param_spec_int64 ("fee", NULL, NULL, -1, G_MAXINT64, -1, flags);
  properties[PROP_EFFECTIVE_FROM] = g_param_spec_string ("effective-from", NULL, NULL, NULL, flags);
  properties[PROP_SAMPLE] = g_param_spec_boolean ("sample", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mc_procedure_init (McProcedure *self)
{
  self->components = g_array_new (FALSE, TRUE, sizeof (McProcedureComponent));
  g_array_set_clear_func (self->components, clear_component);
  self->results = g_array_new (FALSE, TRUE, sizeof (McProcedureResult));
  g_array_set_clear_func (self->results, clear_result);
  self->steps = g_array_new (FALSE, TRUE, sizeof (McProcedureStep));
  g_array_set_clear_func (self->steps, clear_step);
  self->fee = -1;
  self->fee_online = -1;
}

/* Checking. Each helper sets @error with the origin in front and returns
 * FALSE, so the parser reads as a list of rules. */

typedef struct
{
  const char *origin;
  GError **error;
} Check;

static gboolean G_GNUC_PRINTF (3, 4)
fail (Check      *check,
      int         code,
      const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* TRANSLATORS: the first %s is a file name or a store row, the second
   * what is wrong with it */
  g_set_error (check->error, MC_PROCEDURE_ERROR, code, _("%s: %s"), check->origin, message);
  return FALSE;
}

static gboolean
check_members (Check             *check,
               JsonObject        *object,
               const char        *where,
               const char * const *allowed)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      return fail (check, MC_PROCEDURE_ERROR_INVALID,
                   _("%s has an unknown member “%s”. Remove it or correct its spelling."),
                   where, (const char *) l->data);
  return TRUE;
}

static gboolean
get_string (Check       *check,
            JsonObject  *object,
            const char  *where,
            const char  *member,
            gboolean     required,
            char       **out)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return fail (check, MC_PROCEDURE_ERROR_INVALID,
                     _("%s has no “%s”. Add it."), where, member);
      *out = NULL;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fail (check, MC_PROCEDURE_ERROR_INVALID,
                 _("“%s” of %s must be text in quotes."), member, where);

  const char *text = json_node_get_string (node);
  g_autofree char *trimmed = g_strstrip (g_strdup (text));

  if (required && *trimmed == '\0')
    return fail (check, MC_PROCEDURE_ERROR_INVALID,
                 _("“%s” of %s is empty. Fill it in."), member, where);

  *out = g_strdup (text);
  return TRUE;
}

static gboolean
get_number (Check       *check,
            JsonObject  *object,
            const char  *where,
            const char  *member,
            gboolean     integer,
            gboolean    *present,
            double      *out)
{
  JsonNode *node = json_object_get_member (object, member);
  GType type;

  *present = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type == G_TYPE_INT64)
    *out = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE && !integer)
    *out = json_node_get_double (node);
  else if (integer)
    return fail (check, MC_PROCEDURE_ERROR_INVALID,
                 _("“%s” of %s must be a whole number."), member, where);
  else
    return fail (check, MC_PROCEDURE_ERROR_INVALID,
                 _("“%s” of %s must be a number."), member, where);

  if (!isfinite (*out))
    return fail (check, MC_PROCEDURE_ERROR_INVALID,
                 _("“%s” of %s must be a number."), member, where);

  *present = TRUE;
  return TRUE;
}

static gboolean
get_boolean (Check       *check,
             JsonObject  *object,
             const char  *where,
             const char  *member,
             gboolean     fallback,
             gboolean    *out)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *out = fallback;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fail (check, MC_PROCEDURE_ERROR_INVALID,
                 _("“%s” of %s must be true or false."), member, where);

  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
get_array (Check       *check,
           JsonObject  *object,
           const char  *where,
           const char  *member,
           gboolean     required,
           JsonArray  **out)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return fail (check, MC_PROCEDURE_ERROR_INVALID,
                     _("%s has no “%s”. Add it as a list in square brackets."), where, member);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (check, MC_PROCEDURE_ERROR_INVALID,
                 _("“%s” of %s must be a list in square brackets."), member, where);

  *out = json_node_get_array (node);
  return TRUE;
}

static JsonObject *
get_item_object (Check      *check,
                 JsonArray  *array,
                 guint       index,
                 const char *member)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (check, MC_PROCEDURE_ERROR_INVALID,
            _("item %u of “%s” must be an object in braces."), index + 1, member);
      return NULL;
    }
  return json_node_get_object (node);
}

/**
 * mc_procedure_is_valid_code:
 * @code: (nullable): a procedure code
 *
 * Whether @code has the shape of a national procedure code, `d.dddddd`
 * (one digit, a dot, six digits).
 *
 * Returns: %TRUE for a well-formed code
 */
gboolean
mc_procedure_is_valid_code (const char *code)
{
  if (code == NULL || strlen (code) != 8)
    return FALSE;
  for (guint i = 0; i < 8; i++)
    {
      if (i == 1 ? code[i] != '.' : !g_ascii_isdigit (code[i]))
        return FALSE;
    }
  return TRUE;
}

static gboolean
valid_date (const char *text)
{
  unsigned year, month, day;
  char tail;

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  if (sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &tail) != 3)
    return FALSE;
  return g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

static gboolean
valid_time_of_day (const char *text)
{
  return strlen (text) == 5 && g_ascii_isdigit (text[0]) && g_ascii_isdigit (text[1]) &&
         text[2] == ':' && g_ascii_isdigit (text[3]) && g_ascii_isdigit (text[4]) &&
         (text[0] - '0') * 10 + (text[1] - '0') < 24 &&
         (text[3] - '0') * 10 + (text[4] - '0') < 60;
}

static gboolean
parse_components (McProcedure *self,
                  Check       *check,
                  JsonObject  *root)
{
  JsonArray *array;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  if (!get_array (check, root, _("the procedure"), "components", TRUE, &array))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = get_item_object (check, array, i, "components");
      g_autofree char *where = g_strdup_printf (_("component %u"), i + 1);
      McProcedureComponent component = { 0 };
      g_autofree char *kind = NULL;
      gboolean present;
      double copies = 0;

      if (object == NULL || !check_members (check, object, where, component_members))
        return FALSE;

      if (!get_string (check, object, where, "code", TRUE, &component.code) ||
          !get_string (check, object, where, "name", TRUE, &component.name))
        {
          clear_component (&component);
          return FALSE;
        }
      g_array_append_val (self->components, component);

      if (g_hash_table_contains (seen, component.code))
        return fail (check, MC_PROCEDURE_ERROR_INVALID,
                     _("the component code “%s” is used twice. Give each component its own code."),
                     component.code);
      g_hash_table_add (seen, component.code);

      if (!get_number (check, object, where, "copies", TRUE, &present, &copies))
        return FALSE;
      if (!present || copies < 1)
        return fail (check, MC_PROCEDURE_ERROR_INVALID,
                     _("component “%s” must ask for at least 1 copy (“copies”)."), component.code);
      if (copies > 100)
        return fail (check, MC_PROCEDURE_ERROR_INVALID,
                     _("component “%s” asks for %.0f copies; at most 100 are allowed."),
                     component.code, copies);

      if (!get_string (check, object, where, "kind", TRUE, &kind))
        return FALSE;

      McProcedureComponent *stored = &g_array_index (self->components, McProcedureComponent,
                                                     self->components->len - 1);
      guint k;

      for (k = 0; k < G_N_ELEMENTS (kind_names); k++)
        if (g_str_equal (kind, kind_names[k]))
          break;
      if (k == G_N_ELEMENTS (kind_names))
        return fail (check, MC_PROCEDURE_ERROR_INVALID,
                     _("component “%s” has the kind “%s”; use original, copy or certified_copy."),
                     component.code, kind);

      stored->kind = (McComponentKind) k;
      stored->copies = (guint) copies;
      if (!get_boolean (check, object, where, "required", TRUE, &stored->required))
        return FALSE;
    }

  return TRUE;
}

static gboolean
parse_results (McProcedure *self,
               Check       *check,
               JsonObject  *root)
{
  JsonArray *array;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  if (!get_array (check, root, _("the procedure"), "results", TRUE, &array))
    return FALSE;
  if (json_array_get_length (array) == 0)
    return fail (check, MC_PROCEDURE_ERROR_INVALID,
                 _("“results” is empty. List at least the document the citizen receives."));

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = get_item_object (check, array, i, "results");
      g_autofree char *where = g_strdup_printf (_("result %u"), i + 1);
      McProcedureResult result = { 0 };

      if (object == NULL || !check_members (check, object, where, result_members))
        return FALSE;
      if (!get_string (check, object, where, "code", TRUE, &result.code) ||
          !get_string (check, object, where, "name", TRUE, &result.name))
        {
          clear_result (&result);
          return FALSE;
        }
      g_array_append_val (self->results, result);

      if (g_hash_table_contains (seen, result.code))
        return fail (check, MC_PROCEDURE_ERROR_INVALID,
                     _("the result code “%s” is used twice. Give each result its own code."),
                     result.code);
      g_hash_table_add (seen, result.code);
    }

  return TRUE;
}

static gboolean
parse_steps (McProcedure *self,
             Check       *check,
             JsonObject  *root)
{
  JsonArray *array;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  double total = 0;

  if (!get_array (check, root, _("the procedure"), "steps", TRUE, &array))
    return FALSE;
  if (json_array_get_length (array) == 0)
    return fail (check, MC_PROCEDURE_ERROR_INVALID,
                 _("“steps” is empty. List the internal steps with their share of the time."));

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = get_item_object (check, array, i, "steps");
      g_autofree char *where = g_strdup_printf (_("step %u"), i + 1);
      McProcedureStep step = { 0 };
      g_autofree char *role = NULL;
      gboolean present;

      if (object == NULL || !check_members (check, object, where, step_members))
        return FALSE;
      if (!get_string (check, object, where, "id", TRUE, &step.id) ||
          !get_string (check, object, where, "name", TRUE, &step.name))
        {
          clear_step (&step);
          return FALSE;
        }
      g_array_append_val (self->steps, step);

      if (g_hash_table_contains (seen, step.id))
        return fail (check, MC_PROCEDURE_ERROR_INVALID,
                     _("the step id “%s” is used twice. Give each step its own id."), step.id);
      g_hash_table_add (seen, step.id);

      McProcedureStep *stored = &g_array_index (self->steps, McProcedureStep, self->steps->len - 1);

      if (!get_string (check, object, where, "role", TRUE, &role))
        return FALSE;
      if (!mc_procedure_role_from_string (role, &stored->role))
        return fail (check, MC_PROCEDURE_ERROR_INVALID,
                     _("step “%s” has the unknown role “%s”; use reception, specialist, leader or clerk."),
                     stored->id, role);

      if (!get_number (check, object, where, "share", FALSE, &present, &stored->share))
        return FALSE;
      if (!present || stored->share <= 0 || stored->share > 1)
        return fail (check, MC_PROCEDURE_ERROR_INVALID,
                     _("step “%s” needs a “share” of the time greater than 0 and at most 1."),
                     stored->id);
      total += stored->share;
    }

  if (fabs (total - 1.0) > SHARE_TOLERANCE)
    return fail (check, MC_PROCEDURE_ERROR_INVALID,
                 _("the step shares add up to %.3f, not 1. Change them so that they add up to 1."),
                 total);

  return TRUE;
}

static gboolean
parse_texts (Check       *check,
             JsonObject  *root,
             const char  *member,
             GStrv       *out)
{
  JsonArray *array;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (!get_array (check, root, _("the procedure"), member, FALSE, &array))
    return FALSE;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
          *json_node_get_string (node) == '\0')
        return fail (check, MC_PROCEDURE_ERROR_INVALID,
                     _("item %u of “%s” must be non-empty text in quotes."), i + 1, member);
      g_strv_builder_add (builder, json_node_get_string (node));
    }

  *out = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
parse_sources (Check      *check,
               JsonObject *root)
{
  JsonArray *array;

  if (!get_array (check, root, _("the procedure"), "sources", FALSE, &array))
    return FALSE;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *object = get_item_object (check, array, i, "sources");
      g_autofree char *where = g_strdup_printf (_("source %u"), i + 1);
      g_autofree char *ref = NULL;
      g_auto(GStrv) supports = NULL;

      if (object == NULL || !check_members (check, object, where, source_members))
        return FALSE;
      if (!get_string (check, object, where, "ref", TRUE, &ref) ||
          !parse_texts (check, object, "supports", &supports))
        return FALSE;
      for (guint k = 0; supports[k] != NULL; k++)
        if (!g_strv_contains (source_supports, supports[k]))
          return fail (check, MC_PROCEDURE_ERROR_INVALID,
                       _("%s supports the unknown fact “%s”; use code, name, field, level, time, fee, components, results or legal_basis."),
                       where, supports[k]);
    }

  return TRUE;
}

static gboolean
parse_definition (McProcedure *self,
                  Check       *check,
                  JsonObject  *root)
{
  static const char * const optional_texts[] = { "fee_unit", "fee_note", "time_note", "notes" };
  const char *where = _("the procedure");
  gboolean present;
  double value;

  if (!check_members (check, root, where, top_members))
    return FALSE;

  if (!get_string (check, root, where, "code", TRUE, &self->code))
    return FALSE;
  if (!mc_procedure_is_valid_code (self->code))
    return fail (check, MC_PROCEDURE_ERROR_INVALID,
                 _("the code “%s” is not a national procedure code (one digit, a dot, six digits, like 1.001193)."),
                 self->code);

  if (!get_string (check, root, where, "name", TRUE, &self->name) ||
      !get_string (check, root, where, "field", TRUE, &self->field) ||
      !get_string (check, root, where, "level", TRUE, &self->level) ||
      !get_string (check, root, where, "agency", FALSE, &self->agency))
    return FALSE;
  self->folded_name = mc_text_fold (self->name);
  if (!g_str_equal (self->level, "commune") && !g_str_equal (self->level, "province"))
    return fail (check, MC_PROCEDURE_ERROR_INVALID,
                 _("the level “%s” is unknown; use commune or province."), self->level);

  if (!get_number (check, root, where, "working_days", FALSE, &present, &self->working_days))
    return FALSE;
  if (!present)
    return fail (check, MC_PROCEDURE_ERROR_INVALID,
                 _("the procedure has no “working_days”. Add the processing time in working days."));
  if (self->working_days < 0)
    return fail (check, MC_PROCEDURE_ERROR_INVALID,
                 _("“working_days” is %g; a processing time cannot be negative."), self->working_days);

  if (!get_boolean (check, root, where, "same_day", FALSE, &self->same_day))
    return FALSE;
  if (self->same_day && self->working_days != 0)
    return fail (check, MC_PROCEDURE_ERROR_INVALID,
                 _("a same-day procedure must have “working_days” 0, not %g."), self->working_days);
  if (!get_string (check, root, where, "same_day_cutoff", FALSE, &self->same_day_cutoff))
    return FALSE;
  if (self->same_day_cutoff != NULL && (!self->same_day || !valid_time_of_day (self->same_day_cutoff)))
    return fail (check, MC_PROCEDURE_ERROR_INVALID,
                 _("“same_day_cutoff” must be a time like 15:00 and needs “same_day”: true."));

  self->extended_working_days = self->working_days;
  if (!get_number (check, root, where, "extended_working_days", FALSE, &present, &value))
    return FALSE;
  if (present)
    {
      if (value < self->working_days)
        return fail (check, MC_PROCEDURE_ERROR_INVALID,
                     _("“extended_working_days” (%g) is shorter than “working_days” (%g)."),
                     value, self->working_days);
      self->extended_working_days = value;
    }

  if (!json_object_has_member (root, "fee"))
    return fail (check, MC_PROCEDURE_ERROR_INVALID,
                 _("the procedure has no “fee”. Give the amount in đồng, 0 when free, or null when the province sets it."));
  if (!get_number (check, root, where, "fee", TRUE, &present, &value))
    return FALSE;
  if (present && value < 0)
    return fail (check, MC_PROCEDURE_ERROR_INVALID, _("“fee” cannot be negative."));
  self->fee = present ? (gint64) value : -1;
  if (!get_number (check, root, where, "fee_online", TRUE, &present, &value))
    return FALSE;
  if (present && value < 0)
    return fail (check, MC_PROCEDURE_ERROR_INVALID, _("“fee_online” cannot be negative."));
  self->fee_online = present ? (gint64) value : self->fee;

  for (guint i = 0; i < G_N_ELEMENTS (optional_texts); i++)
    {
      g_autofree char *text = NULL;

      if (!get_string (check, root, where, optional_texts[i], FALSE, &text))
        return FALSE;
    }

  if (!get_string (check, root, where, "effective_from", FALSE, &self->effective_from))
    return FALSE;
  if (self->effective_from != NULL && !valid_date (self->effective_from))
    return fail (check, MC_PROCEDURE_ERROR_INVALID,
                 _("“effective_from” is “%s”; write a date like 2025-07-01."), self->effective_from);

  if (!get_boolean (check, root, where, "sample", FALSE, &self->sample))
    return FALSE;

  return parse_components (self, check, root) &&
         parse_results (self, check, root) &&
         parse_steps (self, check, root) &&
         parse_texts (check, root, "legal_basis", &self->legal_basis) &&
         parse_sources (check, root);
}

/**
 * mc_procedure_new_from_data:
 * @data: JSON text of one definition
 * @length: length of @data, or -1 when it ends with a nul
 * @origin: where the text came from (a file path, a store row), for errors
 * @error: where to put a failure
 *
 * Parses and checks one procedure definition.
 *
 * Returns: (transfer full) (nullable): the procedure, or %NULL with
 *   %MC_PROCEDURE_ERROR_SYNTAX or %MC_PROCEDURE_ERROR_INVALID
 */
McProcedure *
mc_procedure_new_from_data (const char  *data,
                            gssize       length,
                            const char  *origin,
                            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(McProcedure) self = NULL;
  g_autoptr(GError) local_error = NULL;
  Check check = { origin, error };
  JsonNode *root;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (origin != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      fail (&check, MC_PROCEDURE_ERROR_SYNTAX,
            _("this is not valid JSON (%s). Fix the punctuation at that place."),
            local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      fail (&check, MC_PROCEDURE_ERROR_INVALID,
            _("a procedure must be one JSON object in braces."));
      return NULL;
    }

  self = g_object_new (MC_TYPE_PROCEDURE, NULL);
  self->origin = g_strdup (origin);
  self->definition = json_node_ref (root);

  if (!parse_definition (self, &check, json_node_get_object (root)))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * mc_procedure_new_from_file:
 * @path: a definition file
 * @error: where to put a failure
 *
 * Reads, parses and checks one procedure definition file.
 *
 * Returns: (transfer full) (nullable): the procedure, or %NULL
 */
McProcedure *
mc_procedure_new_from_file (const char  *path,
                            GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, MC_PROCEDURE_ERROR, MC_PROCEDURE_ERROR_READ,
                   _("%s: the file cannot be read (%s). Check that it exists and may be read."),
                   path, local_error->message);
      return NULL;
    }

  return mc_procedure_new_from_data (contents, (gssize) length, path, error);
}

/**
 * mc_procedure_get_code:
 * @self: a procedure
 *
 * Returns: the national code, like `1.001193`
 */
const char *
mc_procedure_get_code (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), NULL);
  return self->code;
}

/**
 * mc_procedure_get_name:
 * @self: a procedure
 *
 * Returns: the official name
 */
const char *
mc_procedure_get_name (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), NULL);
  return self->name;
}

/**
 * mc_procedure_get_folded_name:
 * @self: a procedure
 *
 * Returns: the name folded by mc_text_fold(), for search and sorting
 */
const char *
mc_procedure_get_folded_name (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), NULL);
  return self->folded_name;
}

/**
 * mc_procedure_get_field:
 * @self: a procedure
 *
 * Returns: the field (lĩnh vực), like “Hộ tịch”
 */
const char *
mc_procedure_get_field (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), NULL);
  return self->field;
}

/**
 * mc_procedure_get_level:
 * @self: a procedure
 *
 * Returns: `commune` or `province`
 */
const char *
mc_procedure_get_level (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), NULL);
  return self->level;
}

/**
 * mc_procedure_get_agency:
 * @self: a procedure
 *
 * Returns: (nullable): the body that decides when it is not the People's
 *   Committee (e.g. the commune police), or %NULL
 */
const char *
mc_procedure_get_agency (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), NULL);
  return self->agency;
}

/**
 * mc_procedure_get_working_days:
 * @self: a procedure
 *
 * The processing time in working days. Fractions are real (0.5 is half a
 * working day); 0 goes with mc_procedure_is_same_day().
 *
 * Returns: the number of working days
 */
double
mc_procedure_get_working_days (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), 0);
  return self->working_days;
}

/**
 * mc_procedure_get_extended_working_days:
 * @self: a procedure
 *
 * The longest processing time the rules allow when the case needs
 * verification (xác minh); the normal time when the rules give none.
 *
 * Returns: the number of working days
 */
double
mc_procedure_get_extended_working_days (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), 0);
  return self->extended_working_days;
}

/**
 * mc_procedure_is_same_day:
 * @self: a procedure
 *
 * Whether the result is due on the day of reception (“ngay trong ngày”);
 * see mc_procedure_get_same_day_cutoff() for dossiers received late.
 *
 * Returns: %TRUE for a same-day procedure
 */
gboolean
mc_procedure_is_same_day (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), FALSE);
  return self->same_day;
}

/**
 * mc_procedure_get_same_day_cutoff:
 * @self: a procedure
 *
 * For a same-day procedure, the time of day (`HH:MM`) after which a dossier
 * received is due on the next working day instead.
 *
 * Returns: (nullable): the cut-off time, or %NULL
 */
const char *
mc_procedure_get_same_day_cutoff (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), NULL);
  return self->same_day_cutoff;
}

/**
 * mc_procedure_get_fee:
 * @self: a procedure
 *
 * Returns: the fee in đồng for an in-person dossier, 0 when free, or -1
 *   when the province sets it (see the definition's `fee_note`)
 */
gint64
mc_procedure_get_fee (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), -1);
  return self->fee;
}

/**
 * mc_procedure_get_fee_online:
 * @self: a procedure
 *
 * Returns: the fee in đồng for an online dossier (the in-person fee unless
 *   the definition gives another), or -1 when the province sets it
 */
gint64
mc_procedure_get_fee_online (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), -1);
  return self->fee_online;
}

/**
 * mc_procedure_get_effective_from:
 * @self: a procedure
 *
 * Returns: (nullable): the date (`YYYY-MM-DD`) from which this definition
 *   applies, or %NULL
 */
const char *
mc_procedure_get_effective_from (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), NULL);
  return self->effective_from;
}

/**
 * mc_procedure_is_sample:
 * @self: a procedure
 *
 * Returns: %TRUE for sample data shipped with the program rather than the
 *   catalogue of the central system
 */
gboolean
mc_procedure_is_sample (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), FALSE);
  return self->sample;
}

/**
 * mc_procedure_get_origin:
 * @self: a procedure
 *
 * Returns: where the definition was read from (a path or a store row)
 */
const char *
mc_procedure_get_origin (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), NULL);
  return self->origin;
}

/**
 * mc_procedure_get_n_components:
 * @self: a procedure
 *
 * Returns: how many components (thành phần hồ sơ) the dossier has
 */
guint
mc_procedure_get_n_components (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), 0);
  return self->components->len;
}

/**
 * mc_procedure_get_component:
 * @self: a procedure
 * @index: from 0 to mc_procedure_get_n_components() - 1
 *
 * Returns: (transfer none): the component, in the order of the definition
 */
const McProcedureComponent *
mc_procedure_get_component (McProcedure *self,
                            guint        index)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), NULL);
  g_return_val_if_fail (index < self->components->len, NULL);
  return &g_array_index (self->components, McProcedureComponent, index);
}

/**
 * mc_procedure_lookup_component:
 * @self: a procedure
 * @code: a component code, like `TP1`
 *
 * Returns: (transfer none) (nullable): the component, or %NULL
 */
const McProcedureComponent *
mc_procedure_lookup_component (McProcedure *self,
                               const char  *code)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  for (guint i = 0; i < self->components->len; i++)
    {
      McProcedureComponent *component = &g_array_index (self->components, McProcedureComponent, i);

      if (g_str_equal (component->code, code))
        return component;
    }
  return NULL;
}

/**
 * mc_procedure_get_n_results:
 * @self: a procedure
 *
 * Returns: how many result documents the procedure produces
 */
guint
mc_procedure_get_n_results (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), 0);
  return self->results->len;
}

/**
 * mc_procedure_get_result:
 * @self: a procedure
 * @index: from 0 to mc_procedure_get_n_results() - 1
 *
 * Returns: (transfer none): the result document
 */
const McProcedureResult *
mc_procedure_get_result (McProcedure *self,
                         guint        index)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), NULL);
  g_return_val_if_fail (index < self->results->len, NULL);
  return &g_array_index (self->results, McProcedureResult, index);
}

/**
 * mc_procedure_get_n_steps:
 * @self: a procedure
 *
 * Returns: how many internal steps the procedure has
 */
guint
mc_procedure_get_n_steps (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), 0);
  return self->steps->len;
}

/**
 * mc_procedure_get_step:
 * @self: a procedure
 * @index: from 0 to mc_procedure_get_n_steps() - 1
 *
 * Returns: (transfer none): the step, in processing order; the shares of
 *   all steps add up to 1 (within 0.01)
 */
const McProcedureStep *
mc_procedure_get_step (McProcedure *self,
                       guint        index)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), NULL);
  g_return_val_if_fail (index < self->steps->len, NULL);
  return &g_array_index (self->steps, McProcedureStep, index);
}

/**
 * mc_procedure_get_legal_basis:
 * @self: a procedure
 *
 * Returns: (transfer none) (array zero-terminated=1): the legal documents
 */
const char * const *
mc_procedure_get_legal_basis (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), NULL);
  return (const char * const *) self->legal_basis;
}

/**
 * mc_procedure_get_definition:
 * @self: a procedure
 *
 * The definition exactly as read, including members the desk does not
 * interpret (sources, notes).
 *
 * Returns: (transfer none): the JSON object
 */
JsonNode *
mc_procedure_get_definition (McProcedure *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE (self), NULL);
  return self->definition;
}

/**
 * mc_procedure_to_json:
 * @self: a procedure
 *
 * Returns: (transfer full): the definition as compact JSON text
 */
char *
mc_procedure_to_json (McProcedure *self)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  g_return_val_if_fail (MC_IS_PROCEDURE (self), NULL);

  json_generator_set_root (generator, self->definition);
  return json_generator_to_data (generator, NULL);
}

/**
 * mc_procedure_role_to_string:
 * @role: a role
 *
 * Returns: the role's name in definitions (`reception`, `specialist`,
 *   `leader`, `clerk`)
 */
const char *
mc_procedure_role_to_string (McProcedureRole role)
{
  g_return_val_if_fail ((guint) role < G_N_ELEMENTS (role_names), NULL);
  return role_names[role];
}

/**
 * mc_procedure_role_from_string:
 * @text: a role name
 * @role: (out): the role
 *
 * Returns: %TRUE when @text names a role
 */
gboolean
mc_procedure_role_from_string (const char      *text,
                               McProcedureRole *role)
{
  g_return_val_if_fail (role != NULL, FALSE);

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (role_names); i++)
    {
      if (g_str_equal (text, role_names[i]))
        {
          *role = (McProcedureRole) i;
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * mc_component_kind_to_string:
 * @kind: a component kind
 *
 * Returns: the kind's name in definitions and in the store (`original`,
 *   `copy`, `certified_copy`)
 */
const char *
mc_component_kind_to_string (McComponentKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}
