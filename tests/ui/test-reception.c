/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The reception dialog under Xvfb, in Vietnamese, driven the way an officer
 * drives it (search, typing, the card's QR code as text and as a photo,
 * attaching scans, Back/Next/Receive as actions): the search folds tones
 * and takes code prefixes, a wrong ID number shows its reason and blocks
 * the next step, a card fills the form and an old split commune offers its
 * new communes, missing components block the review, the review's
 * appointment is the workflow's, a reception without leased numbers shows
 * the store's error and keeps the form, and a good one writes the dossier
 * (applicant, components, the scan in the blob store) and says so; a
 * procedure the central system published is in the picker. Each step is
 * saved as a screenshot in the test log folder. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <qrencode.h>

#include "digitise-fixture.h"
#include "domain/citizen/mc-cccd-qr.h"
#include "domain/citizen/mc-old-address.h"
#include "domain/mc-state.h"
#include "mc-core.h"
#include "mc-reception-dialog-private.h"
#include "store/mc-blob-store.h"
#include "store/mc-desk-profile.h"
#include "store/mc-desk-records.h"
#include "store/mc-desk-private.h"
#include "store/mc-desk-reference.h"
#include "store/mc-dossier-ops.h"
#include "store/mc-sync-store.h"
#include "ui-test-util.h"

#define OFFICE DIGITISE_OFFICE
#define SPLIT_ADDRESS "Thôn 3, Xã Tân Lập, Huyện Đan Phượng, Thành phố Hà Nội"
#define CARD_TEXT "001099012345|123456789|Nguyễn Văn Ánh|15031999|Nam|" SPLIT_ADDRESS "|10072021"
#define SINGLE_ADDRESS "Tổ 1, Phường Nghĩa Đức, Thành phố Gia Nghĩa, Tỉnh Đắk Nông"
#define PHOTO_CARD "066190012345||Đặng Thị Hòa|02091990|Nữ|" SINGLE_ADDRESS "|01022022"
#define PUBLISHED_CODE "1.999901"
#define PUBLISHED_NAME "Thủ tục mới do trung tâm công bố"

static char *tmp_dir;

typedef struct
{
  McDesk *desk;
  McReceptionDialog *dialog;
  char *received_code;
  guint n_received;
  char *print_kind;
  char *print_code;
} Run;

static gboolean
has_message_dialog (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        {
          if (data != NULL)
            *(AdwMessageDialog **) data = ADW_MESSAGE_DIALOG (window);
          return TRUE;
        }
    }

  return FALSE;
}

