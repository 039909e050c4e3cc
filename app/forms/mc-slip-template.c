/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading slip templates. A template is checked completely when it is read
 * (every key's type, every {placeholder}, every piece of markup), so a
 * broken file is reported once, with its path and the place of the
 * problem, instead of producing a half-drawn PDF. The format is described
 * in data/slips/README.md. */
#define G_LOG_DOMAIN "motcua-forms"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "mc-core.h"
#include "mc-slip-private.h"

G_DEFINE_QUARK (mc-slip-error-quark, mc_slip_error)

G_DEFINE_BOXED_TYPE (McSlipTemplate, mc_slip_template, mc_slip_template_ref, mc_slip_template_unref)

static const char * const default_fonts[] = {
  "Liberation Serif", "Times New Roman", "Tinos", "Noto Serif", "DejaVu Serif", "FreeSerif", NULL
};

/* ---- freeing ---- */

static void
part_free (gpointer p)
{
  McSlipPart *part = p;

  g_free (part->literal);
  g_free (part->field);
  g_free (part->format);
  g_free (part);
}

static void
text_free (gpointer p)
{
  McSlipText *text = p;

  if (text == NULL)
    return;
  g_clear_pointer (&text->parts, g_ptr_array_unref);
  g_clear_pointer (&text->qr, g_ptr_array_unref);
  g_free (text);
}

static void
box_free (gpointer p)
{
  McSlipColumnBox *box = p;

  g_clear_pointer (&box->items, g_ptr_array_unref);
  g_free (box);
}

static void
table_column_free (gpointer p)
{
  McSlipTableColumn *column = p;

  g_clear_pointer (&column->title, g_ptr_array_unref);
  g_clear_pointer (&column->parts, g_ptr_array_unref);
  g_free (column->group);
  g_free (column);
}

static void
block_free (gpointer p)
{
  McSlipBlock *block = p;

  text_free (block->text);
  g_clear_pointer (&block->boxes, g_ptr_array_unref);
  g_clear_pointer (&block->columns, g_ptr_array_unref);
  g_free (block->table);
  g_free (block);
}

/* ---- placeholders ---- */

static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '#' || c == '-';
}

static void
add_literal (GPtrArray *parts,
             GString   *literal)
{
  McSlipPart *part;

  if (literal->len == 0)
    return;
  part = g_new0 (McSlipPart, 1);
  part->literal = g_strndup (literal->str, literal->len);
  g_ptr_array_add (parts, part);
  g_string_truncate (literal, 0);
}

/* Splits "Tên: {name:*|%d/%m/%Y} {{literal}}" into parts. The error message
 * is only the detail; the caller says which file and which key. */
GPtrArray *
mc_slip_parse_text (const char  *text,
                    GError     **error)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (part_free);
  g_autoptr(GString) literal = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      McSlipPart *part;
      const char *start;

      if (p[0] == '{' && p[1] == '{')
        {
          g_string_append_c (literal, '{');
          p += 2;
          continue;
        }
      if (p[0] == '}' && p[1] == '}')
        {
          g_string_append_c (literal, '}');
          p += 2;
          continue;
        }
      if (*p == '}')
        {
          g_set_error (error, MC_SLIP_ERROR, MC_SLIP_ERROR_TEMPLATE_INVALID,
                       _("a “}” without “{” in “%s” (write “}}” for a brace)"), text);
          return NULL;
        }
      if (*p != '{')
        {
          g_string_append_c (literal, *p++);
          continue;
        }

      add_literal (parts, literal);
      part = g_new0 (McSlipPart, 1);
      part->blank = MC_SLIP_BLANK_DEFAULT;
      g_ptr_array_add (parts, part);

      start = ++p;
      while (is_name_char (*p))
        p++;
      if (p == start)
        {
          g_set_error (error, MC_SLIP_ERROR, MC_SLIP_ERROR_TEMPLATE_INVALID,
                       _("a placeholder without a field name in “%s”"), text);
          return NULL;
        }
      part->field = g_strndup (start, p - start);

      if (*p == ':')
        {
          p++;
          if (*p == '*')
            {
              part->blank = MC_SLIP_BLANK_FILL;
              p++;
            }
          else if (g_ascii_isdigit (*p))
            {
              guint64 count = 0;

              while (g_ascii_isdigit (*p) && count < 1000)
                count = count * 10 + (guint64) (*p++ - '0');
              if (count > 200)
                {
                  g_set_error (error, MC_SLIP_ERROR, MC_SLIP_ERROR_TEMPLATE_INVALID,
                               _("too many dots for “%s” in “%s” (at most 200)"), part->field, text);
                  return NULL;
                }
              part->blank = (int) count;
            }
          else
            {
              g_set_error (error, MC_SLIP_ERROR, MC_SLIP_ERROR_TEMPLATE_INVALID,
                           _("“:” after “%s” must be followed by a number of dots or “*” in “%s”"),
                           part->field, text);
              return NULL;
            }
        }
      if (*p == '|')
        {
          start = ++p;
          while (*p != '\0' && *p != '}')
            p++;
          part->format = g_strndup (start, p - start);
        }
      if (*p != '}')
        {
          g_set_error (error, MC_SLIP_ERROR, MC_SLIP_ERROR_TEMPLATE_INVALID,
                       _("the placeholder “{%s” is not closed with “}” in “%s”"), part->field, text);
          return NULL;
        }
      p++;
    }
  add_literal (parts, literal);

  return g_steal_pointer (&parts);
}

