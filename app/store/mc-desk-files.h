/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The desk's calls for the files of a received dossier's components: a
 * scan or an import attached after reception, and each later version of
 * it (the OCR'd PDF/A that replaces the first quick copy). Every version
 * stays: a new one is a new file row, never an overwrite. */
#pragma once

#include "mc-desk.h"

G_BEGIN_DECLS

/* Names the change in the timeline, the outbox and the audit log. */
#define MC_ACTION_ATTACH_COMPONENT_FILE "attach_component_file"

#define MC_DESK_FILES_ERROR (mc_desk_files_error_quark ())

typedef enum {
  MC_DESK_FILES_ERROR_NOT_PDF,
  MC_DESK_FILES_ERROR_NO_COMPONENT,
  MC_DESK_FILES_ERROR_CLOSED,
} McDeskFilesError;

GQuark  mc_desk_files_error_quark            (void);
gboolean mc_desk_files_state_takes_files     (int                   state);

char   *mc_desk_attach_component_file        (McDesk               *self,
                                              const char           *code,
                                              const char           *component_code,
                                              const char           *path,
                                              GCancellable         *cancellable,
                                              GError              **error);
void    mc_desk_attach_component_file_async  (McDesk               *self,
                                              const char           *code,
                                              const char           *component_code,
                                              const char           *path,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
char   *mc_desk_attach_component_file_finish (McDesk               *self,
                                              GAsyncResult         *result,
                                              GError              **error);

char   *mc_desk_attach_component_scan        (McDesk               *self,
                                              const char           *code,
                                              const char           *component_code,
                                              const char           *path,
                                              GCancellable         *cancellable,
                                              GError              **error);
void    mc_desk_attach_component_scan_async  (McDesk               *self,
                                              const char           *code,
                                              const char           *component_code,
                                              const char           *path,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);

void    mc_desk_attach_component_copy_async  (McDesk               *self,
                                              const char           *code,
                                              const char           *component_code,
                                              const char           *path,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);

/**
 * McUnreadFile:
 * @id: the file's row
 * @code: its dossier's code
 * @component_code: the component it is a version of
 * @name: its name
 * @path: where its bytes are in the blob store
 * @added_by: the officer who attached it
 *
 * A component file stored as page images whose text is still to be read.
 */
typedef struct
{
  gint64 id;
  char *code;
  char *component_code;
  char *name;
  char *path;
  char *added_by;
} McUnreadFile;

void       mc_unread_file_free            (McUnreadFile  *file);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McUnreadFile, mc_unread_file_free)

GPtrArray *mc_desk_list_unread_files      (McDesk        *self,
                                           GError       **error);
char      *mc_desk_record_file_text       (McDesk        *self,
                                           gint64         file_id,
                                           const char    *path,
                                           const char    *text,
                                           GCancellable  *cancellable,
                                           GError       **error);
GPtrArray *mc_desk_list_copies_to_sign    (McDesk        *self,
                                           GError       **error);
char      *mc_desk_record_signed_copy     (McDesk        *self,
                                           gint64         file_id,
                                           const char    *path,
                                           const char    *signed_by,
                                           GCancellable  *cancellable,
                                           GError       **error);

G_END_DECLS
