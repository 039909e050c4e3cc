/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Running motcua-cli (or any tool) the way a user does and keeping what it
 * said, for the tests that judge the command line. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  int status;
  char *out;
  char *err;
} CliRun;

void  cli_run_clear  (CliRun              *run);
void  cli_run_argv   (CliRun              *run,
                      const char          *input,
                      const char * const  *argv);
void  cli_run        (CliRun              *run,
                      const char * const  *args);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliRun, cli_run_clear)

/* motcua-cli ARGS… */
#define CLI_RUN(run, ...) cli_run (run, (const char * const[]) { __VA_ARGS__, NULL })

G_END_DECLS
