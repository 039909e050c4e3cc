/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every version of a piece of reference data the change feed brought is
 * kept, the refused ones too (with the reason), so nothing that arrived is
 * lost and a version published ahead of its effective date is there when
 * the date comes. Which version is in force at a time is worked out when
 * it is read: the highest version that is not refused, whose effective
 * date has come and which had arrived by then — so a dossier received
 * before a new version arrived is still judged by the one it was received
 * under. */
#define G_LOG_DOMAIN "motcua-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "domain/calendar/mc-calendar.h"
#include "domain/mc-state.h"
#include "mc-desk-private.h"
#include "mc-sync-store-reference-private.h"
#include "mc-sync-store.h"

#define REF_PREFIX "sync_ref:"

void
mc_sync_ref_free (McSyncRef *ref)
{
  if (ref == NULL)
    return;
  g_free (ref->kind);
  g_free (ref->key);
  g_free (ref->refused);
  g_clear_pointer (&ref->change, json_object_unref);
  g_free (ref);
}

/**
 * mc_sync_ref_describe:
 * @ref: a stored version
 *
 * Returns: (transfer full): what to call @ref in an error or the log,
 *   e.g. "procedure 1.001193 version 7 from the central system"
 */
char *
mc_sync_ref_describe (McSyncRef *ref)
{
  g_autofree char *version = g_strdup_printf ("%" G_GINT64_FORMAT, ref->version);

  if (g_str_equal (ref->kind, "procedure"))
    /* TRANSLATORS: a procedure code and a version number */
    return g_strdup_printf (_("procedure %s version %s from the central system"), ref->key, version);
  if (g_str_equal (ref->kind, "holidays"))
    /* TRANSLATORS: a year and a version number */
    return g_strdup_printf (_("holiday table of %s version %s from the central system"), ref->key, version);
  /* TRANSLATORS: a kind of slip (receipt, refusal …) and a version number */
  return g_strdup_printf (_("slip template “%s” version %s from the central system"), ref->key, version);
}

/* 00:00 Vietnam time of a YYYY-MM-DD date, or -1 when it is not one. */
gint64
mc_sync_ref_parse_date (const char *text)
{
  g_autoptr(GDateTime) day = NULL;
  int y, m, d;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return -1;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return -1;
  y = (int) g_ascii_strtoll (text, NULL, 10);
  m = (int) g_ascii_strtoll (text + 5, NULL, 10);
  d = (int) g_ascii_strtoll (text + 8, NULL, 10);
  if (!g_date_valid_dmy (d, m, y))
    return -1;
  day = g_date_time_new (mc_vietnam_time_zone (), y, m, d, 0, 0, 0);

  return day != NULL ? g_date_time_to_unix (day) : -1;
}

/**
 * mc_sync_ref_keep:
 * @db: a store connection inside a write transaction
 * @ref: the version to keep; a version kept before under the same kind,
 *   key and number is replaced
 * @error: where to put a failure
 *
 * Returns: %TRUE when kept
 */
gboolean
mc_sync_ref_keep (sqlite3    *db,
                  McSyncRef  *ref,
                  GError    **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *key = NULL;
  g_autofree char *text = NULL;
  JsonNode *change = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (change, ref->change);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "arrived_at");
  json_builder_add_int_value (builder, ref->arrived_at);
  if (ref->refused != NULL)
    {
      json_builder_set_member_name (builder, "refused");
      json_builder_add_string_value (builder, ref->refused);
    }
  json_builder_set_member_name (builder, "change");
  json_builder_add_value (builder, change);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);

  /* Zero-padded, so the keys of one piece sort by version. */
  key = g_strdup_printf (REF_PREFIX "%s:%s:%010" G_GINT64_FORMAT, ref->kind, ref->key, ref->version);

  return mc_db_meta_set (db, key, text, error);
}