/* A click on a button of the question: the response, then it goes away. */
static void
answer (AdwMessageDialog *question,
        const char       *response)
{
  g_object_ref (question);
  adw_message_dialog_response (question, response);
  gtk_window_destroy (GTK_WINDOW (question));
  g_object_unref (question);
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
dialog_ready (gpointer data)
{
  return mc_reception_dialog_is_ready (data);
}

static gboolean
dialog_idle (gpointer data)
{
  return !mc_reception_dialog_is_busy (data);
}

static void
save_screenshot (const char *name)
{
  const char *dir = g_getenv ("MOTCUA_TEST_LOG_DIR");
  g_autofree char *path = g_build_filename (dir != NULL ? dir : tmp_dir, name, NULL);
  const char *argv[] = { "import", "-window", "root", path, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  ui_test_settle ();
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_test_message ("screenshot: %s", path);
}

static gint64
vietnam_time (int day,
              int hour,
              int minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new (mc_vietnam_time_zone (), 2026, 12, day, hour, minute, 0);

  return g_date_time_to_unix (dt);
}

/* A procedure the data folder does not have, as the central system's
 * change feed brings it (a shipped definition under a new code). */
static void
publish_procedure (McDesk *desk)
{
  g_autofree char *path = g_build_filename (mc_core_get_data_dir (), "procedures", "1.001022.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonArray) changes = json_array_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *definition;
  JsonObject *change = json_object_new ();
  McSyncApplyCounts counts = { 0 };
  g_autoptr(GDateTime) arrival = g_date_time_new (mc_vietnam_time_zone (), 2025, 1, 2, 9, 0, 0);

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  definition = json_node_get_object (json_parser_get_root (parser));
  json_object_set_string_member (definition, "code", PUBLISHED_CODE);
  json_object_set_string_member (definition, "name", PUBLISHED_NAME);
  json_object_set_string_member (change, "kind", "procedure");
  json_object_set_string_member (change, "code", PUBLISHED_CODE);
  json_object_set_int_member (change, "version", 1);
  json_object_set_object_member (change, "definition", json_object_ref (definition));
  json_array_add_object_element (changes, change);
  /* It arrived long before any time the dialog is used at. */
  mc_desk_set_clock (desk, g_date_time_to_unix (arrival));
  g_assert_true (mc_desk_sync_apply_changes (desk, changes, NULL, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.reference, ==, 1);
  mc_desk_set_clock (desk, 0);
}

/* The office, its receptionist, numbers leased for 8 December only (the
 * 9th has none), and the procedure as the central server publishes it. */
static void
set_up_desk (McDesk *desk)
{
  digitise_set_up_desk (desk);
  publish_procedure (desk);
}

static void
reference_loaded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  McDeskReference **reference = user_data;
  g_autoptr(GError) error = NULL;

  *reference = mc_desk_load_reference_finish (MC_DESK (source), result, &error);
  g_assert_no_error (error);
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

/* The mapping the desk's reference data gives for an old address. */
static McAddressMapping *
expected_mapping (McDesk     *desk,
                  const char *address)
{
  g_autoptr(McDeskReference) reference = NULL;
  McAddressMapping *mapping;

  mc_desk_load_reference_async (desk, NULL, reference_loaded, &reference);
  ui_test_wait_until (is_set, &reference);
  mapping = mc_address_mapper_map (reference->mapper, address);
  g_assert_nonnull (mapping);
  return mapping;
}

/* A photo of a card: its QR code drawn with libqrencode, saved as PNG. */
static char *
make_qr_photo (const char *text)
{
  g_autofree char *path = g_build_filename (tmp_dir, "card.png", NULL);
  QRcode *code = QRcode_encodeString8bit (text, 0, QR_ECLEVEL_M);
  int module = 6;
  int size = (code->width + 8) * module;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, size, size);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (int y = 0; y < code->width; y++)
    for (int x = 0; x < code->width; x++)
      if (code->data[y * code->width + x] & 1)
        cairo_rectangle (cr, (x + 4) * module, (y + 4) * module, module, module);
  cairo_fill (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  QRcode_free (code);

  return g_steal_pointer (&path);
}

/* A one-page "scan" of the declaration form. */
static char *
make_scan (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "to-khai.pdf", NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (surface);

  cairo_move_to (cr, 72, 100);
  cairo_set_font_size (cr, 18);
  cairo_show_text (cr, "TO KHAI DANG KY KHAI SINH");
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  return g_steal_pointer (&path);
}

static char *
file_sha256 (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static void
activate (McReceptionDialog *dialog,
          const char        *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), action, NULL));
  ui_test_settle ();
}

static void
on_received (McReceptionDialog *dialog,
             const char        *code,
             Run               *run)
{
  g_free (run->received_code);
  run->received_code = g_strdup (code);
  run->n_received++;
}

static void
on_print_slip (McReceptionDialog *dialog,
               const char        *kind,
               const char        *code,
               Run               *run)
{
  g_free (run->print_kind);
  g_free (run->print_code);
  run->print_kind = g_strdup (kind);
  run->print_code = g_strdup (code);
}

static void
step_procedure (Run *run)
{
  McReceptionDialog *dialog = run->dialog;
  GListModel *results = mc_reception_dialog_get_procedure_results (dialog);
  g_autoptr(McProcedure) first = NULL;

  g_assert_cmpstr (mc_reception_dialog_get_page (dialog), ==, "procedure");
  g_assert_cmpuint (g_list_model_get_n_items (results), >, 10);

  /* A code prefix lists only the codes that start with it. */
  mc_reception_dialog_set_search_text (dialog, "1.0011");
  g_assert_cmpuint (g_list_model_get_n_items (results), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(McProcedure) procedure = g_list_model_get_item (results, i);

      g_assert_true (g_str_has_prefix (mc_procedure_get_code (procedure), "1.0011"));
    }

  /* No tones, no đ: the birth registration comes first. */
  mc_reception_dialog_set_search_text (dialog, "dang ky khai sinh");
  first = g_list_model_get_item (results, 0);
  g_assert_cmpstr (mc_procedure_get_code (first), ==, "1.001193");
  g_assert_cmpstr (mc_procedure_get_name (first), ==, "Đăng ký khai sinh");
  g_assert_null (mc_reception_dialog_get_validation_message (dialog));
  save_screenshot ("ui-reception-1-procedure.png");
  g_clear_object (&first);

  /* The procedure the central system published is in the picker. */
  mc_reception_dialog_set_search_text (dialog, "thu tuc moi do trung tam");
  g_assert_cmpuint (g_list_model_get_n_items (results), >, 0);
  first = g_list_model_get_item (results, 0);
  g_assert_cmpstr (mc_procedure_get_code (first), ==, PUBLISHED_CODE);
  g_assert_cmpstr (mc_procedure_get_name (first), ==, PUBLISHED_NAME);
  save_screenshot ("ui-reception-1-published.png");
  mc_reception_dialog_set_search_text (dialog, "dang ky khai sinh");

  /* Enter picks it and goes on. */
  mc_reception_dialog_pick_procedure (dialog, 0);
  ui_test_settle ();
  g_assert_cmpstr (mc_reception_dialog_get_page (dialog), ==, "applicant");
  g_assert_cmpstr (mc_procedure_get_code (mc_reception_dialog_get_procedure (dialog)), ==, "1.001193");
}

static void
step_applicant (Run *run)
{
  McReceptionDialog *dialog = run->dialog;
  g_autoptr(GError) id_error = NULL;
  g_autoptr(GError) qr_error = NULL;
  g_autoptr(McAddressMapping) split = NULL;
  g_autoptr(McAddressMapping) single = NULL;
  g_autofree char *photo = NULL;
  g_auto(GStrv) candidates = NULL;
  const char *message;

  /* Nothing typed yet: Next is blocked. */
  g_assert_nonnull (mc_reception_dialog_get_validation_message (dialog));
  activate (dialog, "reception.next");
  g_assert_cmpstr (mc_reception_dialog_get_page (dialog), ==, "applicant");

  /* A woman born in 1990 with the century digit of 2000–2099. */
  mc_reception_dialog_set_field (dialog, "name", "Đặng Thị Hòa");
  mc_reception_dialog_set_field (dialog, "birth", "15/03/1990");
  mc_reception_dialog_set_field (dialog, "sex", "Nữ");
  mc_reception_dialog_set_field (dialog, "id", "001390012345");
  g_assert_false (mc_personal_id_validate ("001390012345", 1990, MC_SEX_FEMALE, NULL, &id_error));
  g_assert_error (id_error, MC_CITIZEN_ERROR, MC_CITIZEN_ERROR_ID_CENTURY);
  g_assert_cmpstr (mc_reception_dialog_get_id_message (dialog), ==, id_error->message);
  g_assert_cmpstr (mc_reception_dialog_get_validation_message (dialog), ==, id_error->message);
  activate (dialog, "reception.next");
  g_assert_cmpstr (mc_reception_dialog_get_page (dialog), ==, "applicant");
  save_screenshot ("ui-reception-2-invalid-id.png");

  /* First digits that are no province code: a warning with the reason (a
   * citizen born abroad has the country's code there), not a refusal. */
  g_clear_error (&id_error);
  mc_reception_dialog_set_field (dialog, "id", "099190012345");
  {
    McPersonalIdInfo unlisted;

    g_assert_true (mc_personal_id_validate ("099190012345", 1990, MC_SEX_FEMALE, &unlisted, NULL));
    g_assert_true (unlisted.place_unlisted);
    g_assert_cmpstr (mc_reception_dialog_get_id_message (dialog), ==, unlisted.warning);
  }

  /* A web address scanned by mistake: the parser's message, nothing lost. */
  g_assert_null (mc_cccd_qr_parse ("https://dichvucong.gov.vn/p/home", &qr_error));
  mc_reception_dialog_set_qr_text (dialog, "https://dichvucong.gov.vn/p/home");
  g_assert_cmpstr (mc_reception_dialog_get_qr_message (dialog), ==, qr_error->message);
  {
    g_autofree char *name = mc_reception_dialog_dup_field (dialog, "name");

    g_assert_cmpstr (name, ==, "Đặng Thị Hòa");
  }

  /* A photo of a card whose old ward became one new ward: filled in. */
  photo = make_qr_photo (PHOTO_CARD);
  mc_reception_dialog_read_qr_image (dialog, photo);
  ui_test_wait_until (dialog_idle, dialog);
  single = expected_mapping (run->desk, SINGLE_ADDRESS);
  g_assert_cmpuint (single->candidates->len, ==, 1);
  {
    g_autofree char *name = mc_reception_dialog_dup_field (dialog, "name");
    g_autofree char *id = mc_reception_dialog_dup_field (dialog, "id");
    g_autofree char *address = mc_reception_dialog_dup_field (dialog, "address");

    g_assert_cmpstr (name, ==, "Đặng Thị Hòa");
    g_assert_cmpstr (id, ==, "066190012345");
    g_assert_cmpstr (address, ==, ((McAddressCandidate *) g_ptr_array_index (single->candidates, 0))->address);
    g_assert_null (mc_reception_dialog_get_validation_message (dialog));
  }

  save_screenshot ("ui-reception-2-applicant.png");

  /* The card's text as a USB scanner types it; the old commune was split. */
  mc_reception_dialog_set_qr_text (dialog, CARD_TEXT "\r\n");
  {
    g_autofree char *name = mc_reception_dialog_dup_field (dialog, "name");
    g_autofree char *id = mc_reception_dialog_dup_field (dialog, "id");
    g_autofree char *birth = mc_reception_dialog_dup_field (dialog, "birth");
    g_autofree char *sex = mc_reception_dialog_dup_field (dialog, "sex");
    g_autofree char *address = mc_reception_dialog_dup_field (dialog, "address");

    g_assert_cmpstr (name, ==, "Nguyễn Văn Ánh");
    g_assert_cmpstr (id, ==, "001099012345");
    g_assert_cmpstr (birth, ==, "1999-03-15");
    g_assert_cmpstr (sex, ==, "Nam");
    /* The card's words stay until the official picks a new commune, and
     * the next step waits for that choice. */
    g_assert_cmpstr (address, ==, SPLIT_ADDRESS);
  }
  g_assert_nonnull (mc_reception_dialog_get_validation_message (dialog));
  activate (dialog, "reception.next");
  g_assert_cmpstr (mc_reception_dialog_get_page (dialog), ==, "applicant");

  split = expected_mapping (run->desk, SPLIT_ADDRESS);
  g_assert_cmpint (split->match, ==, MC_ADDRESS_MATCH_FOUND);
  g_assert_cmpuint (split->candidates->len, >=, 2);
  candidates = mc_reception_dialog_dup_address_candidates (dialog);
  g_assert_cmpuint (g_strv_length (candidates), ==, split->candidates->len);
  for (guint i = 0; i < split->candidates->len; i++)
    g_assert_cmpstr (candidates[i], ==, ((McAddressCandidate *) g_ptr_array_index (split->candidates, i))->address);
  g_assert_cmpstr (mc_reception_dialog_get_address_message (dialog), ==, split->reason);
  message = mc_reception_dialog_get_qr_message (dialog);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "Nguyễn Văn Ánh"));

  /* The official picks the second commune with the citizen. */
  ui_test_settle ();
  g_assert_true (mc_reception_dialog_pick_address_candidate (dialog, 1));
  {
    g_autofree char *address = mc_reception_dialog_dup_field (dialog, "address");

    g_assert_cmpstr (address, ==, candidates[1]);
  }
  save_screenshot ("ui-reception-2-address.png");
  mc_reception_dialog_set_field (dialog, "phone", "0912 345 678");
  g_assert_null (mc_reception_dialog_get_validation_message (dialog));

  activate (dialog, "reception.next");
  g_assert_cmpstr (mc_reception_dialog_get_page (dialog), ==, "components");
}

