/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The bridge between a dossier and the slip templates. The templates only
 * know named fields (data/slips/README.md); this file decides where each
 * one comes from: the dossier's own columns, the office, the officer who
 * issues the slip, and the dossier's timeline (who received it, the latest
 * supplement request, refusal or apology and its note, the hand-overs for
 * the control sheet). Codes rather than words go into the data wherever the
 * printed word is the template's business (channel 1–3, component kinds,
 * state 1–10, hand-over results early/on-time/late), so the slip stays in
 * Vietnamese whatever the desk's locale. A slip that makes no sense for the
 * dossier's state is refused with a message saying why. */
#define G_LOG_DOMAIN "motcua-forms"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "domain/mc-catalogue.h"
#include "domain/mc-state.h"
#include "mc-dossier-slip.h"
#include "mc-dossier-slip-private.h"
#include "mc-slip-template.h"

static const char * const dossier_kinds[] = {
  "receipt", "supplement", "refusal", "apology", "control-sheet", NULL
};


/* A slip is a Vietnamese document whatever the desk's language: a title
 * that is empty, a role code or the English label of a role (as older
 * timelines stored it) prints as the role's Vietnamese title. These are
 * the words of the slip, not of the UI, so they are not translated. */
static const struct
{
  const char *code;
  const char *english;
  const char *vietnamese;
} role_titles[] = {
  { "reception", "Reception officer", "Công chức tiếp nhận hồ sơ" },
  { "specialist", "Specialist", "Chuyên viên" },
  { "leader", "Leader", "Lãnh đạo" },
  { "clerk", "Clerk", "Văn thư" },
};

/* Circular 01/2018/TT-VPCP, Mẫu 04: the apology is signed by the head of
 * the agency that is late. */
#define HEAD_OF_AGENCY_TITLE "Thủ trưởng cơ quan"

static const char *
slip_title (const char *text)
{
  if (text == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (role_titles); i++)
    if (g_ascii_strcasecmp (text, role_titles[i].code) == 0 ||
        g_ascii_strcasecmp (text, role_titles[i].english) == 0)
      return role_titles[i].vietnamese;

  return text;
}

static const char *
officer_title (const McOfficer *officer)
{
  if (officer->title != NULL && *officer->title != '\0')
    return slip_title (officer->title);

  return role_titles[CLAMP ((guint) officer->role, 0, G_N_ELEMENTS (role_titles) - 1)].vietnamese;
}

/**
 * mc_dossier_slip_kinds:
 *
 * Returns: (transfer none): the kinds of slip printed for one dossier
 *   (`receipt`, `supplement`, `refusal`, `apology`, `control-sheet`),
 *   %NULL-terminated
 */
const char * const *
mc_dossier_slip_kinds (void)
{
  return dossier_kinds;
}

/**
 * mc_dossier_slip_kind_is_known:
 * @kind: (nullable): a kind of slip
 *
 * Returns: %TRUE if @kind is printed for one dossier
 */
gboolean
mc_dossier_slip_kind_is_known (const char *kind)
{
  return kind != NULL && g_strv_contains (dossier_kinds, kind);
}

/* ISO 8601 in Vietnam time, with its offset so the renderer never falls
 * back to the machine's zone; NULL for "no time". */
static char *
iso_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = NULL;

  if (unix_seconds <= 0)
    return NULL;
  dt = mc_vietnam_from_unix (unix_seconds);
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S%:z");
}

static char *
iso_date (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = mc_vietnam_from_unix (unix_seconds);

  return g_date_time_format (dt, "%Y-%m-%d");
}

static void
set_time (McSlipData *data,
          const char *field,
          gint64      unix_seconds)
{
  g_autofree char *text = iso_time (unix_seconds);

  mc_slip_data_set (data, field, text);
}

static gboolean
is_empty (const char *text)
{
  return text == NULL || *text == '\0';
}

