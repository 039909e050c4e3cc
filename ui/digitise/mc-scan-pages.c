/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The scan dialog's pages: the grid of thumbnails where the official
 * turns, moves, deletes or scans a page again and chooses its component,
 * and the pages imported from image and PDF files.
 * Each page is tested for blankness as it arrives, in a worker, with the
 * cleaner's own test (mc_page_is_blank()): a blank page (the back of a
 * sheet from the feeder) leaves the grid for the "removed" list under it,
 * where the official sees it and can put it back in its place, one page
 * or the whole removal at once (also from a toast's Undo). A page put
 * back is the official's choice and is attached like any other. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <poppler.h>

#include "digitise/mc-digitise.h"
#include "digitise/mc-page-clean.h"
#include "digitise/mc-page-pdf.h"
#include "mc-scan-pages.h"

#define THUMBNAIL_SIZE 220
#define PDF_IMPORT_DPI 300
#define REMOVED_THUMBNAIL_HEIGHT 90

/* The order pages arrived in, across scans and imports. */
static guint next_serial = 1;

void
page_free (Page *page)
{
  mc_scanned_page_free (page->page);
  mc_pdf_page_ref_free (page->ref);
  g_clear_object (&page->thumbnail);
  g_free (page);
}

GdkTexture *
make_thumbnail (const McScannedPage *page)
{
  guint width = 0, height = 0;
  g_autoptr(GBytes) pixels = mc_page_thumbnail (page, THUMBNAIL_SIZE, &width, &height);

  return gdk_memory_texture_new ((int) width, (int) height, GDK_MEMORY_R8G8B8, pixels, (gsize) width * 3);
}

Page *
page_new (McScannedPage *scanned,
          guint          component)
{
  Page *page = g_new0 (Page, 1);

  page->page = scanned;
  page->thumbnail = make_thumbnail (scanned);
  page->component = component;
  page->serial = next_serial++;
  return page;
}

/* Blank pages. */

/* Where @removed goes back: before the first page that arrived after it. */
static guint
place_of (McScanDialog *self,
          const Page   *removed)
{
  guint i = 0;

  while (i < self->pages->len && ((Page *) g_ptr_array_index (self->pages, i))->serial < removed->serial)
    i++;
  return i;
}

static void
toast_dismissed (AdwToast     *toast,
                 McScanDialog *self)
{
  if (self->toast == toast)
    self->toast = NULL;
}

static void
toast_undo (AdwToast     *toast,
            McScanDialog *self)
{
  mc_scan_dialog_undo_removal (self);
}

/* Says that pages were left out, with an Undo for all of them. */
static void
announce_removal (McScanDialog *self)
{
  g_autofree char *title = g_strdup_printf (ngettext ("%u blank page removed", "%u blank pages removed",
                                                      self->removed->len),
                                            self->removed->len);

  if (self->toast != NULL)
    adw_toast_dismiss (self->toast);
  self->toast = adw_toast_new (title);
  adw_toast_set_button_label (self->toast, _("_Undo"));
  adw_toast_set_timeout (self->toast, 10);
  g_signal_connect_object (self->toast, "dismissed", G_CALLBACK (toast_dismissed), self, 0);
  g_signal_connect_object (self->toast, "button-clicked", G_CALLBACK (toast_undo), self, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, self->toast);
}

/* Moves the page at @index in the grid to the removed list. */
static void
remove_blank (McScanDialog *self,
              guint         index)
{
  Page *page = g_ptr_array_steal_index (self->pages, index);
  guint i = 0;

  while (i < self->removed->len && ((Page *) g_ptr_array_index (self->removed, i))->serial < page->serial)
    i++;
  g_ptr_array_insert (self->removed, (int) i, page);
}

typedef struct {
  McScannedPage *page;
  guint          serial;
} Check;

static void
check_free (Check *check)
{
  mc_scanned_page_free (check->page);
  g_free (check);
}

static void
check_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Check *check = task_data;

  g_task_return_boolean (task, mc_page_is_blank (check->page));
}