static void
step_components (Run  *run,
                 char *scan)
{
  McReceptionDialog *dialog = run->dialog;
  g_autofree char *text_file = g_build_filename (tmp_dir, "ghi-chu.txt", NULL);
  const char *message;

  /* Required TP1 and TP2 are not handed over yet. */
  message = mc_reception_dialog_get_validation_message (dialog);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "Tờ khai đăng ký khai sinh"));
  activate (dialog, "reception.next");
  g_assert_cmpstr (mc_reception_dialog_get_page (dialog), ==, "components");

  /* A text file is no scan. */
  g_assert_true (g_file_set_contents (text_file, "ghi chú", -1, NULL));
  g_assert_true (mc_reception_dialog_attach_file (dialog, "TP2", text_file));
  ui_test_wait_until (dialog_idle, dialog);
  g_assert_cmpuint (mc_reception_dialog_get_n_files (dialog, "TP2"), ==, 0);
  g_assert_nonnull (mc_reception_dialog_get_error_text (dialog));
  g_assert_nonnull (strstr (mc_reception_dialog_get_error_text (dialog), "ghi-chu.txt"));
  activate (dialog, "reception.dismiss-error");
  g_assert_null (mc_reception_dialog_get_error_text (dialog));

  /* The declaration is scanned; the birth certificate is shown on paper. */
  g_assert_false (mc_reception_dialog_attach_file (dialog, "TP9", scan));
  g_assert_true (mc_reception_dialog_attach_file (dialog, "TP1", scan));
  ui_test_wait_until (dialog_idle, dialog);
  g_assert_cmpuint (mc_reception_dialog_get_n_files (dialog, "TP1"), ==, 1);
  message = mc_reception_dialog_get_validation_message (dialog);
  g_assert_nonnull (message);
  g_assert_null (strstr (message, "Tờ khai đăng ký khai sinh"));
  save_screenshot ("ui-reception-3-components-missing.png");

  g_assert_true (mc_reception_dialog_set_component_provided (dialog, "TP2", TRUE));
  g_assert_null (mc_reception_dialog_get_validation_message (dialog));
  save_screenshot ("ui-reception-3-components.png");

  activate (dialog, "reception.next");
  g_assert_cmpstr (mc_reception_dialog_get_page (dialog), ==, "review");
}

