/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Lists the signing certificates of every token the token monitor sees,
 * and follows it: a token plugged in adds its certificates, a token pulled
 * out takes them away, without a restart. Each row says whose certificate
 * it is, who issued it and until when it is valid; an expired certificate,
 * one not yet valid and one not made for signing are shown but cannot be
 * chosen, so the officer understands why their usual certificate is
 * missing. Identities are read off the tokens in worker threads; a newer
 * reading replaces an older one that lands late. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "domain/mc-state.h"
#include "mc-pkcs11.h"
#include "mc-token-chooser.h"

struct _McTokenChooser
{
  GtkWidget parent_instance;

  McTokenMonitor *monitor;
  GCancellable *cancellable;
  GPtrArray *identities;
  GArray *usable;
  GPtrArray *pending;
  guint generation;
  guint outstanding;
  GDateTime *now;
  char *wanted;
  McCertificateHolder preferred;
  gboolean officer_chose;
  char *selected_key;
  gboolean updating;

  GtkStack *stack;
  GtkListBox *list;
};

G_DEFINE_FINAL_TYPE (McTokenChooser, mc_token_chooser, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_IDENTITY,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
format_day (GDateTime *when)
{
  g_autoptr(GDateTime) local = NULL;

  if (when == NULL)
    return g_strdup ("—");
  local = g_date_time_to_timezone (when, mc_vietnam_time_zone ());
  return g_date_time_format (local, "%d/%m/%Y");
}

/**
 * mc_certificate_holder_of:
 * @certificate: a signing certificate
 *
 * An organisation's certificate names the organisation as its holder: its
 * common name is its organisation name (how Vietnamese CAs issue them);
 * any other is a person's.
 *
 * Returns: whose certificate it is
 */
McCertificateHolder
mc_certificate_holder_of (McCertificate *certificate)
{
  const char *holder = mc_certificate_get_subject_cn (certificate);
  const char *organisation = mc_certificate_get_subject_org (certificate);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (holder == NULL || organisation == NULL || *organisation == '\0')
    return MC_CERTIFICATE_HOLDER_PERSON;
  a = g_utf8_casefold (holder, -1);
  b = g_utf8_casefold (organisation, -1);

  return g_utf8_collate (a, b) == 0 ? MC_CERTIFICATE_HOLDER_ORGANISATION : MC_CERTIFICATE_HOLDER_PERSON;
}

/* Why a certificate cannot be chosen, or NULL when it can. */
static const char *
unusable_reason (McTokenChooser *self,
                 McCertificate  *certificate)
{
  g_autoptr(GDateTime) now = self->now != NULL ? g_date_time_ref (self->now) : g_date_time_new_now_utc ();
  GDateTime *not_before = mc_certificate_get_not_before (certificate);
  GDateTime *not_after = mc_certificate_get_not_after (certificate);

  if (!mc_certificate_can_sign (certificate))
    return _("Not for signing");
  if (not_after != NULL && g_date_time_compare (now, not_after) > 0)
    return _("Expired");
  if (not_before != NULL && g_date_time_compare (now, not_before) < 0)
    return _("Not yet valid");

  return NULL;
}

static GtkWidget *
make_row (McTokenChooser    *self,
          McSigningIdentity *identity,
          gboolean          *usable)
{
  McCertificate *certificate = mc_signing_identity_get_certificate (identity);
  McToken *token = mc_signing_identity_get_token (identity);
  const char *holder = mc_certificate_get_subject_cn (certificate);
  const char *organisation = mc_certificate_get_subject_org (certificate);
  const char *issuer = mc_certificate_get_issuer_cn (certificate);
  const char *reason = unusable_reason (self, certificate);
  g_autofree char *from = format_day (mc_certificate_get_not_before (certificate));
  g_autofree char *until = format_day (mc_certificate_get_not_after (certificate));
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();

  title = organisation != NULL && *organisation != '\0'
    ? g_strdup_printf ("%s — %s", holder != NULL ? holder : mc_signing_identity_get_label (identity), organisation)
    : g_strdup (holder != NULL ? holder : mc_signing_identity_get_label (identity));
  /* TRANSLATORS: issuer, validity dates and the token's label of a
   * signing certificate */
  subtitle = g_strdup_printf (_("Issued by %s · valid %s – %s · token “%s”"),
                              issuer != NULL ? issuer : mc_certificate_get_issuer_dn (certificate),
                              from, until, mc_token_get_label (token));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("application-certificate-symbolic"));

  if (reason != NULL)
    {
      GtkWidget *badge = gtk_label_new (reason);

      gtk_widget_add_css_class (badge, "badge");
      gtk_widget_add_css_class (badge, "late");
      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
      gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_widget_add_css_class (row, "dim-label");
    }
  else
    gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  *usable = reason == NULL;

  return row;
}