static void
check_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  McScanDialog *self = MC_SCAN_DIALOG (source);
  Check *check = g_task_get_task_data (G_TASK (result));
  gboolean blank = g_task_propagate_boolean (G_TASK (result), NULL);

  self->checking--;
  if (self->disposed)
    return;
  /* The page may have been deleted or scanned again meanwhile. */
  for (guint i = 0; blank && i < self->pages->len; i++)
    if (((Page *) g_ptr_array_index (self->pages, i))->serial == check->serial)
      {
        remove_blank (self, i);
        announce_removal (self);
        break;
      }
  rebuild_pages (self);
}

/* Tests @scanned, a page just added to the grid, in a worker. */
void
check_blank (McScanDialog        *self,
             const McScannedPage *scanned)
{
  g_autoptr(GTask) task = NULL;
  Check *check;

  for (guint i = 0; i < self->pages->len; i++)
    {
      Page *page = g_ptr_array_index (self->pages, i);

      if (page->page != scanned)
        continue;
      check = g_new0 (Check, 1);
      check->page = mc_page_copy (scanned);
      check->serial = page->serial;
      self->checking++;
      task = g_task_new (self, NULL, check_done, NULL);
      g_task_set_task_data (task, check, (GDestroyNotify) check_free);
      g_task_run_in_thread (task, check_thread);
      return;
    }
}

static void
restore (McScanDialog *self,
         guint         removed)
{
  Page *page = g_ptr_array_steal_index (self->removed, removed);

  g_ptr_array_insert (self->pages, (int) place_of (self, page), page);
}

static void
restore_clicked (GtkButton    *button,
                 McScanDialog *self)
{
  guint serial = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "serial"));

  for (guint i = 0; i < self->removed->len; i++)
    if (((Page *) g_ptr_array_index (self->removed, i))->serial == serial)
      {
        mc_scan_dialog_restore_page (self, i);
        return;
      }
}

void
restore_all_clicked (McScanDialog *self)
{
  mc_scan_dialog_undo_removal (self);
}

/* The removed list under the grid: each page small, with its way back. */
static void
rebuild_removed (McScanDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->removed_box))) != NULL)
    gtk_box_remove (self->removed_box, child);
  for (guint i = 0; i < self->removed->len; i++)
    {
      Page *page = g_ptr_array_index (self->removed, i);
      GtkWidget *tile = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (page->thumbnail));
      GtkWidget *frame = gtk_frame_new (NULL);
      /* Numbered as in the paper bundle: where it goes when all are back. */
      g_autofree char *title = g_strdup_printf (_("Page %u"), place_of (self, page) + i + 1);
      GtkWidget *button = gtk_button_new_with_label (_("Restore"));

      gtk_widget_set_name (button, "restore-page");
      gtk_widget_add_css_class (tile, "card");
      gtk_widget_set_size_request (picture, -1, REMOVED_THUMBNAIL_HEIGHT);
      gtk_frame_set_child (GTK_FRAME (frame), picture);
      gtk_widget_set_margin_top (frame, 6);
      gtk_widget_set_margin_start (frame, 6);
      gtk_widget_set_margin_end (frame, 6);
      gtk_box_append (GTK_BOX (tile), frame);
      gtk_box_append (GTK_BOX (tile), gtk_label_new (title));
      gtk_widget_set_tooltip_text (button, _("Put this page back in its place among the pages to attach"));
      gtk_widget_set_margin_start (button, 6);
      gtk_widget_set_margin_end (button, 6);
      gtk_widget_set_margin_bottom (button, 6);
      g_object_set_data (G_OBJECT (button), "serial", GUINT_TO_POINTER (page->serial));
      g_signal_connect (button, "clicked", G_CALLBACK (restore_clicked), self);
      gtk_box_append (GTK_BOX (tile), button);
      gtk_box_append (self->removed_box, tile);
    }
  if (self->removed->len > 0)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("%u blank page removed: it will not be attached",
                                                         "%u blank pages removed: they will not be attached",
                                                         self->removed->len),
                                               self->removed->len);

      gtk_label_set_text (self->removed_label, text);
    }
  gtk_revealer_set_reveal_child (self->removed_revealer, self->removed->len > 0);
}