static const McTimelineEntry *
latest_entry (const McDossier *dossier,
              const char      *action)
{
  for (guint i = dossier->timeline->len; i > 0; i--)
    {
      const McTimelineEntry *entry = g_ptr_array_index (dossier->timeline, i - 1);

      if (g_strcmp0 (entry->action, action) == 0)
        return entry;
    }

  return NULL;
}

static const McTimelineEntry *
first_entry (const McDossier *dossier,
             const char      *action)
{
  for (guint i = 0; i < dossier->timeline->len; i++)
    {
      const McTimelineEntry *entry = g_ptr_array_index (dossier->timeline, i);

      if (g_strcmp0 (entry->action, action) == 0)
        return entry;
    }

  return NULL;
}

/* Where a person of the timeline works, for the control sheet's "Giao" and
 * "Nhận" lines. */
static const char *
entry_place (const McTimelineEntry *entry)
{
  return !is_empty (entry->department) ? entry->department : slip_title (entry->role);
}

/* Early, on time or late against the appointment: on the appointment's
 * day is on time, an earlier day early, anything after it late. */
static const char *
timeliness (gint64 at,
            gint64 due)
{
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) limit = NULL;

  if (due <= 0 || at <= 0)
    return NULL;
  if (at > due)
    return "late";

  when = mc_vietnam_from_unix (at);
  limit = mc_vietnam_from_unix (due);
  if (g_date_time_get_year (when) == g_date_time_get_year (limit) &&
      g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (limit))
    return "on-time";

  return "early";
}

static void
set_common (McSlipData      *data,
            const McDossier *dossier,
            const McOffice  *office,
            const McOfficer *officer)
{
  g_autofree char *channel = g_strdup_printf ("%d", dossier->channel);

  mc_slip_data_set (data, "office_parent", office->parent);
  mc_slip_data_set (data, "office_name", office->name);
  mc_slip_data_set (data, "office_place", office->place);
  mc_slip_data_set (data, "return_place", office->name);
  mc_slip_data_set (data, "handling_office",
                    !is_empty (dossier->department) ? dossier->department : office->name);

  mc_slip_data_set (data, "dossier_code", dossier->code);
  mc_slip_data_set (data, "procedure_code", dossier->procedure_code);
  mc_slip_data_set (data, "procedure_name", dossier->procedure_name);
  mc_slip_data_set (data, "applicant_name", dossier->applicant_name);
  mc_slip_data_set (data, "applicant_id", dossier->applicant_id);
  mc_slip_data_set (data, "applicant_address", dossier->applicant_address);
  mc_slip_data_set (data, "applicant_phone", dossier->applicant_phone);
  mc_slip_data_set (data, "applicant_email", dossier->applicant_email);
  mc_slip_data_set (data, "channel", channel);
  set_time (data, "received_at", dossier->received_at);
  set_time (data, "appointment_at", dossier->due_at);
  mc_slip_data_set (data, "dossier_sets", "01");

  for (guint i = 0; i < dossier->components->len; i++)
    {
      const McDossierComponent *component = g_ptr_array_index (dossier->components, i);
      g_autofree char *copies = NULL;

      if (!component->provided)
        continue;
      copies = g_strdup_printf ("%d", component->copies);
      mc_slip_data_append_row (data, "components",
                               "name", component->name,
                               "copies", copies,
                               "kind", component->kind,
                               NULL);
    }

  if (officer != NULL)
    {
      mc_slip_data_set (data, "signer_name", officer->name);
      mc_slip_data_set (data, "signer_title", officer_title (officer));
    }
}

/* The official named on the slip: whoever took the action the slip is
 * about, or else the one issuing it. */
static void
set_receiver (McSlipData            *data,
              const McTimelineEntry *entry,
              const McOfficer       *officer)
{
  if (entry != NULL && !is_empty (entry->actor))
    {
      mc_slip_data_set (data, "receiver_name", entry->actor);
      mc_slip_data_set (data, "receiver_title", slip_title (entry->role));
      if (officer == NULL)
        {
          mc_slip_data_set (data, "signer_name", entry->actor);
          mc_slip_data_set (data, "signer_title", slip_title (entry->role));
        }
    }
  else if (officer != NULL)
    {
      mc_slip_data_set (data, "receiver_name", officer->name);
      mc_slip_data_set (data, "receiver_title", officer_title (officer));
    }
}

