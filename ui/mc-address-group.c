/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The address part of the applicant form. Cards issued before 1 July 2025
 * carry the old commune, district and province; the mapper turns them into
 * the units in force. One new commune fills the field, with the reason
 * shown so the official confirms it with the citizen; when the old commune
 * was split (or its name is not unique) every candidate is listed with a
 * radio button and the card's words stay until the official picks one:
 * the desk never guesses where a citizen lives. Mapping runs in memory on
 * units read once in a worker, so it is quick enough for the main loop. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-address-group.h"

struct _McAddressGroup
{
  AdwPreferencesGroup parent_instance;

  McAddressMapper *mapper;
  GPtrArray *candidates;      /* of char *: new addresses offered */
  GPtrArray *candidate_rows;  /* of AdwActionRow, parallel to candidates */
  char *message;
  char *card_address;
  char *suggested_for;        /* the typed address last offered new units */

  AdwEntryRow *address_row;
  AdwPreferencesRow *message_row;
  GtkLabel *message_label;
};

G_DEFINE_FINAL_TYPE (McAddressGroup, mc_address_group, ADW_TYPE_PREFERENCES_GROUP)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_message (McAddressGroup *self,
             const char     *message,
             gboolean        needs_choice)
{
  g_free (self->message);
  self->message = g_strdup (message);
  gtk_label_set_label (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_row), message != NULL);
  if (needs_choice)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "warning");
}

static void
clear_candidates (McAddressGroup *self)
{
  for (guint i = 0; i < self->candidate_rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), g_ptr_array_index (self->candidate_rows, i));
  g_ptr_array_set_size (self->candidate_rows, 0);
  g_ptr_array_set_size (self->candidates, 0);
}

static void
candidate_toggled (GtkCheckButton *check,
                   McAddressGroup *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "candidate-index"));

  if (gtk_check_button_get_active (check) && index < self->candidates->len)
    gtk_editable_set_text (GTK_EDITABLE (self->address_row), g_ptr_array_index (self->candidates, index));
}

static GtkCheckButton *
candidate_check (McAddressGroup *self,
                 guint           index)
{
  return g_object_get_data (g_ptr_array_index (self->candidate_rows, index), "check");
}

/* Each candidate is a row from a small template. */
static void
add_candidate (McAddressGroup           *self,
               const McAddressCandidate *candidate)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/motcua/Desk/mc-address-choice-row.ui");
  AdwActionRow *row = ADW_ACTION_ROW (gtk_builder_get_object (builder, "row"));
  GtkCheckButton *check = GTK_CHECK_BUTTON (gtk_builder_get_object (builder, "check"));
  g_autofree char *subtitle = NULL;

  if (candidate->old_commune != NULL)
    /* TRANSLATORS: the new commune, its province, and the old commune it comes from */
    subtitle = g_strdup_printf (_("%s, %s — from %s"), candidate->commune->name,
                                candidate->commune->province_name, candidate->old_commune->name);
  else
    subtitle = g_strdup_printf ("%s, %s", candidate->commune->name, candidate->commune->province_name);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), candidate->address);
  adw_action_row_set_subtitle (row, subtitle);
  if (self->candidate_rows->len > 0)
    gtk_check_button_set_group (check, candidate_check (self, 0));
  g_object_set_data (G_OBJECT (check), "candidate-index", GUINT_TO_POINTER (self->candidates->len));
  g_object_set_data (G_OBJECT (row), "check", check);
  g_signal_connect (check, "toggled", G_CALLBACK (candidate_toggled), self);

  g_ptr_array_add (self->candidates, g_strdup (candidate->address));
  g_ptr_array_add (self->candidate_rows, row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (row));
}

