/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The data object slips are printed from. Every value is stored as valid,
 * NFC-normalised UTF-8 whatever the caller passed, so a damaged record in the
 * store can never break the PDF or the text a citizen's name is searched by.
 * A worker thread renders from its own deep copy (mc_slip_data_dup()), so the
 * caller may keep changing its object. */
#define G_LOG_DOMAIN "motcua-forms"

#include "config.h"

#include <stdarg.h>

#include "mc-slip-data.h"

struct _McSlipData
{
  gatomicrefcount ref_count;
  GHashTable *fields;   /* name → value */
  GHashTable *tables;   /* name → GPtrArray of GHashTable (column → value) */
  McSlipTemplate *tmpl; /* (nullable) to print with instead of the data folder's */
};

/**
 * McSlipData:
 *
 * Named text fields plus named tables (rows of named cells) that a slip
 * template prints. Missing or empty values print as the dotted blanks of the
 * paper forms. The templates shipped in `data/slips/` use these names:
 *
 * Fields:
 *
 * - `office_parent`: the office's parent body (e.g. "UBND TỈNH …"); optional
 * - `office_name`: the issuing office (top left of every slip)
 * - `office_place`: place name for the date line ("…, ngày … tháng … năm …")
 * - `office_phone`: the office's phone for questions
 * - `issued_at`: when the slip is issued (ISO 8601); defaults to now
 * - `slip_number`: the slip's register number ("Số: …")
 * - `dossier_code`: the dossier code, printed as text and as a QR code
 * - `procedure_code`, `procedure_name`: the procedure (TTHC)
 * - `applicant_name`, `applicant_id`, `applicant_address`,
 *   `applicant_phone`, `applicant_email`: the applicant
 * - `channel`: how the dossier came in: `1`/`in-person`, `2`/`online`,
 *   `3`/`postal`
 * - `received_at`, `appointment_at`, `new_appointment_at`: ISO 8601 times
 * - `processing_days`: the legal processing time in working days
 * - `dossier_sets`: number of sets (bộ) received
 * - `return_place`: where the result will be returned
 * - `fee`: fees and charges, as text
 * - `ledger_book`, `ledger_number`: book and entry in the tracking ledger
 * - `receiver_name`, `receiver_title`: the official who received or guides
 * - `signer_name`, `signer_title`: the head who signs the apology slip
 * - `handling_office`: the office that processes the dossier
 * - `reason`: reason for a supplement request, refusal or delay
 * - `period_from`, `period_to`: the ledger's date range (ISO 8601)
 *
 * Tables (and their columns):
 *
 * - `components`: `name`, `copies`, `kind` (`original` or `copy`)
 * - `supplement_items`: `name`, `note`
 * - `timeline`: `from`, `to`, `time` (ISO 8601), `result`, `note`,
 *   `from_person`, `to_person`
 * - `ledger`: `code`, `applicant`, `procedure`, `received`, `appointment`,
 *   `returned`, `state`, `note`, and optionally `copies`, `address`,
 *   `handler`, `forwarded`, `result_received`
 */
G_DEFINE_BOXED_TYPE (McSlipData, mc_slip_data, mc_slip_data_ref, mc_slip_data_unref)

static GHashTable *
new_row (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static char *
clean_text (const char *value)
{
  g_autofree char *valid = g_utf8_make_valid (value, -1);

  return g_utf8_normalize (valid, -1, G_NORMALIZE_NFC);
}

/**
 * mc_slip_data_new:
 *
 * Makes an empty data object.
 *
 * Returns: (transfer full): a new #McSlipData
 */
McSlipData *
mc_slip_data_new (void)
{
  McSlipData *data = g_new0 (McSlipData, 1);

  g_atomic_ref_count_init (&data->ref_count);
  data->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  data->tables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_ptr_array_unref);
  return data;
}

/**
 * mc_slip_data_ref:
 * @data: a #McSlipData
 *
 * Returns: (transfer full): @data
 */
