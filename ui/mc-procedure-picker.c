/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The procedure list of the reception dialog. Officers type the way they
 * speak, without tones ("dang ky khai sinh") or a code prefix ("1.0011"),
 * so the list is the catalogue's own search (folded, ranked) put into a
 * GListStore on every keystroke; the catalogue lives in memory, so this is
 * quick. The first result is selected, arrows move the selection without
 * leaving the search entry, and Enter or a double-click picks. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "mc-procedure-picker.h"

struct _McProcedurePicker
{
  GtkWidget parent_instance;

  McCatalogue *catalogue;
  GListStore *results;
  GtkSingleSelection *selection;

  GtkWidget *content;
  GtkSearchEntry *search_entry;
  GtkStack *stack;
  GtkListView *list_view;
};

G_DEFINE_FINAL_TYPE (McProcedurePicker, mc_procedure_picker, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SELECTED,
  N_PROPS
};

enum {
  ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/**
 * mc_procedure_format_time_limit:
 * @procedure: a procedure
 *
 * Returns: (transfer full): the time limit as officers say it
 */
char *
mc_procedure_format_time_limit (McProcedure *procedure)
{
  double days;

  g_return_val_if_fail (MC_IS_PROCEDURE (procedure), NULL);

  if (mc_procedure_is_same_day (procedure))
    return g_strdup (_("Within the day"));

  days = mc_procedure_get_working_days (procedure);
  if (days == (double) (gint64) days)
    return g_strdup_printf (ngettext ("%d working day", "%d working days", (gulong) days), (int) days);

  /* TRANSLATORS: a fractional number of working days, e.g. "0.5 working days" */
  return g_strdup_printf (_("%g working days"), days);
}

/**
 * mc_procedure_format_fee:
 * @procedure: a procedure
 *
 * Returns: (transfer full): the fee for an in-person dossier
 */
char *
mc_procedure_format_fee (McProcedure *procedure)
{
  JsonNode *definition;
  const char *unit = NULL;
  gint64 fee;
  g_autofree char *amount = NULL;

  g_return_val_if_fail (MC_IS_PROCEDURE (procedure), NULL);

  fee = mc_procedure_get_fee (procedure);
  if (fee < 0)
    return g_strdup (_("Fee set by the province"));
  if (fee == 0)
    return g_strdup (_("No fee"));

  /* The thousands separator of the locale: 50.000 in Vietnamese. */
  amount = g_strdup_printf ("%'" G_GINT64_FORMAT, fee);
  definition = mc_procedure_get_definition (procedure);
  if (definition != NULL && JSON_NODE_HOLDS_OBJECT (definition))
    unit = json_object_get_string_member_with_default (json_node_get_object (definition), "fee_unit", NULL);
  if (unit != NULL && *unit != '\0')
    /* TRANSLATORS: an amount in đồng and what it is paid per (data, e.g. "trang") */
    return g_strdup_printf (_("%s đ/%s"), amount, unit);

  /* TRANSLATORS: an amount in đồng */
  return g_strdup_printf (_("%s đ"), amount);
}

static char *
time_label_cb (gpointer     this,
               McProcedure *procedure)
{
  return procedure != NULL ? mc_procedure_format_time_limit (procedure) : NULL;
}

static char *
fee_label_cb (gpointer     this,
              McProcedure *procedure)
{
  return procedure != NULL ? mc_procedure_format_fee (procedure) : NULL;
}

static char *
caption_cb (gpointer     this,
            McProcedure *procedure)
{
  if (procedure == NULL)
    return NULL;

  /* TRANSLATORS: a procedure's field (lĩnh vực) and its national code */
  return g_strdup_printf (_("%s · %s"), mc_procedure_get_field (procedure), mc_procedure_get_code (procedure));
}

static void
update_results (McProcedurePicker *self)
{
  g_autoptr(GPtrArray) hits = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (self->catalogue == NULL)
    return;

  hits = mc_catalogue_search (self->catalogue, text);
  g_list_store_splice (self->results, 0, g_list_model_get_n_items (G_LIST_MODEL (self->results)),
                       hits->pdata, hits->len);
  if (hits->len > 0)
    {
      gtk_single_selection_set_selected (self->selection, 0);
      gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", 0);
    }
  gtk_stack_set_visible_child_name (self->stack, hits->len > 0 ? "list" : "empty");
}

static void
search_changed (McProcedurePicker *self)
{
  update_results (self);
}

static void
activate_selected (McProcedurePicker *self)
{
  McProcedure *procedure = mc_procedure_picker_get_selected (self);

  if (procedure != NULL)
    g_signal_emit (self, signals[ACTIVATED], 0, procedure);
}

static void
search_activated (McProcedurePicker *self)
{
  activate_selected (self);
}

static void
row_activated (McProcedurePicker *self,
               guint              position)
{
  gtk_single_selection_set_selected (self->selection, position);
  activate_selected (self);
}

static void
move_selection (McProcedurePicker *self,
                int                delta)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->results));
  guint current = gtk_single_selection_get_selected (self->selection);
  int next;

  if (n == 0)
    return;
  next = current == GTK_INVALID_LIST_POSITION ? 0 : (int) current + delta;
  next = CLAMP (next, 0, (int) n - 1);
  gtk_single_selection_set_selected (self->selection, (guint) next);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", (guint) next);
}

