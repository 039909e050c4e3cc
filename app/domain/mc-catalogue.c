/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The catalogue keeps its procedures sorted by folded field and name, which
 * is the order officers scan a list in and is the same whatever the locale.
 * Loading is all or nothing: one broken file fails the whole load with an
 * error that names it, so a desk never runs with half a catalogue. The
 * store holds each definition as JSON text beside the columns reports
 * query, so a dossier can be processed from the store alone. */
#define G_LOG_DOMAIN "motcua-domain"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-catalogue.h"
#include "mc-core.h"
#include "mc-text.h"

struct _McCatalogue
{
  GObject parent_instance;

  GPtrArray *procedures;   /* of McProcedure, sorted */
  GHashTable *by_code;     /* code → McProcedure (borrowed from procedures) */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (McCatalogue, mc_catalogue, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
list_model_get_item_type (GListModel *model)
{
  return MC_TYPE_PROCEDURE;
}

static guint
list_model_get_n_items (GListModel *model)
{
  return MC_CATALOGUE (model)->procedures->len;
}

static gpointer
list_model_get_item (GListModel *model,
                     guint       position)
{
  McCatalogue *self = MC_CATALOGUE (model);

  if (position >= self->procedures->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->procedures, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_model_get_item_type;
  iface->get_n_items = list_model_get_n_items;
  iface->get_item = list_model_get_item;
}

static void
mc_catalogue_finalize (GObject *object)
{
  McCatalogue *self = MC_CATALOGUE (object);

  g_clear_pointer (&self->by_code, g_hash_table_unref);
  g_clear_pointer (&self->procedures, g_ptr_array_unref);

  G_OBJECT_CLASS (mc_catalogue_parent_class)->finalize (object);
}

static void
mc_catalogue_class_init (McCatalogueClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mc_catalogue_finalize;
}

static void
mc_catalogue_init (McCatalogue *self)
{
  self->procedures = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_code = g_hash_table_new (g_str_hash, g_str_equal);
}

/**
 * mc_catalogue_new:
 *
 * Returns: (transfer full): an empty catalogue
 */
McCatalogue *
mc_catalogue_new (void)
{
  return g_object_new (MC_TYPE_CATALOGUE, NULL);
}

/**
 * mc_catalogue_default_dir:
 *
 * Returns: (transfer full): the `procedures` folder of
 *   mc_core_get_data_dir()
 */
char *
mc_catalogue_default_dir (void)
{
  return g_build_filename (mc_core_get_data_dir (), "procedures", NULL);
}

static int
compare_procedures (McProcedure *a,
                    McProcedure *b)
{
  g_autofree char *field_a = mc_text_fold (mc_procedure_get_field (a));
  g_autofree char *field_b = mc_text_fold (mc_procedure_get_field (b));
  int cmp = strcmp (field_a, field_b);

  if (cmp == 0)
    cmp = strcmp (mc_procedure_get_folded_name (a), mc_procedure_get_folded_name (b));
  if (cmp == 0)
    cmp = strcmp (mc_procedure_get_code (a), mc_procedure_get_code (b));
  return cmp;
}

/**
 * mc_catalogue_add:
 * @self: a catalogue
 * @procedure: a procedure
 * @error: where to put a failure
 *
 * Adds @procedure in its sorted place.
 *
 * Returns: %TRUE, or %FALSE with %MC_PROCEDURE_ERROR_DUPLICATE when the
 *   catalogue already has a procedure with that code
 */
gboolean
mc_catalogue_add (McCatalogue  *self,
                  McProcedure  *procedure,
                  GError      **error)
{
  McProcedure *existing;
  guint position = 0;

  g_return_val_if_fail (MC_IS_CATALOGUE (self), FALSE);
  g_return_val_if_fail (MC_IS_PROCEDURE (procedure), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  existing = g_hash_table_lookup (self->by_code, mc_procedure_get_code (procedure));
  if (existing != NULL)
    {
      g_set_error (error, MC_PROCEDURE_ERROR, MC_PROCEDURE_ERROR_DUPLICATE,
                   _("%s: the code %s is already used by %s. Remove one of the two definitions."),
                   mc_procedure_get_origin (procedure), mc_procedure_get_code (procedure),
                   mc_procedure_get_origin (existing));
      return FALSE;
    }

  while (position < self->procedures->len &&
         compare_procedures (g_ptr_array_index (self->procedures, position), procedure) < 0)
    position++;

  g_ptr_array_insert (self->procedures, (int) position, g_object_ref (procedure));
  g_hash_table_insert (self->by_code, (gpointer) mc_procedure_get_code (procedure), procedure);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);

  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * mc_catalogue_load_sync:
 * @dir: (nullable): a folder of `CODE.json` files, or %NULL for
 *   mc_catalogue_default_dir()
 * @cancellable: (nullable): a cancellable
 * @error: where to put a failure
 *
 * Reads every `*.json` file of @dir (other files, like README.md, are
 * ignored). Each file must hold one valid definition named after its code;
 * the first file that does not gives an error naming it, and nothing is
 * loaded.
 *
 * Returns: (transfer full) (nullable): the catalogue, or %NULL
 */
McCatalogue *
mc_catalogue_load_sync (const char    *dir,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autofree char *folder = dir != NULL ? g_strdup (dir) : mc_catalogue_default_dir ();
  g_autoptr(McCatalogue) self = NULL;
  g_autoptr(GDir) handle = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  const char *name;

  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  handle = g_dir_open (folder, 0, &local_error);
  if (handle == NULL)
    {
      g_set_error (error, MC_PROCEDURE_ERROR, MC_PROCEDURE_ERROR_NOT_FOUND,
                   _("The procedure folder %s cannot be read (%s). Reinstall the program or point MOTCUA_DATA_DIR at a data folder."),
                   folder, local_error->message);
      return NULL;
    }

  while ((name = g_dir_read_name (handle)) != NULL)
    if (name[0] != '.' && g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  self = mc_catalogue_new ();
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (folder, g_ptr_array_index (names, i), NULL);
      g_autoptr(McProcedure) procedure = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      procedure = mc_procedure_new_from_file (path, error);
      if (procedure == NULL || !mc_catalogue_add (self, procedure, error))
        return NULL;
    }

  /* Names are checked once every file is in, so that a copied file is
   * reported as the duplicate it is rather than as misnamed. */
  for (guint i = 0; i < self->procedures->len; i++)
    {
      McProcedure *procedure = g_ptr_array_index (self->procedures, i);
      g_autofree char *file = g_path_get_basename (mc_procedure_get_origin (procedure));
      g_autofree char *expected = g_strconcat (mc_procedure_get_code (procedure), ".json", NULL);

      if (!g_str_equal (file, expected))
        {
          g_set_error (error, MC_PROCEDURE_ERROR, MC_PROCEDURE_ERROR_INVALID,
                       _("%s: the file holds procedure %s, so it must be named %s. Rename it."),
                       mc_procedure_get_origin (procedure), mc_procedure_get_code (procedure),
                       expected);
          return NULL;
        }
    }

  return g_steal_pointer (&self);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  McCatalogue *catalogue = mc_catalogue_load_sync (task_data, cancellable, &error);

  if (catalogue == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, catalogue, g_object_unref);
}

/**
 * mc_catalogue_load_async:
 * @dir: (nullable): the folder, or %NULL for mc_catalogue_default_dir()
 * @cancellable: (nullable): a cancellable
 * @callback: called when the catalogue is loaded
 * @user_data: data for @callback
 *
 * Runs mc_catalogue_load_sync() in a worker thread.
 */
void
mc_catalogue_load_async (const char          *dir,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_catalogue_load_async);
  g_task_set_task_data (task, g_strdup (dir), g_free);
  g_task_run_in_thread (task, load_thread);
}

/**
 * mc_catalogue_load_finish:
 * @result: the result given to the callback
 * @error: where to put a failure
 *
 * Returns: (transfer full) (nullable): the catalogue, or %NULL
 */
McCatalogue *
mc_catalogue_load_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mc_catalogue_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * mc_catalogue_get_n_procedures:
 * @self: a catalogue
 *
 * Returns: how many procedures the catalogue holds
 */
guint
mc_catalogue_get_n_procedures (McCatalogue *self)
{
  g_return_val_if_fail (MC_IS_CATALOGUE (self), 0);
  return self->procedures->len;
}

/**
 * mc_catalogue_lookup:
 * @self: a catalogue
 * @code: a national procedure code
 *
 * Returns: (transfer none) (nullable): the procedure, or %NULL
 */
McProcedure *
mc_catalogue_lookup (McCatalogue *self,
                     const char  *code)
{
  g_return_val_if_fail (MC_IS_CATALOGUE (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  return g_hash_table_lookup (self->by_code, code);
}

typedef struct
{
  McProcedure *procedure;
  guint rank;
  guint position;
} Hit;

static int
compare_hits (gconstpointer a,
              gconstpointer b)
{
  const Hit *x = a;
  const Hit *y = b;

  if (x->rank != y->rank)
    return x->rank < y->rank ? -1 : 1;
  return x->position < y->position ? -1 : x->position > y->position;
}

/**
 * mc_catalogue_search:
 * @self: a catalogue
 * @text: (nullable): what the officer typed
 *
 * Finds procedures whose code starts with @text, or whose name holds every
 * word of @text, ignoring case, tones and diacritics (đ counts as d). Names
 * that start with the whole text come first, then names that hold it as
 * one phrase, then the rest; each group keeps the catalogue order. An
 * empty @text finds everything.
 *
 * Returns: (transfer container) (element-type McProcedure): the matches
 */
GPtrArray *
mc_catalogue_search (McCatalogue *self,
                     const char  *text)
{
  g_autofree char *folded = NULL;
  g_autofree char *trimmed = NULL;
  g_auto(GStrv) words = NULL;
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (Hit));
  GPtrArray *result;

  g_return_val_if_fail (MC_IS_CATALOGUE (self), NULL);

  trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  folded = g_strstrip (mc_text_fold (trimmed));
  words = g_strsplit_set (folded, " \t\n", -1);

  for (guint i = 0; i < self->procedures->len; i++)
    {
      McProcedure *procedure = g_ptr_array_index (self->procedures, i);
      const char *name = mc_procedure_get_folded_name (procedure);
      Hit hit = { procedure, 3, i };

      if (*trimmed == '\0' || g_str_has_prefix (mc_procedure_get_code (procedure), trimmed) ||
          g_str_has_prefix (name, folded))
        hit.rank = 0;
      else if (strstr (name, folded) != NULL)
        hit.rank = 1;
      else
        {
          gboolean all = TRUE;

          for (guint w = 0; words[w] != NULL && all; w++)
            if (*words[w] != '\0' && strstr (name, words[w]) == NULL)
              all = FALSE;
          if (all)
            hit.rank = 2;
        }

      if (hit.rank < 3)
        g_array_append_val (hits, hit);
    }

  g_array_sort (hits, compare_hits);
  result = g_ptr_array_new_full (hits->len, g_object_unref);
  for (guint i = 0; i < hits->len; i++)
    g_ptr_array_add (result, g_object_ref (g_array_index (hits, Hit, i).procedure));

  return result;
}

/**
 * mc_catalogue_list_field:
 * @self: a catalogue
 * @field: (nullable): a field name, compared folded (“ho tich” finds
 *   “Hộ tịch”), or %NULL for every field
 *
 * Returns: (transfer container) (element-type McProcedure): the procedures
 *   of @field in catalogue order
 */
GPtrArray *
mc_catalogue_list_field (McCatalogue *self,
                         const char  *field)
{
  g_autofree char *wanted = NULL;
  GPtrArray *result;

  g_return_val_if_fail (MC_IS_CATALOGUE (self), NULL);

  wanted = field != NULL ? g_strstrip (mc_text_fold (field)) : NULL;
  result = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->procedures->len; i++)
    {
      McProcedure *procedure = g_ptr_array_index (self->procedures, i);
      g_autofree char *folded = mc_text_fold (mc_procedure_get_field (procedure));

      if (wanted == NULL || g_str_equal (folded, wanted))
        g_ptr_array_add (result, g_object_ref (procedure));
    }

  return result;
}

/**
 * mc_catalogue_dup_fields:
 * @self: a catalogue
 *
 * Returns: (transfer full): the distinct fields, in catalogue order
 */
GStrv
mc_catalogue_dup_fields (McCatalogue *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *last = NULL;

  g_return_val_if_fail (MC_IS_CATALOGUE (self), NULL);

  for (guint i = 0; i < self->procedures->len; i++)
    {
      const char *field = mc_procedure_get_field (g_ptr_array_index (self->procedures, i));

      if (last == NULL || !g_str_equal (last, field))
        g_strv_builder_add (builder, field);
      last = field;
    }

  return g_strv_builder_end (builder);
}
