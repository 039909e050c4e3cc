/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Plain records for officers and the office, and the shape check of an
 * office code: four dot-separated groups of 3, 2, 2 and 3 capital letters
 * or digits. Both shapes in use fit it: the national list of agency codes,
 * the province part last (000.00.04.H40, 000.00.12.H40), and the older
 * QCVN 102:2016/BTTTT form (H40.12.03.X05). */
#define G_LOG_DOMAIN "motcua-domain"

#include "config.h"

#include "mc-officer.h"

McOfficer *
mc_officer_new (const char *login,
                const char *name,
                const char *title,
                const char *department,
                McRole      role)
{
  McOfficer *officer = g_new0 (McOfficer, 1);

  officer->login = g_strdup (login);
  officer->name = g_strdup (name);
  officer->title = g_strdup (title != NULL ? title : "");
  officer->department = g_strdup (department != NULL ? department : "");
  officer->role = role;

  return officer;
}

McOfficer *
mc_officer_copy (const McOfficer *officer)
{
  g_return_val_if_fail (officer != NULL, NULL);

  return mc_officer_new (officer->login, officer->name, officer->title,
                         officer->department, officer->role);
}

void
mc_officer_free (McOfficer *officer)
{
  if (officer == NULL)
    return;

  g_free (officer->login);
  g_free (officer->name);
  g_free (officer->title);
  g_free (officer->department);
  g_free (officer);
}

McOffice *
mc_office_copy (const McOffice *office)
{
  McOffice *copy;

  g_return_val_if_fail (office != NULL, NULL);

  copy = g_new0 (McOffice, 1);
  copy->code = g_strdup (office->code);
  copy->name = g_strdup (office->name);
  copy->parent = g_strdup (office->parent);
  copy->place = g_strdup (office->place);
  copy->address = g_strdup (office->address);

  return copy;
}

void
mc_office_free (McOffice *office)
{
  if (office == NULL)
    return;

  g_free (office->code);
  g_free (office->name);
  g_free (office->parent);
  g_free (office->place);
  g_free (office->address);
  g_free (office);
}

gboolean
mc_office_code_is_valid (const char *code)
{
  static const guint widths[] = { 3, 2, 2, 3 };
  g_auto(GStrv) groups = NULL;

  if (code == NULL)
    return FALSE;

  groups = g_strsplit (code, ".", -1);
  if (g_strv_length (groups) != G_N_ELEMENTS (widths))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      if (strlen (groups[i]) != widths[i])
        return FALSE;
      for (const char *p = groups[i]; *p != '\0'; p++)
        if (!g_ascii_isdigit (*p) && !g_ascii_isupper (*p))
          return FALSE;
    }

  return TRUE;
}