static char *
change_key (JsonObject *change)
{
  const char *keys[] = { "code", "year", "name" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      JsonNode *value = json_object_get_member (change, keys[i]);

      if (value == NULL || !JSON_NODE_HOLDS_VALUE (value))
        continue;
      if (json_node_get_value_type (value) == G_TYPE_STRING)
        return g_strdup (json_node_get_string (value));
      if (json_node_get_value_type (value) == G_TYPE_INT64)
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
    }

  return NULL;
}

/* A row as kept by mc_sync_ref_keep(), or by an older desk that kept only
 * the newest change per key, unchecked, with no wrapper. */
static McSyncRef *
ref_from_row (const char *kind,
              const char *value)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(McSyncRef) ref = g_new0 (McSyncRef, 1);
  JsonObject *root;
  JsonObject *change;
  JsonNode *effective;

  if (!json_parser_load_from_data (parser, value, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  root = json_node_get_object (json_parser_get_root (parser));
  if (json_object_has_member (root, "change") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "change")))
    {
      change = json_object_get_object_member (root, "change");
      ref->arrived_at = json_object_get_int_member_with_default (root, "arrived_at", 0);
      ref->refused = g_strdup (json_object_get_string_member_with_default (root, "refused", NULL));
    }
  else
    change = root;

  ref->kind = g_strdup (kind);
  ref->key = change_key (change);
  ref->version = json_object_get_int_member_with_default (change, "version", 0);
  ref->change = json_object_ref (change);
  if (ref->key == NULL)
    return NULL;
  effective = json_object_get_member (change, "effective_from");
  if (effective != NULL && !JSON_NODE_HOLDS_NULL (effective))
    {
      const char *text = JSON_NODE_HOLDS_VALUE (effective) &&
                         json_node_get_value_type (effective) == G_TYPE_STRING
                         ? json_node_get_string (effective) : NULL;

      ref->effective = mc_sync_ref_parse_date (text);
      if (ref->effective < 0 && ref->refused == NULL)
        ref->refused = g_strdup ("effective_from");
    }

  return g_steal_pointer (&ref);
}

static int
compare_refs (gconstpointer a,
              gconstpointer b)
{
  const McSyncRef *x = *(McSyncRef * const *) a;
  const McSyncRef *y = *(McSyncRef * const *) b;
  int by_key = strcmp (x->key, y->key);

  if (by_key != 0)
    return by_key;

  return x->version < y->version ? -1 : x->version > y->version;
}

/**
 * mc_sync_ref_list:
 * @db: a store connection
 * @kind: procedure, holidays or slip_template
 * @key: (nullable): only the versions of this procedure code, year or
 *   slip kind; %NULL for all
 * @error: where to put a failure
 *
 * Returns: (transfer full) (element-type McSyncRef): every version kept,
 *   by key then version
 */
GPtrArray *
mc_sync_ref_list (sqlite3     *db,
                  const char  *kind,
                  const char  *key,
                  GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_sync_ref_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  /* The keys that start with the prefix, as a range of the primary key.
   * Rows kept before versions were have no ":VERSION" after the key. */
  g_autofree char *low = g_strconcat (REF_PREFIX, kind, ":", key, NULL);
  g_autofree char *high = g_strdup (low);
  int rc;

  high[strlen (high) - 1]++;
  stmt = mc_db_prepare (db, "SELECT key, value FROM workspace_meta WHERE key >= ?1 AND key < ?2", error);
  if (stmt == NULL)
    return NULL;
  mc_db_bind_text (stmt, 1, low);
  mc_db_bind_text (stmt, 2, high);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      McSyncRef *ref = ref_from_row (kind, (const char *) sqlite3_column_text (stmt, 1));

      /* A key that only starts with @key (1.0010 for 1.00102) is not it. */
      if (ref != NULL && key != NULL && !g_str_equal (ref->key, key))
        g_clear_pointer (&ref, mc_sync_ref_free);
      else if (ref != NULL)
        g_ptr_array_add (list, ref);
      else
        g_debug ("Unreadable reference row %s skipped", sqlite3_column_text (stmt, 0));
    }
  if (rc != SQLITE_DONE)
    {
      mc_db_set_error (db, rc, error);
      return NULL;
    }
  g_ptr_array_sort (list, compare_refs);

  return g_steal_pointer (&list);
}

