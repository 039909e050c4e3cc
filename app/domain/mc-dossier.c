/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Freeing and serialising a dossier. The JSON form is ours (for the CLI and
 * sync); the portal form carries the national portal's field names and
 * formats (dates as yyyyMMddHHmmss in Vietnam time) so the central system
 * can forward them to DVCQG unchanged. */
#define G_LOG_DOMAIN "motcua-domain"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-dossier.h"
#include "mc-state.h"

void
mc_dossier_component_free (McDossierComponent *component)
{
  if (component == NULL)
    return;
  g_free (component->code);
  g_free (component->name);
  g_free (component->kind);
  g_free (component);
}

void
mc_dossier_file_free (McDossierFile *file)
{
  if (file == NULL)
    return;
  g_free (file->component_code);
  g_free (file->role);
  g_free (file->name);
  g_free (file->sha256);
  g_free (file->mime);
  g_free (file->added_by);
  g_free (file->signed_sha256);
  g_free (file->signed_by);
  g_free (file);
}

void
mc_timeline_entry_free (McTimelineEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->actor);
  g_free (entry->role);
  g_free (entry->department);
  g_free (entry->action);
  g_free (entry->note);
  g_free (entry->step_after);
  g_free (entry);
}

McDossier *
mc_dossier_new (void)
{
  McDossier *dossier = g_new0 (McDossier, 1);

  dossier->components = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_dossier_component_free);
  dossier->files = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_dossier_file_free);
  dossier->timeline = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_timeline_entry_free);

  return dossier;
}

void
mc_dossier_free (McDossier *dossier)
{
  if (dossier == NULL)
    return;

  g_free (dossier->code);
  g_free (dossier->office_code);
  g_free (dossier->procedure_code);
  g_free (dossier->procedure_name);
  g_free (dossier->procedure_field);
  g_free (dossier->applicant_name);
  g_free (dossier->applicant_id);
  g_free (dossier->applicant_birth);
  g_free (dossier->applicant_sex);
  g_free (dossier->applicant_phone);
  g_free (dossier->applicant_email);
  g_free (dossier->applicant_address);
  g_free (dossier->step);
  g_free (dossier->department);
  g_free (dossier->handler);
  g_free (dossier->received_by);
  g_free (dossier->issue_number);
  g_free (dossier->flags);
  g_ptr_array_unref (dossier->components);
  g_ptr_array_unref (dossier->files);
  g_ptr_array_unref (dossier->timeline);
  g_free (dossier);
}

const char *
mc_channel_label (int channel)
{
  switch (channel)
    {
    case 1: return _("In person");
    case 2: return _("Online");
    case 3: return _("Public postal service");
    default: return _("Unknown channel");
    }
}

/**
 * mc_portal_time:
 * @unix_seconds: a time, or 0
 *
 * Returns: (transfer full): the time as the portal wants it,
 *   yyyyMMddHHmmss in Vietnam time, or "" for 0
 */
char *
mc_portal_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = NULL;

  if (unix_seconds <= 0)
    return g_strdup ("");

  dt = mc_vietnam_from_unix (unix_seconds);
  return g_date_time_format (dt, "%Y%m%d%H%M%S");
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value != NULL ? value : "");
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_time (JsonBuilder *builder,
          const char  *name,
          gint64       value)
{
  g_autofree char *text = mc_portal_time (value);

  add_string (builder, name, text);
}

/**
 * mc_dossier_portal_fields:
 * @dossier: a dossier
 *
 * Returns: (transfer full): an object with the national portal's fields
 *   (MaHoSo, MaTTHC, TenTTHC, KenhThucHien, ChuHoSo, NgayTiepNhan,
 *   NgayHenTra, TrangThaiHoSo, TaiLieuNop, DanhSachGiayToKetQua,
 *   QuaTrinhXuLy)
 */