/* The markup around the placeholders must be valid on its own: check it
 * with every placeholder standing in as plain text. */
static gboolean
check_markup (GPtrArray  *parts,
              GError    **error)
{
  g_autoptr(GString) probe = g_string_new (NULL);
  g_autoptr(GError) local_error = NULL;

  for (guint i = 0; i < parts->len; i++)
    {
      McSlipPart *part = g_ptr_array_index (parts, i);

      g_string_append (probe, part->literal != NULL ? part->literal : "x");
    }

  if (!pango_parse_markup (probe->str, -1, 0, NULL, NULL, NULL, &local_error))
    {
      g_set_error (error, MC_SLIP_ERROR, MC_SLIP_ERROR_TEMPLATE_INVALID,
                   _("bad markup in “%s”: %s"), probe->str, local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* ---- JSON helpers: each error names the key's path ---- */

static gboolean
fail (GError     **error,
      const char  *where,
      const char  *format,
      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (GError     **error,
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

static gboolean
get_string (JsonObject  *object,
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
        return fail (error, where, _("the key “%s” is missing"), key);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fail (error, where, _("“%s” must be a string"), key);

  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
get_number (JsonObject  *object,
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
    return fail (error, where, _("“%s” must be a number"), key);

  value = json_node_get_double (node);
  if (value < min || value > max)
    return fail (error, where, _("“%s” must be between %g and %g"), key, min, max);

  *inout = value;
  return TRUE;
}

static gboolean
get_bool (JsonObject  *object,
          const char  *key,
          const char  *where,
          gboolean    *inout,
          GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fail (error, where, _("“%s” must be true or false"), key);

  *inout = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
get_object (JsonObject  *object,
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
    return fail (error, where, _("“%s” must be an object"), key);

  *out = json_node_get_object (node);
  return TRUE;
}

static gboolean
get_array (JsonObject  *object,
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
        return fail (error, where, _("the key “%s” is missing"), key);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (error, where, _("“%s” must be a list"), key);

  *out = json_node_get_array (node);
  return TRUE;
}

static gboolean
get_align (JsonObject  *object,
           const char  *where,
           McSlipAlign *inout,
           GError     **error)
{
  static const char * const names[] = { "left", "center", "right", "justify" };
  const char *value;

  if (!get_string (object, "align", where, FALSE, &value, error))
    return FALSE;
  if (value == NULL)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (value, names[i]))
      {
        *inout = (McSlipAlign) i;
        return TRUE;
      }

  return fail (error, where, _("“align” must be left, center, right or justify, not “%s”"), value);
}

/* Parses a template string into parts and checks its markup. */
static gboolean
get_text (JsonObject  *object,
          const char  *key,
          const char  *where,
          gboolean     required,
          GPtrArray  **out,
          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *value;

  *out = NULL;
  if (!get_string (object, key, where, required, &value, error))
    return FALSE;
  if (value == NULL)
    return TRUE;

  *out = mc_slip_parse_text (value, &local_error);
  if (*out == NULL || !check_markup (*out, &local_error))
    {
      g_clear_pointer (out, g_ptr_array_unref);
      return fail (error, where, "%s", local_error->message);
    }
  return TRUE;
}

static const char * const text_keys[] = {
  "type", "text", "qr", "size_mm", "size", "bold", "italic", "upper", "optional",
  "keep_with_next", "align", "indent_mm", "left_mm", "space_before_mm",
  "space_after_mm", "rule", NULL
};

static gboolean
check_keys (JsonObject         *object,
            const char * const *allowed,
            const char         *where,
            GError            **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      return fail (error, where, _("unknown key “%s” (misspelt?)"), (const char *) l->data);

  return TRUE;
}

static McSlipText *
parse_text_item (JsonObject   *object,
                 const char   *where,
                 McSlipText   *defaults,
                 GError      **error)
{
  McSlipText *text = g_new0 (McSlipText, 1);
  double size_mm = 20.0;

  if (defaults != NULL)
    *text = *defaults;
  text->parts = NULL;
  text->qr = NULL;

  if (!check_keys (object, text_keys, where, error)
      || !get_text (object, "qr", where, FALSE, &text->qr, error)
      || !get_text (object, "text", where, text->qr == NULL, &text->parts, error)
      || !get_number (object, "size_mm", where, 10, 100, &size_mm, error)
      || !get_number (object, "size", where, 5, 40, &text->size, error)
      || !get_bool (object, "bold", where, &text->bold, error)
      || !get_bool (object, "italic", where, &text->italic, error)
      || !get_bool (object, "upper", where, &text->upper, error)
      || !get_bool (object, "optional", where, &text->optional, error)
      || !get_bool (object, "keep_with_next", where, &text->keep_with_next, error)
      || !get_align (object, where, &text->align, error)
      || !get_number (object, "indent_mm", where, -50, 100, &text->indent, error)
      || !get_number (object, "left_mm", where, 0, 150, &text->left, error)
      || !get_number (object, "space_before_mm", where, 0, 100, &text->space_before, error)
      || !get_number (object, "space_after_mm", where, 0, 100, &text->space_after, error)
      || !get_number (object, "rule", where, 0, 1, &text->rule, error))
    {
      text_free (text);
      return NULL;
    }

  if (text->qr != NULL && text->parts != NULL)
    {
      fail (error, where, _("an item has either “text” or “qr”, not both"));
      text_free (text);
      return NULL;
    }

  /* Distances are written in millimetres, kept in points. */
  if (defaults == NULL || json_object_has_member (object, "indent_mm"))
    text->indent *= MC_SLIP_MM;
  if (defaults == NULL || json_object_has_member (object, "left_mm"))
    text->left *= MC_SLIP_MM;
  if (defaults == NULL || json_object_has_member (object, "space_before_mm"))
    text->space_before *= MC_SLIP_MM;
  if (defaults == NULL || json_object_has_member (object, "space_after_mm"))
    text->space_after *= MC_SLIP_MM;
  text->qr_size = size_mm * MC_SLIP_MM;

  return text;
}

static gboolean
parse_items (JsonArray  *array,
             const char *where,
             GPtrArray  *items,
             GError    **error)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *item_where = g_strdup_printf ("%s.items[%u]", where, i);
      JsonNode *node = json_array_get_element (array, i);
      McSlipText *item;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail (error, item_where, _("an item must be an object"));

      item = parse_text_item (json_node_get_object (node), item_where, NULL, error);
      if (item == NULL)
        return FALSE;
      g_ptr_array_add (items, item);
    }
  return TRUE;
}

static gboolean
parse_columns_block (JsonObject  *object,
                     const char  *where,
                     McSlipBlock *block,
                     GError     **error)
{
  static const char * const keys[] = { "type", "columns", "size", "space_after_mm", NULL };
  JsonArray *columns;

  if (!check_keys (object, keys, where, error)
      || !get_array (object, "columns", where, TRUE, &columns, error)
      || !get_number (object, "size", where, 5, 40, &block->font_size, error))
    return FALSE;
  if (json_array_get_length (columns) == 0)
    return fail (error, where, _("“columns” is empty"));

  block->boxes = g_ptr_array_new_with_free_func (box_free);
  for (guint i = 0; i < json_array_get_length (columns); i++)
    {
      static const char * const box_keys[] = { "width", "items", NULL };
      g_autofree char *box_where = g_strdup_printf ("%s.columns[%u]", where, i);
      JsonNode *node = json_array_get_element (columns, i);
      McSlipColumnBox *box;
      JsonObject *box_object;
      JsonArray *items;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail (error, box_where, _("a column must be an object"));
      box_object = json_node_get_object (node);

      box = g_new0 (McSlipColumnBox, 1);
      box->width = 1;
      box->items = g_ptr_array_new_with_free_func (text_free);
      g_ptr_array_add (block->boxes, box);

      if (!check_keys (box_object, box_keys, box_where, error)
          || !get_number (box_object, "width", box_where, 0.01, 1000, &box->width, error)
          || !get_array (box_object, "items", box_where, TRUE, &items, error)
          || !parse_items (items, box_where, box->items, error))
        return FALSE;
    }
  return TRUE;
}

/* "signatures" is a shorthand for a columns block of signature places:
 * title, note, room to sign, name. */
static gboolean
parse_signatures_block (JsonObject  *object,
                        const char  *where,
                        McSlipBlock *block,
                        GError     **error)
{
  static const char * const keys[] = { "type", "signers", "space_mm", "size", "space_after_mm", NULL };
  static const char * const signer_keys[] = { "title", "note", "name", "width", NULL };
  double space_mm = 25;
  JsonArray *signers;

  if (!check_keys (object, keys, where, error)
      || !get_array (object, "signers", where, TRUE, &signers, error)
      || !get_number (object, "space_mm", where, 0, 100, &space_mm, error)
      || !get_number (object, "size", where, 5, 40, &block->font_size, error))
    return FALSE;
  if (json_array_get_length (signers) == 0)
    return fail (error, where, _("“signers” is empty"));

  block->type = MC_SLIP_BLOCK_COLUMNS;
  block->boxes = g_ptr_array_new_with_free_func (box_free);

  for (guint i = 0; i < json_array_get_length (signers); i++)
    {
      g_autofree char *signer_where = g_strdup_printf ("%s.signers[%u]", where, i);
      JsonNode *node = json_array_get_element (signers, i);
      const char *keys_in_order[] = { "title", "note", "name" };
      McSlipColumnBox *box;
      JsonObject *signer;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail (error, signer_where, _("a signer must be an object"));
      signer = json_node_get_object (node);

      box = g_new0 (McSlipColumnBox, 1);
      box->width = 1;
      box->items = g_ptr_array_new_with_free_func (text_free);
      g_ptr_array_add (block->boxes, box);

      if (!check_keys (signer, signer_keys, signer_where, error)
          || !get_number (signer, "width", signer_where, 0.01, 1000, &box->width, error))
        return FALSE;

      for (guint k = 0; k < G_N_ELEMENTS (keys_in_order); k++)
        {
          McSlipText *item = g_new0 (McSlipText, 1);

          item->align = MC_SLIP_ALIGN_CENTER;
          item->bold = k != 1;
          item->italic = k == 1;
          item->upper = k == 0;
          item->optional = k == 1;
          if (k == 2)
            item->space_before = space_mm * MC_SLIP_MM;
          g_ptr_array_add (box->items, item);

          if (!get_text (signer, keys_in_order[k], signer_where, FALSE, &item->parts, error))
            return FALSE;
          if (item->parts == NULL)
            item->parts = g_ptr_array_new_with_free_func (part_free);
        }
    }
  return TRUE;
}

static gboolean
parse_table_block (JsonObject  *object,
                   const char  *where,
                   McSlipBlock *block,
                   GError     **error)
{
  static const char * const keys[] = {
    "type", "table", "columns", "min_rows", "size", "header_size",
    "row_min_height_mm", "space_after_mm", NULL
  };
  static const char * const column_keys[] = { "title", "group", "width", "text", "align", NULL };
  const char *table;
  JsonArray *columns;
  double min_rows = 0, row_min_height = 0;

  if (!check_keys (object, keys, where, error)
      || !get_string (object, "table", where, TRUE, &table, error)
      || !get_array (object, "columns", where, TRUE, &columns, error)
      || !get_number (object, "min_rows", where, 0, 100, &min_rows, error)
      || !get_number (object, "size", where, 5, 40, &block->font_size, error)
      || !get_number (object, "header_size", where, 5, 40, &block->header_size, error)
      || !get_number (object, "row_min_height_mm", where, 0, 150, &row_min_height, error))
    return FALSE;
  if (json_array_get_length (columns) == 0)
    return fail (error, where, _("“columns” is empty"));

  block->table = g_strdup (table);
  block->min_rows = (guint) min_rows;
  block->row_min_height = row_min_height * MC_SLIP_MM;
  block->columns = g_ptr_array_new_with_free_func (table_column_free);

  for (guint i = 0; i < json_array_get_length (columns); i++)
    {
      g_autofree char *column_where = g_strdup_printf ("%s.columns[%u]", where, i);
      JsonNode *node = json_array_get_element (columns, i);
      McSlipTableColumn *column;
      JsonObject *column_object;
      const char *group;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail (error, column_where, _("a column must be an object"));
      column_object = json_node_get_object (node);

      column = g_new0 (McSlipTableColumn, 1);
      column->width = 1;
      g_ptr_array_add (block->columns, column);

      if (!check_keys (column_object, column_keys, column_where, error)
          || !get_text (column_object, "title", column_where, TRUE, &column->title, error)
          || !get_text (column_object, "text", column_where, TRUE, &column->parts, error)
          || !get_string (column_object, "group", column_where, FALSE, &group, error)
          || !get_number (column_object, "width", column_where, 0.01, 1000, &column->width, error)
          || !get_align (column_object, column_where, &column->align, error))
        return FALSE;
      column->group = g_strdup (group);
    }
  return TRUE;
}

static McSlipBlock *
parse_block (McSlipTemplate *tmpl,
             JsonNode       *node,
             guint           index,
             GError        **error)
{
  g_autofree char *where = g_strdup_printf ("blocks[%u]", index);
  McSlipBlock *block;
  JsonObject *object;
  const char *type;
  double space_after = 0;
  gboolean ok;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (error, where, _("a block must be an object"));
      return NULL;
    }
  object = json_node_get_object (node);

  if (!get_string (object, "type", where, TRUE, &type, error))
    return NULL;

  block = g_new0 (McSlipBlock, 1);

  if (g_str_equal (type, "heading") || g_str_equal (type, "paragraph") || g_str_equal (type, "qr"))
    {
      McSlipText defaults = { 0 };

      if (g_str_equal (type, "heading"))
        {
          defaults.bold = TRUE;
          defaults.upper = TRUE;
          defaults.align = MC_SLIP_ALIGN_CENTER;
          defaults.keep_with_next = TRUE;
        }
      else if (g_str_equal (type, "qr"))
        defaults.align = MC_SLIP_ALIGN_CENTER;
      else
        defaults.space_after = tmpl->paragraph_space;

      block->type = MC_SLIP_BLOCK_TEXT;
      block->text = parse_text_item (object, where, &defaults, error);
      ok = block->text != NULL;
      if (ok && g_str_equal (type, "qr") && block->text->qr == NULL)
        ok = fail (error, where, _("a “qr” block needs a “qr” value"));
    }
  else if (g_str_equal (type, "columns"))
    {
      block->type = MC_SLIP_BLOCK_COLUMNS;
      ok = parse_columns_block (object, where, block, error);
    }
  else if (g_str_equal (type, "signatures"))
    ok = parse_signatures_block (object, where, block, error);
  else if (g_str_equal (type, "table"))
    {
      block->type = MC_SLIP_BLOCK_TABLE;
      ok = parse_table_block (object, where, block, error);
    }
  else if (g_str_equal (type, "spacer"))
    {
      static const char * const keys[] = { "type", "mm", NULL };
      double mm = 5;

      block->type = MC_SLIP_BLOCK_SPACER;
      ok = check_keys (object, keys, where, error)
           && get_number (object, "mm", where, 0, 200, &mm, error);
      block->space = mm * MC_SLIP_MM;
    }
  else
    ok = fail (error, where,
               _("unknown block type “%s” (heading, paragraph, qr, columns, signatures, table or spacer)"),
               type);

  if (ok && block->type != MC_SLIP_BLOCK_SPACER && block->type != MC_SLIP_BLOCK_TEXT)
    {
      ok = get_number (object, "space_after_mm", where, 0, 100, &space_after, error);
      block->space = space_after * MC_SLIP_MM;
    }

  if (!ok)
    {
      block_free (block);
      return NULL;
    }
  return block;
}

static gboolean
parse_page (McSlipTemplate *tmpl,
            JsonObject     *root,
            GError        **error)
{
  static const char * const keys[] = { "size", "orientation", "margins_mm", NULL };
  static const char * const margin_keys[] = { "top", "bottom", "left", "right", NULL };
  JsonObject *page, *margins = NULL;
  const char *size = "A4", *orientation = "portrait";
  double top = 20, bottom = 20, left = 30, right = 15;

  if (!get_object (root, "page", "page", &page, error))
    return FALSE;

  if (page != NULL
      && (!check_keys (page, keys, "page", error)
          || !get_string (page, "size", "page", FALSE, &size, error)
          || !get_string (page, "orientation", "page", FALSE, &orientation, error)
          || !get_object (page, "margins_mm", "page", &margins, error)))
    return FALSE;
  if (size == NULL)
    size = "A4";
  if (orientation == NULL)
    orientation = "portrait";

  if (margins != NULL
      && (!check_keys (margins, margin_keys, "page.margins_mm", error)
          || !get_number (margins, "top", "page.margins_mm", 0, 80, &top, error)
          || !get_number (margins, "bottom", "page.margins_mm", 0, 80, &bottom, error)
          || !get_number (margins, "left", "page.margins_mm", 0, 80, &left, error)
          || !get_number (margins, "right", "page.margins_mm", 0, 80, &right, error)))
    return FALSE;

  if (g_ascii_strcasecmp (size, "A4") == 0)
    {
      tmpl->page_width = 210 * MC_SLIP_MM;
      tmpl->page_height = 297 * MC_SLIP_MM;
    }
  else if (g_ascii_strcasecmp (size, "A5") == 0)
    {
      tmpl->page_width = 148 * MC_SLIP_MM;
      tmpl->page_height = 210 * MC_SLIP_MM;
    }
  else
    return fail (error, "page", _("“size” must be A4 or A5, not “%s”"), size);

  if (g_str_equal (orientation, "landscape"))
    {
      double w = tmpl->page_width;

      tmpl->page_width = tmpl->page_height;
      tmpl->page_height = w;
    }
  else if (!g_str_equal (orientation, "portrait"))
    return fail (error, "page", _("“orientation” must be portrait or landscape, not “%s”"), orientation);

  tmpl->margin_top = top * MC_SLIP_MM;
  tmpl->margin_bottom = bottom * MC_SLIP_MM;
  tmpl->margin_left = left * MC_SLIP_MM;
  tmpl->margin_right = right * MC_SLIP_MM;

  if (tmpl->page_width - tmpl->margin_left - tmpl->margin_right < 50 * MC_SLIP_MM
      || tmpl->page_height - tmpl->margin_top - tmpl->margin_bottom < 50 * MC_SLIP_MM)
    return fail (error, "page.margins_mm", _("the margins leave too little room to print"));

  return TRUE;
}

static gboolean
parse_font (McSlipTemplate *tmpl,
            JsonObject     *root,
            GError        **error)
{
  static const char * const keys[] = {
    "families", "size", "line_spacing", "blank_dots", "paragraph_space_mm", NULL
  };
  JsonObject *font;
  JsonArray *families = NULL;
  double blank_dots = 8;

  tmpl->font_size = 13;
  if (!get_object (root, "font", "font", &font, error))
    return FALSE;

  if (font != NULL
      && (!check_keys (font, keys, "font", error)
          || !get_array (font, "families", "font", FALSE, &families, error)
          || !get_number (font, "size", "font", 5, 40, &tmpl->font_size, error)
          || !get_number (font, "line_spacing", "font", 0, 3, &tmpl->line_spacing, error)
          || !get_number (font, "blank_dots", "font", 0, 100, &blank_dots, error)
          || !get_number (font, "paragraph_space_mm", "font", 0, 20, &tmpl->paragraph_space, error)))
    return FALSE;
  tmpl->blank_dots = (int) blank_dots;
  tmpl->paragraph_space *= MC_SLIP_MM;

  if (families == NULL)
    {
      tmpl->fonts = g_strdupv ((char **) default_fonts);
      return TRUE;
    }

  {
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

    for (guint i = 0; i < json_array_get_length (families); i++)
      {
        JsonNode *node = json_array_get_element (families, i);

        if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
          return fail (error, "font.families", _("every family must be a string"));
        g_strv_builder_add (builder, json_node_get_string (node));
      }
    tmpl->fonts = g_strv_builder_end (builder);
  }
  if (tmpl->fonts[0] == NULL)
    return fail (error, "font.families", _("the list is empty"));

  return TRUE;
}

static gboolean
parse_values (McSlipTemplate *tmpl,
              JsonObject     *root,
              GError        **error)
{
  JsonObject *values;
  g_autoptr(GList) fields = NULL;

  tmpl->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_hash_table_unref);
  if (!get_object (root, "values", "values", &values, error))
    return FALSE;
  if (values == NULL)
    return TRUE;

  fields = json_object_get_members (values);
  for (GList *l = fields; l != NULL; l = l->next)
    {
      g_autofree char *where = g_strdup_printf ("values.%s", (const char *) l->data);
      g_autoptr(GList) raws = NULL;
      JsonObject *map;
      GHashTable *table;

      if (!get_object (values, l->data, "values", &map, error))
        return FALSE;
      if (map == NULL)
        continue;

      table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_insert (tmpl->values, g_strdup (l->data), table);

      raws = json_object_get_members (map);
      for (GList *r = raws; r != NULL; r = r->next)
        {
          const char *printed;

          if (!get_string (map, r->data, where, TRUE, &printed, error))
            return FALSE;
          g_hash_table_insert (table, g_strdup (r->data), g_strdup (printed));
        }
    }
  return TRUE;
}

static gboolean
parse_page_numbers (McSlipTemplate *tmpl,
                    JsonObject     *root,
                    GError        **error)
{
  static const char * const keys[] = { "text", "position", "first_page", "size", "align", NULL };
  JsonObject *numbers;
  const char *position = "top";
  McSlipText *text;

  if (!get_object (root, "page_numbers", "page_numbers", &numbers, error))
    return FALSE;
  if (numbers == NULL)
    return TRUE;

  if (!check_keys (numbers, keys, "page_numbers", error)
      || !get_string (numbers, "position", "page_numbers", FALSE, &position, error)
      || !get_bool (numbers, "first_page", "page_numbers", &tmpl->page_number_first, error))
    return FALSE;

  if (position == NULL || g_str_equal (position, "top"))
    tmpl->page_number_top = TRUE;
  else if (!g_str_equal (position, "bottom"))
    return fail (error, "page_numbers", _("“position” must be top or bottom, not “%s”"), position);

  text = g_new0 (McSlipText, 1);
  text->align = MC_SLIP_ALIGN_CENTER;
  tmpl->page_number = text;
  if (!get_text (numbers, "text", "page_numbers", TRUE, &text->parts, error)
      || !get_number (numbers, "size", "page_numbers", 5, 40, &text->size, error)
      || !get_align (numbers, "page_numbers", &text->align, error))
    return FALSE;

  return TRUE;
}

static gboolean
parse_root (McSlipTemplate *tmpl,
            JsonNode       *root_node,
            GError        **error)
{
  static const char * const keys[] = {
    "kind", "name", "model", "effective", "source", "page", "font", "values",
    "page_numbers", "blocks", NULL
  };
  JsonObject *root;
  JsonArray *blocks;
  const char *kind, *name, *model, *effective;
  g_autofree char *stem = NULL;

  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT (root_node))
    return fail (error, "/", _("the file must hold one JSON object"));
  root = json_node_get_object (root_node);

  if (!check_keys (root, keys, "/", error)
      || !get_string (root, "kind", "/", TRUE, &kind, error)
      || !get_string (root, "name", "/", TRUE, &name, error)
      || !get_string (root, "model", "/", TRUE, &model, error)
      || !get_string (root, "effective", "/", TRUE, &effective, error)
      || !parse_page (tmpl, root, error)
      || !parse_font (tmpl, root, error)
      || !parse_values (tmpl, root, error)
      || !parse_page_numbers (tmpl, root, error)
      || !get_array (root, "blocks", "/", TRUE, &blocks, error))
    return FALSE;

  {
    int y = 0, m = 0, d = 0;

    if (strlen (effective) != 10 || sscanf (effective, "%4d-%2d-%2d", &y, &m, &d) != 3
        || !g_date_valid_dmy (d, m, y))
      return fail (error, "/", _("“effective” must be a date like 2018-11-23, not “%s”"), effective);
  }

  /* The file name says which kind it is; the two must agree. */
  stem = g_path_get_basename (tmpl->path);
  if (g_str_has_suffix (stem, ".json"))
    stem[strlen (stem) - 5] = '\0';
  if (!g_str_equal (stem, kind))
    return fail (error, "/", _("“kind” is “%s” but the file is named for “%s”"), kind, stem);

  tmpl->kind = g_strdup (kind);
  tmpl->name = g_strdup (name);
  tmpl->model = g_strdup (model);
  tmpl->effective = g_strdup (effective);

  if (json_array_get_length (blocks) == 0)
    return fail (error, "blocks", _("there are no blocks"));

  tmpl->blocks = g_ptr_array_new_with_free_func (block_free);
  for (guint i = 0; i < json_array_get_length (blocks); i++)
    {
      McSlipBlock *block = parse_block (tmpl, json_array_get_element (blocks, i), i, error);

      if (block == NULL)
        return FALSE;
      g_ptr_array_add (tmpl->blocks, block);
    }

  return TRUE;
}

/* ---- public ---- */

/**
 * mc_slip_template_load_file:
 * @path: a template file
 * @error: return location for a #GError
 *
 * Reads and checks one template file. A broken file gives
 * %MC_SLIP_ERROR_TEMPLATE_INVALID with the file's path and the place of the
 * problem in the message.
 *
 * Returns: (transfer full): the template, or %NULL on error
 */
McSlipTemplate *
mc_slip_template_load_file (const char  *path,
                            GError     **error)
{
  g_autoptr(McSlipTemplate) tmpl = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, MC_SLIP_ERROR,
                   g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT)
                   ? MC_SLIP_ERROR_UNKNOWN_KIND : MC_SLIP_ERROR_TEMPLATE_INVALID,
                   _("Cannot read the slip template “%s”: %s. Reinstall Một Cửa Desk or restore the file."),
                   path, local_error->message);
      return NULL;
    }

  tmpl = g_new0 (McSlipTemplate, 1);
  g_atomic_ref_count_init (&tmpl->ref_count);
  tmpl->path = g_strdup (path);

  if (!g_utf8_validate (contents, length, NULL))
    g_set_error_literal (&local_error, MC_SLIP_ERROR, MC_SLIP_ERROR_TEMPLATE_INVALID,
                         _("the file is not UTF-8 text"));
  else if (json_parser_load_from_data (parser, contents, length, &local_error))
    parse_root (tmpl, json_parser_get_root (parser), &local_error);

  if (local_error != NULL)
    {
      const char *detail = local_error->message;

      /* json-glib names the buffer "<data>"; the path is said already. */
      if (g_str_has_prefix (detail, "<data>:"))
        detail += strlen ("<data>:");
      g_set_error (error, MC_SLIP_ERROR, MC_SLIP_ERROR_TEMPLATE_INVALID,
                   _("The slip template “%s” is broken (%s). Fix the file or reinstall Một Cửa Desk."),
                   path, detail);
      return NULL;
    }

  return g_steal_pointer (&tmpl);
}

