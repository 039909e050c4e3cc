/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Files dropped onto a component. The drop target takes a file list (what
 * file managers give) or a single file; the files are looked at in a GIO
 * worker, since a dropped file may sit on a slow network folder, and sorted
 * into what the scan dialog can import (PDF, PNG, JPEG, TIFF, in the order
 * dropped) and what it cannot, which is named in one message saying what
 * to drop instead. The widget gets GTK's :drop(active) state, and so the
 * theme's highlight, while a drag of files hovers over it. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-scan-drop.h"

typedef struct
{
  GPtrArray *files;     /* of GFile, in the order dropped */
  McScanDropFunc func;
  gpointer user_data;
} Drop;

typedef struct
{
  GStrv paths;
  char *refused;
} Sorted;

static void
drop_free (Drop *drop)
{
  g_ptr_array_unref (drop->files);
  g_free (drop);
}

static void
sorted_free (Sorted *sorted)
{
  g_strfreev (sorted->paths);
  g_free (sorted->refused);
  g_free (sorted);
}

/* What the scan dialog imports: the page loader reads these. */
static gboolean
is_importable (const char *content_type)
{
  static const char * const importable[] = { "application/pdf", "image/png", "image/jpeg", "image/tiff", NULL };

  for (guint i = 0; content_type != NULL && importable[i] != NULL; i++)
    if (g_content_type_is_a (content_type, importable[i]))
      return TRUE;
  return FALSE;
}

static void
add_name (GString *names,
          GFile   *file)
{
  g_autofree char *base = g_file_get_basename (file);
  g_autofree char *display = base != NULL ? g_filename_display_name (base) : g_file_get_parse_name (file);

  if (names->len > 0)
    g_string_append (names, ", ");
  g_string_append_printf (names, "“%s”", display);
}

static void
add_sentence (GString *message,
              char    *sentence)
{
  if (message->len > 0)
    g_string_append_c (message, ' ');
  g_string_append (message, sentence);
  g_free (sentence);
}

static void
sort_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Drop *drop = task_data;
  g_autoptr(GStrvBuilder) paths = g_strv_builder_new ();
  g_autoptr(GString) foreign = g_string_new (NULL);
  g_autoptr(GString) unreadable = g_string_new (NULL);
  g_autoptr(GString) empty = g_string_new (NULL);
  g_autoptr(GString) refused = g_string_new (NULL);
  Sorted *sorted = g_new0 (Sorted, 1);

  for (guint i = 0; i < drop->files->len; i++)
    {
      GFile *file = g_ptr_array_index (drop->files, i);
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GFileInfo) info = NULL;

      /* The scan dialog reads files of this computer only. */
      if (path != NULL)
        info = g_file_query_info (file,
                                  G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                  G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                                  G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE,
                                  G_FILE_QUERY_INFO_NONE, cancellable, NULL);
      if (info == NULL)
        add_name (unreadable, file);
      else if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR ||
               !is_importable (g_file_info_get_content_type (info)))
        add_name (foreign, file);
      else if (g_file_info_get_size (info) == 0)
        add_name (empty, file);
      else
        g_strv_builder_add (paths, path);
    }

  if (foreign->len > 0)
    add_sentence (refused, g_strdup_printf (_("%s: not a PDF or an image, so not imported. Only PDF files and "
                                              "PNG, JPEG or TIFF images can be dropped onto a component."),
                                            foreign->str));
  if (unreadable->len > 0)
    add_sentence (refused, g_strdup_printf (_("%s: cannot be read from here. Copy it to a folder on this "
                                              "computer and drop it again."),
                                            unreadable->str));
  if (empty->len > 0)
    add_sentence (refused, g_strdup_printf (_("%s: empty, nothing to import. Scan the paper again."), empty->str));

  sorted->paths = g_strv_builder_end (paths);
  sorted->refused = refused->len > 0 ? g_string_free (g_steal_pointer (&refused), FALSE) : NULL;
  g_task_return_pointer (task, sorted, (GDestroyNotify) sorted_free);
}

static void
sorted_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Drop *drop = g_task_get_task_data (G_TASK (result));
  Sorted *sorted = g_task_propagate_pointer (G_TASK (result), NULL);

  drop->func (GTK_WIDGET (source), (const char * const *) sorted->paths, sorted->refused, drop->user_data);
  sorted_free (sorted);
}

static gboolean
dropped (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         Drop          *template)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  g_autoptr(GTask) task = NULL;
  Drop *drop;

  drop = g_new0 (Drop, 1);
  drop->files = g_ptr_array_new_with_free_func (g_object_unref);
  drop->func = template->func;
  drop->user_data = template->user_data;
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST) && g_value_get_boxed (value) != NULL)
    {
      GSList *files = gdk_file_list_get_files (g_value_get_boxed (value));

      for (GSList *l = files; l != NULL; l = l->next)
        g_ptr_array_add (drop->files, g_object_ref (l->data));
      g_slist_free (files);
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE) && g_value_get_object (value) != NULL)
    g_ptr_array_add (drop->files, g_value_dup_object (value));

  if (drop->files->len == 0)
    {
      drop_free (drop);
      return FALSE;
    }

  task = g_task_new (widget, NULL, sorted_cb, NULL);
  g_task_set_source_tag (task, dropped);
  g_task_set_task_data (task, drop, (GDestroyNotify) drop_free);
  g_task_run_in_thread (task, sort_thread);
  return TRUE;
}

/**
 * mc_scan_drop_add:
 * @widget: a component's row
 * @func: called once the dropped files are looked at
 * @user_data: for @func; must live as long as @widget
 *
 * Lets files be dropped onto @widget.
 *
 * Returns: (transfer none): the drop target, owned by @widget
 */
GtkDropTarget *
mc_scan_drop_add (GtkWidget      *widget,
                  McScanDropFunc  func,
                  gpointer        user_data)
{
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };
  GtkDropTarget *target;
  Drop *template;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (target, types, G_N_ELEMENTS (types));
  template = g_new0 (Drop, 1);
  template->func = func;
  template->user_data = user_data;
  g_object_set_data_full (G_OBJECT (target), "mc-scan-drop", template, g_free);
  g_signal_connect (target, "drop", G_CALLBACK (dropped), template);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (target));
  return target;
}
