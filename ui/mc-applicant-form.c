/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The applicant form of the reception dialog. Every dossier is tied to the
 * applicant's personal ID number, so the number is checked on every
 * keystroke against the date of birth and sex beside it, and the precise
 * reason (which digits, which province) is shown under the field: the
 * official can read it to the citizen. The chip card's QR code (typed in by
 * a USB scanner, or read from a photo in a worker) fills everything at once;
 * its old address goes to McAddressGroup, and the form is not complete
 * while a choice of new commune is pending there. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "digitise/mc-qr-reader.h"
#include "domain/citizen/mc-cccd-qr.h"
#include "domain/citizen/mc-personal-id.h"
#include "mc-address-group.h"
#include "domain/mc-applicant-checks.h"
#include "mc-applicant-form.h"

struct _McApplicantForm
{
  GtkWidget parent_instance;

  GCancellable *cancellable;
  char *problem;
  char *qr_message;
  gboolean valid;
  gboolean busy;
  gboolean filling;

  GtkWidget *page;
  AdwEntryRow *qr_row;
  GtkButton *qr_image_button;
  GtkSpinner *qr_spinner;
  AdwPreferencesRow *qr_message_row;
  GtkLabel *qr_message_label;
  AdwEntryRow *name_row;
  AdwEntryRow *id_row;
  GtkLabel *id_message_label;
  AdwEntryRow *birth_row;
  GtkLabel *birth_message_label;
  GtkToggleButton *male_button;
  GtkToggleButton *female_button;
  AdwEntryRow *phone_row;
  AdwEntryRow *email_row;
  GtkLabel *phone_message_label;
  GtkLabel *email_message_label;
  McAddressGroup *address_group;

  /* Fields whose problems are shown: set when the officer leaves the field
   * (or it is filled for them), cleared once the field is right. */
  guint revealed;
};

enum {
  FIELD_ID = 1 << 0,
  FIELD_BIRTH = 1 << 1,
  FIELD_PHONE = 1 << 2,
  FIELD_EMAIL = 1 << 3,
  FIELD_ALL = FIELD_ID | FIELD_BIRTH | FIELD_PHONE | FIELD_EMAIL,
};