/**
 * mc_sync_ref_candidates:
 * @list: (element-type McSyncRef): from mc_sync_ref_list()
 * @key: a procedure code, a year, a slip kind
 * @at: Unix seconds
 *
 * Returns: (transfer container) (element-type McSyncRef): the versions of
 *   @key usable at @at, highest first: not refused, in force and arrived
 *   by then. The first that still reads well is the one in force.
 */
GPtrArray *
mc_sync_ref_candidates (GPtrArray  *list,
                        const char *key,
                        gint64      at)
{
  GPtrArray *found = g_ptr_array_new ();

  for (guint i = list->len; i > 0; i--)
    {
      McSyncRef *ref = g_ptr_array_index (list, i - 1);

      if (g_str_equal (ref->key, key) && ref->refused == NULL &&
          ref->effective <= at && ref->arrived_at <= at)
        g_ptr_array_add (found, ref);
    }

  return found;
}

void
mc_sync_reference_free (McSyncReference *reference)
{
  if (reference == NULL)
    return;
  g_free (reference->kind);
  g_free (reference->key);
  g_free (reference->effective_from);
  g_free (reference->state);
  g_free (reference->reason);
  g_free (reference);
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

typedef struct
{
  gint64 at;
  GPtrArray *list;
} ListData;

static gboolean
list_reference (sqlite3   *db,
                gpointer   user_data,
                gpointer  *result,
                GError   **error)
{
  ListData *data = user_data;
  const char *kinds[] = { "procedure", "holidays", "slip_template" };

  (void) result;
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(GPtrArray) kept = mc_sync_ref_list (db, kinds[k], NULL, error);

      if (kept == NULL)
        return FALSE;
      for (guint i = 0; i < kept->len; i++)
        {
          McSyncRef *ref = g_ptr_array_index (kept, i);
          g_autoptr(GPtrArray) usable = mc_sync_ref_candidates (kept, ref->key, data->at);
          McSyncReference *item = g_new0 (McSyncReference, 1);
          const char *effective = string_member (ref->change, "effective_from");

          item->kind = g_strdup (ref->kind);
          item->key = g_strdup (ref->key);
          item->version = ref->version;
          item->effective_from = g_strdup (effective);
          item->arrived_at = ref->arrived_at;
          item->reason = g_strdup (ref->refused);
          if (ref->refused != NULL)
            item->state = g_strdup ("refused");
          else if (ref->effective > data->at || ref->arrived_at > data->at)
            item->state = g_strdup ("waiting");
          else if (usable->len > 0 && g_ptr_array_index (usable, 0) == ref)
            item->state = g_strdup ("in-force");
          else
            item->state = g_strdup ("replaced");
          g_ptr_array_add (data->list, item);
        }
    }

  return TRUE;
}

/**
 * mc_desk_sync_list_reference:
 * @self: a desk
 * @at: Unix seconds: the time to judge the versions at
 * @error: where to put a failure
 *
 * Returns: (transfer full) (element-type McSyncReference): every version
 *   of reference data the change feed brought (officers aside), by kind,
 *   key and version, each with its state at @at
 */
GPtrArray *
mc_desk_sync_list_reference (McDesk  *self,
                             gint64   at,
                             GError **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_sync_reference_free);
  ListData data = { at, list };

  g_return_val_if_fail (MC_IS_DESK (self), NULL);

  if (!mc_store_read (mc_desk_get_store (self), list_reference, &data, NULL, error))
    return NULL;

  return g_steal_pointer (&list);
}

static gboolean
read_holidays (sqlite3   *db,
               gpointer   user_data,
               gpointer  *result,
               GError   **error)
{
  (void) user_data;
  *result = mc_sync_ref_list (db, "holidays", NULL, error);

  return *result != NULL;
}