McSlipData *
mc_slip_data_ref (McSlipData *data)
{
  g_return_val_if_fail (data != NULL, NULL);

  g_atomic_ref_count_inc (&data->ref_count);
  return data;
}

/**
 * mc_slip_data_unref:
 * @data: (transfer full): a #McSlipData
 *
 * Drops a reference; the last one frees the data.
 */
void
mc_slip_data_unref (McSlipData *data)
{
  g_return_if_fail (data != NULL);

  if (g_atomic_ref_count_dec (&data->ref_count))
    {
      g_hash_table_unref (data->fields);
      g_hash_table_unref (data->tables);
      g_clear_pointer (&data->tmpl, mc_slip_template_unref);
      g_free (data);
    }
}

/**
 * mc_slip_data_dup:
 * @data: a #McSlipData
 *
 * Makes an independent deep copy, e.g. to hand to a worker thread.
 *
 * Returns: (transfer full): the copy
 */
McSlipData *
mc_slip_data_dup (McSlipData *data)
{
  McSlipData *copy;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (data != NULL, NULL);

  copy = mc_slip_data_new ();

  g_hash_table_iter_init (&iter, data->fields);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy->fields, g_strdup (key), g_strdup (value));

  g_hash_table_iter_init (&iter, data->tables);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *rows = value;
      GPtrArray *rows_copy = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);

      for (guint i = 0; i < rows->len; i++)
        {
          GHashTable *row = g_ptr_array_index (rows, i);
          GHashTable *row_copy = new_row ();
          GHashTableIter cells;
          gpointer column, cell;

          g_hash_table_iter_init (&cells, row);
          while (g_hash_table_iter_next (&cells, &column, &cell))
            g_hash_table_insert (row_copy, g_strdup (column), g_strdup (cell));
          g_ptr_array_add (rows_copy, row_copy);
        }
      g_hash_table_insert (copy->tables, g_strdup (key), rows_copy);
    }
  if (data->tmpl != NULL)
    copy->tmpl = mc_slip_template_ref (data->tmpl);

  return copy;
}

/**
 * mc_slip_data_set_template:
 * @data: a #McSlipData
 * @tmpl: (nullable): a template to print @data with, e.g. one the central
 *   system published; %NULL for the data folder's template of the kind
 *
 * mc_slip_render_to_file_sync() uses @tmpl when it is of the kind asked.
 */
void
mc_slip_data_set_template (McSlipData     *data,
                           McSlipTemplate *tmpl)
{
  g_return_if_fail (data != NULL);

  if (tmpl != NULL)
    mc_slip_template_ref (tmpl);
  g_clear_pointer (&data->tmpl, mc_slip_template_unref);
  data->tmpl = tmpl;
}

/**
 * mc_slip_data_get_template:
 * @data: a #McSlipData
 *
 * Returns: (transfer none) (nullable): the template set with
 *   mc_slip_data_set_template()
 */
McSlipTemplate *
mc_slip_data_get_template (McSlipData *data)
{
  g_return_val_if_fail (data != NULL, NULL);

  return data->tmpl;
}

/**
 * mc_slip_data_set:
 * @data: a #McSlipData
 * @field: a field name
 * @value: (nullable): the text, or %NULL to remove the field
 *
 * Sets a field. Invalid UTF-8 is repaired and the text is NFC-normalised.
 */
void
mc_slip_data_set (McSlipData *data,
                  const char *field,
                  const char *value)
{
  g_return_if_fail (data != NULL);
  g_return_if_fail (field != NULL);

  if (value == NULL)
    g_hash_table_remove (data->fields, field);
  else
    g_hash_table_insert (data->fields, g_strdup (field), clean_text (value));
}

/**
 * mc_slip_data_get:
 * @data: a #McSlipData
 * @field: a field name
 *
 * Returns: (nullable): the field's text, or %NULL when it is not set
 */
