/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The applicant form under Xvfb, typed into with real keys (xdotool), in
 * Vietnamese: a field's problem shows when the officer leaves the field,
 * not from the first digit; it goes as soon as the field is right; and
 * showing it moves none of the rows below (the rows under the pointer stay
 * where they were). A screenshot of the form with its errors is saved. */
#define G_LOG_DOMAIN "motcua-test"

#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "domain/citizen/mc-old-address.h"
#include "domain/calendar/mc-calendar.h"
#include "domain/mc-state.h"
#include "mc-action-form.h"
#include "mc-address-group.h"
#include "mc-applicant-form.h"
#include "mc-core.h"
#include "mc-reception-review.h"
#include "store/mc-desk-reference.h"
#include "ui-test-util.h"

#define SPLIT_ADDRESS "Thôn 3, Xã Tân Lập, Huyện Đan Phượng, Thành phố Hà Nội"
#define CURRENT_ADDRESS "Tổ 5, Phường Ba Đình, Thành phố Hà Nội"

static char *tmp_dir;


static GtkWidget *
child (McApplicantForm *form,
       const char      *name)
{
  GtkWidget *widget = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (form),
                                                                 MC_TYPE_APPLICANT_FORM, name));

  g_assert_nonnull (widget);
  return widget;
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static gboolean
has_focus (gpointer data)
{
  GtkWidget *widget = data;
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static gboolean
id_message_shown (gpointer data)
{
  return mc_applicant_form_get_id_message (data) != NULL;
}

static gboolean
label_has_text (gpointer data)
{
  return *gtk_label_get_label (data) != '\0';
}

static GtkWidget *reference;

/* Where a row is relative to the form's first row: scrolling the page to
 * the focused field moves both alike, a message pushing rows does not. */
static graphene_rect_t
bounds (GtkWidget *widget)
{
  graphene_rect_t rect;

  g_assert_true (gtk_widget_compute_bounds (widget, reference, &rect));
  return rect;
}

static void
assert_same_place (const graphene_rect_t *before,
                   GtkWidget             *widget)
{
  graphene_rect_t now = bounds (widget);

  g_test_message ("%s: y %g → %g, height %g → %g", gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)),
                  before->origin.y, now.origin.y, before->size.height, now.size.height);

  g_assert_cmpfloat_with_epsilon (now.origin.y, before->origin.y, 0.5);
  g_assert_cmpfloat_with_epsilon (now.size.height, before->size.height, 0.5);
}

static void
test_errors_on_leaving (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  McApplicantForm *form = g_object_new (MC_TYPE_APPLICANT_FORM, NULL);
  GtkWidget *id_row, *birth_row, *phone_row, *email_row, *id_label, *phone_label;
  graphene_rect_t birth_before, phone_before, email_before;

  gtk_window_set_default_size (window, 640, 1000);
  gtk_window_set_child (window, GTK_WIDGET (form));
  gtk_window_present (window);
  ui_test_wait_until (is_mapped, window);
  ui_test_focus_window (window);

  reference = child (form, "name_row");
  id_row = child (form, "id_row");
  birth_row = child (form, "birth_row");
  phone_row = child (form, "phone_row");
  email_row = child (form, "email_row");
  id_label = child (form, "id_message_label");
  phone_label = child (form, "phone_message_label");

  mc_applicant_form_set_field (form, "name", "Đặng Thị Hòa");
  gtk_widget_grab_focus (id_row);
  ui_test_wait_until (has_focus, id_row);
  birth_before = bounds (birth_row);
  phone_before = bounds (phone_row);
  email_before = bounds (email_row);

  /* Typing the first digits of an ID shows nothing yet. */
  ui_test_type (window, "0011");
  ui_test_wait_until (has_focus, id_row);
  {
    g_autofree char *typed = mc_applicant_form_dup_field (form, "id");

    g_assert_cmpstr (typed, ==, "0011");
  }
  g_assert_null (mc_applicant_form_get_id_message (form));
  g_assert_false (gtk_widget_has_css_class (id_row, "error"));
  g_assert_false (mc_applicant_form_is_valid (form));
  /* What blocks the next step asks for the number rather than scolding. */
  {
    g_autofree char *asked = g_strdup (mc_applicant_form_get_problem (form));

    ui_test_key (window, "Tab");
    ui_test_wait_until (id_message_shown, form);
    g_assert_cmpstr (mc_applicant_form_get_problem (form), !=, asked);
    g_assert_cmpstr (mc_applicant_form_get_problem (form), ==, mc_applicant_form_get_id_message (form));
  }

  /* Leaving the field showed the reason, inside the row. */
  g_assert_true (gtk_widget_has_css_class (id_row, "error"));
  g_assert_true (gtk_widget_is_ancestor (id_label, id_row));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (id_label), ==, mc_applicant_form_get_id_message (form));
  assert_same_place (&birth_before, birth_row);
  assert_same_place (&phone_before, phone_row);
  assert_same_place (&email_before, email_row);

  /* A wrong phone number: nothing while typing, the reason on leaving,
   * and still nothing moves. */
  gtk_widget_grab_focus (phone_row);
  ui_test_wait_until (has_focus, phone_row);
  ui_test_type (window, "09x");
  ui_test_wait_until (has_focus, phone_row);
  {
    g_autofree char *typed = mc_applicant_form_dup_field (form, "phone");

    g_assert_cmpstr (typed, ==, "09x");
  }
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (phone_label)), ==, "");
  ui_test_key (window, "Tab");
  ui_test_wait_until (label_has_text, phone_label);
  g_assert_true (gtk_widget_has_css_class (phone_row, "error"));
  assert_same_place (&email_before, email_row);
  ui_test_screenshot ("forms-errors-on-leaving.png");

  /* Completed to a right number, the ID's error goes at once, before
   * the field is left. */
  gtk_widget_grab_focus (id_row);
  ui_test_wait_until (has_focus, id_row);
  g_assert_true (gtk_widget_has_css_class (id_row, "error"));
  ui_test_key (window, "End");
  ui_test_type (window, "99012345");
  ui_test_wait_until (has_focus, id_row);
  {
    g_autofree char *typed = mc_applicant_form_dup_field (form, "id");

    g_assert_cmpstr (typed, ==, "001199012345");
  }
  g_assert_false (gtk_widget_has_css_class (id_row, "error"));
  g_assert_false (gtk_widget_has_css_class (id_label, "error"));
  assert_same_place (&birth_before, birth_row);

  gtk_window_destroy (window);
}