/* The page grid. */

void
page_action (GtkButton    *button,
             McScanDialog *self)
{
  const char *action = g_object_get_data (G_OBJECT (button), "action");
  guint i = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "page"));
  Page *page;

  if (i >= self->pages->len || self->scanning)
    return;
  page = g_ptr_array_index (self->pages, i);
  if (g_str_equal (action, "rotate"))
    {
      McScannedPage *turned = mc_page_rotate (page->page, 1);

      mc_scanned_page_free (page->page);
      page->page = turned;
      if (page->ref != NULL)
        page->ref->quarter_turns = (page->ref->quarter_turns + 1) % 4;
      g_clear_object (&page->thumbnail);
      page->thumbnail = make_thumbnail (turned);
    }
  else if (g_str_equal (action, "delete"))
    g_ptr_array_remove_index (self->pages, i);
  else if (g_str_equal (action, "left") && i > 0)
    {
      g_ptr_array_index (self->pages, i) = g_ptr_array_index (self->pages, i - 1);
      g_ptr_array_index (self->pages, i - 1) = page;
    }
  else if (g_str_equal (action, "right") && i + 1 < self->pages->len)
    {
      g_ptr_array_index (self->pages, i) = g_ptr_array_index (self->pages, i + 1);
      g_ptr_array_index (self->pages, i + 1) = page;
    }
  else if (g_str_equal (action, "rescan"))
    {
      start_scan (self, (int) i);
      return;
    }
  rebuild_pages (self);
}

static void
component_chosen (GtkDropDown  *drop,
                  GParamSpec   *pspec,
                  McScanDialog *self)
{
  guint i = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (drop), "page"));
  guint component = gtk_drop_down_get_selected (drop);

  if (i < self->pages->len && component < self->rows->len)
    {
      ((Page *) g_ptr_array_index (self->pages, i))->component = component;
      gtk_widget_set_tooltip_text (GTK_WIDGET (drop),
                                   mc_component_row_get_name (g_ptr_array_index (self->rows, component)));
    }
}

static void
wire_button (GtkBuilder   *builder,
             const char   *id,
             const char   *action,
             guint         index,
             McScanDialog *self)
{
  GObject *button = gtk_builder_get_object (builder, id);

  g_object_set_data (button, "action", (gpointer) action);
  g_object_set_data (button, "page", GUINT_TO_POINTER (index));
  g_signal_connect (button, "clicked", G_CALLBACK (page_action), self);
}

