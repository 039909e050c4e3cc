/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "Scan…" on a component of a dossier already received. The scan dialog
 * works on component rows, as at reception; here the rows are not shown:
 * they stand for the dossier's components while the dialog and its
 * background work (clean, PDF/A) run, and each file the work hands a row
 * is stored through the desk (mc_desk_attach_component_scan_async) as a
 * new version of that component's file, its text read afterwards by the
 * desk's OCR queue. The official may close the
 * dialog and go on working: a session lives until every row has its file
 * and every file is stored, then the pane is reloaded and told. Files
 * dropped onto a component's row open the same session with their pages. */
#define G_LOG_DOMAIN "motcua-digitise"

#include "config.h"

#include <glib/gi18n.h>

#include "digitise/mc-ocr-queue.h"
#include "digitise/mc-pane-scan.h"
#include "digitise/mc-scan-dialog.h"
#include "digitise/mc-scan-drop.h"
#include "mc-component-row.h"
#include "mc-dossier-pane.h"
#include "store/mc-desk-files.h"

/* Components whose scan is still being cleaned and made PDF/A, by
 * "CODE\nCOMPONENT", with how many rows work on them; main thread only.
 * The pane, reloaded meanwhile, shows them as "finishing the scan" (its
 * text is read later, once stored: the store says so). */
static GHashTable *busy;

static char *
busy_key (const char *code,
          const char *component_code)
{
  return g_strdup_printf ("%s\n%s", code, component_code);
}

static void
busy_add (const char *code,
          const char *component_code,
          int         delta)
{
  g_autofree char *key = busy_key (code, component_code);
  int count;

  if (busy == NULL)
    busy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  count = GPOINTER_TO_INT (g_hash_table_lookup (busy, key)) + delta;
  if (count > 0)
    g_hash_table_insert (busy, g_steal_pointer (&key), GINT_TO_POINTER (count));
  else
    g_hash_table_remove (busy, key);
}

/**
 * mc_pane_scan_is_busy:
 * @code: a dossier code
 * @component_code: one of its components
 *
 * Returns: whether a scan of the component is still being cleaned and
 *   made PDF/A in the background
 */
gboolean
mc_pane_scan_is_busy (const char *code,
                      const char *component_code)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (code != NULL && component_code != NULL, FALSE);

  if (busy == NULL)
    return FALSE;
  key = busy_key (code, component_code);
  return g_hash_table_contains (busy, key);
}

typedef struct
{
  gatomicrefcount refs;
  McDesk *desk;
  char *code;
  GPtrArray *rows;        /* of McComponentRow, owned, never shown */
  GHashTable *sent;       /* paths already handed to the desk */
  GWeakRef pane;
  guint stored;
  guint failed;
} Session;

static Session *
session_ref (Session *session)
{
  g_atomic_ref_count_inc (&session->refs);
  return session;
}

static void
session_unref (Session *session)
{
  if (!g_atomic_ref_count_dec (&session->refs))
    return;
  g_object_unref (session->desk);
  g_free (session->code);
  for (guint i = 0; i < session->rows->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (session->rows, i), session);
  /* Dropping the rows deletes the files the scan dialog made for them:
   * they are in the blob store by now. */
  g_ptr_array_unref (session->rows);
  g_hash_table_unref (session->sent);
  g_weak_ref_clear (&session->pane);
  g_free (session);
}

typedef struct
{
  Session *session;
  char *name;
} Store;

static void
tell (Session    *session,
      const char *text)
{
  g_autoptr(GtkWidget) pane = g_weak_ref_get (&session->pane);

  if (pane == NULL)
    return;
  if (text != NULL)
    g_signal_emit_by_name (pane, "message", text, NULL);
  if (MC_IS_DOSSIER_PANE (pane))
    {
      const McDossier *shown = mc_dossier_pane_get_dossier (MC_DOSSIER_PANE (pane));

      if (shown != NULL && g_strcmp0 (shown->code, session->code) == 0)
        mc_dossier_pane_reload (MC_DOSSIER_PANE (pane));
    }
}

