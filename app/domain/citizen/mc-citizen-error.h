/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The error domain of citizens' identity: personal ID numbers, chip-card QR
 * codes and the administrative-unit data. Each code names one thing that
 * went wrong, so the desk can tell the official exactly what to check. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MC_CITIZEN_ERROR (mc_citizen_error_quark ())

/**
 * McCitizenError:
 * @MC_CITIZEN_ERROR_ID_LENGTH: the ID number is not 12 characters long
 * @MC_CITIZEN_ERROR_ID_NOT_DIGITS: the ID number has a character that is not a digit
 * @MC_CITIZEN_ERROR_ID_PROVINCE: the first three digits are no province code
 * @MC_CITIZEN_ERROR_ID_CENTURY: the fourth digit does not match the century of birth
 * @MC_CITIZEN_ERROR_ID_SEX: the fourth digit does not match the sex
 * @MC_CITIZEN_ERROR_ID_YEAR: digits 5–6 are not the last two digits of the birth year
 * @MC_CITIZEN_ERROR_QR_EMPTY: the scanned text is empty
 * @MC_CITIZEN_ERROR_QR_FOREIGN: the text is another kind of code (web address, payment…)
 * @MC_CITIZEN_ERROR_QR_NOT_CARD: the text is not `|`-separated card fields
 * @MC_CITIZEN_ERROR_QR_FIELD_COUNT: too few fields
 * @MC_CITIZEN_ERROR_QR_ID: field 1 (ID number) is malformed
 * @MC_CITIZEN_ERROR_QR_OLD_ID: field 2 (old ID number) is malformed
 * @MC_CITIZEN_ERROR_QR_NAME: field 3 (full name) is malformed
 * @MC_CITIZEN_ERROR_QR_BIRTH_DATE: field 4 (date of birth) is malformed
 * @MC_CITIZEN_ERROR_QR_SEX: field 5 (sex) is neither Nam nor Nữ
 * @MC_CITIZEN_ERROR_QR_ADDRESS: field 6 (address) is malformed
 * @MC_CITIZEN_ERROR_QR_ISSUE_DATE: field 7 (date of issue) is malformed
 * @MC_CITIZEN_ERROR_DATA_UNREADABLE: a data file is missing or cannot be read
 * @MC_CITIZEN_ERROR_DATA_MALFORMED: a line of a data file is malformed
 * @MC_CITIZEN_ERROR_UNIT_NOT_FOUND: no administrative unit has that code or name
 */
typedef enum {
  MC_CITIZEN_ERROR_ID_LENGTH,
  MC_CITIZEN_ERROR_ID_NOT_DIGITS,
  MC_CITIZEN_ERROR_ID_PROVINCE,
  MC_CITIZEN_ERROR_ID_CENTURY,
  MC_CITIZEN_ERROR_ID_SEX,
  MC_CITIZEN_ERROR_ID_YEAR,
  MC_CITIZEN_ERROR_QR_EMPTY,
  MC_CITIZEN_ERROR_QR_FOREIGN,
  MC_CITIZEN_ERROR_QR_NOT_CARD,
  MC_CITIZEN_ERROR_QR_FIELD_COUNT,
  MC_CITIZEN_ERROR_QR_ID,
  MC_CITIZEN_ERROR_QR_OLD_ID,
  MC_CITIZEN_ERROR_QR_NAME,
  MC_CITIZEN_ERROR_QR_BIRTH_DATE,
  MC_CITIZEN_ERROR_QR_SEX,
  MC_CITIZEN_ERROR_QR_ADDRESS,
  MC_CITIZEN_ERROR_QR_ISSUE_DATE,
  MC_CITIZEN_ERROR_DATA_UNREADABLE,
  MC_CITIZEN_ERROR_DATA_MALFORMED,
  MC_CITIZEN_ERROR_UNIT_NOT_FOUND,
} McCitizenError;

GQuark mc_citizen_error_quark (void);

G_END_DECLS
