/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The desk's calls for result documents and their signatures: a sync
 * function for the CLI and tests and a GTask pair for the UI each. */
#pragma once

#include "mc-desk.h"
#include "mc-result-ops.h"

G_BEGIN_DECLS

char      *mc_desk_attach_result          (McDesk                  *self,
                                           const char              *code,
                                           const char              *path,
                                           GCancellable            *cancellable,
                                           GError                 **error);
void       mc_desk_attach_result_async    (McDesk                  *self,
                                           const char              *code,
                                           const char              *path,
                                           GCancellable            *cancellable,
                                           GAsyncReadyCallback      callback,
                                           gpointer                 user_data);
char      *mc_desk_attach_result_finish   (McDesk                  *self,
                                           GAsyncResult            *result,
                                           GError                 **error);

GPtrArray *mc_desk_list_results           (McDesk                  *self,
                                           const char              *code,
                                           GError                 **error);
void       mc_desk_list_results_async     (McDesk                  *self,
                                           const char              *code,
                                           GCancellable            *cancellable,
                                           GAsyncReadyCallback      callback,
                                           gpointer                 user_data);
GPtrArray *mc_desk_list_results_finish    (McDesk                  *self,
                                           GAsyncResult            *result,
                                           GError                 **error);

GPtrArray *mc_desk_plan_signing           (McDesk                  *self,
                                           const char * const      *codes,
                                           McSignatureKind          kind,
                                           GError                 **error);
void       mc_desk_plan_signing_async     (McDesk                  *self,
                                           const char * const      *codes,
                                           McSignatureKind          kind,
                                           GCancellable            *cancellable,
                                           GAsyncReadyCallback      callback,
                                           gpointer                 user_data);
GPtrArray *mc_desk_plan_signing_finish    (McDesk                  *self,
                                           GAsyncResult            *result,
                                           GError                 **error);

char      *mc_desk_record_signature       (McDesk                  *self,
                                           const char              *code,
                                           const McSignatureRecord *record,
                                           const char              *signed_path,
                                           GCancellable            *cancellable,
                                           GError                 **error);
void       mc_desk_record_signature_async (McDesk                  *self,
                                           const char              *code,
                                           const McSignatureRecord *record,
                                           const char              *signed_path,
                                           GCancellable            *cancellable,
                                           GAsyncReadyCallback      callback,
                                           gpointer                 user_data);
char      *mc_desk_record_signature_finish (McDesk                 *self,
                                           GAsyncResult            *result,
                                           GError                 **error);

char      *mc_desk_get_blob_path          (McDesk                  *self,
                                           const char              *sha256);

G_END_DECLS