void
rebuild_pages (McScanDialog *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->page_box))) != NULL)
    gtk_flow_box_remove (self->page_box, child);
  for (guint i = 0; i < self->rows->len; i++)
    gtk_string_list_append (names, mc_component_row_get_name (g_ptr_array_index (self->rows, i)));

  for (guint i = 0; i < self->pages->len; i++)
    {
      Page *page = g_ptr_array_index (self->pages, i);
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/motcua/Desk/digitise/mc-scan-page.ui");
      GtkDropDown *drop = GTK_DROP_DOWN (gtk_builder_get_object (builder, "component_drop"));
      g_autofree char *title = g_strdup_printf (_("Page %u"), i + 1);

      gtk_picture_set_paintable (GTK_PICTURE (gtk_builder_get_object (builder, "picture")),
                                 GDK_PAINTABLE (page->thumbnail));
      gtk_label_set_text (GTK_LABEL (gtk_builder_get_object (builder, "title")), title);
      gtk_drop_down_set_model (drop, G_LIST_MODEL (names));
      gtk_drop_down_set_selected (drop, page->component);
      gtk_widget_set_tooltip_text (GTK_WIDGET (drop),
                                   mc_component_row_get_name (g_ptr_array_index (self->rows, page->component)));
      g_object_set_data (G_OBJECT (drop), "page", GUINT_TO_POINTER (i));
      g_signal_connect (drop, "notify::selected", G_CALLBACK (component_chosen), self);
      wire_button (builder, "left_button", "left", i, self);
      wire_button (builder, "rotate_button", "rotate", i, self);
      wire_button (builder, "rescan_button", "rescan", i, self);
      wire_button (builder, "delete_button", "delete", i, self);
      wire_button (builder, "right_button", "right", i, self);
      gtk_widget_set_sensitive (GTK_WIDGET (gtk_builder_get_object (builder, "left_button")), i > 0);
      gtk_widget_set_sensitive (GTK_WIDGET (gtk_builder_get_object (builder, "right_button")),
                                i + 1 < self->pages->len);
      gtk_widget_set_sensitive (GTK_WIDGET (gtk_builder_get_object (builder, "rescan_button")),
                                self->devices->len > 0);
      gtk_flow_box_append (self->page_box, GTK_WIDGET (gtk_builder_get_object (builder, "tile")));
    }
  rebuild_removed (self);
  update_sensitivity (self);
}

/* Importing files: images as they are, PDFs page by page at 300 dpi, so
 * everything goes the same way (cleaned, read, archived); except PDF
 * pages that carry text of their own (typed, not scanned), which are
 * attached as they are. */

static gboolean
page_has_text (PopplerPage *page)
{
  g_autofree char *text = poppler_page_get_text (page);

  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

typedef struct {
  GPtrArray *pages;   /* of McScannedPage */
  GPtrArray *refs;    /* of McPdfPageRef or NULL, parallel to pages */
  gboolean  *blank;   /* parallel to pages */
} Imported;

static void
imported_free (Imported *imported)
{
  g_ptr_array_unref (imported->pages);
  g_ptr_array_unref (imported->refs);
  g_free (imported->blank);
  g_free (imported);
}



static GPtrArray *
load_pdf_pages (const char  *path,
                GPtrArray   *refs,
                GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  /* poppler-glib 22 has no g_autoptr for its types. */
  g_autoptr(GObject) document = G_OBJECT (poppler_document_new_from_gfile (file, NULL, NULL, error));
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_scanned_page_free);
  int n;

  if (document == NULL)
    return NULL;
  n = poppler_document_get_n_pages (POPPLER_DOCUMENT (document));
  for (int i = 0; i < n; i++)
    {
      g_autoptr(GObject) pdf_page = G_OBJECT (poppler_document_get_page (POPPLER_DOCUMENT (document), i));
      double w_pt, h_pt, scale = PDF_IMPORT_DPI / 72.0;
      cairo_surface_t *surface;
      cairo_t *cr;
      McScannedPage *page;
      guint8 *rgb;
      const guint8 *data;
      int stride;

      poppler_page_get_size (POPPLER_PAGE (pdf_page), &w_pt, &h_pt);
      page = g_new0 (McScannedPage, 1);
      page->width = (guint) (w_pt * scale);
      page->height = (guint) (h_pt * scale);
      page->channels = 3;
      page->depth = 8;
      page->stride = page->width * 3;
      page->resolution = PDF_IMPORT_DPI;
      surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) page->width, (int) page->height);
      cr = cairo_create (surface);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      cairo_scale (cr, scale, scale);
      poppler_page_render_for_printing (POPPLER_PAGE (pdf_page), cr);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      data = cairo_image_surface_get_data (surface);
      stride = cairo_image_surface_get_stride (surface);
      rgb = g_malloc ((gsize) page->stride * page->height);
      for (guint y = 0; y < page->height; y++)
        for (guint x = 0; x < page->width; x++)
          {
            guint32 px = *(const guint32 *) (data + (gsize) y * stride + x * 4);
            guint8 *out = rgb + (gsize) y * page->stride + x * 3;

            out[0] = (px >> 16) & 0xff;
            out[1] = (px >> 8) & 0xff;
            out[2] = px & 0xff;
          }
      cairo_surface_destroy (surface);
      page->pixels = g_bytes_new_take (rgb, (gsize) page->stride * page->height);
      g_ptr_array_add (pages, page);
      /* A page with text of its own is attached as it is, its text kept;
       * the picture above is only for the official to look at. */
      g_ptr_array_add (refs, page_has_text (POPPLER_PAGE (pdf_page)) ? mc_pdf_page_ref_new (path, i) : NULL);
    }
  if (n == 0)
    {
      g_set_error (error, MC_PAGE_ERROR, MC_PAGE_ERROR_UNREADABLE, _("The PDF has no pages."));
      return NULL;
    }
  return g_steal_pointer (&pages);
}