static void
stored (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  Store *store = user_data;
  Session *session = store->session;
  g_autoptr(GError) error = NULL;
  g_autofree char *op_id = mc_desk_attach_component_file_finish (MC_DESK (source), result, &error);

  if (op_id == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The scan of “%s” was not stored in dossier %s: %s"),
                                               store->name, session->code, error->message);

      session->failed++;
      tell (session, text);
    }
  else
    {
      g_autofree char *text = g_strdup_printf (_("The scan of “%s” is stored in dossier %s"),
                                               store->name, session->code);

      session->stored++;
      /* Its text is read next, in the background. */
      mc_ocr_queue_resume (mc_ocr_queue_get_for_desk (session->desk));
      tell (session, text);
    }
  g_free (store->name);
  g_free (store);
  session_unref (session);
}

/* A row given its file (or its work finished without one): each new file
 * goes to the desk; the session holds itself while a row is busy so the
 * rows outlive a closed dialog. */
static void
row_pending_changed (McComponentRow *row,
                     GParamSpec     *pspec,
                     Session        *session)
{
  guint pending = mc_component_row_get_pending (row);
  guint was = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "mc-pane-scan-pending"));
  GPtrArray *files = mc_component_row_get_files (row);

  g_object_set_data (G_OBJECT (row), "mc-pane-scan-pending", GUINT_TO_POINTER (pending));
  for (guint i = 0; pending == 0 && i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      Store *store;

      if (!g_hash_table_add (session->sent, g_strdup (path)))
        continue;
      store = g_new0 (Store, 1);
      store->session = session_ref (session);
      store->name = g_strdup (mc_component_row_get_name (row));
      if (mc_component_row_is_to_sign (row, path))
        mc_desk_attach_component_copy_async (session->desk, session->code, mc_component_row_get_code (row),
                                             path, NULL, stored, store);
      else if (mc_component_row_is_unread (row, path))
        mc_desk_attach_component_scan_async (session->desk, session->code, mc_component_row_get_code (row),
                                             path, NULL, stored, store);
      else
        mc_desk_attach_component_file_async (session->desk, session->code, mc_component_row_get_code (row),
                                             path, NULL, stored, store);
    }
  if (was == 0 && pending > 0)
    {
      session_ref (session);
      busy_add (session->code, mc_component_row_get_code (row), 1);
      tell (session, NULL);
    }
  else if (was > 0 && pending == 0)
    {
      busy_add (session->code, mc_component_row_get_code (row), -1);
      session_unref (session);
    }
}

static McComponentKind
kind_of (const char *kind)
{
  if (g_strcmp0 (kind, "copy") == 0)
    return MC_COMPONENT_KIND_COPY;
  if (g_strcmp0 (kind, "certified_copy") == 0)
    return MC_COMPONENT_KIND_CERTIFIED_COPY;
  return MC_COMPONENT_KIND_ORIGINAL;
}

static McScanDialog *
new_session (GtkButton *button)
{
  McDesk *desk = g_object_get_data (G_OBJECT (button), "mc-pane-scan-desk");
  GPtrArray *components = g_object_get_data (G_OBJECT (button), "mc-pane-scan-components");
  guint current = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "mc-pane-scan-current"));
  GtkWidget *pane = g_object_get_data (G_OBJECT (button), "mc-pane-scan-pane");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));
  Session *session = g_new0 (Session, 1);
  McScanDialog *dialog;

  g_atomic_ref_count_init (&session->refs);
  session->desk = g_object_ref (desk);
  session->code = g_strdup (g_object_get_data (G_OBJECT (button), "mc-pane-scan-code"));
  session->rows = g_ptr_array_new_with_free_func (g_object_unref);
  session->sent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_weak_ref_init (&session->pane, pane);
  for (guint i = 0; i < components->len; i++)
    {
      const McDossierComponent *component = g_ptr_array_index (components, i);
      McProcedureComponent procedure = { component->code, component->name, (guint) MAX (component->copies, 1),
                                         kind_of (component->kind), FALSE };
      McComponentRow *row = mc_component_row_new (&procedure);

      g_ptr_array_add (session->rows, g_object_ref_sink (row));
      g_signal_connect (row, "notify::pending", G_CALLBACK (row_pending_changed), session);
    }

  dialog = mc_scan_dialog_new (session->rows, g_ptr_array_index (session->rows, current));
  mc_scan_dialog_set_desk (dialog, desk);
  /* The dialog holds the session while it is open; the rows' own work
   * holds it after (row_pending_changed). */
  g_object_set_data_full (G_OBJECT (dialog), "mc-pane-scan-session", session, (GDestroyNotify) session_unref);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  return dialog;
}

static void
scan_clicked (GtkButton *button,
              gpointer   user_data)
{
  gtk_window_present (GTK_WINDOW (new_session (button)));
}

