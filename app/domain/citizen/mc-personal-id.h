/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The 12-digit personal identification number (số định danh cá nhân): its
 * shape, what its digits say (province of birth registration, sex, century,
 * birth year) and whether that agrees with what else is known of the
 * person. */
#pragma once

#include <glib.h>

#include "mc-citizen-error.h"

G_BEGIN_DECLS

/**
 * McSex:
 * @MC_SEX_UNKNOWN: not known, or not to be checked
 * @MC_SEX_MALE: Nam
 * @MC_SEX_FEMALE: Nữ
 */
typedef enum {
  MC_SEX_UNKNOWN,
  MC_SEX_MALE,
  MC_SEX_FEMALE,
} McSex;

/**
 * McPersonalIdInfo:
 * @province_code: the three digits of the province of birth registration
 * @province_name: its name (interned, never freed)
 * @sex: the sex the fourth digit gives
 * @century: the first year of the century of birth the fourth digit gives (1900, 2000, …)
 * @year_suffix: the last two digits of the birth year (0–99)
 * @place_unlisted: the first three digits are no province code; Decree
 *   137/2015, art. 13 lets them be the code of the country where a citizen
 *   born abroad registered the birth, a list we do not have
 * @warning: (nullable): when @place_unlisted, a translated sentence saying
 *   so and what to check (interned, never freed); else %NULL
 *
 * What a valid personal ID number says. When @place_unlisted,
 * @province_name is a translated description of the unknown place, never
 * %NULL.
 */
typedef struct
{
  char        province_code[4];
  const char *province_name;
  McSex       sex;
  int         century;
  int         year_suffix;
  gboolean    place_unlisted;
  const char *warning;
} McPersonalIdInfo;

#define MC_PERSONAL_ID_LENGTH 12

McSex        mc_sex_from_string             (const char        *text);
const char  *mc_sex_to_card_string          (McSex              sex);
const char  *mc_sex_label                   (McSex              sex);

gboolean     mc_personal_id_validate        (const char        *id,
                                             int                birth_year,
                                             McSex              sex,
                                             McPersonalIdInfo  *info,
                                             GError           **error);
const char  *mc_personal_id_province_name   (const char        *code,
                                             GError           **error);

G_END_DECLS
