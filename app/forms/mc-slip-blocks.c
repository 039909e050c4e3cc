/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading the blocks of a slip template (headings, paragraphs, QR codes,
 * column boxes, signature places, tables, spacers) into the structures the
 * layout walks. Millimetres in the file become points here, once. */
#define G_LOG_DOMAIN "motcua-forms"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-slip-json-private.h"

void
mc_slip_text_free (gpointer p)
{
  McSlipText *text = p;

  if (text == NULL)
    return;
  g_clear_pointer (&text->parts, g_ptr_array_unref);
  g_clear_pointer (&text->qr, g_ptr_array_unref);
  g_free (text->unless);
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

void
mc_slip_block_free (gpointer p)
{
  McSlipBlock *block = p;

  mc_slip_text_free (block->text);
  g_clear_pointer (&block->boxes, g_ptr_array_unref);
  g_clear_pointer (&block->columns, g_ptr_array_unref);
  g_free (block->table);
  g_free (block);
}

static const char * const text_keys[] = {
  "type", "text", "qr", "size_mm", "size", "bold", "italic", "upper", "optional",
  "keep_with_next", "align", "indent_mm", "left_mm", "space_before_mm",
  "space_after_mm", "rule", "unless", NULL
};

static McSlipText *
parse_text_item (JsonObject   *object,
                 const char   *where,
                 McSlipText   *defaults,
                 GError      **error)
{
  McSlipText *text = g_new0 (McSlipText, 1);
  double size_mm = 20.0;
  const char *unless = NULL;

  if (defaults != NULL)
    *text = *defaults;
  text->parts = NULL;
  text->qr = NULL;
  text->unless = NULL;

  if (!mc_slip_json_check_keys (object, text_keys, where, error)
      || !mc_slip_json_get_text (object, "qr", where, FALSE, &text->qr, error)
      || !mc_slip_json_get_text (object, "text", where, text->qr == NULL, &text->parts, error)
      || !mc_slip_json_get_number (object, "size_mm", where, 10, 100, &size_mm, error)
      || !mc_slip_json_get_number (object, "size", where, 5, 40, &text->size, error)
      || !mc_slip_json_get_bool (object, "bold", where, &text->bold, error)
      || !mc_slip_json_get_bool (object, "italic", where, &text->italic, error)
      || !mc_slip_json_get_bool (object, "upper", where, &text->upper, error)
      || !mc_slip_json_get_bool (object, "optional", where, &text->optional, error)
      || !mc_slip_json_get_bool (object, "keep_with_next", where, &text->keep_with_next, error)
      || !mc_slip_json_get_align (object, where, &text->align, error)
      || !mc_slip_json_get_number (object, "indent_mm", where, -50, 100, &text->indent, error)
      || !mc_slip_json_get_number (object, "left_mm", where, 0, 150, &text->left, error)
      || !mc_slip_json_get_number (object, "space_before_mm", where, 0, 100, &text->space_before, error)
      || !mc_slip_json_get_number (object, "space_after_mm", where, 0, 100, &text->space_after, error)
      || !mc_slip_json_get_number (object, "rule", where, 0, 1, &text->rule, error)
      || !mc_slip_json_get_string (object, "unless", where, FALSE, &unless, error))
    {
      mc_slip_text_free (text);
      return NULL;
    }
  text->unless = g_strdup (unless);

  if (text->qr != NULL && text->parts != NULL)
    {
      mc_slip_json_fail (error, where, _("an item has either “text” or “qr”, not both"));
      mc_slip_text_free (text);
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
        return mc_slip_json_fail (error, item_where, _("an item must be an object"));

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

  if (!mc_slip_json_check_keys (object, keys, where, error)
      || !mc_slip_json_get_array (object, "columns", where, TRUE, &columns, error)
      || !mc_slip_json_get_number (object, "size", where, 5, 40, &block->font_size, error))
    return FALSE;
  if (json_array_get_length (columns) == 0)
    return mc_slip_json_fail (error, where, _("“columns” is empty"));

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
        return mc_slip_json_fail (error, box_where, _("a column must be an object"));
      box_object = json_node_get_object (node);

      box = g_new0 (McSlipColumnBox, 1);
      box->width = 1;
      box->items = g_ptr_array_new_with_free_func (mc_slip_text_free);
      g_ptr_array_add (block->boxes, box);

      if (!mc_slip_json_check_keys (box_object, box_keys, box_where, error)
          || !mc_slip_json_get_number (box_object, "width", box_where, 0.01, 1000, &box->width, error)
          || !mc_slip_json_get_array (box_object, "items", box_where, TRUE, &items, error)
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

  if (!mc_slip_json_check_keys (object, keys, where, error)
      || !mc_slip_json_get_array (object, "signers", where, TRUE, &signers, error)
      || !mc_slip_json_get_number (object, "space_mm", where, 0, 100, &space_mm, error)
      || !mc_slip_json_get_number (object, "size", where, 5, 40, &block->font_size, error))
    return FALSE;
  if (json_array_get_length (signers) == 0)
    return mc_slip_json_fail (error, where, _("“signers” is empty"));

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
        return mc_slip_json_fail (error, signer_where, _("a signer must be an object"));
      signer = json_node_get_object (node);

      box = g_new0 (McSlipColumnBox, 1);
      box->width = 1;
      box->items = g_ptr_array_new_with_free_func (mc_slip_text_free);
      g_ptr_array_add (block->boxes, box);

      if (!mc_slip_json_check_keys (signer, signer_keys, signer_where, error)
          || !mc_slip_json_get_number (signer, "width", signer_where, 0.01, 1000, &box->width, error))
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

          if (!mc_slip_json_get_text (signer, keys_in_order[k], signer_where, FALSE, &item->parts, error))
            return FALSE;
          if (item->parts == NULL)
            item->parts = g_ptr_array_new_with_free_func (mc_slip_part_free);
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
    "row_min_height_mm", "cell_padding_mm", "space_after_mm", NULL
  };
  static const char * const column_keys[] = { "title", "group", "width", "text", "align", "max_lines", NULL };
  const char *table;
  JsonArray *columns;
  double min_rows = 0, row_min_height = 0, cell_padding = -1;

  if (!mc_slip_json_check_keys (object, keys, where, error)
      || !mc_slip_json_get_string (object, "table", where, TRUE, &table, error)
      || !mc_slip_json_get_array (object, "columns", where, TRUE, &columns, error)
      || !mc_slip_json_get_number (object, "min_rows", where, 0, 100, &min_rows, error)
      || !mc_slip_json_get_number (object, "size", where, 5, 40, &block->font_size, error)
      || !mc_slip_json_get_number (object, "header_size", where, 5, 40, &block->header_size, error)
      || !mc_slip_json_get_number (object, "row_min_height_mm", where, 0, 150, &row_min_height, error)
      || !mc_slip_json_get_number (object, "cell_padding_mm", where, 0, 10, &cell_padding, error))
    return FALSE;
  if (json_array_get_length (columns) == 0)
    return mc_slip_json_fail (error, where, _("“columns” is empty"));

  block->table = g_strdup (table);
  block->min_rows = (guint) min_rows;
  block->row_min_height = row_min_height * MC_SLIP_MM;
  block->cell_padding = cell_padding >= 0 ? cell_padding * MC_SLIP_MM : -1;
  block->columns = g_ptr_array_new_with_free_func (table_column_free);

  for (guint i = 0; i < json_array_get_length (columns); i++)
    {
      g_autofree char *column_where = g_strdup_printf ("%s.columns[%u]", where, i);
      JsonNode *node = json_array_get_element (columns, i);
      McSlipTableColumn *column;
      JsonObject *column_object;
      const char *group;
      double max_lines = 0;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return mc_slip_json_fail (error, column_where, _("a column must be an object"));
      column_object = json_node_get_object (node);

      column = g_new0 (McSlipTableColumn, 1);
      column->width = 1;
      g_ptr_array_add (block->columns, column);

      if (!mc_slip_json_check_keys (column_object, column_keys, column_where, error)
          || !mc_slip_json_get_text (column_object, "title", column_where, TRUE, &column->title, error)
          || !mc_slip_json_get_text (column_object, "text", column_where, TRUE, &column->parts, error)
          || !mc_slip_json_get_string (column_object, "group", column_where, FALSE, &group, error)
          || !mc_slip_json_get_number (column_object, "width", column_where, 0.01, 1000, &column->width, error)
          || !mc_slip_json_get_align (column_object, column_where, &column->align, error)
          || !mc_slip_json_get_number (column_object, "max_lines", column_where, 0, 50, &max_lines, error))
        return FALSE;
      column->group = g_strdup (group);
      column->max_lines = (guint) max_lines;
    }
  return TRUE;
}

McSlipBlock *
mc_slip_parse_block (McSlipTemplate *tmpl,
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
      mc_slip_json_fail (error, where, _("a block must be an object"));
      return NULL;
    }
  object = json_node_get_object (node);

  if (!mc_slip_json_get_string (object, "type", where, TRUE, &type, error))
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
        ok = mc_slip_json_fail (error, where, _("a “qr” block needs a “qr” value"));
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
      ok = mc_slip_json_check_keys (object, keys, where, error)
           && mc_slip_json_get_number (object, "mm", where, 0, 200, &mm, error);
      block->space = mm * MC_SLIP_MM;
    }
  else
    ok = mc_slip_json_fail (error, where,
               _("unknown block type “%s” (heading, paragraph, qr, columns, signatures, table or spacer)"),
               type);

  if (ok && block->type != MC_SLIP_BLOCK_SPACER && block->type != MC_SLIP_BLOCK_TEXT)
    {
      ok = mc_slip_json_get_number (object, "space_after_mm", where, 0, 100, &space_after, error);
      block->space = space_after * MC_SLIP_MM;
    }

  if (!ok)
    {
      mc_slip_block_free (block);
      return NULL;
    }
  return block;
}