const char *
mc_slip_data_get (McSlipData *data,
                  const char *field)
{
  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (field != NULL, NULL);

  return g_hash_table_lookup (data->fields, field);
}

static GPtrArray *
get_rows (McSlipData *data,
          const char *table,
          gboolean    create)
{
  GPtrArray *rows = g_hash_table_lookup (data->tables, table);

  if (rows == NULL && create)
    {
      rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
      g_hash_table_insert (data->tables, g_strdup (table), rows);
    }
  return rows;
}

/**
 * mc_slip_data_add_row:
 * @data: a #McSlipData
 * @table: a table name
 *
 * Appends an empty row to @table, creating the table if needed.
 *
 * Returns: the new row's index
 */
guint
mc_slip_data_add_row (McSlipData *data,
                      const char *table)
{
  GPtrArray *rows;

  g_return_val_if_fail (data != NULL, 0);
  g_return_val_if_fail (table != NULL, 0);

  rows = get_rows (data, table, TRUE);
  g_ptr_array_add (rows, new_row ());
  return rows->len - 1;
}

/**
 * mc_slip_data_set_cell:
 * @data: a #McSlipData
 * @table: a table name
 * @row: an index returned by mc_slip_data_add_row()
 * @column: a column name
 * @value: (nullable): the text, or %NULL to clear the cell
 *
 * Sets one cell of an existing row.
 */
void
mc_slip_data_set_cell (McSlipData *data,
                       const char *table,
                       guint       row,
                       const char *column,
                       const char *value)
{
  GPtrArray *rows;
  GHashTable *cells;

  g_return_if_fail (data != NULL);
  g_return_if_fail (table != NULL);
  g_return_if_fail (column != NULL);

  rows = get_rows (data, table, FALSE);
  g_return_if_fail (rows != NULL && row < rows->len);

  cells = g_ptr_array_index (rows, row);
  if (value == NULL)
    g_hash_table_remove (cells, column);
  else
    g_hash_table_insert (cells, g_strdup (column), clean_text (value));
}

/**
 * mc_slip_data_append_row: (skip)
 * @data: a #McSlipData
 * @table: a table name
 * @first_column: the first column name, followed by its value, then more
 *   name/value pairs, ending with %NULL
 * @...: the first value, then more pairs
 *
 * Appends a row and fills it in one call.
 *
 * Returns: the new row's index
 */
guint
mc_slip_data_append_row (McSlipData *data,
                         const char *table,
                         const char *first_column,
                         ...)
{
  va_list args;
  const char *column;
  guint row;

  g_return_val_if_fail (data != NULL, 0);
  g_return_val_if_fail (table != NULL, 0);

  row = mc_slip_data_add_row (data, table);

  va_start (args, first_column);
  for (column = first_column; column != NULL; column = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);

      mc_slip_data_set_cell (data, table, row, column, value);
    }
  va_end (args);

  return row;
}

/**
 * mc_slip_data_get_n_rows:
 * @data: a #McSlipData
 * @table: a table name
 *
 * Returns: the number of rows in @table (0 when it does not exist)
 */
guint
mc_slip_data_get_n_rows (McSlipData *data,
                         const char *table)
{
  GPtrArray *rows;

  g_return_val_if_fail (data != NULL, 0);
  g_return_val_if_fail (table != NULL, 0);

  rows = get_rows (data, table, FALSE);
  return rows != NULL ? rows->len : 0;
}

/**
 * mc_slip_data_get_cell:
 * @data: a #McSlipData
 * @table: a table name
 * @row: a row index
 * @column: a column name
 *
 * Returns: (nullable): the cell's text, or %NULL when it is not set
 */
const char *
mc_slip_data_get_cell (McSlipData *data,
                       const char *table,
                       guint       row,
                       const char *column)
{
  GPtrArray *rows;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (column != NULL, NULL);

  rows = get_rows (data, table, FALSE);
  if (rows == NULL || row >= rows->len)
    return NULL;

  return g_hash_table_lookup (g_ptr_array_index (rows, row), column);
}