static void
check_appointment (Run    *run,
                   gint64  now)
{
  McProcedure *procedure = mc_reception_dialog_get_procedure (run->dialog);
  gint64 expected = mc_dossier_ops_appointment (mc_desk_get_calendar (run->desk), now,
                                                mc_procedure_is_same_day (procedure),
                                                mc_procedure_get_same_day_cutoff (procedure),
                                                mc_procedure_get_working_days (procedure), NULL);
  g_autofree char *text = mc_format_date_time (expected);

  g_assert_cmpint (expected, >, now);
  g_assert_cmpint (mc_reception_dialog_get_appointment (run->dialog), ==, expected);
  g_assert_cmpstr (mc_reception_dialog_get_appointment_text (run->dialog), ==, text);
}

/* A year with no official holiday table: the review shows the calendar's
 * warnings; a missing component then stops the reception, and the main
 * window still gets what was typed for the supplement slip. */
static void
on_stopped (McReceptionDialog *dialog,
            McReception      **out)
{
  *out = mc_reception_dialog_dup_reception (dialog);
}

static void
check_stop (Run  *run,
            char *scan)
{
  g_autoptr(McReception) stopped = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) expected = g_string_new (NULL);
  McReceptionDialog *dialog;
  AdwMessageDialog *question = NULL;
  gpointer weak;
  gint64 now;
  McProcedure *procedure;
  g_autoptr(GDateTime) when = g_date_time_new (mc_vietnam_time_zone (), 2031, 3, 12, 9, 0, 0);

  now = g_date_time_to_unix (when);
  mc_desk_set_clock (run->desk, now);
  dialog = mc_reception_dialog_new (NULL, run->desk);
  weak = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  g_signal_connect (dialog, "stopped", G_CALLBACK (on_stopped), &stopped);
  gtk_window_present (GTK_WINDOW (dialog));
  ui_test_wait_until (dialog_ready, dialog);

  mc_reception_dialog_set_search_text (dialog, "1.001193");
  mc_reception_dialog_pick_procedure (dialog, 0);
  ui_test_settle ();
  mc_reception_dialog_set_qr_text (dialog, CARD_TEXT);
  g_assert_true (mc_reception_dialog_pick_address_candidate (dialog, 0));
  activate (dialog, "reception.next");
  g_assert_cmpstr (mc_reception_dialog_get_page (dialog), ==, "components");
  g_assert_true (mc_reception_dialog_attach_file (dialog, "TP1", scan));
  g_assert_true (mc_reception_dialog_set_component_provided (dialog, "TP2", TRUE));
  ui_test_wait_until (dialog_idle, dialog);
  activate (dialog, "reception.next");
  g_assert_cmpstr (mc_reception_dialog_get_page (dialog), ==, "review");

  procedure = mc_reception_dialog_get_procedure (dialog);
  mc_dossier_ops_appointment (mc_desk_get_calendar (run->desk), now, mc_procedure_is_same_day (procedure),
                              mc_procedure_get_same_day_cutoff (procedure),
                              mc_procedure_get_working_days (procedure), warnings);
  g_assert_cmpuint (warnings->len, >, 0);
  for (guint i = 0; i < warnings->len; i++)
    g_string_append_printf (expected, "%s%s", i > 0 ? "\n" : "", (char *) g_ptr_array_index (warnings, i));
  g_assert_cmpstr (mc_reception_dialog_get_appointment_warnings (dialog), ==, expected->str);
  save_screenshot ("ui-reception-8-warnings.png");

  /* The birth certificate was not brought after all. */
  activate (dialog, "reception.back");
  g_assert_true (mc_reception_dialog_set_component_provided (dialog, "TP2", FALSE));
  g_assert_nonnull (mc_reception_dialog_get_validation_message (dialog));
  activate (dialog, "reception.stop");
  ui_test_wait_until (has_message_dialog, &question);
  save_screenshot ("ui-reception-9-stop.png");
  answer (question, "stop");
  ui_test_wait_until (is_null, &weak);

  g_assert_nonnull (stopped);
  g_assert_cmpstr (stopped->procedure_code, ==, "1.001193");
  g_assert_cmpstr (stopped->applicant_name, ==, "Nguyễn Văn Ánh");
  g_assert_true (mc_reception_find_component (stopped, "TP1")->provided);
  g_assert_false (mc_reception_find_component (stopped, "TP2")->provided);
}

