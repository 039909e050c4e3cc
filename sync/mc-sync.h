/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libmotcua-sync: the client side of the central API. This header holds
 * what every part of the library shares. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MC_SYNC_ERROR (mc_sync_error_quark ())

/**
 * McSyncError:
 * @MC_SYNC_ERROR_SIGNED_OUT: the desk is not signed in to a central server
 * @MC_SYNC_ERROR_AUTH: the sign-in was refused, expired or revoked
 * @MC_SYNC_ERROR_NO_SECRET_SERVICE: no Secret Service to keep the sign-in in
 * @MC_SYNC_ERROR_OFFLINE: the server cannot be reached
 * @MC_SYNC_ERROR_SERVER: the server answered an error
 * @MC_SYNC_ERROR_PROTOCOL: the server's answer is not what the API says
 * @MC_SYNC_ERROR_BLOB: a file's bytes do not match their SHA-256
 * @MC_SYNC_ERROR_FORBIDDEN: the sign-in is good but may not read this (403)
 */
typedef enum {
  MC_SYNC_ERROR_SIGNED_OUT,
  MC_SYNC_ERROR_AUTH,
  MC_SYNC_ERROR_NO_SECRET_SERVICE,
  MC_SYNC_ERROR_OFFLINE,
  MC_SYNC_ERROR_SERVER,
  MC_SYNC_ERROR_PROTOCOL,
  MC_SYNC_ERROR_BLOB,
  MC_SYNC_ERROR_FORBIDDEN,
} McSyncError;

GQuark      mc_sync_error_quark      (void);
const char *mc_sync_protocol_version (void);

G_END_DECLS
