/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the commands of motcua-cli share: the global options, opening the
 * workspace, and printing text or JSON. */
#pragma once

#include <json-glib/json-glib.h>

#include "store/mc-desk.h"
#include "store/mc-store.h"
#include "mc-trust-store.h"

G_BEGIN_DECLS

typedef struct
{
  char *workspace;
  gboolean json;
} McCli;

typedef gboolean (*McCliCommandFunc) (McCli    *cli,
                                      int       argc,
                                      char    **argv,
                                      GError  **error);

typedef struct
{
  const char *name;
  const char *args;
  const char *summary;
  McCliCommandFunc func;
} McCliCommand;

#define MC_CLI_ERROR (mc_cli_error_quark ())
typedef enum {
  MC_CLI_ERROR_USAGE,
  MC_CLI_ERROR_FAILED,
  MC_CLI_ERROR_INDETERMINATE, /* exit status 3 */
  MC_CLI_ERROR_UNREADABLE,    /* exit status 4 */
} McCliError;

GQuark    mc_cli_error_quark   (void);
McStore  *mc_cli_open_store    (McCli             *cli,
                                McStoreOpenFlags   flags,
                                GError           **error);
McDesk   *mc_cli_open_desk     (McCli             *cli,
                                McStoreOpenFlags   flags,
                                const char        *as,
                                GError           **error);
gboolean  mc_cli_password_stdin (void);
char     *mc_cli_read_password (GError           **error);
gboolean  mc_cli_parse         (GOptionEntry      *entries,
                                const char        *command,
                                const char        *args,
                                int               *argc,
                                char            ***argv,
                                GError           **error);
void      mc_cli_print_json    (JsonBuilder       *builder);
void      mc_cli_print_summaries (McCli           *cli,
                                GPtrArray         *rows);

/* Commands, one group per file. */
gboolean  mc_cli_info          (McCli *cli, int argc, char **argv, GError **error);
gboolean  mc_cli_queues        (McCli *cli, int argc, char **argv, GError **error);
gboolean  mc_cli_list          (McCli *cli, int argc, char **argv, GError **error);
gboolean  mc_cli_demo          (McCli *cli, int argc, char **argv, GError **error);
gboolean  mc_cli_receive       (McCli *cli, int argc, char **argv, GError **error);
gboolean  mc_cli_act           (McCli *cli, int argc, char **argv, GError **error);
gboolean  mc_cli_show          (McCli *cli, int argc, char **argv, GError **error);
gboolean  mc_cli_search        (McCli *cli, int argc, char **argv, GError **error);
gboolean  mc_cli_lease         (McCli *cli, int argc, char **argv, GError **error);
gboolean  mc_cli_audit         (McCli *cli, int argc, char **argv, GError **error);
gboolean  mc_cli_office        (McCli *cli, int argc, char **argv, GError **error);
gboolean  mc_cli_officer       (McCli *cli, int argc, char **argv, GError **error);

gboolean  mc_cli_parse_time    (const char *text, gint64 *out, GError **error);
char     *mc_cli_format_time   (gint64 unix_seconds);
gboolean  mc_cli_deadline      (McCli *cli, int argc, char **argv, GError **error);
gboolean  mc_cli_calendar      (McCli *cli, int argc, char **argv, GError **error);
gboolean  mc_cli_procedures    (McCli *cli, int argc, char **argv, GError **error);
gboolean  mc_cli_citizen       (McCli *cli, int argc, char **argv, GError **error);
gboolean  mc_cli_slip          (McCli *cli, int argc, char **argv, GError **error);
gboolean  mc_cli_tokens        (McCli *cli, int argc, char **argv, GError **error);
gboolean  mc_cli_sign          (McCli *cli, int argc, char **argv, GError **error);
gboolean  mc_cli_verify        (McCli *cli, int argc, char **argv, GError **error);

/* Shared by the signing commands. */
McTrustStore *mc_cli_load_trust     (char        **extra,
                                     GError      **error);
char         *mc_cli_format_vn_time (GDateTime    *time);
void          mc_cli_json_string    (JsonBuilder  *builder,
                                     const char   *key,
                                     const char   *value);
gboolean  mc_cli_result        (McCli *cli, int argc, char **argv, GError **error);
gboolean  mc_cli_report        (McCli *cli, int argc, char **argv, GError **error);
gboolean  mc_cli_sync          (McCli *cli, int argc, char **argv, GError **error);

/* A PIN from standard input (one line; no echo at a terminal). */
#define MC_CLI_PIN_MAX 256
gboolean  mc_cli_read_pin      (char pin[MC_CLI_PIN_MAX], GError **error);

G_END_DECLS
