/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The same as sane_keep_test_backend(), for a program a test runs (motcua-cli
 * scan) through LD_PRELOAD: the backend is kept loaded before main(). */
#include "config.h"

#include "sane-keep.h"

__attribute__ ((constructor)) static void
keep_backend (void)
{
  sane_keep_test_backend ();
}