/* Several pages tested at once, one a processor (at most 4). */
typedef struct {
  Imported *imported;
  gint      next;
} BlankTests;

static gpointer
test_blanks (gpointer data)
{
  BlankTests *tests = data;
  GPtrArray *pages = tests->imported->pages;
  guint i;

  while ((i = (guint) g_atomic_int_add (&tests->next, 1)) < pages->len)
    /* A typed PDF page is never blank: it is attached as it is. */
    if (g_ptr_array_index (tests->imported->refs, i) == NULL)
      tests->imported->blank[i] = mc_page_is_blank (g_ptr_array_index (pages, i));
  return NULL;
}

static void
find_blanks (Imported *imported)
{
  BlankTests tests = { imported, 0 };
  guint n = MIN (MIN (g_get_num_processors (), 4), imported->pages->len);
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();

  imported->blank = g_new0 (gboolean, imported->pages->len + 1);
  for (guint t = 1; t < n; t++)
    g_ptr_array_add (threads, g_thread_new ("blank-test", test_blanks, &tests));
  test_blanks (&tests);
  for (guint t = 0; t < threads->len; t++)
    g_thread_join (g_ptr_array_index (threads, t));
}

static void
import_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GStrv paths = task_data;
  Imported *imported = g_new0 (Imported, 1);

  imported->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_scanned_page_free);
  imported->refs = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_pdf_page_ref_free);
  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *display = g_filename_display_basename (paths[i]);
      g_autofree char *type = g_content_type_guess (paths[i], NULL, 0, NULL);

      if (g_content_type_is_a (type, "application/pdf"))
        {
          GPtrArray *pdf = load_pdf_pages (paths[i], imported->refs, &error);

          if (pdf != NULL)
            g_ptr_array_extend_and_steal (imported->pages, pdf);
        }
      else
        {
          McScannedPage *page = mc_page_load_file (paths[i], &error);

          if (page != NULL)
            {
              g_ptr_array_add (imported->pages, page);
              g_ptr_array_add (imported->refs, NULL);
            }
        }
      if (error != NULL)
        {
          imported_free (imported);
          g_task_return_new_error (task, error->domain, error->code,
                                   _("“%s” cannot be read as a PDF or an image: %s"), display, error->message);
          return;
        }
    }
  find_blanks (imported);
  g_task_return_pointer (task, imported, (GDestroyNotify) imported_free);
}

