/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Starts the test PKI and its peers (tests/pki/make-pki.sh) for one test
 * program and tears them down, plus small helpers to run the independent
 * verifiers (openssl). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _McTestPki McTestPki;

McTestPki  *mc_test_pki_start   (void);
void        mc_test_pki_stop    (McTestPki   *pki);
const char *mc_test_pki_get     (McTestPki   *pki,
                                 const char  *key);
char       *mc_test_pki_path    (McTestPki   *pki,
                                 const char  *name);
char       *mc_test_run         (const char * const *argv,
                                 int         *exit_status,
                                 char       **out_stderr);
void        mc_test_write_file  (const char  *path,
                                 GBytes      *bytes);

G_END_DECLS
