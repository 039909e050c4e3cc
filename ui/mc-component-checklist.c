/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The components page of the reception dialog: one row per component of
 * the procedure, in the catalogue's order. A dossier is received only
 * complete; when a required component is missing the page says which, and
 * offers to stop the reception (the main window then gives the citizen a
 * supplement slip) rather than leaving the officer at a disabled button. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-component-checklist.h"

struct _McComponentChecklist
{
  AdwPreferencesPage parent_instance;

  GPtrArray *rows;  /* of McComponentRow, owned by the group */

  AdwPreferencesGroup *group;
  GtkWidget *missing_group;
  AdwActionRow *missing_row;
};

G_DEFINE_FINAL_TYPE (McComponentChecklist, mc_component_checklist, ADW_TYPE_PREFERENCES_PAGE)

enum {
  CHANGED,
  FILE_REFUSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
row_changed (McComponentChecklist *self)
{
  g_autofree char *missing = mc_component_checklist_dup_missing (self);

  gtk_widget_set_visible (self->missing_group, missing != NULL);
  adw_action_row_set_subtitle (self->missing_row, missing != NULL ? missing : "");
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
row_refused (McComponentChecklist *self,
             const char           *message)
{
  g_signal_emit (self, signals[FILE_REFUSED], 0, message);
}

/**
 * mc_component_checklist_set_procedure:
 * @self: a checklist
 * @procedure: (nullable): the procedure received
 *
 * Lists the components of @procedure, none handed over yet.
 */
void
mc_component_checklist_set_procedure (McComponentChecklist *self,
                                      McProcedure          *procedure)
{
  g_return_if_fail (MC_IS_COMPONENT_CHECKLIST (self));
  g_return_if_fail (procedure == NULL || MC_IS_PROCEDURE (procedure));

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  for (guint i = 0; procedure != NULL && i < mc_procedure_get_n_components (procedure); i++)
    {
      McComponentRow *row = mc_component_row_new (mc_procedure_get_component (procedure, i));

      g_signal_connect_object (row, "changed", G_CALLBACK (row_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (row, "notify::pending", G_CALLBACK (row_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (row, "file-refused", G_CALLBACK (row_refused), self, G_CONNECT_SWAPPED);
      g_ptr_array_add (self->rows, row);
      adw_preferences_group_add (self->group, GTK_WIDGET (row));
    }

  row_changed (self);
}

/**
 * mc_component_checklist_find:
 * @self: a checklist
 * @code: a component code
 *
 * Returns: (transfer none) (nullable): the row of @code
 */
McComponentRow *
mc_component_checklist_find (McComponentChecklist *self,
                             const char           *code)
{
  g_return_val_if_fail (MC_IS_COMPONENT_CHECKLIST (self), NULL);

  for (guint i = 0; i < self->rows->len; i++)
    if (g_strcmp0 (mc_component_row_get_code (g_ptr_array_index (self->rows, i)), code) == 0)
      return g_ptr_array_index (self->rows, i);

  return NULL;
}

/**
 * mc_component_checklist_dup_missing:
 * @self: a checklist
 *
 * Returns: (transfer full) (nullable): the names of the required
 *   components not handed over, "; "-separated, or %NULL when none is
 */
char *
mc_component_checklist_dup_missing (McComponentChecklist *self)
{
  g_autoptr(GString) missing = g_string_new (NULL);

  g_return_val_if_fail (MC_IS_COMPONENT_CHECKLIST (self), NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      McComponentRow *row = g_ptr_array_index (self->rows, i);

      if (mc_component_row_get_required (row) && !mc_component_row_get_provided (row))
        {
          if (missing->len > 0)
            g_string_append (missing, "; ");
          g_string_append (missing, mc_component_row_get_name (row));
        }
    }

  return missing->len > 0 ? g_string_free (g_steal_pointer (&missing), FALSE) : NULL;
}

/**
 * mc_component_checklist_is_pending:
 * @self: a checklist
 *
 * Returns: %TRUE while attached files are still being looked at
 */
gboolean
mc_component_checklist_is_pending (McComponentChecklist *self)
{
  g_return_val_if_fail (MC_IS_COMPONENT_CHECKLIST (self), FALSE);

  for (guint i = 0; i < self->rows->len; i++)
    if (mc_component_row_get_pending (g_ptr_array_index (self->rows, i)) > 0)
      return TRUE;

  return FALSE;
}

gboolean
mc_component_checklist_has_files (McComponentChecklist *self)
{
  g_return_val_if_fail (MC_IS_COMPONENT_CHECKLIST (self), FALSE);

  for (guint i = 0; i < self->rows->len; i++)
    if (mc_component_row_get_files (g_ptr_array_index (self->rows, i))->len > 0)
      return TRUE;

  return FALSE;
}

/**
 * mc_component_checklist_fill_reception:
 * @self: a checklist
 * @reception: where to put each component, handed over or not, with its files
 */
void
mc_component_checklist_fill_reception (McComponentChecklist *self,
                                       McReception          *reception)
{
  g_return_if_fail (MC_IS_COMPONENT_CHECKLIST (self));
  g_return_if_fail (reception != NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      McComponentRow *row = g_ptr_array_index (self->rows, i);
      GPtrArray *files = mc_component_row_get_files (row);
      McReceptionComponent *component = mc_reception_add_component (reception, mc_component_row_get_code (row),
                                                                    mc_component_row_get_provided (row));

      for (guint j = 0; j < files->len; j++)
        {
          const char *path = g_ptr_array_index (files, j);

          /* A scan is received as page images; its text comes after,
           * then the office's signature on a copy to sign. */
          if (mc_component_row_is_to_sign (row, path))
            mc_reception_component_add_copy_to_sign (component, path);
          else if (mc_component_row_is_unread (row, path))
            mc_reception_component_add_scan (component, path);
          else
            mc_reception_component_add_file (component, path);
        }
    }
}

static void
mc_component_checklist_dispose (GObject *object)
{
  McComponentChecklist *self = MC_COMPONENT_CHECKLIST (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_COMPONENT_CHECKLIST);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (mc_component_checklist_parent_class)->dispose (object);
}

static void
mc_component_checklist_class_init (McComponentChecklistClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_component_checklist_dispose;

  /**
   * McComponentChecklist::changed:
   *
   * A component was checked, unchecked, or got or lost a file.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * McComponentChecklist::file-refused:
   * @message: why, and what to do
   *
   * A file could not be attached.
   */
  signals[FILE_REFUSED] = g_signal_new ("file-refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/motcua/Desk/mc-component-checklist.ui");
  gtk_widget_class_bind_template_child (widget_class, McComponentChecklist, group);
  gtk_widget_class_bind_template_child (widget_class, McComponentChecklist, missing_group);
  gtk_widget_class_bind_template_child (widget_class, McComponentChecklist, missing_row);
}

static void
mc_component_checklist_init (McComponentChecklist *self)
{
  self->rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}