static gboolean
has_candidates (gpointer data)
{
  g_auto(GStrv) candidates = mc_address_group_dup_candidates (data);

  return candidates[0] != NULL;
}

static gboolean
has_no_candidates (gpointer data)
{
  return !has_candidates (data);
}

/* An old three-level address typed by hand (after 1/7/2025 every
 * address should name the units in force) gets the same old→new
 * suggestion as a card's once the field is left; the typed words stay
 * until a new unit is picked, and the form is not blocked. */
static void
test_typed_old_address (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McAddressMapping) expected = NULL;
  McAddressMapper *mapper = NULL;
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  McApplicantForm *form = g_object_new (MC_TYPE_APPLICANT_FORM, NULL);
  McAddressGroup *group;
  GtkWidget *address_row;
  g_auto(GStrv) candidates = NULL;
  g_autofree char *text = NULL;

  mapper = mc_address_mapper_load_shipped (&error);
  g_assert_no_error (error);
  expected = mc_address_mapper_map (mapper, SPLIT_ADDRESS);
  g_assert_cmpint (expected->candidates->len, >, 0);
  {
    g_autoptr(McAddressMapping) current = mc_address_mapper_map (mapper, CURRENT_ADDRESS);

    g_assert_cmpstr (mc_address_match_to_string (current->match), ==, "current");
  }
  mc_applicant_form_set_mapper (form, mapper);

  gtk_window_set_default_size (window, 640, 1000);
  gtk_window_set_child (window, GTK_WIDGET (form));
  gtk_window_present (window);
  ui_test_wait_until (is_mapped, window);
  ui_test_focus_window (window);

  group = MC_ADDRESS_GROUP (child (form, "address_group"));
  address_row = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (group), MC_TYPE_ADDRESS_GROUP,
                                                           "address_row"));
  gtk_widget_grab_focus (address_row);
  ui_test_wait_until (has_focus, address_row);
  gtk_editable_set_text (GTK_EDITABLE (address_row), SPLIT_ADDRESS);
  /* Nothing is offered while the officer is still typing. */
  g_assert_false (has_candidates (group));

  ui_test_key (window, "Tab");
  ui_test_wait_until (has_candidates, group);
  candidates = mc_address_group_dup_candidates (group);
  g_assert_cmpuint (g_strv_length (candidates), ==, expected->candidates->len);
  for (guint i = 0; i < expected->candidates->len; i++)
    g_assert_cmpstr (candidates[i], ==, ((McAddressCandidate *) g_ptr_array_index (expected->candidates, i))->address);
  g_assert_cmpstr (mc_address_group_get_message (group), ==, expected->reason);
  text = mc_address_group_dup_text (group);
  g_assert_cmpstr (text, ==, SPLIT_ADDRESS);
  g_assert_false (mc_address_group_needs_choice (group));
  ui_test_screenshot ("forms-typed-old-address.png");

  /* Picking one puts it in the field. */
  g_assert_true (mc_address_group_pick_candidate (group, 0));
  g_clear_pointer (&text, g_free);
  text = mc_address_group_dup_text (group);
  g_assert_cmpstr (text, ==, candidates[0]);

  /* An address in the units in force gets no suggestion. */
  gtk_widget_grab_focus (address_row);
  ui_test_wait_until (has_focus, address_row);
  gtk_editable_set_text (GTK_EDITABLE (address_row), CURRENT_ADDRESS);
  ui_test_key (window, "Tab");
  ui_test_wait_until (has_no_candidates, group);
  g_assert_false (has_focus (address_row));
  g_assert_null (mc_address_group_get_message (group));

  gtk_window_destroy (window);
}