JsonNode *
mc_dossier_portal_fields (const McDossier *dossier)
{
  return mc_dossier_portal_update (dossier, TRUE, G_MAXUINT);
}

/**
 * mc_dossier_portal_update:
 * @dossier: a dossier
 * @with_files: include TaiLieuNop and DanhSachGiayToKetQua
 * @last_steps: include only this many of the latest QuaTrinhXuLy entries
 *
 * The portal's fields as a sync op carries them: a progress update
 * (CapNhatTienDoHoSoMC) names the new step, not the whole history, so ops
 * stay small however long a dossier's life.
 *
 * Returns: (transfer full): the object
 */
JsonNode *
mc_dossier_portal_update (const McDossier *dossier,
                          gboolean         with_files,
                          guint            last_steps)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint first_step;

  g_return_val_if_fail (dossier != NULL, NULL);

  first_step = dossier->timeline->len > last_steps ? dossier->timeline->len - last_steps : 0;

  json_builder_begin_object (builder);
  add_string (builder, "MaHoSo", dossier->code);
  add_string (builder, "MaTTHC", dossier->procedure_code);
  add_string (builder, "TenTTHC", dossier->procedure_name);
  add_int (builder, "KenhThucHien", dossier->channel);
  add_string (builder, "ChuHoSo", dossier->applicant_name);
  add_string (builder, "SoDinhDanh", dossier->applicant_id);
  add_time (builder, "NgayTiepNhan", dossier->received_at);
  add_time (builder, "NgayHenTra", dossier->due_at);
  add_int (builder, "TrangThaiHoSo", dossier->state);

  json_builder_set_member_name (builder, "TaiLieuNop");
  json_builder_begin_array (builder);
  for (guint i = 0; with_files && i < dossier->files->len; i++)
    {
      McDossierFile *file = g_ptr_array_index (dossier->files, i);
      g_autofree char *path = NULL;

      if (g_strcmp0 (file->role, "component") != 0)
        continue;
      path = g_strdup_printf ("blob:%s", file->sha256);
      json_builder_begin_object (builder);
      add_string (builder, "TepDinhKemId", file->sha256);
      add_string (builder, "TenTepDinhKem", file->name);
      add_string (builder, "MaThanhPhanHoSo", file->component_code);
      add_string (builder, "DuongDanTaiTepTin", path);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "DanhSachGiayToKetQua");
  json_builder_begin_array (builder);
  for (guint i = 0; with_files && i < dossier->files->len; i++)
    {
      McDossierFile *file = g_ptr_array_index (dossier->files, i);
      g_autofree char *path = NULL;

      if (g_strcmp0 (file->role, "result") != 0)
        continue;
      path = g_strdup_printf ("blob:%s", file->signed_sha256 != NULL ? file->signed_sha256 : file->sha256);
      json_builder_begin_object (builder);
      add_string (builder, "TenGiayTo", file->name);
      add_string (builder, "MaThanhPhanHoSo", file->component_code);
      add_string (builder, "GiayToId", file->signed_sha256 != NULL ? file->signed_sha256 : file->sha256);
      add_string (builder, "DuongDanTepTinKetQua", path);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "QuaTrinhXuLy");
  json_builder_begin_array (builder);
  for (guint i = first_step; i < dossier->timeline->len; i++)
    {
      McTimelineEntry *entry = g_ptr_array_index (dossier->timeline, i);

      json_builder_begin_object (builder);
      add_string (builder, "NguoiXuLy", entry->actor);
      add_string (builder, "ChucDanh", entry->role);
      add_time (builder, "ThoiDiemXuLy", entry->at);
      add_string (builder, "PhongBanXuLy", entry->department);
      add_string (builder, "NoiDungXuLy", entry->note[0] != '\0' ? entry->note : entry->action);
      add_int (builder, "TrangThai", entry->state_after);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * mc_dossier_to_json:
 * @dossier: a dossier
 *
 * Returns: (transfer full): every field of @dossier, with the portal
 *   fields under "portal"
 */
JsonNode *
mc_dossier_to_json (const McDossier *dossier)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (dossier != NULL, NULL);

  json_builder_begin_object (builder);
  add_string (builder, "code", dossier->code);
  add_string (builder, "office_code", dossier->office_code);
  add_string (builder, "procedure_code", dossier->procedure_code);
  add_string (builder, "procedure_name", dossier->procedure_name);
  add_string (builder, "procedure_field", dossier->procedure_field);
  add_int (builder, "channel", dossier->channel);
  add_string (builder, "applicant_name", dossier->applicant_name);
  add_string (builder, "applicant_id", dossier->applicant_id);
  add_string (builder, "applicant_birth", dossier->applicant_birth);
  add_string (builder, "applicant_sex", dossier->applicant_sex);
  add_string (builder, "applicant_phone", dossier->applicant_phone);
  add_string (builder, "applicant_email", dossier->applicant_email);
  add_string (builder, "applicant_address", dossier->applicant_address);
  add_int (builder, "received_at", dossier->received_at);
  add_int (builder, "due_at", dossier->due_at);
  if (dossier->new_due_at > 0)
    add_int (builder, "new_due_at", dossier->new_due_at);
  add_int (builder, "state", dossier->state);
  add_string (builder, "state_label", mc_state_label (dossier->state));
  add_string (builder, "step", dossier->step);
  add_string (builder, "department", dossier->department);
  add_string (builder, "handler", dossier->handler);
  add_int (builder, "version", dossier->version);
  add_int (builder, "supplement_count", dossier->supplement_count);
  add_int (builder, "apology_count", dossier->apology_count);
  add_string (builder, "issue_number", dossier->issue_number);
  add_string (builder, "flags", dossier->flags);
  if (dossier->paused_at > 0)
    add_int (builder, "paused_at", dossier->paused_at);
  if (dossier->has_remaining)
    add_int (builder, "remaining_seconds", dossier->remaining_seconds);

  json_builder_set_member_name (builder, "components");
  json_builder_begin_array (builder);
  for (guint i = 0; i < dossier->components->len; i++)
    {
      McDossierComponent *component = g_ptr_array_index (dossier->components, i);

      json_builder_begin_object (builder);
      add_string (builder, "code", component->code);
      add_string (builder, "name", component->name);
      add_int (builder, "copies", component->copies);
      add_string (builder, "kind", component->kind);
      json_builder_set_member_name (builder, "provided");
      json_builder_add_boolean_value (builder, component->provided);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "files");
  json_builder_begin_array (builder);
  for (guint i = 0; i < dossier->files->len; i++)
    {
      McDossierFile *file = g_ptr_array_index (dossier->files, i);

      json_builder_begin_object (builder);
      add_string (builder, "role", file->role);
      add_string (builder, "component_code", file->component_code);
      add_string (builder, "name", file->name);
      add_string (builder, "sha256", file->sha256);
      add_int (builder, "size", file->size);
      if (file->signed_sha256 != NULL)
        {
          add_string (builder, "signed_sha256", file->signed_sha256);
          add_string (builder, "signed_by", file->signed_by);
          add_int (builder, "signed_at", file->signed_at);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "timeline");
  json_builder_begin_array (builder);
  for (guint i = 0; i < dossier->timeline->len; i++)
    {
      McTimelineEntry *entry = g_ptr_array_index (dossier->timeline, i);

      json_builder_begin_object (builder);
      add_int (builder, "at", entry->at);
      add_string (builder, "actor", entry->actor);
      add_string (builder, "role", entry->role);
      add_string (builder, "department", entry->department);
      add_string (builder, "action", entry->action);
      add_string (builder, "note", entry->note);
      add_int (builder, "state_after", entry->state_after);
      add_string (builder, "step_after", entry->step_after);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "portal");
  json_builder_add_value (builder, mc_dossier_portal_fields (dossier));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
