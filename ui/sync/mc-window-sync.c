/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Puts ui/sync's widgets into the window once its desk is open: the sync
 * status at the end of the detail column's header bar, the conflict banner
 * between that header and the pane. A finished sync reloads the list and
 * the pane; work done at the desk refreshes the status. */
#define G_LOG_DOMAIN "motcua-ui"

#include "config.h"

#include "mc-sync-conflict-banner.h"
#include "mc-sync-status.h"
#include "mc-window-private.h"
#include "mc-window-sync.h"

static void
synced (McWindow *self)
{
  /* The queues' counts too: a sync brings dossiers into them. */
  if (self->dossiers != NULL)
    mc_window_refresh (self);
  if (mc_dossier_pane_get_dossier (self->dossier_pane) != NULL)
    mc_dossier_pane_reload (self->dossier_pane);
}

static void
pane_loading (McDossierPane        *pane,
              GParamSpec           *pspec,
              McSyncConflictBanner *banner)
{
  const McDossier *dossier;
  gboolean loading = FALSE;

  (void) pspec;
  g_object_get (pane, "loading", &loading, NULL);
  if (loading)
    return;
  dossier = mc_dossier_pane_get_dossier (pane);
  mc_sync_conflict_banner_set_code (banner, dossier != NULL ? dossier->code : NULL);
}

static void
resolved (McWindow   *self,
          const char *code)
{
  (void) code;
  synced (self);
}

void
mc_window_attach_sync (McWindow *self)
{
  GtkWidget *header = gtk_widget_get_ancestor (GTK_WIDGET (self->detail_title), ADW_TYPE_HEADER_BAR);
  GtkWidget *column = gtk_widget_get_parent (GTK_WIDGET (self->detail_stack));
  McSyncStatus *status;
  McSyncConflictBanner *banner;

  g_return_if_fail (self->desk != NULL && ADW_IS_HEADER_BAR (header) && GTK_IS_BOX (column));

  status = mc_sync_status_new (self->desk, TRUE);
  gtk_widget_set_name (GTK_WIDGET (status), "sync-status");
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), GTK_WIDGET (status));
  g_signal_connect_object (status, "synced", G_CALLBACK (synced), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dossier_pane, "acted", G_CALLBACK (mc_sync_status_refresh), status,
                           G_CONNECT_SWAPPED);

  banner = mc_sync_conflict_banner_new (self->desk);
  gtk_widget_set_name (GTK_WIDGET (banner), "sync-conflict-banner");
  gtk_box_insert_child_after (GTK_BOX (column), GTK_WIDGET (banner), header);
  g_signal_connect_object (self->dossier_pane, "notify::loading", G_CALLBACK (pane_loading), banner, 0);
  g_signal_connect_object (banner, "resolved", G_CALLBACK (resolved), self, G_CONNECT_SWAPPED);
}
