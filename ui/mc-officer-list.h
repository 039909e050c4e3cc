/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The officers of a desk, each with whether they still work here. */
#pragma once

#include <adwaita.h>

#include "store/mc-desk.h"

G_BEGIN_DECLS

#define MC_TYPE_OFFICER_LIST (mc_officer_list_get_type ())
G_DECLARE_FINAL_TYPE (McOfficerList, mc_officer_list, MC, OFFICER_LIST, AdwPreferencesGroup)

McOfficerList *mc_officer_list_new          (McDesk        *desk);
void           mc_officer_list_reload       (McOfficerList *self);
gboolean       mc_officer_list_get_busy     (McOfficerList *self);
gboolean       mc_officer_list_set_active   (McOfficerList *self,
                                             const char    *login,
                                             gboolean       active);
gboolean       mc_officer_list_set_password (McOfficerList *self,
                                             const char    *login,
                                             const char    *password);
gboolean       mc_officer_list_edit         (McOfficerList   *self,
                                             const McOfficer *officer,
                                             const char      *password);

G_END_DECLS