/* One supplement item per line or ";"-separated part of the note. */
static void
add_supplement_items (McSlipData *data,
                      const char *note)
{
  g_auto(GStrv) parts = NULL;

  if (is_empty (note))
    return;

  /* One item per line; a note typed on one line may list items with ";". */
  parts = g_regex_split_simple (strchr (note, '\n') != NULL ? "\\n" : ";", note, 0, 0);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] != '\0')
        mc_slip_data_append_row (data, "supplement_items", "name", parts[i], NULL);
    }
}

static void
add_handover (McSlipData            *data,
              const McDossier       *dossier,
              const McTimelineEntry *giver,
              const char            *to,
              const char            *to_person)
{
  g_autofree char *time = iso_time (giver->at);

  mc_slip_data_append_row (data, "timeline",
                           "from", entry_place (giver),
                           "to", to,
                           "from_person", giver->actor,
                           "to_person", to_person,
                           "time", time,
                           "result", timeliness (giver->at, dossier->due_at),
                           NULL);
}

/* The control sheet's rows: each time the dossier passes from one person
 * to another in the timeline, at the time the giver finished; and, when
 * the last step forwarded it and nobody there has acted yet, the pending
 * hand-over to that department, the receiving person left blank to sign
 * by hand. */
static void
add_handovers (McSlipData      *data,
               const McDossier *dossier)
{
  const McTimelineEntry *last = NULL;

  for (guint i = 0; i < dossier->timeline->len; i++)
    {
      const McTimelineEntry *entry = g_ptr_array_index (dossier->timeline, i);

      if (last != NULL && g_strcmp0 (last->actor, entry->actor) != 0)
        add_handover (data, dossier, last, entry_place (entry), entry->actor);
      last = entry;
    }

  if (last != NULL && g_strcmp0 (last->action, "forward") == 0 && !is_empty (dossier->department))
    add_handover (data, dossier, last, dossier->department, NULL);
}

static gboolean
was_received (const McDossier *dossier)
{
  return dossier->received_at > 0 &&
         dossier->state != MC_STATE_SUBMITTED &&
         dossier->state != MC_STATE_REFUSED;
}

gboolean
mc_dossier_slip_check_kind (const char  *kind,
                            GError     **error)
{
  if (g_strcmp0 (kind, "ledger") == 0)
    {
      g_set_error (error, MC_SLIP_ERROR, MC_SLIP_ERROR_NOT_APPLICABLE,
                   _("The tracking ledger covers a period, not one dossier. Print it with “slip ledger --from … --to …”."));
      return FALSE;
    }
  if (!mc_dossier_slip_kind_is_known (kind))
    {
      g_set_error (error, MC_SLIP_ERROR, MC_SLIP_ERROR_UNKNOWN_KIND,
                   _("There is no slip “%s”. Choose receipt, supplement, refusal, apology or control-sheet."),
                   kind != NULL ? kind : "");
      return FALSE;
    }

  return TRUE;
}

/* Working days as a Vietnamese reads them ("1,5"); less than a day is
 * settled within the day, which the template words. */
static char *
processing_days_value (double days)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (days < 1)
    return g_strdup ("same-day");
  g_ascii_formatd (buffer, sizeof buffer, "%g", days);
  return g_strdelimit (g_strdup (buffer), ".", ',');
}

/* A procedure settled within the day whose appointment falls on the day
 * of reception is returned "trong ngày": an hour computed from less than a
 * working day would only look odd to the citizen. */