G_DEFINE_FINAL_TYPE (McApplicantForm, mc_applicant_form, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_VALID,
  PROP_BUSY,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static char *
entry_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* "001 190 012 345" as people copy it from the card is the number too. */
static char *
id_text (McApplicantForm *self)
{
  g_autofree char *text = entry_text (self->id_row);
  GString *digits = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (*p != ' ' && *p != '.' && *p != '-')
      g_string_append_c (digits, *p);

  return g_string_free (digits, FALSE);
}

static McSex
current_sex (McApplicantForm *self)
{
  if (gtk_toggle_button_get_active (self->male_button))
    return MC_SEX_MALE;
  if (gtk_toggle_button_get_active (self->female_button))
    return MC_SEX_FEMALE;
  return MC_SEX_UNKNOWN;
}

static void
show_message (AdwPreferencesRow *row,
              GtkLabel          *label,
              const char        *message,
              gboolean           is_error)
{
  gtk_label_set_label (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (row), message != NULL && *message != '\0');
  if (is_error)
    {
      gtk_widget_add_css_class (GTK_WIDGET (label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
    }
}

/* A field's message sits inside its row, on the row's one line (the whole
 * text in its tooltip and accessible description). The label is always
 * there, empty when there is nothing to say, so the row keeps its height
 * and showing a message never moves the rows below. */
static void
show_field_message (AdwEntryRow *row,
                    GtkLabel    *label,
                    const char  *message,
                    gboolean     is_error)
{
  gboolean shown = message != NULL && *message != '\0';

  gtk_label_set_label (label, shown ? message : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), shown ? message : NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  shown ? message : "", -1);
  if (shown && is_error)
    {
      gtk_widget_add_css_class (GTK_WIDGET (label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
    }
}

static void
mark_row (AdwEntryRow *row,
          gboolean     bad)
{
  if (bad)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

/* A problem is hidden until its field has been left; once right, the
 * field's message goes at once. */
static const char *
revealed_problem (McApplicantForm *self,
                  guint            field,
                  const char      *problem)
{
  if (problem == NULL)
    self->revealed &= ~field;
  return (self->revealed & field) != 0 ? problem : NULL;
}

static void
set_problem (McApplicantForm *self,
             char            *problem)
{
  gboolean valid = problem == NULL;

  g_free (self->problem);
  self->problem = problem;
  if (self->valid != valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }
}

/* Checks every field; the first problem in the order of the form is what
 * blocks the next step. */
static void
validate (McApplicantForm *self)
{
  g_autofree char *name = entry_text (self->name_row);
  g_autofree char *id = id_text (self);
  g_autofree char *birth = entry_text (self->birth_row);
  g_autofree char *phone = entry_text (self->phone_row);
  g_autofree char *email = entry_text (self->email_row);
  g_autofree char *birth_problem = NULL;
  g_autofree char *id_problem = NULL;
  g_autofree char *id_info = NULL;
  g_autofree char *contact_problem = NULL;
  g_autofree char *phone_problem = NULL;
  g_autofree char *email_problem = NULL;
  const char *shown;
  g_autoptr(GError) error = NULL;
  McPersonalIdInfo info;
  McCardDate date = { 0 };
  gboolean birth_ok = FALSE;
  McSex sex = current_sex (self);
  char *problem = NULL;

  if (*birth != '\0')
    birth_ok = mc_applicant_parse_birth (birth, &date, &birth_problem);

  if (*id == '\0')
    ;
  else if (!mc_personal_id_validate (id, birth_ok ? date.year : 0, sex, &info, &error))
    id_problem = g_strdup (error->message);
  else if (info.place_unlisted)
    id_info = g_strdup (info.warning);  /* a warning with its reason, not a refusal */
  else
    /* TRANSLATORS: %s is a province, e.g. "Hà Nội" */
    id_info = g_strdup_printf (_("Birth registered in %s."), info.province_name);

  phone_problem = mc_applicant_contact_problem (phone, NULL);
  email_problem = mc_applicant_contact_problem (NULL, email);
  contact_problem = mc_applicant_contact_problem (phone, email);

  shown = revealed_problem (self, FIELD_ID, id_problem);
  show_field_message (self->id_row, self->id_message_label, shown != NULL ? shown : id_info, shown != NULL);
  mark_row (self->id_row, shown != NULL);
  shown = revealed_problem (self, FIELD_BIRTH, birth_problem);
  show_field_message (self->birth_row, self->birth_message_label, shown, TRUE);
  mark_row (self->birth_row, shown != NULL);
  shown = revealed_problem (self, FIELD_PHONE, phone_problem);
  show_field_message (self->phone_row, self->phone_message_label, shown, TRUE);
  mark_row (self->phone_row, shown != NULL);
  shown = revealed_problem (self, FIELD_EMAIL, email_problem);
  show_field_message (self->email_row, self->email_message_label, shown, TRUE);
  mark_row (self->email_row, shown != NULL);

  if (*name == '\0')
    problem = g_strdup (_("Type the applicant's full name."));
  /* A field still being typed is asked for, not scolded. */
  else if (*id == '\0' || (id_problem != NULL && !(self->revealed & FIELD_ID)))
    problem = g_strdup (_("Type the 12-digit personal ID number from the card."));
  else if (id_problem != NULL)
    problem = g_steal_pointer (&id_problem);
  else if (*birth == '\0' || (birth_problem != NULL && !(self->revealed & FIELD_BIRTH)))
    problem = g_strdup (_("Type the date of birth."));
  else if (birth_problem != NULL)
    problem = g_steal_pointer (&birth_problem);
  else if (sex == MC_SEX_UNKNOWN)
    problem = g_strdup (_("Choose the applicant's sex."));
  else if (mc_address_group_needs_choice (self->address_group))
    problem = g_strdup (_("Several communes in force match the card's address: pick the citizen's commune under Address, or correct the address by hand."));
  else if (contact_problem != NULL)
    problem = g_steal_pointer (&contact_problem);

  set_problem (self, problem);
}

static void
field_changed (McApplicantForm *self)
{
  validate (self);
  if (!self->filling)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
sex_toggled (McApplicantForm *self)
{
  field_changed (self);
}

static void
set_busy (McApplicantForm *self,
          gboolean         busy)
{
  if (self->busy == busy)
    return;

  self->busy = busy;
  gtk_spinner_set_spinning (self->qr_spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->qr_spinner), busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->qr_image_button), !busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
set_qr_message (McApplicantForm *self,
                const char      *message,
                gboolean         is_error)
{
  g_free (self->qr_message);
  self->qr_message = g_strdup (message);
  show_message (self->qr_message_row, self->qr_message_label, message, is_error);
  mark_row (self->qr_row, is_error && message != NULL);
}

static void
fill_from_card (McApplicantForm *self,
                const McCccdQr  *qr)
{
  g_autofree char *birth = mc_card_date_to_display (&qr->birth_date);
  g_autofree char *message = NULL;

  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), qr->full_name);
  gtk_editable_set_text (GTK_EDITABLE (self->id_row), qr->id_number);
  gtk_editable_set_text (GTK_EDITABLE (self->birth_row), birth);
  gtk_toggle_button_set_active (self->male_button, qr->sex == MC_SEX_MALE);
  gtk_toggle_button_set_active (self->female_button, qr->sex == MC_SEX_FEMALE);
  mc_address_group_set_card_address (self->address_group, qr->address);
  /* What the scanner typed has done its work. */
  gtk_editable_set_text (GTK_EDITABLE (self->qr_row), "");
  self->filling = FALSE;

  message = g_strdup_printf (_("Filled in from the card of %s. Check each field with the citizen."), qr->full_name);
  set_qr_message (self, message, FALSE);
  /* Filled for the officer: whatever is wrong on the card shows now. */
  self->revealed |= FIELD_ALL;
  validate (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * mc_applicant_form_set_qr_text:
 * @self: a form
 * @text: the text of a chip card's QR code
 *
 * Fills the form from @text, or shows why it cannot.
 *
 * Returns: %TRUE when the form was filled
 */
gboolean
mc_applicant_form_set_qr_text (McApplicantForm *self,
                               const char      *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McCccdQr) qr = NULL;

  g_return_val_if_fail (MC_IS_APPLICANT_FORM (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  qr = mc_cccd_qr_parse (text, &error);
  if (qr == NULL)
    {
      set_qr_message (self, error->message, TRUE);
      return FALSE;
    }

  fill_from_card (self, qr);

  return TRUE;
}

static void
qr_entered (McApplicantForm *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->qr_row));

  mc_applicant_form_set_qr_text (self, text);
}

static void
qr_image_read (GObject      *source,
               GAsyncResult *res,
               gpointer      user_data)
{
  g_autoptr(McApplicantForm) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) texts = mc_qr_read_image_finish (res, &error);
  g_autoptr(GError) first_error = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);

  if (texts == NULL)
    {
      set_qr_message (self, error->message, TRUE);
      return;
    }

  /* A photo may hold other codes too; the first card code wins. */
  for (guint i = 0; texts[i] != NULL; i++)
    {
      g_autoptr(GError) parse_error = NULL;
      g_autoptr(McCccdQr) qr = mc_cccd_qr_parse (texts[i], &parse_error);

      if (qr != NULL)
        {
          fill_from_card (self, qr);
          return;
        }
      if (first_error == NULL)
        first_error = g_steal_pointer (&parse_error);
    }

  set_qr_message (self, first_error != NULL ? first_error->message : _("The image holds no QR code."), TRUE);
}

/**
 * mc_applicant_form_read_qr_image:
 * @self: a form
 * @path: a photo or scan of the card
 *
 * Reads the QR code in a worker thread, then fills the form from it.
 */
void
mc_applicant_form_read_qr_image (McApplicantForm *self,
                                 const char      *path)
{
  g_return_if_fail (MC_IS_APPLICANT_FORM (self));
  g_return_if_fail (path != NULL);

  set_busy (self, TRUE);
  set_qr_message (self, _("Reading the QR code…"), FALSE);
  mc_qr_read_image_async (path, self->cancellable, qr_image_read, g_object_ref (self));
}

static void
qr_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     McApplicantForm *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        mc_applicant_form_read_qr_image (self, path);
    }
  g_object_unref (chooser);
}

static void
choose_qr_image (McApplicantForm *self)
{
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self)));
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Read the QR Code of a Card"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Read"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Images"));
  gtk_file_filter_add_mime_type (filter, "image/*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (qr_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/**
 * mc_applicant_form_set_mapper:
 * @self: a form
 * @mapper: (transfer full) (nullable): the units for old addresses
 */
void
mc_applicant_form_set_mapper (McApplicantForm *self,
                              McAddressMapper *mapper)
{
  g_return_if_fail (MC_IS_APPLICANT_FORM (self));

  mc_address_group_set_mapper (self->address_group, mapper);
}

gboolean
mc_applicant_form_is_valid (McApplicantForm *self)
{
  g_return_val_if_fail (MC_IS_APPLICANT_FORM (self), FALSE);

  return self->valid;
}

/**
 * mc_applicant_form_get_problem:
 * @self: a form
 *
 * Returns: (nullable): what must be fixed before going on, or %NULL
 */
const char *
mc_applicant_form_get_problem (McApplicantForm *self)
{
  g_return_val_if_fail (MC_IS_APPLICANT_FORM (self), NULL);

  return self->problem;
}

gboolean
mc_applicant_form_get_busy (McApplicantForm *self)
{
  g_return_val_if_fail (MC_IS_APPLICANT_FORM (self), FALSE);

  return self->busy;
}

static AdwEntryRow *
field_row (McApplicantForm *self,
           const char      *field)
{
  if (g_str_equal (field, "name"))
    return self->name_row;
  if (g_str_equal (field, "id"))
    return self->id_row;
  if (g_str_equal (field, "birth"))
    return self->birth_row;
  if (g_str_equal (field, "phone"))
    return self->phone_row;
  if (g_str_equal (field, "email"))
    return self->email_row;
  if (g_str_equal (field, "qr"))
    return self->qr_row;
  return NULL;
}

static guint
field_flag (const char *field)
{
  if (g_str_equal (field, "id"))
    return FIELD_ID;
  if (g_str_equal (field, "birth"))
    return FIELD_BIRTH;
  if (g_str_equal (field, "phone"))
    return FIELD_PHONE;
  if (g_str_equal (field, "email"))
    return FIELD_EMAIL;
  return 0;
}

static void
field_left (GtkEventControllerFocus *controller,
            McApplicantForm         *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  self->revealed |= GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "mc-field"));
  validate (self);
}

