/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The text of the QR code on a chip-based citizen identity card (CCCD, and
 * the Căn cước card since July 2024): seven `|`-separated fields that fill
 * in the applicant at reception. */
#pragma once

#include <glib-object.h>

#include "mc-personal-id.h"

G_BEGIN_DECLS

/**
 * McCardDate:
 * @year: the year
 * @month: 1–12, or 0 when the card gives only the year
 * @day: 1–31, or 0 when the card gives no day
 *
 * A date as printed on a card; a few people born long ago have only a year
 * (or a month and a year) of birth.
 */
typedef struct
{
  guint16 year;
  guint8  month;
  guint8  day;
} McCardDate;

/**
 * McCccdQr:
 * @id_number: the 12-digit personal ID number
 * @old_id_number: the former 9-digit CMND (or 12-digit) number, "" when none
 * @full_name: the full name, NFC
 * @birth_date: the date of birth
 * @sex: the sex
 * @address: the permanent address (nơi thường trú / nơi cư trú) as printed, NFC
 * @issue_date: the date of issue
 * @extra_fields: fields after the seventh on newer cards, kept as found (never %NULL)
 * @id_info: what the ID number says (province of birth registration, …)
 *
 * The fields of a chip-card QR code, checked and normalised.
 */
typedef struct
{
  char             *id_number;
  char             *old_id_number;
  char             *full_name;
  McCardDate        birth_date;
  McSex             sex;
  char             *address;
  McCardDate        issue_date;
  GStrv             extra_fields;
  McPersonalIdInfo  id_info;
} McCccdQr;

#define MC_TYPE_CCCD_QR (mc_cccd_qr_get_type ())

GType      mc_cccd_qr_get_type      (void) G_GNUC_CONST;
McCccdQr  *mc_cccd_qr_parse         (const char        *text,
                                     GError           **error);
McCccdQr  *mc_cccd_qr_copy          (const McCccdQr    *qr);
void       mc_cccd_qr_free          (McCccdQr          *qr);

char      *mc_card_date_to_iso      (const McCardDate  *date);
char      *mc_card_date_to_display  (const McCardDate  *date);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McCccdQr, mc_cccd_qr_free)

G_END_DECLS
