/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Who works at this desk (an officer and their role) and for which office. */
#pragma once

#include "domain/mc-workflow.h"

G_BEGIN_DECLS

typedef struct
{
  char *login;
  char *name;
  char *title;
  char *department;
  McRole role;
} McOfficer;

typedef struct
{
  char *code;
  char *name;
  char *parent;
  char *place;
  char *address;
} McOffice;

McOfficer *mc_officer_new         (const char *login,
                                   const char *name,
                                   const char *title,
                                   const char *department,
                                   McRole      role);
McOfficer *mc_officer_copy        (const McOfficer *officer);
void       mc_officer_free        (McOfficer  *officer);
McOffice  *mc_office_copy         (const McOffice *office);
void       mc_office_free         (McOffice   *office);
gboolean   mc_office_code_is_valid (const char *code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McOfficer, mc_officer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McOffice, mc_office_free)

G_END_DECLS
