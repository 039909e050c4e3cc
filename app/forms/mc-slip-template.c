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
#include "mc-slip-json-private.h"

G_DEFINE_QUARK (mc-slip-error-quark, mc_slip_error)

G_DEFINE_BOXED_TYPE (McSlipTemplate, mc_slip_template, mc_slip_template_ref, mc_slip_template_unref)

static const char * const default_fonts[] = {
  "Liberation Serif", "Times New Roman", "Tinos", "Noto Serif", "DejaVu Serif", "FreeSerif", NULL
};

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

  if (!mc_slip_json_get_object (root, "page", "page", &page, error))
    return FALSE;

  if (page != NULL
      && (!mc_slip_json_check_keys (page, keys, "page", error)
          || !mc_slip_json_get_string (page, "size", "page", FALSE, &size, error)
          || !mc_slip_json_get_string (page, "orientation", "page", FALSE, &orientation, error)
          || !mc_slip_json_get_object (page, "margins_mm", "page", &margins, error)))
    return FALSE;
  if (size == NULL)
    size = "A4";
  if (orientation == NULL)
    orientation = "portrait";

  if (margins != NULL
      && (!mc_slip_json_check_keys (margins, margin_keys, "page.margins_mm", error)
          || !mc_slip_json_get_number (margins, "top", "page.margins_mm", 0, 80, &top, error)
          || !mc_slip_json_get_number (margins, "bottom", "page.margins_mm", 0, 80, &bottom, error)
          || !mc_slip_json_get_number (margins, "left", "page.margins_mm", 0, 80, &left, error)
          || !mc_slip_json_get_number (margins, "right", "page.margins_mm", 0, 80, &right, error)))
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
    return mc_slip_json_fail (error, "page", _("“size” must be A4 or A5, not “%s”"), size);

  if (g_str_equal (orientation, "landscape"))
    {
      double w = tmpl->page_width;

      tmpl->page_width = tmpl->page_height;
      tmpl->page_height = w;
    }
  else if (!g_str_equal (orientation, "portrait"))
    return mc_slip_json_fail (error, "page", _("“orientation” must be portrait or landscape, not “%s”"), orientation);

  tmpl->margin_top = top * MC_SLIP_MM;
  tmpl->margin_bottom = bottom * MC_SLIP_MM;
  tmpl->margin_left = left * MC_SLIP_MM;
  tmpl->margin_right = right * MC_SLIP_MM;

  if (tmpl->page_width - tmpl->margin_left - tmpl->margin_right < 50 * MC_SLIP_MM
      || tmpl->page_height - tmpl->margin_top - tmpl->margin_bottom < 50 * MC_SLIP_MM)
    return mc_slip_json_fail (error, "page.margins_mm", _("the margins leave too little room to print"));

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
  if (!mc_slip_json_get_object (root, "font", "font", &font, error))
    return FALSE;

  if (font != NULL
      && (!mc_slip_json_check_keys (font, keys, "font", error)
          || !mc_slip_json_get_array (font, "families", "font", FALSE, &families, error)
          || !mc_slip_json_get_number (font, "size", "font", 5, 40, &tmpl->font_size, error)
          || !mc_slip_json_get_number (font, "line_spacing", "font", 0, 3, &tmpl->line_spacing, error)
          || !mc_slip_json_get_number (font, "blank_dots", "font", 0, 100, &blank_dots, error)
          || !mc_slip_json_get_number (font, "paragraph_space_mm", "font", 0, 20, &tmpl->paragraph_space, error)))
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
          return mc_slip_json_fail (error, "font.families", _("every family must be a string"));
        g_strv_builder_add (builder, json_node_get_string (node));
      }
    tmpl->fonts = g_strv_builder_end (builder);
  }
  if (tmpl->fonts[0] == NULL)
    return mc_slip_json_fail (error, "font.families", _("the list is empty"));

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
  if (!mc_slip_json_get_object (root, "values", "values", &values, error))
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

      if (!mc_slip_json_get_object (values, l->data, "values", &map, error))
        return FALSE;
      if (map == NULL)
        continue;

      table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_insert (tmpl->values, g_strdup (l->data), table);

      raws = json_object_get_members (map);
      for (GList *r = raws; r != NULL; r = r->next)
        {
          const char *printed;

          if (!mc_slip_json_get_string (map, r->data, where, TRUE, &printed, error))
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

  if (!mc_slip_json_get_object (root, "page_numbers", "page_numbers", &numbers, error))
    return FALSE;
  if (numbers == NULL)
    return TRUE;

  if (!mc_slip_json_check_keys (numbers, keys, "page_numbers", error)
      || !mc_slip_json_get_string (numbers, "position", "page_numbers", FALSE, &position, error)
      || !mc_slip_json_get_bool (numbers, "first_page", "page_numbers", &tmpl->page_number_first, error))
    return FALSE;

  if (position == NULL || g_str_equal (position, "top"))
    tmpl->page_number_top = TRUE;
  else if (!g_str_equal (position, "bottom"))
    return mc_slip_json_fail (error, "page_numbers", _("“position” must be top or bottom, not “%s”"), position);

  text = g_new0 (McSlipText, 1);
  text->align = MC_SLIP_ALIGN_CENTER;
  tmpl->page_number = text;
  if (!mc_slip_json_get_text (numbers, "text", "page_numbers", TRUE, &text->parts, error)
      || !mc_slip_json_get_number (numbers, "size", "page_numbers", 5, 40, &text->size, error)
      || !mc_slip_json_get_align (numbers, "page_numbers", &text->align, error))
    return FALSE;

  return TRUE;
}