/* The same certificate may sit on two tokens: a choice names both. */
static char *
identity_key (McSigningIdentity *identity)
{
  return g_strconcat (mc_certificate_get_sha256_hex (mc_signing_identity_get_certificate (identity)), " ",
                      mc_token_get_uri (mc_signing_identity_get_token (identity)), NULL);
}

static void
show_identities (McTokenChooser *self)
{
  g_autofree char *keep = NULL;
  GtkWidget *child;
  GtkListBoxRow *first_usable = NULL;
  GtkListBoxRow *first_preferred = NULL;
  GtkListBoxRow *select = NULL;

  /* Keep the chosen certificate chosen across a reload, or choose the one
   * asked for; else the first usable one. */
  keep = g_strdup (self->wanted != NULL ? self->wanted : self->selected_key);

  self->updating = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_array_set_size (self->usable, 0);

  for (guint i = 0; i < self->identities->len; i++)
    {
      McSigningIdentity *identity = g_ptr_array_index (self->identities, i);
      g_autofree char *key = identity_key (identity);
      gboolean usable = FALSE;
      GtkWidget *row = make_row (self, identity, &usable);

      g_array_append_val (self->usable, usable);
      gtk_list_box_append (self->list, row);
      if (!usable)
        continue;
      if (first_usable == NULL)
        first_usable = GTK_LIST_BOX_ROW (row);
      if (first_preferred == NULL && self->preferred != MC_CERTIFICATE_HOLDER_ANY &&
          mc_certificate_holder_of (mc_signing_identity_get_certificate (identity)) == self->preferred)
        first_preferred = GTK_LIST_BOX_ROW (row);
      if (keep != NULL && g_strcmp0 (keep, key) == 0)
        {
          select = GTK_LIST_BOX_ROW (row);
          g_clear_pointer (&self->wanted, g_free);
        }
    }

  gtk_stack_set_visible_child_name (self->stack, self->identities->len > 0 ? "list" : "empty");
  /* The chosen certificate gone (its token pulled out, or expired): no
   * other one is chosen behind the officer's back, and it is chosen again
   * when it comes back. Nothing chosen yet: the first usable one whose
   * holder fits the signature (a person's for the leader, the
   * organisation's for the seal), else the first usable one. */
  if (first_preferred != NULL)
    first_usable = first_preferred;
  if (select == NULL && keep != NULL)
    {
      g_free (self->wanted);
      self->wanted = g_strdup (keep);
    }
  gtk_list_box_select_row (self->list, select != NULL ? select : keep == NULL ? first_usable : NULL);
  self->updating = FALSE;
  if (mc_token_chooser_get_identity (self) != NULL)
    {
      g_free (self->selected_key);
      self->selected_key = identity_key (mc_token_chooser_get_identity (self));
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDENTITY]);
}

typedef struct
{
  McTokenChooser *self;
  guint generation;
  guint index;
} ListJob;

/* The free function of the pending lists: a token whose certificates
 * could not be listed (pulled out meanwhile) leaves its slot NULL, and
 * GPtrArray calls the free function on NULL slots too. */
static void
identities_unref (gpointer data)
{
  if (data != NULL)
    g_ptr_array_unref (data);
}

static void
identities_listed (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ListJob *job = user_data;
  g_autoptr(McTokenChooser) self = job->self;
  g_autoptr(GPtrArray) identities = NULL;
  g_autoptr(GError) error = NULL;
  guint generation = job->generation;

  guint index = job->index;

  g_free (job);
  identities = mc_pkcs11_list_identities_finish (result, &error);
  if (generation != self->generation)
    return;
  if (identities == NULL)
    g_debug ("Cannot list the certificates of a token: %s", error->message);
  else
    g_ptr_array_index (self->pending, index) = g_ptr_array_ref (identities);

  if (--self->outstanding > 0)
    return;

  /* In the monitor's order of tokens, whichever answered first. */
  g_ptr_array_set_size (self->identities, 0);
  for (guint i = 0; i < self->pending->len; i++)
    {
      GPtrArray *of_token = g_ptr_array_index (self->pending, i);

      for (guint j = 0; of_token != NULL && j < of_token->len; j++)
        g_ptr_array_add (self->identities, g_object_ref (g_ptr_array_index (of_token, j)));
    }
  g_ptr_array_set_size (self->pending, 0);
  show_identities (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
reload (McTokenChooser *self)
{
  GListModel *tokens = mc_token_monitor_get_tokens (self->monitor);
  guint n = g_list_model_get_n_items (tokens);

  self->generation++;
  g_ptr_array_set_size (self->pending, 0);

  if (!mc_token_monitor_get_ready (self->monitor))
    {
      gtk_stack_set_visible_child_name (self->stack, "loading");
      return;
    }

  if (n == 0)
    {
      self->outstanding = 0;
      g_ptr_array_set_size (self->identities, 0);
      show_identities (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
      return;
    }

  self->outstanding = n;
  g_ptr_array_set_size (self->pending, n);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(McToken) token = g_list_model_get_item (tokens, i);
      ListJob *job = g_new0 (ListJob, 1);

      job->self = g_object_ref (self);
      job->generation = self->generation;
      job->index = i;
      mc_pkcs11_list_identities_async (token, self->cancellable, identities_listed, job);
    }
}

static void
tokens_changed (GListModel     *model,
                guint           position,
                guint           removed,
                guint           added,
                McTokenChooser *self)
{
  reload (self);
}

static void
monitor_ready (McTokenMonitor *monitor,
               GParamSpec     *pspec,
               McTokenChooser *self)
{
  reload (self);
}

static void
row_selected (GtkListBox     *list,
              GtkListBoxRow  *row,
              McTokenChooser *self)
{
  if (self->updating)
    return;
  /* The officer's own choice wins over one asked for earlier. */
  if (row != NULL)
    {
      g_clear_pointer (&self->wanted, g_free);
      self->officer_chose = TRUE;
    }
  g_free (self->selected_key);
  self->selected_key = mc_token_chooser_get_identity (self) != NULL
    ? identity_key (mc_token_chooser_get_identity (self)) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDENTITY]);
}