static void
check_stored (Run        *run,
              const char *scan)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McDossier) dossier = mc_desk_load_dossier (run->desk, run->received_code, &error);
  g_autofree char *sha = file_sha256 (scan);
  g_auto(GStrv) candidates = mc_reception_dialog_dup_address_candidates (run->dialog);
  const char *blob_dir = mc_store_get_blob_dir (mc_desk_get_store (run->desk));
  gboolean found_file = FALSE;

  g_assert_no_error (error);
  g_assert_cmpstr (dossier->procedure_code, ==, "1.001193");
  g_assert_cmpstr (dossier->applicant_name, ==, "Nguyễn Văn Ánh");
  g_assert_cmpstr (dossier->applicant_id, ==, "001099012345");
  g_assert_cmpstr (dossier->applicant_birth, ==, "1999-03-15");
  g_assert_cmpstr (dossier->applicant_sex, ==, "Nam");
  g_assert_cmpstr (dossier->applicant_phone, ==, "0912 345 678");
  g_assert_cmpstr (dossier->applicant_address, ==, candidates[1]);
  g_assert_cmpint (dossier->state, ==, MC_STATE_RECEIVED);
  g_assert_cmpint (dossier->received_at, ==, vietnam_time (8, 9, 30));

  for (guint i = 0; i < dossier->components->len; i++)
    {
      McDossierComponent *component = g_ptr_array_index (dossier->components, i);

      g_assert_cmpint (component->provided, ==,
                       g_str_equal (component->code, "TP1") || g_str_equal (component->code, "TP2"));
    }
  g_assert_cmpuint (dossier->components->len, ==, 3);

  for (guint i = 0; i < dossier->files->len; i++)
    {
      McDossierFile *file = g_ptr_array_index (dossier->files, i);

      if (g_strcmp0 (file->component_code, "TP1") == 0 && g_strcmp0 (file->sha256, sha) == 0)
        {
          g_autofree char *blob = mc_blob_store_path (blob_dir, sha);
          g_autofree char *stored_sha = file_sha256 (blob);

          found_file = TRUE;
          g_assert_cmpstr (file->name, ==, "to-khai.pdf");
          g_assert_cmpstr (file->mime, ==, "application/pdf");
          g_assert_true (mc_blob_store_has (blob_dir, sha));
          g_assert_cmpstr (stored_sha, ==, sha);
        }
    }
  g_assert_cmpuint (dossier->files->len, ==, 1);
  g_assert_true (found_file);
}