static void
text_changed (McAddressGroup *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

/* An address typed by hand in the old three levels ("…, huyện …, tỉnh
 * …") gets the same old→new suggestion as a card's, once the officer
 * leaves the field: the new units are offered to pick, the typed words
 * stay until one is picked, and nothing blocks the form (a typed address
 * is the officer's own). */
static void
suggest_for_typed (McAddressGroup *self)
{
  g_autofree char *text = mc_address_group_dup_text (self);
  g_autoptr(McAddressMapping) mapping = NULL;

  if (self->mapper == NULL || *text == '\0' || g_strcmp0 (text, self->card_address) == 0
      || g_strcmp0 (text, self->suggested_for) == 0)
    return;
  for (guint i = 0; i < self->candidates->len; i++)
    if (g_str_equal (text, g_ptr_array_index (self->candidates, i)))
      return;   /* a suggestion just picked */

  mapping = mc_address_mapper_map (self->mapper, text);
  if (mapping->match != MC_ADDRESS_MATCH_FOUND && mapping->match != MC_ADDRESS_MATCH_AMBIGUOUS)
    {
      /* Current units, or nothing to go by: earlier suggestions are stale. */
      if (self->card_address == NULL && self->suggested_for != NULL)
        {
          clear_candidates (self);
          set_message (self, NULL, FALSE);
          g_clear_pointer (&self->suggested_for, g_free);
        }
      return;
    }

  g_free (self->suggested_for);
  self->suggested_for = g_steal_pointer (&text);
  g_clear_pointer (&self->card_address, g_free);
  clear_candidates (self);
  set_message (self, mapping->reason, FALSE);
  for (guint i = 0; i < mapping->candidates->len; i++)
    add_candidate (self, g_ptr_array_index (mapping->candidates, i));
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
address_left (McAddressGroup *self)
{
  suggest_for_typed (self);
}

/**
 * mc_address_group_set_mapper:
 * @self: an address group
 * @mapper: (transfer full) (nullable): the units, from mc_address_mapper_new()
 */
void
mc_address_group_set_mapper (McAddressGroup  *self,
                             McAddressMapper *mapper)
{
  g_return_if_fail (MC_IS_ADDRESS_GROUP (self));

  g_clear_pointer (&self->mapper, mc_address_mapper_free);
  self->mapper = mapper;
}

/**
 * mc_address_group_set_card_address:
 * @self: an address group
 * @address: the address as printed on the card
 *
 * Puts @address in the field, turned into the units in force when it is
 * an old one, or lists the candidates to pick from.
 */
void
mc_address_group_set_card_address (McAddressGroup *self,
                                   const char     *address)
{
  g_autoptr(McAddressMapping) mapping = NULL;

  g_return_if_fail (MC_IS_ADDRESS_GROUP (self));
  g_return_if_fail (address != NULL);

  clear_candidates (self);
  set_message (self, NULL, FALSE);
  g_free (self->card_address);
  self->card_address = g_strdup (address);
  g_clear_pointer (&self->suggested_for, g_free);

  if (self->mapper == NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->address_row), address);
      return;
    }

  mapping = mc_address_mapper_map (self->mapper, address);
  switch (mapping->match)
    {
    case MC_ADDRESS_MATCH_CURRENT:
      gtk_editable_set_text (GTK_EDITABLE (self->address_row), address);
      break;

    case MC_ADDRESS_MATCH_FOUND:
    case MC_ADDRESS_MATCH_AMBIGUOUS:
      if (mapping->candidates->len == 1)
        {
          McAddressCandidate *only = g_ptr_array_index (mapping->candidates, 0);

          gtk_editable_set_text (GTK_EDITABLE (self->address_row), only->address);
          set_message (self, mapping->reason, FALSE);
          break;
        }
      /* The card's words stay until the official picks a new unit. */
      gtk_editable_set_text (GTK_EDITABLE (self->address_row), address);
      set_message (self, mapping->reason, TRUE);
      for (guint i = 0; i < mapping->candidates->len; i++)
        add_candidate (self, g_ptr_array_index (mapping->candidates, i));
      break;

    case MC_ADDRESS_MATCH_NO_COMMUNE:
    case MC_ADDRESS_MATCH_NO_PROVINCE:
    case MC_ADDRESS_MATCH_UNPARSED:
    default:
      gtk_editable_set_text (GTK_EDITABLE (self->address_row), address);
      set_message (self, mapping->reason, TRUE);
      break;
    }

  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * mc_address_group_needs_choice:
 * @self: an address group
 *
 * Returns: %TRUE while new communes are offered for the card's old address
 *   and the official has neither picked one nor written the address by hand
 */
gboolean
mc_address_group_needs_choice (McAddressGroup *self)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (MC_IS_ADDRESS_GROUP (self), FALSE);

  if (self->candidate_rows->len == 0)
    return FALSE;
  for (guint i = 0; i < self->candidate_rows->len; i++)
    if (gtk_check_button_get_active (candidate_check (self, i)))
      return FALSE;

  text = mc_address_group_dup_text (self);
  return g_strcmp0 (text, self->card_address) == 0;
}