static void
set_same_day (McSlipData      *data,
              const McDossier *dossier)
{
  g_autoptr(GDateTime) received = NULL;
  g_autoptr(GDateTime) due = NULL;

  if (dossier->received_at <= 0 || dossier->due_at <= 0)
    return;
  received = mc_vietnam_from_unix (dossier->received_at);
  due = mc_vietnam_from_unix (dossier->due_at);
  if (g_date_time_get_year (received) == g_date_time_get_year (due) &&
      g_date_time_get_day_of_year (received) == g_date_time_get_day_of_year (due))
    {
      g_autofree char *day = iso_date (dossier->due_at);

      mc_slip_data_set (data, "same_day_appointment", day);
    }
}

/* mc_dossier_slip_data() with what only the store knows (@extras may be
 * NULL); the desk's loaders call it (mc-dossier-slip-private.h). */
McSlipData *
mc_dossier_slip_data_full (const McDossier     *dossier,
                           const McOffice      *office,
                           const McOfficer     *officer,
                           const char          *kind,
                           const McSlipExtras  *extras,
                           GError             **error)
{
  g_autoptr(McSlipData) data = NULL;
  const McTimelineEntry *entry = NULL;

  if (!mc_dossier_slip_check_kind (kind, error))
    return NULL;

  if (g_str_equal (kind, "receipt") || g_str_equal (kind, "control-sheet"))
    {
      if (!was_received (dossier))
        {
          g_set_error (error, MC_SLIP_ERROR, MC_SLIP_ERROR_NOT_APPLICABLE,
                       _("Dossier “%s” was not received (it is “%s”), so it has no receipt slip or control sheet."),
                       dossier->code, mc_state_label (dossier->state));
          return NULL;
        }
      entry = first_entry (dossier, "receive");
    }
  else if (g_str_equal (kind, "supplement"))
    {
      entry = latest_entry (dossier, "request_supplement");
      if (entry == NULL)
        {
          g_set_error (error, MC_SLIP_ERROR, MC_SLIP_ERROR_NOT_APPLICABLE,
                       _("No supplement was requested for dossier “%s”. Request the supplement first; the slip is printed from that request."),
                       dossier->code);
          return NULL;
        }
    }
  else if (g_str_equal (kind, "refusal"))
    {
      entry = latest_entry (dossier, "refuse");
      if (dossier->state != MC_STATE_REFUSED || entry == NULL)
        {
          g_set_error (error, MC_SLIP_ERROR, MC_SLIP_ERROR_NOT_APPLICABLE,
                       _("Dossier “%s” was not refused (it is “%s”), so it has no refusal slip."),
                       dossier->code, mc_state_label (dossier->state));
          return NULL;
        }
    }
  else if (g_str_equal (kind, "apology"))
    {
      entry = latest_entry (dossier, "apologise");
      if (entry == NULL)
        {
          g_set_error (error, MC_SLIP_ERROR, MC_SLIP_ERROR_NOT_APPLICABLE,
                       _("Nobody apologised for dossier “%s” yet. Record the apology with its new appointment first; the slip is printed from it."),
                       dossier->code);
          return NULL;
        }
    }

  data = mc_slip_data_new ();
  set_common (data, dossier, office, officer);
  set_receiver (data, entry, officer);

  if (extras != NULL && extras->processing_days >= 0)
    {
      g_autofree char *days = processing_days_value (extras->processing_days);

      mc_slip_data_set (data, "processing_days", days);
      if (extras->processing_days < 1)
        set_same_day (data, dossier);
    }
  if (extras != NULL && extras->ledger_number > 0)
    {
      g_autofree char *book = g_strdup_printf ("%d", extras->ledger_book);
      g_autofree char *number = g_strdup_printf ("%d", extras->ledger_number);

      mc_slip_data_set (data, "ledger_book", book);
      mc_slip_data_set (data, "ledger_number", number);
    }

  if (g_str_equal (kind, "supplement"))
    {
      mc_slip_data_set (data, "reason", entry->note);
      add_supplement_items (data, entry->note);
    }
  else if (g_str_equal (kind, "refusal"))
    mc_slip_data_set (data, "reason", entry->note);
  else if (g_str_equal (kind, "apology"))
    {
      const McOfficer *head = extras != NULL ? extras->head : NULL;

      /* The appointment missed stays the one given at reception. */
      mc_slip_data_set (data, "reason", entry->note);
      set_time (data, "new_appointment_at", dossier->new_due_at);
      if (head == NULL && officer != NULL && officer->role == MC_ROLE_LEADER)
        head = officer;
      /* Signed by the head of the agency; unknown, the name is left blank
       * to write by hand, never the officer who typed the apology. */
      mc_slip_data_set (data, "signer_name", head != NULL ? head->name : NULL);
      mc_slip_data_set (data, "signer_title",
                        head != NULL && !is_empty (head->title) && slip_title (head->title) == head->title
                        ? head->title : HEAD_OF_AGENCY_TITLE);
    }
  else if (g_str_equal (kind, "control-sheet"))
    add_handovers (data, dossier);

  return g_steal_pointer (&data);
}

