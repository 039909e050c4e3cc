/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The demo's online dossiers as the national portal submitted them. The
 * demo records its online submissions on the desk as already known to the
 * central system (no outbox op), so a central server the demo desk syncs
 * with must be given them first, through its portal intake, or every later
 * op on them (receive, refuse, …) meets a dossier the server never saw.
 * This writes one JSON file per online dossier, in the portal's own field
 * names (docs/central-api.md, "Online dossiers from the portal"), for
 * `motcua-central portal submit`. */
#define G_LOG_DOMAIN "motcua-demo"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "domain/mc-state.h"
#include "domain/mc-workflow.h"
#include "mc-demo.h"
#include "mc-store-private.h"

typedef struct
{
  const char *dir;
  guint written;
} Export;

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value != NULL ? value : "");
}

static gboolean
write_portal (sqlite3   *db,
              gpointer   user_data,
              gpointer  *result,
              GError   **error)
{
  Export *export = user_data;
  g_autofree char *demo = mc_db_meta_get (db, "demo_workspace", NULL);
  g_autofree char *cursor = mc_db_meta_get (db, "sync_cursor", NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (g_strcmp0 (demo, "1") != 0)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID,
                   _("This workspace is not a demo workspace."));
      return FALSE;
    }
  /* Once the desk has pulled from a server, its online dossiers may have
   * come from that server: only the demo's own, before any sync, are its. */
  if (cursor != NULL)
    return TRUE;

  /* The submission is the dossier's first timeline entry ("submit"). */
  stmt = mc_db_prepare (db,
                        "SELECT d.code, d.procedure_code, d.procedure_name, d.applicant_name,"
                        " d.applicant_id, d.applicant_phone, d.applicant_email, d.applicant_address,"
                        " (SELECT min (t.at) FROM timeline t WHERE t.dossier_id = d.id AND t.action = ?1)"
                        " FROM dossier d WHERE d.channel = 2"
                        " AND EXISTS (SELECT 1 FROM timeline t WHERE t.dossier_id = d.id AND t.action = ?1)"
                        " ORDER BY d.code",
                        error);
  if (stmt == NULL)
    return FALSE;
  mc_db_bind_text (stmt, 1, MC_ACTION_SUBMIT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(GDateTime) at = mc_vietnam_from_unix (sqlite3_column_int64 (stmt, 8));
      g_autofree char *submitted = g_date_time_format (at, "%Y%m%d%H%M%S");
      g_autofree char *text = NULL;
      g_autofree char *name = NULL;
      g_autofree char *path = NULL;
      const char *email = (const char *) sqlite3_column_text (stmt, 6);
      const char *id = (const char *) sqlite3_column_text (stmt, 4);

      json_builder_begin_object (b);
      add_string (b, "MaHoSo", (const char *) sqlite3_column_text (stmt, 0));
      add_string (b, "MaTTHC", (const char *) sqlite3_column_text (stmt, 1));
      add_string (b, "TenTTHC", (const char *) sqlite3_column_text (stmt, 2));
      json_builder_set_member_name (b, "KenhThucHien");
      json_builder_add_int_value (b, 2);
      add_string (b, "ChuHoSo", (const char *) sqlite3_column_text (stmt, 3));
      add_string (b, "MaDoiTuong", "1");
      if (id != NULL && *id != '\0')
        add_string (b, "SoDinhDanh", id);
      add_string (b, "SoDienThoai", (const char *) sqlite3_column_text (stmt, 5));
      if (email != NULL && *email != '\0')
        add_string (b, "Email", email);
      add_string (b, "DiaChi", (const char *) sqlite3_column_text (stmt, 7));
      add_string (b, "NgayNopHoSo", submitted);
      json_builder_set_member_name (b, "TaiLieuNop");
      json_builder_begin_array (b);
      json_builder_end_array (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      text = json_to_string (root, TRUE);

      /* Applicants' personal data: 0600 files in a 0700 directory. */
      name = g_strdup_printf ("%s.json", (const char *) sqlite3_column_text (stmt, 0));
      path = g_build_filename (export->dir, name, NULL);
      if (!g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
        return FALSE;
      export->written++;
    }
  if (rc != SQLITE_DONE)
    return mc_db_set_error (db, rc, error);

  return TRUE;
}

/**
 * mc_demo_write_portal:
 * @desk: a desk on a demo workspace
 * @dir: where to write the files (made 0700 if missing)
 * @n_written: (out) (optional): how many files were written
 * @error: where to put a failure
 *
 * Writes each online dossier the demo made, as the national portal
 * submitted it (state 1, no attachments), to @dir/CODE.json in the format
 * `motcua-central portal submit` takes. A desk that has pulled from a
 * server already writes nothing: its online dossiers may be the server's.
 *
 * Returns: %TRUE on success
 */
gboolean
mc_demo_write_portal (McDesk      *desk,
                      const char  *dir,
                      guint       *n_written,
                      GError     **error)
{
  Export export = { dir, 0 };

  g_return_val_if_fail (MC_IS_DESK (desk), FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Could not make the folder “%s”: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  if (!mc_store_read (mc_desk_get_store (desk), write_portal, &export, NULL, error))
    return FALSE;
  if (n_written != NULL)
    *n_written = export.written;

  return TRUE;
}