static void
step_close_asks (Run *run)
{
  McReceptionDialog *dialog = run->dialog;
  AdwMessageDialog *question = NULL;
  gpointer weak = dialog;

  /* "Receive another" starts over with an empty form. */
  activate (dialog, "reception.another");
  g_assert_cmpstr (mc_reception_dialog_get_page (dialog), ==, "procedure");
  g_assert_null (mc_reception_dialog_get_procedure (dialog));
  {
    g_autofree char *name = mc_reception_dialog_dup_field (dialog, "name");

    g_assert_cmpstr (name, ==, "");
  }

  /* Typed data: closing (Escape) asks first and keeps the dialog. */
  mc_reception_dialog_set_search_text (dialog, "chung thuc");
  mc_reception_dialog_pick_procedure (dialog, 0);
  ui_test_settle ();
  mc_reception_dialog_set_field (dialog, "name", "Lê Văn Tám");
  activate (dialog, "window.close");
  ui_test_wait_until (has_message_dialog, &question);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  save_screenshot ("ui-reception-7-discard.png");

  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  answer (question, "discard");
  ui_test_wait_until (is_null, &weak);
}

static gboolean
run_checks (gpointer user_data)
{
  Run *run = user_data;
  GApplication *app = g_application_get_default ();
  g_autofree char *scan = make_scan ();
  GtkWidget *parent;

  parent = adw_application_window_new (GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (parent), 1200, 780);
  gtk_window_present (GTK_WINDOW (parent));

  /* Start on a day with no leased numbers. */
  mc_desk_set_clock (run->desk, vietnam_time (9, 9, 30));
  run->dialog = mc_reception_dialog_new (GTK_WINDOW (parent), run->desk);
  g_signal_connect (run->dialog, "received", G_CALLBACK (on_received), run);
  g_signal_connect (run->dialog, "print-slip", G_CALLBACK (on_print_slip), run);
  gtk_window_present (GTK_WINDOW (run->dialog));
  ui_test_wait_until (dialog_ready, run->dialog);

  step_procedure (run);
  step_applicant (run);
  step_components (run, scan);

  /* Review: the appointment the workflow will compute. */
  check_appointment (run, vietnam_time (9, 9, 30));
  save_screenshot ("ui-reception-4-review.png");

  /* No numbers for the 9th: the store's reason, and the form stays. */
  activate (run->dialog, "reception.receive");
  ui_test_wait_until (dialog_idle, run->dialog);
  g_assert_cmpuint (run->n_received, ==, 0);
  g_assert_cmpstr (mc_reception_dialog_get_page (run->dialog), ==, "review");
  g_assert_nonnull (mc_reception_dialog_get_error_text (run->dialog));
  g_assert_nonnull (strstr (mc_reception_dialog_get_error_text (run->dialog), "261209"));
  g_assert_null (mc_reception_dialog_get_received_code (run->dialog));
  {
    g_autofree char *name = mc_reception_dialog_dup_field (run->dialog, "name");

    g_assert_cmpstr (name, ==, "Nguyễn Văn Ánh");
    g_assert_cmpuint (mc_reception_dialog_get_n_files (run->dialog, "TP1"), ==, 1);
  }
  save_screenshot ("ui-reception-5-error.png");

  /* On the 8th, which has numbers, Back and Next recompute the review and
   * Receive works. */
  mc_desk_set_clock (run->desk, vietnam_time (8, 9, 30));
  activate (run->dialog, "reception.back");
  g_assert_cmpstr (mc_reception_dialog_get_page (run->dialog), ==, "components");
  activate (run->dialog, "reception.next");
  g_assert_cmpstr (mc_reception_dialog_get_page (run->dialog), ==, "review");
  check_appointment (run, vietnam_time (8, 9, 30));
  activate (run->dialog, "reception.receive");
  ui_test_wait_until (dialog_idle, run->dialog);
  g_assert_null (mc_reception_dialog_get_error_text (run->dialog));
  g_assert_cmpstr (mc_reception_dialog_get_page (run->dialog), ==, "done");
  g_assert_cmpuint (run->n_received, ==, 1);
  g_assert_nonnull (run->received_code);
  g_assert_true (g_str_has_prefix (run->received_code, OFFICE "-261208-"));
  g_assert_cmpstr (mc_reception_dialog_get_received_code (run->dialog), ==, run->received_code);
  save_screenshot ("ui-reception-6-done.png");
  check_stored (run, scan);

  activate (run->dialog, "reception.print-receipt");
  g_assert_cmpstr (run->print_kind, ==, "receipt");
  g_assert_cmpstr (run->print_code, ==, run->received_code);

  step_close_asks (run);
  check_stop (run, scan);

  gtk_window_destroy (GTK_WINDOW (parent));
  g_application_quit (app);

  return G_SOURCE_REMOVE;
}