static void
watch_leaving (McApplicantForm *self,
               AdwEntryRow     *row,
               guint            field)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_object_set_data (G_OBJECT (row), "mc-field", GUINT_TO_POINTER (field));
  g_signal_connect (focus, "leave", G_CALLBACK (field_left), self);
  gtk_widget_add_controller (GTK_WIDGET (row), focus);
}

/**
 * mc_applicant_form_set_field:
 * @self: a form
 * @field: "name", "id", "birth", "sex", "phone", "email" or "address"
 * @text: what to type; for "sex", "Nam", "Nữ" or ""
 *
 * Types into a field as the officer would (for tests and automation).
 */
void
mc_applicant_form_set_field (McApplicantForm *self,
                             const char      *field,
                             const char      *text)
{
  AdwEntryRow *row;

  g_return_if_fail (MC_IS_APPLICANT_FORM (self));
  g_return_if_fail (field != NULL && text != NULL);

  if (g_str_equal (field, "sex"))
    {
      McSex sex = *text != '\0' ? mc_sex_from_string (text) : MC_SEX_UNKNOWN;

      gtk_toggle_button_set_active (self->male_button, sex == MC_SEX_MALE);
      gtk_toggle_button_set_active (self->female_button, sex == MC_SEX_FEMALE);
      return;
    }

  if (g_str_equal (field, "address"))
    {
      mc_address_group_set_text (self->address_group, text);
      return;
    }

  row = field_row (self, field);
  g_return_if_fail (row != NULL);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  /* Typed and left: its problems show. */
  self->revealed |= field_flag (field);
  validate (self);
}