/* Files dropped onto a component's row: the scan dialog of the session
 * its "Scan…" button opens, with their pages for that component. */
static void
files_dropped (GtkWidget          *row,
               const char * const *paths,
               const char         *refused,
               gpointer            user_data)
{
  GtkButton *button = user_data;
  GtkWidget *pane = g_object_get_data (G_OBJECT (button), "mc-pane-scan-pane");
  McScanDialog *dialog;

  if (paths[0] != NULL && !gtk_widget_get_sensitive (GTK_WIDGET (button)))
    {
      g_signal_emit_by_name (pane, "message",
                             _("A scan of this component is still being finished. Drop the files again once "
                               "it is stored."),
                             NULL);
      return;
    }
  if (refused != NULL)
    g_signal_emit_by_name (pane, "message", refused, NULL);
  if (paths[0] == NULL)
    return;
  dialog = new_session (button);
  mc_scan_dialog_import_files (dialog, (const char **) paths);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * mc_pane_scan_accept_drops:
 * @row: a component's row in the pane
 * @button: its "Scan…" button, from mc_pane_scan_button_new(), inside @row
 *
 * PDFs and images dropped onto @row open the scan dialog with their
 * pages, for that component; other files are refused with the pane's
 * "message".
 */
void
mc_pane_scan_accept_drops (GtkWidget *row,
                           GtkWidget *button)
{
  g_return_if_fail (GTK_IS_WIDGET (row));
  g_return_if_fail (GTK_IS_BUTTON (button));
  g_return_if_fail (gtk_widget_is_ancestor (button, row));

  mc_scan_drop_add (row, files_dropped, button);
}

static void
component_free (McDossierComponent *component)
{
  g_free (component->code);
  g_free (component->name);
  g_free (component->kind);
  g_free (component);
}

/**
 * mc_pane_scan_button_new:
 * @desk: the desk that stores the files
 * @dossier: a dossier shown in the pane
 * @component: which of its components the button is for
 * @pane: the pane, told when a file is stored (its "message" signal) and
 *   reloaded if it still shows the dossier
 *
 * Returns: (transfer floating): a "Scan…" button for the component, or
 *   %NULL when the dossier no longer takes files
 */
GtkWidget *
mc_pane_scan_button_new (McDesk          *desk,
                         const McDossier *dossier,
                         guint            component,
                         GtkWidget       *pane)
{
  GPtrArray *components;
  GtkWidget *button;

  g_return_val_if_fail (MC_IS_DESK (desk), NULL);
  g_return_val_if_fail (dossier != NULL && component < dossier->components->len, NULL);

  if (!mc_desk_files_state_takes_files (dossier->state))
    return NULL;

  components = g_ptr_array_new_with_free_func ((GDestroyNotify) component_free);
  for (guint i = 0; i < dossier->components->len; i++)
    {
      const McDossierComponent *from = g_ptr_array_index (dossier->components, i);
      McDossierComponent *copy = g_new0 (McDossierComponent, 1);

      copy->code = g_strdup (from->code);
      copy->name = g_strdup (from->name);
      copy->kind = g_strdup (from->kind);
      copy->copies = from->copies;
      copy->provided = from->provided;
      g_ptr_array_add (components, copy);
    }

  if (mc_pane_scan_is_busy (dossier->code, ((McDossierComponent *) g_ptr_array_index (components, component))->code))
    {
      /* Its scan is on its way: a second one now would only race it. */
      button = gtk_button_new_with_label (_("Finishing the scan…"));
      gtk_widget_set_sensitive (button, FALSE);
    }
  else
    button = gtk_button_new_with_mnemonic (_("_Scan…"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_name (button, "pane_scan_button");
  gtk_widget_set_tooltip_text (button, _("Scan or import this paper into the dossier"));
  g_object_set_data_full (G_OBJECT (button), "mc-pane-scan-desk", g_object_ref (desk), g_object_unref);
  g_object_set_data_full (G_OBJECT (button), "mc-pane-scan-code", g_strdup (dossier->code), g_free);
  g_object_set_data_full (G_OBJECT (button), "mc-pane-scan-components", components,
                          (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data (G_OBJECT (button), "mc-pane-scan-current", GUINT_TO_POINTER (component));
  g_object_set_data (G_OBJECT (button), "mc-pane-scan-pane", pane);
  g_signal_connect (button, "clicked", G_CALLBACK (scan_clicked), NULL);

  return button;
}