static gboolean
parse_root (McSlipTemplate *tmpl,
            JsonNode       *root_node,
            const char     *stem,
            GError        **error)
{
  static const char * const keys[] = {
    "kind", "name", "model", "effective", "source", "page", "font", "values",
    "page_numbers", "blocks", NULL
  };
  JsonObject *root;
  JsonArray *blocks;
  const char *kind, *name, *model, *effective;

  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT (root_node))
    return mc_slip_json_fail (error, "/", _("the file must hold one JSON object"));
  root = json_node_get_object (root_node);

  if (!mc_slip_json_check_keys (root, keys, "/", error)
      || !mc_slip_json_get_string (root, "kind", "/", TRUE, &kind, error)
      || !mc_slip_json_get_string (root, "name", "/", TRUE, &name, error)
      || !mc_slip_json_get_string (root, "model", "/", TRUE, &model, error)
      || !mc_slip_json_get_string (root, "effective", "/", TRUE, &effective, error)
      || !parse_page (tmpl, root, error)
      || !parse_font (tmpl, root, error)
      || !parse_values (tmpl, root, error)
      || !parse_page_numbers (tmpl, root, error)
      || !mc_slip_json_get_array (root, "blocks", "/", TRUE, &blocks, error))
    return FALSE;

  {
    int y = 0, m = 0, d = 0;

    if (strlen (effective) != 10 || sscanf (effective, "%4d-%2d-%2d", &y, &m, &d) != 3
        || !g_date_valid_dmy (d, m, y))
      return mc_slip_json_fail (error, "/", _("“effective” must be a date like 2018-11-23, not “%s”"), effective);
  }

  /* The file name (or the name it was published under) says which kind
   * it is; the two must agree. */
  if (!g_str_equal (stem, kind))
    return mc_slip_json_fail (error, "/", _("“kind” is “%s” but the file is named for “%s”"), kind, stem);

  tmpl->kind = g_strdup (kind);
  tmpl->name = g_strdup (name);
  tmpl->model = g_strdup (model);
  tmpl->effective = g_strdup (effective);

  if (json_array_get_length (blocks) == 0)
    return mc_slip_json_fail (error, "blocks", _("there are no blocks"));

  tmpl->blocks = g_ptr_array_new_with_free_func (mc_slip_block_free);
  for (guint i = 0; i < json_array_get_length (blocks); i++)
    {
      McSlipBlock *block = mc_slip_parse_block (tmpl, json_array_get_element (blocks, i), i, error);

      if (block == NULL)
        return FALSE;
      g_ptr_array_add (tmpl->blocks, block);
    }

  return TRUE;
}

/* ---- public ---- */

static McSlipTemplate *template_from_data (const char  *path,
                                           const char  *stem,
                                           const char  *contents,
                                           gsize        length,
                                           GError     **error);

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
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *stem = NULL;
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

  stem = g_path_get_basename (path);
  if (g_str_has_suffix (stem, ".json"))
    stem[strlen (stem) - 5] = '\0';

  return template_from_data (path, stem, contents, length, error);
}

/**
 * mc_slip_template_new_from_data:
 * @kind: the kind of slip it must be for
 * @data: a template, as a file of the data folder holds it
 * @length: the length of @data, or -1 when it ends with a NUL
 * @origin: what to call the template in errors (it has no file)
 * @error: return location for a #GError
 *
 * Checks a template that came as text (from the central system) the way
 * mc_slip_template_load_file() checks a file.
 *
 * Returns: (transfer full): the template, or %NULL on error
 */
McSlipTemplate *
mc_slip_template_new_from_data (const char  *kind,
                                const char  *data,
                                gssize       length,
                                const char  *origin,
                                GError     **error)
{
  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (origin != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return template_from_data (origin, kind, data, length < 0 ? strlen (data) : (gsize) length, error);
}

static McSlipTemplate *
template_from_data (const char  *path,
                    const char  *stem,
                    const char  *contents,
                    gsize        length,
                    GError     **error)
{
  g_autoptr(McSlipTemplate) tmpl = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;

  tmpl = g_new0 (McSlipTemplate, 1);
  g_atomic_ref_count_init (&tmpl->ref_count);
  tmpl->path = g_strdup (path);

  if (!g_utf8_validate (contents, length, NULL))
    g_set_error_literal (&local_error, MC_SLIP_ERROR, MC_SLIP_ERROR_TEMPLATE_INVALID,
                         _("the file is not UTF-8 text"));
  else if (json_parser_load_from_data (parser, contents, length, &local_error))
    parse_root (tmpl, json_parser_get_root (parser), stem, &local_error);

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
  mc_slip_text_free (tmpl->page_number);
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