/* Arrows move through the results while the cursor stays in the entry. */
static gboolean
search_key_pressed (McProcedurePicker *self,
                    guint              keyval,
                    guint              keycode,
                    GdkModifierType    state)
{
  switch (keyval)
    {
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      move_selection (self, 1);
      return TRUE;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      move_selection (self, -1);
      return TRUE;
    case GDK_KEY_Page_Down:
      move_selection (self, 8);
      return TRUE;
    case GDK_KEY_Page_Up:
      move_selection (self, -8);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
selection_changed (McProcedurePicker *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

/**
 * mc_procedure_picker_set_catalogue:
 * @self: a picker
 * @catalogue: the desk's catalogue
 */
void
mc_procedure_picker_set_catalogue (McProcedurePicker *self,
                                   McCatalogue       *catalogue)
{
  g_return_if_fail (MC_IS_PROCEDURE_PICKER (self));
  g_return_if_fail (MC_IS_CATALOGUE (catalogue));

  g_set_object (&self->catalogue, catalogue);
  update_results (self);
}

/**
 * mc_procedure_picker_get_selected:
 * @self: a picker
 *
 * Returns: (transfer none) (nullable): the highlighted procedure
 */
McProcedure *
mc_procedure_picker_get_selected (McProcedurePicker *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE_PICKER (self), NULL);

  return gtk_single_selection_get_selected_item (self->selection);
}

void
mc_procedure_picker_set_search_text (McProcedurePicker *self,
                                     const char        *text)
{
  g_return_if_fail (MC_IS_PROCEDURE_PICKER (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  /* The entry delays "search-changed"; callers want the list now. */
  update_results (self);
}

/**
 * mc_procedure_picker_get_results:
 * @self: a picker
 *
 * Returns: (transfer none): the procedures the search shows, best first
 */
GListModel *
mc_procedure_picker_get_results (McProcedurePicker *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE_PICKER (self), NULL);

  return G_LIST_MODEL (self->results);
}

void
mc_procedure_picker_select (McProcedurePicker *self,
                            guint              position)
{
  g_return_if_fail (MC_IS_PROCEDURE_PICKER (self));

  if (position < g_list_model_get_n_items (G_LIST_MODEL (self->results)))
    gtk_single_selection_set_selected (self->selection, position);
}

void
mc_procedure_picker_reset (McProcedurePicker *self)
{
  g_return_if_fail (MC_IS_PROCEDURE_PICKER (self));

  mc_procedure_picker_set_search_text (self, "");
}

void
mc_procedure_picker_focus_search (McProcedurePicker *self)
{
  g_return_if_fail (MC_IS_PROCEDURE_PICKER (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
mc_procedure_picker_dispose (GObject *object)
{
  McProcedurePicker *self = MC_PROCEDURE_PICKER (object);

  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_PROCEDURE_PICKER);
  g_clear_object (&self->selection);
  g_clear_object (&self->results);
  g_clear_object (&self->catalogue);

  G_OBJECT_CLASS (mc_procedure_picker_parent_class)->dispose (object);
}

static void
mc_procedure_picker_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  McProcedurePicker *self = MC_PROCEDURE_PICKER (object);

  switch (prop_id)
    {
    case PROP_SELECTED: g_value_set_object (value, mc_procedure_picker_get_selected (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_procedure_picker_class_init (McProcedurePickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_procedure_picker_dispose;
  object_class->get_property = mc_procedure_picker_get_property;

  properties[PROP_SELECTED] =
    g_param_spec_object ("selected", NULL, NULL, MC_TYPE_PROCEDURE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * McProcedurePicker::activated:
   * @procedure: the procedure picked
   *
   * The officer pressed Enter or double-clicked a procedure.
   */
  signals[ACTIVATED] = g_signal_new ("activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, MC_TYPE_PROCEDURE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/motcua/Desk/mc-procedure-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, McProcedurePicker, content);
  gtk_widget_class_bind_template_child (widget_class, McProcedurePicker, search_entry);
  gtk_widget_class_bind_template_child (widget_class, McProcedurePicker, stack);
  gtk_widget_class_bind_template_child (widget_class, McProcedurePicker, list_view);
  gtk_widget_class_bind_template_callback (widget_class, search_changed);
  gtk_widget_class_bind_template_callback (widget_class, search_activated);
  gtk_widget_class_bind_template_callback (widget_class, search_key_pressed);
  gtk_widget_class_bind_template_callback (widget_class, row_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
mc_procedure_picker_init (McProcedurePicker *self)
{
  g_autoptr(GtkBuilderScope) scope = gtk_builder_cscope_new ();
  g_autoptr(GtkListItemFactory) factory = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The row template formats time limits and fees through these. */
  gtk_builder_cscope_add_callback_symbols (GTK_BUILDER_CSCOPE (scope),
                                           "time_label_cb", G_CALLBACK (time_label_cb),
                                           "fee_label_cb", G_CALLBACK (fee_label_cb),
                                           "caption_cb", G_CALLBACK (caption_cb),
                                           NULL);
  factory = gtk_builder_list_item_factory_new_from_resource (scope, "/io/github/motcua/Desk/mc-procedure-row.ui");
  gtk_list_view_set_factory (self->list_view, factory);

  self->results = g_list_store_new (MC_TYPE_PROCEDURE);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->results)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected-item", G_CALLBACK (selection_changed), self);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
}
