/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading the central server's service indicators of a province and its
 * communes (GET /v1/reports/kpi) into the ranking the desk shows: the
 * offices under the asked one in the server's order (best on-time share
 * first, those with nothing finished last), renumbered from 1 once the
 * asked office's own row is set aside. An answer that does not have the
 * documented shape is refused as a whole, never shown in part. */
#define G_LOG_DOMAIN "motcua-reports"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "mc-report.h"
#include "mc-report-ranking.h"

static void
row_free (McRankingRow *row)
{
  if (row == NULL)
    return;
  g_free (row->office);
  g_free (row->name);
  g_free (row);
}

void
mc_ranking_free (McRanking *ranking)
{
  if (ranking == NULL)
    return;
  g_free (ranking->office);
  g_free (ranking->from);
  g_free (ranking->to);
  row_free (ranking->total);
  row_free (ranking->own);
  g_clear_pointer (&ranking->offices, g_ptr_array_unref);
  g_free (ranking);
}

/**
 * mc_ranking_path:
 * @office: the office whose communes to rank
 * @from: the first day, "YYYY-MM-DD"
 * @to: the last day, included
 *
 * Returns: (transfer full): the API path with its query, escaped
 */
char *
mc_ranking_path (const char *office,
                 const char *from,
                 const char *to)
{
  g_autofree char *o = g_uri_escape_string (office, NULL, FALSE);
  g_autofree char *f = g_uri_escape_string (from, NULL, FALSE);
  g_autofree char *t = g_uri_escape_string (to, NULL, FALSE);

  return g_strdup_printf ("/v1/reports/kpi?office=%s&from=%s&to=%s", o, f, t);
}

static gboolean
read_count (JsonObject  *object,
            const char  *name,
            gint64      *out)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 0)
    return FALSE;
  *out = json_node_get_int (node);

  return TRUE;
}

/* A share, or NAN for the documented null (nothing to count). */
static gboolean
read_share (JsonObject *object,
            const char *name,
            double     *out)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_NULL (node))
    {
      *out = NAN;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_DOUBLE && json_node_get_value_type (node) != G_TYPE_INT64))
    return FALSE;
  *out = json_node_get_double (node);

  return *out >= 0 && *out <= 100;
}

static McRankingRow *
read_row (JsonNode *node,
          gboolean  named)
{
  JsonObject *object = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  McRankingRow *row;

  if (object == NULL)
    return NULL;
  row = g_new0 (McRankingRow, 1);
  if (named)
    {
      row->office = g_strdup (json_object_get_string_member_with_default (object, "office", NULL));
      row->name = g_strdup (json_object_get_string_member_with_default (object, "name", NULL));
    }
  if ((named && (row->office == NULL || row->name == NULL)) ||
      !read_count (object, "received", &row->received) || !read_count (object, "online", &row->online) ||
      !read_count (object, "finished", &row->finished) || !read_count (object, "on_time", &row->on_time) ||
      !read_share (object, "on_time_percent", &row->on_time_percent) ||
      !read_share (object, "online_percent", &row->online_percent))
    {
      row_free (row);
      return NULL;
    }

  return row;
}

/**
 * mc_ranking_from_json:
 * @root: the central server's answer
 * @error: where to put a failure
 *
 * Returns: (transfer full): the ranking, or %NULL with @error set when the
 *   answer is not what docs/central-api.md describes
 */
McRanking *
mc_ranking_from_json (JsonNode  *root,
                      GError   **error)
{
  g_autoptr(McRanking) ranking = g_new0 (McRanking, 1);
  JsonObject *object = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonArray *offices;

  ranking->offices = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  if (object != NULL)
    {
      ranking->office = g_strdup (json_object_get_string_member_with_default (object, "office", NULL));
      ranking->from = g_strdup (json_object_get_string_member_with_default (object, "from", NULL));
      ranking->to = g_strdup (json_object_get_string_member_with_default (object, "to", NULL));
      ranking->total = read_row (json_object_get_member (object, "total"), FALSE);
    }
  offices = object != NULL && json_object_has_member (object, "offices") &&
            JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "offices"))
    ? json_object_get_array_member (object, "offices") : NULL;
  if (ranking->office == NULL || ranking->from == NULL || ranking->to == NULL || ranking->total == NULL ||
      offices == NULL)
    {
      g_set_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_DATA,
                   _("The central server’s ranking cannot be read: it lacks the office, the period, the totals or the offices. Update the desk or ask the server’s administrator."));
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (offices); i++)
    {
      McRankingRow *row = read_row (json_array_get_element (offices, i), TRUE);

      if (row == NULL)
        {
          g_set_error (error, MC_REPORT_ERROR, MC_REPORT_ERROR_DATA,
                       _("The central server’s ranking cannot be read: office %u of its list is not complete. Update the desk or ask the server’s administrator."),
                       i + 1);
          return NULL;
        }
      if (g_str_equal (row->office, ranking->office) && ranking->own == NULL)
        ranking->own = row;
      else
        {
          row->rank = ranking->offices->len + 1;
          g_ptr_array_add (ranking->offices, row);
        }
    }

  return g_steal_pointer (&ranking);
}

static void
add_share (JsonBuilder *builder,
           const char  *name,
           double       value)
{
  json_builder_set_member_name (builder, name);
  if (isnan (value))
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, value);
}

static void
add_row (JsonBuilder        *builder,
         const McRankingRow *row)
{
  json_builder_begin_object (builder);
  if (row->rank > 0)
    {
      json_builder_set_member_name (builder, "rank");
      json_builder_add_int_value (builder, row->rank);
    }
  if (row->office != NULL)
    {
      json_builder_set_member_name (builder, "office");
      json_builder_add_string_value (builder, row->office);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, row->name);
    }
  json_builder_set_member_name (builder, "received");
  json_builder_add_int_value (builder, row->received);
  json_builder_set_member_name (builder, "online");
  json_builder_add_int_value (builder, row->online);
  json_builder_set_member_name (builder, "finished");
  json_builder_add_int_value (builder, row->finished);
  json_builder_set_member_name (builder, "on_time");
  json_builder_add_int_value (builder, row->on_time);
  add_share (builder, "on_time_percent", row->on_time_percent);
  add_share (builder, "online_percent", row->online_percent);
  json_builder_end_object (builder);
}

/**
 * mc_ranking_to_json:
 * @ranking: a ranking
 * @builder: where to add it, as one object
 *
 * The office, the period, the totals, the office's own row (or null) and
 * the ranked offices under it ("communes").
 */
void
mc_ranking_to_json (McRanking   *ranking,
                    JsonBuilder *builder)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "office");
  json_builder_add_string_value (builder, ranking->office);
  json_builder_set_member_name (builder, "from");
  json_builder_add_string_value (builder, ranking->from);
  json_builder_set_member_name (builder, "to");
  json_builder_add_string_value (builder, ranking->to);
  json_builder_set_member_name (builder, "total");
  add_row (builder, ranking->total);
  json_builder_set_member_name (builder, "own");
  if (ranking->own != NULL)
    add_row (builder, ranking->own);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "communes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < ranking->offices->len; i++)
    add_row (builder, g_ptr_array_index (ranking->offices, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}