/**
 * mc_address_group_dup_text:
 * @self: an address group
 *
 * Returns: (transfer full): the address, trimmed
 */
char *
mc_address_group_dup_text (McAddressGroup *self)
{
  g_return_val_if_fail (MC_IS_ADDRESS_GROUP (self), NULL);

  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->address_row))));
}

void
mc_address_group_set_text (McAddressGroup *self,
                           const char     *text)
{
  g_return_if_fail (MC_IS_ADDRESS_GROUP (self));

  gtk_editable_set_text (GTK_EDITABLE (self->address_row), text != NULL ? text : "");
}

/**
 * mc_address_group_get_message:
 * @self: an address group
 *
 * Returns: (nullable): what the mapping of the card's address found
 */
const char *
mc_address_group_get_message (McAddressGroup *self)
{
  g_return_val_if_fail (MC_IS_ADDRESS_GROUP (self), NULL);

  return self->message;
}

/**
 * mc_address_group_dup_candidates:
 * @self: an address group
 *
 * Returns: (transfer full): the new addresses offered, in the order shown
 */
GStrv
mc_address_group_dup_candidates (McAddressGroup *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (MC_IS_ADDRESS_GROUP (self), NULL);

  for (guint i = 0; i < self->candidates->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->candidates, i));

  return g_strv_builder_end (builder);
}

/**
 * mc_address_group_pick_candidate:
 * @self: an address group
 * @index: a candidate of mc_address_group_dup_candidates()
 *
 * Picks a candidate as the official does with its radio button.
 *
 * Returns: %TRUE when @index is a candidate
 */
gboolean
mc_address_group_pick_candidate (McAddressGroup *self,
                                 guint           index)
{
  GtkCheckButton *check;

  g_return_val_if_fail (MC_IS_ADDRESS_GROUP (self), FALSE);

  if (index >= self->candidate_rows->len)
    return FALSE;

  check = candidate_check (self, index);
  gtk_check_button_set_active (check, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (check));

  return TRUE;
}

void
mc_address_group_reset (McAddressGroup *self)
{
  g_return_if_fail (MC_IS_ADDRESS_GROUP (self));

  clear_candidates (self);
  set_message (self, NULL, FALSE);
  g_clear_pointer (&self->card_address, g_free);
  g_clear_pointer (&self->suggested_for, g_free);
  gtk_editable_set_text (GTK_EDITABLE (self->address_row), "");
}

static void
mc_address_group_dispose (GObject *object)
{
  McAddressGroup *self = MC_ADDRESS_GROUP (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_ADDRESS_GROUP);
  g_clear_pointer (&self->candidate_rows, g_ptr_array_unref);
  g_clear_pointer (&self->candidates, g_ptr_array_unref);
  g_clear_pointer (&self->mapper, mc_address_mapper_free);

  G_OBJECT_CLASS (mc_address_group_parent_class)->dispose (object);
}

static void
mc_address_group_finalize (GObject *object)
{
  McAddressGroup *self = MC_ADDRESS_GROUP (object);

  g_free (self->message);
  g_free (self->card_address);
  g_free (self->suggested_for);

  G_OBJECT_CLASS (mc_address_group_parent_class)->finalize (object);
}

static void
mc_address_group_class_init (McAddressGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_address_group_dispose;
  object_class->finalize = mc_address_group_finalize;

  /**
   * McAddressGroup::changed:
   *
   * The address text changed.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/motcua/Desk/mc-address-group.ui");
  gtk_widget_class_bind_template_child (widget_class, McAddressGroup, address_row);
  gtk_widget_class_bind_template_child (widget_class, McAddressGroup, message_row);
  gtk_widget_class_bind_template_child (widget_class, McAddressGroup, message_label);
  gtk_widget_class_bind_template_callback (widget_class, text_changed);
}

static void
mc_address_group_init (McAddressGroup *self)
{
  GtkEventController *focus;

  self->candidates = g_ptr_array_new_with_free_func (g_free);
  self->candidate_rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  focus = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (address_left), self);
  gtk_widget_add_controller (GTK_WIDGET (self->address_row), focus);
}