static gint64
vn_time (int y, int m, int d, int h, int mi)
{
  g_autoptr(GDateTime) dt = g_date_time_new (mc_vietnam_time_zone (), y, m, d, h, mi, 0);

  return g_date_time_to_unix (dt);
}

static gint64
parse_shown (const char *text)
{
  int d, m, y, h, mi;

  g_assert_nonnull (text);
  g_assert_cmpint (sscanf (text, "%d/%d/%d %d:%d", &d, &m, &y, &h, &mi), ==, 5);
  return vn_time (y, m, d, h, mi);
}

/* The apology's new appointment is proposed from the missed appointment
 * or from now, whichever is later, in working days: never in the past,
 * never on a day off; a past date typed by hand is refused. */
static void
test_apology_date (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (g_getenv ("MOTCUA_SOURCE_DIR"), "data", "holidays", NULL);
  g_autoptr(McCalendar) calendar = mc_calendar_load_sync (dir, NULL, &error);
  McWorkflowAction action = { 0 };
  /* Friday 4 December 2026, 10:00: the desk's "now". */
  gint64 now = vn_time (2026, 12, 4, 10, 0);
  struct {
    gint64 due;
    gint64 expected_from;
  } cases[] = {
    { vn_time (2026, 11, 2, 16, 0), 0 },      /* missed a month ago: from now */
    { vn_time (2026, 12, 9, 16, 0), 0 },      /* not yet missed: from the appointment */
  };

  g_assert_no_error (error);
  cases[0].expected_from = now;
  cases[1].expected_from = cases[1].due;
  action.id = (char *) "apologise";
  action.needs_reason = TRUE;
  action.new_appointment = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      McActionForm *form = g_object_ref_sink (mc_action_form_new (&action, cases[i].due));
      gint64 proposed, expected;
      g_autoptr(GDateTime) day = NULL;

      mc_action_form_set_calendar (form, calendar, now);
      proposed = parse_shown (mc_action_form_get_proposed_appointment (form));
      expected = mc_calendar_add_working_days (calendar, cases[i].expected_from, 3, NULL);
      /* Shown to the minute. */
      g_assert_cmpint (proposed, ==, expected - expected % 60);
      g_assert_cmpint (proposed, >, now);
      g_assert_cmpint (proposed, >, cases[i].due);
      day = mc_vietnam_from_unix (proposed);
      {
        g_autoptr(GDate) date = g_date_new_dmy (g_date_time_get_day_of_month (day),
                                                g_date_time_get_month (day),
                                                g_date_time_get_year (day));

        g_assert_true (mc_calendar_is_working_day (calendar, date));
      }

      /* A date in the past is not accepted, even after a long-missed one. */
      mc_action_form_set_reason (form, "Chờ kết quả xác minh");
      mc_action_form_set_text (form, "appointment", "03/12/2026 16:00");
      g_assert_false (mc_action_form_is_valid (form));
      mc_action_form_set_text (form, "appointment", mc_action_form_get_proposed_appointment (form));
      g_assert_true (mc_action_form_is_valid (form));
      g_object_unref (form);
    }
}

/* The review reads in the order things happen: received, then the
 * appointment. */
static void
test_review_order (void)
{
  GtkWidget *review = g_object_ref_sink (g_object_new (MC_TYPE_RECEPTION_REVIEW, NULL));
  GtkWidget *received = GTK_WIDGET (gtk_widget_get_template_child (review, MC_TYPE_RECEPTION_REVIEW, "received_row"));
  GtkWidget *appointment = GTK_WIDGET (gtk_widget_get_template_child (review, MC_TYPE_RECEPTION_REVIEW,
                                                                      "appointment_row"));
  gboolean appointment_after = FALSE;

  g_assert_nonnull (received);
  g_assert_nonnull (appointment);
  g_assert_true (gtk_widget_get_parent (received) == gtk_widget_get_parent (appointment));
  for (GtkWidget *w = gtk_widget_get_next_sibling (received); w != NULL; w = gtk_widget_get_next_sibling (w))
    if (w == appointment)
      appointment_after = TRUE;
  g_assert_true (appointment_after);
  g_object_unref (review);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  g_setenv ("LANGUAGE", "vi", TRUE);
  g_setenv ("LC_ALL", "vi_VN.UTF-8", TRUE);
  setlocale (LC_ALL, "");
  mc_core_init ();

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  tmp_dir = g_dir_make_tmp ("motcua-forms-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);

  g_test_add_func ("/forms/errors-on-leaving", test_errors_on_leaving);
  g_test_add_func ("/forms/typed-old-address", test_typed_old_address);
  g_test_add_func ("/forms/apology-date", test_apology_date);
  g_test_add_func ("/forms/review-order", test_review_order);

  status = g_test_run ();
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", tmp_dir);

    if (system (command) != 0)
      g_printerr ("could not remove %s\n", tmp_dir);
  }
  g_free (tmp_dir);
  return status;
}
