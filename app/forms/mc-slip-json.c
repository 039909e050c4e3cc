/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Typed reading of template JSON. Every accessor checks the value's type
 * and range and names the key's path in its error (e.g.
 * "blocks[3].columns[1]: “width” must be a number"), so whoever edits a
 * template is told exactly what to fix. */
#define G_LOG_DOMAIN "motcua-forms"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-slip-json-private.h"

gboolean
mc_slip_json_fail (GError     **error,
                   const char  *where,
                   const char  *format,
                   ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, MC_SLIP_ERROR, MC_SLIP_ERROR_TEMPLATE_INVALID, "%s: %s", where, detail);
  return FALSE;
}

gboolean
mc_slip_json_get_string (JsonObject  *object,
                         const char  *key,
                         const char  *where,
                         gboolean     required,
                         const char **out,
                         GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return mc_slip_json_fail (error, where, _("the key “%s” is missing"), key);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return mc_slip_json_fail (error, where, _("“%s” must be a string"), key);

  *out = json_node_get_string (node);
  return TRUE;
}

gboolean
mc_slip_json_get_number (JsonObject  *object,
                         const char  *key,
                         const char  *where,
                         double       min,
                         double       max,
                         double      *inout,
                         GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);
  double value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node)
      || (json_node_get_value_type (node) != G_TYPE_DOUBLE
          && json_node_get_value_type (node) != G_TYPE_INT64))
    return mc_slip_json_fail (error, where, _("“%s” must be a number"), key);

  value = json_node_get_double (node);
  if (value < min || value > max)
    return mc_slip_json_fail (error, where, _("“%s” must be between %g and %g"), key, min, max);

  *inout = value;
  return TRUE;
}

gboolean
mc_slip_json_get_bool (JsonObject  *object,
                       const char  *key,
                       const char  *where,
                       gboolean    *inout,
                       GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return mc_slip_json_fail (error, where, _("“%s” must be true or false"), key);

  *inout = json_node_get_boolean (node);
  return TRUE;
}

gboolean
mc_slip_json_get_object (JsonObject  *object,
                         const char  *key,
                         const char  *where,
                         JsonObject **out,
                         GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return mc_slip_json_fail (error, where, _("“%s” must be an object"), key);

  *out = json_node_get_object (node);
  return TRUE;
}

gboolean
mc_slip_json_get_array (JsonObject  *object,
                        const char  *key,
                        const char  *where,
                        gboolean     required,
                        JsonArray  **out,
                        GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return mc_slip_json_fail (error, where, _("the key “%s” is missing"), key);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return mc_slip_json_fail (error, where, _("“%s” must be a list"), key);

  *out = json_node_get_array (node);
  return TRUE;
}

gboolean
mc_slip_json_get_align (JsonObject  *object,
                        const char  *where,
                        McSlipAlign *inout,
                        GError     **error)
{
  static const char * const names[] = { "left", "center", "right", "justify" };
  const char *value;

  if (!mc_slip_json_get_string (object, "align", where, FALSE, &value, error))
    return FALSE;
  if (value == NULL)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (value, names[i]))
      {
        *inout = (McSlipAlign) i;
        return TRUE;
      }

  return mc_slip_json_fail (error, where, _("“align” must be left, center, right or justify, not “%s”"), value);
}

/* Parses a template string into parts and checks its markup. */
gboolean
mc_slip_json_get_text (JsonObject  *object,
                       const char  *key,
                       const char  *where,
                       gboolean     required,
                       GPtrArray  **out,
                       GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *value;

  *out = NULL;
  if (!mc_slip_json_get_string (object, key, where, required, &value, error))
    return FALSE;
  if (value == NULL)
    return TRUE;

  *out = mc_slip_parse_text (value, &local_error);
  if (*out == NULL || !mc_slip_check_markup (*out, &local_error))
    {
      g_clear_pointer (out, g_ptr_array_unref);
      return mc_slip_json_fail (error, where, "%s", local_error->message);
    }
  return TRUE;
}

gboolean
mc_slip_json_check_keys (JsonObject         *object,
                         const char * const *allowed,
                         const char         *where,
                         GError            **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      return mc_slip_json_fail (error, where, _("unknown key “%s” (misspelt?)"), (const char *) l->data);

  return TRUE;
}