/**
 * mc_slip_get_template_dir:
 *
 * Returns: (transfer full): the folder the slip templates are read from:
 *   `slips/` in mc_core_get_data_dir()
 */
char *
mc_slip_get_template_dir (void)
{
  return g_build_filename (mc_core_get_data_dir (), "slips", NULL);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
is_kind_name (const char *kind)
{
  if (*kind == '\0')
    return FALSE;
  for (const char *p = kind; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

/**
 * mc_slip_list_kinds:
 * @error: return location for a #GError
 *
 * Lists the kinds of slip there are templates for (the file names in
 * mc_slip_get_template_dir() without `.json`), sorted.
 *
 * Returns: (transfer full): a %NULL-terminated list, or %NULL on error
 */
char **
mc_slip_list_kinds (GError **error)
{
  g_autofree char *dir_path = mc_slip_get_template_dir ();
  g_autoptr(GPtrArray) kinds = g_ptr_array_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dir = g_dir_open (dir_path, 0, &local_error);
  if (dir == NULL)
    {
      g_set_error (error, MC_SLIP_ERROR, MC_SLIP_ERROR_UNKNOWN_KIND,
                   _("Cannot read the slip templates in “%s”: %s. Reinstall Một Cửa Desk."),
                   dir_path, local_error->message);
      return NULL;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *kind = NULL;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      kind = g_strndup (name, strlen (name) - 5);
      if (is_kind_name (kind))
        g_ptr_array_add (kinds, g_steal_pointer (&kind));
    }

  g_ptr_array_sort (kinds, compare_names);
  g_ptr_array_add (kinds, NULL);

  return (char **) g_ptr_array_free (g_steal_pointer (&kinds), FALSE);
}

/**
 * mc_slip_template_load:
 * @kind: a kind of slip, e.g. `receipt` (see mc_slip_list_kinds())
 * @error: return location for a #GError
 *
 * Reads the template for @kind from mc_slip_get_template_dir().
 *
 * Returns: (transfer full): the template, or %NULL on error
 */
McSlipTemplate *
mc_slip_template_load (const char  *kind,
                       GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!is_kind_name (kind))
    {
      g_set_error (error, MC_SLIP_ERROR, MC_SLIP_ERROR_UNKNOWN_KIND,
                   _("“%s” is not a kind of slip. Use one of the kinds listed by the program."), kind);
      return NULL;
    }

  dir = mc_slip_get_template_dir ();
  file = g_strconcat (kind, ".json", NULL);
  path = g_build_filename (dir, file, NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, MC_SLIP_ERROR, MC_SLIP_ERROR_UNKNOWN_KIND,
                   _("There is no slip of kind “%s” (no file “%s”). Use one of the kinds listed by the program."),
                   kind, path);
      return NULL;
    }

  return mc_slip_template_load_file (path, error);
}

/**
 * mc_slip_template_ref:
 * @tmpl: a #McSlipTemplate
 *
 * Returns: (transfer full): @tmpl
 */
McSlipTemplate *
mc_slip_template_ref (McSlipTemplate *tmpl)
{
  g_return_val_if_fail (tmpl != NULL, NULL);

  g_atomic_ref_count_inc (&tmpl->ref_count);
  return tmpl;
}

/**
 * mc_slip_template_unref:
 * @tmpl: (transfer full): a #McSlipTemplate
 *
 * Drops a reference; the last one frees the template.
 */
void
mc_slip_template_unref (McSlipTemplate *tmpl)
{
  g_return_if_fail (tmpl != NULL);

  if (!g_atomic_ref_count_dec (&tmpl->ref_count))
    return;

  g_free (tmpl->path);
  g_free (tmpl->kind);
  g_free (tmpl->name);
  g_free (tmpl->model);
  g_free (tmpl->effective);
  g_strfreev (tmpl->fonts);
  g_clear_pointer (&tmpl->values, g_hash_table_unref);
  text_free (tmpl->page_number);
  g_clear_pointer (&tmpl->blocks, g_ptr_array_unref);
  g_free (tmpl);
}

/**
 * mc_slip_template_get_kind:
 * @tmpl: a #McSlipTemplate
 *
 * Returns: the kind, e.g. `receipt`
 */
const char *
mc_slip_template_get_kind (McSlipTemplate *tmpl)
{
  g_return_val_if_fail (tmpl != NULL, NULL);
  return tmpl->kind;
}

/**
 * mc_slip_template_get_name:
 * @tmpl: a #McSlipTemplate
 *
 * Returns: the slip's official name, in Vietnamese
 */
const char *
mc_slip_template_get_name (McSlipTemplate *tmpl)
{
  g_return_val_if_fail (tmpl != NULL, NULL);
  return tmpl->name;
}

/**
 * mc_slip_template_get_model:
 * @tmpl: a #McSlipTemplate
 *
 * Returns: the national model the template follows, e.g. "Mẫu số 01,
 *   Thông tư 01/2018/TT-VPCP"
 */
const char *
mc_slip_template_get_model (McSlipTemplate *tmpl)
{
  g_return_val_if_fail (tmpl != NULL, NULL);
  return tmpl->model;
}

/**
 * mc_slip_template_get_effective:
 * @tmpl: a #McSlipTemplate
 *
 * Returns: the date (YYYY-MM-DD) from which the model applies
 */
const char *
mc_slip_template_get_effective (McSlipTemplate *tmpl)
{
  g_return_val_if_fail (tmpl != NULL, NULL);
  return tmpl->effective;
}

/**
 * mc_slip_template_get_path:
 * @tmpl: a #McSlipTemplate
 *
 * Returns: the file the template was read from
 */
const char *
mc_slip_template_get_path (McSlipTemplate *tmpl)
{
  g_return_val_if_fail (tmpl != NULL, NULL);
  return tmpl->path;
}