/**
 * mc_dossier_slip_data:
 * @dossier: a whole dossier
 * @office: the office issuing the slip
 * @officer: (nullable): who issues the slip (signs the apology slip when
 *   a leader issues it)
 * @kind: a kind from mc_dossier_slip_kinds()
 * @error: where to put a failure
 *
 * Fills every field and table the slip @kind prints. The receipt and the
 * control sheet need a received dossier, the supplement slip a supplement
 * request, the refusal slip a refused dossier, the apology slip an apology
 * (the latest request, refusal or apology gives the reason); anything else
 * fails with %MC_SLIP_ERROR_NOT_APPLICABLE. An unknown @kind fails with
 * %MC_SLIP_ERROR_UNKNOWN_KIND.
 *
 * Without a store the legal processing time and, on the apology slip
 * issued by someone other than a leader, the head of the agency who signs
 * it are not known and print as blanks; see mc_desk_load_slip_data().
 *
 * Returns: (transfer full): the slip data, or %NULL with @error set
 */
McSlipData *
mc_dossier_slip_data (const McDossier  *dossier,
                      const McOffice   *office,
                      const McOfficer  *officer,
                      const char       *kind,
                      GError          **error)
{
  g_return_val_if_fail (dossier != NULL, NULL);
  g_return_val_if_fail (office != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return mc_dossier_slip_data_full (dossier, office, officer, kind, NULL, error);
}

static gint
compare_received (gconstpointer a,
                  gconstpointer b)
{
  const McDossier *da = *(const McDossier * const *) a;
  const McDossier *db = *(const McDossier * const *) b;

  if (da->received_at != db->received_at)
    return da->received_at < db->received_at ? -1 : 1;

  return g_strcmp0 (da->code, db->code);
}

/* A closing reason worth a note in the ledger. */
static const char *
ledger_note (const McDossier *dossier)
{
  const McTimelineEntry *entry = NULL;

  switch (dossier->state)
    {
    case MC_STATE_REFUSED: entry = latest_entry (dossier, "refuse"); break;
    case MC_STATE_WITHDRAWN: entry = latest_entry (dossier, "withdraw"); break;
    case MC_STATE_STOPPED: entry = latest_entry (dossier, "stop_processing"); break;
    default: break;
    }

  return entry != NULL ? entry->note : NULL;
}

/**
 * mc_ledger_slip_data:
 * @dossiers: (element-type McDossier): whole dossiers
 * @office: the office keeping the ledger
 * @from: first second of the period (Unix time)
 * @to: first second after the period
 *
 * Fills the tracking ledger with the dossiers of @dossiers received in
 * [@from, @to), in order of reception. The printed period ends on the day
 * of the last second before @to. The ledger is one book a year
 * (`ledger_book` is the year); rows are numbered from 1 as if @from opened
 * the book, while mc_desk_load_ledger_data() numbers them in the year's
 * book, as the receipt's "Số thứ tự" does.
 *
 * Returns: (transfer full): the slip data
 */
McSlipData *
mc_ledger_slip_data (GPtrArray      *dossiers,
                     const McOffice *office,
                     gint64          from,
                     gint64          to)
{
  g_return_val_if_fail (dossiers != NULL, NULL);
  g_return_val_if_fail (office != NULL, NULL);
  g_return_val_if_fail (from < to, NULL);

  return mc_ledger_slip_data_numbered (dossiers, office, from, to, 0);
}

/* mc_ledger_slip_data() numbered in the year's book: @before is how many
 * rows the book of @from's year holds before @from (the desk's loader
 * counts them; mc-dossier-slip-private.h). */
McSlipData *
mc_ledger_slip_data_numbered (GPtrArray      *dossiers,
                              const McOffice *office,
                              gint64          from,
                              gint64          to,
                              guint           before)
{
  g_autoptr(McSlipData) data = NULL;
  g_autoptr(GPtrArray) sorted = NULL;
  g_autofree char *period_from = NULL;
  g_autofree char *period_to = NULL;
  g_autofree char *book = NULL;
  g_autoptr(GDateTime) first = mc_vietnam_from_unix (from);
  g_autoptr(GDateTime) last = mc_vietnam_from_unix (to - 1);
  int year = g_date_time_get_year (first);
  guint number = before;

  data = mc_slip_data_new ();
  /* One book a year; a period across New Year spans two books. */
  if (g_date_time_get_year (last) == year)
    book = g_strdup_printf ("%d", year);
  else
    book = g_strdup_printf ("%d–%d", year, g_date_time_get_year (last));
  mc_slip_data_set (data, "ledger_book", book);
  mc_slip_data_set (data, "office_parent", office->parent);
  mc_slip_data_set (data, "office_name", office->name);
  mc_slip_data_set (data, "office_place", office->place);
  period_from = iso_date (from);
  period_to = iso_date (to - 1);
  mc_slip_data_set (data, "period_from", period_from);
  mc_slip_data_set (data, "period_to", period_to);

  sorted = g_ptr_array_new ();
  for (guint i = 0; i < dossiers->len; i++)
    {
      McDossier *dossier = g_ptr_array_index (dossiers, i);

      if (dossier->received_at >= from && dossier->received_at < to)
        g_ptr_array_add (sorted, dossier);
    }
  g_ptr_array_sort (sorted, compare_received);

  for (guint i = 0; i < sorted->len; i++)
    {
      const McDossier *dossier = g_ptr_array_index (sorted, i);
      const McTimelineEntry *forward = first_entry (dossier, "forward");
      g_autofree char *received = iso_time (dossier->received_at);
      g_autofree char *appointment = iso_time (dossier->due_at);
      g_autofree char *forwarded = iso_time (forward != NULL ? forward->at : 0);
      g_autofree char *result_received = iso_time (dossier->result_ready_at);
      g_autofree char *returned = iso_time (dossier->returned_at);
      g_autofree char *state = g_strdup_printf ("%d", dossier->state);
      g_autofree char *address = NULL;
      g_autofree char *row_number = NULL;
      g_autoptr(GDateTime) when = mc_vietnam_from_unix (dossier->received_at);

      if (g_date_time_get_year (when) != year)
        {
          year = g_date_time_get_year (when);
          number = 0;
        }
      row_number = g_strdup_printf ("%u", ++number);

      if (!is_empty (dossier->applicant_address) && !is_empty (dossier->applicant_phone))
        address = g_strdup_printf ("%s, %s", dossier->applicant_address, dossier->applicant_phone);
      else
        address = g_strdup (!is_empty (dossier->applicant_address) ? dossier->applicant_address
                                                                    : dossier->applicant_phone);

      mc_slip_data_append_row (data, "ledger",
                               "number", row_number,
                               "code", dossier->code,
                               "applicant", dossier->applicant_name,
                               "address", address,
                               "procedure", dossier->procedure_name,
                               "copies", "01",
                               "handler", !is_empty (dossier->department) ? dossier->department : office->name,
                               "received", received,
                               "appointment", appointment,
                               "forwarded", forwarded,
                               "result_received", result_received,
                               "returned", returned,
                               "state", state,
                               "note", ledger_note (dossier),
                               NULL);
    }

  return g_steal_pointer (&data);
}