static void
app_activate (GApplication *app,
              Run          *run)
{
  g_application_hold (app);
  g_idle_add (run_checks, run);
}

static void
test_reception (void)
{
  g_autofree char *workspace = g_build_filename (tmp_dir, "desk", NULL);
  g_autoptr(AdwApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  Run run = { 0 };

  run.desk = mc_desk_open (workspace, MC_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  set_up_desk (run.desk);
  g_assert_no_error (error);

  app = g_object_new (ADW_TYPE_APPLICATION,
                      "application-id", APP_ID ".TestReception",
                      "flags", G_APPLICATION_NON_UNIQUE,
                      "resource-base-path", "/io/github/motcua/Desk",
                      NULL);
  g_signal_connect (app, "activate", G_CALLBACK (app_activate), &run);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);

  mc_store_close (mc_desk_get_store (run.desk));
  g_clear_object (&run.desk);
  g_free (run.received_code);
  g_free (run.print_kind);
  g_free (run.print_code);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* Officers work in Vietnamese. The screen is drawn with cairo under
   * Xvfb; not opening GL keeps Mesa's own allocations out of leak reports. */
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  g_setenv ("LANGUAGE", "vi", TRUE);
  g_setenv ("LC_ALL", "vi_VN.UTF-8", TRUE);
  mc_core_init ();

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("motcua-reception-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/ui/reception", test_reception);
  status = g_test_run ();

  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", tmp_dir);

    if (system (command) != 0)
      g_printerr ("could not remove %s\n", tmp_dir);
  }
  g_free (tmp_dir);

  return status;
}