static void
row_activated (GtkListBox     *list,
               GtkListBoxRow  *row,
               McTokenChooser *self)
{
  if (mc_token_chooser_get_identity (self) != NULL)
    g_signal_emit (self, signals[SIGNAL_ACTIVATED], 0);
}

static void
mc_token_chooser_dispose (GObject *object)
{
  McTokenChooser *self = MC_TOKEN_CHOOSER (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  /* Readings still on their way are dropped. */
  self->generation++;
  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (mc_token_monitor_get_tokens (self->monitor), self);
      g_signal_handlers_disconnect_by_data (self->monitor, self);
    }
  g_clear_object (&self->monitor);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_TOKEN_CHOOSER);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (mc_token_chooser_parent_class)->dispose (object);
}

static void
mc_token_chooser_finalize (GObject *object)
{
  McTokenChooser *self = MC_TOKEN_CHOOSER (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->identities, g_ptr_array_unref);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->usable, g_array_unref);
  g_clear_pointer (&self->now, g_date_time_unref);
  g_free (self->wanted);
  g_free (self->selected_key);

  G_OBJECT_CLASS (mc_token_chooser_parent_class)->finalize (object);
}

static void
mc_token_chooser_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  McTokenChooser *self = MC_TOKEN_CHOOSER (object);

  switch (prop_id)
    {
    case PROP_IDENTITY:
      g_value_set_object (value, mc_token_chooser_get_identity (self));
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, mc_token_chooser_get_loading (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_token_chooser_class_init (McTokenChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_token_chooser_dispose;
  object_class->finalize = mc_token_chooser_finalize;
  object_class->get_property = mc_token_chooser_get_property;

  properties[PROP_IDENTITY] =
    g_param_spec_object ("identity", NULL, NULL, MC_TYPE_SIGNING_IDENTITY,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * McTokenChooser::activated:
   *
   * A usable certificate was activated (Enter, double click).
   */
  signals[SIGNAL_ACTIVATED] = g_signal_new ("activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                            NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/motcua/Desk/mc-token-chooser.ui");
  gtk_widget_class_bind_template_child (widget_class, McTokenChooser, stack);
  gtk_widget_class_bind_template_child (widget_class, McTokenChooser, list);
}

static void
mc_token_chooser_init (McTokenChooser *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->identities = g_ptr_array_new_with_free_func (g_object_unref);
  self->pending = g_ptr_array_new_with_free_func (identities_unref);
  self->usable = g_array_new (FALSE, FALSE, sizeof (gboolean));

  g_signal_connect (self->list, "row-selected", G_CALLBACK (row_selected), self);
  g_signal_connect (self->list, "row-activated", G_CALLBACK (row_activated), self);
}

/**
 * mc_token_chooser_new:
 * @monitor: (nullable): the token monitor to follow; a new one when %NULL
 *
 * Returns: (transfer floating): the chooser
 */
GtkWidget *
mc_token_chooser_new (McTokenMonitor *monitor)
{
  McTokenChooser *self = g_object_new (MC_TYPE_TOKEN_CHOOSER, NULL);

  self->monitor = monitor != NULL ? g_object_ref (monitor) : mc_token_monitor_new (1000);
  g_signal_connect (mc_token_monitor_get_tokens (self->monitor), "items-changed",
                    G_CALLBACK (tokens_changed), self);
  g_signal_connect (self->monitor, "notify::ready", G_CALLBACK (monitor_ready), self);
  reload (self);

  return GTK_WIDGET (self);
}

McTokenMonitor *
mc_token_chooser_get_monitor (McTokenChooser *self)
{
  g_return_val_if_fail (MC_IS_TOKEN_CHOOSER (self), NULL);

  return self->monitor;
}

/**
 * mc_token_chooser_get_identity:
 * @self: the chooser
 *
 * Returns: (transfer none) (nullable): the chosen certificate
 */
McSigningIdentity *
mc_token_chooser_get_identity (McTokenChooser *self)
{
  GtkListBoxRow *row;
  int index;

  g_return_val_if_fail (MC_IS_TOKEN_CHOOSER (self), NULL);

  row = gtk_list_box_get_selected_row (self->list);
  if (row == NULL)
    return NULL;
  index = gtk_list_box_row_get_index (row);
  if (index < 0 || (guint) index >= self->identities->len || !g_array_index (self->usable, gboolean, index))
    return NULL;

  return g_ptr_array_index (self->identities, index);
}

/**
 * mc_token_chooser_select:
 * @self: the chooser
 * @identity: a certificate on a token
 *
 * Chooses that certificate on that token now if it is listed and usable,
 * or as soon as the token shows up.
 *
 * Returns: %TRUE when it is chosen now
 */
gboolean
mc_token_chooser_select (McTokenChooser    *self,
                         McSigningIdentity *identity)
{
  g_autofree char *wanted = NULL;

  g_return_val_if_fail (MC_IS_TOKEN_CHOOSER (self), FALSE);
  g_return_val_if_fail (MC_IS_SIGNING_IDENTITY (identity), FALSE);

  wanted = identity_key (identity);
  for (guint i = 0; i < self->identities->len; i++)
    {
      g_autofree char *key = identity_key (g_ptr_array_index (self->identities, i));

      if (g_array_index (self->usable, gboolean, i) && g_str_equal (key, wanted))
        {
          gtk_list_box_select_row (self->list, gtk_list_box_get_row_at_index (self->list, i));
          return TRUE;
        }
    }

  g_free (self->wanted);
  self->wanted = g_steal_pointer (&wanted);
  return FALSE;
}

guint
mc_token_chooser_get_n_identities (McTokenChooser *self)
{
  g_return_val_if_fail (MC_IS_TOKEN_CHOOSER (self), 0);

  return self->identities->len;
}

/**
 * mc_token_chooser_get_nth:
 * @self: the chooser
 * @index: a row
 * @usable: (out) (optional): whether it may be chosen
 *
 * Returns: (transfer none): the certificate shown in row @index
 */
McSigningIdentity *
mc_token_chooser_get_nth (McTokenChooser *self,
                          guint           index,
                          gboolean       *usable)
{
  g_return_val_if_fail (MC_IS_TOKEN_CHOOSER (self), NULL);
  g_return_val_if_fail (index < self->identities->len, NULL);

  if (usable != NULL)
    *usable = g_array_index (self->usable, gboolean, index);

  return g_ptr_array_index (self->identities, index);
}

/**
 * mc_token_chooser_get_loading:
 * @self: the chooser
 *
 * Returns: %TRUE until the tokens and their certificates were read
 */
gboolean
mc_token_chooser_get_loading (McTokenChooser *self)
{
  g_return_val_if_fail (MC_IS_TOKEN_CHOOSER (self), TRUE);

  return self->monitor == NULL || !mc_token_monitor_get_ready (self->monitor) || self->outstanding > 0;
}

/**
 * mc_token_chooser_set_now:
 * @self: the chooser
 * @now: (nullable): the time validity is judged at; %NULL for the clock
 */
void
mc_token_chooser_set_now (McTokenChooser *self,
                          GDateTime      *now)
{
  g_return_if_fail (MC_IS_TOKEN_CHOOSER (self));

  g_clear_pointer (&self->now, g_date_time_unref);
  if (now != NULL)
    self->now = g_date_time_ref (now);
  show_identities (self);
}

/**
 * mc_token_chooser_set_preferred_holder:
 * @self: the chooser
 * @holder: whose certificate the signature wants
 *
 * While the officer has not chosen, the first usable certificate of that
 * holder is chosen for them.
 */
void
mc_token_chooser_set_preferred_holder (McTokenChooser      *self,
                                       McCertificateHolder  holder)
{
  g_return_if_fail (MC_IS_TOKEN_CHOOSER (self));

  if (self->preferred == holder)
    return;
  self->preferred = holder;
  if (self->wanted == NULL && !self->officer_chose && self->identities->len > 0)
    {
      /* Not the officer's choice yet: choose again by the new preference. */
      g_clear_pointer (&self->selected_key, g_free);
      show_identities (self);
    }
}