/**
 * mc_desk_sync_load_reference:
 * @self: a desk
 * @error: where to put a failure
 *
 * Puts the holiday tables the central system published, each year's
 * version in force now, into the desk's calendar; a version whose date has
 * not come yet is used from the first load on or after it. (Procedures
 * need no loading: the store's catalogue reads them at the time asked.)
 * A table that no longer passes the calendar's checks is said in the log
 * and the version before it is used.
 *
 * Returns: %TRUE unless the store could not be read
 */
gboolean
mc_desk_sync_load_reference (McDesk  *self,
                             GError **error)
{
  g_autoptr(GPtrArray) kept = NULL;
  g_autoptr(GHashTable) done = g_hash_table_new (g_str_hash, g_str_equal);
  McCalendar *calendar;
  gint64 now;

  g_return_val_if_fail (MC_IS_DESK (self), FALSE);

  if (!mc_store_read (mc_desk_get_store (self), read_holidays, NULL, (gpointer *) &kept, error))
    return FALSE;
  calendar = mc_desk_get_calendar (self);
  now = mc_desk_now (self);
  for (guint i = 0; i < kept->len; i++)
    {
      McSyncRef *ref = g_ptr_array_index (kept, i);
      g_autoptr(GPtrArray) usable = NULL;

      if (g_hash_table_contains (done, ref->key))
        continue;
      g_hash_table_add (done, ref->key);
      usable = mc_sync_ref_candidates (kept, ref->key, now);
      for (guint j = 0; j < usable->len; j++)
        {
          McSyncRef *candidate = g_ptr_array_index (usable, j);
          const char *table = string_member (candidate->change, "table");
          g_autofree char *origin = g_strdup_printf ("holidays %s version %" G_GINT64_FORMAT,
                                                     candidate->key, candidate->version);
          g_autoptr(GError) local_error = NULL;

          if (table != NULL && mc_calendar_set_year_table (calendar, (int) g_ascii_strtoll (candidate->key, NULL, 10),
                                          table, origin, &local_error))
            break;
          g_message ("%s: %s; the version before it is used", origin,
                     local_error != NULL ? local_error->message : "no table");
        }
    }

  return TRUE;
}

static gboolean
read_templates (sqlite3   *db,
                gpointer   user_data,
                gpointer  *result,
                GError   **error)
{
  (void) user_data;
  *result = mc_sync_ref_list (db, "slip_template", user_data, error);

  return *result != NULL;
}

/**
 * mc_desk_sync_slip_template:
 * @desk: a desk
 * @kind: a kind of slip (receipt, ledger …)
 * @error: where to put a failure
 *
 * The template of @kind the central system published that is in force at
 * the desk's time; one that no longer passes the checks is said in the
 * log and the version before it is used.
 *
 * Returns: (transfer full) (nullable): the template, or %NULL (with
 *   @error unset) when the data folder's is the one to use
 */
McSlipTemplate *
mc_desk_sync_slip_template (McDesk      *desk,
                            const char  *kind,
                            GError     **error)
{
  g_autoptr(GPtrArray) kept = NULL;
  g_autoptr(GPtrArray) usable = NULL;

  if (!mc_store_read (mc_desk_get_store (desk), read_templates, (gpointer) kind, (gpointer *) &kept, error))
    return NULL;
  usable = mc_sync_ref_candidates (kept, kind, mc_desk_now (desk));
  for (guint i = 0; i < usable->len; i++)
    {
      McSyncRef *ref = g_ptr_array_index (usable, i);
      JsonNode *member = json_object_get_member (ref->change, "template");
      g_autofree char *origin = mc_sync_ref_describe (ref);
      g_autofree char *text = NULL;
      g_autoptr(GError) local_error = NULL;
      McSlipTemplate *tmpl;

      if (member == NULL || !JSON_NODE_HOLDS_OBJECT (member))
        continue;
      text = json_to_string (member, FALSE);
      tmpl = mc_slip_template_new_from_data (kind, text, -1, origin, &local_error);
      if (tmpl != NULL)
        return tmpl;
      g_message ("%s; the version before it is used", local_error->message);
    }

  return NULL;
}