/**
 * mc_applicant_form_dup_field:
 * @self: a form
 * @field: as for mc_applicant_form_set_field()
 *
 * Returns: (transfer full): the field's text as the store will get it
 *   (trimmed; the date of birth as YYYY-MM-DD when valid)
 */
char *
mc_applicant_form_dup_field (McApplicantForm *self,
                             const char      *field)
{
  AdwEntryRow *row;

  g_return_val_if_fail (MC_IS_APPLICANT_FORM (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  if (g_str_equal (field, "sex"))
    return g_strdup (mc_sex_to_card_string (current_sex (self)));
  if (g_str_equal (field, "id"))
    return id_text (self);
  if (g_str_equal (field, "birth"))
    {
      g_autofree char *text = entry_text (self->birth_row);
      g_autofree char *problem = NULL;
      McCardDate date;

      if (*text != '\0' && mc_applicant_parse_birth (text, &date, NULL))
        return mc_card_date_to_iso (&date);
      return g_steal_pointer (&text);
    }

  if (g_str_equal (field, "address"))
    return mc_address_group_dup_text (self->address_group);

  row = field_row (self, field);
  g_return_val_if_fail (row != NULL, NULL);

  return entry_text (row);
}

const char *
mc_applicant_form_get_id_message (McApplicantForm *self)
{
  g_return_val_if_fail (MC_IS_APPLICANT_FORM (self), NULL);

  return *gtk_label_get_label (self->id_message_label) != '\0'
    ? gtk_label_get_label (self->id_message_label) : NULL;
}

const char *
mc_applicant_form_get_qr_message (McApplicantForm *self)
{
  g_return_val_if_fail (MC_IS_APPLICANT_FORM (self), NULL);

  return self->qr_message;
}

const char *
mc_applicant_form_get_address_message (McApplicantForm *self)
{
  g_return_val_if_fail (MC_IS_APPLICANT_FORM (self), NULL);

  return mc_address_group_get_message (self->address_group);
}

/**
 * mc_applicant_form_dup_address_candidates:
 * @self: a form
 *
 * Returns: (transfer full): the new addresses offered for the card's old
 *   address, in the order shown (empty when none)
 */
GStrv
mc_applicant_form_dup_address_candidates (McApplicantForm *self)
{
  g_return_val_if_fail (MC_IS_APPLICANT_FORM (self), NULL);

  return mc_address_group_dup_candidates (self->address_group);
}

gboolean
mc_applicant_form_pick_address_candidate (McApplicantForm *self,
                                          guint            index)
{
  g_return_val_if_fail (MC_IS_APPLICANT_FORM (self), FALSE);

  return mc_address_group_pick_candidate (self->address_group, index);
}

/**
 * mc_applicant_form_fill_reception:
 * @self: a valid form
 * @reception: where to put the applicant
 */
void
mc_applicant_form_fill_reception (McApplicantForm *self,
                                  McReception     *reception)
{
  g_return_if_fail (MC_IS_APPLICANT_FORM (self));
  g_return_if_fail (reception != NULL);

  g_free (reception->applicant_name);
  reception->applicant_name = mc_applicant_form_dup_field (self, "name");
  g_free (reception->applicant_id);
  reception->applicant_id = mc_applicant_form_dup_field (self, "id");
  g_free (reception->applicant_birth);
  reception->applicant_birth = mc_applicant_form_dup_field (self, "birth");
  g_free (reception->applicant_sex);
  reception->applicant_sex = mc_applicant_form_dup_field (self, "sex");
  g_free (reception->applicant_phone);
  reception->applicant_phone = mc_applicant_form_dup_field (self, "phone");
  g_free (reception->applicant_email);
  reception->applicant_email = mc_applicant_form_dup_field (self, "email");
  g_free (reception->applicant_address);
  reception->applicant_address = mc_applicant_form_dup_field (self, "address");
}

gboolean
mc_applicant_form_is_empty (McApplicantForm *self)
{
  const char *fields[] = { "name", "id", "birth", "phone", "email", "qr" };
  g_autofree char *address = NULL;

  g_return_val_if_fail (MC_IS_APPLICANT_FORM (self), TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (*gtk_editable_get_text (GTK_EDITABLE (field_row (self, fields[i]))) != '\0')
      return FALSE;
  address = mc_address_group_dup_text (self->address_group);
  if (*address != '\0')
    return FALSE;

  return current_sex (self) == MC_SEX_UNKNOWN;
}

/**
 * mc_applicant_form_reset:
 * @self: a form
 *
 * Empties the form for the next applicant.
 */
void
mc_applicant_form_reset (McApplicantForm *self)
{
  const char *fields[] = { "name", "id", "birth", "phone", "email", "qr" };

  g_return_if_fail (MC_IS_APPLICANT_FORM (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_busy (self, FALSE);

  self->filling = TRUE;
  self->revealed = 0;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    gtk_editable_set_text (GTK_EDITABLE (field_row (self, fields[i])), "");
  gtk_toggle_button_set_active (self->male_button, FALSE);
  gtk_toggle_button_set_active (self->female_button, FALSE);
  mc_address_group_reset (self->address_group);
  set_qr_message (self, NULL, FALSE);
  self->filling = FALSE;
  validate (self);
}

void
mc_applicant_form_focus (McApplicantForm *self)
{
  g_return_if_fail (MC_IS_APPLICANT_FORM (self));

  /* An empty form waits for the scanner; a filled one for corrections. */
  if (mc_applicant_form_is_empty (self))
    gtk_widget_grab_focus (GTK_WIDGET (self->qr_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
mc_applicant_form_dispose (GObject *object)
{
  McApplicantForm *self = MC_APPLICANT_FORM (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), MC_TYPE_APPLICANT_FORM);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (mc_applicant_form_parent_class)->dispose (object);
}

static void
mc_applicant_form_finalize (GObject *object)
{
  McApplicantForm *self = MC_APPLICANT_FORM (object);

  g_free (self->problem);
  g_free (self->qr_message);

  G_OBJECT_CLASS (mc_applicant_form_parent_class)->finalize (object);
}

static void
mc_applicant_form_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  McApplicantForm *self = MC_APPLICANT_FORM (object);

  switch (prop_id)
    {
    case PROP_VALID: g_value_set_boolean (value, self->valid); break;
    case PROP_BUSY: g_value_set_boolean (value, self->busy); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_applicant_form_class_init (McApplicantFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_applicant_form_dispose;
  object_class->finalize = mc_applicant_form_finalize;
  object_class->get_property = mc_applicant_form_get_property;

  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * McApplicantForm::changed:
   *
   * The officer changed something in the form.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (MC_TYPE_ADDRESS_GROUP);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/motcua/Desk/mc-applicant-form.ui");
  gtk_widget_class_bind_template_child (widget_class, McApplicantForm, page);
  gtk_widget_class_bind_template_child (widget_class, McApplicantForm, qr_row);
  gtk_widget_class_bind_template_child (widget_class, McApplicantForm, qr_image_button);
  gtk_widget_class_bind_template_child (widget_class, McApplicantForm, qr_spinner);
  gtk_widget_class_bind_template_child (widget_class, McApplicantForm, qr_message_row);
  gtk_widget_class_bind_template_child (widget_class, McApplicantForm, qr_message_label);
  gtk_widget_class_bind_template_child (widget_class, McApplicantForm, name_row);
  gtk_widget_class_bind_template_child (widget_class, McApplicantForm, id_row);
  gtk_widget_class_bind_template_child (widget_class, McApplicantForm, id_message_label);
  gtk_widget_class_bind_template_child (widget_class, McApplicantForm, birth_row);
  gtk_widget_class_bind_template_child (widget_class, McApplicantForm, birth_message_label);
  gtk_widget_class_bind_template_child (widget_class, McApplicantForm, male_button);
  gtk_widget_class_bind_template_child (widget_class, McApplicantForm, female_button);
  gtk_widget_class_bind_template_child (widget_class, McApplicantForm, phone_row);
  gtk_widget_class_bind_template_child (widget_class, McApplicantForm, email_row);
  gtk_widget_class_bind_template_child (widget_class, McApplicantForm, phone_message_label);
  gtk_widget_class_bind_template_child (widget_class, McApplicantForm, email_message_label);
  gtk_widget_class_bind_template_child (widget_class, McApplicantForm, address_group);
  gtk_widget_class_bind_template_callback (widget_class, field_changed);
  gtk_widget_class_bind_template_callback (widget_class, sex_toggled);
  gtk_widget_class_bind_template_callback (widget_class, qr_entered);
  gtk_widget_class_bind_template_callback (widget_class, choose_qr_image);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
mc_applicant_form_init (McApplicantForm *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  watch_leaving (self, self->id_row, FIELD_ID);
  watch_leaving (self, self->birth_row, FIELD_BIRTH);
  watch_leaving (self, self->phone_row, FIELD_PHONE);
  watch_leaving (self, self->email_row, FIELD_EMAIL);
  validate (self);
}
