/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Changing an officer the desk already has: name, title, department and
 * role. The login stays (the audit and the dossiers name it); leaving is
 * mc_desk_set_officer_active(), never a deletion. */
#pragma once

#include "mc-desk.h"

G_BEGIN_DECLS

gboolean   mc_desk_update_officer         (McDesk               *self,
                                           const McOfficer      *officer,
                                           GError              **error);
void       mc_desk_update_officer_async   (McDesk               *self,
                                           const McOfficer      *officer,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
McOfficer *mc_desk_update_officer_finish  (McDesk               *self,
                                           GAsyncResult         *result,
                                           GError              **error);

G_END_DECLS