static void
import_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  McScanDialog *self = MC_SCAN_DIALOG (source);
  g_autoptr(GError) error = NULL;
  Imported *imported = g_task_propagate_pointer (G_TASK (result), &error);

  self->importing = FALSE;
  if (self->disposed)
    {
      g_clear_pointer (&imported, imported_free);
      return;
    }
  if (imported == NULL)
    show_message (self, error->message, TRUE);
  else
    {
      gboolean removed = FALSE;

      for (guint i = 0; i < imported->pages->len; i++)
        {
          Page *page = page_new (mc_page_copy (g_ptr_array_index (imported->pages, i)), self->current);

          page->ref = g_steal_pointer (&g_ptr_array_index (imported->refs, i));
          g_ptr_array_add (self->pages, page);
          if (imported->blank[i])
            {
              remove_blank (self, self->pages->len - 1);
              removed = TRUE;
            }
          else
            look_for_card (self, g_ptr_array_index (imported->pages, i));
        }
      show_message (self, NULL, FALSE);
      if (removed)
        announce_removal (self);
      imported_free (imported);
    }
  rebuild_pages (self);
}

/**
 * mc_scan_dialog_import_files:
 * @self: a dialog
 * @paths: (array zero-terminated=1): image and PDF files
 *
 * Adds their pages after the others, read in a worker thread.
 */
void
mc_scan_dialog_import_files (McScanDialog  *self,
                             const char   **paths)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MC_IS_SCAN_DIALOG (self));
  g_return_if_fail (paths != NULL);

  self->importing = TRUE;
  update_sensitivity (self);
  task = g_task_new (self, NULL, import_done, NULL);
  g_task_set_task_data (task, g_strdupv ((char **) paths), (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (task, import_thread);
}

static void
chooser_response (GtkNativeDialog *chooser,
                  int              response,
                  McScanDialog    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) paths = NULL;

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          g_autofree char *path = g_file_get_path (file);

          if (path != NULL)
            g_strv_builder_add (builder, path);
        }
      paths = g_strv_builder_end (builder);
      if (paths[0] != NULL)
        mc_scan_dialog_import_files (self, (const char **) paths);
    }
  g_object_unref (chooser);
  g_object_unref (self);
}

void
import_clicked (McScanDialog *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Import Pages"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Import"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("PDF documents and images"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_mime_type (filter, "image/*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/**
 * mc_scan_dialog_get_n_removed:
 * @self: a dialog
 *
 * Returns: how many blank pages are in the removed list
 */
guint
mc_scan_dialog_get_n_removed (McScanDialog *self)
{
  g_return_val_if_fail (MC_IS_SCAN_DIALOG (self), 0);

  return self->removed->len;
}

/**
 * mc_scan_dialog_get_removed_page:
 * @self: a dialog
 * @page: a page of the removed list, from 0
 *
 * Returns: (transfer none): the page
 */
const McScannedPage *
mc_scan_dialog_get_removed_page (McScanDialog *self,
                                 guint         page)
{
  g_return_val_if_fail (MC_IS_SCAN_DIALOG (self), NULL);
  g_return_val_if_fail (page < self->removed->len, NULL);

  return ((Page *) g_ptr_array_index (self->removed, page))->page;
}

/**
 * mc_scan_dialog_restore_page:
 * @self: a dialog
 * @removed: a page of the removed list, from 0
 *
 * Puts the page back in its place among the pages to attach, as its
 * Restore button does.
 */
void
mc_scan_dialog_restore_page (McScanDialog *self,
                             guint         removed)
{
  g_return_if_fail (MC_IS_SCAN_DIALOG (self));
  g_return_if_fail (removed < self->removed->len);

  restore (self, removed);
  if (self->removed->len == 0 && self->toast != NULL)
    adw_toast_dismiss (self->toast);
  rebuild_pages (self);
}

/**
 * mc_scan_dialog_undo_removal:
 * @self: a dialog
 *
 * Puts every removed page back in its place, as Undo does.
 */
void
mc_scan_dialog_undo_removal (McScanDialog *self)
{
  g_return_if_fail (MC_IS_SCAN_DIALOG (self));

  while (self->removed->len > 0)
    restore (self, 0);
  if (self->toast != NULL)
    adw_toast_dismiss (self->toast);
  rebuild_pages (self);
}
